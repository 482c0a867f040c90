//! The promise on real pages, mutated: every run that exits 0 writes a crate that compiles
//! with `-D warnings`.
//!
//! Each run takes a page of the 2021 docs corpus
//! (`../shared/corpus/graph-docs-2021/api-reference/{v1.0,beta}/resources`, read in place)
//! and up to five pages it links to, mutates them (lines dropped, duplicated and swapped,
//! bytes flipped, front matter values such as `ms.prod` emptied or made odd) and runs the
//! whole pipeline in memory. Every run that has output (the command would exit 0) has its
//! crate written as a member of one throwaway workspace (`target/mutation-check/`), and one
//! `cargo check --workspace --all-features` with `RUSTFLAGS=-D warnings` checks them all.
//! Every fourth run is left unmutated, as a control.
//!
//! The seed is fixed: 40 runs by default; `GRAPHDOC_MUTATIONS=N` runs N for a longer
//! report. A failure prints the run's number, pages and mutations, which reproduce it.
//! Without the corpus the test fails under CI (`CI` set) and prints SKIPPED elsewhere.
//!
//! `cargo test -p graphdoc-tests --test mutation -- --nocapture` prints the figures.

// Shared with `promise.rs`, which uses all of it.
#[allow(dead_code)]
#[path = "batch_check.rs"]
mod batch_check;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use codegen::Config;
use codegen::diagnostics::Code;
use graphdoc_tests::{docs_corpus, repo_root};

use batch_check::{Batch, head};

const SEED: u64 = 0x6d75_7461_7469_6f6e;
const RUNS: usize = 150;
/// Pages a run takes besides its first: pages the first links to.
const LINKED_PAGES: usize = 5;

/// SplitMix64.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// One edit to one page of a run (pages by index; positions modulo the page's size).
#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine {
        page: usize,
        line: usize,
    },
    DuplicateLine {
        page: usize,
        line: usize,
    },
    SwapLines {
        page: usize,
        a: usize,
        b: usize,
    },
    /// One bit of one byte; an ASCII byte stays ASCII.
    FlipBit {
        page: usize,
        byte: usize,
        bit: u8,
    },
    /// A front matter key set to a value (`ms.prod: ""`), added when the page lacks it.
    FrontMatter {
        page: usize,
        key: &'static str,
        value: &'static str,
    },
    /// The `Namespace:` line's value replaced.
    Namespace {
        page: usize,
        value: &'static str,
    },
    /// The type of the first `"@odata.type"` (the resource annotation's) renamed.
    RenameType {
        page: usize,
        to: &'static str,
    },
    /// The first `### x values` heading (an enum's name) renamed.
    RenameEnum {
        page: usize,
        to: &'static str,
    },
}

const NAMESPACES: &[&str] = &[
    "",
    "microsoft.graph.é",
    "microsoft.graph.self",
    "microsoft.graph.serde_support",
    "microsoft.graph.lib",
    "microsoft.graph.a-b",
    "microsoft.graph.3d",
    "microsoft.graph.callRecords",
];

/// Names that collide with keywords, the prelude, the support items, or are no names.
const NAMES: &[&str] = &[
    "Self",
    "self",
    "type",
    "_",
    "Option",
    "String",
    "UndocumentedValue",
    "IsoDuration",
    "serde_support",
    "lib",
    "mod",
    "",
    "é",
    "a-b",
    "3d",
    "user",
    "entity",
];

const FRONT_MATTER_KEYS: &[&str] = &["ms.prod", "ms.prod", "ms.prod", "title", "description"];
const FRONT_MATTER_VALUES: &[&str] = &[
    "\"\"",
    "",
    "\"full\"",
    "\"default\"",
    "\"365\"",
    "\"a b\"",
    "\"é\"",
    "\"-\"",
    "\"cloud-pc\"",
];

