//! Every performance target of issue 14 in one table, rolo beside a sqlite3
//! reference measured in the same run, at each size (DESIGN §9).
//!
//! `cargo bench --bench targets -- [--sizes 100000,1000000] [--rounds 5]
//!  [--import-rows 100000] [--data DIR]`
//!
//! For each size N it reuses the report bench (`benches/report.rs`): the
//! cached `rolo demo --customers N --seed 1` database, the sqlite3 reference
//! built from its own JSONL export, and its pairs (the read commands, the six
//! reports, search) timed as whole processes in rotating interleaved rounds.
//! `rolo log` then runs on a copy of that database, interleaved with sqlite3
//! inserting one row + commit into a copy of the reference (both copies are
//! removed afterwards, so the cached files never change). Import is measured
//! once, on a Salesforce-style CSV from `scripts/salesforce_csv.py`: the
//! import into a fresh database, `--dry-run` (which must leave no database
//! behind), and sqlite3 `.import` of the same file as the reference.
//! The app itself runs in a pty on the log's copy (`benches/tui.rs`'s
//! sessions): spawn → first frame, and its peak RSS through a `/wang` filter
//! and scrolling; its limits are set at the last size. If the app cannot be
//! measured its rows read "-" and a note says why.
//! Prints one Markdown table: each target, its limit, the median (and the
//! reference's) at each size, the growth from the first size to the last,
//! and whether the target holds (the limit at the first size; at the others,
//! within 2× of the first size's figure).
//! Needs `sqlite3` on PATH for the reference and `python3` for the CSV.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

// Each bench file brings its own copy of the support module.
#[allow(dead_code)]
#[allow(clippy::duplicate_mod)]
#[path = "import.rs"]
mod import;
#[allow(dead_code)]
#[allow(clippy::duplicate_mod)]
#[path = "report.rs"]
mod report;
#[allow(clippy::duplicate_mod)]
#[path = "support/mod.rs"]
mod support;
#[allow(dead_code)]
#[allow(clippy::duplicate_mod)]
#[path = "tui.rs"]
mod tui;
use support::{Finished, measure, median, ms, print_or_exit, remove_db};

pub struct Options {
    /// Customer counts, smallest first: the first is the one the limits
    /// apply to, the others must stay within 2× of it.
    pub sizes: Vec<usize>,
    pub rounds: usize,
    pub data: PathBuf,
    pub rolo: PathBuf,
    /// Rows of the Salesforce-style CSV the import targets are measured on.
    pub import_rows: usize,
    /// Time the sqlite3 reference too (needs `sqlite3` on PATH).
    pub reference: bool,
}

#[allow(dead_code)]
fn main() {
    let mut opts = Options {
        sizes: vec![100_000, 1_000_000],
        rounds: 5,
        data: PathBuf::from("target/bench-data"),
        rolo: PathBuf::from(env!("CARGO_BIN_EXE_rolo")),
        import_rows: 100_000,
        reference: true,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_default();
        match arg.as_str() {
            "--sizes" => {
                let sizes: Vec<usize> = value()
                    .split(',')
                    .filter_map(|s| s.trim().replace('_', "").parse().ok())
                    .collect();
                if !sizes.is_empty() {
                    opts.sizes = sizes;
                }
            }
            "--rounds" => opts.rounds = value().parse().unwrap_or(opts.rounds),
            "--import-rows" => opts.import_rows = value().parse().unwrap_or(opts.import_rows),
            "--data" => opts.data = PathBuf::from(value()),
            "--bench" => {}
            other => eprintln!("ignoring argument {other:?}"),
        }
    }
    print_or_exit(run(&opts));
}

/// What a target asks of its command.
#[derive(Clone, Copy)]
enum Limit {
    /// At most this many milliseconds.
    Ms(f64),
    /// At most this many milliseconds and no slower than sqlite3.
    MsAndReference(f64),
    /// At most this multiple of sqlite3's time.
    TimesReference(f64),
    /// At least this many rows per second.
    RowsPerSecond(f64),
    /// At most this fraction of another row's time (the import's).
    FractionOf(f64),
    /// At most this many megabytes of peak RSS.
    PeakMb(f64),
}

