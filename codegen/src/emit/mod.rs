//! Printing: turns a lowered [`CrateModel`] into Rust source, one file per item plus the
//! crate root, namespace modules and manifest, formatted by prettyplease. Every decision
//! (names, boxing, features, support code) was made by lowering; printers only print.

mod crate_files;
mod dispatch;
mod enums;
mod rust_types;
mod structs;
mod support;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use proc_macro2::TokenStream;
use quote::quote;
use rayon::prelude::*;

use crate::config_file::TypeMapping;
use crate::diagnostics::{Code, Diagnostics};
pub use crate::lower::Dependencies;
use crate::lower::{self, CrateModel, Item, ItemBody, ItemKind, LowerOptions, LoweringError};
use crate::model::{QualifiedName, Schema};
use crate::source::SourceMap;

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
    /// What the crate's `default` feature enables.
    pub default_features: crate::config_file::DefaultFeatures,
}

impl EmitOptions {
    /// The lowering options for a crate (`features`) or a build script's single file.
    pub fn lower_options(&self, features: bool) -> LowerOptions {
        LowerOptions {
            root: self.root.clone(),
            renames: self.renames.clone(),
            mapping: self.mapping,
            features,
            default_features: self.default_features,
        }
    }
}

/// A complete crate: paths relative to the crate root, mapped to file contents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GeneratedCrate {
    pub files: BTreeMap<String, String>,
}

/// A bug in graphdoc, never in the input: lowering broke one of its rules, or printed
/// code does not parse.
#[derive(Debug)]
pub struct InternalError {
    pub code: Code,
    pub message: String,
}

impl From<LoweringError> for InternalError {
    fn from(error: LoweringError) -> Self {
        let code = match error {
            LoweringError::Invariants(_) => Code::LoweringInvariant,
            LoweringError::Root(_) => Code::Internal,
        };
        InternalError {
            code,
            message: error.to_string(),
        }
    }
}

/// How the emit phase's CPU time splits, summed over threads.
#[derive(Debug, Clone, Copy, Default)]
pub struct EmitStats {
    /// Lowering the schema to the crate model.
    pub lower: Duration,
    /// Building token streams.
    pub tokens_cpu: Duration,
    /// Parsing them with syn and printing them with prettyplease.
    pub format_cpu: Duration,
}

/// Lowers the schema and prints the crate: one file per item, a `lib.rs` and `mod.rs`
/// per namespace, `Cargo.toml`.
pub fn emit(
    schema: &Schema,
    sources: &SourceMap,
    options: &EmitOptions,
    diagnostics: &mut Diagnostics,
) -> Result<(GeneratedCrate, EmitStats), InternalError> {
    let start = Instant::now();
    let model = lower::lower(schema, &options.lower_options(true), diagnostics)?;
    let lowered = start.elapsed();
    let (files, mut stats) = print_crate(&model, sources, options)?;
    stats.lower = lowered;
    Ok((files, stats))
}

/// Prints a lowered crate. Items are printed and formatted on all threads; results come
/// back in item order, so the files are the same whatever the number of threads.
pub fn print_crate(
    model: &CrateModel,
    sources: &SourceMap,
    options: &EmitOptions,
) -> Result<(GeneratedCrate, EmitStats), InternalError> {
    print_crate_except(model, sources, options, Reuse::default())
}

/// The files a run need not print because they are current on disk.
#[derive(Debug, Clone, Copy, Default)]
pub struct Reuse<'a> {
    /// By item index.
    pub items: &'a [bool],
    /// `lib.rs` and the namespaces' `mod.rs` files ([`module_files`]).
    pub modules: bool,
}

/// The paths of `lib.rs` and the namespaces' `mod.rs` files of a crate.
pub fn module_files(model: &CrateModel) -> Vec<String> {
    crate_files::module_files(model)
}

