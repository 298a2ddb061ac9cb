use super::*;
use crate::domain::{CaseId, CaseKind, DealId, Due, InteractionKind, Outcome, Stage, TaskId};
use chrono::{NaiveDate, NaiveDateTime};
use proptest::prelude::*;
use std::ops::Range;

/// Sunday 2026-11-22, 10:00.
fn now() -> NaiveDateTime {
    NaiveDateTime::parse_from_str("2026-11-22 10:00", "%Y-%m-%d %H:%M").expect("test now")
}

fn day(s: &str) -> Due {
    Due::Date(NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date"))
}

fn at(s: &str) -> Due {
    Due::At(NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("test datetime"))
}

fn cust(text: &str, span: Range<usize>) -> CustomerRef {
    CustomerRef {
        text: text.to_string(),
        span,
    }
}

fn log(
    kind: InteractionKind,
    customer: CustomerRef,
    outcome: Option<Outcome>,
    summary: &str,
    next: Option<&str>,
    when: Option<Due>,
) -> Command {
    Command::Log {
        kind,
        customer,
        outcome,
        summary: summary.to_string(),
        next: next.map(str::to_string),
        when,
    }
}

#[test]
fn log_lines() {
    use InteractionKind::*;
    let cases = [
        (
            "call acme: wants pricing -> send quote @fri",
            log(
                Call,
                cust("acme", 5..9),
                None,
                "wants pricing",
                Some("send quote"),
                Some(day("2026-11-27")),
            ),
        ),
        (
            "电话 张伟：想要报价 -> 发报价单 @周五",
            log(
                Call,
                cust("张伟", 7..13),
                None,
                "想要报价",
                Some("发报价单"),
                Some(day("2026-11-27")),
            ),
        ),
        (
            "电话张伟：想要报价 → 发报价单 @明天下午3点",
            log(
                Call,
                cust("张伟", 6..12),
                None,
                "想要报价",
                Some("发报价单"),
                Some(at("2026-11-23 15:00")),
            ),
        ),
        (
            "微信 李雷: 发了资料",
            log(Message, cust("李雷", 7..13), None, "发了资料", None, None),
        ),
        (
            "email li@acme.com: hi",
            log(Email, cust("li@acme.com", 6..17), None, "hi", None, None),
        ),
        (
            "email li@acme.com: hi @tomorrow 2pm",
            log(
                Email,
                cust("li@acme.com", 6..17),
                None,
                "hi",
                None,
                Some(at("2026-11-23 14:00")),
            ),
        ),
        (
            "call acme noanswer",
            log(
                Call,
                cust("acme", 5..9),
                Some(Outcome::NoAnswer),
                "",
                None,
                None,
            ),
        ),
        (
            "call acme corp voicemail: left msg",
            log(
                Call,
                cust("acme corp", 5..14),
                Some(Outcome::Voicemail),
                "left msg",
                None,
                None,
            ),
        ),
        (
            "call 张伟 未接 @tomorrow",
            log(
                Call,
                cust("张伟", 5..11),
                Some(Outcome::NoAnswer),
                "",
                None,
                Some(day("2026-11-23")),
            ),
        ),
        (
            "call noanswer",
            log(Call, cust("noanswer", 5..13), None, "", None, None),
        ),
        (
            "call acme @fri",
            log(
                Call,
                cust("acme", 5..9),
                None,
                "",
                None,
                Some(day("2026-11-27")),
            ),
        ),
        (
            "call acme:@fri",
            log(
                Call,
                cust("acme", 5..9),
                None,
                "",
                None,
                Some(day("2026-11-27")),
            ),
        ),
        (
            "note acme: ping @bob.",
            log(Note, cust("acme", 5..9), None, "ping @bob.", None, None),
        ),
        (
            "meet acme: at @ the cafe",
            log(
                Meeting,
                cust("acme", 5..9),
                None,
                "at @ the cafe",
                None,
                None,
            ),
        ),
        (
            "note acme: mail @x li@acme.com",
            log(
                Note,
                cust("acme", 5..9),
                None,
                "mail @x li@acme.com",
                None,
                None,
            ),
        ),
        (
            "msg acme: hi @next week",
            log(
                Message,
                cust("acme", 4..8),
                None,
                "hi",
                None,
                Some(day("2026-11-23")),
            ),
        ),
        (
            "CALL  ACME   Corp : hi ",
            log(Call, cust("ACME Corp", 6..17), None, "hi", None, None),
        ),
        (
            "note acme: hi: there -> follow up",
            log(
                Note,
                cust("acme", 5..9),
                None,
                "hi: there",
                Some("follow up"),
                None,
            ),
        ),
        (
            "call acme -> send quote: v2 @+3d",
            log(
                Call,
                cust("acme", 5..9),
                None,
                "",
                Some("send quote: v2"),
                Some(day("2026-11-25")),
            ),
        ),
        (
            "visit acme: demo @fri 2:30pm",
            log(
                Visit,
                cust("acme", 6..10),
                None,
                "demo",
                None,
                Some(at("2026-11-27 14:30")),
            ),
        ),
    ];
    for (line, want) in cases {
        assert_eq!(parse(line, now()), Ok(want), "{line}");
    }
}

fn add(
    name: &str,
    title: Option<&str>,
    company: Option<&str>,
    phones: &[&str],
    emails: &[&str],
) -> Command {
    Command::Add {
        name: name.into(),
        title: title.map(Into::into),
        company: company.map(Into::into),
        phones: phones.iter().map(|p| p.to_string()).collect(),
        emails: emails.iter().map(|e| e.to_string()).collect(),
    }
}

#[test]
fn other_verbs() {
    let cases = [
        (
            "task acme: send quote @fri",
            Command::Task {
                customer: cust("acme", 5..9),
                title: "send quote".into(),
                when: Some(day("2026-11-27")),
            },
        ),
        (
            "任务 张伟：发报价单",
            Command::Task {
                customer: cust("张伟", 7..13),
                title: "发报价单".into(),
                when: None,
            },
        ),
        (
            "task acme: call back -> later",
            Command::Task {
                customer: cust("acme", 5..9),
                title: "call back -> later".into(),
                when: None,
            },
        ),
        (
            "done 17 #18, 19",
            Command::Done {
                tasks: vec![TaskId(17), TaskId(18), TaskId(19)],
            },
        ),
        (
            "snooze 17 @next week",
            Command::Snooze {
                task: TaskId(17),
                until: day("2026-11-23"),
            },
        ),
        (
            "snooze #17 tomorrow 9am",
            Command::Snooze {
                task: TaskId(17),
                until: at("2026-11-23 09:00"),
            },
        ),
        (
            "推迟17 明天",
            Command::Snooze {
                task: TaskId(17),
                until: day("2026-11-23"),
            },
        ),
        (
            "add Ann  Lee, Acme Inc",
            add("Ann Lee", None, Some("Acme Inc"), &[], &[]),
        ),
        ("add 张伟，华为", add("张伟", None, Some("华为"), &[], &[])),
        ("add Bob,", add("Bob", None, None, &[], &[])),
        ("add li@acme.com", add("li@acme.com", None, None, &[], &[])),
        (
            "stage acme corp prospect",
            Command::Stage {
                customer: cust("acme corp", 6..15),
                stage: Stage::Prospect,
            },
        ),
        (
            "阶段 华为 意向客户",
            Command::Stage {
                customer: cust("华为", 7..13),
                stage: Stage::Prospect,
            },
        ),
        (
            "tag acme corp +vip -cold +重点",
            Command::Tag {
                customer: cust("acme corp", 4..13),
                add: vec!["vip".into(), "重点".into()],
                remove: vec!["cold".into()],
            },
        ),
        (
            "open acme  corp",
            Command::Open {
                customer: cust("acme corp", 5..15),
            },
        ),
    ];
    for (line, want) in cases {
        assert_eq!(parse(line, now()), Ok(want), "{line}");
    }
}

#[test]
fn errors_point_at_the_problem() {
    let cases: &[(&str, &str, Range<usize>)] = &[
        ("", "type a command, e.g. call acme:", 0..0),
        ("   ", "type a command", 0..3),
        (
            "cal acme",
            "unknown command \"cal\": did you mean \"call\"?",
            0..3,
        ),
        (
            "emial acme: hi",
            "unknown command \"emial\": did you mean \"email\"?",
            0..5,
        ),
        (
            "xyzzy",
            "unknown command \"xyzzy\" (commands: call, email,",
            0..5,
        ),
        (
            "call",
            "missing customer after \"call\" (usage: call <customer>",
            4..4,
        ),
        ("call : hi", "missing customer after \"call\"", 4..4),
        ("电话：hi", "missing customer after \"电话\"", 6..6),
        ("note acme", "a note needs text after ':'", 9..9),
        ("note acme:  ", "a note needs text after ':'", 9..10),
        (
            "call acme: hi @frday",
            "unknown date \"frday\" (try: today,",
            15..20,
        ),
        ("call acme: hi @ frday ", "", 0..0), // not glued: text, parses fine
        ("电话 张伟：hi @周八", "unknown date \"周八\"", 20..26),
        (
            "call acme: ask @bob about it",
            "unknown date \"bob about it\"",
            16..28,
        ),
        (
            "task acme: x @2026-02-30",
            "invalid date \"2026-02-30\": February 2026 has only 28 days",
            14..24,
        ),
        ("call acme: hi @", "\"@\" needs a date after it", 14..15),
        ("call acme: hi -> ", "\"->\" needs a next action", 14..16),
        ("task acme", "a task needs a title after ':'", 9..9),
        ("task acme: @fri", "a task needs a title after ':'", 9..10),
        ("task: x", "missing customer after \"task\"", 4..4),
        // Bare `done`, `snooze` and `open` are TUI commands (the selection);
        // the aliases still need their argument.
        (
            "完成",
            "missing task id after \"完成\" (usage: done <task id>...)",
            6..6,
        ),
        (
            "done 17 x",
            "\"x\" is not a task id (use a number like 17 or #17)",
            8..9,
        ),
        ("snooze x @fri", "\"x\" is not a task id", 7..8),
        ("推迟", "missing task id after \"推迟\"", 6..6),
        (
            "snooze 17",
            "missing date: when should task #17 come back? (e.g. snooze 17 @tomorrow)",
            9..9,
        ),
        ("snooze 17 @ ", "missing date", 9..9),
        ("snooze 17 frday", "unknown date \"frday\"", 10..15),
        (
            "snooze 17 @2026-02-30",
            "invalid date \"2026-02-30\"",
            11..21,
        ),
        (
            "add",
            "missing name after \"add\" (usage: add <name>[ (<title>)][, <company>]",
            3..3,
        ),
        ("add , acme", "missing name", 3..3),
        (
            "stage acme",
            "missing stage after \"acme\" (one of: lead, prospect,",
            10..10,
        ),
        ("stage prospect", "missing customer after \"stage\"", 5..5),
        (
            "stage acme prospekt",
            "unknown stage \"prospekt\" (expected one of: lead,",
            11..19,
        ),
        ("tag acme", "add +tag or -tag after the customer", 8..8),
        ("tag +vip", "missing customer after \"tag\"", 3..3),
        (
            "tag acme + -x",
            "\"+\" needs a tag name after it (e.g. +vip)",
            9..10,
        ),
        // `show` alone is the app's "the selected row in full"; a verb
        // alias of `open` alone still wants its customer.
        (
            "打开",
            "missing customer after \"打开\" (usage: open <customer>)",
            6..6,
        ),
    ];
    for (line, want, span) in cases {
        let got = parse(line, now());
        if want.is_empty() {
            assert!(got.is_ok(), "{line:?}: {got:?}");
            continue;
        }
        let err = got.expect_err(line);
        assert!(err.message.starts_with(want), "{line:?}: {}", err.message);
        assert_eq!(err.span, *span, "{line:?}: {}", err.message);
    }
}

#[test]
fn render_shows_the_span() {
    let line = "电话 张伟：hi @周八";
    let err = parse(line, now()).expect_err("bad date");
    let rendered = err.render(line);
    let lines: Vec<_> = rendered.lines().collect();
    assert!(lines[0].starts_with("unknown date \"周八\""));
    assert_eq!(lines[1], format!("  {line}"));
    // Indent 2, then 电话(4) + space + 张伟(4) + ：(2) + "hi " + @ = 15 columns; 周八 is 4 wide.
    assert_eq!(lines[2], format!("{}^^^^", " ".repeat(2 + 15)));
}

#[test]
fn whole_line_tui_commands() {
    assert_eq!(
        parse("done", now()),
        Ok(Command::Ui(crate::palette::Ui::Done))
    );
    assert_eq!(
        parse(" View  Today ", now()),
        Ok(Command::Ui(crate::palette::Ui::ViewToday))
    );
    assert!(matches!(parse("done 17", now()), Ok(Command::Done { .. })));
    assert!(matches!(
        parse("open acme", now()),
        Ok(Command::Open { .. })
    ));
}

/// Every verb and alias in the registry reaches its own branch of the parser.
#[test]
fn every_registry_word_parses() {
    let samples = [
        ("call", "acme: x", "log"),
        ("email", "acme: x", "log"),
        ("meeting", "acme: x", "log"),
        ("visit", "acme: x", "log"),
        ("message", "acme: x", "log"),
        ("note", "acme: x", "log"),
        ("task", "acme: x", "task"),
        ("done", "1", "done"),
        ("snooze", "1 @fri", "snooze"),
        ("add", "x", "add"),
        ("stage", "acme lead", "stage"),
        ("tag", "acme +x", "tag"),
        ("open", "acme", "open"),
        ("deal", "acme: x ¥5k", "deal"),
        ("won", "5", "won"),
        ("lost", "5: price", "lost"),
        ("move", "5 proposal", "move"),
        ("order", "acme: ¥12,000", "order"),
        ("case", "acme: x", "case"),
        ("complaint", "acme: x", "complaint"),
        ("respond", "2", "respond"),
        ("resolve", "2: fixed", "resolve"),
        ("fix", "log 41: x", "fix"),
        ("rm", "task 12", "rm"),
        ("merge", "#3 #7", "merge"),
    ];
    assert_eq!(samples.len(), VERBS.len());
    for v in VERBS {
        let (_, args, want) = samples
            .iter()
            .find(|(name, _, _)| *name == v.name)
            .expect("a sample for every verb");
        for word in std::iter::once(v.name).chain(v.aliases.iter().copied()) {
            let line = format!("{word} {args}");
            let got = match parse(&line, now()) {
                Ok(Command::Log { kind, .. }) => {
                    assert_eq!(kind.as_str(), v.name, "{line}");
                    "log"
                }
                Ok(Command::Task { .. }) => "task",
                Ok(Command::Done { .. }) => "done",
                Ok(Command::Snooze { .. }) => "snooze",
                Ok(Command::Add { .. }) => "add",
                Ok(Command::Stage { .. }) => "stage",
                Ok(Command::Tag { .. }) => "tag",
                Ok(Command::Open { .. }) => "open",
                Ok(Command::Deal { .. }) => "deal",
                Ok(Command::Won { .. }) => "won",
                Ok(Command::Lost { .. }) => "lost",
                Ok(Command::MoveDeal { .. }) => "move",
                Ok(Command::Order { .. }) => "order",
                Ok(Command::Case { kind, .. }) => match kind {
                    CaseKind::Request => "case",
                    CaseKind::Complaint => "complaint",
                },
                Ok(Command::Respond { .. }) => "respond",
                Ok(Command::Resolve { .. }) => "resolve",
                Ok(Command::Fix(_) | Command::FixLog { .. }) => "fix",
                Ok(Command::Remove(_)) => "rm",
                Ok(Command::Merge { .. }) => "merge",
                Ok(Command::Ui(ui)) => panic!("{line}: parsed as the TUI command {ui:?}"),
                Err(e) => panic!("{line}: {e}"),
            };
            assert_eq!(got, *want, "{line}");
        }
    }
}

fn deal(
    customer: CustomerRef,
    title: &str,
    amount: i64,
    currency: Option<&str>,
    close: Option<&str>,
) -> Command {
    Command::Deal {
        customer,
        title: title.to_string(),
        amount,
        currency: currency.map(str::to_string),
        expected_close: close.map(|d| day(d).date()),
    }
}

#[test]
fn deal_lines() {
    let cases = [
        (
            "deal acme: 50 seats ¥50k",
            deal(cust("acme", 5..9), "50 seats", 5_000_000, None, None),
        ),
        (
            "deal acme corp: renewal $12,000 @fri",
            deal(
                cust("acme corp", 5..14),
                "renewal",
                1_200_000,
                Some("USD"),
                Some("2026-11-27"),
            ),
        ),
        (
            "deal acme: support €3.5k @2026-12-31",
            deal(
                cust("acme", 5..9),
                "support",
                350_000,
                Some("EUR"),
                Some("2026-12-31"),
            ),
        ),
        (
            "商机 张伟：50个席位 5万 @周五",
            deal(
                cust("张伟", 7..13),
                "50个席位",
                5_000_000,
                None,
                Some("2026-11-27"),
            ),
        ),
        (
            "商机张伟：续约 50k usd",
            deal(cust("张伟", 6..12), "续约", 5_000_000, Some("USD"), None),
        ),
        (
            "deal 王芳: 年度服务 12万元",
            deal(
                cust("王芳", 5..11),
                "年度服务",
                12_000_000,
                Some("CNY"),
                None,
            ),
        ),
        // The last word is always the amount, even a bare number.
        (
            "deal acme: iPhone 15",
            deal(cust("acme", 5..9), "iPhone", 1_500, None, None),
        ),
        // An `@` that does not start a date is part of the title.
        (
            "deal li@acme.com: seats @ cost £900",
            deal(
                cust("li@acme.com", 5..16),
                "seats @ cost",
                90_000,
                Some("GBP"),
                None,
            ),
        ),
    ];
    for (line, want) in cases {
        assert_eq!(parse(line, now()), Ok(want), "{line}");
    }
}

#[test]
fn deal_and_case_verbs() {
    let cases = [
        (
            "won 5",
            Command::Won {
                deal: DealId(5),
                note: String::new(),
            },
        ),
        (
            "won #5: signed at the expo",
            Command::Won {
                deal: DealId(5),
                note: "signed at the expo".into(),
            },
        ),
        (
            "赢单5：签了",
            Command::Won {
                deal: DealId(5),
                note: "签了".into(),
            },
        ),
        (
            "lost 5: price",
            Command::Lost {
                deal: DealId(5),
                reason: "price".into(),
            },
        ),
        (
            "move 5 neg",
            Command::MoveDeal {
                deal: DealId(5),
                stage: "neg".into(),
                stage_span: 7..10,
            },
        ),
        (
            "case acme: invoice copy",
            Command::Case {
                kind: CaseKind::Request,
                customer: cust("acme", 5..9),
                title: "invoice copy".into(),
            },
        ),
        (
            "投诉 王芳：送货太慢",
            Command::Case {
                kind: CaseKind::Complaint,
                customer: cust("王芳", 7..13),
                title: "送货太慢".into(),
            },
        ),
        ("respond #2", Command::Respond { case: CaseId(2) }),
        (
            "resolve 2: sent a new invoice",
            Command::Resolve {
                case: CaseId(2),
                resolution: "sent a new invoice".into(),
            },
        ),
        (
            "resolve 2",
            Command::Resolve {
                case: CaseId(2),
                resolution: String::new(),
            },
        ),
    ];
    for (line, want) in cases {
        assert_eq!(parse(line, now()), Ok(want), "{line}");
    }
}

#[test]
fn deal_and_case_errors_point_at_the_problem() {
    let cases: &[(&str, &str, Range<usize>)] = &[
        (
            "deal acme: 50 seats",
            "a deal needs an amount, e.g. `deal acme: 50 seats ¥50k`",
            11..19,
        ),
        ("deal acme:", "a deal needs an amount", 9..10),
        (
            "deal acme 50k",
            "a deal needs a title and an amount after ':'",
            13..13,
        ),
        (
            "deal acme: ¥50k",
            "a deal needs a title before the amount",
            11..16,
        ),
        ("deal acme: x ¥5x", "\"¥5x\" is not an amount", 13..17),
        (
            "deal acme: in USD",
            "\"USD\" needs a number before it",
            14..17,
        ),
        (
            "deal acme: seats ¥5k @frday",
            "unknown date \"frday\"",
            23..28,
        ),
        // `@when` counts only as the last token.
        ("deal acme: 50 seats @fri ¥50k", "unknown date", 21..30),
        ("deal : x ¥5k", "missing customer after \"deal\"", 4..4),
        (
            "won x",
            "\"x\" is not a deal id (use a number like 5 or #5)",
            4..5,
        ),
        (
            "won 5 great deal",
            "put ':' between the id and the text",
            6..16,
        ),
        (
            "lost 5",
            "a lost deal needs a reason after ':' (e.g. lost 5: price)",
            6..6,
        ),
        ("lost 5:  ", "a lost deal needs a reason", 7..7),
        (
            "move 5",
            "missing stage after \"5\" (usage: move <deal id> <stage>)",
            6..6,
        ),
        ("move 5 pro posal", "a stage is one word", 11..16),
        ("move #x proposal", "\"#x\" is not a deal id", 5..7),
        ("case acme", "a request needs a title after ':'", 9..9),
        (
            "complaint acme:",
            "a complaint needs a title after ':'",
            14..15,
        ),
        ("respond 2 now", "respond takes only a case id", 10..13),
        ("resolve", "missing case id after \"resolve\"", 7..7),
        ("resolve #2x: done", "\"#2x\" is not a case id", 8..11),
    ];
    for (line, want, span) in cases {
        let err = parse(line, now()).expect_err(line);
        assert!(err.message.starts_with(want), "{line:?}: {}", err.message);
        assert_eq!(err.span, *span, "{line:?}: {}", err.message);
    }
}

/// Checks the invariants every parse result must hold.
fn check(line: &str) {
    let on_boundaries = |span: &Range<usize>| {
        span.start <= span.end
            && span.end <= line.len()
            && line.is_char_boundary(span.start)
            && line.is_char_boundary(span.end)
    };
    match parse(line, now()) {
        Err(err) => {
            assert!(on_boundaries(&err.span), "{line:?}: {err:?}");
            assert!(!err.message.is_empty());
            let _ = err.render(line);
        }
        Ok(
            Command::Log { customer, .. }
            | Command::Task { customer, .. }
            | Command::Stage { customer, .. }
            | Command::Tag { customer, .. }
            | Command::Open { customer }
            | Command::Case { customer, .. },
        ) => {
            assert!(on_boundaries(&customer.span), "{line:?}: {customer:?}");
            assert!(!customer.text.is_empty());
        }
        Ok(Command::Deal {
            customer, title, ..
        }) => {
            assert!(on_boundaries(&customer.span), "{line:?}: {customer:?}");
            assert!(!customer.text.is_empty() && !title.is_empty(), "{line:?}");
        }
        Ok(Command::MoveDeal {
            stage, stage_span, ..
        }) => {
            assert!(on_boundaries(&stage_span), "{line:?}");
            assert_eq!(line.get(stage_span), Some(stage.as_str()));
        }
        Ok(Command::Lost { reason, .. }) => assert!(!reason.is_empty(), "{line:?}"),
        Ok(_) => {}
    }
}

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("call".to_string()),
        Just("note".to_string()),
        Just("task".to_string()),
        Just("snooze".to_string()),
        Just("tag".to_string()),
        Just("stage".to_string()),
        Just("done".to_string()),
        Just("add".to_string()),
        Just("deal".to_string()),
        Just("won".to_string()),
        Just("lost".to_string()),
        Just("move".to_string()),
        Just("complaint".to_string()),
        Just("resolve".to_string()),
        Just("¥50k".to_string()),
        Just("$".to_string()),
        Just("5万".to_string()),
        Just("元".to_string()),
        Just("usd".to_string()),
        Just("电话".to_string()),
        Just("推迟".to_string()),
        Just(":".to_string()),
        Just("：".to_string()),
        Just("->".to_string()),
        Just("→".to_string()),
        Just("@".to_string()),
        Just("@fri".to_string()),
        Just("+".to_string()),
        Just("-".to_string()),
        Just(",".to_string()),
        Just("#17".to_string()),
        Just("noanswer".to_string()),
        Just("明天下午3点".to_string()),
        Just(" ".to_string()),
        "[a-z张伟@.:+\\-0-9 ]{0,6}",
    ]
}

