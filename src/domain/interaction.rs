use super::{CustomerId, InteractionId, TaskId, ValidationError, parse_word};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InteractionKind {
    Call,
    Email,
    Meeting,
    Visit,
    Message,
    Note,
}

impl InteractionKind {
    pub const ALL: [InteractionKind; 6] = [
        InteractionKind::Call,
        InteractionKind::Email,
        InteractionKind::Meeting,
        InteractionKind::Visit,
        InteractionKind::Message,
        InteractionKind::Note,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            InteractionKind::Call => "call",
            InteractionKind::Email => "email",
            InteractionKind::Meeting => "meeting",
            InteractionKind::Visit => "visit",
            InteractionKind::Message => "message",
            InteractionKind::Note => "note",
        }
    }

    /// English words plus the follow-up methods of Chinese CRM sheets (跟进方式).
    pub fn parse(input: &str) -> Result<InteractionKind, ValidationError> {
        use InteractionKind::*;
        parse_word(
            "interaction kind",
            input,
            &[
                ("call", Call),
                ("email", Email),
                ("meeting", Meeting),
                ("visit", Visit),
                ("message", Message),
                ("note", Note),
                ("phone", Call),
                ("mail", Email),
                ("meet", Meeting),
                ("msg", Message),
                ("text", Message),
                ("sms", Message),
                ("wechat", Message),
                ("电话", Call),
                ("邮件", Email),
                ("会议", Meeting),
                ("拜访", Visit),
                ("上门", Visit),
                ("上门拜访", Visit),
                ("拜访客户", Visit),
                ("电话沟通", Call),
                ("电话拜访", Call),
                ("面谈", Meeting),
                ("见面", Meeting),
                ("视频会议", Meeting),
                ("线上会议", Meeting),
                ("微信沟通", Message),
                ("邮件沟通", Email),
                ("微信", Message),
                ("短信", Message),
                ("备注", Note),
            ],
        )
    }
}

impl fmt::Display for InteractionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a contact attempt went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    Reached,
    NoAnswer,
    Voicemail,
    Callback,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [
        Outcome::Reached,
        Outcome::NoAnswer,
        Outcome::Voicemail,
        Outcome::Callback,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Reached => "reached",
            Outcome::NoAnswer => "no-answer",
            Outcome::Voicemail => "voicemail",
            Outcome::Callback => "callback",
        }
    }

    /// Whether the attempt failed and should be retried.
    pub fn wants_retry(self) -> bool {
        matches!(self, Outcome::NoAnswer | Outcome::Voicemail)
    }

    pub fn parse(input: &str) -> Result<Outcome, ValidationError> {
        use Outcome::*;
        parse_word(
            "outcome",
            input,
            &[
                ("reached", Reached),
                ("no-answer", NoAnswer),
                ("voicemail", Voicemail),
                ("callback", Callback),
                ("noanswer", NoAnswer),
                ("no_answer", NoAnswer),
                ("vm", Voicemail),
                ("接通", Reached),
                ("未接", NoAnswer),
                ("无人接听", NoAnswer),
                ("留言", Voicemail),
                ("回电", Callback),
            ],
        )
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entry on a customer's follow-up timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Interaction {
    pub id: InteractionId,
    pub customer: CustomerId,
    pub kind: InteractionKind,
    #[serde(serialize_with = "super::stamp::serialize")]
    pub at: DateTime<FixedOffset>,
    pub summary: String,
    #[serde(default)]
    pub feedback: String,
    #[serde(default)]
    pub outcome: Option<Outcome>,
    #[serde(default)]
    pub author: String,
    /// The follow-up task this interaction created.
    #[serde(default)]
    pub task: Option<TaskId>,
}

/// An interaction to record; the store assigns the id.
#[derive(Debug, Clone, PartialEq)]
pub struct NewInteraction {
    pub customer: CustomerId,
    pub kind: InteractionKind,
    pub at: DateTime<FixedOffset>,
    pub summary: String,
    pub feedback: String,
    pub outcome: Option<Outcome>,
    pub author: String,
}

impl NewInteraction {
    pub fn validate(mut self) -> Result<Self, ValidationError> {
        self.summary = self.summary.trim().to_string();
        self.feedback = self.feedback.trim().to_string();
        // An attempt with an outcome ("no answer") needs no words.
        if self.summary.is_empty() && self.outcome.is_none() {
            return Err(ValidationError::EmptySummary);
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_outcomes_parse_in_both_languages() {
        assert_eq!(
            InteractionKind::parse("微信").ok(),
            Some(InteractionKind::Message)
        );
        assert_eq!(
            InteractionKind::parse("CALL").ok(),
            Some(InteractionKind::Call)
        );
        assert!(InteractionKind::parse("fax").is_err());
        assert_eq!(Outcome::parse("noanswer").ok(), Some(Outcome::NoAnswer));
        assert_eq!(Outcome::parse("未接").ok(), Some(Outcome::NoAnswer));
        assert!(Outcome::NoAnswer.wants_retry());
        assert!(!Outcome::Reached.wants_retry());
    }
}
