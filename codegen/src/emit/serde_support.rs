//! The generated crate's `serde_support` module: what every struct's and dispatch enum's
//! serde impls call, written once instead of derived per type.
//!
//! Derived impls with `#[serde(flatten)]` for `additional_data` buffer every object
//! before reading a field, and cost the compiler a large expansion per struct. These
//! helpers read each key once, straight into its field or into `additional_data`, and
//! let a dispatch enum pick its variant from an `@odata.type` that comes first (as Graph
//! writes it) without buffering the object.

use proc_macro2::TokenStream;
use quote::quote;

use crate::lower::SupportNeeds;

/// The module's items: only the parts the crate's fields and dispatch enums use. Which of
/// those a build uses still depends on its cargo features, hence `allow(dead_code)`.
pub fn tokens(needs: SupportNeeds) -> TokenStream {
    let doc = quote! {
        //! Reading and writing the generated types: each key of an object is read once,
        //! into its field or into `additional_data`, and written back in the same way.
        // Which helpers are used depends on the cargo features enabled.
        #![allow(dead_code)]
    };
    // Only dispatch enums read `@odata.type` before choosing a struct.
    let set_odata_type = needs.dispatch.then(|| {
        quote! {
            /// Sets `@odata.type`, read before the struct was chosen.
            fn set_odata_type(&mut self, odata_type: String);
        }
    });
    let structs = quote! {
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

            #set_odata_type
        }

        /// Reads a field's value; the last of repeated keys wins, as in `serde_json::Value`.
        pub(crate) fn read<'de, A: serde::de::MapAccess<'de>, T: serde::Deserialize<'de>>(
            map: &mut A,
            field: &mut T,
        ) -> Result<(), A::Error> {
            *field = map.next_value()?;
            Ok(())
        }

        /// Reads the value of `key` into its field, or into `additional_data`.
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
        fn read_properties<'de, T: ReadFields, A: serde::de::MapAccess<'de>>(
            value: &mut T,
            map: &mut A,
        ) -> Result<(), A::Error> {
            while let Some(Key(key)) = map.next_key()? {
                read_property(value, key, map)?;
            }
            Ok(())
        }

        /// The `Deserialize` impl of every generated enum: the member's name is matched
        /// where it lies in the input, without copying it.
        pub(crate) fn read_member<'de, T, D>(deserializer: D) -> Result<T, D::Error>
        where
            T: std::str::FromStr<Err = std::convert::Infallible>,
            D: serde::Deserializer<'de>,
        {
            struct MemberVisitor<T>(std::marker::PhantomData<T>);

            impl<'de, T: std::str::FromStr<Err = std::convert::Infallible>> serde::de::Visitor<'de> for MemberVisitor<T> {
                type Value = T;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("a string")
                }
                fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
                    Ok(value.parse().unwrap_or_else(|never| match never {}))
                }
            }

            deserializer.deserialize_str(MemberVisitor(std::marker::PhantomData))
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

        /// Writes a struct as a JSON object: present fields, then `additional_data`.
        pub(crate) struct MapWriter<M>(M);

        impl<M: serde::ser::SerializeMap> MapWriter<M> {
            pub(crate) fn new<S: serde::Serializer<SerializeMap = M>>(serializer: S) -> Result<Self, S::Error> {
                serializer.serialize_map(None).map(MapWriter)
            }

            /// Writes a field unless it is `None`.
            pub(crate) fn field<T: serde::Serialize>(&mut self, key: &str, value: &Option<T>) -> Result<(), M::Error> {
                match value {
                    Some(value) => self.0.serialize_entry(key, value),
                    None => Ok(()),
                }
            }

            /// Writes the properties without a field and ends the object.
            pub(crate) fn finish(
                mut self,
                additional_data: &std::collections::BTreeMap<String, serde_json::Value>,
            ) -> Result<M::Ok, M::Error> {
                for (key, value) in additional_data {
                    self.0.serialize_entry(key, value)?;
                }
                self.0.end()
            }
        }
    };

    let formats = (needs.format_single || needs.format_list).then(|| {
        quote! {
            /// How values of a type without the right serde impls are read and written,
            /// such as durations in OData's ISO 8601 form.
            pub(crate) trait Format<T> {
                fn write<S: serde::Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error>;
                fn read<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<T, D::Error>;
            }

            /// A value read with its format.
            struct Formatted<F, T>(T, std::marker::PhantomData<F>);

            impl<'de, F: Format<T>, T> serde::Deserialize<'de> for Formatted<F, T> {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    F::read(deserializer).map(|value| Formatted(value, std::marker::PhantomData))
                }
            }

            /// A value written with its format.
            struct Written<'a, F, T>(&'a T, std::marker::PhantomData<F>);

            impl<F: Format<T>, T> serde::Serialize for Written<'_, F, T> {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    F::write(self.0, serializer)
                }
            }
        }
    });
    let format_single = needs.format_single.then(|| {
        quote! {
            /// Reads a field's value with a format.
            pub(crate) fn read_with<'de, F: Format<T>, T, A: serde::de::MapAccess<'de>>(
                map: &mut A,
                field: &mut Option<T>,
            ) -> Result<(), A::Error> {
                *field = map.next_value::<Option<Formatted<F, T>>>()?.map(|value| value.0);
                Ok(())
            }

            impl<M: serde::ser::SerializeMap> MapWriter<M> {
                /// Writes a field with a format unless it is `None`.
                pub(crate) fn field_with<F: Format<T>, T>(&mut self, key: &str, value: &Option<T>) -> Result<(), M::Error> {
                    match value {
                        Some(value) => self.0.serialize_entry(key, &Written::<F, T>(value, std::marker::PhantomData)),
                        None => Ok(()),
                    }
                }
            }
        }
    });
    let format_list = needs.format_list.then(|| {
        quote! {
            /// Reads a collection field's values with a format.
            pub(crate) fn read_list_with<'de, F: Format<T>, T, A: serde::de::MapAccess<'de>>(
                map: &mut A,
                field: &mut Option<Vec<T>>,
            ) -> Result<(), A::Error> {
                *field = map
                    .next_value::<Option<Vec<Formatted<F, T>>>>()?
                    .map(|values| values.into_iter().map(|value| value.0).collect());
                Ok(())
            }

            /// A collection written with its values' format.
            struct WrittenList<'a, F, T>(&'a [T], std::marker::PhantomData<F>);

            impl<F: Format<T>, T> serde::Serialize for WrittenList<'_, F, T> {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serializer.collect_seq(self.0.iter().map(|value| Written::<F, T>(value, std::marker::PhantomData)))
                }
            }

            impl<M: serde::ser::SerializeMap> MapWriter<M> {
                /// Writes a collection field with its values' format unless it is `None`.
                pub(crate) fn list_field_with<F: Format<T>, T>(&mut self, key: &str, value: &Option<Vec<T>>) -> Result<(), M::Error> {
                    match value {
                        Some(values) => self.0.serialize_entry(key, &WrittenList::<F, T>(values, std::marker::PhantomData)),
                        None => Ok(()),
                    }
                }
            }
        }
    });
    let base64 = needs.base64.then(|| {
        quote! {
            /// `Edm.Binary`: bytes written as standard base64 with padding.
            pub(crate) struct Base64;

            impl Format<Vec<u8>> for Base64 {
                fn write<S: serde::Serializer>(value: &Vec<u8>, serializer: S) -> Result<S::Ok, S::Error> {
                    <serde_with::base64::Base64 as serde_with::SerializeAs<Vec<u8>>>::serialize_as(value, serializer)
                }
                fn read<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
                    <serde_with::base64::Base64 as serde_with::DeserializeAs<'de, Vec<u8>>>::deserialize_as(deserializer)
                }
            }
        }
    });
    let dispatch = needs.dispatch.then(dispatch_tokens);
    quote! {
        #doc
        #structs
        #formats
        #format_single
        #format_list
        #base64
        #dispatch
    }
}

/// Reading `Any<Type>` enums.
fn dispatch_tokens() -> TokenStream {
    quote! {
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

            /// Reads the object as a generated struct.
            fn read<T: ReadFields>(self) -> Result<T, Self::Error>;

            /// Keeps the object as JSON.
            fn into_value(self) -> Result<serde_json::Value, Self::Error>;
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

            fn into_value(mut self) -> Result<serde_json::Value, A::Error> {
                let mut object = serde_json::Map::new();
                object.insert("@odata.type".to_string(), serde_json::Value::String(self.odata_type));
                read_object(&mut self.map, &mut object)?;
                Ok(serde_json::Value::Object(object))
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

            fn into_value(self) -> Result<serde_json::Value, E> {
                Ok(serde_json::Value::Object(self.object))
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
                other => Err(E::custom(format_args!("a struct was written as {other}, not as an object"))),
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
                    return T::choose(Some(&name), Buffered { object, error: std::marker::PhantomData });
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
    }
}
