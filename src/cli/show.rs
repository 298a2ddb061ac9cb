//! `rolo show REF`: the card (with tier and stage history), open tasks,
//! deals, service cases and the timeline (newest first).

use super::{App, Result, case, deal, output};
use crate::dates;
use crate::domain::value::TierVerdict;
use crate::domain::{Case, Customer, Deal, DealStatus, Interaction, Order, Task, Tier, money};
use crate::exec::{self, cli_ref};
use crate::store::Reads;
use crate::text::sanitize;
use chrono::{DateTime, FixedOffset};
use clap::Args;
use serde::Serialize;

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Customer: #id, name, company, email or phone
    pub customer: String,
    /// How many timeline entries to show (0 = all)
    #[arg(long, default_value = "20", value_parser = super::parse_limit)]
    pub limit: usize,
}

/// Resolved cases the text shows besides the open ones (JSON has all).
const RESOLVED_SHOWN: usize = 3;

/// Orders the text shows, the latest (JSON has all).
const ORDERS_SHOWN: usize = 3;

#[derive(Serialize)]
struct Shown {
    customer: Customer,
    /// Value tier: what they bought over the last 12 months and how often
    /// they came back (docs/VALUE.md).
    tier: Tier,
    /// Deals won over the last 12 months, minor units of `currency`.
    won_last_12_months: i64,
    /// The tier's figures: spend (orders, and won deals no order was made
    /// from), purchases, repurchase, and why the tier is what it is.
    tier_figures: TierVerdict,
    /// The base currency money is added up in.
    currency: String,
    timeline: Vec<Interaction>,
    tasks: Vec<Task>,
    /// Every deal: open ones in pipeline order, then won, then lost.
    deals: Vec<Deal>,
    /// Every service case: open ones oldest first, then resolved ones newest first.
    cases: Vec<Case>,
    /// Every order, newest first.
    orders: Vec<Order>,
    /// The phones as the card shows them: national format for the default
    /// region, international otherwise (`--json` keeps them as typed).
    #[serde(skip)]
    phones_shown: Vec<String>,
}

pub fn run(app: &App, args: &ShowArgs) -> Result<()> {
    let shown = app.store.read(|r| {
        let customer = exec::resolve_in(r, &cli_ref(&args.customer))?;
        let timeline = r.timeline(customer.id, args.limit)?;
        let mut tasks: Vec<Task> = r
            .customer_tasks(customer.id)?
            .into_iter()
            .filter(Task::is_open)
            .collect();
        tasks.sort_by_key(|t| t.due.map_or(i64::MAX, |d| d.sort_key()));
        let deals = r.customer_deals(customer.id)?;
        let mut cases = r.customer_cases(customer.id)?;
        cases.sort_by_key(|c| {
            (
                !c.is_open(),
                c.resolved_at.map(|at| std::cmp::Reverse(at.timestamp())),
                c.opened_at,
            )
        });
        let verdict = exec::tiers::tier_verdict(r, &app.config, customer.id, app.now)?;
        let mut orders = r.customer_orders(customer.id)?;
        orders.reverse();
        let phones_shown = r
            .phone_forms(&customer.phones)?
            .into_iter()
            .map(|f| f.shown)
            .collect();
        Ok::<_, exec::ExecError>((
            customer,
            timeline,
            tasks,
            deals,
            cases,
            orders,
            phones_shown,
            verdict,
        ))
    })?;
    let (customer, timeline, tasks, mut deals, cases, orders, phones_shown, verdict) = shown;
    let won = money::won_last_year(&deals, &app.config.rates(), app.now);
    deal::sort_deals(&mut deals, &app.config.pipeline);
    let shown = Shown {
        customer,
        tier: verdict.tier,
        won_last_12_months: won,
        tier_figures: verdict,
        currency: app.config.currency.clone(),
        timeline,
        tasks,
        deals,
        cases,
        orders,
        phones_shown,
    };
    if app.json {
        return output::print_json(&shown);
    }
    output::print(&render(&shown, app.now))
}

