//! 练习: one question at a time, answered by mouse or keys, with instant feedback.

use std::time::Duration;

use eframe::egui;
use egui::{Color32, Key, RichText};

use crate::app::Action;
use crate::app::PracticeAction;
use crate::core::bank::{Answer, Kind, Question, option_letter};
use crate::core::practice::{Outcome, Session};
use crate::ui::home::ERROR_COLOR;
use crate::ui::style::question_style;
use crate::ui::typeset::flow;

/// Green for right answers.
pub const RIGHT_COLOR: Color32 = Color32::from_rgb(0x1B, 0x7A, 0x2E);

/// The practice commands that have a button and a key; both come from here so they never drift apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    /// Submit the answer.
    Submit,
    /// Next question.
    Next,
    /// Previous question.
    Previous,
    /// End the session.
    Finish,
    /// Open question: I was right.
    JudgeRight,
    /// Open question: I was wrong.
    JudgeWrong,
}

impl Command {
    /// The button text, without the key.
    pub fn label(self) -> &'static str {
        match self {
            Command::Submit => "提交",
            Command::Next => "下一题",
            Command::Previous => "上一题",
            Command::Finish => "结束练习",
            Command::JudgeRight => "我答对了",
            Command::JudgeWrong => "没答对",
        }
    }

    /// The keys that trigger it; the first is shown on the button.
    pub fn keys(self) -> &'static [Key] {
        match self {
            Command::Submit => &[Key::Enter],
            Command::Next => &super::answer_keys::NEXT,
            Command::Previous => &super::answer_keys::PREVIOUS,
            Command::Finish => &[Key::Escape],
            Command::JudgeRight => &[Key::T],
            Command::JudgeWrong => &[Key::F],
        }
    }

    /// The button text with its key: `提交（Enter）`.
    pub fn button_text(self) -> String {
        let key = match self.keys().first() {
            Some(Key::ArrowRight) => "→",
            Some(Key::ArrowLeft) => "←",
            Some(Key::Escape) => "Esc",
            Some(key) => key.name(),
            None => "",
        };
        format!("{}（{key}）", self.label())
    }

    fn action(self) -> Action {
        match self {
            Command::Submit => Action::Practice(PracticeAction::Submit),
            Command::Next => Action::Practice(PracticeAction::Next),
            Command::Previous => Action::Practice(PracticeAction::Previous),
            Command::Finish => Action::Practice(PracticeAction::Finish),
            Command::JudgeRight => Action::Practice(PracticeAction::Judge(true)),
            Command::JudgeWrong => Action::Practice(PracticeAction::Judge(false)),
        }
    }

    fn pressed(self, input: &egui::InputState) -> bool {
        self.keys().iter().any(|&key| input.key_pressed(key))
    }
}

/// The practice screen.
pub fn practice_ui(
    ui: &mut egui::Ui,
    session: &Session,
    image: Option<&std::path::Path>,
    favourite: Option<bool>,
    now: Duration,
    actions: &mut Vec<Action>,
) {
    let item = session.item();
    let question = &item.question;
    let outcome = session.outcome();

    egui::Panel::top("practice-top").show(ui, |ui| {
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(format!(
                    "第 {} / {} 题",
                    session.position() + 1,
                    session.len()
                ))
                .strong(),
            );
            ui.label(format!("{} · {}", question.kind.label(), question.category));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                command_button(ui, Command::Finish, true, actions);
                if let Some(on) = favourite {
                    let text = if on { "★ 已收藏" } else { "☆ 收藏" };
                    if ui
                        .button(text)
                        .on_hover_text("收藏的题可在“每日学习”中再练")
                        .clicked()
                    {
                        actions.push(Action::Study(
                            crate::app::study_flow::StudyAction::ToggleFavourite,
                        ));
                    }
                }
            });
        });
        if session.is_challenge() {
            challenge_line_ui(ui, session, now);
        }
        ui.horizontal(|ui| {
            ui.label(RichText::new(&item.bank_title).weak());
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let summary = session.summary(now);
                ui.label(format!(
                    "已答 {} · 答对 {} · 用时 {}",
                    summary.answered,
                    summary.correct,
                    super::clock_text(summary.elapsed)
                ));
            });
        });
        // The clock above moves once a second; nothing else needs a repaint while the learner thinks.
        ui.ctx().request_repaint_after(Duration::from_secs(1));
        let progress = (session.position() + 1) as f32 / session.len().max(1) as f32;
        ui.add(egui::ProgressBar::new(progress).desired_height(6.0));
        ui.add_space(2.0);
    });

    egui::Panel::bottom("practice-bottom").show(ui, |ui| {
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            // A challenge goes forward only: no going back, no skipping.
            let challenge = session.is_challenge();
            command_button(
                ui,
                Command::Previous,
                session.position() > 0 && !challenge,
                actions,
            );
            match outcome {
                None => command_button(ui, Command::Submit, session.can_submit(), actions),
                Some(o) if o.verdict.is_none() => {
                    command_button(ui, Command::JudgeRight, true, actions);
                    command_button(ui, Command::JudgeWrong, true, actions);
                }
                Some(_) => {
                    let next = if session.is_finished() {
                        "查看结果"
                    } else if session.is_last() {
                        "完成"
                    } else {
                        "下一题"
                    };
                    let text = format!("{next}（→）");
                    if ui.button(RichText::new(text).strong()).clicked() {
                        actions.push(Action::Practice(PracticeAction::Next));
                    }
                }
            }
            if outcome.is_none() && !challenge {
                command_button(ui, Command::Next, !session.is_last(), actions);
            }
        });
        ui.add_space(4.0);
        ui.label(RichText::new(key_help(question.kind)).small().weak());
    });

    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .show(ui, |ui| {
                ui.label(RichText::new(flow(&question.stem)).text_style(question_style()));
                super::question_image_ui(ui, image, question.image.as_deref());
                ui.add_space(12.0);
                answer_ui(ui, session, question, outcome, actions);
                if let Some(outcome) = outcome {
                    ui.add_space(12.0);
                    feedback_ui(ui, question, outcome);
                }
            });
    });

    keys(ui, session, outcome, actions);
}

