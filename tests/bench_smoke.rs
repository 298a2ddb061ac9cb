//! The CLI benchmark's small-size variant: the same harness and workload as
//! `cargo bench --bench cli`, on 40 customers, without the sqlite3 reference.

#[allow(dead_code)]
#[path = "../benches/cli.rs"]
mod bench;

#[test]
fn cli_benchmark_runs_at_small_size() {
    let dir = tempfile::tempdir().expect("tempdir");
    let table = bench::run(&bench::Options {
        customers: 40,
        rounds: 3,
        data: dir.path().to_path_buf(),
        rolo: env!("CARGO_BIN_EXE_rolo").into(),
        reference: false,
    })
    .expect("benchmark runs");
    for row in [
        "rolo log",
        "rolo do",
        "rolo today",
        "rolo show",
        "rolo search",
        "rolo grep",
    ] {
        assert!(
            table.contains(&format!("| {row}")),
            "{row} missing:\n{table}"
        );
    }
    assert!(table.contains("40 customers"), "{table}");
    assert!(
        !table.contains("sqlite3: insert"),
        "no reference row without sqlite3"
    );
}
