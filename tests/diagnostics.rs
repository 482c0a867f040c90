//! The bad fixture pages in `tests/fixtures/bad`: one problem per page, plus a few pages
//! of combined hostile input. Generating from a page alone must
//!
//! - report exactly the expected diagnostics, each at the line of the offending text;
//! - never panic;
//! - keep no output when a diagnostic is an error, and keep it when all are warnings;
//! - render every diagnostic rustc-style (`path:line:col: severity[code]: message`, the
//!   source line, a caret under the offending text, and the help when there is one);
//! - emit code that only declares types: hostile text from a page may end up in doc
//!   attributes and string literals, never in code.
//!
//! `tests/golden/bad/<page>.txt` holds each page's rendered diagnostics and the files of its
//! own types. `GRAPHDOC_BLESS=1 cargo test -p graphdoc-tests --test diagnostics` rewrites
//! them after an intended change; review the diff before committing.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use graphdoc::Run;
use graphdoc::diagnostics::{self, Code, Diagnostic, Severity};
use graphdoc::emit::GeneratedCrate;
use graphdoc_tests::{blessing, generate, repo_path};
use syn::buffer::Cursor;
use syn::visit::{self, Visit};

const FIXTURES: &str = "tests/fixtures/bad";
const GOLDENS: &str = "tests/golden/bad";

/// One test per page: its expected `(code, line)` pairs (line 0 for a diagnostic about the
/// whole file) and snippets its generated files must contain.
macro_rules! pages {
    ($(
        $test:ident: $page:literal => [$(($code:literal, $line:literal)),* $(,)?]
            contains [$($snippet:literal),* $(,)?];
    )*) => {
        /// Every page that has a test.
        const PAGES: &[&str] = &[$($page),*];

        $(
            #[test]
            fn $test() {
                check_page($page, &[$(($code, $line)),*], &[$($snippet),*]);
            }
        )*
    };
}

