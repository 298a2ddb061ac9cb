//! `import FILE` from the palette: the worker reads and imports the file
//! and reports progress; the overlay shows a gauge, then the summary. The
//! overlay is modal: while it is up, only closing (Esc: cancel, then
//! dismiss), choosing (Enter: dismiss), refresh and quit do anything.

use super::super::model::{Import, ImportState, Model, Overlay};
use super::super::msg::{Effect, ImportEnd};
use super::{reload, toast};
use crate::exec::import::Progress;
use crate::palette::{ImportLine, Ui};

/// Start the import the palette line asked for.
pub fn start(model: &mut Model, line: ImportLine) -> Vec<Effect> {
    model.overlay = Some(Overlay::Import(Import {
        path: line.path.clone(),
        dry_run: line.dry_run,
        state: ImportState::Running {
            progress: None,
            cancelling: false,
        },
    }));
    vec![Effect::Import(line)]
}

/// A TUI command while the import overlay is up.
pub fn ui(model: &mut Model, ui: Ui) -> Vec<Effect> {
    let running = model.import().is_some_and(Import::running);
    match ui {
        Ui::PickerClose | Ui::PaletteClose if running => cancel(model),
        Ui::PickerClose | Ui::PaletteClose | Ui::PickerChoose | Ui::PaletteRun if !running => {
            model.overlay = None;
            vec![]
        }
        Ui::Quit => {
            model.quit = true;
            if running {
                vec![Effect::CancelImport, Effect::Quit]
            } else {
                vec![Effect::Quit]
            }
        }
        // Reading while the import holds the write lock would only wait.
        Ui::Refresh if !running => reload(model, true),
        _ => vec![],
    }
}

fn cancel(model: &mut Model) -> Vec<Effect> {
    match &mut model.overlay {
        Some(Overlay::Import(Import {
            state: ImportState::Running { cancelling, .. },
            ..
        })) if !*cancelling => {
            *cancelling = true;
            vec![Effect::CancelImport]
        }
        _ => vec![],
    }
}

/// The worker's latest report; stale ones (after the end) are dropped.
pub fn progress(model: &mut Model, report: Progress) -> Vec<Effect> {
    if let Some(Overlay::Import(Import {
        state: ImportState::Running { progress, .. },
        ..
    })) = &mut model.overlay
    {
        *progress = Some(report);
    }
    vec![]
}

/// The worker finished: the summary replaces the gauge, the panes reload.
pub fn finished(model: &mut Model, end: ImportEnd) -> Vec<Effect> {
    let wrote = matches!(&end, ImportEnd::Imported(r) if !r.dry_run);
    match &mut model.overlay {
        Some(Overlay::Import(import)) => import.state = ImportState::Finished(end),
        // Cannot happen while the overlay is modal; say it anyway.
        _ => toast(
            model,
            summary_line(&end),
            matches!(end, ImportEnd::Failed(_)),
        ),
    }
    if wrote { reload(model, true) } else { vec![] }
}

/// One line for a toast.
fn summary_line(end: &ImportEnd) -> String {
    match end {
        ImportEnd::Imported(r) => format!(
            "Imported: {} created, {} merged, {} interactions, {} tasks",
            r.created, r.merged, r.interactions, r.tasks
        ),
        ImportEnd::Invalid(r) => format!(
            "Import: {} of {} rows are not valid; nothing was imported",
            r.rejected.len(),
            r.rows
        ),
        ImportEnd::Cancelled => "Import cancelled — nothing was written".into(),
        ImportEnd::Failed(message) => format!("Import failed: {message}"),
    }
}
