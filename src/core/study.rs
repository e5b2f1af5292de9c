//! What a participant's history says: the wrong-answer book, the daily set, and streaks. Pure
//! functions over the answers already recorded, so every rule can be tested without a database.

use std::collections::{HashMap, HashSet};

/// A question across banks: (bank id, question id).
pub type Key = (String, String);

/// One judged answer from a participant's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seen {
    /// The question.
    pub key: Key,
    /// Right or wrong.
    pub correct: bool,
    /// When it was answered (ms since 1970).
    pub at_ms: i64,
}

/// How many right answers in a row take a question out of the wrong-answer book, by default.
pub const WRONG_BOOK_EXIT: usize = 2;

/// The daily set's size, by default.
pub const DAILY_SIZE: usize = 5;

/// Seconds per question in 挑战答题, by default.
pub const CHALLENGE_SECS: u64 = 45;

/// The wrong-answer book: every question answered wrong at least once and not answered right
/// `exit_after` times in a row since its last wrong answer, most recently missed first.
pub fn wrong_book(history: &[Seen], exit_after: usize) -> Vec<Key> {
    // Per question: when it was last missed and how many right answers followed.
    let mut state: HashMap<&Key, (i64, usize)> = HashMap::new();
    let mut ordered: Vec<&Seen> = history.iter().collect();
    ordered.sort_by_key(|s| s.at_ms);
    for seen in ordered {
        match (seen.correct, state.get_mut(&seen.key)) {
            (false, _) => {
                state.insert(&seen.key, (seen.at_ms, 0));
            }
            (true, Some((_, rights))) => *rights += 1,
            (true, None) => {}
        }
    }
    let mut book: Vec<(&Key, i64)> = state
        .into_iter()
        .filter(|(_, (_, rights))| *rights < exit_after.max(1))
        .map(|(key, (missed, _))| (key, missed))
        .collect();
    book.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    book.into_iter().map(|(key, _)| key.clone()).collect()
}

/// How many right answers in a row `key` has had since its last wrong one (for the book's
/// progress shown to the learner).
pub fn rights_since_wrong(history: &[Seen], key: &Key) -> usize {
    let mut ordered: Vec<&Seen> = history.iter().filter(|s| &s.key == key).collect();
    ordered.sort_by_key(|s| s.at_ms);
    ordered.iter().rev().take_while(|s| s.correct).count()
}

/// Today's set for one participant: `size` questions from `candidates`, first those never seen
/// (in an order fixed by `seed`), then those missed most often (most misses first, then the lowest
/// share right). Only answers before `today_ms` (the start of the day) count, so answering today's
/// set does not change it: it stays the same all day.
pub fn daily_set(
    candidates: &[Key],
    history: &[Seen],
    size: usize,
    seed: u64,
    today_ms: i64,
) -> Vec<Key> {
    let mut stats: HashMap<&Key, (usize, usize)> = HashMap::new();
    for seen in history.iter().filter(|s| s.at_ms < today_ms) {
        let entry = stats.entry(&seen.key).or_default();
        entry.0 += 1;
        if !seen.correct {
            entry.1 += 1;
        }
    }
    let mut unseen: Vec<&Key> = candidates
        .iter()
        .filter(|k| !stats.contains_key(k))
        .collect();
    unseen.sort();
    unseen.dedup();
    fastrand::Rng::with_seed(seed).shuffle(&mut unseen);
    let candidate_set: HashSet<&Key> = candidates.iter().collect();
    let mut missed: Vec<(&Key, usize, usize)> = stats
        .iter()
        .filter(|(k, (_, wrong))| *wrong > 0 && candidate_set.contains(*k))
        .map(|(k, (total, wrong))| (*k, *total, *wrong))
        .collect();
    // Most misses first; then the worse record (misses per answer, compared without division).
    missed.sort_by(|a, b| {
        b.2.cmp(&a.2)
            .then_with(|| (b.2 * a.1).cmp(&(a.2 * b.1)))
            .then_with(|| a.0.cmp(b.0))
    });
    unseen
        .into_iter()
        .chain(missed.into_iter().map(|(k, _, _)| k))
        .take(size)
        .cloned()
        .collect()
}

