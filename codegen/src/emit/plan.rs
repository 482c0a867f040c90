//! Rust names for every type and enum, decided once for the whole crate so that files,
//! modules and references agree and collisions are resolved the same way every run.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::naming;
use crate::config_file::TypeMapping;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{GRAPH_NAMESPACE, QualifiedName, Schema};

/// Names that a generated item must not take: they would shadow the prelude or the
/// names the generated code itself relies on.
const RESERVED: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Default",
    "Clone",
    "Debug",
    "PartialEq",
    "Eq",
    "Hash",
    "Serialize",
    "Deserialize",
    "Self",
    "UndocumentedValue",
    "IsoDuration",
];

/// File stems no item may take in any module: `mod` is the module's own file, and the
/// rest are keywords that cannot name a module even as raw identifiers.
fn reserved_stems() -> BTreeSet<String> {
    ["mod", "self", "super", "crate"]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

/// The module path the generated items live under, such as `crate` or `crate::graph`,
/// kept as text so that a plan can be shared by the threads that emit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RootPath {
    leading_colon: bool,
    segments: Vec<String>,
}

impl RootPath {
    /// Reads a module path; only plain segments are allowed.
    pub fn parse(text: &str) -> Result<RootPath, String> {
        let path = syn::parse_str::<syn::Path>(text).map_err(|e| e.to_string())?;
        let mut segments = Vec::new();
        for segment in &path.segments {
            if !segment.arguments.is_none() {
                return Err("a module path has no generic arguments".to_string());
            }
            segments.push(segment.ident.to_string());
        }
        Ok(RootPath {
            leading_colon: path.leading_colon.is_some(),
            segments,
        })
    }

