//! The generation cache: a run with it writes exactly what a run without it writes,
//! whatever changed in between (pages, settings, the output on disk, the cache itself).

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::TempDir;
use graphdoc::config_file::TypeMapping;
use graphdoc::emit::GeneratedCrate;
use graphdoc::{CrateDir, Settings};

/// The good fixture pages, copied where the test can edit them.
fn fixture_pages(dir: &TempDir) -> PathBuf {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/good");
    let pages = dir.join("pages");
    fs::create_dir_all(&pages).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), pages.join(entry.file_name())).unwrap();
    }
    pages
}

struct Setup {
    pages: PathBuf,
    out: PathBuf,
    cache: PathBuf,
}

impl Setup {
    fn new(dir: &TempDir) -> Setup {
        Setup {
            pages: fixture_pages(dir),
            out: dir.join("out"),
            cache: dir.join("cache"),
        }
    }

    fn target(&self) -> CrateDir {
        CrateDir::new(&self.out).with_cache_dir(&self.cache)
    }

    /// Generates with the cache; returns how many items kept their files.
    fn generate(&self, settings: &Settings) -> usize {
        let run = graphdoc::generate(&[&self.pages], settings, &self.target());
        assert!(run.written, "{:?}", run.rendered_diagnostics());
        run.reused
    }

    /// What a run without a cache generates now.
    fn cold(&self, settings: &Settings) -> GeneratedCrate {
        graphdoc::generate_in_memory(&[&self.pages], settings, &CrateDir::new(&self.out))
            .output
            .expect("the fixtures generate")
    }

    fn on_disk(&self) -> GeneratedCrate {
        graphdoc::output::read_crate(&self.out).unwrap()
    }

    /// Fails unless the output is exactly what a run without a cache writes.
    fn assert_current(&self, settings: &Settings, what: &str) {
        let cold = self.cold(settings);
        let on_disk = self.on_disk();
        let differences = graphdoc::check::compare_crates(&cold, &on_disk, "out");
        assert!(
            differences.is_empty(),
            "{what}: the output differs from a cold run's:\n{}",
            graphdoc::check::render(&differences)
        );
    }

    fn edit(&self, page: &str, from: &str, to: &str) {
        let path = self.pages.join(page);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{page} has `{from}`");
        fs::write(path, text.replacen(from, to, 1)).unwrap();
    }
}

#[test]
fn every_incremental_run_writes_what_a_cold_run_writes() {
    let dir = TempDir::new("cache-incremental");
    let setup = Setup::new(&dir);
    let settings = Settings::new();
    assert_eq!(
        setup.generate(&settings),
        0,
        "the first run prints everything"
    );
    setup.assert_current(&settings, "first run");
    let items = setup.generate(&settings);
    assert!(items > 5, "an unchanged run reuses every item ({items})");
    setup.assert_current(&settings, "unchanged");

    setup.edit(
        "widget.md",
        "Name shown to people.",
        "Name shown to people, edited.",
    );
    // The widget's struct, its `AnyWidget` enum, whose accessors carry the field's docs,
    // and the gizmo derived from it, whose field inherits them.
    assert_eq!(
        setup.generate(&settings),
        items - 3,
        "only the widget reprints"
    );
    setup.assert_current(&settings, "a description edited");

    setup.edit("widget.md", "| level | Byte |", "| level | Int64 |");
    setup.generate(&settings);
    setup.assert_current(&settings, "a property's type changed");

    // A page added, then removed: its files appear, then go.
    let added = fs::read_to_string(setup.pages.join("sprocket.md"))
        .unwrap()
        .replace("sprocket", "gizmo")
        .replace("Sprocket", "Gizmo");
    fs::write(setup.pages.join("gizmo.md"), added).unwrap();
    setup.generate(&settings);
    setup.assert_current(&settings, "a page added");
    assert!(setup.on_disk().files.keys().any(|p| p.contains("gizmo")));
    fs::remove_file(setup.pages.join("gizmo.md")).unwrap();
    setup.generate(&settings);
    setup.assert_current(&settings, "a page removed");
    assert!(!setup.on_disk().files.keys().any(|p| p.contains("gizmo")));

    // Settings: a rename reprints what refers to the renamed type; a mapping, everything.
    let renamed = Settings::new().with_rename("widget", "Gadget");
    setup.generate(&renamed);
    setup.assert_current(&renamed, "a type renamed");
    let strings = Settings::new().with_type_mapping(TypeMapping::Strings);
    assert_eq!(
        setup.generate(&strings),
        0,
        "a new mapping reprints everything"
    );
    setup.assert_current(&strings, "the type mapping changed");
}

