//! 模拟考试: drawing a paper from rules, and a timed attempt at it.
//!
//! The paper is drawn with a recorded seed, so the same rules and seed give the same paper. Time is
//! passed in as `now`; the clock never is read here.

use std::collections::BTreeSet;
use std::time::Duration;

use crate::core::bank::{Answer, Bank, Kind, Question, kind_index};
use crate::core::error::{Error, Result};
use crate::core::grade::Response;
use crate::core::scoring::{PartialCredit, Score, score};

/// How many questions of one kind a paper has, and what each is worth.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct KindRule {
    /// The kind.
    pub kind: Kind,
    /// How many questions.
    pub count: usize,
    /// Points per question (a question's own `points` wins).
    pub points: u32,
}

/// The rules a paper is drawn by; saved as a named preset.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct PaperRules {
    /// The preset's name.
    pub name: String,
    /// Bank ids to draw from; empty means every loaded bank.
    pub banks: BTreeSet<String>,
    /// Categories to draw from; empty means all.
    pub categories: BTreeSet<String>,
    /// Questions per kind, in the order the paper lists them.
    pub kinds: Vec<KindRule>,
    /// The time for the whole paper.
    pub time_limit_secs: u32,
    /// An optional limit per question; when it runs out the exam moves on.
    pub per_question_secs: Option<u32>,
    /// Shuffle the order of the questions.
    pub shuffle_questions: bool,
    /// Shuffle the options of choice questions.
    pub shuffle_options: bool,
    /// How multiple-choice answers score.
    pub partial_credit: PartialCredit,
}

impl Default for PaperRules {
    /// A 20-minute paper like the online party-history contests: 20 single, 5 multiple, 5 true/false.
    fn default() -> Self {
        Self {
            name: "标准模拟卷".to_owned(),
            banks: BTreeSet::new(),
            categories: BTreeSet::new(),
            kinds: vec![
                KindRule {
                    kind: Kind::Single,
                    count: 20,
                    points: 3,
                },
                KindRule {
                    kind: Kind::Multiple,
                    count: 5,
                    points: 4,
                },
                KindRule {
                    kind: Kind::TrueFalse,
                    count: 5,
                    points: 4,
                },
            ],
            time_limit_secs: 20 * 60,
            per_question_secs: None,
            shuffle_questions: true,
            shuffle_options: true,
            partial_credit: PartialCredit::AllOrNothing,
        }
    }
}

/// One question of a drawn paper.
#[derive(Clone, Debug, PartialEq)]
pub struct PaperQuestion {
    /// The id of the bank it came from.
    pub bank_id: String,
    /// The question, with its options in the order shown (and the answer remapped to match).
    pub question: Question,
    /// For each option shown, its index in the bank.
    pub option_order: Vec<usize>,
    /// What it is worth.
    pub points: u32,
}

/// A drawn paper.
#[derive(Clone, Debug, PartialEq)]
pub struct Paper {
    /// The seed it was drawn with.
    pub seed: u64,
    /// The questions in the order asked.
    pub questions: Vec<PaperQuestion>,
}

impl Paper {
    /// The most points the paper can give.
    pub fn total_points(&self) -> u32 {
        self.questions.iter().map(|q| q.points).sum()
    }
}

/// The questions of some banks sorted by kind, made once (when the banks load) so that each paper is
/// drawn without touching every question of a large bank.
#[derive(Clone, Debug)]
pub struct DrawIndex<'b> {
    banks: Vec<&'b Bank>,
    /// For each kind, (bank, question) positions in bank and file order.
    by_kind: [Vec<(u32, u32)>; 5],
}

