//! Reading one page: markdown blocks in, the page's raw facts out (front matter, title,
//! resource annotation, JSON representation, property and enum tables). Nothing is
//! resolved here; every problem found is a diagnostic and reading carries on.

pub mod annotation;
pub mod code_block;
pub mod facts;
pub mod front_matter;
pub mod lenient_json;
pub mod markdown;
pub mod message;
pub mod method_page;
pub mod methods;
pub mod path;
pub mod type_cell;

use std::ops::Range;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Deprecation, QualifiedName};
use crate::source::{FileId, Loc};
use facts::Facts;
use front_matter::FrontMatter;
use lenient_json::{LenientJson, Repair};
use markdown::{Block, Cell, Table};
use methods::method_row;
use type_cell::TypeCell;

/// The raw facts of one page.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Page {
    pub file: FileId,
    pub front_matter: FrontMatter,
    /// The H1 text and its span.
    pub title: Option<(String, Range<usize>)>,
    /// From the `Namespace: x` line.
    pub namespace: Option<String>,
    /// The first paragraph of prose after the title that is not a note (see [`note`]).
    pub summary: String,
    /// The notes between the title and the first section (`> **Note:** ...`,
    /// `> [!IMPORTANT]`, `Note: ...`), rustdoc-safe, each starting with its kind
    /// (`Note:`, `Important:`). Includes (`[!INCLUDE ...]`) are dropped.
    pub notes: Vec<String>,
    pub resources: Vec<Resource>,
    pub property_tables: Vec<PropertyTable>,
    pub enum_tables: Vec<EnumTable>,
    /// The enum an enum page documents (`doc_type: enumPageType`, or a `# x enum type`
    /// title over a members table). Its resource annotation names the enum: it makes no type.
    pub enum_page: Option<String>,
    /// Rows of the Methods table: the operations documented for the type.
    pub methods: Vec<Method>,
    /// The base type named by prose such as "Inherits from [x](x.md)".
    pub inherits_from: Option<String>,
    /// The Properties section says "None." instead of giving a table.
    pub declares_no_properties: bool,
    /// What a method page documents; `None` on other pages. A method page has no resources,
    /// property, enum or Methods tables: its tables are headers and parameters.
    pub method_page: Option<method_page::MethodPage>,
}

/// One row of a Methods table.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Method {
    /// The method's name as the table gives it, as plain text, such as
    /// `Get cloudPcDeviceImage`.
    pub name: String,
    /// What the Return type cell says.
    pub returns: MethodReturn,
}

/// The Return type cell of a Methods table row, read (see [`method_return`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MethodReturn {
    /// `None`, `No Content`, `204 No Content`, an empty cell or no cell.
    Nothing,
    /// A type, as a property's type cell names one (`[user](user.md) collection`,
    /// `Collection of site`, `String`).
    Type(TypeCell),
    /// Text that names no type: prose such as `The requested, derived type of place`, a
    /// request line (`POST /sites/{id}/permissions`), or the description written in the
    /// return column. Kept for diagnostics; the docs of the type do not show it.
    Other(String),
}

