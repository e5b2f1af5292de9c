//! The window: eframe's app, which loads the banks off the UI thread, draws the screens, and
//! applies their actions to [`AppState`]; and what only a window has (file dialogs, sound).

pub mod dialogs;
pub mod sound;
pub mod window;
pub mod zoom;

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use eframe::egui;

use crate::app::import_flow::ImportAction;
use crate::app::standings_flow::StandingsAction;
use crate::app::{Action, AppState, Effect, Effects, PeopleAction, Pick};
use dialogs::{DialogPicker, FilePicker, InAppDialog, NoPicker, Picked};

use crate::app::TITLE;
use crate::core::library::BankEntry;
use crate::storage::lock::DataLock;
use crate::storage::records::Records;
use crate::storage::writer::Writer;

/// The app: its state, the channel the bank loader reports on, and the file dialog.
pub struct QuizApp {
    /// The data folder's lock, held while the app runs.
    _lock: Option<DataLock>,
    /// The state, public so tests can assert on it.
    pub state: AppState,
    loader: Option<Receiver<Vec<BankEntry>>>,
    picker: Box<dyn FilePicker>,
    sound: sound::Player,
    /// Exports show their folder in the file manager (not in tests).
    opens_folders: bool,
    /// The state agreed to close the window: the next close request goes through.
    closing: bool,
    /// The file dialog inside the window, when the system's cannot open.
    in_app: Option<InAppDialog>,
    /// The main window's size and place.
    window: window::MainWindow,
    /// Why a folder could not be shown, from the thread that waited for the file manager.
    folder_failures: (Sender<String>, Receiver<String>),
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

/// Opens the app's window over the data folder `data_dir` (or the usual one); returns the exit
/// code. A second copy on the same folder says so and ends; a PC whose graphics cannot open the
/// window gets a message box saying why.
pub fn run(data_dir: Option<&Path>) -> std::process::ExitCode {
    use std::process::ExitCode;
    let data_dir = match crate::storage::data_dir(data_dir) {
        Ok(dir) => Some(dir),
        Err(error) => {
            log::warn!("{error}");
            None
        }
    };
    let lock = match data_dir.as_deref().map(DataLock::acquire) {
        Some(Ok(lock)) => Some(lock),
        Some(Err(error @ crate::core::error::Error::InUse { .. })) => {
            notice_window(&error.to_string());
            return ExitCode::from(1);
        }
        Some(Err(error)) => {
            log::warn!("{error}");
            None
        }
        None => None,
    };
    let result = eframe::run_native(
        TITLE,
        window_options([1000.0, 700.0]),
        Box::new(|cc| Ok(Box::new(QuizApp::new(&cc.egui_ctx, data_dir, lock)))),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let text = format!(
                "无法打开程序窗口：这台电脑的显卡驱动不支持 OpenGL 2.0，或没有图形界面。\n请更新显卡驱动后再试；题库检查等命令行功能不受影响。\n（{error}）"
            );
            eprintln!("{text}");
            message_box(&text);
            ExitCode::from(1)
        }
    }
}

/// The window's options: the glow renderer (OpenGL 2, which old integrated graphics have),
/// maximised, and no smaller than a 1024×768 projector allows.
fn window_options(size: [f32; 2]) -> eframe::NativeOptions {
    eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(TITLE)
            .with_inner_size(size)
            .with_maximized(true)
            .with_min_inner_size([800.0, 560.0])
            .with_icon(window_icon()),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    }
}

/// The app's icon (a gold star over an open book on red; not the party emblem, whose use is
/// regulated), for the title bar and the task bar on every platform.
fn window_icon() -> std::sync::Arc<egui::IconData> {
    static PNG: &[u8] = include_bytes!("../../assets/icons/icon-128.png");
    let icon = match image::load_from_memory(PNG) {
        Ok(image) => {
            let rgba = image.into_rgba8();
            egui::IconData {
                width: rgba.width(),
                height: rgba.height(),
                rgba: rgba.into_raw(),
            }
        }
        // Built in, so never seen; the system's own icon is the fallback.
        Err(_) => egui::IconData::default(),
    };
    std::sync::Arc::new(icon)
}

