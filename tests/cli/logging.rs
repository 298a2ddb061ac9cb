use super::*;

/// The acceptance path, through `rolo log` and through `rolo do`.
fn assert_logged_call_with_next_action(env: &Env) {
    let shown = env.json(&["show", "acme"]);
    let timeline = shown["timeline"].as_array().expect("timeline");
    assert_eq!(timeline.len(), 1);
    assert_eq!(timeline[0]["kind"], "call");
    assert_eq!(timeline[0]["summary"], "wants pricing");
    let tasks = shown["tasks"].as_array().expect("tasks");
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0]["title"], "send quote");
    assert_eq!(tasks[0]["due"], "2026-11-27", "fri after Sunday 22nd");
    assert_eq!(timeline[0]["task"], tasks[0]["id"]);

    let card = env.ok(&["show", "acme"]);
    assert!(
        card.contains("send quote") && card.contains("wants pricing"),
        "{card}"
    );

    // Sunday: it is in the next 7 days; on Friday it is due today.
    let sunday = env.json(&["today"]);
    assert_eq!(sunday["upcoming"]["rows"][0]["title"], "send quote");
    let friday = env
        .rolo_at("2026-11-27T08:30:00+08:00", &["today", "--json"])
        .output()
        .expect("runs");
    let friday: Value = serde_json::from_slice(&friday.stdout).expect("json");
    assert_eq!(friday["today"]["total"], 1);
    assert_eq!(friday["today"]["rows"][0]["customer_name"], "Ann Lee");
    let saturday = env
        .rolo_at("2026-11-28T08:30:00+08:00", &["today", "--brief"])
        .output()
        .expect("runs");
    assert_eq!(
        String::from_utf8_lossy(&saturday.stdout),
        "1 overdue · 0 today · 0 quiet\n"
    );
}

#[test]
fn log_with_next_action_shows_in_show_and_today() {
    let env = Env::new().with_customers();
    let out = env.ok(&[
        "log",
        "acme",
        "call",
        "wants pricing",
        "--next",
        "send quote",
        "--due",
        "fri",
    ]);
    assert!(out.contains("Logged call with Ann Lee (#1)"), "{out}");
    assert_logged_call_with_next_action(&env);
}

#[test]
fn palette_line_does_the_same() {
    let env = Env::new().with_customers();
    let out = env.ok(&["do", "call acme: wants pricing -> send quote @fri"]);
    assert!(out.contains("next: send quote"), "{out}");
    assert_logged_call_with_next_action(&env);
}

#[test]
fn chinese_palette_line_with_default_follow_up() {
    let env = Env::new().with_customers();
    env.ok(&["do", "电话 华信科技：想要报价 -> 发报价单"]);
    let shown = env.json(&["show", "华信科技"]);
    assert_eq!(shown["timeline"][0]["summary"], "想要报价");
    assert_eq!(shown["tasks"][0]["title"], "发报价单");
    // Two business days after Sunday: Tuesday.
    assert_eq!(shown["tasks"][0]["due"], "2026-11-24");
}

#[test]
fn no_answer_queues_a_retry_and_feedback_is_kept() {
    let env = Env::new().with_customers();
    env.ok(&["do", "call globex noanswer"]);
    env.ok(&[
        "log",
        "globex",
        "visit",
        "site tour",
        "--feedback",
        "liked the demo",
        "--at",
        "yesterday 15:00",
    ]);
    let shown = env.json(&["show", "globex"]);
    let timeline = shown["timeline"].as_array().expect("timeline");
    assert_eq!(
        timeline[0]["outcome"], "no-answer",
        "newest first: the call at 09:00 today"
    );
    assert_eq!(timeline[1]["feedback"], "liked the demo");
    assert!(
        timeline[1]["at"]
            .as_str()
            .unwrap_or("")
            .starts_with("2026-11-21T15:00"),
        "{timeline:?}"
    );
    assert_eq!(shown["tasks"][0]["due"], "2026-11-24");
}

#[test]
fn palette_errors_underline_the_span() {
    let env = Env::new().with_customers();
    let err = env.fails(2, &["do", "call acme: hi @frday"]);
    assert!(err.contains("frday"), "{err}");
    assert!(err.contains("^"), "underlined: {err}");
    let err = env.fails(2, &["do", "cal acme: hi"]);
    assert!(err.contains("call"), "suggests the verb: {err}");
    let err = env.fails(2, &["do", "call 王伟: hi"]);
    assert!(err.contains("#2") && err.contains("#3"), "{err}");
}
