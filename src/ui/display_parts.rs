//! The parts of the audience display, each laid out at a [`Type`] chosen by
//! [`super::display::display_ui`]: the question, a 风险 stake, the scoreboard and the podium.
//! Texts wrap; none is truncated, so the measured height is all there is.

use eframe::egui;
use egui::text::{LayoutJob, TextFormat};
use egui::{Align, Color32, FontId, Layout, RichText, Stroke};

use super::display::{Palette, Type, radius};
use crate::core::competition::{PublicView, TeamLine};

/// A label that wraps in the width it is given.
fn para(ui: &mut egui::Ui, text: RichText) {
    ui.add(egui::Label::new(text).wrap());
}

/// Display text, with the breaks a reader expects.
fn rt(text: &str) -> RichText {
    RichText::new(super::typeset::flow(text))
}

/// Text parts of different colours in one wrapping paragraph.
pub(super) fn job(parts: &[(&str, f32, Color32)]) -> LayoutJob {
    let mut job = LayoutJob::default();
    for (i, (text, size, color)) in parts.iter().enumerate() {
        let text = if i == 0 {
            text.to_string()
        } else {
            format!("　{text}")
        };
        job.append(
            &text,
            0.0,
            TextFormat::simple(FontId::proportional(*size), *color),
        );
    }
    job
}

/// The question on show: number and kind, stem, options, picture, who answers, the presses, and
/// once revealed the answer with its explanation.
pub(super) fn question_ui(
    ui: &mut egui::Ui,
    view: &PublicView,
    kind: Type,
    p: &Palette,
    image: Option<&std::path::Path>,
) {
    if let Some(stem) = &view.stem {
        para(ui, rt(stem).size(kind.size(1.15)).color(p.text));
    }
    let answer_takes_over = kind.compact && view.answer.is_some();
    if !answer_takes_over {
        options_and_picture_ui(ui, &view.options, image, kind, p);
    }
    let mut status = Vec::new();
    let answering = view.answering.as_ref().map(|team| format!("{team} 答题"));
    if let Some(team) = &answering {
        status.push((team.as_str(), kind.size(1.05), p.accent));
    }
    if let Some(text) = &view.status {
        let color = if text.starts_with("回答正确") {
            p.good
        } else if text.starts_with("回答错误") || text == "时间到" {
            p.warn
        } else {
            p.accent
        };
        status.push((text.as_str(), kind.size(1.05), color));
    }
    if !status.is_empty() {
        ui.add(egui::Label::new(job(&status)).wrap());
    }
    if let Some(answer) = &view.answer {
        egui::Frame::new()
            .stroke(Stroke::new(kind.body * 0.08, p.good))
            .corner_radius(radius(kind.body * 0.2))
            .inner_margin(kind.body * 0.3)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                para(
                    ui,
                    rt(&format!("答案：{answer}"))
                        .size(kind.size(1.05))
                        .color(p.good)
                        .strong(),
                );
                if let Some(explanation) = &view.explanation {
                    para(ui, rt(explanation).size(kind.size(0.8)).color(p.text));
                }
            });
    }
}

/// The options and the picture: options in two columns when each fits on one line of half the
/// width, else one per line with the picture beside them; the picture below two columns.
fn options_and_picture_ui(
    ui: &mut egui::Ui,
    options: &[String],
    image: Option<&std::path::Path>,
    kind: Type,
    p: &Palette,
) {
    let size = kind.size(1.0);
    let font = FontId::proportional(size);
    let gap = ui.spacing().item_spacing.x;
    let half = (ui.available_width() - gap) / 2.0;
    let widest = options
        .iter()
        .map(|o| {
            ui.painter()
                .layout_no_wrap(o.clone(), font.clone(), p.text)
                .size()
                .x
        })
        .fold(0.0, f32::max);
    if options.len() > 2 && widest <= half {
        for pair in options.chunks(2) {
            ui.horizontal(|ui| {
                for option in pair {
                    ui.allocate_ui_with_layout(
                        egui::vec2(half, size),
                        Layout::left_to_right(Align::Min),
                        |ui| {
                            ui.set_width(half);
                            ui.label(rt(option).size(size).color(p.text));
                        },
                    );
                }
            });
        }
        if let Some(path) = image {
            picture_ui(ui, path, ui.available_width() * 0.6, kind);
        }
        return;
    }
    let width = ui.available_width();
    let text_width = (width - gap) * 0.62;
    // Beside the options only when that wraps none of them.
    let Some(path) = image.filter(|_| !options.is_empty() && widest <= text_width) else {
        for option in options {
            para(ui, rt(option).size(size).color(p.text));
        }
        if let Some(path) = image {
            picture_ui(ui, path, ui.available_width() * 0.6, kind);
        }
        return;
    };
    ui.horizontal_top(|ui| {
        ui.allocate_ui_with_layout(
            egui::vec2(text_width, 0.0),
            Layout::top_down(Align::Min),
            |ui| {
                ui.set_width(text_width);
                for option in options {
                    para(ui, rt(option).size(size).color(p.text));
                }
            },
        );
        picture_ui(ui, path, width - text_width - gap, kind);
    });
}

