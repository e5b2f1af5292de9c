//! The audience display: big type for the back row, drawn from a [`PublicView`] only, so it cannot
//! show what the view does not hold (the answer before the host reveals it).
//!
//! Nothing on it is ever cut off. The type size the host picks is a wish: the display measures
//! the whole layout and takes the largest size up to 1.3 times that wish at which everything fits,
//! but never less than the floor, 1/32 of the screen's height (24 px at 768 lines, 34 px at
//! 1080): on a 1.5 m-high projected image that is 4.7 cm, readable from about 9 m, the back of a
//! meeting room (the usual rule of reading distance ≤ 200 × text height, with room for the
//! strokes of hanzi). When a revealed answer and its explanation do not fit at the floor, the
//! options (which the answer names) and the picture give way; only text far beyond what a bank
//! question holds goes below the floor, and the console says so.

use eframe::egui;
use egui::{Align, Color32, CornerRadius, Layout, RichText, UiBuilder};

use super::display_parts::{podium_ui, question_ui, scoreboard_ui, stake_ui};
use crate::app::competition_flow::{DisplaySettings, Theme};
use crate::core::competition::{PublicView, Stage};

/// The colours of a theme.
#[derive(Clone, Copy, Debug)]
pub struct Palette {
    /// Background.
    pub bg: Color32,
    /// Text.
    pub text: Color32,
    /// Titles and the answering team.
    pub accent: Color32,
    /// Secondary text, still at full reading contrast.
    pub dim: Color32,
    /// The last five seconds, wrong answers.
    pub warn: Color32,
    /// Right answers, the answer.
    pub good: Color32,
    /// Score boxes.
    pub panel: Color32,
}

/// The colours of `theme`: every text colour on `bg` and on `panel` reaches 4.5:1 (WCAG AA).
pub fn palette(theme: Theme) -> Palette {
    match theme {
        Theme::HighContrast => Palette {
            bg: Color32::BLACK,
            text: Color32::WHITE,
            accent: Color32::from_rgb(0xFF, 0xD7, 0x00),
            dim: Color32::from_gray(0xC8),
            warn: Color32::from_rgb(0xFF, 0x6A, 0x55),
            good: Color32::from_rgb(0x5C, 0xE6, 0x5C),
            panel: Color32::from_gray(0x26),
        },
        Theme::RedGold => Palette {
            bg: Color32::from_rgb(0x8B, 0x0A, 0x12),
            text: Color32::from_rgb(0xFF, 0xF4, 0xD6),
            accent: Color32::from_rgb(0xFF, 0xD2, 0x4A),
            dim: Color32::from_rgb(0xF6, 0xD8, 0xC0),
            warn: Color32::WHITE,
            good: Color32::from_rgb(0xFF, 0xE8, 0x8A),
            panel: Color32::from_rgb(0x6A, 0x05, 0x0C),
        },
        Theme::Light => Palette {
            bg: Color32::WHITE,
            text: Color32::BLACK,
            accent: Color32::from_rgb(0xB0, 0x0E, 0x26),
            dim: Color32::from_gray(0x45),
            warn: Color32::from_rgb(0xC0, 0x10, 0x10),
            good: Color32::from_rgb(0x0A, 0x6E, 0x26),
            panel: Color32::from_gray(0xEC),
        },
    }
}

/// The type of one layout: the body size and the floor no audience text goes below.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Type {
    /// The body size (options, names), in points.
    pub body: f32,
    /// The smallest any text may be, in points.
    pub floor: f32,
    /// Revealed answers take the place of the options and the picture.
    pub compact: bool,
}

impl Type {
    /// The size of a text `factor` times the body, never under the floor.
    pub fn size(&self, factor: f32) -> f32 {
        (self.body * factor).max(self.floor)
    }
}

/// How the display was laid out, for the console and the tests.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DisplayFit {
    /// The type chosen.
    pub kind: Type,
    /// The floor for this screen (the floor in `kind` is lower only when the text is beyond it).
    pub floor: f32,
    /// The height the layout took, at most the screen's.
    pub used: f32,
    /// The screen's height.
    pub height: f32,
}

impl DisplayFit {
    /// The text is so long that it is shown under the floor.
    pub fn below_floor(&self) -> bool {
        self.kind.floor < self.floor - 0.01
    }
}

/// The smallest text any screen gets, as a share of its height: see the module's notes.
pub const FLOOR_SHARE: f32 = 1.0 / 32.0;

