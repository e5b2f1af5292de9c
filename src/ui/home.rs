//! 首页: every bank with its counts and problems, and the practice setup.

use eframe::egui;
use egui::{Color32, RichText};

use crate::app::PracticeAction;
use crate::app::{Action, AppState, ExamAction, PeopleAction};
use crate::core::bank::{Bank, Kind, kind_index};
use crate::core::library::{BankEntry, Origin};

/// Red for errors, dark enough to read on a projector.
pub const ERROR_COLOR: Color32 = Color32::from_rgb(0xB0, 0x1E, 0x1E);
/// Amber for warnings.
pub const WARNING_COLOR: Color32 = Color32::from_rgb(0x9A, 0x5B, 0x00);
/// Things that went well: the green of a right answer, dark enough to read on light grey.
pub const SUCCESS_COLOR: Color32 = super::practice::RIGHT_COLOR;

/// 党建红, for the one main action of a screen.
pub const PRIMARY_COLOR: Color32 = Color32::from_rgb(0xC8, 0x10, 0x2E);

/// The home screen.
pub fn home_ui(ui: &mut egui::Ui, state: &AppState, actions: &mut Vec<Action>) {
    egui::Panel::top("home-title").show(ui, |ui| {
        ui.add_space(4.0);
        // The name and eight buttons, in one row where it fits and on two where it does not
        // (a 1024-pixel projector zoomed in): never one over another.
        let library = state.shared.library.is_some();
        let records = state.shared.records.is_some();
        let competition = if state.competition.is_under_way() {
            "现场竞赛（进行中）"
        } else {
            "现场竞赛"
        };
        let buttons: [(&str, bool, Action); 8] = [
            (
                "导入题库",
                state.shared.data_dir.is_some(),
                Action::Import(crate::app::import_flow::ImportAction::Open),
            ),
            ("人员管理", records, Action::People(PeopleAction::Open)),
            (
                "成绩记录",
                records,
                Action::People(PeopleAction::OpenRecords),
            ),
            ("模拟考试", library, Action::Exam(ExamAction::Setup)),
            (
                competition,
                library,
                Action::Competition(crate::app::competition_flow::CompetitionAction::Setup),
            ),
            (
                "每日学习",
                library && records,
                Action::Study(crate::app::study_flow::StudyAction::Open),
            ),
            (
                "排行统计",
                records,
                Action::Standings(crate::app::standings_flow::StandingsAction::Open),
            ),
            ("关于", true, Action::About),
        ];
        super::row_ui(ui, |ui| {
            // A little tighter than elsewhere, so the name and all eight buttons share one row
            // on a 1024-pixel projector at 100 %.
            ui.spacing_mut().item_spacing.x = 6.0;
            ui.spacing_mut().button_padding.x = 9.0;
            ui.heading(RichText::new("党史知识竞赛").strong());
            ui.add_space(8.0);
            for (label, enabled, action) in buttons {
                if ui.add_enabled(enabled, egui::Button::new(label)).clicked() {
                    actions.push(action);
                }
            }
        });
        ui.add_space(2.0);
    });
    let Some(entries) = state.shared.library.as_ref().map(|l| l.entries()) else {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("正在加载题库…");
            });
        });
        return;
    };
    egui::Panel::right("practice-setup")
        .resizable(false)
        .exact_size(330.0)
        .show(ui, |ui| {
            // The start button stays in view however many categories the banks have.
            egui::Panel::bottom("practice-start").show(ui, |ui| start_ui(ui, state, actions));
            egui::CentralPanel::default().show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| setup_ui(ui, state, actions));
            });
        });
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .show(ui, |ui| {
                if entries.is_empty() {
                    ui.label("没有找到题库。");
                }
                for (index, entry) in entries.iter().enumerate() {
                    bank_card_ui(
                        ui,
                        index,
                        entry,
                        state.practice.setup.banks.contains(&index),
                        actions,
                    );
                    ui.add_space(6.0);
                }
            });
    });
}

fn bank_card_ui(
    ui: &mut egui::Ui,
    index: usize,
    entry: &BankEntry,
    selected: bool,
    actions: &mut Vec<Action>,
) {
    egui::Frame::group(ui.style())
        .inner_margin(10.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            let mut checked = selected;
            let title = RichText::new(entry.title()).size(22.0).strong();
            if entry.is_usable() {
                if ui.checkbox(&mut checked, title).changed() {
                    actions.push(Action::Practice(PracticeAction::ToggleBank(index)));
                }
            } else {
                ui.label(title.color(ERROR_COLOR));
            }
            let origin = match &entry.origin {
                Origin::Bundled => "内置题库".to_owned(),
                Origin::User(path) => format!("用户题库：{}", path.display()),
            };
            if let Some(bank) = entry.bank() {
                let version = if bank.version.is_empty() {
                    String::new()
                } else {
                    format!("版本 {} · ", bank.version)
                };
                ui.label(
                    RichText::new(format!(
                        "{version}{origin} · 共 {} 题",
                        bank.questions.len()
                    ))
                    .weak(),
                );
                if !bank.description.is_empty() {
                    ui.label(&bank.description);
                }
                ui.label(kind_counts_text(bank));
                ui.label(RichText::new(category_counts_text(bank)).small());
            } else {
                ui.label(RichText::new(format!("{origin} · {}", entry.report.file)).weak());
            }
            problems_ui(ui, entry);
            if entry.is_usable() {
                let edit = match entry.origin {
                    Origin::Bundled => "复制后编辑",
                    Origin::User(_) => "编辑",
                };
                if ui.button(edit).clicked() {
                    actions.push(Action::Editor(crate::app::editor_flow::EditorAction::Open(
                        index,
                    )));
                }
            }
        });
}

