//! The standings charts (egui_plot): branch comparison, score distribution, accuracy by category,
//! the questions missed most, and one person's progress. Each chart has its figures in words under
//! it too, for reading aloud and for screen readers.

use eframe::egui;
use egui::{Color32, RichText};
use egui_plot::{Bar, BarChart, Line, Plot, PlotPoints};

use crate::app::standings_flow::StandingsAction;
use crate::app::{Action, AppState};

const BAR: Color32 = Color32::from_rgb(0xC8, 0x10, 0x2E);
const CHART_HEIGHT: f32 = 200.0;

/// A plot that stays put: no dragging or zooming by accident on a touchpad.
fn still_plot(id: &str) -> Plot<'_> {
    Plot::new(id)
        .height(CHART_HEIGHT)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
}

/// Bars named by `names`, with the names under the x axis.
fn named_bars_ui(ui: &mut egui::Ui, id: &str, names: &[String], values: &[f64], max: Option<f64>) {
    let bars: Vec<Bar> = values
        .iter()
        .enumerate()
        .map(|(i, v)| Bar::new(i as f64, *v).width(0.6).fill(BAR))
        .collect();
    let labels = names.to_vec();
    let mut plot = still_plot(id)
        .include_y(0.0)
        // A mark at every bar, so that no name is left out between the marks egui_plot picks.
        .x_grid_spacer(egui_plot::uniform_grid_spacer(|_| [1.0, 5.0, 10.0]))
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                labels.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        });
    if let Some(max) = max {
        plot = plot.include_y(max);
    }
    plot.show(ui, |plot_ui| plot_ui.bar_chart(BarChart::new(id, bars)));
}

/// Bars across, one row per name with the name beside it: for many long names (categories such as
/// 土地革命战争时期), which side by side under the bars would overlap or be left out.
fn named_rows_ui(ui: &mut egui::Ui, id: &str, names: &[String], values: &[f64], max: f64) {
    let count = names.len();
    // The first name at the top.
    let bars: Vec<Bar> = values
        .iter()
        .enumerate()
        .map(|(i, v)| Bar::new((count - 1 - i) as f64, *v).width(0.6).fill(BAR))
        .collect();
    let labels = names.to_vec();
    let widest = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    still_plot(id)
        .height((count as f32 * 30.0).max(CHART_HEIGHT))
        .include_x(0.0)
        .include_x(max)
        .y_grid_spacer(egui_plot::uniform_grid_spacer(|_| [1.0, 5.0, 10.0]))
        .y_axis_min_width(widest as f32 * 16.0)
        .y_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < count {
                labels
                    .get(count - 1 - i as usize)
                    .cloned()
                    .unwrap_or_default()
            } else {
                String::new()
            }
        })
        .show(ui, |plot_ui| {
            plot_ui.bar_chart(BarChart::new(id, bars).horizontal())
        });
}

/// All the charts.
pub fn charts_ui(ui: &mut egui::Ui, state: &AppState, actions: &mut Vec<Action>) {
    let s = &state.standings.state;
    ui.heading("党支部平均得分率");
    let names: Vec<String> = s.branches.iter().map(|b| b.name.clone()).collect();
    let values: Vec<f64> = s.branches.iter().map(|b| b.average).collect();
    named_bars_ui(ui, "chart-branches", &names, &values, Some(100.0));
    ui.label(
        RichText::new(
            s.branches
                .iter()
                .map(|b| {
                    format!(
                        "{} {:.1}%（参与率 {:.0}%）",
                        b.name,
                        b.average,
                        b.participation()
                    )
                })
                .collect::<Vec<_>>()
                .join("；"),
        )
        .small(),
    );

    ui.heading("得分分布（人次）");
    let bands: Vec<String> = (0..10)
        .map(|i| format!("{}–{}", i * 10, i * 10 + 10))
        .collect();
    let counts: Vec<f64> = s.distribution.iter().map(|c| *c as f64).collect();
    named_bars_ui(ui, "chart-distribution", &bands, &counts, None);
    ui.label(
        RichText::new(
            bands
                .iter()
                .zip(&s.distribution)
                .filter(|(_, c)| **c > 0)
                .map(|(b, c)| format!("{b}%：{c} 人次"))
                .collect::<Vec<_>>()
                .join("；"),
        )
        .small(),
    );

    ui.heading("各分类正确率");
    let names: Vec<String> = s.categories.iter().map(|c| c.0.clone()).collect();
    let values: Vec<f64> = s.categories.iter().map(|c| c.1 * 100.0).collect();
    named_rows_ui(ui, "chart-categories", &names, &values, 100.0);
    ui.label(
        RichText::new(
            s.categories
                .iter()
                .map(|(c, share, n)| format!("{c} {:.0}%（{n} 次作答）", share * 100.0))
                .collect::<Vec<_>>()
                .join("；"),
        )
        .small(),
    );

    ui.heading("最常答错的题（难度系数 = 答对的比例）");
    if s.missed.is_empty() {
        ui.label("暂无（每题至少作答 3 次才列入）。");
    }
    for missed in &s.missed {
        ui.horizontal(|ui| {
            let width = 120.0;
            let (rect, _) = ui.allocate_exact_size(egui::vec2(width, 14.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 2.0, Color32::from_gray(225));
            let filled = egui::Rect::from_min_size(
                rect.min,
                egui::vec2(width * missed.facility as f32, rect.height()),
            );
            ui.painter().rect_filled(filled, 2.0, BAR);
            ui.label(format!(
                "{:.0}%（{} 次）",
                missed.facility * 100.0,
                missed.answers
            ));
            ui.add(
                egui::Label::new(format!("{} · {}：{}", missed.bank, missed.id, missed.stem))
                    .truncate(),
            );
        });
    }

    progress_ui(ui, state, actions);
}

fn progress_ui(ui: &mut egui::Ui, state: &AppState, actions: &mut Vec<Action>) {
    let s = &state.standings.state;
    ui.horizontal(|ui| {
        let label = ui.heading("个人得分变化");
        let chosen = s
            .progress_of
            .and_then(|id| s.people.iter().find(|p| p.id == id))
            .map_or("（请选择）".to_string(), |p| p.name.clone());
        egui::ComboBox::from_id_salt("progress-person")
            .selected_text(chosen)
            .show_ui(ui, |ui| {
                for person in &s.people {
                    if ui
                        .selectable_label(s.progress_of == Some(person.id), &person.name)
                        .clicked()
                    {
                        actions.push(Action::Standings(StandingsAction::ProgressOf(Some(
                            person.id,
                        ))));
                    }
                }
            })
            .response
            .labelled_by(label.id);
    });
    if s.progress.is_empty() {
        ui.label("暂无记录。");
        return;
    }
    let points: PlotPoints = s
        .progress
        .iter()
        .enumerate()
        .map(|(i, (_, pct))| [i as f64 + 1.0, *pct])
        .collect();
    still_plot("chart-progress")
        .include_y(0.0)
        .include_y(100.0)
        .show(ui, |plot_ui| {
            plot_ui.line(Line::new("得分率", points).color(BAR).width(2.5))
        });
    let first = s.progress.first().map_or(0.0, |p| p.1);
    let last = s.progress.last().map_or(0.0, |p| p.1);
    ui.label(
        RichText::new(format!(
            "共 {} 次：第一次 {first:.0}%，最近一次 {last:.0}%",
            s.progress.len()
        ))
        .small(),
    );
}
