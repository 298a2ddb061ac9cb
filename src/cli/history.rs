//! `rolo history REF`: who changed a customer, when, from where, and which
//! fields — from the audit trail, which keeps field names, never values.

use super::{App, Result, output};
use crate::domain::AuditEntry;
use crate::exec::{self, cli_ref};
use crate::store::Reads;
use crate::text::sanitize;
use clap::Args;

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Customer: #id, name, company, email or phone
    pub customer: String,
    /// How many entries to show, newest first (0 = all)
    #[arg(long, default_value = "50", value_parser = super::parse_limit)]
    pub limit: usize,
}

pub fn run(app: &App, args: &HistoryArgs) -> Result<()> {
    let (name, entries) = app.store.read(|r| {
        let customer = exec::resolve_in(r, &cli_ref(&args.customer))?;
        let entries = r.audit(Some(customer.id), args.limit)?;
        Ok::<_, exec::ExecError>((format!("{}  {}", customer.name, customer.id), entries))
    })?;
    if app.json {
        return output::print_json(&entries);
    }
    output::print(&render(&name, &entries))
}

fn render(name: &str, entries: &[AuditEntry]) -> String {
    let mut out = format!("{}\n", sanitize(name));
    if entries.is_empty() {
        out.push_str("  no recorded changes\n");
        return out;
    }
    let mut t = output::Table::new(&["  WHEN", "WHO", "VIA", "WHAT", "ENTITY", "FIELDS"]);
    for e in entries {
        t.row(vec![
            format!("  {}", e.at.format("%Y-%m-%d %H:%M")),
            sanitize(&e.actor).into_owned(),
            e.channel.to_string(),
            e.action.clone(),
            sanitize(&e.entity).into_owned(),
            e.fields.join(", "),
        ]);
    }
    out.push_str(&t.render());
    out
}