impl<'b> DrawIndex<'b> {
    /// Indexes `banks`.
    pub fn new(banks: &[&'b Bank]) -> Self {
        let mut by_kind: [Vec<(u32, u32)>; 5] = Default::default();
        for (b, bank) in banks.iter().enumerate() {
            for (q, question) in bank.questions.iter().enumerate() {
                by_kind[kind_index(question.kind)].push((b as u32, q as u32));
            }
        }
        Self {
            banks: banks.to_vec(),
            by_kind,
        }
    }

    fn question(&self, (b, q): (u32, u32)) -> (&'b Bank, &'b Question) {
        let bank = self.banks[b as usize];
        (bank, &bank.questions[q as usize])
    }
}

/// Draws a paper from `banks` by `rules` with `seed`; every kind short of questions is named.
pub fn draw(banks: &[&Bank], rules: &PaperRules, seed: u64) -> Result<Paper> {
    draw_indexed(&DrawIndex::new(banks), rules, seed)
}

/// [`draw`] from banks indexed beforehand: the same seed gives the same paper either way.
pub fn draw_indexed(index: &DrawIndex<'_>, rules: &PaperRules, seed: u64) -> Result<Paper> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut questions = Vec::new();
    let mut shortages = Vec::new();
    for rule in rules.kinds.iter().filter(|r| r.count > 0) {
        let all = &index.by_kind[kind_index(rule.kind)];
        let filtered: Vec<(u32, u32)>;
        let pool: &[(u32, u32)] = if rules.banks.is_empty() && rules.categories.is_empty() {
            all
        } else {
            filtered = all
                .iter()
                .copied()
                .filter(|&at| {
                    let (bank, question) = index.question(at);
                    (rules.banks.is_empty() || rules.banks.contains(&bank.id))
                        && (rules.categories.is_empty()
                            || rules.categories.contains(&question.category))
                })
                .collect();
            &filtered
        };
        if pool.len() < rule.count {
            shortages.push(format!(
                "{}需要 {} 道，所选范围只有 {} 道",
                rule.kind.label(),
                rule.count,
                pool.len()
            ));
            continue;
        }
        // A partial Fisher–Yates shuffle over the pool without copying it: only the positions
        // swapped are remembered, so drawing 40 of 40,000 costs 40 steps.
        let mut swapped: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
        for i in 0..rule.count {
            let j = rng.usize(i..pool.len());
            let at_i = swapped.get(&i).copied().unwrap_or(i);
            let at_j = swapped.get(&j).copied().unwrap_or(j);
            swapped.insert(j, at_i);
            let (bank, question) = index.question(pool[at_j]);
            questions.push(paper_question(
                bank,
                question,
                rule.points,
                rules.shuffle_options,
                &mut rng,
            ));
        }
    }
    if !shortages.is_empty() {
        return Err(Error::NotEnoughQuestions(shortages.join("；")));
    }
    if questions.is_empty() {
        return Err(Error::NoQuestions(
            "试卷规则中每种题型的题数都是 0".to_owned(),
        ));
    }
    if rules.shuffle_questions {
        rng.shuffle(&mut questions);
    } else {
        // Grouped by kind in the rules' order, as printed papers are.
        let order: Vec<Kind> = rules.kinds.iter().map(|r| r.kind).collect();
        questions.sort_by_key(|q| {
            order
                .iter()
                .position(|k| *k == q.question.kind)
                .unwrap_or(kind_index(q.question.kind))
        });
    }
    Ok(Paper { seed, questions })
}

fn paper_question(
    bank: &Bank,
    question: &Question,
    points: u32,
    shuffle: bool,
    rng: &mut fastrand::Rng,
) -> PaperQuestion {
    let mut order: Vec<usize> = (0..question.options.len()).collect();
    if shuffle && question.kind.has_options() {
        rng.shuffle(&mut order);
    }
    let mut entry = with_option_order(question, &order);
    entry.bank_id = bank.id.clone();
    entry.points = question.points.unwrap_or(points);
    entry
}

/// The question with its options shown in `order` (indices into the bank's options) and the answer
/// remapped to match.
fn with_option_order(question: &Question, order: &[usize]) -> PaperQuestion {
    let mut question = question.clone();
    let valid =
        order.len() == question.options.len() && order.iter().all(|&i| i < question.options.len());
    let order: Vec<usize> = if valid {
        order.to_vec()
    } else {
        (0..question.options.len()).collect()
    };
    question.options = order.iter().map(|&i| question.options[i].clone()).collect();
    if let Answer::Choice(right) = &question.answer {
        let mut shown: Vec<usize> = right
            .iter()
            .filter_map(|r| order.iter().position(|o| o == r))
            .collect();
        shown.sort_unstable();
        question.answer = Answer::Choice(shown);
    }
    PaperQuestion {
        bank_id: String::new(),
        points: question.points.unwrap_or(0),
        question,
        option_order: order,
    }
}

/// Rebuilds a recorded paper from (bank id, question id, option order, points), for example to
/// resume an exam after a power cut. Fails, naming the question, when a bank no longer has it.
pub fn rebuild<'a>(
    banks: &[&Bank],
    seed: u64,
    entries: impl IntoIterator<Item = (&'a str, &'a str, &'a [usize], u32)>,
) -> Result<Paper> {
    let mut questions = Vec::new();
    for (bank_id, question_id, order, points) in entries {
        let question = banks
            .iter()
            .filter(|b| b.id == bank_id)
            .flat_map(|b| &b.questions)
            .find(|q| q.id == question_id)
            .ok_or_else(|| {
                Error::NoQuestions(format!(
                    "题库“{bank_id}”中已没有题目“{question_id}”，试卷无法恢复"
                ))
            })?;
        let mut entry = with_option_order(question, order);
        entry.bank_id = bank_id.to_owned();
        entry.points = points;
        questions.push(entry);
    }
    Ok(Paper { seed, questions })
}

/// Why an attempt ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndReason {
    /// The examinee submitted.
    Submitted,
    /// Time ran out.
    TimeUp,
}

