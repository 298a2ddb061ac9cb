//! Shipping a write: every row a write changed in the working copy, and
//! the small keyed tables it touched, applied to the team database in the
//! write's transaction — where the policies judge each row again.

use super::TeamError;
use super::working::sql;
use crate::domain::*;
use crate::store::codec::decode;
use crate::store::tables::{CAMPAIGNS, LAST_WRITE, VIEWS};
use crate::store::{Change, RecordKind, StoreError, TeamValue, VisitChange};
use postgres::GenericClient;
use postgres::types::{ToSql, Type};
use redb::{ReadableDatabase, ReadableTable};
use std::collections::BTreeMap;

/// One changed row, applied to the team database. A row the policies do
/// not let this login change is refused — by PostgreSQL: an insert fails
/// its `WITH CHECK`, an update or delete finds no row it may touch.
pub(super) fn apply(client: &mut impl GenericClient, change: &Change) -> Result<(), StoreError> {
    change.visit(Ship(client))
}

struct Ship<'a, C>(&'a mut C);

impl<C: GenericClient> VisitChange for Ship<'_, C> {
    type Out = Result<(), StoreError>;

    fn visit<K: RecordKind>(self, id: K::Id, before: Option<&K>, after: Option<&K>) -> Self::Out {
        let client = self.0;
        let id: u64 = id.into();
        let Some(row) = after else {
            return delete(client, K::TEAM_TABLE, id);
        };
        let record = to_json(K::NAME, id, row)?;
        let id = id as i64;
        let columns = row.team_columns();
        let mut params: Vec<(&(dyn ToSql + Sync), Type)> = vec![(&id, Type::INT8)];
        params.extend(columns.iter().map(param));
        params.push((&record, Type::JSONB));
        let sql = if before.is_none() {
            K::TEAM_INSERT
        } else {
            K::TEAM_UPDATE
        };
        let touched = client.execute_typed(sql, &params);
        expect_row(client, K::TEAM_TABLE, id, touched)
    }
}

/// A column value as a statement's typed parameter.
fn param<'v>(value: &'v TeamValue<'_>) -> (&'v (dyn ToSql + Sync), Type) {
    match value {
        TeamValue::Int(v) => (v, Type::INT8),
        TeamValue::Text(v) => (v, Type::TEXT),
        TeamValue::Bool(v) => (v, Type::BOOL),
        TeamValue::Time(v) => (v, Type::TIMESTAMPTZ),
    }
}

/// A delete that found no row is fine when the row is gone (a customer's
/// delete cascades to what hangs off it) and refused when it is still
/// there: the policies did not let this login delete it.
fn delete(client: &mut impl GenericClient, table: &'static str, id: u64) -> Result<(), StoreError> {
    let id = id as i64;
    let deleted = client
        .execute_typed(
            &format!("DELETE FROM rolo.{table} WHERE id = $1"),
            &[(&id, Type::INT8)],
        )
        .map_err(sql)?;
    if deleted == 0 && still_there(client, table, id)? {
        return Err(refused(table, id, "remove").into());
    }
    Ok(())
}

/// An insert or update must have touched its row: one that touched none
/// was not this login's to change.
fn expect_row(
    client: &mut impl GenericClient,
    table: &'static str,
    id: i64,
    touched: Result<u64, postgres::Error>,
) -> Result<(), StoreError> {
    match touched.map_err(sql)? {
        0 if still_there(client, table, id)? => Err(refused(table, id, "change").into()),
        0 => Err(TeamError::Input(format!(
            "{} #{id} is no longer there (removed, or no longer yours to see); nothing was written",
            singular(table)
        ))
        .into()),
        _ => Ok(()),
    }
}

fn still_there(client: &mut impl GenericClient, table: &str, id: i64) -> Result<bool, StoreError> {
    let row = client
        .query_typed_opt(
            &format!("SELECT 1 FROM rolo.{table} WHERE id = $1"),
            &[(&id, Type::INT8)],
        )
        .map_err(sql)?;
    Ok(row.is_some())
}

fn refused(table: &str, id: i64, verb: &str) -> TeamError {
    TeamError::Denied(format!(
        "your role may see {} #{id} but not {verb} it; nothing was written",
        singular(table)
    ))
}

fn singular(table: &str) -> &str {
    table.strip_suffix('s').unwrap_or(table)
}

