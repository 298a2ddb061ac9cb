use super::*;
use rolo::domain::{AuditEntry, Channel};
use rolo::store::{ERASED_ENTITY, Reads, Store};

const NAME: &str = "Zyxwv Erasable";
const EMAIL: &str = "zyx.erasable@example.org";
const CHINESE: &str = "赵钱孙李测试";
const CHINESE_EMAIL: &str = "qwpvk.zhaoqian@example.cn";
const PHONE: &str = "+86 139 7531 8642";
const SUMMARIES: [&str; 3] = [
    "Qorvath pricing for the Plimsoll deal",
    "Vexmunder sent the 合同草案甲乙丙",
    "Snorkwell demo went well",
];
const NEXT: &str = "Trelliswick quote follow-up";
const NOTE: &str = "Grubblefink allergy to cats";

/// Two customers to erase, each with interactions, tasks and edits, among
/// others who must stay.
fn book() -> Env {
    let env = Env::new().with_customers();
    env.ok(&[
        "add",
        NAME,
        "--company",
        "Erasable Widgets",
        "--email",
        EMAIL,
        "--phone",
        PHONE,
        "--note",
        NOTE,
    ]);
    env.ok(&["add", CHINESE, "--email", CHINESE_EMAIL]);
    for (i, summary) in SUMMARIES.iter().enumerate() {
        let at = format!("2026-11-{:02}T10:00:00+08:00", 10 + i);
        env.rolo_at(&at, &["log", EMAIL, "call", summary, "--next", NEXT])
            .assert()
            .success();
        env.ok(&["log", CHINESE_EMAIL, "meeting", summary]);
    }
    env.ok(&["edit", EMAIL, "--tag", "vip", "--title", "Head of Zyxwv"]);
    env.ok(&["edit", EMAIL, "--stage", "customer"]);
    env.ok(&["edit", CHINESE_EMAIL, "--company", "赵钱孙李公司"]);
    env.ok(&["log", "acme", "call", "Ann stays"]);
    env
}

fn ids(env: &Env) -> (String, String) {
    let id = |email: &str| {
        let shown = env.json(&["show", email]);
        format!("#{}", shown["customer"]["id"])
    };
    (id(EMAIL), id(CHINESE_EMAIL))
}

fn audit(env: &Env) -> Vec<AuditEntry> {
    Store::new(env.db(), Channel::Cli)
        .read(|r| r.audit(None, usize::MAX))
        .expect("audit reads")
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    let needle = needle.as_bytes();
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Every distinctive value the book holds about the two erased customers.
fn traces() -> Vec<&'static str> {
    let mut all = vec![
        NAME,
        "Zyxwv",
        EMAIL,
        "zyx.erasable",
        CHINESE,
        CHINESE_EMAIL,
        "Erasable Widgets",
        "Head of Zyxwv",
        "赵钱孙李公司",
        "13975318642",
        NEXT,
        NOTE,
        "Grubblefink",
    ];
    all.extend(SUMMARIES);
    all.extend(["Qorvath", "Vexmunder", "合同草案甲乙丙", "Snorkwell"]);
    all
}

