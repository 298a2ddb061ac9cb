use super::*;
use redb::ReadableTable;

#[test]
fn a_demo_database_checks_clean() {
    let env = Env::new();
    env.ok(&["demo", "--customers", "30"]);
    let out = env.ok(&["check"]);
    assert!(out.contains("30 customers"), "{out}");
    assert!(out.trim_end().ends_with("0 problems"), "{out}");
    let report = env.json(&["check"]);
    assert_eq!(report["ok"], true, "{report}");
    assert_eq!(report["checked"]["customers"], 30, "{report}");
    assert_eq!(report["problems"].as_array().map(Vec::len), Some(0));
}

#[test]
fn a_file_that_is_not_a_database_fails_clearly_and_is_untouched() {
    let env = Env::new();
    let original = "name,email\nAnn,ann@acme.com\n";
    std::fs::write(env.db(), original).expect("write");
    let err = env.fails(1, &["check"]);
    assert!(err.contains("is not a rolo database"), "{err}");
    assert_eq!(std::fs::read_to_string(env.db()).expect("read"), original);
}

#[test]
fn a_dangling_interaction_is_reported_with_exit_1() {
    let env = Env::new().with_customers();
    env.ok(&["log", "acme", "call", "wants pricing"]);
    {
        // Move the interaction's customer to one that does not exist, behind rolo's back.
        let db = redb::Database::open(env.db()).expect("open");
        let txn = db.begin_write().expect("txn");
        {
            let rows: redb::TableDefinition<u64, &[u8]> =
                redb::TableDefinition::new("interactions");
            let mut table = txn.open_table(rows).expect("interactions");
            let bytes = table.get(1).expect("get").expect("row").value().to_vec();
            let mut record: serde_json::Value = rmp_serde::from_slice(&bytes).expect("decodes");
            record["customer"] = 99.into();
            let bytes = rmp_serde::to_vec_named(&record).expect("encodes");
            table.insert(1, bytes.as_slice()).expect("insert");
        }
        txn.commit().expect("commit");
    }
    let out = env.rolo(&["check"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stdout.contains("interactions #1: its customer #99 does not exist"),
        "{stdout}"
    );
    assert!(
        stdout.contains("idx_timeline (1, ") && stdout.contains("3 PROBLEMS"),
        "{stdout}"
    );
    assert!(stderr.contains("has 3 problems (listed above)"), "{stderr}");
    let out = env.rolo(&["check", "--json"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["ok"], false);
    assert_eq!(report["problems"][0]["table"], "interactions");
    assert_eq!(report["problems"][0]["key"], "#1");
}
