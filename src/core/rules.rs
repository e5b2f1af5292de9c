//! The rules of one question, whatever it was written in: a RON bank, a row of a spreadsheet, or
//! the editor's form. Each reader turns what it read into a [`RawQuestion`] (every field as text,
//! with the place it was written) and [`check`] applies every rule, reporting each problem at the
//! place of the field it concerns, in the same words for all three.

use std::borrow::Cow;

use crate::core::bank::{Answer, DEFAULT_CATEGORY, Kind, Question, option_letter};
use crate::core::validate::{self, shorten};

/// The most options a choice question may have (A–H).
pub const MAX_OPTIONS: usize = 8;

/// How many characters of a written value a message quotes.
const QUOTED: usize = 40;

/// A field's text and the place it was written (`P`: a byte offset, a cell, a field of a form).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written<'a, P> {
    /// The text, untrimmed.
    pub text: Cow<'a, str>,
    /// Where it was written.
    pub at: P,
}

impl<'a, P> Written<'a, P> {
    /// `text` written at `at`.
    pub fn new(text: impl Into<Cow<'a, str>>, at: P) -> Self {
        Self {
            text: text.into(),
            at,
        }
    }
}

/// A list field: its items and the place of the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WrittenList<'a, P> {
    /// The items in order.
    pub items: Vec<Written<'a, P>>,
    /// Where the list was written.
    pub at: P,
}

/// A question as written, before any rule: each field that was written, as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawQuestion<'a, P> {
    /// Where the question itself is (for what is missing).
    pub at: P,
    /// `id`.
    pub id: Option<Written<'a, P>>,
    /// `kind`, as written: `Single` or `单选`.
    pub kind: Option<Written<'a, P>>,
    /// `stem`.
    pub stem: Option<Written<'a, P>>,
    /// `options`.
    pub options: Option<WrittenList<'a, P>>,
    /// `answer`, as text.
    pub answer: Option<Written<'a, P>>,
    /// `category`.
    pub category: Option<Written<'a, P>>,
    /// `explanation`.
    pub explanation: Option<Written<'a, P>>,
    /// `source`.
    pub source: Option<Written<'a, P>>,
    /// `difficulty`, as text.
    pub difficulty: Option<Written<'a, P>>,
    /// `tags`.
    pub tags: Option<WrittenList<'a, P>>,
    /// `image`.
    pub image: Option<Written<'a, P>>,
    /// `points`, as text.
    pub points: Option<Written<'a, P>>,
    /// `time_limit_secs`, as text.
    pub time_limit_secs: Option<Written<'a, P>>,
}

impl<'a, P: Copy> RawQuestion<'a, P> {
    /// A question with no field written yet, at `at`.
    pub fn at(at: P) -> Self {
        Self {
            at,
            id: None,
            kind: None,
            stem: None,
            options: None,
            answer: None,
            category: None,
            explanation: None,
            source: None,
            difficulty: None,
            tags: None,
            image: None,
            points: None,
            time_limit_secs: None,
        }
    }
}

/// Where the rules report what they find.
pub trait Report<P> {
    /// The question cannot be used until this is fixed.
    fn error(&mut self, at: P, message: String);
    /// Usable, but probably not what the author meant.
    fn warn(&mut self, at: P, message: String);
}

/// The kinds, for messages: `Single（单选题）、…`.
pub fn kinds_list() -> String {
    Kind::ALL
        .iter()
        .map(|k| format!("{}（{}）", k.file_name(), k.label()))
        .collect::<Vec<_>>()
        .join("、")
}

/// A question that passed every rule, its text still borrowed from what was written: a check
/// counts it and lets it go without copying a byte; a load makes it a [`Question`].
#[derive(Clone, Debug, PartialEq)]
pub struct Checked<'r> {
    /// Trimmed id.
    pub id: &'r str,
    /// The kind.
    pub kind: Kind,
    stem: &'r str,
    options: Vec<&'r str>,
    answer: Answer,
    answer_text: &'r str,
    category: Option<&'r str>,
    explanation: Option<&'r str>,
    source: Option<&'r str>,
    difficulty: Option<u32>,
    tags: Vec<&'r str>,
    image: Option<&'r str>,
    points: Option<u32>,
    time_limit_secs: Option<u32>,
}

impl Checked<'_> {
    /// The question, its text copied.
    pub fn into_question(self) -> Question {
        let owned = |text: Option<&str>| text.map(str::to_owned);
        Question {
            id: self.id.to_owned(),
            category: self.category.unwrap_or(DEFAULT_CATEGORY).to_owned(),
            kind: self.kind,
            stem: self.stem.to_owned(),
            options: self.options.into_iter().map(str::to_owned).collect(),
            answer: self.answer,
            answer_text: self.answer_text.to_owned(),
            explanation: owned(self.explanation),
            source: owned(self.source),
            difficulty: self.difficulty.map(|d| d as u8),
            tags: self.tags.into_iter().map(str::to_owned).collect(),
            image: owned(self.image),
            points: self.points,
            time_limit_secs: self.time_limit_secs,
            line: None,
        }
    }
}

