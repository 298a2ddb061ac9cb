//! Micro-benchmark for `rolo::search` at 100k generated customers.
//!
//! Run with: `cargo run --release --example search_bench [-- ENTRIES [RUNS]]`
//!
//! The data is a deterministic mix (fixed seed): ~50% Chinese names and
//! companies (some with a Latin name too, like "李娜 Lina"), ~50% English.
//! Prints the index build time and the median / p95 time per query, both for a
//! full search and for narrowing (`search_among`) while a query is typed.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rolo::search::SearchIndex;

/// Counts live heap bytes, to report the index's memory.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

// SAFETY: delegates to the system allocator and only adds bookkeeping.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size, Ordering::Relaxed);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// (surname, its pinyin for emails)
const SURNAMES: &[(&str, &str)] = &[
    ("王", "wang"),
    ("李", "li"),
    ("张", "zhang"),
    ("刘", "liu"),
    ("陈", "chen"),
    ("杨", "yang"),
    ("黄", "huang"),
    ("赵", "zhao"),
    ("吴", "wu"),
    ("周", "zhou"),
    ("徐", "xu"),
    ("孙", "sun"),
    ("马", "ma"),
    ("朱", "zhu"),
    ("胡", "hu"),
    ("郭", "guo"),
    ("何", "he"),
    ("高", "gao"),
    ("林", "lin"),
    ("罗", "luo"),
    ("郑", "zheng"),
    ("梁", "liang"),
    ("谢", "xie"),
    ("宋", "song"),
    ("唐", "tang"),
    ("许", "xu"),
    ("韩", "han"),
    ("冯", "feng"),
    ("邓", "deng"),
    ("曹", "cao"),
    ("彭", "peng"),
    ("曾", "zeng"),
    ("肖", "xiao"),
    ("田", "tian"),
    ("董", "dong"),
    ("袁", "yuan"),
    ("潘", "pan"),
    ("于", "yu"),
    ("蒋", "jiang"),
    ("蔡", "cai"),
    ("余", "yu"),
    ("杜", "du"),
    ("叶", "ye"),
    ("程", "cheng"),
    ("苏", "su"),
    ("魏", "wei"),
    ("吕", "lv"),
    ("丁", "ding"),
    ("任", "ren"),
    ("沈", "shen"),
    ("姚", "yao"),
    ("卢", "lu"),
    ("姜", "jiang"),
    ("崔", "cui"),
    ("钟", "zhong"),
    ("谭", "tan"),
    ("陆", "lu"),
    ("汪", "wang"),
    ("范", "fan"),
    ("金", "jin"),
    ("石", "shi"),
    ("廖", "liao"),
    ("贾", "jia"),
    ("夏", "xia"),
    ("韦", "wei"),
    ("方", "fang"),
    ("白", "bai"),
    ("邹", "zou"),
    ("孟", "meng"),
    ("熊", "xiong"),
    ("秦", "qin"),
    ("邱", "qiu"),
    ("江", "jiang"),
    ("尹", "yin"),
    ("薛", "xue"),
    ("单", "shan"),
    ("欧阳", "ouyang"),
    ("司马", "sima"),
];

const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
    "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "文", "华", "建国", "红", "玉梅", "鹏",
    "飞", "辉", "宇", "浩然", "子涵", "欣怡", "雨轩", "思博", "晨阳", "佳琪", "俊凯", "瑶", "婷",
    "雪", "琳", "一诺", "梓萱", "宏志", "新春", "海燕", "国藩", "雄信", "志强", "晓明", "丹", "慧",
    "颖", "斌", "波", "宁", "乐",
];

const LATIN_OF_CN: &[&str] = &[
    "Lina", "Wei", "Tony", "Grace", "Kevin", "Amy", "Jack", "Lily",
];

const CITIES: &[&str] = &[
    "北京", "上海", "深圳", "广州", "杭州", "成都", "南京", "武汉", "西安", "重庆", "苏州", "天津",
];
const BRANDS: &[&str] = &[
    "星辰", "华信", "金桥", "博远", "天成", "宏达", "瑞丰", "恒通", "新创", "海纳", "中科", "腾飞",
    "阿里", "长城", "东方", "光明",
];
const INDUSTRIES: &[&str] = &[
    "科技", "贸易", "物流", "软件", "医药", "电子", "建设", "咨询", "教育", "餐饮", "传媒", "机械",
];
const SUFFIXES: &[&str] = &["有限公司", "股份有限公司", "集团", "工作室", ""];
const CN_MAIL: &[&str] = &["qq.com", "163.com", "126.com", "sina.com", "foxmail.com"];

