//! `rolo backup`, `rolo restore` and the daily automatic backup.

use crate::{Env, names};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

const NEXT_DAY: &str = "2026-11-23T09:00:00+08:00";

/// The backups (not the lock file) in the default backup directory.
fn backups(env: &Env) -> Vec<String> {
    names(&env.dir.path().join("backups"))
        .into_iter()
        .filter(|n| n.starts_with("rolo-"))
        .collect()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).expect("stat").permissions().mode() & 0o777
}

fn export(env: &Env) -> String {
    env.ok(&["export", "--format", "jsonl"])
}

fn backup(env: &Env, args: &[&str]) -> PathBuf {
    let mut all = vec!["backup"];
    all.extend_from_slice(args);
    let out = env.json(&all);
    PathBuf::from(out["path"].as_str().expect("path"))
}

#[test]
fn a_backup_restores_to_the_same_export_and_is_private() {
    let env = Env::new();
    env.ok(&["demo"]);
    let dir = env.dir.path().join("elsewhere").join("backups");
    let path = backup(&env, &["--to", dir.to_str().expect("utf-8")]);
    assert_eq!(
        path.file_name().and_then(|n| n.to_str()),
        Some("rolo-20261122-090000.redb"),
        "named after ROLO_NOW"
    );
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&dir), 0o700, "a directory it creates is private");
    assert_eq!(
        names(&dir),
        ["rolo-20261122-090000.redb"],
        "no temp file left"
    );
    let text = env.ok(&["backup", "--to", dir.to_str().expect("utf-8")]);
    assert!(
        text.contains("rolo-20261122-090000-2.redb") && text.contains("200 customers"),
        "a second backup in the same second gets its own name: {text}"
    );

    let other = Env::new();
    other.ok(&["restore", path.to_str().expect("utf-8"), "--yes"]);
    assert_eq!(export(&other), export(&env));
    assert_eq!(mode(&other.db()), 0o600);
}

/// Regression: the `ops` table (`--op-id`) has i64 values, which the
/// backup's copy did not know, so a database that had ever seen an op id
/// could not be backed up at all.
#[test]
fn a_database_written_with_op_ids_backs_up() {
    let env = Env::new();
    env.ok(&[
        "--op-id",
        "first-add",
        "add",
        "Ann Lee",
        "--company",
        "Acme",
    ]);
    let dir = env.dir.path().join("bk");
    let path = backup(&env, &["--to", dir.to_str().expect("utf-8")]);
    let other = Env::new();
    other.ok(&["restore", path.to_str().expect("utf-8"), "--yes"]);
    assert_eq!(export(&other), export(&env));
    let again = other.ok(&[
        "--op-id",
        "first-add",
        "add",
        "Ann Lee",
        "--company",
        "Acme",
    ]);
    assert!(again.is_empty(), "the op id came along: {again}");
}

#[test]
fn restore_replaces_the_database_and_keeps_the_one_it_replaced() {
    let env = Env::new().with_customers();
    let path = backup(&env, &[]);
    let before = export(&env);
    env.ok(&["add", "Zed Young"]);
    let out = env.json(&["restore", path.to_str().expect("utf-8"), "--yes"]);
    assert_eq!(out["customers"], 4);
    assert_eq!(export(&env), before);
    let kept = env.dir.path().join("rolo.redb.replaced-20261122-090000");
    assert_eq!(out["replaced"].as_str(), kept.to_str());
    let replaced = env.json(&["list", "--db", kept.to_str().expect("utf-8")]);
    assert_eq!(
        replaced.as_array().map(Vec::len),
        Some(5),
        "the replaced one is intact"
    );
}

#[test]
fn restore_asks_and_refuses_without_a_terminal() {
    let env = Env::new().with_customers();
    let path = backup(&env, &[]);
    env.ok(&["add", "Zed Young"]);
    let err = env.fails(2, &["restore", path.to_str().expect("utf-8")]);
    assert!(err.contains("--yes"), "{err}");
    assert_eq!(env.json(&["list"]).as_array().map(Vec::len), Some(5));
    assert!(!names(env.dir.path()).iter().any(|n| n.contains("replaced")));
}

#[test]
fn restoring_a_file_that_is_not_a_backup_changes_nothing() {
    let env = Env::new().with_customers();
    let bytes = std::fs::read(env.db()).expect("db");
    let bogus = env.dir.path().join("notes.redb");
    std::fs::write(&bogus, "not a database at all").expect("write");
    let err = env.fails(2, &["restore", bogus.to_str().expect("utf-8"), "--yes"]);
    assert!(
        err.contains("notes.redb") && err.contains("not a redb file"),
        "{err}"
    );
    let missing = env.dir.path().join("missing.redb");
    env.fails(2, &["restore", missing.to_str().expect("utf-8"), "--yes"]);
    assert_eq!(std::fs::read(env.db()).expect("db"), bytes);
    let left = names(env.dir.path());
    assert!(
        !left
            .iter()
            .any(|n| n.contains("replaced") || n.contains("restore")),
        "{left:?}"
    );
}

