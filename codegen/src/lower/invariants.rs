//! The rules a finished crate model must keep so that the printed crate compiles without
//! a warning: unique names in every namespace Rust has, identifiers rustc's and clippy's
//! default lints accept, features cargo accepts, and references that lead somewhere.
//! Lowering resolves every collision itself, so a violation found here is a bug in
//! graphdoc: the run stops with an internal error and writes nothing.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::crate_model::*;
use super::features::{FULL, is_feature_name};
use super::items::RESERVED_ITEMS;
use super::modules::{RESERVED_ROOT_MODULES, RESERVED_STEMS};
use super::naming;
use crate::model::QualifiedName;

/// Every rule the model breaks, as sentences; empty when it keeps them all.
pub fn check(model: &CrateModel) -> Vec<String> {
    // The three checks read the model only: run side by side, reported in order.
    let run = |check: fn(&CrateModel, &mut Vec<String>)| {
        let mut violations = Vec::new();
        check(model, &mut violations);
        violations
    };
    let (mut violations, (items, features)) = rayon::join(
        || run(check_modules),
        || rayon::join(|| run(check_items), || run(check_features)),
    );
    violations.extend(items);
    violations.extend(features);
    violations
}

fn check_modules(model: &CrateModel, violations: &mut Vec<String>) {
    // Every module, with the names its children take in the type namespace (modules,
    // private item modules) and in the re-exports.
    let mut children: BTreeMap<Vec<String>, BTreeSet<String>> = BTreeMap::new();
    let mut exports: BTreeMap<Vec<String>, BTreeSet<String>> = BTreeMap::new();
    children.entry(Vec::new()).or_default();
    for module in &model.modules {
        let Some((name, parent)) = module.path.split_last() else {
            violations.push(format!(
                "the namespace `{}` has the root's path",
                module.namespace
            ));
            continue;
        };
        check_module_name(name, parent, violations);
        if parent.is_empty() && RESERVED_ROOT_MODULES.contains(&name.as_str()) {
            violations.push(format!(
                "the module `{name}` takes a name the root reserves"
            ));
        }
        if !children
            .entry(parent.to_vec())
            .or_default()
            .insert(name.clone())
        {
            violations.push(format!(
                "the module `{}` is declared twice",
                module.path.join("::")
            ));
        }
        if !parent.is_empty() && !model.modules.iter().any(|m| m.path == parent) {
            violations.push(format!(
                "the module `{}` has no parent module",
                module.path.join("::")
            ));
        }
    }
    let mut files = BTreeSet::new();
    for item in &model.items {
        let module = &item.path.module;
        if !module.is_empty() && !model.modules.iter().any(|m| &m.path == module) {
            violations.push(format!(
                "`{}` is in an undeclared module",
                item.path.relative()
            ));
        }
        check_module_name(&item.file_stem, module, violations);
        let support = matches!(item.body, ItemBody::Support(_));
        if module.is_empty() && !support && RESERVED_ROOT_MODULES.contains(&item.file_stem.as_str())
        {
            violations.push(format!(
                "the file `{}` takes a name the root reserves",
                item.file_path()
            ));
        }
        if !children
            .entry(module.clone())
            .or_default()
            .insert(item.file_stem.clone())
        {
            violations.push(format!(
                "the module `{}` of `{}` is declared twice",
                item.file_stem,
                item.path.relative()
            ));
        }
        if !files.insert(item.file_path()) {
            violations.push(format!("two items are written to `{}`", item.file_path()));
        }
        if item.export {
            check_type_name(&item.path.ident, "item", violations);
            if !support && RESERVED_ITEMS.contains(&item.path.ident.as_str()) {
                violations.push(format!(
                    "the item `{}` takes a name the prelude or support code uses",
                    item.path.ident
                ));
            }
            if !exports
                .entry(module.clone())
                .or_default()
                .insert(item.path.ident.clone())
            {
                violations.push(format!("`{}` is re-exported twice", item.path.relative()));
            }
        }
    }
}

/// A module or file name: snake case, an identifier, not reserved, not its parent's name.
fn check_module_name(name: &str, parent: &[String], violations: &mut Vec<String>) {
    if !naming::is_identifier(name) || !naming::is_snake_case(name) {
        violations.push(format!(
            "the module `{name}` is not a snake_case identifier"
        ));
    }
    if RESERVED_STEMS.contains(&name) {
        violations.push(format!("the module `{name}` takes a reserved file name"));
    }
    if parent.last().is_some_and(|p| p == name) {
        violations.push(format!("the module `{name}` is named like its parent"));
    }
}

