//! Narrowing the schema to what a config file selects, plus everything the selection uses
//! (property types and base types, transitively), and resolving renames to schema names.

use std::collections::{BTreeMap, BTreeSet};

use crate::config_file::{Located, Selection};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{QualifiedName, Schema};
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
    let keep = schema.closure(roots);
    schema.structs.retain(|t| keep.contains(&t.name));
    schema.enums.retain(|e| keep.contains(&e.name));
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
