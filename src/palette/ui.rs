//! The TUI's own commands: what keymap values and palette lines like
//! `cursor down` or `view today` mean. One table serves the parser, the
//! keymap's load-time validation, help and completion.

/// A command that acts on the screen or the selection rather than naming
/// its target in words. `rolo do` refuses these: they need the TUI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ui {
    Quit,
    Help,
    Palette,
    Filter,
    ViewToday,
    ViewMain,
    ViewReports,
    ViewDeals,
    /// The Reports view's tabs: the next, the previous, or one by its place.
    ReportNext,
    ReportPrev,
    ReportTab(u8),
    /// Charts or the table of the report on screen.
    ReportTable,
    /// Move the report's period back or forward by its own length.
    PeriodPrev,
    PeriodNext,
    CursorLeft,
    CursorRight,
    /// The selected deal: won, lost (asks why), moved (asks where).
    DealWon,
    DealLost,
    DealMove,
    FocusNext,
    FocusPrev,
    FocusCustomers,
    FocusTimeline,
    FocusTasks,
    Undo,
    Refresh,
    CursorDown,
    CursorUp,
    CursorTop,
    CursorBottom,
    CursorPageDown,
    CursorPageUp,
    SortCycle,
    ScopeToggle,
    PrefillCall,
    PrefillEmail,
    PrefillMeeting,
    PrefillTask,
    /// Complete the selected task.
    Done,
    /// Snooze the selected task: opens the presets.
    Snooze,
    /// Jump to the selected row's customer.
    Open,
    CopyPhone,
    CopyEmail,
    CustomerAdd,
    /// The selected row of the focused pane in full (the detail view).
    Show,
    /// Edit what is selected in the focused pane: a customer, a timeline
    /// entry or a task (`customer edit` is an older name for it).
    Edit,
    /// Delete the selected timeline entry, or cancel the selected task.
    Delete,
    NoteEdit,
    PaletteHistoryPrev,
    PaletteHistoryNext,
    PaletteComplete,
    PaletteRun,
    PaletteClose,
    PickerChoose,
    PickerClose,
    FormNext,
    FormPrev,
    FormSave,
    FormCancel,
    FormEditor,
    /// Fill an empty database with sample data.
    Demo,
    /// The Today view: the ranked queue instead of its sections, and back.
    RankedToggle,
    /// "Why is this first?" for the selected row of the ranked queue.
    Why,
    /// Show every customer again after `segment NAME`.
    SegmentClear,
    /// The last messages (toasts and errors) in full.
    Messages,
    /// The next / previous customer matching the `/` filter (vim's `n` / `N`).
    FilterNext,
    FilterPrev,
    /// Find in everything written (summaries, feedback, notes, tasks,
    /// deals, cases): the overlay with its line and hits.
    Find,
    /// Jump to the entry of the selected hit.
    FindJump,
    FindClose,
    /// Move the keyboard between the search line and the hits.
    FindFocus,
    /// Unbinds an inherited key.
    Noop,
}

