//! The banks the app knows: built in or added by the user, each with its load report.

use std::path::PathBuf;

use crate::core::bank::Bank;
use crate::core::load::LoadReport;

/// Where a bank came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Shipped in `questions/` and built into the program; read-only.
    Bundled,
    /// A file in the user's data folder.
    User(PathBuf),
}

/// One bank file the app knows, loaded or not.
#[derive(Clone, Debug)]
pub struct BankEntry {
    /// Where it came from.
    pub origin: Origin,
    /// The outcome of loading it.
    pub report: LoadReport,
}

impl BankEntry {
    /// The bank, if its file could be read (it may still have questions with errors, which were skipped).
    pub fn bank(&self) -> Option<&Bank> {
        self.report.bank.as_ref()
    }

    /// The title to show: the bank's title, else the file's name without its folder.
    pub fn title(&self) -> &str {
        self.bank()
            .map(|b| b.title.as_str())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| {
                let file = self.report.file.as_str();
                file.rsplit(['/', '\\']).next().unwrap_or(file)
            })
    }

    /// Whether the bank can be practised: it loaded and has at least one usable question.
    pub fn is_usable(&self) -> bool {
        self.bank().is_some_and(|b| !b.questions.is_empty())
    }
}
