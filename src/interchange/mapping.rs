//! Column mapping: which header means which field, and turning a record into
//! a customer draft or a follow-up (interaction plus next-action task).
//!
//! Pure: the caller reads and decodes the file (`table`), this module maps
//! headers ([`plan`]) and applies the plan to each record ([`customer`],
//! [`follow_up`]), reporting every bad cell with its physical line, its
//! column's header and the reason. Columns that map to nothing become custom
//! fields; nothing is dropped.

pub mod aliases;
mod apply;
mod cells;
#[cfg(test)]
mod tests;

mod orders;

pub use apply::{CustomerIn, FollowUpIn, customer, follow_up};
pub use orders::{OrderIn, order, order_number};

use crate::text::sanitize;
use std::fmt;

/// A field a column can feed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Field {
    Name,
    FirstName,
    LastName,
    Company,
    Title,
    Email,
    Phone,
    Industry,
    Tags,
    Stage,
    Source,
    /// Campaign / 市场活动
    Campaign,
    Owner,
    Address,
    Cadence,
    Notes,
    LastContact,
    NextAction,
    /// 客户编号 / Record ID / 线索编号
    ExternalId,
    /// `created_at` of rolo's own export: recognised so it does not become
    /// a custom field, and not imported (the customer is created now, in
    /// this book).
    Created,
    // Follow-up records:
    /// 客户名称: the customer the follow-up belongs to (matched by name or company).
    Customer,
    /// 跟进人
    Author,
    /// 跟进时间
    At,
    /// 跟进方式
    Kind,
    /// 跟进内容摘要
    Summary,
    /// 客户反馈
    Feedback,
    /// 下一步行动
    Next,
    /// 预计完成时间
    Due,
    // Order records:
    /// 金额 / 订单金额 / 实付金额: the amount, with or without its sign (`¥12,000.50`).
    Amount,
    /// 币种
    Currency,
    /// 订单编号 / 订单号: kept at the start of the order's items (`订单 SO-1`).
    OrderNo,
    /// 付款方式 / 支付方式
    Payment,
    /// 发票号 / 发票号码
    Invoice,
    /// 商品 / 商品明细 / 产品
    Items,
    /// 下单日期 / 订单日期 / 日期: when the order was placed (its `at`).
    OrderDate,
    /// Kept as a custom field under this name.
    Custom(String),
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Field::Name => "name",
            Field::FirstName => "first-name",
            Field::LastName => "last-name",
            Field::Company => "company",
            Field::Title => "title",
            Field::Email => "email",
            Field::Phone => "phone",
            Field::Industry => "industry",
            Field::Tags => "tags",
            Field::Stage => "stage",
            Field::Source => "source",
            Field::Campaign => "campaign",
            Field::Owner => "owner",
            Field::Address => "address",
            Field::Cadence => "cadence",
            Field::Notes => "notes",
            Field::LastContact => "last-contact",
            Field::NextAction => "next-action",
            Field::ExternalId => "external-id",
            Field::Created => "created",
            Field::Customer => "customer",
            Field::Author => "author",
            Field::At => "at",
            Field::Kind => "kind",
            Field::Summary => "summary",
            Field::Feedback => "feedback",
            Field::Next => "next",
            Field::Due => "due",
            Field::Amount => "amount",
            Field::Currency => "currency",
            Field::OrderNo => "order-no",
            Field::Payment => "payment",
            Field::Invoice => "invoice",
            Field::Items => "items",
            Field::OrderDate => "order-date",
            Field::Custom(name) => return write!(f, "custom:{name}"),
        };
        f.write_str(name)
    }
}

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Customers,
    /// Follow-up records (跟进记录): one interaction per row.
    FollowUps,
    /// An orders sheet (订单表): one order per row, on the customer it names.
    Orders,
}

impl Kind {
    /// As reports and `--kind` name it.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Customers => "customers",
            Kind::FollowUps => "follow-ups",
            Kind::Orders => "orders",
        }
    }
}

/// One column of the file and the field it feeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// Position in each record.
    pub index: usize,
    /// The header as in the file (trimmed).
    pub header: String,
    pub field: Field,
}

