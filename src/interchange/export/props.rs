//! Property tests: generated records survive JSONL, JSON, CSV and a store.

use super::fixtures::now;
use super::*;
use crate::domain::{
    Campaign, Case, CaseId, CaseKind, CaseStatus, Channel, Customer, CustomerId, Deal, DealId,
    DealStatus, DealStep, Due, Interaction, InteractionId, InteractionKind, Order, OrderId,
    Outcome, PaymentMethod, Priority, RecurFrom, RecurUnit, Recurrence, Snooze, Stage, Task,
    TaskId, TaskStatus, validate,
};
use crate::store::Store;
use chrono::{DateTime, FixedOffset, NaiveDate};
use proptest::collection::{btree_map, vec};
use proptest::option;
use proptest::prelude::*;
use proptest::sample::{Index, select};

/// Never a leading `'` (also after trimming): the CSV formula escape adds
/// one, and undoing it could not tell a `'=` the user typed from one the
/// escape wrote.
fn unambiguous(s: &str) -> bool {
    !s.trim_start().starts_with('\'')
}

/// Free text as people and imported sheets write it: ASCII and CJK,
/// quotes, commas, semicolons, backslashes, line breaks, tabs, emoji, and
/// the prefixes a spreadsheet takes for a formula.
pub(crate) fn odd_text() -> impl Strategy<Value = String> {
    let prefix = select(vec![
        "",
        "",
        "",
        "=",
        "+",
        "-",
        "@",
        "\t",
        "\r",
        " ",
        "=HYPERLINK(\"x\")",
    ]);
    let body = "[a-zA-Z0-9 张伟王芳李娜欧阳客户报价，；,;:\"'\\\\\n\r\t=+@#·—😀]{0,16}";
    (prefix, body)
        .prop_map(|(prefix, body)| format!("{prefix}{body}"))
        .prop_filter("no leading '", |s| unambiguous(s))
}

/// Trimmed and not empty, as summaries and task titles are stored.
fn required_text() -> impl Strategy<Value = String> {
    odd_text().prop_filter_map("not blank", |s| {
        let s = s.trim();
        (!s.is_empty()).then(|| s.to_string())
    })
}

pub(crate) fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Z][a-z]{1,7}( [A-Z][a-z]{1,9}){0,2}",
        "(欧阳|司马|[张王李赵刘陈])[伟芳娜明小秀英]{1,2}",
        odd_text(),
    ]
    .prop_filter_map("a valid name", |s| validate::name(&s).ok())
}

pub(crate) fn emails() -> impl Strategy<Value = Vec<String>> {
    let email = prop_oneof![
        "[a-z][a-z0-9_]{0,7}(\\.[a-z0-9]{1,4})?(\\+crm)?@[a-z]{1,8}\\.(com|cn|com\\.cn)",
        "[张王李]{1,2}@例子\\.中国",
    ];
    vec(email, 0..3).prop_filter_map("valid emails", |v| validate::emails(&v).ok())
}

pub(crate) fn phones() -> impl Strategy<Value = Vec<String>> {
    let phone = prop_oneof![
        "\\+86 1[3-9][0-9] [0-9]{4} [0-9]{4}",
        "0571-[0-9]{4} [0-9]{4}",
        "\\+1 \\(415\\) 555-[0-9]{4}( x[0-9]{1,3})?",
        "1[3-9][0-9]{9}",
    ];
    vec(phone, 0..3).prop_filter_map("valid phones", |v| validate::phones(&v).ok())
}

pub(crate) fn tags() -> impl Strategy<Value = Vec<String>> {
    vec("[a-z张重点vip=@\"']{1,6}", 0..4)
        .prop_filter_map("valid tags", |v| validate::tags(&v).ok())
        .prop_filter("no leading '", |v| v.first().is_none_or(|t| unambiguous(t)))
}

pub(crate) fn custom() -> impl Strategy<Value = std::collections::BTreeMap<String, String>> {
    let key = prop_oneof!["[a-z_]{1,8}", "[微信地区]{1,3}", required_text()];
    btree_map(key, odd_text(), 0..3)
}

