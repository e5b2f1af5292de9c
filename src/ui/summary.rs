//! 练习小结: right/total, time, by category, and the questions missed.

use std::time::Duration;

use eframe::egui;
use egui::RichText;

use crate::app::Action;
use crate::app::PracticeAction;
use crate::core::practice::Session;
use crate::ui::home::ERROR_COLOR;
use crate::ui::practice::RIGHT_COLOR;
use crate::ui::typeset::flow;

/// The summary screen after a session.
///
/// `from_study`: the session was a study mode's, so the way back to 每日学习 is offered too.
pub fn summary_ui(
    ui: &mut egui::Ui,
    session: &Session,
    from_study: bool,
    now: Duration,
    actions: &mut Vec<Action>,
) {
    let summary = session.summary(now);
    egui::Panel::bottom("summary-bottom").show(ui, |ui| {
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if ui.button(RichText::new("再练一次").strong()).clicked() {
                actions.push(Action::Practice(PracticeAction::Restart));
            }
            if from_study && ui.button("返回每日学习").clicked() {
                actions.push(Action::Study(crate::app::study_flow::StudyAction::Open));
            }
            if ui.button("返回首页").clicked() {
                actions.push(Action::Home);
            }
        });
        ui.add_space(4.0);
    });
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .show(ui, |ui| {
                if session.is_challenge() {
                    ui.heading("挑战结束");
                    ui.label(
                        RichText::new(format!("连续答对 {} 题", session.streak()))
                            .size(40.0)
                            .strong()
                            .color(RIGHT_COLOR),
                    );
                    missed_ui(ui, session);
                    return;
                }
                ui.heading("练习小结");
                ui.add_space(8.0);
                let percent = (summary.correct * 100)
                    .checked_div(summary.answered)
                    .unwrap_or(0);
                ui.label(
                    RichText::new(format!(
                        "答对 {} / {} 题",
                        summary.correct, summary.answered
                    ))
                    .size(40.0)
                    .strong()
                    .color(super::score_color(
                        summary.correct as f64,
                        summary.answered as f64,
                    )),
                );
                ui.label(
                    RichText::new(format!(
                        "正确率 {percent}%，用时 {}（本次共抽 {} 题，答了 {} 题）",
                        super::clock_text(summary.elapsed),
                        summary.total,
                        summary.answered,
                    ))
                    .size(22.0),
                );
                if summary.by_category.is_empty() {
                    return;
                }
                ui.add_space(12.0);
                ui.label(RichText::new("各分类成绩（只列答过的分类）").strong());
                egui::Grid::new("by-category")
                    .striped(true)
                    .num_columns(4)
                    .spacing([24.0, 6.0])
                    .show(ui, |ui| {
                        for header in ["分类", "已答", "答对", "正确率"] {
                            ui.label(RichText::new(header).strong());
                        }
                        ui.end_row();
                        for score in &summary.by_category {
                            ui.label(&score.category);
                            ui.label(score.answered.to_string());
                            ui.label(score.correct.to_string());
                            ui.label(format!("{}%", score.correct * 100 / score.answered.max(1)));
                            ui.end_row();
                        }
                    });
                missed_ui(ui, session);
            });
    });
}

fn missed_ui(ui: &mut egui::Ui, session: &Session) {
    let missed: Vec<_> = session
        .items()
        .iter()
        .zip(session.outcomes())
        .filter(|(_, o)| {
            o.as_ref()
                .and_then(|o| o.verdict)
                .is_some_and(|v| !v.is_correct())
        })
        .collect();
    if missed.is_empty() {
        return;
    }
    ui.add_space(12.0);
    ui.label(
        RichText::new(format!("答错的题目（{} 道）", missed.len()))
            .strong()
            .color(ERROR_COLOR),
    );
    for (item, _) in missed {
        egui::Frame::group(ui.style())
            .inner_margin(8.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(flow(&item.question.stem));
                ui.label(
                    RichText::new(flow(&format!(
                        "正确答案：{}",
                        item.question.answer_display()
                    )))
                    .color(RIGHT_COLOR),
                );
                if let Some(explanation) = &item.question.explanation {
                    ui.label(RichText::new(flow(explanation)).small());
                }
            });
    }
}
