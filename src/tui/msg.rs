//! What flows through the loop: `Msg` in (keys, ticks, results), `Effect`
//! out (work for the store, search and terminal). `update` turns one into
//! the other without doing any I/O.

use crate::config::keymap::Key;
use crate::domain::{Customer, CustomerId, Interaction, Task};
use crate::exec::Done;
use crate::palette::Command;
use crate::review::Review;
use crate::search::Hit;
use chrono::{DateTime, FixedOffset};

/// Light data for one list row; the full record is read only when selected.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub id: CustomerId,
    pub name: String,
    pub company: String,
    /// Only the search index needs it, and it is built from the store, so
    /// the runtime leaves it empty (100k emails would cost ~3 MB); tests fill it.
    pub email: String,
}

/// What the list shows beside a name, fetched for the visible rows only.
#[derive(Debug, Clone, PartialEq)]
pub struct RowDetail {
    pub stage: crate::domain::Stage,
    pub tags: Vec<String>,
    pub last_contact: Option<DateTime<FixedOffset>>,
}

/// The selected customer's card, timeline and tasks.
#[derive(Debug, Clone, PartialEq)]
pub struct Detail {
    pub customer: Customer,
    /// What each of `customer.phones` reads as (shown form, `tel:` key).
    pub phones: Vec<crate::domain::phone::Forms>,
    pub timeline: Vec<Interaction>,
    pub tasks: Vec<Task>,
}

/// The selected customer's deals, service cases and value tier, loaded
/// beside its `Detail` (the tier is worked out there, not in the view).
#[derive(Debug, Clone, PartialEq)]
pub struct Sales {
    pub customer: CustomerId,
    /// In id order.
    pub deals: Vec<crate::domain::Deal>,
    /// In id order.
    pub cases: Vec<crate::domain::Case>,
    /// Oldest first.
    pub orders: Vec<crate::domain::Order>,
    pub tier: crate::domain::Tier,
    /// What they bought in the last 12 months (orders, and won deals no
    /// order was made from), minor units of `currency`: their tier's spend.
    pub spend_year: i64,
    /// The base currency (config `currency`).
    pub currency: String,
}

/// An open service case in the task queue, with its customer's name.
pub use crate::review::CaseRow;

/// The top of the ranked daily queue and how many items were ranked.
#[derive(Debug, Clone, PartialEq)]
pub struct RankedQueue {
    pub rows: Vec<crate::queue::Ranked>,
    pub total: usize,
}

/// The customers of a saved view (`segment NAME`), sorted by id.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub name: String,
    pub ids: Vec<CustomerId>,
}

/// Customer orders other than by name, as loaded from the indexes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Sort {
    #[default]
    Name,
    /// Longest without contact first: who needs a call.
    LastContact,
    /// Soonest open task first.
    NextDue,
}

impl Sort {
    pub fn next(self) -> Sort {
        match self {
            Sort::Name => Sort::LastContact,
            Sort::LastContact => Sort::NextDue,
            Sort::NextDue => Sort::Name,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Sort::Name => "name",
            Sort::LastContact => "last contact",
            Sort::NextDue => "next due",
        }
    }
}

