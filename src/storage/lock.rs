//! One program per data folder: the app holds an operating-system lock on a file in the folder
//! while it runs, so a second copy (or a command that writes) can tell, and a crash never leaves
//! the folder locked (the system releases the lock with the process).

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

use crate::core::error::{Error, Result};

/// The file whose lock marks the folder in use. Its presence means nothing; only the lock does.
const LOCK_FILE: &str = "app.lock";

/// The lock on a data folder, held until dropped.
#[derive(Debug)]
pub struct DataLock {
    _file: File,
}

impl DataLock {
    /// Takes the folder for this process; [`Error::InUse`] if another process has it.
    pub fn acquire(data_dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(data_dir).map_err(|source| Error::Io {
            path: data_dir.to_path_buf(),
            source,
        })?;
        let path = data_dir.join(LOCK_FILE);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
        match file.try_lock() {
            Ok(()) => Ok(Self { _file: file }),
            Err(TryLockError::WouldBlock) => Err(Error::InUse {
                dir: data_dir.to_path_buf(),
            }),
            Err(TryLockError::Error(source)) => Err(Error::Io { path, source }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_is_held_by_one_at_a_time_and_freed_when_dropped() {
        let dir = tempfile::tempdir().expect("a folder");
        let first = DataLock::acquire(dir.path()).expect("free");
        assert!(matches!(
            DataLock::acquire(dir.path()),
            Err(Error::InUse { .. })
        ));
        drop(first);
        assert!(DataLock::acquire(dir.path()).is_ok());
    }
}
