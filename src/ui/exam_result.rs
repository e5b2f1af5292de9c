//! 考试成绩: the score, the rank in the branch so far, and a review of every question.

use std::time::Duration;

use eframe::egui;
use egui::RichText;

use crate::app::{Action, ExamRun};
use crate::core::bank::{Question, option_letter};
use crate::core::exam::EndReason;
use crate::core::grade::Response;
use crate::core::scoring::Score;
use crate::ui::home::{ERROR_COLOR, WARNING_COLOR};
use crate::ui::practice::RIGHT_COLOR;
use crate::ui::typeset::flow;

/// A response in words: `B. 1921年`, `对`, `南湖；1921`.
pub fn response_text(question: &Question, response: Option<&Response>) -> String {
    match response {
        None => "未作答".to_owned(),
        Some(Response::Choice(chosen)) => chosen
            .iter()
            .map(|&i| {
                format!(
                    "{}. {}",
                    option_letter(i),
                    question.options.get(i).map_or("", String::as_str)
                )
            })
            .collect::<Vec<_>>()
            .join("；"),
        Some(Response::TrueFalse(true)) => "对".to_owned(),
        Some(Response::TrueFalse(false)) => "错".to_owned(),
        Some(Response::Blanks(blanks)) => blanks.join("；"),
        Some(Response::Text(text)) => text.clone(),
        Some(Response::Judged(right)) => if *right {
            "自评：答对"
        } else {
            "自评：没答对"
        }
        .to_owned(),
    }
}

/// Points as people write them: `12`, `7.5`.
pub fn points_text(points: f64) -> String {
    if (points - points.round()).abs() < 1e-9 {
        format!("{}", points.round() as i64)
    } else {
        format!("{points:.1}")
    }
}

/// The exam result screen.
pub fn exam_result_ui(ui: &mut egui::Ui, run: &ExamRun, now: Duration, actions: &mut Vec<Action>) {
    let attempt = &run.attempt;
    let (score, waiting) = attempt.total();
    let max = attempt.paper().total_points();
    egui::Panel::bottom("exam-result-bottom").show(ui, |ui| {
        ui.add_space(6.0);
        if ui.button("返回首页").clicked() {
            actions.push(Action::Home);
        }
        ui.add_space(4.0);
    });
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .show(ui, |ui| {
                let ended = match attempt.ended() {
                    Some(EndReason::TimeUp) => "时间到，已自动交卷",
                    _ => "已交卷",
                };
                ui.heading(format!("考试结束（{ended}）"));
                let who = run
                    .participant
                    .as_ref()
                    .map_or("匿名".to_owned(), |p| p.name.clone());
                ui.label(RichText::new(format!("{who} · {}", attempt.rules().name)).size(22.0));
                ui.label(
                    RichText::new(format!("得分 {} / {max}", points_text(score)))
                        .size(40.0)
                        .strong()
                        .color(super::score_color(score, f64::from(max))),
                );
                ui.label(format!("用时 {}", crate::ui::clock_text(attempt.used(now))));
                if let (Some((rank, of)), Some(p)) = (run.rank, &run.participant) {
                    let branch = p.branch_name.as_deref().unwrap_or("未分支部");
                    ui.label(
                        RichText::new(format!("在{branch}中暂列第 {rank} 名（共 {of} 人参加）"))
                            .size(22.0),
                    );
                }
                if waiting > 0 {
                    ui.label(
                        RichText::new(format!("另有 {waiting} 道简答题等待评分，评分后计入总分"))
                            .color(WARNING_COLOR),
                    );
                }
                ui.add_space(12.0);
                ui.label(RichText::new("逐题回顾").strong());
                for (i, entry) in attempt.paper().questions.iter().enumerate() {
                    let q = &entry.question;
                    egui::Frame::group(ui.style())
                        .inner_margin(8.0)
                        .show(ui, |ui| {
                            ui.set_width(ui.available_width());
                            let (mark, color) = match attempt.score_of(i) {
                                Score::Points(p) if p >= f64::from(entry.points) - 1e-9 => {
                                    (format!("得 {} 分", points_text(p)), RIGHT_COLOR)
                                }
                                Score::Points(p) => (
                                    format!("得 {} / {} 分", points_text(p), entry.points),
                                    ERROR_COLOR,
                                ),
                                Score::AwaitingGrader => ("待评分".to_owned(), WARNING_COLOR),
                            };
                            ui.horizontal(|ui| {
                                ui.label(
                                    RichText::new(format!("第 {} 题（{}）", i + 1, q.kind.label()))
                                        .strong(),
                                );
                                ui.label(RichText::new(mark).color(color).strong());
                            });
                            ui.label(flow(&q.stem));
                            ui.label(format!(
                                "你的答案：{}",
                                response_text(q, attempt.response(i))
                            ));
                            let title = if q.kind == crate::core::bank::Kind::Open {
                                "参考答案"
                            } else {
                                "正确答案"
                            };
                            ui.label(
                                RichText::new(flow(&format!("{title}：{}", q.answer_display())))
                                    .color(RIGHT_COLOR),
                            );
                            if let Some(explanation) = &q.explanation {
                                ui.label(
                                    RichText::new(flow(&format!("解析：{explanation}"))).small(),
                                );
                            }
                        });
                }
            });
    });
}
