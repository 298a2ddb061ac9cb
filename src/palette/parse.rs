//! The parser: one palette line in, a [`Command`] or a [`ParseError`] with a span out.

use super::amount;
use super::command::{Command, CustomerRef};
use super::error::ParseError;
use super::lexer::{self, Word};
use super::registry::{self, VERBS, Verb};
use crate::dates;
use crate::domain::ids::parse_id;
use crate::domain::{CaseId, CaseKind, DealId, Due, InteractionKind, Outcome, Stage, TaskId};
use chrono::NaiveDateTime;
use std::ops::Range;

pub(super) const COLONS: &[&str] = &[":", "："];
const ARROWS: &[&str] = &["->", "→"];
const COMMAS: &[char] = &[',', '，'];
const EXAMPLE: &str = "call acme: wants pricing -> send quote @fri";
/// A date attempt after `@` has at most this many words (`in 2 weeks 3pm`).
const MAX_WHEN_WORDS: usize = 4;

/// Parse one palette line. `now` anchors relative dates (`@fri`, `@+3d`).
pub fn parse(line: &str, now: NaiveDateTime) -> Result<Command, ParseError> {
    if let Some(ui) = super::ui_command(line) {
        return Ok(Command::Ui(ui));
    }
    if super::import::is_import(line) {
        return Err(super::import::not_here(line));
    }
    let Some(first) = lexer::first_word(line) else {
        return Err(ParseError::new(
            format!("type a command, e.g. {EXAMPLE}"),
            0..line.len(),
        ));
    };
    let (verb, typed) = find_verb(&first).ok_or_else(|| unknown_verb(&first))?;
    let cx = Cx {
        line,
        now,
        verb,
        typed,
    };
    if let Ok(kind) = InteractionKind::parse(verb.name) {
        return cx.log(kind);
    }
    match verb.name {
        "task" => cx.task(),
        "done" => cx.done(),
        "snooze" => cx.snooze(),
        "add" => cx.add(),
        "stage" => cx.stage(),
        "tag" => cx.tag(),
        "open" => cx.open(),
        "deal" => cx.deal(),
        "order" => cx.order(),
        "won" => cx.won(),
        "lost" => cx.lost(),
        "move" => cx.move_deal(),
        "case" => cx.case(CaseKind::Request),
        "complaint" => cx.case(CaseKind::Complaint),
        "respond" => cx.respond(),
        "resolve" => cx.resolve(),
        "fix" => cx.fix(),
        "rm" => cx.remove(),
        "merge" => cx.merge(),
        // Only reachable if the registry gains a verb this match lacks (a test guards it).
        name => Err(ParseError::new(
            format!("\"{name}\" cannot be used from the palette yet"),
            cx.typed.span,
        )),
    }
}

/// The verb the first word names. A Chinese verb may be glued to what follows
/// (`电话张伟：…`), except `add`, whose name could start with the same characters.
pub(super) fn find_verb<'a>(first: &Word<'a>) -> Option<(&'static Verb, Word<'a>)> {
    if let Some(verb) = registry::verb(first.text) {
        return Some((verb, first.clone()));
    }
    VERBS
        .iter()
        .filter(|v| v.name != "add")
        .flat_map(|v| v.aliases.iter().map(move |alias| (v, *alias)))
        .filter(|(_, alias)| !alias.is_ascii() && first.text.starts_with(alias))
        .max_by_key(|(_, alias)| alias.len())
        .map(|(verb, alias)| {
            let span = first.span.start..first.span.start + alias.len();
            (verb, Word { text: alias, span })
        })
}

fn unknown_verb(word: &Word<'_>) -> ParseError {
    let message = match registry::suggest(word.text) {
        Some(name) => format!(
            "unknown command \"{}\": did you mean \"{name}\"?",
            word.text
        ),
        None => format!(
            "unknown command \"{}\" (commands: {})",
            word.text,
            VERBS.iter().map(|v| v.name).collect::<Vec<_>>().join(", ")
        ),
    };
    ParseError::new(message, word.span.clone())
}

