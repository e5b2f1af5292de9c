//! The window: eframe's app, which loads the banks off the UI thread, draws the screens, and
//! applies their actions to [`AppState`]; and what only a window has (file dialogs, sound).

pub mod dialogs;
pub mod sound;

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use eframe::egui;

use crate::app::import_flow::ImportAction;
use crate::app::{Action, AppState, standings_flow};
use dialogs::{DialogPicker, FilePicker, NoPicker};

use crate::core::library::BankEntry;
use crate::storage::records::Records;
use crate::storage::writer::Writer;

/// The app: its state, the channel the bank loader reports on, and the file dialog.
pub struct QuizApp {
    /// The state, public so tests can assert on it.
    pub state: AppState,
    loader: Option<Receiver<Vec<BankEntry>>>,
    picker: Box<dyn FilePicker>,
    sound: sound::Player,
}

/// Loads the built-in banks and those in `data_dir` on a thread, so a large bank never freezes the
/// window; `None` (and a message) if no thread could be started.
fn spawn_loader(
    ctx: &egui::Context,
    data_dir: Option<PathBuf>,
) -> std::io::Result<Receiver<Vec<BankEntry>>> {
    let (sender, receiver) = channel();
    let repaint = ctx.clone();
    std::thread::Builder::new()
        .name("bank-loader".into())
        .spawn(move || {
            let entries = crate::storage::load_library(data_dir.as_deref());
            // The window may already be closed; nothing is lost then.
            let _ = sender.send(entries);
            repaint.request_repaint();
        })?;
    Ok(receiver)
}

impl QuizApp {
    /// Sets up fonts and style, opens the records in `data_dir`, and starts loading the banks.
    pub fn new(ctx: &egui::Context, data_dir: Option<PathBuf>) -> Self {
        crate::ui::setup(ctx);
        let mut state = AppState::new(seed_from_clock());
        if let Some(dir) = &data_dir {
            open_records(&mut state, ctx, dir, crate::storage::now_ms());
        }
        let loader = match spawn_loader(ctx, data_dir) {
            Ok(receiver) => Some(receiver),
            Err(error) => {
                state.message = Some(format!("无法启动题库加载：{error}"));
                state.handle(Action::LibraryLoaded(Vec::new()), Duration::ZERO);
                None
            }
        };
        Self {
            state,
            loader,
            picker: Box::new(DialogPicker),
            sound: sound::Player::new(),
        }
    }

    /// An app over banks already loaded and the records in `data_dir`, with the wall clock at
    /// `now` = 0 given (tests fake it).
    pub fn with_library_and_records(
        ctx: &egui::Context,
        entries: Vec<BankEntry>,
        data_dir: &Path,
        wall_ms_at_start: i64,
    ) -> Self {
        let mut app = Self::with_library(ctx, entries);
        open_records(&mut app.state, ctx, data_dir, wall_ms_at_start);
        app
    }

    /// An app over banks already loaded, for tests and tools: no disk, no dialog.
    pub fn with_library(ctx: &egui::Context, entries: Vec<BankEntry>) -> Self {
        crate::ui::setup(ctx);
        let mut state = AppState::new(0);
        state.handle(Action::LibraryLoaded(entries), Duration::ZERO);
        Self {
            state,
            loader: None,
            picker: Box::new(NoPicker),
            sound: sound::Player::silent(),
        }
    }
}

/// Opens the records database and its writing thread; a problem is shown, never fatal.
fn open_records(state: &mut AppState, ctx: &egui::Context, dir: &Path, wall_ms: i64) {
    match Records::open(dir, wall_ms) {
        Ok((records, outcome)) => {
            let repaint = ctx.clone();
            let writer = match Writer::spawn(dir.to_path_buf(), move || repaint.request_repaint()) {
                Ok(writer) => Some(writer),
                Err(error) => {
                    state.message = Some(format!("无法启动成绩保存线程：{error}"));
                    None
                }
            };
            state.attach_records(records, writer, wall_ms);
            state.data_dir = Some(dir.to_path_buf());
            if let Some(notice) = outcome.notice() {
                state.message = Some(notice);
            }
        }
        Err(error) => state.message = Some(format!("{error}。本次成绩将无法保存。")),
    }
}

fn seed_from_clock() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0)
}

impl eframe::App for QuizApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        // egui's input time: the real clock in the app, a stepped one under egui_kittest.
        let now = Duration::from_secs_f64(ui.input(|i| i.time).max(0.0));
        if let Some(receiver) = &self.loader
            && let Ok(entries) = receiver.try_recv()
        {
            self.loader = None;
            self.state.handle(Action::LibraryLoaded(entries), now);
        }
        self.state.tick(now);
        self.state.tick_competition(now);
        self.state.tick_practice(now);
        self.state.tick_import();
        if std::mem::take(&mut self.state.reload_requested) {
            match spawn_loader(ui.ctx(), self.state.data_dir.clone()) {
                Ok(receiver) => self.loader = Some(receiver),
                Err(error) => self.state.message = Some(format!("无法重新加载题库：{error}")),
            }
        }
        for action in crate::ui::app_ui(ui, &self.state, now) {
            let action = match action {
                // The dialog belongs to the app, not the state: tests have none.
                Action::Import(ImportAction::Pick) => {
                    Action::Import(ImportAction::Start(self.picker.pick_banks()))
                }
                Action::Standings(standings_flow::StandingsAction::PickPackages) => {
                    Action::Standings(standings_flow::StandingsAction::Merge(
                        self.picker.pick_packages(),
                    ))
                }
                other => other,
            };
            self.state.handle(action, now);
        }
        if let Some(run) = &mut self.state.competition {
            for cue in run.cues.drain(..) {
                if !run.muted {
                    self.sound.play(cue);
                }
            }
        }
        if let Some(after) = self.state.competition_repaint_after(now) {
            ui.ctx().request_repaint_after(after);
        }
        if self
            .state
            .exam
            .as_ref()
            .is_some_and(|run| run.attempt.ended().is_none())
        {
            // The countdown: four times a second is smooth enough and costs little.
            ui.ctx().request_repaint_after(Duration::from_millis(250));
        }
    }
}
