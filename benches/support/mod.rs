//! What the benchmarks share: order statistics, and running a child
//! process to exit with its wall time and peak memory. Each bench (and its
//! smoke test) includes this file with `#[path]`; each uses a part of it.
#![allow(dead_code)]

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The `p` quantile (0.0–1.0) of `samples`, nearest rank; the default value
/// (zero) for no samples.
pub fn percentile<T: Ord + Copy + Default>(samples: &[T], p: f64) -> T {
    let mut sorted = samples.to_vec();
    sorted.sort();
    if sorted.is_empty() {
        return T::default();
    }
    let at = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[at.min(sorted.len() - 1)]
}

pub fn median<T: Ord + Copy + Default>(samples: &[T]) -> T {
    percentile(samples, 0.5)
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// A child run to exit.
pub struct Finished {
    pub took: Duration,
    pub max_rss_kb: u64,
    pub stdout: String,
    pub stderr: String,
}

/// Run a child to exit: wall time from spawn until it is reaped (its
/// output read through a pipe, as a user's terminal or script would), and
/// its peak RSS from `wait4`'s rusage. Stderr goes to `stderr_path`
/// (returned, and named on failure, then removed). A non-zero exit is an
/// error.
pub fn measure(cmd: &mut Command, what: &str, stderr_path: &Path) -> Result<Finished, String> {
    let stderr = File::create(stderr_path)
        .map_err(|e| format!("cannot create {}: {e}", stderr_path.display()))?;
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(stderr);
    let started = Instant::now();
    let mut child = cmd.spawn().map_err(|e| format!("cannot run {what}: {e}"))?;
    let mut stdout = String::new();
    let read = child
        .stdout
        .take()
        .map(|mut out| out.read_to_string(&mut stdout));
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our child, not yet reaped; both pointers are valid.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let took = started.elapsed();
    if reaped != pid {
        return Err(format!(
            "{what}: wait4 failed: {}",
            std::io::Error::last_os_error()
        ));
    }
    let errors = std::fs::read_to_string(stderr_path).unwrap_or_default();
    let _ = std::fs::remove_file(stderr_path);
    if let Some(Err(e)) = read {
        return Err(format!("{what}: cannot read its output: {e}"));
    }
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        return Err(format!(
            "{what} failed (wait status {status}): {}{}",
            errors.trim(),
            stdout.trim()
        ));
    }
    Ok(Finished {
        took,
        max_rss_kb: usage.ru_maxrss.max(0) as u64,
        stdout,
        stderr: errors,
    })
}

/// What every bench's command line holds: `--customers N` (or `--rows N`,
/// the bench's size flag), `--rounds R` and `--data DIR` (and, for the TUI
/// bench, `--team URL --book PATH`); `--bench`, which
/// cargo adds, is passed over and anything else is named and ignored.
pub struct Args {
    pub size: usize,
    pub rounds: usize,
    pub data: PathBuf,
    /// `--team URL`: a team database to run against too (`benches/tui.rs`).
    pub team: Option<String>,
    /// `--book PATH`: the database file the team database was migrated
    /// from, the reference for `--team`.
    pub book: Option<PathBuf>,
}

impl Args {
    /// Read the process's arguments over these defaults.
    pub fn parse(size_flag: &str, size: usize, rounds: usize) -> Args {
        let mut parsed = Args {
            size,
            rounds,
            data: PathBuf::from("target/bench-data"),
            team: None,
            book: None,
        };
        let mut args = std::env::args().skip(1);
        while let Some(arg) = args.next() {
            let mut value = || args.next().unwrap_or_default();
            match arg.as_str() {
                flag if flag == size_flag => parsed.size = value().parse().unwrap_or(parsed.size),
                "--rounds" => parsed.rounds = value().parse().unwrap_or(parsed.rounds),
                "--data" => parsed.data = PathBuf::from(value()),
                "--team" => parsed.team = Some(value()),
                "--book" => parsed.book = Some(PathBuf::from(value())),
                "--bench" => {}
                other => eprintln!("ignoring argument {other:?}"),
            }
        }
        parsed
    }
}

/// Print a bench's table, or say why it failed and exit 1.
pub fn print_or_exit(result: Result<String, String>) {
    match result {
        Ok(table) => print!("{table}"),
        Err(e) => {
            eprintln!("benchmark failed: {e}");
            std::process::exit(1);
        }
    }
}

/// Remove a database and its lock file, if there.
pub fn remove_db(db: &Path) {
    let _ = std::fs::remove_file(db);
    let mut lock = db.as_os_str().to_owned();
    lock.push(".lock");
    let _ = std::fs::remove_file(PathBuf::from(lock));
}
