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
//! calcard is still the test oracle: the property tests parse every
//! generated export with it (and the CLI tests with khard and abook).

use super::ExportError;
use super::fold::{escape_text, write_line};
use crate::domain::{Customer, CustomerDraft, CustomerId, Stage};
use chrono::Utc;
use std::collections::BTreeMap;
use std::io::Write;

/// Two-character Chinese compound surnames (复姓) we recognise.
const COMPOUND_SURNAMES: [&str; 16] = [
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "轩辕", "令狐", "钟离",
];

/// Han, kana and Hangul: names in these scripts are not split like
/// Western ones.
fn is_east_asian(c: char) -> bool {
    is_cjk(c)
        || matches!(c,
            '\u{1100}'..='\u{11FF}'
            | '\u{3040}'..='\u{30FF}'
            | '\u{3130}'..='\u{318F}'
            | '\u{AC00}'..='\u{D7AF}')
}

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3134F}')
}

/// The five components of a vCard `N`: family; given; additional;
/// prefixes; suffixes (RFC 6350 §6.2.2, the same in RFC 2426 §3.1.2).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameParts {
    pub family: String,
    pub given: String,
    pub additional: String,
    pub prefix: String,
    pub suffix: String,
}

impl NameParts {
    fn given(name: &str) -> NameParts {
        NameParts {
            given: name.to_string(),
            ..NameParts::default()
        }
    }
}

/// Honorifics read as the `N` prefix when they start a Western name.
const PREFIXES: [&str; 12] = [
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev", "fr", "hon",
];

/// Generational and academic suffixes read as the `N` suffix.
const SUFFIXES: [&str; 14] = [
    "jr", "sr", "ii", "iii", "iv", "v", "phd", "md", "esq", "dds", "cpa", "mba", "jd", "rn",
];

/// Lowercase particles that belong to the family name (`van Beethoven`).
const PARTICLES: [&str; 16] = [
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "ter", "ten",
    "bin", "dos",
];

fn is_word_in(word: &str, list: &[&str]) -> bool {
    let bare: String = word
        .trim_end_matches([',', '.'])
        .chars()
        .filter(|&c| c != '.')
        .collect::<String>()
        .to_lowercase();
    list.contains(&bare.as_str())
}

/// A word of a Western personal name: letters, with `'` `’` `-` `.`
/// inside (O'Brien, Jean-Luc, St.).
fn is_name_word(word: &str) -> bool {
    word.chars().any(char::is_alphabetic)
        && word
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-' | '.'))
        && !word.chars().any(is_east_asian)
}

/// Split a display name into the components of the vCard `N` property.
///
/// rolo keeps one name, as typed; `FN` carries it whole and is what every
/// reader shows. `N` is a guess, so it is conservative — when the name is
/// not plainly a personal name, it all goes in *given* (RFC 6350 allows
/// any component to be empty; khard and abook show given + family, so the
/// name still reads right):
///
/// - Western names: an honorific first is the prefix (`Dr.`), known
///   suffixes last are the suffix (`, Jr.`, `III`, `PhD`), a nickname in
///   quotes or parentheses is left out (`FN` keeps it); the last word,
///   with lowercase particles before it (`van`, `de`), is the family name
///   and the words before it the given names: `Zoë "Zee" O'Brien, Jr.` →
///   family `O'Brien`, given `Zoë`, suffix `Jr.`.
/// - Chinese names: a known compound surname (`欧阳娜娜` → `欧阳`, `娜娜`),
///   else the first character for 2–3-character names (`张伟`, `王小明`);
///   `约翰·史密斯` (transliterated, given·family) → (`史密斯`, `约翰`).
/// - Anything else — one word, a longer CJK string, words with digits or
///   `&` (`Acme & Sons`), a comma that is not before a suffix
///   (`Lee, Ann` could be a company or "family, given") → all in given.
pub fn name_parts(name: &str) -> NameParts {
    let name = name.trim();
    if name.chars().any(is_east_asian) || name.contains(['·', '•', '・']) {
        return cjk_name_parts(name);
    }
    // A nickname in quotes or parentheses: FN shows it, N has no place.
    let Some(bare) = without_nicknames(name) else {
        return NameParts::given(name);
    };
    let mut words: Vec<&str> = bare.split_whitespace().collect();
    let mut prefix = Vec::new();
    while words.len() > 1 && is_word_in(words[0], &PREFIXES) {
        prefix.push(words.remove(0));
    }
    let mut suffix = Vec::new();
    while words.len() > 1 && is_word_in(words[words.len() - 1], &SUFFIXES) {
        if let Some(w) = words.pop() {
            suffix.insert(0, w.trim_end_matches(','));
        }
    }
    // The word before the suffixes may carry the comma: `O'Brien, Jr.`.
    if let Some(last) = words.last_mut()
        && !suffix.is_empty()
    {
        *last = last.trim_end_matches(',');
    }
    // `Mr. Smith`: an honorific before one word names the family.
    if let [family] = words[..]
        && !prefix.is_empty()
        && is_name_word(family)
    {
        return NameParts {
            family: family.to_string(),
            prefix: prefix.join(" "),
            suffix: suffix.join(" "),
            ..NameParts::default()
        };
    }
    if words.len() < 2 || !words.iter().all(|w| is_name_word(w)) {
        return NameParts::given(name);
    }
    let mut family_start = words.len() - 1;
    while family_start > 1
        && is_word_in(words[family_start - 1], &PARTICLES)
        && words[family_start - 1].chars().all(char::is_lowercase)
    {
        family_start -= 1;
    }
    NameParts {
        family: words[family_start..].join(" "),
        given: words[..family_start].join(" "),
        additional: String::new(),
        prefix: prefix.join(" "),
        suffix: suffix.join(" "),
    }
}

