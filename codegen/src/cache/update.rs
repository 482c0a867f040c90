//! A run with a cache: which items can keep their files, then the output updated in
//! place (changed files replaced by rename, files no longer generated removed), or
//! written whole when there is no usable record.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::fingerprint::{self, Fingerprint};
use super::record::{FileState, Record, nanos};
use crate::emit::{self, EmitOptions, GeneratedCrate};
use crate::lower::CrateModel;
use crate::output;

/// What a cached run found before printing.
pub(crate) struct Plan {
    cache: PathBuf,
    out: PathBuf,
    /// Every file printed from a fingerprint, with it and whether it is current on disk:
    /// the items' files in item order, then the module files.
    entries: Vec<(String, Fingerprint, bool)>,
    items: usize,
    /// The record and the files on disk it vouches for; `None` when the output is written
    /// whole.
    previous: Option<Previous>,
}

struct Previous {
    record: Record,
    /// Files on disk whose content is the record's, by path.
    trusted: HashMap<String, FileState>,
    /// Every file and directory under the output, relative.
    on_disk: Vec<String>,
    dirs: Vec<String>,
}

/// What the cache's record says of an output directory, and which of its files on disk
/// are what the record says: found while the pages are read, since it needs none.
pub(crate) struct Inspection {
    cache: PathBuf,
    /// The output directory, canonical.
    out: PathBuf,
    previous: Option<Previous>,
}

/// Loads the record of `out` from `cache` and compares it with the files on disk.
pub(crate) fn inspect(cache: &Path, out: &Path) -> Inspection {
    let canonical = super::canonical(out).unwrap_or_else(|| out.to_path_buf());
    let previous = Record::load(cache, &canonical)
        .filter(|_| output::is_generated(out))
        .and_then(|record| examine(out, record).ok());
    Inspection {
        cache: cache.to_path_buf(),
        out: canonical,
        previous,
    }
}

/// Fingerprints the files of `model` and finds those current on disk.
pub(crate) fn plan(
    inspection: Inspection,
    model: &CrateModel,
    options: &EmitOptions,
    page_count: usize,
) -> Plan {
    let fingerprints = fingerprint::crate_files(model, options, page_count);
    let Inspection {
        cache,
        out: canonical,
        previous,
    } = inspection;
    let current = |path: &String, fingerprint: &Fingerprint| {
        previous.as_ref().is_some_and(|p| {
            p.trusted.contains_key(path) && p.record.items.get(path) == Some(fingerprint)
        })
    };
    let mut entries: Vec<(String, Fingerprint, bool)> = model
        .items
        .iter()
        .zip(&fingerprints.items)
        .map(|(item, fingerprint)| {
            let path = item.file_path();
            let reuse = current(&path, fingerprint);
            (path, *fingerprint, reuse)
        })
        .collect();
    let modules = emit::module_files(model);
    let reuse_modules = modules
        .iter()
        .all(|path| current(path, &fingerprints.modules));
    entries.extend(
        modules
            .into_iter()
            .map(|path| (path, fingerprints.modules, reuse_modules)),
    );
    Plan {
        cache,
        out: canonical,
        entries,
        items: model.items.len(),
        previous,
    }
}

/// Lists the output and finds the files whose content is what the record says: same
/// size and modification time, modified before the record was written, or else the
/// same content hash.
fn examine(out: &Path, record: Record) -> io::Result<Previous> {
    let mut on_disk = Vec::new();
    let mut dirs = Vec::new();
    let mut pending = vec![String::new()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(out.join(&dir))? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().to_string();
            let relative = if dir.is_empty() {
                name
            } else {
                format!("{dir}/{name}")
            };
            if entry.file_type()?.is_dir() {
                pending.push(relative.clone());
                dirs.push(relative);
            } else {
                on_disk.push(relative);
            }
        }
    }
    let trusted = on_disk
        .par_iter()
        .filter_map(|relative| {
            let state = record.files.get(relative)?;
            let metadata = fs::symlink_metadata(out.join(relative)).ok()?;
            if !metadata.is_file() || metadata.len() != state.size {
                return None;
            }
            let modified = nanos(metadata.modified().ok()?);
            let current = modified == state.modified && modified < record.written;
            let same = current || {
                let data = fs::read(out.join(relative)).ok()?;
                fingerprint::bytes(&data) == state.hash
            };
            same.then(|| (relative.clone(), FileState { modified, ..*state }))
        })
        .collect();
    Ok(Previous {
        record,
        trusted,
        on_disk,
        dirs,
    })
}

