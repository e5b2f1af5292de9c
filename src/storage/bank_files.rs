//! Bank files in any supported form: `.ron` (format v1), `.xlsx`/`.xls` (the template) and `.csv`.

use std::path::Path;

use crate::core::bank::Bank;
use crate::core::decode::decode;
use crate::core::error::{Error, Result};
use crate::core::load::{Keep, LoadReport, MAX_BANK_BYTES};
use crate::core::{roster, sheet, write};

/// The forms a bank file can take, by its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BankFormat {
    /// RON, format v1.
    Ron,
    /// An Excel workbook: questions on the first sheet, the bank's header on a sheet “题库信息”.
    Xlsx,
    /// CSV: questions only; the bank is named after the file.
    Csv,
}

impl BankFormat {
    /// The format of `path`, by extension.
    pub fn of(path: &Path) -> Option<Self> {
        match path.extension()?.to_str()?.to_lowercase().as_str() {
            "ron" => Some(BankFormat::Ron),
            "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => Some(BankFormat::Xlsx),
            "csv" | "txt" => Some(BankFormat::Csv),
            _ => None,
        }
    }
}

/// The sheet that holds a workbook bank's header.
pub const INFO_SHEET: &str = "题库信息";

/// A CSV bank. The file's bytes and text are let go once its cells are split out, before the
/// questions are made from them.
fn read_csv_bank(path: &Path, name: String, stem: &str) -> LoadReport {
    let bytes = match crate::storage::read_capped(path, MAX_CSV_BANK_BYTES) {
        Ok(bytes) => bytes,
        Err(error) => return LoadReport::failed(name, error.to_string()),
    };
    let split = decode(&bytes).map(|(text, encoding)| (roster::csv_rows_checked(&text), encoding));
    drop(bytes);
    match split {
        Ok((Ok(rows), encoding)) => {
            let mut report = from_sheets(&name, stem, "CSV", &rows, &[]);
            report.encoding = Some(encoding);
            report
        }
        Ok((Err(message), _)) => LoadReport::failed(name, message),
        Err(error) => LoadReport::failed(name, error.message),
    }
}

/// The largest CSV bank read: what an Excel workbook may hold unpacked, since a CSV is a sheet
/// saved as text (a million rows of questions is about 35 MB).
const MAX_CSV_BANK_BYTES: u64 = crate::storage::workbook::MAX_UNPACKED;

/// Reads a bank in any supported form, reporting every problem.
pub fn read_bank(path: &Path) -> LoadReport {
    read_bank_as(path, Keep::Questions)
}

/// Reads a bank in any supported form, keeping its questions or (for a check) only counting them.
pub fn read_bank_as(path: &Path, keep: Keep) -> LoadReport {
    let name = path.display().to_string();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match BankFormat::of(path) {
        Some(BankFormat::Ron) => crate::storage::load_bank_file_as(path, keep),
        Some(BankFormat::Csv) => read_csv_bank(path, name, &stem),
        Some(BankFormat::Xlsx) => match crate::storage::workbook::read_workbook(path) {
            Ok(sheets) => {
                let info = sheets
                    .iter()
                    .find(|(n, _)| n == INFO_SHEET)
                    .map(|(_, r)| r.clone())
                    .unwrap_or_default();
                match sheets.into_iter().find(|(n, _)| n != INFO_SHEET) {
                    Some((sheet_name, rows)) => {
                        from_sheets(&name, &stem, &sheet_name, &rows, &info)
                    }
                    None => LoadReport::failed(name, "工作簿里没有题目工作表"),
                }
            }
            Err(error) => LoadReport::failed(name, error.to_string()),
        },
        None => LoadReport::failed(name, "不支持的题库文件：请用 .ron、.xlsx、.xls 或 .csv"),
    }
}

fn from_sheets(
    file: &str,
    stem: &str,
    sheet_name: &str,
    rows: &[Vec<String>],
    info: &[Vec<String>],
) -> LoadReport {
    let (questions, problems) = sheet::from_rows(sheet_name, rows);
    LoadReport::from_problems(
        file.to_owned(),
        None,
        Some(sheet::bank_from(info, stem, questions)),
        problems,
    )
}

