//! One enum per base type that has derived types, choosing the concrete type of a value
//! by its `@odata.type` (derived types at any depth), with a fallback that keeps the JSON
//! of a type the docs do not describe.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::{NamePlan, doc_attrs, naming};
use crate::model::QualifiedName;

pub fn emit_dispatch(
    base: &QualifiedName,
    derived: &[QualifiedName],
    plan: &NamePlan,
) -> TokenStream {
    let item = plan
        .dispatch(base)
        .expect("bases with derived types have a dispatch enum");
    let name = item.ident_tokens();
    let mut taken: BTreeSet<String> = ["Other".to_string()].into_iter().collect();
    // Each derived type's variant exists when its type does (under its own features).
    let variants: Vec<(String, proc_macro2::Ident, TokenStream, Option<TokenStream>)> =
        std::iter::once(base)
            .chain(derived)
            .map(|ty| {
                let target = plan.item(ty);
                let ident = naming::unique(&target.ident, &mut taken);
                let cfg = if ty == base {
                    None
                } else {
                    super::features::cfg(&target.features)
                };
                (ty.to_string(), naming::ident(&ident), plan.path(ty), cfg)
            })
            .collect();
    let base_ident = &variants[0].1;
    let base_path = &variants[0].2;
    let which = match derived.len() {
        1 => "the type derived from it".to_string(),
        n => format!("any of the {n} types derived from it"),
    };
    let doc = doc_attrs(&format!(
        "A `{base}` or {which}, told apart by `@odata.type`.\n\n\
         A value without `@odata.type` is read as the base type itself; a type these docs do \
         not describe is kept as JSON in [`{}::Other`], so nothing is lost.",
        item.ident
    ));
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
    let base_wire = &variants[0].0;
    let root = plan.root.tokens();
    let expecting = format!("a `{base}` object");
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variant_defs)*
            /// A derived type these docs do not describe, kept exactly as received.
            Other(serde_json::Value),
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                    Self::Other(value) => value.serialize(serializer),
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
                    Some(_) => Self::Other(reader.into_value()?),
                })
            }
        }
    }
}
