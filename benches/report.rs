//! Report, ranked-queue and deal-list benchmarks on generated data (DESIGN §9).
//!
//! `cargo bench --bench report -- [--customers 100000] [--rounds 5] [--data DIR]`
//!
//! Builds (once, cached in `--data`) a `rolo demo` database of N customers
//! (~10 interactions, ~3 tasks, ~0.4 deals and ~0.1 cases each) and, from
//! that database's own `rolo export --format jsonl`, a sqlite3 reference
//! holding the same customers, interactions, tasks, deals, cases and
//! campaigns. Every rolo step is paired with a sqlite3 query doing the
//! equivalent aggregation (GROUP BY over the same rows), timed as a whole
//! process in the same interleaved rounds, so both see the same machine
//! load. Prints a Markdown table: median and p90 wall time, peak RSS, the
//! reference's median and the ratio.
//! Needs `sqlite3` on PATH for the reference (Debian: `apt-get install sqlite3`).

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "support/mod.rs"]
mod support;
use support::{Args, measure, median, ms, percentile, print_or_exit, remove_db};

/// The same pinned clock as the other benches: the default report periods
/// are this month (funnel, sources, top), the 8 ISO weeks from Monday
/// 2026-09-28 (activity), 12 months (campaigns) and 30 days (overdue).
pub const NOW: &str = "2026-11-22T09:00:00+08:00";

pub struct Options {
    pub customers: usize,
    pub rounds: usize,
    pub data: PathBuf,
    pub rolo: PathBuf,
    /// Build and time the sqlite3 reference too (needs `sqlite3` on PATH).
    pub reference: bool,
}

#[allow(dead_code)]
fn main() {
    let args = Args::parse("--customers", 100_000, 5);
    let opts = Options {
        customers: args.size,
        rounds: args.rounds,
        data: args.data,
        rolo: PathBuf::from(env!("CARGO_BIN_EXE_rolo")),
        reference: true,
    };
    print_or_exit(run(&opts));
}

/// One rolo command and the sqlite3 query that does the same aggregation.
struct Pair {
    name: &'static str,
    args: &'static [&'static str],
    sql: &'static str,
}

