//! The team database: rolo's records in PostgreSQL, where row-level
//! security decides who sees what (docs/TEAM.md). `schema.sql` holds the
//! tables, roles and policies; this module connects (`connect`), sets a
//! team up and manages its members (`team`), and moves whole books in and
//! out (`copy`). A record's columns are what the policies and queries need
//! (owner, customer, open, due); the record itself is its JSON in `record`.

mod connect;
mod copy;
mod local;
mod ship;
mod team;
mod tls;
mod working;

pub use connect::{Env, is_url, redact};
pub use copy::{Copied, Snapshot};
pub use team::{Member, Role, Rule, RuleField};
pub use working::Link;

use crate::domain::Channel;
use crate::fault::{Blame, Blamed};
use thiserror::Error;

/// Everything that can go wrong between rolo and a team database.
#[derive(Debug, Error)]
pub enum TeamError {
    #[error("\"{url}\" is not a PostgreSQL URL rolo can use: {why}")]
    BadUrl { url: String, why: String },
    #[error(
        "cannot reach the team database {url}: {why}. Is PostgreSQL running, and may you \
         log in to it (`psql {url}`)?"
    )]
    Connect { url: String, why: String },
    #[error(
        "{url} has no rolo team in it yet; a PostgreSQL superuser sets one up with \
         `rolo team init --db {url} --admin LOGIN`"
    )]
    NotInitialised { url: String },
    #[error("{url} already holds a rolo team; nothing was changed")]
    AlreadyInitialised { url: String },
    #[error("not allowed: {0}")]
    Denied(String),
    #[error("{0}")]
    Input(String),
    #[error(
        "the next id of {0} was taken by a row added around rolo; the counters \
         are moved past it now, so run the command again"
    )]
    IdTaken(String),
    #[error("team database: {0}")]
    Sql(String),
    #[error(transparent)]
    Store(#[from] super::StoreError),
}

impl Blamed for TeamError {
    fn blame(&self) -> Blame {
        match self {
            TeamError::BadUrl { .. }
            | TeamError::NotInitialised { .. }
            | TeamError::AlreadyInitialised { .. }
            | TeamError::Denied(_)
            | TeamError::Input(_) => Blame::Input,
            TeamError::Connect { .. } | TeamError::IdTaken(_) | TeamError::Sql(_) => Blame::Failure,
            TeamError::Store(e) => e.blame(),
        }
    }
}

impl From<postgres::Error> for TeamError {
    fn from(e: postgres::Error) -> Self {
        use postgres::error::SqlState;
        match e.as_db_error() {
            Some(db) if *db.code() == SqlState::INSUFFICIENT_PRIVILEGE => {
                TeamError::Denied(db.message().to_string())
            }
            Some(db)
                if *db.code() == SqlState::UNIQUE_VIOLATION
                    && db.constraint().is_some_and(|c| c.ends_with("_pkey")) =>
            {
                TeamError::IdTaken(db.table().unwrap_or("a table").to_string())
            }
            Some(db) => TeamError::Sql(db.message().to_string()),
            None => TeamError::Sql(e.to_string()),
        }
    }
}

/// An error with its causes ("error performing TLS handshake: invalid
/// peer certificate: UnknownIssuer"): the first line alone says too little.
fn full_cause(e: &postgres::Error) -> String {
    let mut text = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        text.push_str(&format!(": {c}"));
        cause = c.source();
    }
    text
}

/// An open connection to a team database, as the person logged in.
pub struct Team {
    client: postgres::Client,
    url: String,
}

impl Team {
    /// Connect as libpq would (see `connect`), marking this session's
    /// writes with `channel` in the audit trail.
    pub fn connect(url: &str, channel: Channel) -> Result<Team, TeamError> {
        let env = Env::process();
        let mut config = connect::config(url, &env)?;
        // The channel rides in the startup packet, as `PGOPTIONS` would:
        // one statement fewer on every connection.
        let options = match config.get_options() {
            Some(given) => format!("{given} -c rolo.channel={channel}"),
            None => format!("-c rolo.channel={channel}"),
        };
        config.options(&options);
        let shown = redact(url);
        // A socket never uses TLS (nor does libpq); a host uses what
        // sslmode says (`tls`).
        let over_socket = config
            .get_hosts()
            .iter()
            .all(|h| matches!(h, postgres::config::Host::Unix(_)));
        let connected = if over_socket {
            let mut config = config;
            config.ssl_mode(postgres::config::SslMode::Disable);
            config.connect(postgres::NoTls)
        } else {
            let (_, tls) = tls::split(url, &env)?;
            config.connect(tls.connector(&env)?)
        };
        let client = connected.map_err(|e| TeamError::Connect {
            url: shown.clone(),
            why: e
                .as_db_error()
                .map_or_else(|| full_cause(&e), |db| db.message().to_string()),
        })?;
        Ok(Team { client, url: shown })
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// Fail unless `rolo team init` has run here.
    fn require_team(&mut self) -> Result<(), TeamError> {
        let row = self
            .client
            .query_one("SELECT to_regclass('rolo.customers') IS NOT NULL", &[])?;
        if row.get::<_, bool>(0) {
            Ok(())
        } else {
            Err(TeamError::NotInitialised {
                url: self.url.clone(),
            })
        }
    }
}
