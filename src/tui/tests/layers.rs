//! The app's place among the layers (DESIGN §2): `tui/` speaks to the
//! store, the executor and the pure modules, never to the command line.
//! What both need lives below them (the daily backup's trigger is in
//! `crate::daily_backup`, the review in `crate::review`).

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_app_does_not_depend_on_the_command_line() {
    let tui = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/tui");
    let mut files = Vec::new();
    rust_files(&tui, &mut files);
    assert!(files.len() > 20, "found the app's sources: {files:?}");
    // This file names what it looks for; everything else must not.
    let me = Path::new(file!()).file_name();
    let offenders: Vec<String> = files
        .iter()
        .filter(|f| f.file_name() != me)
        .flat_map(|file| {
            let text = std::fs::read_to_string(file).unwrap_or_default();
            text.lines()
                .enumerate()
                .filter(|(_, line)| line.contains("crate::cli") || line.contains("rolo::cli"))
                .map(|(n, line)| format!("{}:{}: {}", file.display(), n + 1, line.trim()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        offenders.is_empty(),
        "tui/ uses cli/:\n{}",
        offenders.join("\n")
    );
}
