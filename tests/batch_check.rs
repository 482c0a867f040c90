//! Compiling many generated crates at once: each crate is a member of one throwaway
//! workspace under the cargo target directory, with the main workspace's `Cargo.lock` and
//! one shared target directory, so the dependencies (serde, serde_json, chrono, uuid,
//! serde_with) compile once and one `cargo check --workspace` checks every crate.
//!
//! Included by `promise.rs` and `mutation.rs` with `#[path]`; not a test of its own.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use graphdoc::emit::GeneratedCrate;
use graphdoc_tests::repo_root;

/// One crate of the batch.
pub struct Member {
    /// The directory below the workspace (`c007`).
    pub dir: String,
    /// The package name its manifest gives.
    pub package: String,
    /// What produced it, to reproduce a failure.
    pub label: String,
    /// Why cargo cannot even read its manifest; such a crate is left out of the workspace.
    pub manifest_problem: Option<String>,
}

/// A throwaway workspace of generated crates.
pub struct Batch {
    pub workspace: PathBuf,
    pub target: PathBuf,
    pub members: Vec<Member>,
}

/// What cargo said about the crates of one command.
pub struct Checked {
    pub time: Duration,
    pub succeeded: bool,
    /// The error and warning lines of each failed member, by index.
    pub failed: BTreeMap<usize, Vec<String>>,
    /// Cargo's whole output, for failures no member can be blamed for.
    pub output: String,
}

impl Batch {
    /// An empty workspace at `target/<name>/`; what an earlier run left there (other than
    /// the shared target directory) is removed.
    pub fn new(name: &str) -> Batch {
        let root = repo_root();
        let workspace = root.join("target").join(name);
        let _ = fs::remove_dir_all(&workspace);
        fs::create_dir_all(&workspace).expect("the batch workspace can be created");
        Batch {
            workspace,
            // Shared by every batch test: the same lock file and flags, so the
            // dependencies are checked once for all of them.
            target: root.join("target").join("generated-crates-check"),
            members: Vec::new(),
        }
    }

    /// Writes a crate as the next member; returns its index.
    pub fn add(&mut self, label: String, files: &GeneratedCrate) -> usize {
        let index = self.members.len();
        let dir = format!("c{index:03}");
        let path = self.workspace.join(&dir);
        write_files(&path, files);
        let manifest = files.files.get("Cargo.toml").cloned().unwrap_or_default();
        let (package, manifest_problem) = read_manifest(&manifest);
        self.members.push(Member {
            dir,
            package,
            label,
            manifest_problem,
        });
        index
    }

    /// Writes the workspace manifest and lock; members whose manifest cargo refuses are
    /// left out (they would stop cargo from reading the workspace at all). Each member's
    /// manifest is asked about only when cargo cannot read the whole workspace.
    pub fn finish(&mut self) {
        self.write_workspace();
        let whole = cargo_command(&self.workspace, &self.target)
            .args([
                "metadata",
                "--no-deps",
                "--format-version",
                "1",
                "--offline",
            ])
            .output()
            .expect("cargo runs");
        if !whole.status.success() {
            for member in &mut self.members {
                if member.manifest_problem.is_none() {
                    member.manifest_problem =
                        cargo_refuses(&self.workspace.join(&member.dir), &self.target);
                }
            }
            self.write_workspace();
        }
    }

    fn write_workspace(&self) {
        let members: Vec<String> = self
            .members
            .iter()
            .filter(|m| m.manifest_problem.is_none())
            .map(|m| format!("    \"{}\",", m.dir))
            .collect();
        fs::write(
            self.workspace.join("Cargo.toml"),
            format!(
                "[workspace]\nresolver = \"3\"\nmembers = [\n{}\n]\n",
                members.join("\n")
            ),
        )
        .unwrap();
        fs::copy(
            repo_root().join("Cargo.lock"),
            self.workspace.join("Cargo.lock"),
        )
        .expect("the workspace Cargo.lock can be copied");
    }

    /// Members cargo can read.
    pub fn checkable(&self) -> impl Iterator<Item = (usize, &Member)> {
        self.members
            .iter()
            .enumerate()
            .filter(|(_, m)| m.manifest_problem.is_none())
    }

