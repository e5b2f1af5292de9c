//! The audience display: big type for the back row, drawn from a [`PublicView`] only, so it cannot
//! show what the view does not hold (the answer before the host reveals it).
//!
//! Every size follows the height of the area it is given, so the same code fills a 1024×768
//! projector, a 4K screen and the small preview in the host console.

use eframe::egui;
use egui::{Align, Color32, CornerRadius, Layout, RichText, Stroke, UiBuilder};

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
    /// Secondary text.
    pub dim: Color32,
    /// The last five seconds, wrong answers.
    pub warn: Color32,
    /// Right answers, the answer.
    pub good: Color32,
    /// Score boxes.
    pub panel: Color32,
}

/// The colours of `theme`.
pub fn palette(theme: Theme) -> Palette {
    match theme {
        Theme::HighContrast => Palette {
            bg: Color32::BLACK,
            text: Color32::WHITE,
            accent: Color32::from_rgb(0xFF, 0xD7, 0x00),
            dim: Color32::from_gray(0xB0),
            warn: Color32::from_rgb(0xFF, 0x55, 0x40),
            good: Color32::from_rgb(0x5C, 0xE6, 0x5C),
            panel: Color32::from_gray(0x26),
        },
        Theme::RedGold => Palette {
            bg: Color32::from_rgb(0x8B, 0x0A, 0x12),
            text: Color32::from_rgb(0xFF, 0xF4, 0xD6),
            accent: Color32::from_rgb(0xFF, 0xD2, 0x4A),
            dim: Color32::from_rgb(0xF0, 0xC8, 0xA8),
            warn: Color32::WHITE,
            good: Color32::from_rgb(0xFF, 0xE8, 0x8A),
            panel: Color32::from_rgb(0x6A, 0x05, 0x0C),
        },
        Theme::Light => Palette {
            bg: Color32::WHITE,
            text: Color32::BLACK,
            accent: Color32::from_rgb(0xB0, 0x0E, 0x26),
            dim: Color32::from_gray(0x50),
            warn: Color32::from_rgb(0xC8, 0x10, 0x10),
            good: Color32::from_rgb(0x0A, 0x7A, 0x2A),
            panel: Color32::from_gray(0xEC),
        },
    }
}

/// Draws the display in the whole of `ui`'s area.
pub fn display_ui(
    ui: &mut egui::Ui,
    view: &PublicView,
    settings: &DisplaySettings,
    image: Option<&std::path::Path>,
) {
    let rect = ui.max_rect();
    let p = palette(settings.theme);
    ui.painter().rect_filled(rect, 0.0, p.bg);
    // One size unit: a 1080-line screen gets 49-pixel body text at scale 1.
    let unit = (rect.height().min(rect.width() * 0.7) / 22.0).max(6.0) * settings.scale;
    let pad = unit * 0.5;
    let inner = rect.shrink(pad);
    let board_height = if view.stage == Stage::Podium {
        0.0
    } else {
        unit * 2.6
    };
    let main = egui::Rect::from_min_max(
        inner.min,
        egui::pos2(inner.max.x, inner.max.y - board_height),
    );
    let board = egui::Rect::from_min_max(egui::pos2(inner.min.x, main.max.y), inner.max);
    let text = |s: &str, size: f32, color: Color32| RichText::new(s).size(size).color(color);

    ui.scope_builder(UiBuilder::new().max_rect(main), |ui| {
        ui.set_clip_rect(main.intersect(ui.clip_rect()));
        ui.spacing_mut().item_spacing = egui::vec2(unit * 0.4, unit * 0.25);
        header_ui(ui, view, unit, &p);
        match &view.stage {
            Stage::Title => {
                ui.add_space(main.height() * 0.2);
                ui.vertical_centered(|ui| {
                    ui.label(text(&view.title, unit * 2.2, p.accent).strong());
                    ui.label(text("即将开始", unit, p.dim));
                });
            }
            Stage::RoundIntro { rules, note } => {
                ui.add_space(main.height() * 0.15);
                ui.vertical_centered(|ui| {
                    ui.label(
                        text(view.round.as_deref().unwrap_or(""), unit * 2.2, p.accent).strong(),
                    );
                    ui.add(egui::Label::new(text(rules, unit * 0.85, p.text)).wrap());
                    if let Some(note) = note {
                        ui.add(egui::Label::new(text(note, unit, p.accent)).wrap());
                    }
                });
            }
            Stage::Stake {
                team,
                values,
                chosen,
            } => {
                ui.add_space(main.height() * 0.12);
                ui.vertical_centered(|ui| {
                    ui.label(text(&format!("{team} 选择分值"), unit * 1.5, p.accent).strong());
                    ui.add_space(unit * 0.5);
                    ui.horizontal(|ui| {
                        let width = values.len() as f32 * unit * 3.6;
                        ui.add_space(((ui.available_width() - width) / 2.0).max(0.0));
                        for value in values {
                            let picked = *chosen == Some(*value);
                            let (fill, color) = if picked {
                                (p.accent, p.bg)
                            } else {
                                (p.panel, p.dim)
                            };
                            egui::Frame::new()
                                .fill(fill)
                                .corner_radius(CornerRadius::same((unit * 0.3) as u8))
                                .inner_margin(unit * 0.5)
                                .show(ui, |ui| {
                                    ui.label(
                                        text(&format!("{value} 分"), unit * 1.6, color).strong(),
                                    );
                                });
                        }
                    });
                });
            }
            Stage::Question => question_ui(ui, view, unit, &p, image),
            Stage::Podium => podium_ui(ui, view, unit, &p),
        }
    });
    if board_height > 0.0 {
        ui.scope_builder(UiBuilder::new().max_rect(board), |ui| {
            scoreboard_ui(ui, view, unit, &p)
        });
    }
}

