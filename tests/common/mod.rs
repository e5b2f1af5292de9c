//! Helpers shared by the UI flow tests: the app over the bundled banks and a records folder,
//! typing into text fields, and waiting for the records thread.
#![allow(dead_code)] // each test file uses some of these

use std::time::{Duration, Instant};

use dangshi_quiz::app::exam_flow::ExamRun;
use dangshi_quiz::app::standings_flow::StandingsState;
use dangshi_quiz::app::{AppState, Screen};
use dangshi_quiz::shell::QuizApp;
use dangshi_quiz::storage::load_library;
use dangshi_quiz::storage::people::Participant;
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

/// The wall clock at the start of every test app: a fixed day, so tests fake the clock.
pub const T0: i64 = 1_780_000_000_000;

/// The app over the bundled banks with its records in `dir`, at 1366×768.
pub fn harness(dir: &std::path::Path) -> Harness<'static, QuizApp> {
    harness_sized(dir, [1366.0, 768.0])
}

/// The app over the bundled banks with its records in `dir`, in a window of `size` points.
pub fn harness_sized(dir: &std::path::Path, size: [f32; 2]) -> Harness<'static, QuizApp> {
    let dir = dir.to_path_buf();
    Harness::builder()
        // Background threads (bank loading, the records writer) may ask for a few more frames.
        .with_max_steps(64)
        .with_size(size)
        .with_context_setup(dangshi_quiz::ui::fonts::install)
        .build_eframe(move |cc| {
            QuizApp::with_library_and_records(&cc.egui_ctx, load_library(None), &dir, T0)
        })
}

/// The app's state.
pub fn app<'a>(harness: &'a Harness<'_, QuizApp>) -> &'a AppState {
    &harness.state().state
}

/// The screen on show.
pub fn screen(harness: &Harness<'_, QuizApp>) -> Screen {
    app(harness).screen
}

/// The exam under way (or just ended).
pub fn exam<'a>(harness: &'a Harness<'_, QuizApp>) -> &'a ExamRun {
    app(harness).exam.run.as_ref().expect("an exam")
}

/// Everyone in the records.
pub fn people<'a>(harness: &'a Harness<'_, QuizApp>) -> &'a [Participant] {
    &app(harness).shared.directory.people
}

/// What the standings screen shows.
pub fn standings<'a>(harness: &'a Harness<'_, QuizApp>) -> &'a StandingsState {
    &app(harness).standings.state
}

/// Clicks the text field labelled `label` (scrolled into view first) and types `text` into it.
pub fn type_into_labelled(harness: &mut Harness<'_, QuizApp>, label: &str, text: &str) {
    fn field<'h>(harness: &'h Harness<'_, QuizApp>, label: &'h str) -> egui_kittest::Node<'h> {
        use egui_kittest::kittest::NodeT as _;
        harness
            .get_all_by_label(label)
            .find(|node| {
                matches!(
                    node.accesskit_node().role(),
                    egui::accesskit::Role::TextInput | egui::accesskit::Role::MultilineTextInput
                )
            })
            .expect("a text field with this label")
    }
    field(harness, label).scroll_to_me();
    harness.run();
    field(harness, label).click();
    harness.run();
    type_into_focused(harness, text);
}

/// Types into the text field (of one line or several) that has the focus.
pub fn type_into_focused(harness: &mut Harness<'_, QuizApp>, text: &str) {
    harness
        .query_all_by_role(egui::accesskit::Role::TextInput)
        .chain(harness.query_all_by_role(egui::accesskit::Role::MultilineTextInput))
        .find(|node| node.is_focused())
        .expect("a focused text field")
        .type_text(text);
    harness.run();
}

/// Steps until every write sent to the records thread for the exam is acknowledged.
pub fn wait_for_saves(harness: &mut Harness<'_, QuizApp>) {
    let started = Instant::now();
    loop {
        harness.step();
        let run = exam(harness);
        if run.saved >= run.sent {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "writes never acknowledged"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Steps until the standings' figures, read on their own thread, have arrived.
pub fn wait_for_standings(harness: &mut Harness<'_, QuizApp>) {
    let started = Instant::now();
    harness.step();
    while app(harness).standings.is_reading() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the standings were never read"
        );
        harness.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    harness.run();
}

/// Steps until the banks, loaded again in the background, include one with this title.
pub fn wait_for_bank(harness: &mut Harness<'_, QuizApp>, title: &str) {
    let started = Instant::now();
    while !app(harness).entries().iter().any(|e| e.title() == title) {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{title} never appeared"
        );
        harness.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    harness.run();
}

/// A file dropped on the window, as egui_kittest takes it.
#[derive(Debug)]
pub struct Dropped(pub std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}
