//! The sales side of a demo customer: the campaign they came from, their
//! lifecycle stage changes, their deals, their orders and their service
//! cases.
//!
//! Everything here draws from the customer's own random stream (seeded
//! from the demo seed and the customer's index), so it keeps the generator
//! prefix-stable and leaves the main stream (names, interactions, tasks)
//! almost as it was: only the quiet high-value customers' last contact is
//! chosen differently.

use super::{R, between, chance, days, moment, pick, pick_w, self_at, weekday};
use crate::domain::{
    Campaign, Case, CaseId, CaseKind, CaseStatus, CustomerId, Deal, DealId, DealStatus, DealStep,
    Order, OrderId, PaymentMethod, Pipeline, Priority, Stage, StageChange,
};
use chrono::{Datelike, FixedOffset, NaiveDate, NaiveDateTime, TimeDelta};
use rand::RngExt;

/// What the sales side of one customer is generated from.
pub(super) struct Ctx<'a> {
    pub zh: bool,
    pub stage: Stage,
    pub owner: &'a str,
    pub created: NaiveDateTime,
    /// The latest moment a past event may have (see `Generator::latest`).
    pub latest: NaiveDateTime,
    /// The newest interaction, if any.
    pub last_contact: Option<NaiveDateTime>,
    /// A high-value customer who has gone quiet: gets a big win in the
    /// last year, and nothing closes after their last contact.
    pub quiet_vip: bool,
    /// Came from a campaign: a paying customer then has the win on record.
    pub from_campaign: bool,
    /// Whether this customer holds one of the stratified open-complaint slots.
    pub open_complaint: bool,
    pub pipeline: &'a Pipeline,
    pub offset: FixedOffset,
}

#[derive(Debug, Default)]
pub(super) struct Sales {
    pub stage_changes: Vec<StageChange>,
    pub deals: Vec<Deal>,
    pub cases: Vec<Case>,
    pub orders: Vec<super::DemoOrder>,
}

// ---- campaigns ---------------------------------------------------------------

/// A demo campaign, dated in days before today.
pub(super) struct CampaignSpec {
    pub name: &'static str,
    /// One of `phrases::SOURCES` of the same language.
    pub source: &'static str,
    /// Major units of CNY.
    pub cost: i64,
    pub zh: bool,
    pub start_ago: i64,
    /// `None`: still running.
    pub end_ago: Option<i64>,
    /// How long after the end a new customer is still put down to it.
    pub tail: i64,
    pub weight: u32,
}

pub(super) const CAMPAIGNS: &[CampaignSpec] = &[
    CampaignSpec {
        name: "2026 Spring Expo",
        source: "trade show",
        cost: 80_000,
        zh: false,
        start_ago: 250,
        end_ago: Some(248),
        tail: 90,
        weight: 40,
    },
    CampaignSpec {
        name: "Webinar: Cloud Migration",
        source: "webinar",
        cost: 8_000,
        zh: false,
        start_ago: 75,
        end_ago: Some(75),
        tail: 45,
        weight: 30,
    },
    CampaignSpec {
        name: "Partner Referral Program",
        source: "partner",
        cost: 30_000,
        zh: false,
        start_ago: 540,
        end_ago: None,
        tail: 0,
        weight: 12,
    },
    CampaignSpec {
        name: "Canton Fair 2026",
        source: "展会",
        cost: 120_000,
        zh: true,
        start_ago: 40,
        end_ago: Some(36),
        tail: 40,
        weight: 40,
    },
    CampaignSpec {
        name: "WeChat Ads Q3",
        source: "微信",
        cost: 45_000,
        zh: true,
        start_ago: 150,
        end_ago: Some(60),
        tail: 10,
        weight: 20,
    },
    CampaignSpec {
        name: "Baidu SEM",
        source: "百度推广",
        cost: 60_000,
        zh: true,
        start_ago: 365,
        end_ago: None,
        tail: 0,
        weight: 10,
    },
    CampaignSpec {
        name: "抖音直播推广",
        source: "抖音",
        cost: 50_000,
        zh: true,
        start_ago: 100,
        end_ago: Some(20),
        tail: 10,
        weight: 20,
    },
];

