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
    let variants: Vec<(String, proc_macro2::Ident, TokenStream)> = std::iter::once(base)
        .chain(derived)
        .map(|ty| {
            let target = plan.item(ty);
            let ident = naming::unique(&target.ident, &mut taken);
            (ty.to_string(), naming::ident(&ident), plan.path(ty))
        })
        .collect();
    let base_ident = &variants[0].1;
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
    let variant_defs = variants.iter().map(|(wire, ident, path)| {
        let doc = doc_attrs(&format!("`{wire}`."));
        quote!(#doc #ident(Box<#path>),)
    });
    let serialize_arms = variants
        .iter()
        .map(|(_, ident, _)| quote!(Self::#ident(value) => value.serialize(serializer),));
    let deserialize_arms = variants.iter().skip(1).map(|(wire, ident, _)| {
        quote!(Some(#wire) => Self::#ident(Box::new(serde_json::from_value(value).map_err(serde::de::Error::custom)?)),)
    });
    let base_wire = &variants[0].0;
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
                let value = serde_json::Value::deserialize(deserializer)?;
                let odata_type = value
                    .get("@odata.type")
                    .and_then(serde_json::Value::as_str)
                    .map(|name| name.trim_start_matches('#').to_string());
                Ok(match odata_type.as_deref() {
                    None | Some(#base_wire) => Self::#base_ident(Box::new(serde_json::from_value(value).map_err(serde::de::Error::custom)?)),
                    #(#deserialize_arms)*
                    Some(_) => Self::Other(value),
                })
            }
        }
    }
}
