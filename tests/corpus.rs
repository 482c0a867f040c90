//! The corpus test: graphdoc measured on the real Graph API reference (2021 snapshot) and,
//! for v1.0, checked against the official CSDL metadata. Both versions are also checked
//! against their own pages: the property rows and enum members the pages' tables list, read
//! by a plain table reader in this file rather than graphdoc's, that the schema lacks
//! (printed row by row, and held under a ceiling per version).
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

use graphdoc::diagnostics::{self, Code, Severity};
use graphdoc::model::{GRAPH_NAMESPACE, Origin, Primitive, QualifiedName, TypeRef};
use graphdoc::source::FileId;
use graphdoc::{CrateDir, Run, Settings};
use graphdoc_tests::repo_root;

/// Share of resource-annotated pages that must produce a type: every one, as measured on
/// both versions (a resource page taken for something else, such as a method page, fails).
const MIN_RESOURCE_PAGES_WITH_TYPE: f64 = 1.0;
/// Largest share of table properties left unresolved (`serde_json::Value` by fallback).
const MAX_UNRESOLVED_TABLE_PROPERTIES: f64 = 0.01;
/// Share of table properties whose type must agree with the CSDL.
const MIN_CSDL_PROPERTY_AGREEMENT: f64 = 0.98;
/// Share of enums whose member set must equal the CSDL's exactly: a floor against
/// regressions, not the goal.
///
/// The goal is 95%. It is not met, and the generator cannot meet it on its own: the docs' enum tables genuinely differ from the CSDL, mostly by omitting the CSDL's
/// `unknownFutureValue` member (others: members the CSDL lacks or adds, `enums.md` giving
/// `changeType` the members of `countryLookupMethodType`, `dateTimeDropDown` against
/// `dateTimeDropdown`). Measured on the 2021 v1.0 corpus: 251 of 288 enums compared are
/// equal (87.2%); 19 of the 37 unequal ones differ only by `unknownFutureValue` (forgiving
/// those would give 270 of 288, 93.8%, still short of 95%). The floor is the measured
/// value rounded down to the whole percent. The strict ratio is asserted;
/// `unknownFutureValue` is not normalized away.
const MIN_CSDL_ENUM_EQUAL: f64 = 0.86;

/// Most table rows (property rows and enum members, read from the pages by this test's
/// own table reader) that the schema may lack, per version: a ceiling, asserted as
/// `missing <= ceiling`, and lowered as the generator keeps more rows. See `docs_ceiling`.
///
/// Measured on the 2021 corpus: none in either version. Before the enum union, the
/// one-word `Namespace:` line and `Relationship name` tables, v1.0 lacked 5 rows and beta
/// 12. An enum member is found when a member of the same name ignoring case is: members
/// that differ only in case are one member (the enum page's spelling, or the first seen),
/// and the other spelling is reported by GD0503, not lost (`printMultipageLayout` lists
/// `counterclockwiseFromTopLeft` on one page and `counterClockwiseFromTopLeft` on two).
const DOCS_CEILING: [(&str, usize); 2] = [("v1.0", 0), ("beta", 0)];

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
            version,
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
    version: &str,
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
    let target = CrateDir::new(&scratch).with_crate_name(crate_name);
    let generation_started = Instant::now();
    let run = graphdoc::generate_in_memory(&[resources], &Settings::new(), &target);
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

    // 6. The pages' own tables, read without graphdoc's reader.
    docs_ceiling(out, version, &run, failures);
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
    generated: &graphdoc::emit::GeneratedCrate,
    scratch: &Path,
    root: &Path,
    failures: &mut Vec<String>,
) {
    out.line("-- cargo check of the generated crate");
    let _ = std::fs::remove_dir_all(scratch);
    let cleanup = RemoveOnDrop(scratch.to_path_buf());
    if let Err(error) = graphdoc::output::write_crate(scratch, generated) {
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
            "{} of enums have the CSDL's member set (floor {}; the 95% goal is not met because the docs' tables differ from the CSDL)",
            percent(ratio),
            percent(MIN_CSDL_ENUM_EQUAL)
        ),
        failures,
    );
}

