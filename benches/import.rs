//! Import throughput and peak memory, against sqlite3 in the same run (DESIGN §9).
//!
//! `cargo bench --bench import -- [--rows 100000] [--rounds 5] [--data DIR]`
//!
//! Generates (once, cached in `--data`) N customers as a UTF-8 CSV with a
//! Chinese header row, the same sheet in GBK, and the same customers as
//! vCard 3.0. Each round then runs every step as a whole process into a
//! fresh database — `rolo import` of each file, a re-import of the CSV into a
//! database that already holds it, and sqlite3 `.import` of the CSV into an
//! indexed table as the reference — in a rotating order, so rolo and sqlite3
//! see the same machine load. Every rolo step checks its `--json` report
//! (N created, or none on the re-import). Peak RSS is the child's
//! `ru_maxrss` from `wait4`. Prints a Markdown table of medians.
//! Needs `sqlite3` on PATH for the reference (Debian: `apt-get install sqlite3`).

use std::fmt::Write as _;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "support/mod.rs"]
mod support;
use support::{Args, Finished, measure, median, percentile, print_or_exit, remove_db};

const NOW: &str = "2026-11-22T09:00:00+08:00";
const HEADER: &str = "客户姓名,公司名称,职位,联系方式,邮箱,客户标签,来源渠道";

pub struct Options {
    pub rows: usize,
    pub rounds: usize,
    pub data: PathBuf,
    pub rolo: PathBuf,
    /// Time the sqlite3 reference too (needs `sqlite3` on PATH).
    pub reference: bool,
}

#[allow(dead_code)]
fn main() {
    let args = Args::parse("--rows", 100_000, 5);
    let opts = Options {
        rows: args.size,
        rounds: args.rounds,
        data: args.data,
        rolo: PathBuf::from(env!("CARGO_BIN_EXE_rolo")),
        reference: true,
    };
    print_or_exit(run(&opts));
}

/// What a step does; each round runs it into a fresh database.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Reference,
    Utf8,
    Gbk,
    Vcard,
    Reimport,
}

struct Step {
    name: &'static str,
    kind: Kind,
    samples: Vec<Duration>,
    peak_rss_kb: u64,
    /// The database file after the last round.
    db_bytes: u64,
}

/// The generated input files.
struct Inputs {
    csv: PathBuf,
    gbk: PathBuf,
    vcf: PathBuf,
}

