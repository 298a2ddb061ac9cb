//! Follow-up rows: an interaction on the customer the row names, plus a
//! task for its next action. A row whose customer cannot be found, or is
//! ambiguous, is rejected: an import never invents customers from a log.

use super::{Abort, Report, local};
use crate::domain::*;
use crate::interchange::mapping::FollowUpIn;
use crate::store::Rows;
use chrono::{DateTime, FixedOffset};

/// Log one row; `Ok(Err(reason))` rejects it.
pub(super) fn row(
    r: &mut Rows,
    f: FollowUpIn,
    report: &mut Report,
    now: DateTime<FixedOffset>,
) -> Result<Result<(), String>, Abort> {
    let mut found = r.find_exact(&f.customer_words)?;
    if found.is_empty() && !f.company.trim().is_empty() {
        found = r.find_exact(&f.company)?;
    }
    let customer = match found.as_slice() {
        [id] => *id,
        [] => {
            return Ok(Err(format!(
                "no customer named \"{}\"; import the customer list first, or add them",
                f.customer_words
            )));
        }
        several => {
            let ids: Vec<String> = several.iter().map(ToString::to_string).collect();
            return Ok(Err(format!(
                "\"{}\" matches {} customers ({}); name one by its company",
                f.customer_words,
                several.len(),
                ids.join(", ")
            )));
        }
    };
    let at = local(f.at, now).unwrap_or(now);
    // Importing the same file twice creates nothing new.
    if r.interactions_at(customer, at)?
        .iter()
        .any(|i| i.summary == f.summary.trim() && i.kind == f.kind)
    {
        report.unchanged += 1;
        return Ok(Ok(()));
    }
    let interaction = NewInteraction {
        customer,
        kind: f.kind,
        at,
        summary: f.summary,
        feedback: with_custom_fields(f.feedback, &f.custom),
        outcome: None,
        author: f.author,
    };
    let next = f
        .next
        .filter(|n| !n.trim().is_empty())
        .map(|title| NewTask {
            customer: Some(customer),
            title,
            due: f.due,
            priority: Priority::Normal,
            recurrence: None,
        });
    let (interaction, next) = match (
        interaction.validate(),
        next.map(NewTask::validate).transpose(),
    ) {
        (Ok(i), Ok(next)) => (i, next),
        (Err(e), _) | (_, Err(e)) => return Ok(Err(e.to_string())),
    };
    let logged = r.log(interaction, next)?;
    report.interactions += 1;
    report.tasks += usize::from(logged.task.is_some());
    Ok(Ok(()))
}

/// Columns that map to nothing are kept on the interaction, one
/// `Header: value` line each after the feedback: an interaction has no
/// custom fields, and an import drops nothing.
fn with_custom_fields(
    feedback: String,
    custom: &std::collections::BTreeMap<String, String>,
) -> String {
    let mut lines: Vec<String> = Vec::new();
    if !feedback.trim().is_empty() {
        lines.push(feedback);
    }
    lines.extend(custom.iter().map(|(k, v)| format!("{k}: {v}")));
    lines.join("\n")
}
