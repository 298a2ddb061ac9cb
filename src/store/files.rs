//! The files around the database: its real path (a symlink is resolved
//! once), what kind of file a path names, the sidecar names rolo uses
//! beside it, and modes and groups that follow the database's, so a file
//! a team shares stays usable by every member.

use std::fs::{self, File, Metadata};
use std::io;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Follow `path` while it is a symlink (relative targets are taken from
/// the link's directory), so every rewrite goes to the file itself and
/// everyone who reaches it through a link locks the same lock file. A
/// dangling link resolves to where it points; a loop stops after 40 hops.
pub fn resolve(path: &Path) -> PathBuf {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        let is_link = fs::symlink_metadata(&current).is_ok_and(|m| m.file_type().is_symlink());
        if !is_link {
            break;
        }
        let Ok(target) = fs::read_link(&current) else {
            break;
        };
        current = match current.parent() {
            Some(dir) if target.is_relative() => dir.join(target),
            _ => target,
        };
    }
    current
}

/// What a path names, symlinks followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Missing,
    File { len: u64 },
    Directory,
    Device,
    Fifo,
    Socket,
    Other,
}

impl Kind {
    pub fn of(path: &Path) -> io::Result<Kind> {
        match fs::metadata(path) {
            Ok(meta) => Ok(Kind::from_meta(&meta)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Kind::Missing),
            Err(e) => Err(e),
        }
    }

    pub fn from_meta(meta: &Metadata) -> Kind {
        let t = meta.file_type();
        if t.is_file() {
            Kind::File { len: meta.len() }
        } else if t.is_dir() {
            Kind::Directory
        } else if t.is_block_device() || t.is_char_device() {
            Kind::Device
        } else if t.is_fifo() {
            Kind::Fifo
        } else if t.is_socket() {
            Kind::Socket
        } else {
            Kind::Other
        }
    }

    /// "a directory", for messages; empty for a file or nothing.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Missing | Kind::File { .. } => "",
            Kind::Directory => "a directory",
            Kind::Device => "a device",
            Kind::Fifo => "a FIFO (named pipe)",
            Kind::Socket => "a socket",
            Kind::Other => "not a regular file",
        }
    }
}

/// The directory a database (or any file) is in: `.` for a bare name.
pub fn dir_of(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "rolo.redb".into())
}

/// The files rolo makes beside a database while it works, always under
/// the exclusive lock, so whoever holds that lock knows that any of them
/// it finds was left by a process that died.
#[derive(Debug, Clone)]
pub struct Sidecars {
    /// A new database being created (renamed into place once it has its tables).
    pub new: PathBuf,
    /// The replacement contents being written (erasure's copy, a restore's backup).
    pub swap_tmp: PathBuf,
    /// Complete replacement contents waiting to be copied over the database:
    /// its existence is the journal that says the copy must be finished.
    pub swap: PathBuf,
    /// A restore's copy of the database it replaces, before it gets its name.
    pub replaced_tmp: PathBuf,
}

impl Sidecars {
    pub fn of(db: &Path) -> Sidecars {
        let dir = dir_of(db);
        let name = name_of(db);
        let at = |suffix: &str| dir.join(format!(".{name}.{suffix}"));
        Sidecars {
            new: at("new"),
            swap_tmp: at("swap-tmp"),
            swap: at("swap"),
            replaced_tmp: at("replaced-tmp"),
        }
    }

    /// The ones that are only litter (never a journal), to remove.
    pub fn litter(&self) -> [&Path; 3] {
        [&self.new, &self.swap_tmp, &self.replaced_tmp]
    }
}

/// `.rolo.redb.search`: the search index snapshot beside a database, a
/// cache any process rebuilds from the database when it is missing, stale
/// or damaged (see `Store::search_snapshot`). Removed whenever the file is
/// swapped (erasure, restore), so no erased name outlives its erasure in it.
pub fn search_snapshot(db: &Path) -> PathBuf {
    dir_of(db).join(format!(".{}.search", name_of(db)))
}

