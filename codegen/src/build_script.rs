//! graphdoc from a `build.rs`: generate into `OUT_DIR`, tell cargo what to watch, report
//! diagnostics quietly (one summary line, every diagnostic in a file in `OUT_DIR`) or fail
//! the build with each error, and fail with the `[dependencies]` lines to add when the
//! package lacks a crate the generated code names ([`crate::consumer_manifest`]).
//!
//! ```no_run
//! // build.rs: the models the package's graphdoc.toml describes.
//! fn main() -> Result<(), graphdoc::BuildError> {
//!     graphdoc::generate_from_config("graphdoc.toml")?;
//!     Ok(())
//! }
//! ```
//!
//! ```no_run
//! // build.rs: the models of the pages in `docs/`, for `mod graph`, set in code.
//! fn main() -> Result<(), graphdoc::BuildError> {
//!     let settings = graphdoc::Settings::new().with_allow("GD0304");
//!     let target = graphdoc::OutDirFile::new().with_module_path("crate::graph");
//!     graphdoc::generate_to_out_dir(&["docs"], &settings, &target)?;
//!     Ok(())
//! }
//! ```
//!
//! ```text
//! // src/lib.rs
//! pub mod graph {
//!     include!(concat!(env!("OUT_DIR"), "/graphdoc.rs"));
//! }
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::config_file::{ConfigError, ConfigFile};
use crate::diagnostics::{self, Code, Severity};
use crate::emit::{self, Dependencies};
use crate::pipeline::{self, Prepared, prepare};
use crate::settings::Settings;
use crate::target::{CargoWarnings, OutDirFile};

/// Why a build script's generation failed: every error diagnostic rendered as rustc would,
/// the `[dependencies]` lines to add, or a config file's problems. `Display` and `Debug`
/// print the same readable text, so that `fn main() -> Result<(), graphdoc::BuildError>`
/// shows it as it is (Rust prints a returned error with `Debug`).
pub struct BuildError {
    pub message: String,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Debug for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Not the derived `BuildError { message: "…\n…" }`: a build script that returns
        // the error prints `Error: ` and this, which must read like the diagnostics.
        f.write_str(&self.message)
    }
}

impl std::error::Error for BuildError {}

impl From<ConfigError> for BuildError {
    fn from(error: ConfigError) -> Self {
        BuildError {
            message: error.message,
        }
    }
}

/// What a successful build-script generation wrote.
#[derive(Debug)]
pub struct OutDirOutput {
    /// The file to `include!`.
    pub path: PathBuf,
    /// Whether the file's bytes changed (an unchanged file is not rewritten).
    pub changed: bool,
    /// The crates the generated code uses, which the including crate must depend on.
    pub dependencies: Dependencies,
    /// The file in `$OUT_DIR` holding every diagnostic of the run rendered in full, when
    /// there were any ([`OutDirFile::diagnostics_file_name`]).
    pub diagnostics_file: Option<PathBuf>,
    /// How many warnings the run reported, by code (allowed codes not counted).
    pub warnings: BTreeMap<Code, usize>,
}

/// Generates what the config file at `path` describes into `$OUT_DIR`, for a build
/// script: its `inputs`, settings, and `module_path` and `[diagnostics] cargo_warnings` for
/// the file ([`ConfigFile::out_dir_file`]). A relative `path` is taken from the package's
/// directory (`CARGO_MANIFEST_DIR`), and the inputs from the config file's directory. A
/// config file that cannot be read or used is a [`BuildError`] holding its problems. The
/// rest is [`generate_to_out_dir`].
///
/// ```no_run
/// // build.rs
/// fn main() -> Result<(), graphdoc::BuildError> {
///     graphdoc::generate_from_config("graphdoc.toml")?;
///     Ok(())
/// }
/// ```
pub fn generate_from_config(path: impl AsRef<Path>) -> Result<OutDirOutput, BuildError> {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    let path = config_path(path.as_ref(), manifest_dir.as_deref());
    let config = ConfigFile::read(path)?;
    generate_to_out_dir(&config.inputs, &config.settings, &config.out_dir_file)
}

/// A relative config path taken from the package's directory. Cargo runs build scripts
/// there, so the path stays relative (and messages short) when the current directory is
/// the package's.
fn config_path(path: &Path, manifest_dir: Option<&Path>) -> PathBuf {
    match manifest_dir {
        Some(dir) if path.is_relative() => {
            let here = std::env::current_dir().and_then(|d| d.canonicalize()).ok();
            if here.is_some() && here == dir.canonicalize().ok() {
                path.to_path_buf()
            } else {
                dir.join(path)
            }
        }
        _ => path.to_path_buf(),
    }
}