/// How a file's columns map to fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub kind: Kind,
    /// Every column of the header row, in order.
    pub columns: Vec<Column>,
}

impl Plan {
    /// The columns feeding `field`, in file order.
    pub fn columns_for<'a, 'f>(
        &'a self,
        field: &'f Field,
    ) -> impl Iterator<Item = &'a Column> + use<'a, 'f> {
        self.columns.iter().filter(move |c| &c.field == field)
    }

    pub fn has(&self, field: &Field) -> bool {
        self.columns_for(field).next().is_some()
    }
}

/// One line per column: `Header → field`, for a dry run or `--map` help.
impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "file holds {}", self.kind.as_str())?;
        for c in &self.columns {
            writeln!(f, "  {} → {}", c.header, c.field)?;
        }
        Ok(())
    }
}

/// A bad cell: its physical line in the file, its column's header, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError {
    pub line: usize,
    /// The header as in the file (empty when the row as a whole is at fault).
    pub column: String,
    pub reason: String,
}

impl fmt::Display for CellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.column.is_empty() {
            write!(f, "line {}: {}", self.line, self.reason)
        } else {
            write!(
                f,
                "line {}, column \"{}\": {}",
                self.line,
                sanitize(&crate::text::truncate(&self.column, 60)),
                self.reason
            )
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MappingError {
    #[error(
        "invalid --map \"{}\" (expected 'Header=field', e.g. '手机=phone' or 'Region=custom:region')",
        sanitize(.0)
    )]
    BadMapArg(String),
    #[error(
        "unknown field \"{}\" (expected one of: name, first-name, last-name, company, title, email, phone, industry, tags, stage, source, owner, address, cadence, notes, last-contact, next-action, id, customer, author, at, kind, summary, feedback, next, due, amount, currency, order-no, payment, invoice, items, order-date, custom:NAME)",
        sanitize(.0)
    )]
    UnknownField(String),
    #[error(
        "--map names the column \"{}\", but the file has no such column (columns: {columns})",
        sanitize(.header)
    )]
    UnknownHeader { header: String, columns: String },
    #[error("the file has no header row")]
    NoHeaders,
    #[error(
        "no column gives the {what} (columns: {columns}); name one with --map 'Header={field}'"
    )]
    Missing {
        what: &'static str,
        field: &'static str,
        columns: String,
    },
}

// Every variant is something the user typed or gave rolo to read.
impl crate::fault::Blamed for MappingError {
    fn blame(&self) -> crate::fault::Blame {
        crate::fault::Blame::Input
    }
}

/// Parse a `--map 'Header=field'` argument. The field is a rolo field name
/// (`name`, `company`, `email`, `phone`, `tags`, `stage`, `last-contact`,
/// …), any known header alias (`手机`), or `custom:anything`.
pub fn parse_map_arg(s: &str) -> Result<(String, String), MappingError> {
    let (header, field) = s
        .rsplit_once('=')
        .ok_or_else(|| MappingError::BadMapArg(s.to_string()))?;
    let (header, field) = (header.trim(), field.trim());
    if header.is_empty() || field.is_empty() {
        return Err(MappingError::BadMapArg(s.to_string()));
    }
    parse_field(field)?;
    Ok((header.to_string(), field.to_string()))
}

/// A field name as `--map` accepts it.
pub fn parse_field(name: &str) -> Result<Field, MappingError> {
    let name = name.trim();
    if let Some(custom) = name
        .strip_prefix("custom:")
        .or_else(|| name.strip_prefix("CUSTOM:"))
    {
        let custom = custom.trim();
        return if custom.is_empty() {
            Err(MappingError::UnknownField(name.to_string()))
        } else {
            Ok(Field::Custom(custom.to_string()))
        };
    }
    aliases::field_name(name).ok_or_else(|| MappingError::UnknownField(name.to_string()))
}

/// The header prefix that makes a column a custom field whatever its name.
pub const CUSTOM_PREFIX: &str = "custom:";

