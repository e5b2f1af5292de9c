//! Choosing files: the system's dialog where there is one; where it cannot open (a Linux desktop
//! without a portal or zenity, common on 信创 machines), a dialog drawn inside the window. Tests
//! have neither (they drop files or type paths).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use eframe::egui;

use crate::app::Pick;

/// What choosing files gave.
#[derive(Debug, PartialEq, Eq)]
pub enum Picked {
    /// The files chosen (none: cancelled).
    Files(Vec<PathBuf>),
    /// No system dialog could be shown: the one inside the window is to be used.
    Unavailable,
}

/// Picks files for the app.
pub trait FilePicker {
    /// The files the user chose for `pick`.
    fn pick(&self, pick: Pick) -> Picked;
}

/// The system's file dialog.
pub struct DialogPicker;

/// A dialog that returns sooner than this with nothing chosen never showed: nobody cancels a
/// dialog that fast.
const NEVER_SHOWN: Duration = Duration::from_millis(300);

impl FilePicker for DialogPicker {
    fn pick(&self, pick: Pick) -> Picked {
        if !system_dialog_possible() {
            return Picked::Unavailable;
        }
        let started = Instant::now();
        let dialog = rfd::FileDialog::new();
        let (title, name, extensions) = filter(pick);
        let dialog = dialog.set_title(title).add_filter(name, extensions);
        let files: Vec<PathBuf> = match pick {
            Pick::Roster => dialog.pick_file().into_iter().collect(),
            _ => dialog.pick_files().unwrap_or_default(),
        };
        if files.is_empty() && started.elapsed() < NEVER_SHOWN {
            log::warn!("系统的文件对话框没有打开，改用程序内的选择窗口");
            return Picked::Unavailable;
        }
        Picked::Files(files)
    }
}

/// Whether a system dialog can be shown at all: always on Windows and macOS; on Linux when
/// there is a desktop portal's session bus or zenity to ask.
fn system_dialog_possible() -> bool {
    if !cfg!(target_os = "linux") {
        return true;
    }
    let zenity = std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join("zenity").is_file()));
    zenity || std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
}

/// The dialog's title, the filter's name and its extensions.
fn filter(pick: Pick) -> (&'static str, &'static str, &'static [&'static str]) {
    match pick {
        Pick::Banks => (
            "选择要导入的题库",
            "题库（RON、Excel、CSV）",
            &["ron", "xlsx", "xls", "csv"],
        ),
        Pick::Packages => (
            "选择其他电脑导出的记录包",
            "成绩记录包",
            &["dqpack", "sqlite"],
        ),
        Pick::Roster => (
            "选择人员名单",
            "人员名单（Excel、CSV）",
            &["xlsx", "xls", "csv"],
        ),
    }
}

/// No dialog: for tests, which drop files on the window instead.
pub struct NoPicker;

impl FilePicker for NoPicker {
    fn pick(&self, _pick: Pick) -> Picked {
        Picked::Files(Vec::new())
    }
}

/// The file dialog drawn inside the window, in Chinese, showing folders and the files that fit:
/// for desktops where the system's cannot open. (The file-dialog crates for egui draw their icons
/// with emoji that no font of an office PC has.)
pub struct InAppDialog {
    /// What the files are for.
    pub pick: Pick,
    folder: PathBuf,
    typed: String,
    entries: Vec<(String, bool)>,
    chosen: Vec<PathBuf>,
    error: Option<String>,
    result: Option<Vec<PathBuf>>,
}

impl InAppDialog {
    /// Opens the dialog for `pick`, in `folder` (the user's home when none).
    pub fn open(pick: Pick, folder: Option<PathBuf>) -> Self {
        let folder = folder
            .or_else(|| directories::UserDirs::new().map(|dirs| dirs.home_dir().to_path_buf()))
            .unwrap_or_default();
        let mut dialog = Self {
            pick,
            typed: folder.display().to_string(),
            folder,
            entries: Vec::new(),
            chosen: Vec::new(),
            error: None,
            result: None,
        };
        dialog.read_folder();
        dialog
    }

