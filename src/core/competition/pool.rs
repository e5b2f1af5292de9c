//! Which question comes next: the eligible questions of the chosen banks and categories, shuffled
//! once by the competition's seed; each round takes the first unused one of the kinds it wants.

use std::collections::HashSet;

use super::event::{Card, Event};
use super::plan::{Plan, RoundPlan};
use crate::core::bank::Bank;

/// The shuffled questions a competition draws from.
pub struct Pool {
    cards: Vec<Card>,
}

impl Pool {
    /// The questions of `banks` that `plan` allows, in an order fixed by `seed`.
    pub fn new(banks: &[&Bank], plan: &Plan, seed: u64) -> Self {
        let mut cards: Vec<Card> = banks
            .iter()
            .filter(|b| plan.banks.is_empty() || plan.banks.contains(&b.id))
            .flat_map(|b| {
                b.questions
                    .iter()
                    .filter(|q| plan.categories.is_empty() || plan.categories.contains(&q.category))
                    .map(|q| Card::of(&b.id, q))
            })
            .collect();
        let mut rng = fastrand::Rng::with_seed(seed);
        rng.shuffle(&mut cards);
        Self { cards }
    }

    /// How many questions there are.
    pub fn len(&self) -> usize {
        self.cards.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.cards.is_empty()
    }

    /// How many there are of the kinds `round` wants.
    pub fn count_for(&self, round: &RoundPlan) -> usize {
        self.cards
            .iter()
            .filter(|c| round.kinds.is_empty() || round.kinds.contains(&c.kind))
            .count()
    }

    /// The next question for `round` not shown before in `events` (undone shows included, so
    /// undoing a question and going on gives a new one). Falls back to any kind when the round's
    /// kinds are used up.
    pub fn next(&self, round: &RoundPlan, events: &[super::event::Stamped]) -> Option<Card> {
        let used: HashSet<(&str, &str)> = events
            .iter()
            .filter_map(|s| match &s.event {
                Event::Show { card } => Some((card.bank_id.as_str(), card.id.as_str())),
                _ => None,
            })
            .collect();
        let fresh = |c: &&Card| !used.contains(&(c.bank_id.as_str(), c.id.as_str()));
        self.cards
            .iter()
            .filter(fresh)
            .find(|c| round.kinds.is_empty() || round.kinds.contains(&c.kind))
            .or_else(|| self.cards.iter().find(fresh))
            .cloned()
    }
}
