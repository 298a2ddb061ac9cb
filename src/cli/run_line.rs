//! `rolo do 'LINE'`: one palette line through the same executor as the TUI.

use super::App;
use crate::exec::{self, ExecError};
use crate::palette::ParseError;
use clap::Args;

#[derive(Debug, Args)]
pub struct RunLineArgs {
    /// e.g. 'call acme: wants pricing -> send quote @fri'
    #[arg(required = true, num_args = 1..)]
    pub line: Vec<String>,
}

/// Bad input shown with the line it came from, the offending words
/// underlined. Its text already says everything, so it has no source.
#[derive(Debug, thiserror::Error)]
#[error("{rendered}")]
pub struct LineError {
    rendered: String,
}

pub fn run(app: &App, args: &RunLineArgs) -> anyhow::Result<()> {
    let line = args.line.join(" ");
    let done = exec::run_line(&app.ctx(), &line).map_err(|e| underline(&line, e))?;
    super::log::print_done(app, &done)
}

fn underline(line: &str, e: ExecError) -> anyhow::Error {
    let rendered = match &e {
        ExecError::Parse(p) => p.render(line),
        ExecError::Resolve {
            error,
            span: Some(span),
        } => ParseError {
            message: error.to_string(),
            span: span.clone(),
        }
        .render(line),
        _ => return e.into(),
    };
    LineError {
        rendered: rendered.trim_end().to_string(),
    }
    .into()
}
