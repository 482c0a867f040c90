//! Items of the crate model: the Rust name, file and features of every struct, enum and
//! dispatch enum, then their fields and variants, the crates and support code they need.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use super::crate_model::*;
use super::features::FeaturePlan;
use super::modules::{self, ModulePlan};
use super::naming;
use crate::config_file::TypeMapping;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{
    EnumType, GRAPH_NAMESPACE, Origin, Primitive, Property, QualifiedName, Schema, StructType,
    TypeKind, TypeRef,
};
use crate::read::markdown::escape_doc;
use crate::source::Loc;

/// Names no generated item may take: they would shadow the prelude, the traits the
/// generated code derives or implements, or the crate's own support types.
pub const RESERVED_ITEMS: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "ToString",
    "ToOwned",
    "Vec",
    "Box",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "Hash",
    "Send",
    "Sync",
    "Sized",
    "Unpin",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "Into",
    "TryFrom",
    "TryInto",
    "AsRef",
    "AsMut",
    "Iterator",
    "IntoIterator",
    "DoubleEndedIterator",
    "ExactSizeIterator",
    "Extend",
    "FromIterator",
    "Serialize",
    "Deserialize",
    "Changes",
    "Collection",
    "Removed",
    "UndocumentedValue",
    "IsoDuration",
    "NullProperties",
];

/// What the header of a file of an item without pages says.
const BUILT_IN: &str = "the built-in definition of `microsoft.graph.entity`";

/// The Rust name, file and features of every schema item, decided before any item's
/// contents so that references can be printed anywhere.
#[derive(Debug, Default)]
pub struct NamePlan {
    items: BTreeMap<(ItemKind, QualifiedName), Planned>,
}

#[derive(Debug, Clone)]
struct Planned {
    path: ItemPath,
    file_stem: String,
    features: Vec<String>,
}

impl NamePlan {
    pub fn new(
        schema: &Schema,
        modules: &ModulePlan,
        features: &FeaturePlan,
        renames: &BTreeMap<QualifiedName, String>,
        diagnostics: &mut Diagnostics,
    ) -> Self {
        let mut plan = NamePlan::default();
        let mut idents: BTreeMap<Vec<String>, BTreeSet<String>> = BTreeMap::new();
        let mut stems: BTreeMap<Vec<String>, BTreeSet<String>> = BTreeMap::new();
        // Keyed by kind and name: an enum and a type of one docs name are two items.
        let mut items: Vec<(&QualifiedName, ItemKind, Option<&Loc>)> = schema
            .structs
            .iter()
            .map(|t| (&t.name, ItemKind::Struct, t.loc.as_ref()))
            .chain(
                schema
                    .enums
                    .iter()
                    .map(|e| (&e.name, ItemKind::Enum, Some(&e.loc))),
            )
            .collect();
        items.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        for (name, kind, loc) in items {
            let module = modules.of(&name.namespace);
            let wanted = wanted_ident(name, renames.get(name), loc, diagnostics);
            let taken = idents.entry(module.clone()).or_insert_with(reserved_items);
            let ident = naming::unique_camel(&wanted, taken);
            if ident != wanted
                && let Some(loc) = loc
            {
                diagnostics.push(
                    Diagnostic::new(
                        Code::NameCollision,
                        loc.clone(),
                        format!("`{name}` would be the Rust type `{wanted}`, which is taken; it is `{ident}`"),
                    )
                    .with_help("two docs names differ only in case or punctuation, or one is a name Rust reserves"),
                );
            }
            let file_stem = stem(&ident, &module, modules, &mut stems);
            plan.items.insert(
                (kind, name.clone()),
                Planned {
                    path: ItemPath { module, ident },
                    file_stem,
                    features: features.of(name),
                },
            );
        }
        // Dispatch enums are named once every docs item has its name, so a docs type that
        // happens to be called `anyX` keeps its own.
        for base in schema.derived_types().keys() {
            let Some(item) = plan.items.get(&(ItemKind::Struct, base.clone())).cloned() else {
                continue;
            };
            let taken = idents
                .entry(item.path.module.clone())
                .or_insert_with(reserved_items);
            let ident = naming::unique_camel(&format!("Any{}", item.path.ident), taken);
            let file_stem = stem(&ident, &item.path.module, modules, &mut stems);
            plan.items.insert(
                (ItemKind::Dispatch, base.clone()),
                Planned {
                    path: ItemPath {
                        module: item.path.module,
                        ident,
                    },
                    file_stem,
                    features: item.features,
                },
            );
        }
        // A type's relationships struct is named after the type, once every other item
        // has its name.
        for ty in &schema.structs {
            let has_relationships = schema
                .all_properties(ty)
                .iter()
                .any(|p| p.name != "@odata.type" && schema.is_relationship(ty, p));
            let Some(item) = plan
                .items
                .get(&(ItemKind::Struct, ty.name.clone()))
                .cloned()
            else {
                continue;
            };
            if !has_relationships {
                continue;
            }
            let taken = idents
                .entry(item.path.module.clone())
                .or_insert_with(reserved_items);
            // A keyword's trailing underscore (`Self_`) would sit inside the new name.
            let owner = item.path.ident.trim_end_matches('_');
            let ident = naming::unique_camel(&format!("{owner}Relationships"), taken);
            let file_stem = stem(&ident, &item.path.module, modules, &mut stems);
            plan.items.insert(
                (ItemKind::Relationships, ty.name.clone()),
                Planned {
                    path: ItemPath {
                        module: item.path.module,
                        ident,
                    },
                    file_stem,
                    features: item.features,
                },
            );
        }
        plan
    }

