//! The input thread: reads terminal events and sends them as `Msg`s.
//! Only key *presses* count (no repeats from release events); crossterm
//! types stop here, the rest of the app sees `config::keymap::Key`.

use super::msg::Msg;
use crate::config::keymap::{Key, KeyCode, Mods};
use ratatui::crossterm::event::{
    self, Event, KeyCode as CtCode, KeyEvent, KeyEventKind, KeyModifiers,
};
use std::sync::mpsc::Sender;

/// Read events until the receiver is gone or the terminal fails.
pub fn spawn(tx: Sender<Msg>) {
    std::thread::spawn(move || {
        loop {
            let msg = match event::read() {
                Ok(Event::Key(k)) if k.kind == KeyEventKind::Press => match key(k) {
                    Some(key) => Msg::Key(key),
                    None => continue,
                },
                Ok(Event::Paste(text)) => Msg::Paste(text),
                Ok(Event::Resize(w, h)) => Msg::Resized(w, h),
                Ok(_) => continue,
                // The terminal is gone (e.g. a dropped SSH connection): stop
                // instead of spinning on errors, and let the app shut down.
                Err(_) => Msg::Shutdown,
            };
            let stop = matches!(msg, Msg::Shutdown);
            if tx.send(msg).is_err() || stop {
                break;
            }
        }
    });
}

/// crossterm's key → ours; `Key::new` normalises shift (`shift-g` is `G`).
pub fn key(k: KeyEvent) -> Option<Key> {
    let mods = Mods {
        ctrl: k.modifiers.contains(KeyModifiers::CONTROL),
        alt: k.modifiers.contains(KeyModifiers::ALT),
        shift: k.modifiers.contains(KeyModifiers::SHIFT),
    };
    let code = match k.code {
        CtCode::Char(c) => KeyCode::Char(c),
        CtCode::Enter => KeyCode::Enter,
        CtCode::Esc => KeyCode::Esc,
        CtCode::Tab => KeyCode::Tab,
        CtCode::BackTab => KeyCode::BackTab,
        CtCode::Backspace => KeyCode::Backspace,
        CtCode::Delete => KeyCode::Delete,
        CtCode::Insert => KeyCode::Insert,
        CtCode::Up => KeyCode::Up,
        CtCode::Down => KeyCode::Down,
        CtCode::Left => KeyCode::Left,
        CtCode::Right => KeyCode::Right,
        CtCode::Home => KeyCode::Home,
        CtCode::End => KeyCode::End,
        CtCode::PageUp => KeyCode::PageUp,
        CtCode::PageDown => KeyCode::PageDown,
        CtCode::F(n) => KeyCode::F(n),
        _ => return None,
    };
    Some(Key::new(code, mods))
}
