//! From schema to Rust source: plans every Rust name, emits one file per type or enum,
//! the crate root and manifest, and formats everything with prettyplease.

mod crate_files;
mod dispatch;
mod enums;
mod features;
pub mod naming;
mod plan;
mod rust_types;
mod structs;
mod support;

use std::collections::BTreeMap;

use std::time::{Duration, Instant};

use proc_macro2::TokenStream;
use quote::quote;
use rayon::prelude::*;

use crate::config_file::TypeMapping;
use crate::diagnostics::Diagnostics;
use crate::model::{EnumType, QualifiedName, Schema, StructType};
use crate::source::SourceMap;
use features::FeaturePlan;
pub use plan::{ItemName, NamePlan, RootPath};

/// What the emitted crate is called, where its root is, and how a reader regenerates it.
#[derive(Debug, Clone)]
pub struct EmitOptions {
    /// The package name in the emitted `Cargo.toml`.
    pub crate_name: String,
    /// The command named in every file header.
    pub regenerate_command: String,
    /// The module path the generated items live under: `crate` for a generated crate,
    /// the including module (such as `crate::graph`) for a build script's single file.
    pub root: String,
    /// Rust names chosen by the config file instead of the PascalCase docs name.
    pub renames: BTreeMap<QualifiedName, String>,
    pub mapping: TypeMapping,
}

/// A complete crate: paths relative to the crate root, mapped to file contents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GeneratedCrate {
    pub files: BTreeMap<String, String>,
}

/// An emitted item failed to parse as Rust: a bug in graphdoc, never in the input.
#[derive(Debug)]
pub struct InternalError(pub String);

/// Crates the emitted code needs beyond serde and serde_json.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Dependencies {
    pub chrono: bool,
    pub jiff: bool,
    pub uuid: bool,
    pub serde_with: bool,
    /// The generated `iso_duration` support module (not a crate).
    pub iso_duration: bool,
    /// Fields read and written with a `serde_support::Format`: single values, collections.
    pub format_single: bool,
    pub format_list: bool,
}

impl Dependencies {
    /// Needs what either needs.
    pub fn merge(&mut self, other: Dependencies) {
        self.chrono |= other.chrono;
        self.jiff |= other.jiff;
        self.uuid |= other.uuid;
        self.serde_with |= other.serde_with;
        self.iso_duration |= other.iso_duration;
        self.format_single |= other.format_single;
        self.format_list |= other.format_list;
    }
}

/// One item to emit: a type, enum or dispatch enum. Its tokens are built
/// on the thread that formats them, because token streams cannot cross threads.
struct Planned<'a> {
    name: ItemName,
    /// Pages that define it, for the file header; empty for built-in items.
    pages: Vec<String>,
    /// What the header says when there are no pages.
    fallback: &'static str,
    source: ItemSource<'a>,
}

enum ItemSource<'a> {
    Struct(&'a StructType),
    Enum(&'a EnumType),
    Dispatch {
        base: QualifiedName,
        derived: Vec<QualifiedName>,
    },
}

/// The tokens of one item, with what building them found and needed.
struct Built {
    tokens: TokenStream,
    dependencies: Dependencies,
    diagnostics: Diagnostics,
}

/// How the emit phase's CPU time splits, summed over threads.
#[derive(Debug, Clone, Copy, Default)]
pub struct EmitStats {
    /// Building token streams.
    pub tokens_cpu: Duration,
    /// Parsing them with syn and printing them with prettyplease.
    pub format_cpu: Duration,
}

const BUILT_IN_ENTITY: &str = "the built-in definition of `microsoft.graph.entity`";

fn name_plan(
    schema: &Schema,
    options: &EmitOptions,
    features: Option<&FeaturePlan>,
    diagnostics: &mut Diagnostics,
) -> Result<NamePlan, InternalError> {
    let root = RootPath::parse(&options.root)
        .map_err(|e| InternalError(format!("`{}` is not a module path: {e}", options.root)))?;
    Ok(NamePlan::new(
        schema,
        root,
        &options.renames,
        options.mapping,
        features,
        diagnostics,
    ))
}

/// The schema's types, enums and dispatch enums, in a fixed order.
fn schema_items<'a>(schema: &'a Schema, plan: &NamePlan) -> Vec<Planned<'a>> {
    let mut items = Vec::new();
    for ty in &schema.structs {
        items.push(Planned {
            name: plan.item(&ty.name).clone(),
            pages: ty.pages.clone(),
            fallback: BUILT_IN_ENTITY,
            source: ItemSource::Struct(ty),
        });
    }
    for ty in &schema.enums {
        items.push(Planned {
            name: plan.item(&ty.name).clone(),
            pages: ty.pages.clone(),
            fallback: "",
            source: ItemSource::Enum(ty),
        });
    }
    for (base, derived) in schema.derived_types() {
        items.push(Planned {
            name: plan
                .dispatch(&base)
                .expect("every base has a dispatch enum")
                .clone(),
            pages: schema
                .find_struct(&base)
                .map(|t| t.pages.clone())
                .unwrap_or_default(),
            fallback: BUILT_IN_ENTITY,
            source: ItemSource::Dispatch { base, derived },
        });
    }
    items
}

