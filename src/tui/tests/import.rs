//! `import FILE` from the palette: the line starts the worker, progress
//! moves the gauge, Esc cancels through the keymap, the end is a summary.

use super::fixtures::{draw, feed, lines, loaded, press, typed};
use crate::exec::import::{Progress, Rejected, Report, Stage};
use crate::palette::{ImportKind, ImportLine};
use crate::tui::model::{Import, ImportState, Model, Overlay};
use crate::tui::msg::{Effect, ImportEnd, Msg};

/// What the finished summary of a customer import with two bad rows holds.
pub fn report() -> Report {
    Report {
        encoding: "UTF-8".into(),
        delimiter: "comma".into(),
        kind: "customers".into(),
        rows: 12,
        created: 7,
        merged: 2,
        unchanged: 1,
        tasks: 3,
        rejected: vec![
            Rejected {
                line: 5,
                reasons: vec!["line 5: email \"ann@acme\" has no dotted domain".into()],
                cells: vec![],
            },
            Rejected {
                line: 9,
                reasons: vec!["line 9: the name is empty".into()],
                cells: vec![],
            },
        ],
        ..Default::default()
    }
}

/// The model after `: import x.csv enter`, and the effects of Enter.
pub fn importing(line: &str) -> (Model, Vec<Effect>) {
    let mut model = loaded();
    press(&mut model, ":");
    typed(&mut model, line);
    let effects = press(&mut model, "enter");
    (model, effects)
}

pub fn progress(stage: Stage, done: usize, total: usize) -> Msg {
    Msg::ImportProgress(Progress { stage, done, total })
}

fn state(model: &Model) -> &ImportState {
    match &model.overlay {
        Some(Overlay::Import(Import { state, .. })) => state,
        other => panic!("no import overlay: {other:?}"),
    }
}

fn shown(model: &Model) -> String {
    lines(&draw(model, 80, 24)).join("\n")
}

#[test]
fn the_palette_line_starts_the_import_worker() {
    let (model, effects) = importing("import \"~/my files/x.csv\" --kind interactions --dry-run");
    assert_eq!(
        effects,
        vec![Effect::Import(ImportLine {
            path: "~/my files/x.csv".into(),
            kind: Some(ImportKind::Interactions),
            skip_invalid: false,
            dry_run: true,
        })]
    );
    assert_eq!(
        state(&model),
        &ImportState::Running {
            progress: None,
            cancelling: false
        }
    );
    assert_eq!(model.mode(), crate::config::keymap::Mode::Picker);
    assert_eq!(
        model.history.last().map(String::as_str),
        Some("import \"~/my files/x.csv\" --kind interactions --dry-run")
    );
    let screen = shown(&model);
    assert!(
        screen.contains("Importing ~/my files/x.csv (dry run)"),
        "{screen}"
    );
    assert!(screen.contains("Esc cancels"), "{screen}");
}

#[test]
fn a_bad_import_line_stays_in_the_palette_with_its_span() {
    let (model, effects) = importing("import a.csv --kind people");
    assert!(effects.is_empty(), "{effects:?}");
    let Some(Overlay::Palette(p)) = &model.overlay else {
        panic!("the palette closed: {:?}", model.overlay);
    };
    let error = p.error.as_ref().expect("an error");
    assert!(error.message.contains("unknown kind"), "{}", error.message);
    assert_eq!(error.span, Some(20..26));
}

#[test]
fn the_verb_completes_like_the_others() {
    let mut model = loaded();
    press(&mut model, ":");
    typed(&mut model, "imp");
    let Some(Overlay::Palette(p)) = &model.overlay else {
        panic!("no palette");
    };
    assert_eq!(
        p.completions.first().map(|c| c.insert.as_str()),
        Some("import")
    );
    press(&mut model, "tab");
    let Some(Overlay::Palette(p)) = &model.overlay else {
        panic!("no palette");
    };
    assert_eq!(p.input.text, "import ");
}

