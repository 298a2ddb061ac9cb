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
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

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
    /// Its port: the socket's name (`.s.PGSQL.PORT`), and TCP's if any.
    port: u16,
}

impl Cluster {
    fn start(what: &str) -> Option<Cluster> {
        Cluster::start_with(what, &|_| {}, 5432, "")
    }

    /// A cluster whose data directory `prepare` may change after initdb
    /// (certificates, pg_hba.conf), started with `options` too.
    fn start_with(
        what: &str,
        prepare: &dyn Fn(&Path),
        port: u16,
        options: &str,
    ) -> Option<Cluster> {
        let Some(bin) = server_bin() else {
            return skip(what);
        };
        let dir = tempfile::tempdir().expect("temp dir");
        // SAFETY: geteuid cannot fail and touches no memory.
        let uid = (unsafe { libc::geteuid() } == 0).then(unprivileged_uid);
        if let Some(uid) = uid {
            std::os::unix::fs::chown(dir.path(), Some(uid), None).expect("chown the cluster dir");
        }
        let cluster = Cluster {
            bin,
            dir,
            uid,
            port,
        };
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
        prepare(&data);
        if let Some(uid) = cluster.uid {
            chown_all(&data, uid);
        }
        let options = format!(
            "-k {} -c listen_addresses= -c port={port} -c fsync=off -c synchronous_commit=off \
             {options}",
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
        format!("postgresql://{login}@{socket}:{}/crm", self.port)
    }

    fn connect(&self, login: &str) -> postgres::Client {
        postgres::Config::new()
            .host_path(self.dir.path())
            .port(self.port)
            .user(login)
            .dbname("crm")
            .connect(postgres::NoTls)
            .expect("connect")
    }

    fn sql(&self, login: &str, statement: &str) {
        let mut client = postgres::Config::new()
            .host_path(self.dir.path())
            .port(self.port)
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

/// PgBouncer in transaction mode in front of a cluster, on a socket in
/// the cluster's temp dir: what docs/TEAM.md suggests for many commands a
/// second. Stopped when dropped.
struct Pooler {
    dir: PathBuf,
    port: u16,
    pid: Option<u32>,
}

impl Pooler {
    /// `None` (after the group's one "skipped" line) without pgbouncer.
    fn start(cluster: &Cluster, logins: &[&str]) -> Option<Pooler> {
        let Some(bin) = ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"]
            .into_iter()
            .map(PathBuf::from)
            .find(|p| p.is_file())
        else {
            if std::env::var("ROLO_REQUIRE_POSTGRES_TESTS").is_ok_and(|v| v == "1") {
                panic!(
                    "pgbouncer is not installed, and ROLO_REQUIRE_POSTGRES_TESTS=1 says it must run"
                );
            }
            eprintln!("skipped: the pooler test (tests/team_pg.rs): pgbouncer not installed");
            return None;
        };
        let dir = cluster.dir.path().to_path_buf();
        let port = cluster.port + 1000;
        let users: String = logins.iter().map(|l| format!("\"{l}\" \"\"\n")).collect();
        std::fs::write(dir.join("users.txt"), users).unwrap();
        std::fs::write(
            dir.join("pgbouncer.ini"),
            format!(
                "[databases]\ncrm = host={dir} port={cport} dbname=crm\n\
                 [pgbouncer]\nlisten_addr =\nunix_socket_dir = {dir}\nlisten_port = {port}\n\
                 auth_type = trust\nauth_file = {dir}/users.txt\npool_mode = transaction\n\
                 ignore_startup_parameters = options,extra_float_digits\n\
                 pidfile = {dir}/pgbouncer.pid\nlogfile = {dir}/pgbouncer.log\n",
                dir = dir.display(),
                cport = cluster.port,
            ),
        )
        .unwrap();
        if let Some(uid) = cluster.uid {
            chown_all(&dir, uid);
        }
        let mut cmd = Command::new(bin);
        cmd.arg("-d").arg(dir.join("pgbouncer.ini"));
        if let Some(uid) = cluster.uid {
            cmd.uid(uid);
        }
        let out = cmd.output().expect("pgbouncer runs");
        assert!(
            out.status.success(),
            "pgbouncer: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let socket = dir.join(format!(".s.PGSQL.{port}"));
        let start = std::time::Instant::now();
        while !socket.exists() && start.elapsed() < std::time::Duration::from_secs(10) {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let pid = std::fs::read_to_string(dir.join("pgbouncer.pid"))
            .ok()
            .and_then(|p| p.trim().parse().ok());
        Some(Pooler { dir, port, pid })
    }

    fn url(&self, login: &str) -> String {
        let socket = self.dir.to_string_lossy().replace('/', "%2F");
        format!("postgresql://{login}@{socket}:{}/crm", self.port)
    }
}

impl Drop for Pooler {
    fn drop(&mut self) {
        if let Some(pid) = self.pid {
            // SAFETY: kill has no memory effects; a stale pid is harmless here.
            unsafe { libc::kill(pid as i32, libc::SIGTERM) };
        }
    }
}

/// Commands through a pooler in transaction mode (PgBouncer): each command's
/// statements may land on a different server session, so nothing rolo does
/// may lean on session state — the channel, the clock and the write lock are
/// all per transaction. The pooler keeps server sessions warm; a command
/// no longer pays for starting one.
#[test]
fn commands_work_through_a_transaction_pooler() {
    let Some(cluster) = Cluster::start("team through a pooler") else {
        return;
    };
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    team(&cluster, h);
    let Some(pooler) = Pooler::start(&cluster, &["boss", "alice", "bob"]) else {
        return;
    };
    let (alice, bob) = (pooler.url("alice"), pooler.url("bob"));
    ok(rolo(
        h,
        &alice,
        &[
            "log",
            "Alice Customer",
            "call",
            "through the pooler",
            "--next",
            "send the deck",
            "--due",
            "mon",
        ],
    ));
    ok(rolo(
        h,
        &bob,
        &["log", "Bob Customer", "email", "bob's, pooled"],
    ));
    let shown = ok(rolo(h, &alice, &["show", "Alice Customer"]));
    assert!(
        shown.contains("through the pooler") && shown.contains("send the deck"),
        "{shown}"
    );
    let e = refused(rolo(h, &alice, &["show", "Bob Customer"]));
    assert!(e.contains("no customer"), "{e}");
    let today = ok(rolo(h, &alice, &["today"]));
    assert!(
        today.contains("send the deck") && !today.contains("bob"),
        "{today}"
    );
    // Who wrote and through which door, as the database recorded it.
    let mut boss = cluster.connect("boss");
    let rows = boss
        .query(
            "SELECT actor, channel FROM rolo.audit WHERE action = 'interaction.add' ORDER BY seq DESC LIMIT 2",
            &[],
        )
        .unwrap();
    let seen: Vec<(String, String)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
    assert_eq!(
        seen,
        [
            ("bob".to_string(), "cli".to_string()),
            ("alice".to_string(), "cli".to_string())
        ]
    );
    ok(rolo(h, &alice, &["undo"]));
    let shown = ok(rolo(h, &alice, &["show", "Alice Customer"]));
    assert!(!shown.contains("through the pooler"), "{shown}");
}

/// Give everything under `dir` to `uid` (the server reads its certificate).
fn chown_all(dir: &Path, uid: u32) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let _ = std::os::unix::fs::chown(entry.path(), Some(uid), None);
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
        .env("XDG_CACHE_HOME", home.join("cache"))
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
        ok(rolo(
            home,
            book,
            &["order", "add", name, "5000", "--date", "yesterday"],
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
        assert_eq!(
            count(&mut c, "SELECT count(*) FROM rolo.orders"),
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
        "UPDATE rolo.orders SET record = '{}' WHERE customer_id = 1",
        "UPDATE rolo.orders SET customer_id = 2 WHERE customer_id = 1",
        "DELETE FROM rolo.orders WHERE customer_id = 1",
    ] {
        assert_eq!(bob.execute(sql, &[]).expect(sql), 0, "{sql} changed a row");
    }
    for sql in [
        // Log on, or move his own records onto, Alice's customer.
        "INSERT INTO rolo.interactions (customer_id, at, record) VALUES (1, now(), '{}')",
        "UPDATE rolo.interactions SET customer_id = 1 WHERE customer_id = 2",
        "INSERT INTO rolo.tasks (customer_id, open, record) VALUES (1, true, '{}')",
        "INSERT INTO rolo.orders (customer_id, at, record) VALUES (1, now(), '{}')",
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
    // Nor orders.
    assert_eq!(
        sam.execute("UPDATE rolo.orders SET record = '{}'", &[])
            .unwrap(),
        0
    );
    assert!(
        sam.batch_execute(
            "INSERT INTO rolo.orders (customer_id, at, record) VALUES (1, now(), '{}')"
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
    // A command for database files says what to use instead.
    let e = refused(rolo(h, &cluster.url("alice"), &["backup"]));
    assert!(
        e.contains("is a team database") && e.contains("pg_dump"),
        "{e}"
    );
    // An everyday command with a customer nobody has: exit 2, as on a file.
    let e = refused(rolo(h, &cluster.url("alice"), &["log", "x", "call", "hi"]));
    assert!(e.contains("no customer matches \"x\""), "{e}");
    // A server that is not there is a failure (exit 1) naming the URL.
    let gone = h.join("nowhere").to_string_lossy().replace('/', "%2F");
    let out = rolo(h, &format!("postgresql://x@{gone}/crm"), &["team", "list"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot reach the team database"));
}

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

/// Issue 15's "done when": two reps log calls on their own customers, each
/// sees only theirs, the lead sees both, undo is per person, and what a
/// role may see but not change is refused by the database.
#[test]
fn everyday_commands_run_on_the_team_database_as_each_member() {
    let Some(cluster) = Cluster::start("team everyday commands") else {
        return;
    };
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    team(&cluster, h);
    let (alice, bob, lena, sam) = (
        cluster.url("alice"),
        cluster.url("bob"),
        cluster.url("lena"),
        cluster.url("sam"),
    );

    // Two reps log calls on their own customers.
    let out = ok(rolo(
        h,
        &alice,
        &[
            "log",
            "alice cust",
            "call",
            "pricing",
            "--next",
            "send the pricing sheet",
            "--due",
            "tomorrow",
        ],
    ));
    assert!(out.contains("Logged call with Alice Customer"), "{out}");
    ok(rolo(
        h,
        &bob,
        &["log", "bob cust", "meeting", "demo went well"],
    ));
    ok(rolo(
        h,
        &alice,
        &["add", "王芳 Wang Fang", "--company", "华为"],
    ));

    // Each sees only their own; the lead sees both reps'.
    let list = |url: &str| ok(rolo(h, url, &["--json", "list"]));
    let names = |url: &str| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(&list(url)).unwrap();
        let mut names: Vec<String> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect();
        names.sort();
        names
    };
    assert_eq!(names(&alice), ["Alice Customer", "王芳 Wang Fang"]);
    assert_eq!(names(&bob), ["Bob Customer"]);
    assert_eq!(
        names(&lena),
        ["Alice Customer", "Bob Customer", "王芳 Wang Fang"]
    );
    // Reaching the other rep's customer by name or id finds nothing.
    for target in ["Bob Customer", "#2"] {
        let e = refused(rolo(h, &alice, &["show", target]));
        assert!(e.contains("no customer"), "{target}: {e}");
        let e = refused(rolo(h, &alice, &["log", target, "call", "sneaky"]));
        assert!(e.contains("no customer"), "{target}: {e}");
    }
    let search = ok(rolo(h, &alice, &["search", "customer"]));
    assert!(!search.contains("Bob"), "{search}");
    // Today: Alice's queue has her task, not Bob's or Chen's.
    let today = ok(rolo(h, &alice, &["today"]));
    assert!(today.contains("send the pricing sheet"), "{today}");
    assert!(!today.contains("Bob Customer"), "{today}");

    // Undo is each person's own: Bob's undo takes back Bob's call.
    ok(rolo(h, &alice, &["log", "alice cust", "email", "sent it"]));
    let out = ok(rolo(h, &bob, &["undo"]));
    assert!(out.contains("Undone"), "{out}");
    let timeline = |url: &str, who: &str| ok(rolo(h, url, &["show", who]));
    assert!(!timeline(&bob, "bob cust").contains("demo went well"));
    assert!(timeline(&alice, "alice cust").contains("sent it"));

    // Service sees every deal and may change none: the database refuses.
    let deals = ok(rolo(h, &sam, &["deal", "list"]));
    assert_eq!(deals.matches("Pilot").count(), 3, "{deals}");
    let e = refused(rolo(h, &sam, &["deal", "won", "1"]));
    assert!(e.contains("not allowed"), "{e}");
    let row = cluster
        .connect("boss")
        .query_one("SELECT open FROM rolo.deals WHERE id = 1", &[])
        .unwrap();
    assert!(row.get::<_, bool>(0), "the deal is still open");

    // The audit trail names who did it and through which door.
    let mut boss = cluster.connect("boss");
    let row = boss
        .query_one(
            "SELECT actor, channel FROM rolo.audit WHERE action = 'interaction.add' \
             ORDER BY seq DESC LIMIT 1",
            &[],
        )
        .unwrap();
    assert_eq!(
        (row.get::<_, String>(0), row.get::<_, String>(1)),
        ("alice".to_string(), "cli".to_string())
    );
    // An edit names the fields it changed.
    ok(rolo(
        h,
        &alice,
        &["edit", "alice cust", "--company", "Acme"],
    ));
    let row = boss
        .query_one(
            "SELECT fields FROM rolo.audit WHERE action = 'customer.edit' ORDER BY seq DESC LIMIT 1",
            &[],
        )
        .unwrap();
    assert_eq!(row.get::<_, Vec<String>>(0), ["company"]);
}

/// Many writers at once: every log lands, none is lost or doubled, and ids
/// stay unique (the write lock queues writers; nobody's write fails).
#[test]
fn concurrent_writers_lose_nothing() {
    let Some(cluster) = Cluster::start("team concurrent writers") else {
        return;
    };
    let home = tempfile::tempdir().unwrap();
    let h = home.path().to_path_buf();
    team(&cluster, &h);
    let writers: Vec<_> = [("alice", "Alice Customer"), ("bob", "Bob Customer")]
        .into_iter()
        .flat_map(|who| [who, who])
        .map(|(login, customer)| {
            let (h, url) = (h.clone(), cluster.url(login));
            std::thread::spawn(move || {
                for n in 0..8 {
                    ok(rolo(
                        &h,
                        &url,
                        &["log", customer, "call", &format!("call {n}")],
                    ));
                }
            })
        })
        .collect();
    for w in writers {
        w.join().expect("a writer");
    }
    let mut boss = cluster.connect("boss");
    // 3 migrated calls + 4 writers x 8.
    assert_eq!(
        count(&mut boss, "SELECT count(*) FROM rolo.interactions"),
        35
    );
    assert_eq!(
        count(
            &mut boss,
            "SELECT count(DISTINCT id) FROM rolo.interactions"
        ),
        35
    );
    let seq = count(&mut boss, "SELECT (rolo.highest_ids())[2]");
    assert!(seq >= 35, "the id counter moved past every id ({seq})");
}

/// The conformance suite: the same commands, as the same person, on a
/// database file and on a team database, answer the same — the store's
/// two backends are one store to everything above them.
#[test]
fn the_same_commands_answer_the_same_on_a_file_and_on_a_team_database() {
    let Some(cluster) = Cluster::start("team conformance") else {
        return;
    };
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    ok(rolo(
        h,
        &cluster.url("postgres"),
        &["team", "init", "--admin", "boss"],
    ));
    let team = cluster.url("boss");
    let file = h.join("book.redb").to_string_lossy().into_owned();
    let script: &[&[&str]] = &[
        &[
            "add",
            "Acme Trading",
            "--company",
            "Acme",
            "--email",
            "li@acme.cn",
            "--phone",
            "+86 138 0013 8000",
            "--tag",
            "vip",
        ],
        &["add", "王芳", "--company", "华为", "--source", "expo"],
        &["add", "Zed Ltd"],
        &["campaign", "add", "Spring Expo"],
        &[
            "log",
            "acme",
            "call",
            "asked for pricing",
            "--next",
            "send quote",
            "--due",
            "fri",
        ],
        &["log", "王芳", "meeting", "拜访，谈了续约"],
        &["task", "add", "Zed Ltd", "intro email", "--due", "mon"],
        &["task", "done", "1"],
        &["task", "snooze", "2", "2026-12-01"],
        &["edit", "Zed Ltd", "--stage", "prospect", "--tag", "cold"],
        &["deal", "add", "acme", "Pilot", "--amount", "12000"],
        &["deal", "move", "1", "proposal"],
        &["deal", "won", "1"],
        &["case", "open", "王芳", "invoice wrong"],
        &["case", "resolve", "1", "--note", "sent a new one"],
        &[
            "order",
            "add",
            "acme",
            "12000",
            "--payment",
            "转账",
            "--invoice",
            "04400180",
            "--date",
            "yesterday",
        ],
        &["do", "订单 王芳: ￥3,500 微信支付 打印纸 20箱"],
        &["order", "edit", "2", "--amount", "3800"],
        &["deal", "add", "王芳", "Renewal", "--amount", "8000"],
        &["deal", "won", "2", "--order"],
        &["order", "rm", "1"],
        &["undo"],
        &["order", "list"],
        &["order", "show", "2"],
        &["grep", "打印纸"],
        &["view", "save", "vips", "--tag", "vip"],
        &["interaction", "edit", "2", "--summary", "拜访，续约已谈妥"],
        &["undo"],
        &["list"],
        &["list", "--view", "vips"],
        &["search", "wang"],
        &["search", "华为"],
        &["show", "acme"],
        &["show", "王芳"],
        &["interaction", "show", "2"],
        &["task", "list", "--all"],
        &["today"],
        &["deal", "list", "--status", "all"],
        &["case", "list", "--all"],
        &["campaign", "list"],
        &["view", "list"],
        &["report", "funnel"],
        &["report", "activity"],
    ];
    for step in script {
        let on_file = rolo_as(h, &file, "boss", step);
        let on_team = rolo_as(h, &team, "boss", step);
        let shown = |o: &Output| {
            format!(
                "exit {:?}\n{}{}",
                o.status.code(),
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            )
        };
        assert!(
            on_file.status.success(),
            "`rolo {}` fails on a file: {}",
            step.join(" "),
            shown(&on_file)
        );
        assert_eq!(
            lines(&shown(&on_file)),
            lines(&shown(&on_team).replace(&team, &file)),
            "`rolo {}` answers differently",
            step.join(" ")
        );
    }
    // Erasing: the same customer and rows go; a file is then rewritten,
    // while on a team database PostgreSQL anonymises the audit trail.
    let on_file = ok(rolo_as(h, &file, "boss", &["erase", "#3", "--yes"]));
    let on_team = ok(rolo_as(h, &team, "boss", &["erase", "#3", "--yes"]));
    assert_eq!(on_file.lines().next(), on_team.lines().next());
    assert_eq!(
        ok(rolo_as(h, &file, "boss", &["list"])),
        ok(rolo_as(h, &team, "boss", &["list"]))
    );
    let mut boss = cluster.connect("boss");
    assert_eq!(
        count(
            &mut boss,
            "SELECT count(*) FROM rolo.audit WHERE customer_id = 3"
        ),
        0
    );
    assert!(
        count(
            &mut boss,
            "SELECT count(*) FROM rolo.audit WHERE entity = 'erased'"
        ) >= 4
    );
    assert_eq!(
        count(
            &mut boss,
            "SELECT count(*) FROM rolo.tasks WHERE customer_id = 3"
        ),
        0
    );

    // The one difference: a team database's audit trail is written by its
    // triggers (so nobody can forge it), a row at a time, at the server's
    // clock, naming the fields each edit changed.
    let history = ok(rolo_as(h, &team, "boss", &["history", "王芳"]));
    for action in [
        "customer.add",
        "interaction.add",
        "interaction.edit",
        "case.add",
        "case.edit",
    ] {
        assert!(history.contains(action), "{action} missing: {history}");
    }
}

/// `rolo` as Unix user `login` (the actor a file records).
fn rolo_as(home: &Path, db: &str, login: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rolo"))
        .args(["--db", db])
        .args(args)
        .env("ROLO_CONFIG_DIR", home.join("config"))
        .env("ROLO_NOW", NOW)
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("USER", login)
        .env_remove("ROLO_DB")
        .output()
        .expect("rolo runs")
}

/// The working copy kept between runs catches up on rows written, edited
/// and deleted since — by rolo or by hand — and loads afresh when
/// who-sees-what changed; a damaged kept copy is replaced, never trusted.
#[test]
fn a_kept_working_copy_follows_the_team_database() {
    let Some(cluster) = Cluster::start("team working copy") else {
        return;
    };
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    team(&cluster, h);
    let (alice, chen) = (cluster.url("alice"), cluster.url("chen"));
    let names = |url: &str| -> String { ok(rolo(h, url, &["list"])) };
    assert!(names(&alice).contains("Alice Customer"));
    let kept: Vec<_> = std::fs::read_dir(h.join("cache/rolo/team"))
        .expect("a kept copy")
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&kept[0]).unwrap().permissions().mode();
    assert_eq!(mode & 0o077, 0, "only its user reads a kept copy");

    // Written by hand, another session: an edit, a new call, a deletion.
    let mut boss = cluster.connect("boss");
    boss.batch_execute(
        "UPDATE rolo.customers SET record = jsonb_set(record, '{company}', '\"Renamed Co\"'),
                company = 'Renamed Co' WHERE id = 1;
         DELETE FROM rolo.tasks WHERE customer_id = 1;",
    )
    .unwrap();
    ok(rolo(
        h,
        &alice,
        &["log", "Alice Customer", "email", "followed up"],
    ));
    let shown = ok(rolo(h, &alice, &["show", "Alice Customer"]));
    assert!(shown.contains("Renamed Co"), "{shown}");
    assert!(shown.contains("followed up"), "{shown}");
    assert!(shown.contains("Open tasks (0)"), "{shown}");
    let tasks = ok(rolo(h, &alice, &["task", "list", "--all"]));
    assert!(!tasks.contains("send quote"), "{tasks}");

    // Visibility: Chen's customer is shared with Alice, then given to her.
    ok(rolo(h, &chen, &["share", "Chen Customer", "alice"]));
    assert!(names(&alice).contains("Chen Customer"));
    ok(rolo(
        h,
        &cluster.url("boss"),
        &["assign", "Alice Customer", "bob"],
    ));
    assert!(!names(&alice).contains("Alice Customer"));
    let e = refused(rolo(h, &alice, &["show", "Alice Customer"]));
    assert!(e.contains("no customer"), "{e}");

    // A damaged kept copy is loaded afresh.
    std::fs::write(&kept[0], b"not a database").unwrap();
    assert!(names(&alice).contains("Chen Customer"));
}

/// A write the database refuses leaves nothing of itself in the kept copy;
/// a member's own writes are taken into it as the database stamped them;
/// a row added by hand with an id of its own costs one retry. After each,
/// the kept copy answers exactly as a copy loaded afresh does.
#[test]
fn a_kept_copy_answers_as_a_fresh_one_after_own_refused_and_hand_written_writes() {
    let Some(cluster) = Cluster::start("team working copy after writes") else {
        return;
    };
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    team(&cluster, h);
    let alice = cluster.url("alice");
    let fresh = tempfile::tempdir().unwrap();
    let same_as_fresh = |args: &[&str]| {
        let _ = std::fs::remove_dir_all(fresh.path().join("cache"));
        let loaded = ok(rolo(fresh.path(), &alice, args));
        assert_eq!(ok(rolo(h, &alice, args)), loaded, "rolo {args:?}");
    };
    let everything: [&[&str]; 5] = [
        &["show", "Alice Customer"],
        &["history", "Alice Customer"],
        &["today"],
        &["task", "list", "--all"],
        &["deal", "list"],
    ];
    ok(rolo(h, &alice, &["list"]));

    // Refused by the policies after the copy took it: the copy goes too.
    let e = refused(rolo(h, &alice, &["assign", "Alice Customer", "bob"]));
    assert!(e.contains("not allowed"), "{e}");
    let shown = ok(rolo(h, &alice, &["--json", "show", "Alice Customer"]));
    assert!(shown.contains("\"owner\": \"alice\""), "{shown}");

    // Her own writes, one after another, each the only one since the last.
    for args in [
        &["log", "Alice Customer", "call", "agreed on a pilot"][..],
        &[
            "task",
            "add",
            "Alice Customer",
            "send the contract",
            "--due",
            "mon",
        ],
        &[
            "deal",
            "add",
            "Alice Customer",
            "Rollout",
            "--amount",
            "50000",
        ],
        &["log", "Alice Customer", "email", "contract sent"],
    ] {
        ok(rolo(h, &alice, args));
    }
    for args in everything {
        same_as_fresh(args);
    }

    // A call added by hand, with the next id rolo would have given.
    let mut boss = cluster.connect("boss");
    boss.batch_execute(
        "INSERT INTO rolo.interactions (id, customer_id, at, record)
         SELECT (rolo.highest_ids())[2] + 1, customer_id, at, record
         FROM rolo.interactions WHERE id = 1",
    )
    .unwrap();
    let out = rolo(h, &alice, &["log", "Alice Customer", "call", "first try"]);
    assert_eq!(out.status.code(), Some(1));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(e.contains("run the command again"), "{e}");
    ok(rolo(
        h,
        &alice,
        &["log", "Alice Customer", "call", "second try"],
    ));
    let shown = ok(rolo(h, &alice, &["show", "Alice Customer"]));
    assert!(
        shown.contains("second try") && !shown.contains("first try"),
        "{shown}"
    );
    for args in everything {
        same_as_fresh(args);
    }
}

/// Issue 15 item 4: leads that come in without an owner are given out by
/// the database's rules, to a team's reps in turn, and each rep finds
/// theirs in Today; a rep's own leads stay theirs.
#[test]
fn new_leads_without_an_owner_are_assigned_by_the_rules() {
    let Some(cluster) = Cluster::start("team lead assignment") else {
        return;
    };
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    team(&cluster, h);
    let (boss, alice) = (cluster.url("boss"), cluster.url("alice"));
    // Only an admin sets rules; a team without reps gets none.
    let e = refused(rolo(
        h,
        &alice,
        &["team", "rule", "add", "--source", "expo", "--team", "east"],
    ));
    assert!(e.contains("only a team admin"), "{e}");
    let e = refused(rolo(
        h,
        &boss,
        &[
            "team", "rule", "add", "--source", "expo", "--team", "support",
        ],
    ));
    assert!(e.contains("has no reps"), "{e}");
    let added = ok(rolo(
        h,
        &boss,
        &["team", "rule", "add", "--region", "上海", "--team", "west"],
    ));
    let first: String = added
        .trim_start_matches("rule ")
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    ok(rolo(
        h,
        &boss,
        &["team", "rule", "add", "--source", "Expo", "--team", "east"],
    ));
    let rules = ok(rolo(h, &boss, &["team", "rule", "list"]));
    assert!(
        rules.contains("region") && rules.contains("上海") && rules.contains("east"),
        "{rules}"
    );

    let sheet = h.join("leads.csv");
    std::fs::write(
        &sheet,
        "name,source,address\n\
         Lead One,expo,\n\
         Lead Two,EXPO,\n\
         Lead Three,expo,\n\
         上海客户,web,上海市浦东新区\n\
         Walk In,web,\n",
    )
    .unwrap();
    ok(rolo(h, &boss, &["import", sheet.to_str().unwrap()]));
    let mut admin = cluster.connect("boss");
    let owners: Vec<(String, String)> = admin
        .query(
            "SELECT name, owner FROM rolo.customers WHERE id > 3 ORDER BY id",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let owner = |name: &str| {
        owners
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, o)| o.as_str())
    };
    // East's reps in turn (alice, bob, alice); 上海 to west (chen); no rule: the adder.
    assert_eq!(owner("Lead One"), Some("alice"), "{owners:?}");
    assert_eq!(owner("Lead Two"), Some("bob"), "{owners:?}");
    assert_eq!(owner("Lead Three"), Some("alice"), "{owners:?}");
    assert_eq!(owner("上海客户"), Some("chen"), "{owners:?}");
    assert_eq!(owner("Walk In"), Some("boss"), "{owners:?}");

    // Each rep finds their first contacts in Today.
    let today = ok(rolo(h, &alice, &["today"]));
    assert!(
        today.contains("Lead One") && today.contains("Lead Three"),
        "{today}"
    );
    assert!(today.contains("first contact"), "{today}");
    assert!(!today.contains("Lead Two"), "{today}");
    let today = ok(rolo(h, &cluster.url("chen"), &["today"]));
    assert!(today.contains("上海客户"), "{today}");

    // A rep's own import stays theirs, whatever the rules say.
    let mine = h.join("mine.csv");
    std::fs::write(&mine, "name,source\nMy Expo Lead,expo\n").unwrap();
    ok(rolo(
        h,
        &cluster.url("bob"),
        &["import", mine.to_str().unwrap()],
    ));
    let row = admin
        .query_one(
            "SELECT owner FROM rolo.customers WHERE name = 'My Expo Lead'",
            &[],
        )
        .unwrap();
    assert_eq!(row.get::<_, String>(0), "bob");

    ok(rolo(h, &boss, &["team", "rule", "rm", &first]));
    let e = refused(rolo(h, &boss, &["team", "rule", "rm", &first]));
    assert!(e.contains(&format!("no assignment rule {first}")), "{e}");
}

/// The app on a team database, in a real terminal: a rep sees their own
/// customers and not another rep's, finds nothing filtering for them, and
/// sees another terminal's call on their customer within a second or so
/// (NOTIFY, then the tick).
#[test]
fn the_app_shows_a_rep_their_own_book_and_follows_other_terminals() {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::{Read, Write};
    use std::sync::Mutex;
    use std::time::{Duration, Instant};
    let Some(cluster) = Cluster::start("team app") else {
        return;
    };
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    team(&cluster, h);
    let alice = cluster.url("alice");

    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pty");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_rolo"));
    for (name, value) in [
        ("ROLO_DB", alice.as_str()),
        ("ROLO_NOW", NOW),
        ("TERM", "xterm-256color"),
        ("NO_COLOR", "1"),
    ] {
        cmd.env(name, value);
    }
    for (name, dir) in [
        ("ROLO_CONFIG_DIR", "config"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
    ] {
        cmd.env(name, h.join(dir));
    }
    cmd.env("HOME", h);
    let mut child = pty.slave.spawn_command(cmd).expect("spawns");
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().expect("reader");
    let mut writer = pty.master.take_writer().expect("writer");
    let parser = Arc::new(Mutex::new(vt100::Parser::new(
        std::num::NonZeroU16::new(24).unwrap(),
        std::num::NonZeroU16::new(100).unwrap(),
        0,
    )));
    let feed = Arc::clone(&parser);
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            if let Ok(mut p) = feed.lock() {
                p.process(&buf[..n]);
            }
        }
    });
    let screen = || {
        parser
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    };
    let wait_for = |needle: &str, within: Duration| -> Duration {
        let start = Instant::now();
        while start.elapsed() < within {
            if screen().contains(needle) {
                return start.elapsed();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("\"{needle}\" never appeared; the screen was:\n{}", screen());
    };

    wait_for("Alice Customer", Duration::from_secs(20));
    let shown = screen();
    assert!(shown.contains("Customers 1"), "{shown}");
    assert!(
        !shown.contains("Bob Customer") && !shown.contains("Chen"),
        "{shown}"
    );
    // Filtering for another rep's customer finds nothing.
    writer.write_all(b"/bob").unwrap();
    writer.flush().unwrap();
    wait_for("0/1", Duration::from_secs(5));
    assert!(!screen().contains("Bob Customer"), "{}", screen());
    writer.write_all(b"\x1b").unwrap();
    writer.flush().unwrap();

    // Another terminal logs a call on Alice's customer: the app shows it.
    ok(rolo(
        h,
        &alice,
        &["log", "Alice Customer", "call", "from the other terminal"],
    ));
    let took = wait_for("from the other terminal", Duration::from_secs(5));
    assert!(took < Duration::from_secs(3), "took {took:?}");

    writer.write_all(b"q").unwrap();
    writer.flush().unwrap();
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(5) {
        if let Ok(Some(status)) = child.try_wait() {
            assert!(status.success(), "{status:?}");
            // It closed its working copy: the next run opens it without
            // repairing it (a repair reads the whole file).
            for kept in std::fs::read_dir(h.join("cache/rolo/team")).unwrap() {
                let path = kept.unwrap().path();
                let repaired = Arc::new(AtomicBool::new(false));
                let flag = Arc::clone(&repaired);
                redb::Database::builder()
                    .set_repair_callback(move |_| flag.store(true, Ordering::SeqCst))
                    .open(&path)
                    .unwrap();
                assert!(
                    !repaired.load(Ordering::SeqCst),
                    "{} needed a repair",
                    path.display()
                );
            }
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("the app did not quit");
}

/// `sslmode` as libpq users expect, against a server that takes only TLS
/// on TCP: `require` encrypts, `verify-full` checks the certificate and
/// the host name, `verify-ca` the certificate only, `disable` is turned
/// away by the server, and a verify mode without a root certificate says
/// where to put one.
#[test]
fn sslmode_works_as_libpq_users_expect() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    // A CA, a server certificate for localhost signed by it, and another CA.
    let certs = tempfile::tempdir().unwrap();
    let at = |name: &str| certs.path().join(name);
    let (crt, key, ca, other) = (
        at("server.crt"),
        at("server.key"),
        at("ca.crt"),
        at("other.crt"),
    );
    std::fs::write(
        at("ext"),
        "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\n",
    )
    .unwrap();
    let openssl = |args: &[&str]| -> bool {
        Command::new("openssl")
            .args(args)
            .current_dir(certs.path())
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let made = openssl(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=rolo test CA",
        "-keyout",
        "ca.key",
        "-out",
        "ca.crt",
    ]) && openssl(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=another CA",
        "-keyout",
        "other.key",
        "-out",
        "other.crt",
    ]) && openssl(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=localhost",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
    ]) && openssl(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        "ext",
        "-out",
        "server.crt",
    ]);
    if !made {
        assert!(
            !std::env::var("ROLO_REQUIRE_POSTGRES_TESTS").is_ok_and(|v| v == "1"),
            "openssl is needed to make the test certificates"
        );
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "skipped: team TLS test (tests/team_pg.rs): openssl not installed"
        );
        return;
    }
    let prepare = |data: &Path| {
        std::fs::copy(&crt, data.join("server.crt")).unwrap();
        std::fs::copy(&key, data.join("server.key")).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(
            data.join("server.key"),
            std::fs::Permissions::from_mode(0o600),
        )
        .unwrap();
        std::fs::write(
            data.join("pg_hba.conf"),
            "local all all trust\nhostssl all all 127.0.0.1/32 trust\n",
        )
        .unwrap();
    };
    let Some(cluster) = Cluster::start_with(
        "team TLS",
        &prepare,
        port,
        "-c listen_addresses=127.0.0.1 -c ssl=on",
    ) else {
        return;
    };
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    ok(rolo(
        h,
        &cluster.url("postgres"),
        &["team", "init", "--admin", "boss"],
    ));
    let over_tcp = |host: &str, query: &str| format!("postgresql://boss@{host}:{port}/crm?{query}");
    let root = ca.to_string_lossy().replace('/', "%2F");
    let wrong = other.to_string_lossy().replace('/', "%2F");

    ok(rolo(
        h,
        &over_tcp("localhost", "sslmode=require"),
        &["team", "list"],
    ));
    ok(rolo(
        h,
        &over_tcp("localhost", "sslmode=prefer"),
        &["team", "list"],
    ));
    ok(rolo(
        h,
        &over_tcp(
            "localhost",
            &format!("sslmode=verify-full&sslrootcert={root}"),
        ),
        &["team", "list"],
    ));
    ok(rolo(
        h,
        &over_tcp(
            "127.0.0.1",
            &format!("sslmode=verify-ca&sslrootcert={root}"),
        ),
        &["team", "list"],
    ));
    let failed = |out: Output| -> String {
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    // The certificate names localhost, not 127.0.0.1.
    let e = failed(rolo(
        h,
        &over_tcp(
            "127.0.0.1",
            &format!("sslmode=verify-full&sslrootcert={root}"),
        ),
        &["team", "list"],
    ));
    assert!(
        e.contains("cannot reach the team database") && e.to_lowercase().contains("certificate"),
        "{e}"
    );
    // Signed by someone else.
    let e = failed(rolo(
        h,
        &over_tcp(
            "localhost",
            &format!("sslmode=verify-full&sslrootcert={wrong}"),
        ),
        &["team", "list"],
    ));
    assert!(e.to_lowercase().contains("certificate"), "{e}");
    // The server takes no unencrypted connection.
    let e = failed(rolo(
        h,
        &over_tcp("localhost", "sslmode=disable"),
        &["team", "list"],
    ));
    assert!(
        e.contains("no encryption") || e.contains("pg_hba.conf"),
        "{e}"
    );
    // A verify mode needs a root certificate, and says where.
    let e = refused(rolo(
        h,
        &over_tcp("localhost", "sslmode=verify-full"),
        &["team", "list"],
    ));
    assert!(e.contains("sslrootcert") && e.contains("root.crt"), "{e}");
}
