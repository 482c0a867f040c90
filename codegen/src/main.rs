//! The `graphdoc` command line: `generate` (the default), `schema`, `check`, `sync`, `diff` and
//! `examples`.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use graphdoc::config_file::Relationships;
use graphdoc::diagnostics::{Selector, Severity};
use graphdoc::{ConfigFile, CrateDir, Run, Settings, report};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Generates typed Rust models from Microsoft Graph API reference pages.
#[derive(Parser)]
#[command(name = "graphdoc", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Generate a crate from the pages (the default: docs-input into generated).
    Generate(GenerateArgs),
    /// Print the resolved model as JSON.
    Schema(InputArgs),
    /// Check that the output directory holds exactly what generate would write.
    Check(CheckArgs),
    /// Copy the config's upstream pages from a checkout of the docs and write graphdoc.lock.
    Sync(SyncArgs),
    /// The API change between two versions of the pages: JSON, or markdown for a pull request.
    Diff(DiffArgs),
    /// Check the examples of the method pages (DIR/api) against the resource pages (DIR/resources).
    Examples(ExamplesArgs),
}

#[derive(Args)]
struct DiffArgs {
    /// The old pages: a directory searched recursively, or one page.
    #[arg(long, value_name = "DIR")]
    old: PathBuf,
    /// The new pages: a directory searched recursively, or one page.
    #[arg(long, value_name = "DIR")]
    new: PathBuf,
    /// `json` (every change) or `markdown` (a pull request body, cut to GitHub's limit).
    #[arg(long, value_enum, default_value_t = DiffFormat::Json)]
    format: DiffFormat,
    /// A graphdoc.toml whose settings (selection, renames, type mapping, features) apply
    /// to both sides; its inputs are not read.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum DiffFormat {
    Json,
    Markdown,
}

#[derive(Args)]
struct ExamplesArgs {
    /// A docs version folder holding `resources/` and `api/`.
    #[arg(long, value_name = "DIR")]
    docs: PathBuf,
    /// Write a JSON report of the counts and every finding.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Print every finding, not only the counts by code.
    #[arg(long, short)]
    verbose: bool,
    /// Also print N failing examples, evenly spread over all failures, with their findings.
    #[arg(long, value_name = "N")]
    sample: Option<usize>,
}

#[derive(Args)]
struct SyncArgs {
    /// The graphdoc.toml whose `[upstream]` pages are copied; graphdoc.lock is written
    /// beside it.
    #[arg(long, value_name = "FILE", default_value = "graphdoc.toml")]
    config: PathBuf,
    /// A clean git checkout of the upstream docs repository (a sparse one is enough).
    #[arg(
        long,
        value_name = "DIR",
        required_unless_present = "print_sparse_patterns",
        conflicts_with = "print_sparse_patterns"
    )]
    from: Option<PathBuf>,
    /// Print the patterns for `git sparse-checkout set --no-cone --stdin`, one a line.
    #[arg(long)]
    print_sparse_patterns: bool,
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    input: InputArgs,
    /// The checked-in crate directory to compare with [default: generated].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Package name of the generated crate (default: the output directory's name).
    #[arg(long, value_name = "NAME")]
    crate_name: Option<String>,
}

