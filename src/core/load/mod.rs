//! Bank bytes to a [`Bank`], with every problem located: decode, parse, then read each field.

use std::collections::BinaryHeap;

use crate::core::bank::{Bank, FORMAT_VERSION, Question, kind_index};
use crate::core::decode::{Encoding, decode};
use crate::core::error::{Problem, Severity};
use crate::core::rules::Ids;
use crate::core::syntax::{
    Field, Handoff, LineIndex, Node, Streamed, SyntaxError, Value, item_start_after,
    parse_items_from, parse_streaming, parse_streaming_until,
};
use crate::core::validate::{self, shorten};

/// The largest bank file read, in bytes; larger files are refused before they are read.
pub const MAX_BANK_BYTES: u64 = 256 * 1024 * 1024;

/// How many problems of one file are kept, the first in file order; the rest are only counted
/// ("还有 N 处未列出"), so a file with millions of mistakes cannot fill the memory.
pub const MAX_PROBLEMS: usize = 100;

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
    /// The errors and warnings, in file order: the first [`MAX_PROBLEMS`] of them.
    pub problems: Vec<Problem>,
    /// How many errors there are, listed or not.
    pub error_count: usize,
    /// How many warnings there are, listed or not.
    pub warning_count: usize,
    /// The usable questions by kind, also when a check did not keep the questions themselves.
    pub usable: [usize; 5],
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
        self.bank.is_some() && self.error_count == 0
    }

    /// How many problems are counted but not listed.
    pub fn omitted(&self) -> usize {
        (self.error_count + self.warning_count).saturating_sub(self.problems.len())
    }

    /// How many questions can be used.
    pub fn usable_total(&self) -> usize {
        self.usable.iter().sum()
    }

    /// A report for a file that could not be read at all.
    pub fn failed(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self::from_problems(
            file.into(),
            None,
            None,
            vec![Problem {
                severity: Severity::Error,
                line: None,
                column: None,
                question_index: None,
                question_id: None,
                message: message.into(),
            }],
        )
    }

    /// The report of `bank` with `problems` (in file order), of which the first
    /// [`MAX_PROBLEMS`] are kept.
    pub fn from_problems(
        file: String,
        encoding: Option<Encoding>,
        bank: Option<Bank>,
        mut problems: Vec<Problem>,
    ) -> Self {
        let error_count = problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count();
        let warning_count = problems.len() - error_count;
        problems.truncate(MAX_PROBLEMS);
        let usable = bank.as_ref().map(Bank::count_by_kind).unwrap_or_default();
        Self {
            file,
            encoding,
            bank,
            problems,
            error_count,
            warning_count,
            usable,
        }
    }
}

/// Whether a load keeps the questions (the app) or only checks and counts them (`check`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    /// Keep every usable question.
    Questions,
    /// Check each question and let it go: the memory stays near the file's size.
    Counts,
    /// Keep every question where it is in the text, broken ones too, with all their problems:
    /// what the editor needs to change one question and leave every other byte as it was.
    Pieces,
}

/// One question of a bank file as the editor sees it: where its text is, and what it reads as.
#[derive(Clone, Debug, PartialEq)]
pub struct Piece {
    /// Its bytes in the (decoded) text: from its `(` to its `)`, or, for a question that could
    /// not be read, to the line where the next one starts.
    pub span: std::ops::Range<usize>,
    /// The question, if it can be used.
    pub question: Option<Question>,
    /// Its problems, errors and warnings.
    pub problems: Vec<Problem>,
    /// Its syntax could not be read, so its span runs to the line where reading went on (its
    /// comma and line break included).
    pub whole_lines: bool,
}

/// A bank file opened for editing: its text, each question in it, and where the list ends.
#[derive(Clone, Debug)]
pub struct Pieces {
    /// The text as decoded (UTF-8).
    pub text: String,
    /// The load's report: the header (its `questions` empty) and every problem.
    pub report: LoadReport,
    /// Every question, in file order.
    pub pieces: Vec<Piece>,
    /// The offset of the `]` that ends the questions list.
    pub list_end: Option<usize>,
}

