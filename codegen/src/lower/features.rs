//! Cargo features of a generated crate: one per product area (a page's area from its front
//! matter, or its namespace when it has none). A feature compiles its area's types and
//! every type they refer to, at any depth, so any one feature compiles alone and pays only
//! for what it needs. Types, not whole areas, are what a feature pulls in: in the beta
//! docs one `cloud-pc` type refers to an Intune type, and Intune's types to fifteen other
//! areas.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{GRAPH_NAMESPACE, QualifiedName, Schema};
use crate::source::Loc;

/// The feature that enables every area.
pub const FULL: &str = "full";

/// The most types (structs and enums) a crate may have for `full` to be on by default.
/// A plain dependency on a crate this small compiles every model, in a few seconds; a
/// larger crate (a whole Graph version has thousands) enables nothing by default, and its
/// users name the areas they need.
pub const DEFAULT_FULL_LIMIT: usize = 200;

/// Feature names cargo or the manifest give a meaning of their own.
const RESERVED_FEATURES: &[&str] = &["default", FULL];

#[derive(Debug, Default)]
pub struct FeaturePlan {
    /// The features each struct and enum compiles under (any of them).
    of: BTreeMap<QualifiedName, Vec<String>>,
    /// Every feature, with the number of items it compiles.
    pub counts: BTreeMap<String, usize>,
}

impl FeaturePlan {
    pub fn new(schema: &Schema, diagnostics: &mut Diagnostics) -> Self {
        let mut own: BTreeMap<String, Vec<&QualifiedName>> = BTreeMap::new();
        let items = schema
            .structs
            .iter()
            .map(|t| (&t.name, &t.areas, t.loc.as_ref()))
            .chain(
                schema
                    .enums
                    .iter()
                    .map(|e| (&e.name, &e.areas, Some(&e.loc))),
            );
        for (name, areas, loc) in items {
            for feature in features(name, areas, loc, diagnostics) {
                own.entry(feature).or_default().push(name);
            }
        }
        let mut plan = FeaturePlan::default();
        // Each feature's closure on its own thread, merged in feature order.
        let own: Vec<(String, Vec<&QualifiedName>)> = own.into_iter().collect();
        let closures: Vec<_> = own
            .into_par_iter()
            .map(|(feature, seeds)| {
                let reached = schema.referenced_closure(seeds.into_iter().cloned());
                (feature, reached)
            })
            .collect();
        for (feature, reached) in closures {
            plan.counts.insert(feature.clone(), reached.len());
            for name in reached {
                plan.of.entry(name).or_default().push(feature.clone());
            }
        }
        plan
    }

    /// The features an item of the schema compiles under.
    pub fn of(&self, name: &QualifiedName) -> Vec<String> {
        self.of.get(name).cloned().unwrap_or_default()
    }
}

/// What the `default` feature enables: `full` when the crate has features and at most
/// [`DEFAULT_FULL_LIMIT`] types (or the settings say `full`), else nothing.
pub fn default_features(
    model: &super::CrateModel,
    setting: crate::config_file::DefaultFeatures,
) -> Vec<String> {
    use crate::config_file::DefaultFeatures;
    let full = match setting {
        DefaultFeatures::Auto => model_types(model) <= DEFAULT_FULL_LIMIT,
        DefaultFeatures::Full => true,
        DefaultFeatures::None => false,
    };
    if !model.features.is_empty() && full {
        vec![FULL.to_string()]
    } else {
        Vec::new()
    }
}

/// The structs and enums `full` compiles (not dispatch enums or support modules).
pub fn model_types(model: &super::CrateModel) -> usize {
    model.type_count + model.enum_count
}

/// Whether the `default` feature is what the size rule gives (`full` for at most
/// [`DEFAULT_FULL_LIMIT`] types, else nothing), so that the crate can say that is why.
pub fn default_follows_size(model: &super::CrateModel) -> bool {
    let full = model.default_features.iter().any(|f| f == FULL);
    full == (model_types(model) <= DEFAULT_FULL_LIMIT)
}

