//! What the study modes read from the records: a participant's judged answers, favourites, best
//! challenge streak, and whether today's set is done.

use rusqlite::params;

use crate::core::error::{Error, Result};
use crate::core::study::{Key, Seen};
use crate::storage::records::Records;

/// The study modes as recorded in `attempts.mode`, with their names.
pub const MODES: [(&str, &str); 7] = [
    ("practice", "自主练习"),
    ("exam", "模拟考试"),
    ("challenge", "挑战答题"),
    ("daily", "每日答题"),
    ("wrongbook", "错题重练"),
    ("favourites", "收藏练习"),
    ("review", "间隔复习"),
];

/// The Chinese name of mode `mode`.
pub fn mode_label(mode: &str) -> &str {
    MODES
        .iter()
        .find(|(m, _)| *m == mode)
        .map_or(mode, |(_, label)| label)
}

impl Records {
    /// Every judged answer of `participant`, in the order given.
    pub fn history(&self, participant: i64) -> Result<Vec<Seen>> {
        self.rows(
            "SELECT x.bank_id, x.question_id, x.correct, x.answered_ms
             FROM answers x JOIN attempts a ON a.id = x.attempt_id
             WHERE a.participant_id = ?1 AND x.correct IS NOT NULL
             ORDER BY x.answered_ms",
            params![participant],
            |r| {
                Ok(Seen {
                    key: (r.get(0)?, r.get(1)?),
                    correct: r.get::<_, i64>(2)? != 0,
                    at_ms: r.get(3)?,
                })
            },
        )
    }

    /// The questions `participant` keeps in favourites, newest first.
    pub fn favourites(&self, participant: i64) -> Result<Vec<Key>> {
        self.rows(
            "SELECT bank_id, question_id FROM favourites WHERE participant_id = ?1 ORDER BY added_ms DESC",
            params![participant],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    }

    /// Adds `key` to `participant`'s favourites, or takes it out; true if it is in them now.
    pub fn toggle_favourite(&self, participant: i64, key: &Key, now_ms: i64) -> Result<bool> {
        let removed = self
            .conn()
            .execute(
                "DELETE FROM favourites WHERE participant_id = ?1 AND bank_id = ?2 AND question_id = ?3",
                params![participant, key.0, key.1],
            )?;
        if removed > 0 {
            return Ok(false);
        }
        self.conn()
            .execute(
                "INSERT INTO favourites (participant_id, bank_id, question_id, added_ms) VALUES (?1, ?2, ?3, ?4)",
                params![participant, key.0, key.1, now_ms],
            )?;
        Ok(true)
    }

    /// `participant`'s longest challenge so far (right answers in a row).
    pub fn best_streak(&self, participant: i64) -> Result<usize> {
        self.conn()
            .query_row(
                "SELECT coalesce(max(score), 0) FROM attempts
                 WHERE participant_id = ?1 AND mode = 'challenge' AND ended_ms IS NOT NULL",
                params![participant],
                |r| r.get::<_, f64>(0),
            )
            .map(|best| best as usize)
            .map_err(Error::from)
    }

    /// Whether `participant` finished a daily set between `from_ms` and `to_ms`.
    pub fn daily_done(&self, participant: i64, from_ms: i64, to_ms: i64) -> Result<bool> {
        self.conn()
            .query_row(
                "SELECT count(*) FROM attempts WHERE participant_id = ?1 AND mode = 'daily'
                 AND ended_ms IS NOT NULL AND started_ms >= ?2 AND started_ms < ?3",
                params![participant, from_ms, to_ms],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n > 0)
            .map_err(Error::from)
    }
}