#[derive(Debug)]
pub enum Msg {
    Key(Key),
    /// Pasted text (bracketed paste), for the palette and forms.
    Paste(String),
    Resized(u16, u16),
    /// The clock moved on; also when to check for writes by other processes.
    Tick(DateTime<FixedOffset>),
    /// The database's write counter; a change means something to reload.
    Generation {
        all: u64,
        names: u64,
    },
    /// Every customer's list row, in id order; the name order is computed here.
    NamesLoaded(Vec<Row>),
    /// The same, with the name order computed off the UI thread (`by_name`
    /// holds row indices), as the runtime sends it.
    NamesSorted {
        rows: Vec<Row>,
        by_name: Vec<u32>,
    },
    /// The first screenful in name order, from a cheap read, so the panes
    /// draw before all names are loaded; `total` is the number of customers.
    FirstPage {
        rows: Vec<Row>,
        total: u64,
    },
    /// The search index is built; filtering is exact from now on.
    SearchReady,
    RowDetails(Vec<(CustomerId, RowDetail)>),
    OrderLoaded(Sort, Vec<CustomerId>),
    DetailLoaded(Box<Detail>),
    TasksLoaded(Vec<crate::review::TaskRow>),
    /// The selected customer's deals, cases and tier (sent after `DetailLoaded`).
    SalesLoaded(Box<Sales>),
    /// Open service cases for the Tasks pane's scope (sent after `TasksLoaded`).
    CasesLoaded(Vec<CaseRow>),
    /// The ranked daily queue for the Today view.
    RankedLoaded(RankedQueue),
    /// A saved view's customers, or why it could not be read.
    SegmentLoaded(Result<Segment, String>),
    ViewNamesLoaded(Vec<String>),
    ReviewLoaded {
        review: Box<Review>,
        done_today: u64,
    },
    /// Search results for the query with this sequence number.
    Searched {
        seq: u64,
        hits: Vec<Hit>,
        /// How many entries matched in all (`hits` is the best of them);
        /// `None` when `hits` is all of them.
        total: Option<usize>,
    },
    /// What the find overlay's query with this sequence number found in
    /// everything written (or why the search failed).
    Found {
        seq: u64,
        result: Result<Box<crate::grep::Found>, String>,
    },
    /// A command ran (or failed: the message says why and, for a palette line, where).
    Applied(Result<Box<Outcome>, Failure>),
    /// A store read failed; shown as a toast, the loop goes on.
    LoadFailed(String),
    /// Sample data was loaded (or could not be).
    DemoLoaded(Result<crate::exec::demo::DemoCounts, String>),
    /// Files and directories for the palette's path completion (for the
    /// request with this sequence number): what Tab inserts, directories
    /// ending in `/`.
    PathsListed {
        seq: u64,
        paths: Vec<String>,
    },
    /// How far the import worker has got (at most a few a second).
    ImportProgress(crate::exec::import::Progress),
    /// The import worker is done: imported, refused, cancelled or failed.
    ImportFinished(ImportEnd),
    /// Which database the app has open (for drafts), as the runtime found it.
    DatabaseIdentified(super::form::DatabaseIdentity),
    /// A draft of this database left by a session that ended without saving it.
    DraftFound(Box<super::form::Draft>),
    /// `$EDITOR` returned (the new text) or could not run.
    Edited(Result<String, String>),
    /// The terminal went away or SIGHUP/SIGTERM arrived: leave cleanly.
    Shutdown,
    /// The Deals view's board.
    DealsLoaded(Box<DealBoard>),
    /// A report for the Reports view, or why it could not be read.
    ReportLoaded(Box<super::model::LoadedReport>),
    /// The record of the detail view, read again whole (or why not: it
    /// is gone).
    ShownLoaded(super::show::Key, Result<Box<super::show::Shown>, String>),
}

/// The Deals view's data: open deals by stage, in the base currency.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DealBoard {
    /// The base currency every amount here is in.
    pub currency: String,
    /// One per pipeline stage in order (then any stage the pipeline no longer has).
    pub columns: Vec<DealColumn>,
    /// Closed this calendar month.
    pub won: Tally,
    pub lost: Tally,
    /// Open deals left out of the totals: no rate to the base currency.
    pub unconverted: usize,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct DealColumn {
    pub stage: String,
    pub probability: u8,
    pub deals: Vec<DealCard>,
    /// Sums of the deals' amounts and weighted amounts (base minor units).
    pub total: i64,
    pub weighted: i64,
}

/// How many deals and how much, in base minor units.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub count: usize,
    pub amount: i64,
}

