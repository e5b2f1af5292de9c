//! The state of the screens and the one place it changes, with no window: each flow's state and
//! rules. The window itself (eframe, dialogs, sound) is in [`crate::shell`].

pub mod competition_flow;
pub mod display_settings;
pub mod editor_flow;
pub mod exam_flow;
pub mod host_action;
pub mod import_flow;
pub mod people_flow;
pub mod standings_flow;
mod state;
pub mod study_flow;

pub use exam_flow::{ExamAction, ExamRun, ExamSetup};
pub use people_flow::{PeopleAction, PeopleForm};
pub use state::{Action, AppState, PracticeSetup, Screen};

/// The window title.
pub const TITLE: &str = "党史知识竞赛";