impl Mutation {
    fn random(rng: &mut Rng, pages: usize) -> Mutation {
        let page = rng.below(pages);
        let at = rng.next() as usize;
        match rng.below(10) {
            0 | 1 => Mutation::DeleteLine { page, line: at },
            2 | 3 => Mutation::DuplicateLine { page, line: at },
            4 | 5 => Mutation::SwapLines {
                page,
                a: at,
                b: rng.next() as usize,
            },
            6 if rng.below(2) == 0 => Mutation::Namespace {
                page,
                value: NAMESPACES[rng.below(NAMESPACES.len())],
            },
            6 => Mutation::RenameType {
                page,
                to: NAMES[rng.below(NAMES.len())],
            },
            7 if rng.below(2) == 0 => Mutation::RenameEnum {
                page,
                to: NAMES[rng.below(NAMES.len())],
            },
            7 => Mutation::FlipBit {
                page,
                byte: at,
                bit: rng.below(8) as u8,
            },
            _ => Mutation::FrontMatter {
                page,
                key: FRONT_MATTER_KEYS[rng.below(FRONT_MATTER_KEYS.len())],
                value: FRONT_MATTER_VALUES[rng.below(FRONT_MATTER_VALUES.len())],
            },
        }
    }

    fn page(&self) -> usize {
        match *self {
            Mutation::DeleteLine { page, .. }
            | Mutation::DuplicateLine { page, .. }
            | Mutation::SwapLines { page, .. }
            | Mutation::FlipBit { page, .. }
            | Mutation::FrontMatter { page, .. }
            | Mutation::Namespace { page, .. }
            | Mutation::RenameType { page, .. }
            | Mutation::RenameEnum { page, .. } => page,
        }
    }

    fn apply(&self, bytes: &mut Vec<u8>) {
        let mut lines: Vec<Vec<u8>> = bytes
            .split_inclusive(|&b| b == b'\n')
            .map(<[u8]>::to_vec)
            .collect();
        if let Some(last) = lines.last_mut()
            && !last.ends_with(b"\n")
        {
            last.push(b'\n');
        }
        let n = lines.len();
        match *self {
            Mutation::DeleteLine { line, .. } if n > 0 => {
                lines.remove(line % n);
            }
            Mutation::DuplicateLine { line, .. } if n > 0 => {
                let copy = lines[line % n].clone();
                lines.insert(line % n, copy);
            }
            Mutation::SwapLines { a, b, .. } if n > 0 => lines.swap(a % n, b % n),
            Mutation::FlipBit { byte, bit, .. } if !bytes.is_empty() => {
                let at = byte % bytes.len();
                let bit = if bytes[at].is_ascii() { bit % 7 } else { bit };
                bytes[at] ^= 1 << bit;
                return;
            }
            Mutation::FrontMatter { key, value, .. } => {
                let prefix = format!("{key}:");
                let line = format!("{key}: {value}\n").into_bytes();
                // The front matter is between the first two `---` lines.
                let fence: Vec<usize> = lines
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| l.trim_ascii_end() == b"---")
                    .map(|(i, _)| i)
                    .take(2)
                    .collect();
                match fence[..] {
                    [start, end] if start == 0 => {
                        match (start + 1..end).find(|&i| lines[i].starts_with(prefix.as_bytes())) {
                            Some(i) => lines[i] = line,
                            None => lines.insert(end, line),
                        }
                    }
                    _ => {
                        lines.insert(0, b"---\n".to_vec());
                        lines.insert(1, line);
                        lines.insert(2, b"---\n".to_vec());
                    }
                }
            }
            Mutation::Namespace { value, .. } => {
                if let Some(line) = lines.iter_mut().find(|l| l.starts_with(b"Namespace:")) {
                    *line = format!("Namespace: {value}\n").into_bytes();
                }
            }
            Mutation::RenameType { to, .. } => {
                let marker = "\"@odata.type\": \"";
                let found = lines.iter().enumerate().find_map(|(i, l)| {
                    let text = std::str::from_utf8(l).ok()?;
                    let at = text.find(marker)? + marker.len();
                    let end = at + text[at..].find('"')?;
                    let keep = text[at..end].rfind('.').map_or(at, |dot| at + dot + 1);
                    Some((i, format!("{}{to}{}", &text[..keep], &text[end..])))
                });
                if let Some((i, text)) = found {
                    lines[i] = text.into_bytes();
                }
            }
            Mutation::RenameEnum { to, .. } => {
                if let Some(line) = lines
                    .iter_mut()
                    .find(|l| l.starts_with(b"### ") && l.trim_ascii_end().ends_with(b" values"))
                {
                    *line = format!("### {to} values\n").into_bytes();
                }
            }
            _ => return,
        }
        *bytes = lines.concat();
    }
}

