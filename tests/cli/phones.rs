//! Issue 13, item 6: phones read the way libphonenumber reads them.

use super::*;

fn write(env: &Env, name: &str, text: &str) -> String {
    let path = env.dir.path().join(name);
    std::fs::write(&path, text).expect("write fixture");
    path.to_string_lossy().into_owned()
}

fn count(env: &Env) -> usize {
    env.json(&["list"]).as_array().map_or(0, Vec::len)
}

/// Issue 13: `773.555.9306` and `+1 (773) 555-9306` were two people.
#[test]
fn a_north_american_number_with_and_without_plus_one_is_one_person() {
    let sheet =
        "name,phone\nAnn Lee,+1 (773) 555-9306\nAnnie Lee,773.555.9306\nAnn L.,1 773 555 9306\n";
    // With --phone-region US all three are one number.
    let env = Env::new();
    let file = write(&env, "us.csv", sheet);
    let report = env.json(&["import", &file, "--phone-region", "US"]);
    assert_eq!(report["created"], 1, "{report}");
    assert_eq!(count(&env), 1);
    // Under the default `auto`, ten digits read as North American, but
    // `1 773 555 9306` (11 digits, 17…) reads as a Chinese mobile.
    let env = Env::new();
    let file = write(&env, "us.csv", sheet);
    let report = env.json(&["import", &file]);
    assert_eq!(report["created"], 2, "{report}");
    // phone_region = "US" in config.toml reads them all as American.
    let env = Env::new();
    std::fs::create_dir_all(env.dir.path().join("config")).expect("dir");
    std::fs::write(
        env.dir.path().join("config/config.toml"),
        "phone_region = \"US\"\n",
    )
    .expect("config");
    let file = write(&env, "us.csv", sheet);
    let report = env.json(&["import", &file]);
    assert_eq!(report["created"], 1, "{report}");
    let err = env.fails(2, &["import", &file, "--phone-region", "Mars"]);
    assert!(err.contains("\"Mars\""), "{err}");
}

/// Issue 13: an Android export's `18923817874w` was refused.
#[test]
fn a_dial_wait_is_kept_as_typed_and_keyed_by_the_number_before_it() {
    let env = Env::new();
    let file = write(
        &env,
        "dial.csv",
        "name,phone\nWang Fang,18923817874w123\nWang F.,+86 189 2381 7874\n",
    );
    let report = env.json(&["import", &file]);
    assert_eq!(report["created"], 1, "{report}");
    let shown = env.json(&["show", "Wang Fang"]);
    assert_eq!(shown["customer"]["phones"][0], "18923817874w123");
}

#[test]
fn a_number_that_does_not_parse_is_kept_with_a_note_and_merges_with_nothing() {
    let env = Env::new();
    let file = write(
        &env,
        "odd.csv",
        "name,phone\nBob Odd,12345\nCarl Odd,012345\nDan Odd,+1 2345\n",
    );
    let report = env.json(&["import", &file]);
    assert_eq!(report["created"], 3, "{report}");
    assert_eq!(report["unparsed_phones"], 3, "{report}");
    let warnings = report["warnings"].to_string();
    assert!(
        warnings.contains("line 2") && warnings.contains("12345"),
        "{warnings}"
    );
    assert_eq!(
        env.json(&["show", "Bob Odd"])["customer"]["phones"][0],
        "12345"
    );
}

#[test]
fn the_card_shows_home_numbers_nationally_and_others_internationally() {
    let env = Env::new();
    env.ok(&[
        "add",
        "Ann Lee",
        "--phone",
        "+8613800138000",
        "--phone",
        "+1 773 555 9306 x12",
    ]);
    let card = env.ok(&["show", "Ann Lee"]);
    assert!(
        card.contains("138 0013 8000, +1 773-555-9306 ext. 12"),
        "{card}"
    );
    // --json keeps them as typed.
    let shown = env.json(&["show", "Ann Lee"]);
    assert_eq!(shown["customer"]["phones"][0], "+8613800138000");
}

/// Item 6: a number that does not parse is kept as typed "with a note" —
/// from `add` and `edit` too, not only from import.
#[test]
fn add_and_edit_say_when_a_phone_does_not_parse_and_keep_it() {
    let env = Env::new();
    let out = env
        .rolo(&["add", "Bob Odd", "--phone", "12345"])
        .output()
        .expect("run");
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("\"12345\"") && err.contains("kept as typed"),
        "{err}"
    );
    let out = env
        .rolo(&["edit", "Bob Odd", "--phone", "+86 138 0013 8000"])
        .output()
        .expect("run");
    assert!(out.status.success());
    assert!(out.stderr.is_empty(), "a number that parses gets no note");
    let shown = env.json(&["show", "Bob Odd"]);
    assert_eq!(shown["customer"]["phones"][0], "12345");
    // Both are found: the odd one by its digits, the other in any format.
    assert_eq!(env.json(&["show", "12345"])["customer"]["name"], "Bob Odd");
    assert_eq!(
        env.json(&["show", "13800138000"])["customer"]["name"],
        "Bob Odd"
    );
}

/// `#12345` names a customer id, never a phone, even with five digits.
#[test]
fn a_hash_reference_is_an_id_not_a_phone() {
    let env = Env::new();
    env.ok(&["add", "Ann Lee", "--phone", "12345"]);
    let err = env.fails(2, &["show", "#12345"]);
    assert!(err.contains("#12345"), "{err}");
}