    fn get(&self, kind: ItemKind, name: &QualifiedName) -> Option<&Planned> {
        self.items.get(&(kind, name.clone()))
    }

    fn path(&self, kind: ItemKind, name: &QualifiedName) -> Option<ItemPath> {
        self.get(kind, name).map(|p| p.path.clone())
    }

    fn has_dispatch(&self, name: &QualifiedName) -> bool {
        self.get(ItemKind::Dispatch, name).is_some()
    }
}

fn reserved_items() -> BTreeSet<String> {
    RESERVED_ITEMS.iter().map(|s| s.to_string()).collect()
}

/// The identifier a docs item asks for: its rename, or its PascalCase name.
fn wanted_ident(
    name: &QualifiedName,
    rename: Option<&String>,
    loc: Option<&Loc>,
    diagnostics: &mut Diagnostics,
) -> String {
    let wanted = match rename {
        Some(rename) if naming::is_upper_camel_case(rename) => rename.clone(),
        Some(rename) => {
            let camel = naming::pascal_case(rename);
            if let Some(loc) = loc {
                diagnostics.push(
                    Diagnostic::new(
                        Code::InvalidName,
                        loc.clone(),
                        format!("the rename `{rename}` of `{name}` is not UpperCamelCase; it is `{camel}`"),
                    )
                    .with_help("rustc's `non_camel_case_types` lint would reject it"),
                );
            }
            camel
        }
        None => naming::pascal_case(&name.name),
    };
    let wanted = if wanted.is_empty() {
        "Unnamed".to_string()
    } else {
        wanted
    };
    naming::escape_keyword(wanted).0
}

/// The file stem of an item, unique in its module.
fn stem(
    ident: &str,
    module: &[String],
    modules: &ModulePlan,
    stems: &mut BTreeMap<Vec<String>, BTreeSet<String>>,
) -> String {
    let taken = stems
        .entry(module.to_vec())
        .or_insert_with(|| modules.taken_stems(module));
    let (wanted, _) = naming::escape_keyword(naming::snake_case(ident));
    naming::unique_snake(&wanted, taken)
}

/// What building the items found they need.
#[derive(Default)]
struct Needs {
    dependencies: Dependencies,
    support: SupportNeeds,
}

impl Needs {
    /// Adds what `other` needs. Destructured whole, so a new need cannot be left out.
    fn merge(&mut self, other: Needs) {
        let Needs {
            dependencies:
                Dependencies {
                    chrono,
                    uuid,
                    serde_with,
                },
            support:
                SupportNeeds {
                    structs,
                    enums,
                    dispatch,
                    format_single,
                    format_list,
                    base64,
                    iso_duration,
                },
        } = other;
        let d = &mut self.dependencies;
        d.chrono |= chrono;
        d.uuid |= uuid;
        d.serde_with |= serde_with;
        let s = &mut self.support;
        s.structs |= structs;
        s.enums |= enums;
        s.dispatch |= dispatch;
        s.format_single |= format_single;
        s.format_list |= format_list;
        s.base64 |= base64;
        s.iso_duration |= iso_duration;
    }
}

