//! The app's forms: a customer (add, or edit every field, notes in a
//! soft-wrapping text area), a timeline entry and a task (`E` on the
//! selected row). A form is a list of fields — one-line inputs and text
//! areas — checked as typed, kept on disk as a draft while typing, and
//! saved with only what changed: a customer through its patch, an entry
//! or a task as the palette's `fix` command, through the same executor.

use super::model::{Input, Overlay};
use crate::domain::{
    Customer, CustomerDraft, CustomerId, CustomerPatch, Interaction, InteractionKind,
    InteractionPatch, Outcome, Priority, Recurrence, Stage, Task, TaskPatch, ValidationError,
    validate,
};
use crate::palette::{Command, CustomerRef, Fix, clears};
use chrono::NaiveDateTime;
use ratatui_textarea::{CursorMove, TextArea, WrapMode};
use serde::{Deserialize, Serialize};

/// What a field holds, which says how it is checked and read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Name,
    Text,
    Emails,
    Phones,
    Tags,
    Stage,
    Cadence,
    Notes,
    LogKind,
    At,
    Summary,
    Feedback,
    Outcome,
    Title,
    Due,
    Priority,
    Every,
    Customer,
}

impl FieldKind {
    /// Several lines, in a text area (Enter starts a new line).
    pub fn area(self) -> bool {
        matches!(
            self,
            FieldKind::Notes | FieldKind::Summary | FieldKind::Feedback
        )
    }

    /// What may be typed, shown beside the focused field.
    pub fn hint(self) -> &'static str {
        match self {
            FieldKind::Emails | FieldKind::Phones | FieldKind::Tags => "comma-separated",
            FieldKind::Stage => "lead prospect customer loyal churned",
            FieldKind::LogKind => "call email meeting visit message note",
            FieldKind::At => "e.g. yesterday 15:00, 11-19 9am",
            FieldKind::Outcome => "reached noanswer voicemail callback, or none",
            FieldKind::Due => "e.g. fri, +3d, 12-01 14:00, or none",
            FieldKind::Priority => "low normal high",
            FieldKind::Every => "e.g. 2w, 1m, 10d (2w! from completion), or none",
            FieldKind::Customer => "a name or #id; - for nobody",
            _ => "",
        }
    }
}

/// The customer form's fields, in tab order: notes come last.
pub const CUSTOMER: [(&str, FieldKind); 11] = [
    ("Name", FieldKind::Name),
    ("Company", FieldKind::Text),
    ("Title", FieldKind::Text),
    ("Emails", FieldKind::Emails),
    ("Phones", FieldKind::Phones),
    ("Tags", FieldKind::Tags),
    ("Stage", FieldKind::Stage),
    ("Source", FieldKind::Text),
    ("Owner", FieldKind::Text),
    ("Cadence (days)", FieldKind::Cadence),
    ("Notes", FieldKind::Notes),
];

/// Where the customer form's notes are.
pub const NOTES: usize = 10;

/// A timeline entry's fields (`rolo interaction edit`'s flags).
pub const INTERACTION: [(&str, FieldKind); 5] = [
    ("Kind", FieldKind::LogKind),
    ("When", FieldKind::At),
    ("Summary", FieldKind::Summary),
    ("Feedback", FieldKind::Feedback),
    ("Outcome", FieldKind::Outcome),
];

/// A task's fields (`rolo task edit`'s flags).
pub const TASK: [(&str, FieldKind); 5] = [
    ("Title", FieldKind::Title),
    ("Due", FieldKind::Due),
    ("Priority", FieldKind::Priority),
    ("Repeats every", FieldKind::Every),
    ("Customer", FieldKind::Customer),
];

/// What the form edits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Target {
    /// A new customer.
    New,
    /// A customer as loaded, so only fields changed here are written.
    Existing(Box<Customer>),
    /// A timeline entry as loaded.
    Interaction(Box<Interaction>),
    /// A task as loaded, and its customer's name as the form shows it.
    Task(Box<Task>, Option<String>),
}

