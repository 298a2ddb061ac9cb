//! Team mode on PostgreSQL (issue 15): a throwaway cluster per test
//! (`initdb` + `pg_ctl` on a Unix socket in a temp dir), `rolo team init`,
//! members of each role, and then every role tries to read, change,
//! delete and re-own what is not theirs — through rolo and through raw
//! SQL — and must see nothing and change nothing.
//!
//! Without PostgreSQL's server binaries each test prints one line,
//! `skipped: team mode tests …: PostgreSQL not installed`, once for them all, and passes — unless
//! `ROLO_REQUIRE_POSTGRES_TESTS=1` (CI sets it after installing
//! PostgreSQL), and then it fails.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const NOW: &str = "2026-11-22T09:00:00+08:00";

/// PostgreSQL's server programs: the newest `/usr/lib/postgresql/*/bin`
/// (Debian), else `initdb` on PATH.
fn server_bin() -> Option<PathBuf> {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|bin| bin.join("initdb").is_file())
        .collect();
    versions.sort_by_key(|p| {
        p.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
    });
    if let Some(bin) = versions.pop() {
        return Some(bin);
    }
    std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .find(|dir| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file())
    })
}

fn skip(what: &str) -> Option<Cluster> {
    if std::env::var("ROLO_REQUIRE_POSTGRES_TESTS").is_ok_and(|v| v == "1") {
        panic!(
            "{what}: PostgreSQL is not installed, and ROLO_REQUIRE_POSTGRES_TESTS=1 says it must run"
        );
    }
    // One line for the whole group, straight to the file descriptor (the
    // harness captures eprint!).
    static SAID: std::sync::Once = std::sync::Once::new();
    SAID.call_once(|| {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "skipped: team mode tests (tests/team_pg.rs): PostgreSQL not installed"
        );
    });
    None
}

/// A PostgreSQL cluster of its own, listening only on a socket in a temp
/// dir, with `trust` authentication: a test connects as whichever member
/// it plays. Stopped when dropped.
struct Cluster {
    bin: PathBuf,
    dir: tempfile::TempDir,
    /// The server runs as this uid: initdb refuses root.
    uid: Option<u32>,
}

impl Cluster {
    fn start(what: &str) -> Option<Cluster> {
        let Some(bin) = server_bin() else {
            return skip(what);
        };
        let dir = tempfile::tempdir().expect("temp dir");
        // SAFETY: geteuid cannot fail and touches no memory.
        let uid = (unsafe { libc::geteuid() } == 0).then(unprivileged_uid);
        if let Some(uid) = uid {
            std::os::unix::fs::chown(dir.path(), Some(uid), None).expect("chown the cluster dir");
        }
        let cluster = Cluster { bin, dir, uid };
        let data = cluster.dir.path().join("data");
        cluster.server(
            &[
                "initdb",
                "-N",
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "-D",
            ],
            &data,
        );
        let options = format!(
            "-k {} -c listen_addresses= -c fsync=off -c synchronous_commit=off",
            cluster.dir.path().display()
        );
        cluster.server(
            &[
                "pg_ctl",
                "-w",
                "-l",
                &cluster.dir.path().join("log").to_string_lossy(),
                "-o",
                &options,
                "start",
                "-D",
            ],
            &data,
        );
        cluster.sql("postgres", "CREATE DATABASE crm");
        Some(cluster)
    }