/// Applies every rule to `raw`: the question, or `None` when an error makes it unusable. Every
/// problem is reported, not only the first.
pub fn check<P: Copy>(raw: &RawQuestion<'_, P>, report: &mut impl Report<P>) -> Option<Question> {
    verify(raw, report).map(Checked::into_question)
}

/// [`check`] without making the question: every rule, every problem, nothing copied.
pub fn verify<'r, P: Copy>(
    raw: &'r RawQuestion<'_, P>,
    report: &mut impl Report<P>,
) -> Option<Checked<'r>> {
    let mut ok = true;
    let id = required(
        report,
        raw.at,
        raw.id.as_ref(),
        "id",
        "题目编号 id",
        "在本题库内不能重复",
    );
    ok &= id.is_some();
    let kind = read_kind(report, raw);
    ok &= kind.is_some();
    let stem = required(
        report,
        raw.at,
        raw.stem.as_ref(),
        "stem",
        "题干 stem",
        "题目的文字",
    );
    ok &= stem.is_some();
    let options = read_options(report, raw, kind);
    ok &= options.is_some();
    let options = options.unwrap_or_default();
    let answer = kind.and_then(|kind| read_answer(report, raw, kind, &options, stem));
    ok &= answer.is_some();
    let text = |field: &'r Option<Written<'_, P>>| {
        field
            .as_ref()
            .map(|w| w.text.trim())
            .filter(|t| !t.is_empty())
    };
    let difficulty = ranged(
        report,
        raw.difficulty.as_ref(),
        1,
        5,
        "难度 difficulty 应是 1 到 5 的整数",
    );
    let points = ranged(
        report,
        raw.points.as_ref(),
        1,
        1000,
        "分值 points 应是 1 到 1000 的整数",
    );
    let time_limit_secs = ranged(
        report,
        raw.time_limit_secs.as_ref(),
        1,
        3600,
        "限时 time_limit_secs 应是 1 到 3600 秒",
    );
    let image = match &raw.image {
        Some(image) if !image.text.trim().is_empty() => {
            let path = image.text.trim();
            if validate::image_path_is_safe(path) {
                Some(path)
            } else {
                report.error(
                    image.at,
                    format!(
                        "图片路径“{}”不可用：只能写题库文件所在文件夹里的相对路径，如 \"images/1.png\"",
                        shorten(path, QUOTED)
                    ),
                );
                ok = false;
                None
            }
        }
        _ => None,
    };
    let tags = raw
        .tags
        .as_ref()
        .map(|list| {
            list.items
                .iter()
                .map(|t| t.text.trim())
                .filter(|t| !t.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let (Some(id), Some(kind), Some((answer, answer_text)), Some(stem), true) =
        (id, kind, answer, stem, ok)
    else {
        return None;
    };
    Some(Checked {
        id,
        kind,
        stem,
        options,
        answer,
        answer_text,
        category: text(&raw.category),
        explanation: text(&raw.explanation),
        source: text(&raw.source),
        difficulty,
        tags,
        image,
        points,
        time_limit_secs,
    })
}

/// A field that must be written and not be empty, trimmed.
fn required<'r, P: Copy>(
    report: &mut impl Report<P>,
    question_at: P,
    field: Option<&'r Written<'_, P>>,
    name: &str,
    what: &str,
    hint: &str,
) -> Option<&'r str> {
    match field {
        Some(w) if !w.text.trim().is_empty() => Some(w.text.trim()),
        Some(w) => {
            report.error(w.at, format!("{what} 是空的"));
            None
        }
        None => {
            report.error(question_at, format!("缺少 {name}（{what}，{hint}）"));
            None
        }
    }
}

fn read_kind<P: Copy>(report: &mut impl Report<P>, raw: &RawQuestion<'_, P>) -> Option<Kind> {
    let Some(written) = raw.kind.as_ref().filter(|k| !k.text.trim().is_empty()) else {
        let at = raw.kind.as_ref().map_or(raw.at, |k| k.at);
        report.error(
            at,
            format!("缺少 kind（题型）。可用的题型：{}", kinds_list()),
        );
        return None;
    };
    let text = written.text.trim();
    let kind = Kind::parse(text);
    if kind.is_none() {
        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.file_name()).collect();
        let hint = validate::closest(text, &names)
            .map(|s| format!("是不是“{s}”？"))
            .unwrap_or_default();
        report.error(
            written.at,
            format!(
                "未知的题型“{}”。{hint}可用的题型：{}",
                shorten(text, QUOTED),
                kinds_list()
            ),
        );
    }
    kind
}

