//! `rolo report`: a small book built through the CLI at pinned times, then
//! each report's numbers (worked out by hand), its JSON keys, CSV and the
//! exit codes for bad input.

use crate::{Env, NOW};
use serde_json::Value;

/// `rolo ARGS` at a given time, expecting success.
fn at(env: &Env, now: &str, args: &[&str]) {
    let out = env.rolo_at(now, args).output().expect("runs");
    assert!(
        out.status.success(),
        "rolo {args:?} at {now}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// November 2026, `NOW` being Sunday the 22nd:
/// Ann (referral, campaign Expo, owner tester): #1 100k won 11-12 (10 days),
/// #2 50k lost; Bob (web, owner bob): #3 20k open in proposal;
/// the Expo campaign cost 40k; a complaint opened 11-20 09:00 answered at 11:00.
fn book() -> Env {
    let env = Env::new();
    let t = |day: &str| format!("2026-11-{day}T09:00:00+08:00");
    at(
        &env,
        &t("01"),
        &["campaign", "add", "Expo", "--cost", "40k"],
    );
    at(
        &env,
        &t("01"),
        &[
            "add",
            "Ann Lee",
            "--company",
            "Acme",
            "--source",
            "referral",
            "--campaign",
            "Expo",
            "--owner",
            "tester",
        ],
    );
    at(
        &env,
        &t("01"),
        &["add", "Bob Wu", "--source", "web", "--owner", "bob"],
    );
    at(
        &env,
        &t("02"),
        &["deal", "add", "ann", "50 seats", "--amount", "100k"],
    );
    at(
        &env,
        &t("03"),
        &["deal", "add", "ann", "support plan", "--amount", "50k"],
    );
    at(
        &env,
        &t("04"),
        &["deal", "add", "bob", "pilot", "--amount", "20k"],
    );
    at(&env, &t("05"), &["deal", "move", "1", "proposal"]);
    at(&env, &t("06"), &["deal", "move", "3", "proposal"]);
    at(&env, &t("12"), &["deal", "won", "1"]);
    at(&env, &t("15"), &["deal", "lost", "2", "--reason", "price"]);
    at(&env, &t("10"), &["log", "ann", "call", "pricing"]);
    at(&env, &t("11"), &["log", "bob", "email", "sent deck"]);
    at(
        &env,
        &t("20"),
        &["case", "open", "ann", "invoice wrong", "--complaint"],
    );
    at(&env, "2026-11-20T11:00:00+08:00", &["case", "respond", "1"]);
    env
}

fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v
        .as_object()
        .expect("a JSON object")
        .keys()
        .cloned()
        .collect();
    k.sort();
    k
}

#[test]
fn funnel_counts_the_months_deals_and_what_was_won() {
    let env = book();
    let f = env.json(&["report", "funnel"]);
    assert_eq!(f["report"], "funnel");
    assert_eq!(f["period"]["from"], "2026-11-01");
    assert_eq!(f["period"]["to"], "2026-11-30");
    assert_eq!(f["created"], 3);
    let reached: Vec<u64> = f["stages"]
        .as_array()
        .expect("stages")
        .iter()
        .map(|s| s["reached"].as_u64().expect("count"))
        .collect();
    // qualify 3; discovery and proposal: #1 (won) and #3 (moved past); the rest: #1.
    assert_eq!(reached, [3, 2, 2, 1, 1]);
    assert_eq!(f["stages"][0]["conversion"], 66.7);
    assert_eq!(f["won_in_period"]["count"], 1);
    assert_eq!(f["won_in_period"]["amount"], 10_000_000);
    assert_eq!(f["win_rate"], 50.0);
    // #3: 20k at proposal's 40%.
    assert_eq!(f["forecast"], 800_000);
    let text = env.ok(&["report", "funnel"]);
    assert!(
        text.starts_with("Pipeline funnel, 2026-11-01 – 2026-11-30\nWon 1 deal worth 100,000 CNY this period; open pipeline 8,000 CNY weighted from 1 open deal.\n"),
        "{text}"
    );
    let proposal: Vec<&str> = text
        .lines()
        .find(|l| l.starts_with("proposal"))
        .expect("a proposal row")
        .split_whitespace()
        .collect();
    // stage, probability, reached, amount (#1 100k + #3 20k), on to negotiation (1 of 2)
    assert_eq!(proposal[..5], ["proposal", "40%", "2", "120,000", "50%"]);
    assert!(text.contains("AMOUNT CNY"), "{text}");
}

#[test]
fn sources_campaigns_overdue_and_top_agree_with_the_book() {
    let env = book();
    let s = env.json(&["report", "sources"]);
    assert_eq!(s["sources"][0]["name"], "referral");
    assert_eq!(s["sources"][0]["won"], 1);
    assert_eq!(s["sources"][0]["closed"], 2);
    assert_eq!(s["sources"][0]["avg_cycle_days"], 10.0);
    let c = env.json(&["report", "campaigns"]);
    assert_eq!(c["campaigns"][0]["name"], "Expo");
    assert_eq!(c["campaigns"][0]["cost"], 4_000_000);
    assert_eq!(c["campaigns"][0]["roi"], 2.5, "100k won / 40k spent");
    let o = env.json(&["report", "overdue"]);
    assert_eq!(o["cases"]["open"], 1);
    assert_eq!(o["cases"]["open_complaints"], 1);
    assert_eq!(o["cases"]["response_median_hours"], 2.0);
    let t = env.json(&["report", "top"]);
    assert_eq!(t["customers"][0]["name"], "Ann Lee");
    assert_eq!(t["customers"][0]["won_amount"], 10_000_000);
    assert_eq!(t["customers"][1]["name"], "Bob Wu");
    let a = env.json(&["report", "activity"]);
    assert_eq!(a["total"], 2);
    assert_eq!(a["by_kind"]["call"], 1);
}

#[test]
fn every_report_has_its_json_keys() {
    let env = book();
    let expect: [(&str, &[&str]); 6] = [
        (
            "funnel",
            &[
                "created",
                "currency",
                "forecast",
                "left_out",
                "lost",
                "open",
                "open_deals",
                "period",
                "report",
                "stages",
                "win_rate",
                "won",
                "won_in_period",
            ],
        ),
        (
            "activity",
            &[
                "authors", "by_kind", "daily", "period", "report", "total", "weeks",
            ],
        ),
        (
            "sources",
            &["currency", "left_out", "period", "report", "sources"],
        ),
        (
            "campaigns",
            &[
                "campaigns",
                "currency",
                "left_out",
                "period",
                "report",
                "roi",
                "total_cost",
                "total_won",
                "unpriced",
            ],
        ),
        (
            "overdue",
            &[
                "buckets", "cases", "overdue", "owners", "period", "report", "today",
            ],
        ),
        (
            "top",
            &[
                "currency",
                "customers",
                "left_out",
                "period",
                "report",
                "total",
            ],
        ),
    ];
    for (name, want) in expect {
        let v = env.json(&["report", name]);
        assert_eq!(keys(&v), want.to_vec(), "{name}");
    }
    let f = env.json(&["report", "funnel"]);
    assert_eq!(
        keys(&f["stages"][0]),
        [
            "conversion",
            "open_now",
            "probability",
            "reached",
            "reached_amount",
            "stage",
            "weighted"
        ]
    );
    let c = env.json(&["report", "campaigns"]);
    assert_eq!(
        keys(&c["campaigns"][0]),
        [
            "avg_cycle_days",
            "closed",
            "cost",
            "customers",
            "ended",
            "name",
            "new_customers",
            "roi",
            "source",
            "started",
            "win_rate",
            "won",
            "won_amount"
        ]
    );
}

#[test]
fn csv_prints_the_table_header_first() {
    let env = book();
    let csv = env.ok(&["report", "sources", "--csv"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "SOURCE,CUSTOMERS,NEW,CLOSED,WON,WIN RATE,WON CNY,AVG DAYS TO WIN"
    );
    assert_eq!(lines[1], "referral,1,1,2,1,50%,\"100,000\",10");
    assert_eq!(lines.len(), 3);
}

#[test]
fn mine_and_owner_keep_only_those_customers() {
    let env = book();
    // The tests run as USER=tester, who owns Ann.
    let t = env.json(&["report", "top", "--mine"]);
    assert_eq!(t["owner"], "tester");
    assert_eq!(t["customers"].as_array().expect("rows").len(), 1);
    let f = env.json(&["report", "funnel", "--owner", "bob"]);
    assert_eq!(f["created"], 1);
    assert_eq!(f["won_in_period"]["count"], 0);
}

#[test]
fn from_and_to_choose_the_days() {
    let env = book();
    let f = env.json(&[
        "report",
        "funnel",
        "--from",
        "2026-11-03",
        "--to",
        "2026-11-04",
    ]);
    assert_eq!(f["created"], 2, "deals #2 and #3");
    assert_eq!(f["won_in_period"]["count"], 0, "#1 was won on the 12th");
    // A relative date may start with a dash.
    let a = env.json(&["report", "activity", "--from", "-30d"]);
    assert_eq!(a["period"]["from"], "2026-10-23");
    assert_eq!(a["period"]["to"], "2026-11-22");
    // Chinese names and prefixes pick the report too.
    assert_eq!(env.json(&["report", "漏斗"])["report"], "funnel");
    assert_eq!(env.json(&["report", "act"])["report"], "activity");
}

#[test]
fn bad_input_exits_2_with_a_message_naming_it() {
    let env = Env::new();
    let err = env.fails(2, &["report", "forecast"]);
    assert!(
        err.contains("unknown report \"forecast\"")
            && err.contains("funnel, activity, sources, campaigns, overdue, top"),
        "{err}"
    );
    let err = env.fails(2, &["report", "funnel", "--from", "soonish"]);
    assert!(err.contains("--from \"soonish\""), "{err}");
    let err = env.fails(
        2,
        &[
            "report",
            "funnel",
            "--to",
            "2026-10-01",
            "--from",
            "2026-11-01",
        ],
    );
    assert!(err.contains("empty"), "{err}");
    let err = env.fails(2, &["report", "funnel", "--json", "--csv"]);
    assert!(err.contains("--json and --csv"), "{err}");
    env.fails(2, &["report"]);
}

#[test]
fn an_empty_database_gives_every_report_without_error() {
    let env = Env::new();
    // An empty database (a read never creates one).
    let now = chrono::DateTime::parse_from_rfc3339(NOW).expect("now");
    rolo::store::Store::new(env.db(), rolo::domain::Channel::Cli)
        .write(now, |_| Ok::<_, rolo::store::StoreError>(()))
        .expect("creates the database");
    for name in [
        "funnel",
        "activity",
        "sources",
        "campaigns",
        "overdue",
        "top",
    ] {
        let text = env.ok(&["report", name]);
        assert!(!text.is_empty(), "{name}");
    }
}
