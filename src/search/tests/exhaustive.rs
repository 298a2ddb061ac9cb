//! The pruned search against scoring every entry with nucleo: same top hits,
//! same match set, and bounds that really bound.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher};

use super::corpus;
use crate::search::SearchIndex;
use crate::search::matching::Work;
use crate::search::pinyin::pinyin_pattern;
use crate::search::rank::Candidate;
use crate::search::score::Scored;

/// Scores every entry without pruning and checks that `search` returns
/// the same top `k`, that the yes/no check agrees with scoring and that
/// the bound really bounds.
fn check_against_exhaustive(ix: &SearchIndex, q: &str, k: usize) {
    let pattern = Pattern::parse(q, CaseMatching::Smart, Normalization::Smart);
    if pattern.atoms.is_empty() {
        assert!(ix.search(q, k).is_empty(), "{q:?}");
        return;
    }
    let pys: Vec<Option<String>> = pattern.atoms.iter().map(pinyin_pattern).collect();
    // Separate memos, so the yes/no check is not answered from scores.
    let mut work = Work::new(pattern.atoms.len());
    let mut work2 = Work::new(pattern.atoms.len());
    let plans = ix.plans(&pattern, &pys, &mut work.matcher);
    let mut all: Vec<Candidate> = Vec::new();
    for idx in 0..ix.len() as u32 {
        let scored = match ix.score_entry(idx, &plans, &mut work, None) {
            Scored::Yes(score, field) => Some((score, field)),
            Scored::No => None,
            Scored::Pruned => panic!("pruned without a cutoff"),
        };
        assert_eq!(
            scored.is_some(),
            ix.matches(idx, &plans, &mut work2),
            "{q:?} #{idx}"
        );
        if let Some((score, field)) = scored {
            let bound = ix.upper_bound(idx, &plans);
            assert!(
                bound.is_some_and(|b| b >= score),
                "{q:?} #{idx}: {score} > {bound:?}"
            );
            let i = idx as usize;
            all.push(Candidate {
                score,
                name_chars: ix.name_chars[i],
                id: ix.ids[i],
                idx,
                field,
            });
        }
    }
    all.sort();
    let expected: Vec<(u64, u32)> = all.iter().take(k).map(|c| (c.id, c.score)).collect();
    let hits = ix.search(q, k);
    let got: Vec<(u64, u32)> = hits.iter().map(|h| (h.id, h.score)).collect();
    assert_eq!(got, expected, "{q:?}");
    let positive = pattern.atoms.iter().any(|a| !a.negative);
    for h in &hits {
        assert!(!positive || !h.positions.is_empty(), "{q:?}: {h:?}");
    }
    let everyone: Vec<u32> = (0..ix.len() as u32).collect();
    let (_, matched) = ix.search_among(&everyone, q, k);
    let mut expected_matched: Vec<u32> = all.iter().map(|c| c.idx).collect();
    expected_matched.sort_unstable();
    assert_eq!(matched, expected_matched, "{q:?}");
}

/// A deterministic pseudo-random source: `next(n)` is in `0..n`.
fn xorshift(mut seed: u64) -> impl FnMut(usize) -> usize {
    move |n| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    }
}

/// The pruned search must return exactly what scoring everything returns.
#[test]
fn pruning_matches_exhaustive_scoring() {
    let ix = corpus();
    let queries = [
        "a",
        "w",
        "l",
        "z",
        "an",
        "wa",
        "ac",
        "li",
        "wang",
        "zw",
        "acme",
        "ann acme",
        "jose",
        "José",
        "mcad",
        "MA",
        "co",
        "q",
        "x",
        "ws",
        "'acme",
        "^wa",
        "ker$",
        "acme !wonka",
        "zhan",
        "lzz",
        "张",
        "星辰",
        "!acme",
    ];
    for q in queries {
        check_against_exhaustive(&ix, q, 7);
    }
}

