//! Whether a checked-in crate is what generation would write now, and if not, how it differs.

use std::fmt::Write as _;
use std::path::Path;

use similar::TextDiff;

use crate::emit::GeneratedCrate;
use crate::output;

/// One file that differs between the checked-in crate and a fresh generation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// Generation would write it, but it is not checked in.
    Missing { path: String },
    /// It is checked in, but generation would not write it.
    Extra { path: String },
    /// Both have it with different contents; holds a unified diff (checked in → fresh).
    Changed { path: String, diff: String },
}

/// Compares a fresh generation with the crate in `dir`. A missing directory counts as
/// every file missing.
pub fn compare(fresh: &GeneratedCrate, dir: &Path) -> std::io::Result<Vec<Difference>> {
    let checked_in = if dir.exists() {
        output::read_crate(dir)?
    } else {
        GeneratedCrate::default()
    };
    Ok(compare_crates(fresh, &checked_in, &dir.to_string_lossy()))
}

/// Compares two crates in memory; `label` names the checked-in side in diff headers.
pub fn compare_crates(
    fresh: &GeneratedCrate,
    checked_in: &GeneratedCrate,
    label: &str,
) -> Vec<Difference> {
    let mut differences = Vec::new();
    for (path, contents) in &fresh.files {
        match checked_in.files.get(path) {
            None => differences.push(Difference::Missing { path: path.clone() }),
            Some(old) if old != contents => {
                let shown = format!("{label}/{path}");
                let diff = TextDiff::from_lines(old.as_str(), contents.as_str())
                    .unified_diff()
                    .context_radius(3)
                    .header(&shown, &format!("{shown} (regenerated)"))
                    .to_string();
                differences.push(Difference::Changed {
                    path: path.clone(),
                    diff,
                });
            }
            Some(_) => {}
        }
    }
    for path in checked_in.files.keys() {
        if !fresh.files.contains_key(path) {
            differences.push(Difference::Extra { path: path.clone() });
        }
    }
    differences
}

/// A report of differences for people.
pub fn render(differences: &[Difference]) -> String {
    let mut out = String::new();
    for difference in differences {
        match difference {
            Difference::Missing { path } => {
                let _ = writeln!(out, "missing: {path} would be generated but is not there");
            }
            Difference::Extra { path } => {
                let _ = writeln!(out, "extra: {path} is there but would not be generated");
            }
            Difference::Changed { diff, .. } => out.push_str(diff),
        }
    }
    out
}