/// The demo's campaigns, dated relative to `today`.
pub(super) fn campaigns(today: NaiveDate) -> Vec<Campaign> {
    CAMPAIGNS
        .iter()
        .map(|c| Campaign {
            name: c.name.to_string(),
            cost: c.cost * 100,
            currency: "CNY".to_string(),
            source: c.source.to_string(),
            started: Some(today - days(c.start_ago)),
            ended: c.end_ago.map(|d| today - days(d)),
        })
        .collect()
}

/// The campaign a customer created on `created` came from, if any: one of
/// their language running (or just over) then, for about 40% of customers.
pub(super) fn campaign(
    rng: &mut R,
    zh: bool,
    stage: Stage,
    created: NaiveDate,
    today: NaiveDate,
) -> Option<&'static CampaignSpec> {
    let ago = (today - created).num_days();
    let fits = |c: &CampaignSpec| {
        c.zh == zh && ago <= c.start_ago && ago >= c.end_ago.map_or(0, |e| e - c.tail)
    };
    let total: u32 = CAMPAIGNS.iter().filter(|c| fits(c)).map(|c| c.weight).sum();
    // Events and ad bursts bring in many of the customers created while
    // (or just after) they ran; always-on programmes fewer.
    // Customers who bought are the ones a campaign report credits it
    // with: they are the likelier to remember where they heard of us.
    let burst = CAMPAIGNS.iter().any(|c| fits(c) && c.end_ago.is_some());
    let bought = matches!(stage, Stage::Customer | Stage::Loyal);
    let p = match (burst, bought) {
        (true, true) => 0.9,
        (true, false) => 0.65,
        (false, true) => 0.55,
        (false, false) => 0.35,
    };
    if total == 0 || !chance(rng, p) {
        return None;
    }
    Some(super::pick_by(rng, CAMPAIGNS, |c| {
        if fits(c) { c.weight } else { 0 }
    }))
}

// ---- deals -----------------------------------------------------------------

/// Deals per customer by stage: (count, weight).
fn deal_counts(stage: Stage) -> &'static [(usize, u32)] {
    match stage {
        Stage::Lead => &[(0, 85), (1, 15)],
        Stage::Prospect => &[(0, 72), (1, 26), (2, 2)],
        Stage::Customer => &[(0, 42), (1, 46), (2, 12)],
        Stage::Loyal => &[(0, 25), (1, 45), (2, 25), (3, 5)],
        Stage::Churned => &[(0, 80), (1, 20)],
    }
}

/// How a deal of a customer at this stage ended (or not yet).
fn deal_statuses(stage: Stage) -> &'static [(DealStatus, u32)] {
    match stage {
        Stage::Lead => &[(DealStatus::Open, 80), (DealStatus::Lost, 20)],
        Stage::Prospect => &[(DealStatus::Open, 72), (DealStatus::Lost, 28)],
        Stage::Customer | Stage::Loyal => &[
            (DealStatus::Won, 32),
            (DealStatus::Lost, 22),
            (DealStatus::Open, 46),
        ],
        Stage::Churned => &[(DealStatus::Lost, 1)],
    }
}

const TITLES: [&[&str]; 2] = [
    &[
        "# seats annual licence",
        "Warehouse scanners rollout",
        "ERP integration phase 2",
        "Renewal: # seats",
        "Annual support contract",
        "Pilot: # handheld devices",
        "Data platform migration",
        "Regional rollout (# sites)",
        "Training package for # users",
        "Fleet tracking, # vehicles",
        "Security audit and hardening",
        "Multi-year framework agreement",
        "Cloud backup upgrade",
        "Label printers for # stores",
    ],
    &[
        "二期扩容项目",
        "年度维保合同",
        "#个账号年度授权",
        "仓库扫码枪部署",
        "ERP对接二期",
        "门店系统升级（#家门店）",
        "数据中台建设",
        "私有化部署项目",
        "续约：#套授权",
        "等保测评服务",
        "员工培训服务包",
        "智能仓储试点",
        "全国分公司推广",
        "云服务器迁移",
    ],
];

