//! Plain serde-derive structs of schema types: the peer the reading benchmark
//! (`benches/reading.rs`) measures the generated crate against. What a user writes by hand
//! or typify emits: every non-navigation property, own and inherited, as an `Option` with
//! `#[serde(rename)]`; enums as `String`; nested complex types as their own peer structs;
//! no map of unknown properties, so unknown keys are skipped.
//!
//! The mapping is fixed, never tuned to the benchmark: `Edm.String` → `String`,
//! `Boolean` → `bool`, `Byte`/`SByte`/`Int16`/`Int32` → `i32`, `Int64` → `i64`,
//! `Single`/`Double`/`Decimal` → `f64`, `DateTimeOffset` →
//! `chrono::DateTime<chrono::FixedOffset>`, `Json` (any JSON value) →
//! `serde_json::Value`, every other primitive and every enum → `String`. A single nested
//! complex value is `Option<Box<T>>`, a collection `Option<Vec<T>>`.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt::Write as _;

use graphdoc::model::{Primitive, Property, QualifiedName, Schema, TypeRef};

/// The peer module's source and the Rust name of each type's peer struct.
pub struct Peer {
    /// A module: `Page<T>` and one struct per type reached from the roots.
    pub source: String,
    /// The peer struct of each type, the roots and every complex type they hold.
    pub names: BTreeMap<QualifiedName, String>,
}

/// The peer structs of `roots` and of every structured type their non-navigation
/// properties hold, at any depth. Panics on a root the schema lacks.
pub fn peer_module(schema: &Schema, roots: &[QualifiedName]) -> Peer {
    for root in roots {
        assert!(
            schema.find_struct(root).is_some(),
            "the schema has no type {root}"
        );
    }
    // Every type reached, in the order first reached.
    let mut order: Vec<QualifiedName> = Vec::new();
    let mut seen: BTreeSet<QualifiedName> = BTreeSet::new();
    let mut pending: VecDeque<QualifiedName> = roots.iter().cloned().collect();
    while let Some(name) = pending.pop_front() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let Some(ty) = schema.find_struct(&name) else {
            continue;
        };
        order.push(name);
        for property in fields(schema, ty) {
            if let TypeRef::Struct(target) = &property.ty {
                pending.push_back(target.clone());
            }
        }
    }
    let mut names = BTreeMap::new();
    let mut used = BTreeSet::new();
    for name in &order {
        let mut rust = struct_name(name);
        let mut n = 2;
        while used.contains(&rust) {
            rust = format!("{}{n}", struct_name(name));
            n += 1;
        }
        used.insert(rust.clone());
        names.insert(name.clone(), rust);
    }

    let mut source = String::from(
        "//! Plain serde-derive peers of the generated types (see the graphdoc-tests crate's\n\
         //! `peer.rs`): every non-navigation property an `Option`, no unknown-property map.\n\n\
         #![allow(dead_code, clippy::all)]\n\n\
         /// A page of a collection response: only `value` is read.\n\
         #[derive(serde::Deserialize, serde::Serialize)]\n\
         pub struct Page<T> {\n    pub value: Vec<T>,\n}\n",
    );
    for name in &order {
        let ty = schema
            .find_struct(name)
            .expect("reached types are in the schema");
        writeln!(source, "\n/// `{name}`.").unwrap();
        source.push_str("#[derive(serde::Deserialize, serde::Serialize)]\n");
        writeln!(source, "pub struct {} {{", names[name]).unwrap();
        let mut field_names = BTreeSet::new();
        for property in fields(schema, ty) {
            let mut field = field_name(&property.name);
            let mut n = 2;
            while !field_names.insert(field.clone()) {
                field = format!("{}_{n}", field_name(&property.name));
                n += 1;
            }
            let item = rust_type(&property.ty, &names);
            let ty = if property.collection {
                format!("Vec<{item}>")
            } else if let TypeRef::Struct(target) = &property.ty
                && names.contains_key(target)
            {
                format!("Box<{item}>")
            } else {
                item
            };
            writeln!(
                source,
                "    #[serde(rename = {:?}, skip_serializing_if = \"Option::is_none\")]\n    pub {field}: Option<{ty}>,",
                property.name
            )
            .unwrap();
        }
        source.push_str("}\n");
    }
    Peer { source, names }
}

/// The non-navigation properties of a type, inherited ones first.
fn fields<'a>(
    schema: &'a Schema,
    ty: &'a graphdoc::model::StructType,
) -> impl Iterator<Item = &'a Property> {
    schema
        .all_properties(ty)
        .into_iter()
        .filter(|p| !p.navigation)
}

/// The Rust type of one value of a property.
fn rust_type(ty: &TypeRef, names: &BTreeMap<QualifiedName, String>) -> String {
    match ty {
        TypeRef::Primitive(p) => match p {
            Primitive::String => "String",
            Primitive::Boolean => "bool",
            Primitive::Byte | Primitive::SByte | Primitive::Int16 | Primitive::Int32 => "i32",
            Primitive::Int64 => "i64",
            Primitive::Single | Primitive::Double | Primitive::Decimal => "f64",
            Primitive::DateTimeOffset => "chrono::DateTime<chrono::FixedOffset>",
            Primitive::Json => "serde_json::Value",
            Primitive::Date
            | Primitive::TimeOfDay
            | Primitive::Duration
            | Primitive::Guid
            | Primitive::Binary
            | Primitive::Stream => "String",
        }
        .to_string(),
        TypeRef::Enum(_) => "String".to_string(),
        // A type the schema lacks: any JSON.
        TypeRef::Struct(name) => names
            .get(name)
            .cloned()
            .unwrap_or_else(|| "serde_json::Value".to_string()),
    }
}

/// `microsoft.graph.driveItem` → `DriveItem`; another namespace joins in front
/// (`microsoft.graph.callRecords.session` → `CallRecordsSession`).
fn struct_name(name: &QualifiedName) -> String {
    let mut out = String::new();
    let namespace = name
        .namespace
        .strip_prefix("microsoft.graph")
        .unwrap_or(&name.namespace);
    for part in namespace
        .split('.')
        .chain(std::iter::once(name.name.as_str()))
    {
        let mut chars = part.chars().filter(|c| c.is_ascii_alphanumeric());
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'T');
    }
    out
}

/// `businessPhones` → `business_phones`; a keyword gets a trailing `_`.
fn field_name(wire: &str) -> String {
    let mut out = String::new();
    let mut previous_lower = false;
    for c in wire.chars() {
        if c.is_ascii_uppercase() {
            if previous_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            previous_lower = false;
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
            previous_lower = true;
        } else {
            out.push('_');
            previous_lower = false;
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    if syn::parse_str::<syn::Ident>(&out).is_err() || out == "self" || out == "Self" {
        out.push('_');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(field_name("businessPhones"), "business_phones");
        assert_eq!(field_name("type"), "type_");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("@odata.type"), "_odata_type");
        assert_eq!(
            struct_name(&QualifiedName::new("microsoft.graph", "driveItem")),
            "DriveItem"
        );
        assert_eq!(
            struct_name(&QualifiedName::new(
                "microsoft.graph.callRecords",
                "session"
            )),
            "CallRecordsSession"
        );
    }
}
