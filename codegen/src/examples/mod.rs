//! The examples validator: the request and response examples of the method pages
//! (`DIR/api`) checked against the schema the resource pages (`DIR/resources`) define.
//! Each finding is a [`Diagnostic`] in the method page, so the docs can be fixed; the
//! examples that pass are returned for tests that deserialize them into generated types.
//!
//! ```no_run
//! let run = graphdoc::examples::validate_docs(std::path::Path::new("docs/v1.0"));
//! eprintln!("{}", graphdoc::examples::report::summary(&run));
//! for example in &run.passed {
//!     for (type_name, json) in &example.instances {
//!         // deserialize `json` as the generated type of `type_name`
//!     }
//! }
//! ```

pub mod annotation;
pub mod example;
pub mod formats;
pub mod json_spans;
pub use crate::read::message;
pub mod report;
pub mod validate;

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::diagnostics::{self, Code, Diagnostic, Diagnostics, SeverityPolicy};
use crate::inputs;
use crate::model::QualifiedName;
use crate::pipeline;
use crate::settings::Settings;
use crate::source::{FileId, SourceMap, display_path};
use annotation::Item;
use validate::SchemaIndex;

/// What a run counted. `examples` are response examples; `parsed` those whose body is
/// JSON; `typed` those that parse and name a type or enum the resource pages define;
/// `passed` the typed ones without an error.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub pages: usize,
    pub examples: usize,
    pub parsed: usize,
    pub typed: usize,
    pub passed: usize,
}

/// A response example that passed, ready to deserialize.
#[derive(Debug, Clone)]
pub struct PassedExample {
    /// The annotated type (a struct or an enum of the schema).
    pub type_name: QualifiedName,
    /// The body is a collection: `{"value": [...]}` or a bare array.
    pub is_collection: bool,
    /// The whole body as written.
    pub body: String,
    /// Each value of the annotated type in the body (the body itself, or each item of the
    /// collection), with the type it was checked as (a derived type when its
    /// `@odata.type` says so).
    pub instances: Vec<(QualifiedName, String)>,
    /// Where the body is: the page's display path and one-based line.
    pub file: String,
    pub line: usize,
}

/// A typed response example with an error finding.
#[derive(Debug, Clone)]
pub struct FailedExample {
    pub type_name: QualifiedName,
    /// The body is a collection (by its shape).
    pub is_collection: bool,
    /// The body as written; typed examples always parse, so it is always there.
    pub body: Option<String>,
    /// Where the body is: the page's display path and one-based line.
    pub file: String,
    pub line: usize,
    /// Every finding about the example, warnings included.
    pub diagnostics: Vec<Diagnostic>,
}

/// Everything a validation run produced.
#[derive(Debug)]
pub struct ExamplesRun {
    pub counts: Counts,
    /// Findings about the examples, sorted by place; read failures too.
    pub diagnostics: Diagnostics,
    /// The resource and method pages, for rendering the diagnostics.
    pub sources: SourceMap,
    pub passed: Vec<PassedExample>,
    /// Typed response examples that did not pass, in page order.
    pub failed: Vec<FailedExample>,
    pub elapsed_ms: u128,
}

impl ExamplesRun {
    /// Whether some input could not be read (a missing directory, a page that is not UTF-8).
    pub fn read_failed(&self) -> bool {
        self.diagnostics.iter().any(is_read_failure)
    }

    /// The read failures rendered rustc-style: what a run prints even when quiet.
    pub fn rendered_read_failures(&self) -> Vec<String> {
        self.diagnostics
            .iter()
            .filter(|d| is_read_failure(d))
            .map(|d| diagnostics::render(d, &self.sources))
            .collect()
    }

    /// Each diagnostic rendered rustc-style.
    pub fn rendered_diagnostics(&self) -> Vec<String> {
        self.diagnostics
            .iter()
            .map(|d| diagnostics::render(d, &self.sources))
            .collect()
    }
}

fn is_read_failure(d: &Diagnostic) -> bool {
    matches!(d.code, Code::ReadFailed | Code::NotUtf8 | Code::NoPages)
}

/// Validates the examples of a docs version folder holding `resources/` and `api/`.
pub fn validate_docs(dir: &Path) -> ExamplesRun {
    let start = Instant::now();
    let prepared = pipeline::prepare(&[dir.join("resources")], &Settings::new());
    let mut diagnostics = Diagnostics::default();
    // Only the resource pages' read failures: their other findings are `generate`'s.
    for d in prepared.diagnostics.iter().filter(|d| is_read_failure(d)) {
        diagnostics.push(d.clone());
    }
    let mut sources = prepared.sources;
    let method_pages = add_pages(&dir.join("api"), &mut sources, &mut diagnostics);
    let index = SchemaIndex::new(&prepared.schema);
    let mut counts = Counts {
        pages: method_pages.len(),
        ..Counts::default()
    };
    let mut results = Results::default();
    for file in method_pages {
        validate_page(
            file,
            &sources,
            &index,
            &mut counts,
            &mut diagnostics,
            &mut results,
        );
    }
    diagnostics.finish(&SeverityPolicy::default());
    ExamplesRun {
        counts,
        diagnostics,
        sources,
        passed: results.passed,
        failed: results.failed,
        elapsed_ms: start.elapsed().as_millis(),
    }
}

/// The typed examples, sorted by outcome.
#[derive(Default)]
struct Results {
    passed: Vec<PassedExample>,
    failed: Vec<FailedExample>,
}

