//! Reading one page: markdown blocks in, the page's raw facts out (front matter, title,
//! resource annotation, JSON representation, property and enum tables). Nothing is
//! resolved here; every problem found is a diagnostic and reading carries on.

pub mod annotation;
pub mod facts;
pub mod front_matter;
pub mod lenient_json;
pub mod markdown;
pub mod type_cell;

use std::ops::Range;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::source::{FileId, Loc};
use facts::Facts;
use front_matter::FrontMatter;
use lenient_json::{LenientJson, Repair};
use markdown::{Block, Cell, Table};
use type_cell::TypeCell;

/// The raw facts of one page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub file: FileId,
    pub front_matter: FrontMatter,
    /// The H1 text and its span.
    pub title: Option<(String, Range<usize>)>,
    /// From the `Namespace: x` line.
    pub namespace: Option<String>,
    /// The first paragraph of prose after the title.
    pub summary: String,
    pub resources: Vec<Resource>,
    pub property_tables: Vec<PropertyTable>,
    pub enum_tables: Vec<EnumTable>,
    /// Rows of the Methods table: the operations documented for the type.
    pub methods: Vec<Method>,
    /// The base type named by prose such as "Inherits from [x](x.md)".
    pub inherits_from: Option<String>,
    /// The Properties section says "None." instead of giving a table.
    pub declares_no_properties: bool,
}

/// One row of a Methods table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Method {
    /// The method's name as the table gives it, such as `Get cloudPcDeviceImage`.
    pub name: String,
    /// Rustdoc-safe return type text.
    pub returns: String,
}

/// A `blockType: resource` annotation and the JSON block after it.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    pub type_name: String,
    pub base_type: Option<String>,
    pub key_property: Option<String>,
    pub open_type: bool,
    pub is_abstract: bool,
    pub optional_properties: Vec<String>,
    pub span: Range<usize>,
    /// Whether a code block followed the annotation (parsed or not).
    pub has_json_block: bool,
    /// Whether this is the page's first resource annotation: only that one is described
    /// by the page's tables.
    pub first_on_page: bool,
    pub json: Option<JsonRepresentation>,
}

/// The parsed JSON representation block.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonRepresentation {
    pub parsed: LenientJson,
    /// Offset of the block's text in the page, to turn key offsets into page offsets.
    pub content_start: usize,
}

