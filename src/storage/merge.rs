//! Records from several PCs: a package is a consistent copy of one PC's records database; merging
//! one adds the attempts (and competitions) this database does not have yet, by their globally
//! unique ids, so merging the same package twice adds nothing. People are matched by staff number,
//! else by name and branch; branches by name.

use std::path::Path;

use std::collections::{HashMap, HashSet};

use rusqlite::params;

use crate::core::error::{Error, Result};
use crate::storage::package::{At, Package};
use crate::storage::records::Records;

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

impl Records {
    /// Writes a package of these records to `out` (a consistent copy, readable by `merge`); never
    /// onto the records themselves or their backups.
    pub fn pack(&self, out: &Path) -> Result<()> {
        crate::storage::output::check(out, &[], self.path().parent())?;
        crate::storage::output::write_atomically(out, |temp| {
            // VACUUM INTO writes into an empty file: the temporary one is made empty, and ours.
            self.conn()
                .execute("VACUUM INTO ?1", params![temp.to_string_lossy()])?;
            Ok(())
        })
    }

    /// Merges the package at `package` into these records, all in one transaction: the package
    /// is read, never written or trusted (see [`Package`]); a value out of place stops the merge
    /// with its table and row, and then nothing is added.
    pub fn merge(&mut self, package: &Path) -> Result<MergeReport> {
        let package = Package::open(package)?;
        self.transact(|tx| merge_package(tx, &package))
    }
}