/// A `blockType: resource` annotation and the JSON block after it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
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
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
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

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PropertyTable {
    /// The heading the table stands under.
    pub heading: String,
    /// Under a Relationships heading: navigation properties.
    pub navigation: bool,
    pub rows: Vec<PropertyRow>,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
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

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EnumTable {
    pub name: String,
    pub heading_span: Range<usize>,
    /// The members table of an enum page, named by the page's title rather than by a
    /// `### x values` heading: the enum's own definition.
    pub on_enum_page: bool,
    pub rows: Vec<MemberRow>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MemberRow {
    pub name: String,
    pub name_span: Range<usize>,
    pub value: Option<i64>,
    pub description: String,
    /// From a `name (deprecated)` cell or from the description.
    pub deprecated: Option<Deprecation>,
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
            "relationship name",
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
    // Other tables start with a Method column too (`Method | Azure Sentinel | ...`
    // compares products): a Methods table's other columns are its return, description
    // and request columns.
    let method_columns = [
        "return type",
        "return",
        "returns",
        "description",
        "descriptions",
        "notes",
        "rest path",
        "http request",
        "",
    ];
    if (first == "method" || first == "methods")
        && keys[1..]
            .iter()
            .all(|k| method_columns.contains(&k.as_str()))
    {
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
        notes: Vec::new(),
        resources: Vec::new(),
        property_tables: Vec::new(),
        enum_tables: Vec::new(),
        enum_page: None,
        methods: Vec::new(),
        inherits_from: None,
        declares_no_properties: false,
        method_page: None,
    };
    let front_matter = blocks.iter().find_map(|b| match b {
        Block::FrontMatter { text, .. } => Some(front_matter::parse(text)),
        _ => None,
    });
    let is_method_page =
        method_page::is_method_page(&front_matter.unwrap_or_default(), text, &blocks);
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
            Block::Paragraph { cell, quoted } => {
                let plain = cell.plain.trim();
                let under_title = page.title.is_some()
                    && heading.as_ref().is_some_and(|(level, _, _)| *level == 1);
                if let Some(ns) = plain.strip_prefix("Namespace:") {
                    // A namespace is one word; a paragraph that goes on without a blank
                    // line after it is the page's prose, not part of the namespace.
                    let ns = ns.split_whitespace().next().unwrap_or_default();
                    page.namespace = Some(ns.trim_matches('`').to_string());
                    let rest = after_namespace(&cell.doc);
                    if under_title && page.summary.is_empty() && !rest.is_empty() {
                        match note(rest, *quoted) {
                            Some(Note::Kept(text)) => page.notes.push(text),
                            Some(Note::Dropped) => {}
                            None => page.summary = rest.to_string(),
                        }
                    }
                } else if heading
                    .as_ref()
                    .is_some_and(|(_, h, _)| h.eq_ignore_ascii_case("properties"))
                    && (plain.trim_end_matches('.').eq_ignore_ascii_case("none")
                        || plain.to_ascii_lowercase().contains("no properties"))
                {
                    page.declares_no_properties = true;
                } else if let Some(found) = note(&cell.doc, *quoted) {
                    // Notes and includes are site furniture, never the type's description;
                    // a note under the title is kept to follow the description.
                    if let (Note::Kept(text), true) = (found, under_title) {
                        page.notes.push(text);
                    }
                } else if let Some(base) =
                    inherits_from(plain).filter(|_| page.inherits_from.is_none())
                {
                    page.inherits_from = Some(base);
                    if page.summary.is_empty() && under_title {
                        page.summary = cell.doc.clone();
                    }
                } else if page.summary.is_empty() && under_title {
                    page.summary = cell.doc.clone();
                }
            }
            // A method page's annotations are its examples' and its tables are not types'.
            Block::Html { .. } | Block::Table(_) if is_method_page => {}
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
                        let Some((enum_name, on_enum_page)) =
                            enum_name(&heading_text, page.title.as_ref(), &page.front_matter)
                        else {
                            continue;
                        };
                        // The heading's line, without the line break, so a caret can
                        // underline it.
                        let heading_span = heading.as_ref().map_or(table.span.clone(), |h| {
                            let line = text[h.2.clone()].trim_end();
                            h.2.start..h.2.start + line.len()
                        });
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
                            on_enum_page,
                            rows,
                        });
                    }
                    TableKind::Methods { returns } => {
                        page.methods
                            .extend(table.rows.iter().filter_map(|row| method_row(row, returns)));
                    }
                    TableKind::Other => {}
                }
            }
        }
    }

    if is_method_page {
        page.method_page = Some(method_page::read(file, text, &blocks, diagnostics));
        return page;
    }
    set_enum_page(&mut page);
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

