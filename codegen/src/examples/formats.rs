//! The string and number formats of OData primitives, checked the way the generated
//! crate will read them (chrono, its `IsoDuration`, uuid, serde_with's base64, serde's
//! integers), so an example that passes here also deserializes there.

use crate::model::Primitive;

/// Why a primitive value is not valid, or `None` when it is. Only called for values of
/// the right JSON kind: strings for string-encoded primitives, numbers for numeric ones.
pub fn string_problem(primitive: Primitive, text: &str) -> Option<&'static str> {
    let valid = match primitive {
        Primitive::DateTimeOffset => is_date_time_offset(text),
        Primitive::Date => is_date(text),
        Primitive::TimeOfDay => is_time_of_day(text),
        Primitive::Duration => is_duration(text),
        Primitive::Guid => is_guid(text),
        Primitive::Binary => is_base64(text),
        _ => true,
    };
    (!valid).then(|| expected(primitive))
}

/// What a valid value looks like, for messages.
pub fn expected(primitive: Primitive) -> &'static str {
    match primitive {
        Primitive::DateTimeOffset => {
            "an RFC 3339 date and time with an offset or `Z` (2021-06-01T08:30:00Z)"
        }
        Primitive::Date => "a date `YYYY-MM-DD`",
        Primitive::TimeOfDay => "a time of day `HH:MM:SS` with optional fraction",
        Primitive::Duration => "an ISO 8601 duration such as `PT1H30M` or `P7D`",
        Primitive::Guid => "a GUID `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`",
        Primitive::Binary => "base64 text",
        Primitive::Byte => "an integer from 0 to 255",
        Primitive::SByte => "an integer from -128 to 127",
        Primitive::Int16 => "an integer from -32768 to 32767",
        Primitive::Int32 => "a 32-bit integer",
        Primitive::Int64 => "a 64-bit integer",
        _ => "a valid value",
    }
}

/// Why a JSON number does not fit an integer primitive: serde reads integers only from
/// integer literals (`1.0` and `1e3` fail), within the type's range.
pub fn integer_problem(primitive: Primitive, number: &str) -> Option<&'static str> {
    let (min, max): (i128, i128) = match primitive {
        Primitive::Byte => (0, 255),
        Primitive::SByte => (-128, 127),
        Primitive::Int16 => (i16::MIN.into(), i16::MAX.into()),
        Primitive::Int32 => (i32::MIN.into(), i32::MAX.into()),
        Primitive::Int64 => (i64::MIN.into(), i64::MAX.into()),
        _ => return None,
    };
    match number.parse::<i128>() {
        Ok(n) if (min..=max).contains(&n) => None,
        _ => Some(expected(primitive)),
    }
}

/// Splits off `count` ASCII digits and returns their value.
fn digits(text: &str, count: usize) -> Option<(u32, &str)> {
    let head = text.get(..count)?;
    if !head.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((head.parse().ok()?, &text[count..]))
}

/// `YYYY-MM-DD` with a real day of a real month.
pub fn is_date(text: &str) -> bool {
    date_prefix(text).is_some_and(str::is_empty)
}

fn date_prefix(text: &str) -> Option<&str> {
    let (year, rest) = digits(text, 4)?;
    let (month, rest) = digits(rest.strip_prefix('-')?, 2)?;
    let (day, rest) = digits(rest.strip_prefix('-')?, 2)?;
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&day).then_some(rest)
}

/// `HH:MM:SS` with up to nine fractional digits (what chrono keeps; it drops further ones).
pub fn is_time_of_day(text: &str) -> bool {
    time_prefix(text).is_some_and(str::is_empty)
}

fn time_prefix(text: &str) -> Option<&str> {
    let (hour, rest) = digits(text, 2)?;
    let (minute, rest) = digits(rest.strip_prefix(':')?, 2)?;
    let (second, mut rest) = digits(rest.strip_prefix(':')?, 2)?;
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    if let Some(fraction) = rest.strip_prefix('.') {
        let len = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if !(1..=9).contains(&len) {
            return None;
        }
        rest = &fraction[len..];
    }
    Some(rest)
}

/// RFC 3339: a date, `T`, a time with seconds, and `Z` or a `±HH:MM` offset.
pub fn is_date_time_offset(text: &str) -> bool {
    let Some(rest) = date_prefix(text) else {
        return false;
    };
    let Some(rest) = rest.strip_prefix(['T', 't']) else {
        return false;
    };
    let Some(offset) = time_prefix(rest) else {
        return false;
    };
    if offset.eq_ignore_ascii_case("z") {
        return true;
    }
    let Some(offset) = offset.strip_prefix(['+', '-']) else {
        return false;
    };
    matches!(
        digits(offset, 2).and_then(|(h, r)| Some((h, digits(r.strip_prefix(':')?, 2)?))),
        Some((h, (m, ""))) if h <= 23 && m <= 59
    )
}

