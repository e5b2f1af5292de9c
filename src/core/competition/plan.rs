//! A competition plan: title, teams, banks, starting score and the ordered rounds, saved as RON.
//!
//! Every number is a setting; a field left out of a file takes the usual value for its round kind
//! (the rules most 知识竞赛 use: 必答 +10/0 in 30 s, 抢答 ±10 with a 15 s buzz window, 风险 10/20/30).

use serde::{Deserialize, Serialize};

use crate::core::bank::Kind;

/// The kind of a round.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RoundKind {
    /// 必答: each team in turn answers its own question.
    Required,
    /// 抢答: the first team to press after buzzing opens answers.
    Buzz,
    /// 风险: each team stakes a value, lowest score picks first.
    Risk,
    /// 加时: sudden death among the teams tied for first; skipped when there is no tie.
    TieBreak,
}

impl RoundKind {
    /// All kinds, in the order a plan usually has them.
    pub const ALL: [RoundKind; 4] = [
        RoundKind::Required,
        RoundKind::Buzz,
        RoundKind::Risk,
        RoundKind::TieBreak,
    ];

    /// The name hosts use.
    pub fn label(self) -> &'static str {
        match self {
            RoundKind::Required => "必答题",
            RoundKind::Buzz => "抢答题",
            RoundKind::Risk => "风险题",
            RoundKind::TieBreak => "加时赛",
        }
    }

    /// Whether teams press buzzers in this round.
    pub fn uses_buzzers(self) -> bool {
        matches!(self, RoundKind::Buzz | RoundKind::TieBreak)
    }
}

/// What a buzzer round does after a wrong answer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum AfterWrong {
    /// The teams still in may buzz again at once, for a short fresh window: the rule most
    /// on-site 知识竞赛 use, and the default.
    #[default]
    OthersBuzz,
    /// The teams still in may buzz once the host opens buzzing again ("下一步").
    HostOpens,
    /// The question ends with the wrong answer; the host reveals it.
    Reveal,
}

impl AfterWrong {
    /// All choices, in the order the plan editor lists them.
    pub const ALL: [AfterWrong; 3] = [
        AfterWrong::OthersBuzz,
        AfterWrong::HostOpens,
        AfterWrong::Reveal,
    ];

    /// The choice in words.
    pub fn label(self) -> &'static str {
        match self {
            AfterWrong::OthersBuzz => "其他队立即可以抢答",
            AfterWrong::HostOpens => "主持人开放后其他队抢答",
            AfterWrong::Reveal => "本题结束，公布答案",
        }
    }
}

/// One round of the plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RoundPlan {
    /// The kind of round.
    pub kind: RoundKind,
    /// The title on the display (default: the kind's name).
    pub title: String,
    /// 必答 and 风险: questions per team; 抢答: questions in all; 加时: at most this many.
    pub questions: u32,
    /// Points for a right answer (风险 uses the stake instead).
    pub right: i32,
    /// Points for a wrong answer, usually 0 or negative (风险 uses minus the stake).
    pub wrong: i32,
    /// Seconds to answer.
    pub answer_secs: u32,
    /// 抢答 and 加时: seconds buzzing stays open before the question is void.
    pub buzz_secs: u32,
    /// 抢答 and 加时: points a team loses for pressing before buzzing opens.
    pub early_penalty: i32,
    /// 抢答 and 加时: pressing early shuts the team out of the question (instead of the penalty).
    pub early_lockout: bool,
    /// 抢答 and 加时: what happens after a wrong answer.
    pub after_wrong: AfterWrong,
    /// 抢答 and 加时: seconds the other teams have to buzz after a wrong answer.
    pub rebuzz_secs: u32,
    /// 风险: the values a team can stake.
    pub values: Vec<i32>,
    /// The question kinds this round draws (empty: every kind).
    pub kinds: Vec<Kind>,
}

