//! `rolo deal add|move|won|lost|reopen|edit|rm|list`: the sales pipeline.

use super::{App, CliError, Result, UsageError, output};
use crate::dates;
use crate::domain::money::{self, Rates};
use crate::domain::{
    CustomerId, Deal, DealId, DealPatch, DealStatus, DealTotals, Order, Pipeline, StageChange, ids,
};
use crate::exec::{self, DealRequest, Done, ExecError, cli_ref};
use crate::store::{self, Closed, Reads};
use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Subcommand)]
pub enum DealCommand {
    /// Open a deal for a customer
    Add(AddArgs),
    /// Move an open deal to another pipeline stage
    Move {
        #[arg(value_parser = parse_deal_id)]
        id: DealId,
        /// A pipeline stage (or the start of one: neg → negotiation)
        stage: String,
        /// Percent chance of winning, instead of the stage's default
        #[arg(long, value_parser = clap::value_parser!(u8).range(..=100))]
        probability: Option<u8>,
    },
    /// Mark an open deal won (a lead or prospect becomes a customer)
    Won {
        #[arg(value_parser = parse_deal_id)]
        id: DealId,
        /// Why it was won
        #[arg(long)]
        note: Option<String>,
        /// Also record the order it turns into (its customer, amount, currency, title as
        /// the items, owner), in the same write: one `rolo undo` takes back both
        #[arg(long)]
        order: bool,
    },
    /// Mark an open deal lost, saying why
    Lost {
        #[arg(value_parser = parse_deal_id)]
        id: DealId,
        /// Why it was lost (price, timing, competitor …)
        #[arg(long, required = true)]
        reason: String,
    },
    /// Put a won or lost deal back in play, in the stage it closed from
    Reopen {
        #[arg(value_parser = parse_deal_id)]
        id: DealId,
    },
    /// Correct a deal's title, amount, currency, probability, close date, owner or customer
    /// (its stage moves with `deal move`)
    Edit(EditArgs),
    /// Delete a deal opened by mistake (one that was real is won or lost); `rolo undo` brings it back
    Rm {
        #[arg(value_parser = parse_deal_id)]
        id: DealId,
    },
    /// Deals with their weighted value (open ones by default), and the totals
    List(ListArgs),
}

#[derive(Debug, Args)]
pub struct EditArgs {
    #[arg(value_parser = parse_deal_id)]
    pub id: DealId,
    #[arg(long)]
    pub title: Option<String>,
    /// The amount as `deal add` takes it; without a sign or code it stays in the deal's
    /// currency (¥ means the config's currency)
    #[arg(long, value_name = "N")]
    pub amount: Option<String>,
    /// Currency code (the amount is not converted)
    #[arg(long, value_name = "CODE")]
    pub currency: Option<String>,
    /// Percent chance of winning (an open deal's)
    #[arg(long, value_parser = clap::value_parser!(u8).range(..=100))]
    pub probability: Option<u8>,
    /// Expected close date: 2026-12-31, 12-31, +30d, "next week", fri …
    #[arg(long, value_name = "WHEN", conflicts_with = "no_close")]
    pub close: Option<String>,
    /// No expected close date
    #[arg(long)]
    pub no_close: bool,
    /// Who works the deal
    #[arg(long)]
    pub owner: Option<String>,
    /// Another customer, when it was opened on the wrong card (#id, name, company, email or phone)
    #[arg(long, value_name = "REF")]
    pub customer: Option<String>,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Customer: #id, name, company, email or phone
    pub customer: String,
    /// What is being sold, e.g. "50 seats"
    pub title: String,
    /// The amount: 50000, 50,000, 12k, 1.5m, 3万; a sign or code names its currency ($50k, €3.5k, 50k USD)
    #[arg(long, value_name = "N", value_parser = parse_money)]
    pub amount: Money,
    /// Currency code [default: the amount's sign, else the config's currency]
    #[arg(long, value_name = "CODE")]
    pub currency: Option<String>,
    /// Pipeline stage [default: the first]
    #[arg(long)]
    pub stage: Option<String>,
    /// Percent chance of winning [default: the stage's]
    #[arg(long, value_parser = clap::value_parser!(u8).range(..=100))]
    pub probability: Option<u8>,
    /// Expected close date: 2026-12-31, 12-31, +30d, "next week", fri …
    #[arg(long, value_name = "WHEN")]
    pub close: Option<String>,
    /// Who works the deal [default: you]
    #[arg(long)]
    pub owner: Option<String>,
}

