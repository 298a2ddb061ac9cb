//! Bytes → text for import files.
//!
//! Salespeople's files come from Excel (ANSI CSV, which on a Chinese Windows is
//! GBK), from "Unicode text" (UTF-16LE, with or without a BOM, tab separated),
//! from web CRMs (UTF-8, often with a BOM). Detection order:
//!
//! 1. a BOM (EF BB BF, FF FE, FE FF);
//! 2. UTF-16 without a BOM: NUL bytes in one parity of the first few KB and
//!    hardly any in the other (encoding_rs has no BOM-less UTF-16 sniffing);
//! 3. valid UTF-8;
//! 4. otherwise GB18030 (a superset of GBK, what Chinese Excel writes).
//!    chardetng is consulted only to add a note when the bytes look like a
//!    different legacy encoding (e.g. windows-1252), so the caller can warn.
//!
//! The decoding itself is encoding_rs; malformed sequences become U+FFFD and
//! are counted in [`DecodeReport`].

use std::borrow::Cow;
use std::fmt;

use encoding_rs::{DecoderResult, GB18030, UTF_8, UTF_16BE, UTF_16LE};

/// An encoding an import file can be in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Gb18030,
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 (with BOM)",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Gb18030 => "GB18030",
        })
    }
}

/// What happened while decoding, for warnings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DecodeReport {
    /// Malformed sequences replaced by U+FFFD.
    pub replacements: usize,
    /// Byte offset (in the input) of the first malformed sequence.
    pub first_bad_offset: Option<usize>,
    /// 1-based line (in the decoded text) of the first malformed sequence.
    pub first_bad_line: Option<usize>,
    /// A hint when the bytes look like another encoding than the one used
    /// (from chardetng), e.g. "the bytes look like windows-1252".
    pub note: Option<String>,
}

impl DecodeReport {
    /// True when the text was decoded without any replacement.
    pub fn is_clean(&self) -> bool {
        self.replacements == 0
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DecodeError {
    #[error(
        "the file is not valid UTF-8: invalid byte 0x{byte:02X} at offset {offset} (line {line}); \
         Excel exports from Chinese Windows are usually GBK, try --encoding gb18030"
    )]
    InvalidUtf8 {
        offset: usize,
        line: usize,
        byte: u8,
    },
    #[error(
        "the file has an odd number of bytes ({len}), so it cannot be UTF-16; try --encoding auto"
    )]
    OddUtf16Length { len: usize },
    #[error(
        "unknown encoding {0:?}: use one of auto, utf-8, gb18030 (or gbk), utf-16, utf-16le, utf-16be"
    )]
    UnknownEncoding(String),
}

// Every variant is something the user typed or gave rolo to read.
impl crate::fault::Blamed for DecodeError {
    fn blame(&self) -> crate::fault::Blame {
        crate::fault::Blame::Input
    }
}

/// Parse a user's `--encoding` value. `Ok(None)` means detect automatically.
/// `utf-16` means little-endian unless the file has a big-endian BOM.
pub fn parse_encoding(s: &str) -> Result<Option<Encoding>, DecodeError> {
    let norm = s.trim().to_ascii_lowercase().replace('_', "-");
    Ok(Some(match norm.as_str() {
        "auto" | "" => return Ok(None),
        "utf-8" | "utf8" => Encoding::Utf8,
        "utf-8-bom" | "utf-8-sig" | "utf8-bom" => Encoding::Utf8Bom,
        "gb18030" | "gbk" | "gb2312" | "cp936" => Encoding::Gb18030,
        "utf-16" | "utf16" | "utf-16le" | "utf16le" | "unicode" => Encoding::Utf16Le,
        "utf-16be" | "utf16be" => Encoding::Utf16Be,
        _ => return Err(DecodeError::UnknownEncoding(s.to_string())),
    }))
}

/// How many leading bytes the UTF-16 sniffing looks at.
const SNIFF_BYTES: usize = 4096;

/// Detect the encoding of an import file.
pub fn detect(bytes: &[u8]) -> Encoding {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Encoding::Utf8Bom;
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return Encoding::Utf16Le;
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return Encoding::Utf16Be;
    }
    if let Some(e) = sniff_utf16(bytes) {
        return e;
    }
    if std::str::from_utf8(bytes).is_ok() {
        return Encoding::Utf8;
    }
    Encoding::Gb18030
}

