//! The corpus test: graphdoc measured on the real Graph API reference (2021 snapshot) and,
//! for v1.0, checked against the official CSDL metadata.
//!
//! The corpus lives outside the repository, at `<workspace>/../shared/corpus`:
//! `graph-docs-2021/api-reference/{v1.0,beta}/resources` (the pages) and
//! `csdl/v1.0-2021-07-13.xml` (the metadata). The metadata is an oracle for this test only;
//! the generator never reads it. Nothing from the corpus is copied into the repository.
//!
//! When the corpus is missing the test fails under CI (`CI` set) and otherwise prints
//! `SKIPPED` to stderr and passes.
//!
//! One test does everything in sequence so the heavy work (two generations and two
//! `cargo check`s of the generated crates) runs once. Every figure is printed with a
//! `corpus v1.0:` / `corpus beta:` prefix; `cargo test -p graphdoc-tests --test corpus --
//! --nocapture` shows them, and a failing run shows them with the failure. Failed checks
//! are collected and reported together at the end, so one failing step does not hide the
//! figures of the others.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use codegen::diagnostics::{self, Code, Severity};
use codegen::model::{Origin, Primitive, TypeRef};
use codegen::source::FileId;
use codegen::{Config, Run};
use graphdoc_tests::repo_root;

/// Share of resource-annotated pages that must produce a type.
const MIN_RESOURCE_PAGES_WITH_TYPE: f64 = 0.99;
/// Largest share of table properties left unresolved (`serde_json::Value` by fallback).
const MAX_UNRESOLVED_TABLE_PROPERTIES: f64 = 0.01;
/// Share of table properties whose type must agree with the CSDL.
const MIN_CSDL_PROPERTY_AGREEMENT: f64 = 0.98;
/// Share of enums whose member set must equal the CSDL's exactly: a floor against
/// regressions, not the goal.
///
/// The issue asks for 95%. That target is not met, and the generator cannot meet it on its
/// own: the docs' enum tables genuinely differ from the CSDL, mostly by omitting the CSDL's
/// `unknownFutureValue` member (others: members the CSDL lacks or adds, `enums.md` giving
/// `changeType` the members of `countryLookupMethodType`, `dateTimeDropDown` against
/// `dateTimeDropdown`). Measured on the 2021 v1.0 corpus: 251 of 288 enums compared are
/// equal (87.2%); 19 of the 37 unequal ones differ only by `unknownFutureValue` (forgiving
/// those would give 270 of 288, 93.8%, still short of 95%). The floor is the measured
/// value rounded down to the whole percent. The strict ratio is asserted;
/// `unknownFutureValue` is not normalized away.
const MIN_CSDL_ENUM_EQUAL: f64 = 0.86;

/// The docs versions measured, with the package name of each generated crate.
const VERSIONS: [(&str, &str); 2] = [("v1.0", "graph_v1"), ("beta", "graph_beta")];

#[test]
fn corpus() {
    let started = Instant::now();
    let root = repo_root();
    let corpus = root
        .parent()
        .expect("the workspace has a parent directory")
        .join("shared")
        .join("corpus");
    let csdl_path = corpus.join("csdl").join("v1.0-2021-07-13.xml");
    let resources = |version: &str| {
        corpus
            .join("graph-docs-2021")
            .join("api-reference")
            .join(version)
            .join("resources")
    };
    let mut required = vec![corpus.clone(), csdl_path.clone()];
    required.extend(VERSIONS.iter().map(|(version, _)| resources(version)));
    if let Some(missing) = required.iter().find(|p| !p.exists()) {
        if std::env::var_os("CI").is_some() {
            panic!(
                "the docs corpus is required under CI but {} does not exist (expected the corpus at {})",
                missing.display(),
                corpus.display()
            );
        }
        // Written past the test harness's capture so it shows without --nocapture.
        let _ = writeln!(
            std::io::stderr(),
            "\n*** SKIPPED: corpus not found at {} (missing {}) ***\n",
            corpus.display(),
            missing.display()
        );
        return;
    }

    let mut failures = Vec::new();
    for (version, crate_name) in VERSIONS {
        let out = Out::new(version);
        let oracle = (version == "v1.0").then_some(csdl_path.as_path());
        measure_version(
            &out,
            &resources(version),
            crate_name,
            oracle,
            &root,
            &mut failures,
        );
    }
    println!("corpus: total test time {}", seconds(started.elapsed()));
    assert!(
        failures.is_empty(),
        "the corpus test failed ({} checks; figures above):\n- {}",
        failures.len(),
        failures.join("\n- ")
    );
}