/// The rows of `sql` on the package, each handed to `each` with its row number; a database error
/// is the package's, a returned message is a bad value.
fn each_row(
    package: &Package,
    sql: &str,
    mut each: impl FnMut(&rusqlite::Row<'_>, usize) -> std::result::Result<(), MergeStop>,
) -> Result<()> {
    let mut statement = package
        .conn
        .prepare(sql)
        .map_err(|e| package.read_error(e))?;
    let mut rows = statement.query([]).map_err(|e| package.read_error(e))?;
    let mut n = 0;
    while let Some(row) = rows.next().map_err(|e| package.read_error(e))? {
        n += 1;
        match each(row, n) {
            Ok(()) => {}
            Err(MergeStop::Bad(message)) => return Err(package.error(message)),
            Err(MergeStop::Here(error)) => return Err(error),
        }
    }
    Ok(())
}

/// Why a merge stopped: a value in the package, or this database.
enum MergeStop {
    Bad(String),
    Here(Error),
}

impl From<String> for MergeStop {
    fn from(message: String) -> Self {
        MergeStop::Bad(message)
    }
}

impl From<rusqlite::Error> for MergeStop {
    fn from(error: rusqlite::Error) -> Self {
        MergeStop::Here(Error::from(error))
    }
}

/// Times in the records: 1970 to 2200, in ms.
const TIMES: std::ops::RangeInclusive<i64> = 0..=7_258_118_400_000;
const NAME: usize = 100;
const ID: usize = 200;
const LONG: usize = 64 * 1024;
const PLAN: usize = 256 * 1024;
const COUNT: std::ops::RangeInclusive<i64> = 0..=1_000_000;
const FLAG: std::ops::RangeInclusive<i64> = 0..=1;

fn merge_package(tx: &rusqlite::Transaction<'_>, package: &Package) -> Result<MergeReport> {
    let mut report = MergeReport::default();
    // This database's branches and people, indexed once: matching is a lookup, not a search.
    let mut branches: HashMap<String, i64> = HashMap::new();
    {
        let mut statement = tx.prepare("SELECT id, name FROM main.branches")?;
        let rows =
            statement.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (id, name) = row?;
            branches.insert(name, id);
        }
    }
    let mut by_staff: HashMap<String, i64> = HashMap::new();
    let mut by_name: HashMap<(String, Option<i64>), i64> = HashMap::new();
    {
        let mut statement =
            tx.prepare("SELECT id, name, branch_id, staff_no FROM main.participants ORDER BY id")?;
        let rows = statement.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<i64>>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })?;
        for row in rows {
            let (id, name, branch, staff) = row?;
            match staff.filter(|s| !s.trim().is_empty()) {
                Some(staff) => {
                    by_staff.insert(staff, id);
                }
                None => {
                    by_name.entry((name, branch)).or_insert(id);
                }
            }
        }
    }
    // Branches: by name.
    let mut branch_of: HashMap<i64, i64> = HashMap::new();
    each_row(
        package,
        "SELECT id, name, archived, created_ms FROM branches",
        |row, n| {
            let at = At {
                table: "党支部表",
                row: n,
            };
            let pkg_id = at.int(row.get_ref(0)?, "编号", i64::MIN..=i64::MAX)?;
            let name = at.text(row.get_ref(1)?, "名称", NAME, false)?;
            let archived = at.int(row.get_ref(2)?, "停用标记", FLAG)?;
            let created = at.int(row.get_ref(3)?, "创建时间", TIMES)?;
            let id = match branches.get(&name) {
                Some(&id) => id,
                None => {
                    tx.execute(
                    "INSERT INTO main.branches (name, archived, created_ms) VALUES (?1, ?2, ?3)",
                    params![name, archived, created],
                )?;
                    report.branches_added += 1;
                    let id = tx.last_insert_rowid();
                    branches.insert(name, id);
                    id
                }
            };
            branch_of.insert(pkg_id, id);
            Ok(())
        },
    )?;
    // People: by staff number, else by name and branch.
    let mut person_of: HashMap<i64, i64> = HashMap::new();
    each_row(
        package,
        "SELECT id, name, branch_id, staff_no, archived, created_ms FROM participants",
        |row, n| {
            let at = At {
                table: "人员表",
                row: n,
            };
            let pkg_id = at.int(row.get_ref(0)?, "编号", i64::MIN..=i64::MAX)?;
            let name = at.text(row.get_ref(1)?, "姓名", NAME, false)?;
            let branch = at
                .opt_int(row.get_ref(2)?, "党支部", i64::MIN..=i64::MAX)?
                .and_then(|b| branch_of.get(&b).copied());
            let staff = at
                .opt_text(row.get_ref(3)?, "工号", NAME)?
                .filter(|s| !s.trim().is_empty());
            let archived = at.int(row.get_ref(4)?, "停用标记", FLAG)?;
            let created = at.int(row.get_ref(5)?, "创建时间", TIMES)?;
            let found = match &staff {
                Some(staff) => by_staff.get(staff).copied(),
                None => by_name.get(&(name.clone(), branch)).copied(),
            };
            let local = match found {
                Some(id) => {
                    report.people_matched += 1;
                    id
                }
                None => {
                    tx.execute(
                        "INSERT INTO main.participants (name, branch_id, staff_no, archived, created_ms) VALUES (?1, ?2, ?3, ?4, ?5)",
                        params![name, branch, staff, archived, created],
                    )?;
                    report.people_added += 1;
                    let id = tx.last_insert_rowid();
                    match staff {
                        Some(staff) => by_staff.insert(staff, id),
                        None => by_name.insert((name, branch), id),
                    };
                    id
                }
            };
            person_of.insert(pkg_id, local);
            Ok(())
        },
    )?;
    let attempt_of = merge_attempts(tx, package, &person_of, &mut report)?;
    merge_attempt_rows(tx, package, &attempt_of, &mut report)?;
    if package.has("favourites", "bank_id") {
        each_row(
            package,
            "SELECT participant_id, bank_id, question_id, added_ms FROM favourites",
            |row, n| {
                let at = At {
                    table: "收藏表",
                    row: n,
                };
                let person = at.int(row.get_ref(0)?, "人员", i64::MIN..=i64::MAX)?;
                let bank = at.text(row.get_ref(1)?, "题库", ID, false)?;
                let question = at.text(row.get_ref(2)?, "题号", ID, false)?;
                let added = at.int(row.get_ref(3)?, "收藏时间", TIMES)?;
                if let Some(&local) = person_of.get(&person) {
                    tx.execute(
                        "INSERT OR IGNORE INTO main.favourites (participant_id, bank_id, question_id, added_ms) VALUES (?1, ?2, ?3, ?4)",
                        params![local, bank, question, added],
                    )?;
                }
                Ok(())
            },
        )?;
    }
    if package.has("competitions", "uid") {
        report.competitions_added = merge_competitions(tx, package, &person_of, &branches)?;
    }
    Ok(report)
}