/// Step 6: the property rows and enum members that the pages' own tables list, read by
/// the plain table reader below (not graphdoc's), which the resolved schema lacks. A
/// ceiling per version, not an exact count: a row newly lost fails the test, and the
/// ceiling is lowered when the generator keeps more rows.
fn docs_ceiling(out: &Out, version: &str, run: &Run, failures: &mut Vec<String>) {
    out.line("-- docs ceiling (the pages' tables read independently of graphdoc)");
    let started = Instant::now();
    let ceiling = DOCS_CEILING
        .iter()
        .find(|(v, _)| *v == version)
        .map_or(0, |(_, c)| *c);
    let mut properties = 0usize;
    let mut members = 0usize;
    let mut missing: Vec<String> = Vec::new();
    let (mut missing_properties, mut missing_members) = (0usize, 0usize);
    let mut dividers = 0usize;
    let mut not_names: Vec<String> = Vec::new();
    let mut unattributed = 0usize;
    for (_, file) in run.sources.files() {
        let page = docs_tables::read(&file.text);
        for row in page.rows {
            let at = format!("{}:{}", file.display, row.line);
            match &row.owner {
                docs_tables::Owner::Type(Some(name)) => {
                    properties += 1;
                    let present = run
                        .schema
                        .find_struct(name)
                        .is_some_and(|t| t.properties.iter().any(|p| p.name == row.name));
                    if !present {
                        missing_properties += 1;
                        missing.push(format!("{at}: {}.{}", shown_name(name), row.name));
                    }
                }
                docs_tables::Owner::Type(None) => unattributed += 1,
                docs_tables::Owner::Enum(name) => {
                    members += 1;
                    let present = run.schema.find_enum(name).is_some_and(|e| {
                        e.members
                            .iter()
                            .any(|m| m.name.eq_ignore_ascii_case(&row.name))
                    });
                    if !present {
                        missing_members += 1;
                        missing.push(format!("{at}: {}.{}", shown_name(name), row.name));
                    }
                }
            }
        }
        dividers += page.dividers.len();
        for (line, raw) in page.not_names {
            not_names.push(format!(
                "{}:{line}: `{}`",
                file.display,
                abbreviated_text(&raw)
            ));
        }
    }
    out.line(format!(
        "  table rows the schema lacks: {} of {} ({missing_properties} of {properties} property rows, {missing_members} of {members} enum members; ceiling {ceiling}; read and compared in {} ms)",
        missing.len(),
        properties + members,
        started.elapsed().as_millis()
    ));
    for entry in &missing {
        out.line(format!("    missing: {entry}"));
    }
    out.line(format!(
        "  property-table rows not counted: {dividers} bold dividers (`|**Onboarding**|`), {} whose first cell is not a name (wrapped prose, paths)",
        not_names.len()
    ));
    for entry in &not_names {
        out.line(format!("    not a name: {entry}"));
    }
    out.line(format!(
        "  property rows on pages without a resource annotation (no type to check; not counted): {unattributed}"
    ));
    out.check(
        missing.len() <= ceiling,
        format!(
            "{} table rows missing from the schema (ceiling {ceiling}; lower it when this drops)",
            missing.len()
        ),
        failures,
    );
}

/// `microsoft.graph.user` as `user`; other namespaces stay qualified.
fn shown_name(name: &QualifiedName) -> String {
    if name.namespace == GRAPH_NAMESPACE {
        name.name.clone()
    } else {
        name.to_string()
    }
}

/// A cell cut to 80 characters for printing.
fn abbreviated_text(text: &str) -> String {
    const MAX: usize = 80;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(MAX).collect::<String>())
    }
}

/// A plain reader of a page's pipe tables, written for this test alone so that a bug in
/// graphdoc's markdown reader cannot hide the rows it loses. It knows lines, pipes and the
/// few conventions the check needs, nothing more.
mod docs_tables {
    use graphdoc::model::{GRAPH_NAMESPACE, QualifiedName};

    /// Whose member a row is.
    pub enum Owner {
        /// A property of the page's type: the first resource annotation's `@odata.type`
        /// (`None` when the page has no resource annotation).
        Type(Option<QualifiedName>),
        /// A member of the enum its heading (`### x values`) or enum page title names.
        Enum(QualifiedName),
    }

