//! `rolo undo`: take back this Unix user's last change, from any terminal
//! or process. The store keeps each user's last write journal (rows before
//! and after); undo puts the rows back only if nobody changed them since,
//! and is itself a change, so a second `rolo undo` redoes.

use super::{App, Result, UsageError, output};
use crate::store::{Reads, StoreError};
use serde::Serialize;

#[derive(Serialize)]
struct Undone {
    rows: usize,
}

#[derive(Debug, thiserror::Error)]
enum UndoError {
    #[error(
        "nothing to undo: {0} has no recorded change, or the last one was an import, demo data, a campaign or a saved view, which undo does not take back"
    )]
    Nothing(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub fn run(app: &App) -> Result<()> {
    let actor = app.store.actor().to_string();
    let undone = app.store.write(app.now, |w| {
        let last = w.last_write(&actor)?;
        if last.is_empty() {
            return Err(UndoError::Nothing(actor.clone()));
        }
        Ok(w.undo(&last)?)
    });
    let rows = match undone {
        Ok(rows) => rows,
        Err(e @ UndoError::Nothing(_)) => return Err(UsageError(e.to_string()).into()),
        Err(UndoError::Store(e)) => return Err(e.into()),
    };
    if app.json {
        return output::print_json(&Undone { rows });
    }
    output::print(&format!(
        "Undone: {} put back as {}. `rolo undo` again redoes it.\n",
        if rows == 1 {
            "1 row".to_string()
        } else {
            format!("{rows} rows")
        },
        if rows == 1 { "it was" } else { "they were" }
    ))
}