/// The support modules the schema's items turned out to need, with their names.
fn support_items(
    schema: &Schema,
    plan: &NamePlan,
    dependencies: Dependencies,
) -> Vec<(ItemName, support::SupportModule)> {
    let needs = support::SupportNeeds {
        structs: !schema.structs.is_empty(),
        enums: !schema.enums.is_empty(),
        dispatch: plan.has_dispatch(),
        format_single: dependencies.format_single,
        format_list: dependencies.format_list,
        base64: dependencies.serde_with,
        iso_duration: dependencies.iso_duration,
    };
    let mut items = Vec::new();
    for module in support::modules(&needs) {
        let mut name = module.item_name();
        if module.stem == support::UNDOCUMENTED_VALUE {
            // Compiled with any enum, so that its constructor is never dead code.
            let mut features: Vec<String> = schema
                .enums
                .iter()
                .flat_map(|e| plan.item(&e.name).features.iter().cloned())
                .collect();
            features.sort();
            features.dedup();
            name.features = features;
        }
        items.push((name, module));
    }
    items
}

fn build(schema: &Schema, plan: &NamePlan, item: &Planned<'_>) -> Built {
    let mut dependencies = Dependencies::default();
    let mut diagnostics = Diagnostics::default();
    let tokens = match &item.source {
        ItemSource::Struct(ty) => {
            structs::emit_struct(schema, ty, plan, &mut dependencies, &mut diagnostics)
        }
        ItemSource::Enum(ty) => enums::emit_enum(ty, plan, &mut diagnostics),
        ItemSource::Dispatch { base, derived } => dispatch::emit_dispatch(base, derived, plan),
    };
    Built {
        tokens,
        dependencies,
        diagnostics,
    }
}

/// One item's file, formatted, with what building it found and needed and what it cost.
struct FormattedItem {
    path: String,
    text: String,
    dependencies: Dependencies,
    diagnostics: Diagnostics,
    stats: EmitStats,
}

fn build_and_format(
    schema: &Schema,
    plan: &NamePlan,
    options: &EmitOptions,
    item: &Planned<'_>,
) -> Result<FormattedItem, InternalError> {
    let start = Instant::now();
    let built = build(schema, plan, item);
    let tokens_cpu = start.elapsed();
    let path = item.name.file_path();
    let text = format_file(
        &path,
        &header(&item.pages, item.fallback, options),
        built.tokens,
    )?;
    Ok(FormattedItem {
        path,
        text,
        dependencies: built.dependencies,
        diagnostics: built.diagnostics,
        stats: EmitStats {
            tokens_cpu,
            format_cpu: start.elapsed() - tokens_cpu,
        },
    })
}