/// Generates the pages of `inputs` into `$OUT_DIR` for a build script. Prints
/// `cargo::rerun-if-changed` for every input, scanned directory and page (and the config
/// file the settings were read from, and the manifests checked); writes only
/// `$OUT_DIR/<file name>` of `target`, and only when its bytes change; writes every
/// diagnostic, rendered in full, to `$OUT_DIR/<file stem>.diagnostics.txt` and reports the
/// warnings to cargo as `target` says ([`OutDirFile::with_cargo_warnings`]: by default one
/// summary line); returns an error holding the rendered diagnostics when the input has
/// errors, or one message with the lines to add when the package's `Cargo.toml` lacks a
/// crate or feature the code needs (unless [`OutDirFile::with_dependency_check`] is off).
pub fn generate_to_out_dir(
    inputs: &[impl AsRef<Path>],
    settings: &Settings,
    target: &OutDirFile,
) -> Result<OutDirOutput, BuildError> {
    let out_dir = std::env::var_os("OUT_DIR").ok_or_else(|| BuildError {
        message: "OUT_DIR is not set: generate_to_out_dir is meant to run in a build script"
            .to_string(),
    })?;
    let inputs: Vec<PathBuf> = inputs.iter().map(|p| p.as_ref().to_path_buf()).collect();
    let package = Package {
        out_dir: PathBuf::from(out_dir),
        manifest_dir: std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from),
        name: std::env::var("CARGO_PKG_NAME").unwrap_or_default(),
    };
    let stdout = std::io::stdout();
    generate_into(&inputs, settings, target, &package, &mut stdout.lock())
}

/// What cargo tells a build script about the package being built.
struct Package {
    out_dir: PathBuf,
    /// `None` skips the dependency check.
    manifest_dir: Option<PathBuf>,
    name: String,
}

/// [`generate_to_out_dir`] with the package's directories given, printing cargo's
/// directives to `stdout`.
fn generate_into(
    inputs: &[PathBuf],
    settings: &Settings,
    target: &OutDirFile,
    package: &Package,
    stdout: &mut impl Write,
) -> Result<OutDirOutput, BuildError> {
    let Prepared {
        sources,
        watched,
        schema,
        mut diagnostics,
        renames,
        ..
    } = prepare(inputs, settings);
    for path in &watched {
        let _ = writeln!(stdout, "cargo::rerun-if-changed={}", path.display());
    }
    // The code becomes part of the build script's package, and the build regenerates it.
    let options = pipeline::emit_options(
        settings,
        target.module_path(),
        package.name.clone(),
        "cargo build".to_string(),
        renames,
    );
    let emitted = emit::emit_single_file(&schema, &sources, &options, &mut diagnostics);
    pipeline::finish_diagnostics(&mut diagnostics, settings, &schema, &sources);

    // Every diagnostic in full, in a file cargo does not repeat on every build.
    let report_path = package.out_dir.join(target.diagnostics_file_name());
    let rendered: Vec<String> = diagnostics
        .iter()
        .map(|d| diagnostics::render(d, &sources))
        .collect();
    let diagnostics_file = if rendered.is_empty() {
        let _ = std::fs::remove_file(&report_path);
        None
    } else {
        std::fs::write(&report_path, rendered.join("\n")).map_err(|error| BuildError {
            message: format!("cannot write {}: {error}", report_path.display()),
        })?;
        Some(report_path)
    };
    let mut warnings: BTreeMap<Code, usize> = BTreeMap::new();
    for d in diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
    {
        *warnings.entry(d.code).or_default() += 1;
    }
    // What a selection left out (warnings of pages it does not generate from) is only
    // counted, in the one line or after each warning.
    let left_out = diagnostics.left_out().summary();
    match target.cargo_warnings() {
        CargoWarnings::Summary => {
            let shown = match (&diagnostics_file, summary(&warnings)) {
                (Some(path), Some(line)) => {
                    Some(format!("{line}, each in full in {}", path.display()))
                }
                _ => None,
            };
            let line = match (shown, left_out) {
                (Some(shown), Some(left_out)) => Some(format!(
                    "{shown}; {}",
                    left_out.trim_start_matches("graphdoc: ")
                )),
                (shown, left_out) => shown.or(left_out),
            };
            if let Some(line) = line {
                let _ = writeln!(stdout, "cargo::warning={line}");
            }
        }
        CargoWarnings::Each => {
            for (d, text) in diagnostics.iter().zip(&rendered) {
                if d.severity == Severity::Warning {
                    let first_line = text.lines().next().unwrap_or_default();
                    let _ = writeln!(stdout, "cargo::warning={first_line}");
                }
            }
            if let Some(line) = left_out {
                let _ = writeln!(stdout, "cargo::warning={line}");
            }
        }
        CargoWarnings::None => {}
    }
    let errors: Vec<&String> = diagnostics
        .iter()
        .zip(&rendered)
        .filter(|(d, _)| d.severity == Severity::Error)
        .map(|(_, text)| text)
        .collect();
    let (text, dependencies) = match emitted {
        Ok(result) if errors.is_empty() => result,
        Ok(_) => {
            return Err(BuildError {
                message: format!(
                    "graphdoc found {} error{}:\n\n{}",
                    errors.len(),
                    if errors.len() == 1 { "" } else { "s" },
                    errors
                        .iter()
                        .map(|e| e.as_str())
                        .collect::<Vec<_>>()
                        .join("\n")
                ),
            });
        }
        Err(error) => {
            return Err(BuildError {
                message: format!("graphdoc failed: error[{}]: {}", error.code, error.message),
            });
        }
    };
    if target.checks_dependencies()
        && let Some(dir) = &package.manifest_dir
    {
        check_consumer(dir, &dependencies, stdout)?;
    }
    let path = package.out_dir.join(target.file_name());
    let changed = write_if_changed(&path, &text).map_err(|error| BuildError {
        message: format!("cannot write {}: {error}", path.display()),
    })?;
    Ok(OutDirOutput {
        path,
        changed,
        dependencies,
        diagnostics_file,
        warnings,
    })
}

