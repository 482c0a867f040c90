//! The promise on real pages, mutated: every run that exits 0 writes a crate that compiles
//! with `-D warnings`.
//!
//! Each run takes a page of the 2021 docs corpus
//! (`../shared/corpus/graph-docs-2021/api-reference/{v1.0,beta}/resources`, read in place)
//! and up to five pages it links to, mutates them (lines dropped, duplicated and swapped,
//! bits flipped, front matter values such as `ms.prod` emptied or made odd, the
//! `Namespace:` line, the resource's type, an enum or a table row's first cell renamed to
//! a keyword, a prelude or support name, or no name) and runs the whole pipeline in memory. Every run that has output (the command would exit 0) has its
//! crate written as a member of one throwaway workspace (`target/mutation-check/`), and one
//! `cargo check --workspace --all-features` with `RUSTFLAGS=-D warnings` checks them all.
//! Every fourth run is left unmutated, as a control.
//!
//! The seed is fixed: 150 runs by default (about a minute); `GRAPHDOC_MUTATIONS=N` runs N for a longer
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

use graphdoc::diagnostics::Code;
use graphdoc::{CrateDir, Settings};
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
    /// The first cell of a table row (a property or enum member) renamed.
    RenameCell {
        page: usize,
        row: usize,
        to: &'static str,
    },
    /// A table row repeated with its first cell changed (`Self` → `self`, `name` →
    /// `name_`, `name2`): a name that differs only in case, underscores or a suffix.
    TwinRow {
        page: usize,
        row: usize,
        how: Twin,
    },
    /// An enum of the page renamed to a type of the run (its resource annotation's
    /// name): an enum and a struct with one docs name.
    EnumNamedLikeType {
        page: usize,
        enum_at: usize,
        ty: String,
    },
}

#[derive(Debug, Clone, Copy)]
enum Twin {
    SwapCase,
    Underscore,
    Two,
}

impl Twin {
    fn apply(self, name: &str) -> String {
        match self {
            Twin::SwapCase => {
                let mut chars = name.chars();
                match chars.next() {
                    Some(c) if c.is_uppercase() => c.to_lowercase().chain(chars).collect(),
                    Some(c) => c.to_uppercase().chain(chars).collect(),
                    None => String::new(),
                }
            }
            Twin::Underscore => format!("{name}_"),
            Twin::Two => format!("{name}2"),
        }
    }
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
/// Type names with a namespace of their own (`microsoft.graph.lib.gizmo`): namespaces
/// named like support modules, the crate root's file, keywords, or with no ASCII letter.
const MOVED_TYPES: &[&str] = &[
    "lib.gizmo",
    "serde_support.gizmo",
    "undocumented_value.gizmo",
    "collection.gizmo",
    "self.gizmo",
    "é.gizmo",
    "3d.gizmo",
    "a-b.gizmo",
    "fooBar.gizmo",
];

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
    "Self_",
    "self_",
    "Undocumented",
    "undocumented",
    "odata_type",
    "additionalData",
    "@odata.type",
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
    /// A random edit of one of `pages`.
    fn random(rng: &mut Rng, pages: &[Vec<u8>]) -> Mutation {
        let page = rng.below(pages.len());
        let at = rng.next() as usize;
        let name = |rng: &mut Rng| NAMES[rng.below(NAMES.len())];
        // Half of the edits rename something: names are what the emitter must not refuse.
        match rng.below(15) {
            0 => Mutation::DeleteLine { page, line: at },
            1 => Mutation::DuplicateLine { page, line: at },
            2 => Mutation::SwapLines {
                page,
                a: at,
                b: rng.next() as usize,
            },
            3 => Mutation::FlipBit {
                page,
                byte: at,
                bit: rng.below(8) as u8,
            },
            4 | 5 => Mutation::FrontMatter {
                page,
                key: FRONT_MATTER_KEYS[rng.below(FRONT_MATTER_KEYS.len())],
                value: FRONT_MATTER_VALUES[rng.below(FRONT_MATTER_VALUES.len())],
            },
            6 => Mutation::Namespace {
                page,
                value: NAMESPACES[rng.below(NAMESPACES.len())],
            },
            7 => Mutation::RenameType {
                page,
                to: name(rng),
            },
            8 => Mutation::RenameType {
                page,
                to: MOVED_TYPES[rng.below(MOVED_TYPES.len())],
            },
            9 => Mutation::RenameEnum {
                page,
                to: name(rng),
            },
            10 | 11 => Mutation::RenameCell {
                page,
                row: rng.next() as usize,
                to: name(rng),
            },
            12 | 13 => Mutation::TwinRow {
                page,
                row: rng.next() as usize,
                how: [Twin::SwapCase, Twin::Underscore, Twin::Two][rng.below(3)],
            },
            _ => {
                // An enum of any page of the run, named like a type of any page.
                let with_enum: Vec<usize> = (0..pages.len())
                    .filter(|&i| !enum_headings(&pages[i]).is_empty())
                    .collect();
                let types: Vec<String> = pages.iter().filter_map(|p| resource_type(p)).collect();
                if with_enum.is_empty() || types.is_empty() {
                    return Mutation::DeleteLine { page, line: at };
                }
                Mutation::EnumNamedLikeType {
                    page: with_enum[rng.below(with_enum.len())],
                    enum_at: rng.next() as usize,
                    ty: types[rng.below(types.len())].clone(),
                }
            }
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
            | Mutation::RenameEnum { page, .. }
            | Mutation::RenameCell { page, .. }
            | Mutation::TwinRow { page, .. }
            | Mutation::EnumNamedLikeType { page, .. } => page,
        }
    }

