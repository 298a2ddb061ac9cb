//! Customers as vCard 3.0 (RFC 2426), the version every phone and address
//! book imports.
//!
//! Written by hand rather than with `calcard`: calcard's writer works on its
//! generic property model (every entry built from parameter and value
//! enums), which is more code than the dozen lines below, and the exact
//! output — which characters of CATEGORIES/ORG/ADR are escaped, where lines
//! fold — is what address books are picky about, so we want it spelled out
//! and pinned by tests. Escaping follows RFC 2426 §4 (`\` `,` `;` and line
//! breaks); lines are folded at 75 octets on UTF-8 character boundaries.

use super::ExportError;
use super::fold::{escape_text, write_line};
use crate::domain::Customer;
use chrono::Utc;
use std::io::Write;

/// Two-character Chinese compound surnames (复姓) we recognise.
const COMPOUND_SURNAMES: [&str; 16] = [
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "轩辕", "令狐", "钟离",
];

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3134F}')
}

/// Split a display name into (family, given) for the vCard `N` property.
///
/// - `Ann Lee` → (`Lee`, `Ann`); `Mary Ann Lee` → (`Lee`, `Mary Ann`)
/// - `约翰·史密斯` (transliterated, given·family) → (`史密斯`, `约翰`)
/// - Chinese names: a known compound surname (`欧阳娜娜` → `欧阳`, `娜娜`),
///   else the first character for 2–3-character names (`张伟`, `王小明`)
/// - anything else (one word, long CJK strings) → ("", whole name)
pub fn split_name(name: &str) -> (String, String) {
    let name = name.trim();
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.len() > 1 {
        let (given, family) = words.split_at(words.len() - 1);
        return (family.join(" "), given.join(" "));
    }
    if let Some((given, family)) = name.rsplit_once(['·', '•', '・'])
        && !given.is_empty()
        && !family.is_empty()
    {
        return (family.to_string(), given.to_string());
    }
    let chars: Vec<char> = name.chars().collect();
    if !chars.is_empty() && chars.iter().all(|&c| is_cjk(c)) {
        if let Some(surname) = COMPOUND_SURNAMES.iter().find(|s| name.starts_with(**s)) {
            return (surname.to_string(), name[surname.len()..].to_string());
        }
        if (2..=3).contains(&chars.len()) {
            let first = chars[0].len_utf8();
            return (name[..first].to_string(), name[first..].to_string());
        }
    }
    (String::new(), name.to_string())
}

/// Write customers as vCard 3.0, one card each, CRLF line ends.
pub fn write_vcard<'a>(
    out: &mut dyn Write,
    customers: impl IntoIterator<Item = &'a Customer>,
) -> Result<(), ExportError> {
    for c in customers {
        write_vcard_card(out, c)?;
    }
    out.flush()?;
    Ok(())
}

/// Write one customer's card (for callers that stream customers; a vCard
/// file is just the cards one after another). Does not flush.
pub fn write_vcard_card(out: &mut dyn Write, c: &Customer) -> Result<(), ExportError> {
    let mut line = |text: String| write_line(out, &text);
    line("BEGIN:VCARD".into())?;
    line("VERSION:3.0".into())?;
    line(format!("FN:{}", escape_text(&c.name)))?;
    let (family, given) = split_name(&c.name);
    line(format!(
        "N:{};{};;;",
        escape_text(&family),
        escape_text(&given)
    ))?;
    if !c.company.is_empty() {
        line(format!("ORG:{}", escape_text(&c.company)))?;
    }
    if !c.title.is_empty() {
        line(format!("TITLE:{}", escape_text(&c.title)))?;
    }
    for email in &c.emails {
        line(format!("EMAIL;TYPE=INTERNET:{}", escape_text(email)))?;
    }
    for phone in &c.phones {
        line(format!("TEL:{}", escape_text(phone)))?;
    }
    if !c.tags.is_empty() {
        let tags: Vec<String> = c.tags.iter().map(|t| escape_text(t)).collect();
        line(format!("CATEGORIES:{}", tags.join(",")))?;
    }
    if !c.notes.is_empty() {
        line(format!("NOTE:{}", escape_text(&c.notes)))?;
    }
    if !c.address.is_empty() {
        // The address is one free-text field: it goes in the street
        // component (PO box; extended; street; locality; region; code; country).
        line(format!("ADR:;;{};;;;", escape_text(&c.address)))?;
    }
    line(format!("X-ROLO-ID:{}", c.id.0))?;
    line(format!(
        "REV:{}",
        c.updated_at
            .with_timezone(&Utc)
            .format("%Y-%m-%dT%H:%M:%SZ")
    ))?;
    line("END:VCARD".into())?;
    Ok(())
}
