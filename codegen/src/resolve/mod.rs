//! From pages to a schema: gathers the types and enums the pages define, merges the
//! tables with the JSON representation, resolves every type reference and base type,
//! and reports each disagreement.

pub mod json_shape;
mod operations;
#[cfg(test)]
mod reference_tests;

use std::collections::BTreeMap;
use std::ops::Range;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{
    EnumMember, EnumType, GRAPH_NAMESPACE, OperationReturn, Origin, Primitive, Property,
    QualifiedName, Schema, StructType, TypeKind, TypeMethod, TypeRef,
};
use crate::names::{Lookup, TypeIndex};
use crate::read::type_cell::CellType;
use crate::read::{EnumTable, MethodReturn, Page, PropertyRow, PropertyTable, Resource};
use crate::source::{Loc, SourceMap};
use json_shape::{Agreement, JsonShape};

/// `microsoft.graph.entity`, the root of all entity types. Pages name it as a base type but
/// no resource page defines it, so it is built in unless an input page defines it.
fn builtin_entity() -> StructType {
    StructType {
        name: QualifiedName::new(GRAPH_NAMESPACE, "entity"),
        kind: TypeKind::Entity,
        base: None,
        key: Some("id".to_string()),
        open: false,
        is_abstract: true,
        description: "The base type of all Microsoft Graph entities.".to_string(),
        properties: vec![Property {
            name: "id".to_string(),
            ty: TypeRef::Primitive(Primitive::String),
            collection: false,
            docs_type: "String".to_string(),
            description: "The unique identifier of the entity. Read-only.".to_string(),
            read_only: true,
            required: false,
            deprecated: None,
            navigation: false,
            origin: Origin::BuiltIn,
            loc: None,
        }],
        methods: Vec::new(),
        pages: Vec::new(),
        areas: Vec::new(),
        loc: None,
    }
}

fn page_namespace(page: &Page) -> &str {
    page.namespace.as_deref().unwrap_or(GRAPH_NAMESPACE)
}

/// Builds the schema from all pages of a run.
pub fn resolve(pages: &[Page], sources: &SourceMap, diagnostics: &mut Diagnostics) -> Schema {
    let enums = collect_enums(pages, sources, diagnostics);
    let drafts = collect_drafts(pages);
    let mut names = TypeIndex::default();
    for name in enums.keys() {
        names.add_enum(name);
    }
    for name in drafts.keys() {
        names.add_struct(name);
    }
    let entity = builtin_entity();
    if !drafts.contains_key(&entity.name) {
        names.add_struct(&entity.name);
    }

    let mut structs: BTreeMap<QualifiedName, StructType> = BTreeMap::new();
    for (name, definitions) in &drafts {
        let built: Vec<(u8, StructType)> = definitions
            .iter()
            .map(|(page, resource, tables)| {
                let rank = own_page_rank(name, page, resource, sources);
                let ty = build_struct(
                    name,
                    page,
                    resource,
                    tables,
                    &names,
                    &enums,
                    sources,
                    diagnostics,
                );
                (rank, ty)
            })
            .collect();
        // A type defined on several pages is described by its own resource page (the best
        // `own_page_rank`, the first page among equals), else by the first page that
        // describes it; its operations are its own page's first, then the others' in page
        // order, each once.
        let own =
            (0..built.len()).min_by_key(|&i| (built[i].0, built[i].1.description.is_empty(), i));
        let description = own
            .map(|i| built[i].1.description.clone())
            .filter(|d| !d.is_empty())
            .or_else(|| {
                built
                    .iter()
                    .map(|(_, ty)| ty.description.clone())
                    .find(|d| !d.is_empty())
            })
            .unwrap_or_default();
        let mut methods: Vec<TypeMethod> = Vec::new();
        for i in own.into_iter().chain(0..built.len()) {
            for method in &built[i].1.methods {
                if !methods.contains(method) {
                    methods.push(method.clone());
                }
            }
        }
        let merged = built
            .into_iter()
            .map(|(_, ty)| ty)
            .reduce(|first, other| merge_struct(first, other, sources, diagnostics));
        if let Some(mut ty) = merged {
            ty.description = description;
            ty.methods = methods;
            structs.insert(name.clone(), ty);
        }
    }
    structs.entry(entity.name.clone()).or_insert(entity);

    resolve_bases(&mut structs, &names, diagnostics);
    assign_kinds(&mut structs);

    let operations = operations::operations(pages, sources, &names, diagnostics);
    Schema {
        structs: structs.into_values().collect(),
        enums: enums.into_values().collect(),
        operations,
    }
}

/// One table that lists an enum's members, with its rows read as members.
struct EnumDefinition<'p> {
    page: &'p Page,
    table: &'p EnumTable,
    members: Vec<EnumMember>,
}

/// Where in `members` the member `name` names is: the same spelling, or else the same name
/// in another case.
fn member_position(members: &[EnumMember], name: &str) -> Option<usize> {
    members.iter().position(|m| m.name == name).or_else(|| {
        members
            .iter()
            .position(|m| m.name.eq_ignore_ascii_case(name))
    })
}

fn find_member<'m>(members: &'m [EnumMember], name: &str) -> Option<&'m EnumMember> {
    member_position(members, name).map(|at| &members[at])
}

