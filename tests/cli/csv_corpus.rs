//! Issue 13: contact CSV files written by other programs (Thunderbird,
//! Google Contacts, Roundcube, Atomic CRM, a Chinese contact list), copied
//! byte for byte into `tests/fixtures/csv-corpus/` (sources and commits in
//! its SOURCES.md). Each is imported into an empty database with
//! `--skip-invalid`; per file: rows read, customers created, rows merged,
//! rows rejected, notes, and one customer read back with `rolo show` (or,
//! when no row gets in, why). The table printed (run with `--nocapture`) is
//! the one in docs/CSV-CORPUS.md.

use super::*;

/// What must be true of a file once imported.
enum Check {
    /// This customer exists, and each value is one of its emails, phones,
    /// tags, company, title or custom-field values.
    Customer(&'static str, &'static [&'static str]),
    /// No row got in; the first rejected row's reasons contain this.
    Rejected(&'static str),
    /// The file is refused (exit 2) with this in the message.
    Refused(&'static str),
}

struct Case {
    file: &'static str,
    /// More `rolo import` arguments, and how the table names them.
    args: &'static [&'static str],
    how: &'static str,
    rows: u64,
    created: u64,
    merged: u64,
    rejected: u64,
    notes: u64,
    check: Check,
    remark: &'static str,
}

/// Roundcube's samples are templates: every phone column holds a word or a
/// 3-digit placeholder. These move them to custom fields, to see the rest.
const GMAIL_PHONES: &[&str] = &[
    "--map",
    "Phone 1 - Value=custom:Phone 1",
    "--map",
    "Phone 2 - Value=custom:Phone 2",
    "--map",
    "Phone 3 - Value=custom:Phone 3",
    "--map",
    "Phone 4 - Value=custom:Phone 4",
    "--map",
    "Phone 5 - Value=custom:Phone 5",
    "--map",
    "Phone 6 - Value=custom:Phone 6",
    "--map",
    "Phone 7 - Value=custom:Phone 7",
];
const ALL_PHONES: &[&str] = &[
    "--map",
    "Home Phone=custom:Home Phone",
    "--map",
    "Home Phone 2=custom:Home Phone 2",
    "--map",
    "Business Phone=custom:Business Phone",
    "--map",
    "Business Phone 2=custom:Business Phone 2",
    "--map",
    "Home Mobile=custom:Home Mobile",
    "--map",
    "Primary Phone=custom:Primary Phone",
    "--map",
    "Other Phone=custom:Other Phone",
];
const TB_PHONES: &[&str] = &[
    "--map",
    "Work Phone=custom:Work Phone",
    "--map",
    "Home Phone=custom:Home Phone",
    "--map",
    "Mobile Number=custom:Mobile Number",
];
const PHONES_MAPPED: &str = "phone columns `--map`ped to custom fields";

const CASES: &[Case] = &[
    Case {
        file: "atomic-crm/contacts_export.csv",
        args: &[],
        how: "",
        rows: 2,
        created: 2,
        merged: 0,
        rejected: 0,
        notes: 1,
        check: Check::Customer(
            "John Doe",
            &["jdoe@caramail.com", "740.645.3807", "influencer", "Acme"],
        ),
        remark: "`email_work`, `phone_home` … are emails and phones (were custom fields); \
                 note: `(446) 758-2122` is no number libphonenumber knows (no area code 446)",
    },
    Case {
        file: "learn_python_course/ex2-3.contacts.csv",
        args: &[],
        how: "",
        rows: 39,
        created: 38,
        merged: 1,
        rejected: 0,
        notes: 0,
        check: Check::Customer("童绮琴", &["airship@hotmail.com", "15214774448"]),
        remark: "`姓名,电话,邮箱,单位`; 亥恺乐 and 校惜文 share `dbanarse@yahoo.com`: \
                 the second row is merged into the first (its phone kept, its name not)",
    },
    Case {
        file: "roundcube/all.csv",
        args: &[],
        how: "",
        rows: 1,
        created: 0,
        merged: 0,
        rejected: 1,
        notes: 0,
        check: Check::Rejected("\"100\" is not a valid phone number"),
        remark: "a template: its 7 phone columns hold `100` … `600`, `444`",
    },
    Case {
        file: "roundcube/all.csv",
        args: ALL_PHONES,
        how: PHONES_MAPPED,
        rows: 1,
        created: 1,
        merged: 0,
        rejected: 0,
        notes: 0,
        check: Check::Customer(
            "Display Name",
            &["home@example.com", "work@example.com", "other@example.com"],
        ),
        remark: "UTF-8 BOM; `Email Home/Work/Other` are emails (were custom fields)",
    },
    Case {
        file: "roundcube/gmail.csv",
        args: &[],
        how: "",
        rows: 1,
        created: 0,
        merged: 0,
        rejected: 1,
        notes: 0,
        check: Check::Rejected("\"pager\" is not a valid phone number"),
        remark: "Google CSV (old `Given Name,Additional Name,…`), a template: \
                 phones are the words `pager`, `mainphone` …",
    },
    Case {
        file: "roundcube/gmail.csv",
        args: GMAIL_PHONES,
        how: PHONES_MAPPED,
        rows: 1,
        created: 1,
        merged: 0,
        rejected: 0,
        notes: 0,
        check: Check::Customer(
            "Prefix Firstname Middle Lastname Suffix",
            &[
                "home@aaa.pl",
                "other@email.com",
                "Test",
                "company",
                "jobtitle",
            ],
        ),
        remark: "`* My Contacts ::: Test` is the tag `Test` (was `My`, `Contacts`, `Test`); \
                 addresses on 4 lines inside quotes",
    },
    Case {
        file: "roundcube/outlook.csv",
        args: &[],
        how: "",
        rows: 0,
        created: 0,
        merged: 0,
        rejected: 0,
        notes: 0,
        check: Check::Refused("no column gives the customer's name"),
        remark: "only `E-mail Address` columns: no name (the vCard import names such a \
                 card after its email; a sheet needs `--map`)",
    },
    Case {
        file: "roundcube/tb_plain.csv",
        args: &[],
        how: "",
        rows: 1,
        created: 0,
        merged: 0,
        rejected: 1,
        notes: 0,
        check: Check::Rejected("\"phone work\" is not a valid phone number"),
        remark: "Thunderbird CSV, a template: phones are the words `phone work` …",
    },
    Case {
        file: "roundcube/tb_plain.csv",
        args: TB_PHONES,
        how: PHONES_MAPPED,
        rows: 1,
        created: 1,
        merged: 0,
        rejected: 0,
        notes: 0,
        check: Check::Customer(
            "Displayname",
            &["test@domain.tld", "next@domain.tld", "Organization"],
        ),
        remark: "`Primary Email`, `Secondary Email` are emails (were custom fields)",
    },
    Case {
        file: "thunderbird/csv_no_header.csv",
        args: &[],
        how: "",
        rows: 0,
        created: 0,
        merged: 0,
        rejected: 0,
        notes: 0,
        check: Check::Refused("no column gives the customer's name"),
        remark: "no header row (Thunderbird asks the user to map the columns)",
    },
    Case {
        file: "thunderbird/csv_semicolon.csv",
        args: &[],
        how: "",
        rows: 2,
        created: 2,
        merged: 0,
        rejected: 0,
        notes: 0,
        check: Check::Customer("Jane Doe", &["jane@doe.invalid"]),
        remark: "",
    },
    Case {
        file: "thunderbird/export.csv",
        args: &[],
        how: "",
        rows: 2,
        created: 0,
        merged: 0,
        rejected: 2,
        notes: 0,
        check: Check::Rejected("\"contact1@invalid\" is not a valid email address"),
        remark: "Thunderbird's own export; its test addresses have no dot in the domain \
                 (`contact1@invalid`). Before `Primary Email` was an email column both rows \
                 got in with it as a custom field",
    },
    Case {
        file: "thunderbird/export.csv",
        args: &["--map", "Primary Email=custom:Primary Email"],
        how: "`Primary Email` `--map`ped to a custom field",
        rows: 2,
        created: 2,
        merged: 0,
        rejected: 0,
        notes: 0,
        check: Check::Customer(
            "contact number two",
            &[
                "\"worker\"",
                "custom, 1",
                "custom\t2",
                "custom\r3",
                "custom\n4",
            ],
        ),
        remark: "quoted cells keep their comma, tab, lone CR and LF; `\"\"\"worker\"\"\"` \
                 is `\"worker\"`",
    },
    Case {
        file: "thunderbird/quote.csv",
        args: &[],
        how: "",
        rows: 1,
        created: 1,
        merged: 0,
        rejected: 0,
        notes: 1,
        check: Check::Customer("Acer America", &["(800) 000-0000"]),
        remark: "CRLF, every cell quoted; note: `(800) 000-0000` is no number \
                 libphonenumber can read, kept as typed",
    },
    Case {
        file: "thunderbird/shiftjis_addressbook.csv",
        args: &[],
        how: "",
        rows: 1,
        created: 1,
        merged: 0,
        rejected: 0,
        notes: 0,
        check: Check::Customer("名無しの権兵衛", &["名無しの権兵衛@host.invalid"]),
        remark: "Shift_JIS, CRLF",
    },
    Case {
        file: "thunderbird/utf16_addressbook.csv",
        args: &[],
        how: "",
        rows: 1,
        created: 1,
        merged: 0,
        rejected: 0,
        notes: 0,
        check: Check::Customer("John Doe", &["johndoe@host.invalid"]),
        remark: "UTF-16LE with BOM, CRLF",
    },
];

fn corpus(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/csv-corpus")
        .join(file)
}

/// Every string in a JSON value (a customer's fields, lists and custom map).
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(o) => o.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

#[test]
fn public_contact_csvs_import_row_by_row() {
    // Every file in the corpus is in the table, and only those.
    let mut on_disk = Vec::new();
    for dir in std::fs::read_dir(corpus("")).expect("corpus dir") {
        let dir = dir.expect("entry").path();
        if !dir.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&dir).expect("source dir") {
            let file = file.expect("entry").path();
            let rel = file.strip_prefix(corpus("")).expect("inside");
            on_disk.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    on_disk.sort();
    let mut listed: Vec<String> = CASES.iter().map(|c| c.file.to_string()).collect();
    listed.sort();
    listed.dedup();
    assert_eq!(on_disk, listed);

    let mut got = Vec::new();
    let mut want = Vec::new();
    let mut table = String::from(
        "| file | import | read as | rows | created | merged | rejected | notes | checked | remark |\n\
         |---|---|---|---|---|---|---|---|---|---|\n",
    );
    for case in CASES {
        let env = Env::new();
        // A copy: --skip-invalid writes the rejected rows beside the file.
        let path = env.dir.path().join("in.csv");
        std::fs::copy(corpus(case.file), &path).expect("copy");
        let path = path.to_string_lossy().into_owned();
        let mut args = vec!["import", "--skip-invalid", path.as_str()];
        args.extend_from_slice(case.args);
        let file = case.file;

        let (counts, read_as, checked) = match case.check {
            Check::Refused(says) => {
                let err = env.fails(2, &args);
                assert!(err.contains(says), "{file}: {err}");
                (
                    (0, 0, 0, 0, 0),
                    "refused (exit 2)".to_string(),
                    says.to_string(),
                )
            }
            Check::Rejected(_) | Check::Customer(..) => {
                let report = env.json(&args);
                let count = |k: &str| report[k].as_u64().unwrap_or(0);
                let len = |k: &str| report[k].as_array().map_or(0, Vec::len) as u64;
                let counts = (
                    count("rows"),
                    count("created"),
                    count("merged"),
                    len("rejected"),
                    len("warnings"),
                );
                assert_eq!(
                    counts.0,
                    counts.1 + counts.2 + count("unchanged") + count("skipped") + counts.3,
                    "{file}: {report}"
                );
                let read_as = format!(
                    "{}, {}",
                    report["encoding"].as_str().unwrap_or("?"),
                    report["delimiter"].as_str().unwrap_or("?")
                );
                let checked = match case.check {
                    Check::Rejected(says) => {
                        let reasons: Vec<&str> = report["rejected"][0]["reasons"]
                            .as_array()
                            .map_or(vec![], |a| a.iter().filter_map(Value::as_str).collect());
                        let reasons = reasons.join("; ");
                        assert!(reasons.contains(says), "{file}: {reasons}");
                        let list = env.json(&["list"]);
                        assert_eq!(list.as_array().map_or(0, Vec::len), 0, "{file}: {list}");
                        format!("rejected: {says}")
                    }
                    Check::Customer(name, values) => {
                        let shown = env.json(&["show", name]);
                        let customer = &shown["customer"];
                        assert_eq!(customer["name"], name, "{file}: {shown}");
                        let mut all = Vec::new();
                        strings(customer, &mut all);
                        for v in values {
                            assert!(all.iter().any(|s| s == v), "{file}: {v:?} in {shown}");
                        }
                        let shown: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
                        format!("{name}: {}", shown.join(", "))
                    }
                    Check::Refused(_) => String::new(),
                };
                (counts, read_as, checked)
            }
        };
        let (rows, created, merged, rejected, notes) = counts;
        table.push_str(&format!(
            "| {file} | {} | {read_as} | {rows} | {created} | {merged} | {rejected} | {notes} | {} | {} |\n",
            case.how,
            checked.replace('|', "\\|").replace('\n', "\\n").replace('\r', "\\r").replace('\t', "\\t"),
            case.remark,
        ));
        got.push((file, case.how, counts));
        want.push((
            file,
            case.how,
            (
                case.rows,
                case.created,
                case.merged,
                case.rejected,
                case.notes,
            ),
        ));
    }
    eprintln!("{table}");
    assert_eq!(got, want);
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/CSV-CORPUS.md"))
        .expect("docs/CSV-CORPUS.md");
    assert!(
        doc.contains(&table),
        "docs/CSV-CORPUS.md does not hold the table printed above"
    );
}