/// A seed for `participant`'s set on `day` (days since 1970): the same all day, new tomorrow.
pub fn daily_seed(participant: i64, day: i64) -> u64 {
    (participant as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ (day as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F)
}

/// The longest run of right answers in `answers` (in order).
pub fn longest_streak(answers: impl IntoIterator<Item = bool>) -> usize {
    let (mut best, mut run) = (0, 0);
    for correct in answers {
        run = if correct { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(id: &str) -> Key {
        ("b".into(), id.into())
    }

    fn seen(id: &str, correct: bool, at_ms: i64) -> Seen {
        Seen {
            key: key(id),
            correct,
            at_ms,
        }
    }

    #[test]
    fn a_wrong_answer_enters_the_book_and_two_rights_in_a_row_take_it_out() {
        let mut history = vec![seen("q1", true, 1), seen("q2", false, 2)];
        assert_eq!(wrong_book(&history, 2), vec![key("q2")]);
        history.push(seen("q2", true, 3));
        assert_eq!(
            wrong_book(&history, 2),
            vec![key("q2")],
            "one right is not enough"
        );
        assert_eq!(rights_since_wrong(&history, &key("q2")), 1);
        history.push(seen("q2", false, 4));
        history.push(seen("q2", true, 5));
        assert_eq!(
            wrong_book(&history, 2),
            vec![key("q2")],
            "a new miss starts the count again"
        );
        history.push(seen("q2", true, 6));
        assert!(wrong_book(&history, 2).is_empty());
        assert_eq!(wrong_book(&history[..4], 1), vec![key("q2")]);
    }

    #[test]
    fn the_book_lists_the_most_recently_missed_first_whatever_the_order_given() {
        let history = vec![
            seen("late", false, 30),
            seen("early", false, 10),
            seen("mid", false, 20),
        ];
        assert_eq!(
            wrong_book(&history, 2),
            vec![key("late"), key("mid"), key("early")]
        );
    }

    #[test]
    fn the_daily_set_prefers_unseen_then_the_most_missed_and_is_stable_for_the_day() {
        let candidates: Vec<Key> = ["a", "b", "c", "d", "e", "f"].map(key).to_vec();
        let history = vec![
            seen("a", false, 1),
            seen("a", false, 2),
            seen("b", false, 3),
            seen("b", true, 4),
            seen("c", true, 5),
            seen("d", false, 6),
        ];
        let set = daily_set(&candidates, &history, 4, daily_seed(7, 20_000), i64::MAX);
        let (unseen, rest) = set.split_at(2);
        let mut unseen = unseen.to_vec();
        unseen.sort();
        assert_eq!(unseen, vec![key("e"), key("f")], "never seen first");
        assert_eq!(
            rest,
            [key("a"), key("d")],
            "then most missed: a twice; then d (never right) before b"
        );
        assert_eq!(
            set,
            daily_set(&candidates, &history, 4, daily_seed(7, 20_000), i64::MAX)
        );
        assert_eq!(
            daily_set(&candidates, &history, 10, 1, i64::MAX).len(),
            5,
            "c was never missed"
        );
        let other_days: std::collections::BTreeSet<Vec<Key>> = (0..20)
            .map(|day| daily_set(&candidates, &[], 3, daily_seed(7, day), i64::MAX))
            .collect();
        assert!(other_days.len() > 1, "the set changes from day to day");
        // Answering today's set (after the day began at 100) leaves it as it was this morning.
        let mut answered = history.clone();
        for (i, k) in set.iter().enumerate() {
            answered.push(Seen {
                key: k.clone(),
                correct: true,
                at_ms: 100 + i as i64,
            });
        }
        assert_eq!(
            daily_set(&candidates, &answered, 4, daily_seed(7, 20_000), 100),
            set
        );
    }

    #[test]
    fn days_turn_at_midnight_in_china_and_streaks_count_rights_in_a_row() {
        let midnight_beijing = 1_780_000_000_000 - (1_780_000_000_000 + 8 * 3_600_000) % 86_400_000;
        assert_eq!(
            crate::core::time::Zone::CHINA.day_of(midnight_beijing - 1) + 1,
            crate::core::time::Zone::CHINA.day_of(midnight_beijing)
        );
        assert_eq!(
            longest_streak([true, true, false, true, true, true, false]),
            3
        );
        assert_eq!(longest_streak([]), 0);
    }
}
