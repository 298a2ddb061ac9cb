//! `rolo list` (filtered) and `rolo search` (fuzzy-ranked).

use super::{App, UsageError, output};
use crate::domain::{Customer, CustomerId, Stage};
use crate::search::{Field, SearchIndex};
use crate::store::View;
use chrono::{DateTime, Duration, FixedOffset};
use clap::Args;
use serde::Serialize;

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only customers with this tag
    #[arg(long)]
    pub tag: Option<String>,
    /// Only customers in this stage
    #[arg(long, value_parser = |s: &str| Stage::parse(s).map_err(|e| e.to_string()))]
    pub stage: Option<Stage>,
    /// Only customers owned by this person
    #[arg(long)]
    pub owner: Option<String>,
    /// Only customers not contacted for at least DAYS (never contacted counts from creation)
    #[arg(long, value_name = "DAYS")]
    pub quiet_for: Option<u32>,
    /// At most this many rows (0 = all)
    #[arg(long, default_value_t = 0)]
    pub limit: usize,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to look for: name, company, email, or pinyin (zw → 张伟)
    #[arg(required = true, num_args = 1..)]
    pub query: Vec<String>,
    /// At most this many results
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
}

pub fn list(app: &App, args: &ListArgs) -> anyhow::Result<()> {
    let wanted = |c: &Customer| {
        args.stage.is_none_or(|s| c.stage == s)
            && args
                .tag
                .as_ref()
                .is_none_or(|t| c.tags.iter().any(|x| x.eq_ignore_ascii_case(t)))
            && args
                .owner
                .as_ref()
                .is_none_or(|o| c.owner.eq_ignore_ascii_case(o))
    };
    let limit = if args.limit == 0 {
        usize::MAX
    } else {
        args.limit
    };
    let customers = app.store.read(|r| {
        let mut out = Vec::new();
        match args.quiet_for {
            Some(days) => {
                let cutoff = app.now - Duration::days(i64::from(days));
                for id in r.touched_before(cutoff.timestamp())? {
                    if out.len() >= limit {
                        break;
                    }
                    let c = r.get_customer(id)?;
                    if wanted(&c) {
                        out.push(c);
                    }
                }
            }
            None => r.for_each_customer(|c| {
                if wanted(&c) {
                    out.push(c);
                }
                out.len() < limit
            })?,
        }
        Ok::<_, crate::store::StoreError>(out)
    })?;
    if app.json {
        return output::print_json(&customers);
    }
    output::print(&customer_table(&customers, app.now))
}

pub fn customer_table(customers: &[Customer], now: DateTime<FixedOffset>) -> String {
    let mut t = output::Table::new(&["ID", "NAME", "COMPANY", "STAGE", "LAST CONTACT", "TAGS"])
        .cap(1, 24)
        .cap(2, 30)
        .cap(5, 30);
    for c in customers {
        t.row(vec![
            c.id.to_string(),
            c.name.clone(),
            c.company.clone(),
            c.stage.to_string(),
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

pub fn search(app: &App, args: &SearchArgs) -> anyhow::Result<()> {
    let query = args.query.join(" ");
    if query.trim().is_empty() {
        return Err(UsageError("give some words to search for".into()).into());
    }
    let found = app.store.read(|r| {
        let mut index = SearchIndex::new();
        let mut rows = Vec::new();
        r.for_each_search_text(|id, name, company, email| {
            index.push(id.0, name, company, email);
            rows.push((
                id.0,
                name.to_string(),
                company.to_string(),
                email.to_string(),
            ));
        })?;
        let found: Vec<Found> = index
            .search(&query, args.limit)
            .into_iter()
            .filter_map(|hit| {
                // Rows come in id order, so the hit's row is found by bisection.
                let at = rows.binary_search_by_key(&hit.id, |row| row.0).ok()?;
                let (_, name, company, email) = rows[at].clone();
                Some(Found {
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
                })
            })
            .collect();
        Ok::<_, crate::store::StoreError>(found)
    })?;
    if app.json {
        return output::print_json(&found);
    }
    if found.is_empty() {
        return output::print(&format!("No customer matches \"{query}\".\n"));
    }
    let mut t = output::Table::new(&["ID", "NAME", "COMPANY", "EMAIL"])
        .cap(1, 24)
        .cap(2, 30);
    for f in &found {
        t.row(vec![
            f.id.to_string(),
            f.name.clone(),
            f.company.clone(),
            f.email.clone(),
        ]);
    }
    output::print(&t.render())
}