#[test]
fn progress_moves_the_gauge_and_the_newest_report_wins() {
    let (mut model, _) = importing("import x.csv");
    feed(
        &mut model,
        [
            progress(Stage::Reading, 0, 4096),
            progress(Stage::Reading, 4096, 4096),
            progress(Stage::Writing, 1024, 3000),
            progress(Stage::Writing, 2048, 3000),
        ],
    );
    assert_eq!(
        state(&model),
        &ImportState::Running {
            progress: Some(Progress {
                stage: Stage::Writing,
                done: 2048,
                total: 3000
            }),
            cancelling: false
        }
    );
    let screen = shown(&model);
    assert!(screen.contains("Checking and writing rows"), "{screen}");
    assert!(screen.contains("2048 / 3000 lines · 68%"), "{screen}");
}

#[test]
fn esc_sends_cancel_once_and_shows_cancelling_until_the_worker_answers() {
    let (mut model, _) = importing("import x.csv");
    feed(&mut model, [progress(Stage::Writing, 1024, 3000)]);
    assert_eq!(press(&mut model, "esc"), vec![Effect::CancelImport]);
    assert!(matches!(
        state(&model),
        ImportState::Running {
            cancelling: true,
            ..
        }
    ));
    assert!(shown(&model).contains("cancelling…"));
    // Again: nothing more to ask; other keys do nothing under the overlay.
    assert_eq!(press(&mut model, "esc"), vec![]);
    assert_eq!(press(&mut model, "enter j q : ? f1"), vec![]);
    assert!(model.import().is_some() && !model.quit);
    // A late progress report does not undo "cancelling".
    feed(&mut model, [progress(Stage::Writing, 2048, 3000)]);
    assert!(matches!(
        state(&model),
        ImportState::Running {
            cancelling: true,
            ..
        }
    ));
    let effects = feed(&mut model, [Msg::ImportFinished(ImportEnd::Cancelled)]);
    assert!(effects.is_empty(), "nothing was written, nothing to reload");
    let screen = shown(&model);
    assert!(
        screen.contains("Cancelled — nothing was written."),
        "{screen}"
    );
    press(&mut model, "esc");
    assert_eq!(model.overlay, None);
}

#[test]
fn no_generation_checks_while_the_import_holds_the_write_lock() {
    let (mut model, _) = importing("import x.csv");
    let later = model.now + chrono::Duration::seconds(1);
    assert_eq!(feed(&mut model, [Msg::Tick(later)]), vec![]);
    feed(&mut model, [Msg::ImportFinished(ImportEnd::Cancelled)]);
    assert_eq!(
        feed(&mut model, [Msg::Tick(later)]),
        vec![Effect::CheckGeneration]
    );
}

#[test]
fn the_summary_counts_and_names_rejected_lines_then_enter_closes_it() {
    let (mut model, _) = importing("import x.csv --skip-invalid");
    let effects = feed(
        &mut model,
        [Msg::ImportFinished(ImportEnd::Imported(Box::new(report())))],
    );
    // The panes reload at once (names too: customers were added).
    assert!(effects.contains(&Effect::LoadNames), "{effects:?}");
    let screen = shown(&model);
    for text in [
        "Imported x.csv",
        "7 created · 2 merged · 1 unchanged",
        "0 interactions · 3 tasks",
        "2 rejected:",
        "line 5: email \"ann@acme\" has no dotted domain",
        "line 9: the name is empty",
        "Enter/Esc closes",
    ] {
        assert!(screen.contains(text), "{text:?} missing:\n{screen}");
    }
    assert_eq!(press(&mut model, "enter"), vec![]);
    assert_eq!(model.overlay, None);
}

#[test]
fn an_orders_sheet_is_named_in_the_line_and_counted_in_the_summary() {
    let (mut model, effects) = importing("import 订单.csv --kind 订单");
    assert!(
        matches!(
            &effects[..],
            [Effect::Import(ImportLine {
                kind: Some(ImportKind::Orders),
                ..
            })]
        ),
        "{effects:?}"
    );
    let mut orders = report();
    orders.created = 0;
    orders.merged = 0;
    orders.tasks = 0;
    orders.orders = 3;
    feed(
        &mut model,
        [Msg::ImportFinished(ImportEnd::Imported(Box::new(orders)))],
    );
    let screen = shown(&model);
    assert!(screen.contains("3 orders"), "{screen}");
    assert!(!screen.contains("interactions ·"), "{screen}");
}

