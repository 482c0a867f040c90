use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::serde_support::{self, Base64, MapWriter, ReadFields, WriteFields};
use crate::{IsoDuration, NullProperties, UndocumentedValue};

/// A struct as the emitter writes one, with a field of each codec.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Widget {
    odata_type: Option<String>,
    pub(super) display_name: Option<String>,
    size: Option<i32>,
    color: Option<Color>,
    timeout: Option<chrono::TimeDelta>,
    timeouts: Option<Vec<chrono::TimeDelta>>,
    data: Option<Vec<u8>>,
    pub(super) additional_data: BTreeMap<String, Value>,
    pub(super) null_properties: NullProperties,
}

impl serde::Serialize for Widget {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.write_fields(serializer, None)
    }
}

impl WriteFields for Widget {
    fn write_fields<S: serde::Serializer>(
        &self,
        serializer: S,
        odata_type: Option<&'static str>,
    ) -> Result<S::Ok, S::Error> {
        let mut map = MapWriter::new(serializer, &self.null_properties)?;
        map.odata_type(&self.odata_type, odata_type)?;
        map.field("displayName", &self.display_name)?;
        map.field("size", &self.size)?;
        map.field("color", &self.color)?;
        map.field_with::<IsoDuration, _>("timeout", &self.timeout)?;
        map.list_field_with::<IsoDuration, _>("timeouts", &self.timeouts)?;
        map.field_with::<Base64, _>("data", &self.data)?;
        map.finish(&self.additional_data)
    }
}

impl<'de> serde::Deserialize<'de> for Widget {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde_support::read_struct(deserializer)
    }
}

impl ReadFields for Widget {
    const EXPECTING: &'static str = "a `microsoft.graph.widget` object";

    fn read_field<'de, A: serde::de::MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<bool, A::Error> {
        let (read, wire) = match key {
            "@odata.type" => (
                serde_support::read(map, &mut self.odata_type),
                "@odata.type",
            ),
            "displayName" => (
                serde_support::read(map, &mut self.display_name),
                "displayName",
            ),
            "size" => (serde_support::read(map, &mut self.size), "size"),
            "color" => (serde_support::read(map, &mut self.color), "color"),
            "timeout" => (
                serde_support::read_with::<IsoDuration, _, _>(map, &mut self.timeout),
                "timeout",
            ),
            "timeouts" => (
                serde_support::read_list_with::<IsoDuration, _, _>(map, &mut self.timeouts),
                "timeouts",
            ),
            "data" => (
                serde_support::read_with::<Base64, _, _>(map, &mut self.data),
                "data",
            ),
            _ => return Ok(false),
        };
        serde_support::note_null(&mut self.null_properties, wire, read?);
        Ok(true)
    }

    fn additional_data(&mut self) -> &mut BTreeMap<String, Value> {
        &mut self.additional_data
    }
}

/// An open enum as the emitter writes one.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Color {
    Red,
    Undocumented(UndocumentedValue),
}

impl std::str::FromStr for Color {
    type Err = std::convert::Infallible;
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Ok(match value {
            "red" => Self::Red,
            other => Self::Undocumented(UndocumentedValue::new(other)),
        })
    }
}

impl serde::Serialize for Color {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(match self {
            Self::Red => "red",
            Self::Undocumented(value) => value.as_str(),
        })
    }
}

impl<'de> serde::Deserialize<'de> for Color {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde_support::read_member(deserializer)
    }
}

fn round_trip(json: Value) -> Widget {
    let text = json.to_string();
    let widget: Widget = serde_json::from_str(&text).unwrap();
    assert_eq!(serde_json::to_value(&widget).unwrap(), json, "from text");
    let from_value: Widget = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(from_value, widget, "from a serde_json::Value");
    widget
}

#[test]
fn reads_each_field_and_keeps_the_rest() {
    let widget = round_trip(json!({
        "@odata.type": "#microsoft.graph.widget",
        "displayName": "Gear",
        "size": 3,
        "color": "red",
        "timeout": "PT1H30M",
        "timeouts": ["P1D", "-PT0.5S", "P10675199DT2H48M5.4775807S"],
        "data": "AAEC/w==",
        "@odata.etag": "W/\"1\"",
        "unlisted": {"nested": [1, 2]}
    }));
    assert_eq!(widget.display_name.as_deref(), Some("Gear"));
    assert_eq!(widget.size, Some(3));
    assert_eq!(widget.color, Some(Color::Red));
    assert_eq!(widget.timeout, Some(chrono::TimeDelta::minutes(90)));
    assert_eq!(
        widget.timeouts.as_ref().map(Vec::len),
        Some(3),
        "{:?}",
        widget.timeouts
    );
    assert_eq!(widget.data, Some(vec![0, 1, 2, 255]));
    assert_eq!(
        widget.additional_data.keys().collect::<Vec<_>>(),
        ["@odata.etag", "unlisted"]
    );
}

