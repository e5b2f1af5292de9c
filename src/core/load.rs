//! Bank bytes to a [`Bank`], with every problem located: decode, parse, then read each field.

use std::collections::HashMap;
use std::hash::BuildHasher as _;

use crate::core::bank::{Bank, FORMAT_VERSION, Kind, Question};
use crate::core::decode::{Encoding, decode};
use crate::core::error::{Problem, Severity};
use crate::core::syntax::{Field, LineIndex, Node, Value, parse_streaming};
use crate::core::validate;

/// The largest bank file read, in bytes; larger files are refused before they are read.
pub const MAX_BANK_BYTES: u64 = 256 * 1024 * 1024;

const BANK_FIELDS: &[&str] = &[
    "format",
    "id",
    "title",
    "version",
    "description",
    "questions",
];
const QUESTION_FIELDS: &[&str] = &[
    "id",
    "category",
    "kind",
    "stem",
    "options",
    "answer",
    "explanation",
    "source",
    "difficulty",
    "tags",
    "image",
    "points",
    "time_limit_secs",
];

/// The outcome of loading one bank file: the bank (its valid questions) and every problem found.
#[derive(Clone, Debug)]
pub struct LoadReport {
    /// The file, as named to the user.
    pub file: String,
    /// The encoding the text was read as, if it could be decoded.
    pub encoding: Option<Encoding>,
    /// The bank with the questions that passed, if the file could be read at all.
    pub bank: Option<Bank>,
    /// Every error and warning, in file order.
    pub problems: Vec<Problem>,
}

impl LoadReport {
    /// The problems that are errors.
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
    }

    /// The problems that are warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Warning)
    }

    /// True when the bank loaded without any error.
    pub fn is_ok(&self) -> bool {
        self.bank.is_some() && self.errors().next().is_none()
    }

    /// A report for a file that could not be read at all.
    pub fn failed(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            encoding: None,
            bank: None,
            problems: vec![Problem {
                severity: Severity::Error,
                line: None,
                column: None,
                question_index: None,
                question_id: None,
                message: message.into(),
            }],
        }
    }
}

/// Loads a bank from the bytes of a file named `file`, reporting every problem found.
pub fn load_bank(file: &str, bytes: &[u8]) -> LoadReport {
    let mut report = LoadReport {
        file: file.to_owned(),
        encoding: None,
        bank: None,
        problems: Vec::new(),
    };
    if bytes.len() as u64 > MAX_BANK_BYTES {
        return LoadReport::failed(
            file,
            format!(
                "文件有 {} MB，超过了题库文件的上限 {} MB",
                bytes.len() / (1024 * 1024),
                MAX_BANK_BYTES / (1024 * 1024)
            ),
        );
    }
    let (text, encoding) = match decode(bytes) {
        Ok(decoded) => decoded,
        Err(error) => return LoadReport::failed(file, error.message),
    };
    report.encoding = Some(encoding);
    let mut reader = Reader {
        text: &text,
        lines: None,
        counted: (0, 1),
        problems: Vec::new(),
        question: None,
        questions: Vec::new(),
        seen: HashMap::new(),
        numbers: Vec::new(),
        read: 0,
    };
    if encoding == Encoding::Gb18030 {
        reader.problems.push((
            0,
            Problem {
                severity: Severity::Warning,
                line: None,
                column: None,
                question_index: None,
                question_id: None,
                message: "文件是 GBK/GB18030 编码，已自动转换。建议用记事本“另存为”UTF-8，便于交流"
                    .to_owned(),
            },
        ));
    }
    // Questions are checked as the parser reads them, so no tree of the whole bank is kept.
    match parse_streaming(&text, "questions", &mut |item| reader.question(&item)) {
        Ok(root) => report.bank = reader.bank(&root),
        Err(error) => reader.error_at(error.offset, error.message),
    }
    // In file order, each question's problems together (they were found question by question,
    // and the header only after the last question).
    reader.problems.sort_by_key(|(key, _)| *key);
    report.problems = reader
        .problems
        .into_iter()
        .map(|(_, problem)| problem)
        .collect();
    report
}

