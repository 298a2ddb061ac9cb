//! Times of day at the end of an input: `14:00`, `2pm`, `2:30pm`, `下午3点`,
//! `15点30`, or a part of the day alone (`afternoon`, `晚上`).

use chrono::NaiveTime;

use super::lex::Tok;
use super::resolve::Fail;

pub(super) const NOON: NaiveTime =
    NaiveTime::from_hms_opt(12, 0, 0).expect("12:00 is a valid time");
pub(super) const END_OF_DAY: NaiveTime =
    NaiveTime::from_hms_opt(18, 0, 0).expect("18:00 is a valid time");

/// Peel a time of day off the end: `14:00`, `2pm`, `2:30pm`, `下午3点`, `15点30`, `afternoon`.
pub(super) fn split_time<'t, 'a>(
    toks: &'t [Tok<'a>],
) -> Result<(&'t [Tok<'a>], Option<NaiveTime>), Fail> {
    use Tok::{Num, Sym, Word, Zh};
    // (tokens before the time, hour, minute, am/pm)
    let (rest, hour, minute, half) = match toks {
        [rest @ .., Num(h), Sym(':'), Num(m), Word(ap)] if is_am_pm(ap) => {
            (rest, *h, *m, Some(*ap))
        }
        [rest @ .., Num(h), Sym(':'), Num(m)] => (rest, *h, *m, None),
        [rest @ .., Num(h), Word(ap)] if is_am_pm(ap) => (rest, *h, 0, Some(*ap)),
        [rest @ .., Num(h), Zh("点" | "时"), Num(m), Zh("分")] => (rest, *h, *m, None),
        [rest @ .., Num(h), Zh("点" | "时"), Num(m)] => (rest, *h, *m, None),
        [rest @ .., Num(h), Zh("点" | "时"), Zh("半")] => (rest, *h, 30, None),
        [rest @ .., Num(h), Zh("点" | "时")] => (rest, *h, 0, None),
        [rest @ .., last] => match period(last) {
            // A period alone: `fri afternoon`, `明天下午`.
            Some(p) => return Ok((strip_at(rest), Some(p.default))),
            None => return Ok((toks, None)),
        },
        [] => return Ok((toks, None)),
    };
    let (rest, hour) = match (half, rest) {
        (Some(ap), _) => {
            if !(1..=12).contains(&hour) {
                return Err(Fail::Invalid(format!(
                    "with am/pm the hour goes from 1 to 12, not {hour}"
                )));
            }
            (rest, hour % 12 + if ap.starts_with('p') { 12 } else { 0 })
        }
        (None, [before @ .., last]) if period(last).is_some() => {
            let p = period(last).ok_or(Fail::Unknown)?;
            (before, (p.adjust)(hour))
        }
        (None, _) => (rest, hour),
    };
    if hour > 23 {
        return Err(Fail::Invalid(format!("there is no hour {hour} (use 0-23)")));
    }
    if minute > 59 {
        return Err(Fail::Invalid(format!(
            "there is no minute {minute} (use 0-59)"
        )));
    }
    let time = NaiveTime::from_hms_opt(hour, minute, 0).ok_or(Fail::Unknown)?;
    Ok((strip_at(rest), Some(time)))
}

/// `fri at 2pm`: the `at` is noise.
fn strip_at<'t, 'a>(toks: &'t [Tok<'a>]) -> &'t [Tok<'a>] {
    match toks {
        [rest @ .., Tok::Word("at")] => rest,
        _ => toks,
    }
}

fn is_am_pm(word: &str) -> bool {
    matches!(word, "am" | "pm" | "a" | "p")
}

/// A part of the day: its default time, and how it reads an hour (`下午3点` = 15:00).
struct Period {
    default: NaiveTime,
    adjust: fn(u32) -> u32,
}

fn period(tok: &Tok<'_>) -> Option<Period> {
    use Tok::{Word, Zh};
    let at = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap_or(NOON);
    let (default, adjust): (u32, fn(u32) -> u32) = match tok {
        Word("morning") | Zh("上午" | "早上" | "早晨") => (9, |h| h),
        Zh("凌晨") => (6, |h| if h == 12 { 0 } else { h }),
        Word("noon") | Zh("中午") => (12, |h| if h <= 5 { h + 12 } else { h }),
        Word("afternoon") | Zh("下午") => (15, |h| if h < 12 { h + 12 } else { h }),
        Word("evening" | "tonight") | Zh("晚上" | "傍晚") => {
            (19, |h| if h < 12 { h + 12 } else { h })
        }
        _ => return None,
    };
    Some(Period {
        default: at(default),
        adjust,
    })
}
