//! `rolo case open|respond|resolve|edit|rm|list`: service requests and complaints.

use super::deal::{Names, table};
use super::{App, CliError, Result, UsageError, output};
use crate::domain::{Case, CaseId, CaseKind, CasePatch, Priority, ids};
pub use crate::exec::hours;
use crate::exec::{self, CaseRequest, Done, ExecError, cli_ref};
use crate::store::{self, Reads};
use chrono::{DateTime, FixedOffset};
use clap::{Args, Subcommand};
use serde::Serialize;

#[derive(Debug, Subcommand)]
pub enum CaseCommand {
    /// Open a service request (or, with --complaint, a complaint)
    Open(OpenArgs),
    /// Record the first response: the case goes "in progress"
    Respond {
        #[arg(value_parser = parse_case_id)]
        id: CaseId,
    },
    /// Resolve a case, saying what was done
    Resolve {
        #[arg(value_parser = parse_case_id)]
        id: CaseId,
        /// What was done about it
        #[arg(long)]
        note: Option<String>,
    },
    /// Correct a case's title, kind, priority, owner or customer
    Edit(EditArgs),
    /// Delete a case opened by mistake (a real one is resolved); `rolo undo` brings it back
    Rm {
        #[arg(value_parser = parse_case_id)]
        id: CaseId,
    },
    /// Cases still open, oldest first (--all: resolved ones too)
    List(ListArgs),
}

#[derive(Debug, Args)]
pub struct EditArgs {
    #[arg(value_parser = parse_case_id)]
    pub id: CaseId,
    /// What it is about
    #[arg(long, visible_alias = "subject")]
    pub title: Option<String>,
    /// request or complaint
    #[arg(long, value_parser = |s: &str| CaseKind::parse(s).map_err(|e| e.to_string()))]
    pub kind: Option<CaseKind>,
    /// low, normal or high
    #[arg(long, value_parser = |s: &str| Priority::parse(s).map_err(|e| e.to_string()))]
    pub priority: Option<Priority>,
    /// Who handles it
    #[arg(long)]
    pub owner: Option<String>,
    /// Another customer, when it was opened on the wrong card (#id, name, company, email or phone)
    #[arg(long, value_name = "REF")]
    pub customer: Option<String>,
}

#[derive(Debug, Args)]
pub struct OpenArgs {
    /// Customer: #id, name, company, email or phone
    pub customer: String,
    /// What it is about
    pub title: String,
    /// A complaint rather than a request
    #[arg(long)]
    pub complaint: bool,
    /// low, normal or high [default: high for a complaint, else normal]
    #[arg(long, value_parser = |s: &str| Priority::parse(s).map_err(|e| e.to_string()))]
    pub priority: Option<Priority>,
    /// Who handles it [default: you]
    #[arg(long)]
    pub owner: Option<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Resolved cases too
    #[arg(long)]
    pub all: bool,
    /// Only cases you handle (your Unix user)
    #[arg(long)]
    pub mine: bool,
    /// Only this customer's cases
    #[arg(long, value_name = "REF")]
    pub customer: Option<String>,
}

fn parse_case_id(s: &str) -> Result<CaseId, String> {
    ids::parse_id(s).map(CaseId).ok_or_else(|| {
        crate::domain::ids::out_of_range(s, "case id")
            .unwrap_or_else(|| format!("\"{s}\" is not a case id (expected a number like 3 or #3)"))
    })
}

/// A case as printed: with its customer's name.
#[derive(Debug, Serialize)]
pub struct CaseRow {
    #[serde(flatten)]
    pub case: Case,
    pub customer_name: String,
}

pub fn run(app: &App, cmd: &CaseCommand) -> Result<()> {
    let ctx = app.ctx();
    let done = match cmd {
        CaseCommand::List(args) => return list(app, args),
        CaseCommand::Open(args) => exec::open_case(
            &ctx,
            CaseRequest {
                customer: cli_ref(&args.customer),
                kind: if args.complaint {
                    CaseKind::Complaint
                } else {
                    CaseKind::Request
                },
                title: args.title.clone(),
                priority: args.priority,
                owner: args.owner.clone(),
            },
        )?,
        CaseCommand::Respond { id } => exec::respond_case(&ctx, *id)?,
        CaseCommand::Resolve { id, note } => {
            exec::resolve_case(&ctx, *id, note.as_deref().unwrap_or_default())?
        }
        CaseCommand::Edit(args) => {
            let patch = CasePatch {
                title: args.title.clone(),
                kind: args.kind,
                priority: args.priority,
                owner: args.owner.clone(),
                customer: None,
            };
            if patch.is_empty() && args.customer.is_none() {
                return Err(UsageError(
                    "nothing to change: give at least one of --title, --kind, --priority, \
                     --owner, --customer (see `rolo case edit --help`)"
                        .into(),
                )
                .into());
            }
            exec::edit_case(
                &ctx,
                args.id,
                patch,
                args.customer.as_deref().map(cli_ref).as_ref(),
            )?
        }
        CaseCommand::Rm { id } => exec::remove_case(&ctx, *id)?,
    };
    if !app.json {
        return super::log::print_done(app, &done);
    }
    match done {
        Done::CaseOpened { customer, case }
        | Done::CaseChanged { customer, case }
        | Done::CaseEdited { customer, case, .. }
        | Done::CaseRemoved { customer, case } => output::print_json(&CaseRow {
            case,
            customer_name: customer.name,
        }),
        other => Err(CliError::failure(anyhow::anyhow!(
            "bug: not a case result: {other:?}"
        ))),
    }
}

