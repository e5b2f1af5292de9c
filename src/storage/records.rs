//! The records database: SQLite in the data folder, in WAL mode with `synchronous=FULL`, so an
//! answer is on disk the moment it is recorded and a power cut loses nothing acknowledged.
//!
//! The schema is versioned (`PRAGMA user_version`) and migrated forward on open. At every start the
//! database is checked; a damaged one is kept aside and the latest automatic backup takes its place.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};

use crate::core::error::{Error, Result};

/// The migrations, in order: schema N is reached by running the first N.
pub const MIGRATIONS: &[&str] = &[
    include_str!("sql/001_people_and_attempts.sql"),
    include_str!("sql/002_exam_papers.sql"),
    include_str!("sql/003_competitions.sql"),
    include_str!("sql/004_study_and_standings.sql"),
    include_str!("sql/005_attempt_rule_and_resume.sql"),
];

/// The schema version this program writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// The database file's name in the data folder.
pub const FILE_NAME: &str = "records.sqlite";

/// How many automatic backups of the latest starts are kept.
pub const BACKUPS_KEPT: usize = 5;

/// Besides those, the newest backup of each of this many earlier days, so that one bad day
/// cannot rotate out every good copy.
pub const DAILY_BACKUPS_KEPT: usize = 7;

/// What [`Records::open`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpenOutcome {
    /// A new, empty database was made.
    Created,
    /// The database was sound.
    Sound,
    /// The database was damaged: it was kept aside under `damaged`, and `backup` took its place.
    Restored {
        /// Where the damaged file now is.
        damaged: PathBuf,
        /// The backup that was restored.
        backup: PathBuf,
    },
    /// The database was damaged and there was no backup: it was kept aside, and a new one made.
    DamagedWithoutBackup {
        /// Where the damaged file now is.
        damaged: PathBuf,
    },
}

impl OpenOutcome {
    /// A message for the user when something happened that they should know of.
    pub fn notice(&self) -> Option<String> {
        match self {
            OpenOutcome::Created | OpenOutcome::Sound => None,
            OpenOutcome::Restored { damaged, backup } => Some(format!(
                "成绩记录数据库已损坏，已从最近的自动备份“{}”恢复。损坏的文件保留在“{}”。",
                backup.display(),
                damaged.display()
            )),
            OpenOutcome::DamagedWithoutBackup { damaged } => Some(format!(
                "成绩记录数据库已损坏，且没有可用的自动备份，已新建空的数据库。损坏的文件保留在“{}”，可请技术人员尝试修复。",
                damaged.display()
            )),
        }
    }
}

/// The records database.
pub struct Records {
    conn: Connection,
    path: PathBuf,
}

impl Records {
    /// Opens (or creates) the database in `data_dir`: checks it, restores it from a backup if it is
    /// damaged, migrates it to the current schema and takes a fresh backup.
    ///
    /// `now_ms` (milliseconds since 1970) names the files kept aside and the backup.
    pub fn open(data_dir: &Path, now_ms: i64) -> Result<(Self, OpenOutcome)> {
        std::fs::create_dir_all(data_dir).map_err(|source| Error::Io {
            path: data_dir.to_path_buf(),
            source,
        })?;
        let path = data_dir.join(FILE_NAME);
        let outcome = match health(&path)? {
            Health::Missing => OpenOutcome::Created,
            Health::Sound => OpenOutcome::Sound,
            Health::Damaged => recover(data_dir, &path, now_ms)?,
        };
        let conn = Connection::open(&path)?;
        let mut records = Self { conn, path };
        records.configure()?;
        records.migrate()?;
        records.backup(data_dir, now_ms)?;
        Ok((records, outcome))
    }