/// Prints lines prefixed `corpus <version>:` and records failed checks.
struct Out {
    prefix: String,
}

impl Out {
    fn new(version: &str) -> Self {
        Out {
            prefix: format!("corpus {version}:"),
        }
    }

    fn line(&self, text: impl AsRef<str>) {
        for line in text.as_ref().lines() {
            println!("{} {line}", self.prefix);
        }
    }

    /// Records a failure unless `ok`, and prints the verdict either way.
    fn check(&self, ok: bool, what: String, failures: &mut Vec<String>) {
        if ok {
            self.line(format!("  ok: {what}"));
        } else {
            self.line(format!("  FAILED: {what}"));
            failures.push(format!("{} {what}", self.prefix));
        }
    }
}

fn measure_version(
    out: &Out,
    resources: &Path,
    crate_name: &str,
    csdl: Option<&Path>,
    root: &Path,
    failures: &mut Vec<String>,
) {
    out.line("==================================================");
    out.line(format!("pages from {}", resources.display()));

    // 1. Generation.
    let scratch = std::env::temp_dir().join(format!(
        "graphdoc-corpus-{}-{crate_name}",
        std::process::id()
    ));
    let config = Config::new()
        .input(resources)
        .out(&scratch)
        .crate_name(crate_name);
    let generation_started = Instant::now();
    let run = codegen::generate_in_memory(&config);
    let generation_time = generation_started.elapsed();
    let errors: Vec<String> = run
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| diagnostics::render(d, &run.sources))
        .collect();
    let warnings = run.diagnostics.count(Severity::Warning);
    out.line("-- generation");
    out.line(format!(
        "  pages {}, structs {}, enums {}, warnings {}, errors {}",
        run.sources.page_count(),
        run.schema.structs.len(),
        run.schema.enums.len(),
        warnings,
        errors.len()
    ));
    out.line(format!(
        "  generation time {} (read {} ms, resolve {} ms, emit {} ms)",
        seconds(generation_time),
        run.timings.read.as_millis(),
        run.timings.resolve.as_millis(),
        run.timings.emit.as_millis()
    ));
    let by_code: Vec<String> = run
        .diagnostics
        .by_code()
        .iter()
        .map(|(code, count)| format!("{code} {count}"))
        .collect();
    out.line(format!("  diagnostics by code: {}", by_code.join(", ")));
    for error in errors.iter().take(20) {
        out.line(format!("  {}", error.trim_end()));
    }
    out.check(
        errors.is_empty(),
        format!("no error diagnostics ({} found)", errors.len()),
        failures,
    );
    out.check(
        run.output.is_some(),
        "generation produced a crate".to_string(),
        failures,
    );

    // 2. Resource pages.
    resource_pages(out, &run, failures);

    // 3. Unresolved references.
    unresolved_references(out, &run, failures);

    // 4. The generated crate checks.
    if let Some(generated) = &run.output {
        check_generated_crate(out, generated, &scratch, root, failures);
    } else {
        out.line("-- cargo check: skipped, no crate was generated");
    }

    // 5. The CSDL oracle.
    if let Some(csdl) = csdl {
        match Csdl::read(csdl) {
            Ok(csdl) => {
                property_agreement(out, &run, &csdl, failures);
                enum_members(out, &run, &csdl, failures);
            }
            Err(error) => out.check(
                false,
                format!("the CSDL {} parses: {error}", csdl.display()),
                failures,
            ),
        }
    }
}

