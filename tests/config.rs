//! `graphdoc.toml` problems are errors that point into the file.

use codegen::Config;
use codegen::diagnostics::{Severity, position};
use graphdoc_tests::{CurrentDir, repo_root};

/// Writes a config file next to the good fixtures' directory and loads it.
fn load(name: &str, text: &str) -> Result<Config, codegen::pipeline::ConfigError> {
    let dir = std::env::temp_dir().join(format!("graphdoc-config-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = repo_root().join("tests/fixtures/good");
    let text = text.replace("GOOD", &good.to_string_lossy());
    let path = dir.join("graphdoc.toml");
    std::fs::write(&path, text).unwrap();
    Config::from_file(&path)
}

#[test]
fn an_unknown_key_is_an_error_at_its_line() {
    let error = load(
        "key",
        "inputs = [\"GOOD\"]\n\n[select]\ntypes = [\"widget\"]\nflavour = \"x\"\n",
    )
    .unwrap_err()
    .to_string();
    let first = error.lines().next().unwrap();
    assert!(
        first.ends_with(
            "error[GD0005]: unknown field `flavour`, expected one of `types`, `namespaces`, `areas`"
        ) || first.contains("error[GD0005]"),
        "{error}"
    );
    assert!(first.contains("graphdoc.toml:5:1:"), "{error}");
    assert!(error.contains("5 | flavour = \"x\""), "{error}");
}

#[test]
fn a_wrong_value_is_an_error_at_the_value() {
    let error = load("value", "[types]\nmapping = \"fancy\"\n")
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("graphdoc.toml:2:11: error[GD0005]"),
        "{error}"
    );
    let error = load("code", "[diagnostics]\nallow = [\"GD0304\", \"oops\"]\n")
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("graphdoc.toml:2:20: error[GD0005]"),
        "{error}"
    );
}

#[test]
fn a_selected_name_no_page_defines_is_an_error() {
    let config = load(
        "name",
        "inputs = [\"GOOD\"]\n[select]\ntypes = [\"widget\", \"gadget\"]\n[rename]\n\"nothing\" = \"Nothing\"\n",
    )
    .unwrap();
    let run = {
        let _cwd = CurrentDir::enter(&repo_root());
        codegen::generate_in_memory(&config)
    };
    assert!(run.output.is_none(), "errors stop generation");
    let errors: Vec<(String, usize, usize)> = run
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            let p = position(d, &run.sources);
            (d.code.as_str().to_string(), p.line, p.column)
        })
        .collect();
    assert_eq!(
        errors,
        [("GD0006".to_string(), 3, 20), ("GD0006".to_string(), 5, 1)]
    );
}

#[test]
fn areas_and_namespaces_select_with_their_dependencies() {
    let config = load(
        "areas",
        "inputs = [\"GOOD\"]\n[select]\nnamespaces = [\"microsoft.graph.contosoRecords\"]\n",
    )
    .unwrap();
    let run = {
        let _cwd = CurrentDir::enter(&repo_root());
        codegen::generate_in_memory(&config)
    };
    let names: Vec<String> = run
        .schema
        .structs
        .iter()
        .map(|t| t.name.to_string())
        .chain(run.schema.enums.iter().map(|e| e.name.to_string()))
        .collect();
    // The record; then the enum it borrows from microsoft.graph and its own (enums are
    // sorted by namespace, then name).
    assert_eq!(
        names,
        [
            "microsoft.graph.contosoRecords.record",
            "microsoft.graph.widgetColor",
            "microsoft.graph.contosoRecords.recordState"
        ]
    );
    let area = load(
        "area",
        "inputs = [\"GOOD\"]\n[select]\nareas = [\"fixtures\"]\n",
    )
    .unwrap();
    let all = {
        let _cwd = CurrentDir::enter(&repo_root());
        codegen::generate_in_memory(&area)
    };
    assert_eq!(
        all.schema.structs.len(),
        5,
        "the widget and record pages have ms.prod fixtures; the sprocket pages' area is their ms.subservice"
    );
    // `sprocketkit.md` gives both `ms.prod: fixtures` and `ms.subservice: sprockets`: the
    // current field wins.
    let sprockets = load(
        "subservice",
        "inputs = [\"GOOD\"]\n[select]\nareas = [\"sprockets\"]\n",
    )
    .unwrap();
    let selected = {
        let _cwd = CurrentDir::enter(&repo_root());
        codegen::generate_in_memory(&sprockets)
    };
    let names: Vec<String> = selected
        .schema
        .structs
        .iter()
        .map(|t| t.name.name.clone())
        .collect();
    assert!(
        names.contains(&"sprocket".to_string()) && names.contains(&"sprocketKit".to_string()),
        "{names:?}"
    );
    assert!(!names.contains(&"widget".to_string()), "{names:?}");
}
