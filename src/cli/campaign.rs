//! `rolo campaign add|list`: marketing campaigns, what they cost and who came from them.

use super::deal::{flag_date, table};
use super::{App, Result, UsageError, output};
use crate::domain::{Campaign, money};
use crate::store::Reads;
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Subcommand)]
pub enum CampaignCommand {
    /// Add a campaign, or update the one with this name
    Add(AddArgs),
    /// Campaigns with their cost and how many customers came from each
    List,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Its name, e.g. "Spring Expo 2026" (customers name it with --campaign)
    pub name: String,
    /// What it cost: 20000, 20k, 2万; a sign or code names its currency ($5k, 3k EUR)
    #[arg(long, value_name = "N", value_parser = super::deal::parse_money)]
    pub cost: Option<super::deal::Money>,
    /// Currency code [default: the cost's sign, else the config's currency]
    #[arg(long, value_name = "CODE")]
    pub currency: Option<String>,
    /// The lead source it feeds: web, trade show, referral …
    #[arg(long)]
    pub source: Option<String>,
    /// When it started: 2026-03-01, 03-01 …
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// When it ended
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
}

/// A campaign as listed: with how many customers name it.
#[derive(Debug, Serialize)]
pub struct CampaignRow {
    #[serde(flatten)]
    pub campaign: Campaign,
    pub customers: usize,
}

pub fn run(app: &App, cmd: &CampaignCommand) -> Result<()> {
    match cmd {
        CampaignCommand::Add(args) => add(app, args),
        CampaignCommand::List => list(app),
    }
}

fn add(app: &App, args: &AddArgs) -> Result<()> {
    let started = flag_date("from", args.from.as_deref(), app)?;
    let ended = flag_date("to", args.to.as_deref(), app)?;
    if let (Some(from), Some(to)) = (started, ended)
        && to < from
    {
        return Err(UsageError(format!(
            "--to {to} is before --from {from}: a campaign ends after it starts"
        ))
        .into());
    }
    let (cost, currency) = match &args.cost {
        Some(typed) => {
            let (minor, currency) =
                super::deal::amount_in("cost", typed, args.currency.as_deref())?;
            (Some(minor), currency)
        }
        None => (
            None,
            args.currency
                .as_deref()
                .map(money::parse_currency)
                .transpose()?,
        ),
    };
    let (campaign, is_new) = app.store.write(app.now, |w| {
        // Updating keeps what the flags do not mention.
        let key = Campaign::key(&args.name);
        let old = w
            .campaigns()?
            .into_iter()
            .find(|c| Campaign::key(&c.name) == key);
        let given = Given {
            cost,
            currency: currency.clone(),
            started,
            ended,
        };
        let campaign = merge(old, args, given, &app.config.currency);
        w.put_campaign(campaign)
    })?;
    if app.json {
        return output::print_json(&campaign);
    }
    let verb = if is_new { "Added" } else { "Updated" };
    output::print(&format!(
        "{verb} campaign \"{}\" · {}{}\n",
        campaign.name,
        money::format_money(campaign.cost, &campaign.currency),
        span(&campaign)
            .map(|s| format!(" · {s}"))
            .unwrap_or_default()
    ))
}

/// What the flags say, parsed.
struct Given {
    cost: Option<i64>,
    currency: Option<String>,
    started: Option<NaiveDate>,
    ended: Option<NaiveDate>,
}

/// The campaign `args` describe, on top of the stored one of that name if any.
fn merge(old: Option<Campaign>, args: &AddArgs, given: Given, default_currency: &str) -> Campaign {
    let old = old.unwrap_or_else(|| Campaign {
        name: String::new(),
        cost: 0,
        currency: default_currency.to_string(),
        source: String::new(),
        started: None,
        ended: None,
    });
    Campaign {
        name: args.name.clone(),
        cost: given.cost.unwrap_or(old.cost),
        currency: given.currency.unwrap_or(old.currency),
        source: args.source.clone().unwrap_or(old.source),
        started: given.started.or(old.started),
        ended: given.ended.or(old.ended),
    }
}

/// `2026-03-01 – 2026-03-31`, `from 2026-03-01`, `until 2026-03-31`.
fn span(c: &Campaign) -> Option<String> {
    match (c.started, c.ended) {
        (Some(a), Some(b)) => Some(format!("{a} – {b}")),
        (Some(a), None) => Some(format!("from {a}")),
        (None, Some(b)) => Some(format!("until {b}")),
        (None, None) => None,
    }
}

fn list(app: &App) -> Result<()> {
    let rows = app.store.read(|r| {
        // Customers name their campaign as typed; count them by its key.
        let mut counts: HashMap<String, usize> = HashMap::new();
        r.for_each_customer(|c| {
            if !c.campaign.trim().is_empty() {
                *counts.entry(Campaign::key(&c.campaign)).or_default() += 1;
            }
            true
        })?;
        let rows: Vec<CampaignRow> = r
            .campaigns()?
            .into_iter()
            .map(|campaign| CampaignRow {
                customers: counts
                    .get(&Campaign::key(&campaign.name))
                    .copied()
                    .unwrap_or(0),
                campaign,
            })
            .collect();
        Ok::<_, crate::store::StoreError>(rows)
    })?;
    if app.json {
        return output::print_json(&rows);
    }
    if rows.is_empty() {
        return output::print(
            "No campaigns yet. Add one: rolo campaign add \"Spring Expo\" --cost 20k --source expo\n",
        );
    }
    let cells = rows
        .iter()
        .map(|r| {
            let c = &r.campaign;
            vec![
                c.name.clone(),
                if c.source.is_empty() {
                    "-".into()
                } else {
                    c.source.clone()
                },
                money::format_money(c.cost, &c.currency),
                r.customers.to_string(),
                span(c).unwrap_or_else(|| "-".into()),
            ]
        })
        .collect();
    output::print(&table(
        &["NAME", "SOURCE", "COST", "CUSTOMERS", "DATES"],
        cells,
        &[2, 3],
        &[(0, 30), (1, 20)],
    ))
}
