//! What each command is for, so help can group the keys by purpose
//! (moving, logging, tasks, deals, views…) instead of listing a keymap
//! table in order. One table for the registry's verbs and the TUI's
//! commands: an exact command name first (`prefill task`), else its first
//! word, the noun (`cursor …`, `report …`), else the verb a line starts
//! with (`call acme` is logging). A test holds every registered name to
//! having a group, so a new command gets one when it is added.

/// A purpose, in the order help shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    Moving,
    Finding,
    Logging,
    Tasks,
    Deals,
    Cases,
    Customers,
    Fixing,
    Views,
    Reports,
    General,
    Palette,
    Forms,
    Pickers,
}

impl Group {
    pub const ALL: [Group; 14] = [
        Group::Moving,
        Group::Finding,
        Group::Logging,
        Group::Tasks,
        Group::Deals,
        Group::Cases,
        Group::Customers,
        Group::Fixing,
        Group::Views,
        Group::Reports,
        Group::General,
        Group::Palette,
        Group::Forms,
        Group::Pickers,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Group::Moving => "Moving",
            Group::Finding => "Finding",
            Group::Logging => "Logging",
            Group::Tasks => "Tasks",
            Group::Deals => "Deals",
            Group::Cases => "Service cases",
            Group::Customers => "Customers",
            Group::Fixing => "Fixing mistakes",
            Group::Views => "Views",
            Group::Reports => "Reports",
            Group::General => "General",
            Group::Palette => "In the palette",
            Group::Forms => "In a form",
            Group::Pickers => "In a picker",
        }
    }
}

/// Whole command names whose noun alone would mislead.
const EXACT: &[(&str, Group)] = &[
    ("palette", Group::General),
    ("prefill task", Group::Tasks),
    ("scope toggle", Group::Tasks),
    ("note edit", Group::Logging),
    ("open", Group::Moving),
    // Enter shows the row E edits and d deletes: the three together.
    ("show", Group::Fixing),
    ("today ranked", Group::Views),
    ("why", Group::Views),
    ("segment clear", Group::Finding),
];

/// First words (nouns of `noun verb` commands, and the palette's verbs).
const NOUNS: &[(&str, Group)] = &[
    ("cursor", Group::Moving),
    ("focus", Group::Moving),
    ("filter", Group::Finding),
    ("find", Group::Finding),
    ("sort", Group::Finding),
    ("segment", Group::Finding),
    ("prefill", Group::Logging),
    ("call", Group::Logging),
    ("email", Group::Logging),
    ("meeting", Group::Logging),
    ("visit", Group::Logging),
    ("message", Group::Logging),
    ("note", Group::Logging),
    ("interaction", Group::Logging),
    ("task", Group::Tasks),
    ("done", Group::Tasks),
    ("snooze", Group::Tasks),
    ("deal", Group::Deals),
    ("won", Group::Deals),
    ("lost", Group::Deals),
    ("move", Group::Deals),
    ("order", Group::Deals),
    ("case", Group::Cases),
    ("complaint", Group::Cases),
    ("respond", Group::Cases),
    ("resolve", Group::Cases),
    ("customer", Group::Customers),
    ("copy", Group::Customers),
    ("add", Group::Customers),
    ("stage", Group::Customers),
    ("tag", Group::Customers),
    ("merge", Group::Fixing),
    ("fix", Group::Fixing),
    ("rm", Group::Fixing),
    ("view", Group::Views),
    ("report", Group::Reports),
    ("period", Group::Reports),
    ("quit", Group::General),
    ("help", Group::General),
    ("messages", Group::General),
    ("undo", Group::General),
    ("refresh", Group::General),
    ("demo", Group::General),
    ("import", Group::General),
    ("noop", Group::General),
    ("palette", Group::Palette),
    ("form", Group::Forms),
    ("picker", Group::Pickers),
];

/// The group of a command line (a keymap value or a palette line), if known.
pub fn group(command: &str) -> Option<Group> {
    let folded = command
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    if let Some((_, g)) = EXACT.iter().find(|(name, _)| *name == folded) {
        return Some(*g);
    }
    let first = folded.split(' ').next().unwrap_or_default();
    // An alias (`电话`, `msg`) is grouped as its verb.
    let noun = super::verb(first).map_or(first, |v| v.name);
    NOUNS
        .iter()
        .find(|(name, _)| *name == noun)
        .map(|(_, g)| *g)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_and_verb_has_a_group() {
        let ui = super::super::UI_COMMANDS.iter().map(|(name, _, _)| *name);
        let verbs = super::super::VERBS.iter().map(|v| v.name);
        for name in ui.chain(verbs).chain([super::super::IMPORT_VERB.name]) {
            assert!(group(name).is_some(), "\"{name}\" has no help group");
        }
    }

    #[test]
    fn exact_names_then_nouns_then_verbs() {
        assert_eq!(group("prefill task"), Some(Group::Tasks));
        assert_eq!(group("prefill call"), Some(Group::Logging));
        assert_eq!(group("cursor  down"), Some(Group::Moving));
        assert_eq!(group("palette"), Some(Group::General));
        assert_eq!(group("palette run"), Some(Group::Palette));
        assert_eq!(group("电话 acme: hi"), Some(Group::Logging));
        assert_eq!(group("won 5"), Some(Group::Deals));
        assert_eq!(group("xyzzy"), None);
    }
}