/// Step 2: every page annotated as a resource should produce a struct, and one that does
/// not should say why.
fn resource_pages(out: &Out, run: &Run, failures: &mut Vec<String>) {
    out.line("-- resource pages");
    let pages_with_type: BTreeSet<&str> = run
        .schema
        .structs
        .iter()
        .flat_map(|s| s.pages.iter().map(String::as_str))
        .collect();
    let mut codes_by_file: HashMap<FileId, BTreeSet<Code>> = HashMap::new();
    let mut codes_by_path: HashMap<&str, BTreeSet<Code>> = HashMap::new();
    for d in run.diagnostics.iter() {
        if let Some(loc) = &d.loc {
            codes_by_file.entry(loc.file).or_default().insert(d.code);
        }
        if let Some(path) = &d.path {
            codes_by_path.entry(path).or_default().insert(d.code);
        }
    }
    let mut annotated = 0usize;
    let mut without_type = Vec::new();
    for (id, file) in run.sources.files() {
        if !has_resource_annotation(&file.text) {
            continue;
        }
        annotated += 1;
        if pages_with_type.contains(file.display.as_str()) {
            continue;
        }
        let mut codes: BTreeSet<Code> = codes_by_file.get(&id).cloned().unwrap_or_default();
        codes.extend(
            codes_by_path
                .get(file.display.as_str())
                .into_iter()
                .flatten(),
        );
        without_type.push((file.display.as_str(), codes));
    }
    let producing = annotated - without_type.len();
    let ratio = ratio(producing, annotated);
    out.line(format!(
        "  resource-annotated pages producing a type: {producing} of {annotated} ({})",
        percent(ratio)
    ));
    for (page, codes) in without_type.iter().take(20) {
        out.line(format!("    no type: {page} [{}]", join_codes(codes)));
    }
    if without_type.len() > 20 {
        out.line(format!("    … and {} more", without_type.len() - 20));
    }
    out.check(
        ratio >= MIN_RESOURCE_PAGES_WITH_TYPE,
        format!(
            "{} of resource pages produce a type (at least {} required)",
            percent(ratio),
            percent(MIN_RESOURCE_PAGES_WITH_TYPE)
        ),
        failures,
    );
    let silent: Vec<&str> = without_type
        .iter()
        .filter(|(_, codes)| codes.is_empty())
        .map(|(page, _)| *page)
        .collect();
    out.check(
        silent.is_empty(),
        format!(
            "every resource page without a type has a diagnostic ({} silent{}{})",
            silent.len(),
            if silent.is_empty() { "" } else { ": " },
            silent
                .iter()
                .take(20)
                .copied()
                .collect::<Vec<_>>()
                .join(", ")
        ),
        failures,
    );
}

/// Step 3: table properties that fell back to `serde_json::Value` although the docs did
/// not say it is JSON.
fn unresolved_references(out: &Out, run: &Run, failures: &mut Vec<String>) {
    out.line("-- unresolved references");
    let explaining = [Code::UnknownType, Code::UnreadableType, Code::EmptyType];
    let mut explained_at: BTreeSet<(FileId, usize)> = BTreeSet::new();
    for d in run.diagnostics.iter() {
        if let Some(loc) = &d.loc
            && explaining.contains(&d.code)
        {
            explained_at.insert((loc.file, diagnostics::position(d, &run.sources).line));
        }
    }
    let mut table_properties = 0usize;
    let mut unresolved = Vec::new();
    let mut unexplained = Vec::new();
    for ty in &run.schema.structs {
        for p in ty.properties.iter().filter(|p| p.origin == Origin::Table) {
            table_properties += 1;
            if p.ty != TypeRef::Primitive(Primitive::Json) || is_json_type(&p.docs_type) {
                continue;
            }
            let place = p.loc.as_ref().map(|loc| {
                let file = run.sources.get(loc.file);
                (loc.file, file.line_col(loc.span.start).0, &file.display)
            });
            let shown = match &place {
                Some((_, line, display)) => format!("{display}:{line}"),
                None => "(no location)".to_string(),
            };
            let entry = format!(
                "{}.{} `{}` at {shown}",
                ty.name,
                p.name,
                p.docs_type.replace('\n', " ")
            );
            if !place.is_some_and(|(file, line, _)| explained_at.contains(&(file, line))) {
                unexplained.push(entry.clone());
            }
            unresolved.push(entry);
        }
    }
    let ratio = ratio(unresolved.len(), table_properties);
    out.line(format!(
        "  unresolved table properties: {} of {table_properties} ({})",
        unresolved.len(),
        percent(ratio)
    ));
    for entry in unresolved.iter().take(20) {
        out.line(format!("    {entry}"));
    }
    if unresolved.len() > 20 {
        out.line(format!("    … and {} more", unresolved.len() - 20));
    }
    out.check(
        ratio <= MAX_UNRESOLVED_TABLE_PROPERTIES,
        format!(
            "{} of table properties unresolved (at most {} allowed)",
            percent(ratio),
            percent(MAX_UNRESOLVED_TABLE_PROPERTIES)
        ),
        failures,
    );
    for entry in unexplained.iter().take(10) {
        out.line(format!("    no GD0301/GD0302/GD0204 at its line: {entry}"));
    }
    out.check(
        unexplained.is_empty(),
        format!(
            "every unresolved property has a GD0301, GD0302 or GD0204 at its line ({} without)",
            unexplained.len()
        ),
        failures,
    );
}