impl Target {
    fn fields(&self) -> &'static [(&'static str, FieldKind)] {
        match self {
            Target::New | Target::Existing(_) => &CUSTOMER,
            Target::Interaction(_) => &INTERACTION,
            Target::Task(..) => &TASK,
        }
    }

    /// The texts of the fields for the record as loaded.
    fn texts(&self) -> Vec<String> {
        match self {
            Target::New => vec![String::new(); CUSTOMER.len()],
            Target::Existing(c) => vec![
                c.name.clone(),
                c.company.clone(),
                c.title.clone(),
                c.emails.join(", "),
                c.phones.join(", "),
                c.tags.join(", "),
                c.stage.to_string(),
                c.source.clone(),
                c.owner.clone(),
                c.cadence.map(|d| d.to_string()).unwrap_or_default(),
                c.notes.clone(),
            ],
            Target::Interaction(i) => vec![
                i.kind.to_string(),
                i.at.format("%Y-%m-%d %H:%M").to_string(),
                i.summary.clone(),
                i.feedback.clone(),
                i.outcome.map(|o| o.to_string()).unwrap_or_default(),
            ],
            Target::Task(t, customer) => vec![
                t.title.clone(),
                t.due.map(|d| d.to_string()).unwrap_or_default(),
                t.priority.to_string(),
                t.recurrence.map(|r| r.to_string()).unwrap_or_default(),
                customer.clone().unwrap_or_default(),
            ],
        }
    }
}

/// A field's text: one line, or a soft-wrapping area.
#[derive(Debug, Clone)]
pub enum Value {
    Line(Input),
    Area(Box<TextArea<'static>>),
}

#[derive(Debug, Clone)]
pub struct Field {
    pub label: &'static str,
    pub kind: FieldKind,
    pub value: Value,
}

impl Field {
    fn new(label: &'static str, kind: FieldKind, text: &str) -> Field {
        let value = if kind.area() {
            Value::Area(Box::new(area(text)))
        } else {
            Value::Line(Input::with(text))
        };
        Field { label, kind, value }
    }

    pub fn text(&self) -> String {
        match &self.value {
            Value::Line(input) => input.text.clone(),
            Value::Area(area) => area.lines().join("\n"),
        }
    }

    fn set_text(&mut self, text: &str) {
        self.value = match self.value {
            Value::Line(_) => Value::Line(Input::with(&text.replace('\n', " "))),
            Value::Area(_) => Value::Area(Box::new(area(text))),
        };
    }
}

/// A text area holding `text`, its cursor at the end (typing adds to it,
/// ctrl-u clears what is before the cursor).
fn area(text: &str) -> TextArea<'static> {
    let mut area = TextArea::new(text.lines().map(String::from).collect());
    area.set_wrap_mode(WrapMode::WordOrGlyph);
    area.move_cursor(CursorMove::Bottom);
    area.move_cursor(CursorMove::End);
    area
}

#[derive(Debug, Clone)]
pub struct Form {
    pub target: Target,
    pub fields: Vec<Field>,
    /// The texts the form opened with: only a field that differs is written.
    original: Vec<String>,
    pub focus: usize,
    /// The first problem per field, shown under it.
    pub errors: Vec<Option<String>>,
    /// Changed since the draft was last saved.
    pub dirty: bool,
    /// Set when this form came back from a saved draft.
    pub restored: bool,
    /// The field `$EDITOR` is editing.
    pub external: Option<usize>,
    /// The overlay the form was opened over (the detail view), shown
    /// again when it closes.
    pub back: Option<Box<Overlay>>,
}

/// What is written to disk while typing, to survive a crash or a dropped
/// connection — with the database it was typed against, and offered again
/// only there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub database: DatabaseIdentity,
    pub target: Target,
    /// Every field's text, in the form's order.
    pub fields: Vec<String>,
    /// The notes of a customer draft written before notes were one of
    /// `fields`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

/// Which database: its canonical path and its `database_id` (`None`
/// while no write has given the file one). A path alone is not enough (a
/// file can be replaced by another), nor is the id (a backup copy has it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatabaseIdentity {
    pub path: String,
    pub id: Option<u64>,
}

impl Form {
    pub fn new_customer() -> Form {
        Form::of(Target::New)
    }

    pub fn edit(customer: &Customer) -> Form {
        Form::of(Target::Existing(Box::new(customer.clone())))
    }

    /// A timeline entry, the summary focused (what is most often wrong).
    pub fn interaction(interaction: &Interaction) -> Form {
        let mut form = Form::of(Target::Interaction(Box::new(interaction.clone())));
        form.focus = form.index_of(FieldKind::Summary).unwrap_or(0);
        form
    }

    /// A task; `customer` is its customer's name.
    pub fn task(task: &Task, customer: Option<String>) -> Form {
        Form::of(Target::Task(Box::new(task.clone()), customer))
    }

    fn of(target: Target) -> Form {
        let texts = target.texts();
        Form::with(target, texts)
    }

