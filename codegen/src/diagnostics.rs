//! Diagnostics: stable codes, severities, collection and rustc-style rendering.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::source::{Loc, SourceMap};

/// How bad a finding is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

macro_rules! codes {
    ($($variant:ident = $code:literal, $severity:ident, $summary:literal;)*) => {
        /// Every diagnostic graphdoc can report. Codes are stable: scripts filter on them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        pub enum Code { $($variant,)* }

        impl Code {
            /// All codes, in code order (for the README table and `--deny` validation).
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable code, such as `GD0303`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// The severity used unless the run overrides it.
            pub fn default_severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// One line saying what the code means.
            pub fn summary(self) -> &'static str {
                match self { $(Code::$variant => $summary,)* }
            }
        }
    };
}

codes! {
    ReadFailed = "GD0001", Error, "an input file or directory cannot be read";
    NotUtf8 = "GD0002", Error, "an input page is not valid UTF-8";
    NoPages = "GD0003", Error, "an input directory holds no markdown pages";
    WriteFailed = "GD0004", Error, "the output directory cannot be written; the previous output is intact";
    ConfigInvalid = "GD0005", Error, "the config file, or settings set in code, hold an unknown key or a value of the wrong kind";
    ConfigNameUnknown = "GD0006", Error, "the config file, or settings set in code, name a type, namespace or area that no page defines";
    PageEdited = "GD0007", Error, "an input page differs from graphdoc.lock: it was edited after the last sync";
    PageMissing = "GD0008", Error, "a page graphdoc.lock lists is missing from the input directory";
    SyncRefused = "GD0009", Error, "`graphdoc sync` cannot copy the pages: a pattern matches no upstream page, the directory is not a git checkout or holds uncommitted changes, or two pages share a file name";
    LockInvalid = "GD0010", Error, "graphdoc.lock cannot be read, or holds an unknown key or a value of the wrong kind";
    LenientJson = "GD0101", Warning, "an annotation or JSON block is not strict JSON (comments, trailing commas; in an annotation also HTML entities such as `&quot;` and unquoted keys); it was read leniently";
    AnnotationInvalid = "GD0102", Error, "a resource annotation cannot be parsed even leniently";
    StringBoolean = "GD0103", Warning, "an annotation gives a boolean as a string such as \"true\"";
    AnnotationNoType = "GD0104", Error, "a resource annotation names no type (`@odata.type` or `@type`)";
    JsonBlockInvalid = "GD0105", Warning, "the JSON representation cannot be parsed; the tables alone are used";
    JsonBlockMissing = "GD0106", Warning, "a resource page has no JSON representation block";
    NoPropertiesTable = "GD0201", Warning, "a resource page has no properties table";
    RowNotProperty = "GD0202", Warning, "a table row does not name a property; it was skipped";
    DuplicateProperty = "GD0203", Warning, "a property is listed twice; the first row is used";
    EmptyType = "GD0204", Warning, "a property row has an empty type cell";
    MemberInvalid = "GD0205", Warning, "an enum table row does not name a member; it was skipped";
    DuplicateMember = "GD0206", Warning, "an enum member is listed twice; the first row is used";
    PossibleValueNotMember = "GD0207", Warning, "a description lists a possible value that its enum table lacks";
    UnknownType = "GD0301", Warning, "a type reference names no known type; `serde_json::Value` is used";
    UnreadableType = "GD0302", Warning, "a type cell cannot be read as a type; `serde_json::Value` is used";
    TypeMismatch = "GD0303", Warning, "the JSON representation and the table disagree on a type; the table wins";
    StringPlaceholder = "GD0304", Warning, "the JSON representation gives \"String\" where the table names a more specific type";
    MissingFromJson = "GD0305", Warning, "a table property is absent from the JSON representation";
    OnlyInJson = "GD0306", Warning, "a JSON representation property is absent from the tables; it is kept with the JSON type";
    CaseMismatch = "GD0307", Warning, "a type reference matches a known type only when case is ignored";
    KeywordRenamed = "GD0401", Warning, "a name is a Rust keyword that cannot be a raw identifier; it was renamed";
    NameCollision = "GD0402", Warning, "two names collide after case conversion; a suffix was added";
    InvalidName = "GD0403", Warning, "a name holds characters no identifier can; it was skipped";
    AreaNotFeature = "GD0404", Warning, "a page's area cannot be a cargo feature name; the item is in its namespace's feature";
    UnknownBase = "GD0501", Warning, "a base type is not defined by any page; the type has no base";
    InheritanceCycle = "GD0502", Error, "types inherit from each other in a cycle";
    ConflictingDefinition = "GD0503", Warning, "two places define one type or enum differently; a type keeps the first page's property types, an enum gets every member";
    InheritedPlacement = "GD0504", Warning, "a derived type lists an inherited property under the other table than its base (Properties or Relationships); it is read and written where the base has it";
    ExampleAnnotationInvalid = "GD0601", Warning, "an example annotation on a method page cannot be parsed even leniently; it is skipped";
    ExampleNoBlock = "GD0602", Warning, "an example annotation has no code block after it";
    ExampleStartLine = "GD0603", Warning, "a response block has no HTTP status line, or a request block no request line";
    ExampleNotJson = "GD0604", Error, "an example body is not JSON";
    ExampleUnknownType = "GD0605", Error, "an example names a type that no resource page defines";
    ExampleWrongKind = "GD0606", Error, "an example value has the wrong JSON type for its property (a string for a number, an array for a single value, …)";
    ExampleBadValue = "GD0607", Error, "an example value does not parse as its type (date, time, duration, GUID, base64, integer range)";
    ExampleNotMember = "GD0608", Error, "an example gives an enum value that its enum table lacks";
    ExampleUnrelatedType = "GD0609", Error, "an `@odata.type` in an example names neither the annotated type nor a type derived from it";
    ExampleUnknownProperty = "GD0610", Warning, "an example gives a property that the docs do not list for its type";
    ExampleMissingProperties = "GD0611", Warning, "an example not marked truncated lacks documented properties";
    ExampleShape = "GD0612", Warning, "an example body is a collection where the annotation says a single value, or the reverse; it is checked by its shape";
    ExampleDuplicateKey = "GD0613", Error, "an example object gives one property twice";
    ExampleNoBody = "GD0614", Warning, "a response that names a type has no body and is not marked `isEmpty`";
    ExampleUndeclaredBase = "GD0615", Warning, "an `@odata.type` in an example names a type whose page declares no base type; its members are not checked";
    RequestLineUnreadable = "GD0701", Warning, "a method page's request line cannot be read as a method and a path; that alias of the operation is left out";
    NoRequestLine = "GD0702", Warning, "a method page gives no readable request line; it makes no operation";
    RequestMethodDiffers = "GD0703", Warning, "a request line's HTTP method differs from the page's first line; that alias is left out";
    ResponseStatusUnreadable = "GD0704", Warning, "a method page's Response section is missing or names no status code; the operation accepts any success status";
    DuplicateOperation = "GD0705", Warning, "two method pages share a file stem, the operation's id; the first page is used";
    LoweringInvariant = "GD0998", Error, "lowering left two Rust names clashing or a name the compiler would reject: a bug in graphdoc, please report it";
    Internal = "GD0999", Error, "graphdoc emitted code that does not parse: a bug in graphdoc, please report it";
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Code {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Code::ALL
            .iter()
            .copied()
            .find(|code| code.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown diagnostic code `{s}`"))
    }
}

/// One finding about the input.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// Where the problem is; `None` for problems with a whole file or the run.
    pub loc: Option<Loc>,
    /// A path for problems without a location inside a page.
    pub path: Option<String>,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(code: Code, loc: Loc, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.default_severity(),
            message: message.into(),
            loc: Some(loc),
            path: None,
            help: None,
        }
    }

    /// A diagnostic about a path rather than a place inside a page.
    pub fn at_path(code: Code, path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.default_severity(),
            message: message.into(),
            loc: None,
            path: Some(path.into()),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// Which codes a run promotes to errors or silences.
#[derive(Debug, Clone, Default)]
pub struct SeverityPolicy {
    pub deny: Vec<Selector>,
    pub allow: Vec<Selector>,
}

/// Which diagnostics a `--deny` or `--allow` names: one code, or every warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selector {
    Code(Code),
    Warnings,
}

