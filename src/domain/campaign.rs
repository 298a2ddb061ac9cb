//! Marketing campaigns: what they cost, so reports can say what they returned.

use super::{ValidationError, money, validate};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A campaign customers came from (`Customer::campaign` names it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Campaign {
    /// Unique, compared case-insensitively.
    pub name: String,
    /// Minor units of `currency`.
    #[serde(default)]
    pub cost: i64,
    pub currency: String,
    /// The lead source it feeds (web, trade show, referral …).
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub started: Option<NaiveDate>,
    #[serde(default)]
    pub ended: Option<NaiveDate>,
}

impl Campaign {
    /// Trim the name, check the currency.
    pub fn validate(mut self) -> Result<Campaign, ValidationError> {
        self.name = validate::name(&self.name)?;
        self.currency = money::parse_currency(&self.currency)?;
        self.source = self.source.trim().to_string();
        if self.cost < 0 {
            return Err(ValidationError::Amount(money::format_amount(self.cost)));
        }
        Ok(self)
    }

    /// The key campaigns are stored and matched under.
    pub fn key(name: &str) -> String {
        name.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    }
}