/// What [`note`] makes of a paragraph that is a note.
#[derive(Debug, PartialEq, Eq)]
enum Note {
    /// Worth keeping after the description, as this text.
    Kept(String),
    /// An include (`[!INCLUDE ...]`) or an empty marker: nothing to keep.
    Dropped,
}

/// The kinds of note the docs write as a leading `Kind:` or `[!KIND]`.
const NOTE_KINDS: [&str; 5] = ["Note", "Important", "Caution", "Warning", "Tip"];

/// Whether a paragraph (its rustdoc-safe text) is a note rather than prose about the type:
/// any block-quoted paragraph (`> **Note:** ...`), a `[!NOTE]`-style marker or include, or a
/// paragraph starting `Note:` (also `Important:`, `Caution:`, `Warning:`, `Tip:`). A note
/// never becomes the page's summary. A marker is rewritten as its kind (`[!NOTE] x` is
/// `Note: x`).
fn note(doc: &str, quoted: bool) -> Option<Note> {
    let text = doc.trim();
    // The reader escapes brackets in rustdoc text: `[!NOTE]` reads `\[!NOTE\]`.
    if let Some(marker) = text.strip_prefix("\\[!") {
        let (kind, body) = marker.split_once("\\]").unwrap_or((marker, ""));
        let body = body.trim();
        if kind.to_ascii_lowercase().starts_with("include") || body.is_empty() {
            return Some(Note::Dropped);
        }
        let kind = NOTE_KINDS
            .iter()
            .find(|k| k.eq_ignore_ascii_case(kind.trim()))
            .unwrap_or(&"Note");
        return Some(Note::Kept(format!("{kind}: {body}")));
    }
    let starts_with_kind = NOTE_KINDS.iter().any(|kind| {
        text.get(..kind.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(kind))
            && text[kind.len()..].trim_start().starts_with(':')
    });
    (starts_with_kind || quoted).then(|| Note::Kept(text.to_string()))
}

