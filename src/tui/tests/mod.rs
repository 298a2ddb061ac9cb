//! TUI tests: `update` driven by key strings, snapshots of `render`, and
//! robustness at every size. No terminal, no database.

mod fixtures;
mod import;
mod keys;
mod robust;
mod panes_sales;
mod snapshots;
mod view;
