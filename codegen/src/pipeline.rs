//! The run: read pages, resolve the schema, emit the crate, write it.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::config_file::{self, Located, Selection, TypeMapping};
use crate::diagnostics::{self, Code, Diagnostic, Diagnostics, SeverityPolicy};
use crate::emit::{self, EmitOptions, GeneratedCrate};
use crate::model::{QualifiedName, Schema};
use crate::output;
use crate::read::{self, Page};
use crate::resolve;
use crate::select;
use crate::source::{FileId, Loc, SourceFile, SourceMap, display_path};

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
    /// What to generate (everything by default).
    pub selection: Selection,
    /// Docs names to Rust names.
    pub renames: Vec<(Located, Located)>,
    pub mapping: TypeMapping,
    /// The config file the selection and renames came from, for diagnostics into it.
    pub config_source: Option<ConfigSource>,
}

/// A config file as read.
#[derive(Debug, Clone)]
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
            selection: Selection::default(),
            renames: Vec::new(),
            mapping: TypeMapping::default(),
            config_source: None,
        }
    }

    /// A configuration read from a `graphdoc.toml`; paths in it are relative to its
    /// directory. Methods called afterwards override what the file says.
    pub fn from_file(path: impl Into<PathBuf>) -> Result<Config, ConfigError> {
        let path = path.into();
        let display = path.to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(&path).map_err(|error| ConfigError {
            message: format!(
                "error[{}]: cannot read {display}: {error}",
                Code::ReadFailed
            ),
        })?;
        let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
        let settings = config_file::parse(&text, &dir).map_err(|problems| {
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
        let mut config = Config::new();
        config.inputs = settings.inputs;
        if let Some(out) = settings.out {
            config.out = out;
        }
        config.crate_name = settings.crate_name;
        if let Some(module_path) = settings.module_path {
            config.module_path = module_path;
        }
        config.selection = settings.selection;
        config.renames = settings.renames;
        config.mapping = settings.mapping;
        config.policy = SeverityPolicy {
            deny: settings.deny,
            allow: settings.allow,
        };
        config.config_source = Some(ConfigSource {
            path,
            display,
            text,
        });
        Ok(config)
    }

    /// Emit options for code rooted at `root`.
    pub(crate) fn emit_options(
        &self,
        root: &str,
        renames: BTreeMap<QualifiedName, String>,
    ) -> EmitOptions {
        EmitOptions {
            crate_name: self.package_name(),
            regenerate_command: self.regenerate_command(),
            root: root.to_string(),
            renames,
            mapping: self.mapping,
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

    /// The command a reader of a generated file runs to regenerate it. Absolute paths
    /// are shortened to their last component: generated files name no machine's paths.
    pub fn regenerate_command(&self) -> String {
        self.command(false)
    }

    /// The command that regenerates the output from here, with paths exactly as given:
    /// what `check` tells a user to run.
    pub fn fix_command(&self) -> String {
        self.command(true)
    }

    fn command(&self, exact: bool) -> String {
        if let Some(source) = &self.config_source {
            return format!(
                "cargo run -p codegen -- generate --config {}",
                source.display
            );
        }
        let inputs = self.effective_inputs();
        if inputs == [PathBuf::from("docs-input")] && self.out == Path::new("generated") {
            return "cargo run -p codegen".to_string();
        }
        let shown = |p: &Path| {
            if p.is_absolute() && !exact {
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

/// Wall-clock time of each phase, and how the emit phase's CPU time (summed over the
/// threads that share it) splits between building tokens and formatting them.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    pub read: Duration,
    pub resolve: Duration,
    pub emit: Duration,
    pub write: Duration,
    pub total: Duration,
    pub emit_cpu: emit::EmitStats,
}

/// Everything a run produced.
#[derive(Debug)]
pub struct Run {
    pub sources: SourceMap,
    pub pages: Vec<Page>,
    pub schema: Schema,
    pub diagnostics: Diagnostics,
    /// Rust names the config file gives docs names.
    pub renames: BTreeMap<QualifiedName, String>,
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
            add_page(path, display, &mut sources, diagnostics);
        }
    }
    // Pages are read on all threads, each into its own diagnostics, merged in page order.
    let files: Vec<_> = sources.files().collect();
    let read: Vec<(Page, Diagnostics)> = files
        .par_iter()
        .map(|(id, file)| {
            let mut found = Diagnostics::default();
            (read::read_page(*id, &file.text, &mut found), found)
        })
        .collect();
    let mut pages = Vec::with_capacity(read.len());
    for (page, found) in read {
        pages.push(page);
        diagnostics.extend(found);
    }
    watched.sort();
    watched.dedup();
    Loaded {
        sources,
        pages,
        watched,
    }
}

/// Reads a page into `sources`; a file that cannot be read or is not UTF-8 is a diagnostic.
pub(crate) fn add_page(
    path: PathBuf,
    display: String,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) -> Option<FileId> {
    match std::fs::read(&path).map(String::from_utf8) {
        Ok(Ok(text)) => Some(sources.add(SourceFile::new(path, display, text))),
        Ok(Err(error)) => {
            diagnostics.push(Diagnostic::at_path(
                Code::NotUtf8,
                display,
                format!("not UTF-8: {}", error.utf8_error()),
            ));
            None
        }
        Err(error) => {
            diagnostics.push(Diagnostic::at_path(
                Code::ReadFailed,
                display,
                format!("cannot read: {error}"),
            ));
            None
        }
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
    run(config, Until::Schema)
}

/// Reads, resolves, emits and, when the input has no errors, writes the crate.
pub fn generate(config: &Config) -> Run {
    run(config, Until::Written)
}

/// Reads, resolves and emits in memory; writes nothing.
pub fn generate_in_memory(config: &Config) -> Run {
    run(config, Until::Emitted)
}

/// How far a run goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Until {
    Schema,
    Emitted,
    Written,
}

/// A run up to the schema: pages read, the schema resolved and narrowed to the selection.
pub(crate) struct Prepared {
    pub sources: SourceMap,
    pub pages: Vec<Page>,
    pub watched: Vec<PathBuf>,
    pub schema: Schema,
    pub diagnostics: Diagnostics,
    pub renames: BTreeMap<QualifiedName, String>,
    pub read: Duration,
    pub resolve: Duration,
}

pub(crate) fn prepare(config: &Config) -> Prepared {
    let start = Instant::now();
    let mut diagnostics = Diagnostics::default();
    let Loaded {
        mut sources,
        pages,
        mut watched,
    } = load(&config.effective_inputs(), &mut diagnostics);
    let config_file = config.config_source.as_ref().map(|source| {
        watched.push(source.path.clone());
        sources.add(SourceFile::not_a_page(
            source.path.clone(),
            source.display.clone(),
            source.text.clone(),
        ))
    });
    let read = start.elapsed();

    let resolve_start = Instant::now();
    let mut schema = resolve::resolve(&pages, &sources, &mut diagnostics);
    let mut renames = BTreeMap::new();
    if let Some(file) = config_file {
        select::apply(&mut schema, &config.selection, file, &mut diagnostics);
        renames = select::renames(&schema, &config.renames, file, &mut diagnostics);
    }
    Prepared {
        sources,
        pages,
        watched,
        schema,
        diagnostics,
        renames,
        read,
        resolve: resolve_start.elapsed(),
    }
}

fn run(config: &Config, until: Until) -> Run {
    let start = Instant::now();
    let prepared = prepare(config);
    let mut run = Run {
        sources: prepared.sources,
        pages: prepared.pages,
        schema: prepared.schema,
        diagnostics: prepared.diagnostics,
        renames: prepared.renames,
        output: None,
        written: false,
        timings: Timings {
            read: prepared.read,
            resolve: prepared.resolve,
            ..Timings::default()
        },
    };
    if until == Until::Schema {
        run.diagnostics.finish(&config.policy);
    } else {
        emit_into(&mut run, config);
    }
    if until == Until::Written
        && let Some(crate_files) = &run.output
    {
        let write_start = Instant::now();
        match output::write_crate(&config.out, crate_files) {
            Ok(()) => run.written = true,
            Err(error) => run.diagnostics.push(Diagnostic::at_path(
                Code::WriteFailed,
                config.out.to_string_lossy().to_string(),
                format!("cannot write the output: {error}"),
            )),
        }
        run.timings.write = write_start.elapsed();
    }
    run.timings.total = start.elapsed();
    run
}

/// Emits the crate unless the input has errors; a run with errors keeps no output.
fn emit_into(run: &mut Run, config: &Config) {
    let emit_start = Instant::now();
    let options = config.emit_options("crate", run.renames.clone());
    let emitted = emit::emit(&run.schema, &run.sources, &options, &mut run.diagnostics);
    run.diagnostics.finish(&config.policy);
    match emitted {
        Ok((crate_files, stats)) => {
            run.timings.emit_cpu = stats;
            if !run.diagnostics.has_errors() {
                run.output = Some(crate_files);
            }
        }
        Err(error) => run.diagnostics.push(Diagnostic::at_path(
            error.code,
            config.out.to_string_lossy().to_string(),
            format!("internal error, please report it: {}", error.message),
        )),
    }
    run.timings.emit = emit_start.elapsed();
}
