//! Text → records with their physical line numbers (CSV, TSV, semicolon CSV).
//!
//! Parsing is the `csv` crate (flexible, no header handling); this module adds
//! what it does not do: delimiter and header-row detection, exact physical
//! line numbers (csv's `Position` of a record is where the previous record
//! ended, before any CR LF and skipped empty lines, so we step over those),
//! unterminated-quote detection (csv silently reads to EOF), NUL removal and
//! the problem list (ragged rows, duplicate headers).

use crate::interchange::{MAX_CELL_BYTES, MAX_COLUMNS, grouped};
use crate::text::sanitize;
use std::collections::HashMap;
use std::fmt;

/// A field delimiter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Delimiter {
    Comma,
    Tab,
    Semicolon,
}

impl Delimiter {
    pub const ALL: [Delimiter; 3] = [Delimiter::Comma, Delimiter::Tab, Delimiter::Semicolon];

    pub fn byte(self) -> u8 {
        match self {
            Delimiter::Comma => b',',
            Delimiter::Tab => b'\t',
            Delimiter::Semicolon => b';',
        }
    }
}

impl fmt::Display for Delimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Delimiter::Comma => "comma",
            Delimiter::Tab => "tab",
            Delimiter::Semicolon => "semicolon",
        })
    }
}

/// One data row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// 1-based physical line where the record starts.
    pub line: usize,
    pub cells: Vec<String>,
    /// Why the record cannot be read as a row (an unterminated quote, a
    /// row wider or narrower than the header): the import rejects it like
    /// any other invalid row. Its cells are kept as read.
    pub flaw: Option<Problem>,
}

/// Something wrong with the file, at a physical line. The import reports
/// these; they do not stop the reading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// A read file: header row, data records and problems, in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    /// Trimmed header cells, or `column 1..n` when the file has no header row.
    pub headers: Vec<String>,
    /// Physical line of the header row; 0 when there is none.
    pub header_line: usize,
    pub delimiter: Delimiter,
    /// Data records. Ragged rows are kept as they are (and reported).
    pub records: Vec<Record>,
    pub problems: Vec<Problem>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TableError {
    #[error("the file has no rows")]
    Empty,
    #[error("cannot read the file as CSV: {0}")]
    Csv(String),
    /// The header row is wider than [`MAX_COLUMNS`].
    #[error(
        "line {line}: the header row has {} columns; rolo reads at most {} (as many as a spreadsheet has)",
        grouped(*.count),
        grouped(MAX_COLUMNS)
    )]
    TooManyColumns { line: usize, count: usize },
    /// The header row cannot be read (an unterminated quote).
    #[error("{0}")]
    Header(String),
    /// A header cell bigger than [`MAX_CELL_BYTES`].
    #[error(
        "line {line}, column {column}: the header is {} bytes; rolo reads at most {} bytes (1 MiB) a cell",
        grouped(*.bytes),
        grouped(MAX_CELL_BYTES)
    )]
    HeaderTooBig {
        line: usize,
        column: usize,
        bytes: usize,
    },
}

// Every variant is something the user typed or gave rolo to read.
impl crate::fault::Blamed for TableError {
    fn blame(&self) -> crate::fault::Blame {
        crate::fault::Blame::Input
    }
}

/// How many records delimiter detection looks at.
const SNIFF_RECORDS: usize = 20;

