//! `Removed`: the `@removed` annotation of an item in a delta response.

/// The `@removed` annotation that marks an item of a delta response as gone from the
/// collection: `{"id": "…", "@removed": {"reason": "deleted"}}`.
///
/// The generated structs keep the annotation, like every key their docs do not list, in
/// their `additional_data`; `Removed::from_additional_data` reads it from there (for an
/// `Any<Type>` value, from its `additional_data()`), and `Removed::from_json` from an item
/// kept as JSON (a `Collection<serde_json::Value>`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Removed {
    /// Why the item was removed, as Graph gives it: `"changed"` (it left the collection,
    /// or was deleted in a way that can be undone) or `"deleted"` (it was deleted for
    /// good); `None` when the annotation gives no reason.
    pub reason: Option<String>,
}

impl Removed {
    /// The key of the annotation in an item.
    pub const KEY: &'static str = "@removed";

    /// The item's removal, read from its `additional_data`: `None` when the item has no
    /// `@removed` annotation (it was added or changed).
    pub fn from_additional_data(
        additional_data: &std::collections::BTreeMap<String, serde_json::Value>,
    ) -> Option<Self> {
        additional_data.get(Self::KEY).map(Self::from_annotation)
    }

    /// The removal of an item kept as JSON: `None` when it is not an object with an
    /// `@removed` annotation.
    pub fn from_json(item: &serde_json::Value) -> Option<Self> {
        item.get(Self::KEY).map(Self::from_annotation)
    }

    /// The reason of an annotation's value; any value marks the item removed.
    fn from_annotation(annotation: &serde_json::Value) -> Self {
        Self {
            reason: annotation
                .get("reason")
                .and_then(serde_json::Value::as_str)
                .map(str::to_string),
        }
    }

    /// Whether the item was deleted for good (`"reason": "deleted"`).
    pub fn is_deleted(&self) -> bool {
        self.reason.as_deref() == Some("deleted")
    }

    /// Whether the item was removed in a way that can be undone, or only left the
    /// collection (`"reason": "changed"`).
    pub fn is_changed(&self) -> bool {
        self.reason.as_deref() == Some("changed")
    }
}
