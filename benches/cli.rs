//! End-to-end CLI benchmarks on generated data (DESIGN §9).
//!
//! `cargo bench --bench cli -- [--customers 100000] [--rounds 40] [--data DIR]`
//!
//! Builds (once, cached in `--data`) a `rolo demo` database of N customers
//! (~10 interactions and ~3 tasks each) and a sqlite3 reference table of N
//! rows, then times whole processes, interleaving rolo and the reference so
//! both see the same machine load. Prints a Markdown table of medians.
//! Needs `sqlite3` on PATH for the reference (Debian: `apt-get install sqlite3`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "support/mod.rs"]
mod support;
use support::{Args, median, ms, percentile, print_or_exit};

const NOW: &str = "2026-11-22T09:00:00+08:00";

pub struct Options {
    pub customers: usize,
    pub rounds: usize,
    pub data: PathBuf,
    pub rolo: PathBuf,
    /// Time the sqlite3 reference too (needs `sqlite3` on PATH).
    pub reference: bool,
}

#[allow(dead_code)]
fn main() {
    let args = Args::parse("--customers", 100_000, 40);
    let opts = Options {
        customers: args.size,
        rounds: args.rounds,
        data: args.data,
        rolo: PathBuf::from(env!("CARGO_BIN_EXE_rolo")),
        reference: true,
    };
    print_or_exit(run(&opts));
}

/// A timed step: its name and what it runs in a given round.
struct Step<'a> {
    name: &'static str,
    is_reference: bool,
    run: Box<dyn Fn(usize) -> Result<(), String> + 'a>,
    samples: Vec<Duration>,
}

impl<'a> Step<'a> {
    fn new(name: &'static str, run: impl Fn(usize) -> Result<(), String> + 'a) -> Step<'a> {
        Step {
            name,
            is_reference: false,
            run: Box::new(run),
            samples: Vec::new(),
        }
    }
}

pub fn run(opts: &Options) -> Result<String, String> {
    std::fs::create_dir_all(&opts.data).map_err(|e| e.to_string())?;
    let db = opts.data.join(format!("rolo-{}.redb", opts.customers));
    let mut notes = Vec::new();
    if !db.exists() {
        let started = Instant::now();
        let partial = opts
            .data
            .join(format!("rolo-{}.partial.redb", opts.customers));
        let _ = std::fs::remove_file(&partial);
        let customers = opts.customers.to_string();
        rolo(
            opts,
            &partial,
            &["demo", "--customers", &customers, "--seed", "1"],
        )?;
        std::fs::rename(&partial, &db).map_err(|e| e.to_string())?;
        let _ = std::fs::remove_file(
            opts.data
                .join(format!("rolo-{}.partial.redb.lock", opts.customers)),
        );
        notes.push(format!(
            "generated the database (`rolo demo --customers {}`) in {:.1} s",
            opts.customers,
            started.elapsed().as_secs_f64()
        ));
    }
    let sqlite = opts.data.join(format!("ref-{}.sqlite", opts.customers));
    if opts.reference && !sqlite.exists() {
        let sql = format!(
            "CREATE TABLE interactions(id INTEGER PRIMARY KEY, customer INTEGER, kind TEXT, at TEXT, summary TEXT);\
             CREATE INDEX by_customer ON interactions(customer, at);\
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {})\
             INSERT INTO interactions(customer, kind, at, summary) SELECT i, 'call', '2026-01-01T09:00', 'seed row ' || i FROM n;",
            opts.customers
        );
        sqlite3(&sqlite, &sql)?;
    }

    // Spread the writes over the book: a different customer each round.
    let id = |round: usize| format!("#{}", 1 + (round * 7919) % opts.customers.max(1));
    let mut steps = vec![
        Step {
            is_reference: true,
            ..Step::new("sqlite3: insert one row + commit (reference)", |round| {
                sqlite3(
                    &sqlite,
                    &format!(
                        "INSERT INTO interactions(customer, kind, at, summary) \
                         VALUES({round}, 'call', '2026-11-22T09:00', 'bench call {round}');"
                    ),
                )
            })
        },
        Step::new("rolo log #id call … --next … --due fri", |round| {
            let summary = format!("bench call {round}");
            rolo(
                opts,
                &db,
                &[
                    "log",
                    &id(round),
                    "call",
                    &summary,
                    "--next",
                    "follow up",
                    "--due",
                    "fri",
                ],
            )
        }),
        Step::new("rolo do 'call #id: … -> … @fri'", |round| {
            let line = format!("call {}: bench call {round} -> follow up @fri", id(round));
            rolo(opts, &db, &["do", &line])
        }),
        Step::new("rolo today", |_| rolo(opts, &db, &["today"])),
        Step::new("rolo today --brief", |_| {
            rolo(opts, &db, &["today", "--brief"])
        }),
        Step::new("rolo show #id", |round| {
            rolo(opts, &db, &["show", &id(round)])
        }),
        Step::new("rolo search wang (fuzzy, all customers)", |_| {
            rolo(opts, &db, &["search", "wang"])
        }),
        Step::new("rolo search zw (pinyin initials)", |_| {
            rolo(opts, &db, &["search", "zw"])
        }),
        Step::new("rolo grep pricing (full text, every record)", |_| {
            rolo(opts, &db, &["grep", "pricing"])
        }),
        Step::new("rolo grep 报价 (full text, every record)", |_| {
            rolo(opts, &db, &["grep", "报价"])
        }),
    ];
    if !opts.reference {
        steps.retain(|s| !s.is_reference);
    }
    for round in 0..opts.rounds {
        // Rotate the order each round so no step always runs right after another.
        let n = steps.len();
        for k in 0..n {
            let step = &mut steps[(k + round) % n];
            let started = Instant::now();
            (step.run)(round)?;
            step.samples.push(started.elapsed());
        }
    }

    let size = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
    let counts = rolo_output(opts, &db, &["today", "--brief"])?;
    let mut out = format!(
        "\nrolo CLI benchmark: {} customers, {} rounds, database {:.0} MB (today: {})\n\n",
        opts.customers,
        opts.rounds,
        size as f64 / 1e6,
        counts.trim()
    );
    out.push_str("| measurement | median | p90 | × sqlite3 |\n|---|---:|---:|---:|\n");
    let reference = steps
        .iter()
        .find(|s| s.is_reference)
        .map(|s| median(&s.samples));
    for step in &steps {
        let ratio = reference.map_or("-".to_string(), |r| {
            format!("{:.2}", ms(median(&step.samples)) / ms(r).max(1e-9))
        });
        out.push_str(&format!(
            "| {} | {:.2} ms | {:.2} ms | {ratio} |\n",
            step.name,
            ms(median(&step.samples)),
            ms(percentile(&step.samples, 0.9)),
        ));
    }
    for note in notes {
        out.push_str(&format!("\nNote: {note}\n"));
    }
    Ok(out)
}

fn rolo(opts: &Options, db: &Path, args: &[&str]) -> Result<(), String> {
    rolo_output(opts, db, args).map(drop)
}

fn rolo_output(opts: &Options, db: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new(&opts.rolo)
        .args(args)
        .env("ROLO_DB", db)
        .env("ROLO_NOW", NOW)
        .env("ROLO_CONFIG_DIR", opts.data.join("config"))
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", opts.rolo.display()))?;
    if !out.status.success() {
        return Err(format!(
            "rolo {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn sqlite3(db: &Path, sql: &str) -> Result<(), String> {
    let status = Command::new("sqlite3")
        .arg(db)
        .arg(sql)
        .stdout(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run sqlite3 (apt-get install sqlite3): {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("sqlite3 failed: {sql}"))
    }
}
