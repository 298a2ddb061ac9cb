//! A model with the default keymap and a fixed clock, customer data in
//! English and Chinese, and a fake runtime that answers effects with the
//! same Msgs the real workers send — so tests need no store and no terminal.

use crate::config::keymap::{Key, Keymap};
use crate::config::theme::{ColorSupport, Theme};
use crate::domain::{
    Customer, CustomerId, Due, Interaction, InteractionId, InteractionKind, Outcome, Priority,
    Stage, Task, TaskId, TaskStatus,
};
use crate::review::{QuietRow, Review, Section, TaskRow};
use crate::search::SearchIndex;
use crate::tui::model::Model;
use crate::tui::msg::{Detail, Effect, Msg, Row, RowDetail};
use crate::tui::update::{parse_keys, update};
use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};
use unicode_width::UnicodeWidthStr;

/// 2026-11-22T09:00:00+08:00, a Sunday.
pub fn now() -> DateTime<FixedOffset> {
    at(2026, 11, 22, 9, 0)
}

/// A local (+08:00) moment.
pub fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<FixedOffset> {
    FixedOffset::east_opt(8 * 3600)
        .and_then(|tz| tz.with_ymd_and_hms(y, mo, d, h, mi, 0).single())
        .expect("a valid fixture time")
}

fn day(y: i32, mo: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, mo, d).expect("a valid fixture date")
}

/// The "default" preset, its commands checked by the palette as at start-up.
pub fn keymap() -> Keymap {
    preset("default")
}

/// A preset keymap, its commands checked as at start-up.
pub fn preset(name: &str) -> Keymap {
    Keymap::preset(name, &validate).unwrap_or_else(|e| panic!("the {name} keymap loads: {e}"))
}

/// A keymap file's text over the default preset, checked as at start-up.
pub fn user_keymap(text: &str) -> Keymap {
    Keymap::from_user_text(text, "keymap.toml", "default", &validate)
        .unwrap_or_else(|e| panic!("the test keymap loads: {e}"))
}

/// The check start-up makes of every bound command: the palette parses it.
fn validate(command: &str) -> Result<(), String> {
    crate::palette::parse(command, now().naive_local())
        .map(drop)
        .map_err(|e| e.message)
}

/// "dark" without colours: snapshots are plain text, modifiers remain.
pub fn theme() -> &'static Theme {
    static THEME: OnceLock<Theme> = OnceLock::new();
    THEME
        .get_or_init(|| Theme::preset("dark", ColorSupport::NoColor).expect("the dark theme loads"))
}

/// A fresh model, nothing loaded, 80×24.
pub fn empty_model() -> Model {
    Model::new(Arc::new(keymap()), now(), Vec::new())
}

// ---------------------------------------------------------------- data

/// Every customer's list row, in id order: English and Chinese names, two
/// 王伟 at different companies, one without a company.
pub fn rows() -> Vec<Row> {
    [
        (1, "Ann Lee", "Acme Corp", "ann@acme.com"),
        (2, "王芳", "华信科技", "wangfang@huaxin.cn"),
        (3, "张伟", "腾达电子", "zhangwei@tengda.cn"),
        (4, "李娜 Lina", "星辰贸易有限公司", "lina@xingchen.cn"),
        (5, "王伟", "远大建材", ""),
        (6, "王伟", "东方物流集团", "wangwei@dongfang.cn"),
        (7, "Bob Smith", "Globex", "bob@globex.com"),
        (8, "陈静", "", "chenjing@qq.com"),
    ]
    .into_iter()
    .map(|(id, name, company, email)| Row {
        id: CustomerId(id),
        name: name.into(),
        company: company.into(),
        email: email.into(),
    })
    .collect()
}

/// `n` extra customers after the fixture rows, for scrolling and paging.
pub fn many_rows(n: u64) -> Vec<Row> {
    let mut all = rows();
    let names = ["刘洋", "Carol Diaz", "赵磊", "Dan Wu", "孙丽", "Eve Park"];
    for i in 0..n {
        let id = 9 + i;
        all.push(Row {
            id: CustomerId(id),
            name: format!("{} {id}", names[(i as usize) % names.len()]),
            company: if i % 2 == 0 {
                format!("公司{id}")
            } else {
                format!("Firm {id}")
            },
            email: String::new(),
        });
    }
    all
}

