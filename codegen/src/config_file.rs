//! `graphdoc.toml`: what to generate, from where, under which names, with which types, and
//! which diagnostics fail the run. Unknown keys and bad values are errors pointing into the
//! file, rendered like every other diagnostic.
//!
//! ```toml
//! inputs = ["docs-input"]
//! out = "generated"
//!
//! [select]                      # what to generate; what it uses comes along
//! types = ["cloudPcDeviceImage"]
//! namespaces = ["microsoft.graph.callRecords"]
//! areas = ["cloud-pc"]          # the pages' ms.prod
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
//! ```

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostics::Selector;

/// How primitive types are mapped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TypeMapping {
    /// Dates, times, durations, GUIDs and bytes as jiff, uuid and `Vec<u8>` (base64).
    #[default]
    Native,
    /// Those as `String`: no dependencies beyond serde and serde_json.
    Strings,
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
}

impl Selection {
    pub fn is_everything(&self) -> bool {
        self.types.is_empty() && self.namespaces.is_empty() && self.areas.is_empty()
    }
}

/// The settings of a config file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// Inputs, relative to the config file's directory.
    pub inputs: Vec<PathBuf>,
    pub out: Option<PathBuf>,
    pub crate_name: Option<String>,
    pub module_path: Option<String>,
    pub selection: Selection,
    /// Docs name (simple or qualified) to Rust name.
    pub renames: Vec<(Located, Located)>,
    pub mapping: TypeMapping,
    pub deny: Vec<Selector>,
    pub allow: Vec<Selector>,
}

/// A problem with the config file: a message and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    pub message: String,
    pub span: Range<usize>,
}

/// Parses a config file's text. Paths in it are taken relative to `dir`.
pub fn parse(text: &str, dir: &Path) -> Result<Settings, Vec<ConfigProblem>> {
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
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Settings {
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
        },
        renames,
        mapping: raw.types.mapping,
        deny,
        allow,
    })
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
fn is_rust_type_name(name: &str) -> bool {
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
"#;
        let settings = parse(text, Path::new("cfg")).unwrap();
        assert_eq!(settings.inputs, [PathBuf::from("cfg/docs")]);
        assert_eq!(settings.out, Some(PathBuf::from("cfg/gen")));
        assert_eq!(settings.mapping, TypeMapping::Strings);
        assert_eq!(settings.selection.types[0].value, "cloudPcDeviceImage");
        assert_eq!(settings.renames[0].1.value, "DeviceImage");
        assert_eq!(settings.allow, [Selector::Warnings]);
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
}
