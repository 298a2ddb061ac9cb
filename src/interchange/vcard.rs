//! vCard files (2.1, 3.0, 4.0) → customer drafts, for `rolo import`.
//!
//! Pure: the caller reads and decodes the file (`decode`); [`read`] splits
//! the text into cards and maps each to a [`CustomerIn`], or to the reasons
//! it cannot be imported, every reason naming the physical line and the
//! property at fault.
//!
//! A small line-based reader rather than `calcard` (tried: 0.3.14): calcard
//! decodes vCard 2.1 quoted-printable only as UTF-8 (a `CHARSET=GBK` value
//! comes out as mojibake and the CHARSET parameter is gone), keeps no line
//! numbers on its entries, and returns an unterminated last card as if it
//! were complete. What we need — unfolding, QP soft breaks with CHARSET
//! (`encoding_rs`), 2.1 bare parameters, escapes — is the few functions in
//! `content`.
//!
//! Mapping: FN (else N: `张;伟` → `张伟`, `Lee;Ann` → `Ann Lee`) → name;
//! ORG → company (further components → custom `department`); TITLE; every
//! TEL and EMAIL; the first ADR as one line (further ones → custom `adr`);
//! NOTE → notes; CATEGORIES → tags; UID → external id. PHOTO, LOGO, SOUND,
//! KEY and any base64 value are skipped (a URL to one is kept). Everything
//! else (URL, BDAY, NICKNAME, ROLE, X-…, REV, PRODID…) becomes a custom
//! field named after the property in lowercase; nothing else is dropped.
//!
//! Forgiving where the data is, strict where it matters (issue 13): a bad
//! property (an email that is no address, a line that is no property) is
//! left out with a note naming its line ([`Card::notes`]) and the card is
//! kept; a card is refused only when it has no name, is not terminated or
//! is oversized. Line ends may be CRLF, LF, a lone CR or CR CR LF (iPhone);
//! groups prefix any line (`item1.EMAIL`, `home.begin:vcard`); `X-` names
//! may hold spaces and slashes; `EMAIL:"Ann" <a@b.c>` is the address; a TEL
//! with dial characters keeps the number to dial (see `Fields::tel`); a
//! nested AGENT card is skipped with a note.

mod content;
#[cfg(test)]
mod tests;

use crate::domain::{CustomerDraft, validate};
use crate::interchange::mapping::CustomerIn;
use crate::interchange::{MAX_CARD_PROPERTIES, MAX_CELL_BYTES, UniqueKeys, grouped};
use crate::text::sanitize;
use content::{Logical, Property, split_unescaped, unescape};
use thiserror::Error;

/// One card of a vCard file: where it starts, its raw text (for the rejected-rows file) and the customer it maps to, or why not.
///
/// `line` is the 1-based line of `BEGIN:VCARD`; `raw` is the card's text as
/// in the file, line breaks included, so rejected cards concatenated are a
/// valid vCard file again.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    pub line: usize,
    pub raw: String,
    pub parsed: Result<CustomerIn, Vec<String>>,
    /// Properties left out of a card that was kept (a bad email, a nested
    /// AGENT card…), each naming its line.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum VcardError {
    #[error("not a vCard file: no \"BEGIN:VCARD\" line")]
    NoCard,
}

// Every variant is something the user typed or gave rolo to read.
impl crate::fault::Blamed for VcardError {
    fn blame(&self) -> crate::fault::Blame {
        crate::fault::Blame::Input
    }
}

/// Whether `text` looks like vCards (first non-blank line is BEGIN:VCARD, case-insensitive, after an optional BOM).
pub fn is_vcard(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.split(['\r', '\n'])
        .map(str::trim)
        .find(|l| !l.is_empty())
        .is_some_and(|l| content::is_marker(l, "BEGIN"))
}

/// Every card in order. Err only when the file as a whole is not vCard (e.g. no BEGIN:VCARD at all, or an unterminated last card is instead reported as a Card with parsed=Err).
///
/// Text outside any card is reported as a card of its own with the reason.
pub fn read(text: &str) -> Result<Vec<Card>, VcardError> {
    read_from(text, 1)
}

