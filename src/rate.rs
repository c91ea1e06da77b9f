//! A transfer's speed over its last few seconds: what moved since a moment a few seconds ago,
//! not since it began (a stall shows at once; a burst at the start does not linger).

use std::collections::VecDeque;

/// How far back the speed looks.
pub const WINDOW_MS: u64 = 5_000;
/// The shortest span a speed is worth giving for.
const SHORTEST_MS: u64 = 1_000;

#[derive(Clone, Debug, Default)]
pub struct RateMeter {
    /// (milliseconds, bytes moved in all), oldest first.
    samples: VecDeque<(u64, u64)>,
}

impl RateMeter {
    /// Notes that `moved` bytes have moved in all by `now_ms`.
    pub fn record(&mut self, now_ms: u64, moved: u64) {
        self.samples.push_back((now_ms, moved));
        // Keep one sample at or before the window's start, to measure from.
        while self.samples.len() > 2 && self.samples[1].0 + WINDOW_MS <= now_ms {
            self.samples.pop_front();
        }
    }

    /// Bytes a second over the window, once it spans a second; None before.
    pub fn rate(&self) -> Option<u64> {
        let (first, last) = (self.samples.front()?, self.samples.back()?);
        let span = last.0.saturating_sub(first.0);
        // A part sent again moves the count back: that is no negative speed.
        (span >= SHORTEST_MS).then(|| last.1.saturating_sub(first.1) * 1000 / span)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The speed is what moved in the last seconds: a fast start followed by a stall reads as a
    // stall, not as the average since the start (the "183.6 MB/s" before the end).
    #[test]
    fn the_speed_is_measured_over_the_last_seconds() {
        let mut meter = RateMeter::default();
        meter.record(0, 0);
        assert_eq!(meter.rate(), None, "nothing to measure yet");
        meter.record(500, 100_000_000);
        assert_eq!(meter.rate(), None, "half a second is too short");
        meter.record(1_000, 100_000_000);
        assert_eq!(meter.rate(), Some(100_000_000));
        for second in 2..=7 {
            meter.record(second * 1000, 100_000_000 + (second - 1) * 1000);
        }
        assert_eq!(
            meter.rate(),
            Some(1000),
            "the burst at the start has left the window"
        );
    }

    // Nothing moving for the whole window (the page samples each second) reads as zero.
    #[test]
    fn a_stall_reads_as_no_speed() {
        let mut meter = RateMeter::default();
        meter.record(0, 0);
        meter.record(1_000, 50_000_000);
        assert_eq!(meter.rate(), Some(50_000_000));
        for second in 2..=7 {
            meter.record(second * 1000, 50_000_000);
        }
        assert_eq!(meter.rate(), Some(0));
    }

    // A retried part makes the bytes in flight drop: the speed reads zero, never wraps around.
    #[test]
    fn bytes_sent_again_never_make_a_negative_speed() {
        let mut meter = RateMeter::default();
        meter.record(0, 5000);
        meter.record(2000, 1000);
        assert_eq!(meter.rate(), Some(0));
    }
}
