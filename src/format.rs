//! How sizes, durations and dates read on screen, in the language shown.

use crate::i18n::{self, AWS, FILES};
use crate::time::{civil_from_days, UnixSeconds};

/// `532 B`, `1.5 KiB`, `12.3 MiB`: powers of 1024 with their binary units, one decimal
/// (rounded) above bytes, the language's decimal separator. Integer arithmetic only: float
/// formatting would add ~10 KB to the wasm.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["KiB", "MiB", "GiB", "TiB", "PiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let (mut unit, mut divisor) = (0, 1024u64);
    loop {
        // Saturates only past 1.6 EB, far beyond any S3 object.
        let tenths = bytes.saturating_mul(10).saturating_add(divisor / 2) / divisor;
        // Pick the unit after rounding, so 1048575 bytes reads 1.0 MiB, not 1024.0 KiB.
        if tenths < 10 * 1024 || unit == UNITS.len() - 1 {
            let separator = i18n::decimal_separator();
            return format!("{}{separator}{} {}", tenths / 10, tenths % 10, UNITS[unit]);
        }
        unit += 1;
        divisor *= 1024;
    }
}

/// `2026-11-21 04:05 UTC`: unambiguous for users in any time zone (audit lines, the doctor).
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
        Some(left) => AWS.tf("aws.countdown", &[("duration", &duration(left))]),
        None => AWS.t("aws.expired"),
    }
}

/// `59 min 12 s`, `12 s`, `2 h 5 min`.
pub fn duration(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    let (h, m, s) = (h.to_string(), m.to_string(), s.to_string());
    match (h.as_str(), m.as_str()) {
        ("0", "0") => AWS.tf("aws.duration-s", &[("s", &s)]),
        ("0", _) => AWS.tf("aws.duration-m-s", &[("m", &m), ("s", &s)]),
        _ => AWS.tf("aws.duration-h-m", &[("h", &h), ("m", &m)]),
    }
}

/// How far a transfer is: what the far end has acknowledged (`stored`), what is on the way
/// (`in_flight`, sent but not yet acknowledged), of `total`; and with a measured `rate` (bytes a
/// second, over the last seconds), the speed and the time left.
pub fn transfer_progress(stored: u64, in_flight: u64, total: u64, rate: Option<u64>) -> String {
    let (done, all) = (human_size(stored), human_size(total));
    let amounts = if in_flight == 0 {
        FILES.tf("files.progress", &[("stored", &done), ("total", &all)])
    } else {
        let sending = human_size(in_flight);
        let values = [
            ("stored", done.as_str()),
            ("total", all.as_str()),
            ("sending", sending.as_str()),
        ];
        FILES.tf("files.progress-sending", &values)
    };
    let Some(rate) = rate.filter(|r| *r > 0) else {
        return amounts;
    };
    let left = total.saturating_sub(stored + in_flight).div_ceil(rate);
    let (speed, left) = (human_size(rate), duration(left));
    let values = [
        ("progress", amounts.as_str()),
        ("speed", speed.as_str()),
        ("left", left.as_str()),
    ];
    FILES.tf("files.progress-rate", &values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_iso8601_utc;

    // What the file table shows: bytes below 1 KiB, one decimal above, the unit chosen after
    // rounding, binary units for binary multiples (a MiB is not a MB), the language's comma.
    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_size(0), "0 B");
        assert_eq!(human_size(1023), "1023 B");
        assert_eq!(human_size(1536), "1.5 KiB");
        assert_eq!(human_size(70_000), "68.4 KiB");
        assert_eq!(human_size(1024 * 1024 - 1), "1.0 MiB");
        assert_eq!(human_size(5 * 1024 * 1024 * 1024), "5.0 GiB");
        assert_eq!(human_size(3 * 1024u64.pow(5)), "3.0 PiB");
        i18n::set_language(i18n::Lang::De);
        assert_eq!(human_size(1536), "1,5 KiB");
        i18n::set_language(i18n::Lang::En);
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

    // What an upload shows: what S3 has, what is on the way (never counted as stored), and
    // speed and time left once measured.
    #[test]
    fn transfer_progress_reads_naturally() {
        const MIB: u64 = 1024 * 1024;
        assert_eq!(
            transfer_progress(0, 0, 64 * MIB, None),
            "0 B of 64.0 MiB stored"
        );
        assert_eq!(
            transfer_progress(8 * MIB, 4 * MIB, 64 * MIB, Some(4 * MIB)),
            "8.0 MiB of 64.0 MiB stored, 4.0 MiB on the way · 4.0 MiB/s · 13 s left"
        );
        assert_eq!(
            transfer_progress(MIB, 0, 1024 * MIB, Some(MIB / 10)),
            "1.0 MiB of 1.0 GiB stored · 102.4 KiB/s · 2 h 50 min left"
        );
        assert_eq!(
            transfer_progress(MIB, 0, MIB, Some(0)),
            "1.0 MiB of 1.0 MiB stored"
        );
    }
}