#[test]
fn erase_leaves_no_trace_in_rows_export_audit_or_file_bytes() {
    let env = book();
    let (zyx, zhao) = ids(&env);
    let before = std::fs::read(env.db()).expect("db");
    assert!(
        contains(&before, NAME) && contains(&before, SUMMARIES[0]) && contains(&before, CHINESE),
        "the search below would prove nothing"
    );
    let audited = audit(&env).len();

    let out = env.ok(&["erase", EMAIL, "--yes"]);
    assert!(out.contains(&format!("Erased {zyx}")), "{out}");
    assert!(out.contains("3 interactions, 3 tasks"), "{out}");
    let json = env.json(&["erase", &zhao, "--yes"]);
    assert_eq!(json["erased"]["interactions"], 3, "{json}");
    assert!(
        json["erased"].get("name").is_none(),
        "no name in JSON: {json}"
    );
    assert!(json["older_backups"].is_array(), "{json}");

    // (a) gone, and the others intact
    env.fails(2, &["show", &zyx]);
    env.fails(2, &["show", EMAIL]);
    env.fails(2, &["show", &zhao]);
    let ann = env.json(&["show", "acme"]);
    assert_eq!(ann["customer"]["name"], "Ann Lee");
    assert_eq!(ann["timeline"][0]["summary"], "Ann stays");
    let listed = env.json(&["list"]);
    assert_eq!(listed.as_array().map(Vec::len), Some(4), "{listed}");
    assert!(
        env.json(&["search", "zyxwv"])
            .as_array()
            .is_some_and(Vec::is_empty)
    );

    // (b) the export has no trace
    let export = env.ok(&["export", "--format", "jsonl"]);
    for trace in traces() {
        assert!(!export.contains(trace), "export still holds \"{trace}\"");
    }
    let bundle = rolo::interchange::export::read_jsonl(&export).expect("reads back");
    assert_eq!(bundle.customers.len(), 4);
    assert_eq!(bundle.interactions.len(), 1);
    assert!(bundle.tasks.is_empty());

    // (c) nor does any byte of the database file
    let bytes = std::fs::read(env.db()).expect("db");
    for trace in traces() {
        assert!(!contains(&bytes, trace), "the file still holds \"{trace}\"");
    }
    let leftovers: Vec<_> = std::fs::read_dir(env.dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".rolo-erase"))
        .collect();
    assert!(leftovers.is_empty(), "temp files left: {leftovers:?}");

    // (d) the trail still shows what happened, but not about whom
    let trail = audit(&env);
    assert_eq!(trail.len(), audited + 2, "two erase entries added");
    let erases: Vec<_> = trail
        .iter()
        .filter(|e| e.action == "customer.erase")
        .map(|e| e.entity.as_str())
        .collect();
    assert_eq!(erases, vec![zhao.as_str(), zyx.as_str()]);
    let scrubbed = trail
        .iter()
        .filter(|e| e.entity == ERASED_ENTITY)
        .collect::<Vec<_>>();
    assert!(scrubbed.iter().any(|e| e.action == "customer.edit"));
    assert!(scrubbed.iter().any(|e| e.action == "interaction.add"));
    assert!(
        scrubbed
            .iter()
            .all(|e| e.customer.is_none() && e.actor == "tester")
    );
    for e in &trail {
        let text = format!("{e:?}");
        for trace in traces() {
            assert!(!text.contains(trace), "audit entry {text}");
        }
    }
    assert!(!env.ok(&["export"]).is_empty());
}

#[test]
fn ambiguous_or_unconfirmed_erase_deletes_nothing() {
    let env = book();
    let before = env.ok(&["export"]);
    let err = env.fails(2, &["erase", "王伟", "--yes"]);
    assert!(
        err.contains("#2") && err.contains("#3"),
        "never guesses: {err}"
    );
    env.fails(2, &["erase", "nobody-like-this", "--yes"]);
    // Not a terminal (assert_cmd pipes stdin): refuse, pointing at --yes.
    let err = env.fails(2, &["erase", EMAIL]);
    assert!(err.contains("--yes"), "{err}");
    assert_eq!(env.ok(&["export"]), before, "nothing changed");
    env.ok(&["show", EMAIL]);
}

#[test]
fn erased_rows_leave_every_users_undo_journal() {
    let env = book();
    // Another user's last write is about the customer: their undo journal
    // holds the rows (with the summary) until the erase drops them.
    env.rolo(&[
        "log",
        EMAIL,
        "email",
        "Quibbleworth last word",
        "--next",
        "Plonk",
    ])
    .env("USER", "other")
    .assert()
    .success();
    env.ok(&["erase", EMAIL, "--yes"]);
    let bytes = std::fs::read(env.db()).expect("db");
    assert!(!contains(&bytes, "Quibbleworth") && !contains(&bytes, "Plonk"));
    // Their undo brings nothing back.
    let _ = env
        .rolo(&["undo"])
        .env("USER", "other")
        .output()
        .expect("runs");
    env.fails(2, &["show", EMAIL]);
    let export = env.ok(&["export"]);
    assert!(
        !export.contains("Quibbleworth") && !export.contains(NAME),
        "{export}"
    );
}

