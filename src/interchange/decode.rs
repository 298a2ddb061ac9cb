//! Bytes → text for import files.
//!
//! Salespeople's files come from Excel (ANSI CSV: GBK on a Chinese Windows,
//! Windows-1252 on a Western one, Shift_JIS on a Japanese one), from "Unicode
//! text" (UTF-16LE, with or without a BOM, tab separated), from web CRMs
//! (UTF-8, often with a BOM). Detection order:
//!
//! 1. a BOM (EF BB BF, FF FE, FE FF);
//! 2. UTF-16 without a BOM: NUL bytes in one parity of the first few KB and
//!    hardly any in the other (encoding_rs has no BOM-less UTF-16 sniffing);
//! 3. valid UTF-8;
//! 4. otherwise chardetng's guess among the legacy encodings (GBK/GB18030,
//!    Big5, Shift_JIS, EUC-KR, windows-1252, windows-1251, …). It is asked as
//!    if the file came from a `.cn` host, so a tie between GBK and a Western
//!    code page goes to GBK (rolo's first users are Chinese), but a file that
//!    is not valid GBK — `José` is E9 20, which GBK never writes — is read as
//!    what it is. GBK is always decoded with the GB18030 decoder (a superset).
//!
//! The decoding itself is encoding_rs. A detected encoding that still meets
//! malformed bytes is an error naming the first one's line and offset (the
//! guess was wrong or the file is damaged, and importing U+FFFD would store
//! mojibake silently); an encoding forced with `--encoding` decodes anyway,
//! with U+FFFD replacements counted in [`DecodeReport`] for a warning.

use std::borrow::Cow;
use std::fmt;

use encoding_rs::{DecoderResult, GB18030, GBK, UTF_8, UTF_16BE, UTF_16LE};

/// An encoding an import file can be in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Gb18030,
    /// Any other encoding encoding_rs knows (windows-1252, Shift_JIS, Big5,
    /// EUC-KR, ISO-8859-x, …), detected by chardetng or named by a WHATWG label.
    Legacy(&'static encoding_rs::Encoding),
}

impl Encoding {
    /// The rolo encoding for an encoding_rs one (GBK reads as GB18030).
    fn from_rs(e: &'static encoding_rs::Encoding) -> Self {
        if e == UTF_8 {
            Encoding::Utf8
        } else if e == UTF_16LE {
            Encoding::Utf16Le
        } else if e == UTF_16BE {
            Encoding::Utf16Be
        } else if e == GB18030 || e == GBK {
            Encoding::Gb18030
        } else {
            Encoding::Legacy(e)
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 (with BOM)",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Gb18030 => "GB18030",
            Encoding::Legacy(e) => e.name(),
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
         Excel exports from Chinese Windows are usually GBK, try --encoding gb18030 \
         (or --encoding auto to detect)"
    )]
    InvalidUtf8 {
        offset: usize,
        line: usize,
        byte: u8,
    },
    #[error(
        "the file does not decode as {encoding} (detected): {count} malformed byte sequence(s), \
         the first at line {line}, byte offset {offset} (0x{byte:02X}); nothing was imported. \
         Name the file's encoding with --encoding LABEL (e.g. windows-1252, gb18030, shift_jis, \
         big5, utf-16le) to import it anyway, with � in place of the bytes that do not fit"
    )]
    Malformed {
        encoding: String,
        count: usize,
        line: usize,
        offset: usize,
        byte: u8,
    },
    #[error(
        "the file has an odd number of bytes ({len}), so it cannot be UTF-16; try --encoding auto"
    )]
    OddUtf16Length { len: usize },
    #[error(
        "unknown encoding {0:?}: use auto or a WHATWG encoding label, e.g. utf-8, gb18030 (gbk), \
         big5, shift_jis, euc-kr, windows-1252 (latin1), iso-8859-15, windows-1251, utf-16le, utf-16be"
    )]
    UnknownEncoding(String),
}

// Every variant is something the user typed or gave rolo to read.
impl crate::fault::Blamed for DecodeError {
    fn blame(&self) -> crate::fault::Blame {
        crate::fault::Blame::Input
    }
}

/// Parse a user's `--encoding` value: `auto`, or any label encoding_rs knows
/// (the WHATWG Encoding Standard's labels: `latin1`, `cp1252`, `gbk`,
/// `sjis`, `koi8-r`, …), plus a few spellings people use that the standard
/// lacks (`utf-8-bom`, `utf16le`, `cp936`). `Ok(None)` means detect
/// automatically. `utf-16` means little-endian unless the file has a
/// big-endian BOM.
pub fn parse_encoding(s: &str) -> Result<Option<Encoding>, DecodeError> {
    let norm = s.trim().to_ascii_lowercase();
    let extra = match norm.replace('_', "-").as_str() {
        "auto" | "" => return Ok(None),
        "utf-8-bom" | "utf-8-sig" | "utf8-bom" => Some(Encoding::Utf8Bom),
        "utf16" | "utf16le" => Some(Encoding::Utf16Le),
        "utf16be" => Some(Encoding::Utf16Be),
        "cp936" | "gb-18030" => Some(Encoding::Gb18030),
        _ => None,
    };
    if let Some(e) = extra {
        return Ok(Some(e));
    }
    // `for_label_no_replacement`: labels such as iso-2022-kr map to the
    // "replacement" encoding, which decodes everything to one U+FFFD.
    encoding_rs::Encoding::for_label_no_replacement(norm.as_bytes())
        .map(|e| Some(Encoding::from_rs(e)))
        .ok_or_else(|| DecodeError::UnknownEncoding(s.to_string()))
}