#[test]
fn invalid_rows_and_errors_are_summaries_too() {
    let (mut model, _) = importing("import x.csv");
    let mut invalid = report();
    invalid.created = 0;
    feed(
        &mut model,
        [Msg::ImportFinished(ImportEnd::Invalid(Box::new(invalid)))],
    );
    let screen = shown(&model);
    assert!(
        screen.contains("2 of 12 rows are not valid; nothing was imported."),
        "{screen}"
    );
    assert!(screen.contains("--skip-invalid"), "{screen}");

    let (mut model, _) = importing("import nope.csv");
    let message = "cannot read \"/home/ann/nope.csv\": No such file or directory (os error 2)";
    let effects = feed(
        &mut model,
        [Msg::ImportFinished(ImportEnd::Failed(message.into()))],
    );
    assert!(effects.is_empty());
    let screen = shown(&model);
    assert!(screen.contains("Could not import nope.csv"), "{screen}");
    assert!(screen.contains("No such file or directory"), "{screen}");
}

#[test]
fn quitting_during_an_import_cancels_it() {
    let (mut model, _) = importing("import x.csv");
    assert_eq!(
        press(&mut model, "ctrl-c"),
        vec![Effect::CancelImport, Effect::Quit]
    );
    assert!(model.quit);
}

#[test]
fn a_late_answer_to_an_earlier_line_does_not_replace_the_overlay() {
    let (mut model, _) = importing("import x.csv");
    model.pending_line = Some("call acme: hi @frday".into());
    feed(
        &mut model,
        [Msg::Applied(Err(crate::tui::msg::Failure {
            message: "unknown date".into(),
            span: Some(15..20),
            candidates: vec![],
        }))],
    );
    assert!(model.import().is_some());
    assert!(model.toast.as_ref().is_some_and(|t| t.error));
}

#[test]
fn rolo_do_refuses_an_import_line_and_says_where_it_runs() {
    let now = super::fixtures::now().naive_local();
    let err = crate::palette::parse("import x.csv --dry-run", now).expect_err("refused");
    assert!(err.message.contains("rolo import FILE"), "{}", err.message);
    assert_eq!(err.span, 0..6);
}

#[test]
fn tab_completes_file_paths_escaped_and_directories_stay_open() {
    let mut model = loaded();
    press(&mut model, ":");
    let effects = typed(&mut model, "import ~/my");
    let Some(Effect::ListPaths { seq, partial }) = effects.last().cloned() else {
        panic!("no path listing asked for: {effects:?}");
    };
    assert_eq!(partial, "~/my");
    feed(
        &mut model,
        [Msg::PathsListed {
            seq,
            paths: vec!["~/my files/".into(), "~/my.csv".into()],
        }],
    );
    let palette = |model: &Model| match &model.overlay {
        Some(Overlay::Palette(p)) => p.clone(),
        other => panic!("no palette: {other:?}"),
    };
    let labels: Vec<String> = palette(&model)
        .completions
        .iter()
        .map(|c| c.label.clone())
        .collect();
    assert_eq!(labels, vec!["my files/", "my.csv"]);
    // Tab inserts the directory, escaped, and asks for what is inside.
    let effects = press(&mut model, "tab");
    assert_eq!(palette(&model).input.text, r"import ~/my\ files/");
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::ListPaths { partial, .. } if partial == "~/my files/")),
        "{effects:?}"
    );
    // A stale answer (an older request) is dropped.
    feed(
        &mut model,
        [Msg::PathsListed {
            seq,
            paths: vec!["~/old.csv".into()],
        }],
    );
    assert!(palette(&model).completions.is_empty());
    // A file gets a space after it, and the line imports that file.
    let seq = model.search_seq;
    feed(
        &mut model,
        [Msg::PathsListed {
            seq,
            paths: vec!["~/my files/a b.csv".into()],
        }],
    );
    press(&mut model, "tab");
    assert_eq!(palette(&model).input.text, r"import ~/my\ files/a\ b.csv ");
    let effects = press(&mut model, "enter");
    assert!(
        matches!(effects.as_slice(), [Effect::Import(line)] if line.path == "~/my files/a b.csv"),
        "{effects:?}"
    );
}
