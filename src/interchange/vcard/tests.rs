//! Tests of the vCard reader.
//!
//! Fixtures (`tests/fixtures/import/`):
//! - `contacts_ios.vcf`: vCard 3.0 as an iPhone exports it, CRLF, folded
//!   lines, escapes, `item1.` groups, a base64 PHOTO — 4 cards (Ann Lee,
//!   张伟, Globex Corporation, Dr. John Q. Smith Jr.), all valid.
//! - `contacts_android.vcf`: vCard 2.1 as Android exports it, CRLF,
//!   `CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE` with a soft line break, bare
//!   parameters, a 2.1 base64 PHOTO ended by a blank line — 3 cards (王芳,
//!   Hans Mueller, 欧阳娜娜 from N only), all valid.

use super::*;
use crate::domain::{CustomerId, Stage};
use crate::interchange::export::write_vcard;
use proptest::prelude::*;
use std::collections::BTreeMap;

const IOS: &str = include_str!("../../../tests/fixtures/import/contacts_ios.vcf");
const ANDROID: &str = include_str!("../../../tests/fixtures/import/contacts_android.vcf");

fn cards(text: &str) -> Vec<Card> {
    read(text).expect("a vCard file")
}

fn ok(card: &Card) -> &CustomerIn {
    match &card.parsed {
        Ok(c) => c,
        Err(e) => panic!("card at line {} failed: {e:?}", card.line),
    }
}

fn errors(card: &Card) -> &[String] {
    match &card.parsed {
        Ok(c) => panic!("card at line {} parsed: {c:?}", card.line),
        Err(e) => e,
    }
}

fn custom(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn ios_fixture_has_four_cards() {
    let cards = cards(IOS);
    assert_eq!(cards.len(), 4);
    assert_eq!(
        cards.iter().map(|c| c.line).collect::<Vec<_>>(),
        [1, 26, 40, 49]
    );
    let names: Vec<&str> = cards.iter().map(|c| ok(c).draft.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Ann Lee",
            "张伟",
            "Globex Corporation",
            "Dr. John Q. Smith Jr."
        ]
    );
}

#[test]
fn ios_card_with_folds_escapes_and_groups() {
    let cards = cards(IOS);
    let ann = ok(&cards[0]);
    let d = &ann.draft;
    assert_eq!(d.name, "Ann Lee");
    assert_eq!(d.company, "Acme, Inc.");
    assert_eq!(d.title, "VP Sales");
    assert_eq!(d.emails, strings(&["ann@acme.com", "ann.lee@gmail.com"]));
    assert_eq!(d.phones, strings(&["+1 (415) 555-0100", "+1 415 555 0199"]));
    assert_eq!(
        d.address,
        "1 Market St, Suite 300, San Francisco, CA 94105, USA"
    );
    assert_eq!(
        d.notes,
        "Met at SaaStr; wants a demo.\nPrefers email after 5pm."
    );
    assert_eq!(d.tags, strings(&["vip", "west"]));
    assert_eq!(d.stage, Stage::default());
    assert_eq!(
        d.custom,
        custom(&[
            ("prodid", "-//Apple Inc.//iPhone OS 17.5//EN"),
            ("department", "Sales, EMEA"),
            ("x-ablabel", "_$!<Other>!$_"),
            ("url", "https://acme.example.com"),
            ("bday", "1985-04-12"),
            ("x-wechat", "annlee_sf"),
        ])
    );
    assert_eq!(
        ann.external_id.as_deref(),
        Some("8D3F1A2C-1111-4C6B-9E55-0A1B2C3D4E5F")
    );
    assert_eq!(ann.last_contact, None);
    assert_eq!(ann.next_action, None);
    // The raw text is the card as in the file, CRLFs and folds included.
    assert!(cards[0].raw.starts_with("BEGIN:VCARD\r\nVERSION:3.0\r\n"));
    assert!(cards[0].raw.ends_with(" DAkMDQ==\r\nEND:VCARD\r\n"));
}

