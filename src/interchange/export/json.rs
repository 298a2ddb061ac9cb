//! Full-fidelity JSON and JSONL: every field of every record, so that
//! export → import into an empty database → export is byte-identical.
//!
//! JSONL (streams, one object per line, each tagged with its `type`):
//!
//! ```text
//! {"type":"rolo","version":1,"exported_at":"2026-11-22T10:00:00+08:00"}
//! {"type":"customer","id":1,"name":"张伟",…}
//! {"type":"interaction","id":1,"customer":1,…}
//! {"type":"task","id":1,…}
//! {"type":"deal","id":1,"customer":1,…}
//! {"type":"case","id":1,"customer":1,…}
//! {"type":"order","id":1,"customer":1,…}
//! {"type":"campaign","name":"Expo 2026",…}
//! ```
//!
//! JSON (one object; one record per line inside the arrays so diffs stay
//! readable and writing never holds more than one record):
//!
//! ```text
//! {"rolo":1,"exported_at":"…",
//! "customers":[
//! {…},
//! {…}
//! ],
//! "interactions":[
//! ],
//! "tasks":[
//! ],
//! "deals":[
//! ],
//! "cases":[
//! ],
//! "orders":[
//! ],
//! "campaigns":[
//! ]}
//! ```
//!
//! Writers emit records in the order given; callers pass each kind in id
//! order (the store's natural order), customers, then interactions, tasks,
//! deals, cases, orders, and campaigns (by name). An export written before
//! deals, cases, orders and campaigns existed has none of those records and reads as a
//! bundle without them; the format version stays 1 because nothing an older
//! export holds changed meaning.
//! [`JsonlWriter`] and [`JsonWriter`] take one record at a time, for callers
//! that stream from the store; `write_*` are the same writers over slices.

use super::ExportError;
use crate::domain::{Campaign, Case, Customer, Deal, Interaction, Order, Task};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use std::io::Write;

/// The export format version written in the header (`"version"` in JSONL,
/// `"rolo"` in JSON). Readers refuse newer versions.
pub const FORMAT_VERSION: u32 = 1;

