//! The exam part of [`AppState`]: setup, the timed attempt, saving each answer, the result.

use std::time::Duration;

use crate::app::effect::{Effect, Effects};
use crate::app::shared::Shared;
use crate::app::state::Screen;
use crate::core::exam::{self, Attempt, EndReason, PaperRules};
use crate::core::grade::{Input, edit};
use crate::core::scoring::Score;
use crate::storage::attempts::{AnswerRecord, NewAttempt, PaperEntry, Unfinished};
use crate::storage::people::Participant;
use crate::storage::records::Records;
use crate::storage::writer::Job;

/// How often the time used is saved during an exam, so a resumed exam loses at most this much.
pub const TIME_SAVE_EVERY: Duration = Duration::from_secs(5);

/// What the user chose on the exam setup screen.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExamSetup {
    /// The rules being edited.
    pub rules: PaperRules,
    /// The participant chosen, or none for an anonymous attempt.
    pub participant: Option<i64>,
    /// What was typed to find (or add) a participant.
    pub query: String,
    /// The branch for a participant being added.
    pub new_branch: String,
    /// Why the last start failed.
    pub error: Option<String>,
}

/// An exam being taken or just ended.
#[derive(Clone, Debug)]
pub struct ExamRun {
    /// The name the records thread knows it by.
    pub uid: String,
    /// The attempt.
    pub attempt: Attempt,
    /// Who takes it.
    pub participant: Option<Participant>,
    /// The submit confirmation is open.
    pub confirming: bool,
    /// Writes sent and writes acknowledged.
    pub sent: usize,
    /// Writes acknowledged.
    pub saved: usize,
    /// When the time used was last sent.
    pub time_saved_at: Duration,
    /// Rank in the branch after the end: (rank, people).
    pub rank: Option<(usize, usize)>,
}

/// The exam flow: the setup, the exam under way, the presets, and exams left by a crash.
#[derive(Default)]
pub struct ExamFlow {
    /// The setup screen.
    pub setup: ExamSetup,
    /// The running or last exam.
    pub run: Option<ExamRun>,
    /// Saved exam presets.
    pub presets: Vec<PaperRules>,
    /// Exams interrupted by a crash or power cut, offered for resumption.
    pub unfinished: Vec<Unfinished>,
    /// Questions by kind in the scope the rules choose, worked out when the rules change.
    pub available: [usize; 5],
    /// The categories of the banks the rules choose.
    pub categories: Vec<String>,
}

/// The exam actions.
#[derive(Clone, Debug)]
pub enum ExamAction {
    /// Open the setup screen.
    Setup,
    /// The rules were edited.
    Rules(PaperRules),
    /// Choose a participant (none: anonymous).
    Participant(Option<i64>),
    /// Typed into the participant search.
    Query(String),
    /// Typed the branch of a new participant.
    NewBranch(String),
    /// Add the typed name as a participant of the typed branch, and choose them.
    AddParticipant,
    /// Save the rules as a preset under their name.
    SavePreset,
    /// Start the exam.
    Start,
    /// Choose (or toggle) an option of the current question.
    Choose(usize),
    /// Answer true or false.
    Truth(bool),
    /// Type into blank `n`.
    Blank(usize, String),
    /// Type the answer to an open question.
    Text(String),
    /// Show question `n` (the answer card).
    GoTo(usize),
    /// Mark or unmark the current question for review.
    ToggleMark,
    /// Ask to submit (opens the confirmation).
    RequestSubmit,
    /// Close the confirmation and go on.
    CancelSubmit,
    /// Submit.
    Submit,
    /// Resume the interrupted exam with this row id.
    Resume(i64),
    /// Close the interrupted exam with this row id as it stands.
    Discard(i64),
}

impl ExamFlow {
    /// Reads the presets and the exams a crash left unfinished.
    pub fn attach(&mut self, records: &Records) -> crate::core::error::Result<()> {
        self.presets = records.presets()?;
        self.unfinished = records.unfinished_exams()?;
        Ok(())
    }