    pub fn from_draft(draft: Draft) -> Form {
        let mut form = Form::of(draft.target);
        let notes = (!draft.notes.is_empty()).then_some(draft.notes);
        let count = form.fields.len();
        for (i, field) in form.fields.iter_mut().enumerate() {
            match draft.fields.get(i) {
                Some(text) => field.set_text(text),
                None if i + 1 == count && field.kind == FieldKind::Notes => {
                    field.set_text(notes.as_deref().unwrap_or_default());
                }
                None => field.set_text(""),
            }
        }
        form.restored = true;
        form
    }

    fn with(target: Target, texts: Vec<String>) -> Form {
        let fields: Vec<Field> = target
            .fields()
            .iter()
            .zip(&texts)
            .map(|((label, kind), text)| {
                let mut field = Field::new(label, *kind, text);
                if let Value::Area(area) = &mut field.value
                    && *kind == FieldKind::Notes
                {
                    area.set_placeholder_text("Notes (ctrl-o opens $EDITOR)");
                }
                field
            })
            .collect();
        Form {
            errors: vec![None; fields.len()],
            fields,
            original: texts,
            target,
            focus: 0,
            dirty: false,
            restored: false,
            external: None,
            back: None,
        }
    }

    pub fn title(&self) -> String {
        match &self.target {
            Target::New => "New customer".into(),
            Target::Existing(c) => format!("Edit {} {}", c.name, c.id),
            Target::Interaction(i) => format!("Edit {} {}", i.kind, i.id),
            Target::Task(t, _) => format!("Edit task {}", t.id),
        }
    }

    pub fn index_of(&self, kind: FieldKind) -> Option<usize> {
        self.fields.iter().position(|f| f.kind == kind)
    }

    /// The trimmed text of the field of `kind` (empty when there is none).
    fn value(&self, kind: FieldKind) -> String {
        self.index_of(kind)
            .map(|i| self.text(i))
            .unwrap_or_default()
    }

    fn text(&self, index: usize) -> String {
        self.fields
            .get(index)
            .map(|f| f.text().trim().to_string())
            .unwrap_or_default()
    }

    /// The field as typed differs from the record as loaded.
    fn changed(&self, index: usize) -> bool {
        self.original.get(index).map(|o| o.trim()) != Some(self.text(index).as_str())
    }

    /// Replace a field's text (from `$EDITOR`, a paste).
    pub fn set(&mut self, index: usize, text: &str) {
        if let Some(field) = self.fields.get_mut(index) {
            field.set_text(text);
            self.dirty = true;
        }
    }

    /// The form as a draft of `database`, the one the app has open.
    pub fn draft(&self, database: &DatabaseIdentity) -> Draft {
        Draft {
            database: database.clone(),
            target: self.target.clone(),
            fields: self.fields.iter().map(Field::text).collect(),
            notes: String::new(),
        }
    }

    /// Check one field as typed; `None` when fine. A field of a record
    /// being edited is not checked while it is as loaded: it will not be
    /// written (a value from an import that the rules now refuse stays).
    pub fn check(&self, index: usize, now: NaiveDateTime) -> Option<String> {
        let field = self.fields.get(index)?;
        let text = self.text(index);
        let text = text.as_str();
        if !matches!(self.target, Target::New) && !self.changed(index) {
            return None;
        }
        let message = |e: ValidationError| e.to_string();
        let cleared = text.is_empty() || clears(text);
        let result = match field.kind {
            FieldKind::Name => validate::name(text).map(drop).map_err(message),
            FieldKind::Text | FieldKind::Notes | FieldKind::Feedback | FieldKind::Customer => {
                Ok(())
            }
            FieldKind::Emails => split(text)
                .try_for_each(|e| validate::email(e).map(drop))
                .map_err(message),
            FieldKind::Phones => split(text)
                .try_for_each(|p| validate::phone(p).map(drop))
                .map_err(message),
            FieldKind::Tags => validate::tags(&split_tags(text)).map(drop).map_err(message),
            FieldKind::Stage if text.is_empty() => Ok(()),
            FieldKind::Stage => Stage::parse(text).map(drop).map_err(message),
            FieldKind::Cadence if text.is_empty() => Ok(()),
            FieldKind::Cadence => validate::parse_days("cadence", text, 1)
                .map(drop)
                .map_err(message),
            FieldKind::LogKind => InteractionKind::parse(text).map(drop).map_err(message),
            FieldKind::At => crate::dates::parse_at(text, now)
                .map(drop)
                .map_err(|e| e.to_string()),
            FieldKind::Summary => {
                let outcome = self.value(FieldKind::Outcome);
                if text.is_empty() && (outcome.is_empty() || clears(&outcome)) {
                    Err(message(ValidationError::EmptySummary))
                } else {
                    Ok(())
                }
            }
            FieldKind::Outcome if cleared => Ok(()),
            FieldKind::Outcome => Outcome::parse(text).map(drop).map_err(message),
            FieldKind::Title => validate::name(text)
                .map(drop)
                .map_err(|_| message(ValidationError::EmptyTitle)),
            FieldKind::Due if cleared => Ok(()),
            FieldKind::Due => crate::dates::parse_due(text, now)
                .map(drop)
                .map_err(|e| e.to_string()),
            FieldKind::Priority => Priority::parse(text).map(drop).map_err(message),
            FieldKind::Every if cleared => Ok(()),
            FieldKind::Every => {
                let due = self.value(FieldKind::Due);
                match Recurrence::parse(text) {
                    Err(e) => Err(message(e)),
                    Ok(_) if due.is_empty() || clears(&due) => {
                        Err(message(ValidationError::RepeatsWithoutDue))
                    }
                    Ok(_) => Ok(()),
                }
            }
        };
        result.err()
    }

