//! Lowering: from the resolved schema (what the docs say) to the crate model (what Rust
//! gets). Every Rust decision is made here, once, in a fixed order: module, item, field
//! and variant names with their collisions resolved, boxing, codecs, features, the crates
//! and support code the items need. The finished model is then checked against the
//! rules the compiler and its lints apply ([`invariants`]) before anything is printed.

pub mod crate_model;
pub mod crates;
pub mod features;
pub mod invariants;
mod items;
pub(crate) mod modules;
pub mod naming;

use std::collections::BTreeMap;

use crate::config_file::TypeMapping;
use crate::diagnostics::Diagnostics;
use crate::model::{QualifiedName, Schema};
pub use crate_model::*;

/// What lowering needs besides the schema.
#[derive(Debug, Clone, Default)]
pub struct LowerOptions {
    /// The module path the generated items live under: `crate` for a generated crate,
    /// the including module (such as `crate::graph`) for a build script's single file.
    pub root: String,
    /// Rust names chosen by the settings instead of the PascalCase docs name.
    pub renames: BTreeMap<QualifiedName, String>,
    pub mapping: TypeMapping,
    /// A crate gets one cargo feature per area; a build script's file is compiled whole.
    pub features: bool,
    /// What the crate's `default` feature enables.
    pub default_features: crate::config_file::DefaultFeatures,
}

/// Lowering failed: a bug in graphdoc, never in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoweringError {
    /// The root module path is not a path.
    Root(String),
    /// The finished model breaks the rules it must keep.
    Invariants(Vec<String>),
}

impl std::fmt::Display for LoweringError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoweringError::Root(message) => write!(f, "{message}"),
            LoweringError::Invariants(violations) => {
                write!(
                    f,
                    "the crate model breaks {} rule{}: {}",
                    violations.len(),
                    if violations.len() == 1 { "" } else { "s" },
                    violations.join("; ")
                )
            }
        }
    }
}

