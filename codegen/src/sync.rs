//! `graphdoc sync`: copies the pages a `graphdoc.toml`'s `[upstream]` section names from a
//! local checkout of the docs repository into the first input directory, and records what
//! it copied in `graphdoc.lock` beside the config file; and the lock's check, which
//! `graphdoc check` runs.
//!
//! The lock:
//!
//! ```toml
//! upstream_commit = "3f5c…"         # the checkout's HEAD
//! generator_version = "0.1.0"       # graphdoc's version
//! repository = "https://github.com/microsoftgraph/microsoft-graph-docs-contrib"
//! removed = []                      # upstream paths a pattern matched once, gone since
//!
//! [[page]]
//! path = "api-reference/beta/resources/cloudpcdeviceimage.md"   # in the repository
//! file = "cloudpcdeviceimage.md"    # in the first input directory
//! sha256 = "…"                      # of the content, line endings made `\n` first
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;
use sha2::{Digest, Sha256};
use toml::Spanned;

use crate::config_file::{ConfigFile, Located};
use crate::diagnostics::{self, Code, Diagnostic};
use crate::source::{Loc, SourceFile, SourceMap};

/// The lock's file name; it sits beside the config file.
pub const LOCK_FILE: &str = "graphdoc.lock";

/// Whether a `pages` entry can name files inside the repository: relative, `/`-separated,
/// without empty, `.` or `..` segments.
pub fn check_pattern(pattern: &str) -> Result<(), String> {
    if pattern.is_empty() {
        return Err("an empty page pattern".to_string());
    }
    if pattern.starts_with('/') || pattern.contains('\\') || pattern.contains(':') {
        return Err(format!(
            "`{pattern}` is not a path relative to the repository's root with `/` separators"
        ));
    }
    if pattern
        .split('/')
        .any(|segment| segment.is_empty() || segment == "." || segment == "..")
    {
        return Err(format!(
            "`{pattern}` has an empty, `.` or `..` segment; name paths from the repository's root"
        ));
    }
    Ok(())
}

/// Whether a `/`-separated path matches a pattern: `*` is any run of characters within a
/// segment, `?` one character, and a `**` segment any number of segments (none included).
pub fn glob_match(pattern: &str, path: &str) -> bool {
    let pattern: Vec<&str> = pattern.split('/').collect();
    let path: Vec<&str> = path.split('/').collect();
    segments_match(&pattern, &path)
}

fn segments_match(pattern: &[&str], path: &[&str]) -> bool {
    match pattern.split_first() {
        None => path.is_empty(),
        Some((&"**", rest)) => (0..=path.len()).any(|skip| segments_match(rest, &path[skip..])),
        Some((first, rest)) => match path.split_first() {
            Some((segment, path_rest)) => {
                let p: Vec<char> = first.chars().collect();
                let s: Vec<char> = segment.chars().collect();
                segment_match(&p, &s) && segments_match(rest, path_rest)
            }
            None => false,
        },
    }
}

fn segment_match(pattern: &[char], text: &[char]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some(('*', rest)) => (0..=text.len()).any(|skip| segment_match(rest, &text[skip..])),
        Some(('?', rest)) => !text.is_empty() && segment_match(rest, &text[1..]),
        Some((c, rest)) => text.first() == Some(c) && segment_match(rest, &text[1..]),
    }
}

/// The patterns for `git sparse-checkout set --no-cone`, one per page pattern. A pattern
/// without a `/` is anchored at the root with a leading `/` (git would match it at any
/// depth); one with a `/` is anchored already.
pub fn sparse_patterns(pages: &[Located]) -> Vec<String> {
    pages
        .iter()
        .map(|page| {
            if page.value.contains('/') {
                page.value.clone()
            } else {
                format!("/{}", page.value)
            }
        })
        .collect()
}

