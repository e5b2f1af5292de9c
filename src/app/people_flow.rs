//! People and records screens' part of [`AppState`]: branches, participants, imports, exports,
//! and grading open answers.

use std::path::PathBuf;
use std::time::Duration;

use crate::app::effect::{Effect, Effects, Notice};
use crate::app::shared::Shared;
use crate::app::state::Screen;
use crate::storage::export::{Format, What};
use crate::storage::grading::Ungraded;
use crate::storage::people::Participant;

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
    /// The order the list shows people in, fixed while the screen is open: moving someone to
    /// another branch or renaming them must not move the row under the pointer.
    pub order: Vec<i64>,
}

impl PeopleFlow {
    /// The people in the list's order: those known at opening in their place, newcomers last.
    pub fn listed<'a>(&self, people: &'a [Participant]) -> Vec<&'a Participant> {
        let mut listed: Vec<&Participant> = self
            .order
            .iter()
            .filter_map(|id| people.iter().find(|p| p.id == *id))
            .collect();
        listed.extend(people.iter().filter(|p| !self.order.contains(&p.id)));
        listed
    }
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
    /// Choose a list to import (the window's dialog, or the one inside the app).
    PickRoster,
    /// Write a blank list to fill in, with one example row, to the export folder.
    Template(Format),
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
                // The order of the list as it opens (by branch, then name), kept until it closes.
                self.order = records
                    .participants()
                    .map(|people| people.iter().map(|p| p.id).collect())
                    .unwrap_or_default();
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
                let before = cx.directory.people.clone();
                records
                    .add_or_find_participant(&form.name, branch, staff, wall_ms)
                    .map(|(id, existed)| {
                        if existed {
                            let who = before.iter().find(|p| p.id == id).map_or_else(
                                || form.name.trim().to_owned(),
                                |p| {
                                    format!(
                                        "{}（{}{}）",
                                        p.name,
                                        p.branch_name.as_deref().unwrap_or("未分支部"),
                                        p.staff_no
                                            .as_deref()
                                            .map(|s| format!("，工号 {s}"))
                                            .unwrap_or_default()
                                    )
                                },
                            );
                            self.notice =
                                Some(Notice::error(format!("已有此人：{who}，没有重复添加")));
                        } else {
                            self.notice = Some(Notice::ok(format!("已添加“{}”", form.name.trim())));
                            self.form.name.clear();
                            self.form.staff_no.clear();
                        }
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
            PeopleAction::PickRoster => {
                fx.push(Effect::Pick(crate::app::Pick::Roster));
                return fx;
            }
            PeopleAction::Template(format) => {
                let Some(folder) = cx.export_folder() else {
                    return fx;
                };
                let file = folder.join(match format {
                    Format::Csv => "人员名单模板.csv",
                    Format::Xlsx => "人员名单模板.xlsx",
                });
                crate::storage::export::write(
                    &crate::storage::export::roster_template(),
                    format,
                    &file,
                )
                .map(|()| {
                    self.notice = Some(Notice::ok(format!(
                        "名单模板已保存到 {}：照示例一行一人填好后导入",
                        file.display()
                    )));
                    fx.push(Effect::OpenFolder(folder.clone()));
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
                let file = folder.join(format!(
                    "{}-{}.{extension}",
                    what.label(),
                    cx.clock.zone.date(wall_ms)
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
