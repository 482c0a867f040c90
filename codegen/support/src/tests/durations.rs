use chrono::TimeDelta;

use crate::IsoDuration;

/// .NET's `TimeSpan.MaxValue`: `i64::MAX` ticks of 100 ns.
const MAX_TEXT: &str = "P10675199DT2H48M5.4775807S";
const MAX: TimeDelta = TimeDelta::new(922_337_203_685, 477_580_700).unwrap();

#[test]
fn reads_and_writes_usual_durations() {
    for (text, secs, nanos) in [
        ("PT0S", 0, 0),
        ("PT1H30M", 5_400, 0),
        ("PT0.5S", 0, 500_000_000),
        ("P90D", 90 * 86_400, 0),
        ("P1DT1H1M1S", 90_061, 0),
        ("-P1DT2H", -93_600, 0),
        ("-PT0.25S", -1, 750_000_000),
        ("PT0.0000001S", 0, 100),
        ("P1DT0.000000001S", 86_400, 1),
    ] {
        let duration = IsoDuration::parse(text).unwrap();
        assert_eq!(duration, TimeDelta::new(secs, nanos).unwrap(), "{text}");
        assert_eq!(IsoDuration::format(duration), text);
    }
}

#[test]
fn reaches_time_span_max_value_both_ways() {
    assert_eq!(IsoDuration::parse(MAX_TEXT), Ok(MAX));
    assert_eq!(IsoDuration::format(MAX), MAX_TEXT);
    let negative = format!("-{MAX_TEXT}");
    assert_eq!(IsoDuration::parse(&negative), Ok(-MAX));
    assert_eq!(IsoDuration::format(-MAX), negative);
}

#[test]
fn reads_other_spellings_and_writes_them_the_service_way() {
    assert_eq!(IsoDuration::parse("PT36H").unwrap(), TimeDelta::hours(36));
    assert_eq!(IsoDuration::format(TimeDelta::hours(36)), "P1DT12H");
    assert_eq!(IsoDuration::parse("P0D").unwrap(), TimeDelta::zero());
    assert_eq!(IsoDuration::format(TimeDelta::zero()), "PT0S");
    for (text, written) in [
        ("pt1h30m", "PT1H30M"),
        ("+P1D", "P1D"),
        ("PT1.5H", "PT1H30M"),
        ("PT0.25M", "PT15S"),
        ("PT1,5S", "PT1.5S"),
        ("PT90S", "PT1M30S"),
        ("P1DT0S", "P1D"),
        ("-PT0S", "PT0S"),
    ] {
        let duration = IsoDuration::parse(text).unwrap();
        assert_eq!(IsoDuration::format(duration), written, "{text}");
    }
}

#[test]
fn the_largest_duration_is_written_and_read_back() {
    for duration in [TimeDelta::MAX, TimeDelta::MIN] {
        let text = IsoDuration::format(duration);
        assert_eq!(IsoDuration::parse(&text), Ok(duration), "{text}");
    }
}

#[test]
fn rejects_what_is_not_a_day_time_duration() {
    for text in [
        "",
        "P",
        "PT",
        "-P",
        "1D",
        "P1H",
        "PxD",
        "P1DT",
        "P1Y",
        "P1M",
        "PT1D",
        "--P1D",
        "-+P1D",
        "P1.5D",
        "PT1.5H30M",
        "PT1.S",
        "PT.5S",
        "PT1.0000000001S",
        "PT1M1H",
        "PT1H1H",
        "PT-1S",
        "P1D2D",
        "PTS",
        "P1DT1HX",
        "PT1é",
    ] {
        let error = IsoDuration::parse(text).unwrap_err();
        assert!(
            error.contains("is not an ISO 8601 day-time duration"),
            "{text}: {error}"
        );
    }
    // Days beyond what the duration holds.
    assert!(IsoDuration::parse("P999999999999999999D").is_err());
    // `TimeDelta::MAX` is 106751991167 days and 25975.807 seconds.
    assert!(IsoDuration::parse("P106751991167DT25975.807S").is_ok());
    assert!(IsoDuration::parse("P106751991167DT25975.808S").is_err());
    assert!(IsoDuration::parse("P106751991168D").is_err());
    assert!(IsoDuration::parse(&format!("PT{}S", "9".repeat(60))).is_err());
}
