//! Header recognition for each source's real header row, overrides, and
//! record application (multi-values, names, validation errors, dates, kinds).

use super::*;
use crate::domain::{Due, InteractionKind, Stage};
use chrono::{NaiveDate, NaiveDateTime};

const CUSTOMERS: Kind = Kind::Customers;
const FOLLOW_UPS: Kind = Kind::FollowUps;

/// Sunday 2026-11-22, 10:00.
fn now() -> NaiveDateTime {
    dt("2026-11-22 10:00")
}

fn dt(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("test date")
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test day")
}

fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|s| s.to_string()).collect()
}

fn custom(h: &str) -> Field {
    Field::Custom(h.to_string())
}

/// A header row and the field each column should get (same order).
fn check_headers(source: &str, row: &[(&str, Field)], kind: Kind) {
    let headers: Vec<String> = row.iter().map(|(h, _)| h.to_string()).collect();
    let p = plan(&headers, &[], None).unwrap_or_else(|e| panic!("{source}: {e}"));
    assert_eq!(p.kind, kind, "{source}");
    for ((h, want), col) in row.iter().zip(&p.columns) {
        assert_eq!(col.header, h.trim(), "{source}");
        assert_eq!(&col.field, want, "{source}: column {h}");
    }
    assert_eq!(p.columns.len(), row.len(), "{source}");
}

#[test]
fn salesforce_contacts_and_leads() {
    use Field::*;
    check_headers(
        "salesforce contacts",
        &[
            ("Contact ID", ExternalId),
            ("Salutation", custom("Salutation")),
            ("First Name", FirstName),
            ("Last Name", LastName),
            ("Title", Title),
            ("Account Name", Company),
            ("Mailing Street", Address),
            ("Mailing City", Address),
            ("Mailing State/Province", Address),
            ("Mailing Zip/Postal Code", Address),
            ("Mailing Country", Address),
            ("Phone", Phone),
            ("Mobile", Phone),
            ("Email", Email),
            ("Lead Source", Source),
            ("Contact Owner", Owner),
            ("Description", Notes),
            ("Last Activity", LastContact),
        ],
        CUSTOMERS,
    );
    check_headers(
        "salesforce leads",
        &[
            ("Lead ID", ExternalId),
            ("First Name", FirstName),
            ("Last Name", LastName),
            ("Title", Title),
            ("Company", Company),
            ("Email", Email),
            ("Phone", Phone),
            ("Mobile", Phone),
            ("Lead Source", Source),
            ("Lead Status", Stage),
            ("Industry", Industry),
            ("Lead Owner", Owner),
            ("Street", Address),
            ("City", Address),
            ("State/Province", Address),
            ("Zip/Postal Code", Address),
            ("Country", Address),
            ("Description", Notes),
            ("Rating", custom("Rating")),
        ],
        CUSTOMERS,
    );
}

#[test]
fn hubspot_contacts() {
    use Field::*;
    check_headers(
        "hubspot",
        &[
            ("Record ID", ExternalId),
            ("First Name", FirstName),
            ("Last Name", LastName),
            ("Email", Email),
            ("Phone Number", Phone),
            ("Mobile Phone Number", Phone),
            ("Company Name", Company),
            ("Job Title", Title),
            ("Lifecycle Stage", Stage),
            ("Contact owner", Owner),
            ("Original Source", Source),
            ("Create Date", custom("Create Date")),
            ("Last Activity Date", LastContact),
        ],
        CUSTOMERS,
    );
}

