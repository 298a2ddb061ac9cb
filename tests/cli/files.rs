//! The files rolo writes and reads (issue 11, items 2, 5, 6 and 9): no
//! output path replaces the database, its lock or backups, a device, FIFO,
//! socket or directory; reads create nothing; `check` changes nothing; the
//! lock survives being deleted and `lock_timeout_secs = 0`; backups rotate
//! only what was automatic; a killed writer's litter goes; a symlinked
//! database is written through the link; the erase note names every file.

use crate::{Env, NOW, names};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).expect("path");
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
}

fn config(env: &Env, text: &str) {
    let dir = env.dir.path().join("config");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("config.toml"), text).expect("config");
}

/// A book with a backup, a database a restore replaced, and every kind of
/// thing an output path must not be.
struct Targets {
    env: Env,
    refused: Vec<(PathBuf, &'static str)>,
}

fn targets() -> Targets {
    let env = Env::new().with_customers();
    let dir = env.dir.path().to_path_buf();
    let out = env.json(&["backup"]);
    let backup = PathBuf::from(out["path"].as_str().expect("path"));
    env.ok(&["restore", s(&backup), "--yes"]);
    let replaced = dir.join("rolo.redb.replaced-20261122-090000");
    assert!(replaced.exists());
    let link = dir.join("link-to-db.csv");
    std::os::unix::fs::symlink(env.db(), &link).expect("symlink");
    let hard = dir.join("hard-link.csv");
    std::fs::hard_link(env.db(), &hard).expect("hard link");
    let fifo = dir.join("a-fifo");
    mkfifo(&fifo);
    let socket = dir.join("a-socket");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).expect("socket");
    let other_db = dir.join("other.redb");
    std::fs::copy(env.db(), &other_db).expect("copy");
    let refused = vec![
        (env.db(), "it is the database"),
        (link, "it is the database"),
        (hard, "it is the database"),
        (dir.join("rolo.redb.lock"), "lock file"),
        (backup, "it is the backup"),
        (dir.join("backups/new.csv"), "backup directory"),
        (replaced, "a restore replaced"),
        (
            dir.join("rolo.redb.replaced-20261201-000000"),
            "a restore gives",
        ),
        (dir.join(".rolo.redb.swap"), "belongs to the database"),
        (dir.clone(), "is a directory"),
        (PathBuf::from("/dev/null"), "is a device"),
        (fifo, "FIFO"),
        (socket, "socket"),
        (other_db, "is a rolo database"),
    ];
    Targets { env, refused }
}

fn snapshot(paths: &[&Path]) -> Vec<Option<Vec<u8>>> {
    paths
        .iter()
        .map(|p| match std::fs::metadata(p) {
            Ok(m) if m.is_file() => std::fs::read(p).ok(),
            _ => None,
        })
        .collect()
}

#[test]
fn export_never_writes_over_the_database_its_lock_backups_or_special_files() {
    let t = targets();
    let env = &t.env;
    let all: Vec<&Path> = t.refused.iter().map(|(p, _)| p.as_path()).collect();
    let before = snapshot(&all);
    let listing = names(env.dir.path());
    for (target, why) in &t.refused {
        for format in ["csv", "jsonl"] {
            let err = env.fails(2, &["export", "--format", format, "--out", s(target)]);
            assert!(err.contains(&format!("\"{}\"", target.display())), "{err}");
            assert!(err.contains(why), "{target:?}: {err}");
            assert!(err.contains("nothing was written"), "{err}");
        }
    }
    assert_eq!(snapshot(&all), before, "a refused target changed");
    assert_eq!(names(env.dir.path()), listing, "a file appeared or went");
    assert!(!env.dir.path().join("backups/new.csv").exists());
    env.ok(&["check"]);
    // An ordinary file is fine, and a symlink to one is replaced, not followed.
    let fine = env.dir.path().join("people.csv");
    env.ok(&["export", "--format", "csv", "--out", s(&fine)]);
    assert!(
        std::fs::read_to_string(&fine)
            .expect("export")
            .contains("Ann Lee")
    );
}

