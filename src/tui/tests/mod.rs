//! TUI tests: `update` driven by key strings, snapshots of `render`, and
//! robustness at every size. No terminal, no database.

mod charts;
mod deals;
mod find;
mod fix_log;
mod fixtures;
mod help;
mod hostile;
mod import;
mod keys;
mod layers;
mod palette_reads;
mod panes_sales;
mod reports;
mod robust;
mod rows;
mod snapshots;
mod status_line;
mod today;
mod trust;
mod view;