/// Step 4: the generated crate passes `cargo check` with warnings denied.
fn check_generated_crate(
    out: &Out,
    generated: &codegen::emit::GeneratedCrate,
    scratch: &Path,
    root: &Path,
    failures: &mut Vec<String>,
) {
    out.line("-- cargo check of the generated crate");
    let _ = std::fs::remove_dir_all(scratch);
    let cleanup = RemoveOnDrop(scratch.to_path_buf());
    if let Err(error) = codegen::output::write_crate(scratch, generated) {
        out.check(
            false,
            format!("the generated crate can be written: {error}"),
            failures,
        );
        return;
    }
    if let Err(error) = std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock")) {
        out.check(
            false,
            format!("the workspace Cargo.lock can be copied: {error}"),
            failures,
        );
        return;
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let check_started = Instant::now();
    let result = Command::new(cargo)
        .args([
            "check",
            "--quiet",
            "--features",
            "full",
            "--message-format",
            "short",
        ])
        .current_dir(scratch)
        .env("CARGO_TARGET_DIR", root.join("target").join("corpus-check"))
        .env("RUSTFLAGS", "-D warnings")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env("CARGO_TERM_COLOR", "never")
        .output();
    let check_time = check_started.elapsed();
    drop(cleanup);
    let output = match result {
        Ok(output) => output,
        Err(error) => {
            out.check(false, format!("cargo can be run: {error}"), failures);
            return;
        }
    };
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let warned = text.contains("warning");
    out.line(format!(
        "  {} files; cargo check {} in {}",
        generated.files.len(),
        if output.status.success() {
            "succeeded"
        } else {
            "FAILED"
        },
        seconds(check_time)
    ));
    if !output.status.success() || warned {
        out.line("  first 50 lines of cargo's output:");
        for line in text.lines().take(50) {
            out.line(format!("    {line}"));
        }
    }
    out.check(
        output.status.success(),
        format!("cargo check succeeds ({})", output.status),
        failures,
    );
    out.check(
        !warned,
        "cargo check prints no warning".to_string(),
        failures,
    );
}

/// Step 5a: the types of table properties agree with the CSDL's.
fn property_agreement(out: &Out, run: &Run, csdl: &Csdl, failures: &mut Vec<String>) {
    out.line("-- CSDL property agreement");
    let mut compared = 0usize;
    let mut agreeing = 0usize;
    let mut types_matched = 0usize;
    let mut patterns: BTreeMap<String, usize> = BTreeMap::new();
    for ty in &run.schema.structs {
        let Some(csdl_type) = csdl.structs.get(&ty.name.to_string().to_lowercase()) else {
            continue;
        };
        types_matched += 1;
        for p in ty.properties.iter().filter(|p| p.origin == Origin::Table) {
            let Some((csdl_name, csdl_collection)) = csdl_type.get(&p.name) else {
                continue;
            };
            compared += 1;
            let ours = p.ty.schema_name();
            let same_type = if ours == "Json" {
                csdl_name.eq_ignore_ascii_case("microsoft.graph.Json")
            } else {
                ours.eq_ignore_ascii_case(csdl_name)
            };
            if same_type && p.collection == *csdl_collection {
                agreeing += 1;
            } else {
                let pattern = format!(
                    "ours {} vs CSDL {}",
                    shown_type(&ours, p.collection),
                    shown_type(csdl_name, *csdl_collection)
                );
                *patterns.entry(pattern).or_default() += 1;
            }
        }
    }
    let ratio = ratio(agreeing, compared);
    out.line(format!(
        "  structs matched to CSDL types: {types_matched} of {}",
        run.schema.structs.len()
    ));
    out.line(format!(
        "  table properties agreeing with the CSDL: {agreeing} of {compared} ({})",
        percent(ratio)
    ));
    let mut patterns: Vec<(String, usize)> = patterns.into_iter().collect();
    patterns.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out.line(format!(
        "  most common disagreements ({} patterns, {} properties):",
        patterns.len(),
        compared - agreeing
    ));
    for (pattern, count) in patterns.iter().take(15) {
        out.line(format!("    {count:>4}  {pattern}"));
    }
    out.check(
        ratio >= MIN_CSDL_PROPERTY_AGREEMENT,
        format!(
            "{} of table properties agree with the CSDL (at least {} required)",
            percent(ratio),
            percent(MIN_CSDL_PROPERTY_AGREEMENT)
        ),
        failures,
    );
}

