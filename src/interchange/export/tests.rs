use super::fixtures::{ann, at, campaigns, cases, deals, interactions, now, orders, tasks, zhang};
use super::*;
use crate::domain::Task;

fn bundle() -> Bundle {
    Bundle {
        customers: vec![zhang(), ann()],
        interactions: interactions(),
        tasks: tasks(),
        deals: deals(),
        cases: cases(),
        orders: orders(),
        campaigns: campaigns(),
    }
}

fn text(buf: Vec<u8>) -> String {
    String::from_utf8(buf).expect("exports are UTF-8")
}

fn jsonl(b: &Bundle) -> String {
    let mut buf = Vec::new();
    write_bundle_jsonl(&mut buf, now(), b).expect("writes to memory");
    text(buf)
}

fn json(b: &Bundle) -> String {
    let mut buf = Vec::new();
    write_bundle_json(&mut buf, now(), b).expect("writes to memory");
    text(buf)
}

fn parse_error(result: Result<Bundle, ExportError>) -> (usize, String) {
    match result {
        Err(ExportError::Parse { line, message }) => (line, message),
        other => panic!("expected a parse error, got {other:?}"),
    }
}

#[test]
fn jsonl_round_trip_is_byte_identical() {
    let first = jsonl(&bundle());
    let back = read_jsonl(&first).expect("reads its own export");
    assert_eq!(back, bundle());
    assert_eq!(jsonl(&back), first);

    let lines: Vec<&str> = first.lines().collect();
    assert_eq!(
        lines[0],
        r#"{"type":"rolo","version":1,"exported_at":"2026-11-22T16:30:00+08:00"}"#
    );
    assert_eq!(lines.len(), 1 + 2 + 2 + 4 + 2 + 2 + 1 + 2);
    assert!(lines[1].starts_with(r#"{"type":"customer","id":1,"name":"张伟","#));
    assert!(lines[3].starts_with(r#"{"type":"interaction","id":1,"#));
    assert!(lines[5].starts_with(r#"{"type":"task","id":1,"#));
    assert_eq!(
        lines[9],
        r#"{"type":"deal","id":1,"customer":1,"title":"50 个席位","amount":5000000,"currency":"CNY","stage":"proposal","probability":40,"expected_close":"2026-12-31","status":"open","reason":"","owner":"li","created_at":"2026-11-02T10:00:00+08:00","closed_at":null,"history":[{"at":"2026-11-02T10:00:00+08:00","stage":"qualify"},{"at":"2026-11-18T10:00:00+08:00","stage":"proposal"}]}"#
    );
    assert!(lines[10].starts_with(r#"{"type":"deal","id":3,"customer":2,"#));
    assert!(lines[10].contains(r#""closed_at":"2026-11-20T17:30:00-07:00""#));
    assert_eq!(
        lines[12],
        r#"{"type":"case","id":2,"customer":2,"kind":"request","title":"Invoice copy","status":"resolved","priority":"normal","owner":"","opened_at":"2026-11-19T09:00:00-07:00","first_response_at":"2026-11-19T12:30:00-07:00","resolved_at":"2026-11-20T09:00:00-07:00","resolution":"sent, with the PO number"}"#
    );
    assert_eq!(
        lines[13],
        r#"{"type":"order","id":1,"customer":1,"at":"2026-11-18T16:00:00+08:00","amount":4800000,"currency":"CNY","items":"50 套 · 年度授权","payment":"transfer","invoice":"04400180","deal":1,"owner":"li","created_at":"2026-11-18T16:05:00+08:00"}"#
    );
    assert_eq!(
        lines[14],
        r#"{"type":"campaign","name":"Expo 2026","cost":8000000,"currency":"CNY","source":"展会","started":"2026-10-10","ended":"2026-10-12"}"#
    );
    assert!(lines[15].starts_with(r#"{"type":"campaign","name":"双十一","#));
    // CJK stays readable; custom fields, snoozes, recurrence, both Due forms survive.
    assert!(first.contains(r#""custom":{"region":"华东","微信":"zhangwei_88"}"#));
    assert!(first.contains(r#""snoozes":[{"at":"2026-11-20T09:00:00+08:00","from":"2026-11-21","to":"2026-11-27T14:00"}]"#));
    assert!(first.contains(r#""recurrence":{"every":2,"unit":"weeks","from":"completion"}"#));
    assert!(first.contains(r#""due":"2026-11-27","#));
    assert!(first.contains(r#""due":"2026-11-27T14:00","#));
    assert!(first.contains(r#""at":"2026-11-19T09:15:30.250-07:00""#));
    assert!(first.ends_with("}\n"));
}

#[test]
fn json_round_trip_is_byte_identical() {
    let first = json(&bundle());
    let back = read_json(&first).expect("reads its own export");
    assert_eq!(back, bundle());
    assert_eq!(json(&back), first);
    assert!(first.starts_with(
        "{\"rolo\":1,\"exported_at\":\"2026-11-22T16:30:00+08:00\",\n\"customers\":[\n{\"id\":1,"
    ));
    let value: serde_json::Value = serde_json::from_str(&first).expect("valid JSON");
    assert_eq!(value["tasks"].as_array().map(Vec::len), Some(4));
    assert_eq!(value["deals"].as_array().map(Vec::len), Some(2));
    assert_eq!(value["cases"][0]["kind"], "complaint");
    assert_eq!(value["orders"][0]["invoice"], "04400180");
    assert_eq!(value["campaigns"][1]["name"], "双十一");
    assert!(first.ends_with("\n],\n\"campaigns\":[\n{\"name\":\"Expo 2026\",\"cost\":8000000,\"currency\":\"CNY\",\"source\":\"展会\",\"started\":\"2026-10-10\",\"ended\":\"2026-10-12\"},\n{\"name\":\"双十一\",\"cost\":0,\"currency\":\"CNY\",\"source\":\"\",\"started\":null,\"ended\":null}\n]}\n"));

    let empty = json(&Bundle::default());
    assert_eq!(
        empty,
        "{\"rolo\":1,\"exported_at\":\"2026-11-22T16:30:00+08:00\",\n\
         \"customers\":[\n\n],\n\"interactions\":[\n\n],\n\"tasks\":[\n\n],\n\
         \"deals\":[\n\n],\n\"cases\":[\n\n],\n\"orders\":[\n\n],\n\"campaigns\":[\n\n]}\n"
    );
    assert_eq!(read_json(&empty).expect("reads"), Bundle::default());
}

/// Exports written before deals, cases and campaigns existed still read:
/// those kinds come back empty.
#[test]
fn older_exports_without_sales_records_still_read() {
    let old_json = "{\"rolo\":1,\"exported_at\":\"2026-11-22T16:30:00+08:00\",\n\
         \"customers\":[\n\n],\n\"interactions\":[\n\n],\n\"tasks\":[\n\n]}\n";
    assert_eq!(read_json(old_json).expect("reads"), Bundle::default());

    let full = bundle();
    let old = Bundle {
        deals: vec![],
        cases: vec![],
        campaigns: vec![],
        ..full.clone()
    };
    let old_jsonl = jsonl(&old);
    assert!(!old_jsonl.contains("\"type\":\"deal\""));
    assert_eq!(read_jsonl(&old_jsonl).expect("reads"), old);
}

#[test]
fn json_and_jsonl_agree() {
    let from_jsonl = read_jsonl(&jsonl(&bundle())).expect("reads");
    let from_json = read_json(&json(&bundle())).expect("reads");
    assert_eq!(from_jsonl, from_json);
}

#[test]
fn jsonl_streams_from_iterators() {
    let customers = [zhang(), ann()];
    let mut buf = Vec::new();
    write_jsonl(
        &mut buf,
        now(),
        customers.iter().filter(|c| c.id.0 == 2),
        std::iter::empty(),
        &Vec::<Task>::new(),
    )
    .expect("writes");
    let back = read_jsonl(&text(buf)).expect("reads");
    assert_eq!(back.customers, vec![ann()]);
    assert!(back.interactions.is_empty() && back.tasks.is_empty());
}

#[test]
fn jsonl_errors_name_the_line() {
    let good = jsonl(&bundle());
    let mut lines: Vec<String> = good.lines().map(String::from).collect();

    lines[2] = r#"{"type":"customer","id":2}"#.into();
    let (line, message) = parse_error(read_jsonl(&lines.join("\n")));
    assert_eq!(line, 3);
    assert!(message.contains("missing field `name`"), "{message}");

    lines[2] = r#"{"type":"opportunity","id":2}"#.into();
    let (line, message) = parse_error(read_jsonl(&lines.join("\n")));
    assert_eq!(line, 3);
    assert!(
        message.contains("unknown variant `opportunity`"),
        "{message}"
    );

    lines[2] = r#"{"type":"deal","id":2}"#.into();
    let (line, message) = parse_error(read_jsonl(&lines.join("\n")));
    assert_eq!(line, 3);
    assert!(message.contains("missing field `customer`"), "{message}");

    lines[2] = "not json".into();
    let (line, _) = parse_error(read_jsonl(&lines.join("\n")));
    assert_eq!(line, 3);

    lines[2] = r#"{"type":"task","id":9,"title":"x","due":"27/11/2026","created_at":"2026-11-01T08:00:00+08:00"}"#.into();
    let (line, message) = parse_error(read_jsonl(&lines.join("\n")));
    assert_eq!(line, 3);
    assert!(
        message.contains("invalid due date \"27/11/2026\""),
        "{message}"
    );

    let (line, message) = parse_error(read_jsonl(
        &good.lines().skip(1).collect::<Vec<_>>().join("\n"),
    ));
    assert_eq!(line, 1);
    assert!(message.contains("header"), "{message}");

    let newer = good.replacen("\"version\":1", "\"version\":2", 1);
    let (line, message) = parse_error(read_jsonl(&newer));
    assert_eq!(line, 1);
    assert!(message.contains("version 2"), "{message}");

    let mut dup: Vec<String> = good.lines().map(String::from).collect();
    dup[2] = dup[1].clone();
    let (line, message) = parse_error(read_jsonl(&dup.join("\n")));
    assert_eq!(line, 3);
    assert_eq!(message, "customer #1 appears twice (first on line 2)");
    // The same number in different kinds is fine: task #1 and customer #1.
    assert!(good.contains("{\"type\":\"task\",\"id\":1,"));

    // Deals, cases and orders are kept apart by id, campaigns by folded name.
    let mut dup: Vec<String> = good.lines().map(String::from).collect();
    dup[10] = dup[9].clone();
    let (line, message) = parse_error(read_jsonl(&dup.join("\n")));
    assert_eq!(
        (line, message.as_str()),
        (11, "deal #1 appears twice (first on line 10)")
    );
    let mut dup: Vec<String> = good.lines().map(String::from).collect();
    dup[14] = dup[13].clone();
    let (line, message) = parse_error(read_jsonl(&dup.join("\n")));
    assert_eq!(
        (line, message.as_str()),
        (15, "order #1 appears twice (first on line 14)")
    );
    let mut dup: Vec<String> = good.lines().map(String::from).collect();
    dup[15] = dup[14].replace("Expo 2026", "expo  2026");
    let (line, message) = parse_error(read_jsonl(&dup.join("\n")));
    assert_eq!(
        (line, message.as_str()),
        (
            16,
            "campaign \"expo  2026\" appears twice (first on line 15)"
        )
    );

    let (line, _) = parse_error(read_jsonl(""));
    assert_eq!(line, 1);

    // Blank lines, CRLF and a BOM are tolerated.
    let loose = format!("\u{feff}{}\n\n", good.replace('\n', "\r\n"));
    assert_eq!(read_jsonl(&loose).expect("reads"), bundle());
}

#[test]
fn json_errors_name_the_line() {
    let good = json(&bundle());
    let broken = good.replacen("\"stage\":\"customer\"", "\"stage\":\"vip\"", 1);
    let (line, message) = parse_error(read_json(&broken));
    assert_eq!(line, 4, "line 4 is Ann's customer record");
    assert!(message.contains("unknown variant `vip`"), "{message}");
    let (line, message) = parse_error(read_json(
        "{\"rolo\":7,\"exported_at\":\"2026-11-22T16:30:00+08:00\"}",
    ));
    assert_eq!(line, 1);
    assert!(message.contains("version 7"), "{message}");
}

fn csv_text(excel: bool) -> String {
    let mut buf = Vec::new();
    write_csv(&mut buf, &[zhang(), ann()], excel).expect("writes to memory");
    text(buf)
}

#[test]
fn csv_exact_output() {
    let expected = "\
id,name,company,title,emails,phones,industry,tags,stage,source,owner,address,cadence,last_contact_at,created_at,linkedin,region,微信,notes
1,张伟,杭州云栖科技有限公司,采购经理,zhang.wei@yunqi.cn,'+86 138-0013-8000; 0571-8888 6666,制造业,vip; 重点,prospect,展会,li,浙江省杭州市西湖区文三路 90 号,14,2026-11-18T10:00:00+08:00,2026-10-01T09:00:00+08:00,,华东,zhangwei_88,\"喜欢喝龙井；周五下午不方便
第二行\"
2,Ann Lee,\"Acme, Inc.\",VP; Sales,ann@acme.com; ann.lee@gmail.com,'+1 (415) 555-0100 x12,,,customer,,,,,,2026-09-01T08:00:00-07:00,\"'=HYPERLINK(\"\"x\"\")\",,,\"Said \"\"call me\"\", later\"
";
    assert_eq!(csv_text(false), expected);
}

#[test]
fn csv_excel_has_bom_and_crlf_and_reads_back() {
    let out = csv_text(true);
    let body = out.strip_prefix('\u{feff}').expect("BOM first");
    assert!(!body.starts_with('\u{feff}'));
    assert!(body.starts_with("id,name,"));
    // Record ends are CRLF; the newline inside the quoted notes is kept as typed.
    assert!(body.contains(",notes\r\n1,"));
    assert!(body.ends_with("later\"\r\n"));
    assert!(!csv_text(false).contains('\r'));

    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let rows: Vec<csv::StringRecord> = reader
        .records()
        .collect::<Result<_, _>>()
        .expect("valid CSV");
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][1], "张伟");
    assert_eq!(&rows[0][18], "喜欢喝龙井；周五下午不方便\n第二行");
    assert_eq!(&rows[1][2], "Acme, Inc.");
    assert_eq!(&rows[1][15], "'=HYPERLINK(\"x\")");
    assert_eq!(&rows[1][18], "Said \"call me\", later");
}

#[test]
fn csv_escapes_formula_cells() {
    for (cell, expected) in [
        ("=1+1", "'=1+1"),
        ("+86 138", "'+86 138"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=b", "a=b"),
        ("", ""),
        ("张=伟", "张=伟"),
        // A leading `'` is doubled, so import's removal of one is exact.
        ("'x", "''x"),
        ("'=1", "''=1"),
        ("it's", "it's"),
    ] {
        assert_eq!(escape_formula(cell), expected, "{cell:?}");
    }
    // Headers too: custom field keys come from imported files.
    let mut c = ann();
    c.custom.clear();
    c.custom.insert("=cmd".into(), "-1".into());
    let mut buf = Vec::new();
    write_csv(&mut buf, &[c], false).expect("writes");
    let out = text(buf);
    // A key a spreadsheet would evaluate is named `custom:KEY`: inert,
    // and read back by import as the same custom field.
    assert!(out.contains(",created_at,custom:=cmd,notes\n"), "{out}");
    assert!(out.contains(",'-1,"), "{out}");
}

#[test]
fn csv_with_no_customers_is_just_the_header() {
    let mut buf = Vec::new();
    write_csv(&mut buf, &[], false).expect("writes");
    assert_eq!(
        text(buf),
        "id,name,company,title,emails,phones,industry,tags,stage,source,owner,address,cadence,last_contact_at,created_at,notes\n"
    );
}

#[test]
fn vcard_exact_output() {
    let mut buf = Vec::new();
    write_vcard(&mut buf, &[zhang(), ann()]).expect("writes");
    let expected = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "UID:urn:uuid:00000000-0000-8000-8000-000000000001",
        "FN:张伟",
        "N:张;伟;;;",
        "ORG:杭州云栖科技有限公司",
        "TITLE:采购经理",
        "EMAIL;TYPE=INTERNET:zhang.wei@yunqi.cn",
        "TEL:+86 138-0013-8000",
        "TEL:0571-8888 6666",
        "CATEGORIES:vip,重点",
        "NOTE:喜欢喝龙井；周五下午不方便\\n第二行",
        "ADR:;;浙江省杭州市西湖区文三路 90 号;;;;",
        "X-ROLO-ID:1",
        "X-ROLO-STAGE:prospect",
        "X-ROLO-INDUSTRY:制造业",
        "X-ROLO-SOURCE:展会",
        "X-ROLO-OWNER:li",
        "X-ROLO-CADENCE:14",
        "X-ROLO-TIMEZONE:Asia/Shanghai",
        "X-ROLO-FIELDS:{\"region\":\"华东\"\\,\"微信\":\"zhangwei_88\"}",
        "REV:2026-11-20T10:45:10Z",
        "END:VCARD",
        "BEGIN:VCARD",
        "VERSION:3.0",
        "UID:urn:uuid:00000000-0000-8000-8000-000000000002",
        "FN:Ann Lee",
        "N:Lee;Ann;;;",
        "ORG:Acme\\, Inc.",
        "TITLE:VP\\; Sales",
        "EMAIL;TYPE=INTERNET:ann@acme.com",
        "EMAIL;TYPE=INTERNET:ann.lee@gmail.com",
        "TEL:+1 (415) 555-0100 x12",
        "NOTE:Said \"call me\"\\, later",
        "X-ROLO-ID:2",
        "X-ROLO-STAGE:customer",
        "X-ROLO-FIELDS:{\"linkedin\":\"=HYPERLINK(\\\\\"x\\\\\")\"}",
        "REV:2026-09-01T15:00:00Z",
        "END:VCARD",
        "",
    ]
    .join("\r\n");
    assert_eq!(text(buf), expected);
}

#[test]
fn vcard_folds_long_lines_on_char_boundaries() {
    let mut c = zhang();
    c.notes = "客户要求".repeat(30);
    let mut buf = Vec::new();
    write_vcard(&mut buf, &[c]).expect("writes");
    let out = text(buf);
    assert!(out.split("\r\n").all(|line| line.len() <= 75));
    assert!(out.contains("\r\n "), "long NOTE is folded");
    let unfolded = out.replace("\r\n ", "");
    assert!(unfolded.contains(&format!("\r\nNOTE:{}\r\n", "客户要求".repeat(30))));
}

#[test]
fn names_split_into_family_and_given() {
    let split = split_name;
    let pair = |f: &str, g: &str| (f.to_string(), g.to_string());
    assert_eq!(split("张伟"), pair("张", "伟"));
    assert_eq!(split("王小明"), pair("王", "小明"));
    assert_eq!(split("欧阳娜娜"), pair("欧阳", "娜娜"));
    assert_eq!(split("司马光"), pair("司马", "光"));
    assert_eq!(split("诸葛亮"), pair("诸葛", "亮"));
    assert_eq!(split("欧阳"), pair("欧阳", ""));
    assert_eq!(split("约翰·史密斯"), pair("史密斯", "约翰"));
    assert_eq!(split("Ann Lee"), pair("Lee", "Ann"));
    assert_eq!(split(" Mary  Ann Lee "), pair("Lee", "Mary Ann"));
    assert_eq!(split("Madonna"), pair("", "Madonna"));
    assert_eq!(split("张"), pair("", "张"));
    assert_eq!(split("张李秀英"), pair("", "张李秀英"));
    assert_eq!(split(""), pair("", ""));
}

/// Issue 13: `Zoë "Zee" O'Brien, Jr.` had family name "Jr.". Honorifics,
/// suffixes and nicknames go where RFC 6350 puts them; a name that is not
/// plainly personal goes whole into given.
#[test]
fn n_has_prefix_suffix_and_no_nickname() {
    let n = |family: &str, given: &str, prefix: &str, suffix: &str| NameParts {
        family: family.into(),
        given: given.into(),
        additional: String::new(),
        prefix: prefix.into(),
        suffix: suffix.into(),
    };
    assert_eq!(
        name_parts("Zoë \"Zee\" O'Brien, Jr."),
        n("O'Brien", "Zoë", "", "Jr.")
    );
    assert_eq!(
        name_parts("Dr. Martin Luther King Jr."),
        n("King", "Martin Luther", "Dr.", "Jr.")
    );
    assert_eq!(name_parts("Ann Lee, PhD"), n("Lee", "Ann", "", "PhD"));
    assert_eq!(
        name_parts("Ludwig van Beethoven"),
        n("van Beethoven", "Ludwig", "", "")
    );
    assert_eq!(
        name_parts("Jean-Luc Picard"),
        n("Picard", "Jean-Luc", "", "")
    );
    assert_eq!(name_parts("Al (Big Al) Smith"), n("Smith", "Al", "", ""));
    assert_eq!(name_parts("Mr. Smith"), n("Smith", "", "Mr.", ""));
    // Unsure: all in given.
    for whole in [
        "Acme & Sons",
        "Lee, Ann",
        "Zoë \"Zee O'Brien",
        "Ann Lee 2",
        "김 철수",
        "山田 太郎",
        "张伟 David",
        "Cher",
    ] {
        assert_eq!(name_parts(whole), n("", whole, "", ""), "{whole}");
    }
}

#[test]
fn uid_is_the_database_and_customer() {
    use crate::domain::CustomerId;
    assert_eq!(
        card_uid(Some(0x0123_4567_89ab_cdef), CustomerId(205)),
        "urn:uuid:01234567-89ab-8def-8000-0000000000cd"
    );
    assert_eq!(
        card_uid(None, CustomerId(1)),
        "urn:uuid:00000000-0000-8000-8000-000000000001"
    );
    assert_ne!(
        card_uid(Some(1), CustomerId(7)),
        card_uid(Some(2), CustomerId(7))
    );
}

fn ics(tasks: &[(Task, Option<String>)]) -> String {
    let mut buf = Vec::new();
    write_ics(&mut buf, tasks, now()).expect("writes");
    text(buf)
}

fn named_tasks() -> Vec<(Task, Option<String>)> {
    tasks()
        .into_iter()
        .map(|t| {
            let name = t.customer.map(|c| match c.0 {
                1 => "张伟".to_string(),
                _ => "Ann Lee".to_string(),
            });
            (t, name)
        })
        .collect()
}

#[test]
fn ics_exact_output_skips_done_tasks() {
    let expected = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//rolo//EN",
        "BEGIN:VTODO",
        "UID:task-1@rolo",
        "DTSTAMP:20261122T083000Z",
        "SUMMARY:发报价单 — 张伟",
        "DUE;VALUE=DATE:20261127",
        "PRIORITY:1",
        "STATUS:NEEDS-ACTION",
        "END:VTODO",
        "BEGIN:VTODO",
        "UID:task-2@rolo",
        "DTSTAMP:20261122T083000Z",
        "SUMMARY:Call back\\, re: contract\\; v2 — Ann Lee",
        "DUE:20261127T140000",
        "PRIORITY:5",
        "STATUS:NEEDS-ACTION",
        "END:VTODO",
        "BEGIN:VTODO",
        "UID:task-3@rolo",
        "DTSTAMP:20261122T083000Z",
        "SUMMARY:Weekly pipeline review",
        "DUE;VALUE=DATE:20261124",
        "PRIORITY:9",
        "STATUS:NEEDS-ACTION",
        "RRULE:FREQ=WEEKLY;INTERVAL=2",
        "END:VTODO",
        "END:VCALENDAR",
        "",
    ]
    .join("\r\n");
    let out = ics(&named_tasks());
    assert_eq!(out, expected);
    assert!(!out.contains("task-4@rolo"), "the done task is skipped");
}

#[test]
fn ics_undated_cancelled_and_long_tasks() {
    let mut all = named_tasks();
    let mut undated = all[0].0.clone();
    undated.id = crate::domain::TaskId(5);
    undated.due = None;
    undated.recurrence = Some(crate::domain::Recurrence {
        every: 1,
        unit: crate::domain::RecurUnit::Months,
        from: crate::domain::RecurFrom::Due,
    });
    undated.title = "准备年终回顾材料，包括全年订单、回款、投诉与续约情况汇总".into();
    let mut cancelled = all[1].0.clone();
    cancelled.id = crate::domain::TaskId(6);
    cancelled.status = crate::domain::TaskStatus::Cancelled;
    let mut daily = all[2].0.clone();
    daily.id = crate::domain::TaskId(7);
    daily.recurrence = Some(crate::domain::Recurrence {
        every: 3,
        unit: crate::domain::RecurUnit::Days,
        from: crate::domain::RecurFrom::Due,
    });
    all.push((undated, Some("欧阳娜娜".into())));
    all.push((cancelled, None));
    all.push((daily, Some(String::new())));
    let out = ics(&all);
    assert!(out.split("\r\n").all(|line| line.len() <= 75), "{out}");
    let unfolded = out.replace("\r\n ", "");
    // A full-width comma is not a separator and stays as is; an undated
    // task gets no DUE and no RRULE (nothing to anchor it on).
    assert!(
        unfolded.contains(
            "UID:task-5@rolo\r\nDTSTAMP:20261122T083000Z\r\n\
             SUMMARY:准备年终回顾材料，包括全年订单、回款、投诉与续约情况汇总 — 欧阳娜娜\r\n\
             PRIORITY:1\r\nSTATUS:NEEDS-ACTION\r\nEND:VTODO"
        ),
        "{unfolded}"
    );
    assert!(!out.contains("task-6@rolo"));
    assert!(unfolded.contains("SUMMARY:Weekly pipeline review\r\n"));
    assert!(unfolded.contains("RRULE:FREQ=DAILY;INTERVAL=3\r\nEND:VTODO"));
    assert_eq!(out.matches("BEGIN:VTODO").count(), 5);
}

#[test]
fn timestamps_in_utc_whatever_the_offset() {
    let mut buf = Vec::new();
    write_ics(&mut buf, &[], at("2026-11-22T23:30:00-05:00")).expect("writes");
    assert_eq!(
        text(buf),
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//rolo//EN\r\nEND:VCALENDAR\r\n"
    );
}

#[test]
fn json_writer_refuses_records_out_of_order() {
    let mut buf = Vec::new();
    let mut w = JsonWriter::new(&mut buf, now()).expect("writes");
    w.task(&tasks()[0]).expect("writes");
    let err = w
        .customer(&zhang())
        .expect_err("the customers array is closed");
    assert!(
        matches!(
            err,
            ExportError::Order {
                kind: "customers",
                after: "tasks"
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("customers after tasks"), "{err}");
}

/// Customer names as the deal and case sheets look them up.
fn customer_name(id: crate::domain::CustomerId) -> String {
    [zhang(), ann()]
        .into_iter()
        .find(|c| c.id == id)
        .map(|c| c.name)
        .unwrap_or_default()
}

#[test]
fn deals_csv_exact_output() {
    let mut buf = Vec::new();
    write_deals_csv(&mut buf, &deals(), customer_name, false).expect("writes to memory");
    let expected = "\
id,customer_id,customer,title,amount,currency,stage,probability,weighted,status,expected_close,created_at,closed_at,reason,owner,stages
1,1,张伟,50 个席位,50000.00,CNY,proposal,40,20000.00,open,2026-12-31,2026-11-02T10:00:00+08:00,,,li,qualify > proposal
3,2,Ann Lee,\"'=SUM(A1) support, \"\"gold\"\"\",12345.50,USD,commit,90,12345.50,won,,2026-09-01T08:00:00-07:00,2026-11-20T17:30:00-07:00,signed at the expo,,commit > won
";
    assert_eq!(text(buf), expected);
}

#[test]
fn cases_csv_exact_output_and_excel() {
    let mut buf = Vec::new();
    write_cases_csv(&mut buf, &cases(), customer_name, false).expect("writes to memory");
    let expected = "\
id,customer_id,customer,kind,title,status,priority,opened_at,first_response_at,resolved_at,response_hours,resolution_hours,resolution,owner
1,1,张伟,complaint,送货太慢,open,high,2026-11-21T09:00:00+08:00,,,,,,li
2,2,Ann Lee,request,Invoice copy,resolved,normal,2026-11-19T09:00:00-07:00,2026-11-19T12:30:00-07:00,2026-11-20T09:00:00-07:00,3.5,24.0,\"sent, with the PO number\",
";
    assert_eq!(text(buf), expected);

    let mut buf = Vec::new();
    write_cases_csv(&mut buf, &cases(), customer_name, true).expect("writes to memory");
    let excel = text(buf);
    assert_eq!(excel, format!("\u{feff}{}", expected.replace('\n', "\r\n")));
}