pages! {
    missing_properties_table: "missing-properties-table" => [("GD0201", 23)]
        contains ["pub serial_code: Option<String>", "pub blink_rate: Option<i64>"];
    broken_annotation: "broken-annotation" => [("GD0102", 25)]
        contains [];
    lenient_annotation: "lenient-annotation" => [("GD0101", 26), ("GD0103", 28), ("GD0101", 29)]
        contains ["This is an open type", "with key `id`"];
    // A mirror's copy: `&quot;` for quotes in the annotation, translated headings.
    html_escaped_annotation: "html-escaped-annotation" => [("GD0101", 26)]
        contains ["pub spout_length: Option<f64>", "with key `id`"];
    unquoted_keys_annotation: "unquoted-keys-annotation" => [("GD0101", 25), ("GD0101", 26), ("GD0101", 28)]
        contains ["pub lumps: Option<i32>", "This is an open type", "with key `id`"];
    annotation_without_type: "annotation-without-type" => [("GD0104", 23)]
        contains [];
    unknown_type: "unknown-type" => [("GD0301", 19)]
        contains ["pub cargo: Option<serde_json::Value>"];
    unreadable_type: "unreadable-type" => [("GD0302", 19)]
        contains ["pub calibration: Option<serde_json::Value>"];
    duplicate_property: "duplicate-property" => [("GD0203", 20)]
        contains ["pub pocket_count: Option<i32>"];
    duplicate_member: "duplicate-member" => [("GD0206", 27)]
        contains ["Self::Caution => \"caution\""];
    keyword_names: "keyword-names" => [("GD0401", 19), ("GD0401", 20), ("GD0401", 21)]
        contains [
            "pub type_: Option<String>",
            "pub self_: Option<String>",
            "pub super_: Option<bool>",
            "pub crate_: Option<String>",
            "pub move_: Option<i32>",
            "pub final_: Option<bool>",
            "pub use_: Option<String>",
        ];
    // `self` becomes the variant `Self`, which Rust rejects even as a raw identifier: it is
    // renamed, and reported like a renamed field.
    keyword_member: "keyword-member" => [("GD0401", 25)]
        contains ["\"self\" => Self::"];
    // Keywords take a trailing underscore everywhere, fields and modules alike: the
    // namespace `microsoft.graph.type` becomes the module `type_`.
    keyword_namespace: "keyword-namespace" => []
        contains ["pub struct Spring"];
    snake_collision: "snake-collision" => [("GD0402", 19), ("GD0402", 21)]
        contains [
            "pub display_name_2: Option<String>",
            "crate::serde_support::read(map, &mut self.display_name_2),\n                    \"display_name\",",
            "pub url_2: Option<String>",
            "\"url\" => (crate::serde_support::read(map, &mut self.url_2), \"url\")",
        ];
    hostile_names: "hostile-names" => [("GD0403", 19), ("GD0403", 20), ("GD0205", 28), ("GD0205", 29)]
        contains ["pub owner: Option<String>", "Raised,", "Lowered,"];
    hostile_descriptions: "hostile-descriptions" => []
        contains ["pub struct NoticeBoard", "pub enum NoticeLevel"];
    // An `@odata.type` that is code, not a name; a base type and a key that are code.
    hostile_annotation: "hostile-annotation" => [("GD0403", 25), ("GD0501", 37), ("GD0403", 41)]
        contains ["pub struct Decoy"];
    // Valid prose, but rustc rejects text-direction controls in comments and literals.
    bidi_description: "bidi-description" => []
        contains ["pub struct Mirror"];
    // An enum page with an older list of its members below: one enum with every member,
    // spelled and numbered as the enum page says, and one warning naming each difference.
    // Its resource annotation names the enum and makes no struct.
    enum_lists_differ: "enum-lists-differ" => [("GD0503", 26)]
        contains ["pub enum FerryDeck", "Self::Car => \"car\"", "Self::Foot => \"foot\""];
    json_block_invalid: "json-block-invalid" => [("GD0105", 31)]
        contains ["pub volume_liters: Option<f64>", "pub material: Option<String>"];
    type_mismatch: "type-mismatch" => [("GD0303", 31)]
        contains ["pub copies: Option<i32>"];
    inheritance_cycle: "inheritance-cycle" => [("GD0502", 37)]
        contains [];
    wrapped_description: "wrapped-description" => [("GD0202", 19)]
        contains ["pub caption: Option<String>", "pub artist: Option<String>"];
    // A method page: one readable request line, one with an unclosed brace, one with no
    // method, one with another method; a Response section without a status. Its tables
    // are headers, not properties: no resource-page warnings.
    method_bad_request_lines: "method-bad-request-lines" => [("GD0701", 28), ("GD0701", 29), ("GD0703", 30), ("GD0704", 47)]
        contains [];
    // A method page whose HTTP request section has prose but no request block: no
    // operation, and its Name | Type | Description headers table is no property table.
    method_no_request_line: "method-no-request-line" => [("GD0702", 10)]
        contains [];
    // Lines end with CR LF: lines and columns must still be right.
    crlf_line_endings: "crlf-line-endings" => [("GD0203", 21)]
        contains ["pub tail_length: Option<f64>"];
    // A whole-file diagnostic: it has no line (the bad bytes are on line 18).
    not_utf8: "not-utf8" => [("GD0002", 0)]
        contains [];
}

/// Identifiers that only the hostile text of the pages could bring into the code.
const HOSTILE_IDENTIFIERS: &[&str] = &[
    "panic", "exit", "process", "main", "evil", "script", "alert", "boom",
];

/// Attributes the generated code may carry: documentation, derives, serde, lints, the
/// `cfg(feature = …)` of per-area features, inlining hints of the support code.
const ALLOWED_ATTRIBUTES: &[&str] = &[
    "doc",
    "inline",
    "cfg",
    "derive",
    "serde",
    "serde_as",
    "serde_with::serde_as",
    "deprecated",
    "allow",
    "expect",
    "warn",
    "deny",
    "forbid",
    "non_exhaustive",
    "rustfmt::skip",
];

/// Traits the generated types may derive: the standard ones and serde's.
const ALLOWED_DERIVES: &[&str] = &[
    "Debug",
    "Clone",
    "Copy",
    "PartialEq",
    "Eq",
    "Hash",
    "PartialOrd",
    "Ord",
    "Default",
    "serde::Serialize",
    "serde::Deserialize",
];

