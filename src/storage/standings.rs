//! Standings: leaderboards of participants and branches, and the figures behind the charts, all
//! filtered by bank, mode and dates. Leaderboards read the attempts only (each keeps its counts),
//! so they stay fast over millions of answers.

use std::collections::HashMap;

use rusqlite::params;

use crate::core::error::Result;
use crate::storage::records::Records;

/// Which attempts count.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only attempts drawing from this bank.
    pub bank: Option<String>,
    /// Only this mode (`exam`, `challenge`…).
    pub mode: Option<String>,
    /// Only attempts started at or after this time (ms since 1970).
    pub from_ms: Option<i64>,
    /// Only attempts started before this time.
    pub to_ms: Option<i64>,
}

/// The ended, filtered attempts with their score as a percentage, as a common table `f`.
const FILTERED: &str = "WITH f AS (
    SELECT a.id, a.participant_id, a.mode, a.started_ms, a.time_used_ms, a.score, a.answered,
           a.correct_count,
           CASE WHEN a.max_score > 0 THEN 100.0 * a.score / a.max_score END AS pct
    FROM attempts a
    WHERE a.ended_ms IS NOT NULL AND a.participant_id IS NOT NULL
      AND (?1 IS NULL OR a.mode = ?1)
      AND (?2 IS NULL OR a.started_ms >= ?2)
      AND (?3 IS NULL OR a.started_ms < ?3)
      AND (?4 IS NULL OR instr(',' || a.banks || ',', ',' || ?4 || ',') > 0)
)";

/// A participant on the leaderboard.
#[derive(Clone, Debug, PartialEq)]
pub struct ParticipantRow {
    /// Place from 1; equal best score and time share a place.
    pub place: usize,
    /// Records id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Branch.
    pub branch: Option<String>,
    /// Attempts counted.
    pub attempts: i64,
    /// Best score, in percent.
    pub best: f64,
    /// Average score, in percent.
    pub average: f64,
    /// Longest challenge.
    pub best_streak: i64,
    /// Questions answered.
    pub answered: i64,
    /// Of those, right.
    pub correct: i64,
    /// Time taken by the best attempt (ties on the best score are broken by it), ms.
    pub best_time_ms: i64,
}

/// A branch on the leaderboard.
#[derive(Clone, Debug, PartialEq)]
pub struct BranchRow {
    /// Place from 1.
    pub place: usize,
    /// Name.
    pub name: String,
    /// Members (not archived).
    pub members: i64,
    /// Members who took part.
    pub took_part: i64,
    /// Attempts counted.
    pub attempts: i64,
    /// Average score of the attempts, in percent.
    pub average: f64,
    /// Questions answered.
    pub answered: i64,
}

impl BranchRow {
    /// Share of members who took part, in percent.
    pub fn participation(&self) -> f64 {
        if self.members > 0 {
            100.0 * self.took_part as f64 / self.members as f64
        } else {
            0.0
        }
    }
}

/// How often a question was answered, and how often right, for facility and category charts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionStat {
    /// The bank.
    pub bank_id: String,
    /// The question.
    pub question_id: String,
    /// Judged answers.
    pub answers: i64,
    /// Right answers.
    pub right: i64,
}

impl QuestionStat {
    /// The facility index: the share who got it right (0–1).
    pub fn facility(&self) -> f64 {
        if self.answers > 0 {
            self.right as f64 / self.answers as f64
        } else {
            0.0
        }
    }
}

fn filter_params(filter: &Filter) -> (Option<&str>, Option<i64>, Option<i64>, Option<&str>) {
    (
        filter.mode.as_deref(),
        filter.from_ms,
        filter.to_ms,
        filter.bank.as_deref(),
    )
}

/// Each person's figures over the filtered attempts, read once for both leaderboards.
struct PerPerson {
    /// Rows with the figures filled in (names, average and place still to come).
    rows: HashMap<i64, ParticipantRow>,
    /// Sum of the percentages and their count, for averages.
    sums: HashMap<i64, (f64, i64)>,
}