/// `graphdoc: 3 warnings (GD0303 ×2, GD0305 ×1)`, or `None` without warnings.
fn summary(warnings: &BTreeMap<Code, usize>) -> Option<String> {
    let total: usize = warnings.values().sum();
    if total == 0 {
        return None;
    }
    let codes: Vec<String> = warnings
        .iter()
        .map(|(code, n)| format!("{code} ×{n}"))
        .collect();
    Some(format!(
        "graphdoc: {total} warning{} ({})",
        if total == 1 { "" } else { "s" },
        codes.join(", ")
    ))
}

/// Fails with one message listing the `[dependencies]` lines to add when the package being
/// built lacks a crate or feature the generated code needs, rather than leaving rustc to
/// report errors inside `OUT_DIR`. Watches the manifests it reads, so that editing them
/// runs the check again.
fn check_consumer(
    dir: &Path,
    dependencies: &Dependencies,
    stdout: &mut impl Write,
) -> Result<(), BuildError> {
    match crate::consumer_manifest::check_package(dir, &dependencies.crates()) {
        Ok((problems, read)) => {
            for manifest in &read {
                let _ = writeln!(stdout, "cargo::rerun-if-changed={}", manifest.display());
            }
            if problems.is_empty() {
                Ok(())
            } else {
                Err(BuildError {
                    message: crate::consumer_manifest::message(&read[0], &problems),
                })
            }
        }
        Err(error) => {
            let _ = writeln!(
                stdout,
                "cargo::warning=graphdoc did not check the package's dependencies: {error}"
            );
            Ok(())
        }
    }
}