/// `单选题 1 · 多选题 1 · …`, leaving out kinds the bank has none of.
pub fn kind_counts_text(bank: &Bank) -> String {
    let counts = bank.count_by_kind();
    Kind::ALL
        .iter()
        .filter(|kind| counts[kind_index(**kind)] > 0)
        .map(|kind| format!("{} {}", kind.label(), counts[kind_index(*kind)]))
        .collect::<Vec<_>>()
        .join(" · ")
}

fn category_counts_text(bank: &Bank) -> String {
    let categories = bank.count_by_category();
    let list = categories
        .iter()
        .map(|(category, count)| format!("{category} {count}"))
        .collect::<Vec<_>>()
        .join(" · ");
    format!("分类：{list}")
}

fn problems_ui(ui: &mut egui::Ui, entry: &BankEntry) {
    let errors = entry.report.error_count;
    if errors > 0 {
        let skipped = if entry.bank().is_some() {
            "，有错误的题目已跳过"
        } else {
            "，无法使用"
        };
        ui.label(
            RichText::new(format!("发现 {errors} 个错误{skipped}："))
                .color(ERROR_COLOR)
                .strong(),
        );
    }
    super::problems_ui(ui, ("bank-problems", &entry.report.file), &entry.report);
}

fn setup_ui(ui: &mut egui::Ui, state: &AppState, actions: &mut Vec<Action>) {
    ui.heading("自主练习");
    if state.shared.records.is_some() {
        let chosen = state
            .practice
            .setup
            .participant
            .and_then(|id| state.shared.directory.people.iter().find(|p| p.id == id));
        let text = chosen.map_or("匿名练习".to_owned(), |p| p.name.clone());
        egui::ComboBox::new("practice-participant", "练习者")
            .selected_text(text)
            .width(180.0)
            .show_ui(ui, |ui| {
                if ui.selectable_label(chosen.is_none(), "匿名练习").clicked() {
                    actions.push(Action::Practice(PracticeAction::SetParticipant(None)));
                }
                for person in state.shared.directory.people.iter().filter(|p| !p.archived) {
                    let label = format!(
                        "{}（{}）",
                        person.name,
                        person.branch_name.as_deref().unwrap_or("未分支部")
                    );
                    if ui
                        .selectable_label(
                            Some(person.id) == state.practice.setup.participant,
                            label,
                        )
                        .clicked()
                    {
                        actions.push(Action::Practice(PracticeAction::SetParticipant(Some(
                            person.id,
                        ))));
                    }
                }
            });
    }
    let practice = &state.practice;
    ui.label(format!("已选题库 {} 个", practice.bank_count));
    ui.separator();

    ui.label(RichText::new("题型（不选即全部）").strong());
    let kind_counts = practice.kind_counts;
    for kind in Kind::ALL {
        let mut checked = state.practice.setup.kinds.contains(&kind);
        let text = format!("{}（{}）", kind.label(), kind_counts[kind_index(kind)]);
        if ui.checkbox(&mut checked, text).changed() {
            actions.push(Action::Practice(PracticeAction::ToggleKind(kind)));
        }
    }
    ui.separator();

    ui.label(RichText::new("分类（不选即全部）").strong());
    for (category, count) in &practice.categories {
        let mut checked = practice.setup.categories.contains(category);
        if ui
            .checkbox(&mut checked, format!("{category}（{count}）"))
            .changed()
        {
            actions.push(Action::Practice(PracticeAction::ToggleCategory(
                category.clone(),
            )));
        }
    }
    ui.separator();

    ui.label(RichText::new("出题顺序").strong());
    ui.horizontal(|ui| {
        if ui.radio(!state.practice.setup.random, "顺序").clicked() {
            actions.push(Action::Practice(PracticeAction::SetRandom(false)));
        }
        if ui.radio(state.practice.setup.random, "随机").clicked() {
            actions.push(Action::Practice(PracticeAction::SetRandom(true)));
        }
    });
}

fn start_ui(ui: &mut egui::Ui, state: &AppState, actions: &mut Vec<Action>) {
    ui.add_space(6.0);
    let matching = state.practice.matching;
    ui.label(format!("符合条件的题目：{matching} 题"));
    let start = egui::Button::new(
        RichText::new("开始练习")
            .size(24.0)
            .strong()
            .color(Color32::WHITE),
    )
    .fill(PRIMARY_COLOR)
    .min_size(egui::vec2(ui.available_width(), 48.0));
    if ui.add_enabled(matching > 0, start).clicked() {
        actions.push(Action::Practice(PracticeAction::Start));
    }
    ui.add_space(6.0);
}