/// ISO 8601 durations: `P[nY][nM][nW][nD][T[nH][nM][n[.f]S]]`, at least one part, a
/// fraction only on the last, an optional leading sign.
pub fn is_duration(text: &str) -> bool {
    let text = text.strip_prefix(['-', '+']).unwrap_or(text);
    let Some(rest) = text.strip_prefix(['P', 'p']) else {
        return false;
    };
    let (date, time) = match rest.find(['T', 't']) {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let Some(date_parts) = duration_parts(date, "YMWD") else {
        return false;
    };
    match time {
        None => date_parts > 0,
        Some(time) => duration_parts(time, "HMS").is_some_and(|n| n > 0),
    }
}

/// Counts `<number><unit>` parts, units in the given order; `None` when malformed.
fn duration_parts(mut text: &str, units: &str) -> Option<usize> {
    let mut allowed = units;
    let mut count = 0;
    let mut had_fraction = false;
    while !text.is_empty() {
        if had_fraction {
            return None;
        }
        let int_len = text.bytes().take_while(u8::is_ascii_digit).count();
        let mut len = int_len;
        if let Some(fraction) = text[len..].strip_prefix(['.', ',']) {
            let frac_len = fraction.bytes().take_while(u8::is_ascii_digit).count();
            // `IsoDuration` takes fractions of hours, minutes and seconds only, to
            // nanoseconds.
            if !(1..=9).contains(&frac_len) || units != "HMS" {
                return None;
            }
            len += 1 + frac_len;
            had_fraction = true;
        }
        if int_len == 0 {
            return None;
        }
        let unit = text[len..].chars().next()?.to_ascii_uppercase();
        let at = allowed.find(unit)?;
        allowed = &allowed[at + 1..];
        text = &text[len + 1..];
        count += 1;
    }
    Some(count)
}

/// `8-4-4-4-12` hex digits.
pub fn is_guid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Standard-alphabet base64, padded or not (serde_with reads both), whose last symbol
/// carries no stray bits (the base64 crate rejects those).
pub fn is_base64(text: &str) -> bool {
    let body = text.trim_end_matches('=');
    let padding = text.len() - body.len();
    let value = |b: u8| match b {
        b'A'..=b'Z' => Some(b - b'A'),
        b'a'..=b'z' => Some(b - b'a' + 26),
        b'0'..=b'9' => Some(b - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let Some(values) = body.bytes().map(value).collect::<Option<Vec<u8>>>() else {
        return false;
    };
    // Bits of the last symbol beyond the final whole byte must be zero.
    let stray_mask = match body.len() % 4 {
        0 => 0,
        2 => 0b1111,
        3 => 0b11,
        _ => return false,
    };
    let padding_ok = padding == 0 || (text.len().is_multiple_of(4) && padding <= 2);
    padding_ok && values.last().is_none_or(|last| last & stray_mask == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_time_offsets_need_an_offset() {
        for good in [
            "2021-06-01T08:30:00Z",
            "2021-06-01T08:30:00.1234567Z",
            "2021-06-01T08:30:00+02:00",
            "2020-02-29T23:59:60-08:00",
        ] {
            assert!(is_date_time_offset(good), "{good}");
        }
        for bad in [
            "2021-06-01T08:30:00",
            "2021-06-01",
            "2021-06-01T08:30Z",
            "2021-02-29T08:30:00Z",
            "2021-06-01 08:30:00Z",
            "String (timestamp)",
            "2021-06-01T08:30:00.Z",
            "2021-06-01T08:30:00+0200",
        ] {
            assert!(!is_date_time_offset(bad), "{bad}");
        }
    }

    #[test]
    fn dates_and_times() {
        assert!(is_date("2024-01-31"));
        assert!(!is_date("2024-1-31"));
        assert!(!is_date("2024-13-01"));
        assert!(!is_date("2024-01-31T00:00:00Z"));
        assert!(is_time_of_day("08:30:00"));
        assert!(is_time_of_day("08:30:00.0000000"));
        assert!(!is_time_of_day("8:30:00"));
        assert!(!is_time_of_day("08:30"));
        assert!(!is_time_of_day("24:00:00"));
    }

    #[test]
    fn durations() {
        for good in [
            "PT1H30M",
            "P90D",
            "P1Y2M3W4DT5H6M7.5S",
            "-PT10S",
            "PT0S",
            "P1W",
        ] {
            assert!(is_duration(good), "{good}");
        }
        for bad in [
            "P",
            "PT",
            "1H",
            "PT1D",
            "P1H",
            "PT1.5H30M",
            "P1M1Y",
            "PT-1S",
            "00:30:00",
            "P1.5D",
        ] {
            assert!(!is_duration(bad), "{bad}");
        }
    }

    #[test]
    fn guids() {
        assert!(is_guid("87d349ed-44d7-43e1-9a83-5f2406dee5bd"));
        assert!(is_guid("00000000-0000-0000-0000-000000000000"));
        assert!(!is_guid("87d349ed44d743e19a835f2406dee5bd"));
        assert!(!is_guid("{87d349ed-44d7-43e1-9a83-5f2406dee5bd}"));
        assert!(!is_guid("87d349ed-44d7-43e1-9a83-5f2406dee5bz"));
    }

    #[test]
    fn base64() {
        assert!(is_base64("aGVsbG8="));
        assert!(is_base64("aGVsbG8"));
        assert!(is_base64(""));
        assert!(!is_base64("a"));
        assert!(!is_base64("aGV sbG8="));
        assert!(!is_base64("aGVsbG8_"));
    }

    #[test]
    fn integers_fit_their_type() {
        assert_eq!(integer_problem(Primitive::Int32, "42"), None);
        assert_eq!(
            integer_problem(Primitive::Int64, "-9223372036854775808"),
            None
        );
        assert!(integer_problem(Primitive::Int32, "2147483648").is_some());
        assert!(integer_problem(Primitive::Byte, "-1").is_some());
        assert!(integer_problem(Primitive::Int32, "1.0").is_some());
        assert!(integer_problem(Primitive::Int64, "1e3").is_some());
    }

    #[test]
    fn base64_rejects_stray_bits_in_the_last_symbol() {
        assert!(is_base64("aGk="));
        assert!(!is_base64("aGl="));
        assert!(is_base64("YQ=="));
        assert!(!is_base64("YR=="));
        assert!(!is_base64("Adfsdfsdfsdfw=="));
    }
}
