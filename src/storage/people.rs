//! Branches (党支部) and participants in the records database. Nothing is deleted: archiving hides
//! a branch or a person from new tests but keeps their history.

use rusqlite::{OptionalExtension, params};

use crate::core::error::{Error, Result};
use crate::storage::records::Records;

/// A party branch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Branch {
    /// Row id.
    pub id: i64,
    /// 党支部名称.
    pub name: String,
    /// Hidden from new tests, kept in the records.
    pub archived: bool,
}

/// A participant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Participant {
    /// Row id.
    pub id: i64,
    /// 姓名.
    pub name: String,
    /// The branch, if any.
    pub branch_id: Option<i64>,
    /// The branch's name, for display.
    pub branch_name: Option<String>,
    /// 工号, optional.
    pub staff_no: Option<String>,
    /// Hidden from new tests, kept in the records.
    pub archived: bool,
}

impl Records {
    /// The branch called `name`, made if it does not exist yet.
    pub fn branch_named(&self, name: &str, now_ms: i64) -> Result<i64> {
        let name = name.trim();
        let found: Option<i64> = self
            .conn()
            .query_row(
                "SELECT id FROM branches WHERE name = ?1",
                params![name],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = found {
            return Ok(id);
        }
        self.conn().execute(
            "INSERT INTO branches (name, created_ms) VALUES (?1, ?2)",
            params![name, now_ms],
        )?;
        Ok(self.conn().last_insert_rowid())
    }

    /// Renames a branch.
    pub fn rename_branch(&self, id: i64, name: &str) -> Result<()> {
        self.conn()
            .execute(
                "UPDATE branches SET name = ?1 WHERE id = ?2",
                params![name.trim(), id],
            )
            .map(|_| ())
            .map_err(Error::from)
    }

    /// Archives (or brings back) a branch.
    pub fn set_branch_archived(&self, id: i64, archived: bool) -> Result<()> {
        self.conn()
            .execute(
                "UPDATE branches SET archived = ?1 WHERE id = ?2",
                params![archived, id],
            )
            .map(|_| ())
            .map_err(Error::from)
    }

    /// Every branch, by name.
    pub fn branches(&self) -> Result<Vec<Branch>> {
        self.rows(
            "SELECT id, name, archived FROM branches ORDER BY name",
            [],
            |r| {
                Ok(Branch {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    archived: r.get(2)?,
                })
            },
        )
    }

    /// Adds a participant to a branch (by name, made if new); returns the row id.
    ///
    /// A participant with the same staff number, or with no staff number and the same name in the
    /// same branch, is the same person: their row id is returned and nothing is added.
    pub fn add_participant(
        &self,
        name: &str,
        branch: Option<&str>,
        staff_no: Option<&str>,
        now_ms: i64,
    ) -> Result<i64> {
        self.add_or_find_participant(name, branch, staff_no, now_ms)
            .map(|(id, _)| id)
    }

    /// [`Records::add_participant`], and whether the person was there already (the same staff
    /// number, or without one the same name in the same branch): then nobody is added.
    pub fn add_or_find_participant(
        &self,
        name: &str,
        branch: Option<&str>,
        staff_no: Option<&str>,
        now_ms: i64,
    ) -> Result<(i64, bool)> {
        let branch_id = match branch.map(str::trim).filter(|b| !b.is_empty()) {
            Some(branch) => Some(self.branch_named(branch, now_ms)?),
            None => None,
        };
        let staff_no = staff_no.map(str::trim).filter(|s| !s.is_empty());
        let existing: Option<i64> = match staff_no {
            Some(staff_no) => self
                .conn()
                .query_row("SELECT id FROM participants WHERE staff_no = ?1", params![staff_no], |r| r.get(0))
                .optional(),
            None => self
                .conn()
                .query_row(
                    "SELECT id FROM participants WHERE name = ?1 AND branch_id IS ?2 AND (staff_no IS NULL OR staff_no = '')",
                    params![name.trim(), branch_id],
                    |r| r.get(0),
                )
                .optional(),
        }?;
        if let Some(id) = existing {
            return Ok((id, true));
        }
        self.conn()
            .execute(
                "INSERT INTO participants (name, branch_id, staff_no, created_ms) VALUES (?1, ?2, ?3, ?4)",
                params![name.trim(), branch_id, staff_no, now_ms],
            )?;
        Ok((self.conn().last_insert_rowid(), false))
    }

    /// Renames a participant.
    pub fn rename_participant(&self, id: i64, name: &str) -> Result<()> {
        self.conn()
            .execute(
                "UPDATE participants SET name = ?1 WHERE id = ?2",
                params![name.trim(), id],
            )
            .map(|_| ())
            .map_err(Error::from)
    }

    /// Moves a participant to another branch; their past attempts stay theirs.
    pub fn move_participant(&self, id: i64, branch_id: Option<i64>) -> Result<()> {
        self.conn()
            .execute(
                "UPDATE participants SET branch_id = ?1 WHERE id = ?2",
                params![branch_id, id],
            )
            .map(|_| ())
            .map_err(Error::from)
    }

    /// Archives (or brings back) a participant.
    pub fn set_participant_archived(&self, id: i64, archived: bool) -> Result<()> {
        self.conn()
            .execute(
                "UPDATE participants SET archived = ?1 WHERE id = ?2",
                params![archived, id],
            )
            .map(|_| ())
            .map_err(Error::from)
    }

    /// Every participant, by branch and name.
    pub fn participants(&self) -> Result<Vec<Participant>> {
        self.rows(
            "SELECT p.id, p.name, p.branch_id, b.name, p.staff_no, p.archived
                 FROM participants p LEFT JOIN branches b ON b.id = p.branch_id
                 ORDER BY b.name, p.name",
            [],
            |r| {
                Ok(Participant {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    branch_id: r.get(2)?,
                    branch_name: r.get(3)?,
                    staff_no: r.get(4)?,
                    archived: r.get(5)?,
                })
            },
        )
    }
}
