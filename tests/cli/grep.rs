//! `rolo grep`: full-text search over follow-ups, tasks, notes, deals and
//! cases; exit 0 on a match, 1 on none, 2 on bad input.

use super::*;

/// The small book with something written for each customer:
/// Ann (#1) a call on 11-20 about pricing (feedback from the CFO) and one
/// on 10-01, a task "Prepare pricing" (today); 王伟 of 华信 (#2) a visit
/// "客户想要报价单"; Bob (#4) an email "PRICE LIST sent" and a no-answer call.
fn book() -> Env {
    let env = Env::new().with_customers();
    env.ok(&[
        "log",
        "ann",
        "call",
        "Discussed pricing for 50 seats",
        "--feedback",
        "the CFO wants a discount",
        "--at",
        "2026-11-20 10:00",
    ]);
    env.ok(&[
        "log",
        "ann",
        "call",
        "pricing follow-up",
        "--at",
        "2026-10-01 10:00",
    ]);
    env.ok(&["task", "add", "ann", "Prepare pricing"]);
    env.ok(&[
        "log",
        "#2",
        "visit",
        "客户想要报价单",
        "--at",
        "2026-11-21 15:00",
    ]);
    env.ok(&[
        "log",
        "bob",
        "email",
        "PRICE LIST sent",
        "--at",
        "2026-11-19 09:30",
    ]);
    env.ok(&[
        "log",
        "bob",
        "call",
        "--outcome",
        "voicemail",
        "--at",
        "2026-11-18 09:30",
    ]);
    env
}

/// Each JSON hit as "kind customer_name text".
fn hits(found: &Value) -> Vec<String> {
    found
        .as_array()
        .expect("an array")
        .iter()
        .map(|h| {
            format!(
                "{} {} {}",
                h["kind"].as_str().expect("kind"),
                h["customer_name"].as_str().expect("name"),
                h["text"].as_str().expect("text")
            )
        })
        .collect()
}

#[test]
fn grep_prints_date_kind_customer_and_the_matching_line_newest_first() {
    let env = book();
    assert_eq!(
        env.ok(&["grep", "price"]),
        "2026-11-22  task     Ann Lee #1    Prepare pricing\n\
         2026-11-20  call     Ann Lee #1    Discussed pricing for 50 seats\n\
         2026-11-19  email    Bob Stone #4  PRICE LIST sent\n\
         2026-10-01  call     Ann Lee #1    pricing follow-up\n"
    );
}

#[test]
fn grep_latin_word_is_found_by_its_start() {
    let env = book();
    // "price" finds "pricing"; "pric" too; the middle of a word does not count.
    let found = hits(&env.json(&["grep", "price", "--kind", "call"]));
    assert_eq!(
        found,
        vec![
            "call Ann Lee Discussed pricing for 50 seats",
            "call Ann Lee pricing follow-up",
        ]
    );
    assert_eq!(
        env.json(&["grep", "pric"]).as_array().map(Vec::len),
        Some(4)
    );
    assert!(hits(&env.json(&["grep", "ricing"])).is_empty());
    assert!(hits(&env.json(&["grep", "ice"])).is_empty());
}

#[test]
fn grep_is_case_insensitive() {
    let env = book();
    let upper = hits(&env.json(&["grep", "PRICING"]));
    assert_eq!(upper, hits(&env.json(&["grep", "pricing"])));
    assert_eq!(upper.len(), 3, "{upper:?}");
    // And the other way: "price list" finds "PRICE LIST".
    assert_eq!(
        hits(&env.json(&["grep", "price", "list"])),
        vec!["email Bob Stone PRICE LIST sent"]
    );
}

#[test]
fn grep_chinese_is_found_as_a_substring() {
    let env = book();
    let found = env.json(&["grep", "报价"]);
    assert_eq!(hits(&found), vec!["visit 王伟 客户想要报价单"]);
    // The byte range of 报价 in the stored text: 4 characters of 3 bytes in.
    assert_eq!(found[0]["ranges"], serde_json::json!([[12, 18]]));
    assert_eq!(found[0]["customer"], 2);
    assert_eq!(
        env.ok(&["grep", "价单"]),
        "2026-11-21  visit    王伟 #2  客户想要报价单\n"
    );
    assert!(hits(&env.json(&["grep", "报价单子"])).is_empty());
}

#[test]
fn grep_searches_feedback_outcomes_tasks_and_notes() {
    let env = book();
    env.ok(&["edit", "bob", "--note", "Renewal due in March"]);
    assert_eq!(
        hits(&env.json(&["grep", "cfo"])),
        vec!["call Ann Lee the CFO wants a discount"]
    );
    assert_eq!(
        hits(&env.json(&["grep", "voicemail"])),
        vec!["call Bob Stone voicemail"]
    );
    assert_eq!(
        hits(&env.json(&["grep", "renewal"])),
        vec!["note Bob Stone Renewal due in March"]
    );
    assert_eq!(
        hits(&env.json(&["grep", "prepare"])),
        vec!["task Ann Lee Prepare pricing"]
    );
}

