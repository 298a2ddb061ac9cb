//! `rolo erase` SIGKILLed at every moment (issue 11, item 6): afterwards
//! the next rolo command (here a read: `rolo export`) must find the person
//! either fully present or fully gone — gone from every table AND from
//! every byte of the file — and no work file left beside it.
//!
//! The erase is timed once on a copy, then each round kills it at an
//! evenly spaced moment from its start to just past its end, so kills land
//! in the erase transaction, the copy of the tables, the journal's rename
//! and the in-place copy back. `ROLO_ERASE_KILLS` sets the number of
//! rounds (12 by default).

use super::*;

const NAME: &str = "Zyxwv Erasable";
const EMAIL: &str = "zyx.erasable@example.org";
const PHONE_DIGITS: &str = "13975318642";
const SUMMARY_A: &str = "Qorvath pricing for the Plimsoll deal";
const SUMMARY_B: &str = "Vexmunder sent the 合同草案甲乙丙";
const NEXT: &str = "Trelliswick quote follow-up";

fn traces() -> [&'static str; 6] {
    [NAME, EMAIL, PHONE_DIGITS, SUMMARY_A, SUMMARY_B, NEXT]
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

fn rounds_wanted() -> usize {
    std::env::var("ROLO_ERASE_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12)
}

/// A demo book plus the person to erase, with interactions and a task.
fn template() -> Env {
    let env = Env::new();
    std::fs::create_dir_all(env.dir.path().join("config")).expect("mkdir");
    std::fs::write(
        env.dir.path().join("config/config.toml"),
        "auto_backup = false\n",
    )
    .expect("config");
    env.ok(&["demo", "--customers", "300", "--seed", "1"]);
    env.ok(&[
        "add",
        NAME,
        "--email",
        EMAIL,
        "--phone",
        "+86 139 7531 8642",
    ]);
    env.ok(&["log", EMAIL, "call", SUMMARY_A, "--next", NEXT]);
    env.ok(&["log", EMAIL, "meeting", SUMMARY_B]);
    env
}

/// What the export and the file say about the person.
#[derive(Debug, PartialEq)]
enum Seen {
    /// Customer, both interactions and the task.
    Present,
    /// No trace in the export nor in the file's bytes.
    Gone,
    Partly(String),
}

fn seen(export: &str, bytes: &[u8]) -> Seen {
    let in_export: Vec<&str> = [EMAIL, SUMMARY_A, SUMMARY_B, NEXT]
        .into_iter()
        .filter(|t| export.contains(t))
        .collect();
    let in_file: Vec<&str> = traces()
        .into_iter()
        .filter(|t| contains(bytes, t))
        .collect();
    match (in_export.len(), in_file.len()) {
        (4, _) => Seen::Present,
        (0, 0) => Seen::Gone,
        _ => Seen::Partly(format!(
            "export holds {in_export:?}, file holds {in_file:?}"
        )),
    }
}

fn work_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect()
}

/// Where in the erase (0 = its start, 1 = its end) round `i` of `n` kills
/// it: half of the rounds in the first 15 % (resolving, the erase
/// transaction and its commit are quick), the rest spread to 115 %.
fn moment(i: usize, n: usize) -> f64 {
    let early = n / 2;
    if i < early {
        0.15 * i as f64 / early.max(1) as f64
    } else {
        0.15 + 1.0 * (i - early) as f64 / (n - early).max(1) as f64
    }
}

#[test]
fn an_erase_killed_at_any_moment_leaves_the_person_fully_there_or_fully_gone() {
    let template = template();
    let original = template.bytes();
    assert!(
        contains(&original, NAME),
        "the byte search would prove nothing"
    );
    let env = Env::new();
    std::fs::create_dir_all(env.dir.path().join("config")).expect("mkdir");
    std::fs::copy(
        template.dir.path().join("config/config.toml"),
        env.dir.path().join("config/config.toml"),
    )
    .expect("config");

    // How long an erase takes here, start to exit.
    std::fs::write(env.db(), &original).expect("copy");
    let started = Instant::now();
    env.ok(&["erase", EMAIL, "--yes"]);
    let whole = started.elapsed();
    assert_eq!(seen("", &env.bytes()), Seen::Gone);

    let rounds = rounds_wanted();
    let (mut present, mut gone, mut killed, mut journals, mut flagged) = (0, 0, 0, 0, 0);
    let mut worst_finish = Duration::ZERO;
    let mut failures = Vec::new();
    for round in 0..rounds {
        let _ = std::fs::remove_file(env.dir.path().join("rolo.redb.lock"));
        std::fs::write(env.db(), &original).expect("copy");
        let at = whole.mul_f64(moment(round, rounds));
        let mut child = env
            .command(&["erase", EMAIL, "--yes"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn rolo erase");
        std::thread::sleep(at);
        child.kill().expect("SIGKILL");
        let status = child.wait().expect("wait");
        if status.signal() == Some(SIGKILL) {
            killed += 1;
        }
        let left = work_files(env.dir.path());
        if left.iter().any(|n| n.ends_with(".swap")) {
            journals += 1;
        }
        let bytes = env.bytes();
        if contains(&bytes, "scrub_pending") {
            flagged += 1;
        }
        // The next command, a read, finishes whatever the kill interrupted.
        let started = Instant::now();
        let out = env.run(&["export", "--format", "jsonl"]);
        worst_finish = worst_finish.max(started.elapsed());
        if !out.status.success() {
            failures.push(format!(
                "round {round} (kill at {at:?}): the export failed: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
            continue;
        }
        let export = String::from_utf8_lossy(&out.stdout).into_owned();
        match seen(&export, &env.bytes()) {
            Seen::Present => present += 1,
            Seen::Gone => gone += 1,
            Seen::Partly(what) => failures.push(format!(
                "round {round} (kill at {at:?}): partly erased: {what}"
            )),
        }
        let litter = work_files(env.dir.path());
        if !litter.is_empty() {
            failures.push(format!(
                "round {round}: work files left: {litter:?} (before: {left:?})"
            ));
        }
        let check = env.run(&["check"]);
        if !check.status.success() {
            failures.push(format!(
                "round {round}: check failed: {}",
                String::from_utf8_lossy(&check.stdout)
            ));
        }
    }
    println!(
        "erase torture: {rounds} rounds over an erase of {:.0} ms; {killed} killed before \
         exiting; {journals} left a swap journal, {flagged} a pending scrub; afterwards \
         {present} fully present, {gone} fully gone; slowest finishing read {:.0} ms",
        whole.as_secs_f64() * 1e3,
        worst_finish.as_secs_f64() * 1e3,
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(present > 0 && gone > 0, "the kills did not span the erase");
}
