//! The competition engine: a [`Game`] is the fold of its event log. Every rule of the rounds lives
//! in [`Game::apply`]; undo cancels the last event still in force and folds the log again, so any
//! event can be undone and a replayed log always gives the same state.

use super::event::{Card, Event, Stamped};
use super::plan::{AfterWrong, Plan, RoundKind, RoundPlan};
use super::timer::Countdown;

/// Where the competition is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Not started: the title on the display.
    Lobby,
    /// A round's title card (a 加时 round with no tie says it is not needed).
    RoundIntro,
    /// 风险: `team` has staked `value` and waits for its question.
    Staked {
        /// The team.
        team: usize,
        /// The stake.
        value: i32,
    },
    /// 抢答: the question is shown, buzzing is not open yet.
    Reading,
    /// 抢答: buzzing is open.
    BuzzOpen,
    /// `team` is answering.
    Answering {
        /// The team.
        team: usize,
    },
    /// The host judged `team`.
    Judged {
        /// The team.
        team: usize,
        /// Right or wrong.
        right: bool,
    },
    /// The question counts for nobody.
    Voided,
    /// The answer is on the display.
    Revealed,
    /// The podium.
    Finished,
}

/// How a buzzer press counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PressKind {
    /// Before buzzing opened: penalised.
    Early,
    /// First after buzzing opened: this team answers.
    First,
    /// After another team won the press.
    Late,
}

/// One buzzer press on the current question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Press {
    /// The team.
    pub team: usize,
    /// How it counted.
    pub kind: PressKind,
    /// Milliseconds after buzzing opened (none for early presses).
    pub delay_ms: Option<i64>,
}

/// A change of score, with the event that made it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScoreChange {
    /// The index of the event in the log.
    pub event: usize,
    /// The team.
    pub team: usize,
    /// Points added (negative: taken).
    pub delta: i32,
    /// Why, in words.
    pub reason: String,
}

/// A judged answer, for the records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answered {
    /// The team.
    pub team: usize,
    /// The member who answered, if the host said.
    pub member: Option<i64>,
    /// Right or wrong.
    pub right: bool,
    /// Points it brought.
    pub delta: i32,
}

/// What the host's "next step" key does in the current phase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NextStep {
    /// Go to the next round.
    StartRound,
    /// Draw and show the next question.
    ShowQuestion,
    /// Open buzzing.
    OpenBuzzing,
    /// Put the answer on the display.
    Reveal,
    /// End: podium.
    Finish,
}

/// Why an event was not applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// A buzzer press that counts for nothing (wrong round, shut out, pressed twice), with why:
    /// the caller logs it as [`Event::Uncounted`] so no press goes without a trace.
    Ignored(String),
    /// Not possible now, with the reason for the host.
    NotNow(String),
}

/// A competition: the plan, its log, and the state the log gives.
#[derive(Clone, Debug)]
pub struct Game {
    pub(super) plan: Plan,
    /// Every team's score.
    pub scores: Vec<i32>,
    /// The round under way (index into the plan), none before the first.
    pub round: Option<usize>,
    /// Where the competition is.
    pub phase: Phase,
    /// The question on show.
    pub card: Option<Card>,
    /// Questions shown so far in this round.
    pub asked: u32,
    /// The presses on the current question.
    pub presses: Vec<Press>,
    /// Teams that may not press on the current question any more.
    pub shut_out: Vec<bool>,
    /// Teams in the round: all, or those tied for first in a 加时 round.
    pub contenders: Vec<usize>,
    /// Who answers next in 必答 and 风险 rounds, cycling.
    pub order: Vec<usize>,
    /// The countdown, if one is running or paused.
    pub timer: Option<Countdown>,
    /// Every change of score still in force, in order.
    pub changes: Vec<ScoreChange>,
    /// Every judged answer still in force.
    pub answers: Vec<Answered>,
    /// The last verdict on the question on show, kept on the display after the reveal.
    pub verdict: Option<Answered>,
    /// How each counted press went: (event index, kind, delay after buzzing opened).
    pub(super) press_log: Vec<(usize, PressKind, Option<i64>)>,
    pub(super) early: Vec<bool>,
    pub(super) open_at_ms: i64,
    pub(super) stake: i32,
    pub(super) events: Vec<Stamped>,
    /// For each event: the event an undo cancelled, or whether it was itself cancelled.
    pub(super) cancelled: Vec<bool>,
    pub(super) undid: Vec<Option<usize>>,
}

