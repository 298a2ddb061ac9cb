//! What the word under the cursor is, what it could be, and the grammar
//! of the verb being typed. Pure: the caller passes in the candidates it
//! already has (the TUI: its loaded tasks, deals, cases and stages), so
//! this module reads no store.
//!
//! - [`slot`]: the kind of word being typed after the verb (a task id, a
//!   deal id, a stage…), from [`ARGS`], the one table of what each verb
//!   takes where;
//! - [`candidates`]: the candidates for that slot that fit what is typed —
//!   an id by its digits, a record by words of its title — each shown with
//!   its title and inserted as `#id`;
//! - [`usage`]: the verb's one-line grammar from the registry, shown once
//!   the verb is typed.

use super::lexer;
use super::registry::{self, Verb};
use std::ops::Range;

/// What a word after a verb names, for completion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arg {
    /// Customer words (completed by the TUI's search, not here).
    Customer,
    Task,
    Deal,
    Case,
    /// A pipeline stage (`move 5 prop`).
    Stage,
    /// Nothing to complete (free text, a date).
    Text,
}

/// What each verb takes, word by word after it: the last entry repeats
/// (`done 12 13 14`). Verbs not listed take customer words. A verb added
/// to the registry that takes an id gets a line here.
pub const ARGS: &[(&str, &[Arg])] = &[
    ("done", &[Arg::Task]),
    ("snooze", &[Arg::Task, Arg::Text]),
    ("won", &[Arg::Deal, Arg::Text]),
    ("lost", &[Arg::Deal, Arg::Text]),
    ("move", &[Arg::Deal, Arg::Stage, Arg::Text]),
    ("respond", &[Arg::Case, Arg::Text]),
    ("resolve", &[Arg::Case, Arg::Text]),
    ("add", &[Arg::Text]),
];

/// The word being completed: what it is, where it starts, what is typed of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot<'a> {
    pub arg: Arg,
    /// Byte range of the typed part of the word in the line.
    pub span: Range<usize>,
    pub typed: &'a str,
}

/// The slot at the end of `line` (the text up to the cursor), when the
/// first word is a verb followed by a space. `None` while the verb itself
/// is typed, or when `:` / `->` / `@` has begun free text.
pub fn slot(line: &str) -> Option<Slot<'_>> {
    let verb = verb_of(line)?;
    let words = lexer::words(line, verb.1.end..line.len(), &[',', '，']);
    if line.ends_with(char::is_whitespace) || line.ends_with([',', '，']) {
        // A new word starts at the end of the line.
        return Some(Slot {
            arg: arg_at(verb.0, words.len())?,
            span: line.len()..line.len(),
            typed: "",
        });
    }
    let last = words.last()?;
    Some(Slot {
        arg: arg_at(verb.0, words.len() - 1)?,
        span: last.span.clone(),
        typed: last.text,
    })
}

/// The verb of `line` and its span, once a space (or a glued Chinese verb's
/// first following character) shows it is complete. Free text has begun
/// after `:`, `->` or `@`: nothing is completed then.
fn verb_of(line: &str) -> Option<(&'static Verb, Range<usize>)> {
    let first = lexer::first_word(line)?;
    let (verb, typed) = super::parse::find_verb(&first)?;
    let rest = line.get(typed.span.end..)?;
    let glued = typed.span.end < first.span.end;
    if rest.is_empty() || !(glued || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    let free_text = rest.contains([':', '：', '→'])
        || rest.contains("->")
        || lexer::when_marker(line, typed.span.end..line.len()).is_some();
    (!free_text).then_some((verb, typed.span))
}

/// What the `index`-th word after `verb` is (the last listed repeats).
fn arg_at(verb: &Verb, index: usize) -> Option<Arg> {
    match ARGS.iter().find(|(name, _)| *name == verb.name) {
        Some((_, args)) => args.get(index).or(args.last()).copied(),
        None => Some(Arg::Customer),
    }
}

/// A record the palette can offer: its id and what it is called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    pub id: u64,
    pub title: String,
    /// Shown after the title (`· Ann Lee`, `· proposal`), may be empty.
    pub detail: String,
}