#[test]
fn backup_to_and_the_rejected_rows_file_go_through_the_same_guard() {
    let t = targets();
    let env = &t.env;
    let db_bytes = std::fs::read(env.db()).expect("db");
    for (target, why) in [
        (env.db(), "it is a file, not a directory"),
        (
            PathBuf::from("/dev/null"),
            "it is a device, not a directory",
        ),
    ] {
        let err = env.fails(2, &["backup", "--to", s(&target)]);
        assert!(err.contains(why), "{err}");
        assert!(err.contains(&format!("\"{}\"", target.display())), "{err}");
    }
    // Restoring from a FIFO or a directory is refused without opening it
    // (opening a FIFO would block).
    let fifo = env.dir.path().join("restore-fifo");
    mkfifo(&fifo);
    for (source, what) in [
        (&fifo, "FIFO"),
        (&env.dir.path().to_path_buf(), "directory"),
    ] {
        let err = env.fails(2, &["restore", s(source), "--yes"]);
        assert!(
            err.contains(what) && err.contains("not a usable rolo backup"),
            "{err}"
        );
    }
    // contacts.rejected.csv would be the database (through a link): refused
    // before anything is imported.
    let csv = env.dir.path().join("contacts.csv");
    std::fs::write(&csv, "name,email\nNew Person,new@x.org\nBad,not-an-email\n").expect("csv");
    std::os::unix::fs::symlink(env.db(), env.dir.path().join("contacts.rejected.csv"))
        .expect("link");
    let err = env.fails(2, &["import", s(&csv), "--skip-invalid"]);
    assert!(err.contains("contacts.rejected.csv"), "{err}");
    assert!(err.contains("it is the database"), "{err}");
    assert_eq!(std::fs::read(env.db()).expect("db"), db_bytes);
    assert!(env.fails(2, &["show", "New Person"]).contains("New Person"));
}

#[test]
fn reading_commands_never_create_a_database_or_its_directory() {
    let env = Env::new();
    let missing = env.dir.path().join("typo/rolo.redb");
    for args in [
        &["list"][..],
        &["show", "1"],
        &["search", "ann"],
        &["today"],
        &["export"],
        &["check"],
        &["report", "funnel"],
        &["history", "1"],
        &["task", "list"],
        &["deal", "list"],
        &["backup"],
    ] {
        let mut all = vec!["--db", s(&missing)];
        all.extend_from_slice(args);
        let err = env.fails(1, &all);
        assert!(
            err.contains(&format!("no database at \"{}\"", missing.display())),
            "{args:?}: {err}"
        );
    }
    assert!(
        names(env.dir.path()).is_empty(),
        "{:?}",
        names(env.dir.path())
    );
    // A write still creates it.
    env.ok(&["--db", s(&missing), "add", "Ann Lee"]);
    assert!(missing.is_file());
}

#[test]
fn an_empty_file_is_not_a_database_and_stays_empty() {
    let env = Env::new();
    std::fs::write(env.db(), b"").expect("empty");
    for args in [&["list"][..], &["add", "Ann"], &["check"], &["backup"]] {
        let err = env.fails(1, args);
        assert!(
            err.contains("is an empty file, not a rolo database"),
            "{args:?}: {err}"
        );
    }
    assert_eq!(std::fs::metadata(env.db()).expect("meta").len(), 0);
    assert_eq!(names(env.dir.path()), ["rolo.redb"]);
}

/// `rolo check` opened the file for writing; on a damaged file that left
/// a header byte changed. Now it reads through an in-memory overlay.
#[test]
fn check_never_changes_a_byte_of_the_file_even_a_damaged_one() {
    let env = Env::new();
    env.ok(&["demo", "--customers", "30", "--seed", "3"]);
    let clean = std::fs::read(env.db()).expect("db");
    env.ok(&["check"]);
    assert!(
        std::fs::read(env.db()).expect("db") == clean,
        "a clean check wrote"
    );
    // Damage: a run of bytes inverted in every 8th page past the header,
    // and the header's "recovery required" bit set.
    let mut damaged = clean.clone();
    for page in (1..damaged.len() / 4096).step_by(8) {
        for b in &mut damaged[page * 4096 + 100..page * 4096 + 164] {
            *b = !*b;
        }
    }
    damaged[9] |= 2;
    std::fs::write(env.db(), &damaged).expect("damage");
    let out = env.rolo(&["check"]).output().expect("runs");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    assert!(
        std::fs::read(env.db()).expect("db") == damaged,
        "check changed the damaged file"
    );
    let names = names(env.dir.path());
    assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");
}

