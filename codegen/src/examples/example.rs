//! One annotated example: its block split into an HTTP message, the body parsed, the
//! annotated type resolved and every value checked. Findings are placed in the page.

use std::ops::Range;

use super::annotation::{Annotation, BlockType, CodeBlock};
use super::json_spans::{self, Node};
use super::message::{self, StartLine};
use super::validate::{self, Checker, Finding, SchemaIndex, Target};
use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::model::{Primitive, QualifiedName};
use crate::source::{FileId, Loc};

/// What checking one example found.
#[derive(Debug, Default)]
pub struct Outcome {
    /// A response example (the ones counted).
    pub response: bool,
    /// Its body parses as JSON.
    pub parsed: bool,
    /// It parses, and its annotation names a type or enum that the schema has.
    pub typed: bool,
    pub diagnostics: Vec<Diagnostic>,
    /// What a typed response holds; it passed when the outcome has no errors.
    pub example: Option<Typed>,
}

impl Outcome {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// A typed response: what a test needs to deserialize it.
#[derive(Debug, Clone)]
pub struct Typed {
    pub type_name: QualifiedName,
    pub is_collection: bool,
    pub body: String,
    /// Page offset of the body.
    pub offset: usize,
    /// Each value of the annotated type (the body, or a collection's items) with the type
    /// it was checked as after `@odata.type` dispatch.
    pub instances: Vec<(QualifiedName, String)>,
}

/// Checks one annotation and its block.
pub fn check(
    file: FileId,
    annotation: &Annotation,
    block: Option<&CodeBlock>,
    index: &SchemaIndex,
) -> Outcome {
    let response = annotation.block_type == BlockType::Response;
    let mut outcome = Outcome {
        response,
        ..Outcome::default()
    };
    let checked = match annotation.block_type {
        BlockType::Response => true,
        BlockType::Request | BlockType::Example => annotation.odata_type.is_some(),
        BlockType::Ignored | BlockType::Resource | BlockType::Other(_) => false,
    };
    if !checked {
        return outcome;
    }
    let Some(block) = block else {
        let at = annotation.span.start;
        outcome.diagnostics.push(
            Diagnostic::new(
                Code::ExampleNoBlock,
                Loc::new(file, at..at + 4),
                "this example annotation has no code block after it",
            )
            .with_help("put the annotation right above its code block"),
        );
        return outcome;
    };
    let mut example = Example {
        file,
        annotation,
        block,
        outcome,
    };
    example.run(index);
    example.outcome
}

/// One example being checked.
struct Example<'x> {
    file: FileId,
    annotation: &'x Annotation,
    block: &'x CodeBlock,
    outcome: Outcome,
}