/// Prints a lowered crate but for the files `reuse` names; the manifest is always
/// printed.
pub fn print_crate_except(
    model: &CrateModel,
    sources: &SourceMap,
    options: &EmitOptions,
    reuse: Reuse<'_>,
) -> Result<(GeneratedCrate, EmitStats), InternalError> {
    let reuse_items = reuse.items;
    let formatted: Vec<Result<FormattedItem, InternalError>> = model
        .items
        .par_iter()
        .enumerate()
        .filter(|(i, _)| !reuse_items.get(*i).copied().unwrap_or(false))
        .map(|(_, item)| match item.body {
            // Support modules are the support crate's files, written as they are.
            ItemBody::Support(module) => Ok(FormattedItem {
                path: item.file_path(),
                text: format!(
                    "{}\n{}",
                    header(&item.pages, &item.provenance, options),
                    support_file(model, module)?.source
                ),
                tokens_cpu: Duration::ZERO,
                format_cpu: Duration::ZERO,
            }),
            _ => print_and_format(model, options, item),
        })
        .collect();
    let mut files = BTreeMap::new();
    let mut stats = EmitStats::default();
    for item in formatted {
        let item = item?;
        stats.tokens_cpu += item.tokens_cpu;
        stats.format_cpu += item.format_cpu;
        files.insert(item.path, item.text);
    }
    if !reuse.modules {
        for (path, (header_text, tokens)) in crate_files::modules(model, sources, options) {
            let text = format_file(&path, &header_text, tokens)?;
            files.insert(path, text);
        }
    }
    files.insert(
        "Cargo.toml".to_string(),
        crate_files::manifest(options, model),
    );
    Ok((GeneratedCrate { files }, stats))
}

/// One item's file, formatted, with what it cost.
struct FormattedItem {
    path: String,
    text: String,
    tokens_cpu: Duration,
    format_cpu: Duration,
}

fn print_and_format(
    model: &CrateModel,
    options: &EmitOptions,
    item: &Item,
) -> Result<FormattedItem, InternalError> {
    let start = Instant::now();
    let tokens = print_item(model, item)?;
    let tokens_cpu = start.elapsed();
    let path = item.file_path();
    let text = format_file(
        &path,
        &header(&item.pages, &item.provenance, options),
        tokens,
    )?;
    Ok(FormattedItem {
        path,
        text,
        tokens_cpu,
        format_cpu: start.elapsed() - tokens_cpu,
    })
}

/// The tokens of one item's module.
pub(crate) fn print_item(model: &CrateModel, item: &Item) -> Result<TokenStream, InternalError> {
    Ok(match &item.body {
        ItemBody::Struct(s) => structs::print_struct(model, &item.path, s),
        ItemBody::Enum(e) => enums::print_enum(model, &item.path, e),
        ItemBody::Dispatch(d) => dispatch::print_dispatch(model, &item.path, d),
        ItemBody::Relationships(r) => structs::print_relationships(model, &item.path, r),
        ItemBody::Support(module) => support_file(model, *module)?.tokens()?,
    })
}

/// The text of a support module lowering planned.
fn support_file(
    model: &CrateModel,
    module: lower::SupportModule,
) -> Result<support::SupportFile, InternalError> {
    support::file(module, &model.support).ok_or_else(|| InternalError {
        code: Code::LoweringInvariant,
        message: format!(
            "lowering planned the support module {module:?}, which its needs do not use"
        ),
    })
}

/// Lowers the schema and prints everything as one file of inline modules, for
/// `include!` from a build script's `OUT_DIR`. Returns the text and the crates the code
/// needs.
pub fn emit_single_file(
    schema: &Schema,
    sources: &SourceMap,
    options: &EmitOptions,
    diagnostics: &mut Diagnostics,
) -> Result<(String, Dependencies), InternalError> {
    let model = lower::lower(schema, &options.lower_options(false), diagnostics)?;
    let built = model
        .items
        .iter()
        .map(|item| Ok((item, print_item(&model, item)?)))
        .collect::<Result<Vec<(&Item, TokenStream)>, InternalError>>()?;
    let tokens = crate_files::inline_modules(&model, &built);
    let header = format!(
        "// @generated by graphdoc from {} page{} for `{}`. Do not edit: the build script regenerates it.\n",
        sources.page_count(),
        if sources.page_count() == 1 { "" } else { "s" },
        options.root
    );
    let text = format_file("the build script's output", &header, tokens)?;
    Ok((text, model.dependencies))
}

/// The Rust path, from the generated crate's root, of every struct and enum, and of the
/// `Any<Type>` enum of each type with derived types: what a program that picks a type by
/// its docs name (such as a test harness) needs.
pub fn type_paths(schema: &Schema) -> BTreeMap<QualifiedName, TypePaths> {
    let options = LowerOptions {
        root: "crate".to_string(),
        ..LowerOptions::default()
    };
    let Ok(model) = lower::lower(schema, &options, &mut Diagnostics::default()) else {
        return BTreeMap::new();
    };
    let mut paths = BTreeMap::new();
    for (kind, name) in schema
        .structs
        .iter()
        .map(|t| (ItemKind::Struct, &t.name))
        .chain(schema.enums.iter().map(|e| (ItemKind::Enum, &e.name)))
    {
        let Some(own) = model.item_of(kind, name) else {
            continue;
        };
        let dispatch = (kind == ItemKind::Struct)
            .then(|| model.item_of(ItemKind::Dispatch, name))
            .flatten()
            .map(|d| d.path.relative());
        // A struct and an enum of one docs name: the struct is the one a body names.
        paths.entry(name.clone()).or_insert(TypePaths {
            own: own.path.relative(),
            dispatch,
        });
    }
    paths
}

