//! `import PATH [--kind customers|interactions] [--skip-invalid] [--dry-run]`:
//! the TUI's one command with an argument. It runs on the app's import
//! worker, so the shared [`super::parse`] refuses it (pointing `rolo do`
//! users at `rolo import`) and the TUI parses it here first.
//!
//! Words split at whitespace; `"…"` and `'…'` group a path with spaces, and
//! a backslash outside single quotes takes the next character literally
//! (`my\ contacts.csv`). Options may come before or after the path;
//! `--kind=interactions` works too. `~` is expanded by the caller
//! ([`expand_home`]), which knows the home directory.

use super::error::ParseError;
use super::registry::Verb;
use std::ops::Range;
use std::path::PathBuf;

/// The verb, for completion, help and suggestions. Not in [`super::VERBS`]:
/// those are the verbs `rolo do` runs.
pub const IMPORT_VERB: Verb = Verb {
    name: "import",
    aliases: &["导入"],
    usage: "import <file> [--kind customers|interactions] [--skip-invalid] [--dry-run]",
    description: "Import a CSV/TSV/vCard file of customers or follow-ups",
};

/// What the file holds, when the user says so (else it is detected).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    Customers,
    /// Follow-up records: interactions with next actions.
    Interactions,
    /// An orders sheet.
    Orders,
}

/// A parsed `import` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportLine {
    /// As typed, quotes and escapes removed, `~` not yet expanded.
    pub path: String,
    pub kind: Option<ImportKind>,
    pub skip_invalid: bool,
    pub dry_run: bool,
}

/// Whether the line's first word is the `import` verb.
pub fn is_import(line: &str) -> bool {
    line.split_whitespace().next().is_some_and(|first| {
        let first = first.to_lowercase();
        first == IMPORT_VERB.name || IMPORT_VERB.aliases.contains(&first.as_str())
    })
}

/// Parse an `import` line; `None` if the line is not one.
pub fn parse_import(line: &str) -> Option<Result<ImportLine, ParseError>> {
    is_import(line).then(|| parse_words(line))
}

/// The error the shared parser gives for an `import` line (`rolo do`, a keymap).
pub(super) fn not_here(line: &str) -> ParseError {
    let start = line.len() - line.trim_start().len();
    let end = line[start..]
        .find(char::is_whitespace)
        .map_or(line.len(), |i| start + i);
    ParseError::new(
        "\"import\" runs in the app's palette; from the shell use: rolo import FILE [--kind customers|interactions] [--skip-invalid] [--dry-run]",
        start..end,
    )
}

fn parse_words(line: &str) -> Result<ImportLine, ParseError> {
    let words = split(line)?;
    let mut out = ImportLine {
        path: String::new(),
        kind: None,
        skip_invalid: false,
        dry_run: false,
    };
    let mut path_span: Option<Range<usize>> = None;
    let mut rest = words.iter().skip(1);
    let verb_end = words.first().map_or(0, |w| w.span.end);
    while let Some(word) = rest.next() {
        let text = word.text.as_str();
        match (word.quoted, text) {
            (false, "--skip-invalid") => out.skip_invalid = true,
            (false, "--dry-run") => out.dry_run = true,
            (false, "--kind") => {
                let value = rest.next().ok_or_else(|| {
                    ParseError::new(
                        "\"--kind\" needs a value: customers, interactions or orders",
                        word.span.clone(),
                    )
                })?;
                out.kind = Some(kind(&value.text, value.span.clone())?);
            }
            (false, _) if text.starts_with("--kind=") => {
                let value = &text["--kind=".len()..];
                out.kind = Some(kind(value, word.span.clone())?);
            }
            (false, _) if text.starts_with("--") => {
                return Err(ParseError::new(
                    format!(
                        "unknown option \"{text}\" (options: --kind customers|interactions, --skip-invalid, --dry-run)"
                    ),
                    word.span.clone(),
                ));
            }
            _ => {
                if let Some(first) = &path_span {
                    return Err(ParseError::new(
                        format!(
                            "one file at a time (quote a path with spaces: \"{} {text}\")",
                            line.get(first.clone()).unwrap_or_default()
                        ),
                        word.span.clone(),
                    ));
                }
                out.path = word.text.clone();
                path_span = Some(word.span.clone());
            }
        }
    }
    if out.path.is_empty() {
        return Err(ParseError::new(
            format!(
                "missing file after \"import\" (usage: {})",
                IMPORT_VERB.usage
            ),
            verb_end..verb_end,
        ));
    }
    Ok(out)
}