/// Whether a header would be read as a custom field named `key`, exactly:
/// the export writes any other custom key as `custom:KEY`.
pub fn reads_as_custom(key: &str) -> bool {
    !key.is_empty()
        && key.trim() == key
        && !key.starts_with(CUSTOM_PREFIX)
        && !key.starts_with(['\'', '\u{feff}', '=', '+', '-', '@'])
        && aliases::lookup(key).is_none()
}

/// A cell as it was before rolo's (or a spreadsheet user's) formula guard:
/// a `'` before `=`, `+`, `-`, `@`, tab, CR or another `'` is removed. The
/// export adds it before exactly those, so a `'` the user typed survives.
pub fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) => rest,
        _ => cell,
    }
}

/// Map the header row. `overrides` are `--map` pairs (header, field name);
/// a header is matched exactly, else like the alias tables (ignoring case,
/// spaces and punctuation). `kind` forces the file kind; without it a file
/// with a customer column plus a summary, time or method column (or a name
/// column plus a summary and a time or method) holds follow-ups, anything
/// else customers.
pub fn plan(
    headers: &[String],
    overrides: &[(String, String)],
    kind: Option<Kind>,
) -> Result<Plan, MappingError> {
    if headers.iter().all(|h| h.trim().is_empty()) {
        return Err(MappingError::NoHeaders);
    }
    let mut columns: Vec<Column> = headers
        .iter()
        .enumerate()
        .map(|(index, h)| {
            let header = h.trim().trim_start_matches('\u{feff}').to_string();
            let header = unguard(&header).to_string();
            // `custom:KEY` is how rolo's export names a custom field whose
            // key would otherwise read as a field of its own.
            let field = match header.strip_prefix(CUSTOM_PREFIX) {
                Some(key) if !key.is_empty() => Field::Custom(key.to_string()),
                _ => aliases::lookup(&header).unwrap_or_else(|| Field::Custom(header.clone())),
            };
            Column {
                index,
                header,
                field,
            }
        })
        .collect();
    outlook_salutation(&mut columns);
    let mut pinned = vec![false; columns.len()];
    for (header, field) in overrides {
        let field = parse_field(field)?;
        let at = find_header(&columns, header).ok_or_else(|| MappingError::UnknownHeader {
            header: header.clone(),
            columns: list_headers(&columns),
        })?;
        columns[at].field = field;
        pinned[at] = true;
    }
    let has = |f: Field| columns.iter().any(|c| c.field == f);
    let kind = kind.unwrap_or_else(|| detect(&columns));
    let names = has(Field::Name) || has(Field::FirstName) || has(Field::LastName);
    let customer_col = has(Field::Customer);
    let author_col = has(Field::Author);
    for (column, pinned) in columns.iter_mut().zip(pinned) {
        if !pinned {
            column.field = settle(
                kind,
                &column.field,
                &column.header,
                names,
                customer_col,
                author_col,
            );
        }
    }
    let plan = Plan { kind, columns };
    check_required(&plan)?;
    Ok(plan)
}

/// Orders when something names the customer and an amount column comes
/// with a column only an order has (order number, order date, payment,
/// invoice) or a date, or with an items column beside a customer column (a
/// customer list may note a product of interest); follow-ups when a
/// customer column comes with a time, method or summary column, or a name
/// column with a summary plus a time or method; else customers.
fn detect(columns: &[Column]) -> Kind {
    let has = |f: Field| columns.iter().any(|c| c.field == f);
    let about = has(Field::At) || has(Field::Kind);
    let names = has(Field::Customer) || has(Field::Company) || has(Field::Name);
    let order_only = [
        Field::OrderNo,
        Field::OrderDate,
        Field::Payment,
        Field::Invoice,
        Field::At,
    ]
    .into_iter()
    .any(has)
        || (has(Field::Customer) && has(Field::Items));
    if names && has(Field::Amount) && order_only {
        Kind::Orders
    } else if (has(Field::Customer) && (about || has(Field::Summary)))
        || (has(Field::Name) && has(Field::Summary) && about)
    {
        Kind::FollowUps
    } else {
        Kind::Customers
    }
}

