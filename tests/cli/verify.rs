//! Issue 11, tried as a careless new user would after it was merged: each
//! test pins something that trial found, and fails without its fix.

use super::*;

impl Env {
    /// Write `config.toml` for this environment.
    fn config(&self, text: &str) {
        let dir = self.dir.path().join("config");
        std::fs::create_dir_all(&dir).expect("config dir");
        std::fs::write(dir.join("config.toml"), text).expect("config");
    }
}

/// `lock_timeout_secs = 18446744073709551615` stopped every command with
/// "internal error … a bug in rolo" (exit 1): the deadline overflowed the
/// clock. Whole-number settings that are negative, huge, fractional or
/// zero where zero means nothing (`backup_keep = 0` was taken as 1) are
/// refused at start-up naming the setting, the value and the range.
#[test]
fn whole_number_settings_out_of_range_name_their_range() {
    let env = Env::new().with_customers();
    for (setting, says) in [
        (
            "lock_timeout_secs = 18446744073709551615",
            "lock_timeout_secs \"18446744073709551615\" is out of range: 0 (do not wait) to 3600 seconds",
        ),
        (
            "lock_timeout_secs = 3601",
            "lock_timeout_secs \"3601\" is out of range",
        ),
        (
            "quiet_days = -1",
            "quiet_days \"-1\" is out of range: 0 to 36500 days",
        ),
        (
            "follow_up_days = 99999999999",
            "follow_up_days \"99999999999\" is out of range: 0 to 36500 days",
        ),
        ("retry_days = 1.5", "expected a whole number"),
        (
            "today_limit = -1",
            "today_limit \"-1\" is out of range: 0 (all) to 1000000 rows",
        ),
        (
            "backup_keep = 0",
            "backup_keep \"0\" is out of range: 1 to 10000 backups (auto_backup = false takes none)",
        ),
        (
            "[rates]\nUSD = 1e18",
            "rates.USD = 1000000000000000000: a rate is a positive number from 0.000001 to 1000000",
        ),
        (
            "[queue]\nhigh_priority = 99999999999999",
            "queue.high_priority \"99999999999999\" is out of range: -1000000 to 1000000 points",
        ),
    ] {
        env.config(setting);
        let err = env.fails(2, &["today"]);
        assert!(err.contains("config.toml"), "{setting}: {err}");
        assert!(err.contains(says), "{setting}: {err}");
        assert!(!err.contains("internal error"), "{setting}: {err}");
    }
    for fine in [
        "lock_timeout_secs = 0",
        "lock_timeout_secs = 3600",
        "today_limit = 0",
        "backup_keep = 1",
    ] {
        env.config(fine);
        env.ok(&["today"]);
    }
}

/// `--cadence 99999999999` and `--cadence -1` said "not a number of days"
/// (they are numbers: out of range), and so did `--quiet-for`; amounts
/// that could be read two ways were stored as one of them (`1,5` as 15,
/// `0.001` as 0), and negative or huge ones named no range.
#[test]
fn numbers_out_of_range_name_the_range_and_nothing_is_guessed() {
    let env = Env::new().with_customers();
    for (args, says) in [
        (
            &["edit", "Ann Lee", "--cadence=99999999999"][..],
            "cadence \"99999999999\" is out of range: 1 to 36500 days",
        ),
        (
            &["edit", "Ann Lee", "--cadence=-1"][..],
            "cadence \"-1\" is out of range: 1 to 36500 days",
        ),
        (
            &["list", "--quiet-for=-1"][..],
            "--quiet-for \"-1\" is out of range: 0 to 36500 days",
        ),
        (
            &["deal", "add", "Ann Lee", "x", "--amount=-5"][..],
            "amount \"-5\" is out of range: 0 to 1,000,000,000,000",
        ),
        (
            &["deal", "add", "Ann Lee", "x", "--amount", "$2000000000000"][..],
            "amount \"$2000000000000\" is out of range: 0 to 1,000,000,000,000",
        ),
        (
            &["deal", "add", "Ann Lee", "x", "--amount", "1,5"][..],
            "\"1,5\" is not an amount: a comma or space groups digits by three",
        ),
        (
            &["deal", "add", "Ann Lee", "x", "--amount", "0.001"][..],
            "\"0.001\" is not an amount: amounts go to the cent",
        ),
        (
            &["do", "deal Ann Lee: x 1,5"][..],
            "\"1,5\" is not an amount: a comma or space groups digits by three",
        ),
        (
            &["do", "deal Ann Lee: x -5"][..],
            "\"-5\" is out of range: amounts are 0 to 1,000,000,000,000",
        ),
        // An id past what a u64 holds is a number: "is not a deal id" was
        // no help.
        (
            &["deal", "won", "#18446744073709551616"][..],
            "deal id \"#18446744073709551616\" is out of range: ids are 1 to 18446744073709551615",
        ),
        (
            &["do", "done 18446744073709551616"][..],
            "task id \"18446744073709551616\" is out of range",
        ),
    ] {
        let err = env.fails(2, args);
        assert!(err.contains(says), "{args:?}: {err}");
    }
    assert_eq!(
        env.json(&["deal", "list"]).as_array().map(Vec::len),
        Some(0),
        "nothing stored"
    );
    assert_eq!(env.json(&["show", "Ann Lee"])["cadence"], Value::Null);
}