#[derive(Args, Default)]
struct InputArgs {
    /// A graphdoc.toml with inputs, selection, renames, type mapping and diagnostics;
    /// the other options override it.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// A directory of markdown pages, searched recursively, or one page (repeatable).
    #[arg(long = "input", value_name = "DIR")]
    inputs: Vec<PathBuf>,
    /// Treat this diagnostic code, or `warnings` for all of them, as an error (repeatable).
    #[arg(long, value_name = "CODE")]
    deny: Vec<Selector>,
    /// Do not report this warning code, or `warnings` for all of them (repeatable).
    #[arg(long, value_name = "CODE")]
    allow: Vec<Selector>,
    /// Generate this type or enum (a simple or qualified docs name) and what it uses,
    /// instead of everything (repeatable; adds to the config file's selection).
    #[arg(long, value_name = "NAME")]
    select_type: Vec<String>,
    /// Generate the types and enums of this namespace and what they use (repeatable).
    #[arg(long, value_name = "NAMESPACE")]
    select_namespace: Vec<String>,
    /// Generate the types and enums of this area (a page's ms.subservice, else ms.prod)
    /// and what they use (repeatable).
    #[arg(long, value_name = "AREA")]
    select_area: Vec<String>,
    /// Which relationships of the selected types to keep: `selection` (only those to
    /// types the selection generates anyway; the default) or `follow` (all, generating
    /// the types they lead to, transitively). Overrides the config file's.
    #[arg(long, value_name = "MODE")]
    select_relationships: Option<Relationships>,
    /// Print only the summary line, not each diagnostic.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Args, Default)]
struct GenerateArgs {
    #[command(flatten)]
    input: InputArgs,
    /// The crate directory to write; replaced whole [default: generated].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Write a JSON report of pages, types, enums, diagnostics and timings.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Package name of the generated crate (default: the output directory's name).
    #[arg(long, value_name = "NAME")]
    crate_name: Option<String>,
    /// The generation cache, outside the crate [default: $GRAPHDOC_CACHE_DIR, else
    /// target/graphdoc-cache/<hash of the output path> beside the nearest Cargo.lock].
    #[arg(long, value_name = "DIR")]
    cache_dir: Option<PathBuf>,
    /// Print everything and replace the output directory whole, without a cache.
    #[arg(long, conflicts_with = "cache_dir")]
    no_cache: bool,
}

/// The cache a `generate` run keeps: `--cache-dir`, `GRAPHDOC_CACHE_DIR` or the default.
fn cache_dir(args: &GenerateArgs, out: &Path) -> Option<PathBuf> {
    if args.no_cache {
        return None;
    }
    args.cache_dir
        .clone()
        .or_else(|| std::env::var_os("GRAPHDOC_CACHE_DIR").map(PathBuf::from))
        .or_else(|| graphdoc::cache::default_dir(out))
}

/// What a run reads, what it generates and where it writes: a config file's, or the
/// defaults, with the command line on top.
struct Job {
    inputs: Vec<PathBuf>,
    settings: Settings,
    target: CrateDir,
    /// The config file read, if any.
    config: Option<ConfigFile>,
}

impl InputArgs {
    /// The config file if given (or, with no `--input` either, `graphdoc.toml` when the
    /// current directory has one), with the command line on top. A config file that cannot
    /// be used is reported and ends the run with status 1.
    fn job(&self) -> Result<Job, ExitCode> {
        let default = Path::new(graphdoc::pipeline::DEFAULT_CONFIG);
        let config = match &self.config {
            Some(path) => Some(path.clone()),
            None if self.inputs.is_empty() && default.is_file() => Some(default.to_path_buf()),
            None => None,
        };
        let mut job = match &config {
            Some(path) => {
                let file = ConfigFile::read(path).map_err(|error| {
                    eprintln!("{error}");
                    ExitCode::from(1)
                })?;
                Job {
                    inputs: file.inputs.clone(),
                    settings: file.settings.clone(),
                    target: file.crate_dir.clone(),
                    config: Some(file),
                }
            }
            None => Job {
                inputs: vec![PathBuf::from("docs-input")],
                settings: Settings::new(),
                target: CrateDir::default(),
                config: None,
            },
        };
        if !self.inputs.is_empty() {
            job.inputs = self.inputs.clone();
        }
        for name in &self.select_type {
            job.settings = job.settings.with_selected_type(name);
        }
        for name in &self.select_namespace {
            job.settings = job.settings.with_selected_namespace(name);
        }
        for name in &self.select_area {
            job.settings = job.settings.with_selected_area(name);
        }
        if let Some(relationships) = self.select_relationships {
            job.settings = job.settings.with_relationships(relationships);
        }
        for selector in &self.deny {
            job.settings = job.settings.with_deny(*selector);
        }
        for selector in &self.allow {
            job.settings = job.settings.with_allow(*selector);
        }
        Ok(job)
    }
}

/// Applies `--out` and `--crate-name` on top of a job's target.
fn with_output(mut job: Job, out: &Option<PathBuf>, crate_name: &Option<String>) -> Job {
    if let Some(out) = out {
        // A new directory keeps the package name the config file gives.
        let mut target = CrateDir::new(out);
        if let Some(name) = job.target.crate_name() {
            target = target.with_crate_name(name);
        }
        job.target = target;
    }
    if let Some(name) = crate_name {
        job.target = job.target.with_crate_name(name);
    }
    // The config file's command alone would drop `--out` and `--crate-name`.
    if job.config.is_some() && (out.is_some() || crate_name.is_some()) {
        // The config file's command, with the selection set on the command line.
        let mut command = graphdoc::pipeline::regenerate_command(
            &job.inputs,
            &job.settings,
            &CrateDir::default(),
        );
        if let Some(out) = out {
            let shown = graphdoc::pipeline::shown_path(out, false);
            command.push_str(&format!(" --out {shown}"));
        }
        if let Some(name) = crate_name {
            command.push_str(&format!(" --crate-name {name}"));
        }
        job.target = job.target.with_regenerate_command(command);
    }
    job
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let command = cli
        .command
        .unwrap_or_else(|| Command::Generate(GenerateArgs::default()));
    match command {
        Command::Generate(args) => generate(args),
        Command::Schema(args) => schema(args),
        Command::Check(args) => check(args),
        Command::Sync(args) => sync(args),
        Command::Diff(args) => diff(args),
        Command::Examples(args) => examples(args),
    }
}

fn print_diagnostics(run: &Run, quiet: bool) {
    if quiet {
        return;
    }
    let stderr = std::io::stderr();
    let mut stderr = stderr.lock();
    for text in run.rendered_diagnostics() {
        let _ = writeln!(stderr, "{text}");
    }
    if let Some(line) = run.left_out_summary() {
        let _ = writeln!(stderr, "{line}");
    }
}

fn summary(run: &Run, what: &str) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "graphdoc: {}, {}, {}, {}, {} in {} ms; {what}",
        plural(run.sources.page_count(), "page"),
        plural(run.schema.structs.len(), "type"),
        plural(run.schema.enums.len(), "enum"),
        plural(run.diagnostics.count(Severity::Warning), "warning"),
        plural(run.diagnostics.count(Severity::Error), "error"),
        run.timings.total.as_millis(),
    )
}