proptest! {
    #[test]
    fn parse_never_panics_on_arbitrary_strings(line in "\\PC*") {
        check(&line);
    }

    #[test]
    fn parse_never_panics_on_any_chars(line in any::<String>()) {
        check(&line);
    }

    #[test]
    fn parse_never_panics_on_palette_like_lines(parts in prop::collection::vec(fragment(), 0..10)) {
        check(&parts.concat());
        check(&parts.join(" "));
    }
}

/// `add`: after the name, a phone or an email is known by its form in
/// any position; the one other part is the company; a title is in
/// parentheses after the name.
#[test]
fn add_reads_phones_emails_and_a_title_in_any_order() {
    let bob = "Bob Ma";
    let cases = [
        (
            "add Bob Ma, Acme, 138 0013 8000, bob@acme.com",
            add(
                bob,
                None,
                Some("Acme"),
                &["138 0013 8000"],
                &["bob@acme.com"],
            ),
        ),
        (
            "add Bob Ma, bob@acme.com, +86 138-0013-8000, Acme Corp",
            add(
                bob,
                None,
                Some("Acme Corp"),
                &["+86 138-0013-8000"],
                &["bob@acme.com"],
            ),
        ),
        (
            "add Bob Ma, 13800138000",
            add(bob, None, None, &["13800138000"], &[]),
        ),
        (
            "add Bob Ma (CTO), Acme, bob@acme.com, b.ma@gmail.com",
            add(
                bob,
                Some("CTO"),
                Some("Acme"),
                &[],
                &["bob@acme.com", "b.ma@gmail.com"],
            ),
        ),
        (
            "add 王芳（采购经理），华信科技，138 0013 8000 转 12",
            add(
                "王芳",
                Some("采购经理"),
                Some("华信科技"),
                &["138 0013 8000 转 12"],
                &[],
            ),
        ),
        (
            "add Ann Lee ( VP  Sales ), (010) 6552-1234 x5",
            add(
                "Ann Lee",
                Some("VP Sales"),
                None,
                &["(010) 6552-1234 x5"],
                &[],
            ),
        ),
        // A company with digits and letters is a company; empty parts are skipped.
        (
            "add Bob, 3M China,, ",
            add("Bob", None, Some("3M China"), &[], &[]),
        ),
    ];
    for (line, want) in cases {
        assert_eq!(parse(line, now()), Ok(want), "{line}");
    }
}

