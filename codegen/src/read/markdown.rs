//! Turns a page into a flat list of blocks (headings, paragraphs, tables, HTML, code),
//! each with its byte span, so later stages never deal with markdown events.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// A table cell, read three ways for three uses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    /// Text with all markup removed (for names and types).
    pub plain: String,
    /// Text kept as safe markdown for rustdoc: code spans kept, link targets dropped,
    /// characters that rustdoc would read as links or HTML escaped.
    pub doc: String,
    /// Targets of the links in the cell.
    pub links: Vec<String>,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<Cell>,
    pub rows: Vec<Vec<Cell>>,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    FrontMatter {
        text: String,
        span: Range<usize>,
    },
    Heading {
        level: u8,
        text: String,
        span: Range<usize>,
    },
    Paragraph {
        cell: Cell,
        /// Inside a block quote (`> ...`): the docs quote notes, never the description.
        quoted: bool,
    },
    Table(Table),
    Html {
        text: String,
        span: Range<usize>,
    },
    Code {
        info: String,
        text: String,
        /// Offset of the code's first byte in the page.
        content_start: usize,
        span: Range<usize>,
    },
}

/// Collects inline content into a [`Cell`].
#[derive(Default)]
struct InlineText {
    cell: Cell,
}

impl InlineText {
    fn text(&mut self, text: &str) {
        let text = visible(text);
        self.cell.plain.push_str(&text);
        self.cell.doc.push_str(&escape_doc(&text));
    }

    fn code(&mut self, code: &str) {
        let code = &*visible(code);
        self.cell.plain.push_str(code);
        // A code span cannot hold a backtick run longer than its fence; use a fence that fits.
        let fence = "`".repeat(longest_backtick_run(code) + 1);
        let pad = if code.starts_with('`') || code.ends_with('`') {
            " "
        } else {
            ""
        };
        self.cell
            .doc
            .push_str(&format!("{fence}{pad}{code}{pad}{fence}"));
    }

    fn html(&mut self, html: &str) {
        let lower = html.to_ascii_lowercase();
        if lower.starts_with("<br") {
            self.cell.plain.push(' ');
            self.cell.doc.push('\n');
        } else if !lower.starts_with("<!--") && !lower.starts_with("</") && !lower.starts_with('<')
        {
            self.text(html);
        }
        // Other inline HTML (tags, comments) carries no text worth keeping.
    }

    fn finish(mut self, span: Range<usize>) -> Cell {
        self.cell.plain = collapse_spaces(&self.cell.plain);
        self.cell.doc = self
            .cell
            .doc
            .lines()
            .map(collapse_spaces)
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_string();
        self.cell.span = span;
        self.cell
    }
}

/// Text without control characters and without the codepoints that reorder how text is
/// displayed (bidirectional embeddings, overrides and isolates): rustc rejects those in
/// doc comments and string literals, and they can hide what text really says.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if text.chars().any(hidden) {
        std::borrow::Cow::Owned(text.chars().filter(|&c| !hidden(c)).collect())
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Escapes what rustdoc would otherwise read as an intra-doc link or an HTML tag.
pub fn escape_doc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '[' | ']' | '<' | '>' | '\\' | '*' | '_' | '`' | '#') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The markdown extensions the docs use: tables, YAML front matter, strikethrough.
pub const PARSER_OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_YAML_STYLE_METADATA_BLOCKS)
    .union(Options::ENABLE_STRIKETHROUGH);

