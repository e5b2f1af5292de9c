//! Big, readable type for a meeting-room projector and an old laptop alike.

use eframe::egui;
use egui::{FontFamily, FontId, TextStyle};

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
                FontId::new(15.0, FontFamily::Proportional),
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
    });
}