    fn read_folder(&mut self) {
        let (_, _, extensions) = filter(self.pick);
        self.entries.clear();
        self.error = None;
        match std::fs::read_dir(&self.folder) {
            Ok(read) => {
                for entry in read.flatten() {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    if name.starts_with('.') {
                        continue;
                    }
                    let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
                    let fits = std::path::Path::new(&name)
                        .extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)));
                    if is_dir || fits {
                        self.entries.push((name, is_dir));
                    }
                }
                // Folders first, then files, each by name.
                self.entries
                    .sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            }
            Err(error) => {
                self.error = Some(format!(
                    "无法打开文件夹：{}",
                    crate::core::error::io_message(&error)
                ))
            }
        }
    }

    fn go_to(&mut self, folder: PathBuf) {
        self.folder = folder;
        self.typed = self.folder.display().to_string();
        self.chosen.clear();
        self.read_folder();
    }

    /// Draws the dialog; the files chosen once the user is done (none when cancelled).
    pub fn show(&mut self, ctx: &egui::Context) -> Option<Vec<PathBuf>> {
        let (title, what, _) = filter(self.pick);
        let single = self.pick == Pick::Roster;
        let modal = egui::Modal::new(egui::Id::unique("in-app-file-dialog")).show(ctx, |ui| {
            ui.set_width(ui.ctx().content_rect().width().min(760.0) - 60.0);
            ui.heading(title);
            ui.label(format!(
                "系统的文件选择窗口无法打开，请在这里选择（只列出文件夹和{what}）。"
            ));
            ui.horizontal(|ui| {
                let label = ui.label("文件夹：");
                let field = ui
                    .add(
                        egui::TextEdit::singleline(&mut self.typed)
                            .desired_width(ui.available_width() - 160.0),
                    )
                    .labelled_by(label.id);
                let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if ui.button("转到").clicked() || enter {
                    let typed = PathBuf::from(self.typed.trim());
                    if typed.is_file() {
                        // A file's path typed in whole: that is the choice.
                        self.result = Some(vec![typed]);
                    } else {
                        self.go_to(typed);
                    }
                }
                if ui.button("上一级").clicked()
                    && let Some(parent) = self.folder.parent().map(PathBuf::from)
                {
                    self.go_to(parent);
                }
            });
            ui.horizontal_wrapped(|ui| {
                for (name, place) in places() {
                    if ui.small_button(name).clicked() {
                        self.go_to(place);
                    }
                }
            });
            if let Some(error) = &self.error {
                ui.colored_label(crate::ui::home::ERROR_COLOR, error);
            }
            let mut open_folder = None;
            egui::ScrollArea::vertical()
                .max_height(320.0)
                .show(ui, |ui| {
                    if self.entries.is_empty() && self.error.is_none() {
                        ui.label("（这个文件夹里没有可选的文件）");
                    }
                    for (name, is_dir) in &self.entries {
                        let path = self.folder.join(name);
                        if *is_dir {
                            if ui
                                .selectable_label(false, format!("[文件夹] {name}"))
                                .clicked()
                            {
                                open_folder = Some(path);
                            }
                        } else {
                            let on = self.chosen.contains(&path);
                            if ui.selectable_label(on, name.as_str()).clicked() {
                                if on {
                                    self.chosen.retain(|p| *p != path);
                                } else {
                                    if single {
                                        self.chosen.clear();
                                    }
                                    self.chosen.push(path);
                                }
                            }
                        }
                    }
                });
            if let Some(folder) = open_folder {
                self.go_to(folder);
            }
            ui.separator();
            ui.horizontal(|ui| {
                let open = egui::Button::new(format!("打开（已选 {} 个）", self.chosen.len()));
                if ui.add_enabled(!self.chosen.is_empty(), open).clicked() {
                    self.result = Some(self.chosen.clone());
                }
                if ui.button("取消").clicked() {
                    self.result = Some(Vec::new());
                }
            });
        });
        if modal.should_close() && self.result.is_none() {
            self.result = Some(Vec::new());
        }
        self.result.take()
    }
}

/// Places to start from: the home folder, the desktop, downloads, and on Windows every drive.
fn places() -> Vec<(String, PathBuf)> {
    let mut places = Vec::new();
    if let Some(dirs) = directories::UserDirs::new() {
        places.push(("主文件夹".to_owned(), dirs.home_dir().to_path_buf()));
        if let Some(desktop) = dirs.desktop_dir() {
            places.push(("桌面".to_owned(), desktop.to_path_buf()));
        }
        if let Some(downloads) = dirs.download_dir() {
            places.push(("下载".to_owned(), downloads.to_path_buf()));
        }
    }
    if cfg!(windows) {
        for letter in 'C'..='Z' {
            let drive = PathBuf::from(format!("{letter}:\\"));
            if drive.is_dir() {
                places.push((format!("{letter} 盘"), drive));
            }
        }
    } else {
        places.push(("U 盘和光盘（/media）".to_owned(), PathBuf::from("/media")));
    }
    places
}
