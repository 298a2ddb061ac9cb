use super::*;

#[test]
fn add_then_show_by_every_kind_of_ref() {
    let env = Env::new().with_customers();
    for reference in [
        "#1",
        "1",
        "ann lee",
        "ACME CORP",
        "ann@acme.com",
        "13800138000",
        "acme",
    ] {
        let shown = env.json(&["show", reference]);
        assert_eq!(shown["customer"]["name"], "Ann Lee", "{reference}");
    }
    let card = env.ok(&["show", "ann"]);
    assert!(card.contains("Ann Lee  #1"), "{card}");
    assert!(card.contains("Acme Corp · lead"), "{card}");
    // Issue 13: the card shows a home-region number in national format;
    // what was typed is kept (and is what --json gives).
    assert!(card.contains("138 0013 8000"), "national format: {card}");
    assert_eq!(
        env.json(&["show", "ann"])["customer"]["phones"][0],
        "+86 138-0013-8000",
        "phone kept as typed"
    );
}

#[test]
fn global_flags_go_before_or_after_the_subcommand() {
    let env = Env::new().with_customers();
    let before: Value = serde_json::from_str(&env.ok(&["--json", "show", "#4"])).expect("json");
    let after = env.json(&["show", "#4"]);
    assert_eq!(before, after);
    assert_eq!(after["customer"]["stage"], "customer");
    assert_eq!(after["customer"]["cadence"], 14);
}

#[test]
fn list_filters_and_prints_arrays() {
    let env = Env::new().with_customers();
    let all = env.json(&["list"]);
    assert_eq!(all.as_array().map(Vec::len), Some(4));
    let vip = env.json(&["list", "--tag", "VIP"]);
    assert_eq!(vip[0]["name"], "Ann Lee");
    assert_eq!(vip.as_array().map(Vec::len), Some(1));
    let customers = env.json(&["list", "--stage", "customer"]);
    assert_eq!(customers[0]["company"], "Globex");
    let none = env.json(&["list", "--quiet-for", "3"]);
    assert_eq!(none.as_array().map(Vec::len), Some(0));
    let later = env
        .rolo_at(
            "2026-12-22T09:00:00+08:00",
            &["list", "--quiet-for", "20", "--json"],
        )
        .output()
        .expect("runs");
    let later: Value = serde_json::from_slice(&later.stdout).expect("json");
    assert_eq!(later.as_array().map(Vec::len), Some(4));
}

#[test]
fn cjk_columns_align_in_list() {
    let env = Env::new().with_customers();
    let table = env.ok(&["list"]);
    let columns: Vec<usize> = table
        .lines()
        .map(|line| {
            let at = line.find(['l', 'c', 'S']).unwrap_or(0);
            let at = ["lead", "customer", "STAGE"]
                .iter()
                .filter_map(|w| line.find(w))
                .min()
                .unwrap_or(at);
            unicode_width::UnicodeWidthStr::width(&line[..at])
        })
        .collect();
    assert!(
        columns.windows(2).all(|w| w[0] == w[1]),
        "misaligned:\n{table}"
    );
}

#[test]
fn search_ranks_and_matches_pinyin() {
    let env = Env::new().with_customers();
    let hits = env.json(&["search", "wangwei"]);
    let names: Vec<&str> = hits
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|h| h["name"].as_str())
        .collect();
    assert_eq!(names, vec!["王伟", "王伟"]);
    let hits = env.json(&["search", "ww"]);
    assert_eq!(hits[0]["name"], "王伟");
    assert_eq!(hits[0]["positions"], serde_json::json!([0, 1]));
    let hits = env.json(&["search", "glbx"]);
    assert_eq!(hits[0]["company"], "Globex");
    assert_eq!(hits[0]["field"], "company");
}