impl JsonRepresentation {
    /// Page span of a top-level key, if the block has it.
    pub fn key_span(&self, key: &str) -> Option<Range<usize>> {
        let span = self.parsed.key_span(key)?;
        Some(self.content_start + span.start..self.content_start + span.end)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PropertyTable {
    /// The heading the table stands under.
    pub heading: String,
    /// Under a Relationships heading: navigation properties.
    pub navigation: bool,
    pub rows: Vec<PropertyRow>,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PropertyRow {
    pub name: String,
    pub name_span: Range<usize>,
    pub ty: TypeCell,
    /// The type cell as written.
    pub type_text: String,
    pub type_span: Range<usize>,
    /// Rustdoc-safe description.
    pub description: String,
    pub facts: Facts,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumTable {
    pub name: String,
    pub heading_span: Range<usize>,
    pub rows: Vec<MemberRow>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MemberRow {
    pub name: String,
    pub name_span: Range<usize>,
    pub value: Option<i64>,
    pub description: String,
}

/// What a table's header says it is.
enum TableKind {
    Properties {
        name: usize,
        ty: usize,
        description: Option<usize>,
    },
    Members {
        name: usize,
        value: Option<usize>,
        description: Option<usize>,
    },
    Methods {
        returns: Option<usize>,
    },
    Other,
}

fn header_key(cell: &Cell) -> String {
    cell.plain.trim().to_ascii_lowercase()
}

fn classify(table: &Table) -> TableKind {
    let keys: Vec<String> = table.header.iter().map(header_key).collect();
    let find = |names: &[&str]| keys.iter().position(|k| names.contains(&k.as_str()));
    let description = find(&["description", "descriptions", "notes"]);
    let first = keys.first().map(String::as_str).unwrap_or("");
    if let (true, Some(ty)) = (
        [
            "property",
            "property name",
            "name",
            "properties",
            "relationship",
            "relationships",
        ]
        .contains(&first),
        find(&["type", "property type", "return type"]),
    ) {
        return TableKind::Properties {
            name: 0,
            ty,
            description: description.or_else(|| (keys.len() > ty + 1).then_some(keys.len() - 1)),
        };
    }
    if let Some(name) = find(&["member", "members", "member name", "enum member"]) {
        let value = find(&["value", "int value", "numeric value", "integer value"]);
        return TableKind::Members {
            name,
            value,
            description,
        };
    }
    if first == "value" && find(&["type"]).is_none() {
        return TableKind::Members {
            name: 0,
            value: None,
            description,
        };
    }
    if first == "method" || first == "methods" {
        return TableKind::Methods {
            returns: find(&["return type", "return", "returns"]),
        };
    }
    TableKind::Other
}

/// Reads one page. Problems are pushed to `diagnostics`; reading never stops early.
pub fn read_page(file: FileId, text: &str, diagnostics: &mut Diagnostics) -> Page {
    let blocks = markdown::blocks(text);
    let mut page = Page {
        file,
        front_matter: FrontMatter::default(),
        title: None,
        namespace: None,
        summary: String::new(),
        resources: Vec::new(),
        property_tables: Vec::new(),
        enum_tables: Vec::new(),
        methods: Vec::new(),
        inherits_from: None,
        declares_no_properties: false,
    };
    let loc = |span: Range<usize>| Loc::new(file, span);
    let mut heading: Option<(u8, String, Range<usize>)> = None;
    let mut pending_resource: Option<usize> = None;
    // Whether a resource annotation, valid or not, came before.
    let mut seen_resource = false;

    for block in &blocks {
        match block {
            Block::FrontMatter { text, .. } => page.front_matter = front_matter::parse(text),
            Block::Heading { level, text, span } => {
                if *level == 1 && page.title.is_none() {
                    page.title = Some((text.clone(), span.clone()));
                }
                heading = Some((*level, text.clone(), span.clone()));
            }
            Block::Paragraph { cell } => {
                let plain = cell.plain.trim();
                if let Some(ns) = plain.strip_prefix("Namespace:") {
                    page.namespace = Some(ns.trim().trim_matches('`').to_string());
                } else if heading
                    .as_ref()
                    .is_some_and(|(_, h, _)| h.eq_ignore_ascii_case("properties"))
                    && (plain.trim_end_matches('.').eq_ignore_ascii_case("none")
                        || plain.to_ascii_lowercase().contains("no properties"))
                {
                    page.declares_no_properties = true;
                } else if let Some(base) =
                    inherits_from(plain).filter(|_| page.inherits_from.is_none())
                {
                    page.inherits_from = Some(base);
                    if page.summary.is_empty()
                        && heading.as_ref().is_some_and(|(level, _, _)| *level == 1)
                    {
                        page.summary = cell.doc.clone();
                    }
                } else if plain.starts_with("[!INCLUDE") || plain.starts_with("[!NOTE") {
                    // Includes and notes are site furniture, not the type's description.
                } else if page.summary.is_empty()
                    && page.title.is_some()
                    && heading.as_ref().is_some_and(|(level, _, _)| *level == 1)
                {
                    page.summary = cell.doc.clone();
                }
            }
            Block::Html { span, .. } => {
                match read_annotation(file, text, span.clone(), diagnostics) {
                    Annotation::Resource(mut resource) => {
                        resource.first_on_page = !seen_resource;
                        seen_resource = true;
                        page.resources.push(*resource);
                        pending_resource = Some(page.resources.len() - 1);
                    }
                    Annotation::Rejected => seen_resource = true,
                    Annotation::Other => {}
                }
            }
            Block::Code {
                text: code,
                content_start,
                ..
            } => {
                if let Some(index) = pending_resource.take() {
                    page.resources[index].has_json_block = true;
                    page.resources[index].json =
                        read_json_block(file, code, *content_start, diagnostics);
                }
            }
            Block::Table(table) => {
                let heading_text = heading.as_ref().map(|h| h.1.clone()).unwrap_or_default();
                match classify(table) {
                    TableKind::Properties {
                        name,
                        ty,
                        description,
                    } => {
                        let mut rows: Vec<PropertyRow> = Vec::new();
                        for row in &table.rows {
                            match property_row(file, row, name, ty, description, diagnostics) {
                                Row::Property(property) => rows.push(property),
                                Row::Continuation(text) => {
                                    if let Some(previous) = rows.last_mut() {
                                        previous.description.push(' ');
                                        previous.description.push_str(&text);
                                        previous.facts = facts::read(&previous.description);
                                    }
                                }
                                Row::Skipped => {}
                            }
                        }
                        page.property_tables.push(PropertyTable {
                            navigation: heading_text.to_ascii_lowercase().contains("relationship"),
                            heading: heading_text,
                            rows,
                            span: table.span.clone(),
                        });
                    }
                    TableKind::Members {
                        name,
                        value,
                        description,
                    } => {
                        let Some(enum_name) = enum_name(&heading_text, page.title.as_ref()) else {
                            continue;
                        };
                        let heading_span =
                            heading.as_ref().map_or(table.span.clone(), |h| h.2.clone());
                        let rows = table
                            .rows
                            .iter()
                            .filter_map(|row| {
                                member_row(file, row, name, value, description, diagnostics)
                            })
                            .collect();
                        page.enum_tables.push(EnumTable {
                            name: enum_name,
                            heading_span,
                            rows,
                        });
                    }
                    TableKind::Methods { returns } => {
                        page.methods.extend(table.rows.iter().filter_map(|row| {
                            let name = row.first()?.plain.trim().to_string();
                            let returns = returns
                                .and_then(|i| row.get(i))
                                .map(|c| c.doc.clone())
                                .unwrap_or_default();
                            (!name.is_empty()).then_some(Method { name, returns })
                        }));
                    }
                    TableKind::Other => {}
                }
            }
        }
    }

    for resource in &page.resources {
        if !resource.has_json_block {
            diagnostics.push(
                Diagnostic::new(
                    Code::JsonBlockMissing,
                    loc(resource.span.clone()),
                    format!(
                        "no JSON representation follows the resource annotation of `{}`",
                        resource.type_name
                    ),
                )
                .with_help("add a ```json block after the annotation"),
            );
        }
    }
    // An empty JSON representation says "no properties" as clearly as the prose "None.".
    let json_says_empty = page.resources.first().is_some_and(|r| {
        r.json
            .as_ref()
            .and_then(|j| j.parsed.value.as_object())
            .is_some_and(|o| o.is_empty())
    });
    if !page.resources.is_empty()
        && !page.declares_no_properties
        && !json_says_empty
        && page.property_tables.iter().all(|t| t.navigation)
    {
        let resource = &page.resources[0];
        diagnostics.push(
            Diagnostic::new(
                Code::NoPropertiesTable,
                loc(resource.span.clone()),
                format!(
                    "`{}` has no properties table; only its JSON representation describes it",
                    resource.type_name
                ),
            )
            .with_help("add a `## Properties` table with Property, Type and Description columns"),
        );
    }
    page
}

/// The type named in page prose such as "Inherits from [deviceConfiguration](…)".
fn inherits_from(plain: &str) -> Option<String> {
    let lower = plain.to_ascii_lowercase();
    let start = lower.find("inherits from ")? + "inherits from ".len();
    let name: String = plain[start..]
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
        .collect();
    let name = name.trim_end_matches('.');
    type_cell::is_type_name(name).then(|| name.to_string())
}

/// The enum a member table defines: `### x values` headings, or an enum page's title.
fn enum_name(heading: &str, title: Option<&(String, Range<usize>)>) -> Option<String> {
    let clean = |s: &str| s.trim().trim_matches('`').trim().to_string();
    let lower = heading.to_ascii_lowercase();
    if let Some(stripped) = lower.strip_suffix(" values") {
        let name = clean(&heading[..stripped.len()]);
        return type_cell::is_type_name(&name).then_some(name);
    }
    let (title, _) = title?;
    let lower_title = title.to_ascii_lowercase();
    for suffix in [" enum type", " enumeration type", " enum"] {
        if let Some(stripped) = lower_title.strip_suffix(suffix) {
            let name = clean(&title[..stripped.len()]);
            return type_cell::is_type_name(&name).then_some(name);
        }
    }
    None
}

/// Whether text can be a Graph property name (`displayName`, `@odata.type`,
/// `@microsoft.graph.conflictBehavior`).
pub fn is_property_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '@')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '@'))
}

/// What a row of a property table turned out to be.
enum Row {
    Property(PropertyRow),
    /// Prose that belongs to the previous row's description (a wrapped line).
    Continuation(String),
    Skipped,
}

fn property_row(
    file: FileId,
    row: &[Cell],
    name_col: usize,
    type_col: usize,
    description_col: Option<usize>,
    diagnostics: &mut Diagnostics,
) -> Row {
    let Some(name_cell) = row.get(name_col) else {
        return Row::Skipped;
    };
    let empty = Cell::default();
    let type_cell = row.get(type_col).unwrap_or(&empty);
    let description = description_col
        .and_then(|i| row.get(i))
        .map(|c| c.doc.clone())
        .unwrap_or_default();
    let name = name_cell.plain.trim();
    let type_empty = type_cell.plain.trim().is_empty();
    if name.is_empty() && type_empty {
        return Row::Skipped;
    }
    let name_loc = Loc::new(file, name_cell.span.clone());
    let other_cells_empty = row
        .iter()
        .enumerate()
        .all(|(i, c)| i == name_col || c.plain.trim().is_empty());
    if other_cells_empty && !name.contains(' ') {
        // `|**Onboarding**|`: a heading inside the table, not a property.
        diagnostics.push(
            Diagnostic::new(
                Code::RowNotProperty,
                name_loc,
                format!(
                    "row `{}` has no type and no description: a divider, not a property; skipped",
                    shorten(name)
                ),
            )
            .with_help("use a heading above the table to group properties"),
        );
        return Row::Skipped;
    }
    // `tollNumber (deprecated)`: a name with a remark in parentheses.
    let (name, remark) = match name.split_once(" (") {
        Some((head, rest)) if rest.ends_with(')') && is_property_name(head.trim()) => {
            (head.trim(), Some(rest.trim_end_matches(')').trim()))
        }
        _ => (name, None),
    };
    if !is_property_name(name) {
        if name.contains(' ') && type_empty {
            diagnostics.push(
                Diagnostic::new(
                    Code::RowNotProperty,
                    name_loc,
                    format!(
                        "row `{}` is prose, not a property; it was joined to the description above",
                        shorten(name)
                    ),
                )
                .with_help(
                    "a description wrapped onto a new line makes a row of its own; join the lines",
                ),
            );
            let text = [name_cell.doc.as_str(), description.as_str()]
                .iter()
                .filter(|t| !t.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            return Row::Continuation(text);
        }
        diagnostics.push(
            Diagnostic::new(
                Code::InvalidName,
                name_loc,
                format!(
                    "`{}` cannot be a property name; the row was skipped",
                    shorten(name)
                ),
            )
            .with_help("property names hold letters, digits, `_`, `.` and `@` only"),
        );
        return Row::Skipped;
    }
    let description = match remark {
        Some(remark)
            if !description
                .to_ascii_lowercase()
                .contains(&remark.to_ascii_lowercase()) =>
        {
            format!("{description} ({remark}.)").trim().to_string()
        }
        _ => description,
    };
    Row::Property(PropertyRow {
        name: name.to_string(),
        name_span: name_cell.span.clone(),
        ty: type_cell::parse(type_cell),
        type_text: type_cell.plain.trim().to_string(),
        type_span: if type_cell.span.is_empty() {
            name_cell.span.clone()
        } else {
            type_cell.span.clone()
        },
        facts: facts::read(&description),
        description,
    })
}

/// Whether text can be an enum member's wire value. Members may hold spaces and dots
/// (`JIS B4`) but no quotes, brackets or other code-like punctuation.
pub fn is_member_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().any(|c| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '_' | '.' | '-' | '+' | '/' | ':'))
}

