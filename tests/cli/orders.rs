//! Issue 16, item 1: orders from the command line, the card and the palette.

use super::*;

fn ids(list: &Value) -> Vec<u64> {
    list.as_array()
        .expect("an array")
        .iter()
        .map(|o| o["id"].as_u64().expect("id"))
        .collect()
}

#[test]
fn an_order_is_added_listed_shown_edited_removed_and_undone() {
    let env = Env::new().with_customers();
    let out = env.ok(&[
        "order",
        "add",
        "ann",
        "¥12,000.50",
        "--invoice",
        "2026-118",
        "--payment",
        "转账",
        "--items",
        "50 seats",
        "--date",
        "yesterday",
    ]);
    assert_eq!(
        out,
        "Order #1 for Ann Lee (#1): 12,000.50 CNY · 2026-11-21 · transfer · invoice 2026-118 · 50 seats\n"
    );
    let added = env.json(&[
        "order",
        "add",
        "华信",
        "3500",
        "--payment",
        "微信支付",
        "--items",
        "打印纸 20箱",
    ]);
    for (key, want) in [
        ("id", serde_json::json!(2)),
        ("customer", serde_json::json!(2)),
        ("customer_name", serde_json::json!("王伟")),
        ("amount", serde_json::json!(350_000)),
        ("currency", serde_json::json!("CNY")),
        ("payment", serde_json::json!("wechat")),
        ("invoice", serde_json::json!("")),
        ("items", serde_json::json!("打印纸 20箱")),
        ("owner", serde_json::json!("tester")),
        ("deal", Value::Null),
    ] {
        assert_eq!(added[key], want, "{key} in {added}");
    }
    assert_eq!(added["at"], "2026-11-22T09:00:00+08:00", "now by default");
    env.ok(&["order", "add", "globex", "$500", "--date", "2026-11-01"]);

    // Oldest first; CJK columns line up; totals per currency.
    let text = env.ok(&["order", "list"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            "ID  DATE        CUSTOMER          AMOUNT  PAYMENT   INVOICE   ITEMS",
            "#3  2026-11-01  Bob Stone        500 USD  -         -",
            "#1  2026-11-21  Ann Lee    12,000.50 CNY  transfer  2026-118  50 seats",
            "#2  2026-11-22  王伟           3,500 CNY  wechat    -         打印纸 20箱",
            "",
            "3 orders · 15,500.50 CNY · 500 USD",
        ]
    );
    assert_eq!(ids(&env.json(&["order", "list"])), vec![3, 1, 2]);
    assert_eq!(
        ids(&env.json(&["order", "list", "--customer", "ann"])),
        vec![1]
    );
    assert_eq!(
        ids(&env.json(&["order", "list", "--from", "2026-11-20", "--to", "yesterday"])),
        vec![1]
    );
    assert_eq!(
        env.ok(&["order", "list", "--from", "today", "--customer", "bob"]),
        "No orders match.\n"
    );

    let shown = env.ok(&["order", "show", "#1"]);
    for line in [
        "order #1 · 12,000.50 CNY",
        "  customer  Ann Lee (Acme Corp) (#1)",
        "  placed    2026-11-21 12:00",
        "  payment   transfer",
        "  invoice   2026-118",
        "  items     50 seats",
        "  owner     tester",
    ] {
        assert!(shown.contains(&format!("{line}\n")), "{line} in\n{shown}");
    }
    assert_eq!(env.json(&["order", "show", "1"])["invoice"], "2026-118");

    let edited = env.ok(&[
        "order",
        "edit",
        "1",
        "--amount",
        "13000",
        "--payment",
        "cash",
        "--invoice",
        "2026-119",
    ]);
    assert_eq!(
        edited,
        "Updated order #1 · 2026-11-21 · 13,000 CNY (Ann Lee): amount, payment, invoice\n"
    );
    let moved = env.json(&[
        "order",
        "edit",
        "1",
        "--customer",
        "bob",
        "--date",
        "2026-11-20",
    ]);
    assert_eq!(
        (moved["customer"].as_u64(), moved["customer_name"].as_str()),
        (Some(4), Some("Bob Stone"))
    );
    let err = env.fails(2, &["order", "edit", "1"]);
    assert!(err.contains("nothing to change"), "{err}");

    let removed = env.ok(&["order", "rm", "#3"]);
    assert_eq!(
        removed,
        "Removed order #3 · 2026-11-01 · 500 USD (Bob Stone) · `rolo undo` brings it back\n"
    );
    assert_eq!(ids(&env.json(&["order", "list"])), vec![1, 2]);
    env.ok(&["undo"]);
    assert_eq!(
        ids(&env.json(&["order", "list"])),
        vec![3, 1, 2],
        "undo brings it back"
    );
    let err = env.fails(2, &["order", "show", "9"]);
    assert!(err.contains("no order #9"), "{err}");
}

