//! Import throughput: generate a CSV of N customers (half Chinese, with a
//! Chinese header row) and import it into a fresh database in-process, the
//! way `rolo import` does.
//!
//! `cargo run --release --example import_bench [ROWS]` (default 100000)

use rolo::domain::Channel;
use rolo::exec::import::{self, Options};
use rolo::store::Store;
use std::fmt::Write as _;
use std::time::Instant;

fn main() {
    let rows: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"];
    let given = [
        "伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "勇", "军", "杰", "涛",
    ];
    let english = [
        "Ann Lee",
        "Bob Stone",
        "Carol Diaz",
        "Dan Wu",
        "Eve Park",
        "Frank Moore",
    ];
    let mut csv = String::from("客户姓名,公司名称,职位,联系方式,邮箱,客户标签,来源渠道\n");
    for i in 0..rows {
        let name = if i % 2 == 0 {
            format!(
                "{}{}{}",
                surnames[i % 10],
                given[(i / 10) % 12],
                given[(i / 120) % 12]
            )
        } else {
            format!("{} {i}", english[i % english.len()])
        };
        let _ = writeln!(
            csv,
            "{name},公司{i},经理,139{i:08},user{i}@example.com,重点、新客户,官网"
        );
    }
    let dir = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(e) => return eprintln!("no temp dir: {e}"),
    };
    let store = Store::new(dir.path().join("rolo.redb"), Channel::Import);
    let now = chrono::Local::now().fixed_offset();
    let started = Instant::now();
    match import::import(&store, csv.as_bytes(), &Options::default(), now) {
        Ok(report) => {
            let secs = started.elapsed().as_secs_f64();
            println!(
                "{} rows ({} bytes) → {} customers in {secs:.2} s: {:.0} rows/s",
                report.rows,
                csv.len(),
                report.created,
                report.rows as f64 / secs
            );
        }
        Err(e) => eprintln!("import failed: {e}"),
    }
}
