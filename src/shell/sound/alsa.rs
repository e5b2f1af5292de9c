//! The sounds on Linux: ALSA's `libasound.so.2`, loaded when the sound thread starts instead of
//! linked, so building needs no ALSA headers and a PC without ALSA starts and stays silent.
//!
//! Only ALSA's simple PCM calls are used (`snd_pcm_set_params` does the whole set-up, and the
//! `default` device converts rate and format), which have kept their ABI since ALSA 1.0.

use std::ffi::{c_char, c_int, c_long, c_uint, c_ulong, c_void};

use libloading::{Library, Symbol};

/// `snd_pcm_t *`: opaque.
type Pcm = *mut c_void;

const STREAM_PLAYBACK: c_int = 0;
const FORMAT_S16_LE: c_int = 2;
const ACCESS_RW_INTERLEAVED: c_int = 3;
const RATE: c_uint = 48_000;
/// How much ALSA buffers: short enough that a buzz sounds at once.
const LATENCY_US: c_uint = 80_000;

type OpenFn = unsafe extern "C" fn(*mut Pcm, *const c_char, c_int, c_int) -> c_int;
type SetParamsFn = unsafe extern "C" fn(Pcm, c_int, c_int, c_uint, c_uint, c_int, c_uint) -> c_int;
type WriteFn = unsafe extern "C" fn(Pcm, *const c_void, c_ulong) -> c_long;
type RecoverFn = unsafe extern "C" fn(Pcm, c_int, c_int) -> c_int;
type CloseFn = unsafe extern "C" fn(Pcm) -> c_int;

/// The `default` PCM device, opened for mono 16-bit playback.
pub struct Output {
    pcm: Pcm,
    write: WriteFn,
    recover: RecoverFn,
    close: CloseFn,
    // Declared last so the functions above stay valid until `drop` has closed the device.
    _library: Library,
}

// The PCM handle is used only by the sound thread that owns the Output.
unsafe impl Send for Output {}

impl Output {
    /// Opens the default device; `None` (and a log line) when ALSA or a device is missing.
    pub fn open() -> Option<Self> {
        // SAFETY: libasound's initialisers only set up its own state.
        let library = match unsafe { Library::new("libasound.so.2") } {
            Ok(library) => library,
            Err(error) => {
                log::warn!("没有找到 ALSA 声音库（libasound.so.2），竞赛将没有声音：{error}");
                return None;
            }
        };
        // SAFETY: the signatures are those of alsa/pcm.h.
        let symbols = unsafe {
            (|| -> Result<_, libloading::Error> {
                let open: Symbol<OpenFn> = library.get(b"snd_pcm_open\0")?;
                let set: Symbol<SetParamsFn> = library.get(b"snd_pcm_set_params\0")?;
                let write: Symbol<WriteFn> = library.get(b"snd_pcm_writei\0")?;
                let recover: Symbol<RecoverFn> = library.get(b"snd_pcm_recover\0")?;
                let close: Symbol<CloseFn> = library.get(b"snd_pcm_close\0")?;
                Ok((*open, *set, *write, *recover, *close))
            })()
        };
        let (open, set_params, write, recover, close) = match symbols {
            Ok(symbols) => symbols,
            Err(error) => {
                log::warn!("ALSA 声音库不完整，竞赛将没有声音：{error}");
                return None;
            }
        };
        let mut pcm: Pcm = std::ptr::null_mut();
        // SAFETY: `pcm` receives the handle; the name is a NUL-terminated literal.
        let opened = unsafe { open(&mut pcm, c"default".as_ptr(), STREAM_PLAYBACK, 0) };
        if opened < 0 || pcm.is_null() {
            log::warn!("无法打开声音设备（ALSA 错误 {opened}），竞赛将没有声音");
            return None;
        }
        // SAFETY: `pcm` was just opened.
        let set = unsafe {
            set_params(
                pcm,
                FORMAT_S16_LE,
                ACCESS_RW_INTERLEAVED,
                1,
                RATE,
                1,
                LATENCY_US,
            )
        };
        if set < 0 {
            log::warn!("声音设备不接受 16 位单声道（ALSA 错误 {set}），竞赛将没有声音");
            // SAFETY: closing the handle opened above, once.
            unsafe { close(pcm) };
            return None;
        }
        Some(Self {
            pcm,
            write,
            recover,
            close,
            _library: library,
        })
    }

    /// Samples per second.
    pub fn rate(&self) -> u32 {
        RATE
    }

    /// Plays `samples` (mono, −1…1), blocking until ALSA has taken them.
    pub fn play(&mut self, samples: &[f32]) {
        let pcm16: Vec<i16> = samples
            .iter()
            .map(|s| (s.clamp(-1.0, 1.0) * f32::from(i16::MAX)) as i16)
            .collect();
        let mut rest: &[i16] = &pcm16;
        let mut retries = 0;
        while !rest.is_empty() {
            // SAFETY: `rest` is valid for `rest.len()` mono frames of 16 bits.
            let written =
                unsafe { (self.write)(self.pcm, rest.as_ptr().cast(), rest.len() as c_ulong) };
            if written >= 0 {
                rest = &rest[(written as usize).min(rest.len())..];
                continue;
            }
            retries += 1;
            // SAFETY: recovering the open handle from the error it returned (an underrun, a
            // suspend); give up on this cue after a few tries rather than spin.
            let recovered = unsafe { (self.recover)(self.pcm, written as c_int, 1) };
            if recovered < 0 || retries > 3 {
                log::warn!("播放声音出错（ALSA 错误 {written}）");
                return;
            }
        }
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        // SAFETY: the handle is open and closed only here.
        unsafe { (self.close)(self.pcm) };
    }
}