#[test]
fn grep_customer_keeps_to_one_customer() {
    let env = book();
    let anns = hits(&env.json(&["grep", "price", "--customer", "ann"]));
    assert_eq!(anns.len(), 3, "{anns:?}");
    assert!(anns.iter().all(|h| h.contains("Ann Lee")), "{anns:?}");
    assert_eq!(
        hits(&env.json(&["grep", "price", "--customer", "#4"])),
        vec!["email Bob Stone PRICE LIST sent"]
    );
    // Ann said nothing in Chinese.
    let out = env
        .rolo(&["grep", "报价", "--customer", "ann"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no matches for \"报价\""), "{err}");
}

#[test]
fn grep_since_and_until_bound_the_days() {
    let env = book();
    assert_eq!(
        hits(&env.json(&["grep", "pricing", "--since", "2026-11-01"])),
        vec![
            "task Ann Lee Prepare pricing",
            "call Ann Lee Discussed pricing for 50 seats",
        ]
    );
    // A natural date, relative to ROLO_NOW (Sunday 11-22): the day itself counts.
    assert_eq!(
        hits(&env.json(&["grep", "price", "--since", "-3d"])),
        vec![
            "task Ann Lee Prepare pricing",
            "call Ann Lee Discussed pricing for 50 seats",
            "email Bob Stone PRICE LIST sent",
        ]
    );
    assert_eq!(
        hits(&env.json(&["grep", "pricing", "--until", "2026-10-01"])),
        vec!["call Ann Lee pricing follow-up"]
    );
}

#[test]
fn grep_json_shape() {
    let env = book();
    let found = env.json(&["grep", "cfo", "discount"]);
    assert_eq!(
        found,
        serde_json::json!([{
            "customer": 1,
            "customer_name": "Ann Lee",
            "kind": "call",
            "entity": "interaction",
            "id": 1,
            "at": "2026-11-20T10:00:00+08:00",
            "field": "feedback",
            "text": "the CFO wants a discount",
            "ranges": [[4, 7], [16, 24]],
        }])
    );
    let task = &env.json(&["grep", "prepare"])[0];
    assert_eq!(
        (task["entity"].as_str(), task["id"].as_u64()),
        (Some("task"), Some(1))
    );
}

#[test]
fn grep_no_match_exits_0_with_a_note_on_stderr_and_nothing_on_stdout() {
    let env = book();
    let out = env.rolo(&["grep", "invoice"]).output().expect("runs");
    // DESIGN §5: exit 1 is a failure; finding nothing is not one.
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "no matches for \"invoice\"\n"
    );
    // --json prints an empty list.
    let out = env
        .rolo(&["grep", "invoice", "--json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "[]");
}

#[test]
fn grep_bad_input_exits_2_with_a_message() {
    let env = book();
    let long = "a".repeat(257);
    let err = env.fails(2, &["grep", &long]);
    assert!(err.contains("257 characters long"), "{err}");
    let err = env.fails(2, &["grep", "price", "--customer", "nobody-here"]);
    assert!(err.contains("nobody-here"), "{err}");
    let err = env.fails(2, &["grep", "price", "--since", "someday"]);
    assert!(err.contains("--since") && err.contains("someday"), "{err}");
    let err = env.fails(
        2,
        &[
            "grep",
            "price",
            "--since",
            "2026-11-10",
            "--until",
            "2026-11-01",
        ],
    );
    assert!(err.contains("nothing can be in between"), "{err}");
    let err = env.fails(2, &["grep", "price", "--kind", "lunch"]);
    assert!(err.contains("unknown kind \"lunch\""), "{err}");
    let err = env.fails(2, &["grep", "  "]);
    assert!(err.contains("give some words"), "{err}");
    env.fails(2, &["grep"]);
    env.fails(2, &["grep", "price", "--color", "sometimes"]);
}

#[test]
fn grep_highlights_only_when_asked_or_on_a_terminal() {
    let env = book();
    // Not a terminal (a pipe): plain.
    assert!(!env.ok(&["grep", "cfo"]).contains('\x1b'));
    let shown = env.ok(&["grep", "cfo", "--color", "always"]);
    assert_eq!(
        shown,
        "2026-11-20  call     Ann Lee #1  the \x1b[1;7mCFO\x1b[22;27m wants a discount\n"
    );
    // Text someone wrote is never sent to the terminal raw, highlighted or not.
    env.ok(&["log", "ann", "note", "cfo \x1b[2J agreed"]);
    let shown = env.ok(&["grep", "agreed", "--color", "always"]);
    assert!(shown.contains("cfo \\x1b[2J \x1b[1;7magreed"), "{shown:?}");
}

#[test]
fn grep_cuts_lines_to_columns_around_the_match() {
    let env = book();
    let long = format!(
        "{} the budget is approved {}",
        "x".repeat(100),
        "y".repeat(100)
    );
    env.ok(&["log", "ann", "note", &long]);
    let out = env
        .rolo(&["grep", "budget"])
        .env("COLUMNS", "60")
        .output()
        .expect("runs");
    let shown = String::from_utf8(out.stdout).expect("utf-8");
    let line = shown.lines().next().expect("a line");
    assert!(line.contains("budget"), "{line}");
    assert!(line.contains('…'), "{line}");
    assert!(line.chars().count() <= 60, "{line}");
}
