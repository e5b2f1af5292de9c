//! The competition's sounds: short tones generated here (no sound files, nothing to license),
//! played on the default output device by a thread of their own. With no audio device, or any
//! audio error, the app stays silent and says so in the log; it never stops.

use std::sync::mpsc::{Sender, channel};

use crate::app::display_settings::Cue;

#[cfg(target_os = "linux")]
mod alsa;
#[cfg(target_os = "linux")]
use alsa::Output;
#[cfg(not(target_os = "linux"))]
mod device;
#[cfg(not(target_os = "linux"))]
use device::Output;

/// Plays cues; silent when there is no device.
pub struct Player {
    sender: Option<Sender<Cue>>,
}

impl Player {
    /// Starts the sound thread, which opens the default output device.
    #[allow(clippy::new_without_default)] // starting a thread is not a default
    pub fn new() -> Self {
        let (sender, receiver) = channel::<Cue>();
        let started = std::thread::Builder::new()
            .name("sound".into())
            .spawn(move || {
                let Some(mut output) = Output::open() else {
                    return;
                };
                while let Ok(cue) = receiver.recv() {
                    output.play(&tone(cue, output.rate()));
                }
            });
        match started {
            Ok(_) => Self {
                sender: Some(sender),
            },
            Err(error) => {
                log::warn!("无法启动声音线程，竞赛将没有声音：{error}");
                Self::silent()
            }
        }
    }

    /// A player that plays nothing (tests, and machines without sound).
    pub fn silent() -> Self {
        Self { sender: None }
    }

    /// Plays `cue` (or nothing, if there is no device).
    pub fn play(&self, cue: Cue) {
        if let Some(sender) = &self.sender {
            // The thread is gone when there is no device: silence is the fallback.
            let _ = sender.send(cue);
        }
    }
}

/// The samples of `cue` at `rate`: (frequency Hz, milliseconds) notes with soft edges.
fn tone(cue: Cue, rate: u32) -> Vec<f32> {
    let notes: &[(f32, u32)] = match cue {
        Cue::Buzz => &[(880.0, 120), (1175.0, 200)],
        Cue::Right => &[(660.0, 120), (880.0, 120), (1320.0, 220)],
        Cue::Wrong => &[(196.0, 450)],
        Cue::Tick => &[(1000.0, 60)],
        Cue::TimeUp => &[(440.0, 250), (0.0, 80), (440.0, 600)],
    };
    let rate_f = rate as f32;
    let mut out = Vec::new();
    for &(freq, ms) in notes {
        let n = (rate * ms / 1000) as usize;
        let edge = (rate_f * 0.01) as usize;
        for i in 0..n {
            let fade = (i.min(n - i) as f32 / edge.max(1) as f32).min(1.0);
            let phase = 2.0 * std::f32::consts::PI * freq * i as f32 / rate_f;
            out.push(0.3 * fade * phase.sin());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tones_have_the_length_of_their_notes_and_stay_quiet_enough() {
        let tick = tone(Cue::Tick, 48_000);
        assert_eq!(tick.len(), 48 * 60);
        let up = tone(Cue::TimeUp, 44_100);
        assert_eq!(up.len(), 44_100 * 930 / 1000);
        for cue in [Cue::Buzz, Cue::Right, Cue::Wrong, Cue::Tick, Cue::TimeUp] {
            let samples = tone(cue, 48_000);
            assert!(samples.iter().all(|s| s.abs() <= 0.3));
            assert!(samples[0].abs() < 0.01, "starts softly, no click");
        }
    }
}