/// Builds and formats items on all threads. Results come back in item order, so files,
/// diagnostics and dependencies are the same whatever the number of threads.
fn emit_files(
    schema: &Schema,
    plan: &NamePlan,
    options: &EmitOptions,
    items: &[Planned<'_>],
    files: &mut BTreeMap<String, String>,
    diagnostics: &mut Diagnostics,
    stats: &mut EmitStats,
) -> Result<Dependencies, InternalError> {
    let formatted: Vec<Result<FormattedItem, InternalError>> = items
        .par_iter()
        .map(|item| build_and_format(schema, plan, options, item))
        .collect();
    let mut dependencies = Dependencies::default();
    for item in formatted {
        let item = item?;
        dependencies.merge(item.dependencies);
        diagnostics.extend(item.diagnostics);
        stats.tokens_cpu += item.stats.tokens_cpu;
        stats.format_cpu += item.stats.format_cpu;
        files.insert(item.path, item.text);
    }
    Ok(dependencies)
}

/// Emits a crate: one file per item, a `lib.rs` and `mod.rs` per namespace, `Cargo.toml`.
pub fn emit(
    schema: &Schema,
    sources: &SourceMap,
    options: &EmitOptions,
    diagnostics: &mut Diagnostics,
) -> Result<(GeneratedCrate, EmitStats), InternalError> {
    // A crate gets a feature per area; a build script's file is always compiled whole.
    let features = FeaturePlan::new(schema);
    let plan = name_plan(schema, options, Some(&features), diagnostics)?;
    let mut files = BTreeMap::new();
    let mut stats = EmitStats::default();
    let items = schema_items(schema, &plan);
    let dependencies = emit_files(
        schema,
        &plan,
        options,
        &items,
        &mut files,
        diagnostics,
        &mut stats,
    )?;
    // Support modules are written as the support crate's files give them.
    let support = support_items(schema, &plan, dependencies);
    for (name, module) in &support {
        let header = header(&[], module.purpose, options);
        files.insert(name.file_path(), format!("{header}\n{}", module.source));
    }
    let names = items
        .iter()
        .map(|i| &i.name)
        .chain(support.iter().map(|(name, _)| name));
    for (path, (header_text, tokens)) in crate_files::modules(schema, names, sources, options) {
        let text = format_file(&path, &header_text, tokens)?;
        files.insert(path, text);
    }
    files.insert(
        "Cargo.toml".to_string(),
        crate_files::manifest(options, dependencies, &features),
    );
    Ok((GeneratedCrate { files }, stats))
}

/// Emits everything as one file of inline modules, for `include!` from a build script's
/// `OUT_DIR`. Returns the text and the crates the code needs.
pub fn emit_single_file(
    schema: &Schema,
    sources: &SourceMap,
    options: &EmitOptions,
    diagnostics: &mut Diagnostics,
) -> Result<(String, Dependencies), InternalError> {
    let plan = name_plan(schema, options, None, diagnostics)?;
    // One file is formatted at once, so its items are built on this thread.
    let mut built = Vec::new();
    let mut dependencies = Dependencies::default();
    for item in schema_items(schema, &plan) {
        let b = build(schema, &plan, &item);
        dependencies.merge(b.dependencies);
        diagnostics.extend(b.diagnostics);
        built.push((item.name, b.tokens));
    }
    for (name, module) in support_items(schema, &plan, dependencies) {
        built.push((name, module.tokens()?));
    }
    let tokens = crate_files::inline_modules(built.iter().map(|(name, tokens)| (name, tokens)));
    let header = format!(
        "// @generated by graphdoc from {} page{} for `{}`. Do not edit: the build script regenerates it.\n",
        sources.page_count(),
        if sources.page_count() == 1 { "" } else { "s" },
        options.root
    );
    let text = format_file("the build script's output", &header, tokens)?;
    Ok((text, dependencies))
}

/// The Rust path, from the generated crate's root, of every struct and enum, and of the
/// `Any<Type>` enum of each type with derived types: what a program that picks a type by
/// its docs name (such as a test harness) needs.
pub fn type_paths(schema: &Schema) -> BTreeMap<QualifiedName, TypePaths> {
    let plan = NamePlan::new(
        schema,
        RootPath::default(),
        &BTreeMap::new(),
        TypeMapping::default(),
        None,
        &mut Diagnostics::default(),
    );
    let path = |item: &ItemName| {
        item.module
            .iter()
            .chain(std::iter::once(&item.ident))
            .map(|s| naming::ident(s).to_string())
            .collect::<Vec<_>>()
            .join("::")
    };
    schema
        .structs
        .iter()
        .map(|t| &t.name)
        .chain(schema.enums.iter().map(|e| &e.name))
        .map(|name| {
            (
                name.clone(),
                TypePaths {
                    own: path(plan.item(name)),
                    dispatch: plan.dispatch(name).map(path),
                },
            )
        })
        .collect()
}

/// Where a type lives in a generated crate, relative to its root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypePaths {
    /// The struct or enum itself, such as `call_records::Session`.
    pub own: String,
    /// Its `Any<Type>` enum, when it has derived types.
    pub dispatch: Option<String>,
}

