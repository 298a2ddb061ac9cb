//! The tokenizer: ASCII words, numbers (Arabic or Chinese numerals), the few
//! symbols dates use, and Chinese date words; and the units (`d`, `周`, …)
//! that offsets are counted in.

use super::resolve::Fail;

pub(super) enum Unit {
    Minute,
    Hour,
    Day,
    Week,
    Month,
}

pub(super) fn unit_of(tok: &Tok<'_>) -> Option<Unit> {
    use Tok::{Word, Zh};
    Some(match tok {
        Word("min" | "mins" | "minute" | "minutes") | Zh("分钟") => Unit::Minute,
        Word("h" | "hr" | "hrs" | "hour" | "hours") | Zh("小时" | "个小时" | "钟头") => {
            Unit::Hour
        }
        Word("d" | "day" | "days") | Zh("天" | "日") => Unit::Day,
        Word("w" | "wk" | "wks" | "week" | "weeks")
        | Zh("周" | "星期" | "礼拜" | "个星期" | "个礼拜") => Unit::Week,
        Word("m" | "mo" | "mos" | "month" | "months") | Zh("个月" | "月") => Unit::Month,
        _ => return None,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tok<'a> {
    /// Arabic or Chinese numerals.
    Num(u32),
    /// A run of ASCII letters.
    Word(&'a str),
    /// A Chinese word from [`ZH_WORDS`].
    Zh(&'static str),
    /// One of `+ - / : .` (the full-width colon reads as `:`).
    Sym(char),
}

/// Chinese words, matched longest first.
const ZH_WORDS: &[&str] = &[
    "大后天",
    "后天",
    "明天",
    "今天",
    "昨天",
    "前天",
    "现在",
    "下周",
    "下星期",
    "下礼拜",
    "上周",
    "上星期",
    "上礼拜",
    "这周",
    "本周",
    "这星期",
    "这礼拜",
    "周",
    "星期",
    "礼拜",
    "个星期",
    "个礼拜",
    "个小时",
    "小时",
    "钟头",
    "分钟",
    "个月",
    "月底",
    "月",
    "年",
    "日",
    "号",
    "天",
    "点",
    "时",
    "分",
    "半",
    "以后",
    "之后",
    "后",
    "以前",
    "之前",
    "前",
    "上午",
    "早上",
    "早晨",
    "凌晨",
    "中午",
    "下午",
    "傍晚",
    "晚上",
];

const ZH_DIGITS: &str = "零〇一二两三四五六七八九十";

pub(super) fn lex(text: &str) -> Result<Vec<Tok<'_>>, Fail> {
    let mut toks = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let run = |pred: fn(char) -> bool| rest.find(|c: char| !pred(c)).unwrap_or(rest.len());
        let len = if c.is_whitespace() {
            c.len_utf8()
        } else if c.is_ascii_digit() {
            let len = run(|c| c.is_ascii_digit());
            toks.push(Tok::Num(rest[..len].parse().map_err(|_| Fail::OutOfRange)?));
            len
        } else if c.is_ascii_alphabetic() {
            let len = run(|c| c.is_ascii_alphabetic());
            toks.push(Tok::Word(&rest[..len]));
            len
        } else if ZH_DIGITS.contains(c) {
            let len = run(|c| ZH_DIGITS.contains(c));
            toks.push(Tok::Num(zh_number(&rest[..len]).ok_or(Fail::Unknown)?));
            len
        } else if let Some(word) = ZH_WORDS
            .iter()
            .filter(|w| rest.starts_with(**w))
            .max_by_key(|w| w.len())
        {
            toks.push(Tok::Zh(word));
            word.len()
        } else if matches!(c, '+' | '-' | '/' | ':' | '.' | '：') {
            toks.push(Tok::Sym(if c == '：' { ':' } else { c }));
            c.len_utf8()
        } else {
            return Err(Fail::Unknown);
        };
        rest = &rest[len..];
    }
    Ok(toks)
}

/// `三` = 3, `十五` = 15, `二十` = 20, `两` = 2; digit strings like `二〇二六` = 2026.
pub(super) fn zh_number(text: &str) -> Option<u32> {
    let digit = |c: char| {
        "零一二三四五六七八九"
            .find(c)
            .map(|i| (i / 3) as u32)
            .or(match c {
                '〇' => Some(0),
                '两' => Some(2),
                _ => None,
            })
    };
    match text.split_once('十') {
        Some((tens, units)) => {
            let tens = match tens {
                "" => 1,
                t if t.chars().count() == 1 => digit(t.chars().next()?)?,
                _ => return None,
            };
            let units = match units {
                "" => 0,
                u if u.chars().count() == 1 => digit(u.chars().next()?)?,
                _ => return None,
            };
            Some(tens * 10 + units)
        }
        None => text
            .chars()
            .try_fold(0u32, |acc, c| acc.checked_mul(10)?.checked_add(digit(c)?)),
    }
}