fn header_ui(ui: &mut egui::Ui, view: &PublicView, unit: f32, p: &Palette) {
    ui.horizontal(|ui| {
        ui.label(RichText::new(&view.title).size(unit * 0.8).color(p.dim));
        if let Some(round) = &view.round {
            ui.label(
                RichText::new(round)
                    .size(unit * 0.9)
                    .color(p.accent)
                    .strong(),
            );
        }
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
                        .size(unit * 2.2)
                        .color(color)
                        .strong(),
                );
                ui.label(RichText::new(what).size(unit * 0.6).color(p.dim));
            }
        });
    });
}

fn question_ui(
    ui: &mut egui::Ui,
    view: &PublicView,
    unit: f32,
    p: &Palette,
    image: Option<&std::path::Path>,
) {
    let mut info = Vec::new();
    if let Some(n) = view.number {
        info.push(format!("第 {n} 题"));
    }
    if let Some(kind) = view.kind {
        info.push(kind.to_string());
    }
    ui.label(
        RichText::new(info.join(" · "))
            .size(unit * 0.75)
            .color(p.dim),
    );
    // Long stems get smaller type so that the options still fit above the scoreboard.
    let chars = view.stem.as_deref().map_or(0, |s| s.chars().count())
        + view
            .options
            .iter()
            .map(|o| o.chars().count())
            .sum::<usize>();
    let fit = if chars > 260 {
        0.7
    } else if chars > 160 {
        0.82
    } else if chars < 70 {
        1.2
    } else {
        1.0
    };
    if let Some(stem) = &view.stem {
        ui.add(egui::Label::new(RichText::new(stem).size(unit * 1.15 * fit).color(p.text)).wrap());
    }
    for option in &view.options {
        ui.add(egui::Label::new(RichText::new(option).size(unit * fit).color(p.text)).wrap());
    }
    if let Some(path) = image {
        let uri = format!("file://{}", path.display());
        ui.add(
            egui::Image::new(uri)
                .alt_text("题目图片")
                .max_height(ui.available_height() * 0.5)
                .max_width(ui.available_width() * 0.6),
        );
    }
    ui.horizontal_wrapped(|ui| {
        if let Some(team) = &view.answering {
            ui.label(
                RichText::new(format!("{team} 答题"))
                    .size(unit * 1.05)
                    .color(p.accent)
                    .strong(),
            );
        }
        if let Some(status) = &view.status {
            let color = if status.starts_with("回答正确") {
                p.good
            } else if status.starts_with("回答错误") || status == "时间到" {
                p.warn
            } else {
                p.accent
            };
            ui.label(
                RichText::new(status)
                    .size(unit * 1.05)
                    .color(color)
                    .strong(),
            );
        }
    });
    if !view.presses.is_empty() {
        let presses: Vec<String> = view
            .presses
            .iter()
            .map(|p| format!("{} {}", p.team, p.text))
            .collect();
        ui.add(
            egui::Label::new(
                RichText::new(presses.join("　"))
                    .size(unit * 0.65)
                    .color(p.dim),
            )
            .wrap(),
        );
    }
    if let Some(answer) = &view.answer {
        egui::Frame::new()
            .stroke(Stroke::new(unit * 0.08, p.good))
            .corner_radius(CornerRadius::same((unit * 0.2) as u8))
            .inner_margin(unit * 0.3)
            .show(ui, |ui| {
                ui.add(
                    egui::Label::new(
                        RichText::new(format!("答案：{answer}"))
                            .size(unit * 1.05)
                            .color(p.good)
                            .strong(),
                    )
                    .wrap(),
                );
                if let Some(explanation) = &view.explanation {
                    ui.add(
                        egui::Label::new(RichText::new(explanation).size(unit * 0.7).color(p.text))
                            .wrap(),
                    );
                }
            });
    }
}

