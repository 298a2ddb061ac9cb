//! Customers' tiers as the seeds define them (docs/VALUE.md): what each
//! bought over the trailing 12 months — orders, and won deals no order was
//! made from — and how often they came back. The one place the list, the
//! card and the app ask for a tier.

use crate::config::Config;
use crate::domain::value::{Purchases, TierVerdict, assess_tier, trailing_year};
use crate::domain::{CustomerId, Tier};
use crate::store::{Reads, Result};
use chrono::{DateTime, Duration, FixedOffset};
use std::collections::HashMap;

/// Every customer's tier at `now`, with the figures it comes from; those
/// who bought nothing in the year are absent (regular).
pub fn tier_verdicts(
    r: &impl Reads,
    config: &Config,
    now: DateTime<FixedOffset>,
) -> Result<HashMap<CustomerId, TierVerdict>> {
    let (since, until) = trailing_year(now);
    // `orders_between` is [from, to) in whole seconds: one more second
    // keeps an order placed at `now`; `assess_tier` applies the window.
    let orders = r.orders_between(since, until + Duration::seconds(1))?;
    let deals = r.deals_closed_near(since, until)?;
    let purchases = Purchases::of(&orders, &deals, &config.rates());
    let mut out = HashMap::new();
    let mut customers: Vec<CustomerId> = purchases.list.iter().map(|p| p.customer).collect();
    customers.dedup();
    for id in customers {
        let verdict = assess_tier(
            purchases.of_customer(id),
            &config.tiers,
            now,
            &config.currency,
        );
        out.insert(id, verdict);
    }
    Ok(out)
}

/// One customer's tier at `now` (see [`tier_verdicts`]).
pub fn tier_verdict(
    r: &impl Reads,
    config: &Config,
    id: CustomerId,
    now: DateTime<FixedOffset>,
) -> Result<TierVerdict> {
    let orders = r.customer_orders(id)?;
    let deals = r.customer_deals(id)?;
    let purchases = Purchases::of(&orders, &deals, &config.rates());
    let mut verdict = assess_tier(
        purchases.of_customer(id),
        &config.tiers,
        now,
        &config.currency,
    );
    verdict.reason.push_str(&left_out(&purchases));
    Ok(verdict)
}

/// " (2 in USD left out: no rate; add one under [rates])", or nothing:
/// a purchase in a currency without a rate counts in no tier, and the
/// reason says so rather than showing a spend that looks too low.
fn left_out(purchases: &Purchases) -> String {
    if purchases.no_rate.is_empty() {
        return String::new();
    }
    let which: Vec<String> = purchases
        .no_rate
        .iter()
        .map(|(currency, n)| format!("{n} in {currency}"))
        .collect();
    format!(
        " ({} left out: no rate; add one under [rates] in config.toml)",
        which.join(", ")
    )
}

/// The tier in `verdicts` (regular when absent).
pub fn tier_in(verdicts: &HashMap<CustomerId, TierVerdict>, id: CustomerId) -> Tier {
    verdicts.get(&id).map_or(Tier::Regular, |v| v.tier)
}
