//! 导入题库: files read on a background thread with progress and cancel; valid banks are saved into
//! the data folder, a newer version of a bank only after the user has seen what changes.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, channel};

use crate::app::effect::{Effect, Effects, Notice, Pick};
use crate::app::shared::Shared;
use crate::app::state::Screen;
use crate::core::bank::Bank;
use crate::core::bank_diff::BankDiff;
use crate::core::load::LoadReport;
use crate::storage::bank_files::{install_bank, read_bank, user_bank_with_id, write_bank};

/// A running import.
pub struct ImportJob {
    /// How many files.
    pub total: usize,
    /// How many are read.
    pub done: Arc<AtomicUsize>,
    cancel: Arc<AtomicBool>,
    results: Receiver<(PathBuf, LoadReport)>,
}

/// One file's outcome, for the report.
#[derive(Clone, Debug)]
pub struct ImportedFile {
    /// The file.
    pub path: PathBuf,
    /// What reading it found.
    pub report: LoadReport,
    /// What was done with it, in words.
    pub outcome: String,
}

/// A newer version of a bank waiting for the user's yes.
#[derive(Clone, Debug)]
pub struct PendingReplace {
    /// The new version.
    pub bank: Bank,
    /// What changes.
    pub diff: BankDiff,
    /// The file of the version it replaces.
    pub old_path: PathBuf,
}

/// The import screen's state.
#[derive(Default)]
pub struct ImportFlow {
    /// The import under way.
    pub job: Option<ImportJob>,
    /// What the last import did, file by file.
    pub files: Vec<ImportedFile>,
    /// Replacements to confirm.
    pub pending: Vec<PendingReplace>,
    /// A line about the last export.
    pub notice: Option<Notice>,
    /// A path typed in, to read.
    pub typed_path: String,
}

/// The import actions.
#[derive(Clone, Debug)]
pub enum ImportAction {
    /// Open the import screen.
    Open,
    /// Choose files in a dialog (the window owns it; the files come back as `Start`).
    Pick,
    /// A path was typed.
    TypedPath(String),
    /// Read these files.
    Start(Vec<PathBuf>),
    /// Stop after the file being read.
    Cancel,
    /// Replace the older version with the first pending bank.
    Confirm,
    /// Keep the older version; drop the first pending bank.
    Skip,
    /// Write a blank template with an example row to the data folder.
    ExportTemplate,
    /// Write library entry `n` as an Excel file to the data folder.
    ExportBank(usize),
}

impl ImportFlow {
    /// Applies one action.
    pub fn handle(&mut self, action: ImportAction, cx: &mut Shared) -> Effects {
        let mut fx = Effects::new();
        match action {
            ImportAction::Open => fx.push(Effect::Show(Screen::Import)),
            ImportAction::Pick => fx.push(Effect::Pick(Pick::Banks)),
            ImportAction::TypedPath(path) => self.typed_path = path,
            ImportAction::Start(paths) => self.start(paths, &mut fx),
            ImportAction::Cancel => {
                if let Some(job) = &self.job {
                    job.cancel.store(true, Ordering::Relaxed);
                }
            }
            ImportAction::Confirm => {
                if !self.pending.is_empty() {
                    let pending = self.pending.remove(0);
                    let outcome = match cx
                        .data_dir
                        .as_deref()
                        .map(|dir| install_bank(dir, &pending.bank, Some(&pending.old_path)))
                    {
                        Some(Ok(path)) => format!(
                            "已替换旧版（{}），旧文件备份为 .bak：{}",
                            pending.diff.summary(),
                            path.display()
                        ),
                        Some(Err(error)) => error.to_string(),
                        None => "没有数据文件夹，无法保存".to_owned(),
                    };
                    self.note_outcome(&pending.bank.id, outcome);
                    fx.push(Effect::ReloadBanks);
                }
            }
            ImportAction::Skip => {
                if !self.pending.is_empty() {
                    let pending = self.pending.remove(0);
                    self.note_outcome(&pending.bank.id, "保留旧版，未导入".to_owned());
                }
            }
            ImportAction::ExportTemplate => self.export_bank_file(
                cx,
                &crate::core::sheet::template_bank(),
                "题库模板.xlsx",
                &mut fx,
            ),
            ImportAction::ExportBank(index) => {
                if let Some(bank) = cx.entries().get(index).and_then(|e| e.bank()).cloned() {
                    let name = format!("{}.xlsx", bank.title);
                    self.export_bank_file(cx, &bank, &name, &mut fx);
                }
            }
        }
        fx
    }

