//! The import benchmark's small-size variant: the same harness and workload
//! as `cargo bench --bench import`, on 300 rows and one round, without the
//! sqlite3 reference. The harness itself fails when an import does not
//! create every row or the re-import creates any.

#[allow(dead_code)]
#[path = "../benches/import.rs"]
mod bench;

#[test]
fn import_benchmark_runs_at_small_size() {
    let dir = tempfile::tempdir().expect("tempdir");
    let table = bench::run(&bench::Options {
        rows: 300,
        rounds: 1,
        data: dir.path().to_path_buf(),
        rolo: env!("CARGO_BIN_EXE_rolo").into(),
        reference: false,
    })
    .expect("benchmark runs and every import report holds");
    for row in [
        "rolo import UTF-8 CSV |",
        "rolo import GBK CSV |",
        "rolo import vCard 3.0 |",
        "rolo import UTF-8 CSV again (re-import, creates nothing) |",
    ] {
        assert!(
            table.contains(&format!("| {row}")),
            "{row} missing:\n{table}"
        );
    }
    assert!(table.contains("300 rows, 1 rounds"), "{table}");
    for file in ["import-300.csv", "import-300-gbk.csv", "import-300.vcf"] {
        assert!(table.contains(file), "{file} missing:\n{table}");
        assert!(dir.path().join(file).exists(), "{file} not generated");
    }
    assert!(
        !table.contains("sqlite3: .import"),
        "no reference row without sqlite3"
    );
}

/// The generated files are what the benchmark says: the same customers in
/// each, the GBK file really GBK, and a second run reuses them.
#[test]
fn import_benchmark_data_is_deterministic_and_cached() {
    let a = tempfile::tempdir().expect("tempdir");
    let b = tempfile::tempdir().expect("tempdir");
    for dir in [&a, &b] {
        bench::run(&bench::Options {
            rows: 300,
            rounds: 1,
            data: dir.path().to_path_buf(),
            rolo: env!("CARGO_BIN_EXE_rolo").into(),
            reference: false,
        })
        .expect("benchmark runs");
    }
    for file in ["import-300.csv", "import-300-gbk.csv", "import-300.vcf"] {
        let left = std::fs::read(a.path().join(file)).expect("read");
        let right = std::fs::read(b.path().join(file)).expect("read");
        assert_eq!(left, right, "{file} differs between runs");
    }
    let utf8 = std::fs::read(a.path().join("import-300.csv")).expect("read");
    let gbk = std::fs::read(a.path().join("import-300-gbk.csv")).expect("read");
    let (decoded, _, bad) = encoding_rs::GBK.decode(&gbk);
    assert!(!bad);
    assert_eq!(decoded.as_bytes(), utf8.as_slice());
    assert!(
        std::str::from_utf8(&gbk).is_err(),
        "the GBK file is not UTF-8"
    );
    let text = String::from_utf8(utf8).expect("utf-8");
    assert!(text.starts_with("客户姓名,公司名称,职位,联系方式,邮箱,客户标签,来源渠道\n"));
    assert_eq!(text.lines().count(), 301);
    let vcf = std::fs::read_to_string(a.path().join("import-300.vcf")).expect("read");
    assert_eq!(vcf.matches("BEGIN:VCARD\r\n").count(), 300);
}
