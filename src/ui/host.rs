//! The host console: the question with its answer (the host sees it all along), every host action
//! as a button showing its key, the scoreboard with manual adjustment, the audit log, and the
//! display's settings with a preview. The audience display is [`super::display`].

use eframe::egui;
use egui::{Color32, RichText};

use crate::app::competition_flow::{
    CompetitionAction, CompetitionRun, DisplaySettings, Theme, WindowPlace, buzzer_key,
};
use crate::app::host_action::HostAction;
use crate::app::{Action, AppState};
use crate::core::competition::{Phase, RoundKind};

use super::home::{ERROR_COLOR, PRIMARY_COLOR};
use crate::ui::typeset::flow;

/// The viewport of the audience display.
pub fn display_viewport_id() -> egui::ViewportId {
    egui::ViewportId::from_hash_of("audience-display")
}

fn send(actions: &mut Vec<Action>, action: CompetitionAction) {
    actions.push(Action::Competition(action));
}

/// The host console.
pub fn host_ui(ui: &mut egui::Ui, state: &AppState, now_ms: i64, actions: &mut Vec<Action>) {
    let Some(run) = &state.competition.run else {
        actions.push(Action::Home);
        return;
    };
    keys_ui(ui, run, actions);
    if run.display.audience_only {
        audience_only_ui(ui, state, run, now_ms, actions);
        return;
    }
    top_ui(ui, run, actions);
    egui::Panel::right("host-side")
        .resizable(true)
        .default_size(340.0)
        .show(ui, |ui| {
            super::host_side::side_ui(ui, run, state.shared.clock.zone, actions)
        });
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .show(ui, |ui| {
                // The buttons first: on a 768-line laptop they must never scroll away.
                controls_ui(ui, state, run, actions);
                question_ui(ui, run, now_ms);
                ui.separator();
                display_settings_ui(ui, run, actions);
                if run.display.preview {
                    let view = run.view(now_ms);
                    let image = image_of(state, &view);
                    let width = ui.available_width().min(560.0);
                    let (rect, _) = ui.allocate_exact_size(
                        egui::vec2(width, width * 9.0 / 16.0),
                        egui::Sense::hover(),
                    );
                    // The preview is the real display drawn small; it is not what the audience sees
                    // when the display window is open, so it carries no text of its own to the
                    // accessibility tree beyond the display's own.
                    ui.scope_builder(egui::UiBuilder::new().max_rect(rect), |ui| {
                        super::display::display_ui(ui, &view, &run.display, image.as_deref());
                    });
                }
            });
    });
    if run.display.window {
        display_window_ui(ui.ctx(), state, run, now_ms, actions);
    } else {
        ui.data_mut(|d| d.remove::<Option<WindowPlace>>(opened_at_id()));
    }
}

/// The main window as the audience display (one mirrored screen): no answer, no console; Esc
/// brings the console back.
fn audience_only_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    run: &CompetitionRun,
    now_ms: i64,
    actions: &mut Vec<Action>,
) {
    if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        send(
            actions,
            CompetitionAction::Display(DisplaySettings {
                audience_only: false,
                ..run.display
            }),
        );
    }
    let view = run.view(now_ms);
    let image = image_of(state, &view);
    egui::CentralPanel::no_frame().show(ui, |ui| {
        let fit = super::display::display_ui(ui, &view, &run.display, image.as_deref());
        remember_fit(ui.ctx(), fit);
    });
}

/// The picture of the question on show, if it has one.
fn image_of(
    state: &AppState,
    view: &crate::core::competition::PublicView,
) -> Option<std::path::PathBuf> {
    let (bank, image) = view.image.as_ref()?;
    state.shared.image_path(bank, Some(image))
}

