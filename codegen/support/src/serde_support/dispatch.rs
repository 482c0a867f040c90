// `Any<Type>` enums: every generated dispatch enum's `Deserialize` and `Dispatch` impls
// call these. Uses the struct helpers.

/// A generated `Any<Type>` enum: picks its variant by `@odata.type`.
pub(crate) trait Dispatch: Sized {
    const EXPECTING: &'static str;

    /// The base type, read when the object has no `@odata.type`.
    type Base: ReadFields + serde::Serialize;

    /// The base type's variant.
    fn from_base(base: Box<Self::Base>) -> Self;

    /// Reads the value as the type `odata_type` names (without `#`), the base
    /// type when it is `None`.
    fn choose<'de, R: Reader<'de>>(odata_type: Option<&str>, reader: R) -> Result<Self, R::Error>;
}

/// The rest of an object whose `@odata.type` is known.
pub(crate) trait Reader<'de> {
    type Error: serde::de::Error;

    /// Reads the object as a generated struct: the type `@odata.type` names, or the
    /// base type of a type the docs do not describe, whose `additional_data` then keeps
    /// the properties only that type has.
    fn read<T: ReadFields>(self) -> Result<T, Self::Error>;
}

/// `@odata.type` came first: the rest is read straight into the chosen type.
struct Streaming<A> {
    map: A,
    odata_type: String,
}

impl<'de, A: serde::de::MapAccess<'de>> Reader<'de> for Streaming<A> {
    type Error = A::Error;

    fn read<T: ReadFields>(mut self) -> Result<T, A::Error> {
        let mut value = T::default();
        value.set_odata_type(self.odata_type);
        read_properties(&mut value, &mut self.map)?;
        Ok(value)
    }
}

/// `@odata.type` came after other keys: the object was read as JSON first.
struct Buffered<E> {
    object: serde_json::Map<String, serde_json::Value>,
    error: std::marker::PhantomData<E>,
}

impl<'de, E: serde::de::Error> Reader<'de> for Buffered<E> {
    type Error = E;

    fn read<T: ReadFields>(self) -> Result<T, E> {
        read_struct(serde_json::Value::Object(self.object)).map_err(E::custom)
    }
}

/// Reads the remaining properties of an object as JSON.
fn read_object<'de, A: serde::de::MapAccess<'de>>(
    map: &mut A,
    object: &mut serde_json::Map<String, serde_json::Value>,
) -> Result<(), A::Error> {
    while let Some(Key(key)) = map.next_key()? {
        let value = map.next_value()?;
        object.insert(key.into_owned(), value);
    }
    Ok(())
}

/// A struct read so far, back as a JSON object.
fn to_object<T: serde::Serialize, E: serde::de::Error>(
    value: &T,
) -> Result<serde_json::Map<String, serde_json::Value>, E> {
    match serde_json::to_value(value).map_err(E::custom)? {
        serde_json::Value::Object(object) => Ok(object),
        other => Err(E::custom(format_args!(
            "a struct was written as {other}, not as an object"
        ))),
    }
}

struct DispatchVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: Dispatch> serde::de::Visitor<'de> for DispatchVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(T::EXPECTING)
    }
    // Graph writes `@odata.type` first when it writes it at all: then the rest of
    // the object goes straight into the type it names. An object without it is
    // read as the base type as it comes; an `@odata.type` found after other keys
    // turns what was read back into JSON and reads the object as the type named.
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        // Made at the first key that is not a leading `@odata.type`.
        let mut base: Option<Box<T::Base>> = None;
        while let Some(Key(key)) = map.next_key()? {
            if key != "@odata.type" {
                read_property(&mut **base.get_or_insert_default(), key, &mut map)?;
                continue;
            }
            let Some(odata_type) = map.next_value::<Option<String>>()? else {
                base.get_or_insert_default();
                continue;
            };
            let name = odata_type.trim_start_matches('#').to_string();
            let Some(base) = &base else {
                return T::choose(Some(&name), Streaming { map, odata_type });
            };
            let mut object = to_object(&**base)?;
            object.insert(key.into_owned(), serde_json::Value::String(odata_type));
            read_object(&mut map, &mut object)?;
            return T::choose(
                Some(&name),
                Buffered {
                    object,
                    error: std::marker::PhantomData,
                },
            );
        }
        Ok(T::from_base(base.unwrap_or_default()))
    }
}

/// The `Deserialize` impl of every `Any<Type>` enum.
pub(crate) fn read_dispatch<'de, T: Dispatch, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(DispatchVisitor(std::marker::PhantomData))
}
