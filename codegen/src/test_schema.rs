//! Builders of small schemas for the unit tests of the steps that read a `Schema`
//! (lowering, the API diff, the examples validator, the graph walks).

use crate::model::{
    EnumMember, EnumType, GRAPH_NAMESPACE, Origin, Property, QualifiedName, Schema, StructType,
    TypeKind, TypeRef,
};
use crate::source::{FileId, Loc};

/// A place in a page no test reads.
pub fn loc() -> Loc {
    Loc::new(FileId(0), 0..1)
}

/// `x` or `a.b.x`, in `microsoft.graph` unless qualified.
pub fn name(text: &str) -> QualifiedName {
    QualifiedName::parse(text, GRAPH_NAMESPACE)
}

/// A single-valued structural property from a table row.
pub fn property(name: &str, ty: TypeRef) -> Property {
    Property {
        name: name.to_string(),
        ty,
        collection: false,
        docs_type: String::new(),
        description: String::new(),
        read_only: false,
        required: false,
        deprecated: None,
        navigation: false,
        origin: Origin::Table,
        loc: Some(loc()),
    }
}

/// A complex type defined on the page `p.md`, in no area.
pub fn structure(text: &str, base: Option<&str>, properties: Vec<Property>) -> StructType {
    StructType {
        name: name(text),
        kind: TypeKind::Complex,
        base: base.map(name),
        key: None,
        open: false,
        is_abstract: false,
        description: String::new(),
        properties,
        methods: Vec::new(),
        pages: vec!["p.md".to_string()],
        areas: Vec::new(),
        loc: Some(loc()),
    }
}

/// An enum defined on the page `p.md`, in no area, its members without values.
pub fn enumeration(text: &str, members: &[&str]) -> EnumType {
    EnumType {
        name: name(text),
        description: String::new(),
        members: members
            .iter()
            .map(|m| EnumMember {
                name: m.to_string(),
                value: None,
                description: String::new(),
                deprecated: None,
                loc: loc(),
            })
            .collect(),
        pages: vec!["p.md".to_string()],
        areas: Vec::new(),
        loc: loc(),
    }
}

/// A schema of these types and enums, sorted as resolution sorts them.
pub fn schema(mut structs: Vec<StructType>, mut enums: Vec<EnumType>) -> Schema {
    structs.sort_by(|a, b| a.name.cmp(&b.name));
    enums.sort_by(|a, b| a.name.cmp(&b.name));
    Schema {
        structs,
        enums,
        operations: Vec::new(),
    }
}
