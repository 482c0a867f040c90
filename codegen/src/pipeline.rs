//! The run: read pages, resolve the schema, lower it to a crate model, print the crate,
//! write it.
//!
//! Every entry point takes the inputs (pages, or directories searched recursively for
//! `.md` pages; none at all is an error, GD0003), the [`Settings`] (what to generate)
//! and, when it writes, the target ([`CrateDir`] here, [`crate::OutDirFile`] for a build
//! script).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostics::{self, Code, Diagnostic, Diagnostics};
use crate::emit::{self, EmitOptions, GeneratedCrate};
use crate::inputs::{self, Loaded};
use crate::lower;
use crate::model::{QualifiedName, Schema};
use crate::output;
use crate::read::Page;
use crate::resolve;
use crate::settings::{self, Settings};
use crate::source::SourceMap;
use crate::target::CrateDir;

/// The options the emitter takes, for code rooted at `root` (`crate`, or the module a
/// build script's file is included in).
pub(crate) fn emit_options(
    settings: &Settings,
    root: &str,
    crate_name: String,
    regenerate_command: String,
    renames: BTreeMap<QualifiedName, String>,
) -> EmitOptions {
    EmitOptions {
        crate_name,
        regenerate_command,
        root: root.to_string(),
        renames,
        mapping: settings.type_mapping(),
        default_features: settings.default_features(),
    }
}

/// The config file `graphdoc` reads when no `--config` and no `--input` is given and the
/// current directory has one.
pub const DEFAULT_CONFIG: &str = "graphdoc.toml";

/// The command a reader of a generated file runs to regenerate it: the one the target
/// sets, or the `graphdoc generate` command line equivalent to the run. Absolute paths are
/// shortened to their last component: generated files name no machine's paths.
pub fn regenerate_command(
    inputs: &[impl AsRef<Path>],
    settings: &Settings,
    target: &CrateDir,
) -> String {
    command(inputs, settings, target, false)
}

/// The command that regenerates the output from here, with paths exactly as given:
/// what `check` tells a user to run.
pub fn fix_command(inputs: &[impl AsRef<Path>], settings: &Settings, target: &CrateDir) -> String {
    command(inputs, settings, target, true)
}

fn command(
    inputs: &[impl AsRef<Path>],
    settings: &Settings,
    target: &CrateDir,
    exact: bool,
) -> String {
    if let Some(command) = target.regenerate_command() {
        return command.to_string();
    }
    let shown = |p: &Path| shown_path(p, exact);
    let mut command = String::from("graphdoc generate");
    match settings.config_source() {
        // The `graphdoc.toml` of the current directory is what `graphdoc` reads by default.
        Some(source) if source.display == DEFAULT_CONFIG => {}
        Some(source) => command.push_str(&format!(" --config {}", source.display)),
        None => {
            for input in inputs {
                command.push_str(&format!(" --input {}", shown(input.as_ref())));
            }
            command.push_str(&format!(" --out {}", shown(target.dir())));
        }
    }
    // What the methods select, as the command line selects it.
    for (flag, names) in settings.selections_set_in_code() {
        for name in names {
            command.push_str(&format!(" --{flag} {}", shell_word(name)));
        }
    }
    command
}

/// A path as a command names it: with `/` separators, and, unless `exact`, an absolute
/// path shortened to its last component (generated files name no machine's paths).
pub fn shown_path(path: &Path, exact: bool) -> String {
    if path.is_absolute() && !exact {
        path.file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default()
    } else {
        path.to_string_lossy().replace('\\', "/")
    }
}

/// A word as a POSIX shell reads it back: quoted when it holds anything but the
/// characters of names and paths.
pub fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:@=+,".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
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
    /// Within `emit`: fingerprinting the items and comparing the output on disk with the
    /// cache's record (zero without a cache).
    pub cache: Duration,
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
    /// Rust names the settings give docs names.
    pub renames: BTreeMap<QualifiedName, String>,
    /// The emitted crate, unless the input had errors. With a cache
    /// ([`CrateDir::with_cache_dir`]) it holds only the files printed by this run: the
    /// files of the `reused` items were current on disk.
    pub output: Option<GeneratedCrate>,
    /// How many items kept their files from the previous run without being printed.
    pub reused: usize,
    /// Whether the crate was written to the output directory.
    pub written: bool,
    pub timings: Timings,
}