/// The first line of every generated file.
fn header(pages: &[String], fallback: &str, options: &EmitOptions) -> String {
    let from = if pages.is_empty() {
        fallback.to_string()
    } else {
        pages.join(", ")
    };
    format!(
        "// @generated by graphdoc from {from}. Do not edit: regenerate with `{}`.\n",
        options.regenerate_command
    )
}

/// Parses emitted tokens and prints them with prettyplease under a header.
fn format_file(path: &str, header: &str, tokens: TokenStream) -> Result<String, InternalError> {
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| InternalError(format!("the code emitted for {path} does not parse: {e}")))?;
    Ok(format!("{header}\n{}", prettyplease::unparse(&file)))
}

/// Doc lines are wrapped to this width (prettyplease leaves doc text as it is).
const DOC_WIDTH: usize = 92;

/// The lines of a doc text, wrapped, each starting with a space so prettyplease prints
/// `/// line`.
fn doc_lines(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    for line in text.trim().lines() {
        let wrapped = wrap(line.trim_end(), DOC_WIDTH);
        if wrapped.is_empty() {
            lines.push(String::new());
        }
        lines.extend(wrapped.into_iter().map(|l| format!(" {l}")));
    }
    lines
}

/// Wraps at spaces. A word that markdown would read as a list marker, quote or heading at
/// the start of a line is kept on the line before, so wrapping never changes the rendering.
fn wrap(line: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in line.split(' ').filter(|w| !w.is_empty()) {
        let fits = current.chars().count() + 1 + word.chars().count() <= width;
        if current.is_empty() || fits || starts_block(word) {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        } else {
            lines.push(std::mem::take(&mut current));
            current.push_str(word);
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// Whether a word at the start of a line would begin a markdown block.
fn starts_block(word: &str) -> bool {
    let ordered_marker = word
        .trim_end_matches(['.', ')'])
        .chars()
        .all(|c| c.is_ascii_digit())
        && word.ends_with(['.', ')']);
    matches!(
        word.chars().next(),
        Some('-' | '+' | '*' | '>' | '#' | '=' | '|')
    ) || word.starts_with("```")
        || word.starts_with("~~~")
        || ordered_marker
}

/// One `#[doc]` attribute per line, never one holding a newline, which prettyplease
/// would print as a `/** */` block.
pub(crate) fn doc_attrs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote!(#(#[doc = #lines])*)
}

/// Like [`doc_attrs`], for the inner docs of a module (`//!`).
pub(crate) fn inner_doc_attrs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote!(#(#![doc = #lines])*)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_without_starting_a_list() {
        let lines = wrap("aaaa bbbb - cccc", 9);
        assert_eq!(lines, ["aaaa bbbb -", "cccc"]);
        let lines = wrap("aaaa 12. bbbb", 4);
        assert_eq!(lines, ["aaaa 12.", "bbbb"]);
    }

    #[test]
    fn doc_lines_keep_paragraph_breaks() {
        assert_eq!(doc_lines("a\n\nb"), [" a", "", " b"]);
    }
}
