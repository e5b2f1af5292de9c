//! The bank model: what a loaded, validated bank is, with answers already normalised.

use std::collections::BTreeMap;

/// The bank format version this program reads.
pub const FORMAT_VERSION: u32 = 1;

/// The category given to questions that name none.
pub const DEFAULT_CATEGORY: &str = "未分类";

/// The kind of a question.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Kind {
    /// One correct option.
    Single,
    /// Several correct options.
    Multiple,
    /// A statement that is right or wrong.
    TrueFalse,
    /// Fill in one or more blanks.
    Blank,
    /// Answered in words, judged by a person against the reference.
    Open,
}

impl Kind {
    /// All kinds, in the order reports list them.
    pub const ALL: [Kind; 5] = [
        Kind::Single,
        Kind::Multiple,
        Kind::TrueFalse,
        Kind::Blank,
        Kind::Open,
    ];

    /// The name used in bank files.
    pub fn file_name(self) -> &'static str {
        match self {
            Kind::Single => "Single",
            Kind::Multiple => "Multiple",
            Kind::TrueFalse => "TrueFalse",
            Kind::Blank => "Blank",
            Kind::Open => "Open",
        }
    }

    /// The Chinese name users know.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Single => "单选题",
            Kind::Multiple => "多选题",
            Kind::TrueFalse => "判断题",
            Kind::Blank => "填空题",
            Kind::Open => "简答题",
        }
    }

    /// The key used in JSON reports.
    pub fn json_key(self) -> &'static str {
        match self {
            Kind::Single => "single",
            Kind::Multiple => "multiple",
            Kind::TrueFalse => "true_false",
            Kind::Blank => "blank",
            Kind::Open => "open",
        }
    }

    /// Parses a kind as written in a bank: the file name, or the Chinese name with or without 题.
    pub fn parse(text: &str) -> Option<Kind> {
        let text = text.trim();
        Kind::ALL.into_iter().find(|kind| {
            kind.file_name().eq_ignore_ascii_case(text)
                || kind.label() == text
                || kind.label().trim_end_matches('题') == text
        })
    }

    /// Whether questions of this kind have options to choose from.
    pub fn has_options(self) -> bool {
        matches!(self, Kind::Single | Kind::Multiple)
    }
}

/// The correct answer of a question, in a form the grader can use directly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// Indices of the correct options, sorted, counting from 0.
    Choice(Vec<usize>),
    /// Whether the statement is true.
    TrueFalse(bool),
    /// For each blank, the accepted answers as written by the author.
    Blanks(Vec<Vec<String>>),
    /// The reference answer of an open question.
    Reference(String),
}

/// One question of a bank.
#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    /// Unique within its bank.
    pub id: String,
    /// The category, [`DEFAULT_CATEGORY`] when the bank names none.
    pub category: String,
    /// The kind.
    pub kind: Kind,
    /// The question text.
    pub stem: String,
    /// The options of choice questions, empty for the other kinds.
    pub options: Vec<String>,
    /// The correct answer.
    pub answer: Answer,
    /// The answer as the author wrote it, shown to people.
    pub answer_text: String,
    /// Why the answer is right.
    pub explanation: Option<String>,
    /// Where the fact comes from.
    pub source: Option<String>,
    /// 1 (easy) to 5 (hard).
    pub difficulty: Option<u8>,
    /// Free tags.
    pub tags: Vec<String>,
    /// An image path relative to the bank file.
    pub image: Option<String>,
    /// Points for this question, overriding the paper's default.
    pub points: Option<u32>,
    /// Time allowed for this question, overriding the default.
    pub time_limit_secs: Option<u32>,
    /// The line of the question in its file, when known.
    pub line: Option<usize>,
}

/// The letter shown for option `index` (0 → A).
pub fn option_letter(index: usize) -> char {
    char::from(b'A' + (index.min(25) as u8))
}

