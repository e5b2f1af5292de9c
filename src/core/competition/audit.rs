//! The audit log the host sees: every event in words, with the score changes it made, and which
//! events were undone.

use super::engine::{Game, PressKind};
use super::event::Event;

/// One line of the audit log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditLine {
    /// The event's index in the log, from 0.
    pub index: usize,
    /// When (ms since 1970).
    pub at_ms: i64,
    /// What happened, in words.
    pub text: String,
    /// Taken back by a later undo.
    pub undone: bool,
}

impl Game {
    /// The name of team `team`.
    pub fn team_name(&self, team: usize) -> &str {
        self.plan()
            .teams
            .get(team)
            .map_or("（未知队伍）", |t| t.name.as_str())
    }

    /// What event `index` did, in words (score changes included, as they stand now).
    pub fn describe(&self, index: usize) -> String {
        let Some(stamped) = self.events().get(index) else {
            return String::new();
        };
        // The team the words already name: its score changes need not name it again.
        let mut subject = None;
        let mut text = match &stamped.event {
            Event::StartRound => "进入下一环节".to_string(),
            Event::Stake { value } => format!("选择分值 {value} 分"),
            Event::Show { card } => format!("出题 {}（{}）", card.id, card.kind.label()),
            Event::OpenBuzzing => "开始抢答".to_string(),
            Event::Buzz { team } => {
                subject = Some(*team);
                let name = self.team_name(*team);
                match self.press_of(index) {
                    Some((PressKind::First, Some(delay))) => {
                        format!("{name} 抢到（开始后 {:.2} 秒）", delay as f64 / 1000.0)
                    }
                    Some((PressKind::Late, _)) => format!("{name} 按键，慢于抢到的队伍"),
                    Some((PressKind::Early, _)) => format!("{name} 提前按键"),
                    _ => format!("{name} 按下抢答器"),
                }
            }
            Event::Uncounted { team, why } => {
                format!("{} 按键未计入：{why}", self.team_name(*team))
            }
            Event::Judge { right: true, .. } => "判定：回答正确".to_string(),
            Event::Judge { right: false, .. } => "判定：回答错误".to_string(),
            Event::Void => "本题作废".to_string(),
            Event::Reveal => "公布答案".to_string(),
            Event::Pause => "暂停倒计时".to_string(),
            Event::Resume => "继续倒计时".to_string(),
            Event::AddTime { secs } => format!("倒计时加 {secs} 秒"),
            Event::Adjust {
                team,
                delta,
                reason,
            } => {
                // The change this makes is the line itself: not repeated after it.
                return format!(
                    "手动调整 {} {delta:+} 分：{}",
                    self.team_name(*team),
                    reason.trim()
                );
            }
            Event::Undo => match self.undid(index) {
                Some(target) => format!("撤销：{}", self.describe_plain(target)),
                None => "撤销".to_string(),
            },
            Event::Finish => "结束竞赛".to_string(),
        };
        for change in self.changes.iter().filter(|c| c.event == index) {
            let team = if subject == Some(change.team) {
                String::new()
            } else {
                format!("{} ", self.team_name(change.team))
            };
            text.push_str(&format!(
                "；{team}{:+} 分（{}）",
                change.delta, change.reason
            ));
        }
        text
    }

    /// An event's words without its score changes (those of an undone event are gone).
    fn describe_plain(&self, index: usize) -> String {
        let text = self.describe(index);
        text.split('；').next().unwrap_or("").to_string()
    }

    /// The whole audit log, oldest first.
    pub fn audit(&self) -> Vec<AuditLine> {
        (0..self.events().len())
            .map(|index| AuditLine {
                index,
                at_ms: self.events()[index].at_ms,
                text: self.describe(index),
                undone: self.is_cancelled(index),
            })
            .collect()
    }
}
