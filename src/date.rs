//! Calendar dates as editors write them (`YYYY-MM-DD`), shown the Norwegian way.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

const MONTHS_NB: [&str; 12] = [
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
];

/// A date without time zone. Ordering is chronological.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// The environment variable that sets today's date, so that reports can be reproduced.
pub const TODAY_VARIABLE: &str = "KOMPETANSE_TODAY";

/// The date `KOMPETANSE_TODAY` sets: `Ok(None)` when it is not set, an error (in Norwegian)
/// when it is set to something that is not a date, rather than quietly using the clock.
pub fn today_override() -> Result<Option<Date>, String> {
    let Some(value) = std::env::var_os(TODAY_VARIABLE) else {
        return Ok(None);
    };
    let text = value.to_string_lossy();
    match Date::parse(text.trim()) {
        Some(date) => Ok(Some(date)),
        None => Err(format!(
            "{TODAY_VARIABLE}=«{}» er ikke en gyldig dato; skriv ÅÅÅÅ-MM-DD (f.eks. 2026-03-31), eller fjern variabelen for å bruke dagens dato",
            text.escape_debug()
        )),
    }
}

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// Parses exactly `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let digits = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = &text[range];
            part.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| part.parse().ok())
                .flatten()
        };
        Date::new(
            digits(0..4)? as i32,
            digits(5..7)? as u8,
            digits(8..10)? as u8,
        )
    }

    /// Today in UTC, from the system clock.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Date::from_days_since_epoch((secs / 86_400) as i64)
    }

    /// Converts days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Days since 1970-01-01, the inverse of [`Date::from_days_since_epoch`].
    pub fn days_since_epoch(self) -> i64 {
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let yoe = year.rem_euclid(400);
        let month = i64::from(self.month);
        let mp = if month > 2 { month - 3 } else { month + 9 };
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The same day some months earlier, clamped to the month's length.
    pub fn months_before(self, months: u32) -> Date {
        let total = self.year * 12 + i32::from(self.month) - 1 - months as i32;
        let (year, month) = (total.div_euclid(12), (total.rem_euclid(12) + 1) as u8);
        let day = self.day.min(days_in_month(year, month));
        Date { year, month, day }
    }

    /// The date written out after a language's pattern (`{day}. {month} {year}`), with the
    /// month's name from that language's table (see `i18n`).
    pub fn format_with(self, pattern: &str, month: &str) -> String {
        crate::i18n::fill(
            pattern,
            &[
                ("day", &self.day.to_string()),
                ("month", month),
                ("year", &self.year.to_string()),
            ],
        )
    }

    /// "23. januar 2023": bokmål, for the command line's messages (the site's dates follow its
    /// language, see `i18n`).
    pub fn format_nb(self) -> String {
        format!(
            "{}. {} {}",
            self.day,
            MONTHS_NB[usize::from(self.month - 1)],
            self.year
        )
    }
}

fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse(text.trim()).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "ugyldig dato `{text}`: skriv datoen som ÅÅÅÅ-MM-DD, for eksempel 2024-03-08"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_valid_dates_and_rejects_invalid_ones() {
        assert_eq!(Date::parse("2024-02-29"), Date::new(2024, 2, 29));
        assert!(Date::parse("2023-02-29").is_none());
        assert!(Date::parse("2024-13-01").is_none());
        assert!(Date::parse("2024-1-01").is_none());
        assert!(Date::parse("08.03.2024").is_none());
    }

    #[test]
    fn formats_in_norwegian() {
        assert_eq!(
            Date::parse("2023-01-23").unwrap().format_nb(),
            "23. januar 2023"
        );
        assert_eq!(
            Date::parse("2023-01-23")
                .unwrap()
                .format_with("{day} {month} {year}", "January"),
            "23 January 2023"
        );
    }

    #[test]
    fn epoch_day_conversion_round_trips() {
        for days in [-1000, 0, 1, 19_000, 20_513, 60_000] {
            let date = Date::from_days_since_epoch(days);
            assert_eq!(date.days_since_epoch(), days, "{date}");
        }
        assert_eq!(
            Date::from_days_since_epoch(19_790).to_string(),
            "2024-03-08"
        );
    }

    #[test]
    fn months_before_clamps_the_day() {
        let date = Date::parse("2024-03-31").unwrap();
        assert_eq!(date.months_before(1).to_string(), "2024-02-29");
        assert_eq!(date.months_before(12).to_string(), "2023-03-31");
    }
}
