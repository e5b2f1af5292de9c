//! A records package opened as what it is: a database anyone could have made. It is opened
//! read-only and immutable (SQLite writes nothing beside it), with SQLite's defensive settings,
//! triggers and views switched off and the schema untrusted; one that has views or triggers at
//! all is refused; every statement runs under a time budget; and its rows are read by this
//! program, column by column, each value checked for type, range and length before it is used.
//! A package of an older version is read as it is (missing columns take their defaults), never
//! upgraded in place.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::config::DbConfig;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};

use crate::core::error::{Error, Result};
use crate::storage::records::SCHEMA_VERSION;

/// The largest package read.
pub const MAX_PACKAGE_BYTES: u64 = 512 * 1024 * 1024;

/// How long the work on one package may take, all statements together.
pub const BUDGET: Duration = Duration::from_secs(8);

/// The tables a package must have (from schema 1) and those it may have (later schemas).
const REQUIRED: [&str; 4] = ["branches", "participants", "attempts", "answers"];

/// An open package.
pub struct Package {
    /// The file, for messages.
    pub path: PathBuf,
    /// The connection, read-only.
    pub conn: Connection,
    /// Its schema version.
    pub version: u32,
}

impl Package {
    /// Opens and checks the package at `path`.
    pub fn open(path: &Path) -> Result<Self> {
        let fail = |message: &str| Error::Package {
            path: path.to_path_buf(),
            message: message.to_owned(),
        };
        let meta = std::fs::metadata(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        if !meta.is_file() {
            return Err(Error::NotAFile {
                path: path.to_path_buf(),
            });
        }
        if meta.len() > MAX_PACKAGE_BYTES {
            return Err(Error::TooLarge {
                path: path.to_path_buf(),
                size_mb: meta.len() as f64 / (1024.0 * 1024.0),
                limit_mb: MAX_PACKAGE_BYTES / (1024 * 1024),
            });
        }
        let mut head = [0u8; 16];
        let read = std::fs::File::open(path)
            .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
            .map_err(|source| Error::Io {
                path: path.to_path_buf(),
                source,
            })?;
        if read < 16 || &head != b"SQLite format 3\0" {
            return Err(fail("不是成绩记录包（文件格式不对，或已损坏）"));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(uri(path), flags)
            .map_err(|_| fail("无法打开：文件已损坏，或不是成绩记录包"))?;
        let guard = |conn: &Connection| -> rusqlite::Result<()> {
            conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
            conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)?;
            conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_VIEW, false)?;
            conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
            conn.pragma_update(None, "query_only", true)?;
            Ok(())
        };
        guard(&conn).map_err(|_| fail("无法以只读方式安全打开"))?;
        let started = Instant::now();
        conn.progress_handler(10_000, Some(move || started.elapsed() > BUDGET))
            .map_err(|_| fail("无法以只读方式安全打开"))?;
        let package = Self {
            path: path.to_path_buf(),
            conn,
            version: 0,
        };
        package.check_schema()
    }

    /// The error for this package.
    pub fn error(&self, message: impl Into<String>) -> Error {
        Error::Package {
            path: self.path.clone(),
            message: message.into(),
        }
    }

    /// A database error while reading the package, in words (an interrupt is the time budget).
    pub fn read_error(&self, error: rusqlite::Error) -> Error {
        let message = match &error {
            rusqlite::Error::SqliteFailure(e, _)
                if e.code == rusqlite::ErrorCode::OperationInterrupted =>
            {
                format!(
                    "处理超过了 {} 秒，已停止：包的内容异常，没有合并任何记录",
                    BUDGET.as_secs()
                )
            }
            rusqlite::Error::SqliteFailure(e, _)
                if e.code == rusqlite::ErrorCode::DatabaseCorrupt =>
            {
                "文件已损坏，请在原电脑上重新导出".to_owned()
            }
            _ => "内容无法读取：文件已损坏，或不是本程序导出的成绩记录包".to_owned(),
        };
        log::warn!("{}: {error}", self.path.display());
        self.error(message)
    }

