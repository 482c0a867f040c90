// Structs: every generated struct's `Serialize`, `Deserialize` and `ReadFields` impls
// call these.

/// A key of a JSON object, borrowed from the input when it has no escapes.
struct Key<'de>(std::borrow::Cow<'de, str>);

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a property name")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Borrowed(key)))
            }
            fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(key.to_string())))
            }
            fn visit_string<E: serde::de::Error>(self, key: String) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(key)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// A generated struct, read one property at a time.
pub(crate) trait ReadFields: Default {
    /// What the struct is, for error messages.
    const EXPECTING: &'static str;

    /// Reads the value of `key` into its field; `false` if no field has that name.
    fn read_field<'de, A: serde::de::MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<bool, A::Error>;

    /// Where properties without a field go.
    fn additional_data(&mut self) -> &mut std::collections::BTreeMap<String, serde_json::Value>;

    /// Sets `@odata.type`, read before the struct was chosen (by a dispatch enum).
    ///
    /// Generated structs set their field directly when the crate has dispatch enums. This
    /// default reads the value as the one entry of an object, where `read_field` puts it.
    fn set_odata_type(&mut self, odata_type: String) {
        let mut map = serde::de::value::MapDeserializer::<_, serde_json::Error>::new(
            std::iter::once(("@odata.type", serde_json::Value::String(odata_type))),
        );
        // A string read as the string it is cannot fail.
        let _ = serde::de::MapAccess::next_key::<serde::de::IgnoredAny>(&mut map)
            .and_then(|_| read_property(self, std::borrow::Cow::Borrowed("@odata.type"), &mut map));
    }
}

// Inlined: these run once per key of every object read, and a call costs more than
// their bodies.
/// Reads a field's value; the last of repeated keys wins, as in `serde_json::Value`.
/// Returns whether the value was `null`.
#[inline]
pub(crate) fn read<'de, A: serde::de::MapAccess<'de>, T: serde::Deserialize<'de>>(
    map: &mut A,
    field: &mut Option<T>,
) -> Result<bool, A::Error> {
    *field = map.next_value()?;
    Ok(field.is_none())
}

/// Records whether the property `wire` (a field's wire name) was read as `null`, so
/// that it is written back so.
#[inline]
pub(crate) fn note_null(nulls: &mut super::NullProperties, wire: &'static str, null: bool) {
    if null {
        nulls.insert_wire_name(wire);
    } else if !nulls.is_empty() {
        nulls.remove(wire);
    }
}

/// Reads the value of `key` into its field, or into `additional_data`.
#[inline]
fn read_property<'de, T: ReadFields, A: serde::de::MapAccess<'de>>(
    value: &mut T,
    key: std::borrow::Cow<'de, str>,
    map: &mut A,
) -> Result<(), A::Error> {
    if !value.read_field(&key, map)? {
        let other = map.next_value()?;
        value.additional_data().insert(key.into_owned(), other);
    }
    Ok(())
}

/// Reads the remaining properties of an object into `value`.
#[inline]
fn read_properties<'de, T: ReadFields, A: serde::de::MapAccess<'de>>(
    value: &mut T,
    map: &mut A,
) -> Result<(), A::Error> {
    while let Some(Key(key)) = map.next_key()? {
        read_property(value, key, map)?;
    }
    Ok(())
}

struct StructVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: ReadFields> serde::de::Visitor<'de> for StructVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(T::EXPECTING)
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut value = T::default();
        read_properties(&mut value, &mut map)?;
        Ok(value)
    }
}

/// The `Deserialize` impl of every generated struct.
pub(crate) fn read_struct<'de, T: ReadFields, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(StructVisitor(std::marker::PhantomData))
}

/// A generated struct, written as a JSON object.
pub(crate) trait WriteFields {
    /// Writes the struct; `odata_type` is the `@odata.type` written when its own field is
    /// unset and the property is not explicitly null.
    fn write_fields<S: serde::Serializer>(
        &self,
        serializer: S,
        odata_type: Option<&'static str>,
    ) -> Result<S::Ok, S::Error>;
}

/// Writes a struct as a JSON object: `@odata.type`, the fields that hold a value or are
/// explicitly null, then `additional_data`.
pub(crate) struct MapWriter<'n, M> {
    map: M,
    nulls: &'n super::NullProperties,
    /// The null properties that name a field, when there are any.
    fields: Vec<&'static str>,
}

impl<'n, M: serde::ser::SerializeMap> MapWriter<'n, M> {
    pub(crate) fn new<S: serde::Serializer<SerializeMap = M>>(
        serializer: S,
        nulls: &'n super::NullProperties,
    ) -> Result<Self, S::Error> {
        Ok(MapWriter {
            map: serializer.serialize_map(None)?,
            nulls,
            fields: Vec::new(),
        })
    }

    /// Writes `@odata.type`: the field's value, else `null` when it is explicitly null,
    /// else `default` (the type a value of a derived type names).
    pub(crate) fn odata_type(
        &mut self,
        value: &Option<String>,
        default: Option<&'static str>,
    ) -> Result<(), M::Error> {
        match (value, default) {
            (Some(value), _) => self.map.serialize_entry("@odata.type", value),
            (None, _) if self.is_null("@odata.type") => {
                self.map.serialize_entry("@odata.type", &())
            }
            (None, Some(default)) => self.map.serialize_entry("@odata.type", default),
            (None, None) => Ok(()),
        }
    }

    /// Whether a field's property is explicitly null, noting that it is a field.
    fn is_null(&mut self, key: &'static str) -> bool {
        if self.nulls.is_empty() || !self.nulls.contains(key) {
            return false;
        }
        self.fields.push(key);
        true
    }

    /// Writes a field's value, `null` when it is `None` and explicitly null, or nothing.
    pub(crate) fn field<T: serde::Serialize>(
        &mut self,
        key: &'static str,
        value: &Option<T>,
    ) -> Result<(), M::Error> {
        match value {
            Some(value) => {
                self.is_null(key);
                self.map.serialize_entry(key, value)
            }
            None if self.is_null(key) => self.map.serialize_entry(key, &()),
            None => Ok(()),
        }
    }

    /// Writes the null properties that name no field, then the properties without a
    /// field, and ends the object.
    pub(crate) fn finish(
        mut self,
        additional_data: &std::collections::BTreeMap<String, serde_json::Value>,
    ) -> Result<M::Ok, M::Error> {
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
