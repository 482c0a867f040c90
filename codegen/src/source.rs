//! Source files and byte-offset to line/column mapping.

use std::ops::Range;
use std::path::{Path, PathBuf};

/// Index of a [`SourceFile`] in a [`SourceMap`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct FileId(pub usize);

/// A place in an input page: the file and a byte range within it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Loc {
    pub file: FileId,
    pub span: Range<usize>,
}

impl PartialOrd for Loc {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Places order by file, then position: the order diagnostics are printed in.
impl Ord for Loc {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.file, self.span.start, self.span.end).cmp(&(
            other.file,
            other.span.start,
            other.span.end,
        ))
    }
}

impl Loc {
    pub fn new(file: FileId, span: Range<usize>) -> Self {
        Loc { file, span }
    }
}

/// One input page, with the path used to name it in messages.
#[derive(Debug)]
pub struct SourceFile {
    /// Where the file was read from.
    pub path: PathBuf,
    /// How the file is named in diagnostics, reports and generated headers.
    pub display: String,
    pub text: String,
    /// An input page, as opposed to the config file.
    pub is_page: bool,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(path: PathBuf, display: String, text: String) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            path,
            display,
            text,
            is_page: true,
            line_starts,
        }
    }

    /// A source that is not a page (the config file), kept for its diagnostics.
    pub fn not_a_page(path: PathBuf, display: String, text: String) -> Self {
        SourceFile {
            is_page: false,
            ..SourceFile::new(path, display, text)
        }
    }

    /// One-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = self.floor_char_boundary(offset.min(self.text.len()));
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let column = self.text[self.line_starts[line]..offset].chars().count() + 1;
        (line + 1, column)
    }

    /// The text of a one-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&next| next);
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    fn floor_char_boundary(&self, mut offset: usize) -> usize {
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

/// All pages of one run.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(self.files.len() - 1)
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0]
    }

    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(i), f))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// How many of the sources are input pages.
    pub fn page_count(&self) -> usize {
        self.files.iter().filter(|f| f.is_page).count()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// Names a path for messages: relative paths as given, absolute ones by their last components.
pub fn display_path(root: &Path, relative: &Path) -> String {
    let root_name = if root.is_absolute() {
        root.file_name().map(PathBuf::from).unwrap_or_default()
    } else {
        root.to_path_buf()
    };
    root_name
        .join(relative)
        .to_string_lossy()
        .replace('\\', "/")
        .trim_start_matches("./")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let file = SourceFile::new("p.md".into(), "p.md".into(), "ab\n’x|y\n".into());
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(3), (2, 1));
        assert_eq!(file.line_col(6), (2, 2));
        assert_eq!(file.line_text(2), "’x|y");
    }

    #[test]
    fn offsets_inside_a_character_round_down() {
        let file = SourceFile::new("p.md".into(), "p.md".into(), "’x".into());
        assert_eq!(file.line_col(1), (1, 1));
    }

    #[test]
    fn display_path_keeps_relative_roots() {
        assert_eq!(
            display_path(Path::new("docs-input"), Path::new("a.md")),
            "docs-input/a.md"
        );
        assert_eq!(
            display_path(Path::new("/abs/docs"), Path::new("a.md")),
            "docs/a.md"
        );
    }
}