/// Reads typed values out of the parsed tree, collecting problems with their places.
pub(crate) struct Reader<'t> {
    text: &'t str,
    /// Built on the first problem: a bank without problems never needs it.
    lines: Option<LineIndex>,
    /// The last offset whose line was counted, and that line, for question lines in file order.
    counted: (usize, usize),
    /// Each problem with the offset it sorts by: its question's, or its own outside questions.
    problems: Vec<(usize, Problem)>,
    /// The question being read: its number (from 1), id and offset.
    question: Option<(usize, Option<String>, usize)>,
    /// The questions read so far that passed.
    questions: Vec<Question>,
    /// For each id seen so far, by hash: the position in `questions` of the question that has it.
    /// Hashes rather than the ids themselves spare a copy of every id.
    seen: HashMap<u64, usize>,
    /// The number (from 1) in the file of each question in `questions`.
    numbers: Vec<usize>,
    /// How many questions were read, passed or not.
    read: usize,
}

/// The known fields of one struct, after unknown and repeated names were reported.
///
/// A list searched in order rather than a map: a struct has a dozen fields at most, and a bank of
/// 100,000 questions would otherwise build 100,000 hash maps.
pub(crate) struct Fields<'n, 't> {
    found: [Option<&'n Field<'t>>; MAX_FIELDS],
}

/// More than any struct of the format has.
const MAX_FIELDS: usize = 16;

impl<'n, 't> Fields<'n, 't> {
    /// The field called `name`, if written.
    pub(crate) fn get(&self, name: &str) -> Option<&'n Field<'t>> {
        self.found.iter().map_while(|f| *f).find(|f| f.name == name)
    }

    /// Whether a field called `name` was written (even as `None`).
    pub(crate) fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }
}