/// Draws the display in the whole of `ui`'s area; returns how it was fitted.
pub fn display_ui(
    ui: &mut egui::Ui,
    view: &PublicView,
    settings: &DisplaySettings,
    image: Option<&std::path::Path>,
) -> DisplayFit {
    let rect = ui.max_rect();
    let p = palette(settings.theme);
    ui.painter().rect_filled(rect, 0.0, p.bg);
    let fit = fitted(ui, view, settings, image, rect);
    let pad = fit.kind.body * 0.5;
    let inner = rect.shrink(pad);
    let mut child = ui.new_child(
        UiBuilder::new()
            .max_rect(inner)
            .layout(Layout::top_down(Align::Min)),
    );
    child.set_clip_rect(inner.intersect(ui.clip_rect()));
    layout_ui(&mut child, view, fit.kind, &p, image, inner);
    fit
}

/// The height `kind` takes in `inner`, measured by laying it out unseen.
fn measure(
    ui: &mut egui::Ui,
    view: &PublicView,
    kind: Type,
    p: &Palette,
    image: Option<&std::path::Path>,
    inner: egui::Rect,
) -> f32 {
    let mut child = ui.new_child(
        UiBuilder::new()
            .max_rect(inner)
            .layout(Layout::top_down(Align::Min))
            .invisible(),
    );
    layout_ui(&mut child, view, kind, p, image, inner)
}

/// The largest type that fits, remembered while nothing it depends on changes (the countdown's
/// digits do not count: they never change the layout's height).
fn fitted(
    ui: &mut egui::Ui,
    view: &PublicView,
    settings: &DisplaySettings,
    image: Option<&std::path::Path>,
    rect: egui::Rect,
) -> DisplayFit {
    use std::hash::{Hash, Hasher};
    let mut key = std::hash::DefaultHasher::new();
    format!(
        "{:?}",
        PublicView {
            clock: None,
            ..view.clone()
        }
    )
    .hash(&mut key);
    view.clock.is_some().hash(&mut key);
    [rect.width(), rect.height(), settings.scale]
        .map(f32::to_bits)
        .hash(&mut key);
    image.hash(&mut key);
    let key = key.finish();
    let id = egui::Id::unique((
        "display-fit",
        rect.width().to_bits(),
        rect.height().to_bits(),
    ));
    if let Some((seen, fit)) = ui.data(|d| d.get_temp::<(u64, DisplayFit)>(id))
        && seen == key
    {
        return fit;
    }
    let fit = search(ui, view, settings, image, rect);
    ui.data_mut(|d| d.insert_temp(id, (key, fit)));
    fit
}