/// Generated files that every page yields, whatever types it defines.
const SHARED_FILES: &[&str] = &[
    "Cargo.toml",
    "src/lib.rs",
    "src/changes.rs",
    "src/collection.rs",
    "src/entity.rs",
    "src/removed.rs",
    "src/undocumented_value.rs",
];

/// Text-direction controls: rustc rejects them in comments and literals
/// (`text_direction_codepoint_in_comment` and `_in_literal` are deny by default).
const BIDI_CONTROLS: &[char] = &[
    '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}',
    '\u{2069}',
];

fn page_path(page: &str) -> String {
    format!("{FIXTURES}/{page}.md")
}

/// Generates from one page, turning a panic into a test failure that names the page.
fn run_page(page: &str) -> Run {
    let path = page_path(page);
    match catch_unwind(AssertUnwindSafe(|| generate(&[path.as_str()], "generated"))) {
        Ok(run) => run,
        Err(payload) => {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            panic!("graphdoc panicked on {path}: {message}")
        }
    }
}

fn check_page(page: &str, expected: &[(&str, usize)], snippets: &[&str]) {
    let path = page_path(page);
    let run = run_page(page);
    let rendered = run.rendered_diagnostics();
    let mut problems = Vec::new();

    check_diagnostics(&path, &run, expected, &rendered, &mut problems);
    for (diagnostic, text) in run.diagnostics.iter().zip(&rendered) {
        check_rendering(&path, &run, diagnostic, text, &mut problems);
    }
    if let Some(output) = &run.output {
        check_output(output, &mut problems);
        let own = own_files(output);
        for snippet in snippets {
            if !own.values().any(|text| text.contains(snippet)) {
                problems.push(format!("no generated file contains `{snippet}`"));
            }
        }
    } else if !snippets.is_empty() {
        problems.push(format!(
            "expected generated files containing {snippets:?}, but there is no output"
        ));
    }
    check_golden(page, &golden_text(&run, &rendered), &mut problems);

    assert!(
        problems.is_empty(),
        "{path}:\n- {}\n\nrendered diagnostics:\n{}",
        problems.join("\n- "),
        rendered.join("\n")
    );
}

/// The expected `(code, line)` multiset, severities, and whether output was kept.
fn check_diagnostics(
    path: &str,
    run: &Run,
    expected: &[(&str, usize)],
    rendered: &[String],
    problems: &mut Vec<String>,
) {
    let mut want: Vec<(String, usize)> = expected
        .iter()
        .map(|(code, line)| (code.to_string(), *line))
        .collect();
    let mut got: Vec<(String, usize)> = run
        .diagnostics
        .iter()
        .map(|d| {
            let position = diagnostics::position(d, &run.sources);
            (d.code.as_str().to_string(), position.line)
        })
        .collect();
    want.sort();
    got.sort();
    if want != got {
        problems.push(format!(
            "diagnostics differ: expected (code, line) {want:?}, got {got:?}"
        ));
    }
    assert_eq!(rendered.len(), run.diagnostics.len());

    for d in run.diagnostics.iter() {
        if d.severity != d.code.default_severity() {
            problems.push(format!(
                "{} is reported as {} but its severity is {}",
                d.code,
                d.severity.as_str(),
                d.code.default_severity().as_str()
            ));
        }
        let position = diagnostics::position(d, &run.sources);
        if position.file != path {
            problems.push(format!(
                "{} names `{}`, not the page `{path}`",
                d.code, position.file
            ));
        }
    }

    let expects_error = expected.iter().any(|(code, _)| {
        code.parse::<Code>()
            .expect("expected codes are graphdoc codes")
            .default_severity()
            == Severity::Error
    });
    match (&run.output, run.has_errors()) {
        (Some(_), true) => problems.push("the run has errors but kept its output".into()),
        (None, false) => problems.push("the run has no errors but kept no output".into()),
        _ => {}
    }
    if expects_error && run.output.is_some() {
        problems.push("an error is expected, so there must be no output".into());
    }
    if !expects_error && run.output.is_none() {
        problems.push("only warnings are expected, so there must be output".into());
    }
}

