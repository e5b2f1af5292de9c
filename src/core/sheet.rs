//! Banks as spreadsheet rows: the template's Chinese column headers (English aliases accepted), and
//! every problem located by row and column.

use crate::core::bank::{Answer, Bank, DEFAULT_CATEGORY, FORMAT_VERSION, Kind, Question};
use crate::core::error::{Problem, Severity};
use crate::core::validate;

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

/// Reads questions from rows whose first non-empty row is the header. Problems name their row and
/// column (`line` is the row, `column` the column, both from 1); the rows that pass are returned.
pub fn from_rows(sheet: &str, rows: &[Vec<String>]) -> (Vec<Question>, Vec<Problem>) {
    let mut problems = Vec::new();
    let problem = |row: usize,
                   col: Option<usize>,
                   index: Option<usize>,
                   id: Option<&str>,
                   message: String| Problem {
        severity: Severity::Error,
        line: Some(row),
        column: col.map(|c| c + 1).or(Some(1)),
        question_index: index,
        question_id: id.map(str::to_owned),
        message: match col {
            Some(c) => format!(
                "工作表“{sheet}”第 {row} 行 {} 列：{message}",
                column_name(c)
            ),
            None => format!("工作表“{sheet}”第 {row} 行：{message}"),
        },
    };
    let Some(header_at) = rows
        .iter()
        .position(|r| r.iter().any(|c| !c.trim().is_empty()))
    else {
        problems.push(problem(1, None, None, None, "表格是空的".to_owned()));
        return (Vec::new(), problems);
    };
    let mut columns: Vec<Option<Col>> = Vec::new();
    for (c, header) in rows[header_at].iter().enumerate() {
        let col = column_of(header);
        if col.is_none() && !header.trim().is_empty() && header.trim() != "备注" {
            let mut warning = problem(
                header_at + 1,
                Some(c),
                None,
                None,
                format!("不认识的列名“{}”，这一列已忽略", header.trim()),
            );
            warning.severity = Severity::Warning;
            problems.push(warning);
        }
        columns.push(col);
    }
    for required in [Col::Kind, Col::Stem, Col::Answer] {
        if !columns.contains(&Some(required)) {
            let name = match required {
                Col::Kind => "题型",
                Col::Stem => "题干",
                _ => "答案",
            };
            problems.push(problem(
                header_at + 1,
                None,
                None,
                None,
                format!("表头缺少“{name}”列（模板的列：{}）", HEADERS.join("、")),
            ));
        }
    }
    if problems.iter().any(|p| p.severity == Severity::Error) {
        return (Vec::new(), problems);
    }
    let mut questions: Vec<Question> = Vec::new();
    let mut index = 0;
    for (r, row) in rows.iter().enumerate().skip(header_at + 1) {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        index += 1;
        let row_no = r + 1;
        let get = |col: Col| -> (Option<usize>, String) {
            let at = columns.iter().position(|c| *c == Some(col));
            (
                at,
                at.and_then(|i| row.get(i))
                    .map(|v| v.trim().to_owned())
                    .unwrap_or_default(),
            )
        };
        let (kind_col, kind_text) = get(Col::Kind);
        let (stem_col, stem) = get(Col::Stem);
        let (answer_col, answer_text) = get(Col::Answer);
        let (_, id_text) = get(Col::Id);
        let before = problems.len();
        let kind = Kind::parse(&kind_text);
        let id = match (&id_text, kind) {
            (id, _) if !id.is_empty() => id.clone(),
            (_, Some(kind)) => generated_id(kind, &stem),
            _ => String::new(),
        };
        let id_ref = (!id.is_empty()).then_some(id.as_str());
        let mut fail = |col: Option<usize>, message: String| {
            problems.push(problem(row_no, col, Some(index), id_ref, message))
        };
        if kind.is_none() {
            fail(
                kind_col,
                format!("题型“{kind_text}”无法识别：请写 单选、多选、判断、填空 或 简答"),
            );
        }
        if stem.is_empty() {
            fail(stem_col, "题干是空的".to_owned());
        }
        let mut options = Vec::new();
        let mut gap = None;
        for i in 0..8 {
            let (col, text) = get(Col::Option(i));
            if text.is_empty() {
                gap.get_or_insert(col);
            } else {
                if let Some(gap_col) = gap.take() {
                    fail(
                        gap_col,
                        format!(
                            "选项{}是空的，后面却还有选项",
                            crate::core::bank::option_letter(i - 1)
                        ),
                    );
                }
                options.push(text);
            }
        }
        let answer = match kind {
            Some(k @ (Kind::Single | Kind::Multiple)) => {
                if options.len() < 2 {
                    fail(kind_col, "选择题至少要有 2 个选项".to_owned());
                    None
                } else {
                    validate::choice_answer(&answer_text, options.len(), k == Kind::Single)
                        .map(Answer::Choice)
                        .map_err(|m| fail(answer_col, m))
                        .ok()
                }
            }
            Some(Kind::TrueFalse) => validate::true_false_answer(&answer_text)
                .map(Answer::TrueFalse)
                .map_err(|m| fail(answer_col, m))
                .ok(),
            Some(Kind::Blank) => validate::blank_answer(&answer_text)
                .map(Answer::Blanks)
                .map_err(|m| fail(answer_col, m))
                .ok(),
            Some(Kind::Open) => Some(Answer::Reference(answer_text.clone())),
            None => None,
        };
        let mut number = |col: Col, min: u32, max: u32, what: &str| -> Option<u32> {
            let (at, text) = get(col);
            if text.is_empty() {
                return None;
            }
            match text
                .parse::<f64>()
                .ok()
                .filter(|n| n.fract() == 0.0 && *n >= f64::from(min) && *n <= f64::from(max))
            {
                Some(n) => Some(n as u32),
                None => {
                    fail(
                        at,
                        format!("{what}应是 {min} 到 {max} 的整数，这里是“{text}”"),
                    );
                    None
                }
            }
        };
        let difficulty = number(Col::Difficulty, 1, 5, "难度");
        let points = number(Col::Points, 1, 1000, "分值");
        let time_limit_secs = number(Col::TimeLimit, 1, 3600, "限时秒");
        let (image_col, image) = get(Col::Image);
        if !image.is_empty() && !validate::image_path_is_safe(&image) {
            fail(
                image_col,
                format!("图片路径“{image}”不可用：只能写题库文件所在文件夹里的相对路径"),
            );
        }
        if let Some(first) = questions
            .iter()
            .position(|q| q.id == id)
            .filter(|_| !id.is_empty())
        {
            let (id_col, _) = get(Col::Id);
            let first_row = questions[first].line.unwrap_or(0);
            fail(
                id_col,
                format!("题目编号“{id}”重复：第 {first_row} 行已经用过"),
            );
        }
        if problems.len() > before {
            continue;
        }
        let (Some(kind), Some(answer)) = (kind, answer) else {
            continue;
        };
        let text = |col| Some(get(col).1).filter(|t| !t.is_empty());
        questions.push(Question {
            id,
            category: text(Col::Category).unwrap_or_else(|| DEFAULT_CATEGORY.to_owned()),
            kind,
            stem,
            options: if kind.has_options() {
                options
            } else {
                Vec::new()
            },
            answer,
            answer_text,
            explanation: text(Col::Explanation),
            source: text(Col::Source),
            difficulty: difficulty.map(|d| d as u8),
            tags: text(Col::Tags)
                .map(|t| {
                    t.split(['；', ';', '，', ','])
                        .map(|s| s.trim().to_owned())
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            image: Some(image).filter(|i| !i.is_empty()),
            points,
            time_limit_secs,
            line: Some(row_no),
        });
    }
    (questions, problems)
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
