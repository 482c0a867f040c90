//! Regeneration and write speed: `cargo bench -p graphdoc --bench regenerate`.
//!
//! For both versions of the corpus together, in one process, interleaved rounds (median):
//!
//! - cold generation: empty cache, no output directory;
//! - one-page regeneration: a description edited in `user.md` of each version;
//! - `entity.md` regeneration: a property added to `entity.md` of each version (no target);
//! - bare parse: the same `.md` files read from disk and parsed by pulldown-cmark with
//!   graphdoc's options, one thread;
//! - fresh write: `output::write_crate` of both generated crates into new directories;
//! - `cp -r` of both output trees into new directories;
//! - a write of both crates over the trees just written (the swap, and the removal of the
//!   previous tree).
//!
//! It prints the ratios of the targets (one-page regeneration at most 3 × the bare parse,
//! fresh write at most 2 × `cp -r`) and fails unless every incremental output is
//! byte-identical to a cold run's. The pages are copied to a scratch directory under
//! `CARGO_TARGET_TMPDIR` so they can be edited; the corpus is
//! `../shared/corpus/graph-docs-2021` beside the repository, or the `api-reference`
//! directory named by `GRAPHDOC_CORPUS`. `GRAPHDOC_BENCH_ROUNDS` sets the rounds (5).

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::{corpus_root, markdown_files};
use graphdoc::emit::GeneratedCrate;
use graphdoc::read::markdown::PARSER_OPTIONS;
use graphdoc::{CrateDir, Run, Settings};

/// The command line's allocator, so the times are what a user of `graphdoc generate` gets.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const VERSIONS: [&str; 2] = ["v1.0", "beta"];
/// The description edited in `user.md` (both versions have it).
const USER_TEXT: &str = "A freeform text entry field for the user to describe themselves.";
/// The row added to `entity.md`, after its `id` row.
const ENTITY_ROW: &str = "|benchNote|String|A property the regeneration benchmark adds.|\n";

struct Scratch {
    root: PathBuf,
}

impl Scratch {
    fn pages(&self, version: &str) -> PathBuf {
        self.root.join("pages").join(version)
    }
    fn out(&self, version: &str) -> PathBuf {
        self.root.join("out").join(version)
    }
    fn cache(&self, version: &str) -> PathBuf {
        self.root.join("cache").join(version)
    }
    fn target(&self, version: &str) -> CrateDir {
        CrateDir::new(self.out(version)).with_cache_dir(self.cache(version))
    }
    fn generate(&self, version: &str) -> Run {
        let run = graphdoc::generate(
            &[self.pages(version)],
            &Settings::new(),
            &self.target(version),
        );
        assert!(run.written, "{version}: nothing written");
        run
    }
    fn fresh(&self, version: &str) -> GeneratedCrate {
        graphdoc::generate_in_memory(
            &[self.pages(version)],
            &Settings::new(),
            &self.target(version),
        )
        .output
        .expect("the pages generate")
    }
    /// Sets `user.md`'s edited description (`edit`) and `entity.md`'s added row (`row`).
    fn set_pages(&self, edit: Option<usize>, row: bool) {
        for version in VERSIONS {
            let user = self.pages(version).join("user.md");
            let original = self.original(version, "user.md");
            let text = match edit {
                Some(n) => original.replacen(USER_TEXT, &format!("{USER_TEXT} Edited {n}."), 1),
                None => original.clone(),
            };
            assert!(
                edit.is_none() || text != original,
                "{version}: user.md has the description"
            );
            write_if_changed(&user, &text);
            let entity = self.pages(version).join("entity.md");
            let original = self.original(version, "entity.md");
            let text = if row {
                let at = original.find("|id").expect("entity.md has an id row");
                let end = at + original[at..].find('\n').expect("a row ends") + 1;
                format!("{}{ENTITY_ROW}{}", &original[..end], &original[end..])
            } else {
                original
            };
            write_if_changed(&entity, &text);
        }
    }
    fn original(&self, version: &str, page: &str) -> String {
        read(&corpus_root().join(version).join("resources").join(page))
    }
}

