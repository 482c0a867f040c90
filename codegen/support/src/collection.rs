//! `Collection<T>`: one page of a collection response, such as the body of
//! `GET /users` or of a delta query.

/// One page of a collection response: the items in `value`, and the page's annotations.
///
/// Graph returns a collection a page at a time, as an object:
///
/// ```json
/// {
///   "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users",
///   "@odata.count": 42,
///   "@odata.nextLink": "https://graph.microsoft.com/v1.0/users?$skiptoken=…",
///   "value": [{ "id": "…" }]
/// }
/// ```
///
/// `T` is any generated type (a struct, an `Any<Type>` enum, an enum) or any other type
/// serde reads, such as `String` or `serde_json::Value`. The items are read straight into
/// `Vec<T>`. The annotations Graph uses for paging have their own fields; every other key
/// is kept in `additional_data`, so a page read and written again loses nothing (except
/// that `null` annotations are not written, as with every generated type).
///
/// In a delta response, an item that left the collection carries an `@removed`
/// annotation, which the generated structs keep in their `additional_data`: `Removed`
/// reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Collection<T> {
    /// The items of this page (`value`).
    pub value: Vec<T>,
    /// The URL of the next page (`@odata.nextLink`); `None` on the last page.
    pub next_link: Option<String>,
    /// The URL that asks for the changes since this response (`@odata.deltaLink`), given
    /// on the last page of a delta query.
    pub delta_link: Option<String>,
    /// The number of items in the whole collection (`@odata.count`), when `$count=true`
    /// asked for it.
    pub count: Option<i64>,
    /// The metadata URL describing the response (`@odata.context`).
    pub context: Option<String>,
    /// Every other key of the page (other annotations, such as `@odata.type` or
    /// `@microsoft.graph.tips`), kept as received.
    pub additional_data: std::collections::BTreeMap<String, serde_json::Value>,
}

impl<T> Collection<T> {
    /// A page holding these items and no annotations.
    pub fn new(value: Vec<T>) -> Self {
        Self {
            value,
            next_link: None,
            delta_link: None,
            count: None,
            context: None,
            additional_data: std::collections::BTreeMap::new(),
        }
    }

    /// The URL of the next page, if there is one.
    pub fn next_link(&self) -> Option<&str> {
        self.next_link.as_deref()
    }

    /// The URL of the next round of a delta query, if this is the last page of one.
    pub fn delta_link(&self) -> Option<&str> {
        self.delta_link.as_deref()
    }

    /// Whether this is the last page: it has no `@odata.nextLink`.
    pub fn is_last_page(&self) -> bool {
        self.next_link.is_none()
    }

    /// The number of items on this page.
    pub fn len(&self) -> usize {
        self.value.len()
    }

    /// Whether this page has no items.
    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }

    /// The items of this page.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.value.iter()
    }
}

impl<T> Default for Collection<T> {
    /// An empty page without annotations.
    fn default() -> Self {
        Self::new(Vec::new())
    }
}

impl<T> From<Vec<T>> for Collection<T> {
    fn from(value: Vec<T>) -> Self {
        Self::new(value)
    }
}

impl<T> FromIterator<T> for Collection<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        Self::new(items.into_iter().collect())
    }
}

impl<T> IntoIterator for Collection<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.value.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Collection<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.value.iter()
    }
}

impl<'a, T> IntoIterator for &'a mut Collection<T> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.value.iter_mut()
    }
}

impl<T: serde::Serialize> serde::Serialize for Collection<T> {
    /// Writes the page as Graph does: `@odata.context`, `@odata.count`,
    /// `@odata.nextLink`, the other keys, `value`, then `@odata.deltaLink`. `None` is not
    /// written.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        if let Some(context) = &self.context {
            map.serialize_entry(PageKey::CONTEXT, context)?;
        }
        if let Some(count) = &self.count {
            map.serialize_entry(PageKey::COUNT, count)?;
        }
        if let Some(next_link) = &self.next_link {
            map.serialize_entry(PageKey::NEXT_LINK, next_link)?;
        }
        for (key, value) in &self.additional_data {
            map.serialize_entry(key, value)?;
        }
        map.serialize_entry(PageKey::VALUE, &self.value)?;
        if let Some(delta_link) = &self.delta_link {
            map.serialize_entry(PageKey::DELTA_LINK, delta_link)?;
        }
        map.end()
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Collection<T> {
    /// Reads a page: an object with a `value` array, whose items are read straight into
    /// `T`; the keys may come in any order.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(CollectionVisitor(std::marker::PhantomData))
    }
}

/// A key of a page, matched without allocating unless it is kept in `additional_data`.
enum PageKey {
    Value,
    NextLink,
    DeltaLink,
    Count,
    Context,
    Other(String),
}

impl PageKey {
    // The wire names of the fields of a `Collection`.
    const VALUE: &'static str = "value";
    const NEXT_LINK: &'static str = "@odata.nextLink";
    const DELTA_LINK: &'static str = "@odata.deltaLink";
    const COUNT: &'static str = "@odata.count";
    const CONTEXT: &'static str = "@odata.context";

    fn of(key: &str) -> Self {
        match key {
            Self::VALUE => PageKey::Value,
            Self::NEXT_LINK => PageKey::NextLink,
            Self::DELTA_LINK => PageKey::DeltaLink,
            Self::COUNT => PageKey::Count,
            Self::CONTEXT => PageKey::Context,
            other => PageKey::Other(other.to_string()),
        }
    }
}

impl<'de> serde::Deserialize<'de> for PageKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// Matches a key against the wire names of the fields.
        struct KeyVisitor;
        impl serde::de::Visitor<'_> for KeyVisitor {
            type Value = PageKey;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a property name")
            }
            fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<PageKey, E> {
                Ok(PageKey::of(key))
            }
            fn visit_string<E: serde::de::Error>(self, key: String) -> Result<PageKey, E> {
                Ok(match PageKey::of(&key) {
                    PageKey::Other(_) => PageKey::Other(key),
                    known => known,
                })
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Reads a page, its items straight into `Vec<T>`.
struct CollectionVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: serde::Deserialize<'de>> serde::de::Visitor<'de> for CollectionVisitor<T> {
    type Value = Collection<T>;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a collection: an object with a `value` array")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> Result<Collection<T>, A::Error> {
        let mut page = Collection::new(Vec::new());
        let mut value = None;
        // The last of repeated keys wins, as in `serde_json::Value`.
        while let Some(key) = map.next_key()? {
            match key {
                PageKey::Value => value = Some(map.next_value()?),
                PageKey::NextLink => page.next_link = map.next_value()?,
                PageKey::DeltaLink => page.delta_link = map.next_value()?,
                PageKey::Count => page.count = map.next_value()?,
                PageKey::Context => page.context = map.next_value()?,
                PageKey::Other(key) => {
                    let other = map.next_value()?;
                    page.additional_data.insert(key, other);
                }
            }
        }
        page.value = value.ok_or_else(|| serde::de::Error::missing_field(PageKey::VALUE))?;
        Ok(page)
    }
}
