//! Competitions in the records: the plan, every event as it happens, and the results at the end.

use rusqlite::{OptionalExtension, params};

use crate::core::competition::{Game, Plan, Stamped};
use crate::core::error::{Error, Result};
use crate::storage::records::Records;

/// A competition as stored: enough to replay it.
#[derive(Clone, Debug)]
pub struct SavedCompetition {
    /// Row id.
    pub id: i64,
    /// The title.
    pub title: String,
    /// The plan it runs by.
    pub plan: Plan,
    /// The seed of its question order.
    pub seed: u64,
    /// When it started (ms since 1970).
    pub started_ms: i64,
    /// Every event, in order.
    pub events: Vec<Stamped>,
    /// How its audience display was shown, as the app wrote it.
    pub display: Option<String>,
    /// The last moment its countdown was seen running (ms since 1970).
    pub alive_ms: Option<i64>,
}

impl SavedCompetition {
    /// The state its log gives.
    pub fn replay(&self) -> Result<Game> {
        Game::replay(self.plan.clone(), &self.events).map_err(|message| Error::BadRecord {
            what: format!("竞赛“{}”的操作记录", self.title),
            message,
        })
    }
}

impl Records {
    /// Records a competition starting; returns its row id.
    pub fn start_competition(&self, plan: &Plan, seed: u64, now_ms: i64) -> Result<i64> {
        let uid = format!("{now_ms:x}-c{seed:x}");
        self.conn()
            .execute(
                "INSERT INTO competitions (uid, title, plan, seed, started_ms) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![uid, plan.title, plan.to_ron(), seed as i64, now_ms],
            )?;
        Ok(self.conn().last_insert_rowid())
    }

    /// Commits event number `seq` of competition `id`; when this returns, it survives a power cut.
    pub fn append_event(&self, id: i64, seq: usize, stamped: &Stamped) -> Result<()> {
        let json = crate::storage::encode(&stamped.event)?;
        self.conn()
            .execute(
                "INSERT INTO competition_events (competition_id, seq, at_ms, event) VALUES (?1, ?2, ?3, ?4)",
                params![id, seq as i64, stamped.at_ms, json],
            )?;
        Ok(())
    }

    /// Competitions started and not ended, newest first.
    pub fn unfinished_competitions(&self) -> Result<Vec<SavedCompetition>> {
        let ids: Vec<i64> = self.rows(
            "SELECT id FROM competitions WHERE ended_ms IS NULL ORDER BY started_ms DESC",
            [],
            |row| row.get(0),
        )?;
        ids.into_iter().map(|id| self.competition(id)).collect()
    }

    /// Competition `id` with its events.
    pub fn competition(&self, id: i64) -> Result<SavedCompetition> {
        let row = self
            .conn()
            .query_row(
                "SELECT title, plan, seed, started_ms, display, alive_ms FROM competitions WHERE id = ?1",
                params![id],
                |r| {
                    Ok((
                        (r.get::<_, String>(0)?, r.get::<_, String>(1)?),
                        (r.get::<_, i64>(2)?, r.get::<_, i64>(3)?),
                        (r.get::<_, Option<String>>(4)?, r.get::<_, Option<i64>>(5)?),
                    ))
                },
            )
            .optional()?;
        let Some(((title, plan_text), (seed, started_ms), (display, alive_ms))) = row else {
            return Err(self.invalid(format!("没有编号为 {id} 的竞赛")));
        };
        let plan = Plan::from_stored_ron(&plan_text)
            .map_err(|e| self.invalid(format!("竞赛“{title}”的方案无法读取：{e}")))?;
        let rows = self.rows(
            "SELECT at_ms, event FROM competition_events WHERE competition_id = ?1 ORDER BY seq",
            params![id],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
        )?;
        let mut events = Vec::new();
        for row in rows {
            let (at_ms, json) = row;
            let event = serde_json::from_str(&json).map_err(|e| {
                self.invalid(format!(
                    "竞赛“{title}”第 {} 条记录无法读取：{e}",
                    events.len() + 1
                ))
            })?;
            events.push(Stamped { at_ms, event });
        }
        Ok(SavedCompetition {
            id,
            title,
            plan,
            seed: seed as u64,
            started_ms,
            events,
            display,
            alive_ms,
        })
    }