pub(crate) fn moment() -> impl Strategy<Value = DateTime<FixedOffset>> {
    let offsets = vec![
        8 * 3600,
        -7 * 3600,
        0,
        5 * 3600 + 45 * 60,
        -(3 * 3600 + 30 * 60),
    ];
    (
        1_600_000_000i64..1_900_000_000,
        select(vec![0u32, 250_000_000, 123_456_789]),
        select(offsets),
    )
        .prop_filter_map("a representable time", |(secs, nanos, offset)| {
            let offset = FixedOffset::east_opt(offset)?;
            DateTime::from_timestamp(secs, nanos).map(|t| t.with_timezone(&offset))
        })
}

/// A due date or a due minute (the format keeps minutes, as the palette does).
fn due() -> impl Strategy<Value = Due> {
    let day = (738_000i32..740_000).prop_filter_map("a date", NaiveDate::from_num_days_from_ce_opt);
    prop_oneof![
        day.clone().prop_map(Due::Date),
        (day, 0u32..24, 0u32..60).prop_filter_map("a time", |(d, h, m)| {
            d.and_hms_opt(h, m, 0).map(Due::At)
        }),
    ]
}

pub(crate) fn customer() -> impl Strategy<Value = Customer> {
    let who = (
        name(),
        odd_text(),
        odd_text(),
        emails(),
        phones(),
        odd_text(),
        tags(),
    );
    let rest = (
        select(Stage::ALL.to_vec()),
        odd_text(),
        odd_text(),
        odd_text(),
        option::of(1u32..400),
        option::of(select(vec!["Asia/Shanghai", "America/New_York"])),
        custom(),
        odd_text(),
    );
    let times = (moment(), moment(), option::of(moment()));
    (who, rest, times).prop_map(|(who, rest, times)| {
        let (name, company, title, emails, phones, industry, tags) = who;
        let (stage, source, owner, address, cadence, timezone, custom, notes) = rest;
        let (created_at, updated_at, last_contact_at) = times;
        Customer {
            id: CustomerId(0),
            name,
            company,
            title,
            emails,
            phones,
            industry,
            tags,
            stage,
            source,
            owner,
            address,
            cadence,
            timezone: timezone.map(String::from),
            custom,
            notes,
            created_at,
            updated_at,
            last_contact_at,
            campaign: String::new(),
            stage_changes: Vec::new(),
        }
    })
}

/// An interaction and which customer it belongs to.
fn interaction() -> impl Strategy<Value = (Index, Interaction)> {
    (
        any::<Index>(),
        select(InteractionKind::ALL.to_vec()),
        moment(),
        required_text(),
        odd_text(),
        option::of(select(Outcome::ALL.to_vec())),
        "[a-z]{0,6}",
    )
        .prop_map(|(customer, kind, at, summary, feedback, outcome, author)| {
            let interaction = Interaction {
                id: InteractionId(0),
                customer: CustomerId(0),
                kind,
                at,
                summary,
                feedback,
                outcome,
                author,
                task: None,
            };
            (customer, interaction)
        })
}

fn snooze() -> impl Strategy<Value = Snooze> {
    (moment(), option::of(due()), due()).prop_map(|(at, from, to)| Snooze { at, from, to })
}

fn recurrence() -> impl Strategy<Value = Recurrence> {
    (
        1u32..13,
        select(vec![RecurUnit::Days, RecurUnit::Weeks, RecurUnit::Months]),
        select(vec![RecurFrom::Due, RecurFrom::Completion]),
    )
        .prop_map(|(every, unit, from)| Recurrence { every, unit, from })
}

