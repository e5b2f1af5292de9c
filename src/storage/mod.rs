//! The only code that touches the disk: the data folder, bank files, and the banks built in.

pub mod attempts;
pub mod bank_files;
pub mod competitions;
pub mod export;
pub mod grading;
pub mod import;
pub mod lock;
pub mod merge;
pub mod output;
pub mod package;
pub mod people;
pub mod plans;
pub mod presets;
pub mod records;
pub mod settings;
mod sqlite_error;
pub mod standings;
pub mod study;
pub mod workbook;
pub mod writer;
mod xls_scan;

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
        if dir.exists() && !dir.is_dir() {
            return Err(Error::DataDir(format!(
                "“{}”是一个文件，不是文件夹：请用 --data-dir 指定一个文件夹",
                dir.display()
            )));
        }
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

/// A value as JSON for the records; what the program itself made always encodes.
pub(crate) fn encode(value: &impl serde::Serialize) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::Database {
        message: "要保存的数据无法编码".to_owned(),
        source: Some(Box::new(e)),
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

/// Reads a file of at most `limit` bytes. Anything that is not a regular file (a folder, a pipe,
/// a device such as `/dev/zero`) is refused without reading it, and a file is never read past the
/// limit, whatever size it claims. A large file is read in two halves at once, one per core.
pub(crate) fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>> {
    use std::io::Read as _;
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = open_for_reading(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if !meta.is_file() {
        return Err(Error::NotAFile {
            path: path.to_path_buf(),
        });
    }
    let too_large = |size: u64| Error::TooLarge {
        path: path.to_path_buf(),
        size_mb: size as f64 / (1024.0 * 1024.0),
        limit_mb: limit / (1024 * 1024),
    };
    let size = meta.len();
    if size > limit {
        return Err(too_large(size));
    }
    if size >= PARALLEL_READ_BYTES
        && let Some(bytes) = read_halves(&file, size as usize).map_err(io)?
    {
        return Ok(bytes);
    }
    // Small files, and files whose size says nothing (those of /proc): read to the limit.
    let mut bytes = Vec::with_capacity(size as usize + 1);
    (&file)
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Files from this size on are read in two halves at once.
const PARALLEL_READ_BYTES: u64 = 8 * 1024 * 1024;

/// Opens a file for reading without waiting: opening a named pipe for reading would otherwise
/// wait for a writer that may never come.
fn open_for_reading(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        // O_NONBLOCK: a FIFO opens at once (and is then refused as not a regular file).
        options.custom_flags(0o4000);
    }
    options.open(path)
}

/// Reads exactly `size` bytes of `file` in two halves on two threads; `None` when the file turned
/// out to be longer or shorter than its size said (it is then read the careful way).
fn read_halves(file: &std::fs::File, size: usize) -> std::io::Result<Option<Vec<u8>>> {
    let mut bytes = vec![0u8; size];
    let half = size / 2;
    let (first, second) = bytes.split_at_mut(half);
    let (a, b) = std::thread::scope(|scope| {
        let other = scope.spawn(|| read_exact_at(file, second, half as u64));
        let mine = read_exact_at(file, first, 0);
        (mine, other.join().unwrap_or(Ok(false)))
    });
    if !(a? && b?) {
        return Ok(None);
    }
    // One byte more would mean the file grew: read it the careful way.
    let mut probe = [0u8; 1];
    if read_at(file, &mut probe, size as u64)? != 0 {
        return Ok(None);
    }
    Ok(Some(bytes))
}

/// Fills `buf` from `offset`; false if the file ended first.
fn read_exact_at(
    file: &std::fs::File,
    mut buf: &mut [u8],
    mut offset: u64,
) -> std::io::Result<bool> {
    while !buf.is_empty() {
        match read_at(file, buf, offset) {
            Ok(0) => return Ok(false),
            Ok(n) => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(true)
}

#[cfg(unix)]
fn read_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, offset)
}

#[cfg(windows)]
fn read_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buf, offset)
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