impl Plan {
    /// Whether each item's file is current on disk, by item index.
    pub(crate) fn reuse(&self) -> Vec<bool> {
        self.entries[..self.items].iter().map(|e| e.2).collect()
    }

    /// Whether `lib.rs` and the `mod.rs` files are current on disk.
    pub(crate) fn reuse_modules(&self) -> bool {
        self.entries[self.items..].iter().all(|e| e.2)
    }

    /// Writes the printed files (every file but those of reused items) to the output and
    /// records the result in the cache. Returns how many files were written.
    pub(crate) fn apply(self, printed: &GeneratedCrate) -> io::Result<usize> {
        // From here until the new record is saved, the output may be neither old nor new.
        // Without a record the whole crate is written, and a cache that cannot be
        // written only costs the next run time.
        let invalidated = Record::invalidate(&self.cache);
        if self.previous.is_some() {
            invalidated?;
        }
        let mut record = Record {
            out: self.out.clone(),
            ..Record::default()
        };
        let written = match &self.previous {
            None => {
                output::write_crate(&self.out, printed)?;
                let states: Vec<(String, FileState)> = printed
                    .files
                    .par_iter()
                    .map(|(path, text)| {
                        Ok((
                            path.clone(),
                            FileState::of(&self.out.join(path), text.as_bytes())?,
                        ))
                    })
                    .collect::<io::Result<_>>()?;
                record.files.extend(states);
                printed.files.len()
            }
            Some(previous) => self.update(previous, printed, &mut record)?,
        };
        for (path, fingerprint, _) in &self.entries {
            record.items.insert(path.clone(), *fingerprint);
        }
        if record.save(&self.cache).is_err() {
            // The output is complete; only the next run's speed suffers.
            let _ = Record::invalidate(&self.cache);
        }
        Ok(written)
    }

    /// Replaces the files whose bytes changed, one rename each, and removes what is no
    /// longer generated.
    fn update(
        &self,
        previous: &Previous,
        printed: &GeneratedCrate,
        record: &mut Record,
    ) -> io::Result<usize> {
        let out = &self.out;
        output::remove_leftovers(out)?;
        let changed: Vec<(&String, &String)> = printed
            .files
            .iter()
            .filter(|(path, text)| {
                previous
                    .trusted
                    .get(*path)
                    .is_none_or(|state| state.hash != fingerprint::bytes(text.as_bytes()))
            })
            .collect();
        let dirs: BTreeSet<PathBuf> = changed
            .iter()
            .filter_map(|(path, _)| out.join(path).parent().map(Path::to_path_buf))
            .collect();
        for dir in &dirs {
            if !dir.is_dir() {
                // A file where a directory should be is replaced.
                if dir.exists() {
                    fs::remove_file(dir)?;
                }
                fs::create_dir_all(dir)?;
            }
        }
        let states: Vec<(String, FileState)> = changed
            .par_iter()
            .map(|(path, text)| {
                let target = out.join(path);
                replace(&target, text.as_bytes())?;
                Ok(((*path).clone(), FileState::of(&target, text.as_bytes())?))
            })
            .collect::<io::Result<_>>()?;
        // Unchanged files keep their state: reused items' and printed ones of equal bytes.
        let kept = self
            .entries
            .iter()
            .filter(|e| e.2)
            .map(|e| &e.0)
            .chain(printed.files.keys());
        for path in kept {
            if let Some(state) = previous.trusted.get(path) {
                record.files.insert(path.clone(), *state);
            }
        }
        record.files.extend(states);
        let stale: Vec<&String> = previous
            .on_disk
            .iter()
            .filter(|path| !record.files.contains_key(*path))
            .collect();
        stale
            .par_iter()
            .try_for_each(|path| fs::remove_file(out.join(path)))?;
        // Directories left empty, deepest first.
        let mut dirs: Vec<&String> = previous.dirs.iter().collect();
        dirs.sort_by_key(|d| std::cmp::Reverse(d.matches('/').count()));
        for dir in dirs {
            let path = out.join(dir);
            if fs::read_dir(&path)?.next().is_none() {
                fs::remove_dir(&path)?;
            }
        }
        Ok(changed.len())
    }
}

/// Replaces a file's content in one step: a temporary file beside it, renamed over it.
fn replace(path: &Path, contents: &[u8]) -> io::Result<()> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::other(format!("`{}` names no file", path.display())))?;
    let temporary = path.with_file_name(format!(".{}.graphdoc-tmp", name.to_string_lossy()));
    fs::write(&temporary, contents)?;
    fs::rename(&temporary, path)
}