/// The measured pairs. Dates are the default periods at `NOW`; the SQL
/// compares the first 10 characters of RFC 3339 stamps (local dates, as
/// rolo's periods do).
const PAIRS: &[Pair] = &[
    Pair {
        name: "rolo report funnel",
        args: &["report", "funnel"],
        sql: "SELECT stage, status, count(*), sum(amount), sum(amount * probability / 100) \
              FROM deals WHERE status = 'open' \
              OR substr(closed_at, 1, 10) BETWEEN '2026-11-01' AND '2026-11-30' \
              GROUP BY stage, status;",
    },
    Pair {
        name: "rolo report activity",
        args: &["report", "activity"],
        // Days first, then weeks: strftime once per (day, kind, author),
        // not once per row; `at` compares as its local date prefix.
        sql: "SELECT strftime('%W', d) AS w, kind, author, sum(n) FROM \
              (SELECT substr(at, 1, 10) AS d, kind, author, count(*) AS n FROM interactions \
              WHERE at >= '2026-09-28' AND at < '2026-11-23' GROUP BY kind, author, d) \
              GROUP BY w, kind, author;",
    },
    Pair {
        name: "rolo report sources",
        args: &["report", "sources"],
        sql: "SELECT source, count(*), sum(substr(created_at, 1, 10) >= '2026-11-01') \
              FROM customers GROUP BY source; \
              SELECT c.source, d.status, count(*), sum(d.amount) \
              FROM deals d JOIN customers c ON c.id = d.customer \
              WHERE substr(d.closed_at, 1, 10) BETWEEN '2026-11-01' AND '2026-11-30' \
              GROUP BY c.source, d.status;",
    },
    Pair {
        name: "rolo report campaigns",
        args: &["report", "campaigns"],
        sql: "SELECT campaign, count(*) FROM customers WHERE campaign != '' GROUP BY campaign; \
              SELECT c.campaign, count(*), sum(d.amount) \
              FROM deals d JOIN customers c ON c.id = d.customer \
              WHERE c.campaign != '' AND d.status = 'won' GROUP BY c.campaign; \
              SELECT name, cost, currency, source, started, ended FROM campaigns;",
    },
    Pair {
        name: "rolo report overdue",
        args: &["report", "overdue"],
        sql: "SELECT c.owner, count(*), min(t.due) \
              FROM tasks t JOIN customers c ON c.id = t.customer \
              WHERE t.status = 'open' AND t.due < '2026-11-22' GROUP BY c.owner; \
              SELECT owner, status, count(*), \
              avg(julianday(first_response_at) - julianday(opened_at)) * 24 \
              FROM cases WHERE status != 'resolved' OR substr(opened_at, 1, 10) >= '2026-10-24' \
              GROUP BY owner, status;",
    },
    Pair {
        name: "rolo report top",
        args: &["report", "top"],
        sql: "SELECT c.name, c.company, c.owner, \
              sum(CASE WHEN d.status = 'won' AND substr(d.closed_at, 1, 10) >= '2026-11-01' \
              THEN d.amount ELSE 0 END) AS won, \
              sum(CASE WHEN d.status = 'open' THEN d.amount * d.probability / 100 ELSE 0 END) AS open \
              FROM deals d JOIN customers c ON c.id = d.customer WHERE d.status != 'lost' \
              GROUP BY d.customer ORDER BY won DESC, open DESC LIMIT 20;",
    },
    Pair {
        name: "rolo today --ranked",
        args: &["today", "--ranked"],
        sql: "SELECT t.id, t.title, t.due, t.priority, c.name, o.weighted \
              FROM tasks t JOIN customers c ON c.id = t.customer \
              LEFT JOIN (SELECT customer, sum(amount * probability / 100) AS weighted \
              FROM deals WHERE status = 'open' GROUP BY customer) o ON o.customer = t.customer \
              WHERE t.status = 'open' AND t.due <= '2026-11-22' \
              ORDER BY t.due, t.priority, o.weighted DESC LIMIT 20;",
    },
    // Gone quiet (config quiet_days = 0, the default): customers with a
    // cadence whose last contact (else creation) plus the cadence is past.
    Pair {
        name: "rolo today",
        args: &["today"],
        sql: "SELECT t.id, t.due, c.name, t.title FROM tasks t JOIN customers c ON c.id = t.customer \
              WHERE t.status = 'open' AND t.due != '' AND t.due < '2026-11-30' ORDER BY t.due; \
              SELECT count(*) FROM customers WHERE cadence != '' AND julianday(substr(coalesce(nullif(last_contact_at, ''), created_at), 1, 19)) \
              + cadence \
              < julianday('2026-11-22T09:00:00'); \
              SELECT id, name, company, last_contact_at, cadence FROM customers \
              WHERE cadence != '' AND julianday(substr(coalesce(nullif(last_contact_at, ''), created_at), 1, 19)) \
              + cadence \
              < julianday('2026-11-22T09:00:00') ORDER BY julianday(substr(coalesce(nullif(last_contact_at, ''), created_at), 1, 19)) \
              + cadence LIMIT 20;",
    },
    Pair {
        name: "rolo list --gone-quiet",
        args: &["list", "--gone-quiet"],
        sql: "SELECT id, name, company, stage, last_contact_at, tags FROM customers \
              WHERE cadence != '' AND julianday(substr(coalesce(nullif(last_contact_at, ''), created_at), 1, 19)) \
              + cadence \
              < julianday('2026-11-22T09:00:00') ORDER BY id;",
    },
    Pair {
        name: "rolo case list",
        args: &["case", "list"],
        sql: "SELECT k.id, c.name, k.kind, k.status, k.owner, k.opened_at \
              FROM cases k JOIN customers c ON c.id = k.customer \
              WHERE k.status != 'resolved' ORDER BY k.opened_at;",
    },
    Pair {
        name: "rolo task list --week",
        args: &["task", "list", "--week"],
        sql: "SELECT t.id, t.due, c.name, t.title, t.priority \
              FROM tasks t JOIN customers c ON c.id = t.customer \
              WHERE t.status = 'open' AND t.due != '' AND t.due < '2026-11-30' ORDER BY t.due;",
    },
    Pair {
        name: "rolo search wang",
        args: &["search", "wang"],
        sql: "SELECT id, name, company, emails FROM customers \
              WHERE name LIKE '%wang%' OR company LIKE '%wang%' OR emails LIKE '%wang%' \
              ORDER BY instr(lower(name), 'wang') = 0, length(name), id LIMIT 20;",
    },
    Pair {
        name: "rolo deal list",
        args: &["deal", "list"],
        sql: "SELECT d.id, c.name, d.title, d.amount, d.currency, d.stage, d.probability, \
              d.amount * d.probability / 100, d.expected_close, d.owner \
              FROM deals d JOIN customers c ON c.id = d.customer WHERE d.status = 'open' \
              ORDER BY d.stage, d.expected_close; \
              SELECT count(*), sum(amount), sum(amount * probability / 100) \
              FROM deals WHERE status = 'open';",
    },
];