/// The SHA-256 of a page, in lower-case hex, with `\r\n` and lone `\r` made `\n` first so
/// a checkout with Windows line endings hashes the same.
pub fn content_hash(bytes: &[u8]) -> String {
    let mut normalized = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\r' {
            normalized.push(b'\n');
            if bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
        } else {
            normalized.push(bytes[i]);
        }
        i += 1;
    }
    let digest = Sha256::digest(&normalized);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// One page the lock lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockedPage {
    /// The page's path in the upstream repository.
    pub path: String,
    /// Its file name in the first input directory.
    pub file: String,
    /// [`content_hash`] of its content.
    pub sha256: String,
}

/// `graphdoc.lock`: what the last sync copied, from which commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lock {
    pub upstream_commit: String,
    pub generator_version: String,
    pub repository: Option<String>,
    /// Upstream paths that a pattern matched once and that upstream no longer has: a
    /// pattern matching only these is not a mistake.
    pub removed: Vec<String>,
    pub pages: Vec<LockedPage>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLock {
    upstream_commit: String,
    generator_version: String,
    repository: Option<String>,
    #[serde(default)]
    removed: Vec<String>,
    #[serde(default, rename = "page")]
    pages: Vec<RawPage>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPage {
    path: String,
    file: Spanned<String>,
    sha256: Spanned<String>,
}

impl Lock {
    /// Parses a lock's text; a problem comes with the place it is at.
    pub fn parse(text: &str) -> Result<Lock, (String, Range<usize>)> {
        let raw: RawLock = toml::from_str(text).map_err(|error| {
            (
                error.message().trim().to_string(),
                error.span().unwrap_or(0..0),
            )
        })?;
        let mut files = BTreeSet::new();
        for page in &raw.pages {
            let file = page.file.get_ref();
            if !is_file_name(file) {
                return Err((format!("`{file}` is not a file name"), page.file.span()));
            }
            if !files.insert(file.as_str()) {
                return Err((format!("`{file}` is listed twice"), page.file.span()));
            }
            let sha256 = page.sha256.get_ref();
            if sha256.len() != 64
                || !sha256
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
            {
                return Err((
                    format!("`{sha256}` is not a lower-case hex SHA-256"),
                    page.sha256.span(),
                ));
            }
        }
        Ok(Lock {
            upstream_commit: raw.upstream_commit,
            generator_version: raw.generator_version,
            repository: raw.repository,
            removed: raw.removed,
            pages: raw
                .pages
                .into_iter()
                .map(|page| LockedPage {
                    path: page.path,
                    file: page.file.into_inner(),
                    sha256: page.sha256.into_inner(),
                })
                .collect(),
        })
    }

    /// Reads the lock at `path`: `Ok(None)` when there is none, rendered GD0010 errors
    /// when it cannot be used.
    pub fn read(path: &Path) -> Result<Option<Lock>, Vec<String>> {
        let display = display(path);
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => {
                return Err(vec![render(Diagnostic::at_path(
                    Code::LockInvalid,
                    display,
                    format!("cannot read the lock: {error}"),
                ))]);
            }
        };
        Lock::parse(&text).map(Some).map_err(|(message, span)| {
            let mut sources = SourceMap::default();
            let file = sources.add(SourceFile::not_a_page(path.to_path_buf(), display, text));
            let d = Diagnostic::new(Code::LockInvalid, Loc::new(file, span), message)
                .with_help("`graphdoc sync` writes the lock; see its format in the README");
            vec![diagnostics::render(&d, &sources)]
        })
    }

    /// The lock as written: a comment, the commit and version, then one `[[page]]` each.
    pub fn render(&self) -> String {
        let mut out = String::from(
            "# Written by `graphdoc sync`: the upstream commit and the pages it copied.\n\
             # `graphdoc check` fails when an input page no longer has its hash. Do not edit.\n",
        );
        out.push_str(&format!(
            "upstream_commit = {}\n",
            toml_string(&self.upstream_commit)
        ));
        out.push_str(&format!(
            "generator_version = {}\n",
            toml_string(&self.generator_version)
        ));
        if let Some(repository) = &self.repository {
            out.push_str(&format!("repository = {}\n", toml_string(repository)));
        }
        if !self.removed.is_empty() {
            out.push_str("removed = [\n");
            for path in &self.removed {
                out.push_str(&format!("    {},\n", toml_string(path)));
            }
            out.push_str("]\n");
        }
        for page in &self.pages {
            out.push_str(&format!(
                "\n[[page]]\npath = {}\nfile = {}\nsha256 = {}\n",
                toml_string(&page.path),
                toml_string(&page.file),
                toml_string(&page.sha256)
            ));
        }
        out
    }
}