impl Records {
    /// Each person's figures over the filtered attempts.
    fn per_person(&self, filter: &Filter) -> Result<PerPerson> {
        let (mode, from, to, bank) = filter_params(filter);
        // One pass over the filtered attempts, aggregated here: SQL's window functions for "the
        // best attempt, ties to the quicker" cost more than reading the rows once.
        let sql = format!(
            "{FILTERED} SELECT participant_id, mode, time_used_ms, coalesce(score, 0), answered, correct_count, pct FROM f"
        );
        let mut by_person: HashMap<i64, ParticipantRow> = HashMap::new();
        let mut sums: HashMap<i64, (f64, i64)> = HashMap::new();
        let mut statement = self.conn().prepare_cached(&sql)?;
        let mut query = statement.query(params![mode, from, to, bank])?;
        while let Some(r) = query.next()? {
            let read = || -> rusqlite::Result<_> {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get_ref(1)?
                        .as_str()
                        .map(|m| m == "challenge")
                        .unwrap_or(false),
                    r.get::<_, i64>(2)?,
                    r.get::<_, f64>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, Option<f64>>(6)?,
                ))
            };
            let (id, challenge, time, score, answered, correct, pct) = read()?;
            let row = by_person.entry(id).or_insert_with(|| ParticipantRow {
                place: 0,
                id,
                name: String::new(),
                branch: None,
                attempts: 0,
                best: f64::NEG_INFINITY,
                average: 0.0,
                best_streak: 0,
                answered: 0,
                correct: 0,
                best_time_ms: 0,
            });
            row.attempts += 1;
            row.answered += answered;
            row.correct += correct;
            if challenge {
                row.best_streak = row.best_streak.max(score as i64);
            }
            if let Some(pct) = pct {
                let sum = sums.entry(id).or_default();
                sum.0 += pct;
                sum.1 += 1;
                if pct > row.best || (pct == row.best && time < row.best_time_ms) {
                    row.best = pct;
                    row.best_time_ms = time;
                }
            }
        }
        drop(query);
        drop(statement);
        Ok(PerPerson {
            rows: by_person,
            sums,
        })
    }

    /// Both leaderboards, from one read of the attempts.
    pub fn leaderboards(&self, filter: &Filter) -> Result<(Vec<ParticipantRow>, Vec<BranchRow>)> {
        let per = self.per_person(filter)?;
        let branches = self.branches_from(&per)?;
        Ok((self.people_from(per)?, branches))
    }

    /// The participant leaderboard: best score first, then the quicker best attempt.
    pub fn participant_leaderboard(&self, filter: &Filter) -> Result<Vec<ParticipantRow>> {
        let per = self.per_person(filter)?;
        self.people_from(per)
    }

    /// The branch leaderboard: average score first, then participation.
    pub fn branch_leaderboard(&self, filter: &Filter) -> Result<Vec<BranchRow>> {
        let per = self.per_person(filter)?;
        self.branches_from(&per)
    }

    fn people_from(&self, per: PerPerson) -> Result<Vec<ParticipantRow>> {
        let PerPerson {
            rows: mut by_person,
            sums,
        } = per;
        let names = self.rows(
            "SELECT p.id, p.name, b.name FROM participants p LEFT JOIN branches b ON b.id = p.branch_id",
            [],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?)),
        )?;
        for (id, name, branch) in names {
            if let Some(row) = by_person.get_mut(&id) {
                row.name = name;
                row.branch = branch;
            }
        }
        let mut rows: Vec<ParticipantRow> = by_person
            .into_values()
            .map(|mut row| {
                let (sum, n) = sums.get(&row.id).copied().unwrap_or((0.0, 0));
                row.average = if n > 0 { sum / n as f64 } else { 0.0 };
                if row.best == f64::NEG_INFINITY {
                    row.best = 0.0;
                }
                row
            })
            .collect();
        rank_participants(&mut rows);
        Ok(rows)
    }

    fn branches_from(&self, per: &PerPerson) -> Result<Vec<BranchRow>> {
        let (by_person, sums) = (&per.rows, &per.sums);
        let members = self.rows(
            "SELECT p.id, b.id, p.archived FROM participants p JOIN branches b ON b.id = p.branch_id",
            [],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, bool>(2)?)),
        )?;
        let branches = self.rows(
            "SELECT id, name FROM branches WHERE archived = 0",
            [],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
        )?;
        // Per branch: members, took part, attempts, sum of percentages, their count, answered.
        let mut totals: HashMap<i64, (i64, i64, i64, f64, i64, i64)> = HashMap::new();
        for (person, branch, archived) in members {
            let t = totals.entry(branch).or_default();
            if !archived {
                t.0 += 1;
            }
            if let Some(row) = by_person.get(&person) {
                let (sum, n) = sums.get(&person).copied().unwrap_or((0.0, 0));
                t.1 += 1;
                t.2 += row.attempts;
                t.3 += sum;
                t.4 += n;
                t.5 += row.answered;
            }
        }
        let mut rows: Vec<BranchRow> = branches
            .into_iter()
            .map(|(id, name)| {
                let (members, took_part, attempts, sum, n, answered) =
                    totals.get(&id).copied().unwrap_or_default();
                BranchRow {
                    place: 0,
                    name,
                    members,
                    took_part,
                    attempts,
                    average: if n > 0 { sum / n as f64 } else { 0.0 },
                    answered,
                }
            })
            .collect();
        rows.sort_by(|a, b| {
            b.average
                .total_cmp(&a.average)
                .then(b.participation().total_cmp(&a.participation()))
                .then_with(|| a.name.cmp(&b.name))
        });
        for i in 0..rows.len() {
            rows[i].place = if i > 0
                && rows[i].average == rows[i - 1].average
                && rows[i].participation() == rows[i - 1].participation()
            {
                rows[i - 1].place
            } else {
                i + 1
            };
        }
        Ok(rows)
    }

    /// How many attempts scored 0–9 %, 10–19 % … 90–100 %.
    pub fn score_distribution(&self, filter: &Filter) -> Result<[i64; 10]> {
        let (mode, from, to, bank) = filter_params(filter);
        let sql = format!(
            "{FILTERED} SELECT min(9, CAST(pct / 10 AS INTEGER)), count(*) FROM f WHERE pct IS NOT NULL GROUP BY 1"
        );
        let mut out = [0; 10];
        for (bucket, count) in self.rows(&sql, params![mode, from, to, bank], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        })? {
            out[bucket.clamp(0, 9) as usize] += count;
        }
        Ok(out)
    }

    /// Answers and right answers per question in the filtered attempts.
    pub fn question_stats(&self, filter: &Filter) -> Result<Vec<QuestionStat>> {
        let (mode, from, to, bank) = filter_params(filter);
        // Streamed and counted here: SQLite's GROUP BY would sort every answer first.
        let sql = format!(
            "{FILTERED}
             SELECT x.bank_id, x.question_id, x.correct
             FROM f CROSS JOIN answers x ON x.attempt_id = f.id
             WHERE x.correct IS NOT NULL"
        );
        let mut index_of: HashMap<String, usize> = HashMap::new();
        let mut stats: Vec<QuestionStat> = Vec::new();
        let mut key = String::new();
        let mut statement = self.conn().prepare_cached(&sql)?;
        let mut query = statement.query(params![mode, from, to, bank])?;
        while let Some(r) = query.next()? {
            let read = || -> rusqlite::Result<(&str, &str, i64)> {
                Ok((r.get_ref(0)?.as_str()?, r.get_ref(1)?.as_str()?, r.get(2)?))
            };
            let (bank_id, question_id, correct) = read()?;
            key.clear();
            key.push_str(bank_id);
            key.push('\u{0}');
            key.push_str(question_id);
            let index = match index_of.get(key.as_str()) {
                Some(&index) => index,
                None => {
                    stats.push(QuestionStat {
                        bank_id: bank_id.to_owned(),
                        question_id: question_id.to_owned(),
                        answers: 0,
                        right: 0,
                    });
                    index_of.insert(key.clone(), stats.len() - 1);
                    stats.len() - 1
                }
            };
            stats[index].answers += 1;
            stats[index].right += i64::from(correct != 0);
        }
        Ok(stats)
    }

    /// A participant's scores over time: (start ms, percent), oldest first.
    pub fn progress(&self, participant: i64, filter: &Filter) -> Result<Vec<(i64, f64)>> {
        let (mode, from, to, bank) = filter_params(filter);
        let sql = format!(
            "{FILTERED} SELECT started_ms, pct FROM f WHERE participant_id = ?5 AND pct IS NOT NULL ORDER BY started_ms"
        );
        self.rows(&sql, params![mode, from, to, bank, participant], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
    }
}

