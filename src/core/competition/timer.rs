//! The countdown of a competition question: limit, pauses and added time, read at a time passed in.

/// What a countdown is counting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Time left to press a buzzer before the question is void.
    Buzzing,
    /// Time left to answer.
    Answering,
}

/// A countdown, all in wall-clock milliseconds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Countdown {
    /// What it counts.
    pub purpose: Purpose,
    /// The time allowed, with any time added.
    pub limit_ms: i64,
    /// When it last started running; `None` while paused.
    running_since_ms: Option<i64>,
    /// Time used before the last start.
    used_ms: i64,
}

impl Countdown {
    /// A countdown of `secs` seconds running from `at_ms`.
    pub fn start(purpose: Purpose, secs: u32, at_ms: i64) -> Self {
        Self {
            purpose,
            limit_ms: i64::from(secs) * 1000,
            running_since_ms: Some(at_ms),
            used_ms: 0,
        }
    }

    /// Milliseconds left at `now_ms`, never below zero.
    pub fn remaining_ms(&self, now_ms: i64) -> i64 {
        let running = self
            .running_since_ms
            .map_or(0, |since| (now_ms - since).max(0));
        (self.limit_ms - self.used_ms - running).max(0)
    }

    /// Whether it is counting down.
    pub fn is_running(&self) -> bool {
        self.running_since_ms.is_some()
    }

    /// Stops counting at `at_ms`; false if it was not running.
    pub fn pause(&mut self, at_ms: i64) -> bool {
        let Some(since) = self.running_since_ms.take() else {
            return false;
        };
        self.used_ms += (at_ms - since).max(0);
        true
    }

    /// Counts on from `at_ms`; false if it was running.
    pub fn resume(&mut self, at_ms: i64) -> bool {
        if self.running_since_ms.is_some() {
            return false;
        }
        self.running_since_ms = Some(at_ms);
        true
    }

    /// Gives `secs` more seconds.
    pub fn add(&mut self, secs: u32) {
        self.limit_ms += i64::from(secs) * 1000;
    }

    /// Whether it has run out at `now_ms`.
    pub fn expired(&self, now_ms: i64) -> bool {
        self.remaining_ms(now_ms) == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_down_pauses_and_takes_added_time() {
        let mut c = Countdown::start(Purpose::Answering, 30, 1_000);
        assert_eq!(c.remaining_ms(1_000), 30_000);
        assert_eq!(c.remaining_ms(11_000), 20_000);
        assert!(c.pause(11_000));
        assert!(!c.pause(12_000), "a paused countdown cannot pause again");
        assert_eq!(c.remaining_ms(50_000), 20_000, "paused time does not count");
        assert!(c.resume(50_000));
        c.add(10);
        assert_eq!(c.remaining_ms(55_000), 25_000);
        assert!(!c.expired(55_000));
        assert!(c.expired(80_000));
        assert_eq!(c.remaining_ms(90_000), 0, "never below zero");
    }
}
