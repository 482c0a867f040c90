//! Snapshot tests: generating from the checked-in pages must give exactly the checked-in
//! crates, byte for byte. `GRAPHDOC_BLESS=1 cargo test -p graphdoc-tests --test golden`
//! rewrites them after an intended change; review the diff before committing.

use codegen::Config;
use codegen::check;
use graphdoc_tests::{CurrentDir, blessing, repo_root};

/// Generates from `input` into memory and compares with the crate checked in at `out`.
fn assert_up_to_date(input: &str, out: &str, crate_name: Option<&str>) {
    let root = repo_root();
    let mut config = Config::new().input(input).out(out);
    if let Some(name) = crate_name {
        config = config.crate_name(name);
    }
    let run = {
        let _cwd = CurrentDir::enter(&root);
        codegen::generate_in_memory(&config)
    };
    let fresh = graphdoc_tests::expect_output(&run);
    if blessing() {
        codegen::output::write_crate(&root.join(out), fresh).expect("golden crate is writable");
        return;
    }
    let differences = check::compare(fresh, &root.join(out)).expect("golden crate is readable");
    assert!(
        differences.is_empty(),
        "{out} is not what {input} generates:\n{}\nrun `GRAPHDOC_BLESS=1 cargo test -p graphdoc-tests --test golden` (or `{}`) and review the diff",
        check::render(&differences),
        config.regenerate_command()
    );
}

#[test]
fn docs_input_generates_the_checked_in_crate() {
    assert_up_to_date("docs-input", "generated", None);
}

#[test]
fn good_fixtures_generate_their_checked_in_crate() {
    assert_up_to_date(
        "tests/fixtures/good",
        "tests/golden/fixtures-crate",
        Some("graphdoc-fixtures"),
    );
}

#[test]
fn generation_is_deterministic() {
    let _cwd = CurrentDir::enter(&repo_root());
    let config = Config::new()
        .input("tests/fixtures/good")
        .input("docs-input");
    let first = codegen::generate_in_memory(&config);
    let second = codegen::generate_in_memory(&config);
    assert!(first.output.is_some());
    assert_eq!(first.output, second.output);
    assert_eq!(first.rendered_diagnostics(), second.rendered_diagnostics());
}
