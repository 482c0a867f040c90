//! `UndocumentedValue`: the catch-all of every generated open enum.

/// A wire value that an enum's docs do not list, kept exactly as received.
///
/// Only parsing makes one, and parsing turns every documented value into its own
/// variant, so an `UndocumentedValue` never holds a value its enum has a variant for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UndocumentedValue(String);

impl UndocumentedValue {
    pub(crate) fn new(value: &str) -> Self {
        Self(value.to_string())
    }

    /// The value as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for UndocumentedValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