    /// A field was edited: check it again, and every field typed in or
    /// showing an error (one may hang on another: a summary on the
    /// outcome, a recurrence on the due date).
    pub fn edited(&mut self, index: usize, now: NaiveDateTime) {
        self.dirty = true;
        for i in 0..self.fields.len() {
            if i == index || self.errors[i].is_some() || self.changed(i) {
                self.errors[i] = self.check(i, now);
            }
        }
    }

    /// Validate every field; the index of the first bad one.
    pub fn validate_all(&mut self, now: NaiveDateTime) -> Option<usize> {
        self.errors = (0..self.fields.len()).map(|i| self.check(i, now)).collect();
        self.errors.iter().position(Option::is_some)
    }

    /// The new customer this form describes (fields already validated).
    pub fn to_draft(&self) -> CustomerDraft {
        CustomerDraft {
            name: self.text(0),
            company: self.text(1),
            title: self.text(2),
            emails: split(&self.text(3)).map(String::from).collect(),
            phones: split(&self.text(4)).map(String::from).collect(),
            tags: split_tags(&self.text(5)),
            stage: Stage::parse(&self.text(6)).unwrap_or_default(),
            source: self.text(7),
            owner: self.text(8),
            cadence: self.text(9).parse().ok(),
            notes: self.fields.get(NOTES).map(Field::text).unwrap_or_default(),
            ..Default::default()
        }
    }

    /// Only what changed against the record as loaded, so a field another
    /// terminal changed meanwhile is not overwritten with the old value.
    pub fn to_patch(&self, base: &Customer) -> CustomerPatch {
        let new = self.to_draft();
        let changed = |a: &str, b: &str| (a != b).then(|| a.to_string());
        let list_diff = |new: &[String], old: &[String]| -> (Vec<String>, Vec<String>) {
            let add = new
                .iter()
                .filter(|x| !old.iter().any(|o| o.eq_ignore_ascii_case(x)))
                .cloned()
                .collect();
            let remove = old
                .iter()
                .filter(|o| !new.iter().any(|x| x.eq_ignore_ascii_case(o)))
                .cloned()
                .collect();
            (add, remove)
        };
        let (add_emails, remove_emails) = list_diff(&new.emails, &base.emails);
        let (add_phones, remove_phones) = list_diff(&new.phones, &base.phones);
        let (add_tags, remove_tags) = list_diff(&new.tags, &base.tags);
        CustomerPatch {
            name: changed(&new.name, &base.name),
            company: changed(&new.company, &base.company),
            title: changed(&new.title, &base.title),
            add_emails,
            remove_emails,
            add_phones,
            remove_phones,
            add_tags,
            remove_tags,
            stage: (new.stage != base.stage).then_some(new.stage),
            source: changed(&new.source, &base.source),
            owner: changed(&new.owner, &base.owner),
            cadence: (new.cadence != base.cadence).then_some(new.cadence),
            notes: changed(&new.notes, &base.notes),
            ..Default::default()
        }
    }