/// Builds the crate model from the names decided.
pub fn build(
    schema: &Schema,
    root: RootPath,
    modules: &ModulePlan,
    names: &NamePlan,
    features: &FeaturePlan,
    mapping: TypeMapping,
    diagnostics: &mut Diagnostics,
) -> CrateModel {
    let mut needs = Needs::default();
    let mut items = Vec::new();
    // Structs are built on all threads, each with its own needs and diagnostics, merged in
    // order; a struct with relationships is followed by the item holding them.
    let structs: Vec<(Item, Option<Item>, Needs, Diagnostics)> = schema
        .structs
        .par_iter()
        .filter_map(|ty| {
            let planned = names.get(ItemKind::Struct, &ty.name)?;
            let mut own_needs = Needs::default();
            let mut found = Diagnostics::default();
            let mut body = struct_item(schema, ty, names, mapping, &mut own_needs, &mut found);
            let relationships = relationships_item(ty, planned, names, &mut body);
            let built = item(planned, ty.pages.clone(), BUILT_IN, ItemBody::Struct(body));
            Some((built, relationships, own_needs, found))
        })
        .collect();
    for (built, relationships, own_needs, found) in structs {
        items.push(built);
        items.extend(relationships);
        needs.merge(own_needs);
        diagnostics.extend(found);
    }
    for ty in &schema.enums {
        let Some(planned) = names.get(ItemKind::Enum, &ty.name) else {
            continue;
        };
        let body = enum_item(ty, &planned.path, diagnostics);
        items.push(item(planned, ty.pages.clone(), "", ItemBody::Enum(body)));
    }
    // The structs by docs name, indexed once for every dispatch enum.
    let structs: BTreeMap<&QualifiedName, &StructItem> = items
        .iter()
        .filter_map(|item| match &item.body {
            ItemBody::Struct(s) => Some((&s.docs_name, s)),
            _ => None,
        })
        .collect();
    let mut dispatch = Vec::new();
    for (base, derived) in schema.derived_types() {
        let Some(planned) = names.get(ItemKind::Dispatch, &base) else {
            continue;
        };
        let base_fields = shared_fields(&structs, &base, &derived);
        let body = dispatch_item(&base, &derived, &planned.path, names, base_fields);
        let pages = schema
            .find_struct(&base)
            .map(|t| t.pages.clone())
            .unwrap_or_default();
        dispatch.push(item(planned, pages, BUILT_IN, ItemBody::Dispatch(body)));
    }
    items.extend(dispatch);
    needs.support.dispatch = items
        .iter()
        .any(|i| matches!(i.body, ItemBody::Dispatch(_)));
    if needs.support.dispatch {
        for item in &mut items {
            if let ItemBody::Struct(s) = &mut item.body {
                s.dispatch_hook = true;
            }
        }
    }
    needs.support.structs = !schema.structs.is_empty();
    needs.support.enums = !schema.enums.is_empty();
    items.extend(support_items(&items, &needs.support));
    let features = features
        .counts
        .iter()
        .map(|(name, items)| Feature {
            name: name.clone(),
            items: *items,
        })
        .collect();
    let modules = modules
        .modules
        .iter()
        .map(|(path, namespace)| NamespaceModule {
            path: path.clone(),
            namespace: namespace.clone(),
        })
        .collect();
    CrateModel {
        root,
        items,
        modules,
        features,
        default_features: Vec::new(),
        dependencies: needs.dependencies,
        support: needs.support,
        type_count: schema.structs.len(),
        enum_count: schema.enums.len(),
    }
}

/// The item holding a struct's relationships, when it has any; the struct then names it.
fn relationships_item(
    ty: &StructType,
    planned: &Planned,
    names: &NamePlan,
    body: &mut StructItem,
) -> Option<Item> {
    let fields: Vec<Field> = body
        .fields
        .iter()
        .filter(|f| f.relationship)
        .cloned()
        .collect();
    if fields.is_empty() {
        return None;
    }
    let held = names.get(ItemKind::Relationships, &ty.name)?;
    body.relationships = Some(held.path.clone());
    Some(item(
        held,
        ty.pages.clone(),
        BUILT_IN,
        ItemBody::Relationships(RelationshipsItem {
            owner: ty.name.clone(),
            owner_ident: planned.path.ident.clone(),
            fields,
        }),
    ))
}

fn item(planned: &Planned, pages: Vec<String>, provenance: &str, body: ItemBody) -> Item {
    Item {
        path: planned.path.clone(),
        file_stem: planned.file_stem.clone(),
        export: true,
        features: planned.features.clone(),
        pages,
        provenance: provenance.to_string(),
        body,
    }
}

