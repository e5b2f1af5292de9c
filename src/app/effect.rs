//! What a flow asks of the world outside its own state, returned instead of done: the one outer
//! `handle` applies each, so no flow writes another's state or the window's.

use std::path::PathBuf;

use crate::app::display_settings::Cue;
use crate::app::state::Screen;
use crate::core::practice::Item;

/// A line for the user in the screen it belongs to: a success in green, a problem in red.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// What happened, in Chinese.
    pub text: String,
    /// Whether it is a problem.
    pub is_error: bool,
}

impl Notice {
    /// Something went as asked.
    pub fn ok(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            is_error: false,
        }
    }

    /// Something went wrong, or cannot be done.
    pub fn error(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            is_error: true,
        }
    }
}

/// Which files the user is asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick {
    /// Banks to import.
    Banks,
    /// Records packages to merge.
    Packages,
    /// A list of people to import.
    Roster,
}

/// A practice-like session to start: a study mode's questions, recorded under its mode.
#[derive(Clone, Debug)]
pub struct SessionStart {
    /// The questions, in order.
    pub items: Vec<Item>,
    /// The mode as the records name it (`daily`, `challenge`…).
    pub mode: &'static str,
    /// The title in the records.
    pub title: String,
    /// Who studies.
    pub participant: Option<i64>,
    /// Seconds per question for a challenge; none for an ordinary session.
    pub challenge_secs: Option<u64>,
}

/// Something a flow needs done outside its own state.
#[derive(Clone, Debug)]
pub enum Effect {
    /// Show this screen.
    Show(Screen),
    /// A message box over every screen: for what the user must read whatever screen is on.
    Message(String),
    /// People or branches changed in the records: read them again.
    PeopleChanged,
    /// Bank files changed on disk: load the banks again (the window's loader does).
    ReloadBanks,
    /// Ask the user for files (the window owns the dialog); the answer comes back as an action.
    Pick(Pick),
    /// Play a sound (the window owns the device).
    Play(Cue),
    /// Start a study session in the practice screen.
    Practise(SessionStart),
    /// Read the favourites of this participant, for the ☆ button of practice.
    Favourites(Option<i64>),
    /// Reveal this folder in the file manager.
    OpenFolder(PathBuf),
    /// Close the window (the user asked to, and nothing unsaved stands in the way).
    CloseWindow,
}

/// The effects a flow returns.
pub type Effects = Vec<Effect>;
