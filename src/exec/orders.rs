//! The order verbs: one write path for the CLI (`rolo order …`, `rolo
//! deal won ID --order`) and the palette (`order acme: ¥12,000 …`, `fix
//! order 3 …`, `rm order 3`). Defaults the user did not give (date,
//! currency, owner) are filled in here, so both sides agree on them.

use super::{Ctx, Done, ExecError, resolve_in};
use crate::domain::*;
use crate::palette::CustomerRef;
use crate::store::{Reads, StoreError};
use chrono::{DateTime, FixedOffset};

/// An order to record, with what was left out as `None`.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderRequest {
    pub customer: CustomerRef,
    /// When it was placed; `None`: now.
    pub at: Option<DateTime<FixedOffset>>,
    /// Minor units (×100) of the currency.
    pub amount: i64,
    /// `None`: the configured currency.
    pub currency: Option<String>,
    pub items: String,
    pub payment: Option<PaymentMethod>,
    pub invoice: String,
    /// `None`: whoever runs rolo.
    pub owner: Option<String>,
}

/// Record an order for the customer `req.customer` names.
pub fn add_order(ctx: &Ctx, req: OrderRequest) -> Result<Done, ExecError> {
    let owner = req.owner.unwrap_or_else(|| ctx.store.actor().to_string());
    let currency = req.currency.unwrap_or_else(|| ctx.config.currency.clone());
    ctx.store.write(ctx.now, |w| {
        let customer = resolve_in(w, &req.customer)?;
        let order = w.add_order(OrderDraft {
            customer: customer.id,
            at: req.at.unwrap_or(ctx.now),
            amount: req.amount,
            currency,
            items: req.items,
            payment: req.payment,
            invoice: req.invoice,
            deal: None,
            owner,
        })?;
        Ok(Done::OrderAdded { customer, order })
    })
}

/// Correct an order; `customer`, if given, names its new customer in
/// words, resolved inside the write.
pub fn edit_order(
    ctx: &Ctx,
    id: OrderId,
    mut patch: OrderPatch,
    customer: Option<&CustomerRef>,
) -> Result<Done, ExecError> {
    ctx.store.write(ctx.now, |w| {
        if let Some(whom) = customer {
            patch.customer = Some(resolve_in(w, whom)?.id);
        }
        let (order, changed) = w.edit_order(id, &patch)?;
        let customer = w.get_customer(order.customer)?;
        Ok(Done::OrderEdited {
            customer,
            order,
            changed,
        })
    })
}

/// Delete an order recorded by mistake (`rolo undo` brings it back).
pub fn remove_order(ctx: &Ctx, id: OrderId) -> Result<Done, ExecError> {
    ctx.store.write(ctx.now, |w| {
        let order = w.remove_order(id)?;
        let customer = w.get_customer(order.customer)?;
        Ok(Done::OrderRemoved { customer, order })
    })
}

/// Win an open deal and record the order it turns into, in one write: one
/// `rolo undo` takes back both.
pub fn win_with_order(ctx: &Ctx, id: DealId, note: &str) -> Result<Done, ExecError> {
    ctx.store.write(ctx.now, |w| {
        let closed = w.close_deal(id, DealStatus::Won, note)?;
        let draft = OrderDraft::from_won_deal(&closed.deal, ctx.now).map_err(StoreError::from)?;
        let order = w.add_order(draft)?;
        let customer = w.get_customer(closed.deal.customer)?;
        Ok(Done::DealWonWithOrder {
            customer,
            closed,
            order,
        })
    })
}

/// `#3 · 2026-11-20 · 12,000 CNY`: an order in a message.
pub(super) fn label(order: &Order) -> String {
    format!(
        "{} · {} · {}",
        order.id,
        order.at.format("%Y-%m-%d"),
        money::format_money(order.amount, &order.currency)
    )
}

/// What `Done::OrderAdded` says: `Order #3 for Ann Lee (#1): 12,000 CNY ·
/// 2026-11-20 · transfer · invoice 2026-118 · 50 seats`.
pub(super) fn added(customer: &Customer, o: &Order) -> String {
    let mut s = format!(
        "Order {} for {} ({}): {} · {}",
        o.id,
        customer.name,
        customer.id,
        money::format_money(o.amount, &o.currency),
        o.at.format("%Y-%m-%d")
    );
    if let Some(p) = o.payment {
        s.push_str(&format!(" · {p}"));
    }
    if !o.invoice.is_empty() {
        s.push_str(&format!(" · invoice {}", o.invoice));
    }
    if !o.items.is_empty() {
        s.push_str(&format!(" · {}", o.items));
    }
    s
}

/// The order with this id and its customer (`rolo order show`).
pub fn show_order(ctx: &Ctx, id: OrderId) -> Result<(Order, Customer), ExecError> {
    Ok(ctx.store.read(|r| {
        let order = r.get_order(id)?;
        let customer = r.get_customer(order.customer)?;
        Ok::<_, crate::store::StoreError>((order, customer))
    })?)
}