const FIRST: &[&str] = &[
    "James",
    "Mary",
    "John",
    "Patricia",
    "Robert",
    "Jennifer",
    "Michael",
    "Linda",
    "William",
    "Elizabeth",
    "David",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Charles",
    "Karen",
    "Christopher",
    "Nancy",
    "Daniel",
    "Lisa",
    "Matthew",
    "Betty",
    "Anthony",
    "Margaret",
    "Mark",
    "Sandra",
    "Donald",
    "Ashley",
    "Steven",
    "Kimberly",
    "Paul",
    "Emily",
    "Andrew",
    "Donna",
    "Joshua",
    "Michelle",
    "Wayne",
    "Ann",
    "Zack",
    "Zoe",
    "Ali",
    "Wang",
    "José",
    "Chloé",
    "Noah",
    "Liam",
    "Olivia",
    "Emma",
    "Ava",
    "Sophia",
    "Mia",
    "Ethan",
    "Lucas",
    "Amelia",
];
const LAST: &[&str] = &[
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Ramirez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Torres",
    "Nguyen",
    "Hill",
    "Flores",
    "Green",
    "Adams",
    "Nelson",
    "Baker",
    "Hall",
    "Wang",
    "Zhang",
    "Li",
    "Chen",
    "Kim",
    "Müller",
    "O'Brien",
];
const EN_CO_A: &[&str] = &[
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Stark",
    "Wayne",
    "Wonka",
    "Hooli",
    "Vandelay",
    "Soylent",
    "Tyrell",
    "Cyberdyne",
    "Aperture",
    "Massive",
    "Pied Piper",
    "Blue Sun",
    "Oscorp",
    "Gringotts",
    "Monarch",
    "Nakatomi",
];
const EN_CO_PREFIX: &[&str] = &[
    "Global", "United", "First", "North", "Blue", "Pacific", "Summit", "Prime", "Royal", "Metro",
    "Golden", "Coastal", "Silver", "Eastern", "Western", "Allied",
];
const EN_CO_B: &[&str] = &[
    "Corp",
    "Inc",
    "Industries",
    "Labs",
    "Systems",
    "Holdings",
    "LLC",
    "Group",
    "Partners",
    "Logistics",
    "Software",
    "Foods",
];

fn pick<T: Copy>(rng: &mut ChaCha8Rng, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}

/// `unique`: append the row number to names and companies, so no two
/// entries share one (the index matches each distinct name or company once
/// per query; real data repeats companies a lot, this is the worst case).
pub fn generate(n: usize, unique: bool) -> Vec<(u64, String, String, String)> {
    let mut rng = ChaCha8Rng::seed_from_u64(0x5eed_2026);
    let mut rows = Vec::with_capacity(n);
    for i in 0..n {
        let id = i as u64 + 1;
        if rng.random_bool(0.5) {
            let (surname, py) = pick(&mut rng, SURNAMES);
            let mut name = format!("{surname}{}", pick(&mut rng, GIVEN));
            if rng.random_bool(0.1) {
                name.push(' ');
                name.push_str(pick(&mut rng, LATIN_OF_CN));
            }
            let company = format!(
                "{}{}{}{}",
                pick(&mut rng, CITIES),
                pick(&mut rng, BRANDS),
                pick(&mut rng, INDUSTRIES),
                pick(&mut rng, SUFFIXES)
            );
            let email = format!(
                "{py}{}@{}",
                rng.random_range(1..10_000u32),
                pick(&mut rng, CN_MAIL)
            );
            rows.push((id, name, company, email));
        } else {
            let (first, last) = (pick(&mut rng, FIRST), pick(&mut rng, LAST));
            let middle = if rng.random_bool(0.3) {
                format!(" {}.", char::from(b'A' + rng.random_range(0..26u8)))
            } else {
                String::new()
            };
            let co_a = pick(&mut rng, EN_CO_A);
            let company = if rng.random_bool(0.5) {
                format!(
                    "{} {co_a} {}",
                    pick(&mut rng, EN_CO_PREFIX),
                    pick(&mut rng, EN_CO_B)
                )
            } else {
                format!("{co_a} {}", pick(&mut rng, EN_CO_B))
            };
            let domain: String = co_a
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase();
            let email = format!(
                "{}.{}@{domain}.com",
                first.to_lowercase(),
                last.to_lowercase()
            );
            rows.push((id, format!("{first}{middle} {last}"), company, email));
        }
    }
    if unique {
        for (id, name, company, _) in &mut rows {
            *name = format!("{name} {id}");
            *company = format!("{company} {id}");
        }
    }
    rows
}