const DEAL_QUANTITIES: &[u32] = &[10, 20, 25, 30, 50, 60, 80, 100, 120, 150, 200, 300, 500];

const LOST_REASONS: [&[(&str, u32)]; 2] = [
    &[
        ("price", 30),
        ("timing", 20),
        ("competitor", 25),
        ("no budget", 20),
        ("project cancelled", 5),
    ],
    &[
        ("选择了竞争对手", 30),
        ("预算不足", 25),
        ("价格太高", 20),
        ("时机不对", 15),
        ("项目暂停", 10),
    ],
];

const WON_NOTES: [&[&str]; 2] = [
    &[
        "beat the competitor on support",
        "renewal, multi-year",
        "champion pushed it through",
        "fastest rollout offered",
    ],
    &["老客户续约", "服务响应快赢得信任", "领导拍板", "试点效果好"],
];

/// CNY per USD, for the few deals quoted in dollars.
const USD_CNY: f64 = 7.1;

fn deal_title(rng: &mut R, zh: bool) -> String {
    let phrase = *pick(rng, TITLES[usize::from(zh)]);
    match phrase.split_once('#') {
        Some((head, tail)) => format!("{head}{}{tail}", pick(rng, DEAL_QUANTITIES)),
        None => phrase.to_string(),
    }
}

/// A deal size in CNY major units: log-normal around ~110k, 20k–2M, rounded
/// the way people quote.
fn deal_size(rng: &mut R) -> i64 {
    // Box–Muller: one standard normal from two uniforms.
    let u1: f64 = 1.0 - rng.random_range(0.0..1.0);
    let u2: f64 = rng.random_range(0.0..1.0);
    let z = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
    let raw = (11.6 + 0.95 * z).exp().clamp(20_000.0, 2_000_000.0);
    round_quote(raw)
}

/// Round to 500 below 100k, 1,000 below 1M, 10,000 above.
fn round_quote(major: f64) -> i64 {
    let step = if major < 100_000.0 {
        500.0
    } else if major < 1_000_000.0 {
        1_000.0
    } else {
        10_000.0
    };
    ((major / step).round() * step) as i64
}

/// Amount (minor units) and currency; some English-speaking customers buy in USD.
fn price(rng: &mut R, zh: bool, major_cny: i64, cny_only: bool) -> (i64, String) {
    if !zh && !cny_only && chance(rng, 0.12) {
        let usd = ((major_cny as f64 / USD_CNY / 100.0).round() * 100.0).max(3_000.0) as i64;
        (usd * 100, "USD".to_string())
    } else {
        (major_cny * 100, "CNY".to_string())
    }
}

/// A deal's history up to stage `reached`, between `from` (its creation)
/// and `to` (its close, or the latest moment while open).
fn steps(
    rng: &mut R,
    pipeline: &Pipeline,
    reached: usize,
    from: NaiveDateTime,
    to: NaiveDateTime,
    offset: FixedOffset,
) -> Vec<DealStep> {
    // Stage 0 at creation, the reached stage always, the ones between
    // mostly (deals skip a stage now and then).
    let mut idx: Vec<usize> = (1..reached).filter(|_| chance(rng, 0.85)).collect();
    if reached > 0 {
        idx.push(reached);
    }
    let span = (to.date() - from.date()).num_days();
    let mut at: Vec<NaiveDateTime> = idx
        .iter()
        .map(|_| {
            let day = from.date() + days(between(rng, span / 8, span));
            moment(rng, day, from, to)
        })
        .collect();
    at.sort_unstable();
    std::iter::once((0, from))
        .chain(idx.into_iter().zip(at))
        .map(|(i, t)| DealStep {
            at: self_at(offset, t),
            stage: pipeline.stages[i].name.clone(),
        })
        .collect()
}

