//! The sounds on Windows and macOS: cpal on the default output device (WASAPI, CoreAudio).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

type Queue = Arc<Mutex<VecDeque<f32>>>;

/// The default output device as mono f32 at its own rate.
pub struct Output {
    queue: Queue,
    rate: u32,
    // Kept alive: dropping the stream stops the sound.
    _stream: cpal::Stream,
}

impl Output {
    /// Opens the default output device; `None` (and a log line) when there is none.
    pub fn open() -> Option<Self> {
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
        Some(Self {
            queue,
            rate,
            _stream: stream,
        })
    }

    /// Samples per second.
    pub fn rate(&self) -> u32 {
        self.rate
    }

    /// Queues `samples`; the device's callback plays them.
    pub fn play(&mut self, samples: &[f32]) {
        if let Ok(mut queue) = self.queue.lock() {
            queue.extend(samples);
        }
    }
}