/// Everything one line's parse needs.
pub(super) struct Cx<'a> {
    pub(super) line: &'a str,
    pub(super) now: NaiveDateTime,
    pub(super) verb: &'static Verb,
    /// The verb as typed, with its span.
    pub(super) typed: Word<'a>,
}

impl<'a> Cx<'a> {
    pub(super) fn text(&self, range: Range<usize>) -> &'a str {
        self.line.get(range).unwrap_or_default()
    }

    /// After the verb to the end of the line.
    pub(super) fn body(&self) -> Range<usize> {
        self.typed.span.end..self.line.len()
    }

    fn at_verb_end(&self) -> Range<usize> {
        self.typed.span.end..self.typed.span.end
    }

    pub(super) fn missing(&self, what: &str) -> ParseError {
        ParseError::new(
            format!(
                "missing {what} after \"{}\" (usage: {})",
                self.typed.text, self.verb.usage
            ),
            self.at_verb_end(),
        )
    }

    pub(super) fn customer(&self, words: &[Word<'_>]) -> Result<CustomerRef, ParseError> {
        match (words.first(), words.last()) {
            (Some(first), Some(last)) => Ok(CustomerRef {
                text: lexer::squash(self.text(first.span.start..last.span.end)),
                span: first.span.start..last.span.end,
            }),
            _ => Err(self.missing("customer")),
        }
    }

    /// Split a trailing `@when` off `range`: returns where the rest ends, and the date.
    ///
    /// The candidate is the text after the last `@` that starts a token. If it
    /// parses as a date, it is the when. If not, it is an error only when it
    /// looks like a date attempt (see [`looks_like_when`]); otherwise it is text.
    fn take_when(&self, range: Range<usize>) -> Result<(usize, Option<Due>), ParseError> {
        self.take_marked_date(range, "@fri or @tomorrow 2pm", dates::parse_due)
    }

    /// [`take_when`](Self::take_when) with any date reading: `examples`
    /// go in the message for a bare `@`.
    pub(super) fn take_marked_date<T, E: std::fmt::Display>(
        &self,
        range: Range<usize>,
        examples: &str,
        parse: impl Fn(&str, chrono::NaiveDateTime) -> Result<T, E>,
    ) -> Result<(usize, Option<T>), ParseError> {
        let Some(at) = lexer::when_marker(self.line, range.clone()) else {
            return Ok((range.end, None));
        };
        let span = lexer::trim(self.line, at + 1..range.end);
        let text = self.text(span.clone());
        if text.is_empty() {
            return Err(ParseError::new(
                format!("\"@\" needs a date after it (e.g. {examples})"),
                at..at + 1,
            ));
        }
        match parse(text, self.now) {
            Ok(when) => Ok((at, Some(when))),
            Err(err) if looks_like_when(self.text(at + 1..range.end), text) => {
                Err(ParseError::new(err.to_string(), span))
            }
            Err(_) => Ok((range.end, None)),
        }
    }

    fn log(&self, kind: InteractionKind) -> Result<Command, ParseError> {
        let (end, when) = self.take_when(self.body())?;
        let body = self.typed.span.end..end;
        let arrow = lexer::find_any(self.line, body.clone(), ARROWS);
        let text_end = arrow.as_ref().map_or(body.end, |a| a.start);
        let colon = lexer::find_any(self.line, body.start..text_end, COLONS);
        let head_end = colon.as_ref().map_or(text_end, |c| c.start);

        let mut words = lexer::words(self.line, body.start..head_end, &[]);
        let outcome = match words.as_slice() {
            [_, .., last] => Outcome::parse(last.text).ok(),
            _ => None,
        };
        if outcome.is_some() {
            words.pop();
        }
        let customer = self.customer(&words)?;

        let summary = colon
            .as_ref()
            .map(|c| self.text(lexer::trim(self.line, c.end..text_end)))
            .unwrap_or_default();
        if kind == InteractionKind::Note && summary.is_empty() {
            let span = colon.unwrap_or(customer.span.end..customer.span.end);
            return Err(ParseError::new(
                "a note needs text after ':' (e.g. note acme: met at the expo)",
                span,
            ));
        }
        let next = match arrow {
            Some(arrow) => {
                let next = self.text(lexer::trim(self.line, arrow.end..body.end));
                if next.is_empty() {
                    return Err(ParseError::new(
                        "\"->\" needs a next action after it (e.g. -> send quote @fri)",
                        arrow,
                    ));
                }
                Some(next.to_string())
            }
            None => None,
        };
        Ok(Command::Log {
            kind,
            customer,
            outcome,
            summary: summary.to_string(),
            next,
            when,
        })
    }

    fn task(&self) -> Result<Command, ParseError> {
        let (end, when) = self.take_when(self.body())?;
        let body = self.typed.span.end..end;
        let colon = lexer::find_any(self.line, body.clone(), COLONS);
        let head_end = colon.as_ref().map_or(body.end, |c| c.start);
        let customer = self.customer(&lexer::words(self.line, body.start..head_end, &[]))?;
        let title = colon
            .as_ref()
            .map(|c| self.text(lexer::trim(self.line, c.end..body.end)))
            .unwrap_or_default();
        if title.is_empty() {
            let span = colon.unwrap_or(customer.span.end..customer.span.end);
            return Err(ParseError::new(
                "a task needs a title after ':' (e.g. task acme: send quote @fri)",
                span,
            ));
        }
        Ok(Command::Task {
            customer,
            title: title.to_string(),
            when,
        })
    }

    fn done(&self) -> Result<Command, ParseError> {
        let words = lexer::words(self.line, self.body(), COMMAS);
        if words.is_empty() {
            return Err(self.missing("task id"));
        }
        let tasks = words.iter().map(task_id).collect::<Result<_, _>>()?;
        Ok(Command::Done { tasks })
    }

    fn snooze(&self) -> Result<Command, ParseError> {
        let words = lexer::words(self.line, self.body(), &[]);
        let first = words.first().ok_or_else(|| self.missing("task id"))?;
        let task = task_id(first)?;
        let mut span = lexer::trim(self.line, first.span.end..self.line.len());
        if self.text(span.clone()).starts_with('@') {
            span = lexer::trim(self.line, span.start + 1..span.end);
        }
        let text = self.text(span.clone());
        if text.is_empty() {
            return Err(ParseError::new(
                format!(
                    "missing date: when should task {task} come back? (e.g. snooze {} @tomorrow)",
                    task.0
                ),
                first.span.end..first.span.end,
            ));
        }
        let until =
            dates::parse_due(text, self.now).map_err(|e| ParseError::new(e.to_string(), span))?;
        Ok(Command::Snooze { task, until })
    }

    /// `add NAME[ (TITLE)], COMPANY, PHONE, EMAIL` in any order after the name: see [`super::add`].
    fn add(&self) -> Result<Command, ParseError> {
        super::add::parse(self.line, self.body(), |what| self.missing(what))
    }

    fn stage(&self) -> Result<Command, ParseError> {
        let words = lexer::words(self.line, self.body(), &[]);
        let (last, customer_words) = match words.split_last() {
            None => return Err(self.missing("customer")),
            Some((only, [])) if Stage::parse(only.text).is_ok() => {
                return Err(self.missing("customer"));
            }
            Some((only, [])) => {
                return Err(ParseError::new(
                    format!(
                        "missing stage after \"{}\" (one of: {})",
                        only.text,
                        stage_names()
                    ),
                    only.span.end..only.span.end,
                ));
            }
            Some(split) => split,
        };
        let stage = Stage::parse(last.text)
            .map_err(|e| ParseError::new(e.to_string(), last.span.clone()))?;
        Ok(Command::Stage {
            customer: self.customer(customer_words)?,
            stage,
        })
    }

    fn tag(&self) -> Result<Command, ParseError> {
        let words = lexer::words(self.line, self.body(), &[]);
        let edits_from = words
            .iter()
            .rposition(|w| !w.text.starts_with(['+', '-']))
            .map_or(0, |i| i + 1);
        let (customer_words, edits) = words.split_at(edits_from);
        let customer = self.customer(customer_words)?;
        if edits.is_empty() {
            return Err(ParseError::new(
                "add +tag or -tag after the customer (e.g. tag acme +vip -cold)",
                customer.span.end..customer.span.end,
            ));
        }
        let (mut add, mut remove) = (Vec::new(), Vec::new());
        for edit in edits {
            let (sign, name) = edit.text.split_at(1);
            if name.is_empty() {
                return Err(ParseError::new(
                    format!("\"{sign}\" needs a tag name after it (e.g. {sign}vip)"),
                    edit.span.clone(),
                ));
            }
            let list = if sign == "+" { &mut add } else { &mut remove };
            list.push(name.to_string());
        }
        Ok(Command::Tag {
            customer,
            add,
            remove,
        })
    }

    fn open(&self) -> Result<Command, ParseError> {
        let customer = self.customer(&lexer::words(self.line, self.body(), &[]))?;
        Ok(Command::Open { customer })
    }

    /// `deal <customer>: <title> <amount> [@<expected close>]`: the when is
    /// cut first, then the amount is the last word(s) of the text after `:`.
    fn deal(&self) -> Result<Command, ParseError> {
        let (end, when) = self.take_when(self.body())?;
        let body = self.typed.span.end..end;
        let colon = lexer::find_any(self.line, body.clone(), COLONS);
        let head_end = colon.as_ref().map_or(body.end, |c| c.start);
        let customer = self.customer(&lexer::words(self.line, body.start..head_end, &[]))?;
        let Some(colon) = colon else {
            return Err(ParseError::new(
                format!("a deal needs a title and an amount after ':' (e.g. {DEAL_EXAMPLE})"),
                customer.span.end..customer.span.end,
            ));
        };
        let text = lexer::trim(self.line, colon.end..body.end);
        let words = lexer::words(self.line, text.clone(), &[]);
        let Some(amount) = amount::trailing(&words)? else {
            let span = if text.is_empty() { colon } else { text };
            return Err(ParseError::new(
                format!("a deal needs an amount, e.g. `{DEAL_EXAMPLE}`"),
                span,
            ));
        };
        let title = lexer::squash(self.text(text.start..amount.span.start));
        if title.is_empty() {
            return Err(ParseError::new(
                format!("a deal needs a title before the amount (e.g. {DEAL_EXAMPLE})"),
                amount.span,
            ));
        }
        Ok(Command::Deal {
            customer,
            title,
            amount: amount.minor,
            currency: amount.currency,
            expected_close: when.map(Due::date),
        })
    }

    fn won(&self) -> Result<Command, ParseError> {
        let (id, note) = self.id_and_text("deal id")?;
        Ok(Command::Won {
            deal: DealId(id),
            note,
        })
    }

    fn lost(&self) -> Result<Command, ParseError> {
        let (id, reason) = self.id_and_text("deal id")?;
        if reason.is_empty() {
            let end = self.line.trim_end().len();
            return Err(ParseError::new(
                format!("a lost deal needs a reason after ':' (e.g. lost {id}: price)"),
                end..end,
            ));
        }
        Ok(Command::Lost {
            deal: DealId(id),
            reason,
        })
    }

    fn move_deal(&self) -> Result<Command, ParseError> {
        let words = lexer::words(self.line, self.body(), &[]);
        let first = words.first().ok_or_else(|| self.missing("deal id"))?;
        let id = parse_id_word(first, "deal id")?;
        match &words[1..] {
            [] => Err(ParseError::new(
                format!(
                    "missing stage after \"{}\" (usage: {})",
                    first.text, self.verb.usage
                ),
                first.span.end..first.span.end,
            )),
            [stage] => Ok(Command::MoveDeal {
                deal: DealId(id),
                stage: stage.text.to_string(),
                stage_span: stage.span.clone(),
            }),
            [_, extra @ ..] => Err(ParseError::new(
                format!("a stage is one word (usage: {})", self.verb.usage),
                spanning(extra),
            )),
        }
    }

    fn case(&self, kind: CaseKind) -> Result<Command, ParseError> {
        let body = self.body();
        let colon = lexer::find_any(self.line, body.clone(), COLONS);
        let head_end = colon.as_ref().map_or(body.end, |c| c.start);
        let customer = self.customer(&lexer::words(self.line, body.start..head_end, &[]))?;
        let title = colon
            .as_ref()
            .map(|c| lexer::squash(self.text(c.end..body.end)))
            .unwrap_or_default();
        if title.is_empty() {
            let span = colon.unwrap_or(customer.span.end..customer.span.end);
            return Err(ParseError::new(
                format!(
                    "a {kind} needs a title after ':' (e.g. {} acme: invoice is wrong)",
                    self.verb.name
                ),
                span,
            ));
        }
        Ok(Command::Case {
            kind,
            customer,
            title,
        })
    }

    fn respond(&self) -> Result<Command, ParseError> {
        let words = lexer::words(self.line, self.body(), &[]);
        let first = words.first().ok_or_else(|| self.missing("case id"))?;
        let id = parse_id_word(first, "case id")?;
        if words.len() > 1 {
            return Err(ParseError::new(
                format!("respond takes only a case id (usage: {})", self.verb.usage),
                spanning(&words[1..]),
            ));
        }
        Ok(Command::Respond { case: CaseId(id) })
    }

    fn resolve(&self) -> Result<Command, ParseError> {
        let (id, resolution) = self.id_and_text("case id")?;
        Ok(Command::Resolve {
            case: CaseId(id),
            resolution,
        })
    }

    /// `<id> [: text]` after the verb: the id, and the text (empty without `:`).
    fn id_and_text(&self, what: &str) -> Result<(u64, String), ParseError> {
        let body = self.body();
        let colon = lexer::find_any(self.line, body.clone(), COLONS);
        let head_end = colon.as_ref().map_or(body.end, |c| c.start);
        let words = lexer::words(self.line, body.start..head_end, &[]);
        let first = words.first().ok_or_else(|| self.missing(what))?;
        let id = parse_id_word(first, what)?;
        if words.len() > 1 {
            return Err(ParseError::new(
                format!(
                    "put ':' between the id and the text (usage: {})",
                    self.verb.usage
                ),
                spanning(&words[1..]),
            ));
        }
        let text = colon
            .map(|c| lexer::squash(self.text(c.end..body.end)))
            .unwrap_or_default();
        Ok((id, text))
    }
}

