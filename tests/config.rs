//! `graphdoc.toml` problems are errors that point into the file; a selection and renames
//! set from Rust code work without one, and their errors point into `<settings>`.

use graphdoc::config_file::Relationships;
use graphdoc::diagnostics::{Severity, position};
use graphdoc::{ConfigError, ConfigFile, CrateDir, Run, Settings};
use graphdoc_tests::{CurrentDir, repo_root};

/// Writes a config file next to the good fixtures' directory and loads it.
fn load(name: &str, text: &str) -> Result<ConfigFile, ConfigError> {
    let dir = std::env::temp_dir().join(format!("graphdoc-config-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = repo_root().join("tests/fixtures/good");
    let text = text.replace("GOOD", &good.to_string_lossy());
    let path = dir.join("graphdoc.toml");
    std::fs::write(&path, text).unwrap();
    ConfigFile::read(&path)
}

/// Generates a config file's crate in memory, from the workspace root.
fn run_config(config: &ConfigFile) -> Run {
    let _cwd = CurrentDir::enter(&repo_root());
    graphdoc::generate_in_memory(&config.inputs, &config.settings, &config.crate_dir)
}

/// Generates the good fixtures in memory with settings made in code.
fn run_fixtures(settings: &Settings) -> Run {
    let _cwd = CurrentDir::enter(&repo_root());
    graphdoc::generate_in_memory(&["tests/fixtures/good"], settings, &CrateDir::default())
}

/// The qualified names of a run's types, then its enums.
fn names(run: &Run) -> Vec<String> {
    run.schema
        .structs
        .iter()
        .map(|t| t.name.to_string())
        .chain(run.schema.enums.iter().map(|e| e.name.to_string()))
        .collect()
}

/// Each error's code, file, line and column.
fn errors(run: &Run) -> Vec<(String, String, usize, usize)> {
    run.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            let p = position(d, &run.sources);
            (d.code.as_str().to_string(), p.file, p.line, p.column)
        })
        .collect()
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
    let run = run_config(&config);
    assert!(run.output.is_none(), "errors stop generation");
    let errors: Vec<(String, usize, usize)> = errors(&run)
        .into_iter()
        .map(|(code, _, line, column)| (code, line, column))
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
    let run = run_config(&config);
    let names = names(&run);
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
    let all = run_config(&area);
    assert_eq!(
        all.schema.structs.len(),
        6,
        "the widget and record pages have ms.prod fixtures, the gizmo page ms.subservice fixtures; the sprocket pages' area is their ms.subservice"
    );
    // `sprocketkit.md` gives both `ms.prod: fixtures` and `ms.subservice: sprockets`: the
    // current field wins.
    let sprockets = load(
        "subservice",
        "inputs = [\"GOOD\"]\n[select]\nareas = [\"sprockets\"]\n",
    )
    .unwrap();
    let selected = run_config(&sprockets);
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

#[test]
fn a_selection_set_in_code_narrows_the_schema() {
    let settings = Settings::new().with_selected_namespace("microsoft.graph.contosoRecords");
    let run = run_fixtures(&settings);
    assert!(errors(&run).is_empty(), "{:?}", run.rendered_diagnostics());
    assert_eq!(
        names(&run),
        [
            "microsoft.graph.contosoRecords.record",
            "microsoft.graph.widgetColor",
            "microsoft.graph.contosoRecords.recordState"
        ]
    );
    let output = run.output.as_ref().expect("the selection generates");
    assert!(output.files.contains_key("src/contoso_records/record.rs"));
    assert!(!output.files.contains_key("src/widget.rs"));
}

#[test]
fn a_rename_set_in_code_renames_the_type() {
    let settings = Settings::new()
        .with_selected_type("widgetPart")
        .with_rename("microsoft.graph.widgetPart", "Part");
    let run = run_fixtures(&settings);
    assert!(errors(&run).is_empty(), "{:?}", run.rendered_diagnostics());
    let output = run.output.as_ref().expect("the selection generates");
    let part = &output.files["src/part.rs"];
    assert!(part.contains("pub struct Part {"), "{part}");
    assert!(!output.files.contains_key("src/widget_part.rs"));
    assert!(output.files["src/lib.rs"].contains("pub use self::part::Part;"));
}

#[test]
fn an_unknown_name_set_in_code_is_an_error_in_settings() {
    let settings = Settings::new()
        .with_selected_type("widgetPart")
        .with_selected_area("no-such-area")
        .with_rename("gadget", "Gadget")
        .with_rename("widgetPart", "not a name");
    let run = run_fixtures(&settings);
    assert!(run.output.is_none(), "errors stop generation");
    let settings_source = "<settings>".to_string();
    assert_eq!(
        errors(&run),
        [
            ("GD0006".to_string(), settings_source.clone(), 3, 25),
            ("GD0006".to_string(), settings_source.clone(), 4, 18),
            ("GD0005".to_string(), settings_source, 5, 32),
        ]
    );
    let rendered = run.rendered_diagnostics().join("\n");
    assert!(
        rendered
            .contains("no input page defines the area (ms.subservice or ms.prod) `no-such-area`"),
        "{rendered}"
    );
    assert!(
        rendered.contains(".with_selected_area(\"no-such-area\")"),
        "the source line shows the call: {rendered}"
    );
    assert!(
        rendered.contains("`not a name` is not a Rust type name"),
        "{rendered}"
    );
    let pages = std::fs::read_dir(repo_root().join("tests/fixtures/good"))
        .unwrap()
        .filter(|entry| {
            entry
                .as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "md"))
        })
        .count();
    assert_eq!(run.sources.page_count(), pages, "<settings> is not a page");
}

