//! Fixing mistakes (issue 12, item 1): every record can be shown,
//! corrected and removed, two customers merged, and `rolo undo` takes
//! each back — from the CLI and the palette (`rolo do`), one executor.

use super::*;

/// `rolo check` finds nothing wrong.
fn clean(env: &Env, when: &str) {
    let out = env.ok(&["check"]);
    assert!(out.contains("; 0 problems"), "{when}: {out}");
}

/// Ann's last contact, as `show --json` says it.
fn last_contact(env: &Env, who: &str) -> Value {
    env.json(&["show", who])["customer"]["last_contact_at"].clone()
}

/// Ann with two calls: #1 on Nov 10 with a next action (task #1), #2 on Nov 20.
fn ann_with_two_calls() -> Env {
    let env = Env::new().with_customers();
    env.ok(&[
        "log",
        "Ann Lee",
        "call",
        "wants pricing",
        "--feedback",
        "too pricey",
        "--outcome",
        "reached",
        "--next",
        "send quote",
        "--due",
        "fri",
        "--at",
        "2026-11-10 10:00",
    ]);
    env.ok(&[
        "log",
        "Ann Lee",
        "call",
        "second call",
        "--at",
        "2026-11-20 10:00",
    ]);
    env
}

#[test]
fn interaction_show_gives_the_whole_entry_with_its_task() {
    let env = ann_with_two_calls();
    let out = env.ok(&["interaction", "show", "1"]);
    for part in [
        "call #1 · Ann Lee (#1) · Acme Corp",
        "at        2026-11-10 10:00 +08:00",
        "summary   wants pricing",
        "feedback  too pricey",
        "outcome   reached",
        "author    tester",
        "task      #1 send quote · due fri · open",
    ] {
        assert!(out.contains(part), "{part:?} in\n{out}");
    }
    let json = env.json(&["interaction", "show", "#1"]);
    assert_eq!(json["interaction"]["summary"], "wants pricing");
    assert_eq!(json["interaction"]["task"], 1);
    assert_eq!(json["task"]["title"], "send quote");
    assert_eq!(json["customer"]["name"], "Ann Lee");
    // The timeline of `rolo show` gives the ids to use.
    let shown = env.ok(&["show", "Ann Lee"]);
    assert!(
        shown.contains("  #2  2026-11-20 10:00  call  second call"),
        "{shown}"
    );
    let err = env.fails(2, &["interaction", "show", "99"]);
    assert!(err.contains("no interaction #99"), "{err}");
}

#[test]
fn interaction_edit_corrects_fields_and_the_last_contact_follows_its_time() {
    let env = ann_with_two_calls();
    assert_eq!(last_contact(&env, "Ann Lee"), "2026-11-20T10:00:00+08:00");
    let out = env.ok(&[
        "interaction",
        "edit",
        "2",
        "--summary",
        "second call: wants 60 seats",
        "--kind",
        "meeting",
        "--at",
        "2026-11-05 15:00",
        "--no-outcome",
    ]);
    assert_eq!(
        out,
        "Updated meeting #2 with Ann Lee (#1): kind, at, summary\n"
    );
    // The call of Nov 10 is the latest now.
    assert_eq!(last_contact(&env, "Ann Lee"), "2026-11-10T10:00:00+08:00");
    let shown = env.json(&["show", "Ann Lee"]);
    assert_eq!(
        shown["timeline"][1]["summary"],
        "second call: wants 60 seats"
    );
    assert_eq!(shown["timeline"][1]["kind"], "meeting");
    // 12 days without contact: quiet for 10, not for 12 days.
    let quiet = |days: &str| {
        env.json(&["list", "--quiet-for", days])
            .as_array()
            .map(|a| a.iter().any(|c| c["name"] == "Ann Lee"))
    };
    assert_eq!((quiet("10"), quiet("13")), (Some(true), Some(false)));
    clean(&env, "after the edit");

    env.ok(&["undo"]);
    assert_eq!(last_contact(&env, "Ann Lee"), "2026-11-20T10:00:00+08:00");
    assert_eq!(
        env.json(&["interaction", "show", "2"])["interaction"]["kind"],
        "call"
    );
    assert_eq!(quiet("10"), Some(false));
    clean(&env, "after the undo");

    let err = env.fails(2, &["interaction", "edit", "2"]);
    assert!(err.contains("nothing to change"), "{err}");
    let err = env.fails(2, &["interaction", "edit", "2", "--summary", " "]);
    assert!(err.contains("a summary cannot be empty"), "{err}");
    let err = env.fails(2, &["interaction", "edit", "2", "--at", "someday"]);
    assert!(err.contains("\"someday\""), "{err}");
    let err = env.fails(2, &["interaction", "edit", "x", "--summary", "y"]);
    assert!(err.contains("not an interaction id"), "{err}");
}

