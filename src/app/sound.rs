//! The competition's sounds: short tones generated here (no sound files, nothing to license),
//! played on the default output device by a thread of their own. With no audio device, or any
//! audio error, the app stays silent and says so in the log; it never stops.

use std::collections::VecDeque;
use std::sync::mpsc::{Sender, channel};
use std::sync::{Arc, Mutex};

use crate::app::display_settings::Cue;

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
                let Some((queue, rate, _stream)) = open_output() else {
                    return;
                };
                while let Ok(cue) = receiver.recv() {
                    let samples = tone(cue, rate);
                    if let Ok(mut queue) = queue.lock() {
                        queue.extend(samples);
                    }
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

type Queue = Arc<Mutex<VecDeque<f32>>>;

/// Opens the default output device as mono f32 at its own rate.
fn open_output() -> Option<(Queue, u32, cpal::Stream)> {
    use cpal::traits::{DeviceTrait as _, HostTrait as _, StreamTrait as _};
    let host = cpal::default_host();
    let Some(device) = host.default_output_device() else {
        log::warn!("没有找到声音输出设备，竞赛将没有声音");
        return None;
    };
    let config = match device.default_output_config() {
        Ok(config) => config,
        Err(error) => {
            log::warn!("声音设备不可用，竞赛将没有声音：{error}");
            return None;
        }
    };
    if config.sample_format() != cpal::SampleFormat::F32 {
        log::warn!(
            "声音设备的格式 {:?} 不受支持，竞赛将没有声音",
            config.sample_format()
        );
        return None;
    }
    let channels = usize::from(config.channels()).max(1);
    let rate = config.sample_rate().0;
    let queue: Queue = Arc::new(Mutex::new(VecDeque::new()));
    let source = Arc::clone(&queue);
    let stream = device.build_output_stream(
        &config.into(),
        move |data: &mut [f32], _| {
            let mut queue = source.lock().ok();
            for frame in data.chunks_mut(channels) {
                let sample = queue.as_mut().and_then(|q| q.pop_front()).unwrap_or(0.0);
                frame.fill(sample);
            }
        },
        |error| log::warn!("播放声音出错：{error}"),
        None,
    );
    let stream = match stream {
        Ok(stream) => stream,
        Err(error) => {
            log::warn!("无法打开声音输出，竞赛将没有声音：{error}");
            return None;
        }
    };
    if let Err(error) = stream.play() {
        log::warn!("无法播放声音，竞赛将没有声音：{error}");
        return None;
    }
    Some((queue, rate, stream))
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
