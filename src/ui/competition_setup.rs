//! Setting up a competition: choose a plan (the sample or a saved one), edit its title, teams,
//! buzzer keys, banks and rounds, save it, start it.

use eframe::egui;
use egui::{DragValue, RichText};

use crate::app::competition_flow::{CompetitionAction, key_conflicts};
use crate::app::{Action, AppState};
use crate::core::bank::Kind;
use crate::core::competition::{
    AfterWrong, DEFAULT_KEYS, Plan, RoundKind, RoundPlan, TeamPlan, rules_line,
};

use super::home::{ERROR_COLOR, PRIMARY_COLOR};

fn send(actions: &mut Vec<Action>, action: CompetitionAction) {
    actions.push(Action::Competition(action));
}

/// The setup screen.
pub fn competition_setup_ui(ui: &mut egui::Ui, state: &AppState, actions: &mut Vec<Action>) {
    super::back_header_ui(ui, "competition-top", "现场竞赛", actions);
    let setup = &state.competition.setup;
    egui::Panel::bottom("competition-start").show(ui, |ui| {
        ui.add_space(4.0);
        if let Some(report) = &setup.report {
            super::notice_ui(ui, report);
        }
        ui.horizontal(|ui| {
            let label = ui.label("方案名");
            let mut name = setup.name.clone();
            if ui
                .add(egui::TextEdit::singleline(&mut name).desired_width(220.0))
                .labelled_by(label.id)
                .changed()
            {
                send(actions, CompetitionAction::Name(name));
            }
            if ui
                .add_enabled(
                    state.shared.data_dir.is_some(),
                    egui::Button::new("保存方案"),
                )
                .clicked()
            {
                send(actions, CompetitionAction::SavePlan);
            }
            let start = egui::Button::new(
                RichText::new("开始竞赛")
                    .strong()
                    .color(egui::Color32::WHITE),
            )
            .fill(PRIMARY_COLOR);
            if ui
                .add_enabled(
                    setup.plan.is_some() && state.shared.library.is_some(),
                    start,
                )
                .clicked()
            {
                send(actions, CompetitionAction::Start);
            }
        });
        ui.add_space(4.0);
    });
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .show(ui, |ui| {
                plans_ui(ui, state, actions);
                let Some(plan) = &setup.plan else { return };
                let mut edited = plan.clone();
                ui.separator();
                plan_ui(ui, state, &mut edited);
                if edited != *plan {
                    send(actions, CompetitionAction::Edit(edited));
                }
                ui.separator();
                checks_ui(ui, state, plan);
            });
    });
}

fn plans_ui(ui: &mut egui::Ui, state: &AppState, actions: &mut Vec<Action>) {
    ui.label(RichText::new("选择方案").strong());
    super::row_ui(ui, |ui| {
        for (i, file) in state.competition.setup.plans.iter().enumerate() {
            // The built-in sample has no file; a saved copy of it has the same name.
            let name = match file.path {
                Some(_) => file.name.clone(),
                None => format!("{}（内置）", file.name),
            };
            let text = match &file.plan {
                Ok(_) => RichText::new(name),
                Err(_) => RichText::new(format!("{}（有错误）", file.name)).color(ERROR_COLOR),
            };
            if ui.button(text).clicked() {
                send(actions, CompetitionAction::ChoosePlan(i));
            }
        }
    });
    for file in &state.competition.setup.plans {
        if let Err(problem) = &file.plan {
            ui.add(egui::Label::new(RichText::new(problem).color(ERROR_COLOR)).wrap());
        }
    }
}

fn plan_ui(ui: &mut egui::Ui, state: &AppState, plan: &mut Plan) {
    super::row_ui(ui, |ui| {
        let label = ui.label("竞赛名称");
        ui.add(egui::TextEdit::singleline(&mut plan.title).desired_width(320.0))
            .labelled_by(label.id);
        let label = ui.label("初始分");
        ui.add(DragValue::new(&mut plan.start_score).range(0..=10_000))
            .labelled_by(label.id);
    });
    teams_ui(ui, state, plan);
    banks_ui(ui, state, plan);
    categories_ui(ui, state, plan);
    rounds_ui(ui, plan);
}