fn list(app: &App, args: &ListArgs) -> Result<()> {
    let me = args.mine.then(store::current_user);
    let mut rows = app.store.read(|r| {
        let cases = match &args.customer {
            Some(c) => r.customer_cases(exec::resolve_in(r, &cli_ref(c))?.id)?,
            None if args.all => r.cases()?,
            None => r.open_cases(usize::MAX)?.0,
        };
        let mut names = Names::read(r, cases.iter().map(|c| c.customer))?;
        let mut rows = Vec::new();
        for case in cases {
            let mine = me
                .as_deref()
                .is_none_or(|me| case.owner.trim().eq_ignore_ascii_case(me));
            if !(args.all || case.is_open()) || !mine {
                continue;
            }
            let customer_name = names.of(r, case.customer)?;
            rows.push(CaseRow {
                case,
                customer_name,
            });
        }
        Ok::<_, ExecError>(rows)
    })?;
    // Open ones first, then resolved; the oldest first within each.
    rows.sort_by_key(|r| (!r.case.is_open(), r.case.opened_at, r.case.id));
    if app.json {
        return output::print_json(&rows);
    }
    if rows.is_empty() {
        let what = if args.all { "cases" } else { "open cases" };
        return output::print(&format!("No {what} match.\n"));
    }
    output::print(&case_table(&rows, app.now))
}

pub fn case_table(rows: &[CaseRow], now: DateTime<FixedOffset>) -> String {
    let headers = [
        "ID",
        "CUSTOMER",
        "KIND",
        "TITLE",
        "STATUS",
        "AGE",
        "FIRST RESPONSE",
        "OWNER",
    ];
    let cells = rows
        .iter()
        .map(|r| {
            let c = &r.case;
            let title = if c.priority == Priority::High {
                format!("! {}", c.title)
            } else {
                c.title.clone()
            };
            vec![
                c.id.to_string(),
                r.customer_name.clone(),
                c.kind.to_string(),
                title,
                c.status.to_string(),
                format!("{}d", c.age_days(now)),
                c.response_hours().map_or("—".into(), hours),
                c.owner.clone(),
            ]
        })
        .collect();
    table(&headers, cells, &[5, 6], &[(1, 20), (3, 36)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CustomerId, NewCase};

    #[test]
    fn the_table_aligns_cjk_names_and_right_aligns_times() {
        let t0 = DateTime::parse_from_rfc3339("2026-11-20T09:00:00+08:00").expect("valid");
        let mut a = NewCase {
            customer: CustomerId(2),
            kind: CaseKind::Complaint,
            title: "发票错误".into(),
            priority: Priority::High,
            owner: "ann".into(),
        }
        .into_case(t0)
        .expect("valid");
        a.id = CaseId(1);
        a.respond(t0 + chrono::Duration::minutes(90));
        let mut b = a.clone();
        b.id = CaseId(12);
        b.first_response_at = None;
        b.priority = Priority::Normal;
        b.kind = CaseKind::Request;
        b.title = "reset".into();
        let rows = vec![
            CaseRow {
                case: a,
                customer_name: "王伟".into(),
            },
            CaseRow {
                case: b,
                customer_name: "Ann Lee".into(),
            },
        ];
        let text = case_table(&rows, t0 + chrono::Duration::days(2));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            vec![
                "ID   CUSTOMER  KIND       TITLE       STATUS       AGE  FIRST RESPONSE  OWNER",
                "#1   王伟      complaint  ! 发票错误  in progress   2d            1.5h  ann",
                "#12  Ann Lee   request    reset       in progress   2d               —  ann",
            ]
        );
    }
}
