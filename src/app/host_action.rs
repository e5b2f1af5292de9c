//! The host's actions, each with its label and its keys, so a button and its shortcut never drift
//! apart: the console draws buttons from these and reads keys from the same table.

use eframe::egui::Key;

use crate::core::competition::Plan;

/// Something the host does during a competition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostAction {
    /// The natural next step: next round, next question, open buzzing, reveal, podium.
    Next,
    /// The answering team is right.
    Right,
    /// The answering team is wrong.
    Wrong,
    /// Put the answer on the display.
    Reveal,
    /// Pause or resume the countdown.
    Pause,
    /// Ten more seconds.
    AddTime,
    /// The question counts for nobody.
    Void,
    /// Take back the last step.
    Undo,
    /// 风险: stake the value at this index of the round's values.
    Stake(usize),
    /// Bigger type on the display.
    Bigger,
    /// Smaller type on the display.
    Smaller,
}

/// Keys for stakes, by the index of the value: F-keys, so a buzzer box typing digits cannot pick.
const STAKE_KEYS: [Key; 6] = [Key::F1, Key::F2, Key::F3, Key::F4, Key::F5, Key::F6];

impl HostAction {
    /// The actions with fixed keys, in the order the console shows them.
    pub const MAIN: [HostAction; 8] = [
        HostAction::Next,
        HostAction::Right,
        HostAction::Wrong,
        HostAction::Reveal,
        HostAction::Pause,
        HostAction::AddTime,
        HostAction::Void,
        HostAction::Undo,
    ];

    /// Seconds [`HostAction::AddTime`] adds.
    pub const ADD_SECS: u32 = 10;

    /// The words on the button.
    pub fn label(self) -> String {
        match self {
            HostAction::Next => "下一步".into(),
            HostAction::Right => "答对".into(),
            HostAction::Wrong => "答错".into(),
            HostAction::Reveal => "公布答案".into(),
            HostAction::Pause => "暂停/继续".into(),
            HostAction::AddTime => format!("加 {} 秒", Self::ADD_SECS),
            HostAction::Void => "本题作废".into(),
            HostAction::Undo => "撤销".into(),
            HostAction::Stake(_) => "选择分值".into(),
            HostAction::Bigger => "大屏字号 +".into(),
            HostAction::Smaller => "大屏字号 −".into(),
        }
    }

    /// The keys that do it; the first is shown on the button.
    pub fn keys(self) -> &'static [Key] {
        match self {
            HostAction::Next => &[Key::Space, Key::PageDown],
            HostAction::Right => &[Key::J],
            HostAction::Wrong => &[Key::K],
            HostAction::Reveal => &[Key::R],
            HostAction::Pause => &[Key::P],
            HostAction::AddTime => &[Key::T],
            HostAction::Void => &[Key::V],
            HostAction::Undo => &[Key::Z, Key::PageUp],
            HostAction::Stake(i) => STAKE_KEYS.get(i..=i).unwrap_or(&[]),
            HostAction::Bigger => &[Key::Equals, Key::Plus],
            HostAction::Smaller => &[Key::Minus],
        }
    }

    /// The keys in words for the button: "空格/PgDn".
    pub fn keys_text(self) -> String {
        let mut names: Vec<String> = self
            .keys()
            .iter()
            .map(|k| match k {
                Key::Space => "空格".to_string(),
                Key::PageDown => "PgDn".to_string(),
                Key::PageUp => "PgUp".to_string(),
                Key::Equals | Key::Plus => "+".to_string(),
                Key::Minus => "−".to_string(),
                other => other.name().to_string(),
            })
            .collect();
        names.dedup();
        names.join("/")
    }

    /// Button text: the label with its keys.
    pub fn button_text(self) -> String {
        format!("{}（{}）", self.label(), self.keys_text())
    }

    /// The stake actions for a round with `count` values.
    pub fn stakes(count: usize) -> impl Iterator<Item = HostAction> {
        (0..count.min(STAKE_KEYS.len())).map(HostAction::Stake)
    }
}

/// Hosts' keys the buzzers must not use.
pub fn key_conflicts(plan: &Plan) -> Vec<String> {
    let mut host_keys: Vec<Key> = HostAction::MAIN
        .iter()
        .chain(&[HostAction::Bigger, HostAction::Smaller])
        .flat_map(|a| a.keys().iter().copied())
        .collect();
    host_keys.extend(HostAction::stakes(6).flat_map(|a| a.keys().iter().copied()));
    // Keys matter only when some round is played on the buzzers.
    let buzzers = plan.rounds.iter().any(|r| r.kind.uses_buzzers());
    plan.teams
        .iter()
        .filter_map(|team| {
            let key = team.key.trim();
            if key.is_empty() {
                return buzzers.then(|| format!("“{}”没有设置抢答键", team.name));
            }
            match buzzer_key(key) {
                None => Some(format!(
                    "“{}”的抢答键“{key}”无法识别，请用数字或字母",
                    team.name
                )),
                Some(k) if host_keys.contains(&k) => Some(format!(
                    "“{}”的抢答键“{key}”已被主持人操作使用，请换一个",
                    team.name
                )),
                Some(_) => None,
            }
        })
        .collect()
}

/// The key a plan names ("1", "q", "F5").
pub fn buzzer_key(name: &str) -> Option<Key> {
    let name = name.trim();
    Key::from_name(name).or_else(|| Key::from_name(&name.to_uppercase()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::competition::{RoundKind, RoundPlan};

    #[test]
    fn buzzer_keys_must_be_set_readable_and_free_of_host_keys_when_buzzers_are_used() {
        let mut plan = Plan::usual(
            "竞赛",
            &["甲".into(), "乙".into(), "丙".into(), "丁".into()],
        );
        plan.teams[0].key = "j".into();
        plan.teams[1].key = "".into();
        plan.teams[2].key = "？".into();
        plan.teams[3].key = "q".into();
        let problems = key_conflicts(&plan);
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].contains("已被主持人操作使用"));
        assert!(problems[1].contains("没有设置抢答键"));
        assert!(problems[2].contains("无法识别"));
        assert_eq!(
            buzzer_key("q"),
            Some(Key::Q),
            "lower case is read as the key"
        );
        plan.rounds = vec![RoundPlan::new(RoundKind::Required)];
        assert_eq!(
            key_conflicts(&plan).len(),
            2,
            "without buzzer rounds an empty key is fine"
        );
    }

    #[test]
    fn every_key_belongs_to_one_host_action_and_is_shown_on_its_button() {
        let mut seen = Vec::new();
        for action in HostAction::MAIN
            .into_iter()
            .chain([HostAction::Bigger, HostAction::Smaller])
            .chain(HostAction::stakes(3))
        {
            for key in action.keys() {
                assert!(!seen.contains(key), "{key:?} is used twice");
                seen.push(*key);
            }
            assert!(action.button_text().contains(&action.keys_text()));
        }
        assert_eq!(HostAction::Next.button_text(), "下一步（空格/PgDn）");
        assert_eq!(HostAction::Bigger.keys_text(), "+");
    }
}
