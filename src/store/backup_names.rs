//! What is in a backup directory, by file name: the backups (automatic
//! ones are `rolo-auto-…`, so rotation never touches a backup the user
//! made), whether today has one, which ones rotation removes, and the temp
//! files of backups whose process died.

use chrono::{NaiveDate, NaiveDateTime};
use std::fs;
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The prefix of the temp file a backup is written to before its rename.
const TEMP_PREFIX: &str = ".rolo-backup.tmp-";

/// One backup found in a directory.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Found {
    pub at: NaiveDateTime,
    pub seq: u32,
    /// Taken by the daily automatic backup (`rolo-auto-…`); only these rotate.
    pub auto: bool,
    pub path: PathBuf,
}

/// `rolo-20261122-090000.redb` (one the user asked for) or
/// `rolo-auto-20261122-090000.redb` (the daily one); `-2`, `-3` … for more
/// in the same second.
pub fn name(stamp: NaiveDateTime, seq: u32, auto: bool) -> String {
    let stamp = stamp.format("%Y%m%d-%H%M%S");
    let kind = if auto { "auto-" } else { "" };
    if seq <= 1 {
        format!("rolo-{kind}{stamp}.redb")
    } else {
        format!("rolo-{kind}{stamp}-{seq}.redb")
    }
}

/// The time, sequence number and kind in a backup's name; `None` for any
/// other file. Names from before automatic ones had their prefix read as
/// the user's, so rotation leaves them alone.
pub fn parse(name: &str) -> Option<(NaiveDateTime, u32, bool)> {
    let rest = name.strip_prefix("rolo-")?.strip_suffix(".redb")?;
    let (rest, auto) = match rest.strip_prefix("auto-") {
        Some(rest) => (rest, true),
        None => (rest, false),
    };
    let stamp = rest.get(..15)?;
    let at = NaiveDateTime::parse_from_str(stamp, "%Y%m%d-%H%M%S").ok()?;
    let seq = match rest.get(15..)? {
        "" => 1,
        more => more.strip_prefix('-')?.parse().ok()?,
    };
    Some((at, seq, auto))
}

/// The backups in `dir`, oldest first; none if `dir` does not exist.
pub fn list(dir: &Path) -> io::Result<Vec<Found>> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry?;
        if let Some((at, seq, auto)) = entry.file_name().to_str().and_then(parse) {
            found.push(Found {
                at,
                seq,
                auto,
                path: entry.path(),
            });
        }
    }
    found.sort();
    Ok(found)
}

/// Whether the daily backup is due: no backup (of any kind) is named for
/// `today`. One named for a later day (a clock that was ahead, a pinned
/// `ROLO_NOW`) does not count, so it never stops the daily backups.
pub fn due(found: &[Found], today: NaiveDate) -> bool {
    !found.iter().any(|f| f.at.date() == today)
}

/// The automatic backups rotation removes to keep the newest `keep` (at
/// least one) of those named up to `today`. The user's own backups, and
/// any named for a later day, are never removed nor counted.
pub fn to_rotate(found: &[Found], keep: usize, today: NaiveDate) -> Vec<&Found> {
    let auto: Vec<&Found> = found
        .iter()
        .filter(|f| f.auto && f.at.date() <= today)
        .collect();
    let extra = auto.len().saturating_sub(keep.max(1));
    auto[..extra].to_vec()
}

/// A new temp file name for a backup being written by this process.
pub fn temp_name(n: u32) -> String {
    format!("{TEMP_PREFIX}{}-{n}", std::process::id())
}

/// Remove the temp files in `dir` of backups whose process is gone (or
/// that are a day old: no backup takes that long). Also the temp names of
/// older rolo versions (`.rolo-YYYYMMDD-HHMMSS.redb.tmp-PID`). Best effort.
pub fn sweep_temps(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temp_pid) else {
            continue;
        };
        let stale = entry.metadata().is_ok_and(|m| {
            let modified = SystemTime::UNIX_EPOCH + Duration::from_secs(m.mtime().max(0) as u64);
            SystemTime::now()
                .duration_since(modified)
                .is_ok_and(|age| age > Duration::from_secs(24 * 3600))
        });
        if stale || !process_alive(pid) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The process id in a backup temp file's name.