#[test]
fn google_contacts_old_and_new_formats() {
    use Field::*;
    check_headers(
        "google (old csv)",
        &[
            ("Name", Name),
            ("Given Name", FirstName),
            ("Additional Name", custom("Additional Name")),
            ("Family Name", LastName),
            ("Notes", Notes),
            ("Group Membership", Tags),
            ("E-mail 1 - Type", custom("E-mail 1 - Type")),
            ("E-mail 1 - Value", Email),
            ("E-mail 2 - Type", custom("E-mail 2 - Type")),
            ("E-mail 2 - Value", Email),
            ("Phone 1 - Type", custom("Phone 1 - Type")),
            ("Phone 1 - Value", Phone),
            ("Address 1 - Formatted", Address),
            ("Organization 1 - Type", custom("Organization 1 - Type")),
            ("Organization 1 - Name", Company),
            ("Organization 1 - Title", Title),
        ],
        CUSTOMERS,
    );
    check_headers(
        "google (2023 csv)",
        &[
            ("First Name", FirstName),
            ("Middle Name", custom("Middle Name")),
            ("Last Name", LastName),
            ("Nickname", custom("Nickname")),
            ("Organization Name", Company),
            ("Organization Title", Title),
            ("Organization Department", custom("Organization Department")),
            ("Birthday", custom("Birthday")),
            ("Notes", Notes),
            ("Labels", Tags),
            ("E-mail 1 - Label", custom("E-mail 1 - Label")),
            ("E-mail 1 - Value", Email),
            ("Phone 1 - Label", custom("Phone 1 - Label")),
            ("Phone 1 - Value", Phone),
            ("Phone 2 - Value", Phone),
        ],
        CUSTOMERS,
    );
}

#[test]
fn outlook_contacts() {
    use Field::*;
    check_headers(
        "outlook",
        &[
            ("Title", custom("Title")), // the salutation, as a Job Title column exists
            ("First Name", FirstName),
            ("Middle Name", custom("Middle Name")),
            ("Last Name", LastName),
            ("Suffix", custom("Suffix")),
            ("Company", Company),
            ("Department", custom("Department")),
            ("Job Title", Title),
            ("Business Street", Address),
            ("Business City", Address),
            ("Business Postal Code", Address),
            ("Business Country/Region", Address),
            ("Business Fax", custom("Business Fax")),
            ("Business Phone", Phone),
            ("Business Phone 2", Phone),
            ("Home Phone", Phone),
            ("Mobile Phone", Phone),
            ("Categories", Tags),
            ("E-mail Address", Email),
            ("E-mail Type", custom("E-mail Type")),
            ("E-mail Display Name", custom("E-mail Display Name")),
            ("E-mail 2 Address", Email),
            ("Notes", Notes),
        ],
        CUSTOMERS,
    );
}

#[test]
fn chinese_customer_sheet() {
    use Field::*;
    check_headers(
        "客户表",
        &[
            ("客户编号", ExternalId),
            ("客户姓名", Name),
            ("公司名称", Company),
            ("职位", Title),
            ("联系方式", Phone),
            ("邮箱", Email),
            ("行业", Industry),
            ("客户标签", Tags),
            ("来源渠道", Source),
            ("负责人", Owner),
            ("最后跟进时间", LastContact),
            ("下一步计划", NextAction),
            ("所在城市", custom("所在城市")),
        ],
        CUSTOMERS,
    );
    check_headers(
        "客户表 (variants)",
        &[
            ("姓名", Name),
            ("手机号", Phone),
            ("联系电话", Phone),
            ("单位", Company),
            ("电子邮箱", Email),
            ("标签", Tags),
            ("客户来源", Source),
            ("备注", Notes),
            (" 客户阶段* ", Stage),
        ],
        CUSTOMERS,
    );
    // A 客户名称 column in a customer list is the name.
    check_headers(
        "客户表 (客户名称)",
        &[("客户名称", Name), ("手机", Phone), ("公司", Company)],
        CUSTOMERS,
    );
}

#[test]
fn chinese_follow_up_sheet() {
    use Field::*;
    check_headers(
        "跟进记录",
        &[
            ("线索编号", ExternalId),
            ("客户名称", Customer),
            ("跟进人", Author),
            ("跟进时间", At),
            ("跟进方式", Kind),
            ("跟进内容摘要", Summary),
            ("客户反馈", Feedback),
            ("下一步行动", Next),
            ("预计完成时间", Due),
            ("手机", custom("手机")),
        ],
        FOLLOW_UPS,
    );
    check_headers(
        "跟进记录 (variants)",
        &[
            ("客户", Customer),
            ("公司名称", Company),
            ("负责人", Author),
            ("沟通方式", Kind),
            ("跟进内容", Summary),
            ("下一步计划", Next),
            ("截止日期", Due),
        ],
        FOLLOW_UPS,
    );
}

