//! 模拟考试设置: who takes the exam, and the rules of the paper (saved as presets).

use eframe::egui;
use egui::RichText;

use crate::app::{Action, AppState, ExamAction};
use crate::core::bank::Kind;
use crate::core::exam::{KindRule, PaperRules};
use crate::core::scoring::PartialCredit;
use crate::ui::home::{ERROR_COLOR, PRIMARY_COLOR};

/// How many matching names are offered under the search field.
const SUGGESTIONS: usize = 8;

/// The exam setup screen.
pub fn exam_setup_ui(ui: &mut egui::Ui, state: &AppState, actions: &mut Vec<Action>) {
    let send = |actions: &mut Vec<Action>, a| actions.push(Action::Exam(a));
    super::back_header_ui(ui, "exam-setup-top", "模拟考试", actions);
    egui::Panel::bottom("exam-setup-start").show(ui, |ui| {
        ui.add_space(6.0);
        if let Some(error) = &state.exam.setup.error {
            ui.label(RichText::new(error).color(ERROR_COLOR).strong());
        }
        let rules = &state.exam.setup.rules;
        let questions: usize = rules.kinds.iter().map(|k| k.count).sum();
        let points: u32 = rules.kinds.iter().map(|k| k.count as u32 * k.points).sum();
        ui.horizontal(|ui| {
            let start = egui::Button::new(
                RichText::new("开始考试")
                    .size(24.0)
                    .strong()
                    .color(egui::Color32::WHITE),
            )
            .fill(PRIMARY_COLOR)
            .min_size(egui::vec2(220.0, 48.0));
            if ui.add_enabled(questions > 0, start).clicked() {
                send(actions, ExamAction::Start);
            }
            ui.label(format!(
                "共 {questions} 题，满分 {points} 分，限时 {} 分钟",
                rules.time_limit_secs / 60
            ));
        });
        ui.add_space(6.0);
    });
    egui::Panel::left("exam-setup-people")
        .resizable(false)
        .exact_size(330.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| participant_ui(ui, state, actions));
        });
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical().show(ui, |ui| rules_ui(ui, state, actions));
    });
}

