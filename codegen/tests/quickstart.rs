//! The README's quick start, walked as a new user would: in a fresh directory outside this
//! workspace, every block the README marks with `<!-- quickstart: … -->` is used as
//! written. Shell blocks run in order (the `graphdoc` on `PATH` is this build's; the docs
//! repository's URL points at a local git repository holding the 2021 v1.0 resource pages,
//! as the network is not there); file blocks are written where the shell left off; the
//! `run` block runs the program on a page of users. The checkout of this repository sits
//! at `../graphdoc` beside the new crate, as the README assumes.
//!
//! Without the corpus (`<workspace>/../shared/corpus`) the test fails under CI (`CI` set)
//! and prints SKIPPED elsewhere. The new crate's build shares `target/quickstart/` between
//! runs, so only the first one compiles graphdoc and its dependencies.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::TempDir;

/// The docs repository the README clones from; the test clones a local one instead.
const UPSTREAM_URL: &str = "https://github.com/microsoftgraph/microsoft-graph-docs-contrib";

/// One block the README marks for the quick start.
struct Block {
    /// What the marker says: `shell`, `run`, or the path of a file to write.
    label: String,
    text: String,
}

/// The marked blocks of the README, in order: a `<!-- quickstart: LABEL -->` line, then
/// (after blank lines only) a fenced block.
fn quickstart_blocks(readme: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut lines = readme.lines();
    while let Some(line) = lines.next() {
        let Some(label) = line
            .trim()
            .strip_prefix("<!-- quickstart:")
            .and_then(|rest| rest.strip_suffix("-->"))
        else {
            continue;
        };
        let fence = lines
            .by_ref()
            .find(|l| !l.trim().is_empty())
            .unwrap_or_default();
        assert!(
            fence.starts_with("```"),
            "the marker `{}` is not followed by a code block",
            label.trim()
        );
        let text: Vec<&str> = lines
            .by_ref()
            .take_while(|l| !l.starts_with("```"))
            .collect();
        blocks.push(Block {
            label: label.trim().to_string(),
            text: text.join("\n") + "\n",
        });
    }
    blocks
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen/ is in the workspace")
        .to_path_buf()
}

/// Runs a command to completion; panics with its output when it fails.
fn run(command: &mut Command, what: &str) -> String {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot start: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(
        output.status.success(),
        "{what} failed ({}):\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
        output.status
    );
    stdout + &stderr
}

/// A git repository standing in for the docs repository: the 2021 v1.0 resource pages at
/// their upstream path, in one commit.
fn local_upstream(corpus_pages: &Path, at: &Path) {
    let pages = at.join("api-reference/v1.0/resources");
    fs::create_dir_all(&pages).unwrap();
    for entry in fs::read_dir(corpus_pages).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            fs::copy(&path, pages.join(path.file_name().unwrap())).unwrap();
        }
    }
    let git = |args: &[&str]| {
        run(
            Command::new("git")
                .args([
                    "-c",
                    "user.name=graphdoc",
                    "-c",
                    "user.email=graphdoc@example.com",
                ])
                .args(["-c", "init.defaultBranch=main"])
                .args(args)
                .current_dir(at),
            &format!("git {}", args.join(" ")),
        )
    };
    git(&["init", "-q"]);
    // A partial clone (`--filter=blob:none`) needs the serving side to allow filters.
    git(&["config", "uploadpack.allowFilter", "true"]);
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "v1.0 resource pages"]);
}

