//! Customer rows: de-duplicate (within the file and against the store),
//! merge or skip duplicates, and insert the new customers in batches.

use super::{Abort, OnDuplicate, Options, Report, local};
use crate::domain::*;
use crate::interchange::mapping::CustomerIn;
use crate::store::{Rows, fold};
use chrono::{DateTime, FixedOffset};
use std::collections::HashMap;

/// New customers are inserted this many at a time, each table in one
/// sorted pass (see `Rows::insert_customers`), keeping memory bounded.
const BATCH: usize = 4096;

/// Where a duplicate key leads: a customer of this file not yet written
/// (index into `Import::pending`), or one in the store.
#[derive(Clone, Copy)]
enum Target {
    Pending(usize),
    Stored(CustomerId),
}

/// A new customer waiting for its batch, with its next action.
struct Pending {
    customer: Customer,
    next_action: Option<String>,
    /// The `Target` slot to repoint once the customer has an id.
    target: usize,
}

pub(super) struct Import<'o> {
    options: &'o Options,
    now: DateTime<FixedOffset>,
    /// Duplicate key fingerprint → index into `targets`: 16 bytes a key
    /// instead of the key itself, the one part of an import that grows
    /// with the file.
    seen: HashMap<Fingerprint, usize, foldhash::fast::RandomState>,
    targets: Vec<Target>,
    pending: Vec<Pending>,
    /// Whether the store had customers before: if not, every possible
    /// duplicate is in `seen` and the store need not be asked.
    store_had_customers: bool,
}

impl<'o> Import<'o> {
    pub(super) fn new(
        r: &Rows,
        options: &'o Options,
        now: DateTime<FixedOffset>,
    ) -> Result<Import<'o>, Abort> {
        Ok(Import {
            options,
            now,
            seen: HashMap::default(),
            targets: Vec::new(),
            pending: Vec::with_capacity(BATCH),
            store_had_customers: r.customer_count()? > 0,
        })
    }

    /// Create, merge or skip one row (`keys`: its `duplicate_keys`);
    /// `Ok(Err(reason))` rejects it.
    pub(super) fn row(
        &mut self,
        r: &mut Rows,
        row: CustomerIn,
        keys: Vec<Fingerprint>,
        report: &mut Report,
    ) -> Result<Result<(), String>, Abort> {
        let mut target = keys
            .iter()
            .find_map(|k| self.seen.get(k))
            .map(|&slot| (slot, self.targets[slot]));
        if target.is_none() && self.store_had_customers {
            target = r.find_duplicate(&row.draft)?.map(|id| {
                self.targets.push(Target::Stored(id));
                (self.targets.len() - 1, Target::Stored(id))
            });
        }
        let slot = match (target, self.options.on_duplicate) {
            (Some(_), OnDuplicate::Skip) => {
                report.skipped += 1;
                return Ok(Ok(()));
            }
            (Some((slot, found)), OnDuplicate::Merge) => {
                let changed = match found {
                    Target::Pending(i) => {
                        let current = &mut self.pending[i].customer;
                        match merge_patch(current, &row.draft).apply(current, self.now) {
                            Ok((merged, changed)) => {
                                *current = merged;
                                !changed.is_empty()
                            }
                            Err(e) => return Ok(Err(cannot_merge(current, e))),
                        }
                    }
                    Target::Stored(id) => {
                        let current = r.get_customer(id)?;
                        let patch = merge_patch(&current, &row.draft);
                        if let Err(e) = patch.apply(&current, self.now) {
                            return Ok(Err(cannot_merge(&current, e)));
                        }
                        !r.update_customer(id, &patch)?.1.is_empty()
                    }
                };
                if changed {
                    report.merged += 1;
                } else {
                    report.unchanged += 1;
                }
                slot
            }
            (_, _) => {
                let mut customer = row.draft.into_customer(CustomerId(0), self.now);
                customer.last_contact_at = row.last_contact.and_then(|at| local(at, self.now));
                let slot = self.targets.len();
                self.targets.push(Target::Pending(self.pending.len()));
                self.pending.push(Pending {
                    customer,
                    next_action: row.next_action.filter(|t| !t.trim().is_empty()),
                    target: slot,
                });
                report.created += 1;
                slot
            }
        };
        for key in keys {
            self.seen.entry(key).or_insert(slot);
        }
        if self.pending.len() >= BATCH {
            self.finish(r, report)?;
        }
        Ok(Ok(()))
    }

    /// Insert the pending customers and their next actions.
    pub(super) fn finish(&mut self, r: &mut Rows, report: &mut Report) -> Result<(), Abort> {
        let (mut customers, rest): (Vec<Customer>, Vec<_>) = std::mem::take(&mut self.pending)
            .into_iter()
            .map(|p| (p.customer, (p.target, p.next_action)))
            .unzip();
        r.insert_customers(&mut customers)?;
        for (customer, (target, next_action)) in customers.iter().zip(rest) {
            self.targets[target] = Target::Stored(customer.id);
            if let Some(title) = next_action {
                let task = r.task_from(NewTask {
                    customer: Some(customer.id),
                    title,
                    due: None,
                    priority: Priority::Normal,
                    recurrence: None,
                });
                r.insert_task(task)?;
                report.tasks += 1;
            }
        }
        Ok(())
    }
}

