//! Prints one enum per base type that has derived types, choosing the concrete type of a
//! value by its `@odata.type`, with a fallback that keeps the JSON of a type the docs do
//! not describe.

use proc_macro2::TokenStream;
use quote::quote;

use super::{cfg, doc_attrs, path_tokens, root_tokens};
use crate::lower::naming::ident;
use crate::lower::{CrateModel, DispatchItem, ItemPath, OTHER_VARIANT};

pub fn print_dispatch(model: &CrateModel, path: &ItemPath, d: &DispatchItem) -> TokenStream {
    let name = ident(&path.ident);
    let doc = doc_attrs(&d.doc);
    let other = ident(OTHER_VARIANT);
    let variants: Vec<(
        &String,
        proc_macro2::Ident,
        TokenStream,
        Option<TokenStream>,
    )> = d
        .variants
        .iter()
        .map(|v| {
            (
                &v.wire,
                ident(&v.ident),
                path_tokens(model, &v.target),
                cfg(&v.features),
            )
        })
        .collect();
    let (base_wire, base_ident, base_path, _) = &variants[0];
    let variant_defs = variants.iter().map(|(wire, ident, path, cfg)| {
        let doc = doc_attrs(&format!("`{wire}`."));
        quote!(#doc #cfg #ident(Box<#path>),)
    });
    let serialize_arms = variants
        .iter()
        .map(|(_, ident, _, cfg)| quote!(#cfg Self::#ident(value) => value.serialize(serializer),));
    let choose_arms = variants.iter().skip(1).map(
        |(wire, ident, _, cfg)| quote!(#cfg Some(#wire) => Self::#ident(Box::new(reader.read()?)),),
    );
    let root = root_tokens(model);
    let expecting = format!("a `{}` object", d.base);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variant_defs)*
            /// A derived type these docs do not describe, kept exactly as received.
            #other(serde_json::Value),
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                    Self::#other(value) => value.serialize(serializer),
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #root::serde_support::read_dispatch(deserializer)
            }
        }

        impl #root::serde_support::Dispatch for #name {
            const EXPECTING: &'static str = #expecting;

            type Base = #base_path;

            fn from_base(base: Box<#base_path>) -> Self {
                Self::#base_ident(base)
            }

            fn choose<'de, R: #root::serde_support::Reader<'de>>(
                odata_type: Option<&str>,
                reader: R,
            ) -> Result<Self, R::Error> {
                Ok(match odata_type {
                    None | Some(#base_wire) => Self::#base_ident(Box::new(reader.read()?)),
                    #(#choose_arms)*
                    Some(_) => Self::#other(reader.into_value()?),
                })
            }
        }
    }
}
