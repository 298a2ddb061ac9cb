//! REF resolution (DESIGN §5): `#17` or `17`; else an exact case-insensitive
//! name, company, email or phone; else the one customer whose name, company
//! or email contains the words; else a fuzzy match with exactly one
//! candidate. Anything else is an error listing candidates — never a guess.

use crate::domain::{CustomerId, ids::parse_id};
use crate::search::{MAX_QUERY_CHARS, SearchIndex};
use crate::store::{self, Reads};
use crate::text::sanitize;
use std::fmt;

/// How many candidates an ambiguity error lists.
const SHOWN: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: CustomerId,
    pub name: String,
    pub company: String,
}

/// Why a command takes only an exact reference, as its error says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exactly {
    /// `erase`: nothing brings the customer back.
    Irreversible,
    /// `merge`: undoable, but one of the two cards goes.
    Merge,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResolveError {
    NotFound {
        text: String,
    },
    Ambiguous {
        text: String,
        candidates: Vec<Candidate>,
        total: usize,
    },
    /// An irreversible command (or a merge) was given words that only come
    /// close to a customer: it takes `#id` or an exact name, email or phone.
    NotExact {
        text: String,
        candidates: Vec<Candidate>,
        why: Exactly,
    },
    /// Longer than [`MAX_QUERY_CHARS`]: not looked up at all.
    TooLong {
        chars: usize,
    },
    /// An id (`#99`, or digits that match nothing else) no customer has;
    /// with whom it was merged into, if it was.
    NoSuchId {
        text: String,
        merged_into: Option<CustomerId>,
    },
}

// Every variant is something the user typed or gave rolo to read.
impl crate::fault::Blamed for ResolveError {
    fn blame(&self) -> crate::fault::Blame {
        crate::fault::Blame::Input
    }
}

impl std::error::Error for ResolveError {}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResolveError::NotFound { text } => {
                let text = sanitize(text);
                write!(
                    f,
                    "no customer matches \"{text}\" (try `rolo search {text}`, or add them with `rolo add`)"
                )
            }
            ResolveError::NoSuchId {
                text,
                merged_into: Some(kept),
            } => write!(
                f,
                "no customer {}: it was merged into {kept} (`rolo show {kept}`)",
                sanitize(&format!("#{}", text.trim_start_matches('#')))
            ),
            ResolveError::NoSuchId {
                text,
                merged_into: None,
            } => write!(
                f,
                "no customer {} (`rolo list` and `rolo search` show the ids)",
                sanitize(&format!("#{}", text.trim_start_matches('#')))
            ),
            ResolveError::TooLong { chars } => write!(
                f,
                "a customer reference of {chars} characters is too long; rolo looks up at most \
                 {MAX_QUERY_CHARS} (an id, a name, a company, an email or a phone)"
            ),
            ResolveError::Ambiguous {
                text,
                candidates,
                total,
            } => {
                write!(
                    f,
                    "\"{}\" matches {total} customers; name one by id or more words:",
                    sanitize(text)
                )?;
                write_candidates(f, candidates)?;
                if *total > candidates.len() {
                    write!(f, "\n  … and {} more", total - candidates.len())?;
                }
                Ok(())
            }
            ResolveError::NotExact {
                text,
                candidates,
                why,
            } => {
                let why = match why {
                    Exactly::Irreversible => "this cannot be undone",
                    Exactly::Merge => "a merge removes one of the two cards",
                };
                write!(
                    f,
                    "\"{}\" is not exactly any customer's name, email or phone, and {why}, so \
                     rolo does not guess; give the #id",
                    sanitize(text)
                )?;
                if candidates.is_empty() {
                    return Ok(());
                }
                write!(f, ". Close matches:")?;
                write_candidates(f, candidates)
            }
        }
    }
}

fn write_candidates(f: &mut fmt::Formatter<'_>, candidates: &[Candidate]) -> fmt::Result {
    let width = candidates
        .iter()
        .map(|c| crate::text::width(&sanitize(&c.name)))
        .max()
        .unwrap_or(0);
    for c in candidates {
        write!(
            f,
            "\n  {:>6}  {}  {}",
            c.id.to_string(),
            crate::text::pad(&sanitize(&c.name), width),
            sanitize(&c.company)
        )?;
    }
    Ok(())
}

#[derive(Debug)]
pub enum Error {
    Resolve(ResolveError),
    Store(store::StoreError),
}

impl From<store::StoreError> for Error {
    fn from(e: store::StoreError) -> Self {
        Error::Store(e)
    }
}

