//! The keys for answering, the same in practice and in the exam, and the line that tells them.

use eframe::egui::{InputState, Key};

use crate::core::bank::Kind;

/// Next question.
pub const NEXT: [Key; 2] = [Key::ArrowRight, Key::N];
/// Previous question.
pub const PREVIOUS: [Key; 1] = [Key::ArrowLeft];
/// "对" in a true-or-false question.
pub const TRUE: [Key; 3] = [Key::T, Key::A, Key::Num1];
/// "错" in a true-or-false question.
pub const FALSE: [Key; 3] = [Key::F, Key::B, Key::Num2];

/// Whether any of `keys` was pressed.
pub fn pressed(input: &InputState, keys: &[Key]) -> bool {
    keys.iter().any(|k| input.key_pressed(*k))
}

/// The options chosen by A–H or 1–8 this frame.
pub fn choices(input: &InputState) -> Vec<usize> {
    super::LETTER_KEYS
        .iter()
        .zip(super::DIGIT_KEYS)
        .enumerate()
        .filter(|(_, (letter, digit))| input.key_pressed(**letter) || input.key_pressed(*digit))
        .map(|(i, _)| i)
        .collect()
}

/// The true-or-false answer given by key this frame.
pub fn truth(input: &InputState) -> Option<bool> {
    if pressed(input, &TRUE) {
        Some(true)
    } else if pressed(input, &FALSE) {
        Some(false)
    } else {
        None
    }
}

/// The keys of a question of `kind`, in words; `submit` when Enter submits (practice).
pub fn help(kind: Kind, submit: bool) -> String {
    let enter = if submit { "，Enter 提交" } else { "" };
    let moves = "，→ 或 N 下一题，← 上一题";
    match kind {
        Kind::Single | Kind::Multiple => format!("键盘：A–H 或 1–8 选择{enter}{moves}"),
        Kind::TrueFalse => format!("键盘：T、A 或 1 选“对”，F、B 或 2 选“错”{enter}{moves}"),
        Kind::Blank => format!("键盘：在空格里输入答案{enter}；不在输入时 → 或 N 下一题"),
        Kind::Open if submit => "键盘：Enter 显示参考答案，然后 T 答对了 / F 没答对".to_owned(),
        Kind::Open => "键盘：在框里输入答案；不在输入时 → 或 N 下一题，← 上一题".to_owned(),
    }
}
