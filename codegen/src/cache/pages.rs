//! Parsed pages kept between runs, by the hash of their text: a run parses only the pages
//! whose text it has not parsed before. Reading a page depends on its text alone, so an
//! entry never goes stale; the store is thrown away whole when the generator changes.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::fingerprint::{self, Fingerprint};
use crate::diagnostics::Diagnostic;
use crate::read::Page;
use crate::source::FileId;

/// The store's file name in the cache directory.
const FILE: &str = "pages";

/// A page as read, with the diagnostics reading it gave.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Parsed {
    pub page: Page,
    pub diagnostics: Vec<Diagnostic>,
}

impl Parsed {
    /// The entry as page `file` of a run: the file it names is the run's.
    pub fn for_file(mut self, file: FileId) -> Parsed {
        self.page.file = file;
        for diagnostic in &mut self.diagnostics {
            if let Some(loc) = &mut diagnostic.loc {
                loc.file = file;
            }
        }
        self
    }
}

/// A store: the pages in chunks, each its own postcard blob, so they are read on all
/// threads.
#[derive(Serialize, Deserialize)]
struct Stored<'a> {
    generator: &'a str,
    #[serde(borrow)]
    chunks: Vec<&'a [u8]>,
}

/// How many chunks a store is cut into.
const CHUNKS: usize = 8;

/// The store of recently parsed pages, beside the main one: a run that parsed a few
/// pages writes only them, not every page again.
const RECENT: &str = "pages.recent";

/// The parsed pages of previous runs.
#[derive(Debug, Default)]
pub struct PageCache {
    entries: HashMap<Fingerprint, Parsed>,
    /// The pages held by the recent store.
    recent: Vec<Fingerprint>,
    /// Whether there is a main store.
    main: bool,
}

impl PageCache {
    /// The stores in `cache`; empty when there are none or they cannot be read.
    pub fn load(cache: &Path) -> PageCache {
        let mut found = PageCache::default();
        if let Some(pages) = read_store(&cache.join(FILE)) {
            found.main = true;
            found.entries.extend(pages);
            if let Some(recent) = read_store(&cache.join(RECENT)) {
                found.recent = recent.iter().map(|(hash, _)| *hash).collect();
                found.entries.extend(recent);
            }
        }
        found
    }

    /// Takes the page whose text hashes to `hash`, if it was parsed before.
    pub fn take(&mut self, hash: Fingerprint) -> Option<Parsed> {
        self.entries.remove(&hash)
    }

    /// Stores the run's pages (`pages`, of which `fresh` were parsed by it), replacing
    /// what was stored; a failure only costs the next run time.
    pub fn save(
        &self,
        cache: &Path,
        pages: &[(Fingerprint, &Page, &[Diagnostic])],
        fresh: &[Fingerprint],
    ) {
        if fresh.is_empty() {
            return;
        }
        // A few new pages go to the recent store, with those it held that are still read.
        if self.main && fresh.len() * 20 < pages.len() {
            let keep: std::collections::HashSet<Fingerprint> =
                self.recent.iter().chain(fresh).copied().collect();
            let recent: Vec<_> = pages
                .iter()
                .filter(|(hash, _, _)| keep.contains(hash))
                .copied()
                .collect();
            write_store(cache, RECENT, recent);
            return;
        }
        write_store(cache, FILE, pages.to_vec());
        let _ = fs::remove_file(cache.join(RECENT));
    }
}

fn read_store(path: &Path) -> Option<Vec<(Fingerprint, Parsed)>> {
    let bytes = fs::read(path).ok()?;
    let stored = postcard::from_bytes::<Stored>(&bytes).ok()?;
    if stored.generator != fingerprint::generator() {
        return None;
    }
    let chunks: Vec<Vec<(Fingerprint, Parsed)>> = stored
        .chunks
        .par_iter()
        .map(|chunk| postcard::from_bytes(chunk).ok())
        .collect::<Option<_>>()?;
    Some(chunks.into_iter().flatten().collect())
}

fn write_store(cache: &Path, name: &str, pages: Vec<(Fingerprint, &Page, &[Diagnostic])>) {
    let size = pages.len().div_ceil(CHUNKS).max(1);
    let Ok(chunks) = pages
        .par_chunks(size)
        .map(postcard::to_stdvec)
        .collect::<Result<Vec<Vec<u8>>, _>>()
    else {
        return;
    };
    let stored = Stored {
        generator: fingerprint::generator(),
        chunks: chunks.iter().map(Vec::as_slice).collect(),
    };
    let Ok(bytes) = postcard::to_stdvec(&stored) else {
        return;
    };
    let temporary = cache.join(format!("{name}.tmp"));
    let saved = fs::create_dir_all(cache)
        .and_then(|()| fs::write(&temporary, bytes))
        .and_then(|()| fs::rename(&temporary, cache.join(name)));
    if saved.is_err() {
        let _ = fs::remove_file(cache.join(name));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;

    const PAGE: &str = "---\ntitle: \"widget resource type\"\n---\n\n# widget resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n|size|Int32|How big. Read-only.|\n|shape|Strin g|Bad type.|\n\n## JSON representation\n\n<!-- {\n  \"blockType\": \"resource\",\n  \"@odata.type\": \"microsoft.graph.widget\"\n}-->\n\n```json\n{\n  \"size\": 1024,\n  \"shape\": \"String\",\n}\n```\n";

    #[test]
    fn a_stored_page_reads_back_as_parsed_and_a_damaged_store_is_empty() {
        let dir = std::env::temp_dir().join(format!("graphdoc-pages-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let mut diagnostics = Diagnostics::default();
        let page = crate::read::read_page(FileId(3), PAGE, &mut diagnostics);
        assert!(!diagnostics.is_empty(), "the page has findings to keep");
        let parsed = Parsed {
            page: page.clone(),
            diagnostics: diagnostics.iter().cloned().collect(),
        };
        let hash = fingerprint::bytes(PAGE.as_bytes());
        let stored = [(hash, &parsed.page, &parsed.diagnostics[..])];
        PageCache::default().save(&dir, &stored, &[hash]);
        let mut cache = PageCache::load(&dir);
        let again = cache.take(hash).expect("the page").for_file(FileId(7));
        let mut expected = Diagnostics::default();
        let fresh = crate::read::read_page(FileId(7), PAGE, &mut expected);
        assert_eq!(again.page, fresh);
        assert_eq!(
            again.diagnostics,
            expected.iter().cloned().collect::<Vec<_>>()
        );

        // One new page of many goes to the recent store, read back with the main one.
        let other = fingerprint::bytes(b"another page");
        let mut many: Vec<_> = (0..40u128).map(|h| (h, &page, &[][..])).collect();
        many.push((other, &page, &[][..]));
        PageCache::load(&dir).save(&dir, &many, &(0..40).collect::<Vec<_>>());
        PageCache::load(&dir).save(&dir, &many, &[other]);
        assert!(dir.join(RECENT).is_file());
        let mut cache = PageCache::load(&dir);
        assert!(cache.take(other).is_some() && cache.take(39).is_some());

        let bytes = fs::read(dir.join(FILE)).unwrap();
        fs::write(dir.join(FILE), &bytes[..bytes.len() / 2]).unwrap();
        assert!(PageCache::load(&dir).take(3).is_none());
        fs::remove_dir_all(dir).unwrap();
    }
}
