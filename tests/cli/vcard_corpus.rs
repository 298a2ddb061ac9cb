//! Issue 13: vCard files other programs' authors collected as test data
//! (`tests/fixtures/vcard-corpus/`, sources and commits in its SOURCES.md),
//! each imported into an empty database with `--skip-invalid`. Per file:
//! cards in the file, cards imported, properties or fallbacks noted, and one
//! name that must be among the customers. The table printed (run with
//! `--nocapture`) is the one in docs/VCARD-CORPUS.md.

use super::*;

/// (file, cards, imported, notes, a name imported, remark)
const EXPECTED: &[(&str, usize, usize, usize, &str, &str)] = &[
    ("calcard/001.vcf", 1, 1, 1, "Forrest Gump", ""),
    ("calcard/005.vcf", 5, 5, 0, "Ludwig-Götz Graßl", ""),
    (
        "calcard/006.vcf",
        1,
        1,
        2,
        "John Doe",
        "3.0 AGENT card folded into the value: skipped",
    ),
    (
        "calcard/008.vcf",
        1,
        1,
        2,
        "Forrest Gump",
        "AGENT card: skipped",
    ),
    (
        "calcard/009.vcf",
        10,
        10,
        5,
        "Mäx Mustermann",
        "5 people, each card twice: 5 created, 5 merged or unchanged",
    ),
    ("calcard/047.vcf", 1, 1, 1, "J. Doe", ""),
    (
        "calcard/048.vcf",
        1,
        1,
        1,
        "Mr. John Q. Public, Esq.",
        "AGENT card: skipped",
    ),
    ("calcard/058.vcf", 1, 1, 0, "Meister Berger", ""),
    ("calcard/066.vcf", 1, 1, 9, "John Doe", ""),
    (
        "calcard/rfc.vcf",
        9,
        9,
        7,
        "Taro Yamada",
        "2 cards of only an EMAIL: named after it",
    ),
    (
        "ez-vcard/John_Doe_ANDROID.vcf",
        6,
        6,
        10,
        "john.doe@company.com",
        "2 cards of only an EMAIL: named after it; an EMAIL of 14 \"Ñ\" (QP test data) left out",
    ),
    ("ez-vcard/John_Doe_BLACK_BERRY.vcf", 1, 1, 1, "John Doe", ""),
    (
        "ez-vcard/John_Doe_EVOLUTION.vcf",
        1,
        1,
        0,
        "Mr. John Richter, James Doe Sr.",
        "",
    ),
    (
        "ez-vcard/John_Doe_GMAIL.vcf",
        1,
        1,
        0,
        "Mr. John Richter, James Doe Sr.",
        "",
    ),
    (
        "ez-vcard/John_Doe_MS_OUTLOOK.vcf",
        1,
        1,
        0,
        "Mr. John Richter James Doe Sr.",
        "",
    ),
    (
        "ez-vcard/fullcontact.vcf",
        1,
        1,
        9,
        "Prefix FirstName MiddleName LastName Suffix",
        "",
    ),
    ("ez-vcard/gmail-list.vcf", 3, 3, 0, "Doug White", ""),
    ("ez-vcard/gmail-single.vcf", 1, 1, 2, "Greg Dartmouth", ""),
    ("ez-vcard/gmail-single2.vcf", 1, 1, 11, "VCard Test", ""),
    ("ez-vcard/issue114.vcf", 1, 1, 1, "Dummy, Dummy", ""),
    (
        "ez-vcard/outlook-2003.vcf",
        1,
        1,
        4,
        "John Doe III",
        "4 TELs are the words \"BusinessPhone\"… (template): left out",
    ),
    (
        "ez-vcard/outlook-2007.vcf",
        1,
        1,
        4,
        "Mr. Michael Angstadt Jr.",
        "",
    ),
    ("ez-vcard/rfc2426-example.vcf", 2, 2, 0, "Tim Howes", ""),
    (
        "ez-vcard/rfc6350-example.vcf",
        1,
        1,
        0,
        "Simon Perreault",
        "",
    ),
    ("khard/altid.vcf", 1, 1, 0, "altid", ""),
    ("khard/category.vcf", 1, 1, 0, "contact with category", ""),
    ("khard/joe.vcf", 1, 1, 0, "Joe Citizen", ""),
    ("khard/korean-c.vcf", 1, 1, 0, "최유림", ""),
    ("khard/labels.vcf", 1, 1, 0, "labeled guy", ""),
    ("khard/org.vcf", 1, 1, 0, "ACME Inc.", ""),
    ("khard/photov3.vcf", 1, 1, 0, "with photo v3", ""),
    ("khard/photov4.vcf", 1, 1, 0, "with photo v4", ""),
    ("khard/post.vcf", 1, 1, 0, "With post address", ""),
    ("khard/tel-value-uri.vcf", 1, 1, 1, "bug 195", ""),
    (
        "khard/unparsable.vcf",
        1,
        0,
        0,
        "",
        "broken on purpose (khard's \"unparsable\" fixture: no END:VCARD): rejected",
    ),
    ("vobject/radicale-1587.vcf", 1, 1, 0, "Given Family", ""),
    (
        "vobject/vcard40_full.vcf",
        1,
        1,
        2,
        "Dr. John Q. Public, III",
        "",
    ),
    ("vobject/vcard40_group.vcf", 1, 1, 0, "The Doe Family", ""),
    (
        "vobject/vcard40_location.vcf",
        1,
        1,
        0,
        "Empire State Building",
        "",
    ),
    ("vobject/vcard40_multilang.vcf", 1, 1, 0, "Yamada Taro", ""),
    ("vobject/vcard40_org.vcf", 1, 1, 1, "ABC Marketing", ""),
    ("vobject/vcard40_simple.vcf", 1, 1, 0, "John Doe", ""),
];

