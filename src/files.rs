//! Reading the files a user names (an import file) or keeps (config.toml,
//! keymap.toml, theme.toml): regular files only, with a size limit where
//! one makes sense.
//!
//! A FIFO would block the open until some writer came along, `/dev/zero`
//! or `/dev/urandom` never end, a directory or a socket is not text at all:
//! each is refused with what it is, before a byte is read. The path is
//! checked before it is opened (so a device is never opened), then the
//! open file again (so a path swapped in between is caught); the open
//! itself does not block on a FIFO.

use std::fs::FileType;
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

/// The most rolo reads from a configuration file (config.toml, a keymap, a
/// theme): the built-in presets are a few kilobytes.
pub const CONFIG_LIMIT: u64 = 1 << 20;

#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// A directory, FIFO, socket or device: the user named the wrong thing.
    #[error("it is {0}, not a regular file")]
    NotRegular(&'static str),
    /// Bigger than the limit for its kind of file.
    #[error(
        "it is {} bytes; rolo reads at most {} bytes from this kind of file",
        grouped(*.size),
        grouped(*.limit)
    )]
    TooBig { size: u64, limit: u64 },
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

impl FileError {
    /// The file does not exist (a missing config file means defaults).
    pub fn is_not_found(&self) -> bool {
        matches!(self, FileError::Io(e) if e.kind() == std::io::ErrorKind::NotFound)
    }
}

// The user named something that is not a readable file of this kind
// (exit 2), rather than the system failing to read it (exit 1).
impl crate::fault::Blamed for FileError {
    fn blame(&self) -> crate::fault::Blame {
        use crate::fault::Blame;
        match self {
            FileError::NotRegular(_) | FileError::TooBig { .. } => Blame::Input,
            FileError::Io(e) => match e.kind() {
                std::io::ErrorKind::NotFound | std::io::ErrorKind::PermissionDenied => Blame::Input,
                _ => Blame::Failure,
            },
        }
    }
}

/// A file the user named that could not be read, naming it.
#[derive(Debug, thiserror::Error)]
#[error("cannot read \"{}\": {source}", path.display())]
pub struct Unreadable {
    pub path: std::path::PathBuf,
    pub source: FileError,
}

impl crate::fault::Blamed for Unreadable {
    fn blame(&self) -> crate::fault::Blame {
        crate::fault::Blamed::blame(&self.source)
    }
}

use crate::text::grouped;

/// What a file that is not a regular file is, as a message says it.
fn kind_of(t: FileType) -> Option<&'static str> {
    if t.is_file() {
        None
    } else if t.is_dir() {
        Some("a directory")
    } else if t.is_fifo() {
        Some("a FIFO (named pipe)")
    } else if t.is_socket() {
        Some("a socket")
    } else if t.is_char_device() {
        Some("a character device")
    } else if t.is_block_device() {
        Some("a block device")
    } else {
        Some("not a file")
    }
}

/// The whole of the regular file at `path` (symlinks followed), refusing
/// anything else and, with `limit`, a file bigger than `limit` bytes.
pub fn read(path: &Path, limit: Option<u64>) -> Result<Vec<u8>, FileError> {
    if let Some(kind) = kind_of(std::fs::metadata(path)?.file_type()) {
        return Err(FileError::NotRegular(kind));
    }
    // O_NONBLOCK: a FIFO swapped in after the check above must not block
    // the open; O_NOCTTY: a terminal device never becomes ours.
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)?;
    let meta = file.metadata()?;
    if let Some(kind) = kind_of(meta.file_type()) {
        return Err(FileError::NotRegular(kind));
    }
    let size = meta.len();
    if let Some(limit) = limit
        && size > limit
    {
        return Err(FileError::TooBig { size, limit });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    // A file that grows while it is read stops at the limit.
    let cap = limit.map_or(u64::MAX, |l| l.saturating_add(1));
    file.take(cap).read_to_end(&mut bytes)?;
    if let Some(limit) = limit
        && bytes.len() as u64 > limit
    {
        return Err(FileError::TooBig {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// [`read`] as UTF-8 text (configuration files); invalid UTF-8 is an
/// `InvalidData` I/O error, as `std::fs::read_to_string` gives.
pub fn read_text(path: &Path, limit: Option<u64>) -> Result<String, FileError> {
    let bytes = read(path, limit)?;
    String::from_utf8(bytes).map_err(|_| {
        FileError::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        ))
    })
}

/// Make a FIFO at `path`, for tests.
#[cfg(test)]
pub(crate) fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).expect("no NUL");
    // SAFETY: `c` is a valid NUL-terminated path for the call's duration.
    let rc = unsafe { libc::mkfifo(c.as_ptr(), 0o600) };
    assert_eq!(rc, 0, "mkfifo: {}", std::io::Error::last_os_error());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn fifos_devices_directories_and_sockets_are_refused_at_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("pipe.csv");
        mkfifo(&fifo);
        let sock = dir.path().join("sock");
        let _listener = std::os::unix::net::UnixListener::bind(&sock).expect("bind");
        let link = dir.path().join("zero.csv");
        std::os::unix::fs::symlink("/dev/zero", &link).expect("symlink");
        let start = Instant::now();
        for (path, kind) in [
            (fifo.as_path(), "a FIFO (named pipe)"),
            (Path::new("/dev/zero"), "a character device"),
            (link.as_path(), "a character device"),
            (dir.path(), "a directory"),
            (sock.as_path(), "a socket"),
        ] {
            let err = read(path, None).expect_err("refused");
            assert!(
                matches!(err, FileError::NotRegular(k) if k == kind),
                "{}: {err}",
                path.display()
            );
            assert_eq!(
                crate::fault::Blamed::blame(&err),
                crate::fault::Blame::Input
            );
            assert_eq!(err.to_string(), format!("it is {kind}, not a regular file"));
        }
        assert!(start.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn regular_files_are_read_whole_within_the_limit() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "a = 1\n").expect("write");
        assert_eq!(read_text(&path, Some(6)).expect("reads"), "a = 1\n");
        let err = read(&path, Some(5)).expect_err("too big");
        assert!(
            matches!(err, FileError::TooBig { size: 6, limit: 5 }),
            "{err}"
        );
        let missing = read(&dir.path().join("nope"), None).expect_err("missing");
        assert!(missing.is_not_found());
        std::fs::write(&path, b"\xff\xfe").expect("write");
        assert!(read_text(&path, None).is_err());
    }
}