    fn check_schema(mut self) -> Result<Self> {
        let objects: Vec<(String, String)> = {
            let mut statement = self
                .conn
                .prepare("SELECT type, name FROM sqlite_master")
                .map_err(|e| self.read_error(e))?;
            let rows = statement
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
                .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>());
            rows.map_err(|e| self.read_error(e))?
        };
        if let Some((kind, name)) = objects.iter().find(|(k, _)| k == "trigger" || k == "view") {
            let what = if kind == "trigger" {
                "触发器"
            } else {
                "视图"
            };
            return Err(self.error(format!(
                "含有{what}“{}”：本程序导出的成绩记录包不会有，为安全起见没有合并",
                short(name)
            )));
        }
        for table in REQUIRED {
            if !objects.iter().any(|(k, n)| k == "table" && n == table) {
                return Err(self.error("不是本程序的成绩记录包（缺少记录表）"));
            }
        }
        let version: u32 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| self.read_error(e))?;
        if version == 0 {
            return Err(self.error("不是本程序的成绩记录包"));
        }
        if version > SCHEMA_VERSION {
            return Err(self.error(format!(
                "它来自更新版本的程序（结构版本 {version}，本程序为 {SCHEMA_VERSION}），请先升级本程序"
            )));
        }
        let integrity: String = self
            .conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(|e| self.read_error(e))?;
        if integrity != "ok" {
            return Err(self.error("文件已损坏（完整性检查未通过），请在原电脑上重新导出"));
        }
        self.version = version;
        Ok(self)
    }

    /// Whether table `table` exists and has column `column` (older packages lack some).
    pub fn has(&self, table: &str, column: &str) -> bool {
        self.conn
            .prepare(&format!("SELECT {column} FROM {table} LIMIT 0"))
            .is_ok()
    }

    /// `column` if the package's `table` has it, else `default` (for an older package).
    pub fn column(&self, table: &str, column: &str, default: &str) -> String {
        if self.has(table, column) {
            column.to_owned()
        } else {
            format!("{default} AS {column}")
        }
    }
}

/// The `file:` URI that opens `path` read-only and immutable: SQLite then takes no lock and writes
/// no journal, WAL or shared-memory file beside the package.
fn uri(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut text = absolute.to_string_lossy().replace('\\', "/");
    if !text.starts_with('/') {
        // A Windows drive path: file:///C:/…
        text.insert(0, '/');
    }
    let mut out = String::from("file://");
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3f"),
            '#' => out.push_str("%23"),
            ' ' => out.push_str("%20"),
            c => out.push(c),
        }
    }
    out.push_str("?mode=ro&immutable=1");
    out
}

/// A value shortened for a message.
pub fn short(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// Where in the package a value came from, for messages: "答题记录第 12 行的得分".
pub struct At<'a> {
    /// The table in words.
    pub table: &'a str,
    /// The row, from 1.
    pub row: usize,
}

impl At<'_> {
    fn wrong(&self, field: &str, what: &str) -> String {
        format!("{}第 {} 行的{field}{what}", self.table, self.row)
    }

    /// Text of at most `max` characters (`allow_empty`: may be empty).
    pub fn text(
        &self,
        value: ValueRef<'_>,
        field: &str,
        max: usize,
        allow_empty: bool,
    ) -> std::result::Result<String, String> {
        match value {
            ValueRef::Text(bytes) => {
                let text =
                    std::str::from_utf8(bytes).map_err(|_| self.wrong(field, "不是有效的文字"))?;
                let count = text.chars().count();
                if count > max {
                    return Err(self.wrong(field, &format!("有 {count} 个字，超过了 {max} 个")));
                }
                if !allow_empty && text.trim().is_empty() {
                    return Err(self.wrong(field, "是空的"));
                }
                Ok(text.to_owned())
            }
            ValueRef::Null if allow_empty => Ok(String::new()),
            _ => Err(self.wrong(field, "不是文字")),
        }
    }

    /// Optional text of at most `max` characters.
    pub fn opt_text(
        &self,
        value: ValueRef<'_>,
        field: &str,
        max: usize,
    ) -> std::result::Result<Option<String>, String> {
        match value {
            ValueRef::Null => Ok(None),
            _ => self.text(value, field, max, true).map(Some),
        }
    }

    /// An integer within `range`.
    pub fn int(
        &self,
        value: ValueRef<'_>,
        field: &str,
        range: std::ops::RangeInclusive<i64>,
    ) -> std::result::Result<i64, String> {
        match value {
            ValueRef::Integer(n) if range.contains(&n) => Ok(n),
            ValueRef::Integer(n) => Err(self.wrong(field, &format!("为 {n}，超出了合理范围"))),
            _ => Err(self.wrong(field, "不是整数")),
        }
    }

    /// An optional integer within `range`.
    pub fn opt_int(
        &self,
        value: ValueRef<'_>,
        field: &str,
        range: std::ops::RangeInclusive<i64>,
    ) -> std::result::Result<Option<i64>, String> {
        match value {
            ValueRef::Null => Ok(None),
            _ => self.int(value, field, range).map(Some),
        }
    }

    /// An optional finite number within `range`.
    pub fn opt_real(
        &self,
        value: ValueRef<'_>,
        field: &str,
        range: std::ops::RangeInclusive<f64>,
    ) -> std::result::Result<Option<f64>, String> {
        let number = match value {
            ValueRef::Null => return Ok(None),
            ValueRef::Integer(n) => n as f64,
            ValueRef::Real(x) => x,
            _ => return Err(self.wrong(field, "不是数字")),
        };
        if !number.is_finite() || !range.contains(&number) {
            return Err(self.wrong(field, &format!("为 {number}，超出了合理范围")));
        }
        Ok(Some(number))
    }
}
