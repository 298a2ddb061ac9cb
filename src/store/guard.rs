//! The one guard every path a user names for rolo to write goes through
//! (`export --out`, `backup --to`, import's rejected-row file): it must
//! not be the database, its lock, its backups, the files a restore kept,
//! another rolo database, nor a directory, device, FIFO or socket where a
//! file is wanted. Refusals are bad input (exit 2) and nothing is written.

use super::Store;
use super::error::{Result, StoreError};
use super::files::{self, Kind, Sidecars};
use super::lock::lock_path;
use std::fs;
use std::path::{Path, PathBuf};

/// What the output path should be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// A file rolo creates or replaces.
    File,
    /// A directory rolo writes new files into (created if missing).
    Dir,
}

impl Store {
    /// Refuse `path` as an output if writing there could destroy what
    /// must not be; see the module docs.
    pub fn check_output(&self, path: &Path, want: Output) -> Result<()> {
        let refuse = |why: String| {
            Err(StoreError::Refused {
                path: path.to_path_buf(),
                why,
            })
        };
        // A path that cannot be looked at (a file where a directory should
        // be, no permission) cannot name anything to protect either; the
        // write then fails with its own error.
        let Ok(kind) = Kind::of(path) else {
            return Ok(());
        };
        match (want, kind) {
            (_, Kind::Missing) => {}
            (Output::File, Kind::File { .. }) | (Output::Dir, Kind::Directory) => {}
            (Output::File, Kind::Directory) => {
                return refuse("it is a directory; name a file".into());
            }
            (Output::Dir, Kind::File { .. }) => {
                return refuse("it is a file, not a directory".into());
            }
            (Output::File, other) => {
                return refuse(format!("it is {}, not a file rolo may write", other.noun()));
            }
            (Output::Dir, other) => {
                return refuse(format!("it is {}, not a directory", other.noun()));
            }
        }
        if want == Output::Dir {
            return Ok(());
        }
        if let Some(why) = self.protected(path, kind) {
            return refuse(why);
        }
        Ok(())
    }

    /// Whether `path` is this database's file, however named: a symlink
    /// or a hard link to it too (compared by device and inode).
    pub fn is_the_database(&self, path: &Path) -> bool {
        match (fs::metadata(path), fs::metadata(&self.path)) {
            (Ok(a), Ok(b)) => files::same_file(&a, &b),
            _ => false,
        }
    }

    /// Why writing the file `path` would hit something of the database's.
    fn protected(&self, path: &Path, kind: Kind) -> Option<String> {
        let db = &self.path;
        let backups = self.default_backup_dir();
        let shown = |p: &Path| p.display().to_string();
        if let Kind::File { .. } = kind
            && let Ok(meta) = fs::metadata(path)
        {
            let same =
                |other: &Path| fs::metadata(other).is_ok_and(|m| files::same_file(&m, &meta));
            if same(db) {
                return Some(format!("it is the database \"{}\" itself", shown(db)));
            }
            if same(&lock_path(db)) {
                return Some(format!(
                    "it is the lock file of the database \"{}\"",
                    shown(db)
                ));
            }
            if let Some(hit) = entries(&backups).into_iter().find(|p| same(p)) {
                return Some(format!("it is the backup \"{}\"", shown(&hit)));
            }
            let replaced = entries(files::dir_of(db)).into_iter().find(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| files::is_replaced_name(db, n))
                    && same(p)
            });
            if let Some(hit) = replaced {
                return Some(format!(
                    "it is \"{}\", the database a restore replaced (kept in case it is needed)",
                    shown(&hit)
                ));
            }
            if super::open::check_magic(path).is_ok() {
                return Some("it is a rolo database; name a new file".into());
            }
        }
        // Where the file would be, for a path that does not exist yet (or
        // a link that dangles into the database's directory).
        let target = files::resolve(path);
        let (Some(name), Ok(dir)) = (
            target.file_name().and_then(|n| n.to_str()),
            files::dir_of(&target).canonicalize(),
        ) else {
            return None;
        };
        if backups.canonicalize().is_ok_and(|b| b == dir) {
            return Some(format!(
                "it is in the backup directory \"{}\", which rolo manages",
                shown(&backups)
            ));
        }
        if files::dir_of(db).canonicalize().is_ok_and(|d| d == dir) {
            let side = Sidecars::of(db);
            let ours = [
                db.clone(),
                lock_path(db),
                side.new,
                side.swap,
                side.swap_tmp,
                side.replaced_tmp,
            ];
            if ours
                .iter()
                .any(|p| p.file_name().and_then(|n| n.to_str()) == Some(name))
            {
                return Some(format!(
                    "that name belongs to the database \"{}\" (itself, its lock or its work files)",
                    shown(db)
                ));
            }
            if files::is_replaced_name(db, name) {
                return Some(
                    "that name is the one a restore gives the database it replaces".into(),
                );
            }
        }
        None
    }
}

fn entries(dir: &Path) -> Vec<PathBuf> {
    fs::read_dir(dir)
        .map(|it| it.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default()
}
