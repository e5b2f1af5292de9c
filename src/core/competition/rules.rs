//! The rules of each event: what it may do in which phase, and what it changes. Kept apart from
//! the [`Game`]'s log and undo machinery in `engine.rs`.

use super::engine::{Answered, Game, Phase, Press, PressKind, Refusal, ScoreChange};
use super::event::{Event, Stamped};
use super::plan::{AfterWrong, RoundKind};
use super::timer::{Countdown, Purpose};

impl Game {
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

    pub(super) fn step(&mut self, index: usize, stamped: &Stamped) -> Result<(), Refusal> {
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
                if !right && round.after_wrong == AfterWrong::OthersBuzz && self.can_reopen() {
                    // The usual rule: the others may buzz at once, in a fresh short window.
                    self.timer = Some(Countdown::start(Purpose::Buzzing, round.rebuzz_secs, at));
                    self.open_at_ms = at;
                    self.presses.clear();
                    self.phase = Phase::BuzzOpen;
                }
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
            Event::Uncounted { .. } => {}
            Event::Reveal => {
                // While the others may buzz after a wrong answer, the host may also end it here.
                if !(matches!(self.phase, Phase::Judged { .. } | Phase::Voided)
                    || self.others_may_buzz())
                {
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
        let ignored = |why: &str| Err(Refusal::Ignored(why.to_string()));
        let Some(round) = self.round_plan().cloned() else {
            return ignored("竞赛还没有进入环节");
        };
        if team >= self.plan.teams.len() {
            return ignored("没有这支队伍");
        }
        if !round.kind.uses_buzzers() {
            return ignored("本环节不是抢答");
        }
        if !self.contenders.contains(&team) {
            return ignored("不在本轮加时赛中");
        }
        if self.shut_out[team] {
            let why = if self.early[team] && round.early_lockout {
                "提前按键，已取消本题资格"
            } else {
                "本题已答错，不能再抢"
            };
            return ignored(why);
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
                    return ignored("已提前按过键");
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
            Phase::Answering { .. } => return ignored("已按过键"),
            Phase::Judged { right: false, .. } if self.can_reopen() => {
                return ignored("抢答还没有重新开放");
            }
            _ => return ignored("现在不是抢答时间"),
        }
        if let Some(press) = self.presses.last() {
            self.press_log.push((index, press.kind, press.delay_ms));
        }
        Ok(())
    }
}
