use jiff::SignedDuration;

use crate::IsoDuration;

/// .NET's `TimeSpan.MaxValue`: `i64::MAX` ticks of 100 ns.
const MAX_TEXT: &str = "P10675199DT2H48M5.4775807S";
const MAX: SignedDuration = SignedDuration::new(922_337_203_685, 477_580_700);

#[test]
fn reads_and_writes_usual_durations() {
    for (text, secs, nanos) in [
        ("PT0S", 0, 0),
        ("PT1H30M", 5_400, 0),
        ("PT0.5S", 0, 500_000_000),
        ("P90D", 90 * 86_400, 0),
        ("P1DT1H1M1S", 90_061, 0),
        ("-P1DT2H", -93_600, 0),
        ("-PT0.25S", 0, -250_000_000),
    ] {
        let duration = IsoDuration::parse(text).unwrap();
        assert_eq!(duration, SignedDuration::new(secs, nanos), "{text}");
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
    assert_eq!(
        IsoDuration::parse("PT36H").unwrap(),
        SignedDuration::from_hours(36)
    );
    assert_eq!(
        IsoDuration::format(SignedDuration::from_hours(36)),
        "P1DT12H"
    );
    assert_eq!(IsoDuration::parse("P0D").unwrap(), SignedDuration::ZERO);
    assert_eq!(IsoDuration::format(SignedDuration::ZERO), "PT0S");
}

#[test]
fn rejects_what_is_not_a_day_time_duration() {
    for text in [
        "", "P", "PT", "-P", "1D", "P1H", "PxD", "P1DT", "P1Y", "P1M", "PT1D", "--P1D",
    ] {
        let error = IsoDuration::parse(text).unwrap_err();
        assert!(
            error.contains("is not an ISO 8601 day-time duration"),
            "{text}: {error}"
        );
    }
    // Days beyond what the duration holds.
    assert!(IsoDuration::parse("P999999999999999999D").is_err());
}