/// The stage index a deal got to: open deals of leads stay early.
fn reached(rng: &mut R, stages: usize, status: DealStatus, stage: Stage) -> usize {
    let last = stages.saturating_sub(1);
    if status == DealStatus::Won {
        // Won from the last stage or one or two before it.
        let back = *pick_w(rng, &[(0usize, 55), (1, 35), (2, 10)]);
        return last.saturating_sub(back);
    }
    let weights: &[(usize, u32)] = match (status, stage) {
        (DealStatus::Lost, _) => &[(0, 20), (1, 25), (2, 30), (3, 20), (4, 5)],
        (DealStatus::Open, Stage::Lead) => &[(0, 60), (1, 40)],
        _ => &[(0, 20), (1, 25), (2, 25), (3, 20), (4, 10)],
    };
    (*pick_w(rng, weights)).min(last)
}

/// The first day of the "recent" window wins cluster in: the month so far,
/// at least two weeks.
fn recent_start(today: NaiveDate) -> NaiveDate {
    let month = today.with_day(1).unwrap_or(today);
    month.min(today - days(14))
}

/// A working-hours moment on a weekday between `lo` and `hi`, picked from
/// the days `first..=last` (clamped into the bounds).
fn some_moment(
    rng: &mut R,
    first: NaiveDate,
    last: NaiveDate,
    lo: NaiveDateTime,
    hi: NaiveDateTime,
) -> NaiveDateTime {
    let first = first.max(lo.date());
    let last = last.min(hi.date()).max(first);
    let day = first + days(between(rng, 0, (last - first).num_days()));
    let day = weekday(rng, day, first, last);
    moment(rng, day, lo, hi)
}