pub fn run(opts: &Options) -> Result<String, String> {
    if opts.rows == 0 || opts.rounds == 0 {
        return Err("--rows and --rounds must be at least 1".into());
    }
    std::fs::create_dir_all(&opts.data)
        .map_err(|e| format!("cannot create {}: {e}", opts.data.display()))?;
    let mut notes = Vec::new();
    let inputs = generate(opts, &mut notes)?;
    // Databases go beside the data (the same disk as target/), not to a tmpfs.
    let scratch = tempfile::Builder::new()
        .prefix("import-bench-")
        .tempdir_in(&opts.data)
        .map_err(|e| format!("cannot create a temp dir in {}: {e}", opts.data.display()))?;

    // The database the re-import step starts from: one untimed import,
    // copied (and synced, so its writeback is not timed) before each round.
    let held = scratch.path().join("held.redb");
    let report = rolo_import(opts, &held, &inputs.csv)?;
    check_report(
        "UTF-8 CSV (setup)",
        &report.stdout,
        opts.rows,
        Some(opts.rows),
    )?;

    let mut steps = vec![
        Step {
            name: "sqlite3: .import CSV, 4 indexes, 1 transaction (reference)",
            kind: Kind::Reference,
            samples: Vec::new(),
            peak_rss_kb: 0,
            db_bytes: 0,
        },
        Step {
            name: "rolo import UTF-8 CSV",
            kind: Kind::Utf8,
            samples: Vec::new(),
            peak_rss_kb: 0,
            db_bytes: 0,
        },
        Step {
            name: "rolo import GBK CSV",
            kind: Kind::Gbk,
            samples: Vec::new(),
            peak_rss_kb: 0,
            db_bytes: 0,
        },
        Step {
            name: "rolo import vCard 3.0",
            kind: Kind::Vcard,
            samples: Vec::new(),
            peak_rss_kb: 0,
            db_bytes: 0,
        },
        Step {
            name: "rolo import UTF-8 CSV again (re-import, creates nothing)",
            kind: Kind::Reimport,
            samples: Vec::new(),
            peak_rss_kb: 0,
            db_bytes: 0,
        },
    ];
    if !opts.reference {
        steps.retain(|s| s.kind != Kind::Reference);
    }
    let mut gbk_encoding = String::new();
    for round in 0..opts.rounds {
        // Rotate the order each round so no step always runs right after another.
        let n = steps.len();
        for k in 0..n {
            let step = &mut steps[(k + round) % n];
            let db = scratch.path().join(format!("round-{round}-{k}.db"));
            let done = match step.kind {
                Kind::Reference => {
                    let done = sqlite3_import(&db, &inputs.csv, scratch.path())?;
                    let count = sqlite3_count(&db)?;
                    if count != opts.rows {
                        return Err(format!(
                            "sqlite3 imported {count} rows, expected {}",
                            opts.rows
                        ));
                    }
                    done
                }
                Kind::Utf8 | Kind::Gbk | Kind::Vcard => {
                    let file = match step.kind {
                        Kind::Gbk => &inputs.gbk,
                        Kind::Vcard => &inputs.vcf,
                        _ => &inputs.csv,
                    };
                    let done = rolo_import(opts, &db, file)?;
                    let report = check_report(step.name, &done.stdout, opts.rows, Some(opts.rows))?;
                    if step.kind == Kind::Gbk {
                        gbk_encoding = report;
                    }
                    done
                }
                Kind::Reimport => {
                    copy_synced(&held, &db)?;
                    let done = rolo_import(opts, &db, &inputs.csv)?;
                    check_report(step.name, &done.stdout, opts.rows, Some(0))?;
                    done
                }
            };
            step.samples.push(done.took);
            step.peak_rss_kb = step.peak_rss_kb.max(done.max_rss_kb);
            step.db_bytes = std::fs::metadata(&db).map_or(0, |m| m.len());
            remove_db(&db);
        }
    }

    let file_size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let mut out = format!(
        "\nrolo import benchmark: {} rows, {} rounds (median and p90 wall time, spawn to exit)\n\n",
        opts.rows, opts.rounds
    );
    let _ = writeln!(
        out,
        "Files: {} {}, {} {} (detected as {}), {} {}\n",
        name_of(&inputs.csv),
        megabytes(file_size(&inputs.csv)),
        name_of(&inputs.gbk),
        megabytes(file_size(&inputs.gbk)),
        if gbk_encoding.is_empty() {
            "-"
        } else {
            &gbk_encoding
        },
        name_of(&inputs.vcf),
        megabytes(file_size(&inputs.vcf)),
    );
    out.push_str(
        "| step | median | p90 | rows/s (median) | peak RSS | database | × sqlite3 |\n\
         |---|---:|---:|---:|---:|---:|---:|\n",
    );
    let reference = steps
        .iter()
        .find(|s| s.kind == Kind::Reference)
        .map(|s| median(&s.samples));
    for step in &steps {
        let m = median(&step.samples);
        let ratio = reference.map_or("-".to_string(), |r| {
            format!("{:.2}", m.as_secs_f64() / r.as_secs_f64().max(1e-9))
        });
        let _ = writeln!(
            out,
            "| {} | {} | {} | {:.0} | {:.1} MiB | {} | {ratio} |",
            step.name,
            seconds(m),
            seconds(percentile(&step.samples, 0.9)),
            opts.rows as f64 / m.as_secs_f64().max(1e-9),
            step.peak_rss_kb as f64 / 1024.0,
            megabytes(step.db_bytes),
        );
    }
    for note in notes {
        let _ = writeln!(out, "\nNote: {note}");
    }
    Ok(out)
}

fn name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn seconds(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{:.1} ms", d.as_secs_f64() * 1000.0)
    } else {
        format!("{:.3} s", d.as_secs_f64())
    }
}

/// Check a `rolo import --json` report: every row read, none rejected, and
/// `created` as expected. Returns the encoding the report names.
pub fn check_report(
    step: &str,
    stdout: &str,
    rows: usize,
    created: Option<usize>,
) -> Result<String, String> {
    let report: serde_json::Value = serde_json::from_str(stdout)
        .map_err(|e| format!("{step}: the --json report is not JSON ({e}): {stdout}"))?;
    let number = |field: &str| {
        report
            .get(field)
            .and_then(serde_json::Value::as_u64)
            .ok_or_else(|| format!("{step}: the report has no {field:?}: {stdout}"))
    };
    let read = number("rows")?;
    if read != rows as u64 {
        return Err(format!("{step}: {read} rows read, expected {rows}"));
    }
    let rejected = report
        .get("rejected")
        .and_then(serde_json::Value::as_array)
        .map_or(0, Vec::len);
    if rejected != 0 {
        return Err(format!("{step}: {rejected} rows rejected: {stdout}"));
    }
    if let Some(expected) = created {
        let got = number("created")?;
        if got != expected as u64 {
            return Err(format!(
                "{step}: created {got} customers, expected {expected}"
            ));
        }
    }
    Ok(report
        .get("encoding")
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default()
        .to_string())
}

