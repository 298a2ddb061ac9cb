use super::CustomerId;
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Which door a change came through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Cli,
    Tui,
    Import,
    /// Written by hand in a team database (psql), not through rolo.
    Sql,
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Channel::Cli => "cli",
            Channel::Tui => "tui",
            Channel::Import => "import",
            Channel::Sql => "sql",
        })
    }
}

/// One write, as the audit trail records it. It names entities by id and
/// fields by name, never their values, so erasing a customer leaves no
/// personal data behind in the trail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub seq: u64,
    #[serde(serialize_with = "super::stamp::serialize")]
    pub at: DateTime<FixedOffset>,
    pub actor: String,
    pub channel: Channel,
    /// e.g. `customer.add`, `interaction.add`, `task.done`.
    pub action: String,
    /// e.g. `customer #17`, `task #4`.
    pub entity: String,
    #[serde(default)]
    pub customer: Option<CustomerId>,
    #[serde(default)]
    pub fields: Vec<String>,
}
