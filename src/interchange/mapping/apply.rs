//! Applying a [`Plan`] to one record.

use super::{CellError, Column, Field, Plan, cells};
use crate::domain::{CustomerDraft, Due, InteractionKind};
use crate::interchange::{MAX_CELL_BYTES, MAX_COLUMNS, UniqueKeys, grouped};
use chrono::NaiveDateTime;
use std::collections::{BTreeMap, HashMap};

/// A customer row: the draft plus what the store handles around it.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerIn {
    /// Validated (trimmed, deduplicated).
    pub draft: CustomerDraft,
    /// 客户编号 / Record ID: for matching on re-import.
    pub external_id: Option<String>,
    /// 最后跟进时间: becomes an interaction or the derived last contact.
    pub last_contact: Option<NaiveDateTime>,
    /// 下一步计划: becomes an open task.
    pub next_action: Option<String>,
}

/// A follow-up row: an interaction on the matching customer plus a task for
/// its next action.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowUpIn {
    pub external_id: Option<String>,
    /// What names the customer (客户名称; the company when that is empty),
    /// to match by name or company.
    pub customer_words: String,
    /// The company column, when there is one besides the customer column.
    pub company: String,
    pub author: String,
    /// 跟进时间; `now` when the file has no such column.
    pub at: NaiveDateTime,
    /// 跟进方式; a note when the file has no such column or the cell is empty.
    pub kind: InteractionKind,
    pub summary: String,
    pub feedback: String,
    pub next: Option<String>,
    pub due: Option<Due>,
    /// Columns that map to nothing, by header (non-empty cells only).
    pub custom: BTreeMap<String, String>,
}

/// One record's cells, read through the plan, collecting errors.
pub(super) struct Row<'a> {
    plan: &'a Plan,
    line: usize,
    cells: &'a [String],
    errors: Vec<CellError>,
}

impl<'a> Row<'a> {
    pub(super) fn new(plan: &'a Plan, line: usize, cells: &'a [String]) -> Self {
        Row {
            plan,
            line,
            cells,
            errors: Vec::new(),
        }
    }

    pub(super) fn cell(&self, column: &Column) -> &'a str {
        self.cells
            .get(column.index)
            .map_or("", |c| super::unguard(c.trim_start()).trim())
    }

    /// Non-empty cells of the columns feeding `field`, with their columns.
    pub(super) fn values(&self, field: &Field) -> Vec<(&'a Column, &'a str)> {
        self.plan
            .columns_for(field)
            .map(|c| (c, self.cell(c)))
            .filter(|(_, v)| !v.is_empty())
            .collect::<Vec<_>>()
    }

    /// The first non-empty cell of `field`.
    pub(super) fn first(&self, field: &Field) -> Option<(&'a Column, &'a str)> {
        self.values(field).into_iter().next()
    }

    pub(super) fn text(&self, field: &Field) -> String {
        self.first(field)
            .map(|(_, v)| v.to_string())
            .unwrap_or_default()
    }

    /// All non-empty cells of `field`, joined (address parts, notes).
    pub(super) fn joined(&self, field: &Field, separator: &str) -> String {
        self.values(field)
            .into_iter()
            .map(|(_, v)| v)
            .collect::<Vec<_>>()
            .join(separator)
    }

    pub(super) fn error(&mut self, column: &str, reason: impl Into<String>) {
        self.errors.push(CellError {
            line: self.line,
            column: column.to_string(),
            reason: reason.into(),
        });
    }

    /// Parse every non-empty cell of `field`, reporting failures.
    fn parse_all<T>(&mut self, field: &Field, parse: impl Fn(&str) -> Result<T, String>) -> Vec<T> {
        let mut out = Vec::new();
        for (column, value) in self.values(field) {
            match parse(value) {
                Ok(v) => out.push(v),
                Err(reason) => self.error(&column.header, reason),
            }
        }
        out
    }

    /// Parse the first non-empty cell of `field`.
    pub(super) fn parse_first<T>(
        &mut self,
        field: &Field,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Option<T> {
        let (column, value) = self.first(field)?;
        match parse(value) {
            Ok(v) => Some(v),
            Err(reason) => {
                self.error(&column.header, reason);
                None
            }
        }
    }

    /// Custom columns by header, plus any cells beyond the header row
    /// (as `column N`, 1-based), so that nothing is dropped.
    pub(super) fn custom(&self) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        let mut keys = UniqueKeys::default();
        for column in &self.plan.columns {
            if let Field::Custom(name) = &column.field {
                let value = self.cell(column);
                if !value.is_empty() {
                    keys.insert(&mut out, name, value);
                }
            }
        }
        for (i, value) in self.cells.iter().enumerate().skip(self.plan.columns.len()) {
            let value = value.trim();
            if !value.is_empty() {
                keys.insert(&mut out, &format!("column {}", i + 1), value);
            }
        }
        out
    }

    /// The value, or the errors.
    pub(super) fn finish<T>(self, value: T) -> Result<T, Vec<CellError>> {
        if self.errors.is_empty() {
            Ok(value)
        } else {
            Err(self.into_errors())
        }
    }

    /// The errors in column order (row-level ones first).
    fn into_errors(mut self) -> Vec<CellError> {
        if self.errors.len() < 2 {
            return self.errors;
        }
        // Each header's first column, looked up once: a row with an error
        // in each of thousands of columns sorts in n log n.
        let mut position: HashMap<&str, usize> = HashMap::new();
        for (i, c) in self.plan.columns.iter().enumerate() {
            position.entry(c.header.as_str()).or_insert(i + 1);
        }
        self.errors
            .sort_by_cached_key(|e| position.get(e.column.as_str()).copied().unwrap_or(0));
        self.errors
    }
}

