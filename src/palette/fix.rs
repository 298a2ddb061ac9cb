//! Correcting and removing records from the palette, and merging customers:
//!
//! ```text
//! fix <kind> <id>: <new text>            the summary of a log, the title of the rest
//! fix <kind> <id> <field> [:] <value>    one field: fix task 12 due fri
//! fix log: <new text>, fix log <field> …  a log with no id: the app's (see below)
//! rm <kind> <id>                         rm log 41, rm task 12, rm deal 5, rm order 3
//! merge <keep> <other>                   merge #3 #7 (one word each), or
//! merge <keep words>, <other words>      merge Ann Lee, ann.lee@gmail.com
//! ```
//!
//! Kinds: `log` (also `interaction`, 记录, 跟进), `task` (`todo`, 任务),
//! `deal` (商机), `case` (工单), `order` (订单); a Chinese kind may be glued to its id
//! (`rm 任务12`). A record's id is its own: task #12 and log #12 differ.
//!
//! The field word comes right after the id, so a value may hold colons
//! (`fix log 41 at 14:30`); a `:` straight after the id means the main
//! text (`fix log 41: …`). `none`, `-` or `无` clears what may be empty
//! (a task's due date, repeat or customer, a log's outcome or feedback,
//! a deal's close date).
//!
//! A log may go without its id when a `:` or a field word follows `log`
//! (`fix log: wants 60 seats`, `fix log outcome voicemail`): that parses
//! as [`Command::FixLog`], and the app fills in the entry — the one
//! selected in its Timeline, else the one logged last in the session.
//! `fix log wants …` is still an error (`wants` is no id), and `rm log`
//! always takes its id.

use super::amount;
use super::command::{Command, CustomerRef, Fix, Record};
use super::error::ParseError;
use super::lexer::{self, Word};
use super::parse::{COLONS, Cx, article, parse_id_word, spanning};
use crate::dates;
use crate::domain::*;
use chrono::NaiveDateTime;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Log,
    Task,
    Deal,
    Case,
    Order,
}

const KINDS: &[(&str, Kind)] = &[
    ("log", Kind::Log),
    ("interaction", Kind::Log),
    ("记录", Kind::Log),
    ("跟进", Kind::Log),
    ("task", Kind::Task),
    ("todo", Kind::Task),
    ("任务", Kind::Task),
    ("deal", Kind::Deal),
    ("商机", Kind::Deal),
    ("case", Kind::Case),
    ("工单", Kind::Case),
    ("order", Kind::Order),
    ("订单", Kind::Order),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Summary,
    Feedback,
    Outcome,
    LogKind,
    At,
    Title,
    Due,
    Priority,
    Every,
    Customer,
    Amount,
    Currency,
    Probability,
    Close,
    Owner,
    CaseKind,
    Items,
    Payment,
    Invoice,
}

/// Each kind's fields: the English name first (errors list those), then aliases.
fn fields(kind: Kind) -> &'static [(&'static str, Field)] {
    match kind {
        Kind::Log => &[
            ("summary", Field::Summary),
            ("feedback", Field::Feedback),
            ("outcome", Field::Outcome),
            ("kind", Field::LogKind),
            ("at", Field::At),
            ("when", Field::At),
            ("内容", Field::Summary),
            ("反馈", Field::Feedback),
            ("结果", Field::Outcome),
            ("方式", Field::LogKind),
            ("时间", Field::At),
        ],
        Kind::Task => &[
            ("title", Field::Title),
            ("due", Field::Due),
            ("priority", Field::Priority),
            ("every", Field::Every),
            ("customer", Field::Customer),
            ("标题", Field::Title),
            ("截止", Field::Due),
            ("优先级", Field::Priority),
            ("重复", Field::Every),
            ("客户", Field::Customer),
        ],
        Kind::Deal => &[
            ("title", Field::Title),
            ("amount", Field::Amount),
            ("currency", Field::Currency),
            ("probability", Field::Probability),
            ("close", Field::Close),
            ("owner", Field::Owner),
            ("customer", Field::Customer),
            ("标题", Field::Title),
            ("金额", Field::Amount),
            ("币种", Field::Currency),
            ("概率", Field::Probability),
            ("成交日期", Field::Close),
            ("负责人", Field::Owner),
            ("客户", Field::Customer),
        ],
        Kind::Case => &[
            ("title", Field::Title),
            ("kind", Field::CaseKind),
            ("priority", Field::Priority),
            ("owner", Field::Owner),
            ("customer", Field::Customer),
            ("标题", Field::Title),
            ("类型", Field::CaseKind),
            ("优先级", Field::Priority),
            ("负责人", Field::Owner),
            ("客户", Field::Customer),
        ],
        Kind::Order => &[
            ("amount", Field::Amount),
            ("date", Field::At),
            ("items", Field::Items),
            ("payment", Field::Payment),
            ("invoice", Field::Invoice),
            ("currency", Field::Currency),
            ("owner", Field::Owner),
            ("customer", Field::Customer),
            ("金额", Field::Amount),
            ("日期", Field::At),
            ("商品", Field::Items),
            ("付款方式", Field::Payment),
            ("付款", Field::Payment),
            ("发票号", Field::Invoice),
            ("发票", Field::Invoice),
            ("币种", Field::Currency),
            ("负责人", Field::Owner),
            ("客户", Field::Customer),
        ],
    }
}

