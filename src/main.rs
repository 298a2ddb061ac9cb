//! `rolo`: parse the command line, run, map errors to exit codes
//! (0 ok, 2 bad input, 1 any other failure).

use clap::Parser;
use rolo::cli::{self, Cli};
use std::io::IsTerminal;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    if cli.command.is_none() {
        if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
            eprintln!("rolo: the full-screen app needs a terminal; see `rolo --help` for commands");
            return ExitCode::from(2);
        }
        return finish(cli::tui(&cli));
    }
    finish(cli::run(cli))
}

fn finish(result: cli::Result) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rolo: {}", describe(e.error()));
            ExitCode::from(e.blame().exit_code())
        }
    }
}
/// The error and its causes, one per line, skipping a cause whose text the
/// line above already says; control characters made visible (an error can
/// quote a file or what the user typed).
fn describe(e: &anyhow::Error) -> String {
    let mut lines: Vec<String> = Vec::new();
    for cause in e.chain() {
        let text = rolo::text::sanitize_lines(&cause.to_string()).into_owned();
        if lines.last().is_none_or(|prev| !prev.contains(&text)) {
            lines.push(text);
        }
    }
    lines.join("\n  caused by: ")
}