/// Attempts new here (by uid); returns the package's attempt ids mapped to the new rows.
fn merge_attempts(
    tx: &rusqlite::Transaction<'_>,
    package: &Package,
    person_of: &HashMap<i64, i64>,
    report: &mut MergeReport,
) -> Result<HashMap<i64, i64>> {
    let mut known: HashSet<String> = HashSet::new();
    {
        let mut statement = tx.prepare("SELECT uid FROM main.attempts")?;
        let rows = statement.query_map([], |r| r.get::<_, String>(0))?;
        for uid in rows {
            known.insert(uid?);
        }
    }
    let sql = format!(
        "SELECT id, uid, participant_id, mode, title, started_ms, ended_ms, end_reason, time_limit_secs,
                time_used_ms, score, max_score, question_count, {}, {}, {} FROM attempts ORDER BY id",
        package.column("attempts", "rules", "NULL"),
        package.column("attempts", "seed", "NULL"),
        package.column("attempts", "awaiting_grader", "0"),
    );
    let mut attempt_of = HashMap::new();
    each_row(package, &sql, |row, n| {
        let at = At {
            table: "答题记录表",
            row: n,
        };
        let pkg_id = at.int(row.get_ref(0)?, "编号", i64::MIN..=i64::MAX)?;
        let uid = at.text(row.get_ref(1)?, "记录编号", NAME, false)?;
        let person = at
            .opt_int(row.get_ref(2)?, "人员", i64::MIN..=i64::MAX)?
            .and_then(|p| person_of.get(&p).copied());
        let mode = at.text(row.get_ref(3)?, "类型", 20, false)?;
        let title = at.text(row.get_ref(4)?, "内容", ID, true)?;
        let started = at.int(row.get_ref(5)?, "开始时间", TIMES)?;
        let ended = at.opt_int(row.get_ref(6)?, "结束时间", TIMES)?;
        let reason = at.opt_text(row.get_ref(7)?, "结束方式", 20)?;
        let limit = at.opt_int(row.get_ref(8)?, "限时", 0..=864_000)?;
        let used = at.int(row.get_ref(9)?, "用时", 0..=864_000_000)?;
        let score = at.opt_real(row.get_ref(10)?, "得分", 0.0..=1_000_000.0)?;
        let max = at.opt_real(row.get_ref(11)?, "满分", 0.0..=1_000_000.0)?;
        if let (Some(score), Some(max)) = (score, max)
            && score > max + 1e-9
        {
            return Err(MergeStop::Bad(format!(
                "答题记录表第 {n} 行的得分 {score} 高于满分 {max}"
            )));
        }
        let count = at.int(row.get_ref(12)?, "题数", COUNT)?;
        let rules = at.opt_text(row.get_ref(13)?, "试卷规则", LONG)?;
        let seed = at.opt_int(row.get_ref(14)?, "随机种子", i64::MIN..=i64::MAX)?;
        let waiting = at.int(row.get_ref(15)?, "待评分题数", COUNT)?;
        if !known.insert(uid.clone()) {
            report.attempts_known += 1;
            return Ok(());
        }
        tx.execute(
            "INSERT INTO main.attempts (uid, participant_id, mode, title, started_ms, ended_ms, end_reason,
                    time_limit_secs, time_used_ms, score, max_score, question_count, rules, seed, awaiting_grader)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            params![
                uid, person, mode, title, started, ended, reason, limit, used, score, max, count, rules,
                seed, waiting
            ],
        )?;
        report.attempts_added += 1;
        attempt_of.insert(pkg_id, tx.last_insert_rowid());
        Ok(())
    })?;
    Ok(attempt_of)
}