#[test]
fn interaction_rm_keeps_its_task_and_the_last_contact_falls_back() {
    let env = ann_with_two_calls();
    env.ok(&["log", "Ann Lee", "call", "dup", "--next", "call back"]);
    assert_eq!(last_contact(&env, "Ann Lee"), "2026-11-22T09:00:00+08:00");
    let out = env.ok(&["interaction", "rm", "3"]);
    assert_eq!(
        out,
        "Removed call #3 with Ann Lee (#1) · its task #2 stays\n"
    );
    assert_eq!(last_contact(&env, "Ann Lee"), "2026-11-20T10:00:00+08:00");
    let task = env.json(&["task", "show", "2"]);
    assert_eq!(task["task"]["status"], "open");
    assert_eq!(task["task"]["origin"], Value::Null);
    assert_eq!(
        env.json(&["show", "Ann Lee"])["timeline"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    clean(&env, "after the removal");

    let undone = env.json(&["undo"]);
    assert_eq!(
        undone["rows"], 3,
        "the entry, its task's link, the last contact"
    );
    assert_eq!(env.json(&["task", "show", "2"])["task"]["origin"], 3);
    assert_eq!(last_contact(&env, "Ann Lee"), "2026-11-22T09:00:00+08:00");
    clean(&env, "after the undo");
    let err = env.fails(2, &["interaction", "rm", "99"]);
    assert!(err.contains("no interaction #99"), "{err}");
}

#[test]
fn task_edit_corrects_every_field_and_clears_what_may_be_empty() {
    let env = ann_with_two_calls();
    let out = env.ok(&[
        "task",
        "edit",
        "1",
        "--title",
        "send the quote",
        "--due",
        "wed 14:00",
        "--priority",
        "high",
        "--every",
        "2w",
        "--customer",
        "Bob Stone",
    ]);
    assert_eq!(
        out,
        "Updated task #1 send the quote (Bob Stone): title, due, priority, recurrence, \
         customer · due wed 14:00\n"
    );
    let task = env.json(&["task", "show", "1"])["task"].clone();
    assert_eq!(
        (&task["due"], &task["priority"], &task["customer"]),
        (
            &Value::from("2026-11-25T14:00"),
            &Value::from("high"),
            &Value::from(4)
        )
    );
    assert_eq!(
        task["snoozes"].as_array().map(Vec::len),
        Some(0),
        "not a snooze"
    );
    assert_eq!(env.json(&["show", "Bob Stone"])["tasks"][0]["id"], 1);
    assert_eq!(
        env.json(&["show", "Ann Lee"])["tasks"]
            .as_array()
            .map(Vec::len),
        Some(0)
    );
    clean(&env, "moved to Bob");

    let err = env.fails(2, &["task", "edit", "1", "--no-due"]);
    assert!(err.contains("a repeating task needs a due date"), "{err}");
    env.ok(&[
        "task",
        "edit",
        "1",
        "--no-due",
        "--no-every",
        "--customer",
        "-",
    ]);
    let task = env.json(&["task", "show", "1"]);
    assert_eq!(
        (
            &task["task"]["due"],
            &task["task"]["recurrence"],
            &task["customer"]
        ),
        (&Value::Null, &Value::Null, &Value::Null)
    );
    clean(&env, "for nobody");

    env.ok(&["undo"]);
    assert_eq!(env.json(&["task", "show", "1"])["task"]["customer"], 4);
    let err = env.fails(2, &["task", "edit", "1"]);
    assert!(err.contains("nothing to change"), "{err}");
    let err = env.fails(2, &["task", "edit", "1", "--customer", "nobody-at-all"]);
    assert!(err.contains("no customer matches"), "{err}");
    let err = env.fails(2, &["task", "edit", "99", "--title", "x"]);
    assert!(err.contains("no task #99"), "{err}");
}

#[test]
fn task_rm_cancels_it_and_keeps_it_in_the_history() {
    let env = ann_with_two_calls();
    let out = env.ok(&["task", "rm", "1"]);
    assert_eq!(
        out,
        "Cancelled task #1 send quote (Ann Lee) (kept in the history; `rolo task show 1`)\n"
    );
    assert_eq!(env.json(&["task", "list", "--all"]), Value::Array(vec![]));
    let shown = env.ok(&["task", "show", "1"]);
    assert!(shown.contains("status    cancelled 2026-11-22"), "{shown}");
    let err = env.fails(2, &["task", "done", "1"]);
    assert!(err.contains("task #1 is already cancelled"), "{err}");
    let err = env.fails(2, &["task", "rm", "1"]);
    assert!(err.contains("already cancelled"), "{err}");
    let history = env.json(&["history", "Ann Lee"]);
    assert_eq!(history[0]["action"], "task.cancel");
    clean(&env, "cancelled");
    env.ok(&["undo"]);
    assert_eq!(env.json(&["task", "list", "--all"])[0]["id"], 1);
}

#[test]
fn deal_edit_keeps_its_currency_unless_told_and_rm_deletes_a_mistake() {
    let env = Env::new().with_customers();
    env.ok(&["deal", "add", "Ann Lee", "50 seats", "--amount", "$50k"]);
    let deal = env.json(&[
        "deal",
        "edit",
        "1",
        "--amount",
        "60k",
        "--close",
        "2026-12-31",
    ]);
    assert_eq!(
        (&deal["amount"], &deal["currency"], &deal["expected_close"]),
        (
            &Value::from(6_000_000),
            &Value::from("USD"),
            &Value::from("2026-12-31")
        )
    );
    let deal = env.json(&[
        "deal",
        "edit",
        "1",
        "--amount",
        "¥400k",
        "--probability",
        "30",
    ]);
    assert_eq!(
        (&deal["amount"], &deal["currency"], &deal["probability"]),
        (
            &Value::from(40_000_000),
            &Value::from("CNY"),
            &Value::from(30)
        )
    );
    let out = env.ok(&["deal", "edit", "1", "--title", "60 seats", "--no-close"]);
    assert_eq!(
        out,
        "Updated deal #1 60 seats (Ann Lee) · 400,000 CNY · 30%: title, expected_close\n"
    );
    let err = env.fails(
        2,
        &["deal", "edit", "1", "--amount", "€5", "--currency", "USD"],
    );
    assert!(err.contains("give one currency"), "{err}");
    let err = env.fails(2, &["deal", "edit", "1"]);
    assert!(err.contains("nothing to change"), "{err}");
    env.ok(&["deal", "won", "1"]);
    let err = env.fails(2, &["deal", "edit", "1", "--probability", "50"]);
    assert!(err.contains("deal #1 is already won"), "{err}");

    let out = env.ok(&["deal", "rm", "1"]);
    assert_eq!(out, "Removed deal #1 60 seats (Ann Lee) · 400,000 CNY\n");
    assert_eq!(
        env.json(&["deal", "list", "--status", "all"]),
        Value::Array(vec![])
    );
    clean(&env, "deal removed");
    env.ok(&["undo"]);
    assert_eq!(env.json(&["deal", "list", "--status", "won"])[0]["id"], 1);
    clean(&env, "deal back");
}

/// A deal or case opened on the wrong card moves to the right one (the
/// two 王伟 are the classic slip), from the CLI and the palette; `undo`
/// moves it back, and a deal or case can never belong to nobody.
#[test]
fn deal_and_case_edit_move_them_to_another_customer() {
    let env = Env::new().with_customers();
    env.ok(&["deal", "add", "#2", "servers", "--amount", "80k"]);
    env.ok(&["case", "open", "#2", "broken fan"]);
    let out = env.ok(&["deal", "edit", "1", "--customer", "腾达电子"]);
    assert_eq!(
        out,
        "Updated deal #1 servers (王伟) · 80,000 CNY · 10%: customer\n"
    );
    let shown = env.json(&["show", "#3"]);
    assert_eq!(shown["deals"][0]["id"], 1);
    assert_eq!(env.json(&["show", "#2"])["deals"], Value::Array(vec![]));
    assert_eq!(
        env.json(&["deal", "list"])[0]["customer_name"],
        Value::from("王伟")
    );
    clean(&env, "deal moved");
    env.ok(&["undo"]);
    assert_eq!(env.json(&["show", "#2"])["deals"][0]["id"], 1);
    clean(&env, "deal moved back");

    let case = env.json(&[
        "case",
        "edit",
        "1",
        "--customer",
        "#3",
        "--priority",
        "high",
    ]);
    assert_eq!(
        (&case["customer"], &case["priority"]),
        (&Value::from(3), &Value::from("high"))
    );
    assert_eq!(env.json(&["show", "#3"])["cases"][0]["id"], 1);
    clean(&env, "case moved");
    env.ok(&["undo"]);
    assert_eq!(env.json(&["show", "#2"])["cases"][0]["id"], 1);

    // The palette says the same; "王伟" alone is two people, and nobody is refused.
    assert_eq!(
        env.ok(&["do", "fix case 1 customer #3"]),
        "Updated request #1 broken fan (王伟) · normal priority: customer\n"
    );
    let err = env.fails(2, &["do", "fix deal 1 customer 王伟"]);
    assert!(err.contains("\"王伟\" matches 2 customers"), "{err}");
    let err = env.fails(2, &["do", "fix deal 1 customer -"]);
    assert!(
        err.starts_with("rolo: a deal always has a customer: name the one it belongs to\n"),
        "{err}"
    );
    let err = env.fails(2, &["deal", "edit", "1", "--customer", "#99"]);
    assert!(err.contains("no customer #99"), "{err}");
    clean(&env, "after the palette");
}

#[test]
fn case_edit_and_rm() {
    let env = Env::new().with_customers();
    env.ok(&["case", "open", "Ann Lee", "invoice copy"]);
    let case = env.json(&[
        "case",
        "edit",
        "1",
        "--subject",
        "wrong invoice",
        "--kind",
        "complaint",
        "--priority",
        "high",
        "--owner",
        "bob",
    ]);
    assert_eq!(
        (
            &case["title"],
            &case["kind"],
            &case["priority"],
            &case["owner"]
        ),
        (
            &Value::from("wrong invoice"),
            &Value::from("complaint"),
            &Value::from("high"),
            &Value::from("bob")
        )
    );
    let out = env.ok(&["case", "rm", "1"]);
    assert_eq!(out, "Removed complaint #1 wrong invoice (Ann Lee)\n");
    assert_eq!(env.json(&["case", "list", "--all"]), Value::Array(vec![]));
    clean(&env, "case removed");
    env.ok(&["undo"]);
    assert_eq!(env.json(&["case", "list"])[0]["title"], "wrong invoice");
    let err = env.fails(2, &["case", "edit", "9", "--owner", "x"]);
    assert!(err.contains("no service case #9"), "{err}");
}

/// Bob twice: #4 Bob Stone at Globex (kept), and #5 a second card with
/// another email, a phone, a tag, a custom field, a campaign, a call, a
/// task, a deal and a case.
fn two_bobs() -> Env {
    let env = Env::new().with_customers();
    env.ok(&[
        "log",
        "Bob Stone",
        "call",
        "renewal",
        "--at",
        "2026-11-01 10:00",
    ]);
    env.ok(&[
        "add",
        "Bob Stone",
        "--company",
        "Globex Inc",
        "--email",
        "bob@gmail.com",
        "--phone",
        "13912345000",
        "--tag",
        "golf",
        "--campaign",
        "Expo 2026",
        "--stage",
        "prospect",
    ]);
    env.ok(&[
        "log",
        "bob@gmail.com",
        "email",
        "sent deck",
        "--next",
        "follow up",
        "--at",
        "2026-11-12 10:00",
    ]);
    env.ok(&[
        "deal",
        "add",
        "bob@gmail.com",
        "10 seats",
        "--amount",
        "10k",
    ]);
    env.ok(&["case", "open", "bob@gmail.com", "login fails"]);
    env
}

#[test]
fn merge_moves_everything_lists_the_conflicts_and_checks_clean_before_and_after_undo() {
    let env = two_bobs();
    let before = env.ok(&["export"]);
    let out = env.ok(&["merge", "#4", "bob@gmail.com", "--yes"]);
    assert_eq!(
        out,
        "Merged #5 Bob Stone (Globex Inc) into #4 Bob Stone (Globex) · moved 1 interaction, \
         1 task, 1 deal, 1 case · kept #4's value for 2 fields:\n  \
         company: kept \"Globex\", dropped \"Globex Inc\"\n  \
         stage: kept \"customer\", dropped \"prospect\"\n"
    );
    let bob = env.json(&["show", "#4"]);
    let c = &bob["customer"];
    assert_eq!(c["emails"], serde_json::json!(["bob@gmail.com"]));
    assert_eq!(c["phones"], serde_json::json!(["13912345000"]));
    assert_eq!(c["tags"], serde_json::json!(["golf"]));
    assert_eq!(c["campaign"], "Expo 2026");
    assert_eq!(c["last_contact_at"], "2026-11-12T10:00:00+08:00");
    assert_eq!(bob["timeline"].as_array().map(Vec::len), Some(2));
    assert_eq!(bob["tasks"].as_array().map(Vec::len), Some(1));
    assert_eq!(bob["deals"].as_array().map(Vec::len), Some(1));
    assert_eq!(bob["cases"].as_array().map(Vec::len), Some(1));
    // Every reference to the other card finds the kept one now.
    assert_eq!(env.json(&["show", "bob@gmail.com"])["customer"]["id"], 4);
    assert_eq!(env.json(&["show", "13912345000"])["customer"]["id"], 4);
    let err = env.fails(2, &["show", "#5"]);
    assert!(
        err.contains("no customer #5: it was merged into #4 (`rolo show #4`)"),
        "{err}"
    );
    let history = env.json(&["history", "#4"]);
    assert_eq!(history[0]["action"], "customer.merge");
    assert_eq!(history[0]["entity"], "#5");
    clean(&env, "after the merge");

    env.ok(&["undo"]);
    assert_eq!(env.ok(&["export"]), before, "both cards back, exactly");
    clean(&env, "after the undo");
}

#[test]
fn merge_names_both_customers_exactly_and_asks_first() {
    let env = two_bobs();
    // A company, part of a name, or a name two customers share is not enough.
    let err = env.fails(2, &["merge", "#4", "Globex Inc", "--yes"]);
    assert!(
        err.contains(
            "\"Globex Inc\" is not exactly any customer's name, email or phone, and a merge \
             removes one of the two cards, so rolo does not guess; give the #id"
        ),
        "{err}"
    );
    let err = env.fails(2, &["merge", "#4", "Bob", "--yes"]);
    assert!(err.contains("give the #id"), "{err}");
    let err = env.fails(2, &["merge", "Bob Stone", "#5", "--yes"]);
    assert!(err.contains("matches 2 customers"), "{err}");
    let err = env.fails(2, &["merge", "#4", "#4", "--yes"]);
    assert!(err.contains("with itself"), "{err}");
    // Off a terminal it does not ask: it needs --yes.
    let err = env.fails(2, &["merge", "#4", "#5"]);
    assert!(err.contains("pass --yes"), "{err}");
    assert_eq!(
        env.json(&["show", "#5"])["customer"]["id"],
        5,
        "nothing merged"
    );

    let merged = env.json(&["merge", "#4", "#5", "--yes"]);
    assert_eq!(merged["kept"]["id"], 4);
    assert_eq!(merged["removed"]["id"], 5);
    assert_eq!(merged["moved"]["interactions"], 1);
    assert_eq!(merged["conflicts"][0]["field"], "company");
    assert_eq!(merged["conflicts"][0]["dropped"], "Globex Inc");
}

#[test]
fn a_merged_book_exports_imports_and_erases_cleanly() {
    let env = two_bobs();
    env.ok(&["merge", "#4", "#5", "--yes"]);
    env.ok(&["task", "rm", "1"]);
    env.ok(&["interaction", "edit", "1", "--summary", "renewal talk"]);
    let first = env.ok(&["export"]);
    let file = env.dir.path().join("book.jsonl");
    std::fs::write(&file, &first).expect("write");
    let other = Env::new();
    other.ok(&["import", file.to_str().expect("utf-8")]);
    assert_eq!(
        other.ok(&["export"]),
        first,
        "identical after the round trip"
    );
    clean(&other, "imported");
    assert!(first.contains("\"status\":\"cancelled\""), "{first}");

    // Erasing the kept customer leaves no undo that could bring back
    // the card merged into them.
    env.ok(&["erase", "#4", "--yes"]);
    clean(&env, "erased");
    let err = env.fails(2, &["undo"]);
    assert!(err.contains("nothing to undo"), "{err}");
    let bytes = std::fs::read(env.db()).expect("read");
    let hay = String::from_utf8_lossy(&bytes);
    assert!(
        !hay.contains("bob@gmail.com"),
        "the merged card's email is gone"
    );
}

#[test]
fn add_warns_on_stderr_about_a_likely_duplicate_and_adds_anyway() {
    let env = Env::new().with_customers();
    let out = env
        .rolo(&["add", "Ann L.", "--email", "ANN@acme.com"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err,
        "rolo: warning: #5 Ann L. may already be in rolo:\n  \
         #1 Ann Lee (Acme Corp) has the same email ANN@acme.com\n  \
         if they are one person: rolo merge 1 5\n"
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "Added Ann L. (#5)\n");
    // --json output stays the customer; the warning still goes to stderr.
    let out = env
        .rolo(&[
            "add",
            "王伟",
            "--company",
            "华信科技",
            "--phone",
            "139 1234 5678",
            "--json",
        ])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let added: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(added["id"], 6);
    assert!(added.get("warnings").is_none());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("#2 王伟 (华信科技) has the same name and company"),
        "{err}"
    );
    assert!(
        err.contains("#3 王伟 (腾达电子) has the same phone 139 1234 5678"),
        "{err}"
    );
    assert!(err.contains("rolo merge ID 6"), "{err}");
    // The same name at another company is another person: no warning.
    let out = env
        .rolo(&["add", "Bob Stone", "--company", "Initech"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

/// The palette's `add` (and so the app's) names a likely duplicate too:
/// on the confirmation's one line, or on stderr under `--json`.
#[test]
fn the_palette_add_names_a_likely_duplicate() {
    let env = Env::new().with_customers();
    assert_eq!(
        env.ok(&["do", "add Bob Stone, Globex"]),
        "Added Bob Stone (Globex) (#5) · looks like #4 Bob Stone (Globex) (same name and \
         company): `merge #4 #5` if they are one person\n"
    );
    let out = env
        .rolo(&["--json", "do", "add Bob Stone, Globex"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let added: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(added["id"], 6);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("rolo: warning: #6 Bob Stone may already be in rolo:\n"),
        "{err}"
    );
    assert!(err.contains("rolo merge ID 6"), "{err}");
    assert_eq!(env.ok(&["do", "add Cai Li"]), "Added Cai Li (#7)\n");
}

#[test]
fn the_palette_fixes_and_removes_through_the_same_executor() {
    let env = ann_with_two_calls();
    let said = |line: &str| env.ok(&["do", line]);
    assert_eq!(
        said("fix log 2: second call, wants 60 seats"),
        "Updated call #2 with Ann Lee (#1): summary\n"
    );
    assert_eq!(
        said("fix log 2 at 2026-11-21 9am"),
        "Updated call #2 with Ann Lee (#1): at\n"
    );
    assert_eq!(last_contact(&env, "Ann Lee"), "2026-11-21T09:00:00+08:00");
    assert_eq!(
        said("fix task 1 due mon"),
        "Updated task #1 send quote (Ann Lee): due · due tomorrow\n"
    );
    assert_eq!(
        said("修改任务1 优先级 高"),
        "Updated task #1 send quote (Ann Lee): priority · due tomorrow\n"
    );
    assert_eq!(
        said("rm task 1"),
        "Cancelled task #1 send quote (Ann Lee) (kept in the history; `rolo task show 1`)\n"
    );
    assert_eq!(said("rm log 2"), "Removed call #2 with Ann Lee (#1)\n");
    assert_eq!(last_contact(&env, "Ann Lee"), "2026-11-10T10:00:00+08:00");
    clean(&env, "after the palette");
    env.ok(&["undo"]);
    assert_eq!(last_contact(&env, "Ann Lee"), "2026-11-21T09:00:00+08:00");

    // Errors point at the words, exit 2.
    let err = env.fails(2, &["do", "fix task 1 due frday"]);
    assert!(
        err.contains("  fix task 1 due frday\n                 ^^^^^"),
        "{err}"
    );
    let err = env.fails(2, &["do", "merge Ann Lee, 王伟"]);
    assert!(err.contains("\"王伟\" matches 2 customers"), "{err}");
    assert!(
        err.contains("  merge Ann Lee, 王伟\n                 ^^^^\n"),
        "{err}"
    );
    // A merge from the palette needs exact references, and no question.
    env.ok(&[
        "add",
        "Ann Lee",
        "--company",
        "Acme",
        "--email",
        "ann.lee@gmail.com",
    ]);
    let out = said("merge ann@acme.com, ann.lee@gmail.com");
    assert!(
        out.starts_with("Merged #5 Ann Lee (Acme) into #1 Ann Lee (Acme Corp)"),
        "{out}"
    );
    clean(&env, "after the palette merge");
}

/// Regression: `task edit` with no flag printed its list of flags with a
/// run of spaces in the middle (a line break in the source without `\`).
#[test]
fn an_edit_with_nothing_to_change_lists_its_flags_on_one_line() {
    let env = ann_with_two_calls();
    env.ok(&["deal", "add", "Ann Lee", "50 seats", "--amount", "50k"]);
    env.ok(&["case", "open", "Ann Lee", "invoice copy"]);
    for (args, flags) in [
        (
            ["interaction", "edit", "1"],
            "--kind, --at, --summary, --feedback, --outcome, --no-outcome \
             (see `rolo interaction edit --help`)",
        ),
        (
            ["task", "edit", "1"],
            "--title, --due, --no-due, --priority, --every, --no-every, --customer \
             (see `rolo task edit --help`)",
        ),
        (
            ["deal", "edit", "1"],
            "--title, --amount, --currency, --probability, --close, --no-close, --owner, \
             --customer (see `rolo deal edit --help`)",
        ),
        (
            ["case", "edit", "1"],
            "--title, --kind, --priority, --owner, --customer (see `rolo case edit --help`)",
        ),
    ] {
        let err = env.fails(2, &args);
        assert_eq!(
            err,
            format!("rolo: nothing to change: give at least one of {flags}\n"),
            "{args:?}"
        );
    }
}

/// An unknown id is the user's input (exit 2), naming the kind of record,
/// the id, and the command that lists the real ones — the same from the
/// command line and the palette.
#[test]
fn an_unknown_id_names_the_record_and_where_the_ids_are_listed() {
    let env = ann_with_two_calls();
    let interaction = "no interaction #99 (`rolo show CUSTOMER` lists a timeline with its ids)";
    let task = "no task #99 (`rolo task list --all` lists the open ones)";
    let deal = "no deal #99 (`rolo deal list --status all` lists every deal)";
    let case = "no service case #99 (`rolo case list --all` lists every case)";
    for (args, says) in [
        (&["interaction", "show", "99"][..], interaction),
        (
            &["interaction", "edit", "99", "--summary", "x"],
            interaction,
        ),
        (&["interaction", "rm", "99"], interaction),
        (&["task", "show", "99"], task),
        (&["task", "edit", "99", "--title", "x"], task),
        (&["task", "rm", "99"], task),
        (&["deal", "edit", "99", "--owner", "li"], deal),
        (&["deal", "rm", "99"], deal),
        (&["case", "edit", "99", "--owner", "li"], case),
        (&["case", "rm", "99"], case),
    ] {
        assert_eq!(env.fails(2, args), format!("rolo: {says}\n"), "{args:?}");
    }
    for (line, says) in [
        ("rm log 99", interaction),
        ("fix task 99 due fri", task),
        ("rm deal 99", deal),
        ("fix case 99 owner li", case),
    ] {
        let err = env.fails(2, &["do", line]);
        assert!(err.starts_with(&format!("rolo: {says}\n")), "{line}: {err}");
    }
}
