//! The real terminal: the built binary in a pseudo-terminal, its screen
//! read with vt100. Logs a call with a next action through the palette,
//! completes a task by key, quits, then checks the store and the terminal.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const NOW: &str = "2026-11-22T09:00:00+08:00";
const WAIT: Duration = Duration::from_secs(20);

fn rolo(home: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_rolo"))
        .args(args)
        .env("ROLO_DB", home.join("rolo.redb"))
        .env("ROLO_CONFIG_DIR", home.join("config"))
        .env("ROLO_NOW", NOW)
        .env("HOME", home)
        .env("USER", "tester")
        .output()
        .expect("rolo runs")
}

struct Screen {
    parser: Arc<Mutex<vt100::Parser>>,
}

impl Screen {
    fn text(&self) -> String {
        self.parser
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

    fn wait_for(&self, needle: &str) {
        let start = Instant::now();
        while start.elapsed() < WAIT {
            if self.text().contains(needle) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "\"{needle}\" never appeared; the screen was:\n{}",
            self.text()
        );
    }

    fn alternate(&self) -> bool {
        self.parser
            .lock()
            .map(|p| p.screen().alternate_screen())
            .unwrap_or(true)
    }
}

#[test]
fn log_a_call_complete_a_task_and_quit_in_a_real_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = dir.path();
    assert!(
        rolo(
            home,
            &[
                "add",
                "Ann Lee",
                "--company",
                "Acme Corp",
                "--phone",
                "13800138000"
            ]
        )
        .status
        .success()
    );
    assert!(
        rolo(home, &["add", "王芳", "--company", "华信科技"])
            .status
            .success()
    );
    assert!(
        rolo(
            home,
            &["task", "add", "acme", "prepare deck", "--due", "today"]
        )
        .status
        .success()
    );

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
    cmd.env("ROLO_NOW", NOW);
    cmd.env("HOME", home);
    cmd.env("USER", "tester");
    cmd.env("TERM", "xterm-256color");
    cmd.env("NO_COLOR", "1");
    let mut child = pty.slave.spawn_command(cmd).expect("spawns");
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().expect("reader");
    let mut writer = pty.master.take_writer().expect("writer");
    let parser = Arc::new(Mutex::new(vt100::Parser::default()));
    let feed = Arc::clone(&parser);
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            if let Ok(mut p) = feed.lock() {
                p.process(&buf[..n]);
            }
        }
    });
    let screen = Screen { parser };
    let mut type_keys = |keys: &str| {
        writer.write_all(keys.as_bytes()).expect("typed");
        writer.flush().expect("flushed");
        std::thread::sleep(Duration::from_millis(150));
    };

    screen.wait_for("Customers");
    screen.wait_for("prepare deck");
    assert!(screen.alternate(), "the app runs on the alternate screen");

    // Log a call with a next action through the palette.
    type_keys(":");
    screen.wait_for("palette");
    type_keys("call acme: wants pricing -> send quote @fri\r");
    screen.wait_for("Logged call with Ann Lee");
    screen.wait_for("send quote");

    // Complete "prepare deck" from the Tasks pane by key.
    type_keys("3");
    type_keys("x");
    screen.wait_for("Done: prepare deck");

    type_keys("q");
    let start = Instant::now();
    let status = loop {
        if let Ok(Some(status)) = child.try_wait() {
            break status;
        }
        assert!(
            start.elapsed() < WAIT,
            "rolo did not quit; screen:\n{}",
            screen.text()
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "exit status {status:?}");
    std::thread::sleep(Duration::from_millis(200));
    assert!(!screen.alternate(), "the alternate screen was left");

    let shown = rolo(home, &["show", "acme", "--json"]);
    let shown: serde_json::Value = serde_json::from_slice(&shown.stdout).expect("json");
    assert_eq!(shown["timeline"][0]["summary"], "wants pricing");
    let open: Vec<&str> = shown["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .filter_map(|t| t["title"].as_str())
        .collect();
    assert_eq!(
        open,
        vec!["send quote"],
        "prepare deck was completed, send quote queued"
    );
}