/// A search keeps a snapshot of its index beside the database; the next
/// search uses it while the names are the same, and sees a rename, a new
/// customer or a damaged snapshot as if there were none.
#[test]
fn search_from_the_snapshot_sees_every_name_change() {
    let env = Env::new().with_customers();
    let snapshot = env.db().with_file_name(".rolo.redb.search");
    let first = env.json(&["search", "ww"]);
    assert!(snapshot.exists(), "a search keeps a snapshot");
    let modified = std::fs::metadata(&snapshot).and_then(|m| m.modified()).ok();
    assert_eq!(
        env.json(&["search", "ww"]),
        first,
        "the same hits from the snapshot"
    );
    // A write that changes no name leaves the snapshot in use.
    env.ok(&["log", "ann", "call", "hello"]);
    assert_eq!(env.json(&["search", "ww"]), first);
    let after_log = std::fs::metadata(&snapshot).and_then(|m| m.modified()).ok();
    assert_eq!(
        modified, after_log,
        "not rebuilt after a write that changes no name"
    );
    // A rename is found by the next search, the old name no longer.
    env.ok(&["edit", "ann@acme.com", "--name", "Zhang Qiang"]);
    let hits = env.json(&["search", "zhang qiang"]);
    assert_eq!(hits[0]["name"], "Zhang Qiang", "{hits}");
    assert_eq!(
        env.json(&["search", "ann lee"]).as_array().map(Vec::len),
        Some(0)
    );
    env.ok(&["add", "张强", "--company", "Initech"]);
    let hits = env.json(&["search", "zq"]);
    assert_eq!(hits[0]["name"], "张强", "{hits}");
    // A damaged snapshot is rebuilt, not trusted.
    let mut bytes = std::fs::read(&snapshot).expect("snapshot");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(&snapshot, &bytes).expect("damage the snapshot");
    assert_eq!(env.json(&["search", "zq"]), hits);
    std::fs::write(&snapshot, b"not a snapshot").expect("replace the snapshot");
    assert_eq!(env.json(&["search", "zq"]), hits);
}

#[test]
fn edit_changes_fields_and_reports_them() {
    let env = Env::new().with_customers();
    let out = env.ok(&[
        "edit",
        "ann",
        "--stage",
        "prospect",
        "--tag",
        "trade-show",
        "--untag",
        "vip",
    ]);
    assert!(out.contains("tags, stage"), "{out}");
    let c = env.json(&["show", "ann"]);
    assert_eq!(c["customer"]["stage"], "prospect");
    assert_eq!(c["customer"]["tags"], serde_json::json!(["trade-show"]));
    let err = env.fails(2, &["edit", "ann"]);
    assert!(err.contains("nothing to change"), "{err}");
}

#[test]
fn demo_fills_an_empty_database_and_today_is_believable() {
    let env = Env::new();
    let summary = env.json(&["demo", "--customers", "60", "--seed", "3"]);
    assert_eq!(summary["customers"], 60);
    assert!(
        summary["interactions"].as_u64().unwrap_or(0) > 200,
        "{summary}"
    );
    let review = env.json(&["today"]);
    for section in ["overdue", "today", "upcoming"] {
        assert!(review[section]["total"].as_u64().is_some(), "{review}");
    }
    let total_tasks = ["overdue", "today", "upcoming"]
        .iter()
        .map(|s| review[s]["total"].as_u64().unwrap_or(0))
        .sum::<u64>();
    assert!(total_tasks > 0, "a demo day has work in it: {review}");
    let again = env.fails(2, &["demo"]);
    assert!(again.contains("already has 60 customers"), "{again}");
}

#[test]
fn completions_and_man_page_are_generated() {
    let env = Env::new();
    let bash = env.ok(&["completions", "bash"]);
    assert!(
        bash.contains("rolo") && bash.contains("today"),
        "bash completions"
    );
    let man = env.ok(&["man"]);
    assert!(
        man.contains(".TH rolo") && man.contains("daily review"),
        "man page"
    );
}

/// `rolo do 'add NAME (TITLE), …'`: phones and emails are recognised in
/// any position after the name; they never end up in the company.
#[test]
fn palette_add_puts_phone_and_email_where_they_belong() {
    let env = Env::new();
    env.ok(&["do", "add Bob Ma (CTO), bob@acme.com, Acme, 138 0013 8000"]);
    let shown = env.json(&["show", "bob ma"]);
    let c = &shown["customer"];
    assert_eq!(c["company"], "Acme");
    assert_eq!(c["title"], "CTO");
    assert_eq!(c["phones"][0], "138 0013 8000");
    assert_eq!(c["emails"][0], "bob@acme.com");
    let err = env.fails(2, &["do", "add Bob, Acme, Inc."]);
    assert!(
        err.contains("\"Inc.\" is neither a phone nor an email"),
        "{err}"
    );
    assert!(err.contains("^^^^"), "points at the part: {err}");
}
