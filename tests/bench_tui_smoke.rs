//! The TUI benchmark's small-size variant: the same harness and workload as
//! `cargo bench --bench tui`, on 200 customers and two rounds.

#[allow(dead_code)]
#[path = "../benches/tui.rs"]
mod bench;

#[test]
fn tui_benchmark_runs_at_small_size() {
    let dir = tempfile::tempdir().expect("tempdir");
    let table = bench::run(&bench::Options {
        customers: 200,
        rounds: 2,
        data: dir.path().to_path_buf(),
        rolo: env!("CARGO_BIN_EXE_rolo").into(),
    })
    .expect("benchmark runs");
    for row in [
        "TUI first frame",
        "TUI search ready",
        "filter keystroke, 1–2 chars",
        "filter keystroke, 3+ chars",
        "filter keystroke, UI thread",
        "frame draw 120×40",
        "frame draw 80×24",
        "TUI peak RSS after the first frame",
        "TUI peak RSS once search is ready",
        "TUI peak RSS after scrolling",
        "rows + search index in one read",
        "sort by name",
    ] {
        assert!(
            table.contains(&format!("| {row}")),
            "{row} missing:\n{table}"
        );
    }
    assert!(table.contains("200 customers"), "{table}");
    // The pty rounds saw the filter count every customer.
    assert!(table.contains("/200 on the last round"), "{table}");
}
