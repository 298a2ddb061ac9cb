//! Records are MessagePack maps with named fields: a field can be added or
//! reordered without a migration, and an older rolo skips what it does not know.

use super::error::{Result, StoreError};
use serde::{Serialize, de::DeserializeOwned};

pub fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>> {
    rmp_serde::to_vec_named(value).map_err(|e| StoreError::Decode {
        what: std::any::type_name::<T>().to_string(),
        detail: e.to_string(),
    })
}

pub fn decode<T: DeserializeOwned>(what: &str, id: u64, bytes: &[u8]) -> Result<T> {
    rmp_serde::from_slice(bytes).map_err(|e| StoreError::Decode {
        what: format!("{what} #{id}"),
        detail: e.to_string(),
    })
}

/// [`decode`] into a struct that borrows its strings from `bytes`.
pub fn decode_borrowed<'a, T: serde::Deserialize<'a>>(
    what: &str,
    id: u64,
    bytes: &'a [u8],
) -> Result<T> {
    rmp_serde::from_slice(bytes).map_err(|e| StoreError::Decode {
        what: format!("{what} #{id}"),
        detail: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Serialize)]
    struct V2 {
        extra: Vec<u32>,
        name: String,
        id: u64,
    }
    #[derive(Deserialize, Debug, PartialEq)]
    struct V1 {
        id: u64,
        name: String,
        #[serde(default)]
        missing: Option<String>,
    }

    #[test]
    fn named_fields_survive_added_and_reordered_fields() {
        let bytes = encode(&V2 {
            extra: vec![1, 2],
            name: "王芳".into(),
            id: 7,
        })
        .expect("encodes");
        let v1: V1 = decode("record", 7, &bytes).expect("decodes");
        assert_eq!(
            v1,
            V1 {
                id: 7,
                name: "王芳".into(),
                missing: None
            }
        );
    }

    #[test]
    fn garbage_is_an_error_naming_the_record() {
        let err = decode::<V1>("customer", 9, &[0xc1, 0x00]).expect_err("garbage");
        assert!(err.to_string().contains("customer #9"), "{err}");
    }

    proptest::proptest! {
        /// A stored customer with bytes flipped, cut short or extended
        /// decodes to an error (or, rarely, to some customer) — never a panic.
        #[test]
        fn corrupted_records_never_panic(
            flips in proptest::collection::vec((0usize..400, proptest::prelude::any::<u8>()), 0..8),
            cut in 0usize..400,
            tail in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..16),
        ) {
            use crate::domain::{CustomerDraft, CustomerId};
            let now = chrono::DateTime::parse_from_rfc3339("2026-11-22T09:00:00+08:00")
                .expect("valid");
            let mut draft = CustomerDraft::named("张伟");
            draft.emails = vec!["zhang.wei@example.cn".into()];
            draft.tags = vec!["重点".into()];
            let customer = draft.into_customer(CustomerId(7), now);
            let mut bytes = encode(&customer).expect("encodes");
            let len = bytes.len().max(1);
            for (at, byte) in flips {
                if let Some(b) = bytes.get_mut(at % len) {
                    *b ^= byte;
                }
            }
            bytes.truncate(cut.max(1));
            bytes.extend(tail);
            let _ = decode::<crate::domain::Customer>("customer", 7, &bytes);
        }
    }
}