/// Reads a page into blocks. Never fails: markdown has no syntax errors.
pub fn blocks(page: &str) -> Vec<Block> {
    let options = PARSER_OPTIONS;
    let mut blocks = Vec::new();
    let mut inline: Option<(InlineText, Range<usize>)> = None;
    let mut table: Option<Table> = None;
    let mut row: Vec<Cell> = Vec::new();
    let mut heading: Option<(u8, InlineText, Range<usize>)> = None;
    let mut html: Option<(String, Range<usize>)> = None;
    let mut code: Option<(String, String, Option<usize>, Range<usize>)> = None;
    let mut metadata: Option<(String, Range<usize>)> = None;
    let mut in_table_head = false;
    let mut quote_depth = 0usize;

    for (event, range) in Parser::new_ext(page, options).into_offset_iter() {
        match event {
            Event::Start(Tag::MetadataBlock(_)) => metadata = Some((String::new(), range)),
            Event::End(TagEnd::MetadataBlock(_)) => {
                if let Some((text, span)) = metadata.take() {
                    blocks.push(Block::FrontMatter { text, span });
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((heading_level(level), InlineText::default(), range))
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text, span)) = heading.take() {
                    let cell = text.finish(span.clone());
                    blocks.push(Block::Heading {
                        level,
                        text: cell.plain,
                        span,
                    });
                }
            }
            Event::Start(Tag::Paragraph) if table.is_none() && heading.is_none() => {
                inline = Some((InlineText::default(), range))
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some((text, span)) = inline.take() {
                    blocks.push(Block::Paragraph {
                        cell: text.finish(span),
                        quoted: quote_depth > 0,
                    });
                }
            }
            Event::Start(Tag::BlockQuote(_)) => quote_depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => quote_depth = quote_depth.saturating_sub(1),
            Event::Start(Tag::Table(_)) => {
                table = Some(Table {
                    header: Vec::new(),
                    rows: Vec::new(),
                    span: range,
                })
            }
            Event::End(TagEnd::Table) => {
                if let Some(table) = table.take() {
                    blocks.push(Block::Table(table));
                }
            }
            Event::Start(Tag::TableHead) => in_table_head = true,
            Event::End(TagEnd::TableHead) => {
                in_table_head = false;
                if let Some(table) = table.as_mut() {
                    table.header = std::mem::take(&mut row);
                }
            }
            Event::Start(Tag::TableRow) => row.clear(),
            Event::End(TagEnd::TableRow) => {
                if let Some(table) = table.as_mut()
                    && !in_table_head
                {
                    table.rows.push(std::mem::take(&mut row));
                }
            }
            Event::Start(Tag::TableCell) => inline = Some((InlineText::default(), range)),
            Event::End(TagEnd::TableCell) => {
                if let Some((text, span)) = inline.take() {
                    row.push(text.finish(trim_span(page, span)));
                }
            }
            Event::Start(Tag::HtmlBlock) => html = Some((String::new(), range)),
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((text, span)) = html.take() {
                    blocks.push(Block::Html { text, span });
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.trim().to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((info, String::new(), None, range));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((info, text, start, span)) = code.take() {
                    let content_start = start.unwrap_or(span.start);
                    blocks.push(Block::Code {
                        info,
                        text,
                        content_start,
                        span,
                    });
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some((text, _)) = inline.as_mut() {
                    text.cell.links.push(dest_url.to_string());
                }
            }
            Event::Text(t) => {
                if let Some((text, _)) = metadata.as_mut() {
                    text.push_str(&t);
                } else if let Some((_, text, start, _)) = code.as_mut() {
                    start.get_or_insert(range.start);
                    text.push_str(&t);
                } else if let Some((_, text, _)) = heading.as_mut() {
                    text.text(&t);
                } else if let Some((text, _)) = inline.as_mut() {
                    text.text(&t);
                }
            }
            Event::Code(c) => {
                if let Some((_, text, _)) = heading.as_mut() {
                    text.code(&c);
                } else if let Some((text, _)) = inline.as_mut() {
                    text.code(&c);
                }
            }
            Event::Html(h) => {
                if let Some((text, _)) = html.as_mut() {
                    text.push_str(&h);
                }
            }
            Event::InlineHtml(h) => {
                if let Some((text, _)) = inline.as_mut() {
                    text.html(&h);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((text, _)) = inline.as_mut() {
                    text.text(" ");
                }
            }
            _ => {}
        }
    }
    blocks
}

/// Narrows a span to its text without surrounding white space.
fn trim_span(page: &str, span: Range<usize>) -> Range<usize> {
    let slice = &page[span.clone()];
    let start = span.start + (slice.len() - slice.trim_start().len());
    let end = span.end - (slice.len() - slice.trim_end().len());
    start..end.max(start)
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}
