fn main() {
    // The configuration is the repository root's tauri.conf.json, read through the symlink
    // src-tauri/tauri.conf.json so that this build, `generate_context!` and the tauri CLI (which
    // only looks for it beside the app's Cargo.toml) all resolve its relative paths from here.
    // The app's own commands are declared so capabilities can grant them by name.
    let attributes =
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(&[
            "api",
            "api_local",
            "import_paths",
            "cancel_job",
            "pick_files",
            "pick_save_path",
            "pick_folder",
            "switch_workspace",
            "workshop_host",
            "first_paint",
        ]));
    if let Err(e) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {e:#}");
    }
}