fn check_type_name(name: &str, what: &str, violations: &mut Vec<String>) {
    if !naming::is_identifier(name) || !naming::is_upper_camel_case(name) {
        violations.push(format!(
            "the {what} `{name}` is not an UpperCamelCase identifier"
        ));
    }
}

fn check_items(model: &CrateModel, violations: &mut Vec<String>) {
    let paths: BTreeSet<(&Vec<String>, &String)> = model
        .items
        .iter()
        .filter(|i| !matches!(i.body, ItemBody::Support(_)))
        .map(|i| (&i.path.module, &i.path.ident))
        .collect();
    let exists = |path: &ItemPath| paths.contains(&(&path.module, &path.ident));
    // Each struct with relationships, and the item it says holds them.
    let holders: BTreeSet<(&QualifiedName, &ItemPath)> = model
        .items
        .iter()
        .filter_map(|item| match &item.body {
            ItemBody::Struct(s) => Some((&s.docs_name, s.relationships.as_ref()?)),
            _ => None,
        })
        .collect();
    // The structs and relationships structs at each path: the items whose fields other
    // items' code names (dispatch accessors, a struct's reads and writes of its
    // relationships).
    let mut structs: HashMap<&ItemPath, Vec<&StructItem>> = HashMap::new();
    let mut relationships: HashMap<&ItemPath, Vec<&RelationshipsItem>> = HashMap::new();
    // The structs naming each relationships struct as theirs.
    let mut owners: HashMap<&ItemPath, Vec<&StructItem>> = HashMap::new();
    for item in &model.items {
        match &item.body {
            ItemBody::Struct(s) => {
                structs.entry(&item.path).or_default().push(s);
                if let Some(held) = &s.relationships {
                    owners.entry(held).or_default().push(s);
                }
            }
            ItemBody::Relationships(r) => relationships.entry(&item.path).or_default().push(r),
            _ => {}
        }
    }
    // The same field, as code reading it through another item sees it.
    let alike = |f: &Field, wanted: &Field| {
        f.ident == wanted.ident
            && f.value == wanted.value
            && f.collection == wanted.collection
            && f.codec == wanted.codec
    };
    for item in &model.items {
        let owner = item.path.relative();
        match &item.body {
            ItemBody::Struct(s) => {
                let mut taken: BTreeSet<&str> = [ODATA_TYPE_FIELD, ADDITIONAL_DATA_FIELD].into();
                for field in &s.fields {
                    if !naming::is_identifier(&field.ident) || !naming::is_snake_case(&field.ident)
                    {
                        violations.push(format!(
                            "the field `{owner}::{}` is not a snake_case identifier",
                            field.ident
                        ));
                    }
                    if !taken.insert(&field.ident) {
                        violations.push(format!(
                            "the field `{owner}::{}` is declared twice",
                            field.ident
                        ));
                    }
                    if let ValueType::Item(path) | ValueType::Boxed(path) = &field.value
                        && !exists(path)
                    {
                        violations.push(format!(
                            "the field `{owner}::{}` refers to `{}`, which is not generated",
                            field.ident,
                            path.relative()
                        ));
                    }
                    if field.relationship {
                        // Read and written as `relationships.<field>`.
                        let held = s.relationships.as_ref().and_then(|p| relationships.get(p));
                        let holds = held.is_some_and(|found| {
                            found.iter().any(|r| {
                                r.owner == s.docs_name && r.fields.iter().any(|f| alike(f, field))
                            })
                        });
                        if !holds {
                            violations.push(format!(
                                "the relationship `{owner}::{}` is not a field of its relationships struct",
                                field.ident
                            ));
                        }
                    }
                    if field.codec == Codec::Duration && !model.support.iso_duration
                        || field.codec == Codec::Base64 && !model.support.base64
                    {
                        violations.push(format!(
                            "the field `{owner}::{}` needs support code the crate lacks",
                            field.ident
                        ));
                    }
                }
            }
            ItemBody::Enum(e) => {
                let mut taken: BTreeSet<&str> = [CATCH_ALL_VARIANT].into();
                let mut wires = BTreeSet::new();
                for variant in &e.variants {
                    check_type_name(&variant.ident, "variant", violations);
                    if !taken.insert(&variant.ident) {
                        violations.push(format!(
                            "the variant `{owner}::{}` is declared twice",
                            variant.ident
                        ));
                    }
                    if !wires.insert(&variant.wire) {
                        violations
                            .push(format!("two variants of `{owner}` read `{}`", variant.wire));
                    }
                }
            }
            ItemBody::Dispatch(d) => {
                let mut taken: BTreeSet<&str> = [OTHER_VARIANT].into();
                for variant in &d.variants {
                    check_type_name(&variant.ident, "variant", violations);
                    if !taken.insert(&variant.ident) {
                        violations.push(format!(
                            "the variant `{owner}::{}` is declared twice",
                            variant.ident
                        ));
                    }
                    if !exists(&variant.target) {
                        violations.push(format!(
                            "the variant `{owner}::{}` holds `{}`, which is not generated",
                            variant.ident,
                            variant.target.relative()
                        ));
                    }
                }
                if d.variants.is_empty() {
                    violations.push(format!("`{owner}` has no base variant"));
                }
                for accessor in d.accessors.iter().map(|a| &a.field) {
                    // Read as `value.<field>`: a field of the variant's struct itself.
                    let held = |f: &Field| !f.relationship && alike(f, accessor);
                    for variant in &d.variants {
                        let holds = structs
                            .get(&variant.target)
                            .is_some_and(|found| found.iter().any(|s| s.fields.iter().any(held)));
                        if !holds {
                            violations.push(format!(
                                "`{owner}::{}` reads a field `{}` does not have alike",
                                accessor.ident,
                                variant.target.relative()
                            ));
                        }
                    }
                }
            }
            ItemBody::Relationships(r) => {
                if !holders.contains(&(&r.owner, &item.path)) {
                    violations.push(format!("`{owner}` is held by no struct"));
                }
                if r.fields.iter().any(|f| !f.relationship) {
                    violations.push(format!("`{owner}` holds a field that is no relationship"));
                }
                // Each of its fields is read and written by its owner.
                let owned_by = owners.get(&item.path).map_or(&[][..], Vec::as_slice);
                for field in &r.fields {
                    let written = owned_by.iter().any(|s| {
                        s.docs_name == r.owner
                            && s.fields.iter().any(|f| f.relationship && alike(f, field))
                    });
                    if !written {
                        violations.push(format!(
                            "`{owner}::{}` is not a relationship of its owner",
                            field.ident
                        ));
                    }
                }
            }
            ItemBody::Support(_) => {}
        }
    }
}