#[test]
fn add_errors_point_at_the_part_that_is_ambiguous() {
    let cases: &[(&str, &str, &str)] = &[
        // A company written with a comma: the second part cannot be placed.
        (
            "add Bob, Acme, Inc.",
            "\"Inc.\" is neither a phone nor an email, and the company is \"Acme\" already",
            "Inc.",
        ),
        (
            "add Bob, Acme, bob@acme",
            "\"bob@acme\" is not a valid email",
            "bob@acme",
        ),
        (
            "add Bob, Acme, 1234",
            "\"1234\" is not a valid phone number",
            "1234",
        ),
        ("add Bob (CTO, Acme", "\"(\" is not closed", "(CTO"),
        ("add Bob (), Acme", "the parentheses are empty", "()"),
        (
            "add Bob (CTO) Ma, Acme",
            "the title in parentheses ends the name",
            "Ma",
        ),
        ("add Bob CTO), Acme", "\")\" without \"(\"", ")"),
        ("add , Acme", "missing name after \"add\"", ""),
        ("add (CTO), Acme", "missing name after \"add\"", ""),
    ];
    for (line, message, under) in cases {
        let err = parse(line, now()).expect_err(line);
        assert!(
            err.message.starts_with(message),
            "{line}: {} (wanted {message})",
            err.message
        );
        assert_eq!(
            &line[err.span.clone()],
            *under,
            "{line}: span {:?}",
            err.span
        );
    }
}

