//! The Today view in a real terminal at 80×24 (issue 12, item 2): on the
//! demo data it counts and lists what `rolo today --json` does, every row
//! reachable by scrolling; with a clock running from a pinned time, a
//! task's due time passes with no key pressed, the sections move and the
//! bell rings once — or not at all with `notify = "none"`.

#[path = "../common/pty.rs"]
mod pty;

use pty::{App, rolo};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

const NOW: &str = "2026-11-22T09:00:00+08:00";

/// The section headings, as the view and `rolo today` write them, with
/// their key in `rolo today --json`.
const SECTIONS: [(&str, &str); 5] = [
    ("Overdue", "overdue"),
    ("Today", "today"),
    ("Next 7 days", "upcoming"),
    ("Open cases", "cases"),
    ("Gone quiet", "quiet"),
];

/// The section a heading line opens (`┃Overdue (7)`), if it is one.
fn heading(line: &str) -> Option<&'static str> {
    let line = line.trim_start_matches('┃');
    SECTIONS
        .iter()
        .find(|(h, _)| line.starts_with(&format!("{h} (")))
        .map(|(_, key)| *key)
}

/// A row's line without the frame and the padding.
fn bare(line: &str) -> &str {
    line.trim_start_matches('┃').trim_end_matches(['┃', ' '])
}

#[test]
fn on_the_demo_data_today_lists_and_counts_what_rolo_today_json_does() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = dir.path();
    rolo(home, NOW, &["demo"]);
    let out = rolo(home, NOW, &["today", "--json", "--limit", "0"]);
    let json: Value = serde_json::from_slice(&out.stdout).expect("json");
    let total = |key: &str| json[key]["total"].as_u64().expect("a total");
    for (_, key) in SECTIONS {
        assert!(total(key) > 0, "the demo data has some {key}");
        let rows = json[key]["rows"].as_array().map_or(0, Vec::len) as u64;
        assert_eq!(rows, total(key), "--limit 0 lists every {key} row");
    }

    let mut app = App::spawn(home, NOW, &[]);
    app.wait_for("Customers");
    app.type_keys("T");
    app.wait_for("Today · Sun 2026-11-22");
    // The header: every count, and the day's progress, as the CLI counts.
    let counts = format!(
        "{} overdue · {} today · {} next 7 days · {} open cases · {} quiet",
        total("overdue"),
        total("today"),
        total("upcoming"),
        total("cases"),
        total("quiet"),
    );
    app.wait_until("the counts", |app| app.lines()[1].contains(&counts));
    assert!(
        app.lines()[0].contains(&format!("0 of {} done", total("overdue") + total("today"))),
        "{}",
        app.lines()[0]
    );

    // Walk down every row, noting the section each one is under: the
    // nearest heading above it on screen, else the previous row's.
    let all: u64 = SECTIONS.iter().map(|(_, key)| total(key)).sum();
    let mut seen: Vec<(&str, String)> = Vec::new();
    let mut section = None;
    for i in 0..all {
        app.wait_until("a selected row", |app| app.selected().is_some());
        let (row, line) = app.selected().expect("a selected row");
        let lines = app.lines();
        if let Some(h) = (2..row).rev().find_map(|r| heading(&lines[r])) {
            section = Some(h);
        }
        let section = section.unwrap_or_else(|| panic!("row {i} under no heading:\n{lines:#?}"));
        seen.push((section, bare(&line).to_string()));
        if i + 1 < all {
            app.type_keys("j");
            app.wait_until(&format!("row {} to be selected", i + 1), |app| {
                app.selected().is_some_and(|(_, l)| l != line)
            });
        }
    }
    // One more j: the last row was the last.
    let last = app.selected();
    app.type_keys("j");
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(app.selected(), last, "nothing below the last row");
    assert!(seen.last().is_some_and(|(s, _)| *s == "quiet"));

    // The rows under each heading are the CLI's rows of that section.
    let mut under: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (section, line) in &seen {
        under.entry(section).or_default().push(line);
    }
    for (_, key) in SECTIONS {
        let shown = under.get(key).cloned().unwrap_or_default();
        assert_eq!(shown.len() as u64, total(key), "{key}: {shown:#?}");
        let rows = json[key]["rows"].as_array().expect("rows");
        if key == "cases" {
            for (row, line) in rows.iter().zip(&shown) {
                let title = row["title"].as_str().expect("a title");
                assert!(line.contains(title), "{title:?} in {line:?}");
            }
            continue;
        }
        // Tasks and customers end with their id.
        let ids: BTreeSet<String> = rows
            .iter()
            .map(|r| format!("#{}", r["id"].as_u64().expect("an id")))
            .collect();
        let shown_ids: BTreeSet<String> = shown
            .iter()
            .filter_map(|line| line.rsplit(' ').next())
            .map(String::from)
            .collect();
        assert_eq!(shown_ids, ids, "{key}");
    }
    app.quit();
}