fn main() {
    let rounds: usize = std::env::var("GRAPHDOC_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let corpus = corpus_root();
    let scratch = Scratch {
        root: Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-regenerate"),
    };
    let _ = fs::remove_dir_all(&scratch.root);
    for version in VERSIONS {
        copy_tree(
            &corpus.join(version).join("resources"),
            &scratch.pages(version),
        );
    }
    let files: Vec<PathBuf> = VERSIONS
        .iter()
        .flat_map(|v| markdown_files(&scratch.pages(v)))
        .collect();
    let bytes: u64 = files.iter().map(|f| fs::metadata(f).unwrap().len()).sum();
    println!(
        "graphdoc regeneration benchmark: {} pages of v1.0 and beta, {:.1} MB, {} threads, median of {rounds} rounds",
        files.len(),
        bytes as f64 / 1e6,
        rayon::current_num_threads()
    );

    let mut times: [Vec<Duration>; 7] = Default::default();
    let mut phases = [Duration::ZERO; 7];
    let mut reprinted = (0, 0);
    let mut identical = true;
    for round in 0..=rounds {
        // Cold: no cache, no output.
        scratch.set_pages(None, false);
        for version in VERSIONS {
            let _ = fs::remove_dir_all(scratch.out(version));
            let _ = fs::remove_dir_all(scratch.cache(version));
        }
        let cold = timed(|| VERSIONS.map(|v| scratch.generate(v)));

        // One description edited in user.md of each version.
        scratch.set_pages(Some(round), false);
        let (one_page, runs) = timed_with(|| VERSIONS.map(|v| scratch.generate(v)));
        for run in &runs {
            let t = &run.timings;
            for (total, phase) in phases.iter_mut().zip([
                t.read,
                t.resolve,
                t.emit_cpu.lower,
                t.cache,
                t.emit.saturating_sub(t.emit_cpu.lower + t.cache),
                t.write,
                t.total,
            ]) {
                *total += phase;
            }
            reprinted.0 += run.output.as_ref().map_or(0, |o| o.files.len());
        }
        if round == 0 {
            identical &= same_as_cold(&scratch, "user.md edited");
        }

        // A property added to entity.md of each version.
        scratch.set_pages(Some(round), true);
        let (entity, runs) = timed_with(|| VERSIONS.map(|v| scratch.generate(v)));
        reprinted.1 += runs
            .iter()
            .map(|r| r.output.as_ref().map_or(0, |o| o.files.len()))
            .sum::<usize>();
        if round == 0 {
            identical &= same_as_cold(&scratch, "entity.md property added");
        }

        let parse = timed(|| bare_parse(&files));

        // Writing fresh trees, and cp -r of the same trees.
        let crates = VERSIONS.map(|v| graphdoc::output::read_crate(&scratch.out(v)).unwrap());
        let fresh_root = scratch.root.join("fresh");
        let copy_root = scratch.root.join("copy");
        let _ = fs::remove_dir_all(&fresh_root);
        let _ = fs::remove_dir_all(&copy_root);
        fs::create_dir_all(&fresh_root).unwrap();
        fs::create_dir_all(&copy_root).unwrap();
        let (write, copy) = if round % 2 == 0 {
            let w = timed(|| write_fresh(&fresh_root, &crates));
            let c = timed(|| copy_fresh(&scratch, &copy_root));
            (w, c)
        } else {
            let c = timed(|| copy_fresh(&scratch, &copy_root));
            let w = timed(|| write_fresh(&fresh_root, &crates));
            (w, c)
        };
        // Writing over the trees just written: the swap and the removal of the old tree.
        let replace = timed(|| write_fresh(&fresh_root, &crates));
        // Round 0 warms the caches and is not counted.
        if round > 0 {
            for (list, time) in times
                .iter_mut()
                .zip([cold, one_page, entity, parse, write, copy, replace])
            {
                list.push(time);
            }
        }
    }
    let [cold, one_page, entity, parse, write, copy, replace] = times.map(median);
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "cold generation, both versions:            {:>8.1} ms",
        ms(cold)
    );
    println!(
        "one-page regeneration (user.md edited):    {:>8.1} ms",
        ms(one_page)
    );
    println!(
        "entity.md regeneration (property added):   {:>8.1} ms",
        ms(entity)
    );
    println!(
        "bare parse (read + pulldown-cmark, 1 thread): {:>5.1} ms",
        ms(parse)
    );
    println!(
        "fresh write of both crates:                {:>8.1} ms",
        ms(write)
    );
    println!(
        "cp -r of both crates:                      {:>8.1} ms",
        ms(copy)
    );
    println!(
        "write of both crates over the previous:    {:>8.1} ms",
        ms(replace)
    );
    let n = (rounds + 1) as f64;
    let avg = |d: Duration| ms(d) / n;
    println!(
        "one-page regeneration, mean phases: read {:.1} ms, resolve {:.1} ms, lower {:.1} ms, fingerprint and examine {:.1} ms, print {:.1} ms, write {:.1} ms (total {:.1} ms); {:.0} files printed per run, {:.0} for entity.md",
        avg(phases[0]),
        avg(phases[1]),
        avg(phases[2]),
        avg(phases[3]),
        avg(phases[4]),
        avg(phases[5]),
        avg(phases[6]),
        reprinted.0 as f64 / n,
        reprinted.1 as f64 / n,
    );
    let regen_ratio = one_page.as_secs_f64() / parse.as_secs_f64();
    let write_ratio = write.as_secs_f64() / copy.as_secs_f64();
    println!(
        "one-page regeneration / bare parse = {regen_ratio:.2} (target: at most 3){}",
        if regen_ratio <= 3.0 { "" } else { "; NOT MET" }
    );
    println!(
        "cold generation / bare parse = {:.1}; entity.md regeneration / bare parse = {:.1}",
        cold.as_secs_f64() / parse.as_secs_f64(),
        entity.as_secs_f64() / parse.as_secs_f64()
    );
    println!(
        "fresh write / cp -r = {write_ratio:.2} (target: at most 2){}",
        if write_ratio <= 2.0 { "" } else { "; NOT MET" }
    );
    println!(
        "write over the previous crates / cp -r = {:.2} (no target)",
        replace.as_secs_f64() / copy.as_secs_f64()
    );
    println!(
        "incremental output byte-identical to a cold run's: {}",
        if identical { "yes" } else { "NO" }
    );
    if !identical {
        std::process::exit(1);
    }
}

