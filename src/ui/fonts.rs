//! Fonts: the system's CJK fonts where there are some, and the bundled Noto Sans SC subset otherwise.

use std::sync::Arc;

use eframe::egui;
use egui::epaint::text::{
    FallbackRequest, FontData, FontInsert, FontPriority, FontProvider, InsertFontFamily,
};
use skrifa::MetadataProvider as _;

/// Noto Sans CJK SC subset to GBK (see `assets/fonts/README.md`), licensed under the OFL.
pub static BUNDLED_CJK_FONT: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-GBK.otf");

const BUNDLED_NAME: &str = "bundled:NotoSansSC-GBK";

/// Whether the bundled font has a glyph for `c`.
pub fn bundled_font_has(c: char) -> bool {
    skrifa::FontRef::new(BUNDLED_CJK_FONT)
        .ok()
        .and_then(|font| font.charmap().map(c))
        .is_some_and(|glyph| glyph != skrifa::GlyphId::NOTDEF)
}

/// Offers the bundled font for any character it has that no installed or system font covers.
///
/// eframe asks the system font provider first, so a machine with its own CJK font (微软雅黑,
/// 思源黑体…) uses it; a machine with none, such as a fresh 统信UOS or a test, uses this one.
struct BundledCjk;

impl FontProvider for BundledCjk {
    fn font_for(&self, request: &FallbackRequest<'_>) -> Option<FontInsert> {
        let c = request.cluster.chars().next()?;
        bundled_font_has(c).then(|| FontInsert {
            name: BUNDLED_NAME.to_owned(),
            data: FontData::from_static(BUNDLED_CJK_FONT),
            families: vec![InsertFontFamily {
                family: request.family.clone(),
                priority: FontPriority::Lowest,
            }],
        })
    }
}

/// Makes Chinese render on `ctx`: call once, after eframe (or a test harness) created it.
pub fn install(ctx: &egui::Context) {
    ctx.add_font_provider(Arc::new(BundledCjk));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_font_covers_names_that_often_show_as_boxes() {
        for c in "朱镕基瞿秋白邓小平习近平“”《》·—…①√×".chars() {
            assert!(bundled_font_has(c), "bundled font lacks {c}");
        }
        assert!(!bundled_font_has('\u{10FFFF}'));
    }
}
