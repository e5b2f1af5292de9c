//! Records from several PCs: a package is a consistent copy of one PC's records database; merging
//! one adds the attempts (and competitions) this database does not have yet, by their globally
//! unique ids, so merging the same package twice adds nothing. People are matched by staff number,
//! else by name and branch; branches by name.

use std::path::Path;

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use crate::core::error::{Error, Result};
use crate::storage::records::{MIGRATIONS, Records, SCHEMA_VERSION};

/// What a merge did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Branches the package had that were new here.
    pub branches_added: usize,
    /// People found here already.
    pub people_matched: usize,
    /// People new here.
    pub people_added: usize,
    /// Attempts new here.
    pub attempts_added: usize,
    /// Attempts this database had already (merged before).
    pub attempts_known: usize,
    /// Answers that came with the new attempts.
    pub answers_added: usize,
    /// Competitions new here.
    pub competitions_added: usize,
}

impl MergeReport {
    /// The report in one sentence for the user.
    pub fn describe(&self) -> String {
        format!(
            "合并完成：新增答题记录 {} 次（{} 道题的作答），已有而跳过 {} 次；人员匹配 {} 人、新增 {} 人；新增党支部 {} 个；新增竞赛 {} 场。",
            self.attempts_added,
            self.answers_added,
            self.attempts_known,
            self.people_matched,
            self.people_added,
            self.branches_added,
            self.competitions_added
        )
    }
}

