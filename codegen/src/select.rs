//! Narrowing the schema to what a config file selects, plus everything the selection uses
//! (property types and base types, transitively), and resolving renames to schema names.
//!
//! Relationships (navigation properties) are followed only in [`Relationships::Follow`]
//! mode. By default a kept type keeps only its relationships to kept types: the others
//! are dropped from the narrowed schema, so their JSON lands in `additional_data` like any
//! undocumented property's.

use std::collections::{BTreeMap, BTreeSet};

use crate::config_file::{Located, Relationships, Selection};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{QualifiedName, Schema, TypeRef};
use crate::names::TypeIndex;
use crate::source::{FileId, Loc};

fn unknown(config: FileId, entry: &Located, what: &str) -> Diagnostic {
    Diagnostic::new(
        Code::ConfigNameUnknown,
        Loc::new(config, entry.span.clone()),
        format!("no input page defines the {what} `{}`", entry.value),
    )
    .with_help("check the spelling against the docs, or add the page that defines it")
}

/// Keeps the selected types and enums and what they use. Entries that match nothing are
/// errors pointing into the config file.
pub fn apply(
    schema: &mut Schema,
    selection: &Selection,
    config: FileId,
    diagnostics: &mut Diagnostics,
) {
    if selection.is_everything() {
        return;
    }
    let roots = roots(schema, selection, config, diagnostics);
    narrow(schema, roots, selection.relationships);
}

/// The types and enums a selection names. Entries that match nothing are errors pointing
/// into the config file.
pub fn roots(
    schema: &Schema,
    selection: &Selection,
    config: FileId,
    diagnostics: &mut Diagnostics,
) -> BTreeSet<QualifiedName> {
    let names = TypeIndex::from_schema(schema);
    let mut roots: BTreeSet<QualifiedName> = BTreeSet::new();
    for entry in &selection.types {
        let found = names.matching(&entry.value);
        if found.is_empty() {
            diagnostics.push(unknown(config, entry, "type or enum"));
        }
        roots.extend(found);
    }
    let all_names = || {
        schema
            .structs
            .iter()
            .map(|t| (&t.name, &t.areas))
            .chain(schema.enums.iter().map(|e| (&e.name, &e.areas)))
    };
    for entry in &selection.namespaces {
        let found: Vec<QualifiedName> = all_names()
            .filter(|(n, _)| n.namespace.eq_ignore_ascii_case(&entry.value))
            .map(|(n, _)| n.clone())
            .collect();
        if found.is_empty() {
            diagnostics.push(unknown(config, entry, "namespace"));
        }
        roots.extend(found);
    }
    for entry in &selection.areas {
        let found: Vec<QualifiedName> = all_names()
            .filter(|(_, areas)| areas.iter().any(|a| a.eq_ignore_ascii_case(&entry.value)))
            .map(|(n, _)| n.clone())
            .collect();
        if found.is_empty() {
            diagnostics.push(unknown(config, entry, "area (ms.subservice or ms.prod)"));
        }
        roots.extend(found);
    }
    roots
}

/// Narrows the schema to `roots` and what they use: their base types and the types of
/// their properties, transitively, and with [`Relationships::Follow`] the types their
/// relationships lead to as well. Otherwise a kept type's relationships to types that are
/// not kept are dropped. Whether an inherited property is a relationship is decided where
/// the lineage first declares it, on the whole schema, before anything is dropped.
pub fn narrow(schema: &mut Schema, roots: BTreeSet<QualifiedName>, relationships: Relationships) {
    let keep = match relationships {
        Relationships::Follow => schema.closure(roots),
        Relationships::Selection => schema.structural_closure(roots),
    };
    let mut dropped: BTreeSet<(QualifiedName, String)> = BTreeSet::new();
    if relationships == Relationships::Selection {
        for ty in schema.structs.iter().filter(|t| keep.contains(&t.name)) {
            for property in &ty.properties {
                let outside = match &property.ty {
                    TypeRef::Struct(target) | TypeRef::Enum(target) => !keep.contains(target),
                    _ => false,
                };
                if outside && schema.is_relationship(ty, property) {
                    dropped.insert((ty.name.clone(), property.name.clone()));
                }
            }
        }
    }
    schema.structs.retain(|t| keep.contains(&t.name));
    schema.enums.retain(|e| keep.contains(&e.name));
    for ty in &mut schema.structs {
        let name = ty.name.clone();
        ty.properties
            .retain(|p| !dropped.contains(&(name.clone(), p.name.clone())));
    }
}

