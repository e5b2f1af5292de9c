//! The exam part of [`AppState`]: setup, the timed attempt, saving each answer, the result.

use std::time::Duration;

use crate::app::state::{AppState, Screen};
use crate::core::bank::{Bank, Kind};
use crate::core::exam::{self, Attempt, EndReason, PaperRules};
use crate::core::grade::Response;
use crate::core::scoring::Score;
use crate::storage::attempts::{AnswerRecord, NewAttempt, PaperEntry};
use crate::storage::people::Participant;
use crate::storage::writer::{Job, Report};

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

impl AppState {
    /// The banks the exam may draw from: every usable loaded bank.
    pub fn exam_banks(&self) -> Vec<&Bank> {
        self.entries()
            .iter()
            .filter(|e| e.is_usable())
            .filter_map(|e| e.bank())
            .collect()
    }

    pub(crate) fn handle_exam(&mut self, action: ExamAction, now: Duration) {
        match action {
            ExamAction::Setup => {
                if let Some(records) = &self.records {
                    self.presets = records.presets().unwrap_or_default();
                    self.people = records.participants().unwrap_or_default();
                }
                self.exam_setup.error = None;
                self.screen = Screen::ExamSetup;
            }
            ExamAction::Rules(rules) => self.exam_setup.rules = rules,
            ExamAction::Participant(id) => self.exam_setup.participant = id,
            ExamAction::Query(text) => self.exam_setup.query = text,
            ExamAction::NewBranch(text) => self.exam_setup.new_branch = text,
            ExamAction::AddParticipant => self.add_participant(now),
            ExamAction::SavePreset => self.save_preset(),
            ExamAction::Start => self.start_exam(now),
            ExamAction::Resume(id) => self.resume_exam(id, now),
            ExamAction::Discard(id) => self.discard_exam(id, now),
            ExamAction::RequestSubmit => self.with_exam(|run| run.confirming = true),
            ExamAction::CancelSubmit => self.with_exam(|run| run.confirming = false),
            ExamAction::Submit => {
                self.with_exam(|run| run.attempt.submit(now));
                self.end_exam_if_over(now);
            }
            ExamAction::GoTo(index) => self.with_exam(|run| run.attempt.go_to(index, now)),
            ExamAction::ToggleMark => self.with_exam(|run| {
                let at = run.attempt.position();
                run.attempt.toggle_mark(at);
            }),
            ExamAction::Choose(_)
            | ExamAction::Truth(_)
            | ExamAction::Blank(..)
            | ExamAction::Text(_) => self.answer(action, now),
        }
    }

    fn with_exam(&mut self, f: impl FnOnce(&mut ExamRun)) {
        if let Some(run) = &mut self.exam {
            f(run);
        }
    }

    fn add_participant(&mut self, now: Duration) {
        let name = self.exam_setup.query.trim().to_owned();
        if name.is_empty() {
            return;
        }
        let Some(records) = &self.records else { return };
        let branch = self.exam_setup.new_branch.trim().to_owned();
        let branch = (!branch.is_empty()).then_some(branch.as_str());
        match records.add_participant(&name, branch, None, self.wall_ms(now)) {
            Ok(id) => {
                self.people = records.participants().unwrap_or_default();
                self.exam_setup.participant = Some(id);
            }
            Err(error) => self.exam_setup.error = Some(error.to_string()),
        }
    }

    fn save_preset(&mut self) {
        let Some(records) = &self.records else { return };
        if self.exam_setup.rules.name.trim().is_empty() {
            self.exam_setup.error = Some("请先给试卷方案起个名字".to_owned());
            return;
        }
        match records.save_preset(&self.exam_setup.rules) {
            Ok(()) => self.presets = records.presets().unwrap_or_default(),
            Err(error) => self.exam_setup.error = Some(error.to_string()),
        }
    }