/// `name` without the spans in `"…"`, `“…”` or `(…)`; `None` when a
/// quote or parenthesis is left open.
fn without_nicknames(name: &str) -> Option<String> {
    let mut out = String::with_capacity(name.len());
    let mut close = None;
    for c in name.chars() {
        match close {
            Some(end) if c == end => close = None,
            Some(_) => {}
            None => match c {
                '"' => close = Some('"'),
                '“' => close = Some('”'),
                '(' => close = Some(')'),
                '”' | ')' => return None,
                c => out.push(c),
            },
        }
    }
    close.is_none().then_some(out)
}

fn cjk_name_parts(name: &str) -> NameParts {
    if let Some((given, family)) = name.rsplit_once(['·', '•', '・'])
        && !given.is_empty()
        && !family.is_empty()
        && !name.contains(char::is_whitespace)
    {
        return NameParts {
            family: family.to_string(),
            given: given.to_string(),
            ..NameParts::default()
        };
    }
    let chars: Vec<char> = name.chars().collect();
    if !chars.is_empty() && chars.iter().all(|&c| is_cjk(c)) {
        if let Some(surname) = COMPOUND_SURNAMES.iter().find(|s| name.starts_with(**s)) {
            return NameParts {
                family: surname.to_string(),
                given: name[surname.len()..].to_string(),
                ..NameParts::default()
            };
        }
        if (2..=3).contains(&chars.len()) {
            let first = chars[0].len_utf8();
            return NameParts {
                family: name[..first].to_string(),
                given: name[first..].to_string(),
                ..NameParts::default()
            };
        }
    }
    NameParts::given(name)
}

/// (family, given) of [`name_parts`].
pub fn split_name(name: &str) -> (String, String) {
    let parts = name_parts(name);
    (parts.family, parts.given)
}