/// Adjust a looked-up field to the file's kind: a follow-up column in a
/// customer list (and the reverse) means its counterpart or stays as a custom field.
fn settle(
    kind: Kind,
    field: &Field,
    header: &str,
    has_names: bool,
    has_customer: bool,
    has_author: bool,
) -> Field {
    let custom = || Field::Custom(header.to_string());
    match kind {
        Kind::Customers => match field {
            Field::Customer if !has_names => Field::Name,
            Field::Next => Field::NextAction,
            Field::At => Field::LastContact,
            Field::Customer
            | Field::Author
            | Field::Kind
            | Field::Summary
            | Field::Feedback
            | Field::Due
            | Field::Amount
            | Field::Currency
            | Field::OrderNo
            | Field::Payment
            | Field::Invoice
            | Field::Items
            | Field::OrderDate => custom(),
            other => other.clone(),
        },
        Kind::FollowUps => match field {
            Field::Name if !has_customer => Field::Customer,
            Field::NextAction => Field::Next,
            Field::LastContact => Field::At,
            Field::Owner if !has_author => Field::Author,
            Field::Notes => Field::Summary,
            Field::Customer
            | Field::Company
            | Field::ExternalId
            | Field::Author
            | Field::At
            | Field::Kind
            | Field::Summary
            | Field::Feedback
            | Field::Next
            | Field::Due
            | Field::Custom(_) => field.clone(),
            _ => custom(),
        },
        Kind::Orders => match field {
            Field::Name if !has_customer => Field::Customer,
            Field::OrderDate => Field::At,
            Field::Customer
            | Field::Company
            | Field::Owner
            | Field::At
            | Field::Amount
            | Field::Currency
            | Field::OrderNo
            | Field::Payment
            | Field::Invoice
            | Field::Items
            | Field::Custom(_) => field.clone(),
            _ => custom(),
        },
    }
}

/// Outlook's `Title` is the salutation (Mr., Dr.) when a `Job Title` column
/// exists too: keep it as a custom field.
fn outlook_salutation(columns: &mut [Column]) {
    let has_job_title = columns
        .iter()
        .any(|c| c.field == Field::Title && aliases::key(&c.header) == "jobtitle");
    if has_job_title {
        for c in columns.iter_mut() {
            if c.field == Field::Title && aliases::key(&c.header) == "title" {
                c.field = Field::Custom(c.header.clone());
            }
        }
    }
}

fn check_required(plan: &Plan) -> Result<(), MappingError> {
    let missing = |what, field| MappingError::Missing {
        what,
        field,
        columns: list_headers(&plan.columns),
    };
    match plan.kind {
        Kind::Customers => {
            if !(plan.has(&Field::Name)
                || plan.has(&Field::FirstName)
                || plan.has(&Field::LastName))
            {
                return Err(missing("customer's name", "name"));
            }
        }
        Kind::FollowUps => {
            if !(plan.has(&Field::Customer) || plan.has(&Field::Company)) {
                return Err(missing("follow-up's customer", "customer"));
            }
        }
        Kind::Orders => {
            if !(plan.has(&Field::Customer) || plan.has(&Field::Company)) {
                return Err(missing("order's customer", "customer"));
            }
            if !plan.has(&Field::Amount) {
                return Err(missing("order's amount", "amount"));
            }
        }
    }
    Ok(())
}

fn find_header(columns: &[Column], header: &str) -> Option<usize> {
    let wanted = header.trim();
    columns.iter().position(|c| c.header == wanted).or_else(|| {
        let k = aliases::key(wanted);
        columns
            .iter()
            .position(|c| !k.is_empty() && aliases::key(&c.header) == k)
    })
}

/// The headers for a message: the first few, each cut short and with
/// control characters made visible, then how many more there are (a file
/// can have thousands).
fn list_headers(columns: &[Column]) -> String {
    const SHOWN: usize = 30;
    let mut list = columns
        .iter()
        .take(SHOWN)
        .map(|c| sanitize(&crate::text::truncate(&c.header, 40)).into_owned())
        .collect::<Vec<_>>()
        .join(", ");
    if columns.len() > SHOWN {
        list.push_str(&format!(
            " and {} more",
            crate::interchange::grouped(columns.len() - SHOWN)
        ));
    }
    list
}