fn kind(value: &str, span: Range<usize>) -> Result<ImportKind, ParseError> {
    match value.to_lowercase().as_str() {
        "customers" | "customer" => Ok(ImportKind::Customers),
        "interactions" | "interaction" | "follow-ups" | "followups" => Ok(ImportKind::Interactions),
        "orders" | "order" | "订单" => Ok(ImportKind::Orders),
        other => Err(ParseError::new(
            format!("unknown kind \"{other}\" (customers, interactions or orders)"),
            span,
        )),
    }
}

/// One word of the line, unquoted, with its span in the line.
struct Word {
    text: String,
    span: Range<usize>,
    /// Any part was quoted or escaped: never an option.
    quoted: bool,
}

/// Split at unquoted whitespace, removing quotes and escapes.
fn split(line: &str) -> Result<Vec<Word>, ParseError> {
    let mut words = Vec::new();
    let mut current: Option<Word> = None;
    let mut quote: Option<(char, usize)> = None;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let end = i + c.len_utf8();
        let word = current.get_or_insert_with(|| Word {
            text: String::new(),
            span: i..i,
            quoted: false,
        });
        match (quote, c) {
            (Some((q, _)), c) if c == q => {
                quote = None;
            }
            (Some(('"', _)), '\\') if matches!(chars.peek(), Some((_, '"' | '\\'))) => {
                if let Some((_, next)) = chars.next() {
                    word.text.push(next);
                }
            }
            (Some(_), c) => word.text.push(c),
            (None, '"' | '\'') => {
                quote = Some((c, i));
                word.quoted = true;
            }
            (None, '\\') => {
                word.quoted = true;
                if let Some((_, next)) = chars.next() {
                    word.text.push(next);
                }
            }
            (None, c) if c.is_whitespace() => {
                if let Some(done) = current.take()
                    && done.span.start < i
                {
                    words.push(done);
                }
                continue;
            }
            (None, c) => word.text.push(c),
        }
        // The span runs to the end of what was consumed (an escape's pair too).
        let consumed = chars.peek().map_or(line.len(), |(j, _)| *j).max(end);
        if let Some(word) = current.as_mut() {
            word.span.end = consumed;
        }
    }
    if let Some((q, at)) = quote {
        return Err(ParseError::new(
            format!("unterminated quote: add the closing {q}"),
            at..line.len(),
        ));
    }
    if let Some(done) = current.take()
        && done.span.start < done.span.end
    {
        words.push(done);
    }
    Ok(words)
}

/// For completion: where the path being typed at the end of `head` (the
/// line up to the cursor) starts, and its text unquoted. `None` while the
/// verb is typed, or when the word is an option or the value of `--kind`.
pub fn path_at_end(head: &str) -> Option<(usize, String)> {
    if !is_import(head) {
        return None;
    }
    /// A word: where it starts, its text, whether any of it was quoted.
    type Part = (usize, String, bool);
    let mut words: Vec<Part> = Vec::new();
    let mut current: Option<Part> = None;
    let mut quote: Option<char> = None;
    let mut chars = head.char_indices();
    while let Some((i, c)) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => current.get_or_insert((i, String::new(), true)).1.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                current.get_or_insert((i, String::new(), true)).2 = true;
            }
            (None, '\\') => {
                let word = current.get_or_insert((i, String::new(), true));
                word.2 = true;
                if let Some((_, next)) = chars.next() {
                    word.1.push(next);
                }
            }
            (None, c) if c.is_whitespace() => words.extend(current.take()),
            (None, c) => current.get_or_insert((i, String::new(), false)).1.push(c),
        }
    }
    // Still on the verb.
    let (_, previous, previous_quoted) = words.last()?;
    let (start, text, quoted) = current.unwrap_or((head.len(), String::new(), false));
    let option = !quoted && text.starts_with('-');
    let kind_value = !previous_quoted && previous == "--kind";
    (!option && !kind_value).then_some((start, text))
}