/// The options, checked for the kind; `None` when they make the question unusable.
fn read_options<'r, P: Copy>(
    report: &mut impl Report<P>,
    raw: &'r RawQuestion<'_, P>,
    kind: Option<Kind>,
) -> Option<Vec<&'r str>> {
    let written = raw.options.as_ref();
    let Some(kind) = kind else {
        return Some(
            written
                .map(|list| list.items.iter().map(|o| o.text.trim()).collect())
                .unwrap_or_default(),
        );
    };
    if !kind.has_options() {
        if let Some(list) = written.filter(|l| !l.items.is_empty()) {
            report.warn(list.at, format!("{}不需要 options，已忽略", kind.label()));
        }
        return Some(Vec::new());
    }
    let Some(list) = written else {
        let at = raw.kind.as_ref().map_or(raw.at, |k| k.at);
        report.error(
            at,
            format!("{}缺少 options（2 到 {MAX_OPTIONS} 个选项）", kind.label()),
        );
        return None;
    };
    let mut ok = true;
    let count = list.items.len();
    if !(2..=MAX_OPTIONS).contains(&count) {
        report.error(
            list.at,
            format!("选择题应有 2 到 {MAX_OPTIONS} 个选项，这里有 {count} 个"),
        );
        ok = false;
    }
    for (i, option) in list.items.iter().enumerate() {
        let letter = option_letter(i);
        let text = option.text.trim();
        if text.is_empty() {
            report.error(option.at, format!("第 {} 个选项（{letter}）是空的", i + 1));
            ok = false;
        } else if let Some(first) = list.items[..i]
            .iter()
            .position(|other| other.text.trim() == text)
        {
            report.warn(
                option.at,
                format!("选项 {letter} 与选项 {} 相同", option_letter(first)),
            );
        }
    }
    ok.then(|| list.items.iter().map(|o| o.text.trim()).collect())
}

fn read_answer<'r, P: Copy>(
    report: &mut impl Report<P>,
    raw: &'r RawQuestion<'_, P>,
    kind: Kind,
    options: &[&str],
    stem: Option<&str>,
) -> Option<(Answer, &'r str)> {
    let Some(written) = &raw.answer else {
        if kind == Kind::Open {
            report.warn(
                raw.at,
                "简答题没有参考答案 answer，评判时将无从对照".to_owned(),
            );
            return Some((Answer::Reference(String::new()), ""));
        }
        report.error(raw.at, format!("缺少 answer（{}的答案）", kind.label()));
        return None;
    };
    let text = written.text.as_ref();
    let result = match kind {
        Kind::Single | Kind::Multiple => {
            if options.is_empty() {
                return None; // the options' own error already explains it
            }
            validate::choice_answer(text, options.len(), kind == Kind::Single).map(|letters| {
                if kind == Kind::Multiple && letters.len() == 1 {
                    report.warn(
                        written.at,
                        "多选题只有一个正确答案：若确是如此，可改为单选题 Single".to_owned(),
                    );
                }
                Answer::Choice(letters)
            })
        }
        Kind::TrueFalse => validate::true_false_answer(text).map(Answer::TrueFalse),
        Kind::Blank => validate::blank_answer(text).map(|blanks| {
            let places = stem.map(validate::placeholder_count).unwrap_or(0);
            if places > 0 && places != blanks.len() {
                report.warn(
                    written.at,
                    format!(
                        "题干里有 {places} 处空（____），答案却有 {} 个空：多个空的答案用“；”分隔",
                        blanks.len()
                    ),
                );
            }
            Answer::Blanks(blanks)
        }),
        Kind::Open => {
            if text.trim().is_empty() {
                report.warn(written.at, "简答题的参考答案是空的".to_owned());
            }
            Ok(Answer::Reference(text.trim().to_owned()))
        }
    };
    match result {
        Ok(answer) => Some((answer, text)),
        Err(message) => {
            report.error(written.at, message);
            None
        }
    }
}

/// A whole number within `min..=max` (`3`, or `3.0` as a spreadsheet writes it); empty is none.
fn ranged<P: Copy>(
    report: &mut impl Report<P>,
    field: Option<&Written<'_, P>>,
    min: u32,
    max: u32,
    message: &str,
) -> Option<u32> {
    let field = field?;
    let text = field.text.trim();
    if text.is_empty() {
        return None;
    }
    let number = text
        .parse::<f64>()
        .ok()
        .filter(|n| n.fract() == 0.0 && *n >= f64::from(min) && *n <= f64::from(max));
    match number {
        Some(n) => Some(n as u32),
        None => {
            report.error(
                field.at,
                format!("{message}，这里是“{}”", shorten(text, QUOTED)),
            );
            None
        }
    }
}

