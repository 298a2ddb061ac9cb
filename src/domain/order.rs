//! Orders: what a customer actually bought, when, for how much and how
//! they paid. Deals are the pipeline (what we hope to sell); orders are
//! the ledger that customer value (spend, repurchase, lifetime value) is
//! counted from. An order made from a won deal names it, so the two are
//! never counted twice (see `value::purchases`).

use super::{CustomerId, Deal, DealId, DealStatus, OrderId, ValidationError, money, parse_word};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use std::fmt;

/// How an order was paid. Chinese order sheets (订单表) name these in a
/// 付款方式 column, so the Chinese words parse too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    Cash,
    /// A bank transfer (对公转账 for companies).
    Transfer,
    Alipay,
    Wechat,
    /// A bank or credit card at a terminal (刷卡).
    Card,
    Cheque,
    /// On account, settled later (月结, 赊账): common between companies.
    Credit,
    Other,
}

impl PaymentMethod {
    pub const ALL: [PaymentMethod; 8] = [
        PaymentMethod::Cash,
        PaymentMethod::Transfer,
        PaymentMethod::Alipay,
        PaymentMethod::Wechat,
        PaymentMethod::Card,
        PaymentMethod::Cheque,
        PaymentMethod::Credit,
        PaymentMethod::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PaymentMethod::Cash => "cash",
            PaymentMethod::Transfer => "transfer",
            PaymentMethod::Alipay => "alipay",
            PaymentMethod::Wechat => "wechat",
            PaymentMethod::Card => "card",
            PaymentMethod::Cheque => "cheque",
            PaymentMethod::Credit => "credit",
            PaymentMethod::Other => "other",
        }
    }

    /// English words and the words of Chinese order sheets.
    pub fn parse(input: &str) -> Result<PaymentMethod, ValidationError> {
        use PaymentMethod::*;
        parse_word(
            "payment method",
            input,
            &[
                ("cash", Cash),
                ("transfer", Transfer),
                ("alipay", Alipay),
                ("wechat", Wechat),
                ("card", Card),
                ("cheque", Cheque),
                ("credit", Credit),
                ("other", Other),
                ("bank", Transfer),
                ("wire", Transfer),
                ("bank transfer", Transfer),
                ("wechat pay", Wechat),
                ("wechatpay", Wechat),
                ("weixin", Wechat),
                ("check", Cheque),
                ("credit card", Card),
                ("debit card", Card),
                ("on account", Credit),
                ("现金", Cash),
                ("转账", Transfer),
                ("银行转账", Transfer),
                ("对公转账", Transfer),
                ("汇款", Transfer),
                ("电汇", Transfer),
                ("支付宝", Alipay),
                ("微信", Wechat),
                ("微信支付", Wechat),
                ("刷卡", Card),
                ("银行卡", Card),
                ("信用卡", Card),
                ("支票", Cheque),
                ("月结", Credit),
                ("赊账", Credit),
                ("挂账", Credit),
                ("其他", Other),
            ],
        )
    }
}

impl fmt::Display for PaymentMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One purchase by a customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Order {
    pub id: OrderId,
    pub customer: CustomerId,
    /// When the order was placed (the customer's purchase date).
    #[serde(serialize_with = "super::stamp::serialize")]
    pub at: DateTime<FixedOffset>,
    /// Integer minor units (cents, fen) of `currency`.
    pub amount: i64,
    pub currency: String,
    /// What was bought, as the user wrote it (商品明细).
    #[serde(default)]
    pub items: String,
    #[serde(default)]
    pub payment: Option<PaymentMethod>,
    /// The invoice number (发票号码), as written.
    #[serde(default)]
    pub invoice: String,
    /// The won deal this order fulfils: the deal's amount is then not
    /// counted again as a purchase.
    #[serde(default)]
    pub deal: Option<DealId>,
    /// Whose sale it is (targets count it for them), as deals have.
    #[serde(default)]
    pub owner: String,
    #[serde(serialize_with = "super::stamp::serialize")]
    pub created_at: DateTime<FixedOffset>,
}

/// The longest invoice number: Chinese fapiao numbers are 8 or 20 digits,
/// others a few dozen characters at most; more is a pasted paragraph.
pub const MAX_INVOICE_CHARS: usize = 64;

/// What a user gives to record an order; the store assigns the id.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderDraft {
    pub customer: CustomerId,
    pub at: DateTime<FixedOffset>,
    /// Minor units of `currency`.
    pub amount: i64,
    /// A currency code; the caller fills in the base currency when none was typed.
    pub currency: String,
    pub items: String,
    pub payment: Option<PaymentMethod>,
    pub invoice: String,
    pub deal: Option<DealId>,
    pub owner: String,
}