/// Name (as typed in the palette and written in keymaps), command, description.
pub const UI_COMMANDS: &[(&str, Ui, &str)] = &[
    ("quit", Ui::Quit, "Quit rolo"),
    ("help", Ui::Help, "Show or hide the key bindings"),
    ("palette", Ui::Palette, "Open the command palette"),
    ("filter", Ui::Filter, "Filter customers (fuzzy, pinyin too)"),
    (
        "view today",
        Ui::ViewToday,
        "The Today view: the morning review",
    ),
    (
        "view main",
        Ui::ViewMain,
        "Back to customers, timeline and tasks",
    ),
    (
        "view reports",
        Ui::ViewReports,
        "Reports: funnel, activity, sources… as charts",
    ),
    ("view deals", Ui::ViewDeals, "Deals: the pipeline by stage"),
    ("report next", Ui::ReportNext, "The next report"),
    ("report prev", Ui::ReportPrev, "The previous report"),
    ("report funnel", Ui::ReportTab(0), "The funnel report"),
    ("report activity", Ui::ReportTab(1), "The activity report"),
    (
        "report sources",
        Ui::ReportTab(2),
        "The lead sources report",
    ),
    ("report campaigns", Ui::ReportTab(3), "The campaigns report"),
    ("report overdue", Ui::ReportTab(4), "The overdue report"),
    ("report top", Ui::ReportTab(5), "The top customers report"),
    ("report table", Ui::ReportTable, "Charts / table"),
    ("period prev", Ui::PeriodPrev, "The period before"),
    ("period next", Ui::PeriodNext, "The period after"),
    ("won", Ui::DealWon, "Mark the selected deal won"),
    (
        "lost",
        Ui::DealLost,
        "Mark the selected deal lost (asks why)",
    ),
    ("move", Ui::DealMove, "Move the selected deal to a stage"),
    ("focus next", Ui::FocusNext, "Focus the next pane"),
    ("focus prev", Ui::FocusPrev, "Focus the previous pane"),
    (
        "focus customers",
        Ui::FocusCustomers,
        "Focus the customer list",
    ),
    ("focus timeline", Ui::FocusTimeline, "Focus the timeline"),
    ("focus tasks", Ui::FocusTasks, "Focus the task queue"),
    ("undo", Ui::Undo, "Undo your last action"),
    ("refresh", Ui::Refresh, "Reload from the database"),
    ("cursor down", Ui::CursorDown, "Move down"),
    ("cursor up", Ui::CursorUp, "Move up"),
    ("cursor top", Ui::CursorTop, "Go to the first row"),
    ("cursor bottom", Ui::CursorBottom, "Go to the last row"),
    ("cursor page-down", Ui::CursorPageDown, "Page down"),
    ("cursor page-up", Ui::CursorPageUp, "Page up"),
    ("cursor left", Ui::CursorLeft, "Move left"),
    ("cursor right", Ui::CursorRight, "Move right"),
    (
        "sort cycle",
        Ui::SortCycle,
        "Sort customers by name / last contact / next due",
    ),
    (
        "scope toggle",
        Ui::ScopeToggle,
        "Tasks of this customer / of everyone",
    ),
    (
        "prefill call",
        Ui::PrefillCall,
        "Log a call with the selected customer",
    ),
    (
        "prefill email",
        Ui::PrefillEmail,
        "Log an email with the selected customer",
    ),
    (
        "prefill meeting",
        Ui::PrefillMeeting,
        "Log a meeting with the selected customer",
    ),
    (
        "prefill task",
        Ui::PrefillTask,
        "Add a task for the selected customer",
    ),
    ("done", Ui::Done, "Complete the selected task"),
    ("snooze", Ui::Snooze, "Snooze the selected task"),
    ("open", Ui::Open, "Open the selected row's customer"),
    (
        "copy phone",
        Ui::CopyPhone,
        "Copy the customer's phone (works over SSH)",
    ),
    (
        "copy email",
        Ui::CopyEmail,
        "Copy the customer's email (works over SSH)",
    ),
    ("customer add", Ui::CustomerAdd, "Add a customer"),
    ("show", Ui::Show, "The selected row in full (notes too)"),
    ("edit", Ui::Edit, "Edit the selected row in a form"),
    (
        "delete",
        Ui::Delete,
        "Delete the selected entry, cancel a task",
    ),
    ("note edit", Ui::NoteEdit, "Edit the customer's notes"),
    (
        "palette history-prev",
        Ui::PaletteHistoryPrev,
        "Previous palette line",
    ),
    (
        "palette history-next",
        Ui::PaletteHistoryNext,
        "Next palette line",
    ),
    ("palette complete", Ui::PaletteComplete, "Complete the word"),
    ("palette run", Ui::PaletteRun, "Run the line"),
    ("palette close", Ui::PaletteClose, "Close the palette"),
    ("picker choose", Ui::PickerChoose, "Choose"),
    ("picker close", Ui::PickerClose, "Close"),
    ("form next", Ui::FormNext, "Next field"),
    ("form prev", Ui::FormPrev, "Previous field"),
    ("form save", Ui::FormSave, "Save"),
    ("form cancel", Ui::FormCancel, "Cancel"),
    (
        "form editor",
        Ui::FormEditor,
        "Edit the field in $VISUAL / $EDITOR",
    ),
    ("demo", Ui::Demo, "Load sample data into an empty database"),
    (
        "today ranked",
        Ui::RankedToggle,
        "Today: one ranked queue / sections",
    ),
    ("why", Ui::Why, "Why is the selected row ranked there?"),
    (
        "segment clear",
        Ui::SegmentClear,
        "Show every customer again (after segment NAME)",
    ),
    (
        "messages",
        Ui::Messages,
        "The last 50 messages in full (also :messages)",
    ),
    (
        "filter next",
        Ui::FilterNext,
        "The next customer matching the filter",
    ),
    (
        "filter prev",
        Ui::FilterPrev,
        "The previous customer matching the filter",
    ),
    (
        "find",
        Ui::Find,
        "Find words in calls, notes, tasks, deals…",
    ),
    (
        "find jump",
        Ui::FindJump,
        "Jump to the selected hit's entry",
    ),
    ("find close", Ui::FindClose, "Close the search"),
    (
        "find focus",
        Ui::FindFocus,
        "Move between the search line and its hits",
    ),
    ("noop", Ui::Noop, "Nothing (unbinds a key)"),
];