/// Pick the delimiter: for each candidate, count it outside quotes on each of
/// the first records; the winner is the one whose (non-zero) count is the
/// same on the most records, then the one with more cells. Comma if none.
pub fn detect_delimiter(text: &str) -> Delimiter {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut counts: Vec<[usize; 3]> = Vec::new();
    let mut cur = [0usize; 3];
    let mut in_quotes = false;
    let mut nonempty = false;
    for b in text.bytes() {
        match b {
            b'"' => {
                in_quotes = !in_quotes;
                nonempty = true;
            }
            b'\n' | b'\r' if !in_quotes => {
                if nonempty {
                    counts.push(cur);
                    if counts.len() >= SNIFF_RECORDS {
                        break;
                    }
                }
                cur = [0; 3];
                nonempty = false;
            }
            _ if in_quotes => {}
            b',' => {
                cur[0] += 1;
                nonempty = true;
            }
            b'\t' => {
                cur[1] += 1;
                nonempty = true;
            }
            b';' => {
                cur[2] += 1;
                nonempty = true;
            }
            _ => nonempty = true,
        }
    }
    if nonempty && counts.len() < SNIFF_RECORDS {
        counts.push(cur);
    }
    let mut best: Option<((usize, usize), Delimiter)> = None;
    for (i, d) in Delimiter::ALL.into_iter().enumerate() {
        // Mode of the non-zero counts and how many records have it.
        let mut freq: Vec<(usize, usize)> = Vec::new();
        for c in counts.iter().map(|c| c[i]).filter(|&n| n > 0) {
            match freq.iter_mut().find(|(v, _)| *v == c) {
                Some((_, f)) => *f += 1,
                None => freq.push((c, 1)),
            }
        }
        let Some(&(mode, f)) = freq.iter().max_by_key(|&&(v, f)| (f, v)) else {
            continue;
        };
        let score = (f, mode);
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, d));
        }
    }
    best.map_or(Delimiter::Comma, |(_, d)| d)
}

/// Streaming reader over the records of `text`, in file order. Yields every
/// non-empty record (the header row included) and the problems found while
/// reading (NUL bytes, an unterminated quote) at the place they occur.
pub struct Records<'a> {
    text: &'a str,
    rdr: csv::Reader<&'a [u8]>,
    delim: u8,
    rec: csv::ByteRecord,
    pending: Vec<Result<Record, Problem>>,
    done: bool,
}

/// Iterate the records of `text` (see [`Records`]). A leading BOM is skipped.
pub fn records(text: &str, delimiter: Delimiter) -> Records<'_> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter.byte())
        .from_reader(text.as_bytes());
    Records {
        text,
        rdr,
        delim: delimiter.byte(),
        rec: csv::ByteRecord::new(),
        pending: Vec::new(),
        done: false,
    }
}

impl Iterator for Records<'_> {
    type Item = Result<Record, Problem>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.pending.pop() {
                return Some(item);
            }
            if self.done {
                return None;
            }
            match self.rdr.read_byte_record(&mut self.rec) {
                Ok(true) => {}
                Ok(false) => {
                    self.done = true;
                    continue;
                }
                Err(e) => {
                    // Reading from memory without UTF-8 checks cannot fail;
                    // if it does, say where and stop.
                    self.done = true;
                    let line = e
                        .position()
                        .map_or(1, |p| usize::try_from(p.line()).unwrap_or(usize::MAX));
                    return Some(Err(Problem {
                        line,
                        message: format!("cannot read further: {e}"),
                    }));
                }
            }
            let (start_byte, start_line) = match self.rec.position() {
                Some(p) => (
                    usize::try_from(p.byte()).unwrap_or(usize::MAX),
                    usize::try_from(p.line()).unwrap_or(usize::MAX),
                ),
                None => (0, 1),
            };
            // csv's position is the end of the previous record: step over
            // its line terminator and any skipped empty lines.
            let rest = self.text.as_bytes().get(start_byte..).unwrap_or(&[]);
            let (mut lead, mut lead_newlines) = (0usize, 0usize);
            for &b in rest {
                match b {
                    b'\n' => lead_newlines += 1,
                    b'\r' => {}
                    _ => break,
                }
                lead += 1;
            }
            let line = start_line + lead_newlines;
            let body_start = start_byte + lead;
            let at_eof = usize::try_from(self.rdr.position().byte()).unwrap_or(usize::MAX)
                >= self.text.len();

            let mut cells: Vec<String> = Vec::with_capacity(self.rec.len());
            let mut nul_line = None;
            let mut newlines_before = 0usize;
            for field in self.rec.iter() {
                let s = String::from_utf8_lossy(field);
                if nul_line.is_none() {
                    if let Some(i) = s.find('\0') {
                        nul_line = Some(line + newlines_before + s[..i].matches('\n').count());
                    } else {
                        newlines_before += s.matches('\n').count();
                    }
                }
                let s = if s.contains('\0') {
                    s.replace('\0', "")
                } else {
                    s.into_owned()
                };
                cells.push(s);
            }
            // An unterminated quote makes the record invalid: its last cell
            // swallowed the rest of the file.
            let flaw = if at_eof {
                unterminated_quote(self.text.as_bytes(), body_start, line, self.delim).map(|open| {
                    Problem {
                        line: open,
                        message: "unterminated quote: the quoted cell opened here runs to the \
                                  end of the file"
                            .to_string(),
                    }
                })
            } else {
                None
            };
            if flaw.is_none() && cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            // Items are popped from the end: push in reverse order.
            self.pending.push(Ok(Record { line, cells, flaw }));
            if let Some(nl) = nul_line {
                self.pending.push(Err(Problem {
                    line: nl,
                    message: "NUL bytes removed".to_string(),
                }));
            }
        }
    }
}

