//! The trigger of the daily automatic backup (config `auto_backup`), shared
//! by the command line (after a command that wrote) and the app (after a
//! write of its store worker). The backup itself is the store's
//! (`Store::daily_backup`); this only decides when and starts it on its own.

use crate::config::Config;
use crate::store::Store;
use chrono::{DateTime, FixedOffset, NaiveDate};
use std::path::Path;

/// Start `rolo --db DB backup --daily` on its own, not waiting for it: on a
/// 100k-customer database a backup takes seconds, which neither the prompt
/// nor the app should wait for.
pub fn start_detached(db: &Path) -> std::io::Result<()> {
    use std::os::unix::process::CommandExt;
    use std::process::{Command, Stdio};
    Command::new(std::env::current_exe()?)
        .arg("--db")
        .arg(db)
        .args(["backup", "--daily"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        // Its own process group: ctrl-c at the prompt does not stop it.
        .process_group(0)
        .spawn()
        .map(drop)
}

/// The app's trigger: after a write, start the day's backup if it has none
/// yet, at most once a day (an app left open overnight takes the next
/// day's after that day's first write).
#[derive(Debug, Default)]
pub struct Trigger {
    started_on: Option<NaiveDate>,
}

impl Trigger {
    /// Called after each write; a failure to start is left for the next write.
    pub fn after_write(&mut self, store: &Store, config: &Config, now: DateTime<FixedOffset>) {
        let today = now.date_naive();
        if !config.auto_backup || self.started_on == Some(today) || !store.backup_due(now) {
            return;
        }
        if start_detached(store.path()).is_ok() {
            self.started_on = Some(today);
        }
    }
}