#[test]
fn headers_ignore_case_spaces_punctuation_and_bom() {
    let headers = strings(&[
        "\u{feff}FIRST_NAME",
        "e-mail address",
        " Phone-Number ",
        "LAST name",
    ]);
    let p = plan(&headers, &[], None).expect("plan");
    let fields: Vec<Field> = p.columns.iter().map(|c| c.field.clone()).collect();
    assert_eq!(
        fields,
        [
            Field::FirstName,
            Field::Email,
            Field::Phone,
            Field::LastName
        ]
    );
    assert_eq!(p.columns[0].header, "FIRST_NAME");
}

#[test]
fn overrides_and_forced_kind() {
    let headers = strings(&["Who", "Cell", "Region", "Email"]);
    // Without help there is no name column.
    let err = plan(&headers, &[], None).expect_err("no name");
    assert!(err.to_string().contains("--map"), "{err}");
    let overrides = [
        parse_map_arg("Who=name").expect("map"),
        parse_map_arg("cell = 手机").expect("map"),
        parse_map_arg("Email=custom:private mail").expect("map"),
    ];
    let p = plan(&headers, &overrides, None).expect("plan");
    let fields: Vec<Field> = p.columns.iter().map(|c| c.field.clone()).collect();
    assert_eq!(
        fields,
        [
            Field::Name,
            Field::Phone,
            custom("Region"),
            custom("private mail")
        ]
    );
    // An overridden header the file lacks, an unknown field, a malformed argument.
    let err = plan(&headers, &[("Nope".into(), "name".into())], None).expect_err("header");
    assert!(err.to_string().contains("\"Nope\""), "{err}");
    assert!(matches!(
        parse_map_arg("Who=nonsense"),
        Err(MappingError::UnknownField(_))
    ));
    assert!(matches!(
        parse_map_arg("Who"),
        Err(MappingError::BadMapArg(_))
    ));
    assert!(matches!(
        parse_map_arg("=name"),
        Err(MappingError::BadMapArg(_))
    ));
    assert!(matches!(
        parse_map_arg("X=custom:"),
        Err(MappingError::UnknownField(_))
    ));
    for (arg, field) in [
        ("A=last-contact", Field::LastContact),
        ("A=next_action", Field::NextAction),
        ("A=id", Field::ExternalId),
        ("A=First Name", Field::FirstName),
        ("A=tags", Field::Tags),
        ("A=stage", Field::Stage),
    ] {
        let (_, f) = parse_map_arg(arg).expect(arg);
        assert_eq!(parse_field(&f).expect(arg), field, "{arg}");
    }
    // Forcing follow-ups on a sheet that would read as customers.
    let headers = strings(&["客户名称", "跟进时间"]);
    assert_eq!(
        plan(&headers, &[], None).expect("plan").kind,
        Kind::FollowUps
    );
    let headers = strings(&["客户姓名", "跟进时间", "跟进方式", "跟进内容"]);
    let p = plan(&headers, &[], None).expect("plan");
    assert_eq!(p.kind, Kind::FollowUps);
    assert_eq!(p.columns[0].field, Field::Customer);
    let headers = strings(&["客户姓名", "跟进时间", "备注"]);
    let p = plan(&headers, &[], None).expect("plan");
    assert_eq!(p.kind, Kind::Customers);
    assert_eq!(p.columns[1].field, Field::LastContact);
    let headers = strings(&["客户名称", "备注"]);
    assert_eq!(
        plan(&headers, &[], None).expect("plan").kind,
        Kind::Customers
    );
    let p = plan(&headers, &[], Some(Kind::FollowUps)).expect("plan");
    assert_eq!(p.kind, Kind::FollowUps);
    assert_eq!(p.columns[1].field, Field::Summary);
    assert_eq!(plan(&[], &[], None), Err(MappingError::NoHeaders));
}