/// Every enum the pages define. One enum listed in several places (its enum page and
/// `### x values` tables on pages that use it, or several such tables) is one enum with the
/// union of the members: the defining table's members in its order, then those only other
/// tables list, in the order first seen. The defining table is the enum page's, or else the
/// first seen; its spelling (members differing only in case are one member) and numeric
/// values win. Each other table that differs is reported (GD0503) with every difference.
fn collect_enums(
    pages: &[Page],
    sources: &SourceMap,
    diagnostics: &mut Diagnostics,
) -> BTreeMap<QualifiedName, EnumType> {
    let mut definitions: BTreeMap<QualifiedName, Vec<EnumDefinition<'_>>> = BTreeMap::new();
    for page in pages {
        for table in &page.enum_tables {
            let name = QualifiedName::parse(&table.name, page_namespace(page));
            let mut members: Vec<EnumMember> = Vec::new();
            for row in &table.rows {
                let loc = Loc::new(page.file, row.name_span.clone());
                if let Some(first) = members.iter().find(|m| m.name == row.name) {
                    let line = line_of(sources, &first.loc);
                    diagnostics.push(
                        Diagnostic::new(
                            Code::DuplicateMember,
                            loc,
                            format!("member `{}` of `{}` is listed twice", row.name, name.name),
                        )
                        .with_help(format!("the row on line {line} is used; remove this one")),
                    );
                    continue;
                }
                members.push(EnumMember {
                    name: row.name.clone(),
                    value: row.value,
                    description: row.description.clone(),
                    deprecated: row.deprecated.clone(),
                    loc,
                });
            }
            definitions.entry(name).or_default().push(EnumDefinition {
                page,
                table,
                members,
            });
        }
    }
    definitions
        .into_iter()
        .map(|(name, definitions)| {
            let merged = merge_enum(&name, &definitions, sources, diagnostics);
            (name, merged)
        })
        .collect()
}

/// One enum from all the tables that list it (see [`collect_enums`]).
fn merge_enum(
    name: &QualifiedName,
    definitions: &[EnumDefinition<'_>],
    sources: &SourceMap,
    diagnostics: &mut Diagnostics,
) -> EnumType {
    let primary_index = definitions
        .iter()
        .position(|d| d.table.on_enum_page)
        .unwrap_or(0);
    let primary = &definitions[primary_index];
    let primary_loc = Loc::new(primary.page.file, primary.table.heading_span.clone());
    let mut members = primary.members.clone();
    for (index, definition) in definitions.iter().enumerate() {
        if index == primary_index {
            continue;
        }
        for member in &definition.members {
            match member_position(&members, &member.name) {
                None => members.push(member.clone()),
                Some(at) => {
                    let kept = &mut members[at];
                    kept.value = kept.value.or(member.value);
                    if kept.description.is_empty() {
                        kept.description = member.description.clone();
                    }
                    if kept.deprecated.is_none() {
                        kept.deprecated = member.deprecated.clone();
                    }
                }
            }
        }
    }

    let primary_display = &sources.get(primary.page.file).display;
    let primary_line = line_of(sources, &primary_loc);
    for (index, definition) in definitions.iter().enumerate() {
        if index == primary_index {
            continue;
        }
        let differences = enum_differences(&primary.members, &definition.members, &members);
        if differences.is_empty() {
            continue;
        }
        let what = if primary.table.on_enum_page {
            "its enum page"
        } else {
            "the table in"
        };
        diagnostics.push(
            Diagnostic::new(
                Code::ConflictingDefinition,
                Loc::new(definition.page.file, definition.table.heading_span.clone()),
                format!(
                    "enum `{}` is listed here differently from {what} {primary_display} (line {primary_line}): {}",
                    name.name,
                    differences.join("; ")
                ),
            )
            .with_help(format!(
                "the enum has every member either lists, spelled and numbered as in {primary_display}; make the two lists agree"
            )),
        );
    }

    let mut pages: Vec<String> = Vec::new();
    let mut areas: Vec<String> = Vec::new();
    for definition in definitions {
        let display = &sources.get(definition.page.file).display;
        if !pages.contains(display) {
            pages.push(display.clone());
        }
        if let Some(area) = definition.page.front_matter.area()
            && !areas.iter().any(|a| a == area)
        {
            areas.push(area.to_string());
        }
    }
    let description = if primary.table.on_enum_page {
        if primary.page.summary.is_empty() {
            primary
                .page
                .front_matter
                .description
                .clone()
                .unwrap_or_default()
        } else {
            primary.page.summary.clone()
        }
    } else {
        String::new()
    };
    EnumType {
        name: name.clone(),
        description,
        members,
        pages,
        areas,
        loc: primary_loc,
    }
}

/// How a table's members differ from the defining table's (`primary`), as phrases for a
/// message. `merged` is the resulting enum, whose spelling and values are the ones used.
fn enum_differences(
    primary: &[EnumMember],
    here: &[EnumMember],
    merged: &[EnumMember],
) -> Vec<String> {
    let list = |names: Vec<&str>| {
        names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let only_here: Vec<&str> = here
        .iter()
        .filter(|m| find_member(primary, &m.name).is_none())
        .map(|m| m.name.as_str())
        .collect();
    let only_there: Vec<&str> = primary
        .iter()
        .filter(|m| find_member(here, &m.name).is_none())
        .map(|m| m.name.as_str())
        .collect();
    let mut differences = Vec::new();
    if !only_here.is_empty() {
        differences.push(format!(
            "this table adds {}, which the enum keeps",
            list(only_here)
        ));
    }
    if !only_there.is_empty() {
        differences.push(format!("it lacks {}", list(only_there)));
    }
    for member in here {
        let Some(used) = find_member(merged, &member.name) else {
            continue;
        };
        if used.name != member.name {
            differences.push(format!("it spells `{}` as `{}`", used.name, member.name));
        }
        if let (Some(used_value), Some(value)) = (used.value, member.value)
            && used_value != value
        {
            differences.push(format!(
                "it gives `{}` the value {value} where the enum has {used_value}",
                used.name
            ));
        }
    }
    differences
}

type Draft<'p> = (&'p Page, &'p Resource, Vec<&'p PropertyTable>);

/// Resource annotations by type name, each with the tables that describe it.
fn collect_drafts(pages: &[Page]) -> BTreeMap<QualifiedName, Vec<Draft<'_>>> {
    let mut drafts: BTreeMap<QualifiedName, Vec<Draft<'_>>> = BTreeMap::new();
    for page in pages {
        for resource in &page.resources {
            let name = QualifiedName::parse(&resource.type_name, page_namespace(page));
            // A page's tables describe its first resource; further annotations on the
            // same page are described by their JSON blocks alone.
            let tables = if resource.first_on_page {
                page.property_tables.iter().collect()
            } else {
                Vec::new()
            };
            drafts
                .entry(name)
                .or_default()
                .push((page, resource, tables));
        }
    }
    drafts
}