/// A task, and which customer and interaction (if any) it comes from.
fn task() -> impl Strategy<Value = (Option<Index>, Option<Index>, Task)> {
    let links = (option::of(any::<Index>()), option::of(any::<Index>()));
    let fields = (
        required_text(),
        option::of(due()),
        select(vec![Priority::Low, Priority::Normal, Priority::High]),
        select(vec![
            TaskStatus::Open,
            TaskStatus::Done,
            TaskStatus::Cancelled,
        ]),
        moment(),
        vec(snooze(), 0..3),
        option::of(recurrence()),
        moment(),
    );
    (links, fields).prop_map(|((customer, origin), fields)| {
        let (title, due, priority, status, closed_at, snoozes, recurrence, created_at) = fields;
        let task = Task {
            id: TaskId(0),
            customer: None,
            title,
            due,
            priority,
            status,
            // Only a closed task has a completion time.
            done_at: (status != TaskStatus::Open).then_some(closed_at),
            snoozes,
            recurrence,
            origin: None,
            created_at,
        };
        (customer, origin, task)
    })
}

fn day() -> impl Strategy<Value = NaiveDate> {
    (738_000i32..740_000).prop_filter_map("a date", NaiveDate::from_num_days_from_ce_opt)
}

/// A deal (open, won or lost, with its history) and which customer it is for.
fn deal() -> impl Strategy<Value = (Index, Deal)> {
    let stages = || select(vec!["qualify", "proposal", "commit", "won", "lost"]);
    let fields = (
        required_text(),
        0i64..10_000_000_000,
        select(vec!["CNY", "USD", "EUR"]),
        select(vec!["qualify", "discovery", "negotiation"]),
        0u8..=100,
        option::of(day()),
        select(vec![DealStatus::Open, DealStatus::Won, DealStatus::Lost]),
        odd_text(),
        odd_text(),
        moment(),
        moment(),
        vec((moment(), stages()), 0..4),
    );
    (any::<Index>(), fields).prop_map(|(customer, fields)| {
        let (
            title,
            amount,
            currency,
            stage,
            probability,
            close,
            status,
            reason,
            owner,
            created,
            closed,
            steps,
        ) = fields;
        let deal = Deal {
            id: DealId(0),
            customer: CustomerId(0),
            title,
            amount,
            currency: currency.into(),
            stage: stage.into(),
            probability,
            expected_close: close,
            status,
            reason,
            owner,
            created_at: created,
            closed_at: (status != DealStatus::Open).then_some(closed),
            history: steps
                .into_iter()
                .map(|(at, stage)| DealStep {
                    at,
                    stage: stage.into(),
                })
                .collect(),
        };
        (customer, deal)
    })
}

/// A case in any state and which customer it is for.
fn case() -> impl Strategy<Value = (Index, Case)> {
    let fields = (
        select(vec![CaseKind::Request, CaseKind::Complaint]),
        required_text(),
        select(vec![
            CaseStatus::Open,
            CaseStatus::InProgress,
            CaseStatus::Resolved,
        ]),
        select(vec![Priority::Low, Priority::Normal, Priority::High]),
        odd_text(),
        moment(),
        option::of(moment()),
        moment(),
        odd_text(),
    );
    (any::<Index>(), fields).prop_map(|(customer, fields)| {
        let (kind, title, status, priority, owner, opened, response, resolved, resolution) = fields;
        let case = Case {
            id: CaseId(0),
            customer: CustomerId(0),
            kind,
            title,
            status,
            priority,
            owner,
            opened_at: opened,
            first_response_at: response,
            resolved_at: (status == CaseStatus::Resolved).then_some(resolved),
            resolution,
        };
        (customer, case)
    })
}

/// An order: its customer, and the deal it came from (if any deal).
fn order() -> impl Strategy<Value = (Index, Option<Index>, Order)> {
    let fields = (
        moment(),
        1i64..1_000_000_000,
        select(vec!["CNY", "USD"]),
        odd_text(),
        option::of(select(PaymentMethod::ALL.to_vec())),
        odd_text(),
        odd_text(),
        moment(),
    );
    (any::<Index>(), option::of(any::<Index>()), fields).prop_map(|(customer, deal, fields)| {
        let (at, amount, currency, items, payment, invoice, owner, created) = fields;
        let order = Order {
            id: OrderId(0),
            customer: CustomerId(0),
            at,
            amount,
            currency: currency.to_string(),
            items,
            payment,
            invoice,
            deal: None,
            owner,
            created_at: created,
        };
        (customer, deal, order)
    })
}