/// Open at 13:59:50 with a call due at 14:00 and watch, without a key.
fn watch_a_call_fall_due(config: Option<&str>) -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = dir.path();
    rolo(home, NOW, &["add", "Ann Lee", "--company", "Acme"]);
    rolo(
        home,
        NOW,
        &["task", "add", "ann", "call Ann", "--due", "today 14:00"],
    );
    rolo(
        home,
        NOW,
        &["task", "add", "ann", "send deck", "--due", "tomorrow"],
    );
    if let Some(text) = config {
        std::fs::create_dir_all(home.join("config")).expect("mkdir");
        std::fs::write(home.join("config/config.toml"), text).expect("config");
    }
    // The clock starts 10 s before the call and runs on.
    let mut app = App::spawn(home, "2026-11-22T13:59:50+08:00", &[("ROLO_NOW_RUNS", "1")]);
    app.wait_for("Customers");
    app.type_keys("T");
    app.wait_for("Today (1)");
    assert!(app.text().contains("Next 7 days (1)"), "{}", app.text());
    assert_eq!(app.bells(), 0);
    let started = Instant::now();
    app.wait_for("Overdue (1)");
    assert!(started.elapsed() < Duration::from_secs(15));
    let screen = app.text();
    assert!(!screen.contains("Today ("), "{screen}");
    assert!(
        app.lines()[1].contains("1 overdue · 0 today · 1 next 7 days"),
        "{screen}"
    );
    app.wait_for("Due now: #1 call Ann (Ann Lee)");
    // Four more ticks: nothing more.
    std::thread::sleep(Duration::from_secs(2));
    (app, dir)
}

#[test]
fn a_call_falling_due_moves_the_sections_and_rings_the_bell_once() {
    let (mut app, _dir) = watch_a_call_fall_due(None);
    assert_eq!(app.bells(), 1);
    app.quit();
}

#[test]
fn notify_none_shows_the_toast_and_rings_nothing() {
    let (mut app, _dir) = watch_a_call_fall_due(Some("notify = \"none\"\n"));
    assert_eq!(app.bells(), 0);
    app.quit();
}

/// An idle app repaints nothing: the ticks (every 500 ms) and the write
/// checks redraw into ratatui's diff, which sends no cell and no cursor
/// move while nothing on screen changes — only attribute resets and
/// "cursor hidden", which show nothing. So nothing flickers.
#[test]
fn an_idle_today_view_repaints_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = dir.path();
    rolo(home, NOW, &["demo"]);
    let mut app = App::spawn(home, NOW, &[]);
    app.wait_for("Customers");
    app.type_keys("T");
    app.wait_for("Next 7 days (16)");
    std::thread::sleep(Duration::from_millis(800));
    let before = app.written();
    std::thread::sleep(Duration::from_secs(2));
    let idle = app.raw_since(before);
    let mut rest = idle.as_str();
    let mut painted = String::new();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("\x1b[?25l") {
            rest = after;
        } else if let Some(sgr) = rest.strip_prefix("\x1b[").and_then(|r| {
            r.find('m')
                .filter(|&i| r[..i].chars().all(|c| c.is_ascii_digit() || c == ';'))
                .map(|i| &r[i + 1..])
        }) {
            rest = sgr;
        } else {
            let mut chars = rest.chars();
            painted.extend(chars.next());
            rest = chars.as_str();
        }
    }
    assert_eq!(painted, "", "repainted while idle: {idle:?}");
    app.quit();
}
