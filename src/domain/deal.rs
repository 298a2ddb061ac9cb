//! Deals (sales opportunities) and the pipeline their stages come from.

use super::money::Rates;
use super::{CustomerId, DealId, ValidationError, money, parse_word, validate};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Whether a deal is still being worked, or how it ended.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum DealStatus {
    #[default]
    Open,
    Won,
    Lost,
}

impl DealStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DealStatus::Open => "open",
            DealStatus::Won => "won",
            DealStatus::Lost => "lost",
        }
    }

    pub fn parse(input: &str) -> Result<DealStatus, ValidationError> {
        parse_word(
            "deal status",
            input,
            &[
                ("open", DealStatus::Open),
                ("won", DealStatus::Won),
                ("lost", DealStatus::Lost),
                ("赢单", DealStatus::Won),
                ("输单", DealStatus::Lost),
            ],
        )
    }
}

impl fmt::Display for DealStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One stage of the pipeline and the chance a deal there is won.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PipelineStage {
    pub name: String,
    /// Percent, 0–100: the default probability of a deal entering this stage.
    pub probability: u8,
}

/// The open stages a deal moves through, in order; won and lost follow the last.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Pipeline {
    pub stages: Vec<PipelineStage>,
}

impl Default for Pipeline {
    fn default() -> Self {
        let stage = |name: &str, probability| PipelineStage {
            name: name.into(),
            probability,
        };
        Pipeline {
            stages: vec![
                stage("qualify", 10),
                stage("discovery", 20),
                stage("proposal", 40),
                stage("negotiation", 70),
                stage("commit", 90),
            ],
        }
    }
}

impl Pipeline {
    /// The stage a new deal starts in.
    pub fn first(&self) -> &PipelineStage {
        // Config loading refuses an empty pipeline; `default` is not empty.
        static FALLBACK: std::sync::OnceLock<PipelineStage> = std::sync::OnceLock::new();
        self.stages.first().unwrap_or_else(|| {
            FALLBACK.get_or_init(|| PipelineStage {
                name: "open".into(),
                probability: 10,
            })
        })
    }

    /// Position of a stage by its exact name.
    pub fn index(&self, name: &str) -> Option<usize> {
        self.stages.iter().position(|s| s.name == name)
    }

    /// The stage a user means: exact (case-insensitive), else the only one
    /// starting with what was typed (`neg` → negotiation).
    pub fn find(&self, input: &str) -> Result<&PipelineStage, ValidationError> {
        let key = input.trim().to_lowercase();
        let unknown = || ValidationError::UnknownWord {
            what: "deal stage",
            input: input.to_string(),
            expected: self.names().join(", "),
        };
        if key.is_empty() {
            return Err(unknown());
        }
        if let Some(s) = self.stages.iter().find(|s| s.name.to_lowercase() == key) {
            return Ok(s);
        }
        let mut starts = self
            .stages
            .iter()
            .filter(|s| s.name.to_lowercase().starts_with(&key));
        match (starts.next(), starts.next()) {
            (Some(s), None) => Ok(s),
            _ => Err(unknown()),
        }
    }

    pub fn names(&self) -> Vec<&str> {
        self.stages.iter().map(|s| s.name.as_str()).collect()
    }

    /// Check a pipeline from config: stages named, unique, probabilities ≤ 100.
    pub fn validate(&self) -> Result<(), String> {
        if self.stages.is_empty() {
            return Err("the pipeline needs at least one stage".into());
        }
        for (i, s) in self.stages.iter().enumerate() {
            if s.name.trim().is_empty() || s.name.contains(char::is_whitespace) {
                return Err(format!(
                    "pipeline stage {} has name \"{}\": stage names are single words",
                    i + 1,
                    s.name
                ));
            }
            if s.probability > 100 {
                return Err(format!(
                    "pipeline stage \"{}\" has probability {}: at most 100",
                    s.name, s.probability
                ));
            }
            if ["won", "lost"].contains(&s.name.to_lowercase().as_str())
                || self.stages[..i]
                    .iter()
                    .any(|o| o.name.eq_ignore_ascii_case(&s.name))
            {
                return Err(format!(
                    "pipeline stage \"{}\" is repeated or reserved (won and lost close a deal)",
                    s.name
                ));
            }
        }
        Ok(())
    }
}