/// Step 5b: enum member sets equal the CSDL's.
fn enum_members(out: &Out, run: &Run, csdl: &Csdl, failures: &mut Vec<String>) {
    out.line("-- CSDL enum members");
    let mut compared = 0usize;
    let mut equal = 0usize;
    let mut only_unknown_future_value = 0usize;
    let mut unequal = Vec::new();
    for e in &run.schema.enums {
        let Some(theirs) = csdl.enums.get(&e.name.to_string().to_lowercase()) else {
            continue;
        };
        compared += 1;
        let ours: BTreeSet<&str> = e.members.iter().map(|m| m.name.as_str()).collect();
        let theirs: BTreeSet<&str> = theirs.iter().map(String::as_str).collect();
        if ours == theirs {
            equal += 1;
            continue;
        }
        let only_docs: Vec<&str> = ours.difference(&theirs).copied().collect();
        let only_csdl: Vec<&str> = theirs.difference(&ours).copied().collect();
        if only_docs.is_empty() && only_csdl == ["unknownFutureValue"] {
            only_unknown_future_value += 1;
        }
        unequal.push((e.name.to_string(), only_docs, only_csdl));
    }
    let ratio = ratio(equal, compared);
    out.line(format!(
        "  enums compared with the CSDL: {compared} of {}",
        run.schema.enums.len()
    ));
    out.line(format!(
        "  enum member sets equal to the CSDL's (strict): {equal} of {compared} ({})",
        percent(ratio)
    ));
    out.line(format!(
        "  unequal: {}, of which {only_unknown_future_value} differ only by the CSDL's extra unknownFutureValue",
        unequal.len()
    ));
    if compared > 0 {
        out.line(format!(
            "  equal when a missing unknownFutureValue is forgiven (not asserted): {} of {compared} ({})",
            equal + only_unknown_future_value,
            percent(self::ratio(equal + only_unknown_future_value, compared))
        ));
    }
    for (name, only_docs, only_csdl) in &unequal {
        out.line(format!(
            "    {name}: only in docs [{}], only in CSDL [{}]",
            abbreviated(only_docs),
            abbreviated(only_csdl)
        ));
    }
    out.check(
        ratio >= MIN_CSDL_ENUM_EQUAL,
        format!(
            "{} of enums have the CSDL's member set (floor {}; the issue's 95% target is not met because the docs' tables differ from the CSDL)",
            percent(ratio),
            percent(MIN_CSDL_ENUM_EQUAL)
        ),
        failures,
    );
}

/// What the CSDL defines, keyed by lowercased qualified name.
struct Csdl {
    /// Entity and complex types: property name -> (qualified type, collection).
    structs: HashMap<String, HashMap<String, (String, bool)>>,
    /// Enum types: member names.
    enums: HashMap<String, BTreeSet<String>>,
}

impl Csdl {
    fn read(path: &Path) -> Result<Csdl, String> {
        let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
        let text = text.trim_start_matches('\u{feff}');
        let document = roxmltree::Document::parse(text).map_err(|e| e.to_string())?;
        let schemas: Vec<roxmltree::Node> = document
            .descendants()
            .filter(|n| n.has_tag_name("Schema"))
            .collect();
        let mut aliases = HashMap::new();
        for schema in &schemas {
            if let (Some(namespace), Some(alias)) =
                (schema.attribute("Namespace"), schema.attribute("Alias"))
            {
                aliases.insert(alias.to_string(), namespace.to_string());
            }
        }
        let mut csdl = Csdl {
            structs: HashMap::new(),
            enums: HashMap::new(),
        };
        for schema in &schemas {
            let namespace = schema.attribute("Namespace").unwrap_or_default();
            for item in schema.children().filter(|n| n.is_element()) {
                let Some(name) = item.attribute("Name") else {
                    continue;
                };
                let key = format!("{namespace}.{name}").to_lowercase();
                match item.tag_name().name() {
                    "EntityType" | "ComplexType" => {
                        let properties = item
                            .children()
                            .filter(|n| {
                                n.has_tag_name("Property") || n.has_tag_name("NavigationProperty")
                            })
                            .filter_map(|n| {
                                let name = n.attribute("Name")?;
                                let ty = normalize_csdl_type(n.attribute("Type")?, &aliases);
                                Some((name.to_string(), ty))
                            })
                            .collect();
                        csdl.structs.insert(key, properties);
                    }
                    "EnumType" => {
                        let members = item
                            .children()
                            .filter(|n| n.has_tag_name("Member"))
                            .filter_map(|n| n.attribute("Name").map(str::to_string))
                            .collect();
                        csdl.enums.insert(key, members);
                    }
                    _ => {}
                }
            }
        }
        Ok(csdl)
    }
}

