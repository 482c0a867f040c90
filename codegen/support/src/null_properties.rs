//! `NullProperties`: the properties of a generated struct that are explicitly `null`.

/// The properties of a value that are explicitly `null`, by wire name.
///
/// Graph tells "clear this property" (`"jobTitle": null` in a PATCH body) from "leave it
/// as it is" (no `jobTitle` key). A field is `None` in both cases; this set says which:
/// reading `null` adds the property, and writing a field that is `None` writes `null`
/// when the set names it. A field that holds a value is written as that value whatever
/// the set says. A name that is no field of the struct is written as `null` too.
///
/// ```text
/// let patch = User {
///     job_title: Some("Chef".to_string()),
///     null_properties: ["officeLocation"].into(),
///     ..Default::default()
/// };
/// // {"jobTitle":"Chef","officeLocation":null}
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NullProperties(std::collections::BTreeSet<String>);

impl NullProperties {
    /// No property is null.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether `property` (a wire name, such as `jobTitle`) is null.
    pub fn contains(&self, property: &str) -> bool {
        self.0.contains(property)
    }

    /// Marks `property` as null; `false` if it already was.
    pub fn insert(&mut self, property: impl Into<String>) -> bool {
        self.0.insert(property.into())
    }

    /// Unmarks `property`; `false` if it was not null.
    pub fn remove(&mut self, property: &str) -> bool {
        self.0.remove(property)
    }

    /// The null properties, in name order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }

    /// How many properties are null.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no property is null.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<S: Into<String>, const N: usize> From<[S; N]> for NullProperties {
    fn from(properties: [S; N]) -> Self {
        properties.into_iter().collect()
    }
}

impl<S: Into<String>> FromIterator<S> for NullProperties {
    fn from_iter<I: IntoIterator<Item = S>>(properties: I) -> Self {
        Self(properties.into_iter().map(Into::into).collect())
    }
}
