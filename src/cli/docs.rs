//! `rolo completions SHELL` and `rolo man`, generated from the clap definitions.

use super::{Cli, Result};
use clap::{Args, CommandFactory};
use clap_complete::Shell;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, elvish or powershell
    pub shell: Shell,
}

pub fn completions(args: &CompletionsArgs) -> Result<()> {
    let mut cmd = Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "rolo", &mut std::io::stdout());
    Ok(())
}

pub fn man() -> Result<()> {
    let cmd = Cli::command();
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut page)?;
    // One page for everything: each subcommand's own page follows the main one.
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        clap_mangen::Man::new(sub.clone().bin_name(format!("rolo {}", sub.get_name())))
            .render(&mut page)?;
    }
    super::output::print(&String::from_utf8_lossy(&page))
}
