//! The console's side panel: the scoreboard, manual adjustment with a reason, ending early, and
//! the audit log with undone steps struck through.

use eframe::egui;
use egui::RichText;

use crate::app::Action;
use crate::app::competition_flow::{ADJUST_REASONS, CompetitionAction, CompetitionRun};
use crate::core::competition::Phase;

use super::home::ERROR_COLOR;

fn send(actions: &mut Vec<Action>, action: CompetitionAction) {
    actions.push(Action::Competition(action));
}

pub(crate) fn side_ui(
    ui: &mut egui::Ui,
    run: &CompetitionRun,
    zone: crate::core::time::Zone,
    actions: &mut Vec<Action>,
) {
    let game = &run.game;
    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.heading("比分");
                let mut muted = run.muted;
                if ui.checkbox(&mut muted, "静音").changed() {
                    send(actions, CompetitionAction::Mute(muted));
                }
            });
            egui::Grid::new("host-scores").striped(true).show(ui, |ui| {
                ui.label("名次");
                ui.label("队伍");
                ui.label("得分");
                ui.label("抢答键");
                ui.end_row();
                for (place, team) in game.standings() {
                    ui.label(place.to_string());
                    ui.label(game.team_name(team));
                    ui.label(RichText::new(game.scores[team].to_string()).strong());
                    ui.label(&game.plan().teams[team].key);
                    ui.end_row();
                }
            });
            ui.separator();
            adjust_ui(ui, run, actions);
            ui.separator();
            if game.phase != Phase::Finished {
                let confirm_id = egui::Id::unique("host-confirm-finish");
                let confirming = ui.data(|d| d.get_temp::<bool>(confirm_id).unwrap_or(false));
                if !confirming {
                    if ui.button("提前结束竞赛…").clicked() {
                        ui.data_mut(|d| d.insert_temp(confirm_id, true));
                    }
                } else {
                    ui.label(
                        RichText::new("确定现在结束并颁奖？当前题目须已公布答案。")
                            .color(ERROR_COLOR),
                    );
                    ui.horizontal(|ui| {
                        if ui.button("确定结束").clicked() {
                            send(actions, CompetitionAction::Finish);
                            ui.data_mut(|d| d.insert_temp(confirm_id, false));
                        }
                        if ui.button("取消").clicked() {
                            ui.data_mut(|d| d.insert_temp(confirm_id, false));
                        }
                    });
                }
            }
            ui.heading("操作记录");
            for line in game.audit().iter().rev() {
                let time = zone.clock(line.at_ms);
                let mut text = RichText::new(format!("{time} {}", line.text)).size(16.0);
                if line.undone {
                    text = text.strikethrough().weak();
                }
                ui.add(egui::Label::new(text).wrap());
            }
        });
}

fn adjust_ui(ui: &mut egui::Ui, run: &CompetitionRun, actions: &mut Vec<Action>) {
    let mut form = run.adjust.clone();
    ui.label(RichText::new("手动调整分数").strong());
    let game = &run.game;
    ui.horizontal(|ui| {
        let label = ui.label("队伍");
        egui::ComboBox::from_id_salt("adjust-team")
            .selected_text(game.team_name(form.team))
            .show_ui(ui, |ui| {
                for team in 0..game.plan().teams.len() {
                    ui.selectable_value(&mut form.team, team, game.team_name(team));
                }
            })
            .response
            .labelled_by(label.id);
    });
    super::row_ui(ui, |ui| {
        ui.label("分数");
        ui.label(
            RichText::new(format!("{:+} 分", form.delta))
                .strong()
                .size(20.0),
        );
        for step in [-10, -5, -1, 1, 5, 10] {
            if ui.button(format!("{step:+}")).clicked() {
                form.delta = (form.delta + step).clamp(-1000, 1000);
            }
        }
        if ui.button("清零").clicked() {
            form.delta = 0;
        }
    });
    super::row_ui(ui, |ui| {
        let label = ui.label("原因");
        egui::ComboBox::from_id_salt("adjust-reason")
            .selected_text("选择常用原因")
            .show_ui(ui, |ui| {
                for reason in ADJUST_REASONS {
                    if ui.selectable_label(form.reason == reason, reason).clicked() {
                        form.reason = reason.to_string();
                    }
                }
            })
            .response
            .labelled_by(label.id);
        ui.add(
            egui::TextEdit::singleline(&mut form.reason)
                .desired_width(200.0)
                .hint_text("或在此填写"),
        )
        .labelled_by(label.id);
    });
    if form != run.adjust {
        send(actions, CompetitionAction::AdjustForm(form));
    }
    if ui.button("调整分数").clicked() {
        send(actions, CompetitionAction::Adjust);
    }
}
