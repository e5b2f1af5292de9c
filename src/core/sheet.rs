//! Banks as spreadsheet rows: the template's Chinese column headers (English aliases accepted), and
//! every problem located by row and column.

use crate::core::bank::{Answer, Bank, FORMAT_VERSION, Kind, Question};
use crate::core::error::{Problem, Severity};
use crate::core::rules::{self, Ids, RawQuestion, Report, Written, WrittenList};
use crate::core::validate::shorten;

/// The template's columns, in order.
pub const HEADERS: [&str; 21] = [
    "编号",
    "题型",
    "分类",
    "题干",
    "选项A",
    "选项B",
    "选项C",
    "选项D",
    "选项E",
    "选项F",
    "选项G",
    "选项H",
    "答案",
    "解析",
    "出处",
    "难度",
    "标签",
    "图片",
    "分值",
    "限时秒",
    "备注",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Col {
    Id,
    Kind,
    Category,
    Stem,
    Option(usize),
    Answer,
    Explanation,
    Source,
    Difficulty,
    Tags,
    Image,
    Points,
    TimeLimit,
}

fn column_of(header: &str) -> Option<Col> {
    let h = header
        .trim()
        .trim_start_matches('\u{FEFF}')
        .to_lowercase()
        .replace([' ', '_'], "");
    Some(match h.as_str() {
        "编号" | "题号" | "id" => Col::Id,
        "题型" | "类型" | "kind" | "type" => Col::Kind,
        "分类" | "类别" | "category" => Col::Category,
        "题干" | "题目" | "stem" | "question" => Col::Stem,
        "答案" | "正确答案" | "answer" => Col::Answer,
        "解析" | "explanation" => Col::Explanation,
        "出处" | "来源" | "source" => Col::Source,
        "难度" | "difficulty" => Col::Difficulty,
        "标签" | "tags" => Col::Tags,
        "图片" | "image" => Col::Image,
        "分值" | "points" => Col::Points,
        "限时秒" | "限时" | "timelimitsecs" => Col::TimeLimit,
        other => {
            let letter = other
                .strip_prefix("选项")
                .or_else(|| other.strip_prefix("option"))
                .unwrap_or(other);
            let mut chars = letter.chars();
            match (chars.next(), chars.next()) {
                (Some(c @ 'a'..='h'), None) => Col::Option(c as usize - 'a' as usize),
                _ => return None,
            }
        }
    })
}

/// The spreadsheet column name of a 0-based column: A, B, … Z, AA.
pub fn column_name(index: usize) -> String {
    let mut n = index + 1;
    let mut name = String::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        name.insert(0, char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    name
}

/// A stable id for a question that has none: the same kind and stem always give the same id.
pub fn generated_id(kind: Kind, stem: &str) -> String {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in kind.file_name().bytes().chain(stem.trim().bytes()) {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    format!("q-{hash:08x}")
}

/// The bank as rows: the header, then one row per question.
pub fn to_rows(bank: &Bank) -> Vec<Vec<String>> {
    let mut rows = vec![HEADERS.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>()];
    for q in &bank.questions {
        let mut row = vec![String::new(); HEADERS.len()];
        row[0] = q.id.clone();
        row[1] = q.kind.label().trim_end_matches('题').to_owned();
        row[2] = q.category.clone();
        row[3] = q.stem.clone();
        for (i, option) in q.options.iter().enumerate().take(8) {
            row[4 + i] = option.clone();
        }
        row[12] = q.answer_text.clone();
        row[13] = q.explanation.clone().unwrap_or_default();
        row[14] = q.source.clone().unwrap_or_default();
        row[15] = q.difficulty.map(|d| d.to_string()).unwrap_or_default();
        row[16] = q.tags.join("；");
        row[17] = q.image.clone().unwrap_or_default();
        row[18] = q.points.map(|p| p.to_string()).unwrap_or_default();
        row[19] = q.time_limit_secs.map(|t| t.to_string()).unwrap_or_default();
        rows.push(row);
    }
    rows
}

/// A cell: its row (from 1) and, where known, its column (from 0).
type Cell = (usize, Option<usize>);

/// Problems of one sheet, each located by row and column and named in its message.
struct SheetReport<'s> {
    sheet: &'s str,
    problems: Vec<Problem>,
    /// The question being read: its number (from 1) and id.
    question: Option<(usize, String)>,
}

impl SheetReport<'_> {
    fn push(&mut self, severity: Severity, (row, col): Cell, message: String) {
        let sheet = self.sheet;
        let message = match col {
            Some(c) => format!(
                "工作表“{sheet}”第 {row} 行 {} 列：{message}",
                column_name(c)
            ),
            None => format!("工作表“{sheet}”第 {row} 行：{message}"),
        };
        let (question_index, question_id) = match &self.question {
            Some((index, id)) => (Some(*index), (!id.is_empty()).then(|| id.clone())),
            None => (None, None),
        };
        self.problems.push(Problem {
            severity,
            line: Some(row),
            column: col.map(|c| c + 1).or(Some(1)),
            question_index,
            question_id,
            message,
        });
    }
}

impl Report<Cell> for SheetReport<'_> {
    fn error(&mut self, at: Cell, message: String) {
        self.push(Severity::Error, at, message);
    }

    fn warn(&mut self, at: Cell, message: String) {
        self.push(Severity::Warning, at, message);
    }
}

