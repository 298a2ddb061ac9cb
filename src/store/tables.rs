//! Every table rolo keeps. Rows are rmp-serde records with named fields
//! (see `codec`); the `IDX_*` tables are secondary indexes written in the
//! same transaction as their rows.

use redb::TableDefinition;

/// `schema_version`, `generation`, `database_id` and the id counters `next_*`.
pub const META: TableDefinition<&str, u64> = TableDefinition::new("meta");

pub const CUSTOMERS: TableDefinition<u64, &[u8]> = TableDefinition::new("customers");
pub const INTERACTIONS: TableDefinition<u64, &[u8]> = TableDefinition::new("interactions");
pub const TASKS: TableDefinition<u64, &[u8]> = TableDefinition::new("tasks");
pub const AUDIT: TableDefinition<u64, &[u8]> = TableDefinition::new("audit");
pub const DEALS: TableDefinition<u64, &[u8]> = TableDefinition::new("deals");
/// Service cases (requests and complaints).
pub const CASES: TableDefinition<u64, &[u8]> = TableDefinition::new("cases");
/// Orders: what customers bought.
pub const ORDERS: TableDefinition<u64, &[u8]> = TableDefinition::new("orders");
/// Campaign key (`Campaign::key`) → encoded `Campaign`.
pub const CAMPAIGNS: TableDefinition<&str, &[u8]> = TableDefinition::new("campaigns");
/// Saved view name → encoded `CustomerFilter`.
pub const VIEWS: TableDefinition<&str, &[u8]> = TableDefinition::new("views");
/// Unix user → the journal of their last write (an encoded `Undo`; empty
/// when that write was a bulk one), for `rolo undo` from any process.
pub const LAST_WRITE: TableDefinition<&str, &[u8]> = TableDefinition::new("last_write");
/// Operation ids a caller gave (`--op-id`) → when they were applied: a
/// command retried with the same id after an unknown outcome is not
/// applied twice.
pub const OPS: TableDefinition<&str, i64> = TableDefinition::new("ops");
/// Operation id → a fingerprint of the command it was applied for: the
/// same id given with another command is a mistake, not a retry.
pub const OP_COMMANDS: TableDefinition<&str, u64> = TableDefinition::new("op_commands");

/// Customer id -> (name, company, first email): the compact text the search
/// index is built from, so a full scan never decodes whole records.
pub const SEARCH_TEXT: TableDefinition<u64, (&str, &str, &str)> =
    TableDefinition::new("search_text");

/// (lookup key, customer id): exact REF resolution and duplicate checks.
/// Keys are prefixed: `n:` name, `c:` company, `e:` email, `p:` phone digits.
/// A phone as typed → (its key, the form a card shows it in): what
/// libphonenumber made of it when it was written, so that reading a card
/// or rewriting a customer never parses it again (see `phone_forms`).
pub const PHONE_FORMS: TableDefinition<&str, (&str, &str)> = TableDefinition::new("phone_forms");
pub const IDX_LOOKUP: TableDefinition<(&str, u64), ()> = TableDefinition::new("idx_lookup");
/// (customer, at in ms, interaction): a customer's timeline in time order.
pub const IDX_TIMELINE: TableDefinition<(u64, i64, u64), ()> = TableDefinition::new("idx_timeline");
/// (customer, task): every task of a customer.
pub const IDX_CUSTOMER_TASKS: TableDefinition<(u64, u64), ()> =
    TableDefinition::new("idx_customer_tasks");
/// (customer, deal): every deal of a customer.
pub const IDX_CUSTOMER_DEALS: TableDefinition<(u64, u64), ()> =
    TableDefinition::new("idx_customer_deals");
/// (customer, case): every service case of a customer.
pub const IDX_CUSTOMER_CASES: TableDefinition<(u64, u64), ()> =
    TableDefinition::new("idx_customer_cases");
/// (opened at in s, case) for cases not yet resolved, oldest first.
pub const IDX_OPEN_CASES: TableDefinition<(i64, u64), ()> = TableDefinition::new("idx_open_cases");
/// (customer, placed at in s, order): a customer's orders, oldest first.
pub const IDX_CUSTOMER_ORDERS: TableDefinition<(u64, i64, u64), ()> =
    TableDefinition::new("idx_customer_orders");
/// (placed at in s, order): every order by date, for periods and reports.
pub const IDX_ORDER_DATES: TableDefinition<(i64, u64), ()> =
    TableDefinition::new("idx_order_dates");
