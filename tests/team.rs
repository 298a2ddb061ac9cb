//! A team on one host (issue 11, item 5), with real Unix users: a
//! database in a 2770 directory of the team's group, shared 0660, used by
//! two users in turn and at once; erase, restore and backups keep its
//! owner, group, mode and inode. And a database on a read-only file
//! system can still be read.
//!
//! These need root (to run rolo as other users, to mount). Without root
//! each prints one line, `skipped: … needs root`, and passes — unless
//! `ROLO_REQUIRE_ROOT_TESTS=1`, which CI sets when it runs them as root,
//! and then they fail instead.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const NOW: &str = "2026-11-22T09:00:00+08:00";
const NEXT_DAY: &str = "2026-11-23T09:00:00+08:00";
/// Ids no real account has; the kernel needs no passwd entry for them.
const TEAM_GID: u32 = 61_000;
const ALICE: (u32, &str) = (61_001, "alice");
const BOB: (u32, &str) = (61_002, "bob");

fn require_root(what: &str) -> bool {
    // SAFETY: geteuid cannot fail and touches no memory.
    if unsafe { libc::geteuid() } == 0 {
        return true;
    }
    skip(what, "needs root")
}

fn skip(what: &str, why: &str) -> bool {
    if std::env::var("ROLO_REQUIRE_ROOT_TESTS").is_ok_and(|v| v == "1") {
        panic!("{what} {why}, and ROLO_REQUIRE_ROOT_TESTS=1 says it must run");
    }
    // Straight to the file descriptor: the test harness captures print!
    // and eprint!, and a skip must be seen in a plain `cargo test`.
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "skipped: {what} {why}");
    false
}

/// Run `cmd` to its end. The binary under test is a copy written by this
/// process, and a test running alongside may fork while the copy's file is
/// still open for writing: the child holds that descriptor until its own
/// exec, and an exec of the copy in that window fails with ETXTBSY ("text
/// file busy"). That is the harness's race, not rolo's: try again.
fn output(cmd: &mut Command) -> Output {
    let mut tries = 0;
    loop {
        match cmd.output() {
            Err(e) if e.raw_os_error() == Some(libc::ETXTBSY) && tries < 50 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            result => return result.expect("rolo runs"),
        }
    }
}

struct Team {
    _base: tempfile::TempDir,
    base: PathBuf,
    bin: PathBuf,
    dir: PathBuf,
}

impl Team {
    fn new() -> Team {
        let base = tempfile::tempdir().expect("tempdir");
        let root = base.path().to_path_buf();
        chmod(&root, 0o755);
        // A copy of the binary anyone may run, wherever the build tree is.
        let bin = root.join("rolo");
        std::fs::copy(env!("CARGO_BIN_EXE_rolo"), &bin).expect("copy rolo");
        chmod(&bin, 0o755);
        std::fs::create_dir(root.join("config")).expect("config dir");
        chmod(&root.join("config"), 0o755);
        let dir = root.join("team");
        std::fs::create_dir(&dir).expect("team dir");
        chown(&dir, 0, TEAM_GID);
        chmod(&dir, 0o2770);
        Team {
            _base: base,
            base: root,
            bin,
            dir,
        }
    }

    fn db(&self) -> PathBuf {
        self.dir.join("rolo.redb")
    }

    fn command(&self, (uid, name): (u32, &str), now: &str, args: &[&str]) -> Command {
        let mut cmd = Command::new(&self.bin);
        cmd.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", &self.base)
            .env("USER", name)
            .env("ROLO_DB", self.db())
            .env("ROLO_CONFIG_DIR", self.base.join("config"))
            .env("ROLO_NOW", now)
            .env("NO_COLOR", "1")
            .current_dir(&self.base)
            .uid(uid)
            .gid(TEAM_GID)
            .args(args);
        // SAFETY: umask is async-signal-safe and cannot fail.
        unsafe {
            cmd.pre_exec(|| {
                libc::umask(0o022);
                Ok(())
            });
        }
        cmd
    }

