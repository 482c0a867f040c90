//! Hostile input: the page reader and the whole pipeline must never panic.
//!
//! - `read_page` gets arbitrary strings, arbitrary bytes (lossily decoded), markdown-ish
//!   fragment soup and page-shaped text with garbage in its holes; every diagnostic it
//!   reports must render.
//! - The whole pipeline (`generate_in_memory`) gets the seed page and the good fixtures
//!   with random mutations, and a deterministic sample of real pages from the shared docs
//!   corpus, mutated the same way. Every diagnostic must render, a run has output exactly
//!   when it has no errors, no run reports an internal error (GD0999), and every emitted
//!   `.rs` file must parse.
//!
//! Proptest seeds are random per run; a failure prints the minimal input. Failures are not
//! persisted to regression files. `PROPTEST_CASES` overrides the case counts.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use graphdoc::diagnostics::{self, Code, Diagnostics};
use graphdoc::output::MANIFEST_MARKER;
use graphdoc::source::{FileId, SourceFile, SourceMap};
use graphdoc::{CrateDir, Run, Settings};
use graphdoc_tests::repo_path;
use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;

// ---------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------

const READ_CASES: u32 = 256;
const PIPELINE_CASES: u32 = 64;
const CORPUS_SAMPLE: usize = 40;
const CORPUS_VARIANTS: u64 = 2;

fn config(default_cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_cases);
    ProptestConfig {
        cases,
        // Regression files would land in the source tree; the failure message carries the
        // minimal input instead.
        failure_persistence: None,
        max_shrink_time: 60_000,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------
// The reader
// ---------------------------------------------------------------------------------------

/// Reads `text` as a page and renders every diagnostic against it.
fn read_and_render(text: &str) {
    let mut found = Diagnostics::default();
    let page = graphdoc::read::read_page(FileId(0), text, &mut found);
    assert_eq!(page.file, FileId(0));
    let mut sources = SourceMap::default();
    sources.add(SourceFile::new(
        PathBuf::from("fuzz.md"),
        "fuzz.md".to_string(),
        text.to_string(),
    ));
    for diagnostic in found.iter() {
        if let Some(loc) = &diagnostic.loc {
            assert_eq!(loc.file, FileId(0));
            assert!(
                loc.span.start <= loc.span.end && loc.span.start <= text.len(),
                "span {:?} outside the page ({} bytes): {diagnostic:?}",
                loc.span,
                text.len()
            );
        }
        let rendered = diagnostics::render(diagnostic, &sources);
        assert!(
            rendered.contains(&format!("[{}]", diagnostic.code)),
            "{rendered}"
        );
    }
}

/// Pieces of Graph docs markdown, to reach the table, annotation and JSON code paths.
const FRAGMENTS: &[&str] = &[
    "|",
    "||",
    "|:---|:---|:---|",
    "|Property|Type|Description|",
    "|Member|Value|Description|",
    "|Relationship|Type|Description|",
    "---",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\t",
    " ",
    "    ",
    "<!--",
    "-->",
    "<!-- {",
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    "\"",
    ",",
    ":",
    "\\",
    "\"blockType\": \"resource\"",
    "\"blockType\": \"Resource\",",
    "\"@odata.type\": \"microsoft.graph.x\"",
    "\"@type\": \"x\",",
    "\"baseType\": \"microsoft.graph.entity\"",
    "\"keyProperty\": \"id\"",
    "\"openType\": \"true\"",
    "\"abstract\": true",
    "\"optionalProperties\": [\"a\"]",
    "```json",
    "```",
    "~~~",
    "### x values",
    "### `x` values",
    "## Properties",
    "## Relationships",
    "## JSON representation",
    "# x resource type",
    "# x enum type",
    "Namespace: microsoft.graph",
    "Namespace: `microsoft.graph.callRecords`",
    "`",
    "``",
    "x",
    "id",
    "displayName",
    "String",
    "String collection",
    "Collection(Edm.String)",
    "Collection(",
    "[x](x.md)",
    "[x](#x-values)",
    "Int32",
    "Int64",
    "DateTimeOffset",
    "Date",
    "Edm.",
    "microsoft.graph.",
    "microsoft.graph.x",
    "String (timestamp)",
    "1",
    "-1",
    "99999999999999999999",
    "1e400",
    "true",
    "null",
    "Possible values are: `a`, `b`.",
    "Read-only.",
    "This property is deprecated.",
    "é",
    "’",
    "😀",
    "\u{0}",
    "\u{feff}",
    "\u{200b}",
    "&amp;",
    "<br>",
    "<",
    ">",
    "*",
    "_",
    "#",
    "[!INCLUDE [x](x.md)]",
    "> [!NOTE]",
    "title: \"x resource type\"",
    "fn",
    "self",
    "type",
    "r#",
    "Self",
    "crate",
];

fn fragment_soup(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..max).prop_map(|v| v.concat())
}

