//! What the generated crates cost to compile: `cargo check` time and peak memory of the
//! whole v1.0 crate, the whole beta crate, and the beta crate's `cloud-pc` feature alone;
//! then every area feature of both crates checked on its own.
//!
//! Both crates are generated from `<workspace>/../shared/corpus` into
//! `target/compile-cost/`, their dependencies are checked once (no feature enabled, which
//! compiles only the support modules), and then each measured check rechecks the crate
//! alone, without incremental caches, as a first build would. Peak memory is the largest
//! resident set of cargo and the rustc it runs (`wait4`). Targets: the `cloud-pc` feature
//! at most 10% of the whole beta crate's time; the beta crate under 4 GiB.
//!
//! `cargo test -p graphdoc-tests --test compile_cost -- --nocapture` prints the figures.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use graphdoc::{CrateDir, Settings};
use graphdoc_tests::{docs_corpus, repo_root};

const GIB: u64 = 1 << 30;

/// One measured `cargo check`.
struct Measured {
    time: Duration,
    peak_bytes: u64,
    succeeded: bool,
    output: String,
}

impl Measured {
    /// `what` and the start of cargo's output, if the check failed or warned.
    fn failure(&self, what: &str) -> Option<String> {
        (!self.succeeded || self.output.contains("warning")).then(|| {
            let start: Vec<&str> = self.output.lines().take(40).collect();
            format!("{what}: cargo check fails or warns:\n{}", start.join("\n"))
        })
    }
}

#[test]
fn compile_cost() {
    let root = repo_root();
    let Some(docs) = docs_corpus() else {
        return;
    };
    let work = root.join("target/compile-cost");
    let target = work.join("target");
    let mut failures = Vec::new();
    let mut crates = Vec::new();
    for (version, name) in [("v1.0", "graph_v1"), ("beta", "graph_beta")] {
        let dir = work.join(version);
        let run = graphdoc::generate(
            &[docs.join(version).join("resources")],
            &Settings::new(),
            &CrateDir::new(&dir).with_crate_name(name),
        );
        assert!(run.written, "{version}: the crate was not written");
        std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
        // Under `target/`, inside this workspace's directory: a workspace of its own.
        let manifest = dir.join("Cargo.toml");
        let text = std::fs::read_to_string(&manifest).unwrap();
        std::fs::write(&manifest, format!("{text}\n[workspace]\n")).unwrap();
        // Dependencies and the support modules, so that later checks measure the crate.
        let warm = check(&dir, &target, &[]);
        assert!(
            warm.succeeded,
            "{version} without features:\n{}",
            warm.output
        );
        crates.push((version, dir));
    }

    let mut rows = Vec::new();
    for (label, dir, features) in [
        ("v1.0, all features", &crates[0].1, "full"),
        ("beta, all features", &crates[1].1, "full"),
        ("beta, cloud-pc alone", &crates[1].1, "cloud-pc"),
    ] {
        let measured = check(dir, &target, &["--features", features]);
        println!(
            "compile cost: {label}: cargo check {:.1} s, peak memory {:.2} GiB{}",
            measured.time.as_secs_f64(),
            measured.peak_bytes as f64 / GIB as f64,
            if measured.succeeded { "" } else { " (FAILED)" }
        );
        failures.extend(measured.failure(label));
        rows.push(measured);
    }
    let share = rows[2].time.as_secs_f64() / rows[1].time.as_secs_f64();
    println!(
        "compile cost: cloud-pc alone takes {:.1}% of the whole beta crate's check time (target: at most 10%)",
        share * 100.0
    );
    if share > 0.10 {
        failures.push(format!(
            "the cloud-pc feature takes {:.1}% of the beta crate's check time",
            share * 100.0
        ));
    }
    // The budget; measured on the 2021 docs: 2.3 GiB.
    const BETA_PEAK_LIMIT: u64 = 4 * GIB;
    if rows[1].peak_bytes >= BETA_PEAK_LIMIT {
        failures.push(format!(
            "the beta crate's check peaks at {:.2} GiB, not under {:.0} GiB",
            rows[1].peak_bytes as f64 / GIB as f64,
            BETA_PEAK_LIMIT as f64 / GIB as f64
        ));
    }
    println!(
        "compile cost: beta peak memory {:.2} GiB (target: under 4 GiB)",
        rows[1].peak_bytes as f64 / GIB as f64
    );

    // Every area's feature compiles on its own, warnings denied.
    for (version, dir) in &crates {
        let features = area_features(&dir.join("Cargo.toml"));
        let start = Instant::now();
        let mut failed = 0;
        let mut slowest = (Duration::ZERO, "");
        for feature in &features {
            let measured = check(dir, &target, &["--features", feature]);
            slowest = slowest.max((measured.time, feature.as_str()));
            if let Some(failure) = measured.failure(&format!("{version}, {feature} alone")) {
                failures.push(failure);
                failed += 1;
            }
        }
        println!(
            "compile cost: {version}: each of its {} area features alone: {} check without a warning, {} fail ({:.0} s in all, the slowest `{}` {:.1} s)",
            features.len(),
            features.len() - failed,
            failed,
            start.elapsed().as_secs_f64(),
            slowest.1,
            slowest.0.as_secs_f64()
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The features of a generated manifest other than `default` and `full`: one per area.
fn area_features(manifest: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(manifest).unwrap();
    let table: toml::Table = text.parse().unwrap();
    let features = table["features"].as_table().expect("a [features] table");
    let areas: Vec<String> = features
        .keys()
        .filter(|name| !["default", "full"].contains(&name.as_str()))
        .cloned()
        .collect();
    assert!(
        !areas.is_empty(),
        "{} has no area features",
        manifest.display()
    );
    areas
}

/// `cargo check` of the crate in `dir`, warnings denied, rechecking the crate itself.
// The child is reaped by `wait4`, which also reports its peak memory.
#[allow(clippy::zombie_processes)]
fn check(dir: &Path, target: &PathBuf, args: &[&str]) -> Measured {
    // A new modification time makes cargo recheck the crate (and only the crate).
    let lib = dir.join("src/lib.rs");
    let text = std::fs::read(&lib).unwrap();
    std::fs::write(&lib, text).unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let log = dir.join("check.log");
    let child = Command::new(cargo)
        .args(["check", "--quiet", "--message-format", "short"])
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .env("RUSTFLAGS", "-D warnings")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env("CARGO_TERM_COLOR", "never")
        .stdout(std::fs::File::create(&log).unwrap())
        .stderr(std::fs::File::options().append(true).open(&log).unwrap())
        .spawn()
        .expect("cargo starts");
    let start = Instant::now();
    let (status, peak_bytes) = wait_with_peak_memory(child.id());
    let time = start.elapsed();
    Measured {
        time,
        peak_bytes,
        succeeded: status == 0,
        output: std::fs::read_to_string(&log).unwrap_or_default(),
    }
}

/// Waits for a child; returns its exit status and the largest resident set of it and of
/// the processes it waited for.
fn wait_with_peak_memory(pid: u32) -> (i32, u64) {
    let mut status = 0;
    // SAFETY: `rusage` is plain data that wait4 fills; the pid is our own child, reaped here.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(reaped, pid as libc::pid_t, "wait4 reaps cargo");
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    // Linux reports kilobytes.
    (code, usage.ru_maxrss as u64 * 1024)
}