/// A path as a palette word: spaces, quotes and backslashes escaped.
pub fn escape_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if c.is_whitespace() || matches!(c, '"' | '\'' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `~` or `~/…` with the home directory in front; anything else as is.
pub fn expand_home(path: &str, home: Option<&str>) -> PathBuf {
    match (path.strip_prefix('~'), home) {
        (Some(""), Some(home)) => PathBuf::from(home),
        (Some(rest), Some(home)) if rest.starts_with('/') => {
            PathBuf::from(format!("{}{rest}", home.trim_end_matches('/')))
        }
        _ => PathBuf::from(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(line: &str) -> ImportLine {
        match parse_import(line) {
            Some(Ok(parsed)) => parsed,
            other => panic!("{line}: {other:?}"),
        }
    }

    fn err(line: &str) -> ParseError {
        match parse_import(line) {
            Some(Err(e)) => e,
            other => panic!("{line}: {other:?}"),
        }
    }

    #[test]
    fn paths_options_and_quotes() {
        let plain = ok("import x.csv");
        assert_eq!(plain.path, "x.csv");
        assert_eq!(
            (plain.kind, plain.skip_invalid, plain.dry_run),
            (None, false, false)
        );
        assert_eq!(ok("  IMPORT --dry-run ~/a.csv").path, "~/a.csv");
        let all = ok("import --dry-run \"~/my files/a b.csv\" --kind=customers --skip-invalid");
        assert_eq!(all.path, "~/my files/a b.csv");
        assert_eq!(all.kind, Some(ImportKind::Customers));
        assert!(all.skip_invalid && all.dry_run);
        assert_eq!(ok("import 'it''s.csv'").path, "its.csv");
        assert_eq!(ok(r"import my\ contacts.csv").path, "my contacts.csv");
        assert_eq!(ok(r#"import "a \"q\".csv""#).path, "a \"q\".csv");
        assert_eq!(ok("导入 客户列表.csv").path, "客户列表.csv");
        // A quoted word is a path even if it looks like an option.
        assert_eq!(ok("import '--dry-run'").path, "--dry-run");
        assert_eq!(
            ok("import f.txt --kind follow-ups").kind,
            Some(ImportKind::Interactions)
        );
        assert!(parse_import("call acme").is_none());
        assert!(parse_import("importer x").is_none());
    }

    #[test]
    fn errors_point_at_the_words() {
        let line = "import a b";
        assert!(err(line).message.contains("one file at a time"));
        assert_eq!(&line[err(line).span], "b");
        let line = "import a --kind people";
        assert_eq!(&line[err(line).span], "people");
        let line = "import a --frobnicate";
        assert_eq!(&line[err(line).span], "--frobnicate");
        assert_eq!(err("import").span, 6..6);
        assert!(err("import  --dry-run").message.contains("missing file"));
        assert!(err("import --kind").message.contains("needs a value"));
        let line = "import \"a b.csv";
        assert!(err(line).message.contains("unterminated"));
        assert_eq!(err(line).span, 7..line.len());
    }

    #[test]
    fn spans_stay_on_char_boundaries() {
        for line in [
            "import 客户 列表",
            "import \\客",
            "import '客",
            "import \\",
            "import 客户.csv --kind 人",
        ] {
            if let Some(Err(e)) = parse_import(line) {
                assert!(line.get(e.span.clone()).is_some(), "{line}: {e:?}");
            }
        }
    }

    #[test]
    fn the_path_being_typed_is_found_for_completion() {
        assert_eq!(path_at_end("import"), None);
        assert_eq!(path_at_end("call acme"), None);
        assert_eq!(path_at_end("import "), Some((7, String::new())));
        assert_eq!(path_at_end("import ~/Do"), Some((7, "~/Do".into())));
        assert_eq!(
            path_at_end(r"import --dry-run my\ fi"),
            Some((17, "my fi".into()))
        );
        assert_eq!(path_at_end("import \"my fi"), Some((7, "my fi".into())));
        assert_eq!(path_at_end("import --dr"), None);
        assert_eq!(path_at_end("import x.csv --kind "), None);
        assert_eq!(path_at_end("import x.csv --kind cu"), None);
        assert_eq!(path_at_end("导入 客"), Some((7, "客".into())));
        // What completion inserts parses back to the same path.
        let path = "~/my files/it's \"x\".csv";
        let line = format!("import {}", escape_path(path));
        assert_eq!(ok(&line).path, path);
        assert_eq!(path_at_end(&line).map(|(_, p)| p), Some(path.to_string()));
    }

    #[test]
    fn home_is_expanded_only_at_the_start() {
        let home = Some("/home/ann/");
        assert_eq!(
            expand_home("~/a.csv", home),
            PathBuf::from("/home/ann/a.csv")
        );
        assert_eq!(expand_home("~", home), PathBuf::from("/home/ann/"));
        assert_eq!(expand_home("~bob/a.csv", home), PathBuf::from("~bob/a.csv"));
        assert_eq!(expand_home("a/~/b", home), PathBuf::from("a/~/b"));
        assert_eq!(expand_home("~/a.csv", None), PathBuf::from("~/a.csv"));
    }
}
