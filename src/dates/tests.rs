//! Every accepted form, in both directions, from a Sunday and from a Friday;
//! the error messages; business days; humanize; Chinese numerals.

use super::lex::zh_number;
use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

fn dt(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("test datetime")
}

fn due(s: &str) -> Due {
    if s.len() > 10 {
        Due::At(dt(s))
    } else {
        Due::Date(d(s))
    }
}

/// Sunday 2026-11-22, 10:00.
fn sunday() -> NaiveDateTime {
    dt("2026-11-22 10:00")
}

/// Friday 2026-11-27, 16:30.
fn friday() -> NaiveDateTime {
    dt("2026-11-27 16:30")
}

#[test]
fn due_forms_from_a_sunday() {
    let cases = [
        ("today", "2026-11-22"),
        ("  TODAY ", "2026-11-22"),
        ("tod", "2026-11-22"),
        ("tomorrow", "2026-11-23"),
        ("tom", "2026-11-23"),
        ("yesterday", "2026-11-21"),
        ("mon", "2026-11-23"),
        ("Monday", "2026-11-23"),
        ("fri", "2026-11-27"),
        ("friday", "2026-11-27"),
        ("thurs", "2026-11-26"),
        ("sat", "2026-11-28"),
        ("sun", "2026-11-29"),
        ("next week", "2026-11-23"),
        ("next   week", "2026-11-23"),
        ("next fri", "2026-11-27"),
        ("next friday", "2026-11-27"),
        ("this sat", "2026-11-21"),
        ("last fri", "2026-11-13"),
        ("+3d", "2026-11-25"),
        ("+ 3 d", "2026-11-25"),
        ("+2w", "2026-12-06"),
        ("+1m", "2026-12-22"),
        ("in 3 days", "2026-11-25"),
        ("in 1 day", "2026-11-23"),
        ("in 2 weeks", "2026-12-06"),
        ("in 1 month", "2026-12-22"),
        ("2026-12-01", "2026-12-01"),
        ("2026/12/01", "2026-12-01"),
        ("2026.12.1", "2026-12-01"),
        ("12-01", "2026-12-01"),
        ("12/01", "2026-12-01"),
        ("11-22", "2026-11-22"),
        ("11-21", "2027-11-21"),
        ("02-29", "2028-02-29"),
        ("eow", "2026-11-27"),
        ("eom", "2026-11-30"),
        ("今天", "2026-11-22"),
        ("明天", "2026-11-23"),
        ("后天", "2026-11-24"),
        ("大后天", "2026-11-25"),
        ("昨天", "2026-11-21"),
        ("周一", "2026-11-23"),
        ("周五", "2026-11-27"),
        ("周日", "2026-11-29"),
        ("星期三", "2026-11-25"),
        ("星期天", "2026-11-29"),
        ("礼拜一", "2026-11-23"),
        ("下周", "2026-11-23"),
        ("下周一", "2026-11-23"),
        ("下周五", "2026-11-27"),
        ("下周日", "2026-11-29"),
        ("下星期二", "2026-11-24"),
        ("3天后", "2026-11-25"),
        ("3 天后", "2026-11-25"),
        ("三天后", "2026-11-25"),
        ("两天后", "2026-11-24"),
        ("十天后", "2026-12-02"),
        ("2周后", "2026-12-06"),
        ("一周后", "2026-11-29"),
        ("1个月后", "2026-12-22"),
        ("一个月后", "2026-12-22"),
        ("12月1日", "2026-12-01"),
        ("12月1号", "2026-12-01"),
        ("2027年1月5日", "2027-01-05"),
        ("5号", "2026-12-05"),
        ("月底", "2026-11-30"),
        // with a time
        ("tomorrow 14:00", "2026-11-23 14:00"),
        ("fri 2pm", "2026-11-27 14:00"),
        ("fri at 2:30pm", "2026-11-27 14:30"),
        ("next fri 9am", "2026-11-27 09:00"),
        ("12am tomorrow", ""), // time first is not a form
        ("2026-12-01 9am", "2026-12-01 09:00"),
        ("12-01 17:45", "2026-12-01 17:45"),
        ("+3d 9am", "2026-11-25 09:00"),
        ("in 2 weeks 3pm", "2026-12-06 15:00"),
        ("mon morning", "2026-11-23 09:00"),
        ("明天下午3点", "2026-11-23 15:00"),
        ("明天 下午3点", "2026-11-23 15:00"),
        ("周五上午10点", "2026-11-27 10:00"),
        ("下周一晚上8点", "2026-11-23 20:00"),
        ("明天15点", "2026-11-23 15:00"),
        ("明天15点30", "2026-11-23 15:30"),
        ("明天15点30分", "2026-11-23 15:30"),
        ("明天三点半", "2026-11-23 03:30"),
        ("明天下午", "2026-11-23 15:00"),
        ("明天中午1点", "2026-11-23 13:00"),
        ("明天15：30", "2026-11-23 15:30"),
        // a time alone: today if still ahead, else tomorrow
        ("14:00", "2026-11-22 14:00"),
        ("9am", "2026-11-23 09:00"),
        ("10:00", "2026-11-23 10:00"),
        ("12pm", "2026-11-22 12:00"),
        ("12am", "2026-11-23 00:00"),
        ("下午3点", "2026-11-22 15:00"),
        ("晚上8点", "2026-11-22 20:00"),
        ("上午10点", "2026-11-23 10:00"),
        ("15点", "2026-11-22 15:00"),
        ("15点30", "2026-11-22 15:30"),
        // moments
        ("eod", "2026-11-22 18:00"),
        ("+4h", "2026-11-22 14:00"),
        ("in 2 hours", "2026-11-22 12:00"),
        ("+30min", "2026-11-22 10:30"),
        ("2小时后", "2026-11-22 12:00"),
        ("now", "2026-11-22 10:00"),
    ];
    for (input, want) in cases {
        let got = parse_due(input, sunday());
        if want.is_empty() {
            assert!(got.is_err(), "{input:?} should fail, got {got:?}");
        } else {
            assert_eq!(got, Ok(due(want)), "{input:?}");
        }
    }
}