/// The audience display in its own window, which the host can put full screen on the projector.
fn display_window_ui(
    ctx: &egui::Context,
    state: &AppState,
    run: &CompetitionRun,
    now_ms: i64,
    actions: &mut Vec<Action>,
) {
    let view = run.view(now_ms);
    let image = image_of(state, &view);
    // The window opens where it was last (on the projector, after a restart too); the place is
    // read once when it opens, so following the window as it is dragged never moves it back.
    let opened_at = opened_at_id();
    let place = ctx.data_mut(|d| *d.get_temp_mut_or_insert_with(opened_at, || run.display.place));
    let mut builder = egui::ViewportBuilder::default()
        .with_title(format!("{} · 大屏", run.game.plan().title))
        .with_inner_size(place.map_or([1024.0, 640.0], |p| [p.width, p.height]))
        .with_fullscreen(run.display.fullscreen);
    if let Some(place) = place {
        builder = builder.with_position([place.x, place.y]);
    }
    ctx.show_viewport_immediate(display_viewport_id(), builder, |ui, _class| {
        // Buzzers and the clicker work whichever window has the focus. A window drawn inside
        // the main one shares its keys, which the console has read already.
        if !ui.ctx().embed_viewports() {
            keys_ui(ui, run, actions);
        }
        let (close, f11, esc, seen) = ui.input(|i| {
            let viewport = i.viewport();
            let seen = match (viewport.outer_rect, viewport.inner_rect) {
                (Some(outer), Some(inner)) if viewport.fullscreen != Some(true) => {
                    Some(WindowPlace {
                        x: outer.min.x,
                        y: outer.min.y,
                        width: inner.width(),
                        height: inner.height(),
                    })
                }
                _ => None,
            };
            (
                viewport.close_requested(),
                i.key_pressed(egui::Key::F11),
                i.key_pressed(egui::Key::Escape),
                seen,
            )
        });
        if let Some(seen) = seen
            && !run.display.place.is_some_and(|p| p.same_as(&seen))
            && !run.display.fullscreen
        {
            send(actions, CompetitionAction::DisplayPlace(seen));
        }
        if close {
            send(actions, CompetitionAction::DisplayWindow(false));
        } else if f11 {
            send(
                actions,
                CompetitionAction::DisplayFullscreen(!run.display.fullscreen),
            );
        } else if esc && run.display.fullscreen {
            send(actions, CompetitionAction::DisplayFullscreen(false));
        }
        egui::CentralPanel::no_frame().show(ui, |ui| {
            let fit = super::display::display_ui(ui, &view, &run.display, image.as_deref());
            remember_fit(ui.ctx(), fit);
        });
    });
}

/// Buzzers and host keys, in the order they were pressed within the frame. Runs before any
/// widget of the frame: a buzzer key always reaches the competition and is taken out of the input,
/// so a focused text field never types it; host keys act unless a text field has the focus (then
/// the console says so, and Esc leaves the field).
fn keys_ui(ui: &egui::Ui, run: &CompetitionRun, actions: &mut Vec<Action>) {
    let buzzers: Vec<Option<egui::Key>> = run
        .game
        .plan()
        .teams
        .iter()
        .map(|t| buzzer_key(&t.key))
        .collect();
    let stakes = run.game.round_plan().map_or(0, |r| {
        if r.kind == RoundKind::Risk {
            r.values.len()
        } else {
            0
        }
    });
    let host: Vec<HostAction> = HostAction::MAIN
        .into_iter()
        .chain(HostAction::stakes(stakes))
        .chain([HostAction::Bigger, HostAction::Smaller])
        .collect();
    let typing = ui.ctx().egui_wants_keyboard_input();
    let is_buzzer = |key: &egui::Key| buzzers.contains(&Some(*key));
    let buzzer_text = |text: &str| {
        buzzers
            .iter()
            .flatten()
            .any(|k| k.symbol_or_name().eq_ignore_ascii_case(text))
    };
    ui.ctx().input_mut(|input| {
        for event in &input.events {
            let egui::Event::Key {
                key,
                pressed: true,
                repeat: false,
                modifiers,
                ..
            } = event
            else {
                continue;
            };
            if modifiers.ctrl || modifiers.alt || modifiers.command {
                continue;
            }
            if let Some(team) = buzzers.iter().position(|b| *b == Some(*key)) {
                send(actions, CompetitionAction::Buzz(team));
            } else if typing {
                // The key goes to the text field; the console shows that typing has the focus.
            } else if let Some(action) = host.iter().find(|a| a.keys().contains(key)) {
                send(actions, CompetitionAction::Host(*action));
            }
        }
        input.events.retain(|event| match event {
            egui::Event::Key { key, modifiers, .. } => {
                !(is_buzzer(key) && !(modifiers.ctrl || modifiers.alt || modifiers.command))
            }
            egui::Event::Text(text) => !buzzer_text(text.trim()),
            _ => true,
        });
    });
}

