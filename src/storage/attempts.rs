//! Attempts (a practice session or an exam) and their answers, each answer committed as it is given.

use rusqlite::params;

use crate::core::error::{Error, Result};
use crate::core::grade::Response;
use crate::storage::records::Records;

/// One question of a recorded paper: enough to show it again after a restart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaperEntry {
    /// The bank it came from.
    pub bank_id: String,
    /// Its id in that bank.
    pub question_id: String,
    /// For each option shown, its index in the bank.
    pub option_order: Vec<usize>,
    /// What it is worth.
    pub points: u32,
}

impl From<&crate::core::exam::PaperQuestion> for PaperEntry {
    fn from(q: &crate::core::exam::PaperQuestion) -> Self {
        Self {
            bank_id: q.bank_id.clone(),
            question_id: q.question.id.clone(),
            option_order: q.option_order.clone(),
            points: q.points,
        }
    }
}

/// What is known when an attempt starts.
#[derive(Clone, Debug, PartialEq)]
pub struct NewAttempt {
    /// The participant, or none for anonymous practice.
    pub participant_id: Option<i64>,
    /// `practice` or `exam`.
    pub mode: &'static str,
    /// What was taken: the preset's or the banks' name.
    pub title: String,
    /// The paper's rules as JSON, for exams.
    pub rules_json: Option<String>,
    /// The paper's seed, for exams.
    pub seed: Option<u64>,
    /// The time limit, for exams.
    pub time_limit_secs: Option<u32>,
    /// The questions in the order asked.
    pub questions: Vec<PaperEntry>,
}

/// How an attempt ended.
#[derive(Clone, Debug, PartialEq)]
pub struct Ended {
    /// `submitted`, `time_up` or `finished`.
    pub reason: &'static str,
    /// Points.
    pub score: f64,
    /// Most points possible (for practice: the questions answered).
    pub max_score: f64,
    /// Open questions waiting for a grader.
    pub awaiting_grader: usize,
    /// The time used, as shown to the one answering at the end.
    pub time_used_ms: i64,
}

/// One answer as recorded.
#[derive(Clone, Debug, PartialEq)]
pub struct AnswerRecord {
    /// Position in the attempt, from 0.
    pub position: usize,
    /// What was answered; `None` clears an earlier answer.
    pub response: Option<Response>,
    /// Right or wrong, when known.
    pub correct: Option<bool>,
    /// Points earned, when known.
    pub points: Option<f64>,
    /// Time used on the attempt so far, in milliseconds.
    pub time_used_ms: i64,
}

/// An attempt that was never finished (the app closed or the power went).
#[derive(Clone, Debug, PartialEq)]
pub struct Unfinished {
    /// Row id.
    pub id: i64,
    /// Who took it.
    pub participant_id: Option<i64>,
    /// What was taken.
    pub title: String,
    /// The rules as JSON.
    pub rules_json: Option<String>,
    /// The seed.
    pub seed: Option<u64>,
    /// Time used when the last answer was saved, in milliseconds.
    pub time_used_ms: i64,
    /// The question that was on show.
    pub position: usize,
    /// The paper.
    pub questions: Vec<PaperEntry>,
    /// The answers saved, by position.
    pub answers: Vec<Option<Response>>,
}

/// The banks a paper draws from, comma-separated in first-seen order, for filtering standings.
fn banks_of(questions: &[PaperEntry]) -> String {
    let mut banks: Vec<&str> = Vec::new();
    for entry in questions {
        if !banks.contains(&entry.bank_id.as_str()) {
            banks.push(&entry.bank_id);
        }
    }
    banks.join(",")
}

/// Removes attempt `id` (its paper and answers with it) if it has no answer.
fn remove_if_empty(tx: &rusqlite::Transaction<'_>, id: i64) -> Result<()> {
    let answered: i64 = tx.query_row(
        "SELECT answered FROM attempts WHERE id = ?1",
        params![id],
        |r| r.get(0),
    )?;
    if answered == 0 {
        tx.execute("DELETE FROM answers WHERE attempt_id = ?1", params![id])?;
        tx.execute(
            "DELETE FROM paper_questions WHERE attempt_id = ?1",
            params![id],
        )?;
        tx.execute("DELETE FROM attempts WHERE id = ?1", params![id])?;
    }
    Ok(())
}

