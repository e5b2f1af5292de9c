//! What the audience display may show: a [`PublicView`] is built from the game and carries the
//! answer only once it is revealed, so the display cannot leak it: it never holds it.

use super::engine::{Game, Phase, PressKind};
use super::plan::{AfterWrong, RoundKind};
use super::timer::Purpose;
use crate::core::bank::{Kind, option_letter};

/// What stage the display shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stage {
    /// The title, before the start.
    Title,
    /// A round's title card; `note` says a 加时 round is not needed, or who is in it.
    RoundIntro {
        /// The rules in one line.
        rules: String,
        /// Anything else the audience should know.
        note: Option<String>,
    },
    /// 风险: whose turn it is to pick, and the stake once picked.
    Stake {
        /// The team.
        team: String,
        /// The values to pick from.
        values: Vec<i32>,
        /// The value picked.
        chosen: Option<i32>,
    },
    /// A question.
    Question,
    /// The podium and final table.
    Podium,
}

/// The countdown as shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clock {
    /// Whole seconds left, rounded up (so 0 only at the end).
    pub secs: u32,
    /// Counting buzzing (not answering) time.
    pub buzzing: bool,
    /// Paused.
    pub paused: bool,
}

impl Clock {
    /// The last five seconds, shown in a warning colour.
    pub fn warning(&self) -> bool {
        !self.paused && self.secs <= 5
    }
}

/// A team on the scoreboard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TeamLine {
    /// The name.
    pub name: String,
    /// The score.
    pub score: i32,
    /// Place from 1; equal scores share a place.
    pub place: usize,
    /// Answering now.
    pub answering: bool,
    /// Not in this round, or shut out of this question.
    pub out: bool,
}

/// A buzzer press as shown: who, and how much later than the first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PressLine {
    /// The team.
    pub team: String,
    /// "抢到", "慢 0.23 秒", "提前按键".
    pub text: String,
}

/// Everything the audience display may show, and nothing else.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicView {
    /// The competition's title.
    pub title: String,
    /// The round's title.
    pub round: Option<String>,
    /// "第 3 题" within the round.
    pub number: Option<u32>,
    /// What stage to show.
    pub stage: Stage,
    /// The question kind's name.
    pub kind: Option<&'static str>,
    /// The stem.
    pub stem: Option<String>,
    /// The options, with their letters ("A. …").
    pub options: Vec<String>,
    /// The picture: bank id and path relative to the bank.
    pub image: Option<(String, String)>,
    /// Who answers (the turn, the stake or the first press).
    pub answering: Option<String>,
    /// The presses on this question.
    pub presses: Vec<PressLine>,
    /// A short status: "请抢答", "回答正确 +10", "本题作废"…
    pub status: Option<String>,
    /// The countdown.
    pub clock: Option<Clock>,
    /// The answer: only after the host reveals it.
    pub answer: Option<String>,
    /// The explanation: only after the host reveals it.
    pub explanation: Option<String>,
    /// The scoreboard, in seating order.
    pub teams: Vec<TeamLine>,
}

