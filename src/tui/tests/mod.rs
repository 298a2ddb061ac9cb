//! TUI tests: `update` driven by key strings, snapshots of `render`, and
//! robustness at every size.