/// One size's figures for a target: the value in the row's unit, and the
/// reference's in the same unit when it ran.
#[derive(Clone, Copy)]
struct Figure {
    value: f64,
    reference: Option<f64>,
    /// Median wall time, rolo's and the reference's: the "× sqlite3" column.
    took: Duration,
    reference_took: Option<Duration>,
}

struct Row {
    target: String,
    limit: Limit,
    /// One per size; `None` where the target is measured once (import).
    figures: Vec<Option<Figure>>,
    /// For `FractionOf`: the figure this one is a fraction of.
    of: Option<f64>,
    /// The limit holds at the last size (the app's targets are set at 1M),
    /// with no 2× rule.
    at_last: bool,
}

fn label(n: usize) -> String {
    if n >= 1_000_000 && n.is_multiple_of(1_000_000) {
        format!("{}M", n / 1_000_000)
    } else if n >= 1_000 && n.is_multiple_of(1_000) {
        format!("{}k", n / 1_000)
    } else {
        n.to_string()
    }
}

/// The limit for each command the report bench pairs with sqlite3.
fn limit_of(name: &str) -> Option<Limit> {
    match name {
        "rolo today"
        | "rolo today --ranked"
        | "rolo list --gone-quiet"
        | "rolo deal list"
        | "rolo case list"
        | "rolo task list --week" => Some(Limit::Ms(20.0)),
        "rolo search wang" => Some(Limit::Ms(25.0)),
        n if n.starts_with("rolo report ") => Some(Limit::MsAndReference(100.0)),
        _ => None,
    }
}

/// The order of the table's rows: the order.
const ORDER: &[&str] = &[
    "rolo today",
    "rolo today --ranked",
    "rolo list --gone-quiet",
    "rolo deal list",
    "rolo case list",
    "rolo task list --week",
    "rolo report funnel",
    "rolo report activity",
    "rolo report sources",
    "rolo report campaigns",
    "rolo report overdue",
    "rolo report top",
    "rolo search wang",
];

/// The name of the `rolo log` row.
pub const LOG_ROW: &str = "rolo log #id call … --next … --due fri";
/// The app's rows (`benches/tui.rs`'s pty sessions).
pub const TUI_FIRST_FRAME: &str = "rolo (the app) first frame, 120×40 pty";
pub const TUI_PEAK: &str = "rolo (the app) peak RSS, through `/wang` and scrolling";