fn scoreboard_ui(ui: &mut egui::Ui, view: &PublicView, unit: f32, p: &Palette) {
    let n = view.teams.len().max(1) as f32;
    let gap = unit * 0.25;
    let width = (ui.available_width() - gap * (n - 1.0)) / n;
    ui.spacing_mut().item_spacing = egui::vec2(gap, 0.0);
    ui.horizontal(|ui| {
        for team in &view.teams {
            let (fill, name_color, score_color) = if team.answering {
                (p.accent, p.bg, p.bg)
            } else if team.out {
                (p.panel, p.dim, p.dim)
            } else {
                (p.panel, p.text, p.accent)
            };
            egui::Frame::new()
                .fill(fill)
                .corner_radius(CornerRadius::same((unit * 0.2) as u8))
                .inner_margin(unit * 0.15)
                .show(ui, |ui| {
                    ui.set_width(width - unit * 0.3);
                    ui.set_height(unit * 2.2);
                    ui.vertical_centered(|ui| {
                        ui.spacing_mut().item_spacing.y = 0.0;
                        ui.add(
                            egui::Label::new(
                                RichText::new(&team.name).size(unit * 0.7).color(name_color),
                            )
                            .truncate(),
                        );
                        ui.label(
                            RichText::new(team.score.to_string())
                                .size(unit * 1.2)
                                .color(score_color)
                                .strong(),
                        );
                    });
                });
        }
    });
}

fn podium_ui(ui: &mut egui::Ui, view: &PublicView, unit: f32, p: &Palette) {
    let mut ranked: Vec<&crate::core::competition::TeamLine> = view.teams.iter().collect();
    ranked.sort_by_key(|t| (t.place, std::cmp::Reverse(t.score)));
    ui.vertical_centered(|ui| {
        ui.label(
            RichText::new("最终排名")
                .size(unit * 1.6)
                .color(p.accent)
                .strong(),
        );
    });
    ui.add_space(unit * 0.4);
    // Places 2, 1, 3 side by side, the first highest, as on a podium.
    let top: Vec<&&crate::core::competition::TeamLine> =
        ranked.iter().filter(|t| t.place <= 3).collect();
    let order: Vec<usize> = match top.len() {
        0 => vec![],
        1 => vec![0],
        2 => vec![1, 0],
        _ => vec![1, 0, 2],
    };
    let column = (ui.available_width() / 3.2).min(unit * 10.0);
    let rest_lines = ranked.iter().filter(|t| t.place > 3).count() as f32;
    let area = (ui.available_height() - rest_lines * unit * 1.1).max(unit * 6.0);
    ui.horizontal(|ui| {
        ui.add_space(((ui.available_width() - column * order.len() as f32) / 2.0).max(0.0));
        for i in order {
            let team = top[i];
            let height = area
                * match team.place {
                    1 => 0.6,
                    2 => 0.45,
                    _ => 0.34,
                };
            ui.allocate_ui_with_layout(
                egui::vec2(column, area),
                Layout::bottom_up(Align::Center),
                |ui| {
                    egui::Frame::new()
                        .fill(if team.place == 1 { p.accent } else { p.panel })
                        .corner_radius(CornerRadius::same((unit * 0.2) as u8))
                        .show(ui, |ui| {
                            ui.set_width(column - unit * 0.4);
                            ui.set_height(height);
                            ui.vertical_centered(|ui| {
                                let color = if team.place == 1 { p.bg } else { p.text };
                                ui.add_space(unit * 0.3);
                                ui.label(
                                    RichText::new(format!("第 {} 名", team.place))
                                        .size(unit * 1.3)
                                        .color(color)
                                        .strong(),
                                );
                                ui.label(
                                    RichText::new(format!("{} 分", team.score))
                                        .size(unit * 1.6)
                                        .color(color),
                                );
                            });
                        });
                    ui.add(
                        egui::Label::new(
                            RichText::new(&team.name)
                                .size(unit * 1.2)
                                .color(p.text)
                                .strong(),
                        )
                        .truncate(),
                    );
                },
            );
        }
    });
    let rest: Vec<String> = ranked
        .iter()
        .filter(|t| t.place > 3)
        .map(|t| format!("第 {} 名 {} {} 分", t.place, t.name, t.score))
        .collect();
    if !rest.is_empty() {
        ui.add_space(unit * 0.3);
        ui.vertical_centered(|ui| {
            for line in rest {
                ui.label(RichText::new(line).size(unit * 0.75).color(p.dim));
            }
        });
    }
}