/// Other names for UI commands, as vim users type them in the palette
/// (`:q`, `:wq`, `:x`), and old names keymaps may still use: accepted
/// like the name, never offered by completion or help. rolo saves as it
/// goes, so every "write and quit" is a quit.
pub const UI_ALIASES: &[(&str, &str)] = &[
    ("q", "quit"),
    ("q!", "quit"),
    ("qa", "quit"),
    ("qa!", "quit"),
    ("qall", "quit"),
    ("quit!", "quit"),
    ("wq", "quit"),
    ("wq!", "quit"),
    ("wqa", "quit"),
    ("x", "quit"),
    ("xa", "quit"),
    ("exit", "quit"),
    ("mes", "messages"),
    ("h", "help"),
    // The name `E` had before it edited whatever row is selected: keymaps
    // written then keep working.
    ("customer edit", "edit"),
    ("grep", "find"),
];

/// The UI command a whole line names, if any (case and spacing folded).
pub fn ui_command(line: &str) -> Option<Ui> {
    let folded = line
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let name = UI_ALIASES
        .iter()
        .find(|(alias, _)| *alias == folded)
        .map_or(folded.as_str(), |(_, name)| *name);
    UI_COMMANDS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, ui, _)| *ui)
}

/// The name and description of a UI command.
pub fn describe(ui: Ui) -> (&'static str, &'static str) {
    UI_COMMANDS
        .iter()
        .find(|(_, u, _)| *u == ui)
        .map_or(("", ""), |(name, _, desc)| (*name, *desc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        for (name, ui, _) in UI_COMMANDS {
            assert_eq!(ui_command(name), Some(*ui), "{name}");
            assert_eq!(describe(*ui).0, *name);
        }
        assert_eq!(ui_command("  Cursor   DOWN "), Some(Ui::CursorDown));
        assert_eq!(ui_command("cursor sideways"), None);
    }

    #[test]
    fn vim_quits_are_quit_and_aliases_name_real_commands() {
        for line in ["q", "q!", "wq", "x", "qa", " Q! ", "WQ"] {
            assert_eq!(ui_command(line), Some(Ui::Quit), "{line}");
        }
        assert_eq!(ui_command("mes"), Some(Ui::Messages));
        assert_eq!(ui_command("Customer  Edit"), Some(Ui::Edit));
        assert_eq!(ui_command("qq"), None);
        for (alias, name) in UI_ALIASES {
            assert!(ui_command(name).is_some(), "{alias} → {name}");
            assert!(
                UI_COMMANDS.iter().all(|(n, _, _)| n != alias),
                "{alias} is a command's own name"
            );
            assert!(
                crate::palette::verb(alias).is_none(),
                "{alias} is also a verb"
            );
        }
    }
}