/// Stage, tags and last contact for a row, as the store would return.
pub fn row_detail(id: CustomerId) -> RowDetail {
    let (stage, last) = match id.0 {
        1 => (Stage::Customer, Some(at(2026, 11, 19, 14, 30))),
        2 => (Stage::Prospect, Some(at(2026, 11, 10, 10, 0))),
        3 => (Stage::Lead, None),
        4 => (Stage::Loyal, Some(at(2026, 10, 8, 9, 0))),
        5 => (Stage::Customer, Some(at(2026, 11, 22, 8, 0))),
        6 => (Stage::Churned, Some(at(2026, 3, 1, 12, 0))),
        7 => (Stage::Prospect, Some(at(2026, 11, 1, 16, 0))),
        8 => (Stage::Lead, None),
        n => (Stage::ALL[(n % 5) as usize], Some(at(2026, 11, 1, 9, 0))),
    };
    RowDetail {
        stage,
        tags: if id.0 == 1 {
            vec!["vip".into()]
        } else {
            vec![]
        },
        last_contact: last,
    }
}

fn customer(row: &Row) -> Customer {
    let d = row_detail(row.id);
    Customer {
        id: row.id,
        name: row.name.clone(),
        company: row.company.clone(),
        title: String::new(),
        emails: if row.email.is_empty() {
            vec![]
        } else {
            vec![row.email.clone()]
        },
        phones: vec![],
        industry: String::new(),
        tags: d.tags,
        stage: d.stage,
        source: String::new(),
        owner: String::new(),
        address: String::new(),
        cadence: None,
        timezone: None,
        custom: BTreeMap::new(),
        notes: String::new(),
        created_at: at(2026, 1, 5, 10, 0),
        updated_at: at(2026, 11, 19, 14, 30),
        last_contact_at: d.last_contact,
        campaign: String::new(),
        stage_changes: Vec::new(),
    }
}

pub fn task(id: u64, customer: Option<u64>, title: &str, due: Option<Due>) -> Task {
    Task {
        id: TaskId(id),
        customer: customer.map(CustomerId),
        title: title.into(),
        due,
        priority: if id == 11 {
            Priority::High
        } else {
            Priority::Normal
        },
        status: TaskStatus::Open,
        done_at: None,
        snoozes: vec![],
        recurrence: None,
        origin: None,
        created_at: at(2026, 11, 1, 9, 0),
    }
}

fn interaction(
    id: u64,
    customer: u64,
    kind: InteractionKind,
    when: DateTime<FixedOffset>,
    summary: &str,
) -> Interaction {
    Interaction {
        id: InteractionId(id),
        customer: CustomerId(customer),
        kind,
        at: when,
        summary: summary.into(),
        feedback: String::new(),
        outcome: None,
        author: "me".into(),
        task: None,
    }
}