/// CPU time of the calling thread: unlike wall time, not inflated when other
/// processes compete for the cores.
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return Duration::ZERO;
    }
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Wall and thread-CPU time of `f`.
fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration, Duration) {
    let (wall, cpu) = (Instant::now(), thread_cpu());
    let out = f();
    (out, wall.elapsed(), thread_cpu().saturating_sub(cpu))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(51);
    let unique = args.next().is_some_and(|a| a == "unique");
    let rows = generate(n, unique);
    if unique {
        println!("(every name and company unique)");
    }

    let (mut build_wall, mut build_cpu) = (Vec::new(), Vec::new());
    let before = LIVE.load(Ordering::Relaxed);
    let mut index = SearchIndex::new();
    let mut memory = 0;
    for _ in 0..7 {
        let (ix, wall, cpu) = timed(|| {
            let mut ix = SearchIndex::with_capacity(rows.len());
            for (id, name, company, email) in &rows {
                ix.push(*id, name, company, email);
            }
            ix
        });
        build_wall.push(wall);
        build_cpu.push(cpu);
        drop(std::mem::replace(&mut index, ix));
        memory = LIVE.load(Ordering::Relaxed).saturating_sub(before);
    }
    build_wall.sort();
    build_cpu.sort();
    let before_shrink = LIVE.load(Ordering::Relaxed);
    index.shrink_to_fit();
    let shrunk = memory.saturating_sub(before_shrink.saturating_sub(LIVE.load(Ordering::Relaxed)));
    println!(
        "entries: {}  build: median {:.1} ms wall, {:.1} ms cpu  \
         index heap: {:.1} MiB ({:.1} MiB after shrink_to_fit)",
        index.len(),
        ms(percentile(&build_wall, 0.5)),
        ms(percentile(&build_cpu, 0.5)),
        memory as f64 / (1024.0 * 1024.0),
        shrunk as f64 / (1024.0 * 1024.0),
    );

    let queries = [
        "wang", "zw", "zhang", "acme", "li", "a", "张", "zgf", "zhangwei", "wayne", "sxx",
        "ann acme", "北京", "chen", "w", "xyzzy",
    ];
    println!(
        "{:<10} {:>5} {:>10} {:>10} {:>10} {:>8}  top hit",
        "query", "chars", "wall med", "wall p95", "cpu med", "matches"
    );
    let everyone: Vec<u32> = (0..index.len() as u32).collect();
    let (mut short, mut long) = (Vec::new(), Vec::new());
    for q in queries {
        let (mut wall, mut cpu) = (Vec::with_capacity(runs), Vec::with_capacity(runs));
        let mut top = None;
        for _ in 0..runs {
            let (hits, w, c) = timed(|| black_box(index.search(black_box(q), 50)));
            wall.push(w);
            cpu.push(c);
            top = hits.first().cloned();
        }
        wall.sort();
        cpu.sort();
        if q.chars().count() <= 2 {
            &mut short
        } else {
            &mut long
        }
        .push(percentile(&wall, 0.5));
        let (_, all) = index.search_among(&everyone, q, 0);
        println!(
            "{:<10} {:>5} {:>7.2} ms {:>7.2} ms {:>7.2} ms {:>8}  {}",
            q,
            q.chars().count(),
            ms(percentile(&wall, 0.5)),
            ms(percentile(&wall, 0.95)),
            ms(percentile(&cpu, 0.5)),
            all.len(),
            top.map(|h| {
                let row = &rows[(h.id - 1) as usize];
                format!(
                    "#{} {} / {} ({:?} {:?})",
                    h.id, row.1, row.2, h.field, h.positions
                )
            })
            .unwrap_or_else(|| "-".to_owned()),
        );
    }

    for (label, mut medians) in [("1-2 chars", short), ("3+ chars", long)] {
        medians.sort();
        println!(
            "{label}: median of the medians {:.2} ms, slowest median {:.2} ms",
            ms(percentile(&medians, 0.5)),
            ms(percentile(&medians, 1.0)),
        );
    }

    // Typing with narrowing: each keystroke searches the previous matches.
    println!("narrowing, search_among per keystroke (wall median ms / matches):");
    for typed in ["zhangwei", "wang", "acme corp", "ann acme"] {
        let mut line = String::new();
        let mut among = everyone.clone();
        let mut query = String::new();
        for c in typed.chars() {
            query.push(c);
            let mut wall = Vec::with_capacity(runs);
            let mut next = Vec::new();
            for _ in 0..runs {
                let ((hits, all), w, _) =
                    timed(|| index.search_among(black_box(&among), &query, 50));
                wall.push(w);
                black_box(hits);
                next = all;
            }
            wall.sort();
            line.push_str(&format!(
                " {query:?} {:.2}/{}",
                ms(percentile(&wall, 0.5)),
                next.len()
            ));
            among = next;
        }
        println!(" {line}");
    }
}