/// A short cell: a fragment, a word or arbitrary text.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(FRAGMENTS).prop_map(str::to_string),
        3 => "[a-zA-Z@_.][a-zA-Z0-9@_. ]{0,12}",
        2 => fragment_soup(4),
        1 => any::<String>().prop_map(|s| s.chars().take(12).collect()),
    ]
}

/// A page shaped like a Graph resource page, with generated names, types and garbage.
fn page_shaped() -> impl Strategy<Value = String> {
    (
        cell(),
        prop::collection::vec((cell(), cell(), cell()), 0..8),
        cell(),
        prop::collection::vec((cell(), cell()), 0..5),
        prop::collection::vec((cell(), cell()), 0..6),
        prop::sample::select(&[
            "\"blockType\": \"resource\"",
            "\"blockType\": \"resource\",",
            "blockType: resource",
        ][..]),
        cell(),
        fragment_soup(6),
    )
        .prop_map(
            |(name, rows, enum_name, members, json, block_type, base, tail)| {
                let mut page = format!(
                    "---\ntitle: \"{name} resource type\"\ndoc_type: resourcePageType\n---\n\n\
                     # {name} resource type\n\nNamespace: microsoft.graph\n\nA generated page.\n\n\
                     ## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n"
                );
                for (property, ty, description) in &rows {
                    page.push_str(&format!("|{property}|{ty}|{description}|\n"));
                }
                page.push_str(&format!(
                    "\n### {enum_name} values\n\n|Member|Value|Description|\n|:---|:---|:---|\n"
                ));
                for (i, (member, description)) in members.iter().enumerate() {
                    page.push_str(&format!("|{member}|{i}|{description}|\n"));
                }
                page.push_str(&format!(
                    "\n## JSON representation\n\n<!-- {{\n  {block_type}\n  \"@odata.type\": \
                     \"microsoft.graph.{name}\",\n  \"baseType\": \"{base}\"\n}} -->\n\n```json\n{{\n"
                ));
                for (i, (key, value)) in json.iter().enumerate() {
                    let comma = if i + 1 < json.len() { "," } else { "" };
                    page.push_str(&format!("  \"{key}\": \"{value}\"{comma}\n"));
                }
                page.push_str("}\n```\n");
                page.push_str(&tail);
                page
            },
        )
}

proptest! {
    #![proptest_config(config(READ_CASES))]

    #[test]
    fn read_page_survives_arbitrary_strings(text in any::<String>()) {
        read_and_render(&text);
    }

    #[test]
    fn read_page_survives_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        read_and_render(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn read_page_survives_markdown_fragments(text in fragment_soup(400)) {
        read_and_render(&text);
    }

    #[test]
    fn read_page_survives_page_shaped_garbage(text in page_shaped()) {
        read_and_render(&text);
    }
}

// ---------------------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------------------

/// One edit to a page. Positions are taken modulo the page's size when applied.
#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    /// Cut the page at a byte offset (rounded down to a character boundary).
    Truncate(usize),
    Insert(usize, char),
    ReplaceChar(usize, char),
}

/// Characters that break tables, JSON and annotations.
const NASTY: &[char] = &[
    '|', '"', '{', '}', '[', ']', '`', '\n', '\r', '#', '-', '<', '>', ':', ',', '\\', ' ', 'x',
    '’', 'é', '😀', '\u{0}', '\t',
];

