//! docs/KEYSTROKES.md, checked (issue 12, item 7). The doc's tables are
//! the one place the sequences live: this test counts every sequence
//! written there against the number beside it, holds the goals (now at or
//! under before, (f) ≤ 12, (g) ≤ 8), types each "now" sequence into the
//! real app at 80×24 over a seeded database, runs each "CLI now" command,
//! and checks every result with `rolo --json`.

#[path = "common/pty.rs"]
mod pty;

use pty::{App, rolo};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

const DOC: &str = include_str!("../docs/KEYSTROKES.md");

/// Wednesday: Friday is 2026-11-20, next Monday 2026-11-23.
const NOW: &str = "2026-11-18T10:00:00+08:00";
const FRIDAY: &str = "2026-11-20";
const NEXT_MONDAY: &str = "2026-11-23";

// ---------------------------------------------------------------- the doc

/// One sequence as the doc writes it: `**13** (+26 text) · `…``.
#[derive(Debug, Clone)]
struct Counted {
    keys: usize,
    text: usize,
    seq: String,
}

/// What a sequence is made of.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// One key press: the bytes a terminal sends for it.
    Key(String),
    /// Free text, typed but counted apart.
    Text(String),
}

/// The tokens of a sequence, each with the end of its source in `seq`.
fn tokens(seq: &str) -> Vec<(usize, Token)> {
    let mut out = Vec::new();
    let mut chars = seq.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        let token = match c {
            '«' => {
                let mut text = String::new();
                loop {
                    match chars.next() {
                        Some((_, '»')) => break,
                        Some((_, c)) => text.push(c),
                        None => panic!("unclosed «» in {seq:?}"),
                    }
                }
                Token::Text(text)
            }
            '»' => panic!("a stray » in {seq:?}"),
            '⏎' => Token::Key("\r".into()),
            '⇥' => Token::Key("\t".into()),
            '↓' => Token::Key("\x1b[B".into()),
            '↑' => Token::Key("\x1b[A".into()),
            '^' => {
                let Some((_, letter)) = chars.next().filter(|(_, l)| l.is_ascii_uppercase()) else {
                    panic!("^ must name a ctrl chord (^S) in {seq:?}");
                };
                Token::Key(char::from(letter as u8 - b'A' + 1).to_string())
            }
            c => Token::Key(c.to_string()),
        };
        let end = chars.peek().map_or(seq.len(), |(j, _)| *j);
        out.push((end, token));
    }
    out
}

/// (keys, text characters) of a sequence.
fn count(seq: &str) -> (usize, usize) {
    tokens(seq)
        .iter()
        .fold((0, 0), |(keys, text), (_, t)| match t {
            Token::Key(_) => (keys + 1, text),
            Token::Text(s) => (keys, text + s.chars().count()),
        })
}

/// Every counted sequence in a table cell: `**N** (+T text) · `SEQ``.
fn counted(cell: &str) -> Option<Counted> {
    let rest = cell.trim().strip_prefix("**")?;
    let (keys, rest) = rest.split_once("**")?;
    let keys = keys.parse().ok()?;
    let (text, rest) = match rest.trim_start().strip_prefix("(+") {
        Some(r) => {
            let (n, r) = r.split_once(" text)")?;
            (n.parse().ok()?, r)
        }
        None => (0, rest),
    };
    let seq = rest.trim().strip_prefix("·")?.trim();
    let seq = seq.strip_prefix('`')?.strip_suffix('`')?;
    Some(Counted {
        keys,
        text,
        seq: seq.to_string(),
    })
}

/// A row of the workflows table.
#[derive(Debug, Clone)]
struct Workflow {
    before: Counted,
    now: Counted,
    cli: Counted,
}

/// The cells of every table row in the doc that starts with `(a)`…`(g)`.
fn rows() -> Vec<(char, Vec<String>)> {
    DOC.lines()
        .filter_map(|line| {
            let cells: Vec<String> = line
                .trim()
                .strip_prefix('|')?
                .strip_suffix('|')?
                .split('|')
                .map(|c| c.trim().to_string())
                .collect();
            let letter = cells.first()?.strip_prefix('(')?.chars().next()?;
            ('a'..='g').contains(&letter).then_some((letter, cells))
        })
        .collect()
}