/// Lowers a schema to the model of its crate, reporting naming decisions the docs
/// caused (collisions, keywords) as diagnostics.
pub fn lower(
    schema: &Schema,
    options: &LowerOptions,
    diagnostics: &mut Diagnostics,
) -> Result<CrateModel, LoweringError> {
    let root = RootPath::parse(&options.root).map_err(|e| {
        LoweringError::Root(format!("`{}` is not a module path: {e}", options.root))
    })?;
    // The features and the modules are planned side by side; the features' diagnostics
    // come first, as when they were planned one after the other.
    let mut found = Diagnostics::default();
    let (features, modules) = rayon::join(
        || {
            if options.features {
                features::FeaturePlan::new(schema, &mut found)
            } else {
                features::FeaturePlan::default()
            }
        },
        || modules::ModulePlan::new(schema),
    );
    diagnostics.extend(found);
    let names = items::NamePlan::new(schema, &modules, &features, &options.renames, diagnostics);
    let mut model = items::build(
        schema,
        root,
        &modules,
        &names,
        &features,
        options.mapping,
        diagnostics,
    );
    model.default_features = features::default_features(&model, options.default_features);
    let violations = invariants::check(&model);
    if violations.is_empty() {
        Ok(model)
    } else {
        Err(LoweringError::Invariants(violations))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Code;
    use crate::model::{Primitive, Property, TypeRef};
    use crate::test_schema::{enumeration, name, property, schema, structure};

    fn prop(n: &str, ty: TypeRef, navigation: bool) -> Property {
        Property {
            navigation,
            ..property(n, ty)
        }
    }

    fn lowered(schema: Schema) -> (CrateModel, Diagnostics) {
        let options = LowerOptions {
            root: "crate".to_string(),
            features: true,
            ..LowerOptions::default()
        };
        let mut diagnostics = Diagnostics::default();
        let model = lower(&schema, &options, &mut diagnostics).expect("lowering succeeds");
        (model, diagnostics)
    }

    fn fields(model: &CrateModel, n: &str) -> Vec<(String, ValueType)> {
        match &model.item_of(ItemKind::Struct, &name(n)).unwrap().body {
            ItemBody::Struct(s) => s
                .fields
                .iter()
                .map(|f| (f.ident.clone(), f.value.clone()))
                .collect(),
            _ => unreachable!(),
        }
    }

    #[test]
    fn an_enum_and_a_type_of_one_name_are_two_items_named_apart() {
        let (model, diagnostics) = lowered(schema(
            vec![structure("status", None, Vec::new())],
            vec![enumeration("status", &["on"])],
        ));
        let s = model.item_of(ItemKind::Struct, &name("status")).unwrap();
        let e = model.item_of(ItemKind::Enum, &name("status")).unwrap();
        assert_eq!(
            (s.path.ident.as_str(), s.file_stem.as_str()),
            ("Status", "status")
        );
        assert_eq!(
            (e.path.ident.as_str(), e.file_stem.as_str()),
            ("Status2", "status2")
        );
        assert_eq!(diagnostics.len(), 1);
    }

    #[test]
    fn a_keyword_types_relationships_struct_has_a_lint_clean_name() {
        // `Self` is the struct `Self_`; its relationships are not `Self_Relationships`.
        let (model, _) = lowered(schema(
            vec![structure(
                "Self",
                None,
                vec![prop("parent", TypeRef::Struct(name("Self")), true)],
            )],
            Vec::new(),
        ));
        let held = model
            .item_of(ItemKind::Relationships, &name("Self"))
            .unwrap();
        assert_eq!(held.path.ident, "SelfRelationships");
    }

    #[test]
    fn keywords_and_collisions_give_lint_clean_names() {
        let string = TypeRef::Primitive(Primitive::String);
        let (model, _) = lowered(schema(
            vec![structure(
                "self",
                None,
                vec![
                    prop("self", string.clone(), false),
                    prop("Self", string.clone(), false),
                    prop("type", string.clone(), false),
                    prop("odataType", string.clone(), false),
                ],
            )],
            vec![enumeration("Self", &["self", "Self", "undocumented"])],
        ));
        let idents: Vec<String> = fields(&model, "self").into_iter().map(|f| f.0).collect();
        assert_eq!(idents, ["self_", "self_2", "type_", "odata_type_2"]);
        // `Self` sorts before `self`, so the enum is named first.
        let item = model.item_of(ItemKind::Struct, &name("self")).unwrap();
        assert_eq!(item.path.ident, "Self2");
        let e = model.item_of(ItemKind::Enum, &name("Self")).unwrap();
        assert_eq!(e.path.ident, "Self_");
        let ItemBody::Enum(body) = &e.body else {
            unreachable!()
        };
        let variants: Vec<&str> = body.variants.iter().map(|v| v.ident.as_str()).collect();
        assert_eq!(variants, ["Self_", "Self2", "Undocumented2"]);
    }

    #[test]
    fn single_struct_values_are_boxed_dispatch_is_not_relationships_apart() {
        let (model, _) = lowered(schema(
            vec![
                structure(
                    "node",
                    None,
                    vec![
                        prop("next", TypeRef::Struct(name("node")), false),
                        prop("owner", TypeRef::Struct(name("leaf")), true),
                        prop("leaf", TypeRef::Struct(name("leaf")), false),
                        prop("shape", TypeRef::Struct(name("shape")), false),
                    ],
                ),
                structure("leaf", None, Vec::new()),
                structure(
                    "shape",
                    None,
                    vec![prop("inner", TypeRef::Struct(name("shape")), false)],
                ),
                structure("circle", Some("shape"), Vec::new()),
            ],
            Vec::new(),
        ));
        let kinds: Vec<String> = fields(&model, "node")
            .into_iter()
            .map(|(ident, value)| match value {
                ValueType::Boxed(p) => format!("{ident}: Box<{}>", p.ident),
                ValueType::Item(p) => format!("{ident}: {}", p.ident),
                ValueType::Primitive(p) => format!("{ident}: {}", p.source()),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "next: Box<Node>",
                "owner: Box<Leaf>",
                "leaf: Box<Leaf>",
                "shape: AnyShape"
            ]
        );
        // The relationship is held by `NodeRelationships`, the properties by `Node`.
        let ItemBody::Struct(node) = &model.item_of(ItemKind::Struct, &name("node")).unwrap().body
        else {
            unreachable!()
        };
        let relationships: Vec<&str> = node
            .fields
            .iter()
            .filter(|f| f.relationship)
            .map(|f| f.ident.as_str())
            .collect();
        assert_eq!(relationships, ["owner"]);
        assert_eq!(
            node.relationships.as_ref().map(|p| p.ident.as_str()),
            Some("NodeRelationships")
        );
        let ItemBody::Relationships(held) = &model
            .item_of(ItemKind::Relationships, &name("node"))
            .unwrap()
            .body
        else {
            unreachable!()
        };
        assert_eq!(held.fields.len(), 1);
        assert!(
            model
                .item_of(ItemKind::Relationships, &name("leaf"))
                .is_none()
        );
        let ItemBody::Dispatch(d) = &model
            .item_of(ItemKind::Dispatch, &name("shape"))
            .unwrap()
            .body
        else {
            unreachable!()
        };
        let variants: Vec<&str> = d.variants.iter().map(|v| v.ident.as_str()).collect();
        assert_eq!(variants, ["Shape", "Circle"]);
        assert!(model.support.dispatch);
    }

    #[test]
    fn features_are_cargo_names_and_support_follows_the_items() {
        let mut odd = structure("odd", None, Vec::new());
        odd.areas = vec![String::new(), "full".to_string()];
        let mut bare = structure("bare", None, Vec::new());
        bare.areas = vec!["$$".to_string()];
        let (model, diagnostics) = lowered(schema(
            vec![odd, bare],
            vec![enumeration("colour", &["red"])],
        ));
        let features: Vec<&str> = model.features.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(features, ["full-area", "graph"]);
        assert_eq!(
            diagnostics.len(),
            2,
            "one warning for each area without a name"
        );
        assert!(model.support.enums && model.support.serde_support());
        assert!(!model.support.iso_duration && !model.dependencies.chrono);
    }

    #[test]
    fn full_is_on_by_default_up_to_the_limit() {
        let schema = |n: usize| Schema {
            operations: Vec::new(),
            structs: Vec::new(),
            enums: (0..n)
                .map(|i| enumeration(&format!("e{i}"), &["on"]))
                .collect(),
        };
        let (small, _) = lowered(schema(features::DEFAULT_FULL_LIMIT));
        assert_eq!(small.default_features, [features::FULL]);
        let (large, _) = lowered(schema(features::DEFAULT_FULL_LIMIT + 1));
        assert!(large.default_features.is_empty());
        // A build script's file has no features, so no default either.
        let options = LowerOptions {
            root: "crate".to_string(),
            ..LowerOptions::default()
        };
        let single = lower(&schema(1), &options, &mut Diagnostics::default()).unwrap();
        assert!(single.default_features.is_empty());
        // The settings can decide instead of the size.
        use crate::config_file::DefaultFeatures;
        let with = |default_features, n| {
            let options = LowerOptions {
                root: "crate".to_string(),
                features: true,
                default_features,
                ..LowerOptions::default()
            };
            lower(&schema(n), &options, &mut Diagnostics::default())
                .unwrap()
                .default_features
        };
        assert_eq!(
            with(DefaultFeatures::Full, features::DEFAULT_FULL_LIMIT + 1),
            [features::FULL]
        );
        assert!(with(DefaultFeatures::None, 1).is_empty());
    }

    /// Each struct's fields as `(ident, relationship)`.
    fn placements(model: &CrateModel, n: &str) -> Vec<(String, bool)> {
        match &model.item_of(ItemKind::Struct, &name(n)).unwrap().body {
            ItemBody::Struct(s) => s
                .fields
                .iter()
                .map(|f| (f.ident.clone(), f.relationship))
                .collect(),
            _ => unreachable!(),
        }
    }

    #[test]
    fn an_inherited_property_stays_where_the_base_has_it_whichever_table_repeats_it() {
        let string = TypeRef::Primitive(Primitive::String);
        let owner = TypeRef::Struct(name("base"));
        let (model, diagnostics) = lowered(schema(
            vec![
                structure(
                    "base",
                    None,
                    vec![
                        prop("id", string.clone(), false),
                        prop("owner", owner.clone(), true),
                    ],
                ),
                // Its page moved both rows to the other table.
                structure(
                    "derived",
                    Some("base"),
                    vec![
                        prop("id", string.clone(), true),
                        prop("owner", owner, false),
                    ],
                ),
                // Inherits the moved rows without repeating them.
                structure("leaf", Some("derived"), Vec::new()),
            ],
            Vec::new(),
        ));
        let expected = [("id".to_string(), false), ("owner".to_string(), true)];
        for n in ["base", "derived", "leaf"] {
            assert_eq!(placements(&model, n), expected, "{n}");
        }
        let ItemBody::Dispatch(any) = &model
            .item_of(ItemKind::Dispatch, &name("base"))
            .unwrap()
            .body
        else {
            unreachable!()
        };
        let accessors: Vec<&str> = any
            .accessors
            .iter()
            .map(|a| a.field.ident.as_str())
            .collect();
        assert_eq!(accessors, ["id"]);
        let moved: Vec<&str> = diagnostics
            .iter()
            .filter(|d| d.code == Code::InheritedPlacement)
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(
            moved,
            [
                "`derived.id` is listed under Relationships here, but its base `base` lists it under Properties (p.md)",
                "`derived.owner` is listed under Properties here, but its base `base` lists it under Relationships (p.md)",
            ]
        );
    }

    #[test]
    fn a_variant_repeating_its_enums_name_is_noted_for_clippy() {
        assert!(items_repeat("Status", "StatusActive"));
        assert!(items_repeat("Status", "ActiveStatus"));
        assert!(!items_repeat("Status", "Statusbar"));
        assert!(!items_repeat("Status", "Status"));
    }

    fn items_repeat(e: &str, v: &str) -> bool {
        let (model, _) = lowered(schema(Vec::new(), vec![enumeration(e, &[v])]));
        let ItemBody::Enum(body) = &model.item_of(ItemKind::Enum, &name(e)).unwrap().body else {
            unreachable!()
        };
        body.variants_repeat_name
    }
}