impl Game {
    /// A competition about to start.
    pub fn new(plan: Plan) -> Self {
        let n = plan.teams.len();
        Self {
            scores: vec![plan.start_score; n],
            plan,
            round: None,
            phase: Phase::Lobby,
            card: None,
            asked: 0,
            presses: Vec::new(),
            shut_out: vec![false; n],
            contenders: Vec::new(),
            order: Vec::new(),
            timer: None,
            changes: Vec::new(),
            answers: Vec::new(),
            verdict: None,
            press_log: Vec::new(),
            early: vec![false; n],
            open_at_ms: 0,
            stake: 0,
            events: Vec::new(),
            cancelled: Vec::new(),
            undid: Vec::new(),
        }
    }

    /// The state a log gives. A log this program wrote always replays; one that does not (edited
    /// by hand, or from another version) is refused with the event that fails.
    pub fn replay(plan: Plan, events: &[Stamped]) -> Result<Self, String> {
        let mut game = Self::new(plan);
        for (i, stamped) in events.iter().enumerate() {
            game.apply(stamped.clone())
                .map_err(|r| format!("第 {} 条记录无法重放：{r:?}", i + 1))?;
        }
        Ok(game)
    }

    /// The plan.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The log, undos included.
    pub fn events(&self) -> &[Stamped] {
        &self.events
    }

    /// Whether event `index` was cancelled by an undo.
    pub fn is_cancelled(&self, index: usize) -> bool {
        self.cancelled.get(index).copied().unwrap_or(false)
    }

    /// The event an undo at `index` cancelled.
    pub fn undid(&self, index: usize) -> Option<usize> {
        self.undid.get(index).copied().flatten()
    }

    /// How the press of event `index` counted, with its delay after buzzing opened.
    pub fn press_of(&self, index: usize) -> Option<(PressKind, Option<i64>)> {
        self.press_log
            .iter()
            .find(|(i, ..)| *i == index)
            .map(|&(_, kind, delay)| (kind, delay))
    }

    /// The round under way.
    pub fn round_plan(&self) -> Option<&RoundPlan> {
        self.round.and_then(|r| self.plan.rounds.get(r))
    }

    /// Applies one event, or says why not (and then nothing changed).
    pub fn apply(&mut self, stamped: Stamped) -> Result<(), Refusal> {
        if stamped.event == Event::Undo {
            // A press that counted for nothing is a trace, not a step: undo passes over it.
            let target = (0..self.events.len())
                .rev()
                .find(|&i| {
                    !self.cancelled[i]
                        && !matches!(self.events[i].event, Event::Undo | Event::Uncounted { .. })
                })
                .ok_or_else(|| Refusal::NotNow("没有可以撤销的操作".into()))?;
            self.events.push(stamped);
            self.cancelled.push(false);
            self.undid.push(Some(target));
            self.cancelled[target] = true;
            self.refold();
            return Ok(());
        }
        let index = self.events.len();
        self.step(index, &stamped)?;
        self.events.push(stamped);
        self.cancelled.push(false);
        self.undid.push(None);
        Ok(())
    }

    /// Rebuilds the state from the events still in force.
    fn refold(&mut self) {
        let mut fresh = Self::new(self.plan.clone());
        for (i, stamped) in self.events.iter().enumerate() {
            if self.cancelled[i] || stamped.event == Event::Undo {
                continue;
            }
            // These events were accepted in this order before, with only cancelled ones between.
            let _ = fresh.step(i, stamped);
        }
        fresh.events = std::mem::take(&mut self.events);
        fresh.cancelled = std::mem::take(&mut self.cancelled);
        fresh.undid = std::mem::take(&mut self.undid);
        *self = fresh;
    }