/// Which deals `deal list` shows by how they ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum StatusFilter {
    #[default]
    Open,
    Won,
    Lost,
    All,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only deals in this pipeline stage
    #[arg(long)]
    pub stage: Option<String>,
    #[arg(long, value_enum, default_value_t = StatusFilter::Open)]
    pub status: StatusFilter,
    /// Only deals this person works
    #[arg(long)]
    pub owner: Option<String>,
    /// Only deals you work (your Unix user)
    #[arg(long)]
    pub mine: bool,
    /// Only this customer's deals
    #[arg(long, value_name = "REF")]
    pub customer: Option<String>,
    /// Only deals expected to close by then: 2026-12-31, +30d, "in 2 weeks" …
    #[arg(long, value_name = "WHEN")]
    pub closing: Option<String>,
}

fn parse_deal_id(s: &str) -> Result<DealId, String> {
    ids::parse_id(s).map(DealId).ok_or_else(|| {
        crate::domain::ids::out_of_range(s, "deal id")
            .unwrap_or_else(|| format!("\"{s}\" is not a deal id (expected a number like 5 or #5)"))
    })
}

/// An amount as typed: minor units and the currency its sign or code names.
pub type Money = (i64, Option<String>);

pub(super) fn parse_money(s: &str) -> Result<Money, String> {
    money::parse_money(s).map_err(|e| e.to_string())
}

/// The amount and currency of `--amount` with `--currency`: the two may
/// not name different currencies (`--amount €5 --currency USD`).
pub(super) fn amount_in(
    flag: &str,
    typed: &Money,
    currency: Option<&str>,
) -> Result<(i64, Option<String>)> {
    let (minor, named) = typed;
    let given = currency.map(money::parse_currency).transpose()?;
    match (named, given) {
        (Some(named), Some(given)) if *named != given => Err(UsageError(format!(
            "--{flag} is in {named} but --currency says {given}; give one currency"
        ))
        .into()),
        (named, given) => Ok((*minor, given.or_else(|| named.clone()))),
    }
}

/// A deal as printed: with its customer's name and weighted value.
#[derive(Debug, Serialize)]
pub struct DealRow {
    #[serde(flatten)]
    pub deal: Deal,
    pub customer_name: String,
    /// Amount × probability (minor units of `currency`).
    pub weighted: i64,
    /// The lifecycle stage change a win caused.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub promoted: Option<StageChange>,
}

impl DealRow {
    fn new(deal: Deal, customer_name: String) -> DealRow {
        DealRow {
            weighted: deal.weighted(),
            customer_name,
            deal,
            promoted: None,
        }
    }

    /// The deal a deal verb wrote, as `--json` prints it.
    fn of(done: Done) -> Result<DealRow> {
        match done {
            Done::DealAdded { customer, deal }
            | Done::DealMoved { customer, deal }
            | Done::DealReopened { customer, deal }
            | Done::DealEdited { customer, deal, .. }
            | Done::DealRemoved { customer, deal } => Ok(DealRow::new(deal, customer.name)),
            Done::DealClosed {
                customer,
                closed: Closed { deal, promoted },
            } => Ok(DealRow {
                promoted,
                ..DealRow::new(deal, customer.name)
            }),
            other => Err(CliError::failure(anyhow::anyhow!(
                "bug: not a deal result: {other:?}"
            ))),
        }
    }
}

/// Customers' names for listed rows, each customer read once.
pub(super) struct Names(HashMap<CustomerId, String>);

impl Names {
    /// The names of the customers of `ids`, read at once in key order.
    pub(super) fn read(
        r: &impl Reads,
        ids: impl Iterator<Item = CustomerId>,
    ) -> store::Result<Names> {
        let mut ids: Vec<CustomerId> = ids.collect();
        ids.sort_unstable();
        ids.dedup();
        let names = r.customer_names(&ids)?;
        Ok(Names(
            ids.into_iter()
                .zip(names)
                .filter_map(|(id, name)| Some((id, name?)))
                .collect(),
        ))
    }

