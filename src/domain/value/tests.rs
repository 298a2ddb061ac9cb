//! Tiers, repurchase months and the `[tiers]` config, worked by hand.

use super::fixtures::*;
use super::*;
use crate::domain::{DealStatus, money::Rates};

fn bought(c: u64, when: DateTime<FixedOffset>, yuan: i64) -> Purchase {
    Purchase {
        customer: CustomerId(c),
        at: when,
        amount: yuan * 100,
        from: PurchaseFrom::Order(OrderId(1)),
    }
}

fn verdict(purchases: &[Purchase]) -> TierVerdict {
    assess_tier(purchases, &TierThresholds::default(), now(), "CNY")
}

/// Now 2026-11-22 10:00; month k is (now − (k+1) months, now − k months].
///   2026-04-10 ¥30,000 — month 7 (03-22, 04-22]
///   2026-06-10 ¥30,000 — month 5 (05-22, 06-22]
///   2026-08-10 ¥30,000 — month 3 (07-22, 08-22]
///   2026-11-10 ¥36,000 — month 0 (10-22, 11-22]
/// Spend ¥126,000 ≥ 100,000; repurchase (4 − 1) / 7 = 42.9 % → 42 % ≥ 30 %: VIP.
#[test]
fn a_worked_vip() {
    let p = [
        bought(1, day("2026-04-10"), 30_000),
        bought(1, day("2026-06-10"), 30_000),
        bought(1, day("2026-08-10"), 30_000),
        bought(1, day("2026-11-10"), 36_000),
    ];
    let v = verdict(&p);
    assert_eq!(v.tier, Tier::Vip);
    assert_eq!((v.spend, v.purchases), (12_600_000, 4));
    assert_eq!(
        v.repurchase,
        Repurchase {
            months_bought: 4,
            months_since_first: 7
        }
    );
    assert_eq!(v.cadence, Some(14));
    assert_eq!(
        v.reason,
        "¥126,000 in 12 months and 42 % repurchase: VIP needs ¥100,000 and 30 %"
    );
}

/// ¥20,000 on 2025-12-01 (month 11), 2026-04-01 (7) and 2026-08-01 (3):
/// ¥60,000, repurchase 2 / 11 = 18 %: key (VIP would need both more).
/// One order of ¥500,000: rich but no repurchase (0 %): regular.
#[test]
fn key_and_regular_say_what_the_next_tier_needs() {
    let p = [
        bought(1, day("2025-12-01"), 20_000),
        bought(1, day("2026-04-01"), 20_000),
        bought(1, day("2026-08-01"), 20_000),
    ];
    let v = verdict(&p);
    assert_eq!((v.tier, v.cadence), (Tier::Key, Some(30)));
    assert_eq!(
        v.reason,
        "¥60,000 in 12 months and 18 % repurchase: key needs ¥50,000 and 15 % (VIP needs \
         ¥100,000 and 30 %)"
    );
    let v = verdict(&[bought(1, day("2026-05-01"), 500_000)]);
    assert_eq!((v.tier, v.cadence), (Tier::Regular, None));
    assert_eq!(
        v.reason,
        "¥500,000 in 12 months and 0 % repurchase: key needs ¥50,000 and 15 %"
    );
    let none = verdict(&[]);
    assert_eq!(
        (none.tier, none.spend, none.repurchase.percent()),
        (Tier::Regular, 0, 0)
    );
    assert_eq!(
        none.reason,
        "¥0 in 12 months and 0 % repurchase: key needs ¥50,000 and 15 %"
    );
}

/// Exactly on each threshold is in: ¥100,000.00 and 3 of 10 months = 30 %.
/// A cent less, or 3 of 11 (27 %), is not.
#[test]
fn thresholds_are_inclusive_and_exact() {
    // Months 10 (2025-12-22, 2026-01-22], 7, 4 and 0.
    let dates = ["2026-01-10", "2026-04-10", "2026-07-10", "2026-11-10"];
    let mut p: Vec<_> = dates.iter().map(|d| bought(1, day(d), 25_000)).collect();
    let v = verdict(&p);
    assert_eq!(v.repurchase.percent(), 30);
    assert_eq!(v.tier, Tier::Vip);
    p[0].amount -= 1;
    assert_eq!(verdict(&p).tier, Tier::Key, "¥99,999.99");
    // First month 11 instead: 3 / 11 = 27 %.
    p[0] = bought(1, day("2025-12-10"), 25_000);
    let v = verdict(&p);
    assert_eq!((v.repurchase.percent(), v.tier), (27, Tier::Key));
}

