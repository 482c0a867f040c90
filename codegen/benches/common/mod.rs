//! What the generation benchmarks share: the corpus and its pages.

use std::path::{Path, PathBuf};

/// The corpus's `api-reference` directory: `GRAPHDOC_CORPUS`, or the one beside the
/// repository. Exits with an error when it is missing.
pub fn corpus_root() -> PathBuf {
    let root = std::env::var_os("GRAPHDOC_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../shared/corpus/graph-docs-2021/api-reference")
        });
    if !root.join("v1.0/resources").is_dir() {
        eprintln!(
            "error: no corpus at {}; set GRAPHDOC_CORPUS to the docs' api-reference directory",
            root.display()
        );
        std::process::exit(2);
    }
    root
}

/// Every `.md` file under `dir`, sorted.
pub fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}