impl Selector {
    fn matches(self, code: Code) -> bool {
        match self {
            Selector::Code(c) => c == code,
            Selector::Warnings => code.default_severity() == Severity::Warning,
        }
    }
}

impl std::str::FromStr for Selector {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.eq_ignore_ascii_case("warnings") {
            Ok(Selector::Warnings)
        } else {
            s.parse::<Code>()
                .map(Selector::Code)
                .map_err(|e| format!("{e} (expected a code such as GD0303, or `warnings`)"))
        }
    }
}

/// What names diagnostics in [`crate::Settings::with_allow`] and
/// [`crate::Settings::with_deny`]: a [`Selector`], a [`Code`], or the text a config file
/// would hold (`"GD0301"`, `"warnings"`, case ignored). Text that names no code is an error
/// (GD0005) of the run that uses the settings, located in the `<settings>` source.
pub trait IntoSelector {
    /// The selector, or the text when it names none.
    fn into_selector(self) -> Result<Selector, String>;
}

impl IntoSelector for Selector {
    fn into_selector(self) -> Result<Selector, String> {
        Ok(self)
    }
}

impl IntoSelector for Code {
    fn into_selector(self) -> Result<Selector, String> {
        Ok(Selector::Code(self))
    }
}

impl IntoSelector for &str {
    fn into_selector(self) -> Result<Selector, String> {
        self.parse().map_err(|_| self.to_string())
    }
}