/// A row too wide or a cell too big to read (see [`MAX_COLUMNS`],
/// [`MAX_CELL_BYTES`]): the error that rejects it, before any of it is read.
pub(super) fn oversized(plan: &Plan, line: usize, cells: &[String]) -> Option<Vec<CellError>> {
    if cells.len() > MAX_COLUMNS {
        return Some(vec![CellError {
            line,
            column: String::new(),
            reason: format!(
                "{} cells; rolo reads at most {} cells a row",
                grouped(cells.len()),
                grouped(MAX_COLUMNS)
            ),
        }]);
    }
    let (i, cell) = cells
        .iter()
        .enumerate()
        .find(|(_, c)| c.len() > MAX_CELL_BYTES)?;
    let column = plan
        .columns
        .get(i)
        .map_or_else(|| format!("column {}", i + 1), |c| c.header.clone());
    Some(vec![CellError {
        line,
        column,
        reason: format!(
            "the cell is {} bytes; rolo reads at most {} bytes (1 MiB) a cell \
             (an unterminated quote can swallow the rest of a file)",
            grouped(cell.len()),
            grouped(MAX_CELL_BYTES)
        ),
    }])
}

pub(super) fn is_cjk(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(c as u32, 0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
    })
}

/// `First Last`; Chinese `姓` + `名` without a space (家族名 first).
pub(super) fn join_name(first: &str, last: &str) -> String {
    match (first.trim(), last.trim()) {
        ("", l) => l.to_string(),
        (f, "") => f.to_string(),
        (f, l) if is_cjk(f) && is_cjk(l) => format!("{l}{f}"),
        (f, l) => format!("{f} {l}"),
    }
}

/// The header(s) a missing name is reported under.
fn name_columns(plan: &Plan) -> String {
    let fields = [Field::Name, Field::FirstName, Field::LastName];
    let headers: Vec<&str> = fields
        .iter()
        .flat_map(|f| plan.columns_for(f))
        .map(|c| c.header.as_str())
        .collect();
    headers.join(" + ")
}

