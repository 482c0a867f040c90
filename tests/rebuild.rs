//! The build-script integration as a user meets it: a crate whose `build.rs` generates its
//! models from a docs directory with `graphdoc::generate_to_out_dir`, built with real
//! `cargo build -v` runs while the docs change under it.
//!
//! One sequential test, so that cargo runs stay few:
//!
//! - (a) the first build runs the build script and the crate uses the generated type;
//! - (b) a second build with nothing changed does not run it, and the generated file keeps
//!   its mtime;
//! - (c) rewriting a page with identical bytes runs it again, and the generated file, whose
//!   bytes are the same, is not rewritten;
//! - (d) a page added to the docs directory runs it again, and the new type is usable;
//! - (e) a page whose resource annotation is not JSON fails the build with the rustc-style
//!   diagnostic (`path:line:col: error[GD0102]:`, the source line and a caret);
//! - (f) fixing the page makes the build succeed again;
//! - (g) warnings reach the build output as one cargo warning (`warning: consumer@0.1.0:
//!   graphdoc: 1 warning (GD0303 ×1), …`) naming the file in `OUT_DIR` that holds each one;
//! - (h) a consumer without `chrono`, which the generated code names, fails the build with
//!   one message giving the line to add, before rustc sees the generated file;
//! - (i) so does one whose `chrono` lacks the `serde` feature: the line keeps the entry
//!   and adds the feature;
//! - (j) the manifest restored, the build succeeds again.
//!
//! The consumer lives in `target/rebuild-test/scratch` (removed first, and again when the
//! test passes) and builds into `target/rebuild-test`, so graphdoc's dependencies are
//! compiled once and reused by later runs. It uses the workspace's `Cargo.lock`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

const SEED: &str = "cloudpcdeviceimage.md";
/// The file in `OUT_DIR` that holds every diagnostic of the last build-script run.
const REPORT: &str = "graphdoc.diagnostics.txt";
const PROBE: &str = "rebuildprobe.md";

/// Longer than the coarsest mtime granularity cargo's freshness checks may meet.
const MTIME_STEP: Duration = Duration::from_millis(1100);

/// How often a step is redone when graphdoc itself was recompiled during it (another change
/// to the workspace's `codegen/`), which legitimately reruns the build script.
const ATTEMPTS: usize = 3;

/// The build script of `tests/build-consumer`, reading `../docs` instead.
fn build_rs() -> String {
    const CONSUMER_INPUT: &str = "\"../../docs-input\"";
    let consumer = include_str!("build-consumer/build.rs");
    assert!(
        consumer.contains(CONSUMER_INPUT),
        "tests/build-consumer/build.rs reads {CONSUMER_INPUT}"
    );
    consumer.replace(CONSUMER_INPUT, "\"../docs\"")
}

const LIB_RS: &str = r#"//! Models generated at build time from ../docs.

pub mod graph {
    include!(concat!(env!("OUT_DIR"), "/graphdoc.rs"));
}

/// The display name of a device image in JSON.
pub fn image_name(json: &str) -> Option<String> {
    let image: graph::CloudPcDeviceImage = serde_json::from_str(json).ok()?;
    image.display_name
}
"#;

/// What scenario (d) appends to `src/lib.rs`: a use of the type the new page defines.
const LIB_RS_PROBE: &str = r#"
/// The label of a probe in JSON.
pub fn probe_label(json: &str) -> Option<String> {
    let probe: graph::RebuildProbe = serde_json::from_str(json).ok()?;
    probe.label
}
"#;

/// The annotation of the probe page, valid and broken (the type name is not quoted).
const PROBE_ANNOTATION: &str =
    r#"<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.rebuildProbe" } -->"#;
const BROKEN_PROBE_ANNOTATION: &str =
    r#"<!-- { "blockType": "resource", "@odata.type": microsoft.graph.rebuildProbe } -->"#;

