//! rolo — a terminal CRM for keyboard-driven salespeople.
//!
//! The layout follows the architecture (see `docs/ARCHITECTURE.md`):
//! pure modules (`domain`, `dates`, `palette`, `search`, `report`) around one
//! I/O module per boundary (`store` for redb, `cli` for the shell).

pub mod cli;
pub mod config;
pub mod daily_backup;
pub mod dates;
pub mod demo;
pub mod domain;
pub mod exec;
pub mod fault;
pub mod files;
pub mod grep;
pub mod interchange;
pub mod palette;
pub mod queue;
pub mod report;
pub mod review;
pub mod search;
pub mod store;
pub mod text;

pub mod tui;