fn floor_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(text: &str, mutations: &[Mutation]) -> String {
    let mut text = text.to_string();
    for mutation in mutations {
        let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
        match *mutation {
            Mutation::DeleteLine(i) if !lines.is_empty() => {
                let n = lines.len();
                lines.remove(i % n);
                text = lines.concat();
            }
            Mutation::DuplicateLine(i) if !lines.is_empty() => {
                let i = i % lines.len();
                let mut copy = lines[i].clone();
                if !copy.ends_with('\n') {
                    copy.push('\n');
                }
                lines.insert(i, copy);
                text = lines.concat();
            }
            Mutation::SwapLines(a, b) if !lines.is_empty() => {
                let n = lines.len();
                if !lines[n - 1].ends_with('\n') {
                    lines[n - 1].push('\n');
                }
                lines.swap(a % n, b % n);
                text = lines.concat();
            }
            Mutation::Truncate(at) => {
                let at = floor_boundary(&text, at % (text.len() + 1));
                text.truncate(at);
            }
            Mutation::Insert(at, c) => {
                let at = floor_boundary(&text, at % (text.len() + 1));
                text.insert(at, c);
            }
            Mutation::ReplaceChar(at, c) => {
                let count = text.chars().count();
                if count > 0 {
                    let (start, old) = text.char_indices().nth(at % count).unwrap();
                    text.replace_range(start..start + old.len_utf8(), &c.to_string());
                }
            }
            _ => {}
        }
    }
    text
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let nasty = || {
        prop_oneof![
            4 => prop::sample::select(NASTY),
            1 => any::<char>(),
        ]
    };
    prop_oneof![
        2 => any::<usize>().prop_map(Mutation::DeleteLine),
        2 => any::<usize>().prop_map(Mutation::DuplicateLine),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        1 => any::<usize>().prop_map(Mutation::Truncate),
        3 => (any::<usize>(), prop::sample::select(&['|', '"', '{'][..]))
            .prop_map(|(at, c)| Mutation::Insert(at, c)),
        3 => (any::<usize>(), nasty()).prop_map(|(at, c)| Mutation::ReplaceChar(at, c)),
    ]
}

/// SplitMix64: deterministic mutations for the corpus sample.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> usize {
        (self.next() % n) as usize
    }

    fn mutation(&mut self) -> Mutation {
        let at = self.next() as usize;
        match self.below(13) {
            0 | 1 => Mutation::DeleteLine(at),
            2 | 3 => Mutation::DuplicateLine(at),
            4 | 5 => Mutation::SwapLines(at, self.next() as usize),
            6 => Mutation::Truncate(at),
            7..=9 => Mutation::Insert(at, ['|', '"', '{'][self.below(3)]),
            _ => Mutation::ReplaceChar(at, NASTY[self.below(NASTY.len() as u64)]),
        }
    }

    fn mutations(&mut self) -> Vec<Mutation> {
        let n = 1 + self.below(6);
        (0..n).map(|_| self.mutation()).collect()
    }
}

// ---------------------------------------------------------------------------------------
// The whole pipeline
// ---------------------------------------------------------------------------------------

/// A fresh directory under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(what: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "graphdoc-fuzz-{what}-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).expect("can create a temp dir");
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Writes `pages` into a temp directory, runs the whole pipeline in memory on it and checks
/// the run. `what` names the input in failure messages.
fn run_pipeline(what: &str, pages: &[(String, String)]) -> Run {
    let dir = TempDir::new("pages");
    let input = dir.0.join("docs");
    fs::create_dir_all(&input).unwrap();
    for (name, text) in pages {
        fs::write(input.join(name), text).unwrap();
    }
    let target = CrateDir::new(dir.0.join("generated"));
    let run = graphdoc::generate_in_memory(&[&input], &Settings::new(), &target);
    check_run(what, &run);
    assert!(
        !dir.0.join("generated").exists(),
        "{what}: generate_in_memory wrote to disk"
    );
    run
}

fn check_run(what: &str, run: &Run) {
    let rendered = run.rendered_diagnostics();
    assert_eq!(rendered.len(), run.diagnostics.len());
    for diagnostic in run.diagnostics.iter() {
        let text = diagnostics::render(diagnostic, &run.sources);
        assert!(text.contains(&format!("[{}]", diagnostic.code)), "{text}");
    }
    let report = serde_json::to_string(&graphdoc::report::report(run)).expect("report serializes");
    assert!(!report.is_empty());
    serde_json::to_string(&graphdoc::report::schema_json(&run.schema)).expect("schema serializes");

    let internal: Vec<&String> = run
        .diagnostics
        .iter()
        .zip(&rendered)
        .filter(|(d, _)| d.code == Code::Internal)
        .map(|(_, text)| text)
        .collect();
    assert!(
        internal.is_empty(),
        "{what}: graphdoc reported an internal error:\n{}",
        internal.iter().map(|s| s.as_str()).collect::<String>()
    );
    assert_eq!(
        run.output.is_some(),
        !run.has_errors(),
        "{what}: a run has output exactly when it has no errors; diagnostics:\n{}",
        rendered.concat()
    );
    if let Some(output) = &run.output {
        let manifest = output
            .files
            .get("Cargo.toml")
            .unwrap_or_else(|| panic!("{what}: the output has no Cargo.toml"));
        assert!(manifest.starts_with(MANIFEST_MARKER), "{what}: {manifest}");
        assert!(
            output.files.contains_key("src/lib.rs"),
            "{what}: no src/lib.rs"
        );
        for (path, source) in &output.files {
            if path.ends_with(".rs")
                && let Err(error) = syn::parse_file(source)
            {
                panic!("{what}: emitted {path} does not parse: {error}\n{source}");
            }
        }
    }
}

