//! How the audience display looks and sounds: its theme, type size and windows, set live by the
//! host; and the sounds the competition makes.

use serde::{Deserialize, Serialize};

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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
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

/// Where a window was on the desktop, in points: its place tells which monitor it was on.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct WindowPlace {
    /// Left edge of the window's frame.
    pub x: f32,
    /// Top edge of the window's frame.
    pub y: f32,
    /// Width inside the frame.
    pub width: f32,
    /// Height inside the frame.
    pub height: f32,
}

impl WindowPlace {
    /// Whether `other` is the same place to within a point (windows report fractions).
    pub fn same_as(&self, other: &WindowPlace) -> bool {
        (self.x - other.x).abs() < 1.0
            && (self.y - other.y).abs() < 1.0
            && (self.width - other.width).abs() < 1.0
            && (self.height - other.height).abs() < 1.0
    }
}

/// The display's settings, changed live by the host and kept with the competition, so a resumed
/// competition shows its display again as it was.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DisplaySettings {
    /// Colours.
    pub theme: Theme,
    /// Type size relative to the usual (1.0), one of [`DisplaySettings::SCALES`].
    pub scale: f32,
    /// The second window is open.
    pub window: bool,
    /// The second window fills its screen.
    pub fullscreen: bool,
    /// Where the second window was last, out of full screen (which monitor, and where on it).
    pub place: Option<WindowPlace>,
    /// A small copy of the display in the console.
    pub preview: bool,
    /// The main window shows only the display, full screen, for a single mirrored screen: the
    /// host works by keys, and Esc brings the console back.
    pub audience_only: bool,
}

impl DisplaySettings {
    /// The type sizes the host can pick, smallest first.
    pub const SCALES: [f32; 13] = [
        0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2.0,
    ];

    /// The next size up (`step` 1) or down (`step` -1) from the current one.
    pub fn stepped(&self, step: i32) -> f32 {
        let at = Self::SCALES
            .iter()
            .position(|s| *s >= self.scale - 0.001)
            .unwrap_or(Self::SCALES.len() - 1) as i32;
        let next = (at + step).clamp(0, Self::SCALES.len() as i32 - 1);
        Self::SCALES[next as usize]
    }

    /// The settings as the records keep them.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Settings the records kept; anything unreadable takes the usual value.
    pub fn from_json(text: &str) -> Self {
        let mut settings: Self = serde_json::from_str(text).unwrap_or_default();
        if !settings.scale.is_finite() {
            settings.scale = 1.0;
        }
        settings.scale = settings.scale.clamp(Self::SCALES[0], Self::SCALES[12]);
        settings
    }
}

impl Default for DisplaySettings {
    fn default() -> Self {
        Self {
            theme: Theme::default(),
            scale: 1.0,
            window: false,
            fullscreen: false,
            place: None,
            preview: true,
            audience_only: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_survive_the_records_and_bad_text_gives_the_usual_ones() {
        let settings = DisplaySettings {
            theme: Theme::RedGold,
            scale: 1.4,
            window: true,
            fullscreen: true,
            place: Some(WindowPlace {
                x: 1366.0,
                y: 0.0,
                width: 1024.0,
                height: 768.0,
            }),
            preview: false,
            audience_only: false,
        };
        assert_eq!(DisplaySettings::from_json(&settings.to_json()), settings);
        assert_eq!(DisplaySettings::from_json("{"), DisplaySettings::default());
        let old = DisplaySettings::from_json(r#"{"theme":"Light","scale":9.0}"#);
        assert_eq!(old.theme, Theme::Light);
        assert_eq!(old.scale, 2.0, "held to the largest size offered");
        assert!(old.preview, "a field left out takes the usual value");
    }

    #[test]
    fn sizes_step_through_the_offered_ones_and_stop_at_the_ends() {
        let mut settings = DisplaySettings::default();
        assert_eq!(settings.stepped(1), 1.1);
        assert_eq!(settings.stepped(-1), 0.9);
        settings.scale = 0.8;
        assert_eq!(settings.stepped(-1), 0.8);
        settings.scale = 2.0;
        assert_eq!(settings.stepped(1), 2.0);
        settings.scale = 1.25;
        assert_eq!(settings.stepped(1), 1.4, "an odd size joins the steps");
    }
}
