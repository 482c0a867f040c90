//! Prints one enum per base type that has derived types, choosing the concrete type of a
//! value by its `@odata.type`, with a fallback that reads a type the docs do not describe
//! as the base type; conversions in and out, and the base type's properties read from any
//! variant.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust_types::value_type;
use super::{cfg, doc_attrs, path_tokens, root_tokens};
use crate::lower::naming::ident;
use crate::lower::{
    Accessor, CrateModel, DispatchItem, ItemPath, OTHER_VARIANT, RustPrimitive, ValueType,
};

/// One variant as printed: its wire name, identifier, type path and `cfg`.
struct Printed {
    wire: String,
    ident: proc_macro2::Ident,
    path: TokenStream,
    cfg: Option<TokenStream>,
}

pub fn print_dispatch(model: &CrateModel, path: &ItemPath, d: &DispatchItem) -> TokenStream {
    let name = ident(&path.ident);
    let doc = doc_attrs(&d.doc);
    let other = ident(OTHER_VARIANT);
    let variants: Vec<Printed> = d
        .variants
        .iter()
        .map(|v| Printed {
            wire: v.wire.clone(),
            ident: ident(&v.ident),
            path: path_tokens(model, &v.target),
            cfg: cfg(&v.features),
        })
        .collect();
    let base = &variants[0];
    let (base_wire, base_ident, base_path) = (&base.wire, &base.ident, &base.path);
    let derived = &variants[1..];
    let root = root_tokens(model);
    let support = quote!(#root::serde_support);
    let variant_defs = variants.iter().map(|v| {
        let doc = doc_attrs(&format!("`{}`.", v.wire));
        let (cfg, ident, path) = (&v.cfg, &v.ident, &v.path);
        quote!(#doc #cfg #ident(Box<#path>),)
    });
    // A derived value names its type when written, whatever its own `odata_type` lacks.
    let serialize_arms = derived.iter().map(|v| {
        let (cfg, ident) = (&v.cfg, &v.ident);
        let named = format!("#{}", v.wire);
        quote!(#cfg Self::#ident(value) => #support::WriteFields::write_fields(&**value, serializer, Some(#named)),)
    });
    let choose_arms = derived.iter().map(|v| {
        let (cfg, ident, wire) = (&v.cfg, &v.ident, &v.wire);
        quote!(#cfg Some(#wire) => Self::#ident(Box::new(reader.read()?)),)
    });
    let conversions = variants
        .iter()
        .map(|v| conversions(&name, &other, v, v.ident == *base_ident));
    let accessors = d
        .accessors
        .iter()
        .map(|a| accessor(model, a, &variants, &other));
    let all_arms = |body: TokenStream| {
        let arms = variants.iter().map(|v| {
            let (cfg, ident) = (&v.cfg, &v.ident);
            quote!(#cfg Self::#ident(value) => #body,)
        });
        quote!(#(#arms)* Self::#other(value) => #body,)
    };
    let odata_type_arms = all_arms(quote!(value.odata_type.as_deref()));
    let additional_arms = all_arms(quote!(&value.additional_data));
    let expecting = format!("a `{}` object", d.base);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variant_defs)*
            /// A derived type these docs do not describe, read as the base type: its
            /// `odata_type` names the type, its `additional_data` keeps what only that type has.
            #other(Box<#base_path>),
        }

        impl #name {
            /// The `@odata.type` the value was read with or set to, whatever its type.
            pub fn odata_type(&self) -> Option<&str> {
                match self {
                    #odata_type_arms
                }
            }

            /// The properties the docs do not list for the value's type.
            pub fn additional_data(&self) -> &std::collections::BTreeMap<String, serde_json::Value> {
                match self {
                    #additional_arms
                }
            }

            #(#accessors)*
        }

        #(#conversions)*

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    Self::#base_ident(value) => value.serialize(serializer),
                    #(#serialize_arms)*
                    Self::#other(value) => value.serialize(serializer),
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #support::read_dispatch(deserializer)
            }
        }

        impl #support::Dispatch for #name {
            const EXPECTING: &'static str = #expecting;

            type Base = #base_path;

            fn from_base(base: Box<#base_path>) -> Self {
                Self::#base_ident(base)
            }

            fn choose<'de, R: #support::Reader<'de>>(
                odata_type: Option<&str>,
                reader: R,
            ) -> Result<Self, R::Error> {
                Ok(match odata_type {
                    None | Some(#base_wire) => Self::#base_ident(Box::new(reader.read()?)),
                    #(#choose_arms)*
                    Some(_) => Self::#other(Box::new(reader.read()?)),
                })
            }
        }
    }
}