/// Generate the sales side of one customer.
pub(super) fn sales(rng: &mut R, c: &Ctx) -> Sales {
    let today = c.latest.date();
    let l = usize::from(c.zh);
    let mut out = Sales::default();
    // Nothing closes after a quiet customer's last contact (their win
    // should not make them look attended to).
    let hi = match (c.quiet_vip, c.last_contact) {
        (true, Some(last)) => last,
        _ => c.latest,
    };
    let bought = matches!(c.stage, Stage::Customer | Stage::Loyal | Stage::Churned);
    // When they first bought: in their first two months. A customer-stage
    // customer's first win may move it (see below).
    let first_buy = bought.then(|| {
        let lo = c.created + days(14);
        some_moment(
            rng,
            (c.created + days(14)).date(),
            (c.created + days(60)).date(),
            lo.min(hi),
            hi,
        )
    });

    let mut count = *pick_w(rng, deal_counts(c.stage));
    // The first deal of these is a win (see `Ctx`).
    let sure_win =
        c.quiet_vip || (c.from_campaign && matches!(c.stage, Stage::Customer | Stage::Loyal));
    if sure_win {
        count = count.max(1);
    }
    let stages = c.pipeline.stages.len();
    if stages == 0 {
        // Config refuses an empty pipeline; without stages there are no deals.
        count = 0;
    }
    for k in 0..count {
        let anchor = c.quiet_vip && k == 0;
        let status = match *pick_w(rng, deal_statuses(c.stage)) {
            _ if sure_win && k == 0 => DealStatus::Won,
            // Too new a customer to have lost a deal already.
            DealStatus::Lost if c.created + days(7) > hi => DealStatus::Open,
            status => status,
        };
        let title = deal_title(rng, c.zh);
        let mut size = deal_size(rng);
        if anchor {
            // Enough won in the last year to make them key or VIP.
            size = size.max(round_quote(between(rng, 150_000, 800_000) as f64));
        }
        let (amount, currency) = price(rng, c.zh, size, anchor);
        let got_to = reached(rng, stages, status, c.stage);

        // Won deals: loyal and churned customers bought first long ago;
        // the rest cluster in the last weeks or spread over the relationship.
        let won_lo = match (c.stage, first_buy) {
            (Stage::Loyal, Some(first)) => first,
            _ => c.created + days(14),
        };
        let (created_at, closed_at) = match status {
            DealStatus::Won => {
                let close = if anchor {
                    some_moment(rng, today - days(330), hi.date(), won_lo.min(hi), hi)
                } else if chance(rng, 0.42) {
                    some_moment(rng, recent_start(today), today, won_lo.min(hi), hi)
                } else {
                    some_moment(rng, won_lo.date(), today, won_lo.min(hi), hi)
                };
                let open = close - days(between(rng, 10, 120));
                (open.max(c.created), Some(close))
            }
            DealStatus::Lost => {
                let lo = (c.created + days(7)).min(hi);
                let first = if chance(rng, 0.8) {
                    today - days(365)
                } else {
                    lo.date()
                };
                let close = some_moment(rng, first, today, lo, hi);
                let open = close - days(between(rng, 7, 90));
                (open.max(c.created), Some(close))
            }
            DealStatus::Open => {
                let day = today - days(between(rng, 3, 120));
                let open = some_moment(rng, day, day, c.created, c.latest);
                (open, None)
            }
        };
        let end = closed_at.unwrap_or(c.latest);
        let mut history = steps(rng, c.pipeline, got_to, created_at, end, c.offset);
        let stage = history.last().map(|s| s.stage.clone()).unwrap_or_default();
        let probability = c.pipeline.stages[got_to.min(stages - 1)].probability;
        let (reason, expected_close) = match status {
            DealStatus::Won if chance(rng, 0.3) => (pick(rng, WON_NOTES[l]).to_string(), None),
            DealStatus::Won => (String::new(), None),
            DealStatus::Lost => (pick_w(rng, LOST_REASONS[l]).to_string(), None),
            DealStatus::Open => {
                let day = today + days(between(rng, 3, 90));
                (String::new(), Some(weekday(rng, day, day, day + days(2))))
            }
        };
        if let Some(at) = closed_at {
            history.push(DealStep {
                at: self_at(c.offset, at),
                stage: status.as_str().to_string(),
            });
        }
        out.deals.push(Deal {
            id: DealId(0),
            customer: CustomerId(0),
            title,
            amount,
            currency,
            stage,
            probability: match status {
                DealStatus::Open => probability,
                DealStatus::Won => 100,
                DealStatus::Lost => 0,
            },
            expected_close,
            status,
            reason,
            owner: c.owner.to_string(),
            created_at: self_at(c.offset, created_at),
            closed_at: closed_at.map(|t| self_at(c.offset, t)),
            history,
        });
    }
    out.deals.sort_by_key(|d| d.created_at);

    // A customer became one when they first won a deal (or, with no deal
    // on record, in their first two months).
    let first_win = out
        .deals
        .iter()
        .filter(|d| d.status == DealStatus::Won)
        .filter_map(|d| d.closed_at)
        .min()
        .map(|t| t.naive_local());
    let converted = match (c.stage, first_win, first_buy) {
        (Stage::Customer, Some(win), _) => Some(win),
        (_, Some(win), Some(first)) => Some(win.min(first)),
        (_, None, first) => first,
        (_, Some(win), None) => Some(win),
    };
    out.stage_changes = stage_changes(rng, c, converted);
    out.cases = cases(rng, c);
    // Drawn last, so everything above is as it was before orders existed.
    out.orders = orders(rng, c, &out.deals);
    out
}

// ---- orders ------------------------------------------------------------------