/// What the caller has loaded, to complete from.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sources<'a> {
    pub tasks: &'a [Known],
    pub deals: &'a [Known],
    pub cases: &'a [Known],
    /// The pipeline's stages in order.
    pub stages: &'a [String],
}

/// One completion: what the list shows and what Tab inserts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub label: String,
    pub insert: String,
}

/// The candidates for `slot`, best first, at most `limit`: ids that start
/// with the typed digits, then records whose title contains every typed
/// word (ignoring case); stages by prefix, then containing the letters.
pub fn candidates(slot: &Slot<'_>, sources: &Sources<'_>, limit: usize) -> Vec<Candidate> {
    let records = match slot.arg {
        Arg::Task => sources.tasks,
        Arg::Deal => sources.deals,
        Arg::Case => sources.cases,
        Arg::Stage => return stages(slot.typed, sources.stages, limit),
        Arg::Customer | Arg::Text => return Vec::new(),
    };
    let typed = slot.typed.trim_start_matches('#').to_lowercase();
    let by_id = records
        .iter()
        .filter(|k| k.id.to_string().starts_with(&typed));
    let by_title = records.iter().filter(|k| {
        !typed.is_empty()
            && !k.id.to_string().starts_with(&typed)
            && k.title.to_lowercase().contains(&typed)
    });
    let mut seen = std::collections::HashSet::new();
    by_id
        .chain(by_title)
        .filter(|k| seen.insert(k.id))
        .take(limit)
        .map(|k| {
            let mut label = format!("#{} {}", k.id, k.title);
            if !k.detail.is_empty() {
                label.push_str(&format!(" · {}", k.detail));
            }
            Candidate {
                label: crate::text::sanitize(&label).into_owned(),
                insert: format!("#{}", k.id),
            }
        })
        .collect()
}

fn stages(typed: &str, stages: &[String], limit: usize) -> Vec<Candidate> {
    let typed = typed.to_lowercase();
    let prefix = stages
        .iter()
        .filter(|s| s.to_lowercase().starts_with(&typed));
    let inside = stages.iter().filter(|s| {
        let s = s.to_lowercase();
        !s.starts_with(&typed) && s.contains(&typed)
    });
    prefix
        .chain(inside)
        .take(limit)
        .map(|s| Candidate {
            label: format!("stage: {}", crate::text::sanitize(s)),
            insert: s.clone(),
        })
        .collect()
}

