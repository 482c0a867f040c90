//! `IsoDuration`: reads and writes OData's `Edm.Duration` (an ISO 8601 day-time duration)
//! as an exact `jiff::SignedDuration`, a day being 24 hours, over the whole range the
//! service uses (up to .NET's `TimeSpan.MaxValue`, `P10675199DT2H48M5.4775807S`, which
//! jiff's own ISO 8601 reader rejects).

/// Reads and writes `Edm.Duration` values, ISO 8601 day-time durations such as
/// `PT1H30M`, `P90D` or `-P1DT2H`, as exact durations where a day is 24 hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IsoDuration;

impl IsoDuration {
    /// Parses `[-]P[nD][T[nH][nM][n[.f]S]]`.
    pub fn parse(text: &str) -> Result<jiff::SignedDuration, String> {
        let invalid = || format!("`{text}` is not an ISO 8601 day-time duration");
        let (negative, rest) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let rest = rest.strip_prefix('P').ok_or_else(invalid)?;
        let (days, time) = match rest.split_once('T') {
            Some((days, time)) if !time.is_empty() => (days, Some(time)),
            Some(_) => return Err(invalid()),
            None => (rest, None),
        };
        if days.is_empty() && time.is_none() {
            return Err(invalid());
        }
        let days: i64 = match days.strip_suffix('D') {
            Some(count) => count.parse().map_err(|_| invalid())?,
            None if days.is_empty() => 0,
            None => return Err(invalid()),
        };
        let time = match time {
            Some(time) => format!("PT{time}")
                .parse::<jiff::SignedDuration>()
                .map_err(|_| invalid())?,
            None => jiff::SignedDuration::ZERO,
        };
        let total = days
            .checked_mul(86_400)
            .map(jiff::SignedDuration::from_secs)
            .and_then(|days| days.checked_add(time))
            .ok_or_else(invalid)?;
        Ok(if negative { -total } else { total })
    }

    /// Writes a duration with whole days as `nD`, the way the service does.
    pub fn format(duration: jiff::SignedDuration) -> String {
        let negative = duration.is_negative();
        let duration = duration
            .checked_neg()
            .filter(|_| negative)
            .unwrap_or(duration);
        let days = duration.as_secs() / 86_400;
        let rest = duration - jiff::SignedDuration::from_secs(days * 86_400);
        let mut text = String::from(if negative { "-P" } else { "P" });
        if days > 0 {
            text.push_str(&format!("{days}D"));
        }
        if !rest.is_zero() {
            text.push_str(&rest.to_string()[1..]);
        } else if days == 0 {
            text.push_str("T0S");
        }
        text
    }
}

impl super::serde_support::Format<jiff::SignedDuration> for IsoDuration {
    fn write<S: serde::Serializer>(
        value: &jiff::SignedDuration,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&Self::format(*value))
    }

    fn read<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<jiff::SignedDuration, D::Error> {
        let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}