fn member_row(
    file: FileId,
    row: &[Cell],
    name_col: usize,
    value_col: Option<usize>,
    description_col: Option<usize>,
    diagnostics: &mut Diagnostics,
) -> Option<MemberRow> {
    let name_cell = row.get(name_col)?;
    let name = name_cell.plain.trim();
    if name.is_empty() {
        return None;
    }
    if !is_member_name(name) {
        diagnostics.push(
            Diagnostic::new(
                Code::MemberInvalid,
                Loc::new(file, name_cell.span.clone()),
                format!(
                    "`{}` cannot be an enum member; the row was skipped",
                    shorten(name)
                ),
            )
            .with_help("members hold letters, digits, spaces and `_ . - + / :` only"),
        );
        return None;
    }
    Some(MemberRow {
        name: name.to_string(),
        name_span: name_cell.span.clone(),
        value: value_col
            .and_then(|i| row.get(i))
            .and_then(|c| c.plain.trim().parse().ok()),
        description: description_col
            .and_then(|i| row.get(i))
            .map(|c| c.doc.clone())
            .unwrap_or_default(),
    })
}

/// Names in messages are cut so a garbage row does not flood the terminal.
fn shorten(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(MAX).collect::<String>())
    }
}

/// Reports each repair of a leniently read annotation or block; `repairs` are at page
/// offsets.
fn report_repairs(file: FileId, repairs: &[Repair], what: &str, diagnostics: &mut Diagnostics) {
    for repair in repairs {
        diagnostics.push(
            Diagnostic::new(
                Code::LenientJson,
                Loc::new(file, repair.offset..repair.offset + 1),
                format!("{what} has {}, which JSON does not allow", repair.what),
            )
            .with_help(repair.help.clone()),
        );
    }
}

