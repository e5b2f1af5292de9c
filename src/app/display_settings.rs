//! How the audience display looks and sounds: its theme, type size and windows, set live by the
//! host; and the sounds the competition makes.

/// A sound the competition makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cue {
    /// A team won the press.
    Buzz,
    /// Right answer.
    Right,
    /// Wrong answer.
    Wrong,
    /// One of the last five seconds.
    Tick,
    /// Time is up.
    TimeUp,
}

/// How the audience display looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Theme {
    /// White and yellow on black: readable on any projector.
    #[default]
    HighContrast,
    /// Gold on deep red, for the occasion.
    RedGold,
    /// Black on white, for bright rooms.
    Light,
}

impl Theme {
    /// All themes.
    pub const ALL: [Theme; 3] = [Theme::HighContrast, Theme::RedGold, Theme::Light];

    /// The name in the console.
    pub fn label(self) -> &'static str {
        match self {
            Theme::HighContrast => "高对比（黑底）",
            Theme::RedGold => "红金",
            Theme::Light => "明亮（白底）",
        }
    }
}

/// The display's settings, changed live by the host.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DisplaySettings {
    /// Colours.
    pub theme: Theme,
    /// Type size relative to the usual (1.0).
    pub scale: f32,
    /// The second window is open.
    pub window: bool,
    /// The second window fills its screen.
    pub fullscreen: bool,
    /// A small copy of the display in the console.
    pub preview: bool,
    /// The main window shows only the display, for a single mirrored screen: the host works by
    /// keys, and Esc brings the console back.
    pub audience_only: bool,
}

impl Default for DisplaySettings {
    fn default() -> Self {
        Self {
            theme: Theme::default(),
            scale: 1.0,
            window: false,
            fullscreen: false,
            preview: true,
            audience_only: false,
        }
    }
}
