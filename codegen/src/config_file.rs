//! `graphdoc.toml`: what to generate, from where, under which names, with which types, and
//! which diagnostics fail the run. Unknown keys and bad values are errors pointing into the
//! file, rendered like every other diagnostic.
//!
//! [`ConfigFile::read`] gives the inputs, the [`Settings`] and the two targets the file
//! describes.
//!
//! ```toml
//! inputs = ["docs-input"]
//! out = "generated"
//!
//! [select]                      # what to generate; what it uses comes along
//! types = ["cloudPcDeviceImage"]
//! namespaces = ["microsoft.graph.callRecords"]
//! areas = ["cloud-pc"]          # the pages' ms.prod
//! relationships = "selection"   # or "follow": generate what relationships lead to
//!
//! [rename]
//! "microsoft.graph.cloudPcDeviceImage" = "DeviceImage"
//!
//! [types]
//! mapping = "strings"           # or "native" (the default)
//!
//! [diagnostics]
//! deny = ["GD0301"]
//! allow = ["GD0304"]            # a code, or "warnings"
//! cargo_warnings = "each"       # in a build script: "summary" (the default), "each", "none"
//!
//! [features]
//! default = "full"              # or "none"; without it, "full" up to 200 types
//!
//! [upstream]                    # what `graphdoc sync` copies into the first input
//! repository = "https://github.com/microsoftgraph/microsoft-graph-docs-contrib"
//! pages = ["api-reference/beta/resources/cloudpc*.md"]
//! ```

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostics::{self, Code, Diagnostic, Selector, SeverityPolicy};
use crate::settings::Settings;
use crate::source::{Loc, SourceFile, SourceMap};
use crate::target::{CargoWarnings, CrateDir, OutDirFile};

/// How primitive types are mapped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TypeMapping {
    /// Dates, times, durations, GUIDs and bytes as chrono, uuid and `Vec<u8>` (base64).
    #[default]
    Native,
    /// Those as `String`: no dependencies beyond serde and serde_json.
    Strings,
}

/// Which relationships (navigation properties) of the selected types a selection keeps.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Relationships {
    /// Only those to types the selection generates anyway (selected, used by a property,
    /// or a base type): the others are left out of the relationships struct and their JSON
    /// lands in `additional_data`.
    #[default]
    Selection,
    /// All of them: the types they lead to are generated too, and what those use and lead
    /// to, transitively.
    Follow,
}

impl Relationships {
    /// The value as the config file and the command line write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Relationships::Selection => "selection",
            Relationships::Follow => "follow",
        }
    }
}

impl std::str::FromStr for Relationships {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "selection" => Ok(Relationships::Selection),
            "follow" => Ok(Relationships::Follow),
            other => Err(format!(
                "unknown relationships `{other}`: expected `selection` or `follow`"
            )),
        }
    }
}

/// What a generated crate's `default` feature enables.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DefaultFeatures {
    /// `full` when the crate has at most `DEFAULT_FULL_LIMIT` types, else nothing.
    #[default]
    Auto,
    /// `full`, whatever the crate's size.
    Full,
    /// Nothing: a dependency names the areas it needs.
    None,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    inputs: Vec<String>,
    out: Option<String>,
    crate_name: Option<String>,
    module_path: Option<String>,
    #[serde(default)]
    select: RawSelect,
    #[serde(default)]
    rename: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    types: RawTypes,
    #[serde(default)]
    diagnostics: RawDiagnostics,
    #[serde(default)]
    features: RawFeatures,
    upstream: Option<RawUpstream>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUpstream {
    repository: Option<String>,
    #[serde(default)]
    pages: Vec<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeatures {
    #[serde(default)]
    default: DefaultFeatures,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSelect {
    #[serde(default)]
    types: Vec<Spanned<String>>,
    #[serde(default)]
    namespaces: Vec<Spanned<String>>,
    #[serde(default)]
    areas: Vec<Spanned<String>>,
    #[serde(default)]
    relationships: Relationships,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTypes {
    #[serde(default)]
    mapping: TypeMapping,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDiagnostics {
    #[serde(default)]
    deny: Vec<Spanned<String>>,
    #[serde(default)]
    allow: Vec<Spanned<String>>,
    cargo_warnings: Option<CargoWarnings>,
}

/// A value in the config file and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub value: String,
    pub span: Range<usize>,
}

impl From<Spanned<String>> for Located {
    fn from(spanned: Spanned<String>) -> Self {
        Located {
            span: spanned.span(),
            value: spanned.into_inner(),
        }
    }
}

/// Which types to generate. Empty lists select everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Type or enum names, simple (`user`) or qualified (`microsoft.graph.user`).
    pub types: Vec<Located>,
    pub namespaces: Vec<Located>,
    pub areas: Vec<Located>,
    /// Which relationships of the selected types are kept, and followed.
    pub relationships: Relationships,
}

impl Selection {
    pub fn is_everything(&self) -> bool {
        self.types.is_empty() && self.namespaces.is_empty() && self.areas.is_empty()
    }
}

/// The `[upstream]` section: the docs repository `graphdoc sync` copies pages from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Upstream {
    /// The repository's URL, for people and the lock; sync reads a local checkout.
    pub repository: Option<String>,
    /// Paths or globs (`*`, `?`, `**`) relative to the repository's root.
    pub pages: Vec<Located>,
}

/// What a config file's text says, before it becomes a [`ConfigFile`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    /// Inputs, relative to the config file's directory.
    pub inputs: Vec<PathBuf>,
    pub out: Option<PathBuf>,
    pub crate_name: Option<String>,
    pub module_path: Option<String>,
    pub selection: Selection,
    /// Docs name (simple or qualified) to Rust name.
    pub renames: Vec<(Located, Located)>,
    pub mapping: TypeMapping,
    pub default_features: DefaultFeatures,
    pub deny: Vec<Selector>,
    pub allow: Vec<Selector>,
    /// How a build script reports warnings to cargo, when the file says.
    pub cargo_warnings: Option<CargoWarnings>,
    pub upstream: Option<Upstream>,
}

