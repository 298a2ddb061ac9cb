//! End-to-end tests of the `rolo` binary: a temp database, a pinned
//! `ROLO_NOW`, no colour, nothing from the user's own setup.

mod backup;
mod bad_input;
mod cases;
mod check;
mod concurrency;
mod corrections;
mod csv_corpus;
mod customers;
mod deals;
mod erase;
mod export;
mod files;
mod grep;
mod hostile;
mod import;
mod import_encodings;
mod import_headers;
mod import_malformed;
mod import_orders;
mod import_round_trip;
mod logging;
mod orders;
mod palette_sales;
mod phones;
mod ranked;
mod report;
mod segments;
mod tasks;
mod trust;
mod undo;
mod vcard_corpus;
mod verify;

use assert_cmd::Command;
use serde_json::Value;
use std::path::PathBuf;

/// Sunday 2026-11-22, 09:00 in Shanghai.
pub const NOW: &str = "2026-11-22T09:00:00+08:00";

pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Default for Env {
    fn default() -> Env {
        Env {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }
}

impl Env {
    pub fn new() -> Env {
        Env::default()
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("rolo.redb")
    }

    /// `rolo ARGS` against this environment's database at `NOW`.
    pub fn rolo(&self, args: &[&str]) -> Command {
        self.rolo_at(NOW, args)
    }

    pub fn rolo_at(&self, now: &str, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("rolo").expect("binary built");
        cmd.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("USER", "tester")
            .env("ROLO_DB", self.db())
            .env("ROLO_CONFIG_DIR", self.dir.path().join("config"))
            .env("ROLO_NOW", now)
            .env("NO_COLOR", "1")
            .args(args);
        cmd
    }

    /// Run, expect success, return stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.rolo(args).output().expect("runs");
        assert!(
            out.status.success(),
            "rolo {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 output")
    }

    /// Run with `--json`, expect success, parse stdout.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.push("--json");
        serde_json::from_str(&self.ok(&all)).expect("valid JSON")
    }

    /// Run, expect exit `code`, return stderr.
    pub fn fails(&self, code: i32, args: &[&str]) -> String {
        let out = self.rolo(args).output().expect("runs");
        assert_eq!(
            out.status.code(),
            Some(code),
            "rolo {args:?}: stdout {} stderr {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stderr).expect("utf-8 errors")
    }

    /// A small book: Acme's Ann, two 王伟 at different companies, and Globex.
    pub fn with_customers(self) -> Env {
        self.ok(&[
            "add",
            "Ann Lee",
            "--company",
            "Acme Corp",
            "--email",
            "ann@acme.com",
            "--phone",
            "+86 138-0013-8000",
            "--tag",
            "vip",
        ]);
        self.ok(&[
            "add",
            "王伟",
            "--company",
            "华信科技",
            "--email",
            "wang.wei@huaxin.cn",
        ]);
        self.ok(&[
            "add",
            "王伟",
            "--company",
            "腾达电子",
            "--phone",
            "139 1234 5678",
        ]);
        self.ok(&[
            "add",
            "Bob Stone",
            "--company",
            "Globex",
            "--stage",
            "customer",
            "--cadence",
            "14",
        ]);
        self
    }
}

/// File names in `dir`, sorted; none if it does not exist.
pub fn names(dir: &std::path::Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
