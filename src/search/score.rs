//! Per-entry scoring: an upper bound from the prefilter masks, and the exact
//! score (each atom's best field, summed), given up early once the entry can
//! no longer rank among the hits kept.

use super::matching::Work;
use super::plan::AtomPlan;
use super::rank::Candidate;
use super::text::Text;
use super::{FIELDS, SearchIndex};

impl SearchIndex {
    /// An upper bound of the atom's score in a text (0: cannot match).
    #[inline]
    fn text_bound(&self, text: &Text, plan: &AtomPlan<'_>) -> u32 {
        let mut bound = 0;
        if plan.mask & !text.mask == 0 {
            bound = plan.bound(&text.tiers);
        }
        if let Some(py) = &plan.pinyin
            && bound < py.score_at_start
            && self
                .pinyin_texts
                .get(text.pinyin as usize)
                .is_some_and(|pt| py.may_match(pt, text.mask))
        {
            bound = py.score_at_start;
        }
        bound
    }

    /// An upper bound of the entry's score from the precomputed masks, or
    /// `None` when some positive atom certainly matches none of its fields.
    #[inline]
    pub(super) fn upper_bound(&self, idx: u32, plans: &[AtomPlan<'_>]) -> Option<u32> {
        let entry_mask = *self.entry_masks.get(idx as usize)?;
        let mut total = 0u32;
        for plan in plans.iter().filter(|p| !p.negative) {
            if plan.mask & !entry_mask != 0 && plan.pinyin.is_none() {
                return None;
            }
            let mut bound = 0;
            for field in 0..FIELDS {
                if let Some(text) = self.text(idx, field) {
                    bound = bound.max(self.text_bound(text, plan));
                }
            }
            if bound == 0 {
                return None;
            }
            total = total.saturating_add(bound);
        }
        Some(total)
    }

    /// Exact yes/no: does the entry match every atom?
    pub(super) fn matches(&self, idx: u32, plans: &[AtomPlan<'_>], work: &mut Work) -> bool {
        plans.iter().all(|plan| {
            (0..FIELDS).any(|field| {
                let Some(text) = self.text(idx, field) else {
                    return false;
                };
                if plan.negative {
                    // A negative atom scores `None` when its text is present.
                    plan.atom
                        .score(self.haystack(text), &mut work.matcher)
                        .is_none()
                } else {
                    self.text_matches(text, plan, work)
                }
            }) != plan.negative
        })
    }

    /// The atom's best score over the entry's fields and the field (the first
    /// one on a tie). Fields whose bound is below `min_useful` are not tried.
    ///
    /// The score is one less when only pinyin reaches it, so that between
    /// equally good matches the literal one ranks first ("a" lists Ann before
    /// 安娜, whose 安 reads "an"), while the field is chosen on the full score
    /// (王伟 with wang@… matches `wang` in the name, not in the email).
    pub(super) fn atom_best(
        &self,
        idx: u32,
        plan: &AtomPlan<'_>,
        min_useful: u32,
        work: &mut Work,
    ) -> AtomOutcome {
        let mut fields = [(0, 0, None); FIELDS];
        for (field, slot) in fields.iter_mut().enumerate() {
            if let Some(text) = self.text(idx, field) {
                *slot = (self.text_bound(text, plan), field, Some(text));
            }
        }
        // Most promising field first; stop when no other can do better.
        fields.sort_by_key(|&(bound, field, _)| (std::cmp::Reverse(bound), field));
        // (score, field, whether some field reaches the score literally)
        let mut best: Option<(u32, usize, bool)> = None;
        let mut skipped = false;
        let useless = |best: Option<(u32, usize, bool)>, bound: u32, field: usize| {
            bound == 0
                || best.is_some_and(|(s, bf, literal)| {
                    bound < s || (bound == s && field > bf && literal)
                })
        };
        for (bound, field, text) in fields {
            let Some(text) = text else { continue };
            if useless(best, bound, field) {
                continue;
            }
            if bound < min_useful {
                skipped = true;
                continue;
            }
            let Some((s, literal)) = self.text_score_memo(text, plan, work) else {
                continue;
            };
            best = match best {
                None => Some((s, field, literal)),
                Some((b, _, _)) if s > b => Some((s, field, literal)),
                Some((b, bf, b_literal)) if s == b => {
                    Some((b, bf.min(field), b_literal || literal))
                }
                keep => keep,
            };
        }
        match best {
            Some((s, field, literal)) => {
                AtomOutcome::Best(if literal { s } else { s.saturating_sub(1) }, field)
            }
            None if skipped => AtomOutcome::Unknown,
            None => AtomOutcome::NoMatch,
        }
    }

    /// Scores an entry. With a `cutoff` (the worst hit kept so far and this
    /// entry's [`SearchIndex::upper_bound`]), gives up with [`Scored::Pruned`]
    /// as soon as the entry can no longer rank above that hit.
    pub(super) fn score_entry(
        &self,
        idx: u32,
        plans: &[AtomPlan<'_>],
        work: &mut Work,
        cutoff: Option<(Candidate, u32)>,
    ) -> Scored {
        // Score per field, and whether any atom scored best there.
        let mut per_field = [(0u32, false); FIELDS];
        let mut total = 0u32;
        let mut bound_left = cutoff.map_or(0, |(_, bound)| bound);
        for plan in plans.iter().filter(|p| !p.negative) {
            let atom_bound = (0..FIELDS)
                .filter_map(|f| self.text(idx, f))
                .map(|text| self.text_bound(text, plan))
                .max()
                .unwrap_or(0);
            bound_left = bound_left.saturating_sub(atom_bound);
            // With a cutoff, a field that cannot lift the entry to the worst
            // kept hit need not be scored.
            let min_useful = cutoff.map_or(0, |(worst, _)| {
                worst.score.saturating_sub(total.saturating_add(bound_left))
            });
            let (score, field) = match self.atom_best(idx, plan, min_useful, work) {
                AtomOutcome::Best(score, field) => (score, field),
                AtomOutcome::NoMatch => return Scored::No,
                AtomOutcome::Unknown => return Scored::Pruned,
            };
            per_field[field].0 += score;
            per_field[field].1 = true;
            total += score;
            if let Some((worst, _)) = cutoff {
                let key = Candidate {
                    score: total.saturating_add(bound_left),
                    name_chars: self.name_chars[idx as usize],
                    id: self.ids[idx as usize],
                    idx,
                    field: 0,
                };
                if key >= worst {
                    return Scored::Pruned;
                }
            }
        }
        for plan in plans.iter().filter(|p| p.negative) {
            for field in 0..FIELDS {
                if let Some(text) = self.text(idx, field)
                    && plan
                        .atom
                        .score(self.haystack(text), &mut work.matcher)
                        .is_none()
                {
                    return Scored::No;
                }
            }
        }
        // The field with the most score; on a tie the first. Scores can be 0
        // (nucleo's gap penalties saturate), so only fields that got an atom
        // count.
        let mut field = 0;
        for f in 1..FIELDS {
            if per_field[f].1 && (!per_field[field].1 || per_field[f].0 > per_field[field].0) {
                field = f;
            }
        }
        Scored::Yes(total, field as u8)
    }
}

/// The outcome of [`SearchIndex::atom_best`].
pub(super) enum AtomOutcome {
    Best(u32, usize),
    NoMatch,
    /// Only fields too weak to matter could match.
    Unknown,
}

/// The outcome of [`SearchIndex::score_entry`].
pub(super) enum Scored {
    No,
    /// Matching unknown, but it cannot rank among the hits kept.
    Pruned,
    Yes(u32, u8),
}
