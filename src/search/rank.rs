//! The search loop: keeps the best `limit` entries in a heap, scores only
//! those whose bound can still beat the worst one kept, and computes the
//! highlight positions of the hits returned.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};

use super::matching::Work;
use super::pinyin::pinyin_pattern;
use super::plan::AtomPlan;
use super::score::{AtomOutcome, Scored};
use super::text::truncate_chars;
use super::{Field, Hit, MAX_QUERY_CHARS, SearchIndex};

impl SearchIndex {
    /// [`SearchIndex::search`] over `entries`; with `collect`, also every
    /// matching entry index (for [`SearchIndex::search_among`]).
    pub(super) fn run(
        &self,
        entries: impl Iterator<Item = u32>,
        query: &str,
        limit: usize,
        collect: bool,
    ) -> (Vec<Hit>, Vec<u32>) {
        // Bounded here too, so no caller can make a search do unbounded
        // work (each word of a query is matched against every entry).
        let query = truncate_chars(query, MAX_QUERY_CHARS);
        let pattern = Pattern::parse(query, CaseMatching::Smart, Normalization::Smart);
        if pattern.atoms.is_empty() {
            return (Vec::new(), Vec::new());
        }
        let pinyin_patterns: Vec<Option<String>> =
            pattern.atoms.iter().map(pinyin_pattern).collect();
        let mut work = Work::new(pattern.atoms.len());
        let plans = self.plans(&pattern, &pinyin_patterns, &mut work.matcher);

        // Max-heap in rank order: the top is the worst hit kept so far.
        let mut best: BinaryHeap<Candidate> = BinaryHeap::with_capacity(limit.min(1024) + 1);
        let mut matched = Vec::new();
        for idx in entries {
            let Some(bound) = self.upper_bound(idx, &plans) else {
                continue;
            };
            let i = idx as usize;
            let key = Candidate {
                score: bound,
                name_chars: self.name_chars[i],
                id: self.ids[i],
                idx,
                field: 0,
            };
            let cutoff = if best.len() < limit {
                None
            } else {
                match best.peek() {
                    Some(worst) if key < *worst => Some((*worst, bound)),
                    _ => {
                        if collect && self.matches(idx, &plans, &mut work) {
                            matched.push(idx);
                        }
                        continue;
                    }
                }
            };
            let (score, field) = match self.score_entry(idx, &plans, &mut work, cutoff) {
                Scored::Yes(score, field) => (score, field),
                Scored::No => continue,
                Scored::Pruned => {
                    if collect && self.matches(idx, &plans, &mut work) {
                        matched.push(idx);
                    }
                    continue;
                }
            };
            if collect {
                matched.push(idx);
            }
            let candidate = Candidate {
                score,
                field,
                ..key
            };
            if best.len() < limit {
                best.push(candidate);
            } else if best.peek().is_some_and(|worst| candidate < *worst) {
                best.pop();
                best.push(candidate);
            }
        }

        let hits = best
            .into_sorted_vec()
            .into_iter()
            .map(|c| Hit {
                id: c.id,
                score: c.score,
                field: Field::ALL[c.field as usize],
                positions: self.positions(c.idx, c.field as usize, &plans, &mut work),
            })
            .collect();
        (hits, matched)
    }

    /// Matched char indices in `field` for the atoms that scored best there.
    pub(super) fn positions(
        &self,
        idx: u32,
        field: usize,
        plans: &[AtomPlan<'_>],
        work: &mut Work,
    ) -> Vec<u32> {
        let mut positions = Vec::new();
        let Some(text) = self.text(idx, field) else {
            return positions;
        };
        for plan in plans.iter().filter(|p| !p.negative) {
            if !matches!(self.atom_best(idx, plan, 0, work), AtomOutcome::Best(_, f) if f == field)
            {
                continue;
            }
            match self.text_score(text, plan, work) {
                Some((_, None)) => {
                    plan.atom
                        .indices(self.haystack(text), &mut work.matcher, &mut positions);
                }
                Some((_, Some(py))) => {
                    let utf8 = self.utf8(text, &mut work.text);
                    let matched = utf8
                        .char_indices()
                        .enumerate()
                        .filter(|(_, (byte, _))| py.bytes.contains(byte))
                        .filter_map(|(i, _)| u32::try_from(i).ok());
                    positions.extend(matched);
                }
                None => {}
            }
        }
        positions.sort_unstable();
        positions.dedup();
        positions
    }
}

/// A hit in the making. Ordered by rank: better first (so a max-heap keeps the
/// worst on top).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) struct Candidate {
    pub(super) score: u32,
    pub(super) name_chars: u32,
    pub(super) id: u64,
    pub(super) idx: u32,
    pub(super) field: u8,
}

impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .score
            .cmp(&self.score)
            .then(self.name_chars.cmp(&other.name_chars))
            .then(self.id.cmp(&other.id))
            .then(self.idx.cmp(&other.idx))
    }
}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
