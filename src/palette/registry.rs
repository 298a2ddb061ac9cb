//! The palette's verbs: the single table the parser, help and completion read.

/// One palette verb.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verb {
    /// The canonical English name; the parser dispatches on it.
    pub name: &'static str,
    /// Other words that mean the same (English short forms and Chinese).
    pub aliases: &'static [&'static str],
    /// One-line syntax, shown in help and in "missing …" errors.
    pub usage: &'static str,
    pub description: &'static str,
}

/// Every verb, log verbs first. A log verb's `name` is an `InteractionKind` word.
pub const VERBS: &[Verb] = &[
    Verb {
        name: "call",
        aliases: &["phone", "电话"],
        usage: "call <customer> [outcome] [: summary] [-> next action] [@when]",
        description: "Log a phone call (outcomes: reached, noanswer, voicemail, callback)",
    },
    Verb {
        name: "email",
        aliases: &["mail", "邮件"],
        usage: "email <customer> [: summary] [-> next action] [@when]",
        description: "Log an email",
    },
    Verb {
        name: "meeting",
        aliases: &["meet", "会议"],
        usage: "meeting <customer> [: summary] [-> next action] [@when]",
        description: "Log a meeting",
    },
    Verb {
        name: "visit",
        aliases: &["拜访", "上门"],
        usage: "visit <customer> [: summary] [-> next action] [@when]",
        description: "Log a visit",
    },
    Verb {
        name: "message",
        aliases: &["msg", "text", "sms", "wechat", "微信", "短信"],
        usage: "message <customer> [: summary] [-> next action] [@when]",
        description: "Log a chat or text message",
    },
    Verb {
        name: "note",
        aliases: &["备注"],
        usage: "note <customer>: <text> [-> next action] [@when]",
        description: "Add a note to a customer's timeline",
    },
    Verb {
        name: "task",
        aliases: &["todo", "任务"],
        usage: "task <customer>: <title> [@when]",
        description: "Add a task for a customer",
    },
    Verb {
        name: "done",
        aliases: &["完成"],
        usage: "done <task id>...",
        description: "Complete tasks by id (17 or #17)",
    },
    Verb {
        name: "snooze",
        aliases: &["推迟", "延期"],
        usage: "snooze <task id> @<when>",
        description: "Move a task to a later date",
    },
    Verb {
        name: "add",
        aliases: &["new", "新建", "添加"],
        usage: "add <name>[ (<title>)][, <company>][, <phone>][, <email>]",
        description: "Add a customer (phones and emails in any order after the name)",
    },
    Verb {
        name: "stage",
        aliases: &["阶段"],
        usage: "stage <customer> <stage>",
        description: "Set a customer's stage (lead, prospect, customer, loyal, churned)",
    },
    Verb {
        name: "tag",
        aliases: &["标签"],
        usage: "tag <customer> +<tag> -<tag>...",
        description: "Add (+) or remove (-) a customer's tags",
    },
    Verb {
        name: "open",
        aliases: &["show", "打开", "查看"],
        usage: "open <customer>",
        description: "Open a customer's card",
    },
    Verb {
        name: "deal",
        aliases: &["商机"],
        usage: "deal <customer>: <title> <amount> [@<expected close>]",
        description: "Open a deal in the first pipeline stage (amount: ¥50k, $12,000, 50k USD, 5万)",
    },
    Verb {
        name: "order",
        aliases: &["订单"],
        usage: "order <customer>: <amount> [payment] [invoice <no>] [items…] [@<date placed>]",
        description: "Record an order (amount: ¥12,000, $500, 1.2万; payment: cash, transfer, alipay, wechat, 现金, 转账 …)",
    },
    Verb {
        name: "won",
        aliases: &["赢单", "成交"],
        usage: "won <deal id> [: note]",
        description: "Mark a deal won (a lead or prospect becomes a customer)",
    },
    Verb {
        name: "lost",
        aliases: &["输单", "丢单"],
        usage: "lost <deal id>: <reason>",
        description: "Mark a deal lost, saying why",
    },
    Verb {
        name: "move",
        aliases: &["推进"],
        usage: "move <deal id> <stage>",
        description: "Move a deal to another pipeline stage",
    },
    Verb {
        name: "case",
        aliases: &["工单", "请求"],
        usage: "case <customer>: <title>",
        description: "Open a service request",
    },
    Verb {
        name: "complaint",
        aliases: &["投诉"],
        usage: "complaint <customer>: <title>",
        description: "Open a complaint (high priority)",
    },
    Verb {
        name: "respond",
        aliases: &["响应", "受理"],
        usage: "respond <case id>",
        description: "Record the first response to a case",
    },
    Verb {
        name: "resolve",
        aliases: &["解决", "结案"],
        usage: "resolve <case id> [: what was done]",
        description: "Resolve a service case",
    },
    Verb {
        name: "fix",
        aliases: &["edit", "correct", "修改", "更正"],
        usage: "fix <log|task|deal|case|order> <id> [field] [:] <new value>",
        description: "Correct a logged interaction, task, deal, case or order (fix log 41: wants 60 seats; in the app fix log: … fixes the entry just logged)",
    },
    Verb {
        name: "rm",
        aliases: &["remove", "delete", "删除"],
        usage: "rm <log|task|deal|case|order> <id>",
        description: "Remove a logged interaction, cancel a task, delete a deal, case or order entered by mistake",
    },
    Verb {
        name: "merge",
        aliases: &["合并"],
        usage: "merge <keep> <other>",
        description: "Merge the second customer into the first (#ids, or names split by a comma)",
    },
];