fn teams_ui(ui: &mut egui::Ui, state: &AppState, plan: &mut Plan) {
    ui.label(RichText::new("参赛队伍（抢答键：该队抢答器或键盘上的按键）").strong());
    let mut remove = None;
    for (i, team) in plan.teams.iter_mut().enumerate() {
        super::row_ui(ui, |ui| {
            let label = ui.label(format!("{}.", i + 1));
            ui.add(egui::TextEdit::singleline(&mut team.name).desired_width(180.0))
                .labelled_by(label.id);
            let key = ui.label("抢答键");
            ui.add(egui::TextEdit::singleline(&mut team.key).desired_width(40.0))
                .labelled_by(key.id);
            let members: Vec<&str> = state
                .shared
                .directory
                .people
                .iter()
                .filter(|p| !p.archived && p.branch_name.as_deref() == Some(team.name.as_str()))
                .map(|p| p.name.as_str())
                .collect();
            if !members.is_empty() {
                ui.label(
                    RichText::new(format!("{} 人：{}", members.len(), members.join("、"))).weak(),
                );
            }
            if ui.small_button("删除").clicked() {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove {
        plan.teams.remove(i);
    }
    super::row_ui(ui, |ui| {
        let free_key = || {
            DEFAULT_KEYS
                .iter()
                .find(|k| !plan.teams.iter().any(|t| t.key == **k))
                .map_or(String::new(), |k| k.to_string())
        };
        let key = free_key();
        let mut added = None;
        for branch in state
            .shared
            .directory
            .branches
            .iter()
            .filter(|b| !b.archived)
        {
            if !plan.teams.iter().any(|t| t.name == branch.name)
                && ui.button(format!("＋ {}", branch.name)).clicked()
            {
                added = Some(branch.name.clone());
            }
        }
        if ui.button("＋ 添加队伍").clicked() {
            added = Some(format!("第{}队", plan.teams.len() + 1));
        }
        if let Some(name) = added {
            plan.teams.push(TeamPlan { name, key });
        }
    });
}

fn banks_ui(ui: &mut egui::Ui, state: &AppState, plan: &mut Plan) {
    ui.label(RichText::new("题库（都不选即全部题库）").strong());
    super::row_ui(ui, |ui| {
        for entry in state.entries().iter().filter(|e| e.is_usable()) {
            let Some(bank) = entry.bank() else { continue };
            let mut on = plan.banks.contains(&bank.id);
            if ui
                .checkbox(
                    &mut on,
                    format!("{}（{} 题）", bank.title, bank.questions.len()),
                )
                .changed()
            {
                if on {
                    plan.banks.push(bank.id.clone());
                } else {
                    plan.banks.retain(|b| *b != bank.id);
                }
            }
        }
    });
}

fn categories_ui(ui: &mut egui::Ui, state: &AppState, plan: &mut Plan) {
    let mut categories: Vec<(String, usize)> = Vec::new();
    for bank in state
        .entries()
        .iter()
        .filter(|e| e.is_usable())
        .filter_map(|e| e.bank())
        .filter(|b| plan.banks.is_empty() || plan.banks.contains(&b.id))
    {
        for (category, count) in bank.count_by_category() {
            match categories.iter_mut().find(|(c, _)| *c == category) {
                Some((_, total)) => *total += count,
                None => categories.push((category, count)),
            }
        }
    }
    egui::CollapsingHeader::new(RichText::new("分类（都不选即全部分类）").strong())
        .id_salt("plan-categories")
        .show(ui, |ui| {
            super::row_ui(ui, |ui| {
                for (category, count) in categories {
                    let mut on = plan.categories.contains(&category);
                    if ui
                        .checkbox(&mut on, format!("{category}（{count}）"))
                        .changed()
                    {
                        if on {
                            plan.categories.push(category);
                        } else {
                            plan.categories.retain(|c| *c != category);
                        }
                    }
                }
            });
        });
}

fn rounds_ui(ui: &mut egui::Ui, plan: &mut Plan) {
    ui.label(RichText::new("环节（按顺序进行）").strong());
    let count = plan.rounds.len();
    let mut change: Option<(usize, i32)> = None;
    for (i, round) in plan.rounds.iter_mut().enumerate() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            super::row_ui(ui, |ui| {
                ui.label(RichText::new(format!("{}. {}", i + 1, round.kind.label())).strong());
                let label = ui.label("标题");
                ui.add(egui::TextEdit::singleline(&mut round.title).desired_width(120.0))
                    .labelled_by(label.id);
                let what = match round.kind {
                    RoundKind::Required | RoundKind::Risk => "每队题数",
                    RoundKind::Buzz => "题数",
                    RoundKind::TieBreak => "最多题数",
                };
                number_ui(ui, what, &mut round.questions, 1..=100);
                if round.kind != RoundKind::Risk {
                    signed_ui(ui, "答对", &mut round.right);
                    signed_ui(ui, "答错", &mut round.wrong);
                }
                number_ui(ui, "答题秒", &mut round.answer_secs, 1..=600);
                if round.kind.uses_buzzers() {
                    number_ui(ui, "抢答等待秒", &mut round.buzz_secs, 1..=600);
                    signed_ui(ui, "提前按键扣", &mut round.early_penalty);
                    ui.checkbox(&mut round.early_lockout, "提前按键改为取消本题资格");
                    let label = ui.label("答错后");
                    egui::ComboBox::from_id_salt(("after-wrong", i))
                        .selected_text(round.after_wrong.label())
                        .show_ui(ui, |ui| {
                            for choice in AfterWrong::ALL {
                                ui.selectable_value(&mut round.after_wrong, choice, choice.label());
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    if round.after_wrong == AfterWrong::OthersBuzz {
                        number_ui(ui, "再抢答秒", &mut round.rebuzz_secs, 1..=120);
                    }
                }
                if round.kind == RoundKind::Risk {
                    values_ui(ui, i, round);
                }
                kinds_ui(ui, round);
                if i > 0 && ui.small_button("上移").clicked() {
                    change = Some((i, -1));
                }
                if i + 1 < count && ui.small_button("下移").clicked() {
                    change = Some((i, 1));
                }
                if ui.small_button("删除").clicked() {
                    change = Some((i, 0));
                }
            });
            ui.label(RichText::new(rules_line(round)).weak());
        });
    }
    match change {
        Some((i, 0)) => {
            plan.rounds.remove(i);
        }
        Some((i, d)) => plan.rounds.swap(i, (i as i32 + d) as usize),
        None => {}
    }
    super::row_ui(ui, |ui| {
        for kind in RoundKind::ALL {
            if ui.button(format!("＋ {}", kind.label())).clicked() {
                plan.rounds.push(RoundPlan::new(kind));
            }
        }
    });
}

fn number_ui(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut u32,
    range: std::ops::RangeInclusive<u32>,
) {
    let label = ui.label(label);
    ui.add(DragValue::new(value).range(range))
        .labelled_by(label.id);
}

fn signed_ui(ui: &mut egui::Ui, label: &str, value: &mut i32) {
    let label = ui.label(label);
    ui.add(DragValue::new(value).range(-1000..=1000))
        .labelled_by(label.id);
}

/// The stakes as "10,20,30"; what cannot be read as numbers is kept as it was.
fn values_ui(ui: &mut egui::Ui, index: usize, round: &mut RoundPlan) {
    let id = egui::Id::unique("plan-values").with(index);
    let shown = round
        .values
        .iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let mut text = ui.data(|d| d.get_temp::<String>(id)).unwrap_or(shown);
    let label = ui.label("分值");
    let response = ui
        .add(egui::TextEdit::singleline(&mut text).desired_width(110.0))
        .labelled_by(label.id);
    if response.changed() {
        let parsed: Option<Vec<i32>> = text
            .split([',', '，', '/', ' ', '、'])
            .filter(|s| !s.trim().is_empty())
            .map(|s| s.trim().parse().ok())
            .collect();
        if let Some(values) = parsed.filter(|v| !v.is_empty()) {
            round.values = values;
        }
    }
    if response.has_focus() {
        ui.data_mut(|d| d.insert_temp(id, text));
    } else {
        ui.data_mut(|d| d.remove::<String>(id));
    }
}

fn kinds_ui(ui: &mut egui::Ui, round: &mut RoundPlan) {
    ui.label("题型");
    for kind in Kind::ALL {
        let mut on = round.kinds.is_empty() || round.kinds.contains(&kind);
        if ui.checkbox(&mut on, kind.label()).changed() {
            let mut kinds: Vec<Kind> = if round.kinds.is_empty() {
                Kind::ALL.to_vec()
            } else {
                round.kinds.clone()
            };
            if on {
                kinds.push(kind);
            } else {
                kinds.retain(|k| *k != kind);
            }
            kinds.sort();
            kinds.dedup();
            // All kinds is written as none, so a plan stays short.
            round.kinds = if kinds.len() == Kind::ALL.len() {
                Vec::new()
            } else {
                kinds
            };
        }
    }
}

fn checks_ui(ui: &mut egui::Ui, state: &AppState, plan: &Plan) {
    let mut problems = plan.problems();
    problems.extend(key_conflicts(plan));
    let banks: Vec<&crate::core::bank::Bank> = state
        .entries()
        .iter()
        .filter(|e| e.is_usable())
        .filter_map(|e| e.bank())
        .filter(|b| plan.banks.is_empty() || plan.banks.contains(&b.id))
        .collect();
    let available: usize = banks
        .iter()
        .flat_map(|b| &b.questions)
        .filter(|q| plan.categories.is_empty() || plan.categories.contains(&q.category))
        .count();
    if problems.is_empty() {
        ui.label(format!(
            "方案可以开始：所选题库共 {available} 题，本方案最多用 {} 题。",
            plan.questions_needed()
        ));
    } else {
        for problem in problems {
            ui.label(RichText::new(problem).color(ERROR_COLOR));
        }
    }
    // Wrapped whatever the row around it does: cut off at 1024 pixels, the hint lost its end.
    ui.add(
        egui::Label::new(RichText::new(
            "主持人按键：空格/PgDn 下一步，J 答对，K 答错，R 公布答案，P 暂停，T 加时，V 作废，Z/PgUp 撤销，F1–F3 风险题选分值，+/− 大屏字号。",
        ).weak())
        .wrap(),
    );
}