#[test]
fn the_readme_quick_start_works_as_written() {
    let root = repo_root();
    let corpus_pages = root
        .parent()
        .expect("the workspace has a parent directory")
        .join("shared/corpus/graph-docs-2021/api-reference/v1.0/resources");
    if !corpus_pages.is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "the corpus is missing at {}",
            corpus_pages.display()
        );
        eprintln!("SKIPPED: no corpus at {}", corpus_pages.display());
        return;
    }
    let readme = fs::read_to_string(root.join("README.md")).unwrap();
    let blocks = quickstart_blocks(&readme);
    let labels: Vec<&str> = blocks.iter().map(|b| b.label.as_str()).collect();
    for wanted in [
        "shell",
        "graphdoc.toml",
        "Cargo.toml",
        "build.rs",
        "src/main.rs",
        "run",
    ] {
        assert!(
            labels.contains(&wanted),
            "the quick start has no `{wanted}` block: {labels:?}"
        );
    }

    let dir = TempDir::new("quickstart");
    // The checkout of graphdoc beside the new crate, as the README assumes.
    std::os::unix::fs::symlink(&root, dir.join("graphdoc")).unwrap();
    let origin = dir.join("origin");
    local_upstream(&corpus_pages, &origin);
    let origin_url = format!("file://{}", origin.display());

    let binary = PathBuf::from(env!("CARGO_BIN_EXE_graphdoc"));
    let path = std::env::join_paths(
        std::iter::once(binary.parent().unwrap().to_path_buf()).chain(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        )),
    )
    .unwrap();
    let target_dir = root.join("target/quickstart");
    let state = dir.join("cwd");

    let mut cwd = dir.path().to_path_buf();
    let mut program_output = String::new();
    for block in &blocks {
        match block.label.as_str() {
            label @ ("shell" | "run") => {
                let script = format!(
                    "set -e\ncd '{}'\n{}\npwd > '{}'\n",
                    cwd.display(),
                    block.text.replace(UPSTREAM_URL, &origin_url),
                    state.display()
                );
                let output = run(
                    Command::new("sh")
                        .arg("-c")
                        .arg(&script)
                        .env("PATH", &path)
                        .env("CARGO_TARGET_DIR", &target_dir)
                        .env_remove("RUSTFLAGS")
                        .env_remove("CARGO_MANIFEST_DIR"),
                    &format!("the quick start's `{}`", block.text.trim()),
                );
                cwd = PathBuf::from(fs::read_to_string(&state).unwrap().trim());
                if label == "run" {
                    program_output = output;
                }
            }
            file => {
                let path = cwd.join(file);
                fs::create_dir_all(path.parent().unwrap()).unwrap();
                fs::write(&path, &block.text).unwrap();
                if file == "src/main.rs" {
                    // The page of users the README asks the reader to save.
                    fs::copy(
                        root.join("guide/data/users-page-1.json"),
                        cwd.join("users.json"),
                    )
                    .unwrap();
                }
            }
        }
    }

    eprintln!("quickstart: the program's run:\n{program_output}");
    assert!(
        cwd.ends_with("hello-graph"),
        "the quick start ends in the new crate, not {}",
        cwd.display()
    );
    let lock = fs::read_to_string(cwd.join("graphdoc.lock")).unwrap();
    assert!(
        lock.contains("api-reference/v1.0/resources/user.md"),
        "graphdoc sync records the pages it copied:\n{lock}"
    );
    for expected in [
        "Ada Quill: Cartographer",
        "Bram Oakes: (no job title)",
        "next page: users-page-2.json",
        "PATCH https://graph.microsoft.com/v1.0/users/7d1e0f3a-0002-4c2b-9b51-2f1c9a6e0002",
        r#"{"jobTitle":"Cartographer","officeLocation":null}"#,
    ] {
        assert!(
            program_output.contains(expected),
            "the program's output lacks `{expected}`:\n{program_output}"
        );
    }
    // The generated code compiles without a warning in the program.
    assert!(
        !program_output.contains("warning: `hello-graph`")
            && !program_output.contains("never used")
            && !program_output.contains("unused"),
        "rustc warns about the generated code:\n{program_output}"
    );
    // A build that regenerates says so once, not once per warning.
    let warnings = program_output
        .lines()
        .filter(|l| l.starts_with("warning: hello-graph@"))
        .count();
    assert!(
        warnings <= 1,
        "the build script prints one summary warning at most:\n{program_output}"
    );
}