/// Resolves `[rename]` entries to schema names. A name that matches nothing, or a simple
/// name defined in several namespaces, is an error.
pub fn renames(
    schema: &Schema,
    entries: &[(Located, Located)],
    config: FileId,
    diagnostics: &mut Diagnostics,
) -> BTreeMap<QualifiedName, String> {
    let names = TypeIndex::from_schema(schema);
    let mut renames = BTreeMap::new();
    for (from, to) in entries {
        match names.matching(&from.value).as_slice() {
            [] => diagnostics.push(unknown(config, from, "type or enum")),
            [only] => {
                renames.insert(only.clone(), to.value.clone());
            }
            several => diagnostics.push(
                Diagnostic::new(
                    Code::ConfigNameUnknown,
                    Loc::new(config, from.span.clone()),
                    format!(
                        "`{}` names {} types: {}",
                        from.value,
                        several.len(),
                        several
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
                .with_help("write the qualified name"),
            ),
        }
    }
    renames
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_schema::{enumeration, name as q, property, schema as sorted, structure};

    fn relationship(name: &str, target: &str) -> crate::model::Property {
        crate::model::Property {
            navigation: true,
            ..property(name, TypeRef::Struct(q(target)))
        }
    }

    /// `user` has an address, a kind, a manager (a relationship to a user) and a drive (a
    /// relationship to what nothing else uses); `entity`, its base, declares `extensions`
    /// as a relationship, which `student` repeats in its properties table.
    fn schema() -> Schema {
        let mut student = structure(
            "student",
            Some("user"),
            vec![property("extensions", TypeRef::Struct(q("extension")))],
        );
        student
            .properties
            .push(property("school", TypeRef::Struct(q("school"))));
        sorted(
            vec![
                structure(
                    "entity",
                    None,
                    vec![relationship("extensions", "extension")],
                ),
                structure("extension", None, Vec::new()),
                structure(
                    "user",
                    Some("entity"),
                    vec![
                        property("address", TypeRef::Struct(q("postalAddress"))),
                        property("kind", TypeRef::Enum(q("userKind"))),
                        relationship("manager", "user"),
                        relationship("drive", "drive"),
                    ],
                ),
                student,
                structure("school", None, Vec::new()),
                structure("postalAddress", None, Vec::new()),
                structure(
                    "drive",
                    Some("entity"),
                    vec![
                        property("quota", TypeRef::Struct(q("quota"))),
                        relationship("owner", "group"),
                    ],
                ),
                structure("quota", None, Vec::new()),
                structure("group", Some("entity"), Vec::new()),
            ],
            vec![enumeration("userKind", &["member", "guest"])],
        )
    }

    fn select(types: &[&str], relationships: Relationships) -> Schema {
        let mut schema = schema();
        let roots = types.iter().map(|t| q(t)).collect();
        narrow(&mut schema, roots, relationships);
        schema
    }

    fn names(schema: &Schema) -> Vec<&str> {
        let mut names: Vec<&str> = schema
            .structs
            .iter()
            .map(|t| t.name.name.as_str())
            .chain(schema.enums.iter().map(|e| e.name.name.as_str()))
            .collect();
        names.sort();
        names
    }

    fn properties<'a>(schema: &'a Schema, ty: &str) -> Vec<&'a str> {
        schema
            .find_struct(&q(ty))
            .unwrap()
            .properties
            .iter()
            .map(|p| p.name.as_str())
            .collect()
    }

    #[test]
    fn relationships_to_types_outside_the_selection_are_dropped() {
        let narrowed = select(&["user"], Relationships::Selection);
        assert_eq!(
            names(&narrowed),
            ["entity", "postalAddress", "user", "userKind"]
        );
        // The manager is a user, in the selection; the drive is not.
        assert_eq!(
            properties(&narrowed, "user"),
            ["address", "kind", "manager"]
        );
        // The base type's relationship to what is not selected goes too.
        assert!(properties(&narrowed, "entity").is_empty());
    }

    #[test]
    fn an_inherited_relationship_is_dropped_wherever_a_derived_table_repeats_it() {
        let narrowed = select(&["student"], Relationships::Selection);
        assert_eq!(
            names(&narrowed),
            [
                "entity",
                "postalAddress",
                "school",
                "student",
                "user",
                "userKind"
            ]
        );
        // `extensions` is a relationship because `entity` declares it as one.
        assert_eq!(properties(&narrowed, "student"), ["school"]);
    }

    #[test]
    fn relationships_to_selected_types_stay() {
        let narrowed = select(&["user", "drive"], Relationships::Selection);
        assert_eq!(
            names(&narrowed),
            [
                "drive",
                "entity",
                "postalAddress",
                "quota",
                "user",
                "userKind"
            ]
        );
        assert_eq!(
            properties(&narrowed, "user"),
            ["address", "kind", "manager", "drive"]
        );
        assert_eq!(properties(&narrowed, "drive"), ["quota"]);
    }

    #[test]
    fn follow_keeps_the_closure_through_relationships() {
        let narrowed = select(&["user"], Relationships::Follow);
        // Everything but the derived type and what only it uses, untouched.
        let mut expected = schema();
        expected
            .structs
            .retain(|t| !["student", "school"].contains(&t.name.name.as_str()));
        assert_eq!(narrowed, expected);
        assert_eq!(
            properties(&narrowed, "user"),
            ["address", "kind", "manager", "drive"]
        );
    }

    #[test]
    fn the_selection_of_a_config_file_carries_its_mode() {
        let mut narrowed = schema();
        let selection = Selection {
            types: vec![Located {
                value: "user".to_string(),
                span: 0..1,
            }],
            relationships: Relationships::Follow,
            ..Selection::default()
        };
        let mut diagnostics = Diagnostics::default();
        apply(&mut narrowed, &selection, FileId(0), &mut diagnostics);
        assert!(diagnostics.is_empty());
        assert!(narrowed.find_struct(&q("group")).is_some());
    }
}