fn is_file_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\', ':'])
        && !name.starts_with(' ')
}

fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

fn render(diagnostic: Diagnostic) -> String {
    diagnostics::render(&diagnostic, &SourceMap::default())
}

/// The first input of a config file: where synced pages go and lock files are found.
pub fn pages_dir(config: &ConfigFile) -> PathBuf {
    config
        .inputs
        .first()
        .cloned()
        .unwrap_or_else(|| PathBuf::from("docs-input"))
}

/// Compares the input pages with the lock beside the config file, if there is one:
/// rendered GD0007 (a page edited since the sync), GD0008 (a page missing) and GD0010
/// (an unusable lock) errors. No lock, no errors.
pub fn verify(config: &ConfigFile) -> Vec<String> {
    let lock = match Lock::read(&config.lock_path()) {
        Ok(Some(lock)) => lock,
        Ok(None) => return Vec::new(),
        Err(errors) => return errors,
    };
    let dir = pages_dir(config);
    let lock_display = display(&config.lock_path());
    let mut errors = Vec::new();
    for page in &lock.pages {
        let path = dir.join(&page.file);
        let shown = display(&path);
        match std::fs::read(&path) {
            Ok(bytes) => {
                let hash = content_hash(&bytes);
                if hash != page.sha256 {
                    errors.push(render(
                        Diagnostic::at_path(
                            Code::PageEdited,
                            shown,
                            format!(
                                "the page differs from `{}` as {lock_display} records it (sha256 {}, now {hash})",
                                page.path, page.sha256
                            ),
                        )
                        .with_help(
                            "edit the page upstream and run `graphdoc sync` again; `graphdoc sync` puts the synced page back",
                        ),
                    ));
                }
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                errors.push(render(
                    Diagnostic::at_path(
                        Code::PageMissing,
                        shown,
                        format!(
                            "{lock_display} lists this page (`{}`), but it is not there",
                            page.path
                        ),
                    )
                    .with_help("run `graphdoc sync` to copy it again"),
                ));
            }
            Err(error) => errors.push(render(Diagnostic::at_path(
                Code::ReadFailed,
                shown,
                format!("cannot read the page: {error}"),
            ))),
        }
    }
    errors
}

/// How a page fared in a sync.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Added,
    Changed,
    /// Upstream is as the lock says, but the input page was not: it is put back.
    Restored,
    Unchanged,
}

/// One page a sync copies.
#[derive(Debug, Clone)]
pub struct Copied {
    pub path: String,
    pub file: String,
    pub change: Change,
    bytes: Vec<u8>,
    write: bool,
}

/// One page a sync removes.
#[derive(Debug, Clone)]
pub struct Dropped {
    pub path: String,
    pub file: String,
    /// Whether upstream no longer has it (rather than no pattern selecting it any more).
    pub gone_upstream: bool,
    delete: bool,
}

/// What a sync will do, decided before anything is written.
#[derive(Debug, Clone)]
pub struct Plan {
    pub commit: String,
    pub dir: PathBuf,
    pub lock_path: PathBuf,
    pub lock: Lock,
    pub copied: Vec<Copied>,
    pub dropped: Vec<Dropped>,
}

/// Runs `git -C dir args…` with no repository taken from the environment; its stdout,
/// or its stderr's first line.
fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .env("GIT_OPTIONAL_LOCKS", "0")
        .output()
        .map_err(|error| format!("cannot run git: {error}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        Err(stderr
            .lines()
            .next()
            .unwrap_or("git failed")
            .trim()
            .to_string())
    }
}

