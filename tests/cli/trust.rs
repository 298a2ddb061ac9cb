//! Issue 11: no command touches the wrong record, bad input is exit 2 with
//! a message naming what and where, and "damaged" is said only of a
//! damaged file. Each test names the item it pins.

use super::*;

/// Item 1: `rolo erase "Jon Fisher" --yes` fuzzy-matched and erased John
/// Fischer. Irreversible commands take `#id` or an exact name, email or
/// phone; anything fuzzier is refused with the candidates, erasing nothing.
#[test]
fn erase_takes_only_an_id_or_an_exact_name_email_or_phone() {
    let env = Env::new();
    env.ok(&[
        "add",
        "John Fischer",
        "--company",
        "Acme",
        "--email",
        "jf@acme.com",
        "--phone",
        "+1 773 555 9306",
    ]);
    env.ok(&["add", "Amy Taylor", "--company", "Acme"]);
    for near in ["Jon Fisher", "john", "Fischer", "Acme", "jf@acme"] {
        let err = env.fails(2, &["erase", near, "--yes"]);
        assert!(err.contains("not exactly"), "{near}: {err}");
        assert!(err.contains("give the #id"), "{near}: {err}");
        if near != "jf@acme" {
            assert!(
                err.contains("#1") && err.contains("John Fischer"),
                "{near}: {err}"
            );
        }
    }
    assert_eq!(env.json(&["list"]).as_array().map(Vec::len), Some(2));

    for exact in ["JOHN  fischer", "jf@acme.com", "+1 (773) 555-9306", "#2"] {
        env.ok(&["erase", exact, "--yes"]);
        // Put John back for the next form of his name.
        if exact != "#2" {
            env.ok(&[
                "add",
                "John Fischer",
                "--email",
                "jf@acme.com",
                "--phone",
                "+1 773 555 9306",
            ]);
        }
    }
    let names: Vec<String> = env
        .json(&["list"])
        .as_array()
        .expect("array")
        .iter()
        .map(|c| c["name"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        names,
        ["John Fischer"],
        "Amy (#2) erased by id, John re-added"
    );
}

/// Item 1: two customers with the same exact name are still refused.
#[test]
fn erase_of_a_name_two_customers_share_lists_both() {
    let env = Env::new().with_customers();
    let err = env.fails(2, &["erase", "王伟", "--yes"]);
    assert!(err.contains("#2") && err.contains("#3"), "{err}");
    assert_eq!(env.json(&["list"]).as_array().map(Vec::len), Some(4));
}

/// Item 3: the same `--op-id` with a different command is refused (exit
/// 2, nothing written); an empty one too. The same command is a retry.
#[test]
fn an_op_id_belongs_to_the_command_it_was_first_given_with() {
    let env = Env::new().with_customers();
    env.ok(&["log", "Ann Lee", "call", "pricing", "--op-id", "op-1"]);
    let err = env.fails(2, &["log", "Ann Lee", "call", "other", "--op-id", "op-1"]);
    assert!(
        err.contains("\"op-1\" was already used for a different command"),
        "{err}"
    );
    let err = env.fails(2, &["add", "Zed", "--op-id", "op-1"]);
    assert!(err.contains("different command"), "{err}");
    let err = env.fails(2, &["add", "Zed", "--op-id", ""]);
    assert!(err.contains("--op-id is empty"), "{err}");
    let err = env.fails(2, &["add", "Zed", "--op-id", "  "]);
    assert!(err.contains("--op-id is empty"), "{err}");
    assert_eq!(
        env.json(&["list"]).as_array().map(Vec::len),
        Some(4),
        "no Zed"
    );
    let shown = env.json(&["show", "Ann Lee"]);
    assert_eq!(shown["timeline"].as_array().map(Vec::len), Some(1));
    // The retry itself still succeeds, writing nothing.
    let out = env
        .rolo(&["log", "Ann Lee", "call", "pricing", "--op-id", "op-1"])
        .output()
        .expect("runs");
    assert!(out.status.success());
}

/// Item 4: numbers out of range are validation errors naming the value
/// and the range — never "the database is damaged" (today `edit
/// --cadence 1000000000` and `list --quiet-for 3000000000` said so, and
/// `--every 999999999d` was stored and broke `task done`).
#[test]
fn numbers_out_of_range_are_refused_naming_the_value_and_the_range() {
    let env = Env::new().with_customers();
    let cases: &[(&[&str], &str)] = &[
        (
            &["edit", "Ann Lee", "--cadence", "1000000000"],
            "1 to 36500 days",
        ),
        (&["add", "Zed", "--cadence", "0"], "1 to 36500 days"),
        (&["list", "--quiet-for", "3000000000"], "0 to 36500 days"),
        (&["list", "--quiet-for", "36501"], "0 to 36500 days"),
        (
            &[
                "task",
                "add",
                "Ann Lee",
                "t",
                "--due",
                "tomorrow",
                "--every",
                "999999999d",
            ],
            "every 1 to 36500 days",
        ),
        (
            &[
                "task", "add", "Ann Lee", "t", "--due", "tomorrow", "--every", "1201m",
            ],
            "every 1 to 1200 months",
        ),
        (
            &["deal", "add", "Ann Lee", "x", "--amount", "2000000000000"],
            "0 to 1,000,000,000,000",
        ),
        (
            &["campaign", "add", "Expo", "--cost", "5000000000000"],
            "0 to 1,000,000,000,000",
        ),
        (&["do", "deal ann lee: big ¥2000000000000"], "out of range"),
        (
            &["task", "add", "Ann Lee", "t", "--due", "1899-12-31"],
            "years 1900 to 9999",
        ),
        (
            &["task", "add", "Ann Lee", "t", "--due", "10000-01-01"],
            "10000",
        ),
        (
            &["log", "Ann Lee", "call", "hi", "--at", "1800-01-01"],
            "years 1900 to 9999",
        ),
        (
            &[
                "deal",
                "add",
                "Ann Lee",
                "x",
                "--amount",
                "5",
                "--close",
                "1700-01-01",
            ],
            "years 1900 to 9999",
        ),
        (
            &["report", "funnel", "--from", "1000-01-01"],
            "years 1900 to 9999",
        ),
        (
            &["show", "#18446744073709551616"],
            "no customer #18446744073709551616",
        ),
        (
            &["task", "done", "18446744073709551616"],
            "task id \"18446744073709551616\" is out of range: ids are 1 to 18446744073709551615",
        ),
    ];
    for (args, says) in cases {
        let err = env.fails(2, args);
        assert!(err.contains(says), "rolo {args:?}: {err}");
        assert!(!err.contains("damaged"), "rolo {args:?}: {err}");
    }
    assert_eq!(
        env.json(&["task", "list", "--all"])
            .as_array()
            .map(Vec::len),
        Some(0)
    );
    assert_eq!(
        env.json(&["deal", "list"]).as_array().map(Vec::len),
        Some(0)
    );
}

/// Item 4: settings out of range are refused at start-up, naming the file.
#[test]
fn config_day_counts_out_of_range_are_refused() {
    let env = Env::new().with_customers();
    let dir = env.dir.path().join("config");
    std::fs::create_dir_all(&dir).expect("config dir");
    std::fs::write(dir.join("config.toml"), "quiet_days = 99999999\n").expect("config");
    let err = env.fails(2, &["today"]);
    assert!(err.contains("config.toml"), "{err}");
    assert!(
        err.contains("quiet_days \"99999999\" is out of range: 0 to 36500 days"),
        "{err}"
    );
}

/// Item 4: an export is input too: out-of-range numbers in it are named
/// with their record, and nothing is imported.
#[test]
fn an_export_with_numbers_out_of_range_is_refused_with_the_record() {
    let env = Env::new().with_customers();
    env.ok(&["edit", "Bob Stone", "--cadence", "30"]);
    let export = env.ok(&["export", "--format", "jsonl"]);
    let bad = export.replace("\"cadence\":30", "\"cadence\":4294967295");
    assert_ne!(bad, export);
    let file = env.dir.path().join("bad.jsonl");
    std::fs::write(&file, bad).expect("write");
    let fresh = Env::new();
    let err = fresh.fails(2, &["import", file.to_str().expect("utf-8")]);
    assert!(
        err.contains("customer #4: cadence \"4294967295\" is out of range"),
        "{err}"
    );
    assert!(!fresh.db().exists(), "nothing imported, not even a file");
}

/// Item 4: `--amount '$50k'`, `€3.5k`, `US$5` give the currency they name,
/// as the palette does; a `--currency` that disagrees is refused.
#[test]
fn an_amount_with_a_sign_or_code_is_in_that_currency() {
    let env = Env::new().with_customers();
    for (typed, minor, currency) in [
        ("$50k", 5_000_000, "USD"),
        ("€3.5k", 350_000, "EUR"),
        ("US$5", 500, "USD"),
        ("£900", 90_000, "GBP"),
        ("50k usd", 5_000_000, "USD"),
        ("¥12,000.05", 1_200_005, "CNY"),
        ("12k", 1_200_000, "CNY"),
    ] {
        let deal = env.json(&["deal", "add", "Ann Lee", "x", "--amount", typed]);
        assert_eq!(deal["amount"], minor, "{typed}");
        assert_eq!(deal["currency"], currency, "{typed}");
    }
    let err = env.fails(
        2,
        &[
            "deal",
            "add",
            "Ann Lee",
            "x",
            "--amount",
            "€5",
            "--currency",
            "USD",
        ],
    );
    assert!(
        err.contains("--amount is in EUR but --currency says USD"),
        "{err}"
    );
    let campaign = env.json(&["campaign", "add", "Expo", "--cost", "€5k"]);
    assert_eq!(campaign["currency"], "EUR");
    let err = env.fails(2, &["campaign", "add", "Expo", "--currency", "dollars"]);
    assert!(err.contains("\"dollars\" is not a currency"), "{err}");
}

/// Item 8: every command's bad-input path exits 2 with a message that
/// says what is wrong (before, config, import, demo and many others
/// exited 1).
#[test]
fn every_commands_bad_input_is_exit_2() {
    let env = Env::new().with_customers();
    let bad_csv = env.dir.path().join("bad.csv");
    std::fs::write(&bad_csv, "name,email\n,bad@\n").expect("write");
    let not_a_backup = env.dir.path().join("notes.txt");
    std::fs::write(&not_a_backup, "hello").expect("write");
    let csv = bad_csv.to_str().expect("utf-8");
    let txt = not_a_backup.to_str().expect("utf-8");
    let cases: &[(&[&str], &str)] = &[
        (&["add", " "], "a name cannot be empty"),
        (&["add", "Zed", "--email", "zed@"], "not a valid email"),
        (
            &["edit", "nobody-at-all", "--name", "X"],
            "no customer matches",
        ),
        (
            &["edit", "Ann Lee", "--tag", "x", "--untag", "X"],
            "both added and removed",
        ),
        (
            &[
                "edit",
                "Ann Lee",
                "--email",
                "a@b.co",
                "--remove-email",
                "A@b.co",
            ],
            "both added and removed",
        ),
        (&["show", "nobody-at-all"], "no customer matches"),
        (&["show", "王伟"], "matches 2 customers"),
        (&["list", "--stage", "nope"], "unknown stage"),
        (&["list", "--view", "nope"], "no saved view"),
        (&["search", "ann", "--limit", "many"], "not a row count"),
        (&["log", "Ann Lee", "visitt", "hi"], "visitt"),
        (
            &["log", "Ann Lee", "call", "hi", "--at", "someday"],
            "\"someday\"",
        ),
        (
            &["task", "add", "Ann Lee", "x", "--due", "someday"],
            "\"someday\"",
        ),
        (&["task", "done", "999"], "no task #999"),
        (&["task", "snooze", "999", "tomorrow"], "no task #999"),
        (
            &["deal", "add", "Ann Lee", "x", "--amount", "5x"],
            "not an amount",
        ),
        (&["deal", "move", "999", "proposal"], "no deal #999"),
        (&["deal", "won", "999"], "no deal #999"),
        (
            &["deal", "lost", "999", "--reason", "price"],
            "no deal #999",
        ),
        (&["deal", "reopen", "999"], "no deal #999"),
        (&["deal", "list", "--stage", "nope"], "unknown deal stage"),
        (
            &["case", "open", "nobody-at-all", "broken"],
            "no customer matches",
        ),
        (&["case", "respond", "999"], "no service case #999"),
        (
            &["case", "resolve", "999", "--note", "fixed"],
            "no service case #999",
        ),
        (
            &["campaign", "add", "Expo", "--cost", "lots"],
            "not an amount",
        ),
        (&["today", "--limit", "-1"], "-1"),
        (&["do", "call"], "call"),
        (&["do", "call nobody-at-all: hi"], "no customer matches"),
        (&["demo"], "only into an empty database"),
        (
            &["import", "/nonexistent/book.csv"],
            "/nonexistent/book.csv",
        ),
        (&["import", csv], "not valid; nothing was imported"),
        (
            &["export", "--customer", "nobody-at-all"],
            "no customer matches",
        ),
        (&["erase", "Ann", "--yes"], "not exactly"),
        (&["interaction", "show", "999"], "no interaction #999"),
        (
            &["interaction", "edit", "999", "--summary", "x"],
            "no interaction #999",
        ),
        (&["interaction", "rm", "999"], "no interaction #999"),
        (&["task", "show", "999"], "no task #999"),
        (&["task", "edit", "999", "--title", "x"], "no task #999"),
        (&["task", "rm", "999"], "no task #999"),
        (&["deal", "edit", "999", "--title", "x"], "no deal #999"),
        (&["deal", "rm", "999"], "no deal #999"),
        (
            &["case", "edit", "999", "--title", "x"],
            "no service case #999",
        ),
        (&["case", "rm", "999"], "no service case #999"),
        (&["merge", "Ann Lee", "Ann", "--yes"], "not exactly"),
        (&["merge", "Ann Lee", "Bob Stone"], "pass --yes"),
        (&["do", "fix log 999: x"], "no interaction #999"),
        (&["restore", txt, "--yes"], "not a usable rolo backup"),
        (&["history", "nobody-at-all"], "no customer matches"),
        (&["report", "funnel", "--from", "someday"], "\"someday\""),
        (&["report", "nope"], "nope"),
        (&["completions", "tcsh9"], "tcsh9"),
        (&["frobnicate"], "frobnicate"),
    ];
    for (args, says) in cases {
        let err = env.fails(2, args);
        assert!(err.contains(says), "rolo {args:?}: {err}");
    }
    // Nothing any of them did changed the book.
    assert_eq!(env.json(&["list"]).as_array().map(Vec::len), Some(4));
}

/// Item 8: a broken config.toml is the user's to fix: exit 2 (it was 1).
#[test]
fn a_broken_config_is_exit_2_naming_the_file() {
    let env = Env::new();
    let dir = env.dir.path().join("config");
    std::fs::create_dir_all(&dir).expect("config dir");
    std::fs::write(dir.join("config.toml"), "follow_up_days = \"soon\"\n").expect("config");
    let err = env.fails(2, &["list"]);
    assert!(err.contains("config.toml"), "{err}");
}

/// Item 9: `task done 1 1` completes #1 once (it said "already done" and
/// wrote nothing); one bad id among several completes none, and says so.
#[test]
fn task_done_says_the_truth_about_repeated_and_missing_ids() {
    let env = Env::new().with_customers();
    env.ok(&["task", "add", "Ann Lee", "send quote", "--due", "tomorrow"]);
    env.ok(&["task", "add", "Ann Lee", "call back", "--due", "tomorrow"]);
    let done = env.ok(&["task", "done", "1", "1", "#1"]);
    assert_eq!(done.matches("Done:").count(), 1, "{done}");
    assert!(done.contains("send quote (#1)"), "{done}");
    let err = env.fails(2, &["task", "done", "2", "931"]);
    assert!(
        err.contains(
            "no task #931 (`rolo task list --all` lists the open ones); none of the 2 tasks \
             was completed"
        ),
        "{err}"
    );
    let err = env.fails(2, &["task", "done", "931", "931"]);
    assert!(err.contains("no task #931"), "{err}");
    let open = env.json(&["task", "list", "--all"]);
    assert_eq!(open.as_array().map(Vec::len), Some(1), "#2 still open");
}

/// Item 9: `--limit 0` means every row, for every command that has it
/// (`search --limit 0` found nothing, `today --limit 0` hid every row).
#[test]
fn limit_zero_means_no_limit() {
    let env = Env::new().with_customers();
    for i in 0..3 {
        env.ok(&[
            "task",
            "add",
            "Ann Lee",
            &format!("t{i}"),
            "--due",
            "yesterday",
        ]);
        env.ok(&["log", "Ann Lee", "call", &format!("c{i}")]);
    }
    assert_eq!(
        env.json(&["search", "wang", "--limit", "0"])
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    assert_eq!(
        env.json(&["list", "--limit", "0"]).as_array().map(Vec::len),
        Some(4)
    );
    assert_eq!(
        env.json(&["task", "list", "--limit", "0"])
            .as_array()
            .map(Vec::len),
        Some(3)
    );
    let today = env.ok(&["today", "--limit", "0"]);
    assert!(today.contains("t0") && today.contains("t2"), "{today}");
    assert!(!today.contains("more"), "{today}");
    let shown = env.json(&["show", "Ann Lee", "--limit", "0"]);
    assert_eq!(shown["timeline"].as_array().map(Vec::len), Some(3));
    assert!(
        env.json(&["history", "Ann Lee", "--limit", "0"])
            .as_array()
            .map_or(0, Vec::len)
            >= 4
    );
}

/// Item 9: with neither `$USER` nor `$LOGNAME` (cron, some SSH commands)
/// the owner is the passwd name, not `uid:0`.
#[test]
fn the_owner_without_user_in_the_environment_is_the_passwd_name() {
    let env = Env::new();
    let out = env
        .rolo(&["add", "Zed", "--json"])
        .env_remove("USER")
        .env_remove("LOGNAME")
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let added: Value = serde_json::from_slice(&out.stdout).expect("json");
    let owner = added["owner"].as_str().unwrap_or_default();
    assert!(
        !owner.is_empty() && !owner.starts_with("uid:"),
        "owner {owner:?}"
    );
    // SAFETY: getuid cannot fail.
    let uid = unsafe { libc::getuid() };
    if uid == 0 {
        assert_eq!(owner, "root");
    }
}

/// Item 7: notes on stderr quote what the user gave (an op id, a path) —
/// with control characters made visible, like every other output.
#[test]
fn notes_on_stderr_show_control_characters_visibly() {
    let env = Env::new().with_customers();
    let op = "op\u{1b}]0;pwned\u{7}\u{202e}";
    env.ok(&["log", "Ann Lee", "call", "hi", "--op-id", op]);
    let out = env
        .rolo(&["log", "Ann Lee", "call", "hi", "--op-id", op])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("already applied"), "{err}");
    assert!(err.contains("\\x1b]0;pwned\\x07"), "{err}");
    assert!(
        !err.contains('\u{1b}') && !err.contains('\u{202e}'),
        "{err}"
    );
}

/// Item 2: a write naming a customer in a mistyped `--db` said `no
/// customer matches "acme"`; the database is what is missing, and nothing
/// (no file, no directory) is created.
#[test]
fn a_write_into_a_mistyped_database_says_the_database_is_missing() {
    let env = Env::new();
    let typo = env.dir.path().join("typo").join("rolo.redb");
    let out = env
        .rolo(&["log", "acme", "call", "hi"])
        .env("ROLO_DB", &typo)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no database at"), "{err}");
    assert!(!env.dir.path().join("typo").exists(), "nothing created");
}