/// One rendered diagnostic: header, gutter, source line, caret, help.
fn check_rendering(path: &str, run: &Run, d: &Diagnostic, text: &str, problems: &mut Vec<String>) {
    let position = diagnostics::position(d, &run.sources);
    let mut complain = |what: String| {
        problems.push(format!("malformed rendering of {}: {what}", d.code));
    };
    let lines: Vec<&str> = text.lines().collect();
    if !text.ends_with('\n') {
        complain("it does not end with a line break".into());
    }
    let severity = d.severity.as_str();
    let code = d.code.as_str();
    let header = match &d.loc {
        Some(_) => format!(
            "{path}:{}:{}: {severity}[{code}]: ",
            position.line, position.column
        ),
        None => format!("{path}: {severity}[{code}]: "),
    };
    let first = lines.first().copied().unwrap_or_default();
    match first.strip_prefix(&header) {
        Some(message) if !message.trim().is_empty() && message == d.message => {}
        _ if d.message.contains('\n') => {
            complain("its message spans several lines, so its header is not one line".into())
        }
        _ => complain(format!("the first line should be `{header}{}`", d.message)),
    }
    if d.loc.is_some() && position.line == 0 {
        complain("a diagnostic with a place has no line".into());
    }

    let mut rest = &lines[1.min(lines.len())..];
    if let Some(loc) = &d.loc {
        let gutter = position.line.to_string().len();
        let pad = " ".repeat(gutter);
        if rest.len() < 3 {
            complain("the source excerpt is missing".into());
            return;
        }
        if rest[0] != format!("{pad} |") {
            complain(format!("the second line should be `{pad} |`"));
        }
        let Some(excerpt) = rest[1].strip_prefix(&format!("{} | ", position.line)) else {
            complain(format!(
                "the third line should start with `{} | `",
                position.line
            ));
            return;
        };
        let Some(carets) = rest[2].strip_prefix(&format!("{pad} | ")) else {
            complain(format!("the caret line should start with `{pad} | `"));
            return;
        };
        let caret_pad = carets.len() - carets.trim_start_matches(' ').len();
        let marks = &carets[caret_pad..];
        if marks.is_empty() || !marks.chars().all(|c| c == '^') {
            complain("the caret line holds something other than spaces and carets".into());
        }
        // The caret must sit under the character the diagnostic points at.
        let source_line: Vec<char> = run
            .sources
            .get(loc.file)
            .line_text(position.line)
            .replace('\t', " ")
            .chars()
            .collect();
        let excerpt: Vec<char> = excerpt.chars().collect();
        let pointed = source_line.get(position.column - 1);
        let under_caret = excerpt.get(caret_pad);
        if pointed.is_some() && pointed != under_caret {
            complain(format!(
                "the caret is under {under_caret:?}, but column {} is {pointed:?}",
                position.column
            ));
        }
        // The renderer marks a cut line with `…` at either end.
        let shown: String = excerpt.iter().collect();
        let shown = shown.strip_prefix('…').unwrap_or(&shown);
        let shown = shown.strip_suffix('…').unwrap_or(shown);
        let whole: String = source_line.iter().collect();
        if !whole.contains(shown) {
            complain("the excerpt is not part of the source line".into());
        }
        rest = &rest[3..];
    }
    match (&d.help, rest) {
        (None, []) => {}
        (Some(help), [line]) if line.trim_start() == format!("= help: {help}") => {}
        (Some(help), _) => complain(format!("expected one last line `= help: {help}`")),
        (None, _) => complain("unexpected lines after the excerpt".into()),
    }
}