    /// Applies one action at `now`.
    pub fn handle(&mut self, action: ExamAction, cx: &mut Shared, now: Duration) -> Effects {
        let mut fx = Effects::new();
        match action {
            ExamAction::Setup => {
                if let Some(records) = &cx.records {
                    match records.presets() {
                        Ok(presets) => self.presets = presets,
                        Err(error) => fx.push(Effect::Message(error.to_string())),
                    }
                }
                fx.push(Effect::PeopleChanged);
                self.setup.error = None;
                self.recount(cx);
                fx.push(Effect::Show(Screen::ExamSetup));
            }
            ExamAction::Rules(rules) => {
                self.setup.rules = rules;
                self.recount(cx);
            }
            ExamAction::Participant(id) => self.setup.participant = id,
            ExamAction::Query(text) => self.setup.query = text,
            ExamAction::NewBranch(text) => self.setup.new_branch = text,
            ExamAction::AddParticipant => self.add_participant(cx, now, &mut fx),
            ExamAction::SavePreset => self.save_preset(cx),
            ExamAction::Start => self.start(cx, now, &mut fx),
            ExamAction::Resume(id) => self.resume(id, cx, now, &mut fx),
            ExamAction::Discard(id) => self.discard(id, cx, now, &mut fx),
            ExamAction::RequestSubmit => self.with_run(|run| run.confirming = true),
            ExamAction::CancelSubmit => self.with_run(|run| run.confirming = false),
            ExamAction::Submit => {
                self.with_run(|run| run.attempt.submit(now));
                self.end_if_over(true, cx, now, &mut fx);
            }
            ExamAction::GoTo(index) => {
                let Some(run) = &mut self.run else {
                    return fx;
                };
                run.attempt.go_to(index, now);
                save_progress(run, cx, now);
            }
            ExamAction::ToggleMark => self.with_run(|run| {
                let at = run.attempt.position();
                run.attempt.toggle_mark(at);
            }),
            ExamAction::Choose(_)
            | ExamAction::Truth(_)
            | ExamAction::Blank(..)
            | ExamAction::Text(_) => self.answer(action, cx, now),
        }
        fx
    }

    /// Counts what the rules' scope holds, once per change, not per frame.
    pub fn recount(&mut self, cx: &Shared) {
        if let Some(library) = &cx.library {
            let rules = &self.setup.rules;
            (self.available, self.categories) = library.scope(&rules.banks, &rules.categories);
        }
    }

    fn with_run(&mut self, f: impl FnOnce(&mut ExamRun)) {
        if let Some(run) = &mut self.run {
            f(run);
        }
    }

    fn add_participant(&mut self, cx: &mut Shared, now: Duration, fx: &mut Effects) {
        let name = self.setup.query.trim().to_owned();
        if name.is_empty() {
            return;
        }
        let Some(records) = &cx.records else { return };
        let branch = self.setup.new_branch.trim().to_owned();
        let branch = (!branch.is_empty()).then_some(branch.as_str());
        match records.add_participant(&name, branch, None, cx.wall_ms(now)) {
            Ok(id) => {
                self.setup.participant = Some(id);
                fx.push(Effect::PeopleChanged);
            }
            Err(error) => self.setup.error = Some(error.to_string()),
        }
    }

    fn save_preset(&mut self, cx: &Shared) {
        let Some(records) = &cx.records else { return };
        if self.setup.rules.name.trim().is_empty() {
            self.setup.error = Some("请先给试卷方案起个名字".to_owned());
            return;
        }
        match records
            .save_preset(&self.setup.rules)
            .and_then(|()| records.presets())
        {
            Ok(presets) => self.presets = presets,
            Err(error) => self.setup.error = Some(error.to_string()),
        }
    }

