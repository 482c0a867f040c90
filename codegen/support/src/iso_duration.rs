//! `IsoDuration`: reads and writes OData's `Edm.Duration` (an ISO 8601 day-time duration)
//! as an exact `chrono::TimeDelta`, a day being 24 hours, over the whole range the service
//! uses (up to .NET's `TimeSpan.MaxValue`, `P10675199DT2H48M5.4775807S`). chrono has no
//! ISO 8601 reader for durations, and `TimeDelta` no serde impls.

/// Reads and writes `Edm.Duration` values, ISO 8601 day-time durations such as
/// `PT1H30M`, `P90D` or `-P1DT2H`, as exact `chrono::TimeDelta`s where a day is 24 hours.
///
/// Fields of type `chrono::TimeDelta` are read and written with it; it also serves values
/// you handle yourself: `IsoDuration::parse("PT1H30M")`, `IsoDuration::format(delta)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IsoDuration;

const NANOS_PER_SECOND: i128 = 1_000_000_000;

impl IsoDuration {
    /// Parses `[±]P[nD][T[nH][nM][n[.f]S]]`, designators in either case, a fraction of up
    /// to nine digits (after `.` or `,`) on the last part of the time.
    pub fn parse(text: &str) -> Result<chrono::TimeDelta, String> {
        Self::nanoseconds(text)
            .and_then(|total| {
                let seconds = i64::try_from(total.div_euclid(NANOS_PER_SECOND)).ok()?;
                let nanos = u32::try_from(total.rem_euclid(NANOS_PER_SECOND)).ok()?;
                chrono::TimeDelta::new(seconds, nanos)
            })
            .ok_or_else(|| format!("`{text}` is not an ISO 8601 day-time duration"))
    }

    /// The duration's exact length in nanoseconds, or `None` when it is not one.
    fn nanoseconds(text: &str) -> Option<i128> {
        let (negative, rest) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let rest = rest.strip_prefix(['P', 'p'])?;
        let (days, time) = match rest.find(['T', 't']) {
            Some(at) => (&rest[..at], Some(&rest[at + 1..])),
            None => (rest, None),
        };
        let mut total = 0;
        let mut parts = 0;
        if !days.is_empty() {
            let count = days.strip_suffix(['D', 'd'])?;
            total = whole(count)?.checked_mul(86_400 * NANOS_PER_SECOND)?;
            parts += 1;
        }
        if let Some(mut time) = time {
            // Each unit at most once, in order; a fraction only on the last.
            let mut units: &[(char, i128)] = &[('H', 3_600), ('M', 60), ('S', 1)];
            let mut time_parts = 0;
            while !time.is_empty() {
                let number_len = time
                    .bytes()
                    .take_while(|b| b.is_ascii_digit() || *b == b'.' || *b == b',')
                    .count();
                let number = &time[..number_len];
                let designator = time[number_len..].chars().next()?.to_ascii_uppercase();
                let at = units.iter().position(|(unit, _)| *unit == designator)?;
                let seconds = units[at].1;
                units = &units[at + 1..];
                time = &time[number_len + 1..];
                let (integer, fraction) = match number.split_once(['.', ',']) {
                    Some(_) if !time.is_empty() => return None,
                    Some((integer, fraction)) => (integer, fraction),
                    None => (number, ""),
                };
                let unit = seconds * NANOS_PER_SECOND;
                let mut value = whole(integer)?.checked_mul(unit)?;
                if !fraction.is_empty() || number.len() > integer.len() {
                    if !(1..=9).contains(&fraction.len()) {
                        return None;
                    }
                    // Exact: a unit is a whole number of seconds, 10^9 nanoseconds each.
                    let scale = 10_i128.pow(fraction.len() as u32);
                    value = value.checked_add(whole(fraction)? * unit / scale)?;
                }
                total = total.checked_add(value)?;
                time_parts += 1;
            }
            if time_parts == 0 {
                return None;
            }
            parts += time_parts;
        }
        (parts > 0).then_some(if negative { -total } else { total })
    }

    /// Writes a duration with whole days as `nD`, the way the service does, and the
    /// fraction of a second without trailing zeros.
    pub fn format(duration: chrono::TimeDelta) -> String {
        let total = i128::from(duration.num_seconds()) * NANOS_PER_SECOND
            + i128::from(duration.subsec_nanos());
        let mut text = String::from(if total < 0 { "-P" } else { "P" });
        let total = total.unsigned_abs();
        let nanos_per_second = NANOS_PER_SECOND as u128;
        let seconds = total / nanos_per_second;
        let nanos = total % nanos_per_second;
        let (days, hours, minutes, seconds) = (
            seconds / 86_400,
            seconds / 3_600 % 24,
            seconds / 60 % 60,
            seconds % 60,
        );
        if days > 0 {
            text.push_str(&format!("{days}D"));
        }
        if hours > 0 || minutes > 0 || seconds > 0 || nanos > 0 {
            text.push('T');
            if hours > 0 {
                text.push_str(&format!("{hours}H"));
            }
            if minutes > 0 {
                text.push_str(&format!("{minutes}M"));
            }
            if seconds > 0 || nanos > 0 {
                text.push_str(&seconds.to_string());
                if nanos > 0 {
                    let fraction = format!("{nanos:09}");
                    text.push('.');
                    text.push_str(fraction.trim_end_matches('0'));
                }
                text.push('S');
            }
        } else if days == 0 {
            text.push_str("T0S");
        }
        text
    }
}

/// A non-empty run of ASCII digits as a number (`None` beyond `i128`).
fn whole(digits: &str) -> Option<i128> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

impl super::serde_support::Format<chrono::TimeDelta> for IsoDuration {
    fn write<S: serde::Serializer>(
        value: &chrono::TimeDelta,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&Self::format(*value))
    }

    fn read<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<chrono::TimeDelta, D::Error> {
        let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}