#[test]
fn files_changed_on_disk_are_repaired_and_strays_removed() {
    let dir = TempDir::new("cache-disk");
    let setup = Setup::new(&dir);
    let settings = Settings::new();
    setup.generate(&settings);
    let some_item = setup
        .on_disk()
        .files
        .keys()
        .find(|p| p.ends_with("widget.rs"))
        .cloned()
        .expect("a widget file");
    fs::write(setup.out.join(&some_item), "// edited by hand\n").unwrap();
    fs::remove_file(setup.out.join("src/lib.rs")).unwrap();
    fs::write(setup.out.join("src/stray.rs"), "// not generated\n").unwrap();
    fs::create_dir_all(setup.out.join("src/stray_dir")).unwrap();
    fs::write(setup.out.join("src/stray_dir/x.rs"), "").unwrap();
    setup.generate(&settings);
    setup.assert_current(&settings, "files edited, removed and added by hand");
    assert!(!setup.out.join("src/stray_dir").exists());
}

#[test]
fn a_killed_run_is_flagged_by_check_and_repaired_by_the_next() {
    let dir = TempDir::new("cache-killed");
    let setup = Setup::new(&dir);
    let settings = Settings::new();
    setup.generate(&settings);
    let files: Vec<String> = setup.on_disk().files.keys().cloned().collect();
    // What a run killed while replacing files leaves: the record gone (a run removes it
    // before touching the output), one file cut short, a temporary file beside another,
    // one file missing.
    fs::remove_file(setup.cache.join("record")).unwrap();
    let cut = setup.out.join(&files[1]);
    let text = fs::read_to_string(&cut).unwrap();
    fs::write(&cut, &text[..text.len() / 2]).unwrap();
    fs::write(setup.out.join("src/.lib.rs.graphdoc-tmp"), "partial").unwrap();
    fs::remove_file(setup.out.join(&files[2])).unwrap();

    let differences = graphdoc::check::compare(&setup.cold(&settings), &setup.out).unwrap();
    assert!(
        differences.len() >= 3,
        "check flags the damage: {differences:?}"
    );

    assert_eq!(
        setup.generate(&settings),
        0,
        "no record: everything is printed"
    );
    setup.assert_current(&settings, "after a killed run");
}

#[test]
fn a_damaged_cache_means_a_full_run_and_no_error() {
    let dir = TempDir::new("cache-damaged");
    let setup = Setup::new(&dir);
    let settings = Settings::new();
    setup.generate(&settings);
    for name in ["record", "pages"] {
        let path = setup.cache.join(name);
        assert!(path.is_file(), "the cache holds {name}");
        fs::write(&path, b"\x00garbage\xff").unwrap();
    }
    setup.edit("widget.md", "Whether the widget runs.", "Whether it runs.");
    assert_eq!(setup.generate(&settings), 0);
    setup.assert_current(&settings, "after the cache was damaged");

    // A cache that cannot be written (a file where its directory should be) costs speed only.
    fs::remove_dir_all(&setup.cache).unwrap();
    fs::write(&setup.cache, "not a directory").unwrap();
    setup.edit("widget.md", "Whether it runs.", "Whether the widget runs.");
    setup.generate(&settings);
    setup.assert_current(&settings, "with an unwritable cache");
}

#[test]
fn the_cache_never_lives_inside_the_crate() {
    let dir = TempDir::new("cache-inside");
    let setup = Setup::new(&dir);
    let settings = Settings::new();
    let inside = CrateDir::new(&setup.out).with_cache_dir(setup.out.join("cache"));
    let run = graphdoc::generate(&[&setup.pages], &settings, &inside);
    assert!(run.written);
    assert!(!setup.out.join("cache").exists());
    setup.assert_current(&settings, "a cache dir inside the crate is ignored");
}
