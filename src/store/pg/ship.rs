//! Shipping a write: every row a write changed in the working copy, and
//! the small keyed tables it touched, applied to the team database in the
//! write's transaction — where the policies judge each row again.

use super::TeamError;
use super::working::sql;
use crate::domain::*;
use crate::store::codec::decode;
use crate::store::tables::{CAMPAIGNS, LAST_WRITE, VIEWS};
use crate::store::{Change, StoreError};
use postgres::GenericClient;
use postgres::types::Type;
use redb::{ReadableDatabase, ReadableTable};
use std::collections::BTreeMap;

/// One changed row, applied to the team database. A row the policies do
/// not let this login change is refused — by PostgreSQL: an insert fails
/// its `WITH CHECK`, an update or delete finds no row it may touch.
pub(super) fn apply(client: &mut impl GenericClient, change: &Change) -> Result<(), StoreError> {
    match change {
        Change::Customer { id, after, before } => match after {
            Some(c) => {
                let record = to_json("customer", id.0, c)?;
                let (id, name, company) = (id.0 as i64, &c.name, &c.company);
                let touched = if before.is_none() {
                    // No owner: the database's assignment rules decide
                    // (`assign_owner`), else it is the adder's.
                    client.execute_typed(
                        "INSERT INTO rolo.customers (id, owner, name, company, record)
                         VALUES ($1, $2, $3, $4, $5)",
                        &[
                            (&id, Type::INT8),
                            (&c.owner, Type::TEXT),
                            (name, Type::TEXT),
                            (company, Type::TEXT),
                            (&record, Type::JSONB),
                        ],
                    )
                } else {
                    client.execute_typed(
                        "UPDATE rolo.customers SET owner = coalesce(nullif($2, ''), owner),
                             name = $3, company = $4, record = $5, updated_at = now()
                         WHERE id = $1",
                        &[
                            (&id, Type::INT8),
                            (&c.owner, Type::TEXT),
                            (name, Type::TEXT),
                            (company, Type::TEXT),
                            (&record, Type::JSONB),
                        ],
                    )
                };
                expect_row(client, "customers", id, touched)
            }
            None => delete(client, "customers", id.0),
        },
        Change::Interaction { id, after, before } => match after {
            Some(i) => {
                let record = to_json("interaction", id.0, i)?;
                let (id, customer) = (id.0 as i64, i.customer.0 as i64);
                let touched = if before.is_none() {
                    client.execute_typed(
                        "INSERT INTO rolo.interactions (id, customer_id, at, record)
                         VALUES ($1, $2, $3, $4)",
                        &[
                            (&id, Type::INT8),
                            (&customer, Type::INT8),
                            (&i.at, Type::TIMESTAMPTZ),
                            (&record, Type::JSONB),
                        ],
                    )
                } else {
                    client.execute_typed(
                        "UPDATE rolo.interactions SET customer_id = $2, at = $3, record = $4
                         WHERE id = $1",
                        &[
                            (&id, Type::INT8),
                            (&customer, Type::INT8),
                            (&i.at, Type::TIMESTAMPTZ),
                            (&record, Type::JSONB),
                        ],
                    )
                };
                expect_row(client, "interactions", id, touched)
            }
            None => delete(client, "interactions", id.0),
        },
        Change::Task { id, after, before } => match after {
            Some(t) => {
                let record = to_json("task", id.0, t)?;
                let id = id.0 as i64;
                let customer = t.customer.map(|c| c.0 as i64);
                let due = t.due.map(|d| d.sort_key());
                let touched = if before.is_none() {
                    client.execute_typed(
                        "INSERT INTO rolo.tasks (id, customer_id, open, due_key, record)
                         VALUES ($1, $2, $3, $4, $5)",
                        &[
                            (&id, Type::INT8),
                            (&customer, Type::INT8),
                            (&t.is_open(), Type::BOOL),
                            (&due, Type::INT8),
                            (&record, Type::JSONB),
                        ],
                    )
                } else {
                    client.execute_typed(
                        "UPDATE rolo.tasks SET customer_id = $2, open = $3, due_key = $4,
                             record = $5
                         WHERE id = $1",
                        &[
                            (&id, Type::INT8),
                            (&customer, Type::INT8),
                            (&t.is_open(), Type::BOOL),
                            (&due, Type::INT8),
                            (&record, Type::JSONB),
                        ],
                    )
                };
                expect_row(client, "tasks", id, touched)
            }
            None => delete(client, "tasks", id.0),
        },
        Change::Deal { id, after, before } => match after {
            Some(d) => {
                let record = to_json("deal", id.0, d)?;
                put_hanging(
                    client,
                    "deals",
                    id.0,
                    d.customer,
                    d.is_open(),
                    record,
                    before.is_none(),
                )
            }
            None => delete(client, "deals", id.0),
        },
        Change::Case { id, after, before } => match after {
            Some(c) => {
                let record = to_json("case", id.0, c)?;
                put_hanging(
                    client,
                    "cases",
                    id.0,
                    c.customer,
                    c.is_open(),
                    record,
                    before.is_none(),
                )
            }
            None => delete(client, "cases", id.0),
        },
    }
}

/// A deal or a case: a record hanging off a customer, open or not.
fn put_hanging(
    client: &mut impl GenericClient,
    table: &'static str,
    id: u64,
    customer: CustomerId,
    open: bool,
    record: serde_json::Value,
    new: bool,
) -> Result<(), StoreError> {
    let (id, customer) = (id as i64, customer.0 as i64);
    let sql = if new {
        format!("INSERT INTO rolo.{table} (id, customer_id, open, record) VALUES ($1, $2, $3, $4)")
    } else {
        format!("UPDATE rolo.{table} SET customer_id = $2, open = $3, record = $4 WHERE id = $1")
    };
    let touched = client.execute_typed(
        &sql,
        &[
            (&id, Type::INT8),
            (&customer, Type::INT8),
            (&open, Type::BOOL),
            (&record, Type::JSONB),
        ],
    );
    expect_row(client, table, id, touched)
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
