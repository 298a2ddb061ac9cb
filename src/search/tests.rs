//! Search behaviour on small hand-made indexes: ranking, pinyin, fields,
//! positions, narrowing and query syntax. The comparisons of the pruned search
//! with scoring every entry are in [`exhaustive`].

mod exhaustive;

use nucleo_matcher::chars;

use super::masks::CJK;
use super::pinyin::{bits, set_bigram, set_bigram_row};
use super::{Field, Hit, SearchIndex};

fn index(rows: &[(u64, &str, &str, &str)]) -> SearchIndex {
    let mut ix = SearchIndex::new();
    for &(id, name, company, email) in rows {
        ix.push(id, name, company, email);
    }
    ix
}

fn ids(hits: &[Hit]) -> Vec<u64> {
    hits.iter().map(|h| h.id).collect()
}

fn hit(hits: &[Hit], id: u64) -> &Hit {
    hits.iter()
        .find(|h| h.id == id)
        .unwrap_or_else(|| panic!("no hit for id {id} in {hits:?}"))
}

#[test]
fn wang_ranks_people_named_wang_above_wayne() {
    let ix = index(&[
        (1, "Wayne Nguyen", "Initech", "wayne@initech.com"),
        (2, "Wang Fang", "Globex", "fang@globex.com"),
        (3, "王芳", "星辰科技", "wf@example.cn"),
        (4, "Ann Lee", "Acme", "ann@acme.com"),
    ]);
    let hits = ix.search("wang", 10);
    let order = ids(&hits);
    let pos = |id| order.iter().position(|&x| x == id).unwrap_or(usize::MAX);
    assert!(pos(2) < pos(1), "{hits:?}");
    assert!(pos(3) < pos(1), "{hits:?}");
    assert!(!order.contains(&4));
    assert_eq!(hit(&hits, 3).positions, vec![0]);
    assert_eq!(hit(&hits, 3).field, Field::Name);
    assert_eq!(hit(&hits, 2).positions, vec![0, 1, 2, 3]);
    // Equally good: the literal match first.
    assert!(pos(2) < pos(3), "{hits:?}");
}

#[test]
fn pinyin_name_is_reported_over_an_equal_literal_email_match() {
    let ix = index(&[(1, "王伟", "", "wang123@qq.com"), (2, "Wang Li", "", "")]);
    let hits = ix.search("wang", 10);
    let wang_wei = hit(&hits, 1);
    assert_eq!(
        (wang_wei.field, wang_wei.positions.clone()),
        (Field::Name, vec![0])
    );
    // It scores as the literal email match does.
    assert_eq!(wang_wei.score, hit(&hits, 2).score);
    assert_eq!(ids(&hits), vec![1, 2]);
}

#[test]
fn pinyin_full_and_initials_with_positions() {
    let ix = index(&[
        (1, "张伟", "", ""),
        (2, "李娜 Lina", "", ""),
        (3, "Zack Walker", "", ""),
    ]);
    for q in ["zw", "zhangwei", "zhangw", "zwei"] {
        let hits = ix.search(q, 10);
        assert_eq!(hits.first().map(|h| h.id), Some(1), "{q}: {hits:?}");
        assert_eq!(hits[0].positions, vec![0, 1], "{q}");
        assert_eq!(hits[0].field, Field::Name);
    }
    // Partial final syllable while typing.
    let hits = ix.search("zhan", 10);
    assert_eq!(hit(&hits, 1).positions, vec![0]);
    // Given name only.
    assert_eq!(hit(&ix.search("wei", 10), 1).positions, vec![1]);

    let hits = ix.search("ln", 10);
    assert_eq!(hit(&hits, 2).positions, vec![0, 1]);
    let found = ids(&ix.search("nuo", 10));
    assert!(!found.contains(&1));
}

#[test]
fn full_syllables_rank_above_partial_ones() {
    let ix = index(&[
        (1, "廖雪", "", ""),
        (2, "李雪", "", ""),
        (3, "陈明", "", ""),
    ]);
    assert_eq!(ids(&ix.search("li", 10)), vec![2, 1]);
    assert_eq!(ids(&ix.search("chen", 10)), vec![3]);
}

#[test]
fn literal_matches_win_ties_with_pinyin() {
    let ix = index(&[(1, "安娜", "", ""), (2, "Ann Lee", "", "")]);
    // Equally good matches: the literal one first, though its name is longer.
    assert_eq!(ids(&ix.search("a", 10)), vec![2, 1]);
    assert_eq!(ids(&ix.search("an", 10)), vec![2, 1]);
}

