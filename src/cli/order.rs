//! `rolo order add|list|show|edit|rm`: what customers bought (the ledger
//! customer value is counted from; deals are the pipeline).

use super::deal::{Names, amount_in, parse_money, table};
use super::{App, CliError, Result, UsageError, output};
use crate::dates;
use crate::domain::{Customer, Order, OrderId, OrderPatch, PaymentMethod, ids, money};
use crate::exec::{self, Done, ExecError, OrderRequest, cli_ref};
use crate::store::Reads;
use chrono::{DateTime, FixedOffset, NaiveDate};
use clap::{Args, Subcommand};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Subcommand)]
pub enum OrderCommand {
    /// Record an order a customer placed
    Add(AddArgs),
    /// Orders, oldest first, with the totals per currency
    List(ListArgs),
    /// One order, every field
    Show {
        #[arg(value_parser = parse_order_id)]
        id: OrderId,
    },
    /// Correct an order's amount, date, items, payment, invoice, currency, owner or customer
    Edit(EditArgs),
    /// Delete an order recorded by mistake, by its id only; `rolo undo` brings it back
    Rm {
        #[arg(value_parser = parse_order_id)]
        id: OrderId,
    },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Customer: #id, name, company, email or phone
    pub customer: String,
    /// The amount: 12000, 12,000, ¥12,000.50, 1.2万; a sign or code names its currency ($500, 500 USD)
    #[arg(value_parser = parse_money)]
    pub amount: super::deal::Money,
    /// When it was placed: today, yesterday, 2026-11-20, fri (the last one) … [default: now]
    #[arg(long, value_name = "WHEN")]
    pub date: Option<String>,
    /// What was bought
    #[arg(long, value_name = "TEXT")]
    pub items: Option<String>,
    /// How it was paid: cash, transfer, alipay, wechat, card, cheque, credit, other (or 现金, 转账, 支付宝, 微信支付, 刷卡, 支票, 月结 …)
    #[arg(long, value_name = "METHOD", value_parser = parse_payment)]
    pub payment: Option<PaymentMethod>,
    /// The invoice number (发票号码)
    #[arg(long, value_name = "NO")]
    pub invoice: Option<String>,
    /// Currency code [default: the amount's sign, else the config's currency]
    #[arg(long, value_name = "CODE")]
    pub currency: Option<String>,
    /// Whose sale it is [default: you]
    #[arg(long, value_name = "LOGIN")]
    pub owner: Option<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this customer's orders
    #[arg(long, value_name = "REF")]
    pub customer: Option<String>,
    /// Only orders placed on or after this day: 2026-11-01, yesterday, -30d …
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only orders placed on or before this day
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    #[arg(value_parser = parse_order_id)]
    pub id: OrderId,
    /// The amount as `order add` takes it; without a sign or code it stays in the order's
    /// currency (¥ means the config's currency)
    #[arg(long, value_name = "N")]
    pub amount: Option<String>,
    /// When it was placed
    #[arg(long, value_name = "WHEN")]
    pub date: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub items: Option<String>,
    #[arg(long, value_name = "METHOD", value_parser = parse_payment)]
    pub payment: Option<PaymentMethod>,
    #[arg(long, value_name = "NO")]
    pub invoice: Option<String>,
    /// Currency code (the amount is not converted)
    #[arg(long, value_name = "CODE")]
    pub currency: Option<String>,
    #[arg(long, value_name = "LOGIN")]
    pub owner: Option<String>,
    /// Another customer, when it was recorded on the wrong card (#id, name, company, email or phone)
    #[arg(long, value_name = "REF")]
    pub customer: Option<String>,
}

/// `3` or `#3`, nothing else: `order rm` never guesses.
fn parse_order_id(s: &str) -> Result<OrderId, String> {
    ids::parse_id(s).map(OrderId).ok_or_else(|| {
        ids::out_of_range(s, "order id").unwrap_or_else(|| {
            format!(
                "\"{s}\" is not an order id (expected a number like 3 or #3; \
                 `rolo order list --customer REF` shows them)"
            )
        })
    })
}

