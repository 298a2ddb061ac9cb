//! The palette's deal and case verbs through `rolo do`.

use super::*;

#[test]
fn a_deal_is_opened_moved_won_and_lost_from_palette_lines() {
    let env = Env::new().with_customers();
    let out = env.ok(&["do", "deal ann: 50 seats ¥50k @2026-12-31"]);
    assert_eq!(
        out,
        "Deal #1 for Ann Lee (#1): 50 seats · 50,000 CNY · qualify 10% · closes in 39d\n"
    );
    let deal = env.json(&["do", "deal acme: support $12,000"]);
    assert_eq!(deal["id"], 2);
    assert_eq!(deal["customer"], 1);
    assert_eq!(deal["title"], "support");
    assert_eq!(deal["amount"], 1_200_000);
    assert_eq!(deal["currency"], "USD");
    assert_eq!(deal["stage"], "qualify");
    assert_eq!(deal["probability"], 10);
    assert_eq!(deal["owner"], "tester");
    assert_eq!(deal["expected_close"], Value::Null);

    // 50,000 × 40% = 20,000 weighted.
    let out = env.ok(&["do", "move 1 prop"]);
    assert_eq!(out, "Moved deal #1 to proposal 40% · 20,000 CNY weighted\n");
    let err = env.fails(2, &["do", "move 1 nope"]);
    assert_eq!(
        err,
        "rolo: unknown deal stage \"nope\" (expected one of: qualify, discovery, proposal, negotiation, commit)\n  move 1 nope\n         ^^^^\n"
    );

    // Ann was a lead: winning makes her a customer.
    let out = env.ok(&["do", "won 1: signed"]);
    assert_eq!(
        out,
        "Won deal #1 · 50 seats · 50,000 CNY · Ann Lee is now a customer\n"
    );
    let shown = env.json(&["show", "ann"]);
    assert_eq!(shown["customer"]["stage"], "customer", "{shown}");
    let err = env.fails(2, &["do", "won 1"]);
    assert!(err.contains("deal #1 is already won"), "{err}");

    let err = env.fails(2, &["do", "lost 2"]);
    assert_eq!(
        err,
        "rolo: a lost deal needs a reason after ':' (e.g. lost 2: price)\n  lost 2\n        ^\n"
    );
    let closed = env.json(&["do", "lost 2: price"]);
    assert_eq!(closed["deal"]["status"], "lost");
    assert_eq!(closed["deal"]["reason"], "price");
    assert_eq!(closed["promoted"], Value::Null);
    let err = env.fails(2, &["do", "won 99"]);
    assert!(err.contains("no deal #99"), "{err}");
}

#[test]
fn a_won_deal_for_a_customer_already_buying_says_who() {
    let env = Env::new().with_customers();
    // Bob Stone (#4) is a customer already; 5万 is in the base currency.
    env.ok(&["do", "商机 globex：续约 5万"]);
    let out = env.ok(&["do", "赢单 1"]);
    assert_eq!(out, "Won deal #1 · 续约 · 50,000 CNY · Bob Stone (#4)\n");
}

#[test]
fn deal_lines_that_cannot_be_run_write_nothing() {
    let env = Env::new().with_customers();
    let err = env.fails(2, &["do", "deal acme: 50 seats"]);
    assert_eq!(
        err,
        "rolo: a deal needs an amount, e.g. `deal acme: 50 seats ¥50k`\n  deal acme: 50 seats\n             ^^^^^^^^\n"
    );
    // Two 王伟: never a guess.
    let err = env.fails(2, &["do", "deal 王伟: x ¥5k"]);
    assert!(err.contains("#2  王伟  华信科技"), "{err}");
    assert!(err.contains("#3  王伟  腾达电子"), "{err}");
    let err = env.fails(2, &["do", "deal nobody: x ¥5k"]);
    assert!(err.contains("no customer matches \"nobody\""), "{err}");
    // Nothing was written: the next deal is #1.
    let deal = env.json(&["do", "deal globex: x 1k"]);
    assert_eq!(deal["id"], 1);
    assert_eq!(deal["amount"], 100_000);
    assert_eq!(deal["currency"], "CNY");
}

#[test]
fn cases_are_opened_responded_to_and_resolved() {
    let env = Env::new().with_customers();
    let out = env.ok(&["do", "complaint ann: late delivery"]);
    assert_eq!(out, "Opened complaint #1 for Ann Lee (#1): late delivery\n");
    let case = env.json(&["do", "工单 #2：发票抬头"]);
    assert_eq!(case["kind"], "request");
    assert_eq!(case["priority"], "normal");
    assert_eq!(case["title"], "发票抬头");
    assert_eq!(case["customer"], 2);
    let complaint = env.json(&["do", "complaint ann: broken box"]);
    assert_eq!(complaint["priority"], "high");

    // Opened 09:00; answered 12:30; resolved the next morning at 09:00.
    let out = env
        .rolo_at("2026-11-22T12:30:00+08:00", &["do", "respond 1"])
        .output()
        .expect("runs");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Responded to case #1 after 3.5h\n"
    );
    let out = env
        .rolo_at(
            "2026-11-23T09:00:00+08:00",
            &["do", "resolve 1: sent a replacement"],
        )
        .output()
        .expect("runs");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Resolved case #1 after 24h (first response after 3.5h)\n"
    );
    let err = env.fails(2, &["do", "resolve 1"]);
    assert!(err.contains("case #1 is already resolved"), "{err}");

    // Resolving without a response counts as the first response: 90 minutes.
    let out = env
        .rolo_at("2026-11-22T10:30:00+08:00", &["do", "解决 2"])
        .output()
        .expect("runs");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Resolved case #2 after 1.5h (first response after 1.5h)\n"
    );
    let err = env.fails(2, &["do", "respond 9"]);
    assert!(err.contains("no service case #9"), "{err}");
    let err = env.fails(2, &["do", "case ann"]);
    assert!(err.contains("a request needs a title after ':'"), "{err}");
}

#[test]
fn the_cli_verbs_and_palette_lines_say_the_same() {
    let cli = Env::new().with_customers();
    let palette = Env::new().with_customers();
    for (args, line) in [
        (
            &["deal", "add", "ann", "50 seats", "--amount", "50k"][..],
            "deal ann: 50 seats ¥50k",
        ),
        (&["deal", "move", "1", "prop"][..], "move 1 prop"),
        (
            &["deal", "lost", "1", "--reason", "price"][..],
            "lost 1: price",
        ),
        (
            &["case", "open", "globex", "slow api", "--complaint"][..],
            "complaint globex: slow api",
        ),
        (&["case", "respond", "1"][..], "respond 1"),
        (
            &["case", "resolve", "1", "--note", "fixed"][..],
            "resolve 1: fixed",
        ),
    ] {
        let said = cli.ok(args);
        assert!(said.lines().count() == 1 && said.len() > 20, "{said}");
        assert_eq!(said, palette.ok(&["do", line]), "{args:?} ~ {line}");
    }
    assert_eq!(
        cli.ok(&["deal", "list", "--status", "lost"]),
        palette.ok(&["deal", "list", "--status", "lost"])
    );
    let case = &cli.json(&["case", "list", "--all"])[0];
    assert_eq!(
        (&case["priority"], &case["owner"]),
        (&"high".into(), &"tester".into())
    );
}