pub fn run(opts: &Options) -> Result<String, String> {
    if opts.sizes.is_empty() || opts.rounds == 0 || opts.import_rows == 0 {
        return Err("--sizes, --rounds and --import-rows must be at least 1".into());
    }
    std::fs::create_dir_all(&opts.data)
        .map_err(|e| format!("cannot create {}: {e}", opts.data.display()))?;
    let mut notes = Vec::new();
    let mut rows: Vec<Row> = ORDER
        .iter()
        .map(|name| Row {
            target: (*name).to_string(),
            limit: limit_of(name).unwrap_or(Limit::Ms(20.0)),
            figures: Vec::new(),
            of: None,
            at_last: false,
        })
        .collect();
    rows.push(Row {
        target: LOG_ROW.to_string(),
        limit: Limit::TimesReference(1.3),
        figures: Vec::new(),
        of: None,
        at_last: false,
    });
    for (target, limit) in [
        (TUI_FIRST_FRAME, Limit::Ms(30.0)),
        (TUI_PEAK, Limit::PeakMb(150.0)),
    ] {
        rows.push(Row {
            target: target.to_string(),
            limit,
            figures: Vec::new(),
            of: None,
            at_last: true,
        });
    }
    let mut db_lines = Vec::new();

    for &size in &opts.sizes {
        let ropts = report::Options {
            customers: size,
            rounds: opts.rounds,
            data: opts.data.clone(),
            rolo: opts.rolo.clone(),
            reference: opts.reference,
        };
        let db = opts.data.join(format!("report-{size}.redb"));
        let partial = opts.data.join(format!("report-{size}.partial.redb"));
        if !db.exists() && partial.exists() {
            // The report bench would remove it and start again: never
            // under another process generating it.
            return Err(format!(
                "{} exists: a generation of {size} customers seems under way \
                 (remove it if it is stale, or leave {size} out of --sizes)",
                partial.display()
            ));
        }
        let measured = report::measure_pairs(&ropts)?;
        for note in &measured.notes {
            notes.push(format!("{}: {note}", label(size)));
        }
        for row in rows
            .iter_mut()
            .filter(|r| ORDER.contains(&r.target.as_str()))
        {
            let pair = measured
                .pairs
                .iter()
                .find(|p| p.name == row.target)
                .ok_or_else(|| format!("the report bench measured no {:?}", row.target))?;
            let took = median(&pair.rolo.samples);
            let reference_took = pair.reference.as_ref().map(|r| median(&r.samples));
            row.figures.push(Some(Figure {
                value: ms(took),
                reference: reference_took.map(ms),
                took,
                reference_took,
            }));
        }
        let (log, log_reference, app) = measure_log(opts, &ropts, &measured)?;
        let app =
            app.map_err(|e| notes.push(format!("{}: the app was not measured: {e}", label(size))));
        for (target, figure) in [
            (
                TUI_FIRST_FRAME,
                app.as_ref().ok().map(|a| Figure {
                    value: ms(a.first_frame),
                    reference: None,
                    took: a.first_frame,
                    reference_took: None,
                }),
            ),
            (
                TUI_PEAK,
                app.as_ref().ok().map(|a| Figure {
                    value: a.peak_rss_kb as f64 / 1024.0,
                    reference: None,
                    // Not a time: the growth column compares values.
                    took: Duration::ZERO,
                    reference_took: None,
                }),
            ),
        ] {
            if let Some(row) = rows.iter_mut().find(|r| r.target == target) {
                row.figures.push(figure);
            }
        }
        if let Ok(a) = &app {
            notes.push(format!(
                "{}: the app showed `/wang`'s matches {:.1} ms after spawn (median)",
                label(size),
                ms(a.search_ready)
            ));
        }
        let log_row = rows
            .iter_mut()
            .find(|r| r.target == LOG_ROW)
            .ok_or("no log row")?;
        log_row.figures.push(Some(Figure {
            value: ms(log),
            reference: log_reference.map(ms),
            took: log,
            reference_took: log_reference,
        }));
        let bytes = std::fs::metadata(&measured.db).map_or(0, |m| m.len());
        let reference_bytes = if opts.reference {
            std::fs::metadata(&measured.sqlite).map_or(0, |m| m.len())
        } else {
            0
        };
        let counts = report::rolo_output(&ropts, &measured.db, &["today", "--brief"])?;
        let customers = tui::customer_count(&measured.db)?.max(1);
        db_lines.push(format!(
            "Database at {}: {customers} customers, {:.1} MB, {:.0} bytes per customer{} (today: {})",
            label(size),
            bytes as f64 / 1e6,
            bytes as f64 / customers as f64,
            if opts.reference {
                format!(
                    "; the sqlite3 reference (only the columns its queries read) {:.0} bytes per customer",
                    reference_bytes as f64 / customers as f64
                )
            } else {
                String::new()
            },
            counts.trim()
        ));
    }

    let import = measure_import(opts, &mut notes)?;
    let n = opts.sizes.len();
    let only_first = |f: Figure| {
        let mut v = vec![None; n];
        v[0] = Some(f);
        v
    };
    rows.push(Row {
        target: format!(
            "rolo import (Salesforce-style CSV, {} rows, 13 columns)",
            opts.import_rows
        ),
        limit: Limit::RowsPerSecond(100_000.0),
        figures: only_first(Figure {
            value: opts.import_rows as f64 / import.import.as_secs_f64().max(1e-9),
            reference: import
                .reference
                .map(|r| opts.import_rows as f64 / r.as_secs_f64().max(1e-9)),
            took: import.import,
            reference_took: import.reference,
        }),
        of: None,
        at_last: false,
    });
    rows.push(Row {
        target: "rolo import --dry-run (writes nothing)".into(),
        limit: Limit::FractionOf(0.5),
        figures: only_first(Figure {
            value: ms(import.dry_run),
            reference: None,
            took: import.dry_run,
            reference_took: None,
        }),
        of: Some(ms(import.import)),
        at_last: false,
    });
    rows.push(Row {
        target: "rolo import peak memory".into(),
        limit: Limit::PeakMb(150.0),
        figures: only_first(Figure {
            value: import.peak_rss_kb as f64 / 1024.0,
            reference: import.reference_peak_rss_kb.map(|kb| kb as f64 / 1024.0),
            took: import.import,
            reference_took: import.reference,
        }),
        of: None,
        at_last: false,
    });
    rows.push(Row {
        target: "rolo import --dry-run peak memory".into(),
        limit: Limit::PeakMb(150.0),
        figures: only_first(Figure {
            value: import.dry_run_peak_rss_kb as f64 / 1024.0,
            reference: None,
            took: import.dry_run,
            reference_took: None,
        }),
        of: None,
        at_last: false,
    });

    Ok(format_table(opts, &rows, &db_lines, &import, &notes))
}