/// The verb with this name or alias, ignoring case.
pub fn verb(name: &str) -> Option<&'static Verb> {
    let key = name.trim().to_lowercase();
    VERBS
        .iter()
        .find(|v| v.name == key || v.aliases.contains(&key.as_str()))
}

/// The verb a mistyped word most likely meant: the first whose name or alias
/// starts with it (2+ characters), else the closest within a small edit distance.
pub fn suggest(word: &str) -> Option<&'static str> {
    let key = word.trim().to_lowercase();
    let len = key.chars().count();
    if len == 0 {
        return None;
    }
    // `import` too: the TUI runs it, and `rolo do` explains where it runs.
    let words = || {
        VERBS.iter().chain([&super::IMPORT_VERB]).flat_map(|v| {
            std::iter::once(v.name)
                .chain(v.aliases.iter().copied())
                .map(move |w| (v.name, w))
        })
    };
    if len >= 2
        && let Some((name, _)) = words().find(|(_, w)| w.starts_with(&key))
    {
        return Some(name);
    }
    let limit = if len <= 4 { 1 } else { 2 };
    words()
        .map(|(name, w)| (edit_distance(&key, w), name))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, name)| name)
}

/// Levenshtein distance over chars, with adjacent swaps counting as one edit.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // rows[i][j]: distance between a[..i] and b[..j]
    let mut rows: Vec<Vec<usize>> = (0..=a.len())
        .map(|i| (0..=b.len()).map(|j| if i == 0 { j } else { i }).collect())
        .collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::InteractionKind;

    #[test]
    fn names_and_aliases_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for v in VERBS {
            for w in std::iter::once(v.name).chain(v.aliases.iter().copied()) {
                assert!(seen.insert(w), "{w} is listed twice");
                assert_eq!(w, w.to_lowercase(), "{w} must be lowercase");
                assert!(!w.contains(char::is_whitespace), "{w} must be one word");
            }
            assert!(v.usage.starts_with(v.name), "{}", v.usage);
        }
    }

    #[test]
    fn log_verbs_agree_with_interaction_kinds() {
        for kind in InteractionKind::ALL {
            let v = verb(kind.as_str()).expect("every kind has a verb");
            for alias in v.aliases {
                assert_eq!(InteractionKind::parse(alias), Ok(kind), "{alias}");
            }
        }
    }

    #[test]
    fn lookup_and_suggestions() {
        assert_eq!(verb("CALL").map(|v| v.name), Some("call"));
        assert_eq!(verb("电话").map(|v| v.name), Some("call"));
        assert_eq!(verb("msg").map(|v| v.name), Some("message"));
        assert_eq!(verb("fax"), None);
        let cases = [
            ("cal", Some("call")),
            ("clal", Some("call")),
            ("caall", Some("call")),
            ("emial", Some("email")),
            ("snoze", Some("snooze")),
            ("sn", Some("snooze")),
            ("meetign", Some("meeting")),
            ("TAGS", Some("tag")),
            ("imprt", Some("import")),
            ("电", Some("call")),
            ("x", None),
            ("zzzzzz", None),
            ("", None),
        ];
        for (word, want) in cases {
            assert_eq!(suggest(word), want, "{word}");
        }
    }
}
