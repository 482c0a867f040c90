//! Reads a method page (`doc_type: apiPageType`, or any page with an `HTTP request`
//! heading): its request lines, headers, body, response, function parameters, permissions
//! and the OData options its prose names. Nothing is resolved here: types stay as written.

use std::ops::Range;

use super::code_block::CodeBlock;
use super::front_matter::FrontMatter;
use super::markdown::{Block, Cell, Table};
use super::message;
use super::path;
use super::type_cell::{self, TypeCell};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{HttpMethod, Permissions, RequestHeader, Segment};
use crate::source::{FileId, Loc};

/// The raw facts of a method page.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MethodPage {
    /// The method of the first readable request line; `None` without one.
    pub method: Option<HttpMethod>,
    /// The readable request lines with that method, in page order.
    pub requests: Vec<RequestLine>,
    pub headers: Vec<RequestHeader>,
    pub body: BodySection,
    pub response: ResponseSection,
    pub function_parameters: Vec<ParameterRow>,
    pub permissions: Permissions,
    pub query_options: Vec<String>,
}

/// One readable line of the `HTTP request` block.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RequestLine {
    pub target: String,
    /// The target's span in the page.
    pub span: Range<usize>,
    pub segments: Vec<Segment>,
    pub query: String,
    pub relative: bool,
}

/// A type the prose names by a link or a word: the name as written.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NamedType {
    pub name: String,
    pub collection: bool,
}

