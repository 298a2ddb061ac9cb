//! Issue 13, item 4: import files in the encodings other programs write.
//! Small byte fixtures inline, so what each test feeds rolo is visible here.

use super::*;

fn write(env: &Env, name: &str, bytes: &[u8]) -> String {
    let path = env.dir.path().join(name);
    std::fs::write(&path, bytes).expect("write fixture");
    path.to_string_lossy().into_owned()
}

fn names(env: &Env) -> Vec<String> {
    let mut v: Vec<String> = env
        .json(&["list"])
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|c| c["name"].as_str().map(str::to_string))
        .collect();
    v.sort();
    v
}

/// Issue 13: a Windows-1252 sheet was stored as GB18030 mojibake
/// (`Jos� M黮ler`) with exit 0.
#[test]
fn a_windows_1252_sheet_is_read_as_windows_1252_not_gb18030_mojibake() {
    let env = Env::new();
    let file = write(
        &env,
        "europe.csv",
        b"name,company,email\nJos\xe9 M\xfcller,M\xfcller & S\xf6hne,jose@example.com\nZo\xeb Adams,Caf\xe9 Cr\xe8me,zoe@example.com\n",
    );
    let report = env.json(&["import", &file]);
    assert_eq!(report["encoding"], "windows-1252", "{report}");
    assert_eq!(report["created"], 2, "{report}");
    assert_eq!(names(&env), ["José Müller", "Zoë Adams"]);
    assert_eq!(
        env.json(&["show", "zoe@example.com"])["customer"]["company"],
        "Café Crème"
    );
}

#[test]
fn gb18030_and_utf16_with_either_bom_import_the_same_chinese_names() {
    let text = "姓名,公司,手机\n王芳,北京字节跳动科技有限公司,13800138000\n李娜,上海贸易有限公司,13912345678\n";
    let (gb, _, _) = encoding_rs::GB18030.encode(text);
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut be = vec![0xFE, 0xFF];
    be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    for (name, bytes, want) in [
        ("gb.csv", gb.to_vec(), "GB18030"),
        ("le.csv", le, "UTF-16LE"),
        ("be.csv", be, "UTF-16BE"),
    ] {
        let env = Env::new();
        let file = write(&env, name, &bytes);
        let report = env.json(&["import", &file]);
        assert_eq!(report["encoding"], want, "{name}: {report}");
        assert_eq!(names(&env), ["李娜", "王芳"], "{name}");
    }
}

#[test]
fn a_shift_jis_sheet_is_detected() {
    let env = Env::new();
    let (sjis, _, _) = encoding_rs::SHIFT_JIS
        .encode("name,company\n山田太郎,株式会社テスト\n佐藤花子,東京商事株式会社\n");
    let file = write(&env, "japan.csv", &sjis);
    let report = env.json(&["import", &file]);
    assert_eq!(report["encoding"], "Shift_JIS", "{report}");
    assert_eq!(names(&env), ["佐藤花子", "山田太郎"]);
}

#[test]
fn encoding_accepts_any_whatwg_label() {
    // ISO-8859-15 has € at 0xA4, where windows-1252 has ¤.
    let env = Env::new();
    let file = write(&env, "euro.csv", b"name,company\nAnn Lee,\xa4 Traders\n");
    env.ok(&["import", &file, "--encoding", "iso-8859-15"]);
    assert_eq!(
        env.json(&["show", "Ann Lee"])["customer"]["company"],
        "€ Traders"
    );
    let err = env.fails(2, &["import", &file, "--encoding", "ebcdic"]);
    assert!(
        err.contains("\"ebcdic\"") && err.contains("windows-1252"),
        "{err}"
    );
}

#[test]
fn a_file_that_decodes_with_replacements_is_refused_naming_line_and_offset_unless_forced() {
    let env = Env::new();
    // UTF-16LE with a BOM; line 3 holds an unpaired surrogate (0xD800).
    let mut bytes = vec![0xFF, 0xFE];
    let mut push = |s: &str| bytes.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
    push("name,company\nAnn Lee,Acme\nBob ");
    let at = bytes.len();
    bytes.extend_from_slice(&[0x00, 0xD8]);
    bytes.extend("Ray,Initech\n".encode_utf16().flat_map(u16::to_le_bytes));
    let file = write(&env, "damaged.csv", &bytes);
    let err = env.fails(2, &["import", &file]);
    assert!(
        err.contains("UTF-16LE") && err.contains(&format!("line 3, byte offset {at}")),
        "{err}"
    );
    assert!(!env.db().exists(), "nothing written");
    // Forced: imported, with the bad unit shown as U+FFFD and a warning.
    let out = env
        .rolo(&["import", &file, "--encoding", "utf-16le"])
        .output()
        .expect("run");
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stderr.contains("could not be decoded") || stdout.contains("could not be decoded"),
        "{stdout}{stderr}"
    );
    assert_eq!(names(&env), ["Ann Lee", "Bob \u{FFFD}Ray"]);
}
