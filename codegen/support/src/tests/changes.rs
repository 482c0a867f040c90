//! `Changes`: what a `PATCH` built from a value read and the value wanted sends, and that
//! applying it to the read JSON gives the wanted JSON.

use serde_json::{Map, Value, json};

use super::structs::Widget;
use crate::Changes;

/// `changes` applied to `before` as a JSON merge patch (RFC 7386, one level: Graph
/// replaces complex values whole): a `null` removes the property, anything else sets it.
fn merge(before: &Value, changes: &Map<String, Value>) -> Value {
    let mut merged = before.as_object().cloned().unwrap_or_default();
    for (key, value) in changes {
        if value.is_null() {
            merged.remove(key);
        } else {
            merged.insert(key.clone(), value.clone());
        }
    }
    Value::Object(merged)
}

/// A value's JSON without its `null` properties: Graph reads a cleared property as absent
/// or `null` alike.
fn without_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            Value::Object(map.into_iter().filter(|(_, v)| !v.is_null()).collect())
        }
        other => other,
    }
}

fn read() -> (Value, Widget) {
    let json = json!({
        "@odata.etag": "W/\"1\"",
        "id": "w1",
        "displayName": "Sprocket",
        "size": 3,
        "color": "blue",
        "timeouts": ["PT1M"],
        "createdDateTime": "2024-01-01T00:00:00Z",
        "settings": {"a": 1, "b": 2},
        "officeLocation": null
    });
    let widget: Widget = serde_json::from_value(json.clone()).unwrap();
    (json, widget)
}

#[test]
fn an_unchanged_value_has_no_changes() {
    let (_, before) = read();
    assert_eq!(before.clone().changes_from(&before), Map::new());
}

#[test]
fn only_changed_and_cleared_properties_are_sent() {
    let (json, before) = read();
    let mut after = before.clone();
    after.display_name = Some("Gear".to_string());
    // `color`, read as blue, cleared (its field is private here: through the JSON).
    let mut after_json = serde_json::to_value(&after).unwrap();
    after_json.as_object_mut().unwrap().remove("color");
    let mut after: Widget = serde_json::from_value(after_json).unwrap();
    // An undocumented property changed inside: sent whole.
    after
        .additional_data
        .insert("settings".to_string(), json!({"a": 1, "b": 3}));
    // An undocumented property added, and one cleared explicitly that was absent.
    after
        .additional_data
        .insert("nickname".to_string(), json!("g"));
    after.null_properties.insert("jobTitle");
    let changes = after.changes_from(&before);
    assert_eq!(
        Value::Object(changes.clone()),
        json!({
            "displayName": "Gear",
            "color": null,
            "settings": {"a": 1, "b": 3},
            "nickname": "g",
            "jobTitle": null
        })
    );
    // Not sent: `id`, `@odata.etag`, `createdDateTime`, `size`, `timeouts`, nor
    // `officeLocation`, null in both.
    let wanted = serde_json::to_value(&after).unwrap();
    assert_eq!(without_nulls(merge(&json, &changes)), without_nulls(wanted));
}

#[test]
fn a_property_read_as_null_and_given_a_value_is_sent() {
    let (json, before) = read();
    let mut after = before.clone();
    after.null_properties.remove("officeLocation");
    after
        .additional_data
        .insert("officeLocation".to_string(), json!("Pier 3"));
    let changes = after.changes_from(&before);
    assert_eq!(
        Value::Object(changes.clone()),
        json!({"officeLocation": "Pier 3"})
    );
    assert_eq!(
        without_nulls(merge(&json, &changes)),
        without_nulls(serde_json::to_value(&after).unwrap())
    );
}

#[test]
fn a_collection_or_complex_value_that_differs_is_sent_whole() {
    let before = json!({"tags": ["a", "b"], "address": {"city": "Oslo", "zip": "0150"}});
    let after = json!({"tags": ["a", "b", "c"], "address": {"city": "Bergen", "zip": "0150"}});
    assert_eq!(Value::Object(after.changes_from(&before)), after);
}

#[test]
fn values_that_are_not_objects_have_no_changes() {
    assert_eq!(2.changes_from(&1), Map::new());
}