fn corpus(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/vcard-corpus")
        .join(file)
}

#[test]
fn public_vcard_corpora_import_card_by_card() {
    // Every file in the corpus is in the table, and only those.
    let mut on_disk = Vec::new();
    for repo in std::fs::read_dir(corpus("")).expect("corpus dir") {
        let repo = repo.expect("entry").path();
        if !repo.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&repo).expect("repo dir") {
            let file = file.expect("entry").path();
            let rel = file.strip_prefix(corpus("")).expect("inside");
            on_disk.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    on_disk.sort();
    let mut listed: Vec<String> = EXPECTED.iter().map(|e| e.0.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);

    let mut got = Vec::new();
    let mut table =
        String::from("| file | cards imported / total | notes | remark |\n|---|---|---|---|\n");
    for &(file, _, _, _, name, remark) in EXPECTED {
        let env = Env::new();
        // A copy: --skip-invalid writes the rejected cards beside the file.
        let path = env.dir.path().join("in.vcf");
        std::fs::copy(corpus(file), &path).expect("copy");
        let report = env.json(&["import", "--skip-invalid", &path.to_string_lossy()]);
        let count = |k: &str| report[k].as_u64().unwrap_or(0) as usize;
        let imported = count("created") + count("merged") + count("unchanged");
        let rejected = report["rejected"].as_array().map_or(0, Vec::len);
        let notes = report["warnings"].as_array().map_or(0, Vec::len);
        assert_eq!(count("rows"), imported + rejected, "{file}: {report}");
        let names: Vec<String> = env.json(&["list"]).as_array().map_or(vec![], |a| {
            a.iter()
                .filter_map(|c| c["name"].as_str().map(str::to_string))
                .collect()
        });
        if !name.is_empty() {
            assert!(names.iter().any(|n| n == name), "{file}: {names:?}");
        }
        table.push_str(&format!(
            "| {file} | {imported} / {} | {notes} | {remark} |\n",
            count("rows")
        ));
        got.push((file, count("rows"), imported, notes));
    }
    let (cards, imported): (usize, usize) = got.iter().fold((0, 0), |(c, i), g| (c + g.1, i + g.2));
    table.push_str(&format!(
        "| **{} files** | **{imported} / {cards}** | | |\n",
        got.len()
    ));
    eprintln!("{table}");
    let expected: Vec<(&str, usize, usize, usize)> =
        EXPECTED.iter().map(|e| (e.0, e.1, e.2, e.3)).collect();
    assert_eq!(got, expected);
}
