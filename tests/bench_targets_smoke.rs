//! The targets benchmark's small-size variant: the same harness as
//! `cargo bench --bench targets`, at 40 and 80 customers, one round, and an
//! import of 300 Salesforce-style rows. The sqlite3 reference runs too when
//! `sqlite3` is on PATH.

#[allow(dead_code)]
#[path = "../benches/targets.rs"]
mod bench;

fn have(program: &str) -> bool {
    std::process::Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The table's row that starts with `start` (after "| "), and its cells:
/// target, limit, three per size, growth, holds.
fn row<'a>(table: &'a str, start: &str) -> (&'a str, Vec<&'a str>) {
    let line = table
        .lines()
        .find(|l| l.starts_with(&format!("| {start}")))
        .unwrap_or_else(|| panic!("{start} missing:\n{table}"));
    let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
    assert_eq!(cells.len(), 10, "{line}");
    (line, cells)
}

#[test]
fn targets_benchmark_runs_at_small_sizes() {
    if !have("python3") {
        eprintln!("skipped: the Salesforce-style CSV needs python3");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let reference = have("sqlite3");
    let table = bench::run(&bench::Options {
        sizes: vec![40, 80],
        rounds: 1,
        data: dir.path().to_path_buf(),
        rolo: env!("CARGO_BIN_EXE_rolo").into(),
        import_rows: 300,
        reference,
    })
    .expect("benchmark runs");
    let header = table
        .lines()
        .find(|l| l.starts_with("| target |"))
        .unwrap_or_else(|| panic!("no header:\n{table}"));
    assert!(header.contains("| 40 median |"), "{header}");
    assert!(header.contains("| 80 median |"), "{header}");
    assert!(header.contains("| 80 ÷ 40 |"), "{header}");
    let rows = [
        "rolo today",
        "rolo today --ranked",
        "rolo list --gone-quiet",
        "rolo deal list",
        "rolo case list",
        "rolo task list --week",
        "rolo report funnel",
        "rolo report activity",
        "rolo report sources",
        "rolo report campaigns",
        "rolo report overdue",
        "rolo report top",
        "rolo search wang",
        bench::LOG_ROW,
    ];
    for name in rows {
        let (line, cells) = row(&table, &format!("{name} |"));
        for size in 0..2 {
            assert!(cells[2 + 3 * size].ends_with(" ms"), "{line}");
            if reference {
                assert!(cells[3 + 3 * size].ends_with(" ms"), "reference: {line}");
                assert!(cells[4 + 3 * size].parse::<f64>().is_ok(), "{line}");
            } else {
                assert_eq!(cells[3 + 3 * size], "-", "{line}");
            }
        }
        assert!(cells[8].parse::<f64>().is_ok(), "growth: {line}");
        assert!(
            cells[9] == "yes" || cells[9].starts_with("no"),
            "holds: {line}"
        );
    }
    for (name, unit) in [(bench::TUI_FIRST_FRAME, " ms"), (bench::TUI_PEAK, " MB")] {
        let (line, cells) = row(&table, &format!("{name} |"));
        assert!(cells[2].ends_with(unit), "{line}");
        assert!(cells[5].ends_with(unit), "{line}");
    }
    for (name, unit) in [
        ("rolo import (Salesforce-style CSV, 300 rows", " rows/s"),
        ("rolo import --dry-run", " ms"),
        ("rolo import peak memory", " MB"),
        ("rolo import --dry-run peak memory", " MB"),
    ] {
        let (line, cells) = row(&table, name);
        assert!(cells[2].ends_with(unit), "{line}");
        assert_eq!(cells[5], "-", "measured once: {line}");
    }
    for size in ["40", "80"] {
        assert!(
            table.contains(&format!("Database at {size}: {size} customers, ")),
            "{table}"
        );
    }
    assert!(table.contains(" bytes per customer"), "{table}");
    assert!(table.contains("Import of 300 rows: "), "{table}");
    // The log ran on copies, removed afterwards.
    assert!(
        !dir.path().join("targets-log").exists(),
        "copies left behind"
    );
}