#[test]
fn due_forms_from_a_friday() {
    let cases = [
        ("fri", "2026-12-04"),
        ("周五", "2026-12-04"),
        ("thu", "2026-12-03"),
        ("sat", "2026-11-28"),
        ("next week", "2026-11-30"),
        ("next fri", "2026-12-04"),
        ("next mon", "2026-11-30"),
        ("下周", "2026-11-30"),
        ("下周五", "2026-12-04"),
        ("eow", "2026-11-27"),
        ("eom", "2026-11-30"),
        ("11-27", "2026-11-27"),
        ("11-26", "2027-11-26"),
        ("26号", "2026-12-26"),
        ("31号", "2026-12-31"),
        ("eod", "2026-11-27 18:00"),
        ("16:00", "2026-11-28 16:00"),
        ("17:00", "2026-11-27 17:00"),
        ("16:30", "2026-11-28 16:30"),
        ("+1m", "2026-12-27"),
    ];
    for (input, want) in cases {
        assert_eq!(parse_due(input, friday()), Ok(due(want)), "{input:?}");
    }
    // Saturday: eow is the coming Friday.
    let saturday = dt("2026-11-28 09:00");
    assert_eq!(parse_due("eow", saturday), Ok(due("2026-12-04")));
    // Month arithmetic clamps to the month's end.
    assert_eq!(
        parse_due("+1m", dt("2026-01-31 09:00")),
        Ok(due("2026-02-28"))
    );
    // Seconds are dropped from due moments.
    let odd = NaiveDateTime::parse_from_str("2026-11-22 10:00:37", "%Y-%m-%d %H:%M:%S")
        .expect("test datetime");
    assert_eq!(parse_due("+4h", odd), Ok(due("2026-11-22 14:00")));
}