/// Read one customer row (`line` is its physical line in the file).
pub fn customer(
    plan: &Plan,
    line: usize,
    cells: &[String],
    now: NaiveDateTime,
) -> Result<CustomerIn, Vec<CellError>> {
    if let Some(errors) = oversized(plan, line, cells) {
        return Err(errors);
    }
    let mut row = Row::new(plan, line, cells);
    let mut name = row.text(&Field::Name);
    if name.is_empty() {
        name = join_name(&row.text(&Field::FirstName), &row.text(&Field::LastName));
    }
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        let columns = name_columns(plan);
        row.error(&columns, "a name cannot be empty");
    }
    let mut emails: Vec<String> = row.parse_all(&Field::Email, cells::emails).concat();
    let mut phones = Vec::new();
    for (p, e) in row.parse_all(&Field::Phone, cells::phones) {
        phones.extend(p);
        emails.extend(e);
    }
    let tags = row.parse_all(&Field::Tags, cells::tags).concat();
    let stage = row
        .parse_first(&Field::Stage, cells::stage)
        .unwrap_or_default();
    let cadence = row.parse_first(&Field::Cadence, cells::cadence);
    let last_contact = row.parse_first(&Field::LastContact, |c| cells::at(c, now));
    let next_action = row.first(&Field::NextAction).map(|(_, v)| v.to_string());
    let external_id = row.first(&Field::ExternalId).map(|(_, v)| v.to_string());
    let draft = CustomerDraft {
        name,
        company: row.text(&Field::Company),
        title: row.text(&Field::Title),
        emails,
        phones,
        industry: row.text(&Field::Industry),
        tags,
        stage,
        source: row.text(&Field::Source),
        owner: row.text(&Field::Owner),
        address: row.joined(&Field::Address, ", "),
        cadence,
        timezone: None,
        custom: row.custom(),
        notes: row.joined(&Field::Notes, "\n"),
        campaign: row.text(&Field::Campaign),
    };
    if row.errors.is_empty() {
        // Every cell was checked above; this only trims and folds duplicates.
        match draft.validate() {
            Ok(draft) => {
                return Ok(CustomerIn {
                    draft,
                    external_id,
                    last_contact,
                    next_action,
                });
            }
            Err(e) => row.error("", e.to_string()),
        }
    }
    Err(row.into_errors())
}

/// The words naming a row's customer (its customer column, else its
/// company) and its company; an error on the row when both are empty.
pub(super) fn customer_of(row: &mut Row, plan: &Plan) -> (String, String) {
    let company = row.text(&Field::Company);
    let mut words = row.text(&Field::Customer);
    if words.is_empty() {
        words = company.clone();
    }
    if words.is_empty() {
        let headers: Vec<&str> = [Field::Customer, Field::Company]
            .iter()
            .flat_map(|f| plan.columns_for(f))
            .map(|c| c.header.as_str())
            .collect();
        row.error(&headers.join(" + "), "the customer cannot be empty");
    }
    (words, company)
}

/// A row's time: `now` when the sheet has no time column, else its cell
/// read by `parse` (an error on the row when it is empty or unreadable).
pub(super) fn time_or_now(
    row: &mut Row,
    plan: &Plan,
    now: NaiveDateTime,
    what: &str,
    parse: impl Fn(&str) -> Result<NaiveDateTime, String>,
) -> Option<NaiveDateTime> {
    match plan.columns_for(&Field::At).next() {
        None => Some(now),
        Some(column) if row.first(&Field::At).is_none() => {
            let header = column.header.clone();
            row.error(&header, format!("{what} cannot be empty"));
            None
        }
        Some(_) => row.parse_first(&Field::At, parse),
    }
}

/// Read one follow-up row (`line` is its physical line in the file).
pub fn follow_up(
    plan: &Plan,
    line: usize,
    cells: &[String],
    now: NaiveDateTime,
) -> Result<FollowUpIn, Vec<CellError>> {
    if let Some(errors) = oversized(plan, line, cells) {
        return Err(errors);
    }
    let mut row = Row::new(plan, line, cells);
    let (customer_words, company) = customer_of(&mut row, plan);
    let at = time_or_now(&mut row, plan, now, "the follow-up time", |c| {
        cells::at(c, now)
    });
    let kind = row
        .parse_first(&Field::Kind, |c| {
            InteractionKind::parse(c).map_err(|e| e.to_string())
        })
        .unwrap_or(InteractionKind::Note);
    let mut summary = row.joined(&Field::Summary, "\n");
    let mut feedback = row.joined(&Field::Feedback, "\n");
    if summary.is_empty() {
        // A row with only the customer's words: they are the summary.
        summary = std::mem::take(&mut feedback);
    }
    if summary.is_empty() {
        let column = plan
            .columns_for(&Field::Summary)
            .next()
            .map(|c| c.header.clone())
            .unwrap_or_default();
        row.error(&column, "a summary cannot be empty");
    }
    let due = row.parse_first(&Field::Due, |c| cells::due(c, now));
    let value = FollowUpIn {
        external_id: row.first(&Field::ExternalId).map(|(_, v)| v.to_string()),
        customer_words,
        company,
        author: row.text(&Field::Author),
        at: at.unwrap_or(now),
        kind,
        summary,
        feedback,
        next: row.first(&Field::Next).map(|(_, v)| v.to_string()),
        due,
        custom: row.custom(),
    };
    row.finish(value)
}
