use crate::domain::{CaseId, CustomerId, DealId, InteractionId, OrderId, TaskId, ValidationError};
use crate::fault::{Blame, Blamed};
use std::path::PathBuf;
use thiserror::Error;

/// Everything that can go wrong between rolo and its database file.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error(
        "the database \"{path}\" is busy: {}; try again",
        if *.secs == 0 {
            "another rolo process is using it, and lock_timeout_secs = 0 says not to wait".to_string()
        } else {
            format!("another rolo process has held it for more than {} s (a long import or a stuck process?)", .secs)
        }
    )]
    Busy { path: PathBuf, secs: u64 },
    #[error(
        "no database at \"{0}\"; check --db / ROLO_DB (reading never creates one: `rolo add` or \
         `rolo demo` does)"
    )]
    NoDatabase(PathBuf),
    #[error(
        "\"{0}\" is an empty file, not a rolo database; it was left untouched. Check --db / \
         ROLO_DB, or remove the file to start a new database there"
    )]
    EmptyFile(PathBuf),
    #[error("\"{path}\" is {kind}, not a database file; check --db / ROLO_DB")]
    NotAFile { path: PathBuf, kind: &'static str },
    #[error(
        "cannot write to the database \"{path}\": {why}; reading it works, changing it does not"
    )]
    ReadOnly { path: PathBuf, why: String },
    /// An output path the user named would overwrite what must not be.
    #[error("refusing to write \"{path}\": {why}; nothing was written")]
    Refused { path: PathBuf, why: String },
    #[error(
        "\"{0}\" is not a rolo database (it is not a redb file); it was left untouched. \
         Check --db / ROLO_DB"
    )]
    NotADatabase(PathBuf),
    #[error(
        "the database \"{path}\" was written by a newer rolo (schema version {found}, this rolo \
         knows up to {supported}); refusing to write to it. Upgrade rolo"
    )]
    NewerSchema {
        path: PathBuf,
        found: u64,
        supported: u64,
    },
    #[error("the database \"{path}\" is damaged: {detail}")]
    Corrupt { path: PathBuf, detail: String },
    /// rolo itself failed (a panic outside the storage engine); nothing
    /// was written, and the file is not the problem.
    #[error(
        "internal error while working on the database (a bug in rolo: {detail}); nothing was \
         written; please report this"
    )]
    Bug { detail: String },
    #[error("cannot use \"{path}\": {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("database error: {0}")]
    Db(#[from] redb::Error),
    /// From a team database on PostgreSQL.
    #[error(transparent)]
    Team(Box<super::pg::TeamError>),
    /// A long read was given up because its answer is no longer wanted
    /// (the app's full-text search, when the query changed meanwhile).
    #[error("the read was stopped: a newer request replaced it")]
    Stopped,
    #[error("a stored record could not be read ({what}): {detail}")]
    Decode { what: String, detail: String },
    #[error("no customer {0}")]
    NoCustomer(CustomerId),
    #[error("no task {0} (`rolo task list --all` lists the open ones)")]
    NoTask(TaskId),
    #[error("no interaction {0} (`rolo show CUSTOMER` lists a timeline with its ids)")]
    NoInteraction(InteractionId),
    #[error("cannot merge customer {0} with itself; name two different customers")]
    SameCustomer(CustomerId),
    #[error("task {0} is already {1}")]
    TaskClosed(TaskId, &'static str),
    #[error("no deal {0} (`rolo deal list --status all` lists every deal)")]
    NoDeal(DealId),
    #[error("deal {0} is already {1}")]
    DealClosed(DealId, &'static str),
    #[error("no service case {0} (`rolo case list --all` lists every case)")]
    NoCase(CaseId),
    #[error("case {0} is already resolved")]
    CaseResolved(CaseId),
    #[error("no order {0} (`rolo order list` lists every order)")]
    NoOrder(OrderId),
    #[error("no saved view \"{0}\"")]
    NoView(String),
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    #[error("cannot undo: {0} was changed since (by you or another terminal); nothing was undone")]
    Changed(String),
    /// A form's save would overwrite what another terminal changed since the
    /// form was opened.
    #[error(
        "not saved: {fields} of {customer} changed in another terminal since you opened this form; reopen it to see the new values"
    )]
    Conflict {
        customer: CustomerId,
        fields: String,
    },
    /// `--op-id` named an operation already applied: nothing was written.
    #[error(
        "operation {} was already applied; nothing was written again",
        crate::text::sanitize(.0)
    )]
    AlreadyApplied(String),
    /// `--op-id` named an operation applied for a different command.
    #[error(
        "operation id \"{0}\" was already used for a different command; nothing was written. \
         A retry must repeat the command exactly; a new write needs a new id"
    )]
    OpReused(String),
}

macro_rules! from_redb {
    ($($t:ty),*) => {$(
        impl From<$t> for StoreError {
            fn from(e: $t) -> Self {
                StoreError::Db(e.into())
            }
        }
    )*};
}
from_redb!(
    redb::DatabaseError,
    redb::TransactionError,
    redb::TableError,
    redb::StorageError,
    redb::CommitError
);

impl From<super::pg::TeamError> for StoreError {
    fn from(e: super::pg::TeamError) -> Self {
        match e {
            super::pg::TeamError::Store(e) => e,
            other => StoreError::Team(Box::new(other)),
        }
    }
}

impl Blamed for StoreError {
    fn blame(&self) -> Blame {
        match self {
            StoreError::Invalid(e) => e.blame(),
            StoreError::Team(e) => e.blame(),
            StoreError::NoCustomer(_)
            | StoreError::NoTask(_)
            | StoreError::NoInteraction(_)
            | StoreError::SameCustomer(_)
            | StoreError::TaskClosed(..)
            | StoreError::NoDeal(_)
            | StoreError::DealClosed(..)
            | StoreError::NoCase(_)
            | StoreError::NoOrder(_)
            | StoreError::CaseResolved(_)
            | StoreError::NoView(_)
            | StoreError::Changed(_)
            | StoreError::Conflict { .. }
            | StoreError::AlreadyApplied(_)
            | StoreError::OpReused(_)
            | StoreError::Refused { .. } => Blame::Input,
            StoreError::Busy { .. }
            | StoreError::NotADatabase(_)
            | StoreError::NoDatabase(_)
            | StoreError::EmptyFile(_)
            | StoreError::NotAFile { .. }
            | StoreError::ReadOnly { .. }
            | StoreError::NewerSchema { .. }
            | StoreError::Corrupt { .. }
            | StoreError::Bug { .. }
            | StoreError::Stopped
            | StoreError::Io { .. }
            | StoreError::Db(_)
            | StoreError::Decode { .. } => Blame::Failure,
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
