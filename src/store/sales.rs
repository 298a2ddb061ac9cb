//! Writes for the sales side: deals, service cases, campaigns and saved
//! views. Deals and cases go through [`Rows`](super::rows::Rows), so they
//! are journaled for undo like every other row; campaigns and views are
//! settings-like records kept by name.

use super::Writer;
use super::codec::encode;
use super::error::{Result, StoreError};
use super::rows::Rows;
use super::tables::*;
use crate::domain::*;
use redb::ReadableTable;

/// What closing a deal did.
#[derive(Debug, Clone, PartialEq)]
pub struct Closed {
    pub deal: Deal,
    /// The customer's lifecycle stage change a win caused (a lead or
    /// prospect who buys becomes a customer).
    pub promoted: Option<StageChange>,
}

impl Writer {
    /// Open a deal for an existing customer.
    pub fn add_deal(&mut self, new: NewDeal, pipeline: &Pipeline) -> Result<Deal> {
        let deal = new.into_deal(pipeline, self.now)?;
        let deal = self.rows(|r| {
            r.get_customer(deal.customer)?;
            r.insert(deal)
        })?;
        self.audit("deal.add", deal.id.to_string(), Some(deal.customer), vec![])?;
        Ok(deal)
    }

    /// Move an open deal to another open stage; `probability` overrides the stage's.
    pub fn move_deal(
        &mut self,
        id: DealId,
        stage: &PipelineStage,
        probability: Option<u8>,
    ) -> Result<Deal> {
        if let Some(p) = probability.filter(|p| *p > 100) {
            return Err(ValidationError::Probability(u32::from(p)).into());
        }
        let now = self.now;
        let deal = self.rows(|r| {
            let old = open_deal(r, id)?;
            let mut deal = old.clone();
            if deal.stage != stage.name {
                deal.move_to(stage, now);
            }
            if let Some(p) = probability {
                deal.probability = p;
            }
            r.put_deal(Some(&old), &deal)?;
            Ok::<_, StoreError>(deal)
        })?;
        self.audit(
            "deal.move",
            id.to_string(),
            Some(deal.customer),
            vec!["stage".into()],
        )?;
        Ok(deal)
    }

    /// Mark an open deal won or lost. A lost deal needs a reason. A win
    /// makes a lead or prospect a customer (recorded as a stage change).
    pub fn close_deal(&mut self, id: DealId, status: DealStatus, reason: &str) -> Result<Closed> {
        let reason = reason.trim().to_string();
        if status == DealStatus::Lost && reason.is_empty() {
            return Err(ValidationError::NoReason.into());
        }
        let now = self.now;
        let (deal, promoted) = self.rows(|r| {
            let old = open_deal(r, id)?;
            let mut deal = old.clone();
            if status == DealStatus::Open {
                return Ok((deal, None));
            }
            deal.close(status, reason, now);
            r.put_deal(Some(&old), &deal)?;
            let mut promoted = None;
            if status == DealStatus::Won {
                let customer = r.get_customer(deal.customer)?;
                if matches!(customer.stage, Stage::Lead | Stage::Prospect) {
                    let patch = CustomerPatch {
                        stage: Some(Stage::Customer),
                        ..Default::default()
                    };
                    let (after, _) = r.update_customer(customer.id, &patch)?;
                    promoted = after.stage_changes.last().cloned();
                }
            }
            Ok::<_, StoreError>((deal, promoted))
        })?;
        let action = match status {
            DealStatus::Won => "deal.won",
            DealStatus::Lost => "deal.lost",
            DealStatus::Open => "deal.move",
        };
        self.audit(
            action,
            id.to_string(),
            Some(deal.customer),
            vec!["status".into()],
        )?;
        if promoted.is_some() {
            self.audit(
                "customer.edit",
                deal.customer.to_string(),
                Some(deal.customer),
                vec!["stage".into()],
            )?;
        }
        Ok(Closed { deal, promoted })
    }

