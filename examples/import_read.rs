//! Throughput of the import reading layer (decode + read) on a generated
//! 100k-row CSV, in memory. Run: `cargo run --release --example import_read [rows]`.

use std::time::Instant;

use rolo::interchange::{decode, table};

fn main() {
    let rows: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let mut text = String::from(
        "客户编号,客户姓名,公司名称,职位,联系方式,邮箱,行业,客户标签,来源渠道,负责人,最后跟进时间,下一步计划\r\n",
    );
    for i in 0..rows {
        text.push_str(&format!(
            "C{i:06},客户{i},\"公司{i}, 有限公司\",经理,138{:08},user{i}@example.com,互联网,重点客户,展会,李四,2024-05-01 10:00,\"先电话\r\n再拜访\"\r\n",
            i % 100_000_000
        ));
    }
    for (label, bytes) in [
        ("UTF-8", text.clone().into_bytes()),
        ("GBK", encoding_rs::GBK.encode(&text).0.into_owned()),
    ] {
        let t0 = Instant::now();
        let (decoded, enc, _) = match decode::decode(&bytes, None) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("{e}");
                return;
            }
        };
        let t1 = Instant::now();
        let table = match table::read(&decoded, None) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{e}");
                return;
            }
        };
        let t2 = Instant::now();
        let total = t2 - t0;
        println!(
            "{label}: {} bytes ({enc}), {} records, {} problems; decode {:.1} ms, read {:.1} ms, total {:.1} ms = {:.0} rows/s",
            bytes.len(),
            table.records.len(),
            table.problems.len(),
            (t1 - t0).as_secs_f64() * 1e3,
            (t2 - t1).as_secs_f64() * 1e3,
            total.as_secs_f64() * 1e3,
            table.records.len() as f64 / total.as_secs_f64()
        );
    }
}