/// [`read`] for a piece of a file that starts on line `first_line` (see
/// [`chunks`]), so lines are named as in the whole file.
pub fn read_from(text: &str, first_line: usize) -> Result<Vec<Card>, VcardError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = content::logical_lines(text, first_line);
    if !lines.iter().any(Logical::is_begin) {
        return Err(VcardError::NoCard);
    }
    let raw = |start: usize, end: usize| text.get(start..end).unwrap_or("").to_string();
    let mut cards = Vec::new();
    // The card being read: its BEGIN line and the lines after it.
    let mut open: Option<(&Logical, Vec<&Logical>)> = None;
    // Non-blank text outside cards: first and last line.
    let mut stray: Option<(&Logical, &Logical)> = None;
    // How deep inside a vCard 2.1 AGENT's nested card the reader is.
    let mut nested = 0usize;
    for line in &lines {
        if let Some((begin, body)) = &mut open {
            if nested > 0 {
                if line.is_begin() {
                    nested += 1;
                } else if line.is_end() {
                    nested -= 1;
                }
                continue;
            }
            if line.is_end() {
                let (parsed, notes) = customer(begin.line, body);
                cards.push(Card {
                    line: begin.line,
                    raw: raw(begin.start, line.end),
                    parsed,
                    notes,
                });
                open = None;
            } else if line.is_begin() && body.last().is_some_and(|l| is_agent(l)) {
                // `AGENT:` then a whole card: the agent is someone else.
                nested = 1;
            } else if line.is_begin() {
                cards.push(unterminated(begin, raw(begin.start, line.start)));
                open = Some((line, Vec::new()));
            } else {
                body.push(line);
            }
        } else if line.is_begin() {
            if let Some((first, last)) = stray.take() {
                cards.push(outside(first, raw(first.start, last.end)));
            }
            open = Some((line, Vec::new()));
        } else if !line.is_blank() {
            stray = Some(stray.map_or((line, line), |(first, _)| (first, line)));
        }
    }
    if let Some((begin, _)) = open {
        cards.push(unterminated(begin, raw(begin.start, text.len())));
    }
    if let Some((first, last)) = stray {
        cards.push(outside(first, raw(first.start, last.end)));
    }
    Ok(cards)
}

/// Split a vCard file into pieces of about `cards` cards, each starting at
/// a `BEGIN:VCARD` line (the first at the start of the file), with the
/// number of its first line: reading the pieces with [`read_from`] gives
/// the cards [`read`] gives, without holding them all at once.
pub fn chunks(text: &str, cards: usize) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = text;
    let mut line = 1;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let (mut at, mut begins, mut breaks) = (0, 0, 0);
        let bytes = rest.as_bytes();
        let mut cut = rest.len();
        let mut nested = false;
        while at < bytes.len() {
            // `at` is the start of a line.
            let end = bytes[at..]
                .iter()
                .position(|&b| b == b'\r' || b == b'\n')
                .map_or(bytes.len(), |i| at + i);
            let line_text = rest.get(at..end).unwrap_or("");
            // A card inside an AGENT is not where a piece may start.
            if content::is_marker(line_text, "BEGIN") && !nested {
                if begins == cards {
                    cut = at;
                    break;
                }
                begins += 1;
            }
            nested = is_agent_line(line_text);
            at = end + content::line_break(bytes, end);
            if end < bytes.len() {
                breaks += 1;
            }
        }
        let (piece, tail) = rest.split_at(cut);
        let first = line;
        line += breaks;
        rest = tail;
        Some((first, piece))
    })
}

fn unterminated(begin: &Logical, raw: String) -> Card {
    Card {
        line: begin.line,
        raw,
        parsed: Err(vec![format!(
            "line {}: card is not terminated (no END:VCARD after its BEGIN:VCARD)",
            begin.line
        )]),
        notes: Vec::new(),
    }
}

/// `AGENT:` with nothing after it: vCard 2.1's nested card follows.
fn is_agent(line: &Logical) -> bool {
    is_agent_line(&line.text)
}

fn is_agent_line(text: &str) -> bool {
    Property::parse(0, text).is_some_and(|p| p.name == "AGENT" && p.value.trim().is_empty())
}

fn outside(first: &Logical, raw: String) -> Card {
    Card {
        line: first.line,
        raw,
        parsed: Err(vec![format!(
            "line {}: text outside a card (cards start with BEGIN:VCARD and end with END:VCARD)",
            first.line
        )]),
        notes: Vec::new(),
    }
}

/// Properties whose values are media, skipped unless they are a URL.
const BINARY: [&str; 4] = ["PHOTO", "LOGO", "SOUND", "KEY"];

/// Properties that only structure the file.
const STRUCTURAL: [&str; 3] = ["BEGIN", "END", "VERSION"];