#[test]
fn code_adds_to_a_config_files_selection_and_renames() {
    let config = load(
        "both",
        "inputs = [\"GOOD\"]\n[select]\ntypes = [\"widgetPart\"]\n[rename]\n\"widgetPart\" = \"Part\"\n",
    )
    .unwrap();
    let config = ConfigFile {
        settings: config
            .settings
            .with_selected_namespace("microsoft.graph.contosoRecords")
            .with_rename("widgetPart", "WidgetPiece")
            .with_selected_type("gadget"),
        ..config
    };
    let run = run_config(&config);
    // Each unknown name is reported where it was set; here only the one from code.
    let errors = errors(&run);
    assert_eq!(
        errors,
        [("GD0006".to_string(), "<settings>".to_string(), 4, 25)]
    );
    assert_eq!(
        names(&run),
        [
            "microsoft.graph.widgetPart",
            "microsoft.graph.contosoRecords.record",
            "microsoft.graph.partKind",
            "microsoft.graph.widgetColor",
            "microsoft.graph.contosoRecords.recordState"
        ]
    );
    let part = run
        .renames
        .iter()
        .find(|(name, _)| name.name == "widgetPart")
        .map(|(_, rust)| rust.as_str());
    assert_eq!(part, Some("WidgetPiece"), "a rename set in code wins");
}

#[test]
fn a_selection_keeps_relationships_to_what_it_generates_unless_told_to_follow() {
    let by_default = load(
        "relationships",
        "inputs = [\"GOOD\"]\n[select]\ntypes = [\"widget\"]\n",
    )
    .unwrap();
    let run = run_config(&by_default);
    assert!(errors(&run).is_empty(), "{:?}", errors(&run));
    assert_eq!(
        names(&run),
        [
            "microsoft.graph.entity",
            "microsoft.graph.widget",
            "microsoft.graph.widgetPart",
            "microsoft.graph.partKind",
            "microsoft.graph.widgetColor"
        ]
    );
    let widget = run.schema.structs.iter().find(|t| t.name.name == "widget");
    let relationships: Vec<&str> = widget
        .unwrap()
        .properties
        .iter()
        .filter(|p| p.navigation)
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(relationships, ["parent", "children"]);

    let follow = load(
        "follow",
        "inputs = [\"GOOD\"]\n[select]\ntypes = [\"widget\"]\nrelationships = \"follow\"\n",
    )
    .unwrap();
    let followed = run_config(&follow);
    assert!(
        names(&followed).contains(&"microsoft.graph.contosoRecords.record".to_string()),
        "{:?}",
        names(&followed)
    );
    // A method wins over the file.
    let back = ConfigFile {
        settings: follow
            .settings
            .clone()
            .with_relationships(Relationships::Selection),
        ..follow
    };
    assert_eq!(names(&run_config(&back)), names(&run));
    let in_code = run_fixtures(
        &Settings::new()
            .with_selected_type("widget")
            .with_relationships(Relationships::Follow),
    );
    assert_eq!(names(&in_code), names(&followed));
}

#[test]
fn an_unknown_relationships_mode_is_an_error_at_the_value() {
    let error = load(
        "mode",
        "[select]\ntypes = [\"widget\"]\nrelationships = \"all\"\n",
    )
    .unwrap_err()
    .to_string();
    assert!(
        error.contains("graphdoc.toml:3:17: error[GD0005]"),
        "{error}"
    );
}

#[test]
fn a_selection_shows_only_the_warnings_of_the_pages_it_generates_from() {
    // Reading and resolving, whose warnings do not depend on what is generated.
    let schema = |settings: &Settings| {
        let _cwd = CurrentDir::enter(&repo_root());
        graphdoc::schema_only(&["tests/fixtures/good"], settings)
    };
    let everything = schema(&Settings::new());
    let selected = schema(&Settings::new().with_selected_type("widgetPart"));
    assert_eq!(everything.diagnostics.left_out().warnings, 0);
    assert_eq!(everything.left_out_summary(), None);
    let pages: Vec<String> = selected
        .diagnostics
        .iter()
        .map(|d| position(d, &selected.sources).file)
        .collect();
    assert!(
        pages.iter().all(|p| p.ends_with("widgetpart.md")),
        "{pages:?}"
    );
    let left_out = selected.diagnostics.left_out();
    let warnings = |run: &Run| run.diagnostics.count(Severity::Warning);
    assert!(left_out.warnings > 0 && left_out.pages > 0);
    assert_eq!(
        warnings(&selected) + left_out.warnings,
        warnings(&everything),
        "every warning is either shown or counted"
    );
    let summary = selected.left_out_summary().unwrap();
    assert!(
        summary.starts_with(&format!("graphdoc: {} warning", left_out.warnings))
            && (summary.ends_with("not generated from are not shown")
                || summary.ends_with("not generated from is not shown")),
        "{summary}"
    );
    // Errors are shown wherever they are: a denied warning is one.
    let denied = schema(
        &Settings::new()
            .with_selected_type("widgetPart")
            .with_deny(graphdoc::diagnostics::Selector::Warnings),
    );
    assert_eq!(denied.diagnostics.left_out().warnings, 0);
    assert_eq!(
        denied.diagnostics.count(Severity::Error),
        warnings(&everything)
    );
    // The code run, as generate sees it, too.
    let generated = run_fixtures(&Settings::new().with_selected_type("widgetPart"));
    assert_eq!(generated.diagnostics.left_out(), left_out);
}
