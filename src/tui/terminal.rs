//! The terminal's lifecycle: a guard that enters raw mode, the alternate
//! screen and bracketed paste, and undoes them on drop, on panic and on
//! SIGHUP / SIGTERM.

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::{
    cursor, event,
    terminal::{self, EnterAlternateScreen, LeaveAlternateScreen},
};
use std::io::{self, Stdout, Write};
use std::sync::Once;

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Owns the terminal while the app runs.
pub struct Guard {
    pub terminal: Term,
}

impl Guard {
    pub fn enter() -> io::Result<Guard> {
        install_panic_hook();
        terminal::enable_raw_mode()?;
        let mut out = io::stdout();
        if let Err(e) = ratatui::crossterm::execute!(
            out,
            EnterAlternateScreen,
            event::EnableBracketedPaste,
            cursor::Hide
        ) {
            restore();
            return Err(e);
        }
        let terminal = match Terminal::new(CrosstermBackend::new(out)) {
            Ok(t) => t,
            Err(e) => {
                restore();
                return Err(e);
            }
        };
        Ok(Guard { terminal })
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// Step out of the app for `run` (an external editor), then come back with
/// a full redraw. The terminal is restored even if `run` fails.
pub fn suspend<T>(guard: &mut Guard, run: impl FnOnce() -> T) -> T {
    restore();
    let result = run();
    let _ = terminal::enable_raw_mode();
    let _ = ratatui::crossterm::execute!(
        io::stdout(),
        EnterAlternateScreen,
        event::EnableBracketedPaste,
        cursor::Hide
    );
    let _ = guard.terminal.clear();
    result
}

/// Leave the app's terminal modes. Safe to call more than once.
pub fn restore() {
    let mut out = io::stdout();
    let _ = ratatui::crossterm::execute!(
        out,
        event::DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = terminal::disable_raw_mode();
    let _ = out.flush();
}

/// Restore the terminal before the panic message prints, then chain the
/// previous hook, so a panic never leaves the shell in raw mode.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}

/// Whether the terminal understands OSC 8 hyperlinks. Old terminals print
/// the escape as garbage, so only known-good ones get links;
/// `ROLO_HYPERLINKS=1|0` decides explicitly.
pub fn supports_hyperlinks(env: &dyn Fn(&str) -> Option<String>) -> bool {
    if let Some(choice) = env("ROLO_HYPERLINKS") {
        return choice.trim() == "1";
    }
    if env("TMUX").is_some() || env("STY").is_some() {
        return false;
    }
    let term = env("TERM").unwrap_or_default();
    let program = env("TERM_PROGRAM").unwrap_or_default();
    env("VTE_VERSION").is_some()
        || env("WT_SESSION").is_some()
        || env("KITTY_WINDOW_ID").is_some()
        || env("WEZTERM_EXECUTABLE").is_some()
        || ["iTerm.app", "WezTerm", "vscode", "ghostty", "Hyper"].contains(&program.as_str())
        || [
            "xterm-kitty",
            "alacritty",
            "foot",
            "xterm-ghostty",
            "wezterm",
        ]
        .iter()
        .any(|t| term.starts_with(t))
}

/// A desktop notification escape a terminal is known to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Desktop {
    /// `OSC 9 ; text` (iTerm2's; kitty shows it too).
    Osc9,
    /// `OSC 777 ; notify ; title ; body` (foot, WezTerm, Ghostty).
    Osc777,
}

/// Which desktop notification the terminal shows, if it is one known to:
/// an unknown terminal may print the escape as garbage, and tmux or screen
/// swallow it, so anything not recognised gets none (only the bell).
pub fn desktop_notifications(env: &dyn Fn(&str) -> Option<String>) -> Option<Desktop> {
    if env("TMUX").is_some() || env("STY").is_some() {
        return None;
    }
    let term = env("TERM").unwrap_or_default();
    let program = env("TERM_PROGRAM").unwrap_or_default();
    if program == "iTerm.app" || env("ITERM_SESSION_ID").is_some() {
        return Some(Desktop::Osc9);
    }
    if env("KITTY_WINDOW_ID").is_some() || term == "xterm-kitty" {
        return Some(Desktop::Osc9);
    }
    if ["WezTerm", "ghostty"].contains(&program.as_str())
        || ["foot", "foot-extra", "xterm-ghostty", "wezterm"].contains(&term.as_str())
    {
        return Some(Desktop::Osc777);
    }
    None
}

/// What the app does when a task falls due: config `notify`, and the
/// terminal's desktop notifications (found once at start-up).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Notifier {
    pub bell: bool,
    pub desktop: Option<Desktop>,
}

impl Notifier {
    pub fn new(notify: crate::config::Notify, env: &dyn Fn(&str) -> Option<String>) -> Notifier {
        let bell = notify == crate::config::Notify::Bell;
        Notifier {
            bell,
            desktop: if bell {
                desktop_notifications(env)
            } else {
                None
            },
        }
    }

    /// The bytes to write for `text`: the bell, then the desktop
    /// notification. Stored text never reaches the terminal raw: controls
    /// are dropped (a `;` cannot end the body, the last field), and it is
    /// cut to 200 characters.
    pub fn escapes(&self, text: &str) -> String {
        let mut out = String::new();
        if !self.bell {
            return out;
        }
        out.push('\x07');
        let body: String = text.chars().filter(|c| !c.is_control()).take(200).collect();
        match self.desktop {
            Some(Desktop::Osc9) => out.push_str(&format!("\x1b]9;rolo: {body}\x1b\\")),
            Some(Desktop::Osc777) => out.push_str(&format!("\x1b]777;notify;rolo;{body}\x1b\\")),
            None => {}
        }
        out
    }

