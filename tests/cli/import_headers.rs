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