impl IntoSelector for String {
    fn into_selector(self) -> Result<Selector, String> {
        self.parse().map_err(|_| self)
    }
}

impl IntoSelector for &String {
    fn into_selector(self) -> Result<Selector, String> {
        self.as_str().into_selector()
    }
}

impl SeverityPolicy {
    /// The severity a code gets in this run, or `None` when it is silenced. A code named
    /// by `--deny` wins over `--allow`; errors cannot be silenced.
    pub fn severity(&self, code: Code) -> Option<Severity> {
        let named = |list: &[Selector]| list.iter().any(|s| s.matches(code));
        if named(&self.deny) {
            Some(Severity::Error)
        } else if named(&self.allow) && code.default_severity() == Severity::Warning {
            None
        } else {
            Some(code.default_severity())
        }
    }
}

/// The diagnostics of one run, in the order they were found.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    left_out: LeftOut,
}

/// The warnings a run with a selection does not show: those on pages it generates
/// nothing from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct LeftOut {
    pub warnings: usize,
    /// The pages those warnings are on.
    pub pages: usize,
}

impl LeftOut {
    /// The line that stands for the warnings left out, if any: `graphdoc: 962 warnings on
    /// 1,201 pages not generated from are not shown`.
    pub fn summary(&self) -> Option<String> {
        if self.warnings == 0 {
            return None;
        }
        let plural = |n: usize, word: &str| {
            format!("{} {word}{}", thousands(n), if n == 1 { "" } else { "s" })
        };
        Some(format!(
            "graphdoc: {} on {} not generated from {} not shown",
            plural(self.warnings, "warning"),
            plural(self.pages, "page"),
            if self.warnings == 1 { "is" } else { "are" },
        ))
    }
}

/// `1201` as `1,201`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    /// Applies a severity policy and sorts by file, position and code so output is deterministic.
    pub fn finish(&mut self, policy: &SeverityPolicy) {
        self.items.retain_mut(|d| match policy.severity(d.code) {
            Some(severity) => {
                d.severity = severity;
                true
            }
            None => false,
        });
        self.items.sort_by(|a, b| {
            let key = |d: &Diagnostic| (d.path.clone(), d.loc.clone(), d.code);
            key(a).cmp(&key(b))
        });
        self.items.dedup();
    }

    /// Leaves out the warnings located in pages that `shown` rejects, counting them and
    /// the pages they are on. Errors, and warnings anywhere else (the config file, a
    /// path), always stay. Run after [`Diagnostics::finish`], so a denied warning is an
    /// error and stays, and an allowed one is not counted.
    pub fn leave_out_pages(&mut self, sources: &SourceMap, shown: impl Fn(&str) -> bool) {
        let mut pages = std::collections::BTreeSet::new();
        let mut warnings = 0;
        self.items.retain(|d| {
            let Some(loc) = d.loc.as_ref().filter(|_| d.severity == Severity::Warning) else {
                return true;
            };
            let file = sources.get(loc.file);
            if !file.is_page || shown(&file.display) {
                return true;
            }
            warnings += 1;
            pages.insert(loc.file);
            false
        });
        self.left_out.warnings += warnings;
        self.left_out.pages += pages.len();
    }

    /// The warnings [`Diagnostics::leave_out_pages`] left out.
    pub fn left_out(&self) -> LeftOut {
        self.left_out
    }

    /// How many diagnostics each code produced.
    pub fn by_code(&self) -> BTreeMap<Code, usize> {
        let mut counts = BTreeMap::new();
        for d in &self.items {
            *counts.entry(d.code).or_default() += 1;
        }
        counts
    }
}