/// Writes `bank` to `path` in the form its extension names, replacing the file only once the new
/// one is complete (written beside it, flushed, then renamed over it).
pub fn write_bank(bank: &Bank, path: &Path) -> Result<()> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let format = BankFormat::of(path).ok_or_else(|| {
        io(std::io::Error::other(
            "不支持的文件类型：请用 .ron、.xlsx 或 .csv",
        ))
    })?;
    crate::storage::output::write_atomically(path, |temp| {
        match format {
            BankFormat::Ron => {
                crate::storage::write_synced(temp, write::to_ron(bank).as_bytes()).map_err(io)?
            }
            BankFormat::Csv => {
                let table = crate::storage::export::Table {
                    title: "题目",
                    headers: sheet::HEADERS.iter().map(|h| (*h).to_owned()).collect(),
                    rows: sheet::to_rows(bank)
                        .into_iter()
                        .skip(1)
                        .map(|row| {
                            row.into_iter()
                                .map(crate::storage::export::Cell::Text)
                                .collect()
                        })
                        .collect(),
                };
                crate::storage::write_synced(temp, &crate::storage::export::csv(&table))
                    .map_err(io)?;
            }
            BankFormat::Xlsx => write_workbook(bank, temp)?,
        }
        Ok(())
    })
}

fn write_workbook(bank: &Bank, path: &Path) -> Result<()> {
    let fail = |e: rust_xlsxwriter::XlsxError| Error::File {
        path: path.to_path_buf(),
        message: crate::storage::export::xlsx_message(&e),
    };
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (name, rows) in [
        ("题目", sheet::to_rows(bank)),
        (INFO_SHEET, sheet::info_rows(bank)),
    ] {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name).map_err(fail)?;
        for (r, row) in rows.iter().enumerate() {
            for (c, value) in row.iter().enumerate() {
                if r == 0 && name == "题目" {
                    sheet
                        .write_string_with_format(0, c as u16, value, &bold)
                        .map_err(fail)?;
                } else {
                    sheet
                        .write_string(r as u32, c as u16, value)
                        .map_err(fail)?;
                }
            }
        }
    }
    workbook.save(path).map_err(fail)
}

/// The user bank in `data_dir` with this id, if there is one: its file and the bank.
pub fn user_bank_with_id(data_dir: &Path, id: &str) -> Option<(std::path::PathBuf, Bank)> {
    crate::storage::user_bank_files(data_dir)
        .into_iter()
        .find_map(|path| {
            let bank = crate::storage::load_bank_file(&path).bank?;
            (bank.id == id).then_some((path, bank))
        })
}

/// Saves `bank` into the user's banks folder as RON; an older version of it (same file) is kept as
/// `.bak`. Returns where it was saved.
pub fn install_bank(
    data_dir: &Path,
    bank: &Bank,
    replaces: Option<&Path>,
) -> Result<std::path::PathBuf> {
    let dir = crate::storage::banks_dir(data_dir);
    std::fs::create_dir_all(&dir).map_err(|source| Error::Io {
        path: dir.clone(),
        source,
    })?;
    let target = match replaces {
        Some(old) => old.to_path_buf(),
        None => dir.join(format!("{}.ron", file_name_for(&bank.id))),
    };
    if target.exists() {
        let backup = target.with_extension("ron.bak");
        std::fs::copy(&target, &backup).map_err(|source| Error::Io {
            path: backup.clone(),
            source,
        })?;
    }
    write_bank(bank, &target)?;
    Ok(target)
}

/// Saves the text of an edited bank over its file: the file as it was is kept as `.bak`, and the
/// new text replaces it only once it is complete on disk.
pub fn save_bank_text(path: &Path, text: &str) -> Result<()> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    if path.exists() {
        std::fs::copy(path, path.with_extension("ron.bak")).map_err(io)?;
    }
    crate::storage::output::write_atomically(path, |temp| {
        crate::storage::write_synced(temp, text.as_bytes()).map_err(io)
    })
}

/// The picture `image` (a path checked to stay inside, see `validate::image_path_is_safe`) of a
/// bank in `folder`, with links resolved: a link pointing out of the bank's folder is refused like
/// `../`, and a picture that does not exist is none.
pub fn image_in_folder(folder: &Path, image: &str) -> Option<std::path::PathBuf> {
    let folder = std::fs::canonicalize(folder).ok()?;
    let real = std::fs::canonicalize(folder.join(image.replace('\\', "/"))).ok()?;
    real.starts_with(&folder).then_some(real)
}

/// The bytes of a bank file, refused when it is too large to be one.
pub fn bank_bytes(path: &Path) -> Result<Vec<u8>> {
    crate::storage::read_capped(path, MAX_BANK_BYTES)
}

/// A file name from a bank id: letters, digits, `-`, `_` and CJK kept, the rest replaced.
fn file_name_for(id: &str) -> String {
    let name: String = id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() {
        "bank".to_owned()
    } else {
        name
    }
}
