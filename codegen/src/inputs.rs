//! Finding and reading the input pages: each input is a page or a directory searched
//! recursively for `.md` files; every page is read on all cores and the diagnostics are
//! merged in page order.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::cache::fingerprint::{self, Fingerprint};
use crate::cache::pages::{PageCache, Parsed};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::read::{self, Page};
use crate::source::{FileId, SourceFile, SourceMap, display_path};

/// The pages of a run, and every file and directory they were found by.
#[derive(Debug)]
pub struct Loaded {
    pub sources: SourceMap,
    pub pages: Vec<Page>,
    /// Inputs, the directories scanned and the pages read: what a build script watches.
    pub watched: Vec<PathBuf>,
}

/// Reads every page of the inputs. No inputs at all is an error (GD0003), as an input
/// without pages is.
pub fn load(inputs: &[PathBuf], diagnostics: &mut Diagnostics) -> Loaded {
    load_cached(inputs, None, diagnostics)
}

/// Like [`load`], taking the pages whose text is unchanged from the page cache in
/// `cache` and storing the pages read there.
pub fn load_cached(
    inputs: &[PathBuf],
    cache: Option<&Path>,
    diagnostics: &mut Diagnostics,
) -> Loaded {
    // The page store is loaded while the pages are found and read.
    let store = cache.map(|cache| {
        let cache = cache.to_path_buf();
        std::thread::spawn(move || PageCache::load(&cache))
    });
    let mut sources = SourceMap::default();
    let mut watched = Vec::new();
    if inputs.is_empty() {
        diagnostics.push(
            Diagnostic::at_path(Code::NoPages, "<inputs>", "no input was given")
                .with_help("give at least one directory of markdown pages, or a page"),
        );
    }
    for root in inputs {
        let mut found = Vec::new();
        watched.push(root.clone());
        if let Err(error) = collect_pages(root, &mut found, &mut watched) {
            diagnostics.push(
                Diagnostic::at_path(
                    Code::ReadFailed,
                    display_path(root, Path::new("")).trim_end_matches('/'),
                    format!("cannot read the input: {error}"),
                )
                .with_help("pass a directory of markdown pages with --input"),
            );
            continue;
        }
        if found.is_empty() {
            diagnostics.push(Diagnostic::at_path(
                Code::NoPages,
                display_path(root, Path::new("")).trim_end_matches('/'),
                "no `.md` pages here",
            ));
        }
        found.sort();
        watched.extend(found.iter().cloned());
        // Files are read (and checked, and their lines indexed) on all threads, added in
        // order.
        let read: Vec<Result<SourceFile, Diagnostic>> = found
            .into_par_iter()
            .map(|path| {
                let relative = path.strip_prefix(root).unwrap_or(&path);
                let display = if relative.as_os_str().is_empty() {
                    display_path(
                        root.parent().unwrap_or(Path::new("")),
                        Path::new(root.file_name().unwrap_or_default()),
                    )
                } else {
                    display_path(root, relative)
                };
                let bytes = std::fs::read(&path);
                source_file(path, display, bytes)
            })
            .collect();
        for file in read {
            match file {
                Ok(file) => {
                    sources.add(file);
                }
                Err(diagnostic) => diagnostics.push(diagnostic),
            }
        }
    }
    // Pages are read on all threads, each into its own diagnostics, merged in page order.
    let files: Vec<_> = sources.files().collect();
    // A store that failed to load (a bug) is an empty one.
    let mut store = store.map(|handle| handle.join().unwrap_or_default());
    let hashes: Vec<Fingerprint> = match store {
        Some(_) => files
            .par_iter()
            .map(|(_, file)| fingerprint::bytes(file.text.as_bytes()))
            .collect(),
        None => Vec::new(),
    };
    let mut stored: Vec<Option<Parsed>> = match &mut store {
        Some(store) => hashes.iter().map(|hash| store.take(*hash)).collect(),
        None => Vec::new(),
    };
    stored.resize_with(files.len(), || None);
    let read: Vec<(Page, Vec<Diagnostic>, bool)> = files
        .par_iter()
        .zip(stored)
        .map(|((id, file), stored)| match stored {
            Some(parsed) => {
                let parsed = parsed.for_file(*id);
                (parsed.page, parsed.diagnostics, false)
            }
            None => {
                let mut found = Diagnostics::default();
                let page = read::read_page(*id, &file.text, &mut found);
                (page, found.iter().cloned().collect(), true)
            }
        })
        .collect();
    if let (Some(store), Some(cache)) = (&store, cache) {
        let entries: Vec<_> = hashes
            .iter()
            .zip(&read)
            .map(|(hash, (page, found, _))| (*hash, page, &found[..]))
            .collect();
        let fresh: Vec<Fingerprint> = hashes
            .iter()
            .zip(&read)
            .filter(|(_, (_, _, fresh))| *fresh)
            .map(|(hash, _)| *hash)
            .collect();
        store.save(cache, &entries, &fresh);
    }
    let mut pages = Vec::with_capacity(read.len());
    for (page, found, _) in read {
        pages.push(page);
        for diagnostic in found {
            diagnostics.push(diagnostic);
        }
    }
    watched.sort();
    watched.dedup();
    Loaded {
        sources,
        pages,
        watched,
    }
}

/// Reads a page into `sources`; a file that cannot be read or is not UTF-8 is a diagnostic.
pub(crate) fn add_page(
    path: PathBuf,
    display: String,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) -> Option<FileId> {
    let bytes = std::fs::read(&path);
    match source_file(path, display, bytes) {
        Ok(file) => Some(sources.add(file)),
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            None
        }
    }
}

/// A page read from `path`, or the diagnostic saying why it cannot be one.
fn source_file(
    path: PathBuf,
    display: String,
    bytes: std::io::Result<Vec<u8>>,
) -> Result<SourceFile, Diagnostic> {
    match bytes.map(String::from_utf8) {
        Ok(Ok(text)) => Ok(SourceFile::new(path, display, text)),
        Ok(Err(error)) => Err(Diagnostic::at_path(
            Code::NotUtf8,
            display,
            format!("not UTF-8: {}", error.utf8_error()),
        )),
        Err(error) => Err(Diagnostic::at_path(
            Code::ReadFailed,
            display,
            format!("cannot read: {error}"),
        )),
    }
}

/// Markdown files under `path` (or `path` itself), in no particular order; directories
/// scanned go to `dirs`.
fn collect_pages(
    path: &Path,
    found: &mut Vec<PathBuf>,
    dirs: &mut Vec<PathBuf>,
) -> std::io::Result<()> {
    let metadata = std::fs::metadata(path)?;
    if metadata.is_file() {
        found.push(path.to_path_buf());
        return Ok(());
    }
    for entry in std::fs::read_dir(path)? {
        let entry = entry?;
        let entry_path = entry.path();
        if entry.file_type()?.is_dir() {
            dirs.push(entry_path.clone());
            collect_pages(&entry_path, found, dirs)?;
        } else if entry_path.extension().is_some_and(|e| e == "md") {
            found.push(entry_path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_inputs_is_an_error() {
        let mut diagnostics = Diagnostics::default();
        let loaded = load(&[], &mut diagnostics);
        assert!(loaded.pages.is_empty());
        let codes: Vec<Code> = diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::NoPages]);
        assert!(diagnostics.has_errors());
    }
}
