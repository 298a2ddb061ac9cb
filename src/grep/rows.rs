//! The text fields of each record type, decoded lean: only the fields
//! search reads, strings borrowed from the stored record, stamps left as
//! text until an entry matches.

use super::{Entity, Field, Kind};
use crate::domain::{
    CaseId, CustomerId, DealId, InteractionId, InteractionKind, OrderId, Outcome, TaskId,
};
use crate::store::{self, Record, Records};
use serde::Deserialize;

/// One searchable entry: a record's texts, each with when it was written.
pub struct Entry<'a> {
    pub entity: Entity,
    pub customer: Option<CustomerId>,
    pub kind: Kind,
    /// The texts that are not empty, first `len` of them.
    texts: [Text<'a>; 3],
    len: usize,
}

/// One text field and its stamp, as stored (RFC 3339).
#[derive(Debug, Clone, Copy)]
pub struct Text<'a> {
    pub field: Field,
    pub text: &'a str,
    pub at: &'a str,
}

impl<'a> Entry<'a> {
    fn new(entity: Entity, customer: Option<CustomerId>, kind: Kind, texts: [Text<'a>; 3]) -> Self {
        let mut kept = [NONE; 3];
        let mut len = 0;
        for text in texts.into_iter().filter(|t| !t.text.is_empty()) {
            kept[len] = text;
            len += 1;
        }
        Entry {
            entity,
            customer,
            kind,
            texts: kept,
            len,
        }
    }

    /// The texts that are not empty.
    pub fn texts(&self) -> &[Text<'a>] {
        &self.texts[..self.len]
    }
}

#[derive(Deserialize)]
struct InteractionRow<'a> {
    customer: CustomerId,
    kind: InteractionKind,
    at: &'a str,
    #[serde(default)]
    summary: &'a str,
    #[serde(default)]
    feedback: &'a str,
    #[serde(default)]
    outcome: Option<Outcome>,
}

#[derive(Deserialize)]
struct TaskRow<'a> {
    #[serde(default)]
    customer: Option<CustomerId>,
    #[serde(default)]
    title: &'a str,
    created_at: &'a str,
}

#[derive(Deserialize)]
struct CustomerRow<'a> {
    #[serde(default)]
    notes: &'a str,
    updated_at: &'a str,
}

#[derive(Deserialize)]
struct DealRow<'a> {
    customer: CustomerId,
    #[serde(default)]
    title: &'a str,
    #[serde(default)]
    reason: &'a str,
    created_at: &'a str,
    #[serde(default, borrow)]
    closed_at: Option<&'a str>,
}

#[derive(Deserialize)]
struct CaseRow<'a> {
    customer: CustomerId,
    #[serde(default)]
    title: &'a str,
    #[serde(default)]
    resolution: &'a str,
    opened_at: &'a str,
    #[serde(default, borrow)]
    resolved_at: Option<&'a str>,
}

#[derive(Deserialize)]
struct OrderRow<'a> {
    customer: CustomerId,
    at: &'a str,
    #[serde(default)]
    items: &'a str,
    #[serde(default)]
    invoice: &'a str,
}

const NONE: Text<'static> = Text {
    field: Field::Title,
    text: "",
    at: "",
};

/// The entry a record of `records` holds.
pub fn entry<'a>(records: Records, record: &Record<'a>) -> store::Result<Entry<'a>> {
    let id = record.id();
    Ok(match records {
        Records::Interactions => {
            let r: InteractionRow<'a> = record.decode()?;
            Entry::new(
                Entity::Interaction(InteractionId(id)),
                Some(r.customer),
                Kind::of_interaction(r.kind),
                [
                    Text {
                        field: Field::Summary,
                        text: r.summary,
                        at: r.at,
                    },
                    Text {
                        field: Field::Feedback,
                        text: r.feedback,
                        at: r.at,
                    },
                    Text {
                        field: Field::Outcome,
                        text: r.outcome.map_or("", Outcome::as_str),
                        at: r.at,
                    },
                ],
            )
        }
        Records::Tasks => {
            let r: TaskRow<'a> = record.decode()?;
            Entry::new(
                Entity::Task(TaskId(id)),
                r.customer,
                Kind::Task,
                [
                    Text {
                        field: Field::Title,
                        text: r.title,
                        at: r.created_at,
                    },
                    NONE,
                    NONE,
                ],
            )
        }
        Records::Customers => {
            let r: CustomerRow<'a> = record.decode()?;
            Entry::new(
                Entity::Customer(CustomerId(id)),
                Some(CustomerId(id)),
                Kind::Note,
                [
                    Text {
                        field: Field::Notes,
                        text: r.notes,
                        at: r.updated_at,
                    },
                    NONE,
                    NONE,
                ],
            )
        }
        Records::Deals => {
            let r: DealRow<'a> = record.decode()?;
            Entry::new(
                Entity::Deal(DealId(id)),
                Some(r.customer),
                Kind::Deal,
                [
                    Text {
                        field: Field::Title,
                        text: r.title,
                        at: r.created_at,
                    },
                    Text {
                        field: Field::Reason,
                        text: r.reason,
                        at: r.closed_at.unwrap_or(r.created_at),
                    },
                    NONE,
                ],
            )
        }
        Records::Cases => {
            let r: CaseRow<'a> = record.decode()?;
            Entry::new(
                Entity::Case(CaseId(id)),
                Some(r.customer),
                Kind::Case,
                [
                    Text {
                        field: Field::Title,
                        text: r.title,
                        at: r.opened_at,
                    },
                    Text {
                        field: Field::Resolution,
                        text: r.resolution,
                        at: r.resolved_at.unwrap_or(r.opened_at),
                    },
                    NONE,
                ],
            )
        }
        Records::Orders => {
            let r: OrderRow<'a> = record.decode()?;
            Entry::new(
                Entity::Order(OrderId(id)),
                Some(r.customer),
                Kind::Order,
                [
                    Text {
                        field: Field::Items,
                        text: r.items,
                        at: r.at,
                    },
                    Text {
                        field: Field::Invoice,
                        text: r.invoice,
                        at: r.at,
                    },
                    NONE,
                ],
            )
        }
    })
}
