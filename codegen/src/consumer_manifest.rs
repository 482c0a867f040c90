//! Whether the package a build script generates into declares the crates the generated
//! code names, with the features it needs. Without this, a missing `chrono` or a `uuid`
//! without `serde` shows up as rustc errors inside `$OUT_DIR/graphdoc.rs`; with it, the
//! build fails once, saying which `[dependencies]` lines to add.
//!
//! What counts as declared:
//!
//! - an entry of `[dependencies]` or of any `[target.'…'.dependencies]` table (a
//!   target-specific entry is taken as present), under the crate's own name as its key:
//!   the code names `chrono::`, so `chrono2 = { package = "chrono" }` does not count;
//! - `workspace = true` entries, read with the `[workspace.dependencies]` entry of the
//!   workspace root (the package's own manifest when it has `[workspace]`, the one
//!   `package.workspace` points at, or the nearest parent directory's with `[workspace]`);
//!   the features of both add up;
//! - an `optional` entry, which the package enables when it includes the code.
//!
//! A feature is on when an entry lists it, or when the entry keeps the crate's default
//! features and the feature is one of them. Features other crates enable on the same
//! dependency are not seen; `OutDirFile::with_dependency_check(false)` turns the check off.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::lower::crates::CrateDependency;

/// What one declaration of a dependency says.
#[derive(Debug, Clone, Default)]
struct Declared {
    /// Whether the crate's default features are kept.
    defaults: bool,
    features: BTreeSet<String>,
    /// The member's own entry, to rewrite with the missing features.
    entry: Option<toml::Value>,
}

/// One thing the package lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The crate is not a dependency (under its own name).
    Missing {
        name: &'static str,
        /// Keys that declare the crate under another name (`package = "chrono"`).
        renamed_as: Vec<String>,
        /// The line to add.
        line: String,
    },
    /// The crate is a dependency without some features the code needs.
    Features {
        name: &'static str,
        missing: Vec<&'static str>,
        /// The entry to put in its place.
        line: String,
    },
    /// The key is the crate's name, but `package` names another crate.
    OtherPackage {
        name: &'static str,
        package: String,
        line: String,
    },
}

impl Problem {
    fn line(&self) -> &str {
        match self {
            Problem::Missing { line, .. }
            | Problem::Features { line, .. }
            | Problem::OtherPackage { line, .. } => line,
        }
    }