/// Re-scan the last record (from `start`, at physical line `line`) the way
/// csv-core does, and return the line where a still-open quote opened.
fn unterminated_quote(text: &[u8], start: usize, mut line: usize, delim: u8) -> Option<usize> {
    #[derive(PartialEq)]
    enum St {
        FieldStart,
        Unquoted,
        Quoted(usize),
        QuoteInQuoted(usize),
    }
    let mut st = St::FieldStart;
    for &b in text.get(start..)? {
        st = match st {
            St::FieldStart | St::Unquoted if b == b'\n' || b == b'\r' => St::FieldStart,
            St::FieldStart if b == b'"' => St::Quoted(line),
            St::FieldStart | St::Unquoted if b == delim => St::FieldStart,
            St::FieldStart | St::Unquoted => St::Unquoted,
            St::Quoted(l) if b == b'"' => St::QuoteInQuoted(l),
            St::Quoted(l) => St::Quoted(l),
            St::QuoteInQuoted(l) if b == b'"' => St::Quoted(l),
            St::QuoteInQuoted(_) if b == delim || b == b'\n' || b == b'\r' => St::FieldStart,
            St::QuoteInQuoted(_) => St::Unquoted,
        };
        if b == b'\n' {
            line += 1;
        }
    }
    match st {
        St::Quoted(l) => Some(l),
        _ => None,
    }
}

/// Does this first row look like data rather than a header row?
fn looks_like_data(cells: &[String]) -> bool {
    let nonempty: Vec<&str> = cells
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect();
    if nonempty.iter().any(|c| is_email(c) || is_phone(c)) {
        return true;
    }
    let numeric = nonempty.iter().filter(|c| is_numeric(c)).count();
    !nonempty.is_empty() && numeric * 2 > nonempty.len()
}

fn is_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty()
                && !user.contains(char::is_whitespace)
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains(['@', ' '])
        }
        None => false,
    }
}

fn is_phone(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    (7..=15).contains(&digits)
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')' | '.'))
}

fn is_numeric(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | ',' | '/' | ':' | ' '))
}

/// Read a whole file. `delimiter`: the user's choice, or None to detect.
/// The first non-empty record is the header row unless it looks like data
/// (an email, a phone number, mostly numbers): then headers are `column 1..n`
/// and `header_line` is 0.
pub fn read(text: &str, delimiter: Option<Delimiter>) -> Result<Table, TableError> {
    let mut sheet = open(text, delimiter)?;
    let mut problems = Vec::new();
    let mut records = Vec::new();
    for item in &mut sheet {
        match item {
            Ok(rec) => {
                problems.extend(rec.flaw.clone());
                records.push(rec);
            }
            Err(p) => problems.push(p),
        }
    }
    problems.sort_by_key(|p| p.line);
    Ok(Table {
        headers: sheet.headers,
        header_line: sheet.header_line,
        delimiter: sheet.delimiter,
        records,
        problems,
    })
}

/// A sheet being read: its header row, then its data records one at a
/// time, so an import holds one chunk of rows rather than the whole file.
pub struct Sheet<'a> {
    /// As in [`Table::headers`].
    pub headers: Vec<String>,
    /// Physical line of the header row; 0 when there is none.
    pub header_line: usize,
    pub delimiter: Delimiter,
    /// The first record, when it turned out to be data rather than a header.
    first: Option<Record>,
    /// Problems found before the first data record (header and its line).
    early: Vec<Problem>,
    rest: Records<'a>,
}

