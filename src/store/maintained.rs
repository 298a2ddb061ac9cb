//! The maintained report answers (schema 4): `agg_activity` and the deal
//! date indexes. The row functions in `rows` keep them; this builds them
//! from the rows for a file that predates them, and says what they should
//! hold for `rolo check`.

use super::codec::decode;
use super::error::Result;
use super::keys;
use super::tables::*;
use crate::domain::{Deal, InteractionKind};
use chrono::{DateTime, FixedOffset};
use redb::{ReadableTable, WriteTransaction};
use std::collections::BTreeMap;

/// The fields of an interaction its `agg_activity` key reads (the summary
/// and feedback texts, most of a record, are skipped).
#[derive(serde::Deserialize)]
struct Logged {
    kind: InteractionKind,
    at: DateTime<FixedOffset>,
    #[serde(default)]
    author: String,
}

/// Counts per `agg_activity` key, from keys one per interaction.
pub(super) fn tally(keys: impl IntoIterator<Item = String>) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for key in keys {
        *counts.entry(key).or_insert(0) += 1;
    }
    counts
}

/// Fill the maintained tables from the rows (emptying them first): the
/// migration to schema 4, in the migrating write transaction.
pub(super) fn rebuild(txn: &WriteTransaction) -> Result<()> {
    let mut activity = BTreeMap::new();
    {
        let interactions = txn.open_table(INTERACTIONS)?;
        for row in interactions.iter()? {
            let (id, bytes) = row?;
            let i: Logged = decode("interaction", id.value(), bytes.value())?;
            *activity
                .entry(keys::activity_key_of(i.at, i.kind, &i.author))
                .or_insert(0u64) += 1;
        }
    }
    let mut deal_keys = Vec::new();
    {
        let deals = txn.open_table(DEALS)?;
        for row in deals.iter()? {
            let (id, bytes) = row?;
            let d: Deal = decode("deal", id.value(), bytes.value())?;
            deal_keys.push((id.value(), keys::deal_day_keys(&d)));
        }
    }
    txn.delete_table(AGG_ACTIVITY)?;
    txn.delete_table(IDX_DEAL_CREATED)?;
    txn.delete_table(IDX_DEAL_CLOSED)?;
    txn.delete_table(IDX_OPEN_DEALS)?;
    let mut table = txn.open_table(AGG_ACTIVITY)?;
    for (key, n) in &activity {
        table.insert(key.as_str(), *n)?;
    }
    let mut created = txn.open_table(IDX_DEAL_CREATED)?;
    let mut closed = txn.open_table(IDX_DEAL_CLOSED)?;
    let mut open = txn.open_table(IDX_OPEN_DEALS)?;
    for (id, (day, closed_on, open_since)) in deal_keys {
        created.insert((day, id), ())?;
        if let Some(d) = closed_on {
            closed.insert((d, id), ())?;
        }
        if let Some(d) = open_since {
            open.insert((d, id), ())?;
        }
    }
    Ok(())
}
