//! The Today view's rows, and time passing.
//!
//! **Rows.** The view lists what `rolo today` lists, in its order —
//! overdue, today, the next 7 days, open cases, gone quiet — and the
//! cursor moves over every row of every section ([`items`]), so each one
//! can be reached, opened and acted on.
//!
//! **Time.** The review knows when it goes stale (`Review::next_change`:
//! the first task under "today" falls due, or the day ends). Each tick
//! (500 ms, already running) compares one number with it; once past,
//! [`tick`] asks for the review again — once — and, for every timed task
//! whose time has come since the last announcement, shows a toast naming
//! it and asks the loop to ring the bell (`Effect::Notify`). No extra
//! timer, no polling of the store beyond what the tick already does.

use super::super::model::{Model, Screen};
use super::super::msg::Effect;
use crate::domain::{CaseId, CustomerId, Due, TaskId};
use crate::queue::{Item as Queued, Ranked};
use crate::review::{CaseRow, QuietRow, Review, Section, TaskRow};
use chrono::{DateTime, Duration, FixedOffset};

/// How long a "Due now" toast stays up: long enough to be seen after a
/// glance away, where the usual toast is gone in seconds.
const DUE_TOAST_SECS: i64 = 30;
/// Ask again for a stale review after this long without an answer (a
/// busy database): the view never stays stale for good.
const RETRY_SECS: i64 = 10;

/// A part of the review, in the order the view and `rolo today` show them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Overdue,
    Today,
    Upcoming,
    Cases,
    Quiet,
}

impl Part {
    pub const ALL: [Part; 5] = [
        Part::Overdue,
        Part::Today,
        Part::Upcoming,
        Part::Cases,
        Part::Quiet,
    ];

    /// The heading, as `rolo today` writes it.
    pub fn heading(self) -> &'static str {
        match self {
            Part::Overdue => "Overdue",
            Part::Today => "Today",
            Part::Upcoming => "Next 7 days",
            Part::Cases => "Open cases",
            Part::Quiet => "Gone quiet",
        }
    }

    /// How many there are in all (the rows may be fewer).
    pub fn total(self, review: &Review) -> u64 {
        match self {
            Part::Overdue => review.overdue.total,
            Part::Today => review.today.total,
            Part::Upcoming => review.upcoming.total,
            Part::Cases => review.cases.total,
            Part::Quiet => review.quiet.total,
        }
    }

    /// The part's rows as loaded, as items.
    pub fn items(self, review: &Review) -> Vec<Item<'_>> {
        match self {
            Part::Overdue => tasks(self, &review.overdue),
            Part::Today => tasks(self, &review.today),
            Part::Upcoming => tasks(self, &review.upcoming),
            Part::Cases => review.cases.rows.iter().map(Item::Case).collect(),
            Part::Quiet => review.quiet.rows.iter().map(Item::Quiet).collect(),
        }
    }
}

fn tasks(part: Part, section: &Section<TaskRow>) -> Vec<Item<'_>> {
    section.rows.iter().map(|r| Item::Task(part, r)).collect()
}

/// One row the Today view's cursor moves over.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item<'a> {
    Task(Part, &'a TaskRow),
    Case(&'a CaseRow),
    Quiet(&'a QuietRow),
}

/// What an item is, whatever section or mode shows it: the same task,
/// case or quiet customer in the sections and in the ranked queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    Task(TaskId),
    Case(CaseId),
    Quiet(CustomerId),
}

impl Item<'_> {
    pub fn key(&self) -> Key {
        match self {
            Item::Task(_, row) => Key::Task(row.task.id),
            Item::Case(row) => Key::Case(row.case.id),
            Item::Quiet(row) => Key::Quiet(row.id),
        }
    }
}

/// The key of a row of the ranked queue.
pub fn ranked_key(r: &Ranked) -> Key {
    match &r.item {
        Queued::Task { task, .. } => Key::Task(task.id),
        Queued::Case { case, .. } => Key::Case(case.id),
        Queued::Quiet { customer } => Key::Quiet(customer.id),
    }
}

/// Every row of the sections, in order.
pub fn items(review: &Review) -> Vec<Item<'_>> {
    Part::ALL.iter().flat_map(|p| p.items(review)).collect()
}

/// The sections' rows of the model's review (none before it loads).
pub fn rows(model: &Model) -> Vec<Item<'_>> {
    model.review.as_ref().map_or_else(Vec::new, items)
}

/// Where the sections' rows fall on the view's lines: the line of each
/// row (by row index) and how many lines there are. A section with
/// nothing in it is left out, as `rolo today` leaves it out; between two
/// sections, a blank line; over each, its heading; under a section with
/// more than was read, one "… and N more" line. The view draws by it and
/// the cursor scrolls by it, so the two always agree.
pub fn layout(review: &Review) -> (Vec<usize>, usize) {
    let mut row_lines = Vec::new();
    let mut lines = 0;
    for part in Part::ALL {
        let total = part.total(review);
        if total == 0 {
            continue;
        }
        if lines > 0 {
            lines += 1;
        }
        lines += 1;
        let rows = part.items(review).len();
        row_lines.extend(lines..lines + rows);
        lines += rows;
        if total as usize > rows {
            lines += 1;
        }
    }
    (row_lines, lines)
}

