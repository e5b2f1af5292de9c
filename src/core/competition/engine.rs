//! The competition engine: a [`Game`] is the fold of its event log. Every rule of the rounds lives
//! in [`Game::apply`]; undo cancels the last event still in force and folds the log again, so any
//! event can be undone and a replayed log always gives the same state.

use super::event::{Card, Event, Stamped};
use super::plan::{Plan, RoundKind, RoundPlan};
use super::timer::{Countdown, Purpose};

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

/// Why an event was not applied. Presses that do not count are simply ignored, not logged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// A buzzer press that counts for nothing (wrong round, shut out, pressed twice).
    Ignored,
    /// Not possible now, with the reason for the host.
    NotNow(String),
}

/// A competition: the plan, its log, and the state the log gives.
#[derive(Clone, Debug)]
pub struct Game {
    plan: Plan,
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
    early: Vec<bool>,
    open_at_ms: i64,
    stake: i32,
    events: Vec<Stamped>,
    /// For each event: the event an undo cancelled, or whether it was itself cancelled.
    cancelled: Vec<bool>,
    undid: Vec<Option<usize>>,
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

    /// The round under way.
    pub fn round_plan(&self) -> Option<&RoundPlan> {
        self.round.and_then(|r| self.plan.rounds.get(r))
    }