/// The ids of a bank's questions so far, to report the second use of one.
#[derive(Debug, Default)]
pub struct Ids {
    // FxHash: ids are short and the file is the author's, so a fast hash is the right one.
    seen: std::collections::HashMap<Box<str>, usize, rustc_hash::FxBuildHasher>,
}

impl Ids {
    /// Records `id` for question `number` (from 1); the number of the question that used it
    /// first, if one did.
    pub fn first_use(&mut self, id: &str, number: usize) -> Option<usize> {
        match self.seen.get(id) {
            Some(&first) => Some(first),
            None => {
                self.seen.insert(id.into(), number);
                None
            }
        }
    }

    /// The message for the second use of `id`.
    pub fn repeated(id: &str, first: usize) -> String {
        format!(
            "题目编号“{}”重复：第 {first} 题已经用过",
            shorten(id, QUOTED)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Problems as (place, error?, message).
    #[derive(Default)]
    struct Found(Vec<(&'static str, bool, String)>);

    impl Report<&'static str> for Found {
        fn error(&mut self, at: &'static str, message: String) {
            self.0.push((at, true, message));
        }
        fn warn(&mut self, at: &'static str, message: String) {
            self.0.push((at, false, message));
        }
    }

    fn raw(kind: &'static str, answer: &'static str) -> RawQuestion<'static, &'static str> {
        RawQuestion {
            id: Some(Written::new("q", "id")),
            kind: Some(Written::new(kind, "kind")),
            stem: Some(Written::new("题干____", "stem")),
            answer: Some(Written::new(answer, "answer")),
            ..RawQuestion::at("question")
        }
    }

    #[test]
    fn every_problem_is_reported_at_its_field() {
        let mut q = raw("Single", "E");
        q.options = Some(WrittenList {
            items: vec![
                Written::new("甲", "o1"),
                Written::new(" ", "o2"),
                Written::new("甲", "o3"),
            ],
            at: "options",
        });
        q.difficulty = Some(Written::new("9", "difficulty"));
        q.image = Some(Written::new("../x.png", "image"));
        let mut found = Found::default();
        assert!(check(&q, &mut found).is_none());
        let places: Vec<(&str, bool)> = found.0.iter().map(|(p, e, _)| (*p, *e)).collect();
        assert_eq!(
            places,
            [
                ("o2", true),
                ("o3", false),
                ("difficulty", true),
                ("image", true)
            ],
            "{:#?}",
            found.0
        );
        // The answer is not checked against options that are themselves wrong.
        assert!(found.0.iter().all(|(p, _, _)| *p != "answer"));
    }

    #[test]
    fn a_good_question_comes_out_whole() {
        let mut q = raw("填空", "南湖|嘉兴南湖");
        q.tags = Some(WrittenList {
            items: vec![Written::new(" 一大 ", "t1"), Written::new("", "t2")],
            at: "tags",
        });
        q.points = Some(Written::new("5.0", "points"));
        let mut found = Found::default();
        let question = check(&q, &mut found).expect("usable");
        assert!(found.0.is_empty(), "{:#?}", found.0);
        assert_eq!(question.kind, Kind::Blank);
        assert_eq!(question.tags, ["一大"]);
        assert_eq!(question.points, Some(5));
        assert_eq!(question.category, DEFAULT_CATEGORY);
    }

    #[test]
    fn missing_fields_are_named_at_the_question() {
        let q = RawQuestion::at("question");
        let mut found = Found::default();
        assert!(check(&q, &mut found).is_none());
        let messages: Vec<&str> = found.0.iter().map(|(_, _, m)| m.as_str()).collect();
        assert!(messages[0].starts_with("缺少 id"), "{messages:?}");
        assert!(messages[1].starts_with("缺少 kind"), "{messages:?}");
        assert!(messages[2].starts_with("缺少 stem"), "{messages:?}");
        assert!(found.0.iter().all(|(p, e, _)| *p == "question" && *e));
    }

    #[test]
    fn an_unknown_kind_is_suggested_only_when_close() {
        let mut found = Found::default();
        check(&raw("Singel", "A"), &mut found);
        assert!(found.0[0].2.contains("是不是“Single”"), "{:?}", found.0);
        let mut found = Found::default();
        check(&raw("Essay", "A"), &mut found);
        assert!(!found.0[0].2.contains("是不是"), "{:?}", found.0);
    }

    #[test]
    fn ids_report_their_first_use() {
        let mut ids = Ids::default();
        assert_eq!(ids.first_use("a", 1), None);
        assert_eq!(ids.first_use("b", 2), None);
        assert_eq!(ids.first_use("a", 3), Some(1));
    }
}