/// One deal as a card shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct DealCard {
    pub id: crate::domain::DealId,
    pub customer: CustomerId,
    pub customer_name: String,
    pub title: String,
    /// In base minor units; `None` when there is no rate for `currency`.
    pub amount: Option<i64>,
    /// The deal's own amount and currency, shown when it cannot be converted.
    pub own_amount: i64,
    pub currency: String,
    pub expected_close: Option<chrono::NaiveDate>,
}

/// How an import from the palette ended.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportEnd {
    /// Written (or, for a dry run, checked and rolled back).
    Imported(Box<crate::exec::import::Report>),
    /// Some rows are bad and `--skip-invalid` was not given: nothing was imported.
    Invalid(Box<crate::exec::import::Report>),
    /// Esc: nothing was written.
    Cancelled,
    /// The file could not be read, decoded or written; the message says why.
    Failed(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum SaveCustomer {
    New(Box<crate::domain::CustomerDraft>),
    /// A patch and the customer as the form loaded it (to catch a change
    /// made elsewhere meanwhile).
    Edit(
        Box<crate::domain::Customer>,
        Box<crate::domain::CustomerPatch>,
    ),
}

/// A command that ran, and how to take it back.
#[derive(Debug)]
pub struct Outcome {
    pub done: Done,
    pub undo: crate::store::Undo,
}

/// A failed command, as the user should see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub message: String,
    /// Byte span in the palette line, when the error points at words in it.
    pub span: Option<std::ops::Range<usize>>,
    /// The customers to choose from when the words matched several.
    pub candidates: Vec<crate::exec::Candidate>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    LoadFirstPage,
    LoadNames,
    LoadOrder(Sort),
    LoadRowDetails(Vec<CustomerId>),
    LoadDetail(CustomerId),
    /// Tasks of one customer, or everyone's open queue.
    LoadTasks(Option<CustomerId>),
    LoadReview,
    /// The ranked daily queue (`crate::queue`).
    LoadRanked,
    /// The customers of the saved view with this name.
    LoadSegment(String),
    /// The names of the saved views, for `segment` completion.
    LoadViewNames,
    CheckGeneration,
    Search {
        seq: u64,
        query: String,
    },
    /// Search everything written for `query` (the find overlay), off the
    /// UI thread; a newer `Find` or a `StopFind` makes the answer unwanted.
    Find {
        seq: u64,
        query: String,
    },
    /// The find overlay closed or its query emptied: stop any search.
    StopFind,
    Run(Command),
    /// Save the customer form: a new customer, or changed fields of one.
    SaveCustomer(SaveCustomer),
    /// Find out which database is open: its canonical path and id.
    IdentifyDatabase,
    /// Look for a draft of this database (the loop reads it from disk).
    LoadDraft(super::form::DatabaseIdentity),
    /// Keep the open form on disk (0600) until it is saved or cancelled.
    SaveDraft(Box<super::form::Draft>),
    /// The form is saved or cancelled: remove this database's draft.
    DiscardDraft(super::form::DatabaseIdentity),
    /// Suspend the UI and edit this text in `$VISUAL` / `$EDITOR`.
    EditExternally(String),
    /// Take back a write (the newest on the model's undo stack).
    Undo(crate::store::Undo),
    LoadDemo,
    /// List what the path being typed could complete to.
    ListPaths {
        seq: u64,
        partial: String,
    },
    /// Import a file on the import worker, reporting progress.
    Import(crate::palette::ImportLine),
    /// Ask the running import to stop (it writes nothing then).
    CancelImport,
    /// Put text on the clipboard with OSC 52 (works over SSH).
    Copy(String),
    Quit,
    /// The Deals view's board.
    LoadDeals,
    /// One report over one period, for the Reports view.
    LoadReport(crate::report::ReportName, crate::report::Period),
    /// A task fell due: ring the bell and raise a desktop notification
    /// with this text, as config `notify` and the terminal allow.
    Notify(String),
    /// The record of the detail view, whole (the task an entry created,
    /// the entry a task came from, as the store has them).
    LoadShown(super::show::Key),
}