    /// Runs `cargo <args>` in the workspace with warnings denied and reports which
    /// members failed. `--keep-going` is added so that one failed crate does not hide the
    /// others.
    pub fn cargo(&self, args: &[&str]) -> Checked {
        let start = Instant::now();
        // Cargo's own options go before any `--`, which starts the compiler's.
        let split = args.iter().position(|a| *a == "--").unwrap_or(args.len());
        let output = cargo_command(&self.workspace, &self.target)
            .args(&args[..split])
            .args(["--keep-going", "--message-format", "short"])
            .args(&args[split..])
            .output()
            .expect("cargo runs");
        let time = start.elapsed();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        let mut failed: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        let by_dir: BTreeMap<&str, usize> = self
            .members
            .iter()
            .enumerate()
            .map(|(i, m)| (m.dir.as_str(), i))
            .collect();
        let by_package: BTreeMap<&str, usize> = self
            .members
            .iter()
            .enumerate()
            .map(|(i, m)| (m.package.as_str(), i))
            .collect();
        for line in text.lines() {
            // `c007/src/lib.rs:3:1: error[E0428]: …`
            if let Some((dir, _)) = line.split_once('/')
                && let Some(&i) = by_dir.get(dir)
                && (line.contains("error") || line.contains("warning"))
            {
                failed.entry(i).or_default().push(line.to_string());
            }
            // `error: could not compile `promise_c007` (lib) due to …`
            if let Some(rest) = line.split("could not compile `").nth(1)
                && let Some((package, _)) = rest.split_once('`')
                && let Some(&i) = by_package.get(package)
            {
                failed.entry(i).or_default();
            }
        }
        let warned = text.lines().any(|l| l.contains("warning"));
        Checked {
            time,
            succeeded: output.status.success() && !warned,
            failed,
            output: text,
        }
    }
}

fn cargo_command(dir: &Path, target: &Path) -> Command {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut command = Command::new(cargo);
    command
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .env("RUSTFLAGS", "-D warnings")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env("CARGO_TERM_COLOR", "never");
    command
}

fn write_files(dir: &Path, files: &GeneratedCrate) {
    for (path, text) in &files.files {
        let path = dir.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text).unwrap();
    }
}

/// The package name, and a problem when the manifest is not even TOML with one.
fn read_manifest(text: &str) -> (String, Option<String>) {
    let table: toml::Table = match text.parse() {
        Ok(table) => table,
        Err(error) => {
            return (
                String::new(),
                Some(format!("Cargo.toml is not TOML: {error}")),
            );
        }
    };
    match table
        .get("package")
        .and_then(|p| p.get("name"))
        .and_then(|n| n.as_str())
    {
        Some(name) => (name.to_string(), None),
        None => (String::new(), Some("Cargo.toml names no package".into())),
    }
}

/// Cargo's own verdict on a manifest: `cargo metadata --no-deps` on a copy of the manifest
/// (with an empty `src/lib.rs`) that is a workspace of its own. `None` when cargo reads it.
fn cargo_refuses(crate_dir: &Path, target: &Path) -> Option<String> {
    let probe = crate_dir
        .parent()
        .unwrap()
        .join("manifest-probe")
        .join(crate_dir.file_name().unwrap());
    fs::create_dir_all(probe.join("src")).unwrap();
    let manifest = fs::read_to_string(crate_dir.join("Cargo.toml")).unwrap_or_default();
    fs::write(
        probe.join("Cargo.toml"),
        format!("{manifest}\n[workspace]\n"),
    )
    .unwrap();
    fs::write(probe.join("src/lib.rs"), "").unwrap();
    let output = cargo_command(&probe, target)
        .args([
            "metadata",
            "--no-deps",
            "--format-version",
            "1",
            "--offline",
        ])
        .output()
        .expect("cargo runs");
    let _ = fs::remove_dir_all(&probe);
    (!output.status.success()).then(|| {
        String::from_utf8_lossy(&output.stderr)
            .lines()
            .take(8)
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// The feature names of a generated manifest other than `default` and `full`.
pub fn area_features(files: &GeneratedCrate) -> Vec<String> {
    let text = files.files.get("Cargo.toml").cloned().unwrap_or_default();
    let Ok(table) = text.parse::<toml::Table>() else {
        return Vec::new();
    };
    table
        .get("features")
        .and_then(|f| f.as_table())
        .map(|features| {
            features
                .keys()
                .filter(|name| !["default", "full"].contains(&name.as_str()))
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}

/// The first `n` lines of a text, indented.
pub fn head(text: &str, n: usize) -> String {
    text.lines().take(n).map(|l| format!("    {l}\n")).collect()
}
