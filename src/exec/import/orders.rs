//! Order rows: an order on the customer the row names, found the way a
//! follow-up row finds it (an unknown or ambiguous customer rejects the
//! row; an import never invents customers from a ledger).
//!
//! A second import of the same sheet adds nothing: a row is "already
//! there" when the book held an order with the same customer, day, amount,
//! currency and order number before this import. Counted, not just
//! matched: the third such row of a file is new if the book held two, so
//! two real orders alike in all of that (two coffees on one day, no order
//! numbers) both come in the first time, and neither comes in twice.

use super::db::Db;
use super::{Abort, Report, local};
use crate::domain::*;
use crate::interchange::mapping::{OrderIn, order_number};
use chrono::{DateTime, FixedOffset, NaiveDate};
use std::collections::HashMap;

/// The orders this import compares its rows with: how many the book held
/// of each (customer, day, amount, currency, order number), and how many
/// rows of this file had each so far.
#[derive(Default)]
pub(super) struct Known {
    stored: HashMap<u128, usize>,
    seen: HashMap<u128, usize>,
}

impl Known {
    /// The book's orders, by the day they were placed in `now`'s offset.
    pub(super) fn of(orders: &[Order], now: DateTime<FixedOffset>) -> Known {
        let mut stored = HashMap::new();
        for o in orders {
            let number = order_number(&o.items).unwrap_or("");
            *stored.entry(key(o, now, number)).or_default() += 1;
        }
        Known {
            stored,
            seen: HashMap::new(),
        }
    }

    /// Whether a row with this key was there before the import (see the
    /// module's note), counting it.
    fn already_there(&mut self, key: u128) -> bool {
        let seen = self.seen.entry(key).or_default();
        *seen += 1;
        *seen <= self.stored.get(&key).copied().unwrap_or(0)
    }
}

fn day(at: DateTime<FixedOffset>, now: DateTime<FixedOffset>) -> NaiveDate {
    at.with_timezone(now.offset()).date_naive()
}

fn key(o: &Order, now: DateTime<FixedOffset>, number: &str) -> u128 {
    super::customers::fingerprint(&[
        &o.customer.0.to_string(),
        &day(o.at, now).to_string(),
        &o.amount.to_string(),
        &o.currency,
        number,
    ])
}

/// What an order row falls back on: the configured currency and whoever
/// runs the import.
pub(super) struct Defaults<'a> {
    pub currency: &'a str,
    pub owner: &'a str,
}

/// Record one row's order; `Ok(Err(reason))` rejects it.
pub(super) fn row(
    r: &mut impl Db,
    known: &mut Known,
    o: OrderIn,
    defaults: &Defaults<'_>,
    report: &mut Report,
    now: DateTime<FixedOffset>,
) -> Result<Result<(), String>, Abort> {
    let customer = match super::follow_ups::named(r, &o.customer_words, &o.company)? {
        Ok(id) => id,
        Err(reason) => return Ok(Err(reason)),
    };
    let owner = match o.owner.trim() {
        "" => defaults.owner.to_string(),
        _ => o.owner,
    };
    let draft = OrderDraft {
        customer,
        at: local(o.at, now).unwrap_or(now),
        amount: o.amount,
        currency: o.currency.unwrap_or_else(|| defaults.currency.to_string()),
        items: o.items,
        payment: o.payment,
        invoice: o.invoice,
        deal: None,
        owner,
    };
    // The same checks as `rolo order add` (the invoice's length, a
    // currency code): the mapping checked the cells, this the order.
    let order = match draft.into_order(now) {
        Ok(order) => order,
        Err(e) => return Ok(Err(e.to_string())),
    };
    let number = order_number(&order.items).unwrap_or("");
    if known.already_there(key(&order, now, number)) {
        report.unchanged += 1;
        return Ok(Ok(()));
    }
    r.insert_order(order)?;
    report.orders += 1;
    Ok(Ok(()))
}
