//! Issue 16, item 1: an orders sheet (订单表) imported like a follow-up
//! log — customers found by name or company, never invented; bad rows named
//! by line; a second import adds nothing; the order number kept in items.
//! The sheets are written by the tests themselves (GB18030 and UTF-16 bytes
//! made here), so no fixture file is needed.

use super::*;

fn write(env: &Env, name: &str, bytes: &[u8]) -> String {
    let path = env.dir.path().join(name);
    std::fs::write(&path, bytes).expect("write sheet");
    path.to_string_lossy().into_owned()
}

/// UTF-16LE with its byte-order mark, as Excel's "Unicode text" saves.
fn utf16le(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

fn orders(env: &Env) -> Vec<Value> {
    let mut list = env
        .json(&["order", "list"])
        .as_array()
        .cloned()
        .expect("an array");
    list.sort_by_key(|o| o["id"].as_u64());
    list
}

const ENGLISH: &str = "Order No,Customer,Date,Amount,Currency,Payment,Invoice,Items,Owner\n\
SO-1,Ann Lee,2026-11-20,\"$1,200.50\",,card,INV-1,50 seats,mia\n\
SO-2,Acme Corp,2026/11/21,300,EUR,bank transfer,,,\n\
,Globex,2026年11月02日,¥99,,wechat pay,,coffee beans,\n";

#[test]
fn an_english_sheet_imports_its_orders_and_a_second_import_adds_nothing() {
    let env = Env::new().with_customers();
    let file = write(&env, "orders.csv", ENGLISH.as_bytes());
    let text = env.ok(&["import", &file]);
    assert!(
        text.contains("Read 3 rows of orders from")
            && text.contains("  3 orders recorded, 0 already there\n")
            && !text.contains("tasks"),
        "{text}"
    );
    let list = orders(&env);
    let got: Vec<_> = list
        .iter()
        .map(|o| {
            (
                o["customer_name"].as_str().unwrap_or_default().to_string(),
                o["amount"].as_i64(),
                o["currency"].as_str().unwrap_or_default().to_string(),
                o["at"].as_str().unwrap_or_default()[..10].to_string(),
                o["payment"].as_str().unwrap_or_default().to_string(),
                o["invoice"].as_str().unwrap_or_default().to_string(),
                o["items"].as_str().unwrap_or_default().to_string(),
                o["owner"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let row = |c: &str, a: i64, cur: &str, d: &str, p: &str, i: &str, it: &str, o: &str| {
        let s = |x: &str| x.to_string();
        (s(c), Some(a), s(cur), s(d), s(p), s(i), s(it), s(o))
    };
    assert_eq!(
        got,
        vec![
            row(
                "Ann Lee",
                120_050,
                "USD",
                "2026-11-20",
                "card",
                "INV-1",
                "order SO-1 · 50 seats",
                "mia"
            ),
            row(
                "Ann Lee",
                30_000,
                "EUR",
                "2026-11-21",
                "transfer",
                "",
                "order SO-2",
                "tester"
            ),
            row(
                "Bob Stone",
                9_900,
                "CNY",
                "2026-11-02",
                "wechat",
                "",
                "coffee beans",
                "tester"
            ),
        ]
    );
    // Again, the next day: every row is already there.
    let again: Value = serde_json::from_slice(
        &env.rolo_at("2026-11-23T10:00:00+08:00", &["import", &file, "--json"])
            .output()
            .expect("runs")
            .stdout,
    )
    .expect("JSON");
    assert_eq!(
        (
            again["kind"].as_str(),
            again["orders"].as_u64(),
            again["unchanged"].as_u64()
        ),
        (Some("orders"), Some(0), Some(3)),
        "{again}"
    );
    assert_eq!(orders(&env).len(), 3);
}

#[test]
fn two_alike_orders_in_one_sheet_both_come_in_once() {
    let env = Env::new().with_customers();
    let sheet = "客户,日期,金额,商品\nAnn Lee,2026-11-20,35,咖啡\nAnn Lee,2026-11-20,35,咖啡\n";
    let file = write(&env, "coffee.csv", sheet.as_bytes());
    let first = env.json(&["import", &file]);
    assert_eq!(
        (first["orders"].as_u64(), first["unchanged"].as_u64()),
        (Some(2), Some(0))
    );
    let again = env.json(&["import", &file]);
    assert_eq!(
        (again["orders"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(2))
    );
    // One more such row in the sheet is one more order.
    let more = format!("{sheet}Ann Lee,2026-11-20,35,咖啡\n");
    let file = write(&env, "coffee.csv", more.as_bytes());
    let third = env.json(&["import", &file]);
    assert_eq!(
        (third["orders"].as_u64(), third["unchanged"].as_u64()),
        (Some(1), Some(2))
    );
    assert_eq!(orders(&env).len(), 3);
}

const CHINESE: &str = "订单编号,客户名称,下单日期,订单金额,币种,付款方式,发票号码,商品明细,销售\n\
DD20261101,华信科技,2026年11月1日,\"¥12,000.50\",,银行转账,04403120,办公椅 20把,李雷\n\
DD20261102,腾达电子,2026/11/02,8000,人民币,支付宝,,,\n\
DD20261103,Globex,2026-11-03,5万元,,月结,,服务器,韩梅梅\n";

fn check_chinese_orders(env: &Env) {
    let list = orders(env);
    let got: Vec<_> = list
        .iter()
        .map(|o| {
            (
                o["customer"].as_u64(),
                o["amount"].as_i64(),
                o["currency"].as_str().map(str::to_string),
                o["at"].as_str().map(|a| a[..10].to_string()),
                o["payment"].as_str().map(str::to_string),
                o["invoice"].as_str().map(str::to_string),
                o["items"].as_str().map(str::to_string),
            )
        })
        .collect();
    let s = |x: &str| Some(x.to_string());
    assert_eq!(
        got,
        vec![
            (
                Some(2),
                Some(1_200_050),
                s("CNY"),
                s("2026-11-01"),
                s("transfer"),
                s("04403120"),
                s("订单 DD20261101 · 办公椅 20把")
            ),
            (
                Some(3),
                Some(800_000),
                s("CNY"),
                s("2026-11-02"),
                s("alipay"),
                s(""),
                s("订单 DD20261102")
            ),
            (
                Some(4),
                Some(5_000_000),
                s("CNY"),
                s("2026-11-03"),
                s("credit"),
                s(""),
                s("订单 DD20261103 · 服务器")
            ),
        ]
    );
    assert_eq!(list[0]["owner"], "李雷");
}

#[test]
fn a_gb18030_csv_with_chinese_headers_imports() {
    let env = Env::new().with_customers();
    let (gb, _, _) = encoding_rs::GB18030.encode(CHINESE);
    let file = write(&env, "订单.csv", &gb);
    let report = env.json(&["import", &file]);
    assert_eq!(report["encoding"], "GB18030");
    assert_eq!(report["kind"], "orders");
    assert_eq!(report["orders"], 3);
    let columns: Vec<&str> = report["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .filter_map(|c| c["field"].as_str())
        .collect();
    assert_eq!(
        columns,
        [
            "order-no", "customer", "at", "amount", "currency", "payment", "invoice", "items",
            "owner"
        ]
    );
    check_chinese_orders(&env);
}

#[test]
fn a_utf16_tsv_with_chinese_headers_imports_and_again_adds_nothing() {
    let env = Env::new().with_customers();
    let tsv = CHINESE
        .replace("\"¥12,000.50\"", "¥12,000.50")
        .replace(',', "\t")
        .replace("¥12\t000.50", "¥12,000.50");
    let file = write(&env, "订单.txt", &utf16le(&tsv));
    let report = env.json(&["import", &file]);
    assert_eq!(
        (
            report["encoding"].as_str(),
            report["delimiter"].as_str(),
            report["orders"].as_u64()
        ),
        (Some("UTF-16LE"), Some("tab"), Some(3)),
        "{report}"
    );
    check_chinese_orders(&env);
    let again = env.json(&["import", &file]);
    assert_eq!(
        (again["orders"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(3))
    );
    // The same orders from the GB18030 CSV are the same orders too.
    let (gb, _, _) = encoding_rs::GB18030.encode(CHINESE);
    let csv = env.json(&["import", &write(&env, "订单.csv", &gb)]);
    assert_eq!(csv["unchanged"], 3);
    assert_eq!(orders(&env).len(), 3);
}

const BAD: &str = "客户,日期,金额,付款方式\n\
Ann Lee,2026-11-20,100,现金\n\
Nobody,2026-11-20,100,现金\n\
Ann Lee,2026-11-20,¥abc,现金\n\
Ann Lee,2026-12-25,100,现金\n\
Ann Lee,2026-11-21,100,比特币\n\
王伟,2026-11-21,100,微信\n\
Globex,2026-11-21,200,刷卡\n";

#[test]
fn bad_rows_are_named_by_line_and_nothing_is_imported_unless_skipped() {
    let env = Env::new().with_customers();
    let file = write(&env, "bad.csv", BAD.as_bytes());
    let err = env.fails(2, &["import", &file]);
    for says in [
        "5 of 7 rows",
        "nothing was imported",
        "line 3: no customer named \"Nobody\"",
        "line 4, column \"金额\": ",
        "¥abc",
        "line 5, column \"日期\": \"2026-12-25\" is after today (2026-11-22)",
        "line 6, column \"付款方式\": ",
        "比特币",
        "line 7: \"王伟\" matches 2 customers (#2, #3)",
    ] {
        assert!(err.contains(says), "{says}: {err}");
    }
    assert!(orders(&env).is_empty());
    // A dry run finds the same rows and writes nothing.
    let dry = env.json(&["import", &file, "--skip-invalid", "--dry-run"]);
    assert_eq!(
        (dry["orders"].as_u64(), dry["dry_run"].as_bool()),
        (Some(2), Some(true))
    );
    assert!(orders(&env).is_empty());
    let done = env.json(&["import", &file, "--skip-invalid"]);
    assert_eq!(done["orders"], 2);
    assert_eq!(dry["rejected"], done["rejected"]);
    let lines: Vec<u64> = done["rejected"]
        .as_array()
        .expect("rejected")
        .iter()
        .filter_map(|r| r["line"].as_u64())
        .collect();
    assert_eq!(lines, [3, 4, 5, 6, 7]);
    let rejected =
        std::fs::read_to_string(env.dir.path().join("bad.rejected.csv")).expect("written");
    assert!(
        rejected.starts_with("客户,日期,金额,付款方式,rolo: why rejected\n"),
        "{rejected}"
    );
    assert_eq!(orders(&env).len(), 2);
}

#[test]
fn kind_orders_reads_a_sheet_whose_headers_do_not_say_so_and_undo_leaves_an_import() {
    let env = Env::new().with_customers();
    let file = write(&env, "x.csv", "Wer,Summe\nAnn Lee,100\n".as_bytes());
    let err = env.fails(
        2,
        &["import", &file, "--kind", "orders", "--map", "Wer=customer"],
    );
    assert!(err.contains("no column gives the order's amount"), "{err}");
    let report = env.json(&[
        "import",
        &file,
        "--kind",
        "orders",
        "--map",
        "Wer=customer",
        "--map",
        "Summe=amount",
    ]);
    assert_eq!(report["orders"], 1);
    let list = orders(&env);
    assert_eq!(
        list[0]["at"], "2026-11-22T09:00:00+08:00",
        "no date column: now"
    );
    // As after a follow-up import: not undone row by row.
    let err = env.fails(2, &["undo"]);
    assert!(
        err.contains("nothing to undo") && err.contains("import"),
        "{err}"
    );
    assert_eq!(orders(&env).len(), 1);
}