impl OrderDraft {
    /// The order a won deal turns into: its customer, amount, currency and
    /// owner, placed when the deal was won (else at `at`). A deal still
    /// open or lost is refused: its amount is not a purchase.
    pub fn from_won_deal(deal: &Deal, at: DateTime<FixedOffset>) -> Result<Self, ValidationError> {
        if deal.status != DealStatus::Won {
            return Err(ValidationError::Field {
                what: "deal",
                value: deal.id.to_string(),
                why: format!(
                    "is {}, not won: an order is made from a won deal",
                    deal.status
                ),
            });
        }
        Ok(OrderDraft {
            customer: deal.customer,
            at: deal.closed_at.unwrap_or(at),
            amount: deal.amount,
            currency: deal.currency.clone(),
            items: deal.title.clone(),
            payment: None,
            invoice: String::new(),
            deal: Some(deal.id),
            owner: deal.owner.clone(),
        })
    }

    /// Check every field and make the order (id 0 until stored).
    ///
    /// The amount is above zero (a zero order is no purchase, and would
    /// count as one for repurchase) and at most [`money::MAX_MINOR`]; the
    /// currency is a code; the order is not dated after `now`'s day (an
    /// order is recorded once placed — a future date is a typo, and would
    /// sit in a "trailing 12 months" that has not happened); the invoice
    /// number has no control characters and at most
    /// [`MAX_INVOICE_CHARS`] characters.
    pub fn into_order(self, now: DateTime<FixedOffset>) -> Result<Order, ValidationError> {
        if self.amount <= 0 || self.amount > money::MAX_MINOR {
            return Err(ValidationError::OutOfRange {
                what: "order amount",
                value: money::format_amount(self.amount),
                range: format!("0.01 to {}", money::format_amount(money::MAX_MINOR)),
            });
        }
        let currency = money::parse_currency(&self.currency)?;
        let day = self.at.with_timezone(now.offset()).date_naive();
        if day > now.date_naive() {
            return Err(ValidationError::Field {
                what: "order date",
                value: self.at.format("%Y-%m-%d").to_string(),
                why: format!(
                    "is after today ({}): record an order once it is placed",
                    now.format("%Y-%m-%d")
                ),
            });
        }
        let invoice = self.invoice.trim().to_string();
        if invoice.chars().any(char::is_control) {
            return Err(ValidationError::Field {
                what: "order invoice number",
                value: invoice,
                why: "has a control character (a tab or line break?)".into(),
            });
        }
        if invoice.chars().count() > MAX_INVOICE_CHARS {
            return Err(ValidationError::Field {
                what: "order invoice number",
                value: invoice.chars().take(20).chain("…".chars()).collect(),
                why: format!("is longer than {MAX_INVOICE_CHARS} characters"),
            });
        }
        Ok(Order {
            id: OrderId(0),
            customer: self.customer,
            at: self.at,
            amount: self.amount,
            currency,
            items: self.items.trim().to_string(),
            payment: self.payment,
            invoice,
            deal: self.deal,
            owner: self.owner.trim().to_string(),
            created_at: now,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{NewDeal, Pipeline};

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-22T10:00:00+08:00").expect("valid")
    }

    fn draft() -> OrderDraft {
        OrderDraft {
            customer: CustomerId(1),
            at: now(),
            amount: 1_200_000,
            currency: "cny".into(),
            items: "  50 seats \n".into(),
            payment: Some(PaymentMethod::Transfer),
            invoice: " 04400180 ".into(),
            deal: None,
            owner: " ann ".into(),
        }
    }

    #[test]
    fn payment_methods_parse_in_both_languages() {
        for (word, method) in [
            ("现金", PaymentMethod::Cash),
            ("转账", PaymentMethod::Transfer),
            ("银行转账", PaymentMethod::Transfer),
            ("对公转账", PaymentMethod::Transfer),
            ("支付宝", PaymentMethod::Alipay),
            ("微信", PaymentMethod::Wechat),
            ("微信支付", PaymentMethod::Wechat),
            ("刷卡", PaymentMethod::Card),
            ("支票", PaymentMethod::Cheque),
            ("月结", PaymentMethod::Credit),
            (" Alipay ", PaymentMethod::Alipay),
            ("WeChat Pay", PaymentMethod::Wechat),
            ("check", PaymentMethod::Cheque),
        ] {
            assert_eq!(PaymentMethod::parse(word), Ok(method), "{word}");
        }
        for m in PaymentMethod::ALL {
            assert_eq!(PaymentMethod::parse(m.as_str()), Ok(m));
        }
        let err = PaymentMethod::parse("bitcoin").expect_err("unknown");
        assert!(
            err.to_string()
                .starts_with("unknown payment method \"bitcoin\" (expected one of: cash, transfer"),
            "{err}"
        );
    }

    #[test]
    fn a_draft_is_trimmed_and_checked() {
        let o = draft().into_order(now()).expect("valid");
        assert_eq!(o.currency, "CNY");
        assert_eq!(o.items, "50 seats");
        assert_eq!(o.invoice, "04400180");
        assert_eq!(o.owner, "ann");
        assert_eq!((o.id, o.created_at), (OrderId(0), now()));
    }

    #[test]
    fn bad_drafts_say_what_and_where() {
        let err = |d: OrderDraft| d.into_order(now()).expect_err("bad").to_string();
        assert_eq!(
            err(OrderDraft {
                amount: 0,
                ..draft()
            }),
            "order amount \"0\" is out of range: 0.01 to 1,000,000,000,000"
        );
        assert!(
            err(OrderDraft {
                amount: -5,
                ..draft()
            })
            .contains("order amount \"-0.05\"")
        );
        assert!(
            err(OrderDraft {
                currency: "yuan".into(),
                ..draft()
            })
            .contains("\"yuan\" is not a currency")
        );
        // Later today is fine (an order typed with a time); tomorrow is not.
        let tonight = now() + chrono::Duration::hours(13);
        assert!(
            OrderDraft {
                at: tonight,
                ..draft()
            }
            .into_order(now())
            .is_ok()
        );
        assert_eq!(
            err(OrderDraft {
                at: now() + chrono::Duration::hours(14),
                ..draft()
            }),
            "order date \"2026-11-23\" is after today (2026-11-22): record an order once it is placed"
        );
        // A date in another offset is compared on the user's calendar:
        // 2026-11-22T20:00-05:00 is 09:00 on the 23rd in Beijing.
        let west = DateTime::parse_from_rfc3339("2026-11-22T20:00:00-05:00").expect("valid");
        assert!(
            err(OrderDraft {
                at: west,
                ..draft()
            })
            .contains("after today")
        );
        assert!(
            err(OrderDraft {
                invoice: "12\t34".into(),
                ..draft()
            })
            .contains("control character")
        );
        let long = err(OrderDraft {
            invoice: "发".repeat(65),
            ..draft()
        });
        assert!(long.contains("longer than 64 characters"), "{long}");
        assert!(
            OrderDraft {
                invoice: "发".repeat(64),
                ..draft()
            }
            .into_order(now())
            .is_ok(),
            "64 CJK characters are 64, not 192 bytes' worth"
        );
    }

    #[test]
    fn an_order_from_a_won_deal_names_it() {
        let mut deal = NewDeal {
            customer: CustomerId(3),
            title: "年度维保".into(),
            amount: 8_800_000,
            currency: "CNY".into(),
            stage: None,
            probability: None,
            expected_close: None,
            owner: "li".into(),
        }
        .into_deal(&Pipeline::default(), now())
        .expect("valid");
        deal.id = DealId(5);
        let err = OrderDraft::from_won_deal(&deal, now()).expect_err("open");
        assert_eq!(
            err.to_string(),
            "deal \"#5\" is open, not won: an order is made from a won deal"
        );
        let won_at = now() - chrono::Duration::days(2);
        deal.close(DealStatus::Won, String::new(), won_at);
        let d = OrderDraft::from_won_deal(&deal, now()).expect("won");
        assert_eq!(
            (d.customer, d.amount, d.deal, d.at, d.owner.as_str()),
            (CustomerId(3), 8_800_000, Some(DealId(5)), won_at, "li")
        );
        assert_eq!(d.items, "年度维保");
    }

    #[test]
    fn orders_round_trip_through_the_record_encoding() {
        let o = draft().into_order(now()).expect("valid");
        let bytes = rmp_serde::to_vec_named(&o).expect("encode");
        let back: Order = rmp_serde::from_slice(&bytes).expect("decode");
        assert_eq!(back, o);
        // Fields added later default: an order written with only the
        // required fields still reads.
        #[derive(Serialize)]
        struct Bare {
            id: u64,
            customer: u64,
            at: String,
            amount: i64,
            currency: String,
            created_at: String,
        }
        let bare = rmp_serde::to_vec_named(&Bare {
            id: 1,
            customer: 2,
            at: "2026-11-22T10:00:00+08:00".into(),
            amount: 100,
            currency: "CNY".into(),
            created_at: "2026-11-22T10:00:00+08:00".into(),
        })
        .expect("encode");
        let read: Order = rmp_serde::from_slice(&bare).expect("decode");
        assert_eq!(
            (read.payment, read.deal, read.invoice.as_str()),
            (None, None, "")
        );
    }
}