/// Reads a bank for editing: every question with its place in the text, none dropped.
pub fn load_pieces(file: &str, bytes: &[u8]) -> Result<Pieces, Box<LoadReport>> {
    let (text, _) = match decode(bytes) {
        Ok(decoded) => decoded,
        Err(error) => return Err(Box::new(LoadReport::failed(file, error.message))),
    };
    let text = text.into_owned();
    let mut reader = Reader::new(&text, Keep::Pieces);
    let bank = match parse_streaming(&text, "questions", &mut |item| reader.streamed(item)) {
        Ok(root) => reader.bank(&root),
        Err(error) => {
            reader.syntax_error(&error);
            None
        }
    };
    let mut pieces = std::mem::take(&mut reader.pieces);
    let list_end = reader.list_end;
    let mut report = reader.finish(file, Encoding::Utf8, bank);
    if report.bank.is_none() || list_end.is_none() {
        return Err(Box::new(report));
    }
    for problem in &report.problems {
        if let Some(piece) = problem
            .question_index
            .and_then(|n| pieces.get_mut(n.saturating_sub(1)))
        {
            piece.problems.push(problem.clone());
        }
    }
    report.problems.retain(|p| p.question_index.is_none());
    Ok(Pieces {
        text,
        report,
        pieces,
        list_end,
    })
}

/// Loads a bank from the bytes of a file named `file`, reporting every problem found.
pub fn load_bank(file: &str, bytes: &[u8]) -> LoadReport {
    load_bank_as(file, bytes, Keep::Questions)
}

/// Checks a bank without keeping its questions: every problem and the counts, as `check` needs.
pub fn check_bank(file: &str, bytes: &[u8]) -> LoadReport {
    load_bank_as(file, bytes, Keep::Counts)
}

/// Loads a bank, keeping its questions or only their counts.
pub fn load_bank_as(file: &str, bytes: &[u8], keep: Keep) -> LoadReport {
    if bytes.len() as u64 > MAX_BANK_BYTES {
        return LoadReport::failed(
            file,
            format!(
                "文件有 {:.1} MB，超过了题库文件的上限 {} MB",
                bytes.len() as f64 / (1024.0 * 1024.0),
                MAX_BANK_BYTES / (1024 * 1024)
            ),
        );
    }
    let (text, encoding) = match decode(bytes) {
        Ok(decoded) => decoded,
        Err(error) => return LoadReport::failed(file, error.message),
    };
    if text.len() >= PARALLEL_TEXT_BYTES
        && keep != Keep::Pieces
        && let Some(report) = load_in_halves(file, &text, encoding, keep)
    {
        return report;
    }
    load_in_order(file, &text, encoding, keep)
}

/// Reads a bank one question after another.
fn load_in_order(file: &str, text: &str, encoding: Encoding, keep: Keep) -> LoadReport {
    let mut reader = Reader::new(text, keep);
    reader.encoding_warning(encoding);
    // Questions are checked as the parser reads them, so no tree of the whole bank is kept.
    let bank = match parse_streaming(text, "questions", &mut |item| reader.streamed(item)) {
        Ok(root) => reader.bank(&root),
        Err(error) => {
            reader.syntax_error(&error);
            None
        }
    };
    reader.finish(file, encoding, bank)
}

/// Banks from this size on are read on two threads, half the questions each.
const PARALLEL_TEXT_BYTES: usize = 4 * 1024 * 1024;

/// Reads a large bank on two threads: this one reads the header and the questions up to a line
/// near the middle where a question starts, the other the questions from there to the end of the
/// list. The two meet exactly there or this thread reads on by itself, so the report is the one
/// the reading in order gives. `None` when there is no such line.
fn load_in_halves(file: &str, text: &str, encoding: Encoding, keep: Keep) -> Option<LoadReport> {
    halves(file, text, encoding, keep).map(|(report, _)| report)
}

