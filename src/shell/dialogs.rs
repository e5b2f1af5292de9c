//! Choosing files: the system's dialog in the app, nothing in tests (they drop files instead).

use std::path::PathBuf;

use crate::app::Pick;

/// Picks files to import: a real dialog in the app, nothing in tests (they drop files instead).
pub trait FilePicker {
    /// The files the user chose for `pick` (none when cancelled or when no dialog can be shown).
    fn pick(&self, pick: Pick) -> Vec<PathBuf>;
}

/// The system's file dialog.
pub struct DialogPicker;

impl FilePicker for DialogPicker {
    fn pick(&self, pick: Pick) -> Vec<PathBuf> {
        let dialog = rfd::FileDialog::new();
        let dialog = match pick {
            Pick::Banks => dialog
                .set_title("选择要导入的题库")
                .add_filter("题库（RON、Excel、CSV）", &["ron", "xlsx", "xls", "csv"]),
            Pick::Packages => dialog
                .set_title("选择其他电脑导出的记录包")
                .add_filter("成绩记录包", &["dqpack", "sqlite"]),
            Pick::Roster => dialog
                .set_title("选择人员名单")
                .add_filter("人员名单（Excel、CSV）", &["xlsx", "xls", "csv"]),
        };
        match pick {
            Pick::Roster => dialog.pick_file().into_iter().collect(),
            _ => dialog.pick_files().unwrap_or_default(),
        }
    }
}

/// No dialog: for tests, which drop files on the window instead.
pub struct NoPicker;

impl FilePicker for NoPicker {
    fn pick(&self, _pick: Pick) -> Vec<PathBuf> {
        Vec::new()
    }
}
