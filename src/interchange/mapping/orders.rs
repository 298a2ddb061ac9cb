//! Order rows (订单表): one order per row, on the customer it names.
//!
//! An order has no field for the sheet's order number, so it is kept at the
//! start of the items: `订单 SO-1001 · 50 seats` (`order SO-1001 · …` when
//! the column's header is not Chinese). [`order_number`] reads it back,
//! which is how a second import of the same sheet finds the orders the
//! first one made. Columns that map to nothing follow the items as
//! `Header: value`: an order has no custom fields, and an import drops
//! nothing.

use super::apply::{Row, customer_of, is_cjk, oversized, time_or_now};
use super::{CellError, Field, Plan, cells};
use crate::domain::{PaymentMethod, money};
use crate::text::sanitize;
use chrono::NaiveDateTime;

/// Between the order number, the items and the columns kept after them.
const SEPARATOR: &str = " · ";

/// An order row, read and checked; the customer is found when it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderIn {
    /// What names the customer (客户名称; the company when that is empty),
    /// to match by name or company, as a follow-up row does.
    pub customer_words: String,
    /// The company column, when there is one besides the customer column.
    pub company: String,
    /// 下单日期; `now` when the file has no date column. Never after `now`'s day.
    pub at: NaiveDateTime,
    /// Minor units, above zero.
    pub amount: i64,
    /// The 币种 column's code, else the one the amount's sign names; `None`:
    /// the configured currency.
    pub currency: Option<String>,
    /// 订单编号, as written (empty when none).
    pub number: String,
    pub payment: Option<PaymentMethod>,
    pub invoice: String,
    /// The order number, the items and the unmapped columns, as stored.
    pub items: String,
    /// 负责人 / 销售; empty: whoever runs the import.
    pub owner: String,
}

/// The order number an order's items start with (`订单 SO-1 · …`,
/// `order SO-1`), as an import keeps it.
pub fn order_number(items: &str) -> Option<&str> {
    let rest = items
        .strip_prefix("订单 ")
        .or_else(|| items.strip_prefix("order "))?;
    let number = rest.split(SEPARATOR).next().unwrap_or(rest).trim();
    (!number.is_empty()).then_some(number)
}

/// Read one order row (`line` is its physical line in the file).
pub fn order(
    plan: &Plan,
    line: usize,
    cells: &[String],
    now: NaiveDateTime,
) -> Result<OrderIn, Vec<CellError>> {
    if let Some(errors) = oversized(plan, line, cells) {
        return Err(errors);
    }
    let mut row = Row::new(plan, line, cells);
    let (customer_words, company) = customer_of(&mut row, plan);
    let at = time_or_now(&mut row, plan, now, "the order date", |c| placed(c, now));
    let currency = row.parse_first(&Field::Currency, |c| {
        money::parse_currency(c).map_err(|e| e.to_string())
    });
    let amount = match plan.columns_for(&Field::Amount).next() {
        Some(column) if row.first(&Field::Amount).is_none() => {
            let header = column.header.clone();
            row.error(&header, "the amount cannot be empty");
            None
        }
        _ => row.parse_first(&Field::Amount, |c| amount(c, currency.as_deref())),
    };
    let payment = row.parse_first(&Field::Payment, |c| {
        PaymentMethod::parse(c).map_err(|e| e.to_string())
    });
    let number = row.text(&Field::OrderNo);
    let items = items(&row, plan, &number);
    let (amount, named) = amount.unwrap_or((0, None));
    let value = OrderIn {
        customer_words,
        company,
        at: at.unwrap_or(now),
        amount,
        currency: currency.or(named),
        number,
        payment,
        invoice: row.text(&Field::Invoice),
        items,
        owner: row.text(&Field::Owner),
    };
    row.finish(value)
}

/// When the order was placed: any form a follow-up's time takes, and not
/// after today (an order is recorded once placed).
fn placed(cell: &str, now: NaiveDateTime) -> Result<NaiveDateTime, String> {
    let at = cells::at(cell, now)?;
    if at.date() > now.date() {
        return Err(format!(
            "\"{}\" is after today ({}): record an order once it is placed",
            sanitize(cell),
            now.format("%Y-%m-%d")
        ));
    }
    Ok(at)
}

