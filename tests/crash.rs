//! Crash safety and bad databases (issue 5, items 1 and 9).
//!
//! The torture test SIGKILLs `rolo log` writers at random moments and checks
//! after every kill that the database opens, that every acknowledged log is
//! there exactly once and that nothing is half-written. `ROLO_TORTURE_KILLS`
//! sets the number of kills (20 by default); `scripts/crash-torture` runs it
//! with 200 in release mode. The other tests feed rolo files that are not
//! databases, cut short or bit-flipped. Figures: docs/RELIABILITY.md.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

#[path = "crash/erase.rs"]
mod erase;

/// Sunday 2026-11-22, 09:00 in Shanghai (the CLI tests' `NOW`).
const NOW: &str = "2026-11-22T09:00:00+08:00";
const SIGKILL: i32 = 9;
/// redb's header: the god byte follows the 9 magic bytes; bit 1 says the
/// last writer did not close the file, so the next open must repair it.
const GOD_BYTE: usize = 9;
const RECOVERY_REQUIRED: u8 = 2;

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("rolo.redb")
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_rolo"));
        cmd.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("USER", "tester")
            .env("ROLO_DB", self.db())
            .env("ROLO_CONFIG_DIR", self.dir.path().join("config"))
            .env("ROLO_NOW", NOW)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .args(args);
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("rolo runs")
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "rolo {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 output")
    }

    fn bytes(&self) -> Vec<u8> {
        std::fs::read(self.db()).expect("read the database file")
    }
}

// ---------------------------------------------------------------- crashes

/// What the export says after a round: the checks that failed, if any.
#[derive(Default)]
struct Audit {
    lost: Vec<String>,
    duplicated: Vec<String>,
    half_written: Vec<String>,
    /// Killed writers whose log was committed anyway (killed after the commit).
    committed_unacknowledged: usize,
}

#[derive(Default)]
struct Figures {
    rounds: usize,
    writers: usize,
    kills: usize,
    acknowledged: usize,
    lost: usize,
    duplicated: usize,
    half_written: usize,
    opens_failed: usize,
    needed_repair: usize,
    committed_unacknowledged: usize,
    worst_reopen: Duration,
}

struct Writer {
    summary: String,
    with_next: bool,
    child: Child,
    spawned: Instant,
    kill_after: Option<Duration>,
}