/// Whether each version's output is exactly what a generation without a cache gives.
fn same_as_cold(scratch: &Scratch, what: &str) -> bool {
    let mut same = true;
    for version in VERSIONS {
        let on_disk = graphdoc::output::read_crate(&scratch.out(version)).unwrap();
        if on_disk != scratch.fresh(version) {
            println!("{version}, {what}: the output differs from a cold run's");
            same = false;
        }
    }
    same
}

fn bare_parse(files: &[PathBuf]) -> usize {
    let mut events = 0;
    for file in files {
        let text = read(file);
        events += pulldown_cmark::Parser::new_ext(&text, PARSER_OPTIONS)
            .into_offset_iter()
            .count();
    }
    std::hint::black_box(events)
}

fn write_fresh(root: &Path, crates: &[GeneratedCrate; 2]) {
    for (version, files) in VERSIONS.iter().zip(crates) {
        graphdoc::output::write_crate(&root.join(version), files).unwrap();
    }
}

fn copy_fresh(scratch: &Scratch, root: &Path) {
    for version in VERSIONS {
        let status = Command::new("cp")
            .arg("-r")
            .arg(scratch.out(version))
            .arg(root.join(version))
            .status()
            .expect("cp runs");
        assert!(status.success());
    }
}

fn timed<T>(f: impl FnOnce() -> T) -> Duration {
    timed_with(f).0
}

fn timed_with<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let start = Instant::now();
    let value = f();
    (start.elapsed(), value)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn write_if_changed(path: &Path, text: &str) {
    if fs::read_to_string(path).ok().as_deref() != Some(text) {
        fs::write(path, text).unwrap();
    }
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.is_dir() {
            copy_tree(&path, &to.join(entry.file_name()));
        } else {
            fs::copy(&path, to.join(entry.file_name())).unwrap();
        }
    }
}