fn line_of(sources: &SourceMap, loc: &Loc) -> usize {
    sources.get(loc.file).line_col(loc.span.start).0
}

#[allow(clippy::too_many_arguments)]
fn build_struct(
    name: &QualifiedName,
    page: &Page,
    resource: &Resource,
    tables: &[&PropertyTable],
    names: &TypeIndex,
    enums: &BTreeMap<QualifiedName, EnumType>,
    sources: &SourceMap,
    diagnostics: &mut Diagnostics,
) -> StructType {
    let file = page.file;
    let namespace = page_namespace(page);
    let json = resource.json.as_ref();
    let json_fields = json.and_then(|j| j.parsed.value.as_object());
    let mut properties: Vec<Property> = Vec::new();

    for table in tables {
        for row in &table.rows {
            let loc = Loc::new(file, row.name_span.clone());
            if let Some(first) = properties.iter().find(|p| p.name == row.name) {
                let line = first.loc.as_ref().map_or(0, |l| line_of(sources, l));
                diagnostics.push(
                    Diagnostic::new(
                        Code::DuplicateProperty,
                        loc,
                        format!("property `{}` of `{}` is listed twice", row.name, name.name),
                    )
                    .with_help(format!("the row on line {line} is used; remove this one")),
                );
                continue;
            }
            let json_value = json_fields.and_then(|f| f.get(&row.name));
            let ty = resolve_row(row, file, namespace, json_value, names, diagnostics);
            if let (Some(value), Some(json)) = (json_value, json) {
                check_against_json(
                    row,
                    &ty,
                    value,
                    json.key_span(&row.name),
                    file,
                    sources,
                    diagnostics,
                );
            } else if json_fields.is_some() && !table.navigation {
                diagnostics.push(
                    Diagnostic::new(
                        Code::MissingFromJson,
                        loc.clone(),
                        format!(
                            "`{}` is in the table but not in the JSON representation",
                            row.name
                        ),
                    )
                    .with_help("add it to the JSON block so the two views agree"),
                );
            }
            if let TypeRef::Enum(enum_name) = &ty {
                check_possible_values(row, enum_name, enums, file, diagnostics);
            }
            properties.push(Property {
                name: row.name.clone(),
                ty,
                collection: row.ty.collection,
                docs_type: row.type_text.clone(),
                description: row.description.clone(),
                read_only: row.facts.read_only,
                required: row.facts.required,
                deprecated: row.facts.deprecated.clone(),
                navigation: table.navigation,
                origin: Origin::Table,
                loc: Some(loc),
            });
        }
    }

    if let (Some(fields), Some(json)) = (json_fields, json) {
        for (key, value) in fields {
            if key.starts_with('@') || properties.iter().any(|p| &p.name == key) {
                continue;
            }
            if !crate::read::is_property_name(key) {
                continue;
            }
            let span = json.key_span(key).unwrap_or(resource.span.clone());
            let loc = Loc::new(file, span);
            let shape = json_shape::interpret(value);
            let ty = match json_shape::primitive_type(&shape) {
                Some(p) => TypeRef::Primitive(p),
                None => match &shape.ty {
                    json_shape::JsonType::Named(n) => names
                        .lookup(n, namespace)
                        .found()
                        .unwrap_or(TypeRef::Primitive(Primitive::Json)),
                    _ => TypeRef::Primitive(Primitive::Json),
                },
            };
            if !tables.is_empty() {
                diagnostics.push(
                    Diagnostic::new(
                        Code::OnlyInJson,
                        loc.clone(),
                        format!("`{key}` is in the JSON representation but in no table"),
                    )
                    .with_help(format!(
                        "it is kept as {}; add a table row to document it",
                        ty.schema_name()
                    )),
                );
            }
            properties.push(Property {
                name: key.clone(),
                ty,
                collection: shape.collection,
                docs_type: JsonShape::describe(value),
                description: String::new(),
                read_only: false,
                required: false,
                deprecated: None,
                navigation: false,
                origin: Origin::JsonBlock,
                loc: Some(loc),
            });
        }
    }

    let display = sources.get(file).display.clone();
    StructType {
        name: name.clone(),
        kind: TypeKind::Complex,
        base: resource
            .base_type
            .as_ref()
            .or(page
                .inherits_from
                .as_ref()
                .filter(|_| resource.first_on_page))
            .map(|b| QualifiedName::parse(b, namespace)),
        key: resource.key_property.clone(),
        open: resource.open_type,
        is_abstract: resource.is_abstract,
        description: page_description(page),
        properties,
        methods: if resource.first_on_page {
            page.methods
                .iter()
                .map(|m| TypeMethod {
                    name: m.name.clone(),
                    returns: operation_return(&m.returns, namespace, names),
                })
                .collect()
        } else {
            Vec::new()
        },
        pages: vec![display],
        areas: page
            .front_matter
            .area()
            .map(str::to_string)
            .into_iter()
            .collect(),
        loc: Some(Loc::new(file, resource.span.clone())),
    }
}

