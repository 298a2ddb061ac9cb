//! Content lines: physical lines with their numbers, unfolding (3.0/4.0
//! leading whitespace, 2.1 quoted-printable soft breaks and base64 blocks),
//! the parts of one property, and value decoding (quoted-printable with its
//! CHARSET, backslash escapes).

use encoding_rs::{Encoding, GB18030, UTF_8};

/// One logical (unfolded) line: the number of its first physical line, its
/// byte range in the text (through the last line break) and its content.
#[derive(Debug, Clone)]
pub(super) struct Logical {
    pub line: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

impl Logical {
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// `BEGIN:VCARD` (any case, surrounding whitespace and a group prefix
    /// like `home.` ignored).
    pub fn is_begin(&self) -> bool {
        is_marker(&self.text, "BEGIN")
    }

    pub fn is_end(&self) -> bool {
        is_marker(&self.text, "END")
    }
}

/// `BEGIN:VCARD` / `END:VCARD` for `marker` `BEGIN` / `END`, in any case,
/// trimmed, with or without a group (`home.begin:vcard`).
pub(crate) fn is_marker(line: &str, marker: &str) -> bool {
    let Some((name, value)) = line.trim().split_once(':') else {
        return false;
    };
    let name = name.rsplit('.').next().unwrap_or(name);
    name.trim().eq_ignore_ascii_case(marker) && value.trim().eq_ignore_ascii_case("VCARD")
}

/// The width of the line break at `i` in `bytes`, 0 when there is none:
/// CRLF, LF, a lone CR, and CR CR LF (as one break: iPhones write it inside
/// folded PHOTOs).
pub(crate) fn line_break(bytes: &[u8], i: usize) -> usize {
    match (bytes.get(i), bytes.get(i + 1), bytes.get(i + 2)) {
        (Some(b'\r'), Some(b'\r'), Some(b'\n')) => 3,
        (Some(b'\r'), Some(b'\n'), _) => 2,
        (Some(b'\r' | b'\n'), _, _) => 1,
        _ => 0,
    }
}

/// A physical line: 1-based number, content range and where the next begins.
#[derive(Debug, Clone, Copy)]
struct Physical {
    number: usize,
    start: usize,
    end: usize,
    next: usize,
}

/// Split on CRLF, LF, a lone CR or CR CR LF; the first line is number `first`.
fn physical_lines(text: &str, first: usize) -> Vec<Physical> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let width = line_break(bytes, i);
        if width == 0 {
            i += 1;
            continue;
        }
        out.push(Physical {
            number: first + out.len(),
            start,
            end: i,
            next: i + width,
        });
        i += width;
        start = i;
    }
    if start < bytes.len() {
        out.push(Physical {
            number: first + out.len(),
            start,
            end: bytes.len(),
            next: bytes.len(),
        });
    }
    out
}

/// How a property's value continues on the following physical lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Continuation {
    /// None at all (BEGIN and END lines).
    None,
    /// Only lines starting with a space or tab (RFC 2425 folding).
    Folded,
    /// Also after a trailing `=` (quoted-printable soft line break).
    QuotedPrintable,
    /// Also lines without a colon up to a blank line (vCard 2.1 base64).
    Base64,
}

fn is_boundary(line: &str) -> bool {
    is_marker(line, "BEGIN") || is_marker(line, "END")
}

fn continuation(first: &str) -> Continuation {
    match Property::parse(0, first) {
        Some(p) if p.is_quoted_printable() => Continuation::QuotedPrintable,
        Some(p) if p.is_base64() => Continuation::Base64,
        _ => Continuation::Folded,
    }
}

/// Unfold the text into logical lines; its first line is number `first`.
pub(super) fn logical_lines(text: &str, first: usize) -> Vec<Logical> {
    let lines = physical_lines(text, first);
    let content = |p: &Physical| text.get(p.start..p.end).unwrap_or("");
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(first) = lines.get(i) {
        let mut joined = content(first).to_string();
        // BEGIN and END lines never continue, nor are continuations (an
        // indented card stays a card).
        let mode = if is_boundary(&joined) {
            Continuation::None
        } else {
            continuation(&joined)
        };
        // A 3.0 AGENT folds a whole card into its value: its folded
        // ` END:VCARD` is the agent's, not this card's end.
        let agent = mode != Continuation::None
            && Property::parse(0, &joined).is_some_and(|p| p.name == "AGENT");
        let mut end = first.next;
        i += 1;
        while let Some(next) = lines.get(i) {
            let line = content(next);
            let folded_in_agent = agent && line.starts_with([' ', '\t']);
            if mode == Continuation::None || (is_boundary(line) && !folded_in_agent) {
                break;
            } else if mode == Continuation::QuotedPrintable && joined.ends_with('=') {
                joined.pop();
                joined.push_str(line);
            } else if line.starts_with([' ', '\t']) {
                joined.push_str(line.get(1..).unwrap_or(""));
            } else if mode == Continuation::Base64 && !line.trim().is_empty() && !line.contains(':')
            {
                joined.push_str(line.trim());
            } else {
                break;
            }
            end = next.next;
            i += 1;
        }
        out.push(Logical {
            line: first.number,
            start: first.start,
            end,
            text: joined,
        });
    }
    out
}

/// `[group.]NAME[;param]*:value`, with the name and parameter names in
/// uppercase and the value as written (still encoded and escaped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Property {
    pub line: usize,
    pub name: String,
    /// (NAME, value); a bare vCard 2.1 parameter (`CELL`, `QUOTED-PRINTABLE`)
    /// is stored under `ENCODING` or `TYPE`, as 3.0 would spell it.
    pub params: Vec<(String, String)>,
    pub value: String,
}