/// The prose of a `Namespace: x` paragraph that goes on without a blank line after the
/// namespace (rustdoc-safe text), or `""`.
fn after_namespace(doc: &str) -> &str {
    let rest = doc
        .trim_start()
        .strip_prefix("Namespace:")
        .unwrap_or_default();
    let rest = rest.trim_start();
    rest.find(char::is_whitespace)
        .map_or("", |end| rest[end..].trim())
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

/// The enum a member table defines, and whether the table is an enum page's own:
/// `### x values` headings, or an enum page's title.
fn enum_name(
    heading: &str,
    title: Option<&(String, Range<usize>)>,
    front_matter: &FrontMatter,
) -> Option<(String, bool)> {
    let clean = |s: &str| s.trim().trim_matches('`').trim().to_string();
    let lower = heading.to_ascii_lowercase();
    if let Some(stripped) = lower.strip_suffix(" values") {
        let name = clean(&heading[..stripped.len()]);
        return type_cell::is_type_name(&name).then_some((name, false));
    }
    let (title, _) = title?;
    title_enum_name(title, front_matter.is_enum_page()).map(|name| (name, true))
}

/// The enum a page's title names: `x enum type` (also `x enumeration type`, `x enum`), or,
/// on a page whose front matter says it is an enum page, a bare `x`.
fn title_enum_name(title: &str, enum_page: bool) -> Option<String> {
    let clean = |s: &str| s.trim().trim_matches('`').trim().to_string();
    let lower_title = title.to_ascii_lowercase();
    for suffix in [" enum type", " enumeration type", " enum"] {
        if let Some(stripped) = lower_title.strip_suffix(suffix) {
            let name = clean(&title[..stripped.len()]);
            return type_cell::is_type_name(&name).then_some(name);
        }
    }
    let name = clean(title);
    (enum_page && type_cell::is_type_name(&name)).then_some(name)
}

/// Decides whether the page documents an enum (its front matter says `enumPageType`, or a
/// `# x enum type` title stands over a members table) and, if so, takes the resource
/// annotations that name that enum out of the page's resources: on an enum page the
/// annotation and its `{ "@odata.type": "#microsoft.graph.x" }` block name the enum, they
/// do not define a type.
fn set_enum_page(page: &mut Page) {
    let Some((title, _)) = &page.title else {
        return;
    };
    let by_table = page.enum_tables.iter().find(|t| t.on_enum_page);
    let name = match by_table {
        Some(table) => table.name.clone(),
        None if page.front_matter.is_enum_page() => match title_enum_name(title, true) {
            Some(name) => name,
            None => return,
        },
        None => return,
    };
    let default_namespace = page
        .namespace
        .clone()
        .unwrap_or_else(|| crate::model::GRAPH_NAMESPACE.to_string());
    let named = |resource: &Resource| QualifiedName::parse(&resource.type_name, &default_namespace);
    // The annotation's namespace must be the page's, unless the page has no `Namespace:`
    // line: then the annotation's qualified name says where the enum lives.
    let names_enum = |resource: &Resource| {
        let named = named(resource);
        named.name.eq_ignore_ascii_case(&name)
            && (page.namespace.is_none()
                || named.namespace.eq_ignore_ascii_case(&default_namespace))
    };
    let first_removed = page
        .resources
        .first()
        .is_some_and(|r| r.first_on_page && names_enum(r));
    let adopted_namespace = page
        .namespace
        .is_none()
        .then(|| {
            page.resources
                .iter()
                .find(|r| names_enum(r))
                .map(|r| named(r).namespace)
        })
        .flatten();
    page.resources.retain(|r| !names_enum(r));
    if let Some(namespace) = adopted_namespace {
        page.namespace = Some(namespace);
    }
    if first_removed && let Some(next) = page.resources.first_mut() {
        next.first_on_page = true;
    }
    page.enum_page = Some(name);
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
    let description = description_col
        .and_then(|i| row.get(i))
        .map(|c| c.doc.clone())
        .unwrap_or_default();
    // `legacyMode (deprecated)`: a member with a remark in parentheses.
    let (name, remark) = match name.split_once(" (") {
        Some((head, rest)) if rest.ends_with(')') && is_member_name(head.trim()) => {
            (head.trim(), Some(rest.trim_end_matches(')').trim()))
        }
        _ => (name, None),
    };
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
    let remark_deprecates = remark.is_some_and(|r| r.to_ascii_lowercase().contains("deprecated"));
    let deprecated = facts::read(&description).deprecated.or_else(|| {
        remark_deprecates.then(|| Deprecation {
            note: "Deprecated in the docs.".to_string(),
            replacement: None,
        })
    });
    // Another remark, such as `(preview)`, is kept in the description as for properties.
    let description = match remark {
        Some(remark)
            if !remark_deprecates
                && !description
                    .to_ascii_lowercase()
                    .contains(&remark.to_ascii_lowercase()) =>
        {
            format!("{description} ({remark}.)").trim().to_string()
        }
        _ => description,
    };
    Some(MemberRow {
        name: name.to_string(),
        name_span: name_cell.span.clone(),
        value: value_col
            .and_then(|i| row.get(i))
            .and_then(|c| c.plain.trim().parse().ok()),
        description,
        deprecated,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Page, Diagnostics) {
        let mut diagnostics = Diagnostics::default();
        let page = read_page(FileId(0), text, &mut diagnostics);
        (page, diagnostics)
    }

    #[test]
    fn notes_are_never_the_summary() {
        let (page, _) = read(
            "# lamp resource type\n\nNamespace: microsoft.graph\n\n\
             > **Note:** The API requires a [license](https://x).\n\n\
             > [!IMPORTANT]\n> Beta APIs change.\n\n\
             [!INCLUDE [beta-disclaimer](../../includes/beta-disclaimer.md)]\n\n\
             Note: kept too.\n\nA lamp that shines.\n\n## Methods\n",
        );
        assert_eq!(page.summary, "A lamp that shines.");
        assert_eq!(
            page.notes,
            [
                "Note: The API requires a license.",
                "Important: Beta APIs change.",
                "Note: kept too."
            ]
        );
        // Prose that goes on after the namespace line is the summary.
        let (page, _) = read(
            "# lamp resource type\n\nNamespace: microsoft.graph\nA lamp.\n\n\
             > **Important:**\n> Partners only.\n",
        );
        assert_eq!(page.summary, "A lamp.");
        assert_eq!(page.notes, ["Important: Partners only."]);
    }

    #[test]
    fn methods_tables() {
        let (page, _) = read(
            "# lamp resource type\n\n## Methods\n\n\
             | Method | Return Type | Description |\n|:--|:--|:--|\n\
             | [Get lamp](../api/lamp-get.md) | [lamp](lamp.md) | Read a lamp. |\n\
             | [List zones](../api/zones.md) | [zone](zone.md collection) | Zones. |\n\
             | [Dim lamp](../api/lamp-dim.md) | Dims the lamp. | |\n\
             | **Settings** |\n\
             | [Delete lamp](../api/lamp-delete.md) | None | Deletes. |\n\n\
             | Method | Azure Sentinel | Defender |\n|--|--|--|\n| Get | yes | no |\n",
        );
        let shown: Vec<(&str, &MethodReturn)> = page
            .methods
            .iter()
            .map(|m| (m.name.as_str(), &m.returns))
            .collect();
        let named = |name: &str, collection| {
            MethodReturn::Type(TypeCell {
                ty: type_cell::CellType::Named {
                    name: name.to_string(),
                    exact_case: true,
                },
                collection,
            })
        };
        assert_eq!(
            shown,
            [
                ("Get lamp", &named("lamp", false)),
                ("List zones", &named("zone", true)),
                (
                    "Dim lamp",
                    &MethodReturn::Other("Dims the lamp.".to_string())
                ),
                ("Delete lamp", &MethodReturn::Nothing),
            ]
        );
    }

    /// An enum page in the current format: its annotation and JSON block name the enum.
    const ENUM_PAGE: &str = r##"---
title: "lampMode enum type"
description: "How a lamp shines."
ms.subservice: "lighting"
doc_type: "enumPageType"
---

# lampMode enum type

Namespace: microsoft.graph

How a lamp shines.

## Members

The members of this evolvable enumeration:

| Member | Value | Description |
|:---|:---|:---|
| steady | 0 | Always on. |
| blinking (deprecated) | 1 | Flashes. |
| dimmed | 2 | Half bright. This member is deprecated. Use `steady` instead. |
| eco (preview) | 3 | Saves power. |
| unknownFutureValue | 4 | Evolvable enumeration sentinel value. Do not use. |

## JSON representation

<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.lampMode" } -->

```json
{ "@odata.type": "#microsoft.graph.lampMode" }
```
"##;

    #[test]
    fn an_enum_page_annotation_names_the_enum_and_makes_no_resource() {
        let (page, diagnostics) = read(ENUM_PAGE);
        assert!(page.resources.is_empty(), "{:?}", page.resources);
        assert_eq!(page.enum_page.as_deref(), Some("lampMode"));
        assert_eq!(page.enum_tables.len(), 1);
        assert!(page.enum_tables[0].on_enum_page);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
    }

    #[test]
    fn a_namespace_line_without_a_blank_line_after_it_is_one_word() {
        let text = ENUM_PAGE.replace(
            "Namespace: microsoft.graph\n\n",
            "Namespace: `microsoft.graph`\n",
        );
        let (page, _) = read(&text);
        assert_eq!(page.namespace.as_deref(), Some("microsoft.graph"));
    }

    #[test]
    fn relationship_name_headers_are_property_tables() {
        let text = "# x resource type\n\n| Relationship name | Type | Description |\n|---|---|---|\n| owner | [user](user.md) | Who owns it. |\n";
        let (page, _) = read(text);
        assert_eq!(page.property_tables.len(), 1);
        assert_eq!(page.property_tables[0].rows[0].name, "owner");
    }

    #[test]
    fn an_enum_title_over_a_members_table_is_an_enum_page_without_doc_type() {
        let text = ENUM_PAGE.replace("doc_type: \"enumPageType\"\n", "");
        let (page, _) = read(&text);
        assert!(page.resources.is_empty());
        assert_eq!(page.enum_page.as_deref(), Some("lampMode"));
        // With the front matter saying so, a bare title names the enum too.
        let bare = ENUM_PAGE.replace("# lampMode enum type", "# lampMode");
        let (page, _) = read(&bare);
        assert!(page.resources.is_empty());
        assert_eq!(page.enum_tables[0].name, "lampMode");
    }

    #[test]
    fn an_enum_page_keeps_an_annotation_of_another_type() {
        let text = ENUM_PAGE.replace(
            "\"@odata.type\": \"microsoft.graph.lampMode\" }",
            "\"@odata.type\": \"microsoft.graph.lampSettings\" }",
        );
        let (page, _) = read(&text);
        assert_eq!(page.resources.len(), 1);
        assert_eq!(page.resources[0].type_name, "microsoft.graph.lampSettings");
        assert!(page.resources[0].first_on_page);
    }

    #[test]
    fn an_enum_page_without_a_namespace_line_takes_the_annotation_namespace() {
        let text = ENUM_PAGE
            .replace("Namespace: microsoft.graph\n", "")
            .replace(
                "\"microsoft.graph.lampMode\" }",
                "\"microsoft.graph.lighting.lampMode\" }",
            );
        let (page, _) = read(&text);
        assert!(page.resources.is_empty(), "{:?}", page.resources);
        assert_eq!(page.namespace.as_deref(), Some("microsoft.graph.lighting"));
        // With a namespace line, an annotation of another namespace is another type.
        let other = ENUM_PAGE.replace(
            "\"microsoft.graph.lampMode\" }",
            "\"microsoft.graph.lighting.lampMode\" }",
        );
        let (page, _) = read(&other);
        assert_eq!(page.resources.len(), 1);
        assert_eq!(page.namespace.as_deref(), Some("microsoft.graph"));
    }

    #[test]
    fn a_resource_page_is_not_an_enum_page() {
        let text = "---\ndoc_type: resourcePageType\n---\n\n# lamp resource type\n\n\
                    ## Properties\n\n| Property | Type | Description |\n|---|---|---|\n\
                    | mode | lampMode | How it shines. |\n\n### lampMode values\n\n\
                    | Member | Description |\n|---|---|\n| steady | On. |\n\n\
                    ## JSON representation\n\n\
                    <!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.lamp\" } -->\n\n\
                    ```json\n{ \"mode\": \"String\" }\n```\n";
        let (page, _) = read(text);
        assert_eq!(page.enum_page, None);
        assert_eq!(page.resources.len(), 1);
        assert!(!page.enum_tables[0].on_enum_page);
    }

    #[test]
    fn deprecated_members_are_members() {
        let (page, diagnostics) = read(ENUM_PAGE);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let rows = &page.enum_tables[0].rows;
        let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            ["steady", "blinking", "dimmed", "eco", "unknownFutureValue"]
        );
        assert_eq!(rows[0].deprecated, None);
        // `name (deprecated)`
        let blinking = rows[1].deprecated.as_ref().expect("blinking is deprecated");
        assert_eq!(blinking.note, "Deprecated in the docs.");
        assert_eq!(rows[1].description, "Flashes.");
        assert_eq!(rows[1].value, Some(1));
        // Deprecation stated by the description, as for properties.
        let dimmed = rows[2].deprecated.as_ref().expect("dimmed is deprecated");
        assert_eq!(dimmed.replacement.as_deref(), Some("steady"));
        assert!(dimmed.note.contains("deprecated"), "{}", dimmed.note);
        // Another remark stays in the description.
        assert_eq!(rows[3].deprecated, None);
        assert_eq!(rows[3].description, "Saves power. (preview.)");
    }
}
