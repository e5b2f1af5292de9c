//! Reading spreadsheets that may be bombs. A workbook's compressed size says nothing of what it
//! unpacks to, and its cells can claim any position: a 1.7 KB file with cells at A1 and
//! XFD1048576 asks a naive reader for the whole range between. So every limit is checked before
//! anything is allocated by it:
//!
//! - `.xlsx`: every part of the zip is unpacked once into nothing, counting real bytes (at most
//!   [`MAX_UNPACKED`] in all); then cells are read one by one, never as a range, with caps on
//!   rows, columns, cells and the length of a cell.
//! - `.xls`: the cell records of each sheet are scanned first ([`super::xls_scan`]) and a sheet
//!   whose cells span more than [`MAX_XLS_AREA`] is refused before the reader lays it out.
//! - `.ods` and `.xlsb` are refused with the way out (save as `.xlsx`): their readers lay out
//!   repeated rows and columns in full, and Chinese offices rarely use them.
//!
//! Each refusal says in Chinese which limit was hit.

use std::io::{Cursor, Read};
use std::path::Path;

use calamine::Reader as _;

use crate::core::error::{Error, Result};

/// The largest spreadsheet file read, in bytes.
pub const MAX_FILE: u64 = 32 * 1024 * 1024;
/// What all the parts of an `.xlsx` may unpack to, in bytes.
pub const MAX_UNPACKED: u64 = 128 * 1024 * 1024;
/// The most parts an `.xlsx` may have.
pub const MAX_PARTS: usize = 10_000;
/// The most rows read from a sheet (Excel's own limit).
pub const MAX_ROWS: u32 = 1_048_576;
/// The most columns read: question and roster sheets use about a dozen.
pub const MAX_COLUMNS: u32 = 64;
/// The most cells read from a workbook.
pub const MAX_CELLS: usize = 4_000_000;
/// The longest cell, in characters (Excel's own limit).
pub const MAX_CELL_CHARS: usize = 32_767;
/// The most cells an `.xls` sheet may span from its first to its last.
pub const MAX_XLS_AREA: u64 = 4_000_000;

/// A sheet: its name and its rows of text, row 1 first (empty rows kept, so that row numbers in
/// messages are those the user sees).
pub type Sheet = (String, Vec<Vec<String>>);

/// Every sheet of the workbook at `path`.
pub fn read_workbook(path: &Path) -> Result<Vec<Sheet>> {
    let bytes = super::read_capped(path, MAX_FILE)?;
    let bad = |message: String| Error::File {
        path: path.to_path_buf(),
        message,
    };
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        check_zip(&bytes).map_err(bad)?;
        read_xlsx(bytes).map_err(bad)
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        super::xls_scan::check(&bytes, MAX_XLS_AREA, MAX_COLUMNS).map_err(bad)?;
        read_xls(bytes).map_err(bad)
    } else {
        Err(bad(
            "不是 Excel 表格文件（.xlsx 或 .xls）：可能已损坏，或只是改了扩展名".to_owned(),
        ))
    }
}

/// Unpacks every part into nothing, counting what it really unpacks to.
fn check_zip(bytes: &[u8]) -> std::result::Result<(), String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| "表格文件已损坏：不是完整的 .xlsx（压缩包结构有误）".to_owned())?;
    if archive.len() > MAX_PARTS {
        return Err(format!(
            "表格文件由 {} 个部分组成，超过了上限 {MAX_PARTS}",
            archive.len()
        ));
    }
    if archive.by_name("content.xml").is_ok() || archive.by_name("mimetype").is_ok() {
        return Err(
            "这是 OpenDocument 表格（.ods）：请在 WPS 或 Excel 中另存为 .xlsx 后再导入".into(),
        );
    }
    if archive.by_name("xl/workbook.bin").is_ok() {
        return Err("这是 Excel 二进制工作簿（.xlsb）：请在 Excel 中另存为 .xlsx 后再导入".into());
    }
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let mut part = archive
            .by_index(i)
            .map_err(|_| "表格文件已损坏：其中一部分无法解压".to_owned())?;
        let left = MAX_UNPACKED - total;
        let unpacked = std::io::copy(&mut (&mut part).take(left + 1), &mut std::io::sink())
            .map_err(|_| "表格文件已损坏：其中一部分无法解压".to_owned())?;
        total += unpacked;
        if total > MAX_UNPACKED {
            return Err(format!(
                "表格文件解压后超过 {} MB（压缩炸弹或异常大的表格），没有读取",
                MAX_UNPACKED / (1024 * 1024)
            ));
        }
    }
    Ok(())
}