fn check_features(model: &CrateModel, violations: &mut Vec<String>) {
    let mut names = BTreeSet::new();
    for feature in &model.features {
        if !is_feature_name(&feature.name) || feature.name == "default" || feature.name == FULL {
            violations.push(format!(
                "`{}` is not a feature name graphdoc may declare",
                feature.name
            ));
        }
        if !names.insert(feature.name.as_str()) {
            violations.push(format!("the feature `{}` is declared twice", feature.name));
        }
    }
    let used = model.items.iter().flat_map(|item| {
        let variants: Vec<&String> = match &item.body {
            ItemBody::Dispatch(d) => d.variants.iter().flat_map(|v| &v.features).collect(),
            _ => Vec::new(),
        };
        item.features.iter().chain(variants)
    });
    for feature in used {
        if !names.contains(feature.as_str()) {
            violations.push(format!("the feature `{feature}` is used but not declared"));
        }
    }
    for feature in &model.default_features {
        if feature != FULL && !names.contains(feature.as_str()) {
            violations.push(format!("the default feature `{feature}` is not declared"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::QualifiedName;

    fn item(module: &[&str], ident: &str, stem: &str, body: ItemBody) -> Item {
        Item {
            path: ItemPath {
                module: module.iter().map(|s| s.to_string()).collect(),
                ident: ident.to_string(),
            },
            file_stem: stem.to_string(),
            export: true,
            features: Vec::new(),
            pages: Vec::new(),
            provenance: String::new(),
            body,
        }
    }

    fn enumeration(variants: &[&str]) -> ItemBody {
        ItemBody::Enum(EnumItem {
            docs_name: QualifiedName::new("microsoft.graph", "e"),
            doc: String::new(),
            variants: variants
                .iter()
                .map(|v| Variant {
                    ident: v.to_string(),
                    wire: v.to_string(),
                    value: None,
                    doc: String::new(),
                    deprecated: None,
                })
                .collect(),
            has_values: false,
            variants_repeat_name: false,
        })
    }

    fn model(items: Vec<Item>, modules: Vec<NamespaceModule>) -> CrateModel {
        CrateModel {
            root: RootPath::parse("crate").unwrap(),
            items,
            modules,
            features: Vec::new(),
            default_features: Vec::new(),
            dependencies: Dependencies::default(),
            support: SupportNeeds::default(),
            type_count: 0,
            enum_count: 0,
        }
    }

    #[test]
    fn a_clean_model_keeps_every_rule() {
        let m = model(
            vec![item(&[], "Status", "status", enumeration(&["A", "B"]))],
            Vec::new(),
        );
        assert_eq!(check(&m), Vec::<String>::new());
    }

    #[test]
    fn every_kind_of_clash_is_found() {
        let module = NamespaceModule {
            path: vec!["status".to_string()],
            namespace: "microsoft.graph.status".to_string(),
        };
        let m = model(
            vec![
                item(
                    &[],
                    "Status",
                    "status",
                    enumeration(&["Self__2", "A", "A", "Undocumented"]),
                ),
                item(&[], "Status", "status_2", enumeration(&[])),
                item(&["status"], "From", "status", enumeration(&[])),
                item(&[], "Con", "con", enumeration(&[])),
            ],
            vec![module],
        );
        let violations = check(&m).join("\n");
        for expected in [
            "the module `status` of `Status` is declared twice",
            "`Status` is re-exported twice",
            "the variant `Self__2` is not an UpperCamelCase identifier",
            "the variant `Status::A` is declared twice",
            "the variant `Status::Undocumented` is declared twice",
            "the module `status` is named like its parent",
            "the item `From` takes a name",
            "the module `con` takes a reserved file name",
        ] {
            assert!(
                violations.contains(expected),
                "{expected} in:\n{violations}"
            );
        }
    }

    fn field(ident: &str, relationship: bool) -> Field {
        Field {
            ident: ident.to_string(),
            wire: ident.to_string(),
            value: ValueType::Primitive(RustPrimitive::String),
            collection: false,
            codec: Codec::Serde,
            doc: String::new(),
            deprecated: None,
            relationship,
        }
    }

    fn structure(docs: &str, fields: Vec<Field>, relationships: Option<ItemPath>) -> ItemBody {
        ItemBody::Struct(StructItem {
            docs_name: QualifiedName::new("microsoft.graph", docs),
            doc: String::new(),
            open: false,
            fields,
            relationships,
            dispatch_hook: true,
            odata_type: None,
        })
    }

    fn path(ident: &str) -> ItemPath {
        ItemPath {
            module: Vec::new(),
            ident: ident.to_string(),
        }
    }

    #[test]
    fn every_field_another_item_names_must_be_where_it_is_read() {
        // `AnyBase::id()` reads `value.id`, but `Derived` holds `id` in its relationships
        // struct; `Derived`'s `tag` relationship is not in its relationships struct, which
        // holds a `ghost` its owner never reads or writes.
        let m = model(
            vec![
                item(
                    &[],
                    "Base",
                    "base",
                    structure("base", vec![field("id", false)], None),
                ),
                item(
                    &[],
                    "Derived",
                    "derived",
                    structure(
                        "derived",
                        vec![field("id", true), field("tag", true)],
                        Some(path("DerivedRelationships")),
                    ),
                ),
                item(
                    &[],
                    "DerivedRelationships",
                    "derived_relationships",
                    ItemBody::Relationships(RelationshipsItem {
                        owner: QualifiedName::new("microsoft.graph", "derived"),
                        owner_ident: "Derived".to_string(),
                        fields: vec![field("id", true), field("ghost", true)],
                    }),
                ),
                item(
                    &[],
                    "AnyBase",
                    "any_base",
                    ItemBody::Dispatch(DispatchItem {
                        base: QualifiedName::new("microsoft.graph", "base"),
                        doc: String::new(),
                        variants: ["Base", "Derived"]
                            .iter()
                            .map(|v| DispatchVariant {
                                ident: v.to_string(),
                                wire: v.to_string(),
                                target: path(v),
                                features: Vec::new(),
                            })
                            .collect(),
                        accessors: vec![Accessor {
                            field: field("id", false),
                            reads_deprecated: false,
                        }],
                    }),
                ),
            ],
            Vec::new(),
        );
        assert_eq!(
            check(&m),
            [
                "the relationship `Derived::tag` is not a field of its relationships struct",
                "`DerivedRelationships::ghost` is not a relationship of its owner",
                "`AnyBase::id` reads a field `Derived` does not have alike",
            ]
        );
    }

    #[test]
    fn features_must_be_cargo_names() {
        let mut m = model(Vec::new(), Vec::new());
        m.features = ["", "full", "a b", "ok"]
            .iter()
            .map(|n| Feature {
                name: n.to_string(),
                items: 1,
            })
            .collect();
        let violations = check(&m);
        assert_eq!(violations.len(), 3, "{violations:?}");
    }
}
