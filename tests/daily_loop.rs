//! Issue 12's "done when": the whole daily loop walked in the real app at
//! 80×24 — log a call, open it, fix its summary, delete a duplicate task,
//! find the call by a word of its summary, merge two customers, complete
//! three tasks from Today — and every change confirmed afterwards with
//! `rolo --json`, the way a script would see it.

#[path = "common/pty.rs"]
mod pty;

use pty::{App, rolo};
use serde_json::Value;
use std::path::Path;

/// A Wednesday morning: Friday is 2026-11-20.
const NOW: &str = "2026-11-18T10:00:00+08:00";

/// Two cards for Ann (the second from her private email), Bob with an
/// overdue and a today task, and a task Ann has twice by mistake.
fn seeded() -> tempfile::TempDir {
    pty::seeded(
        NOW,
        &[
            &["add", "Ann Lee", "--company", "Acme Corp"][..],
            &[
                "add",
                "A. Lee",
                "--email",
                "ann.lee@gmail.com",
                "--tag",
                "vip",
            ],
            &["add", "Bob Smith", "--company", "Globex"],
            &[
                "task",
                "add",
                "globex",
                "send contract",
                "--due",
                "yesterday",
            ],
            &["task", "add", "globex", "renew domain", "--due", "today"],
            &["task", "add", "#1", "send brochure", "--due", "today"],
            &["task", "add", "#1", "send brochure", "--due", "today"],
        ],
    )
}

fn json(home: &Path, args: &[&str]) -> Value {
    pty::json(home, NOW, args)
}

fn status(home: &Path, task: u64) -> String {
    json(home, &["task", "show", &task.to_string()])["task"]["status"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn step(app: &mut App, keys: &str) {
    app.type_keys(keys);
    std::thread::sleep(std::time::Duration::from_millis(40));
}

#[test]
fn the_daily_loop_walked_in_the_app_and_confirmed_by_the_cli() {
    let dir = seeded();
    let home = dir.path();
    let mut app = App::spawn(home, NOW, &[]);
    app.wait_for("Acme Corp");

    // 1. Log a call with a next action, for Ann found by three letters.
    step(&mut app, "/acm\r");
    app.wait_selected("Ann Lee");
    step(&mut app, "c");
    app.wait_for("call #1: ");
    step(&mut app, "asked about volume pricing -> send quote @fri\r");
    app.wait_for("Logged call with Ann Lee");

    // 2. Open it: the Timeline's newest entry, whole, with its task.
    step(&mut app, "2");
    app.wait_selected("asked about volume pricing");
    step(&mut app, "\r");
    app.wait_for("send quote");

    // 3. Fix its summary in its form, from the detail view.
    step(&mut app, "E");
    app.wait_for("Edit call #1");
    step(&mut app, "\x15wants volume pricing for 60 seats\x13");
    app.wait_for("Updated call #1");
    step(&mut app, "\x1b");

    // 4. Delete the duplicate task: the second "send brochure" in Tasks.
    step(&mut app, "3");
    app.wait_for("Tasks");
    for _ in 0..10 {
        if app.reversed().iter().any(|r| r.contains("send brochure")) {
            break;
        }
        step(&mut app, "j");
    }
    app.wait_selected("send brochure");
    step(&mut app, "d");
    app.wait_for("Cancelled:");

    // 5. Find the call by a word of its summary, from another card.
    step(&mut app, "1j");
    app.wait_for("Timeline · A. Lee");
    step(&mut app, "\x06");
    step(&mut app, "volume");
    app.wait_for("wants volume pricing");
    step(&mut app, "\r");
    app.wait_selected("wants volume pricing");
    app.wait_for("Timeline · Ann Lee");

    // 6. Merge the two cards of Ann.
    step(&mut app, ":merge #1 #2\r");
    app.wait_for("Merged #2");

    // 7. Complete three tasks from Today.
    step(&mut app, "T");
    app.wait_for("Today");
    for _ in 0..3 {
        // A key acts on the row on screen: wait for the done one to leave
        // before the next x, as a person would see it go.
        let row = app
            .reversed()
            .into_iter()
            .find(|r| r.contains(" #"))
            .expect("a selected task in Today");
        step(&mut app, "x");
        app.wait_until("the done row to leave the selection", |a| {
            a.text().contains("Done:") && !a.reversed().contains(&row)
        });
    }
    app.quit();

    // What a script sees afterwards.
    let call = json(home, &["interaction", "show", "1"]);
    assert_eq!(
        call["interaction"]["summary"], "wants volume pricing for 60 seats",
        "{call}"
    );
    let brochures = [status(home, 3), status(home, 4)];
    let ann = json(home, &["show", "#1"]);
    let emails = ann["customer"]["emails"].to_string();
    assert!(emails.contains("ann.lee@gmail.com"), "{ann}");
    let gone = pty::run(home, NOW, &["show", "#2"]);
    assert_eq!(gone.status.code(), Some(2), "#2 was merged away");
    // Bob's two and the remaining brochure: done; the new "send quote" waits for Friday.
    assert_eq!(status(home, 1), "done");
    assert_eq!(status(home, 2), "done");
    let mut brochures = brochures;
    brochures.sort();
    assert_eq!(
        brochures,
        ["cancelled", "done"],
        "one duplicate cancelled, the other done"
    );
    let quote = json(home, &["task", "show", "5"]);
    assert_eq!(quote["task"]["title"], "send quote", "{quote}");
    assert_eq!(quote["task"]["status"], "open", "{quote}");
    assert!(
        quote["task"]["due"].to_string().contains("2026-11-20"),
        "{quote}"
    );
    // And the store is whole.
    rolo(home, NOW, &["check"]);
}