/// The selected customer's card, timeline (newest first) and tasks:
/// rich for Ann Lee (#1) and 王伟 (#5), a bare card for everyone else.
pub fn detail(id: CustomerId) -> Detail {
    let row = rows()
        .into_iter()
        .chain(many_rows(200).into_iter().skip(8))
        .find(|r| r.id == id)
        .unwrap_or_else(|| Row {
            id,
            name: format!("Customer {id}"),
            company: String::new(),
            email: String::new(),
        });
    let mut c = customer(&row);
    let (timeline, tasks) = match id.0 {
        1 => {
            c.title = "CTO".into();
            c.phones = vec!["+1 555 0100".into()];
            c.tags = vec!["vip".into(), "q4".into()];
            c.cadence = Some(14);
            c.owner = "me".into();
            let mut first = interaction(
                104,
                1,
                InteractionKind::Call,
                at(2026, 11, 19, 14, 30),
                "discussed Q4 renewal",
            );
            first.outcome = Some(Outcome::Reached);
            first.feedback = "wants 10% off".into();
            first.task = Some(TaskId(11));
            let mut missed =
                interaction(101, 1, InteractionKind::Call, at(2026, 10, 28, 9, 15), "");
            missed.outcome = Some(Outcome::NoAnswer);
            (
                vec![
                    first,
                    interaction(
                        103,
                        1,
                        InteractionKind::Email,
                        at(2026, 11, 12, 10, 0),
                        "sent the brochure and price list",
                    ),
                    interaction(
                        102,
                        1,
                        InteractionKind::Meeting,
                        at(2026, 11, 5, 16, 0),
                        "kickoff at 华信 office 会议室",
                    ),
                    missed,
                ],
                vec![task(
                    11,
                    Some(1),
                    "send quote",
                    Some(Due::Date(day(2026, 11, 20))),
                )],
            )
        }
        5 => {
            c.title = "采购经理".into();
            c.phones = vec!["138 0013 8000".into()];
            c.tags = vec!["重点".into()];
            c.cadence = Some(30);
            let mut call = interaction(
                202,
                5,
                InteractionKind::Call,
                at(2026, 11, 22, 8, 0),
                "电话沟通报价",
            );
            call.outcome = Some(Outcome::Reached);
            call.feedback = "希望下周见面".into();
            call.task = Some(TaskId(15));
            (
                vec![
                    call,
                    interaction(
                        201,
                        5,
                        InteractionKind::Message,
                        at(2026, 11, 15, 20, 5),
                        "微信发送了产品目录",
                    ),
                ],
                vec![task(
                    15,
                    Some(5),
                    "季度回顾",
                    Some(Due::At(day(2026, 11, 27).and_hms_opt(10, 0, 0).unwrap())),
                )],
            )
        }
        _ => (vec![], vec![]),
    };
    Detail {
        phones: c
            .phones
            .iter()
            .map(|p| crate::domain::phone::Forms::of(p))
            .collect(),
        customer: c,
        timeline,
        tasks,
    }
}

/// Everyone's open tasks, soonest first: overdue, today, upcoming.
pub fn tasks() -> Vec<TaskRow> {
    let name = |id: u64| rows().into_iter().find(|r| r.id.0 == id).map(|r| r.name);
    let timed = |d: u32, h: u32| Some(Due::At(day(2026, 11, d).and_hms_opt(h, 0, 0).unwrap()));
    [
        task(
            11,
            Some(1),
            "send quote",
            Some(Due::Date(day(2026, 11, 20))),
        ),
        task(12, Some(2), "回访王芳", timed(22, 15)),
        task(13, Some(3), "寄送样品", Some(Due::Date(day(2026, 11, 22)))),
        task(16, None, "renew domain", Some(Due::Date(day(2026, 11, 24)))),
        task(
            14,
            Some(7),
            "prepare contract",
            Some(Due::Date(day(2026, 11, 25))),
        ),
        task(15, Some(5), "季度回顾", timed(27, 10)),
    ]
    .into_iter()
    .map(|t| TaskRow {
        customer_name: t.customer.and_then(|c| name(c.0)),
        task: t,
    })
    .collect()
}

/// The morning review over `tasks()`, with one more upcoming task than shown
/// and two customers gone quiet.
pub fn review() -> Review {
    let all = tasks();
    let section = |ids: &[u64], total: u64| Section {
        total,
        rows: all
            .iter()
            .filter(|r| ids.contains(&r.task.id.0))
            .cloned()
            .collect(),
    };
    Review {
        overdue: section(&[11], 1),
        today: section(&[12, 13], 2),
        upcoming: section(&[16, 14, 15], 4),
        quiet: Section {
            total: 2,
            rows: vec![
                QuietRow {
                    id: CustomerId(8),
                    name: "陈静".into(),
                    company: String::new(),
                    cadence: Some(30),
                    days_since_contact: None,
                },
                QuietRow {
                    id: CustomerId(4),
                    name: "李娜 Lina".into(),
                    company: "星辰贸易有限公司".into(),
                    cadence: Some(30),
                    days_since_contact: Some(45),
                },
            ],
        },
        cases: Section::default(),
        as_of: now(),
    }
}

// ---------------------------------------------------------------- driving

