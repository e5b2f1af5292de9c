//! 自主练习: choosing questions and walking through them with instant feedback.
//!
//! Time is passed in as `now` (time since some fixed start), never read here, so every rule can be
//! tested with exact times.

use std::collections::BTreeSet;
use std::time::Duration;

use crate::core::bank::{Bank, Kind, Question};
use crate::core::error::{Error, Result};
use crate::core::grade::{Input, Response, Verdict, edit, grade};

/// In which order questions are asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    /// Bank by bank, in file order.
    Sequential,
    /// Shuffled with this seed, so the same seed gives the same order.
    Random {
        /// The shuffle seed.
        seed: u64,
    },
}

/// Which questions to practise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    /// Categories to include; empty means all.
    pub categories: BTreeSet<String>,
    /// Kinds to include; empty means all.
    pub kinds: BTreeSet<Kind>,
    /// The order.
    pub order: Order,
}

impl Default for Selection {
    fn default() -> Self {
        Self {
            categories: BTreeSet::new(),
            kinds: BTreeSet::new(),
            order: Order::Sequential,
        }
    }
}

/// A question with the title of the bank it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// The bank's id.
    pub bank_id: String,
    /// The bank's title.
    pub bank_title: String,
    /// The question.
    pub question: Question,
}

/// Picks the questions of `banks` that match the selection, in the selection's order.
pub fn select(banks: &[&Bank], selection: &Selection) -> Result<Vec<Item>> {
    let mut items: Vec<Item> = banks
        .iter()
        .flat_map(|bank| {
            bank.questions
                .iter()
                .filter(|q| selection.kinds.is_empty() || selection.kinds.contains(&q.kind))
                .filter(|q| {
                    selection.categories.is_empty() || selection.categories.contains(&q.category)
                })
                .map(|q| Item {
                    bank_id: bank.id.clone(),
                    bank_title: bank.title.clone(),
                    question: q.clone(),
                })
        })
        .collect();
    if items.is_empty() {
        let what = if banks.is_empty() {
            "没有选择题库".to_owned()
        } else {
            "所选题库中没有符合所选分类和题型的题目".to_owned()
        };
        return Err(Error::NoQuestions(what));
    }
    if let Order::Random { seed } = selection.order {
        fastrand::Rng::with_seed(seed).shuffle(&mut items);
    }
    Ok(items)
}

/// What the learner has entered for a question but not yet submitted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Draft {
    /// Chosen options (choice questions).
    pub choices: Vec<usize>,
    /// Chosen truth value (true/false questions).
    pub truth: Option<bool>,
    /// Typed text per blank (blank questions).
    pub blanks: Vec<String>,
}

impl Draft {
    /// The draft holding `response` (nothing chosen when none).
    fn of(response: Option<Response>, question: &Question) -> Self {
        let mut draft = Draft {
            blanks: vec![String::new(); question.blank_count()],
            ..Draft::default()
        };
        match response {
            Some(Response::Choice(choices)) => draft.choices = choices,
            Some(Response::TrueFalse(truth)) => draft.truth = Some(truth),
            Some(Response::Blanks(blanks)) => draft.blanks = blanks,
            _ => {}
        }
        draft
    }

    /// The draft as a response to `question`, if anything is chosen or typed.
    fn response(&self, question: &Question) -> Option<Response> {
        match question.kind {
            Kind::Single | Kind::Multiple => {
                (!self.choices.is_empty()).then(|| Response::Choice(self.choices.clone()))
            }
            Kind::TrueFalse => self.truth.map(Response::TrueFalse),
            Kind::Blank => Some(Response::Blanks(self.blanks.clone())),
            Kind::Open => None,
        }
    }
}

/// A submitted answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// What was answered; `None` for an open question whose reference was shown but not yet judged.
    pub response: Option<Response>,
    /// Right or wrong; `None` until an open question is judged.
    pub verdict: Option<Verdict>,
    /// When it was submitted.
    pub at: Duration,
}

/// A practice session in progress.
#[derive(Clone, Debug)]
pub struct Session {
    items: Vec<Item>,
    current: usize,
    drafts: Vec<Draft>,
    outcomes: Vec<Option<Outcome>>,
    started_at: Duration,
    finished_at: Option<Duration>,
    /// 挑战答题: the time allowed per question, and the session ends at the first wrong answer.
    limit: Option<Duration>,
    /// When each question was first shown, for the time limit.
    shown_at: Vec<Option<Duration>>,
}

