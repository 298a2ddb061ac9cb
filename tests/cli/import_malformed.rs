//! Issue 13, item 5: a malformed sheet or export is an error naming what
//! and where, never data; `--skip-invalid` and `--dry-run` agree on it.

use super::*;

fn write(env: &Env, name: &str, text: &str) -> String {
    let path = env.dir.path().join(name);
    std::fs::write(&path, text).expect("write");
    path.to_string_lossy().into_owned()
}

fn names(env: &Env) -> Vec<String> {
    env.json(&["list"])
        .as_array()
        .expect("array")
        .iter()
        .map(|c| c["name"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn an_unterminated_quote_is_an_invalid_row_named_by_the_line_it_opened_on() {
    let env = Env::new();
    let file = write(
        &env,
        "q.csv",
        "name,company,email\nAnn,Acme,ann@a.com\n\"Bob,Beta,bob@b.com\nCarl,Cee,carl@c.com\n",
    );
    let err = env.fails(2, &["import", &file]);
    assert!(err.contains("q.csv"), "{err}");
    assert!(
        err.contains("line 3: unterminated quote") && err.contains("nothing was imported"),
        "{err}"
    );
    assert!(!env.db().exists(), "nothing written, not even the file");
    // With --skip-invalid the good row goes in; the swallowed text does not
    // become a customer.
    let report = env.json(&["import", &file, "--skip-invalid"]);
    assert_eq!(report["created"], 1);
    assert_eq!(report["rejected"][0]["line"], 3);
    assert_eq!(names(&env), ["Ann"]);
    // An unterminated quote in the header row: the file cannot be read.
    let file = write(&env, "h.csv", "name,\"company\nAnn,Acme\n");
    let err = env.fails(2, &["import", &file]);
    assert!(err.contains("line 1: unterminated quote"), "{err}");
}

#[test]
fn ragged_rows_are_invalid_rows_and_follow_skip_invalid() {
    let env = Env::new();
    let file = write(
        &env,
        "r.csv",
        "name,company,email\nAnn,Acme,ann@a.com\nBob,Beta\nCarl,Cee,carl@c.com,extra\n",
    );
    let err = env.fails(2, &["import", &file]);
    assert!(
        err.contains("2 of 3 rows")
            && err.contains("line 3: 2 cells, the header has 3")
            && err.contains("line 4: 4 cells, the header has 3"),
        "{err}"
    );
    assert!(!env.db().exists(), "nothing written");
    let dry = env.json(&["import", &file, "--skip-invalid", "--dry-run"]);
    assert_eq!(dry["rejected"].as_array().map(Vec::len), Some(2));
    let report = env.json(&["import", &file, "--skip-invalid"]);
    assert_eq!(report["created"], 1);
    assert_eq!(report["rejected"].as_array().map(Vec::len), Some(2));
    assert_eq!(names(&env), ["Ann"]);
    // The rejected rows are written back as they were read, to fix.
    let rejected = std::fs::read_to_string(env.dir.path().join("r.rejected.csv")).expect("file");
    assert!(
        rejected.starts_with("name,company,email,column 4,rolo: why rejected\n")
            && rejected.contains("Bob,Beta,,,")
            && rejected.contains("Carl,Cee,carl@c.com,extra,"),
        "{rejected}"
    );
}

#[test]
fn dry_run_and_real_run_reject_the_same_follow_up_rows() {
    let env = Env::new();
    env.ok(&["add", "Ann", "--company", "Acme"]);
    let file = write(
        &env,
        "f.csv",
        "customer,kind,date,summary\nAnn,call,2026-11-01,hi\nNobody,call,2026-11-01,x\n\
         Ann,call,2026-11-02,yo\nZed,call,2026-11-01,x\n",
    );
    let count = |text: &str| text.contains("2 of 4 rows");
    let dry = env.fails(2, &["import", &file, "--kind", "interactions", "--dry-run"]);
    let real = env.fails(2, &["import", &file, "--kind", "interactions"]);
    assert!(count(&dry) && count(&real), "dry: {dry}\nreal: {real}");
    assert!(real.contains("line 5: no customer named \"Zed\""), "{real}");
    let skip_dry = env.json(&[
        "import",
        &file,
        "--kind",
        "interactions",
        "--dry-run",
        "--skip-invalid",
    ]);
    let skip = env.json(&["import", &file, "--kind", "interactions", "--skip-invalid"]);
    assert_eq!(skip_dry["rejected"], skip["rejected"]);
    assert_eq!(skip["rejected"].as_array().map(Vec::len), Some(2));
    assert_eq!(skip["interactions"], 2);
}

#[test]
fn a_next_action_date_that_is_no_date_is_an_invalid_row() {
    let env = Env::new();
    env.ok(&["add", "Ann", "--company", "Acme"]);
    for header in ["due", "next action date", "Next Date"] {
        let file = write(
            &env,
            "n.csv",
            &format!(
                "customer,kind,date,summary,next action,{header}\n\
                 Ann,call,2026-11-01,hi,send quote,2026-13-01\n"
            ),
        );
        let err = env.fails(2, &["import", &file]);
        assert!(
            err.contains("line 2") && err.contains("2026-13-01") && err.contains("month 13"),
            "{header}: {err}"
        );
    }
    assert_eq!(
        env.json(&["task", "list", "--all"])
            .as_array()
            .map(Vec::len),
        Some(0)
    );
}

/// A rolo JSON export with `patch` applied to its first interaction.
fn crafted(env: &Env, patch: impl Fn(&mut Value)) -> String {
    let src = Env::new();
    src.ok(&["add", "Ann", "--company", "Acme"]);
    src.ok(&[
        "log",
        "Ann",
        "call",
        "hello",
        "--next",
        "send quote",
        "--due",
        "2026-12-01",
    ]);
    let mut export: Value =
        serde_json::from_str(&src.ok(&["export", "--format", "json"])).expect("json export");
    patch(&mut export);
    write(env, "crafted.json", &export.to_string())
}

#[test]
fn crafted_json_exports_cannot_reference_missing_customers_or_impossible_ids() {
    let env = Env::new();
    // Untouched, the export restores.
    let good = crafted(&env, |_| {});
    env.ok(&["import", "--format", "json", &good, "--dry-run"]);
    type Patch = Box<dyn Fn(&mut Value)>;
    let cases: [(&str, Patch); 5] = [
        (
            "names customer #99",
            Box::new(|v| v["interactions"][0]["customer"] = 99.into()),
        ),
        (
            "names customer #42",
            Box::new(|v| v["tasks"][0]["customer"] = 42.into()),
        ),
        (
            "customer #0",
            Box::new(|v| {
                v["customers"][0]["id"] = 0.into();
            }),
        ),
        (
            "interaction #18446744073709551615",
            Box::new(|v| v["interactions"][0]["id"] = u64::MAX.into()),
        ),
        (
            "names interaction #7",
            Box::new(|v| v["tasks"][0]["origin"] = 7.into()),
        ),
    ];
    for (expected, patch) in cases {
        let file = crafted(&env, patch);
        let err = env.fails(2, &["import", "--format", "json", &file]);
        assert!(err.contains(expected), "{expected}: {err}");
        assert!(!env.db().exists(), "{expected}: nothing written");
    }
}

/// A dry run reads the store and counts exactly what the real run then
/// does — created, merged, unchanged, skipped, tasks, rejected — on a file
/// whose rows repeat each other and customers already stored (across the
/// import's 4096-row batches too), and leaves the database file as it was.
#[test]
fn a_dry_run_counts_what_the_real_run_does_and_leaves_the_file_alone() {
    let env = Env::new();
    env.ok(&["add", "Ann", "--company", "Acme", "--email", "ann@acme.com"]);
    env.ok(&["add", "Bo", "--company", "Initech"]);
    let mut csv = String::from("name,company,email,title,next action,tags\n");
    // Stored customers: merged into (new title), then unchanged.
    csv.push_str("Ann,Acme,ann@acme.com,CEO,,\nAnn,Acme,ANN@acme.com,CEO,,\n");
    csv.push_str("Bo,Initech,,,call back,\n");
    for i in 0..5000 {
        csv.push_str(&format!("P{i},Co{},p{i}@x.com,,send quote,\n", i % 7));
    }
    // Rows repeating rows of this file written in an earlier batch: merges
    // (a new tag, a title) and unchanged ones.
    for i in (0..5000).step_by(97) {
        csv.push_str(&format!("P{i},Co{},p{i}@x.com,,,vip\n", i % 7));
        csv.push_str(&format!("P{i},Co{},p{i}@x.com,,,vip\n", i % 7));
        csv.push_str(&format!("Someone,,p{i}@x.com,Buyer,,\n"));
    }
    csv.push_str("Bad,,not-an-email,,,\n");
    let file = write(&env, "dups.csv", &csv);
    let db = env.db();
    let before = (
        std::fs::read(&db).expect("read the database"),
        std::fs::metadata(&db)
            .and_then(|m| m.modified())
            .expect("mtime"),
    );
    let dry = env.json(&["import", &file, "--dry-run", "--skip-invalid"]);
    let after = (
        std::fs::read(&db).expect("read the database"),
        std::fs::metadata(&db)
            .and_then(|m| m.modified())
            .expect("mtime"),
    );
    assert!(before == after, "a dry run changed the database file");
    let real = env.json(&["import", &file, "--skip-invalid"]);
    for field in [
        "rows",
        "created",
        "merged",
        "unchanged",
        "skipped",
        "tasks",
        "rejected",
    ] {
        assert_eq!(dry[field], real[field], "{field}");
    }
    assert_eq!(dry["dry_run"], true);
    assert_eq!(real["created"], 5000);
    assert!(real["merged"].as_u64() > Some(50), "{real}");
    assert!(real["unchanged"].as_u64() > Some(50), "{real}");
    assert_eq!(real["rejected"].as_array().map(Vec::len), Some(1));
    // A second dry run now finds every row already there.
    let again = env.json(&["import", &file, "--dry-run", "--skip-invalid"]);
    assert_eq!(again["created"], 0);
    assert_eq!(again["merged"], 0);
}

/// A dry run into a database that does not exist yet creates nothing.
#[test]
fn a_dry_run_without_a_database_creates_none() {
    let env = Env::new();
    let file = write(&env, "c.csv", "name,email\nAnn,a@x.com\nAnn,a@x.com\n");
    let dry = env.json(&["import", &file, "--dry-run"]);
    assert_eq!(dry["created"], 1);
    assert_eq!(dry["unchanged"], 1);
    assert!(!env.db().exists());
}
