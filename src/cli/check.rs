//! `rolo check`: redb's integrity check plus rolo's own (references,
//! indexes, id counters, every row decodes). Lists each problem; exits 1
//! when there is any.

use super::{App, Result, output};
use crate::store::{CheckReport, MAX_LISTED, Problem};
use crate::text::grouped;
use std::time::Instant;

/// The database has problems; they were printed above.
#[derive(Debug, thiserror::Error)]
#[error(
    "the database \"{path}\" has {count} problem{s} (listed above). Restore a backup (`rolo \
     restore`), or if only indexes are wrong, `rolo export > book.jsonl` then `rolo --db NEW.redb \
     import book.jsonl` rebuilds them from the rows",
    s = if *.count == 1 { "" } else { "s" }
)]
pub struct CheckFailed {
    pub path: String,
    pub count: u64,
}

// A damaged file is not something the user typed wrong.
impl crate::fault::Blamed for CheckFailed {
    fn blame(&self) -> crate::fault::Blame {
        crate::fault::Blame::Failure
    }
}

pub fn run(app: &App) -> Result<()> {
    let started = Instant::now();
    let report = app.store.check()?;
    let seconds = started.elapsed().as_secs_f64();
    if app.json {
        output::print_json(&serde_json::json!({
            "ok": report.ok(),
            "checked": report.checked,
            "problems": report.problems,
            "problem_count": report.problem_count,
            "data_checked": report.data_checked,
            "seconds": seconds,
        }))?;
    } else {
        output::print(&render(&report, seconds))?;
    }
    if report.ok() {
        return Ok(());
    }
    Err(CheckFailed {
        path: app.store.path().display().to_string(),
        count: report.problem_count,
    }
    .into())
}

fn render(report: &CheckReport, seconds: f64) -> String {
    let mut out = String::new();
    for p in &report.problems {
        out.push_str(&line(p));
        out.push('\n');
    }
    let unlisted = report
        .problem_count
        .saturating_sub(report.problems.len() as u64);
    if unlisted > 0 {
        out.push_str(&format!(
            "… and {} more (only the first {MAX_LISTED} are listed)\n",
            grouped(unlisted)
        ));
    }
    let c = &report.checked;
    let problems = match report.problem_count {
        0 => "0 problems".to_string(),
        1 => "1 PROBLEM".to_string(),
        n => format!("{} PROBLEMS", grouped(n)),
    };
    if !report.data_checked {
        out.push_str(&format!(
            "The file is damaged, so rolo's own checks did not run; {problems}\n"
        ));
        return out;
    }
    out.push_str(&format!(
        "Checked the file, {}, {}, {}, {}, {}, {}, {} and {} in {seconds:.1} s; {problems}\n",
        count(c.customers, "customer", "customers"),
        count(c.interactions, "interaction", "interactions"),
        count(c.tasks, "task", "tasks"),
        count(c.deals, "deal", "deals"),
        count(c.cases, "case", "cases"),
        count(c.campaigns, "campaign", "campaigns"),
        count(c.audit_entries, "audit entry", "audit entries"),
        count(c.index_entries, "index entry", "index entries"),
    ));
    out
}

/// `idx_lookup ("n:ann lee", 3): missing: customer #3 needs this entry`
fn line(p: &Problem) -> String {
    let text = if p.key.is_empty() {
        format!("{}: {}", p.table, p.problem)
    } else {
        format!("{} {}: {}", p.table, p.key, p.problem)
    };
    crate::text::sanitize(&text).into_owned()
}

fn count(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", grouped(n), if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Checked;

    #[test]
    fn each_problem_names_table_key_and_what() {
        let report = CheckReport {
            checked: Checked {
                customers: 12345,
                interactions: 2,
                tasks: 3,
                deals: 4,
                cases: 1,
                campaigns: 1200,
                audit_entries: 1,
                ..Checked::default()
            },
            problems: vec![Problem {
                table: "interactions",
                key: "#7".into(),
                problem: "its customer #9 does not exist".into(),
            }],
            problem_count: 1,
            data_checked: true,
        };
        let text = render(&report, 0.3);
        assert!(
            text.starts_with("interactions #7: its customer #9 does not exist\n"),
            "{text}"
        );
        assert!(
            text.ends_with(
                "Checked the file, 12,345 customers, 2 interactions, 3 tasks, 4 deals, 1 case, \
                 1,200 campaigns, 1 audit entry and 0 index entries in 0.3 s; 1 PROBLEM\n"
            ),
            "{text}"
        );
    }
}
