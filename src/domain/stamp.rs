//! Timestamps are written as chrono writes them (RFC 3339, `Z` for UTC,
//! fractions only as long as needed), but by hand for the everyday case:
//! chrono formats through `fmt`, and two timestamps were a tenth of
//! writing an imported customer. Anything unusual (years outside
//! 0000–9999, a leap second, an offset with seconds) goes to chrono.
//! A property test holds the two to the same bytes.

use chrono::{DateTime, Datelike, FixedOffset, Timelike};
use serde::{Serialize, Serializer};

/// For `#[serde(serialize_with = "stamp::serialize")]`.
pub fn serialize<S: Serializer>(at: &DateTime<FixedOffset>, s: S) -> Result<S::Ok, S::Error> {
    let mut buf = [0u8; 40];
    match write(at, &mut buf) {
        Some(len) => s.serialize_str(std::str::from_utf8(&buf[..len]).unwrap_or_default()),
        None => at.serialize(s),
    }
}

/// For `Option` fields.
pub fn serialize_option<S: Serializer>(
    at: &Option<DateTime<FixedOffset>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match at {
        Some(at) => s.serialize_some(&Stamp(at)),
        None => s.serialize_none(),
    }
}

struct Stamp<'a>(&'a DateTime<FixedOffset>);

impl Serialize for Stamp<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize(self.0, s)
    }
}

/// `at` as chrono's RFC 3339 into `buf`, or `None` for the unusual cases.
fn write(at: &DateTime<FixedOffset>, buf: &mut [u8; 40]) -> Option<usize> {
    let local = at.naive_local();
    let offset = at.offset().local_minus_utc();
    let nanos = local.nanosecond();
    if !(0..=9999).contains(&local.year()) || nanos >= 1_000_000_000 || offset % 60 != 0 {
        return None;
    }
    let mut out = Out { buf, len: 0 };
    out.digits(local.year() as u32, 4);
    out.byte(b'-');
    out.digits(local.month(), 2);
    out.byte(b'-');
    out.digits(local.day(), 2);
    out.byte(b'T');
    out.digits(local.hour(), 2);
    out.byte(b':');
    out.digits(local.minute(), 2);
    out.byte(b':');
    out.digits(local.second(), 2);
    if nanos != 0 {
        out.byte(b'.');
        if nanos.is_multiple_of(1_000_000) {
            out.digits(nanos / 1_000_000, 3);
        } else if nanos.is_multiple_of(1_000) {
            out.digits(nanos / 1_000, 6);
        } else {
            out.digits(nanos, 9);
        }
    }
    if offset == 0 {
        out.byte(b'Z');
    } else {
        out.byte(if offset < 0 { b'-' } else { b'+' });
        let minutes = offset.unsigned_abs() / 60;
        out.digits(minutes / 60, 2);
        out.byte(b':');
        out.digits(minutes % 60, 2);
    }
    Some(out.len)
}

struct Out<'a> {
    buf: &'a mut [u8; 40],
    len: usize,
}

impl Out<'_> {
    fn byte(&mut self, b: u8) {
        self.buf[self.len] = b;
        self.len += 1;
    }

    /// `value` zero-padded to `width` digits.
    fn digits(&mut self, mut value: u32, width: usize) {
        for i in (0..width).rev() {
            self.buf[self.len + i] = b'0' + (value % 10) as u8;
            value /= 10;
        }
        self.len += width;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn chrono_json(at: &DateTime<FixedOffset>) -> String {
        serde_json::to_string(at).unwrap_or_default()
    }

    fn ours_json(at: &DateTime<FixedOffset>) -> String {
        let mut out = Vec::new();
        let _ = serialize(at, &mut serde_json::Serializer::new(&mut out));
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn everyday_and_odd_stamps_match_chrono() {
        let cst = FixedOffset::east_opt(8 * 3600).expect("offset");
        let at = cst
            .with_ymd_and_hms(2026, 11, 22, 9, 5, 7)
            .single()
            .expect("valid");
        assert_eq!(ours_json(&at), "\"2026-11-22T09:05:07+08:00\"");
        let utc = FixedOffset::east_opt(0).expect("offset");
        let at = utc
            .with_ymd_and_hms(1999, 1, 2, 3, 4, 5)
            .single()
            .expect("valid");
        assert_eq!(ours_json(&at), chrono_json(&at));
        let odd = FixedOffset::east_opt(-(5 * 3600 + 30 * 60 + 15)).expect("offset");
        let at = odd
            .with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
            .single()
            .expect("valid");
        assert_eq!(ours_json(&at), chrono_json(&at));
    }

    proptest! {
        /// Byte for byte what chrono writes, so stored records and exports
        /// are unchanged.
        #[test]
        fn stamps_are_written_exactly_as_chrono_writes_them(
            secs in -70_000_000_000i64..260_000_000_000,
            nanos in prop_oneof![Just(0u32), 0u32..1000, (0u32..1000).prop_map(|n| n * 1_000_000), (0u32..1_000_000).prop_map(|n| n * 1000), 0u32..1_000_000_000],
            offset_min in -(24 * 60 - 1)..(24 * 60),
            offset_extra_secs in prop_oneof![Just(0i32), 1i32..60],
        ) {
            let offset_secs = offset_min * 60 + if offset_min < 0 { -offset_extra_secs } else { offset_extra_secs };
            let Some(offset) = FixedOffset::east_opt(offset_secs) else { return Ok(()); };
            let Some(utc) = DateTime::from_timestamp(secs, nanos) else { return Ok(()); };
            let at = utc.with_timezone(&offset);
            prop_assert_eq!(ours_json(&at), chrono_json(&at));
        }
    }
}