    pub struct Row {
        /// 1-based line of the row in the page.
        pub line: usize,
        pub owner: Owner,
        /// The first cell without markup and without a trailing `(deprecated)`.
        pub name: String,
    }

    #[derive(Default)]
    pub struct Page {
        pub rows: Vec<Row>,
        /// Property-table rows that are bold headings inside the table: line and raw cell.
        pub dividers: Vec<(usize, String)>,
        /// Other property-table rows whose first cell cannot be a property name: line and
        /// raw cell.
        pub not_names: Vec<(usize, String)>,
    }

    pub fn read(text: &str) -> Page {
        let text = text.trim_start_matches('\u{feff}');
        let lines: Vec<&str> = text.lines().collect();
        let namespace = lines
            .iter()
            .find_map(|l| l.trim().strip_prefix("Namespace:"))
            .map(|ns| ns.trim().trim_matches('`').trim().to_string())
            .filter(|ns| !ns.is_empty())
            .unwrap_or_else(|| GRAPH_NAMESPACE.to_string());
        let resource = resource_type(text).map(|t| QualifiedName::parse(&t, &namespace));
        let title = lines
            .iter()
            .find_map(|l| l.strip_prefix("# "))
            .map(str::trim)
            .unwrap_or_default();
        let title_enum = [" enum type", " enumeration type"]
            .iter()
            .find_map(|suffix| {
                let lower = title.to_ascii_lowercase();
                lower
                    .strip_suffix(suffix)
                    .map(|head| title[..head.len()].trim().trim_matches('`').to_string())
            });

        let mut page = Page::default();
        let mut heading = "";
        let mut in_code = false;
        let mut in_comment = false;
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i].trim();
            // Tables inside HTML comments (`<!-- ## Relationships | … -->`) are not shown
            // on the page: the docs commented them out.
            if in_comment {
                in_comment = !line.contains("-->");
                i += 1;
                continue;
            }
            if !in_code
                && let Some(open) = line.rfind("<!--")
                && !line[open..].contains("-->")
            {
                in_comment = true;
                i += 1;
                continue;
            }
            if line.starts_with("```") || line.starts_with("~~~") {
                in_code = !in_code;
                i += 1;
                continue;
            }
            if in_code {
                i += 1;
                continue;
            }
            if line.starts_with('#') {
                heading = line.trim_start_matches('#').trim();
                i += 1;
                continue;
            }
            let is_table =
                line.contains('|') && lines.get(i + 1).is_some_and(|next| is_delimiter(next));
            if !is_table {
                i += 1;
                continue;
            }
            let header: Vec<String> = cells(line)
                .iter()
                .map(|c| plain(c).to_ascii_lowercase())
                .collect();
            let first = header.first().map(String::as_str).unwrap_or_default();
            // `Relationship name` heads a few relationship tables (`sharedDriveItem`,
            // `site`); graphdoc does not take them for property tables, which is one of
            // the losses this check is for.
            let is_properties = [
                "property",
                "property name",
                "name",
                "relationship",
                "relationship name",
            ]
            .contains(&first)
                && header.iter().any(|h| h == "type");
            let is_members = !is_properties && ["member", "value"].contains(&first);
            let owner = if is_properties {
                Some(Owner::Type(resource.clone()))
            } else if is_members {
                enum_name(heading, title_enum.as_deref())
                    .map(|name| Owner::Enum(QualifiedName::parse(&name, &namespace)))
            } else {
                None
            };
            i += 2;
            while i < lines.len() && lines[i].contains('|') {
                let line_number = i + 1;
                let row = cells(lines[i]);
                i += 1;
                let Some(owner) = &owner else {
                    continue;
                };
                let raw = row.first().cloned().unwrap_or_default();
                let name = name_of(&raw);
                if name.is_empty() {
                    continue;
                }
                let owner = match owner {
                    Owner::Type(t) => {
                        // `|**Onboarding**|`: a bold first cell and nothing else is a
                        // heading inside the table that groups the rows below it (the
                        // Intune pages' product areas), not a property. graphdoc rightly
                        // makes no property of it either (GD0202): it skips a one-word
                        // divider, and joins one of several words (`**Device
                        // management**`) to the description above as wrapped prose.
                        let divider = raw.starts_with("**")
                            && raw.ends_with("**")
                            && row[1..].iter().all(|c| c.is_empty());
                        if divider {
                            page.dividers.push((line_number, raw));
                            continue;
                        }
                        if !is_property_name(&name) {
                            page.not_names.push((line_number, raw));
                            continue;
                        }
                        Owner::Type(t.clone())
                    }
                    Owner::Enum(e) => Owner::Enum(e.clone()),
                };
                page.rows.push(Row {
                    line: line_number,
                    owner,
                    name,
                });
            }
        }
        page
    }

    /// The enum a member table lists: the heading `x values`, else an enum page's title.
    fn enum_name(heading: &str, title_enum: Option<&str>) -> Option<String> {
        let lower = heading.to_ascii_lowercase();
        if let Some(head) = lower.strip_suffix(" values") {
            let name = heading[..head.len()].trim().trim_matches('`').trim();
            return is_type_name(name).then(|| name.to_string());
        }
        title_enum.filter(|n| is_type_name(n)).map(str::to_string)
    }

    fn is_type_name(name: &str) -> bool {
        name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.'))
    }

    /// A property name: letters, digits, `_`, `.` and `@` (`@odata.type`), not starting
    /// with a digit. Wrapped prose (a description broken onto a line of its own, which
    /// graphdoc joins to the row above) and paths such as `file/localizations` (a property
    /// of another type, reached through this one) fail this.
    fn is_property_name(name: &str) -> bool {
        name.chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '@')
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '@'))
    }

    /// The `@odata.type` (or `@type`) of the page's first `blockType: resource` comment.
    fn resource_type(text: &str) -> Option<String> {
        let mut rest = text;
        while let Some(open) = rest.find("<!--") {
            let after = &rest[open + 4..];
            let (comment, next) = match after.find("-->") {
                Some(close) => (&after[..close], &after[close + 3..]),
                None => (after, ""),
            };
            let lower = comment.to_ascii_lowercase();
            let compact: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
            if compact.contains("\"blocktype\":\"resource\"") {
                return ["\"@odata.type\"", "\"@type\""].iter().find_map(|key| {
                    let after_key = &comment[comment.find(key)? + key.len()..];
                    let value = after_key.trim_start().strip_prefix(':')?.trim_start();
                    let value = value.strip_prefix('"')?;
                    Some(value[..value.find('"')?].trim().to_string())
                });
            }
            rest = next;
        }
        None
    }

    /// `|---|:--:|` or `---|---`.
    fn is_delimiter(line: &str) -> bool {
        let line = line.trim();
        line.contains("---")
            && line
                .chars()
                .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
    }

    /// The cells of a row, split at pipes not escaped by a backslash.
    fn cells(line: &str) -> Vec<String> {
        let line = line.trim();
        let line = line.strip_prefix('|').unwrap_or(line);
        let line = match line.strip_suffix('|') {
            Some(inner) if !inner.ends_with('\\') => inner,
            _ => line,
        };
        let mut cells = vec![String::new()];
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' if chars.peek() == Some(&'|') => {
                    cells.last_mut().unwrap().push('|');
                    chars.next();
                }
                '|' => cells.push(String::new()),
                c => cells.last_mut().unwrap().push(c),
            }
        }
        cells.iter().map(|c| c.trim().to_string()).collect()
    }

    /// A cell's text without HTML tags, links, backticks, bold and escapes.
    fn plain(cell: &str) -> String {
        let mut text = String::new();
        let mut rest = cell;
        // HTML tags (`<a name="x"></a>`, `<br/>`).
        while let Some(open) = rest.find('<') {
            text.push_str(&rest[..open]);
            match rest[open..].find('>') {
                Some(close) => rest = &rest[open + close + 1..],
                None => {
                    rest = &rest[open..];
                    break;
                }
            }
        }
        text.push_str(rest);
        // `[text](url)` and `[text][ref]` keep their text.
        let mut linked = String::new();
        let mut rest = text.as_str();
        while let Some(open) = rest.find('[') {
            linked.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find(']') else {
                linked.push_str(&rest[open..]);
                rest = "";
                break;
            };
            linked.push_str(&after[..close]);
            let tail = &after[close + 1..];
            rest = match tail.chars().next() {
                Some('(') => tail.find(')').map_or("", |end| &tail[end + 1..]),
                Some('[') => tail.find(']').map_or("", |end| &tail[end + 1..]),
                _ => tail,
            };
        }
        linked.push_str(rest);
        linked
            .replace("**", "")
            .replace("__", "")
            .replace('`', "")
            .replace("\\_", "_")
            .replace("&nbsp;", " ")
            .trim()
            .to_string()
    }

    /// The name a first cell gives: its plain text without a trailing `(deprecated)`.
    fn name_of(cell: &str) -> String {
        let text = plain(cell);
        let lower = text.to_ascii_lowercase();
        match lower.strip_suffix("(deprecated)") {
            Some(head) => text[..head.len()].trim().to_string(),
            None => text,
        }
    }
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
/// write for the same thing and which graphdoc's type cell reader maps to `Json` on
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

