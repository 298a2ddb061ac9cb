//! `rolo report NAME`: the pipeline, activity and service reports as text,
//! CSV or JSON (the computations are `crate::report`'s, shared with the TUI).

use super::{App, Result, UsageError, output};
use crate::report::{self, Dataset, Period, ReportName};
use clap::Args;

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// funnel, activity, sources, campaigns, overdue or top (also 漏斗 活动
    /// 来源 市场活动 逾期 大客户, or a prefix: `fun`)
    #[arg(value_name = "NAME")]
    pub name: String,
    /// First day included (2026-10-01, -30d, last monday…) [default: this
    /// month; activity: the last 8 weeks; campaigns: the last 12 months;
    /// overdue: cases of the last 30 days]
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
    pub from: Option<String>,
    /// Last day included [default: the end of the default period, or today
    /// when --from is given]
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
    pub to: Option<String>,
    /// Print the table as CSV (header row first)
    #[arg(long)]
    pub csv: bool,
    /// Only customers you own (your Unix user), and their deals, tasks and cases
    #[arg(long, conflicts_with = "owner")]
    pub mine: bool,
    /// Only customers this owner owns
    #[arg(long, value_name = "OWNER")]
    pub owner: Option<String>,
}

pub fn run(app: &App, args: &ReportArgs) -> Result<()> {
    let name = ReportName::parse(&args.name).ok_or_else(|| {
        UsageError(format!(
            "unknown report \"{}\"; the reports are: {}",
            args.name,
            ReportName::list()
        ))
    })?;
    if app.json && args.csv {
        return Err(UsageError("--json and --csv: choose one output format".into()).into());
    }
    let fallback = Period::default_for(name, app.now.date_naive());
    let period = Period::parse(args.from.as_deref(), args.to.as_deref(), app.now, fallback)
        .map_err(|e| UsageError(e.to_string()))?;
    let owner = match (&args.owner, args.mine) {
        (Some(o), _) if o.trim().is_empty() => {
            return Err(UsageError("--owner needs a name".into()).into());
        }
        (Some(o), _) => Some(o.trim().to_string()),
        (None, true) => Some(crate::store::current_user()),
        (None, false) => None,
    };
    let mut out = match &owner {
        // The maintained answers are not kept per owner: read every row.
        Some(owner) => {
            let data: Dataset = app
                .store
                .read(|r| Dataset::load_for(name, r, &app.config, app.now, period))?;
            report::build(name, &data.only_owner(owner))
        }
        None => app
            .store
            .read(|r| report::build_maintained(name, r, &app.config, app.now, period))?,
    };
    if let Some(owner) = &owner {
        out.title
            .push_str(&format!(" — customers owned by {owner}"));
        if let serde_json::Value::Object(map) = &mut out.json {
            map.insert("owner".into(), serde_json::Value::from(owner.as_str()));
        }
    }
    if app.json {
        output::print_json(&out.json)
    } else if args.csv {
        output::print_data(&report::render::csv(&out.table)?)
    } else {
        output::print(&report::render::text(&out))
    }
}
