//! Micro-benchmark for `rolo::search` at 100k generated customers.
//!
//! Run with: `cargo run --release --example search_bench [-- ENTRIES [RUNS [unique]]]`
//!
//! The data is the demo generator's (`rolo::demo::generate`, fixed seed and
//! clock): about half Chinese names and companies, half English, with some
//! common names recurring at different companies. `unique` as the third
//! argument makes every name and company distinct (the worst case).
//!
//! Prints the index build time and the median / p95 time per query, both for a
//! full search and for narrowing (`search_among`) while a query is typed.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rolo::search::SearchIndex;

/// Counts live heap bytes, to report the index's memory.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

// SAFETY: delegates to the system allocator and only adds bookkeeping.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size, Ordering::Relaxed);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Seed and clock for the demo generator: fixed, so every run indexes the
/// same data.
const SEED: u64 = 0x5eed_2026;
const NOW: &str = "2026-11-25T10:17:00+08:00";

/// `n` rows of (id, name, company, first email) from the demo generator
/// (`rolo demo`'s data). `unique`: append the id to names and companies,
/// so no two entries share one (the index matches each distinct name or
/// company once per query; real data repeats companies a lot, this is the
/// worst case).
pub fn generate(n: usize, unique: bool) -> Vec<(u64, String, String, String)> {
    let now = chrono::DateTime::parse_from_rfc3339(NOW).expect("a fixed, valid timestamp");
    rolo::demo::generate(n, SEED, now)
        .zip(1u64..)
        .map(|(customer, id)| {
            let draft = customer.draft;
            let email = draft.emails.into_iter().next().unwrap_or_default();
            if unique {
                let name = format!("{} {id}", draft.name);
                (id, name, format!("{} {id}", draft.company), email)
            } else {
                (id, draft.name, draft.company, email)
            }
        })
        .collect()
}

/// CPU time of the calling thread: unlike wall time, not inflated when other
/// processes compete for the cores.
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return Duration::ZERO;
    }
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Wall and thread-CPU time of `f`.
fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration, Duration) {
    let (wall, cpu) = (Instant::now(), thread_cpu());
    let out = f();
    (out, wall.elapsed(), thread_cpu().saturating_sub(cpu))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(51);
    let unique = args.next().is_some_and(|a| a == "unique");
    let rows = generate(n, unique);
    if unique {
        println!("(every name and company unique)");
    }

    let (mut build_wall, mut build_cpu) = (Vec::new(), Vec::new());
    let before = LIVE.load(Ordering::Relaxed);
    let mut index = SearchIndex::new();
    let mut memory = 0;
    for _ in 0..7 {
        let (ix, wall, cpu) = timed(|| {
            let mut ix = SearchIndex::with_capacity(rows.len());
            for (id, name, company, email) in &rows {
                ix.push(*id, name, company, email);
            }
            ix
        });
        build_wall.push(wall);
        build_cpu.push(cpu);
        drop(std::mem::replace(&mut index, ix));
        memory = LIVE.load(Ordering::Relaxed).saturating_sub(before);
    }
    build_wall.sort();
    build_cpu.sort();
    let before_shrink = LIVE.load(Ordering::Relaxed);
    index.shrink_to_fit();
    let shrunk = memory.saturating_sub(before_shrink.saturating_sub(LIVE.load(Ordering::Relaxed)));
    println!(
        "entries: {}  build: median {:.1} ms wall, {:.1} ms cpu  \
         index heap: {:.1} MiB ({:.1} MiB after shrink_to_fit)",
        index.len(),
        ms(percentile(&build_wall, 0.5)),
        ms(percentile(&build_cpu, 0.5)),
        memory as f64 / (1024.0 * 1024.0),
        shrunk as f64 / (1024.0 * 1024.0),
    );

    let queries = [
        "wang", "zw", "zhang", "acme", "li", "a", "张", "zgf", "zhangwei", "wayne", "sxx",
        "ann acme", "北京", "chen", "w", "xyzzy",
    ];
    println!(
        "{:<10} {:>5} {:>10} {:>10} {:>10} {:>8}  top hit",
        "query", "chars", "wall med", "wall p95", "cpu med", "matches"
    );
    let everyone: Vec<u32> = (0..index.len() as u32).collect();
    let (mut short, mut long) = (Vec::new(), Vec::new());
    for q in queries {
        let (mut wall, mut cpu) = (Vec::with_capacity(runs), Vec::with_capacity(runs));
        let mut top = None;
        for _ in 0..runs {
            let (hits, w, c) = timed(|| black_box(index.search(black_box(q), 50)));
            wall.push(w);
            cpu.push(c);
            top = hits.first().cloned();
        }
        wall.sort();
        cpu.sort();
        if q.chars().count() <= 2 {
            &mut short
        } else {
            &mut long
        }
        .push(percentile(&wall, 0.5));
        let (_, all) = index.search_among(&everyone, q, 0);
        println!(
            "{:<10} {:>5} {:>7.2} ms {:>7.2} ms {:>7.2} ms {:>8}  {}",
            q,
            q.chars().count(),
            ms(percentile(&wall, 0.5)),
            ms(percentile(&wall, 0.95)),
            ms(percentile(&cpu, 0.5)),
            all.len(),
            top.map(|h| {
                let row = &rows[(h.id - 1) as usize];
                format!(
                    "#{} {} / {} ({:?} {:?})",
                    h.id, row.1, row.2, h.field, h.positions
                )
            })
            .unwrap_or_else(|| "-".to_owned()),
        );
    }

    for (label, mut medians) in [("1-2 chars", short), ("3+ chars", long)] {
        medians.sort();
        println!(
            "{label}: median of the medians {:.2} ms, slowest median {:.2} ms",
            ms(percentile(&medians, 0.5)),
            ms(percentile(&medians, 1.0)),
        );
    }

    // Typing with narrowing: each keystroke searches the previous matches.
    println!("narrowing, search_among per keystroke (wall median ms / matches):");
    for typed in ["zhangwei", "wang", "acme corp", "ann acme"] {
        let mut line = String::new();
        let mut among = everyone.clone();
        let mut query = String::new();
        for c in typed.chars() {
            query.push(c);
            let mut wall = Vec::with_capacity(runs);
            let mut next = Vec::new();
            for _ in 0..runs {
                let ((hits, all), w, _) =
                    timed(|| index.search_among(black_box(&among), &query, 50));
                wall.push(w);
                black_box(hits);
                next = all;
            }
            wall.sort();
            line.push_str(&format!(
                " {query:?} {:.2}/{}",
                ms(percentile(&wall, 0.5)),
                next.len()
            ));
            among = next;
        }
        println!(" {line}");
    }
}