/// While a text field has the focus, the host keys type: said where the host looks.
fn typing_notice_ui(ui: &mut egui::Ui, run: &CompetitionRun) {
    if !ui.ctx().egui_wants_keyboard_input() {
        return;
    }
    let keys: Vec<&str> = run
        .game
        .plan()
        .teams
        .iter()
        .map(|t| t.key.trim())
        .filter(|k| !k.is_empty())
        .collect();
    egui::Frame::new()
        .fill(Color32::from_rgb(0xFF, 0xF1, 0xC2))
        .inner_margin(6.0)
        .corner_radius(4)
        .show(ui, |ui| {
            ui.label(
                RichText::new(format!(
                    "正在输入文字：主持人快捷键暂停使用，按 Esc 结束输入。抢答键（{}）照常抢答，不会输入到文字中。",
                    keys.join("、")
                ))
                .color(Color32::from_rgb(0x5A, 0x3A, 0x00))
                .strong(),
            );
        });
}

fn top_ui(ui: &mut egui::Ui, run: &CompetitionRun, actions: &mut Vec<Action>) {
    egui::Panel::top("host-top").show(ui, |ui| {
        ui.add_space(4.0);
        super::row_ui(ui, |ui| {
            if ui
                .button("← 返回首页")
                .on_hover_text("竞赛会保留，可随时继续")
                .clicked()
            {
                send(actions, CompetitionAction::Leave);
            }
            ui.heading(&run.game.plan().title);
            if let Some(round) = run.game.round_plan() {
                ui.label(
                    RichText::new(format!("{}（第 {} 题）", round.title, run.game.asked)).strong(),
                );
            }
            ui.label(phase_text(run));
            if run.id.is_none() {
                ui.label(
                    RichText::new("成绩记录不可用：本场不会保存")
                        .color(ERROR_COLOR)
                        .strong(),
                );
            }
        });
        ui.add_space(2.0);
    });
}

/// Where the competition is, for the host.
fn phase_text(run: &CompetitionRun) -> String {
    let game = &run.game;
    match game.phase {
        Phase::Lobby => "未开始：按“下一步”进入第一个环节".into(),
        Phase::RoundIntro if game.round_plan().is_some_and(|r| r.kind == RoundKind::Risk) => {
            format!(
                "请 {} 选择分值",
                game.turn_team().map_or("", |t| game.team_name(t))
            )
        }
        Phase::RoundIntro => "环节介绍".into(),
        Phase::Staked { team, value } => {
            format!("{} 选了 {value} 分，按“下一步”出题", game.team_name(team))
        }
        Phase::Reading => "读题中：按“下一步”开始抢答".into(),
        Phase::BuzzOpen if game.others_may_buzz() => {
            "答错：其他队可以抢答，等待按键（R 公布答案）".into()
        }
        Phase::BuzzOpen => "抢答已开始，等待按键".into(),
        Phase::Answering { team } => format!("{} 答题中：J 答对 / K 答错", game.team_name(team)),
        Phase::Judged { right: false, .. } if game.can_reopen() => {
            "已判定答错：按“下一步”让其他队抢答，或按 R 公布答案".into()
        }
        Phase::Judged { right, .. } => format!("已判定{}", if right { "答对" } else { "答错" }),
        Phase::Voided => "本题作废".into(),
        Phase::Revealed
            if game.round_plan().is_some_and(|r| r.kind == RoundKind::Risk)
                && !game.round_complete() =>
        {
            format!(
                "已公布答案；请 {} 选择分值",
                game.turn_team().map_or("", |t| game.team_name(t))
            )
        }
        Phase::Revealed => "已公布答案".into(),
        Phase::Finished => "竞赛已结束".into(),
    }
}