    fn run(&self, user: (u32, &str), args: &[&str]) -> Output {
        self.run_at(user, NOW, args)
    }

    fn run_at(&self, user: (u32, &str), now: &str, args: &[&str]) -> Output {
        output(&mut self.command(user, now, args))
    }

    fn ok(&self, user: (u32, &str), args: &[&str]) -> String {
        self.ok_at(user, NOW, args)
    }

    fn ok_at(&self, user: (u32, &str), now: &str, args: &[&str]) -> String {
        let out = self.run_at(user, now, args);
        assert!(
            out.status.success(),
            "{} ran rolo {args:?}: {}",
            user.1,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    }
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

fn chown(path: &Path, uid: u32, gid: u32) {
    std::os::unix::fs::chown(path, Some(uid), Some(gid)).expect("chown");
}

fn group_mode(path: &Path) -> (u32, u32) {
    let (_, gid, mode, _) = who(path);
    (gid, mode)
}

/// (owner, group, mode bits, inode)
fn who(path: &Path) -> (u32, u32, u32, u64) {
    let m = std::fs::metadata(path).expect("stat");
    (m.uid(), m.gid(), m.mode() & 0o7777, m.ino())
}

#[test]
fn two_users_share_one_database_in_a_group_directory() {
    if !require_root("two-user test") {
        return;
    }
    let team = Team::new();
    let db = team.db();
    let lock = team.dir.join("rolo.redb.lock");
    team.ok(ALICE, &["add", "Ann Lee", "--email", "ann@acme.com"]);
    team.ok(ALICE, &["add", "Bob Stone", "--email", "bob@globex.com"]);
    // A new database is private; the lock file, which holds no data, lets
    // the group lock it from the start in a team's directory.
    assert_eq!(
        group_mode(&db),
        (TEAM_GID, 0o600),
        "the directory's group (setgid)"
    );
    assert_eq!(who(&db).0, ALICE.0);
    assert_eq!(group_mode(&lock), (TEAM_GID, 0o660));
    let backups = team.dir.join("backups");
    assert_eq!(group_mode(&backups), (TEAM_GID, 0o2770));

    // The team's admin shares the file, as the README says.
    chmod(&db, 0o660);
    let shared = who(&db);

    // Bob reads and writes; Alice sees his write and writes after him.
    assert!(team.ok(BOB, &["list"]).contains("Ann Lee"));
    team.ok(BOB, &["log", "ann@acme.com", "call", "Bob called Ann"]);
    assert!(
        team.ok(ALICE, &["show", "ann@acme.com"])
            .contains("Bob called Ann")
    );
    team.ok(ALICE, &["log", "ann@acme.com", "email", "Alice wrote Ann"]);
    assert!(
        team.ok(BOB, &["show", "ann@acme.com"])
            .contains("Alice wrote Ann")
    );

    // Both at once: the lock serialises them, for either user.
    let writers: Vec<_> = [ALICE, BOB]
        .into_iter()
        .map(|user| {
            let cmds: Vec<Command> = (0..15)
                .map(|i| {
                    let summary = format!("{} call {i}", user.1);
                    team.command(user, NOW, &["log", "bob@globex.com", "call", &summary])
                })
                .collect();
            std::thread::spawn(move || {
                cmds.into_iter()
                    .map(|mut c| output(&mut c))
                    .filter(|o| !o.status.success())
                    .map(|o| String::from_utf8_lossy(&o.stderr).into_owned())
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for w in writers {
        let failed = w.join().expect("writer thread");
        assert!(failed.is_empty(), "{failed:?}");
    }
    let export = team.ok(BOB, &["export", "--customer", "bob@globex.com"]);
    let logged = export
        .lines()
        .filter(|l| l.contains("\"type\":\"interaction\""))
        .count();
    assert_eq!(logged, 30, "{export}");
    assert_eq!(who(&db), shared, "writes keep owner, group, mode and inode");

    // Bob's backup keeps the group, so Alice can restore it; the restore
    // keeps the file as it was, and so does Bob's erasure.
    let out = team.ok(BOB, &["backup", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let backup = PathBuf::from(v["path"].as_str().expect("path"));
    assert_eq!(group_mode(&backup), (TEAM_GID, 0o660));
    team.ok(BOB, &["erase", "ann@acme.com", "--yes"]);
    assert_eq!(who(&db), shared, "erase keeps owner, group, mode and inode");
    let bytes = std::fs::read(&db).expect("db");
    assert!(
        !bytes.windows(7).any(|w| w == b"Ann Lee"),
        "erased from the file"
    );
    team.ok(
        ALICE,
        &["restore", backup.to_str().expect("utf-8"), "--yes"],
    );
    assert_eq!(
        who(&db),
        shared,
        "restore keeps owner, group, mode and inode"
    );
    let replaced = team.dir.join("rolo.redb.replaced-20261122-090000");
    assert_eq!(group_mode(&replaced), (TEAM_GID, 0o660));
    assert!(team.ok(BOB, &["list"]).contains("Ann Lee"));

    // The next day's automatic backup, taken by Bob, Alice can restore too.
    team.ok_at(BOB, NEXT_DAY, &["add", "Cy Next"]);
    let auto = backups.join("rolo-auto-20261123-090000.redb");
    assert_eq!(group_mode(&auto), (TEAM_GID, 0o660));
    team.ok(ALICE, &["restore", auto.to_str().expect("utf-8"), "--yes"]);
    assert!(team.ok(BOB, &["list"]).contains("Cy Next"));
    assert_eq!(who(&db), shared);
    assert_eq!(group_mode(&lock), (TEAM_GID, 0o660));
    let out = team.run(BOB, &["check"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// Unmounts on drop, even when the test fails.
struct Mount(PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_database_on_a_read_only_file_system_can_be_read() {
    if !require_root("read-only file system test") {
        return;
    }
    let base = tempfile::tempdir().expect("tempdir");
    let data = base.path().join("data");
    let ro = base.path().join("ro");
    std::fs::create_dir(&data).expect("mkdir");
    std::fs::create_dir(&ro).expect("mkdir");
    let rolo = |db: &Path, args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_rolo"))
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", base.path())
            .env("USER", "tester")
            .env("ROLO_DB", db)
            .env("ROLO_CONFIG_DIR", base.path().join("config"))
            .env("ROLO_NOW", NOW)
            .args(args)
            .output()
            .expect("runs")
    };
    let db = data.join("rolo.redb");
    for args in [
        &["add", "Ann Lee", "--email", "ann@acme.com"][..],
        &["log", "ann", "call", "pricing", "--next", "send quote"],
    ] {
        assert!(rolo(&db, args).status.success());
    }
    // No lock file either: a reader must not need to make one.
    std::fs::remove_file(data.join("rolo.redb.lock")).expect("rm lock");
    let mounted = Command::new("mount")
        .args([
            "--bind",
            data.to_str().expect("utf-8"),
            ro.to_str().expect("utf-8"),
        ])
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        skip(
            "read-only file system test",
            "needs `mount --bind` (a container without CAP_SYS_ADMIN?)",
        );
        return;
    }
    let _mount = Mount(ro.clone());
    let remounted = Command::new("mount")
        .args(["-o", "remount,bind,ro", ro.to_str().expect("utf-8")])
        .status()
        .is_ok_and(|s| s.success());
    assert!(remounted, "remount read-only");
    let db = ro.join("rolo.redb");
    let before = std::fs::read(&db).expect("db");
    for args in [
        &["list"][..],
        &["show", "ann"],
        &["today"],
        &["export"],
        &["check"],
        &["search", "ann"],
    ] {
        let out = rolo(&db, args);
        assert!(
            out.status.success(),
            "rolo {args:?} on a read-only file system: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(String::from_utf8_lossy(&rolo(&db, &["list"]).stdout).contains("Ann Lee"));
    let out = rolo(&db, &["add", "Bob Stone"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot write to the database"), "{err}");
    assert!(err.contains("reading it works"), "{err}");
    assert!(std::fs::read(&db).expect("db") == before);
}