/// The workflows table: a letter, then before, now and CLI now.
fn workflows() -> BTreeMap<char, Workflow> {
    let mut out = BTreeMap::new();
    for (letter, cells) in rows() {
        if cells.len() != 4 {
            continue;
        }
        let cell = |i: usize| {
            counted(&cells[i])
                .unwrap_or_else(|| panic!("({letter}): cannot read the cell {:?}", cells[i]))
        };
        let row = Workflow {
            before: cell(1),
            now: cell(2),
            cli: cell(3),
        };
        assert!(
            out.insert(letter, row).is_none(),
            "({letter}) is in the table twice"
        );
    }
    out
}

fn workflow(letter: char) -> Workflow {
    workflows()
        .remove(&letter)
        .unwrap_or_else(|| panic!("({letter}) is not in docs/KEYSTROKES.md"))
}

#[test]
fn every_count_in_the_doc_is_its_sequence_counted() {
    let mut seen = 0;
    for (letter, cells) in rows() {
        for cell in cells.iter().skip(1).filter(|c| c.starts_with("**")) {
            let c = counted(cell).unwrap_or_else(|| panic!("({letter}): cannot read {cell:?}"));
            assert_eq!(
                count(&c.seq),
                (c.keys, c.text),
                "({letter}) {:?}: (keys, text) as counted",
                c.seq
            );
            seen += 1;
        }
    }
    assert!(seen >= 21, "only {seen} sequences found in the doc");
    let all = workflows();
    assert_eq!(
        all.keys().collect::<String>(),
        "abcdefg",
        "every workflow in the table"
    );
    for c in all.values().map(|w| &w.cli) {
        assert!(c.seq.starts_with("rolo ") && c.seq.ends_with('⏎'), "{c:?}");
    }
}

#[test]
fn every_workflow_meets_its_goal() {
    for (letter, w) in workflows() {
        assert!(
            w.now.keys <= w.before.keys,
            "({letter}) now {} keys, before {}",
            w.now.keys,
            w.before.keys
        );
    }
    assert!(workflow('f').now.keys <= 12, "(f) at most 12 keys");
    assert!(workflow('g').now.keys <= 8, "(g) at most 8 keys");
}

#[test]
fn the_notation_reads_as_the_doc_says() {
    assert_eq!(count("/«acm»⏎c"), (3, 3));
    assert_eq!(count("a«Bob Ma»⇥^S"), (3, 6));
    assert_eq!(
        tokens("x«a b»^S↓"),
        vec![
            (1, Token::Key("x".into())),
            (8, Token::Text("a b".into())),
            (10, Token::Key("\x13".into())),
            (13, Token::Key("\x1b[B".into())),
        ]
    );
}

// ---------------------------------------------------------------- the data

/// Ann Lee at Acme Corp (#1), 王芳 (#2), Bob Smith at Globex (#3) and
/// 王伟 (#4, initials wf would not find); tasks #1 overdue, #2 and #3 due
/// today; deal #1 for Globex in the first stage.
fn seeded() -> tempfile::TempDir {
    pty::seeded(
        NOW,
        &[
            &["add", "Ann Lee", "--company", "Acme Corp"][..],
            &["add", "王芳", "--company", "华信科技"],
            &["add", "Bob Smith", "--company", "Globex"],
            &["add", "王伟", "--company", "远大建材"],
            &[
                "task",
                "add",
                "globex",
                "send contract",
                "--due",
                "yesterday",
            ],
            &["task", "add", "王伟", "寄送样品", "--due", "today"],
            &["task", "add", "globex", "renew domain", "--due", "today"],
            &["deal", "add", "globex", "50 seats", "--amount", "50k"],
        ],
    )
}

fn json(home: &Path, args: &[&str]) -> Value {
    pty::json(home, NOW, args)
}

fn task(home: &Path, id: u64) -> Value {
    json(home, &["task", "show", &id.to_string()])["task"].clone()
}

// ---------------------------------------------------------------- results

/// (a): the call on Ann Lee's timeline, "send quote" queued for Friday.
fn logged(home: &Path, summary: &str) {
    let card = json(home, &["show", "1"]);
    let call = &card["timeline"][0];
    assert_eq!(
        (call["kind"].as_str(), call["summary"].as_str()),
        (Some("call"), Some(summary)),
        "{card}"
    );
    let next = card["tasks"]
        .as_array()
        .and_then(|t| t.iter().find(|t| t["title"] == "send quote"))
        .unwrap_or_else(|| panic!("send quote is queued: {card}"));
    assert_eq!(next["due"], FRIDAY);
    assert_eq!(next["origin"], call["id"]);
}

