//! Where a run writes: a crate directory ([`CrateDir`], for [`crate::generate`] and the
//! command line) or one file in a build script's `OUT_DIR` ([`OutDirFile`], for
//! [`crate::generate_to_out_dir`]).
//!
//! They are two types rather than one enum because each entry point writes exactly one
//! of them: a crate directory is never `include!`d, and a build script never writes a
//! `Cargo.toml`. What to generate is the [`crate::Settings`], the same for both.

use std::path::{Path, PathBuf};

/// A complete crate (`Cargo.toml` and `src/`) written to a directory, replaced whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateDir {
    dir: PathBuf,
    crate_name: Option<String>,
    regenerate_command: Option<String>,
    cache: Option<PathBuf>,
}

impl Default for CrateDir {
    /// `generated`, the command line's default.
    fn default() -> Self {
        CrateDir::new("generated")
    }
}

impl CrateDir {
    /// The crate in `dir`, its package named after the directory.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        CrateDir {
            dir: dir.into(),
            crate_name: None,
            regenerate_command: None,
            cache: None,
        }
    }

    /// Keeps a generation cache in `cache` (a directory outside the crate, see
    /// [`crate::cache`]): later runs print only what changed and write only the files
    /// whose bytes changed. Without one, every run prints everything and replaces the
    /// directory whole.
    pub fn with_cache_dir(mut self, cache: impl Into<PathBuf>) -> Self {
        self.cache = Some(cache.into());
        self
    }

    /// The cache directory set with [`CrateDir::with_cache_dir`], if any.
    pub fn cache_dir(&self) -> Option<&Path> {
        self.cache.as_deref()
    }

    /// The package name in the crate's `Cargo.toml`, instead of the directory's name.
    pub fn with_crate_name(mut self, name: impl Into<String>) -> Self {
        self.crate_name = Some(name.into());
        self
    }

    /// The command every file header names as the way to regenerate the crate, instead of
    /// the `graphdoc` command line equivalent to the run (which cannot express a selection,
    /// renames or a type mapping set from Rust code).
    pub fn with_regenerate_command(mut self, command: impl Into<String>) -> Self {
        self.regenerate_command = Some(command.into());
        self
    }

    /// The directory the crate is written to.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The package name set with [`CrateDir::with_crate_name`], if any.
    pub fn crate_name(&self) -> Option<&str> {
        self.crate_name.as_deref()
    }

    /// The command set with [`CrateDir::with_regenerate_command`], if any.
    pub fn regenerate_command(&self) -> Option<&str> {
        self.regenerate_command.as_deref()
    }

    /// The package name written: the one set, or the directory's name made a valid
    /// package name (`graph_` in front when it does not start with a letter).
    pub fn package_name(&self) -> String {
        if let Some(name) = &self.crate_name {
            return name.clone();
        }
        let name = self
            .dir
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "generated".to_string());
        let name: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            name
        } else {
            format!("graph_{name}")
        }
    }
}

/// How a build script's warnings reach cargo's output. Whatever the choice, every
/// diagnostic is rendered in full in a file beside the generated one
/// ([`OutDirFile::diagnostics_file_name`]), and errors fail the build with each one printed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CargoWarnings {
    /// One `cargo::warning=` line: how many warnings of each code, and the file that holds
    /// them all. Nothing when there are none.
    #[default]
    Summary,
    /// One `cargo::warning=` line per warning: its place, code and message.
    Each,
    /// No `cargo::warning=` line: the warnings are only in the file.
    None,
}

/// One file of inline modules written to a build script's `$OUT_DIR`, to be `include!`d.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutDirFile {
    module_path: String,
    file_name: String,
    check_dependencies: bool,
    cargo_warnings: CargoWarnings,
}

impl Default for OutDirFile {
    fn default() -> Self {
        OutDirFile::new()
    }
}

