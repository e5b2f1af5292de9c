//! 间隔复习: SM-2, the scheduler SuperMemo published in 1987 and Anki started from, run over a
//! participant's own history. Each judged answer is one review: right counts as quality 4, wrong as
//! quality 1, which restarts the question's intervals.

use std::collections::HashMap;

use super::study::{Key, Seen};

/// A day in milliseconds.
pub const DAY_MS: i64 = 86_400_000;

/// Where a question stands in the schedule.
#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    /// Right answers in a row since the last miss.
    pub reps: u32,
    /// The ease factor (starts at 2.5, never below 1.3).
    pub ease: f64,
    /// Days until the next review.
    pub interval_days: u32,
    /// When it was last answered (ms since 1970).
    pub last_ms: i64,
}

impl Card {
    /// When it is next due.
    pub fn due_ms(&self) -> i64 {
        self.last_ms + i64::from(self.interval_days) * DAY_MS
    }

    /// The card after one more answer at `at_ms`.
    pub fn review(&self, correct: bool, at_ms: i64) -> Card {
        let quality: f64 = if correct { 4.0 } else { 1.0 };
        let ease = (self.ease + 0.1 - (5.0 - quality) * (0.08 + (5.0 - quality) * 0.02)).max(1.3);
        let (reps, interval_days) = if !correct {
            (0, 1)
        } else {
            let interval = match self.reps {
                0 => 1,
                1 => 6,
                _ => (f64::from(self.interval_days) * self.ease).round() as u32,
            };
            (self.reps + 1, interval)
        };
        Card {
            reps,
            ease,
            interval_days,
            last_ms: at_ms,
        }
    }
}

impl Default for Card {
    fn default() -> Self {
        Self {
            reps: 0,
            ease: 2.5,
            interval_days: 0,
            last_ms: 0,
        }
    }
}

/// Every question the participant has answered, with its place in the schedule.
pub fn schedule(history: &[Seen]) -> HashMap<Key, Card> {
    let mut ordered: Vec<&Seen> = history.iter().collect();
    ordered.sort_by_key(|s| s.at_ms);
    let mut cards: HashMap<Key, Card> = HashMap::new();
    for seen in ordered {
        let card = cards.entry(seen.key.clone()).or_default();
        *card = card.review(seen.correct, seen.at_ms);
    }
    cards
}

/// The questions due by the end of the local day of `now_ms`, most overdue first.
pub fn due_today(
    cards: &HashMap<Key, Card>,
    now_ms: i64,
    zone: crate::core::time::Zone,
) -> Vec<Key> {
    let end_of_day = zone.day_start(zone.day_of(now_ms) + 1);
    let mut due: Vec<(&Key, i64)> = cards
        .iter()
        .map(|(k, c)| (k, c.due_ms()))
        .filter(|(_, due)| *due < end_of_day)
        .collect();
    due.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(b.0)));
    due.into_iter().map(|(k, _)| k.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(correct: bool, day: i64) -> Seen {
        Seen {
            key: ("b".into(), "q".into()),
            correct,
            at_ms: day * DAY_MS,
        }
    }

    #[test]
    fn right_answers_space_out_as_sm2_says_and_a_miss_starts_again() {
        let intervals =
            |history: &[Seen]| schedule(history)[&("b".into(), "q".into())].interval_days;
        let mut history = vec![seen(true, 0)];
        assert_eq!(intervals(&history), 1);
        history.push(seen(true, 1));
        assert_eq!(intervals(&history), 6);
        history.push(seen(true, 7));
        assert_eq!(intervals(&history), 15, "6 × 2.5");
        history.push(seen(true, 22));
        assert_eq!(intervals(&history), 38, "15 × 2.5 = 37.5, rounded");
        history.push(seen(false, 60));
        let card = schedule(&history)[&("b".into(), "q".into())].clone();
        assert_eq!((card.reps, card.interval_days), (0, 1));
        assert!(
            (card.ease - 1.96).abs() < 1e-9,
            "ease 2.5 − 0.54 after a miss: {}",
            card.ease
        );
        history.push(seen(true, 61));
        history.push(seen(true, 62));
        history.push(seen(true, 68));
        assert_eq!(
            intervals(&history),
            12,
            "6 × 1.96 = 11.76 → 12 with the lowered ease"
        );
    }

    #[test]
    fn ease_never_falls_below_1_3_and_due_today_counts_to_midnight() {
        let history: Vec<Seen> = (0..10).map(|d| seen(false, d)).collect();
        let card = schedule(&history)[&("b".into(), "q".into())].clone();
        assert!((card.ease - 1.3).abs() < 1e-9);
        // Missed on day 9 → due on day 10 (00:00 UTC = 08:00 in China).
        let cards = schedule(&history);
        assert!(
            due_today(
                &cards,
                9 * DAY_MS + 3_600_000,
                crate::core::time::Zone::CHINA
            )
            .is_empty(),
            "not due on day 9"
        );
        assert_eq!(
            due_today(
                &cards,
                10 * DAY_MS - 7 * 3_600_000,
                crate::core::time::Zone::CHINA
            )
            .len(),
            1,
            "due later the same Chinese day"
        );
    }
}
