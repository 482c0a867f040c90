//! Prints one open enum per docs enum: documented members are variants, anything else is
//! kept in the catch-all variant so a new service value never fails deserialization.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, root_tokens};
use crate::lower::naming::ident;
use crate::lower::{CATCH_ALL_VARIANT, CrateModel, EnumItem, ItemPath};

pub fn print_enum(model: &CrateModel, path: &ItemPath, e: &EnumItem) -> TokenStream {
    let name = ident(&path.ident);
    let root = root_tokens(model);
    let doc = doc_attrs(&e.doc);
    let catch_all = ident(CATCH_ALL_VARIANT);
    let variant_defs = e.variants.iter().map(|v| {
        let doc = doc_attrs(&v.doc);
        let variant = ident(&v.ident);
        let deprecated = v
            .deprecated
            .as_ref()
            .map(|note| quote!(#[deprecated(note = #note)]));
        quote!(#doc #deprecated #variant,)
    });
    // Deprecated variants are still read and written.
    let allow_deprecated = e
        .variants
        .iter()
        .any(|v| v.deprecated.is_some())
        .then(|| quote!(#[allow(deprecated)]));
    let wire_arms = e.variants.iter().map(|v| {
        let (variant, wire) = (ident(&v.ident), &v.wire);
        quote!(Self::#variant => #wire,)
    });
    let parse_arms = e.variants.iter().map(|v| {
        let (variant, wire) = (ident(&v.ident), &v.wire);
        quote!(#wire => Self::#variant,)
    });
    // An enum whose docs list no member still parses; a `match` of one arm would be
    // clippy's `match_single_binding`.
    let parse = if e.variants.is_empty() {
        quote!(Ok(Self::#catch_all(#root::UndocumentedValue::new(value))))
    } else {
        quote! {
            Ok(match value {
                #(#parse_arms)*
                other => Self::#catch_all(#root::UndocumentedValue::new(other)),
            })
        }
    };
    let value_fn = e.has_values.then(|| {
        let arms = e.variants.iter().map(|v| {
            let variant = ident(&v.ident);
            match v.value {
                Some(value) => quote!(Self::#variant => Some(#value),),
                None => quote!(Self::#variant => None,),
            }
        });
        quote! {
            /// The numeric value the docs give the member, if any.
            #allow_deprecated
            pub fn value(&self) -> Option<i64> {
                match self {
                    #(#arms)*
                    Self::#catch_all(_) => None,
                }
            }
        }
    });

    let allow_names = e
        .variants_repeat_name
        .then(|| quote!(#[allow(clippy::enum_variant_names)]));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #allow_names
        pub enum #name {
            #(#variant_defs)*
            /// A value the docs do not list (one added to the service later, say), kept exactly as received.
            #catch_all(#root::UndocumentedValue),
        }

        impl #name {
            /// The value as it is sent on the wire.
            #allow_deprecated
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
            #allow_deprecated
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                #parse
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