/// A timed step: a whole process per round.
struct Step {
    name: String,
    program: PathBuf,
    args: Vec<String>,
    /// Index of the rolo step this reference stands next to.
    reference_of: Option<usize>,
    samples: Vec<Duration>,
    peak_rss_kb: u64,
}

/// One process's timings over the rounds.
pub struct Timed {
    pub name: String,
    pub samples: Vec<Duration>,
    pub peak_rss_kb: u64,
}

/// A rolo command and, when the reference ran, the sqlite3 query beside it.
pub struct Measured {
    /// The rolo command as the table names it ("rolo report funnel").
    pub name: String,
    pub rolo: Timed,
    pub reference: Option<Timed>,
}

/// Everything one size's run measured, and the files it measured on.
pub struct Run {
    pub db: PathBuf,
    pub sqlite: PathBuf,
    pub pairs: Vec<Measured>,
    /// What had to be generated first, and how long it took.
    pub notes: Vec<String>,
}

pub fn run(opts: &Options) -> Result<String, String> {
    let measured = measure_pairs(opts)?;
    let size = std::fs::metadata(&measured.db)
        .map(|m| m.len())
        .unwrap_or(0);
    let counts = rolo_output(opts, &measured.db, &["today", "--brief"])?;
    let mut out = format!(
        "\nrolo report benchmark: {} customers, {} rounds, database {:.0} MB (today: {})\n",
        opts.customers,
        opts.rounds,
        size as f64 / 1e6,
        counts.trim()
    );
    if opts.reference {
        out.push_str(&format!(
            "reference rows: {}\n",
            reference_counts(&measured.sqlite)?
        ));
    }
    out.push_str(
        "\n| step | median | p90 | peak RSS | sqlite3 median | × sqlite3 |\n\
         |---|---:|---:|---:|---:|---:|\n",
    );
    for pair in &measured.pairs {
        let rolo = &pair.rolo;
        let (ref_cell, ratio) = match &pair.reference {
            Some(r) => (
                format!("{:.1} ms", ms(median(&r.samples))),
                format!(
                    "{:.1}",
                    ms(median(&rolo.samples)) / ms(median(&r.samples)).max(1e-9)
                ),
            ),
            None => ("-".to_string(), "-".to_string()),
        };
        out.push_str(&format!(
            "| {} | {:.1} ms | {:.1} ms | {:.0} MB | {ref_cell} | {ratio} |\n",
            pair.name,
            ms(median(&rolo.samples)),
            ms(percentile(&rolo.samples, 0.9)),
            rolo.peak_rss_kb as f64 / 1024.0,
        ));
    }
    for note in &measured.notes {
        out.push_str(&format!("\nNote: {note}\n"));
    }
    Ok(out)
}