/// The base type's fields that every derived type has alike (same name, type and wire
/// name): those a dispatch enum can read from any variant. A derived type's page may
/// declare an inherited property again with another type; such a field has no accessor.
fn shared_fields(
    structs: &BTreeMap<&QualifiedName, &StructItem>,
    base: &QualifiedName,
    derived: &[QualifiedName],
) -> Vec<Accessor> {
    let Some(base_item) = structs.get(base) else {
        return Vec::new();
    };
    // Read as `value.<field>` from every variant: a field of the struct itself, not of
    // its relationships struct, of the same type and codec.
    let alike = |field: &Field, f: &Field| {
        f.ident == field.ident
            && f.wire == field.wire
            && f.value == field.value
            && f.collection == field.collection
            && f.codec == field.codec
            && !f.relationship
    };
    base_item
        .fields
        .iter()
        // Relationships are read through each variant's `relationships`.
        .filter(|field| !field.relationship)
        .filter(|field| {
            derived.iter().all(|name| {
                structs
                    .get(name)
                    .is_none_or(|s| s.fields.iter().any(|f| alike(field, f)))
            })
        })
        .map(|field| Accessor {
            field: field.clone(),
            reads_deprecated: field.deprecated.is_some()
                || derived.iter().any(|name| {
                    structs.get(name).is_some_and(|s| {
                        s.fields
                            .iter()
                            .any(|f| alike(field, f) && f.deprecated.is_some())
                    })
                }),
        })
        .collect()
}

/// The support modules the items need, at the root.
fn support_items(items: &[Item], support: &SupportNeeds) -> Vec<Item> {
    let support_item = |ident: &str, stem: &str, export, features, body, provenance: &str| Item {
        path: ItemPath {
            module: Vec::new(),
            ident: ident.to_string(),
        },
        file_stem: stem.to_string(),
        export,
        features,
        pages: Vec::new(),
        provenance: provenance.to_string(),
        body: ItemBody::Support(body),
    };
    // In the order of their stems. `Changes`, `Collection` and `Removed` come with any
    // struct and compile whatever the features: their private items serve only their
    // public ones, so nothing in them is ever dead code.
    let mut out = Vec::new();
    if support.structs {
        out.push(support_item(
            "Changes",
            modules::CHANGES_MODULE,
            true,
            Vec::new(),
            SupportModule::Changes,
            "no page: it builds the body of an update from the value read and the value wanted",
        ));
    }
    if support.structs {
        out.push(support_item(
            "Collection",
            modules::COLLECTION_MODULE,
            true,
            Vec::new(),
            SupportModule::Collection,
            "no page: it reads and writes every collection response",
        ));
    }
    if support.iso_duration {
        out.push(support_item(
            "IsoDuration",
            modules::ISO_DURATION_MODULE,
            true,
            Vec::new(),
            SupportModule::IsoDuration,
            "no page: it reads and writes every Edm.Duration",
        ));
    }
    if support.structs {
        out.push(support_item(
            "Removed",
            modules::REMOVED_MODULE,
            true,
            Vec::new(),
            SupportModule::Removed,
            "no page: it reads the `@removed` items of delta responses",
        ));
    }
    if support.serde_support() {
        out.push(support_item(
            "",
            modules::SERDE_SUPPORT_MODULE,
            false,
            Vec::new(),
            SupportModule::SerdeSupport,
            "no page: it reads and writes every generated type",
        ));
    }
    if support.structs {
        out.push(support_item(
            "NullProperties",
            modules::NULL_PROPERTIES_MODULE,
            true,
            Vec::new(),
            SupportModule::NullProperties,
            "no page: it records the explicitly null properties of every generated struct",
        ));
    }
    if support.enums {
        // Compiled with any enum, so that its constructor is never dead code.
        let mut features: Vec<String> = items
            .iter()
            .filter(|i| matches!(i.body, ItemBody::Enum(_)))
            .flat_map(|i| i.features.iter().cloned())
            .collect();
        features.sort();
        features.dedup();
        out.push(support_item(
            "UndocumentedValue",
            modules::UNDOCUMENTED_MODULE,
            true,
            features,
            SupportModule::UndocumentedValue,
            "no page: it supports every generated enum",
        ));
    }
    out
}