/// A campaign as the store keeps it (validated: trimmed name and source).
fn campaign() -> impl Strategy<Value = Campaign> {
    (
        name(),
        0i64..1_000_000_000,
        select(vec!["CNY", "USD"]),
        odd_text(),
        option::of(day()),
        option::of(day()),
    )
        .prop_filter_map(
            "a valid campaign",
            |(name, cost, currency, source, started, ended)| {
                Campaign {
                    name,
                    cost,
                    currency: currency.into(),
                    source,
                    started,
                    ended,
                }
                .validate()
                .ok()
            },
        )
}

/// Records with ids in ascending order (with gaps, as deletions leave) and
/// links that point at records that exist: interaction → customer, task →
/// customer, task ↔ the interaction that created it.
fn bundle() -> impl Strategy<Value = Bundle> {
    (
        vec(customer(), 1..5),
        vec(interaction(), 0..6),
        vec(task(), 0..6),
        vec(1u64..4, 20),
        vec(deal(), 0..4),
        vec(case(), 0..4),
        vec(order(), 0..4),
        vec(campaign(), 0..3),
    )
        .prop_map(
            |(mut customers, interactions, tasks, gaps, deals, cases, orders, campaigns)| {
                let mut gaps = gaps.into_iter().cycle();
                let mut next_id = |last: &mut u64| {
                    *last += gaps.next().unwrap_or(1);
                    *last
                };
                let mut last = 0;
                for c in &mut customers {
                    c.id = CustomerId(next_id(&mut last));
                }
                let mut last = 0;
                let mut interactions: Vec<Interaction> = interactions
                    .into_iter()
                    .map(|(customer, mut i)| {
                        i.id = InteractionId(next_id(&mut last));
                        i.customer = customer.get(&customers).id;
                        i
                    })
                    .collect();
                let mut last = 0;
                let tasks = tasks
                    .into_iter()
                    .map(|(customer, origin, mut t)| {
                        t.id = TaskId(next_id(&mut last));
                        t.customer = customer.map(|c| c.get(&customers).id);
                        if let Some(origin) = origin
                            && !interactions.is_empty()
                        {
                            let i = origin.get_mut(&mut interactions);
                            if i.task.is_none() {
                                i.task = Some(t.id);
                                t.origin = Some(i.id);
                            }
                        }
                        t
                    })
                    .collect();
                let mut last = 0;
                let deals: Vec<Deal> = deals
                    .into_iter()
                    .map(|(customer, mut d)| {
                        d.id = DealId(next_id(&mut last));
                        d.customer = customer.get(&customers).id;
                        d
                    })
                    .collect();
                let mut last = 0;
                let cases = cases
                    .into_iter()
                    .map(|(customer, mut c)| {
                        c.id = CaseId(next_id(&mut last));
                        c.customer = customer.get(&customers).id;
                        c
                    })
                    .collect();
                let mut last = 0;
                let orders = orders
                    .into_iter()
                    .map(|(customer, deal, mut o): (Index, Option<Index>, Order)| {
                        o.id = OrderId(next_id(&mut last));
                        o.customer = customer.get(&customers).id;
                        o.deal = deal.filter(|_| !deals.is_empty()).map(|d| d.get(&deals).id);
                        o
                    })
                    .collect();
                // The store keys campaigns by folded name: one per key, in key order.
                let campaigns: std::collections::BTreeMap<String, Campaign> = campaigns
                    .into_iter()
                    .map(|c| (Campaign::key(&c.name), c))
                    .collect();
                Bundle {
                    customers,
                    interactions,
                    tasks,
                    deals,
                    cases,
                    orders,
                    campaigns: campaigns.into_values().collect(),
                }
            },
        )
}

fn jsonl(b: &Bundle) -> Vec<u8> {
    let mut buf = Vec::new();
    write_bundle_jsonl(&mut buf, now(), b).expect("writes to memory");
    buf
}

fn json(b: &Bundle) -> Vec<u8> {
    let mut buf = Vec::new();
    write_bundle_json(&mut buf, now(), b).expect("writes to memory");
    buf
}

fn utf8(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).expect("exports are UTF-8")
}

