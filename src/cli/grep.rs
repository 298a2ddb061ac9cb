//! `rolo grep TEXT`: full-text search over everything written (the search
//! itself is `crate::grep`'s, shared with the app).
//!
//! Exit codes as `grep`'s: 0 when something matched, 1 when nothing did
//! (`rolo grep quote && …` reads right in a script), 2 for bad input.

use super::{App, Result, UsageError, output};
use crate::domain::CustomerId;
use crate::exec::{self, ExecError, cli_ref};
use crate::grep::{self, Found, Kind, Query, Scope, TextHit};
use crate::search::check_query;
use crate::text::{pad, truncate, width};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use clap::{Args, ValueEnum};
use serde::Serialize;

#[derive(Debug, Args)]
pub struct GrepArgs {
    /// Words to find, all in one entry, in any order: a Latin word by its
    /// start (price finds pricing), Chinese anywhere (报价 finds 报价单)
    #[arg(required = true, num_args = 1.., value_name = "TEXT")]
    pub text: Vec<String>,
    /// Only this customer's entries: #id, name, company, email or phone
    #[arg(long, value_name = "REF")]
    pub customer: Option<String>,
    /// First day included (2026-10-01, monday, -30d, 上周一…)
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
    pub since: Option<String>,
    /// Last day included
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
    pub until: Option<String>,
    /// Only these kinds: call, email, meeting, visit, message, note (with
    /// customers' notes), task, deal, case; repeat or separate with commas
    #[arg(long = "kind", value_name = "K", value_delimiter = ',', value_parser = parse_kind)]
    pub kinds: Vec<Kind>,
    /// At most this many hits, the newest (0 = all)
    #[arg(long, default_value = "50", value_parser = super::parse_limit)]
    pub limit: usize,
    /// Highlight the matches: auto (on a terminal, unless NO_COLOR is
    /// set), always or never
    #[arg(long, value_name = "WHEN", default_value = "auto")]
    pub color: Color,
}

/// When to highlight matches, as `grep --color` and `ls --color` take it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

fn parse_kind(text: &str) -> std::result::Result<Kind, String> {
    Kind::parse(text).ok_or_else(|| {
        format!(
            "unknown kind \"{}\"; the kinds are: {}",
            crate::text::sanitize(text),
            Kind::list()
        )
    })
}

/// A hit as `--json` prints it.
#[derive(Serialize)]
struct Shown<'a> {
    /// The customer's id (`null` for a task of nobody's).
    customer: Option<CustomerId>,
    customer_name: &'a str,
    kind: &'static str,
    /// What `id` is the id of: interaction, task, customer (their notes), deal or case.
    entity: &'static str,
    id: u64,
    at: DateTime<FixedOffset>,
    field: &'static str,
    /// The whole field, exactly as stored.
    text: &'a str,
    /// Byte ranges `[start, end)` of `text` that matched.
    ranges: Vec<[usize; 2]>,
}