/// A customer's orders, oldest first: each won deal's, a few days after the
/// win, then reorders as their stage tells — a loyal customer every one to
/// two months through the last year, a customer now and then since their
/// first purchase, a churned one for a while until over eight months ago.
fn orders(rng: &mut R, c: &Ctx, deals: &[Deal]) -> Vec<super::DemoOrder> {
    let mut out = Vec::new();
    for (index, deal) in deals.iter().enumerate() {
        let Some(won) = deal.closed_at.filter(|_| deal.status == DealStatus::Won) else {
            continue;
        };
        let won = won.naive_local();
        let at = some_moment(rng, won.date(), won.date() + days(4), won, c.latest);
        out.push(super::DemoOrder {
            order: order(rng, c, at, deal.amount, &deal.currency, deal.title.clone()),
            from_deal: Some(index),
        });
    }
    let first = out.first().map(|o| o.order.at.naive_local());
    let (from, to, gap) = match (c.stage, first) {
        (Stage::Loyal, _) => (c.latest - days(365), c.latest, (25, 60)),
        (Stage::Customer, Some(first)) => (first + days(20), c.latest, (60, 150)),
        (Stage::Churned, _) => (c.created + days(30), c.latest - days(240), (30, 90)),
        _ => return out,
    };
    let mut at = from.max(c.created + days(14)) + days(between(rng, 0, gap.1));
    while at < to {
        let when = some_moment(rng, at.date(), at.date() + days(3), at, c.latest);
        let major = round_quote(between(rng, 3_000, 40_000) as f64);
        let (amount, currency) = price(rng, c.zh, major, false);
        let items = pick(rng, REORDERS)[usize::from(c.zh)].to_string();
        out.push(super::DemoOrder {
            order: order(rng, c, when, amount, &currency, items),
            from_deal: None,
        });
        at += days(between(rng, gap.0, gap.1));
    }
    out.sort_by_key(|o| o.order.at);
    out
}

/// What a reorder is for: (English, Chinese).
const REORDERS: &[[&str; 2]] = &[
    ["Renewal · annual licence", "续费 · 年度授权"],
    ["10 more seats", "增购 10 个账号"],
    ["Consumables restock", "耗材补货"],
    ["Support plan", "技术支持服务"],
    ["Training day", "培训服务 1 天"],
];

/// One order at `at` (local), paid as such customers pay, with an invoice.
fn order(
    rng: &mut R,
    c: &Ctx,
    at: NaiveDateTime,
    amount: i64,
    currency: &str,
    items: String,
) -> Order {
    let payment = if c.zh {
        *pick_w(
            rng,
            &[
                (PaymentMethod::Transfer, 5),
                (PaymentMethod::Alipay, 2),
                (PaymentMethod::Wechat, 2),
                (PaymentMethod::Credit, 1),
            ],
        )
    } else {
        *pick_w(
            rng,
            &[
                (PaymentMethod::Transfer, 4),
                (PaymentMethod::Card, 3),
                (PaymentMethod::Cheque, 1),
                (PaymentMethod::Credit, 1),
            ],
        )
    };
    // A fapiao number is eight digits; elsewhere a year and a serial.
    let invoice = if c.zh {
        format!("{:08}", between(rng, 10_000_000, 99_999_999))
    } else {
        format!("INV-{}-{:04}", at.year(), between(rng, 1, 9_999))
    };
    let at = self_at(c.offset, at);
    Order {
        id: OrderId(0),
        customer: CustomerId(0),
        at,
        amount,
        currency: currency.to_string(),
        items,
        payment: Some(payment),
        invoice,
        deal: None,
        owner: c.owner.to_string(),
        created_at: at,
    }
}