fn format_table(
    opts: &Options,
    rows: &[Row],
    db_lines: &[String],
    import: &Import,
    notes: &[String],
) -> String {
    let labels: Vec<String> = opts.sizes.iter().map(|&s| label(s)).collect();
    let mut out = format!(
        "\nrolo issue 14 targets: {} customers, {} rounds (medians of whole processes, spawn to exit; \
         the sqlite3 reference timed in the same interleaved rounds)\n\n| target | limit |",
        labels.join(" and "),
        opts.rounds
    );
    let mut rule = String::from("|---|---|");
    for l in &labels {
        let _ = write!(out, " {l} median | sqlite3 | × sqlite3 |");
        rule.push_str("---:|---:|---:|");
    }
    if labels.len() > 1 {
        let _ = write!(out, " {} ÷ {} |", labels[labels.len() - 1], labels[0]);
        rule.push_str("---:|");
    }
    out.push_str(" holds? |\n");
    out.push_str(&rule);
    out.push_str("---|\n");
    for row in rows {
        let _ = write!(out, "| {} | {} |", row.target, limit_text(row));
        for figure in &row.figures {
            match figure {
                Some(f) => {
                    let ratio = match (row.limit, f.reference) {
                        // Memory beside memory, not time.
                        (Limit::PeakMb(_), Some(r)) => format!("{:.2}", f.value / r.max(1e-9)),
                        _ => f.reference_took.map_or("-".to_string(), |r| {
                            format!("{:.2}", f.took.as_secs_f64() / r.as_secs_f64().max(1e-9))
                        }),
                    };
                    let _ = write!(
                        out,
                        " {} | {} | {ratio} |",
                        value_text(row.limit, f.value),
                        f.reference
                            .map_or("-".to_string(), |r| value_text(row.limit, r)),
                    );
                }
                None => out.push_str(" - | - | - |"),
            }
        }
        let growth = growth(row);
        if labels.len() > 1 {
            let _ = write!(
                out,
                " {} |",
                growth.map_or("-".to_string(), |g| format!("{g:.2}"))
            );
        }
        let _ = writeln!(out, " {} |", holds(row, growth));
    }
    out.push('\n');
    for line in db_lines {
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(
        out,
        "Import of {} rows: {:.0} rows/s, peak RSS {:.1} MB; --dry-run {:.1} ms ({:.2} of the import){}",
        opts.import_rows,
        opts.import_rows as f64 / import.import.as_secs_f64().max(1e-9),
        import.peak_rss_kb as f64 / 1024.0,
        ms(import.dry_run),
        import.dry_run.as_secs_f64() / import.import.as_secs_f64().max(1e-9),
        match (import.reference, import.reference_peak_rss_kb) {
            (Some(r), Some(kb)) => format!(
                "; sqlite3 .import {:.0} rows/s, peak RSS {:.1} MB",
                opts.import_rows as f64 / r.as_secs_f64().max(1e-9),
                kb as f64 / 1024.0
            ),
            _ => String::new(),
        }
    );
    let _ = writeln!(
        out,
        "Import report: {} (the script repeats ~5% of contacts, which merge)",
        import.summary
    );
    let _ = writeln!(
        out,
        "\nNote: `rolo log` and the imports run with `auto_backup = false`: the daily \
         automatic backup copies the whole database once a day, not once a command."
    );
    for note in notes {
        let _ = writeln!(out, "\nNote: {note}");
    }
    out
}

fn limit_text(row: &Row) -> String {
    match row.limit {
        Limit::Ms(ms) => format!("≤ {ms:.0} ms"),
        Limit::MsAndReference(ms) => format!("≤ {ms:.0} ms and ≤ sqlite3"),
        Limit::TimesReference(x) => format!("≤ {x}× sqlite3 insert+commit"),
        Limit::RowsPerSecond(r) => format!("≥ {r:.0} rows/s"),
        Limit::FractionOf(f) => format!(
            "≤ {f}× the import ({})",
            row.of.map_or("-".to_string(), |o| format!("{o:.1} ms"))
        ),
        Limit::PeakMb(mb) => format!("≤ {mb:.0} MB"),
    }
}

fn value_text(limit: Limit, value: f64) -> String {
    match limit {
        Limit::RowsPerSecond(_) => format!("{value:.0} rows/s"),
        Limit::PeakMb(_) => format!("{value:.1} MB"),
        _ => format!("{value:.1} ms"),
    }
}

/// The last size's figure over the first's, when both were measured.
fn growth(row: &Row) -> Option<f64> {
    if row.figures.len() < 2 {
        return None;
    }
    let first = row.figures.first().copied().flatten()?;
    let last = row.figures.last().copied().flatten()?;
    Some(last.value / first.value.max(1e-9))
}

/// "yes", or "no" and why: the limit at the first size, then 2× of it at
/// the others. Without the reference, a limit that needs it reads
/// "no reference" for that part.
fn holds(row: &Row, growth: Option<f64>) -> String {
    let judged = if row.at_last {
        row.figures.last()
    } else {
        row.figures.first()
    };
    let Some(Some(first)) = judged else {
        return "not measured".into();
    };
    let mut failed = Vec::new();
    let ratio = first
        .reference_took
        .map(|r| first.took.as_secs_f64() / r.as_secs_f64().max(1e-9));
    match row.limit {
        Limit::Ms(limit) => {
            if first.value > limit {
                failed.push(format!("{:.1} ms > {limit:.0}", first.value));
            }
        }
        Limit::MsAndReference(limit) => {
            if first.value > limit {
                failed.push(format!("{:.1} ms > {limit:.0}", first.value));
            }
            match ratio {
                Some(r) if r > 1.0 => failed.push(format!("{r:.2}× sqlite3")),
                Some(_) => {}
                None => failed.push("no reference".into()),
            }
        }
        Limit::TimesReference(limit) => match ratio {
            Some(r) if r > limit => failed.push(format!("{r:.2}× sqlite3")),
            Some(_) => {}
            None => failed.push("no reference".into()),
        },
        Limit::RowsPerSecond(limit) => {
            if first.value < limit {
                failed.push(format!("{:.0} rows/s", first.value));
            }
        }
        Limit::FractionOf(f) => {
            let of = row.of.unwrap_or(0.0);
            if first.value > of * f {
                failed.push(format!("{:.2}× the import", first.value / of.max(1e-9)));
            }
        }
        Limit::PeakMb(limit) => {
            if first.value > limit {
                failed.push(format!("{:.1} MB", first.value));
            }
        }
    }
    if let Some(g) = growth
        && g > 2.0
        && !row.at_last
    {
        failed.push(format!("grows {g:.2}×"));
    }
    if failed.is_empty() {
        "yes".into()
    } else {
        format!("no ({})", failed.join(", "))
    }
}

/// `rolo log` on a copy of the size's database, interleaved with sqlite3
/// inserting one row and committing into a copy of the reference. Returns
/// both medians; the copies are removed.
type LogAndApp = (Duration, Option<Duration>, Result<tui::FirstFrames, String>);

/// Also runs the app (`benches/tui.rs`'s pty sessions) on the same copy,
/// after the log: its figures, or why it could not be measured.
fn measure_log(
    opts: &Options,
    ropts: &report::Options,
    measured: &report::Run,
) -> Result<LogAndApp, String> {
    let size = ropts.customers;
    let dir = opts.data.join("targets-log");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let db = dir.join(format!("report-{size}.redb"));
    let sqlite = dir.join(format!("report-ref-{size}.sqlite"));
    let result = copy(&measured.db, &db)
        .and_then(|()| {
            if opts.reference {
                copy(&measured.sqlite, &sqlite)
            } else {
                Ok(())
            }
        })
        .and_then(|()| time_log(opts, ropts, &db, &sqlite))
        .map(|(log, reference)| {
            let topts = tui::Options {
                customers: size,
                rounds: opts.rounds,
                data: opts.data.clone(),
                rolo: opts.rolo.clone(),
            };
            let home = dir.join("home");
            let app = std::fs::create_dir_all(&home)
                .map_err(|e| format!("cannot create {}: {e}", home.display()))
                .and_then(|()| tui::first_frames(&topts, &db, &home));
            (log, reference, app)
        });
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// A config directory with the daily automatic backup off: the first write
/// of a day would otherwise copy the whole database into `backups/` beside
/// it, once a day, not once a command.
fn no_backup_config(data: &Path) -> Result<PathBuf, String> {
    let dir = data.join("targets-config");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let file = dir.join("config.toml");
    std::fs::write(&file, "auto_backup = false\n")
        .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    Ok(dir)
}

fn time_log(
    opts: &Options,
    ropts: &report::Options,
    db: &Path,
    sqlite: &Path,
) -> Result<(Duration, Option<Duration>), String> {
    let size = ropts.customers.max(1);
    let stderr_path = opts.data.join("targets-log.stderr");
    let config = no_backup_config(&opts.data)?;
    let mut rolo_samples = Vec::new();
    let mut sqlite_samples = Vec::new();
    for round in 0..opts.rounds {
        // A different customer each round, spread over the book.
        let id = format!("#{}", 1 + (round * 7919) % size);
        let summary = format!("bench call {round}");
        let mut rolo = Command::new(&opts.rolo);
        rolo.args([
            "log",
            &id,
            "call",
            &summary,
            "--next",
            "follow up",
            "--due",
            "fri",
        ]);
        report::rolo_env(&mut rolo, ropts, db);
        rolo.env("ROLO_CONFIG_DIR", &config);
        let insert = format!(
            "INSERT INTO interactions(customer, kind, at, author) \
             VALUES({}, 'call', '2026-11-22T09:00:00+08:00', 'bench');",
            1 + (round * 7919) % size
        );
        let mut reference = Command::new("sqlite3");
        reference.arg(sqlite).arg(&insert);
        // Alternate which goes first.
        let first_rolo = round % 2 == 0;
        for k in 0..2 {
            if (k == 0) == first_rolo {
                let done = measure(&mut rolo, "rolo log", &stderr_path)?;
                rolo_samples.push(done.took);
            } else if opts.reference {
                let done: Finished = measure(&mut reference, "sqlite3 insert", &stderr_path)?;
                if !done.stderr.trim().is_empty() {
                    return Err(format!("sqlite3 insert: {}", done.stderr.trim()));
                }
                sqlite_samples.push(done.took);
            }
        }
    }
    Ok((
        median(&rolo_samples),
        opts.reference.then(|| median(&sqlite_samples)),
    ))
}

/// Copy a file (a reflink where the filesystem has them), synced so its
/// writeback is not timed.
fn copy(from: &Path, to: &Path) -> Result<(), String> {
    let status = Command::new("cp")
        .arg("--reflink=auto")
        .arg(from)
        .arg(to)
        .stdin(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run cp: {e}"))?;
    if !status.success() {
        return Err(format!(
            "cannot copy {} to {} ({status})",
            from.display(),
            to.display()
        ));
    }
    std::fs::File::open(to)
        .and_then(|f| f.sync_all())
        .map_err(|e| format!("cannot sync {}: {e}", to.display()))
}

/// The import's medians and peaks.
struct Import {
    import: Duration,
    dry_run: Duration,
    peak_rss_kb: u64,
    dry_run_peak_rss_kb: u64,
    reference: Option<Duration>,
    reference_peak_rss_kb: Option<u64>,
    /// "N rows: C created, M merged, U unchanged" from the last report.
    summary: String,
}

/// Import the Salesforce-style CSV into a fresh database, dry-run it (no
/// database may appear), and `.import` it with sqlite3, in rotating rounds.
fn measure_import(opts: &Options, notes: &mut Vec<String>) -> Result<Import, String> {
    let rows = opts.import_rows;
    let csv = opts.data.join(format!("salesforce-{rows}.csv"));
    if !csv.exists() {
        let started = std::time::Instant::now();
        let partial = opts.data.join(format!("salesforce-{rows}.partial.csv"));
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/salesforce_csv.py");
        let out = Command::new("python3")
            .arg(script)
            .arg(rows.to_string())
            .arg(&partial)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run python3 {script}: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "{script} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        std::fs::rename(&partial, &csv).map_err(|e| format!("{}: {e}", csv.display()))?;
        notes.push(format!(
            "generated {} (`scripts/salesforce_csv.py {rows}`) in {:.1} s",
            csv.display(),
            started.elapsed().as_secs_f64()
        ));
    }
    let iopts = import::Options {
        rows,
        rounds: opts.rounds,
        data: opts.data.clone(),
        rolo: opts.rolo.clone(),
        reference: opts.reference,
    };
    let scratch = tempfile::Builder::new()
        .prefix("targets-import-")
        .tempdir_in(&opts.data)
        .map_err(|e| format!("cannot create a temp dir in {}: {e}", opts.data.display()))?;
    let mut import = Vec::new();
    let mut dry_run = Vec::new();
    let mut reference = Vec::new();
    let mut peak = 0;
    let mut dry_run_peak = 0;
    let mut reference_peak = 0;
    let mut summary = String::new();
    let config = no_backup_config(&opts.data)?;
    let config = config.display().to_string();
    let steps = if opts.reference { 3 } else { 2 };
    for round in 0..opts.rounds {
        for k in 0..steps {
            let db = scratch.path().join(format!("round-{round}-{k}.db"));
            match (k + round) % steps {
                0 => {
                    let done =
                        import::rolo_import_with(&iopts, &db, &csv, &["--config-dir", &config])?;
                    import::check_report("rolo import", &done.stdout, rows, None)?;
                    summary = import_summary(&done.stdout);
                    import.push(done.took);
                    peak = peak.max(done.max_rss_kb);
                }
                1 => {
                    let done = import::rolo_import_with(
                        &iopts,
                        &db,
                        &csv,
                        &["--dry-run", "--config-dir", &config],
                    )?;
                    import::check_report("rolo import --dry-run", &done.stdout, rows, None)?;
                    if db.exists() {
                        return Err(format!("rolo import --dry-run wrote {}", db.display()));
                    }
                    dry_run.push(done.took);
                    dry_run_peak = dry_run_peak.max(done.max_rss_kb);
                }
                _ => {
                    let done = sqlite3_import(&db, &csv)?;
                    reference.push(done.took);
                    reference_peak = reference_peak.max(done.max_rss_kb);
                }
            }
            remove_db(&db);
        }
    }
    Ok(Import {
        import: median(&import),
        dry_run: median(&dry_run),
        peak_rss_kb: peak,
        dry_run_peak_rss_kb: dry_run_peak,
        reference: opts.reference.then(|| median(&reference)),
        reference_peak_rss_kb: opts.reference.then_some(reference_peak),
        summary,
    })
}

fn import_summary(stdout: &str) -> String {
    let report: serde_json::Value = serde_json::from_str(stdout).unwrap_or_default();
    let n = |f: &str| {
        report
            .get(f)
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0)
    };
    format!(
        "{} rows: {} created, {} merged, {} unchanged",
        n("rows"),
        n("created"),
        n("merged"),
        n("unchanged")
    )
}

/// sqlite3's CLI importing the CSV into a fresh database: the table its
/// header names (13 columns, quoted multi-line cells), an index on the email
/// (what rolo matches duplicates on), in one transaction.
fn sqlite3_import(db: &Path, csv: &Path) -> Result<Finished, String> {
    let csv = std::path::absolute(csv).map_err(|e| format!("{}: {e}", csv.display()))?;
    // The script as arguments: `measure` gives the child an empty stdin.
    let import = format!(".import --csv \"{}\" t", csv.display());
    let mut cmd = Command::new("sqlite3");
    cmd.arg("-bail").arg(db).args([
        "BEGIN;",
        &import,
        "CREATE INDEX t_email ON t(\"Email\");",
        "COMMIT;",
    ]);
    let done = measure(
        &mut cmd,
        "sqlite3 .import (apt-get install sqlite3)",
        &db.with_extension("stderr"),
    )?;
    if !done.stderr.trim().is_empty() {
        return Err(format!("sqlite3 .import: {}", done.stderr.trim()));
    }
    Ok(done)
}
