//! The store boundary (ARCHITECTURE.md §2): SQL lives in `src/store/`, and `store/` imports
//! nothing from the modules above it (it takes and returns `model` types). Read from the
//! source, so a file that crosses the line fails here rather than in review.

use std::path::{Path, PathBuf};

/// What `store/` may import from this crate: the objects, the error type and itself.
const STORE_MAY_USE: &[&str] = &["model", "error", "store"];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let path = e.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// `src/`-relative paths with `/` separators, and their text.
fn sources() -> Vec<(String, String)> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(src())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

/// The first line of `text` that runs SQL or holds a statement, if any: a rusqlite call that
/// takes SQL, or a string starting with a statement keyword.
fn first_sql(text: &str) -> Option<(usize, String)> {
    const CALLS: &[&str] = &[
        ".prepare(",
        ".prepare_cached(",
        ".execute(",
        ".execute_batch(",
        ".query_row(",
        ".pragma_update(",
        ".pragma_query_value(",
    ];
    const STATEMENTS: &[&str] = &[
        "SELECT ", "INSERT ", "UPDATE ", "DELETE ", "CREATE ", "PRAGMA ", "WITH ",
    ];
    text.lines().enumerate().find_map(|(i, line)| {
        let code = line.split("//").next().unwrap_or("");
        let call = CALLS.iter().any(|c| code.contains(c));
        let statement = code.split('"').skip(1).step_by(2).any(|s| {
            let s = s.trim_start();
            STATEMENTS.iter().any(|k| s.starts_with(k))
        });
        (call || statement).then(|| (i + 1, line.trim().to_string()))
    })
}

#[test]
fn sql_lives_in_store_only() {
    let crossing: Vec<String> = sources()
        .into_iter()
        .filter(|(rel, _)| !rel.starts_with("store/"))
        .filter_map(|(rel, text)| {
            first_sql(&text).map(|(line, code)| format!("src/{rel}:{line}: {code}"))
        })
        .collect();
    assert!(
        crossing.is_empty(),
        "SQL outside src/store/ (put it in a store function taking &Connection and model types):\n{}",
        crossing.join("\n")
    );
}

#[test]
fn store_imports_nothing_above_it() {
    let mut reaching_up = Vec::new();
    for (rel, text) in sources() {
        if !rel.starts_with("store/") {
            continue;
        }
        for (i, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for (at, _) in code.match_indices("crate::") {
                let module: String = code[at + "crate::".len()..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                // `crate::{a, b}` is checked name by name.
                let names: Vec<String> = if module.is_empty() {
                    code[at..]
                        .split_once('{')
                        .and_then(|(_, rest)| rest.split_once('}'))
                        .map(|(list, _)| {
                            list.split(',')
                                .map(|n| n.trim().split("::").next().unwrap_or("").to_string())
                                .filter(|n| !n.is_empty())
                                .collect()
                        })
                        .unwrap_or_default()
                } else {
                    vec![module]
                };
                for name in names {
                    if !STORE_MAY_USE.contains(&name.as_str()) {
                        reaching_up.push(format!(
                            "src/{rel}:{}: crate::{name} ({})",
                            i + 1,
                            line.trim()
                        ));
                    }
                }
            }
        }
    }
    assert!(
        reaching_up.is_empty(),
        "src/store/ may use only crate::{{{}}}; move what it needs into model (or pass it in):\n{}",
        STORE_MAY_USE.join(", "),
        reaching_up.join("\n")
    );
}

/// The checks above would pass on anything if they could not see SQL or an import at all.
#[test]
fn the_checks_see_what_they_look_for() {
    assert!(first_sql(r#"conn.query_row("SELECT 1", [], |r| r.get(0))"#).is_some());
    assert!(first_sql(r#"let q = "  DELETE FROM notes WHERE id = ?1";"#).is_some());
    assert!(first_sql("// SELECT in a comment is not SQL").is_none());
    assert!(first_sql(r#"format!("{} selected", n)"#).is_none());
    let store_files = sources()
        .into_iter()
        .filter(|(r, _)| r.starts_with("store/"))
        .count();
    assert!(
        store_files > 5,
        "src/store/ not found under {}",
        src().display()
    );
}
