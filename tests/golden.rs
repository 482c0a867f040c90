//! Snapshot tests: generating from the checked-in pages must give exactly the checked-in
//! crates, byte for byte. `GRAPHDOC_BLESS=1 cargo test -p graphdoc-tests --test golden`
//! rewrites them after an intended change; review the diff before committing.

use graphdoc::check;
use graphdoc::{ConfigFile, CrateDir, Run, Settings};
use graphdoc_tests::{CurrentDir, blessing, repo_root};

/// Generates from `input` into memory and compares with the crate checked in at `out`.
fn assert_up_to_date(input: &str, out: &str, crate_name: Option<&str>) {
    let root = repo_root();
    let mut target = CrateDir::new(out);
    if let Some(name) = crate_name {
        target = target.with_crate_name(name);
    }
    let settings = Settings::new();
    let run = {
        let _cwd = CurrentDir::enter(&root);
        graphdoc::generate_in_memory(&[input], &settings, &target)
    };
    let fresh = graphdoc_tests::expect_output(&run);
    if blessing() {
        graphdoc::output::write_crate(&root.join(out), fresh).expect("golden crate is writable");
        return;
    }
    let differences = check::compare(fresh, &root.join(out)).expect("golden crate is readable");
    assert!(
        differences.is_empty(),
        "{out} is not what {input} generates:\n{}\nrun `GRAPHDOC_BLESS=1 cargo test -p graphdoc-tests --test golden` (or `{}`) and review the diff",
        check::render(&differences),
        graphdoc::pipeline::regenerate_command(&[input], &settings, &target)
    );
}

#[test]
fn docs_input_generates_the_checked_in_crate() {
    // As `graphdoc generate` with no arguments runs it: from the root's graphdoc.toml.
    assert_config_up_to_date("graphdoc.toml");
}

#[test]
fn good_fixtures_generate_their_checked_in_crate() {
    assert_up_to_date(
        "tests/fixtures/good",
        "tests/golden/fixtures-crate",
        Some("graphdoc-fixtures"),
    );
}

/// Generates from a config file, as `graphdoc generate --config <it>` does, into memory and
/// compares with the crate checked in where the file says it goes.
fn assert_config_up_to_date(config_path: &str) -> Run {
    let root = repo_root();
    let (config, run) = {
        let _cwd = CurrentDir::enter(&root);
        let config = ConfigFile::read(config_path).expect("the fixture config is valid");
        let run = graphdoc::generate_in_memory(&config.inputs, &config.settings, &config.crate_dir);
        (config, run)
    };
    let fresh = graphdoc_tests::expect_output(&run);
    let out = root.join(config.crate_dir.dir());
    if blessing() {
        graphdoc::output::write_crate(&out, fresh).expect("golden crate is writable");
        return run;
    }
    let differences = check::compare(fresh, &out).expect("golden crate is readable");
    assert!(
        differences.is_empty(),
        "{} is not what {config_path} generates:\n{}\nrun `{}`",
        config.crate_dir.dir().display(),
        check::render(&differences),
        graphdoc::pipeline::regenerate_command(&config.inputs, &config.settings, &config.crate_dir)
    );
    run
}

#[test]
fn config_fixture_generates_its_checked_in_crate() {
    let run = assert_config_up_to_date("tests/fixtures/config/graphdoc.toml");
    let fresh = graphdoc_tests::expect_output(&run);
    // The selection keeps `widgetPart` (renamed), `widget` and what they use, nothing
    // else, besides the support modules every struct and enum needs: not the record the
    // widget's `latestRecord` relationship leads to.
    let names: Vec<&str> = fresh.files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "Cargo.toml",
            "src/any_entity.rs",
            "src/changes.rs",
            "src/collection.rs",
            "src/entity.rs",
            "src/lib.rs",
            "src/null_properties.rs",
            "src/part.rs",
            "src/part_kind.rs",
            "src/removed.rs",
            "src/serde_support.rs",
            "src/undocumented_value.rs",
            "src/widget.rs",
            "src/widget_color.rs",
            "src/widget_relationships.rs"
        ]
    );
    assert!(
        !fresh.files["src/widget.rs"].contains("latest"),
        "a relationship to a type outside the selection is left out"
    );
    assert!(fresh.files["src/widget_relationships.rs"].contains("pub parent:"));
    assert!(
        !fresh.files["Cargo.toml"].contains("chrono"),
        "strings mapping needs no chrono"
    );
}

#[test]
fn generation_is_deterministic() {
    let _cwd = CurrentDir::enter(&repo_root());
    let inputs = ["tests/fixtures/good", "docs-input"];
    let settings = Settings::new();
    let first = graphdoc::generate_in_memory(&inputs, &settings, &CrateDir::default());
    let second = graphdoc::generate_in_memory(&inputs, &settings, &CrateDir::default());
    assert!(first.output.is_some());
    assert_eq!(first.output, second.output);
    assert_eq!(first.rendered_diagnostics(), second.rendered_diagnostics());
}
