//! 考试中: the countdown, the question, the answer card, marking and the submit confirmation.

use std::time::Duration;

use eframe::egui;
use egui::{Color32, RichText};

use crate::app::{Action, ExamAction, ExamRun};
use crate::core::bank::{Kind, option_letter};
use crate::core::grade::Response;
use crate::ui::home::{ERROR_COLOR, PRIMARY_COLOR, WARNING_COLOR};
use crate::ui::style::question_style;
use crate::ui::typeset::flow;

/// The countdown turns to the warning colour below this.
pub const WARNING_BELOW: Duration = Duration::from_secs(60);

const ANSWERED_FILL: Color32 = Color32::from_rgb(0xC8, 0xEB, 0xCF);
const MARKED_FILL: Color32 = Color32::from_rgb(0xF9, 0xE3, 0xB0);

fn send(actions: &mut Vec<Action>, action: ExamAction) {
    actions.push(Action::Exam(action));
}

/// The exam screen.
pub fn exam_ui(
    ui: &mut egui::Ui,
    run: &ExamRun,
    image: Option<&std::path::Path>,
    now: Duration,
    actions: &mut Vec<Action>,
) {
    let attempt = &run.attempt;
    let at = attempt.position();
    let entry = &attempt.paper().questions[at];
    egui::Panel::top("exam-top").show(ui, |ui| {
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            let who = run
                .participant
                .as_ref()
                .map_or("匿名".to_owned(), |p| p.name.clone());
            ui.label(RichText::new(format!("{} · {who}", attempt.rules().name)).strong());
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let left = attempt.remaining(now);
                let color = if left < WARNING_BELOW {
                    ERROR_COLOR
                } else {
                    ui.visuals().strong_text_color()
                };
                ui.label(
                    RichText::new(format!("剩余 {}", crate::ui::clock_text(left)))
                        .size(30.0)
                        .strong()
                        .color(color),
                );
                if let Some(q_left) = attempt.question_remaining(now) {
                    ui.label(
                        RichText::new(format!("本题 {} 秒", q_left.as_secs()))
                            .size(22.0)
                            .color(WARNING_COLOR),
                    );
                }
            });
        });
        let saving = if run.saved >= run.sent {
            "答案已保存".to_owned()
        } else {
            format!("正在保存（{}）…", run.sent - run.saved)
        };
        ui.label(RichText::new(saving).small().weak());
    });
    egui::Panel::right("answer-card")
        .resizable(false)
        .exact_size(300.0)
        .show(ui, |ui| card_ui(ui, run, actions));
    egui::Panel::bottom("exam-bottom").show(ui, |ui| {
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if ui
                .add_enabled(at > 0, egui::Button::new("上一题（←）"))
                .clicked()
            {
                send(actions, ExamAction::GoTo(at - 1));
            }
            let last = at + 1 == attempt.paper().questions.len();
            if ui
                .add_enabled(!last, egui::Button::new("下一题（→ 或 N）"))
                .clicked()
            {
                send(actions, ExamAction::GoTo(at + 1));
            }
            let mut marked = attempt.is_marked(at);
            if ui.checkbox(&mut marked, "标记此题，稍后检查").changed() {
                send(actions, ExamAction::ToggleMark);
            }
        });
        ui.add_space(4.0);
    });
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .show(ui, |ui| {
                let q = &entry.question;
                ui.label(
                    RichText::new(format!(
                        "第 {} 题 · {} · {} 分",
                        at + 1,
                        q.kind.label(),
                        entry.points
                    ))
                    .weak(),
                );
                ui.label(RichText::new(flow(&q.stem)).text_style(question_style()));
                super::question_image_ui(ui, image, q.image.as_deref());
                ui.add_space(10.0);
                if attempt.is_locked(at) {
                    ui.label(RichText::new("本题时间已到，不能再修改").color(WARNING_COLOR));
                }
                answer_ui(ui, run, actions);
                ui.add_space(8.0);
                ui.label(
                    RichText::new(super::answer_keys::help(q.kind, false))
                        .color(super::style::SECONDARY_TEXT),
                );
            });
    });
    if run.confirming {
        confirm_ui(ui, run, actions);
    } else {
        keys(ui, run, actions);
    }
}

fn card_ui(ui: &mut egui::Ui, run: &ExamRun, actions: &mut Vec<Action>) {
    let attempt = &run.attempt;
    ui.add_space(6.0);
    ui.label(RichText::new("答题卡").strong());
    let answered = attempt.paper().questions.len() - attempt.unanswered().len();
    ui.label(format!(
        "已答 {answered} / {}",
        attempt.paper().questions.len()
    ));
    egui::ScrollArea::vertical()
        .max_height(ui.available_height() - 120.0)
        .show(ui, |ui| {
            egui::Grid::new("card").spacing([6.0, 6.0]).show(ui, |ui| {
                for i in 0..attempt.paper().questions.len() {
                    let mut text = format!("{}", i + 1);
                    if attempt.is_marked(i) {
                        text.push('?');
                    }
                    let mut button = egui::Button::new(text)
                        .min_size(egui::vec2(40.0, 34.0))
                        .selected(i == attempt.position());
                    if attempt.is_marked(i) {
                        button = button.fill(MARKED_FILL);
                    } else if attempt.response(i).is_some() {
                        button = button.fill(ANSWERED_FILL);
                    }
                    if ui.add(button).clicked() {
                        send(actions, ExamAction::GoTo(i));
                    }
                    if (i + 1) % 5 == 0 {
                        ui.end_row();
                    }
                }
            });
        });
    ui.label(RichText::new("绿色：已答　黄色带?：已标记").small().weak());
    ui.add_space(8.0);
    let submit = egui::Button::new(
        RichText::new("交卷")
            .size(22.0)
            .strong()
            .color(Color32::WHITE),
    )
    .fill(PRIMARY_COLOR)
    .min_size(egui::vec2(ui.available_width(), 44.0));
    if ui.add(submit).clicked() {
        send(actions, ExamAction::RequestSubmit);
    }
}

