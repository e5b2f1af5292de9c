//! The screens. Each reads the state and returns the [`Action`]s the user took; none changes state.

pub mod fonts;
pub mod home;
pub mod practice;
pub mod style;
pub mod summary;

use std::time::Duration;

use eframe::egui;

use crate::app::{Action, AppState, Screen};

/// Draws the current screen and any message over it.
pub fn app_ui(ui: &mut egui::Ui, state: &AppState, now: Duration) -> Vec<Action> {
    let mut actions = Vec::new();
    match state.screen {
        Screen::Home => home::home_ui(ui, state, &mut actions),
        Screen::Practice => match &state.session {
            Some(session) => practice::practice_ui(ui, session, now, &mut actions),
            None => actions.push(Action::Home),
        },
        Screen::Summary => match &state.session {
            Some(session) => summary::summary_ui(ui, session, now, &mut actions),
            None => actions.push(Action::Home),
        },
    }
    if let Some(message) = &state.message {
        message_ui(ui, message, &mut actions);
    }
    actions
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
}
