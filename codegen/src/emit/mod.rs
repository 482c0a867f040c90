//! From schema to Rust source: plans every Rust name, emits one file per type or enum,
//! the crate root and manifest, and formats everything with prettyplease.

mod crate_files;
mod dispatch;
mod enums;
pub mod naming;
mod plan;
mod rust_types;
mod structs;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use crate::config_file::TypeMapping;
use crate::diagnostics::Diagnostics;
use crate::model::{QualifiedName, Schema};
use crate::source::SourceMap;
pub use plan::{ItemName, NamePlan};

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
    /// The generated `iso_duration` support module (not a crate), with the serde helper
    /// for single durations and the one for collections of them.
    pub iso_duration: bool,
    pub iso_duration_vec: bool,
}

/// One emitted type, enum, dispatch enum or support type, before it is laid out in files.
struct Item {
    name: ItemName,
    /// Pages that define it, for the file header; empty for built-in and support items.
    pages: Vec<String>,
    /// What the header says when there are no pages.
    fallback: &'static str,
    tokens: TokenStream,
}

/// Everything emitted, ready to be laid out.
struct Emitted {
    items: Vec<Item>,
    dependencies: Dependencies,
}

const BUILT_IN_ENTITY: &str = "the built-in definition of `microsoft.graph.entity`";

fn emit_items(
    schema: &Schema,
    options: &EmitOptions,
    diagnostics: &mut Diagnostics,
) -> Result<Emitted, InternalError> {
    let root: TokenStream = syn::parse_str::<syn::Path>(&options.root)
        .map_err(|e| InternalError(format!("`{}` is not a module path: {e}", options.root)))?
        .into_token_stream();
    let plan = NamePlan::new(schema, root, &options.renames, options.mapping, diagnostics);
    let mut dependencies = Dependencies::default();
    let mut items = Vec::new();
    for ty in &schema.structs {
        items.push(Item {
            name: plan.item(&ty.name).clone(),
            pages: ty.pages.clone(),
            fallback: BUILT_IN_ENTITY,
            tokens: structs::emit_struct(schema, ty, &plan, &mut dependencies, diagnostics),
        });
    }
    for ty in &schema.enums {
        items.push(Item {
            name: plan.item(&ty.name).clone(),
            pages: ty.pages.clone(),
            fallback: "",
            tokens: enums::emit_enum(ty, &plan, diagnostics),
        });
    }
    for (base, derived) in schema.derived_types() {
        items.push(Item {
            name: plan
                .dispatch(&base)
                .expect("every base has a dispatch enum")
                .clone(),
            pages: schema
                .find_struct(&base)
                .map(|t| t.pages.clone())
                .unwrap_or_default(),
            fallback: BUILT_IN_ENTITY,
            tokens: dispatch::emit_dispatch(&base, &derived, &plan),
        });
    }
    if dependencies.iso_duration || dependencies.iso_duration_vec {
        items.push(Item {
            name: crate_files::iso_duration_item(),
            pages: Vec::new(),
            fallback: "no page: it reads and writes every Edm.Duration",
            tokens: crate_files::iso_duration(
                dependencies.iso_duration,
                dependencies.iso_duration_vec,
            ),
        });
    }
    if !schema.enums.is_empty() {
        items.push(Item {
            name: crate_files::undocumented_item(),
            pages: Vec::new(),
            fallback: "no page: it supports every generated enum",
            tokens: crate_files::undocumented_value(),
        });
    }
    Ok(Emitted {
        items,
        dependencies,
    })
}

/// Emits a crate: one file per item, a `lib.rs` and `mod.rs` per namespace, `Cargo.toml`.
pub fn emit(
    schema: &Schema,
    sources: &SourceMap,
    options: &EmitOptions,
    diagnostics: &mut Diagnostics,
) -> Result<GeneratedCrate, InternalError> {
    let emitted = emit_items(schema, options, diagnostics)?;
    let mut files = BTreeMap::new();
    for (path, (header_text, tokens)) in crate_files::modules(
        schema,
        emitted.items.iter().map(|i| &i.name),
        sources,
        options,
    ) {
        let text = format_file(&path, &header_text, tokens)?;
        files.insert(path, text);
    }
    for item in emitted.items {
        let path = item.name.file_path();
        let header = header(&item.pages, item.fallback, options);
        let text = format_file(&path, &header, item.tokens)?;
        files.insert(path, text);
    }
    files.insert(
        "Cargo.toml".to_string(),
        crate_files::manifest(options, emitted.dependencies),
    );
    Ok(GeneratedCrate { files })
}

/// Emits everything as one file of inline modules, for `include!` from a build script's
/// `OUT_DIR`. Returns the text and the crates the code needs.
pub fn emit_single_file(
    schema: &Schema,
    sources: &SourceMap,
    options: &EmitOptions,
    diagnostics: &mut Diagnostics,
) -> Result<(String, Dependencies), InternalError> {
    let emitted = emit_items(schema, options, diagnostics)?;
    let tokens = crate_files::inline_modules(emitted.items.iter().map(|i| (&i.name, &i.tokens)));
    let header = format!(
        "// @generated by graphdoc from {} page{} for `{}`. Do not edit: the build script regenerates it.\n",
        sources.page_count(),
        if sources.page_count() == 1 { "" } else { "s" },
        options.root
    );
    let text = format_file("the build script's output", &header, tokens)?;
    Ok((text, emitted.dependencies))
}

/// The Rust path, from the generated crate's root, of every struct and enum, and of the
/// `Any<Type>` enum of each type with derived types: what a program that picks a type by
/// its docs name (such as a test harness) needs.
pub fn type_paths(schema: &Schema) -> BTreeMap<QualifiedName, TypePaths> {
    let plan = NamePlan::new(
        schema,
        TokenStream::new(),
        &BTreeMap::new(),
        TypeMapping::default(),
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
