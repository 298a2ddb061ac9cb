use super::*;
use std::thread;

/// The acceptance test: 4 processes × 100 `rolo log` against one file.
#[test]
fn four_processes_log_one_hundred_times_each() {
    const WRITERS: usize = 4;
    const EACH: usize = 100;
    let env = Env::new().with_customers();
    thread::scope(|s| {
        for w in 0..WRITERS {
            let env = &env;
            s.spawn(move || {
                for i in 0..EACH {
                    let summary = format!("writer {w} call {i}");
                    let out = env
                        .rolo(&["log", "#4", "call", &summary])
                        .output()
                        .expect("runs");
                    assert!(
                        out.status.success(),
                        "{summary}: {}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                }
            });
        }
    });
    let shown = env.json(&["show", "#4", "--limit", "1000"]);
    let timeline = shown["timeline"].as_array().expect("timeline");
    assert_eq!(timeline.len(), WRITERS * EACH);
    for w in 0..WRITERS {
        for i in 0..EACH {
            let summary = format!("writer {w} call {i}");
            assert!(
                timeline.iter().any(|t| t["summary"] == summary.as_str()),
                "missing {summary}"
            );
        }
    }
}