/// Build (or reuse) the database and the reference, then time every pair
/// as whole processes in rotating interleaved rounds.
pub fn measure_pairs(opts: &Options) -> Result<Run, String> {
    std::fs::create_dir_all(&opts.data).map_err(|e| e.to_string())?;
    let db = opts.data.join(format!("report-{}.redb", opts.customers));
    let mut notes = Vec::new();
    if !db.exists() {
        let started = Instant::now();
        let partial = opts
            .data
            .join(format!("report-{}.partial.redb", opts.customers));
        remove_db(&partial);
        let customers = opts.customers.to_string();
        rolo(
            opts,
            &partial,
            &["demo", "--customers", &customers, "--seed", "1"],
        )?;
        std::fs::rename(&partial, &db).map_err(|e| e.to_string())?;
        remove_db(&partial);
        notes.push(format!(
            "generated the database (`rolo demo --customers {}`) in {:.1} s",
            opts.customers,
            started.elapsed().as_secs_f64()
        ));
    }
    let sqlite = opts
        .data
        .join(format!("report-ref-{}.sqlite", opts.customers));
    if opts.reference && !reference_is_current(&sqlite) {
        let started = Instant::now();
        let rebuilt = sqlite.exists();
        build_reference(opts, &db, &sqlite)?;
        notes.push(format!(
            "{} the sqlite3 reference from `rolo export --format jsonl` in {:.1} s",
            if rebuilt {
                "rebuilt (older schema)"
            } else {
                "built"
            },
            started.elapsed().as_secs_f64()
        ));
    }

    let mut steps = Vec::new();
    for pair in PAIRS {
        let rolo_index = steps.len();
        steps.push(Step {
            name: pair.name.to_string(),
            program: opts.rolo.clone(),
            args: pair.args.iter().map(|a| a.to_string()).collect(),
            reference_of: None,
            samples: Vec::new(),
            peak_rss_kb: 0,
        });
        if opts.reference {
            steps.push(Step {
                name: format!("sqlite3 for {}", pair.name),
                program: PathBuf::from("sqlite3"),
                args: vec![sqlite.display().to_string(), pair.sql.to_string()],
                reference_of: Some(rolo_index),
                samples: Vec::new(),
                peak_rss_kb: 0,
            });
        }
    }
    let stderr_path = opts.data.join("report-bench.stderr");
    for round in 0..opts.rounds {
        // Rotate the order each round so no step always runs right after another.
        let n = steps.len();
        for k in 0..n {
            let step = &mut steps[(k + round) % n];
            let mut cmd = Command::new(&step.program);
            cmd.args(&step.args);
            if step.reference_of.is_none() {
                rolo_env(&mut cmd, opts, &db);
            }
            let done = measure(&mut cmd, &step.name, &stderr_path)?;
            if step.reference_of.is_some() && !done.stderr.trim().is_empty() {
                // sqlite3 exits 0 after some errors in a multi-statement argument.
                return Err(format!("{}: {}", step.name, done.stderr.trim()));
            }
            if done.stdout.trim().is_empty() && step.reference_of.is_none() {
                return Err(format!("{} printed nothing", step.name));
            }
            step.samples.push(done.took);
            step.peak_rss_kb = step.peak_rss_kb.max(done.max_rss_kb);
        }
    }

    let mut pairs = Vec::new();
    let mut rest: Vec<Option<Step>> = steps.into_iter().map(Some).collect();
    for i in 0..rest.len() {
        let is_rolo = rest[i].as_ref().is_some_and(|s| s.reference_of.is_none());
        if !is_rolo {
            continue;
        }
        let reference = rest
            .iter_mut()
            .find(|s| s.as_ref().is_some_and(|s| s.reference_of == Some(i)))
            .and_then(Option::take)
            .map(timed);
        if let Some(step) = rest[i].take() {
            pairs.push(Measured {
                name: step.name.clone(),
                rolo: timed(step),
                reference,
            });
        }
    }
    Ok(Run {
        db,
        sqlite,
        pairs,
        notes,
    })
}

fn timed(step: Step) -> Timed {
    Timed {
        name: step.name,
        samples: step.samples,
        peak_rss_kb: step.peak_rss_kb,
    }
}

/// Bumped whenever `SCHEMA`, `TABLES` or the indexes change: a cached
/// reference of another version is rebuilt.
const REFERENCE_VERSION: u32 = 3;

fn reference_is_current(sqlite: &Path) -> bool {
    sqlite.exists()
        && Command::new("sqlite3")
            .arg(sqlite)
            .arg("PRAGMA user_version;")
            .output()
            .is_ok_and(|o| {
                String::from_utf8_lossy(&o.stdout).trim() == REFERENCE_VERSION.to_string()
            })
}