/// Every generated Rust file parses and only declares types.
fn check_output(output: &GeneratedCrate, problems: &mut Vec<String>) {
    for (path, text) in &output.files {
        if let Some(c) = text.chars().find(|c| BIDI_CONTROLS.contains(c)) {
            problems.push(format!(
                "{path} holds the text-direction control {c:?}, which rustc rejects"
            ));
        }
        if text.contains('\r') {
            problems.push(format!("{path} holds a carriage return"));
        }
        if !path.ends_with(".rs") {
            let words = text.split(|c: char| !c.is_alphanumeric() && c != '_');
            for word in words.filter(|w| HOSTILE_IDENTIFIERS.contains(w)) {
                problems.push(format!("{path} holds the word `{word}`"));
            }
            continue;
        }
        let file = match syn::parse_file(text) {
            Ok(file) => file,
            Err(error) => {
                problems.push(format!("{path} does not parse: {error}"));
                continue;
            }
        };
        // The serde support module and `changes` are the same text whatever the pages say
        // (only which of serde_support's parts appear depends on them): their helper traits
        // and functions are allowed.
        let support = path == "src/serde_support.rs" || path == "src/changes.rs";
        for item in &file.items {
            if support && matches!(item, syn::Item::Trait(_) | syn::Item::Fn(_)) {
                continue;
            }
            if !matches!(
                item,
                syn::Item::Struct(_)
                    | syn::Item::Enum(_)
                    | syn::Item::Impl(_)
                    | syn::Item::Mod(_)
                    | syn::Item::Use(_)
            ) {
                problems.push(format!(
                    "{path} has a top-level item that is not a struct, enum, impl, mod or use"
                ));
            }
        }
        let mut inert = Inert {
            support,
            ..Inert::default()
        };
        inert.visit_file(&file);
        problems.extend(inert.problems.into_iter().map(|p| format!("{path}: {p}")));
        match identifiers(text) {
            Ok(idents) => {
                for ident in idents {
                    let bare = ident.trim_start_matches("r#");
                    if HOSTILE_IDENTIFIERS.contains(&bare) {
                        problems.push(format!(
                            "{path} has the identifier `{ident}` outside any literal"
                        ));
                    }
                }
            }
            Err(error) => problems.push(format!("{path} does not tokenize: {error}")),
        }
    }
}

/// Finds anything in a file beyond type declarations and their plain impls.
#[derive(Default)]
struct Inert {
    problems: Vec<String>,
    /// Whether this is the serde support module or `changes`, whose traits and functions
    /// are allowed.
    support: bool,
}

fn path_text(path: &syn::Path) -> String {
    path.segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect::<Vec<_>>()
        .join("::")
}

impl<'ast> Visit<'ast> for Inert {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        // Items nested in modules or function bodies are held to the top-level rule too.
        let support_item = self.support && matches!(item, syn::Item::Trait(_) | syn::Item::Fn(_));
        if !support_item
            && !matches!(
                item,
                syn::Item::Struct(_)
                    | syn::Item::Enum(_)
                    | syn::Item::Impl(_)
                    | syn::Item::Mod(_)
                    | syn::Item::Use(_)
            )
        {
            self.problems
                .push("an item that is not a struct, enum, impl, mod or use".into());
        }
        visit::visit_item(self, item);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.problems
            .push(format!("a macro invocation `{}!`", path_text(&mac.path)));
        visit::visit_macro(self, mac);
    }

    fn visit_expr_unsafe(&mut self, expr: &'ast syn::ExprUnsafe) {
        self.problems.push("an unsafe block".into());
        visit::visit_expr_unsafe(self, expr);
    }

    fn visit_signature(&mut self, sig: &'ast syn::Signature) {
        if matches!(sig.safety, syn::Safety::Unsafe(_)) {
            self.problems.push(format!("an unsafe fn `{}`", sig.ident));
        }
        if sig.abi.is_some() {
            self.problems.push(format!("an extern fn `{}`", sig.ident));
        }
        if sig.ident == "main" {
            self.problems.push("a `fn main`".into());
        }
        visit::visit_signature(self, sig);
    }

    fn visit_item_impl(&mut self, item: &'ast syn::ItemImpl) {
        if item.unsafety.is_some() {
            self.problems.push("an unsafe impl".into());
        }
        visit::visit_item_impl(self, item);
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        if item.unsafety.is_some() {
            self.problems
                .push(format!("an unsafe mod `{}`", item.ident));
        }
        visit::visit_item_mod(self, item);
    }

    fn visit_item_foreign_mod(&mut self, item: &'ast syn::ItemForeignMod) {
        self.problems.push("an extern block".into());
        visit::visit_item_foreign_mod(self, item);
    }

    fn visit_item_extern_crate(&mut self, item: &'ast syn::ItemExternCrate) {
        self.problems
            .push(format!("an `extern crate {}`", item.ident));
        visit::visit_item_extern_crate(self, item);
    }

    fn visit_attribute(&mut self, attr: &'ast syn::Attribute) {
        let name = path_text(attr.path());
        if !ALLOWED_ATTRIBUTES.contains(&name.as_str()) {
            self.problems.push(format!("an attribute `#[{name}]`"));
        }
        // Per-area features: `cfg(feature = "…")` or `cfg(any(feature = "…", …))` only.
        if name == "cfg" {
            let text = quote::ToTokens::to_token_stream(&attr.meta).to_string();
            let inner = text
                .trim_start_matches("cfg (")
                .trim_start_matches("any (")
                .trim_end_matches(')')
                .trim_end_matches(')');
            if inner.trim().is_empty()
                || !inner
                    .split(',')
                    .all(|part| part.trim().starts_with("feature ="))
            {
                self.problems
                    .push(format!("a cfg that is not a feature gate: `{text}`"));
            }
        }
        if name == "doc" {
            match &attr.meta {
                syn::Meta::NameValue(syn::MetaNameValue {
                    value:
                        syn::Expr::Lit(syn::ExprLit {
                            lit: syn::Lit::Str(text),
                            ..
                        }),
                    ..
                }) => {
                    if text.value().contains(['\n', '\r']) {
                        self.problems
                            .push("a doc attribute holding a line break".into());
                    }
                }
                _ => self
                    .problems
                    .push("a doc attribute that is not `doc = \"...\"`".into()),
            }
        }
        if name == "derive" {
            let parsed = attr.parse_args_with(
                syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
            );
            match parsed {
                Ok(paths) => {
                    for path in paths {
                        let derived = path_text(&path);
                        if !ALLOWED_DERIVES.contains(&derived.as_str()) {
                            self.problems.push(format!("a derive of `{derived}`"));
                        }
                    }
                }
                Err(error) => self
                    .problems
                    .push(format!("a derive that does not parse: {error}")),
            }
        }
        visit::visit_attribute(self, attr);
    }
}

