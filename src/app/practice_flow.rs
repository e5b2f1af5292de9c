//! 自主练习: the home screen's choice of banks, categories and kinds, and the session itself
//! (also the session of each study mode), recorded answer by answer like an exam.

use std::collections::BTreeSet;
use std::time::Duration;

use crate::app::effect::{Effect, Effects, SessionStart};
use crate::app::shared::Shared;
use crate::app::state::Screen;
use crate::core::bank::{Kind, kind_index};
use crate::core::library::BankEntry;
use crate::core::practice::{self, Order, Selection, Session};
use crate::storage::attempts::{AnswerRecord, NewAttempt, PaperEntry};
use crate::storage::writer::Job;

/// What the user chose on the home screen for the next practice.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PracticeSetup {
    /// Indices into the library of the banks to practise.
    pub banks: BTreeSet<usize>,
    /// Categories to include (empty: all).
    pub categories: BTreeSet<String>,
    /// Kinds to include (empty: all).
    pub kinds: BTreeSet<Kind>,
    /// Shuffle the questions.
    pub random: bool,
    /// Who practises, for the records; none for anonymous practice.
    pub participant: Option<i64>,
}

/// The practice flow: the setup and the session under way.
#[derive(Default)]
pub struct PracticeFlow {
    /// The home screen's choice.
    pub setup: PracticeSetup,
    /// The categories of the chosen banks with their counts, worked out when the choice changes.
    pub categories: Vec<(String, usize)>,
    /// The chosen banks' questions by kind, worked out when the choice changes.
    pub kind_counts: [usize; 5],
    /// How many chosen banks can be used.
    pub bank_count: usize,
    /// How many questions the setup matches, worked out when it changes (never per frame).
    pub matching: usize,
    /// The running or last session.
    pub session: Option<Session>,
    /// The mode the session is recorded under: `practice`, or a study mode.
    pub mode: &'static str,
    /// Who the session is recorded for.
    pub participant: Option<i64>,
    /// The session being recorded, by the name the records thread knows it by.
    uid: Option<String>,
    /// The session's start, sent to the records only with its first answer: a session left
    /// before any answer is no attempt, and never reaches the records.
    unsent: Option<Job>,
}

/// The practice actions.
#[derive(Clone, Debug)]
pub enum PracticeAction {
    /// Select or unselect a bank for practice.
    ToggleBank(usize),
    /// Include or exclude a category.
    ToggleCategory(String),
    /// Include or exclude a kind.
    ToggleKind(Kind),
    /// Sequential or random order.
    SetRandom(bool),
    /// Who practises (none: anonymous).
    SetParticipant(Option<i64>),
    /// Start practising the selection.
    Start,
    /// Choose (or, for multiple choice, toggle) an option.
    Choose(usize),
    /// Answer a true/false question.
    ChooseTruth(bool),
    /// Type into a blank.
    SetBlank(usize, String),
    /// Submit the current answer.
    Submit,
    /// Judge one's own answer to an open question.
    Judge(bool),
    /// Go to the next question.
    Next,
    /// Go back a question.
    Previous,
    /// End the session and show the summary.
    Finish,
    /// Practise the same selection again.
    Restart,
}

