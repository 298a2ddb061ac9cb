//! `rolo list` (filtered and segmented) and `rolo search` (fuzzy-ranked).

use super::{App, Result, UsageError, output};
use crate::config::Config;
use crate::domain::{Customer, CustomerFilter, CustomerId, Segment, Stage, Tier};
use crate::review::QuietSince;
use crate::search::{Field, SearchIndex, SnapshotKey, check_query};
use crate::store::{self, Reads};
use chrono::{DateTime, FixedOffset};
use clap::Args;
use serde::Serialize;

/// The segmentation flags `rolo list` and `rolo view save` share.
#[derive(Debug, Args, Default)]
pub struct FilterArgs {
    /// Only customers with this tag (repeat: every one of them)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Only customers in this stage
    #[arg(long, value_parser = |s: &str| Stage::parse(s).map_err(|e| e.to_string()))]
    pub stage: Option<Stage>,
    /// Only customers owned by this person
    #[arg(long)]
    pub owner: Option<String>,
    /// Only customers you own (your Unix user)
    #[arg(long)]
    pub mine: bool,
    /// Only customers of this value tier: vip, key or regular (from won deals, last 12 months)
    #[arg(long, value_parser = |s: &str| Tier::parse(s).map_err(|e| e.to_string()))]
    pub tier: Option<Tier>,
    /// Only customers from this source (channel)
    #[arg(long)]
    pub source: Option<String>,
    /// Only customers from this marketing campaign
    #[arg(long)]
    pub campaign: Option<String>,
    /// Only customers not contacted for at least DAYS (never contacted counts from creation)
    #[arg(long, value_name = "DAYS", value_parser = super::parse_quiet_for)]
    pub quiet_for: Option<u32>,
    /// Only customers past their stay-in-touch cadence (or config quiet_days without one)
    #[arg(long)]
    pub gone_quiet: bool,
}

impl FilterArgs {
    /// Refuse a text flag longer than a search query may be (exit 2).
    pub fn check(&self) -> Result<(), crate::search::QueryTooLong> {
        let texts = self.tags.iter().map(|t| ("--tag", t)).chain(
            [
                ("--owner", &self.owner),
                ("--source", &self.source),
                ("--campaign", &self.campaign),
            ]
            .into_iter()
            .filter_map(|(what, value)| value.as_ref().map(|v| (what, v))),
        );
        for (what, value) in texts {
            check_query(what, value)?;
        }
        Ok(())
    }

