//! The customer form: add or edit every field with inline validation,
//! notes in a soft-wrapping text area, and a draft kept on disk while typing.

use super::model::Input;
use crate::domain::{Customer, CustomerDraft, CustomerId, CustomerPatch, Stage, validate};
use ratatui_textarea::{TextArea, WrapMode};
use serde::{Deserialize, Serialize};

/// The single-line fields, in tab order; notes come last.
pub const FIELDS: [(&str, FieldKind); 10] = [
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
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Name,
    Text,
    Emails,
    Phones,
    Tags,
    Stage,
    Cadence,
}

/// Which customer the form is for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Target {
    New,
    /// Editing: the record as loaded, so only fields changed here are written.
    Existing(Box<Customer>),
}

#[derive(Debug, Clone)]
pub struct Form {
    pub target: Target,
    pub inputs: Vec<Input>,
    pub notes: TextArea<'static>,
    /// The focused field: 0..FIELDS.len() for inputs, FIELDS.len() for notes.
    pub focus: usize,
    /// The first problem per field, shown under it.
    pub errors: Vec<Option<String>>,
    /// Changed since the draft was last saved.
    pub dirty: bool,
    /// Set when this form came back from a saved draft.
    pub restored: bool,
}

/// What is written to disk while typing, to survive a crash or a dropped
/// connection — with the database it was typed against, and offered again
/// only there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub database: DatabaseIdentity,
    pub target: Target,
    pub fields: Vec<String>,
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
        Form::with(Target::New, vec![String::new(); FIELDS.len()], "")
    }

    pub fn edit(customer: &Customer) -> Form {
        let fields = vec![
            customer.name.clone(),
            customer.company.clone(),
            customer.title.clone(),
            customer.emails.join(", "),
            customer.phones.join(", "),
            customer.tags.join(", "),
            customer.stage.to_string(),
            customer.source.clone(),
            customer.owner.clone(),
            customer.cadence.map(|d| d.to_string()).unwrap_or_default(),
        ];
        Form::with(
            Target::Existing(Box::new(customer.clone())),
            fields,
            &customer.notes,
        )
    }

    pub fn from_draft(draft: Draft) -> Form {
        let mut fields = draft.fields;
        fields.resize(FIELDS.len(), String::new());
        let mut form = Form::with(draft.target, fields, &draft.notes);
        form.restored = true;
        form
    }

    fn with(target: Target, fields: Vec<String>, notes: &str) -> Form {
        let mut area = TextArea::new(notes.lines().map(String::from).collect());
        area.set_wrap_mode(WrapMode::WordOrGlyph);
        area.set_placeholder_text("Notes (ctrl-o opens $EDITOR)");
        Form {
            target,
            inputs: fields.iter().map(|f| Input::with(f)).collect(),
            notes: area,
            focus: 0,
            errors: vec![None; FIELDS.len()],
            dirty: false,
            restored: false,
        }
    }

    pub fn title(&self) -> String {
        match &self.target {
            Target::New => "New customer".into(),
            Target::Existing(c) => format!("Edit {} {}", c.name, c.id),
        }
    }

    pub fn notes_text(&self) -> String {
        self.notes.lines().join("\n")
    }

    pub fn set_notes(&mut self, text: &str) {
        let mut area = TextArea::new(text.lines().map(String::from).collect());
        area.set_wrap_mode(WrapMode::WordOrGlyph);
        self.notes = area;
        self.dirty = true;
    }

    /// The form as a draft of `database`, the one the app has open.
    pub fn draft(&self, database: &DatabaseIdentity) -> Draft {
        Draft {
            database: database.clone(),
            target: self.target.clone(),
            fields: self.inputs.iter().map(|i| i.text.clone()).collect(),
            notes: self.notes_text(),
        }
    }

    /// Check one field as typed; `None` when fine.
    pub fn check(&self, index: usize) -> Option<String> {
        let text = self.inputs.get(index)?.text.trim();
        let (_, kind) = FIELDS.get(index)?;
        let result = match kind {
            FieldKind::Name => validate::name(text).map(drop).map_err(|e| e.to_string()),
            FieldKind::Text => Ok(()),
            FieldKind::Emails => split(text)
                .try_for_each(|e| validate::email(e).map(drop))
                .map_err(|e| e.to_string()),
            FieldKind::Phones => split(text)
                .try_for_each(|p| validate::phone(p).map(drop))
                .map_err(|e| e.to_string()),
            FieldKind::Tags => validate::tags(&split_tags(text))
                .map(drop)
                .map_err(|e| e.to_string()),
            FieldKind::Stage if text.is_empty() => Ok(()),
            FieldKind::Stage => Stage::parse(text).map(drop).map_err(|e| e.to_string()),
            FieldKind::Cadence if text.is_empty() => Ok(()),
            FieldKind::Cadence => validate::parse_days("cadence", text, 1)
                .map(drop)
                .map_err(|e| e.to_string()),
        };
        result.err()
    }

    /// Validate every field; the index of the first bad one.
    pub fn validate_all(&mut self) -> Option<usize> {
        self.errors = (0..FIELDS.len()).map(|i| self.check(i)).collect();
        self.errors.iter().position(Option::is_some)
    }

    fn text(&self, index: usize) -> String {
        self.inputs
            .get(index)
            .map(|i| i.text.trim().to_string())
            .unwrap_or_default()
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
            notes: self.notes_text(),
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

    pub fn editing_id(&self) -> Option<CustomerId> {
        match &self.target {
            Target::Existing(c) => Some(c.id),
            Target::New => None,
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
    use chrono::DateTime;

    fn customer() -> Customer {
        let now = DateTime::parse_from_rfc3339("2026-11-22T09:00:00+08:00").expect("time");
        CustomerDraft {
            emails: vec!["ann@acme.com".into()],
            tags: vec!["vip".into()],
            ..CustomerDraft::named("Ann Lee")
        }
        .into_customer(CustomerId(3), now)
    }

    #[test]
    fn fields_are_checked_as_typed() {
        let mut form = Form::new_customer();
        assert!(form.check(0).is_some(), "a name is required");
        form.inputs[0] = Input::with("王芳");
        form.inputs[3] = Input::with("wang@huaxin.cn, nope");
        form.inputs[9] = Input::with("0");
        assert_eq!(form.validate_all(), Some(3));
        assert!(
            form.errors[3]
                .as_deref()
                .is_some_and(|e| e.contains("\"nope\""))
        );
        assert!(form.errors[9].is_some());
        form.inputs[3] = Input::with("wang@huaxin.cn；li@huaxin.cn");
        form.inputs[9] = Input::with("14");
        assert_eq!(form.validate_all(), None);
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
        form.inputs[5] = Input::with("vip, 重点");
        form.inputs[6] = Input::with("customer");
        let patch = form.to_patch(&c);
        assert_eq!(patch.add_tags, vec!["重点"]);
        assert!(patch.remove_tags.is_empty());
        assert_eq!(patch.stage, Some(Stage::Customer));
        assert_eq!(patch.name, None);
    }

    #[test]
    fn drafts_round_trip() {
        let mut form = Form::edit(&customer());
        form.inputs[1] = Input::with("Acme");
        form.set_notes("line one\nline two");
        let json = serde_json::to_string(&form.draft(&DatabaseIdentity {
            path: "/data/rolo.redb".into(),
            id: Some(7),
        }))
        .expect("serialises");
        let back: Draft = serde_json::from_str(&json).expect("parses");
        let restored = Form::from_draft(back);
        assert!(restored.restored);
        assert_eq!(restored.inputs[1].text, "Acme");
        assert_eq!(restored.notes_text(), "line one\nline two");
    }
}