/// 挑战答题: the streak so far and the time left on this question.
fn challenge_line_ui(ui: &mut egui::Ui, session: &Session, now: Duration) {
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(format!("挑战答题 · 已连续答对 {} 题", session.streak()))
                .strong()
                .color(RIGHT_COLOR),
        );
        if let Some(left) = session.question_remaining(now) {
            let secs = left.as_secs_f64().ceil() as u64;
            let color = if secs <= 10 {
                ERROR_COLOR
            } else {
                Color32::from_gray(40)
            };
            ui.label(
                RichText::new(format!("本题剩余 {secs} 秒"))
                    .strong()
                    .color(color),
            );
        } else if session.is_finished() {
            ui.label(RichText::new("挑战结束").strong().color(ERROR_COLOR));
        }
    });
}

fn command_button(ui: &mut egui::Ui, command: Command, enabled: bool, actions: &mut Vec<Action>) {
    if ui
        .add_enabled(enabled, egui::Button::new(command.button_text()))
        .clicked()
    {
        actions.push(command.action());
    }
}

fn key_help(kind: Kind) -> String {
    super::answer_keys::help(kind, true)
}

fn answer_ui(
    ui: &mut egui::Ui,
    session: &Session,
    question: &Question,
    outcome: Option<&Outcome>,
    actions: &mut Vec<Action>,
) {
    let draft = session.draft();
    let width = ui.available_width().min(900.0);
    match question.kind {
        Kind::Single | Kind::Multiple => {
            if question.kind == Kind::Multiple {
                ui.label(RichText::new("（多选，选出全部正确选项）").weak());
            }
            for (index, option) in question.options.iter().enumerate() {
                let chosen = draft.choices.contains(&index);
                let mut text = flow(&format!("{}. {option}", option_letter(index))).into_owned();
                let fill = outcome.map(|_| {
                    let right = matches!(&question.answer, Answer::Choice(c) if c.contains(&index));
                    // Words as well as colours: a colour-blind learner and a dim projector need both.
                    match (right, chosen) {
                        (true, true) => text.push_str("    ✓ 选对"),
                        // 漏选 is a multiple-choice word: a single answer was simply not chosen.
                        (true, false) if question.kind == Kind::Multiple => {
                            text.push_str("    漏选（正确答案）")
                        }
                        (true, false) => text.push_str("    ← 正确答案"),
                        (false, true) => text.push_str("    错选"),
                        (false, false) => {}
                    }
                    fill_for(right, chosen)
                });
                if choice_button(ui, text, chosen, fill, width) && outcome.is_none() {
                    actions.push(Action::Practice(PracticeAction::Choose(index)));
                }
            }
        }
        Kind::TrueFalse => {
            ui.horizontal(|ui| {
                for (truth, text) in [(true, "对"), (false, "错")] {
                    let chosen = draft.truth == Some(truth);
                    let fill = outcome.map(|_| {
                        let right = question.answer == Answer::TrueFalse(truth);
                        fill_for(right, chosen)
                    });
                    if choice_button(ui, text.to_owned(), chosen, fill, 160.0) && outcome.is_none()
                    {
                        actions.push(Action::Practice(PracticeAction::ChooseTruth(truth)));
                    }
                }
            });
        }
        Kind::Blank => {
            for (index, typed) in draft.blanks.iter().enumerate() {
                ui.horizontal(|ui| {
                    let name = if draft.blanks.len() > 1 {
                        format!("第 {} 空", index + 1)
                    } else {
                        "答案".to_owned()
                    };
                    let label = ui.label(name);
                    let mut text = typed.clone();
                    let edit = egui::TextEdit::singleline(&mut text)
                        .desired_width(width.min(480.0))
                        .font(egui::TextStyle::Heading)
                        .hint_text("在此输入答案")
                        .interactive(outcome.is_none());
                    let response = ui.add(edit).labelled_by(label.id);
                    // Focus the first blank once per question, so the learner can type at once.
                    let focus_key = egui::Id::unique("blank-focused-for");
                    let position = session.position();
                    if outcome.is_none()
                        && index == 0
                        && ui.data(|d| d.get_temp::<usize>(focus_key)) != Some(position)
                    {
                        response.request_focus();
                        ui.data_mut(|d| d.insert_temp(focus_key, position));
                    }
                    if response.changed() {
                        actions.push(Action::Practice(PracticeAction::SetBlank(index, text)));
                    }
                });
            }
        }
        Kind::Open => {
            if outcome.is_none() {
                ui.label("先想一想或说出你的答案，再提交查看参考答案，并如实评判自己。");
            }
        }
    }
}

