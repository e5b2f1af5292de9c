//! The screens. Each reads the state and returns the [`Action`]s the user took; none changes state.

pub mod about;
pub mod answer_keys;
pub mod charts;
pub mod competition_setup;
pub mod display;
mod display_parts;
pub mod editor;
pub mod exam;
pub mod exam_result;
pub mod exam_setup;
pub mod fonts;
pub mod home;
pub mod host;
pub mod host_side;
pub mod import;
pub mod people;
pub mod practice;
pub mod records;
pub mod standings;
pub mod study;
pub mod style;
pub mod summary;
pub mod typeset;

use std::time::Duration;

use eframe::egui;

use crate::app::{Action, AppState, ExamAction, Screen};
use egui::RichText;

/// Prepares a new egui context: fonts that render Chinese, big type, and loaders for question pictures.
pub fn setup(ctx: &egui::Context) {
    fonts::install(ctx);
    style::apply(ctx);
    egui_extras::install_image_loaders(ctx);
}

/// Draws the current screen and any message over it.
pub fn app_ui(ui: &mut egui::Ui, state: &AppState, now: Duration) -> Vec<Action> {
    let mut actions = Vec::new();
    // Files dropped anywhere but on the people screen (which takes lists of people) and the
    // standings (which take records packages) are banks.
    if !matches!(state.screen, Screen::People | Screen::Standings) && state.shared.library.is_some()
    {
        let dropped = dropped_files(ui);
        if !dropped.is_empty() {
            actions.push(Action::Import(
                crate::app::import_flow::ImportAction::Start(dropped),
            ));
        }
    }
    // Each screen its own ids: a scroll area is not where another screen left its own.
    ui.push_id(state.screen, |ui| match state.screen {
        Screen::Home => home::home_ui(ui, state, &mut actions),
        Screen::Practice => match &state.practice.session {
            Some(session) => {
                let item = session.item();
                let image = state
                    .shared
                    .image_path(&item.bank_id, item.question.image.as_deref());
                let favourite = state
                    .practice
                    .participant
                    .filter(|_| state.shared.records.is_some())
                    .map(|_| {
                        let key = (item.bank_id.clone(), item.question.id.clone());
                        state.study.favourites.contains(&key)
                    });
                practice::practice_ui(ui, session, image.as_deref(), favourite, now, &mut actions)
            }
            None => actions.push(Action::Home),
        },
        Screen::Summary => match &state.practice.session {
            Some(session) => summary::summary_ui(
                ui,
                session,
                state.practice.study_mode().is_some(),
                now,
                &mut actions,
            ),
            None => actions.push(Action::Home),
        },
        Screen::ExamSetup => exam_setup::exam_setup_ui(ui, state, &mut actions),
        Screen::People => people::people_ui(ui, state, &mut actions),
        Screen::Import => import::import_ui(ui, state, &mut actions),
        Screen::Editor => match &state.editor.editor {
            Some(editor) => editor::editor_ui(ui, editor, &mut actions),
            None => actions.push(Action::Home),
        },
        Screen::Records => records::records_ui(ui, state, &mut actions),
        Screen::Exam => match &state.exam.run {
            Some(run) => {
                let entry = &run.attempt.paper().questions[run.attempt.position()];
                let image = state
                    .shared
                    .image_path(&entry.bank_id, entry.question.image.as_deref());
                exam::exam_ui(ui, run, image.as_deref(), now, &mut actions)
            }
            None => actions.push(Action::Home),
        },
        Screen::ExamResult => match &state.exam.run {
            Some(run) => exam_result::exam_result_ui(ui, run, now, &mut actions),
            None => actions.push(Action::Home),
        },
        Screen::CompetitionSetup => {
            competition_setup::competition_setup_ui(ui, state, &mut actions)
        }
        Screen::Host => host::host_ui(ui, state, state.shared.wall_ms(now), &mut actions),
        Screen::Study => study::study_ui(ui, state, &mut actions),
        Screen::Standings => standings::standings_ui(ui, state, &mut actions),
        Screen::About => about::about_ui(ui, state, &mut actions),
    });
    let audience_only = state.screen == Screen::Host
        && state
            .competition
            .run
            .as_ref()
            .is_some_and(|r| r.display.audience_only);
    host::main_fullscreen_ui(ui.ctx(), audience_only);
    if state.shared.library.is_some() && state.screen == Screen::Home && state.message.is_none() {
        if let Some(saved) = state.competition.unfinished.first() {
            resume_competition_ui(
                ui,
                saved,
                state.shared.clock.zone,
                state.competition.ending,
                &mut actions,
            );
        } else if let Some(unfinished) = state.exam.unfinished.first() {
            resume_ui(ui, state, unfinished, &mut actions);
        }
    }
    if let Some(running) = state.closing {
        closing_ui(ui, running, &mut actions);
    }
    if let Some(message) = &state.message {
        message_ui(ui, message, &mut actions);
    }
    actions
}

