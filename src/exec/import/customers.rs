//! Customer rows: de-duplicate (within the file and against the store),
//! merge or skip duplicates, and insert the new customers in batches.

use super::db::Db;
use super::{Abort, OnDuplicate, Options, Report, local};
use crate::domain::*;
use crate::interchange::mapping::CustomerIn;
use crate::store::fold;
use chrono::{DateTime, FixedOffset};
use std::collections::{HashMap, HashSet};

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
    held: Held,
    next_action: Option<String>,
    /// The `Target` slot to repoint once the customer has an id.
    target: usize,
}

/// A customer that rows of the file are merged into, held in memory until
/// its batch is written, with the keys of the emails, phones and tags it
/// has: a merge costs what the row brings, not what the customer has
/// gathered (a file of 100,000 rows for one person, each with a new tag,
/// once took minutes, copying and re-checking the whole customer per row).
struct Held {
    customer: Customer,
    /// Made at the first merge: most customers of a file are never merged
    /// into, and cost nothing more.
    keys: Option<Box<Keys>>,
}

/// The keys of a held customer's emails, phones and tags, as they are
/// de-duplicated (`validate::emails`, `phones`, `tags`).
struct Keys {
    emails: HashSet<String>,
    phones: HashSet<String>,
    tags: HashSet<String>,
}

impl Keys {
    fn of(c: &Customer) -> Keys {
        Keys {
            emails: c.emails.iter().map(|e| validate::email_key(e)).collect(),
            phones: c.phones.iter().map(|p| validate::phone_key(p)).collect(),
            tags: c.tags.iter().map(|t| t.to_ascii_lowercase()).collect(),
        }
    }
}

impl Held {
    fn new(customer: Customer) -> Held {
        Held {
            customer,
            keys: None,
        }
    }

    /// New information from a (validated) row, never overwriting what is
    /// there: empty fields filled, new emails, phones, tags and custom
    /// fields added. Whether anything changed.
    fn merge(&mut self, new: &CustomerDraft, now: DateTime<FixedOffset>) -> bool {
        let Held { customer: c, keys } = self;
        let keys = keys.get_or_insert_with(|| Box::new(Keys::of(c)));
        let mut changed = false;
        for (have, offered) in [
            (&mut c.company, &new.company),
            (&mut c.title, &new.title),
            (&mut c.industry, &new.industry),
            (&mut c.source, &new.source),
            (&mut c.owner, &new.owner),
            (&mut c.address, &new.address),
            (&mut c.notes, &new.notes),
        ] {
            if have.trim().is_empty() && !offered.trim().is_empty() {
                *have = offered.trim().to_string();
                changed = true;
            }
        }
        if c.cadence.is_none() && new.cadence.is_some() {
            c.cadence = new.cadence;
            changed = true;
        }
        for e in &new.emails {
            if keys.emails.insert(validate::email_key(e)) {
                c.emails.push(e.trim().to_string());
                changed = true;
            }
        }
        for p in &new.phones {
            if keys.phones.insert(validate::phone_key(p)) {
                c.phones.push(p.trim().to_string());
                changed = true;
            }
        }
        for t in &new.tags {
            if keys.tags.insert(t.to_ascii_lowercase()) {
                c.tags.push(t.clone());
                changed = true;
            }
        }
        for (k, v) in &new.custom {
            if !v.is_empty() && !c.custom.contains_key(k) {
                c.custom.insert(k.clone(), v.clone());
                changed = true;
            }
        }
        if changed {
            c.updated_at = now;
        }
        changed
    }
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
    /// Stored customers rows were merged into since the last batch, as
    /// they were and as they are now.
    stored: HashMap<CustomerId, (Customer, Held)>,
    /// Whether the store had customers before: if not, every possible
    /// duplicate is in `seen` and the store need not be asked.
    store_had_customers: bool,
}

impl<'o> Import<'o> {
    pub(super) fn new(
        r: &impl Db,
        options: &'o Options,
        now: DateTime<FixedOffset>,
    ) -> Result<Import<'o>, Abort> {
        Ok(Import {
            options,
            now,
            seen: HashMap::default(),
            targets: Vec::new(),
            pending: Vec::with_capacity(BATCH),
            stored: HashMap::new(),
            store_had_customers: r.customer_count()? > 0,
        })
    }

    /// Create, merge or skip one row (`keys`: its `duplicate_keys`);
    /// `Ok(Err(reason))` rejects it.
    pub(super) fn row(
        &mut self,
        r: &mut impl Db,
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
                let held = match found {
                    Target::Pending(i) => &mut self.pending[i].held,
                    Target::Stored(id) => match self.stored.entry(id) {
                        std::collections::hash_map::Entry::Occupied(e) => &mut e.into_mut().1,
                        std::collections::hash_map::Entry::Vacant(e) => {
                            let current = r.get_customer(id)?;
                            &mut e.insert((current.clone(), Held::new(current))).1
                        }
                    },
                };
                let changed = held.merge(&row.draft, self.now);
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
                    held: Held::new(customer),
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
        if self.pending.len() >= BATCH || self.stored.len() >= BATCH {
            self.finish(r, report)?;
        }
        Ok(Ok(()))
    }

    /// Write the stored customers merged into, then insert the pending
    /// customers and their next actions.
    pub(super) fn finish(&mut self, r: &mut impl Db, report: &mut Report) -> Result<(), Abort> {
        for (_, (before, held)) in std::mem::take(&mut self.stored) {
            if held.customer != before {
                r.put_customer(Some(&before), &held.customer)?;
            }
        }
        let (customers, rest): (Vec<Customer>, Vec<_>) = std::mem::take(&mut self.pending)
            .into_iter()
            .map(|p| (p.held.customer, (p.target, p.next_action)))
            .unzip();
        let ids = r.insert_customers(customers)?;
        for (id, (target, next_action)) in ids.into_iter().zip(rest) {
            self.targets[target] = Target::Stored(id);
            if let Some(title) = next_action {
                r.insert_next_action(id, title)?;
                report.tasks += 1;
            }
        }
        Ok(())
    }
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
pub(super) fn fingerprint(parts: &[&str]) -> Fingerprint {
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