    fn reason(&self) -> String {
        match self {
            Problem::Missing {
                name, renamed_as, ..
            } if renamed_as.is_empty() => format!("`{name}` is not a dependency"),
            Problem::Missing {
                name, renamed_as, ..
            } => format!(
                "`{name}` is a dependency only under another name ({}); the generated code names `{name}::`, \
                 so the key must be `{name}`",
                renamed_as
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Problem::Features { name, missing, .. } => format!(
                "`{name}` lacks the feature{} {}",
                if missing.len() == 1 { "" } else { "s" },
                missing
                    .iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Problem::OtherPackage { name, package, .. } => format!(
                "the dependency `{name}` is the package `{package}`; the generated code needs `{name}` itself"
            ),
        }
    }
}

/// The one message for everything the package lacks.
pub fn message(manifest: &Path, problems: &[Problem]) -> String {
    let mut text = format!(
        "graphdoc: the generated code needs dependencies that {} does not declare:\n",
        manifest.display()
    );
    for problem in problems {
        let _ = writeln!(text, "  - {}", problem.reason());
    }
    text.push_str(
        "\nAdd these lines to its [dependencies] (in place of any entry of the same name):\n\n",
    );
    for problem in problems {
        let _ = writeln!(text, "{}", problem.line());
    }
    text
}

/// Checks the package whose manifest is `dir/Cargo.toml`, reading the workspace root's
/// manifest when an entry inherits from it. `Err` when a manifest cannot be read; the
/// manifests read are returned too, for a build script to watch.
pub fn check_package(
    dir: &Path,
    needed: &[CrateDependency],
) -> Result<(Vec<Problem>, Vec<PathBuf>), String> {
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest)
        .map_err(|e| format!("cannot read {}: {e}", manifest.display()))?;
    let member = parse(&manifest, &text)?;
    let mut read = vec![manifest];
    let mut workspace = None;
    if inherits(&member)
        && let Some(root) = workspace_root(dir, &member)
    {
        let text = std::fs::read_to_string(&root)
            .map_err(|e| format!("cannot read {}: {e}", root.display()))?;
        workspace = Some(parse(&root, &text)?);
        if root != read[0] {
            read.push(root);
        }
    }
    Ok((check(&member, workspace.as_ref(), needed), read))
}

fn parse(path: &Path, text: &str) -> Result<toml::Table, String> {
    text.parse::<toml::Table>()
        .map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Whether any dependency entry says `workspace = true`.
fn inherits(member: &toml::Table) -> bool {
    dependency_tables(member).any(|table| {
        table.values().any(|v| {
            v.get("workspace")
                .and_then(toml::Value::as_bool)
                .unwrap_or(false)
        })
    })
}

/// The workspace root's manifest: the package's own when it has `[workspace]`, the one
/// `package.workspace` names, or the nearest parent's that has `[workspace]`.
fn workspace_root(dir: &Path, member: &toml::Table) -> Option<PathBuf> {
    if member.contains_key("workspace") {
        return Some(dir.join("Cargo.toml"));
    }
    if let Some(path) = member
        .get("package")
        .and_then(|p| p.get("workspace"))
        .and_then(toml::Value::as_str)
    {
        return Some(dir.join(path).join("Cargo.toml"));
    }
    dir.ancestors().skip(1).find_map(|parent| {
        let manifest = parent.join("Cargo.toml");
        let text = std::fs::read_to_string(&manifest).ok()?;
        let table = text.parse::<toml::Table>().ok()?;
        table.contains_key("workspace").then_some(manifest)
    })
}

/// `[dependencies]` and every `[target.'…'.dependencies]`.
fn dependency_tables(manifest: &toml::Table) -> impl Iterator<Item = &toml::Table> {
    let main = manifest.get("dependencies").and_then(toml::Value::as_table);
    let targets = manifest
        .get("target")
        .and_then(toml::Value::as_table)
        .into_iter()
        .flat_map(|targets| targets.values())
        .filter_map(|target| target.get("dependencies").and_then(toml::Value::as_table));
    main.into_iter().chain(targets)
}

/// What the package lacks of `needed`, given its manifest and its workspace root's.
fn check(
    member: &toml::Table,
    workspace: Option<&toml::Table>,
    needed: &[CrateDependency],
) -> Vec<Problem> {
    let inherited = workspace
        .and_then(|w| w.get("workspace"))
        .and_then(|w| w.get("dependencies"))
        .and_then(toml::Value::as_table);
    let mut problems = Vec::new();
    for dependency in needed {
        let mut declarations = Vec::new();
        let mut renamed_as = Vec::new();
        let mut other_package = None;
        for table in dependency_tables(member) {
            for (key, value) in table {
                let mut resolved = value.clone();
                let is_workspace = value
                    .get("workspace")
                    .and_then(toml::Value::as_bool)
                    .unwrap_or(false);
                if is_workspace {
                    match inherited.and_then(|d| d.get(key)) {
                        Some(base) => resolved = base.clone(),
                        None => continue,
                    }
                }
                let package = resolved
                    .get("package")
                    .or_else(|| value.get("package"))
                    .and_then(toml::Value::as_str)
                    .unwrap_or(key);
                if key != dependency.name {
                    if package == dependency.name {
                        renamed_as.push(key.clone());
                    }
                    continue;
                }
                if package != dependency.name {
                    other_package = Some(package.to_string());
                    continue;
                }
                declarations.push(declared(value, &resolved, is_workspace));
            }
        }
        if declarations.is_empty() {
            let line = dependency.manifest_line();
            problems.push(match other_package {
                Some(package) => Problem::OtherPackage {
                    name: dependency.name,
                    package,
                    line,
                },
                None => Problem::Missing {
                    name: dependency.name,
                    renamed_as,
                    line,
                },
            });
            continue;
        }
        let defaults = declarations.iter().any(|d| d.defaults);
        let features: BTreeSet<&str> = declarations
            .iter()
            .flat_map(|d| d.features.iter().map(String::as_str))
            .collect();
        let missing: Vec<&'static str> = dependency
            .needs
            .iter()
            .filter(|group| {
                !group
                    .iter()
                    .any(|f| features.contains(f) || (defaults && dependency.defaults.contains(f)))
            })
            .map(|group| group[0])
            .collect();
        if !missing.is_empty() {
            let first = &declarations[0];
            problems.push(Problem::Features {
                name: dependency.name,
                line: entry_with_features(dependency, first, &missing),
                missing,
            });
        }
    }
    problems
}

/// What one entry declares: its own features and, for `workspace = true`, the
/// workspace entry's (whose `default-features` rules).
fn declared(own: &toml::Value, resolved: &toml::Value, workspace: bool) -> Declared {
    let features = |v: &toml::Value| -> Vec<String> {
        v.get("features")
            .and_then(toml::Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|f| f.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let default_features = |v: &toml::Value| {
        v.get("default-features")
            .or_else(|| v.get("default_features"))
            .and_then(toml::Value::as_bool)
    };
    let mut all: BTreeSet<String> = features(resolved).into_iter().collect();
    all.extend(features(own));
    let defaults = if workspace {
        default_features(resolved).unwrap_or(true) || default_features(own) == Some(true)
    } else {
        default_features(own).unwrap_or(true)
    };
    Declared {
        defaults,
        features: all,
        entry: Some(own.clone()),
    }
}

/// The entry `declared` made from, with `missing` added to its features.
fn entry_with_features(
    dependency: &CrateDependency,
    declared: &Declared,
    missing: &[&str],
) -> String {
    let mut table = match &declared.entry {
        Some(toml::Value::String(version)) => {
            let mut table = toml::Table::new();
            table.insert("version".to_string(), toml::Value::String(version.clone()));
            table
        }
        Some(toml::Value::Table(table)) => table.clone(),
        _ => return dependency.manifest_line(),
    };
    let mut features: Vec<toml::Value> = table
        .get("features")
        .and_then(toml::Value::as_array)
        .cloned()
        .unwrap_or_default();
    for feature in missing {
        features.push(toml::Value::String(feature.to_string()));
    }
    table.insert("features".to_string(), toml::Value::Array(features));
    // The keys people write first, first; the rest in name order.
    const FIRST: &[&str] = &["workspace", "version", "path", "git", "package"];
    let mut keys: Vec<&String> = table.keys().collect();
    keys.sort_by_key(|k| (FIRST.iter().position(|f| f == k).unwrap_or(FIRST.len()), *k));
    let fields: Vec<String> = keys
        .iter()
        .map(|k| format!("{} = {}", key(k), inline(&table[k.as_str()])))
        .collect();
    format!("{} = {{ {} }}", dependency.name, fields.join(", "))
}

/// A TOML value as inline text.
fn inline(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => {
            let mut text = String::from("\"");
            for c in s.chars() {
                match c {
                    '"' => text.push_str("\\\""),
                    '\\' => text.push_str("\\\\"),
                    '\n' => text.push_str("\\n"),
                    '\t' => text.push_str("\\t"),
                    c if c.is_control() => {
                        let _ = write!(text, "\\u{:04X}", c as u32);
                    }
                    c => text.push(c),
                }
            }
            text.push('"');
            text
        }
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) => f.to_string(),
        toml::Value::Boolean(b) => b.to_string(),
        toml::Value::Datetime(d) => d.to_string(),
        toml::Value::Array(items) => format!(
            "[{}]",
            items.iter().map(inline).collect::<Vec<_>>().join(", ")
        ),
        toml::Value::Table(table) => {
            let fields: Vec<String> = table
                .iter()
                .map(|(k, v)| format!("{} = {}", key(k), inline(v)))
                .collect();
            format!("{{ {} }}", fields.join(", "))
        }
    }
}

/// A key, quoted when it is not a bare key.
fn key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        k.to_string()
    } else {
        inline(&toml::Value::String(k.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lower::Dependencies;

    fn needed() -> Vec<CrateDependency> {
        Dependencies {
            chrono: true,
            uuid: true,
            serde_with: true,
        }
        .crates()
    }

    fn problems(member: &str, workspace: Option<&str>) -> Vec<Problem> {
        let member: toml::Table = member.parse().unwrap();
        let workspace: Option<toml::Table> = workspace.map(|w| w.parse().unwrap());
        check(&member, workspace.as_ref(), &needed())
    }

    fn reasons(member: &str, workspace: Option<&str>) -> Vec<String> {
        problems(member, workspace)
            .iter()
            .map(Problem::reason)
            .collect()
    }

    const COMPLETE: &str = r#"
[dependencies]
chrono = { version = "0.4", default-features = false, features = ["serde"] }
serde = "1"
serde_json = "1"
serde_with = { version = "3", default-features = false, features = ["base64"] }
uuid = { version = "1", features = ["serde"] }
"#;

    #[test]
    fn a_complete_manifest_passes() {
        assert_eq!(problems(COMPLETE, None), []);
        // The generated manifest's own lines pass, too.
        let lines: Vec<String> = needed().iter().map(|c| c.manifest_line()).collect();
        let text = format!("[dependencies]\n{}\n", lines.join("\n"));
        assert_eq!(problems(&text, None), []);
    }

    #[test]
    fn a_missing_crate_gets_the_generated_manifests_line() {
        let text = COMPLETE.replace("chrono = ", "other = ");
        let found = problems(&text, None);
        assert_eq!(
            found,
            [Problem::Missing {
                name: "chrono",
                renamed_as: Vec::new(),
                line: r#"chrono = { version = "0.4", default-features = false, features = ["std", "serde"] }"#
                    .to_string(),
            }]
        );
        let text = message(Path::new("consumer/Cargo.toml"), &found);
        assert_eq!(
            text,
            "graphdoc: the generated code needs dependencies that consumer/Cargo.toml does not declare:\n  \
             - `chrono` is not a dependency\n\n\
             Add these lines to its [dependencies] (in place of any entry of the same name):\n\n\
             chrono = { version = \"0.4\", default-features = false, features = [\"std\", \"serde\"] }\n"
        );
        // Dev and build dependencies do not count.
        let text = COMPLETE.replace("chrono = ", "[dev-dependencies]\nchrono = ");
        assert_eq!(reasons(&text, None)[0], "`chrono` is not a dependency");
    }

    #[test]
    fn missing_features_are_added_to_the_entry_as_written() {
        let text = COMPLETE
            .replace(
                r#"false, features = ["serde"] }"#,
                r#"false, features = ["clock"] }"#,
            )
            .replace(
                r#"uuid = { version = "1", features = ["serde"] }"#,
                r#"uuid = "1.2""#,
            );
        let found = problems(&text, None);
        let lines: Vec<&str> = found.iter().map(Problem::line).collect();
        assert_eq!(
            lines,
            [
                r#"chrono = { version = "0.4", default-features = false, features = ["clock", "serde"] }"#,
                r#"uuid = { version = "1.2", features = ["serde"] }"#,
            ]
        );
        assert_eq!(
            reasons(&text, None),
            [
                "`chrono` lacks the feature `serde`",
                "`uuid` lacks the feature `serde`"
            ]
        );
    }

    #[test]
    fn default_features_count_unless_turned_off() {
        // serde and serde_json need std (or alloc): on by default.
        let text = COMPLETE.replace(
            r#"serde = "1""#,
            r#"serde = { version = "1", default-features = false }"#,
        );
        assert_eq!(reasons(&text, None), ["`serde` lacks the feature `std`"]);
        let text = COMPLETE.replace(
            r#"serde = "1""#,
            r#"serde = { version = "1", default-features = false, features = ["alloc"] }"#,
        );
        assert_eq!(problems(&text, None), []);
        // No default of chrono's is `serde`.
        let text = COMPLETE.replace(
            r#"chrono = { version = "0.4", default-features = false, features = ["serde"] }"#,
            r#"chrono = "0.4""#,
        );
        assert_eq!(reasons(&text, None), ["`chrono` lacks the feature `serde`"]);
    }

    #[test]
    fn a_renamed_dependency_does_not_count() {
        let text = COMPLETE.replace("chrono = {", "chrono2 = { package = \"chrono\",");
        let found = problems(&text, None);
        assert!(
            matches!(&found[..], [Problem::Missing { name: "chrono", renamed_as, .. }] if renamed_as == &["chrono2"])
        );
        assert!(found[0].reason().contains("the key must be `chrono`"));
        let text = COMPLETE.replace("chrono = {", "chrono = { package = \"chrono-tz\",");
        assert_eq!(
            reasons(&text, None),
            [
                "the dependency `chrono` is the package `chrono-tz`; the generated code needs `chrono` itself"
            ]
        );
    }

    #[test]
    fn target_specific_entries_count() {
        let text = COMPLETE.replace("uuid = ", "[target.'cfg(unix)'.dependencies]\nuuid = ");
        assert_eq!(problems(&text, None), []);
        // Features add up across tables.
        let text = COMPLETE.replace(
            r#"uuid = { version = "1", features = ["serde"] }"#,
            "uuid = \"1\"\n[target.x86_64-pc-windows-msvc.dependencies]\nuuid = { version = \"1\", features = [\"serde\"] }",
        );
        assert_eq!(problems(&text, None), []);
    }

    #[test]
    fn workspace_entries_add_up_with_the_workspace_root() {
        let member = COMPLETE.replace(
            r#"chrono = { version = "0.4", default-features = false, features = ["serde"] }"#,
            r#"chrono = { workspace = true, features = ["serde"] }"#,
        );
        let root =
            "[workspace.dependencies]\nchrono = { version = \"0.4\", default-features = false }\n";
        assert_eq!(problems(&member, Some(root)), []);
        let root =
            "[workspace.dependencies]\nchrono = { version = \"0.4\", features = [\"serde\"] }\n";
        let member = member.replace(
            r#"chrono = { workspace = true, features = ["serde"] }"#,
            "chrono.workspace = true",
        );
        assert_eq!(problems(&member, Some(root)), []);
        let root = "[workspace.dependencies]\nchrono = \"0.4\"\n";
        let found = problems(&member, Some(root));
        assert_eq!(
            found.iter().map(Problem::line).collect::<Vec<_>>(),
            [r#"chrono = { workspace = true, features = ["serde"] }"#]
        );
        // An entry the workspace does not define is missing.
        assert_eq!(
            reasons(&member, Some("[workspace]\n")),
            ["`chrono` is not a dependency"]
        );
        // The workspace entry may rename, too.
        let root =
            "[workspace.dependencies]\nchrono = { package = \"chrono-tz\", version = \"0.10\" }\n";
        assert!(reasons(&member, Some(root))[0].contains("is the package `chrono-tz`"));
    }

    #[test]
    fn optional_entries_count() {
        let text = COMPLETE.replace("uuid = { version", "uuid = { optional = true, version");
        assert_eq!(problems(&text, None), []);
    }

    #[test]
    fn the_workspace_root_is_found_on_disk() {
        let dir = std::env::temp_dir().join(format!("graphdoc-manifest-{}", std::process::id()));
        let member = dir.join("crates/consumer");
        std::fs::create_dir_all(&member).unwrap();
        std::fs::write(
            dir.join("Cargo.toml"),
            "[workspace]\nmembers = [\"crates/consumer\"]\n\n[workspace.dependencies]\n\
             uuid = { version = \"1\", features = [\"serde\"] }\n",
        )
        .unwrap();
        std::fs::write(
            member.join("Cargo.toml"),
            COMPLETE.replace(
                r#"uuid = { version = "1", features = ["serde"] }"#,
                "uuid.workspace = true",
            ),
        )
        .unwrap();
        let (found, read) = check_package(&member, &needed()).unwrap();
        assert_eq!(found, []);
        assert_eq!(read, [member.join("Cargo.toml"), dir.join("Cargo.toml")]);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn keys_and_strings_are_quoted_as_toml_wants() {
        let value: toml::Table = r#"x = { "a b" = "q\"\\", n = [1, true] }"#.parse().unwrap();
        assert_eq!(inline(&value["x"]), r#"{ "a b" = "q\"\\", n = [1, true] }"#);
    }
}