/// Asked when the window is closed during an exam or a competition.
fn closing_ui(ui: &mut egui::Ui, running: &str, actions: &mut Vec<Action>) {
    let modal = egui::Modal::new(egui::Id::unique("closing")).show(ui.ctx(), |ui| {
        ui.set_max_width(560.0);
        ui.heading(format!("{running}正在进行，要关闭程序吗？"));
        ui.label(format!(
            "已经作答和操作的每一步都已保存。关闭后，下次打开程序时会提示从中断处继续这场{running}。"
        ));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("关闭程序").clicked() {
                actions.push(Action::ConfirmClose(true));
            }
            let stay = egui::Button::new(RichText::new("继续").strong().color(egui::Color32::WHITE))
                .fill(home::PRIMARY_COLOR);
            if ui.add(stay).clicked() {
                actions.push(Action::ConfirmClose(false));
            }
        });
    });
    if modal.should_close() {
        actions.push(Action::ConfirmClose(false));
    }
}

fn resume_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    unfinished: &crate::storage::attempts::Unfinished,
    actions: &mut Vec<Action>,
) {
    egui::Modal::new(egui::Id::unique("resume")).show(ui.ctx(), |ui| {
        ui.set_max_width(600.0);
        ui.heading("发现未完成的考试");
        ui.label("上次程序意外关闭（如断电）时有一场考试尚未交卷。已作答的题目都已保存，可以继续考试，剩余时间从中断时算起。");
        ui.label(RichText::new(describe_unfinished(unfinished, &state.shared.directory.people)).size(20.0).strong());
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let resume = egui::Button::new(RichText::new("继续考试").strong().color(egui::Color32::WHITE)).fill(home::PRIMARY_COLOR);
            if ui.add(resume).clicked() {
                actions.push(Action::Exam(ExamAction::Resume(unfinished.id)));
            }
            if ui.button("不再继续，按已答题目结束").clicked() {
                actions.push(Action::Exam(ExamAction::Discard(unfinished.id)));
            }
        });
    });
}

fn resume_competition_ui(
    ui: &mut egui::Ui,
    saved: &crate::storage::competitions::SavedCompetition,
    zone: crate::core::time::Zone,
    ending: Option<i64>,
    actions: &mut Vec<Action>,
) {
    use crate::app::competition_flow::CompetitionAction;
    egui::Modal::new(egui::Id::unique("resume-competition")).show(ui.ctx(), |ui| {
        ui.set_max_width(600.0);
        ui.heading("发现未完成的竞赛");
        ui.label(format!(
            "竞赛“{}”（{} 开始）上次没有正常结束，例如断电。每一步操作和比分都已保存，可以从中断的题目继续，倒计时先暂停，由主持人继续。",
            saved.title,
            zone.clock(saved.started_ms)
        ));
        ui.label(format!("已记录 {} 步操作。", saved.events.len()));
        ui.add_space(8.0);
        if ending == Some(saved.id) {
            // One click next to 继续竞赛 must not end a competition: the host says it twice.
            ui.colored_label(
                home::WARNING_COLOR,
                "确定到此结束吗？结束后不能再继续；已得的比分会作为这场竞赛的成绩记下。",
            );
            row_ui(ui, |ui| {
                if ui.button("确定结束").clicked() {
                    actions.push(Action::Competition(CompetitionAction::Discard(saved.id)));
                }
                if ui.button("取消").clicked() {
                    actions.push(Action::Competition(CompetitionAction::AskDiscard(
                        saved.id, false,
                    )));
                }
            });
            return;
        }
        row_ui(ui, |ui| {
            let resume = egui::Button::new(RichText::new("继续竞赛").strong().color(egui::Color32::WHITE)).fill(home::PRIMARY_COLOR);
            if ui.add(resume).clicked() {
                actions.push(Action::Competition(CompetitionAction::Resume(saved.id)));
            }
            if ui.button("到此结束（按当前比分记成绩）").clicked() {
                actions.push(Action::Competition(CompetitionAction::AskDiscard(
                    saved.id, true,
                )));
            }
        });
    });
}