fn parse_payment(s: &str) -> Result<PaymentMethod, String> {
    PaymentMethod::parse(s).map_err(|e| e.to_string())
}

/// An order as printed: with its customer's name.
#[derive(Debug, Serialize)]
pub struct OrderRow {
    #[serde(flatten)]
    pub order: Order,
    pub customer_name: String,
}

pub fn run(app: &App, cmd: &OrderCommand) -> Result<()> {
    let ctx = app.ctx();
    let done = match cmd {
        OrderCommand::List(args) => return list(app, args),
        OrderCommand::Show { id } => return show(app, *id),
        OrderCommand::Add(args) => exec::add_order(&ctx, request(app, args)?)?,
        OrderCommand::Edit(args) => exec::edit_order(
            &ctx,
            args.id,
            edit_patch(app, args)?,
            args.customer.as_deref().map(cli_ref).as_ref(),
        )?,
        OrderCommand::Rm { id } => exec::remove_order(&ctx, *id)?,
    };
    if !app.json {
        let mut text = done.message(app.now.naive_local());
        if matches!(done, Done::OrderRemoved { .. }) {
            text.push_str(" · `rolo undo` brings it back");
        }
        text.push('\n');
        return output::print(&text);
    }
    match done {
        Done::OrderAdded { customer, order }
        | Done::OrderEdited {
            customer, order, ..
        }
        | Done::OrderRemoved { customer, order } => output::print_json(&OrderRow {
            order,
            customer_name: customer.name,
        }),
        other => Err(CliError::failure(anyhow::anyhow!(
            "bug: not an order result: {other:?}"
        ))),
    }
}

/// The moment `--flag WHEN` names (past-oriented: `fri` is the last
/// Friday), in the offset of now; a bad one is a usage error naming the flag.
pub(super) fn flag_at(
    flag: &str,
    when: Option<&str>,
    app: &App,
) -> Result<Option<DateTime<FixedOffset>>> {
    let Some(w) = when else { return Ok(None) };
    let wall = dates::parse_at(w, app.now.naive_local())
        .map_err(|e| CliError::from(UsageError(format!("--{flag} \"{w}\": {e}"))))?;
    Ok(Some(exec::local_at(&app.ctx(), wall)))
}

/// The day `--flag DATE` names, read as `flag_at` reads it.
fn flag_day(flag: &str, when: Option<&str>, app: &App) -> Result<Option<NaiveDate>> {
    Ok(flag_at(flag, when, app)?.map(|at| at.date_naive()))
}

fn request(app: &App, args: &AddArgs) -> Result<OrderRequest> {
    let (amount, currency) = amount_in("amount", &args.amount, args.currency.as_deref())?;
    Ok(OrderRequest {
        customer: cli_ref(&args.customer),
        at: flag_at("date", args.date.as_deref(), app)?,
        amount,
        currency,
        items: args.items.clone().unwrap_or_default(),
        payment: args.payment,
        invoice: args.invoice.clone().unwrap_or_default(),
        owner: args.owner.clone(),
    })
}

/// The patch `order edit` describes; an amount without a sign or code
/// keeps the order's currency, `¥` is the base currency, said.
fn edit_patch(app: &App, args: &EditArgs) -> Result<OrderPatch> {
    let (amount, currency) = match &args.amount {
        Some(text) => {
            let (minor, named) =
                parse_money(text).map_err(|e| UsageError(format!("--amount \"{text}\": {e}")))?;
            let named = named.or_else(|| {
                text.trim()
                    .starts_with(['¥', '￥'])
                    .then(|| app.config.currency.clone())
            });
            let (minor, currency) = amount_in("amount", &(minor, named), args.currency.as_deref())?;
            (Some(minor), currency)
        }
        None => (None, args.currency.clone()),
    };
    let patch = OrderPatch {
        amount,
        currency,
        at: flag_at("date", args.date.as_deref(), app)?,
        items: args.items.clone(),
        payment: args.payment,
        invoice: args.invoice.clone(),
        owner: args.owner.clone(),
        customer: None,
    };
    if patch.is_empty() && args.customer.is_none() {
        return Err(UsageError(
            "nothing to change: give at least one of --amount, --date, --items, --payment, \
             --invoice, --currency, --owner, --customer (see `rolo order edit --help`)"
                .into(),
        )
        .into());
    }
    Ok(patch)
}