fn struct_item(
    schema: &Schema,
    ty: &StructType,
    names: &NamePlan,
    mapping: TypeMapping,
    needs: &mut Needs,
    diagnostics: &mut Diagnostics,
) -> StructItem {
    let mut taken: BTreeSet<String> = FIXED_FIELDS.iter().map(|s| s.to_string()).collect();
    let mut fields = Vec::new();
    for property in schema.all_properties(ty) {
        if property.name == "@odata.type" {
            continue;
        }
        let ident = field_ident(property, &ty.name, &mut taken, diagnostics);
        let Some(value) = value_type(property, names, mapping, needs) else {
            continue;
        };
        let codec = codec(property, mapping, needs);
        fields.push(Field {
            ident,
            wire: property.name.clone(),
            value,
            collection: property.collection,
            codec,
            doc: field_doc(property, names, mapping),
            deprecated: property.deprecated.as_ref().map(|d| d.note.clone()),
            relationship: placement(schema, ty, property, diagnostics),
        });
    }
    StructItem {
        docs_name: ty.name.clone(),
        doc: struct_doc(schema, ty),
        open: ty.open,
        fields,
        relationships: None,
        dispatch_hook: false,
        odata_type: ty
            .base
            .as_ref()
            .filter(|base| **base != QualifiedName::new(GRAPH_NAMESPACE, "entity"))
            .map(|_| format!("#{}", ty.name)),
    }
}

/// Whether a property of `ty` is a relationship ([`Schema::is_relationship`]): the base's
/// accessors (`Any<Base>`) and every derived struct then hold an inherited property alike.
/// A derived page that moves it to the other table is reported where it does so.
fn placement(
    schema: &Schema,
    ty: &StructType,
    property: &Property,
    diagnostics: &mut Diagnostics,
) -> bool {
    let Some((base, declared)) = schema.inherited_declaration(ty, &property.name) else {
        return property.navigation;
    };
    if declared.navigation == property.navigation {
        return property.navigation;
    }
    // Reported once, by the type whose page moved it; its derived types inherit the fix.
    let own = ty.properties.iter().any(|p| std::ptr::eq(p, property));
    if let (true, Some(loc)) = (own, property.loc.clone()) {
        let table = |navigation: bool| {
            if navigation {
                "Relationships"
            } else {
                "Properties"
            }
        };
        let where_base = base.pages.first().map_or_else(
            || "graphdoc's built-in definition".to_string(),
            Clone::clone,
        );
        diagnostics.push(
            Diagnostic::new(
                Code::InheritedPlacement,
                loc,
                format!(
                    "`{}.{}` is listed under {} here, but its base `{}` lists it under {} ({where_base})",
                    ty.name.name,
                    property.name,
                    table(property.navigation),
                    base.name.name,
                    table(declared.navigation),
                ),
            )
            .with_help(format!(
                "it is read and written as the base has it; move the row to the {} table",
                table(declared.navigation)
            )),
        );
    }
    declared.navigation
}

/// A property's field name: snake case, keywords escaped, collisions suffixed.
fn field_ident(
    property: &Property,
    owner: &QualifiedName,
    taken: &mut BTreeSet<String>,
    diagnostics: &mut Diagnostics,
) -> String {
    let snake = naming::snake_case(&property.name);
    let snake = if snake.is_empty() {
        "unnamed".to_string()
    } else {
        snake
    };
    let (escaped, renamed) = naming::escape_keyword(snake.clone());
    if renamed
        && !naming::is_raw_keyword(&snake)
        && let Some(loc) = &property.loc
    {
        diagnostics.push(
            Diagnostic::new(
                Code::KeywordRenamed,
                loc.clone(),
                format!("`{}` would be the field `{snake}`, a keyword Rust cannot escape; it is `{escaped}`", property.name),
            )
            .with_help("the wire name is unchanged; only the Rust field is renamed"),
        );
    }
    let chosen = naming::unique_snake(&escaped, taken);
    if chosen != escaped
        && let Some(loc) = &property.loc
    {
        diagnostics.push(
            Diagnostic::new(
                Code::NameCollision,
                loc.clone(),
                format!(
                    "`{}` would be the field `{escaped}` of `{}`, which is taken; it is `{chosen}`",
                    property.name, owner.name
                ),
            )
            .with_help("two property names differ only in case or punctuation"),
        );
    }
    chosen
}

