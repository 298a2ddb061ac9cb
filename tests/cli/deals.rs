use super::*;

fn ids(list: &Value) -> Vec<u64> {
    list.as_array()
        .expect("an array")
        .iter()
        .map(|d| d["id"].as_u64().expect("id"))
        .collect()
}

#[test]
fn a_new_deal_is_listed_with_its_weighted_value() {
    let env = Env::new().with_customers();
    let out = env.ok(&["deal", "add", "ann", "50 seats", "--amount", "50,000"]);
    assert_eq!(
        out,
        "Deal #1 for Ann Lee (#1): 50 seats · 50,000 CNY · qualify 10%\n"
    );
    env.ok(&[
        "deal",
        "add",
        "globex",
        "renewal",
        "--amount",
        "3万",
        "--stage",
        "neg",
        "--close",
        "2026-12-15",
    ]);

    let list = env.json(&["deal", "list"]);
    assert_eq!(
        ids(&list),
        vec![1, 2],
        "pipeline order: qualify, negotiation"
    );
    let first = &list[0];
    for (key, want) in [
        ("id", serde_json::json!(1)),
        ("customer", serde_json::json!(1)),
        ("customer_name", serde_json::json!("Ann Lee")),
        ("title", serde_json::json!("50 seats")),
        ("amount", serde_json::json!(5_000_000)),
        ("currency", serde_json::json!("CNY")),
        ("stage", serde_json::json!("qualify")),
        ("probability", serde_json::json!(10)),
        ("status", serde_json::json!("open")),
        ("weighted", serde_json::json!(500_000)),
        ("owner", serde_json::json!("tester")),
        ("expected_close", Value::Null),
    ] {
        assert_eq!(first[key], want, "{key} in {first}");
    }
    assert_eq!(list[1]["expected_close"], "2026-12-15");
    assert_eq!(list[1]["weighted"], 2_100_000, "70% of 30,000");

    let text = env.ok(&["deal", "list"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[..3],
        [
            "ID  CUSTOMER   TITLE         AMOUNT  STAGE        PROB    WEIGHTED  CLOSE       OWNER",
            "#1  Ann Lee    50 seats  50,000 CNY  qualify       10%   5,000 CNY  -           tester",
            "#2  Bob Stone  renewal   30,000 CNY  negotiation   70%  21,000 CNY  2026-12-15  tester",
        ]
    );
    assert!(
        text.contains("\n2 open deals · pipeline 80,000 CNY · weighted forecast 26,000 CNY\n"),
        "{text}"
    );
    // Unfiltered, the footer breaks the pipeline down by stage.
    assert!(
        text.contains("  negotiation      1  30,000 CNY  21,000 CNY\n"),
        "{text}"
    );
    let filtered = env.ok(&["deal", "list", "--stage", "qualify"]);
    assert!(!filtered.contains("By stage"), "{filtered}");
    assert!(
        filtered.contains("1 open deal · pipeline 50,000 CNY · weighted forecast 5,000 CNY"),
        "{filtered}"
    );
}

#[test]
fn move_win_lose_and_reopen() {
    let env = Env::new().with_customers();
    env.ok(&["deal", "add", "ann", "50 seats", "--amount", "50k"]);
    env.ok(&["deal", "add", "globex", "support", "--amount", "8000"]);

    let moved = env.json(&["deal", "move", "1", "prop"]);
    assert_eq!(
        (&moved["stage"], &moved["probability"]),
        (&"proposal".into(), &40.into())
    );
    let moved = env.json(&["deal", "move", "#1", "proposal", "--probability", "55"]);
    assert_eq!(moved["probability"], 55);
    assert_eq!(moved["weighted"], 2_750_000);
    // The same words as `rolo do 'move 1 …'`: 50,000 × 60% = 30,000.
    assert_eq!(
        env.ok(&["deal", "move", "1", "prop", "--probability", "60"]),
        "Moved deal #1 to proposal 60% · 30,000 CNY weighted\n"
    );

    // Ann was a lead: winning makes her a customer, and says so.
    let won = env.ok(&["deal", "won", "1", "--note", "good fit"]);
    assert_eq!(
        won,
        "Won deal #1 · 50 seats · 50,000 CNY · Ann Lee is now a customer\n"
    );
    let shown = env.json(&["show", "ann"]);
    assert_eq!(shown["customer"]["stage"], "customer");
    let change = &shown["customer"]["stage_changes"][0];
    assert_eq!(
        (&change["from"], &change["to"], &change["at"]),
        (&"lead".into(), &"customer".into(), &NOW.into())
    );
    assert_eq!(shown["deals"][0]["status"], "won");
    assert_eq!(shown["deals"][0]["reason"], "good fit");
    assert_eq!(shown["won_last_12_months"], 5_000_000);

    // Bob already is a customer: nothing to promote.
    let err = env.fails(2, &["deal", "lost", "2"]);
    assert!(err.contains("--reason"), "{err}");
    let lost = env.ok(&["deal", "lost", "2", "--reason", "price"]);
    assert_eq!(lost, "Lost deal #2 · support · 8,000 CNY · price\n");
    let err = env.fails(2, &["deal", "move", "2", "commit"]);
    assert!(err.contains("deal #2 is already lost"), "{err}");

    assert_eq!(ids(&env.json(&["deal", "list"])), Vec::<u64>::new());
    assert_eq!(
        ids(&env.json(&["deal", "list", "--status", "won"])),
        vec![1]
    );
    assert_eq!(
        ids(&env.json(&["deal", "list", "--status", "all"])),
        vec![1, 2]
    );

    assert_eq!(
        env.ok(&["deal", "reopen", "2"]),
        "Reopened deal #2 · support · qualify 10%\n"
    );
    env.ok(&["deal", "lost", "2", "--reason", "timing"]);
    let reopened = env.json(&["deal", "reopen", "2"]);
    assert_eq!(
        (
            &reopened["status"],
            &reopened["stage"],
            &reopened["probability"]
        ),
        (&"open".into(), &"qualify".into(), &10.into())
    );
    assert_eq!(reopened["reason"], "");
    let all = env.ok(&["deal", "list", "--status", "all"]);
    assert!(
        all.contains("2 deals (1 open, 1 won, 0 lost) · open pipeline 8,000 CNY · weighted forecast 800 CNY · won 50,000 CNY"),
        "{all}"
    );
}

#[test]
fn bad_deal_input_exits_2_naming_it() {
    let env = Env::new().with_customers();
    let err = env.fails(2, &["deal", "add", "ann", "x", "--amount", "12x"]);
    assert!(err.contains("\"12x\" is not an amount"), "{err}");
    let err = env.fails(
        2,
        &["deal", "add", "ann", "x", "--amount", "5", "--stage", "won"],
    );
    assert!(
        err.contains("unknown deal stage \"won\" (expected one of: qualify, discovery, proposal, negotiation, commit)"),
        "{err}"
    );
    let err = env.fails(
        2,
        &[
            "deal",
            "add",
            "ann",
            "x",
            "--amount",
            "5",
            "--currency",
            "dollars",
        ],
    );
    assert!(err.contains("\"dollars\" is not a currency"), "{err}");
    let err = env.fails(
        2,
        &[
            "deal",
            "add",
            "ann",
            "x",
            "--amount",
            "5",
            "--probability",
            "120",
        ],
    );
    assert!(err.contains("--probability"), "{err}");
    let err = env.fails(
        2,
        &[
            "deal", "add", "ann", "x", "--amount", "5", "--close", "someday",
        ],
    );
    assert!(err.contains("--close \"someday\": unknown date"), "{err}");
    // Two 王伟: never guess, list both.
    let err = env.fails(2, &["deal", "add", "王伟", "servers", "--amount", "5"]);
    assert!(
        err.contains("华信科技") && err.contains("腾达电子"),
        "{err}"
    );
    let err = env.fails(2, &["deal", "won", "9"]);
    assert!(err.contains("no deal #9"), "{err}");
    let err = env.fails(2, &["deal", "move", "1x", "commit"]);
    assert!(err.contains("\"1x\" is not a deal id"), "{err}");
    // Nothing was written by any of them.
    assert_eq!(
        ids(&env.json(&["deal", "list", "--status", "all"])),
        Vec::<u64>::new()
    );
}

#[test]
fn mine_owner_customer_and_closing_filters() {
    let env = Env::new().with_customers();
    env.ok(&[
        "deal",
        "add",
        "ann",
        "a",
        "--amount",
        "100",
        "--close",
        "2026-11-30",
    ]);
    env.ok(&[
        "deal",
        "add",
        "globex",
        "b",
        "--amount",
        "100",
        "--owner",
        "bob",
        "--close",
        "2026-12-31",
    ]);
    env.ok(&["deal", "add", "#2", "c", "--amount", "100"]);

    assert_eq!(ids(&env.json(&["deal", "list", "--mine"])), vec![1, 3]);
    let out = env
        .rolo(&["deal", "list", "--mine", "--json"])
        .env("USER", "bob")
        .output()
        .expect("runs");
    let bobs: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(ids(&bobs), vec![2], "--mine follows the Unix user");
    assert_eq!(ids(&env.json(&["deal", "list", "--owner", "BOB"])), vec![2]);
    assert_eq!(
        ids(&env.json(&["deal", "list", "--customer", "globex"])),
        vec![2]
    );
    // Expected to close by the end of the month (undated deals are not).
    assert_eq!(
        ids(&env.json(&["deal", "list", "--closing", "2026-11-30"])),
        vec![1]
    );
    assert_eq!(
        ids(&env.json(&["deal", "list", "--closing", "2026-12-31"])),
        vec![1, 2]
    );
}

#[test]
fn totals_convert_currencies_and_name_those_without_a_rate() {
    let env = Env::new().with_customers();
    std::fs::create_dir_all(env.dir.path().join("config")).expect("config dir");
    std::fs::write(
        env.dir.path().join("config/config.toml"),
        "currency = \"CNY\"\n[rates]\nUSD = 7.0\n",
    )
    .expect("config");
    env.ok(&[
        "deal",
        "add",
        "ann",
        "a",
        "--amount",
        "10k",
        "--currency",
        "usd",
    ]);
    env.ok(&[
        "deal",
        "add",
        "ann",
        "b",
        "--amount",
        "1000",
        "--currency",
        "EUR",
    ]);
    env.ok(&["deal", "add", "ann", "c", "--amount", "30000"]);
    let text = env.ok(&["deal", "list"]);
    assert!(
        text.contains("3 open deals · pipeline 100,000 CNY · weighted forecast 10,000 CNY\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "Not in the totals: 1 deal in EUR (no rate to CNY; add it under [rates] in config.toml)"
        ),
        "{text}"
    );
}

#[test]
fn a_retried_deal_add_with_an_op_id_is_applied_once() {
    let env = Env::new().with_customers();
    let args = ["--op-id", "d-1", "deal", "add", "ann", "x", "--amount", "5"];
    env.ok(&args);
    env.ok(&args);
    assert_eq!(ids(&env.json(&["deal", "list"])), vec![1]);
}