    /// Put a won or lost deal back in play, in the stage it closed from.
    pub fn reopen_deal(&mut self, id: DealId, pipeline: &Pipeline) -> Result<Deal> {
        let now = self.now;
        let deal = self.rows(|r| {
            let old = r.get_deal(id)?;
            if old.is_open() {
                return Ok(old);
            }
            let mut deal = old.clone();
            deal.reopen(pipeline, now);
            r.put_deal(Some(&old), &deal)?;
            Ok::<_, StoreError>(deal)
        })?;
        self.audit(
            "deal.reopen",
            id.to_string(),
            Some(deal.customer),
            vec!["status".into()],
        )?;
        Ok(deal)
    }

    /// Open a service case for an existing customer.
    pub fn open_case(&mut self, new: NewCase) -> Result<Case> {
        let case = new.into_case(self.now)?;
        let case = self.rows(|r| {
            r.get_customer(case.customer)?;
            r.insert(case)
        })?;
        self.audit(
            "case.open",
            case.id.to_string(),
            Some(case.customer),
            vec![],
        )?;
        Ok(case)
    }

    /// Record the first response to a case (it goes "in progress").
    pub fn respond_case(&mut self, id: CaseId) -> Result<Case> {
        self.change_case(id, "case.respond", |case, now| case.respond(now))
    }

    /// Resolve a case, saying what was done.
    pub fn resolve_case(&mut self, id: CaseId, resolution: &str) -> Result<Case> {
        let resolution = resolution.trim().to_string();
        self.change_case(id, "case.resolve", move |case, now| {
            case.resolve(resolution, now)
        })
    }

    fn change_case(
        &mut self,
        id: CaseId,
        action: &str,
        f: impl FnOnce(&mut Case, chrono::DateTime<chrono::FixedOffset>),
    ) -> Result<Case> {
        let now = self.now;
        let case = self.rows(|r| {
            let old = r.get_case(id)?;
            if !old.is_open() {
                return Err(StoreError::CaseResolved(id));
            }
            let mut case = old.clone();
            f(&mut case, now);
            r.put_case(Some(&old), &case)?;
            Ok(case)
        })?;
        self.audit(
            action,
            id.to_string(),
            Some(case.customer),
            vec!["status".into()],
        )?;
        Ok(case)
    }

    /// Add a campaign or replace the one with the same name; true if it is new.
    pub fn put_campaign(&mut self, campaign: Campaign) -> Result<(Campaign, bool)> {
        // Settings-like records are not journaled: this write becomes the
        // user's last one with nothing to take back, so `rolo undo` says
        // so instead of undoing the write before it.
        self.skip_journal();
        let campaign = campaign.validate()?;
        let key = Campaign::key(&campaign.name);
        let existed = {
            let mut t = self.txn.open_table(CAMPAIGNS)?;
            let existed = t.get(key.as_str())?.is_some();
            t.insert(key.as_str(), encode(&campaign)?.as_slice())?;
            existed
        };
        let action = if existed {
            "campaign.edit"
        } else {
            "campaign.add"
        };
        self.audit(action, campaign.name.clone(), None, vec![])?;
        Ok((campaign, !existed))
    }

    /// Save `filter` as the view `name` (replacing one of that name).
    pub fn save_view(&mut self, name: &str, filter: &CustomerFilter) -> Result<()> {
        self.skip_journal(); // not undoable; see `put_campaign`
        let name = validate::name(name)?;
        self.txn
            .open_table(VIEWS)?
            .insert(name.as_str(), encode(filter)?.as_slice())?;
        self.audit("view.save", name, None, vec![])
    }

    pub fn delete_view(&mut self, name: &str) -> Result<()> {
        self.skip_journal(); // not undoable; see `put_campaign`
        let removed = self.txn.open_table(VIEWS)?.remove(name.trim())?.is_some();
        if !removed {
            return Err(StoreError::NoView(name.trim().to_string()));
        }
        self.audit("view.delete", name.trim().to_string(), None, vec![])
    }
}

fn open_deal(r: &Rows, id: DealId) -> Result<Deal> {
    let deal = r.get_deal(id)?;
    match deal.status {
        DealStatus::Open => Ok(deal),
        DealStatus::Won => Err(StoreError::DealClosed(id, "won")),
        DealStatus::Lost => Err(StoreError::DealClosed(id, "lost")),
    }
}