#[test]
fn order_lines_read_amount_payment_invoice_items_and_a_past_date() {
    use crate::domain::PaymentMethod;
    let Ok(Command::Order {
        customer,
        amount,
        currency,
        payment,
        invoice,
        items,
        at,
    }) = parse(
        "订单 华信: 12,000 USD 微信支付 发票号04400180 打印纸 20箱 @fri",
        now(),
    )
    else {
        panic!("an order");
    };
    assert_eq!(customer.text, "华信");
    assert_eq!((amount, currency.as_deref()), (1_200_000, Some("USD")));
    assert_eq!(payment, Some(PaymentMethod::Wechat));
    assert_eq!(
        (invoice.as_str(), items.as_str()),
        ("04400180", "打印纸 20箱")
    );
    // Placed last Friday, not next: an order's date looks back.
    assert_eq!(
        at,
        NaiveDateTime::parse_from_str("2026-11-20 12:00", "%Y-%m-%d %H:%M").ok()
    );
    let Ok(Command::Order {
        payment,
        items,
        invoice,
        ..
    }) = parse("order acme: ¥5 items cash register invoice 7", now())
    else {
        panic!("an order");
    };
    assert_eq!(
        (payment, items.as_str(), invoice.as_str()),
        (None, "cash register", "7")
    );
    // The first word after ':' is the amount, always: say what was bought after it.
    let Ok(Command::Order { amount, items, .. }) = parse("order acme: 50 seats", now()) else {
        panic!("an order");
    };
    assert_eq!((amount, items.as_str()), (5_000, "seats"));
    let e = parse("order acme: seats 50", now()).expect_err("no amount first");
    assert_eq!(e.span, 12..17);
}
