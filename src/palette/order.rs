//! The `order` line: an order a customer placed.
//!
//! ```text
//! order <customer>: <amount> [payment] [invoice <no>] [items …] [@<date placed>]
//! order acme: ¥12,000 invoice 2026-118
//! order acme: 12,000 USD transfer invoice INV-7 50 seats @yesterday
//! 订单 华信: ￥3,500 微信支付 发票号 04400180 打印纸 20箱 @2026-11-20
//! ```
//!
//! The amount comes first after `:` (one word, or a number and a code:
//! `12,000 USD`). After it, in any order: one payment word (`cash`,
//! `transfer`, `alipay`, `wechat`, `card`, `cheque`, `credit`, 现金, 转账,
//! 支付宝, 微信支付, 刷卡, 支票, 月结 …), `invoice <no>` (also `inv`,
//! `发票`, `发票号`; glued `发票号04400180` too), and the rest is the items.
//! `items` (商品, 产品) marks the start of the items explicitly: after it a
//! payment word is part of the items (`items cash register`). A trailing
//! `@when` is when it was placed and reads backwards like `rolo log
//! --at`: `@fri` is the last Friday, `@yesterday`, `@2026-11-20`.

use super::amount;
use super::command::Command;
use super::error::ParseError;
use super::lexer::{self, Word};
use super::parse::{COLONS, Cx};
use crate::dates;
use crate::domain::PaymentMethod;
use chrono::NaiveDateTime;
use std::ops::Range;

const EXAMPLE: &str = "order acme: ¥12,000 invoice 2026-118";

/// Words that put the invoice number next; the longest first, for glued forms.
const INVOICE: &[&str] = &["发票号码", "发票号", "发票", "invoice", "inv", "fapiao"];
/// Words that start the items.
const ITEMS: &[&str] = &["items", "item", "商品", "产品", "商品明细"];

impl Cx<'_> {
    /// `order <customer>: <amount> [payment] [invoice <no>] [items…] [@when]`
    pub(super) fn order(&self) -> Result<Command, ParseError> {
        let (end, at) = self.take_placed(self.body())?;
        let body = self.typed.span.end..end;
        let colon = lexer::find_any(self.line, body.clone(), COLONS);
        let head_end = colon.as_ref().map_or(body.end, |c| c.start);
        let customer = self.customer(&lexer::words(self.line, body.start..head_end, &[]))?;
        let Some(colon) = colon else {
            return Err(ParseError::new(
                format!("an order needs its amount after ':' (e.g. {EXAMPLE})"),
                customer.span.end..customer.span.end,
            ));
        };
        let text = lexer::trim(self.line, colon.end..body.end);
        let words = lexer::words(self.line, text.clone(), &[]);
        let amount = match amount::leading(&words)? {
            Some(a) => a,
            None => {
                let span = words.first().map_or(colon, |w| w.span.clone());
                return Err(ParseError::new(
                    format!(
                        "an order starts with its amount after ':' (e.g. {EXAMPLE}; \
                         amounts: ¥12,000, $500, 12,000 USD, 1.2万)"
                    ),
                    span,
                ));
            }
        };
        let rest: Vec<Word<'_>> = words
            .into_iter()
            .filter(|w| w.span.start >= amount.span.end)
            .collect();
        let mut payment: Option<PaymentMethod> = None;
        let mut invoice: Option<String> = None;
        let mut items: Vec<&str> = Vec::new();
        let mut in_items = false;
        let mut i = 0;
        while let Some(word) = rest.get(i) {
            i += 1;
            let lower = word.text.to_lowercase();
            if let Some(glued) = invoice_word(&lower, word.text) {
                let number = match glued {
                    Some(number) => number.to_string(),
                    None => {
                        let next = rest.get(i).ok_or_else(|| {
                            ParseError::new(
                                format!(
                                    "missing the invoice number after \"{}\" (e.g. {EXAMPLE})",
                                    word.text
                                ),
                                word.span.end..word.span.end,
                            )
                        })?;
                        i += 1;
                        next.text.to_string()
                    }
                };
                if invoice.is_some() {
                    return Err(ParseError::new(
                        "an order has one invoice number; this is a second",
                        word.span.start..rest.get(i - 1).map_or(word.span.end, |w| w.span.end),
                    ));
                }
                invoice = Some(number);
                continue;
            }
            if ITEMS.contains(&lower.as_str()) && !in_items {
                in_items = true;
                continue;
            }
            if !in_items && payment.is_none() {
                // Two words first: `wechat pay`, `bank transfer`.
                if let Some(next) = rest.get(i)
                    && let Ok(p) = PaymentMethod::parse(&format!("{} {}", word.text, next.text))
                {
                    payment = Some(p);
                    i += 1;
                    continue;
                }
                if let Ok(p) = PaymentMethod::parse(word.text) {
                    payment = Some(p);
                    continue;
                }
            }
            items.push(word.text);
        }
        Ok(Command::Order {
            customer,
            amount: amount.minor,
            currency: amount.currency,
            payment,
            invoice: invoice.unwrap_or_default(),
            items: items.join(" "),
            at,
        })
    }

    /// A trailing `@when` read backwards (when something happened), as
    /// `take_when` reads forwards for due dates.
    fn take_placed(
        &self,
        range: Range<usize>,
    ) -> Result<(usize, Option<NaiveDateTime>), ParseError> {
        self.take_marked_date(range, "@yesterday or @2026-11-20", dates::parse_at)
    }
}

/// Whether `word` names the invoice number: `Some(None)` when the number
/// is the next word, `Some(Some(n))` when it is glued on (`发票号04400180`,
/// `invoice:118`).
fn invoice_word<'a>(lower: &str, word: &'a str) -> Option<Option<&'a str>> {
    if INVOICE.contains(&lower) {
        return Some(None);
    }
    INVOICE.iter().find_map(|w| {
        let glued = word
            .get(..w.len())
            .filter(|head| head.eq_ignore_ascii_case(w))
            .and_then(|_| word.get(w.len()..))?;
        // `invoiced` is a word, not an invoice number: a glued ASCII keyword
        // takes only `:`/`#` then the number.
        let number = glued.trim_start_matches([':', '：', '#', '＃']);
        let sep = number.len() < glued.len();
        (!number.is_empty() && (sep || !w.is_ascii())).then_some(Some(number))
    })
}