fn cannot_merge(into: &Customer, e: ValidationError) -> String {
    let who = match into.id {
        CustomerId(0) => format!("\"{}\" (earlier in this file)", into.name),
        id => format!("\"{}\" ({id})", into.name),
    };
    format!("duplicates {who} but cannot be merged into it: {e}")
}

/// A duplicate key's 128-bit hash. Two keys collide with odds of about
/// n²/2¹²⁹ (1e-26 for a million rows): for this purpose, never.
pub(super) type Fingerprint = u128;

/// The keys that make two customer rows the same person: a normalised
/// email, a normalised phone, or name + company (case and spacing folded),
/// as fingerprints.
pub(super) fn duplicate_keys(draft: &CustomerDraft) -> Vec<Fingerprint> {
    let mut keys = Vec::with_capacity(draft.emails.len() + draft.phones.len() + 1);
    for e in &draft.emails {
        keys.push(fingerprint(&["e", &validate::email_key(e)]));
    }
    for p in &draft.phones {
        keys.push(fingerprint(&["p", &validate::phone_key(p)]));
    }
    keys.push(fingerprint(&[
        "nc",
        &fold(&draft.name),
        &fold(&draft.company),
    ]));
    keys
}

/// The fingerprint of a key made of `parts` (hashed as they are, with a
/// separator no text contains, rather than joined into a new string).
fn fingerprint(parts: &[&str]) -> Fingerprint {
    use foldhash::quality::FixedState;
    use std::hash::{BuildHasher, Hasher};
    const HIGH: FixedState = FixedState::with_seed(0x726f_6c6f_6b65_7931);
    const LOW: FixedState = FixedState::with_seed(0x726f_6c6f_6b65_7932);
    let hash = |state: &FixedState| {
        let mut h = state.build_hasher();
        for part in parts {
            h.write(part.as_bytes());
            h.write_u8(0xff);
        }
        h.finish()
    };
    (u128::from(hash(&HIGH)) << 64) | u128::from(hash(&LOW))
}

/// New information from an imported row, without overwriting what is there.
fn merge_patch(current: &Customer, new: &CustomerDraft) -> CustomerPatch {
    let fill = |have: &str, offered: &str| {
        (have.trim().is_empty() && !offered.trim().is_empty()).then(|| offered.to_string())
    };
    CustomerPatch {
        company: fill(&current.company, &new.company),
        title: fill(&current.title, &new.title),
        industry: fill(&current.industry, &new.industry),
        source: fill(&current.source, &new.source),
        owner: fill(&current.owner, &new.owner),
        address: fill(&current.address, &new.address),
        notes: fill(&current.notes, &new.notes),
        add_emails: new.emails.clone(),
        add_phones: new.phones.clone(),
        add_tags: new.tags.clone(),
        cadence: (current.cadence.is_none() && new.cadence.is_some()).then_some(new.cadence),
        custom: new
            .custom
            .iter()
            .filter(|(k, _)| !current.custom.contains_key(*k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        ..Default::default()
    }
}