fn customers_plan(headers: &[&str]) -> Plan {
    plan(&strings(headers), &[], Some(Kind::Customers)).expect("plan")
}

#[test]
fn names_join_first_and_last() {
    let p = customers_plan(&["Name", "First Name", "Last Name"]);
    for (cells, want) in [
        (["Ann Lee", "x", "y"], "Ann Lee"),
        (["", "Ann", "Lee"], "Ann Lee"),
        (["", "  Ann ", ""], "Ann"),
        (["", "", "Lee"], "Lee"),
        (["", "伟", "李"], "李伟"),
        (["", "Wei", "李"], "Wei 李"),
        (["", "小明", "欧阳"], "欧阳小明"),
    ] {
        let c = customer(&p, 2, &strings(&cells), now()).expect("row");
        assert_eq!(c.draft.name, want, "{cells:?}");
    }
    let errs = customer(&p, 9, &strings(&["", " ", ""]), now()).expect_err("empty");
    assert_eq!(
        errs,
        [CellError {
            line: 9,
            column: "Name + First Name + Last Name".into(),
            reason: "a name cannot be empty".into(),
        }]
    );
}

#[test]
fn multi_value_cells() {
    let p = customers_plan(&[
        "姓名",
        "Email",
        "E-mail 2 Address",
        "Phone",
        "Mobile",
        "Tags",
        "Labels",
    ]);
    let c = customer(
        &p,
        3,
        &strings(&[
            "张三",
            "a@x.com, b@x.com; c@x.com、Dee <d@x.com>",
            "e@x.com ::: A@X.COM",
            "138 0013 8000 ::: 139-0013-9000",
            "13700137000 13600136000 / zs@x.com",
            "重点、vip,华东；#新客 微信",
            "* myContacts ::: Friends ::: * starred",
        ]),
        now(),
    )
    .expect("row");
    assert_eq!(
        c.draft.emails,
        [
            "a@x.com", "b@x.com", "c@x.com", "d@x.com", "e@x.com", "zs@x.com"
        ]
    );
    assert_eq!(
        c.draft.phones,
        [
            "138 0013 8000",
            "139-0013-9000",
            "13700137000",
            "13600136000"
        ]
    );
    assert_eq!(
        c.draft.tags,
        ["重点", "vip", "华东", "新客", "微信", "Friends", "starred"]
    );
}

#[test]
fn every_bad_cell_is_reported_with_line_column_and_reason() {
    let p = customers_plan(&[
        "客户姓名",
        "邮箱",
        "联系方式",
        "客户阶段",
        "最后跟进时间",
        "跟进周期",
    ]);
    let errs = customer(
        &p,
        17,
        &strings(&[
            "李雷",
            "lilei@",
            "138-0013-8000, call me",
            "VIP金卡",
            "去年某天",
            "每周",
        ]),
        now(),
    )
    .expect_err("bad row");
    let got: Vec<(usize, &str)> = errs.iter().map(|e| (e.line, e.column.as_str())).collect();
    assert_eq!(
        got,
        [
            (17, "邮箱"),
            (17, "联系方式"),
            (17, "客户阶段"),
            (17, "最后跟进时间"),
            (17, "跟进周期"),
        ]
    );
    for (err, value) in errs
        .iter()
        .zip(["lilei@", "call me", "VIP金卡", "去年某天", "每周"])
    {
        assert!(err.reason.contains(value), "{err}");
    }
    assert!(errs[2].reason.contains("lead, prospect"), "{}", errs[2]);
    assert_eq!(
        errs[0].to_string(),
        format!("line 17, column \"邮箱\": {}", errs[0].reason)
    );
}

