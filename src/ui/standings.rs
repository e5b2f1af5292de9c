//! 排行与统计: leaderboards of people and branches, charts, and records from other PCs.

use eframe::egui;
use egui::RichText;

use crate::app::standings_flow::{Range, StandingsAction};
use crate::app::{Action, AppState};
use crate::storage::export::{Format, What};
use crate::storage::study::{MODES, mode_label};

use super::home::PRIMARY_COLOR;

fn send(actions: &mut Vec<Action>, action: StandingsAction) {
    actions.push(Action::Standings(action));
}

/// People shown on the leaderboard (the export has everyone).
const PEOPLE_SHOWN: usize = 20;

/// The standings screen.
pub fn standings_ui(ui: &mut egui::Ui, state: &AppState, actions: &mut Vec<Action>) {
    super::back_header_ui(ui, "standings-top", "排行与统计", actions);
    let dropped = super::dropped_files(ui);
    if !dropped.is_empty() {
        send(actions, StandingsAction::Merge(dropped));
    }
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .show(ui, |ui| {
                filters_ui(ui, state, actions);
                records_ui(ui, state, actions);
                ui.separator();
                if state.standings.state.loading {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label("正在统计…");
                    });
                }
                people_ui(ui, state);
                ui.separator();
                branches_ui(ui, state);
                ui.separator();
                super::charts::charts_ui(ui, state, actions);
            });
    });
}

fn filters_ui(ui: &mut egui::Ui, state: &AppState, actions: &mut Vec<Action>) {
    let s = &state.standings.state;
    super::row_ui(ui, |ui| {
        let label = ui.label("题库");
        let bank_name = s
            .filter
            .bank
            .as_ref()
            .and_then(|id| {
                state
                    .entries()
                    .iter()
                    .filter_map(|e| e.bank())
                    .find(|b| &b.id == id)
            })
            .map_or("全部题库".to_string(), |b| b.title.clone());
        egui::ComboBox::from_id_salt("standings-bank")
            .selected_text(bank_name)
            .show_ui(ui, |ui| {
                if ui
                    .selectable_label(s.filter.bank.is_none(), "全部题库")
                    .clicked()
                {
                    send(actions, StandingsAction::Bank(None));
                }
                for bank in state.entries().iter().filter_map(|e| e.bank()) {
                    if ui
                        .selectable_label(s.filter.bank.as_ref() == Some(&bank.id), &bank.title)
                        .clicked()
                    {
                        send(actions, StandingsAction::Bank(Some(bank.id.clone())));
                    }
                }
            })
            .response
            .labelled_by(label.id);
        let label = ui.label("方式");
        egui::ComboBox::from_id_salt("standings-mode")
            .selected_text(s.filter.mode.as_deref().map_or("全部方式", mode_label))
            .show_ui(ui, |ui| {
                if ui
                    .selectable_label(s.filter.mode.is_none(), "全部方式")
                    .clicked()
                {
                    send(actions, StandingsAction::Mode(None));
                }
                for (mode, name) in MODES {
                    if ui
                        .selectable_label(s.filter.mode.as_deref() == Some(mode), name)
                        .clicked()
                    {
                        send(actions, StandingsAction::Mode(Some(mode.to_string())));
                    }
                }
            })
            .response
            .labelled_by(label.id);
        let label = ui.label("日期");
        egui::ComboBox::from_id_salt("standings-range")
            .selected_text(s.range.label())
            .show_ui(ui, |ui| {
                for range in Range::ALL {
                    if ui
                        .selectable_label(s.range == range, range.label())
                        .clicked()
                    {
                        send(actions, StandingsAction::Range(range));
                    }
                }
            })
            .response
            .labelled_by(label.id);
    });
}