/// The fields of one card as they are read, with the errors so far.
#[derive(Default)]
struct Fields {
    v21: bool,
    name: Option<String>,
    name_from_n: Option<String>,
    draft: CustomerDraft,
    addresses: Vec<String>,
    /// NOTE values, for the customer's notes.
    texts: Vec<String>,
    external_id: Option<String>,
    /// Properties dropped, each with its line and why.
    notes: Vec<String>,
    /// Numbers repeated custom fields (`adr (2)`) in one probe each.
    keys: UniqueKeys,
}

impl Fields {
    /// Drop `p` with a note naming its line; the card is kept.
    fn drop(&mut self, p: &Property, reason: impl std::fmt::Display) {
        self.notes.push(format!(
            "line {}: {} left out: {reason}",
            p.line,
            sanitize(&p.name)
        ));
    }

    fn text(&self, p: &Property) -> String {
        unescape(&p.decoded(), self.v21).trim().to_string()
    }

    fn custom(&mut self, key: &str, value: &str) {
        self.keys.insert(&mut self.draft.custom, key, value);
    }

    /// A TEL as typed when it validates; else, when it is a number followed
    /// by dial characters (`18923817874w`, `555-0100p123`, `…,,12`), the
    /// number to dial first is the phone — post-dial digits become its
    /// extension — and the TEL as typed is kept in custom field `tel`;
    /// anything else is left out with a note.
    fn tel(&mut self, p: &Property) {
        let text = self.text(p);
        let number = strip_scheme(&text, "tel:").replace(";ext=", " x");
        if number.is_empty() {
            return;
        }
        let error = match validate::phone(&number) {
            Ok(phone) => return self.draft.phones.push(phone),
            Err(e) => e,
        };
        let dialed = number
            .find(['w', 'W', 'p', 'P', ',', ';'])
            .and_then(|at| Some((number.get(..at)?, number.get(at..)?)))
            .map(|(head, tail)| {
                let digits: String = tail.chars().filter(char::is_ascii_digit).collect();
                if digits.is_empty() {
                    head.trim().to_string()
                } else {
                    format!("{} x{digits}", head.trim())
                }
            })
            .and_then(|n| validate::phone(&n).ok());
        match dialed {
            Some(phone) => {
                self.notes.push(format!(
                    "line {}: TEL \"{}\" kept as \"{phone}\" (dial characters w p , ; are not stored in phones; the number as typed is in custom field tel)",
                    p.line,
                    sanitize(&number)
                ));
                self.draft.phones.push(phone);
                self.custom("tel", &number);
            }
            None => self.drop(p, error),
        }
    }

    fn property(&mut self, p: &Property) {
        let name = p.name.as_str();
        if STRUCTURAL.contains(&name) {
            return;
        }
        if BINARY.contains(&name) || p.is_base64() {
            let value = p.value.trim();
            let url = value.starts_with("http://") || value.starts_with("https://");
            if url && !p.is_base64() {
                self.custom(&name.to_ascii_lowercase(), value);
            }
            return;
        }
        let decoded = p.decoded();
        let v21 = self.v21;
        let components = |seps: &[char]| -> Vec<String> {
            split_unescaped(&decoded, seps)
                .into_iter()
                .map(|c| unescape(c, v21).trim().to_string())
                .collect()
        };
        match name {
            "FN" => {
                let text = self.text(p);
                match &self.name {
                    _ if text.is_empty() => {}
                    None => self.name = Some(text),
                    Some(_) => self.custom("fn", &text),
                }
            }
            "N" => {
                let name = name_from_n(&components(&[';']));
                if !name.is_empty() && self.name_from_n.is_none() {
                    self.name_from_n = Some(name);
                }
            }
            "ORG" => {
                let parts = components(&[';']);
                let mut parts = parts.iter().filter(|s| !s.is_empty());
                if self.draft.company.is_empty() {
                    let company = parts.next().cloned().unwrap_or_default();
                    self.draft.company = company;
                }
                let rest: Vec<&str> = parts.map(String::as_str).collect();
                if !rest.is_empty() {
                    self.custom("department", &rest.join(", "));
                }
            }
            "TITLE" => {
                let text = self.text(p);
                if self.draft.title.is_empty() {
                    self.draft.title = text;
                } else if !text.is_empty() {
                    self.custom("title", &text);
                }
            }
            "TEL" => self.tel(p),
            "EMAIL" => {
                let text = self.text(p);
                let address = mailbox(strip_scheme(&text, "mailto:"));
                if address.is_empty() {
                    return;
                }
                match validate::email(address) {
                    Ok(email) => self.draft.emails.push(email),
                    Err(e) => self.drop(p, e),
                }
            }
            "AGENT" => {
                let text = self.text(p);
                if text.is_empty() || text.to_ascii_uppercase().contains("BEGIN:VCARD") {
                    self.notes.push(format!(
                        "line {}: AGENT left out: a card nested in a card is someone else; import it on its own",
                        p.line
                    ));
                } else {
                    self.custom("agent", &text);
                }
            }
            "ADR" => {
                let address = format_address(&components(&[';']));
                if !address.is_empty() {
                    self.addresses.push(address);
                }
            }
            "NOTE" => {
                let text = self.text(p);
                if !text.is_empty() {
                    self.texts.push(text);
                }
            }
            "CATEGORIES" => {
                for category in categories(&components(&[',', ';'])) {
                    match validate::tags(std::slice::from_ref(&category)) {
                        Ok(tags) => self.draft.tags.extend(tags),
                        Err(e) => self.drop(p, e),
                    }
                }
            }
            "UID" => {
                let text = self.text(p);
                if self.external_id.is_none() && !text.is_empty() {
                    self.external_id = Some(text);
                } else if !text.is_empty() {
                    self.custom("uid", &text);
                }
            }
            _ => {
                let text = self.text(p);
                if !text.is_empty() {
                    self.custom(&name.to_ascii_lowercase(), &text);
                }
            }
        }
    }
}