/// How surely `page` is the own resource page of the type `name` it defines, best first:
///
/// 0. the file is named after the type (`user.md` for `user`): the page the rest of the
///    docs link to for it;
/// 1. the title names the type (`# user resource type`) and the type is the page's first
///    resource annotation: a page of its own, such as `intune-mam-user.md`, that documents
///    some of its properties for one product;
/// 2. the type is the page's first resource annotation;
/// 3. a later annotation, on a page about another type.
fn own_page_rank(
    name: &QualifiedName,
    page: &Page,
    resource: &Resource,
    sources: &SourceMap,
) -> u8 {
    let display = &sources.get(page.file).display;
    let stem = std::path::Path::new(display)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let titled = page.title.as_ref().is_some_and(|(title, _)| {
        title
            .split_whitespace()
            .next()
            .is_some_and(|word| word.trim_matches('`').eq_ignore_ascii_case(&name.name))
    });
    if stem.eq_ignore_ascii_case(&name.name) {
        0
    } else if titled && resource.first_on_page {
        1
    } else if resource.first_on_page {
        2
    } else {
        3
    }
}

/// The description a page gives the type it defines: its summary (the first paragraph
/// under the title that is not a note), else its front matter's `description`; then its
/// notes, each a paragraph. A placeholder (`Not yet documented`) is no description, and a
/// page without a description gives none: notes never come first.
fn page_description(page: &Page) -> String {
    let placeholder = |text: &str| {
        let text = text.trim().trim_end_matches('.');
        text.is_empty() || text.eq_ignore_ascii_case("not yet documented")
    };
    let summary = [Some(&page.summary), page.front_matter.description.as_ref()]
        .into_iter()
        .flatten()
        .find(|text| !placeholder(text));
    let Some(summary) = summary else {
        return String::new();
    };
    std::iter::once(summary.as_str())
        .chain(page.notes.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The type an operation returns, when its return cell names a type.
fn operation_return(
    returns: &MethodReturn,
    namespace: &str,
    names: &TypeIndex,
) -> Option<OperationReturn> {
    let MethodReturn::Type(cell) = returns else {
        return None;
    };
    let (ty, written) = match &cell.ty {
        CellType::Primitive(p) => (Some(TypeRef::Primitive(*p)), p.edm_name().to_string()),
        // A type whose page is not in the input is kept as the docs name it.
        CellType::Named { name, .. } => {
            // A plural (`secureScores`, `activities`) names the type of its items.
            let singular = [("ies", "y"), ("s", "")].iter().find_map(|(plural, one)| {
                let stem = name.strip_suffix(plural)?;
                names.lookup(&format!("{stem}{one}"), namespace).found()
            });
            (
                names.lookup(name, namespace).found().or(singular),
                name.clone(),
            )
        }
        CellType::Unreadable(_) | CellType::Empty => return None,
    };
    Some(OperationReturn {
        ty,
        written,
        collection: cell.collection,
    })
}

/// The type a table row names, with a diagnostic when it names none.
fn resolve_row(
    row: &PropertyRow,
    file: crate::source::FileId,
    namespace: &str,
    json_value: Option<&serde_json::Value>,
    names: &TypeIndex,
    diagnostics: &mut Diagnostics,
) -> TypeRef {
    let loc = Loc::new(file, row.type_span.clone());
    let json = TypeRef::Primitive(Primitive::Json);
    match &row.ty.ty {
        CellType::Primitive(p) => TypeRef::Primitive(*p),
        CellType::Named { name, exact_case } => {
            match names.lookup(name, namespace) {
                Lookup::Exact(ty) => ty,
                Lookup::CaseInsensitive(ty) => {
                    if *exact_case {
                        diagnostics.push(
                            Diagnostic::new(
                                Code::CaseMismatch,
                                loc,
                                format!(
                                    "type `{name}` of `{}` matches `{}` only when case is ignored",
                                    row.name,
                                    ty.schema_name()
                                ),
                            )
                            .with_help("spell the type name as its page does"),
                        );
                    }
                    ty
                }
                Lookup::Ambiguous(several) => {
                    let list = several
                        .iter()
                        .map(|q| format!("`{q}`"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    diagnostics.push(
                    Diagnostic::new(
                        Code::UnknownType,
                        loc,
                        format!(
                            "type `{name}` of `{}` is ambiguous: ignoring case, it matches {list}",
                            row.name
                        ),
                    )
                    .with_help("write the qualified name; the property is `serde_json::Value` until then"),
                );
                    json
                }
                Lookup::Missing => {
                    diagnostics.push(
                    Diagnostic::new(
                        Code::UnknownType,
                        loc,
                        format!("type `{name}` of `{}` is not defined by any input page", row.name),
                    )
                    .with_help("add the page that defines it to the input, or fix the name; the property is `serde_json::Value` until then"),
                );
                    json
                }
            }
        }
        CellType::Unreadable(text) => {
            diagnostics.push(
                Diagnostic::new(
                    Code::UnreadableType,
                    loc,
                    format!("`{text}` is not a type (property `{}`)", row.name),
                )
                .with_help("write a type name, a primitive such as `String`, or `X collection`"),
            );
            json
        }
        CellType::Empty => {
            let from_json = json_value
                .map(json_shape::interpret)
                .and_then(|shape| json_shape::primitive_type(&shape));
            let used = from_json.map_or(json, TypeRef::Primitive);
            diagnostics.push(
                Diagnostic::new(
                    Code::EmptyType,
                    loc,
                    format!("property `{}` has no type", row.name),
                )
                .with_help(format!(
                    "{} is used; fill in the Type cell",
                    used.schema_name()
                )),
            );
            used
        }
    }
}

fn check_against_json(
    row: &PropertyRow,
    ty: &TypeRef,
    value: &serde_json::Value,
    key_span: Option<Range<usize>>,
    file: crate::source::FileId,
    sources: &SourceMap,
    diagnostics: &mut Diagnostics,
) {
    let shape = json_shape::interpret(value);
    let named_matches = |json_name: &str| match ty {
        TypeRef::Struct(q) | TypeRef::Enum(q) => QualifiedName::parse(json_name, &q.namespace)
            .name
            .eq_ignore_ascii_case(&q.name),
        TypeRef::Primitive(_) => false,
    };
    let agreement = json_shape::agreement(ty, row.ty.collection, &shape, named_matches);
    let code = match agreement {
        Agreement::Agrees => return,
        Agreement::StringPlaceholder => Code::StringPlaceholder,
        Agreement::Disagrees => Code::TypeMismatch,
    };
    let table_loc = Loc::new(file, row.type_span.clone());
    let table_line = line_of(sources, &table_loc);
    let loc = key_span.map_or(table_loc, |span| Loc::new(file, span));
    let table_type = if row.ty.collection {
        format!(
            "{} collection",
            row.type_text.trim_end_matches(" collection")
        )
    } else {
        row.type_text.clone()
    };
    diagnostics.push(
        Diagnostic::new(
            code,
            loc,
            format!(
                "the JSON representation gives `{}` as {}, the table (line {table_line}) as `{table_type}`",
                row.name,
                JsonShape::describe(value)
            ),
        )
        .with_help(format!(
            "the table's type `{table_type}` is used; correct whichever of the two is wrong"
        )),
    );
}

fn check_possible_values(
    row: &PropertyRow,
    enum_name: &QualifiedName,
    enums: &BTreeMap<QualifiedName, EnumType>,
    file: crate::source::FileId,
    diagnostics: &mut Diagnostics,
) {
    let Some(definition) = enums.get(enum_name) else {
        return;
    };
    for value in &row.facts.possible_values {
        if !definition.members.iter().any(|m| &m.name == value) {
            diagnostics.push(
                Diagnostic::new(
                    Code::PossibleValueNotMember,
                    Loc::new(file, row.name_span.clone()),
                    format!(
                        "the description of `{}` lists `{value}`, which enum `{}` does not have",
                        row.name, enum_name.name
                    ),
                )
                .with_help("add the member to the enum table or remove it from the description"),
            );
        }
    }
}

/// A type defined on several pages: properties are united; a property typed differently
/// by two pages keeps the first page's type.
fn merge_struct(
    mut first: StructType,
    other: StructType,
    sources: &SourceMap,
    diagnostics: &mut Diagnostics,
) -> StructType {
    for property in other.properties {
        match first.properties.iter().find(|p| p.name == property.name) {
            None => first.properties.push(property),
            Some(existing)
                if existing.ty != property.ty || existing.collection != property.collection =>
            {
                let line = existing.loc.as_ref().map_or(0, |l| line_of(sources, l));
                if let Some(loc) = property.loc.clone() {
                    diagnostics.push(
                        Diagnostic::new(
                            Code::ConflictingDefinition,
                            loc,
                            format!(
                                "`{}.{}` is {} here but {} in {} (line {line})",
                                first.name.name,
                                property.name,
                                property.ty.schema_name(),
                                existing.ty.schema_name(),
                                first.pages[0]
                            ),
                        )
                        .with_help("the first page's type is used"),
                    );
                }
            }
            Some(_) => {}
        }
    }
    first.base = first.base.or(other.base);
    first.key = first.key.or(other.key);
    first.open |= other.open;
    // The description and the operations are chosen by `resolve`, from every page.
    first.pages.extend(other.pages);
    for area in other.areas {
        if !first.areas.contains(&area) {
            first.areas.push(area);
        }
    }
    first
}

/// Resolves base type names; an unknown base or a cycle is reported and cut.
fn resolve_bases(
    structs: &mut BTreeMap<QualifiedName, StructType>,
    names: &TypeIndex,
    diagnostics: &mut Diagnostics,
) {
    let keys: Vec<QualifiedName> = structs.keys().cloned().collect();
    for key in &keys {
        let ty = &structs[key];
        let Some(written) = ty.base.clone() else {
            continue;
        };
        let resolved = match names.lookup(&written.to_string(), &key.namespace).found() {
            Some(TypeRef::Struct(q)) => Some(q),
            _ => None,
        };
        if resolved.is_none()
            && let Some(loc) = ty.loc.clone()
        {
            diagnostics.push(
                Diagnostic::new(
                    Code::UnknownBase,
                    loc,
                    format!(
                        "base type `{written}` of `{}` is not defined by any input page",
                        key.name
                    ),
                )
                .with_help(
                    "add its page to the input; inherited properties are missing until then",
                ),
            );
        }
        structs.get_mut(key).expect("key exists").base = resolved;
    }
    for key in &keys {
        let mut seen = vec![key.clone()];
        let mut current = structs[key].base.clone();
        while let Some(base) = current {
            if base == *key {
                let ty = structs.get_mut(key).expect("key exists");
                if let Some(loc) = ty.loc.clone() {
                    let chain: Vec<String> = seen.iter().map(|q| q.name.clone()).collect();
                    diagnostics.push(
                        Diagnostic::new(
                            Code::InheritanceCycle,
                            loc,
                            format!(
                                "`{}` inherits from itself: {} → {}",
                                key.name,
                                chain.join(" → "),
                                key.name
                            ),
                        )
                        .with_help("fix the baseType of one of these types"),
                    );
                }
                ty.base = None;
                break;
            }
            if seen.contains(&base) {
                break;
            }
            seen.push(base.clone());
            current = structs.get(&base).and_then(|t| t.base.clone());
        }
    }
}

/// A type with a key, or deriving from one that has, is an entity.
fn assign_kinds(structs: &mut BTreeMap<QualifiedName, StructType>) {
    let keys: Vec<QualifiedName> = structs.keys().cloned().collect();
    for key in keys {
        let mut current = structs.get(&key);
        let mut depth = 0;
        let mut entity = false;
        while let Some(ty) = current {
            if ty.key.is_some() || ty.kind == TypeKind::Entity {
                entity = true;
                break;
            }
            depth += 1;
            if depth > structs.len() {
                break;
            }
            current = ty.base.as_ref().and_then(|b| structs.get(b));
        }
        if entity {
            structs.get_mut(&key).expect("key exists").kind = TypeKind::Entity;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    /// Reads and resolves pages given as `(file name, text)`, in that order.
    fn resolve_pages(pages: &[(&str, &str)]) -> (Schema, Vec<Diagnostic>, SourceMap) {
        let mut sources = SourceMap::default();
        let mut diagnostics = Diagnostics::default();
        let read: Vec<Page> = pages
            .iter()
            .map(|(name, text)| {
                let file = sources.add(SourceFile::new(
                    name.into(),
                    name.to_string(),
                    text.to_string(),
                ));
                crate::read::read_page(file, text, &mut diagnostics)
            })
            .collect();
        let schema = resolve(&read, &sources, &mut diagnostics);
        let diagnostics = diagnostics.iter().cloned().collect();
        (schema, diagnostics, sources)
    }

    fn lamp_page(summary: &str, methods: &str) -> String {
        format!(
            "# lamp resource type\n\nNamespace: microsoft.graph\n\n\
             > **Note:** Requires a license.\n\n{summary}\n\n## Methods\n\n\
             | Method | Return Type | Description |\n|:--|:--|:--|\n{methods}\n\
             ## JSON representation\n\n\
             <!-- {{ \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.lamp\" }} -->\n\n\
             ```json\n{{ \"@odata.type\": \"#microsoft.graph.lamp\" }}\n```\n"
        )
    }

    #[test]
    fn a_type_is_described_by_its_own_page() {
        // `lamp.md` is the type's own page even when another page comes first.
        let (schema, _, _) = resolve_pages(&[
            (
                "intune-lamp.md",
                &lamp_page("Not yet documented", "| [Dim](x.md) | None | Dims. |"),
            ),
            (
                "lamp.md",
                &lamp_page(
                    "A lamp.",
                    "| [Get lamp](x.md) | [lamp](lamp.md) | Reads. |\n| [Dim](x.md) | None | Dims. |",
                ),
            ),
        ]);
        let lamp = schema
            .structs
            .iter()
            .find(|s| s.name.name == "lamp")
            .unwrap();
        // The summary, never the note, comes first; the note follows.
        assert_eq!(lamp.description, "A lamp.\n\nNote: Requires a license.");
        // The own page's operations first, each once; a return the schema knows resolved.
        let shown: Vec<(&str, Option<String>)> = lamp
            .methods
            .iter()
            .map(|m| {
                (
                    m.name.as_str(),
                    m.returns
                        .as_ref()
                        .and_then(|r| r.ty.as_ref())
                        .map(TypeRef::schema_name),
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("Get lamp", Some("microsoft.graph.lamp".to_string())),
                ("Dim", None)
            ]
        );
        // A page with only a placeholder and a note gives no description.
        let (schema, _, _) = resolve_pages(&[(
            "intune-lamp.md",
            &lamp_page("Not yet documented", "| [Dim](x.md) | None | Dims. |"),
        )]);
        assert_eq!(
            schema
                .structs
                .iter()
                .find(|s| s.name.name == "lamp")
                .unwrap()
                .description,
            ""
        );
    }

    fn enum_page(name: &str, front: &str, rows: &str) -> String {
        format!(
            "---\ntitle: \"{name} enum type\"\n{front}doc_type: enumPageType\n---\n\n\
             # {name} enum type\n\nNamespace: microsoft.graph\n\nThe {name} enum.\n\n## Members\n\n\
             | Member | Value | Description |\n|:---|:---|:---|\n{rows}\n\
             ## JSON representation\n\n\
             <!-- {{ \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.{name}\" }} -->\n\n\
             ```json\n{{ \"@odata.type\": \"#microsoft.graph.{name}\" }}\n```\n"
        )
    }

    /// A resource page whose `mode` property is `enum_name`, with a `### x values` table.
    fn user_page(ty: &str, front: &str, enum_name: &str, rows: &str) -> String {
        format!(
            "---\ntitle: \"{ty} resource type\"\n{front}doc_type: resourcePageType\n---\n\n\
             # {ty} resource type\n\nNamespace: microsoft.graph\n\nA {ty}.\n\n## Properties\n\n\
             | Property | Type | Description |\n|:---|:---|:---|\n| mode | {enum_name} | Its mode. |\n\n\
             ### {enum_name} values\n\n| Member | Value | Description |\n|:---|:---|:---|\n{rows}\n\
             ## JSON representation\n\n\
             <!-- {{ \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.{ty}\" }} -->\n\n\
             ```json\n{{ \"mode\": \"String\" }}\n```\n"
        )
    }

    fn member_names(schema: &Schema, name: &str) -> Vec<String> {
        let e = schema
            .find_enum(&QualifiedName::new(GRAPH_NAMESPACE, name))
            .expect("the enum exists");
        e.members.iter().map(|m| m.name.clone()).collect()
    }

    fn conflicts(diagnostics: &[Diagnostic]) -> Vec<&Diagnostic> {
        diagnostics
            .iter()
            .filter(|d| d.code == Code::ConflictingDefinition)
            .collect()
    }

    #[test]
    fn enum_page_members_come_first_then_members_first_seen_elsewhere() {
        let lamp = user_page(
            "lamp",
            "",
            "lampMode",
            "| blinking | 1 | Flashes. |\n| party | | Colours. |\n| steady | 0 | On. |\n",
        );
        let mode = enum_page(
            "lampMode",
            "",
            "| steady | 0 | On. |\n| blinking | 1 | Flashes. |\n| dimmed | 2 | Dim. |\n",
        );
        let torch = user_page(
            "torch",
            "",
            "lampMode",
            "| strobe | | Fast. |\n| steady | 0 | On. |\n| party | | Colours. |\n",
        );
        let (schema, diagnostics, _) = resolve_pages(&[
            ("lamp.md", &lamp),
            ("lampmode.md", &mode),
            ("torch.md", &torch),
        ]);
        assert_eq!(
            member_names(&schema, "lampMode"),
            ["steady", "blinking", "dimmed", "party", "strobe"]
        );
        let e = schema
            .find_enum(&QualifiedName::new(GRAPH_NAMESPACE, "lampMode"))
            .unwrap();
        assert_eq!(e.pages, ["lamp.md", "lampmode.md", "torch.md"]);
        assert_eq!(e.description, "The lampMode enum.");
        // One warning at each table that differs from the enum page, naming every difference.
        let found = conflicts(&diagnostics);
        assert_eq!(found.len(), 2, "{diagnostics:#?}");
        assert!(
            found[0].message.contains("its enum page lampmode.md")
                && found[0].message.contains("adds `party`")
                && found[0].message.contains("lacks `dimmed`"),
            "{}",
            found[0].message
        );
        assert!(
            found[1].message.contains("adds `strobe`, `party`")
                && found[1].message.contains("lacks `blinking`, `dimmed`"),
            "{}",
            found[1].message
        );
    }

    #[test]
    fn members_differing_in_case_are_one_and_the_enum_page_spells_them() {
        let lamp = user_page(
            "lamp",
            "",
            "lampMode",
            "| Steady | 0 | On. |\n| blinking | 1 | Flashes. |\n",
        );
        let mode = enum_page(
            "lampMode",
            "",
            "| steady | 0 | On. |\n| blinking | 1 | Flashes. |\n",
        );
        let (schema, diagnostics, _) = resolve_pages(&[("lamp.md", &lamp), ("lampmode.md", &mode)]);
        assert_eq!(member_names(&schema, "lampMode"), ["steady", "blinking"]);
        let found = conflicts(&diagnostics);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.ends_with("it spells `steady` as `Steady`"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn without_an_enum_page_the_first_table_seen_wins() {
        let lamp = user_page(
            "lamp",
            "",
            "beamShape",
            "| Wide | | Wide. |\n| narrow | | Narrow. |\n",
        );
        let torch = user_page(
            "torch",
            "",
            "beamShape",
            "| spot | | A spot. |\n| wide | | Wide. |\n",
        );
        let (schema, diagnostics, _) = resolve_pages(&[("lamp.md", &lamp), ("torch.md", &torch)]);
        assert_eq!(
            member_names(&schema, "beamShape"),
            ["Wide", "narrow", "spot"]
        );
        let found = conflicts(&diagnostics);
        assert_eq!(found.len(), 1);
        let message = &found[0].message;
        assert!(
            message.contains("the table in lamp.md (line 18)"),
            "{message}"
        );
        assert!(message.contains("adds `spot`"), "{message}");
        assert!(message.contains("lacks `narrow`"), "{message}");
        assert!(message.contains("spells `Wide` as `wide`"), "{message}");
        assert_eq!(
            found[0].loc.as_ref().map(|l| l.file),
            Some(crate::source::FileId(1))
        );
    }

    #[test]
    fn the_enum_page_value_wins_and_the_difference_is_reported() {
        let lamp = user_page(
            "lamp",
            "",
            "lampMode",
            "| steady | 5 | On. |\n| blinking | | Flashes. |\n",
        );
        let mode = enum_page(
            "lampMode",
            "",
            "| steady | 0 | On. |\n| blinking | 1 | Flashes. |\n",
        );
        let (schema, diagnostics, _) = resolve_pages(&[("lamp.md", &lamp), ("lampmode.md", &mode)]);
        let e = schema
            .find_enum(&QualifiedName::new(GRAPH_NAMESPACE, "lampMode"))
            .unwrap();
        let values: Vec<Option<i64>> = e.members.iter().map(|m| m.value).collect();
        assert_eq!(values, [Some(0), Some(1)]);
        let found = conflicts(&diagnostics);
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .message
                .ends_with("it gives `steady` the value 5 where the enum has 0"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn tables_that_agree_are_not_reported() {
        let rows = "| steady | 0 | On. |\n| blinking | 1 | Flashes. |\n";
        let lamp = user_page("lamp", "", "lampMode", rows);
        let mode = enum_page("lampMode", "", rows);
        let (schema, diagnostics, _) = resolve_pages(&[("lamp.md", &lamp), ("lampmode.md", &mode)]);
        assert_eq!(member_names(&schema, "lampMode"), ["steady", "blinking"]);
        assert!(conflicts(&diagnostics).is_empty(), "{diagnostics:#?}");
    }

    #[test]
    fn an_enum_page_makes_an_enum_and_no_struct() {
        let mode = enum_page(
            "lampMode",
            "",
            "| steady | 0 | On. |\n| blinking (deprecated) | 1 | Flashes. |\n",
        );
        let (schema, diagnostics, _) = resolve_pages(&[("lampmode.md", &mode)]);
        let name = QualifiedName::new(GRAPH_NAMESPACE, "lampMode");
        assert!(schema.find_struct(&name).is_none());
        assert!(schema.find_enum(&name).is_some());
        // Only the built-in entity is a struct.
        assert_eq!(schema.structs.len(), 1);
        assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    }

    #[test]
    fn deprecated_members_are_kept_and_marked() {
        let mode = enum_page(
            "lampMode",
            "",
            "| steady | 0 | On. |\n| blinking (deprecated) | 1 | Flashes. |\n",
        );
        // The values table does not say so: the enum page's mark stays.
        let lamp = user_page(
            "lamp",
            "",
            "lampMode",
            "| steady | 0 | On. This value is deprecated. |\n| blinking | 1 | Flashes. |\n",
        );
        let (schema, _, _) = resolve_pages(&[("lampmode.md", &mode), ("lamp.md", &lamp)]);
        let e = schema
            .find_enum(&QualifiedName::new(GRAPH_NAMESPACE, "lampMode"))
            .unwrap();
        assert_eq!(e.members[1].name, "blinking");
        assert_eq!(
            e.members[1].deprecated.as_ref().map(|d| d.note.as_str()),
            Some("Deprecated in the docs.")
        );
        // A deprecation only another table states is kept too.
        assert!(e.members[0].deprecated.is_some());
        assert_eq!(e.members[0].description, "On.");
    }

    #[test]
    fn areas_come_from_ms_subservice_then_ms_prod() {
        let lamp = user_page(
            "lamp",
            "ms.prod: \"home\"\nms.subservice: \"lighting\"\n",
            "lampMode",
            "| steady | 0 | On. |\n",
        );
        let torch = user_page(
            "torch",
            "ms.prod: \"outdoor\"\n",
            "lampMode",
            "| steady | 0 | On. |\n",
        );
        let candle = user_page(
            "candle",
            "ms.prod: \"\"\n",
            "lampMode",
            "| steady | 0 | On. |\n",
        );
        let (schema, _, _) = resolve_pages(&[
            ("lamp.md", &lamp),
            ("torch.md", &torch),
            ("candle.md", &candle),
        ]);
        let areas = |name: &str| {
            schema
                .find_struct(&QualifiedName::new(GRAPH_NAMESPACE, name))
                .unwrap()
                .areas
                .clone()
        };
        assert_eq!(areas("lamp"), ["lighting"]);
        assert_eq!(areas("torch"), ["outdoor"]);
        assert!(areas("candle").is_empty());
        let e = schema
            .find_enum(&QualifiedName::new(GRAPH_NAMESPACE, "lampMode"))
            .unwrap();
        assert_eq!(e.areas, ["lighting", "outdoor"]);
    }
}