    /// The `fix` command that writes what changed in an entry's or a
    /// task's form (fields already validated); `None` when nothing did.
    pub fn to_fix(&self, now: NaiveDateTime) -> Option<Command> {
        // The changed fields' texts by kind (a text area keeps its lines).
        let new = |kind: FieldKind| -> Option<String> {
            let index = self.index_of(kind)?;
            self.changed(index).then(|| self.text(index))
        };
        let fix = match &self.target {
            Target::New | Target::Existing(_) => return None,
            Target::Interaction(i) => {
                let patch = InteractionPatch {
                    kind: new(FieldKind::LogKind).and_then(|t| InteractionKind::parse(&t).ok()),
                    at: None,
                    summary: new(FieldKind::Summary),
                    feedback: new(FieldKind::Feedback),
                    outcome: new(FieldKind::Outcome).map(|t| Outcome::parse(&t).ok()),
                };
                let at = new(FieldKind::At).and_then(|t| crate::dates::parse_at(&t, now).ok());
                if patch.is_empty() && at.is_none() {
                    return None;
                }
                Fix::Interaction {
                    id: i.id,
                    patch,
                    at,
                }
            }
            Target::Task(t, _) => {
                let cleared = |text: &str| text.is_empty() || clears(text);
                let patch = TaskPatch {
                    title: new(FieldKind::Title),
                    due: new(FieldKind::Due).map(|t| {
                        (!cleared(&t))
                            .then(|| crate::dates::parse_due(&t, now).ok())
                            .flatten()
                    }),
                    priority: new(FieldKind::Priority).and_then(|t| Priority::parse(&t).ok()),
                    recurrence: new(FieldKind::Every).map(|t| Recurrence::parse(&t).ok()),
                    customer: None,
                };
                let customer = new(FieldKind::Customer).map(|t| {
                    (!cleared(&t)).then_some(CustomerRef {
                        span: 0..0,
                        text: t,
                    })
                });
                if patch.is_empty() && customer.is_none() {
                    return None;
                }
                Fix::Task {
                    id: t.id,
                    patch,
                    customer,
                }
            }
        };
        Some(Command::Fix(fix))
    }

    /// The customer being edited, if this is a customer's form.
    pub fn editing_id(&self) -> Option<CustomerId> {
        match &self.target {
            Target::Existing(c) => Some(c.id),
            _ => None,
        }
    }
}