/// Every identifier token of a source text, attribute arguments included; the text of doc
/// comments and string literals is not tokens, so hostile text there does not count.
fn identifiers(source: &str) -> syn::Result<Vec<String>> {
    fn walk<'a>(mut cursor: Cursor<'a>, out: &mut Vec<String>) -> Cursor<'a> {
        while !cursor.eof() {
            if let Some((ident, next)) = cursor.ident() {
                out.push(ident.to_string());
                cursor = next;
            } else if let Some((inside, _, _, next)) = cursor.any_group() {
                walk(inside, out);
                cursor = next;
            } else if let Some((_, next)) = cursor.token_tree() {
                cursor = next;
            } else {
                break;
            }
        }
        cursor
    }
    let parser = |input: syn::parse::ParseStream<'_>| {
        input.step(|cursor| {
            let mut out = Vec::new();
            let rest = walk(*cursor, &mut out);
            Ok((out, rest))
        })
    };
    syn::parse::Parser::parse_str(parser, source)
}

/// The generated files of the page's own types (and namespace modules), by path.
fn own_files(output: &GeneratedCrate) -> BTreeMap<&str, &str> {
    output
        .files
        .iter()
        .filter(|(path, _)| !SHARED_FILES.contains(&path.as_str()))
        .map(|(path, text)| (path.as_str(), text.as_str()))
        .collect()
}

/// The golden text of a run: its rendered diagnostics, then each of its own files.
fn golden_text(run: &Run, rendered: &[String]) -> String {
    let mut text = rendered.join("\n");
    if let Some(output) = &run.output {
        for (path, file) in own_files(output) {
            if !text.is_empty() && !text.ends_with("\n\n") {
                text.push('\n');
            }
            text.push_str(&format!("=== {path} ===\n{file}"));
        }
    }
    if text.is_empty() {
        text.push_str("(no diagnostics, no files)\n");
    }
    text
}

fn check_golden(page: &str, fresh: &str, problems: &mut Vec<String>) {
    let relative = format!("{GOLDENS}/{page}.txt");
    let path = repo_path(&relative);
    if blessing() {
        std::fs::create_dir_all(repo_path(GOLDENS)).expect("the golden directory is writable");
        std::fs::write(&path, fresh).expect("the golden file is writable");
        return;
    }
    let stored = match std::fs::read_to_string(&path) {
        Ok(stored) => stored,
        Err(error) => {
            problems.push(format!(
                "cannot read {relative} ({error}); run `GRAPHDOC_BLESS=1 cargo test -p graphdoc-tests --test diagnostics` to create it"
            ));
            return;
        }
    };
    if stored != fresh {
        problems.push(format!(
            "{relative} is not what {} gives:\n{}\nrun `GRAPHDOC_BLESS=1 cargo test -p graphdoc-tests --test diagnostics` and review the diff",
            page_path(page),
            line_diff(&stored, fresh)
        ));
    }
}