    pub fn tokens(&self) -> TokenStream {
        let segments = self.segments.iter().map(|s| naming::ident(s));
        if self.leading_colon {
            quote!(#(::#segments)*)
        } else {
            quote!(#(#segments)::*)
        }
    }
}

impl std::fmt::Display for RootPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.leading_colon {
            f.write_str("::")?;
        }
        f.write_str(&self.segments.join("::"))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemName {
    /// Module path below the crate root (snake-case segments; empty for `microsoft.graph`).
    pub module: Vec<String>,
    /// The PascalCase type name.
    pub ident: String,
    /// The file name without `.rs`.
    pub file_stem: String,
    /// Whether its namespace module re-exports it (support modules are private).
    pub export: bool,
    /// The cargo features it compiles under (any of them); empty when it always compiles.
    pub features: Vec<String>,
}

impl ItemName {
    pub fn file_path(&self) -> String {
        let mut path = String::from("src/");
        for segment in &self.module {
            path.push_str(segment);
            path.push('/');
        }
        format!("{path}{}.rs", self.file_stem)
    }

    /// `<root>::a::B` as tokens, where root is the module path of the generated code's
    /// root (`crate` for a generated crate).
    pub fn path_tokens(&self, root: &RootPath) -> TokenStream {
        let root = root.tokens();
        let segments = self
            .module
            .iter()
            .chain(std::iter::once(&self.ident))
            .map(|s| naming::ident(s));
        quote!(#root #(::#segments)*)
    }

    pub fn ident_tokens(&self) -> Ident {
        naming::ident(&self.ident)
    }
}

/// The module path of a namespace.
pub fn module_of(namespace: &str) -> Vec<String> {
    let rest = if namespace == GRAPH_NAMESPACE {
        ""
    } else {
        namespace
            .strip_prefix("microsoft.graph.")
            .unwrap_or(namespace)
    };
    rest.split('.')
        .filter(|s| !s.is_empty())
        .map(|s| naming::escape(naming::snake_case(s)).bare().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

#[derive(Debug, Default)]
pub struct NamePlan {
    /// The path of the generated code's root module, such as `crate` or `crate::graph`.
    pub root: RootPath,
    /// How primitives map to Rust types, which every emitter consults with the names.
    pub mapping: TypeMapping,
    items: BTreeMap<QualifiedName, ItemName>,
    /// The `Any<Base>` enum of each type that has derived types.
    dispatch: BTreeMap<QualifiedName, ItemName>,
}

impl NamePlan {
    pub fn new(
        schema: &Schema,
        root: RootPath,
        renames: &BTreeMap<QualifiedName, String>,
        mapping: TypeMapping,
        features: Option<&super::features::FeaturePlan>,
        diagnostics: &mut Diagnostics,
    ) -> Self {
        let mut plan = NamePlan {
            root,
            mapping,
            ..NamePlan::default()
        };
        // Child module names of each module, which file stems must avoid.
        let mut taken_idents: BTreeMap<Vec<String>, BTreeSet<String>> = BTreeMap::new();
        let mut taken_stems: BTreeMap<Vec<String>, BTreeSet<String>> = BTreeMap::new();
        let namespaces: BTreeSet<&str> = schema
            .structs
            .iter()
            .map(|t| t.name.namespace.as_str())
            .chain(schema.enums.iter().map(|e| e.name.namespace.as_str()))
            .collect();
        for namespace in namespaces {
            let module = module_of(namespace);
            for depth in 0..module.len() {
                taken_stems
                    .entry(module[..depth].to_vec())
                    .or_insert_with(reserved_stems)
                    .insert(module[depth].clone());
            }
        }
        taken_stems
            .entry(Vec::new())
            .or_insert_with(reserved_stems)
            .extend([
                "lib".to_string(),
                super::support::UNDOCUMENTED_VALUE.to_string(),
                super::support::ISO_DURATION.to_string(),
                super::support::SERDE_SUPPORT.to_string(),
            ]);

        let mut items: Vec<(&QualifiedName, Option<crate::source::Loc>)> = schema
            .structs
            .iter()
            .map(|t| (&t.name, t.loc.clone()))
            .chain(schema.enums.iter().map(|e| (&e.name, Some(e.loc.clone()))))
            .collect();
        items.sort_by(|a, b| a.0.cmp(b.0));
        for (name, loc) in items {
            let module = module_of(&name.namespace);
            let idents = taken_idents
                .entry(module.clone())
                .or_insert_with(|| RESERVED.iter().map(|s| s.to_string()).collect());
            let wanted = renames
                .get(name)
                .cloned()
                .unwrap_or_else(|| naming::pascal_case(&name.name));
            let wanted = if wanted.is_empty() {
                "Unnamed".to_string()
            } else {
                wanted
            };
            let ident = naming::unique(&wanted, idents);
            if ident != wanted
                && let Some(loc) = loc
            {
                diagnostics.push(
                        Diagnostic::new(
                            Code::NameCollision,
                            loc,
                            format!("`{name}` would be the Rust type `{wanted}`, which is taken; it is `{ident}`"),
                        )
                        .with_help("two docs names differ only in case or punctuation, or one is a name Rust reserves"),
                    );
            }
            let stems = taken_stems
                .entry(module.clone())
                .or_insert_with(reserved_stems);
            let file_stem = naming::unique(&naming::snake_case(&ident), stems);
            plan.items.insert(
                name.clone(),
                ItemName {
                    module,
                    ident,
                    file_stem,
                    export: true,
                    features: features.map(|f| f.of(name)).unwrap_or_default(),
                },
            );
        }
        // Dispatch enums are named after their base once every type has its name, so a
        // docs type that happens to be called `anyX` keeps its own.
        for base in schema.derived_types().keys() {
            let item = plan.items[base].clone();
            let idents = taken_idents
                .get_mut(&item.module)
                .expect("the base's module has names");
            let ident = naming::unique(&format!("Any{}", item.ident), idents);
            let stems = taken_stems
                .get_mut(&item.module)
                .expect("the base's module has stems");
            let file_stem = naming::unique(&naming::snake_case(&ident), stems);
            plan.dispatch.insert(
                base.clone(),
                ItemName {
                    module: item.module,
                    ident,
                    file_stem,
                    export: true,
                    features: item.features,
                },
            );
        }
        plan
    }

    /// The Rust name of a schema item. Every item of the schema has one.
    pub fn item(&self, name: &QualifiedName) -> &ItemName {
        &self.items[name]
    }

    /// The path of a schema item from anywhere in the generated code.
    pub fn path(&self, name: &QualifiedName) -> TokenStream {
        self.item(name).path_tokens(&self.root)
    }

    /// The path of a base type's dispatch enum from anywhere in the generated code.
    pub fn dispatch_path(&self, base: &QualifiedName) -> TokenStream {
        self.dispatch[base].path_tokens(&self.root)
    }

    /// Whether any type has derived types, and so an `Any<Type>` enum.
    pub fn has_dispatch(&self) -> bool {
        !self.dispatch.is_empty()
    }

    /// The dispatch enum of a base type, if it has derived types.
    pub fn dispatch(&self, base: &QualifiedName) -> Option<&ItemName> {
        self.dispatch.get(base)
    }
}