fn show(app: &App, id: OrderId) -> Result<()> {
    let (order, customer) = exec::show_order(&app.ctx(), id)?;
    if app.json {
        return output::print_json(&OrderRow {
            order,
            customer_name: customer.name,
        });
    }
    output::print(&render(&order, &customer))
}

/// The order, one field a line, as `rolo show` writes a card.
fn render(order: &Order, customer: &Customer) -> String {
    let mut out = format!(
        "order {} · {}\n",
        order.id,
        money::format_money(order.amount, &order.currency)
    );
    let label = format!("{} ({})", customer.label(), customer.id);
    output::push_fields(&mut out, &exec::shown::order_fields(order, label));
    out
}

fn list(app: &App, args: &ListArgs) -> Result<()> {
    let from = flag_day("from", args.from.as_deref(), app)?;
    let to = flag_day("to", args.to.as_deref(), app)?;
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        return Err(UsageError(format!("--from {f} is after --to {t}; swap them")).into());
    }
    let offset = *app.now.offset();
    let in_range = |o: &Order| {
        let day = o.at.with_timezone(&offset).date_naive();
        from.is_none_or(|f| day >= f) && to.is_none_or(|t| day <= t)
    };
    let rows = app.store.read(|r| {
        let mut orders = match &args.customer {
            Some(c) => r.customer_orders(exec::resolve_in(r, &cli_ref(c))?.id)?,
            None => r.orders()?,
        };
        orders.retain(in_range);
        orders.sort_by_key(|o| (o.at, o.id));
        let mut names = Names::read(r, orders.iter().map(|o| o.customer))?;
        let mut rows = Vec::with_capacity(orders.len());
        for order in orders {
            let customer_name = names.of(r, order.customer)?;
            rows.push(OrderRow {
                order,
                customer_name,
            });
        }
        Ok::<_, ExecError>(rows)
    })?;
    if app.json {
        return output::print_json(&rows);
    }
    if rows.is_empty() {
        return output::print("No orders match.\n");
    }
    let mut out = order_table(&rows);
    out.push('\n');
    out.push_str(&totals(rows.iter().map(|r| &r.order)));
    output::print(&out)
}

fn order_table(rows: &[OrderRow]) -> String {
    let headers = [
        "ID", "DATE", "CUSTOMER", "AMOUNT", "PAYMENT", "INVOICE", "ITEMS",
    ];
    let cells = rows
        .iter()
        .map(|r| {
            let o = &r.order;
            vec![
                o.id.to_string(),
                o.at.format("%Y-%m-%d").to_string(),
                r.customer_name.clone(),
                money::format_money(o.amount, &o.currency),
                o.payment.map_or("-".into(), |p| p.to_string()),
                if o.invoice.is_empty() {
                    "-".into()
                } else {
                    o.invoice.clone()
                },
                o.items.clone(),
            ]
        })
        .collect();
    table(&headers, cells, &[3], &[(2, 20), (5, 20), (6, 40)])
}

/// `3 orders · 36,000 CNY · 500 USD`: the count and a total per currency
/// (never converted: an order is what was paid).
pub fn totals<'a>(orders: impl Iterator<Item = &'a Order>) -> String {
    let mut count = 0;
    let mut sums: BTreeMap<&str, i64> = BTreeMap::new();
    for o in orders {
        count += 1;
        let sum = sums.entry(o.currency.as_str()).or_default();
        *sum = sum.saturating_add(o.amount);
    }
    let mut parts = vec![if count == 1 {
        "1 order".to_string()
    } else {
        format!("{count} orders")
    }];
    parts.extend(sums.iter().map(|(c, m)| money::format_money(*m, c)));
    format!("{}\n", parts.join(" · "))
}
