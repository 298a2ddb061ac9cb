//! The E.164, national and international forms of a parsed number, by the
//! same rules as the `phonenumber` crate's formatter. Its `Display` starts
//! with `database.unwrap_or(&DATABASE)`, which forces the crate's whole
//! database (~100 ms) even when given another one, so the rules are
//! applied here to the number's own metadata instead. `tests::
//! keys_agree_with_the_crates_own_metadata` holds the two to the same output.

use phonenumber::PhoneNumber;
use phonenumber::metadata::{Database, Format, Metadata};

/// How a card writes a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// `138 0013 8000`, `010 1234 5678`: as dialled at home.
    National,
    /// `+1 773-555-9306`: as dialled from abroad.
    International,
}

/// `+8613800138000`: the key a number is matched by.
pub fn e164(n: &PhoneNumber) -> String {
    format!("+{}{}", n.code().value(), n.national())
}

/// The number written in `form`; `None` only when `db` lacks its calling code.
pub fn write(n: &PhoneNumber, db: &Database, form: Form) -> Option<String> {
    let code = n.code().value();
    let meta = db.by_code(&code)?.into_iter().next()?;
    let national = n.national().to_string();
    let formats = if form == Form::National || meta.international_formats().is_empty() {
        meta.formats()
    } else {
        meta.international_formats()
    };
    let body = match choose(&national, formats) {
        None => national,
        Some(format) if form == Form::International => apply(&national, meta, format, None),
        Some(format) => {
            // A domestic carrier code when the number carries one, else
            // the national prefix (`0` in `010 …`) where the rule has it.
            let carrier = n
                .carrier()
                .map(|c| c.to_string())
                .and_then(|c| format.domestic_carrier().map(|rule| (rule, c)));
            match carrier {
                Some((rule, c)) => apply(&national, meta, format, Some((rule, &c))),
                None => match format.national_prefix() {
                    Some(rule) => apply(&national, meta, format, Some((rule, ""))),
                    None => apply(&national, meta, format, None),
                },
            }
        }
    };
    Some(match form {
        Form::National => body,
        Form::International => format!("+{code} {body}"),
    })
}

/// The first format whose leading digits and whole pattern fit the number.
fn choose<'a>(national: &str, formats: &'a [Format]) -> Option<&'a Format> {
    formats.iter().find(|format| {
        let leading_fits = format
            .leading_digits()
            .last()
            .is_none_or(|re| re.find(national).is_some_and(|m| m.start() == 0));
        leading_fits
            && format
                .pattern()
                .find(national)
                .is_some_and(|m| m.start() == 0 && m.end() == national.len())
    })
}

/// Rewrite the number by `format`, first putting `rule` (a national prefix
/// or carrier formatting rule, with its carrier code) in place of the
/// format's first group: rule `0$FG` and format `$1 $2 $3` give `0$1 $2 $3`.
fn apply(national: &str, meta: &Metadata, format: &Format, rule: Option<(&str, &str)>) -> String {
    let template = match rule.and_then(|r| first_group(format.format()).map(|g| (r, g))) {
        None => format.format().to_string(),
        Some(((rule, carrier), (at, group))) => {
            let rule = rule
                .replace("$NP", meta.national_prefix().unwrap_or(""))
                .replace("$FG", group)
                .replace("$CC", carrier);
            let f = format.format();
            format!("{}{rule}{}", &f[..at], &f[at + group.len()..])
        }
    };
    format
        .pattern()
        .replace(national, template.as_str())
        .into_owned()
}

/// Where the first `$n` group reference in a format is, and its text.
fn first_group(format: &str) -> Option<(usize, &str)> {
    let bytes = format.as_bytes();
    (0..bytes.len().saturating_sub(1))
        .find(|&i| bytes[i] == b'$' && bytes[i + 1].is_ascii_digit())
        .map(|i| (i, &format[i..i + 2]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_group_is_found_wherever_it_is() {
        assert_eq!(first_group("$1 $2 $3"), Some((0, "$1")));
        assert_eq!(first_group("($2) $3"), Some((1, "$2")));
        assert_eq!(first_group("no groups"), None);
        assert_eq!(first_group("$"), None);
    }
}