#[test]
fn ios_chinese_company_and_name_only_cards() {
    let cards = cards(IOS);
    let zhang = &ok(&cards[1]).draft;
    assert_eq!(zhang.name, "张伟");
    assert_eq!(zhang.company, "杭州云栖科技有限公司");
    assert_eq!(zhang.title, "采购经理");
    assert_eq!(zhang.phones, strings(&["138 0013 8000"]));
    assert_eq!(zhang.emails, strings(&["zhang.wei@yunqi.cn"]));
    assert_eq!(zhang.address, "中国浙江省杭州市文三路90号 310012");
    assert_eq!(
        zhang.notes,
        "喜欢喝龙井，周五下午不方便。这是一段很长的备注，用来测试折行是否按照字符边界正确展开。"
    );
    assert_eq!(zhang.custom, custom(&[("x-wechat", "zhangwei_88")]));

    let globex = &ok(&cards[2]).draft;
    assert_eq!(globex.name, "Globex Corporation");
    assert_eq!(globex.company, "Globex Corporation");
    assert_eq!(globex.phones, strings(&["+86 21 5555 0000"]));
    assert_eq!(globex.custom, custom(&[("x-abshowas", "COMPANY")]));

    let john = &ok(&cards[3]).draft;
    assert_eq!(john.name, "Dr. John Q. Smith Jr.");
    assert_eq!(
        john.custom,
        custom(&[("nickname", "Johnny"), ("role", "Decision maker")])
    );
}

#[test]
fn android_fixture_has_three_cards_with_quoted_printable() {
    let cards = cards(ANDROID);
    assert_eq!(cards.len(), 3);
    assert_eq!(
        cards.iter().map(|c| c.line).collect::<Vec<_>>(),
        [1, 17, 24]
    );
    let wang = &ok(&cards[0]).draft;
    assert_eq!(wang.name, "王芳");
    assert_eq!(wang.company, "上海贸易有限公司");
    assert_eq!(wang.phones, strings(&["13900139000", "021-6288 1234"]));
    assert_eq!(wang.emails, strings(&["wangfang@example.cn"]));
    assert_eq!(wang.notes, "第一行\n第二行");
    assert_eq!(wang.custom, custom(&[("x-qq", "12345678")]));

    let hans = &ok(&cards[1]).draft;
    assert_eq!(hans.name, "Hans Mueller");
    assert_eq!(hans.phones, strings(&["+49 30 1234567"]));
    assert_eq!(hans.emails, strings(&["hans@example.de"]));

    // No FN: the name comes from N, family first without a space.
    let ouyang = &ok(&cards[2]).draft;
    assert_eq!(ouyang.name, "欧阳娜娜");
    assert_eq!(ouyang.phones, strings(&["+86 137 0000 1111"]));
}

#[test]
fn android_qp_name_in_gbk_and_lf_line_ends() {
    // =D5=C5=CE=B0 is 张伟 in GBK; the second card names no charset.
    let text = "BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=GBK;ENCODING=QUOTED-PRINTABLE:=D5=C5=CE=B0\nEND:VCARD\n\
                BEGIN:VCARD\nVERSION:2.1\nN;QUOTED-PRINTABLE:=D5=C5;=CE=B0;;;\nEND:VCARD\n";
    let cards = cards(text);
    assert_eq!(cards.len(), 2);
    assert_eq!(ok(&cards[0]).draft.name, "张伟");
    assert_eq!(ok(&cards[1]).draft.name, "张伟");
    assert_eq!(cards[1].line, 5);
}

#[test]
fn vcard_4_card() {
    let text = "BEGIN:VCARD\r\n\
                VERSION:4.0\r\n\
                FN:Li Na\r\n\
                N:Li;Na;;;\r\n\
                ORG:Initech\r\n\
                TEL;VALUE=uri;TYPE=\"voice,cell\":tel:+86-138-0000-1234\r\n\
                TEL;VALUE=uri;TYPE=work:tel:+1-555-555-0100;ext=102\r\n\
                EMAIL;TYPE=work;PREF=1:li.na@initech.com\r\n\
                GENDER:F\r\n\
                KIND:individual\r\n\
                PHOTO:data:image/png;base64,iVBORw0KGgo=\r\n\
                CATEGORIES:partner\r\n\
                UID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1\r\n\
                END:VCARD\r\n";
    let cards = cards(text);
    assert_eq!(cards.len(), 1);
    let li = ok(&cards[0]);
    assert_eq!(li.draft.name, "Li Na");
    assert_eq!(li.draft.company, "Initech");
    assert_eq!(
        li.draft.phones,
        strings(&["+86-138-0000-1234", "+1-555-555-0100 x102"])
    );
    assert_eq!(li.draft.emails, strings(&["li.na@initech.com"]));
    assert_eq!(li.draft.tags, strings(&["partner"]));
    assert_eq!(
        li.draft.custom,
        custom(&[("gender", "F"), ("kind", "individual")])
    );
    assert_eq!(
        li.external_id.as_deref(),
        Some("urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1")
    );
}