/// A small window with `text` and a button that closes it: for what must be read before the
/// program ends (the data folder in use).
fn notice_window(text: &str) {
    eprintln!("{text}");
    let owned = text.to_owned();
    let mut options = window_options([560.0, 260.0]);
    options.viewport = options
        .viewport
        .with_maximized(false)
        .with_min_inner_size([400.0, 200.0]);
    options.centered = true;
    let shown = eframe::run_native(
        TITLE,
        options,
        Box::new(move |cc| {
            crate::ui::setup(&cc.egui_ctx);
            Ok(Box::new(Notice { text: owned }))
        }),
    );
    if shown.is_err() {
        message_box(text);
    }
}

struct Notice {
    text: String,
}

impl eframe::App for Notice {
    // The app's light background: panels are not filled, so the default would be black.
    fn clear_color(&self, _visuals: &egui::Visuals) -> [f32; 4] {
        crate::ui::style::BACKGROUND.to_normalized_gamma_f32()
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading(TITLE);
            ui.label(&self.text);
            ui.add_space(12.0);
            if ui.button("知道了").clicked() {
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            }
        });
    }
}

/// A message box from the system, for when no window of our own can be opened.
fn message_box(text: &str) {
    let _ = rfd::MessageDialog::new()
        .set_title(TITLE)
        .set_description(text)
        .set_level(rfd::MessageLevel::Error)
        .show();
}

impl QuizApp {
    /// Sets up fonts and style, opens the records in `data_dir` (whose lock it holds), and starts
    /// loading the banks.
    pub fn new(ctx: &egui::Context, data_dir: Option<PathBuf>, lock: Option<DataLock>) -> Self {
        crate::ui::setup(ctx);
        let mut state = AppState::new(seed_from_clock());
        state.shared.clock.zone = local_zone();
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
            _lock: lock,
            state,
            loader,
            picker: Box::new(DialogPicker),
            sound: sound::Player::new(),
            opens_folders: true,
            folder_failures: channel(),
            closing: false,
            in_app: None,
            window: window::MainWindow::default(),
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
        match DataLock::acquire(data_dir) {
            Ok(lock) => {
                app._lock = Some(lock);
                open_records(&mut app.state, ctx, data_dir, wall_ms_at_start);
            }
            // A second copy on the folder must not touch it: it says so and records nothing.
            Err(error) => app.state.message = Some(error.to_string()),
        }
        app
    }

    /// An app over banks already loaded, for tests and tools: no disk, no dialog.
    pub fn with_library(ctx: &egui::Context, entries: Vec<BankEntry>) -> Self {
        crate::ui::setup(ctx);
        let mut state = AppState::new(0);
        state.handle(Action::LibraryLoaded(entries), Duration::ZERO);
        Self {
            _lock: None,
            state,
            loader: None,
            picker: Box::new(NoPicker),
            sound: sound::Player::silent(),
            opens_folders: false,
            folder_failures: channel(),
            closing: false,
            in_app: None,
            window: window::MainWindow::default(),
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
            state.shared.data_dir = Some(dir.to_path_buf());
            state.attach_records(records, writer, wall_ms);
            if let Some(notice) = outcome.notice() {
                state.message = Some(notice);
            }
        }
        Err(error) => state.message = Some(format!("{error}。本次成绩将无法保存。")),
    }
}

/// The PC's time zone now.
fn local_zone() -> crate::core::time::Zone {
    let offset = chrono::Local::now().offset().local_minus_utc();
    crate::core::time::Zone {
        offset_ms: i64::from(offset) * 1000,
    }
}

fn seed_from_clock() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0)
}