/// Comma- (or 、;) separated list items, trimmed, empty ones dropped.
fn split(text: &str) -> impl Iterator<Item = &str> {
    text.split([',', '，', ';', '；', '、'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn split_tags(text: &str) -> Vec<String> {
    text.split([',', '，', ';', '；', '、', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Due, InteractionId, TaskId};
    use chrono::DateTime;

    fn now() -> NaiveDateTime {
        DateTime::parse_from_rfc3339("2026-11-22T09:00:00+08:00")
            .expect("time")
            .naive_local()
    }

    fn customer() -> Customer {
        let now = DateTime::parse_from_rfc3339("2026-11-22T09:00:00+08:00").expect("time");
        CustomerDraft {
            emails: vec!["ann@acme.com".into()],
            tags: vec!["vip".into()],
            ..CustomerDraft::named("Ann Lee")
        }
        .into_customer(CustomerId(3), now)
    }

    fn type_into(form: &mut Form, index: usize, text: &str) {
        form.set(index, text);
        form.edited(index, now());
    }

    #[test]
    fn fields_are_checked_as_typed() {
        let mut form = Form::new_customer();
        assert!(form.check(0, now()).is_some(), "a name is required");
        type_into(&mut form, 0, "王芳");
        type_into(&mut form, 3, "wang@huaxin.cn, nope");
        type_into(&mut form, 9, "0");
        assert_eq!(form.validate_all(now()), Some(3));
        assert!(
            form.errors[3]
                .as_deref()
                .is_some_and(|e| e.contains("\"nope\""))
        );
        assert!(form.errors[9].is_some());
        type_into(&mut form, 3, "wang@huaxin.cn；li@huaxin.cn");
        type_into(&mut form, 9, "14");
        assert_eq!(form.validate_all(now()), None);
        let draft = form.to_draft();
        assert_eq!(draft.emails.len(), 2);
        assert_eq!(draft.cadence, Some(14));
    }

    #[test]
    fn an_edit_writes_only_what_changed() {
        let c = customer();
        let mut form = Form::edit(&c);
        assert!(
            form.to_patch(&c).is_empty(),
            "untouched form changes nothing"
        );
        form.set(5, "vip, 重点");
        form.set(6, "customer");
        let patch = form.to_patch(&c);
        assert_eq!(patch.add_tags, vec!["重点"]);
        assert!(patch.remove_tags.is_empty());
        assert_eq!(patch.stage, Some(Stage::Customer));
        assert_eq!(patch.name, None);
    }

    #[test]
    fn drafts_round_trip() {
        let mut form = Form::edit(&customer());
        form.set(1, "Acme");
        form.set(NOTES, "line one\nline two");
        let json = serde_json::to_string(&form.draft(&DatabaseIdentity {
            path: "/data/rolo.redb".into(),
            id: Some(7),
        }))
        .expect("serialises");
        let back: Draft = serde_json::from_str(&json).expect("parses");
        let restored = Form::from_draft(back);
        assert!(restored.restored);
        assert_eq!(restored.fields[1].text(), "Acme");
        assert_eq!(restored.fields[NOTES].text(), "line one\nline two");
        // A draft from before notes were a field: its notes still come back.
        let old = r#"{"database":{"path":"/d","id":null},"target":"New",
            "fields":["Zoe","","","","","","","","",""],"notes":"met at the expo"}"#;
        let old = Form::from_draft(serde_json::from_str(old).expect("an old draft"));
        assert_eq!(old.fields[0].text(), "Zoe");
        assert_eq!(old.fields[NOTES].text(), "met at the expo");
    }

    fn call() -> Interaction {
        let at = DateTime::parse_from_rfc3339("2026-11-19T14:30:00+08:00").expect("time");
        Interaction {
            id: InteractionId(41),
            customer: CustomerId(3),
            kind: InteractionKind::Call,
            at,
            summary: "wants pricing".into(),
            feedback: String::new(),
            outcome: Some(Outcome::Reached),
            author: "me".into(),
            task: None,
        }
    }

    #[test]
    fn an_entry_form_is_the_fix_of_what_changed() {
        let mut form = Form::interaction(&call());
        assert_eq!(form.fields[form.focus].kind, FieldKind::Summary);
        assert_eq!(form.validate_all(now()), None);
        assert_eq!(form.to_fix(now()), None, "nothing changed");
        type_into(&mut form, 2, "wants pricing\nfor 60 seats");
        type_into(&mut form, 4, "none");
        let Some(Command::Fix(Fix::Interaction { id, patch, at })) = form.to_fix(now()) else {
            panic!("a fix");
        };
        assert_eq!(id, InteractionId(41));
        assert_eq!(
            patch.summary.as_deref(),
            Some("wants pricing\nfor 60 seats")
        );
        assert_eq!(patch.outcome, Some(None));
        assert_eq!((patch.kind, patch.feedback, at), (None, None, None));
        // An empty summary needs an outcome; the error follows the outcome.
        type_into(&mut form, 2, "");
        assert!(form.errors[2].is_some());
        type_into(&mut form, 4, "voicemail");
        assert_eq!(form.errors[2], None);
        type_into(&mut form, 1, "someday");
        assert!(
            form.errors[1]
                .as_deref()
                .is_some_and(|e| e.contains("someday"))
        );
    }

    #[test]
    fn a_task_form_clears_with_none_and_names_a_new_customer_in_words() {
        let task = Task {
            id: TaskId(12),
            customer: Some(CustomerId(3)),
            title: "send quote".into(),
            due: Some(Due::Date(now().date())),
            priority: Priority::Normal,
            status: crate::domain::TaskStatus::Open,
            done_at: None,
            snoozes: vec![],
            recurrence: None,
            origin: None,
            created_at: DateTime::parse_from_rfc3339("2026-11-01T09:00:00+08:00").expect("t"),
        };
        let mut form = Form::task(&task, Some("Ann Lee".into()));
        type_into(&mut form, 3, "2w");
        type_into(&mut form, 1, "none");
        assert!(form.errors[3].is_some(), "repeats without a due date");
        type_into(&mut form, 1, "fri");
        assert_eq!(form.errors[3], None);
        type_into(&mut form, 4, "globex");
        let Some(Command::Fix(Fix::Task {
            patch, customer, ..
        })) = form.to_fix(now())
        else {
            panic!("a fix");
        };
        assert!(patch.due.flatten().is_some());
        assert_eq!(patch.title, None);
        assert_eq!(
            customer.flatten().map(|c| c.text).as_deref(),
            Some("globex")
        );
        type_into(&mut form, 4, "-");
        let Some(Command::Fix(Fix::Task { customer, .. })) = form.to_fix(now()) else {
            panic!("a fix");
        };
        assert_eq!(customer, Some(None), "for nobody");
    }
}