fn participant_ui(ui: &mut egui::Ui, state: &AppState, actions: &mut Vec<Action>) {
    let setup = &state.exam.setup;
    ui.label(RichText::new("考生").strong());
    let chosen = setup
        .participant
        .and_then(|id| state.shared.directory.people.iter().find(|p| p.id == id));
    let chosen_text = match chosen {
        Some(p) => format!(
            "已选：{}（{}）",
            p.name,
            p.branch_name.as_deref().unwrap_or("未分支部")
        ),
        None => "已选：匿名（成绩不计入个人）".to_owned(),
    };
    ui.label(RichText::new(chosen_text).size(20.0));
    if chosen.is_some() && ui.button("改为匿名").clicked() {
        actions.push(Action::Exam(ExamAction::Participant(None)));
    }
    ui.separator();
    let label = ui.label("输入姓名查找：");
    let mut query = setup.query.clone();
    let edit = ui
        .add(
            egui::TextEdit::singleline(&mut query)
                .hint_text("姓名或工号")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    if edit.changed() {
        actions.push(Action::Exam(ExamAction::Query(query.clone())));
    }
    let needle = query.trim();
    let matches: Vec<_> = state
        .shared
        .directory
        .people
        .iter()
        .filter(|p| !p.archived)
        .filter(|p| {
            needle.is_empty()
                || p.name.contains(needle)
                || p.staff_no.as_deref().is_some_and(|s| s.contains(needle))
        })
        .take(SUGGESTIONS)
        .collect();
    for person in &matches {
        let text = format!(
            "{}（{}）",
            person.name,
            person.branch_name.as_deref().unwrap_or("未分支部")
        );
        if ui
            .selectable_label(setup.participant == Some(person.id), text)
            .clicked()
        {
            actions.push(Action::Exam(ExamAction::Participant(Some(person.id))));
        }
    }
    let exact = state
        .shared
        .directory
        .people
        .iter()
        .any(|p| p.name == needle);
    if !needle.is_empty() && !exact {
        ui.separator();
        ui.label(format!("名单中没有“{needle}”，可新增："));
        let mut branch = setup.new_branch.clone();
        let label = ui.label("所在党支部：");
        if ui
            .add(egui::TextEdit::singleline(&mut branch).hint_text("如 第一党支部"))
            .labelled_by(label.id)
            .changed()
        {
            actions.push(Action::Exam(ExamAction::NewBranch(branch)));
        }
        if ui.button(format!("新增考生“{needle}”")).clicked() {
            actions.push(Action::Exam(ExamAction::AddParticipant));
        }
    }
}

fn rules_ui(ui: &mut egui::Ui, state: &AppState, actions: &mut Vec<Action>) {
    let original = &state.exam.setup.rules;
    let mut rules = original.clone();
    ui.horizontal(|ui| {
        egui::ComboBox::new("preset", RichText::new("试卷方案").strong())
            .selected_text(&rules.name)
            .width(240.0)
            .show_ui(ui, |ui| {
                let mut all = vec![PaperRules::default()];
                all.extend(state.exam.presets.iter().cloned());
                for preset in all {
                    let name = preset.name.clone();
                    if ui.selectable_label(preset == *original, name).clicked() {
                        rules = preset;
                    }
                }
            });
    });
    ui.horizontal(|ui| {
        let label = ui.label("方案名称：");
        ui.add(egui::TextEdit::singleline(&mut rules.name).desired_width(240.0))
            .labelled_by(label.id);
        if ui.button("保存为方案").clicked() {
            actions.push(Action::Exam(ExamAction::SavePreset));
        }
    });
    ui.separator();
    scope_ui(ui, state, &mut rules);
    ui.separator();
    ui.label(RichText::new("题型、题数与分值").strong());
    let available = state.exam.available;
    egui::Grid::new("kind-rules")
        .num_columns(4)
        .spacing([18.0, 8.0])
        .show(ui, |ui| {
            for header in ["题型", "题数", "每题分值", "可选题目"] {
                ui.label(RichText::new(header).strong());
            }
            ui.end_row();
            for kind in Kind::ALL {
                let index = match rules.kinds.iter().position(|r| r.kind == kind) {
                    Some(index) => index,
                    None => {
                        rules.kinds.push(KindRule {
                            kind,
                            count: 0,
                            points: 2,
                        });
                        rules.kinds.len() - 1
                    }
                };
                let rule = &mut rules.kinds[index];
                let label = ui.label(kind.label());
                ui.add(
                    egui::DragValue::new(&mut rule.count)
                        .range(0..=500)
                        .suffix(" 题"),
                )
                .labelled_by(label.id);
                ui.add(
                    egui::DragValue::new(&mut rule.points)
                        .range(1..=100)
                        .suffix(" 分"),
                )
                .labelled_by(label.id);
                let have = available[crate::core::bank::kind_index(kind)];
                let text = RichText::new(format!("{have} 道"));
                ui.label(if have < rule.count {
                    text.color(ERROR_COLOR)
                } else {
                    text
                });
                ui.end_row();
            }
        });
    rules
        .kinds
        .retain(|r| r.count > 0 || original.kinds.iter().any(|o| o.kind == r.kind));
    ui.separator();
    ui.label(RichText::new("时间").strong());
    ui.horizontal(|ui| {
        let mut minutes = rules.time_limit_secs / 60;
        let label = ui.label("全卷限时");
        if ui
            .add(
                egui::DragValue::new(&mut minutes)
                    .range(1..=300)
                    .suffix(" 分钟"),
            )
            .labelled_by(label.id)
            .changed()
        {
            rules.time_limit_secs = minutes * 60;
        }
    });
    ui.horizontal(|ui| {
        let mut limited = rules.per_question_secs.is_some();
        let label = ui.checkbox(&mut limited, "每题限时");
        let mut secs = rules.per_question_secs.unwrap_or(60);
        if limited {
            ui.add(egui::DragValue::new(&mut secs).range(5..=600).suffix(" 秒"))
                .labelled_by(label.id);
        }
        rules.per_question_secs = limited.then_some(secs);
    });
    ui.separator();
    ui.label(RichText::new("出题与评分").strong());
    ui.checkbox(&mut rules.shuffle_questions, "打乱题目顺序");
    ui.checkbox(&mut rules.shuffle_options, "打乱选项顺序");
    ui.label("多选题评分：");
    for rule in PartialCredit::ALL {
        ui.radio_value(&mut rules.partial_credit, rule, rule.label());
    }
    if rules != *original {
        actions.push(Action::Exam(ExamAction::Rules(rules)));
    }
}

/// Which banks and categories the paper draws from; an empty set means all.
fn scope_ui(ui: &mut egui::Ui, state: &AppState, rules: &mut PaperRules) {
    ui.label(RichText::new("出题范围（不选即全部）").strong());
    let banks = state.shared.usable_banks();
    super::row_ui(ui, |ui| {
        for bank in &banks {
            let mut on = rules.banks.contains(&bank.id);
            if ui.checkbox(&mut on, &bank.title).changed() {
                toggle(&mut rules.banks, bank.id.clone());
            }
        }
    });
    let categories = &state.exam.categories;
    let title = format!(
        "按分类选择（已选 {} / {} 个分类）",
        rules.categories.len(),
        categories.len()
    );
    egui::CollapsingHeader::new(title)
        .id_salt("exam-categories")
        .show(ui, |ui| {
            super::row_ui(ui, |ui| {
                for category in categories {
                    let mut on = rules.categories.contains(category);
                    if ui.checkbox(&mut on, category).changed() {
                        toggle(&mut rules.categories, category.clone());
                    }
                }
            });
        });
}

fn toggle(set: &mut std::collections::BTreeSet<String>, value: String) {
    if !set.remove(&value) {
        set.insert(value);
    }
}