fn message_ui(ui: &mut egui::Ui, message: &str, actions: &mut Vec<Action>) {
    let modal = egui::Modal::new(egui::Id::unique("message")).show(ui.ctx(), |ui| {
        ui.set_max_width(520.0);
        ui.heading("提示");
        ui.label(message);
        ui.add_space(8.0);
        ui.button("知道了").clicked()
    });
    if modal.inner || modal.should_close() {
        actions.push(Action::DismissMessage);
    }
}

/// The files dropped on the window this frame.
pub fn dropped_files(ui: &egui::Ui) -> Vec<std::path::PathBuf> {
    ui.input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|f| f.path().to_path_buf())
            .collect()
    })
}

/// The keys that choose options A–H.
pub const LETTER_KEYS: [egui::Key; 8] = {
    use egui::Key::*;
    [A, B, C, D, E, F, G, H]
};

/// The keys that choose options 1–8.
pub const DIGIT_KEYS: [egui::Key; 8] = {
    use egui::Key::*;
    [Num1, Num2, Num3, Num4, Num5, Num6, Num7, Num8]
};

/// A question's picture under its stem, scaled to fit; a file that cannot be read shows egui's
/// own error in its place instead of failing.
pub fn question_image_ui(ui: &mut egui::Ui, path: Option<&std::path::Path>, wanted: Option<&str>) {
    if path.is_none()
        && let Some(name) = wanted
    {
        ui.label(
            RichText::new(format!(
                "（本题的图片“{name}”找不到，或不在题库所在的文件夹里）"
            ))
            .color(home::WARNING_COLOR),
        );
    }
    if let Some(path) = path {
        let uri = format!("file://{}", path.display());
        ui.add(
            egui::Image::new(uri)
                .alt_text("题目图片")
                .max_height(320.0)
                .max_width(ui.available_width().min(640.0)),
        );
    }
}

/// The top bar of a screen reached from the home screen: a way back, and the screen's name.
pub fn back_header_ui(ui: &mut egui::Ui, id: &'static str, title: &str, actions: &mut Vec<Action>) {
    egui::Panel::top(id).show(ui, |ui| {
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            if ui.button("← 返回首页").clicked() {
                actions.push(Action::Home);
            }
            ui.heading(title);
        });
        ui.add_space(2.0);
    });
}

/// A report's problems, errors in red and warnings in amber: the first few, and the rest folded
/// under a header so that every one kept can be read in the app, then how many were not kept.
pub fn problems_ui(
    ui: &mut egui::Ui,
    id_salt: impl std::hash::Hash + std::fmt::Debug,
    report: &crate::core::load::LoadReport,
) {
    const SHOWN: usize = 12;
    // Errors first: they are what stops a question.
    let problems: Vec<&crate::core::error::Problem> =
        report.errors().chain(report.warnings()).collect();
    let line = |ui: &mut egui::Ui, problem: &crate::core::error::Problem| {
        let color = match problem.severity {
            crate::core::error::Severity::Error => home::ERROR_COLOR,
            crate::core::error::Severity::Warning => home::WARNING_COLOR,
        };
        ui.label(RichText::new(problem.to_string()).color(color));
    };
    for problem in problems.iter().take(SHOWN) {
        line(ui, problem);
    }
    if problems.len() > SHOWN {
        egui::CollapsingHeader::new(format!("其余 {} 个问题", problems.len() - SHOWN))
            .id_salt(id_salt)
            .show(ui, |ui| {
                for problem in &problems[SHOWN..] {
                    line(ui, problem);
                }
            });
    }
    if report.omitted() > 0 {
        ui.label(
            RichText::new(format!("还有 {} 处问题未列出", report.omitted()))
                .color(home::ERROR_COLOR),
        );
    }
}