/// The differing lines of two texts, numbered, for a failure message.
fn line_diff(stored: &str, fresh: &str) -> String {
    let old: Vec<&str> = stored.lines().collect();
    let new: Vec<&str> = fresh.lines().collect();
    let mut out = String::new();
    let mut shown = 0;
    for i in 0..old.len().max(new.len()) {
        let (a, b) = (old.get(i), new.get(i));
        if a != b {
            if shown == 20 {
                out.push_str("  ...\n");
                break;
            }
            shown += 1;
            out.push_str(&format!(
                "  line {}:\n    golden: {}\n    now:    {}\n",
                i + 1,
                a.map_or("(none)".to_string(), |l| format!("{l:?}")),
                b.map_or("(none)".to_string(), |l| format!("{l:?}")),
            ));
        }
    }
    if out.is_empty() {
        out.push_str("  (the texts differ only in line endings or a final line break)\n");
    }
    out
}

/// Every page in the fixture directory has a test, and every golden file a page.
#[test]
fn every_bad_page_has_a_test_and_a_golden() {
    let names = |dir: &str, extension: &str| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(repo_path(dir))
            .unwrap_or_else(|e| panic!("cannot read {dir}: {e}"))
            .map(|entry| entry.expect("directory entries are readable").path())
            .filter(|p| p.extension().is_some_and(|e| e == extension))
            .map(|p| p.file_stem().unwrap().to_string_lossy().to_string())
            .collect();
        names.sort();
        names
    };
    let mut pages: Vec<String> = PAGES.iter().map(|p| p.to_string()).collect();
    pages.sort();
    assert_eq!(
        names(FIXTURES, "md"),
        pages,
        "each page in {FIXTURES} needs an entry in `pages!` in tests/diagnostics.rs"
    );
    if !blessing() {
        assert_eq!(
            names(GOLDENS, "txt"),
            pages,
            "each golden in {GOLDENS} must belong to a page; bless to create missing ones"
        );
    }
}

/// The text of every doc attribute of a file, each line without its leading space.
fn doc_lines(file: &syn::File) -> Vec<String> {
    #[derive(Default)]
    struct Docs(Vec<String>);
    impl<'ast> Visit<'ast> for Docs {
        fn visit_attribute(&mut self, attr: &'ast syn::Attribute) {
            if let syn::Meta::NameValue(syn::MetaNameValue {
                path,
                value:
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(text),
                        ..
                    }),
                ..
            }) = &attr.meta
                && path.is_ident("doc")
            {
                let line = text.value();
                self.0
                    .push(line.strip_prefix(' ').unwrap_or(&line).to_string());
            }
        }
    }
    let mut docs = Docs::default();
    docs.visit_file(file);
    docs.0
}

