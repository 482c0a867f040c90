//! Helpers shared by the integration tests: where things are, and running graphdoc on a
//! set of pages in memory.

pub mod peer;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use graphdoc::emit::GeneratedCrate;
use graphdoc::{CrateDir, Run, Settings};

/// The workspace root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate sits in the workspace root")
        .to_path_buf()
}

/// A path relative to the workspace root.
pub fn repo_path(relative: &str) -> PathBuf {
    repo_root().join(relative)
}

/// The docs' `api-reference` directory of the corpus beside the workspace
/// (`../shared/corpus/graph-docs-2021/api-reference`). When it is missing: a panic under CI
/// (`CI` set), otherwise a loud `SKIPPED` on stderr (past the harness's capture) and `None`.
pub fn docs_corpus() -> Option<PathBuf> {
    let docs = repo_root().join("../shared/corpus/graph-docs-2021/api-reference");
    if docs.exists() {
        return Some(docs);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "the docs corpus is required under CI but {} does not exist",
        docs.display()
    );
    let _ = writeln!(
        std::io::stderr(),
        "\n*** SKIPPED: corpus not found at {} ***\n",
        docs.display()
    );
    None
}

/// Whether golden files should be rewritten instead of compared (`GRAPHDOC_BLESS=1`).
pub fn blessing() -> bool {
    std::env::var_os("GRAPHDOC_BLESS").is_some_and(|v| v != "0")
}

/// Generates from `inputs` (paths relative to the workspace root) in memory, the way
/// `graphdoc generate` run from the root would.
pub fn generate(inputs: &[&str], out: &str) -> Run {
    let root = repo_root();
    let _cwd = CurrentDir::enter(&root);
    graphdoc::generate_in_memory(inputs, &Settings::new(), &CrateDir::new(out))
}

/// The emitted crate of a run that must have succeeded, with its diagnostics on failure.
pub fn expect_output(run: &Run) -> &GeneratedCrate {
    match &run.output {
        Some(output) => output,
        None => panic!(
            "generation failed:\n{}",
            run.rendered_diagnostics().join("\n")
        ),
    }
}

/// Runs with the process's current directory set to the workspace root, so that paths in
/// diagnostics and headers read as a user running from the root sees them. Tests in one
/// binary run in threads, so the switch is serialised by a lock.
pub struct CurrentDir {
    previous: PathBuf,
    _guard: std::sync::MutexGuard<'static, ()>,
}

static CWD_LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());

impl CurrentDir {
    pub fn enter(dir: &Path) -> CurrentDir {
        let guard = CWD_LOCK
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let previous = std::env::current_dir().expect("current dir is readable");
        std::env::set_current_dir(dir).expect("can enter the workspace root");
        CurrentDir {
            previous,
            _guard: guard,
        }
    }
}

impl Drop for CurrentDir {
    fn drop(&mut self) {
        let _ = std::env::set_current_dir(&self.previous);
    }
}

/// Writes `files` (relative path to contents) under `dir`, touching only the files whose
/// bytes change and removing every other file, so that cargo rebuilds only what changed.
pub fn sync_dir(dir: &Path, files: &std::collections::BTreeMap<String, String>) {
    for (relative, contents) in files {
        let path = dir.join(relative);
        if std::fs::read(&path).is_ok_and(|old| old == contents.as_bytes()) {
            continue;
        }
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
    }
    let mut stale = Vec::new();
    collect_files(dir, dir, &mut stale);
    for relative in stale {
        if !files.contains_key(&relative) {
            let _ = std::fs::remove_file(dir.join(relative));
        }
    }
}

/// Every file under `dir`, as a path relative to `root` with `/` separators.
fn collect_files(root: &Path, dir: &Path, found: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_files(root, &path, found);
        } else if let Ok(relative) = path.strip_prefix(root) {
            found.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}
