//! Exact matching of one atom against one text, through nucleo and through
//! pinyin: the score, or only yes/no, memoized per text for the query (a
//! name or company shared by many entries is matched once).

use nucleo_matcher::{Config, Matcher};

use super::SearchIndex;
use super::pinyin::PinyinHit;
use super::plan::AtomPlan;
use super::text::Text;

/// Per-query working memory.
pub(super) struct Work {
    pub(super) matcher: Matcher,
    /// A text as UTF-8, for the pinyin matcher.
    pub(super) text: String,
    /// Per atom, per text id: 0 unknown, 1 no match, 2 matches (score not
    /// computed), otherwise `3 + (score << 1 | 1 if only pinyin reached it)`.
    /// Allocated on first use.
    memo: Vec<Vec<u32>>,
}

const MEMO_UNKNOWN: u32 = 0;
const MEMO_NO: u32 = 1;
const MEMO_YES: u32 = 2;
const MEMO_SCORE: u32 = 3;

impl Work {
    pub(super) fn new(atoms: usize) -> Self {
        Work {
            matcher: Matcher::new(Config::DEFAULT),
            text: String::new(),
            memo: vec![Vec::new(); atoms],
        }
    }

    pub(super) fn memo(&mut self, atom: usize, texts: usize) -> &mut Vec<u32> {
        let memo = &mut self.memo[atom];
        if memo.is_empty() {
            *memo = vec![MEMO_UNKNOWN; texts];
        }
        memo
    }
}

impl SearchIndex {
    /// The atom's exact score in a text (nucleo or pinyin, whichever is
    /// higher), and the pinyin match if that is where it came from.
    pub(super) fn text_score(
        &self,
        text: &Text,
        plan: &AtomPlan<'_>,
        work: &mut Work,
    ) -> Option<(u32, Option<PinyinHit>)> {
        let mut best: Option<(u32, Option<PinyinHit>)> = None;
        if plan.mask & !text.mask == 0 {
            let haystack = self.haystack(text);
            // The yes/no check is much cheaper than nucleo's optimal scoring
            // and rejects most texts that pass the mask.
            if plan.is_match(haystack, &mut work.matcher)
                && let Some(s) = plan.atom.score(haystack, &mut work.matcher)
            {
                best = Some((u32::from(s), None));
            }
        }
        if let Some(py) = &plan.pinyin
            && best.as_ref().is_none_or(|(s, _)| *s < py.score_at_start)
            && self
                .pinyin_texts
                .get(text.pinyin as usize)
                .is_some_and(|pt| py.may_match(pt, text.mask))
            && let Some(hit) = py.find(self.utf8(text, &mut work.text))
            && best.as_ref().is_none_or(|(s, _)| hit.score > *s)
        {
            best = Some((hit.score, Some(hit)));
        }
        best
    }

    /// [`SearchIndex::text_score`] without the match, memoized per text: the
    /// score and whether it was reached literally (not only through pinyin).
    pub(super) fn text_score_memo(
        &self,
        text: &Text,
        plan: &AtomPlan<'_>,
        work: &mut Work,
    ) -> Option<(u32, bool)> {
        if let Some(known) = self.memo_score(text, plan, work) {
            return known;
        }
        let (id, texts) = (text.id, self.spans.len());
        let scored = self
            .text_score(text, plan, work)
            .map(|(s, py)| (s.min(u32::MAX >> 2), py.is_none()));
        if let Some(state) = work.memo(plan.slot, texts).get_mut(id as usize) {
            *state = scored.map_or(MEMO_NO, |(s, literal)| {
                MEMO_SCORE + (s << 1 | u32::from(!literal))
            });
        }
        scored
    }

    /// What [`SearchIndex::text_score_memo`] would return, if already known.
    #[inline]
    fn memo_score(
        &self,
        text: &Text,
        plan: &AtomPlan<'_>,
        work: &mut Work,
    ) -> Option<Option<(u32, bool)>> {
        match work
            .memo(plan.slot, self.spans.len())
            .get(text.id as usize)
            .copied()
        {
            Some(MEMO_NO) => Some(None),
            Some(state) if state >= MEMO_SCORE => {
                let state = state - MEMO_SCORE;
                Some(Some((state >> 1, state & 1 == 0)))
            }
            _ => None,
        }
    }

    /// Exact yes/no: does the atom match the text?
    pub(super) fn text_matches(&self, text: &Text, plan: &AtomPlan<'_>, work: &mut Work) -> bool {
        let (id, texts) = (text.id, self.spans.len());
        match work.memo(plan.slot, texts).get(id as usize).copied() {
            Some(MEMO_NO) => return false,
            Some(state) if state >= MEMO_YES => return true,
            _ => {}
        }
        let yes = (plan.mask & !text.mask == 0
            && plan.is_match(self.haystack(text), &mut work.matcher))
            || plan.pinyin.as_ref().is_some_and(|py| {
                self.pinyin_texts
                    .get(text.pinyin as usize)
                    .is_some_and(|pt| py.may_match(pt, text.mask))
                    && py.find(self.utf8(text, &mut work.text)).is_some()
            });
        if let Some(state) = work.memo(plan.slot, texts).get_mut(id as usize) {
            *state = if yes { MEMO_YES } else { MEMO_NO };
        }
        yes
    }
}