fn fill_for(right: bool, chosen: bool) -> Option<Color32> {
    match (right, chosen) {
        (true, true) => Some(Color32::from_rgb(0xC8, 0xEB, 0xCF)),
        (true, false) => Some(Color32::from_rgb(0xF9, 0xE3, 0xB0)),
        (false, true) => Some(Color32::from_rgb(0xF6, 0xC9, 0xC9)),
        (false, false) => None,
    }
}

/// A big option button; returns true when clicked.
fn choice_button(
    ui: &mut egui::Ui,
    text: String,
    chosen: bool,
    fill: Option<Option<Color32>>,
    width: f32,
) -> bool {
    let mut button = egui::Button::new(RichText::new(text).size(22.0))
        .selected(chosen)
        .wrap()
        .min_size(egui::vec2(width, 44.0));
    if let Some(Some(color)) = fill {
        button = button.fill(color);
    }
    ui.add(button).clicked()
}

fn feedback_ui(ui: &mut egui::Ui, question: &Question, outcome: &Outcome) {
    egui::Frame::group(ui.style())
        .inner_margin(12.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            match outcome.verdict {
                Some(verdict) if verdict.is_correct() => {
                    ui.label(
                        RichText::new("✓ 回答正确")
                            .size(26.0)
                            .strong()
                            .color(RIGHT_COLOR),
                    );
                }
                Some(_) if outcome.response.is_none() && question.kind != Kind::Open => {
                    ui.label(
                        RichText::new("超时未答，计为答错")
                            .size(26.0)
                            .strong()
                            .color(ERROR_COLOR),
                    );
                }
                Some(_) => {
                    ui.label(
                        RichText::new("回答错误")
                            .size(26.0)
                            .strong()
                            .color(ERROR_COLOR),
                    );
                }
                None => {
                    ui.label(
                        RichText::new("参考答案如下，请评判自己的回答")
                            .size(22.0)
                            .strong(),
                    );
                }
            }
            let title = if question.kind == Kind::Open {
                "参考答案"
            } else {
                "正确答案"
            };
            ui.label(
                RichText::new(flow(&format!("{title}：{}", question.answer_display()))).size(22.0),
            );
            if let Some(explanation) = &question.explanation {
                ui.label(flow(&format!("解析：{explanation}")));
            }
            if let Some(source) = &question.source {
                ui.label(RichText::new(format!("出处：{source}")).weak());
            }
        });
}

/// The keyboard: A–H/1–8, T/F, Enter, arrows. Letters are left alone while a blank is being typed in.
fn keys(
    ui: &mut egui::Ui,
    session: &Session,
    outcome: Option<&Outcome>,
    actions: &mut Vec<Action>,
) {
    let typing = ui.ctx().text_edit_focused();
    let kind = session.item().question.kind;
    ui.input(|input| {
        if Command::Submit.pressed(input) {
            match outcome {
                None if session.can_submit() => {
                    actions.push(Action::Practice(PracticeAction::Submit))
                }
                Some(o) if o.verdict.is_some() => {
                    actions.push(Action::Practice(PracticeAction::Next))
                }
                _ => {}
            }
        }
        if typing {
            return;
        }
        for command in [Command::Next, Command::Previous, Command::Finish] {
            if command.pressed(input) {
                actions.push(command.action());
            }
        }
        if let Some(o) = outcome {
            if o.verdict.is_none() {
                for command in [Command::JudgeRight, Command::JudgeWrong] {
                    if command.pressed(input) {
                        actions.push(command.action());
                    }
                }
            }
            return;
        }
        match kind {
            Kind::Single | Kind::Multiple => {
                for index in super::answer_keys::choices(input) {
                    actions.push(Action::Practice(PracticeAction::Choose(index)));
                }
            }
            Kind::TrueFalse => {
                if let Some(truth) = super::answer_keys::truth(input) {
                    actions.push(Action::Practice(PracticeAction::ChooseTruth(truth)));
                }
            }
            Kind::Blank | Kind::Open => {}
        }
    });
}
