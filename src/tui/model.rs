//! Everything the screen shows, as plain data. `update` changes it, `view`
//! draws it; neither touches the terminal, the store or the clock.

use super::msg::{CaseRow, Detail, Failure, Row, RowDetail, Sales, Segment, Sort};
use crate::config::keymap::{Key, Keymap, Mode};
use crate::domain::CustomerId;
use crate::review::{Review, TaskRow};
use crate::search::Hit;
use chrono::{DateTime, FixedOffset};
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Screen {
    #[default]
    Main,
    Today,
    Reports,
    Deals,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    #[default]
    Customers,
    Timeline,
    Tasks,
}

impl Pane {
    pub fn next(self) -> Pane {
        match self {
            Pane::Customers => Pane::Timeline,
            Pane::Timeline => Pane::Tasks,
            Pane::Tasks => Pane::Customers,
        }
    }
    pub fn prev(self) -> Pane {
        self.next().next()
    }
}

/// Whose tasks the Tasks pane lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    #[default]
    Everyone,
    Customer,
}

/// A one-line text input with a cursor (a byte offset on a char boundary).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Input {
    pub text: String,
    pub cursor: usize,
}

impl Input {
    pub fn with(text: &str) -> Input {
        Input {
            text: text.to_string(),
            cursor: text.len(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Palette {
    pub input: Input,
    /// Where we are in the history while browsing it with ↑/↓.
    pub history_pos: Option<usize>,
    pub error: Option<Failure>,
    /// Completions for the word under the cursor, best first.
    pub completions: Vec<Completion>,
    /// The sequence number of the customer search feeding `completions`.
    pub search_seq: u64,
    /// The deal board was asked for, to complete deal ids and stages.
    pub deals_asked: bool,
}

/// A suggestion for the word being typed: what the list shows, what Tab inserts.
#[derive(Debug, Clone, PartialEq)]
pub struct Completion {
    pub label: String,
    pub insert: String,
}

/// A choice among candidates: an ambiguous customer, or snooze presets.
#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    pub title: String,
    pub items: Vec<(String, PickerAction)>,
    pub cursor: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PickerAction {
    /// Re-run the palette line with the customer words replaced by this id.
    RunLine(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Palette(Palette),
    Help {
        scroll: usize,
    },
    /// The last messages in full, newest at the bottom; `scroll` counts
    /// lines up from the newest.
    Messages {
        scroll: usize,
    },
    Picker(Picker),
    /// A form (a customer, a timeline entry, a task); its state is `Model::form`.
    Form,
    /// The detail view: one record whole (Enter on a row).
    Show(super::show::Show),
    /// An import from the palette: its gauge while it runs, then its summary.
    /// Modal: keys go to it through the picker table (Esc cancels or closes).
    Import(Import),
    /// Find in everything written (ctrl-f): a line, and the hits.
    Find(Box<Find>),
}

/// The find overlay: full-text search over interactions, tasks, notes,
/// deals and cases (`crate::grep`), run by the find worker.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Find {
    pub input: Input,
    /// The keyboard is on the hits (plain keys move) instead of the line.
    pub browsing: bool,
    /// The sequence number of the latest query; older answers are dropped.
    pub seq: u64,
    /// The latest query has its answer (else "searching…", and the hits
    /// shown are the previous query's).
    pub answered: bool,
    /// Newest first, at most `tui::find::LIMIT`.
    pub hits: Vec<crate::grep::TextHit>,
    /// How many entries matched in all.
    pub total: usize,
    pub cursor: Cursor,
    /// Said instead of hits: a query too long, a search that failed.
    pub problem: Option<String>,
    /// Enter came before the answer: jump to its first hit when it comes.
    pub jump_on_answer: bool,
}

/// An entry of the Timeline pane, by what it is of which record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKey {
    Logged(crate::domain::InteractionId),
    CaseOpened(crate::domain::CaseId),
    CaseResolved(crate::domain::CaseId),
    DealClosed(crate::domain::DealId),
    Ordered(crate::domain::OrderId),
}

/// Where a jump from a find hit goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JumpTo {
    /// The Timeline's cursor on this entry.
    Entry(EntryKey),
    /// The Tasks pane's cursor on this task.
    Task(crate::domain::TaskId),
}

/// A jump waiting for what it lands on to load (the customer's timeline,
/// deals and cases, or the Tasks pane's rows). The next key drops it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Jump {
    /// `None`: a task of nobody's, in everyone's queue.
    pub customer: Option<CustomerId>,
    pub to: JumpTo,
}

/// An import started from the palette.
#[derive(Debug, Clone, PartialEq)]
pub struct Import {
    /// The file as typed.
    pub path: String,
    pub dry_run: bool,
    pub state: ImportState,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ImportState {
    Running {
        /// `None` until the worker's first report.
        progress: Option<crate::exec::import::Progress>,
        /// Esc was pressed; the worker has not answered yet.
        cancelling: bool,
    },
    Finished(super::msg::ImportEnd),
}

impl Import {
    pub fn running(&self) -> bool {
        matches!(self.state, ImportState::Running { .. })
    }
}

/// A message the status line showed, kept for `:messages`.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub at: DateTime<FixedOffset>,
    /// In full, as it was made (the status line may have shortened it).
    pub text: String,
    pub error: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Toast {
    pub text: String,
    pub error: bool,
    pub until: DateTime<FixedOffset>,
}

/// The customer filter: typed on `/`, matched by the search worker.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    pub input: Input,
    pub editing: bool,
    /// The sequence number of the filter's latest query; older answers are dropped.
    pub seq: u64,
    /// `None` until the first results arrive for a non-empty query.
    pub hits: Option<Vec<Hit>>,
    /// How many customers matched in all (`hits` holds the best of them).
    pub total: usize,
}

/// A scrollable list position.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub index: usize,
    pub offset: usize,
}