/// The Rust type of one value of a property, noting the crates it needs.
fn value_type(
    property: &Property,
    names: &NamePlan,
    mapping: TypeMapping,
    needs: &mut Needs,
) -> Option<ValueType> {
    Some(match &property.ty {
        TypeRef::Primitive(p) => {
            let rust = if mapping == TypeMapping::Strings && p.is_string_encoded() {
                RustPrimitive::String
            } else {
                RustPrimitive::of(*p)
            };
            let deps = &mut needs.dependencies;
            match rust {
                RustPrimitive::DateTime
                | RustPrimitive::Date
                | RustPrimitive::Time
                | RustPrimitive::Duration => deps.chrono = true,
                RustPrimitive::Uuid => deps.uuid = true,
                RustPrimitive::Bytes => deps.serde_with = true,
                _ => {}
            }
            ValueType::Primitive(rust)
        }
        // A value of a type with derived types may be any of them: its `Any<Type>` enum
        // reads `@odata.type` and keeps the derived type's properties typed. It boxes
        // its variants, so it needs no box of its own.
        TypeRef::Struct(target) if names.has_dispatch(target) => {
            ValueType::Item(names.path(ItemKind::Dispatch, target)?)
        }
        // A single struct value is boxed: most are absent from most payloads, and inline
        // they would make their owner hundreds of bytes larger to create, move and drop
        // (it also keeps a struct that contains itself finite).
        TypeRef::Struct(target) => {
            let path = names.path(ItemKind::Struct, target)?;
            if property.collection {
                ValueType::Item(path)
            } else {
                ValueType::Boxed(path)
            }
        }
        TypeRef::Enum(target) => ValueType::Item(names.path(ItemKind::Enum, target)?),
    })
}

fn codec(property: &Property, mapping: TypeMapping, needs: &mut Needs) -> Codec {
    if mapping != TypeMapping::Native {
        return Codec::Serde;
    }
    let codec = match property.ty {
        // OData durations count days of 24 hours and reach .NET's TimeSpan.MaxValue;
        // chrono has no ISO 8601 duration reader, so the support type reads them.
        TypeRef::Primitive(Primitive::Duration) => {
            needs.support.iso_duration = true;
            Codec::Duration
        }
        TypeRef::Primitive(Primitive::Binary) => {
            needs.support.base64 = true;
            Codec::Base64
        }
        _ => return Codec::Serde,
    };
    if property.collection {
        needs.support.format_list = true;
    } else {
        needs.support.format_single = true;
    }
    codec
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
    if let Some(key) = schema
        .lineage(ty)
        .into_iter()
        .find_map(|t| t.key.as_deref())
    {
        doc.push_str(&format!(" with key `{key}`"));
    }
    doc.push('.');
    if ty.is_abstract {
        doc.push_str(" Abstract: values are always of a derived type.");
    }
    if !ty.methods.is_empty() {
        doc.push_str("\n\nOperations the docs describe:\n");
        for operation in &ty.methods {
            doc.push_str(&format!("\n- {}", escape_doc(&operation.name)));
            if let Some(returns) = &operation.returns {
                let name = match &returns.ty {
                    Some(TypeRef::Struct(q) | TypeRef::Enum(q))
                        if q.namespace == GRAPH_NAMESPACE =>
                    {
                        q.name.clone()
                    }
                    Some(ty) => ty.schema_name(),
                    None => returns.written.replace('`', ""),
                };
                if returns.collection {
                    doc.push_str(&format!(", returning a collection of `{name}`"));
                } else {
                    doc.push_str(&format!(", returning `{name}`"));
                }
            }
        }
    }
    if ty.pages.is_empty() {
        doc.push_str("\n\nBuilt into graphdoc: no input page defines it.");
    } else {
        doc.push_str(&format!("\n\nDocumented in {}.", quoted_list(&ty.pages)));
    }
    doc
}

