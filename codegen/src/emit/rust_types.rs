//! The Rust type of each docs type. The table in the README mirrors `primitive_type`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Dependencies, NamePlan};
use crate::config_file::TypeMapping;
use crate::model::{Primitive, TypeRef};

/// The Rust type of a primitive, noting the crates it needs.
pub fn primitive_type(
    p: Primitive,
    mapping: TypeMapping,
    dependencies: &mut Dependencies,
) -> TokenStream {
    if mapping == TypeMapping::Strings && p.is_string_encoded() {
        return quote!(String);
    }
    match p {
        Primitive::String | Primitive::Stream => quote!(String),
        Primitive::Boolean => quote!(bool),
        Primitive::Byte => quote!(u8),
        Primitive::SByte => quote!(i8),
        Primitive::Int16 => quote!(i16),
        Primitive::Int32 => quote!(i32),
        Primitive::Int64 => quote!(i64),
        Primitive::Single => quote!(f32),
        Primitive::Double | Primitive::Decimal => quote!(f64),
        Primitive::DateTimeOffset => {
            // chrono, not jiff::Timestamp: Graph sends .NET's DateTimeOffset.MaxValue
            // (9999-12-31T23:59:59.9999999Z), beyond jiff's timestamp range.
            dependencies.chrono = true;
            quote!(chrono::DateTime<chrono::FixedOffset>)
        }
        Primitive::Date => {
            dependencies.jiff = true;
            quote!(jiff::civil::Date)
        }
        Primitive::TimeOfDay => {
            dependencies.jiff = true;
            quote!(jiff::civil::Time)
        }
        Primitive::Duration => {
            dependencies.jiff = true;
            quote!(jiff::SignedDuration)
        }
        Primitive::Guid => {
            dependencies.uuid = true;
            quote!(uuid::Uuid)
        }
        Primitive::Binary => {
            dependencies.serde_with = true;
            quote!(Vec<u8>)
        }
        Primitive::Json => quote!(serde_json::Value),
    }
}

/// The Rust type of one value of a property (without `Option` or `Vec`).
pub fn value_type(
    ty: &TypeRef,
    boxed: bool,
    plan: &NamePlan,
    dependencies: &mut Dependencies,
) -> TokenStream {
    match ty {
        TypeRef::Primitive(p) => primitive_type(*p, plan.mapping, dependencies),
        // A value of a type with derived types may be any of them: its `Any<Type>` enum
        // reads `@odata.type` and keeps the derived type's properties typed. It boxes its
        // variants, so it needs no box of its own.
        TypeRef::Struct(name) if plan.dispatch(name).is_some() => plan.dispatch_path(name),
        TypeRef::Struct(name) if boxed => {
            let path = plan.path(name);
            quote!(Box<#path>)
        }
        TypeRef::Struct(name) | TypeRef::Enum(name) => plan.path(name),
    }
}