/// Checks every example of one page, counting responses.
fn validate_page(
    file: FileId,
    sources: &SourceMap,
    index: &SchemaIndex,
    counts: &mut Counts,
    diagnostics: &mut Diagnostics,
    results: &mut Results,
) {
    let page = sources.get(file);
    for item in annotation::read(&page.text) {
        let (annotation, block) = match item {
            Item::Example { annotation, block } => (annotation, block),
            Item::Unreadable(error) => {
                diagnostics.push(
                    Diagnostic::new(
                        Code::ExampleAnnotationInvalid,
                        error.loc(file, 0),
                        format!("the example annotation is not JSON: {}", error.message),
                    )
                    .with_help("write it as { \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.x\" }"),
                );
                continue;
            }
        };
        let outcome = example::check(file, &annotation, block.as_ref(), index);
        if outcome.response {
            counts.examples += 1;
            counts.parsed += usize::from(outcome.parsed);
            counts.typed += usize::from(outcome.typed);
        }
        let errors = outcome.has_errors();
        if let Some(typed) = outcome.example {
            let file = page.display.clone();
            let line = page.line_col(typed.offset).0;
            if errors {
                results.failed.push(FailedExample {
                    type_name: typed.type_name,
                    is_collection: typed.is_collection,
                    body: Some(typed.body),
                    file,
                    line,
                    diagnostics: outcome.diagnostics.clone(),
                });
            } else {
                counts.passed += 1;
                results.passed.push(PassedExample {
                    type_name: typed.type_name,
                    is_collection: typed.is_collection,
                    body: typed.body,
                    instances: typed.instances,
                    file,
                    line,
                });
            }
        }
        for d in outcome.diagnostics {
            diagnostics.push(d);
        }
    }
}

/// Adds the markdown pages under `root` to the source map, in path order.
fn add_pages(root: &Path, sources: &mut SourceMap, diagnostics: &mut Diagnostics) -> Vec<FileId> {
    let shown = || {
        display_path(root, Path::new(""))
            .trim_end_matches('/')
            .to_string()
    };
    let mut found = Vec::new();
    if let Err(error) = collect(root, &mut found) {
        diagnostics.push(Diagnostic::at_path(
            Code::ReadFailed,
            shown(),
            format!("cannot read the method pages: {error}"),
        ));
        return Vec::new();
    }
    if found.is_empty() {
        diagnostics.push(Diagnostic::at_path(
            Code::NoPages,
            shown(),
            "no `.md` pages here",
        ));
    }
    found.sort();
    let mut files = Vec::new();
    for path in found {
        let display = display_path(root, path.strip_prefix(root).unwrap_or(&path));
        files.extend(inputs::add_page(path, display, sources, diagnostics));
    }
    files
}

/// Markdown files under `dir`, recursively.
fn collect(dir: &Path, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, found)?;
        } else if path.extension().is_some_and(|e| e == "md") {
            found.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAMP: &str = "# lamp resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n| Property | Type | Description |\n|:---|:---|:---|\n| id | String | Identifier. |\n| watts | Int32 | Power. |\n\n## JSON representation\n\n<!-- { \"blockType\": \"resource\", \"keyProperty\": \"id\", \"@odata.type\": \"microsoft.graph.lamp\" } -->\n\n```json\n{ \"id\": \"String\", \"watts\": 1024 }\n```\n";

    const METHOD: &str = "# Get lamp\n\n## Example\n\n<!-- { \"blockType\": \"request\", \"name\": \"get_lamp\" } -->\n```http\nGET https://graph.microsoft.com/v1.0/lamps/1\n```\n\n<!-- { \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.lamp\" } -->\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{\"id\": \"1\", \"watts\": 60}\n```\n\n<!-- { \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.lamp\", \"truncated\": true } -->\n```http\nHTTP/1.1 200 OK\n\n{\"watts\": \"sixty\"}\n```\n\n<!-- { \"blockType\": \"response\" } -->\n```http\nHTTP/1.1 204 No Content\n```\n";

    /// A docs folder of the test's own under the system temp directory.
    fn docs(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("graphdoc-examples-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("resources")).unwrap();
        std::fs::create_dir_all(dir.join("api")).unwrap();
        std::fs::write(dir.join("resources/lamp.md"), LAMP).unwrap();
        std::fs::write(dir.join("api/lamp-get.md"), METHOD).unwrap();
        dir
    }

    #[test]
    fn a_docs_folder_is_counted_and_its_findings_placed() {
        let dir = docs("count");
        let run = validate_docs(&dir);
        let counts = run.counts;
        assert_eq!(
            (
                counts.pages,
                counts.examples,
                counts.parsed,
                counts.typed,
                counts.passed
            ),
            (1, 3, 2, 2, 1)
        );
        assert!(!run.read_failed());
        let passed = &run.passed[0];
        assert_eq!(passed.type_name.to_string(), "microsoft.graph.lamp");
        assert!(!passed.is_collection);
        assert_eq!(passed.body, "{\"id\": \"1\", \"watts\": 60}");
        assert_eq!(passed.line, 15);
        assert!(passed.file.ends_with("api/lamp-get.md"));
        assert_eq!(run.failed.len(), 1);
        assert_eq!(run.failed[0].line, 22);
        let rendered = run.rendered_diagnostics().join("");
        assert!(
            rendered.contains("api/lamp-get.md:22:11: error[GD0606]"),
            "{rendered}"
        );
        let report = report::report(&run);
        assert_eq!(report.by_code.get("GD0606"), Some(&1));
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["findings"][0]["line"], 22);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_missing_folder_is_a_read_failure() {
        let dir =
            std::env::temp_dir().join(format!("graphdoc-examples-none-{}", std::process::id()));
        let run = validate_docs(&dir);
        assert!(run.read_failed());
        assert_eq!(run.counts.examples, 0);
    }
}