/// Writes `text` unless the file already holds exactly it, so tools watching mtimes
/// see no change. Returns whether it wrote.
fn write_if_changed(path: &Path, text: &str) -> std::io::Result<bool> {
    if std::fs::read(path).is_ok_and(|old| old == text.as_bytes()) {
        return Ok(false);
    }
    let staging = path.with_extension("rs.graphdoc-new");
    std::fs::write(&staging, text)?;
    std::fs::rename(&staging, path)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh `OUT_DIR` for one test.
    fn out_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("graphdoc-build-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// Generates the good fixtures into `dir`; returns the result and the lines printed.
    fn run(
        dir: &Path,
        settings: &Settings,
        target: &OutDirFile,
    ) -> (Result<OutDirOutput, BuildError>, Vec<String>) {
        let good = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/good");
        let package = Package {
            out_dir: dir.to_path_buf(),
            manifest_dir: None,
            name: "consumer".to_string(),
        };
        let mut printed = Vec::new();
        let result = generate_into(&[good], settings, target, &package, &mut printed);
        let printed = String::from_utf8(printed).unwrap();
        let warnings = printed
            .lines()
            .filter(|l| l.starts_with("cargo::warning="))
            .map(str::to_string)
            .collect();
        (result, warnings)
    }

    #[test]
    fn warnings_are_one_summary_line_and_a_file_by_default() {
        let dir = out_dir("summary");
        let (result, lines) = run(&dir, &Settings::new(), &OutDirFile::new());
        let output = result.unwrap();
        let total: usize = output.warnings.values().sum();
        assert!(total > 1, "the good fixtures have warnings: {output:?}");
        let file = output.diagnostics_file.clone().unwrap();
        assert_eq!(file, dir.join("graphdoc.diagnostics.txt"));
        assert_eq!(lines.len(), 1, "{lines:#?}");
        let first = output.warnings.keys().next().unwrap();
        assert!(
            lines[0].starts_with(&format!(
                "cargo::warning=graphdoc: {total} warnings ({first} ×"
            )) && lines[0].ends_with(&format!("each in full in {}", file.display())),
            "{}",
            lines[0]
        );
        let text = std::fs::read_to_string(&file).unwrap();
        assert_eq!(text.matches(": warning[GD").count(), total, "{text}");
        assert!(text.contains(" |\n"), "rendered with excerpts: {text}");

        // Each: a line per warning, the file still written.
        let each = OutDirFile::new().with_cargo_warnings(CargoWarnings::Each);
        let (result, lines) = run(&dir, &Settings::new(), &each);
        assert!(result.unwrap().diagnostics_file.is_some());
        assert_eq!(lines.len(), total, "{lines:#?}");
        assert!(
            lines.iter().all(|l| l.contains(": warning[GD")),
            "{lines:#?}"
        );

        // None: nothing printed, the file still written.
        let none = OutDirFile::new().with_cargo_warnings(CargoWarnings::None);
        let (result, lines) = run(&dir, &Settings::new(), &none);
        assert!(result.unwrap().diagnostics_file.is_some());
        assert!(lines.is_empty(), "{lines:#?}");

        // Every warning allowed: nothing printed, and no stale file left behind.
        let (result, lines) = run(&dir, &Settings::new().with_allow("warnings"), &each);
        let output = result.unwrap();
        assert!(lines.is_empty(), "{lines:#?}");
        assert!(output.warnings.is_empty() && output.diagnostics_file.is_none());
        assert!(!file.exists(), "the file of an earlier run is removed");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn errors_fail_the_build_in_full_whatever_the_warnings_setting() {
        let dir = out_dir("errors");
        let quiet = OutDirFile::new().with_cargo_warnings(CargoWarnings::None);
        let (result, lines) = run(&dir, &Settings::new().with_deny("warnings"), &quiet);
        let error = result.unwrap_err();
        assert!(lines.is_empty(), "denied warnings are errors: {lines:#?}");
        let shown = error.to_string();
        assert!(shown.starts_with("graphdoc found "), "{shown}");
        assert!(
            shown.contains(": error[GD") && shown.contains(" |\n"),
            "{shown}"
        );
        // What `fn main() -> Result<(), BuildError>` prints after `Error: `.
        assert_eq!(format!("{error:?}"), shown);
        assert!(!dir.join("graphdoc.rs").exists());
        assert!(dir.join("graphdoc.diagnostics.txt").exists());

        // An unknown code set in code is an error at the call, not a panic.
        let (result, _) = run(&dir, &Settings::new().with_allow("GD9999"), &quiet);
        let shown = result.unwrap_err().to_string();
        assert!(
            shown.contains("<settings>:2:17: error[GD0005]: unknown diagnostic code `GD9999`"),
            "{shown}"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn config_paths_are_taken_from_the_package() {
        let here = std::env::current_dir().unwrap();
        assert_eq!(
            config_path(Path::new("graphdoc.toml"), Some(&here)),
            PathBuf::from("graphdoc.toml"),
            "cargo runs build scripts in the package: the path stays short"
        );
        let elsewhere = here.join("src");
        assert_eq!(
            config_path(Path::new("graphdoc.toml"), Some(&elsewhere)),
            elsewhere.join("graphdoc.toml")
        );
        assert_eq!(
            config_path(Path::new("graphdoc.toml"), None),
            PathBuf::from("graphdoc.toml")
        );
        let absolute = here.join("x.toml");
        assert_eq!(config_path(&absolute, Some(&elsewhere)), absolute);
    }

    #[test]
    fn config_problems_are_build_errors() {
        let dir = out_dir("config");
        let path = dir.join("graphdoc.toml");
        std::fs::write(&path, "[diagnostics]\nallow = [\"GD9999\"]\n").unwrap();
        let error: BuildError = ConfigFile::read(&path).unwrap_err().into();
        let shown = format!("{error:?}");
        assert!(
            shown.contains("graphdoc.toml:2:10: error[GD0005]"),
            "{shown}"
        );
        assert!(!shown.contains("\\n"), "no escaped newlines: {shown}");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn unchanged_bytes_are_not_rewritten() {
        let dir = std::env::temp_dir().join(format!("graphdoc-build-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("graphdoc.rs");
        assert!(write_if_changed(&path, "a").unwrap());
        assert!(!write_if_changed(&path, "a").unwrap());
        assert!(write_if_changed(&path, "b").unwrap());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "b");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