    fn server(&self, args: &[&str], data: &Path) {
        let mut cmd = Command::new(self.bin.join(args[0]));
        cmd.args(&args[1..]).arg(data);
        if let Some(uid) = self.uid {
            cmd.uid(uid);
        }
        let out = cmd.output().expect("PostgreSQL's programs run");
        assert!(
            out.status.success(),
            "{args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// `--db` for `login` on database `crm`.
    fn url(&self, login: &str) -> String {
        let socket = self.dir.path().to_string_lossy().replace('/', "%2F");
        format!("postgresql://{login}@{socket}/crm")
    }

    fn connect(&self, login: &str) -> postgres::Client {
        postgres::Config::new()
            .host_path(self.dir.path())
            .user(login)
            .dbname("crm")
            .connect(postgres::NoTls)
            .expect("connect")
    }

    fn sql(&self, login: &str, statement: &str) {
        let mut client = postgres::Config::new()
            .host_path(self.dir.path())
            .user(login)
            .dbname(if login == "postgres" {
                "postgres"
            } else {
                "crm"
            })
            .connect(postgres::NoTls)
            .expect("connect");
        client.batch_execute(statement).expect(statement);
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.dir.path().join("data");
        let mut cmd = Command::new(self.bin.join("pg_ctl"));
        cmd.args(["-m", "immediate", "stop", "-D"]).arg(&data);
        if let Some(uid) = self.uid {
            cmd.uid(uid);
        }
        let _ = cmd.output();
    }
}

/// The `postgres` account if there is one, else `nobody`.
fn unprivileged_uid() -> u32 {
    let name = std::ffi::CString::new("postgres").expect("no NUL");
    // SAFETY: getpwnam returns null or a pointer to a static record we
    // read at once.
    let pw = unsafe { libc::getpwnam(name.as_ptr()) };
    if pw.is_null() {
        65_534
    } else {
        unsafe { (*pw).pw_uid }
    }
}

fn rolo(home: &Path, db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rolo"))
        .args(["--db", db])
        .args(args)
        .env("ROLO_CONFIG_DIR", home.join("config"))
        .env("ROLO_NOW", NOW)
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env_remove("ROLO_DB")
        .output()
        .expect("rolo runs")
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "rolo failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn refused(out: Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(2),
        "expected exit 2: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A team: admin `boss`; reps alice and bob (east) and chen (west); lena
/// leads east; sam is service. A book in a file, with customers of alice,
/// bob and chen, each with a call, a task and a deal, migrated in.
fn team(cluster: &Cluster, home: &Path) {
    ok(rolo(
        home,
        &cluster.url("postgres"),
        &["team", "init", "--admin", "boss"],
    ));
    let boss = cluster.url("boss");
    for (login, role, team) in [
        ("alice", "rep", "east"),
        ("bob", "rep", "east"),
        ("chen", "rep", "west"),
        ("lena", "lead", "east"),
        ("sam", "service", "support"),
    ] {
        ok(rolo(
            home,
            &boss,
            &["team", "user", "add", login, "--role", role, "--team", team],
        ));
    }
    let book = home.join("book.redb");
    let book = book.to_str().expect("utf-8 path");
    for (name, owner) in [
        ("Alice Customer", "alice"),
        ("Bob Customer", "bob"),
        ("Chen Customer", "chen"),
    ] {
        ok(rolo(home, book, &["add", name, "--owner", owner]));
        ok(rolo(
            home,
            book,
            &[
                "log",
                name,
                "call",
                "asked for a quote",
                "--next",
                "send quote",
                "--due",
                "fri",
            ],
        ));
        ok(rolo(
            home,
            book,
            &["deal", "add", name, "Pilot", "--amount", "12000"],
        ));
    }
    ok(rolo(home, book, &["migrate", "--to", &boss]));
}

fn count(client: &mut postgres::Client, sql: &str) -> i64 {
    client.query_one(sql, &[]).expect(sql).get(0)
}

#[test]
fn each_role_sees_what_the_policies_allow_through_rolo_and_raw_sql() {
    let Some(cluster) = Cluster::start("team policies") else {
        return;
    };
    let home = tempfile::tempdir().unwrap();
    team(&cluster, home.path());

    // What each member can see, by raw SQL.
    for (login, customers) in [
        ("alice", 1),
        ("bob", 1),
        ("chen", 1),
        ("lena", 2),
        ("sam", 3),
        ("boss", 3),
    ] {
        let mut c = cluster.connect(login);
        assert_eq!(
            count(&mut c, "SELECT count(*) FROM rolo.customers"),
            customers,
            "{login}"
        );
        assert_eq!(
            count(&mut c, "SELECT count(*) FROM rolo.interactions"),
            customers,
            "{login}"
        );
        assert_eq!(
            count(&mut c, "SELECT count(*) FROM rolo.tasks"),
            customers,
            "{login}"
        );
        assert_eq!(
            count(&mut c, "SELECT count(*) FROM rolo.deals"),
            customers,
            "{login}"
        );
    }

    // Bob goes after Alice's customer (#1) with hand-written SQL.
    let mut bob = cluster.connect("bob");
    for sql in [
        "UPDATE rolo.customers SET name = 'x' WHERE id = 1",
        "UPDATE rolo.customers SET owner = 'bob' WHERE id = 1",
        "DELETE FROM rolo.customers WHERE id = 1",
        "UPDATE rolo.interactions SET record = '{}' WHERE customer_id = 1",
        "DELETE FROM rolo.interactions WHERE customer_id = 1",
        "UPDATE rolo.tasks SET open = false WHERE customer_id = 1",
        "DELETE FROM rolo.tasks WHERE customer_id = 1",
        "UPDATE rolo.deals SET customer_id = 2 WHERE customer_id = 1",
        "DELETE FROM rolo.deals WHERE customer_id = 1",
    ] {
        assert_eq!(bob.execute(sql, &[]).expect(sql), 0, "{sql} changed a row");
    }
    for sql in [
        // Log on, or move his own records onto, Alice's customer.
        "INSERT INTO rolo.interactions (customer_id, at, record) VALUES (1, now(), '{}')",
        "UPDATE rolo.interactions SET customer_id = 1 WHERE customer_id = 2",
        "INSERT INTO rolo.tasks (customer_id, open, record) VALUES (1, true, '{}')",
        // Give his customer away, or make one in Alice's name.
        "UPDATE rolo.customers SET owner = 'alice' WHERE id = 2",
        "INSERT INTO rolo.customers (owner, name, record) VALUES ('alice', 'x', '{}')",
        // Share Alice's customer with himself; forge the audit trail.
        "INSERT INTO rolo.shares (customer_id, login) VALUES (1, 'bob')",
        "INSERT INTO rolo.audit (channel, action, entity) VALUES ('cli', 'x', 'y')",
        "SET ROLE rolo_owner",
    ] {
        let e = bob.batch_execute(sql).expect_err(sql);
        let code = e.code().cloned();
        assert_eq!(
            code,
            Some(postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
            "{sql}: {e}"
        );
    }

    // Alice's customer is untouched, as the admin sees it.
    let mut boss = cluster.connect("boss");
    let row = boss
        .query_one("SELECT owner, name, (SELECT count(*) FROM rolo.interactions WHERE customer_id = 1) FROM rolo.customers WHERE id = 1", &[])
        .unwrap();
    assert_eq!(
        (
            row.get::<_, String>(0),
            row.get::<_, String>(1),
            row.get::<_, i64>(2)
        ),
        ("alice".into(), "Alice Customer".into(), 1)
    );

    // Service reads every deal and changes none.
    let mut sam = cluster.connect("sam");
    assert_eq!(
        sam.execute("UPDATE rolo.deals SET open = false", &[])
            .unwrap(),
        0
    );
    assert!(
        sam.batch_execute(
            "INSERT INTO rolo.deals (customer_id, open, record) VALUES (1, true, '{}')"
        )
        .is_err()
    );

    // The audit trail's actor is the session's login, whatever a client claims.
    let mut alice = cluster.connect("alice");
    alice
        .batch_execute(
            "INSERT INTO rolo.interactions (customer_id, at, author, record)
             SELECT customer_id, at, 'bob', record FROM rolo.interactions WHERE customer_id = 1",
        )
        .unwrap();
    let row = boss
        .query_one("SELECT author, (SELECT actor FROM rolo.audit ORDER BY seq DESC LIMIT 1) FROM rolo.interactions ORDER BY id DESC LIMIT 1", &[])
        .unwrap();
    assert_eq!(
        (row.get::<_, String>(0), row.get::<_, String>(1)),
        ("alice".into(), "alice".into())
    );
    // ... and what rolo reads is the row's author and id, not the copied JSON's.
    let interactions: Vec<serde_json::Value> =
        ok(rolo(home.path(), &cluster.url("alice"), &["export"]))
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|v| v["type"] == "interaction")
            .collect();
    assert_eq!(interactions.len(), 2);
    assert_ne!(interactions[0]["id"], interactions[1]["id"]);
    assert!(
        interactions
            .iter()
            .all(|i| i["author"] == "alice" || i["id"] == interactions[0]["id"])
    );
    assert_eq!(interactions[1]["author"], "alice");

    // Through rolo: each rep's export holds their own book only; the lead's both.
    let names = |login: &str| -> Vec<String> {
        ok(rolo(home.path(), &cluster.url(login), &["export"]))
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|v| v["type"] == "customer")
            .map(|v| v["name"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(names("alice"), ["Alice Customer"]);
    assert_eq!(names("bob"), ["Bob Customer"]);
    assert_eq!(names("lena"), ["Alice Customer", "Bob Customer"]);
}

#[test]
fn assign_and_share_go_as_far_as_the_role_allows() {
    let Some(cluster) = Cluster::start("team assign and share") else {
        return;
    };
    let home = tempfile::tempdir().unwrap();
    team(&cluster, home.path());
    let h = home.path();

    // A rep cannot give a customer away, nor reach another's by name.
    let e = refused(rolo(
        h,
        &cluster.url("alice"),
        &["assign", "Alice Customer", "bob"],
    ));
    assert!(e.contains("not allowed"), "{e}");
    let e = refused(rolo(
        h,
        &cluster.url("alice"),
        &["assign", "Bob Customer", "alice"],
    ));
    assert!(
        e.contains("no customer \"Bob Customer\" that you can see"),
        "{e}"
    );
    // Exact names only: a prefix is not a customer.
    let e = refused(rolo(h, &cluster.url("lena"), &["assign", "Alice", "bob"]));
    assert!(e.contains("no customer \"Alice\""), "{e}");
    // The lead moves one within the team, with its open task and deal, and not out of it.
    let out = ok(rolo(
        h,
        &cluster.url("lena"),
        &["--json", "assign", "Alice Customer", "bob"],
    ));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (
            v["owner"].as_str(),
            v["tasks"].as_u64(),
            v["deals"].as_u64()
        ),
        (Some("bob"), Some(1), Some(1))
    );
    refused(rolo(h, &cluster.url("lena"), &["assign", "#1", "chen"]));
    let mut alice = cluster.connect("alice");
    assert_eq!(count(&mut alice, "SELECT count(*) FROM rolo.customers"), 0);

    // Sharing shows one customer to one more person, and no more.
    ok(rolo(h, &cluster.url("bob"), &["share", "#1", "chen"]));
    let mut chen = cluster.connect("chen");
    assert_eq!(count(&mut chen, "SELECT count(*) FROM rolo.customers"), 2);
    assert_eq!(
        count(
            &mut chen,
            "SELECT count(*) FROM rolo.interactions WHERE customer_id = 1"
        ),
        1
    );
    assert_eq!(
        count(
            &mut chen,
            "SELECT count(*) FROM rolo.customers WHERE id = 2"
        ),
        0
    );
}

#[test]
fn a_migrated_book_exports_back_the_same_and_imports_into_a_file() {
    let Some(cluster) = Cluster::start("team migrate") else {
        return;
    };
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    ok(rolo(
        h,
        &cluster.url("postgres"),
        &["team", "init", "--admin", "boss"],
    ));
    let book = h.join("book.redb");
    let book = book.to_str().unwrap();
    ok(rolo(h, book, &["demo"]));
    let out = ok(rolo(
        h,
        book,
        &[
            "--json",
            "migrate",
            "--to",
            &cluster.url("boss"),
            "--owner",
            "boss",
        ],
    ));
    let copied: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(copied["customers"], 200);

    let without_header = |text: String| text.lines().skip(1).collect::<Vec<_>>().join("\n");
    let from_file = without_header(ok(rolo(h, book, &["export"])));
    let from_team = without_header(ok(rolo(h, &cluster.url("boss"), &["export"])));
    assert_eq!(from_file.lines().count(), from_team.lines().count());
    assert!(
        from_file == from_team,
        "the team database's export differs from the book's"
    );

    // ... and that export makes a file again.
    let exported = h.join("team.jsonl");
    ok(rolo(
        h,
        &cluster.url("boss"),
        &["export", "--out", exported.to_str().unwrap()],
    ));
    let back = h.join("back.redb");
    ok(rolo(
        h,
        back.to_str().unwrap(),
        &["import", exported.to_str().unwrap()],
    ));
    assert!(without_header(ok(rolo(h, back.to_str().unwrap(), &["export"]))) == from_file);

    // A second migration into the same database is refused, changing nothing.
    let e = refused(rolo(h, book, &["migrate", "--to", &cluster.url("boss")]));
    assert!(e.contains("already holds 200 customers"), "{e}");
}

#[test]
fn team_commands_say_what_is_missing_and_where() {
    let Some(cluster) = Cluster::start("team errors") else {
        return;
    };
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    // Before init: the way to set one up.
    let e = refused(rolo(h, &cluster.url("postgres"), &["team", "list"]));
    assert!(
        e.contains("has no rolo team in it yet") && e.contains("rolo team init"),
        "{e}"
    );
    // Init needs a superuser.
    cluster.sql("postgres", "CREATE ROLE mallory LOGIN");
    let e = refused(rolo(
        h,
        &cluster.url("mallory"),
        &["team", "init", "--admin", "mallory"],
    ));
    assert!(e.contains("superuser"), "{e}");
    ok(rolo(
        h,
        &cluster.url("postgres"),
        &["team", "init", "--admin", "boss"],
    ));
    let e = refused(rolo(
        h,
        &cluster.url("postgres"),
        &["team", "init", "--admin", "boss"],
    ));
    assert!(e.contains("already holds a rolo team"), "{e}");
    // Only an admin adds members; a login must be a login.
    ok(rolo(
        h,
        &cluster.url("boss"),
        &["team", "user", "add", "alice", "--role", "rep"],
    ));
    let e = refused(rolo(
        h,
        &cluster.url("alice"),
        &["team", "user", "add", "eve", "--role", "admin"],
    ));
    assert!(e.contains("only a team admin"), "{e}");
    let e = refused(rolo(
        h,
        &cluster.url("boss"),
        &["team", "user", "add", "Robert'); DROP", "--role", "rep"],
    ));
    assert!(e.contains("is not a login rolo accepts"), "{e}");
    // A command that does not run on a team database yet says so.
    let e = refused(rolo(h, &cluster.url("alice"), &["log", "x", "call", "hi"]));
    assert!(e.contains("is a team database"), "{e}");
    // A server that is not there is a failure (exit 1) naming the URL.
    let gone = h.join("nowhere").to_string_lossy().replace('/', "%2F");
    let out = rolo(h, &format!("postgresql://x@{gone}/crm"), &["team", "list"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot reach the team database"));
}