/// Lead → prospect → customer (→ loyal or churned), at plausible dates:
/// prospect within two weeks of coming in, customer at `converted`.
fn stage_changes(rng: &mut R, c: &Ctx, converted: Option<NaiveDateTime>) -> Vec<StageChange> {
    let mut out = Vec::new();
    if c.stage == Stage::Lead {
        return out;
    }
    let change = |at, from, to| StageChange {
        at: self_at(c.offset, at),
        from,
        to,
    };
    let qualified_by = converted.unwrap_or(c.latest).max(c.created);
    let qualified = some_moment(
        rng,
        (c.created + days(1)).date(),
        (c.created + days(if converted.is_some() { 13 } else { 30 })).date(),
        c.created,
        qualified_by,
    );
    out.push(change(qualified, Stage::Lead, Stage::Prospect));
    let Some(converted) = converted else {
        return out;
    };
    let converted = converted.max(qualified);
    out.push(change(converted, Stage::Prospect, Stage::Customer));
    match c.stage {
        Stage::Loyal => {
            let day = (converted + days(between(rng, 120, 360))).date();
            let at = some_moment(rng, day, day, converted, c.latest.max(converted));
            out.push(change(at, Stage::Customer, Stage::Loyal));
        }
        Stage::Churned => {
            let after = c.last_contact.unwrap_or(converted).max(converted);
            let day = (after + days(between(rng, 3, 20))).date();
            let at = some_moment(rng, day, day, after, c.latest.max(after));
            out.push(change(at, Stage::Customer, Stage::Churned));
        }
        _ => {}
    }
    out
}

// ---- service cases -----------------------------------------------------------

const REQUESTS: [&[&str]; 2] = [
    &[
        "Add # user accounts",
        "Invoice copy for last quarter",
        "Export our data to Excel",
        "Reset the admin password",
        "Training session for new staff",
        "Change the delivery address",
        "Quote for # extra licences",
        "API access for our integration",
    ],
    &[
        "开通#个新账号",
        "补开上季度发票",
        "导出数据到Excel",
        "重置管理员密码",
        "新员工培训",
        "修改收货地址",
        "申请API对接权限",
        "增加打印模板",
    ],
];

const COMPLAINTS: [&[&str]; 2] = [
    &[
        "Delivery arrived a week late",
        "Invoice amount is wrong",
        "System slow at month-end close",
        "Batch of scanners faulty",
        "Support promised a call back, none came",
        "Charged twice for the renewal",
    ],
    &[
        "发货延迟一周",
        "发票金额有误",
        "月底结账系统卡顿",
        "一批扫码枪故障",
        "客服承诺回电未回",
        "续费重复扣款",
        "安装人员迟到两小时",
    ],
];

const RESOLUTIONS: [&[&str]; 2] = [
    &[
        "Fixed and confirmed with the customer",
        "Credit note issued",
        "Replacement shipped",
        "Walked them through the settings; works now",
        "Refunded the duplicate charge",
        "Done as asked",
    ],
    &[
        "已处理，客户确认",
        "已冲红重开发票",
        "已补发新设备",
        "远程指导已解决",
        "重复款项已退回",
        "已按要求完成",
    ],
];

/// Chance a customer at this stage has had service cases in the last 90 days.
fn case_chance(stage: Stage) -> f64 {
    match stage {
        Stage::Lead => 0.0,
        Stage::Prospect => 0.03,
        Stage::Customer => 0.2,
        Stage::Loyal => 0.22,
        Stage::Churned => 0.1,
    }
}

/// Minutes to the first response: mostly within hours, 0.5–48 h.
fn response_minutes(rng: &mut R) -> i64 {
    match *pick_w(rng, &[(0u8, 60), (1, 30), (2, 10)]) {
        0 => between(rng, 30, 4 * 60),
        1 => between(rng, 4 * 60, 24 * 60),
        _ => between(rng, 24 * 60, 48 * 60),
    }
}

/// Minutes to resolution: 2 h – 10 days.
fn resolution_minutes(rng: &mut R) -> i64 {
    match *pick_w(rng, &[(0u8, 40), (1, 40), (2, 20)]) {
        0 => between(rng, 2 * 60, 24 * 60),
        1 => between(rng, 24 * 60, 4 * 24 * 60),
        _ => between(rng, 4 * 24 * 60, 10 * 24 * 60),
    }
}

