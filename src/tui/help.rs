//! The help page (`?`), laid out as plain data: `update` scrolls by its
//! height, the view draws it. Nothing here is written by hand about keys:
//! the bindings are the merged keymap's (the view's table, then the
//! global one, then the palette's), each grouped by what its command is
//! for (`palette::group`) and described by the keymap or the registry;
//! the palette's grammar is the registry's usage lines; the row marks are
//! `symbols::LEGEND`. Groups flow into as many columns as the width holds.

use super::model::{Model, Screen};
use crate::config::keymap::Mode;
use crate::palette::group::{Group, group};
use crate::text::{width, wrap};
use std::collections::HashSet;

/// Columns between two columns of the page.
pub const GAP: usize = 3;
/// A column of keys is at most this wide; wider keys take their own line.
const KEY_COLS: usize = 12;
/// The narrowest a column of bindings gets before there is one fewer.
const MIN_COLUMN: usize = 40;

/// One thing on a line of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// A group's heading.
    Title(String),
    /// Keys (in their column, `key_cols` wide) and what they do.
    Keys { keys: String, text: String },
    /// Text in the text column after keys (a description's next line).
    More(String),
    /// A line of its own (grammar, notes).
    Text(String),
}

/// A piece at a column of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// Display column where it starts.
    pub x: usize,
    /// Display columns it may take.
    pub cols: usize,
    /// The width of the keys column in its block.
    pub key_cols: usize,
    pub piece: Piece,
}

/// The page for a screen `width` columns wide (inside the box): rows of pieces.
pub fn page(model: &Model, width: usize) -> Vec<Vec<Placed>> {
    let width = width.max(1);
    let mut rows = flow(&binding_blocks(model), width, MIN_COLUMN);
    rows.push(Vec::new());
    rows.extend(flow(&[grammar(model)], width, width));
    rows
}

/// How many rows the page has at the model's size (for scrolling).
pub fn height(model: &Model) -> usize {
    page(model, inner_width(model)).len()
}

/// The page's width inside its box: the whole screen less the borders.
pub fn inner_width(model: &Model) -> usize {
    usize::from(model.width).saturating_sub(2)
}

/// The title of the help box: which keys these are.
pub fn title(model: &Model) -> String {
    let view = match model.view {
        Screen::Main => "the main view",
        Screen::Today => "Today",
        Screen::Reports => "Reports",
        Screen::Deals => "Deals",
    };
    let key = |command: &str| model.keymap.hint(Mode::Help, command);
    let mut how = Vec::new();
    if let (Some(down), Some(up)) = (key("cursor down"), key("cursor up")) {
        how.push(format!("{down}/{up} scroll"));
    }
    let close: Vec<String> = model
        .keymap
        .bindings(Mode::Help)
        .into_iter()
        .filter(|(_, command, _)| command == "help")
        .map(|(keys, _, _)| keys)
        .collect();
    if !close.is_empty() {
        how.push(format!("{} closes", close.join(" ")));
    }
    format!(" Keys in {view}, by purpose — {} ", how.join(", "))
}

/// A group of lines under a title.
struct Block {
    title: String,
    lines: Vec<(String, String)>,
}

