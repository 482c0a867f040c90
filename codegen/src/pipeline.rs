//! The run: read pages, resolve the schema, emit the crate, write it.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::diagnostics::{self, Code, Diagnostic, Diagnostics, SeverityPolicy};
use crate::emit::{self, EmitOptions, GeneratedCrate};
use crate::model::Schema;
use crate::output;
use crate::read::{self, Page};
use crate::resolve;
use crate::source::{SourceFile, SourceMap, display_path};

/// What to generate from where.
#[derive(Debug, Clone)]
pub struct Config {
    pub inputs: Vec<PathBuf>,
    pub out: PathBuf,
    /// Package name of the generated crate; by default the output directory's name.
    pub crate_name: Option<String>,
    pub policy: SeverityPolicy,
    /// For [`Config::generate_to_out_dir`]: the module path the generated file is
    /// `include!`d at, such as `crate::graph` (default `crate`).
    pub module_path: String,
    /// For [`Config::generate_to_out_dir`]: the file written in `OUT_DIR`.
    pub out_dir_file: String,
}

impl Default for Config {
    fn default() -> Self {
        Config::new()
    }
}

impl Config {
    /// No inputs yet, output to `generated`.
    pub fn new() -> Self {
        Config {
            inputs: Vec::new(),
            out: PathBuf::from("generated"),
            crate_name: None,
            policy: SeverityPolicy::default(),
            module_path: "crate".to_string(),
            out_dir_file: "graphdoc.rs".to_string(),
        }
    }

    /// Adds an input directory (searched recursively for `.md` pages) or page.
    pub fn input(mut self, path: impl Into<PathBuf>) -> Self {
        self.inputs.push(path.into());
        self
    }

    pub fn out(mut self, path: impl Into<PathBuf>) -> Self {
        self.out = path.into();
        self
    }

    pub fn crate_name(mut self, name: impl Into<String>) -> Self {
        self.crate_name = Some(name.into());
        self
    }

    pub fn policy(mut self, policy: SeverityPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// Where the build script's file is included: `crate` when `include!`d at the crate
    /// root, `crate::graph` when `include!`d inside `mod graph { … }`.
    pub fn module_path(mut self, path: impl Into<String>) -> Self {
        self.module_path = path.into();
        self
    }

    /// The name of the file [`Config::generate_to_out_dir`] writes (default `graphdoc.rs`).
    pub fn out_dir_file(mut self, name: impl Into<String>) -> Self {
        self.out_dir_file = name.into();
        self
    }

    /// The inputs, defaulting to `docs-input`.
    pub(crate) fn effective_inputs(&self) -> Vec<PathBuf> {
        if self.inputs.is_empty() {
            vec![PathBuf::from("docs-input")]
        } else {
            self.inputs.clone()
        }
    }

    fn package_name(&self) -> String {
        self.crate_name.clone().unwrap_or_else(|| {
            let name = self
                .out
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
        })
    }

    /// The command a reader of a generated file runs to regenerate it.
    pub fn regenerate_command(&self) -> String {
        let inputs = self.effective_inputs();
        if inputs == [PathBuf::from("docs-input")] && self.out == Path::new("generated") {
            return "cargo run -p codegen".to_string();
        }
        let shown = |p: &Path| {
            if p.is_absolute() {
                p.file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default()
            } else {
                p.to_string_lossy().replace('\\', "/")
            }
        };
        let mut command = String::from("cargo run -p codegen -- generate");
        for input in &inputs {
            command.push_str(&format!(" --input {}", shown(input)));
        }
        command.push_str(&format!(" --out {}", shown(&self.out)));
        command
    }
}

/// Milliseconds spent in each phase.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    pub read_ms: u128,
    pub resolve_ms: u128,
    pub emit_ms: u128,
    pub write_ms: u128,
    pub total_ms: u128,
}

/// Everything a run produced.
#[derive(Debug)]
pub struct Run {
    pub sources: SourceMap,
    pub pages: Vec<Page>,
    pub schema: Schema,
    pub diagnostics: Diagnostics,
    /// The emitted crate, unless the input had errors.
    pub output: Option<GeneratedCrate>,
    /// Whether the crate was written to the output directory.
    pub written: bool,
    pub timings: Timings,
}

impl Run {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.has_errors()
    }

    /// Each diagnostic rendered rustc-style.
    pub fn rendered_diagnostics(&self) -> Vec<String> {
        self.diagnostics
            .iter()
            .map(|d| diagnostics::render(d, &self.sources))
            .collect()
    }
}

/// The pages of a run, and every file and directory they were found by.
#[derive(Debug)]
pub struct Loaded {
    pub sources: SourceMap,
    pub pages: Vec<Page>,
    /// Inputs, the directories scanned and the pages read: what a build script watches.
    pub watched: Vec<PathBuf>,
}