/// The rows being gathered from a stream of cells, within the caps.
struct Rows {
    rows: Vec<Vec<String>>,
    cells: usize,
}

impl Rows {
    fn put(
        &mut self,
        sheet: &str,
        (row, col): (u32, u32),
        text: String,
    ) -> std::result::Result<(), String> {
        if text.is_empty() {
            return Ok(());
        }
        let at = || format!("工作表“{sheet}”第 {} 行第 {} 列", row + 1, col + 1);
        if row >= MAX_ROWS {
            return Err(format!("{}超出了 {MAX_ROWS} 行", at()));
        }
        if col >= MAX_COLUMNS {
            return Err(format!(
                "{}超出了读取范围：最多读 {MAX_COLUMNS} 列，请删去多余的列",
                at()
            ));
        }
        if text.chars().count() > MAX_CELL_CHARS {
            return Err(format!("{}的内容超过 {MAX_CELL_CHARS} 个字", at()));
        }
        self.cells += 1;
        if self.cells > MAX_CELLS {
            return Err(format!("表格的单元格超过 {MAX_CELLS} 个，没有读取"));
        }
        let (row, col) = (row as usize, col as usize);
        if self.rows.len() <= row {
            self.rows.resize_with(row + 1, Vec::new);
        }
        let cells = &mut self.rows[row];
        if cells.len() <= col {
            cells.resize(col + 1, String::new());
        }
        cells[col] = text;
        Ok(())
    }
}

fn read_xlsx(bytes: Vec<u8>) -> std::result::Result<Vec<Sheet>, String> {
    guarded(move || {
        let mut workbook = calamine::Xlsx::new(Cursor::new(bytes))
            .map_err(|e| damaged("表格文件无法读取：文件已损坏，或不是 Excel 保存的表格", &e))?;
        let mut sheets = Vec::new();
        let mut rows = Rows {
            rows: Vec::new(),
            cells: 0,
        };
        for name in workbook.sheet_names() {
            let mut reader = workbook
                .worksheet_cells_reader(&name)
                .map_err(|e| damaged(&format!("工作表“{name}”无法读取：文件已损坏"), &e))?;
            while let Some(cell) = reader
                .next_cell()
                .map_err(|e| damaged(&format!("工作表“{name}”已损坏，无法读完"), &e))?
            {
                let text = calamine::Data::from(cell.get_value().clone()).to_string();
                rows.put(&name, cell.get_position(), text)?;
            }
            sheets.push((name, std::mem::take(&mut rows.rows)));
        }
        Ok(sheets)
    })
}

fn read_xls(bytes: Vec<u8>) -> std::result::Result<Vec<Sheet>, String> {
    guarded(move || {
        let mut workbook = calamine::Xls::new(Cursor::new(bytes))
            .map_err(|e| damaged("表格文件无法读取：文件已损坏，或不是 Excel 保存的表格", &e))?;
        let mut sheets = Vec::new();
        let mut rows = Rows {
            rows: Vec::new(),
            cells: 0,
        };
        for name in workbook.sheet_names() {
            let range = workbook
                .worksheet_range(&name)
                .map_err(|e| damaged(&format!("工作表“{name}”无法读取：文件已损坏"), &e))?;
            for (row, col, value) in range.used_cells() {
                let (start_row, start_col) = range.start().unwrap_or((0, 0));
                let at = (start_row + row as u32, start_col + col as u32);
                rows.put(&name, at, value.to_string())?;
            }
            sheets.push((name, std::mem::take(&mut rows.rows)));
        }
        Ok(sheets)
    })
}

/// Runs a reader that may panic on a malformed file: a panic is a damaged file, not a crash.
fn guarded<T>(
    read: impl FnOnce() -> std::result::Result<T, String> + std::panic::UnwindSafe,
) -> std::result::Result<T, String> {
    std::panic::catch_unwind(read).unwrap_or_else(|_| Err("表格文件已损坏，无法读取".to_owned()))
}

/// The message for the user; the reader's own (English) words go to the log only.
fn damaged(message: &str, error: &dyn std::fmt::Display) -> String {
    log::warn!("{message}: {error}");
    message.to_owned()
}

#[cfg(test)]
#[path = "workbook_tests.rs"]
mod tests;