impl Property {
    /// `None` when the line has no colon or its name is not a vCard name.
    pub fn parse(line: usize, text: &str) -> Option<Property> {
        let colon = head_end(text)?;
        let head = text.get(..colon)?;
        let value = text.get(colon + 1..)?.to_string();
        let mut parts = split_quoted(head, ';').into_iter();
        let full_name = parts.next()?.trim();
        // `item1.EMAIL`: the group is only a label tying lines together.
        let name = full_name.rsplit('.').next().unwrap_or(full_name).trim();
        // Extensions are named by whoever wrote them: `X-ABLabel/Work`,
        // `X-Custom Field` are kept (as custom fields) like any other.
        let extension = name.len() > 2
            && name.is_char_boundary(2)
            && name[..2].eq_ignore_ascii_case("X-")
            && !name.chars().any(char::is_control);
        let plain = name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if name.is_empty() || !(plain || extension) {
            return None;
        }
        let params = parts.filter_map(parameter).collect();
        Some(Property {
            line,
            name: name.to_ascii_uppercase(),
            params,
            value,
        })
    }

    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn encoding(&self) -> String {
        self.param("ENCODING").unwrap_or("").to_ascii_uppercase()
    }

    pub fn is_quoted_printable(&self) -> bool {
        self.encoding() == "QUOTED-PRINTABLE"
    }

    pub fn is_base64(&self) -> bool {
        matches!(self.encoding().as_str(), "BASE64" | "B")
    }

    /// The value with its transfer encoding (quoted-printable) undone.
    pub fn decoded(&self) -> String {
        let value = if self.is_quoted_printable() {
            decode_quoted_printable(&self.value, self.param("CHARSET"))
        } else {
            self.value.clone()
        };
        value.replace("\r\n", "\n").replace('\r', "\n")
    }
}

/// The first colon outside double quotes (parameter values may hold colons).
fn head_end(text: &str) -> Option<usize> {
    let mut quoted = false;
    for (i, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ':' if !quoted => return Some(i),
            _ => {}
        }
    }
    None
}

/// Split on `separator` outside double quotes.
fn split_quoted(text: &str, separator: char) -> Vec<&str> {
    let mut out = Vec::new();
    let mut quoted = false;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '"' {
            quoted = !quoted;
        } else if c == separator && !quoted {
            out.push(text.get(start..i).unwrap_or(""));
            start = i + c.len_utf8();
        }
    }
    out.push(text.get(start..).unwrap_or(""));
    out
}

fn parameter(text: &str) -> Option<(String, String)> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let unquote = |v: &str| v.trim().trim_matches('"').to_string();
    Some(match text.split_once('=') {
        Some((name, value)) => (name.trim().to_ascii_uppercase(), unquote(value)),
        None => {
            let bare = text.to_ascii_uppercase();
            let name = match bare.as_str() {
                "QUOTED-PRINTABLE" | "BASE64" | "8BIT" | "7BIT" => "ENCODING",
                _ => "TYPE",
            };
            (name.to_string(), unquote(text))
        }
    })
}

/// `=XX` → byte, decoded with `charset` (UTF-8 when absent; a value that is
/// not UTF-8 and names no charset is read as [`guess`] says). An `=` not
/// followed by two hex digits is kept as is.
fn decode_quoted_printable(value: &str, charset: Option<&str>) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = |at: usize| bytes.get(at).and_then(|&h| (h as char).to_digit(16));
        match (b, hex(i + 1), hex(i + 2)) {
            (b'=', Some(high), Some(low)) => {
                // Two hex digits are at most 255.
                out.push(u8::try_from(high * 16 + low).unwrap_or(b'?'));
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    let encoding = charset
        .and_then(|c| Encoding::for_label(c.trim().as_bytes()))
        .unwrap_or(UTF_8);
    let (text, malformed) = encoding.decode_without_bom_handling(&out);
    if malformed && charset.is_none() {
        return guess(&out).decode_without_bom_handling(&out).0.into_owned();
    }
    text.into_owned()
}

/// The charset of quoted-printable bytes that name none and are not UTF-8:
/// GB18030 (old Chinese phones) when they read as GB18030 with every run of
/// high bytes an even length (a Chinese character is two), else
/// Windows-1252 (Outlook, old Nokias: `Jos=E9 M=FCller`, where an accented
/// letter is one byte between ASCII ones). A value is a few bytes — too few
/// for a statistical detector (chardetng read `=D5=C5` as Cyrillic).
fn guess(bytes: &[u8]) -> &'static Encoding {
    let mut runs = bytes.split(|b| b.is_ascii()).filter(|run| !run.is_empty());
    let paired = runs.all(|run| run.len() % 2 == 0);
    if paired && !GB18030.decode_without_bom_handling(bytes).1 {
        GB18030
    } else {
        encoding_rs::WINDOWS_1252
    }
}

/// Split a structured value on unescaped `separators` (escapes are kept for
/// [`unescape`]).
pub(super) fn split_unescaped<'a>(value: &'a str, separators: &[char]) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (i, c) in value.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if separators.contains(&c) {
            out.push(value.get(start..i).unwrap_or(""));
            start = i + c.len_utf8();
        }
    }
    out.push(value.get(start..).unwrap_or(""));
    out
}

/// Undo backslash escapes: 3.0/4.0 `\\` `\,` `\;` `\:` and `\n`/`\N` (a line
/// break); vCard 2.1 defines only `\;` (and writers add `\,`), so there
/// `\n` and `\\` stay as written (a Windows path in a 2.1 note survives).
pub(super) fn unescape(value: &str, v21: bool) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some(e @ (';' | ',')) => out.push(e),
            Some(e @ ('\\' | ':')) if !v21 => out.push(e),
            Some('n' | 'N') if !v21 => out.push('\n'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}