fn rolo_import(opts: &Options, db: &Path, file: &Path) -> Result<Finished, String> {
    rolo_import_with(opts, db, file, &[])
}

/// `rolo import FILE --json` and `extra` (`--dry-run` …) into `db`, timed.
pub fn rolo_import_with(
    opts: &Options,
    db: &Path,
    file: &Path,
    extra: &[&str],
) -> Result<Finished, String> {
    let mut cmd = Command::new(&opts.rolo);
    cmd.arg("--db")
        .arg(db)
        .arg("import")
        .arg(file)
        .arg("--json")
        .args(extra)
        .env("ROLO_NOW", NOW)
        .env("ROLO_CONFIG_DIR", opts.data.join("config"))
        .stdin(Stdio::null());
    let what = format!("rolo import {}", file.display());
    measure(&mut cmd, &what, &db.with_extension("stderr"))
}

/// sqlite3's CLI importing the CSV into a fresh database: a table of the 7
/// columns and indexes on name, company, email and phone, created and filled
/// in one transaction.
fn sqlite3_import(db: &Path, csv: &Path, scratch: &Path) -> Result<Finished, String> {
    let csv = std::path::absolute(csv).map_err(|e| format!("{}: {e}", csv.display()))?;
    let script = format!(
        "BEGIN;\n\
         CREATE TABLE t(name TEXT, company TEXT, title TEXT, phone TEXT, email TEXT, tags TEXT, source TEXT);\n\
         CREATE INDEX t_name ON t(name);\n\
         CREATE INDEX t_company ON t(company);\n\
         CREATE INDEX t_email ON t(email);\n\
         CREATE INDEX t_phone ON t(phone);\n\
         .mode csv\n\
         .import --skip 1 \"{}\" t\n\
         COMMIT;\n",
        csv.display()
    );
    let script_path = scratch.join("import.sql");
    std::fs::write(&script_path, script)
        .map_err(|e| format!("cannot write {}: {e}", script_path.display()))?;
    // Read as an argument: `measure` gives the child an empty stdin.
    let mut cmd = Command::new("sqlite3");
    cmd.arg("-bail")
        .arg(db)
        .arg(format!(".read '{}'", script_path.display()));
    measure(
        &mut cmd,
        "sqlite3 (apt-get install sqlite3)",
        &db.with_extension("stderr"),
    )
}

fn sqlite3_count(db: &Path) -> Result<usize, String> {
    let out = Command::new("sqlite3")
        .arg(db)
        .arg("SELECT count(*) FROM t;")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run sqlite3: {e}"))?;
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .map_err(|e| {
            format!(
                "sqlite3 count: {e}: {}",
                String::from_utf8_lossy(&out.stderr)
            )
        })
}

fn copy_synced(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::copy(from, to)
        .and_then(|_| File::open(to)?.sync_all())
        .map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))
}

/// Generate the three input files unless cached; returns their paths.
fn generate(opts: &Options, notes: &mut Vec<String>) -> Result<Inputs, String> {
    let n = opts.rows;
    let inputs = Inputs {
        csv: opts.data.join(format!("import-{n}.csv")),
        gbk: opts.data.join(format!("import-{n}-gbk.csv")),
        vcf: opts.data.join(format!("import-{n}.vcf")),
    };
    if inputs.csv.exists() && inputs.gbk.exists() && inputs.vcf.exists() {
        return Ok(inputs);
    }
    let started = Instant::now();
    let people: Vec<Person> = (0..n).map(|i| person(i, n)).collect();
    let mut csv = String::with_capacity(n * 96);
    csv.push_str(HEADER);
    csv.push('\n');
    let mut vcf = String::with_capacity(n * 200);
    for p in &people {
        let _ = writeln!(
            csv,
            "{},{},{},{},{},{},{}",
            p.name,
            csv_field(&p.company),
            p.title,
            p.phone,
            p.email,
            p.tags.join("、"),
            p.source
        );
        vcard(&mut vcf, p);
    }
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&csv);
    if unmappable {
        return Err("the generated CSV has characters GBK cannot encode".into());
    }
    write_atomically(&inputs.csv, csv.as_bytes())?;
    write_atomically(&inputs.gbk, &gbk)?;
    write_atomically(&inputs.vcf, vcf.as_bytes())?;
    notes.push(format!(
        "generated the input files in {:.1} s",
        started.elapsed().as_secs_f64()
    ));
    Ok(inputs)
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    File::create(&partial)
        .and_then(|mut f| {
            f.write_all(bytes)?;
            f.sync_all()
        })
        .and_then(|()| std::fs::rename(&partial, path))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