/// Reads every page of the inputs.
pub fn load(inputs: &[PathBuf], diagnostics: &mut Diagnostics) -> Loaded {
    let mut sources = SourceMap::default();
    let mut watched = Vec::new();
    for root in inputs {
        let mut found = Vec::new();
        watched.push(root.clone());
        if let Err(error) = collect_pages(root, &mut found, &mut watched) {
            diagnostics.push(
                Diagnostic::at_path(
                    Code::ReadFailed,
                    display_path(root, Path::new("")).trim_end_matches('/'),
                    format!("cannot read the input: {error}"),
                )
                .with_help("pass a directory of markdown pages with --input"),
            );
            continue;
        }
        if found.is_empty() {
            diagnostics.push(Diagnostic::at_path(
                Code::NoPages,
                display_path(root, Path::new("")).trim_end_matches('/'),
                "no `.md` pages here",
            ));
        }
        found.sort();
        watched.extend(found.iter().cloned());
        for path in found {
            let relative = path.strip_prefix(root).unwrap_or(&path);
            let display = if relative.as_os_str().is_empty() {
                display_path(
                    root.parent().unwrap_or(Path::new("")),
                    Path::new(root.file_name().unwrap_or_default()),
                )
            } else {
                display_path(root, relative)
            };
            match std::fs::read(&path) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => {
                        sources.add(SourceFile::new(path, display, text));
                    }
                    Err(error) => diagnostics.push(Diagnostic::at_path(
                        Code::NotUtf8,
                        display,
                        format!("not UTF-8: {}", error.utf8_error()),
                    )),
                },
                Err(error) => diagnostics.push(Diagnostic::at_path(
                    Code::ReadFailed,
                    display,
                    format!("cannot read: {error}"),
                )),
            }
        }
    }
    let pages = sources
        .files()
        .map(|(id, file)| read::read_page(id, &file.text, diagnostics))
        .collect();
    watched.sort();
    watched.dedup();
    Loaded {
        sources,
        pages,
        watched,
    }
}

/// Markdown files under `path` (or `path` itself), in no particular order; directories
/// scanned go to `dirs`.
fn collect_pages(
    path: &Path,
    found: &mut Vec<PathBuf>,
    dirs: &mut Vec<PathBuf>,
) -> std::io::Result<()> {
    let metadata = std::fs::metadata(path)?;
    if metadata.is_file() {
        found.push(path.to_path_buf());
        return Ok(());
    }
    for entry in std::fs::read_dir(path)? {
        let entry = entry?;
        let entry_path = entry.path();
        if entry.file_type()?.is_dir() {
            dirs.push(entry_path.clone());
            collect_pages(&entry_path, found, dirs)?;
        } else if entry_path.extension().is_some_and(|e| e == "md") {
            found.push(entry_path);
        }
    }
    Ok(())
}

/// Reads and resolves without emitting: the `schema` command.
pub fn schema_only(config: &Config) -> Run {
    run(config, false)
}

/// Reads, resolves, emits and, when the input has no errors, writes the crate.
pub fn generate(config: &Config) -> Run {
    run(config, true)
}

/// Reads, resolves and emits in memory; writes nothing.
pub fn generate_in_memory(config: &Config) -> Run {
    let mut run = run(config, false);
    emit_into(&mut run, config);
    run
}

fn run(config: &Config, write: bool) -> Run {
    let start = Instant::now();
    let mut diagnostics = Diagnostics::default();
    let Loaded { sources, pages, .. } = load(&config.effective_inputs(), &mut diagnostics);
    let read_ms = start.elapsed().as_millis();

    let resolve_start = Instant::now();
    let schema = resolve::resolve(&pages, &sources, &mut diagnostics);
    let resolve_ms = resolve_start.elapsed().as_millis();

    let mut run = Run {
        sources,
        pages,
        schema,
        diagnostics,
        output: None,
        written: false,
        timings: Timings {
            read_ms,
            resolve_ms,
            ..Timings::default()
        },
    };
    if write {
        emit_into(&mut run, config);
        if let Some(crate_files) = &run.output {
            let write_start = Instant::now();
            match output::write_crate(&config.out, crate_files) {
                Ok(()) => run.written = true,
                Err(error) => run.diagnostics.push(Diagnostic::at_path(
                    Code::WriteFailed,
                    config.out.to_string_lossy().to_string(),
                    format!("cannot write the output: {error}"),
                )),
            }
            run.timings.write_ms = write_start.elapsed().as_millis();
        }
    } else {
        run.diagnostics.finish(&config.policy);
    }
    run.timings.total_ms = start.elapsed().as_millis();
    run
}

/// Emits the crate unless the input has errors; a run with errors keeps no output.
fn emit_into(run: &mut Run, config: &Config) {
    let emit_start = Instant::now();
    let options = EmitOptions {
        crate_name: config.package_name(),
        regenerate_command: config.regenerate_command(),
        root: "crate".to_string(),
    };
    let emitted = emit::emit(&run.schema, &run.sources, &options, &mut run.diagnostics);
    run.diagnostics.finish(&config.policy);
    match emitted {
        Ok(crate_files) if !run.diagnostics.has_errors() => run.output = Some(crate_files),
        Ok(_) => {}
        Err(error) => run.diagnostics.push(Diagnostic::at_path(
            Code::Internal,
            config.out.to_string_lossy().to_string(),
            format!("internal error, please report it: {}", error.0),
        )),
    }
    run.timings.emit_ms = emit_start.elapsed().as_millis();
}