/// `Collection(graph.user)` -> (`microsoft.graph.user`, true).
fn normalize_csdl_type(raw: &str, aliases: &HashMap<String, String>) -> (String, bool) {
    let raw = raw.trim();
    let (inner, collection) = match raw
        .strip_prefix("Collection(")
        .and_then(|r| r.strip_suffix(')'))
    {
        Some(inner) => (inner.trim(), true),
        None => (raw, false),
    };
    let qualified = match inner.split_once('.') {
        Some((alias, rest)) if aliases.contains_key(alias) => {
            format!("{}.{rest}", aliases[alias])
        }
        _ => inner.to_string(),
    };
    (qualified, collection)
}

/// Whether a page carries an HTML comment annotating it as a resource:
/// `<!-- { "blockType": "resource", … } -->`, compared without regard to case.
fn has_resource_annotation(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let mut rest = lower.as_str();
    while let Some(open) = rest.find("<!--") {
        let after = &rest[open + 4..];
        let (comment, next) = match after.find("-->") {
            Some(close) => (&after[..close], &after[close + 3..]),
            None => (after, ""),
        };
        if declares_resource(comment) {
            return true;
        }
        rest = next;
    }
    false
}

/// Whether lowercased text holds `"blocktype"\s*:\s*"resource"`.
fn declares_resource(comment: &str) -> bool {
    const KEY: &str = "\"blocktype\"";
    comment.match_indices(KEY).any(|(at, _)| {
        let after = comment[at + KEY.len()..].trim_start();
        after
            .strip_prefix(':')
            .is_some_and(|value| value.trim_start().starts_with("\"resource\""))
    })
}

/// Whether a docs type cell says the value is untyped JSON, possibly as a collection:
/// `Json` or `Edm.Json`, and also `JSON object` and `Untyped JSON object`, which the docs
/// write for the same thing and which codegen's type cell reader maps to `Json` on
/// purpose. Those are the docs stating a type, not references left unresolved.
fn is_json_type(docs_type: &str) -> bool {
    let mut t = docs_type.trim().trim_matches('`').trim();
    if let Some(inner) = t
        .get(..11)
        .filter(|p| p.eq_ignore_ascii_case("collection("))
        .and_then(|_| t[11..].strip_suffix(')'))
    {
        t = inner.trim();
    }
    let lower = t.to_ascii_lowercase();
    let t = lower.strip_suffix(" collection").unwrap_or(&lower).trim();
    matches!(
        t,
        "json" | "edm.json" | "json object" | "untyped json object"
    )
}

/// Member names joined with commas, the first dozen of a long list and how many more.
fn abbreviated(names: &[&str]) -> String {
    const SHOWN: usize = 12;
    if names.len() <= SHOWN {
        return names.join(", ");
    }
    format!(
        "{}, … {} more",
        names[..SHOWN].join(", "),
        names.len() - SHOWN
    )
}

fn shown_type(name: &str, collection: bool) -> String {
    if collection {
        format!("Collection({name})")
    } else {
        name.to_string()
    }
}

fn join_codes(codes: &BTreeSet<Code>) -> String {
    if codes.is_empty() {
        return "no diagnostics".to_string();
    }
    codes
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

fn percent(ratio: f64) -> String {
    format!("{:.2}%", ratio * 100.0)
}

fn seconds(duration: Duration) -> String {
    format!("{:.1} s", duration.as_secs_f64())
}

/// Removes a scratch directory when dropped, also when a step panics.
struct RemoveOnDrop(PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
