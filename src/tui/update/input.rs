//! The text inputs: the palette line and the customer filter (the find
//! overlay's line is `find`'s). Editing keys are handled here before the
//! keymap sees them.

use super::super::model::{Completion, Input, Model, Overlay, Palette};
use super::super::msg::Effect;
use super::list;
use crate::config::keymap::{Key, KeyCode};
use crate::domain::CustomerId;
use crate::search::Hit;

/// How many completions the palette shows.
const COMPLETIONS: usize = 6;

/// Handle `key` if a text input has the keyboard and the key edits text.
pub fn edit(model: &mut Model, key: Key) -> Option<Vec<Effect>> {
    if model.find().is_some() {
        return super::find::edit(model, key);
    }
    if let Some(Overlay::Palette(p)) = &mut model.overlay {
        if !edit_input(&mut p.input, key) {
            return None;
        }
        p.error = None;
        p.history_pos = None;
        return Some(complete(model));
    }
    if model.filter.editing {
        return match key.code {
            KeyCode::Enter if no_mods(key) => {
                model.filter.editing = false;
                Some(vec![])
            }
            KeyCode::Esc => {
                model.filter.editing = false;
                model.filter.input = Input::default();
                Some(list::refilter(model))
            }
            KeyCode::Up => Some(list::move_by(model, -1)),
            KeyCode::Down => Some(list::move_by(model, 1)),
            _ if edit_input(&mut model.filter.input, key) => {
                cap_query(&mut model.filter.input);
                Some(list::refilter(model))
            }
            _ => None,
        };
    }
    None
}

/// The filter is a search query: what is typed or pasted past
/// [`MAX_QUERY_CHARS`] characters is not taken.
fn cap_query(input: &mut Input) {
    use crate::search::MAX_QUERY_CHARS;
    if let Some((end, _)) = input.text.char_indices().nth(MAX_QUERY_CHARS) {
        input.text.truncate(end);
        input.cursor = input.cursor.min(end);
    }
}

fn no_mods(key: Key) -> bool {
    !key.mods.ctrl && !key.mods.alt
}

/// Apply an editing key to an input; false if the key is not an editing key.
pub fn edit_input(input: &mut Input, key: Key) -> bool {
    let text = &mut input.text;
    let at = input.cursor.min(text.len());
    let prev = text[..at]
        .chars()
        .next_back()
        .map_or(at, |c| at - c.len_utf8());
    let next = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
    match (key.code, key.mods.ctrl, key.mods.alt) {
        (KeyCode::Char(c), false, false) => {
            text.insert(at, c);
            input.cursor = at + c.len_utf8();
        }
        (KeyCode::Backspace, _, _) | (KeyCode::Char('h'), true, false) => {
            text.replace_range(prev..at, "");
            input.cursor = prev;
        }
        (KeyCode::Delete, _, _) | (KeyCode::Char('d'), true, false) => {
            text.replace_range(at..next, "");
        }
        (KeyCode::Left, false, _) | (KeyCode::Char('b'), true, false) => input.cursor = prev,
        (KeyCode::Right, false, _) | (KeyCode::Char('f'), true, false) => input.cursor = next,
        (KeyCode::Home, _, _) | (KeyCode::Char('a'), true, false) => input.cursor = 0,
        (KeyCode::End, _, _) | (KeyCode::Char('e'), true, false) => input.cursor = text.len(),
        (KeyCode::Char('u'), true, false) => {
            text.replace_range(..at, "");
            input.cursor = 0;
        }
        (KeyCode::Char('k'), true, false) => text.truncate(at),
        (KeyCode::Char('w'), true, false) => {
            let start = word_start(text, at);
            text.replace_range(start..at, "");
            input.cursor = start;
        }
        _ => return false,
    }
    true
}

