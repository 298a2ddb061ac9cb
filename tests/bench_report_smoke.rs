//! The report benchmark's small-size variant: the same harness and workload
//! as `cargo bench --bench report`, on 40 customers and one round. The
//! sqlite3 reference (built from the database's own JSONL export) runs too
//! when `sqlite3` is on PATH.

#[allow(dead_code)]
#[path = "../benches/report.rs"]
mod bench;

fn have_sqlite3() -> bool {
    std::process::Command::new("sqlite3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn report_benchmark_runs_at_small_size() {
    let dir = tempfile::tempdir().expect("tempdir");
    let reference = have_sqlite3();
    let table = bench::run(&bench::Options {
        customers: 40,
        rounds: 1,
        data: dir.path().to_path_buf(),
        rolo: env!("CARGO_BIN_EXE_rolo").into(),
        reference,
    })
    .expect("benchmark runs");
    let rows = [
        "rolo report funnel",
        "rolo report activity",
        "rolo report sources",
        "rolo report campaigns",
        "rolo report overdue",
        "rolo report top",
        "rolo today",
        "rolo list --gone-quiet",
        "rolo case list",
        "rolo task list --week",
        "rolo search wang",
        "rolo today --ranked",
        "rolo deal list",
    ];
    for row in rows {
        let line = table
            .lines()
            .find(|l| l.starts_with(&format!("| {row} |")))
            .unwrap_or_else(|| panic!("{row} missing:\n{table}"));
        // step, median, p90, peak RSS, reference median, ratio.
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        assert_eq!(cells.len(), 6, "{line}");
        assert!(cells[1].ends_with(" ms"), "{line}");
        if reference {
            assert!(cells[4].ends_with(" ms"), "reference timed: {line}");
        } else {
            assert_eq!(cells[4], "-", "{line}");
        }
    }
    assert!(table.contains("40 customers, 1 rounds"), "{table}");
    if reference {
        // The reference holds the demo's records, read back from its export.
        assert!(table.contains("reference rows: 40 customers, "), "{table}");
        assert!(!table.contains(" 0 interactions"), "{table}");
        assert!(!table.contains(" 0 deals"), "{table}");
    }
}