fn case_text(rng: &mut R, table: &[&str]) -> String {
    let phrase = *pick(rng, table);
    match phrase.split_once('#') {
        Some((head, tail)) => format!("{head}{}{tail}", between(rng, 2, 30)),
        None => phrase.to_string(),
    }
}

fn cases(rng: &mut R, c: &Ctx) -> Vec<Case> {
    let today = c.latest.date();
    let mut out = Vec::new();
    let n = if chance(rng, case_chance(c.stage)) {
        if chance(rng, 0.25) { 2 } else { 1 }
    } else {
        0
    };
    let complaint_p = if c.stage == Stage::Churned { 0.6 } else { 0.3 };
    for _ in 0..n {
        let kind = if chance(rng, complaint_p) {
            CaseKind::Complaint
        } else {
            CaseKind::Request
        };
        let opened = some_moment(rng, today - days(90), today, c.created, c.latest);
        let age = (c.latest - opened).num_days();
        // Recent cases are often still being worked on; old ones rarely.
        let open_p = match age {
            0..7 => 0.6,
            7..30 => 0.08,
            _ => 0.015,
        };
        let open = chance(rng, open_p);
        out.push(case(rng, c, kind, opened, open));
    }
    if c.open_complaint {
        // Between one and twenty days old: some over a week.
        let day = today - days(between(rng, 1, 20));
        let opened = some_moment(rng, day, day, c.created, c.latest);
        out.push(case(rng, c, CaseKind::Complaint, opened, true));
    }
    out.sort_by_key(|k| k.opened_at);
    out
}

fn case(rng: &mut R, c: &Ctx, kind: CaseKind, opened: NaiveDateTime, open: bool) -> Case {
    let l = usize::from(c.zh);
    let (title, priority) = match kind {
        CaseKind::Request => (
            case_text(rng, REQUESTS[l]),
            *pick_w(
                rng,
                &[
                    (Priority::Normal, 70),
                    (Priority::High, 15),
                    (Priority::Low, 15),
                ],
            ),
        ),
        CaseKind::Complaint => (
            case_text(rng, COMPLAINTS[l]),
            *pick_w(
                rng,
                &[
                    (Priority::High, 50),
                    (Priority::Normal, 45),
                    (Priority::Low, 5),
                ],
            ),
        ),
    };
    let responded = opened + TimeDelta::minutes(response_minutes(rng));
    let resolved = opened + TimeDelta::minutes(resolution_minutes(rng));
    let resolved = resolved.max(responded + TimeDelta::minutes(30));
    let at = |t| self_at(c.offset, t);
    let (status, first_response_at, resolved_at) = if responded > c.latest {
        (CaseStatus::Open, None, None)
    } else if open || resolved > c.latest {
        // Open cases: being worked on, bar some of the last days' and the
        // odd one everybody forgot.
        let age = (c.latest - opened).num_days();
        if open && chance(rng, if age < 3 { 0.5 } else { 0.1 }) {
            (CaseStatus::Open, None, None)
        } else {
            (CaseStatus::InProgress, Some(at(responded)), None)
        }
    } else {
        (
            CaseStatus::Resolved,
            Some(at(responded)),
            Some(at(resolved)),
        )
    };
    let resolution = if status == CaseStatus::Resolved {
        pick(rng, RESOLUTIONS[l]).to_string()
    } else {
        String::new()
    };
    Case {
        id: CaseId(0),
        customer: CustomerId(0),
        kind,
        title,
        status,
        priority,
        owner: c.owner.to_string(),
        opened_at: at(opened),
        first_response_at,
        resolved_at,
        resolution,
    }
}

/// The note a won deal leaves in the timeline, at its close.
pub(super) fn won_note(zh: bool, title: &str) -> String {
    if zh {
        format!("签约：{title}")
    } else {
        format!("Contract signed: {title}")
    }
}