/// A one-line description of an interrupted exam for the resume prompt.
pub fn describe_unfinished(
    unfinished: &crate::storage::attempts::Unfinished,
    people: &[crate::storage::people::Participant],
) -> String {
    let who = unfinished
        .participant_id
        .and_then(|id| people.iter().find(|p| p.id == id))
        .map(|p| p.name.clone())
        .unwrap_or_else(|| "匿名".to_owned());
    let answered = unfinished.answers.iter().filter(|a| a.is_some()).count();
    let used = Duration::from_millis(u64::try_from(unfinished.time_used_ms).unwrap_or(0));
    format!(
        "{who} · {} · 已答 {answered}/{} 题 · 已用时 {}",
        unfinished.title,
        unfinished.questions.len(),
        clock_text(used)
    )
}

/// A field to type a file's path into, with a button that uses it: for every place that opens
/// files, since a system dialog cannot always be shown. The edited text and whether the button was
/// pressed (or Enter in the field).
pub fn typed_path_ui(
    ui: &mut egui::Ui,
    label: &str,
    text: &str,
    button: &str,
) -> (Option<String>, bool) {
    let mut edited = text.to_owned();
    let mut go = false;
    ui.horizontal(|ui| {
        let label = ui.label(label);
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut edited).desired_width(ui.available_width() - 120.0),
            )
            .labelled_by(label.id);
        go = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        go |= ui
            .add_enabled(!edited.trim().is_empty(), egui::Button::new(button))
            .clicked();
    });
    let go = go && !edited.trim().is_empty();
    ((edited != text).then_some(edited), go)
}

/// The file a typed path names: without the spaces and the quotes that Windows' "复制文件地址"
/// (and many chat programs) put around it.
pub fn typed_path(text: &str) -> std::path::PathBuf {
    let text = text.trim();
    let unquoted = [('"', '"'), ('\'', '\''), ('“', '”')]
        .iter()
        .find_map(|&(open, close)| text.strip_prefix(open)?.strip_suffix(close))
        .unwrap_or(text);
    unquoted.trim().into()
}

/// A line about what just happened on this screen: green when it went well, red when not.
pub fn notice_ui(ui: &mut egui::Ui, notice: &crate::app::Notice) {
    let color = if notice.is_error {
        home::ERROR_COLOR
    } else {
        home::SUCCESS_COLOR
    };
    ui.label(RichText::new(&notice.text).strong().color(color));
}

/// The colour of a score: green from 60 % (a pass), red below, so 0 / 100 never looks like success.
pub fn score_color(got: f64, of: f64) -> egui::Color32 {
    if of > 0.0 && got / of >= 0.6 {
        home::SUCCESS_COLOR
    } else {
        home::ERROR_COLOR
    }
}

/// A row of controls that wraps onto more rows when the window is narrow. A label in it never
/// breaks inside ("提前按/键扣"): it moves to the next row whole. Paragraphs are not rows.
pub fn row_ui<R>(
    ui: &mut egui::Ui,
    add: impl FnOnce(&mut egui::Ui) -> R,
) -> egui::InnerResponse<R> {
    ui.horizontal_wrapped(|ui| {
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
        add(ui)
    })
}

/// Minutes and seconds, as people read a stopwatch: `03:07`, or `1:03:07` past an hour.
pub fn clock_text(elapsed: Duration) -> String {
    let secs = elapsed.as_secs();
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_text_reads_like_a_stopwatch() {
        assert_eq!(clock_text(Duration::from_secs(0)), "00:00");
        assert_eq!(clock_text(Duration::from_secs(187)), "03:07");
        assert_eq!(clock_text(Duration::from_secs(3787)), "1:03:07");
    }

    #[test]
    fn a_typed_path_loses_its_spaces_and_quotes() {
        for typed in [
            r#" "D:\党史 竞赛\名单.csv" "#,
            "'D:\\党史 竞赛\\名单.csv'",
            "“D:\\党史 竞赛\\名单.csv”",
            "D:\\党史 竞赛\\名单.csv\n",
        ] {
            assert_eq!(
                typed_path(typed),
                std::path::Path::new("D:\\党史 竞赛\\名单.csv")
            );
        }
        assert_eq!(
            typed_path("\"半个引号.csv"),
            std::path::Path::new("\"半个引号.csv")
        );
    }
}