#[test]
fn at_forms_look_back() {
    let cases = [
        ("today", "2026-11-27 16:30"),
        ("yesterday", "2026-11-26 12:00"),
        ("yesterday 14:00", "2026-11-26 14:00"),
        ("fri", "2026-11-27 16:30"),
        ("thu", "2026-11-26 12:00"),
        ("sat", "2026-11-21 12:00"),
        ("mon 9am", "2026-11-23 09:00"),
        ("周一", "2026-11-23 12:00"),
        ("周五", "2026-11-27 16:30"),
        ("last fri", "2026-11-20 12:00"),
        ("上周五", "2026-11-20 12:00"),
        ("前天", "2026-11-25 12:00"),
        ("昨天下午3点", "2026-11-26 15:00"),
        ("2h ago", "2026-11-27 14:30"),
        ("3 days ago", "2026-11-24 12:00"),
        ("1 week ago", "2026-11-20 12:00"),
        ("-2d", "2026-11-25 12:00"),
        ("30 min ago", "2026-11-27 16:00"),
        ("3天前", "2026-11-24 12:00"),
        ("2小时前", "2026-11-27 14:30"),
        ("2026-11-20 9am", "2026-11-20 09:00"),
        ("2026-11-20", "2026-11-20 12:00"),
        ("11-28", "2025-11-28 12:00"),
        ("11-27", "2026-11-27 16:30"),
        ("14:00", "2026-11-27 14:00"),
        ("16:31", "2026-11-27 16:31"),
        ("18:00", "2026-11-26 18:00"),
        ("now", "2026-11-27 16:30"),
        ("eod", "2026-11-27 18:00"),
        ("tomorrow", "2026-11-28 12:00"),
    ];
    for (input, want) in cases {
        assert_eq!(parse_at(input, friday()), Ok(dt(want)), "{input:?}");
    }
}

#[test]
fn errors_name_the_input_and_hint() {
    let cases = [
        ("frday", "unknown date \"frday\" (try: today, tomorrow, fri"),
        ("  Frday  ", "unknown date \"Frday\" (try:"),
        ("next", "unknown date \"next\""),
        ("+3x", "unknown date \"+3x\""),
        ("+4h 2pm", "unknown date \"+4h 2pm\""),
        ("周八", "unknown date \"周八\""),
        ("at", "unknown date \"at\""),
        ("", "missing date (try: today"),
        (
            "2026-02-30",
            "invalid date \"2026-02-30\": February 2026 has only 28 days",
        ),
        (
            "2026-13-01",
            "invalid date \"2026-13-01\": there is no month 13",
        ),
        (
            "02-30",
            "invalid date \"02-30\": February has at most 29 days",
        ),
        ("04-31", "invalid date \"04-31\": April has at most 30 days"),
        ("25:00", "invalid date \"25:00\": there is no hour 25"),
        (
            "fri 10:75",
            "invalid date \"fri 10:75\": there is no minute 75",
        ),
        (
            "13pm",
            "invalid date \"13pm\": with am/pm the hour goes from 1 to 12",
        ),
        (
            "26-12-01",
            "date \"26-12-01\" is in the year 26; rolo takes years 1900 to 9999",
        ),
        ("32号", "invalid date \"32号\": there is no day 32"),
        (
            "+99999999999d",
            "date \"+99999999999d\" is out of range: rolo takes years 1900 to 9999",
        ),
        // Written with four digits, and still before 1900.
        (
            "0001-01-01",
            "date \"0001-01-01\" is in the year 1; rolo takes years 1900 to 9999",
        ),
        (
            "0999-12-31",
            "date \"0999-12-31\" is in the year 999; rolo takes years 1900 to 9999",
        ),
        ("+999999999d", "date \"+999999999d\" is out of range"),
        ("+4000000000h", "date \"+4000000000h\" is out of range"),
    ];
    for (input, want) in cases {
        let err = parse_due(input, sunday()).expect_err(input);
        let msg = err.to_string();
        assert!(msg.starts_with(want), "{input:?}: {msg}");
    }
    assert_eq!(
        parse_due("frday", sunday()),
        Err(DateError::Unknown("frday".to_string()))
    );
    assert!(parse_at("frday", sunday()).is_err());
}