/// Where a type lives in a generated crate, relative to its root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypePaths {
    /// The struct or enum itself, such as `call_records::Session`.
    pub own: String,
    /// Its `Any<Type>` enum, when it has derived types.
    pub dispatch: Option<String>,
}

/// The generated root's path as tokens (`crate`, `crate::graph`).
fn root_tokens(model: &CrateModel) -> TokenStream {
    let segments = model.root.segments.iter().map(|s| lower::naming::ident(s));
    if model.root.leading_colon {
        quote!(#(::#segments)*)
    } else {
        quote!(#(#segments)::*)
    }
}

/// `<root>::a::B` as tokens.
fn path_tokens(model: &CrateModel, path: &lower::ItemPath) -> TokenStream {
    let root = root_tokens(model);
    let segments = path
        .module
        .iter()
        .chain(std::iter::once(&path.ident))
        .map(|s| lower::naming::ident(s));
    quote!(#root #(::#segments)*)
}

/// `#[cfg(...)]` for an item that compiles under any of `features`; nothing when it
/// always compiles.
fn cfg(features: &[String]) -> Option<TokenStream> {
    match features {
        [] => None,
        [one] => Some(quote!(#[cfg(feature = #one)])),
        many => Some(quote!(#[cfg(any(#(feature = #many),*))])),
    }
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
    let file: syn::File = syn::parse2(tokens).map_err(|e| InternalError {
        code: Code::Internal,
        message: format!("the code emitted for {path} does not parse: {e}"),
    })?;
    Ok(format!("{header}\n{}", prettyplease::unparse(&file)))
}

/// Doc lines are wrapped to this width (prettyplease leaves doc text as it is).
const DOC_WIDTH: usize = 92;

/// The lines of a doc text, wrapped, each starting with a space so prettyplease prints
/// `/// line`.
fn doc_lines(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    // What a line that continues the current list item or quote must start with, so
    // that markdown (and clippy's `doc_lazy_continuation`) reads it as part of it.
    let mut continuation: Option<String> = None;
    for line in text.trim().lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            lines.push(String::new());
            continuation = None;
            continue;
        }
        // A markdown table row is one line whatever its length.
        if line.starts_with('|') {
            lines.push(format!(" {line}"));
            continuation = None;
            continue;
        }
        let (first, rest, body) = if let Some(marker) = list_marker(line) {
            let indent = " ".repeat(marker);
            continuation = Some(indent.clone());
            (String::new(), indent, line)
        } else if line.trim_start().starts_with('>') {
            continuation = Some("> ".to_string());
            (String::new(), "> ".to_string(), line)
        } else if let Some(prefix) = &continuation {
            (prefix.clone(), prefix.clone(), line.trim_start())
        } else {
            (String::new(), String::new(), line)
        };
        let width = DOC_WIDTH.saturating_sub(rest.len()).max(20);
        for (i, wrapped) in wrap(body, width).into_iter().enumerate() {
            let prefix = if i == 0 { &first } else { &rest };
            lines.push(format!(" {prefix}{wrapped}"));
        }
    }
    lines
}

/// The width of a list item's marker with its space (`- `, `12. `), with any indent
/// before it, when the line starts a list item.
fn list_marker(line: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    let (marker, rest) = trimmed.split_once(' ')?;
    let bullet = matches!(marker, "-" | "*" | "+");
    let ordered = marker.len() > 1
        && marker.ends_with(['.', ')'])
        && marker[..marker.len() - 1]
            .chars()
            .all(|c| c.is_ascii_digit());
    ((bullet || ordered) && !rest.trim().is_empty()).then_some(indent + marker.len() + 1)
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
        let row = format!("| {} |", "cell ".repeat(30));
        assert_eq!(doc_lines(&row), [format!(" {row}")]);
    }

    #[test]
    fn list_items_and_quotes_keep_their_continuation_lines() {
        assert_eq!(
            doc_lines("- one\ncontinued lazily\n1. first\n2. second"),
            [" - one", "   continued lazily", " 1. first", " 2. second"]
        );
        assert_eq!(
            doc_lines("> quoted\nlazy\n\nafter"),
            [" > quoted", " > lazy", "", " after"]
        );
        let long = format!("- {}", "word ".repeat(30));
        let lines = doc_lines(&long);
        assert!(lines.len() > 1);
        assert!(
            lines[1..].iter().all(|l| l.starts_with("   word")),
            "{lines:?}"
        );
    }
}
