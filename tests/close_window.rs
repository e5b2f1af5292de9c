//! The window's close button closes the program: at once when nothing is under way, after a
//! question during an exam. (The state's side is tested with the flows; this is the window's.)

mod common;

use eframe::egui;
use egui::{ViewportCommand, ViewportEvent, ViewportId};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use dangshi_quiz::shell::QuizApp;

/// The user presses the window's ✕ (or Alt+F4): the request arrives with the next frame.
fn press_close(harness: &mut Harness<'_, QuizApp>) {
    harness
        .input_mut()
        .viewports
        .entry(ViewportId::ROOT)
        .or_default()
        .events
        .push(ViewportEvent::Close);
    harness.step();
}

/// Whether the last frame told the window to close (and not only to stay open).
fn closes(harness: &Harness<'_, QuizApp>) -> bool {
    harness
        .output()
        .viewport_output
        .get(&ViewportId::ROOT)
        .is_some_and(|out| out.commands.contains(&ViewportCommand::Close))
}

#[test]
fn the_close_button_closes_the_program_and_asks_first_during_an_exam() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = common::harness(dir.path());
    harness.run();
    press_close(&mut harness);
    assert!(closes(&harness), "nothing under way: the window closes");
    drop(harness);

    let mut harness = common::harness(dir.path());
    harness.run();
    harness.get_by_label("模拟考试").click();
    harness.run();
    harness.get_by_label("开始考试").click();
    harness.run();
    press_close(&mut harness);
    assert!(!closes(&harness), "an exam is under way: it asks first");
    harness.run();
    harness.get_by_label("关闭程序").click();
    harness.step();
    assert!(closes(&harness), "closing was confirmed");
}
