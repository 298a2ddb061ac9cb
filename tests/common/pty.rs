//! The built binary in an 80×24 pseudo-terminal, its screen read with
//! vt100 (the same shape as `tests/tui_pty.rs`, plus the selected row and
//! the bells rung). Shared by the pty test binaries (`tests/tui_today`,
//! `tests/keystrokes.rs`), each taking it in with
//! `#[path = "…/common/pty.rs"] mod pty;` — and each using part of it.
#![allow(dead_code)]

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const WAIT: Duration = Duration::from_secs(20);

/// `rolo ARGS` against `home`'s database at `now`, whatever its exit.
pub fn run(home: &Path, now: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_rolo"))
        .args(args)
        .env("ROLO_DB", home.join("rolo.redb"))
        .env("ROLO_CONFIG_DIR", home.join("config"))
        .env("ROLO_NOW", now)
        .env("HOME", home)
        .env("USER", "tester")
        .env("NO_COLOR", "1")
        .output()
        .expect("rolo runs")
}

/// `rolo ARGS`, which must succeed.
pub fn rolo(home: &Path, now: &str, args: &[&str]) -> std::process::Output {
    let out = run(home, now, args);
    assert!(
        out.status.success(),
        "rolo {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// `rolo --json ARGS`, parsed.
pub fn json(home: &Path, now: &str, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let out = rolo(home, now, &all);
    serde_json::from_slice(&out.stdout).expect("json")
}

/// A fresh home whose database these commands (run at `now`) made.
pub fn seeded(now: &str, commands: &[&[&str]]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for args in commands {
        rolo(dir.path(), now, args);
    }
    dir
}

pub struct App {
    parser: Arc<Mutex<vt100::Parser>>,
    /// Everything the app wrote, for what vt100 does not keep (the bell).
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl App {
    /// The app on `home`'s database at 80×24, with `env` over the defaults.
    pub fn spawn(home: &Path, now: &str, env: &[(&str, &str)]) -> App {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_rolo"));
        cmd.env("ROLO_DB", home.join("rolo.redb"));
        cmd.env("ROLO_CONFIG_DIR", home.join("config"));
        cmd.env("XDG_STATE_HOME", home.join("state"));
        cmd.env("ROLO_NOW", now);
        cmd.env("HOME", home);
        cmd.env("USER", "tester");
        cmd.env("TERM", "xterm-256color");
        cmd.env("NO_COLOR", "1");
        for (name, value) in env {
            cmd.env(name, value);
        }
        let child = pty.slave.spawn_command(cmd).expect("spawns");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("reader");
        let writer = pty.master.take_writer().expect("writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::default()));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (feed, raw_feed) = (Arc::clone(&parser), Arc::clone(&raw));
        std::thread::spawn(move || {
            let _master = pty.master;
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut p) = feed.lock() {
                    p.process(&buf[..n]);
                }
                if let Ok(mut r) = raw_feed.lock() {
                    r.extend_from_slice(&buf[..n]);
                }
            }
        });
        App {
            parser,
            raw,
            writer,
            child,
        }
    }

    pub fn text(&self) -> String {
        self.parser
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

    /// The screen's 24 lines.
    pub fn lines(&self) -> Vec<String> {
        self.parser
            .lock()
            .map(|p| p.screen().rows(0, 80).collect())
            .unwrap_or_default()
    }

    /// The line drawn in reverse video inside the frame (the selected
    /// row), and where it is.
    pub fn selected(&self) -> Option<(usize, String)> {
        let parser = self.parser.lock().ok()?;
        let screen = parser.screen();
        let row = (1..23u16).find(|&r| screen.cell(r, 1).is_some_and(|c| c.inverse()))?;
        let line = screen.rows(0, 80).nth(usize::from(row))?;
        Some((usize::from(row), line))
    }

    /// Per screen row, the text drawn in reverse video anywhere on it (a
    /// selected row of any pane or overlay), for rows that have some.
    pub fn reversed(&self) -> Vec<String> {
        let Ok(parser) = self.parser.lock() else {
            return Vec::new();
        };
        let screen = parser.screen();
        (0..24u16)
            .filter_map(|r| {
                let text: String = (0..80u16)
                    .filter_map(|c| screen.cell(r, c))
                    .filter(|cell| cell.inverse())
                    .map(|cell| cell.contents())
                    .collect();
                (!text.trim().is_empty()).then_some(text)
            })
            .collect()
    }

    /// Wait until some reversed (selected) text holds `needle`.
    pub fn wait_selected(&self, needle: &str) {
        self.wait_until(&format!("{needle:?} selected"), |app| {
            app.reversed().iter().any(|r| r.contains(needle))
        });
    }

    pub fn wait_for(&self, needle: &str) {
        self.wait_until(&format!("{needle:?} to appear"), |app| {
            app.text().contains(needle)
        });
    }

    /// Wait until `done` holds, or fail naming `what` with the screen.
    pub fn wait_until(&self, what: &str, done: impl Fn(&App) -> bool) {
        let start = Instant::now();
        while start.elapsed() < WAIT {
            if done(self) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("waited for {what}; the screen was:\n{}", self.text());
    }

    pub fn type_keys(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("typed");
        self.writer.flush().expect("flushed");
    }

    /// How many bytes the app has written so far.
    pub fn written(&self) -> usize {
        self.raw.lock().map(|r| r.len()).unwrap_or_default()
    }

    pub fn raw_since(&self, from: usize) -> String {
        let raw = self.raw.lock().map(|r| r.clone()).unwrap_or_default();
        String::from_utf8_lossy(&raw[from.min(raw.len())..]).into_owned()
    }

    /// How many times the app rang the bell (a BEL outside any escape).
    pub fn bells(&self) -> usize {
        let raw = self.raw.lock().map(|r| r.clone()).unwrap_or_default();
        let mut bells = 0;
        let mut in_osc = false;
        let mut prev = 0u8;
        for &b in &raw {
            match b {
                b']' if prev == 0x1b => in_osc = true,
                0x07 if in_osc => in_osc = false,
                b'\\' if in_osc && prev == 0x1b => in_osc = false,
                0x07 => bells += 1,
                _ => {}
            }
            prev = b;
        }
        bells
    }

    /// Quit with `q` (from the main or Today view) and wait for a clean exit.
    pub fn quit(&mut self) {
        self.quit_by("q");
    }

    /// Type `keys` (e.g. ctrl-c, "\x03", from anywhere) and wait for a clean exit.
    pub fn quit_by(&mut self, keys: &str) {
        self.type_keys(keys);
        let start = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                assert!(status.success(), "exit status {status:?}");
                return;
            }
            assert!(
                start.elapsed() < WAIT,
                "rolo did not quit; screen:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for App {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}
