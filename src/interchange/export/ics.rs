//! Open tasks as an iCalendar file (RFC 5545) of VTODOs, so calendar and
//! reminder apps show them with their due dates.
//!
//! Written by hand for the same reason as the vCard writer: the output is a
//! dozen fixed lines whose exact form (date-only vs floating-time DUE,
//! escaping, 75-octet folding on UTF-8 boundaries) is pinned by tests, and
//! spelling it out is shorter than mapping onto the `icalendar` crate's
//! builder and then checking what it emits.

use super::ExportError;
use super::fold::{escape_text, write_line};
use crate::domain::{Due, Priority, RecurUnit, Task};
use chrono::{DateTime, FixedOffset, Utc};
use std::io::Write;

/// Write a VCALENDAR with one VTODO per open task (done and cancelled
/// tasks are skipped). The customer name, when given, is appended to the
/// summary: `Send quote — 张伟`. `now` becomes every DTSTAMP.
///
/// Due dates are local wall-clock values, so a timed task is written as a
/// floating time (`DUE:20261127T140000`, no `Z`, no TZID): 14:00 wherever
/// the calendar is, which is what rolo means by it. A recurring task gets
/// `RRULE:FREQ=…;INTERVAL=n` anchored on its due date; iCalendar cannot say
/// "n after completion" (`2w!`), so those export as a fixed schedule.
pub fn write_ics(
    out: &mut dyn Write,
    tasks: &[(Task, Option<String>)],
    now: DateTime<FixedOffset>,
) -> Result<(), ExportError> {
    let mut writer = IcsWriter::new(out, now)?;
    for (task, customer) in tasks {
        writer.task(task, customer.as_deref())?;
    }
    writer.finish()?;
    Ok(())
}

/// [`write_ics`] one task at a time, for callers that stream tasks.
pub struct IcsWriter<W: Write> {
    out: W,
    stamp: String,
}

impl<W: Write> IcsWriter<W> {
    /// Write the calendar's opening lines; `now` becomes every DTSTAMP.
    pub fn new(mut out: W, now: DateTime<FixedOffset>) -> Result<Self, ExportError> {
        for text in ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//rolo//EN"] {
            write_line(&mut out, text)?;
        }
        let stamp = now.with_timezone(&Utc).format("%Y%m%dT%H%M%SZ").to_string();
        Ok(IcsWriter { out, stamp })
    }

    /// A VTODO for `task` if it is open (else nothing), with the customer
    /// name, when given and not empty, in the summary.
    pub fn task(&mut self, task: &Task, customer: Option<&str>) -> Result<(), ExportError> {
        if !task.is_open() {
            return Ok(());
        }
        let stamp = &self.stamp;
        let mut line = |text: String| write_line(&mut self.out, &text);
        line("BEGIN:VTODO".into())?;
        line(format!("UID:task-{}@rolo", task.id.0))?;
        line(format!("DTSTAMP:{stamp}"))?;
        let summary = match customer.filter(|n| !n.is_empty()) {
            Some(name) => format!("{} — {name}", task.title),
            None => task.title.clone(),
        };
        line(format!("SUMMARY:{}", escape_text(&summary)))?;
        match task.due {
            Some(Due::Date(d)) => line(format!("DUE;VALUE=DATE:{}", d.format("%Y%m%d")))?,
            Some(Due::At(dt)) => line(format!("DUE:{}", dt.format("%Y%m%dT%H%M%S")))?,
            None => {}
        }
        let priority = match task.priority {
            Priority::High => 1,
            Priority::Normal => 5,
            Priority::Low => 9,
        };
        line(format!("PRIORITY:{priority}"))?;
        line("STATUS:NEEDS-ACTION".into())?;
        if let (Some(rule), Some(_)) = (task.recurrence, task.due) {
            let freq = match rule.unit {
                RecurUnit::Days => "DAILY",
                RecurUnit::Weeks => "WEEKLY",
                RecurUnit::Months => "MONTHLY",
            };
            line(format!("RRULE:FREQ={freq};INTERVAL={}", rule.every))?;
        }
        line("END:VTODO".into())?;
        Ok(())
    }

    /// Close the calendar, flush, and hand the output back.
    pub fn finish(mut self) -> Result<W, ExportError> {
        write_line(&mut self.out, "END:VCALENDAR")?;
        self.out.flush()?;
        Ok(self.out)
    }
}