    pub(super) fn of(&mut self, r: &impl Reads, id: CustomerId) -> store::Result<String> {
        if let Some(name) = self.0.get(&id) {
            return Ok(name.clone());
        }
        // Not among the search rows `read` fetched: the record says.
        let name = r.get_customer(id)?.name;
        self.0.insert(id, name.clone());
        Ok(name)
    }
}

pub fn run(app: &App, cmd: &DealCommand) -> Result<()> {
    let ctx = app.ctx();
    let done = match cmd {
        DealCommand::List(args) => return list(app, args),
        DealCommand::Add(args) => exec::add_deal(&ctx, request(app, args)?)?,
        DealCommand::Move {
            id,
            stage,
            probability,
        } => exec::move_deal(&ctx, *id, stage, *probability, 0..0)?,
        DealCommand::Won {
            id,
            note,
            order: true,
        } => exec::win_with_order(&ctx, *id, note.as_deref().unwrap_or_default())?,
        DealCommand::Won { id, note, .. } => exec::close_deal(
            &ctx,
            *id,
            DealStatus::Won,
            note.as_deref().unwrap_or_default(),
        )?,
        DealCommand::Lost { id, reason } => exec::close_deal(&ctx, *id, DealStatus::Lost, reason)?,
        DealCommand::Reopen { id } => exec::reopen_deal(&ctx, *id)?,
        DealCommand::Edit(args) => exec::edit_deal(
            &ctx,
            args.id,
            edit_patch(app, args)?,
            args.customer.as_deref().map(cli_ref).as_ref(),
        )?,
        DealCommand::Rm { id } => exec::remove_deal(&ctx, *id)?,
    };
    if !app.json {
        return super::log::print_done(app, &done);
    }
    if let Done::DealWonWithOrder {
        customer,
        closed: Closed { deal, promoted },
        order,
    } = done
    {
        #[derive(Serialize)]
        struct WonWithOrder {
            deal: DealRow,
            order: Order,
        }
        return output::print_json(&WonWithOrder {
            deal: DealRow {
                promoted,
                ..DealRow::new(deal, customer.name)
            },
            order,
        });
    }
    output::print_json(&DealRow::of(done)?)
}

/// The deal `deal add` describes, with the defaults left to `exec`.
fn request(app: &App, args: &AddArgs) -> Result<DealRequest> {
    let (amount, currency) = amount_in("amount", &args.amount, args.currency.as_deref())?;
    Ok(DealRequest {
        customer: cli_ref(&args.customer),
        title: args.title.clone(),
        amount,
        currency,
        stage: args.stage.clone(),
        probability: args.probability,
        expected_close: flag_date("close", args.close.as_deref(), app)?,
        owner: args.owner.clone(),
    })
}