    /// Opens the records in `data_dir` to read them only (the command line's exports and
    /// prints): nothing is checked, restored, migrated or backed up, and nothing is written. A
    /// folder with no records reads as empty; one that does not exist is an error.
    pub fn open_to_read(data_dir: &Path) -> Result<Self> {
        if !data_dir.is_dir() {
            return Err(Error::DataDir(format!(
                "数据文件夹“{}”不存在，请检查 --data-dir 后的路径",
                data_dir.display()
            )));
        }
        let path = data_dir.join(FILE_NAME);
        let conn = if path.is_file() {
            let conn = Connection::open_with_flags(
                &path,
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                    | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            conn.busy_timeout(std::time::Duration::from_secs(5))?;
            let version: u32 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
            if version == SCHEMA_VERSION {
                conn
            } else {
                // An older schema is read through a copy in memory that is migrated, never the
                // file itself.
                let mut memory = Connection::open_in_memory()?;
                rusqlite::backup::Backup::new(&conn, &mut memory)?.run_to_completion(
                    1024,
                    std::time::Duration::ZERO,
                    None,
                )?;
                memory
            }
        } else {
            Connection::open_in_memory()?
        };
        let mut records = Self { conn, path };
        records.migrate()?;
        Ok(records)
    }

    /// A second connection to the database [`Records::open`] already checked and migrated, for
    /// the thread that writes answers.
    pub fn attach(data_dir: &Path) -> Result<Self> {
        let path = data_dir.join(FILE_NAME);
        let conn = Connection::open(&path)?;
        let records = Self { conn, path };
        records.configure()?;
        Ok(records)
    }

    fn configure(&self) -> Result<()> {
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        self.conn.busy_timeout(std::time::Duration::from_secs(5))?;
        Ok(())
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<u32> {
        self.conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(Error::from)
    }

    fn migrate(&mut self) -> Result<()> {
        let version = self.schema_version()?;
        if version > SCHEMA_VERSION {
            return Err(Error::NewerRecords {
                found: version,
                ours: SCHEMA_VERSION,
            });
        }
        self.transact(|tx| {
            for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
                tx.execute_batch(sql)?;
                tx.pragma_update(None, "user_version", i as u32 + 1)?;
            }
            Ok(())
        })
    }

    /// Writes a consistent copy to `backups/`, then keeps the newest [`BACKUPS_KEPT`] and the
    /// newest of each of [`DAILY_BACKUPS_KEPT`] earlier days.
    fn backup(&self, data_dir: &Path, now_ms: i64) -> Result<()> {
        let dir = data_dir.join("backups");
        std::fs::create_dir_all(&dir).map_err(|source| Error::Io {
            path: dir.clone(),
            source,
        })?;
        // Names are times; a clock set back must not name the new backup older than the rest
        // (it would be the first to go), so it is named just after the newest.
        let newest = list_backups(&dir).last().and_then(|b| backup_time(b));
        let stamp = match newest {
            Some(newest) if newest >= now_ms => newest + 1,
            _ => now_ms,
        };
        let target = dir.join(format!("records-{stamp:013}.sqlite"));
        self.conn
            .execute("VACUUM INTO ?1", params![target.to_string_lossy()])?;
        for old in backups_to_drop(&list_backups(&dir)) {
            // An old backup that cannot be removed only costs disk space.
            let _ = std::fs::remove_file(old);
        }
        Ok(())
    }

    /// The connection, for the record-keeping code in this module's siblings.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `write` in one transaction: all of it is committed before this returns, or, on any
    /// error, none of it. Every write of more than one statement goes through here.
    pub(crate) fn transact<T>(
        &mut self,
        write: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let tx = self.conn.transaction()?;
        let value = write(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Runs SQLite's own integrity check on the open database.
    pub fn integrity_ok(&self) -> bool {
        integrity(&self.conn)
    }

    /// Every row of `sql` with `params`, each turned into a `T` by `map`.
    pub(crate) fn rows<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let mut statement = self.conn.prepare_cached(sql)?;
        let rows = statement.query_map(params, map)?;
        rows.collect::<rusqlite::Result<_>>().map_err(Error::from)
    }

    /// A value from a single-row query, for tests and reports.
    pub fn count(&self, sql: &str) -> Result<i64> {
        self.conn
            .query_row(sql, [], |row| row.get(0))
            .optional()
            .map(|v| v.unwrap_or(0))
            .map_err(Error::from)
    }
}

fn integrity(conn: &Connection) -> bool {
    conn.query_row("PRAGMA integrity_check", [], |row| row.get::<_, String>(0))
        .is_ok_and(|result| result == "ok")
}

/// What the records file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Health {
    /// There is none yet.
    Missing,
    /// A database that passes SQLite's integrity check.
    Sound,
    /// Damaged: empty, not SQLite, or failing the check.
    Damaged,
}

/// Looks at the records file. Busy (another program holds it) and unreadable (permissions) are
/// errors that change nothing, never damage: only a file that is empty, not a database, or fails
/// the integrity check is damaged.
fn health(path: &Path) -> Result<Health> {
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Health::Missing),
        Err(source) => {
            return Err(Error::Io {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    if !meta.is_file() {
        return Err(Error::NotAFile {
            path: path.to_path_buf(),
        });
    }
    if meta.len() == 0 {
        // SQLite makes the file before it writes a byte: a first start cut off there (power cut
        // in its first milliseconds) leaves an empty file and nothing else, and nothing was lost.
        // An empty file beside a journal or backups once held records: that is damage.
        let wal = PathBuf::from(format!("{}-wal", path.display()));
        let journal_empty = std::fs::metadata(&wal).map_or(true, |m| m.len() == 0);
        let backups = path
            .parent()
            .map(|dir| list_backups(&dir.join("backups")))
            .unwrap_or_default();
        if journal_empty && backups.is_empty() {
            return Ok(Health::Missing);
        }
        return Ok(Health::Damaged);
    }
    // Reading the file first tells "cannot read" (permissions) from damage.
    if let Err(source) = std::fs::File::open(path) {
        return Err(Error::Io {
            path: path.to_path_buf(),
            source,
        });
    }
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    match conn.query_row("PRAGMA integrity_check", [], |row| row.get::<_, String>(0)) {
        Ok(result) if result == "ok" => Ok(Health::Sound),
        Ok(_) => Ok(Health::Damaged),
        Err(rusqlite::Error::SqliteFailure(failure, _))
            if matches!(
                failure.code,
                rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase
            ) =>
        {
            Ok(Health::Damaged)
        }
        // Busy, locked, no permission, out of memory: not damage, and nothing is touched.
        Err(error) => Err(error.into()),
    }
}

/// Whether a backup file can be restored: a sound database with the schema of this program or
/// an older one.
fn is_sound(path: &Path) -> bool {
    Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .is_ok_and(|conn| integrity(&conn))
}

fn list_backups(dir: &Path) -> Vec<PathBuf> {
    let mut backups: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with("records-") && n.ends_with(".sqlite"))
                })
                .collect()
        })
        .unwrap_or_default();
    // The names hold zero-padded times, so name order is time order.
    backups.sort();
    backups
}