fn records_ui(ui: &mut egui::Ui, state: &AppState, actions: &mut Vec<Action>) {
    super::row_ui(ui, |ui| {
        let merge = egui::Button::new(
            RichText::new("合并记录包…")
                .color(egui::Color32::WHITE)
                .strong(),
        )
        .fill(PRIMARY_COLOR);
        if ui
            .add(merge)
            .on_hover_text("选择其他电脑“打包本机记录”得到的文件，也可直接拖到窗口里")
            .clicked()
        {
            send(actions, StandingsAction::PickPackages);
        }
        if ui.button("打包本机记录").clicked() {
            send(actions, StandingsAction::Pack);
        }
        let (typed, go) = super::typed_path_ui(
            ui,
            "或输入记录包路径：",
            &state.standings.state.typed_path,
            "合并",
        );
        if let Some(typed) = typed {
            send(actions, StandingsAction::TypedPath(typed));
        }
        if go {
            send(
                actions,
                StandingsAction::Merge(vec![super::typed_path(&state.standings.state.typed_path)]),
            );
        }
        for (what, name) in [
            (What::Leaderboard, "个人排行"),
            (What::BranchLeaderboard, "支部排行"),
        ] {
            if ui.button(format!("导出{name} Excel")).clicked() {
                send(actions, StandingsAction::Export(what, Format::Xlsx));
            }
            if ui.button(format!("导出{name} CSV")).clicked() {
                send(actions, StandingsAction::Export(what, Format::Csv));
            }
        }
    });
    if let Some(report) = &state.standings.state.report {
        super::notice_ui(ui, report);
    }
}

fn people_ui(ui: &mut egui::Ui, state: &AppState) {
    let people = &state.standings.state.people;
    ui.heading(format!("个人排行榜（{} 人）", people.len()));
    if people.is_empty() {
        ui.label("所选范围内还没有已完成的记录。");
        return;
    }
    ui.label(RichText::new("按最高得分率排名，得分率相同时用时少者在前。").weak());
    egui::Grid::new("people-board")
        .striped(true)
        .show(ui, |ui| {
            for header in [
                "名次",
                "姓名",
                "党支部",
                "次数",
                "最高",
                "平均",
                "最佳连对",
                "答题数",
                "最佳用时",
            ] {
                ui.label(RichText::new(header).strong());
            }
            ui.end_row();
            for row in people.iter().take(PEOPLE_SHOWN) {
                ui.label(row.place.to_string());
                ui.label(&row.name);
                ui.label(row.branch.as_deref().unwrap_or(""));
                ui.label(row.attempts.to_string());
                ui.label(format!("{:.0}%", row.best));
                ui.label(format!("{:.0}%", row.average));
                ui.label(row.best_streak.to_string());
                ui.label(row.answered.to_string());
                ui.label(super::clock_text(std::time::Duration::from_millis(
                    row.best_time_ms.max(0) as u64,
                )));
                ui.end_row();
            }
        });
    if people.len() > PEOPLE_SHOWN {
        ui.label(format!(
            "另有 {} 人，导出可见全部。",
            people.len() - PEOPLE_SHOWN
        ));
    }
}

fn branches_ui(ui: &mut egui::Ui, state: &AppState) {
    let branches = &state.standings.state.branches;
    ui.heading("党支部排行榜");
    if branches.is_empty() {
        ui.label("还没有党支部。");
        return;
    }
    egui::Grid::new("branch-board")
        .striped(true)
        .show(ui, |ui| {
            for header in [
                "名次",
                "党支部",
                "平均得分率",
                "参与人数 / 在册",
                "参与率",
                "人次",
                "答题数",
            ] {
                ui.label(RichText::new(header).strong());
            }
            ui.end_row();
            for row in branches {
                ui.label(row.place.to_string());
                ui.label(&row.name);
                ui.label(format!("{:.1}%", row.average));
                ui.label(format!("{} / {}", row.took_part, row.members));
                ui.label(format!("{:.0}%", row.participation()));
                ui.label(row.attempts.to_string());
                ui.label(row.answered.to_string());
                ui.end_row();
            }
        });
}