/// The `.md` pages of a resources directory, sorted.
fn pages_of(dir: &Path) -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    pages.sort();
    assert!(!pages.is_empty(), "no pages in {}", dir.display());
    pages
}

/// A page and up to [`LINKED_PAGES`] pages of the same directory it links to (so base
/// types, property types and enums resolve across pages).
fn page_group(first: &Path, rng: &mut Rng) -> Vec<PathBuf> {
    let dir = first.parent().unwrap();
    let text = String::from_utf8_lossy(&fs::read(first).unwrap()).into_owned();
    let mut linked: Vec<PathBuf> = Vec::new();
    for piece in text.split("](").skip(1) {
        let target = piece.split([')', '#', ' ']).next().unwrap_or_default();
        if target.ends_with(".md") && !target.contains('/') {
            let path = dir.join(target.to_ascii_lowercase());
            if path != first && path.is_file() && !linked.contains(&path) {
                linked.push(path);
            }
        }
    }
    let mut group = vec![first.to_path_buf()];
    while group.len() <= LINKED_PAGES && !linked.is_empty() {
        group.push(linked.remove(rng.below(linked.len())));
    }
    group
}

#[test]
fn mutated_corpus_pages_keep_the_promise() {
    let Some(docs) = docs_corpus() else {
        return;
    };
    let start = Instant::now();
    let runs = std::env::var("GRAPHDOC_MUTATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(RUNS);
    let versions: Vec<(&str, Vec<PathBuf>)> = ["v1.0", "beta"]
        .into_iter()
        .map(|v| (v, pages_of(&docs.join(v).join("resources"))))
        .collect();
    let scratch = repo_root().join("target/mutation-pages");
    let _ = fs::remove_dir_all(&scratch);
    let mut batch = Batch::new("mutation-check");
    let mut failures: Vec<String> = Vec::new();
    let mut exited_zero = 0;
    let mut by_code: BTreeMap<Code, usize> = BTreeMap::new();

    for run in 0..runs {
        let mut rng = Rng(SEED ^ (run as u64).wrapping_mul(0xA24B_AED4_963E_E407));
        let (version, pages) = &versions[run % versions.len()];
        let first = &pages[rng.below(pages.len())];
        let group = page_group(first, &mut rng);
        let mutations: Vec<Mutation> = if run % 4 == 3 {
            Vec::new()
        } else {
            (0..1 + rng.below(5))
                .map(|_| Mutation::random(&mut rng, group.len()))
                .collect()
        };
        let names: Vec<String> = group
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        let label = format!("run #{run}: {version} pages {names:?}, mutations {mutations:?}");

        let input = scratch.join(format!("r{run:03}"));
        fs::create_dir_all(&input).unwrap();
        for (i, (path, name)) in group.iter().zip(&names).enumerate() {
            let mut bytes = fs::read(path).unwrap();
            for mutation in mutations.iter().filter(|m| m.page() == i) {
                mutation.apply(&mut bytes);
            }
            fs::write(input.join(name), bytes).unwrap();
        }
        let crate_name = format!("mutation_r{run:03}");
        let config = Config::new()
            .input(&input)
            .out(scratch.join(&crate_name))
            .crate_name(&crate_name);
        let outcome = std::panic::catch_unwind(|| codegen::generate_in_memory(&config));
        let run_result = match outcome {
            Ok(run_result) => run_result,
            Err(_) => {
                failures.push(format!("{label}\n  the pipeline panicked"));
                continue;
            }
        };
        for diagnostic in run_result.diagnostics.iter() {
            if diagnostic.code.default_severity() == codegen::diagnostics::Severity::Error {
                *by_code.entry(diagnostic.code).or_default() += 1;
            }
        }
        let internal: Vec<String> = run_result
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::Internal)
            .map(|d| codegen::diagnostics::render(d, &run_result.sources))
            .collect();
        if !internal.is_empty() {
            failures.push(format!(
                "{label}\n  an internal error (GD0999), not a crate:\n{}",
                head(&internal.concat(), 12)
            ));
        }
        if let Some(output) = &run_result.output {
            exited_zero += 1;
            batch.add(label, output);
        }
    }
    batch.finish();
    let generate_time = start.elapsed();
    for member in &batch.members {
        if let Some(problem) = &member.manifest_problem {
            failures.push(format!(
                "{}\n  cargo refuses its manifest:\n{}",
                member.label,
                head(problem, 8)
            ));
        }
    }
    let checked = batch.cargo(&["check", "--workspace", "--all-features"]);
    let compiled = batch.checkable().count();
    for (&i, lines) in &checked.failed {
        let member = &batch.members[i];
        failures.push(format!(
            "{}\n  cargo check --all-features fails for {} ({}):\n{}",
            member.label,
            member.dir,
            member.package,
            head(&lines.join("\n"), 12)
        ));
    }
    if !checked.succeeded && checked.failed.is_empty() {
        failures.push(format!(
            "cargo check fails, no crate named:\n{}",
            head(&checked.output, 40)
        ));
    }
    let _ = fs::remove_dir_all(&scratch);

    println!(
        "mutation: {runs} runs, {exited_zero} exited 0, {compiled} crates compiled by one `cargo check --workspace --all-features` in {:.1} s (generation {:.1} s, {:.1} s in all); {} failures",
        checked.time.as_secs_f64(),
        generate_time.as_secs_f64(),
        start.elapsed().as_secs_f64(),
        failures.len()
    );
    if !by_code.is_empty() {
        let codes: Vec<String> = by_code.iter().map(|(c, n)| format!("{c} x{n}")).collect();
        println!(
            "mutation: errors that made the other runs exit 1: {}",
            codes.join(", ")
        );
    }
    assert!(
        failures.is_empty(),
        "{} failures of the promise (reproduce with the run's pages and mutations):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn mutations_edit_what_they_say() {
    let page = b"---\ntitle: \"x\"\nms.prod: \"cloud-pc\"\n---\n\n# x\n".to_vec();
    let mut emptied = page.clone();
    Mutation::FrontMatter {
        page: 0,
        key: "ms.prod",
        value: "\"\"",
    }
    .apply(&mut emptied);
    assert_eq!(emptied, b"---\ntitle: \"x\"\nms.prod: \"\"\n---\n\n# x\n");
    let mut added = b"---\ntitle: \"x\"\n---\n".to_vec();
    Mutation::FrontMatter {
        page: 0,
        key: "ms.prod",
        value: "",
    }
    .apply(&mut added);
    assert_eq!(added, b"---\ntitle: \"x\"\nms.prod: \n---\n");
    let mut swapped = b"a\nb".to_vec();
    Mutation::SwapLines {
        page: 0,
        a: 0,
        b: 1,
    }
    .apply(&mut swapped);
    assert_eq!(swapped, b"b\na\n");
    let mut flipped = b"a".to_vec();
    Mutation::FlipBit {
        page: 0,
        byte: 0,
        bit: 7,
    }
    .apply(&mut flipped);
    assert!(flipped[0].is_ascii(), "an ASCII byte stays ASCII");
    let mut renamed = b"<!-- {\n  \"@odata.type\": \"microsoft.graph.user\"\n} -->\n".to_vec();
    Mutation::RenameType {
        page: 0,
        to: "Self",
    }
    .apply(&mut renamed);
    assert_eq!(
        renamed,
        b"<!-- {\n  \"@odata.type\": \"microsoft.graph.Self\"\n} -->\n"
    );
    let mut renamed = b"### userType values\n".to_vec();
    Mutation::RenameEnum {
        page: 0,
        to: "user",
    }
    .apply(&mut renamed);
    assert_eq!(renamed, b"### user values\n");
}
