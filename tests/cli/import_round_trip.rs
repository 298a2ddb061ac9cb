//! Issue 13, item 1 (CSV): rolo reads back its own CSV export.

use super::*;

/// The customers, without what an import stamps anew.
fn book(env: &Env) -> Vec<Value> {
    let mut list = env.json(&["list"]).as_array().cloned().expect("array");
    for c in &mut list {
        let c = c.as_object_mut().expect("object");
        for stamp in ["created_at", "updated_at", "last_contact_at"] {
            c.remove(stamp);
        }
    }
    list
}

#[test]
fn a_csv_export_imports_into_an_empty_book_as_the_same_customers() {
    let src = Env::new();
    src.ok(&[
        "add",
        "Ann Lee",
        "--company",
        "Acme",
        "--email",
        "ann@acme.com",
        "--email",
        "ann.lee@gmail.com",
        "--phone",
        "+1 (415) 555-0100",
        "--phone=0571-8888 6666",
        "--tag",
        "vip",
        "--tag",
        "trade-show",
        "--stage",
        "customer",
        "--cadence",
        "14",
    ]);
    src.ok(&[
        "add",
        "欧阳娜娜",
        "--company",
        "上海贸易",
        "--phone",
        "+86 138 0013 8000",
        "--email",
        "nana@例子.中国",
        "--tag",
        "重点",
        "--stage",
        "prospect",
        "--note",
        "=1+1 is not a formula",
    ]);
    // Custom fields whose keys read as rolo fields, or as formulas.
    let tmp = src.dir.path().join("custom.csv");
    std::fs::write(
        &tmp,
        "name,company,emails,微信,notes\nBob,Beta,-not mail-,bob_wx,'quoted' start\n",
    )
    .expect("write");
    src.ok(&[
        "import",
        tmp.to_str().expect("utf-8"),
        "--map",
        "emails=custom:Email",
    ]);
    let before = book(&src);
    assert_eq!(before[2]["custom"]["Email"], "-not mail-", "{before:?}");
    assert_eq!(before[2]["notes"], "'quoted' start", "{before:?}");
    for excel in [false, true] {
        let mut args = vec!["export", "--format", "csv"];
        if excel {
            args.push("--excel");
        }
        let csv = src.ok(&args);
        assert!(
            csv.contains("'+1 (415) 555-0100"),
            "the guard is kept: {csv}"
        );
        assert!(csv.contains(",custom:Email,"), "{csv}");
        let file = src.dir.path().join("book.csv");
        std::fs::write(&file, &csv).expect("write");
        let dst = Env::new();
        let report = dst.json(&["import", file.to_str().expect("utf-8")]);
        assert_eq!(report["created"], 3, "{report}");
        assert!(
            report["columns"].as_array().is_some_and(|c| c
                .iter()
                .all(|c| c["field"] != "custom:emails"
                    && c["field"] != "custom:phones"
                    && c["field"] != "custom:created_at")),
            "{report}"
        );
        assert_eq!(book(&dst), before, "excel: {excel}");
        // With --map the guarded phones are read as phones, not refused.
        let mapped = Env::new();
        mapped.ok(&[
            "import",
            file.to_str().expect("utf-8"),
            "--map",
            "phones=phone",
        ]);
        assert_eq!(book(&mapped), before, "--map, excel: {excel}");
    }
}