/// [`load_in_halves`], and whether the two readers met (else this thread read all).
fn halves(file: &str, text: &str, encoding: Encoding, keep: Keep) -> Option<(LoadReport, bool)> {
    let at = item_start_after(text, text.len() / 2)?;
    Some(std::thread::scope(|scope| {
        let other = scope.spawn(move || {
            let mut reader = Reader::new(text, keep);
            // Its numbers start from 0 and its ids are checked against this thread's afterwards.
            reader.defer_ids = true;
            let end = parse_items_from(text, at, &mut |node| {
                reader.question(&node);
            })
            .ok()?;
            Some((reader, end))
        });
        let mut other = Some(other);
        let mut rest = None;
        let mut reader = Reader::new(text, keep);
        reader.encoding_warning(encoding);
        let parsed = {
            let mut take_rest = || {
                let (half, end) = other.take()?.join().ok().flatten()?;
                rest = Some(half);
                Some(end)
            };
            let handoff = Handoff {
                at,
                take_rest: &mut take_rest,
            };
            parse_streaming_until(text, "questions", handoff, &mut |item| {
                reader.streamed(item)
            })
        };
        let met = rest.is_some();
        if let Some(half) = rest {
            reader.merge(half);
        }
        let bank = match parsed {
            Ok(root) => reader.bank(&root),
            Err(error) => {
                reader.syntax_error(&error);
                None
            }
        };
        (reader.finish(file, encoding, bank), met)
    }))
}

/// A problem found but not yet placed: its line and column are worked out once, at the end, for
/// the problems that are kept.
struct Pending {
    /// What it sorts by in the report: its question's offset, or its own outside questions.
    key: usize,
    /// The order it was found in, to keep a question's problems in the order they were found.
    seq: usize,
    /// Where it is, if anywhere.
    offset: Option<usize>,
    problem: Problem,
}

impl PartialEq for Pending {
    fn eq(&self, other: &Self) -> bool {
        (self.key, self.seq) == (other.key, other.seq)
    }
}

impl Eq for Pending {}

impl PartialOrd for Pending {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Pending {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.key, self.seq).cmp(&(other.key, other.seq))
    }
}

/// Reads typed values out of the parsed tree, collecting problems with their places.
pub(crate) struct Reader<'t> {
    text: &'t str,
    keep: Keep,
    /// The last offset whose line was counted, and that line, for question lines in file order.
    counted: (usize, usize),
    /// The problems kept so far: the first [`MAX_PROBLEMS`] in file order (a max-heap, so the
    /// last is the one to drop when a earlier one comes).
    problems: BinaryHeap<Pending>,
    /// Problems found, kept or not.
    seq: usize,
    errors: usize,
    warnings: usize,
    /// The question being read: its number (from 1), id and offset.
    question: Option<(usize, Option<String>, usize)>,
    /// The questions read so far that passed (none kept when only counting).
    questions: Vec<Question>,
    /// The usable questions by kind.
    usable: [usize; 5],
    /// Each id used so far, with the number (from 1) of the question that has it.
    ids: Ids,
    /// How many questions were read, passed or not.
    read: usize,
    /// No field of the question being read had a value of the wrong type.
    pub(crate) types_ok: bool,
    /// Every question with its place, when editing.
    pieces: Vec<Piece>,
    /// The second half of a bank read on two threads: ids are not checked here but noted in
    /// `accepted`, and checked against the first half's afterwards, in order.
    defer_ids: bool,
    /// The accepted questions, in order: id, number, offset, kind, and place in `questions`.
    accepted: Vec<(Box<str>, usize, usize, crate::core::bank::Kind, usize)>,
    /// The number of the last question that passed the rules (and had its id checked).
    accepted_at: usize,
    /// With `defer_ids`, the questions that did not pass but have an id: id, number, offset.
    broken: Vec<(Box<str>, usize, usize)>,
    /// Where the questions list ends.
    list_end: Option<usize>,
}

impl<'t> Reader<'t> {
    fn new(text: &'t str, keep: Keep) -> Self {
        Self {
            text,
            keep,
            counted: (0, 1),
            problems: BinaryHeap::new(),
            seq: 0,
            errors: 0,
            warnings: 0,
            question: None,
            questions: Vec::new(),
            usable: [0; 5],
            ids: Ids::default(),
            read: 0,
            types_ok: true,
            pieces: Vec::new(),
            list_end: None,
            defer_ids: false,
            accepted: Vec::new(),
            accepted_at: 0,
            broken: Vec::new(),
        }
    }

    fn encoding_warning(&mut self, encoding: Encoding) {
        if encoding == Encoding::Gb18030 {
            self.push(
                Severity::Warning,
                None,
                "文件是 GBK/GB18030 编码，已自动转换。建议用记事本“另存为”UTF-8，便于交流"
                    .to_owned(),
            );
        }
    }