/// Decides what syncing `config`'s upstream pages from the checkout `from` does. Every
/// problem is a rendered error (GD0009, or GD0010 for the lock); nothing is written.
pub fn plan(config: &ConfigFile, from: &Path) -> Result<Plan, Vec<String>> {
    let from_shown = display(from);
    let refuse = |message: String, help: &str| {
        vec![render(
            Diagnostic::at_path(Code::SyncRefused, from_shown.clone(), message).with_help(help),
        )]
    };
    let config_shown = display(&config.path);
    let Some(upstream) = config.upstream.as_ref().filter(|u| !u.pages.is_empty()) else {
        return Err(vec![render(
            Diagnostic::at_path(
                Code::SyncRefused,
                config_shown,
                "the config file names no upstream pages",
            )
            .with_help("add `[upstream]` with `pages = [\"api-reference/…\"]`"),
        )]);
    };
    if !from.is_dir() {
        return Err(refuse(
            "not a directory".to_string(),
            "pass a checkout of the upstream docs repository",
        ));
    }
    let toplevel = git(from, &["rev-parse", "--show-toplevel"]).map_err(|error| {
        refuse(
            format!("not a git checkout: {error}"),
            "pass a checkout of the upstream docs repository (a sparse clone is enough)",
        )
    })?;
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if !same(Path::new(toplevel.trim()), from) {
        return Err(refuse(
            "not the root of a git checkout, but a directory inside one".to_string(),
            "pass the checkout's root directory: pages are named from the repository's root",
        ));
    }
    let commit = git(from, &["rev-parse", "--verify", "HEAD"])
        .map_err(|error| {
            refuse(
                format!("the checkout has no commit: {error}"),
                "check out a commit",
            )
        })?
        .trim()
        .to_string();
    let status = git(from, &["status", "--porcelain"])
        .map_err(|error| refuse(format!("git status failed: {error}"), "check the checkout"))?;
    if !status.trim().is_empty() {
        let shown: Vec<&str> = status.lines().take(5).collect();
        return Err(refuse(
            format!(
                "the checkout has uncommitted changes, so its pages are not those of commit {commit}: {}",
                shown.join("; ")
            ),
            "commit, stash or discard the changes (`git status` lists them), or use a clean checkout",
        ));
    }
    let listed = git(from, &["ls-files", "-z"]).map_err(|error| {
        refuse(
            format!("git ls-files failed: {error}"),
            "check the checkout",
        )
    })?;
    let tracked: BTreeSet<&str> = listed.split('\0').filter(|p| !p.is_empty()).collect();

    let lock_path = config.lock_path();
    let old = Lock::read(&lock_path)?;
    let known: Vec<&str> = old
        .iter()
        .flat_map(|lock| {
            lock.pages
                .iter()
                .map(|p| p.path.as_str())
                .chain(lock.removed.iter().map(String::as_str))
        })
        .collect();

    // Every pattern matches something upstream, or only pages the lock knew of.
    let mut sources = SourceMap::default();
    let config_text = std::fs::read_to_string(&config.path).unwrap_or_default();
    let config_file = sources.add(SourceFile::not_a_page(
        config.path.clone(),
        config_shown.clone(),
        config_text,
    ));
    let mut errors = Vec::new();
    let mut selected: BTreeSet<&str> = BTreeSet::new();
    for pattern in &upstream.pages {
        let matches: Vec<&str> = tracked
            .iter()
            .copied()
            .filter(|path| glob_match(&pattern.value, path))
            .collect();
        if matches.is_empty() && !known.iter().any(|path| glob_match(&pattern.value, path)) {
            let d = Diagnostic::new(
                Code::SyncRefused,
                Loc::new(config_file, pattern.span.clone()),
                format!(
                    "`{}` matches no page of {from_shown} at {commit}",
                    pattern.value
                ),
            )
            .with_help("check the path against the repository; `*`, `?` and `**` are the globs");
            errors.push(diagnostics::render(&d, &sources));
        }
        selected.extend(matches);
    }

    // One file name per page, and each page readable in the work tree.
    let mut by_file: BTreeMap<String, &str> = BTreeMap::new();
    let mut pages: Vec<(String, String, Vec<u8>)> = Vec::new();
    for path in &selected {
        let file = path.rsplit('/').next().unwrap_or(path).to_string();
        if let Some(other) = by_file.insert(file.clone(), path) {
            errors.push(render(
                Diagnostic::at_path(
                    Code::SyncRefused,
                    config_shown.clone(),
                    format!("`{other}` and `{path}` would both be copied to `{file}`"),
                )
                .with_help("narrow the patterns so one page has each file name"),
            ));
            continue;
        }
        match std::fs::read(from.join(path)) {
            Ok(bytes) => pages.push((path.to_string(), file, bytes)),
            Err(error) => errors.push(render(
                Diagnostic::at_path(
                    Code::SyncRefused,
                    format!("{from_shown}/{path}"),
                    format!("the page is in commit {commit} but cannot be read from the work tree: {error}"),
                )
                .with_help(
                    "in a sparse checkout, set the patterns `graphdoc sync --print-sparse-patterns` prints",
                ),
            )),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let dir = pages_dir(config);
    if dir.exists() && !dir.is_dir() {
        return Err(vec![render(Diagnostic::at_path(
            Code::SyncRefused,
            display(&dir),
            "the first input is a file; synced pages go into a directory",
        ))]);
    }
    let old_pages: BTreeMap<&str, &LockedPage> = old
        .iter()
        .flat_map(|lock| lock.pages.iter().map(|p| (p.path.as_str(), p)))
        .collect();
    let mut copied = Vec::new();
    let mut locked = Vec::new();
    for (path, file, bytes) in pages {
        let sha256 = content_hash(&bytes);
        let on_disk = std::fs::read(dir.join(&file)).ok();
        let change = match old_pages.get(path.as_str()) {
            None => Change::Added,
            Some(old) if old.sha256 != sha256 || old.file != file => Change::Changed,
            Some(_) if on_disk.as_deref().map(content_hash).as_ref() != Some(&sha256) => {
                Change::Restored
            }
            Some(_) => Change::Unchanged,
        };
        locked.push(LockedPage {
            path: path.clone(),
            file: file.clone(),
            sha256,
        });
        copied.push(Copied {
            write: on_disk.as_deref() != Some(bytes.as_slice()),
            path,
            file,
            change,
            bytes,
        });
    }
    let mut dropped = Vec::new();
    for old_page in old.iter().flat_map(|lock| &lock.pages) {
        if selected.contains(old_page.path.as_str()) {
            continue;
        }
        dropped.push(Dropped {
            path: old_page.path.clone(),
            file: old_page.file.clone(),
            gone_upstream: !tracked.contains(old_page.path.as_str()),
            delete: !by_file.contains_key(&old_page.file) && dir.join(&old_page.file).exists(),
        });
    }
    let mut removed: BTreeSet<String> = old
        .iter()
        .flat_map(|lock| lock.removed.iter().cloned())
        .collect();
    removed.extend(
        dropped
            .iter()
            .filter(|d| d.gone_upstream)
            .map(|d| d.path.clone()),
    );
    removed.retain(|path| {
        !tracked.contains(path.as_str())
            && upstream
                .pages
                .iter()
                .any(|pattern| glob_match(&pattern.value, path))
    });
    Ok(Plan {
        lock: Lock {
            upstream_commit: commit.clone(),
            generator_version: env!("CARGO_PKG_VERSION").to_string(),
            repository: upstream.repository.clone(),
            removed: removed.into_iter().collect(),
            pages: locked,
        },
        commit,
        dir,
        lock_path,
        copied,
        dropped,
    })
}

impl Plan {
    /// Writes the pages, deletes the dropped ones and writes the lock last, each file
    /// written beside its place and renamed into it.
    pub fn apply(&self) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        for page in self.copied.iter().filter(|p| p.write) {
            write_replacing(&self.dir.join(&page.file), &page.bytes)?;
        }
        for page in self.dropped.iter().filter(|p| p.delete) {
            std::fs::remove_file(self.dir.join(&page.file))?;
        }
        write_replacing(&self.lock_path, self.lock.render().as_bytes())
    }

    /// One line per page added, changed, restored or removed.
    pub fn report_lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for page in &self.copied {
            let what = match page.change {
                Change::Added => "added",
                Change::Changed => "changed",
                Change::Restored => "restored (edited since the last sync)",
                Change::Unchanged => continue,
            };
            lines.push(format!(
                "{what}: {} -> {}",
                page.path,
                display(&self.dir.join(&page.file))
            ));
        }
        for page in &self.dropped {
            let why = if page.gone_upstream {
                "upstream no longer has it"
            } else {
                "no pattern selects it"
            };
            lines.push(format!(
                "removed: {} ({why}; {} deleted)",
                page.path,
                display(&self.dir.join(&page.file))
            ));
        }
        lines
    }

    /// How many pages each change counts.
    pub fn count(&self, change: Change) -> usize {
        self.copied.iter().filter(|p| p.change == change).count()
    }
}