impl Run {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.has_errors()
    }

    /// The line standing for the warnings a selection left out, if it left any out.
    pub fn left_out_summary(&self) -> Option<String> {
        self.diagnostics.left_out().summary()
    }

    /// Each diagnostic rendered rustc-style.
    pub fn rendered_diagnostics(&self) -> Vec<String> {
        self.diagnostics
            .iter()
            .map(|d| diagnostics::render(d, &self.sources))
            .collect()
    }
}

/// Reads and resolves without emitting: the `schema` command.
pub fn schema_only(inputs: &[impl AsRef<Path>], settings: &Settings) -> Run {
    run(&paths(inputs), settings, None, Until::Schema)
}

/// Reads, resolves, emits and, when the input has no errors, writes the crate to
/// `target`, replacing what it held only when graphdoc wrote it.
pub fn generate(inputs: &[impl AsRef<Path>], settings: &Settings, target: &CrateDir) -> Run {
    run(&paths(inputs), settings, Some(target), Until::Written)
}

/// Reads, resolves and emits the crate `target` would hold, in memory; writes nothing.
pub fn generate_in_memory(
    inputs: &[impl AsRef<Path>],
    settings: &Settings,
    target: &CrateDir,
) -> Run {
    run(&paths(inputs), settings, Some(target), Until::Emitted)
}

