use super::*;

#[test]
fn undo_takes_back_the_last_change_from_another_process_and_again_redoes_it() {
    let env = Env::new().with_customers();
    env.ok(&["edit", "Ann Lee", "--company", "Acme Inc"]);
    env.ok(&[
        "log",
        "Ann Lee",
        "call",
        "wants pricing",
        "--next",
        "send quote",
    ]);
    // The log (an interaction, its task, the customer's last contact) goes.
    let undone = env.json(&["undo"]);
    assert_eq!(undone["rows"], 3);
    let shown = env.json(&["show", "Ann Lee"]);
    assert_eq!(shown["timeline"].as_array().map(Vec::len), Some(0));
    assert_eq!(shown["tasks"].as_array().map(Vec::len), Some(0));
    assert_eq!(
        shown["customer"]["company"], "Acme Inc",
        "only the last change"
    );
    // Undo is a change too: undoing it puts the log back.
    env.ok(&["undo"]);
    let shown = env.json(&["show", "Ann Lee"]);
    assert_eq!(shown["timeline"][0]["summary"], "wants pricing");

    // Another user's undo does not touch this user's change.
    let out = env
        .rolo(&["undo"])
        .env("USER", "someone-else")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing to undo"));
}

#[test]
fn undo_refuses_when_the_row_changed_since_and_changes_nothing() {
    let env = Env::new().with_customers();
    env.ok(&["edit", "Ann Lee", "--company", "Acme Inc"]);
    // Someone else changes Ann afterwards.
    let out = env
        .rolo(&["edit", "Ann Lee", "--title", "CTO"])
        .env("USER", "colleague")
        .output()
        .expect("runs");
    assert!(out.status.success());
    let err = env.fails(2, &["undo"]);
    assert!(err.contains("was changed since"), "{err}");
    let shown = env.json(&["show", "Ann Lee"]);
    assert_eq!(
        (
            shown["customer"]["company"].as_str(),
            shown["customer"]["title"].as_str()
        ),
        (Some("Acme Inc"), Some("CTO"))
    );
}

#[test]
fn an_import_is_not_undone_row_by_row() {
    let env = Env::new();
    env.ok(&["add", "Ann Lee"]);
    let file = env.dir.path().join("people.csv");
    std::fs::write(&file, "Name,Email\nBob Stone,bob@example.com\n").expect("write");
    env.ok(&["import", file.to_str().expect("utf-8")]);
    let err = env.fails(2, &["undo"]);
    assert!(
        err.contains("nothing to undo") && err.contains("import"),
        "{err}"
    );
    assert_eq!(env.json(&["list"]).as_array().map(Vec::len), Some(2));
}

/// Regression: a campaign or saved view write journals nothing, and undo
/// used to take back the write before it (here: the customer just added).
#[test]
fn undo_after_a_campaign_or_view_does_not_reach_the_write_before() {
    let env = Env::new();
    env.ok(&["add", "Ann Lee"]);
    env.ok(&["campaign", "add", "Spring Expo", "--cost", "8000"]);
    let err = env.fails(2, &["undo"]);
    assert!(
        err.contains("nothing to undo") && err.contains("campaign"),
        "{err}"
    );
    env.ok(&["add", "Bob Stone"]);
    env.ok(&["view", "save", "leads", "--stage", "lead"]);
    env.fails(2, &["undo"]);
    assert_eq!(env.json(&["list"]).as_array().map(Vec::len), Some(2));
}

#[test]
fn history_shows_who_changed_what_and_how_without_values() {
    let env = Env::new().with_customers();
    env.ok(&["edit", "Ann Lee", "--company", "Acme Inc", "--title", "CTO"]);
    env.ok(&["log", "Ann Lee", "call", "wants pricing"]);
    env.ok(&["undo"]);
    let entries = env.json(&["history", "Ann Lee"]);
    let actions: Vec<&str> = entries
        .as_array()
        .map(|a| a.iter().filter_map(|e| e["action"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        actions,
        ["undo", "interaction.add", "customer.edit", "customer.add"]
    );
    assert_eq!(
        entries[2]["fields"],
        serde_json::json!(["company", "title"])
    );
    assert_eq!(entries[2]["actor"], "tester");
    assert_eq!(entries[2]["channel"], "cli");
    let text = env.ok(&["history", "Ann Lee"]);
    assert!(
        text.contains("customer.edit") && text.contains("company, title"),
        "{text}"
    );
    assert!(
        !text.contains("Acme Inc"),
        "values stay out of the trail:\n{text}"
    );
    env.fails(2, &["history", "nobody at all"]);
}

#[test]
fn a_database_others_can_read_gets_a_warning_and_still_works() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new().with_customers();
    let mode = std::fs::metadata(env.db())
        .expect("db")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600, "created private");
    std::fs::set_permissions(env.db(), std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let out = env.rolo(&["list"]).output().expect("runs");
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("readable by every user") && err.contains("0644"),
        "{err}"
    );
    // Group-shared on purpose: no warning.
    std::fs::set_permissions(env.db(), std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let out = env.rolo(&["list"]).output().expect("runs");
    assert!(String::from_utf8_lossy(&out.stderr).is_empty());
}

/// Issue 5 item 2: a command retried after an unknown outcome (its process
/// killed after the commit, a dropped SSH session) with the same
/// `--op-id` is not applied twice.
#[test]
fn a_write_retried_with_its_op_id_is_applied_once() {
    let env = Env::new().with_customers();
    let log = [
        "log",
        "Ann Lee",
        "call",
        "wants pricing",
        "--op-id",
        "op-7f3a",
    ];
    env.ok(&log);
    let out = env.rolo(&log).output().expect("runs");
    assert!(out.status.success(), "a retry of an applied write succeeds");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("op-7f3a was already applied"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let again = env.json(&[
        "--op-id",
        "op-7f3a",
        "log",
        "Ann Lee",
        "call",
        "wants pricing",
    ]);
    assert_eq!(
        again["already_applied"], "op-7f3a",
        "--json does not make it another command"
    );
    let shown = env.json(&["show", "Ann Lee"]);
    assert_eq!(shown["timeline"].as_array().map(Vec::len), Some(1));
    // Another id is another write.
    env.ok(&[
        "log",
        "Ann Lee",
        "call",
        "wants pricing",
        "--op-id",
        "op-8b1c",
    ]);
    let shown = env.json(&["show", "Ann Lee"]);
    assert_eq!(shown["timeline"].as_array().map(Vec::len), Some(2));
    // Commands that write in several transactions (or not at all) refuse it.
    let err = env.fails(2, &["list", "--op-id", "x"]);
    assert!(err.contains("--op-id applies to"), "{err}");
}