/// (due key, task) for open tasks; undated ones sort last (`i64::MAX`).
pub const IDX_OPEN_DUE: TableDefinition<(i64, u64), ()> = TableDefinition::new("idx_open_due");
/// (quiet-from in s, customer) for customers with a cadence.
pub const IDX_QUIET: TableDefinition<(i64, u64), ()> = TableDefinition::new("idx_quiet");
/// (last touch in s, customer): last contact, or creation when never contacted.
pub const IDX_LAST_TOUCH: TableDefinition<(i64, u64), ()> = TableDefinition::new("idx_last_touch");

// Maintained answers for `rolo report` (schema 4): kept by the row
// functions in the same transaction as their rows, so a report reads a
// short range instead of decoding every record.

/// "YYYY-MM-DD kind author" (the interaction's own local day) → how many
/// interactions of that kind that author logged that day. Zero counts
/// are removed.
pub const AGG_ACTIVITY: TableDefinition<&str, u64> = TableDefinition::new("agg_activity");
/// (created on, as a local day number, deal): the funnel's cohort.
pub const IDX_DEAL_CREATED: TableDefinition<(i64, u64), ()> =
    TableDefinition::new("idx_deal_created");
/// (closed on, as a local day number, deal) for deals with a close date.
pub const IDX_DEAL_CLOSED: TableDefinition<(i64, u64), ()> =
    TableDefinition::new("idx_deal_closed");
/// Deal id → its figures (`maintained::DealFigures`: customer, stage,
/// amount, currency, probability, status, created and closed moments as
/// numbers): what the reports read of a deal, without its title, history
/// or date text to decode.
pub const DEAL_FIGURES: TableDefinition<u64, &[u8]> = TableDefinition::new("deal_figures");
/// Customer id → what the reports read of a customer
/// (`maintained::CustomerFigures`, moments as numbers): sources and
/// campaigns group every customer without decoding whole records.
/// Open task id → its figures (`maintained::TaskFigures`: customer,
/// priority, due): what the ranked queue scores a task by, so the week's
/// tasks are scored without reading their records. Only open tasks.
pub const OPEN_TASK_FIGURES: TableDefinition<u64, &[u8]> =
    TableDefinition::new("open_task_figures");
pub const CUSTOMER_FIGURES: TableDefinition<u64, &[u8]> = TableDefinition::new("customer_figures");
/// (group, customer): the customers of each report group, `s:` + the
/// folded source group, `c:` + the folded campaign group
/// (`domain::source_group`, `campaign_group`, lowercased). A group's first
/// entry names it.
pub const IDX_GROUP_MEMBERS: TableDefinition<(&str, u64), ()> =
    TableDefinition::new("idx_group_members");
/// "YYYY-MM-DD group" (the customer's own local creation day) → customers
/// of that group created that day: a group's size, and its new customers
/// in a period, without reading the customers.
pub const AGG_GROUP_DAYS: TableDefinition<&str, u64> = TableDefinition::new("agg_group_days");
/// (created on, as a local day number, deal) for open deals: the forecast.
pub const IDX_OPEN_DEALS: TableDefinition<(i64, u64), ()> = TableDefinition::new("idx_open_deals");

pub const SCHEMA_VERSION: &str = "schema_version";
pub const GENERATION: &str = "generation";
/// The region the `p:` keys in `idx_lookup` read national numbers in
/// (0: auto; else the two ASCII letters of a region code, high byte
/// first). Absent in files from before schema 3, whose keys are the old kind.
pub const PHONE_REGION: &str = "phone_region";
/// Set by an erasure in its own transaction and absent from the rewritten
/// file: while it is there, the file may still hold the erased values in
/// free pages, and the next open rewrites it before anything else.
pub const SCRUB_PENDING: &str = "scrub_pending";
/// Bumped by writes that change a customer's name, company or email (the list and search).
pub const NAMES_GENERATION: &str = "names_generation";
pub const NEXT_CUSTOMER: &str = "next_customer";
pub const NEXT_INTERACTION: &str = "next_interaction";
pub const NEXT_TASK: &str = "next_task";
pub const NEXT_DEAL: &str = "next_deal";
pub const NEXT_CASE: &str = "next_case";
pub const NEXT_ORDER: &str = "next_order";
pub const NEXT_AUDIT: &str = "next_audit";
/// A random number given to the file when it is created (or, for a file
/// made before it existed, by its next write): tells one database from
/// another where a path alone cannot (a form draft names its database).
pub const DATABASE_ID: &str = "database_id";
/// In a team database's working copy (`pg::local`): the team database's
/// revision and visibility it holds, and its newest audit entry.
pub const TEAM_REVISION: &str = "team_revision";
pub const TEAM_VISIBILITY: &str = "team_visibility";
pub const TEAM_AUDIT_SEQ: &str = "team_audit_seq";