impl Records {
    /// Records the start of an attempt with its paper, in one transaction; returns its row id.
    pub fn start_attempt(&mut self, attempt: &NewAttempt, now_ms: i64) -> Result<i64> {
        let uid = format!("{now_ms:x}-{:016x}", fastrand::u64(..));
        self.transact(|tx| {
        tx.execute(
            "INSERT INTO attempts (uid, participant_id, mode, title, started_ms, time_limit_secs, question_count, rules, seed, banks)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                uid,
                attempt.participant_id,
                attempt.mode,
                attempt.title,
                now_ms,
                attempt.time_limit_secs,
                attempt.questions.len() as i64,
                attempt.rules_json,
                attempt.seed.map(|s| s as i64),
                banks_of(&attempt.questions),
            ],
        )?;
        let id = tx.last_insert_rowid();
        {
            let mut insert = tx
                .prepare("INSERT INTO paper_questions (attempt_id, position, bank_id, question_id, option_order, points) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
            for (position, entry) in attempt.questions.iter().enumerate() {
                let order =
                    serde_json::to_string(&entry.option_order).unwrap_or_else(|_| "[]".to_owned());
                insert
                    .execute(params![
                        id,
                        position as i64,
                        entry.bank_id,
                        entry.question_id,
                        order,
                        entry.points
                    ])?;
            }
        }
                Ok(id)
        })
    }

    /// Records one answer and the time used, committed before it returns.
    pub fn record_answer(
        &mut self,
        attempt_id: i64,
        answer: &AnswerRecord,
        now_ms: i64,
    ) -> Result<()> {
        let response = answer
            .response
            .as_ref()
            .and_then(|r| serde_json::to_string(r).ok());
        self.transact(|tx| {
        tx.execute(
            "INSERT INTO answers (attempt_id, position, bank_id, question_id, response, correct, points, max_points, answered_ms)
             SELECT ?1, ?2, bank_id, question_id, ?3, ?4, ?5, points, ?6
             FROM paper_questions WHERE attempt_id = ?1 AND position = ?2
             ON CONFLICT (attempt_id, position) DO UPDATE SET
                response = excluded.response, correct = excluded.correct,
                points = excluded.points, answered_ms = excluded.answered_ms",
            params![attempt_id, answer.position as i64, response, answer.correct, answer.points, now_ms],
        )?;
        tx.execute(
            "UPDATE attempts SET time_used_ms = max(time_used_ms, ?2) WHERE id = ?1",
            params![attempt_id, answer.time_used_ms],
        )?;
        Ok(())
        })
    }

    /// Records the time used and the question on show, so a resumed exam gets the time that was
    /// left and opens where the examinee was.
    pub fn record_progress(
        &self,
        attempt_id: i64,
        time_used_ms: i64,
        position: usize,
    ) -> Result<()> {
        self.conn()
            .execute(
                "UPDATE attempts SET time_used_ms = max(time_used_ms, ?2), position = ?3 WHERE id = ?1",
                params![attempt_id, time_used_ms, position as i64],
            )
            .map(|_| ())
            .map_err(Error::from)
    }

    /// Records how an attempt ended and its score.
    ///
    /// The rule of the records: an attempt with no answer is not an attempt. One that ends without
    /// any answer (a practice left with Esc, an exam given up at once) is removed, so it never
    /// counts as a score of 0 in a leaderboard, a chart, an export or a result.
    pub fn finish_attempt(&mut self, attempt_id: i64, ended: &Ended, now_ms: i64) -> Result<()> {
        self.transact(|tx| {
            tx.execute(
                "UPDATE attempts SET ended_ms = ?2, end_reason = ?3, score = ?4, max_score = ?5, awaiting_grader = ?6,
                    time_used_ms = ?7,
                    answered = (SELECT count(*) FROM answers x WHERE x.attempt_id = ?1
                                AND (x.correct IS NOT NULL OR x.response IS NOT NULL)),
                    correct_count = (SELECT count(*) FROM answers x WHERE x.attempt_id = ?1 AND x.correct = 1)
                 WHERE id = ?1",
                params![
                    attempt_id,
                    now_ms,
                    ended.reason,
                    ended.score,
                    ended.max_score,
                    ended.awaiting_grader as i64,
                    ended.time_used_ms
                ],
            )?;
            remove_if_empty(tx, attempt_id)
        })
    }