/// UTF-16 without a BOM: text with any ASCII in it (digits, tabs, CR LF) has
/// NUL high bytes in one parity. Chinese-only text has few, so the threshold
/// is low (10% of the code units) but the other parity must be nearly NUL-free,
/// which a UTF-8 or GBK file with a stray NUL byte is not.
fn sniff_utf16(bytes: &[u8]) -> Option<Encoding> {
    let sample = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    let enough = |n: usize| n >= 2 && n * 10 >= pairs;
    let few = |n: usize, other: usize| n * 20 <= other;
    if enough(odd) && few(even, odd) {
        Some(Encoding::Utf16Le)
    } else if enough(even) && few(odd, even) {
        Some(Encoding::Utf16Be)
    } else {
        None
    }
}

/// Decode an import file. `forced` is the user's `--encoding` (None = detect).
/// Returns the text (without BOM), the encoding used and a report of
/// malformed sequences. Only a forced UTF-8 on invalid bytes is an error (the
/// user asked for something the file is not); everything else decodes with
/// U+FFFD replacements counted in the report.
pub fn decode(
    bytes: &[u8],
    forced: Option<Encoding>,
) -> Result<(Cow<'_, str>, Encoding, DecodeReport), DecodeError> {
    let detected = detect(bytes);
    let enc = match forced {
        None => detected,
        // A forced UTF-8 still strips a BOM.
        Some(Encoding::Utf8 | Encoding::Utf8Bom) => {
            if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
                Encoding::Utf8Bom
            } else {
                Encoding::Utf8
            }
        }
        // "utf-16" follows a BOM's byte order if there is one.
        Some(Encoding::Utf16Le | Encoding::Utf16Be) if bytes.starts_with(&[0xFE, 0xFF]) => {
            Encoding::Utf16Be
        }
        Some(Encoding::Utf16Le | Encoding::Utf16Be) if bytes.starts_with(&[0xFF, 0xFE]) => {
            Encoding::Utf16Le
        }
        Some(e) => e,
    };
    match enc {
        Encoding::Utf8 | Encoding::Utf8Bom => {
            let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(bytes);
            match std::str::from_utf8(body) {
                // Borrowed: a UTF-8 file is not held twice.
                Ok(s) => Ok((Cow::Borrowed(s), enc, DecodeReport::default())),
                Err(e) => {
                    let ok = e.valid_up_to();
                    let bom = bytes.len() - body.len();
                    Err(DecodeError::InvalidUtf8 {
                        offset: bom + ok,
                        line: 1 + body[..ok].iter().filter(|&&b| b == b'\n').count(),
                        byte: body.get(ok).copied().unwrap_or(0),
                    })
                }
            }
        }
        Encoding::Utf16Le | Encoding::Utf16Be => {
            let body = match enc {
                Encoding::Utf16Le => bytes.strip_prefix(&[0xFF, 0xFE][..]),
                _ => bytes.strip_prefix(&[0xFE, 0xFF][..]),
            }
            .unwrap_or(bytes);
            if body.len() % 2 == 1 && forced.is_some() {
                return Err(DecodeError::OddUtf16Length { len: bytes.len() });
            }
            let codec = if enc == Encoding::Utf16Le {
                UTF_16LE
            } else {
                UTF_16BE
            };
            let (text, mut report) = decode_counting(codec, body);
            report.first_bad_offset = report
                .first_bad_offset
                .map(|o| o + bytes.len() - body.len());
            Ok((Cow::Owned(text), enc, report))
        }
        Encoding::Gb18030 => {
            let (text, mut report) = decode_counting(GB18030, bytes);
            if forced.is_none() {
                report.note = foreign_legacy_note(bytes);
            }
            Ok((Cow::Owned(text), enc, report))
        }
    }
}

/// If chardetng thinks the bytes are neither GBK nor UTF-8 (say windows-1252
/// from a European Excel), say so: GB18030 decodes almost any byte soup
/// without errors, so the replacement count alone would not reveal mojibake.
fn foreign_legacy_note(bytes: &[u8]) -> Option<String> {
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(&bytes[..bytes.len().min(64 * 1024)], true);
    let guess = det.guess(None, chardetng::Utf8Detection::Deny);
    if guess == GB18030 || guess == encoding_rs::GBK || guess == UTF_8 {
        None
    } else {
        Some(format!(
            "decoded as GB18030, but the bytes look like {}; check the result",
            guess.name()
        ))
    }
}