fn temp_pid(name: &str) -> Option<i32> {
    let rest = match name.strip_prefix(TEMP_PREFIX) {
        Some(rest) => rest,
        None if name.starts_with(".rolo-") => name.split_once(".redb.tmp-")?.1,
        None => return None,
    };
    rest.split('-').next()?.parse().ok()
}

fn process_alive(pid: i32) -> bool {
    if pid <= 0 {
        return false;
    }
    // SAFETY: signal 0 only checks that the process exists.
    let rc = unsafe { libc::kill(pid, 0) };
    rc == 0 || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y%m%d-%H%M%S").expect("time")
    }

    fn found(names: &[&str]) -> Vec<Found> {
        let mut v: Vec<Found> = names
            .iter()
            .filter_map(|n| {
                parse(n).map(|(at, seq, auto)| Found {
                    at,
                    seq,
                    auto,
                    path: PathBuf::from(n),
                })
            })
            .collect();
        v.sort();
        v
    }

    #[test]
    fn names_parse_back_and_say_whether_they_are_automatic() {
        let t = at("20261122-090000");
        assert_eq!(name(t, 1, false), "rolo-20261122-090000.redb");
        assert_eq!(name(t, 2, true), "rolo-auto-20261122-090000-2.redb");
        assert_eq!(parse(&name(t, 1, true)), Some((t, 1, true)));
        assert_eq!(parse(&name(t, 3, false)), Some((t, 3, false)));
        for other in [
            "rolo.redb",
            "rolo-2026.redb",
            "rolo-auto-.redb",
            "rolo-20261122-090000.redb.tmp-1",
            ".rolo-20261122-090000.redb.tmp-1",
            "rolo-20261122-090000-x.redb",
            "my-rolo-20261122-090000.redb",
        ] {
            assert_eq!(parse(other), None, "{other}");
        }
    }

    #[test]
    fn rotation_removes_only_old_automatic_backups() {
        let all = found(&[
            "rolo-auto-20261120-090000.redb",
            "rolo-auto-20261121-090000.redb",
            "rolo-20261121-120000.redb", // the user's
            "rolo-auto-20261122-090000.redb",
            "rolo-auto-20301231-090000.redb", // from a clock running ahead
        ]);
        let today = at("20261122-000000").date();
        let gone: Vec<_> = to_rotate(&all, 2, today)
            .into_iter()
            .map(|f| f.path.display().to_string())
            .collect();
        assert_eq!(gone, ["rolo-auto-20261120-090000.redb"]);
        assert!(to_rotate(&all, 0, today).len() == 2, "keeps at least one");
    }

    #[test]
    fn a_backup_named_in_the_future_does_not_make_today_done() {
        let today = at("20261122-000000").date();
        assert!(due(&found(&["rolo-auto-20301231-090000.redb"]), today));
        assert!(due(&found(&["rolo-auto-20261121-090000.redb"]), today));
        assert!(!due(&found(&["rolo-auto-20261122-080000.redb"]), today));
        assert!(
            !due(&found(&["rolo-20261122-080000.redb"]), today),
            "old names count"
        );
        assert!(due(&[], today));
    }

    #[test]
    fn temp_names_carry_the_process_id() {
        assert_eq!(temp_pid(&temp_name(4)), Some(std::process::id() as i32));
        assert_eq!(temp_pid(".rolo-20261122-090000.redb.tmp-77"), Some(77));
        assert_eq!(temp_pid("rolo-20261122-090000.redb"), None);
        assert_eq!(temp_pid(".rolo-backup.lock"), None);
    }

    #[test]
    fn temps_of_dead_processes_are_swept_and_live_ones_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mine = dir.path().join(temp_name(1));
        // A pid that cannot exist (above the kernel's maximum).
        let dead = dir.path().join(format!("{TEMP_PREFIX}{}-1", i32::MAX - 1));
        let old_style = dir
            .path()
            .join(format!(".rolo-20261122-090000.redb.tmp-{}", i32::MAX - 1));
        for p in [&mine, &dead, &old_style] {
            fs::write(p, "partial").expect("write");
        }
        sweep_temps(dir.path());
        assert!(mine.exists(), "a live backup's temp stays");
        assert!(!dead.exists() && !old_style.exists());
    }
}