    /// Ends an exam that will not be resumed, counting what was answered out of the whole paper
    /// (its real score, not 0 of 0); with no answer at all, it is removed like any empty attempt.
    pub fn abandon_attempt(&mut self, attempt_id: i64, now_ms: i64) -> Result<()> {
        self.transact(|tx| {
            tx.execute(
                "UPDATE attempts SET ended_ms = ?2, end_reason = 'abandoned',
                    score = (SELECT coalesce(sum(points), 0) FROM answers x WHERE x.attempt_id = ?1),
                    max_score = (SELECT coalesce(sum(points), 0) FROM paper_questions q WHERE q.attempt_id = ?1),
                    awaiting_grader = (SELECT count(*) FROM answers x WHERE x.attempt_id = ?1
                                       AND x.response IS NOT NULL AND x.correct IS NULL),
                    answered = (SELECT count(*) FROM answers x WHERE x.attempt_id = ?1
                                AND (x.correct IS NOT NULL OR x.response IS NOT NULL)),
                    correct_count = (SELECT count(*) FROM answers x WHERE x.attempt_id = ?1 AND x.correct = 1)
                 WHERE id = ?1",
                params![attempt_id, now_ms],
            )?;
            remove_if_empty(tx, attempt_id)
        })
    }

    /// Exams that were started and never ended, newest first.
    pub fn unfinished_exams(&self) -> Result<Vec<Unfinished>> {
        let heads = self.rows(
            "SELECT id, participant_id, title, rules, seed, time_used_ms, position FROM attempts
                 WHERE mode = 'exam' AND ended_ms IS NULL ORDER BY started_ms DESC",
            [],
            |r| {
                Ok(Unfinished {
                    id: r.get(0)?,
                    participant_id: r.get(1)?,
                    title: r.get(2)?,
                    rules_json: r.get(3)?,
                    seed: r.get::<_, Option<i64>>(4)?.map(|s| s as u64),
                    time_used_ms: r.get(5)?,
                    position: usize::try_from(r.get::<_, i64>(6)?).unwrap_or(0),
                    questions: Vec::new(),
                    answers: Vec::new(),
                })
            },
        )?;
        heads
            .into_iter()
            .map(|mut head| {
                head.questions = self.paper_of(head.id)?;
                head.answers = self.answers_of(head.id, head.questions.len())?;
                Ok(head)
            })
            .collect()
    }

    fn paper_of(&self, attempt_id: i64) -> Result<Vec<PaperEntry>> {
        self.rows(
            "SELECT bank_id, question_id, option_order, points FROM paper_questions WHERE attempt_id = ?1 ORDER BY position",
            params![attempt_id], |r| {
                let order: String = r.get(2)?;
                Ok(PaperEntry {
                    bank_id: r.get(0)?,
                    question_id: r.get(1)?,
                    option_order: serde_json::from_str(&order).unwrap_or_default(),
                    points: r.get(3)?,
                })
            }
        )
    }

    /// The answers of an attempt by position (`None` where none was given).
    pub fn answers_of(&self, attempt_id: i64, count: usize) -> Result<Vec<Option<Response>>> {
        let mut out = vec![None; count];
        let rows = self.rows(
            "SELECT position, response FROM answers WHERE attempt_id = ?1",
            params![attempt_id],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?)),
        )?;
        for row in rows {
            let (position, response) = row;
            if let Some(slot) = usize::try_from(position).ok().and_then(|p| out.get_mut(p)) {
                *slot = response.and_then(|json| serde_json::from_str(&json).ok());
            }
        }
        Ok(out)
    }
}