fn to_json(
    what: &str,
    id: u64,
    value: &impl serde::Serialize,
) -> Result<serde_json::Value, StoreError> {
    serde_json::to_value(value).map_err(|e| StoreError::Decode {
        what: format!("{what} #{id}"),
        detail: e.to_string(),
    })
}

/// The small keyed tables a write may change besides the journaled rows:
/// campaigns, saved views, and the undo journal each login keeps.
pub(super) struct Small {
    campaigns: BTreeMap<String, Vec<u8>>,
    views: BTreeMap<String, Vec<u8>>,
    pub last_write: BTreeMap<String, Vec<u8>>,
}

impl Small {
    pub fn read(db: &redb::Database) -> Result<Small, StoreError> {
        let txn = db.begin_read()?;
        Ok(Small {
            campaigns: keyed(&txn, CAMPAIGNS)?,
            views: keyed(&txn, VIEWS)?,
            last_write: keyed(&txn, LAST_WRITE)?,
        })
    }

    /// Send the campaigns and saved views that differ in `after`.
    pub fn apply_changes_to(
        &self,
        after: &Small,
        client: &mut impl GenericClient,
    ) -> Result<(), StoreError> {
        for (key, bytes) in changed(&self.campaigns, &after.campaigns) {
            match bytes {
                Some(bytes) => {
                    let c: Campaign = decode("campaign", 0, bytes)?;
                    let record = to_json("campaign", 0, &c)?;
                    client
                        .execute_typed(
                            "INSERT INTO rolo.campaigns (key, record) VALUES ($1, $2)
                             ON CONFLICT (key) DO UPDATE SET record = excluded.record",
                            &[(&key, Type::TEXT), (&record, Type::JSONB)],
                        )
                        .map_err(sql)?;
                }
                None => {
                    client
                        .execute_typed(
                            "DELETE FROM rolo.campaigns WHERE key = $1",
                            &[(&key, Type::TEXT)],
                        )
                        .map_err(sql)?;
                }
            }
        }
        for (name, bytes) in changed(&self.views, &after.views) {
            match bytes {
                Some(bytes) => {
                    let filter: CustomerFilter = decode("saved view", 0, bytes)?;
                    let record = to_json("saved view", 0, &filter)?;
                    client
                        .execute_typed(
                            "INSERT INTO rolo.views (name, record) VALUES ($1, $2)
                             ON CONFLICT (login, name) DO UPDATE SET record = excluded.record",
                            &[(name, Type::TEXT), (&record, Type::JSONB)],
                        )
                        .map_err(sql)?;
                }
                None => {
                    client
                        .execute_typed(
                            "DELETE FROM rolo.views WHERE name = $1",
                            &[(name, Type::TEXT)],
                        )
                        .map_err(sql)?;
                }
            }
        }
        Ok(())
    }
}

/// Every row of a table keyed by text.
fn keyed(
    txn: &redb::ReadTransaction,
    def: redb::TableDefinition<&str, &[u8]>,
) -> Result<BTreeMap<String, Vec<u8>>, StoreError> {
    let table = txn.open_table(def)?;
    let mut rows = BTreeMap::new();
    for entry in table.iter()? {
        let (k, v) = entry?;
        rows.insert(k.value().to_string(), v.value().to_vec());
    }
    Ok(rows)
}

/// The keys whose value differs between `before` and `after`, with the
/// value after (`None`: removed).
fn changed<'a>(
    before: &'a BTreeMap<String, Vec<u8>>,
    after: &'a BTreeMap<String, Vec<u8>>,
) -> Vec<(&'a String, Option<&'a Vec<u8>>)> {
    let mut out: Vec<_> = after
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(*v))
        .map(|(k, v)| (k, Some(v)))
        .collect();
    out.extend(
        before
            .keys()
            .filter(|k| !after.contains_key(*k))
            .map(|k| (k, None)),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_names_what_was_added_edited_and_removed() {
        let map = |pairs: &[(&str, &[u8])]| -> BTreeMap<String, Vec<u8>> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_vec()))
                .collect()
        };
        let before = map(&[("a", b"1"), ("b", b"2"), ("c", b"3")]);
        let after = map(&[("a", b"1"), ("b", b"9"), ("d", b"4")]);
        let got: Vec<(String, Option<Vec<u8>>)> = changed(&before, &after)
            .into_iter()
            .map(|(k, v)| (k.clone(), v.cloned()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("b".to_string(), Some(b"9".to_vec())),
                ("d".to_string(), Some(b"4".to_vec())),
                ("c".to_string(), None),
            ]
        );
    }
}