/// The window is (now − 12 months, now]: an order exactly 12 months
/// before now is out, a second later in, and one at now in.
#[test]
fn orders_on_the_window_boundaries() {
    let edge = at("2025-11-22T10:00:00+08:00");
    let v = verdict(&[bought(1, edge, 1_000)]);
    assert_eq!((v.spend, v.repurchase.months_bought), (0, 0));
    let v = verdict(&[bought(1, edge + chrono::Duration::seconds(1), 1_000)]);
    assert_eq!((v.spend, v.repurchase.months_bought), (100_000, 1));
    assert_eq!(v.repurchase.months_since_first, 11);
    let v = verdict(&[bought(1, now(), 1_000)]);
    assert_eq!((v.spend, v.repurchase.months_since_first), (100_000, 0));
    // The same instant in another offset is the same instant.
    let utc = at("2025-11-22T02:00:00+00:00");
    assert_eq!(verdict(&[bought(1, utc, 1_000)]).spend, 0);
}

/// From a leap day the year starts on 28 February (chrono clamps), not
/// 1 March as 365 days would: a purchase on 2027-02-28 at noon counts.
/// Month boundaries clamp too: from 2028-03-31, month 0 starts
/// 2028-02-29, month 1 2028-01-31.
#[test]
fn leap_days() {
    let leap = at("2028-02-29T10:00:00+08:00");
    assert_eq!(trailing_year(leap).0, at("2027-02-28T10:00:00+08:00"));
    let p = [bought(1, at("2027-02-28T12:00:00+08:00"), 1_000)];
    let v = assess_tier(&p, &TierThresholds::default(), leap, "CNY");
    assert_eq!((v.spend, v.repurchase.months_since_first), (100_000, 11));
    let end = at("2028-03-31T10:00:00+08:00");
    assert_eq!(months_before(end, 1), at("2028-02-29T10:00:00+08:00"));
    let r = Repurchase::of(
        &[
            bought(1, at("2028-02-29T10:00:00+08:00"), 1),
            bought(1, at("2028-02-29T10:00:01+08:00"), 1),
        ],
        end,
    );
    // 10:00 is the end of month 1; a second later, month 0.
    assert_eq!(
        r,
        Repurchase {
            months_bought: 2,
            months_since_first: 1
        }
    );
    assert_eq!(r.percent(), 100);
}

/// Orders and won deals together, in three currencies: ¥40,000; a won
/// deal of ¥30,000 with no order; a won deal of ¥50,000 whose order is
/// the ¥40,000 one (counted once, as the order); $2,000 at 7 = ¥14,000;
/// €9,000 without a rate (left out, tallied). Spend ¥84,000, three
/// purchase months (months 9, 5, 1) → 2 / 9 = 22 %: key.
#[test]
fn tiers_from_orders_and_won_deals_in_several_currencies() {
    let mut o1 = order(1, 1, day("2026-02-10"), 40_000);
    o1.deal = Some(crate::domain::DealId(7));
    let mut usd = order(2, 1, day("2026-10-10"), 2_000);
    usd.currency = "USD".into();
    let mut eur = order(3, 1, day("2026-10-11"), 9_000);
    eur.currency = "EUR".into();
    let mut won = closed(deal(7, 1, 50_000), DealStatus::Won, day("2026-02-01"));
    won.id = crate::domain::DealId(7);
    let deals = [
        won,
        closed(deal(8, 1, 30_000), DealStatus::Won, day("2026-06-10")),
    ];
    let all = Purchases::of(&[o1, usd, eur], &deals, &rates());
    let v = assess_tier(
        all.of_customer(CustomerId(1)),
        &TierThresholds::default(),
        now(),
        "CNY",
    );
    assert_eq!((v.spend, v.purchases), (8_400_000, 3));
    assert_eq!((v.repurchase.percent(), v.tier), (22, Tier::Key));
    assert_eq!(all.no_rate.get("EUR"), Some(&1));
}

#[test]
fn reasons_in_another_base_currency() {
    let usd = Rates::new("usd", &Default::default());
    let v = assess_tier(
        &[bought(1, day("2026-05-01"), 500)],
        &TierThresholds::default(),
        now(),
        &usd.base,
    );
    assert_eq!(
        v.reason,
        "500 USD in 12 months and 0 % repurchase: key needs 50,000 USD and 15 %"
    );
}