/// (b): Bob Ma with his company, phone and email.
fn added(home: &Path) {
    let card = json(home, &["show", "Bob Ma"]);
    let c = &card["customer"];
    assert_eq!(c["company"], "Initech", "{c}");
    assert_eq!(c["phones"], serde_json::json!(["138 0013 8000"]), "{c}");
    assert_eq!(c["emails"], serde_json::json!(["bob@initech.com"]), "{c}");
}

/// (d): tasks #1, #2 and #3 done.
fn completed(home: &Path) {
    for id in 1..=3 {
        assert_eq!(task(home, id)["status"], "done", "task #{id}");
    }
}

/// (e): deal #1 one stage on.
fn moved(home: &Path) {
    let deals = json(home, &["deal", "list"]);
    let deal = deals
        .as_array()
        .and_then(|d| d.iter().find(|d| d["id"] == 1))
        .unwrap_or_else(|| panic!("deal #1 in {deals}"));
    assert_eq!(deal["stage"], "discovery", "{deal}");
}

/// (g): task #1 due next Monday, by a snooze.
fn snoozed(home: &Path) {
    let t = task(home, 1);
    assert_eq!(t["due"], NEXT_MONDAY, "{t}");
    assert_eq!(t["status"], "open", "{t}");
}

// ---------------------------------------------------------------- the app