/// The docs of the generated types as a user reads them, on both versions: every item of
/// every "Operations the docs describe" list is well formed (a plain-text operation name,
/// and a return type that is a type of the version, a primitive, or none), and no struct's
/// summary line is a note. Prints `operations <version>: N items on M types, K well formed`
/// and `summaries <version>: ...`, and every malformed item. Lighter than `corpus`: it
/// generates in memory and does not build the crates. Skips, or fails under CI, as
/// `corpus` does when the corpus is missing.
#[test]
fn operations_and_summaries() {
    let Some(corpus) = graphdoc_tests::docs_corpus() else {
        return;
    };
    let mut failures = Vec::new();
    for (version, crate_name) in VERSIONS {
        let resources = corpus.join(version).join("resources");
        let scratch = std::env::temp_dir().join(format!(
            "graphdoc-operations-{}-{crate_name}",
            std::process::id()
        ));
        let target = CrateDir::new(&scratch).with_crate_name(crate_name);
        let run = graphdoc::generate_in_memory(&[&resources], &Settings::new(), &target);
        let Some(output) = &run.output else {
            failures.push(format!("{version}: the crate was not generated"));
            continue;
        };
        // The names a return type may be shown as: the types of the version (the short
        // name in the Graph namespace, else the qualified name) and the primitives.
        let mut known: BTreeSet<String> = BTreeSet::new();
        for name in run
            .schema
            .structs
            .iter()
            .map(|s| &s.name)
            .chain(run.schema.enums.iter().map(|e| &e.name))
        {
            known.insert(shown_name(name));
            known.insert(name.to_string());
        }
        for p in Primitive::ALL {
            known.insert(TypeRef::Primitive(p).schema_name());
        }

        let (mut items, mut types, mut good) = (0, 0, 0);
        let (mut structs, mut noted) = (0, 0);
        let mut malformed = Vec::new();
        let mut unknown = Vec::new();
        for (path, text) in &output.files {
            for doc in struct_docs(text) {
                structs += 1;
                let summary = doc.first().map(String::as_str).unwrap_or_default();
                if is_note(summary) {
                    noted += 1;
                    malformed.push(format!("{path}: summary is a note: {summary}"));
                }
                let Some(list) = operations_list(&doc) else {
                    continue;
                };
                types += 1;
                for item in list {
                    items += 1;
                    match malformed_operation(&item, &known) {
                        None => good += 1,
                        Some(Malformed::UnknownType(ty)) => {
                            good += 1;
                            unknown.push(format!("{path}: `{ty}`: - {item}"));
                        }
                        Some(Malformed::Other(why)) => {
                            malformed.push(format!("{path}: {why}: - {item}"))
                        }
                    }
                }
            }
        }
        println!("operations {version}: {items} items on {types} types, {good} well formed");
        println!(
            "operations {version}: {} of the well formed return a type name no page of the \
             version defines (the docs name it so; kept as written)",
            unknown.len()
        );
        println!("summaries {version}: {structs} structs, {noted} with a note as summary");
        for line in &unknown {
            println!("  {version}: names no type: {line}");
        }
        for line in &malformed {
            println!("  {version}: MALFORMED {line}");
        }
        if !malformed.is_empty() {
            failures.push(format!(
                "{version}: {} malformed operation items or note summaries",
                malformed.len()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The doc comment of each `pub struct` of a generated file, as paragraphs-joined lines:
/// each markdown line, with the lines rustfmt wrapped joined back (a wrapped list item's
/// lines are indented).
fn struct_docs(text: &str) -> Vec<Vec<String>> {
    let mut docs = Vec::new();
    let mut doc: Vec<String> = Vec::new();
    let mut paragraph_open = false;
    for line in text.lines() {
        let line = line.trim_start();
        if let Some(rest) = line.strip_prefix("///") {
            let rest = rest.strip_prefix(' ').unwrap_or(rest);
            let continues = paragraph_open
                && !rest.is_empty()
                && !rest.starts_with("- ")
                && doc.last().is_some_and(|l| !l.is_empty());
            if continues {
                let last = doc.last_mut().expect("checked");
                last.push(' ');
                last.push_str(rest.trim_start());
            } else {
                doc.push(rest.to_string());
            }
            paragraph_open = !rest.is_empty();
            continue;
        }
        if line.starts_with("pub struct ") {
            docs.push(std::mem::take(&mut doc));
        } else if !line.starts_with("#[") {
            doc.clear();
        }
        paragraph_open = false;
    }
    docs
}

/// Whether a summary line is a note rather than the type's description.
fn is_note(summary: &str) -> bool {
    let lower = summary
        .trim_start_matches(['>', ' ', '*'])
        .to_ascii_lowercase();
    ["note", "important", "caution", "warning", "tip"]
        .iter()
        .any(|kind| {
            lower
                .strip_prefix(kind)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        || lower.starts_with("\\[!")
        || lower.starts_with("[!")
}

/// The items of a doc's "Operations the docs describe" list, if it has one.
fn operations_list(doc: &[String]) -> Option<Vec<String>> {
    let start = doc
        .iter()
        .position(|l| l == "Operations the docs describe:")?;
    Some(
        doc[start + 1..]
            .iter()
            .skip_while(|l| l.is_empty())
            .take_while(|l| l.starts_with("- "))
            .map(|l| l[2..].to_string())
            .collect(),
    )
}

enum Malformed {
    /// A well-formed type name that no page of the version defines: the docs name a type
    /// by another spelling (`Range` for `workbookRange`) or one they do not document.
    UnknownType(String),
    Other(String),
}

/// Why an operations item is malformed, or `None` when it is well formed: a plain-text
/// name, then nothing, `, returning `T`` or `, returning a collection of `T`` where `T` is
/// a known type name.
fn malformed_operation(item: &str, known: &BTreeSet<String>) -> Option<Malformed> {
    check_operation(item, known)
        .map(Malformed::Other)
        .or_else(|| {
            let ty = item.rsplit_once(", returning ")?.1;
            let ty = ty
                .strip_prefix("a collection of ")
                .unwrap_or(ty)
                .trim_matches('`');
            (!known.contains(ty)).then(|| Malformed::UnknownType(ty.to_string()))
        })
}

fn check_operation(item: &str, known: &BTreeSet<String>) -> Option<String> {
    let (name, returns) = match item.rsplit_once(", returning ") {
        Some((name, returns)) => (name, Some(returns)),
        None => (item, None),
    };
    let residue = ["](", ".md", "|", "`", "http", "\\[", "\\]", "[", "]"];
    if name.trim().is_empty() {
        return Some("empty operation name".to_string());
    }
    if let Some(r) = residue.iter().find(|r| name.contains(*r)) {
        return Some(format!("markdown residue `{r}` in the operation name"));
    }
    if name.split_whitespace().count() > 8 {
        return Some("the operation name is prose".to_string());
    }
    let returns = returns?;
    let ty = returns
        .strip_prefix("a collection of ")
        .unwrap_or(returns)
        .strip_prefix('`')
        .and_then(|t| t.strip_suffix('`'));
    match ty {
        None => Some("the return type is not one code span".to_string()),
        Some(ty) if known.contains(ty) => None,
        Some(ty)
            if !ty.is_empty()
                && ty
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.') =>
        {
            None
        }
        Some(ty) => Some(format!("`{ty}` is no type name")),
    }
}