fn question_ui(ui: &mut egui::Ui, run: &CompetitionRun, now_ms: i64) {
    let game = &run.game;
    if let Some(timer) = &game.timer {
        let secs = (timer.remaining_ms(now_ms) + 999) / 1000;
        let text = if timer.is_running() {
            format!("倒计时 {secs} 秒")
        } else {
            format!("倒计时 {secs} 秒（已暂停）")
        };
        let color = if secs <= 5 {
            ERROR_COLOR
        } else {
            Color32::from_gray(30)
        };
        ui.label(RichText::new(text).size(26.0).color(color).strong());
    }
    let Some(card) = &game.card else {
        if game.phase == Phase::Finished {
            final_table_ui(ui, run);
        }
        return;
    };
    ui.label(
        RichText::new(format!(
            "{} · {} · {}",
            card.kind.label(),
            card.category,
            card.id
        ))
        .weak(),
    );
    ui.add(
        egui::Label::new(
            RichText::new(flow(&card.stem)).text_style(super::style::question_style()),
        )
        .wrap(),
    );
    for (i, option) in card.options.iter().enumerate() {
        ui.label(flow(&format!(
            "{}. {option}",
            crate::core::bank::option_letter(i)
        )));
    }
    ui.label(
        RichText::new(format!("答案：{}", card.answer))
            .color(Color32::from_rgb(0x0A, 0x70, 0x2A))
            .strong(),
    );
    if let Some(explanation) = &card.explanation {
        ui.add(
            egui::Label::new(RichText::new(flow(&format!("解析：{explanation}"))).weak()).wrap(),
        );
    }
    let presses: Vec<String> = run
        .view(now_ms)
        .presses
        .iter()
        .map(|p| format!("{} {}", p.team, p.text))
        .collect();
    if !presses.is_empty() {
        ui.add(egui::Label::new(flow(&format!("按键：{}", presses.join("；")))).wrap());
    }
}

fn final_table_ui(ui: &mut egui::Ui, run: &CompetitionRun) {
    ui.heading("最终排名");
    for (place, team) in run.game.standings() {
        ui.label(
            RichText::new(format!(
                "第 {place} 名　{}　{} 分",
                run.game.team_name(team),
                run.game.scores[team]
            ))
            .size(22.0),
        );
    }
    ui.label("成绩已写入记录，可在“成绩记录”中导出“竞赛成绩”。");
}

fn controls_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    run: &CompetitionRun,
    actions: &mut Vec<Action>,
) {
    let game = &run.game;
    typing_notice_ui(ui, run);
    fit_notice_ui(ui);
    if let Some(notice) = &run.notice {
        ui.label(RichText::new(notice).color(ERROR_COLOR).strong());
    }
    let next_enabled = game.next_step().is_some();
    super::row_ui(ui, |ui| {
        for action in HostAction::MAIN {
            let enabled = match action {
                HostAction::Next => next_enabled,
                HostAction::Right | HostAction::Wrong => {
                    matches!(game.phase, Phase::Answering { .. })
                }
                HostAction::Reveal => {
                    matches!(game.phase, Phase::Judged { .. } | Phase::Voided)
                        || game.others_may_buzz()
                }
                HostAction::Pause | HostAction::AddTime => game.timer.is_some(),
                HostAction::Void => matches!(
                    game.phase,
                    Phase::Reading
                        | Phase::BuzzOpen
                        | Phase::Answering { .. }
                        | Phase::Judged { right: false, .. }
                ),
                HostAction::Undo => !game.events().is_empty(),
                _ => true,
            };
            let mut button = egui::Button::new(action.button_text());
            if action == HostAction::Next && enabled {
                button = egui::Button::new(
                    RichText::new(action.button_text())
                        .color(Color32::WHITE)
                        .strong(),
                )
                .fill(PRIMARY_COLOR);
            }
            if ui.add_enabled(enabled, button).clicked() {
                send(actions, CompetitionAction::Host(action));
            }
        }
    });
    if let Some(round) = game.round_plan().filter(|r| r.kind == RoundKind::Risk)
        && matches!(game.phase, Phase::RoundIntro | Phase::Revealed)
        && !game.round_complete()
    {
        super::row_ui(ui, |ui| {
            let team = game.turn_team().map_or("", |t| game.team_name(t));
            ui.label(format!("{team} 选择分值："));
            for action in HostAction::stakes(round.values.len()) {
                let HostAction::Stake(i) = action else {
                    continue;
                };
                if ui
                    .button(format!("{} 分（{}）", round.values[i], action.keys_text()))
                    .clicked()
                {
                    send(actions, CompetitionAction::Host(action));
                }
            }
        });
    }
    if let Phase::Answering { team } = game.phase {
        member_ui(ui, state, run, team, actions);
    }
}

