//! How the CLI carries an error to `main`: the error with its causes, and
//! whose fault it is (exit 2 for the user's input, 1 for a failure). Errors
//! enter only through `From<E: Blamed>` or `CliError::failure`, so no error
//! reaches `main` without having been classified.

use crate::fault::{Blame, Blamed};

#[derive(Debug)]
pub struct CliError {
    blame: Blame,
    error: anyhow::Error,
}

/// What every subcommand returns.
pub type Result<T = (), E = CliError> = std::result::Result<T, E>;

impl<E> From<E> for CliError
where
    E: Blamed + std::error::Error + Send + Sync + 'static,
{
    fn from(e: E) -> Self {
        CliError {
            blame: e.blame(),
            error: anyhow::Error::new(e),
        }
    }
}

impl CliError {
    /// A failure of the system (exit 1), e.g. writing to stdout.
    pub fn failure(e: impl Into<anyhow::Error>) -> Self {
        CliError {
            blame: Blame::Failure,
            error: e.into(),
        }
    }

    pub fn blame(&self) -> Blame {
        self.blame
    }

    pub fn error(&self) -> &anyhow::Error {
        &self.error
    }
}