    fn apply(&self, bytes: &mut Vec<u8>) {
        if let Mutation::EnumNamedLikeType { enum_at, ty, .. } = self {
            let headings = enum_headings(bytes);
            if !headings.is_empty() {
                let (start, end) = headings[enum_at % headings.len()];
                bytes.splice(start..end, format!("### {ty} values").into_bytes());
            }
            return;
        }
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
            Mutation::RenameCell { row, to, .. } => {
                let Some(i) = table_row(&lines, row) else {
                    return;
                };
                if let Some((_, rest)) = first_cell(&lines[i]) {
                    lines[i] = [format!("|{to}").as_bytes(), rest].concat();
                }
            }
            Mutation::TwinRow { row, how, .. } => {
                let Some(i) = table_row(&lines, row) else {
                    return;
                };
                if let Some((cell, rest)) = first_cell(&lines[i]) {
                    let cell = String::from_utf8_lossy(cell);
                    let name = cell.trim().trim_matches('`');
                    let twin = [format!("|{}", how.apply(name)).as_bytes(), rest].concat();
                    lines.insert(i + 1, twin);
                }
            }
            _ => return,
        }
        *bytes = lines.concat();
    }
}

/// The byte ranges of the `### x values` headings (enum tables) of a page, without their
/// line breaks.
fn enum_headings(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut headings = Vec::new();
    let mut start = 0;
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        let text = line.trim_ascii_end();
        if text.starts_with(b"### ") && text.ends_with(b" values") {
            headings.push((start, start + text.len()));
        }
        start += line.len();
    }
    headings
}

/// The simple name of the type a page's first `"@odata.type"` names.
fn resource_type(bytes: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(bytes);
    let marker = "\"@odata.type\": \"";
    let at = text.find(marker)? + marker.len();
    let name = &text[at..at + text[at..].find('"')?];
    Some(name.rsplit('.').next().unwrap_or(name).to_string())
}

/// The index of the `row`-th (modulo their number) table row that is not a separator.
fn table_row(lines: &[Vec<u8>], row: usize) -> Option<usize> {
    let rows: Vec<usize> = (0..lines.len())
        .filter(|&i| {
            let l = &lines[i];
            l.starts_with(b"|")
                && !l.starts_with(b"|:")
                && !l.starts_with(b"|-")
                && !l.starts_with(b"| -")
                && !l.starts_with(b"| :")
        })
        .collect();
    (!rows.is_empty()).then(|| rows[row % rows.len()])
}