impl Cursor {
    /// Keep within `len` rows and scroll so the cursor stays in a window of `height`.
    pub fn clamp(&mut self, len: usize, height: usize) {
        self.index = self.index.min(len.saturating_sub(1));
        let height = height.max(1);
        if self.index < self.offset {
            self.offset = self.index;
        } else if self.index >= self.offset + height {
            self.offset = self.index + 1 - height;
        }
        self.offset = self.offset.min(len.saturating_sub(height));
    }
}

/// The Reports view: which report, how far back, charts or table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reports {
    /// Index into `report::ReportName::ALL`.
    pub tab: usize,
    /// Periods back from the report's default one (0 = the current one).
    pub back: u32,
    /// The table instead of the charts.
    pub table: bool,
    /// First table row on screen.
    pub scroll: usize,
    /// The latest answer; shown when it is for the report and period asked for.
    pub loaded: Option<LoadedReport>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LoadedReport {
    pub name: crate::report::ReportName,
    pub period: crate::report::Period,
    pub result: Result<Box<crate::report::Output>, String>,
}

impl Reports {
    pub fn name(&self) -> crate::report::ReportName {
        let all = crate::report::ReportName::ALL;
        all[self.tab.min(all.len() - 1)]
    }

    /// The period asked for: the report's default, `back` periods earlier.
    pub fn period(&self, today: chrono::NaiveDate) -> crate::report::Period {
        super::update::screens::earlier(
            crate::report::Period::default_for(self.name(), today),
            self.back,
        )
    }

    /// What was loaded for the report and period on screen, if it has come.
    pub fn current(
        &self,
        today: chrono::NaiveDate,
    ) -> Option<&Result<Box<crate::report::Output>, String>> {
        let loaded = self.loaded.as_ref()?;
        (loaded.name == self.name() && loaded.period == self.period(today))
            .then_some(&loaded.result)
    }
}

/// Time passing over the Today view (`update::today::tick`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TodayClock {
    /// Tasks falling due before this moment (a `Due` key) were announced.
    pub announced_until: Option<i64>,
    /// A fresh review was asked for because the one read at `.0` went
    /// stale, at `.1`.
    pub asked: Option<(DateTime<FixedOffset>, DateTime<FixedOffset>)>,
}

/// The Deals view: the board as loaded and where the selection is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Deals {
    /// `None` until the first load.
    pub board: Option<super::msg::DealBoard>,
    /// The selected column (a stage) and deal in it.
    pub column: usize,
    pub row: usize,
}

impl Deals {
    pub fn selected(&self) -> Option<&super::msg::DealCard> {
        self.board
            .as_ref()?
            .columns
            .get(self.column)?
            .deals
            .get(self.row)
    }
}

/// A row of the Tasks pane, to find it again after a reload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskKey {
    Task(crate::domain::TaskId),
    Case(crate::domain::CaseId),
}

