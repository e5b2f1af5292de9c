//! 人员管理: branches and participants; add, rename, move, archive; import a list by dropping it.

use eframe::egui;
use egui::RichText;

use crate::app::{Action, AppState, PeopleAction, PeopleForm};
use crate::storage::export::Format;
use crate::ui::home::{ERROR_COLOR, PRIMARY_COLOR};

fn send(actions: &mut Vec<Action>, action: PeopleAction) {
    actions.push(Action::People(action));
}

/// The people screen.
pub fn people_ui(ui: &mut egui::Ui, state: &AppState, actions: &mut Vec<Action>) {
    for path in super::dropped_files(ui) {
        send(actions, PeopleAction::Import(path));
    }
    super::back_header_ui(ui, "people-top", "人员管理", actions);
    egui::Panel::left("people-add")
        .resizable(false)
        .exact_size(330.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                add_ui(ui, &state.people.form, actions);
                branches_ui(ui, state, actions);
            });
        });
    egui::CentralPanel::default().show(ui, |ui| {
        // Above the list, not under the forms: the answer to 添加 or 导入 is seen at once, on a
        // 768-pixel screen too.
        if let Some(notice) = &state.people.notice {
            super::notice_ui(ui, notice);
            ui.separator();
        }
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .show(ui, |ui| list_ui(ui, state, actions));
    });
}

fn add_ui(ui: &mut egui::Ui, form: &PeopleForm, actions: &mut Vec<Action>) {
    let mut edited = form.clone();
    ui.label(RichText::new("添加人员").strong());
    for (label, value, hint) in [
        ("姓名", &mut edited.name, "必填"),
        ("党支部", &mut edited.branch, "如 第一党支部"),
        ("工号", &mut edited.staff_no, "可不填"),
    ] {
        let label = ui.label(label);
        ui.add(
            egui::TextEdit::singleline(value)
                .hint_text(hint)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    }
    let add = egui::Button::new(RichText::new("添加").strong().color(egui::Color32::WHITE))
        .fill(PRIMARY_COLOR);
    if ui.add(add).clicked() {
        send(actions, PeopleAction::Add);
    }
    ui.separator();
    ui.label(RichText::new("导入名单").strong());
    ui.label("把 CSV 或 Excel 名单文件拖到本窗口即可导入；表头须有“姓名”，可有“党支部”“工号”。已有的人不会重复添加。");
    super::row_ui(ui, |ui| {
        if ui.button("选择名单文件…").clicked() {
            send(actions, PeopleAction::PickRoster);
        }
        if ui.button("名单模板（Excel）").clicked() {
            send(actions, PeopleAction::Template(Format::Xlsx));
        }
        if ui.button("名单模板（CSV）").clicked() {
            send(actions, PeopleAction::Template(Format::Csv));
        }
    });
    let label = ui.label("或输入文件路径：");
    let field = ui
        .add(
            egui::TextEdit::singleline(&mut edited.import_path)
                .hint_text("按回车即导入")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    let clicked = ui
        .add_enabled(
            !form.import_path.trim().is_empty(),
            egui::Button::new("导入"),
        )
        .clicked();
    if (entered || clicked) && !edited.import_path.trim().is_empty() {
        send(
            actions,
            PeopleAction::Import(super::typed_path(&edited.import_path)),
        );
    }
    if edited != *form {
        send(actions, PeopleAction::Form(edited));
    }
}

fn branches_ui(ui: &mut egui::Ui, state: &AppState, actions: &mut Vec<Action>) {
    let branches = &state.shared.directory.branches;
    if branches.is_empty() {
        return;
    }
    ui.separator();
    let title = ui.label(RichText::new("党支部（可改名、归档）").strong());
    for branch in branches {
        ui.horizontal(|ui| {
            let key = egui::Id::unique(("branch-name", branch.id));
            let mut name = ui
                .data(|d| d.get_temp::<String>(key))
                .unwrap_or_else(|| branch.name.clone());
            let edit = ui
                .add(egui::TextEdit::singleline(&mut name).desired_width(170.0))
                .labelled_by(title.id);
            if edit.changed() {
                ui.data_mut(|d| d.insert_temp(key, name.clone()));
            }
            if edit.lost_focus() && name.trim() != branch.name && !name.trim().is_empty() {
                send(
                    actions,
                    PeopleAction::RenameBranch(branch.id, name.trim().to_owned()),
                );
                ui.data_mut(|d| d.remove::<String>(key));
            }
            let (text, archive) = if branch.archived {
                ("恢复此支部", false)
            } else {
                ("归档此支部", true)
            };
            if ui.button(text).clicked() {
                send(actions, PeopleAction::ArchiveBranch(branch.id, archive));
            }
        });
    }
}

fn list_ui(ui: &mut egui::Ui, state: &AppState, actions: &mut Vec<Action>) {
    let branches: Vec<&str> = state
        .shared
        .directory
        .branches
        .iter()
        .filter(|b| !b.archived)
        .map(|b| b.name.as_str())
        .collect();
    if state.shared.directory.people.is_empty() {
        ui.label("还没有人员。可在左侧添加，或把名单文件拖到窗口里导入。");
        return;
    }
    ui.label(format!(
        "共 {} 人（已归档的不出现在考试名单中，成绩记录保留）",
        state.shared.directory.people.len()
    ));
    egui::Grid::new("people")
        .striped(true)
        .num_columns(5)
        .spacing([16.0, 8.0])
        .show(ui, |ui| {
            let headers: Vec<egui::Id> = ["姓名", "党支部", "工号", "状态", ""]
                .into_iter()
                .map(|h| ui.label(RichText::new(h).strong()).id)
                .collect();
            ui.end_row();
            for person in state.people.listed(&state.shared.directory.people) {
                let key = egui::Id::unique(("rename", person.id));
                let mut name = ui
                    .data(|d| d.get_temp::<String>(key))
                    .unwrap_or_else(|| person.name.clone());
                // A fixed size: a grid's column is as wide as its widest cell of the frame before,
                // and a text field would otherwise shrink to the header's width.
                let edit = ui
                    .add_sized([150.0, 32.0], egui::TextEdit::singleline(&mut name))
                    .labelled_by(headers[0]);
                if edit.changed() {
                    ui.data_mut(|d| d.insert_temp(key, name.clone()));
                }
                if edit.lost_focus() && name.trim() != person.name && !name.trim().is_empty() {
                    send(
                        actions,
                        PeopleAction::Rename(person.id, name.trim().to_owned()),
                    );
                    ui.data_mut(|d| d.remove::<String>(key));
                }
                let current = person
                    .branch_name
                    .clone()
                    .unwrap_or_else(|| "（未分支部）".to_owned());
                let combo = egui::ComboBox::from_id_salt(("branch", person.id))
                    .selected_text(&current)
                    .width(150.0)
                    .show_ui(ui, |ui| {
                        for branch in &branches {
                            if ui.selectable_label(*branch == current, *branch).clicked()
                                && *branch != current
                            {
                                send(actions, PeopleAction::Move(person.id, (*branch).to_owned()));
                            }
                        }
                    });
                combo.response.labelled_by(headers[1]);
                ui.label(person.staff_no.as_deref().unwrap_or(""));
                if person.archived {
                    ui.label(RichText::new("已归档").color(ERROR_COLOR));
                    if ui.button("恢复").clicked() {
                        send(actions, PeopleAction::Archive(person.id, false));
                    }
                } else {
                    ui.label("在册");
                    if ui.button("归档").clicked() {
                        send(actions, PeopleAction::Archive(person.id, true));
                    }
                }
                ui.end_row();
            }
        });
}