/// Read the header row of `text` (or decide it has none) and stand at its
/// first data record. Yields each data record, and each problem where it
/// occurs (ragged rows, NULs, an unterminated quote, a repeated header).
pub fn open(text: &str, delimiter: Option<Delimiter>) -> Result<Sheet<'_>, TableError> {
    let delimiter = delimiter.unwrap_or_else(|| detect_delimiter(text));
    let mut rest = records(text, delimiter);
    let mut early = Vec::new();
    let first = loop {
        match rest.next() {
            None => return Err(TableError::Empty),
            Some(Err(p)) => early.push(p),
            Some(Ok(rec)) => break rec,
        }
    };
    if let Some(flaw) = first.flaw {
        return Err(TableError::Header(flaw.to_string()));
    }
    if first.cells.len() > MAX_COLUMNS {
        return Err(TableError::TooManyColumns {
            line: first.line,
            count: first.cells.len(),
        });
    }
    if let Some((i, cell)) = first
        .cells
        .iter()
        .enumerate()
        .find(|(_, c)| c.len() > MAX_CELL_BYTES)
    {
        return Err(TableError::HeaderTooBig {
            line: first.line,
            column: i + 1,
            bytes: cell.len(),
        });
    }
    let (headers, header_line, first) = if looks_like_data(&first.cells) {
        let headers = (1..=first.cells.len())
            .map(|i| format!("column {i}"))
            .collect();
        (headers, 0, Some(first))
    } else {
        let headers: Vec<String> = first.cells.iter().map(|c| c.trim().to_string()).collect();
        (headers, first.line, None)
    };
    // Duplicate header names would make the mapping ambiguous. Each
    // header's first column is remembered, so a wide row costs one lookup
    // per column.
    if header_line > 0 {
        let mut first_at: HashMap<&str, usize> = HashMap::with_capacity(headers.len());
        for (i, h) in headers.iter().enumerate() {
            if h.is_empty() {
                continue;
            }
            if let Some(&j) = first_at.get(h.as_str()) {
                early.push(Problem {
                    line: header_line,
                    message: format!(
                        "column \"{}\" appears twice (columns {} and {})",
                        sanitize(&crate::text::truncate(h, 60)),
                        j + 1,
                        i + 1
                    ),
                });
            } else {
                first_at.insert(h, i);
            }
        }
    }
    early.reverse(); // popped from the end
    Ok(Sheet {
        headers,
        header_line,
        delimiter,
        first,
        early,
        rest,
    })
}