fn render(s: &Shown, now: DateTime<FixedOffset>) -> String {
    let c = &s.customer;
    let wall = now.naive_local();
    let mut out = format!("{}  {}\n", sanitize(&c.name), c.id);
    let headline: Vec<&str> = [c.company.as_str(), c.title.as_str(), c.stage.as_str()]
        .into_iter()
        .filter(|x| !x.is_empty())
        .collect();
    out.push_str(&format!("  {}\n", sanitize(&headline.join(" · "))));
    let mut line = |label: &str, value: String| {
        if !value.is_empty() {
            out.push_str(&format!("  {label:<13}{}\n", sanitize(&value)));
        }
    };
    line("tags", c.tags.join(", "));
    line("email", c.emails.join(", "));
    line("phone", s.phones_shown.join(", "));
    line("industry", c.industry.clone());
    line("source", c.source.clone());
    line("campaign", c.campaign.clone());
    line("tier", format!("{} · {}", s.tier, s.tier_figures.reason));
    line("stages", stage_history(c));
    line("owner", c.owner.clone());
    line("address", c.address.clone());
    line(
        "last contact",
        match (c.last_contact_at, c.days_since_contact(now)) {
            (Some(at), Some(days)) => format!("{} ({})", at.format("%Y-%m-%d"), days_ago(days)),
            _ => "never".into(),
        },
    );
    if let Some(days) = c.cadence {
        let state = match c.quiet_from() {
            Some(quiet) if quiet < now => " — overdue for contact",
            _ => "",
        };
        line("cadence", format!("every {days} days{state}"));
    }
    for (k, v) in &c.custom {
        line(k, v.clone());
    }
    line("notes", c.notes.clone());

    out.push_str(&format!("\nOpen tasks ({})\n", s.tasks.len()));
    if s.tasks.is_empty() {
        out.push_str("  none\n");
    } else {
        let mut t = output::Table::new(&["  ID", "DUE", "PRIORITY", "TITLE"]);
        for task in &s.tasks {
            t.row(vec![
                format!("  {}", task.id),
                task.due.map_or("-".into(), |d| dates::humanize(d, wall)),
                task.priority.to_string(),
                task.title.clone(),
            ]);
        }
        out.push_str(&t.render());
    }

    out.push_str(&deals_section(&s.deals));
    out.push_str(&cases_section(&s.cases, now));
    out.push_str(&orders_section(&s.orders));

    out.push_str(&format!("\nTimeline ({} shown)\n", s.timeline.len()));
    if s.timeline.is_empty() {
        out.push_str("  nothing logged yet\n");
    } else {
        let mut t = output::Table::new(&["  ID", "WHEN", "KIND", "SUMMARY"]);
        for i in &s.timeline {
            let mut summary = i.summary.clone();
            if let Some(o) = i.outcome {
                summary = format!("[{o}] {summary}").trim_end().to_string();
            }
            if !i.feedback.is_empty() {
                summary.push_str(&format!(" — “{}”", i.feedback));
            }
            if let Some(task) = i.task {
                summary.push_str(&format!(" → task {task}"));
            }
            t.row(vec![
                format!("  {}", i.id),
                i.at.format("%Y-%m-%d %H:%M").to_string(),
                i.kind.to_string(),
                summary,
            ]);
        }
        out.push_str(&t.render());
    }
    out
}

/// `lead → prospect 2026-10-02, prospect → customer 2026-11-01`.
fn stage_history(c: &Customer) -> String {
    c.stage_changes
        .iter()
        .map(|ch| format!("{} → {} {}", ch.from, ch.to, ch.at.format("%Y-%m-%d")))
        .collect::<Vec<_>>()
        .join(", ")
}

fn deals_section(deals: &[Deal]) -> String {
    if deals.is_empty() {
        return "\nDeals (0)\n  none\n".into();
    }
    let open = deals.iter().filter(|d| d.is_open()).count();
    let mut out = format!("\nDeals ({open} open, {} in all)\n", deals.len());
    let cells = deals
        .iter()
        .map(|d| {
            let (stage, close) = match d.status {
                DealStatus::Open => (
                    d.stage.clone(),
                    d.expected_close.map_or("-".into(), |c| c.to_string()),
                ),
                closed => (
                    closed.to_string(),
                    d.closed_at
                        .map_or("-".into(), |at| at.format("%Y-%m-%d").to_string()),
                ),
            };
            vec![
                format!("  {}", d.id),
                d.title.clone(),
                money::format_money(d.amount, &d.currency),
                stage,
                format!("{}%", d.probability),
                close,
            ]
        })
        .collect();
    out.push_str(&deal::table(
        &["  ID", "TITLE", "AMOUNT", "STAGE", "PROB", "CLOSE"],
        cells,
        &[2, 4],
        &[(1, 30)],
    ));
    out
}

/// Open cases, then the last few resolved ones (`cases` is in that order).
fn cases_section(cases: &[Case], now: DateTime<FixedOffset>) -> String {
    if cases.is_empty() {
        return "\nCases (0)\n  none\n".into();
    }
    let open = cases.iter().filter(|c| c.is_open()).count();
    let mut out = format!("\nCases ({open} open)\n");
    let shown = (open + RESOLVED_SHOWN).min(cases.len());
    let cells = cases[..shown]
        .iter()
        .map(|c| {
            let status = match c.resolution_hours() {
                Some(h) => format!("resolved in {}", case::hours(h)),
                None => c.status.to_string(),
            };
            vec![
                format!("  {}", c.id),
                c.kind.to_string(),
                c.title.clone(),
                status,
                format!("{}d", c.age_days(now)),
            ]
        })
        .collect();
    out.push_str(&deal::table(
        &["  ID", "KIND", "TITLE", "STATUS", "AGE"],
        cells,
        &[4],
        &[(2, 36)],
    ));
    if cases.len() > shown {
        out.push_str(&format!(
            "  ({} older resolved not shown; rolo case list --all --customer …)\n",
            cases.len() - shown
        ));
    }
    out
}

/// The count and totals per currency, then the latest few (`orders` is newest first).
fn orders_section(orders: &[Order]) -> String {
    if orders.is_empty() {
        return "\nOrders (0)\n  none\n".into();
    }
    let totals = super::order::totals(orders.iter());
    let mut out = format!("\nOrders ({})\n", totals.trim_end());
    let shown = ORDERS_SHOWN.min(orders.len());
    let cells = orders[..shown]
        .iter()
        .map(|o| {
            vec![
                format!("  {}", o.id),
                o.at.format("%Y-%m-%d").to_string(),
                money::format_money(o.amount, &o.currency),
                o.items.clone(),
            ]
        })
        .collect();
    out.push_str(&deal::table(
        &["  ID", "DATE", "AMOUNT", "ITEMS"],
        cells,
        &[2],
        &[(3, 40)],
    ));
    if orders.len() > shown {
        out.push_str(&format!(
            "  ({} older not shown; rolo order list --customer …)\n",
            orders.len() - shown
        ));
    }
    out
}

fn days_ago(days: i64) -> String {
    match days {
        0 => "today".into(),
        1 => "yesterday".into(),
        d if d < 0 => "in the future".into(),
        d => format!("{d} days ago"),
    }
}
