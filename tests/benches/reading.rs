//! Reading collection pages: `cargo bench -p graphdoc-tests --bench reading`.
//!
//! The common Graph call returns a page of one type. This bench builds six such pages from
//! the 2021 v1.0 docs' own response bodies (the largest JSON body on each type's `*-get.md`
//! page, its `@odata.context` removed, repeated with distinct ids), generates the v1.0
//! crate and a plain serde-derive peer of the same types (`graphdoc_tests::peer`), builds a
//! release harness under `target/reading-bench/` and runs it. The harness first checks
//! that each page read into the generated `Collection<T>` and written back
//! (`serde_json::to_value`) equals the page read as `serde_json::Value`; then it times
//! the three readers on the same bytes and prints the table, and fails if the check did.
//!
//! The corpus is `../shared/corpus/graph-docs-2021/api-reference` beside the repository,
//! or the `api-reference` directory named by `GRAPHDOC_CORPUS`. The harness can be run
//! again by hand (after a change to the generator, rerun this bench to regenerate it):
//! the bench prints its command line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use graphdoc::examples::annotation::{self, BlockType, Item};
use graphdoc::examples::message;
use graphdoc::model::{GRAPH_NAMESPACE, QualifiedName};
use graphdoc::{CrateDir, Settings};
use graphdoc_tests::peer::peer_module;
use graphdoc_tests::{repo_root, sync_dir};
use serde_json::{Map, Value};

const CRATE_NAME: &str = "graph_v1";

/// Each page: the type (in `microsoft.graph`), its method page and the item count.
const PAGES: [(&str, &str, usize); 6] = [
    ("user", "user-get.md", 999),
    ("message", "message-get.md", 200),
    ("event", "event-get.md", 200),
    ("group", "group-get.md", 500),
    ("driveItem", "driveitem-get.md", 500),
    ("application", "application-get.md", 200),
];

fn main() {
    let started = Instant::now();
    let root = repo_root();
    let docs = corpus_root(&root).join("v1.0");
    let work = root.join("target/reading-bench");
    println!(
        "graphdoc reading benchmark: v1.0 pages of one type, generated types against a serde-derive peer and serde_json::Value"
    );

    // The pages, written only when their bytes change.
    let pages_dir = work.join("pages");
    let mut page_files = BTreeMap::new();
    for (short, method_page, items) in PAGES {
        let path = docs.join("api").join(method_page);
        let (body, line, skipped) = largest_body(&path);
        let page = build_page(&body, items);
        println!(
            "  {short}: {method_page}:{line}, body {} bytes{}, {items} items, page {} bytes",
            serde_json::to_string(&body).unwrap().len(),
            if skipped > 0 {
                format!(" ({skipped} larger bodies are not JSON)")
            } else {
                String::new()
            },
            page.len()
        );
        page_files.insert(format!("{short}.json"), page);
    }
    sync_dir(&pages_dir, &page_files);

    // The generated crate, as tests/examples.rs generates it, and the peer.
    let generation = graphdoc::generate_in_memory(
        &[docs.join("resources")],
        &Settings::new(),
        &CrateDir::default().with_crate_name(CRATE_NAME),
    );
    let Some(output) = &generation.output else {
        eprintln!(
            "error: the v1.0 crate was not generated:\n{}",
            generation.rendered_diagnostics().join("\n")
        );
        std::process::exit(1);
    };
    let paths = graphdoc::emit::type_paths(&generation.schema);
    let roots: Vec<QualifiedName> = PAGES
        .iter()
        .map(|(name, ..)| QualifiedName::new(GRAPH_NAMESPACE, *name))
        .collect();
    let peer = peer_module(&generation.schema, &roots);
    println!(
        "  generated the v1.0 crate ({} files) and {} peer structs in {:.1} s",
        output.files.len(),
        peer.names.len(),
        started.elapsed().as_secs_f64()
    );
    sync_dir(&work.join("graph"), &output.files);

    let mut harness = BTreeMap::new();
    harness.insert(
        "Cargo.toml".to_string(),
        format!(
            "[package]\nname = \"harness\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\n{CRATE_NAME} = {{ path = \"../graph\", features = [\"full\"] }}\n\
             chrono = {{ version = \"0.4\", default-features = false, features = [\"std\", \"serde\"] }}\n\
             serde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n\n[workspace]\n"
        ),
    );
    harness.insert(
        "Cargo.lock".to_string(),
        std::fs::read_to_string(root.join("Cargo.lock")).expect("the workspace has a Cargo.lock"),
    );
    harness.insert("src/peer.rs".to_string(), peer.source.clone());
    let entries: String = roots
        .iter()
        .zip(PAGES)
        .map(|(name, (short, ..))| {
            let own = &paths
                .get(name)
                .unwrap_or_else(|| panic!("the v1.0 crate has no type {name}"))
                .own;
            format!(
                "        page::<{CRATE_NAME}::{own}, peer::{}>(\"{short}\"),\n",
                peer.names[name]
            )
        })
        .collect();
    harness.insert(
        "src/main.rs".to_string(),
        HARNESS
            .replace("@CRATE@", CRATE_NAME)
            .replace("@PAGES@\n", &entries),
    );
    sync_dir(&work.join("harness"), &harness);

    println!("  building the harness (release; the first build of the v1.0 crate takes minutes)");
    let build = Instant::now();
    let binary = build_harness(&work);
    println!("  built in {:.1} s", build.elapsed().as_secs_f64());

    let status = Command::new(&binary)
        .arg(&pages_dir)
        .status()
        .expect("the harness runs");
    println!();
    println!(
        "Mixed payloads (every typed example once per round): `cargo test --release -p graphdoc-tests --test examples -- --nocapture`."
    );
    if !status.success() {
        eprintln!("error: the harness failed ({status})");
        std::process::exit(1);
    }
}