/// Reads questions from rows whose first non-empty row is the header. Problems name their row and
/// column (`line` is the row, `column` the column, both from 1); the rows that pass are returned.
/// Each row is checked by the same rules as a question of a RON bank.
pub fn from_rows(sheet: &str, rows: &[Vec<String>]) -> (Vec<Question>, Vec<Problem>) {
    let mut report = SheetReport {
        sheet,
        problems: Vec::new(),
        question: None,
    };
    let Some(header_at) = rows
        .iter()
        .position(|r| r.iter().any(|c| !c.trim().is_empty()))
    else {
        report.error((1, None), "表格是空的".to_owned());
        return (Vec::new(), report.problems);
    };
    let mut columns: Vec<Option<Col>> = Vec::new();
    for (c, header) in rows[header_at].iter().enumerate() {
        let col = column_of(header);
        if col.is_none() && !header.trim().is_empty() && header.trim() != "备注" {
            report.warn(
                (header_at + 1, Some(c)),
                format!("不认识的列名“{}”，这一列已忽略", shorten(header.trim(), 40)),
            );
        }
        columns.push(col);
    }
    for (required, name) in [
        (Col::Kind, "题型"),
        (Col::Stem, "题干"),
        (Col::Answer, "答案"),
    ] {
        if !columns.contains(&Some(required)) {
            report.error(
                (header_at + 1, None),
                format!("表头缺少“{name}”列（模板的列：{}）", HEADERS.join("、")),
            );
        }
    }
    if report
        .problems
        .iter()
        .any(|p| p.severity == Severity::Error)
    {
        return (Vec::new(), report.problems);
    }
    let column = |col: Col| columns.iter().position(|c| *c == Some(col));
    let mut questions: Vec<Question> = Vec::new();
    let mut ids = Ids::default();
    let mut index = 0;
    for (r, row) in rows.iter().enumerate().skip(header_at + 1) {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        index += 1;
        let row_no = r + 1;
        let cell = |col: Col| -> Option<Written<'_, Cell>> {
            let at = column(col)?;
            let text = row.get(at).map(String::as_str).unwrap_or_default();
            (!text.trim().is_empty()).then(|| Written::new(text, (row_no, Some(at))))
        };
        let kind_cell = cell(Col::Kind);
        let stem_cell = cell(Col::Stem);
        // A row without an id gets one from its kind and stem, the same every time it is read.
        let id = match (
            cell(Col::Id),
            kind_cell.as_ref().and_then(|k| Kind::parse(k.text.trim())),
        ) {
            (Some(id), _) => Some(id),
            (None, Some(kind)) => Some(Written::new(
                generated_id(kind, stem_cell.as_ref().map_or("", |s| s.text.trim())),
                (row_no, column(Col::Id)),
            )),
            (None, None) => None,
        };
        // Kept for the duplicate check of a row that does not pass: it still takes its id.
        let written_id = id.as_ref().map(|i| i.text.trim().to_owned());
        report.question = Some((
            index,
            id.as_ref()
                .map(|i| shorten(i.text.trim(), 40))
                .unwrap_or_default(),
        ));
        let before = report.problems.len();
        let mut options = Vec::new();
        let mut gap = None;
        for i in 0..8 {
            match cell(Col::Option(i)) {
                None => {
                    gap.get_or_insert((row_no, column(Col::Option(i))));
                }
                Some(option) => {
                    if let Some(gap_at) = gap.take() {
                        report.error(
                            gap_at,
                            format!(
                                "选项{}是空的，后面却还有选项",
                                crate::core::bank::option_letter(i - 1)
                            ),
                        );
                    }
                    options.push(option);
                }
            }
        }
        let raw = RawQuestion {
            id,
            kind: Some(kind_cell.unwrap_or_else(|| Written::new("", (row_no, column(Col::Kind))))),
            stem: Some(stem_cell.unwrap_or_else(|| Written::new("", (row_no, column(Col::Stem))))),
            options: (!options.is_empty()).then(|| WrittenList {
                items: options,
                at: (row_no, column(Col::Option(0))),
            }),
            answer: Some(
                cell(Col::Answer)
                    .unwrap_or_else(|| Written::new("", (row_no, column(Col::Answer)))),
            ),
            category: cell(Col::Category),
            explanation: cell(Col::Explanation),
            source: cell(Col::Source),
            difficulty: cell(Col::Difficulty),
            tags: cell(Col::Tags).map(|tags| WrittenList {
                at: tags.at,
                items: tags
                    .text
                    .split(['；', ';', '，', ','])
                    .map(|t| Written::new(t.to_owned(), tags.at))
                    .collect(),
            }),
            image: cell(Col::Image),
            points: cell(Col::Points),
            time_limit_secs: cell(Col::TimeLimit),
            at: (row_no, None),
        };
        let question = rules::check(&raw, &mut report);
        if let Some(mut question) = question.filter(|_| {
            report.problems[before..]
                .iter()
                .all(|p| p.severity == Severity::Warning)
        }) {
            match ids.first_use(&question.id, index) {
                Some(first) => report.error(
                    (row_no, column(Col::Id)),
                    Ids::repeated(&question.id, first),
                ),
                None => {
                    question.line = Some(row_no);
                    questions.push(question);
                }
            }
        } else if let Some(id) = written_id.filter(|id| !id.is_empty())
            && let Some(first) = ids.first_use(&id, index)
        {
            report.error((row_no, column(Col::Id)), Ids::repeated(&id, first));
        }
        report.question = None;
    }
    (questions, report.problems)
}