impl Question {
    /// A question for unit tests: four options (甲乙丙丁) for choice kinds, none otherwise.
    #[cfg(test)]
    pub(crate) fn for_test(id: &str, category: &str, kind: Kind, answer: Answer) -> Self {
        Self {
            id: id.into(),
            category: category.into(),
            kind,
            stem: format!("题 {id}"),
            options: if kind.has_options() {
                vec!["甲".into(), "乙".into(), "丙".into(), "丁".into()]
            } else {
                vec![]
            },
            answer,
            answer_text: String::new(),
            explanation: None,
            source: None,
            difficulty: None,
            tags: vec![],
            image: None,
            points: None,
            time_limit_secs: None,
            line: None,
        }
    }

    /// The correct answer in words people read: `B. 1921年`, `对`, `南湖 / 嘉兴南湖`.
    pub fn answer_display(&self) -> String {
        match &self.answer {
            Answer::Choice(indices) => indices
                .iter()
                .map(|&i| {
                    let option = self.options.get(i).map(String::as_str).unwrap_or("");
                    format!("{}. {option}", option_letter(i))
                })
                .collect::<Vec<_>>()
                .join("；"),
            Answer::TrueFalse(true) => "对".to_owned(),
            Answer::TrueFalse(false) => "错".to_owned(),
            Answer::Blanks(blanks) => blanks
                .iter()
                .enumerate()
                .map(|(i, alternatives)| {
                    let words = alternatives.join(" 或 ");
                    if blanks.len() > 1 {
                        format!("第{}空：{words}", i + 1)
                    } else {
                        words
                    }
                })
                .collect::<Vec<_>>()
                .join("；"),
            Answer::Reference(text) => text.clone(),
        }
    }

    /// How many blanks a blank question has (1 for other kinds).
    pub fn blank_count(&self) -> usize {
        match &self.answer {
            Answer::Blanks(blanks) => blanks.len().max(1),
            _ => 1,
        }
    }
}

/// A loaded bank: its header and the questions that passed validation.
#[derive(Clone, Debug, PartialEq)]
pub struct Bank {
    /// The format version, always [`FORMAT_VERSION`] once loaded.
    pub format: u32,
    /// A stable id, used to recognise a newer version of the same bank.
    pub id: String,
    /// The title shown to users.
    pub title: String,
    /// The author's version string.
    pub version: String,
    /// What the bank covers.
    pub description: String,
    /// The questions, in file order.
    pub questions: Vec<Question>,
}

impl Bank {
    /// How many questions of each kind, in [`Kind::ALL`] order.
    pub fn count_by_kind(&self) -> [usize; 5] {
        let mut counts = [0; 5];
        for question in &self.questions {
            counts[kind_index(question.kind)] += 1;
        }
        counts
    }

    /// How many questions in each category, in the order categories first appear.
    pub fn count_by_category(&self) -> Vec<(String, usize)> {
        let mut order: Vec<(String, usize)> = Vec::new();
        let mut position: BTreeMap<&str, usize> = BTreeMap::new();
        for question in &self.questions {
            match position.get(question.category.as_str()) {
                Some(&i) => order[i].1 += 1,
                None => {
                    position.insert(&question.category, order.len());
                    order.push((question.category.clone(), 1));
                }
            }
        }
        order
    }
}

/// The position of a kind in [`Kind::ALL`].
pub fn kind_index(kind: Kind) -> usize {
    match kind {
        Kind::Single => 0,
        Kind::Multiple => 1,
        Kind::TrueFalse => 2,
        Kind::Blank => 3,
        Kind::Open => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse_from_file_names_and_chinese() {
        assert_eq!(Kind::parse("TrueFalse"), Some(Kind::TrueFalse));
        assert_eq!(Kind::parse("truefalse"), Some(Kind::TrueFalse));
        assert_eq!(Kind::parse("多选题"), Some(Kind::Multiple));
        assert_eq!(Kind::parse("填空"), Some(Kind::Blank));
        assert_eq!(Kind::parse("Singel"), None);
    }

    #[test]
    fn option_letters_start_at_a() {
        assert_eq!(option_letter(0), 'A');
        assert_eq!(option_letter(7), 'H');
    }
}