    /// Takes in what `other` read of the questions after this one's: its problems, counts and
    /// questions, each of its ids checked against this one's.
    fn merge(&mut self, other: Reader<'_>) {
        // The other half numbered its questions from 0.
        let before = self.read;
        self.errors += other.errors;
        self.warnings += other.warnings;
        for mut pending in other.problems {
            if let Some(index) = &mut pending.problem.question_index {
                *index += before;
            }
            self.keep_pending(pending);
        }
        let mut dropped = vec![false; other.questions.len()];
        let mut more = other.usable;
        let mut broken = other.broken.into_iter().peekable();
        for (id, number, offset, kind, place) in other.accepted {
            while let Some((id, number, offset)) = broken.next_if(|b| b.1 < number) {
                self.broken_id(&id, number + before, offset);
            }
            let number = number + before;
            if let Some(first) = self.ids.first_use(&id, number) {
                self.question = Some((number, Some(shorten(&id, ID_SHOWN)), offset));
                self.error_at(offset, Ids::repeated(&id, first));
                self.question = None;
                more[kind_index(kind)] -= 1;
                if let Some(slot) = dropped.get_mut(place) {
                    *slot = true;
                }
            }
        }
        for (id, number, offset) in broken {
            self.broken_id(&id, number + before, offset);
        }
        for (usable, more) in self.usable.iter_mut().zip(more) {
            *usable += more;
        }
        self.questions.extend(
            other
                .questions
                .into_iter()
                .enumerate()
                .filter(|(i, _)| !dropped.get(*i).copied().unwrap_or(false))
                .map(|(_, q)| q),
        );
        self.read = before + other.read;
    }

    /// The report: the kept problems in file order, each with its line and column.
    fn finish(self, file: &str, encoding: Encoding, bank: Option<Bank>) -> LoadReport {
        let mut pending = self.problems.into_sorted_vec();
        // Lines and columns counted forward in offset order, so a long line is read once.
        let mut order: Vec<usize> = (0..pending.len()).collect();
        order.sort_by_key(|&i| pending[i].offset);
        let mut locator = Locator::new(self.text);
        for i in order {
            if let Some(offset) = pending[i].offset {
                let (line, column) = locator.locate(offset);
                pending[i].problem.line = Some(line);
                pending[i].problem.column = Some(column);
            }
        }
        LoadReport {
            file: file.to_owned(),
            encoding: Some(encoding),
            bank,
            problems: pending.into_iter().map(|p| p.problem).collect(),
            error_count: self.errors,
            warning_count: self.warnings,
            usable: self.usable,
        }
    }
}

/// Line and column of byte offsets, counted on from the last one asked.
struct Locator<'t> {
    text: &'t str,
    lines: Option<LineIndex>,
    /// The last offset located, its line, and the offset where that line starts.
    at: (usize, usize, usize),
    column: usize,
}

impl<'t> Locator<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            text,
            lines: None,
            at: (0, 1, 0),
            column: 1,
        }
    }

    /// The line and column (both from 1, the column in characters) of `offset`.
    fn locate(&mut self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let (last, line, start) = self.at;
        let bytes = self.text.as_bytes();
        let (line, start, from, column) = if offset >= last {
            match memchr::memrchr(b'\n', &bytes[last..offset]) {
                Some(newline) => {
                    let added = memchr::memchr_iter(b'\n', &bytes[last..offset]).count();
                    let start = last + newline + 1;
                    (line + added, start, start, 1)
                }
                None => (line, start, last, self.column),
            }
        } else {
            let text = self.text;
            let index = self.lines.get_or_insert_with(|| LineIndex::new(text));
            let line = index.line(offset);
            let start = index.start(line);
            (line, start, start, 1)
        };
        let column = column + char_count(&self.text[from.min(offset)..offset]);
        self.at = (offset, line, start);
        self.column = column;
        (line, column)
    }
}

/// Characters in `text`: its bytes that do not continue a UTF-8 sequence.
fn char_count(text: &str) -> usize {
    text.bytes().filter(|b| (b & 0xC0) != 0x80).count()
}

/// The known fields of one struct, after unknown and repeated names were reported.
///
/// A list searched in order rather than a map: a struct has a dozen fields at most, and a bank of
/// 100,000 questions would otherwise build 100,000 hash maps.
pub(crate) struct Fields<'n, 't> {
    /// Each known field by its position in the known names.
    found: [Option<&'n Field<'t>>; MAX_FIELDS],
    /// The known names.
    known: &'static [&'static str],
}

