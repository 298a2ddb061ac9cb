//! Files the app keeps beside the database's data: the form draft, and the
//! external editor round trip. Private (0600 in a 0700 directory).

use super::form::{DatabaseIdentity, Draft};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Drafts are kept one file per database, under the state directory:
/// `drafts/<key>.json`, the key naming the database's canonical path and
/// id. A draft is offered only to the database it names; the others stay
/// on disk untouched. (A `draft.json` from before drafts named their
/// database is never offered: nothing says where it belongs.)
pub fn path(state_dir: &Path, database: &DatabaseIdentity) -> PathBuf {
    state_dir
        .join("drafts")
        .join(format!("{:016x}.json", key(database)))
}

/// FNV-1a over the path and id: stable across builds and platforms (the
/// std hasher is not), so a draft is found by the next rolo too.
fn key(database: &DatabaseIdentity) -> u64 {
    let id = database.id.map_or("none".to_string(), |id| id.to_string());
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in database.path.bytes().chain([0]).chain(id.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// The path a database is known by: symlinks and `..` resolved, so two
/// spellings of one file are one database. A file not there yet: its
/// directory resolved, else the path made absolute as it stands.
pub fn canonical(path: &Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(path) {
        return real;
    }
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
    if let (Some(dir), Some(name)) = (parent, path.file_name())
        && let Ok(dir) = std::fs::canonicalize(dir)
    {
        return dir.join(name);
    }
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// This database's draft, if one was left and it really names this database.
pub fn load(state_dir: &Path, database: &DatabaseIdentity) -> Option<Draft> {
    // Only a regular file of a sane size: a FIFO here must not hang start-up.
    let text =
        crate::files::read_text(&path(state_dir, database), Some(crate::files::CONFIG_LIMIT))
            .ok()?;
    let draft: Draft = serde_json::from_str(&text).ok()?;
    (draft.database == *database).then_some(draft)
}

/// Write atomically (temp file + rename), so a crash mid-write keeps the old draft.
pub fn save(state_dir: &Path, draft: &Draft) {
    let Ok(json) = serde_json::to_string(draft) else {
        return;
    };
    let _ = write_private(&path(state_dir, &draft.database), json.as_bytes());
}

pub fn discard(state_dir: &Path, database: &DatabaseIdentity) {
    let _ = std::fs::remove_file(path(state_dir, database));
}

/// Write atomically (temp file + fsync + rename) as 0600 in a 0700
/// directory, whatever the umask: the modes are set, not requested.
pub(super) fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent()
        && !dir.exists()
    {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    let tmp = path.with_extension("tmp");
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&tmp)?;
    file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(&tmp, path)
}

/// A private directory (0700 whatever the umask) holding `notes.md`
/// (0600) with `text`, for the editor; removed when dropped.
fn editor_file(text: &str) -> std::io::Result<(tempfile::TempDir, PathBuf)> {
    let dir = tempfile::Builder::new().prefix("rolo-notes").tempdir()?;
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700))?;
    let path = dir.path().join("notes.md");
    write_private(&path, text.as_bytes())?;
    Ok((dir, path))
}