/// The features of an item from its pages' areas, or its namespace's when no area is a
/// usable name (with a warning for each area that is not).
fn features(
    name: &QualifiedName,
    areas: &[String],
    loc: Option<&Loc>,
    diagnostics: &mut Diagnostics,
) -> Vec<String> {
    let mut features = Vec::new();
    for area in areas {
        match feature_name(area) {
            Some(feature) => features.push(feature),
            None => {
                if let Some(loc) = loc {
                    diagnostics.push(
                        Diagnostic::new(
                            Code::AreaNotFeature,
                            loc.clone(),
                            format!(
                                "the area `{}` of `{name}` has no letter or digit to make a cargo feature of",
                                area.escape_debug()
                            ),
                        )
                        .with_help("the item is in its namespace's feature; give the page an `ms.subservice` such as `cloud-pc`"),
                    );
                }
            }
        }
    }
    if features.is_empty() {
        features.push(namespace_feature(&name.namespace));
    }
    let mut seen = BTreeSet::new();
    features.retain(|f| seen.insert(f.clone()));
    features
}

/// The catch-all feature of a namespace's items that name no area: `graph` for
/// `microsoft.graph`, `call-records` for `microsoft.graph.callRecords`.
fn namespace_feature(namespace: &str) -> String {
    let last = if namespace == GRAPH_NAMESPACE {
        "graph"
    } else {
        namespace.rsplit('.').next().unwrap_or(namespace)
    };
    feature_name(&super::naming::snake_case(last)).unwrap_or_else(|| "graph".to_string())
}

/// A cargo feature name: lowercase ASCII letters, digits and dashes, starting with a
/// letter; `None` when the text has no letter or digit.
pub fn feature_name(text: &str) -> Option<String> {
    let mut name = String::new();
    for c in text.trim().chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.is_empty() && !name.ends_with('-') {
            name.push('-');
        }
    }
    let name = name.trim_end_matches('-').to_string();
    if name.is_empty() {
        None
    } else if RESERVED_FEATURES.contains(&name.as_str()) {
        Some(format!("{name}-area"))
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        Some(format!("area-{name}"))
    } else {
        Some(name)
    }
}

/// Whether cargo accepts a feature name as graphdoc writes it (a bare TOML key).
pub fn is_feature_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.ends_with('-')
        && !name.contains("--")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_names_are_cargo_names() {
        assert_eq!(feature_name("cloud-pc").as_deref(), Some("cloud-pc"));
        assert_eq!(feature_name(" Sharepoint ").as_deref(), Some("sharepoint"));
        assert_eq!(
            feature_name("identity & access").as_deref(),
            Some("identity-access")
        );
        assert_eq!(feature_name("full").as_deref(), Some("full-area"));
        assert_eq!(feature_name("default").as_deref(), Some("default-area"));
        assert_eq!(feature_name("365").as_deref(), Some("area-365"));
        assert_eq!(feature_name(""), None);
        assert_eq!(feature_name("\"\""), None);
        assert_eq!(feature_name("--"), None);
        assert_eq!(
            namespace_feature("microsoft.graph.callRecords"),
            "call-records"
        );
        assert_eq!(namespace_feature(GRAPH_NAMESPACE), "graph");
        assert_eq!(namespace_feature("microsoft.graph.$$"), "graph");
        for text in ["cloud-pc", "a b", "é", "365", "full", "x--y"] {
            if let Some(name) = feature_name(text) {
                assert!(is_feature_name(&name), "{text} -> {name}");
            }
        }
    }

    #[test]
    fn an_area_without_a_name_falls_back_with_a_warning() {
        let name = QualifiedName::new(GRAPH_NAMESPACE, "x");
        let loc = Loc::new(crate::source::FileId(0), 0..1);
        let mut diagnostics = Diagnostics::default();
        let got = features(&name, &["!!".to_string()], Some(&loc), &mut diagnostics);
        assert_eq!(got, ["graph"]);
        assert_eq!(diagnostics.len(), 1);
    }
}