/// Keep the Today view's cursor on its rows and its row on screen: in the
/// ranked queue a row is a line; over the sections `offset` is the first
/// line shown, moved only when the cursor would leave the screen (up to
/// the heading of a section's first row, or down with one line of what
/// follows in view).
pub fn clamp(model: &mut Model) {
    let height = model.full_height();
    if model.today_ranked {
        let len = model.ranked.as_ref().map_or(0, |q| q.rows.len());
        model.today.clamp(len, height);
        return;
    }
    let Some(review) = &model.review else {
        model.today = Default::default();
        return;
    };
    let (row_lines, lines) = layout(review);
    // The first line holds the counts.
    let height = height.saturating_sub(1).max(1);
    let cursor = &mut model.today;
    cursor.index = cursor.index.min(row_lines.len().saturating_sub(1));
    let Some(&line) = row_lines.get(cursor.index) else {
        cursor.offset = 0;
        return;
    };
    let opens_section = cursor.index == 0 || row_lines[cursor.index - 1] + 1 != line;
    let top = if opens_section { line - 1 } else { line };
    if top < cursor.offset {
        cursor.offset = top;
    } else if line >= cursor.offset + height {
        cursor.offset = (line + 2).saturating_sub(height).min(line);
    }
    cursor.offset = cursor.offset.min(lines.saturating_sub(height)).min(line);
}

/// The key of the row under the Today view's cursor, in either mode.
pub fn selected_key(model: &Model) -> Option<Key> {
    if model.today_ranked {
        let queue = model.ranked.as_ref()?;
        queue.rows.get(model.today.index).map(ranked_key)
    } else {
        rows(model).get(model.today.index).map(Item::key)
    }
}

/// The ranked queue's row for the Today view's selection, in either mode:
/// what "why?" explains.
pub fn ranked_for_selection(model: &Model) -> Option<&Ranked> {
    if model.view != Screen::Today {
        return None;
    }
    let queue = model.ranked.as_ref()?;
    if model.today_ranked {
        return queue.rows.get(model.today.index);
    }
    let key = selected_key(model)?;
    queue.rows.iter().find(|r| ranked_key(r) == key)
}

/// Put the cursor back on `key` after a reload moved it (a task that fell
/// due moves from "Today" to "Overdue"); a row that is gone leaves the
/// cursor where it was.
pub fn keep_selection(model: &mut Model, key: Option<Key>) {
    let Some(key) = key else { return };
    let found = if model.today_ranked {
        model
            .ranked
            .as_ref()
            .and_then(|q| q.rows.iter().position(|r| ranked_key(r) == key))
    } else {
        rows(model).iter().position(|item| item.key() == key)
    };
    if let Some(index) = found {
        model.today.index = index;
    }
}

/// Time moved on (the model's `now` is already `now`): if the review went
/// stale, announce what fell due and ask for it again.
pub fn tick(model: &mut Model, now: DateTime<FixedOffset>) -> Vec<Effect> {
    let Some(review) = &model.review else {
        return vec![];
    };
    let now_key = Due::moment_key(now.naive_local());
    if now_key <= review.next_change() {
        return vec![];
    }
    // Tasks whose time came since the last announcement (a task moved to a
    // later time is announced again when that comes; one already overdue
    // when the review was read never is).
    let since = model
        .today_clock
        .announced_until
        .unwrap_or_else(|| Due::moment_key(review.as_of.naive_local()));
    let fell: Vec<&TaskRow> = review
        .today
        .rows
        .iter()
        .filter(|r| match r.task.due {
            Some(due @ Due::At(_)) => (since..now_key).contains(&due.sort_key()),
            _ => false,
        })
        .collect();
    let message = due_message(&fell);
    let as_of = review.as_of;
    model.today_clock.announced_until = Some(now_key.max(since));
    let mut effects = Vec::new();
    if let Some(text) = message {
        super::toast(model, text.clone(), false);
        if let Some(toast) = &mut model.toast {
            toast.until = now + Duration::seconds(DUE_TOAST_SECS);
        }
        effects.push(Effect::Notify(text));
    }
    // Once per stale review, again if no answer came for a while.
    let asked = model
        .today_clock
        .asked
        .is_some_and(|(of, at)| of == as_of && now - at < Duration::seconds(RETRY_SECS));
    if !asked {
        model.today_clock.asked = Some((as_of, now));
        effects.extend(refresh(model));
    }
    effects
}

/// What goes stale with the clock: the review, the ranked queue when it is
/// shown, and the Tasks pane (its window is "up to a week from today").
fn refresh(model: &Model) -> Vec<Effect> {
    let mut effects = vec![Effect::LoadReview, super::tasks_effect(model)];
    if needs_ranked(model) {
        effects.push(Effect::LoadRanked);
    }
    effects
}

/// Whether the ranked queue is on screen: its mode, or "why?" over the sections.
pub fn needs_ranked(model: &Model) -> bool {
    model.today_ranked || (model.view == Screen::Today && model.why)
}

/// `Due now: #12 call Ann (Acme) and 2 more`; `None` when nothing fell due.
fn due_message(fell: &[&TaskRow]) -> Option<String> {
    let first = fell.first()?;
    let mut text = format!("Due now: {} {}", first.task.id, first.task.title);
    if let Some(name) = first.customer_name.as_deref().filter(|n| !n.is_empty()) {
        text.push_str(&format!(" ({name})"));
    }
    if fell.len() > 1 {
        text.push_str(&format!(" and {} more", fell.len() - 1));
    }
    Some(text)
}
