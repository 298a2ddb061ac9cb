use super::*;

#[test]
fn invalid_email_and_phone_are_named_and_nothing_is_written() {
    let env = Env::new();
    let err = env.fails(2, &["add", "Ann", "--email", "ann@acme"]);
    assert!(err.contains("\"ann@acme\" is not a valid email"), "{err}");
    let err = env.fails(2, &["add", "Ann", "--phone", "call me maybe"]);
    assert!(
        err.contains("\"call me maybe\" is not a valid phone"),
        "{err}"
    );
    assert!(!env.db().exists(), "nothing written, not even the file");
}

#[test]
fn unknown_date_word_is_named() {
    let env = Env::new().with_customers();
    let err = env.fails(
        2,
        &["log", "acme", "call", "hi", "--next", "x", "--due", "frday"],
    );
    assert!(err.contains("\"frday\""), "{err}");
    let err = env.fails(2, &["task", "add", "acme", "x", "--due", "someday"]);
    assert!(err.contains("\"someday\""), "{err}");
    assert_eq!(
        env.json(&["show", "acme"])["timeline"]
            .as_array()
            .map(Vec::len),
        Some(0)
    );
}

#[test]
fn ambiguous_ref_lists_candidates_and_never_guesses() {
    let env = Env::new().with_customers();
    let err = env.fails(2, &["log", "王伟", "call", "hi"]);
    assert!(err.contains("matches 2 customers"), "{err}");
    assert!(err.contains("#2") && err.contains("华信科技"), "{err}");
    assert!(err.contains("#3") && err.contains("腾达电子"), "{err}");
    let err = env.fails(2, &["show", "wangwei"]);
    assert!(err.contains("#2") && err.contains("#3"), "{err}");
}

#[test]
fn unknown_ref_is_exit_2() {
    let env = Env::new().with_customers();
    let err = env.fails(2, &["show", "nobody-like-this"]);
    assert!(
        err.contains("no customer matches \"nobody-like-this\""),
        "{err}"
    );
    let err = env.fails(2, &["show", "#99"]);
    assert!(err.contains("#99"), "{err}");
}

#[test]
fn a_file_that_is_not_a_database_is_untouched() {
    let env = Env::new();
    let original = "name,email\nAnn,ann@acme.com\n".repeat(50);
    std::fs::write(env.db(), &original).expect("write");
    let err = env.fails(1, &["add", "Bob"]);
    assert!(err.contains("is not a rolo database"), "{err}");
    let err = env.fails(1, &["today"]);
    assert!(err.contains("is not a rolo database"), "{err}");
    assert_eq!(std::fs::read_to_string(env.db()).expect("read"), original);
}

#[test]
fn a_newer_schema_refuses_writes_and_says_why() {
    let env = Env::new().with_customers();
    {
        let db = redb::Database::open(env.db()).expect("open");
        let txn = db.begin_write().expect("txn");
        let meta: redb::TableDefinition<&str, u64> = redb::TableDefinition::new("meta");
        txn.open_table(meta)
            .expect("meta")
            .insert("schema_version", 99)
            .expect("insert");
        txn.commit().expect("commit");
    }
    let err = env.fails(1, &["add", "Carol"]);
    assert!(err.contains("newer rolo") && err.contains("99"), "{err}");
    assert_eq!(
        env.json(&["list"]).as_array().map(Vec::len),
        Some(4),
        "still readable"
    );
}

#[test]
fn bad_rolo_now_and_usage_errors_exit_2() {
    let env = Env::new();
    let out = env.rolo_at("tuesday", &["today"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ROLO_NOW"));
    env.fails(2, &["log"]);
    env.fails(2, &["task", "done", "abc"]);
}

#[test]
fn bare_rolo_without_a_terminal_refuses() {
    let env = Env::new();
    let err = env.fails(2, &[]);
    assert!(err.contains("terminal"), "{err}");
    assert!(!env.db().exists(), "nothing created");
}
