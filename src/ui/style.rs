//! Big, readable type for a meeting-room projector and an old laptop alike.

use eframe::egui;
use egui::{FontFamily, FontId, TextStyle};

/// Secondary text ("分类：…", "解析：…", hints): lighter than body text, still 5.6:1 on the panel
/// and 4.7:1 on a button (WCAG AA asks 4.5:1).
pub const SECONDARY_TEXT: egui::Color32 = egui::Color32::from_gray(100);

/// The edge of a check box, radio button or text field: 3:1 on the panel, so an unticked box is
/// seen (WCAG asks 3:1 for the parts of a control).
pub const CONTROL_EDGE: egui::Color32 = egui::Color32::from_gray(118);

/// The background of every panel, painted once per frame as the window's clear colour: panels
/// themselves are left unfilled, so a software renderer (Mesa's llvmpipe on a PC whose graphics
/// driver is missing) shades each pixel about once instead of two or three times.
pub const BACKGROUND: egui::Color32 = egui::Color32::from_gray(248);

/// The text style name for question stems.
pub const QUESTION: &str = "question";

/// The text style for question stems: larger than body text.
pub fn question_style() -> TextStyle {
    TextStyle::Name(QUESTION.into())
}

/// Sets text sizes, spacing and a light theme (projectors wash out dark themes).
pub fn apply(ctx: &egui::Context) {
    ctx.set_theme(egui::Theme::Light);
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (
                TextStyle::Small,
                FontId::new(17.0, FontFamily::Proportional),
            ),
            (TextStyle::Body, FontId::new(20.0, FontFamily::Proportional)),
            (
                TextStyle::Button,
                FontId::new(20.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Heading,
                FontId::new(28.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Monospace,
                FontId::new(18.0, FontFamily::Monospace),
            ),
            (
                question_style(),
                FontId::new(28.0, FontFamily::Proportional),
            ),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(10.0, 10.0);
        style.spacing.button_padding = egui::vec2(12.0, 6.0);
        style.spacing.interact_size.y = 32.0;
        // Check boxes and radio buttons in proportion to 20-point text.
        style.spacing.icon_width = 20.0;
        style.spacing.icon_width_inner = 12.0;
        style.spacing.icon_spacing = 8.0;
        let visuals = &mut style.visuals;
        visuals.panel_fill = egui::Color32::TRANSPARENT;
        visuals.weak_text_color = Some(SECONDARY_TEXT);
        visuals.widgets.noninteractive.fg_stroke.color = egui::Color32::from_gray(40);
        visuals.widgets.inactive.fg_stroke.color = egui::Color32::from_gray(30);
        visuals.widgets.inactive.bg_stroke = egui::Stroke::new(1.0, CONTROL_EDGE);
        visuals.widgets.inactive.bg_fill = egui::Color32::WHITE;
        visuals.widgets.hovered.bg_stroke = egui::Stroke::new(1.5, egui::Color32::from_gray(60));
    });
}

/// The contrast ratio of two colours, as WCAG 2 defines it (1 to 21).
pub fn contrast(a: egui::Color32, b: egui::Color32) -> f32 {
    fn luminance(c: egui::Color32) -> f32 {
        let channel = |v: u8| {
            let v = f32::from(v) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
    }
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::competition_flow::Theme;
    use crate::ui::display::palette;
    use egui::Color32;

    #[test]
    fn contrast_follows_wcag() {
        assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 0.01);
        assert!((contrast(Color32::from_gray(118), Color32::WHITE) - 4.54).abs() < 0.05);
    }

    #[test]
    fn every_text_colour_reads_at_4_5_to_1_on_every_theme() {
        let ctx = egui::Context::default();
        apply(&ctx);
        let visuals = ctx.global_style().visuals.clone();
        let panel = BACKGROUND;
        let button = visuals.widgets.inactive.weak_bg_fill;
        let field = visuals.extreme_bg_color;
        let mut pairs: Vec<(&str, Color32, Color32)> = vec![
            ("正文", visuals.text_color(), panel),
            ("次要文字", visuals.weak_text_color(), panel),
            ("次要文字（输入框）", visuals.weak_text_color(), field),
            ("次要文字（按钮）", visuals.weak_text_color(), button),
            ("按钮文字", visuals.widgets.inactive.fg_stroke.color, button),
            ("错误", crate::ui::home::ERROR_COLOR, panel),
            ("提醒", crate::ui::home::WARNING_COLOR, panel),
            ("正确", crate::ui::home::SUCCESS_COLOR, panel),
            ("主按钮", Color32::WHITE, crate::ui::home::PRIMARY_COLOR),
        ];
        for theme in Theme::ALL {
            let p = palette(theme);
            for (name, fg) in [
                ("大屏文字", p.text),
                ("大屏强调", p.accent),
                ("大屏次要", p.dim),
                ("大屏警示", p.warn),
                ("大屏正确", p.good),
            ] {
                pairs.push((name, fg, p.bg));
            }
            for (name, fg) in [
                ("计分牌队名", p.text),
                ("计分牌分数", p.accent),
                ("出局队伍", p.dim),
            ] {
                pairs.push((name, fg, p.panel));
            }
            pairs.push(("答题队伍", p.bg, p.accent));
        }
        for (name, fg, bg) in pairs {
            let ratio = contrast(fg, bg);
            assert!(ratio >= 4.5, "{name}: {fg:?} on {bg:?} is {ratio:.2}:1");
        }
        assert!(
            contrast(CONTROL_EDGE, panel) >= 3.0,
            "an unticked box is seen"
        );
    }
}
