use super::*;

#[test]
fn task_add_list_snooze_done() {
    let env = Env::new().with_customers();
    let task = env.json(&[
        "task",
        "add",
        "globex",
        "renewal call",
        "--due",
        "today 15:00",
        "--priority",
        "high",
    ]);
    assert_eq!(task["due"], "2026-11-22T15:00");
    let id = task["id"].as_u64().expect("id").to_string();
    let today = env.json(&["task", "list", "--today"]);
    assert_eq!(today[0]["title"], "renewal call");
    assert_eq!(today[0]["customer_name"], "Bob Stone");

    let snoozed = env.json(&["task", "snooze", &id, "next", "week"]);
    assert_eq!(snoozed["due"], "2026-11-23");
    assert_eq!(snoozed["snoozes"][0]["from"], "2026-11-22T15:00");
    assert_eq!(
        env.json(&["task", "list", "--today"])
            .as_array()
            .map(Vec::len),
        Some(0)
    );
    assert_eq!(
        env.json(&["task", "list", "--week"])
            .as_array()
            .map(Vec::len),
        Some(1)
    );

    let done = env.ok(&["task", "done", &format!("#{id}")]);
    assert!(done.contains("Done: renewal call"), "{done}");
    let err = env.fails(2, &["task", "done", &id]);
    assert!(err.contains("already done"), "{err}");
    assert_eq!(
        env.json(&["task", "list", "--all"])
            .as_array()
            .map(Vec::len),
        Some(0)
    );
}

#[test]
fn recurring_task_comes_back() {
    let env = Env::new().with_customers();
    let task = env.json(&[
        "task",
        "add",
        "-",
        "weekly pipeline review",
        "--due",
        "mon",
        "--every",
        "1w",
    ]);
    let id = task["id"].as_u64().expect("id").to_string();
    let done = env.json(&["task", "done", &id]);
    assert_eq!(done[1]["due"], "2026-11-30");
    assert_eq!(done[1]["recurrence"]["every"], 1);
}

#[test]
fn today_brief_is_one_line() {
    let env = Env::new().with_customers();
    env.ok(&["task", "add", "ann", "overdue thing", "--due", "2026-11-20"]);
    env.ok(&["task", "add", "ann", "today thing", "--due", "today"]);
    let brief = env.ok(&["today", "--brief"]);
    assert_eq!(brief, "1 overdue · 1 today · 0 quiet\n");
    // Bob's 14-day cadence runs out in December.
    let later = env
        .rolo_at("2026-12-07T09:00:00+08:00", &["today", "--brief"])
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&later.stdout).contains("1 quiet"));
    let review = env.ok(&["today"]);
    assert!(
        review.contains("Overdue (1)") && review.contains("Today (1)"),
        "{review}"
    );
}

/// Regression: `task list --all` ("every open task, however far out or
/// undated") left out the undated ones, whether added without a due date
/// or corrected to none with `task edit --no-due`.
#[test]
fn task_list_all_shows_the_undated_tasks_last() {
    let env = Env::new().with_customers();
    env.ok(&["task", "add", "globex", "someday", "--priority", "low"]);
    env.ok(&[
        "task",
        "add",
        "globex",
        "renewal call",
        "--due",
        "2027-03-01",
    ]);
    env.ok(&["task", "add", "ann", "send quote", "--due", "fri"]);
    env.ok(&["task", "edit", "3", "--no-due"]);
    let all = env.json(&["task", "list", "--all"]);
    let titles: Vec<_> = all
        .as_array()
        .expect("a list")
        .iter()
        .map(|t| t["title"].clone())
        .collect();
    assert_eq!(titles, ["renewal call", "someday", "send quote"]);
    let out = env.ok(&["task", "list", "--all"]);
    assert!(
        out.contains("  #1  -           Bob Stone  someday\n"),
        "{out}"
    );
    assert_eq!(
        env.json(&["task", "list", "--week"])
            .as_array()
            .map(Vec::len),
        Some(0),
        "undated tasks are due in no window"
    );
}
