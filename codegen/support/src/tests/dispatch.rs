use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::NullProperties;
use crate::serde_support::{self, Dispatch, MapWriter, ReadFields, Reader, WriteFields};

/// The base type, setting `@odata.type` itself as generated structs do.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Entity {
    pub(super) odata_type: Option<String>,
    pub(super) id: Option<String>,
    pub(super) additional_data: BTreeMap<String, Value>,
    pub(super) null_properties: NullProperties,
}

/// A derived type, leaving `set_odata_type` to its default.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct User {
    odata_type: Option<String>,
    pub(super) id: Option<String>,
    pub(super) display_name: Option<String>,
    pub(super) additional_data: BTreeMap<String, Value>,
    pub(super) null_properties: NullProperties,
}

impl serde::Serialize for Entity {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.write_fields(serializer, None)
    }
}

impl WriteFields for Entity {
    fn write_fields<S: serde::Serializer>(
        &self,
        serializer: S,
        odata_type: Option<&'static str>,
    ) -> Result<S::Ok, S::Error> {
        let mut map = MapWriter::new(serializer, &self.null_properties)?;
        map.odata_type(&self.odata_type, odata_type)?;
        map.field("id", &self.id)?;
        map.finish(&self.additional_data)
    }
}

impl ReadFields for Entity {
    const EXPECTING: &'static str = "a `microsoft.graph.entity` object";

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
            "id" => (serde_support::read(map, &mut self.id), "id"),
            _ => return Ok(false),
        };
        serde_support::note_null(&mut self.null_properties, wire, read?);
        Ok(true)
    }

    fn additional_data(&mut self) -> &mut BTreeMap<String, Value> {
        &mut self.additional_data
    }

    fn set_odata_type(&mut self, odata_type: String) {
        self.odata_type = Some(odata_type);
    }
}

impl serde::Serialize for User {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.write_fields(serializer, None)
    }
}

impl WriteFields for User {
    fn write_fields<S: serde::Serializer>(
        &self,
        serializer: S,
        odata_type: Option<&'static str>,
    ) -> Result<S::Ok, S::Error> {
        let mut map = MapWriter::new(serializer, &self.null_properties)?;
        map.odata_type(&self.odata_type, odata_type)?;
        map.field("id", &self.id)?;
        map.field("displayName", &self.display_name)?;
        map.finish(&self.additional_data)
    }
}

impl ReadFields for User {
    const EXPECTING: &'static str = "a `microsoft.graph.user` object";

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
            "id" => (serde_support::read(map, &mut self.id), "id"),
            "displayName" => (
                serde_support::read(map, &mut self.display_name),
                "displayName",
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

/// A dispatch enum as the emitter writes one.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum AnyEntity {
    Entity(Box<Entity>),
    User(Box<User>),
    Other(Box<Entity>),
}

impl serde::Serialize for AnyEntity {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Entity(value) => value.serialize(serializer),
            Self::User(value) => value.write_fields(serializer, Some("#microsoft.graph.user")),
            Self::Other(value) => value.serialize(serializer),
        }
    }
}

impl<'de> serde::Deserialize<'de> for AnyEntity {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde_support::read_dispatch(deserializer)
    }
}

impl Dispatch for AnyEntity {
    const EXPECTING: &'static str = "a `microsoft.graph.entity` object";

    type Base = Entity;

    fn from_base(base: Box<Entity>) -> Self {
        Self::Entity(base)
    }

    fn choose<'de, R: Reader<'de>>(odata_type: Option<&str>, reader: R) -> Result<Self, R::Error> {
        Ok(match odata_type {
            None | Some("microsoft.graph.entity") => Self::Entity(Box::new(reader.read()?)),
            Some("microsoft.graph.user") => Self::User(Box::new(reader.read()?)),
            Some(_) => Self::Other(Box::new(reader.read()?)),
        })
    }
}

/// Reads from text and from a `serde_json::Value`, and checks both agree and write back
/// what was read.
fn read(json: Value) -> AnyEntity {
    let value: AnyEntity = serde_json::from_str(&json.to_string()).unwrap();
    let from_value: AnyEntity = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(from_value, value);
    let written = serde_json::to_value(&value).unwrap();
    assert_eq!(written, json, "{value:?}");
    value
}

