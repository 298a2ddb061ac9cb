//! Phones on an imported row: re-read in the import's `--phone-region`,
//! and a note for each number libphonenumber cannot read (kept as typed,
//! matched only by the same digits).

use super::Report;
use crate::domain::phone::{self, Region};
use crate::interchange::mapping::CustomerIn;
use crate::text::sanitize;

/// Notes beyond this many are counted, not listed.
const MAX_NOTES: usize = 20;

/// Returns true when a phone was rewritten (so the row's keys change).
pub(super) fn read(
    row: &mut CustomerIn,
    line: usize,
    region: Option<Region>,
    report: &mut Report,
) -> bool {
    let mut changed = false;
    for p in &mut row.draft.phones {
        if let Some(r) = region
            && let Some(read) = phone::in_region(p, r)
        {
            *p = read;
            changed = true;
        }
        if phone::is_unparsed(p) {
            note(report, line, p);
        }
    }
    changed
}

fn note(report: &mut Report, line: usize, p: &str) {
    report.unparsed_phones += 1;
    if report.unparsed_phones <= MAX_NOTES {
        report.warnings.push(format!(
            "line {line}: phone \"{}\" is not a number libphonenumber can read in region {}; kept as typed, matched only by the same digits",
            sanitize(p),
            phone::default_region()
        ));
    } else if report.unparsed_phones == MAX_NOTES + 1 {
        report
            .warnings
            .push("more phones that do not parse: see unparsed_phones".into());
    }
}
