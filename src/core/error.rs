//! The one error type of the crate, and the located problems a bank check reports.

use std::path::PathBuf;

use serde::Serialize;

/// Everything that can go wrong in dangshi-quiz, each with a message a branch secretary can read.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("无法读取或写入文件“{path}”：{source}")]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// A bank file has problems; the report lists every one of them.
    #[error("题库“{file}”有 {count} 个错误，第一个：{first}")]
    InvalidBank {
        /// The file, as the user named it.
        file: String,
        /// How many errors.
        count: usize,
        /// The first error, already located.
        first: String,
    },
    /// A file is larger than any sensible bank; reading it could exhaust memory.
    #[error("文件“{path}”有 {size_mb:.1} MB，超过了上限 {limit_mb} MB", path = path.display())]
    TooLarge {
        /// The file concerned.
        path: PathBuf,
        /// Its size in megabytes.
        size_mb: f64,
        /// The limit in megabytes.
        limit_mb: u64,
    },
    /// A path names a folder, a pipe or a device, not a file that can be read.
    #[error("“{path}”不是普通文件（是文件夹、管道或设备），无法读取", path = path.display())]
    NotAFile {
        /// The path concerned.
        path: PathBuf,
    },
    /// A practice or exam was asked for with no question to ask.
    #[error("所选范围内没有题目：{0}")]
    NoQuestions(String),
    /// A paper's rules ask for more questions than the chosen banks have.
    #[error("题目不足，无法组卷：{0}。请减少题数或多选几个题库、分类")]
    NotEnoughQuestions(String),
    /// The records database could not be used.
    #[error("成绩记录数据库“{path}”出错：{message}")]
    Database {
        /// The database file.
        path: PathBuf,
        /// What SQLite said, or what is wrong.
        message: String,
    },
    /// A records package (from another PC) cannot be merged.
    #[error("记录包“{path}”无法合并：{message}")]
    Package {
        /// The package file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// No folder could be found or made for the user's data.
    #[error("无法确定或创建数据文件夹：{0}")]
    DataDir(String),
}

/// A shorthand for results in this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// How serious a problem is: errors stop a question (or a bank) from loading, warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The question or bank cannot be used until this is fixed.
    Error,
    /// Usable, but probably not what the author meant.
    Warning,
}

/// One problem found in a bank, with where it is.
///
/// Syntax problems carry a line and column; problems in a question carry its number (from 1) and id,
/// and the line of the question where it is known.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Error or warning.
    #[serde(skip)]
    pub severity: Severity,
    /// Line, counting from 1.
    pub line: Option<usize>,
    /// Column in characters, counting from 1.
    pub column: Option<usize>,
    /// The question's position in the bank, counting from 1.
    pub question_index: Option<usize>,
    /// The question's id, if it has one.
    pub question_id: Option<String>,
    /// What is wrong and how to fix it, in Chinese.
    pub message: String,
}

impl Problem {
    /// The problem without its line and column: `第3题(s-003): 错误：…`.
    pub fn describe(&self) -> String {
        let question = match (self.question_index, &self.question_id) {
            (Some(index), Some(id)) => format!("第{index}题({id}): "),
            (Some(index), None) => format!("第{index}题: "),
            _ => String::new(),
        };
        format!("{question}{}：{}", self.severity_label(), self.message)
    }

    /// One line of a report for `file`: `FILE:LINE:COLUMN: …`, or `FILE: …` where there is no line.
    pub fn report_line(&self, file: &str) -> String {
        match (self.line, self.column) {
            (Some(line), Some(column)) => format!("{file}:{line}:{column}: {}", self.describe()),
            _ => format!("{file}: {}", self.describe()),
        }
    }

    /// `错误` or `警告`.
    pub fn severity_label(&self) -> &'static str {
        match self.severity {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, "{line}:{column}: ")?;
        }
        f.write_str(&self.describe())
    }
}