/// What to wait for once the sequence has been typed up to a point.
enum Sync {
    /// This text on the screen.
    Shows(&'static str),
    /// The selected (reverse-video) row holding this text.
    Selected(&'static str),
}

/// Type `seq` key by key (text as typed), waiting where the app works
/// asynchronously (a search, a write, a reload) before going on: after
/// typing the part of `seq` that `waits` names, for what it names.
fn play(app: &mut App, seq: &str, waits: &[(&str, Sync)]) {
    for (prefix, _) in waits {
        assert!(
            seq.starts_with(prefix),
            "{prefix:?} is not the start of {seq:?}: the doc changed"
        );
    }
    for (end, token) in tokens(seq) {
        match token {
            Token::Key(bytes) | Token::Text(bytes) => app.type_keys(&bytes),
        }
        std::thread::sleep(Duration::from_millis(30));
        for (_, sync) in waits.iter().filter(|(p, _)| p.len() == end) {
            match sync {
                Sync::Shows(text) => app.wait_for(text),
                Sync::Selected(text) => app.wait_until(&format!("{text:?} selected"), |a| {
                    a.selected().is_some_and(|(_, line)| line.contains(text))
                }),
            }
        }
    }
}

/// The app on a freshly seeded database, its first screen drawn.
fn app() -> (tempfile::TempDir, App) {
    let dir = seeded();
    let app = App::spawn(dir.path(), NOW, &[]);
    app.wait_for("Customers");
    app.wait_for("Acme Corp");
    (dir, app)
}

/// Log (a)'s call in `app` with the doc's sequence.
fn play_a(app: &mut App) {
    let seq = workflow('a').now.seq;
    play(
        app,
        &seq,
        &[
            ("/«acm»", Sync::Selected("Ann Lee")),
            ("/«acm»⏎c", Sync::Shows("call #1: ")),
            (&seq, Sync::Shows("Logged call with Ann Lee")),
        ],
    );
}

#[test]
fn a_log_a_call_and_the_next_action_for_a_customer_found_by_3_letters() {
    let (dir, mut app) = app();
    play_a(&mut app);
    app.quit();
    logged(dir.path(), "wants pricing");
}

#[test]
fn b_add_a_customer_with_company_phone_and_email() {
    let (dir, mut app) = app();
    let seq = workflow('b').now.seq;
    play(
        &mut app,
        &seq,
        &[
            ("a", Sync::Shows("Cadence")),
            (&seq, Sync::Shows("Added Bob Ma")),
        ],
    );
    app.quit();
    added(dir.path());
}

#[test]
fn c_find_a_customer_by_pinyin_initials() {
    let (_dir, mut app) = app();
    let seq = workflow('c').now.seq;
    play(&mut app, &seq, &[("/«wf»", Sync::Selected("王芳"))]);
    // The filter shows her, and only her of the four; her card is open.
    app.wait_for("Customers 1/4");
    app.wait_for("Timeline · 王芳 #2");
    app.quit();
}

#[test]
fn d_complete_3_tasks_from_today() {
    let (dir, mut app) = app();
    let seq = workflow('d').now.seq;
    play(
        &mut app,
        &seq,
        &[
            ("T", Sync::Selected("send contract")),
            ("Tx", Sync::Selected("寄送样品")),
            ("Txx", Sync::Selected("renew domain")),
            (&seq, Sync::Shows("Done: #3")),
        ],
    );
    app.quit();
    completed(dir.path());
}

#[test]
fn e_move_a_deal_to_the_next_stage() {
    let (dir, mut app) = app();
    let seq = workflow('e').now.seq;
    play(
        &mut app,
        &seq,
        &[
            ("D", Sync::Selected("50 seats")),
            ("Dm", Sync::Shows("discovery")),
            ("Dm⇥", Sync::Shows("move 1 discovery")),
            (&seq, Sync::Shows("Moved deal #1 to discovery")),
        ],
    );
    app.quit_by("\x03");
    moved(dir.path());
}

#[test]
fn f_correct_the_summary_of_the_call_just_logged() {
    let (dir, mut app) = app();
    play_a(&mut app);
    let seq = workflow('f').now.seq;
    play(
        &mut app,
        &seq,
        &[
            ("2E", Sync::Shows("Edit call #1")),
            (
                &seq,
                Sync::Shows("Updated call #1 with Ann Lee (#1): summary"),
            ),
        ],
    );
    app.quit();
    logged(dir.path(), "wants 60 seats");
}

#[test]
fn g_reschedule_a_task_to_next_monday() {
    let (dir, mut app) = app();
    let seq = workflow('g').now.seq;
    play(
        &mut app,
        &seq,
        &[
            ("T", Sync::Selected("send contract")),
            ("Ts", Sync::Shows("Next Monday")),
            (&seq, Sync::Shows("Snoozed send contract")),
        ],
    );
    app.quit();
    snoozed(dir.path());
}

// ---------------------------------------------------------------- the CLI

/// A "CLI now" command as the shell would split it: `«»` and Enter
/// dropped, single quotes grouping words (the doc uses no other quoting).
fn argv(seq: &str) -> Vec<String> {
    let line: String = seq
        .strip_suffix('⏎')
        .unwrap_or_else(|| panic!("{seq:?} ends with Enter"))
        .chars()
        .filter(|c| !matches!(c, '«' | '»'))
        .collect();
    let mut words = Vec::new();
    let (mut word, mut quoted, mut started) = (String::new(), false, false);
    for c in line.chars() {
        match c {
            '\'' => (quoted, started) = (!quoted, true),
            ' ' if !quoted => {
                if started {
                    words.push(std::mem::take(&mut word));
                }
                started = false;
            }
            c => {
                word.push(c);
                started = true;
            }
        }
    }
    assert!(!quoted, "unbalanced quotes in {seq:?}");
    if started {
        words.push(word);
    }
    assert_eq!(words.first().map(String::as_str), Some("rolo"), "{seq:?}");
    words.split_off(1)
}

/// Run a workflow's "CLI now" command on `home`; its stdout.
fn cli(home: &Path, letter: char) -> String {
    let args = argv(&workflow(letter).cli.seq);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    String::from_utf8_lossy(&rolo(home, NOW, &args).stdout).into_owned()
}

#[test]
fn the_cli_commands_do_what_the_app_does() {
    assert_eq!(
        argv("rolo do 'call «acm»: «x y»'⏎"),
        ["do", "call acm: x y"]
    );
    let dir = seeded();
    let home = dir.path();
    cli(home, 'a');
    logged(home, "wants pricing");
    cli(home, 'f');
    logged(home, "wants 60 seats");
    cli(home, 'b');
    added(home);
    let found = cli(home, 'c');
    assert!(found.contains("王芳") && !found.contains("王伟"), "{found}");
    cli(home, 'e');
    moved(home);
    cli(home, 'g');
    snoozed(home);
    cli(home, 'd');
    completed(home);
}

#[test]
fn fix_log_without_an_id_is_the_apps_rolo_do_asks_for_the_id() {
    let dir = seeded();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rolo"))
        .args(["do", "fix log: wants 60 seats"])
        .env("ROLO_DB", dir.path().join("rolo.redb"))
        .env("ROLO_CONFIG_DIR", dir.path().join("config"))
        .env("ROLO_NOW", NOW)
        .env("NO_COLOR", "1")
        .output()
        .expect("rolo runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("fix log ID"), "{err}");
}
