//! One struct per entity or complex type.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::naming::{self, Escaped};
use super::rust_types::value_type;
use super::{Dependencies, NamePlan, doc_attrs};
use crate::config_file::TypeMapping;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{
    Origin, Primitive, Property, QualifiedName, Schema, StructType, TypeKind, TypeRef,
};

/// Field names the generated structs use themselves.
const ODATA_TYPE_FIELD: &str = "odata_type";
const ADDITIONAL_DATA_FIELD: &str = "additional_data";

/// A property's field, named and typed.
struct Field<'a> {
    property: &'a Property,
    ident: Ident,
    boxed: bool,
}

pub fn emit_struct(
    schema: &Schema,
    ty: &StructType,
    plan: &NamePlan,
    dependencies: &mut Dependencies,
    diagnostics: &mut Diagnostics,
) -> TokenStream {
    let name = plan.item(&ty.name).ident_tokens();
    let fields = fields(schema, ty, plan, diagnostics);
    let doc = doc_attrs(&struct_doc(schema, ty));
    let odata_type_ident = Ident::new(ODATA_TYPE_FIELD, Span::call_site());
    let additional_ident = Ident::new(ADDITIONAL_DATA_FIELD, Span::call_site());
    let codecs: Vec<Codec> = fields
        .iter()
        .map(|f| codec(f.property, plan, dependencies))
        .collect();
    let field_tokens = fields.iter().map(|f| field_tokens(f, plan, dependencies));
    let additional_doc = if ty.open {
        "Properties not listed in the docs. This is an open type: such properties are expected."
    } else {
        "Properties not listed in the docs, kept so that nothing is lost on a round trip."
    };
    let additional_doc = doc_attrs(additional_doc);
    let support = support_path(plan);
    let expecting = format!("a `{}` object", ty.name);
    let writes = fields.iter().zip(&codecs).map(|(f, codec)| {
        let ident = &f.ident;
        let wire = &f.property.name;
        match codec {
            Codec::Serde => quote!(map.field(#wire, &self.#ident)?;),
            Codec::Format {
                format,
                list: false,
            } => {
                quote!(map.field_with::<#format, _>(#wire, &self.#ident)?;)
            }
            Codec::Format { format, list: true } => {
                quote!(map.list_field_with::<#format, _>(#wire, &self.#ident)?;)
            }
        }
    });
    let reads = fields.iter().zip(&codecs).map(|(f, codec)| {
        let ident = &f.ident;
        let wire = &f.property.name;
        match codec {
            Codec::Serde => quote!(#wire => #support::read(map, &mut self.#ident),),
            Codec::Format {
                format,
                list: false,
            } => {
                quote!(#wire => #support::read_with::<#format, _, _>(map, &mut self.#ident),)
            }
            Codec::Format { format, list: true } => {
                quote!(#wire => #support::read_list_with::<#format, _, _>(map, &mut self.#ident),)
            }
        }
    });
    // Deprecated fields are still read and written.
    let allow_deprecated = fields
        .iter()
        .any(|f| f.property.deprecated.is_some())
        .then(|| quote!(#[allow(deprecated)]));
    let set_odata_type = plan.has_dispatch().then(|| {
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
            #(#field_tokens)*
            #additional_doc
            pub #additional_ident: std::collections::BTreeMap<String, serde_json::Value>,
        }

        impl serde::Serialize for #name {
            #allow_deprecated
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = #support::MapWriter::new(serializer)?;
                map.field("@odata.type", &self.odata_type)?;
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
                match key {
                    "@odata.type" => #support::read(map, &mut self.odata_type),
                    #(#reads)*
                    _ => return Ok(false),
                }?;
                Ok(true)
            }

            fn additional_data(&mut self) -> &mut std::collections::BTreeMap<String, serde_json::Value> {
                &mut self.additional_data
            }

            #set_odata_type
        }
    }
}

/// The path of the generated `serde_support` module.
fn support_path(plan: &NamePlan) -> TokenStream {
    let root = plan.root.tokens();
    let module = naming::ident(super::support::SERDE_SUPPORT);
    quote!(#root::#module)
}

/// How a field is read and written.
enum Codec {
    /// By the serde impls of its type.
    Serde,
    /// By a `serde_support::Format`, for each value of a collection when `list`.
    Format { format: TokenStream, list: bool },
}

fn codec(property: &Property, plan: &NamePlan, dependencies: &mut Dependencies) -> Codec {
    if plan.mapping != TypeMapping::Native {
        return Codec::Serde;
    }
    let format = match property.ty {
        // OData durations count days of 24 hours and reach .NET's TimeSpan.MaxValue, which
        // jiff's own ISO 8601 reader rejects; the support type reads them.
        TypeRef::Primitive(Primitive::Duration) => {
            dependencies.iso_duration = true;
            let root = plan.root.tokens();
            quote!(#root::IsoDuration)
        }
        TypeRef::Primitive(Primitive::Binary) => {
            dependencies.serde_with = true;
            let support = support_path(plan);
            quote!(#support::Base64)
        }
        _ => return Codec::Serde,
    };
    if property.collection {
        dependencies.format_list = true;
    } else {
        dependencies.format_single = true;
    }
    Codec::Format {
        format,
        list: property.collection,
    }
}

fn struct_doc(schema: &Schema, ty: &StructType) -> String {
    let mut doc = String::new();
    if !ty.description.is_empty() {
        doc.push_str(&ty.description);
        doc.push_str("\n\n");
    }
    let kind = match ty.kind {
        TypeKind::Entity => "an entity type",
        TypeKind::Complex => "a complex type",
    };
    doc.push_str(&format!("`{}`, {kind}", ty.name));
    if let Some(base) = &ty.base {
        doc.push_str(&format!(" derived from `{base}`"));
    }
    if let Some(key) = schema_key(schema, ty) {
        doc.push_str(&format!(" with key `{key}`"));
    }
    doc.push('.');
    if ty.is_abstract {
        doc.push_str(" Abstract: values are always of a derived type.");
    }
    if !ty.methods.is_empty() {
        doc.push_str("\n\nOperations the docs describe:\n");
        for (name, returns) in &ty.methods {
            if returns.is_empty() || returns.eq_ignore_ascii_case("none") {
                doc.push_str(&format!("\n- {name}"));
            } else {
                doc.push_str(&format!("\n- {name}, returning {returns}"));
            }
        }
    }
    if ty.pages.is_empty() {
        doc.push_str("\n\nBuilt into graphdoc: no input page defines it.");
    } else {
        let pages: Vec<String> = ty.pages.iter().map(|p| format!("`{p}`")).collect();
        doc.push_str(&format!("\n\nDocumented in {}.", pages.join(", ")));
    }
    doc
}

/// The key property, inherited or declared.
fn schema_key<'a>(schema: &'a Schema, ty: &'a StructType) -> Option<&'a str> {
    schema
        .lineage(ty)
        .into_iter()
        .find_map(|t| t.key.as_deref())
}

/// Names the fields of a struct: snake case, keywords escaped, collisions suffixed.
fn fields<'a>(
    schema: &'a Schema,
    ty: &'a StructType,
    plan: &NamePlan,
    diagnostics: &mut Diagnostics,
) -> Vec<Field<'a>> {
    let mut taken: BTreeSet<String> = [ODATA_TYPE_FIELD, ADDITIONAL_DATA_FIELD]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut fields = Vec::new();
    for property in schema.all_properties(ty) {
        if property.name == "@odata.type" {
            continue;
        }
        let snake = naming::snake_case(&property.name);
        let snake = if snake.is_empty() {
            "unnamed".to_string()
        } else {
            snake
        };
        let escaped = naming::escape(snake);
        let wanted = escaped.bare().to_string();
        let chosen = naming::unique(&wanted, &mut taken);
        let ident = if chosen != wanted {
            if let Some(loc) = property.loc.clone() {
                diagnostics.push(
                    Diagnostic::new(
                        Code::NameCollision,
                        loc,
                        format!(
                            "`{}` would be the field `{wanted}` of `{}`, which is taken; it is `{chosen}`",
                            property.name, ty.name.name
                        ),
                    )
                    .with_help("two property names differ only in case or punctuation"),
                );
            }
            Ident::new(&chosen, Span::call_site())
        } else {
            match &escaped {
                Escaped::Raw(name) => Ident::new_raw(name, Span::call_site()),
                Escaped::Plain(name) => Ident::new(name, Span::call_site()),
                Escaped::Renamed { from, to } => {
                    if let Some(loc) = property.loc.clone() {
                        diagnostics.push(
                            Diagnostic::new(
                                Code::KeywordRenamed,
                                loc,
                                format!("`{}` would be the field `{from}`, a keyword Rust cannot escape; it is `{to}`", property.name),
                            )
                            .with_help("the wire name is unchanged; only the Rust field is renamed"),
                        );
                    }
                    Ident::new(to, Span::call_site())
                }
            }
        };
        // A single relationship is boxed: it is absent unless expanded, and an inline
        // entity would make its owner kilobytes larger to create, move and drop. A
        // structural property is boxed only when it would make the struct recursive.
        let boxed = match &property.ty {
            TypeRef::Struct(target) if !property.collection => {
                property.navigation || reaches(schema, plan, target, &ty.name)
            }
            _ => false,
        };
        fields.push(Field {
            property,
            ident,
            boxed,
        });
    }
    fields
}

/// Whether a value of `from` can contain a `to` without passing through a collection,
/// a relationship or an `Any<Type>` enum (all of which box), which would make a struct
/// of infinite size unless boxed.
fn reaches(schema: &Schema, plan: &NamePlan, from: &QualifiedName, to: &QualifiedName) -> bool {
    if plan.dispatch(from).is_some() {
        return false;
    }
    let mut stack = vec![from.clone()];
    let mut seen = BTreeSet::new();
    while let Some(current) = stack.pop() {
        if &current == to {
            return true;
        }
        if !seen.insert(current.clone()) {
            continue;
        }
        if let Some(ty) = schema.find_struct(&current) {
            for p in schema.all_properties(ty) {
                if let (TypeRef::Struct(next), false, false) = (&p.ty, p.collection, p.navigation)
                    && plan.dispatch(next).is_none()
                {
                    stack.push(next.clone());
                }
            }
        }
    }
    false
}

fn field_doc(property: &Property, plan: &NamePlan) -> String {
    let mapping = plan.mapping;
    let mut doc = property.description.clone();
    let mut notes = Vec::new();
    if let TypeRef::Struct(target) = &property.ty
        && plan.dispatch(target).is_some()
    {
        notes.push(format!(
            "A `{target}` or a type derived from it: `@odata.type` says which."
        ));
    }
    if property.navigation {
        notes.push("A relationship: present only when expanded (`$expand`).".to_string());
    }
    if property.origin == Origin::JsonBlock {
        notes.push("Not in the property tables: typed from the JSON representation.".to_string());
    }
    if property.ty == TypeRef::Primitive(Primitive::Json)
        && !property.docs_type.eq_ignore_ascii_case("json")
    {
        notes.push(format!(
            "The docs type `{}` names no known type, so the value is kept as JSON.",
            property.docs_type.replace('`', "")
        ));
    }
    if let TypeRef::Primitive(p) = property.ty
        && mapping == TypeMapping::Strings
        && p.is_string_encoded()
    {
        notes.push(format!(
            "An `Edm.{}` value, kept as the text Graph sends.",
            p.edm_name()
        ));
    }
    if property.ty == TypeRef::Primitive(Primitive::Decimal) {
        notes.push("A decimal, read as `f64`: digits beyond its precision are lost.".to_string());
    }
    if !notes.is_empty() {
        if !doc.is_empty() {
            doc.push_str("\n\n");
        }
        doc.push_str(&notes.join(" "));
    }
    if doc.is_empty() {
        doc = format!("The `{}` property.", property.name);
    }
    doc
}

fn field_tokens(
    field: &Field<'_>,
    plan: &NamePlan,
    dependencies: &mut Dependencies,
) -> TokenStream {
    let property = field.property;
    let ident = &field.ident;
    let value = value_type(&property.ty, field.boxed, plan, dependencies);
    let ty = if property.collection {
        quote!(Option<Vec<#value>>)
    } else {
        quote!(Option<#value>)
    };
    let doc = doc_attrs(&field_doc(property, plan));
    let deprecated = property.deprecated.as_ref().map(|d| {
        let note = &d.note;
        quote!(#[deprecated(note = #note)])
    });
    quote! {
        #doc
        #deprecated
        pub #ident: #ty,
    }
}