/// The reference tables: the columns the reports read, one row per record.
const SCHEMA: &str = "\
CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT, company TEXT, owner TEXT, \
  source TEXT, campaign TEXT, stage TEXT, created_at TEXT, last_contact_at TEXT, emails TEXT, \
  tags TEXT, cadence INTEGER);\n\
CREATE TABLE interactions(id INTEGER PRIMARY KEY, customer INTEGER, kind TEXT, at TEXT, author TEXT);\n\
CREATE TABLE tasks(id INTEGER PRIMARY KEY, customer INTEGER, title TEXT, due TEXT, \
  priority TEXT, status TEXT, done_at TEXT);\n\
CREATE TABLE deals(id INTEGER PRIMARY KEY, customer INTEGER, title TEXT, amount INTEGER, \
  currency TEXT, stage TEXT, probability INTEGER, expected_close TEXT, status TEXT, owner TEXT, \
  created_at TEXT, closed_at TEXT);\n\
CREATE TABLE cases(id INTEGER PRIMARY KEY, customer INTEGER, kind TEXT, status TEXT, \
  owner TEXT, opened_at TEXT, first_response_at TEXT, resolved_at TEXT);\n\
CREATE TABLE campaigns(name TEXT PRIMARY KEY, cost INTEGER, currency TEXT, source TEXT, \
  started TEXT, ended TEXT);\n";

/// Each table and the JSONL fields that fill its columns, in order.
const TABLES: &[(&str, &[&str])] = &[
    (
        "customer",
        &[
            "id",
            "name",
            "company",
            "owner",
            "source",
            "campaign",
            "stage",
            "created_at",
            "last_contact_at",
            "emails",
            "tags",
            "cadence",
        ],
    ),
    ("interaction", &["id", "customer", "kind", "at", "author"]),
    (
        "task",
        &[
            "id", "customer", "title", "due", "priority", "status", "done_at",
        ],
    ),
    (
        "deal",
        &[
            "id",
            "customer",
            "title",
            "amount",
            "currency",
            "stage",
            "probability",
            "expected_close",
            "status",
            "owner",
            "created_at",
            "closed_at",
        ],
    ),
    (
        "case",
        &[
            "id",
            "customer",
            "kind",
            "status",
            "owner",
            "opened_at",
            "first_response_at",
            "resolved_at",
        ],
    ),
    (
        "campaign",
        &["name", "cost", "currency", "source", "started", "ended"],
    ),
];

