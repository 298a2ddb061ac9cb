//! Files the app keeps beside the database's data: the form draft, and the
//! external editor round trip. Private (0600 in a 0700 directory).

use super::form::Draft;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::Path;

pub fn load(path: &Path) -> Option<Draft> {
    let text = std::fs::read_to_string(path).ok()?;
    serde_json::from_str(&text).ok()
}

/// Write atomically (temp file + rename), so a crash mid-write keeps the old draft.
pub fn save(path: &Path, draft: &Draft) {
    let Ok(json) = serde_json::to_string(draft) else {
        return;
    };
    let _ = write_private(path, json.as_bytes());
}

pub fn discard(path: &Path) {
    let _ = std::fs::remove_file(path);
}

/// Write atomically (temp file + fsync + rename) as 0600 in a 0700 directory.
pub(super) fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
    }
    let tmp = path.with_extension("tmp");
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&tmp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(&tmp, path)
}

/// Edit `text` in `$VISUAL`, else `$EDITOR`, else `vi`; the edited text, or why not.
pub fn edit_in_editor(text: &str) -> Result<String, String> {
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|e| !e.trim().is_empty()))
        .unwrap_or_else(|| "vi".to_string());
    let dir = tempfile::Builder::new()
        .prefix("rolo-notes")
        .tempdir()
        .map_err(|e| format!("cannot make a temp file for the editor: {e}"))?;
    let path = dir.path().join("notes.md");
    write_private(&path, text.as_bytes())
        .map_err(|e| format!("cannot write the notes for the editor: {e}"))?;
    // The editor setting may carry arguments (`code --wait`).
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or("vi");
    let status = std::process::Command::new(program)
        .args(words)
        .arg(&path)
        .status()
        .map_err(|e| format!("cannot run the editor \"{editor}\": {e} (set $VISUAL or $EDITOR)"))?;
    if !status.success() {
        return Err(format!(
            "the editor \"{editor}\" exited with {status}; notes unchanged"
        ));
    }
    std::fs::read_to_string(&path).map_err(|e| format!("cannot read back the notes: {e}"))
}
