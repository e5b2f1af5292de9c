//! The main window's size and place: opened as it was last time on this PC, or filling the screen
//! the first time (asked of the window once it exists, because a window manager may ignore the
//! wish to start maximised, and without one there is nothing to maximise).

use std::time::Duration;

use eframe::egui::{self, ViewportCommand};
use serde::{Deserialize, Serialize};

use crate::storage::records::Records;

/// The setting the place is kept under.
const KEY: &str = "main_window";

/// The setting the zoom is kept under.
const ZOOM_KEY: &str = "zoom";

/// How long the window must rest before its place is saved (a drag moves it every frame).
const REST: Duration = Duration::from_secs(1);

/// The smallest window every screen is made for.
const MIN: egui::Vec2 = egui::vec2(800.0, 560.0);

/// Where the main window was, in points.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct MainPlace {
    /// Left edge of the frame.
    pub x: f32,
    /// Top edge of the frame.
    pub y: f32,
    /// Width inside the frame.
    pub width: f32,
    /// Height inside the frame.
    pub height: f32,
    /// Maximised (then the rest is where it goes when restored).
    pub maximized: bool,
}

/// What to ask of a new window: the place saved, held to the monitor; or the whole monitor.
pub fn start_commands(
    saved: Option<MainPlace>,
    monitor: Option<egui::Vec2>,
) -> Vec<ViewportCommand> {
    match saved {
        Some(place) => {
            let mut size = egui::vec2(place.width, place.height).max(MIN);
            let mut pos = egui::pos2(place.x, place.y);
            if let Some(monitor) = monitor {
                size = size.min(monitor);
                // A window left on a monitor that is gone comes back onto this one.
                if pos.x >= monitor.x * 4.0
                    || pos.y >= monitor.y * 2.0
                    || pos.x < -size.x
                    || pos.y < 0.0
                {
                    pos = egui::pos2(0.0, 0.0);
                }
            }
            let mut out = vec![
                ViewportCommand::OuterPosition(pos),
                ViewportCommand::InnerSize(size),
            ];
            if place.maximized {
                out.push(ViewportCommand::Maximized(true));
            }
            out
        }
        None => {
            let mut out = Vec::new();
            if let Some(monitor) = monitor {
                // Without a window manager nothing maximises: fill the screen by size instead.
                out.push(ViewportCommand::OuterPosition(egui::pos2(0.0, 0.0)));
                out.push(ViewportCommand::InnerSize(monitor.max(MIN)));
            }
            out.push(ViewportCommand::Maximized(true));
            out
        }
    }
}

/// Follows the main window and keeps its place in the records.
#[derive(Default)]
pub struct MainWindow {
    started: bool,
    seen: Option<MainPlace>,
    saved: Option<MainPlace>,
    changed: Duration,
}

impl MainWindow {
    /// Called every frame: places the window on the first, then saves where it goes.
    pub fn frame(&mut self, ctx: &egui::Context, records: Option<&Records>, now: Duration) {
        let info = ctx.input(|i| i.viewport().clone());
        if !self.started {
            self.started = true;
            let saved = records
                .and_then(|r| r.setting(KEY).ok().flatten())
                .and_then(|text| serde_json::from_str::<MainPlace>(&text).ok());
            self.saved = saved;
            for command in start_commands(saved, info.monitor_size) {
                ctx.send_viewport_cmd(command);
            }
            // Ctrl + and Ctrl − step through the zoom steps this app offers, not egui's own.
            ctx.options_mut(|o| o.zoom_with_keyboard = false);
            if let Some(zoom) = records
                .and_then(|r| r.setting(ZOOM_KEY).ok().flatten())
                .and_then(|text| text.parse::<f32>().ok())
                .filter(|z| super::zoom::STEPS.contains(z))
            {
                ctx.set_zoom_factor(zoom);
            }
            return;
        }
        if let Some(zoom) = super::zoom::zoom_ui(ctx)
            && let Some(records) = records
            && let Err(error) = records.set_setting(ZOOM_KEY, &zoom.to_string())
        {
            log::warn!("{error}");
        }
        // Full screen is for the audience display, and not where the window lives.
        if info.fullscreen == Some(true) {
            return;
        }
        let (Some(outer), Some(inner)) = (info.outer_rect, info.inner_rect) else {
            return;
        };
        let maximized = info.maximized == Some(true);
        let place = match (maximized, self.seen) {
            // Maximised: keep where it was before, for when it is restored.
            (true, Some(before)) => MainPlace {
                maximized,
                ..before
            },
            _ => MainPlace {
                x: outer.min.x,
                y: outer.min.y,
                width: inner.width(),
                height: inner.height(),
                maximized,
            },
        };
        if self.seen != Some(place) {
            self.seen = Some(place);
            self.changed = now;
        }
        if self.seen != self.saved {
            let rested = now.saturating_sub(self.changed);
            if rested < REST {
                ctx.request_repaint_after(REST - rested);
            } else if let Some(records) = records {
                self.saved = self.seen;
                let text = serde_json::to_string(&place).unwrap_or_default();
                if let Err(error) = records.set_setting(KEY, &text) {
                    log::warn!("{error}");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_first_start_fills_the_screen_even_without_a_window_manager() {
        let commands = start_commands(None, Some(egui::vec2(1366.0, 768.0)));
        assert_eq!(
            commands,
            vec![
                ViewportCommand::OuterPosition(egui::pos2(0.0, 0.0)),
                ViewportCommand::InnerSize(egui::vec2(1366.0, 768.0)),
                ViewportCommand::Maximized(true),
            ]
        );
        assert_eq!(
            start_commands(None, None),
            vec![ViewportCommand::Maximized(true)]
        );
    }

    #[test]
    fn a_saved_place_comes_back_held_to_the_screen_there_is() {
        let place = MainPlace {
            x: 100.0,
            y: 50.0,
            width: 1200.0,
            height: 700.0,
            maximized: false,
        };
        assert_eq!(
            start_commands(Some(place), Some(egui::vec2(1920.0, 1080.0))),
            vec![
                ViewportCommand::OuterPosition(egui::pos2(100.0, 50.0)),
                ViewportCommand::InnerSize(egui::vec2(1200.0, 700.0)),
            ]
        );
        // The same place on a smaller screen, and from a second monitor no longer there.
        let far = MainPlace { x: 5000.0, ..place };
        assert_eq!(
            start_commands(Some(far), Some(egui::vec2(1024.0, 768.0))),
            vec![
                ViewportCommand::OuterPosition(egui::pos2(0.0, 0.0)),
                ViewportCommand::InnerSize(egui::vec2(1024.0, 700.0)),
            ]
        );
        let maximized = MainPlace {
            maximized: true,
            ..place
        };
        assert_eq!(
            start_commands(Some(maximized), None).last(),
            Some(&ViewportCommand::Maximized(true))
        );
    }
}
