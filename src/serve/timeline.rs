//! `serve --timings`: where the time between a save and the browser being told goes. Each
//! rebuild after a change prints its timeline relative to the first file event, and once
//! more as Unix times in milliseconds so a benchmark (bench/serve-bench.mjs) can line it up
//! with its own clock and the browser's.

use super::watch::Batch;
use std::time::{SystemTime, UNIX_EPOCH};

/// The moments of one rebuild after a change.
#[derive(Debug, Clone)]
pub struct Timeline {
    pub saved: Option<SystemTime>,
    pub first_event: SystemTime,
    pub ready: SystemTime,
    pub build_start: SystemTime,
    pub build_end: SystemTime,
    pub told: SystemTime,
}

impl Timeline {
    pub fn new(batch: &Batch, build_start: SystemTime, build_end: SystemTime) -> Timeline {
        Timeline {
            saved: batch.saved,
            first_event: batch.first_event,
            ready: batch.ready,
            build_start,
            build_end,
            told: SystemTime::now(),
        }
    }

    /// Two lines for the terminal: milliseconds since the first file event (and from the
    /// file's modification time to that event), then the same moments as Unix milliseconds.
    pub fn render(&self) -> String {
        let since = |t: SystemTime| ms(t) - ms(self.first_event);
        let saved = self
            .saved
            .map(|s| format!("lagret→hendelse {:.1} ms, ", ms(self.first_event) - ms(s)))
            .unwrap_or_default();
        let unix =
            |t: Option<SystemTime>| t.map_or_else(|| "-".into(), |t| format!("{:.3}", ms(t)));
        format!(
            "       tidslinje: {saved}hendelse→samlet {:.1} ms, bygg {:.1}–{:.1} ms, nettleseren varslet {:.1} ms\n  \
             tidslinje-unix: lagret={} hendelse={} samlet={} start={} slutt={} varslet={}",
            since(self.ready),
            since(self.build_start),
            since(self.build_end),
            since(self.told),
            unix(self.saved),
            unix(Some(self.first_event)),
            unix(Some(self.ready)),
            unix(Some(self.build_start)),
            unix(Some(self.build_end)),
            unix(Some(self.told)),
        )
    }
}

/// Unix time in milliseconds.
fn ms(t: SystemTime) -> f64 {
    t.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1000.0)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn timeline_counts_from_the_first_event() {
        let at = |ms: u64| UNIX_EPOCH + Duration::from_millis(1_000_000 + ms);
        let timeline = Timeline {
            saved: Some(at(0)),
            first_event: at(2),
            ready: at(7),
            build_start: at(8),
            build_end: at(30),
            told: at(31),
        };
        let text = timeline.render();
        assert!(
            text.contains("lagret→hendelse 2.0 ms, hendelse→samlet 5.0 ms, bygg 6.0–28.0 ms, nettleseren varslet 29.0 ms"),
            "{text}"
        );
        assert!(
            text.contains("hendelse=1000002.000 samlet=1000007.000"),
            "{text}"
        );
    }
}