#[test]
fn a_deleted_lock_file_says_busy_and_never_lets_two_writers_in() {
    let env = Env::new().with_customers();
    config(&env, "lock_timeout_secs = 1\n");
    let db = env.db();
    let now = chrono::DateTime::parse_from_rfc3339(NOW).expect("now");
    let holder = std::thread::spawn(move || {
        rolo::store::Store::new(&db, rolo::domain::Channel::Cli)
            .write(now, |w| {
                w.add_customer(rolo::domain::CustomerDraft::named("Held Writer"))?;
                std::thread::sleep(Duration::from_millis(2500));
                Ok::<_, rolo::store::StoreError>(())
            })
            .expect("the holder writes");
    });
    std::thread::sleep(Duration::from_millis(300));
    std::fs::remove_file(env.dir.path().join("rolo.redb.lock")).expect("someone deletes it");
    let err = env.fails(1, &["add", "Second Writer"]);
    assert!(err.contains("is busy"), "{err}");
    assert!(!err.to_lowercase().contains("already open"), "{err}");
    let err = env.fails(1, &["list"]);
    assert!(err.contains("is busy"), "{err}");
    // Patient enough, a writer gets in after the holder, never beside it.
    config(&env, "lock_timeout_secs = 10\n");
    env.ok(&["add", "Third Writer"]);
    holder.join().expect("holder");
    let names: Vec<String> = env
        .json(&["list"])
        .as_array()
        .expect("array")
        .iter()
        .map(|c| c["name"].as_str().expect("name").to_string())
        .collect();
    assert!(names.contains(&"Held Writer".to_string()), "{names:?}");
    assert!(names.contains(&"Third Writer".to_string()), "{names:?}");
    assert!(!names.contains(&"Second Writer".to_string()), "{names:?}");
    env.ok(&["check"]);
}

#[test]
fn a_zero_lock_timeout_means_fail_at_once_with_busy() {
    let env = Env::new().with_customers();
    config(&env, "lock_timeout_secs = 0\n");
    env.ok(&["list"]);
    env.ok(&["add", "Uncontended"]);
    let lock = std::fs::File::open(env.dir.path().join("rolo.redb.lock")).expect("lock");
    lock.lock().expect("hold it");
    let started = Instant::now();
    let err = env.fails(1, &["add", "Contended"]);
    assert!(started.elapsed() < Duration::from_secs(2), "it waited");
    assert!(
        err.contains("is busy") && err.contains("lock_timeout_secs = 0 says not to wait"),
        "{err}"
    );
    drop(lock);
    env.ok(&["add", "Contended"]);
}

#[test]
fn rotation_removes_only_automatic_backups_and_a_future_one_blocks_nothing() {
    let env = Env::new();
    config(&env, "backup_keep = 2\n");
    let backups = env.dir.path().join("backups");
    env.ok(&["add", "Ann Lee"]);
    // A backup named by a clock running years ahead.
    env.rolo_at("2030-12-31T09:00:00+08:00", &["add", "From The Future"])
        .assert()
        .success();
    // The user's own backups in the same directory, one by the old naming.
    env.ok(&["backup"]);
    std::fs::copy(
        backups.join("rolo-20261122-090000.redb"),
        backups.join("rolo-20261101-120000.redb"),
    )
    .expect("copy");
    for day in 23..=26 {
        let now = format!("2026-11-{day}T09:00:00+08:00");
        env.rolo_at(&now, &["add", &format!("Customer {day}")])
            .assert()
            .success();
    }
    let left: Vec<String> = names(&backups)
        .into_iter()
        .filter(|n| n.starts_with("rolo-"))
        .collect();
    assert_eq!(
        left,
        [
            "rolo-20261101-120000.redb",
            "rolo-20261122-090000.redb",
            "rolo-auto-20261125-090000.redb",
            "rolo-auto-20261126-090000.redb",
            "rolo-auto-20301231-090000.redb",
        ]
    );
}

