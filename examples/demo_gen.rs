//! Time the demo data generator: `cargo run --release --example demo_gen [customers] [seed]`.

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let count: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-25T10:17:00+08:00")
        .expect("a fixed, valid timestamp");

    let started = Instant::now();
    let (mut interactions, mut tasks, mut open, mut bytes) = (0usize, 0usize, 0usize, 0usize);
    for c in rolo::demo::generate(count, seed, now) {
        interactions += c.interactions.len();
        bytes += c.draft.name.len() + c.draft.company.len();
        for i in &c.interactions {
            bytes += i.summary.len() + i.feedback.len();
        }
        let all = c
            .tasks
            .iter()
            .chain(c.interactions.iter().filter_map(|i| i.next.as_ref()));
        for t in all {
            tasks += 1;
            open += usize::from(t.status == rolo::domain::TaskStatus::Open);
        }
    }
    let elapsed = started.elapsed();
    println!(
        "{count} customers, {interactions} interactions, {tasks} tasks ({open} open), \
         {bytes} bytes of text in {:.3} s",
        elapsed.as_secs_f64()
    );
}
