//! One open enum per docs enum: documented members are variants, anything else is kept
//! in `Undocumented` so a new service value never fails deserialization.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::{NamePlan, doc_attrs, naming};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::EnumType;

/// The catch-all variant. Not `Unknown`: many Graph enums have a documented `unknown` member.
const CATCH_ALL: &str = "Undocumented";

pub fn emit_enum(ty: &EnumType, plan: &NamePlan, diagnostics: &mut Diagnostics) -> TokenStream {
    let name = plan.item(&ty.name).ident_tokens();
    let root = plan.root.tokens();
    let mut taken: BTreeSet<String> = [CATCH_ALL.to_string()].into_iter().collect();
    let mut variants = Vec::new();
    for member in &ty.members {
        let escaped = naming::escape(naming::pascal_case(&member.name));
        if let naming::Escaped::Renamed { from, to } = &escaped {
            diagnostics.push(
                Diagnostic::new(
                    Code::KeywordRenamed,
                    member.loc.clone(),
                    format!(
                        "member `{}` of `{}` would be the variant `{from}`, a keyword Rust cannot escape; it is `{to}`",
                        member.name, ty.name.name
                    ),
                )
                .with_help("the wire value is unchanged; only the Rust variant is renamed"),
            );
        }
        let wanted = escaped.bare().to_string();
        let chosen = naming::unique(&wanted, &mut taken);
        if chosen != wanted {
            diagnostics.push(
                Diagnostic::new(
                    Code::NameCollision,
                    member.loc.clone(),
                    format!(
                        "member `{}` of `{}` would be the variant `{wanted}`, which is taken; it is `{chosen}`",
                        member.name, ty.name.name
                    ),
                )
                .with_help("the wire value is unchanged; only the Rust variant is renamed"),
            );
        }
        variants.push((member, naming::ident(&chosen)));
    }

    let doc = doc_attrs(&format!(
        "Values of `{}`.\n\nDocumented in {}. A value the docs do not list is kept in \
         [`{name}::{CATCH_ALL}`], so deserialization never fails on a new value.",
        ty.name,
        ty.pages
            .iter()
            .map(|p| format!("`{p}`"))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    let catch_all = Ident::new(CATCH_ALL, Span::call_site());
    let variant_defs = variants.iter().map(|(member, ident)| {
        let mut text = if member.description.is_empty() {
            String::new()
        } else {
            format!("{}\n\n", member.description)
        };
        text.push_str(&format!("Wire value `{}`", member.name));
        if let Some(value) = member.value {
            text.push_str(&format!(", numeric value {value}"));
        }
        text.push('.');
        let doc = doc_attrs(&text);
        quote!(#doc #ident,)
    });
    let wire_arms = variants.iter().map(|(member, ident)| {
        let wire = &member.name;
        quote!(Self::#ident => #wire,)
    });
    let parse_arms = variants.iter().map(|(member, ident)| {
        let wire = &member.name;
        quote!(#wire => Self::#ident,)
    });
    let value_fn = ty.members.iter().any(|m| m.value.is_some()).then(|| {
        let arms = variants.iter().map(|(member, ident)| match member.value {
            Some(v) => quote!(Self::#ident => Some(#v),),
            None => quote!(Self::#ident => None,),
        });
        quote! {
            /// The numeric value the docs give the member, if any.
            pub fn value(&self) -> Option<i64> {
                match self {
                    #(#arms)*
                    Self::#catch_all(_) => None,
                }
            }
        }
    });

    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variant_defs)*
            /// A value the docs do not list (one added to the service later, say), kept exactly as received.
            #catch_all(#root::UndocumentedValue),
        }

        impl #name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#wire_arms)*
                    Self::#catch_all(value) => value.as_str(),
                }
            }
            #value_fn
        }

        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;

            /// Never fails: a value the docs do not list becomes [`Self::Undocumented`].
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(match value {
                    #(#parse_arms)*
                    other => Self::#catch_all(#root::UndocumentedValue::new(other)),
                })
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #root::serde_support::read_member(deserializer)
            }
        }
    }
}