/// The blank template's content: one example question of each kind, to copy and overwrite.
pub fn template_bank() -> Bank {
    let example = |id: &str, kind: Kind, stem: &str, options: &[&str], answer: &str| {
        let mut q = Question {
            id: id.to_owned(),
            category: "党的创建".to_owned(),
            kind,
            stem: stem.to_owned(),
            options: options.iter().map(|o| (*o).to_owned()).collect(),
            answer: Answer::Reference(String::new()),
            answer_text: answer.to_owned(),
            explanation: Some("在这里写为什么这个答案对。".to_owned()),
            source: Some("《中国共产党简史》".to_owned()),
            difficulty: Some(1),
            tags: vec![],
            image: None,
            points: None,
            time_limit_secs: None,
            line: None,
        };
        q.answer = match kind {
            Kind::Single => Answer::Choice(vec![1]),
            Kind::TrueFalse => Answer::TrueFalse(true),
            _ => Answer::Reference(answer.to_owned()),
        };
        q
    };
    Bank {
        format: FORMAT_VERSION,
        id: "my-bank".to_owned(),
        title: "我的题库".to_owned(),
        version: "1".to_owned(),
        description: "把示例行改成自己的题目".to_owned(),
        questions: vec![
            example(
                "ex-001",
                Kind::Single,
                "中国共产党第一次全国代表大会于哪一年召开？",
                &["1919年", "1921年", "1927年", "1935年"],
                "B",
            ),
            example(
                "ex-002",
                Kind::TrueFalse,
                "遵义会议是党的历史上一个生死攸关的转折点。",
                &[],
                "对",
            ),
        ],
    }
}

/// The bank header as key/value rows, for a workbook's second sheet.
pub fn info_rows(bank: &Bank) -> Vec<Vec<String>> {
    [
        ("编号", &bank.id),
        ("名称", &bank.title),
        ("版本", &bank.version),
        ("说明", &bank.description),
    ]
    .iter()
    .map(|(k, v)| vec![(*k).to_owned(), (*v).clone()])
    .collect()
}

/// A bank made of `questions` with the header from key/value rows (if any), else from the file name.
pub fn bank_from(info: &[Vec<String>], file_stem: &str, questions: Vec<Question>) -> Bank {
    let value = |key: &str| {
        info.iter()
            .find(|row| row.first().is_some_and(|k| k.trim() == key))
            .and_then(|row| row.get(1))
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    Bank {
        format: FORMAT_VERSION,
        id: value("编号").unwrap_or_else(|| file_stem.to_owned()),
        title: value("名称").unwrap_or_else(|| file_stem.to_owned()),
        version: value("版本").unwrap_or_default(),
        description: value("说明").unwrap_or_default(),
        questions,
    }
}

#[cfg(test)]
#[path = "sheet_tests.rs"]
mod tests;