/// Where a diagnostic points, resolved for printing.
pub struct Position {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

/// Resolves a diagnostic's file, line and column.
pub fn position(diagnostic: &Diagnostic, sources: &SourceMap) -> Position {
    match &diagnostic.loc {
        Some(loc) => {
            let file = sources.get(loc.file);
            let (line, column) = file.line_col(loc.span.start);
            Position {
                file: file.display.clone(),
                line,
                column,
            }
        }
        None => Position {
            file: diagnostic.path.clone().unwrap_or_default(),
            line: 0,
            column: 0,
        },
    }
}

/// The widest source excerpt shown; longer lines are cut around the caret.
const EXCERPT_WIDTH: usize = 100;

/// Renders one diagnostic the way rustc does, headed by a clickable `path:line:col`.
pub fn render(diagnostic: &Diagnostic, sources: &SourceMap) -> String {
    let mut out = String::new();
    let pos = position(diagnostic, sources);
    let head = if pos.line > 0 {
        format!("{}:{}:{}", pos.file, pos.line, pos.column)
    } else {
        pos.file.clone()
    };
    let _ = writeln!(
        out,
        "{head}: {}[{}]: {}",
        diagnostic.severity.as_str(),
        diagnostic.code,
        diagnostic.message
    );
    let gutter = pos.line.to_string().len().max(1);
    if let Some(loc) = &diagnostic.loc {
        let file = sources.get(loc.file);
        let line_text: Vec<char> = file.line_text(pos.line).chars().collect();
        let start = pos.column - 1;
        let (end_line, end_col) = file.line_col(loc.span.end);
        let width = if end_line == pos.line && end_col > pos.column {
            end_col - pos.column
        } else {
            1
        };
        let window_start = start.saturating_sub(EXCERPT_WIDTH / 3);
        let window_start = if line_text.len() <= EXCERPT_WIDTH {
            0
        } else {
            window_start
        };
        let window_end = (window_start + EXCERPT_WIDTH).min(line_text.len());
        let mut excerpt: String = line_text[window_start..window_end].iter().collect();
        let mut caret_pad = start - window_start;
        if window_start > 0 {
            excerpt.insert(0, '…');
            caret_pad += 1;
        }
        if window_end < line_text.len() {
            excerpt.push('…');
        }
        let caret_width = width.min(window_end.saturating_sub(start)).max(1);
        let excerpt = excerpt.replace('\t', " ");
        let _ = writeln!(out, "{:gutter$} |", "");
        let _ = writeln!(out, "{:>gutter$} | {excerpt}", pos.line);
        let _ = writeln!(
            out,
            "{:gutter$} | {}{}",
            "",
            " ".repeat(caret_pad),
            "^".repeat(caret_width)
        );
    }
    if let Some(help) = &diagnostic.help {
        let _ = writeln!(out, "{:gutter$} = help: {help}", "");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn one_page(text: &str) -> SourceMap {
        let mut sources = SourceMap::default();
        sources.add(SourceFile::new(
            "p.md".into(),
            "docs/p.md".into(),
            text.into(),
        ));
        sources
    }

    #[test]
    fn warnings_on_pages_not_shown_are_counted_and_errors_stay() {
        let mut sources = one_page("one\n");
        sources.add(SourceFile::new(
            "q.md".into(),
            "docs/q.md".into(),
            "two\n".into(),
        ));
        sources.add(SourceFile::not_a_page(
            "graphdoc.toml".into(),
            "graphdoc.toml".into(),
            "x\n".into(),
        ));
        let at = |file: usize, code: Code| {
            Diagnostic::new(code, Loc::new(crate::source::FileId(file), 0..1), "m")
        };
        let mut diagnostics = Diagnostics::default();
        diagnostics.push(at(0, Code::LenientJson));
        diagnostics.push(at(1, Code::LenientJson));
        diagnostics.push(at(1, Code::JsonBlockMissing));
        diagnostics.push(at(1, Code::AnnotationInvalid));
        diagnostics.push(at(2, Code::LenientJson));
        diagnostics.leave_out_pages(&sources, |page| page == "docs/p.md");
        let kept: Vec<(usize, Code)> = diagnostics
            .iter()
            .map(|d| (d.loc.as_ref().unwrap().file.0, d.code))
            .collect();
        assert_eq!(
            kept,
            [
                (0, Code::LenientJson),
                (1, Code::AnnotationInvalid),
                (2, Code::LenientJson)
            ]
        );
        assert_eq!(
            diagnostics.left_out(),
            LeftOut {
                warnings: 2,
                pages: 1
            }
        );
        assert_eq!(
            diagnostics.left_out().summary().unwrap(),
            "graphdoc: 2 warnings on 1 page not generated from are not shown"
        );
        let many = LeftOut {
            warnings: 1,
            pages: 1201,
        };
        assert_eq!(
            many.summary().unwrap(),
            "graphdoc: 1 warning on 1,201 pages not generated from is not shown"
        );
        assert_eq!(LeftOut::default().summary(), None);
        assert_eq!(thousands(962), "962");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn renders_header_source_line_caret_and_help() {
        let sources = one_page("# t\n|a|Date|x|\n");
        let loc = Loc::new(crate::source::FileId(0), 7..11);
        let d = Diagnostic::new(Code::TypeMismatch, loc, "types differ").with_help("fix it");
        let text = render(&d, &sources);
        assert_eq!(
            text,
            "docs/p.md:2:4: warning[GD0303]: types differ\n  |\n2 | |a|Date|x|\n  |    ^^^^\n  = help: fix it\n"
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_caret() {
        let line = format!("{}TARGET{}", "x".repeat(300), "y".repeat(300));
        let sources = one_page(&line);
        let d = Diagnostic::new(
            Code::UnknownType,
            Loc::new(crate::source::FileId(0), 300..306),
            "m",
        );
        let text = render(&d, &sources);
        let excerpt = text.lines().nth(2).unwrap();
        let caret = text.lines().nth(3).unwrap();
        let target_at = excerpt.chars().position(|c| c == 'T').unwrap();
        assert_eq!(caret.chars().position(|c| c == '^').unwrap(), target_at);
        assert!(excerpt.chars().count() < 120);
    }

    #[test]
    fn policy_denies_and_allows() {
        let policy = SeverityPolicy {
            deny: vec![Selector::Code(Code::TypeMismatch)],
            allow: vec![
                Selector::Code(Code::MissingFromJson),
                Selector::Code(Code::ReadFailed),
            ],
        };
        assert_eq!(policy.severity(Code::TypeMismatch), Some(Severity::Error));
        assert_eq!(policy.severity(Code::MissingFromJson), None);
        // Errors cannot be silenced.
        assert_eq!(policy.severity(Code::ReadFailed), Some(Severity::Error));
        let all = SeverityPolicy {
            deny: vec![],
            allow: vec!["warnings".parse().unwrap()],
        };
        assert_eq!(all.severity(Code::StringPlaceholder), None);
        assert_eq!(all.severity(Code::NotUtf8), Some(Severity::Error));
        let strict = SeverityPolicy {
            deny: vec!["warnings".parse().unwrap()],
            allow: vec!["GD0304".parse().unwrap()],
        };
        assert_eq!(
            strict.severity(Code::StringPlaceholder),
            Some(Severity::Error)
        );
    }

    #[test]
    fn readme_documents_every_code() {
        let readme = include_str!("../../README.md");
        for code in Code::ALL {
            let row = format!(
                "| {} | {} | {} |",
                code.as_str(),
                code.default_severity().as_str(),
                code.summary()
            );
            assert!(readme.contains(&row), "README lacks the row `{row}`");
        }
    }

    #[test]
    fn codes_parse_back() {
        for code in Code::ALL {
            assert_eq!(code.as_str().parse::<Code>().unwrap(), *code);
        }
    }
}