/// A retried `--op-id` with an ESC sequence in it was echoed raw to the
/// terminal ("operation x\e[31m was already applied"), and an id of any
/// length was kept in the database.
#[test]
fn an_op_id_is_echoed_escaped_and_bounded() {
    let env = Env::new();
    let id = "retry-\x1b[2J-1";
    env.ok(&["--op-id", id, "add", "Ann Lee"]);
    let out = env
        .rolo(&["--op-id", id, "add", "Ann Lee"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).expect("utf-8");
    assert!(!err.contains('\x1b'), "{err:?}");
    assert!(
        err.contains(r"operation retry-\x1b[2J-1 was already applied"),
        "{err}"
    );
    let long = "a".repeat(257);
    let err = env.fails(2, &["--op-id", &long, "add", "Bo Lee"]);
    assert!(
        err.contains("--op-id of 257 characters is too long"),
        "{err}"
    );
    env.ok(&["--op-id", &"b".repeat(256), "add", "Bo Lee"]);
}

/// `--db` naming a file that is no database (someone's notes) was refused
/// but left `notes.txt.lock` beside it, `rolo backup` made `backups/` (and
/// `--to DIR`) before finding out, and every command warned that the notes
/// "hold personal data". Now nothing is made and nothing is said of them
/// but that they are no database.
#[test]
fn a_file_that_is_no_database_gets_no_lock_no_backup_dir_and_no_warning() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let dir = env.dir.path().join("docs");
    std::fs::create_dir(&dir).expect("dir");
    let notes = dir.join("notes.txt");
    std::fs::write(&notes, "call the plumber\n").expect("notes");
    std::fs::set_permissions(&notes, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let db = notes.to_str().expect("utf-8");
    let to = dir.join("bk");
    for args in [
        &["list"][..],
        &["show", "1"],
        &["check"],
        &["backup"],
        &["backup", "--to", to.to_str().expect("utf-8")],
        &["add", "Ann Lee"],
        &["erase", "--compact"],
    ] {
        let mut all = vec!["--db", db];
        all.extend_from_slice(args);
        let err = env.fails(1, &all);
        assert!(err.contains("is not a rolo database"), "{args:?}: {err}");
        assert!(!err.contains("personal data"), "{args:?}: {err}");
        let mut left: Vec<String> = std::fs::read_dir(&dir)
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["notes.txt"], "{args:?}");
    }
    assert_eq!(
        std::fs::read_to_string(&notes).expect("notes"),
        "call the plumber\n"
    );
}

/// `export --out` into a directory that is not there failed with exit 1 and
/// the name of a temp file the user never asked for ("… at path
/// /tmp/nope/.rolo-exportI0zUu0"): it is the path they typed (exit 2).
#[test]
fn an_output_path_in_a_missing_directory_is_the_users_input() {
    let env = Env::new().with_customers();
    let missing = env.dir.path().join("nope/book.csv");
    let err = env.fails(
        2,
        &[
            "export",
            "--format",
            "csv",
            "--out",
            missing.to_str().expect("utf-8"),
        ],
    );
    assert!(err.contains("there is no directory"), "{err}");
    assert!(!err.contains(".rolo-export"), "{err}");
    let file = env.dir.path().join("plain");
    std::fs::write(&file, "x").expect("file");
    let under = file.join("book.csv");
    let err = env.fails(2, &["export", "--out", under.to_str().expect("utf-8")]);
    assert!(err.contains("is not a directory"), "{err}");
    assert!(!env.dir.path().join("nope").exists());
}

/// `rolo erase '#99'` (no such customer) answered "is not exactly any
/// customer's name, email or phone … give the #id" — an #id is what was
/// given. An id nobody has says so, for erase and for every lookup.
#[test]
fn an_id_nobody_has_is_named_as_such() {
    let env = Env::new().with_customers();
    for args in [
        &["erase", "#99", "--yes"][..],
        &["show", "#99"],
        &["log", "#99", "call", "hi"],
    ] {
        let err = env.fails(2, args);
        assert!(err.contains("no customer #99"), "{args:?}: {err}");
        assert!(!err.contains("not exactly"), "{args:?}: {err}");
    }
    let err = env.fails(2, &["erase", "#18446744073709551616", "--yes"]);
    assert!(err.contains("no customer #18446744073709551616"), "{err}");
    assert_eq!(env.json(&["list"]).as_array().map(Vec::len), Some(4));
}

/// `rolo restore hard.redb`, a hard link to the database, was taken as a
/// backup (the check compared paths): the database was "restored" from
/// itself and a needless `.replaced-…` copy made. It is the database.
#[test]
fn a_hard_link_to_the_database_is_not_a_backup_to_restore() {
    let env = Env::new().with_customers();
    let link = env.dir.path().join("hard.redb");
    std::fs::hard_link(env.db(), &link).expect("hard link");
    let err = env.fails(2, &["restore", link.to_str().expect("utf-8"), "--yes"]);
    assert!(err.contains("is the database itself"), "{err}");
    let kept = std::fs::read_dir(env.dir.path())
        .expect("list")
        .filter_map(|e| e.ok())
        .any(|e| e.file_name().to_string_lossy().contains(".replaced-"));
    assert!(!kept, "nothing replaced");
}

/// `rolo demo --customers 99999999999` (a few zeros too many) ran until
/// the disk filled, leaving a half-made database; `--customers=-1` said
/// "invalid digit found in string". Both name the range, and make nothing.
#[test]
fn demo_sizes_out_of_range_name_the_range() {
    let env = Env::new();
    for (typed, says) in [
        (
            "99999999999",
            "--customers \"99999999999\" is out of range: 1 to 10000000",
        ),
        ("-1", "--customers \"-1\" is out of range: 1 to 10000000"),
        ("0", "--customers \"0\" is out of range"),
        ("lots", "\"lots\" is not a number of customers"),
    ] {
        let err = env.fails(2, &["demo", &format!("--customers={typed}")]);
        assert!(err.contains(says), "{typed}: {err}");
    }
    assert!(!env.db().exists());
}
