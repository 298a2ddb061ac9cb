//! `rolo view save|list|rm`: named customer filters (`rolo list --view NAME`).

use super::{App, Result, UsageError, output, search::FilterArgs};
use crate::domain::CustomerFilter;
use crate::store::Reads;
use clap::{Args, Subcommand};
use serde::Serialize;

#[derive(Debug, Subcommand)]
pub enum ViewCommand {
    /// Save the filter flags under a name (replacing a view of that name)
    Save(SaveArgs),
    /// Saved views and the flags each stands for
    List,
    /// Delete a saved view
    Rm {
        /// The view's name
        name: String,
    },
}

#[derive(Debug, Args)]
pub struct SaveArgs {
    /// The view's name, e.g. "vip-north"
    pub name: String,
    #[command(flatten)]
    pub filter: FilterArgs,
}

#[derive(Debug, Serialize)]
struct Saved {
    name: String,
    filter: CustomerFilter,
    /// The `rolo list` flags the view stands for.
    flags: String,
}

pub fn run(app: &App, cmd: &ViewCommand) -> Result<()> {
    match cmd {
        ViewCommand::Save(args) => {
            args.filter.check()?;
            crate::search::check_query("the view's name", &args.name)?;
            let filter = args.filter.filter();
            if filter.is_empty() {
                return Err(UsageError(format!(
                    "view \"{}\": give the filter to save, e.g. rolo view save {} --tag vip --mine",
                    args.name, args.name
                ))
                .into());
            }
            app.store
                .write(app.now, |w| w.save_view(&args.name, &filter))?;
            let saved = Saved {
                name: args.name.trim().to_string(),
                flags: filter.describe(),
                filter,
            };
            if app.json {
                return output::print_json(&saved);
            }
            output::print(&format!(
                "Saved view \"{}\": {} (use: rolo list --view {})\n",
                saved.name,
                saved.flags,
                quote(&saved.name)
            ))
        }
        ViewCommand::List => {
            let views: Vec<Saved> = app
                .store
                .read(|r| r.views())?
                .into_iter()
                .map(|(name, filter)| Saved {
                    flags: filter.describe(),
                    name,
                    filter,
                })
                .collect();
            if app.json {
                return output::print_json(&views);
            }
            if views.is_empty() {
                return output::print(
                    "No saved views. Save one: rolo view save NAME --tag vip --mine\n",
                );
            }
            let mut t = output::Table::new(&["NAME", "FILTER"]).cap(0, 30);
            for v in &views {
                t.row(vec![v.name.clone(), v.flags.clone()]);
            }
            output::print(&t.render())
        }
        ViewCommand::Rm { name } => {
            let deleted = app.store.write(app.now, |w| {
                // Names match as `--view` does: exact, else ignoring case.
                let names: Vec<String> = w.views()?.into_iter().map(|(n, _)| n).collect();
                let wanted = name.trim();
                let stored = names
                    .iter()
                    .find(|n| *n == wanted)
                    .or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(wanted)))
                    .map_or(wanted, String::as_str)
                    .to_string();
                w.delete_view(&stored)?;
                Ok::<_, crate::store::StoreError>(stored)
            })?;
            if app.json {
                return output::print_json(&serde_json::json!({ "deleted": deleted }));
            }
            output::print(&format!("Deleted view \"{deleted}\"\n"))
        }
    }
}

fn quote(s: &str) -> String {
    if s.contains(char::is_whitespace) {
        format!("\"{s}\"")
    } else {
        s.to_string()
    }
}