/// The same on random text: mixed scripts, case, accents, punctuation.
#[test]
fn pruning_matches_exhaustive_scoring_on_random_text() {
    let pool: Vec<char> = "aaeinoulsZWxAB .@-_'1张王李曾单安娜伟国藩雄信Éé星辰ÅçÖ"
        .chars()
        .collect();
    let mut next = xorshift(0x2545_f491_4f6c_dd1d);
    let text = |len: usize, next: &mut dyn FnMut(usize) -> usize| -> String {
        (0..len).map(|_| pool[next(pool.len())]).collect()
    };
    let mut ix = SearchIndex::new();
    let mut names: Vec<String> = Vec::new();
    for id in 0..400 {
        let name = if id % 7 == 3 && !names.is_empty() {
            // Shared names exercise the interning and the memo.
            names[next(names.len())].clone()
        } else {
            let len = 1 + next(12);
            text(len, &mut next)
        };
        let company = if id % 3 == 0 {
            "Acme Corp".to_owned()
        } else {
            let len = next(10);
            text(len, &mut next)
        };
        let email_len = next(14);
        let email = text(email_len, &mut next);
        ix.push(id, &name, &company, &email);
        names.push(name);
    }
    let everyone: Vec<u32> = (0..ix.len() as u32).collect();
    for _ in 0..150 {
        let len = 1 + next(4);
        let mut q = text(len, &mut next);
        if next(4) == 0 {
            q.push(' ');
            let len = 1 + next(3);
            q.push_str(&text(len, &mut next));
        }
        let k = 1 + next(9);
        check_against_exhaustive(&ix, &q, k);
        // Narrowing from any prefix of the query gives the same result.
        let chars: Vec<char> = q.chars().collect();
        let prefix: String = chars[..next(chars.len())].iter().collect();
        let (_, among) = ix.search_among(&everyone, &prefix, 0);
        let atoms = Pattern::parse(&prefix, CaseMatching::Smart, Normalization::Smart).atoms;
        let among = if atoms.is_empty() {
            everyone.clone()
        } else {
            among
        };
        let (hits, matched) = ix.search_among(&among, &q, k);
        assert_eq!(hits, ix.search(&q, k), "{prefix:?} -> {q:?}");
        assert_eq!(
            matched,
            ix.search_among(&everyone, &q, 0).1,
            "{prefix:?} -> {q:?}"
        );
    }
    for q in [
        "zw", "ln", "zgf", "sxx", "an", "aa", "Ab", "é", "E", "zhang w", "li na",
    ] {
        check_against_exhaustive(&ix, q, 5);
    }
}

/// The bound holds for every text, needle and atom kind.
#[test]
fn bounds_bound_nucleo_scores() {
    let pool: Vec<char> = "aabnnc AB-.@_/1éÉ张".chars().collect();
    let mut next = xorshift(0x9e37_79b9_7f4a_7c15);
    let mut ix = SearchIndex::new();
    let mut texts = Vec::new();
    for _ in 0..300 {
        let len = 1 + next(16);
        let text: String = (0..len).map(|_| pool[next(pool.len())]).collect();
        texts.push(ix.push_text(&text, false));
    }
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut checked = 0;
    for _ in 0..400 {
        let len = 1 + next(5);
        let mut q: String = (0..len).map(|_| pool[next(pool.len())]).collect();
        q = q.replace(' ', "");
        q.insert_str(0, ["", "'", "^"][next(3)]);
        let pattern = Pattern::parse(&q, CaseMatching::Smart, Normalization::Smart);
        let pys = vec![None; pattern.atoms.len()];
        let plans = ix.plans(&pattern, &pys, &mut matcher);
        for plan in plans.iter().filter(|p| !p.negative) {
            for text in &texts {
                let haystack = ix.haystack(text);
                if let Some(score) = plan.atom.score(haystack, &mut matcher) {
                    let score = u32::from(score);
                    assert!(plan.mask & !text.mask == 0, "{q:?} in {haystack:?}");
                    let coarse = plan.bound(&text.tiers);
                    assert!(coarse >= score, "{q:?} in {haystack:?}: {score} > {coarse}");
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 1000, "{checked}");
}
