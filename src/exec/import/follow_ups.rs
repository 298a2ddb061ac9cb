//! Follow-up rows: an interaction on the customer the row names, plus a
//! task for its next action. A row whose customer cannot be found, or is
//! ambiguous, is rejected: an import never invents customers from a log.

use super::db::Db;
use super::{Abort, Report, local};
use crate::domain::*;
use crate::interchange::mapping::FollowUpIn;
use chrono::{DateTime, FixedOffset};
use std::collections::HashSet;

/// The interactions this import knows of, as fingerprints of (customer,
/// moment, kind, summary): those in the store at each moment a row named
/// (read once per moment) and those it logged. A file of many rows for one
/// customer at one moment checks each row against a set, rather than
/// reading every interaction logged there so far, row after row. About 40
/// bytes a row, like the customers' duplicate keys.
#[derive(Default)]
pub(super) struct Logged {
    /// (customer, moment in ms) whose stored interactions are in `known`.
    moments: HashSet<(u64, i64)>,
    known: HashSet<super::customers::Fingerprint>,
}

impl Logged {
    fn key(customer: CustomerId, ms: i64, kind: InteractionKind, summary: &str) -> u128 {
        super::customers::fingerprint(&[
            &customer.0.to_string(),
            &ms.to_string(),
            kind.as_str(),
            summary,
        ])
    }
}

/// Log one row; `Ok(Err(reason))` rejects it.
pub(super) fn row(
    r: &mut impl Db,
    logged: &mut Logged,
    f: FollowUpIn,
    report: &mut Report,
    now: DateTime<FixedOffset>,
) -> Result<Result<(), String>, Abort> {
    let customer = match named(r, &f.customer_words, &f.company)? {
        Ok(id) => id,
        Err(reason) => return Ok(Err(reason)),
    };
    let at = local(f.at, now).unwrap_or(now);
    let ms = at.timestamp_millis();
    // Importing the same file twice creates nothing new.
    if logged.moments.insert((customer.0, ms)) {
        for i in r.interactions_at(customer, at)? {
            logged
                .known
                .insert(Logged::key(customer, ms, i.kind, &i.summary));
        }
    }
    if logged
        .known
        .contains(&Logged::key(customer, ms, f.kind, f.summary.trim()))
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
    let key = Logged::key(customer, ms, interaction.kind, &interaction.summary);
    let task = r.log(interaction, next)?;
    logged.known.insert(key);
    report.interactions += 1;
    report.tasks += usize::from(task);
    Ok(Ok(()))
}

/// The one customer a row names: by its customer words, else by its
/// company column; `Ok(Err(reason))` when there is none, or more than one
/// (an import never guesses, and never invents a customer). Follow-up and
/// order rows name their customer this same way.
pub(super) fn named(
    r: &impl Db,
    words: &str,
    company: &str,
) -> Result<Result<CustomerId, String>, Abort> {
    let mut found = r.find_exact(words)?;
    if found.is_empty() && !company.trim().is_empty() {
        found = r.find_exact(company)?;
    }
    Ok(match found.as_slice() {
        [id] => Ok(*id),
        [] => Err(format!(
            "no customer named \"{words}\"; import the customer list first, or add them"
        )),
        several => {
            let ids: Vec<String> = several.iter().map(ToString::to_string).collect();
            Err(format!(
                "\"{words}\" matches {} customers ({}); name one by its company",
                several.len(),
                ids.join(", ")
            ))
        }
    })
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