pub struct Model {
    pub now: DateTime<FixedOffset>,
    pub width: u16,
    pub height: u16,
    pub keymap: Arc<Keymap>,
    pub view: Screen,
    pub focus: Pane,
    pub overlay: Option<Overlay>,
    /// Keys typed so far of a chord (`g` of `g g`), for which-key.
    pub pending: Vec<Key>,
    /// What can follow `pending`, for the which-key popup.
    pub which_key: Vec<(Key, String)>,

    /// Every customer, in id order; empty until loaded.
    pub rows: Vec<Row>,
    pub names_loaded: bool,
    /// Only the first page is loaded yet; `customer_total` says how many there are.
    pub partial: bool,
    pub customer_total: u64,
    pub search_ready: bool,
    pub sort: Sort,
    /// Row indices sorted by name (built once per load).
    pub by_name: Vec<u32>,
    /// Orders loaded from the store, as row indices.
    pub orders: HashMap<Sort, Vec<u32>>,
    pub filter: Filter,
    /// The rows the list shows, in order (indices into `rows`).
    pub visible: Vec<u32>,
    pub list: Cursor,
    pub row_details: HashMap<CustomerId, RowDetail>,

    pub detail: Option<Detail>,
    /// Deals, cases and tier of a customer (drawn only while it is `detail`'s).
    pub sales: Option<Sales>,
    pub timeline: Cursor,
    pub scope: Scope,
    pub tasks: Vec<TaskRow>,
    /// Open service cases in the Tasks pane's scope, oldest first.
    pub cases: Vec<CaseRow>,
    pub task_cursor: Cursor,
    /// A row an undo brings back to the Tasks pane: the cursor lands on it
    /// when the reload shows it (`u` after `x` selects the task again).
    pub land_task: Option<TaskKey>,
    /// The saved view narrowing the customer list (`segment NAME`).
    pub segment: Option<Segment>,
    /// The saved views' names, as last read (for `segment` completion).
    pub view_names: Vec<String>,

    pub review: Option<Review>,
    pub done_today: u64,
    pub today: Cursor,
    /// The Today view shows the ranked queue instead of its sections.
    pub today_ranked: bool,
    pub ranked: Option<super::msg::RankedQueue>,
    /// "Why is this first?" is open over the ranked queue.
    pub why: bool,
    /// When the review goes stale and what was announced (time passing).
    pub today_clock: TodayClock,

    pub history: Vec<String>,
    /// Draw phones and emails as OSC 8 `tel:` / `mailto:` links.
    pub hyperlinks: bool,
    /// A customer to select once the list reloads (one just added).
    pub select_next: Option<CustomerId>,
    /// The open form (shown while `overlay` is `Overlay::Form`).
    pub form: Option<super::form::Form>,
    /// The database the app has open, once the runtime has said (drafts
    /// are written only then, naming it).
    pub database: Option<super::form::DatabaseIdentity>,
    /// Writes made in this session, newest last, each with what undoes it.
    pub undo: Vec<(String, crate::store::Undo)>,
    /// The interaction logged last in this session, while it stands (not
    /// undone or removed since): what `fix log: …` with no id corrects.
    pub last_logged: Option<crate::domain::InteractionId>,
    /// The palette line whose command is running, to reopen it on an error.
    pub pending_line: Option<String>,
    pub toast: Option<Toast>,
    /// The last messages shown (toasts, errors), oldest first, at most
    /// `update::messages::KEPT`.
    pub messages: Vec<Message>,
    /// How many messages were ever shown: a key that shows none leaves it.
    pub messages_shown: u64,
    pub generation: Option<(u64, u64)>,
    pub quit: bool,
    /// Numbers every search request (filter, palette and find alike), so
    /// each answer goes to whoever asked last and stale ones are dropped.
    pub search_seq: u64,
    /// A jump from the find overlay, until its target has loaded.
    pub jump: Option<Jump>,

    /// The Reports view: which report, its period, what was loaded.
    pub reports: Reports,
    /// The Deals view: the pipeline board and the selected deal.
    pub deals: Deals,
}

