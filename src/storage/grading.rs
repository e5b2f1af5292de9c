//! Open answers waiting for a grader, and the points a grader gives.

use rusqlite::params;

use crate::core::error::Result;
use crate::core::grade::Response;
use crate::storage::records::Records;

/// An open answer of a finished exam that has no points yet.
#[derive(Clone, Debug, PartialEq)]
pub struct Ungraded {
    /// The attempt's row id.
    pub attempt_id: i64,
    /// The question's position in the paper.
    pub position: usize,
    /// Who wrote it.
    pub who: String,
    /// The paper's title.
    pub title: String,
    /// Where the question is.
    pub bank_id: String,
    /// Its id there.
    pub question_id: String,
    /// What was written.
    pub answer: String,
    /// What it is worth.
    pub max_points: f64,
}

impl Records {
    /// Open answers of ended exams waiting for points, oldest first.
    pub fn ungraded(&self) -> Result<Vec<Ungraded>> {
        self.rows(
            "SELECT x.attempt_id, x.position, coalesce(p.name, '匿名'), a.title, x.bank_id, x.question_id, x.response, x.max_points
                 FROM answers x JOIN attempts a ON a.id = x.attempt_id
                 LEFT JOIN participants p ON p.id = a.participant_id
                 WHERE a.mode = 'exam' AND a.ended_ms IS NOT NULL AND x.points IS NULL AND x.response IS NOT NULL
                 ORDER BY a.ended_ms, x.position",
            [], |r| {
                let response: String = r.get(6)?;
                let answer = match serde_json::from_str(&response) {
                    Ok(Response::Text(text)) => text,
                    _ => response,
                };
                Ok(Ungraded {
                    attempt_id: r.get(0)?,
                    position: r.get::<_, i64>(1)? as usize,
                    who: r.get(2)?,
                    title: r.get(3)?,
                    bank_id: r.get(4)?,
                    question_id: r.get(5)?,
                    answer,
                    max_points: r.get(7)?,
                })
            }
        )
    }

    /// Gives an open answer its points (kept within 0 and its worth) and adds them to the attempt.
    pub fn grade_answer(&self, attempt_id: i64, position: usize, points: f64) -> Result<()> {
        let changed = self.conn().execute(
            "UPDATE answers SET points = min(max(?3, 0), max_points), correct = (?3 >= max_points)
                 WHERE attempt_id = ?1 AND position = ?2 AND points IS NULL",
            params![attempt_id, position as i64, points],
        )?;
        if changed == 1 {
            self.conn()
                .execute(
                    "UPDATE attempts SET
                        score = coalesce(score, 0) + (SELECT points FROM answers WHERE attempt_id = ?1 AND position = ?2),
                        awaiting_grader = max(awaiting_grader - 1, 0)
                     WHERE id = ?1",
                    params![attempt_id, position as i64],
                )?;
        }
        Ok(())
    }
}