struct Person {
    name: String,
    /// Family and given name, for the vCard's N.
    family: String,
    given: String,
    company: String,
    title: &'static str,
    phone: String,
    email: String,
    tags: Vec<&'static str>,
    source: &'static str,
}

const SURNAMES: [&str; 20] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗",
];
const GIVEN: [&str; 24] = [
    "伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "勇", "军", "杰", "涛", "明", "超", "秀", "霞",
    "平", "刚", "丽", "鹏", "华", "飞", "婷", "欣",
];
const FIRST: [&str; 24] = [
    "Ann", "Bob", "Carol", "Dan", "Eve", "Frank", "Grace", "Henry", "Iris", "Jack", "Kate", "Liam",
    "Mia", "Noah", "Olivia", "Peter", "Quinn", "Rose", "Sam", "Tina", "Uma", "Victor", "Wendy",
    "Zoe",
];
const LAST: [&str; 24] = [
    "Lee", "Stone", "Diaz", "Wu", "Park", "Moore", "Smith", "Brown", "Taylor", "Clark", "Lewis",
    "Walker", "Young", "King", "Wright", "Green", "Baker", "Hill", "Adams", "Nelson", "Carter",
    "Mitchell", "Perez", "Roberts",
];
const CITIES: [&str; 16] = [
    "北京", "上海", "广州", "深圳", "杭州", "成都", "南京", "武汉", "西安", "苏州", "天津", "重庆",
    "长沙", "青岛", "厦门", "宁波",
];
const WORDS: [&str; 24] = [
    "华信", "宏达", "恒通", "鼎盛", "创新", "瑞丰", "金桥", "远航", "明德", "盛世", "新锐", "东方",
    "天成", "博远", "嘉禾", "中科", "海纳", "凯达", "永泰", "聚源", "启明", "同创", "星辰", "万象",
];
const INDUSTRIES: [&str; 16] = [
    "科技", "贸易", "电子", "软件", "物流", "机械", "医疗", "教育", "食品", "建材", "化工", "传媒",
    "咨询", "能源", "纺织", "汽车",
];
const ADJECTIVES: [&str; 16] = [
    "Blue", "North", "Bright", "Prime", "Silver", "Pacific", "Summit", "Golden", "Harbor", "Union",
    "Atlas", "Cedar", "Apex", "Vista", "Nova", "Metro",
];
const TRADES: [&str; 16] = [
    "Logistics",
    "Software",
    "Trading",
    "Foods",
    "Medical",
    "Systems",
    "Partners",
    "Labs",
    "Industries",
    "Media",
    "Energy",
    "Capital",
    "Robotics",
    "Textiles",
    "Motors",
    "Consulting",
];
const SUFFIXES: [&str; 3] = ["", ", Inc.", " Co., Ltd."];
const TITLES_ZH: [&str; 6] = [
    "经理",
    "总监",
    "销售经理",
    "采购主管",
    "总经理",
    "技术负责人",
];
const TITLES_EN: [&str; 6] = [
    "Manager",
    "Director",
    "Sales Manager",
    "Procurement Lead",
    "CEO",
    "CTO",
];
const TAGS: [&[&str]; 6] = [
    &["重点", "新客户"],
    &["新客户"],
    &["老客户", "VIP"],
    &[],
    &["重点"],
    &["待跟进", "展会"],
];
const SOURCES: [&str; 5] = ["官网", "展会", "转介绍", "电话营销", "微信"];
const PHONE_PREFIXES: [&str; 5] = ["138", "139", "186", "150", "177"];
const DOMAINS: [&str; 5] = [
    "example.com",
    "qq.com",
    "163.com",
    "corp.cn",
    "mail.example.org",
];