/// The bindings of the view on screen, the global ones it does not hide
/// and the palette's, grouped by purpose; then the row marks.
fn binding_blocks(model: &Model) -> Vec<Block> {
    let mode = model.screen_mode();
    let own = model.keymap.bindings(mode);
    let taken: HashSet<String> = own.iter().map(|(keys, _, _)| keys.clone()).collect();
    let global = model
        .keymap
        .bindings(Mode::Global)
        .into_iter()
        .filter(|(keys, _, _)| !taken.contains(keys));
    let palette = model.keymap.bindings(Mode::Palette);
    let form = model.keymap.bindings(Mode::Form);
    // (group, command, keys, description), one entry per command.
    let mut entries: Vec<(Group, String, Vec<String>, String)> = Vec::new();
    for (keys, command, desc) in own.into_iter().chain(global).chain(palette).chain(form) {
        if let Some(entry) = entries.iter_mut().find(|e| e.1 == command) {
            if !entry.2.contains(&keys) {
                entry.2.push(keys);
            }
            continue;
        }
        let desc = if desc.is_empty() {
            describe(&command)
        } else {
            desc
        };
        let group = group(&command).unwrap_or(Group::General);
        entries.push((group, command, vec![keys], desc));
    }
    // In the registry's order (down before up, call before email), not A–Z.
    entries.sort_by_key(|e| registry_order(&e.1));
    let mut blocks: Vec<Block> = Group::ALL
        .iter()
        .filter_map(|&g| {
            let lines: Vec<(String, String)> = entries
                .iter()
                .filter(|e| e.0 == g)
                .map(|(_, _, keys, desc)| (keys.join(" "), desc.clone()))
                .collect();
            (!lines.is_empty()).then(|| Block {
                title: g.title().to_string(),
                lines,
            })
        })
        .collect();
    if let Some(detail) = detail_block(model) {
        blocks.push(detail);
    }
    blocks.push(Block {
        title: "Marks in rows".into(),
        lines: super::symbols::LEGEND
            .iter()
            .map(|(mark, what)| (mark.to_string(), what.to_string()))
            .collect(),
    });
    blocks
}

/// The detail view's own keys (it scrolls as help does): what they do
/// to the record it shows.
fn detail_block(model: &Model) -> Option<Block> {
    let what = [
        ("edit", "Edit it in a form"),
        ("delete", "Delete it (an entry) or cancel it (a task)"),
        ("note edit", "Edit the customer's notes"),
        ("show", "Close the detail view"),
    ];
    let bindings = model.keymap.bindings(Mode::Detail);
    let lines: Vec<(String, String)> = what
        .iter()
        .filter_map(|(command, desc)| {
            let keys: Vec<String> = bindings
                .iter()
                .filter(|(_, c, _)| c == command)
                .map(|(k, _, _)| k.clone())
                .collect();
            (!keys.is_empty()).then(|| (keys.join(" "), desc.to_string()))
        })
        .collect();
    let open = model
        .keymap
        .hint(model.screen_mode(), "show")
        .map_or(String::new(), |k| format!(" ({k} on a row)"));
    (!lines.is_empty()).then(|| Block {
        title: format!("In the detail view{open}"),
        lines,
    })
}

/// Where a command stands in the registry: the TUI's commands in their
/// table's order, then the verbs in theirs, then anything else.
fn registry_order(command: &str) -> usize {
    use crate::palette::{UI_COMMANDS, VERBS, ui_command};
    if let Some(ui) = ui_command(command) {
        return UI_COMMANDS
            .iter()
            .position(|(_, u, _)| *u == ui)
            .unwrap_or(0);
    }
    let verb = command.split_whitespace().next().unwrap_or_default();
    let verb = crate::palette::verb(verb).map_or("", |v| v.name);
    UI_COMMANDS.len()
        + VERBS
            .iter()
            .position(|v| v.name == verb)
            .unwrap_or(VERBS.len())
}

/// The registry's description of a command, else the command itself.
pub fn describe(command: &str) -> String {
    if let Some(ui) = crate::palette::ui_command(command) {
        return crate::palette::describe_ui(ui).1.to_string();
    }
    let verb = command.split_whitespace().next().unwrap_or_default();
    crate::palette::verb(verb).map_or_else(|| command.to_string(), |v| v.description.to_string())
}