fn seed_page() -> (String, String) {
    let path = repo_path("docs-input/cloudpcdeviceimage.md");
    let text = fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read the seed page {}: {e}", path.display()));
    ("cloudpcdeviceimage.md".to_string(), text)
}

fn good_fixtures() -> Vec<(String, String)> {
    let dir = repo_path("tests/fixtures/good");
    let mut pages: Vec<(String, String)> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().to_string(),
                fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    pages.sort();
    assert!(!pages.is_empty(), "no good fixtures in {}", dir.display());
    pages
}

/// The seed page and every good fixture.
fn real_pages() -> &'static [(String, String)] {
    static PAGES: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    PAGES.get_or_init(|| {
        let mut pages = vec![seed_page()];
        pages.extend(good_fixtures());
        pages
    })
}

proptest! {
    #![proptest_config(config(PIPELINE_CASES))]

    /// One real page, mutated, alone or among the unmutated good fixtures (so that
    /// cross-page resolution, inheritance and conflicts are reached too).
    #[test]
    fn pipeline_survives_mutated_pages(
        index in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..8),
        with_siblings in any::<bool>(),
    ) {
        let pages = real_pages();
        let (name, text) = &pages[index.index(pages.len())];
        let mutated = apply(text, &mutations);
        let mut input = vec![(name.clone(), mutated)];
        if with_siblings {
            input.extend(pages[1..].iter().filter(|(n, _)| n != name).cloned());
        }
        run_pipeline(&format!("{name} with {mutations:?}"), &input);
    }

    /// A page-shaped page with garbage in its cells, through the whole pipeline.
    #[test]
    fn pipeline_survives_page_shaped_garbage(text in page_shaped()) {
        run_pipeline("a page-shaped page", &[("garbage.md".to_string(), text)]);
    }
}

/// Unmutated, the seed and the fixtures generate cleanly (so the mutation tests start from
/// pages that reach the emitter).
#[test]
fn real_pages_generate() {
    let pages = real_pages();
    for page in pages {
        let run = run_pipeline(&page.0, std::slice::from_ref(page));
        assert!(run.output.is_some(), "{} generates", page.0);
    }
    let run = run_pipeline("the seed and all good fixtures", pages);
    assert!(run.output.is_some(), "all pages together generate");
}

/// A minimal resource page for the regression tests below.
fn small_page(type_name: &str, description: &str, extra: &str) -> String {
    format!(
        "---\ntitle: \"{type_name} resource type\"\ndescription: \"{description}\"\n---\n\n\
         # {type_name} resource type\n\nNamespace: microsoft.graph\n\n\
         ## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n\
         |speed|Int32|How fast it spins.|\n\n{extra}\
         <!-- {{ \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.{type_name}\" }} -->\n\n\
         ```json\n{{\n  \"speed\": 1024\n}}\n```\n"
    )
}

