//! graphdoc from a `build.rs`: generate into `OUT_DIR`, tell cargo what to watch, turn
//! diagnostics into cargo warnings or a failed build, and fail with the `[dependencies]`
//! lines to add when the package lacks a crate the generated code names
//! ([`crate::consumer_manifest`]).
//!
//! ```no_run
//! // In build.rs's main: the models of the pages in `docs/`, for `mod graph`.
//! let settings = graphdoc::Settings::new();
//! let target = graphdoc::OutDirFile::new().with_module_path("crate::graph");
//! if let Err(error) = graphdoc::generate_to_out_dir(&["docs"], &settings, &target) {
//!     eprintln!("{error}");
//!     std::process::exit(1);
//! }
//! ```
//!
//! ```text
//! // src/lib.rs
//! pub mod graph {
//!     include!(concat!(env!("OUT_DIR"), "/graphdoc.rs"));
//! }
//! ```

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diagnostics::{self, Severity};
use crate::emit::{self, Dependencies};
use crate::pipeline::{self, Prepared, prepare};
use crate::settings::Settings;
use crate::target::OutDirFile;

/// Why a build script's generation failed. Its `Display` holds every error diagnostic,
/// rendered as rustc would, so a failed build shows where the docs are wrong.
#[derive(Debug)]
pub struct BuildError {
    pub message: String,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for BuildError {}

/// What a successful build-script generation wrote.
#[derive(Debug)]
pub struct OutDirOutput {
    /// The file to `include!`.
    pub path: PathBuf,
    /// Whether the file's bytes changed (an unchanged file is not rewritten).
    pub changed: bool,
    /// The crates the generated code uses, which the including crate must depend on.
    pub dependencies: Dependencies,
}

/// Generates the pages of `inputs` into `$OUT_DIR` for a build script. Prints
/// `cargo::rerun-if-changed` for every input, scanned directory and page (and the config
/// file the settings were read from, and the manifests checked); writes only
/// `$OUT_DIR/<file name>` of `target`, and only when its bytes change; prints each warning
/// as `cargo::warning=`; returns an error holding the rendered diagnostics when the input
/// has errors, or one message with the lines to add when the package's `Cargo.toml` lacks a
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
    let stdout = std::io::stdout();
    let mut stdout = stdout.lock();
    let Prepared {
        sources,
        watched,
        schema,
        mut diagnostics,
        renames,
        ..
    } = prepare(&inputs, settings);
    for path in &watched {
        let _ = writeln!(stdout, "cargo::rerun-if-changed={}", path.display());
    }
    // The code becomes part of the build script's package, and the build regenerates it.
    let crate_name = std::env::var("CARGO_PKG_NAME").unwrap_or_default();
    let options = pipeline::emit_options(
        settings,
        target.module_path(),
        crate_name,
        "cargo build".to_string(),
        renames,
    );
    let emitted = emit::emit_single_file(&schema, &sources, &options, &mut diagnostics);
    pipeline::finish_diagnostics(&mut diagnostics, settings, &schema, &sources);
    for d in diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
    {
        let rendered = diagnostics::render(d, &sources);
        let first_line = rendered.lines().next().unwrap_or_default();
        let _ = writeln!(stdout, "cargo::warning={first_line}");
    }
    if let Some(line) = diagnostics.left_out().summary() {
        let _ = writeln!(stdout, "cargo::warning={line}");
    }
    let errors: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| diagnostics::render(d, &sources))
        .collect();
    let (text, dependencies) = match emitted {
        Ok(result) if errors.is_empty() => result,
        Ok(_) => {
            return Err(BuildError {
                message: format!(
                    "graphdoc found {} error{}:\n\n{}",
                    errors.len(),
                    if errors.len() == 1 { "" } else { "s" },
                    errors.join("\n")
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
        && let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR")
    {
        check_consumer(Path::new(&dir), &dependencies, &mut stdout)?;
    }
    let path = Path::new(&out_dir).join(target.file_name());
    let changed = write_if_changed(&path, &text).map_err(|error| BuildError {
        message: format!("cannot write {}: {error}", path.display()),
    })?;
    Ok(OutDirOutput {
        path,
        changed,
        dependencies,
    })
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