/// A timed attempt at a paper.
#[derive(Clone, Debug)]
pub struct Attempt {
    paper: Paper,
    rules: PaperRules,
    responses: Vec<Option<Response>>,
    marked: Vec<bool>,
    /// Questions whose own time ran out; they can no longer be changed.
    locked: Vec<bool>,
    current: usize,
    /// Time used before this run of the attempt (after a resume), plus `now - resumed_at`.
    used_before: Duration,
    resumed_at: Duration,
    /// When the current question was shown, for the per-question limit.
    question_shown_at: Duration,
    ended: Option<(EndReason, Duration)>,
    /// Points an open question was given by a grader.
    graded: Vec<Option<f64>>,
}

impl Attempt {
    /// Starts an attempt at `now`.
    pub fn start(paper: Paper, rules: PaperRules, now: Duration) -> Self {
        Self::resume(paper, rules, Vec::new(), Duration::ZERO, now)
    }

    /// Resumes an interrupted attempt with its saved answers and the time already used.
    pub fn resume(
        paper: Paper,
        rules: PaperRules,
        mut responses: Vec<Option<Response>>,
        used: Duration,
        now: Duration,
    ) -> Self {
        let n = paper.questions.len();
        responses.resize(n, None);
        Self {
            paper,
            rules,
            responses,
            marked: vec![false; n],
            locked: vec![false; n],
            current: 0,
            used_before: used,
            resumed_at: now,
            question_shown_at: now,
            ended: None,
            graded: vec![None; n],
        }
    }

    /// The paper.
    pub fn paper(&self) -> &Paper {
        &self.paper
    }

    /// The rules it was drawn by.
    pub fn rules(&self) -> &PaperRules {
        &self.rules
    }

    /// The position of the question on show.
    pub fn position(&self) -> usize {
        self.current
    }

    /// The answer given to question `index`.
    pub fn response(&self, index: usize) -> Option<&Response> {
        self.responses.get(index).and_then(Option::as_ref)
    }

    /// Whether question `index` is marked for review.
    pub fn is_marked(&self, index: usize) -> bool {
        self.marked.get(index).copied().unwrap_or(false)
    }

    /// Whether question `index` can no longer be changed (its own time ran out).
    pub fn is_locked(&self, index: usize) -> bool {
        self.locked.get(index).copied().unwrap_or(false)
    }

