//! Progress and cancellation of an import running on another thread.

use serde::Serialize;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Which part of an import is running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Decoding the file and splitting it into rows.
    Reading,
    /// Checking, de-duplicating and writing each row.
    Writing,
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Stage::Reading => "reading",
            Stage::Writing => "writing",
        })
    }
}

/// How far an import has got in `stage`: `done` of `total` bytes while
/// reading, lines of the file (or cards of a vCard file) while writing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub stage: Stage,
    pub done: usize,
    pub total: usize,
}

/// Watches an import from another thread: receives progress (every
/// [`Watch::EVERY`] rows and at each stage's end) and can cancel it. A
/// cancelled import writes nothing and ends with
/// [`ImportError::Cancelled`](super::ImportError::Cancelled).
#[derive(Clone, Default)]
pub struct Watch {
    on_progress: Option<Arc<dyn Fn(Progress) + Send + Sync>>,
    cancel: Arc<AtomicBool>,
}

impl std::fmt::Debug for Watch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watch")
            .field("on_progress", &self.on_progress.is_some())
            .field("cancelled", &self.is_cancelled())
            .finish()
    }
}

impl Watch {
    /// Rows between two progress reports (and cancellation checks).
    pub const EVERY: usize = 1024;

    pub fn new(on_progress: impl Fn(Progress) + Send + Sync + 'static) -> Watch {
        Watch {
            on_progress: Some(Arc::new(on_progress)),
            cancel: Arc::default(),
        }
    }

    /// Ask the import to stop; it rolls back at its next check.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// Report `done` of `total` at the stage's end and every `EVERY` rows;
    /// fails once cancelled.
    pub(super) fn tick(&self, stage: Stage, done: usize, total: usize) -> Result<(), Cancelled> {
        if done == total || done.is_multiple_of(Self::EVERY) {
            self.report(stage, done, total)?;
        }
        Ok(())
    }

    /// Report now; fails once cancelled.
    pub(super) fn report(&self, stage: Stage, done: usize, total: usize) -> Result<(), Cancelled> {
        if self.is_cancelled() {
            return Err(Cancelled);
        }
        if let Some(f) = &self.on_progress {
            f(Progress { stage, done, total });
        }
        Ok(())
    }
}

/// The watch was cancelled: the import must roll back.
#[derive(Debug)]
pub(super) struct Cancelled;