#[test]
fn surname_readings_of_heteronyms() {
    let ix = index(&[
        (1, "曾国藩", "", ""),
        (2, "单雄信", "", ""),
        (3, "张伟", "", ""),
    ]);
    for q in ["zengguofan", "zgf", "zengguof", "zeng"] {
        let hits = ix.search(q, 10);
        assert_eq!(ids(&hits), vec![1], "{q}");
    }
    assert_eq!(ix.search("zgf", 10)[0].positions, vec![0, 1, 2]);
    for q in ["sxx", "shanxiongxin", "shan"] {
        let hits = ix.search(q, 10);
        assert_eq!(ids(&hits), vec![2], "{q}");
    }
    assert_eq!(ix.search("sxx", 10)[0].positions, vec![0, 1, 2]);
}

#[test]
fn company_and_email_fields() {
    let ix = index(&[
        (1, "Ann Lee", "Acme Corp", "ann@acme.com"),
        (2, "Bob Stone", "Globex", "bob.stone@globex.com"),
        (3, "王芳", "阿里巴巴", "fang@alibaba.cn"),
        (4, "Carl Zed", "Initech", "c.zed@zmail.io"),
    ]);
    let hits = ix.search("globex", 10);
    assert_eq!(ids(&hits), vec![2]);
    assert_eq!(hits[0].field, Field::Company);
    assert_eq!(hits[0].positions, vec![0, 1, 2, 3, 4, 5]);

    let hits = ix.search("zmail", 10);
    assert_eq!(ids(&hits), vec![4]);
    assert_eq!(hits[0].field, Field::Email);
    assert_eq!(hits[0].positions, vec![6, 7, 8, 9, 10]);

    // Chinese company by pinyin initials and full pinyin.
    for q in ["albb", "alibaba"] {
        let hits = ix.search(q, 10);
        assert_eq!(hits.first().map(|h| h.id), Some(3), "{q}: {hits:?}");
    }
    let hits = ix.search("albb", 10);
    assert_eq!(hits[0].field, Field::Company);
    assert_eq!(hits[0].positions, vec![0, 1, 2, 3]);

    // One atom per field.
    let hits = ix.search("ann acme", 10);
    assert_eq!(ids(&hits), vec![1]);
    assert!(!hits[0].positions.is_empty());
    let hits = ix.search("wang albb", 10);
    assert_eq!(ids(&hits), vec![3]);
}

#[test]
fn empty_and_non_matching_queries() {
    let ix = index(&[(1, "张伟", "Acme", "zw@acme.com"), (2, "Ann Lee", "", "")]);
    assert!(ix.search("", 10).is_empty());
    assert!(ix.search("   ", 10).is_empty());
    assert!(ix.search("xyzzyq", 10).is_empty());
    assert!(ix.search("qqq", 10).is_empty());
    assert!(ix.search("赵", 10).is_empty());
    assert!(ix.search_among(&[0, 1], "", 10).0.is_empty());
    assert!(SearchIndex::new().search("a", 10).is_empty());
    assert!(ix.search("ann", 0).is_empty());
    assert_eq!(ix.search_among(&[0, 1], "ann", 0).1, vec![1]);
}

#[test]
fn cjk_and_ascii_mixes() {
    let ix = index(&[
        (1, "李娜 Lina", "", ""),
        (2, "Li Na", "", ""),
        (3, "张伟", "", ""),
    ]);
    // Literal CJK.
    let hits = ix.search("李娜", 10);
    assert_eq!(ids(&hits), vec![1]);
    assert_eq!(hits[0].positions, vec![0, 1]);
    // The Latin part matches by nucleo.
    let hits = ix.search("Lina", 10);
    assert_eq!(ids(&hits), vec![1]);
    assert_eq!(hits[0].positions, vec![3, 4, 5, 6]);
    // Hanzi followed by pinyin in one atom.
    let hits = ix.search("李n", 10);
    assert_eq!(ids(&hits), vec![1]);
    assert_eq!(hits[0].positions, vec![0, 1]);
    // Pinyin hits the Chinese part; nucleo the romanized name.
    let found = ids(&ix.search("lina", 10));
    assert!(found.contains(&1) && found.contains(&2) && !found.contains(&3));
    // Two atoms, one CJK and one pinyin.
    assert_eq!(ids(&ix.search("张 wei", 10)), vec![3]);
    // Pinyin ignores case; literal letters follow smart case.
    assert_eq!(ids(&ix.search("ZW", 10)), vec![3]);
    let ix = index(&[(1, "王芳 lina", "", ""), (2, "王芳 Lina", "", "")]);
    assert_eq!(ids(&ix.search("Lina", 10)), vec![2]);
    assert_eq!(ids(&ix.search("wf lina", 10)), vec![1, 2]);
}