/// Map one card's lines (between BEGIN and END) to a customer, with notes
/// on the properties left out; a card without a name is refused.
fn customer(
    begin_line: usize,
    body: &[&Logical],
) -> (Result<CustomerIn, Vec<String>>, Vec<String>) {
    if let Some(reason) = oversized(begin_line, body) {
        return (Err(vec![reason]), Vec::new());
    }
    let properties: Vec<Result<Property, &Logical>> = body
        .iter()
        .filter(|l| !l.is_blank())
        .map(|l| Property::parse(l.line, &l.text).ok_or(*l))
        .collect();
    let mut fields = Fields {
        v21: properties
            .iter()
            .flatten()
            .any(|p| p.name == "VERSION" && matches!(p.value.trim(), "2.1" | "2.0" | "1.0")),
        ..Fields::default()
    };
    for property in &properties {
        match property {
            Ok(p) => fields.property(p),
            Err(l) => {
                let shown: String = l.text.trim().chars().take(40).collect();
                fields.notes.push(format!(
                    "line {}: \"{}\" left out: not a vCard property (expected NAME:value)",
                    l.line,
                    sanitize(&shown)
                ));
            }
        }
    }
    let Fields {
        name,
        name_from_n,
        mut draft,
        addresses,
        texts,
        external_id,
        mut notes,
        mut keys,
        ..
    } = fields;
    draft.name = name.or(name_from_n).unwrap_or_default();
    if draft.name.trim().is_empty() {
        // No FN or N: a company card is named after the company, a card of
        // only a nickname or an address after that (phones' exports have
        // them), with a note.
        let nickname = draft.custom.get("nickname").cloned();
        let email = draft.emails.first().cloned();
        let fallback = [
            ("ORG", Some(draft.company.clone())),
            ("NICKNAME", nickname),
            ("EMAIL", email),
        ]
        .into_iter()
        .find_map(|(from, value)| Some((from, value?)).filter(|(_, v)| !v.trim().is_empty()));
        if let Some((from, value)) = fallback {
            notes.push(format!(
                "line {begin_line}: card has no FN or N; named \"{}\" after its {from}",
                sanitize(&value)
            ));
            draft.name = value;
        }
    }
    if draft.name.trim().is_empty() {
        let mut errors = vec![format!(
            "line {begin_line}: card has no name (no FN, N, ORG, NICKNAME or EMAIL)"
        )];
        errors.extend(notes);
        return (Err(errors), Vec::new());
    }
    let mut addresses = addresses.into_iter();
    draft.address = addresses.next().unwrap_or_default();
    for extra in addresses {
        keys.insert(&mut draft.custom, "adr", &extra);
    }
    draft.notes = texts.join("\n");
    crate::interchange::export::restore_rolo_properties(&mut draft);
    // Every value was checked above; this trims and folds duplicates.
    match draft.validate() {
        Ok(draft) => (
            Ok(CustomerIn {
                draft,
                external_id,
                last_contact: None,
                next_action: None,
            }),
            notes,
        ),
        Err(e) => {
            let mut errors = vec![format!("line {begin_line}: {e}")];
            errors.extend(notes);
            (Err(errors), Vec::new())
        }
    }
}