impl PracticeFlow {
    /// The banks were loaded: every usable one is chosen, as the common case is "practise all".
    pub fn library_loaded(&mut self, entries: &[BankEntry], cx: &Shared) {
        self.setup.banks = entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.is_usable())
            .map(|(i, _)| i)
            .collect();
        self.recount(cx);
    }

    /// Works out the counts the home screen shows, once per change of the setup.
    fn recount(&mut self, cx: &Shared) {
        let Some(library) = &cx.library else {
            return;
        };
        self.categories = library.categories_of(&self.setup.banks);
        let available: BTreeSet<&String> = self.categories.iter().map(|(c, _)| c).collect();
        self.setup.categories.retain(|c| available.contains(c));
        let banks = library.chosen_banks(&self.setup.banks);
        self.bank_count = banks.len();
        self.kind_counts = [0; 5];
        for kind in Kind::ALL {
            self.kind_counts[kind_index(kind)] = library.kind_total(&self.setup.banks, kind);
        }
        let setup = &self.setup;
        self.matching = banks
            .iter()
            .flat_map(|bank| &bank.questions)
            .filter(|q| setup.kinds.is_empty() || setup.kinds.contains(&q.kind))
            .filter(|q| setup.categories.is_empty() || setup.categories.contains(&q.category))
            .count();
    }

    /// Whether the session under way is a study mode's (which Restart starts again there).
    pub fn study_mode(&self) -> Option<&'static str> {
        self.session
            .as_ref()
            .and(Some(self.mode))
            .filter(|m| *m != "practice")
    }

    /// Applies one action at `now`.
    pub fn handle(&mut self, action: PracticeAction, cx: &mut Shared, now: Duration) -> Effects {
        let mut fx = Effects::new();
        match action {
            PracticeAction::ToggleBank(index) => {
                toggle(&mut self.setup.banks, index);
                self.recount(cx);
            }
            PracticeAction::ToggleCategory(category) => {
                toggle(&mut self.setup.categories, category);
                self.recount(cx);
            }
            PracticeAction::ToggleKind(kind) => {
                toggle(&mut self.setup.kinds, kind);
                self.recount(cx);
            }
            PracticeAction::SetRandom(random) => self.setup.random = random,
            PracticeAction::SetParticipant(id) => self.setup.participant = id,
            PracticeAction::Start | PracticeAction::Restart => self.start(cx, now, &mut fx),
            PracticeAction::Choose(index) => self.with_session(|s| s.choose(index)),
            PracticeAction::ChooseTruth(truth) => self.with_session(|s| s.choose_truth(truth)),
            PracticeAction::SetBlank(index, text) => {
                self.with_session(|s| s.set_blank(index, text))
            }
            PracticeAction::Submit => {
                self.with_session(|s| {
                    s.submit(now);
                });
                self.record_answer(cx, now);
                self.end_if_over(cx, now, &mut fx);
            }
            PracticeAction::Judge(right) => {
                self.with_session(|s| s.judge(right, now));
                self.record_answer(cx, now);
                self.end_if_over(cx, now, &mut fx);
            }
            PracticeAction::Next | PracticeAction::Previous
                if self.session.as_ref().is_some_and(|s| {
                    s.is_challenge()
                        && !s.is_finished()
                        && (s.outcome().is_none() || matches!(action, PracticeAction::Previous))
                }) =>
            {
                // A challenge goes forward only, and only once the question is answered.
            }
            PracticeAction::Next if self.session.as_ref().is_some_and(Session::is_finished) => {
                // A challenge ended at a wrong answer: the next step is its summary.
                fx.push(Effect::Show(Screen::Summary));
            }
            PracticeAction::Next => {
                if let Some(session) = &mut self.session
                    && !session.go_next()
                    && session.outcome().is_some_and(|o| o.verdict.is_some())
                {
                    session.finish(now);
                    fx.push(Effect::Show(Screen::Summary));
                    self.record_end(cx, now);
                }
            }
            PracticeAction::Previous => self.with_session(|s| {
                s.go_previous();
            }),
            PracticeAction::Finish => {
                if let Some(session) = &mut self.session {
                    session.finish(now);
                    // Nothing answered, nothing to sum up: back where the session began.
                    let screen = if session.summary(now).answered > 0 || session.is_challenge() {
                        Screen::Summary
                    } else if self.study_mode().is_some() {
                        Screen::Study
                    } else {
                        Screen::Home
                    };
                    fx.push(Effect::Show(screen));
                    self.record_end(cx, now);
                }
            }
        }
        fx
    }

    fn with_session(&mut self, f: impl FnOnce(&mut Session)) {
        if let Some(session) = &mut self.session {
            f(session);
        }
    }

    fn start(&mut self, cx: &mut Shared, now: Duration, fx: &mut Effects) {
        let seed = cx.clock.next_seed();
        let order = if self.setup.random {
            Order::Random { seed }
        } else {
            Order::Sequential
        };
        let selection = Selection {
            categories: self.setup.categories.clone(),
            kinds: self.setup.kinds.clone(),
            order,
        };
        let banks = cx
            .library
            .as_ref()
            .map(|l| l.chosen_banks(&self.setup.banks))
            .unwrap_or_default();
        match practice::select(&banks, &selection) {
            Ok(items) => {
                let titles: BTreeSet<&str> = items.iter().map(|i| i.bank_title.as_str()).collect();
                let title = titles.into_iter().collect::<Vec<_>>().join("、");
                fx.push(Effect::Favourites(self.setup.participant));
                self.start_session(
                    SessionStart {
                        items,
                        mode: "practice",
                        title,
                        participant: self.setup.participant,
                        challenge_secs: None,
                    },
                    cx,
                    now,
                    fx,
                );
            }
            Err(error) => fx.push(Effect::Message(error.to_string())),
        }
    }

    /// Starts a session of `start`'s questions, recorded under its mode, and shows it.
    pub fn start_session(
        &mut self,
        start: SessionStart,
        cx: &mut Shared,
        now: Duration,
        fx: &mut Effects,
    ) {
        let SessionStart {
            items,
            mode,
            title,
            participant,
            challenge_secs,
        } = start;
        self.mode = mode;
        self.participant = participant;
        let uid = cx.clock.uid(now, "p");
        let attempt = NewAttempt {
            participant_id: participant,
            mode,
            title,
            rules_json: None,
            seed: None,
            time_limit_secs: None,
            questions: items
                .iter()
                .map(|i| PaperEntry {
                    bank_id: i.bank_id.clone(),
                    question_id: i.question.id.clone(),
                    option_order: Vec::new(),
                    points: 1,
                })
                .collect(),
        };
        self.unsent = Some(Job::Start {
            uid: uid.clone(),
            attempt,
            now_ms: cx.wall_ms(now),
        });
        self.uid = Some(uid);
        self.session = Some(match challenge_secs {
            Some(secs) => Session::challenge(items, Duration::from_secs(secs), now),
            None => Session::new(items, now),
        });
        fx.push(Effect::Show(Screen::Practice));
    }

    fn record_answer(&mut self, cx: &Shared, now: Duration) {
        let (Some(uid), Some(session)) = (&self.uid, &self.session) else {
            return;
        };
        let Some(outcome) = session.outcome() else {
            return;
        };
        let Some(verdict) = outcome.verdict else {
            return;
        };
        let answer = AnswerRecord {
            position: session.position(),
            response: outcome.response.clone(),
            correct: Some(verdict.is_correct()),
            points: Some(if verdict.is_correct() { 1.0 } else { 0.0 }),
            time_used_ms: session.summary(now).elapsed.as_millis() as i64,
        };
        if let Some(start) = self.unsent.take() {
            cx.send(start);
        }
        cx.send(Job::Answer {
            uid: uid.clone(),
            answer,
            now_ms: cx.wall_ms(now),
        });
    }

    /// A challenge that ended (wrong answer or time) is recorded as ended at once.
    fn end_if_over(&mut self, cx: &Shared, now: Duration, _fx: &mut Effects) {
        if self.session.as_ref().is_some_and(Session::is_finished) {
            self.record_end(cx, now);
        }
    }

    /// The session's clock: a challenge question left to run out is wrong and ends the challenge.
    pub fn tick(&mut self, on_screen: bool, cx: &Shared, now: Duration) {
        if on_screen
            && let Some(session) = &mut self.session
            && session.tick(now)
        {
            self.record_answer(cx, now);
            self.record_end(cx, now);
        }
    }

    /// When the challenge's countdown on show next changes: at its next whole second.
    pub fn repaint_after(&self, now: Duration) -> Option<Duration> {
        let left = self.session.as_ref()?.question_remaining(now)?;
        next_second(left)
    }

    fn record_end(&mut self, cx: &Shared, now: Duration) {
        let (Some(uid), Some(session)) = (self.uid.take(), &self.session) else {
            return;
        };
        // Never started in the records: no answer was given, so there is nothing to end.
        if self.unsent.take().is_some() {
            return;
        }
        let summary = session.summary(now);
        cx.send(Job::Finish {
            uid,
            reason: "finished",
            score: summary.correct as f64,
            // Practice is scored over the questions answered, not the whole set it drew from.
            max_score: summary.answered as f64,
            awaiting_grader: 0,
            time_used_ms: summary.elapsed.as_millis() as i64,
            now_ms: cx.wall_ms(now),
        });
    }
}

fn toggle<T: Ord>(set: &mut BTreeSet<T>, value: T) {
    if !set.remove(&value) {
        set.insert(value);
    }
}

/// The time until a countdown showing whole seconds, with `left` to go, shows the next one; none
/// once it is at zero.
pub fn next_second(left: Duration) -> Option<Duration> {
    let ms = left.as_millis() as u64;
    if ms == 0 {
        return None;
    }
    let to_next = match ms % 1000 {
        0 => 1000,
        rest => rest,
    };
    // A few milliseconds late, so the frame lands after the second has turned, not just before.
    Some(Duration::from_millis(to_next + 5))
}