/// A small mixed corpus, deterministic.
fn corpus() -> SearchIndex {
    let mut ix = SearchIndex::new();
    let surnames = ["张", "王", "李", "曾", "单", "廖"];
    let given = ["伟", "芳", "娜", "国藩", "雄信", "丽"];
    let english = [
        "Wang", "Wayne", "Zhang", "Ann", "Lina", "Walker", "José", "McAdams",
    ];
    let mut id = 0;
    for s in surnames {
        for g in given {
            id += 1;
            ix.push(id, &format!("{s}{g}"), "星辰科技有限公司", "x@qq.com");
        }
    }
    for a in english {
        for b in english {
            id += 1;
            let company = if id % 2 == 0 {
                "Acme Corp"
            } else {
                "Wonka Labs"
            };
            let email = format!("{}.{}@acme.com", a.to_lowercase(), b.to_lowercase());
            ix.push(id, &format!("{a} {b}"), company, &email);
        }
    }
    ix
}

#[test]
fn search_among_narrows_like_a_full_search() {
    let ix = corpus();
    let everyone: Vec<u32> = (0..ix.len() as u32).collect();
    for typed in ["zhang wei", "wayne acme", "a", "li"] {
        let mut among = everyone.clone();
        let mut query = String::new();
        for c in typed.chars() {
            query.push(c);
            let (hits, next) = ix.search_among(&among, &query, 5);
            assert_eq!(hits, ix.search(&query, 5), "{query}");
            let (_, all) = ix.search_among(&everyone, &query, 0);
            assert_eq!(next, all, "{query}");
            among = next;
        }
        assert!(!among.is_empty(), "{typed}");
    }
    // Out-of-range indices are ignored.
    let (hits, next) = ix.search_among(&[u32::MAX, 0], "zw", 5);
    assert_eq!(next, vec![0]);
    assert_eq!(ids(&hits), vec![1]);
}

#[test]
fn ties_break_by_shorter_name_then_id() {
    let ix = index(&[
        (9, "Ann Lee", "", ""),
        (3, "Ann Leeson", "", ""),
        (5, "Ann Lee", "", ""),
    ]);
    let hits = ix.search("ann", 10);
    assert_eq!(ids(&hits), vec![5, 9, 3]);
    assert_eq!(ids(&ix.search("ann", 2)), vec![5, 9]);
}

#[test]
fn pattern_syntax_and_smart_case() {
    let ix = index(&[
        (1, "Ann Lee", "Acme", ""),
        (2, "Dana Mann", "Acme", ""),
        (3, "张伟", "Acme", ""),
        (4, "José Müller", "", ""),
    ]);
    assert_eq!(ids(&ix.search("^ann", 10)), vec![1]);
    assert_eq!(ids(&ix.search("acme !dana", 10)).len(), 2);
    assert!(!ids(&ix.search("acme !dana", 10)).contains(&2));
    assert_eq!(ids(&ix.search("^zw", 10)), vec![3]);
    // Upper case in the query makes nucleo case sensitive.
    assert_eq!(ids(&ix.search("Mann", 10)), vec![2]);
    assert!(ix.search("MANN", 10).is_empty());
    // Normalization: plain letters match accented ones.
    assert_eq!(ids(&ix.search("jose muller", 10)), vec![4]);
    assert_eq!(
        ix.search("muller", 10)[0].positions,
        vec![5, 6, 7, 8, 9, 10]
    );
}

#[test]
fn long_fields_are_truncated_not_rejected() {
    let long = "x".repeat(10_000);
    let ix = index(&[(1, &format!("Ann {long}"), &long, &long)]);
    assert_eq!(ids(&ix.search("ann", 10)), vec![1]);
    assert!(ix.search("xy", 10).is_empty());
}

#[test]
fn cjk_fast_paths_agree_with_the_unicode_tables() {
    for c in CJK {
        assert_eq!(chars::to_lower_case(c), c, "{c}");
        assert_eq!(chars::normalize(c), c, "{c}");
        assert!(
            c.is_alphabetic() && !c.is_numeric() && !c.is_lowercase(),
            "{c}"
        );
        assert!(!chars::is_upper_case(c), "{c}");
    }
}

#[test]
fn bigram_rows_set_the_same_slots_as_single_bigrams() {
    for a in b'a'..=b'z' {
        for row in [1u32, 0x03ff_ffff, 0x0200_0001, 0x0155_5555] {
            let mut one = [0; 4];
            let mut each = [0; 4];
            set_bigram_row(&mut one, a, row);
            for b in bits(row) {
                set_bigram(&mut each, a, b);
            }
            assert_eq!(one, each, "{} {row:x}", a as char);
        }
    }
}

#[test]
fn pushing_after_shrink_to_fit_still_works() {
    let mut ix = index(&[(1, "张伟", "Acme", ""), (2, "张伟", "Acme", "")]);
    ix.shrink_to_fit();
    ix.push(3, "张伟", "Acme", "");
    ix.push(4, "Ann Lee", "Acme", "");
    assert_eq!(ids(&ix.search("zw acme", 10)), vec![1, 2, 3]);
    assert_eq!(ids(&ix.search("acme", 10)), vec![1, 2, 3, 4]);
}

#[test]
fn index_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<SearchIndex>();
}