impl Iterator for Sheet<'_> {
    type Item = Result<Record, Problem>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(p) = self.early.pop() {
            return Some(Err(p));
        }
        let mut rec = match self.first.take() {
            Some(rec) => rec,
            None => match self.rest.next()? {
                Ok(rec) => rec,
                Err(p) => return Some(Err(p)),
            },
        };
        if rec.cells.len() != self.headers.len() {
            // A ragged row is an invalid row (kept as it is, to give back).
            rec.flaw.get_or_insert_with(|| Problem {
                line: rec.line,
                message: format!(
                    "{} cells, the header has {}",
                    rec.cells.len(),
                    self.headers.len()
                ),
            });
        }
        Some(Ok(rec))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(t: &Table) -> Vec<usize> {
        t.records.iter().map(|r| r.line).collect()
    }

    fn problems(t: &Table) -> Vec<String> {
        t.problems.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn physical_lines_with_crlf_empty_lines_and_quoted_newlines() {
        let text = "a,b\r\n1,2\r\n\r\n\r\n3,\"x\r\ny\r\nz\"\r\n4,5\r\n";
        let t = read(text, None).unwrap();
        assert_eq!(t.headers, ["a", "b"]);
        assert_eq!(t.header_line, 1);
        assert_eq!(lines(&t), [2, 5, 8]);
        assert_eq!(t.records[1].cells, ["3", "x\r\ny\r\nz"]);
        assert!(t.problems.is_empty());
    }

    #[test]
    fn leading_empty_lines_and_bom() {
        let t = read("\u{FEFF}\n\n name , mail \nAnn,ann@x.org\n", None).unwrap();
        assert_eq!(t.headers, ["name", "mail"]);
        assert_eq!(t.header_line, 3);
        assert_eq!(lines(&t), [4]);
    }

    #[test]
    fn headerless_files() {
        let t = read("Ann,ann@example.com\nBob,bob@example.com\n", None).unwrap();
        assert_eq!(t.headers, ["column 1", "column 2"]);
        assert_eq!(t.header_line, 0);
        assert_eq!(lines(&t), [1, 2]);
        let t = read("张三\t138 0013 8000\n", None).unwrap();
        assert_eq!((t.header_line, t.delimiter), (0, Delimiter::Tab));
        let t = read("1,2,3\n4,5,6\n", None).unwrap();
        assert_eq!(t.header_line, 0);
        assert_eq!(read("", None), Err(TableError::Empty));
        assert_eq!(read("\n\r\n,,\n", None), Err(TableError::Empty));
    }

    #[test]
    fn delimiters() {
        assert_eq!(detect_delimiter("a,b,c\n1,2,3\n"), Delimiter::Comma);
        assert_eq!(detect_delimiter("a\tb\tc\n1\t2\t3\n"), Delimiter::Tab);
        // Decimal commas vary per row, semicolons do not.
        assert_eq!(
            detect_delimiter("Name;Umsatz;Ort\nA;1,5;Köln\nB;2;Bonn, Rhein\n"),
            Delimiter::Semicolon
        );
        // Delimiters inside quotes do not count.
        assert_eq!(
            detect_delimiter("\"a;b;c;d\",x\n\"e;f;g;h\",y\n"),
            Delimiter::Comma
        );
        assert_eq!(detect_delimiter("just one column\n"), Delimiter::Comma);
    }

    #[test]
    fn ragged_rows_are_kept_and_reported() {
        let t = read("a,b,c\n1,2\n1,2,3,4\n1,2,3\n", None).unwrap();
        assert_eq!(t.records.len(), 3);
        assert_eq!(t.records[0].cells, ["1", "2"]);
        assert_eq!(
            problems(&t),
            [
                "line 2: 2 cells, the header has 3",
                "line 3: 4 cells, the header has 3"
            ]
        );
    }

    #[test]
    fn unterminated_quote_names_the_line_it_opened() {
        let t = read("a,b\n1,2\n3,\"open\n4,5\n6,7\n", None).unwrap();
        assert_eq!(lines(&t), [2, 3]);
        assert_eq!(t.records[1].cells, ["3", "open\n4,5\n6,7\n"]);
        assert_eq!(
            problems(&t),
            ["line 3: unterminated quote: the quoted cell opened here runs to the end of the file"]
        );
        // A quote closed right at EOF is fine; so is an escaped quote.
        let t = read("a,b\n1,\"x\"\"y\"", None).unwrap();
        assert_eq!(t.records[0].cells, ["1", "x\"y"]);
        assert!(t.problems.is_empty());
        // An opening quote on a later line of a multi-line record.
        let t = read("a,b,c\n1,\"x\ny\",\"z\n", None).unwrap();
        assert_eq!(t.problems[0].line, 3);
    }

    #[test]
    fn nul_bytes_are_removed_and_reported_once() {
        let t = read("a,b\n1\0,\0x\0\n\"p\nq\0\",r\n", None).unwrap();
        assert_eq!(t.records[0].cells, ["1", "x"]);
        assert_eq!(t.records[1].cells, ["p\nq", "r"]);
        assert_eq!(
            problems(&t),
            ["line 2: NUL bytes removed", "line 4: NUL bytes removed"]
        );
    }

    #[test]
    fn duplicate_headers_are_reported() {
        let t = read("Email,Name,Email\nx,y,z\n", None).unwrap();
        assert_eq!(
            problems(&t),
            ["line 1: column \"Email\" appears twice (columns 1 and 3)"]
        );
    }

    #[test]
    fn lone_cr_line_endings() {
        let t = read("a,b\r1,2\r3,4\r", None).unwrap();
        assert_eq!(t.records.len(), 2);
        // Physical lines count LF only; old-Mac CR files are one "line".
        assert!(t.records.iter().all(|r| r.line == 1));
    }

    fn load(name: &str) -> (Table, crate::interchange::decode::Encoding) {
        let path = format!(
            "{}/tests/fixtures/import/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let (text, enc, report) = crate::interchange::decode::decode(&bytes, None).unwrap();
        assert_eq!(report.replacements, 0, "{name}");
        (read(&text, None).unwrap(), enc)
    }

    #[test]
    fn corpus_customers_gbk() {
        use crate::interchange::decode::Encoding;
        let (t, enc) = load("customers_gbk.csv");
        assert_eq!(enc, Encoding::Gb18030);
        assert_eq!(t.delimiter, Delimiter::Comma);
        assert_eq!(t.header_line, 1);
        assert_eq!(
            t.headers,
            [
                "客户编号",
                "客户姓名",
                "公司名称",
                "职位",
                "联系方式",
                "邮箱",
                "行业",
                "客户标签",
                "来源渠道",
                "负责人",
                "最后跟进时间",
                "下一步计划"
            ]
        );
        assert_eq!(lines(&t), [2, 3, 4, 5, 7, 8, 9, 10, 11, 12]);
        assert_eq!(t.records[1].cells[7], "北京,上海");
        assert_eq!(t.records[3].cells[11], "先电话确认需求\r\n再安排上门演示");
        assert_eq!(t.records[4].cells[0], "C005");
        assert_eq!(t.records[5].cells.len(), 8);
        // The duplicate row (line 11) is kept: de-duplication is the importer's.
        assert_eq!(t.records[8].cells, t.records[1].cells);
        assert_eq!(problems(&t), ["line 8: 8 cells, the header has 12"]);
    }

    #[test]
    fn corpus_followups_utf16_with_and_without_bom() {
        use crate::interchange::decode::Encoding;
        for name in ["followups_utf16.txt", "followups_utf16_nobom.txt"] {
            let (t, enc) = load(name);
            assert_eq!(enc, Encoding::Utf16Le, "{name}");
            assert_eq!(t.delimiter, Delimiter::Tab, "{name}");
            assert_eq!(t.header_line, 1);
            assert_eq!(
                t.headers,
                [
                    "线索编号",
                    "客户名称",
                    "跟进人",
                    "跟进时间",
                    "跟进方式",
                    "跟进内容摘要",
                    "客户反馈",
                    "下一步行动",
                    "预计完成时间"
                ],
                "{name}"
            );
            assert_eq!(lines(&t), [2, 3, 4, 6, 7], "{name}");
            assert_eq!(t.records[2].cells[5], "演示系统\r\n客户提出定制需求");
            assert_eq!(t.records[4].cells[8], "2024-08-09");
            assert!(t.problems.is_empty(), "{name}: {:?}", t.problems);
        }
    }

    #[test]
    fn corpus_salesforce() {
        use crate::interchange::decode::Encoding;
        let (t, enc) = load("salesforce_contacts.csv");
        assert_eq!(
            (enc, t.delimiter, t.header_line),
            (Encoding::Utf8Bom, Delimiter::Comma, 1)
        );
        assert_eq!(t.headers[0], "First Name");
        assert_eq!(t.headers.len(), 10);
        assert_eq!(t.headers[8], "Contact Owner");
        assert_eq!(lines(&t), [2, 3, 5, 6]);
        assert_eq!(t.records[0].cells[2], "Acme, Inc.");
        assert_eq!(t.records[1].cells[0], "Robert \"Bob\"");
        assert_eq!(t.records[1].cells[9], "350 Fifth Ave\r\nSuite 3400");
        assert_eq!(t.records[2].cells[0], "Zoë");
        assert!(t.problems.is_empty());
    }

    #[test]
    fn corpus_hubspot_semicolon() {
        use crate::interchange::decode::Encoding;
        let (t, enc) = load("hubspot_semicolon.csv");
        assert_eq!(
            (enc, t.delimiter, t.header_line),
            (Encoding::Utf8, Delimiter::Semicolon, 1)
        );
        assert_eq!(t.headers.len(), 10);
        assert_eq!(t.headers[3], "Email");
        assert_eq!(lines(&t), [2, 3, 4, 5, 6]);
        assert_eq!(t.records[0].cells[9], "1.250.000,50");
        assert_eq!(t.records[2].cells[5], "Exemple; Fils & Cie");
        assert_eq!(t.records[4].cells[3], t.records[0].cells[3]);
        assert!(t.problems.is_empty());
    }

    #[test]
    fn corpus_google() {
        use crate::interchange::decode::Encoding;
        let (t, enc) = load("google_contacts.csv");
        assert_eq!(
            (enc, t.delimiter, t.header_line),
            (Encoding::Utf8, Delimiter::Comma, 1)
        );
        assert_eq!(t.headers.len(), 14);
        assert_eq!(t.headers[10], "E-mail 1 - Value");
        assert_eq!(lines(&t), [2, 3, 4]);
        assert_eq!(
            t.records[0].cells[10],
            "alice@contoso.com ::: alice.wong@gmail.com"
        );
        assert_eq!(t.records[1].cells[12], "13512345678 ::: 0757-2660 7707");
        assert_eq!(t.records[2].cells[13], "1 Main St\nSpringfield");
        assert!(t.problems.is_empty());
    }

    #[test]
    fn corpus_edge_cases() {
        let (t, _) = load("edge_cases.csv");
        assert_eq!(t.headers, ["id", "name", "notes"]);
        assert_eq!(lines(&t), [2, 3, 5, 6, 7, 9]);
        assert_eq!(t.records[0].cells[2].chars().count(), 10_000);
        assert_eq!(t.records[1].cells[2], "abcd");
        assert_eq!(t.records[3].cells, ["4", "Ragged"]);
        assert_eq!(t.records[4].cells[2], "multi\nline");
        assert_eq!(
            t.records[5].cells,
            ["6", "Open", "this quote never closes\n7,lost,row\n"]
        );
        assert_eq!(
            problems(&t),
            [
                "line 3: NUL bytes removed",
                "line 6: 2 cells, the header has 3",
                "line 9: unterminated quote: the quoted cell opened here runs to the end of the file"
            ]
        );
    }

    #[test]
    fn corpus_bad_rows_and_headerless() {
        let (t, _) = load("bad_rows.csv");
        assert_eq!(t.headers, ["name", "email", "phone", "next_follow_up"]);
        assert_eq!(lines(&t), [2, 3, 4, 5, 7]);
        assert_eq!(t.records[1].cells[1], "not-an-email");
        assert!(t.problems.is_empty());
        let (t, _) = load("headerless.csv");
        assert_eq!((t.header_line, t.headers.len()), (0, 3));
        assert_eq!(t.headers[2], "column 3");
        assert_eq!(lines(&t), [1, 2, 3]);
        assert!(t.problems.is_empty());
    }

    #[test]
    fn streaming_api_yields_header_records_and_problems() {
        let items: Vec<_> = records("h\n\0x\n\"y", Delimiter::Comma).collect();
        assert_eq!(
            items,
            [
                Ok(Record {
                    line: 1,
                    cells: vec!["h".into()],
                    flaw: None,
                }),
                Err(Problem {
                    line: 2,
                    message: "NUL bytes removed".into()
                }),
                Ok(Record {
                    line: 2,
                    cells: vec!["x".into()],
                    flaw: None,
                }),
                Ok(Record {
                    line: 3,
                    cells: vec!["y".into()],
                    flaw: Some(Problem {
                        line: 3,
                        message: "unterminated quote: the quoted cell opened here runs to the \
                                  end of the file"
                            .into()
                    }),
                }),
            ]
        );
    }

    /// A header wider than a spreadsheet is refused with its line and the
    /// limit, a header cell of more than 1 MiB too; up to the limit, a
    /// header of one name repeated is read, each repeat reported, in linear
    /// time (it compared each header with all before it: 134 million
    /// comparisons at 16,384 columns).
    #[test]
    fn wide_and_huge_headers_are_refused_and_the_widest_allowed_is_linear() {
        let wide = format!("\n{}\nx\n", vec!["h"; MAX_COLUMNS + 1].join(","));
        let err = open(&wide, None).err().expect("refused");
        assert_eq!(
            err,
            TableError::TooManyColumns {
                line: 2,
                count: MAX_COLUMNS + 1
            }
        );
        assert_eq!(
            err.to_string(),
            "line 2: the header row has 16,385 columns; rolo reads at most 16,384 (as many as a spreadsheet has)"
        );
        let huge = format!("name,{}\nAnn,x\n", "n".repeat(MAX_CELL_BYTES + 1));
        assert_eq!(
            open(&huge, None).err().expect("refused").to_string(),
            "line 1, column 2: the header is 1,048,577 bytes; rolo reads at most 1,048,576 bytes (1 MiB) a cell"
        );

        let start = std::time::Instant::now();
        let same = format!(
            "{}\n{}\n",
            vec!["x"; MAX_COLUMNS].join(","),
            vec!["v"; MAX_COLUMNS].join(",")
        );
        let t = read(&same, None).expect("reads");
        assert_eq!(t.headers.len(), MAX_COLUMNS);
        assert_eq!(t.problems.len(), MAX_COLUMNS - 1);
        assert_eq!(
            t.problems[MAX_COLUMNS - 2].message,
            "column \"x\" appears twice (columns 1 and 16384)"
        );
        // A smoke bound for a debug build; the quadratic check took minutes.
        assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
    }

    #[test]
    fn a_repeated_header_is_quoted_with_its_control_characters_visible() {
        let t = read("a\x1b[2Jb,a\x1b[2Jb\n1,2\n", None).expect("reads");
        assert_eq!(
            t.problems[0].message,
            "column \"a\\x1b[2Jb\" appears twice (columns 1 and 2)"
        );
    }

    mod prop {
        use super::super::*;
        use super::lines;
        use crate::interchange::decode::decode;
        use proptest::prelude::*;

        fn check(text: &str, t: &Table) {
            let n_lines = text.matches('\n').count() + 1;
            for r in &t.records {
                assert!(r.line >= 1 && r.line <= n_lines, "{} of {n_lines}", r.line);
            }
            for p in &t.problems {
                assert!(p.line <= n_lines, "{p}");
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(512))]

            #[test]
            fn never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
                use crate::interchange::decode::Encoding;
                for forced in [Encoding::Utf8, Encoding::Gb18030, Encoding::Utf16Le, Encoding::Utf16Be] {
                    let _ = decode(&bytes, Some(forced));
                }
                // Auto-detection refuses bytes that do not decode cleanly; forced, they decode.
                let (text, _, _) = decode(&bytes, None)
                    .or_else(|_| decode(&bytes, Some(Encoding::Gb18030)))
                    .map_err(|e| TestCaseError::fail(e.to_string()))?;
                if let Ok(t) = read(&text, None) {
                    check(&text, &t);
                }
            }

            #[test]
            fn never_panics_on_csvish_text(
                text in "[a,;\t\"\r\n\0 é长@0-9]{0,200}",
                d in 0usize..4,
            ) {
                let delim = Delimiter::ALL.get(d).copied();
                if let Ok(t) = read(&text, delim) {
                    check(&text, &t);
                    for r in &t.records {
                        prop_assert!(r.cells.iter().all(|c| !c.contains('\0')));
                    }
                }
            }

            #[test]
            fn line_numbers_match_a_model(
                rows in proptest::collection::vec(
                    proptest::collection::vec("[a-c \n,\"]{0,6}", 1..4), 1..12),
                crlf in any::<bool>(),
                blank in proptest::collection::vec(any::<bool>(), 12),
            ) {
                // Write rows with proper quoting, some preceded by empty lines,
                // and check every record starts at the line we wrote it on.
                let nl = if crlf { "\r\n" } else { "\n" };
                let mut text = String::from("h1,h2,h3");
                text.push_str(nl);
                let mut line = 2;
                let mut want = Vec::new();
                for (i, row) in rows.iter().enumerate() {
                    if blank[i] {
                        text.push_str(nl);
                        line += 1;
                    }
                    let cells: Vec<String> = row
                        .iter()
                        .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
                        .collect();
                    let rec = cells.join(",");
                    want.push(line);
                    line += rec.matches('\n').count() + 1;
                    text.push_str(&rec);
                    text.push_str(nl);
                }
                let t = read(&text, Some(Delimiter::Comma)).unwrap();
                // Rows whose cells are all blank are skipped.
                let want: Vec<usize> = rows
                    .iter()
                    .zip(want)
                    .filter(|(r, _)| !r.iter().all(|c| c.trim().is_empty()))
                    .map(|(_, l)| l)
                    .collect();
                prop_assert_eq!(lines(&t), want);
                prop_assert!(t.problems.iter().all(|p| !p.message.contains("unterminated")));
            }
        }
    }
}