fn kills_wanted() -> usize {
    std::env::var("ROLO_TORTURE_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20)
}

fn seed() -> u64 {
    std::env::var("ROLO_TORTURE_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5EED)
}

/// Rounds of 2–3 concurrent `rolo log` writers, at least one of them killed
/// 0–15 ms after its spawn; the export is checked after every round.
#[test]
fn killed_writers_never_lose_or_half_write_an_acknowledged_log() {
    let wanted = kills_wanted();
    let seed = seed();
    let env = Env::new();
    for name in ["Ann Lee", "Bob Stone", "Chen Jing"] {
        env.ok(&["add", name]);
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut fig = Figures::default();
    let mut acknowledged: Vec<String> = Vec::new();
    let mut killed: Vec<String> = Vec::new();
    let mut failures: Vec<String> = Vec::new();
    while fig.kills < wanted && fig.rounds < wanted * 20 {
        let round = fig.rounds;
        fig.rounds += 1;
        let count = rng.random_range(2..=3usize);
        let victim = rng.random_range(0..count);
        let mut writers: Vec<Writer> = (0..count)
            .map(|w| {
                let with_next = rng.random_range(0..2u8) == 0;
                let summary = format!(
                    "round {round} writer {w}{}",
                    if with_next { " +next" } else { "" }
                );
                let customer = format!("#{}", rng.random_range(1..=3u32));
                let next = format!("follow up round {round} writer {w}");
                let mut args = vec!["log", customer.as_str(), "call", summary.as_str()];
                if with_next {
                    args.extend(["--next", next.as_str(), "--due", "fri"]);
                }
                let kill = w == victim || rng.random_range(0..2u8) == 0;
                let kill_after = kill.then(|| Duration::from_micros(rng.random_range(0..=15_000)));
                let child = env
                    .command(&args)
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .expect("spawn rolo log");
                Writer {
                    summary,
                    with_next,
                    child,
                    spawned: Instant::now(),
                    kill_after,
                }
            })
            .collect();
        fig.writers += writers.len();
        let mut schedule: Vec<(Instant, usize)> = writers
            .iter()
            .enumerate()
            .filter_map(|(i, w)| w.kill_after.map(|d| (w.spawned + d, i)))
            .collect();
        schedule.sort();
        for (at, i) in schedule {
            std::thread::sleep(at.saturating_duration_since(Instant::now()));
            // SIGKILL; a writer that already exited is a zombie until waited
            // for, so the signal is harmless and its exit status stays 0.
            writers[i].child.kill().expect("SIGKILL a writer");
        }
        let mut round_writers = Vec::new();
        for mut w in writers {
            let status = w.child.wait().expect("wait for a writer");
            if status.signal() == Some(SIGKILL) {
                fig.kills += 1;
                killed.push(w.summary.clone());
            } else if status.success() {
                acknowledged.push(w.summary.clone());
            } else {
                failures.push(format!("{}: exited with {status}", w.summary));
            }
            round_writers.push((w.summary, w.with_next));
        }

        if needs_repair(&env.db()) {
            fig.needed_repair += 1;
        }
        let started = Instant::now();
        let out = env.run(&["export", "--format", "jsonl"]);
        fig.worst_reopen = fig.worst_reopen.max(started.elapsed());
        if !out.status.success() {
            fig.opens_failed += 1;
            failures.push(format!(
                "round {round}: the database did not open: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
            continue;
        }
        let audit = audit(&out.stdout, &acknowledged, &killed, &round_writers);
        fig.committed_unacknowledged = audit.committed_unacknowledged;
        fig.lost = audit.lost.len();
        fig.duplicated = audit.duplicated.len();
        fig.half_written = audit.half_written.len();
        for problem in audit.lost.iter().map(|s| format!("lost: {s}")) {
            failures.push(format!("round {round}: {problem}"));
        }
        for problem in audit.duplicated.iter().map(|s| format!("twice: {s}")) {
            failures.push(format!("round {round}: {problem}"));
        }
        for problem in &audit.half_written {
            failures.push(format!("round {round}: half-written: {problem}"));
        }
        if !failures.is_empty() {
            break;
        }
    }
    fig.acknowledged = acknowledged.len();
    let shown = env.run(&["list", "--json"]);
    if !shown.status.success() {
        fig.opens_failed += 1;
        failures.push("the final `rolo list --json` failed".to_string());
    }
    println!(
        "crash torture (seed {seed}): {} kills in {} rounds of {} writers; \
         {} acknowledged writes, {} lost, {} duplicated, {} half-written; \
         {} opens failed; {} rounds left the file needing repair; \
         {} killed writers had committed anyway; worst reopen {:.1} ms",
        fig.kills,
        fig.rounds,
        fig.writers,
        fig.acknowledged,
        fig.lost,
        fig.duplicated,
        fig.half_written,
        fig.opens_failed,
        fig.needed_repair,
        fig.committed_unacknowledged,
        fig.worst_reopen.as_secs_f64() * 1e3,
    );
    assert!(fig.kills >= wanted, "only {} kills landed", fig.kills);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn needs_repair(db: &Path) -> bool {
    std::fs::read(db)
        .ok()
        .and_then(|b| b.get(GOD_BYTE).copied())
        .is_some_and(|g| g & RECOVERY_REQUIRED != 0)
}

/// Check an export against what the writers were told.
fn audit(
    jsonl: &[u8],
    acknowledged: &[String],
    killed: &[String],
    round: &[(String, bool)],
) -> Audit {
    let text = String::from_utf8_lossy(jsonl);
    let mut customers = HashSet::new();
    let mut interactions = Vec::new();
    let mut tasks: HashMap<u64, Value> = HashMap::new();
    let mut found = Audit::default();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let Ok(v) = serde_json::from_str::<Value>(line) else {
            found.half_written.push(format!("not JSON: {line}"));
            continue;
        };
        match v["type"].as_str() {
            Some("customer") => {
                customers.insert(v["id"].as_u64());
            }
            Some("interaction") => interactions.push(v),
            Some("task") => {
                if let Some(id) = v["id"].as_u64() {
                    tasks.insert(id, v);
                }
            }
            _ => {}
        }
    }
    let mut by_summary: HashMap<&str, Vec<&Value>> = HashMap::new();
    for i in &interactions {
        let summary = i["summary"].as_str().unwrap_or_default();
        by_summary.entry(summary).or_default().push(i);
        if !customers.contains(&i["customer"].as_u64()) {
            found
                .half_written
                .push(format!("interaction {} has no customer", i["id"]));
        }
        if let Some(task) = i["task"].as_u64() {
            match tasks.get(&task) {
                Some(t) if t["origin"] == i["id"] => {}
                _ => found.half_written.push(format!(
                    "interaction {} points at task {task}, which does not point back",
                    i["id"]
                )),
            }
        }
    }
    for (id, t) in &tasks {
        if !customers.contains(&t["customer"].as_u64()) {
            found
                .half_written
                .push(format!("task {id} has no customer"));
        }
        if let Some(origin) = t["origin"].as_u64() {
            let linked = interactions
                .iter()
                .any(|i| i["id"].as_u64() == Some(origin) && i["task"].as_u64() == Some(*id));
            if !linked {
                found.half_written.push(format!(
                    "task {id} comes from interaction {origin}, which does not link it"
                ));
            }
        }
    }
    for (summary, with_next) in round {
        let Some(found_logs) = by_summary.get(summary.as_str()) else {
            continue;
        };
        let has_task = found_logs.iter().all(|i| i["task"].as_u64().is_some());
        if *with_next && !has_task {
            found
                .half_written
                .push(format!("{summary:?} was logged without its next action"));
        }
    }
    for summary in acknowledged {
        match by_summary.get(summary.as_str()).map_or(0, Vec::len) {
            0 => found.lost.push(summary.clone()),
            1 => {}
            _ => found.duplicated.push(summary.clone()),
        }
    }
    for summary in killed {
        match by_summary.get(summary.as_str()).map_or(0, Vec::len) {
            0 => {}
            1 => found.committed_unacknowledged += 1,
            _ => found.duplicated.push(summary.clone()),
        }
    }
    found
}

// ---------------------------------------------------------- bad databases

/// The two commands the issue names: a read and a write.
const READ: &[&str] = &["list"];
const WRITE: &[&str] = &["log", "#1", "call", "hello"];

fn assert_refused(env: &Env, args: &[&str], what: &str) {
    let before = env.bytes();
    let out = env.run(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked"),
        "{what}: rolo {args:?} panicked: {stderr}"
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{what}: rolo {args:?}: {stderr}"
    );
    let path = env.db().display().to_string();
    assert!(
        stderr.contains(&path),
        "{what}: the error does not name {path}: {stderr}"
    );
    assert!(
        env.bytes() == before,
        "{what}: rolo {args:?} changed the file"
    );
}

/// `rolo demo --customers 50 --seed 1`: a small, deterministic database.
fn demo_database() -> (Env, Vec<u8>) {
    let env = Env::new();
    env.ok(&["demo", "--customers", "50", "--seed", "1"]);
    let bytes = env.bytes();
    (env, bytes)
}

#[test]
fn a_file_of_another_kind_is_refused_and_untouched() {
    // A SQLite header and binary junk (the CLI tests cover a CSV file).
    let env = Env::new();
    let mut junk = b"SQLite format 3\0".to_vec();
    junk.extend((0..8192u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    std::fs::write(env.db(), &junk).expect("write the junk file");
    for args in [READ, WRITE] {
        assert_refused(&env, args, "not redb");
        let stderr = String::from_utf8_lossy(&env.run(args).stderr).into_owned();
        assert!(stderr.contains("is not a rolo database"), "{stderr}");
    }
    assert!(env.bytes() == junk);
}

#[test]
fn a_truncated_database_is_refused_and_untouched() {
    let (env, bytes) = demo_database();
    let half = bytes[..bytes.len() / 2].to_vec();
    std::fs::write(env.db(), &half).expect("truncate");
    for args in [READ, WRITE, &["export"][..], &["today", "--brief"][..]] {
        assert_refused(&env, args, "truncated");
        let stderr = String::from_utf8_lossy(&env.run(args).stderr).into_owned();
        assert!(stderr.contains("is damaged"), "{stderr}");
    }
    assert!(env.bytes() == half);
}

/// 64 bytes inverted in a page no table points at. redb 4.6 checks no
/// checksum on a normal read, so such a flip goes unnoticed: reads see the
/// same data and a write succeeds. Which pages are free depends on the
/// data, so the test looks for one outward from the middle of the file (a
/// flip in a page in use is reported, or reads as other text that
/// `rolo check` then reports).
#[test]
fn a_bit_flip_in_an_unused_page_is_not_detected_and_harms_nothing() {
    let (env, clean) = demo_database();
    let clean_export = env.ok(&["export"]);
    let pages = clean.len() / 4096;
    let mid = pages / 2;
    let order = (0..pages).map(|i| {
        if i % 2 == 0 {
            mid + i / 2
        } else {
            mid - i.div_ceil(2)
        }
    });
    let mut found = None;
    for page in order.filter(|p| (1..pages).contains(p)) {
        let mut flipped = clean.clone();
        let at = page * 4096 + 1024;
        for b in &mut flipped[at..at + 64] {
            *b ^= 0xFF;
        }
        std::fs::write(env.db(), &flipped).expect("flip");
        let out = env.run(&["export"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "page {page}: {stderr}");
        if out.status.code() == Some(0) {
            if out.stdout != clean_export.as_bytes() {
                // A page in use whose flip landed in a text value: it reads
                // as other valid text (redb checks checksums only in its
                // integrity check), and `rolo check` must say so.
                let check = env.run(&["check"]);
                assert_ne!(
                    check.status.code(),
                    Some(0),
                    "page {page}: a flip read back as other data and check found nothing"
                );
                continue;
            }
            found = Some(flipped);
            break;
        }
    }
    let flipped = found.expect("some page of the demo file is free");
    for args in [READ, &["export"][..], &["today", "--brief"][..]] {
        let out = env.run(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "rolo {args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "rolo {args:?}: {stderr}");
        assert!(env.bytes() == flipped, "rolo {args:?} changed the file");
    }
    assert_eq!(env.ok(&["export"]), clean_export);
    let out = env.run(WRITE);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let shown = env.ok(&["show", "#1", "--json"]);
    assert!(shown.contains("\"hello\""), "{shown}");
}

/// Every 4 KiB page of the demo file in turn, 8 bytes inverted near its
/// start (a B-tree page header) or in its middle (row bytes): a read must
/// not panic, must exit 0 or 1 (1 with a message) and must leave the file
/// as it was. redb verifies page checksums only in its integrity check, so
/// a flip inside a text value can read back as other valid text (exit 0):
/// then `rolo check` must find the damage. redb 4.6 panics (index out of range in btree_base.rs) on a
/// corrupted B-tree page header; the store catches that and reports the
/// file as damaged (regression test for exit 101 on 49 of 276 reads).
/// `cargo test --test crash -- --nocapture every_page` prints the tally.
#[test]
fn a_bit_flip_in_every_page_never_panics() {
    let (env, clean) = demo_database();
    let clean_export = env.ok(&["export"]);
    let mut tally: HashMap<(&str, &str), usize> = HashMap::new();
    let mut failures = Vec::new();
    for page in 0..clean.len() / 4096 {
        for offset in [16, 2048] {
            let mut flipped = clean.clone();
            let at = page * 4096 + offset;
            for b in &mut flipped[at..at + 8] {
                *b ^= 0xFF;
            }
            for args in [READ, &["export"][..]] {
                std::fs::write(env.db(), &flipped).expect("flip");
                let out = env.run(args);
                let stderr = String::from_utf8_lossy(&out.stderr);
                let outcome = match out.status.code() {
                    _ if stderr.contains("panicked") => "panic",
                    Some(0) if args == ["export"] && out.stdout != clean_export.as_bytes() => {
                        "wrong data, exit 0"
                    }
                    Some(0) => "unnoticed",
                    Some(1) if !stderr.trim().is_empty() => "clear error",
                    _ => "other",
                };
                *tally.entry((args[0], outcome)).or_default() += 1;
                if matches!(outcome, "panic" | "other") {
                    failures.push(format!("page {page} +{offset}, rolo {args:?}: {outcome}"));
                }
                if env.bytes() != flipped {
                    failures.push(format!(
                        "page {page} +{offset}, rolo {args:?} changed the file"
                    ));
                }
                if outcome == "wrong data, exit 0" {
                    // Last: `rolo check` repairs what it can, so it changes the file.
                    let check = env.run(&["check"]);
                    let found = check.status.code() == Some(1)
                        && !String::from_utf8_lossy(&check.stderr).contains("panicked");
                    *tally
                        .entry(("check", if found { "found it" } else { "missed it" }))
                        .or_default() += 1;
                    if !found {
                        failures.push(format!(
                            "page {page} +{offset}: read back as other data and rolo check missed it"
                        ));
                    }
                }
            }
        }
    }
    let mut lines: Vec<_> = tally.iter().collect();
    lines.sort();
    for ((cmd, outcome), n) in lines {
        println!("rolo {cmd}: {outcome}: {n}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
