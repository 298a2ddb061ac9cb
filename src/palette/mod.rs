//! The palette command language: one line of text in, one [`Command`] out.
//! Pure — no store, no clock (`now` is passed in) — so the TUI palette and
//! `rolo do` share it, and customer words are returned unresolved.
//!
//! ```text
//! <verb> <customer words> [outcome] [: <text>] [-> <next action>] [@<when>]
//! ```
//!
//! Verbs come from [`registry::VERBS`] (names and aliases, case-insensitive,
//! English and Chinese). A Chinese verb may be glued to the customer
//! (`电话张伟：想要报价`), except `添加`/`新建` (add), which could start a name.
//!
//! Splitting rules, in the order they are applied:
//!
//! 1. **`@when`** (log verbs and `task`): the candidate is the text after the
//!    *last* `@` that starts a token (preceded by whitespace, `:`, `：`, `>`,
//!    `→`, `,`, `，`) up to the end of the line, so it may hold spaces
//!    (`@next week`, `@fri 2pm`). If [`crate::dates::parse_due`] accepts it, it is
//!    the when and is cut off the line. If not, it is an **error** (spanning the
//!    date text, with the date parser's message) when it looks like a date
//!    attempt: the `@` is directly followed by a character, and the text has no
//!    `@` or `.`, no separator (`: `, `：`, `->`, `→`) and at most four words —
//!    so `call acme: hi @frday` is an error. Otherwise the `@` is ordinary text:
//!    `email li@acme.com: hi` (not token-starting), `ping @bob.` (has a `.`),
//!    `meet @ the cafe` (`@` not glued). A lone trailing `@` is an error.
//! 2. **`->`** (or `→`), at its first occurrence: the rest is the next action.
//! 3. **`:`** (or `：`), at its first occurrence before the arrow: the rest
//!    (up to the arrow) is the summary / task title.
//! 4. What precedes is the customer words. For log verbs, if there are two or
//!    more words and the last is an outcome (`noanswer`, `vm`, `未接`, …), it is
//!    the outcome: `call acme corp voicemail: left msg`.
//!
//! The parser applies no defaults: without `->`, a trailing `@when` still
//! fills `when`, and a missing when stays `None`; the executor decides what they
//! mean. Only `note` requires text; other log verbs may have an empty summary.
//!
//! Other verbs: `done <id>...` (`17` or `#17`, separated by spaces or commas),
//! `snooze <id> [@]<when>` (the rest of the line is the date), `add <name>[ (<title>)], <company>,
//! <phone>, <email>` (also `，`; phones and emails in any order after the name, see [`add`]), `stage <customer> <stage>` (the last word), `tag <customer> +a -b`
//! (trailing words starting with `+`/`-`; at least one), `open <customer>`.
//!
//! Deals and cases: `deal <customer>: <title> <amount> [@<expected close>]` —
//! the `@when` is cut first (as for `task`), then the last word or two of the
//! text after `:` must be the amount (see [`amount`]: `¥50k`, `$12,000`,
//! `50k USD`, `5万元`, or a bare `50000`/`12k`/`5万` in the base currency);
//! what precedes it is the title. `won <deal id> [: note]`, `lost <deal id>:
//! <reason>` (required), `move <deal id> <stage>` (one word, resolved against
//! the configured pipeline by the executor), `case`/`complaint <customer>:
//! <title>`, `respond <case id>`, `resolve <case id> [: what was done]`. Ids
//! are `5` or `#5`; words between an id and its `:` are an error.
//!
//! A line that is exactly a TUI command (`cursor down`, `view today`, `done`
//! alone, see [`UI_COMMANDS`]) parses as [`Command::Ui`]; keymap values are
//! such lines, so bindings and typed commands share this one grammar.
//!
//! `import <file> …` is the TUI's own command with an argument (see
//! [`import`]): `parse` refuses it, the TUI parses it with [`parse_import`].
//!
//! Errors carry a byte span into the line; [`ParseError::render`] draws it.

mod add;
mod amount;
mod command;
pub mod complete;
mod error;
mod fix;
pub mod group;
pub mod import;
mod lexer;
mod order;
mod parse;
pub mod registry;
mod ui;

pub use command::{Command, CustomerRef, Fix, Record};
pub use error::ParseError;
pub use fix::clears;
pub use import::{IMPORT_VERB, ImportKind, ImportLine, parse_import};
pub use parse::parse;
pub use registry::{VERBS, Verb, suggest, verb};
pub use ui::{UI_COMMANDS, Ui, describe as describe_ui, ui_command};

#[cfg(test)]
mod tests;