/// More than any struct of the format has.
const MAX_FIELDS: usize = 16;

impl<'n, 't> Fields<'n, 't> {
    /// The field called `name`, if written.
    pub(crate) fn get(&self, name: &str) -> Option<&'n Field<'t>> {
        let index = self.known.iter().position(|k| *k == name)?;
        self.found.get(index).copied().flatten()
    }

    /// Whether a field called `name` was written (even as `None`).
    pub(crate) fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }
}

impl Reader<'_> {
    fn push(&mut self, severity: Severity, offset: Option<usize>, message: String) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
        }
        let (question_index, question_id, key) = match &self.question {
            Some((index, id, at)) => (Some(*index), id.clone(), *at),
            None => (None, None, offset.unwrap_or(0)),
        };
        // The editor shows every problem beside its question; a report keeps the first ones.
        let cap = if self.keep == Keep::Pieces {
            usize::MAX
        } else {
            MAX_PROBLEMS
        };
        if self.problems.len() >= cap && self.problems.peek().is_some_and(|last| last.key <= key) {
            return;
        }
        self.seq += 1;
        self.keep_pending(Pending {
            key,
            seq: self.seq,
            offset,
            problem: Problem {
                severity,
                line: None,
                column: None,
                question_index,
                question_id,
                message,
            },
        });
    }

    /// Keeps a problem among the first ones in file order, dropping the last when past the cap.
    fn keep_pending(&mut self, pending: Pending) {
        let cap = if self.keep == Keep::Pieces {
            usize::MAX
        } else {
            MAX_PROBLEMS
        };
        self.problems.push(pending);
        if self.problems.len() > cap {
            self.problems.pop();
        }
    }

    pub(crate) fn error_at(&mut self, offset: usize, message: impl Into<String>) {
        self.push(Severity::Error, Some(offset), message.into());
    }

    pub(crate) fn warn_at(&mut self, offset: usize, message: impl Into<String>) {
        self.push(Severity::Warning, Some(offset), message.into());
    }

    /// A value of the wrong type: reported, and the question cannot be used.
    pub(crate) fn type_error(&mut self, offset: usize, message: impl Into<String>) {
        self.types_ok = false;
        self.error_at(offset, message);
    }

    fn syntax_error(&mut self, error: &SyntaxError) {
        self.error_at(error.offset, error.message.clone());
    }

    /// One item of the questions list, as the parser hands it over.
    fn streamed(&mut self, item: Streamed<'_>) {
        match item {
            Streamed::Item(node, end) => {
                let question = self.question(&node);
                if self.keep == Keep::Pieces {
                    self.pieces.push(Piece {
                        span: node.offset..end,
                        question,
                        problems: Vec::new(),
                        whole_lines: false,
                    });
                }
            }
            Streamed::Broken { start, end, error } => {
                self.read += 1;
                let id =
                    sniff_id(&self.text[start..end.max(start)]).map(|id| shorten(id, ID_SHOWN));
                self.question = Some((self.read, id, start));
                self.syntax_error(&error);
                self.question = None;
                if self.keep == Keep::Pieces {
                    self.pieces.push(Piece {
                        span: start..end,
                        question: None,
                        problems: Vec::new(),
                        whole_lines: true,
                    });
                }
            }
            Streamed::Between(error) => self.syntax_error(&error),
            Streamed::End(at) => self.list_end = Some(at),
        }
    }

    /// Indexes a struct's fields, reporting unknown names (with the closest known one) and repeats.
    fn fields<'n, 't>(
        &mut self,
        fields: &'n [Field<'t>],
        known: &'static [&'static str],
        what: &str,
    ) -> Fields<'n, 't> {
        let mut map = Fields {
            found: [None; MAX_FIELDS],
            known,
        };
        for field in fields {
            let name = field.name;
            let Some(index) = known.iter().position(|k| *k == name) else {
                // Suggest only a field that takes the kind of value written: `hint: "…"` is not
                // a misspelt `kind`.
                let fitting: Vec<&str> = known
                    .iter()
                    .copied()
                    .filter(|k| takes(k, &field.value.value))
                    .collect();
                let name = shorten(name, ID_SHOWN);
                let name = name.as_str();
                let message = match validate::closest(name, &fitting) {
                    Some(suggestion) => {
                        format!("{what}没有“{name}”这个字段，是不是“{suggestion}”？")
                    }
                    None => format!(
                        "{what}没有“{name}”这个字段。可用的字段：{}",
                        known.join("、")
                    ),
                };
                self.error_at(field.name_offset, message);
                continue;
            };
            match map.found.get_mut(index) {
                Some(Some(_)) => {
                    self.error_at(field.name_offset, format!("字段“{name}”重复出现"));
                }
                Some(slot) => *slot = Some(field),
                None => {}
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
                self.type_error(
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
                self.type_error(
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
            self.type_error(
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
                    self.type_error(
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

    /// Reads one question, keeping it if it passes and its id is new; when editing, the
    /// question is returned instead.
    fn question(&mut self, item: &Node<'_>) -> Option<Question> {
        self.read += 1;
        self.question = Some((self.read, None, item.offset));
        let question = question::read_question(self, item);
        if self.accepted_at != self.read
            && let Some(id) = question::question_id(item)
        {
            // A question with mistakes still takes its id: a later one with the same id is a
            // repeat now, not only once the first is mended.
            if self.defer_ids {
                self.broken.push((id.into(), self.read, item.offset));
            } else {
                self.broken_id(id, self.read, item.offset);
            }
        }
        self.question = None;
        match (question, self.keep) {
            (Some(question), Keep::Questions) => {
                self.questions.push(question);
                None
            }
            (question, _) => question,
        }
    }

    /// A question that passed the rules: counted if its id is new (else reported); whether it
    /// is to be made and kept.
    pub(crate) fn accept(&mut self, checked: &crate::core::rules::Checked<'_>, at: usize) -> bool {
        self.accepted_at = self.read;
        if self.defer_ids {
            self.accepted.push((
                checked.id.into(),
                self.read,
                at,
                checked.kind,
                self.questions.len(),
            ));
        } else if let Some(first) = self.ids.first_use(checked.id, self.read) {
            self.error_at(at, Ids::repeated(checked.id, first));
            return false;
        }
        self.usable[kind_index(checked.kind)] += 1;
        self.keep != Keep::Counts
    }

    /// Notes the id of question `number`, which did not pass, and reports it if it is a repeat.
    fn broken_id(&mut self, id: &str, number: usize, at: usize) {
        if let Some(first) = self.ids.first_use(id, number) {
            let was = self.question.take();
            self.question = Some((number, Some(shorten(id, ID_SHOWN)), at));
            self.error_at(at, Ids::repeated(id, first));
            self.question = was;
        }
    }

    /// Names the question being read in every later message.
    pub(crate) fn set_question_id(&mut self, id: &str) {
        if let Some((_, slot, _)) = &mut self.question {
            *slot = Some(shorten(id, ID_SHOWN));
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

/// Whether field `name` (of a bank or a question) takes a value like `value`.
fn takes(name: &str, value: &Value<'_>) -> bool {
    let value = match value {
        Value::Tuple {
            name: Some("Some"),
            items,
        } if items.len() == 1 => &items[0].value,
        Value::Ident("None") => return true,
        other => other,
    };
    match name {
        "options" | "tags" | "questions" => matches!(value, Value::List(_)),
        "difficulty" | "points" | "time_limit_secs" | "format" => {
            matches!(value, Value::Int(_) | Value::Float(_) | Value::Str(_))
        }
        "kind" => matches!(value, Value::Ident(_) | Value::Str(_)),
        "answer" => matches!(value, Value::Str(_) | Value::Bool(_) | Value::List(_)),
        _ => matches!(value, Value::Str(_)),
    }
}

/// How many characters of an id a message shows.
const ID_SHOWN: usize = 40;

/// The id written in the text of a question that could not be read, to name it in the message.
fn sniff_id(text: &str) -> Option<&str> {
    let mut rest = text;
    while let Some(at) = rest.find("id") {
        let before = rest[..at].chars().next_back();
        let after = rest[at + 2..].trim_start_matches([' ', '\t']);
        rest = &rest[at + 2..];
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let Some(value) = after.strip_prefix(':') else {
            continue;
        };
        let value = value.trim_start_matches([' ', '\t']);
        let Some(value) = value.strip_prefix('"') else {
            continue;
        };
        return value.find(['"', '\n']).map(|end| &value[..end]);
    }
    None
}

mod question;

#[cfg(test)]
mod tests;