/// Who answers for the team, so the records can credit the member.
fn member_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    run: &CompetitionRun,
    team: usize,
    actions: &mut Vec<Action>,
) {
    let name = run.game.team_name(team);
    let members: Vec<&crate::storage::people::Participant> = state
        .shared
        .directory
        .people
        .iter()
        .filter(|p| !p.archived && p.branch_name.as_deref() == Some(name))
        .collect();
    if members.is_empty() {
        return;
    }
    let chosen = run
        .member
        .and_then(|id| members.iter().find(|p| p.id == id))
        .map_or("（不记录）".to_string(), |p| p.name.clone());
    ui.horizontal(|ui| {
        let label = ui.label("答题人：");
        egui::ComboBox::from_id_salt("host-member")
            .selected_text(chosen)
            .show_ui(ui, |ui| {
                if ui
                    .selectable_label(run.member.is_none(), "（不记录）")
                    .clicked()
                {
                    send(actions, CompetitionAction::Member(None));
                }
                for person in &members {
                    if ui
                        .selectable_label(run.member == Some(person.id), &person.name)
                        .clicked()
                    {
                        send(actions, CompetitionAction::Member(Some(person.id)));
                    }
                }
            })
            .response
            .labelled_by(label.id);
    });
}

fn display_settings_ui(ui: &mut egui::Ui, run: &CompetitionRun, actions: &mut Vec<Action>) {
    let mut display: DisplaySettings = run.display;
    super::row_ui(ui, |ui| {
        let label = ui.label("大屏：");
        egui::ComboBox::from_id_salt("display-theme")
            .selected_text(display.theme.label())
            .show_ui(ui, |ui| {
                for theme in Theme::ALL {
                    ui.selectable_value(&mut display.theme, theme, theme.label());
                }
            })
            .response
            .labelled_by(label.id);
        for action in [HostAction::Smaller, HostAction::Bigger] {
            if ui.button(action.button_text()).clicked() {
                send(actions, CompetitionAction::Host(action));
            }
        }
        ui.label(format!("{:.0}%", display.scale * 100.0));
        ui.checkbox(&mut display.window, "大屏窗口");
        ui.add_enabled_ui(display.window, |ui| {
            ui.checkbox(&mut display.fullscreen, "全屏（F11）")
        });
        ui.checkbox(&mut display.preview, "预览");
        ui.checkbox(
            &mut display.audience_only,
            "本窗口只显示大屏（单屏时用，Esc 返回）",
        );
    });
    if display != run.display {
        send(actions, CompetitionAction::Display(display));
    }
}

/// Where the display window's place, read when it opened, is kept between frames.
fn opened_at_id() -> egui::Id {
    egui::Id::unique("display-window-opened-at")
}

/// The main window fills its screen while it shows only the audience display, and only then:
/// asked of the window once when that changes, so the host can still use the system's keys.
pub fn main_fullscreen_ui(ctx: &egui::Context, wanted: bool) {
    let id = egui::Id::unique("main-window-fullscreen-asked");
    let asked = ctx.data(|d| d.get_temp::<bool>(id)).unwrap_or(false);
    if asked != wanted {
        ctx.send_viewport_cmd_to(
            egui::ViewportId::ROOT,
            egui::ViewportCommand::Fullscreen(wanted),
        );
        ctx.data_mut(|d| d.insert_temp(id, wanted));
    }
}

fn shown_fit_id() -> egui::Id {
    egui::Id::unique("display-fit-shown")
}

/// Keeps how the audience saw the display, for the console to say when text went under the floor.
fn remember_fit(ctx: &egui::Context, fit: super::display::DisplayFit) {
    ctx.data_mut(|d| d.insert_temp(shown_fit_id(), fit));
}

/// Tells the host when the question on the display is so long that its text is under the floor.
fn fit_notice_ui(ui: &mut egui::Ui) {
    let Some(fit) = ui.data(|d| d.get_temp::<super::display::DisplayFit>(shown_fit_id())) else {
        return;
    };
    if fit.below_floor() {
        ui.label(
            RichText::new(format!(
                "大屏：本题文字很多，字号已缩小到 {:.0} 像素，低于后排可读的 {:.0} 像素，请主持人朗读题目",
                fit.kind.floor, fit.floor
            ))
            .color(ERROR_COLOR),
        );
    }
}
