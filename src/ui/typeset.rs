//! Line breaking for Chinese text, where egui's own rules fall short: egui breaks at spaces first
//! and otherwise after a hanzi, so a list of numbers ("第 2、3、19 题") has nowhere to break but
//! inside a number, and the space in an answer slot "（ ）" is taken as the best break of all.
//!
//! [`flow`] gives each line what a typesetter would: a hair space (an allowed break, 1/24 em wide)
//! after Chinese punctuation that comes before a digit or a Latin letter, and a no-break space
//! for a space just inside brackets. (A break before a hanzi cannot be forbidden in egui, so
//! "0.33 / 秒" may part; the number itself never does.) Every question, answer and composed list goes through it.

use std::borrow::Cow;

/// An allowed break that is all but invisible.
const HAIR_SPACE: char = '\u{200A}';
/// A space that never breaks.
const NO_BREAK_SPACE: char = '\u{00A0}';

/// Punctuation after which a line may break.
fn breaks_after(c: char) -> bool {
    "、，。；：！？）》」』】".contains(c)
}

fn opens(c: char) -> bool {
    "（(［[【《「『“".contains(c)
}

fn closes(c: char) -> bool {
    "）)］]】》」』”".contains(c)
}

/// `text` with the breaks a reader expects (see the module's notes).
pub fn flow(text: &str) -> Cow<'_, str> {
    let chars: Vec<char> = text.chars().collect();
    let needs = chars.windows(2).any(|w| {
        (breaks_after(w[0]) && w[1].is_ascii_alphanumeric())
            || (opens(w[0]) && w[1] == ' ')
            || (w[0] == ' ' && closes(w[1]))
    });
    if !needs {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        if c == ' ' && (before.is_some_and(opens) || after.is_some_and(closes)) {
            out.push(NO_BREAK_SPACE);
            continue;
        }
        out.push(c);
        if breaks_after(c) && after.is_some_and(|a| a.is_ascii_alphanumeric()) {
            out.push(HAIR_SPACE);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_of_numbers_may_break_after_each_comma_and_slots_never_break() {
        assert_eq!(flow("第 2、19、3 题"), "第 2、\u{200A}19、\u{200A}3 题");
        assert_eq!(
            flow("陈独秀创办（ ），标志着"),
            "陈独秀创办（\u{a0}），标志着"
        );
        assert_eq!(flow("（  ）"), "（\u{a0}\u{a0}）");
        assert_eq!(flow("答案：B. 遵义会议"), "答案：\u{200A}B. 遵义会议");
        assert!(matches!(flow("中国共产党成立于1921年。"), Cow::Borrowed(_)));
    }

    #[test]
    fn laid_out_narrow_no_number_is_cut_and_no_slot_is_split() {
        use eframe::egui;
        let ctx = egui::Context::default();
        crate::ui::fonts::install(&ctx);
        let list: Vec<String> = (2..=30).map(|i| i.to_string()).collect();
        let text = format!("还有 29 题未作答：第 {} 题", list.join("、"));
        let stem = "1915年9月，陈独秀在上海创办（ ），标志着新文化运动的兴起。".repeat(3);
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            for width in [120.0, 200.0, 333.0, 560.0] {
                let rows = |text: &str| -> Vec<String> {
                    let galley = ui.painter().layout(
                        flow(text).into_owned(),
                        egui::FontId::proportional(20.0),
                        egui::Color32::BLACK,
                        width,
                    );
                    galley
                        .rows
                        .iter()
                        .map(|r| r.row.glyphs.iter().map(|g| g.chr).collect())
                        .collect()
                };
                let lines = rows(&text);
                for pair in lines.windows(2) {
                    let end = pair[0].trim_end().chars().last().unwrap_or(' ');
                    let start = pair[1].chars().next().unwrap_or(' ');
                    assert!(
                        !(end.is_ascii_digit() && start.is_ascii_digit()),
                        "a number cut at {width}: {lines:?}"
                    );
                }
                for line in rows(&stem) {
                    assert!(
                        !line.trim_end().ends_with('（') && !line.starts_with('）'),
                        "a slot split at {width}: {line:?}"
                    );
                }
            }
        });
        output.textures_delta.clear();
    }
}
