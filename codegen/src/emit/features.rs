//! Cargo features of a generated crate: one per product area (a page's `ms.prod`, or its
//! namespace when it has none). A feature compiles its area's types and every type they
//! refer to, at any depth, so any one feature compiles alone and pays only for what it
//! needs. Types, not whole areas, are what a feature pulls in: in the beta docs one
//! `cloud-pc` type refers to an Intune type, and Intune's types to fifteen other areas.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{GRAPH_NAMESPACE, QualifiedName, Schema, TypeRef};

/// The feature that enables every area.
pub const FULL: &str = "full";

#[derive(Debug, Default)]
pub struct FeaturePlan {
    /// The features each struct and enum compiles under (any of them).
    of: BTreeMap<QualifiedName, Vec<String>>,
    /// Every feature, with the number of items it compiles.
    features: BTreeMap<String, usize>,
}

impl FeaturePlan {
    pub fn new(schema: &Schema) -> Self {
        // The types each struct refers to directly.
        let mut refers: BTreeMap<&QualifiedName, Vec<&QualifiedName>> = BTreeMap::new();
        for ty in &schema.structs {
            let targets = refers.entry(&ty.name).or_default();
            for property in schema.all_properties(ty) {
                if let TypeRef::Struct(target) | TypeRef::Enum(target) = &property.ty {
                    targets.push(target);
                }
            }
        }
        let mut own: BTreeMap<String, Vec<&QualifiedName>> = BTreeMap::new();
        for (name, areas) in schema
            .structs
            .iter()
            .map(|t| (&t.name, &t.areas))
            .chain(schema.enums.iter().map(|e| (&e.name, &e.areas)))
        {
            for feature in features(areas, &name.namespace) {
                own.entry(feature).or_default().push(name);
            }
        }
        let mut plan = FeaturePlan::default();
        for (feature, seeds) in own {
            let mut reached: BTreeSet<&QualifiedName> = BTreeSet::new();
            let mut stack = seeds;
            while let Some(name) = stack.pop() {
                if reached.insert(name)
                    && let Some(targets) = refers.get(name)
                {
                    stack.extend(targets.iter().copied());
                }
            }
            plan.features.insert(feature.clone(), reached.len());
            for name in reached {
                plan.of
                    .entry(name.clone())
                    .or_default()
                    .push(feature.clone());
            }
        }
        plan
    }

    /// The features an item of the schema compiles under.
    pub fn of(&self, name: &QualifiedName) -> Vec<String> {
        self.of.get(name).cloned().unwrap_or_default()
    }

    /// The `[features]` table of the manifest.
    pub fn manifest(&self) -> String {
        let all: Vec<String> = self.features.keys().map(|f| format!("\"{f}\"")).collect();
        let mut text = String::from(
            "\n# One feature per product area: it compiles the area's types and every type they\n\
             # refer to. `full` compiles everything.\n\
             [features]\n\
             default = []\n",
        );
        text.push_str(&format!("{FULL} = [{}]\n", all.join(", ")));
        for (feature, items) in &self.features {
            text.push_str(&format!(
                "# {items} type{}\n{feature} = []\n",
                if *items == 1 { "" } else { "s" }
            ));
        }
        text
    }
}

/// `#[cfg(...)]` for an item that compiles under any of `features`; nothing when it
/// always compiles.
pub fn cfg(features: &[String]) -> Option<TokenStream> {
    match features {
        [] => None,
        [one] => Some(quote!(#[cfg(feature = #one)])),
        many => Some(quote!(#[cfg(any(#(feature = #many),*))])),
    }
}

/// The features of an item from its pages' areas, or its namespace.
fn features(areas: &[String], namespace: &str) -> Vec<String> {
    let mut features: Vec<String> = areas
        .iter()
        .map(|area| feature_name(area))
        .filter(|f| !f.is_empty())
        .collect();
    if features.is_empty() {
        let last = if namespace == GRAPH_NAMESPACE {
            "graph"
        } else {
            namespace.rsplit('.').next().unwrap_or(namespace)
        };
        features.push(feature_name(&super::naming::snake_case(last)));
    }
    let mut seen = BTreeSet::new();
    features.retain(|f| seen.insert(f.clone()));
    features
}

/// A cargo feature name: lowercase ASCII letters, digits and dashes.
fn feature_name(text: &str) -> String {
    let mut name = String::new();
    for c in text.trim().chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.is_empty() && !name.ends_with('-') {
            name.push('-');
        }
    }
    let name = name.trim_end_matches('-').to_string();
    match name.as_str() {
        "default" | FULL => format!("{name}-area"),
        _ if name.starts_with(|c: char| c.is_ascii_digit()) => format!("area-{name}"),
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_names_are_cargo_names() {
        assert_eq!(feature_name("cloud-pc"), "cloud-pc");
        assert_eq!(feature_name(" Sharepoint "), "sharepoint");
        assert_eq!(feature_name("identity & access"), "identity-access");
        assert_eq!(feature_name("full"), "full-area");
        assert_eq!(feature_name("365"), "area-365");
        assert_eq!(
            features(&[], "microsoft.graph.callRecords"),
            ["call-records"]
        );
        assert_eq!(features(&[], GRAPH_NAMESPACE), ["graph"]);
    }
}
