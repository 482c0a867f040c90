//! The generated crate's struct reading and writing (codegen/support/src/serde_support/structs.rs
//! and null_properties.rs, which are private to the crate), copied for the prototypes, with
//! `ReadFields` generic over `'de` so a struct may borrow from the input.
#![allow(dead_code)]
use std::borrow::Cow;
use std::collections::BTreeMap;

/// `graph_v1::NullProperties`: sorted wire names, kept without copying when read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NullProperties(Vec<Cow<'static, str>>);

impl NullProperties {
    fn find(&self, property: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|p| (**p).cmp(property))
    }
    pub fn contains(&self, property: &str) -> bool {
        self.find(property).is_ok()
    }
    pub fn insert_wire_name(&mut self, property: &'static str) {
        if let Err(at) = self.find(property) {
            self.0.insert(at, Cow::Borrowed(property));
        }
    }
    pub fn remove(&mut self, property: &str) -> bool {
        match self.find(property) {
            Ok(at) => {
                self.0.remove(at);
                true
            }
            Err(_) => false,
        }
    }
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|p| &**p)
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Borrows a string when the input has it unescaped, else owns it.
struct CowVisitor;
impl<'de> serde::de::Visitor<'de> for CowVisitor {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

struct Key<'de>(Cow<'de, str>);
impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(CowVisitor).map(Key)
    }
}

/// `#[serde(borrow)] Cow<'de, str>`.
#[repr(transparent)]
pub struct CowStr<'de>(pub Cow<'de, str>);
impl<'de> serde::Deserialize<'de> for CowStr<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(CowVisitor).map(CowStr)
    }
}

pub trait ReadFields<'de>: Default {
    const EXPECTING: &'static str;
    fn read_field<A: serde::de::MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error>;
    fn additional_data(&mut self) -> &mut BTreeMap<String, serde_json::Value>;
}

#[inline]
pub fn read<'de, A: serde::de::MapAccess<'de>, T: serde::Deserialize<'de>>(
    map: &mut A,
    field: &mut Option<T>,
) -> Result<bool, A::Error> {
    *field = map.next_value()?;
    Ok(field.is_none())
}

#[inline]
pub fn read_cow<'de, A: serde::de::MapAccess<'de>>(
    map: &mut A,
    field: &mut Option<Cow<'de, str>>,
) -> Result<bool, A::Error> {
    *field = map.next_value::<Option<CowStr<'de>>>()?.map(|s| s.0);
    Ok(field.is_none())
}

#[inline]
pub fn read_cow_vec<'de, A: serde::de::MapAccess<'de>>(
    map: &mut A,
    field: &mut Option<Vec<Cow<'de, str>>>,
) -> Result<bool, A::Error> {
    *field = map
        .next_value::<Option<Vec<CowStr<'de>>>>()?
        .map(|v| v.into_iter().map(|s| s.0).collect());
    Ok(field.is_none())
}

#[inline]
pub fn note_null(nulls: &mut NullProperties, wire: &'static str, null: bool) {
    if null {
        nulls.insert_wire_name(wire);
    } else if !nulls.is_empty() {
        nulls.remove(wire);
    }
}

#[inline]
fn read_property<'de, T: ReadFields<'de>, A: serde::de::MapAccess<'de>>(
    value: &mut T,
    key: Cow<'de, str>,
    map: &mut A,
) -> Result<(), A::Error> {
    if !value.read_field(&key, map)? {
        let other = map.next_value()?;
        value.additional_data().insert(key.into_owned(), other);
    }
    Ok(())
}

struct StructVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: ReadFields<'de>> serde::de::Visitor<'de> for StructVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(T::EXPECTING)
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut value = T::default();
        while let Some(Key(key)) = map.next_key()? {
            read_property(&mut value, key, &mut map)?;
        }
        Ok(value)
    }
}

pub fn read_struct<'de, T: ReadFields<'de>, D: serde::Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    d.deserialize_map(StructVisitor(std::marker::PhantomData))
}

pub struct MapWriter<'n, M> {
    map: M,
    nulls: &'n NullProperties,
    fields: Vec<&'static str>,
}

impl<'n, M: serde::ser::SerializeMap> MapWriter<'n, M> {
    pub fn new<S: serde::Serializer<SerializeMap = M>>(serializer: S, nulls: &'n NullProperties) -> Result<Self, S::Error> {
        Ok(MapWriter { map: serializer.serialize_map(None)?, nulls, fields: Vec::new() })
    }
    pub fn odata_type(&mut self, value: Option<&str>, default: Option<&'static str>) -> Result<(), M::Error> {
        match (value, default) {
            (Some(value), _) => self.map.serialize_entry("@odata.type", value),
            (None, _) if self.is_null("@odata.type") => self.map.serialize_entry("@odata.type", &()),
            (None, Some(default)) => self.map.serialize_entry("@odata.type", default),
            (None, None) => Ok(()),
        }
    }
    fn is_null(&mut self, key: &'static str) -> bool {
        if self.nulls.is_empty() || !self.nulls.contains(key) {
            return false;
        }
        self.fields.push(key);
        true
    }
    pub fn field<T: serde::Serialize>(&mut self, key: &'static str, value: &Option<T>) -> Result<(), M::Error> {
        match value {
            Some(value) => {
                self.is_null(key);
                self.map.serialize_entry(key, value)
            }
            None if self.is_null(key) => self.map.serialize_entry(key, &()),
            None => Ok(()),
        }
    }
    pub fn finish(mut self, additional_data: &BTreeMap<String, serde_json::Value>) -> Result<M::Ok, M::Error> {
        if self.fields.len() < self.nulls.len() {
            for key in self.nulls.iter() {
                if !self.fields.contains(&key) && !additional_data.contains_key(key) {
                    self.map.serialize_entry(key, &())?;
                }
            }
        }
        for (key, value) in additional_data {
            self.map.serialize_entry(key, value)?;
        }
        self.map.end()
    }
}