    fn start_exam(&mut self, now: Duration) {
        self.sessions_started += 1;
        let seed = self.seed_base.wrapping_add(self.sessions_started);
        let rules = self.exam_setup.rules.clone();
        let paper = match exam::draw(&self.exam_banks(), &rules, seed) {
            Ok(paper) => paper,
            Err(error) => {
                self.exam_setup.error = Some(error.to_string());
                return;
            }
        };
        let participant = self
            .exam_setup
            .participant
            .and_then(|id| self.people.iter().find(|p| p.id == id).cloned());
        let uid = self.new_uid(now);
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
            now_ms: self.wall_ms(now),
        };
        let sent = usize::from(self.send(job));
        self.exam_setup.error = None;
        self.exam = Some(ExamRun {
            uid,
            attempt: Attempt::start(paper, rules, now),
            participant,
            confirming: false,
            sent,
            saved: 0,
            time_saved_at: now,
            rank: None,
        });
        self.screen = Screen::Exam;
    }

    fn answer(&mut self, action: ExamAction, now: Duration) {
        let wall_ms = self.wall_ms(now);
        let Some(run) = &mut self.exam else { return };
        let at = run.attempt.position();
        let question = &run.attempt.paper().questions[at].question;
        let current = run.attempt.response(at).cloned();
        let response = match (action, question.kind) {
            (ExamAction::Choose(i), Kind::Single) if i < question.options.len() => {
                Some(Response::Choice(vec![i]))
            }
            (ExamAction::Choose(i), Kind::Multiple) if i < question.options.len() => {
                let mut chosen = match current {
                    Some(Response::Choice(chosen)) => chosen,
                    _ => Vec::new(),
                };
                match chosen.iter().position(|&c| c == i) {
                    Some(p) => {
                        chosen.remove(p);
                    }
                    None => chosen.push(i),
                }
                chosen.sort_unstable();
                (!chosen.is_empty()).then_some(Response::Choice(chosen))
            }
            (ExamAction::Truth(truth), Kind::TrueFalse) => Some(Response::TrueFalse(truth)),
            (ExamAction::Blank(i, text), Kind::Blank) => {
                let mut blanks = match current {
                    Some(Response::Blanks(blanks)) => blanks,
                    _ => vec![String::new(); question.blank_count()],
                };
                if let Some(slot) = blanks.get_mut(i) {
                    *slot = text;
                }
                blanks
                    .iter()
                    .any(|b| !b.trim().is_empty())
                    .then_some(Response::Blanks(blanks))
            }
            (ExamAction::Text(text), Kind::Open) => {
                (!text.trim().is_empty()).then_some(Response::Text(text))
            }
            _ => return,
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
            now_ms: wall_ms,
        };
        run.time_saved_at = now;
        if self.send(job) {
            self.with_exam(|run| run.sent += 1);
        }
    }

    /// Every frame: the clock (auto-submit, per-question limit), the time used, the save reports.
    pub(crate) fn tick(&mut self, now: Duration) {
        let mut saved_any = false;
        if let Some(writer) = &self.writer {
            for report in writer.reports() {
                match report {
                    Report::Saved { uid, .. } => {
                        saved_any = true;
                        if let Some(run) = self.exam.as_mut().filter(|run| run.uid == uid) {
                            run.saved += 1;
                        }
                    }
                    Report::Failed(message) => self.message = Some(format!("保存失败：{message}")),
                }
            }
        }
        if saved_any && self.screen == Screen::Study {
            // The book and the review follow the answers just saved.
            self.refresh_study(now);
        }
        let Some(run) = &mut self.exam else { return };
        if run.attempt.ended().is_some() {
            return;
        }
        run.attempt.tick(now);
        if now.saturating_sub(run.time_saved_at) >= TIME_SAVE_EVERY {
            run.time_saved_at = now;
            let job = Job::TimeUsed {
                uid: run.uid.clone(),
                ms: run.attempt.used(now).as_millis() as i64,
            };
            self.send(job);
        }
        self.end_exam_if_over(now);
    }

    fn end_exam_if_over(&mut self, now: Duration) {
        let wall_ms = self.wall_ms(now);
        let Some(run) = &mut self.exam else { return };
        let Some(reason) = run.attempt.ended() else {
            return;
        };
        if self.screen != Screen::Exam {
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
            now_ms: wall_ms,
        };
        run.rank = match (&self.records, &run.participant) {
            (Some(records), Some(p)) if max > 0.0 => records.branch_rank(p.id, score / max).ok(),
            _ => None,
        };
        if self.send(job) {
            self.with_exam(|run| run.sent += 1);
        }
        self.screen = Screen::ExamResult;
    }

    fn resume_exam(&mut self, id: i64, now: Duration) {
        let Some(unfinished) = self.unfinished.iter().find(|u| u.id == id).cloned() else {
            return;
        };
        self.unfinished.retain(|u| u.id != id);
        let rules: PaperRules = unfinished
            .rules_json
            .as_deref()
            .and_then(|j| serde_json::from_str(j).ok())
            .unwrap_or_default();
        let entries = unfinished.questions.iter().map(|e| {
            (
                e.bank_id.as_str(),
                e.question_id.as_str(),
                e.option_order.as_slice(),
                e.points,
            )
        });
        let paper = match exam::rebuild(&self.exam_banks(), unfinished.seed.unwrap_or(0), entries) {
            Ok(paper) => paper,
            Err(error) => {
                self.message = Some(format!("{error}。该次考试已按现有答案交卷。"));
                self.discard_exam(id, now);
                return;
            }
        };
        let used = Duration::from_millis(u64::try_from(unfinished.time_used_ms).unwrap_or(0));
        let attempt = Attempt::resume(paper, rules, unfinished.answers.clone(), used, now);
        let participant = unfinished
            .participant_id
            .and_then(|pid| self.people.iter().find(|p| p.id == pid).cloned());
        let uid = self.new_uid(now);
        self.send(Job::Adopt {
            uid: uid.clone(),
            id,
        });
        self.exam = Some(ExamRun {
            uid,
            attempt,
            participant,
            confirming: false,
            sent: 0,
            saved: 0,
            time_saved_at: now,
            rank: None,
        });
        self.screen = Screen::Exam;
    }

    fn discard_exam(&mut self, id: i64, now: Duration) {
        self.unfinished.retain(|u| u.id != id);
        let wall_ms = self.wall_ms(now);
        if let Some(records) = &self.records
            && let Err(error) = records.finish_attempt(id, "abandoned", 0.0, 0.0, 0, wall_ms)
        {
            self.message = Some(error.to_string());
        }
    }

    fn new_uid(&self, now: Duration) -> String {
        format!(
            "{:x}-{:x}",
            self.wall_ms(now),
            self.seed_base.wrapping_add(self.sessions_started)
        )
    }

    fn send(&self, job: Job) -> bool {
        self.writer.as_ref().is_some_and(|w| w.send(job))
    }
}