/// The question's picture in a box of fixed size, so the layout is the same before it loads.
fn picture_ui(ui: &mut egui::Ui, path: &std::path::Path, width: f32, kind: Type) {
    let size = egui::vec2(width.max(1.0), kind.body * 4.5);
    let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
    if ui.is_visible() {
        let uri = format!("file://{}", path.display());
        ui.put(
            rect,
            egui::Image::new(uri)
                .alt_text("题目图片")
                .max_size(rect.size())
                .maintain_aspect_ratio(true),
        );
    }
}

/// 风险: whose turn it is and the values to pick from, the one picked highlighted.
pub(super) fn stake_ui(
    ui: &mut egui::Ui,
    team: &str,
    values: &[i32],
    chosen: Option<i32>,
    kind: Type,
    p: &Palette,
) {
    ui.add_space(kind.body);
    ui.vertical_centered(|ui| {
        para(
            ui,
            rt(&format!("{team} 选择分值"))
                .size(kind.size(1.5))
                .color(p.accent)
                .strong(),
        );
    });
    ui.add_space(kind.body * 0.5);
    // Boxes of one width, as many to a row as fit, rows centred.
    let size = kind.size(1.6);
    let margin = kind.body * 0.5;
    let gap = ui.spacing().item_spacing.x;
    let widest = values
        .iter()
        .map(|v| {
            ui.painter()
                .layout_no_wrap(format!("{v} 分"), FontId::proportional(size), p.text)
                .size()
                .x
        })
        .fold(0.0, f32::max);
    let box_width = widest + 2.0 * margin;
    let width = ui.available_width();
    let per_row = (((width + gap) / (box_width + gap)).floor() as usize).max(1);
    for row in values.chunks(per_row) {
        let used = row.len() as f32 * (box_width + gap) - gap;
        ui.horizontal(|ui| {
            ui.add_space(((width - used) / 2.0).max(0.0));
            for value in row {
                let picked = chosen == Some(*value);
                let (fill, color) = if picked {
                    (p.accent, p.bg)
                } else {
                    (p.panel, p.text)
                };
                egui::Frame::new()
                    .fill(fill)
                    .corner_radius(radius(kind.body * 0.3))
                    .inner_margin(margin)
                    .show(ui, |ui| {
                        ui.set_width(widest);
                        ui.vertical_centered(|ui| {
                            ui.label(rt(&format!("{value} 分")).size(size).color(color).strong());
                        });
                    });
            }
        });
    }
}

/// The scoreboard: a box per team in seating order, with its press on this question under its
/// name, on the number of rows that takes the least height.
pub(super) fn scoreboard_ui(ui: &mut egui::Ui, view: &PublicView, kind: Type, p: &Palette) {
    let n = view.teams.len();
    if n == 0 {
        return;
    }
    let gap = kind.body * 0.25;
    let sizes = (kind.size(0.75), kind.size(1.2));
    let margin = kind.body * 0.15;
    // A point short of the edge, so rounding never clips the last box's corner.
    let width = ui.available_width() - 1.0;
    let presses: Vec<Option<&str>> = view
        .teams
        .iter()
        .map(|t| {
            view.presses
                .iter()
                .find(|press| press.team == t.name)
                .map(|press| press.text.as_str())
        })
        .collect();
    let any_press = presses.iter().any(Option::is_some);
    // The height of a row of boxes `inner` wide: the tallest name and press, and the score.
    let row_height = |ui: &egui::Ui, teams: std::ops::Range<usize>, inner: f32| {
        let text_height = |text: &str| {
            ui.painter()
                .layout(
                    text.to_owned(),
                    FontId::proportional(sizes.0),
                    p.text,
                    inner,
                )
                .size()
                .y
        };
        let names = teams
            .clone()
            .map(|t| text_height(&view.teams[t].name))
            .fold(0.0, f32::max);
        let press = if any_press {
            teams
                .map(|t| presses[t].map_or(0.0, text_height))
                .fold(sizes.0, f32::max)
        } else {
            0.0
        };
        names + press + sizes.1 * 1.25
    };
    let layout = |ui: &egui::Ui, per_row: usize| {
        let box_width = (width - gap * (per_row as f32 - 1.0)) / per_row as f32;
        let inner = (box_width - 2.0 * margin).max(1.0);
        let heights: Vec<f32> = (0..n)
            .step_by(per_row)
            .map(|start| row_height(ui, start..(start + per_row).min(n), inner))
            .collect();
        let total = heights.iter().sum::<f32>() + heights.len() as f32 * (gap + 2.0 * margin);
        (total, inner, heights)
    };
    // Fewer rows win a tie: the search runs from one row down.
    let (per_row, (_, inner, heights)) = (n.div_ceil(3)..=n)
        .rev()
        .map(|per_row| (per_row, layout(ui, per_row)))
        .reduce(|best, next| {
            if next.1.0 < best.1.0 - 0.5 {
                next
            } else {
                best
            }
        })
        .unwrap_or_else(|| (n, layout(ui, n)));
    ui.spacing_mut().item_spacing = egui::vec2(gap, gap);
    let rows = view.teams.chunks(per_row).zip(presses.chunks(per_row));
    for ((teams, presses), height) in rows.zip(heights) {
        ui.horizontal(|ui| {
            for (team, press) in teams.iter().zip(presses) {
                team_box_ui(ui, team, *press, any_press, kind, p, (inner, height), sizes);
            }
        });
    }
}