    fn export_bank_file(&mut self, cx: &Shared, bank: &Bank, name: &str, fx: &mut Effects) {
        let Some(folder) = cx.export_folder() else {
            return;
        };
        let path = folder.join(name);
        let result = std::fs::create_dir_all(&folder)
            .map_err(|e| crate::core::error::Error::Io {
                path: folder.clone(),
                source: e,
            })
            .and_then(|()| write_bank(bank, &path));
        self.notice = Some(match result {
            Ok(()) => {
                fx.push(Effect::OpenFolder(folder.clone()));
                Notice::ok(format!("已保存到 {}", path.display()))
            }
            Err(error) => Notice::error(error.to_string()),
        });
    }

    fn note_outcome(&mut self, bank_id: &str, outcome: String) {
        if let Some(file) = self
            .files
            .iter_mut()
            .rev()
            .find(|f| f.report.bank.as_ref().is_some_and(|b| b.id == bank_id))
        {
            file.outcome = outcome;
        }
    }

    fn start(&mut self, paths: Vec<PathBuf>, fx: &mut Effects) {
        if paths.is_empty() || self.job.is_some() {
            return;
        }
        fx.push(Effect::Show(Screen::Import));
        self.files.clear();
        let (sender, results) = channel();
        let done = Arc::new(AtomicUsize::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let job = ImportJob {
            total: paths.len(),
            done: done.clone(),
            cancel: cancel.clone(),
            results,
        };
        let spawned = std::thread::Builder::new()
            .name("bank-import".into())
            .spawn(move || {
                for path in paths {
                    if cancel.load(Ordering::Relaxed) {
                        break;
                    }
                    let report = read_bank(&path);
                    done.fetch_add(1, Ordering::Relaxed);
                    if sender.send((path, report)).is_err() {
                        break;
                    }
                }
            });
        match spawned {
            Ok(_) => self.job = Some(job),
            Err(error) => fx.push(Effect::Message(format!("无法开始导入：{error}"))),
        }
    }

    /// Every frame: takes the files read so far; saves the valid ones.
    pub fn tick(&mut self, cx: &mut Shared) -> Effects {
        let mut fx = Effects::new();
        let Some(job) = &self.job else { return fx };
        let arrived: Vec<(PathBuf, LoadReport)> = job.results.try_iter().collect();
        let finished =
            job.done.load(Ordering::Relaxed) >= job.total || job.cancel.load(Ordering::Relaxed);
        for (path, report) in arrived {
            let outcome = self.take_in(&report, cx, &mut fx);
            self.files.push(ImportedFile {
                path,
                report,
                outcome,
            });
        }
        if finished
            && self
                .job
                .as_ref()
                .is_some_and(|j| j.results.try_recv().is_err())
        {
            let job = self.job.take();
            if job.is_some_and(|j| j.done.load(Ordering::Relaxed) < j.total) {
                self.notice = Some(Notice::error("导入已取消：其余文件没有读取"));
            }
        }
        fx
    }

    /// Saves a valid bank, or queues it for confirmation when it replaces an older version.
    fn take_in(&mut self, report: &LoadReport, cx: &Shared, fx: &mut Effects) -> String {
        let errors = report.errors().count();
        let encoding = report
            .encoding
            .map(|e| format!("（编码 {}）", e.label()))
            .unwrap_or_default();
        let Some(bank) = report.bank.as_ref().filter(|_| errors == 0) else {
            return format!("有 {errors} 个问题，未导入{encoding}");
        };
        let Some(dir) = cx.data_dir.clone() else {
            return "没有数据文件夹，无法保存".to_owned();
        };
        if let Some((old_path, old)) = user_bank_with_id(&dir, &bank.id) {
            let diff = BankDiff::between(&old, bank);
            self.pending.push(PendingReplace {
                bank: bank.clone(),
                diff: diff.clone(),
                old_path,
            });
            return format!(
                "与已有题库“{}”编号相同，待确认：{}",
                old.title,
                diff.summary()
            );
        }
        match install_bank(&dir, bank, None) {
            Ok(path) => {
                fx.push(Effect::ReloadBanks);
                format!(
                    "已导入 {} 题{encoding}，保存为 {}",
                    bank.questions.len(),
                    path.display()
                )
            }
            Err(error) => error.to_string(),
        }
    }
}