impl Kind {
    fn word(self) -> &'static str {
        match self {
            Kind::Log => "log",
            Kind::Task => "task",
            Kind::Deal => "deal",
            Kind::Case => "case",
            Kind::Order => "order",
        }
    }

    /// What `fix <kind> <id>: text` changes.
    fn main_field(self) -> Field {
        match self {
            Kind::Log => Field::Summary,
            Kind::Task | Kind::Deal | Kind::Case => Field::Title,
            Kind::Order => Field::Items,
        }
    }

    fn field_names(self) -> String {
        fields(self)
            .iter()
            .map(|(name, _)| *name)
            .filter(|name| name.is_ascii() && *name != "when")
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The log field a word names, if it names one.
fn log_field(word: &str) -> Option<Field> {
    fields(Kind::Log)
        .iter()
        .find(|(name, _)| word.eq_ignore_ascii_case(name))
        .map(|(_, f)| *f)
}

/// `none`, `-` or `无`: the value that clears a field that may be empty
/// (here and in the app's forms).
pub fn clears(text: &str) -> bool {
    matches!(text.trim().to_lowercase().as_str(), "none" | "-" | "无")
}

impl Cx<'_> {
    /// `fix <kind> <id> …`
    pub(super) fn fix(&self) -> Result<Command, ParseError> {
        let (kind, id, rest) = match self.record(true)? {
            (kind, Some(id), rest) => (kind, id, rest),
            (_, None, rest) => return self.fix_log(rest),
        };
        let rest = lexer::trim(self.line, rest);
        let after = self.text(rest.clone());
        if let Some(colon) = COLONS.iter().find(|c| after.starts_with(**c)) {
            let value = lexer::trim(self.line, rest.start + colon.len()..rest.end);
            return self.fixed(kind, id, kind.main_field(), value);
        }
        let named = lexer::words(self.line, rest.clone(), &[':', '：']);
        let Some(word) = named.first() else {
            return Err(ParseError::new(
                format!(
                    "missing what to change after {} {id}: a field ({}) or ':' and the new text \
                     (e.g. fix {} {id}: …)",
                    kind.word(),
                    kind.field_names(),
                    kind.word()
                ),
                rest.start..rest.start,
            ));
        };
        let field = fields(kind)
            .iter()
            .find(|(name, _)| word.text.eq_ignore_ascii_case(name))
            .map(|(_, f)| *f)
            .ok_or_else(|| {
                ParseError::new(
                    format!(
                        "\"{}\" is not a field of {a} {kind} (fields: {}); put ':' before new text \
                         (e.g. fix {kind} {id}: …)",
                        word.text,
                        kind.field_names(),
                        kind = kind.word(),
                        a = article(kind.word()),
                    ),
                    word.span.clone(),
                )
            })?;
        let mut value = lexer::trim(self.line, word.span.end..rest.end);
        if let Some(colon) = COLONS
            .iter()
            .find(|c| self.text(value.clone()).starts_with(**c))
        {
            value = lexer::trim(self.line, value.start + colon.len()..value.end);
        }
        self.fixed(kind, id, field, value)
    }

    /// `fix log: <text>`, `fix log <field> [:] <value>`: a log with no id
    /// (`rest` starts right after `log`, where the id would be).
    fn fix_log(&self, rest: Range<usize>) -> Result<Command, ParseError> {
        let span = rest.start..rest.start;
        let rest = lexer::trim(self.line, rest);
        let after = self.text(rest.clone());
        let (field, value) = match COLONS.iter().find(|c| after.starts_with(**c)) {
            Some(colon) => (
                Kind::Log.main_field(),
                lexer::trim(self.line, rest.start + colon.len()..rest.end),
            ),
            None => {
                // `record` saw a field word here.
                let named = lexer::words(self.line, rest.clone(), &[':', '：']);
                let Some((word, field)) = named.first().and_then(|w| Some((w, log_field(w.text)?)))
                else {
                    return Err(ParseError::new("missing the log id", span));
                };
                let mut value = lexer::trim(self.line, word.span.end..rest.end);
                if let Some(colon) = COLONS
                    .iter()
                    .find(|c| self.text(value.clone()).starts_with(**c))
                {
                    value = lexer::trim(self.line, value.start + colon.len()..value.end);
                }
                (field, value)
            }
        };
        if self.text(value.clone()).is_empty() {
            return Err(ParseError::new(
                format!(
                    "missing the new value after log (e.g. fix log: wants 60 seats; usage: {})",
                    self.verb.usage
                ),
                value,
            ));
        }
        let (patch, at) = self.log_patch(field, value)?;
        Ok(Command::FixLog { patch, at, span })
    }

    /// `rm <kind> <id>`
    pub(super) fn remove(&self) -> Result<Command, ParseError> {
        let (kind, id, rest) = match self.record(false)? {
            (kind, Some(id), rest) => (kind, id, rest),
            // `record(false)` always names an id.
            (kind, None, rest) => {
                return Err(ParseError::new(
                    format!("missing the {} id", kind.word()),
                    rest.start..rest.start,
                ));
            }
        };
        let extra = lexer::words(self.line, rest, &[]);
        if !extra.is_empty() {
            return Err(ParseError::new(
                format!(
                    "rm takes a kind and an id only (usage: {})",
                    self.verb.usage
                ),
                spanning(&extra),
            ));
        }
        Ok(Command::Remove(match kind {
            Kind::Log => Record::Interaction(InteractionId(id)),
            Kind::Task => Record::Task(TaskId(id)),
            Kind::Deal => Record::Deal(DealId(id)),
            Kind::Case => Record::Case(CaseId(id)),
            Kind::Order => Record::Order(OrderId(id)),
        }))
    }

    /// `merge <keep> <other>`: two words, or two lists of words split by a comma.
    pub(super) fn merge(&self) -> Result<Command, ParseError> {
        let body = self.body();
        let comma = lexer::find_any(self.line, body.clone(), &[",", "，"]);
        let (keep, other) = match comma {
            Some(c) => (
                lexer::words(self.line, body.start..c.start, &[]),
                lexer::words(self.line, c.end..body.end, &[]),
            ),
            None => {
                let words = lexer::words(self.line, body.clone(), &[]);
                match words.as_slice() {
                    [keep, other] => (vec![keep.clone()], vec![other.clone()]),
                    [] => return Err(self.missing("the customer to keep")),
                    _ => {
                        return Err(ParseError::new(
                            "name the customer to keep, then the one to merge into it: two \
                             words (merge #3 #7), or a comma between names (merge Ann Lee, Ann Li)",
                            spanning(&words),
                        ));
                    }
                }
            }
        };
        if keep.is_empty() {
            return Err(self.missing("the customer to keep"));
        }
        let Some(last) = keep.last() else {
            return Err(self.missing("the customer to keep"));
        };
        if other.is_empty() {
            return Err(ParseError::new(
                "missing the customer to merge into the first (e.g. merge #3 #7)",
                last.span.end..last.span.end,
            ));
        }
        Ok(Command::Merge {
            keep: self.customer(&keep)?,
            other: self.customer(&other)?,
        })
    }

    /// The kind and id after the verb, and where the rest of the line
    /// starts. With `bare_log`, a log followed by `:` or one of its field
    /// words instead of an id has none: `(Kind::Log, None, after "log")`.
    fn record(&self, bare_log: bool) -> Result<(Kind, Option<u64>, Range<usize>), ParseError> {
        let words = lexer::words(self.line, self.body(), &[':', '：']);
        let Some(first) = words.first() else {
            return Err(self.missing("what: log, task, deal, case or order, and its id"));
        };
        let lower = first.text.to_lowercase();
        let exact = KINDS.iter().find(|(w, _)| *w == lower);
        // A Chinese kind may be glued to its id: `任务12`.
        let glued = KINDS
            .iter()
            .filter(|(w, _)| !w.is_ascii() && first.text.len() > w.len())
            .find(|(w, _)| first.text.starts_with(w));
        let (kind, id_word) = match (exact, glued) {
            (Some((_, Kind::Log)), _) if bare_log && self.no_id_after(first.span.end) => {
                return Ok((Kind::Log, None, first.span.end..self.line.len()));
            }
            (Some((_, kind)), _) => {
                // `fix task: …`: the id is missing, not the words after it.
                let colon = self.starts_with_colon(first.span.end);
                let id = words.get(1).cloned().filter(|_| !colon).ok_or_else(|| {
                    ParseError::new(
                        format!(
                            "missing the {} id (usage: {})",
                            kind.word(),
                            self.verb.usage
                        ),
                        first.span.end..first.span.end,
                    )
                })?;
                (*kind, id)
            }
            (None, Some((w, kind))) => {
                let start = first.span.start + w.len();
                let span = start..first.span.end;
                (
                    *kind,
                    Word {
                        text: self.text(span.clone()),
                        span,
                    },
                )
            }
            (None, None) => {
                return Err(ParseError::new(
                    format!(
                        "\"{}\" is not something rolo can {} (one of: log, task, deal, case, order; \
                         usage: {})",
                        first.text, self.verb.name, self.verb.usage
                    ),
                    first.span.clone(),
                ));
            }
        };
        let id = parse_id_word(&id_word, &format!("{} id", kind.word()))?;
        Ok((kind, Some(id), id_word.span.end..self.line.len()))
    }

    /// Whether what follows `log` (ending at `end`) is `:` or a log's field
    /// word rather than an id.
    fn no_id_after(&self, end: usize) -> bool {
        if self.starts_with_colon(end) {
            return true;
        }
        let rest = lexer::trim(self.line, end..self.line.len());
        lexer::words(self.line, rest, &[':', '：'])
            .first()
            .is_some_and(|w| log_field(w.text).is_some())
    }

    /// Whether the line goes on with a colon after `end` (spaces skipped).
    fn starts_with_colon(&self, end: usize) -> bool {
        let rest = lexer::trim(self.line, end..self.line.len());
        COLONS
            .iter()
            .any(|c| self.text(rest.clone()).starts_with(*c))
    }

    /// The patch (and new time) that sets `field` of a log to the text at `value`.
    fn log_patch(
        &self,
        field: Field,
        value: Range<usize>,
    ) -> Result<(InteractionPatch, Option<NaiveDateTime>), ParseError> {
        let text = self.text(value.clone());
        let bad = |e: &dyn std::fmt::Display| ParseError::new(e.to_string(), value.clone());
        let cleared = clears(text);
        let mut patch = InteractionPatch::default();
        let mut at = None;
        match field {
            Field::Summary => patch.summary = Some(text.to_string()),
            Field::Feedback if cleared => patch.feedback = Some(String::new()),
            Field::Feedback => patch.feedback = Some(text.to_string()),
            Field::Outcome if cleared => patch.outcome = Some(None),
            Field::Outcome => {
                patch.outcome = Some(Some(Outcome::parse(text).map_err(|e| bad(&e))?));
            }
            Field::LogKind => {
                patch.kind = Some(InteractionKind::parse(text).map_err(|e| bad(&e))?);
            }
            _ => {
                let when = text.strip_prefix('@').unwrap_or(text).trim();
                at = Some(dates::parse_at(when, self.now).map_err(|e| bad(&e))?);
            }
        }
        Ok((patch, at))
    }

    /// The command that sets `field` of record `id` to the text at `value`.
    fn fixed(
        &self,
        kind: Kind,
        id: u64,
        field: Field,
        value: Range<usize>,
    ) -> Result<Command, ParseError> {
        let text = self.text(value.clone());
        if text.is_empty() {
            return Err(ParseError::new(
                format!(
                    "missing the new value after {} {id} (usage: {})",
                    kind.word(),
                    self.verb.usage
                ),
                value,
            ));
        }
        let bad = |e: &dyn std::fmt::Display| ParseError::new(e.to_string(), value.clone());
        let when = || text.strip_prefix('@').unwrap_or(text).trim();
        let owned = || Some(text.to_string());
        let cleared = clears(text);
        let whom = || CustomerRef {
            text: lexer::squash(text),
            span: value.clone(),
        };
        // An amount filling the whole value: minor units, its currency if a
        // sign or code named one, and whether `¥` named the base currency.
        let amount_of = |examples: &str| -> Result<(i64, Option<String>, bool), ParseError> {
            let words = lexer::words(self.line, value.clone(), &[]);
            let amount = amount::trailing(&words)?
                .filter(|a| a.span.start == value.start)
                .ok_or_else(|| bad(&format!("not an amount (e.g. {examples})")))?;
            let base = amount.currency.is_none() && text.starts_with(['¥', '￥']);
            Ok((amount.minor, amount.currency, base))
        };
        // A deal, case or order always belongs to someone: `customer -` is refused.
        let someone = || {
            if cleared {
                Err(bad(&format!(
                    "{} {} always has a customer: name the one it belongs to",
                    article(kind.word()),
                    kind.word()
                )))
            } else {
                Ok(Some(whom()))
            }
        };
        Ok(Command::Fix(match (kind, field) {
            (Kind::Log, _) => {
                let (patch, at) = self.log_patch(field, value.clone())?;
                Fix::Interaction {
                    id: InteractionId(id),
                    patch,
                    at,
                }
            }
            (Kind::Task, _) => {
                let mut patch = TaskPatch::default();
                let mut customer = None;
                match field {
                    Field::Title => patch.title = owned(),
                    Field::Due if cleared => patch.due = Some(None),
                    Field::Due => {
                        patch.due = Some(Some(
                            dates::parse_due(when(), self.now).map_err(|e| bad(&e))?,
                        ));
                    }
                    Field::Priority => {
                        patch.priority = Some(Priority::parse(text).map_err(|e| bad(&e))?);
                    }
                    Field::Every if cleared => patch.recurrence = Some(None),
                    Field::Every => {
                        patch.recurrence =
                            Some(Some(Recurrence::parse(text).map_err(|e| bad(&e))?));
                    }
                    _ if cleared => customer = Some(None),
                    _ => customer = Some(Some(whom())),
                }
                Fix::Task {
                    id: TaskId(id),
                    patch,
                    customer,
                }
            }
            (Kind::Deal, _) => {
                let mut patch = DealPatch::default();
                let mut in_base_currency = false;
                let mut customer = None;
                match field {
                    Field::Title => patch.title = owned(),
                    Field::Amount => {
                        let (minor, currency, base) = amount_of("¥60k, $12,000, 50k USD or 5万")?;
                        (patch.amount, patch.currency) = (Some(minor), currency);
                        in_base_currency = base;
                    }
                    Field::Currency => {
                        patch.currency = Some(money::parse_currency(text).map_err(|e| bad(&e))?);
                    }
                    Field::Probability => {
                        patch.probability = Some(percent(text).map_err(|e| bad(&e))?)
                    }
                    Field::Close if cleared => patch.expected_close = Some(None),
                    Field::Close => {
                        let due = dates::parse_due(when(), self.now).map_err(|e| bad(&e))?;
                        patch.expected_close = Some(Some(due.date()));
                    }
                    Field::Customer => customer = someone()?,
                    _ => patch.owner = owned(),
                }
                Fix::Deal {
                    id: DealId(id),
                    patch,
                    in_base_currency,
                    customer,
                }
            }
            (Kind::Case, _) => {
                let mut patch = CasePatch::default();
                let mut customer = None;
                match field {
                    Field::Title => patch.title = owned(),
                    Field::CaseKind => {
                        patch.kind = Some(CaseKind::parse(text).map_err(|e| bad(&e))?);
                    }
                    Field::Priority => {
                        patch.priority = Some(Priority::parse(text).map_err(|e| bad(&e))?);
                    }
                    Field::Customer => customer = someone()?,
                    _ => patch.owner = owned(),
                }
                Fix::Case {
                    id: CaseId(id),
                    patch,
                    customer,
                }
            }
            (Kind::Order, _) => {
                let mut patch = OrderPatch::default();
                let mut at = None;
                let mut in_base_currency = false;
                let mut customer = None;
                match field {
                    Field::Amount => {
                        let (minor, currency, base) = amount_of("¥12,000, $500, 500 USD or 1.2万")?;
                        (patch.amount, patch.currency) = (Some(minor), currency);
                        in_base_currency = base;
                    }
                    Field::Currency => {
                        patch.currency = Some(money::parse_currency(text).map_err(|e| bad(&e))?);
                    }
                    Field::At => {
                        at = Some(dates::parse_at(when(), self.now).map_err(|e| bad(&e))?);
                    }
                    Field::Items if cleared => patch.items = Some(String::new()),
                    Field::Items => patch.items = owned(),
                    Field::Payment => {
                        patch.payment = Some(PaymentMethod::parse(text).map_err(|e| bad(&e))?);
                    }
                    Field::Invoice if cleared => patch.invoice = Some(String::new()),
                    Field::Invoice => patch.invoice = owned(),
                    Field::Customer => customer = someone()?,
                    _ => patch.owner = owned(),
                }
                Fix::Order {
                    id: OrderId(id),
                    patch,
                    at,
                    in_base_currency,
                    customer,
                }
            }
        }))
    }
}