/// Best score first; equal best scores go to the quicker best attempt; equal both share a place.
fn rank_participants(rows: &mut [ParticipantRow]) {
    rows.sort_by(|a, b| {
        b.best
            .total_cmp(&a.best)
            .then(a.best_time_ms.cmp(&b.best_time_ms))
            .then_with(|| a.name.cmp(&b.name))
    });
    for i in 0..rows.len() {
        rows[i].place = if i > 0
            && rows[i].best == rows[i - 1].best
            && rows[i].best_time_ms == rows[i - 1].best_time_ms
        {
            rows[i - 1].place
        } else {
            i + 1
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, best: f64, time: i64) -> ParticipantRow {
        ParticipantRow {
            place: 0,
            id: 0,
            name: name.into(),
            branch: None,
            attempts: 1,
            best,
            average: best,
            best_streak: 0,
            answered: 10,
            correct: 5,
            best_time_ms: time,
        }
    }

    #[test]
    fn ties_on_the_best_score_go_to_the_quicker_and_full_ties_share_a_place() {
        let mut rows = vec![
            row("甲", 90.0, 300_000),
            row("乙", 95.0, 500_000),
            row("丙", 90.0, 200_000),
            row("丁", 90.0, 300_000),
            row("戊", 60.0, 100_000),
        ];
        rank_participants(&mut rows);
        let order: Vec<(usize, &str)> = rows.iter().map(|r| (r.place, r.name.as_str())).collect();
        assert_eq!(
            order,
            [(1, "乙"), (2, "丙"), (3, "丁"), (3, "甲"), (5, "戊")]
        );
    }
}