/// A small complex type the docs gain between two builds.
fn probe_page(annotation: &str) -> String {
    format!(
        r#"---
title: "rebuildProbe resource type"
description: "A type added to the docs between two builds."
doc_type: resourcePageType
---

# rebuildProbe resource type

Namespace: microsoft.graph

A type the rebuild test adds to the docs while the consumer is being built.

## Properties

|Property|Type|Description|
|:---|:---|:---|
|label|String|What the probe is called.|
|count|Int32|How many probes there are.|

## JSON representation

{annotation}

```json
{{
  "label": "String",
  "count": 1024
}}
```
"#
    )
}

// ---------------------------------------------------------------------------------------
// The consumer crate and its builds
// ---------------------------------------------------------------------------------------

/// The workspace root (this crate is `<workspace>/tests`).
fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .canonicalize()
        .expect("the workspace root exists")
}

/// A string for a TOML basic string: forward slashes, quotes escaped.
fn toml_path(path: &Path) -> String {
    path.to_string_lossy()
        .replace('\\', "/")
        .replace('"', "\\\"")
}

/// What one `cargo build -v` did.
struct Build {
    label: String,
    success: bool,
    /// stderr then stdout, as cargo printed them.
    output: String,
    elapsed: Duration,
}

impl Build {
    /// The `Running` lines whose program is the consumer's `build-script-build`.
    fn script_runs(&self) -> Vec<&str> {
        self.output
            .lines()
            .map(str::trim_start)
            .filter(|line| {
                let Some(command) = line.strip_prefix("Running `") else {
                    return false;
                };
                let program = Path::new(
                    command
                        .split_whitespace()
                        .next()
                        .unwrap_or_default()
                        .trim_end_matches('`'),
                );
                let name = program.file_stem().unwrap_or_default();
                let parent = program
                    .parent()
                    .and_then(Path::file_name)
                    .unwrap_or_default();
                name == "build-script-build" && parent.to_string_lossy().starts_with("consumer-")
            })
            .collect()
    }

    fn ran_build_script(&self) -> bool {
        !self.script_runs().is_empty()
    }

    /// Whether graphdoc itself was recompiled (its sources changed during the test), which
    /// reruns the build script for a reason of its own.
    fn recompiled_codegen(&self) -> bool {
        self.output
            .lines()
            .any(|line| line.trim_start().starts_with("Compiling graphdoc v"))
    }

    fn expect_success(&self) -> &Self {
        assert!(
            self.success,
            "{}: cargo build failed:\n{}",
            self.label, self.output
        );
        self
    }

    /// The dep-info file of the consumer's library, when this build compiled it: from the
    /// rustc `Running` line, `<--out-dir>/consumer<extra-filename>.d`.
    fn library_dep_info(&self) -> Option<PathBuf> {
        let line = self
            .output
            .lines()
            .map(str::trim_start)
            .find(|l| l.starts_with("Running `") && l.contains("--crate-name consumer "))?;
        let words = shell_words(line.strip_prefix("Running `")?.trim_end_matches('`'));
        let after = |flag: &str| {
            words
                .iter()
                .position(|w| w == flag)
                .and_then(|i| words.get(i + 1))
                .cloned()
        };
        let out_dir = after("--out-dir")?;
        let extra = words
            .iter()
            .find_map(|w| w.strip_prefix("extra-filename=").map(str::to_string))
            .unwrap_or_default();
        Some(Path::new(&out_dir).join(format!("consumer{extra}.d")))
    }
}

