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
pub struct NullProperties(
    // Sorted, without repeats. A property read as `null` is a field's wire name, kept
    // without allocating; most values have none or a few, so a search in a short
    // vector beats a tree.
    Vec<std::borrow::Cow<'static, str>>,
);

impl NullProperties {
    /// No property is null.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether `property` (a wire name, such as `jobTitle`) is null.
    pub fn contains(&self, property: &str) -> bool {
        self.find(property).is_ok()
    }

    /// Marks `property` as null; `false` if it already was.
    pub fn insert(&mut self, property: impl Into<String>) -> bool {
        let property = property.into();
        match self.find(&property) {
            Ok(_) => false,
            Err(at) => {
                self.0.insert(at, std::borrow::Cow::Owned(property));
                true
            }
        }
    }

    /// Marks a field's wire name as null, without copying it: what reading does.
    pub(crate) fn insert_wire_name(&mut self, property: &'static str) {
        if let Err(at) = self.find(property) {
            self.0.insert(at, std::borrow::Cow::Borrowed(property));
        }
    }

    /// Unmarks `property`; `false` if it was not null.
    pub fn remove(&mut self, property: &str) -> bool {
        match self.find(property) {
            Ok(at) => {
                self.0.remove(at);
                true
            }
            Err(_) => false,
        }
    }

    /// The null properties, in name order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|property| &**property)
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
        let mut nulls = Self::new();
        for property in properties {
            nulls.insert(property);
        }
        nulls
    }
}

impl NullProperties {
    /// Where `property` is, or where it would go.
    fn find(&self, property: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|held| (**held).cmp(property))
    }
}