/// A bad property is left out with a note naming its line; the card is kept.
#[test]
fn bad_email_names_line_and_property() {
    // Line numbers are physical: the folded NOTE takes lines 4 and 5.
    let text = "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nNOTE:folded\n  note\nEMAIL:ann@\nTEL:call me\nEMAIL:ann@acme.com\nEND:VCARD\n";
    let cards = cards(text);
    let ann = ok(&cards[0]);
    assert_eq!(ann.draft.name, "Ann Lee");
    assert_eq!(ann.draft.emails, ["ann@acme.com"]);
    assert!(ann.draft.phones.is_empty());
    assert_eq!(
        cards[0].notes,
        [
            "line 6: EMAIL left out: \"ann@\" is not a valid email address (expected name@example.com)",
            "line 7: TEL left out: \"call me\" is not a valid phone number (only digits, spaces, + - ( ) . \
             and an extension like \"x12\" are allowed)",
        ]
    );
    assert_eq!(cards[0].raw, text);
}

#[test]
fn card_without_a_name() {
    let text = "\n\nBEGIN:VCARD\nVERSION:3.0\nN:;;;;\nFN:\nTEL:555-0100\nEND:VCARD\n\
                BEGIN:VCARD\nVERSION:3.0\nN:;;;;\nFN:\nORG:Acme\nEND:VCARD\n\
                BEGIN:VCARD\nVERSION:2.1\nEMAIL;PREF:jane.doe@company.com\nEND:VCARD\n";
    let cards = cards(text);
    assert_eq!(cards.len(), 3);
    assert_eq!(cards[0].line, 3);
    assert_eq!(
        errors(&cards[0]),
        ["line 3: card has no name (no FN, N, ORG, NICKNAME or EMAIL)"]
    );
    // A company card is the company; an Android card of only an email is
    // named after it (ez-vcard's John_Doe_ANDROID.vcf has two).
    assert_eq!(ok(&cards[1]).draft.name, "Acme");
    assert_eq!(
        cards[1].notes,
        ["line 9: card has no FN or N; named \"Acme\" after its ORG"]
    );
    assert_eq!(ok(&cards[2]).draft.name, "jane.doe@company.com");
}

#[test]
fn custom_fields_are_kept() {
    let text = "BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nX-WECHAT:ann_wx\nURL:https://ann.example.com\n\
                URL:https://blog.example.com\nBDAY:1990-05-17\nX-ANNIVERSARY:2015-06-01\n\
                ORG:Acme;R&D;Lab 2\nEND:VCARD\n";
    let ann = ok(&cards(text)[0]).draft.clone();
    assert_eq!(ann.company, "Acme");
    assert_eq!(
        ann.custom,
        custom(&[
            ("x-wechat", "ann_wx"),
            ("url", "https://ann.example.com"),
            ("url (2)", "https://blog.example.com"),
            ("bday", "1990-05-17"),
            ("x-anniversary", "2015-06-01"),
            ("department", "R&D, Lab 2"),
        ])
    );
}

#[test]
fn categories_become_tags() {
    let text = "BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nCATEGORIES:myContacts,VIP,key account\n\
                CATEGORIES:vip,重点客户\nEND:VCARD\n";
    assert_eq!(
        ok(&cards(text)[0]).draft.tags,
        strings(&["VIP", "key-account", "重点客户"])
    );
}