/// Regression: the `ops` table (`--op-id`) was missing from the tables the
/// erase's rewrite copies, so on a database that had seen an op id the
/// erasure deleted the rows but refused to rewrite the file.
#[test]
fn erase_rewrites_a_database_written_with_op_ids() {
    let env = book();
    env.ok(&["--op-id", "retry-1", "log", EMAIL, "note", "one more"]);
    let out = env.ok(&["erase", EMAIL, "--yes"]);
    assert!(!out.contains("could not be rewritten"), "{out}");
    let bytes = std::fs::read(env.db()).expect("read db");
    let found = bytes.windows(NAME.len()).any(|w| w == NAME.as_bytes());
    assert!(!found, "the erased name is still in the file");
    // The op id and its command's fingerprint were copied: a retry of the
    // same command is still "already applied", another command refused.
    let again = env.ok(&["--op-id", "retry-1", "log", EMAIL, "note", "one more"]);
    assert!(again.is_empty(), "the op ids were kept: {again}");
    let err = env.fails(
        2,
        &["--op-id", "retry-1", "log", CHINESE_EMAIL, "note", "x"],
    );
    assert!(err.contains("different command"), "{err}");
}

/// The search snapshot beside the database (`.rolo.redb.search`) holds
/// names; an erasure removes it (and the next search's rebuild has no
/// trace of the erased customer), so no erased name outlives the erasure
/// in any file rolo keeps.
#[test]
fn erase_leaves_no_name_in_the_search_snapshot() {
    let env = book();
    let snapshot = env.db().with_file_name(".rolo.redb.search");
    let hits = env.json(&["search", "zyxwv"]);
    assert_eq!(hits.as_array().map(Vec::len), Some(1), "{hits}");
    env.json(&["search", "zhaoqian"]);
    let bytes = std::fs::read(&snapshot).expect("a search keeps a snapshot");
    let holds = |bytes: &[u8], text: &str| bytes.windows(text.len()).any(|w| w == text.as_bytes());
    assert!(holds(&bytes, "Zyxwv") && holds(&bytes, EMAIL));
    env.ok(&["erase", EMAIL, "--yes"]);
    env.ok(&["erase", CHINESE_EMAIL, "--yes"]);
    assert!(!snapshot.exists(), "erasure removes the snapshot");
    assert_eq!(
        env.json(&["search", "zyxwv"]).as_array().map(Vec::len),
        Some(0)
    );
    let bytes = std::fs::read(&snapshot).expect("the next search rebuilds it");
    let utf32: Vec<u8> = CHINESE
        .chars()
        .flat_map(|c| u32::from(c).to_le_bytes())
        .collect();
    for gone in ["Zyxwv", EMAIL, CHINESE_EMAIL] {
        assert!(!holds(&bytes, gone), "{gone} in the rebuilt snapshot");
    }
    assert!(
        !bytes.windows(utf32.len()).any(|w| w == utf32),
        "{CHINESE} in the rebuilt snapshot"
    );
    assert!(holds(&bytes, "Acme"), "the others are still there");
}

/// An erasure takes the customer's deals and cases too, and says so: the
/// summary counts them (it used to name only interactions and tasks), and
/// the deal and case lists no longer show them.
#[test]
fn erase_names_the_deals_and_cases_it_takes() {
    let env = Env::new().with_customers();
    env.ok(&["add", "Quinn Erasable", "--email", "quinn@erase.example"]);
    env.ok(&[
        "deal",
        "add",
        "quinn@erase.example",
        "pilot",
        "--amount",
        "5k",
    ]);
    env.ok(&[
        "deal",
        "add",
        "quinn@erase.example",
        "rollout",
        "--amount",
        "50k",
    ]);
    env.ok(&["case", "open", "quinn@erase.example", "invoice wrong"]);
    let out = env.ok(&["erase", "quinn@erase.example", "--yes"]);
    assert!(
        out.contains("0 interactions, 0 tasks, 2 deals, 1 case, 0 orders;"),
        "{out}"
    );
    assert!(
        !env.ok(&["deal", "list", "--status", "all"])
            .contains("rollout")
    );
    assert!(!env.ok(&["case", "list", "--all"]).contains("invoice wrong"));
}