impl PublicView {
    /// What the display shows of `game` at `now_ms`.
    pub fn of(game: &Game, now_ms: i64) -> Self {
        let plan = game.plan();
        let round = game.round_plan();
        let places = game.standings();
        let place_of = |team: usize| {
            places
                .iter()
                .find(|(_, t)| *t == team)
                .map_or(0, |(p, _)| *p)
        };
        let answering_team = match game.phase {
            Phase::Answering { team } | Phase::Judged { team, .. } => Some(team),
            Phase::Staked { team, .. } => Some(team),
            Phase::Revealed => game.verdict.as_ref().map(|v| v.team),
            _ => None,
        };
        let in_round = |team: usize| {
            round.is_none_or(|r| r.kind != RoundKind::TieBreak) || game.contenders.contains(&team)
        };
        let teams = (0..plan.teams.len())
            .map(|t| TeamLine {
                name: game.team_name(t).to_string(),
                score: game.scores[t],
                place: place_of(t),
                answering: answering_team == Some(t),
                out: !in_round(t) || game.shut_out.get(t).copied().unwrap_or(false),
            })
            .collect();
        let stage = match game.phase {
            Phase::Lobby => Stage::Title,
            Phase::Finished => Stage::Podium,
            Phase::RoundIntro => Stage::RoundIntro {
                rules: round.map(rules_line).unwrap_or_default(),
                note: round.and_then(|r| {
                    (r.kind == RoundKind::TieBreak).then(|| {
                        if game.contenders.len() < 2 {
                            "没有并列第一，无需加时".to_string()
                        } else {
                            let names: Vec<&str> =
                                game.contenders.iter().map(|&t| game.team_name(t)).collect();
                            format!("{} 并列第一，进行加时赛", names.join("、"))
                        }
                    })
                }),
            },
            Phase::Staked { team, value } => Stage::Stake {
                team: game.team_name(team).to_string(),
                values: round.map(|r| r.values.clone()).unwrap_or_default(),
                chosen: Some(value),
            },
            _ => Stage::Question,
        };
        let card = game.card.as_ref().filter(|_| stage == Stage::Question);
        let revealed = game.phase == Phase::Revealed;
        let first_delay = game
            .presses
            .iter()
            .find(|p| p.kind == PressKind::First)
            .and_then(|p| p.delay_ms);
        let presses = game
            .presses
            .iter()
            .map(|p| PressLine {
                team: game.team_name(p.team).to_string(),
                text: match p.kind {
                    PressKind::First => "抢到".to_string(),
                    PressKind::Early => match round {
                        Some(r) if r.early_lockout => "提前按键，取消本题资格".to_string(),
                        Some(r) if r.early_penalty != 0 => {
                            format!("提前按键 {:+} 分", -r.early_penalty)
                        }
                        _ => "提前按键".to_string(),
                    },
                    PressKind::Late => format!(
                        "慢 {:.2} 秒",
                        (p.delay_ms.unwrap_or(0) - first_delay.unwrap_or(0)).max(0) as f64 / 1000.0
                    ),
                },
            })
            .collect();
        let status = match game.phase {
            Phase::Reading => Some("请听题，主持人宣布开始后抢答".to_string()),
            Phase::BuzzOpen if game.others_may_buzz() => {
                verdict_text(game).map(|v| format!("{v}，其他队可以抢答！"))
            }
            Phase::BuzzOpen => Some("请抢答！".to_string()),
            Phase::Judged { right: false, .. } if game.can_reopen() => {
                verdict_text(game).map(|v| format!("{v}，稍后其他队可以抢答"))
            }
            Phase::Judged { .. } | Phase::Revealed => verdict_text(game),
            Phase::Voided if game.verdict.is_some() => {
                verdict_text(game).map(|v| format!("{v}，其他队未抢答"))
            }
            Phase::Voided => Some("本题作废".to_string()),
            Phase::Answering { .. } if game.timer.as_ref().is_some_and(|t| t.expired(now_ms)) => {
                Some("时间到".to_string())
            }
            _ => None,
        };
        Self {
            title: plan.title.clone(),
            round: round
                .filter(|_| game.phase != Phase::Finished)
                .map(|r| r.title.clone()),
            number: card.map(|_| game.asked),
            kind: card.map(|c| c.kind.label()),
            stem: card.map(|c| c.stem.clone()),
            options: card
                .map(|c| match c.kind {
                    Kind::Single | Kind::Multiple => c
                        .options
                        .iter()
                        .enumerate()
                        .map(|(i, o)| format!("{}. {o}", option_letter(i)))
                        .collect(),
                    _ => Vec::new(),
                })
                .unwrap_or_default(),
            image: card.and_then(|c| c.image.clone().map(|i| (c.bank_id.clone(), i))),
            answering: answering_team.map(|t| game.team_name(t).to_string()),
            presses,
            status,
            clock: game.timer.as_ref().map(|t| Clock {
                secs: ((t.remaining_ms(now_ms) + 999) / 1000) as u32,
                buzzing: t.purpose == Purpose::Buzzing,
                paused: !t.is_running(),
            }),
            answer: card.filter(|_| revealed).map(|c| c.answer.clone()),
            explanation: card
                .filter(|_| revealed)
                .and_then(|c| c.explanation.clone()),
            stage,
            teams,
        }
    }
}

/// The verdict on the question on show: "回答正确 +10", "回答错误 -10".
fn verdict_text(game: &Game) -> Option<String> {
    game.verdict.as_ref().map(|v| match (v.right, v.delta) {
        (true, delta) => format!("回答正确 {delta:+}"),
        (false, 0) => "回答错误".to_string(),
        (false, delta) => format!("回答错误 {delta:+}"),
    })
}

/// A round's rules in one line for the audience.
pub fn rules_line(round: &super::plan::RoundPlan) -> String {
    match round.kind {
        RoundKind::Required => format!(
            "每队依次回答 {} 题，答对 {:+} 分，答错 {:+} 分，限时 {} 秒",
            round.questions, round.right, round.wrong, round.answer_secs
        ),
        RoundKind::Buzz => format!(
            "共 {} 题，主持人宣布开始后抢答，答对 {:+} 分，答错 {:+} 分；{}；{}",
            round.questions,
            round.right,
            round.wrong,
            if round.early_lockout {
                "提前按键取消本题抢答资格".to_string()
            } else {
                format!("提前按键扣 {} 分", round.early_penalty)
            },
            match round.after_wrong {
                AfterWrong::OthersBuzz =>
                    format!("答错后其他队可在 {} 秒内抢答", round.rebuzz_secs),
                AfterWrong::HostOpens => "答错后由主持人开放其他队抢答".to_string(),
                AfterWrong::Reveal => "答错后本题结束".to_string(),
            }
        ),
        RoundKind::Risk => format!(
            "得分低的队伍先选分值（{}），答对加、答错扣所选分值",
            round
                .values
                .iter()
                .map(|v| v.to_string())
                .collect::<Vec<_>>()
                .join("/")
        ),
        RoundKind::TieBreak => format!(
            "并列第一的队伍抢答决胜，答对 {:+} 分，答错 {:+} 分",
            round.right, round.wrong
        ),
    }
}