impl Model {
    pub fn new(keymap: Arc<Keymap>, now: DateTime<FixedOffset>, history: Vec<String>) -> Model {
        Model {
            now,
            width: 80,
            height: 24,
            keymap,
            view: Screen::Main,
            focus: Pane::Customers,
            overlay: None,
            pending: Vec::new(),
            which_key: Vec::new(),
            rows: Vec::new(),
            names_loaded: false,
            partial: false,
            customer_total: 0,
            search_ready: false,
            sort: Sort::Name,
            by_name: Vec::new(),
            orders: HashMap::new(),
            filter: Filter::default(),
            visible: Vec::new(),
            list: Cursor::default(),
            row_details: HashMap::new(),
            detail: None,
            sales: None,
            timeline: Cursor::default(),
            scope: Scope::Everyone,
            tasks: Vec::new(),
            cases: Vec::new(),
            task_cursor: Cursor::default(),
            land_task: None,
            segment: None,
            view_names: Vec::new(),
            review: None,
            done_today: 0,
            today: Cursor::default(),
            today_ranked: false,
            ranked: None,
            why: false,
            today_clock: TodayClock::default(),
            history,
            pending_line: None,
            undo: Vec::new(),
            last_logged: None,
            form: None,
            database: None,
            select_next: None,
            hyperlinks: false,
            toast: None,
            messages: Vec::new(),
            messages_shown: 0,
            generation: None,
            quit: false,
            search_seq: 0,
            jump: None,
            reports: Default::default(),
            deals: Default::default(),
        }
    }

    /// The import overlay, if it is up.
    pub fn import(&self) -> Option<&Import> {
        match &self.overlay {
            Some(Overlay::Import(import)) => Some(import),
            _ => None,
        }
    }

    /// The keymap table for what has the keyboard now.
    pub fn mode(&self) -> Mode {
        match &self.overlay {
            Some(Overlay::Palette(_)) => Mode::Palette,
            // A page to read, like help: the same keys scroll and close it.
            Some(Overlay::Help { .. } | Overlay::Messages { .. }) => Mode::Help,
            Some(Overlay::Picker(_)) => Mode::Picker,
            Some(Overlay::Form) => Mode::Form,
            Some(Overlay::Show(_)) => Mode::Detail,
            // Esc and Enter mean close and choose there, as they do here.
            Some(Overlay::Import(_)) => Mode::Picker,
            Some(Overlay::Find(_)) => Mode::Find,
            None => self.screen_mode(),
        }
    }

    /// The keymap table of the view on screen, under any overlay.
    pub fn screen_mode(&self) -> Mode {
        match self.view {
            Screen::Main => Mode::Main,
            Screen::Today => Mode::Today,
            Screen::Reports => Mode::Reports,
            Screen::Deals => Mode::Deals,
        }
    }

    /// The customer under the list cursor.
    pub fn selected_row(&self) -> Option<&Row> {
        let index = *self.visible.get(self.list.index)?;
        self.rows.get(index as usize)
    }

    pub fn selected_id(&self) -> Option<CustomerId> {
        self.selected_row().map(|r| r.id)
    }

    /// The filter hit for a visible position, when a filter is active.
    pub fn hit_at(&self, position: usize) -> Option<&Hit> {
        self.filter.hits.as_ref()?.get(position)
    }

    /// How many customer rows are on screen (the filter line takes one).
    pub fn list_height(&self) -> usize {
        let rows = super::view::pane_rows(self.width, self.height).list;
        let filter = self.filter.editing || !self.filter.input.text.is_empty();
        rows.saturating_sub(usize::from(filter)).max(1)
    }

    /// How many timeline entries are on screen under the card.
    pub fn timeline_height(&self) -> usize {
        let rows = super::view::pane_rows(self.width, self.height).timeline;
        let card = super::view::card_height(self, rows);
        rows.saturating_sub(card).max(1)
    }

    /// The selected customer's deals and cases, once loaded for them.
    pub fn current_sales(&self) -> Option<&Sales> {
        let id = self.detail.as_ref()?.customer.id;
        self.sales.as_ref().filter(|s| s.customer == id)
    }

    /// How many hits the find overlay shows.
    pub fn find_height(&self) -> usize {
        super::view::find_rows(self.width, self.height).max(1)
    }

    /// The find overlay, if it is up.
    pub fn find(&self) -> Option<&Find> {
        match &self.overlay {
            Some(Overlay::Find(find)) => Some(find),
            _ => None,
        }
    }

    pub fn tasks_height(&self) -> usize {
        super::view::pane_rows(self.width, self.height).tasks.max(1)
    }

    /// Rows of the Today view and the help overlay.
    pub fn full_height(&self) -> usize {
        super::view::pane_rows(self.width, self.height).full.max(1)
    }

    /// Index of a customer id in `rows` (rows are in id order).
    pub fn row_index(&self, id: CustomerId) -> Option<usize> {
        self.rows.binary_search_by_key(&id, |r| r.id).ok()
    }
}