#[test]
fn customer_row_fills_every_field() {
    let p = customers_plan(&[
        "客户编号",
        "客户姓名",
        "公司名称",
        "职位",
        "联系方式",
        "邮箱",
        "行业",
        "客户标签",
        "来源渠道",
        "负责人",
        "最后跟进时间",
        "下一步计划",
        "所在城市",
        "空列",
        "地址",
        "Street",
    ]);
    let c = customer(
        &p,
        2,
        &strings(&[
            "C001",
            " 王 芳 ",
            "华信科技",
            "采购经理",
            "13800138000",
            "wf@hx.cn",
            "制造业",
            "重点,华东",
            "展会",
            "小刘",
            "2026/11/20",
            "发报价单",
            "杭州",
            "",
            "西湖区",
            "文三路 1 号",
            "多出来的",
        ]),
        now(),
    )
    .expect("row");
    assert_eq!(c.external_id.as_deref(), Some("C001"));
    assert_eq!(c.last_contact, Some(dt("2026-11-20 12:00")));
    assert_eq!(c.next_action.as_deref(), Some("发报价单"));
    let d = &c.draft;
    assert_eq!(d.name, "王 芳");
    assert_eq!(
        (d.company.as_str(), d.title.as_str(), d.industry.as_str()),
        ("华信科技", "采购经理", "制造业")
    );
    assert_eq!((d.source.as_str(), d.owner.as_str()), ("展会", "小刘"));
    assert_eq!(d.address, "西湖区, 文三路 1 号");
    assert_eq!(d.stage, Stage::Lead);
    let custom: Vec<(&str, &str)> = d
        .custom
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(custom, [("column 17", "多出来的"), ("所在城市", "杭州")]);
    // Short rows: missing cells are empty.
    let c = customer(&p, 3, &strings(&["C002", "赵六"]), now()).expect("short row");
    assert_eq!(c.draft.name, "赵六");
    assert!(c.draft.custom.is_empty());
}

#[test]
fn stages_from_every_source() {
    let p = customers_plan(&["Name", "Lifecycle Stage"]);
    for (word, stage) in [
        ("subscriber", Stage::Lead),
        ("lead", Stage::Lead),
        ("marketingqualifiedlead", Stage::Prospect),
        ("Sales Qualified Lead", Stage::Prospect),
        ("opportunity", Stage::Prospect),
        ("customer", Stage::Customer),
        ("evangelist", Stage::Loyal),
        ("other", Stage::Lead),
        ("Closed - Converted", Stage::Customer),
        ("Closed - Not Converted", Stage::Churned),
        ("Working - Contacted", Stage::Prospect),
        ("意向客户", Stage::Prospect),
        ("已成交", Stage::Customer),
        ("流失", Stage::Churned),
        ("", Stage::Lead),
    ] {
        let c = customer(&p, 2, &strings(&["Ann", word]), now()).expect(word);
        assert_eq!(c.draft.stage, stage, "{word}");
    }
}

#[test]
fn date_formats() {
    let p = customers_plan(&["Name", "Last Contacted"]);
    for (cell, want) in [
        ("2026/11/20", "2026-11-20 12:00"),
        ("2026-11-20", "2026-11-20 12:00"),
        ("2026-11-20 14:30", "2026-11-20 14:30"),
        ("2026-11-20 14:30:59", "2026-11-20 14:30"),
        ("2026/1/5 9:05", "2026-01-05 09:05"),
        ("2026年11月20日", "2026-11-20 12:00"),
        ("2026年11月20日 14:30", "2026-11-20 14:30"),
        ("11/20/2026", "2026-11-20 12:00"),
        ("11/20/2026 2:30 PM", "2026-11-20 14:30"),
        ("20/11/2026", "2026-11-20 12:00"),
        ("2026-11-20T14:30:00+08:00", "2026-11-20 14:30"),
        ("46346", "2026-11-20 12:00"),
        ("46346.5", "2026-11-20 12:00"),
        ("2026-11-22", "2026-11-22 10:00"),
        ("昨天 15:00", "2026-11-21 15:00"),
    ] {
        let c = customer(&p, 2, &strings(&["Ann", cell]), now()).expect(cell);
        let got = c
            .last_contact
            .map(|d| d.format("%Y-%m-%d %H:%M").to_string());
        assert_eq!(got.as_deref(), Some(want), "{cell}");
    }
}

