//! What a validation run prints: the `--report` JSON, the summary line and the counts
//! by code.

use std::collections::BTreeMap;

use serde::Serialize;

use super::ExamplesRun;
use crate::diagnostics::Severity;
use crate::report::{DiagnosticRecord, diagnostic_records};

/// The `--report` JSON of the `examples` command.
#[derive(Serialize)]
pub struct ExamplesReport {
    pub examples: usize,
    pub parsed: usize,
    pub typed: usize,
    pub passed: usize,
    pub findings: Vec<DiagnosticRecord>,
    pub by_code: BTreeMap<&'static str, usize>,
}

pub fn report(run: &ExamplesRun) -> ExamplesReport {
    ExamplesReport {
        examples: run.counts.examples,
        parsed: run.counts.parsed,
        typed: run.counts.typed,
        passed: run.counts.passed,
        findings: diagnostic_records(&run.diagnostics, &run.sources),
        by_code: run
            .diagnostics
            .by_code()
            .into_iter()
            .map(|(code, n)| (code.as_str(), n))
            .collect(),
    }
}

/// The summary line, in the style of the other commands.
pub fn summary(run: &ExamplesRun) -> String {
    let c = &run.counts;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "graphdoc: {}, {}, {} parsed, {} typed, {} passed ({}), {}, {} in {} ms",
        plural(c.pages, "method page"),
        plural(c.examples, "example"),
        c.parsed,
        c.typed,
        c.passed,
        percent(c.passed, c.typed),
        plural(run.diagnostics.count(Severity::Error), "error"),
        plural(run.diagnostics.count(Severity::Warning), "warning"),
        run.elapsed_ms,
    )
}

/// `passed` as a share of `typed`, one decimal.
pub fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "n/a".to_string();
    }
    format!("{:.1}%", part as f64 * 100.0 / whole as f64)
}

/// One line per code: count, code, severity and what it means, most frequent first.
pub fn by_code_lines(run: &ExamplesRun) -> Vec<String> {
    let mut counts: Vec<_> = run.diagnostics.by_code().into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    counts
        .into_iter()
        .map(|(code, n)| {
            format!(
                "{n:>7} {code} {:<7} {}",
                code.default_severity().as_str(),
                code.summary()
            )
        })
        .collect()
}