    pub fn notify(&self, text: &str) -> io::Result<()> {
        let escapes = self.escapes(text);
        if escapes.is_empty() {
            return Ok(());
        }
        let mut out = io::stdout();
        out.write_all(escapes.as_bytes())?;
        out.flush()
    }
}

/// Lay OSC 8 links over the drawn frame: the same text at the same place,
/// now clickable (`tel:` opens a softphone, `mailto:` a mail client).
pub fn write_links(links: &[super::view::Link]) -> io::Result<()> {
    let mut out = io::stdout();
    for link in links {
        // Never let stored text or a URL smuggle in control sequences.
        if link.url.chars().any(char::is_control) || link.text.chars().any(char::is_control) {
            continue;
        }
        ratatui::crossterm::queue!(out, cursor::MoveTo(link.x, link.y))?;
        write!(out, "\x1b]8;;{}\x1b\\{}\x1b]8;;\x1b\\", link.url, link.text)?;
    }
    out.flush()
}

/// Put `text` on the system clipboard with OSC 52: the terminal emulator
/// does it, so it works over SSH and inside tmux (with `set-clipboard on`).
pub fn copy_osc52(text: &str) -> io::Result<()> {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let mut out = io::stdout();
    write!(out, "\x1b]52;c;{encoded}\x07")?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::{Desktop, Notifier, desktop_notifications, supports_hyperlinks};

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn hyperlinks_only_where_known_to_work() {
        assert!(supports_hyperlinks(&env(&[("TERM", "xterm-kitty")])));
        assert!(supports_hyperlinks(&env(&[
            ("TERM", "xterm-256color"),
            ("VTE_VERSION", "7600")
        ])));
        assert!(!supports_hyperlinks(&env(&[("TERM", "xterm-256color")])));
        assert!(!supports_hyperlinks(&env(&[("TERM", "linux")])));
        assert!(!supports_hyperlinks(&env(&[
            ("TERM", "xterm-kitty"),
            ("TMUX", "/tmp/x")
        ])));
        assert!(supports_hyperlinks(&env(&[
            ("TERM", "linux"),
            ("ROLO_HYPERLINKS", "1")
        ])));
        assert!(!supports_hyperlinks(&env(&[
            ("TERM", "xterm-kitty"),
            ("ROLO_HYPERLINKS", "0")
        ])));
    }

    #[test]
    fn desktop_notifications_only_where_known_to_work() {
        let osc9 = Some(Desktop::Osc9);
        let osc777 = Some(Desktop::Osc777);
        assert_eq!(
            desktop_notifications(&env(&[("TERM_PROGRAM", "iTerm.app")])),
            osc9
        );
        assert_eq!(
            desktop_notifications(&env(&[("TERM", "xterm-kitty")])),
            osc9
        );
        assert_eq!(desktop_notifications(&env(&[("TERM", "foot")])), osc777);
        assert_eq!(
            desktop_notifications(&env(&[("TERM_PROGRAM", "WezTerm")])),
            osc777
        );
        assert_eq!(
            desktop_notifications(&env(&[("TERM", "xterm-ghostty")])),
            osc777
        );
        // Unknown terminals, and anything under tmux or screen: none.
        assert_eq!(
            desktop_notifications(&env(&[("TERM", "xterm-256color")])),
            None
        );
        assert_eq!(desktop_notifications(&env(&[("TERM", "linux")])), None);
        assert_eq!(
            desktop_notifications(&env(&[("TERM_PROGRAM", "Apple_Terminal")])),
            None
        );
        assert_eq!(desktop_notifications(&env(&[])), None);
        assert_eq!(
            desktop_notifications(&env(&[("TERM", "xterm-kitty"), ("TMUX", "/tmp/x")])),
            None
        );
        assert_eq!(
            desktop_notifications(&env(&[("TERM", "foot"), ("STY", "1.pts")])),
            None
        );
    }

    #[test]
    fn a_falling_due_task_rings_once_and_never_sends_stored_controls() {
        use crate::config::Notify;
        let iterm = env(&[("TERM_PROGRAM", "iTerm.app")]);
        let bell = Notifier::new(Notify::Bell, &iterm);
        assert_eq!(
            bell.escapes("Due now: #3 call \x1b[2Jann"),
            "\x07\x1b]9;rolo: Due now: #3 call [2Jann\x1b\\"
        );
        let foot = Notifier::new(Notify::Bell, &env(&[("TERM", "foot")]));
        assert_eq!(
            foot.escapes("Due now: #3 a; b"),
            "\x07\x1b]777;notify;rolo;Due now: #3 a; b\x1b\\"
        );
        let plain = Notifier::new(Notify::Bell, &env(&[("TERM", "xterm-256color")]));
        assert_eq!(plain.escapes("Due now: #3"), "\x07", "the bell only");
        let off = Notifier::new(Notify::Off, &iterm);
        assert_eq!(
            off.escapes("Due now: #3"),
            "",
            "notify = none: nothing at all"
        );
        let long = "x".repeat(500);
        assert!(bell.escapes(&long).len() < 230, "cut to 200 characters");
    }
}