/// A problem with the config file: a message and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    pub message: String,
    pub span: Range<usize>,
}

/// Parses a config file's text. Paths in it are taken relative to `dir`.
pub fn parse(text: &str, dir: &Path) -> Result<Parsed, Vec<ConfigProblem>> {
    let raw: RawFile = toml::from_str(text).map_err(|error| {
        vec![ConfigProblem {
            message: error.message().trim().to_string(),
            span: error.span().unwrap_or(0..0),
        }]
    })?;
    let mut problems = Vec::new();
    let mut selectors = |list: Vec<Spanned<String>>| -> Vec<Selector> {
        list.into_iter()
            .filter_map(|item| {
                let span = item.span();
                match item.get_ref().parse::<Selector>() {
                    Ok(selector) => Some(selector),
                    Err(message) => {
                        problems.push(ConfigProblem { message, span });
                        None
                    }
                }
            })
            .collect()
    };
    let deny = selectors(raw.diagnostics.deny);
    let allow = selectors(raw.diagnostics.allow);
    let renames: Vec<(Located, Located)> = raw
        .rename
        .into_iter()
        .map(|(from, to)| (Located::from(from), Located::from(to)))
        .collect();
    for (_, to) in &renames {
        if !is_rust_type_name(&to.value) {
            problems.push(ConfigProblem {
                message: format!("`{}` is not a Rust type name", to.value),
                span: to.span.clone(),
            });
        }
    }
    let upstream = raw.upstream.map(|raw| Upstream {
        repository: raw.repository,
        pages: raw.pages.into_iter().map(Located::from).collect(),
    });
    for page in upstream.iter().flat_map(|u| &u.pages) {
        if let Err(message) = crate::sync::check_pattern(&page.value) {
            problems.push(ConfigProblem {
                message,
                span: page.span.clone(),
            });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Parsed {
        inputs: raw.inputs.iter().map(|i| normalize(&dir.join(i))).collect(),
        out: raw.out.map(|o| normalize(&dir.join(o))),
        crate_name: raw.crate_name,
        module_path: raw.module_path,
        selection: Selection {
            types: raw.select.types.into_iter().map(Located::from).collect(),
            namespaces: raw
                .select
                .namespaces
                .into_iter()
                .map(Located::from)
                .collect(),
            areas: raw.select.areas.into_iter().map(Located::from).collect(),
            relationships: raw.select.relationships,
        },
        renames,
        mapping: raw.types.mapping,
        default_features: raw.features.default,
        deny,
        allow,
        cargo_warnings: raw.diagnostics.cargo_warnings,
        upstream,
    })
}

/// A config file as read: where it is, how messages name it, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigSource {
    pub path: PathBuf,
    pub display: String,
    pub text: String,
}