/// The largest response body of a method page that is a JSON object, with its one-based
/// line and how many larger bodies were not JSON. Exits when there is none.
fn largest_body(path: &Path) -> (Map<String, Value>, usize, usize) {
    let page = std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("error: cannot read {}: {e}", path.display());
        std::process::exit(2);
    });
    let mut bodies: Vec<(usize, String)> = Vec::new();
    for item in annotation::read(&page) {
        let Item::Example {
            annotation,
            block: Some(block),
        } = item
        else {
            continue;
        };
        if annotation.block_type != BlockType::Response {
            continue;
        }
        let split = message::split(&block.text);
        let at = block.page_offset(split.body.start);
        let line = page[..at].lines().count() + 1;
        bodies.push((line, block.text[split.body].to_string()));
    }
    // Largest first; of equal ones, the first on the page.
    bodies.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    for (skipped, (line, text)) in bodies.iter().enumerate() {
        if let Ok(Value::Object(body)) = serde_json::from_str::<Value>(text) {
            return (body, *line, skipped);
        }
    }
    eprintln!(
        "error: {} has no response body that is a JSON object",
        path.display()
    );
    std::process::exit(2);
}

/// `{"@odata.context": …, "value": [item, …]}`: the body without its own
/// `@odata.context`, `count` times, the `id` of each made distinct with its index.
fn build_page(body: &Map<String, Value>, count: usize) -> String {
    let context = match body.get("@odata.context").and_then(Value::as_str) {
        Some(context) => context.trim_end_matches("/$entity").to_string(),
        None => "https://graph.microsoft.com/v1.0/$metadata#Collection(microsoft.graph.entity)"
            .to_string(),
    };
    let mut item = body.clone();
    item.remove("@odata.context");
    let id = item
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or("item")
        .to_string();
    let items: Vec<Value> = (0..count)
        .map(|i| {
            let mut item = item.clone();
            item.insert("id".to_string(), Value::String(format!("{id}-{i}")));
            Value::Object(item)
        })
        .collect();
    let mut page = Map::new();
    page.insert("@odata.context".to_string(), Value::String(context));
    page.insert("value".to_string(), Value::Array(items));
    serde_json::to_string(&Value::Object(page)).unwrap()
}

/// The `api-reference` directory: `GRAPHDOC_CORPUS`, or the corpus beside the repository.
/// Exits loudly when it is missing.
fn corpus_root(root: &Path) -> PathBuf {
    let corpus = std::env::var_os("GRAPHDOC_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/corpus/graph-docs-2021/api-reference"));
    if !corpus.join("v1.0/resources").is_dir() || !corpus.join("v1.0/api").is_dir() {
        eprintln!(
            "error: no corpus at {}; set GRAPHDOC_CORPUS to the docs' api-reference directory",
            corpus.display()
        );
        std::process::exit(2);
    }
    corpus
}

