//! Local time: days, dates and clocks in the PC's time zone, given as an offset from UTC (the
//! core reads no clock and no zone; the window passes the zone in, tests fix it).

/// Milliseconds in a day.
pub const DAY_MS: i64 = 86_400_000;

/// A time zone as its offset from UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Zone {
    /// Milliseconds ahead of UTC (China: 8 hours).
    pub offset_ms: i64,
}

impl Default for Zone {
    fn default() -> Self {
        Zone::CHINA
    }
}

impl Zone {
    /// UTC+8, where the users of this program are; what tests use.
    pub const CHINA: Zone = Zone {
        offset_ms: 8 * 3_600_000,
    };

    /// The local day (days since 1970) of `at_ms`.
    pub fn day_of(self, at_ms: i64) -> i64 {
        (at_ms + self.offset_ms).div_euclid(DAY_MS)
    }

    /// The moment (ms since 1970) local day `day` begins.
    pub fn day_start(self, day: i64) -> i64 {
        day * DAY_MS - self.offset_ms
    }

    /// `at_ms` as a local clock: `14:05:09`.
    pub fn clock(self, at_ms: i64) -> String {
        let secs = (at_ms + self.offset_ms).div_euclid(1000).rem_euclid(86_400);
        format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
    }

    /// The local date of `at_ms`: `2026-11-29`.
    pub fn date(self, at_ms: i64) -> String {
        date_text(self.day_of(at_ms))
    }

    /// The moment this year (the local year of `at_ms`) began.
    pub fn year_start(self, at_ms: i64) -> i64 {
        self.day_start(days_to_year(year_of_day(self.day_of(at_ms))))
    }
}

/// Days since 1970 to the first of January of `year` (proleptic Gregorian).
fn days_to_year(year: i64) -> i64 {
    let y = year - 1;
    365 * (year - 1970) + (y / 4 - y / 100 + y / 400) - (1969 / 4 - 1969 / 100 + 1969 / 400)
}

fn year_of_day(day: i64) -> i64 {
    let mut year = 1970 + day / 366;
    while days_to_year(year + 1) <= day {
        year += 1;
    }
    year
}

/// A day (since 1970) as 2026-11-29.
pub fn date_text(day: i64) -> String {
    let year = year_of_day(day);
    let mut rest = day - days_to_year(year);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let months = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let mut month = 0;
    while month < 11 && rest >= months[month] {
        rest -= months[month];
        month += 1;
    }
    format!("{year}-{:02}-{:02}", month + 1, rest + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_dates_and_clocks_follow_the_zone() {
        assert_eq!(date_text(0), "1970-01-01");
        assert_eq!(date_text(20_786), "2026-11-29");
        assert_eq!(date_text(19_782), "2024-02-29");
        // 2026-11-29 10:00 in China is 02:00 UTC.
        let at = 20_786 * DAY_MS + 2 * 3_600_000;
        assert_eq!(Zone::CHINA.clock(at), "10:00:00");
        assert_eq!(Zone { offset_ms: 0 }.clock(at), "02:00:00");
        assert_eq!(Zone::CHINA.date(at), "2026-11-29");
        // 23:30 UTC on the 28th is already the 29th in China.
        let late = 20_785 * DAY_MS + 23 * 3_600_000 + 30 * 60_000;
        assert_eq!(Zone::CHINA.date(late), "2026-11-29");
        assert_eq!(Zone { offset_ms: 0 }.date(late), "2026-11-28");
        assert_eq!(
            Zone::CHINA.day_start(20_786),
            20_786 * DAY_MS - 8 * 3_600_000
        );
        assert_eq!(Zone::CHINA.date(Zone::CHINA.year_start(at)), "2026-01-01");
    }
}
