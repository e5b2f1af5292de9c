//! 导入题库: choose or drop files, watch the progress, read every problem, confirm replacements;
//! export the blank template or any bank to Excel.

use eframe::egui;
use egui::RichText;

use crate::app::import_flow::ImportAction;
use crate::app::{Action, AppState};
use crate::ui::home::{ERROR_COLOR, PRIMARY_COLOR};

fn send(actions: &mut Vec<Action>, action: ImportAction) {
    actions.push(Action::Import(action));
}

/// The import screen.
pub fn import_ui(ui: &mut egui::Ui, state: &AppState, actions: &mut Vec<Action>) {
    super::back_header_ui(ui, "import-top", "导入题库", actions);
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
            ui.label("支持 RON 题库（.ron）和按模板填写的 Excel（.xlsx、.xls）、CSV 文件，可一次选多个，也可以直接把文件拖到窗口里。");
            ui.horizontal(|ui| {
                let choose = egui::Button::new(RichText::new("选择文件…").strong().color(egui::Color32::WHITE)).fill(PRIMARY_COLOR);
                if ui.add_enabled(state.import.job.is_none(), choose).clicked() {
                    send(actions, ImportAction::Pick);
                }
                if ui.button("导出空白模板（Excel）").clicked() {
                    send(actions, ImportAction::ExportTemplate);
                }
            });
            let (typed, go) = super::typed_path_ui(ui, "或输入文件路径：", &state.import.typed_path, "读取");
            if let Some(typed) = typed {
                send(actions, ImportAction::TypedPath(typed));
            }
            if go {
                send(actions, ImportAction::Start(vec![super::typed_path(&state.import.typed_path)]));
            }
            if let Some(notice) = &state.import.notice {
                super::notice_ui(ui, notice);
            }
            if let Some(job) = &state.import.job {
                let done = job.done.load(std::sync::atomic::Ordering::Relaxed);
                ui.add(egui::ProgressBar::new(done as f32 / job.total.max(1) as f32).text(format!("正在读取 {done} / {}", job.total)));
                if ui.button("取消导入").clicked() {
                    send(actions, ImportAction::Cancel);
                }
                ui.ctx().request_repaint_after(std::time::Duration::from_millis(100));
            }
            for file in &state.import.files {
                file_ui(ui, file);
            }
            ui.separator();
            ui.label(RichText::new("把题库导出为 Excel（便于多人修改后再导入）").strong());
            for (index, entry) in state.entries().iter().enumerate().filter(|(_, e)| e.is_usable()) {
                if ui.button(format!("导出“{}”", entry.title())).clicked() {
                    send(actions, ImportAction::ExportBank(index));
                }
            }
        });
    });
    if let Some(pending) = state.import.pending.first() {
        egui::Modal::new(egui::Id::unique("replace-bank")).show(ui.ctx(), |ui| {
            ui.set_max_width(560.0);
            ui.heading("替换已有的题库？");
            ui.label(format!(
                "“{}”（编号 {}）已经导入过。新版本与旧版本相比：",
                pending.bank.title, pending.bank.id
            ));
            ui.label(RichText::new(pending.diff.summary()).size(22.0).strong());
            for (what, ids) in [
                ("新增", &pending.diff.added),
                ("修改", &pending.diff.changed),
                ("删除", &pending.diff.removed),
            ] {
                if !ids.is_empty() {
                    let shown: Vec<&str> = ids.iter().take(12).map(String::as_str).collect();
                    let more = if ids.len() > 12 { " 等" } else { "" };
                    ui.label(RichText::new(format!("{what}：{}{more}", shown.join("、"))).small());
                }
            }
            ui.label("替换后旧文件会保留为 .bak 备份。");
            ui.horizontal(|ui| {
                if ui
                    .add(
                        egui::Button::new(
                            RichText::new("替换").strong().color(egui::Color32::WHITE),
                        )
                        .fill(PRIMARY_COLOR),
                    )
                    .clicked()
                {
                    send(actions, ImportAction::Confirm);
                }
                if ui.button("保留旧版").clicked() {
                    send(actions, ImportAction::Skip);
                }
            });
        });
    }
}

fn file_ui(ui: &mut egui::Ui, file: &crate::app::import_flow::ImportedFile) {
    egui::Frame::group(ui.style())
        .inner_margin(8.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            let name = file
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            ui.label(RichText::new(name).strong());
            let color = if file.report.errors().next().is_some() {
                ERROR_COLOR
            } else {
                ui.visuals().text_color()
            };
            ui.label(RichText::new(&file.outcome).color(color));
            super::problems_ui(ui, ("import-problems", &file.path), &file.report);
        });
}