/// The first cell of a table row, and the rest of the row from the `|` that ends it.
fn first_cell(line: &[u8]) -> Option<(&[u8], &[u8])> {
    let end = 1 + line[1..].iter().position(|&b| b == b'|')?;
    Some((&line[1..end], &line[end..]))
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
    let enum_pages: BTreeMap<&str, Vec<PathBuf>> = versions
        .iter()
        .map(|(version, pages)| {
            let with_enum = pages
                .iter()
                .filter(|p| !enum_headings(&fs::read(p).unwrap()).is_empty())
                .cloned()
                .collect();
            (*version, with_enum)
        })
        .collect();
    let scratch = repo_root().join("target/mutation-pages");
    let _ = fs::remove_dir_all(&scratch);
    let mut batch = Batch::new("mutation-check");
    let mut failures: Vec<String> = Vec::new();
    let mut exited_zero = 0;
    let mut by_code: BTreeMap<Code, usize> = BTreeMap::new();
    // Edits by kind: how many were made, and how many changed their page.
    let mut edits: BTreeMap<String, (usize, usize)> = BTreeMap::new();

    for run in 0..runs {
        let mut rng = Rng(SEED ^ (run as u64).wrapping_mul(0xA24B_AED4_963E_E407));
        let (version, pages) = &versions[run % versions.len()];
        let first = &pages[rng.below(pages.len())];
        let mut group = page_group(first, &mut rng);
        // Every third run also takes a page with enum tables (`enums.md` has most of
        // them), which few pages have.
        let with_enums = &enum_pages[version];
        if run % 3 == 1 && !with_enums.is_empty() {
            let page = &with_enums[rng.below(with_enums.len())];
            if !group.contains(page) {
                group.push(page.clone());
            }
        }
        let originals: Vec<Vec<u8>> = group.iter().map(|p| fs::read(p).unwrap()).collect();
        let mutations: Vec<Mutation> = if run % 4 == 3 {
            Vec::new()
        } else {
            (0..1 + rng.below(5))
                .map(|_| Mutation::random(&mut rng, &originals))
                .collect()
        };
        let names: Vec<String> = group
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        let label = format!("run #{run}: {version} pages {names:?}, mutations {mutations:?}");

        let input = scratch.join(format!("r{run:03}"));
        fs::create_dir_all(&input).unwrap();
        for (i, (original, name)) in originals.iter().zip(&names).enumerate() {
            let mut bytes = original.clone();
            for mutation in mutations.iter().filter(|m| m.page() == i) {
                let before = bytes.clone();
                mutation.apply(&mut bytes);
                let kind = format!("{mutation:?}");
                let kind = kind
                    .split([' ', '{'])
                    .next()
                    .unwrap_or_default()
                    .to_string();
                let counts = edits.entry(kind.clone()).or_insert((0, 0));
                counts.0 += 1;
                counts.1 += usize::from(bytes != before);
            }
            fs::write(input.join(name), bytes).unwrap();
        }
        let crate_name = format!("mutation_r{run:03}");
        let target = CrateDir::new(scratch.join(&crate_name)).with_crate_name(&crate_name);
        let outcome = std::panic::catch_unwind(|| {
            graphdoc::generate_in_memory(&[&input], &Settings::new(), &target)
        });
        let run_result = match outcome {
            Ok(run_result) => run_result,
            Err(_) => {
                failures.push(format!("{label}\n  the pipeline panicked"));
                continue;
            }
        };
        for diagnostic in run_result.diagnostics.iter() {
            if diagnostic.code.default_severity() == graphdoc::diagnostics::Severity::Error {
                *by_code.entry(diagnostic.code).or_default() += 1;
            }
        }
        let internal: Vec<String> = run_result
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::Internal)
            .map(|d| graphdoc::diagnostics::render(d, &run_result.sources))
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
    let edits: Vec<String> = edits
        .iter()
        .map(|(kind, (made, changed))| format!("{kind} {changed}/{made}"))
        .collect();
    println!(
        "mutation: edits that changed their page, by kind: {}",
        edits.join(", ")
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
    let mut renamed = b"|Member|Value|\n|:---|:---|\n|on|0|\n".to_vec();
    Mutation::RenameCell {
        page: 0,
        row: 1,
        to: "Self",
    }
    .apply(&mut renamed);
    assert_eq!(renamed, b"|Member|Value|\n|:---|:---|\n|Self|0|\n");
    let mut twinned = b"|Member|Value|\n|:---|:---|\n|`Self`|0|\n".to_vec();
    Mutation::TwinRow {
        page: 0,
        row: 1,
        how: Twin::SwapCase,
    }
    .apply(&mut twinned);
    assert_eq!(
        twinned,
        b"|Member|Value|\n|:---|:---|\n|`Self`|0|\n|self|0|\n"
    );
    let mut same =
        b"### gizmoKind values\n\n<!-- { \"@odata.type\": \"microsoft.graph.gizmo\" } -->\n"
            .to_vec();
    let ty = resource_type(&same).unwrap();
    assert_eq!(ty, "gizmo");
    Mutation::EnumNamedLikeType {
        page: 0,
        enum_at: 0,
        ty,
    }
    .apply(&mut same);
    assert!(same.starts_with(b"### gizmo values\n\n"));
}
