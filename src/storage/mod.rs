//! The only code that touches the disk: the data folder, bank files, and the banks built in.

pub mod attempts;
pub mod bank_files;
pub mod competitions;
pub mod export;
pub mod grading;
pub mod import;
pub mod merge;
pub mod people;
pub mod plans;
pub mod presets;
pub mod records;
pub mod standings;
pub mod study;
pub mod writer;

use std::path::{Path, PathBuf};

use crate::core::error::{Error, Result};
use crate::core::library::{BankEntry, Origin};
use crate::core::load::{Keep, LoadReport, MAX_BANK_BYTES, load_bank, load_bank_as};

include!(concat!(env!("OUT_DIR"), "/bundled_banks.rs"));

/// Milliseconds since 1970 by the system clock: what records are stamped with. Read here, at the
/// edge, and passed in everywhere else.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// The folder of user data: banks the user added, and later the records database.
///
/// In order: `--data-dir` when given; a `data/` folder beside the executable when it exists
/// (portable use from a USB stick); else the operating system's data folder for the app.
pub fn data_dir(override_dir: Option<&Path>) -> Result<PathBuf> {
    if let Some(dir) = override_dir {
        return Ok(dir.to_path_buf());
    }
    if let Some(portable) = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("data")))
        .filter(|dir| dir.is_dir())
    {
        return Ok(portable);
    }
    directories::ProjectDirs::from("cn", "dangshi", "dangshi-quiz")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .ok_or_else(|| {
            Error::DataDir("系统没有提供用户数据文件夹，请用 --data-dir 指定".to_owned())
        })
}

/// Where user banks live inside the data folder.
pub fn banks_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("banks")
}

/// Reads and loads one bank file, refusing files too large to be a bank before reading them.
pub fn load_bank_file(path: &Path) -> LoadReport {
    load_bank_file_as(path, Keep::Questions)
}

/// Reads one bank file and loads it, keeping its questions or only counting them.
pub fn load_bank_file_as(path: &Path, keep: Keep) -> LoadReport {
    let name = path.display().to_string();
    match read_capped(path, MAX_BANK_BYTES) {
        Ok(bytes) => load_bank_as(&name, &bytes, keep),
        Err(error) => LoadReport::failed(name, error.to_string()),
    }
}

/// Writes `bytes` to `path` and waits until they are on disk, so a rename that follows publishes a
/// complete file even across a power cut.
pub(crate) fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut file = std::fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Reads a small text file in any encoding a Windows editor saves (UTF-8 with or without BOM,
/// UTF-16, GBK).
pub(crate) fn read_capped_text(path: &Path, limit: u64) -> Result<String> {
    let bytes = read_capped(path, limit)?;
    crate::core::decode::decode(&bytes)
        .map(|(text, _)| text.into_owned())
        .map_err(|e| Error::Io {
            path: path.to_path_buf(),
            source: std::io::Error::other(e.message),
        })
}

pub(crate) fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > limit {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            size_mb: size / (1024 * 1024),
            limit_mb: limit / (1024 * 1024),
        });
    }
    std::fs::read(path).map_err(io)
}

/// The bank files (`.ron`) in the user's banks folder, sorted by name; none if it does not exist.
pub fn user_bank_files(data_dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(banks_dir(data_dir)) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.extension()
                .is_some_and(|ext| ext.eq_ignore_ascii_case("ron"))
        })
        .collect();
    files.sort();
    files
}

/// Loads the built-in banks, then every bank in the user's data folder (if one is given).
pub fn load_library(data_dir: Option<&Path>) -> Vec<BankEntry> {
    let mut entries: Vec<BankEntry> = BUNDLED_BANKS
        .iter()
        .map(|(name, bytes)| BankEntry {
            origin: Origin::Bundled,
            report: load_bank(name, bytes),
        })
        .collect();
    if let Some(dir) = data_dir {
        entries.extend(user_bank_files(dir).into_iter().map(|path| BankEntry {
            report: load_bank_file(&path),
            origin: Origin::User(path),
        }));
    }
    entries
}