/// Export the demo database as JSONL, split it into one CSV per record
/// type (the columns of `TABLES`) and `.import` those into a fresh sqlite
/// file, with the index a join on customers wants.
fn build_reference(opts: &Options, db: &Path, sqlite: &Path) -> Result<(), String> {
    let jsonl = opts.data.join(format!("report-{}.jsonl", opts.customers));
    let file = File::create(&jsonl).map_err(|e| format!("{}: {e}", jsonl.display()))?;
    let mut cmd = Command::new(&opts.rolo);
    cmd.args(["export", "--format", "jsonl"]).stdout(file);
    rolo_env(&mut cmd, opts, db);
    let status = cmd
        .status()
        .map_err(|e| format!("cannot run {}: {e}", opts.rolo.display()))?;
    if !status.success() {
        return Err(format!("rolo export failed ({status})"));
    }
    let csv_path = |kind: &str| opts.data.join(format!("report-ref-{kind}.csv"));
    let mut writers = Vec::new();
    for (kind, _) in TABLES {
        let path = csv_path(kind);
        let file = File::create(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        writers.push(csv::Writer::from_writer(BufWriter::new(file)));
    }
    let lines = BufReader::new(File::open(&jsonl).map_err(|e| e.to_string())?);
    for (n, line) in lines.lines().enumerate() {
        let line = line.map_err(|e| format!("{}: {e}", jsonl.display()))?;
        let record: serde_json::Value = serde_json::from_str(&line)
            .map_err(|e| format!("{} line {}: {e}", jsonl.display(), n + 1))?;
        let kind = record["type"].as_str().unwrap_or_default();
        let Some(t) = TABLES.iter().position(|(k, _)| *k == kind) else {
            continue; // the header line, saved views, the audit trail…
        };
        let cells = TABLES[t].1.iter().map(|field| cell(&record[*field]));
        writers[t]
            .write_record(cells)
            .map_err(|e| format!("writing {kind} rows: {e}"))?;
    }
    for w in &mut writers {
        w.flush().map_err(|e| e.to_string())?;
    }
    drop(writers);
    let _ = std::fs::remove_file(sqlite);
    let partial = sqlite.with_extension("partial");
    let _ = std::fs::remove_file(&partial);
    let mut script = String::from(SCHEMA);
    let table_name = |kind: &str| match kind {
        "customer" => "customers",
        "interaction" => "interactions",
        "task" => "tasks",
        "deal" => "deals",
        "case" => "cases",
        _ => "campaigns",
    };
    for (kind, _) in TABLES {
        script.push_str(&format!(
            ".import --csv '{}' {}\n",
            csv_path(kind).display(),
            table_name(kind)
        ));
    }
    script.push_str(&format!("PRAGMA user_version = {REFERENCE_VERSION};\n"));
    script.push_str(
        "CREATE INDEX interactions_by_customer ON interactions(customer, at);\n\
         CREATE INDEX interactions_by_kind ON interactions(kind, author, at);\n\
         CREATE INDEX deals_by_customer ON deals(customer);\n\
         CREATE INDEX deals_by_status ON deals(status, stage, expected_close);\n\
         CREATE INDEX tasks_by_customer ON tasks(customer);\n\
         CREATE INDEX tasks_by_due ON tasks(status, due);\n\
         CREATE INDEX cases_by_status ON cases(status, opened_at);\n\
         CREATE INDEX customers_quiet ON customers(\
           julianday(substr(coalesce(nullif(last_contact_at, ''), created_at), 1, 19)) + cadence) \
           WHERE cadence != '';\n\
         ANALYZE;\n",
    );
    let mut child = Command::new("sqlite3")
        .arg(&partial)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run sqlite3 (apt-get install sqlite3): {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(script.as_bytes())
            .map_err(|e| format!("sqlite3: {e}"))?;
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("sqlite3 could not build the reference ({status})"));
    }
    std::fs::rename(&partial, sqlite).map_err(|e| e.to_string())?;
    for (kind, _) in TABLES {
        let _ = std::fs::remove_file(csv_path(kind));
    }
    let _ = std::fs::remove_file(&jsonl);
    Ok(())
}

/// A JSON value as a CSV cell: strings bare, null empty (sqlite reads it as
/// '' — the queries compare dates, so '' sorts before every date).
fn cell(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// "1000 customers, 9876 interactions, …" from the reference itself.
fn reference_counts(sqlite: &Path) -> Result<String, String> {
    let sql = "SELECT (SELECT count(*) FROM customers) || ' customers, ' || \
               (SELECT count(*) FROM interactions) || ' interactions, ' || \
               (SELECT count(*) FROM tasks) || ' tasks, ' || \
               (SELECT count(*) FROM deals) || ' deals, ' || \
               (SELECT count(*) FROM cases) || ' cases, ' || \
               (SELECT count(*) FROM campaigns) || ' campaigns';";
    let out = Command::new("sqlite3")
        .arg(sqlite)
        .arg(sql)
        .output()
        .map_err(|e| format!("cannot run sqlite3: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "sqlite3 counts: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

pub fn rolo_env(cmd: &mut Command, opts: &Options, db: &Path) {
    cmd.env("ROLO_DB", db)
        .env("ROLO_NOW", NOW)
        .env("ROLO_CONFIG_DIR", opts.data.join("config"))
        .stdin(Stdio::null());
}

fn rolo(opts: &Options, db: &Path, args: &[&str]) -> Result<(), String> {
    rolo_output(opts, db, args).map(drop)
}

pub fn rolo_output(opts: &Options, db: &Path, args: &[&str]) -> Result<String, String> {
    let mut cmd = Command::new(&opts.rolo);
    cmd.args(args);
    rolo_env(&mut cmd, opts, db);
    let out = cmd
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