#[test]
fn business_days_skip_weekends() {
    let cases = [
        ("2026-11-23", 0, "2026-11-23"), // Mon
        ("2026-11-23", 1, "2026-11-24"),
        ("2026-11-23", 4, "2026-11-27"),
        ("2026-11-23", 5, "2026-11-30"),
        ("2026-11-27", 1, "2026-11-30"), // Fri + 1 = Mon
        ("2026-11-27", 2, "2026-12-01"),
        ("2026-11-26", 2, "2026-11-30"), // Thu + 2 = Mon
        ("2026-11-28", 0, "2026-11-28"), // Sat stays
        ("2026-11-28", 1, "2026-11-30"), // Sat + 1 = Mon
        ("2026-11-29", 2, "2026-12-01"), // Sun + 2 = Tue
        ("2026-11-28", 5, "2026-12-04"),
        ("2026-11-23", 10, "2026-12-07"),
        ("2026-11-25", 13, "2026-12-14"),
    ];
    for (from, n, want) in cases {
        assert_eq!(add_business_days(d(from), n), d(want), "{from} + {n}");
    }
    // Huge counts saturate instead of panicking.
    assert_eq!(add_business_days(d("2026-11-23"), u32::MAX), NaiveDate::MAX);
}

#[test]
fn humanize_is_short() {
    let now = sunday();
    let cases = [
        ("2026-11-22", "today"),
        ("2026-11-22 14:00", "today 14:00"),
        ("2026-11-23", "tomorrow"),
        ("2026-11-23 09:30", "tomorrow 09:30"),
        ("2026-11-21", "yesterday"),
        ("2026-11-27", "fri"),
        ("2026-11-28 08:00", "sat 08:00"),
        ("2026-11-29", "in 7d"),
        ("2026-12-04", "in 12d"),
        ("2026-11-19", "3d ago"),
        ("2026-09-23", "60d ago"),
        ("2026-09-22", "2026-09-22"),
        ("2026-12-01", "in 9d"),
        ("2027-03-01", "2027-03-01"),
    ];
    for (input, want) in cases {
        assert_eq!(humanize(due(input), now), want, "{input}");
    }
}

#[test]
fn chinese_numbers() {
    for (text, want) in [
        ("三", Some(3)),
        ("十", Some(10)),
        ("十五", Some(15)),
        ("二十", Some(20)),
        ("二十三", Some(23)),
        ("两", Some(2)),
        ("二〇二六", Some(2026)),
        ("十十", None),
    ] {
        assert_eq!(zh_number(text), want, "{text}");
    }
}

proptest::proptest! {
    /// Whatever is typed after `@` or `--due`, the parsers answer with a
    /// date or an error naming the input — never a panic.
    #[test]
    fn date_parsers_never_panic(input in "\\PC{0,24}") {
        let now = dt("2026-11-22 09:00");
        let _ = parse_due(&input, now);
        let _ = parse_at(&input, now);
    }

    #[test]
    fn date_parsers_never_panic_on_date_like_words(
        words in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::prelude::Just("next".to_string()),
                proptest::prelude::Just("fri".to_string()),
                proptest::prelude::Just("下周".to_string()),
                proptest::prelude::Just("3天后".to_string()),
                proptest::prelude::Just("+999999999d".to_string()),
                proptest::prelude::Just("9999-12-31".to_string()),
                proptest::prelude::Just("25:61".to_string()),
                "[0-9]{1,12}",
                "[+-][0-9]{1,10}[dwmy]",
                "[一二三四五六七八九十百千万]{1,6}[天周月]后?",
            ],
            0..4,
        )
    ) {
        let now = dt("2026-11-22 09:00");
        let input = words.join(" ");
        let _ = parse_due(&input, now);
        let _ = parse_at(&input, now);
    }
}

/// Issue 11 item 4: years before 1900 or after 9999 are refused with the
/// range, whatever form named them.
#[test]
fn years_outside_1900_to_9999_are_refused() {
    let now = NaiveDate::from_ymd_opt(2026, 11, 22)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("valid");
    for input in ["1899-12-31", "1800-01-01", "10000-01-01"] {
        let err = parse_due(input, now).expect_err(input);
        assert!(
            err.to_string().contains("years 1900 to 9999"),
            "{input}: {err}"
        );
        assert!(parse_at(input, now).is_err(), "{input}");
    }
    assert!(parse_due("1900-01-01", now).is_ok());
    assert!(parse_at("9999-12-31", now).is_ok());
    let err = parse_due("in 99999 months", now).expect_err("past 9999");
    assert!(err.to_string().contains("years 1900 to 9999"), "{err}");
}