impl OutDirFile {
    /// `$OUT_DIR/graphdoc.rs`, `include!`d at the crate root.
    pub fn new() -> Self {
        OutDirFile {
            module_path: "crate".to_string(),
            file_name: "graphdoc.rs".to_string(),
            check_dependencies: true,
            cargo_warnings: CargoWarnings::Summary,
        }
    }

    /// Where the file is included: `crate` when `include!`d at the crate root,
    /// `crate::graph` when `include!`d inside `mod graph { … }`.
    pub fn with_module_path(mut self, path: impl Into<String>) -> Self {
        self.module_path = path.into();
        self
    }

    /// The name of the file written in `$OUT_DIR` (default `graphdoc.rs`).
    pub fn with_file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = name.into();
        self
    }

    /// Whether the build fails, with the `[dependencies]` lines to add, when the including
    /// package's `Cargo.toml` lacks a crate or feature the generated code needs (on by
    /// default). Turn it off when another dependency enables a feature the check cannot
    /// see.
    pub fn with_dependency_check(mut self, check: bool) -> Self {
        self.check_dependencies = check;
        self
    }

    /// How warnings reach cargo's output: one summary line (the default), a line each, or
    /// none. To silence warnings altogether, allow them in the settings
    /// (`Settings::with_allow("warnings")`, or `allow = ["warnings"]` in `[diagnostics]`).
    pub fn with_cargo_warnings(mut self, warnings: CargoWarnings) -> Self {
        self.cargo_warnings = warnings;
        self
    }

    /// The choice of [`OutDirFile::with_cargo_warnings`].
    pub fn cargo_warnings(&self) -> CargoWarnings {
        self.cargo_warnings
    }

    /// The name of the file in `$OUT_DIR` that holds every diagnostic of the last run,
    /// rendered in full: the generated file's name with `.diagnostics.txt` in place of its
    /// extension (`graphdoc.diagnostics.txt`). It exists only when there were diagnostics.
    pub fn diagnostics_file_name(&self) -> String {
        let stem = self
            .file_name
            .strip_suffix(".rs")
            .unwrap_or(&self.file_name);
        format!("{stem}.diagnostics.txt")
    }

    /// Where the file is included (`crate` by default).
    pub fn module_path(&self) -> &str {
        &self.module_path
    }

    /// Whether [`OutDirFile::with_dependency_check`] left the check on.
    pub fn checks_dependencies(&self) -> bool {
        self.check_dependencies
    }

    /// The name of the generated file in `$OUT_DIR`.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_names_come_from_the_directory_unless_set() {
        assert_eq!(CrateDir::default().package_name(), "generated");
        assert_eq!(CrateDir::new("out/graph.v1").package_name(), "graph_v1");
        assert_eq!(CrateDir::new("2021").package_name(), "graph_2021");
        assert_eq!(
            CrateDir::new("x").with_crate_name("models").package_name(),
            "models"
        );
    }

    #[test]
    fn an_out_dir_file_defaults_to_the_crate_root() {
        let file = OutDirFile::new();
        assert_eq!(
            (file.module_path(), file.file_name()),
            ("crate", "graphdoc.rs")
        );
        assert!(file.checks_dependencies());
        assert_eq!(file.cargo_warnings(), CargoWarnings::Summary);
        assert_eq!(file.diagnostics_file_name(), "graphdoc.diagnostics.txt");
        assert_eq!(
            file.clone()
                .with_cargo_warnings(CargoWarnings::None)
                .cargo_warnings(),
            CargoWarnings::None
        );
        assert!(
            !file
                .clone()
                .with_dependency_check(false)
                .checks_dependencies()
        );
        let file = file.with_module_path("crate::graph").with_file_name("g.rs");
        assert_eq!(
            (file.module_path(), file.file_name()),
            ("crate::graph", "g.rs")
        );
        assert_eq!(file.diagnostics_file_name(), "g.diagnostics.txt");
    }
}