/// How many leading bytes the UTF-16 sniffing looks at.
const SNIFF_BYTES: usize = 4096;
/// How many bytes chardetng is fed: enough for a few hundred rows of names.
const GUESS_BYTES: usize = 64 * 1024;

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
    Encoding::from_rs(guess_legacy(bytes))
}

/// chardetng's guess among the legacy encodings (UTF-8 was ruled out).
fn guess_legacy(bytes: &[u8]) -> &'static encoding_rs::Encoding {
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
    let sample = &bytes[..bytes.len().min(GUESS_BYTES)];
    // Cut at the last line end so a multi-byte character split by the
    // sample's end does not count against the right encoding.
    let sample = match sample.iter().rposition(|&b| b == b'\n') {
        Some(i) if sample.len() < bytes.len() => &sample[..=i],
        _ => sample,
    };
    det.feed(sample, true);
    det.guess(None, chardetng::Utf8Detection::Deny)
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
/// malformed sequences. A detected encoding that meets malformed bytes is
/// [`DecodeError::Malformed`]; a forced one decodes with U+FFFD replacements
/// counted in the report, except a forced UTF-8, which names the first bad
/// byte (the user asked for something the file is not).
pub fn decode(
    bytes: &[u8],
    forced: Option<Encoding>,
) -> Result<(Cow<'_, str>, Encoding, DecodeReport), DecodeError> {
    let enc = match forced {
        None => detect(bytes),
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
    let (text, report) = match enc {
        Encoding::Utf8 | Encoding::Utf8Bom => {
            let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(bytes);
            return match std::str::from_utf8(body) {
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
            };
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
            (text, report)
        }
        Encoding::Gb18030 => decode_counting(GB18030, bytes),
        Encoding::Legacy(codec) => decode_counting(codec, bytes),
    };
    if forced.is_none() && !report.is_clean() {
        let offset = report.first_bad_offset.unwrap_or(0);
        return Err(DecodeError::Malformed {
            encoding: enc.to_string(),
            count: report.replacements,
            line: report.first_bad_line.unwrap_or(1),
            offset,
            byte: bytes.get(offset).copied().unwrap_or(0),
        });
    }
    Ok((Cow::Owned(text), enc, report))
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
        assert_eq!((e, r.replacements), (Encoding::Gb18030, 0));
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
    fn detected_encodings_with_bad_bytes_are_errors_naming_line_and_offset() {
        // A GBK sheet damaged past what chardetng samples: 0xFF is never
        // valid in GB18030; two bad bytes on the line after 3,000 good ones.
        let text = "名字,公司\n".to_string() + &"张三,华为技术有限公司\n".repeat(3000);
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        let mut gbk = gbk.into_owned();
        assert!(gbk.len() > GUESS_BYTES);
        let at = gbk.len();
        gbk.extend_from_slice(b"\xFFc,\xFF\n");
        let err = decode(&gbk, None).unwrap_err();
        assert_eq!(
            err,
            DecodeError::Malformed {
                encoding: "GB18030".into(),
                count: 2,
                line: 3002,
                offset: at,
                byte: 0xFF
            }
        );
        let msg = err.to_string();
        assert!(
            msg.contains(&format!("line 3002, byte offset {at}")),
            "{msg}"
        );
        assert!(msg.contains("--encoding"), "{msg}");
        // Unpaired surrogate in UTF-16LE (BOM + "a" + lone D800 + "b").
        let err = decode(b"\xFF\xFEa\0\x00\xD8b\0", None).unwrap_err();
        assert!(
            matches!(err, DecodeError::Malformed { ref encoding, count: 1, line: 1, offset: 4, .. } if encoding == "UTF-16LE"),
            "{err:?}"
        );
    }

    #[test]
    fn forced_encodings_decode_with_replacements_counted() {
        let (t, e, r) = decode(b"a,b\n\xFFc,\xFF\n", Some(Encoding::Gb18030)).unwrap();
        assert_eq!(e, Encoding::Gb18030);
        assert_eq!(t, "a,b\n\u{FFFD}c,\u{FFFD}\n");
        assert_eq!(r.replacements, 2);
        assert_eq!(r.first_bad_offset, Some(4));
        assert_eq!(r.first_bad_line, Some(2));
        let (t, _, r) = decode(b"\xFF\xFEa\0\x00\xD8b\0", Some(Encoding::Utf16Le)).unwrap();
        assert_eq!((&*t, r.replacements), ("a\u{FFFD}b", 1));
    }

    /// Issue 13: a Windows-1252 sheet was stored as GB18030 mojibake
    /// (`Jos� M黮ler`) with exit 0.
    #[test]
    fn windows_1252_is_detected_not_read_as_gb18030() {
        for text in [
            "name,company\nJosé Müller,Zoë GmbH\n",
            "Name;Stadt;Straße\nJürgen Müller;München;Königstraße 5\nRené Dubois;Orléans;Rue de la République\n",
            "name,email\nFrançois Dœuf,f@x.fr\nÅsa Ångström,a@x.se\n",
        ] {
            let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
            let (t, e, r) = decode(&bytes, None).unwrap();
            assert_eq!(e, Encoding::Legacy(encoding_rs::WINDOWS_1252), "{text}");
            assert_eq!((&*t, r.replacements), (text, 0));
            assert_eq!(e.to_string(), "windows-1252");
        }
    }

    #[test]
    fn legacy_cjk_encodings_are_told_apart() {
        let chinese = "客户姓名,公司名称,电话\n王芳,北京字节跳动科技有限公司,13800138000\n李娜,上海贸易有限公司,021-12345678\n";
        let (gb, _, _) = encoding_rs::GB18030.encode(chinese);
        let (t, e, _) = decode(&gb, None).unwrap();
        assert_eq!((&*t, e), (chinese, Encoding::Gb18030));
        let japanese = "氏名,会社名\n山田太郎,株式会社テスト\n佐藤花子,東京商事株式会社\n";
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(japanese);
        let (t, e, _) = decode(&sjis, None).unwrap();
        assert_eq!(
            (&*t, e),
            (japanese, Encoding::Legacy(encoding_rs::SHIFT_JIS))
        );
        let (utf16, _, _) = (utf16le(chinese, true), (), ());
        let (t, e, _) = decode(&utf16, None).unwrap();
        assert_eq!((&*t, e), (chinese, Encoding::Utf16Le));
        let mut be = vec![0xFE, 0xFF];
        be.extend(chinese.encode_utf16().flat_map(u16::to_be_bytes));
        let (t, e, _) = decode(&be, None).unwrap();
        assert_eq!((&*t, e), (chinese, Encoding::Utf16Be));
    }

    #[test]
    fn parse_encoding_names() {
        assert_eq!(parse_encoding("auto"), Ok(None));
        assert_eq!(parse_encoding("UTF-8"), Ok(Some(Encoding::Utf8)));
        assert_eq!(parse_encoding("utf8"), Ok(Some(Encoding::Utf8)));
        assert_eq!(parse_encoding("utf-8-bom"), Ok(Some(Encoding::Utf8Bom)));
        assert_eq!(parse_encoding("gbk"), Ok(Some(Encoding::Gb18030)));
        assert_eq!(parse_encoding("gb18030"), Ok(Some(Encoding::Gb18030)));
        assert_eq!(parse_encoding("gb2312"), Ok(Some(Encoding::Gb18030)));
        assert_eq!(parse_encoding("cp936"), Ok(Some(Encoding::Gb18030)));
        assert_eq!(parse_encoding("utf-16"), Ok(Some(Encoding::Utf16Le)));
        assert_eq!(parse_encoding("unicode"), Ok(Some(Encoding::Utf16Le)));
        assert_eq!(parse_encoding("utf16"), Ok(Some(Encoding::Utf16Le)));
        assert_eq!(parse_encoding("utf-16le"), Ok(Some(Encoding::Utf16Le)));
        assert_eq!(parse_encoding("utf-16be"), Ok(Some(Encoding::Utf16Be)));
        // Any WHATWG label encoding_rs knows.
        let w1252 = Some(Encoding::Legacy(encoding_rs::WINDOWS_1252));
        for label in [
            "latin1",
            "Windows-1252",
            "cp1252",
            "iso-8859-1",
            "ascii",
            " l1 ",
        ] {
            assert_eq!(parse_encoding(label), Ok(w1252), "{label}");
        }
        assert_eq!(
            parse_encoding("shift_jis"),
            Ok(Some(Encoding::Legacy(encoding_rs::SHIFT_JIS)))
        );
        assert_eq!(
            parse_encoding("big5"),
            Ok(Some(Encoding::Legacy(encoding_rs::BIG5)))
        );
        assert_eq!(
            parse_encoding("koi8-r"),
            Ok(Some(Encoding::Legacy(encoding_rs::KOI8_R)))
        );
        for bad in ["latin-9", "klingon", "iso-2022-kr", "replacement"] {
            let err = parse_encoding(bad).unwrap_err();
            assert!(err.to_string().contains(&format!("{bad:?}")), "{err}");
        }
    }

    #[test]
    fn a_forced_legacy_label_decodes_with_it() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode("José");
        let (t, e, _) = decode(&bytes, parse_encoding("latin1").unwrap()).unwrap();
        assert_eq!((&*t, e.to_string().as_str()), ("José", "windows-1252"));
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
            assert!(!text.starts_with('\u{FEFF}'), "{name}");
        }
    }
}