#[test]
fn bad_orders_are_refused_saying_what_and_where() {
    let env = Env::new().with_customers();
    for (args, want) in [
        (vec!["ann", "lots"], "lots"),
        (vec!["ann", "0"], "order amount \"0\" is out of range"),
        (vec!["ann", "-5"], ""),
        (
            vec!["ann", "100", "--date", "nonsense"],
            "--date \"nonsense\": unknown date",
        ),
        (
            vec!["ann", "100", "--date", "tomorrow"],
            "is after today (2026-11-22)",
        ),
        (
            vec!["ann", "100", "--payment", "bitcoin"],
            "unknown payment method \"bitcoin\"",
        ),
        (
            vec!["ann", "100", "--invoice", &"9".repeat(65)],
            "longer than 64 characters",
        ),
        (
            vec!["ann", "100", "--currency", "yuan"],
            "\"yuan\" is not a currency",
        ),
        (vec!["€5", "100"], ""),
        (vec!["nobody", "100"], "nobody"),
        (vec!["王伟", "100"], "#2"),
    ] {
        let mut all = vec!["order", "add"];
        all.extend(args.iter().copied());
        let err = env.fails(2, &all);
        assert!(err.contains(want), "{all:?}: {err}");
    }
    assert_eq!(
        env.json(&["order", "list"]),
        serde_json::json!([]),
        "nothing written"
    );
}

#[test]
fn rm_takes_an_order_id_never_a_name() {
    let env = Env::new().with_customers();
    env.ok(&["order", "add", "ann", "100"]);
    for word in ["ann", "Ann Lee", "1.5", "#"] {
        let err = env.fails(2, &["order", "rm", word]);
        assert!(err.contains("is not an order id"), "{word}: {err}");
    }
    let err = env.fails(2, &["order", "rm", "7"]);
    assert!(err.contains("no order #7"), "{err}");
    assert_eq!(ids(&env.json(&["order", "list"])), vec![1]);
}

#[test]
fn a_deal_won_with_its_order_is_one_write_and_one_undo() {
    let env = Env::new().with_customers();
    env.ok(&["deal", "add", "ann", "年度维保", "--amount", "88000"]);
    let out = env.ok(&["deal", "won", "1", "--order"]);
    assert_eq!(
        out,
        "Won deal #1 · 年度维保 · 88,000 CNY · Ann Lee is now a customer\n\
         Recorded order #1 · 2026-11-22 · 88,000 CNY for Ann Lee\n"
    );
    let orders = env.json(&["order", "list"]);
    assert_eq!(orders[0]["deal"], 1);
    assert_eq!(orders[0]["items"], "年度维保");
    env.ok(&["undo"]);
    assert_eq!(env.json(&["order", "list"]), serde_json::json!([]));
    let deals = env.json(&["deal", "list"]);
    assert_eq!(deals[0]["status"], "open", "the win is taken back too");

    let json = env.json(&["deal", "won", "1", "--order"]);
    assert_eq!(json["deal"]["status"], "won");
    assert_eq!(json["order"]["amount"], 8_800_000);
    // A deal already won is refused, and no second order is made.
    let err = env.fails(2, &["deal", "won", "1", "--order"]);
    assert!(err.contains("deal #1"), "{err}");
    let orders = env.json(&["order", "list"]);
    assert_eq!(orders.as_array().map(Vec::len), Some(1), "{orders}");
}

#[test]
fn the_card_counts_totals_and_lists_the_latest_orders() {
    let env = Env::new().with_customers();
    let card = env.ok(&["show", "ann"]);
    assert!(card.contains("\nOrders (0)\n  none\n"), "{card}");
    for (amount, date, items) in [
        ("1000", "2026-10-01", "first"),
        ("2000", "2026-10-15", "second"),
        ("$300", "2026-11-01", "third"),
        ("4000", "2026-11-20", "四号"),
    ] {
        env.ok(&[
            "order", "add", "ann", amount, "--date", date, "--items", items,
        ]);
    }
    let card = env.ok(&["show", "ann"]);
    let section: Vec<&str> = card
        .split("\nOrders ")
        .nth(1)
        .expect("an Orders section")
        .lines()
        .take(6)
        .collect();
    assert_eq!(
        section,
        [
            "(4 orders · 7,000 CNY · 300 USD)",
            "  ID  DATE           AMOUNT  ITEMS",
            "  #4  2026-11-20  4,000 CNY  四号",
            "  #3  2026-11-01    300 USD  third",
            "  #2  2026-10-15  2,000 CNY  second",
            "  (1 older not shown; rolo order list --customer …)",
        ]
    );
    let json = env.json(&["show", "ann"]);
    assert_eq!(
        ids(&json["orders"]),
        vec![4, 3, 2, 1],
        "every order, newest first"
    );
}