fn follow_ups_plan() -> Plan {
    let headers = [
        "线索编号",
        "客户名称",
        "跟进人",
        "跟进时间",
        "跟进方式",
        "跟进内容摘要",
        "客户反馈",
        "下一步行动",
        "预计完成时间",
        "满意度",
    ];
    let p = plan(&strings(&headers), &[], None).expect("plan");
    assert_eq!(p.kind, Kind::FollowUps);
    p
}

#[test]
fn follow_up_rows() {
    let p = follow_ups_plan();
    let row = strings(&[
        "L-7",
        "华信科技",
        "小刘",
        "2026-11-20 14:30",
        "拜访",
        "介绍新品",
        "价格偏高",
        "发报价单",
        "2026年11月25日",
        "高",
    ]);
    let f = follow_up(&p, 4, &row, now()).expect("row");
    assert_eq!(
        f,
        FollowUpIn {
            external_id: Some("L-7".into()),
            customer_words: "华信科技".into(),
            company: String::new(),
            author: "小刘".into(),
            at: dt("2026-11-20 14:30"),
            kind: InteractionKind::Visit,
            summary: "介绍新品".into(),
            feedback: "价格偏高".into(),
            next: Some("发报价单".into()),
            due: Some(Due::Date(day("2026-11-25"))),
            custom: [("满意度".to_string(), "高".to_string())].into(),
        }
    );
    for (method, kind) in [
        ("电话", InteractionKind::Call),
        ("拜访", InteractionKind::Visit),
        ("上门", InteractionKind::Visit),
        ("邮件", InteractionKind::Email),
        ("微信", InteractionKind::Message),
        ("短信", InteractionKind::Message),
        ("会议", InteractionKind::Meeting),
        ("Call", InteractionKind::Call),
        ("", InteractionKind::Note),
    ] {
        let mut row = row.clone();
        row[4] = method.to_string();
        let f = follow_up(&p, 4, &row, now()).expect(method);
        assert_eq!(f.kind, kind, "{method}");
    }
    for (cell, due) in [
        ("2026-11-25 15:00", Due::At(dt("2026-11-25 15:00"))),
        ("2026-11-25 00:00:00", Due::Date(day("2026-11-25"))),
        ("11/25/2026", Due::Date(day("2026-11-25"))),
        ("下周一", Due::Date(day("2026-11-23"))),
        ("+3d", Due::Date(day("2026-11-25"))),
    ] {
        let mut row = row.clone();
        row[8] = cell.to_string();
        let f = follow_up(&p, 4, &row, now()).expect(cell);
        assert_eq!(f.due, Some(due), "{cell}");
    }
    // Only the customer's words: they become the summary.
    let mut row2 = row.clone();
    row2[5].clear();
    let f = follow_up(&p, 4, &row2, now()).expect("feedback only");
    assert_eq!((f.summary.as_str(), f.feedback.as_str()), ("价格偏高", ""));
}

#[test]
fn bad_follow_up_rows() {
    let p = follow_ups_plan();
    let row = strings(&[
        "",
        "",
        "小刘",
        "上个月吧",
        "传真",
        "",
        "",
        "发报价单",
        "尽快",
    ]);
    let errs = follow_up(&p, 12, &row, now()).expect_err("bad row");
    let got: Vec<(usize, &str)> = errs.iter().map(|e| (e.line, e.column.as_str())).collect();
    assert_eq!(
        got,
        [
            (12, "客户名称"),
            (12, "跟进时间"),
            (12, "跟进方式"),
            (12, "跟进内容摘要"),
            (12, "预计完成时间"),
        ]
    );
    assert!(errs[1].reason.contains("上个月吧"), "{}", errs[1]);
    assert!(errs[2].reason.contains("传真"), "{}", errs[2]);
    assert!(errs[4].reason.contains("尽快"), "{}", errs[4]);
    // An empty time is an error too; a file without a time column uses now.
    let row = strings(&["", "华信", "", "", "电话", "聊了聊"]);
    let errs = follow_up(&p, 13, &row, now()).expect_err("no time");
    assert_eq!(errs[0].column, "跟进时间");
    let p = plan(&strings(&["客户名称", "跟进内容"]), &[], None).expect("plan");
    let f = follow_up(&p, 2, &strings(&["华信", "聊了聊"]), now()).expect("row");
    assert_eq!((f.at, f.kind), (now(), InteractionKind::Note));
}