/// A step in a deal's life: the stage it entered, or `won`/`lost`, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DealStep {
    #[serde(serialize_with = "super::stamp::serialize")]
    pub at: DateTime<FixedOffset>,
    pub stage: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deal {
    pub id: DealId,
    pub customer: CustomerId,
    pub title: String,
    /// Integer minor units (cents, fen) of `currency`.
    pub amount: i64,
    pub currency: String,
    /// A pipeline stage name while open; the last open stage once closed.
    pub stage: String,
    /// Percent chance of winning: the stage's default unless set by hand.
    pub probability: u8,
    #[serde(default)]
    pub expected_close: Option<NaiveDate>,
    #[serde(default)]
    pub status: DealStatus,
    /// Why a deal was lost (or a note on why it was won).
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub owner: String,
    #[serde(serialize_with = "super::stamp::serialize")]
    pub created_at: DateTime<FixedOffset>,
    #[serde(default)]
    #[serde(serialize_with = "super::stamp::serialize_option")]
    pub closed_at: Option<DateTime<FixedOffset>>,
    /// Every stage entered, first to last, then `won` or `lost`.
    #[serde(default)]
    pub history: Vec<DealStep>,
}

impl Deal {
    pub fn is_open(&self) -> bool {
        self.status == DealStatus::Open
    }

    /// Amount × probability, in minor units: what the deal is worth to the forecast.
    pub fn weighted(&self) -> i64 {
        match self.status {
            DealStatus::Open => self.amount * i64::from(self.probability) / 100,
            DealStatus::Won => self.amount,
            DealStatus::Lost => 0,
        }
    }

    /// Whole days from creation to close (to now while open).
    pub fn cycle_days(&self, now: DateTime<FixedOffset>) -> i64 {
        let end = self.closed_at.unwrap_or(now);
        (end.date_naive() - self.created_at.date_naive())
            .num_days()
            .max(0)
    }

    /// Whether the deal ever entered `stage` (or went past it: a deal won
    /// from a later stage counts as having passed the earlier ones).
    pub fn reached(&self, pipeline: &Pipeline, stage: usize) -> bool {
        if self.status == DealStatus::Won {
            return true;
        }
        self.history
            .iter()
            .chain(std::iter::once(&DealStep {
                at: self.created_at,
                stage: self.stage.clone(),
            }))
            .filter_map(|step| pipeline.index(&step.stage))
            .any(|i| i >= stage)
    }

    /// Move to an open stage, taking its default probability.
    pub fn move_to(&mut self, stage: &PipelineStage, now: DateTime<FixedOffset>) {
        self.stage = stage.name.clone();
        self.probability = stage.probability;
        self.history.push(DealStep {
            at: now,
            stage: stage.name.clone(),
        });
    }

    /// Close as won or lost, with an optional reason.
    pub fn close(&mut self, status: DealStatus, reason: String, now: DateTime<FixedOffset>) {
        self.status = status;
        self.reason = reason;
        self.closed_at = Some(now);
        self.probability = if status == DealStatus::Won { 100 } else { 0 };
        self.history.push(DealStep {
            at: now,
            stage: status.as_str().into(),
        });
    }

    /// Put a closed deal back in play, in the stage it closed from.
    pub fn reopen(&mut self, pipeline: &Pipeline, now: DateTime<FixedOffset>) {
        self.status = DealStatus::Open;
        self.closed_at = None;
        self.reason.clear();
        self.probability = pipeline
            .stages
            .iter()
            .find(|s| s.name == self.stage)
            .map_or(pipeline.first().probability, |s| s.probability);
        self.history.push(DealStep {
            at: now,
            stage: self.stage.clone(),
        });
    }
}

/// Counts and sums of some deals in the base currency: what the deal list's
/// footer and the Deals view's columns show. Deals in a currency without a
/// rate are counted, but kept out of the sums and tallied by currency.
#[derive(Debug, Default, PartialEq)]
pub struct DealTotals {
    pub count: usize,
    pub amount: i64,
    pub weighted: i64,
    pub no_rate: BTreeMap<String, usize>,
}

impl DealTotals {
    pub fn of<'a>(deals: impl IntoIterator<Item = &'a Deal>, rates: &Rates) -> DealTotals {
        let mut t = DealTotals::default();
        for d in deals {
            t.count += 1;
            match (
                rates.to_base(d.amount, &d.currency),
                rates.to_base(d.weighted(), &d.currency),
            ) {
                (Some(amount), Some(weighted)) => {
                    t.amount = t.amount.saturating_add(amount);
                    t.weighted = t.weighted.saturating_add(weighted);
                }
                _ => *t.no_rate.entry(d.currency.clone()).or_default() += 1,
            }
        }
        t
    }

    /// How many of the deals had no rate to the base currency.
    pub fn unconverted(&self) -> usize {
        self.no_rate.values().sum()
    }
}

