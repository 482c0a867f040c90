//! The record a complete run leaves in the cache: each output file's content hash, size
//! and modification time, and each item file's fingerprint.
//!
//! It is a text file written whole (temporary file, then rename) after the output is
//! complete, and removed before a run touches the output, so a run killed midway leaves
//! no record and the next run rewrites the whole crate. A record that cannot be read or
//! parsed counts as none.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::fingerprint::Fingerprint;

/// The record's file name in the cache directory.
const FILE: &str = "record";
/// The first line: the format and the generator it was written by.
const HEADER: &str = "graphdoc-cache 1";

/// What the record says about one output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileState {
    pub hash: Fingerprint,
    pub size: u64,
    /// Modification time in nanoseconds since the epoch.
    pub modified: u128,
}

impl FileState {
    /// The state of the file at `path` holding `contents`, as written.
    pub fn of(path: &Path, contents: &[u8]) -> io::Result<FileState> {
        let metadata = fs::metadata(path)?;
        Ok(FileState {
            hash: super::fingerprint::bytes(contents),
            size: metadata.len(),
            modified: nanos(metadata.modified()?),
        })
    }
}

/// Nanoseconds since the epoch (0 before it).
pub fn nanos(time: SystemTime) -> u128 {
    time.duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

/// A complete run's record of the output directory `out`.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Record {
    /// The output directory, canonical.
    pub out: PathBuf,
    pub files: HashMap<String, FileState>,
    /// Item files by path: the fingerprint they were printed from.
    pub items: HashMap<String, Fingerprint>,
    /// When the record was written (its file's modification time): a file modified at
    /// or after it may have changed without changing its recorded time.
    pub written: u128,
}

impl Record {
    /// The record in `cache` for `out`, when there is a readable one for that directory
    /// written by this generator.
    pub fn load(cache: &Path, out: &Path) -> Option<Record> {
        let path = cache.join(FILE);
        let text = fs::read_to_string(&path).ok()?;
        let written = nanos(fs::metadata(&path).ok()?.modified().ok()?);
        let mut record = parse(&text)?;
        record.written = written;
        (record.out == out).then_some(record)
    }

    /// Removes the record: from now on the output may not be what it says.
    pub fn invalidate(cache: &Path) -> io::Result<()> {
        match fs::remove_file(cache.join(FILE)) {
            Err(error) if error.kind() != io::ErrorKind::NotFound => Err(error),
            _ => Ok(()),
        }
    }

    /// Writes the record whole, replacing any previous one.
    pub fn save(&self, cache: &Path) -> io::Result<()> {
        fs::create_dir_all(cache)?;
        // Written into one buffer: the record has two lines per file.
        let mut text = String::with_capacity(128 * (self.files.len() + self.items.len()));
        let _ = writeln!(text, "{HEADER}\n{}", super::fingerprint::generator());
        let _ = writeln!(text, "out {}", self.out.to_string_lossy());
        let mut files: Vec<_> = self.files.iter().collect();
        files.sort_unstable_by(|a, b| a.0.cmp(b.0));
        for (path, state) in files {
            let _ = writeln!(
                text,
                "F {:032x} {} {} {path}",
                state.hash, state.size, state.modified
            );
        }
        let mut items: Vec<_> = self.items.iter().collect();
        items.sort_unstable_by(|a, b| a.0.cmp(b.0));
        for (path, fingerprint) in items {
            let _ = writeln!(text, "I {fingerprint:032x} {path}");
        }
        // A record cut short (a full disk) lacks this line and is no record.
        text.push_str("end\n");
        let temporary = cache.join(format!("{FILE}.tmp"));
        fs::write(&temporary, text)?;
        fs::rename(&temporary, cache.join(FILE))
    }
}

/// Reads a record's text; `None` when it is not one this generator wrote.
fn parse(text: &str) -> Option<Record> {
    let mut lines = text.lines();
    if lines.next()? != HEADER || lines.next()? != super::fingerprint::generator() {
        return None;
    }
    let out = PathBuf::from(lines.next()?.strip_prefix("out ")?);
    let mut record = Record {
        out,
        ..Record::default()
    };
    let mut ended = false;
    for line in lines {
        if ended {
            return None;
        }
        if line == "end" {
            ended = true;
            continue;
        }
        let (kind, rest) = line.split_once(' ')?;
        match kind {
            "F" => {
                let mut parts = rest.splitn(4, ' ');
                let hash = u128::from_str_radix(parts.next()?, 16).ok()?;
                let size = parts.next()?.parse().ok()?;
                let modified = parts.next()?.parse().ok()?;
                let path = parts.next()?.to_string();
                record.files.insert(
                    path,
                    FileState {
                        hash,
                        size,
                        modified,
                    },
                );
            }
            "I" => {
                let (fingerprint, path) = rest.split_once(' ')?;
                let fingerprint = u128::from_str_radix(fingerprint, 16).ok()?;
                record.items.insert(path.to_string(), fingerprint);
            }
            _ => return None,
        }
    }
    ended.then_some(record)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_back_and_a_damaged_one_is_none() {
        let dir = std::env::temp_dir().join(format!("graphdoc-record-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let mut record = Record {
            out: PathBuf::from("/some/out dir"),
            ..Record::default()
        };
        record.files.insert(
            "src/a b.rs".to_string(),
            FileState {
                hash: 7,
                size: 12,
                modified: 1_700_000_000_123_456_789,
            },
        );
        record.items.insert("src/a b.rs".to_string(), u128::MAX);
        record.save(&dir).unwrap();
        let loaded = Record::load(&dir, Path::new("/some/out dir")).expect("the record");
        assert_eq!(loaded.files, record.files);
        assert_eq!(loaded.items, record.items);
        assert!(loaded.written > 0);
        assert!(Record::load(&dir, Path::new("/another")).is_none());

        let text = fs::read_to_string(dir.join(FILE)).unwrap();
        fs::write(dir.join(FILE), &text[..text.len() - 5]).unwrap();
        assert!(Record::load(&dir, Path::new("/some/out dir")).is_none());
        fs::write(dir.join(FILE), text.replace("F ", "X ")).unwrap();
        assert!(Record::load(&dir, Path::new("/some/out dir")).is_none());
        Record::invalidate(&dir).unwrap();
        Record::invalidate(&dir).unwrap();
        assert!(Record::load(&dir, Path::new("/some/out dir")).is_none());
        fs::remove_dir_all(dir).unwrap();
    }
}