#[test]
fn order_lines_in_the_palette_in_english_and_chinese() {
    let env = Env::new().with_customers();
    let out = env.ok(&["do", "order acme: ¥12,000 invoice 2026-118"]);
    assert_eq!(
        out,
        "Order #1 for Ann Lee (#1): 12,000 CNY · 2026-11-22 · invoice 2026-118\n"
    );
    let out = env.ok(&[
        "do",
        "订单 王伟 华信: ￥3,500 微信支付 发票号04400180 打印纸 20箱 @2026-11-20",
    ]);
    assert_eq!(
        out,
        "Order #2 for 王伟 (#2): 3,500 CNY · 2026-11-20 · wechat · invoice 04400180 · 打印纸 20箱\n"
    );
    let json = env.json(&[
        "do",
        "order globex: 1,200 USD bank transfer inv INV-7 items cash register @yesterday",
    ]);
    assert_eq!(
        (
            json["amount"].as_i64(),
            json["currency"].as_str(),
            json["payment"].as_str(),
            json["invoice"].as_str(),
            json["items"].as_str(),
            json["at"].as_str(),
        ),
        (
            Some(120_000),
            Some("USD"),
            Some("transfer"),
            Some("INV-7"),
            Some("cash register"),
            Some("2026-11-21T12:00:00+08:00")
        )
    );

    // Corrections and removal, by id.
    assert_eq!(
        env.ok(&["do", "fix order 1 amount ¥9,000"]),
        "Updated order #1 · 2026-11-22 · 9,000 CNY (Ann Lee): amount\n"
    );
    env.ok(&["do", "fix 订单2 付款方式 现金"]);
    env.ok(&["do", "fix order 2 date 2026-11-19"]);
    env.ok(&["do", "fix order 2: 打印纸 30箱"]);
    let two = env.json(&["order", "show", "2"]);
    assert_eq!(
        (
            two["payment"].as_str(),
            two["items"].as_str(),
            two["at"].as_str()
        ),
        (
            Some("cash"),
            Some("打印纸 30箱"),
            Some("2026-11-19T12:00:00+08:00")
        )
    );
    env.ok(&["do", "fix order 2 invoice none"]);
    assert_eq!(env.json(&["order", "show", "2"])["invoice"], "");
    assert_eq!(
        env.ok(&["do", "rm order 3"]),
        "Removed order #3 · 2026-11-21 · 1,200 USD (Bob Stone)\n"
    );
    env.ok(&["undo"]);
    assert_eq!(ids(&env.json(&["order", "list"])), vec![2, 3, 1]);
}

#[test]
fn order_lines_that_cannot_be_run_write_nothing() {
    let env = Env::new().with_customers();
    for (line, want) in [
        ("order acme ¥5", "an order needs its amount after ':'"),
        (
            "order acme: lots of paper",
            "an order starts with its amount",
        ),
        ("order acme: ¥5 @zzz", "unknown date \"zzz\""),
        ("order acme: ¥5 @tomorrow", "is after today"),
        ("order acme: ¥5 invoice", "missing the invoice number"),
        ("order acme: 0", "out of range"),
        ("order 王伟: ¥5", "王伟"),
        ("fix order 1 payment bitcoin", "unknown payment method"),
        (
            "fix order 1 color red",
            "\"color\" is not a field of an order",
        ),
        ("rm order acme", "is not an order id"),
    ] {
        let err = env.fails(2, &["do", line]);
        assert!(err.contains(want), "{line}: {err}");
    }
    assert_eq!(env.json(&["order", "list"]), serde_json::json!([]));
}

/// Waits on the streamed export of orders (`export::Source::orders`),
/// which is being finished on main in `src/interchange/export/stream.rs`
/// and `src/cli/export.rs`: `rolo export` writes no orders yet.
#[test]
fn an_export_with_orders_imports_into_an_empty_file_identically() {
    let env = Env::new().with_customers();
    env.ok(&[
        "order",
        "add",
        "ann",
        "¥12,000",
        "--invoice",
        "2026-118",
        "--payment",
        "支付宝",
    ]);
    env.ok(&[
        "order",
        "add",
        "腾达",
        "500 USD",
        "--items",
        "样品",
        "--date",
        "2026-11-02",
    ]);
    env.ok(&["deal", "add", "bob", "renewal", "--amount", "3万"]);
    env.ok(&["deal", "won", "1", "--order"]);
    let first = env.ok(&["export"]);
    assert!(
        first.contains("\"invoice\":\"2026-118\""),
        "orders exported"
    );
    let file = env.dir.path().join("book.jsonl");
    std::fs::write(&file, &first).expect("write");
    let other = Env::new();
    other.ok(&["import", file.to_str().expect("utf-8")]);
    assert_eq!(
        other.ok(&["export"]),
        first,
        "identical after the round trip"
    );
    assert_eq!(ids(&other.json(&["order", "list"])), vec![2, 1, 3]);
}