/// `70` or `70%`: a percentage from 0 to 100.
fn percent(text: &str) -> Result<u8, String> {
    let digits = text.trim().trim_end_matches('%').trim();
    match digits.parse::<u32>() {
        Ok(p) => u8::try_from(p)
            .ok()
            .filter(|p| *p <= 100)
            .ok_or_else(|| ValidationError::Probability(p).to_string()),
        Err(_) => Err(format!(
            "\"{text}\" is not a probability (a percentage from 0 to 100, e.g. 70 or 70%)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::palette::parse;
    use chrono::{NaiveDate, NaiveDateTime};

    /// Sunday 2026-11-22, 10:00.
    fn now() -> NaiveDateTime {
        NaiveDateTime::parse_from_str("2026-11-22 10:00", "%Y-%m-%d %H:%M").expect("test now")
    }

    fn fix(line: &str) -> Fix {
        match parse(line, now()) {
            Ok(Command::Fix(fix)) => fix,
            other => panic!("{line}: {other:?}"),
        }
    }

    fn error(line: &str) -> ParseError {
        parse(line, now()).expect_err(line)
    }

    fn underlined<'a>(line: &'a str, e: &ParseError) -> &'a str {
        &line[e.span.clone()]
    }

    #[test]
    fn the_main_text_follows_a_colon_after_the_id() {
        assert_eq!(
            fix("fix log 41: wants pricing: 50 seats"),
            Fix::Interaction {
                id: InteractionId(41),
                patch: InteractionPatch {
                    summary: Some("wants pricing: 50 seats".into()),
                    ..Default::default()
                },
                at: None,
            }
        );
        for line in [
            "fix task #12：发报价单",
            "修改 任务 12: 发报价单",
            "修改任务12：发报价单",
        ] {
            assert_eq!(
                fix(line),
                Fix::Task {
                    id: TaskId(12),
                    patch: TaskPatch {
                        title: Some("发报价单".into()),
                        ..Default::default()
                    },
                    customer: None,
                },
                "{line}"
            );
        }
        let Fix::Deal { patch, .. } = fix("edit deal 5: 60 seats") else {
            panic!("a deal");
        };
        assert_eq!(patch.title.as_deref(), Some("60 seats"));
    }

    #[test]
    fn a_field_word_names_what_changes_and_its_value_may_hold_colons() {
        let Fix::Interaction { at, .. } = fix("fix log 41 at yesterday 14:30") else {
            panic!("a log");
        };
        assert_eq!(
            at,
            NaiveDate::from_ymd_opt(2026, 11, 21).and_then(|d| d.and_hms_opt(14, 30, 0))
        );
        let Fix::Interaction { patch, .. } = fix("fix log 41 outcome none") else {
            panic!("a log");
        };
        assert_eq!(patch.outcome, Some(None));
        let Fix::Interaction { patch, .. } = fix("fix log 41 kind 微信") else {
            panic!("a log");
        };
        assert_eq!(patch.kind, Some(InteractionKind::Message));
        let Fix::Interaction { patch, .. } = fix("fix log 41 feedback: too pricey") else {
            panic!("a log");
        };
        assert_eq!(patch.feedback.as_deref(), Some("too pricey"));

        let Fix::Task { patch, .. } = fix("fix task 12 due @fri") else {
            panic!("a task");
        };
        assert_eq!(
            patch.due,
            Some(Some(Due::Date(
                NaiveDate::from_ymd_opt(2026, 11, 27).expect("date")
            )))
        );
        let Fix::Task { patch, .. } = fix("fix task 12 every none") else {
            panic!("a task");
        };
        assert_eq!(patch.recurrence, Some(None));
        let Fix::Task { customer, .. } = fix("fix task 12 customer  acme  corp") else {
            panic!("a task");
        };
        let whom = customer.flatten().expect("a customer");
        assert_eq!((whom.text.as_str(), whom.span), ("acme corp", 22..32));
        let Fix::Task { customer, .. } = fix("fix task 12 customer -") else {
            panic!("a task");
        };
        assert_eq!(customer, Some(None));

        let Fix::Deal {
            patch,
            in_base_currency,
            ..
        } = fix("fix deal 5 amount ¥60k")
        else {
            panic!("a deal");
        };
        assert_eq!(
            (patch.amount, patch.currency, in_base_currency),
            (Some(6_000_000), None, true)
        );
        let Fix::Deal {
            patch,
            in_base_currency,
            ..
        } = fix("fix deal 5 amount 50k USD")
        else {
            panic!("a deal");
        };
        assert_eq!(
            (patch.amount, patch.currency.as_deref(), in_base_currency),
            (Some(5_000_000), Some("USD"), false)
        );
        let Fix::Deal {
            patch,
            in_base_currency,
            ..
        } = fix("fix deal 5 amount 12k")
        else {
            panic!("a deal");
        };
        assert_eq!(
            (patch.amount, patch.currency, in_base_currency),
            (Some(1_200_000), None, false),
            "a bare number keeps the deal's currency"
        );
        let Fix::Deal { patch, .. } = fix("fix deal 5 probability 70%") else {
            panic!("a deal");
        };
        assert_eq!(patch.probability, Some(70));
        let Fix::Deal { patch, .. } = fix("fix deal 5 close none") else {
            panic!("a deal");
        };
        assert_eq!(patch.expected_close, Some(None));
        let Fix::Case { patch, .. } = fix("fix case 2 kind complaint") else {
            panic!("a case");
        };
        assert_eq!(patch.kind, Some(CaseKind::Complaint));
        // A deal or case opened on the wrong card: the customer in words.
        let Fix::Deal { customer, .. } = fix("fix deal 5 customer  腾达  电子") else {
            panic!("a deal");
        };
        let whom = customer.expect("a customer");
        assert_eq!((whom.text.as_str(), whom.span), ("腾达 电子", 21..35));
        let Fix::Case {
            customer, patch, ..
        } = fix("修改工单2 客户 #3")
        else {
            panic!("a case");
        };
        assert_eq!(customer.map(|c| c.text), Some("#3".into()));
        assert!(
            patch.is_empty(),
            "the customer is the executor's to resolve"
        );
    }

    #[test]
    fn mistakes_point_at_what_is_wrong() {
        let cases = [
            ("fix", "", "missing what"),
            ("fix note 41: x", "note", "not something rolo can fix"),
            ("fix log", "", "missing the log id"),
            ("fix log x: y", "x", "is not a log id"),
            ("fix log 41", "", "missing what to change"),
            ("fix log 41 wants pricing", "wants", "not a field of a log"),
            ("fix log 41:", "", "missing the new value"),
            ("fix log 41 at someday", "someday", "someday"),
            ("fix task 12 due frday", "frday", "frday"),
            ("fix task 12 priority urgent", "urgent", "unknown priority"),
            ("fix task 12 every often", "often", "recurrence"),
            ("fix deal 5 amount lots", "lots", "not an amount"),
            ("fix deal 5 amount 5 seats", "5 seats", "not an amount"),
            ("fix deal 5 probability 150", "150", "0 to 100"),
            ("fix case 2 kind bug", "bug", "unknown case kind"),
            ("fix case 2 customer -", "-", "a case always has a customer"),
            (
                "fix deal 5 customer none",
                "none",
                "a deal always has a customer",
            ),
            ("rm task 12 please", "please", "kind and an id only"),
            ("rm", "", "missing what"),
            ("merge #3", "#3", "two"),
            ("merge Ann Lee Bob", "Ann Lee Bob", "comma"),
            ("merge Ann Lee,", "", "missing the customer to merge"),
        ];
        for (line, span, message) in cases {
            let e = error(line);
            assert!(e.message.contains(message), "{line}: {}", e.message);
            assert_eq!(underlined(line, &e), span, "{line}: {}", e.message);
        }
    }

    #[test]
    fn a_log_may_go_without_its_id_before_a_colon_or_a_field_word() {
        let bare = |line: &str| match parse(line, now()) {
            Ok(Command::FixLog { patch, at, span }) => (patch, at, span),
            other => panic!("{line}: {other:?}"),
        };
        let (patch, at, span) = bare("fix log: wants 60 seats");
        assert_eq!(
            (patch.summary.as_deref(), at, span),
            (Some("wants 60 seats"), None, 7..7)
        );
        assert_eq!(bare("fix log:x").0.summary.as_deref(), Some("x"));
        assert_eq!(
            bare("修改 记录：想要60个座位").0.summary.as_deref(),
            Some("想要60个座位")
        );
        assert_eq!(
            bare("fix log outcome voicemail").0.outcome,
            Some(Some(Outcome::Voicemail))
        );
        assert_eq!(
            bare("edit log feedback: too pricey").0.feedback.as_deref(),
            Some("too pricey")
        );
        assert_eq!(
            bare("fix interaction at yesterday 14:30").1,
            NaiveDate::from_ymd_opt(2026, 11, 21).and_then(|d| d.and_hms_opt(14, 30, 0))
        );
        // With an id it is the usual fix; the other kinds always need one.
        assert!(matches!(
            parse("fix log 41: x", now()),
            Ok(Command::Fix(Fix::Interaction { .. }))
        ));
        for (line, span, message) in [
            ("fix log", "", "missing the log id"),
            ("fix log wants pricing", "wants", "is not a log id"),
            ("fix log:", "", "missing the new value"),
            ("fix log outcome", "", "missing the new value"),
            ("fix log outcome maybe", "maybe", "outcome"),
            ("fix task: send quote", "", "missing the task id"),
            ("fix task due mon", "due", "is not a task id"),
            ("rm log", "", "missing the log id"),
            ("rm log: x", "", "missing the log id"),
        ] {
            let e = error(line);
            assert!(e.message.contains(message), "{line}: {}", e.message);
            assert_eq!(underlined(line, &e), span, "{line}: {}", e.message);
        }
    }

    #[test]
    fn rm_and_merge_name_their_records_and_customers() {
        let rm = |line: &str| parse(line, now()).expect(line);
        assert_eq!(
            rm("rm log 41"),
            Command::Remove(Record::Interaction(InteractionId(41)))
        );
        assert_eq!(rm("删除任务12"), Command::Remove(Record::Task(TaskId(12))));
        assert_eq!(
            rm("delete deal #5"),
            Command::Remove(Record::Deal(DealId(5)))
        );
        assert_eq!(
            rm("remove case 2"),
            Command::Remove(Record::Case(CaseId(2)))
        );
        assert_eq!(
            rm("merge #3 #7"),
            Command::Merge {
                keep: CustomerRef {
                    text: "#3".into(),
                    span: 6..8
                },
                other: CustomerRef {
                    text: "#7".into(),
                    span: 9..11
                },
            }
        );
        let Command::Merge { keep, other } = rm("合并 王伟， wang.wei@huaxin.cn") else {
            panic!("a merge");
        };
        assert_eq!(
            (keep.text.as_str(), other.text.as_str()),
            ("王伟", "wang.wei@huaxin.cn")
        );
    }
}
