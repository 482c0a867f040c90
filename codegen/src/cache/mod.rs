//! The generation cache: what a complete run wrote, so that the next run prints only the
//! items whose inputs changed and writes only the files whose bytes changed.
//!
//! The cache is a directory outside the crate (by default
//! `target/graphdoc-cache/<hash of the output path>` in the nearest directory with a
//! `Cargo.lock`), holding one [`record::Record`]. The disk is trusted over the record: a
//! file whose size or modification time differs from the record's, or that was modified
//! when the record was written, is reprinted or checked by content. Without a usable
//! record (none, damaged, another generator's, or removed by a run that was killed) the
//! run prints everything and replaces the whole directory, as without a cache.

pub mod fingerprint;
pub mod pages;
pub mod record;
mod update;

use std::path::{Path, PathBuf};

pub(crate) use update::{Inspection, Plan, inspect, plan};

/// Where the cache of the output directory `out` lives by default:
/// `target/graphdoc-cache/<hash>` under the nearest ancestor of the current directory
/// that holds a `Cargo.lock` (or under the current directory). `None` when `out` cannot
/// be located or the directory would be inside it.
pub fn default_dir(out: &Path) -> Option<PathBuf> {
    let out = canonical(out)?;
    let cwd = std::env::current_dir().ok()?;
    let root = cwd
        .ancestors()
        .find(|dir| dir.join("Cargo.lock").is_file())
        .unwrap_or(&cwd);
    let dir = root.join("target").join("graphdoc-cache").join(format!(
        "{:016x}",
        fingerprint::bytes(out.to_string_lossy().as_bytes()) as u64
    ));
    usable(&dir, &out).then_some(dir)
}

/// Whether `cache` may serve the output directory `out`: never inside it, where it would
/// become part of the crate.
pub fn usable(cache: &Path, out: &Path) -> bool {
    match (canonical(cache), canonical(out)) {
        (Some(cache), Some(out)) => !cache.starts_with(&out),
        _ => false,
    }
}

/// `path` made absolute with its existing ancestors resolved, whether or not it exists.
pub(crate) fn canonical(path: &Path) -> Option<PathBuf> {
    if let Ok(found) = path.canonicalize() {
        return Some(found);
    }
    let name = path.file_name()?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => canonical(p)?,
        _ => std::env::current_dir().ok()?,
    };
    Some(parent.join(name))
}