    fn start(&mut self, cx: &mut Shared, now: Duration, fx: &mut Effects) {
        let seed = cx.clock.next_seed();
        let rules = self.setup.rules.clone();
        let paper = match exam::draw(&cx.usable_banks(), &rules, seed) {
            Ok(paper) => paper,
            Err(error) => {
                self.setup.error = Some(error.to_string());
                return;
            }
        };
        let participant = self
            .setup
            .participant
            .and_then(|id| cx.directory.person(id).cloned());
        let uid = cx.clock.uid(now, "");
        let entries = paper.questions.iter().map(PaperEntry::from).collect();
        let job = Job::Start {
            uid: uid.clone(),
            attempt: NewAttempt {
                participant_id: participant.as_ref().map(|p| p.id),
                mode: "exam",
                title: rules.name.clone(),
                rules_json: serde_json::to_string(&rules).ok(),
                seed: Some(seed),
                time_limit_secs: Some(rules.time_limit_secs),
                questions: entries,
            },
            now_ms: cx.wall_ms(now),
        };
        let sent = usize::from(cx.send(job));
        self.setup.error = None;
        self.run = Some(ExamRun {
            uid,
            attempt: Attempt::start(paper, rules, now),
            participant,
            confirming: false,
            sent,
            saved: 0,
            time_saved_at: now,
            rank: None,
        });
        fx.push(Effect::Show(Screen::Exam));
    }

    fn answer(&mut self, action: ExamAction, cx: &Shared, now: Duration) {
        let Some(run) = &mut self.run else { return };
        let at = run.attempt.position();
        let input = match action {
            ExamAction::Choose(i) => Input::Choose(i),
            ExamAction::Truth(truth) => Input::Truth(truth),
            ExamAction::Blank(i, text) => Input::Blank(i, text),
            ExamAction::Text(text) => Input::Text(text),
            _ => return,
        };
        let question = &run.attempt.paper().questions[at].question;
        let Some(response) = edit(question, run.attempt.response(at), input) else {
            return;
        };
        if !run.attempt.answer(at, response.clone()) {
            return;
        }
        let (correct, points) = match run.attempt.score_of(at) {
            Score::Points(p) => (
                Some(p >= f64::from(run.attempt.paper().questions[at].points) - 1e-9),
                Some(p),
            ),
            Score::AwaitingGrader => (None, None),
        };
        let job = Job::Answer {
            uid: run.uid.clone(),
            answer: AnswerRecord {
                position: at,
                response,
                correct,
                points,
                time_used_ms: run.attempt.used(now).as_millis() as i64,
            },
            now_ms: cx.wall_ms(now),
        };
        run.time_saved_at = now;
        if cx.send(job) {
            run.sent += 1;
        }
    }

    /// The records thread saved a write of attempt `uid`.
    pub fn saved(&mut self, uid: &str) {
        if let Some(run) = self.run.as_mut().filter(|run| run.uid == uid) {
            run.saved += 1;
        }
    }

    /// Every frame: the clock (auto-submit, per-question limit) and the time used.
    pub fn tick(&mut self, on_screen: bool, cx: &mut Shared, now: Duration) -> Effects {
        let mut fx = Effects::new();
        let Some(run) = &mut self.run else { return fx };
        if run.attempt.ended().is_some() {
            return fx;
        }
        run.attempt.tick(now);
        if now.saturating_sub(run.time_saved_at) >= TIME_SAVE_EVERY {
            save_progress(run, cx, now);
        }
        self.end_if_over(on_screen, cx, now, &mut fx);
        fx
    }

    /// When the countdown on show next changes.
    pub fn repaint_after(&self, now: Duration) -> Option<Duration> {
        let run = self.run.as_ref()?;
        if run.attempt.ended().is_some() {
            return None;
        }
        crate::app::practice_flow::next_second(run.attempt.remaining(now))
    }