impl Example<'_> {
    fn loc(&self, span: Range<usize>) -> Loc {
        let start = self.block.page_offset(span.start);
        let end = self.block.page_offset(span.end).max(start);
        Loc::new(self.file, start..end)
    }

    fn push(&mut self, diagnostic: Diagnostic) {
        self.outcome.diagnostics.push(diagnostic);
    }

    fn run(&mut self, index: &SchemaIndex) {
        let text = self.block.text.as_str();
        let message = message::split(text);
        self.check_start_line(message.start, message.start_span.clone());
        let status = match message.start {
            StartLine::Status(code) => code,
            _ => 200,
        };
        let target = self.annotation.target();
        let body = message.body.clone();
        if body.is_empty() {
            self.check_empty(status, target.is_some());
            return;
        }
        let stream = target.is_some_and(|(t, _)| {
            matches!(index.resolve(t), Some(Target::Primitive(Primitive::Stream)))
        });
        if message.declares_non_json() || stream {
            return;
        }
        let Some(root) = self.parse(body.clone()) else {
            return;
        };
        self.outcome.parsed = true;
        // Error responses carry an error object, not the annotated type.
        if self.annotation.expect_error || status >= 400 {
            return;
        }
        if let Some((type_text, collection)) = target {
            self.check_typed(index, &root, type_text, collection, body);
        }
    }

    /// The body as JSON, or `None` with a finding.
    fn parse(&mut self, body: Range<usize>) -> Option<Node> {
        match json_spans::parse(&self.block.text[body.clone()]) {
            Ok(root) => Some(root),
            Err(error) => {
                let at = body.start + error.offset;
                self.push(
                    Diagnostic::new(
                        Code::ExampleNotJson,
                        self.loc(at..at + 1),
                        format!("the body is not JSON: {}", error.message),
                    )
                    .with_help("examples are copied into code; write strict JSON (no comments, `...` or trailing commas)"),
                );
                None
            }
        }
    }

    /// Checks a parsed body against the type its annotation names.
    fn check_typed(
        &mut self,
        index: &SchemaIndex,
        root: &Node,
        type_text: &str,
        collection: bool,
        body: Range<usize>,
    ) {
        // The docs' convention for an action's parameters: a body, not a defined type.
        if type_text.starts_with("requestBodyResourceFor.") {
            return;
        }
        let Some(resolved) = index.resolve(type_text) else {
            self.unknown_type(type_text);
            return;
        };
        let typed = matches!(resolved, Target::Struct(_) | Target::Enum(_));
        self.outcome.typed = self.outcome.response && typed;
        let collection = if self.outcome.response {
            collection
        } else {
            // Request annotations do not describe their body's shape reliably.
            Checker::new(index).looks_like_collection(root, &resolved)
        };
        self.check_body(index, root, &resolved, collection, body);
    }

    fn check_start_line(&mut self, start: StartLine, span: Range<usize>) {
        let (expected, what) = match self.annotation.block_type {
            BlockType::Response => (
                matches!(start, StartLine::Status(_)),
                "an HTTP status line such as `HTTP/1.1 200 OK`",
            ),
            BlockType::Request => (
                matches!(start, StartLine::Request),
                "a request line such as `POST https://graph.microsoft.com/v1.0/…`",
            ),
            _ => return,
        };
        if !expected {
            let span = if span.is_empty() {
                span.start..span.start + 1
            } else {
                span
            };
            self.push(
                Diagnostic::new(
                    Code::ExampleStartLine,
                    self.loc(span),
                    format!(
                        "this {} block does not start with {what}",
                        block_name(&self.annotation.block_type)
                    ),
                )
                .with_help("the rest of the block was read as headers and body"),
            );
        }
    }

    /// An empty body is right for `isEmpty`, 204 and blocks that name no type.
    fn check_empty(&mut self, status: u16, names_type: bool) {
        let fine = !self.outcome.response
            || !names_type
            || self.annotation.is_empty
            || self.annotation.expect_error
            || status == 204
            || status >= 300;
        if !fine {
            let at = self.annotation.type_span();
            self.push(
                Diagnostic::new(
                    Code::ExampleNoBody,
                    Loc::new(self.file, at),
                    format!(
                        "the response names a type but its block has no body (status {status})"
                    ),
                )
                .with_help(
                    "add the body, or mark the annotation \"isEmpty\": true and drop the type",
                ),
            );
        }
    }

    fn unknown_type(&mut self, type_text: &str) {
        let span = self.annotation.type_span();
        self.push(
            Diagnostic::new(
                Code::ExampleUnknownType,
                Loc::new(self.file, span),
                format!("the annotation names `{type_text}`, which no resource page defines"),
            )
            .with_help("correct the annotation's `@odata.type`, or add the type's resource page"),
        );
    }

    fn check_body(
        &mut self,
        index: &SchemaIndex,
        root: &Node,
        target: &Target,
        collection: bool,
        body: Range<usize>,
    ) {
        let mut checker = Checker::new(index);
        let (instances, collection) = checker.instances(root, target, collection);
        let checked: Vec<_> = instances.iter().map(|n| checker.check(n, target)).collect();
        if self.outcome.response && !self.annotation.truncated {
            let missing = missing_properties(&checker, &instances, &checked);
            if let Some(finding) = missing_finding(missing, root) {
                checker.findings.push(finding);
            }
        }
        for finding in checker.findings {
            let span = body.start + finding.span.start..body.start + finding.span.end;
            let mut diagnostic = Diagnostic::new(finding.code, self.loc(span), finding.message);
            diagnostic.help = finding.help;
            self.push(diagnostic);
        }
        if let (true, Target::Struct(name) | Target::Enum(name)) = (self.outcome.typed, target) {
            let text = &self.block.text[body.clone()];
            let instances = instances
                .iter()
                .zip(checked)
                .map(|(node, ty)| {
                    (
                        ty.unwrap_or_else(|| name.clone()),
                        text[node.span.clone()].to_string(),
                    )
                })
                .collect();
            self.outcome.example = Some(Typed {
                type_name: name.clone(),
                is_collection: collection,
                body: text.to_string(),
                offset: self.block.page_offset(body.start),
                instances,
            });
        }
    }
}

fn block_name(block_type: &BlockType) -> &'static str {
    match block_type {
        BlockType::Request => "request",
        _ => "response",
    }
}

