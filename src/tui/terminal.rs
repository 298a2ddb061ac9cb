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

/// Put `text` on the system clipboard with OSC 52: the terminal emulator
/// does it, so it works over SSH and inside tmux (with `set-clipboard on`).
pub fn copy_osc52(text: &str) -> io::Result<()> {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let mut out = io::stdout();
    write!(out, "\x1b]52;c;{encoded}\x07")?;
    out.flush()
}