/// Decode with encoding_rs, replacing and counting malformed sequences.
fn decode_counting(codec: &'static encoding_rs::Encoding, src: &[u8]) -> (String, DecodeReport) {
    let mut dec = codec.new_decoder_without_bom_handling();
    let cap = dec
        .max_utf8_buffer_length_without_replacement(src.len())
        .unwrap_or(src.len().saturating_mul(2));
    let mut out = String::with_capacity(cap);
    let mut report = DecodeReport::default();
    let mut pos = 0usize;
    loop {
        let (res, read) = dec.decode_to_string_without_replacement(&src[pos..], &mut out, true);
        pos += read;
        match res {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => {
                let need = dec
                    .max_utf8_buffer_length_without_replacement(src.len() - pos)
                    .unwrap_or(1024);
                out.reserve(need.max(16));
            }
            DecoderResult::Malformed(bad, extra) => {
                report.replacements += 1;
                if report.first_bad_offset.is_none() {
                    let at = pos.saturating_sub(usize::from(bad) + usize::from(extra));
                    report.first_bad_offset = Some(at);
                    report.first_bad_line = Some(1 + out.bytes().filter(|&b| b == b'\n').count());
                }
                out.push('\u{FFFD}');
            }
        }
    }
    (out, report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        let path = format!(
            "{}/tests/fixtures/import/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn utf16le(s: &str, bom: bool) -> Vec<u8> {
        let mut v = if bom { vec![0xFF, 0xFE] } else { vec![] };
        for u in s.encode_utf16() {
            v.extend_from_slice(&u.to_le_bytes());
        }
        v
    }

    #[test]
    fn boms() {
        assert_eq!(detect(b"\xEF\xBB\xBFa,b"), Encoding::Utf8Bom);
        assert_eq!(detect(b"\xFF\xFEa\0"), Encoding::Utf16Le);
        assert_eq!(detect(b"\xFE\xFF\0a"), Encoding::Utf16Be);
        let (t, e, r) = decode(b"\xEF\xBB\xBFa,b", None).unwrap();
        assert_eq!((&*t, e, r.replacements), ("a,b", Encoding::Utf8Bom, 0));
        let (t, e, _) = decode(b"\xFE\xFF\0a\0,\0b", None).unwrap();
        assert_eq!((&*t, e), ("a,b", Encoding::Utf16Be));
    }

    #[test]
    fn utf16_without_bom() {
        let text = "客户\t电话\r\n张三\t13800138000\r\n";
        let bytes = utf16le(text, false);
        assert_eq!(detect(&bytes), Encoding::Utf16Le);
        let (t, e, r) = decode(&bytes, None).unwrap();
        assert_eq!((&*t, e, r.replacements), (text, Encoding::Utf16Le, 0));
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(detect(&be), Encoding::Utf16Be);
    }

    #[test]
    fn utf8_and_gbk() {
        assert_eq!(detect("名字,电话\n".as_bytes()), Encoding::Utf8);
        assert_eq!(detect(b""), Encoding::Utf8);
        // A stray NUL in UTF-8 is not UTF-16.
        assert_eq!(detect(b"a,b\nc\0,d\ne,f\n"), Encoding::Utf8);
        let (gbk, _, _) = encoding_rs::GBK.encode("客户姓名,公司名称\n张三,华为\n");
        assert_eq!(detect(&gbk), Encoding::Gb18030);
        let (t, e, r) = decode(&gbk, None).unwrap();
        assert_eq!(t, "客户姓名,公司名称\n张三,华为\n");
        assert_eq!((e, r.replacements, r.note), (Encoding::Gb18030, 0, None));
    }

    #[test]
    fn forced_utf8_on_gbk_names_the_byte_and_suggests_gb18030() {
        let (gbk, _, _) = encoding_rs::GBK.encode("name,company\n张三,华为\n");
        let err = decode(&gbk, Some(Encoding::Utf8)).unwrap_err();
        assert_eq!(
            err,
            DecodeError::InvalidUtf8 {
                offset: 13,
                line: 2,
                byte: 0xD5
            }
        );
        let msg = err.to_string();
        assert!(msg.contains("offset 13 (line 2)"), "{msg}");
        assert!(msg.contains("--encoding gb18030"), "{msg}");
    }

    #[test]
    fn forced_encodings_are_honoured() {
        // Valid UTF-8 that the user says is GB18030: decoded as GB18030.
        let (_, e, _) = decode("张三".as_bytes(), Some(Encoding::Gb18030)).unwrap();
        assert_eq!(e, Encoding::Gb18030);
        // "utf-16" on a BE-BOM file follows the BOM.
        let (t, e, _) = decode(b"\xFE\xFF\0a", Some(Encoding::Utf16Le)).unwrap();
        assert_eq!((&*t, e), ("a", Encoding::Utf16Be));
        assert_eq!(
            decode(b"\xFF\xFEa\0b", Some(Encoding::Utf16Le)),
            Err(DecodeError::OddUtf16Length { len: 5 })
        );
    }

    #[test]
    fn replacements_are_counted() {
        // 0xFF is never valid in GB18030; two bad bytes on line 2.
        let (t, e, r) = decode(b"a,b\n\xFFc,\xFF\n", None).unwrap();
        assert_eq!(e, Encoding::Gb18030);
        assert_eq!(t, "a,b\n\u{FFFD}c,\u{FFFD}\n");
        assert_eq!(r.replacements, 2);
        assert_eq!(r.first_bad_offset, Some(4));
        assert_eq!(r.first_bad_line, Some(2));
        // Unpaired surrogate in UTF-16LE.
        let (t, _, r) = decode(b"\xFF\xFEa\0\x00\xD8b\0", None).unwrap();
        assert_eq!((&*t, r.replacements), ("a\u{FFFD}b", 1));
    }

    #[test]
    fn windows_1252_gets_a_note() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1252
            .encode("Name;Stadt;Straße\nJürgen Müller;München;Königstraße 5\nRené Dubois;Orléans;Rue de la Républic\n");
        let (_, e, r) = decode(&bytes, None).unwrap();
        assert_eq!(e, Encoding::Gb18030);
        assert!(r.note.is_some_and(|n| n.contains("windows-1252")));
    }

    #[test]
    fn parse_encoding_names() {
        assert_eq!(parse_encoding("auto"), Ok(None));
        assert_eq!(parse_encoding("UTF-8"), Ok(Some(Encoding::Utf8)));
        assert_eq!(parse_encoding("utf8"), Ok(Some(Encoding::Utf8)));
        assert_eq!(parse_encoding("gbk"), Ok(Some(Encoding::Gb18030)));
        assert_eq!(parse_encoding("gb18030"), Ok(Some(Encoding::Gb18030)));
        assert_eq!(parse_encoding("utf-16"), Ok(Some(Encoding::Utf16Le)));
        assert_eq!(parse_encoding("utf16"), Ok(Some(Encoding::Utf16Le)));
        assert_eq!(parse_encoding("utf-16le"), Ok(Some(Encoding::Utf16Le)));
        assert_eq!(parse_encoding("utf-16be"), Ok(Some(Encoding::Utf16Be)));
        let err = parse_encoding("latin1").unwrap_err();
        assert!(err.to_string().contains("\"latin1\""));
    }

    #[test]
    fn corpus_encodings() {
        let cases = [
            ("customers_gbk.csv", Encoding::Gb18030),
            ("followups_utf16.txt", Encoding::Utf16Le),
            ("followups_utf16_nobom.txt", Encoding::Utf16Le),
            ("salesforce_contacts.csv", Encoding::Utf8Bom),
            ("hubspot_semicolon.csv", Encoding::Utf8),
            ("google_contacts.csv", Encoding::Utf8),
            ("edge_cases.csv", Encoding::Utf8),
        ];
        for (name, want) in cases {
            let bytes = fixture(name);
            assert_eq!(detect(&bytes), want, "{name}");
            let (text, got, report) = decode(&bytes, None).unwrap();
            assert_eq!(got, want, "{name}");
            assert_eq!(report.replacements, 0, "{name}");
            assert_eq!(report.note, None, "{name}");
            assert!(!text.starts_with('\u{FEFF}'), "{name}");
        }
    }
}