/// The papers and answers of the attempts new here; then what those attempts count (answered,
/// right, banks) worked out here, not taken from the package.
fn merge_attempt_rows(
    tx: &rusqlite::Transaction<'_>,
    package: &Package,
    attempt_of: &HashMap<i64, i64>,
    report: &mut MergeReport,
) -> Result<()> {
    if package.has("paper_questions", "option_order") {
        each_row(
            package,
            "SELECT attempt_id, position, bank_id, question_id, option_order, points FROM paper_questions",
            |row, n| {
                let at = At {
                    table: "试卷题目表",
                    row: n,
                };
                let attempt = at.int(row.get_ref(0)?, "答题记录", i64::MIN..=i64::MAX)?;
                let Some(&local) = attempt_of.get(&attempt) else {
                    return Ok(());
                };
                let position = at.int(row.get_ref(1)?, "题序", COUNT)?;
                let bank = at.text(row.get_ref(2)?, "题库", ID, false)?;
                let question = at.text(row.get_ref(3)?, "题号", ID, false)?;
                let order = at.text(row.get_ref(4)?, "选项顺序", 1024, true)?;
                let points = at.int(row.get_ref(5)?, "分值", 0..=10_000)?;
                tx.execute(
                    "INSERT OR IGNORE INTO main.paper_questions (attempt_id, position, bank_id, question_id, option_order, points)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![local, position, bank, question, order, points],
                )?;
                Ok(())
            },
        )?;
    }
    each_row(
        package,
        "SELECT attempt_id, position, bank_id, question_id, response, correct, points, max_points, answered_ms FROM answers",
        |row, n| {
            let at = At {
                table: "作答表",
                row: n,
            };
            let attempt = at.int(row.get_ref(0)?, "答题记录", i64::MIN..=i64::MAX)?;
            let Some(&local) = attempt_of.get(&attempt) else {
                return Ok(());
            };
            let position = at.int(row.get_ref(1)?, "题序", COUNT)?;
            let bank = at.text(row.get_ref(2)?, "题库", ID, false)?;
            let question = at.text(row.get_ref(3)?, "题号", ID, false)?;
            let response = at.opt_text(row.get_ref(4)?, "作答", LONG)?;
            let correct = at.opt_int(row.get_ref(5)?, "对错", FLAG)?;
            let points = at.opt_real(row.get_ref(6)?, "得分", 0.0..=10_000.0)?;
            let max = at
                .opt_real(row.get_ref(7)?, "满分", 0.0..=10_000.0)?
                .ok_or_else(|| format!("作答表第 {n} 行没有满分"))?;
            if points.is_some_and(|p| p > max + 1e-9) {
                return Err(MergeStop::Bad(format!("作答表第 {n} 行的得分高于满分")));
            }
            let answered = at.int(row.get_ref(8)?, "作答时间", TIMES)?;
            let added = tx.execute(
                "INSERT OR IGNORE INTO main.answers (attempt_id, position, bank_id, question_id, response, correct, points, max_points, answered_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![local, position, bank, question, response, correct, points, max, answered],
            )?;
            report.answers_added += added;
            Ok(())
        },
    )?;
    if let Some(first) = attempt_of.values().min() {
        tx.execute(
            "UPDATE main.attempts SET
                answered = (SELECT count(*) FROM main.answers x WHERE x.attempt_id = attempts.id
                            AND (x.correct IS NOT NULL OR x.response IS NOT NULL)),
                correct_count = (SELECT count(*) FROM main.answers x WHERE x.attempt_id = attempts.id AND x.correct = 1),
                banks = coalesce((SELECT group_concat(bank_id) FROM (SELECT DISTINCT bank_id FROM main.paper_questions q
                                  WHERE q.attempt_id = attempts.id)), '')
             WHERE id >= ?1",
            params![first],
        )?;
    }
    Ok(())
}

