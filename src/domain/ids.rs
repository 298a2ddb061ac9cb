use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "#{}", self.0)
            }
        }
    };
}

id_type!(
    /// A customer's id, shown to users as `#17`.
    CustomerId
);
id_type!(
    /// An interaction (timeline entry) id.
    InteractionId
);
id_type!(
    /// A task id; `rolo task done 42` takes it.
    TaskId
);

id_type!(
    /// A deal (sales opportunity) id; `rolo deal won 5` takes it.
    DealId
);
id_type!(
    /// A service case (request or complaint) id; `rolo case resolve 3` takes it.
    CaseId
);
id_type!(
    /// An order (a purchase the customer made) id.
    OrderId
);

/// Parse `#17` or `17`.
pub fn parse_id(input: &str) -> Option<u64> {
    let digits = input.trim().strip_prefix('#').unwrap_or(input.trim());
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// For an error about something that is not an id: when `input` is a
/// number too large for any id (`18446744073709551616`), the message
/// naming the range ("is not a task id" was no help: it is a number).
pub fn out_of_range(input: &str, what: &str) -> Option<String> {
    let digits = input.trim().strip_prefix('#').unwrap_or(input.trim());
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && parse_id(input).is_none())
        .then(|| {
            format!(
                "{what} \"{}\" is out of range: ids are 1 to {}",
                input.trim(),
                u64::MAX
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_with_or_without_hash() {
        assert_eq!(parse_id("#17"), Some(17));
        assert_eq!(parse_id("17"), Some(17));
        assert_eq!(parse_id(" 42 "), Some(42));
        assert_eq!(parse_id("#"), None);
        assert_eq!(parse_id("17a"), None);
        assert_eq!(parse_id("-1"), None);
        assert_eq!(CustomerId(17).to_string(), "#17");
        assert_eq!(
            out_of_range("#18446744073709551616", "task id").as_deref(),
            Some(
                "task id \"#18446744073709551616\" is out of range: ids are 1 to 18446744073709551615"
            )
        );
        assert_eq!(out_of_range("17", "task id"), None);
        assert_eq!(out_of_range("x", "task id"), None);
    }
}