/// Customer `i` of `n`, deterministic. Even rows are Chinese, odd rows
/// English. About ten people per company; the people of one company have
/// different names, so no two rows share an email, a phone, or a name and
/// company (what rolo merges as duplicates).
fn person(i: usize, n: usize) -> Person {
    // An even number of companies, so a company's people are all Chinese or all English.
    let companies = (n / 20).max(1) * 2;
    let company = i % companies;
    let nth = i / companies; // distinct among the people of one company
    // Distinct names within a company as long as it has fewer people than names exist.
    let k = nth + company * 7919;
    let seq = i as u64 + 1;
    let phone_digits = format!("{}{:08}", PHONE_PREFIXES[i % 5], seq % 100_000_000);
    let phone = match i % 4 {
        1 => format!(
            "+86 {}-{}-{}",
            &phone_digits[..3],
            &phone_digits[3..7],
            &phone_digits[7..]
        ),
        3 => format!(
            "{} {} {}",
            &phone_digits[..3],
            &phone_digits[3..7],
            &phone_digits[7..]
        ),
        _ => phone_digits,
    };
    let tags = TAGS[(i / 3) % TAGS.len()].to_vec();
    let source = SOURCES[(i / 7) % SOURCES.len()];
    if i.is_multiple_of(2) {
        // One in five has a one-character given name. Two people of a
        // company differ in k by less than either name space, so their
        // names differ.
        let single = (i / 2).is_multiple_of(5);
        let k = k % (SURNAMES.len() * GIVEN.len() * if single { 1 } else { GIVEN.len() });
        let family = SURNAMES[k % SURNAMES.len()];
        let rest = k / SURNAMES.len();
        let mut given = GIVEN[rest % GIVEN.len()].to_string();
        if !single {
            given.push_str(GIVEN[rest / GIVEN.len()]);
        }
        let combos = CITIES.len() * WORDS.len() * INDUSTRIES.len();
        let c = company / 2;
        let cycle = c / combos;
        let company = format!(
            "{}{}{}{}有限公司",
            CITIES[c % CITIES.len()],
            WORDS[(c / CITIES.len()) % WORDS.len()],
            INDUSTRIES[(c / (CITIES.len() * WORDS.len())) % INDUSTRIES.len()],
            if cycle == 0 {
                String::new()
            } else {
                format!("第{cycle}分")
            }
        );
        Person {
            name: format!("{family}{given}"),
            family: family.to_string(),
            given,
            company,
            title: TITLES_ZH[(i / 2) % TITLES_ZH.len()],
            phone,
            email: format!("user{seq}@{}", DOMAINS[(i / 2) % DOMAINS.len()]),
            tags,
            source,
        }
    } else {
        let k = k % (FIRST.len() * LAST.len());
        let first = FIRST[k % FIRST.len()];
        let last = LAST[k / FIRST.len()];
        let combos = ADJECTIVES.len() * LAST.len() * TRADES.len();
        let c = company / 2;
        let cycle = c / combos;
        let company = format!(
            "{} {} {}{}{}",
            ADJECTIVES[c % ADJECTIVES.len()],
            LAST[(c / ADJECTIVES.len()) % LAST.len()],
            TRADES[(c / (ADJECTIVES.len() * LAST.len())) % TRADES.len()],
            if cycle == 0 {
                String::new()
            } else {
                format!(" {}", cycle + 1)
            },
            SUFFIXES[c % SUFFIXES.len()],
        );
        Person {
            name: format!("{first} {last}"),
            family: last.to_string(),
            given: first.to_string(),
            company,
            title: TITLES_EN[(i / 2) % TITLES_EN.len()],
            phone,
            email: format!(
                "{}.{}{seq}@{}",
                first.to_lowercase(),
                last.to_lowercase(),
                DOMAINS[(i / 2) % DOMAINS.len()]
            ),
            tags,
            source,
        }
    }
}

/// A CSV field, quoted when it holds a comma or a quote.
fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

/// vCard 3.0 text escaping (RFC 2426 §4): backslash, comma, semicolon, newline.
fn vcard_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for ch in value.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            _ => out.push(ch),
        }
    }
    out
}

fn vcard(out: &mut String, p: &Person) {
    let _ = write!(
        out,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{}\r\nN:{};{};;;\r\nORG:{}\r\nTITLE:{}\r\n\
         TEL;TYPE=CELL:{}\r\nEMAIL;TYPE=INTERNET:{}\r\n",
        vcard_text(&p.name),
        vcard_text(&p.family),
        vcard_text(&p.given),
        vcard_text(&p.company),
        vcard_text(p.title),
        vcard_text(&p.phone),
        vcard_text(&p.email),
    );
    if !p.tags.is_empty() {
        let tags: Vec<String> = p.tags.iter().map(|t| vcard_text(t)).collect();
        let _ = write!(out, "CATEGORIES:{}\r\n", tags.join(","));
    }
    out.push_str("END:VCARD\r\n");
}
