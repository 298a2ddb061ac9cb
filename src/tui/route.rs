//! Where each `Effect` goes: ONE exhaustive match, no catch-all arm, so a
//! new effect does not compile until it is routed here. Everything after
//! this point matches on the typed subsets below (again exhaustively), so
//! no worker needs an "anything else" arm that would swallow a new effect.
//!
//! - [`Local`]: the loop's own — the terminal (clipboard, bell, `$EDITOR`)
//!   and the drafts on disk (`tui::run`).
//! - [`Job::Write`] and [`Job::Read`]: the store worker, one at a time; reads
//!   are answered by [`super::read::answer`].
//! - the other [`Job`]s: the search worker, the find worker, the report
//!   worker, the import thread, or a thread of their own
//!   (`runtime::Runtime::dispatch`).

use super::form::{DatabaseIdentity, Draft};
use super::msg::{Effect, SaveCustomer, Sort};
use crate::domain::CustomerId;
use crate::palette::{Command, ImportLine};
use crate::report::{Period, ReportName};

/// Where an effect is carried out.
#[derive(Debug)]
pub enum Route {
    Local(Local),
    Job(Job),
}

/// Done by the loop itself, on the UI thread: it owns the terminal.
#[derive(Debug)]
pub enum Local {
    Copy(String),
    Quit,
    LoadDraft(DatabaseIdentity),
    SaveDraft(Box<Draft>),
    DiscardDraft(DatabaseIdentity),
    EditExternally(String),
    /// Ring the bell / raise a desktop notification (config `notify`).
    Notify(String),
}

/// Work for the runtime's workers.
#[derive(Debug)]
pub enum Job {
    Write(Write),
    Read(Read),
    Search {
        seq: u64,
        query: String,
    },
    /// Full-text search on the find worker (`tui::find`).
    Find {
        seq: u64,
        query: String,
    },
    StopFind,
    /// Every name and the search index, beside the store worker.
    LoadNames,
    Report(ReportName, Period),
    Import(ImportLine),
    CancelImport,
    ListPaths {
        seq: u64,
        partial: String,
    },
}

/// A write transaction on the store worker; its answer is `Msg::Applied`
/// (`Msg::DemoLoaded` for the demo).
#[derive(Debug)]
pub enum Write {
    Run(Command),
    SaveCustomer(SaveCustomer),
    Undo(crate::store::Undo),
    LoadDemo,
}

/// A read on the store worker; `read::answer` turns it into Msgs.
#[derive(Debug, Clone, PartialEq)]
pub enum Read {
    FirstPage,
    Order(Sort),
    RowDetails(Vec<CustomerId>),
    /// The card, timeline and tasks, then deals, cases and tier.
    Detail(CustomerId),
    /// The Tasks pane's tasks, then its open cases.
    Tasks(Option<CustomerId>),
    /// The Today view's sections and the "done today" count.
    Today,
    Ranked,
    Segment(String),
    ViewNames,
    Deals,
    Generation,
    IdentifyDatabase,
    /// One record whole, for the detail view.
    Shown(super::show::Key),
}

pub fn route(effect: Effect) -> Route {
    use Route::{Job as J, Local as L};
    match effect {
        Effect::Copy(text) => L(Local::Copy(text)),
        Effect::Quit => L(Local::Quit),
        Effect::LoadDraft(database) => L(Local::LoadDraft(database)),
        Effect::SaveDraft(draft) => L(Local::SaveDraft(draft)),
        Effect::DiscardDraft(database) => L(Local::DiscardDraft(database)),
        Effect::EditExternally(text) => L(Local::EditExternally(text)),
        Effect::Notify(text) => L(Local::Notify(text)),

        Effect::Run(command) => J(Job::Write(Write::Run(command))),
        Effect::SaveCustomer(save) => J(Job::Write(Write::SaveCustomer(save))),
        Effect::Undo(undo) => J(Job::Write(Write::Undo(undo))),
        Effect::LoadDemo => J(Job::Write(Write::LoadDemo)),

        Effect::LoadFirstPage => J(Job::Read(Read::FirstPage)),
        Effect::LoadOrder(sort) => J(Job::Read(Read::Order(sort))),
        Effect::LoadRowDetails(ids) => J(Job::Read(Read::RowDetails(ids))),
        Effect::LoadDetail(id) => J(Job::Read(Read::Detail(id))),
        Effect::LoadTasks(who) => J(Job::Read(Read::Tasks(who))),
        Effect::LoadReview => J(Job::Read(Read::Today)),
        Effect::LoadRanked => J(Job::Read(Read::Ranked)),
        Effect::LoadSegment(name) => J(Job::Read(Read::Segment(name))),
        Effect::LoadViewNames => J(Job::Read(Read::ViewNames)),
        Effect::LoadDeals => J(Job::Read(Read::Deals)),
        Effect::CheckGeneration => J(Job::Read(Read::Generation)),
        Effect::IdentifyDatabase => J(Job::Read(Read::IdentifyDatabase)),
        Effect::LoadShown(key) => J(Job::Read(Read::Shown(key))),

        Effect::Search { seq, query } => J(Job::Search { seq, query }),
        Effect::Find { seq, query } => J(Job::Find { seq, query }),
        Effect::StopFind => J(Job::StopFind),
        Effect::LoadNames => J(Job::LoadNames),
        Effect::LoadReport(name, period) => J(Job::Report(name, period)),
        Effect::Import(line) => J(Job::Import(line)),
        Effect::CancelImport => J(Job::CancelImport),
        Effect::ListPaths { seq, partial } => J(Job::ListPaths { seq, partial }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_writes_and_the_terminal_each_go_their_own_way() {
        assert!(matches!(
            route(Effect::LoadReview),
            Route::Job(Job::Read(Read::Today))
        ));
        assert!(matches!(
            route(Effect::LoadDetail(CustomerId(3))),
            Route::Job(Job::Read(Read::Detail(CustomerId(3))))
        ));
        assert!(matches!(
            route(Effect::LoadDemo),
            Route::Job(Job::Write(Write::LoadDemo))
        ));
        assert!(matches!(
            route(Effect::Notify("Due now".into())),
            Route::Local(Local::Notify(_))
        ));
        assert!(matches!(route(Effect::Quit), Route::Local(Local::Quit)));
        assert!(matches!(
            route(Effect::LoadNames),
            Route::Job(Job::LoadNames)
        ));
        assert!(matches!(
            route(Effect::Find {
                seq: 4,
                query: "报价".into()
            }),
            Route::Job(Job::Find { seq: 4, .. })
        ));
        assert!(matches!(route(Effect::StopFind), Route::Job(Job::StopFind)));
    }
}