/// A config file that cannot be used; `Display` shows each problem rendered rustc-style.
#[derive(Debug)]
pub struct ConfigError {
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

/// Everything a `graphdoc.toml` says: which pages to read, what to generate, and where
/// to write it (a crate directory for the command line, or the file and module path for
/// a build script).
#[derive(Debug, Clone)]
pub struct ConfigFile {
    /// The `inputs`, relative to the file's directory; `docs-input` when it lists none.
    pub inputs: Vec<PathBuf>,
    /// The selection, renames, type mapping and diagnostics policy, with the file as the
    /// place of every name in it.
    pub settings: Settings,
    /// `out` (default `generated`, relative to the file) and `crate_name`.
    pub crate_dir: CrateDir,
    /// `module_path` (default `crate`), for a build script.
    pub out_dir_file: OutDirFile,
    /// The `[upstream]` section, for `graphdoc sync`.
    pub upstream: Option<Upstream>,
    /// Where the file is, as read; `graphdoc.lock` sits beside it.
    pub path: PathBuf,
}

impl ConfigFile {
    /// Reads and checks a `graphdoc.toml`; paths in it are relative to its directory.
    pub fn read(path: impl Into<PathBuf>) -> Result<ConfigFile, ConfigError> {
        let path = path.into();
        let display = path.to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(&path).map_err(|error| ConfigError {
            message: format!(
                "error[{}]: cannot read {display}: {error}",
                Code::ReadFailed
            ),
        })?;
        let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
        let parsed = parse(&text, &dir).map_err(|problems| {
            let mut sources = SourceMap::default();
            let file = sources.add(SourceFile::not_a_page(
                path.clone(),
                display.clone(),
                text.clone(),
            ));
            let rendered: Vec<String> = problems
                .into_iter()
                .map(|p| {
                    let d = Diagnostic::new(Code::ConfigInvalid, Loc::new(file, p.span), p.message)
                        .with_help("see the config file format in the README");
                    diagnostics::render(&d, &sources)
                })
                .collect();
            ConfigError {
                message: rendered.join("\n"),
            }
        })?;
        let inputs = if parsed.inputs.is_empty() {
            vec![PathBuf::from("docs-input")]
        } else {
            parsed.inputs
        };
        let mut crate_dir = CrateDir::new(parsed.out.unwrap_or_else(|| PathBuf::from("generated")));
        if let Some(name) = parsed.crate_name {
            crate_dir = crate_dir.with_crate_name(name);
        }
        let mut out_dir_file = OutDirFile::new();
        if let Some(module_path) = parsed.module_path {
            out_dir_file = out_dir_file.with_module_path(module_path);
        }
        if let Some(warnings) = parsed.cargo_warnings {
            out_dir_file = out_dir_file.with_cargo_warnings(warnings);
        }
        let settings = Settings::from_config_file(
            ConfigSource {
                path: path.clone(),
                display,
                text,
            },
            parsed.selection,
            parsed.renames,
            parsed.mapping,
            parsed.default_features,
            SeverityPolicy {
                deny: parsed.deny,
                allow: parsed.allow,
            },
        );
        Ok(ConfigFile {
            inputs,
            settings,
            crate_dir,
            out_dir_file,
            upstream: parsed.upstream,
            path,
        })
    }

    /// `graphdoc.lock` beside the file: what the last `graphdoc sync` copied.
    pub fn lock_path(&self) -> PathBuf {
        self.path
            .parent()
            .unwrap_or(Path::new(""))
            .join(crate::sync::LOCK_FILE)
    }
}

/// Removes `.` and resolves `..` against earlier components, without touching the file
/// system, so `docs/config/../good` reads `docs/good` in messages and headers.
pub fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut parts: Vec<Component<'_>> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if matches!(parts.last(), Some(Component::Normal(_))) => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    if parts.is_empty() {
        PathBuf::from(".")
    } else {
        parts.iter().collect()
    }
}