/// Feed space-separated key names ("g g x") as `Msg::Key`, collecting effects.
pub fn press(model: &mut Model, keys: &str) -> Vec<Effect> {
    let keys = parse_keys(keys).unwrap_or_else(|e| panic!("bad key string {keys:?}: {e}"));
    keys.into_iter()
        .flat_map(|k| update(model, Msg::Key(k)))
        .collect()
}

/// Type text: every char, spaces included, as a key.
pub fn typed(model: &mut Model, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| update(model, Msg::Key(Key::char(c))))
        .collect()
}

/// Feed messages in order, collecting effects.
pub fn feed(model: &mut Model, msgs: impl IntoIterator<Item = Msg>) -> Vec<Effect> {
    msgs.into_iter().flat_map(|m| update(model, m)).collect()
}

/// A model after start-up with the fixture data, messages in the order
/// the runtime sends them: names, search ready, row details, the first
/// customer's detail, the task queue, the review.
pub fn loaded() -> Model {
    loaded_with(rows())
}

pub fn loaded_with(rows: Vec<Row>) -> Model {
    let mut model = empty_model();
    let ids: Vec<CustomerId> = rows.iter().map(|r| r.id).collect();
    let effects = feed(&mut model, [Msg::NamesLoaded(rows), Msg::SearchReady]);
    let first = effects.iter().find_map(|e| match e {
        Effect::LoadDetail(id) => Some(*id),
        _ => None,
    });
    feed(
        &mut model,
        [
            Msg::RowDetails(ids.into_iter().map(|id| (id, row_detail(id))).collect()),
            Msg::DetailLoaded(Box::new(detail(first.expect("a first customer to load")))),
            Msg::TasksLoaded(tasks()),
            Msg::ReviewLoaded {
                review: Box::new(review()),
                done_today: 2,
            },
            Msg::DatabaseIdentified(database()),
        ],
    );
    model
}

/// The database the fixture app has open, as the runtime names it.
pub fn database() -> crate::tui::form::DatabaseIdentity {
    crate::tui::form::DatabaseIdentity {
        path: "/home/ann/.local/share/rolo/rolo.redb".into(),
        id: Some(0x5eed),
    }
}

/// The fixture store and search index, answering effects like the runtime's
/// workers do.
pub struct FakeRuntime {
    pub rows: Vec<Row>,
    index: SearchIndex,
}

impl FakeRuntime {
    pub fn new(rows: Vec<Row>) -> FakeRuntime {
        let mut index = SearchIndex::new();
        for r in &rows {
            index.push(r.id.0, &r.name, &r.company, &r.email);
        }
        FakeRuntime { rows, index }
    }

    /// The Msg a worker would send back for `effect`, if any.
    pub fn answer(&self, effect: &Effect) -> Option<Msg> {
        Some(match effect {
            Effect::LoadNames => Msg::NamesLoaded(self.rows.clone()),
            Effect::LoadRowDetails(ids) => {
                Msg::RowDetails(ids.iter().map(|&id| (id, row_detail(id))).collect())
            }
            Effect::LoadDetail(id) => Msg::DetailLoaded(Box::new(detail(*id))),
            Effect::LoadTasks(None) => Msg::TasksLoaded(tasks()),
            Effect::LoadTasks(Some(id)) => Msg::TasksLoaded(
                tasks()
                    .into_iter()
                    .filter(|r| r.task.customer == Some(*id))
                    .collect(),
            ),
            Effect::LoadReview => Msg::ReviewLoaded {
                review: Box::new(review()),
                done_today: 2,
            },
            Effect::Search { seq, query } => Msg::Searched {
                seq: *seq,
                hits: self.search(query),
                total: None,
            },
            _ => return None,
        })
    }

    pub fn search(&self, query: &str) -> Vec<crate::search::Hit> {
        let all: Vec<u32> = (0..self.index.len() as u32).collect();
        self.index.search_among(&all, query, 1000).0
    }

    /// Answer `effects` and whatever the answers lead to, until quiet.
    pub fn settle(&self, model: &mut Model, effects: Vec<Effect>) {
        let mut queue = effects;
        for _ in 0..20 {
            let msgs: Vec<Msg> = queue.iter().filter_map(|e| self.answer(e)).collect();
            if msgs.is_empty() {
                return;
            }
            queue = feed(model, msgs);
        }
        panic!("the fake runtime did not settle: {queue:?}");
    }
}

