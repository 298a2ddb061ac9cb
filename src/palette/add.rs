//! `add NAME[ (TITLE)][, PART]...`: a new customer from one line.
//!
//! The line after the verb is split at commas (`,` or `，`). The first part
//! is the name, with an optional title in parentheses at its end
//! (`Bob Ma (CTO)`, `王芳（采购经理）`). Every later part is recognised by
//! its form, in any order:
//!
//! - it contains `@`: an email, checked by [`validate::email`];
//! - it has digits and nothing but digits, spaces, `+ - ( ) .` and an
//!   extension (`x12`, `ext 5`, `转8`): a phone, checked by [`validate::phone`];
//! - anything else: the company — at most one.
//!
//! What cannot be read one way only is an error pointing at the part: an
//! `@` that is no email, a number that is no phone, a second company
//! (`add Bob, Acme, Inc.` — a company written with a comma), an unclosed
//! or empty title. Nothing is guessed.

use super::command::Command;
use super::error::ParseError;
use super::lexer;
use crate::domain::validate;
use std::ops::Range;

const COMMAS: &[&str] = &[",", "，"];

/// Parse the text after `add` (`body`, a range of `line`). `missing` makes
/// the "missing name" error (it knows the verb as typed and its usage).
pub(super) fn parse(
    line: &str,
    body: Range<usize>,
    missing: impl Fn(&str) -> ParseError,
) -> Result<Command, ParseError> {
    let mut parts = split(line, body).into_iter();
    let name_part = parts.next().unwrap_or(0..0);
    let (name, title) = name_and_title(line, name_part)?;
    if name.is_empty() {
        return Err(missing("name"));
    }
    let mut company: Option<(String, Range<usize>)> = None;
    let (mut phones, mut emails) = (Vec::new(), Vec::new());
    for span in parts {
        let text = line.get(span.clone()).unwrap_or_default();
        match kind_of(text) {
            Part::Empty => {}
            Part::Email => match validate::email(text) {
                Ok(email) => emails.push(email),
                Err(e) => return Err(ParseError::new(e.to_string(), span)),
            },
            Part::Phone => match validate::phone(text) {
                Ok(phone) => phones.push(phone),
                Err(e) => return Err(ParseError::new(e.to_string(), span)),
            },
            Part::Company => {
                if let Some((first, _)) = &company {
                    return Err(ParseError::new(
                        format!(
                            "\"{}\" is neither a phone nor an email, and the company is \"{first}\" already \
                             (one company, written without a comma: add NAME, COMPANY, PHONE, EMAIL)",
                            lexer::squash(text)
                        ),
                        span,
                    ));
                }
                company = Some((lexer::squash(text), span));
            }
        }
    }
    Ok(Command::Add {
        name,
        title,
        company: company.map(|(c, _)| c),
        phones,
        emails,
    })
}

/// The comma-separated parts of `line[body]`, each trimmed.
fn split(line: &str, body: Range<usize>) -> Vec<Range<usize>> {
    let mut parts = Vec::new();
    let mut start = body.start;
    while let Some(comma) = lexer::find_any(line, start..body.end, COMMAS) {
        parts.push(lexer::trim(line, start..comma.start));
        start = comma.end;
    }
    parts.push(lexer::trim(line, start..body.end));
    parts
}

enum Part {
    Empty,
    Email,
    Phone,
    Company,
}

/// What a part after the name is, by its form alone (checked afterwards).
fn kind_of(text: &str) -> Part {
    if text.is_empty() {
        Part::Empty
    } else if text.contains(['@', '＠']) {
        Part::Email
    } else if looks_like_phone(text) {
        Part::Phone
    } else {
        Part::Company
    }
}

/// Digits and phone punctuation only, perhaps with an extension after them.
fn looks_like_phone(text: &str) -> bool {
    let lower = text.to_lowercase();
    let number = ["ext.", "ext", "x", "#", "转"]
        .iter()
        .filter_map(|marker| lower.find(marker))
        .min()
        .map_or(lower.as_str(), |at| &lower[..at]);
    number.chars().any(|c| c.is_ascii_digit())
        && number
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c))
}

/// `Bob Ma (CTO)` → ("Bob Ma", Some("CTO")); a name without parentheses has no title.
fn name_and_title(line: &str, span: Range<usize>) -> Result<(String, Option<String>), ParseError> {
    let text = line.get(span.clone()).unwrap_or_default();
    let open = text.find(['(', '（']);
    let Some(open) = open else {
        if let Some(close) = text.find([')', '）']) {
            let at = span.start + close;
            return Err(ParseError::new(
                "\")\" without \"(\": write a title as NAME (TITLE)",
                at..at + text[close..].chars().next().map_or(1, char::len_utf8),
            ));
        }
        return Ok((lexer::squash(text), None));
    };
    let open_len = text[open..].chars().next().map_or(1, char::len_utf8);
    let inner = &text[open + open_len..];
    let Some(close) = inner.find([')', '）']) else {
        return Err(ParseError::new(
            "\"(\" is not closed: write a title as NAME (TITLE)",
            span.start + open..span.end,
        ));
    };
    let close_len = inner[close..].chars().next().map_or(1, char::len_utf8);
    let after = &inner[close + close_len..];
    let title_span = span.start + open..span.start + open + open_len + close + close_len;
    if !after.trim().is_empty() {
        let rest = span.start + open + open_len + close + close_len;
        return Err(ParseError::new(
            "the title in parentheses ends the name: NAME (TITLE), then a comma before anything else",
            lexer::trim(line, rest..span.end),
        ));
    }
    let title = lexer::squash(&inner[..close]);
    if title.is_empty() {
        return Err(ParseError::new(
            "the parentheses are empty: write a title in them, e.g. add Bob Ma (CTO), Acme",
            title_span,
        ));
    }
    Ok((lexer::squash(&text[..open]), Some(title)))
}
