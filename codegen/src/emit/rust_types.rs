//! The Rust type of a field as tokens. The table in the README mirrors
//! `RustPrimitive::of` in the crate model.

use proc_macro2::TokenStream;
use quote::quote;

use super::path_tokens;
use crate::lower::{CrateModel, Field, ValueType};

/// The type of one value of a field (without `Option` or `Vec`).
pub fn value_type(model: &CrateModel, value: &ValueType) -> TokenStream {
    match value {
        ValueType::Primitive(p) => p
            .source()
            .parse()
            .expect("primitive type names are Rust types"),
        ValueType::Item(path) => path_tokens(model, path),
        ValueType::Boxed(path) => {
            let path = path_tokens(model, path);
            quote!(Box<#path>)
        }
    }
}

/// The field's whole type: `Option<T>` or `Option<Vec<T>>`.
pub fn field_type(model: &CrateModel, field: &Field) -> TokenStream {
    let value = value_type(model, &field.value);
    if field.collection {
        quote!(Option<Vec<#value>>)
    } else {
        quote!(Option<#value>)
    }
}