/// `From<Type>` for the enum, and `TryFrom<enum>` for the type, which gives the value back
/// when it is of another type. The base type also comes out of `Other`, which holds one.
fn conversions(
    name: &proc_macro2::Ident,
    other: &proc_macro2::Ident,
    v: &Printed,
    is_base: bool,
) -> TokenStream {
    let (cfg, ident, path) = (&v.cfg, &v.ident, &v.path);
    let taken = if is_base {
        // With no derived type compiled, nothing else is left for the last arm.
        quote! {
            #name::#ident(value) | #name::#other(value) => Ok(*value),
            #[allow(unreachable_patterns)]
            value => Err(value),
        }
    } else {
        quote! {
            #name::#ident(value) => Ok(*value),
            value => Err(value),
        }
    };
    quote! {
        #cfg
        impl From<#path> for #name {
            fn from(value: #path) -> Self {
                Self::#ident(Box::new(value))
            }
        }

        #cfg
        impl TryFrom<#name> for #path {
            type Error = #name;

            /// The value when it is of this type; else the value, unchanged.
            fn try_from(value: #name) -> Result<Self, #name> {
                match value {
                    #taken
                }
            }
        }
    }
}

/// A method reading one of the base type's properties from whichever variant the value is.
fn accessor(
    model: &CrateModel,
    accessor: &Accessor,
    variants: &[Printed],
    other: &proc_macro2::Ident,
) -> TokenStream {
    let field = &accessor.field;
    let method = ident(&field.ident);
    let value = value_type(model, &field.value);
    // Borrow the way a reader expects: `&str`, `&[T]`, `&T` rather than `&String`,
    // `&Vec<T>` or `&Box<T>`.
    let (returns, read) = match &field.value {
        _ if field.collection => (quote!(Option<&[#value]>), quote!(as_deref)),
        ValueType::Boxed(path) => {
            let path = path_tokens(model, path);
            (quote!(Option<&#path>), quote!(as_deref))
        }
        ValueType::Primitive(RustPrimitive::String) => (quote!(Option<&str>), quote!(as_deref)),
        _ => (quote!(Option<&#value>), quote!(as_ref)),
    };
    let arms = variants.iter().map(|v| {
        let (cfg, ident) = (&v.cfg, &v.ident);
        quote!(#cfg Self::#ident(value) => value.#method.#read(),)
    });
    let sentence = first_sentence(&field.doc).trim_end();
    let stop = if sentence.ends_with(['.', '!', '?']) {
        ""
    } else {
        "."
    };
    let doc = doc_attrs(&format!(
        "{sentence}{stop} Read whatever the value's type.\n\n{}",
        super::structs::json_name(&field.wire)
    ));
    let deprecated = field
        .deprecated
        .as_ref()
        .map(|note| quote!(#[deprecated(note = #note)]));
    let allow = accessor
        .reads_deprecated
        .then(|| quote!(#[allow(deprecated)]));
    quote! {
        #doc
        #deprecated
        #allow
        pub fn #method(&self) -> #returns {
            match self {
                #(#arms)*
                Self::#other(value) => value.#method.#read(),
            }
        }
    }
}

/// The first sentence of a field's docs, for an accessor's.
fn first_sentence(doc: &str) -> &str {
    let line = doc.lines().next().unwrap_or_default();
    match line.find(". ") {
        Some(end) => &line[..=end],
        None => line,
    }
}