/// Splits a command line as cargo prints it (arguments with special characters are in
/// single quotes).
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut started = false;
    for c in line.chars() {
        match c {
            '\'' => {
                quoted = !quoted;
                started = true;
            }
            c if c.is_whitespace() && !quoted => {
                if started {
                    words.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            c => {
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        words.push(word);
    }
    words
}

/// The consumer crate in `<scratch>/consumer`, its docs in `<scratch>/docs`.
struct Consumer {
    scratch: PathBuf,
    target: PathBuf,
    offline: bool,
    /// The build script's `OUT_DIR`, once a build has shown it.
    out_dir: Option<PathBuf>,
}

impl Consumer {
    fn create() -> Consumer {
        let workspace = workspace();
        let target = workspace.join("target").join("rebuild-test");
        let scratch = target.join("scratch");
        let _ = fs::remove_dir_all(&scratch);
        let docs = scratch.join("docs");
        let crate_dir = scratch.join("consumer");
        fs::create_dir_all(&docs).unwrap();
        fs::create_dir_all(crate_dir.join("src")).unwrap();
        fs::copy(workspace.join("docs-input").join(SEED), docs.join(SEED))
            .expect("the seed page copies");
        fs::copy(workspace.join("Cargo.lock"), crate_dir.join("Cargo.lock"))
            .expect("the workspace's Cargo.lock copies");
        let graphdoc = toml_path(&workspace.join("codegen"));
        fs::write(
            crate_dir.join("Cargo.toml"),
            format!(
                r#"[package]
name = "consumer"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
chrono = {{ version = "0.4", default-features = false, features = ["std", "serde"] }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"

[build-dependencies]
graphdoc = {{ path = "{graphdoc}", default-features = false }}

# Its own workspace, not a member of the directory it sits in.
[workspace]
"#
            ),
        )
        .unwrap();
        fs::write(crate_dir.join("build.rs"), build_rs()).unwrap();
        fs::write(crate_dir.join("src/lib.rs"), LIB_RS).unwrap();
        Consumer {
            scratch,
            target,
            offline: false,
            out_dir: None,
        }
    }

    fn docs(&self) -> PathBuf {
        self.scratch.join("docs")
    }

    fn crate_dir(&self) -> PathBuf {
        self.scratch.join("consumer")
    }

    fn generated(&self) -> PathBuf {
        self.out_dir
            .as_ref()
            .expect("a build has shown the OUT_DIR")
            .join("graphdoc.rs")
    }

    /// `cargo build -v`, noting the OUT_DIR when the library was compiled.
    fn build(&mut self, label: &str) -> Build {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut command = Command::new(cargo);
        command
            .args(["build", "-v"])
            .current_dir(self.crate_dir())
            .env("CARGO_TARGET_DIR", &self.target)
            .env("CARGO_TERM_COLOR", "never")
            .env_remove("CARGO_BUILD_TARGET")
            .env_remove("CARGO_MANIFEST_DIR");
        if self.offline {
            command.arg("--offline");
        }
        let start = Instant::now();
        let output = command.output().expect("cargo runs");
        let build = Build {
            label: label.to_string(),
            success: output.status.success(),
            output: format!(
                "{}{}",
                String::from_utf8_lossy(&output.stderr),
                String::from_utf8_lossy(&output.stdout)
            ),
            elapsed: start.elapsed(),
        };
        eprintln!(
            "rebuild: {label}: {} in {:.1} s, build script {}",
            if build.success { "built" } else { "failed" },
            build.elapsed.as_secs_f64(),
            if build.ran_build_script() {
                "ran"
            } else {
                "did not run"
            }
        );
        if let Some(dep_info) = build.library_dep_info() {
            let text = fs::read_to_string(&dep_info)
                .unwrap_or_else(|e| panic!("{label}: cannot read {}: {e}", dep_info.display()));
            let out_dir = text
                .lines()
                .find_map(|l| l.strip_prefix("# env-dep:OUT_DIR="))
                .unwrap_or_else(|| panic!("{label}: no OUT_DIR in {}", dep_info.display()));
            self.out_dir = Some(PathBuf::from(out_dir));
        }
        build
    }

    /// The first build: without `--offline`, which needs no network when the copied lock
    /// and the local registry cache have everything; with it if cargo could not reach the
    /// network.
    fn first_build(&mut self, label: &str) -> Build {
        let build = self.build(label);
        let network = [
            "failed to download",
            "failed to get",
            "failed to query replaced source",
            "Couldn't resolve host",
            "Could not connect",
            "spurious network error",
            "failed to update",
        ];
        if !build.success && network.iter().any(|n| build.output.contains(n)) {
            eprintln!("rebuild: cargo could not reach the network; retrying with --offline");
            self.offline = true;
            return self.build(label);
        }
        build
    }

    /// The generated file's mtime and bytes.
    fn generated_state(&self) -> (SystemTime, Vec<u8>) {
        let generated = self.generated();
        (mtime(&generated), fs::read(&generated).unwrap())
    }

    /// Runs `change` then a build, redoing both when graphdoc itself was recompiled
    /// meanwhile (which reruns the build script whatever the docs did). Returns the build
    /// and the generated file's state just before the change.
    fn change_and_build(
        &mut self,
        label: &str,
        change: impl Fn(&Consumer),
    ) -> (Build, (SystemTime, Vec<u8>)) {
        for attempt in 1..=ATTEMPTS {
            std::thread::sleep(MTIME_STEP);
            let before = self.generated_state();
            change(self);
            let build = self.build(label);
            if !build.recompiled_codegen() || attempt == ATTEMPTS {
                return (build, before);
            }
            eprintln!("rebuild: {label}: graphdoc was recompiled meanwhile; doing it again");
        }
        unreachable!()
    }
}

/// Removes the scratch directory when the test passes; keeps it for a look when it fails.
struct CleanUp(PathBuf);

impl Drop for CleanUp {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("rebuild: the consumer is kept in {}", self.0.display());
        } else {
            let _ = fs::remove_dir_all(&self.0);
        }
    }
}

/// A build that failed in the build script with graphdoc's dependency message: the
/// reason, then the line to add on a line of its own, and no compiler error.
fn expect_dependency_message(build: &Build, reason: &str, line: &str) {
    let label = &build.label;
    assert!(
        !build.success,
        "{label}: the build must fail:\n{}",
        build.output
    );
    let lines: Vec<&str> = build.output.lines().map(str::trim).collect();
    assert!(
        // A build script whose `main` returns the error prints it after `Error: `.
        lines.iter().any(|l| l
            .trim_start_matches("Error: ")
            .starts_with("graphdoc: the generated code needs dependencies that ")
            && l.ends_with("Cargo.toml does not declare:")),
        "{label}: no dependency message:\n{}",
        build.output
    );
    assert!(
        lines.contains(&format!("- {reason}").as_str()),
        "{label}: the message says `{reason}`:\n{}",
        build.output
    );
    assert!(
        lines.contains(&line),
        "{label}: the message gives the line `{line}`:\n{}",
        build.output
    );
    assert!(
        build
            .output
            .contains("failed to run custom build command for `consumer v0.1.0"),
        "{label}: the build script fails:\n{}",
        build.output
    );
    assert!(
        !build.output.contains("error[E") && !build.output.contains("graphdoc.rs:"),
        "{label}: rustc never sees the generated file:\n{}",
        build.output
    );
}

fn mtime(path: &Path) -> SystemTime {
    fs::metadata(path)
        .and_then(|m| m.modified())
        .unwrap_or_else(|e| panic!("no mtime for {}: {e}", path.display()))
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    names
}

/// Line and column (one-based) of the `expirationDate` key in the seed's JSON block, where
/// its GD0303 warning points.
fn expiration_date_in_json(seed: &str) -> (usize, usize) {
    let (index, line) = seed
        .lines()
        .enumerate()
        .find(|(_, line)| line.contains("\"expirationDate\":"))
        .expect("the seed's JSON representation has expirationDate");
    let byte = line.find("\"expirationDate\"").unwrap();
    (index + 1, line[..byte].chars().count() + 1)
}

// ---------------------------------------------------------------------------------------
// The scenarios
// ---------------------------------------------------------------------------------------

#[test]
fn cargo_builds_rerun_the_build_script_exactly_when_the_docs_change() {
    let started = Instant::now();
    let mut consumer = Consumer::create();
    let _clean_up = CleanUp(consumer.scratch.clone());
    let seed = fs::read_to_string(consumer.docs().join(SEED)).unwrap();

    // (a) The first build runs the build script, and the crate compiles against its output.
    let a = consumer.first_build("(a) first build");
    a.expect_success();
    assert!(
        a.ran_build_script(),
        "(a): the first build runs the build script:\n{}",
        a.output
    );
    let generated = consumer.generated();
    let out_dir = generated.parent().unwrap().to_path_buf();
    let text = fs::read_to_string(&generated).expect("(a): the generated file is there");
    assert!(text.contains("pub struct CloudPcDeviceImage"), "(a)");
    assert_eq!(
        listing(&out_dir),
        [REPORT, "graphdoc.rs"],
        "(a): the build script leaves only its file and its diagnostics in OUT_DIR"
    );

    // (g) Warnings are one cargo warning of the package, counting them by code and naming
    // the file that holds each in full, with the page, line and column. GD0304, allowed
    // by the build script, is neither shown nor counted.
    let report = out_dir.join(REPORT);
    let warnings: Vec<&str> = a
        .output
        .lines()
        .filter(|l| l.starts_with("warning: consumer@0.1.0: "))
        .collect();
    assert_eq!(
        warnings,
        [format!(
            "warning: consumer@0.1.0: graphdoc: 1 warning (GD0303 ×1), each in full in {}",
            report.display()
        )],
        "(g): one summary warning:\n{}",
        a.output
    );
    let (line, column) = expiration_date_in_json(&seed);
    let expected = format!("../docs/{SEED}:{line}:{column}: warning[GD0303]: ");
    let rendered = fs::read_to_string(&report).expect("(g): the diagnostics file is there");
    assert!(
        rendered.starts_with(&expected) && rendered.contains("expirationDate"),
        "(g): the file holds the rendered GD0303 `{expected}…`:\n{rendered}"
    );
    assert!(
        !a.output.contains("GD0304") && !rendered.contains("GD0304"),
        "(g): the build script's policy allows GD0304:\n{}",
        a.output
    );

    // (b) Nothing changed: the build script does not run, the file keeps its mtime.
    let (b, before) = consumer.change_and_build("(b) nothing changed", |_| {});
    b.expect_success();
    assert!(
        !b.ran_build_script(),
        "(b): a build with nothing changed must not rerun the build script:\n{}",
        b.output
    );
    assert!(
        b.output.contains("Fresh consumer v0.1.0"),
        "(b): the consumer is fresh:\n{}",
        b.output
    );
    assert_eq!(
        (mtime(&generated), fs::read(&generated).unwrap()),
        before,
        "(b): the generated file is untouched"
    );

    // (c) The page rewritten with the same bytes: the build script runs, and the generated
    // file, which would get the same bytes, is not rewritten.
    let (c, before) = consumer.change_and_build("(c) page rewritten, same bytes", |consumer| {
        fs::write(consumer.docs().join(SEED), &seed).unwrap();
    });
    c.expect_success();
    assert!(
        c.ran_build_script(),
        "(c): a rewritten page must rerun the build script:\n{}",
        c.output
    );
    assert_eq!(
        consumer.generated(),
        generated,
        "(c): the OUT_DIR is the same"
    );
    assert_eq!(
        fs::read(&generated).unwrap(),
        before.1,
        "(c): same docs, same bytes"
    );
    assert_eq!(
        mtime(&generated),
        before.0,
        "(c): a generated file whose bytes do not change must not be rewritten (its mtime changed)"
    );
    assert_eq!(
        listing(&out_dir),
        [REPORT, "graphdoc.rs"],
        "(c): no staging file left"
    );

    // (d) A new page: the build script runs, and the crate uses the new type.
    let (d, before) = consumer.change_and_build("(d) page added", |consumer| {
        fs::write(consumer.docs().join(PROBE), probe_page(PROBE_ANNOTATION)).unwrap();
        fs::write(
            consumer.crate_dir().join("src/lib.rs"),
            format!("{LIB_RS}{LIB_RS_PROBE}"),
        )
        .unwrap();
    });
    d.expect_success();
    assert!(
        d.ran_build_script(),
        "(d): a page added to the docs must rerun the build script:\n{}",
        d.output
    );
    let generated = consumer.generated();
    let text = fs::read_to_string(&generated).unwrap();
    assert!(
        text.contains("pub struct RebuildProbe"),
        "(d): the new page's type is generated"
    );
    assert!(text.contains("pub struct CloudPcDeviceImage"), "(d)");
    assert_ne!(
        mtime(&generated),
        before.0,
        "(d): changed bytes are written"
    );

    // (e) A resource annotation that is not JSON fails the build with the diagnostic.
    let broken = probe_page(BROKEN_PROBE_ANNOTATION);
    let (e, _) = consumer.change_and_build("(e) page broken", |consumer| {
        fs::write(consumer.docs().join(PROBE), &broken).unwrap();
    });
    assert!(
        !e.success,
        "(e): a page with a broken annotation must fail the build:\n{}",
        e.output
    );
    let line = broken
        .lines()
        .position(|l| l == BROKEN_PROBE_ANNOTATION)
        .unwrap()
        + 1;
    let column = BROKEN_PROBE_ANNOTATION
        .find("microsoft.graph.rebuildProbe }")
        .unwrap()
        + 1;
    let head = format!("../docs/{PROBE}:{line}:{column}: error[GD0102]:");
    // cargo indents what the build script printed on stderr.
    let lines: Vec<&str> = e.output.lines().map(str::trim_start).collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with(&head))
        .unwrap_or_else(|| panic!("(e): no `{head}` line in the build output:\n{}", e.output));
    let rest = &lines[at + 1..];
    assert!(
        rest.len() >= 3,
        "(e): the diagnostic has its source lines:\n{}",
        e.output
    );
    assert_eq!(rest[0], "|", "(e): blank gutter line:\n{}", e.output);
    assert_eq!(
        rest[1],
        format!("{line} | {BROKEN_PROBE_ANNOTATION}"),
        "(e): the source line:\n{}",
        e.output
    );
    let caret = rest[2]
        .strip_prefix("| ")
        .unwrap_or_else(|| panic!("(e): not a caret line: {:?}\n{}", rest[2], e.output));
    assert_eq!(
        caret.find('^'),
        Some(column - 1),
        "(e): the caret points at column {column}: {caret:?}"
    );
    assert!(
        e.output
            .contains("failed to run custom build command for `consumer v0.1.0"),
        "(e): cargo says the build script failed:\n{}",
        e.output
    );

    // (f) The page fixed: the build succeeds again and the type is back.
    let (f, _) = consumer.change_and_build("(f) page fixed", |consumer| {
        fs::write(consumer.docs().join(PROBE), probe_page(PROBE_ANNOTATION)).unwrap();
    });
    f.expect_success();
    assert!(f.ran_build_script(), "(f):\n{}", f.output);
    let text = fs::read_to_string(consumer.generated()).unwrap();
    assert!(text.contains("pub struct RebuildProbe"), "(f)");
    assert_eq!(
        listing(&out_dir),
        [REPORT, "graphdoc.rs"],
        "(f): no staging file left"
    );

    // (h) chrono missing from the consumer's dependencies: one message with the line to
    // add, and no rustc error about the generated file.
    let manifest_path = consumer.crate_dir().join("Cargo.toml");
    let manifest = fs::read_to_string(&manifest_path).unwrap();
    let chrono_line = manifest
        .lines()
        .find(|l| l.starts_with("chrono = "))
        .expect("the consumer depends on chrono")
        .to_string();
    let (h, _) = consumer.change_and_build("(h) chrono missing", |consumer| {
        let without = manifest.replace(&format!("{chrono_line}\n"), "");
        fs::write(consumer.crate_dir().join("Cargo.toml"), without).unwrap();
    });
    expect_dependency_message(&h, "`chrono` is not a dependency", &chrono_line);

    // (i) chrono without its serde feature: the entry as written, with the feature added.
    let (i, _) = consumer.change_and_build("(i) chrono without serde", |consumer| {
        let without_serde = manifest.replace(
            &chrono_line,
            r#"chrono = { version = "0.4", default-features = false, features = ["std"] }"#,
        );
        fs::write(consumer.crate_dir().join("Cargo.toml"), without_serde).unwrap();
    });
    expect_dependency_message(
        &i,
        "`chrono` lacks the feature `serde`",
        r#"chrono = { version = "0.4", default-features = false, features = ["std", "serde"] }"#,
    );

    // (j) The manifest restored: the build succeeds.
    let (j, _) = consumer.change_and_build("(j) manifest restored", |consumer| {
        fs::write(consumer.crate_dir().join("Cargo.toml"), &manifest).unwrap();
    });
    j.expect_success();

    eprintln!(
        "rebuild: all scenarios in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}