    /// The team whose turn it is in a 必答 or 风险 round (for the next question).
    pub fn turn_team(&self) -> Option<usize> {
        if self.order.is_empty() {
            return None;
        }
        Some(self.order[self.asked as usize % self.order.len()])
    }

    /// Whether the round under way has asked all it will.
    pub fn round_complete(&self) -> bool {
        let Some(round) = self.round_plan() else {
            return false;
        };
        if round.kind == RoundKind::TieBreak && self.contenders.len() < 2 {
            return self.phase == Phase::RoundIntro || self.phase == Phase::Revealed;
        }
        if self.phase != Phase::Revealed {
            return false;
        }
        let total = match round.kind {
            RoundKind::Required | RoundKind::Risk => round.questions * self.order.len() as u32,
            RoundKind::Buzz => round.questions,
            RoundKind::TieBreak => {
                if self.leaders().len() < 2 {
                    return true;
                }
                round.questions
            }
        };
        self.asked >= total
    }

    /// The teams with the highest score.
    pub fn leaders(&self) -> Vec<usize> {
        let top = self.scores.iter().copied().max().unwrap_or(0);
        (0..self.scores.len())
            .filter(|&t| self.scores[t] == top)
            .collect()
    }

    /// What the "next step" key does now, if anything.
    pub fn next_step(&self) -> Option<NextStep> {
        let last_round = self.round.is_some_and(|r| r + 1 >= self.plan.rounds.len());
        let risk = self.round_plan().is_some_and(|r| r.kind == RoundKind::Risk);
        match self.phase {
            Phase::Lobby => Some(NextStep::StartRound),
            Phase::RoundIntro | Phase::Revealed if self.round_complete() => Some(if last_round {
                NextStep::Finish
            } else {
                NextStep::StartRound
            }),
            Phase::RoundIntro | Phase::Revealed if risk => None,
            Phase::RoundIntro | Phase::Revealed | Phase::Staked { .. } => {
                Some(NextStep::ShowQuestion)
            }
            Phase::Reading => Some(NextStep::OpenBuzzing),
            Phase::Judged { right: false, .. } if self.can_reopen() => Some(NextStep::OpenBuzzing),
            Phase::Judged { .. } | Phase::Voided => Some(NextStep::Reveal),
            Phase::BuzzOpen | Phase::Answering { .. } | Phase::Finished => None,
        }
    }

    /// After a wrong answer in a buzzer round: whether another team may still press.
    pub fn can_reopen(&self) -> bool {
        self.round_plan()
            .is_some_and(|r| r.kind.uses_buzzers() && r.after_wrong != AfterWrong::Reveal)
            && self.contenders.iter().any(|&t| !self.shut_out[t])
    }

    /// Whether buzzing is open again for the other teams after a wrong answer.
    pub fn others_may_buzz(&self) -> bool {
        self.phase == Phase::BuzzOpen && self.verdict.as_ref().is_some_and(|v| !v.right)
    }

    /// An event that is due by the clock at `now_ms`: buzzing that ran out voids the question.
    pub fn due(&self, now_ms: i64) -> Option<Event> {
        let timer = self.timer.as_ref()?;
        (self.phase == Phase::BuzzOpen && timer.is_running() && timer.expired(now_ms))
            .then_some(Event::Void)
    }

    /// Teams ranked by score, equal scores sharing a place: (place from 1, team).
    pub fn standings(&self) -> Vec<(usize, usize)> {
        let mut teams: Vec<usize> = (0..self.scores.len()).collect();
        teams.sort_by_key(|&t| (std::cmp::Reverse(self.scores[t]), t));
        let mut out: Vec<(usize, usize)> = Vec::with_capacity(teams.len());
        for (i, &team) in teams.iter().enumerate() {
            let place = match out.last() {
                Some(&(place, prev)) if self.scores[prev] == self.scores[team] => place,
                _ => i + 1,
            };
            out.push((place, team));
        }
        out
    }
}