/// Builds the harness in release, in its own target directory so rebuilds are incremental.
fn build_harness(work: &Path) -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let target = work.join("target");
    let output = Command::new(cargo)
        .args(["build", "--quiet", "--release", "--manifest-path"])
        .arg(work.join("harness/Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .expect("cargo runs");
    if !output.status.success() {
        let text = String::from_utf8_lossy(&output.stderr);
        eprintln!(
            "error: the harness does not build:\n{}",
            text.lines().take(60).collect::<Vec<_>>().join("\n")
        );
        std::process::exit(1);
    }
    target.join("release/harness")
}

/// The harness's `main.rs`; `@PAGES@` becomes one `page::<Generated, Peer>("name")` line
/// per page.
const HARNESS: &str = r#"//! Written by `cargo bench -p graphdoc-tests --bench reading`; do not edit.
//!
//! `harness PAGES_DIR [--rounds N]` reads `PAGES_DIR/<page>.json`, checks that each page
//! read into the generated `Collection<T>` and written back equals the page read as
//! `serde_json::Value` (exit 1 after the timings if not), then times reading each page
//! into the generated types, into the serde-derive peer and into `serde_json::Value`: N
//! rounds (41), each reading every page once with each reader, the readers' order
//! rotating from round to round and page to page. Each time includes dropping the value
//! read. Prints the median of each.

mod peer;

use std::time::Instant;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

const READERS: [&str; 3] = ["generated", "peer", "Value"];

struct Page {
    name: &'static str,
    /// Reads the page with each reader, timed: generated, peer, `Value`.
    readers: [fn(&str) -> f64; 3],
    /// The items read by the generated types and written back, or how they differ.
    lossless: fn(&str) -> Result<(usize, Vec<String>), Vec<String>>,
    /// The items the peer reads, and the paths of the values it skips (keys its structs
    /// lack), each with how many items have it.
    peer_items: fn(&str) -> Result<(usize, Vec<String>), String>,
    /// `size_of` the generated struct and the peer struct.
    sizes: [usize; 2],
}

fn page<G, P>(name: &'static str) -> Page
where
    G: DeserializeOwned + Serialize,
    P: DeserializeOwned + Serialize,
{
    Page {
        name,
        readers: [
            timed::<@CRATE@::Collection<G>>,
            timed::<peer::Page<P>>,
            timed::<Value>,
        ],
        lossless: lossless::<G>,
        peer_items: peer_items::<P>,
        sizes: [std::mem::size_of::<G>(), std::mem::size_of::<P>()],
    }
}

fn pages() -> Vec<Page> {
    vec![
@PAGES@
    ]
}

fn peer_items<P: DeserializeOwned + Serialize>(text: &str) -> Result<(usize, Vec<String>), String> {
    let page: peer::Page<P> = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let back = serde_json::to_value(&page.value).map_err(|e| e.to_string())?;
    let value: Value = serde_json::from_str(text).expect("the page is JSON");
    let mut found = std::collections::BTreeMap::new();
    differences(&value["value"], &back, "/value", &mut found);
    let skipped = found
        .into_iter()
        .filter(|((_, kind), _)| *kind == "dropped")
        .map(|((at, _), (count, _))| format!("{at} ({count} times)"))
        .collect();
    Ok((page.value.len(), skipped))
}

/// Seconds to read `text` as a `T` and drop it.
fn timed<T: DeserializeOwned>(text: &str) -> f64 {
    let start = Instant::now();
    let value: T = serde_json::from_str(text).expect("the page reads");
    drop(std::hint::black_box(value));
    start.elapsed().as_secs_f64()
}

/// The items of the page read into the generated types, or how the page written back
/// differs from the page read as `Value`: each difference once per path (item indices
/// written `*`), with its kind and how many items have it.
fn lossless<G: DeserializeOwned + Serialize>(
    text: &str,
) -> Result<(usize, Vec<String>), Vec<String>> {
    let page: @CRATE@::Collection<G> =
        serde_json::from_str(text).map_err(|e| vec![format!("does not read: {e}")])?;
    let back = serde_json::to_value(&page).map_err(|e| vec![format!("does not write: {e}")])?;
    let value: Value = serde_json::from_str(text).expect("the page is JSON");
    let mut found = std::collections::BTreeMap::new();
    differences(&value, &back, "", &mut found);
    // The same meaning in another form is what the examples round trip accepts too: a
    // timestamp written with nine fractional digits, the `@odata.type` a derived type
    // writes for itself. They are listed, and do not fail the check.
    let lost = found.keys().any(|(_, kind)| !SAME_MEANING.contains(kind));
    let listed = found
        .into_iter()
        .map(|((at, kind), (count, example))| format!("{at}: {kind}, {count} times, such as {example}"))
        .collect();
    if lost {
        Err(listed)
    } else {
        Ok((page.value.len(), listed))
    }
}

/// Differences that keep the meaning.
const SAME_MEANING: [&str; 2] = [REWRITTEN_INSTANT, ADDED_OWN_TYPE];
const REWRITTEN_INSTANT: &str = "rewritten (same instant)";
const ADDED_OWN_TYPE: &str = "added (`@odata.type` naming a Graph type: a derived type names itself)";

/// Every place where two values differ exactly (`==`), by path and kind, with a count and
/// an example.
fn differences(
    read: &Value,
    back: &Value,
    at: &str,
    found: &mut std::collections::BTreeMap<(String, &'static str), (usize, String)>,
) {
    fn note(
        found: &mut std::collections::BTreeMap<(String, &'static str), (usize, String)>,
        at: &str,
        kind: &'static str,
        example: String,
    ) {
        found.entry((at.to_string(), kind)).or_insert((0, example)).0 += 1;
    }
    match (read, back) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                let here = format!("{at}/{key}");
                match b.get(key) {
                    None => differences(value, &Value::Null, &here, found),
                    Some(other) => differences(value, other, &here, found),
                }
            }
            for (key, value) in b {
                if !a.contains_key(key) {
                    let own_type = key == "@odata.type" && value.as_str().and_then(|t| t.strip_prefix('#')).is_some_and(|t| t.starts_with("microsoft.graph."));
                    let kind = if own_type { ADDED_OWN_TYPE } else { "added" };
                    note(found, &format!("{at}/{key}"), kind, value.to_string());
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (x, y) in a.iter().zip(b) {
                differences(x, y, &format!("{at}/*"), found);
            }
        }
        (a, Value::Null) if !a.is_null() => note(found, at, "dropped", a.to_string()),
        (Value::String(a), Value::String(b)) if a != b => {
            let same_instant = matches!(
                (chrono::DateTime::parse_from_rfc3339(a), chrono::DateTime::parse_from_rfc3339(b)),
                (Ok(x), Ok(y)) if x == y
            );
            let kind = if same_instant { REWRITTEN_INSTANT } else { "changed" };
            note(found, at, kind, format!("{a:?} became {b:?}"));
        }
        (a, b) if a != b => note(found, at, "changed", format!("{a} became {b}")),
        _ => {}
    }
}

fn median(times: &mut [f64]) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut dir = None;
    let mut rounds = 41;
    while let Some(arg) = args.next() {
        if arg == "--rounds" {
            rounds = args.next().and_then(|n| n.parse().ok()).expect("--rounds N");
        } else {
            dir = Some(std::path::PathBuf::from(arg));
        }
    }
    let dir = dir.expect("usage: harness PAGES_DIR [--rounds N]");
    let pages = pages();
    let files: Vec<std::path::PathBuf> = pages.iter().map(|p| dir.join(format!("{}.json", p.name))).collect();
    let texts: Vec<String> = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{}: {e}", f.display())))
        .collect();
    let exe = std::env::current_exe().unwrap();
    println!("harness: {} {} [--rounds N]", exe.display(), dir.display());
    println!("reads: {}", files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>().join(" "));

    // Lossless: every page through the generated types and back, and through the peer.
    // A page the generated types do not write back exactly fails the run, after the
    // timings; a page a reader cannot read fails it now.
    let mut items = Vec::new();
    let mut lossy = Vec::new();
    for (page, text) in pages.iter().zip(&texts) {
        let (peer, skipped) = (page.peer_items)(text).unwrap_or_else(|error| {
            println!("error: {}: the peer does not read the page: {error}", page.name);
            std::process::exit(1);
        });
        match (page.lossless)(text) {
            Ok((count, same_meaning)) => {
                assert_eq!(count, peer, "{}: the peer and the generated types read as many items", page.name);
                for line in same_meaning {
                    println!("{}: written back in another form of the same meaning: {line}", page.name);
                }
            }
            Err(differences) => lossy.push((page.name, differences)),
        }
        if !skipped.is_empty() {
            println!("{}: the peer skips values its structs have no field for: {}", page.name, skipped.join(", "));
        }
        items.push(peer);
    }
    if lossy.is_empty() {
        println!("lossless: each page read into the generated types and written back (serde_json::to_value) equals the page read as serde_json::Value in meaning");
    } else {
        println!("LOSSLESS CHECK FAILED on {} of {} pages: read into the generated types and written back (serde_json::to_value), a page differs from the page read as serde_json::Value:", lossy.len(), pages.len());
        for (name, differences) in &lossy {
            for line in differences {
                println!("  {name}: {line}");
            }
        }
    }

    // One untimed round, then `rounds` timed ones.
    for (page, text) in pages.iter().zip(&texts) {
        for reader in page.readers {
            reader(text);
        }
    }
    let mut times = vec![[Vec::new(), Vec::new(), Vec::new()]; pages.len()];
    for round in 0..rounds {
        for (p, (page, text)) in pages.iter().zip(&texts).enumerate() {
            for k in 0..3 {
                let reader = (round + p + k) % 3;
                times[p][reader].push((page.readers[reader])(text));
            }
        }
    }
    let medians: Vec<[f64; 3]> = times
        .iter_mut()
        .map(|t| [median(&mut t[0]), median(&mut t[1]), median(&mut t[2])])
        .collect();

    println!();
    println!(
        "release, median of {rounds} interleaved rounds (readers' order rotating), each time including dropping what was read; ratio = other time / generated time"
    );
    let mut rows: Vec<[String; 9]> = Vec::new();
    let ms = |s: f64| format!("{:.3} ms", s * 1e3);
    let (mut met_peer, mut met_value) = (0, 0);
    let mut total = [0.0; 3];
    let mut total_bytes = 0;
    let mut total_items = 0;
    for ((page, text), (m, count)) in pages.iter().zip(&texts).zip(medians.iter().zip(&items)) {
        let (peer, value) = (m[1] / m[0], m[2] / m[0]);
        met_peer += usize::from(peer >= 1.0);
        met_value += usize::from(value >= 1.5);
        for i in 0..3 {
            total[i] += m[i];
        }
        total_bytes += text.len();
        total_items += count;
        rows.push([
            page.name.to_string(),
            count.to_string(),
            text.len().to_string(),
            ms(m[0]),
            ms(m[1]),
            ms(m[2]),
            format!("{peer:.2}x"),
            format!("{value:.2}x"),
            format!("{} / {} B", page.sizes[0], page.sizes[1]),
        ]);
    }
    rows.push([
        "all six (sum)".to_string(),
        total_items.to_string(),
        total_bytes.to_string(),
        ms(total[0]),
        ms(total[1]),
        ms(total[2]),
        format!("{:.2}x", total[1] / total[0]),
        format!("{:.2}x", total[2] / total[0]),
        String::new(),
    ]);
    let header = [
        "page", "items", "bytes", READERS[0], READERS[1], READERS[2], "peer/generated",
        "Value/generated", "size_of generated / peer",
    ];
    let widths: Vec<usize> = (0..9)
        .map(|i| rows.iter().map(|r| r[i].len()).chain([header[i].len()]).max().unwrap())
        .collect();
    let line = |cells: &[&str]| {
        cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, w))| if i == 0 { format!("{c:<w$}") } else { format!("{c:>w$}") })
            .collect::<Vec<_>>()
            .join("  ")
    };
    println!("{}", line(&header));
    for row in &rows {
        println!("{}", line(&row.iter().map(String::as_str).collect::<Vec<_>>()));
    }
    println!(
        "targets (reported, not enforced): generated >= 1.0x the peer: met on {met_peer} of {n} pages; >= 1.5x Value: met on {met_value} of {n} pages",
        n = pages.len()
    );
    println!();
    println!("| {} |", header.join(" | "));
    println!("|{}", "---|".repeat(9));
    for row in &rows {
        println!("| {} |", row.join(" | "));
    }
    if !lossy.is_empty() {
        println!();
        println!("error: the lossless check failed (above) on {} of {} pages", lossy.len(), pages.len());
        std::process::exit(1);
    }
}
"#;