/// The grammar of the verb `line` starts with (`call <customer> [: summary]
/// …`), once it is typed and followed by a space — from the registry, the
/// same line "missing …" errors quote.
pub fn usage(line: &str) -> Option<&'static str> {
    let first = lexer::first_word(line)?;
    let (verb, typed) = match super::parse::find_verb(&first) {
        Some(found) => found,
        None if first.text.eq_ignore_ascii_case(super::IMPORT_VERB.name) => {
            (&super::IMPORT_VERB, first.clone())
        }
        None => return None,
    };
    let rest = line.get(typed.span.end..)?;
    // Typing the verb itself: the completions describe it.
    if rest.is_empty() && registry::verb(first.text).is_some() {
        return None;
    }
    Some(verb.usage)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(id: u64, title: &str, detail: &str) -> Known {
        Known {
            id,
            title: title.into(),
            detail: detail.into(),
        }
    }

    #[test]
    fn slots_follow_the_verbs_arguments() {
        let cases: &[(&str, Option<(Arg, &str)>)] = &[
            ("done ", Some((Arg::Task, ""))),
            ("done 1", Some((Arg::Task, "1"))),
            ("done 12 #1", Some((Arg::Task, "#1"))),
            ("done 12,", Some((Arg::Task, ""))),
            ("snooze 1", Some((Arg::Task, "1"))),
            ("snooze 12 to", Some((Arg::Text, "to"))),
            ("move ", Some((Arg::Deal, ""))),
            ("move #5 ", Some((Arg::Stage, ""))),
            ("move 5 pro", Some((Arg::Stage, "pro"))),
            ("推进 5 pro", Some((Arg::Stage, "pro"))),
            ("推进5 pro", Some((Arg::Stage, "pro"))),
            ("email li@acme.com", Some((Arg::Customer, "li@acme.com"))),
            ("won se", Some((Arg::Deal, "se"))),
            ("resolve 2: sent", None),
            ("lost 5: pri", None),
            ("respond ", Some((Arg::Case, ""))),
            ("call acme", Some((Arg::Customer, "acme"))),
            ("call acme: hi", None),
            ("call acme -> x", None),
            ("task acme @fr", None),
            ("done", None),
            ("", None),
            ("xyzzy 12", None),
        ];
        for (line, want) in cases {
            let got = slot(line).map(|s| (s.arg, s.typed));
            assert_eq!(got, *want, "{line:?}");
            if let Some(s) = slot(line) {
                assert_eq!(&line[s.span.clone()], s.typed, "{line:?}");
                assert_eq!(s.span.end, line.len(), "{line:?}");
            }
        }
    }

    #[test]
    fn ids_complete_by_digits_then_by_title() {
        let tasks = [
            known(12, "send quote", "Ann Lee"),
            known(13, "寄送样品", "张伟"),
            known(21, "quote follow-up", ""),
        ];
        let sources = Sources {
            tasks: &tasks,
            ..Default::default()
        };
        let inserted = |line: &str| -> Vec<String> {
            let slot = slot(line).expect("a slot");
            candidates(&slot, &sources, 6)
                .into_iter()
                .map(|c| c.insert)
                .collect()
        };
        assert_eq!(inserted("done "), ["#12", "#13", "#21"]);
        assert_eq!(inserted("done 1"), ["#12", "#13"]);
        assert_eq!(inserted("done #2"), ["#21"]);
        assert_eq!(inserted("done quote"), ["#12", "#21"]);
        assert_eq!(inserted("done 样品"), ["#13"]);
        assert_eq!(inserted("done 9"), Vec::<String>::new());
        let slot = slot("done 12").expect("a slot");
        let labels: Vec<String> = candidates(&slot, &sources, 6)
            .into_iter()
            .map(|c| c.label)
            .collect();
        assert_eq!(labels, ["#12 send quote · Ann Lee"]);
    }

    #[test]
    fn stages_complete_after_the_deal_id() {
        let stages = ["qualify", "discovery", "proposal", "negotiation"].map(String::from);
        let sources = Sources {
            stages: &stages,
            ..Default::default()
        };
        let inserted = |line: &str| -> Vec<String> {
            let slot = slot(line).expect("a slot");
            candidates(&slot, &sources, 6)
                .into_iter()
                .map(|c| c.insert)
                .collect()
        };
        assert_eq!(inserted("move 5 pro"), ["proposal"]);
        assert_eq!(inserted("move 5 "), stages.to_vec());
        assert_eq!(inserted("move 5 ti"), ["negotiation"]);
        assert_eq!(inserted("move 5 "), inserted("move #5 "));
    }

    #[test]
    fn usage_comes_from_the_registry_once_the_verb_is_typed() {
        assert_eq!(usage("call"), None, "the verb is still being typed");
        let call = registry::verb("call").map(|v| v.usage);
        assert_eq!(usage("call "), call);
        assert_eq!(usage("call acme: hi"), call);
        assert_eq!(usage("电话张伟"), call, "a glued Chinese verb");
        assert_eq!(usage("move 5"), registry::verb("move").map(|v| v.usage));
        assert_eq!(usage("import "), Some(super::super::IMPORT_VERB.usage));
        assert_eq!(usage("view today"), None);
        assert_eq!(usage("xyzzy "), None);
        assert_eq!(usage(""), None);
    }
}