    /// The filter these flags describe on their own.
    pub fn filter(&self) -> CustomerFilter {
        let text = |s: &Option<String>| {
            s.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        CustomerFilter {
            tags: self.tags.iter().map(|t| t.trim().to_string()).collect(),
            stage: self.stage,
            owner: text(&self.owner),
            mine: self.mine,
            tier: self.tier,
            source: text(&self.source),
            campaign: text(&self.campaign),
            quiet_for: self.quiet_for,
            gone_quiet: self.gone_quiet,
        }
    }
}

/// `base` (a saved view) narrowed by `extra` (flags given with it): tags
/// add up, the longer quiet period wins, and a field both set takes the flag's value.
pub fn narrow(base: CustomerFilter, extra: CustomerFilter) -> CustomerFilter {
    let mut tags = base.tags;
    for t in extra.tags {
        if !tags.iter().any(|x| x.eq_ignore_ascii_case(&t)) {
            tags.push(t);
        }
    }
    CustomerFilter {
        tags,
        stage: extra.stage.or(base.stage),
        owner: extra.owner.or(base.owner),
        mine: base.mine || extra.mine,
        tier: extra.tier.or(base.tier),
        source: extra.source.or(base.source),
        campaign: extra.campaign.or(base.campaign),
        quiet_for: base.quiet_for.max(extra.quiet_for),
        gone_quiet: base.gone_quiet || extra.gone_quiet,
    }
}

/// The segment `filter` gives the user running rolo now (the rule itself
/// is the domain's: `Segment::matches`, which the app uses too).
pub fn segment(filter: CustomerFilter, config: &Config, now: DateTime<FixedOffset>) -> Segment {
    Segment::of(filter, store::current_user(), now, config.quiet_days)
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Start from a saved view (`rolo view list`); other flags narrow it
    #[arg(long, value_name = "NAME")]
    pub view: Option<String>,
    /// Save the filter given as a view named NAME, then list
    #[arg(long, value_name = "NAME")]
    pub save_view: Option<String>,
    /// At most this many rows (0 = all)
    #[arg(long, default_value = "0", value_parser = super::parse_limit)]
    pub limit: usize,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to look for: name, company, email, or pinyin (zw → 张伟)
    #[arg(required = true, num_args = 1..)]
    pub query: Vec<String>,
    /// At most this many results (0 = all)
    #[arg(long, default_value = "20", value_parser = super::parse_limit)]
    pub limit: usize,
}

/// A listed customer with their tier (`--json` adds `tier` to each
/// customer, and `tier_figures` — spend, purchases, repurchase and the
/// reason — to those who bought in the last 12 months).
#[derive(Serialize)]
pub struct Listed {
    #[serde(flatten)]
    pub customer: Customer,
    pub tier: Tier,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tier_figures: Option<crate::domain::value::TierVerdict>,
}

pub fn list(app: &App, args: &ListArgs) -> Result<()> {
    args.filter.check()?;
    for (what, name) in [("--view", &args.view), ("--save-view", &args.save_view)] {
        if let Some(name) = name {
            check_query(what, name)?;
        }
    }
    let flags = args.filter.filter();
    let filter = match &args.view {
        Some(name) => narrow(app.store.read(|r| r.view(name))?, flags),
        None => flags,
    };
    if let Some(name) = &args.save_view {
        if filter.is_empty() {
            return Err(UsageError(format!(
                "--save-view {name}: give the filter flags to save (e.g. --tag vip --mine)"
            ))
            .into());
        }
        app.store.write(app.now, |w| w.save_view(name, &filter))?;
        eprintln!(
            "Saved view \"{}\": {}",
            crate::text::sanitize(name.trim()),
            crate::text::sanitize(&filter.describe())
        );
    }
    let limit = args.limit;
    let segment = segment(filter, &app.config, app.now);
    let listed = app.store.read(|r| {
        let verdicts = crate::exec::tiers::tier_verdicts(r, &app.config, app.now)?;
        let pick = |c: Customer| {
            let t = crate::exec::tiers::tier_in(&verdicts, c.id);
            segment.matches(&c, t).then(|| Listed {
                tier_figures: verdicts.get(&c.id).cloned(),
                customer: c,
                tier: t,
            })
        };
        let mut out = Vec::new();
        match segment.filter.quiet_for {
            // The fast path: only customers untouched since the cutoff are read.
            Some(days) => {
                // Touched at or before the cutoff (the index counts whole
                // seconds): a superset the filter then decides on.
                let cutoff = crate::domain::days_before(app.now, days);
                for id in r.touched_before(cutoff.timestamp().saturating_add(1))? {
                    if out.len() >= limit {
                        break;
                    }
                    out.extend(pick(r.get_customer(id)?));
                }
            }
            // Only those the indexes say are quiet are read.
            None if segment.filter.gone_quiet => {
                let quiet = QuietSince::read(r, app.now, app.config.quiet_days)?;
                for id in quiet.gone_quiet(app.now) {
                    if out.len() >= limit {
                        break;
                    }
                    out.extend(pick(r.get_customer(id)?));
                }
            }
            None => r.for_each_customer(|c| {
                out.extend(pick(c));
                out.len() < limit
            })?,
        }
        Ok::<_, crate::store::StoreError>(out)
    })?;
    if app.json {
        return output::print_json(&listed);
    }
    output::print(&customer_table(&listed, app.now))
}

pub fn customer_table(listed: &[Listed], now: DateTime<FixedOffset>) -> String {
    let mut t = output::Table::new(&[
        "ID",
        "NAME",
        "COMPANY",
        "STAGE",
        "TIER",
        "LAST CONTACT",
        "TAGS",
    ])
    .cap(1, 24)
    .cap(2, 30)
    .cap(6, 30);
    for Listed {
        customer: c, tier, ..
    } in listed
    {
        t.row(vec![
            c.id.to_string(),
            c.name.clone(),
            c.company.clone(),
            c.stage.to_string(),
            tier.to_string(),
            c.days_since_contact(now)
                .map_or("never".into(), |d| format!("{d}d ago")),
            c.tags.join(", "),
        ]);
    }
    if t.is_empty() {
        return "No customers match.\n".into();
    }
    t.render()
}

#[derive(Serialize)]
struct Found {
    id: CustomerId,
    name: String,
    company: String,
    email: String,
    score: u32,
    field: &'static str,
    /// Character indices of the matched characters in `field`.
    positions: Vec<u32>,
}

pub fn search(app: &App, args: &SearchArgs) -> Result<()> {
    let query = args.query.join(" ");
    if query.trim().is_empty() {
        return Err(UsageError("give some words to search for".into()).into());
    }
    check_query("the search query", &query)?;
    // The index comes from the snapshot beside the database when that was
    // built from the names as they are now; else it is built from the
    // compact search rows, and kept for the next search once this one has
    // printed its results.
    let (found, built) = app.store.read(|r| {
        let key = SnapshotKey {
            database: r.database_id()?.unwrap_or(0),
            names_generation: r.names_generation()?,
            entries: r.search_row_count()?,
        };
        let snapshot = app
            .store
            .search_snapshot()
            .and_then(|(file, size)| SearchIndex::from_snapshot(file, size, key));
        let (index, built) = match snapshot {
            Some(index) => (index, false),
            None => {
                let mut index = SearchIndex::new();
                r.for_each_search_text(|id, name, company, email| {
                    index.push(id.0, name, company, email);
                })?;
                (index, true)
            }
        };
        let mut found = Vec::new();
        for hit in index.search(&query, args.limit) {
            let Some((name, company, email)) = r.search_row(CustomerId(hit.id))? else {
                continue;
            };
            found.push(Found {
                id: CustomerId(hit.id),
                name,
                company,
                email,
                score: hit.score,
                field: match hit.field {
                    Field::Name => "name",
                    Field::Company => "company",
                    Field::Email => "email",
                },
                positions: hit.positions,
            });
        }
        Ok::<_, crate::store::StoreError>((found, built.then_some((index, key))))
    })?;
    let printed = print_found(app, &query, &found);
    if let Some((index, key)) = built {
        app.store
            .keep_search_snapshot(&index.to_snapshot(key), key.names_generation);
    }
    printed
}

fn print_found(app: &App, query: &str, found: &[Found]) -> Result<()> {
    if app.json {
        return output::print_json(&found);
    }
    if found.is_empty() {
        return output::print(&format!(
            "No customer matches \"{}\".\n",
            crate::text::sanitize(query)
        ));
    }
    let mut t = output::Table::new(&["ID", "NAME", "COMPANY", "EMAIL"])
        .cap(1, 24)
        .cap(2, 30);
    for f in found {
        t.row(vec![
            f.id.to_string(),
            f.name.clone(),
            f.company.clone(),
            f.email.clone(),
        ]);
    }
    output::print(&t.render())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-22T10:00:00+08:00").expect("valid")
    }