/// The amount in minor units, above zero, with the currency its sign or
/// code names; one that names another currency than the 币种 column is refused.
fn amount(cell: &str, column: Option<&str>) -> Result<(i64, Option<String>), String> {
    let (minor, named) = money::parse_money(cell).map_err(|e| e.to_string())?;
    if minor <= 0 {
        return Err(format!(
            "\"{}\" is no amount to order (it must be above 0)",
            sanitize(cell)
        ));
    }
    if let (Some(named), Some(column)) = (&named, column)
        && named != column
    {
        return Err(format!(
            "\"{}\" is in {named} but the currency column says {column}",
            sanitize(cell)
        ));
    }
    Ok((minor, named))
}

/// `订单 <no> · <items> · Header: value …`: the order number first (in
/// the language of its column's header), then the items, then every column
/// that maps to nothing.
fn items(row: &Row<'_>, plan: &Plan, number: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !number.is_empty() {
        let chinese = plan
            .columns_for(&Field::OrderNo)
            .next()
            .is_some_and(|c| is_cjk(&c.header));
        let word = if chinese { "订单" } else { "order" };
        parts.push(format!("{word} {number}"));
    }
    let items = row.joined(&Field::Items, SEPARATOR);
    if !items.is_empty() {
        parts.push(items);
    }
    parts.extend(row.custom().iter().map(|(k, v)| format!("{k}: {v}")));
    parts.join(SEPARATOR)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interchange::mapping::{Kind, plan};

    /// Sunday 2026-11-22, 10:00.
    fn now() -> NaiveDateTime {
        NaiveDateTime::parse_from_str("2026-11-22 10:00", "%Y-%m-%d %H:%M").expect("test date")
    }

    fn strings(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|s| s.to_string()).collect()
    }

    fn plan_of(headers: &[&str]) -> Plan {
        plan(&strings(headers), &[], None).expect("plans")
    }

    fn fields(p: &Plan) -> Vec<String> {
        p.columns.iter().map(|c| c.field.to_string()).collect()
    }

    #[test]
    fn chinese_and_english_order_sheets_are_recognised_as_orders() {
        let zh = plan_of(&[
            "订单编号",
            "客户名称",
            "下单日期",
            "订单金额",
            "币种",
            "付款方式",
            "发票号码",
            "商品明细",
            "销售",
            "数量",
        ]);
        assert_eq!(zh.kind, Kind::Orders);
        assert_eq!(
            fields(&zh),
            [
                "order-no",
                "customer",
                "at",
                "amount",
                "currency",
                "payment",
                "invoice",
                "items",
                "owner",
                "custom:数量"
            ]
        );
        for (headers, want) in [
            (&["客户", "日期", "金额"][..], ["customer", "at", "amount"]),
            (
                &["公司", "交易日期", "实付金额"][..],
                ["company", "at", "amount"],
            ),
            (
                &["客户名称", "订单日期", "交易金额"][..],
                ["customer", "at", "amount"],
            ),
            (
                &["Customer", "Date", "Amount"][..],
                ["customer", "at", "amount"],
            ),
            (
                &["Company", "Order Date", "Total"][..],
                ["company", "at", "amount"],
            ),
            (
                &["Name", "Order Number", "Amount"][..],
                ["customer", "order-no", "amount"],
            ),
        ] {
            let p = plan_of(headers);
            assert_eq!(p.kind, Kind::Orders, "{headers:?}");
            assert_eq!(fields(&p), want, "{headers:?}");
        }
        let en = plan_of(&[
            "Order No",
            "Customer",
            "Date",
            "Amount",
            "Currency",
            "Payment Method",
            "Invoice No",
            "Items",
            "Owner",
        ]);
        assert_eq!(
            fields(&en),
            [
                "order-no", "customer", "at", "amount", "currency", "payment", "invoice", "items",
                "owner"
            ]
        );
        for headers in [
            &[
                "订单号",
                "客户",
                "支付方式",
                "金额",
                "产品",
                "负责人",
                "发票号",
            ][..],
            &["订单编号", "公司", "金额", "明细", "商品"][..],
        ] {
            assert_eq!(plan_of(headers).kind, Kind::Orders, "{headers:?}");
        }
    }

    #[test]
    fn order_columns_in_other_sheets_stay_custom_fields_and_the_kind_can_be_forced() {
        // A customer list with an amount column is still a customer list.
        let p = plan_of(&["姓名", "手机", "金额", "产品"]);
        assert_eq!(p.kind, Kind::Customers);
        assert_eq!(fields(&p), ["name", "phone", "custom:金额", "custom:产品"]);
        // A follow-up sheet keeps its kind.
        let p = plan_of(&["客户名称", "跟进时间", "跟进内容"]);
        assert_eq!(p.kind, Kind::FollowUps);
        // --kind orders over headers that say nothing of orders.
        let p = plan(
            &strings(&["客户", "Sum"]),
            &[("Sum".into(), "amount".into())],
            Some(Kind::Orders),
        )
        .expect("plans");
        assert_eq!(fields(&p), ["customer", "amount"]);
        // An orders sheet needs its customer and amount.
        let err =
            plan(&strings(&["客户", "日期"]), &[], Some(Kind::Orders)).expect_err("no amount");
        assert!(err.to_string().contains("order's amount"), "{err}");
        let err = plan(&strings(&["金额", "日期"]), &[], Some(Kind::Orders)).expect_err("no one");
        assert!(err.to_string().contains("order's customer"), "{err}");
    }

    #[test]
    fn an_order_row_reads_every_field_and_keeps_the_order_number_in_items() {
        let p = plan_of(&[
            "订单编号",
            "客户名称",
            "下单日期",
            "订单金额",
            "付款方式",
            "发票号码",
            "商品明细",
            "销售",
            "数量",
        ]);
        let row = strings(&[
            "SO-1001",
            "王芳",
            "2026年11月20日",
            "¥12,000.50",
            "银行转账",
            "04403120",
            "办公椅 x20",
            "李雷",
            "20",
        ]);
        let o = order(&p, 2, &row, now()).expect("reads");
        assert_eq!(o.customer_words, "王芳");
        assert_eq!(o.at.date().to_string(), "2026-11-20");
        assert_eq!((o.amount, o.currency.as_deref()), (1_200_050, None));
        assert_eq!(o.payment, Some(PaymentMethod::Transfer));
        assert_eq!(o.invoice, "04403120");
        assert_eq!(o.items, "订单 SO-1001 · 办公椅 x20 · 数量: 20");
        assert_eq!(o.owner, "李雷");
        assert_eq!(order_number(&o.items), Some("SO-1001"));

        let p = plan_of(&["Order No", "Customer", "Date", "Amount", "Currency"]);
        for (date, amount, currency) in [
            ("2026/11/20", "$500", Some("USD")),
            ("2026-11-20", "500", Some("EUR")),
            ("46346", "500 USD", Some("USD")),
        ] {
            let cur = if amount == "500" { "eur" } else { "" };
            let row = strings(&["A-7", "Acme", date, amount, cur]);
            let o = order(&p, 3, &row, now()).expect(date);
            assert_eq!(o.at.date().to_string(), "2026-11-20", "{date}");
            assert_eq!((o.amount, o.currency.as_deref()), (50_000, currency));
            assert_eq!(o.items, "order A-7");
        }
        assert_eq!(order_number("order A-7 · chairs"), Some("A-7"));
        assert_eq!(order_number("chairs"), None);
        assert_eq!(order_number("订单 "), None);
    }

    #[test]
    fn bad_order_cells_are_named_by_line_and_column() {
        let p = plan_of(&["客户", "日期", "金额", "币种", "付款方式"]);
        for (cells, column, says) in [
            (
                ["", "2026-11-20", "100", "", ""],
                "客户",
                "customer cannot be empty",
            ),
            (["Ann", "2026-11-20", "¥abc", "", ""], "金额", "¥abc"),
            (
                ["Ann", "2026-11-20", "", "", ""],
                "金额",
                "amount cannot be empty",
            ),
            (["Ann", "2026-11-20", "0", "", ""], "金额", "above 0"),
            (["Ann", "2026-11-20", "-5", "", ""], "金额", "-5"),
            (
                ["Ann", "2026-11-20", "$5", "CNY", ""],
                "金额",
                "currency column says CNY",
            ),
            (["Ann", "2026-11-20", "5", "dollars", ""], "币种", "dollars"),
            (
                ["Ann", "2026-12-01", "5", "", ""],
                "日期",
                "after today (2026-11-22)",
            ),
            (
                ["Ann", "", "5", "", ""],
                "日期",
                "order date cannot be empty",
            ),
            (["Ann", "2026-13-01", "5", "", ""], "日期", "2026-13-01"),
            (
                ["Ann", "2026-11-20", "5", "", "比特币"],
                "付款方式",
                "比特币",
            ),
        ] {
            let errors = order(&p, 4, &strings(&cells), now()).expect_err(says);
            let text = errors[0].to_string();
            assert!(
                text.starts_with(&format!("line 4, column \"{column}\"")) && text.contains(says),
                "{cells:?}: {text}"
            );
        }
    }
}