#[test]
fn multiple_cards_with_start_lines_and_problems() {
    let text = "BEGIN:VCARD\nFN:One\nEND:VCARD\n\n\nbegin:vcard\nfn:Two\nend:vcard\n\
                stray text\nBEGIN:VCARD\nFN:Three\nBEGIN:VCARD\nFN:Four\nbroken line\nEND:VCARD\n\
                BEGIN:VCARD\nFN:Five\n";
    let cards = cards(text);
    let lines: Vec<usize> = cards.iter().map(|c| c.line).collect();
    assert_eq!(lines, [1, 6, 9, 10, 12, 16]);
    assert_eq!(ok(&cards[0]).draft.name, "One");
    assert_eq!(ok(&cards[1]).draft.name, "Two");
    assert_eq!(
        errors(&cards[2]),
        ["line 9: text outside a card (cards start with BEGIN:VCARD and end with END:VCARD)"]
    );
    assert_eq!(cards[2].raw, "stray text\n");
    assert_eq!(
        errors(&cards[3]),
        ["line 10: card is not terminated (no END:VCARD after its BEGIN:VCARD)"]
    );
    assert_eq!(cards[3].raw, "BEGIN:VCARD\nFN:Three\n");
    assert_eq!(ok(&cards[4]).draft.name, "Four");
    assert_eq!(
        cards[4].notes,
        ["line 14: \"broken line\" left out: not a vCard property (expected NAME:value)"]
    );
    assert_eq!(
        errors(&cards[5]),
        ["line 16: card is not terminated (no END:VCARD after its BEGIN:VCARD)"]
    );
    assert_eq!(cards[5].raw, "BEGIN:VCARD\nFN:Five\n");
}

#[test]
fn not_a_vcard_file() {
    assert_eq!(read("Name,Email\nAnn,ann@x.com\n"), Err(VcardError::NoCard));
    assert_eq!(read(""), Err(VcardError::NoCard));
    assert!(is_vcard("\u{feff}\r\n  begin:vcard \r\nFN:x"));
    assert!(is_vcard("\rBEGIN:VCARD\rFN:x\rEND:VCARD\r"));
    assert!(is_vcard(IOS));
    assert!(is_vcard(ANDROID));
    assert!(!is_vcard("Name,Email\nBEGIN:VCARD\n"));
    assert!(!is_vcard(""));
    let cards = cards("\u{feff}BEGIN:VCARD\nFN:Ann\nEND:VCARD");
    assert_eq!(ok(&cards[0]).draft.name, "Ann");
    assert_eq!(cards[0].raw, "BEGIN:VCARD\nFN:Ann\nEND:VCARD");
}

#[test]
fn indented_cards_and_lone_cr_line_ends() {
    let text = "  BEGIN:VCARD\r  FN:Ann\r  END:VCARD\r  BEGIN:VCARD\r  FN:Bo\r  END:VCARD\r";
    let cards = cards(text);
    let names: Vec<&str> = cards.iter().map(|c| ok(c).draft.name.as_str()).collect();
    assert_eq!(names, ["Ann", "Bo"]);
    assert_eq!(cards[1].line, 4);
}

#[test]
fn escapes_differ_between_versions() {
    let v3 = "BEGIN:VCARD\nVERSION:3.0\nFN:A\nNOTE:C:\\\\new\\nline\nEND:VCARD\n";
    let v21 = "BEGIN:VCARD\nVERSION:2.1\nFN:A\nNOTE:C:\\new\\; ok\nEND:VCARD\n";
    assert_eq!(ok(&cards(v3)[0]).draft.notes, "C:\\new\nline");
    assert_eq!(ok(&cards(v21)[0]).draft.notes, "C:\\new; ok");
}

fn customer(
    name: &str,
    company: &str,
    title: &str,
    emails: &[&str],
    phones: &[&str],
    tags: &[&str],
) -> crate::domain::Customer {
    let draft = CustomerDraft {
        company: company.into(),
        title: title.into(),
        emails: strings(emails),
        phones: strings(phones),
        tags: strings(tags),
        notes: "第一行; with, punctuation\\ and\nsecond line".into(),
        address: "1 Main St, Suite 2; rear".into(),
        ..CustomerDraft::named(name)
    };
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-22T16:30:00+08:00").expect("date");
    draft.into_customer(CustomerId(7), now)
}