fn answer_ui(ui: &mut egui::Ui, run: &ExamRun, actions: &mut Vec<Action>) {
    let attempt = &run.attempt;
    let at = attempt.position();
    let q = &attempt.paper().questions[at].question;
    let response = attempt.response(at);
    let width = ui.available_width().min(900.0);
    match q.kind {
        Kind::Single | Kind::Multiple => {
            if q.kind == Kind::Multiple {
                ui.label(RichText::new("（多选，选出全部正确选项）").weak());
            }
            let chosen: &[usize] = match response {
                Some(Response::Choice(c)) => c,
                _ => &[],
            };
            for (i, option) in q.options.iter().enumerate() {
                let button = egui::Button::new(
                    RichText::new(flow(&format!("{}. {option}", option_letter(i)))).size(22.0),
                )
                .selected(chosen.contains(&i))
                .wrap()
                .min_size(egui::vec2(width, 44.0));
                if ui.add(button).clicked() {
                    send(actions, ExamAction::Choose(i));
                }
            }
        }
        Kind::TrueFalse => {
            ui.horizontal(|ui| {
                for (truth, text) in [(true, "对"), (false, "错")] {
                    let selected = response == Some(&Response::TrueFalse(truth));
                    let button = egui::Button::new(RichText::new(text).size(22.0))
                        .selected(selected)
                        .min_size(egui::vec2(160.0, 44.0));
                    if ui.add(button).clicked() {
                        send(actions, ExamAction::Truth(truth));
                    }
                }
            });
        }
        Kind::Blank => {
            for i in 0..q.blank_count() {
                let mut text = match response {
                    Some(Response::Blanks(b)) => b.get(i).cloned().unwrap_or_default(),
                    _ => String::new(),
                };
                ui.horizontal(|ui| {
                    if q.blank_count() > 1 {
                        ui.label(format!("第 {} 空", i + 1));
                    }
                    let edit = egui::TextEdit::singleline(&mut text)
                        .font(egui::TextStyle::Heading)
                        .desired_width(width.min(480.0));
                    if ui.add(edit).changed() {
                        send(actions, ExamAction::Blank(i, text.clone()));
                    }
                });
            }
        }
        Kind::Open => {
            let mut text = match response {
                Some(Response::Text(t)) => t.clone(),
                _ => String::new(),
            };
            ui.label("请写出你的回答（交卷后由评分人评分）：");
            let edit = egui::TextEdit::multiline(&mut text)
                .desired_rows(6)
                .desired_width(width);
            if ui.add(edit).changed() {
                send(actions, ExamAction::Text(text));
            }
        }
    }
}

fn confirm_ui(ui: &mut egui::Ui, run: &ExamRun, actions: &mut Vec<Action>) {
    let unanswered = run.attempt.unanswered();
    let marked: Vec<usize> = (0..run.attempt.paper().questions.len())
        .filter(|&i| run.attempt.is_marked(i))
        .collect();
    let list = |items: &[usize]| {
        items
            .iter()
            .map(|i| (i + 1).to_string())
            .collect::<Vec<_>>()
            .join("、")
    };
    egui::Modal::new(egui::Id::unique("confirm-submit")).show(ui.ctx(), |ui| {
        ui.set_max_width(560.0);
        ui.heading("确定交卷吗？");
        if unanswered.is_empty() {
            ui.label("所有题目都已作答。");
        } else {
            ui.label(
                RichText::new(flow(&format!(
                    "还有 {} 题未作答：第 {} 题",
                    unanswered.len(),
                    list(&unanswered)
                )))
                .color(ERROR_COLOR),
            );
        }
        if !marked.is_empty() {
            ui.label(
                RichText::new(flow(&format!("标记待检查的题：第 {} 题", list(&marked))))
                    .color(WARNING_COLOR),
            );
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("继续答题").clicked() {
                send(actions, ExamAction::CancelSubmit);
            }
            if ui
                .add(
                    egui::Button::new(RichText::new("确定交卷").strong().color(Color32::WHITE))
                        .fill(PRIMARY_COLOR),
                )
                .clicked()
            {
                send(actions, ExamAction::Submit);
            }
        });
    });
}

/// A–H / 1–8 choose, T/F answer, ← → move; letters are left alone while typing.
fn keys(ui: &mut egui::Ui, run: &ExamRun, actions: &mut Vec<Action>) {
    let typing = ui.ctx().text_edit_focused();
    let at = run.attempt.position();
    let count = run.attempt.paper().questions.len();
    let kind = run.attempt.paper().questions[at].question.kind;
    ui.input(|input| {
        if typing {
            return;
        }
        if super::answer_keys::pressed(input, &super::answer_keys::NEXT) && at + 1 < count {
            send(actions, ExamAction::GoTo(at + 1));
        }
        if super::answer_keys::pressed(input, &super::answer_keys::PREVIOUS) && at > 0 {
            send(actions, ExamAction::GoTo(at - 1));
        }
        match kind {
            Kind::Single | Kind::Multiple => {
                for i in super::answer_keys::choices(input) {
                    send(actions, ExamAction::Choose(i));
                }
            }
            Kind::TrueFalse => {
                if let Some(truth) = super::answer_keys::truth(input) {
                    send(actions, ExamAction::Truth(truth));
                }
            }
            Kind::Blank | Kind::Open => {}
        }
    });
}