fn package_error(path: &Path, message: impl Into<String>) -> Error {
    Error::Package {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

impl Records {
    /// Writes a package of these records to `out` (a consistent copy, readable by `merge`).
    pub fn pack(&self, out: &Path) -> Result<()> {
        if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| Error::Io {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        if out.exists() {
            std::fs::remove_file(out).map_err(|source| Error::Io {
                path: out.to_path_buf(),
                source,
            })?;
        }
        self.conn()
            .execute("VACUUM INTO ?1", params![out.to_string_lossy()])?;
        Ok(())
    }

    /// Merges the package at `package` into these records, all in one transaction.
    pub fn merge(&mut self, package: &Path) -> Result<MergeReport> {
        // Work on a copy: the package is checked and brought to this schema without touching it.
        let work = tempfile_beside(self.path())?;
        std::fs::copy(package, work.path()).map_err(|source| Error::Io {
            path: package.to_path_buf(),
            source,
        })?;
        prepare_package(package, work.path())?;
        let attached = work.path().to_string_lossy().into_owned();
        self.conn()
            .execute("ATTACH DATABASE ?1 AS pkg", params![attached])?;
        let result = self.merge_attached();
        // Detaching cannot fail once the transaction is over; a failure would only leave the
        // attachment until the program closes.
        let _ = self.conn().execute("DETACH DATABASE pkg", []);
        result
    }

    fn merge_attached(&mut self) -> Result<MergeReport> {
        self.transact(|tx| {
        let branches_added = tx
            .execute(
                "INSERT OR IGNORE INTO main.branches (name, archived, created_ms)
                 SELECT name, archived, created_ms FROM pkg.branches",
                [],
            )?;
        let mut report = MergeReport {
            branches_added,
            ..MergeReport::default()
        };
        tx.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS people_map (pkg_id INTEGER PRIMARY KEY, local_id INTEGER NOT NULL);
             DELETE FROM temp.people_map;",
        )?;
        let people: Vec<PackagePerson> = {
            let mut statement = tx
                .prepare(
                    "SELECT p.id, p.name, b.name, p.staff_no, p.archived, p.created_ms
                     FROM pkg.participants p LEFT JOIN pkg.branches b ON b.id = p.branch_id",
                )?;
            let rows = statement
                .query_map([], |r| {
                    Ok(PackagePerson {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        branch: r.get(2)?,
                        staff_no: r.get(3)?,
                        archived: r.get(4)?,
                        created_ms: r.get(5)?,
                    })
                })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for PackagePerson {
            id: pkg_id,
            name,
            branch,
            staff_no,
            archived,
            created_ms,
        } in people
        {
            let staff_no = staff_no.filter(|s| !s.trim().is_empty());
            let branch_id: Option<i64> = match &branch {
                Some(branch) => tx
                    .query_row(
                        "SELECT id FROM main.branches WHERE name = ?1",
                        params![branch],
                        |r| r.get(0),
                    )
                    .optional()?,
                None => None,
            };
            let found: Option<i64> = match &staff_no {
                Some(staff_no) => tx
                    .query_row(
                        "SELECT id FROM main.participants WHERE staff_no = ?1",
                        params![staff_no],
                        |r| r.get(0),
                    )
                    .optional()?,
                None => tx
                    .query_row(
                        "SELECT id FROM main.participants WHERE name = ?1 AND branch_id IS ?2
                         AND (staff_no IS NULL OR staff_no = '') ORDER BY id LIMIT 1",
                        params![name, branch_id],
                        |r| r.get(0),
                    )
                    .optional()?,
            };
            let local = match found {
                Some(id) => {
                    report.people_matched += 1;
                    id
                }
                None => {
                    tx.execute(
                        "INSERT INTO main.participants (name, branch_id, staff_no, archived, created_ms) VALUES (?1, ?2, ?3, ?4, ?5)",
                        params![name, branch_id, staff_no, archived, created_ms],
                    )?;
                    report.people_added += 1;
                    tx.last_insert_rowid()
                }
            };
            tx.execute(
                "INSERT INTO temp.people_map VALUES (?1, ?2)",
                params![pkg_id, local],
            )?;
        }
        let before: i64 = tx
            .query_row("SELECT coalesce(max(id), 0) FROM main.attempts", [], |r| {
                r.get(0)
            })?;
        report.attempts_known = tx
            .query_row(
                "SELECT count(*) FROM pkg.attempts WHERE uid IN (SELECT uid FROM main.attempts)",
                [],
                |r| r.get::<_, i64>(0),
            )? as usize;
        report.attempts_added = tx
            .execute(
                "INSERT INTO main.attempts (uid, participant_id, mode, title, started_ms, ended_ms, end_reason,
                        time_limit_secs, time_used_ms, score, max_score, question_count, rules, seed,
                        awaiting_grader, answered, correct_count, banks)
                 SELECT a.uid, m.local_id, a.mode, a.title, a.started_ms, a.ended_ms, a.end_reason,
                        a.time_limit_secs, a.time_used_ms, a.score, a.max_score, a.question_count, a.rules, a.seed,
                        a.awaiting_grader, a.answered, a.correct_count, a.banks
                 FROM pkg.attempts a LEFT JOIN temp.people_map m ON m.pkg_id = a.participant_id
                 WHERE a.uid NOT IN (SELECT uid FROM main.attempts)
                 ORDER BY a.id",
                [],
            )?;
        tx.execute(
            "INSERT INTO main.paper_questions (attempt_id, position, bank_id, question_id, option_order, points)
             SELECT l.id, q.position, q.bank_id, q.question_id, q.option_order, q.points
             FROM main.attempts l JOIN pkg.attempts a ON a.uid = l.uid JOIN pkg.paper_questions q ON q.attempt_id = a.id
             WHERE l.id > ?1",
            params![before],
        )?;
        report.answers_added = tx
            .execute(
                "INSERT INTO main.answers (attempt_id, position, bank_id, question_id, response, correct, points, max_points, answered_ms)
                 SELECT l.id, x.position, x.bank_id, x.question_id, x.response, x.correct, x.points, x.max_points, x.answered_ms
                 FROM main.attempts l JOIN pkg.attempts a ON a.uid = l.uid JOIN pkg.answers x ON x.attempt_id = a.id
                 WHERE l.id > ?1",
                params![before],
            )?;
        tx.execute(
            "INSERT OR IGNORE INTO main.favourites (participant_id, bank_id, question_id, added_ms)
             SELECT m.local_id, f.bank_id, f.question_id, f.added_ms
             FROM pkg.favourites f JOIN temp.people_map m ON m.pkg_id = f.participant_id",
            [],
        )?;
        report.competitions_added = merge_competitions(tx)?;
                Ok(report)
        })
    }
}

/// A person as the package has them.
struct PackagePerson {
    id: i64,
    name: String,
    branch: Option<String>,
    staff_no: Option<String>,
    archived: i64,
    created_ms: i64,
}

/// Competitions new here, with their events and results (people and branches mapped).
fn merge_competitions(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<usize> {
    let before: i64 = tx.query_row(
        "SELECT coalesce(max(id), 0) FROM main.competitions",
        [],
        |r| r.get(0),
    )?;
    let added = tx.execute(
        "INSERT INTO main.competitions (uid, title, plan, seed, started_ms, ended_ms, end_reason)
         SELECT uid, title, plan, seed, started_ms, ended_ms, end_reason FROM pkg.competitions
         WHERE uid NOT IN (SELECT uid FROM main.competitions) ORDER BY id",
        [],
    )?;
    tx.execute(
        "INSERT INTO main.competition_events (competition_id, seq, at_ms, event)
         SELECT l.id, e.seq, e.at_ms, e.event
         FROM main.competitions l JOIN pkg.competitions c ON c.uid = l.uid
         JOIN pkg.competition_events e ON e.competition_id = c.id WHERE l.id > ?1",
        params![before],
    )?;
    tx.execute(
        "INSERT INTO main.competition_results (competition_id, team_index, team, branch_id, participant_id, place, score, right_count, wrong_count)
         SELECT l.id, r.team_index, r.team, (SELECT id FROM main.branches WHERE name = r.team), m.local_id,
                r.place, r.score, r.right_count, r.wrong_count
         FROM main.competitions l JOIN pkg.competitions c ON c.uid = l.uid
         JOIN pkg.competition_results r ON r.competition_id = c.id
         LEFT JOIN temp.people_map m ON m.pkg_id = r.participant_id
         WHERE l.id > ?1",
        params![before],
    )?;
    Ok(added)
}

/// A temporary file beside the database (same disk, so the copy is quick), removed when dropped.
fn tempfile_beside(db: &Path) -> Result<TempFile> {
    let dir = db.parent().unwrap_or(Path::new("."));
    let path = dir.join(format!("merge-{:016x}.sqlite", fastrand::u64(..)));
    Ok(TempFile(path))
}

struct TempFile(std::path::PathBuf);

impl TempFile {
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.0.display()));
        }
    }
}

