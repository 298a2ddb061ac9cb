//! Header aliases of the exports salespeople bring: Salesforce contacts and
//! leads, HubSpot contacts, Google Contacts, Outlook contacts and the usual
//! Chinese CRM sheets. The table is data, `headers.toml` beside this file,
//! built into the binary; a `headers.toml` in the config directory adds to
//! it ([`install`]). Headers are compared by [`key`]: lowercase, without
//! spaces or punctuation, so `E-mail Address`, `email address` and
//! `EMAIL_ADDRESS` agree. Numbered Google/Outlook columns (`Phone 2 -
//! Value`, `E-mail 3 Address`) are looked up once more without their digits.

use super::Field;
use std::collections::HashMap;
use std::sync::OnceLock;

/// One `--map` field name: a header key (see [`key`]) and the field it means.
type Alias = (&'static str, Field);

/// The built-in header table.
pub const BUILTIN: &str = include_str!("headers.toml");

/// The tables of a headers file, in lookup order: a header known to an
/// earlier table means what that table says.
pub const SECTIONS: [&str; 4] = ["customers", "customers-zh", "follow-ups", "orders"];

/// The field a headers file names: `Field`'s display names.
pub fn field_named(name: &str) -> Option<Field> {
    Some(match name {
        "name" => Field::Name,
        "first-name" => Field::FirstName,
        "last-name" => Field::LastName,
        "company" => Field::Company,
        "title" => Field::Title,
        "email" => Field::Email,
        "phone" => Field::Phone,
        "industry" => Field::Industry,
        "tags" => Field::Tags,
        "stage" => Field::Stage,
        "source" => Field::Source,
        "campaign" => Field::Campaign,
        "owner" => Field::Owner,
        "address" => Field::Address,
        "cadence" => Field::Cadence,
        "notes" => Field::Notes,
        "last-contact" => Field::LastContact,
        "next-action" => Field::NextAction,
        "external-id" => Field::ExternalId,
        "created" => Field::Created,
        "customer" => Field::Customer,
        "author" => Field::Author,
        "at" => Field::At,
        "kind" => Field::Kind,
        "summary" => Field::Summary,
        "feedback" => Field::Feedback,
        "next" => Field::Next,
        "due" => Field::Due,
        "amount" => Field::Amount,
        "currency" => Field::Currency,
        "order-no" => Field::OrderNo,
        "payment" => Field::Payment,
        "invoice" => Field::Invoice,
        "items" => Field::Items,
        "order-date" => Field::OrderDate,
        _ => return None,
    })
}

/// A headers file read: (section, field name, headers as written), in file
/// order. Refuses unknown sections and fields, headers with no letters or
/// digits, and a header given to two fields of one table.
pub fn entries(text: &str) -> Result<Vec<(String, String, Vec<String>)>, String> {
    let doc: toml::Table = toml::from_str(text).map_err(|e| e.to_string().trim().to_string())?;
    let mut out = Vec::new();
    for (section, fields) in &doc {
        if !SECTIONS.contains(&section.as_str()) {
            return Err(format!(
                "unknown table [{section}] (expected one of: {})",
                SECTIONS.join(", ")
            ));
        }
        let fields = fields
            .as_table()
            .ok_or_else(|| format!("[{section}] must be a table of field = [headers]"))?;
        let mut seen: HashMap<String, &str> = HashMap::new();
        for (field, headers) in fields {
            if field_named(field).is_none() {
                return Err(format!("[{section}]: unknown field \"{field}\""));
            }
            let headers = headers
                .as_array()
                .ok_or_else(|| format!("[{section}] {field}: expected a list of headers"))?;
            let mut list = Vec::with_capacity(headers.len());
            for h in headers {
                let h = h
                    .as_str()
                    .ok_or_else(|| format!("[{section}] {field}: headers are strings"))?;
                let k = key(h);
                if k.is_empty() {
                    return Err(format!(
                        "[{section}] {field}: \"{h}\" has no letters or digits"
                    ));
                }
                if let Some(other) = seen.insert(k.clone(), field) {
                    return Err(format!(
                        "[{section}]: \"{h}\" is given to both {other} and {field}"
                    ));
                }
                list.push(h.to_string());
            }
            out.push((section.clone(), field.clone(), list));
        }
    }
    Ok(out)
}

/// Header keys to fields, one map per [`SECTIONS`] table.
#[derive(Debug, Clone, Default)]
pub struct Aliases {
    tables: [HashMap<String, Field>; 4],
}

impl Aliases {
    /// The built-in table with `user`'s headers file over it (a header the
    /// user lists means what the user says).
    pub fn with(user: Option<&str>) -> Result<Aliases, String> {
        let mut aliases = Aliases::default();
        for text in std::iter::once(BUILTIN).chain(user) {
            for (section, field, headers) in entries(text)? {
                let at = SECTIONS.iter().position(|s| *s == section).unwrap_or(0);
                let field = field_named(&field).unwrap_or(Field::Name);
                for h in headers {
                    aliases.tables[at].insert(key(&h), field.clone());
                }
            }
        }
        Ok(aliases)
    }

    fn find(&self, key: &str) -> Option<Field> {
        self.tables.iter().find_map(|t| t.get(key).cloned())
    }
}

static ACTIVE: OnceLock<Aliases> = OnceLock::new();

/// The table imports use: the built-in one unless [`install`] put the
/// user's over it first.
fn active() -> &'static Aliases {
    ACTIVE.get_or_init(|| {
        // The built-in table is tested to parse; failing here is a build bug.
        Aliases::with(None).expect("the built-in headers.toml parses")
    })
}

