//! People and records screens' part of [`AppState`]: branches, participants, imports, exports,
//! and grading open answers.

use std::path::PathBuf;
use std::time::Duration;

use crate::app::effect::{Effect, Effects, Notice};
use crate::app::shared::Shared;
use crate::app::state::Screen;
use crate::storage::export::{Format, What};
use crate::storage::grading::Ungraded;

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
}

/// The people and records screens' flow.
#[derive(Clone, Debug, Default)]
pub struct PeopleFlow {
    /// What is typed.
    pub form: PeopleForm,
    /// The last result on the people screen.
    pub notice: Option<Notice>,
    /// The last export or grading result on the records screen.
    pub records_notice: Option<Notice>,
    /// Open answers waiting for a grader (read when the records screen opens).
    pub ungraded: Vec<Ungraded>,
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

impl PeopleFlow {
    /// Applies one action at `now`.
    pub fn handle(&mut self, action: PeopleAction, cx: &mut Shared, now: Duration) -> Effects {
        let mut fx = Effects::new();
        let wall_ms = cx.wall_ms(now);
        let Some(records) = &cx.records else {
            fx.push(Effect::Message(
                "成绩记录数据库不可用，无法管理人员".to_owned(),
            ));
            return fx;
        };
        let on_records = matches!(
            action,
            PeopleAction::OpenRecords | PeopleAction::Export(..) | PeopleAction::Grade(..)
        );
        let result = match action {
            PeopleAction::Open => {
                self.notice = None;
                fx.push(Effect::Show(Screen::People));
                Ok(())
            }
            PeopleAction::OpenRecords => {
                self.records_notice = None;
                fx.push(Effect::Show(Screen::Records));
                Ok(())
            }
            PeopleAction::Form(form) => {
                self.form = form;
                return fx;
            }
            PeopleAction::Add => {
                let form = self.form.clone();
                if form.name.trim().is_empty() {
                    self.notice = Some(Notice::error("请填写姓名"));
                    return fx;
                }
                let branch = (!form.branch.trim().is_empty()).then_some(form.branch.as_str());
                let staff = (!form.staff_no.trim().is_empty()).then_some(form.staff_no.as_str());
                records
                    .add_participant(&form.name, branch, staff, wall_ms)
                    .map(|_| {
                        self.notice = Some(Notice::ok(format!("已添加“{}”", form.name.trim())));
                        self.form.name.clear();
                        self.form.staff_no.clear();
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
                    self.notice = Some(if report.problems.is_empty() {
                        Notice::ok(text)
                    } else {
                        Notice::error(text)
                    });
                })
            }
            PeopleAction::Export(what, format) => {
                let extension = match format {
                    Format::Csv => "csv",
                    Format::Xlsx => "xlsx",
                };
                let Some(folder) = cx.export_folder() else {
                    return fx;
                };
                let day = crate::core::study::day_of(wall_ms);
                let file = folder.join(format!(
                    "{}-{}.{extension}",
                    what.label(),
                    crate::app::standings_flow::date_text(day)
                ));
                records
                    .table(what)
                    .and_then(|table| crate::storage::export::write(&table, format, &file))
                    .map(|()| {
                        self.records_notice =
                            Some(Notice::ok(format!("已导出到 {}", file.display())));
                        fx.push(Effect::OpenFolder(folder.clone()));
                    })
            }
            PeopleAction::Grade(attempt, position, points) => {
                records.grade_answer(attempt, position, points)
            }
        };
        if let Err(error) = result {
            let notice = Some(Notice::error(error.to_string()));
            if on_records {
                self.records_notice = notice;
            } else {
                self.notice = notice;
            }
        }
        // Read back once here, not on every frame the screens are drawn.
        match records.ungraded() {
            Ok(ungraded) => self.ungraded = ungraded,
            Err(error) => fx.push(Effect::Message(error.to_string())),
        }
        fx.push(Effect::PeopleChanged);
        fx
    }
}
