//! The deal and case verbs: one write path for the palette (`deal acme: …`,
//! `move 5 prop`, `complaint acme: …`) and the CLI (`rolo deal …`,
//! `rolo case …`). Defaults the user did not give (currency, owner,
//! priority) are filled in here, so both sides agree on them.

use super::{Ctx, Done, ExecError, resolve_in};
use crate::domain::*;
use crate::palette::{CustomerRef, ParseError};
use crate::store::{Closed, Reads, StoreError, Writer};
use chrono::NaiveDate;
use std::ops::Range;

/// A deal to open, with what was left out as `None`.
#[derive(Debug, Clone, PartialEq)]
pub struct DealRequest {
    pub customer: CustomerRef,
    pub title: String,
    /// Minor units (×100) of the currency.
    pub amount: i64,
    /// `None`: the configured currency.
    pub currency: Option<String>,
    /// A stage name or the start of one; `None`: the pipeline's first stage.
    pub stage: Option<String>,
    /// Percent; `None`: the stage's probability.
    pub probability: Option<u8>,
    pub expected_close: Option<NaiveDate>,
    /// `None`: whoever runs rolo.
    pub owner: Option<String>,
}

/// A service case to open, with what was left out as `None`.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseRequest {
    pub customer: CustomerRef,
    pub kind: CaseKind,
    pub title: String,
    /// `None`: high for a complaint, normal for a request.
    pub priority: Option<Priority>,
    /// `None`: whoever runs rolo.
    pub owner: Option<String>,
}

/// A complaint is urgent unless said otherwise.
pub fn default_priority(kind: CaseKind) -> Priority {
    match kind {
        CaseKind::Complaint => Priority::High,
        CaseKind::Request => Priority::Normal,
    }
}

/// `1.5h`, `50h`: hours to one decimal, without a trailing `.0` (messages
/// and the CLI's tables write response times alike).
pub fn hours(h: f64) -> String {
    let text = format!("{h:.1}");
    format!("{}h", text.strip_suffix(".0").unwrap_or(&text))
}

/// Open a deal for the customer `req.customer` names.
pub fn add_deal(ctx: &Ctx, req: DealRequest) -> Result<Done, ExecError> {
    let owner = req.owner.unwrap_or_else(|| ctx.store.actor().to_string());
    let currency = req.currency.unwrap_or_else(|| ctx.config.currency.clone());
    ctx.store.write(ctx.now, |w| {
        let customer = resolve_in(w, &req.customer)?;
        let new = NewDeal {
            customer: customer.id,
            title: req.title,
            amount: req.amount,
            currency,
            stage: req.stage,
            probability: req.probability,
            expected_close: req.expected_close,
            owner,
        };
        let deal = w.add_deal(new, &ctx.config.pipeline)?;
        Ok(Done::DealAdded { customer, deal })
    })
}

/// Move an open deal to the stage `stage` names in the configured pipeline
/// (exact or a unique prefix), at that stage's probability unless
/// `probability` overrides it. An unknown stage points at `span` in a
/// palette line (an empty span: not typed in one).
pub fn move_deal(
    ctx: &Ctx,
    id: DealId,
    stage: &str,
    probability: Option<u8>,
    span: Range<usize>,
) -> Result<Done, ExecError> {
    let stage = ctx
        .config
        .pipeline
        .find(stage)
        .map_err(|e| ExecError::Parse(ParseError::new(e.to_string(), span)))?;
    change(
        ctx,
        |w| w.move_deal(id, stage, probability),
        |customer, deal| Done::DealMoved { customer, deal },
    )
}

/// Win or lose an open deal; `reason` (a note for a win) is required for a loss.
pub fn close_deal(
    ctx: &Ctx,
    id: DealId,
    status: DealStatus,
    reason: &str,
) -> Result<Done, ExecError> {
    change(
        ctx,
        |w| w.close_deal(id, status, reason),
        |customer, closed| Done::DealClosed { customer, closed },
    )
}

/// Put a won or lost deal back in play, in the stage it closed from.
pub fn reopen_deal(ctx: &Ctx, id: DealId) -> Result<Done, ExecError> {
    change(
        ctx,
        |w| w.reopen_deal(id, &ctx.config.pipeline),
        |customer, deal| Done::DealReopened { customer, deal },
    )
}

/// Open a service case for the customer `req.customer` names.
pub fn open_case(ctx: &Ctx, req: CaseRequest) -> Result<Done, ExecError> {
    let new = NewCase {
        customer: CustomerId(0),
        kind: req.kind,
        priority: req.priority.unwrap_or(default_priority(req.kind)),
        owner: req.owner.unwrap_or_else(|| ctx.store.actor().to_string()),
        title: req.title,
    };
    ctx.store.write(ctx.now, |w| {
        let customer = resolve_in(w, &req.customer)?;
        let case = w.open_case(NewCase {
            customer: customer.id,
            ..new
        })?;
        Ok(Done::CaseOpened { customer, case })
    })
}