/// The time in a backup's name.
fn backup_time(path: &Path) -> Option<i64> {
    path.file_name()?
        .to_str()?
        .strip_prefix("records-")?
        .strip_suffix(".sqlite")?
        .parse()
        .ok()
}

/// The backups to remove, of `backups` (oldest first): all but the newest [`BACKUPS_KEPT`] and
/// the newest of each of the [`DAILY_BACKUPS_KEPT`] days before them.
fn backups_to_drop(backups: &[PathBuf]) -> Vec<PathBuf> {
    // Days by UTC: close enough to keep one backup a day, and needing no time zone here.
    let day =
        |backup: &PathBuf| backup_time(backup).map(|ms| ms.div_euclid(crate::core::time::DAY_MS));
    let recent = backups.len().saturating_sub(BACKUPS_KEPT);
    let (older, newest) = backups.split_at(recent);
    // The days the newest backups are of have those; the earlier days keep one each.
    let covered: Vec<Option<i64>> = newest.iter().map(day).collect();
    let mut days_kept = Vec::new();
    let mut drop = Vec::new();
    for backup in older.iter().rev() {
        match day(backup) {
            Some(d)
                if !covered.contains(&Some(d))
                    && !days_kept.contains(&d)
                    && days_kept.len() < DAILY_BACKUPS_KEPT =>
            {
                days_kept.push(d)
            }
            _ => drop.push(backup.clone()),
        }
    }
    drop
}

/// Keeps the damaged file (and its WAL) aside and puts the newest sound backup in its place.
fn recover(data_dir: &Path, path: &Path, now_ms: i64) -> Result<OpenOutcome> {
    let damaged = data_dir.join(format!("records.damaged-{now_ms}.sqlite"));
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |source| Error::Io { path: p, source }
    };
    std::fs::rename(path, &damaged).map_err(io(path))?;
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", path.display()));
        if side.exists() {
            let kept = PathBuf::from(format!("{}{suffix}", damaged.display()));
            std::fs::rename(&side, kept).map_err(io(&side))?;
        }
    }
    let backup = list_backups(&data_dir.join("backups"))
        .into_iter()
        .rev()
        .find(|b| is_sound(b));
    match backup {
        Some(backup) => {
            std::fs::copy(&backup, path).map_err(io(&backup))?;
            Ok(OpenOutcome::Restored { damaged, backup })
        }
        None => Ok(OpenOutcome::DamagedWithoutBackup { damaged }),
    }
}
