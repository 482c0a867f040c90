//! A code block of a page, with a way back from offsets in its text to offsets in the
//! page: the examples validator and the method page reader both point into code blocks.

/// A code block, with a way back from offsets in its text to offsets in the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeBlock {
    pub info: String,
    pub text: String,
    /// `(offset in text, offset in page)` at the start of each line.
    lines: Vec<(usize, usize)>,
}

impl CodeBlock {
    pub fn new(page: &str, info: String, text: String, content_start: usize) -> CodeBlock {
        let lines = line_map(page, &text, content_start);
        CodeBlock { info, text, lines }
    }

    /// The page offset of a byte offset in the block text. The markdown reader strips a
    /// list item's indentation from code lines, so lines are mapped one by one.
    pub fn page_offset(&self, offset: usize) -> usize {
        let i = self.lines.partition_point(|(text, _)| *text <= offset);
        let (text, page) = self.lines[i.saturating_sub(1)];
        page + offset.saturating_sub(text)
    }
}

/// Where each line of `text` starts in the page, searching forward from `content_start`.
fn line_map(page: &str, text: &str, content_start: usize) -> Vec<(usize, usize)> {
    if page.get(content_start..content_start + text.len()) == Some(text) {
        return vec![(0, content_start)];
    }
    let mut lines = Vec::new();
    let mut text_at = 0;
    let mut cursor = content_start.min(page.len());
    for line in text.split_inclusive('\n') {
        let needle = line.trim_end_matches(['\n', '\r']);
        let page_at = match page.get(cursor..).and_then(|rest| rest.find(needle)) {
            Some(found) if !needle.is_empty() => cursor + found,
            _ => cursor,
        };
        lines.push((text_at, page_at));
        cursor = (page_at + needle.len()).min(page.len());
        text_at += line.len();
    }
    if lines.is_empty() {
        lines.push((0, content_start));
    }
    lines
}