#[test]
fn none_is_not_written_and_null_reads_as_none_and_is_kept() {
    let text = r#"{"displayName":null,"timeout":null,"timeouts":null,"data":null}"#;
    let widget: Widget = serde_json::from_str(text).unwrap();
    assert_eq!(widget.display_name, None);
    assert_eq!(widget.timeout, None);
    assert_eq!(
        widget.null_properties.iter().collect::<Vec<_>>(),
        ["data", "displayName", "timeout", "timeouts"]
    );
    assert_eq!(serde_json::to_string(&widget).unwrap(), text);
    assert_eq!(serde_json::to_string(&Widget::default()).unwrap(), "{}");
}

#[test]
fn a_patch_sets_one_property_and_clears_another() {
    let patch = Widget {
        size: Some(4),
        null_properties: ["displayName", "@odata.type", "notAField"].into(),
        ..Widget::default()
    };
    assert_eq!(
        serde_json::to_string(&patch).unwrap(),
        r#"{"@odata.type":null,"displayName":null,"size":4,"notAField":null}"#
    );
    // A value wins over the null mark; a later value read clears the mark.
    let mut widget: Widget = serde_json::from_str(r#"{"size":null,"size":2}"#).unwrap();
    assert!(widget.null_properties.is_empty());
    widget.null_properties.insert("size");
    assert_eq!(serde_json::to_string(&widget).unwrap(), r#"{"size":2}"#);
}

#[test]
fn a_default_odata_type_is_written_only_when_unset() {
    let widget = Widget::default();
    let written = widget
        .write_fields(
            serde_json::value::Serializer,
            Some("#microsoft.graph.widget"),
        )
        .unwrap();
    assert_eq!(written, json!({"@odata.type": "#microsoft.graph.widget"}));
    let named = Widget {
        odata_type: Some("#microsoft.graph.other".to_string()),
        ..Widget::default()
    };
    let written = named
        .write_fields(
            serde_json::value::Serializer,
            Some("#microsoft.graph.widget"),
        )
        .unwrap();
    assert_eq!(written, json!({"@odata.type": "#microsoft.graph.other"}));
}

#[test]
fn keys_with_escapes_are_read_as_their_text() {
    // `\u0061` is `a`: the key cannot be borrowed from the input, and is still matched.
    let widget: Widget =
        serde_json::from_str(r#"{"displayN\u0061me": "Gear", "n\u00e9w": 1}"#).unwrap();
    assert_eq!(widget.display_name.as_deref(), Some("Gear"));
    assert_eq!(widget.additional_data["néw"], json!(1));
}

#[test]
fn the_last_of_repeated_keys_wins() {
    let widget: Widget = serde_json::from_str(r#"{"size": 1, "size": 2}"#).unwrap();
    assert_eq!(widget.size, Some(2));
}

#[test]
fn undocumented_members_are_kept() {
    let widget = round_trip(json!({"color": "ultraviolet"}));
    let Some(Color::Undocumented(value)) = &widget.color else {
        panic!("{:?}", widget.color);
    };
    assert_eq!(value.as_str(), "ultraviolet");
}

#[test]
fn errors_say_what_was_expected() {
    let error = serde_json::from_str::<Widget>("[]")
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("a `microsoft.graph.widget` object"),
        "{error}"
    );
    let error = serde_json::from_str::<Widget>(r#"{"timeout": "1 hour"}"#)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("is not an ISO 8601 day-time duration"),
        "{error}"
    );
    let error = serde_json::from_str::<Widget>(r#"{"data": "not base64!"}"#);
    assert!(error.is_err());
    let error = serde_json::from_str::<Widget>(r#"{"color": 1}"#)
        .unwrap_err()
        .to_string();
    assert!(error.contains("a string"), "{error}");
}

#[test]
fn the_default_set_odata_type_goes_through_read_field() {
    let mut widget = Widget::default();
    widget.set_odata_type("#microsoft.graph.widget".to_string());
    assert_eq!(
        widget.odata_type.as_deref(),
        Some("#microsoft.graph.widget")
    );
    assert!(widget.additional_data.is_empty());
}

#[test]
fn null_properties_are_a_set_in_name_order_however_they_were_added() {
    let mut read = NullProperties::new();
    read.insert_wire_name("size");
    read.insert_wire_name("color");
    read.insert_wire_name("size");
    let built: NullProperties = ["color", "size", "color"].into();
    assert_eq!(read, built);
    assert_eq!(read.iter().collect::<Vec<_>>(), ["color", "size"]);
    assert!(read.contains("size") && !read.contains("data"));
    assert!(!read.insert("size".to_string()));
    assert!(read.remove("color") && !read.remove("color"));
    assert_eq!(read.len(), 1);
    // A null read, then a value read for the same key: no longer null.
    let widget: Widget =
        serde_json::from_str(r#"{"size": null, "color": null, "size": 3}"#).unwrap();
    assert_eq!(widget.null_properties.iter().collect::<Vec<_>>(), ["color"]);
}