/// Use the built-in table with the user's headers file (the text of
/// `headers.toml` in the config directory) over it, for this process. Call
/// before the first import; a later call changes nothing.
pub fn install(user: &str) -> Result<(), String> {
    let aliases = Aliases::with(Some(user))?;
    let _ = ACTIVE.set(aliases);
    Ok(())
}

/// The names `--map 'Header=field'` accepts (besides `custom:…` and any alias).
pub(super) const FIELD_NAMES: &[Alias] = &[
    ("name", Field::Name),
    ("firstname", Field::FirstName),
    ("first", Field::FirstName),
    ("lastname", Field::LastName),
    ("last", Field::LastName),
    ("company", Field::Company),
    ("title", Field::Title),
    ("email", Field::Email),
    ("phone", Field::Phone),
    ("industry", Field::Industry),
    ("tags", Field::Tags),
    ("stage", Field::Stage),
    ("source", Field::Source),
    ("campaign", Field::Campaign),
    ("owner", Field::Owner),
    ("address", Field::Address),
    ("cadence", Field::Cadence),
    ("notes", Field::Notes),
    ("lastcontact", Field::LastContact),
    ("nextaction", Field::NextAction),
    ("externalid", Field::ExternalId),
    ("id", Field::ExternalId),
    ("customer", Field::Customer),
    ("author", Field::Author),
    ("at", Field::At),
    ("kind", Field::Kind),
    ("summary", Field::Summary),
    ("feedback", Field::Feedback),
    ("next", Field::Next),
    ("due", Field::Due),
    ("amount", Field::Amount),
    ("currency", Field::Currency),
    ("orderno", Field::OrderNo),
    ("payment", Field::Payment),
    ("invoice", Field::Invoice),
    ("items", Field::Items),
    ("orderdate", Field::OrderDate),
];

/// The comparison form of a header: lowercase letters and digits only
/// (CJK characters count as letters).
pub(super) fn key(header: &str) -> String {
    header
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn find(table: &[Alias], key: &str) -> Option<Field> {
    table
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, f)| f.clone())
}

/// The field a header means, if any table knows it.
pub(super) fn lookup(header: &str) -> Option<Field> {
    let k = key(header);
    if k.is_empty() {
        return None;
    }
    let aliases = active();
    aliases.find(&k).or_else(|| {
        // `Phone 2 - Value`, `E-mail 3 Address`, `Organization 1 - Name`.
        let undigited: String = k.chars().filter(|c| !c.is_ascii_digit()).collect();
        if undigited == k || undigited.is_empty() {
            None
        } else {
            aliases.find(&undigited)
        }
    })
}

/// A `--map` field name: a rolo field name, or any header alias.
pub(super) fn field_name(name: &str) -> Option<Field> {
    find(FIELD_NAMES, &key(name)).or_else(|| lookup(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BEGIN: &str =
        "<!-- headers: begin (generated from src/interchange/mapping/headers.toml) -->";
    const END: &str = "<!-- headers: end -->";

    /// The header list of docs/IMPORT.md, made from the built-in table.
    fn listing() -> String {
        let titles = [
            ("customers", "Customer columns (English sources)"),
            ("customers-zh", "Chinese CRM sheets"),
            ("follow-ups", "Follow-up columns (English)"),
            ("orders", "Order columns (English and Chinese)"),
        ];
        let mut out = String::new();
        let entries = entries(BUILTIN).expect("the built-in table parses");
        for (section, title) in titles {
            out.push_str(&format!("\n### {title} (`[{section}]`)\n\n"));
            out.push_str("| field | headers |\n|---|---|\n");
            for (_, field, headers) in entries.iter().filter(|(s, _, _)| s == section) {
                let headers: Vec<String> = headers.iter().map(|h| format!("`{h}`")).collect();
                out.push_str(&format!("| `{field}` | {} |\n", headers.join(", ")));
            }
        }
        out
    }

    #[test]
    fn the_built_in_table_parses_and_docs_list_every_header() {
        let aliases = Aliases::with(None).expect("parses");
        assert_eq!(aliases.find("emailaddress"), Some(Field::Email));
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/IMPORT.md");
        let doc = std::fs::read_to_string(path).expect("docs/IMPORT.md");
        let (before, rest) = doc.split_once(BEGIN).expect("begin marker");
        let (_, after) = rest.split_once(END).expect("end marker");
        let want = format!("{before}{BEGIN}\n{}\n{END}{after}", listing());
        if std::env::var_os("ROLO_BLESS").is_some() {
            std::fs::write(path, &want).expect("write docs");
        }
        assert!(
            doc == want,
            "docs/IMPORT.md's header list is stale; run with ROLO_BLESS=1 to regenerate"
        );
    }

    #[test]
    fn a_user_table_adds_headers_and_bad_ones_are_refused() {
        let user = "[customers]\nname = [\"Kundenname\"]\nphone = [\"mobile\"]\n";
        let aliases = Aliases::with(Some(user)).expect("parses");
        assert_eq!(aliases.find("kundenname"), Some(Field::Name));
        assert_eq!(aliases.find("mobile"), Some(Field::Phone));
        assert_eq!(aliases.find("email"), Some(Field::Email), "built-ins stay");
        for (bad, says) in [
            ("[customer]\nname = [\"x\"]", "unknown table [customer]"),
            ("[customers]\nnom = [\"x\"]", "unknown field \"nom\""),
            ("[customers]\nname = \"x\"", "expected a list"),
            ("[customers]\nname = [\"--\"]", "no letters or digits"),
            (
                "[customers]\nname = [\"Who\"]\ncompany = [\"WHO\"]",
                "given to both",
            ),
            ("[customers", "unclosed table"),
        ] {
            let err = Aliases::with(Some(bad)).expect_err(bad);
            assert!(err.contains(says), "{bad}: {err}");
        }
    }
}
