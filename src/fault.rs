//! Whose fault an error is. Every error type says whether it is the user's
//! input (a bad flag, an unknown customer, a malformed row: exit 2) or a
//! failure of rolo, the disk or the system (exit 1). The CLI converts errors
//! only through this trait, so a new error type cannot fall through to the
//! wrong exit code: it does not compile until it says which it is.

/// Who has to act: the user (fix the input) or whoever runs the machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blame {
    /// Bad input: usage, validation, an unknown or ambiguous reference,
    /// a file or setting the user gave that rolo cannot accept.
    Input,
    /// Anything else: I/O, a damaged database, a bug.
    Failure,
}

impl Blame {
    /// The process exit code for an error of this kind.
    pub fn exit_code(self) -> u8 {
        match self {
            Blame::Input => 2,
            Blame::Failure => 1,
        }
    }
}

/// An error that knows whose fault it is. Implementations match every
/// variant by name (no `_` arm), so a new variant must be classified too.
pub trait Blamed {
    fn blame(&self) -> Blame;
}

/// `Input` if every listed error is the user's, for enums that wrap others.
pub fn input_if(user: bool) -> Blame {
    if user { Blame::Input } else { Blame::Failure }
}

// Terminal and file I/O failing is the system's fault. Reading a file the
// user named is wrapped by the code that opens it in an error of its own
// that blames the input (a missing import file, a directory given as one).
impl Blamed for std::io::Error {
    fn blame(&self) -> Blame {
        Blame::Failure
    }
}

// Serialising output: only a bug or a full disk can make it fail.
impl Blamed for serde_json::Error {
    fn blame(&self) -> Blame {
        Blame::Failure
    }
}

// rolo writes CSV itself (exports, reports, rejected rows); reading a
// user's sheet goes through `interchange::table`, whose errors blame the input.
impl Blamed for csv::Error {
    fn blame(&self) -> Blame {
        Blame::Failure
    }
}