#[test]
fn the_first_write_of_each_day_takes_one_backup() {
    let env = Env::new();
    let err = env.fails(1, &["list"]);
    assert!(err.contains("no database at"), "{err}");
    assert!(names(env.dir.path()).is_empty(), "reads create nothing");
    env.ok(&["add", "Ann Lee"]);
    env.ok(&["add", "Bob Stone"]);
    assert_eq!(backups(&env), ["rolo-auto-20261122-090000.redb"]);
    assert_eq!(mode(&env.dir.path().join("backups")), 0o700);
    let out = env.rolo_at(NEXT_DAY, &["list"]).output().expect("runs");
    assert!(out.status.success());
    assert_eq!(backups(&env).len(), 1, "a read on the next day takes none");
    let out = env
        .rolo_at(NEXT_DAY, &["add", "Cy Twombly"])
        .output()
        .expect("runs");
    assert!(out.status.success() && out.stderr.is_empty());
    assert_eq!(
        backups(&env),
        [
            "rolo-auto-20261122-090000.redb",
            "rolo-auto-20261123-090000.redb"
        ]
    );
    // The day's backup holds that day's first write.
    let other = Env::new();
    let newest = env
        .dir
        .path()
        .join("backups/rolo-auto-20261123-090000.redb");
    other.ok(&["restore", newest.to_str().expect("utf-8"), "--yes"]);
    assert_eq!(other.json(&["list"]).as_array().map(Vec::len), Some(3));
}

#[test]
fn automatic_backups_rotate_and_can_be_turned_off() {
    let env = Env::new();
    let config = env.dir.path().join("config");
    std::fs::create_dir_all(&config).expect("mkdir");
    std::fs::write(config.join("config.toml"), "backup_keep = 2\n").expect("write");
    for day in 22..=25 {
        let now = format!("2026-11-{day}T09:00:00+08:00");
        let out = env
            .rolo_at(&now, &["add", &format!("Customer {day}")])
            .output();
        assert!(out.expect("runs").status.success());
    }
    assert_eq!(
        backups(&env),
        [
            "rolo-auto-20261124-090000.redb",
            "rolo-auto-20261125-090000.redb"
        ]
    );

    let off = Env::new();
    let config = off.dir.path().join("config");
    std::fs::create_dir_all(&config).expect("mkdir");
    std::fs::write(config.join("config.toml"), "auto_backup = false\n").expect("write");
    off.ok(&["add", "Ann Lee"]);
    assert!(!off.dir.path().join("backups").exists());
}

#[test]
fn an_unwritable_backup_dir_is_a_clear_error_and_leaves_nothing() {
    let env = Env::new().with_customers();
    let bytes = std::fs::read(env.db()).expect("db");
    let before = names(env.dir.path());
    let blocker = env.dir.path().join("blocker");
    std::fs::write(&blocker, "a file, not a directory").expect("write");
    let target = blocker.join("backups");
    let err = env.fails(1, &["backup", "--to", target.to_str().expect("utf-8")]);
    assert!(err.contains("blocker/backups"), "{err}");
    assert!(err.contains("no backup was written"), "{err}");
    assert_eq!(std::fs::read(env.db()).expect("db"), bytes);

    // A directory the backup cannot write into (not checked as root, who
    // may write anywhere).
    let locked = env.dir.path().join("locked");
    std::fs::create_dir(&locked).expect("mkdir");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o500)).expect("chmod");
    if std::fs::write(locked.join("probe"), "").is_err() {
        let err = env.fails(1, &["backup", "--to", locked.to_str().expect("utf-8")]);
        assert!(err.contains("locked"), "{err}");
        assert!(names(&locked).is_empty(), "no temp file left");
    }
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o700)).expect("chmod");
    let mut after = names(env.dir.path());
    after.retain(|n| n != "blocker" && n != "locked");
    assert_eq!(after, before);
    assert!(
        !names(&env.dir.path().join("backups"))
            .iter()
            .any(|n| n.contains(".tmp-"))
    );
}

#[test]
fn restore_recovers_a_damaged_database_and_keeps_it() {
    let env = Env::new().with_customers();
    let path = backup(&env, &[]);
    let before = export(&env);
    std::fs::write(env.db(), "garbage where the database was").expect("damage");
    env.fails(1, &["list"]);
    env.ok(&["restore", path.to_str().expect("utf-8"), "--yes"]);
    assert_eq!(export(&env), before);
    let kept = env.dir.path().join("rolo.redb.replaced-20261122-090000");
    assert_eq!(
        std::fs::read(kept).expect("kept"),
        b"garbage where the database was"
    );
}