fn user(odata_type: &str) -> AnyEntity {
    AnyEntity::User(Box::new(User {
        odata_type: Some(odata_type.to_string()),
        id: Some("1".to_string()),
        display_name: Some("Ada".to_string()),
        additional_data: BTreeMap::from([("extra".to_string(), json!(true))]),
        null_properties: NullProperties::default(),
    }))
}

#[test]
fn a_leading_odata_type_chooses_the_struct() {
    let value = read(json!({
        "@odata.type": "#microsoft.graph.user",
        "id": "1",
        "displayName": "Ada",
        "extra": true
    }));
    assert_eq!(value, user("#microsoft.graph.user"));
    // Without `#`, as some payloads write it.
    let value = read(json!({
        "@odata.type": "microsoft.graph.user",
        "id": "1",
        "displayName": "Ada",
        "extra": true
    }));
    assert_eq!(value, user("microsoft.graph.user"));
}

#[test]
fn a_late_odata_type_is_still_honoured() {
    let json = json!({
        "id": "1",
        "extra": true,
        "@odata.type": "#microsoft.graph.user",
        "displayName": "Ada"
    });
    let value: AnyEntity = serde_json::from_str(&json.to_string()).unwrap();
    assert_eq!(value, user("#microsoft.graph.user"));
    let value: AnyEntity = serde_json::from_value(json).unwrap();
    assert_eq!(value, user("#microsoft.graph.user"));
}

#[test]
fn no_odata_type_is_the_base_type() {
    let value = read(json!({"id": "1", "displayName": "Ada"}));
    let AnyEntity::Entity(entity) = &value else {
        panic!("{value:?}");
    };
    assert_eq!(entity.id.as_deref(), Some("1"));
    assert_eq!(entity.additional_data["displayName"], json!("Ada"));
    assert_eq!(read(json!({})), AnyEntity::Entity(Box::default()));
    // A null `@odata.type` names no type.
    let value: AnyEntity = serde_json::from_str(r#"{"@odata.type": null, "id": "1"}"#).unwrap();
    assert!(matches!(&value, AnyEntity::Entity(e) if e.id.as_deref() == Some("1")));
}

#[test]
fn the_base_type_named_is_the_base_variant() {
    let value = read(json!({"@odata.type": "#microsoft.graph.entity", "id": "1"}));
    assert!(matches!(&value, AnyEntity::Entity(e) if e.odata_type.is_some()));
}

#[test]
fn an_undescribed_type_keeps_a_typed_base() {
    let json = json!({"@odata.type": "#microsoft.graph.group", "id": "1", "members": [1]});
    let AnyEntity::Other(base) = read(json.clone()) else {
        panic!("an undescribed type is `Other`");
    };
    assert_eq!(base.id.as_deref(), Some("1"));
    assert_eq!(base.odata_type.as_deref(), Some("#microsoft.graph.group"));
    assert_eq!(base.additional_data["members"], json!([1]));
    // Late: the keys read first come back from the base struct.
    let late = json!({"id": "1", "@odata.type": "#microsoft.graph.group", "members": [1]});
    let value: AnyEntity = serde_json::from_str(&late.to_string()).unwrap();
    assert_eq!(serde_json::to_value(&value).unwrap(), late);
    assert!(matches!(value, AnyEntity::Other(base) if base.id.as_deref() == Some("1")));
}

#[test]
fn a_derived_value_built_in_code_names_its_type() {
    let value = AnyEntity::User(Box::new(User {
        display_name: Some("Ada".to_string()),
        ..User::default()
    }));
    let written = serde_json::to_value(&value).unwrap();
    assert_eq!(
        written,
        json!({"@odata.type": "#microsoft.graph.user", "displayName": "Ada"})
    );
    assert!(matches!(read(written), AnyEntity::User(_)));
}

#[test]
fn errors_say_what_was_expected() {
    let error = serde_json::from_str::<AnyEntity>("1")
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("a `microsoft.graph.entity` object"),
        "{error}"
    );
    let error =
        serde_json::from_str::<AnyEntity>(r##"{"@odata.type": "#microsoft.graph.user", "id": 1}"##);
    assert!(error.is_err());
}