#[test]
fn export_reads_back() {
    let customers = [
        customer(
            "张伟",
            "杭州云栖科技有限公司",
            "采购经理",
            &["zhang.wei@yunqi.cn"],
            &["+86 138-0013-8000", "0571-8888 6666"],
            &["vip", "重点"],
        ),
        customer(
            "Ann Lee",
            "Acme, Inc.; West",
            "VP; Sales",
            &["ann@acme.com", "ann.lee@gmail.com"],
            &["+1 (415) 555-0100 x12"],
            &[],
        ),
        customer("欧阳娜娜", "", "", &[], &[], &["a"]),
    ];
    let mut out = Vec::new();
    write_vcard(&mut out, &customers).expect("writes");
    let text = String::from_utf8(out).expect("UTF-8");
    let cards = cards(&text);
    assert_eq!(cards.len(), customers.len());
    for (card, c) in cards.iter().zip(&customers) {
        let d = &ok(card).draft;
        assert_eq!(d.name, c.name);
        assert_eq!(d.company, c.company);
        assert_eq!(d.title, c.title);
        assert_eq!(d.emails, c.emails);
        assert_eq!(d.phones, c.phones);
        assert_eq!(d.tags, c.tags);
        assert_eq!(d.notes, c.notes);
        assert_eq!(d.address, c.address);
        assert_eq!(d.custom.get("x-rolo-id").map(String::as_str), Some("7"));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn read_never_panics(text in "\\PC*") {
        let _ = read(&text);
        let _ = is_vcard(&text);
    }

    #[test]
    fn read_never_panics_on_card_like_text(
        lines in proptest::collection::vec(
            "(BEGIN:VCARD|END:VCARD|VERSION:2\\.1|[A-Za-z.;=-]{0,12}:[=A-F0-9;,\\\\ é张]{0,20}| [^\\r\\n]{0,10}|=?)",
            0..20,
        )
    ) {
        let text = lines.join("\r\n");
        let _ = read(&text);
    }
}

/// Reading a file piece by piece (as the import does) gives exactly the
/// cards of reading it whole: lines, raw text, fields and errors.
#[test]
fn reading_in_chunks_gives_the_cards_of_reading_whole() {
    let messy = "stray text\r\nBEGIN:VCARD\r\nFN:Ann\r\nEMAIL:ann@\r\nEND:VCARD\rBEGIN:VCARD\nFN:Bob\n\
                 BEGIN:VCARD\nFN:Cy\nEND:VCARD\n\nmore stray\nBEGIN:VCARD\nFN:Di\n";
    for text in [IOS, ANDROID, messy] {
        let whole = read(text).expect("reads");
        for per in [1, 2, 3, 100] {
            let mut pieces = Vec::new();
            for (line, piece) in chunks(text, per) {
                pieces.extend(read_from(piece, line).expect("reads"));
            }
            assert_eq!(pieces, whole, "{per} cards a piece");
        }
    }
    let starts = |per| chunks(messy, per).map(|(line, _)| line).collect::<Vec<_>>();
    assert_eq!(starts(1), [1, 6, 8, 13]);
    assert_eq!(starts(2), [1, 8]);
}

fn card_of(properties: impl Iterator<Item = String>) -> String {
    let mut text = String::from("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\n");
    for p in properties {
        text.push_str(&p);
        text.push_str("\r\n");
    }
    text.push_str("END:VCARD\r\n");
    text
}

/// Issue 11, item 7: a card of 100,000 properties is refused, naming the
/// limit; one at the limit, every property the same custom field, or
/// 10,000 addresses, is read in linear time (each repeat was numbered from
/// 2 again and each address compared with all before it).
#[test]
fn a_card_of_too_many_properties_is_refused_and_the_most_allowed_is_linear() {
    use crate::interchange::MAX_CARD_PROPERTIES;
    let start = std::time::Instant::now();
    let text = card_of((0..100_000).map(|i| format!("X-FOO:v{i}")));
    let read = cards(&text);
    assert_eq!(
        errors(&read[0]),
        ["line 1: the card has 100,002 properties; rolo reads at most 10,000 a card"]
    );
    let text = card_of((2..MAX_CARD_PROPERTIES).map(|i| format!("X-FOO:v{i}")));
    let read = cards(&text);
    let c = ok(&read[0]);
    assert_eq!(c.draft.custom.len(), MAX_CARD_PROPERTIES - 2);
    assert_eq!(
        c.draft.custom.get("x-foo (9998)").map(String::as_str),
        Some("v9999")
    );
    let text = card_of((2..MAX_CARD_PROPERTIES).map(|i| format!("EMAIL:a{i}@example.com")));
    let read = cards(&text);
    assert_eq!(ok(&read[0]).draft.emails.len(), MAX_CARD_PROPERTIES - 2);
    // A smoke bound for a debug build; the quadratic reading took minutes.
    assert!(start.elapsed().as_secs() < 15, "{:?}", start.elapsed());
}

#[test]
fn a_property_over_a_mebibyte_is_refused_naming_its_line() {
    let text = card_of(std::iter::once(format!(
        "NOTE:{}",
        "n".repeat(crate::interchange::MAX_CELL_BYTES)
    )));
    assert_eq!(
        errors(&cards(&text)[0]),
        ["line 4: NOTE is 1,048,581 bytes; rolo reads at most 1,048,576 bytes (1 MiB) a property"]
    );
}

#[test]
fn a_line_that_is_no_property_is_quoted_with_control_characters_visible() {
    let text = card_of(std::iter::once(String::from("\u{1b}[2J\u{9b}31m no colon")));
    let read = cards(&text);
    let e = &read[0].notes[0];
    assert!(!e.chars().any(crate::text::is_unsafe), "{e:?}");
    assert!(e.contains("\\x1b[2J\\u{9b}31m no colon"), "{e}");
}

// Issue 13: files other programs wrote.

/// An iPhone export ends the lines of a folded PHOTO with CR CR LF: one
/// line break, so the fold goes on and the card is read (it was refused:
/// the CR made a blank line, the next fold "was no property").
#[test]
fn iphone_cr_cr_lf_inside_a_photo_is_one_line_break() {
    let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\n\
                PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD\r\r\n \
                2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8\r\r\n \
                MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD\r\n\
                EMAIL:ann@\r\nTEL:+1 415 555 0100\r\nEND:VCARD\r\n";
    let read = cards(text);
    assert_eq!(read.len(), 1);
    let ann = ok(&read[0]);
    assert_eq!(ann.draft.phones, ["+1 415 555 0100"]);
    assert!(ann.draft.custom.is_empty(), "{:?}", ann.draft.custom);
    // CR CR LF counts as one line: the EMAIL is on line 7.
    assert_eq!(read[0].notes.len(), 1);
    assert!(
        read[0].notes[0].starts_with("line 7: EMAIL left out"),
        "{:?}",
        read[0].notes
    );
    let pieces: Vec<Card> = chunks(text, 1)
        .flat_map(|(line, piece)| read_from(piece, line).expect("cards"))
        .collect();
    assert_eq!(pieces, read);
}

/// An Android export with `18923817874w` (dial, then wait): the person and
/// the number are kept as typed (the whole 354-card file was refused; with
/// --skip-invalid the person was dropped). The key is the number dialled
/// first (`domain::phone`), so `18923817874` finds the card.
#[test]
fn android_dial_wait_tel_keeps_the_person_and_the_number() {
    let text = "BEGIN:VCARD\r\nVERSION:2.1\r\nN:;Li;;;\r\nFN:Li\r\n\
                TEL;CELL:18923817874w\r\nTEL;WORK:555-0100p123\r\nTEL;HOME:+86 10 8888 0000,,2\r\n\
                END:VCARD\r\n";
    let read = cards(text);
    let li = ok(&read[0]);
    assert_eq!(li.draft.name, "Li");
    assert_eq!(
        li.draft.phones,
        ["18923817874w", "555-0100p123", "+86 10 8888 0000,,2"]
    );
    assert!(li.draft.custom.is_empty(), "{:?}", li.draft.custom);
    assert!(read[0].notes.is_empty(), "{:?}", read[0].notes);
}

/// Thunderbird escapes the comma between its categories.
#[test]
fn thunderbird_escaped_categories_are_two_tags() {
    let text = "BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nCATEGORIES:category1\\, category2\nEND:VCARD\n";
    let read = cards(text);
    assert_eq!(ok(&read[0]).draft.tags, ["category1", "category2"]);
    assert!(read[0].notes.is_empty());
}

/// A category with a space is one tag (a rolo tag is one word: spaces
/// become `-`), not one tag a word.
#[test]
fn categories_with_spaces_are_one_tag_each() {
    let text = "BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nCATEGORIES:Trade Show,VIP Clients\nEND:VCARD\n";
    assert_eq!(
        ok(&cards(text)[0]).draft.tags,
        ["Trade-Show", "VIP-Clients"]
    );
}

#[test]
fn groups_on_begin_end_and_properties() {
    let text = "home.begin:vcard\nhome.version:3.0\nhome.fn:Ann\nitem1.EMAIL;type=INTERNET:ann@acme.com\n\
                item1.X-ABLabel:_$!<Work>!$_\nhome.end:vcard\n";
    assert!(is_vcard(text));
    let read = cards(text);
    assert_eq!(read.len(), 1);
    let ann = ok(&read[0]);
    assert_eq!(ann.draft.emails, ["ann@acme.com"]);
    assert_eq!(ann.draft.custom, custom(&[("x-ablabel", "_$!<Work>!$_")]));
}

#[test]
fn extension_names_with_spaces_and_slashes_are_custom_fields() {
    let text = "BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nX-ABLabel/Work:desk\nX-Custom Field:blue\n\
                Bad Name:kept out\nEND:VCARD\n";
    let read = cards(text);
    assert_eq!(
        ok(&read[0]).draft.custom,
        custom(&[("x-ablabel/work", "desk"), ("x-custom field", "blue")])
    );
    assert_eq!(
        read[0].notes,
        ["line 6: \"Bad Name:kept out\" left out: not a vCard property (expected NAME:value)"]
    );
}

#[test]
fn email_with_a_display_name() {
    let text = "BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nEMAIL:\"Ann Lee\" <ann@acme.com>\nEMAIL:Bo <bo@acme.com>\nEND:VCARD\n";
    assert_eq!(
        ok(&cards(text)[0]).draft.emails,
        ["ann@acme.com", "bo@acme.com"]
    );
}

/// Quoted-printable naming no CHARSET: UTF-8 when it is, else Windows-1252
/// (it was read as GB18030: `Jos� M黮ler`) — or GB18030 when the bytes
/// pair up as Chinese characters do.
#[test]
fn quoted_printable_without_charset_is_utf8_or_windows_1252() {
    let text = "BEGIN:VCARD\nVERSION:2.1\nFN;ENCODING=QUOTED-PRINTABLE:Jos=E9 M=FCller\nEND:VCARD\n\
                BEGIN:VCARD\nVERSION:2.1\nFN;ENCODING=QUOTED-PRINTABLE:Jos=C3=A9 M=C3=BCller\nEND:VCARD\n\
                BEGIN:VCARD\nVERSION:2.1\nFN;QUOTED-PRINTABLE:Fran=E7oise =D5=C5\nEND:VCARD\n";
    let read = cards(text);
    assert_eq!(ok(&read[0]).draft.name, "José Müller");
    assert_eq!(ok(&read[1]).draft.name, "José Müller");
    // One lone high byte: not Chinese.
    assert_eq!(ok(&read[2]).draft.name, "Françoise ÕÅ");
}

/// A vCard 2.1 AGENT holds a whole card; 3.0 writes it as one escaped
/// value. Either is someone else: skipped with a note, the card kept.
#[test]
fn nested_agent_cards_are_skipped_with_a_note() {
    let text = "BEGIN:VCARD\nVERSION:2.1\nFN:Boss\nAGENT:\nBEGIN:VCARD\nVERSION:2.1\nFN:Assistant\n\
                TEL:555-0199\nEND:VCARD\nEMAIL:boss@acme.com\nEND:VCARD\n\
                BEGIN:VCARD\nVERSION:3.0\nFN:Chief\nAGENT:BEGIN:VCARD\\nFN:Aide\\nEND:VCARD\nEND:VCARD\n\
                BEGIN:VCARD\nVERSION:3.0\nFN:Third\nEND:VCARD\n";
    let read = cards(text);
    let names: Vec<&str> = read.iter().map(|c| ok(c).draft.name.as_str()).collect();
    assert_eq!(names, ["Boss", "Chief", "Third"]);
    assert_eq!(ok(&read[0]).draft.emails, ["boss@acme.com"]);
    assert!(ok(&read[0]).draft.phones.is_empty());
    assert!(
        read[0].notes[0].starts_with("line 4: AGENT left out"),
        "{:?}",
        read[0].notes
    );
    assert!(
        read[1].notes[0].starts_with("line 15: AGENT left out"),
        "{:?}",
        read[1].notes
    );
    // A piece never starts inside the agent's card.
    let pieces: Vec<Card> = chunks(text, 1)
        .flat_map(|(line, piece)| read_from(piece, line).expect("cards"))
        .collect();
    assert_eq!(pieces, read);
}