/// Missing structural properties of each checked instance, grouped by type.
fn missing_properties(
    checker: &Checker,
    instances: &[&Node],
    checked: &[Option<QualifiedName>],
) -> Vec<(QualifiedName, Vec<String>)> {
    let mut missing: Vec<(QualifiedName, Vec<String>)> = Vec::new();
    for (node, ty) in instances.iter().zip(checked) {
        let Some(ty) = ty else { continue };
        let names = checker.missing_properties(node, ty);
        if names.is_empty() {
            continue;
        }
        match missing.iter_mut().find(|(t, _)| t == ty) {
            Some((_, list)) => {
                for name in names {
                    if !list.contains(&name) {
                        list.push(name);
                    }
                }
            }
            None => missing.push((ty.clone(), names)),
        }
    }
    missing
}

/// One warning per example for all its missing properties.
fn missing_finding(missing: Vec<(QualifiedName, Vec<String>)>, root: &Node) -> Option<Finding> {
    if missing.is_empty() {
        return None;
    }
    let parts: Vec<String> = missing
        .iter()
        .map(|(ty, names)| {
            format!(
                "`{}` lacks {}",
                ty.name,
                validate::list(names.iter().map(String::as_str))
            )
        })
        .collect();
    Some(Finding {
        code: Code::ExampleMissingProperties,
        span: root.span.start..root.span.start + 1,
        message: format!(
            "the example is not marked truncated, but {}",
            parts.join("; ")
        ),
        help: Some("add \"truncated\": true to the annotation, or show every property".into()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;
    use crate::examples::annotation::{self, Item};
    use crate::model::Schema;
    use crate::source::{SourceFile, SourceMap};

    /// A resource page of the tests' own: a gauge with an enum.
    const GAUGE: &str = r#"# gauge resource type

Namespace: microsoft.graph

## Properties

| Property | Type | Description |
|:---|:---|:---|
| id | String | Identifier. |
| level | Int64 | How full it is. |
| checkedAt | DateTimeOffset | When it was last read. |
| tone | gaugeTone | Its colour. |

### gaugeTone values

| Member | Description |
|:---|:---|
| calm | Calm. |
| alarm | Alarm. |

## JSON representation

<!-- { "blockType": "resource", "keyProperty": "id", "@odata.type": "microsoft.graph.gauge" } -->

```json
{ "id": "String", "level": 1024, "checkedAt": "String (timestamp)", "tone": "String" }
```
"#;

    fn schema() -> Schema {
        let mut sources = SourceMap::default();
        let mut diagnostics = Diagnostics::default();
        let file = sources.add(SourceFile::new("g.md".into(), "g.md".into(), GAUGE.into()));
        let page = crate::read::read_page(file, GAUGE, &mut diagnostics);
        crate::resolve::resolve(&[page], &sources, &mut diagnostics)
    }

    /// Checks the only example of a page.
    fn check_page(page: &str) -> Outcome {
        let schema = schema();
        let index = SchemaIndex::new(&schema);
        let items = annotation::read(page);
        let [Item::Example { annotation, block }] = items.as_slice() else {
            panic!("one example expected: {items:?}")
        };
        check(FileId(0), annotation, block.as_ref(), &index)
    }

    fn response(annotation: &str, block: &str) -> String {
        format!("<!-- {{ \"blockType\": \"response\", {annotation} }} -->\n```http\n{block}\n```\n")
    }

    fn codes(outcome: &Outcome) -> Vec<Code> {
        outcome.diagnostics.iter().map(|d| d.code).collect()
    }

    #[test]
    fn a_good_response_passes_with_its_instances() {
        let page = response(
            r#""@odata.type": "microsoft.graph.gauge", "isCollection": true, "truncated": true"#,
            "HTTP/1.1 200 OK\nContent-type: application/json\n\n{\"value\": [{\"id\": \"1\", \"level\": 3, \"tone\": \"calm\"}]}",
        );
        let outcome = check_page(&page);
        assert!(outcome.response && outcome.parsed && outcome.typed);
        assert_eq!(codes(&outcome), []);
        let typed = outcome.example.unwrap();
        assert!(typed.is_collection);
        assert_eq!(typed.instances[0].0.name, "gauge");
        assert_eq!(
            typed.instances[0].1,
            "{\"id\": \"1\", \"level\": 3, \"tone\": \"calm\"}"
        );
        assert_eq!(&page[typed.offset..][..10], "{\"value\": ");
    }

    #[test]
    fn findings_point_into_the_page() {
        let page = response(
            r#""@odata.type": "microsoft.graph.gauge", "truncated": true"#,
            "200 OK\n\n{\"tone\": \"Calm\", \"level\": \"3\"}",
        );
        let outcome = check_page(&page);
        assert_eq!(
            codes(&outcome),
            [Code::ExampleNotMember, Code::ExampleWrongKind]
        );
        let span = outcome.diagnostics[0].loc.as_ref().unwrap().span.clone();
        assert_eq!(&page[span], "\"Calm\"");
        assert!(outcome.has_errors() && outcome.typed);
    }

    #[test]
    fn missing_properties_are_one_warning_unless_truncated() {
        let page = response(
            r#""@odata.type": "microsoft.graph.gauge""#,
            "HTTP/1.1 200 OK\n\n{\"id\": \"1\"}",
        );
        let outcome = check_page(&page);
        assert_eq!(codes(&outcome), [Code::ExampleMissingProperties]);
        let message = &outcome.diagnostics[0].message;
        assert!(
            message.contains("`level`, `checkedAt`, `tone`"),
            "{message}"
        );
        assert!(!outcome.has_errors());
    }

    #[test]
    fn empty_and_non_json_bodies() {
        let no_content = check_page(&response(
            r#""@odata.type": "microsoft.graph.gauge""#,
            "HTTP/1.1 204 No Content",
        ));
        assert_eq!(codes(&no_content), []);
        assert!(no_content.response && !no_content.parsed);
        let empty = check_page(&response(
            r#""@odata.type": "microsoft.graph.gauge""#,
            "HTTP/1.1 200 OK",
        ));
        assert_eq!(codes(&empty), [Code::ExampleNoBody]);
        let marked = check_page(&response(
            r#""@odata.type": "microsoft.graph.gauge", "isEmpty": true"#,
            "HTTP/1.1 200 OK",
        ));
        assert_eq!(codes(&marked), []);
        let text = check_page(&response(
            r#""@odata.type": "microsoft.graph.gauge""#,
            "HTTP/1.1 200 OK\nContent-Type: text/plain\n\n42",
        ));
        assert_eq!(codes(&text), []);
        let broken = response(
            r#""@odata.type": "microsoft.graph.gauge""#,
            "HTTP/1.1 200 OK\n\n{\"id\": \"1\",}",
        );
        let outcome = check_page(&broken);
        assert_eq!(codes(&outcome), [Code::ExampleNotJson]);
        let at = outcome.diagnostics[0].loc.as_ref().unwrap().span.start;
        assert_eq!(&broken[at..at + 1], "}");
        assert!(!outcome.parsed && !outcome.typed);
    }

    #[test]
    fn error_responses_and_untyped_names_are_not_typed() {
        let error = check_page(&response(
            r#""@odata.type": "microsoft.graph.gauge""#,
            "HTTP/1.1 404 Not Found\n\n{\"error\": {}}",
        ));
        assert!(error.parsed && !error.typed && error.diagnostics.is_empty());
        let unknown = response(
            r#""@odata.type": "microsoft.graph.dial""#,
            "HTTP/1.1 200 OK\n\n{}",
        );
        let outcome = check_page(&unknown);
        assert_eq!(codes(&outcome), [Code::ExampleUnknownType]);
        let span = outcome.diagnostics[0].loc.as_ref().unwrap().span.clone();
        assert_eq!(&unknown[span], "microsoft.graph.dial");
        let body_params = check_page(&response(
            r#""@odata.type": "requestBodyResourceFor.gauge_reset""#,
            "HTTP/1.1 200 OK\n\n{}",
        ));
        assert!(body_params.diagnostics.is_empty() && !body_params.typed);
    }

    #[test]
    fn a_missing_status_line_is_a_warning_and_the_body_is_still_checked() {
        let outcome = check_page(&response(
            r#""@odata.type": "microsoft.graph.gauge", "truncated": true"#,
            "{\"level\": true}",
        ));
        assert_eq!(
            codes(&outcome),
            [Code::ExampleStartLine, Code::ExampleWrongKind]
        );
    }

    #[test]
    fn requests_that_name_a_type_are_checked_but_not_counted() {
        let page = "<!-- { \"blockType\": \"request\", \"@odata.type\": \"microsoft.graph.gauge\", \"isCollection\": true } -->\n```http\nPATCH https://graph.microsoft.com/v1.0/gauges/1\nContent-type: application/json\n\n{\"level\": 1.5}\n```\n";
        let outcome = check_page(page);
        assert!(!outcome.response && outcome.example.is_none());
        // Partial by nature: no missing-property warning; the shape decides the collection.
        assert_eq!(codes(&outcome), [Code::ExampleBadValue]);
        let untyped =
            "<!-- { \"blockType\": \"request\" } -->\n```http\nPOST https://x\n\nnot json\n```\n";
        assert_eq!(codes(&check_page(untyped)), []);
    }

    #[test]
    fn an_annotation_without_a_block_is_reported() {
        let outcome = check_page("<!-- { \"blockType\": \"response\" } -->\n");
        assert_eq!(codes(&outcome), [Code::ExampleNoBlock]);
        assert!(outcome.response);
    }
}
