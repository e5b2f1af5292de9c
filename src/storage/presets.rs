//! Named exam presets (试卷方案), stored as JSON in the records database.

use rusqlite::params;

use crate::core::error::{Error, Result};
use crate::core::exam::PaperRules;
use crate::storage::records::Records;

impl Records {
    /// Saves a preset under its name, replacing one of the same name.
    pub fn save_preset(&self, rules: &PaperRules) -> Result<()> {
        let json = crate::storage::encode(rules)?;
        self.conn()
            .execute(
                "INSERT INTO presets (name, rules) VALUES (?1, ?2) ON CONFLICT (name) DO UPDATE SET rules = excluded.rules",
                params![rules.name.trim(), json],
            )
            .map(|_| ()).map_err(Error::from)
    }

    /// Every saved preset, by name; unreadable ones (from a newer program) are skipped.
    pub fn presets(&self) -> Result<Vec<PaperRules>> {
        let rows = self.rows("SELECT rules FROM presets ORDER BY name", [], |r| {
            r.get::<_, String>(0)
        })?;
        let mut out = Vec::new();
        for json in rows {
            if let Ok(rules) = serde_json::from_str(&json) {
                out.push(rules);
            }
        }
        Ok(out)
    }

    /// Ranks a participant's best exam score ratio among the best of everyone in their branch:
    /// (rank from 1, people ranked). `extra` is a result not yet written (the exam just ended).
    pub fn branch_rank(&self, participant_id: i64, extra: f64) -> Result<(usize, usize)> {
        let rows = self.rows(
            "SELECT p.id, max(a.score / a.max_score) FROM participants p
                 JOIN attempts a ON a.participant_id = p.id
                 WHERE a.mode = 'exam' AND a.max_score > 0 AND a.ended_ms IS NOT NULL
                   AND p.branch_id IS (SELECT branch_id FROM participants WHERE id = ?1)
                 GROUP BY p.id",
            params![participant_id],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, f64>(1)?)),
        )?;
        let mut mine = extra;
        let mut others = Vec::new();
        for row in rows {
            let (id, best) = row;
            if id == participant_id {
                mine = mine.max(best);
            } else {
                others.push(best);
            }
        }
        let rank = 1 + others.iter().filter(|&&best| best > mine + 1e-9).count();
        Ok((rank, others.len() + 1))
    }
}
