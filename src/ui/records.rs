//! 成绩记录: exports for Excel, and the open answers waiting for a grader.

use eframe::egui;
use egui::RichText;

use crate::app::{Action, AppState, PeopleAction};
use crate::storage::export::{Format, What};
use crate::ui::typeset::flow;

fn send(actions: &mut Vec<Action>, action: PeopleAction) {
    actions.push(Action::People(action));
}

/// The records screen.
pub fn records_ui(ui: &mut egui::Ui, state: &AppState, actions: &mut Vec<Action>) {
    super::back_header_ui(ui, "records-top", "成绩记录", actions);
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .show(ui, |ui| {
                ui.label(
                    RichText::new("导出（保存到数据文件夹的“导出”文件夹，可直接用 Excel 打开）")
                        .strong(),
                );
                for what in What::ALL {
                    let name = what.label();
                    ui.horizontal(|ui| {
                        ui.label(format!("{name}："));
                        if ui.button(format!("导出{name} CSV")).clicked() {
                            send(actions, PeopleAction::Export(what, Format::Csv));
                        }
                        if ui.button(format!("导出{name} Excel")).clicked() {
                            send(actions, PeopleAction::Export(what, Format::Xlsx));
                        }
                    });
                }
                if let Some(notice) = &state.people.records_notice {
                    super::notice_ui(ui, notice);
                }
                ui.separator();
                grading_ui(ui, state, actions);
            });
    });
}

fn grading_ui(ui: &mut egui::Ui, state: &AppState, actions: &mut Vec<Action>) {
    let ungraded = &state.people.ungraded;
    ui.label(RichText::new(format!("简答题评分（待评 {} 道）", ungraded.len())).strong());
    if ungraded.is_empty() {
        ui.label("没有等待评分的简答题。");
    }
    for item in ungraded {
        let question = state
            .entries()
            .iter()
            .filter_map(|e| e.bank())
            .filter(|b| b.id == item.bank_id)
            .flat_map(|b| &b.questions)
            .find(|q| q.id == item.question_id);
        egui::Frame::group(ui.style())
            .inner_margin(8.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(
                    RichText::new(format!(
                        "{} · {} · 第 {} 题（满分 {}）",
                        item.who,
                        item.title,
                        item.position + 1,
                        item.max_points
                    ))
                    .strong(),
                );
                if let Some(q) = question {
                    ui.label(flow(&q.stem));
                    ui.label(
                        RichText::new(flow(&format!("参考答案：{}", q.answer_display()))).weak(),
                    );
                }
                ui.label(format!("考生回答：{}", item.answer));
                let key = egui::Id::unique(("grade", item.attempt_id, item.position));
                let mut points = ui
                    .data(|d| d.get_temp::<f64>(key))
                    .unwrap_or(item.max_points);
                ui.horizontal(|ui| {
                    let label = ui.label("给分：");
                    let drag = egui::DragValue::new(&mut points)
                        .range(0.0..=item.max_points)
                        .speed(0.5);
                    if ui.add(drag).labelled_by(label.id).changed() {
                        ui.data_mut(|d| d.insert_temp(key, points));
                    }
                    if ui.button("确定评分").clicked() {
                        send(
                            actions,
                            PeopleAction::Grade(item.attempt_id, item.position, points),
                        );
                    }
                });
            });
    }
}