/// Answer `effects` like the runtime's workers over a real store — reads
/// by `read::answer`, every name, writes through the same executor as
/// `rolo do` (`runtime::write_now`) — and what the answers lead to,
/// until quiet. The terminal's effects (clipboard, bell, drafts) are
/// left out.
pub fn serve(
    store: &crate::store::Store,
    config: &crate::config::Config,
    model: &mut Model,
    effects: Vec<Effect>,
    now: DateTime<FixedOffset>,
) {
    use crate::tui::route::{Job, Route, route};
    let mut queue = effects;
    for _ in 0..10 {
        let msgs: Vec<Msg> = queue
            .drain(..)
            .filter_map(|effect| match route(effect) {
                Route::Job(Job::Read(r)) => Some(crate::tui::read::answer(store, config, r, now)),
                Route::Job(Job::Write(w)) => {
                    Some(vec![crate::tui::runtime::write_now(store, config, w, now)])
                }
                Route::Job(Job::LoadNames) => Some(vec![Msg::NamesLoaded(
                    store.read(crate::tui::read::names).expect("names"),
                )]),
                _ => None,
            })
            .flatten()
            .collect();
        if msgs.is_empty() {
            return;
        }
        queue = feed(model, msgs);
    }
    panic!("the reads did not settle: {queue:?}");
}

// ---------------------------------------------------------------- screens

/// Draw the model on a `width`×`height` test terminal.
pub fn draw(model: &Model, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
    let theme = theme();
    terminal
        .draw(|frame| {
            crate::tui::render(frame, model, theme);
        })
        .expect("render");
    terminal.backend().buffer().clone()
}

/// Resize the model like the runtime does, then draw it.
pub fn draw_at(model: &mut Model, width: u16, height: u16) -> Buffer {
    update(model, Msg::Resized(width, height));
    draw(model, width, height)
}

/// The screen as text: one line per row, a wide character once (the cell
/// it covers skipped), trailing blanks cut.
pub fn lines(buffer: &Buffer) -> Vec<String> {
    let area = buffer.area;
    (0..area.height)
        .map(|y| {
            let mut line = String::new();
            let mut covered = 0;
            for x in 0..area.width {
                if covered > 0 {
                    covered -= 1;
                    continue;
                }
                let symbol = buffer[(x, y)].symbol();
                line.push_str(symbol);
                covered = symbol.width().saturating_sub(1);
            }
            line.trim_end().to_string()
        })
        .collect()
}

pub fn text(buffer: &Buffer) -> String {
    lines(buffer).join("\n")
}

/// The cells drawn reversed (the selection) or underlined (filter matches),
/// as runs: `row  3, cols   1..8   REVERSED: "Ann Lee"`. A wide character
/// counts with its style (the cell it covers is reset by ratatui).
pub fn styled_runs(buffer: &Buffer) -> String {
    let wanted = Modifier::REVERSED | Modifier::UNDERLINED;
    let area = buffer.area;
    let mut out = Vec::new();
    for y in 0..area.height {
        // (first column, symbol, modifiers) per visible glyph
        let mut glyphs = Vec::new();
        let mut x = 0;
        while x < area.width {
            let cell = &buffer[(x, y)];
            let symbol = cell.symbol();
            glyphs.push((x, symbol.to_string(), cell.modifier & wanted));
            x += symbol.width().max(1) as u16;
        }
        let mut i = 0;
        while i < glyphs.len() {
            let style = glyphs[i].2;
            let start = glyphs[i].0;
            let mut run = String::new();
            while i < glyphs.len() && glyphs[i].2 == style {
                run.push_str(&glyphs[i].1);
                i += 1;
            }
            let end = glyphs.get(i).map_or(area.width, |g| g.0);
            if !style.is_empty() {
                out.push(format!(
                    "row {y:>2}, cols {start:>3}..{end:<3} {style:?}: {run:?}"
                ));
            }
        }
    }
    out.join("\n")
}