fn search(
    ui: &mut egui::Ui,
    view: &PublicView,
    settings: &DisplaySettings,
    image: Option<&std::path::Path>,
    rect: egui::Rect,
) -> DisplayFit {
    let p = palette(settings.theme);
    let short = rect.height().min(rect.width() * 0.75);
    let floor = (short * FLOOR_SHARE).max(4.0);
    // A 1080-line screen gets 49-point body text at 100 %.
    let wish = (rect.height().min(rect.width() * 0.7) / 22.0) * settings.scale;
    let fits = |ui: &mut egui::Ui, kind: Type| {
        let inner = rect.shrink(kind.body * 0.5);
        let used = measure(ui, view, kind, &p, image, inner) + kind.body;
        (used <= rect.height(), used)
    };
    let at = |body: f32, floor: f32, compact: bool| Type {
        body,
        floor,
        compact,
    };
    let done = |kind: Type, used: f32| DisplayFit {
        kind,
        floor,
        used,
        height: rect.height(),
    };
    let high = (wish * 1.3).max(floor);
    for compact in [false, true] {
        if compact && view.answer.is_none() {
            continue;
        }
        let (ok, used) = fits(ui, at(high, floor, compact));
        if ok {
            return done(at(high, floor, compact), used);
        }
        if fits(ui, at(floor, floor, compact)).0 {
            // The largest that fits, to within a hundredth of the range.
            let (mut lo, mut hi) = (floor, high);
            while hi - lo > (high - floor) / 100.0 + 0.05 {
                let mid = (lo + hi) / 2.0;
                if fits(ui, at(mid, floor, compact)).0 {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            let (_, used) = fits(ui, at(lo, floor, compact));
            return done(at(lo, floor, compact), used);
        }
    }
    // Beyond anything a bank question holds: smaller than the floor rather than cut off.
    let compact = view.answer.is_some();
    let mut body = floor;
    loop {
        body *= 0.92;
        let kind = at(body, body, compact);
        let (ok, used) = fits(ui, kind);
        if ok || body < 6.0 {
            return done(kind, used);
        }
    }
}

/// Lays the display out in `ui` (top down within `inner`); returns the height it took.
fn layout_ui(
    ui: &mut egui::Ui,
    view: &PublicView,
    kind: Type,
    p: &Palette,
    image: Option<&std::path::Path>,
    inner: egui::Rect,
) -> f32 {
    ui.spacing_mut().item_spacing = egui::vec2(kind.body * 0.4, kind.body * 0.25);
    let top = ui.cursor().min.y;
    header_ui(ui, view, kind, p);
    let text = |s: &str, factor: f32, color: Color32| {
        RichText::new(s).size(kind.size(factor)).color(color)
    };
    match &view.stage {
        Stage::Title => {
            ui.add_space(kind.body * 2.0);
            ui.vertical_centered(|ui| {
                ui.add(egui::Label::new(text(&view.title, 2.0, p.accent).strong()).wrap());
                ui.label(text("即将开始", 1.0, p.dim));
            });
        }
        Stage::RoundIntro { rules, note } => {
            ui.add_space(kind.body * 1.5);
            ui.vertical_centered(|ui| {
                let round = view.round.as_deref().unwrap_or("");
                ui.add(egui::Label::new(text(round, 2.0, p.accent).strong()).wrap());
                ui.add(egui::Label::new(text(rules, 0.9, p.text)).wrap());
                if let Some(note) = note {
                    ui.add(egui::Label::new(text(note, 1.0, p.accent)).wrap());
                }
            });
        }
        Stage::Stake {
            team,
            values,
            chosen,
        } => stake_ui(ui, team, values, *chosen, kind, p),
        Stage::Question => question_ui(ui, view, kind, p, image),
        Stage::Podium => podium_ui(ui, view, kind, p),
    }
    let content = ui.cursor().min.y - top;
    if view.stage == Stage::Podium {
        return content;
    }
    // The scoreboard sits at the bottom; measured where it is drawn, it adds its own height.
    let board_top = ui
        .cursor()
        .min
        .y
        .max(inner.max.y - board_height(ui, view, kind, p, inner));
    let board = egui::Rect::from_min_max(egui::pos2(inner.min.x, board_top), inner.max);
    let mut child = ui.new_child(
        UiBuilder::new()
            .max_rect(board)
            .layout(Layout::top_down(Align::Min)),
    );
    scoreboard_ui(&mut child, view, kind, p);
    content + kind.body * 0.3 + child.min_rect().height()
}

/// The scoreboard's height at `kind`.
fn board_height(
    ui: &mut egui::Ui,
    view: &PublicView,
    kind: Type,
    p: &Palette,
    inner: egui::Rect,
) -> f32 {
    let mut child = ui.new_child(
        UiBuilder::new()
            .max_rect(inner)
            .layout(Layout::top_down(Align::Min))
            .invisible(),
    );
    scoreboard_ui(&mut child, view, kind, p);
    child.min_rect().height()
}

fn header_ui(ui: &mut egui::Ui, view: &PublicView, kind: Type, p: &Palette) {
    ui.horizontal(|ui| {
        // The clock first, from the right, so the titles wrap in the width it leaves.
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            if let Some(clock) = view.clock {
                let color = if clock.warning() { p.warn } else { p.text };
                let what = if clock.paused {
                    "暂停"
                } else if clock.buzzing {
                    "抢答倒计时"
                } else {
                    "答题倒计时"
                };
                ui.label(
                    RichText::new(format!("{}", clock.secs))
                        .size(kind.size(2.0))
                        .color(color)
                        .strong(),
                );
                ui.label(RichText::new(what).size(kind.size(0.6)).color(p.dim));
            }
            ui.with_layout(Layout::top_down(Align::Min), |ui| {
                ui.spacing_mut().item_spacing.y = 0.0;
                ui.add(
                    egui::Label::new(RichText::new(&view.title).size(kind.size(0.7)).color(p.dim))
                        .wrap(),
                );
                let mut line = Vec::new();
                let round = view.round.clone().unwrap_or_default();
                if !round.is_empty() {
                    line.push((round.as_str(), kind.size(0.9), p.accent));
                }
                let mut info = Vec::new();
                if let Some(n) = view.number {
                    info.push(format!("第 {n} 题"));
                }
                if let Some(kind_name) = view.kind {
                    info.push(kind_name.to_string());
                }
                let info = info.join(" · ");
                if !info.is_empty() {
                    line.push((info.as_str(), kind.size(0.9), p.text));
                }
                if !line.is_empty() {
                    ui.add(egui::Label::new(super::display_parts::job(&line)).wrap());
                }
            });
        });
    });
}

/// The corner radius for a size.
pub(super) fn radius(size: f32) -> CornerRadius {
    CornerRadius::same(size.clamp(0.0, 255.0) as u8)
}
