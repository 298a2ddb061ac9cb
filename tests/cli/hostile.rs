//! Hostile input (issue 11, items 7 and 9): files and text made to hang,
//! exhaust or drive the terminal are refused or read in linear time, and
//! control characters reach a terminal only made visible.
//!
//! Sizes run in seconds in a debug build; each took minutes before (the
//! release-build figures are in docs/PERFORMANCE.md, "Hostile input"). A
//! run that does not finish within `LIMIT` fails.

use super::*;
use std::time::{Duration, Instant};

/// Far above what each run takes now, far below what it took before.
const LIMIT: Duration = Duration::from_secs(60);

/// Run with a timeout; the output whatever the exit code.
fn run(env: &Env, args: &[&str]) -> std::process::Output {
    let start = Instant::now();
    let out = env
        .rolo(args)
        .timeout(LIMIT)
        .output()
        .unwrap_or_else(|e| panic!("rolo {args:?} did not finish in {LIMIT:?}: {e}"));
    assert!(
        start.elapsed() < LIMIT,
        "rolo {args:?} took {:?}",
        start.elapsed()
    );
    out
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn write(env: &Env, name: &str, text: &str) -> String {
    let path = env.dir.path().join(name);
    std::fs::write(&path, text).expect("write");
    path.display().to_string()
}

#[test]
fn a_header_of_twenty_thousand_columns_is_refused_naming_the_limit() {
    let env = Env::new();
    let header: Vec<String> = (0..20_000).map(|i| format!("c{i}")).collect();
    let row = vec!["v"; 20_000].join(",");
    let file = write(&env, "wide.csv", &format!("{}\n{row}\n", header.join(",")));
    let out = run(&env, &["import", &file]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "line 1: the header row has 20,000 columns; rolo reads at most 16,384 (as many as a spreadsheet has)"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn sixteen_thousand_columns_of_one_name_are_read_in_seconds() {
    let env = Env::new();
    let cols = 16_384;
    let mut text = format!("name,{}\n", vec!["x"; cols - 1].join(","));
    for r in 0..3 {
        text.push_str(&format!("P{r},{}\n", vec!["v"; cols - 1].join(",")));
    }
    let file = write(&env, "same.csv", &text);
    let out = run(&env, &["import", &file, "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["created"], 3);
    let shown = env.json(&["show", "P1"]);
    assert_eq!(shown["customer"]["custom"]["x (16383)"], "v");
}

#[test]
fn a_card_of_100k_properties_is_refused_and_a_full_card_is_read_in_seconds() {
    let env = Env::new();
    let card = |n: usize| {
        let mut text = String::from("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\n");
        for i in 0..n {
            text.push_str(&format!("X-FOO:v{i}\r\n"));
        }
        text.push_str("END:VCARD\r\n");
        text
    };
    let file = write(&env, "huge.vcf", &card(100_000));
    let out = run(&env, &["import", &file]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("line 1: the card has 100,002 properties; rolo reads at most 10,000 a card"),
        "{}",
        stderr(&out)
    );
    let file = write(&env, "full.vcf", &card(9_998));
    let out = run(&env, &["import", &file]);
    assert!(out.status.success(), "{}", stderr(&out));
    let shown = env.json(&["show", "Ann Lee"]);
    assert_eq!(shown["customer"]["custom"]["x-foo (9998)"], "v9997");
}

#[test]
fn a_cell_over_a_mebibyte_is_a_bad_row_named_by_line_and_column() {
    let env = Env::new();
    let big = "n".repeat((1 << 20) + 1);
    let file = write(
        &env,
        "big.csv",
        &format!("name,notes\nAnn,short\nBob,{big}\n"),
    );
    let out = run(&env, &["import", &file]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("line 3, column \"notes\": the cell is 1,048,577 bytes; rolo reads at most 1,048,576 bytes (1 MiB) a cell"),
        "{}",
        stderr(&out)
    );
    // With --skip-invalid the rest is imported.
    let out = run(&env, &["import", &file, "--skip-invalid"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(env.json(&["list"]).as_array().map(Vec::len), Some(1));
}

/// One person in 20,000 rows, each with a new tag: every row merges into
/// the first (each merge copied and re-checked the whole customer: 5,000
/// rows took 68 s in a release build).
#[test]
fn one_customer_in_twenty_thousand_rows_merges_in_seconds() {
    let env = Env::new();
    let n = 20_000;
    let mut text = String::from("name,email,tags\n");
    for i in 0..n {
        text.push_str(&format!("Ann,ann@example.com,t{i}\n"));
    }
    let file = write(&env, "merge.csv", &text);
    let out = run(&env, &["import", &file, "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        (report["created"].as_u64(), report["merged"].as_u64()),
        (Some(1), Some(19_999))
    );
    let shown = env.json(&["show", "Ann"]);
    assert_eq!(shown["customer"]["tags"].as_array().map(Vec::len), Some(n));
    // Again, now into the stored customer: nothing changes, still in seconds.
    let out = run(&env, &["import", &file, "--json"]);
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["unchanged"], n);
}

/// 20,000 follow-ups of one customer at one moment: each row was checked
/// against every interaction logged there so far (159 s in a release build).
#[test]
fn twenty_thousand_follow_ups_at_one_moment_are_logged_in_seconds() {
    let env = Env::new();
    env.ok(&["add", "Ann Lee"]);
    let mut text = String::from("客户名称,跟进时间,跟进方式,跟进内容\n");
    for i in 0..20_000 {
        text.push_str(&format!("Ann Lee,2026-11-20 10:00,call,summary {i}\n"));
    }
    let file = write(&env, "follow.csv", &text);
    let out = run(&env, &["import", &file, "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["interactions"], 20_000);
    let out = run(&env, &["import", &file, "--json"]);
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        (
            report["interactions"].as_u64(),
            report["unchanged"].as_u64()
        ),
        (Some(0), Some(20_000))
    );
}

/// A search query, a list filter, a customer reference and a palette
/// line's customer words are at most 256 characters: longer is bad input
/// (exit 2) naming the limit, answered at once (a query of 100,000
/// characters searched 2,000 customers for 45 s).
#[test]
fn queries_longer_than_256_characters_are_refused_naming_the_limit() {
    let env = Env::new().with_customers();
    let long = "a".repeat(100_000);
    let just = "王".repeat(256);
    for (args, says) in [
        (
            vec!["search", long.as_str()],
            "the search query is 100000 characters long; rolo searches for at most 256",
        ),
        (
            vec!["list", "--tag", long.as_str()],
            "--tag is 100000 characters long; rolo searches for at most 256",
        ),
        (
            vec!["list", "--owner", long.as_str()],
            "--owner is 100000 characters long",
        ),
        (
            vec!["show", long.as_str()],
            "a customer reference of 100000 characters is too long; rolo looks up at most 256",
        ),
        (
            vec!["log", long.as_str(), "call", "hi"],
            "a customer reference of 100000 characters is too long",
        ),
    ] {
        let out = run(&env, &args);
        assert_eq!(out.status.code(), Some(2), "{}: {}", args[0], stderr(&out));
        assert!(stderr(&out).contains(says), "{}: {}", args[0], stderr(&out));
    }
    let line = format!("call {long}: hello");
    let out = run(&env, &["do", &line]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("too long; rolo looks up at most 256"),
        "{}",
        stderr(&out)
    );
    // 256 characters is a query like any other.
    let out = run(&env, &["search", &just]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = env.fails(2, &["show", &just]);
    assert!(err.contains("no customer matches"), "{err}");
}

fn mkfifo(path: &std::path::Path) {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).expect("no NUL");
    // SAFETY: `c` is a valid NUL-terminated path for the call's duration.
    let rc = unsafe { libc::mkfifo(c.as_ptr(), 0o600) };
    assert_eq!(rc, 0, "mkfifo: {}", std::io::Error::last_os_error());
}

/// Issue 11, item 9: importing a FIFO blocked for ever, `/dev/zero` read
/// until memory ran out; a directory or a socket is no file either. Each is
/// refused at once (exit 2), saying what it is.
#[test]
fn importing_a_fifo_a_device_or_a_directory_is_refused_at_once() {
    let env = Env::new();
    let fifo = env.dir.path().join("pipe.csv");
    mkfifo(&fifo);
    let link = env.dir.path().join("zero.csv");
    std::os::unix::fs::symlink("/dev/zero", &link).expect("symlink");
    let sock = env.dir.path().join("sock.csv");
    let _listener = std::os::unix::net::UnixListener::bind(&sock).expect("bind");
    for (path, what) in [
        (fifo.display().to_string(), "a FIFO (named pipe)"),
        ("/dev/zero".to_string(), "a character device"),
        (link.display().to_string(), "a character device"),
        (env.dir.path().display().to_string(), "a directory"),
        (sock.display().to_string(), "a socket"),
    ] {
        let out = run(&env, &["import", &path]);
        assert_eq!(out.status.code(), Some(2), "{path}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(&format!(
                "cannot read \"{path}\": it is {what}, not a regular file"
            )),
            "{}",
            stderr(&out)
        );
    }
}

/// A config.toml that is a FIFO or /dev/zero stops every command with a
/// clear message instead of hanging it.
#[test]
fn a_config_file_that_is_a_fifo_or_a_device_is_refused_with_a_message() {
    let env = Env::new();
    let dir = env.dir.path().join("config");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let config = dir.join("config.toml");
    mkfifo(&config);
    let out = run(&env, &["today"]);
    assert_ne!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("config.toml\": it is a FIFO (named pipe), not a regular file"),
        "{}",
        stderr(&out)
    );
    std::fs::remove_file(&config).expect("rm");
    std::os::unix::fs::symlink("/dev/zero", &config).expect("symlink");
    let out = run(&env, &["today"]);
    assert!(
        stderr(&out).contains("config.toml\": it is a character device, not a regular file"),
        "{}",
        stderr(&out)
    );
}

/// Every byte a terminal could take as a control: C0 (but line breaks
/// and tabs), DEL, C1 (UTF-8 `C2 80`–`C2 9F`) and the bidirectional
/// embeddings, overrides and isolates.
fn raw_controls(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    text.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n' && c != '\t')
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
        .map(|c| format!("U+{:04X}", u32::from(c)))
        .collect()
}

fn assert_clean(what: &str, bytes: &[u8]) {
    let found = raw_controls(bytes);
    assert!(
        found.is_empty(),
        "{what}: raw {found:?} in {}",
        String::from_utf8_lossy(bytes)
    );
}

/// ESC, BEL, CSI sequences, C1 controls and a right-to-left override in a
/// name, a summary, an import cell, a bad date and a reference: no human
/// output or error message carries them raw; `--json` and files keep
/// them exact.
#[test]
fn control_characters_never_reach_the_terminal_raw_and_json_keeps_them() {
    let env = Env::new();
    let name = "Evil\u{1b}[2J\u{1b}]0;pwned\u{7} \u{9b}31mCorp\u{202e}lee";
    let summary = "said \u{1b}[31mred\u{1b}[0m\u{85}\u{7f} things";
    env.ok(&["add", name, "--company", "X\u{1b}[5mCo", "--tag", "t"]);
    env.ok(&[
        "log",
        "#1",
        "call",
        summary,
        "--next",
        "ring \u{9b}2J back",
        "--due",
        "tomorrow",
    ]);

    // Human output of the reading commands.
    for args in [
        vec!["show", "#1"],
        vec!["list"],
        vec!["search", "evil"],
        vec!["today"],
        vec!["task", "list", "--all"],
        vec!["history", "#1"],
        vec!["report", "activity"],
    ] {
        let out = run(&env, &args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert_clean(&format!("{args:?} stdout"), &out.stdout);
        assert_clean(&format!("{args:?} stderr"), &out.stderr);
    }
    let shown = env.ok(&["show", "#1"]);
    assert!(
        shown.contains("Evil\\x1b[2J\\x1b]0;pwned\\x07 \\u{9b}31mCorp\\u{202e}lee"),
        "{shown}"
    );

    // --json keeps every character.
    let json = env.json(&["show", "#1"]);
    assert_eq!(json["customer"]["name"], name);
    assert_eq!(json["timeline"][0]["summary"], summary);
    let found = env.json(&["search", "evil"]);
    assert_eq!(found[0]["name"], name);

    // Exports to a file or a pipe are exact.
    let out = run(&env, &["export", "--format", "csv"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains(name));
    let file = env.dir.path().join("out.csv");
    env.ok(&[
        "export",
        "--format",
        "csv",
        "--out",
        &file.display().to_string(),
    ]);
    assert!(std::fs::read_to_string(&file).expect("read").contains(name));

    // Errors that quote what the user typed or a file held.
    let bad_ref = "no\u{1b}]0;title\u{7}body\u{202e}";
    for (args, code) in [
        (vec!["show", bad_ref], 2),
        (
            vec!["task", "add", "#1", "x", "--due", "\u{1b}[31mfri\u{9b}"],
            2,
        ),
        (vec!["add", "Bob", "--email", "b\u{1b}[2J@x"], 2),
        (vec!["do", "call #1: hi @\u{1b}[2Jfri"], 2),
    ] {
        let out = run(&env, &args);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {}", stderr(&out));
        assert_clean(&format!("{args:?} stderr"), &out.stderr);
        assert_clean(&format!("{args:?} stdout"), &out.stdout);
    }
    let err = env.fails(2, &["show", bad_ref]);
    assert!(err.contains("no\\x1b]0;title\\x07body\\u{202e}"), "{err}");
    let csv = "name,email,last contact\nAnn,a\u{1b}[2J@x,\u{9b}31m2026-13-45\nBo\u{1b}[8mb,b@x.com,\u{202e}yesterday\u{7}\n";
    let file = write(&env, "bad.csv", csv);
    let out = run(&env, &["import", &file]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_clean("import errors", &out.stderr);
    assert!(stderr(&out).contains("a\\x1b[2J@x"), "{}", stderr(&out));
    // --skip-invalid: the report on stdout is clean, the rejected file exact.
    let out = run(&env, &["import", &file, "--skip-invalid"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_clean("import report", &out.stdout);
    let rejected = std::fs::read_to_string(env.dir.path().join("bad.rejected.csv")).expect("read");
    assert!(rejected.contains("a\u{1b}[2J@x"), "{rejected}");
    // The import's --json report has the cells exact.
    let out = run(
        &env,
        &["import", &file, "--dry-run", "--skip-invalid", "--json"],
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["rejected"][0]["cells"][1], "a\u{1b}[2J@x");
}

/// `rolo export` to a terminal shows control characters made visible; the
/// same export into a pipe keeps them (checked above).
#[test]
fn an_export_to_a_terminal_shows_control_characters_visibly() {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::Read;
    let env = Env::new();
    env.ok(&[
        "add",
        "Evil\u{1b}[2J\u{9b}31m\u{202e}One",
        "--email",
        "e@x.com",
    ]);
    env.ok(&[
        "task",
        "add",
        "#1",
        "ring \u{1b}[2J\u{202e}back",
        "--due",
        "fri",
    ]);
    for format in ["csv", "vcard", "ics", "jsonl"] {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 200,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_rolo"));
        cmd.args(["export", "--format", format]);
        cmd.env("ROLO_DB", env.db());
        cmd.env("ROLO_CONFIG_DIR", env.dir.path().join("config"));
        cmd.env("ROLO_NOW", NOW);
        cmd.env("HOME", env.dir.path());
        cmd.env("USER", "tester");
        let mut child = pty.slave.spawn_command(cmd).expect("spawn");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("reader");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut all = Vec::new();
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                all.extend_from_slice(&buf[..n]);
            }
            let _ = tx.send(all);
        });
        let status = child.wait().expect("wait");
        assert!(status.success(), "{format}");
        drop(pty.master);
        let all = rx.recv_timeout(LIMIT).expect("output");
        // The terminal turns LF into CR LF (and vCard's CR LF into CR CR LF).
        let text = String::from_utf8_lossy(&all)
            .replace("\r\r\n", "\n")
            .replace("\r\n", "\n");
        assert_clean(
            &format!("export --format {format} to a terminal"),
            text.as_bytes(),
        );
        if format == "jsonl" {
            // JSON's own escapes: still the same JSON.
            assert!(
                text.contains("Evil\\u001b[2J\\u009b31m\\u202eOne"),
                "{text}"
            );
        } else if format == "csv" {
            assert!(
                text.contains("Evil\\x1b[2J\\u{9b}31m\\u{202e}One"),
                "{text}"
            );
        } else if format == "vcard" {
            // vCard and ICS drop C0 and C1 controls themselves.
            assert!(text.contains("Evil[2J31m\\u{202e}One"), "{text}");
        } else {
            assert!(text.contains("\\u{202e}back"), "{text}");
        }
    }
}
