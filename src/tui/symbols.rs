//! What the marks drawn in rows mean, for help. The views draw them; a
//! test reads the views' source and fails on any mark drawn that this
//! legend does not explain, so help cannot fall behind the screen.

/// (mark, what it means), in the order help lists them.
pub const LEGEND: &[(&str, &str)] = &[
    ("!", "high priority (a task or a service case)"),
    ("⚑", "a service case: a request, or a complaint"),
    (
        "☾",
        "a customer gone quiet past their cadence (Today, ranked)",
    ),
    ("•", "a task to do (Today, ranked)"),
    ("◆", "a deal: open on the card, won in the timeline"),
    ("◇", "a deal lost (timeline)"),
    ("✓", "a service case resolved (timeline)"),
    ("→", "the next task a logged interaction created"),
    (
        "✎",
        "the customer's notes on the card (… more: Enter shows them all)",
    ),
    (
        "☎ ✉",
        "the customer's phones and emails (links where supported)",
    ),
];

#[cfg(test)]
mod tests {
    use super::LEGEND;

    /// Marks: arrows, geometric shapes, miscellaneous symbols, dingbats, the bullet.
    fn is_mark(c: char) -> bool {
        matches!(c as u32, 0x2022 | 0x2190..=0x21FF | 0x25A0..=0x25FF | 0x2600..=0x27BF)
    }

    #[test]
    fn every_mark_the_views_draw_is_in_the_legend() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/tui/view");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .expect("the view sources")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "rs"))
            .collect();
        files.sort();
        assert!(files.len() > 5, "{files:?}");
        for file in files {
            let source = std::fs::read_to_string(&file).expect("readable");
            for c in source.chars().filter(|&c| is_mark(c)) {
                assert!(
                    LEGEND.iter().any(|(mark, _)| mark.contains(c)),
                    "{} draws \"{c}\" (U+{:04X}), which help's legend (tui/symbols.rs) does not explain",
                    file.display(),
                    c as u32
                );
            }
        }
    }
}