/// `"Ann Lee" <ann@acme.com>` → `ann@acme.com`; anything else as it is.
fn mailbox(value: &str) -> &str {
    match (value.rfind('<'), value.strip_suffix('>')) {
        (Some(open), Some(inner)) => inner.get(open + 1..).unwrap_or(value).trim(),
        _ => value,
    }
}

/// CATEGORIES components → tags: each category is one tag, its spaces
/// turned into `-` (`Trade Show` → `Trade-Show`: a rolo tag is one word, as
/// `#tag` in the palette); a comma inside a component (Thunderbird writes
/// `category1\, category2`) and `、` `，` separate categories too. Google's
/// `myContacts` and Android's `My Contacts` (groups every contact is in)
/// and the `*` Google puts
/// before starred groups are dropped.
fn categories(components: &[String]) -> Vec<String> {
    components
        .iter()
        .flat_map(|c| c.split([',', '、', '，']))
        .map(|c| {
            c.trim()
                .trim_start_matches('*')
                .split_whitespace()
                .collect::<Vec<_>>()
                .join("-")
        })
        .filter(|c| {
            !c.is_empty()
                && !c.eq_ignore_ascii_case("myContacts")
                && !c.eq_ignore_ascii_case("My-Contacts")
        })
        .collect()
}

/// `tel:+1-555…` / `mailto:…` (vCard 4.0 URI values) → the address.
fn strip_scheme<'a>(value: &'a str, scheme: &str) -> &'a str {
    match value.get(..scheme.len()) {
        Some(head) if head.eq_ignore_ascii_case(scheme) => value.get(scheme.len()..).unwrap_or(""),
        _ => value,
    }
    .trim()
}

fn is_cjk(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(c as u32, 0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
    })
}

fn joined(parts: &[&String], separator: &str) -> String {
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .map(|p| p.as_str())
        .collect::<Vec<_>>()
        .join(separator)
}

/// N is family; given; additional; prefix; suffix. Chinese names are family
/// then given without a space (`张;伟` → `张伟`); others read given first.
fn name_from_n(parts: &[String]) -> String {
    let empty = String::new();
    let part = |i: usize| parts.get(i).unwrap_or(&empty);
    let (family, given, additional, prefix, suffix) = (part(0), part(1), part(2), part(3), part(4));
    if is_cjk(family) && (given.is_empty() || is_cjk(given)) {
        joined(&[prefix, family, given, additional, suffix], "")
    } else {
        joined(&[prefix, given, additional, family, suffix], " ")
    }
}

/// ADR is PO box; extended; street; locality; region; postal code; country.
/// Western order `street, extended, PO box, locality, region code, country`;
/// Chinese addresses run from the country down, without separators.
fn format_address(parts: &[String]) -> String {
    let empty = String::new();
    let part = |i: usize| parts.get(i).unwrap_or(&empty);
    let (pobox, extended, street, locality, region, code, country) = (
        part(0),
        part(1),
        part(2),
        part(3),
        part(4),
        part(5),
        part(6),
    );
    if parts.iter().any(|p| is_cjk(p)) {
        let place = joined(&[country, region, locality, street, extended, pobox], "");
        joined(&[&place, code], " ")
    } else {
        let region_code = joined(&[region, code], " ");
        joined(
            &[street, extended, pobox, locality, &region_code, country],
            ", ",
        )
    }
}

/// A card with more properties than [`MAX_CARD_PROPERTIES`], or a
/// property bigger than [`MAX_CELL_BYTES`]: why it is not read.
fn oversized(begin_line: usize, body: &[&Logical]) -> Option<String> {
    if body.len() > MAX_CARD_PROPERTIES {
        return Some(format!(
            "line {begin_line}: the card has {} properties; rolo reads at most {} a card",
            grouped(body.len()),
            grouped(MAX_CARD_PROPERTIES)
        ));
    }
    let big = body.iter().find(|l| l.text.len() > MAX_CELL_BYTES)?;
    let name: String = big
        .text
        .split([':', ';'])
        .next()
        .unwrap_or("")
        .chars()
        .take(40)
        .collect();
    Some(format!(
        "line {}: {} is {} bytes; rolo reads at most {} bytes (1 MiB) a property",
        big.line,
        sanitize(name.trim()),
        grouped(big.text.len()),
        grouped(MAX_CELL_BYTES)
    ))
}
