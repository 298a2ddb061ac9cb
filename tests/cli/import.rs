use super::*;

/// A fixture copied into the test's own directory: an import with
/// `--skip-invalid` writes its rejected rows beside the file it read.
fn copied(env: &Env, name: &str) -> String {
    let to = env.dir.path().join(name);
    std::fs::copy(fixture(name), &to).expect("copy fixture");
    to.to_string_lossy().into_owned()
}

fn fixture(name: &str) -> String {
    format!(
        "{}/tests/fixtures/import/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn a_gbk_customer_sheet_imports_and_a_second_import_creates_nothing() {
    let env = Env::new();
    // Line 8 is a short row (8 cells under 12 headers): an invalid row.
    let err = env.fails(2, &["import", &fixture("customers_gbk.csv")]);
    assert!(
        err.contains("1 of 10 rows") && err.contains("line 8: 8 cells, the header has 12"),
        "{err}"
    );
    let gbk = copied(&env, "customers_gbk.csv");
    let report = env.json(&["import", &gbk, "--skip-invalid"]);
    assert_eq!(report["encoding"], "GB18030");
    assert_eq!(report["kind"], "customers");
    assert_eq!(report["rows"], 10);
    assert_eq!(report["rejected"][0]["line"], 8);
    // Line 11 repeats line 3: merged into it, not a second customer.
    assert_eq!(
        (report["created"].as_u64(), report["unchanged"].as_u64()),
        (Some(8), Some(1))
    );
    assert_eq!(env.json(&["list"]).as_array().map(Vec::len), Some(8));
    let shown = env.json(&["show", "王芳"]);
    assert_eq!(shown["customer"]["company"], "北京字节跳动科技有限公司");
    let again = env.json(&["import", &gbk, "--skip-invalid"]);
    assert_eq!(
        (again["created"].as_u64(), again["merged"].as_u64()),
        (Some(0), Some(0))
    );
    assert_eq!(env.json(&["list"]).as_array().map(Vec::len), Some(8));
}

#[test]
fn a_utf16_follow_up_log_links_to_customers_and_queues_next_actions() {
    let env = Env::new();
    env.ok(&[
        "import",
        &copied(&env, "customers_gbk.csv"),
        "--skip-invalid",
    ]);
    let report = env.json(&["import", &fixture("followups_utf16.txt")]);
    assert_eq!(report["encoding"], "UTF-16LE");
    assert_eq!(report["kind"], "follow-ups");
    assert_eq!(
        (report["interactions"].as_u64(), report["tasks"].as_u64()),
        (Some(5), Some(5))
    );
    let shown = env.json(&["show", "王芳"]);
    assert_eq!(shown["timeline"][0]["kind"], "message");
    assert!(
        shown["tasks"]
            .as_array()
            .is_some_and(|t| t.iter().any(|t| t["due"] == "2024-05-15"))
    );
    // The same log without a BOM: recognised, and nothing is logged twice.
    let again = env.json(&["import", &fixture("followups_utf16_nobom.txt")]);
    assert_eq!(
        (again["interactions"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(5))
    );
}

#[test]
fn follow_ups_for_unknown_customers_are_errors_not_new_customers() {
    let env = Env::new();
    let err = env.fails(2, &["import", &fixture("followups_utf16.txt")]);
    assert!(
        err.contains("nothing was imported") && err.contains("no customer named"),
        "{err}"
    );
    assert!(!env.db().exists(), "nothing written, not even the file");
}

#[test]
fn bad_rows_are_named_by_line_and_nothing_is_imported() {
    let env = Env::new();
    let err = env.fails(2, &["import", &fixture("bad_rows.csv")]);
    assert!(err.contains("2 of 5 rows"), "{err}");
    assert!(
        err.contains("line 3, column \"email\"") && err.contains("\"not-an-email\""),
        "{err}"
    );
    assert!(err.contains("line 5, column \"name\""), "{err}");
    assert!(!env.db().exists(), "nothing written, not even the file");

    let dry = env.json(&[
        "import",
        &fixture("bad_rows.csv"),
        "--skip-invalid",
        "--dry-run",
    ]);
    assert_eq!(dry["dry_run"], true);
    assert_eq!(dry["created"], 2);
    // The dry run explains how each column is read.
    let text = env.ok(&[
        "import",
        &copied(&env, "customers_gbk.csv"),
        "--dry-run",
        "--skip-invalid",
    ]);
    assert!(
        text.contains("8 new customers, 0 merged, 1 unchanged"),
        "{text}"
    );
    assert!(text.contains("    客户姓名     → name\n"), "{text}");
    assert!(text.contains("    最后跟进时间 → last-contact\n"), "{text}");
    assert!(
        !env.db().exists(),
        "a dry run writes nothing, not even the file"
    );

    let copy = env.dir.path().join("bad.csv");
    std::fs::copy(fixture("bad_rows.csv"), &copy).expect("copy");
    let done = env.json(&["import", copy.to_str().expect("utf-8"), "--skip-invalid"]);
    assert_eq!(done["created"], 2);
    let rejected =
        std::fs::read_to_string(env.dir.path().join("bad.rejected.csv")).expect("rejected file");
    assert_eq!(
        rejected.lines().count(),
        3,
        "header and two rows:\n{rejected}"
    );
    assert!(
        rejected.contains("not-an-email") && rejected.contains("rolo: why rejected"),
        "{rejected}"
    );
}

#[test]
fn exports_from_other_crms_import() {
    let env = Env::new();
    for (file, created) in [
        ("salesforce_contacts.csv", 4),
        ("google_contacts.csv", 3),
        ("hubspot_semicolon.csv", 4),
    ] {
        let report = env.json(&["import", &fixture(file)]);
        assert_eq!(report["created"], created, "{file}: {report}");
        assert!(
            report["rejected"].as_array().is_some_and(Vec::is_empty),
            "{file}: {report}"
        );
    }
    let err = env.fails(
        2,
        &[
            "import",
            &fixture("hubspot_semicolon.csv"),
            "--encoding",
            "latin-9",
        ],
    );
    assert!(err.contains("latin-9"), "{err}");
}

#[test]
fn phone_vcards_import_with_their_fields_and_a_second_import_creates_nothing() {
    let env = Env::new();
    let report = env.json(&["import", &fixture("contacts_android.vcf")]);
    assert_eq!(report["format"], "vcard");
    assert_eq!(
        (report["rows"].as_u64(), report["created"].as_u64()),
        (Some(3), Some(3))
    );
    let wang = env.json(&["show", "王芳"]);
    assert_eq!(wang["customer"]["company"], "上海贸易有限公司");
    assert_eq!(wang["customer"]["custom"]["x-qq"], "12345678");
    // The QP-encoded compound surname survives: 欧阳 + 娜娜.
    env.json(&["show", "欧阳娜娜"]);
    let again = env.json(&["import", &fixture("contacts_android.vcf")]);
    assert_eq!(
        (again["created"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(3))
    );

    let ios = env.json(&["import", "--format", "vcard", &fixture("contacts_ios.vcf")]);
    assert_eq!(ios["rows"], 4);
    assert_eq!(
        env.json(&["list"]).as_array().map(Vec::len),
        Some(3 + ios["created"].as_u64().unwrap_or(0) as usize)
    );
}

/// A bad property is left out with a note naming its line and the card is
/// kept; a card without a name is refused, and written back as a vCard.
#[test]
fn a_bad_vcard_is_named_by_line_and_skipped_cards_are_written_back_as_vcards() {
    let env = Env::new();
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("phone.vcf");
    let nameless = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nTEL:555-0100\r\nEND:VCARD\r\n";
    std::fs::write(
        &file,
        format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEMAIL:ann@acme.com\r\nEND:VCARD\r\n\
             BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob Bad\r\nEMAIL:bob@\r\nEND:VCARD\r\n{nameless}"
        ),
    )
    .expect("write");
    let path = file.to_string_lossy().to_string();
    let err = env.fails(2, &["import", &path]);
    assert!(err.contains("line 11") && err.contains("no name"), "{err}");
    assert!(!env.db().exists(), "nothing written, not even the file");

    let report = env.json(&["import", "--skip-invalid", &path]);
    assert_eq!(report["created"], 2);
    let notes = report["warnings"].to_string();
    assert!(
        notes.contains("line 9: EMAIL left out") && notes.contains("bob@"),
        "{notes}"
    );
    let bob = env.json(&["show", "Bob Bad"]);
    assert_eq!(bob["customer"]["emails"], serde_json::json!([]));
    let rejected = std::fs::read_to_string(dir.path().join("phone.rejected.vcf")).expect("written");
    assert_eq!(rejected, nameless);
    // A sheet named as vCards is refused, not misread.
    let err = env.fails(
        2,
        &[
            "import",
            "--format",
            "vcard",
            &fixture("salesforce_contacts.csv"),
        ],
    );
    assert!(err.contains("BEGIN:VCARD"), "{err}");
}

/// Issue 13: an Android export was refused whole for one TEL with a
/// dial-wait character; now every card imports and the number is kept as typed.
#[test]
fn an_android_export_with_a_dial_wait_tel_imports_whole() {
    let env = Env::new();
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("android.vcf");
    std::fs::write(
        &file,
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN:;Li;;;\r\nFN:Li\r\nTEL;CELL:18923817874w\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Wang\r\nTEL;CELL:13800138000\r\nEND:VCARD\r\n",
    )
    .expect("write");
    let report = env.json(&["import", &file.to_string_lossy()]);
    assert_eq!(report["created"], 2);
    let li = env.json(&["show", "Li"]);
    // Kept as typed; the key is the number dialled first, so it finds her.
    assert_eq!(
        li["customer"]["phones"],
        serde_json::json!(["18923817874w"])
    );
    assert_eq!(env.json(&["show", "18923817874"])["customer"]["name"], "Li");
}