#[test]
fn the_litter_of_killed_backups_restores_and_erasures_goes_on_the_next_run() {
    let env = Env::new().with_customers();
    env.ok(&["backup"]);
    let dir = env.dir.path();
    let dead = i32::MAX - 1;
    let litter = [
        dir.join(".rolo.redb.new"),
        dir.join(".rolo.redb.swap-tmp"),
        dir.join(".rolo.redb.replaced-tmp"),
        dir.join(format!("backups/.rolo-backup.tmp-{dead}-0")),
        dir.join(format!("backups/.rolo-20261122-090000.redb.tmp-{dead}")),
    ];
    for path in &litter {
        std::fs::write(path, "left by a killed rolo").expect("litter");
    }
    env.ok(&["add", "Next Run"]);
    env.ok(&["backup"]);
    for path in &litter {
        assert!(!path.exists(), "{} is still there", path.display());
    }
}

#[test]
fn a_symlinked_database_stays_a_symlink_through_erase_and_restore() {
    let env = Env::new();
    let real_dir = env.dir.path().join("shared");
    std::fs::create_dir(&real_dir).expect("mkdir");
    let real = real_dir.join("team.redb");
    let link = env.dir.path().join("rolo.redb");
    std::os::unix::fs::symlink(&real, &link).expect("link");
    env.ok(&["add", "Ann Lee", "--email", "ann@acme.com"]);
    env.ok(&["add", "Zed Erasable", "--email", "zed@erasable.org"]);
    assert!(real.is_file());
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let inode = std::fs::metadata(&real).expect("meta").ino();
    let backup = env.json(&["backup"])["path"]
        .as_str()
        .expect("path")
        .to_string();
    assert!(
        backup.starts_with(s(&real_dir)),
        "backups go beside the file: {backup}"
    );
    env.ok(&["erase", "zed@erasable.org", "--yes"]);
    let bytes = std::fs::read(&real).expect("real");
    assert!(!bytes.windows(12).any(|w| w == b"Zed Erasable"));
    env.ok(&["restore", &backup, "--yes"]);
    for _ in 0..2 {
        assert!(
            std::fs::symlink_metadata(&link)
                .expect("link")
                .file_type()
                .is_symlink()
        );
        let meta = std::fs::metadata(&real).expect("meta");
        assert_eq!((meta.ino(), meta.mode() & 0o777), (inode, 0o640));
    }
    assert_eq!(env.json(&["list"]).as_array().map(Vec::len), Some(2));
    assert_eq!(names(env.dir.path()), ["rolo.redb", "shared"]);
    assert_eq!(
        names(&real_dir),
        [
            "backups",
            "team.redb",
            "team.redb.lock",
            "team.redb.replaced-20261122-090000"
        ]
    );
}

#[test]
fn the_erase_note_names_every_file_that_may_still_hold_them() {
    let env = Env::new();
    config(&env, "auto_backup = false\n");
    let env = env.with_customers();
    let backup = env.json(&["backup"])["path"]
        .as_str()
        .expect("path")
        .to_string();
    let out = env
        .rolo(&["erase", "ann@acme.com", "--yes"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let note = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        note.contains("Note: this file was made before the erasure and may still hold them:"),
        "{note}"
    );
    assert!(note.contains(&format!("  {backup}  (backup)")), "{note}");
    assert!(note.contains("Delete it if"), "{note}");

    env.ok(&["restore", &backup, "--yes"]);
    let out = env
        .rolo(&["erase", "ann@acme.com", "--yes"])
        .output()
        .expect("runs");
    let note = String::from_utf8_lossy(&out.stderr).into_owned();
    let replaced = env.dir.path().join("rolo.redb.replaced-20261122-090000");
    assert!(note.contains("Note: these 2 files were made"), "{note}");
    assert!(
        note.contains(&format!(
            "  {}  (the database a restore replaced)",
            replaced.display()
        )),
        "{note}"
    );
    let json = env.json(&["erase", "--compact"]);
    assert!(
        json["older_backups"].as_array().is_some_and(Vec::is_empty),
        "{json}"
    );
}