fn paths(inputs: &[impl AsRef<Path>]) -> Vec<PathBuf> {
    inputs.iter().map(|p| p.as_ref().to_path_buf()).collect()
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

/// Reads the pages of `inputs`, resolves them, and narrows the schema to the settings'
/// selection; a name in the selection or renames that no page defines is an error.
pub(crate) fn prepare(inputs: &[PathBuf], settings: &Settings) -> Prepared {
    prepare_cached(inputs, settings, None)
}

/// [`prepare`], with the page cache in `cache`.
fn prepare_cached(inputs: &[PathBuf], settings: &Settings, cache: Option<&Path>) -> Prepared {
    let start = Instant::now();
    let mut diagnostics = Diagnostics::default();
    let Loaded {
        mut sources,
        pages,
        mut watched,
    } = inputs::load_cached(inputs, cache, &mut diagnostics);
    if let Some(source) = settings.config_source() {
        watched.push(source.path.clone());
    }
    let origins = settings.locate(&mut sources, &mut diagnostics);
    let read = start.elapsed();

    let resolve_start = Instant::now();
    let mut schema = resolve::resolve(&pages, &sources, &mut diagnostics);
    let renames = settings::apply(
        &mut schema,
        &origins,
        settings.relationships(),
        &mut diagnostics,
    );
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

/// Runs up to `until`; `target` is `None` only for [`Until::Schema`].
fn run(inputs: &[PathBuf], settings: &Settings, target: Option<&CrateDir>, until: Until) -> Run {
    let start = Instant::now();
    let cache = target.and_then(CrateDir::cache_dir).filter(|cache| {
        until == Until::Written
            && crate::cache::usable(cache, target.map_or(Path::new(""), CrateDir::dir))
    });
    // The output on disk is compared with the cache's record while the pages are read.
    let inspection = cache.zip(target).map(|(cache, target)| {
        let (cache, out) = (cache.to_path_buf(), target.dir().to_path_buf());
        std::thread::spawn(move || crate::cache::inspect(&cache, &out))
    });
    let prepared = prepare_cached(inputs, settings, cache);
    let mut run = Run {
        sources: prepared.sources,
        pages: prepared.pages,
        schema: prepared.schema,
        diagnostics: prepared.diagnostics,
        renames: prepared.renames,
        output: None,
        reused: 0,
        written: false,
        timings: Timings {
            read: prepared.read,
            resolve: prepared.resolve,
            ..Timings::default()
        },
    };
    let Some(target) = target.filter(|_| until != Until::Schema) else {
        finish_diagnostics(&mut run.diagnostics, settings, &run.schema, &run.sources);
        run.timings.total = start.elapsed();
        return run;
    };
    let plan = emit_into(&mut run, inputs, settings, target, inspection);
    if until == Until::Written
        && let Some(crate_files) = &run.output
    {
        let write_start = Instant::now();
        let written = match plan {
            Some(plan) => plan.apply(crate_files).map(drop),
            None => output::write_crate(target.dir(), crate_files),
        };
        match written {
            Ok(()) => run.written = true,
            Err(error) => run.diagnostics.push(Diagnostic::at_path(
                Code::WriteFailed,
                target.dir().to_string_lossy().to_string(),
                format!("cannot write the output: {error}"),
            )),
        }
        run.timings.write = write_start.elapsed();
    }
    run.timings.total = start.elapsed();
    run
}

/// Applies the settings' policy to the diagnostics and, when the settings select, leaves
/// out the warnings on pages that define no generated type or enum: a run shows the
/// warnings of what it generates, and [`Diagnostics::left_out`] counts the rest.
pub(crate) fn finish_diagnostics(
    diagnostics: &mut Diagnostics,
    settings: &Settings,
    schema: &Schema,
    sources: &SourceMap,
) {
    diagnostics.finish(settings.policy());
    if settings.selects_everything() {
        return;
    }
    let generated: BTreeSet<&str> = schema
        .structs
        .iter()
        .flat_map(|t| &t.pages)
        .chain(schema.enums.iter().flat_map(|e| &e.pages))
        .map(String::as_str)
        .collect();
    diagnostics.leave_out_pages(sources, |page| generated.contains(page));
}

/// Emits the crate unless the input has errors; a run with errors keeps no output. With
/// a cache, prints only the items whose files are not current, and returns the plan that
/// writes them.
fn emit_into(
    run: &mut Run,
    inputs: &[PathBuf],
    settings: &Settings,
    target: &CrateDir,
    inspection: Option<std::thread::JoinHandle<crate::cache::Inspection>>,
) -> Option<crate::cache::Plan> {
    let emit_start = Instant::now();
    let options = emit_options(
        settings,
        "crate",
        target.package_name(),
        regenerate_command(inputs, settings, target),
        run.renames.clone(),
    );
    // Lower: every Rust decision, checked; then print the model.
    let lowered = lower::lower(
        &run.schema,
        &options.lower_options(true),
        &mut run.diagnostics,
    );
    let lower_time = emit_start.elapsed();
    let mut plan = None;
    let emitted = lowered
        .map_err(emit::InternalError::from)
        .and_then(|model| {
            let cache_start = Instant::now();
            // A failed inspection (a bug) means no cache: everything printed and written.
            let found = inspection
                .and_then(|handle| handle.join().ok())
                .map(|inspection| {
                    crate::cache::plan(inspection, &model, &options, run.sources.page_count())
                });
            run.timings.cache = cache_start.elapsed();
            let items = found.as_ref().map(|p| p.reuse()).unwrap_or_default();
            run.reused = items.iter().filter(|r| **r).count();
            let reuse = emit::Reuse {
                items: &items,
                modules: found.as_ref().is_some_and(|p| p.reuse_modules()),
            };
            let printed = emit::print_crate_except(&model, &run.sources, &options, reuse);
            plan = found;
            printed
        });
    finish_diagnostics(&mut run.diagnostics, settings, &run.schema, &run.sources);
    match emitted {
        Ok((crate_files, stats)) => {
            run.timings.emit_cpu = emit::EmitStats {
                lower: lower_time,
                ..stats
            };
            if !run.diagnostics.has_errors() {
                run.output = Some(crate_files);
            }
        }
        Err(error) => run.diagnostics.push(Diagnostic::at_path(
            error.code,
            target.dir().to_string_lossy().to_string(),
            format!("internal error, please report it: {}", error.message),
        )),
    }
    run.timings.emit = emit_start.elapsed();
    plan
}

/// Reads and resolves the pages and lowers the schema to the crate model `generate` would
/// print (features on), without printing it: what `graphdoc diff` compares. The model is
/// `None` when the input has errors; a lowering failure (a bug in graphdoc) is one of them.
pub fn schema_and_model(
    inputs: &[impl AsRef<Path>],
    settings: &Settings,
) -> (Run, Option<lower::CrateModel>) {
    let mut run = schema_only(inputs, settings);
    if run.has_errors() {
        return (run, None);
    }
    let options = emit_options(
        settings,
        "crate",
        String::from("generated"),
        String::new(),
        run.renames.clone(),
    );
    // Naming warnings are those `generate` reports; `diff` does not repeat them.
    let mut lowering = Diagnostics::default();
    match lower::lower(&run.schema, &options.lower_options(true), &mut lowering) {
        Ok(model) => (run, Some(model)),
        Err(error) => {
            let error = emit::InternalError::from(error);
            run.diagnostics.push(Diagnostic::at_path(
                error.code,
                "<lowering>".to_string(),
                format!("internal error, please report it: {}", error.message),
            ));
            (run, None)
        }
    }
}
