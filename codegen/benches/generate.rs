//! Generation speed against the markdown parser's own: `cargo bench -p graphdoc --bench generate`.
//!
//! In one process it times (a) a bare pulldown-cmark parse of every resource page of the
//! corpus, one thread, with the extensions graphdoc enables, and (b) the full `generate`
//! of the same pages (read, parse, resolve, emit, format, write) on all cores, and prints
//! b/a with each phase's share. It then generates again on one thread and checks that the
//! output is byte-identical. The corpus is `../shared/corpus/graph-docs-2021` beside the
//! repository, or the `api-reference` directory named by `GRAPHDOC_CORPUS`.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{corpus_root, markdown_files};
use graphdoc::read::markdown::PARSER_OPTIONS;
use graphdoc::{CrateDir, Run, Settings};

/// The command line's allocator, so that (b) is what a user of `graphdoc generate` gets.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const VERSIONS: [&str; 2] = ["v1.0", "beta"];
const ROUNDS: usize = 7;

fn main() {
    let corpus = corpus_root();
    let out_root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-generate");
    let pages: Vec<(PathBuf, String)> = VERSIONS
        .iter()
        .flat_map(|version| markdown_files(&corpus.join(version).join("resources")))
        .map(|path| {
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            (path, text)
        })
        .collect();
    let bytes: usize = pages.iter().map(|(_, text)| text.len()).sum();
    let threads = rayon::current_num_threads();
    println!(
        "graphdoc generation benchmark: {} resource pages, {:.1} MB, {threads} threads, median of {ROUNDS} rounds",
        pages.len(),
        bytes as f64 / 1e6
    );

    let parse = median(|| {
        let start = Instant::now();
        let mut events = 0usize;
        for (_, text) in &pages {
            events += pulldown_cmark::Parser::new_ext(text, PARSER_OPTIONS)
                .into_offset_iter()
                .count();
        }
        std::hint::black_box(events);
        start.elapsed()
    });

    let mut phases = [Duration::ZERO; 4];
    let mut emit_split = [Duration::ZERO; 2];
    let generate = median(|| {
        let start = Instant::now();
        for version in VERSIONS {
            let run = run_version(&corpus, &out_root, version, graphdoc::generate);
            assert!(run.written, "{version}: the crate was not written");
            let t = &run.timings;
            for (total, phase) in phases.iter_mut().zip([t.read, t.resolve, t.emit, t.write]) {
                *total += phase;
            }
            emit_split[0] += t.emit_cpu.tokens_cpu;
            emit_split[1] += t.emit_cpu.format_cpu;
        }
        start.elapsed()
    });

    let ratio = generate.as_secs_f64() / parse.as_secs_f64();
    println!(
        "(a) pulldown-cmark parse, 1 thread:       {:>7.1} ms",
        ms(parse)
    );
    println!(
        "(b) generate, read to written crate:      {:>7.1} ms",
        ms(generate)
    );
    let phase_total: Duration = phases.iter().sum();
    let share = |d: Duration| 100.0 * d.as_secs_f64() / phase_total.as_secs_f64();
    println!(
        "    phases (wall): read {:.0}%, resolve {:.0}%, emit {:.0}%, write {:.0}%",
        share(phases[0]),
        share(phases[1]),
        share(phases[2]),
        share(phases[3])
    );
    let emit_cpu = emit_split[0] + emit_split[1];
    println!(
        "    emit (CPU over threads): building tokens {:.0}%, parsing and printing with prettyplease {:.0}%",
        100.0 * emit_split[0].as_secs_f64() / emit_cpu.as_secs_f64(),
        100.0 * emit_split[1].as_secs_f64() / emit_cpu.as_secs_f64()
    );
    println!("b/a = {ratio:.2} (target: at most 3)");

    // The same generation on one thread must give the same bytes.
    let single = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a one-thread pool");
    let mut identical = true;
    for version in VERSIONS {
        let in_memory =
            || run_version(&corpus, &out_root, version, graphdoc::generate_in_memory).output;
        let parallel = in_memory();
        let serial = single.install(in_memory);
        let (Some(parallel), Some(serial)) = (parallel, serial) else {
            panic!("{version}: no output");
        };
        if parallel != serial {
            identical = false;
            println!("{version}: output differs between 1 and {threads} threads");
        }
    }
    println!(
        "output byte-identical with 1 and {threads} threads: {}",
        if identical { "yes" } else { "NO" }
    );
    if !identical {
        std::process::exit(1);
    }
}

/// Runs `generate` (written or in memory) on a version's resource pages, with everything
/// selected, into `out_root/<version>`.
fn run_version(
    corpus: &Path,
    out_root: &Path,
    version: &str,
    generate: fn(&[PathBuf], &Settings, &CrateDir) -> Run,
) -> Run {
    generate(
        &[corpus.join(version).join("resources")],
        &Settings::new(),
        &CrateDir::new(out_root.join(version)),
    )
}

/// Runs `round` ROUNDS times after one warm-up and returns the median time.
fn median(mut round: impl FnMut() -> Duration) -> Duration {
    round();
    let mut times: Vec<Duration> = (0..ROUNDS).map(|_| round()).collect();
    times.sort();
    times[ROUNDS / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