#[test]
fn follow_up_customer_falls_back_to_company() {
    let p = plan(
        &strings(&["客户名称", "公司名称", "跟进时间", "跟进内容", "下一步计划"]),
        &[],
        None,
    )
    .expect("plan");
    assert_eq!(p.kind, Kind::FollowUps);
    let f = follow_up(
        &p,
        2,
        &strings(&["", "华信科技", "2026-11-20", "电话沟通", "回访"]),
        now(),
    )
    .expect("row");
    assert_eq!(f.customer_words, "华信科技");
    assert_eq!(f.company, "华信科技");
    assert_eq!(f.next.as_deref(), Some("回访"));
    assert_eq!(f.at, dt("2026-11-20 12:00"));
}

#[test]
fn plan_lists_its_columns() {
    let p = plan(&strings(&["客户姓名", "手机", "微信号"]), &[], None).expect("plan");
    assert_eq!(
        p.to_string(),
        "file holds customers\n  客户姓名 → name\n  手机 → phone\n  微信号 → custom:微信号\n"
    );
}

/// Issue 11, item 7: a row wider than a spreadsheet or a cell over 1 MiB is
/// a bad row, named by line (and column), before any of it is read.
#[test]
fn oversized_rows_and_cells_are_rejected_with_the_limit() {
    use crate::interchange::{MAX_CELL_BYTES, MAX_COLUMNS};
    let p = plan(&strings(&["Name", "Notes"]), &[], None).expect("plan");
    let mut wide = vec![String::from("Ann")];
    wide.resize(MAX_COLUMNS + 1, String::from("x"));
    let errors = customer(&p, 7, &wide, now()).expect_err("too wide");
    assert_eq!(
        errors[0].to_string(),
        "line 7: 16,385 cells; rolo reads at most 16,384 cells a row"
    );
    let big = vec![String::from("Ann"), "n".repeat(MAX_CELL_BYTES + 1)];
    let errors = customer(&p, 3, &big, now()).expect_err("too big");
    assert_eq!(
        errors[0].to_string(),
        "line 3, column \"Notes\": the cell is 1,048,577 bytes; rolo reads at most 1,048,576 bytes (1 MiB) a cell (an unterminated quote can swallow the rest of a file)"
    );
    let follow = plan(&strings(&["客户名称", "跟进内容"]), &[], None).expect("plan");
    let big = vec![String::from("Ann"), "n".repeat(MAX_CELL_BYTES + 1)];
    assert!(follow_up(&follow, 3, &big, now()).is_err());
    // Exactly at the limits is read.
    let mut at_limit = vec![String::from("Ann"), "n".repeat(MAX_CELL_BYTES)];
    at_limit.resize(MAX_COLUMNS, String::new());
    assert!(customer(&p, 2, &at_limit, now()).is_ok());
}

/// The widest row allowed, every column named alike, every cell bad or
/// custom: custom fields are numbered and errors sorted in linear time (the
/// numbering restarted from 2 for each column: 134 million lookups).
#[test]
fn the_widest_row_of_one_name_maps_in_linear_time() {
    use crate::interchange::MAX_COLUMNS;
    let start = std::time::Instant::now();
    let mut headers = vec![String::from("Name")];
    headers.resize(MAX_COLUMNS, String::from("x"));
    let p = plan(&headers, &[], None).expect("plan");
    let mut cells = vec![String::from("Ann")];
    cells.extend((1..MAX_COLUMNS).map(|i| format!("v{i}")));
    let row = customer(&p, 2, &cells, now()).expect("row");
    assert_eq!(row.draft.custom.len(), MAX_COLUMNS - 1);
    assert_eq!(
        row.draft.custom.get("x (16383)").map(String::as_str),
        Some("v16383")
    );
    let mut headers = vec![String::from("Name")];
    headers.resize(MAX_COLUMNS, String::from("Email"));
    let p = plan(&headers, &[], None).expect("plan");
    let mut cells = vec![String::from("Ann")];
    cells.resize(MAX_COLUMNS, String::from("not-an-email"));
    let errors = customer(&p, 2, &cells, now()).expect_err("bad emails");
    assert_eq!(errors.len(), MAX_COLUMNS - 1);
    assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
}