/// The palette's grammar: the general form, what ids and dates look like,
/// and every verb's usage line from the registry.
fn grammar(model: &Model) -> Block {
    let key = |command: &str| model.keymap.hint(Mode::Palette, command);
    let mut lines = vec![(
        String::new(),
        "<verb> <customer words> [outcome] [: <text>] [-> <next action>] [@<when>]".to_string(),
    )];
    lines.push((
        String::new(),
        "Ids are 12 or #12. @when is a date: today, fri, next week, +3d, 12-01, 2pm, 明天, 周五."
            .to_string(),
    ));
    if let Some(tab) = key("palette complete") {
        lines.push((
            String::new(),
            format!(
                "{tab} completes verbs, customers, task/deal/case ids (with titles) and stages."
            ),
        ));
    }
    for verb in crate::palette::VERBS
        .iter()
        .chain([&crate::palette::IMPORT_VERB])
    {
        lines.push((String::new(), verb.usage.to_string()));
    }
    Block {
        title: "The palette (:) — one line does it".into(),
        lines,
    }
}

/// Lay blocks out in columns at least `min` wide, filling the width; a
/// block stays in one column, columns about as tall as each other.
fn flow(blocks: &[Block], page_width: usize, min: usize) -> Vec<Vec<Placed>> {
    let width = page_width;
    let min = min.min(width).max(1);
    let columns = ((width + GAP) / (min + GAP)).clamp(1, blocks.len().max(1));
    let col_width = (width - GAP * (columns - 1)) / columns;
    let laid: Vec<Vec<Placed>> = blocks.iter().map(|b| block_lines(b, col_width)).collect();
    let total: usize = laid.iter().map(|l| l.len() + 1).sum();
    let target = total.div_ceil(columns);
    // Which column each block goes in, in order.
    let mut heights = vec![0usize; columns];
    let mut column = 0;
    let mut placed: Vec<Vec<Placed>> = vec![Vec::new(); columns];
    for lines in laid {
        if heights[column] > 0 && heights[column] + lines.len() > target && column + 1 < columns {
            column += 1;
        }
        if heights[column] > 0 {
            heights[column] += 1;
            placed[column].push(Placed {
                x: 0,
                cols: 0,
                key_cols: 0,
                piece: Piece::Text(String::new()),
            });
        }
        heights[column] += lines.len();
        placed[column].extend(lines);
    }
    let rows = heights.iter().copied().max().unwrap_or(0);
    (0..rows)
        .map(|r| {
            placed
                .iter()
                .enumerate()
                .filter_map(|(c, lines)| {
                    let mut p = lines.get(r)?.clone();
                    p.x = c * (col_width + GAP);
                    p.cols = col_width;
                    Some(p)
                })
                .filter(|p| !matches!(&p.piece, Piece::Text(t) if t.is_empty()))
                .collect()
        })
        .collect()
}

/// A block's lines in a column `cols` wide: descriptions wrap under
/// their text column, keys too wide for theirs take a line of their own.
fn block_lines(block: &Block, cols: usize) -> Vec<Placed> {
    // The block's keys column: as wide as its widest keys that fit one.
    let key_cols = block
        .lines
        .iter()
        .map(|(k, _)| width(k))
        .filter(|&w| w <= KEY_COLS)
        .max()
        .unwrap_or(0);
    let at = |piece| Placed {
        x: 0,
        cols,
        key_cols,
        piece,
    };
    let mut out = vec![at(Piece::Title(block.title.clone()))];
    let text_cols = cols.saturating_sub(key_cols + 2).max(8);
    for (keys, text) in &block.lines {
        if keys.is_empty() {
            out.extend(wrap(text, cols).into_iter().map(|t| at(Piece::Text(t))));
            continue;
        }
        let mut parts = wrap(text, text_cols).into_iter();
        if width(keys) > key_cols {
            out.push(at(Piece::Keys {
                keys: keys.clone(),
                text: String::new(),
            }));
        } else {
            out.push(at(Piece::Keys {
                keys: keys.clone(),
                text: parts.next().unwrap_or_default(),
            }));
        }
        out.extend(parts.map(|t| at(Piece::More(t))));
    }
    out
}