/// The patch `deal edit` describes. An amount without a sign or code keeps
/// the deal's currency (`deal add` would give it the base one); `¥` is
/// the base currency, said.
fn edit_patch(app: &App, args: &EditArgs) -> Result<DealPatch> {
    let (amount, currency) = match &args.amount {
        Some(text) => {
            let (minor, named) = parse_money(text).map_err(UsageError)?;
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
    let patch = DealPatch {
        title: args.title.clone(),
        amount,
        currency,
        probability: args.probability,
        expected_close: if args.no_close {
            Some(None)
        } else {
            flag_date("close", args.close.as_deref(), app)?.map(Some)
        },
        owner: args.owner.clone(),
        customer: None,
    };
    if patch.is_empty() && args.customer.is_none() {
        return Err(UsageError(
            "nothing to change: give at least one of --title, --amount, --currency, \
             --probability, --close, --no-close, --owner, --customer (see `rolo deal edit \
             --help`)"
                .into(),
        )
        .into());
    }
    Ok(patch)
}

/// The day `--flag WHEN` names; a bad one is a usage error naming the flag.
pub(super) fn flag_date(flag: &str, when: Option<&str>, app: &App) -> Result<Option<NaiveDate>> {
    when.map(|w| {
        dates::parse_due(w, app.now.naive_local())
            .map(|due| due.date())
            .map_err(|e| UsageError(format!("--{flag} \"{w}\": {e}")).into())
    })
    .transpose()
}

/// The conditions `deal list` applies, apart from the customer.
#[derive(Debug, Default)]
pub struct DealFilter {
    pub status: StatusFilter,
    /// An exact pipeline stage name.
    pub stage: Option<String>,
    pub owner: Option<String>,
    /// Expected to close on or before this day.
    pub closing: Option<NaiveDate>,
}

impl DealFilter {
    pub fn matches(&self, d: &Deal) -> bool {
        let status = match self.status {
            StatusFilter::Open => d.status == DealStatus::Open,
            StatusFilter::Won => d.status == DealStatus::Won,
            StatusFilter::Lost => d.status == DealStatus::Lost,
            StatusFilter::All => true,
        };
        status
            && self.stage.as_ref().is_none_or(|s| &d.stage == s)
            && self
                .owner
                .as_deref()
                .is_none_or(|o| d.owner.trim().eq_ignore_ascii_case(o.trim()))
            && self
                .closing
                .is_none_or(|by| d.expected_close.is_some_and(|c| c <= by))
    }
}

fn list(app: &App, args: &ListArgs) -> Result<()> {
    let pipeline = &app.config.pipeline;
    let stage = match &args.stage {
        Some(s) => Some(pipeline.find(s)?.name.clone()),
        None => None,
    };
    let owner = if args.mine {
        Some(store::current_user())
    } else {
        args.owner.clone()
    };
    let filter = DealFilter {
        status: args.status,
        stage,
        owner,
        closing: flag_date("closing", args.closing.as_deref(), app)?,
    };
    let mut rows = app.store.read(|r| {
        let deals = match &args.customer {
            Some(c) => r.customer_deals(exec::resolve_in(r, &cli_ref(c))?.id)?,
            None if args.status == StatusFilter::Open => match r.open_deals()? {
                Some(open) => open,
                None => r.deals()?,
            },
            None => r.deals()?,
        };
        let mut names = Names::read(r, deals.iter().map(|d| d.customer))?;
        let mut rows = Vec::new();
        for deal in deals.into_iter().filter(|d| filter.matches(d)) {
            let name = names.of(r, deal.customer)?;
            rows.push(DealRow::new(deal, name));
        }
        Ok::<_, ExecError>(rows)
    })?;
    sort(&mut rows, pipeline);
    if app.json {
        return output::print_json(&rows);
    }
    if rows.is_empty() {
        return output::print("No deals match.\n");
    }
    let deals: Vec<&Deal> = rows.iter().map(|r| &r.deal).collect();
    let unfiltered = args.stage.is_none()
        && args.owner.is_none()
        && !args.mine
        && args.customer.is_none()
        && args.closing.is_none()
        && args.status == StatusFilter::Open;
    let mut out = deal_table(&rows);
    out.push('\n');
    out.push_str(&footer(&deals, args.status, &app.config.rates()));
    if unfiltered {
        out.push('\n');
        out.push_str(&by_stage(&deals, pipeline, &app.config.rates()));
    }
    output::print(&out)
}

/// Open deals first, in pipeline order, then won, then lost; within a
/// stage the soonest expected close first (undated last).
fn order(d: &Deal, pipeline: &Pipeline) -> impl Ord + use<> {
    (
        d.status,
        pipeline.index(&d.stage).unwrap_or(usize::MAX),
        d.expected_close.is_none(),
        d.expected_close,
        d.id,
    )
}

pub fn sort(rows: &mut [DealRow], pipeline: &Pipeline) {
    rows.sort_by_key(|r| order(&r.deal, pipeline));
}

pub fn sort_deals(deals: &mut [Deal], pipeline: &Pipeline) {
    deals.sort_by_key(|d| order(d, pipeline));
}

/// A table whose `right` columns, headers included, are right-aligned
/// (amounts, counts); `caps` limit (column, width) as `Table::cap` does.
pub(super) fn table(
    headers: &[&'static str],
    rows: Vec<Vec<String>>,
    right: &[usize],
    caps: &[(usize, usize)],
) -> String {
    let mut t = right
        .iter()
        .fold(output::Table::new(headers), |t, &col| t.right(col));
    t = caps.iter().fold(t, |t, &(col, w)| t.cap(col, w));
    for row in rows {
        t.row(row);
    }
    t.render()
}

fn deal_table(rows: &[DealRow]) -> String {
    let headers = [
        "ID", "CUSTOMER", "TITLE", "AMOUNT", "STAGE", "PROB", "WEIGHTED", "CLOSE", "OWNER",
    ];
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let d = &r.deal;
            let stage = match d.status {
                DealStatus::Open => d.stage.clone(),
                closed => closed.to_string(),
            };
            let close = match d.closed_at {
                Some(at) => at.format("%Y-%m-%d").to_string(),
                None => d.expected_close.map_or("-".into(), |c| c.to_string()),
            };
            vec![
                d.id.to_string(),
                r.customer_name.clone(),
                d.title.clone(),
                money::format_money(d.amount, &d.currency),
                stage,
                format!("{}%", d.probability),
                money::format_money(r.weighted, &d.currency),
                close,
                d.owner.clone(),
            ]
        })
        .collect();
    table(&headers, cells, &[3, 5, 6], &[(1, 20), (2, 30)])
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// The totals line(s) under the table, e.g.
/// `12 open deals · pipeline 1,234,000 CNY · weighted forecast 456,000 CNY`.
pub fn footer(deals: &[&Deal], status: StatusFilter, rates: &Rates) -> String {
    let base = &rates.base;
    let of = |s: DealStatus| DealTotals::of(deals.iter().copied().filter(|d| d.status == s), rates);
    let (open, won, lost) = (
        of(DealStatus::Open),
        of(DealStatus::Won),
        of(DealStatus::Lost),
    );
    let money = |m: i64| money::format_money(m, base);
    let forecast = |t: &DealTotals| {
        format!(
            "pipeline {} · weighted forecast {}",
            money(t.amount),
            money(t.weighted)
        )
    };
    let mut out = match status {
        StatusFilter::Open => format!("{} · {}", plural(open.count, "open deal"), forecast(&open)),
        StatusFilter::Won => format!(
            "{} · won {}",
            plural(won.count, "won deal"),
            money(won.amount)
        ),
        StatusFilter::Lost => format!(
            "{} · lost {}",
            plural(lost.count, "lost deal"),
            money(lost.amount)
        ),
        StatusFilter::All => format!(
            "{} ({} open, {} won, {} lost) · open {} · won {}",
            plural(deals.len(), "deal"),
            open.count,
            won.count,
            lost.count,
            forecast(&open),
            money(won.amount)
        ),
    };
    out.push('\n');
    let mut no_rate: BTreeMap<&str, usize> = BTreeMap::new();
    for t in [&open, &won, &lost] {
        for (currency, n) in &t.no_rate {
            *no_rate.entry(currency).or_default() += n;
        }
    }
    if !no_rate.is_empty() {
        let parts: Vec<String> = no_rate
            .iter()
            .map(|(c, n)| format!("{} in {c}", plural(*n, "deal")))
            .collect();
        out.push_str(&format!(
            "Not in the totals: {} (no rate to {base}; add it under [rates] in config.toml)\n",
            parts.join(", ")
        ));
    }
    out
}

/// Per-stage subtotals of open deals, every pipeline stage in order (and
/// any stage no longer in the pipeline after them).
pub fn by_stage(deals: &[&Deal], pipeline: &Pipeline, rates: &Rates) -> String {
    let mut stages: Vec<String> = pipeline.names().iter().map(|s| s.to_string()).collect();
    for d in deals.iter().filter(|d| d.is_open()) {
        if !stages.contains(&d.stage) {
            stages.push(d.stage.clone());
        }
    }
    let headers = ["  STAGE", "DEALS", "AMOUNT", "WEIGHTED"];
    let cells: Vec<Vec<String>> = stages
        .iter()
        .map(|stage| {
            let t = DealTotals::of(
                deals
                    .iter()
                    .copied()
                    .filter(|d| d.is_open() && &d.stage == stage),
                rates,
            );
            vec![
                format!("  {stage}"),
                t.count.to_string(),
                money::format_money(t.amount, &rates.base),
                money::format_money(t.weighted, &rates.base),
            ]
        })
        .collect();
    format!("By stage\n{}", table(&headers, cells, &[1, 2, 3], &[]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::NewDeal;
    use chrono::{DateTime, FixedOffset};

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-22T10:00:00+08:00").expect("valid")
    }

    fn deal(id: u64, stage: &str, amount: i64, currency: &str) -> Deal {
        let mut d = NewDeal {
            customer: CustomerId(1),
            title: format!("deal {id}"),
            amount,
            currency: currency.into(),
            stage: Some(stage.into()),
            probability: None,
            expected_close: None,
            owner: "ann".into(),
        }
        .into_deal(&Pipeline::default(), now())
        .expect("valid");
        d.id = DealId(id);
        d
    }

    fn rates() -> Rates {
        let mut table = BTreeMap::new();
        table.insert("USD".to_string(), 7.0);
        Rates::new("CNY", &table)
    }

    #[test]
    fn totals_convert_and_set_aside_unknown_currencies() {
        let a = deal(1, "qualify", 5_000_000, "CNY"); // 10%: 5,000 weighted
        let b = deal(2, "proposal", 1_000_000, "USD"); // 70,000 CNY, 40%: 28,000
        let c = deal(3, "commit", 100_000, "EUR");
        let t = DealTotals::of([&a, &b, &c], &rates());
        assert_eq!((t.count, t.amount, t.weighted), (3, 12_000_000, 3_300_000));
        assert_eq!(t.no_rate.get("EUR"), Some(&1));
        let text = footer(&[&a, &b, &c], StatusFilter::Open, &rates());
        assert_eq!(
            text,
            "3 open deals · pipeline 120,000 CNY · weighted forecast 33,000 CNY\n\
             Not in the totals: 1 deal in EUR (no rate to CNY; add it under [rates] in config.toml)\n"
        );
    }

    #[test]
    fn stage_subtotals_list_every_stage_in_order() {
        let a = deal(1, "qualify", 5_000_000, "CNY");
        let b = deal(2, "qualify", 1_000_000, "CNY");
        let c = deal(3, "negotiation", 2_000_000, "CNY");
        let text = by_stage(&[&a, &b, &c], &Pipeline::default(), &rates());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "By stage");
        assert_eq!(lines[1], "  STAGE        DEALS      AMOUNT    WEIGHTED");
        assert_eq!(lines[2], "  qualify          2  60,000 CNY   6,000 CNY");
        assert_eq!(lines[3], "  discovery        0       0 CNY       0 CNY");
        assert_eq!(lines[5], "  negotiation      1  20,000 CNY  14,000 CNY");
        assert_eq!(lines.len(), 7);
    }

    #[test]
    fn filter_and_sort_follow_the_pipeline() {
        let mut a = deal(1, "proposal", 100, "CNY");
        a.expected_close = NaiveDate::from_ymd_opt(2026, 12, 20);
        let mut b = deal(2, "proposal", 100, "CNY");
        b.expected_close = NaiveDate::from_ymd_opt(2026, 12, 5);
        let c = deal(3, "qualify", 100, "CNY");
        let mut d = deal(4, "commit", 100, "CNY");
        d.close(DealStatus::Won, String::new(), now());
        let customer = crate::domain::CustomerDraft::named("Ann")
            .validate()
            .expect("valid")
            .into_customer(CustomerId(1), now());
        let mut rows: Vec<DealRow> = [a, b, c, d]
            .into_iter()
            .map(|d| DealRow::new(d, customer.name.clone()))
            .collect();
        sort(&mut rows, &Pipeline::default());
        let order: Vec<u64> = rows.iter().map(|r| r.deal.id.0).collect();
        assert_eq!(order, vec![3, 2, 1, 4]);
        let by_dec_10 = DealFilter {
            closing: NaiveDate::from_ymd_opt(2026, 12, 10),
            ..Default::default()
        };
        let kept: Vec<u64> = rows
            .iter()
            .filter(|r| by_dec_10.matches(&r.deal))
            .map(|r| r.deal.id.0)
            .collect();
        assert_eq!(kept, vec![2]);
        let won = DealFilter {
            status: StatusFilter::Won,
            owner: Some(" ANN ".into()),
            ..Default::default()
        };
        assert!(won.matches(&rows[3].deal) && !won.matches(&rows[0].deal));
    }
}
