//! Writing an output file without ever destroying something: an output is refused when it is the
//! input itself or the records (the live database, its journal, its backups); it is written to a
//! fresh temporary file of its own beside the target (never one that already exists), and only
//! when complete is it renamed over the target; a failure removes the temporary file.

use std::path::{Path, PathBuf};

use crate::core::error::{Error, Result};

/// Refuses `out` when it is one of `inputs`, or part of the records in `data_dir`.
pub fn check(out: &Path, inputs: &[&Path], data_dir: Option<&Path>) -> Result<()> {
    let refuse = |why: &str| {
        Err(Error::File {
            path: out.to_path_buf(),
            message: format!("不能作为输出：{why}，写入会毁掉它。请换一个文件名"),
        })
    };
    let target = resolved(out);
    for input in inputs {
        if same_file(out, input) || resolved(input) == target {
            return refuse("它就是要读取的文件");
        }
    }
    if let Some(dir) = data_dir {
        let dir = resolved(dir);
        let records = dir.join(super::records::FILE_NAME);
        let names = [
            records.clone(),
            PathBuf::from(format!("{}-wal", records.display())),
            PathBuf::from(format!("{}-shm", records.display())),
            PathBuf::from(format!("{}-journal", records.display())),
        ];
        if names.contains(&target) || same_file(out, &records) {
            return refuse("它是本机的成绩记录");
        }
        if target.starts_with(dir.join("backups")) {
            return refuse("它在成绩记录的备份文件夹里");
        }
    }
    Ok(())
}

/// Writes `out` through `write`, which is given a new temporary path beside it to write to.
pub fn write_atomically(out: &Path, write: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    let dir = out
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = Temp(loop {
        let candidate = dir.join(format!(
            ".{name}.{}-{:08x}.tmp",
            std::process::id(),
            fastrand::u32(..)
        ));
        // create_new: a temporary file is always ours, never one that was already there.
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&candidate)
        {
            Ok(_) => break candidate,
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(io(&candidate)(error)),
        }
    });
    write(&temp.0)?;
    std::fs::rename(&temp.0, out).map_err(io(out))?;
    std::mem::forget(temp);
    Ok(())
}

/// A temporary file, removed unless it was renamed into place.
struct Temp(PathBuf);

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// `path` as absolute with links resolved as far as it exists (an output usually does not yet).
fn resolved(path: &Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(path) {
        return real;
    }
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match (absolute.parent(), absolute.file_name()) {
        (Some(parent), Some(name)) => std::fs::canonicalize(parent)
            .map(|p| p.join(name))
            .unwrap_or(absolute),
        _ => absolute,
    }
}

/// Whether two paths are the same file on disk (hard links included).
#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Whether two paths are the same file on disk: Windows resolves both to their final path
/// (case, short names, links and `..` all settled).
#[cfg(not(unix))]
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_output_onto_its_input_or_the_records_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("题库.ron");
        std::fs::write(&input, "x").unwrap();
        let error = check(&input, &[&input], None).unwrap_err().to_string();
        assert!(error.contains("它就是要读取的文件"), "{error}");
        let data = dir.path().join("数据");
        std::fs::create_dir_all(data.join("backups")).unwrap();
        let records = data.join("records.sqlite");
        let error = check(&records, &[], Some(&data)).unwrap_err().to_string();
        assert!(error.contains("本机的成绩记录"), "{error}");
        let wal = data.join("records.sqlite-wal");
        assert!(check(&wal, &[], Some(&data)).is_err());
        let backup = data.join("backups/x.sqlite");
        assert!(check(&backup, &[], Some(&data)).is_err());
        assert!(check(&dir.path().join("成绩.xlsx"), &[&input], Some(&data)).is_ok());
    }

    #[test]
    fn a_failed_write_leaves_the_target_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("成绩.csv");
        std::fs::write(&target, "旧的").unwrap();
        let unrelated = dir.path().join("成绩.csv.tmp");
        std::fs::write(&unrelated, "别人的").unwrap();
        let failed = write_atomically(&target, |temp| {
            std::fs::write(temp, "写了一半").unwrap();
            Err(Error::File {
                path: temp.to_path_buf(),
                message: "失败".into(),
            })
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "旧的");
        assert_eq!(std::fs::read_to_string(&unrelated).unwrap(), "别人的");
        write_atomically(&target, |temp| {
            std::fs::write(temp, "新的").map_err(|source| Error::Io {
                path: temp.to_path_buf(),
                source,
            })
        })
        .unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "新的");
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }
}
