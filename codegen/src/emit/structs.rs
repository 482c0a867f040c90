//! Prints one struct per entity or complex type, with its serde impls through the
//! crate's `serde_support` module.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust_types::field_type;
use super::{doc_attrs, path_tokens, root_tokens};
use crate::lower::naming::ident;
use crate::lower::{
    ADDITIONAL_DATA_FIELD, Codec, CrateModel, Field, ItemPath, NULL_PROPERTIES_FIELD,
    ODATA_TYPE_FIELD, RELATIONSHIPS_FIELD, RelationshipsItem, StructItem,
};

pub fn print_struct(model: &CrateModel, path: &ItemPath, s: &StructItem) -> TokenStream {
    let name = ident(&path.ident);
    let doc = doc_attrs(&s.doc);
    let odata_type_ident = ident(ODATA_TYPE_FIELD);
    let additional_ident = ident(ADDITIONAL_DATA_FIELD);
    let nulls_ident = ident(NULL_PROPERTIES_FIELD);
    let root = root_tokens(model);
    let default_odata_type = match &s.odata_type {
        Some(name) => quote!(Some(#name)),
        None => quote!(None),
    };
    let field_defs = s
        .fields
        .iter()
        .filter(|f| !f.relationship)
        .map(|f| field_def(model, f));
    let relationships_ident = ident(RELATIONSHIPS_FIELD);
    let relationships_def = s.relationships.as_ref().map(|path| {
        let ty = path_tokens(model, path);
        let example = s
            .fields
            .iter()
            .find(|f| f.relationship)
            .map_or("name", |f| f.ident.as_str());
        let doc = doc_attrs(&format!(
            "The relationships (navigation properties). Graph returns them only when a request \
             expands them (`$expand`): this is `None` until one is read or set. To set one: \
             `value.{RELATIONSHIPS_FIELD}.get_or_insert_default().{example} = Some(…)`."
        ));
        quote! {
            #doc
            pub #relationships_ident: Option<Box<#ty>>,
        }
    });
    // Written in the docs' order, relationships among the other properties.
    let relationships_read = s
        .relationships
        .is_some()
        .then(|| quote!(let relationships = self.#relationships_ident.as_deref();));
    let additional_doc = doc_attrs(if s.open {
        "Properties not listed in the docs. This is an open type: such properties are expected."
    } else {
        "Properties not listed in the docs, kept so that nothing is lost on a round trip."
    });
    let support = support_path(model);
    let expecting = format!("a `{}` object", s.docs_name);
    let writes = s.fields.iter().map(|f| {
        let field = ident(&f.ident);
        let wire = &f.wire;
        if f.relationship {
            return match (format(model, f.codec), f.collection) {
                (None, _) => quote!(map.field(#wire, &relationships.and_then(|r| r.#field.as_ref()))?;),
                (Some(format), false) => quote!(
                    map.field_with::<#format, _>(#wire, &relationships.and_then(|r| r.#field.clone()))?;
                ),
                (Some(format), true) => quote!(
                    map.list_field_with::<#format, _>(#wire, &relationships.and_then(|r| r.#field.clone()))?;
                ),
            };
        }
        match (format(model, f.codec), f.collection) {
            (None, _) => quote!(map.field(#wire, &self.#field)?;),
            (Some(format), false) => quote!(map.field_with::<#format, _>(#wire, &self.#field)?;),
            (Some(format), true) => {
                quote!(map.list_field_with::<#format, _>(#wire, &self.#field)?;)
            }
        }
    });
    let reads = s.fields.iter().map(|f| {
        let field = ident(&f.ident);
        let wire = &f.wire;
        let place = if f.relationship {
            quote!(self.#relationships_ident.get_or_insert_default().#field)
        } else {
            quote!(self.#field)
        };
        let read = match (format(model, f.codec), f.collection) {
            (None, _) => quote!(#support::read(map, &mut #place)),
            (Some(format), false) => quote!(#support::read_with::<#format, _, _>(map, &mut #place)),
            (Some(format), true) => {
                quote!(#support::read_list_with::<#format, _, _>(map, &mut #place))
            }
        };
        quote!(#wire => (#read, #wire),)
    });
    // Deprecated fields are still read and written.
    let allow_deprecated = s
        .fields
        .iter()
        .any(|f| f.deprecated.is_some())
        .then(|| quote!(#[allow(deprecated)]));
    let set_odata_type = s.dispatch_hook.then(|| {
        quote! {
            fn set_odata_type(&mut self, odata_type: String) {
                self.odata_type = Some(odata_type);
            }
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct #name {
            /// The `@odata.type` annotation, naming the concrete type of a value.
            pub #odata_type_ident: Option<String>,
            #(#field_defs)*
            #relationships_def
            #additional_doc
            pub #additional_ident: std::collections::BTreeMap<String, serde_json::Value>,
            /// The properties that are explicitly `null`: read as `null`, or to be written
            /// as `null` (a PATCH clearing them) while their field is `None`.
            pub #nulls_ident: #root::NullProperties,
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #support::WriteFields::write_fields(self, serializer, #default_odata_type)
            }
        }

        impl #support::WriteFields for #name {
            #allow_deprecated
            fn write_fields<S: serde::Serializer>(
                &self,
                serializer: S,
                odata_type: Option<&'static str>,
            ) -> Result<S::Ok, S::Error> {
                let mut map = #support::MapWriter::new(serializer, &self.null_properties)?;
                map.odata_type(&self.odata_type, odata_type)?;
                #relationships_read
                #(#writes)*
                map.finish(&self.additional_data)
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #support::read_struct(deserializer)
            }
        }

        impl #support::ReadFields for #name {
            const EXPECTING: &'static str = #expecting;

            #allow_deprecated
            fn read_field<'de, A: serde::de::MapAccess<'de>>(
                &mut self,
                key: &str,
                map: &mut A,
            ) -> Result<bool, A::Error> {
                // The wire name matched, kept without copying if the value is `null`.
                let (read, wire) = match key {
                    "@odata.type" => (#support::read(map, &mut self.odata_type), "@odata.type"),
                    #(#reads)*
                    _ => return Ok(false),
                };
                #support::note_null(&mut self.null_properties, wire, read?);
                Ok(true)
            }

            fn additional_data(&mut self) -> &mut std::collections::BTreeMap<String, serde_json::Value> {
                &mut self.additional_data
            }

            #set_odata_type
        }
    }
}

/// Prints the struct holding a type's relationships.
pub fn print_relationships(
    model: &CrateModel,
    path: &ItemPath,
    r: &RelationshipsItem,
) -> TokenStream {
    let name = ident(&path.ident);
    let doc = doc_attrs(&format!(
        "The relationships (navigation properties) of `{owner}` (`{docs}`), held in its \
         `{field}` field. Graph returns a relationship only when a request expands it \
         (`$expand`).",
        owner = r.owner_ident,
        field = RELATIONSHIPS_FIELD,
        docs = r.owner,
    ));
    let field_defs = r.fields.iter().map(|f| field_def(model, f));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct #name {
            #(#field_defs)*
        }
    }
}

/// The last line of a field's docs, and of an accessor's: the name the field has in JSON,
/// which its Rust name does not show (`job_title` is `jobTitle`), and which a
/// `null_properties` entry must use.
pub fn json_name(wire: &str) -> String {
    let fence = "`".repeat(wire.split(|c| c != '`').map(str::len).max().unwrap_or(0) + 1);
    format!("JSON: {fence}{wire}{fence}.")
}

/// The path of the generated `serde_support` module.
pub fn support_path(model: &CrateModel) -> TokenStream {
    let root = root_tokens(model);
    quote!(#root::serde_support)
}

/// The format type that reads and writes a field, when serde's own impls do not.
fn format(model: &CrateModel, codec: Codec) -> Option<TokenStream> {
    match codec {
        Codec::Serde => None,
        Codec::Duration => {
            let root = root_tokens(model);
            Some(quote!(#root::IsoDuration))
        }
        Codec::Base64 => {
            let support = support_path(model);
            Some(quote!(#support::Base64))
        }
    }
}

fn field_def(model: &CrateModel, field: &Field) -> TokenStream {
    let name = ident(&field.ident);
    let ty = field_type(model, field);
    let doc = doc_attrs(&format!("{}\n\n{}", field.doc, json_name(&field.wire)));
    let deprecated = field
        .deprecated
        .as_ref()
        .map(|note| quote!(#[deprecated(note = #note)]));
    quote! {
        #doc
        #deprecated
        pub #name: #ty,
    }
}