fn quoted_list(items: &[String]) -> String {
    items
        .iter()
        .map(|p| format!("`{p}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn field_doc(property: &Property, names: &NamePlan, mapping: TypeMapping) -> String {
    let mut doc = property.description.clone();
    let mut notes = Vec::new();
    if let TypeRef::Struct(target) = &property.ty
        && names.has_dispatch(target)
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

fn enum_item(ty: &EnumType, path: &ItemPath, diagnostics: &mut Diagnostics) -> EnumItem {
    let mut taken: BTreeSet<String> = [CATCH_ALL_VARIANT.to_string()].into_iter().collect();
    let mut variants = Vec::new();
    for member in &ty.members {
        let pascal = naming::pascal_case(&member.name);
        let pascal = if pascal.is_empty() {
            "Value".to_string()
        } else {
            pascal
        };
        let (wanted, renamed) = naming::escape_keyword(pascal.clone());
        if renamed {
            diagnostics.push(
                Diagnostic::new(
                    Code::KeywordRenamed,
                    member.loc.clone(),
                    format!(
                        "member `{}` of `{}` would be the variant `{pascal}`, a keyword Rust cannot escape; it is `{wanted}`",
                        member.name, ty.name.name
                    ),
                )
                .with_help("the wire value is unchanged; only the Rust variant is renamed"),
            );
        }
        let ident = naming::unique_camel(&wanted, &mut taken);
        if ident != wanted {
            diagnostics.push(
                Diagnostic::new(
                    Code::NameCollision,
                    member.loc.clone(),
                    format!(
                        "member `{}` of `{}` would be the variant `{wanted}`, which is taken; it is `{ident}`",
                        member.name, ty.name.name
                    ),
                )
                .with_help("the wire value is unchanged; only the Rust variant is renamed"),
            );
        }
        let mut doc = if member.description.is_empty() {
            String::new()
        } else {
            format!("{}\n\n", member.description)
        };
        doc.push_str(&format!("Wire value `{}`", member.name));
        if let Some(value) = member.value {
            doc.push_str(&format!(", numeric value {value}"));
        }
        doc.push('.');
        variants.push(Variant {
            ident,
            wire: member.name.clone(),
            value: member.value,
            doc,
            deprecated: member.deprecated.as_ref().map(|d| d.note.clone()),
        });
    }
    let doc = format!(
        "Values of `{}`.\n\nDocumented in {}. A value the docs do not list is kept in \
         [`{}::{CATCH_ALL_VARIANT}`], so deserialization never fails on a new value.",
        ty.name,
        quoted_list(&ty.pages),
        path.ident,
    );
    EnumItem {
        docs_name: ty.name.clone(),
        doc,
        has_values: ty.members.iter().any(|m| m.value.is_some()),
        variants_repeat_name: variants.iter().any(|v| repeats_name(&path.ident, &v.ident)),
        variants,
    }
}

/// Whether a variant starts or ends with its enum's name at a word boundary
/// (`Status::StatusActive`, `Status::ActiveStatus`), as clippy's `enum_variant_names`
/// judges it.
fn repeats_name(enum_ident: &str, variant: &str) -> bool {
    let starts = variant
        .strip_prefix(enum_ident)
        .and_then(|rest| rest.chars().next())
        .is_some_and(|c| !c.is_lowercase());
    let ends = variant
        .strip_suffix(enum_ident)
        .is_some_and(|rest| !rest.is_empty());
    starts || ends
}

fn dispatch_item(
    base: &QualifiedName,
    derived: &[QualifiedName],
    path: &ItemPath,
    names: &NamePlan,
    base_fields: Vec<Accessor>,
) -> DispatchItem {
    let mut taken: BTreeSet<String> = [OTHER_VARIANT.to_string()].into_iter().collect();
    let variants = std::iter::once(base)
        .chain(derived)
        .filter_map(|ty| {
            let target = names.get(ItemKind::Struct, ty)?;
            Some(DispatchVariant {
                ident: naming::unique_camel(&target.path.ident, &mut taken),
                wire: ty.to_string(),
                target: target.path.clone(),
                // Each derived type's variant exists when its type does.
                features: if ty == base {
                    Vec::new()
                } else {
                    target.features.clone()
                },
            })
        })
        .collect();
    let which = match derived.len() {
        1 => "the type derived from it".to_string(),
        n => format!("any of the {n} types derived from it"),
    };
    DispatchItem {
        base: base.clone(),
        doc: format!(
            "A `{base}` or {which}, told apart by `@odata.type`.\n\n\
             A value without `@odata.type` is read as the base type itself; a type these docs \
             do not describe is read as the base type too, in [`{ident}::{OTHER_VARIANT}`], \
             its `odata_type` naming it and its `additional_data` keeping the properties only \
             it has, so nothing is lost. The base type's properties can be read from any \
             variant (`{ident}::odata_type()` and one method per property); `From` makes the \
             enum from any of its types, `TryFrom` takes a type back out. A derived value is \
             written with its `@odata.type`.",
            ident = path.ident
        ),
        variants,
        accessors: base_fields,
    }
}