impl Reader<'_> {
    fn push(&mut self, severity: Severity, offset: usize, message: String) {
        let text = self.text;
        let (line, column) = self
            .lines
            .get_or_insert_with(|| LineIndex::new(text))
            .locate(text, offset);
        let (question_index, question_id, key) = match &self.question {
            Some((index, id, at)) => (Some(*index), id.clone(), *at),
            None => (None, None, offset),
        };
        self.problems.push((
            key,
            Problem {
                severity,
                line: Some(line),
                column: Some(column),
                question_index,
                question_id,
                message,
            },
        ));
    }

    pub(crate) fn error_at(&mut self, offset: usize, message: impl Into<String>) {
        self.push(Severity::Error, offset, message.into());
    }

    pub(crate) fn warn_at(&mut self, offset: usize, message: impl Into<String>) {
        self.push(Severity::Warning, offset, message.into());
    }

    /// Indexes a struct's fields, reporting unknown names (with the closest known one) and repeats.
    fn fields<'n, 't>(
        &mut self,
        fields: &'n [Field<'t>],
        known: &[&str],
        what: &str,
    ) -> Fields<'n, 't> {
        let mut map = Fields {
            found: [None; MAX_FIELDS],
        };
        let mut count = 0;
        for field in fields {
            let name = field.name;
            if !known.contains(&name) {
                let message = match validate::closest(name, known) {
                    Some(suggestion) => {
                        format!("{what}没有“{name}”这个字段，是不是“{suggestion}”？")
                    }
                    None => format!(
                        "{what}没有“{name}”这个字段。可用的字段：{}",
                        known.join("、")
                    ),
                };
                self.error_at(field.name_offset, message);
            } else if map.contains(name) {
                self.error_at(field.name_offset, format!("字段“{name}”重复出现"));
            } else if let Some(slot) = map.found.get_mut(count) {
                *slot = Some(field);
                count += 1;
            }
        }
        map
    }

    /// A field's value, treating `None` as absent and `Some(x)` as `x`.
    fn value<'n, 't>(fields: &Fields<'n, 't>, name: &str) -> Option<&'n Node<'t>> {
        let node = &fields.get(name)?.value;
        match &node.value {
            Value::Ident("None") => None,
            Value::Tuple {
                name: Some(some),
                items,
            } if *some == "Some" && items.len() == 1 => items.first(),
            _ => Some(node),
        }
    }

    pub(crate) fn string<'n>(
        &mut self,
        fields: &Fields<'n, '_>,
        name: &str,
    ) -> Option<(&'n str, usize)> {
        let node = Self::value(fields, name)?;
        match &node.value {
            Value::Str(text) => Some((text.as_ref(), node.offset)),
            other => {
                let found = other.describe();
                self.error_at(
                    node.offset,
                    format!("字段“{name}”应是用英文双引号括起来的文字，这里却是{found}"),
                );
                None
            }
        }
    }

    pub(crate) fn integer(&mut self, fields: &Fields<'_, '_>, name: &str) -> Option<(i64, usize)> {
        let node = Self::value(fields, name)?;
        match &node.value {
            Value::Int(number) => Some((*number, node.offset)),
            Value::Str(text) if text.trim().parse::<i64>().is_ok() => {
                text.trim().parse().ok().map(|n| (n, node.offset))
            }
            other => {
                let found = other.describe();
                self.error_at(
                    node.offset,
                    format!("字段“{name}”应是整数，这里却是{found}"),
                );
                None
            }
        }
    }

    pub(crate) fn strings<'n>(
        &mut self,
        fields: &Fields<'n, '_>,
        name: &str,
    ) -> Option<(Vec<(&'n str, usize)>, usize)> {
        let node = Self::value(fields, name)?;
        let Value::List(items) = &node.value else {
            let found = node.value.describe();
            self.error_at(
                node.offset,
                format!("字段“{name}”应是列表，如 [\"甲\", \"乙\"]，这里却是{found}"),
            );
            return None;
        };
        let mut out = Vec::new();
        for item in items {
            match &item.value {
                Value::Str(text) => out.push((text.as_ref(), item.offset)),
                other => {
                    let found = other.describe();
                    self.error_at(
                        item.offset,
                        format!("“{name}”列表里的每一项都应是带英文双引号的文字，这里却是{found}"),
                    );
                }
            }
        }
        Some((out, node.offset))
    }

    fn bank(&mut self, root: &Node<'_>) -> Option<Bank> {
        let Value::Struct { fields, .. } = &root.value else {
            self.error_at(
                root.offset,
                "题库应以“(”开头，里面依次写 format、id、title、questions 等字段",
            );
            return None;
        };
        let fields = self.fields(fields, BANK_FIELDS, "题库");
        match self.integer(&fields, "format") {
            Some((format, _)) if format == i64::from(FORMAT_VERSION) => {}
            Some((format, offset)) => self.error_at(
                offset,
                format!("不支持的题库格式 {format}：本程序读取格式 {FORMAT_VERSION}，请按格式 {FORMAT_VERSION} 改写或更新程序"),
            ),
            None => self.error_at(root.offset, format!("缺少“format: {FORMAT_VERSION},”：题库须写明格式版本")),
        }
        let id = self.required_text(
            &fields,
            "id",
            root.offset,
            "题库缺少 id（题库编号，如 \"dangshi-2021\"）",
        );
        let title = self.required_text(&fields, "title", root.offset, "题库缺少 title（题库名称）");
        let version = self
            .string(&fields, "version")
            .map(|(v, _)| v.to_owned())
            .unwrap_or_default();
        let description = self
            .string(&fields, "description")
            .map(|(d, _)| d.to_owned())
            .unwrap_or_default();
        let questions = match Self::value(&fields, "questions") {
            None => {
                self.error_at(root.offset, "题库缺少 questions（题目列表）");
                Vec::new()
            }
            Some(node) => self.questions(node),
        };
        Some(Bank {
            format: FORMAT_VERSION,
            id: id.unwrap_or_default(),
            title: title.unwrap_or_default(),
            version,
            description,
            questions,
        })
    }

    fn required_text(
        &mut self,
        fields: &Fields<'_, '_>,
        name: &str,
        at: usize,
        missing: &str,
    ) -> Option<String> {
        match self.string(fields, name) {
            Some((text, offset)) if text.trim().is_empty() => {
                self.error_at(offset, format!("“{name}”不能为空"));
                None
            }
            Some((text, _)) => Some(text.trim().to_owned()),
            None => {
                if !fields.contains(name) {
                    self.error_at(at, missing);
                }
                None
            }
        }
    }

    /// The questions field: the items were already read while parsing (see [`Reader::question`]).
    fn questions(&mut self, node: &Node<'_>) -> Vec<Question> {
        let Value::List(items) = &node.value else {
            let found = node.value.describe();
            self.error_at(
                node.offset,
                format!("questions 应是用 [ ] 括起来的题目列表，这里却是{found}"),
            );
            return Vec::new();
        };
        for item in items {
            self.question(item);
        }
        if self.read == 0 {
            self.warn_at(node.offset, "题库里没有题目");
        }
        std::mem::take(&mut self.questions)
    }

    /// Reads one question, keeping it if it passes and its id is new.
    fn question(&mut self, item: &Node<'_>) {
        self.read += 1;
        let index = self.read;
        self.question = Some((index, None, item.offset));
        if let Some(question) = crate::core::question::read_question(self, item) {
            match self.first_with_id(&question.id) {
                Some(first) => {
                    let message = format!("题目编号“{}”重复：第 {first} 题已经用过", question.id);
                    self.error_at(item.offset, message);
                }
                None => {
                    let hash = self.seen.hasher().hash_one(&question.id);
                    self.seen.entry(hash).or_insert(self.questions.len());
                    self.questions.push(question);
                    self.numbers.push(index);
                }
            }
        }
        self.question = None;
    }

    /// The number of the earlier question with this id, if any.
    fn first_with_id(&self, id: &str) -> Option<usize> {
        let at = *self.seen.get(&self.seen.hasher().hash_one(id))?;
        if self.questions[at].id == id {
            return Some(self.numbers[at]);
        }
        // Two ids with the same 64-bit hash: look the slow way.
        let at = self.questions.iter().position(|q| q.id == id)?;
        Some(self.numbers[at])
    }

    /// Names the question being read in every later message.
    pub(crate) fn set_question_id(&mut self, id: &str) {
        if let Some((_, slot, _)) = &mut self.question {
            *slot = Some(id.to_owned());
        }
    }

    /// The fields of a question, with unknown and repeated ones reported.
    pub(crate) fn question_fields<'n, 't>(&mut self, fields: &'n [Field<'t>]) -> Fields<'n, 't> {
        self.fields(fields, QUESTION_FIELDS, "题目")
    }

    /// A field's value as written, `None`/`Some` unwrapped.
    pub(crate) fn raw<'n, 't>(&self, fields: &Fields<'n, 't>, name: &str) -> Option<&'n Node<'t>> {
        Self::value(fields, name)
    }

    /// The line of a byte offset.
    pub(crate) fn line_of(&mut self, offset: usize) -> usize {
        // Questions come in file order, so counting on from the last one reads the text once.
        let (from, line) = self.counted;
        let line = if offset >= from {
            line + memchr::memchr_iter(b'\n', &self.text.as_bytes()[from..offset]).count()
        } else {
            1 + memchr::memchr_iter(b'\n', &self.text.as_bytes()[..offset]).count()
        };
        self.counted = (offset, line);
        line
    }
}

/// The kinds listed in an error message.
pub(crate) fn kinds_list() -> String {
    Kind::ALL
        .iter()
        .map(|k| format!("{}（{}）", k.file_name(), k.label()))
        .collect::<Vec<_>>()
        .join("、")
}

#[cfg(test)]
#[path = "load_tests.rs"]
mod tests;