/// What an HTML comment turned out to be.
enum Annotation {
    Resource(Box<Resource>),
    /// A resource annotation too broken to use (already diagnosed).
    Rejected,
    /// Any other comment.
    Other,
}

/// Reads an HTML comment, which may be a resource annotation.
fn read_annotation(
    file: FileId,
    page: &str,
    span: Range<usize>,
    diagnostics: &mut Diagnostics,
) -> Annotation {
    let annotation = match annotation::read(page, span.clone()) {
        None => return Annotation::Other,
        Some(Ok(annotation)) => annotation,
        Some(Err(unreadable)) => {
            if !unreadable.mentions_resource {
                return Annotation::Other;
            }
            diagnostics.push(
                Diagnostic::new(
                    Code::AnnotationInvalid,
                    unreadable.error.loc(file, 0),
                    format!("resource annotation is not JSON: {}", unreadable.error.message),
                )
                .with_help("the annotation must be a JSON object such as { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.x\" }"),
            );
            return Annotation::Rejected;
        }
    };
    if annotation.block_type != annotation::BlockType::Resource {
        return Annotation::Other;
    }
    report_repairs(
        file,
        &annotation.repairs,
        "the resource annotation",
        diagnostics,
    );
    for written in &annotation.string_booleans {
        let key = &written.key;
        if !["openType", "abstract"]
            .iter()
            .any(|k| k.eq_ignore_ascii_case(key))
        {
            continue;
        }
        diagnostics.push(
            Diagnostic::new(
                Code::StringBoolean,
                Loc::new(file, written.key_span.clone()),
                format!(
                    "`{key}` is the string \"{}\", not a boolean",
                    written.written
                ),
            )
            .with_help(format!(
                "write `\"{key}\": {}`",
                written.written.trim().to_ascii_lowercase()
            )),
        );
    }
    let Some(type_name) = annotation.odata_type else {
        diagnostics.push(
            Diagnostic::new(
                Code::AnnotationNoType,
                Loc::new(file, span.start..span.start + 4),
                "resource annotation names no type",
            )
            .with_help("add \"@odata.type\": \"microsoft.graph.<name>\""),
        );
        return Annotation::Rejected;
    };
    if !type_cell::is_type_name(type_name.value.trim_start_matches('#')) {
        diagnostics.push(
            Diagnostic::new(
                Code::InvalidName,
                Loc::new(file, type_name.key_span.clone()),
                format!(
                    "`{}` cannot be a type name; the annotation was skipped",
                    shorten(&type_name.value)
                ),
            )
            .with_help(
                "type names are dotted identifiers such as microsoft.graph.cloudPcDeviceImage",
            ),
        );
        return Annotation::Rejected;
    }
    let key_property = annotation.key_property.filter(|key| {
        let valid = is_property_name(&key.value);
        if !valid {
            diagnostics.push(
                Diagnostic::new(
                    Code::InvalidName,
                    Loc::new(file, key.key_span.clone()),
                    format!(
                        "`{}` cannot be a key property name; it was ignored",
                        shorten(&key.value)
                    ),
                )
                .with_help("the key is the name of one of the type's properties, such as `id`"),
            );
        }
        valid
    });
    Annotation::Resource(Box::new(Resource {
        type_name: type_name.value,
        base_type: annotation.base_type.map(|t| t.value),
        key_property: key_property.map(|k| k.value),
        open_type: annotation.open_type,
        is_abstract: annotation.is_abstract,
        optional_properties: annotation.optional_properties,
        span,
        has_json_block: false,
        first_on_page: false,
        json: None,
    }))
}

fn read_json_block(
    file: FileId,
    code: &str,
    content_start: usize,
    diagnostics: &mut Diagnostics,
) -> Option<JsonRepresentation> {
    match lenient_json::parse(code) {
        Ok(parsed) => {
            let repairs: Vec<Repair> = parsed
                .repairs
                .iter()
                .map(|r| r.shifted(content_start))
                .collect();
            report_repairs(file, &repairs, "the JSON representation", diagnostics);
            Some(JsonRepresentation {
                parsed,
                content_start,
            })
        }
        Err(error) => {
            diagnostics.push(
                Diagnostic::new(
                    Code::JsonBlockInvalid,
                    error.loc(file, content_start),
                    format!("the JSON representation is not JSON: {}", error.message),
                )
                .with_help("the property tables alone describe this type; fix the block to cross-check them"),
            );
            None
        }
    }
}
