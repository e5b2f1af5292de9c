//! Reading a participants list from a CSV (any Chinese encoding) or an Excel file, and adding
//! everyone on it to the records.

use std::path::Path;

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

/// Reads the rows of a `.csv`, `.xlsx` or `.xls` file (the first sheet of a workbook).
pub fn read_rows(path: &Path) -> Result<Vec<Vec<String>>> {
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
            let bytes = crate::storage::read_capped(path, MAX_LIST_BYTES)?;
            let (text, _) = decode(&bytes).map_err(|e| bad(e.message))?;
            roster::csv_rows_checked(&text).map_err(bad)
        }
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => crate::storage::workbook::read_workbook(path)?
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