impl RoundPlan {
    /// A round of `kind` with the usual rules.
    pub fn new(kind: RoundKind) -> Self {
        let (questions, right, wrong, kinds) = match kind {
            RoundKind::Required => (2, 10, 0, vec![]),
            RoundKind::Buzz => (
                10,
                10,
                -10,
                vec![Kind::Single, Kind::TrueFalse, Kind::Blank],
            ),
            RoundKind::Risk => (1, 0, 0, vec![]),
            RoundKind::TieBreak => (5, 10, -10, vec![Kind::Single, Kind::TrueFalse, Kind::Blank]),
        };
        Self {
            kind,
            title: kind.label().to_string(),
            questions,
            right,
            wrong,
            answer_secs: if kind == RoundKind::TieBreak { 15 } else { 30 },
            buzz_secs: 15,
            early_penalty: if kind.uses_buzzers() { 10 } else { 0 },
            early_lockout: false,
            after_wrong: AfterWrong::default(),
            rebuzz_secs: 5,
            values: if kind == RoundKind::Risk {
                vec![10, 20, 30]
            } else {
                vec![]
            },
            kinds,
        }
    }
}

/// A round as written in a file: anything left out takes the kind's usual value.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RoundFile {
    kind: RoundKind,
    title: Option<String>,
    questions: Option<u32>,
    right: Option<i32>,
    wrong: Option<i32>,
    answer_secs: Option<u32>,
    buzz_secs: Option<u32>,
    early_penalty: Option<i32>,
    early_lockout: Option<bool>,
    after_wrong: Option<AfterWrong>,
    rebuzz_secs: Option<u32>,
    values: Option<Vec<i32>>,
    kinds: Option<Vec<Kind>>,
}

impl<'de> Deserialize<'de> for RoundPlan {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let f = RoundFile::deserialize(d)?;
        let base = RoundPlan::new(f.kind);
        Ok(RoundPlan {
            kind: f.kind,
            title: f.title.unwrap_or(base.title),
            questions: f.questions.unwrap_or(base.questions),
            right: f.right.unwrap_or(base.right),
            wrong: f.wrong.unwrap_or(base.wrong),
            answer_secs: f.answer_secs.unwrap_or(base.answer_secs),
            buzz_secs: f.buzz_secs.unwrap_or(base.buzz_secs),
            early_penalty: f.early_penalty.unwrap_or(base.early_penalty),
            early_lockout: f.early_lockout.unwrap_or(base.early_lockout),
            after_wrong: f.after_wrong.unwrap_or(base.after_wrong),
            rebuzz_secs: f.rebuzz_secs.unwrap_or(base.rebuzz_secs),
            values: f.values.unwrap_or(base.values),
            kinds: f.kinds.unwrap_or(base.kinds),
        })
    }
}

/// A team: usually a party branch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamPlan {
    /// The name on the scoreboard.
    pub name: String,
    /// The key of the team's buzzer, as egui names it ("1", "Q", "F5"…).
    pub key: String,
}

/// A whole competition plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// The title on the display.
    pub title: String,
    /// The teams, in seating order.
    pub teams: Vec<TeamPlan>,
    /// Ids of the banks to draw from (empty: every bank).
    #[serde(default)]
    pub banks: Vec<String>,
    /// Categories to draw from (empty: every category).
    #[serde(default)]
    pub categories: Vec<String>,
    /// Every team's score at the start.
    #[serde(default = "default_start_score")]
    pub start_score: i32,
    /// The rounds, in order.
    pub rounds: Vec<RoundPlan>,
}

fn default_start_score() -> i32 {
    100
}

/// The buzzer keys given to new teams, in order: the digits USB buzzer boxes usually type.
pub const DEFAULT_KEYS: [&str; 8] = ["1", "2", "3", "4", "5", "6", "7", "8"];

impl Plan {
    /// The usual plan for `teams`: 必答, 抢答, 风险 and 加时.
    pub fn usual(title: &str, teams: &[String]) -> Self {
        Self {
            title: title.to_string(),
            teams: teams
                .iter()
                .enumerate()
                .map(|(i, name)| TeamPlan {
                    name: name.clone(),
                    key: DEFAULT_KEYS.get(i).unwrap_or(&"").to_string(),
                })
                .collect(),
            banks: Vec::new(),
            categories: Vec::new(),
            start_score: default_start_score(),
            rounds: RoundKind::ALL.into_iter().map(RoundPlan::new).collect(),
        }
    }