/// Found by `pipeline_survives_page_shaped_garbage`: a type or enum whose snake-case module
/// name is a Rust keyword (`match`, `type`, `true`) must still generate (as `r#match` or a
/// renamed module), not fail with GD0999.
#[test]
fn keyword_type_and_enum_names_generate() {
    let mut failures = Vec::new();
    for keyword in [
        "match", "type", "true", "fn", "move", "self", "crate", "super",
    ] {
        let type_page = small_page(keyword, "A type named like a keyword.", "");
        let enum_page = small_page(
            "gizmo",
            "A gizmo.",
            &format!("### {keyword} values\n\n|Member|Description|\n|:---|:---|\n|on|On.|\n\n"),
        );
        for (what, page) in [("type", type_page), ("enum", enum_page)] {
            let name = format!("{what} named `{keyword}`");
            let outcome = std::panic::catch_unwind(|| {
                let run = run_pipeline(&name, &[("page.md".to_string(), page)]);
                assert!(run.output.is_some(), "{name}: no output");
            });
            if let Err(panic) = outcome {
                failures.push(panic_message(&panic));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Found by `pipeline_survives_mutated_pages`: a lone carriage return inside front matter
/// text reaches a `///` doc comment, where rustc rejects it ("bare CR not allowed in
/// doc-comment"), so the crate is written but does not compile.
#[test]
fn a_bare_carriage_return_does_not_reach_doc_comments() {
    let page = small_page("gizmo", "A gizmo\rthat spins.", "");
    let run = run_pipeline(
        "a description with a bare CR",
        &[("gizmo.md".to_string(), page)],
    );
    let output = run.output.as_ref().expect("the page generates");
    for (path, source) in &output.files {
        assert!(
            !source.contains('\r'),
            "{path} holds a bare carriage return:\n{source:?}"
        );
    }
}

/// Deep nesting in JSON, type cells, block quotes and lists must not overflow the stack
/// (an overflow aborts the whole test binary, so this runs in a thread of its own, with
/// the default 2 MiB stack of test threads).
#[test]
fn deeply_nested_input_does_not_overflow() {
    let n = 20_000;
    let deep_type = format!("{}Edm.String{}", "Collection(".repeat(n), ")".repeat(n));
    let quote = format!("{}x", "> ".repeat(n));
    let list: String = (0..500)
        .map(|i| format!("{}- a\n", "  ".repeat(i)))
        .collect();
    let page = format!(
        "# gizmo resource type\n\nNamespace: microsoft.graph\n\n{quote}\n\n{list}\n\
         ## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n\
         |speed|{deep_type}|x|\n|spin|{}|x|\n\n\
         <!-- {{ \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.gizmo\", \"x\": {} }} -->\n\n\
         ```json\n{{\n  \"speed\": {}\n}}\n```\n",
        "[".repeat(n),
        "[".repeat(n),
        "{\"a\":".repeat(n),
    );
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            read_and_render(&page);
            run_pipeline("deeply nested input", &[("gizmo.md".to_string(), page)]);
        })
        .unwrap()
        .join()
        .expect("deep nesting is survived");
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

#[test]
fn mutations_respect_char_boundaries() {
    let text = "a’b\n😀|\n";
    for at in 0..=text.len() + 3 {
        for mutation in [
            Mutation::Truncate(at),
            Mutation::Insert(at, '|'),
            Mutation::ReplaceChar(at, '"'),
            Mutation::DeleteLine(at),
            Mutation::DuplicateLine(at),
            Mutation::SwapLines(at, at + 1),
        ] {
            apply(text, &[mutation]);
        }
    }
    assert_eq!(apply(text, &[Mutation::Truncate(2)]), "a");
    assert_eq!(apply("a\nb", &[Mutation::SwapLines(0, 1)]), "b\na\n");
}

// ---------------------------------------------------------------------------------------
// The shared corpus of real docs pages
// ---------------------------------------------------------------------------------------

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpus/graph-docs-2021/api-reference/beta/resources")
}

/// A deterministic sample of ~40 real pages, each run as it is and with
/// [`CORPUS_VARIANTS`] deterministic sets of mutations.
#[test]
fn pipeline_survives_mutated_corpus_pages() {
    let dir = corpus_dir();
    if !dir.is_dir() {
        if std::env::var_os("CI").is_some() {
            panic!(
                "the docs corpus is missing at {} and CI is set: the fuzz test needs it",
                dir.display()
            );
        }
        // Written to the process's stderr directly: `eprintln!` output of a passing test is
        // captured by the test harness, and this skip must not be silent.
        use std::io::Write as _;
        let _ = writeln!(
            std::io::stderr(),
            "\n!!!!!!!! fuzz: pipeline_survives_mutated_corpus_pages skipped: corpus not found \
             at {} (set CI to make this a failure) !!!!!!!!\n",
            dir.display()
        );
        return;
    }
    let mut names: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no pages in {}", dir.display());
    let step = names.len().div_ceil(CORPUS_SAMPLE).max(1);
    let sample: Vec<&PathBuf> = names.iter().step_by(step).collect();
    let mut failures = Vec::new();
    for (i, path) in sample.iter().enumerate() {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        // Corpus pages may hold bytes that are not UTF-8; the pipeline reports those itself,
        // and mutations need text.
        let bytes = fs::read(path).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let mut variants = vec![(name.clone(), text.clone(), Vec::new())];
        let mut rng = SplitMix(0x6772_6170_6864_6f63 ^ i as u64);
        for _ in 0..CORPUS_VARIANTS {
            let mutations = rng.mutations();
            variants.push((name.clone(), apply(&text, &mutations), mutations));
        }
        for (name, text, mutations) in variants {
            let what = format!("corpus page {name} with {mutations:?}");
            let outcome = std::panic::catch_unwind(|| {
                run_pipeline(&what, &[(name.clone(), text)]);
            });
            if let Err(panic) = outcome {
                failures.push(format!("{what}: {}", panic_message(&panic)));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} corpus runs failed:\n{}",
        failures.len(),
        sample.len() * (1 + CORPUS_VARIANTS as usize),
        failures.join("\n\n")
    );
}
