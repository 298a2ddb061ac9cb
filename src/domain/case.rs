//! Service cases: a customer's request or complaint, from opening to resolution.

use super::{CaseId, CustomerId, Priority, ValidationError, parse_word, validate};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum CaseKind {
    #[default]
    Request,
    Complaint,
}

impl CaseKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CaseKind::Request => "request",
            CaseKind::Complaint => "complaint",
        }
    }

    pub fn parse(input: &str) -> Result<CaseKind, ValidationError> {
        parse_word(
            "case kind",
            input,
            &[
                ("request", CaseKind::Request),
                ("complaint", CaseKind::Complaint),
                ("需求", CaseKind::Request),
                ("服务请求", CaseKind::Request),
                ("投诉", CaseKind::Complaint),
            ],
        )
    }
}

impl fmt::Display for CaseKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    #[default]
    Open,
    InProgress,
    Resolved,
}

impl CaseStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CaseStatus::Open => "open",
            CaseStatus::InProgress => "in progress",
            CaseStatus::Resolved => "resolved",
        }
    }
}

impl fmt::Display for CaseStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Case {
    pub id: CaseId,
    pub customer: CustomerId,
    pub kind: CaseKind,
    pub title: String,
    #[serde(default)]
    pub status: CaseStatus,
    #[serde(default)]
    pub priority: Priority,
    #[serde(default)]
    pub owner: String,
    #[serde(serialize_with = "super::stamp::serialize")]
    pub opened_at: DateTime<FixedOffset>,
    /// When someone first answered: the case went "in progress".
    #[serde(default)]
    #[serde(serialize_with = "super::stamp::serialize_option")]
    pub first_response_at: Option<DateTime<FixedOffset>>,
    #[serde(default)]
    #[serde(serialize_with = "super::stamp::serialize_option")]
    pub resolved_at: Option<DateTime<FixedOffset>>,
    /// What was done about it.
    #[serde(default)]
    pub resolution: String,
}

impl Case {
    pub fn is_open(&self) -> bool {
        self.status != CaseStatus::Resolved
    }

    /// Hours from opening to the first response, once there was one.
    pub fn response_hours(&self) -> Option<f64> {
        self.first_response_at
            .map(|at| (at - self.opened_at).num_minutes().max(0) as f64 / 60.0)
    }

    /// Hours from opening to resolution, once resolved.
    pub fn resolution_hours(&self) -> Option<f64> {
        self.resolved_at
            .map(|at| (at - self.opened_at).num_minutes().max(0) as f64 / 60.0)
    }

    /// Whole days the case has been open (to its resolution, once resolved).
    pub fn age_days(&self, now: DateTime<FixedOffset>) -> i64 {
        let end = self.resolved_at.unwrap_or(now);
        (end.date_naive() - self.opened_at.date_naive())
            .num_days()
            .max(0)
    }

    /// First response: the case is being worked on.
    pub fn respond(&mut self, now: DateTime<FixedOffset>) {
        if self.first_response_at.is_none() {
            self.first_response_at = Some(now);
        }
        if self.status == CaseStatus::Open {
            self.status = CaseStatus::InProgress;
        }
    }

    /// Resolve; resolving also counts as the first response if there was none.
    pub fn resolve(&mut self, resolution: String, now: DateTime<FixedOffset>) {
        self.respond(now);
        self.status = CaseStatus::Resolved;
        self.resolved_at = Some(now);
        self.resolution = resolution;
    }
}

/// What a user gives to open a case.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCase {
    pub customer: CustomerId,
    pub kind: CaseKind,
    pub title: String,
    pub priority: Priority,
    pub owner: String,
}

impl NewCase {
    pub fn into_case(self, now: DateTime<FixedOffset>) -> Result<Case, ValidationError> {
        let title = validate::name(&self.title).map_err(|_| ValidationError::EmptyTitle)?;
        Ok(Case {
            id: CaseId(0),
            customer: self.customer,
            kind: self.kind,
            title,
            status: CaseStatus::Open,
            priority: self.priority,
            owner: self.owner,
            opened_at: now,
            first_response_at: None,
            resolved_at: None,
            resolution: String::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_times_its_first_response_and_resolution() {
        let t0 = DateTime::parse_from_rfc3339("2026-11-20T09:00:00+08:00").expect("valid");
        let mut c = NewCase {
            customer: CustomerId(1),
            kind: CaseKind::parse("投诉").expect("chinese"),
            title: " invoice wrong ".into(),
            priority: Priority::High,
            owner: "ann".into(),
        }
        .into_case(t0)
        .expect("valid");
        assert_eq!(
            (c.title.as_str(), c.kind),
            ("invoice wrong", CaseKind::Complaint)
        );
        assert_eq!(c.response_hours(), None);
        c.respond(t0 + chrono::Duration::minutes(90));
        c.respond(t0 + chrono::Duration::hours(5));
        assert_eq!(c.status, CaseStatus::InProgress);
        assert_eq!(c.response_hours(), Some(1.5), "the first response counts");
        c.resolve("credited".into(), t0 + chrono::Duration::hours(50));
        assert_eq!(c.resolution_hours(), Some(50.0));
        assert!(!c.is_open());
        assert_eq!(c.age_days(t0 + chrono::Duration::days(30)), 2);
    }

    #[test]
    fn resolving_at_once_is_also_the_first_response() {
        let t0 = DateTime::parse_from_rfc3339("2026-11-20T09:00:00+08:00").expect("valid");
        let mut c = NewCase {
            customer: CustomerId(1),
            kind: CaseKind::Request,
            title: "reset password".into(),
            priority: Priority::Normal,
            owner: String::new(),
        }
        .into_case(t0)
        .expect("valid");
        c.resolve(String::new(), t0 + chrono::Duration::hours(2));
        assert_eq!(c.response_hours(), Some(2.0));
    }
}