    /// Reads a plan from RON text; the error names the line and column.
    pub fn from_ron(text: &str) -> Result<Self, String> {
        // Fields a host leaves out take the round's usual value, so they are written bare, not
        // wrapped in `Some(..)`.
        let options = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
        let plan: Plan = options.from_str(text).map_err(|e| {
            let (line, col) = (e.span.start.line, e.span.start.col);
            // Full-width punctuation typed with a Chinese input method is the usual slip: name it.
            let found = text
                .lines()
                .nth(line.saturating_sub(1))
                .and_then(|l| l.chars().nth(col.saturating_sub(1)));
            let message = match found {
                Some(c) if "，：（）“”［］".contains(c) => {
                    format!("出现了中文标点“{c}”，设置之间请用英文标点")
                }
                _ => ron_message(&e.code),
            };
            format!("第 {line} 行第 {col} 列：{message}")
        })?;
        let problems = plan.problems();
        if problems.is_empty() {
            Ok(plan)
        } else {
            Err(problems.join("；"))
        }
    }

    /// A plan stored with a competition by a version before [`AfterWrong`] existed: there, the
    /// host always reopened buzzing after a wrong answer, and its log replays only by that rule.
    pub fn from_stored_ron(text: &str) -> Result<Self, String> {
        let mut plan = Self::from_ron(text)?;
        if !text.contains("after_wrong") {
            for round in &mut plan.rounds {
                round.after_wrong = AfterWrong::HostOpens;
            }
        }
        Ok(plan)
    }

    /// The plan as RON text.
    pub fn to_ron(&self) -> String {
        let config = ron::ser::PrettyConfig::new().struct_names(false);
        // A plan is plain data; serialising it cannot fail.
        ron::ser::to_string_pretty(self, config).unwrap_or_default()
    }

    /// Every rule the plan breaks, in words a host can act on; empty when it can be played.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.title.trim().is_empty() {
            out.push("竞赛名称不能为空".to_string());
        }
        if self.teams.len() < 2 {
            out.push("至少需要两支队伍".to_string());
        }
        if self.teams.len() > 12 {
            out.push("最多 12 支队伍".to_string());
        }
        for (i, team) in self.teams.iter().enumerate() {
            if team.name.trim().is_empty() {
                out.push(format!("第 {} 支队伍没有名称", i + 1));
            }
            if let Some(j) = self.teams[..i].iter().position(|t| t.name == team.name) {
                out.push(format!(
                    "第 {} 支和第 {} 支队伍同名“{}”",
                    j + 1,
                    i + 1,
                    team.name
                ));
            }
            let key = team.key.trim();
            if !key.is_empty()
                && let Some(j) = self.teams[..i]
                    .iter()
                    .position(|t| t.key.trim().eq_ignore_ascii_case(key))
            {
                out.push(format!(
                    "“{}”和“{}”用了同一个抢答键 {key}",
                    self.teams[j].name, team.name
                ));
            }
        }
        if self.rounds.is_empty() {
            out.push("至少需要一个环节".to_string());
        }
        for (i, round) in self.rounds.iter().enumerate() {
            let at = format!("第 {} 个环节“{}”", i + 1, round.title);
            if round.questions == 0 {
                out.push(format!("{at}的题数不能为 0"));
            }
            if round.answer_secs == 0 {
                out.push(format!("{at}的答题时间不能为 0 秒"));
            }
            if round.kind.uses_buzzers() && round.buzz_secs == 0 {
                out.push(format!("{at}的抢答等待时间不能为 0 秒"));
            }
            if round.kind.uses_buzzers()
                && round.after_wrong == AfterWrong::OthersBuzz
                && round.rebuzz_secs == 0
            {
                out.push(format!("{at}答错后其他队的抢答时间不能为 0 秒"));
            }
            if round.kind == RoundKind::Risk
                && (round.values.is_empty() || round.values.iter().any(|v| *v <= 0))
            {
                out.push(format!("{at}需要至少一个大于 0 的分值"));
            }
        }
        out
    }

    /// How many questions the rounds need at most (加时 counted in full).
    pub fn questions_needed(&self) -> usize {
        self.rounds
            .iter()
            .map(|r| match r.kind {
                RoundKind::Required | RoundKind::Risk => r.questions as usize * self.teams.len(),
                RoundKind::Buzz | RoundKind::TieBreak => r.questions as usize,
            })
            .sum()
    }
}

