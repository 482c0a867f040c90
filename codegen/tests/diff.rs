//! `graphdoc diff` run as a user runs it: two versions of a page in two temp dirs, the JSON
//! and markdown it prints, its exit statuses, and a large diff cut to GitHub's limit.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

/// A fresh directory under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "graphdoc-diff-{name}-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).expect("can create a temp dir");
        TempDir(path)
    }

    /// `<temp>/<dir>/<file>` holding `text`; returns `<temp>/<dir>`.
    fn page(&self, dir: &str, file: &str, text: &str) -> PathBuf {
        let dir = self.0.join(dir);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join(file), text).unwrap();
        dir
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// A resource page of `widget` with the given property rows (`name|Type|Description.`).
fn widget_page(rows: &[&str]) -> String {
    let mut json = Vec::new();
    let mut table = String::new();
    for row in rows {
        let mut cells = row.split('|');
        let (name, ty) = (cells.next().unwrap(), cells.next().unwrap());
        table.push_str(&format!("|{row}|\n"));
        json.push(format!("  \"{name}\": \"{ty}\""));
    }
    format!(
        "---\ntitle: \"widget resource type\"\nms.prod: \"widgets\"\ndoc_type: resourcePageType\n---\n\n\
         # widget resource type\n\nNamespace: microsoft.graph\n\nA widget.\n\n## Properties\n\n\
         |Property|Type|Description|\n|:---|:---|:---|\n{table}\n\
         ## JSON representation\n\n<!-- {{\n  \"blockType\": \"resource\",\n  \"@odata.type\": \"microsoft.graph.widget\"\n}} -->\n\
         ```json\n{{\n  \"@odata.type\": \"#microsoft.graph.widget\",\n{}\n}}\n```\n",
        json.join(",\n")
    )
}

fn graphdoc(args: &[&dyn AsRef<std::ffi::OsStr>]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_graphdoc"))
        .args(args)
        .output()
        .expect("the graphdoc binary runs");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (
        output.status.code().expect("not killed"),
        String::from_utf8(output.stdout).unwrap(),
        stderr,
    )
}

fn diff(old: &Path, new: &Path, format: &str) -> (i32, String, String) {
    graphdoc(&[
        &"diff",
        &"--old",
        &old,
        &"--new",
        &new,
        &"--format",
        &format,
    ])
}

#[test]
fn an_added_property_is_not_breaking_a_removed_one_is() {
    let temp = TempDir::new("props");
    let old = temp.page(
        "v1",
        "widget.md",
        &widget_page(&["id|String|The id.", "color|String|The color."]),
    );
    let new = temp.page(
        "v2",
        "widget.md",
        &widget_page(&["id|String|The id.", "size|Int32|The size."]),
    );
    let (code, stdout, stderr) = diff(&old, &new, "json");
    assert_eq!(code, 0, "{stderr}");
    let json: Value = serde_json::from_str(&stdout).expect("JSON on stdout");
    let changes = json["changes"].as_array().expect("a `changes` array");
    assert_eq!(
        changes,
        &[
            serde_json::json!({"kind": "property-removed", "item": "microsoft.graph.widget",
                               "member": "color", "breaking": true}),
            serde_json::json!({"kind": "property-added", "item": "microsoft.graph.widget",
                               "member": "size", "breaking": false}),
        ]
    );
    assert!(
        stderr.contains("graphdoc: 2 changes, 1 breaking"),
        "{stderr}"
    );

    let (code, markdown, _) = diff(&old, &new, "markdown");
    assert_eq!(code, 0);
    assert!(markdown.contains("2 changes, 1 breaking"), "{markdown}");
    assert!(
        markdown.contains("| property-removed | yes | 1 |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| property-added | no | 1 |"),
        "{markdown}"
    );
    assert!(markdown.find("`color`").unwrap() < markdown.find("`size`").unwrap());
    assert!(markdown.contains("**major**"));
}

#[test]
fn the_same_pages_have_no_changes() {
    let temp = TempDir::new("same");
    let page = widget_page(&["id|String|The id."]);
    let (old, new) = (temp.page("a", "w.md", &page), temp.page("b", "w.md", &page));
    let (code, stdout, _) = diff(&old, &new, "json");
    assert_eq!(code, 0);
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json, serde_json::json!({"changes": []}));
    let (_, markdown, _) = diff(&old, &new, "markdown");
    assert!(markdown.contains("No API changes"), "{markdown}");
}

#[test]
fn a_big_diff_is_cut_under_githubs_limit() {
    let temp = TempDir::new("big");
    let rows: Vec<String> = (0..3000)
        .map(|i| format!("someFairlyLongPropertyName{i}|String|Property {i}."))
        .collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let old = temp.page("v1", "widget.md", &widget_page(&rows));
    let new = temp.page("v2", "widget.md", &widget_page(&["id|String|The id."]));
    let (code, markdown, stderr) = diff(&old, &new, "markdown");
    assert_eq!(code, 0, "{stderr}");
    assert!(markdown.chars().count() < 65_536, "{}", markdown.len());
    assert!(markdown.contains("| property-removed | yes | 3000 |"));
    assert!(
        markdown.contains("more changes"),
        "the list says what it left out"
    );
    let (_, json, _) = diff(&old, &new, "json");
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["changes"].as_array().unwrap().len(), 3001);
}

#[test]
fn errors_exit_1_and_usage_errors_2() {
    let temp = TempDir::new("errors");
    let good = temp.page("good", "w.md", &widget_page(&["id|String|The id."]));
    let missing = temp.0.join("missing");
    let (code, stdout, stderr) = diff(&good, &missing, "json");
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("GD0001"), "{stderr}");
    assert!(stderr.contains("the new pages have errors"), "{stderr}");
    let (code, _, _) = graphdoc(&[&"diff", &"--old", &good]);
    assert_eq!(code, 2);
    let (code, _, _) = diff(&good, &good, "yaml");
    assert_eq!(code, 2);
}
