//! `Changes`: the body of an update that sends only what changed.

/// The body of a `PATCH` that changes a value read from Graph into the value wanted,
/// holding only what differs.
///
/// A body serialized from the wanted value itself sends every property it holds: `id`,
/// `createdDateTime`, `@odata.etag` and the other read-only ones Graph rejects or ignores,
/// and every unchanged property, which can overwrite a change someone else made since the
/// read. `wanted.changes_from(&read)` compares the two values' JSON property by property,
/// the properties the docs do not list (`additional_data`) included, and keeps:
///
/// - each property whose value differs or that only the wanted value has, as it is written
///   there. A complex value (an object) or a collection that differs is sent whole: Graph
///   replaces such a value whole on `PATCH`, so a partial one would lose the rest;
/// - each property the read value has that the wanted one clears, as `null`: a field set
///   to `None`, or named in its `null_properties` (which also sends `null` for a property
///   the read value lacks, such as one a `$select` left out).
///
/// A property that is `null` or absent in both is no change. Nothing else is sent, so an
/// unchanged value gives an empty body.
///
/// ```text
/// let before: User = serde_json::from_str(&response_body)?;
/// let mut after = before.clone();
/// after.job_title = Some("Senior cartographer".to_string());
/// after.office_location = None;
/// let body = after.changes_from(&before);
/// // {"jobTitle":"Senior cartographer","officeLocation":null}
/// ```
///
/// Implemented for every serializable type; a value that does not serialize to a JSON
/// object has no properties, and so no changes.
pub trait Changes: serde::Serialize {
    /// The properties of `self` that differ from `before`, with `null` for those `self`
    /// clears: the body of the `PATCH` that turns `before` into `self`.
    fn changes_from(&self, before: &Self) -> serde_json::Map<String, serde_json::Value> {
        changed_properties(properties(before), properties(self))
    }
}

impl<T: serde::Serialize + ?Sized> Changes for T {}

/// A value's properties: its JSON object, or none.
fn properties<T: serde::Serialize + ?Sized>(
    value: &T,
) -> serde_json::Map<String, serde_json::Value> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::Object(properties)) => properties,
        _ => serde_json::Map::new(),
    }
}

/// What differs between two objects, with `null` for what `after` no longer has.
fn changed_properties(
    mut before: serde_json::Map<String, serde_json::Value>,
    after: serde_json::Map<String, serde_json::Value>,
) -> serde_json::Map<String, serde_json::Value> {
    let mut changes = serde_json::Map::new();
    for (key, value) in after {
        match before.remove(&key) {
            // Equal, `null` in both included.
            Some(old) if old == value => {}
            _ => {
                changes.insert(key, value);
            }
        }
    }
    for (key, old) in before {
        if !old.is_null() {
            changes.insert(key, serde_json::Value::Null);
        }
    }
    changes
}