/// The RON reader's complaint in words a host can act on.
fn ron_message(code: &ron::Error) -> String {
    use ron::Error as E;
    let list = |names: &[&str]| names.join("、");
    match code {
        E::Eof => "文件意外结束，可能缺少右括号“)”或“]”".into(),
        E::ExpectedComma => "缺少英文逗号“,”".into(),
        E::ExpectedInteger | E::IntegerOutOfBounds => "这里应是整数".into(),
        E::ExpectedString | E::ExpectedStringEnd => "这里应是用英文双引号括起的文字".into(),
        E::ExpectedBoolean => "这里应是 true 或 false".into(),
        E::ExpectedArray | E::ExpectedArrayEnd => "这里应是用 [ ] 括起的列表".into(),
        E::ExpectedStructLike | E::ExpectedStructLikeEnd | E::ExpectedNamedStructLike(_) => {
            "这里应是用 ( ) 括起的一组设置".into()
        }
        E::UnexpectedChar(c) => format!("出现了意外的字符“{c}”"),
        E::TrailingCharacters => "方案结束后还有多余的内容".into(),
        E::NoSuchEnumVariant {
            expected, found, ..
        } => format!("没有“{found}”这一项，可用：{}", list(expected)),
        E::NoSuchStructField {
            expected, found, ..
        } => format!("没有“{found}”这个设置，可用：{}", list(expected)),
        E::MissingStructField { field, .. } => format!("缺少设置“{field}”"),
        E::DuplicateStructField { field, .. } => format!("设置“{field}”写了两次"),
        E::InvalidValueForType { expected, found } => {
            format!("这里应是{expected}，却是{found}")
        }
        other => format!("格式错误（{other}）"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_read_from_ron_with_defaults_and_report_problems() {
        let plan = Plan::from_ron(
            r#"(title: "支部竞赛", teams: [(name: "甲", key: "1"), (name: "乙", key: "2")],
                rounds: [(kind: Required), (kind: Buzz, questions: 5, wrong: -20)])"#,
        )
        .unwrap();
        assert_eq!(plan.start_score, 100);
        assert_eq!(plan.rounds[0].answer_secs, 30);
        assert_eq!(plan.rounds[1].wrong, -20);
        assert_eq!(plan.rounds[1].buzz_secs, 15);
        assert_eq!(Plan::from_ron(&plan.to_ron()).unwrap(), plan);

        let error =
            Plan::from_ron("(title: \"x\",\n teams: [], rounds: [(kind: Quiz)])").unwrap_err();
        assert!(error.starts_with("第 2 行第 29 列"), "{error}");
        assert!(
            error.contains("没有“Quiz”这一项，可用：Required、Buzz、Risk、TieBreak"),
            "{error}"
        );
        let error = Plan::from_ron("(title: \"x\"，teams: [], rounds: [])").unwrap_err();
        assert!(error.contains("中文标点“，”"), "{error}");
        let error = Plan::from_ron(
            r#"(title: "x", teams: [(name: "甲", key: "1"), (name: "甲", key: "1")], rounds: [(kind: Risk, values: [])])"#,
        )
        .unwrap_err();
        assert!(
            error.contains("同名") && error.contains("同一个抢答键") && error.contains("分值"),
            "{error}"
        );
    }
}