/// A CSV cell as it was before [`escape_formula`].
fn unescape_formula(cell: &str) -> &str {
    crate::interchange::mapping::unguard(cell)
}

/// The JSONL export of a whole store, through the streaming writers.
fn export_store(store: &Store) -> Vec<u8> {
    let mut buf = Vec::new();
    store
        .read(|r| stream_jsonl::<_, anyhow::Error>(&mut buf, now(), r))
        .expect("exports");
    buf
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn jsonl_gives_back_the_records(b in bundle()) {
        let bytes = jsonl(&b);
        let back = read_jsonl(utf8(&bytes)).expect("reads its own export");
        prop_assert_eq!(&back, &b);
        prop_assert_eq!(
            bytes.iter().filter(|&&byte| byte == b'\n').count(),
            1 + b.customers.len() + b.interactions.len() + b.tasks.len()
                + b.deals.len() + b.cases.len() + b.orders.len() + b.campaigns.len(),
            "one line per record: newlines in text are escaped"
        );
    }

    #[test]
    fn json_gives_back_the_records(b in bundle()) {
        let bytes = json(&b);
        let back = read_json(utf8(&bytes)).expect("reads its own export");
        prop_assert_eq!(&back, &b);
        // One writer, two shapes: the streaming JSON writer agrees too.
        let mut streamed = Vec::new();
        let mut w = JsonWriter::new(&mut streamed, now()).expect("writes");
        for c in &b.customers {
            w.customer(c).expect("writes");
        }
        for t in &b.tasks {
            // Skipping a kind leaves its array empty.
            w.task(t).expect("writes");
        }
        w.finish().expect("writes");
        let partial = read_json(utf8(&streamed)).expect("reads");
        prop_assert_eq!(&partial.customers, &b.customers);
        prop_assert!(partial.interactions.is_empty());
        prop_assert_eq!(&partial.tasks, &b.tasks);
    }

    #[test]
    fn csv_cells_read_back(b in bundle(), excel in any::<bool>()) {
        let mut bytes = Vec::new();
        write_csv(&mut bytes, &b.customers, excel).expect("writes to memory");
        let text = utf8(&bytes);
        let body = if excel {
            text.strip_prefix('\u{feff}').expect("a BOM for Excel")
        } else {
            text
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(body.as_bytes());
        let rows: Vec<csv::StringRecord> = reader
            .records()
            .collect::<Result<_, _>>()
            .expect("valid CSV");
        let keys = csv_custom_keys(&b.customers);
        let header: Vec<&str> = rows[0].iter().map(unescape_formula).collect();
        let expected: Vec<String> = CSV_FIXED_COLUMNS
            .iter()
            .map(|c| c.to_string())
            .chain(keys.iter().map(|k| custom_column(k).into_owned()))
            .chain(["notes".to_string()])
            .collect();
        prop_assert_eq!(header, expected);
        prop_assert_eq!(rows.len(), 1 + b.customers.len());
        for (row, c) in rows[1..].iter().zip(&b.customers) {
            let cells: Vec<&str> = row.iter().map(unescape_formula).collect();
            let time = |t: &DateTime<FixedOffset>| t.to_rfc3339();
            let mut want = vec![
                c.id.0.to_string(),
                c.name.clone(),
                c.company.clone(),
                c.title.clone(),
                c.emails.join("; "),
                c.phones.join("; "),
                c.industry.clone(),
                c.tags.join("; "),
                c.stage.as_str().to_string(),
                c.source.clone(),
                c.owner.clone(),
                c.address.clone(),
                c.cadence.map(|d| d.to_string()).unwrap_or_default(),
                c.last_contact_at.as_ref().map(time).unwrap_or_default(),
                time(&c.created_at),
            ];
            want.extend(keys.iter().map(|k| c.custom.get(k).cloned().unwrap_or_default()));
            want.push(c.notes.clone());
            prop_assert_eq!(cells, want);
            // Nothing a spreadsheet would evaluate is left unescaped.
            for cell in row.iter() {
                prop_assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{:?}", cell);
            }
        }
    }
}

proptest! {
    // Each case writes two databases: fewer cases, still a few seconds.
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn store_export_restore_export_is_byte_identical(b in bundle()) {
        let dir = tempfile::tempdir().expect("tempdir");
        let first_store = Store::new(dir.path().join("first.redb"), Channel::Import);
        first_store
            .write(now(), |w| {
                w.restore(&b)
            })
            .expect("restores the generated records");
        let first = export_store(&first_store);
        prop_assert_eq!(
            &read_jsonl(utf8(&first)).expect("reads back"),
            &b,
            "the store keeps every field"
        );

        let second_store = Store::new(dir.path().join("second.redb"), Channel::Import);
        let report = crate::exec::import::restore(&second_store, &first, false, now())
            .expect("restores the export");
        prop_assert_eq!(report.created, b.customers.len());
        let second = export_store(&second_store);
        prop_assert_eq!(utf8(&second), utf8(&first));
    }
}

/// What a TEXT value is after a trip through a vCard: line breaks are one
/// `\n` (a content line cannot hold a bare CR), a tab is a space and other
/// control characters are gone ([`super::fold::escape_text`]), and readers
/// trim the ends.
fn through_vcard(s: &str) -> String {
    let s = s
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\t', " ");
    let s: String = s
        .chars()
        .filter(|&c| c == '\n' || !c.is_control())
        .collect();
    s.trim().to_string()
}

fn vcard_text(customers: &[Customer], database: Option<u64>) -> String {
    let mut buf = Vec::new();
    write_vcard_of(&mut buf, database, customers).expect("writes to memory");
    String::from_utf8(buf).expect("exports are UTF-8")
}

/// Every text value of the first `prop` of a calcard card (a structured
/// value's components, or a list's items).
fn oracle_values(
    card: &calcard::vcard::VCard,
    prop: &calcard::vcard::VCardProperty,
) -> Vec<Vec<String>> {
    use calcard::vcard::VCardValue;
    card.properties(prop)
        .map(|entry| {
            entry
                .values
                .iter()
                .flat_map(|v| match v {
                    VCardValue::Component(parts) => parts.clone(),
                    other => vec![other.as_text().unwrap_or_default().to_string()],
                })
                .collect()
        })
        .collect()
}

/// The cards an independent parser (calcard) finds in `text`.
fn oracle_cards(text: &str) -> Vec<calcard::vcard::VCard> {
    use calcard::{Entry, Parser};
    let mut parser = Parser::new(text);
    let mut cards = Vec::new();
    loop {
        match parser.entry() {
            Entry::VCard(card) => cards.push(card),
            Entry::Eof => return cards,
            other => panic!("calcard refused the export: {other:?}\n{text}"),
        }
    }
}

/// The calcard oracle agrees with what rolo meant to write, card by card.
fn assert_oracle_reads(customers: &[Customer], database: Option<u64>) -> Result<(), TestCaseError> {
    use calcard::vcard::VCardProperty as P;
    let text = vcard_text(customers, database);
    let cards = oracle_cards(&text);
    prop_assert_eq!(cards.len(), customers.len());
    for (card, c) in cards.iter().zip(customers) {
        let one =
            |prop: &P| -> Vec<String> { oracle_values(card, prop).into_iter().flatten().collect() };
        let each = |prop: &P| -> Vec<String> {
            oracle_values(card, prop)
                .into_iter()
                .map(|v| v.concat())
                .collect()
        };
        let uid = card_uid(database, c.id);
        prop_assert_eq!(card.uid(), Some(uid.as_str()));
        prop_assert_eq!(one(&P::Fn), vec![c.name.clone()]);
        let n = name_parts(&c.name);
        let mut want_n = vec![n.family, n.given, n.additional, n.prefix, n.suffix];
        let mut got_n = one(&P::N);
        // A reader may drop trailing empty components.
        while want_n.last().is_some_and(String::is_empty) {
            want_n.pop();
        }
        while got_n.last().is_some_and(String::is_empty) {
            got_n.pop();
        }
        prop_assert_eq!(got_n, want_n, "N of {:?}", c.name);
        prop_assert_eq!(each(&P::Email), c.emails.clone());
        prop_assert_eq!(each(&P::Tel), c.phones.clone());
        prop_assert_eq!(one(&P::Categories), c.tags.clone());
        let notes: Vec<String> = each(&P::Note).iter().map(|n| through_vcard(n)).collect();
        let want_notes: Vec<String> = Some(through_vcard(&c.notes))
            .filter(|_| !c.notes.is_empty())
            .into_iter()
            .collect();
        prop_assert_eq!(notes, want_notes);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Issue 13: an independent parser reads every exported card, and
    /// finds the UID, N, FN, EMAIL, TEL, CATEGORIES and NOTE rolo wrote.
    #[test]
    fn an_independent_parser_reads_the_vcards(
        customers in vec(customer(), 1..5),
        database in option::of(any::<u64>()),
    ) {
        let customers: Vec<Customer> = customers
            .into_iter()
            .enumerate()
            .map(|(i, mut c)| {
                c.id = CustomerId(i as u64 * 7 + 1);
                c
            })
            .collect();
        assert_oracle_reads(&customers, database)?;
    }

    /// Issue 13: vCard export → rolo's vCard reader gives back every field
    /// rolo has (text as [`through_vcard`] leaves it; the exporting id
    /// comes back as the custom field `x-rolo-id`).
    #[test]
    fn vcard_export_reads_back_into_the_same_customers(
        customers in vec(customer(), 1..5),
    ) {
        let text = vcard_text(&customers, Some(42));
        let cards = crate::interchange::vcard::read(&text).expect("a vCard file");
        prop_assert_eq!(cards.len(), customers.len());
        for (card, c) in cards.iter().zip(&customers) {
            let got = match &card.parsed {
                Ok(row) => &row.draft,
                Err(reasons) => {
                    return Err(TestCaseError::fail(format!("refused: {reasons:?}\n{}", card.raw)));
                }
            };
            prop_assert_eq!(&got.name, &c.name);
            prop_assert_eq!(&got.company, &through_vcard(&c.company));
            prop_assert_eq!(&got.title, &through_vcard(&c.title));
            prop_assert_eq!(&got.emails, &c.emails);
            prop_assert_eq!(&got.phones, &c.phones);
            prop_assert_eq!(&got.tags, &c.tags);
            prop_assert_eq!(got.stage, c.stage);
            prop_assert_eq!(&got.industry, &through_vcard(&c.industry));
            prop_assert_eq!(&got.source, &through_vcard(&c.source));
            prop_assert_eq!(&got.owner, &through_vcard(&c.owner));
            prop_assert_eq!(&got.address, &through_vcard(&c.address));
            prop_assert_eq!(got.cadence, c.cadence);
            prop_assert_eq!(&got.timezone, &c.timezone);
            prop_assert_eq!(&got.campaign, &through_vcard(&c.campaign));
            prop_assert_eq!(&got.notes, &through_vcard(&c.notes));
            let mut custom = got.custom.clone();
            prop_assert_eq!(custom.remove("x-rolo-id"), Some(c.id.0.to_string()));
            prop_assert_eq!(&custom, &c.custom);
        }
    }
}

/// RFC 6350 §6.7.1 / RFC 2426 §3.6.1: CATEGORIES is a list of TEXT, so a
/// comma inside a tag is `\,` (rolo's own tags cannot hold one, but a
/// store written by an older version or another tool might), and an
/// independent parser reads each tag whole.
#[test]
fn categories_escape_a_comma_inside_a_tag() {
    let mut c = super::fixtures::ann();
    c.tags = vec!["Trade Show, 2026".into(), "a;b\\c".into(), "VIP".into()];
    let text = vcard_text(std::slice::from_ref(&c), Some(1));
    assert!(
        text.contains("\r\nCATEGORIES:Trade Show\\, 2026,a\\;b\\\\c,VIP\r\n"),
        "{text}"
    );
    let cards = oracle_cards(&text);
    let tags: Vec<String> = oracle_values(&cards[0], &calcard::vcard::VCardProperty::Categories)
        .into_iter()
        .flatten()
        .collect();
    assert_eq!(tags, c.tags);
}
