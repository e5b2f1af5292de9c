//! Choosing files: the system's dialog in the app, nothing in tests (they drop files instead).

use std::path::PathBuf;

/// Picks files to import: a real dialog in the app, nothing in tests (they drop files instead).
pub trait FilePicker {
    /// The files the user chose (none when cancelled or when no dialog can be shown).
    fn pick_banks(&self) -> Vec<PathBuf>;
    /// The records packages the user chose to merge.
    fn pick_packages(&self) -> Vec<PathBuf>;
}

/// The system's file dialog.
pub struct DialogPicker;

impl FilePicker for DialogPicker {
    fn pick_banks(&self) -> Vec<PathBuf> {
        rfd::FileDialog::new()
            .set_title("选择要导入的题库")
            .add_filter("题库（RON、Excel、CSV）", &["ron", "xlsx", "xls", "csv"])
            .pick_files()
            .unwrap_or_default()
    }

    fn pick_packages(&self) -> Vec<PathBuf> {
        rfd::FileDialog::new()
            .set_title("选择其他电脑导出的记录包")
            .add_filter("成绩记录包", &["dqpack", "sqlite"])
            .pick_files()
            .unwrap_or_default()
    }
}

/// No dialog: for tests, which drop files on the window instead.
pub struct NoPicker;

impl FilePicker for NoPicker {
    fn pick_banks(&self) -> Vec<PathBuf> {
        Vec::new()
    }

    fn pick_packages(&self) -> Vec<PathBuf> {
        Vec::new()
    }
}