impl NamedType {
    /// The name read as a type cell would read it (primitives and qualified names).
    pub fn cell(&self) -> TypeCell {
        let mut cell = type_cell::parse(&Cell {
            plain: self.name.clone(),
            ..Cell::default()
        });
        cell.collection |= self.collection;
        cell
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum BodySection {
    Unstated,
    None,
    Type(NamedType),
    Parameters(Vec<ParameterRow>),
    /// Prose, rustdoc-safe.
    Other(String),
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ParameterRow {
    pub name: String,
    pub ty: TypeCell,
    pub type_text: String,
    pub description: String,
    pub required: bool,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ResponseSection {
    pub status: Option<u16>,
    pub body: ResponseContent,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum ResponseContent {
    Nothing,
    Type(NamedType),
    Stream,
    Unstated(String),
}

/// Whether a page is a method page: it has an `HTTP request` heading (in any case: Intune
/// writes `HTTP Request`), or its front matter says `apiPageType` and no annotation on it
/// declares a resource. Resource pages made from a method page's template keep its
/// `doc_type` (the 2021 docs have 7 in v1.0 and 15 in beta); their resource annotation
/// says what they are.
pub fn is_method_page(front_matter: &FrontMatter, page: &str, blocks: &[Block]) -> bool {
    let http_request = blocks.iter().any(
        |b| matches!(b, Block::Heading { text, .. } if section(text) == Some(Section::HttpRequest)),
    );
    let api_page_type = front_matter
        .doc_type
        .as_deref()
        .is_some_and(|t| t.eq_ignore_ascii_case("apiPageType"));
    http_request || api_page_type && !blocks.iter().any(|b| declares_resource(page, b))
}

/// Whether a block is a resource annotation, readable or not.
fn declares_resource(page: &str, block: &Block) -> bool {
    let Block::Html { span, .. } = block else {
        return false;
    };
    match super::annotation::read(page, span.clone()) {
        Some(Ok(annotation)) => annotation.block_type == super::annotation::BlockType::Resource,
        Some(Err(unreadable)) => unreadable.mentions_resource,
        None => false,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    HttpRequest,
    Headers,
    Body,
    Response,
    FunctionParameters,
    Query,
    Permissions,
    Examples,
}

fn section(heading: &str) -> Option<Section> {
    let text = heading.trim().trim_end_matches(':').to_ascii_lowercase();
    Some(match text.as_str() {
        "http request" | "http requests" => Section::HttpRequest,
        "request headers" | "request header" => Section::Headers,
        "request body" => Section::Body,
        "response" | "responses" => Section::Response,
        "function parameters" | "parameters" => Section::FunctionParameters,
        "optional query parameters" | "query parameters" => Section::Query,
        "permissions" => Section::Permissions,
        "example" | "examples" => Section::Examples,
        _ => return None,
    })
}

/// Reads a method page from its blocks.
pub fn read(
    file: FileId,
    page: &str,
    blocks: &[Block],
    diagnostics: &mut Diagnostics,
) -> MethodPage {
    let mut current: Option<Section> = None;
    let mut lines: Vec<(String, Range<usize>)> = Vec::new();
    let mut headers = Vec::new();
    let mut body_prose: Vec<Cell> = Vec::new();
    let mut body_rows: Option<Vec<ParameterRow>> = None;
    let mut response_prose: Vec<Cell> = Vec::new();
    let mut response_span: Option<Range<usize>> = None;
    let mut function_parameters = Vec::new();
    let mut permissions = Permissions::Missing;
    let mut query_options: Vec<String> = Vec::new();
    let mut body_seen = false;
    let mut title_span = 0..0;
    for block in blocks {
        match block {
            Block::Heading { level, text, span } => {
                if *level == 1 && title_span == (0..0) {
                    title_span = span.clone();
                }
                match section(text) {
                    Some(found) if *level <= 3 || current != Some(Section::Examples) => {
                        // `### Request` and `### Response` under Examples are examples.
                        if current == Some(Section::Examples) && *level > 2 {
                            continue;
                        }
                        current = Some(found);
                        if found == Section::Body {
                            body_seen = true;
                        }
                        if found == Section::Response && response_span.is_none() {
                            response_span = Some(span.clone());
                        }
                    }
                    _ if *level <= 2 => current = None,
                    _ => {}
                }
            }
            Block::Code {
                info,
                text,
                content_start,
                ..
            } if current == Some(Section::HttpRequest) => {
                let code = CodeBlock::new(page, info.clone(), text.clone(), *content_start);
                let mut at = 0;
                for line in text.split_inclusive('\n') {
                    let trimmed = line.trim_end_matches(['\n', '\r']);
                    let lead = trimmed.len() - trimmed.trim_start().len();
                    let start = code.page_offset(at + lead);
                    let content = trimmed.trim();
                    at += line.len();
                    if content.is_empty() || content.starts_with('#') || content.starts_with("//") {
                        continue;
                    }
                    lines.push((content.to_string(), start..start + content.len()));
                }
            }
            Block::Paragraph { cell, .. } => match current {
                Some(Section::Body) => body_prose.push(cell.clone()),
                Some(Section::Response) => response_prose.push(cell.clone()),
                Some(Section::Query) => {
                    for option in odata_options(&cell.plain) {
                        if !query_options.contains(&option) {
                            query_options.push(option);
                        }
                    }
                }
                Some(Section::Permissions) => {
                    if let Some(include) = include_path(&page[cell.span.clone()])
                        && permissions == Permissions::Missing
                    {
                        permissions = Permissions::Include(include);
                    }
                }
                _ => {}
            },
            Block::Table(table) => match current {
                Some(Section::Headers) => headers.extend(header_rows(table)),
                Some(Section::Body) => body_rows
                    .get_or_insert_with(Vec::new)
                    .extend(parameter_rows(table)),
                Some(Section::FunctionParameters) => {
                    function_parameters.extend(parameter_rows(table))
                }
                Some(Section::Permissions) => {
                    let rows = permission_rows(table);
                    if !rows.is_empty() {
                        permissions = Permissions::Table(rows);
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }

    let mut method = None;
    let mut requests = Vec::new();
    for (line, span) in &lines {
        let loc = Loc::new(file, span.clone());
        let Some((verb, target)) = message::request_line(line) else {
            diagnostics.push(
                Diagnostic::new(
                    Code::RequestLineUnreadable,
                    loc,
                    format!("`{line}` is not a request line (a method such as GET, then a path)"),
                )
                .with_help("write one `VERB /path` line per alias in the HTTP request block"),
            );
            continue;
        };
        let verb = HttpMethod::parse(verb).unwrap_or(HttpMethod::Get);
        let target_start = span.start + (line.len() - target.len());
        match path::parse(target) {
            Err(found) => {
                let at = target_start + found.offset.min(target.len());
                diagnostics.push(
                    Diagnostic::new(
                        Code::RequestLineUnreadable,
                        Loc::new(file, at..(at + 1).min(target_start + target.len()).max(at)),
                        format!("the path `{target}` cannot be read: {}", found.message),
                    )
                    .with_help(
                        "write literals, `{placeholders}`, `name(arg='{value}')` calls and `$value`/`$ref`/`$count` between slashes",
                    ),
                );
            }
            Ok(parsed) => {
                let first = *method.get_or_insert(verb);
                if first != verb {
                    diagnostics.push(Diagnostic::new(
                        Code::RequestMethodDiffers,
                        loc,
                        format!(
                            "`{line}` uses {} where the page's first request line uses {}; this alias is left out",
                            verb.as_str(),
                            first.as_str()
                        ),
                    ));
                    continue;
                }
                requests.push(RequestLine {
                    target: target.to_string(),
                    span: target_start..target_start + target.len(),
                    segments: parsed.segments,
                    query: parsed.query,
                    relative: parsed.relative,
                });
            }
        }
    }
    if requests.is_empty() {
        let message = if lines.is_empty() {
            "this method page has no request line in an HTTP request block".to_string()
        } else {
            "none of this method page's request lines can be read".to_string()
        };
        diagnostics.push(
            Diagnostic::new(
                Code::NoRequestLine,
                Loc::new(file, title_span.clone()),
                message,
            )
            .with_help("add `## HTTP request` with a ```http block of `VERB /path` lines"),
        );
    }

    let body = match body_rows {
        Some(rows) if !rows.is_empty() => BodySection::Parameters(rows),
        _ if !body_seen => BodySection::Unstated,
        _ => body_from_prose(page, &body_prose),
    };
    let response = response(page, &response_prose);
    if requests.is_empty() {
        // The page already has its diagnostic; its response is not worth another.
    } else if response.status.is_none() {
        let span = response_span.unwrap_or(title_span);
        diagnostics.push(
            Diagnostic::new(
                Code::ResponseStatusUnreadable,
                Loc::new(file, trim_line(page, span)),
                "the Response section names no status code such as `200 OK`".to_string(),
            )
            .with_help("say \"If successful, this method returns a `200 OK` response code ...\""),
        );
    }
    MethodPage {
        method,
        requests,
        headers,
        body,
        response,
        function_parameters,
        permissions,
        query_options,
    }
}

/// A heading's span without its line break.
fn trim_line(page: &str, span: Range<usize>) -> Range<usize> {
    let text = page.get(span.clone()).unwrap_or_default();
    span.start..span.start + text.trim_end().len()
}

fn column(table: &Table, names: &[&str]) -> Option<usize> {
    table
        .header
        .iter()
        .position(|c| names.contains(&c.plain.trim().to_ascii_lowercase().as_str()))
}

fn says_required(text: &str) -> bool {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .any(|w| w == "Required")
}

fn header_rows(table: &Table) -> Vec<RequestHeader> {
    let name = column(table, &["name", "header", "request header", "headers"]).unwrap_or(0);
    let description = column(table, &["description", "value", "values"])
        .unwrap_or(table.header.len().saturating_sub(1));
    table
        .rows
        .iter()
        .filter_map(|row| {
            let header = row
                .get(name)?
                .plain
                .trim()
                .trim_matches('`')
                .trim()
                .to_string();
            if header.is_empty() {
                return None;
            }
            let description = row
                .get(description)
                .map(|c| c.doc.clone())
                .unwrap_or_default();
            Some(RequestHeader {
                name: header,
                required: says_required(&description),
                description,
            })
        })
        .collect()
}

fn parameter_rows(table: &Table) -> Vec<ParameterRow> {
    let name = column(
        table,
        &[
            "parameter",
            "name",
            "property",
            "parameter name",
            "property name",
        ],
    )
    .unwrap_or(0);
    let Some(ty) = column(table, &["type", "parameter type", "property type"]) else {
        return Vec::new();
    };
    let description = column(table, &["description", "descriptions", "notes"]);
    table
        .rows
        .iter()
        .filter_map(|row| {
            let cell = row.get(name)?;
            let written = cell.plain.trim().trim_matches('`').trim();
            let first = written.split_whitespace().next().unwrap_or_default();
            if first.is_empty() {
                return None;
            }
            let type_cell = row.get(ty)?;
            let description = description
                .and_then(|i| row.get(i))
                .map(|c| c.doc.clone())
                .unwrap_or_default();
            Some(ParameterRow {
                name: first.to_string(),
                ty: type_cell::parse(type_cell),
                type_text: type_cell.plain.trim().to_string(),
                required: says_required(&description)
                    || written.to_ascii_lowercase().contains("required"),
                description,
                span: cell.span.clone(),
            })
        })
        .collect()
}

fn permission_rows(table: &Table) -> Vec<(String, Vec<String>)> {
    let first = table
        .header
        .first()
        .map(|c| c.plain.to_ascii_lowercase())
        .unwrap_or_default();
    if !first.contains("permission") || table.header.len() < 2 {
        return Vec::new();
    }
    table
        .rows
        .iter()
        .filter_map(|row| {
            let kind = row.first()?.plain.trim().to_string();
            let granted = row
                .get(1)?
                .plain
                .split([',', ';'])
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect();
            (!kind.is_empty()).then_some((kind, granted))
        })
        .collect()
}

/// The path of an `[!INCLUDE [x](path)]` in raw markdown.
fn include_path(raw: &str) -> Option<String> {
    let at = raw.to_ascii_lowercase().find("[!include")?;
    let rest = &raw[at..];
    let open = rest.find("](")? + 2;
    let close = rest[open..].find(')')? + open;
    Some(rest[open..close].trim().to_string())
}

/// `$select`, `$filter`: the OData options a sentence names, in order, each once.
pub fn odata_options(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for (i, _) in text.match_indices('$') {
        let name: String = text[i + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        let option = format!("${name}");
        if !name.is_empty() && !found.contains(&option) {
            found.push(option);
        }
    }
    found
}

/// The links of raw markdown, `[text](target)`: text without backticks, target as written.
fn links(raw: &str) -> Vec<(usize, String, String)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = raw[from..].find("](").map(|i| from + i) {
        let start = raw[..open].rfind('[');
        let close = raw[open + 2..].find(')').map(|i| open + 2 + i);
        if let (Some(start), Some(close)) = (start, close) {
            let text = raw[start + 1..open].trim().trim_matches(['`', '*']).trim();
            let target = raw[open + 2..close].trim();
            found.push((start, text.to_string(), target.to_string()));
            from = close;
        } else {
            from = open + 2;
        }
    }
    found
}

/// The type the first link to a resource page names, and whether the words before it say
/// "collection of".
fn linked_type(raw: &str) -> Option<NamedType> {
    let (at, name, _) = links(raw).into_iter().find(|(_, text, target)| {
        let target = target.to_ascii_lowercase();
        target.contains("resources/") && type_cell::is_type_name(text)
    })?;
    let before = raw[..at].to_ascii_lowercase();
    let tail = &before[before.len().saturating_sub(40)..];
    Some(NamedType {
        name,
        collection: tail.contains("collection of") || tail.contains("list of"),
    })
}

fn body_from_prose(page: &str, prose: &[Cell]) -> BodySection {
    let text = prose
        .iter()
        .map(|c| c.plain.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let lower = text.to_ascii_lowercase();
    if prose.is_empty()
        || lower.trim().trim_end_matches('.') == "none"
        || [
            "don't supply",
            "do not supply",
            "no request body",
            "not supply a request body",
            "don't provide",
            "do not provide",
            "don't include",
        ]
        .iter()
        .any(|s| lower.contains(s))
    {
        return BodySection::None;
    }
    if lower.contains("json representation")
        && let Some(found) = prose
            .iter()
            .find_map(|c| linked_type(&page[c.span.clone()]))
    {
        return BodySection::Type(found);
    }
    BodySection::Other(
        prose
            .iter()
            .map(|c| c.doc.as_str())
            .collect::<Vec<_>>()
            .join("\n\n"),
    )
}

/// The first status a text names: `` `200 OK` ``, `200 OK`, `204 No Content`.
pub fn status(text: &str) -> Option<u16> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(2)).find_map(|i| {
        let boundary = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        let after = bytes.get(i + 3).copied();
        let three = bytes[i..i + 3].iter().all(u8::is_ascii_digit);
        if !(boundary && three && matches!(after, None | Some(b' ') | Some(b'`'))) {
            return None;
        }
        // A bare number needs its reason phrase (`200 OK`), so counts and years are not read.
        let rest = text[i + 3..].trim_start_matches(['`', ' ']);
        let phrase =
            text[i + 3..].starts_with(' ') && rest.starts_with(|c: char| c.is_ascii_uppercase());
        let code_span = i > 0 && bytes[i - 1] == b'`';
        (phrase || code_span)
            .then(|| message::status_code(&text[i..i + 3]))
            .flatten()
    })
}

fn response(page: &str, prose: &[Cell]) -> ResponseSection {
    let text = prose
        .iter()
        .map(|c| c.plain.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let status = status(&text);
    let lower = text.to_ascii_lowercase();
    let body = if let Some(found) = prose
        .iter()
        .find_map(|c| linked_type(&page[c.span.clone()]))
    {
        ResponseContent::Type(found)
    } else if status == Some(204)
        || lower.contains("does not return anything")
        || lower.contains("doesn't return anything")
        || lower.contains("no content")
    {
        ResponseContent::Nothing
    } else if ["stream", "binary", "302 found", "download url", "redirect"]
        .iter()
        .any(|w| lower.contains(w))
    {
        ResponseContent::Stream
    } else if let Some(found) = text
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '.')
        .find(|w| {
            w.starts_with(|c: char| c.is_ascii_uppercase()) && type_cell::primitive(w).is_some()
        })
    {
        ResponseContent::Type(NamedType {
            name: found.to_string(),
            collection: lower.contains("collection of"),
        })
    } else {
        ResponseContent::Unstated(
            prose
                .iter()
                .map(|c| c.doc.as_str())
                .collect::<Vec<_>>()
                .join("\n\n"),
        )
    };
    ResponseSection { status, body }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> (MethodPage, Vec<Code>) {
        let mut found = Diagnostics::default();
        let page = super::super::read_page(FileId(0), text, &mut found);
        let codes = found.iter().map(|d| d.code).collect();
        (page.method_page.expect("a method page"), codes)
    }

    const PAGE: &str = "# Send mail\n\n## Permissions\n\n| Permission type | Permissions (from least to most privileged) |\n|:--|:--|\n| Delegated (work or school account) | Mail.Send, Mail.ReadWrite |\n\n## HTTP Request\n\n```http\nPOST /me/sendMail\nPOST users/{id | userPrincipalName}/sendMail\n```\n\n## Request headers\n\n| Name | Type | Description |\n|:--|:--|:--|\n| Authorization | string | Bearer {token}. Required. |\n| Prefer | string | outlook.timezone. |\n\n## Request body\n\n| Parameter | Type | Description |\n|:--|:--|:--|\n| message | [message](../resources/message.md) | The message to send. Required. |\n| saveToSentItems | Boolean | Whether to save. |\n\n## Response\n\nIf successful, this method returns `202 Accepted` response code. It does not return anything in the response body.\n";

    #[test]
    fn a_resource_page_that_kept_the_method_template_doc_type_is_a_resource_page() {
        let text = "---\ndoc_type: apiPageType\n---\n\n# gizmo resource type\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| charge | Int32 | Charge. |\n\n## JSON representation\n\n<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.gizmo\" } -->\n\n```json\n{ \"charge\": 1 }\n```\n";
        let mut found = Diagnostics::default();
        let page = super::super::read_page(FileId(0), text, &mut found);
        assert!(page.method_page.is_none());
        assert_eq!(page.resources.len(), 1);
        // Without the annotation, the front matter makes it a method page.
        let bare = text.replace("blockType", "note");
        let page = super::super::read_page(FileId(0), &bare, &mut found);
        assert!(page.method_page.is_some());
    }

    #[test]
    fn a_method_page_gives_lines_headers_parameters_permissions_and_status() {
        let (page, codes) = read_text(PAGE);
        assert!(codes.is_empty(), "{codes:?}");
        assert_eq!(page.method, Some(HttpMethod::Post));
        assert_eq!(page.requests.len(), 2);
        assert!(page.requests[1].relative);
        assert_eq!(
            page.headers
                .iter()
                .map(|h| (h.name.as_str(), h.required))
                .collect::<Vec<_>>(),
            [("Authorization", true), ("Prefer", false)]
        );
        let BodySection::Parameters(rows) = &page.body else {
            panic!("{:?}", page.body)
        };
        assert_eq!(rows[0].name, "message");
        assert!(rows[0].required && !rows[1].required);
        assert_eq!(page.response.status, Some(202));
        assert_eq!(page.response.body, ResponseContent::Nothing);
        assert_eq!(
            page.permissions,
            Permissions::Table(vec![(
                "Delegated (work or school account)".into(),
                vec!["Mail.Send".into(), "Mail.ReadWrite".into()]
            )])
        );
        // The target's span points at the target.
        let span = page.requests[0].span.clone();
        assert_eq!(&PAGE[span], "/me/sendMail");
    }

    #[test]
    fn bodies_and_responses_from_prose() {
        let page = "---\ndoc_type: apiPageType\n---\n# List users\n\n## HTTP request\n\n```http\nGET /users\n```\n\n## Optional query parameters\n\nThis method supports the `$count`, `$filter` and `$select` [OData query parameters](/graph/query-parameters).\n\n## Request body\n\nDon't supply a request body for this method.\n\n## Response\n\nIf successful, this method returns a `200 OK` response code and a collection of [user](../resources/user.md) objects in the response body.\n";
        let (read, codes) = read_text(page);
        assert!(codes.is_empty(), "{codes:?}");
        assert_eq!(read.body, BodySection::None);
        assert_eq!(read.query_options, ["$count", "$filter", "$select"]);
        assert_eq!(read.response.status, Some(200));
        assert_eq!(
            read.response.body,
            ResponseContent::Type(NamedType {
                name: "user".into(),
                collection: true
            })
        );
        let update = page
            .replace("Don't supply a request body for this method.", "In the request body, supply a JSON representation of the [user](../resources/user.md) object.")
            .replace("a collection of [user](../resources/user.md) objects", "the content stream");
        let (read, _) = read_text(&update);
        assert_eq!(
            read.body,
            BodySection::Type(NamedType {
                name: "user".into(),
                collection: false
            })
        );
        assert_eq!(read.response.body, ResponseContent::Stream);
    }

    #[test]
    fn statuses_are_read_from_code_spans_and_reason_phrases() {
        assert_eq!(status("returns a `201 Created` response"), Some(201));
        assert_eq!(status("returns 204 No Content."), Some(204));
        assert_eq!(status("returns up to 100 items"), None);
        assert_eq!(status("a `200 OK`"), Some(200));
    }

    #[test]
    fn the_includes_of_permissions_are_noted_and_pages_are_known_by_content() {
        let page = "# Get lamp\n\n## Permissions\n\n[!INCLUDE [permissions-table](../includes/permissions/lamp-get-permissions.md)]\n\n## HTTP request\n\n```http\nGET /lamps/{id}\n```\n\n## Response\n\n`200 OK`\n";
        let (read, _) = read_text(page);
        assert_eq!(
            read.permissions,
            Permissions::Include("../includes/permissions/lamp-get-permissions.md".into())
        );
        assert_eq!(read.body, BodySection::Unstated);
    }
}