/// Everything in a JSON/JSONL export: every kind of record.
pub type Bundle = crate::domain::Records;

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum RecordOut<'a> {
    Rolo {
        version: u32,
        exported_at: DateTime<FixedOffset>,
    },
    Customer(&'a Customer),
    Interaction(&'a Interaction),
    Task(&'a Task),
    Deal(&'a Deal),
    Case(&'a Case),
    Order(&'a Order),
    Campaign(&'a Campaign),
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum RecordIn {
    Rolo {
        version: u32,
        #[allow(dead_code)]
        exported_at: DateTime<FixedOffset>,
    },
    Customer(Box<Customer>),
    Interaction(Interaction),
    Task(Task),
    Deal(Box<Deal>),
    Case(Box<Case>),
    Order(Box<Order>),
    Campaign(Campaign),
}

fn write_record(out: &mut dyn Write, record: &RecordOut<'_>) -> Result<(), ExportError> {
    serde_json::to_writer(&mut *out, record)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// A JSONL export written one record at a time, so a whole database never
/// has to be in memory: [`JsonlWriter::new`] writes the header line, then
/// one line per record; callers give customers, then interactions, then
/// tasks, each in id order. [`JsonlWriter::finish`] flushes.
pub struct JsonlWriter<W: Write> {
    out: W,
}

impl<W: Write> JsonlWriter<W> {
    pub fn new(mut out: W, exported_at: DateTime<FixedOffset>) -> Result<Self, ExportError> {
        write_record(
            &mut out,
            &RecordOut::Rolo {
                version: FORMAT_VERSION,
                exported_at,
            },
        )?;
        Ok(JsonlWriter { out })
    }

    /// Flush, and hand the output back.
    pub fn finish(mut self) -> Result<W, ExportError> {
        self.out.flush()?;
        Ok(self.out)
    }
}

impl<W: Write> RecordWriter for JsonlWriter<W> {
    fn customer(&mut self, c: &Customer) -> Result<(), ExportError> {
        write_record(&mut self.out, &RecordOut::Customer(c))
    }

    fn interaction(&mut self, i: &Interaction) -> Result<(), ExportError> {
        write_record(&mut self.out, &RecordOut::Interaction(i))
    }

    fn task(&mut self, t: &Task) -> Result<(), ExportError> {
        write_record(&mut self.out, &RecordOut::Task(t))
    }

    fn deal(&mut self, d: &Deal) -> Result<(), ExportError> {
        write_record(&mut self.out, &RecordOut::Deal(d))
    }

    fn case(&mut self, c: &Case) -> Result<(), ExportError> {
        write_record(&mut self.out, &RecordOut::Case(c))
    }

    fn order(&mut self, o: &Order) -> Result<(), ExportError> {
        write_record(&mut self.out, &RecordOut::Order(o))
    }

    fn campaign(&mut self, c: &Campaign) -> Result<(), ExportError> {
        write_record(&mut self.out, &RecordOut::Campaign(c))
    }
}

/// What the JSONL and JSON writers share: records one at a time, customers
/// first, then interactions, tasks, deals, cases, orders and campaigns.
pub trait RecordWriter {
    fn customer(&mut self, c: &Customer) -> Result<(), ExportError>;
    fn interaction(&mut self, i: &Interaction) -> Result<(), ExportError>;
    fn task(&mut self, t: &Task) -> Result<(), ExportError>;
    fn deal(&mut self, d: &Deal) -> Result<(), ExportError>;
    fn case(&mut self, c: &Case) -> Result<(), ExportError>;
    fn order(&mut self, o: &Order) -> Result<(), ExportError>;
    fn campaign(&mut self, c: &Campaign) -> Result<(), ExportError>;
}

/// The sales records of a bundle, after its customers, interactions and tasks.
fn write_sales(writer: &mut impl RecordWriter, bundle: &Bundle) -> Result<(), ExportError> {
    for d in &bundle.deals {
        writer.deal(d)?;
    }
    for c in &bundle.cases {
        writer.case(c)?;
    }
    for o in &bundle.orders {
        writer.order(o)?;
    }
    for c in &bundle.campaigns {
        writer.campaign(c)?;
    }
    Ok(())
}

/// Every record given, in order, through `writer`.
fn write_records<'a>(
    writer: &mut impl RecordWriter,
    customers: impl IntoIterator<Item = &'a Customer>,
    interactions: impl IntoIterator<Item = &'a Interaction>,
    tasks: impl IntoIterator<Item = &'a Task>,
) -> Result<(), ExportError> {
    for c in customers {
        writer.customer(c)?;
    }
    for i in interactions {
        writer.interaction(i)?;
    }
    for t in tasks {
        writer.task(t)?;
    }
    Ok(())
}

/// Write a JSONL export: the header line, then one line per customer,
/// interaction and task, in the order given.
pub fn write_jsonl<'a>(
    out: &mut dyn Write,
    exported_at: DateTime<FixedOffset>,
    customers: impl IntoIterator<Item = &'a Customer>,
    interactions: impl IntoIterator<Item = &'a Interaction>,
    tasks: impl IntoIterator<Item = &'a Task>,
) -> Result<(), ExportError> {
    let mut writer = JsonlWriter::new(out, exported_at)?;
    write_records(&mut writer, customers, interactions, tasks)?;
    writer.finish()?;
    Ok(())
}

/// Every record of a [`Bundle`] as JSONL: [`write_jsonl`], then its deals,
/// cases and campaigns.
pub fn write_bundle_jsonl(
    out: &mut dyn Write,
    exported_at: DateTime<FixedOffset>,
    bundle: &Bundle,
) -> Result<(), ExportError> {
    let mut writer = JsonlWriter::new(out, exported_at)?;
    write_records(
        &mut writer,
        &bundle.customers,
        &bundle.interactions,
        &bundle.tasks,
    )?;
    write_sales(&mut writer, bundle)?;
    writer.finish()?;
    Ok(())
}

/// Read a JSONL export back. The first non-blank line must be the
/// `{"type":"rolo",…}` header; blank lines, CRLF and a BOM are tolerated.
/// Errors name the 1-based line number and what is wrong with it (bad JSON,
/// a missing or mistyped field, an unknown `type`, an id seen twice).
pub fn read_jsonl(text: &str) -> Result<Bundle, ExportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut bundle = Bundle::default();
    let mut seen_header = false;
    // (kind, id) → the line it was first seen on, to reject duplicates.
    let mut seen: std::collections::HashMap<(&'static str, u64), usize> = Default::default();
    // Campaigns are keyed by their folded name, as the store keys them.
    let mut campaigns: std::collections::HashMap<String, usize> = Default::default();
    for (index, line) in text.lines().enumerate() {
        let line_no = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        let record: RecordIn = serde_json::from_str(line).map_err(|e| ExportError::Parse {
            line: line_no,
            message: describe(&e),
        })?;
        match record {
            RecordIn::Rolo { version, .. } => {
                if seen_header {
                    return Err(parse_error(line_no, "a second rolo header line"));
                }
                check_version(line_no, version)?;
                seen_header = true;
            }
            _ if !seen_header => {
                return Err(parse_error(
                    line_no,
                    "expected the {\"type\":\"rolo\",\"version\":1,…} header first; \
                     is this a rolo JSONL export?",
                ));
            }
            RecordIn::Customer(c) => {
                first_sighting(&mut seen, "customer", c.id.0, line_no)?;
                bundle.customers.push(*c);
            }
            RecordIn::Interaction(i) => {
                first_sighting(&mut seen, "interaction", i.id.0, line_no)?;
                bundle.interactions.push(i);
            }
            RecordIn::Task(t) => {
                first_sighting(&mut seen, "task", t.id.0, line_no)?;
                bundle.tasks.push(t);
            }
            RecordIn::Deal(d) => {
                first_sighting(&mut seen, "deal", d.id.0, line_no)?;
                bundle.deals.push(*d);
            }
            RecordIn::Case(c) => {
                first_sighting(&mut seen, "case", c.id.0, line_no)?;
                bundle.cases.push(*c);
            }
            RecordIn::Order(o) => {
                first_sighting(&mut seen, "order", o.id.0, line_no)?;
                bundle.orders.push(*o);
            }
            RecordIn::Campaign(c) => {
                if let Some(first) = campaigns.insert(Campaign::key(&c.name), line_no) {
                    return Err(parse_error(
                        line_no,
                        &format!(
                            "campaign \"{}\" appears twice (first on line {first})",
                            c.name
                        ),
                    ));
                }
                bundle.campaigns.push(c);
            }
        }
    }
    if !seen_header {
        return Err(parse_error(1, "empty file: no rolo header line"));
    }
    Ok(bundle)
}

fn first_sighting(
    seen: &mut std::collections::HashMap<(&'static str, u64), usize>,
    kind: &'static str,
    id: u64,
    line: usize,
) -> Result<(), ExportError> {
    match seen.insert((kind, id), line) {
        Some(first) => Err(parse_error(
            line,
            &format!("{kind} #{id} appears twice (first on line {first})"),
        )),
        None => Ok(()),
    }
}

fn check_version(line: usize, version: u32) -> Result<(), ExportError> {
    if version == 0 || version > FORMAT_VERSION {
        return Err(parse_error(
            line,
            &format!(
                "export format version {version} is not supported \
                 (this rolo reads version {FORMAT_VERSION})"
            ),
        ));
    }
    Ok(())
}

fn parse_error(line: usize, message: &str) -> ExportError {
    ExportError::Parse {
        line,
        message: message.to_string(),
    }
}

/// serde_json's message without its trailing " at line L column C" (we
/// report the line ourselves).
fn describe(e: &serde_json::Error) -> String {
    let full = e.to_string();
    match full.rfind(" at line ") {
        Some(at) => full[..at].to_string(),
        None => full,
    }
}

/// The arrays of a JSON export, in the order they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Section {
    Customers,
    Interactions,
    Tasks,
    Deals,
    Cases,
    Orders,
    Campaigns,
}

impl Section {
    fn name(self) -> &'static str {
        match self {
            Section::Customers => "customers",
            Section::Interactions => "interactions",
            Section::Tasks => "tasks",
            Section::Deals => "deals",
            Section::Cases => "cases",
            Section::Orders => "orders",
            Section::Campaigns => "campaigns",
        }
    }

    fn next(self) -> Option<Section> {
        match self {
            Section::Customers => Some(Section::Interactions),
            Section::Interactions => Some(Section::Tasks),
            Section::Tasks => Some(Section::Deals),
            Section::Deals => Some(Section::Cases),
            Section::Cases => Some(Section::Orders),
            Section::Orders => Some(Section::Campaigns),
            Section::Campaigns => None,
        }
    }
}

/// A JSON export written one record at a time (see [`JsonlWriter`]): the
/// arrays are opened and closed as the records move from customers to
/// interactions, tasks, deals, cases, orders and campaigns, so a kind with no
/// records is an empty array.
/// A record of an earlier kind than the last one written is refused
/// ([`ExportError::Order`]): the arrays cannot be reopened.
pub struct JsonWriter<W: Write> {
    out: W,
    section: Section,
    /// Records written in the current section.
    written: usize,
}

impl<W: Write> JsonWriter<W> {
    pub fn new(mut out: W, exported_at: DateTime<FixedOffset>) -> Result<Self, ExportError> {
        write!(out, "{{\"rolo\":{FORMAT_VERSION},\"exported_at\":")?;
        serde_json::to_writer(&mut out, &exported_at)?;
        out.write_all(b",\n")?;
        let mut writer = JsonWriter {
            out,
            section: Section::Customers,
            written: 0,
        };
        writer.open()?;
        Ok(writer)
    }

    /// Close the open arrays and the object, flush, and hand the output back.
    pub fn finish(mut self) -> Result<W, ExportError> {
        self.enter(Section::Campaigns)?;
        self.out.write_all(b"\n]}\n")?;
        self.out.flush()?;
        Ok(self.out)
    }

    fn open(&mut self) -> Result<(), ExportError> {
        writeln!(self.out, "\"{}\":[", self.section.name())?;
        self.written = 0;
        Ok(())
    }

    /// Close arrays until `section` is the open one.
    fn enter(&mut self, section: Section) -> Result<(), ExportError> {
        if section < self.section {
            return Err(ExportError::Order {
                kind: section.name(),
                after: self.section.name(),
            });
        }
        while self.section < section {
            self.out.write_all(b"\n],\n")?;
            match self.section.next() {
                Some(next) => self.section = next,
                None => break,
            }
            self.open()?;
        }
        Ok(())
    }

    fn record(&mut self, section: Section, item: &impl Serialize) -> Result<(), ExportError> {
        self.enter(section)?;
        if self.written > 0 {
            self.out.write_all(b",\n")?;
        }
        serde_json::to_writer(&mut self.out, item)?;
        self.written += 1;
        Ok(())
    }
}

/// Write a JSON export of customers, interactions and tasks: one object
/// holding the arrays (those of the other kinds empty).
pub fn write_json<'a>(
    out: &mut dyn Write,
    exported_at: DateTime<FixedOffset>,
    customers: impl IntoIterator<Item = &'a Customer>,
    interactions: impl IntoIterator<Item = &'a Interaction>,
    tasks: impl IntoIterator<Item = &'a Task>,
) -> Result<(), ExportError> {
    let mut writer = JsonWriter::new(out, exported_at)?;
    write_records(&mut writer, customers, interactions, tasks)?;
    writer.finish()?;
    Ok(())
}

impl<W: Write> RecordWriter for JsonWriter<W> {
    fn customer(&mut self, c: &Customer) -> Result<(), ExportError> {
        self.record(Section::Customers, c)
    }

    fn interaction(&mut self, i: &Interaction) -> Result<(), ExportError> {
        self.record(Section::Interactions, i)
    }

    fn task(&mut self, t: &Task) -> Result<(), ExportError> {
        self.record(Section::Tasks, t)
    }

    fn deal(&mut self, d: &Deal) -> Result<(), ExportError> {
        self.record(Section::Deals, d)
    }

    fn case(&mut self, c: &Case) -> Result<(), ExportError> {
        self.record(Section::Cases, c)
    }

    fn order(&mut self, o: &Order) -> Result<(), ExportError> {
        self.record(Section::Orders, o)
    }

    fn campaign(&mut self, c: &Campaign) -> Result<(), ExportError> {
        self.record(Section::Campaigns, c)
    }
}

/// Every record of a [`Bundle`] as one JSON object.
pub fn write_bundle_json(
    out: &mut dyn Write,
    exported_at: DateTime<FixedOffset>,
    bundle: &Bundle,
) -> Result<(), ExportError> {
    let mut writer = JsonWriter::new(out, exported_at)?;
    write_records(
        &mut writer,
        &bundle.customers,
        &bundle.interactions,
        &bundle.tasks,
    )?;
    write_sales(&mut writer, bundle)?;
    writer.finish()?;
    Ok(())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonDoc {
    rolo: u32,
    #[allow(dead_code)]
    exported_at: DateTime<FixedOffset>,
    #[serde(default)]
    customers: Vec<Customer>,
    #[serde(default)]
    interactions: Vec<Interaction>,
    #[serde(default)]
    tasks: Vec<Task>,
    #[serde(default)]
    deals: Vec<Deal>,
    #[serde(default)]
    cases: Vec<Case>,
    #[serde(default)]
    orders: Vec<Order>,
    #[serde(default)]
    campaigns: Vec<Campaign>,
}

/// Read a JSON export back. Errors name the line and what is wrong.
pub fn read_json(text: &str) -> Result<Bundle, ExportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc: JsonDoc = serde_json::from_str(text).map_err(|e| ExportError::Parse {
        line: e.line().max(1),
        message: describe(&e),
    })?;
    check_version(1, doc.rolo)?;
    Ok(Bundle {
        customers: doc.customers,
        interactions: doc.interactions,
        tasks: doc.tasks,
        deals: doc.deals,
        cases: doc.cases,
        orders: doc.orders,
        campaigns: doc.campaigns,
    })
}
