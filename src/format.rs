//! How sizes and dates read on screen.

use crate::time::UnixSeconds;

/// `532 B`, `1.5 KB`, `12.3 MB`: powers of 1024, one decimal (rounded) above bytes. Integer
/// arithmetic only: float formatting would add ~10 KB to the wasm.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["KB", "MB", "GB", "TB", "PB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let (mut unit, mut divisor) = (0, 1024u64);
    loop {
        // Saturates only past 1.6 EB, far beyond any S3 object.
        let tenths = bytes.saturating_mul(10).saturating_add(divisor / 2) / divisor;
        // Pick the unit after rounding, so 1048575 bytes reads 1.0 MB, not 1024.0 KB.
        if tenths < 10 * 1024 || unit == UNITS.len() - 1 {
            return format!("{}.{} {}", tenths / 10, tenths % 10, UNITS[unit]);
        }
        unit += 1;
        divisor *= 1024;
    }
}

/// `2026-11-21 04:05 UTC`: unambiguous for users in any time zone.
pub fn utc_date_time(seconds: UnixSeconds) -> String {
    let days = (seconds / 86_400) as i64;
    let (year, month, day) = civil_from_days(days);
    let minutes_of_day = (seconds % 86_400) / 60;
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        minutes_of_day / 60,
        minutes_of_day % 60
    )
}

/// `in 59 min 12 s`, `in 12 s`, or `expired`: time left until `deadline`.
pub fn countdown(deadline: UnixSeconds, now: UnixSeconds) -> String {
    match deadline.checked_sub(now).filter(|s| *s > 0) {
        Some(left) => format!("in {}", duration(left)),
        None => "expired".to_string(),
    }
}

/// `59 min 12 s`, `12 s`, `2 h 5 min`.
fn duration(seconds: u64) -> String {
    match (seconds / 3600, seconds % 3600 / 60, seconds % 60) {
        (0, 0, s) => format!("{s} s"),
        (0, m, s) => format!("{m} min {s} s"),
        (h, m, _) => format!("{h} h {m} min"),
    }
}

/// `12.0 MB of 64.0 MB · 4.0 MB/s · 13 s left` for a transfer `elapsed_ms` in. Speed and time
/// left appear once there is something to measure.
pub fn transfer_progress(sent: u64, total: u64, elapsed_ms: u64) -> String {
    let amounts = format!("{} of {}", human_size(sent), human_size(total));
    let rate = sent.saturating_mul(1000) / elapsed_ms.max(1);
    if sent == 0 || elapsed_ms < 500 || rate == 0 {
        return amounts;
    }
    let left = total.saturating_sub(sent).div_ceil(rate);
    format!(
        "{amounts} · {}/s · {} left",
        human_size(rate),
        duration(left)
    )
}

/// Inverse of `time::days_from_civil` (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_iso8601_utc;

    // What the file table shows: bytes below 1 KB, one decimal above, the unit chosen after rounding.
    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_size(0), "0 B");
        assert_eq!(human_size(1023), "1023 B");
        assert_eq!(human_size(1536), "1.5 KB");
        assert_eq!(human_size(70_000), "68.4 KB");
        assert_eq!(human_size(1024 * 1024 - 1), "1.0 MB");
        assert_eq!(human_size(5 * 1024 * 1024 * 1024), "5.0 GB");
        assert_eq!(human_size(3 * 1024u64.pow(5)), "3.0 PB");
    }

    // The identity panel's countdowns; past the deadline it says so rather than going negative.
    #[test]
    fn countdowns_read_naturally() {
        assert_eq!(countdown(1000, 1000), "expired");
        assert_eq!(countdown(1000, 2000), "expired");
        assert_eq!(countdown(1012, 1000), "in 12 s");
        assert_eq!(countdown(1000 + 3552, 1000), "in 59 min 12 s");
        assert_eq!(countdown(1000 + 3 * 3600 + 65, 1000), "in 3 h 1 min");
    }

    // Round trip with the parser: what S3 says is what the table shows.
    #[test]
    fn dates_round_trip_with_the_parser() {
        for text in [
            "1970-01-01T00:00:00Z",
            "2024-02-29T23:59:00Z",
            "2026-11-21T04:05:00Z",
        ] {
            let seconds = parse_iso8601_utc(text).unwrap();
            let shown = utc_date_time(seconds);
            assert_eq!(shown, format!("{} {} UTC", &text[..10], &text[11..16]));
        }
    }

    // What an upload shows: amounts always, speed and time left once measurable.
    #[test]
    fn transfer_progress_reads_naturally() {
        const MIB: u64 = 1024 * 1024;
        assert_eq!(transfer_progress(0, 64 * MIB, 0), "0 B of 64.0 MB");
        assert_eq!(
            transfer_progress(12 * MIB, 64 * MIB, 3000),
            "12.0 MB of 64.0 MB · 4.0 MB/s · 13 s left"
        );
        assert_eq!(
            transfer_progress(MIB, 1024 * MIB, 10_000),
            "1.0 MB of 1.0 GB · 102.4 KB/s · 2 h 50 min left"
        );
    }
}
