//! `rolo today --ranked` / `--why`: one queue ordered by urgency.

use super::Env;

/// Three weeks before NOW, when the book was set up.
const EARLIER: &str = "2026-11-01T09:00:00+08:00";

fn book() -> Env {
    let env = Env::new();
    for args in [
        &["add", "Ann Lee", "--company", "Acme", "--owner", "tester"][..],
        &[
            "add",
            "Bob Stone",
            "--company",
            "Globex",
            "--cadence",
            "14",
            "--owner",
            "lin",
        ],
        &["add", "王芳", "--company", "上海贸易", "--owner", "tester"],
    ] {
        let out = env.rolo_at(EARLIER, args).output().expect("runs");
        assert!(out.status.success(), "{args:?}");
    }
    env.ok(&[
        "task",
        "add",
        "Ann Lee",
        "send quote",
        "--due",
        "2026-11-19",
        "--priority",
        "high",
    ]);
    env.ok(&["task", "add", "王芳", "confirm delivery", "--due", "today"]);
    env.ok(&[
        "task",
        "add",
        "王芳",
        "plan visit",
        "--due",
        "2026-11-25",
        "--priority",
        "low",
    ]);
    env
}

#[test]
fn the_ranked_queue_orders_by_urgency_and_explains_itself() {
    let env = book();
    let ranked = env.json(&["today", "--ranked"]);
    let rows = ranked.as_array().expect("an array");
    let summary: Vec<(String, i64)> = rows
        .iter()
        .map(|r| {
            let what = r["task"]["title"]
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| {
                    format!("quiet {}", r["customer"]["name"].as_str().unwrap_or("?"))
                });
            (what, r["score"].as_i64().expect("score"))
        })
        .collect();
    // Ann: overdue 3 days (20 + 15) + high priority (30).
    // Bob: created 21 days ago with a 14-day cadence: quiet 7 days (10 + 14).
    // 王芳: due today (15); due in 3 days (10 − 6) + low priority (−10).
    assert_eq!(
        summary,
        [
            ("send quote".to_string(), 65),
            ("quiet Bob Stone".to_string(), 24),
            ("confirm delivery".to_string(), 15),
            ("plan visit".to_string(), -6),
        ]
    );
    assert_eq!(rows[0]["rank"], 1);
    assert_eq!(rows[0]["kind"], "task");
    assert_eq!(rows[1]["kind"], "quiet");
    assert_eq!(rows[0]["reasons"][0]["label"], "overdue 3 days");
    assert_eq!(rows[0]["reasons"][0]["points"], 35);

    let why = env.ok(&["today", "--why", "--limit", "2"]);
    assert!(why.contains("4 in the queue"), "{why}");
    assert!(
        why.contains("  1. task #1 send quote · Ann Lee\n        +35  overdue 3 days\n        +30  high priority\n         65  score\n"),
        "{why}"
    );
    assert!(
        why.contains("gone quiet: 7 days past the 14-day cadence"),
        "{why}"
    );
    assert!(why.contains("… and 2 more"), "{why}");
}

#[test]
fn mine_keeps_the_customers_the_user_owns() {
    let env = book();
    let mine = env.json(&["today", "--ranked", "--mine"]);
    let names: Vec<&str> = mine
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|r| r["customer"]["name"].as_str())
        .collect();
    assert_eq!(names, ["Ann Lee", "王芳", "王芳"]);
    let review = env.json(&["today", "--mine"]);
    assert_eq!(review["quiet"]["total"], 0, "Bob is Lin's");
    assert_eq!(review["overdue"]["total"], 1);
    assert_eq!(review["cases"]["total"], 0);
}

#[test]
fn brief_cannot_be_ranked() {
    let env = book();
    let err = env.fails(2, &["today", "--brief", "--ranked"]);
    assert!(err.contains("--ranked"), "{err}");
}

#[test]
fn quiet_days_in_config_makes_customers_without_a_cadence_quiet() {
    let env = book();
    assert_eq!(
        env.json(&["today"])["quiet"]["total"],
        1,
        "only Bob, by cadence"
    );
    let config = env.dir.path().join("config");
    std::fs::create_dir_all(&config).expect("config dir");
    std::fs::write(config.join("config.toml"), "quiet_days = 14\n").expect("config");
    let review = env.json(&["today"]);
    // Ann and 王芳 were added 21 days ago and never contacted.
    assert_eq!(review["quiet"]["total"], 3, "{review}");
}

#[test]
fn the_weights_come_from_config() {
    let env = book();
    let config = env.dir.path().join("config");
    std::fs::create_dir_all(&config).expect("config dir");
    std::fs::write(
        config.join("config.toml"),
        "[queue]\nhigh_priority = 100\nlow_priority = 0\n",
    )
    .expect("config");
    let ranked = env.json(&["today", "--ranked"]);
    let first = &ranked[0];
    assert_eq!(first["task"]["title"], "send quote");
    assert_eq!(
        first["score"],
        35 + 100,
        "overdue 3 days + the configured high priority"
    );
    let last = &ranked[3];
    assert_eq!(last["task"]["title"], "plan visit");
    assert_eq!(last["score"], 4, "low priority weighs nothing now");
}
