//! Whole-database exports written one record at a time, so memory stays
//! flat however many records there are.
//!
//! The records come from a [`Source`] — every store snapshot is one (the
//! impl is in `cli/export.rs`, which wires the store to these) — and go straight into the one-record writers; these functions
//! only fix the order (customers, interactions, tasks, deals, cases, each
//! in id order, then campaigns by name)
//! and what needs more than one record: the CSV header names every custom
//! field (a first pass collects the keys, and only the keys are kept), and
//! an ICS summary names the task's customer (looked up once per customer
//! that has open tasks, and only the name is kept).
//!
//! For the same records each writes exactly the bytes of its `write_*`
//! counterpart.

use super::{
    CsvWriter, ExportError, IcsWriter, JsonWriter, JsonlWriter, RecordWriter, add_custom_keys,
};
use crate::domain::{Campaign, Case, Customer, CustomerId, Deal, Interaction, Order, Task};
use chrono::{DateTime, FixedOffset};
use std::collections::{BTreeSet, HashMap};
use std::io::Write;

/// Where a streamed export reads its records, each kind in id order. An
/// iteration calls `f` once per record until `f` returns false (a source
/// that cannot stop early may keep calling; later records are ignored).
pub trait Source {
    type Error;
    fn customers(&self, f: &mut dyn FnMut(Customer) -> bool) -> Result<(), Self::Error>;
    fn interactions(&self, f: &mut dyn FnMut(Interaction) -> bool) -> Result<(), Self::Error>;
    fn tasks(&self, f: &mut dyn FnMut(Task) -> bool) -> Result<(), Self::Error>;
    fn deals(&self, f: &mut dyn FnMut(Deal) -> bool) -> Result<(), Self::Error>;
    fn cases(&self, f: &mut dyn FnMut(Case) -> bool) -> Result<(), Self::Error>;
    fn orders(&self, f: &mut dyn FnMut(Order) -> bool) -> Result<(), Self::Error>;
    fn campaigns(&self, f: &mut dyn FnMut(Campaign) -> bool) -> Result<(), Self::Error>;
    /// The name of one customer, `None` if there is no such customer.
    fn customer_name(&self, id: CustomerId) -> Result<Option<String>, Self::Error>;
    /// The database's id, which vCard UIDs are derived from (see
    /// [`super::card_uid`]); `None` when it has none.
    fn database_id(&self) -> Result<Option<u64>, Self::Error> {
        Ok(None)
    }
}

/// Run one of a source's iterations with `f` on every record: the first
/// error `f` returns stops the iteration and is returned.
fn visit<T, SE, E: From<SE>>(
    iterate: impl FnOnce(&mut dyn FnMut(T) -> bool) -> Result<(), SE>,
    mut f: impl FnMut(T) -> Result<(), E>,
) -> Result<(), E> {
    let mut result = Ok(());
    iterate(&mut |record| {
        if result.is_ok() {
            result = f(record);
        }
        result.is_ok()
    })?;
    result
}

/// [`super::write_jsonl`] of everything in `source`.
pub fn stream_jsonl<S: Source, E: From<S::Error> + From<ExportError>>(
    out: &mut dyn Write,
    exported_at: DateTime<FixedOffset>,
    source: &S,
) -> Result<(), E> {
    let mut w = JsonlWriter::new(out, exported_at)?;
    stream_records::<S, E>(&mut w, source)?;
    w.finish()?;
    Ok(())
}

/// [`super::write_json`] of everything in `source`.
pub fn stream_json<S: Source, E: From<S::Error> + From<ExportError>>(
    out: &mut dyn Write,
    exported_at: DateTime<FixedOffset>,
    source: &S,
) -> Result<(), E> {
    let mut w = JsonWriter::new(out, exported_at)?;
    stream_records::<S, E>(&mut w, source)?;
    w.finish()?;
    Ok(())
}

/// Every record of `source`, kind by kind, through `w`.
fn stream_records<S: Source, E: From<S::Error> + From<ExportError>>(
    w: &mut impl RecordWriter,
    source: &S,
) -> Result<(), E> {
    visit(|f| source.customers(f), |c| w.customer(&c).map_err(E::from))?;
    visit(
        |f| source.interactions(f),
        |i| w.interaction(&i).map_err(E::from),
    )?;
    visit(|f| source.tasks(f), |t| w.task(&t).map_err(E::from))?;
    visit(|f| source.deals(f), |d| w.deal(&d).map_err(E::from))?;
    visit(|f| source.cases(f), |c| w.case(&c).map_err(E::from))?;
    visit(|f| source.orders(f), |o| w.order(&o).map_err(E::from))?;
    visit(|f| source.campaigns(f), |c| w.campaign(&c).map_err(E::from))
}

/// [`super::write_csv`] of every customer in `source`: two passes, the
/// first for the custom-field keys.
pub fn stream_csv<S: Source, E: From<S::Error> + From<ExportError>>(
    out: &mut dyn Write,
    excel: bool,
    source: &S,
) -> Result<(), E> {
    let mut keys = BTreeSet::new();
    visit(
        |f| source.customers(f),
        |c| {
            add_custom_keys(&mut keys, &c);
            Ok::<_, E>(())
        },
    )?;
    let mut w = CsvWriter::new(out, keys, excel)?;
    visit(|f| source.customers(f), |c| w.customer(&c).map_err(E::from))?;
    w.finish()?;
    Ok(())
}

/// [`super::write_vcard`] of every customer in `source`.
pub fn stream_vcard<S: Source, E: From<S::Error> + From<ExportError>>(
    out: &mut dyn Write,
    source: &S,
) -> Result<(), E> {
    let database = source.database_id()?;
    visit(
        |f| source.customers(f),
        |c| super::write_vcard_card(out, database, &c).map_err(E::from),
    )?;
    out.flush().map_err(ExportError::from)?;
    Ok(())
}

/// [`super::write_ics`] of the open tasks in `source`, each summary with
/// its customer's name.
pub fn stream_ics<S: Source, E: From<S::Error> + From<ExportError>>(
    out: &mut dyn Write,
    now: DateTime<FixedOffset>,
    source: &S,
) -> Result<(), E> {
    let mut w = IcsWriter::new(out, now)?;
    let mut names: HashMap<CustomerId, Option<String>> = HashMap::new();
    visit(
        |f| source.tasks(f),
        |t| {
            if !t.is_open() {
                return Ok(());
            }
            let name = match t.customer {
                Some(id) => match names.get(&id) {
                    Some(name) => name.clone(),
                    None => {
                        let name = source.customer_name(id)?;
                        names.insert(id, name.clone());
                        name
                    }
                },
                None => None,
            };
            w.task(&t, name.as_deref())?;
            Ok::<_, E>(())
        },
    )?;
    w.finish()?;
    Ok(())
}