    fn end_if_over(&mut self, on_screen: bool, cx: &Shared, now: Duration, fx: &mut Effects) {
        let Some(run) = &mut self.run else { return };
        let Some(reason) = run.attempt.ended() else {
            return;
        };
        if !on_screen {
            return;
        }
        run.confirming = false;
        let (score, waiting) = run.attempt.total();
        let max = f64::from(run.attempt.paper().total_points());
        let reason = match reason {
            EndReason::Submitted => "submitted",
            EndReason::TimeUp => "time_up",
        };
        let job = Job::Finish {
            uid: run.uid.clone(),
            reason,
            score,
            max_score: max,
            awaiting_grader: waiting,
            // The time the examinee saw at the end, not the last periodic save.
            time_used_ms: run.attempt.used(now).as_millis() as i64,
            now_ms: cx.wall_ms(now),
        };
        run.rank = match (&cx.records, &run.participant) {
            (Some(records), Some(p)) if max > 0.0 => records.branch_rank(p.id, score / max).ok(),
            _ => None,
        };
        if cx.send(job) {
            run.sent += 1;
        }
        fx.push(Effect::Show(Screen::ExamResult));
    }

    fn resume(&mut self, id: i64, cx: &mut Shared, now: Duration, fx: &mut Effects) {
        let Some(unfinished) = self.unfinished.iter().find(|u| u.id == id).cloned() else {
            return;
        };
        self.unfinished.retain(|u| u.id != id);
        let rules: PaperRules = match unfinished
            .rules_json
            .as_deref()
            .map(serde_json::from_str::<PaperRules>)
        {
            Some(Ok(rules)) => rules,
            _ => {
                // The answers and the paper are what matter; say that the rules are the usual ones.
                fx.push(Effect::Message(format!(
                    "考试“{}”保存的试卷规则无法读取，已按默认规则（限时、评分）继续，已答的题目不受影响。",
                    unfinished.title
                )));
                PaperRules::default()
            }
        };
        let entries = unfinished.questions.iter().map(|e| {
            (
                e.bank_id.as_str(),
                e.question_id.as_str(),
                e.option_order.as_slice(),
                e.points,
            )
        });
        let paper = match exam::rebuild(&cx.usable_banks(), unfinished.seed.unwrap_or(0), entries) {
            Ok(paper) => paper,
            Err(error) => {
                fx.push(Effect::Message(format!(
                    "{error}。该次考试已按现有答案交卷。"
                )));
                self.discard(id, cx, now, fx);
                return;
            }
        };
        let used = Duration::from_millis(u64::try_from(unfinished.time_used_ms).unwrap_or(0));
        let mut attempt = Attempt::resume(paper, rules, unfinished.answers.clone(), used, now);
        attempt.go_to(unfinished.position, now);
        let participant = unfinished
            .participant_id
            .and_then(|pid| cx.directory.person(pid).cloned());
        cx.clock.next_seed();
        let uid = cx.clock.uid(now, "");
        cx.send(Job::Adopt {
            uid: uid.clone(),
            id,
        });
        self.run = Some(ExamRun {
            uid,
            attempt,
            participant,
            confirming: false,
            sent: 0,
            saved: 0,
            time_saved_at: now,
            rank: None,
        });
        fx.push(Effect::Show(Screen::Exam));
    }

    fn discard(&mut self, id: i64, cx: &mut Shared, now: Duration, fx: &mut Effects) {
        self.unfinished.retain(|u| u.id != id);
        let now_ms = cx.wall_ms(now);
        if let Some(records) = &mut cx.records
            && let Err(error) = records.abandon_attempt(id, now_ms)
        {
            fx.push(Effect::Message(error.to_string()));
        }
    }
}

/// Saves the time used and the question on show.
fn save_progress(run: &mut ExamRun, cx: &Shared, now: Duration) {
    run.time_saved_at = now;
    cx.send(Job::TimeUsed {
        uid: run.uid.clone(),
        ms: run.attempt.used(now).as_millis() as i64,
        position: run.attempt.position(),
    });
}