    /// Saves how competition `id`'s audience display is shown.
    pub fn save_competition_display(&self, id: i64, display: &str) -> Result<()> {
        self.conn().execute(
            "UPDATE competitions SET display = ?2 WHERE id = ?1",
            params![id, display],
        )?;
        Ok(())
    }

    /// Notes that competition `id`'s countdown was running at `now_ms`.
    pub fn competition_alive(&self, id: i64, now_ms: i64) -> Result<()> {
        self.conn().execute(
            "UPDATE competitions SET alive_ms = ?2 WHERE id = ?1",
            params![id, now_ms],
        )?;
        Ok(())
    }

    /// Takes back the end of competition `id` (the host undid it): its results go until it ends
    /// again, and it is resumable once more.
    pub fn reopen_competition(&mut self, id: i64) -> Result<()> {
        self.transact(|tx| {
            tx.execute(
                "DELETE FROM competition_results WHERE competition_id = ?1",
                params![id],
            )?;
            tx.execute(
                "UPDATE competitions SET ended_ms = NULL, end_reason = NULL WHERE id = ?1",
                params![id],
            )?;
            Ok(())
        })
    }

    /// Marks competition `id` ended without results (the host discarded it).
    pub fn abandon_competition(&self, id: i64, now_ms: i64) -> Result<()> {
        self.conn().execute(
            "UPDATE competitions SET ended_ms = ?2, end_reason = 'abandoned' WHERE id = ?1",
            params![id, now_ms],
        )?;
        Ok(())
    }

    /// Ends competition `id` and writes its results: one row per team (its branch if one has the
    /// team's name) and one per member who answered, in one transaction.
    pub fn finish_competition(&mut self, id: i64, game: &Game, now_ms: i64) -> Result<()> {
        self.transact(|tx| {
        tx.execute(
            "DELETE FROM competition_results WHERE competition_id = ?1",
            params![id],
        )?;
        let standings = game.standings();
        for (place, team) in standings {
            let name = game.team_name(team).to_string();
            let branch: Option<i64> = tx
                .query_row(
                    "SELECT id FROM branches WHERE name = ?1",
                    params![name],
                    |r| r.get(0),
                )
                .optional()?;
            let answers = game.answers.iter().filter(|a| a.team == team);
            let right = answers.clone().filter(|a| a.right).count() as i64;
            let wrong = answers.clone().filter(|a| !a.right).count() as i64;
            tx.execute(
                "INSERT INTO competition_results (competition_id, team_index, team, branch_id, place, score, right_count, wrong_count)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![id, team as i64, name, branch, place as i64, game.scores[team], right, wrong],
            )?;
            let mut members: Vec<i64> = answers.filter_map(|a| a.member).collect();
            members.sort_unstable();
            members.dedup();
            for member in members {
                let mine = game
                    .answers
                    .iter()
                    .filter(|a| a.team == team && a.member == Some(member));
                let points: i32 = mine.clone().map(|a| a.delta).sum();
                let right = mine.clone().filter(|a| a.right).count() as i64;
                let wrong = mine.filter(|a| !a.right).count() as i64;
                tx.execute(
                    "INSERT INTO competition_results (competition_id, team_index, team, branch_id, participant_id, score, right_count, wrong_count)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![id, team as i64, name, branch, member, points, right, wrong],
                )?;
            }
        }
        tx.execute(
            "UPDATE competitions SET ended_ms = ?2, end_reason = 'finished' WHERE id = ?1",
            params![id, now_ms],
        )?;
        Ok(())
        })
    }

    fn invalid(&self, message: String) -> Error {
        Error::BadRecord {
            what: "竞赛记录".to_owned(),
            message,
        }
    }
}