/// An identifier that starts with an upper-case letter and is not a keyword.
pub(crate) fn is_rust_type_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "Self"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_file() {
        let text = r#"
inputs = ["docs"]
out = "gen"

[select]
types = ["cloudPcDeviceImage"]
areas = ["cloud-pc"]

[rename]
"microsoft.graph.cloudPcDeviceImage" = "DeviceImage"

[types]
mapping = "strings"

[diagnostics]
deny = ["GD0301"]
allow = ["warnings"]

[features]
default = "none"
"#;
        let settings = parse(text, Path::new("cfg")).unwrap();
        assert_eq!(settings.inputs, [PathBuf::from("cfg/docs")]);
        assert_eq!(settings.out, Some(PathBuf::from("cfg/gen")));
        assert_eq!(settings.mapping, TypeMapping::Strings);
        assert_eq!(settings.selection.types[0].value, "cloudPcDeviceImage");
        assert_eq!(settings.renames[0].1.value, "DeviceImage");
        assert_eq!(settings.allow, [Selector::Warnings]);
        assert_eq!(settings.cargo_warnings, None);
        let each = parse("[diagnostics]\ncargo_warnings = \"each\"\n", Path::new(".")).unwrap();
        assert_eq!(each.cargo_warnings, Some(CargoWarnings::Each));
        assert!(parse("[diagnostics]\ncargo_warnings = \"all\"\n", Path::new(".")).is_err());
        assert_eq!(settings.default_features, DefaultFeatures::None);
        let auto = parse("", Path::new(".")).unwrap();
        assert_eq!(auto.default_features, DefaultFeatures::Auto);
        let full = parse("[features]\ndefault = \"full\"\n", Path::new(".")).unwrap();
        assert_eq!(full.default_features, DefaultFeatures::Full);
        assert!(parse("[features]\ndefault = \"some\"\n", Path::new(".")).is_err());
    }

    #[test]
    fn a_selection_keeps_its_relationships_only_when_told() {
        let parsed = parse("[select]\ntypes = [\"user\"]\n", Path::new(".")).unwrap();
        assert_eq!(parsed.selection.relationships, Relationships::Selection);
        let follow = "[select]\ntypes = [\"user\"]\nrelationships = \"follow\"\n";
        let parsed = parse(follow, Path::new(".")).unwrap();
        assert_eq!(parsed.selection.relationships, Relationships::Follow);
        let explicit = "[select]\nrelationships = \"selection\"\n";
        let parsed = parse(explicit, Path::new(".")).unwrap();
        assert_eq!(parsed.selection.relationships, Relationships::Selection);
        assert!(
            parsed.selection.is_everything(),
            "the mode alone selects nothing"
        );

        let unknown = "[select]\ntypes = []\nrelationships = \"all\"\n";
        let problems = parse(unknown, Path::new(".")).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(&unknown[problems[0].span.clone()], "\"all\"");
        assert!(
            problems[0].message.contains("all") || problems[0].message.contains("variant"),
            "{}",
            problems[0].message
        );
        let wrong_kind = "[select]\nrelationships = true\n";
        let problems = parse(wrong_kind, Path::new(".")).unwrap_err();
        assert_eq!(&wrong_kind[problems[0].span.clone()], "true");
        assert_eq!("follow".parse(), Ok(Relationships::Follow));
        assert!("Follow".parse::<Relationships>().is_err());
    }

    #[test]
    fn paths_are_normalized_lexically() {
        assert_eq!(normalize(Path::new("a/b/../c/./d")), PathBuf::from("a/c/d"));
        assert_eq!(normalize(Path::new("../x")), PathBuf::from("../x"));
        assert_eq!(normalize(Path::new("a/..")), PathBuf::from("."));
    }

    #[test]
    fn unknown_keys_are_errors_with_a_place() {
        let text = "[select]\ntypes = []\ncolour = \"red\"\n";
        let problems = parse(text, Path::new(".")).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].message.contains("colour"),
            "{}",
            problems[0].message
        );
        assert_eq!(&text[problems[0].span.clone()], "colour");
    }

    #[test]
    fn bad_values_are_errors_with_a_place() {
        let text = "[diagnostics]\ndeny = [\"GD9999\"]\n[rename]\nx = \"not a name\"\n";
        let problems = parse(text, Path::new(".")).unwrap_err();
        assert_eq!(problems.len(), 2);
        assert_eq!(&text[problems[0].span.clone()], "\"GD9999\"");
        let mapping = parse("[types]\nmapping = \"fancy\"\n", Path::new(".")).unwrap_err();
        assert!(mapping[0].message.contains("fancy") || mapping[0].message.contains("variant"));
    }

    #[test]
    fn an_upstream_section() {
        let text = "[upstream]\nrepository = \"https://example.com/docs\"\npages = [\"a/b/*.md\", \"c.md\"]\n";
        let parsed = parse(text, Path::new(".")).unwrap();
        let upstream = parsed.upstream.unwrap();
        assert_eq!(
            upstream.repository.as_deref(),
            Some("https://example.com/docs")
        );
        assert_eq!(upstream.pages[0].value, "a/b/*.md");
        assert_eq!(&text[upstream.pages[1].span.clone()], "\"c.md\"");
        assert_eq!(parse("", Path::new(".")).unwrap().upstream, None);

        let unknown = "[upstream]\npages = []\nbranch = \"main\"\n";
        let problems = parse(unknown, Path::new(".")).unwrap_err();
        assert_eq!(&unknown[problems[0].span.clone()], "branch");
        let wrong_kind = "[upstream]\npages = \"a.md\"\n";
        let problems = parse(wrong_kind, Path::new(".")).unwrap_err();
        assert_eq!(&wrong_kind[problems[0].span.clone()], "\"a.md\"");
        let escaping = "[upstream]\npages = [\"../x.md\", \"/abs.md\", \"\"]\n";
        let problems = parse(escaping, Path::new(".")).unwrap_err();
        assert_eq!(problems.len(), 3);
        assert_eq!(&escaping[problems[0].span.clone()], "\"../x.md\"");
    }
}