/// Start of the word before `at` (skipping spaces first), as ctrl-w deletes.
fn word_start(text: &str, at: usize) -> usize {
    let before = &text[..at];
    let trimmed = before.trim_end();
    trimmed
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// Bracketed paste: into the input that has the keyboard (newlines become spaces).
pub fn paste(model: &mut Model, text: &str) -> Vec<Effect> {
    let clean: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if model.find().is_some() {
        return super::find::paste(model, &clean);
    }
    let target = match &mut model.overlay {
        Some(Overlay::Palette(p)) => &mut p.input,
        Some(Overlay::Form) => return super::form::paste(model, text),
        _ if model.filter.editing => &mut model.filter.input,
        _ => return vec![],
    };
    let at = target.cursor.min(target.text.len());
    target.text.insert_str(at, &clean);
    target.cursor = at + clean.len();
    if model.filter.editing && model.overlay.is_none() {
        cap_query(&mut model.filter.input);
        list::refilter(model)
    } else {
        complete(model)
    }
}

/// Recompute the palette's completions for the word under the cursor:
/// verbs for the first word, customers (by the search worker) after it.
pub fn complete(model: &mut Model) -> Vec<Effect> {
    let Some(Overlay::Palette(p)) = &mut model.overlay else {
        return vec![];
    };
    let line = &p.input.text[..p.input.cursor.min(p.input.text.len())];
    // `import <path>`: files, listed by the runtime.
    if let Some((_, partial)) = crate::palette::import::path_at_end(line) {
        model.search_seq += 1;
        p.search_seq = model.search_seq;
        return vec![Effect::ListPaths {
            seq: p.search_seq,
            partial,
        }];
    }
    // Task, deal and case ids, stages: from what the app has loaded.
    if let Some(effects) = super::complete::records(model) {
        return effects;
    }
    let Some(Overlay::Palette(p)) = &mut model.overlay else {
        return vec![];
    };
    let line = &p.input.text[..p.input.cursor.min(p.input.text.len())];
    let Some((verb, rest)) = split_verb(line) else {
        p.completions = verb_completions(line.trim_start());
        return vec![];
    };
    // `segment NAME`: the saved views' names, read fresh each time.
    if is_segment_verb(verb) {
        segment_completions(model);
        return vec![Effect::LoadViewNames];
    }
    let words_verb =
        crate::palette::verb(verb).is_some_and(|v| !matches!(v.name, "done" | "snooze" | "add"));
    if !words_verb || rest.contains([':', '：']) || rest.contains("->") || rest.trim().is_empty() {
        p.completions.clear();
        return vec![];
    }
    model.search_seq += 1;
    p.search_seq = model.search_seq;
    vec![Effect::Search {
        seq: p.search_seq,
        query: rest.trim().to_string(),
    }]
}

fn is_segment_verb(verb: &str) -> bool {
    list::SEGMENT_VERBS
        .iter()
        .any(|v| v.eq_ignore_ascii_case(verb))
}

/// The palette's completions for `segment NAME`: saved views whose name
/// starts with (then contains the letters of) what is typed.
pub fn segment_completions(model: &mut Model) {
    let Some(Overlay::Palette(p)) = &mut model.overlay else {
        return;
    };
    let line = &p.input.text[..p.input.cursor.min(p.input.text.len())];
    let Some((verb, rest)) = split_verb(line) else {
        return;
    };
    if !is_segment_verb(verb) {
        return;
    }
    let typed = rest.trim().trim_start_matches('"').to_lowercase();
    let names = &model.view_names;
    let prefix = names
        .iter()
        .filter(|n| n.to_lowercase().starts_with(&typed));
    let fuzzy = names.iter().filter(|n| {
        let n = n.to_lowercase();
        !n.starts_with(&typed) && subsequence(&typed, &n)
    });
    p.completions = prefix
        .chain(fuzzy)
        .take(COMPLETIONS)
        .map(|name| Completion {
            label: format!("view: {name}"),
            insert: name.clone(),
        })
        .collect();
}

/// `("call", " acme co")` when the line has a first word followed by a space.
fn split_verb(line: &str) -> Option<(&str, &str)> {
    let trimmed = line.trim_start();
    let end = trimmed.find(char::is_whitespace)?;
    Some((&trimmed[..end], &trimmed[end..]))
}

fn verb_completions(typed: &str) -> Vec<Completion> {
    let typed = typed.to_lowercase();
    let verbs = crate::palette::VERBS
        .iter()
        .chain([&crate::palette::IMPORT_VERB])
        .map(|v| (v.name, v.description));
    let ui = crate::palette::UI_COMMANDS
        .iter()
        .filter(|(name, _, _)| *name != "noop")
        .map(|(name, _, desc)| (*name, *desc));
    let mut seen = std::collections::HashSet::new();
    let all: Vec<(&str, &str)> = verbs
        .chain(ui)
        .filter(|(name, _)| seen.insert(*name))
        .collect();
    // Prefix matches first, then fuzzy ones (the letters in order: `sz` → snooze).
    let prefix = all.iter().filter(|(name, _)| name.starts_with(&typed));
    let fuzzy = all
        .iter()
        .filter(|(name, _)| !name.starts_with(&typed) && subsequence(&typed, name));
    prefix
        .chain(fuzzy)
        .take(COMPLETIONS)
        .map(|(name, desc)| Completion {
            label: format!("{name} — {desc}"),
            insert: name.to_string(),
        })
        .collect()
}

/// Whether the chars of `needle` appear in `haystack` in order.
fn subsequence(needle: &str, haystack: &str) -> bool {
    let mut rest = haystack.chars();
    needle.chars().all(|c| rest.any(|h| h == c))
}

/// Search results: for the filter, or for the palette's customer completions.
pub fn searched(model: &mut Model, seq: u64, hits: Vec<Hit>, total: usize) -> Vec<Effect> {
    if let Some(Overlay::Palette(p)) = &mut model.overlay
        && p.search_seq == seq
    {
        p.completions = hits
            .iter()
            .take(COMPLETIONS)
            .filter_map(|h| {
                let i = model
                    .rows
                    .binary_search_by_key(&CustomerId(h.id), |r| r.id)
                    .ok()?;
                let row = &model.rows[i];
                Some(Completion {
                    label: format!("{} {} {}", row.id, row.name, row.company)
                        .trim_end()
                        .to_string(),
                    insert: row.id.to_string(),
                })
            })
            .collect();
        return vec![];
    }
    if seq == model.filter.seq && !model.filter.input.text.trim().is_empty() {
        model.filter.total = total;
        return list::filtered(model, hits);
    }
    vec![]
}

/// Paths for the palette's `import` completion, if still wanted.
pub fn paths_listed(model: &mut Model, seq: u64, paths: Vec<String>) -> Vec<Effect> {
    if let Some(Overlay::Palette(p)) = &mut model.overlay
        && p.search_seq == seq
    {
        p.completions = paths
            .into_iter()
            .take(COMPLETIONS)
            .map(|path| {
                let name = path.trim_end_matches('/');
                let name = name.rsplit('/').next().unwrap_or(name);
                let slash = if path.ends_with('/') { "/" } else { "" };
                Completion {
                    label: crate::text::sanitize(&format!("{name}{slash}")).into_owned(),
                    insert: path,
                }
            })
            .collect();
    }
    vec![]
}

/// Tab: replace the word being completed with the first completion.
pub fn accept_completion(p: &mut Palette) {
    if super::complete::accept(p) {
        return;
    }
    let Some(first) = p.completions.first().cloned() else {
        return;
    };
    let at = p.input.cursor.min(p.input.text.len());
    let head = &p.input.text[..at];
    // A path: escaped; a directory stays open for the next Tab.
    if let Some((start, _)) = crate::palette::import::path_at_end(head) {
        let suffix = if first.insert.ends_with('/') { "" } else { " " };
        let word = format!(
            "{}{suffix}",
            crate::palette::import::escape_path(&first.insert)
        );
        p.input.text.replace_range(start..at, &word);
        p.input.cursor = start + word.len();
        p.completions.clear();
        return;
    }
    let start = match split_verb(head) {
        // Completing customer words: they run from after the verb to the cursor.
        Some((verb, _)) => head.find(verb).map_or(0, |i| i + verb.len()) + 1,
        None => head.len() - head.trim_start().len(),
    };
    let start = start.min(at);
    let suffix = match split_verb(head) {
        // A view's name is the whole rest of the line.
        Some((verb, _)) if is_segment_verb(verb) => "",
        Some(_) => ": ",
        None => " ",
    };
    p.input
        .text
        .replace_range(start..at, &format!("{}{suffix}", first.insert));
    p.input.cursor = start + first.insert.len() + suffix.len();
    p.completions.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_complete_by_prefix_then_fuzzily() {
        let names = |typed: &str| -> Vec<String> {
            verb_completions(typed)
                .into_iter()
                .map(|c| c.insert)
                .collect()
        };
        assert_eq!(names("ca").first().map(String::as_str), Some("call"));
        assert_eq!(names("imp").first().map(String::as_str), Some("import"));
        assert!(
            names("sz").contains(&"snooze".to_string()),
            "{:?}",
            names("sz")
        );
        assert!(
            names("vt").contains(&"view today".to_string()),
            "{:?}",
            names("vt")
        );
        let all = names("");
        let mut unique = all.clone();
        unique.dedup();
        assert_eq!(all, unique, "no name twice");
    }
}