/// Cells and headers are quoted in errors with control characters made
/// visible, on one line.
#[test]
fn errors_quote_cells_and_headers_with_control_characters_visible() {
    let header = "E\u{1b}[31mmail";
    let p = plan(
        &strings(&["Name", header]),
        &[(header.to_string(), "email".to_string())],
        None,
    )
    .expect("plan");
    let errors =
        customer(&p, 2, &strings(&["Ann", "x\u{1b}[2Jpwned\u{7}"]), now()).expect_err("bad email");
    let text = errors[0].to_string();
    assert!(!text.chars().any(crate::text::is_unsafe), "{text:?}");
    assert!(!text.contains('\n'), "{text:?}");
    assert!(text.contains("\"x\\x1b[2Jpwned\\x07\""), "{text}");
    assert!(
        text.starts_with("line 2, column \"E\\x1b[31mmail\": "),
        "{text}"
    );
    let f = plan(
        &strings(&["客户名称", "跟进内容", "预计完成时间"]),
        &[],
        None,
    )
    .expect("plan");
    let errors = follow_up(
        &f,
        2,
        &strings(&["Ann", "call", "\u{9b}31mfri\u{202e}"]),
        now(),
    )
    .expect_err("bad date");
    let text = errors[0].to_string();
    assert!(!text.chars().any(crate::text::is_unsafe), "{text:?}");
    assert!(text.contains("\\u{9b}31mfri\\u{202e}"), "{text}");
}

/// A cadence cell of `0` or `-1` said "is not a cadence" (they are
/// numbers: out of range); the range is named, as on the command line.
#[test]
fn a_cadence_cell_out_of_range_names_the_range() {
    assert_eq!(cells::cadence("14天"), Ok(14));
    assert_eq!(cells::cadence("30 days"), Ok(30));
    for (cell, shown) in [("0", "0"), ("-1", "-1"), ("99999", "99999")] {
        assert_eq!(
            cells::cadence(cell),
            Err(format!(
                "cadence \"{shown}\" is out of range: 1 to 36500 days"
            )),
            "{cell}"
        );
    }
    let err = cells::cadence("weekly").expect_err("a word");
    assert!(err.contains("is not a cadence"), "{err}");
}

/// Issue 13 item 7: given/family name pairs under every common header join
/// into the name: given + space + family in Latin script, family + given
/// with no space in CJK.
#[test]
fn name_pairs_join_under_every_common_header() {
    for (given, family, cells, name) in [
        ("First", "Last", ["Ann", "Lee"], "Ann Lee"),
        ("first_name", "last_name", ["Ann", "Lee"], "Ann Lee"),
        (
            "Given Name",
            "Family Name",
            ["Zoë", "O'Brien"],
            "Zoë O'Brien",
        ),
        ("FirstName", "Surname", ["José", "Müller"], "José Müller"),
        ("Forename", "Surname", ["Ann", ""], "Ann"),
        ("名", "姓", ["芳", "王"], "王芳"),
        ("名", "姓氏", ["娜娜", "欧阳"], "欧阳娜娜"),
        ("Given Name", "Family Name", ["伟", "张"], "张伟"),
        ("first name", "last name", ["", "Lee"], "Lee"),
    ] {
        // Either column order: the family name may come first.
        for flipped in [false, true] {
            let (headers, row) = if flipped {
                ([family, given, "Email"], [cells[1], cells[0], "a@b.co"])
            } else {
                ([given, family, "Email"], [cells[0], cells[1], "a@b.co"])
            };
            let plan = plan(&strings(&headers), &[], None).expect("plan");
            assert_eq!(plan.kind, CUSTOMERS, "{headers:?}");
            let c = customer(&plan, 2, &strings(&row), now()).expect("valid row");
            assert_eq!(c.draft.name, name, "{headers:?}");
        }
    }
}