/// Where one process writes a new search snapshot before renaming it into place.
pub fn search_snapshot_tmp(db: &Path) -> PathBuf {
    dir_of(db).join(format!(
        ".{}.search.{}.tmp",
        name_of(db),
        std::process::id()
    ))
}

/// Remove the search snapshot and any a killed process was writing.
pub fn remove_search_snapshots(db: &Path) -> io::Result<()> {
    remove_if_present(&search_snapshot(db))?;
    let prefix = format!(".{}.search.", name_of(db));
    for entry in fs::read_dir(dir_of(db))?.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(&prefix) && name.ends_with(".tmp") {
            remove_if_present(&entry.path())?;
        }
    }
    Ok(())
}

/// `rolo.redb.replaced-20261122-090000`: the files a restore keeps.
pub fn is_replaced_name(db: &Path, candidate: &str) -> bool {
    candidate
        .strip_prefix(&name_of(db))
        .is_some_and(|rest| rest.starts_with(".replaced-"))
}

/// Remove `path` if it exists.
pub fn remove_if_present(path: &Path) -> io::Result<bool> {
    match fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

pub fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Whether this process runs as root (who may give a file any owner).
pub fn is_root() -> bool {
    // SAFETY: geteuid cannot fail and touches no memory.
    unsafe { libc::geteuid() == 0 }
}

/// The access a file holding data gets when it follows `model` (the
/// database): the model's read/write bits for owner and group, never for
/// others, and only if the group is the model's.
pub fn data_mode(model: &Metadata, group_matches: bool) -> u32 {
    let mode = model.permissions().mode() & 0o660;
    if group_matches { mode } else { mode & 0o600 }
}

/// Give `file` the database's group (and, as root, its owner) and the
/// database's read/write bits (see [`data_mode`]), so a teammate who can
/// use the database can use this file too. A group this process may not
/// give (it is not a member) leaves the file private instead of shared
/// with the wrong group.
pub fn follow(file: &File, model: &Metadata) -> io::Result<()> {
    let own = file.metadata()?;
    let uid = if is_root() && own.uid() != model.uid() {
        model.uid()
    } else {
        u32::MAX // -1: leave the owner
    };
    let mut group_matches = own.gid() == model.gid();
    if !group_matches || uid != u32::MAX {
        group_matches = fchown(file, uid, model.gid()).is_ok();
    }
    let mode = data_mode(model, group_matches);
    if own.permissions().mode() & 0o7777 != mode {
        file.set_permissions(fs::Permissions::from_mode(mode))?;
    }
    Ok(())
}

/// Whether a directory is a team's: its group may create files in it
/// (the usual setup is 2770 with the team's group), and not everyone may
/// (`/tmp` is nobody's team).
pub fn team_dir(dir: &Metadata) -> bool {
    let mode = dir.permissions().mode();
    mode & 0o020 != 0 && mode & 0o002 == 0
}

/// The lock file's owner-group-mode: the database's group and read/write
/// bits (0600 before the database exists), plus group read/write in a
/// team's directory, since the lock holds no data and every member who
/// may use the database must be able to lock it — also before the first
/// member has made the database group-readable.
pub fn lock_wants(db: Option<&Metadata>, dir: &Metadata) -> (u32, u32) {
    let mut mode = db.map_or(0o600, |m| data_mode(m, true));
    if team_dir(dir) {
        mode |= 0o060;
    }
    (db.map_or(dir.gid(), |m| m.gid()), mode)
}

/// Give the lock file what [`lock_wants`] says (best effort for the group,
/// as in [`follow`]).
pub fn follow_lock(file: &File, db: Option<&Metadata>, dir: &Metadata) -> io::Result<()> {
    let (gid, mut mode) = lock_wants(db, dir);
    let own = file.metadata()?;
    if own.gid() != gid && fchown(file, u32::MAX, gid).is_err() {
        mode &= 0o600;
    }
    if is_root() {
        let uid = db.map_or(dir.uid(), |m| m.uid());
        if own.uid() != uid {
            fchown(file, uid, u32::MAX)?;
        }
    }
    if own.permissions().mode() & 0o7777 != mode {
        file.set_permissions(fs::Permissions::from_mode(mode))?;
    }
    Ok(())
}

/// A directory rolo makes for files that follow the database (its
/// backups): shared with the group (2770, setgid so files made in it keep
/// the group) when the database grants its group write access or sits in
/// a team's directory, else 0700; the database's group either way.
pub fn dir_mode(db: &Metadata, parent: &Metadata) -> u32 {
    if db.permissions().mode() & 0o020 != 0 || team_dir(parent) {
        0o2770
    } else {
        0o700
    }
}

/// Make `dir` (already created) what [`dir_mode`] says; best effort for
/// the group, as in [`follow`]. As root, the database's owner owns it.
pub fn follow_dir(dir: &Path, db: &Metadata) -> io::Result<()> {
    let parent = fs::metadata(dir_of(dir))?;
    let file = File::open(dir)?;
    let own = file.metadata()?;
    let mut mode = dir_mode(db, &parent);
    if own.gid() != db.gid() && fchown(&file, u32::MAX, db.gid()).is_err() {
        mode = 0o700;
    }
    if is_root() && own.uid() != db.uid() {
        fchown(&file, db.uid(), u32::MAX)?;
    }
    if own.permissions().mode() & 0o7777 != mode {
        file.set_permissions(fs::Permissions::from_mode(mode))?;
    }
    Ok(())
}

fn fchown(file: &File, uid: u32, gid: u32) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    // SAFETY: the descriptor is open for the duration of the call.
    let rc = unsafe { libc::fchown(file.as_raw_fd(), uid, gid) };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Whether two metadata name the same file (device and inode).
pub fn same_file(a: &Metadata, b: &Metadata) -> bool {
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symlinks_resolve_to_their_target_even_when_it_does_not_exist() {
        let dir = tempfile::tempdir().expect("tempdir");
        let real = dir.path().join("real.redb");
        let link = dir.path().join("link.redb");
        let chain = dir.path().join("chain.redb");
        std::os::unix::fs::symlink("real.redb", &link).expect("link");
        std::os::unix::fs::symlink(&link, &chain).expect("chain");
        assert_eq!(resolve(&link), real);
        assert_eq!(resolve(&chain), real);
        assert_eq!(resolve(&real), real);
        let looped = dir.path().join("loop");
        std::os::unix::fs::symlink("loop", &looped).expect("loop");
        assert_eq!(resolve(&looped), looped);
    }

    #[test]
    fn sidecars_sit_beside_the_database_and_are_hidden() {
        let s = Sidecars::of(Path::new("/data/team/rolo.redb"));
        assert_eq!(s.swap, Path::new("/data/team/.rolo.redb.swap"));
        assert_eq!(s.new, Path::new("/data/team/.rolo.redb.new"));
        let bare = Sidecars::of(Path::new("x.redb"));
        assert_eq!(bare.swap_tmp, Path::new("./.x.redb.swap-tmp"));
    }

    #[test]
    fn replaced_names_belong_to_their_database() {
        let db = Path::new("/d/rolo.redb");
        assert!(is_replaced_name(db, "rolo.redb.replaced-20261122-090000"));
        assert!(is_replaced_name(db, "rolo.redb.replaced-20261122-090000-2"));
        assert!(!is_replaced_name(db, "other.redb.replaced-20261122-090000"));
        assert!(!is_replaced_name(db, "rolo.redb"));
    }

    #[test]
    fn data_follows_the_databases_rw_bits_but_never_others() {
        let dir = tempfile::tempdir().expect("tempdir");
        let f = dir.path().join("f");
        std::fs::write(&f, "").expect("write");
        for (mode, same_group, want) in [
            (0o660, true, 0o660),
            (0o664, true, 0o660),
            (0o640, true, 0o640),
            (0o600, true, 0o600),
            (0o660, false, 0o600),
            (0o2775, true, 0o660),
        ] {
            std::fs::set_permissions(&f, fs::Permissions::from_mode(mode)).expect("chmod");
            let meta = fs::metadata(&f).expect("meta");
            assert_eq!(data_mode(&meta, same_group), want, "{mode:o}");
        }
    }
}