fn write_replacing(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.graphdoc-sync"));
    std::fs::write(&temporary, bytes)?;
    std::fs::rename(&temporary, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        let page = "api-reference/beta/resources/cloudpcdeviceimage.md";
        assert!(glob_match(page, page));
        assert!(glob_match("api-reference/beta/resources/cloudpc*.md", page));
        assert!(glob_match("api-reference/*/resources/*.md", page));
        assert!(glob_match("**/cloudpcdeviceimage.md", page));
        assert!(glob_match("api-reference/**", page));
        assert!(glob_match("api-reference/**/resources/**/*.md", page));
        assert!(glob_match(
            "api-reference/beta/resources/cloudpcdeviceimag?.md",
            page
        ));
        assert!(!glob_match(
            "api-reference/beta/resources/cloudpc?.md",
            page
        ));
        assert!(!glob_match("api-reference/*.md", page));
        assert!(!glob_match("*/cloudpcdeviceimage.md", page));
        assert!(!glob_match("api-reference/v1.0/resources/*.md", page));
    }

    #[test]
    fn patterns_stay_inside_the_repository() {
        assert!(check_pattern("a/*.md").is_ok());
        assert!(check_pattern("**/x.md").is_ok());
        for bad in [
            "",
            "/a.md",
            "a/../b.md",
            "./a.md",
            "a//b.md",
            "a\\b.md",
            "a/",
        ] {
            assert!(check_pattern(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn hashes_ignore_line_endings() {
        assert_eq!(content_hash(b"a\r\nb\rc\n"), content_hash(b"a\nb\nc\n"));
        assert_eq!(
            content_hash(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn a_lock_reads_back_what_it_writes() {
        let lock = Lock {
            upstream_commit: "0".repeat(40),
            generator_version: "0.1.0".to_string(),
            repository: Some("https://example.com/docs".to_string()),
            removed: vec!["a/gone.md".to_string()],
            pages: vec![LockedPage {
                path: "a/\"x\".md".to_string(),
                file: "\"x\".md".to_string(),
                sha256: content_hash(b"x"),
            }],
        };
        assert_eq!(Lock::parse(&lock.render()).unwrap(), lock);
        let (message, _) = Lock::parse("upstream_commit = \"0\"\n").unwrap_err();
        assert!(message.contains("generator_version"), "{message}");
        let bad_hash = "upstream_commit = \"0\"\ngenerator_version = \"0\"\n[[page]]\npath = \"a.md\"\nfile = \"a.md\"\nsha256 = \"xyz\"\n";
        let (message, span) = Lock::parse(bad_hash).unwrap_err();
        assert!(message.contains("xyz"), "{message}");
        assert_eq!(&bad_hash[span], "\"xyz\"");
    }

    #[test]
    fn sparse_patterns_are_anchored() {
        let located = |value: &str| Located {
            value: value.to_string(),
            span: 0..0,
        };
        assert_eq!(
            sparse_patterns(&[located("a/b/*.md"), located("top.md")]),
            ["a/b/*.md", "/top.md"]
        );
    }
}