    /// Time used so far.
    pub fn used(&self, now: Duration) -> Duration {
        match self.ended {
            Some((_, at)) => self.used_before + at.saturating_sub(self.resumed_at),
            None => self.used_before + now.saturating_sub(self.resumed_at),
        }
        .min(self.limit())
    }

    fn limit(&self) -> Duration {
        Duration::from_secs(u64::from(self.rules.time_limit_secs))
    }

    /// Time left on the whole paper.
    pub fn remaining(&self, now: Duration) -> Duration {
        self.limit().saturating_sub(self.used(now))
    }

    /// Time left on the current question, when there is a per-question limit.
    pub fn question_remaining(&self, now: Duration) -> Option<Duration> {
        let limit = Duration::from_secs(u64::from(self.rules.per_question_secs?));
        Some(limit.saturating_sub(now.saturating_sub(self.question_shown_at)))
    }

    /// How it ended, if it has.
    pub fn ended(&self) -> Option<EndReason> {
        self.ended.map(|(reason, _)| reason)
    }

    /// Applies the clock: ends the attempt at zero, moves on when a question's own time is up.
    /// Returns true when something changed.
    pub fn tick(&mut self, now: Duration) -> bool {
        if self.ended.is_some() {
            return false;
        }
        if self.remaining(now).is_zero() {
            let at = self.resumed_at + self.limit().saturating_sub(self.used_before);
            self.ended = Some((EndReason::TimeUp, at.min(now)));
            return true;
        }
        if self
            .question_remaining(now)
            .is_some_and(|left| left.is_zero())
        {
            self.locked[self.current] = true;
            if self.current + 1 < self.paper.questions.len() {
                self.go_to(self.current + 1, now);
            } else {
                self.ended = Some((EndReason::Submitted, now));
            }
            return true;
        }
        false
    }

    /// Answers question `index`; ignored once ended or locked.
    pub fn answer(&mut self, index: usize, response: Option<Response>) -> bool {
        if self.ended.is_some() || self.is_locked(index) || index >= self.responses.len() {
            return false;
        }
        self.responses[index] = response;
        true
    }

    /// Marks or unmarks question `index` for review.
    pub fn toggle_mark(&mut self, index: usize) {
        if let Some(mark) = self.marked.get_mut(index) {
            *mark = !*mark;
        }
    }

    /// Shows question `index` (the answer card); locked questions are skipped over when timed.
    pub fn go_to(&mut self, index: usize, now: Duration) {
        if index < self.paper.questions.len() && self.ended.is_none() {
            self.current = index;
            self.question_shown_at = now;
        }
    }

    /// The questions (positions) not answered yet, for the confirmation on submit.
    pub fn unanswered(&self) -> Vec<usize> {
        (0..self.responses.len())
            .filter(|&i| self.responses[i].is_none())
            .collect()
    }

    /// Submits at `now`.
    pub fn submit(&mut self, now: Duration) {
        if self.ended.is_none() {
            self.ended = Some((EndReason::Submitted, now));
        }
    }

    /// A grader's points for open question `index`.
    pub fn grade(&mut self, index: usize, points: f64) {
        if let (Some(slot), Some(q)) = (self.graded.get_mut(index), self.paper.questions.get(index))
        {
            *slot = Some(points.clamp(0.0, f64::from(q.points)));
        }
    }

    /// The score of question `index`.
    pub fn score_of(&self, index: usize) -> Score {
        let q = &self.paper.questions[index];
        if let Some(points) = self.graded[index] {
            return Score::Points(points);
        }
        score(
            &q.question,
            self.responses[index].as_ref(),
            q.points,
            self.rules.partial_credit,
        )
    }

    /// Points so far, and how many open questions still wait for a grader.
    pub fn total(&self) -> (f64, usize) {
        (0..self.paper.questions.len()).fold((0.0, 0), |(sum, waiting), i| match self.score_of(i) {
            Score::Points(p) => (sum + p, waiting),
            Score::AwaitingGrader => (sum, waiting + 1),
        })
    }
}

#[cfg(test)]
#[path = "exam_tests.rs"]
mod tests;
