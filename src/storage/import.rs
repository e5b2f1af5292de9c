//! Reading a participants list from a CSV (any Chinese encoding) or an Excel file, and adding
//! everyone on it to the records.

use std::path::Path;

use calamine::Reader as _;

use crate::core::decode::decode;
use crate::core::error::{Error, Result};
use crate::core::roster::{self, Roster};
use crate::storage::records::Records;

/// The largest list read, in bytes.
pub const MAX_LIST_BYTES: u64 = 32 * 1024 * 1024;

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// People read from the file.
    pub read: usize,
    /// Of those, new to the records.
    pub added: usize,
    /// Rows skipped and other problems, each naming its row.
    pub problems: Vec<String>,
}

/// Every sheet of a workbook, by name, as rows of text; a malformed file is an error, never a crash.
pub fn read_sheets(path: &Path) -> Result<Vec<(String, Vec<Vec<String>>)>> {
    let bad = |message: String| Error::File {
        path: path.to_path_buf(),
        message,
    };
    let size = std::fs::metadata(path)
        .map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?
        .len();
    if size > MAX_LIST_BYTES {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            size_mb: size as f64 / (1024.0 * 1024.0),
            limit_mb: MAX_LIST_BYTES / (1024 * 1024),
        });
    }
    let opened = std::panic::catch_unwind(|| {
        let mut workbook = calamine::open_workbook_auto(path).map_err(|e| e.to_string())?;
        let mut sheets = Vec::new();
        for name in workbook.sheet_names() {
            let range = workbook.worksheet_range(&name).map_err(|e| e.to_string())?;
            let rows = range
                .rows()
                .map(|row| row.iter().map(|cell| cell.to_string()).collect())
                .collect();
            sheets.push((name, rows));
        }
        Ok::<_, String>(sheets)
    });
    match opened {
        Ok(Ok(sheets)) => Ok(sheets),
        Ok(Err(message)) => Err(bad(format!("无法读取表格：{message}"))),
        Err(_) => Err(bad("表格文件已损坏，无法读取".to_owned())),
    }
}

/// Reads the rows of a `.csv`, `.xlsx` or `.xls` file (the first sheet of a workbook).
pub fn read_rows(path: &Path) -> Result<Vec<Vec<String>>> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_LIST_BYTES {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            size_mb: size as f64 / (1024.0 * 1024.0),
            limit_mb: MAX_LIST_BYTES / (1024 * 1024),
        });
    }
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_lowercase();
    let bad = |message: String| Error::File {
        path: path.to_path_buf(),
        message,
    };
    match extension.as_str() {
        "csv" | "txt" => {
            let bytes = std::fs::read(path).map_err(io)?;
            let (text, _) = decode(&bytes).map_err(|e| bad(e.message))?;
            Ok(roster::csv_rows(&text))
        }
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => read_sheets(path)?
            .into_iter()
            .next()
            .map(|(_, rows)| rows)
            .ok_or_else(|| bad("工作簿里没有工作表".to_owned())),
        other => Err(bad(format!(
            "不支持“.{other}”文件：请用 .csv、.xlsx 或 .xls"
        ))),
    }
}

/// Imports a participants list into the records; people already there are matched, not doubled.
pub fn import_participants(records: &Records, path: &Path, now_ms: i64) -> Result<ImportReport> {
    let Roster { rows, problems } = roster::read(&read_rows(path)?);
    let mut report = ImportReport {
        read: rows.len(),
        problems,
        ..ImportReport::default()
    };
    let before = records.participants()?.len();
    for row in rows {
        if let Err(error) = records.add_participant(
            &row.name,
            row.branch.as_deref(),
            row.staff_no.as_deref(),
            now_ms,
        ) {
            report
                .problems
                .push(format!("第 {} 行（{}）：{error}", row.row, row.name));
        }
    }
    report.added = records.participants()?.len() - before;
    Ok(report)
}