/// What a user gives to open a deal.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDeal {
    pub customer: CustomerId,
    pub title: String,
    pub amount: i64,
    pub currency: String,
    /// `None`: the pipeline's first stage.
    pub stage: Option<String>,
    /// `None`: the stage's default.
    pub probability: Option<u8>,
    pub expected_close: Option<NaiveDate>,
    pub owner: String,
}

impl NewDeal {
    /// Validate against the pipeline and make the deal (id 0 until stored).
    pub fn into_deal(
        self,
        pipeline: &Pipeline,
        now: DateTime<FixedOffset>,
    ) -> Result<Deal, ValidationError> {
        let title = validate::name(&self.title).map_err(|_| ValidationError::EmptyTitle)?;
        let currency = money::parse_currency(&self.currency)?;
        if self.amount < 0 {
            return Err(ValidationError::Amount(money::format_amount(self.amount)));
        }
        let stage = match &self.stage {
            Some(s) => pipeline.find(s)?.clone(),
            None => pipeline.first().clone(),
        };
        let probability = match self.probability {
            Some(p) if p > 100 => return Err(ValidationError::Probability(u32::from(p))),
            Some(p) => p,
            None => stage.probability,
        };
        Ok(Deal {
            id: DealId(0),
            customer: self.customer,
            title,
            amount: self.amount,
            currency,
            stage: stage.name.clone(),
            probability,
            expected_close: self.expected_close,
            status: DealStatus::Open,
            reason: String::new(),
            owner: self.owner,
            created_at: now,
            closed_at: None,
            history: vec![DealStep {
                at: now,
                stage: stage.name,
            }],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-22T10:00:00+08:00").expect("valid")
    }

    fn new_deal() -> NewDeal {
        NewDeal {
            customer: CustomerId(1),
            title: "50 seats".into(),
            amount: 5_000_000,
            currency: "cny".into(),
            stage: None,
            probability: None,
            expected_close: None,
            owner: "ann".into(),
        }
    }

    #[test]
    fn a_new_deal_starts_in_the_first_stage_with_its_probability() {
        let p = Pipeline::default();
        let d = new_deal().into_deal(&p, now()).expect("valid");
        assert_eq!((d.stage.as_str(), d.probability), ("qualify", 10));
        assert_eq!(d.currency, "CNY");
        assert_eq!(d.weighted(), 500_000);
        let d = NewDeal {
            stage: Some("neg".into()),
            ..new_deal()
        }
        .into_deal(&p, now())
        .expect("prefix");
        assert_eq!((d.stage.as_str(), d.probability), ("negotiation", 70));
        let err = NewDeal {
            stage: Some("won".into()),
            ..new_deal()
        }
        .into_deal(&p, now())
        .expect_err("won is not an open stage");
        assert!(err.to_string().contains("qualify, discovery"), "{err}");
        assert!(
            NewDeal {
                probability: Some(101),
                ..new_deal()
            }
            .into_deal(&p, now())
            .is_err()
        );
    }

    #[test]
    fn moving_and_closing_keep_the_history() {
        let p = Pipeline::default();
        let mut d = new_deal().into_deal(&p, now()).expect("valid");
        let later = now() + chrono::Duration::days(9);
        d.move_to(&p.stages[3], later);
        assert!(d.reached(&p, 2), "negotiation passes proposal");
        assert!(!d.reached(&p, 4));
        d.close(DealStatus::Lost, "price".into(), later);
        assert_eq!(d.weighted(), 0);
        assert_eq!(d.cycle_days(now()), 9);
        let stages: Vec<_> = d.history.iter().map(|s| s.stage.as_str()).collect();
        assert_eq!(stages, ["qualify", "negotiation", "lost"]);
        d.reopen(&p, later);
        assert_eq!((d.status, d.probability), (DealStatus::Open, 70));
        d.close(DealStatus::Won, String::new(), later);
        assert!(d.reached(&p, 4), "a won deal passed every stage");
        assert_eq!(d.weighted(), d.amount);
    }

    #[test]
    fn pipelines_from_config_are_checked() {
        assert!(Pipeline::default().validate().is_ok());
        let bad = |stages: &[(&str, u8)]| Pipeline {
            stages: stages
                .iter()
                .map(|(n, p)| PipelineStage {
                    name: (*n).into(),
                    probability: *p,
                })
                .collect(),
        };
        assert!(bad(&[]).validate().is_err());
        assert!(bad(&[("a", 101)]).validate().is_err());
        assert!(bad(&[("a", 1), ("A", 2)]).validate().is_err());
        assert!(bad(&[("won", 1)]).validate().is_err());
        assert!(bad(&[("two words", 1)]).validate().is_err());
    }
}
