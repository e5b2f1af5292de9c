//! The state of the screens and the one place it changes, with no window: each flow's state and
//! rules, and the [`Effect`]s they ask of the world. The window itself (eframe, dialogs, sound) is
//! in `crate::shell`; the drawing in `crate::ui`.

pub mod competition_flow;
pub mod display_settings;
pub mod editor_flow;
pub mod effect;
pub mod exam_flow;
pub mod host_action;
pub mod import_flow;
pub mod people_flow;
pub mod practice_flow;
pub mod shared;
pub mod standings_flow;
mod state;
pub mod study_flow;

pub use effect::{Effect, Effects, Notice, Pick};
pub use exam_flow::{ExamAction, ExamRun, ExamSetup};
pub use people_flow::{PeopleAction, PeopleForm};
pub use practice_flow::{PracticeAction, PracticeSetup};
pub use shared::Shared;
pub use state::{Action, AppState, Screen};

/// The window title.
pub const TITLE: &str = "党史知识竞赛";
