//! The demo project through the API, as the UI's "Remove the demo" action uses it.

use groundwork_api::{Request, handle, parse};
use groundwork_core::Workspace;
use serde_json::json;

#[test]
fn the_demo_can_be_asked_about_and_removed_over_the_api() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::init(&dir.path().join("ws")).unwrap();
    assert_eq!(handle(&ws, Request::HasDemo {}).unwrap(), json!(false));

    groundwork_core::demo::seed_demo(&ws).unwrap();
    assert_eq!(
        handle(&ws, parse(br#"{"cmd":"has_demo"}"#).unwrap()).unwrap(),
        json!(true)
    );
    let interviews = ws.interviews().unwrap().len();
    assert!(interviews >= 6);

    let removed = handle(&ws, parse(br#"{"cmd":"remove_demo"}"#).unwrap()).unwrap();
    assert!(
        removed.as_u64().unwrap() as usize > interviews,
        "removed {removed}"
    );
    assert_eq!(handle(&ws, Request::HasDemo {}).unwrap(), json!(false));
    assert!(ws.interviews().unwrap().is_empty());
    // Removing again is harmless and says nothing was removed.
    assert_eq!(handle(&ws, Request::RemoveDemo {}).unwrap(), json!(0));
}