#[allow(clippy::too_many_arguments)]
fn team_box_ui(
    ui: &mut egui::Ui,
    team: &TeamLine,
    press: Option<&str>,
    press_line: bool,
    kind: Type,
    p: &Palette,
    (width, height): (f32, f32),
    (name_size, score_size): (f32, f32),
) {
    let (fill, name_color, score_color) = if team.answering {
        (p.accent, p.bg, p.bg)
    } else if team.out {
        (p.panel, p.dim, p.dim)
    } else {
        (p.panel, p.text, p.accent)
    };
    egui::Frame::new()
        .fill(fill)
        .corner_radius(radius(kind.body * 0.2))
        .inner_margin(kind.body * 0.15)
        .show(ui, |ui| {
            ui.set_width(width);
            ui.set_height(height);
            ui.vertical_centered(|ui| {
                ui.spacing_mut().item_spacing.y = 0.0;
                para(ui, rt(&team.name).size(name_size).color(name_color));
                if press_line {
                    para(
                        ui,
                        rt(press.unwrap_or(" ")).size(name_size).color(name_color),
                    );
                }
                ui.label(
                    rt(&team.score.to_string())
                        .size(score_size)
                        .color(score_color)
                        .strong(),
                );
            });
        });
}

/// The podium: places 2, 1, 3 side by side, the first highest, and the rest in lines below.
pub(super) fn podium_ui(ui: &mut egui::Ui, view: &PublicView, kind: Type, p: &Palette) {
    let mut ranked: Vec<&TeamLine> = view.teams.iter().collect();
    ranked.sort_by_key(|t| (t.place, std::cmp::Reverse(t.score)));
    ui.vertical_centered(|ui| {
        ui.label(rt("最终排名").size(kind.size(1.6)).color(p.accent).strong());
    });
    let top: Vec<&TeamLine> = ranked.iter().copied().filter(|t| t.place <= 3).collect();
    let order: Vec<usize> = match top.len() {
        0 => vec![],
        1 => vec![0],
        2 => vec![1, 0],
        _ => vec![1, 0, 2],
    };
    let shown = order.len().max(1) as f32;
    let column = (ui.available_width() / shown.max(3.0)).min(kind.body * 10.0);
    let area = kind.body * 5.5;
    ui.horizontal(|ui| {
        ui.add_space(((ui.available_width() - column * shown) / 2.0).max(0.0));
        ui.spacing_mut().item_spacing.x = 0.0;
        for i in order {
            let team = top[i];
            let share = match team.place {
                1 => 1.0,
                2 => 0.8,
                _ => 0.62,
            };
            ui.allocate_ui_with_layout(
                egui::vec2(column, area + kind.size(1.2) * 3.0),
                Layout::top_down(Align::Center),
                |ui| {
                    ui.set_width(column);
                    ui.add_space(area * (1.0 - share));
                    let color = if team.place == 1 { p.bg } else { p.text };
                    egui::Frame::new()
                        .fill(if team.place == 1 { p.accent } else { p.panel })
                        .corner_radius(radius(kind.body * 0.2))
                        .inner_margin(kind.body * 0.2)
                        .show(ui, |ui| {
                            ui.set_width(column - kind.body * 0.8);
                            ui.set_height(area * share - kind.body * 0.4);
                            ui.vertical_centered(|ui| {
                                ui.label(
                                    rt(&format!("第 {} 名", team.place))
                                        .size(kind.size(1.2))
                                        .color(color)
                                        .strong(),
                                );
                                ui.label(
                                    rt(&format!("{} 分", team.score))
                                        .size(kind.size(1.4))
                                        .color(color),
                                );
                            });
                        });
                    para(
                        ui,
                        rt(&team.name).size(kind.size(1.1)).color(p.text).strong(),
                    );
                },
            );
        }
    });
    for team in ranked.iter().filter(|t| t.place > 3) {
        ui.vertical_centered(|ui| {
            para(
                ui,
                rt(&format!(
                    "第 {} 名　{}　{} 分",
                    team.place, team.name, team.score
                ))
                .size(kind.size(0.85))
                .color(p.text),
            );
        });
    }
}