fn generate(args: GenerateArgs) -> ExitCode {
    let job = match args.input.job() {
        Ok(job) => with_output(job, &args.out, &args.crate_name),
        Err(code) => return code,
    };
    let target = match cache_dir(&args, job.target.dir()) {
        Some(cache) => job.target.clone().with_cache_dir(cache),
        None => job.target.clone(),
    };
    let out = job.target.dir();
    let run = graphdoc::generate(&job.inputs, &job.settings, &target);
    print_diagnostics(&run, args.input.quiet);
    let outcome = if run.written {
        format!("wrote {}", out.display())
    } else {
        format!("wrote nothing; {} is unchanged", out.display())
    };
    eprintln!("{}", summary(&run, &outcome));
    if let Some(path) = &args.report {
        let json = serde_json::to_string_pretty(&report::report(&run)).expect("reports serialize");
        if let Err(error) = std::fs::write(path, json + "\n") {
            eprintln!("error: cannot write the report {}: {error}", path.display());
            return ExitCode::from(1);
        }
    }
    if run.has_errors() || !run.written {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn schema(args: InputArgs) -> ExitCode {
    let job = match args.job() {
        Ok(job) => job,
        Err(code) => return code,
    };
    let run = graphdoc::schema_only(&job.inputs, &job.settings);
    print_diagnostics(&run, args.quiet);
    eprintln!("{}", summary(&run, "printed the schema"));
    let json =
        serde_json::to_string_pretty(&report::schema_json(&run.schema)).expect("schemas serialize");
    println!("{json}");
    if run.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn check(args: CheckArgs) -> ExitCode {
    let job = match args.input.job() {
        Ok(job) => with_output(job, &args.out, &args.crate_name),
        Err(code) => return code,
    };
    let out = job.target.dir();
    // Pages edited or missing since the last sync; printed even with --quiet.
    let lock_errors = job
        .config
        .as_ref()
        .map(graphdoc::sync::verify)
        .unwrap_or_default();
    let run = graphdoc::generate_in_memory(&job.inputs, &job.settings, &job.target);
    print_diagnostics(&run, args.input.quiet);
    for error in &lock_errors {
        eprint!("{error}");
    }
    let Some(fresh) = &run.output else {
        eprintln!("{}", summary(&run, "cannot check: the input has errors"));
        return ExitCode::from(1);
    };
    let differences = match graphdoc::check::compare(fresh, out) {
        Ok(differences) => differences,
        Err(error) => {
            eprintln!("error: cannot read {}: {error}", out.display());
            return ExitCode::from(1);
        }
    };
    if differences.is_empty() {
        if !lock_errors.is_empty() {
            eprintln!(
                "{}",
                summary(
                    &run,
                    &format!(
                        "{} is up to date, but {} input page{} differ{} from graphdoc.lock",
                        out.display(),
                        lock_errors.len(),
                        if lock_errors.len() == 1 { "" } else { "s" },
                        if lock_errors.len() == 1 { "s" } else { "" }
                    )
                )
            );
            return ExitCode::from(1);
        }
        eprintln!(
            "{}",
            summary(&run, &format!("{} is up to date", out.display()))
        );
        return ExitCode::SUCCESS;
    }
    print!("{}", graphdoc::check::render(&differences));
    eprintln!(
        "{}",
        summary(
            &run,
            &format!(
                "{} is stale ({} file{} differ{})",
                out.display(),
                differences.len(),
                if differences.len() == 1 { "" } else { "s" },
                if differences.len() == 1 { "s" } else { "" }
            )
        )
    );
    eprintln!(
        "error: {} is stale; run `{}` and commit the result",
        out.display(),
        graphdoc::pipeline::fix_command(&job.inputs, &job.settings, &job.target)
    );
    ExitCode::from(1)
}

/// Copies the upstream pages and writes the lock, or prints the sparse-checkout patterns.
fn sync(args: SyncArgs) -> ExitCode {
    use graphdoc::sync::{self, Change};
    let config = match ConfigFile::read(&args.config) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(1);
        }
    };
    if args.print_sparse_patterns {
        let pages = config
            .upstream
            .as_ref()
            .map(|u| u.pages.as_slice())
            .unwrap_or_default();
        if pages.is_empty() {
            eprintln!(
                "error[{}]: {} names no `[upstream]` pages",
                graphdoc::diagnostics::Code::SyncRefused,
                args.config.display()
            );
            return ExitCode::from(1);
        }
        for pattern in sync::sparse_patterns(pages) {
            println!("{pattern}");
        }
        return ExitCode::SUCCESS;
    }
    let from = args
        .from
        .expect("clap requires --from without --print-sparse-patterns");
    let plan = match sync::plan(&config, &from) {
        Ok(plan) => plan,
        Err(errors) => {
            for error in &errors {
                eprint!("{error}");
            }
            eprintln!(
                "graphdoc: sync refused ({} error{}); nothing was written",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" }
            );
            return ExitCode::from(1);
        }
    };
    if let Err(error) = plan.apply() {
        eprintln!(
            "error[{}]: cannot write the synced pages or the lock: {error}",
            graphdoc::diagnostics::Code::WriteFailed
        );
        return ExitCode::from(1);
    }
    for line in plan.report_lines() {
        println!("{line}");
    }
    eprintln!(
        "graphdoc: synced {} page{} from {}: {} added, {} changed, {} restored, {} removed, {} unchanged; wrote {}",
        plan.copied.len(),
        if plan.copied.len() == 1 { "" } else { "s" },
        plan.commit,
        plan.count(Change::Added),
        plan.count(Change::Changed),
        plan.count(Change::Restored),
        plan.dropped.len(),
        plan.count(Change::Unchanged),
        plan.lock_path.display()
    );
    ExitCode::SUCCESS
}

/// Changes are not failures: exit 0 whatever changed; 1 when either side has errors.
fn diff(args: DiffArgs) -> ExitCode {
    let settings = match &args.config {
        Some(path) => match ConfigFile::read(path) {
            Ok(file) => file.settings,
            Err(error) => {
                eprintln!("{error}");
                return ExitCode::from(1);
            }
        },
        None => Settings::new(),
    };
    let (old_run, old_model) = graphdoc::pipeline::schema_and_model(&[&args.old], &settings);
    let (new_run, new_model) = graphdoc::pipeline::schema_and_model(&[&args.new], &settings);
    let mut failed = false;
    for (side, run) in [("old", &old_run), ("new", &new_run)] {
        if run.has_errors() {
            print_diagnostics(run, false);
            eprintln!("{}", summary(run, &format!("the {side} pages have errors")));
            failed = true;
        }
    }
    let (Some(old_model), Some(new_model), false) = (old_model, new_model, failed) else {
        return ExitCode::from(1);
    };
    let changes =
        graphdoc::api_diff::diff(&old_run.schema, &old_model, &new_run.schema, &new_model);
    let text = match args.format {
        DiffFormat::Json => graphdoc::api_diff::render_json(&changes) + "\n",
        DiffFormat::Markdown => {
            graphdoc::api_diff::render_markdown(&changes, graphdoc::api_diff::MARKDOWN_LIMIT)
        }
    };
    print!("{text}");
    let breaking = changes.iter().filter(|c| c.breaking).count();
    eprintln!(
        "graphdoc: {} change{}, {breaking} breaking",
        changes.len(),
        if changes.len() == 1 { "" } else { "s" }
    );
    ExitCode::SUCCESS
}

/// Findings are about the docs, so they do not fail the command; only unreadable input does.
fn examples(args: ExamplesArgs) -> ExitCode {
    use graphdoc::examples::{self, report as examples_report};
    let run = examples::validate_docs(&args.docs);
    let stderr = std::io::stderr();
    let mut stderr = stderr.lock();
    let lines = if args.verbose {
        run.rendered_diagnostics()
    } else {
        let mut lines = run.rendered_read_failures();
        lines.extend(examples_report::by_code_lines(&run));
        lines
    };
    for line in lines {
        let _ = writeln!(stderr, "{line}");
    }
    if let Some(count) = args.sample.filter(|n| *n > 0 && !run.failed.is_empty()) {
        let count = count.min(run.failed.len());
        for index in 0..count {
            let failed = &run.failed[index * run.failed.len() / count];
            let _ = writeln!(
                stderr,
                "sample {}/{count}: {}:{} ({})",
                index + 1,
                failed.file,
                failed.line,
                failed.type_name
            );
            for d in &failed.diagnostics {
                let _ = write!(stderr, "{}", graphdoc::diagnostics::render(d, &run.sources));
            }
        }
    }
    let _ = writeln!(stderr, "{}", examples_report::summary(&run));
    if let Some(path) = &args.report {
        let report = examples_report::report(&run);
        let json = serde_json::to_string_pretty(&report).expect("reports serialize");
        if let Err(error) = std::fs::write(path, json + "\n") {
            let _ = writeln!(
                stderr,
                "error: cannot write the report {}: {error}",
                path.display()
            );
            return ExitCode::from(1);
        }
    }
    if run.read_failed() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
