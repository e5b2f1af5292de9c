//! The one error type of the crate, and the located problems a bank check reports.

use std::path::PathBuf;

use serde::Serialize;

/// Everything that can go wrong in dangshi-quiz, each with a message a branch secretary can read.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written: what the operating system said, in Chinese.
    #[error("无法读取或写入“{}”：{}", path.display(), io_message(source))]
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
    /// The records database could not be used: what went wrong, in words a secretary can act on.
    #[error("成绩记录数据库出错：{message}")]
    Database {
        /// What went wrong, in Chinese.
        message: String,
        /// SQLite's own error, for the log.
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
    /// The records were written by a newer version of the program.
    #[error(
        "成绩记录来自更新版本的程序（数据结构第 {found} 版，本程序为第 {ours} 版），请升级本程序后再打开"
    )]
    NewerRecords {
        /// The version found.
        found: u32,
        /// This program's.
        ours: u32,
    },
    /// Something stored in the records cannot be read back (an event log, a plan).
    #[error("成绩记录中的{what}无法读取：{message}")]
    BadRecord {
        /// What it is, in Chinese ("竞赛“…”的操作记录").
        what: String,
        /// Why.
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
    /// A file was read but its content is not what it should be, or could not be written in its
    /// format (a spreadsheet, a workbook).
    #[error("文件“{}”{message}", path.display())]
    File {
        /// The file at fault.
        path: PathBuf,
        /// What is wrong, in Chinese.
        message: String,
    },
    /// Another copy of the program is using the data folder.
    #[error("另一个“党史知识竞赛”窗口正在使用数据文件夹“{}”。同一个数据文件夹一次只能由一个程序使用：请切换到已经打开的窗口，或先关闭它。", dir.display())]
    InUse {
        /// The data folder.
        dir: PathBuf,
    },
    /// No folder could be found or made for the user's data.
    #[error("无法确定或创建数据文件夹：{0}")]
    DataDir(String),
}

/// What the operating system said, in Chinese: the common cases by kind, the code for the rest.
pub fn io_message(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let what = match error.kind() {
        ErrorKind::NotFound => "找不到这个文件或文件夹",
        ErrorKind::PermissionDenied => {
            "没有权限（请检查文件和文件夹的权限，或文件是否被其他程序打开）"
        }
        ErrorKind::AlreadyExists => "已经存在",
        ErrorKind::IsADirectory => "这是一个文件夹，不是文件",
        ErrorKind::NotADirectory => "路径中有一部分不是文件夹",
        ErrorKind::StorageFull => "磁盘已满",
        ErrorKind::ReadOnlyFilesystem => "磁盘是只读的",
        ErrorKind::DirectoryNotEmpty => "文件夹不是空的",
        ErrorKind::InvalidFilename => "文件名不可用",
        ErrorKind::FileTooLarge => "文件太大",
        ErrorKind::UnexpectedEof => "文件意外结束（可能不完整）",
        ErrorKind::WouldBlock => "文件暂时无法读取（可能是管道或设备）",
        ErrorKind::Interrupted | ErrorKind::TimedOut => "读写被中断",
        ErrorKind::InvalidData => "内容无法识别",
        ErrorKind::CrossesDevices => "不能在两个磁盘之间直接移动",
        ErrorKind::ResourceBusy => "正被其他程序使用",
        _ => {
            return match error.raw_os_error() {
                Some(code) => format!("系统错误（代码 {code}）"),
                None => "系统错误".to_owned(),
            };
        }
    };
    what.to_owned()
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