pub fn resolve(view: &impl Reads, text: &str) -> Result<CustomerId, Error> {
    let text = checked(text)?;
    if let Some(id) = parse_id(text)
        && view.customer(CustomerId(id))?.is_some()
    {
        return Ok(CustomerId(id));
    }
    let exact = view.find_exact(text)?;
    if exact.len() == 1 {
        return Ok(exact[0]);
    }
    if exact.len() > 1 {
        return Err(ambiguous(view, text, &exact));
    }

    let needle = crate::store::fold(text);
    let mut containing = Vec::new();
    let mut index = SearchIndex::new();
    view.for_each_search_text(|id, name, company, email| {
        if contains_folded(name, &needle)
            || contains_folded(company, &needle)
            || contains_folded(email, &needle)
        {
            containing.push(id);
        }
        index.push(id.0, name, company, email);
    })?;
    match containing.len() {
        1 => return Ok(containing[0]),
        0 => {}
        _ => return Err(ambiguous(view, text, &containing)),
    }
    let hits = index.search(text, SHOWN + 1);
    match hits.len() {
        0 if looks_like_an_id(text) => Err(Error::Resolve(ResolveError::NoSuchId {
            text: text.to_string(),
            merged_into: match parse_id(text) {
                Some(id) => merged_into(view, CustomerId(id))?,
                None => None,
            },
        })),
        0 => Err(Error::Resolve(ResolveError::NotFound {
            text: text.to_string(),
        })),
        1 => Ok(CustomerId(hits[0].id)),
        _ => {
            let ids: Vec<_> = hits.iter().map(|h| CustomerId(h.id)).collect();
            Err(ambiguous(view, text, &ids))
        }
    }
}

/// For what cannot be undone (DESIGN §12): `#17` or `17`, else exactly
/// one customer's name, email or phone (case and spacing folded). A
/// company, a part of a name or a fuzzy match is refused, naming the
/// customers it comes close to, so the user can give the id.
pub fn resolve_exact(view: &impl Reads, text: &str, why: Exactly) -> Result<CustomerId, Error> {
    let text = checked(text)?;
    if let Some(id) = parse_id(text)
        && view.customer(CustomerId(id))?.is_some()
    {
        return Ok(CustomerId(id));
    }
    let exact = view.find_exact_person(text)?;
    match exact.len() {
        1 => Ok(exact[0]),
        0 => {
            let close = match resolve(view, text) {
                Ok(id) => vec![id],
                Err(Error::Resolve(ResolveError::Ambiguous { candidates, .. })) => {
                    candidates.into_iter().map(|c| c.id).collect()
                }
                // `erase '#99'`: an id, of nobody ("give the #id" was no help).
                Err(Error::Resolve(e @ ResolveError::NoSuchId { .. })) => {
                    return Err(Error::Resolve(e));
                }
                Err(Error::Resolve(_)) => Vec::new(),
                Err(e) => return Err(e),
            };
            Err(Error::Resolve(ResolveError::NotExact {
                text: text.to_string(),
                candidates: candidates(view, &close)?,
                why,
            }))
        }
        _ => Err(ambiguous(view, text, &exact)),
    }
}

/// `#99`, `#0`, or an id past what a u64 holds: meant as an id. (Bare
/// digits may be a phone number: those are looked up as words.)
/// The customer `id`'s records now live with: whom it was merged into,
/// followed through later merges to one that still exists (a few hops at
/// most); `None` if it was never merged, or the trail ends nowhere.
fn merged_into(view: &impl Reads, id: CustomerId) -> Result<Option<CustomerId>, Error> {
    let mut at = id;
    for _ in 0..8 {
        match view.merged_into(at)? {
            Some(kept) if view.customer(kept)?.is_some() => return Ok(Some(kept)),
            Some(kept) => at = kept,
            None => return Ok(None),
        }
    }
    Ok(None)
}

fn looks_like_an_id(text: &str) -> bool {
    text.strip_prefix('#')
        .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
}

/// The words trimmed, or an error: nothing typed, or more than a query may hold.
fn checked(text: &str) -> Result<&str, Error> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::Resolve(ResolveError::NotFound {
            text: String::new(),
        }));
    }
    // Counted only as far as needed: a megabyte of text costs no more.
    let chars = text.chars().take(MAX_QUERY_CHARS + 1).count();
    if chars > MAX_QUERY_CHARS {
        return Err(Error::Resolve(ResolveError::TooLong {
            chars: text.chars().count(),
        }));
    }
    Ok(text)
}

fn contains_folded(haystack: &str, folded_needle: &str) -> bool {
    !haystack.is_empty() && crate::store::fold(haystack).contains(folded_needle)
}

fn ambiguous(view: &impl Reads, text: &str, ids: &[CustomerId]) -> Error {
    match candidates(view, ids) {
        Ok(candidates) => Error::Resolve(ResolveError::Ambiguous {
            text: text.to_string(),
            candidates,
            total: ids.len(),
        }),
        Err(e) => Error::Store(e),
    }
}

/// The first `SHOWN` of `ids` with their names, for an error to list.
fn candidates(view: &impl Reads, ids: &[CustomerId]) -> Result<Vec<Candidate>, store::StoreError> {
    let mut out = Vec::new();
    for &id in ids.iter().take(SHOWN) {
        if let Some(c) = view.customer(id)? {
            out.push(Candidate {
                id,
                name: c.name,
                company: c.company,
            });
        }
    }
    Ok(out)
}
