//! Issue 13, item 7: the header table is data the user can extend.

use super::*;

#[test]
fn a_headers_toml_in_the_config_dir_adds_headers_and_a_bad_one_is_exit_2() {
    let env = Env::new();
    let sheet = env.dir.path().join("kunden.csv");
    std::fs::write(
        &sheet,
        "Vorname,Nachname,Handy,E-Mail\nJosé,Müller,+49 151 2345 6789,jose@example.de\n",
    )
    .expect("write");
    let sheet = sheet.to_str().expect("utf-8");
    // Built in, Vorname/Nachname/Handy are custom fields and there is no name.
    let err = env.fails(2, &["import", sheet]);
    assert!(err.contains("no column gives the customer's name"), "{err}");

    let config = env.dir.path().join("config");
    std::fs::create_dir_all(&config).expect("mkdir");
    std::fs::write(
        config.join("headers.toml"),
        "[customers]\n\"first-name\" = [\"Vorname\"]\n\"last-name\" = [\"Nachname\"]\nphone = [\"Handy\"]\n",
    )
    .expect("write");
    let report = env.json(&["import", sheet]);
    assert_eq!(report["created"], 1, "{report}");
    let shown = env.json(&["show", "José Müller"]);
    assert_eq!(shown["customer"]["phones"][0], "+49 151 2345 6789");
    assert_eq!(shown["customer"]["emails"][0], "jose@example.de");

    std::fs::write(config.join("headers.toml"), "[customers]\nnom = [\"x\"]\n").expect("write");
    let err = env.fails(2, &["list"]);
    assert!(
        err.contains("headers.toml") && err.contains("unknown field \"nom\""),
        "{err}"
    );
}

/// Found by the CSV corpus (docs/CSV-CORPUS.md): Thunderbird's `Primary
/// Email` / `Secondary Email` / `Mobile Number`, Roundcube's `Email Work` /
/// `Home Mobile` and Atomic CRM's `email_home` / `phone_work` were custom
/// fields, so a Thunderbird export came in without a single email.
#[test]
fn thunderbird_roundcube_and_snake_case_email_and_phone_columns_are_read() {
    let env = Env::new();
    let sheet = env.dir.path().join("book.csv");
    std::fs::write(
        &sheet,
        "Display Name,Primary Email,Secondary Email,Mobile Number,Email Work,Email Home,Email Other,Home Mobile,email_home,phone_work,phone_home,phone_other\n\
         Ann Lee,a1@x.com,a2@x.com,138 0013 8000,a3@x.com,a4@x.com,a5@x.com,139 0013 9000,a6@x.com,+1 415 555 0100,+44 20 7946 0958,+49 30 901820\n",
    )
    .expect("write");
    let report = env.json(&["import", sheet.to_str().expect("utf-8")]);
    assert_eq!(report["created"], 1, "{report}");
    let custom: Vec<&Value> = report["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .filter(|c| {
            c["field"]
                .as_str()
                .is_some_and(|f| f.starts_with("custom:"))
        })
        .collect();
    assert!(custom.is_empty(), "{custom:?}");
    let shown = env.json(&["show", "Ann Lee"]);
    let c = &shown["customer"];
    assert_eq!(
        c["emails"],
        serde_json::json!([
            "a1@x.com", "a2@x.com", "a3@x.com", "a4@x.com", "a5@x.com", "a6@x.com"
        ]),
        "{shown}"
    );
    assert_eq!(c["phones"].as_array().map_or(0, Vec::len), 5, "{shown}");
    assert!(
        c["custom"].as_object().is_none_or(|o| o.is_empty()),
        "{shown}"
    );
}

/// Found by the CSV corpus: Google's older CSV puts every contact in the
/// group `* My Contacts` (`Group Membership`: `* My Contacts ::: Friends`),
/// which became the tags `My` and `Contacts`. It is dropped, like
/// `* myContacts` in the newer `Labels` column and in vCards.
#[test]
fn googles_my_contacts_group_is_no_tag() {
    let env = Env::new();
    let sheet = env.dir.path().join("google.csv");
    std::fs::write(
        &sheet,
        "Name,Group Membership,E-mail 1 - Value\n\
         Ann Lee,* My Contacts ::: Friends,ann@x.com\n\
         Bob Stone,* myContacts ::: * starred,bob@x.com\n",
    )
    .expect("write");
    let report = env.json(&["import", sheet.to_str().expect("utf-8")]);
    assert_eq!(report["created"], 2, "{report}");
    let ann = env.json(&["show", "Ann Lee"]);
    assert_eq!(
        ann["customer"]["tags"],
        serde_json::json!(["Friends"]),
        "{ann}"
    );
    let bob = env.json(&["show", "Bob Stone"]);
    assert_eq!(
        bob["customer"]["tags"],
        serde_json::json!(["starred"]),
        "{bob}"
    );
}