impl QuizApp {
    /// Does what the state asked of the window.
    fn apply(&mut self, ctx: &egui::Context, effects: Effects, now: Duration) {
        let mut queue = std::collections::VecDeque::from(effects);
        while let Some(effect) = queue.pop_front() {
            match effect {
                Effect::ReloadBanks => {
                    match spawn_loader(ctx, self.state.shared.data_dir.clone()) {
                        Ok(receiver) => self.loader = Some(receiver),
                        Err(error) => {
                            self.state.message = Some(format!("无法重新加载题库：{error}"))
                        }
                    }
                }
                Effect::Pick(pick) => match self.picker.pick(pick) {
                    Picked::Files(files) => queue.extend(self.picked(pick, files, now)),
                    Picked::Unavailable => {
                        let folder = self.state.shared.data_dir.clone();
                        self.in_app = Some(InAppDialog::open(pick, folder));
                    }
                },
                Effect::Play(cue) => self.sound.play(cue),
                Effect::OpenFolder(folder) if self.opens_folders => {
                    open_folder(ctx, &folder, self.folder_failures.0.clone());
                }
                Effect::CloseWindow => {
                    // The close this sends comes back as a close request: let it through.
                    self.closing = true;
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
                // The state applies the rest itself and never returns them.
                _ => {}
            }
        }
    }
}

impl QuizApp {
    /// What files chosen for `pick` lead to.
    fn picked(&mut self, pick: Pick, files: Vec<PathBuf>, now: Duration) -> Effects {
        let action = match pick {
            Pick::Banks => Action::Import(ImportAction::Start(files)),
            Pick::Packages => Action::Standings(StandingsAction::Merge(files)),
            Pick::Roster => match files.into_iter().next() {
                Some(file) => Action::People(PeopleAction::Import(file)),
                None => return Effects::new(),
            },
        };
        self.state.handle(action, now)
    }

    /// Opens the file dialog drawn inside the window (for tests of it, and where the system's
    /// cannot open).
    pub fn open_in_app_dialog(&mut self, pick: Pick, folder: Option<PathBuf>) {
        self.in_app = Some(InAppDialog::open(pick, folder));
    }
}

/// Shows `folder` in the system's file manager; nothing (and a log line) where there is none.
fn open_folder(ctx: &egui::Context, folder: &Path, failures: Sender<String>) {
    let program = if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let failed = |why: String| {
        format!(
            "无法打开文件夹（{why}）。它在：\n{}\n请在文件管理器中找到这个位置。",
            folder.display()
        )
    };
    match std::process::Command::new(program).arg(folder).spawn() {
        Err(error) => {
            let _ = failures.send(failed(format!("找不到 {program}：{error}")));
        }
        // xdg-open starts and then finds no file manager: its answer comes later, on a thread
        // (explorer's exit code means nothing, so Windows is taken at its word).
        Ok(mut child) if !cfg!(windows) => {
            let ctx = ctx.clone();
            let message = failed("系统没有可用的文件管理器".to_owned());
            let _ = std::thread::Builder::new()
                .name("open-folder".into())
                .spawn(move || {
                    if child.wait().is_ok_and(|status| !status.success()) {
                        let _ = failures.send(message);
                        ctx.request_repaint();
                    }
                });
        }
        Ok(_) => {}
    }
}

impl eframe::App for QuizApp {
    fn clear_color(&self, _visuals: &egui::Visuals) -> [f32; 4] {
        crate::ui::style::BACKGROUND.to_normalized_gamma_f32()
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        // egui's input time: the real clock in the app, a stepped one under egui_kittest.
        let now = Duration::from_secs_f64(ui.input(|i| i.time).max(0.0));
        let ctx = ui.ctx().clone();
        self.window
            .frame(&ctx, self.state.shared.records.as_ref(), now);
        if let Some(receiver) = &self.loader
            && let Ok(entries) = receiver.try_recv()
        {
            self.loader = None;
            let effects = self.state.handle(Action::LibraryLoaded(entries), now);
            self.apply(&ctx, effects, now);
        }
        if let Ok(message) = self.folder_failures.1.try_recv() {
            self.state.message = Some(message);
        }
        if ctx.input(|i| i.viewport().close_requested()) && !self.closing {
            // Nothing unsaved may be lost: the state says whether to close, or asks first.
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            let effects = self.state.handle(Action::CloseRequested, now);
            self.apply(&ctx, effects, now);
        }
        let effects = self.state.tick(now);
        self.apply(&ctx, effects, now);
        for action in crate::ui::app_ui(ui, &self.state, now) {
            let effects = self.state.handle(action, now);
            self.apply(&ctx, effects, now);
        }
        if let Some(dialog) = &mut self.in_app
            && let Some(files) = dialog.show(&ctx)
        {
            let pick = dialog.pick;
            self.in_app = None;
            let effects = self.picked(pick, files, now);
            self.apply(&ctx, effects, now);
        }
        if let Some(after) = self.state.repaint_after(now) {
            ctx.request_repaint_after(after);
        }
    }
}