/// The spend-only reading the app still calls until it moves to
/// `assess_tier`: the seed's spend thresholds, repurchase ignored.
#[test]
fn the_spend_only_tier_for_old_callers() {
    let t = TierThresholds::default();
    assert_eq!(t.tier(10_000_000), Tier::Vip);
    assert_eq!(t.tier(9_999_999), Tier::Key);
    assert_eq!(t.tier(5_000_000), Tier::Key);
    assert_eq!(t.tier(4_999_999), Tier::Regular);
    assert_eq!(t.tier(-5), Tier::Regular);
}

fn tiers(text: &str) -> Result<TierThresholds, String> {
    #[derive(serde::Deserialize)]
    struct File {
        tiers: TierThresholds,
    }
    toml::from_str::<File>(text)
        .map(|f| f.tiers)
        .map_err(|e| e.to_string())
}

/// A config written before repurchase existed keeps its meaning: a bare
/// number is the tier's spend, with no repurchase asked.
#[test]
fn the_old_tiers_form_still_loads() {
    let t = tiers("[tiers]\nvip = 500000\nkey = 100000\n").expect("old form");
    assert_eq!(
        t.vip,
        TierRule {
            spend: 500_000,
            repurchase: 0,
            cadence: Some(14)
        }
    );
    assert_eq!((t.key.spend, t.key.repurchase), (100_000, 0));
    // Half old: the other tier keeps the seed's rule.
    let t = tiers("[tiers]\nvip = 80000\n").expect("old form");
    assert_eq!((t.vip.spend, t.vip.repurchase), (80_000, 0));
    assert_eq!(t.key, TierThresholds::default().key);
    // A VIP spend below key's default loads too (it did before).
    assert!(tiers("[tiers]\nvip = 30000\n").is_ok());
    // Spend alone decides with the old form: 80,000 in one order is VIP.
    let v = assess_tier(&[bought(1, day("2026-05-01"), 80_000)], &t, now(), "CNY");
    assert_eq!(v.tier, Tier::Vip);
    assert_eq!(
        v.reason,
        "¥80,000 in 12 months and 0 % repurchase: VIP needs ¥80,000"
    );
}

#[test]
fn the_table_form_and_its_errors() {
    let t = tiers(
        "[tiers.vip]\nspend = 200000\nrepurchase = 40\ncadence = 7\n\
         [tiers.key]\nrepurchase = 10\n[tiers.regular]\ncadence = 90\n",
    )
    .expect("table form");
    assert_eq!(
        t,
        TierThresholds {
            vip: TierRule {
                spend: 200_000,
                repurchase: 40,
                cadence: Some(7)
            },
            key: TierRule {
                spend: 50_000,
                repurchase: 10,
                cadence: Some(30)
            },
            regular_cadence: Some(90),
        }
    );
    assert_eq!(
        tiers("[tiers.key]\ncadence = 0\n")
            .expect("none")
            .key
            .cadence,
        None
    );
    assert_eq!(
        tiers("tiers = {}").expect("empty"),
        TierThresholds::default()
    );
    for (bad, says) in [
        (
            "[tiers.vip]\nrepurchase = 130",
            "tiers.vip.repurchase = 130 is out of range: 0 to 100 percent",
        ),
        (
            "[tiers.vip]\nspend = -1",
            "tiers.vip.spend = -1 is out of range",
        ),
        ("[tiers]\nkey = -5", "tiers.key = -5 is out of range"),
        (
            "[tiers]\nvip = \"lots\"",
            "tiers.vip = \"lots\": expected a yearly spend",
        ),
        (
            "[tiers.vip]\nspend = 1.5",
            "tiers.vip.spend = 1.5: expected a whole number",
        ),
        (
            "[tiers]\ngold = 1",
            "unknown key tiers.gold (expected vip, key or regular)",
        ),
        (
            "[tiers.vip]\nrepurchse = 3",
            "unknown key tiers.vip.repurchse",
        ),
        (
            "[tiers.regular]\nspend = 5",
            "unknown key tiers.regular.spend",
        ),
        (
            "[tiers.key]\ncadence = 40000",
            "tiers.key.cadence = 40000 is out of range: 0 to 36500 days",
        ),
        ("tiers = 5", "tiers: expected a table"),
    ] {
        let err = tiers(bad).expect_err(bad);
        assert!(err.contains(says), "{bad}: {err}");
    }
}

#[test]
fn dimensions_parse_in_both_languages() {
    assert_eq!(Dimension::parse("行业"), Ok(Dimension::Industry));
    assert_eq!(Dimension::parse("渠道"), Ok(Dimension::Source));
    assert_eq!(Dimension::parse("Tier"), Ok(Dimension::Tier));
    assert!(Dimension::parse("region").is_err());
}
