//! TUI tests: `update` driven by key strings, snapshots of `render`, and
//! robustness at every size. No terminal, no database.

mod fixtures;
mod import;
mod keys;
mod panes_sales;
mod robust;
mod snapshots;
mod view;
