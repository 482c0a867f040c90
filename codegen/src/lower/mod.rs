//! Lowering: from the resolved schema (what the docs say) to the crate model (what Rust
//! gets). Every Rust decision is made here, once, in a fixed order: module, item, field
//! and variant names with their collisions resolved, boxing, codecs, features, the crates
//! and support code the items need. The finished model is then checked against the
//! rules the compiler and its lints apply ([`invariants`]) before anything is printed.

pub mod crate_model;
pub mod features;
pub mod invariants;
mod items;
mod modules;
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
    let features = if options.features {
        features::FeaturePlan::new(schema, diagnostics)
    } else {
        features::FeaturePlan::default()
    };
    let modules = modules::ModulePlan::new(schema);
    let names = items::NamePlan::new(schema, &modules, &features, &options.renames, diagnostics);
    let model = items::build(
        schema,
        root,
        &modules,
        &names,
        &features,
        options.mapping,
        diagnostics,
    );
    let violations = invariants::check(&model);
    if violations.is_empty() {
        Ok(model)
    } else {
        Err(LoweringError::Invariants(violations))
    }
}