    #[test]
    fn flags_narrow_a_saved_view() {
        let view = CustomerFilter {
            tags: vec!["vip".into()],
            stage: Some(Stage::Customer),
            quiet_for: Some(30),
            ..Default::default()
        };
        let flags = CustomerFilter {
            tags: vec!["VIP".into(), "north".into()],
            mine: true,
            quiet_for: Some(10),
            source: Some("web".into()),
            ..Default::default()
        };
        let got = narrow(view, flags);
        assert_eq!(got.tags, vec!["vip".to_string(), "north".to_string()]);
        assert_eq!(
            got.describe(),
            "--tag vip --tag north --stage customer --mine --source web --quiet-for 30"
        );
    }

    #[test]
    fn won_amounts_add_up_per_customer_in_the_base_currency() {
        use crate::domain::{DealId, DealStatus, NewDeal, Pipeline};
        let mut config = Config::default();
        config.rates.insert("USD".into(), 7.0);
        let deal = |customer: u64, amount: i64, currency: &str, closed_days_ago: i64| {
            let mut d = NewDeal {
                customer: CustomerId(customer),
                title: "x".into(),
                amount,
                currency: currency.into(),
                stage: None,
                probability: None,
                expected_close: None,
                owner: String::new(),
            }
            .into_deal(&Pipeline::default(), now() - Duration::days(400))
            .expect("valid");
            d.id = DealId(customer * 10 + closed_days_ago as u64);
            d.close(
                DealStatus::Won,
                String::new(),
                now() - Duration::days(closed_days_ago),
            );
            d
        };
        let deals = vec![
            deal(1, 30_000_000, "CNY", 10),
            deal(1, 3_000_000, "USD", 100),  // 210,000 CNY
            deal(1, 90_000_000, "CNY", 366), // too long ago
            deal(2, 1_000_000, "EUR", 5),    // no rate
        ];
        let won = crate::domain::money::won_by_customer(&deals, &config.rates(), now());
        assert_eq!(won.get(&CustomerId(1)), Some(&51_000_000));
        assert_eq!(won.get(&CustomerId(2)), Some(&0));
        assert_eq!(config.tiers.tier(51_000_000), Tier::Vip);
    }
}
