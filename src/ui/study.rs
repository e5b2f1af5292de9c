//! 学习中心: one participant's daily set, challenge record, wrong-answer book, favourites and
//! today's review, each one click from a session.

use eframe::egui;
use egui::RichText;

use crate::app::study_flow::{StudyAction, StudyMode};
use crate::app::{Action, AppState};
use crate::core::study;

use super::home::{ERROR_COLOR, PRIMARY_COLOR};

fn send(actions: &mut Vec<Action>, action: StudyAction) {
    actions.push(Action::Study(action));
}

/// The study screen.
pub fn study_ui(ui: &mut egui::Ui, state: &AppState, actions: &mut Vec<Action>) {
    super::back_header_ui(ui, "study-top", "每日学习", actions);
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
            participant_ui(ui, state, actions);
            let s = &state.study;
            if s.participant.is_none() {
                ui.label("请先选择学习者：每个人的错题本、复习计划和挑战纪录各自独立。");
                return;
            }
            if let Some(notice) = &s.notice {
                ui.label(RichText::new(notice).color(ERROR_COLOR).strong());
            }
            let daily_status = if s.daily_done { "今日已完成" } else { "今日未完成" };
            card_ui(
                ui,
                StudyMode::Daily,
                &format!("每天 {} 题：先出没做过的题，再出常答错的题。{daily_status}", study::DAILY_SIZE),
                &format!("开始每日答题（{} 题）", s.daily.len()),
                !s.daily.is_empty(),
                actions,
            );
            card_ui(
                ui,
                StudyMode::Challenge,
                &format!(
                    "一题 {} 秒，一直答到答错或超时为止。最佳纪录：连续答对 {} 题",
                    study::CHALLENGE_SECS,
                    s.best_streak
                ),
                "开始挑战",
                true,
                actions,
            );
            card_ui(
                ui,
                StudyMode::WrongBook,
                &format!(
                    "错题本共 {} 题：答错的题自动收入，连续答对 {} 次后移出",
                    s.wrong_book.len(),
                    study::WRONG_BOOK_EXIT
                ),
                &format!("重练错题（{} 题）", s.wrong_book.len()),
                !s.wrong_book.is_empty(),
                actions,
            );
            card_ui(
                ui,
                StudyMode::Favourites,
                &format!("收藏共 {} 题：练习时点“收藏”加入，再点一次移出", s.favourites.len()),
                &format!("练习收藏（{} 题）", s.favourites.len()),
                !s.favourites.is_empty(),
                actions,
            );
            card_ui(
                ui,
                StudyMode::Review,
                &format!(
                    "按记忆规律（SM-2）安排复习：答对的题间隔越来越长，答错的题第二天再练。今日待复习 {} 题",
                    s.due.len()
                ),
                &format!("开始复习（{} 题）", s.due.len()),
                !s.due.is_empty(),
                actions,
            );
            ui.label(
                RichText::new("出题范围为首页所选的题库。每道题的作答都记入成绩记录。").weak(),
            );
        });
    });
}

fn participant_ui(ui: &mut egui::Ui, state: &AppState, actions: &mut Vec<Action>) {
    let chosen = state
        .study
        .participant
        .and_then(|id| state.shared.directory.people.iter().find(|p| p.id == id))
        .map_or("（请选择）".to_string(), person_text);
    ui.horizontal(|ui| {
        let label = ui.label("学习者");
        egui::ComboBox::from_id_salt("study-participant")
            .selected_text(chosen)
            .width(280.0)
            .show_ui(ui, |ui| {
                for person in state.shared.directory.people.iter().filter(|p| !p.archived) {
                    let on = state.study.participant == Some(person.id);
                    if ui.selectable_label(on, person_text(person)).clicked() {
                        send(actions, StudyAction::Participant(Some(person.id)));
                    }
                }
            })
            .response
            .labelled_by(label.id);
        if state.shared.directory.people.is_empty() {
            ui.label(RichText::new("名单为空：请先在“人员管理”中添加人员").color(ERROR_COLOR));
        }
    });
}

fn person_text(person: &crate::storage::people::Participant) -> String {
    match &person.branch_name {
        Some(branch) => format!("{}（{branch}）", person.name),
        None => person.name.clone(),
    }
}

fn card_ui(
    ui: &mut egui::Ui,
    mode: StudyMode,
    text: &str,
    button: &str,
    enabled: bool,
    actions: &mut Vec<Action>,
) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new(mode.title()).heading());
        ui.add(egui::Label::new(text).wrap());
        let start = egui::Button::new(RichText::new(button).strong().color(egui::Color32::WHITE))
            .fill(PRIMARY_COLOR);
        if ui.add_enabled(enabled, start).clicked() {
            send(actions, StudyAction::Start(mode));
        }
    });
}