/// Checks the copy of a package and brings it to this program's schema: refuses a file that is not
/// a records database, a damaged one, and one from a newer program.
fn prepare_package(original: &Path, copy: &Path) -> Result<()> {
    let conn = Connection::open_with_flags(copy, OpenFlags::SQLITE_OPEN_READ_WRITE)
        .map_err(|e| package_error(original, format!("无法打开：{e}")))?;
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|_| package_error(original, "不是成绩记录包，或文件已损坏"))?;
    if integrity != "ok" {
        return Err(package_error(
            original,
            "文件已损坏（完整性检查未通过），请在原电脑上重新导出",
        ));
    }
    let has_attempts: bool = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'attempts'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .map(|n| n > 0)
        .map_err(|e| package_error(original, e.to_string()))?;
    let version: u32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| package_error(original, e.to_string()))?;
    if !has_attempts || version == 0 {
        return Err(package_error(original, "不是本程序的成绩记录包"));
    }
    if version > SCHEMA_VERSION {
        return Err(package_error(
            original,
            format!(
                "它来自更新版本的程序（结构版本 {version}，本程序为 {SCHEMA_VERSION}），请先升级本程序"
            ),
        ));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        conn.execute_batch(sql)
            .and_then(|_| conn.pragma_update(None, "user_version", i as u32 + 1))
            .map_err(|e| package_error(original, format!("无法升级到本程序的结构：{e}")))?;
    }
    Ok(())
}
