//! People and records screens' part of [`AppState`]: branches, participants, imports, exports,
//! and grading open answers.

use std::path::PathBuf;
use std::time::Duration;

use crate::app::state::{AppState, Screen};
use crate::storage::export::{Format, What};

/// What is being typed on the people screen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PeopleForm {
    /// 姓名 of a new participant.
    pub name: String,
    /// 党支部 of a new participant.
    pub branch: String,
    /// 工号 of a new participant.
    pub staff_no: String,
    /// A file to import, typed or dropped.
    pub import_path: String,
    /// The last result, to show.
    pub report: Option<String>,
}

/// Actions on the people and records screens.
#[derive(Clone, Debug)]
pub enum PeopleAction {
    /// Open the people screen.
    Open,
    /// Open the records screen.
    OpenRecords,
    /// Typed a name, branch, staff number or path.
    Form(PeopleForm),
    /// Add the participant typed.
    Add,
    /// Rename participant `id`.
    Rename(i64, String),
    /// Move participant `id` to branch (by name).
    Move(i64, String),
    /// Archive (or bring back) participant `id`.
    Archive(i64, bool),
    /// Archive (or bring back) branch `id`.
    ArchiveBranch(i64, bool),
    /// Rename branch `id`.
    RenameBranch(i64, String),
    /// Import the list at this path.
    Import(PathBuf),
    /// Export the records to the data folder.
    Export(What, Format),
    /// Give an open answer points: attempt id, position, points.
    Grade(i64, usize, f64),
}

impl AppState {
    pub(crate) fn handle_people(&mut self, action: PeopleAction, now: Duration) {
        let wall_ms = self.wall_ms(now);
        let Some(records) = &self.records else {
            self.message = Some("成绩记录数据库不可用，无法管理人员".to_owned());
            return;
        };
        let result = match action {
            PeopleAction::Open => {
                self.screen = Screen::People;
                Ok(())
            }
            PeopleAction::OpenRecords => {
                self.screen = Screen::Records;
                Ok(())
            }
            PeopleAction::Form(form) => {
                self.people_form = form;
                Ok(())
            }
            PeopleAction::Add => {
                let form = self.people_form.clone();
                if form.name.trim().is_empty() {
                    self.people_form.report = Some("请填写姓名".to_owned());
                    return;
                }
                let branch = (!form.branch.trim().is_empty()).then_some(form.branch.as_str());
                let staff = (!form.staff_no.trim().is_empty()).then_some(form.staff_no.as_str());
                records
                    .add_participant(&form.name, branch, staff, wall_ms)
                    .map(|_| {
                        self.people_form.report = Some(format!("已添加“{}”", form.name.trim()));
                        self.people_form.name.clear();
                        self.people_form.staff_no.clear();
                    })
            }
            PeopleAction::Rename(id, name) if !name.trim().is_empty() => {
                records.rename_participant(id, &name)
            }
            PeopleAction::Rename(..) => Ok(()),
            PeopleAction::Move(id, branch) => records
                .branch_named(&branch, wall_ms)
                .and_then(|branch_id| records.move_participant(id, Some(branch_id))),
            PeopleAction::Archive(id, archived) => records.set_participant_archived(id, archived),
            PeopleAction::ArchiveBranch(id, archived) => records.set_branch_archived(id, archived),
            PeopleAction::RenameBranch(id, name) if !name.trim().is_empty() => {
                records.rename_branch(id, &name)
            }
            PeopleAction::RenameBranch(..) => Ok(()),
            PeopleAction::Import(path) => {
                crate::storage::import::import_participants(records, &path, wall_ms).map(|report| {
                    let mut text = format!(
                        "从“{}”读到 {} 人，新增 {} 人",
                        path.display(),
                        report.read,
                        report.added
                    );
                    for problem in &report.problems {
                        text.push('\n');
                        text.push_str(problem);
                    }
                    self.people_form.report = Some(text);
                })
            }
            PeopleAction::Export(what, format) => {
                let name = what.label();
                let extension = match format {
                    Format::Csv => "csv",
                    Format::Xlsx => "xlsx",
                };
                let folder = records
                    .path()
                    .parent()
                    .map(|d| d.join("导出"))
                    .unwrap_or_default();
                let file = folder.join(format!("{name}-{wall_ms}.{extension}"));
                records
                    .table(what)
                    .and_then(|table| crate::storage::export::write(&table, format, &file))
                    .map(|()| {
                        self.people_form.report = Some(format!("已导出到 {}", file.display()))
                    })
            }
            PeopleAction::Grade(attempt, position, points) => {
                records.grade_answer(attempt, position, points)
            }
        };
        if let Err(error) = result {
            self.people_form.report = Some(error.to_string());
        }
        // Read back once here, not on every frame the screens are drawn.
        if let Some(records) = &self.records {
            self.people = records.participants().unwrap_or_default();
            self.branches = records.branches().unwrap_or_default();
            self.ungraded = records.ungraded().unwrap_or_default();
        }
    }
}