/// The card's `UID`: the same customer of the same database gets the same
/// one on every export, so address books (khard, vdirsyncer, phones)
/// update a contact instead of adding a second one.
///
/// A UUID version 8 (RFC 9562 §5.8, the layout is the writer's to choose):
/// the database's random 64-bit id (`meta.database_id`) in the first eight
/// octets and the customer id in the last eight, with the version and
/// variant bits set over them. Two databases give different UIDs for their
/// customer #1; a database that has no id yet (never written since before
/// ids existed) uses 0. A hash (version 5) would hide the ids but needs
/// SHA-1, which rolo has no other use for.
pub fn card_uid(database: Option<u64>, customer: CustomerId) -> String {
    let mut octets = [0u8; 16];
    octets[..8].copy_from_slice(&database.unwrap_or(0).to_be_bytes());
    octets[8..].copy_from_slice(&customer.0.to_be_bytes());
    octets[6] = (octets[6] & 0x0f) | 0x80;
    octets[8] = (octets[8] & 0x3f) | 0x80;
    let hex: String = octets.iter().map(|o| format!("{o:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// Write customers as vCard 3.0, one card each, CRLF line ends, with the
/// UIDs of database 0 (see [`card_uid`]; [`write_vcard_of`] names the
/// database).
pub fn write_vcard<'a>(
    out: &mut dyn Write,
    customers: impl IntoIterator<Item = &'a Customer>,
) -> Result<(), ExportError> {
    write_vcard_of(out, None, customers)
}

/// Write customers of database `database` as vCard 3.0, one card each,
/// CRLF line ends.
pub fn write_vcard_of<'a>(
    out: &mut dyn Write,
    database: Option<u64>,
    customers: impl IntoIterator<Item = &'a Customer>,
) -> Result<(), ExportError> {
    for c in customers {
        write_vcard_card(out, database, c)?;
    }
    out.flush()?;
    Ok(())
}

/// Write one customer's card (for callers that stream customers; a vCard
/// file is just the cards one after another). Does not flush.
///
/// Standard properties carry what address books know — FN, N, ORG, TITLE,
/// EMAIL, TEL, CATEGORIES (one tag each, `,` inside a tag escaped as
/// `\,`), NOTE, ADR (the one-line address in the street component), UID,
/// REV (the customer's last change, UTC). The rest of a customer goes in
/// `X-ROLO-` extensions, which other programs keep or ignore and `rolo
/// import` reads back ([`restore_rolo_properties`]): `X-ROLO-STAGE`,
/// `-INDUSTRY`, `-SOURCE`, `-OWNER`, `-CADENCE` (days), `-TIMEZONE`,
/// `-CAMPAIGN`, and `X-ROLO-FIELDS`, the custom fields as one JSON object
/// (their names can be anything, which a property name cannot).
pub fn write_vcard_card(
    out: &mut dyn Write,
    database: Option<u64>,
    c: &Customer,
) -> Result<(), ExportError> {
    let mut line = |text: String| write_line(out, &text);
    line("BEGIN:VCARD".into())?;
    line("VERSION:3.0".into())?;
    line(format!("UID:{}", card_uid(database, c.id)))?;
    line(format!("FN:{}", escape_text(&c.name)))?;
    let n = name_parts(&c.name);
    line(format!(
        "N:{};{};{};{};{}",
        escape_text(&n.family),
        escape_text(&n.given),
        escape_text(&n.additional),
        escape_text(&n.prefix),
        escape_text(&n.suffix)
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
    line(format!("X-ROLO-STAGE:{}", c.stage.as_str()))?;
    for (name, value) in [
        ("INDUSTRY", &c.industry),
        ("SOURCE", &c.source),
        ("OWNER", &c.owner),
        ("CAMPAIGN", &c.campaign),
    ] {
        if !value.is_empty() {
            line(format!("X-ROLO-{name}:{}", escape_text(value)))?;
        }
    }
    if let Some(days) = c.cadence {
        line(format!("X-ROLO-CADENCE:{days}"))?;
    }
    if let Some(zone) = &c.timezone {
        line(format!("X-ROLO-TIMEZONE:{}", escape_text(zone)))?;
    }
    if !c.custom.is_empty() {
        let json = serde_json::to_string(&c.custom)?;
        line(format!("X-ROLO-FIELDS:{}", escape_text(&json)))?;
    }
    line(format!(
        "REV:{}",
        c.updated_at
            .with_timezone(&Utc)
            .format("%Y-%m-%dT%H:%M:%SZ")
    ))?;
    line("END:VCARD".into())?;
    Ok(())
}

/// The `X-ROLO-` properties of a card rolo wrote, which the vCard reader
/// has put in `custom` under their lowercase names, back into the fields
/// they came from. `x-rolo-id` stays a custom field: it is the id the
/// customer had in the exporting database (the importing one numbers its
/// own), kept to trace a record back. On such a card `REV` was rolo's
/// own change time, which the importing database sets anew: it is dropped
/// rather than kept as the custom field `rev` a foreign card's REV becomes.
/// A value that does not read (a
/// stage rolo does not know, a cadence that is not a number, fields that
/// are not a JSON object of strings) stays a custom field, as any unknown
/// property does.
pub fn restore_rolo_properties(draft: &mut CustomerDraft) {
    let custom = &mut draft.custom;
    if custom.contains_key("x-rolo-id") {
        custom.remove("rev");
    }
    let mut take = |key: &str, f: &mut dyn FnMut(&str) -> bool| {
        if let Some(value) = custom.get(key)
            && f(value)
        {
            custom.remove(key);
        }
    };
    let (mut stage, mut cadence, mut fields) = (None, None, None);
    take("x-rolo-stage", &mut |v| {
        stage = Stage::parse(v).ok();
        stage.is_some()
    });
    take("x-rolo-cadence", &mut |v| {
        cadence = v.parse::<u32>().ok();
        cadence.is_some()
    });
    take("x-rolo-fields", &mut |v| {
        fields = serde_json::from_str::<BTreeMap<String, String>>(v).ok();
        fields.is_some()
    });
    let mut text = |key: &str, field: &mut String| {
        take(key, &mut |v| {
            *field = v.to_string();
            true
        })
    };
    text("x-rolo-industry", &mut draft.industry);
    text("x-rolo-source", &mut draft.source);
    text("x-rolo-owner", &mut draft.owner);
    text("x-rolo-campaign", &mut draft.campaign);
    let mut zone = String::new();
    text("x-rolo-timezone", &mut zone);
    if !zone.is_empty() {
        draft.timezone = Some(zone);
    }
    if let Some(stage) = stage {
        draft.stage = stage;
    }
    if cadence.is_some() {
        draft.cadence = cadence;
    }
    for (key, value) in fields.unwrap_or_default() {
        draft.custom.entry(key).or_insert(value);
    }
}