/// Edit `text` in `$VISUAL`, else `$EDITOR`, else `vi`; the edited text, or why not.
pub fn edit_in_editor(text: &str) -> Result<String, String> {
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|e| !e.trim().is_empty()))
        .unwrap_or_else(|| "vi".to_string());
    let (_dir, path) =
        editor_file(text).map_err(|e| format!("cannot make a file for the editor: {e}"))?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::form::Form;

    fn database(path: &str, id: Option<u64>) -> DatabaseIdentity {
        DatabaseIdentity {
            path: path.into(),
            id,
        }
    }

    /// Issue 11: a draft typed against one database was restored and
    /// saved into another. Each is found only by the database it names.
    #[test]
    fn a_draft_is_found_only_by_its_own_database_and_others_are_left_alone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let state = dir.path();
        let a = database("/work/a.redb", Some(1));
        let form = Form::new_customer();
        save(state, &form.draft(&a));
        let file = path(state, &a);
        let bytes = std::fs::read(&file).expect("saved");
        for other in [
            database("/work/b.redb", Some(1)),
            database("/work/a.redb", Some(2)),
            database("/work/a.redb", None),
        ] {
            assert_eq!(load(state, &other), None, "{other:?}");
            discard(state, &other);
        }
        assert_eq!(std::fs::read(&file).expect("kept"), bytes, "untouched");
        assert_eq!(load(state, &a).map(|d| d.database), Some(a.clone()));
        discard(state, &a);
        assert!(!file.exists());
    }

    /// A FIFO where the draft (or the palette history) lives would have
    /// blocked start-up forever on the read.
    #[test]
    fn a_fifo_in_place_of_the_draft_or_history_is_passed_over_at_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = database("/work/a.redb", Some(1));
        let draft = path(dir.path(), &a);
        std::fs::create_dir_all(draft.parent().expect("parent")).expect("dir");
        crate::files::mkfifo(&draft);
        let history = dir.path().join("history");
        crate::files::mkfifo(&history);
        let start = std::time::Instant::now();
        assert_eq!(load(dir.path(), &a), None);
        assert!(crate::tui::load_history(&history).is_empty());
        assert!(start.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn a_draft_file_naming_another_database_is_not_offered() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = database("/work/a.redb", Some(1));
        let b = database("/work/b.redb", Some(9));
        // B's draft copied to where A's would be (or a key collision).
        let json = serde_json::to_string(&Form::new_customer().draft(&b)).expect("json");
        write_private(&path(dir.path(), &a), json.as_bytes()).expect("written");
        assert_eq!(load(dir.path(), &a), None);
    }

    #[test]
    fn draft_keys_are_stable_and_tell_databases_apart() {
        let a = database("/work/a.redb", Some(1));
        // Pinned: a draft written by this build is found by the next.
        assert_eq!(key(&a), 0x58f7_0cb4_8e75_c943);
        assert_ne!(key(&a), key(&database("/work/a.redb", None)));
        assert_ne!(key(&a), key(&database("/work/a.redb1", None)));
        assert_eq!(
            path(Path::new("/s"), &database("", None)),
            PathBuf::from(format!("/s/drafts/{:016x}.json", key(&database("", None))))
        );
    }

    #[test]
    fn two_spellings_of_one_file_are_one_database() {
        let dir = tempfile::tempdir().expect("tempdir");
        let real = dir.path().join("real");
        std::fs::create_dir(&real).expect("dir");
        std::fs::write(real.join("rolo.redb"), b"x").expect("file");
        std::os::unix::fs::symlink(&real, dir.path().join("link")).expect("symlink");
        let direct = canonical(&real.join("rolo.redb"));
        assert_eq!(canonical(&dir.path().join("link/rolo.redb")), direct);
        assert_eq!(
            canonical(&dir.path().join("link/../real/rolo.redb")),
            direct
        );
        // Not there yet: its directory is resolved.
        assert_eq!(
            canonical(&dir.path().join("link/new.redb")),
            canonical(&real).join("new.redb")
        );
    }

    /// Run `child`, an ignored test of this module, alone in a new process
    /// of this test binary under `umask`: a umask is the whole process's,
    /// so setting it here would reach every test running beside this one.
    fn in_child_under_umask(child: &str, umask: &str) {
        let exe = std::env::current_exe().expect("the test binary");
        let out = std::process::Command::new(exe)
            .args([
                "--exact",
                &format!("tui::drafts::tests::{child}"),
                "--ignored",
                "--test-threads=1",
            ])
            .env("ROLO_TEST_UMASK", umask)
            .output()
            .expect("the test binary runs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && stdout.contains("1 passed"),
            "umask {umask}:\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Issue 11: the `$EDITOR` directory took its mode from the umask
    /// (0000 under umask 0777, and a notes file of 0000 in it).
    #[test]
    fn the_editor_gets_a_0700_directory_and_a_0600_file_under_any_umask() {
        for umask in ["0777", "0077", "0022", "0000"] {
            in_child_under_umask("editor_files_under_the_umask_given", umask);
        }
    }

    #[test]
    #[ignore = "run in a process of its own by the_editor_gets_a_0700_directory_and_a_0600_file_under_any_umask"]
    fn editor_files_under_the_umask_given() {
        let Some(mask) = std::env::var("ROLO_TEST_UMASK")
            .ok()
            .and_then(|m| u32::from_str_radix(&m, 8).ok())
        else {
            return;
        };
        // The editor records the modes it finds, then edits the notes.
        let scratch = tempfile::tempdir().expect("tempdir");
        let modes = scratch.path().join("modes");
        let script = scratch.path().join("editor.sh");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\nstat -c %a \"$(dirname \"$1\")\" \"$1\" > '{}'\nprintf 'edited\\n' >> \"$1\"\n",
                modes.display()
            ),
        )
        .expect("script");
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        // SAFETY: this process runs this one test on one thread; the
        // variables and the umask are set before anything reads them.
        unsafe {
            std::env::set_var("VISUAL", &script);
            libc::umask(mask as libc::mode_t);
        }
        let edited = edit_in_editor("notes\n");
        // The editor's own file took the umask: make it readable first.
        std::fs::set_permissions(&modes, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        let found = std::fs::read_to_string(&modes).expect("the editor ran");
        assert_eq!(found, "700\n600\n", "directory and file modes");
        assert_eq!(edited.as_deref(), Ok("notes\nedited\n"));
    }
}