/// Record a response to a case; the first one starts its clock.
pub fn respond_case(ctx: &Ctx, id: CaseId) -> Result<Done, ExecError> {
    change(
        ctx,
        |w| w.respond_case(id),
        |customer, case| Done::CaseChanged { customer, case },
    )
}

/// Resolve a case, saying what was done (may be empty).
pub fn resolve_case(ctx: &Ctx, id: CaseId, resolution: &str) -> Result<Done, ExecError> {
    change(
        ctx,
        |w| w.resolve_case(id, resolution),
        |customer, case| Done::CaseChanged { customer, case },
    )
}

/// A record that belongs to one customer.
trait OfCustomer {
    fn customer(&self) -> CustomerId;
}

impl OfCustomer for Deal {
    fn customer(&self) -> CustomerId {
        self.customer
    }
}

impl OfCustomer for Closed {
    fn customer(&self) -> CustomerId {
        self.deal.customer
    }
}

impl OfCustomer for Case {
    fn customer(&self) -> CustomerId {
        self.customer
    }
}

/// One write that changes a deal or case by id, then what it did, with
/// the customer as the write left them (a win may have promoted them).
fn change<T: OfCustomer>(
    ctx: &Ctx,
    write: impl FnOnce(&mut Writer) -> Result<T, StoreError>,
    done: impl FnOnce(Customer, T) -> Done,
) -> Result<Done, ExecError> {
    ctx.store.write(ctx.now, |w| {
        let changed = write(w)?;
        let customer = w.get_customer(changed.customer())?;
        Ok(done(customer, changed))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::exec::{cli_ref, run_line};
    use crate::store::Store;
    use chrono::{DateTime, FixedOffset};

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).expect("valid time")
    }

    /// A store run by "alice" with Ann Lee (#1, a lead) and Bob Stone (#2, a customer).
    fn setup() -> (tempfile::TempDir, Store, Config) {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::new(dir.path().join("rolo.redb"), Channel::Cli).with_actor("alice");
        store
            .write(at("2026-11-22T09:00:00+08:00"), |w| {
                w.add_customer(CustomerDraft::named("Ann Lee"))?;
                w.add_customer(CustomerDraft {
                    stage: Stage::Customer,
                    ..CustomerDraft::named("Bob Stone")
                })
            })
            .expect("customers");
        (dir, store, Config::default())
    }

    fn ctx<'a>(store: &'a Store, config: &'a Config, now: &str) -> Ctx<'a> {
        Ctx {
            store,
            now: at(now),
            config,
        }
    }

    fn deal_request(customer: &str) -> DealRequest {
        DealRequest {
            customer: cli_ref(customer),
            title: "50 seats".into(),
            amount: 5_000_000,
            currency: None,
            stage: None,
            probability: None,
            expected_close: None,
            owner: None,
        }
    }

    const NOON: &str = "2026-11-22T12:00:00+08:00";

    #[test]
    fn a_deal_gets_the_configured_defaults_or_what_was_given() {
        let (_dir, store, config) = setup();
        let ctx = ctx(&store, &config, NOON);
        let done = add_deal(&ctx, deal_request("ann")).expect("adds");
        let Done::DealAdded { deal, customer } = &done else {
            panic!("not an added deal: {done:?}");
        };
        assert_eq!(customer.name, "Ann Lee");
        assert_eq!(
            (
                deal.currency.as_str(),
                deal.stage.as_str(),
                deal.probability
            ),
            ("CNY", "qualify", 10)
        );
        assert_eq!(deal.owner, "alice");
        let now = ctx.wall_now();
        assert_eq!(
            done.message(now),
            "Deal #1 for Ann Lee (#1): 50 seats · 50,000 CNY · qualify 10%"
        );

        let given = DealRequest {
            currency: Some("usd".into()),
            stage: Some("neg".into()),
            probability: Some(65),
            owner: Some("bob".into()),
            ..deal_request("bob")
        };
        let Done::DealAdded { deal, .. } = add_deal(&ctx, given).expect("adds") else {
            panic!("not an added deal");
        };
        assert_eq!(
            (
                deal.currency.as_str(),
                deal.stage.as_str(),
                deal.probability
            ),
            ("USD", "negotiation", 65)
        );
        assert_eq!(deal.owner, "bob");
    }

    #[test]
    fn moving_takes_the_stage_default_or_the_override() {
        let (_dir, store, config) = setup();
        let ctx = ctx(&store, &config, NOON);
        add_deal(&ctx, deal_request("ann")).expect("adds");
        let now = ctx.wall_now();
        // 50,000 × 40% = 20,000; × 55% = 27,500.
        let moved = move_deal(&ctx, DealId(1), "prop", None, 0..0).expect("moves");
        assert_eq!(
            moved.message(now),
            "Moved deal #1 to proposal 40% · 20,000 CNY weighted"
        );
        let moved = move_deal(&ctx, DealId(1), "proposal", Some(55), 0..0).expect("moves");
        assert_eq!(
            moved.message(now),
            "Moved deal #1 to proposal 55% · 27,500 CNY weighted"
        );
        let err = move_deal(&ctx, DealId(1), "nope", None, 7..11).expect_err("unknown stage");
        assert_eq!(
            crate::fault::Blamed::blame(&err),
            crate::fault::Blame::Input
        );
        let ExecError::Parse(p) = &err else {
            panic!("not a parse error: {err:?}");
        };
        assert_eq!(p.span, 7..11);
    }

    #[test]
    fn won_lost_and_reopened_say_what_happened() {
        let (_dir, store, config) = setup();
        let ctx = ctx(&store, &config, NOON);
        let now = ctx.wall_now();
        add_deal(&ctx, deal_request("ann")).expect("adds");
        add_deal(&ctx, deal_request("bob")).expect("adds");
        let won = close_deal(&ctx, DealId(1), DealStatus::Won, "good fit").expect("wins");
        assert_eq!(
            won.message(now),
            "Won deal #1 · 50 seats · 50,000 CNY · Ann Lee is now a customer"
        );
        let Done::DealClosed { customer, closed } = &won else {
            panic!("not a closed deal: {won:?}");
        };
        assert_eq!(customer.stage, Stage::Customer, "the customer as written");
        assert_eq!(closed.deal.reason, "good fit");

        let won = close_deal(&ctx, DealId(2), DealStatus::Won, "").expect("wins");
        assert_eq!(
            won.message(now),
            "Won deal #2 · 50 seats · 50,000 CNY · Bob Stone (#2)"
        );
        let reopened = reopen_deal(&ctx, DealId(2)).expect("reopens");
        assert_eq!(
            reopened.message(now),
            "Reopened deal #2 · 50 seats · qualify 10%"
        );
        let lost = close_deal(&ctx, DealId(2), DealStatus::Lost, "price").expect("loses");
        assert_eq!(
            lost.message(now),
            "Lost deal #2 · 50 seats · 50,000 CNY · price"
        );
        let err = close_deal(&ctx, DealId(2), DealStatus::Won, "").expect_err("closed");
        assert_eq!(
            crate::fault::Blamed::blame(&err),
            crate::fault::Blame::Input,
            "{err}"
        );
    }

    #[test]
    fn cases_default_priority_and_owner_and_time_responses() {
        let (_dir, store, config) = setup();
        let opened = ctx(&store, &config, "2026-11-22T09:00:00+08:00");
        let request = CaseRequest {
            customer: cli_ref("ann"),
            kind: CaseKind::Complaint,
            title: "late delivery".into(),
            priority: None,
            owner: None,
        };
        let done = open_case(&opened, request.clone()).expect("opens");
        assert_eq!(
            done.message(opened.wall_now()),
            "Opened complaint #1 for Ann Lee (#1): late delivery"
        );
        let Done::CaseOpened { case, .. } = &done else {
            panic!("not an opened case: {done:?}");
        };
        assert_eq!(
            (case.priority, case.owner.as_str()),
            (Priority::High, "alice")
        );
        let given = CaseRequest {
            kind: CaseKind::Request,
            priority: Some(Priority::Low),
            owner: Some("bob".into()),
            ..request
        };
        let done = open_case(&opened, given).expect("opens");
        assert_eq!(
            done.message(opened.wall_now()),
            "Opened request #2 for Ann Lee (#1): late delivery · low priority"
        );
        let Done::CaseOpened { case, .. } = done else {
            panic!("not an opened case");
        };
        assert_eq!((case.priority, case.owner.as_str()), (Priority::Low, "bob"));

        // Answered 90 minutes after opening, resolved two days and two hours later.
        let later = ctx(&store, &config, "2026-11-22T10:30:00+08:00");
        let responded = respond_case(&later, CaseId(1)).expect("responds");
        assert_eq!(
            responded.message(later.wall_now()),
            "Responded to case #1 after 1.5h"
        );
        let last = ctx(&store, &config, "2026-11-24T11:00:00+08:00");
        let resolved = resolve_case(&last, CaseId(1), "credited").expect("resolves");
        assert_eq!(
            resolved.message(last.wall_now()),
            "Resolved case #1 after 50h (first response after 1.5h)"
        );
    }

    #[test]
    fn a_palette_line_and_the_request_write_the_same_deal() {
        let (_dir, store, config) = setup();
        let ctx = ctx(&store, &config, NOON);
        let typed = run_line(&ctx, "deal ann: 50 seats ¥50k").expect("runs");
        let called = add_deal(&ctx, deal_request("ann")).expect("adds");
        let (Done::DealAdded { deal: a, .. }, Done::DealAdded { deal: b, .. }) = (typed, called)
        else {
            panic!("not added deals");
        };
        assert_eq!(b.id, DealId(2));
        assert_eq!(Deal { id: b.id, ..a }, b);
    }

    #[test]
    fn hours_drop_a_zero_decimal() {
        assert_eq!(hours(1.5), "1.5h");
        assert_eq!(hours(2.0), "2h");
        assert_eq!(hours(0.25), "0.2h");
        assert_eq!(hours(50.0), "50h");
    }
}