/// The hostile prose of `hostile-descriptions.md` reaches the docs, escaped for rustdoc where
/// markdown needs it, and nowhere else.
#[test]
fn hostile_descriptions_survive_in_doc_strings() {
    let run = run_page("hostile-descriptions");
    let output = graphdoc_tests::expect_output(&run);
    let mut docs = Vec::new();
    for (path, text) in own_files(output) {
        let file = syn::parse_file(text)
            .unwrap_or_else(|e| panic!("{path} is not valid Rust: {e}\n{text}"));
        docs.extend(doc_lines(&file));
    }
    // Wrapping breaks lines at single spaces, so joining with a space undoes it.
    let joined = docs.join(" ");

    let survivors: &[&str] = &[
        // The page summary, on the struct.
        r#"A notice board where anyone may pin text: "; panic!() and \*/ fn main() {} /\* and \#\[cfg(any())\] pinned with `backticks`, a \\ backslash, \</script\> and Ünïcödé 日本語 🦀."#,
        // Property descriptions, on the fields.
        r#"Ends a string early: "; panic!("boom"); let \_ = ""#,
        r#"Closes a comment \*/ fn main() {} /\* and opens one /\* that never closes."#,
        // Unescaped stars are emphasis in markdown: the emphasised text is kept.
        r#"Unescaped stars / fn main() {} / read as emphasis by markdown."#,
        r#"As code: `*/ fn main() {} /*` and `"; panic!()`."#,
        r#"An outer attribute \#\[cfg(any())\] and an inner one \#!\[allow(unsafe\_code)\] as plain text, and `#[cfg(any())]` as code."#,
        r#"Backticks: `code`, ``a `nested` span``, and a lone \` tick."#,
        r#"Raw HTML alert(1) and escaped \</script\> text."#,
        r#"A backslash \\ alone, a \\n that is no newline, "\\x41", an escaped pipe | inside and a trailing one \\"#,
        "Ünïcödé — 日本語, a crab 🦀, a zero width space (\u{200b})",
        // `<br>` breaks are separate doc lines.
        r#"First line \*/ second line /\* third line."#,
        // Member descriptions, on the variants.
        r#"Ends here: "); panic!("member"); ("#,
        r#"Closes \*/ pub fn evil() {} /\* a comment."#,
    ];
    let missing: Vec<&&str> = survivors.iter().filter(|s| !joined.contains(**s)).collect();
    assert!(
        missing.is_empty(),
        "these texts of the page are not in the docs:\n{}\n\ndoc lines:\n{}",
        missing
            .iter()
            .map(|s| format!("  {s}"))
            .collect::<Vec<_>>()
            .join("\n"),
        docs.join("\n")
    );
    for line in ["First line", r#"\*/ second line /\*"#, "third line."] {
        assert!(
            docs.iter().any(|d| d == line),
            "`{line}` should be a doc line of its own"
        );
    }
    // Raw HTML is dropped or escaped: rustdoc must never see a script tag.
    for line in &docs {
        for tag in ["<script", "</script"] {
            for (at, _) in line.match_indices(tag) {
                assert!(
                    line[..at].ends_with('\\'),
                    "an unescaped `{tag}` reaches the docs: {line}"
                );
            }
        }
    }
}

/// The output checks are not vacuous: each kind of code they must reject is rejected, and
/// hostile text in doc comments and string literals is accepted.
#[test]
fn the_output_checks_reject_code() {
    let problems = |source: &str| {
        let mut files = BTreeMap::new();
        files.insert("src/x.rs".to_string(), source.to_string());
        let mut problems = Vec::new();
        check_output(&GeneratedCrate { files }, &mut problems);
        problems
    };
    let inert = r#"
        /// "; panic!() */ fn main() {} /* #[cfg(any())] std::process::exit(1)
        #[derive(Debug, Clone, serde::Serialize)]
        #[serde(rename = "\"; panic!(\"x\")")]
        pub struct A {
            #[deprecated(note = "*/ fn main() {} /*")]
            pub r#type: Option<String>,
        }
        impl A {
            pub fn as_str(&self) -> &str { match self { _ => "exit" } }
        }
    "#;
    assert_eq!(problems(inert), Vec::<String>::new());
    for code in [
        "fn main() {}",
        "pub struct A; impl A { fn f() { panic!() } }",
        "pub struct A; impl A { fn f() { x!() } }",
        "pub struct A; impl A { unsafe fn f() {} }",
        "pub struct A; impl A { fn f() { unsafe {} } }",
        "pub struct A; unsafe impl Send for A {}",
        "extern \"C\" { fn f(); }",
        "extern crate core;",
        "static X: u8 = 0;",
        "const X: u8 = 0;",
        "pub trait T {}",
        "mod m { fn f() {} }",
        "#[cfg(any())] pub struct A;",
        "#[path = \"x.rs\"] mod m;",
        "#[derive(Evil)] pub struct A;",
        "#[serde(evil)] pub struct A;",
        "pub struct A; impl A { extern \"C\" fn f() {} }",
        "/// a \u{202E}b\npub struct A;",
        "#[doc = \"a\nb\"] pub struct A;",
        "pub struct A {",
    ] {
        assert!(!problems(code).is_empty(), "not rejected: {code}");
    }
}
