//! The method pages of the real Graph API reference (2021 snapshot): every page of both
//! versions' `api/` folders is read, and each method page must yield an operation or a
//! diagnostic, without a panic. Per version it prints
//! `method pages <version>: <P> pages, <O> operations, <A> request lines, diagnostics by
//! code: ...`.
//!
//! The corpus lives outside the repository, at `<workspace>/../shared/corpus` (see
//! `corpus.rs`). When it is missing the test fails under CI (`CI` set) and otherwise
//! prints `SKIPPED` to stderr and passes. Run it with
//! `cargo test -p graphdoc-tests --test method_pages -- --nocapture`.

use std::collections::{BTreeMap, BTreeSet};

use graphdoc::diagnostics::Diagnostics;
use graphdoc::source::FileId;
use graphdoc::{Settings, schema_only};

#[test]
fn method_pages_of_both_versions() {
    let Some(corpus) = graphdoc_tests::docs_corpus() else {
        return;
    };
    let api = |version: &str| corpus.join(version).join("api");
    let mut failures = Vec::new();
    for version in ["v1.0", "beta"] {
        let dir = api(version);
        // Each page on its own first, so a panic names its page.
        let mut pages: Vec<_> = std::fs::read_dir(&dir)
            .expect("the api folder can be listed")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        pages.sort();
        for page in &pages {
            let Ok(text) = std::fs::read_to_string(page) else {
                continue;
            };
            let read = std::panic::catch_unwind(|| {
                let mut found = Diagnostics::default();
                graphdoc::read::read_page(FileId(0), &text, &mut found);
            });
            if read.is_err() {
                failures.push(format!("{version}: reading {} panics", page.display()));
            }
        }
        let run = schema_only(&[&dir], &Settings::default());
        let method_pages: Vec<_> = run
            .pages
            .iter()
            .filter(|p| p.method_page.is_some())
            .collect();
        let with_operation: BTreeSet<String> = run
            .schema
            .operations
            .iter()
            .map(|o| o.page.clone())
            .collect();
        let with_diagnostic: BTreeSet<FileId> = run
            .diagnostics
            .iter()
            .filter_map(|d| d.loc.as_ref().map(|l| l.file))
            .collect();
        for page in &method_pages {
            let display = &run.sources.get(page.file).display;
            if !with_operation.contains(display) && !with_diagnostic.contains(&page.file) {
                failures.push(format!(
                    "{version}: {display} yields neither an operation nor a diagnostic"
                ));
            }
        }
        let lines: usize = run.schema.operations.iter().map(|o| o.paths.len()).sum();
        let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
        let method_files: BTreeSet<FileId> = method_pages.iter().map(|p| p.file).collect();
        for d in run.diagnostics.iter() {
            if d.loc
                .as_ref()
                .is_some_and(|l| method_files.contains(&l.file))
            {
                *by_code.entry(d.code.as_str()).or_default() += 1;
            }
        }
        let codes = by_code
            .iter()
            .map(|(code, n)| format!("{code} {n}"))
            .collect::<Vec<_>>()
            .join(", ");
        println!(
            "method pages {version}: {} pages, {} operations, {lines} request lines, diagnostics by code: {}",
            method_pages.len(),
            run.schema.operations.len(),
            if codes.is_empty() { "none" } else { &codes },
        );
        let not_method = pages.len() - method_pages.len();
        println!("method pages {version}: {not_method} pages of api/ are not method pages");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