impl<'a> Shown<'a> {
    fn of(hit: &'a TextHit) -> Shown<'a> {
        Shown {
            customer: hit.customer,
            customer_name: &hit.customer_name,
            kind: hit.kind.as_str(),
            entity: hit.entity.as_str(),
            id: hit.entity.id(),
            at: hit.at,
            field: hit.field.as_str(),
            text: &hit.text,
            ranges: hit.ranges.iter().map(|r| [r.start, r.end]).collect(),
        }
    }
}

pub fn run(app: &App, args: &GrepArgs) -> Result<()> {
    let text = args.text.join(" ");
    check_query("the search text", &text)?;
    let query = Query::parse(&text);
    if query.is_empty() {
        return Err(UsageError("give some words to look for".into()).into());
    }
    let since = args
        .since
        .as_deref()
        .map(|w| day_start("--since", w, app.now, 0))
        .transpose()?;
    let until = args
        .until
        .as_deref()
        .map(|w| day_start("--until", w, app.now, 1))
        .transpose()?;
    if let (Some(s), Some(u)) = (since, until)
        && s >= u
    {
        return Err(UsageError(format!(
            "--since {} is after --until {}: nothing can be in between",
            s.date_naive(),
            (u - Duration::days(1)).date_naive()
        ))
        .into());
    }
    let found = app.store.read(|r| {
        let customer = match &args.customer {
            Some(text) => Some(exec::resolve_in(r, &cli_ref(text))?.id),
            None => None,
        };
        let scope = Scope {
            customer,
            since,
            until,
            kinds: args.kinds.clone(),
            limit: args.limit,
        };
        Ok::<_, ExecError>(grep::find(r, &query, &scope)?)
    })?;
    if app.json {
        let shown: Vec<Shown> = found.hits.iter().map(Shown::of).collect();
        output::print_json(&shown)?;
    } else if !found.hits.is_empty() {
        let looks = Looks::of_stdout(args.color);
        output::print_marked(&lines(&found, looks.columns), looks.styled)?;
    }
    // Finding nothing is an answer, not a failure: exit 0, as `rolo search`
    // does (DESIGN §5 keeps exit 1 for failures, so scripts can tell them
    // apart); the note goes to stderr so stdout stays data only.
    if found.hits.is_empty() {
        output::note(&format!("no matches for \"{text}\"\n"));
        return Ok(());
    }
    if found.total > found.hits.len() && !app.json {
        output::note(&format!(
            "showing the newest {} of {} matches; --limit 0 shows all\n",
            crate::text::grouped(found.hits.len() as u64),
            crate::text::grouped(found.total as u64)
        ));
    }
    Ok(())
}

/// The start of the day `when` names (in `now`'s offset), plus `days`.
fn day_start(
    flag: &str,
    when: &str,
    now: DateTime<FixedOffset>,
    days: i64,
) -> Result<DateTime<FixedOffset>> {
    let day: NaiveDate = crate::dates::parse_at(when, now.naive_local())
        .map_err(|e| UsageError(format!("{flag} {e}")))?
        .date();
    let start = day
        .checked_add_signed(Duration::days(days))
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .and_then(|t| t.and_local_timezone(*now.offset()).single());
    start.ok_or_else(|| UsageError(format!("{flag} \"{when}\" is out of range")).into())
}

/// How stdout shows hits: its width, and whether matches are highlighted.
struct Looks {
    /// Cut lines to this many columns (`None`: not cut).
    columns: Option<usize>,
    styled: bool,
}

impl Looks {
    /// A terminal: its width, highlighted unless `NO_COLOR` is set (not
    /// empty). Anything else: `COLUMNS` if set, else whole lines, plain.
    /// `--color always` or `never` decides the highlight whatever stdout is.
    fn of_stdout(color: Color) -> Looks {
        use std::io::IsTerminal;
        let terminal = std::io::stdout().is_terminal();
        let columns = terminal
            .then(terminal_columns)
            .flatten()
            .or_else(|| std::env::var("COLUMNS").ok()?.trim().parse().ok())
            .filter(|&c| c > 0);
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Looks {
            columns,
            styled: match color {
                Color::Auto => terminal && !no_color,
                Color::Always => true,
                Color::Never => false,
            },
        }
    }
}

/// The width of the terminal on stdout, if it says.
fn terminal_columns() -> Option<usize> {
    // SAFETY: a zeroed winsize is a valid out-parameter.
    let mut size: libc::winsize = unsafe { std::mem::zeroed() };
    // SAFETY: TIOCGWINSZ writes one winsize into `size`, nothing else.
    let rc = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut size) };
    (rc == 0 && size.ws_col > 0).then_some(usize::from(size.ws_col))
}

/// The widest the customer column gets.
const WHO_COLUMNS: usize = 28;
/// Text keeps at least this many columns, however narrow the terminal.
const MIN_TEXT_COLUMNS: usize = 20;

/// One line per hit: date, kind, customer, then the matching line of the
/// text, cut to `columns` around the match, as (piece, marked) pieces.
fn lines(found: &Found, columns: Option<usize>) -> Vec<Vec<(String, bool)>> {
    let who = |hit: &TextHit| match hit.customer {
        Some(id) => format!("{} {id}", hit.customer_name),
        None => "-".to_string(),
    };
    let who_cols = found
        .hits
        .iter()
        .map(|h| width(&truncate(&who(h), WHO_COLUMNS)))
        .max()
        .unwrap_or(0);
    found
        .hits
        .iter()
        .map(|hit| {
            let head = format!(
                "{}  {:<7}  {}  ",
                hit.at.format("%Y-%m-%d"),
                hit.kind.as_str(),
                pad(&who(hit), who_cols)
            );
            let room = columns.map(|c| c.saturating_sub(width(&head)).max(MIN_TEXT_COLUMNS));
            let shown = grep::snippet(&hit.text, &hit.ranges, room);
            let mut pieces = vec![(head, false)];
            let mut at = 0;
            for mark in &shown.marks {
                pieces.push((shown.text[at..mark.start].to_string(), false));
                pieces.push((shown.text[mark.clone()].to_string(), true));
                at = mark.end;
            }
            pieces.push((shown.text[at..].to_string(), false));
            pieces.retain(|(piece, _)| !piece.is_empty());
            pieces
        })
        .collect()
}