/// Competitions new here (by uid), with their events and results (people and branches mapped).
fn merge_competitions(
    tx: &rusqlite::Transaction<'_>,
    package: &Package,
    person_of: &HashMap<i64, i64>,
    branches: &HashMap<String, i64>,
) -> Result<usize> {
    let mut known: HashSet<String> = HashSet::new();
    {
        let mut statement = tx.prepare("SELECT uid FROM main.competitions")?;
        let rows = statement.query_map([], |r| r.get::<_, String>(0))?;
        for uid in rows {
            known.insert(uid?);
        }
    }
    let mut competition_of: HashMap<i64, i64> = HashMap::new();
    each_row(
        package,
        "SELECT id, uid, title, plan, seed, started_ms, ended_ms, end_reason FROM competitions ORDER BY id",
        |row, n| {
            let at = At {
                table: "竞赛表",
                row: n,
            };
            let pkg_id = at.int(row.get_ref(0)?, "编号", i64::MIN..=i64::MAX)?;
            let uid = at.text(row.get_ref(1)?, "竞赛编号", NAME, false)?;
            let title = at.text(row.get_ref(2)?, "名称", ID, true)?;
            let plan = at.text(row.get_ref(3)?, "方案", PLAN, false)?;
            let seed = at.int(row.get_ref(4)?, "随机种子", i64::MIN..=i64::MAX)?;
            let started = at.int(row.get_ref(5)?, "开始时间", TIMES)?;
            let ended = at.opt_int(row.get_ref(6)?, "结束时间", TIMES)?;
            let reason = at.opt_text(row.get_ref(7)?, "结束方式", 20)?;
            if !known.insert(uid.clone()) {
                return Ok(());
            }
            tx.execute(
                "INSERT INTO main.competitions (uid, title, plan, seed, started_ms, ended_ms, end_reason)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![uid, title, plan, seed, started, ended, reason],
            )?;
            competition_of.insert(pkg_id, tx.last_insert_rowid());
            Ok(())
        },
    )?;
    each_row(
        package,
        "SELECT competition_id, seq, at_ms, event FROM competition_events",
        |row, n| {
            let at = At {
                table: "竞赛记录表",
                row: n,
            };
            let competition = at.int(row.get_ref(0)?, "竞赛", i64::MIN..=i64::MAX)?;
            let Some(&local) = competition_of.get(&competition) else {
                return Ok(());
            };
            let seq = at.int(row.get_ref(1)?, "序号", COUNT)?;
            let when = at.int(row.get_ref(2)?, "时间", TIMES)?;
            let event = at.text(row.get_ref(3)?, "操作", LONG, false)?;
            tx.execute(
                "INSERT OR IGNORE INTO main.competition_events (competition_id, seq, at_ms, event) VALUES (?1, ?2, ?3, ?4)",
                params![local, seq, when, event],
            )?;
            Ok(())
        },
    )?;
    each_row(
        package,
        "SELECT competition_id, team_index, team, participant_id, place, score, right_count, wrong_count FROM competition_results",
        |row, n| {
            let at = At {
                table: "竞赛成绩表",
                row: n,
            };
            let competition = at.int(row.get_ref(0)?, "竞赛", i64::MIN..=i64::MAX)?;
            let Some(&local) = competition_of.get(&competition) else {
                return Ok(());
            };
            let team_index = at.int(row.get_ref(1)?, "队伍序号", 0..=100)?;
            let team = at.text(row.get_ref(2)?, "队伍", NAME, false)?;
            let person = at
                .opt_int(row.get_ref(3)?, "人员", i64::MIN..=i64::MAX)?
                .and_then(|p| person_of.get(&p).copied());
            let place = at.opt_int(row.get_ref(4)?, "名次", 0..=100)?;
            let score = at.int(row.get_ref(5)?, "得分", -1_000_000..=1_000_000)?;
            let right = at.int(row.get_ref(6)?, "答对题数", COUNT)?;
            let wrong = at.int(row.get_ref(7)?, "答错题数", COUNT)?;
            tx.execute(
                "INSERT INTO main.competition_results (competition_id, team_index, team, branch_id, participant_id, place, score, right_count, wrong_count)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![local, team_index, team, branches.get(&team), person, place, score, right, wrong],
            )?;
            Ok(())
        },
    )?;
    Ok(competition_of.len())
}

impl Package {
    /// Checks every row of the package as a merge would, into an empty database in memory that
    /// is then thrown away: what would be refused is refused before the records are touched.
    pub fn validate(&self) -> Result<()> {
        let mut scratch = rusqlite::Connection::open_in_memory()?;
        for sql in crate::storage::records::MIGRATIONS {
            scratch.execute_batch(sql)?;
        }
        let tx = scratch.transaction()?;
        merge_package(&tx, self)?;
        // Dropped without commit: nothing of the package stays anywhere.
        Ok(())
    }
}