    /// Applies one event, or says why not (and then nothing changed).
    pub fn apply(&mut self, stamped: Stamped) -> Result<(), Refusal> {
        if stamped.event == Event::Undo {
            let target = (0..self.events.len())
                .rev()
                .find(|&i| !self.cancelled[i] && self.events[i].event != Event::Undo)
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

    /// Whether `team` may press now or later on this question.
    fn may_press(&self, team: usize) -> bool {
        self.contenders.contains(&team) && !self.shut_out[team]
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
    fn can_reopen(&self) -> bool {
        self.round_plan().is_some_and(|r| r.kind.uses_buzzers())
            && self.contenders.iter().any(|&t| !self.shut_out[t])
    }

    /// An event that is due by the clock at `now_ms`: buzzing that ran out voids the question.
    pub fn due(&self, now_ms: i64) -> Option<Event> {
        let timer = self.timer.as_ref()?;
        (self.phase == Phase::BuzzOpen && timer.is_running() && timer.expired(now_ms))
            .then_some(Event::Void)
    }

    fn not_now(why: &str) -> Result<(), Refusal> {
        Err(Refusal::NotNow(why.to_string()))
    }

    fn change(&mut self, event: usize, team: usize, delta: i32, reason: String) {
        if delta != 0 {
            self.scores[team] += delta;
            self.changes.push(ScoreChange {
                event,
                team,
                delta,
                reason,
            });
        }
    }

    fn step(&mut self, index: usize, stamped: &Stamped) -> Result<(), Refusal> {
        let at = stamped.at_ms;
        let teams = self.plan.teams.len();
        match &stamped.event {
            Event::StartRound => {
                let next = self.round.map_or(0, |r| r + 1);
                if !(self.phase == Phase::Lobby || self.round_complete()) {
                    return Self::not_now("本环节还没有结束");
                }
                if next >= self.plan.rounds.len() {
                    return Self::not_now("已是最后一个环节，请结束竞赛");
                }
                self.enter_round(next);
            }
            Event::Stake { value } => {
                let Some(round) = self.round_plan() else {
                    return Self::not_now("还没有开始环节");
                };
                if round.kind != RoundKind::Risk
                    || !matches!(self.phase, Phase::RoundIntro | Phase::Revealed)
                    || self.round_complete()
                {
                    return Self::not_now("现在不是选择分值的时候");
                }
                if !round.values.contains(value) {
                    return Self::not_now("没有这个分值");
                }
                let Some(team) = self.turn_team() else {
                    return Self::not_now("没有轮到的队伍");
                };
                self.card = None;
                self.phase = Phase::Staked {
                    team,
                    value: *value,
                };
            }
            Event::Show { card } => {
                let Some(round) = self.round_plan().cloned() else {
                    return Self::not_now("还没有开始环节");
                };
                let staked = match self.phase {
                    Phase::Staked { team, value } => Some((team, value)),
                    Phase::RoundIntro | Phase::Revealed
                        if round.kind != RoundKind::Risk && !self.round_complete() =>
                    {
                        None
                    }
                    _ => return Self::not_now("现在不能出下一题"),
                };
                let team = self.turn_team();
                self.asked += 1;
                self.card = Some(card.clone());
                self.verdict = None;
                self.presses.clear();
                self.shut_out = vec![false; teams];
                self.early = vec![false; teams];
                self.timer = None;
                match round.kind {
                    RoundKind::Required | RoundKind::Risk => {
                        let team = staked.map(|(t, _)| t).or(team).unwrap_or(0);
                        self.stake = staked.map_or(0, |(_, v)| v);
                        self.phase = Phase::Answering { team };
                        self.timer =
                            Some(Countdown::start(Purpose::Answering, round.answer_secs, at));
                    }
                    RoundKind::Buzz | RoundKind::TieBreak => self.phase = Phase::Reading,
                }
            }
            Event::OpenBuzzing => {
                let reopen =
                    matches!(self.phase, Phase::Judged { right: false, .. }) && self.can_reopen();
                if !(self.phase == Phase::Reading || reopen) {
                    return Self::not_now("现在不能开始抢答");
                }
                let Some(round) = self.round_plan() else {
                    return Self::not_now("还没有开始环节");
                };
                self.timer = Some(Countdown::start(Purpose::Buzzing, round.buzz_secs, at));
                self.open_at_ms = at;
                self.phase = Phase::BuzzOpen;
            }
            Event::Buzz { team } => self.buzz(index, *team, at)?,
            Event::Judge { right, member } => {
                let Phase::Answering { team } = self.phase else {
                    return Self::not_now("现在没有正在答题的队伍");
                };
                let Some(round) = self.round_plan().cloned() else {
                    return Self::not_now("还没有开始环节");
                };
                let delta = match (round.kind, right) {
                    (RoundKind::Risk, true) => self.stake,
                    (RoundKind::Risk, false) => -self.stake,
                    (_, true) => round.right,
                    (_, false) => round.wrong,
                };
                let verdict = if *right { "答对" } else { "答错" };
                self.change(index, team, delta, format!("{}{verdict}", round.title));
                let answered = Answered {
                    team,
                    member: *member,
                    right: *right,
                    delta,
                };
                self.verdict = Some(answered.clone());
                self.answers.push(answered);
                if !right && round.kind.uses_buzzers() {
                    self.shut_out[team] = true;
                }
                self.timer = None;
                self.phase = Phase::Judged {
                    team,
                    right: *right,
                };
            }
            Event::Void => {
                if !matches!(
                    self.phase,
                    Phase::Reading
                        | Phase::BuzzOpen
                        | Phase::Answering { .. }
                        | Phase::Judged { right: false, .. }
                ) {
                    return Self::not_now("现在没有可作废的题目");
                }
                self.timer = None;
                self.phase = Phase::Voided;
            }
            Event::Reveal => {
                if !matches!(self.phase, Phase::Judged { .. } | Phase::Voided) {
                    return Self::not_now("请先判定或作废本题，再公布答案");
                }
                self.timer = None;
                self.phase = Phase::Revealed;
            }
            Event::Pause => {
                if !self.timer.as_mut().is_some_and(|t| t.pause(at)) {
                    return Self::not_now("没有正在走的倒计时");
                }
            }
            Event::Resume => {
                if !self.timer.as_mut().is_some_and(|t| t.resume(at)) {
                    return Self::not_now("倒计时没有暂停");
                }
            }
            Event::AddTime { secs } => {
                let Some(timer) = self.timer.as_mut() else {
                    return Self::not_now("现在没有倒计时");
                };
                timer.add(*secs);
            }
            Event::Adjust {
                team,
                delta,
                reason,
            } => {
                if *team >= teams {
                    return Self::not_now("没有这支队伍");
                }
                if *delta == 0 || reason.trim().is_empty() {
                    return Self::not_now("手动调整需要分数和原因");
                }
                self.change(index, *team, *delta, format!("手动调整：{}", reason.trim()));
            }
            Event::Finish => {
                if !matches!(
                    self.phase,
                    Phase::Lobby | Phase::RoundIntro | Phase::Revealed
                ) {
                    return Self::not_now("请先结束当前题目");
                }
                self.card = None;
                self.timer = None;
                self.phase = Phase::Finished;
            }
            Event::Undo => return Self::not_now("撤销由 apply 处理"),
        }
        Ok(())
    }

    fn enter_round(&mut self, round: usize) {
        let n = self.plan.teams.len();
        let kind = self.plan.rounds[round].kind;
        self.round = Some(round);
        self.asked = 0;
        self.card = None;
        self.timer = None;
        self.presses.clear();
        self.phase = Phase::RoundIntro;
        self.contenders = match kind {
            RoundKind::TieBreak => {
                let leaders = self.leaders();
                if leaders.len() >= 2 {
                    leaders
                } else {
                    Vec::new()
                }
            }
            _ => (0..n).collect(),
        };
        self.order = match kind {
            RoundKind::Required => (0..n).collect(),
            RoundKind::Risk => {
                // The lowest score picks first; seating order breaks ties.
                let mut order: Vec<usize> = (0..n).collect();
                order.sort_by_key(|&t| (self.scores[t], t));
                order
            }
            RoundKind::Buzz | RoundKind::TieBreak => Vec::new(),
        };
    }

    fn buzz(&mut self, index: usize, team: usize, at: i64) -> Result<(), Refusal> {
        let Some(round) = self.round_plan().cloned() else {
            return Err(Refusal::Ignored);
        };
        if team >= self.plan.teams.len() || !round.kind.uses_buzzers() || !self.may_press(team) {
            return Err(Refusal::Ignored);
        }
        let delay = Some(at - self.open_at_ms);
        let pressed_since_open = |presses: &[Press]| {
            presses
                .iter()
                .any(|p| p.team == team && p.kind != PressKind::Early)
        };
        match self.phase {
            Phase::Reading => {
                if self.early[team] {
                    return Err(Refusal::Ignored);
                }
                self.early[team] = true;
                self.presses.push(Press {
                    team,
                    kind: PressKind::Early,
                    delay_ms: None,
                });
                if round.early_lockout {
                    self.shut_out[team] = true;
                } else {
                    self.change(
                        index,
                        team,
                        -round.early_penalty,
                        format!("{}提前按键", round.title),
                    );
                }
            }
            Phase::BuzzOpen => {
                self.presses.retain(|p| p.kind == PressKind::Early);
                self.presses.push(Press {
                    team,
                    kind: PressKind::First,
                    delay_ms: delay,
                });
                self.phase = Phase::Answering { team };
                self.timer = Some(Countdown::start(Purpose::Answering, round.answer_secs, at));
            }
            Phase::Answering { .. } if !pressed_since_open(&self.presses) => {
                self.presses.push(Press {
                    team,
                    kind: PressKind::Late,
                    delay_ms: delay,
                });
            }
            _ => return Err(Refusal::Ignored),
        }
        Ok(())
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
