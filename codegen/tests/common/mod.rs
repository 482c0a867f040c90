//! What the command-line tests share: a temp directory per test and one way to run the
//! `graphdoc` binary and check how it exited.

// Each test binary uses its own part of these helpers.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A fresh directory under the system temp dir, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let unique = format!(
            "graphdoc-test-{name}-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let path = std::env::temp_dir().join(unique);
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).expect("can create a temp dir");
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn join(&self, relative: &str) -> PathBuf {
        self.0.join(relative)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
        let _ = fs::remove_dir_all(cache_dir(&self.0));
    }
}

/// The generation cache of runs in `cwd`: beside it, so that listings of the test's
/// directory show only what the test made.
pub fn cache_dir(cwd: &Path) -> PathBuf {
    let mut name = cwd.file_name().unwrap_or_default().to_os_string();
    name.push(".graphdoc-cache");
    cwd.with_file_name(name)
}

/// What one run of the binary did.
pub struct Ran {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Ran {
    pub fn expect_code(&self, expected: i32) -> &Self {
        assert_eq!(
            self.code, expected,
            "expected exit status {expected}, got {}\n--- stderr ---\n{}\n--- stdout ---\n{}",
            self.code, self.stderr, self.stdout
        );
        self
    }

    /// The last line of stderr, which must be the summary.
    pub fn summary(&self) -> &str {
        let last = self.stderr.lines().last().unwrap_or("");
        assert!(
            last.starts_with("graphdoc: "),
            "stderr does not end with the summary line:\n{}",
            self.stderr
        );
        last
    }
}

/// Runs the `graphdoc` binary with `cwd` as its current directory.
pub fn graphdoc(cwd: &Path, args: &[&str]) -> Ran {
    let output: Output = Command::new(env!("CARGO_BIN_EXE_graphdoc"))
        .args(args)
        .current_dir(cwd)
        .env("GRAPHDOC_CACHE_DIR", cache_dir(cwd))
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("the graphdoc binary runs");
    let ran = Ran {
        code: output
            .status
            .code()
            .unwrap_or_else(|| panic!("graphdoc was killed by a signal: {:?}", output.status)),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    };
    assert!(
        !ran.stderr.contains("panicked"),
        "graphdoc panicked with {args:?}:\n{}",
        ran.stderr
    );
    assert_ne!(ran.code, 101, "exit status 101 is a panic:\n{}", ran.stderr);
    ran
}