const DEAL_EXAMPLE: &str = "deal acme: 50 seats ¥50k";

/// From the first word's start to the last word's end.
pub(super) fn spanning(words: &[Word<'_>]) -> Range<usize> {
    match (words.first(), words.last()) {
        (Some(first), Some(last)) => first.span.start..last.span.end,
        _ => 0..0,
    }
}

/// `5` or `#5` as the id of a deal or case (`what` names which, for the error).
pub(super) fn parse_id_word(word: &Word<'_>, what: &str) -> Result<u64, ParseError> {
    parse_id(word.text).ok_or_else(|| {
        ParseError::new(
            crate::domain::ids::out_of_range(word.text, what).unwrap_or_else(|| {
                format!(
                    "\"{}\" is not {} {what} (use a number like 5 or #5)",
                    word.text,
                    article(what)
                )
            }),
            word.span.clone(),
        )
    })
}

/// `a` or `an`, as `what` starts (`an order id`).
pub(super) fn article(what: &str) -> &'static str {
    match what.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}

/// Whether the text after a token-starting `@` that failed to parse as a date
/// was meant as one (an error) rather than ordinary text: the `@` is directly
/// followed by a character, and the text has no `@` or `.` (as in emails and
/// handles), no separator (`: `, `：`, `->`, `→`) and at most four words.
pub(super) fn looks_like_when(after_at: &str, text: &str) -> bool {
    let glued = after_at.chars().next().is_some_and(|c| !c.is_whitespace());
    glued
        && !text.contains(['@', '.', '：', '→'])
        && !text.contains(": ")
        && !text.ends_with(':')
        && !text.contains("->")
        && text.split_whitespace().count() <= MAX_WHEN_WORDS
}

fn task_id(word: &Word<'_>) -> Result<TaskId, ParseError> {
    parse_id(word.text).map(TaskId).ok_or_else(|| {
        ParseError::new(
            crate::domain::ids::out_of_range(word.text, "task id").unwrap_or_else(|| {
                format!(
                    "\"{}\" is not a task id (use a number like 17 or #17)",
                    word.text
                )
            }),
            word.span.clone(),
        )
    })
}

fn stage_names() -> String {
    Stage::ALL
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