/// Right answers per category, for the summary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CategoryScore {
    /// The category.
    pub category: String,
    /// Questions of this category in the session.
    pub total: usize,
    /// Of those, answered (and judged).
    pub answered: usize,
    /// Of those, right.
    pub correct: usize,
}

/// The result of a session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// Questions in the session.
    pub total: usize,
    /// Answered and judged.
    pub answered: usize,
    /// Right.
    pub correct: usize,
    /// From start to finish (or to now).
    pub elapsed: Duration,
    /// Per category answered in, in the order categories first appear.
    pub by_category: Vec<CategoryScore>,
}

impl Session {
    /// Starts a session over `items` at time `now`.
    pub fn new(items: Vec<Item>, now: Duration) -> Self {
        let drafts = items
            .iter()
            .map(|item| Draft {
                blanks: vec![String::new(); item.question.blank_count()],
                ..Draft::default()
            })
            .collect();
        let outcomes = vec![None; items.len()];
        let mut shown_at = vec![None; items.len()];
        if let Some(first) = shown_at.first_mut() {
            *first = Some(now);
        }
        Self {
            items,
            current: 0,
            drafts,
            outcomes,
            started_at: now,
            finished_at: None,
            limit: None,
            shown_at,
        }
    }

    /// 挑战答题 over `items`: `per_question` to answer each, and the first wrong answer (or a
    /// question left to run out of time) ends it.
    pub fn challenge(items: Vec<Item>, per_question: Duration, now: Duration) -> Self {
        Self {
            limit: Some(per_question),
            ..Self::new(items, now)
        }
    }

    /// Whether this is a challenge (time per question, ends at the first wrong answer).
    pub fn is_challenge(&self) -> bool {
        self.limit.is_some()
    }

    /// Time left on the current question of a challenge.
    pub fn question_remaining(&self, now: Duration) -> Option<Duration> {
        let limit = self.limit?;
        if self.outcome().is_some() || self.is_finished() {
            return None;
        }
        let shown = self.shown_at[self.current].unwrap_or(now);
        Some(limit.saturating_sub(now.saturating_sub(shown)))
    }

    /// Starts the clock of the question on show and, in a challenge, counts a question whose time
    /// ran out as wrong (which ends the challenge); true if that happened.
    pub fn tick(&mut self, now: Duration) -> bool {
        if self.is_finished() || self.items.is_empty() {
            return false;
        }
        self.shown_at[self.current].get_or_insert(now);
        if self.question_remaining(now) == Some(Duration::ZERO) {
            self.outcomes[self.current] = Some(Outcome {
                response: None,
                verdict: Some(Verdict::Wrong),
                at: now,
            });
            self.finish(now);
            return true;
        }
        false
    }

    /// Right answers in a row from the start: a challenge's result.
    pub fn streak(&self) -> usize {
        self.outcomes
            .iter()
            .take_while(|o| {
                o.as_ref()
                    .and_then(|o| o.verdict)
                    .is_some_and(Verdict::is_correct)
            })
            .count()
    }

    /// How many questions.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the session has no question (never true for a session made from [`select`]).
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The position of the current question, from 0.
    pub fn position(&self) -> usize {
        self.current
    }

    /// The current question.
    pub fn item(&self) -> &Item {
        &self.items[self.current]
    }

    /// What has been entered for the current question.
    pub fn draft(&self) -> &Draft {
        &self.drafts[self.current]
    }

    /// The outcome of the current question, once submitted.
    pub fn outcome(&self) -> Option<&Outcome> {
        self.outcomes[self.current].as_ref()
    }

    /// Every question, in order.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// The outcome of every question, in order.
    pub fn outcomes(&self) -> &[Option<Outcome>] {
        &self.outcomes
    }

    /// Whether [`Session::finish`] was called.
    pub fn is_finished(&self) -> bool {
        self.finished_at.is_some()
    }

    fn editable(&self) -> bool {
        self.outcome().is_none() && !self.is_finished()
    }

    /// Chooses option `index`: replaces the choice for single, toggles it for multiple.
    pub fn choose(&mut self, index: usize) {
        self.input(Input::Choose(index));
    }

    /// Chooses true or false.
    pub fn choose_truth(&mut self, truth: bool) {
        self.input(Input::Truth(truth));
    }

    /// Sets the text typed into blank `index`.
    pub fn set_blank(&mut self, index: usize, text: String) {
        self.input(Input::Blank(index, text));
    }

    /// Applies `input` to the current draft, by the rule exams use too.
    pub fn input(&mut self, input: Input) {
        if !self.editable() {
            return;
        }
        let question = &self.items[self.current].question;
        let current = self.drafts[self.current].response(question);
        if let Some(next) = edit(question, current.as_ref(), input) {
            self.drafts[self.current] = Draft::of(next, question);
        }
    }

    /// Whether the current draft can be submitted: something chosen or typed (open questions always).
    pub fn can_submit(&self) -> bool {
        let draft = self.draft();
        self.editable()
            && match self.item().question.kind {
                Kind::Single | Kind::Multiple => !draft.choices.is_empty(),
                Kind::TrueFalse => draft.truth.is_some(),
                Kind::Blank => draft.blanks.iter().any(|b| !b.trim().is_empty()),
                Kind::Open => true,
            }
    }

    /// Submits the current draft and grades it; an open question shows its reference and waits for
    /// [`Session::judge`].
    pub fn submit(&mut self, now: Duration) -> Option<&Outcome> {
        if !self.can_submit() {
            return None;
        }
        let question = &self.items[self.current].question;
        let draft = &self.drafts[self.current];
        let response = match question.kind {
            Kind::Single | Kind::Multiple => Some(Response::Choice(draft.choices.clone())),
            Kind::TrueFalse => draft.truth.map(Response::TrueFalse),
            Kind::Blank => Some(Response::Blanks(draft.blanks.clone())),
            Kind::Open => None,
        };
        let verdict = response.as_ref().map(|r| grade(question, r));
        self.outcomes[self.current] = Some(Outcome {
            response,
            verdict,
            at: now,
        });
        if self.is_challenge() && verdict.is_some_and(|v| !v.is_correct()) {
            self.finish(now);
        }
        self.outcome()
    }

    /// Records the learner's own judgement of an open question whose reference was shown.
    pub fn judge(&mut self, right: bool, now: Duration) {
        if self.is_finished() {
            return;
        }
        if let Some(outcome) = &mut self.outcomes[self.current]
            && outcome.verdict.is_none()
        {
            let response = Response::Judged(right);
            let verdict = grade(&self.items[self.current].question, &response);
            outcome.verdict = Some(verdict);
            outcome.response = Some(response);
            outcome.at = now;
            if self.limit.is_some() && !verdict.is_correct() {
                self.finish(now);
            }
        }
    }

    /// Moves to the next question; false at the last one.
    pub fn go_next(&mut self) -> bool {
        if self.current + 1 < self.items.len() {
            self.current += 1;
            true
        } else {
            false
        }
    }

    /// Moves to the previous question; false at the first one.
    pub fn go_previous(&mut self) -> bool {
        if self.current > 0 {
            self.current -= 1;
            true
        } else {
            false
        }
    }

    /// Whether the current question is the last.
    pub fn is_last(&self) -> bool {
        self.current + 1 == self.items.len()
    }

    /// Ends the session at `now`; later answers are ignored.
    pub fn finish(&mut self, now: Duration) {
        self.finished_at.get_or_insert(now);
    }

    /// The score so far, or the final one once finished.
    pub fn summary(&self, now: Duration) -> Summary {
        let end = self.finished_at.unwrap_or(now);
        let mut by_category: Vec<CategoryScore> = Vec::new();
        let (mut answered, mut correct) = (0, 0);
        for (item, outcome) in self.items.iter().zip(&self.outcomes) {
            let category = &item.question.category;
            let index = match by_category.iter().position(|c| &c.category == category) {
                Some(index) => index,
                None => {
                    by_category.push(CategoryScore {
                        category: category.clone(),
                        total: 0,
                        answered: 0,
                        correct: 0,
                    });
                    by_category.len() - 1
                }
            };
            let score = &mut by_category[index];
            score.total += 1;
            if let Some(verdict) = outcome.as_ref().and_then(|o| o.verdict) {
                score.answered += 1;
                answered += 1;
                if verdict.is_correct() {
                    score.correct += 1;
                    correct += 1;
                }
            }
        }
        // A category with nothing answered says nothing about this session.
        by_category.retain(|c| c.answered > 0);
        Summary {
            total: self.items.len(),
            answered,
            correct,
            elapsed: end.saturating_sub(self.started_at),
            by_category,
        }
    }
}

#[cfg(test)]
#[path = "practice_tests.rs"]
mod tests;
