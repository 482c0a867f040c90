//! The GitHub workflows hold the jobs and steps the README promises: `ci.yml` runs
//! `.ci/run` on every pull request and push, with the corpus in place; `regenerate.yml`
//! runs on a schedule and on demand, keeps the current pages aside, syncs the upstream
//! pages, regenerates, runs the checks, describes the change with `graphdoc diff` and opens
//! a pull request with the permissions that needs.

use std::fs;

use graphdoc_tests::repo_path;
use serde_yaml_ng::Value;

fn workflow(name: &str) -> Value {
    let path = repo_path(&format!(".github/workflows/{name}"));
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_yaml_ng::from_str(&text).unwrap_or_else(|e| panic!("{name} is not YAML: {e}"))
}

/// The workflow's triggers (`on:`), by name.
fn triggers(workflow: &Value) -> Vec<String> {
    match &workflow["on"] {
        Value::Mapping(map) => map
            .keys()
            .filter_map(|k| k.as_str().map(str::to_string))
            .collect(),
        Value::Sequence(list) => list
            .iter()
            .filter_map(|k| k.as_str().map(str::to_string))
            .collect(),
        Value::String(one) => vec![one.clone()],
        other => panic!("`on` is {other:?}"),
    }
}

/// Every step of every job, as `(job, step)`.
fn steps(workflow: &Value) -> Vec<(String, &Value)> {
    let jobs = workflow["jobs"].as_mapping().expect("a `jobs` mapping");
    let mut all = Vec::new();
    for (name, job) in jobs {
        let name = name.as_str().unwrap().to_string();
        for step in job["steps"].as_sequence().expect("each job has steps") {
            all.push((name.clone(), step));
        }
    }
    all
}

/// The index of the first step whose `run` contains `needle`.
fn run_step(steps: &[(String, &Value)], needle: &str) -> usize {
    steps
        .iter()
        .position(|(_, step)| step["run"].as_str().is_some_and(|run| run.contains(needle)))
        .unwrap_or_else(|| panic!("no step runs `{needle}`"))
}

#[test]
fn ci_runs_the_checks_with_the_corpus_on_every_pull_request_and_push() {
    let ci = workflow("ci.yml");
    let on = triggers(&ci);
    assert!(on.contains(&"pull_request".to_string()), "{on:?}");
    assert!(on.contains(&"push".to_string()), "{on:?}");
    let steps = steps(&ci);
    let corpus = run_step(&steps, ".ci/fetch-corpus");
    let checks = run_step(&steps, "bash .ci/run");
    assert!(
        corpus < checks,
        "the corpus is in place before the tests run"
    );
    assert!(repo_path(".ci/fetch-corpus").exists());
}

#[test]
fn regenerate_syncs_generates_checks_diffs_and_opens_a_pull_request() {
    let regenerate = workflow("regenerate.yml");
    let on = triggers(&regenerate);
    assert!(on.contains(&"schedule".to_string()), "{on:?}");
    assert!(on.contains(&"workflow_dispatch".to_string()), "{on:?}");
    assert!(
        regenerate["on"]["schedule"][0]["cron"].as_str().is_some(),
        "the schedule has a cron"
    );
    let steps = steps(&regenerate);
    let order = [
        run_step(&steps, "cp -R docs-input"),
        run_step(&steps, "git clone --filter=blob:none --no-checkout"),
        run_step(&steps, "--print-sparse-patterns"),
        run_step(
            &steps,
            "graphdoc -- sync --config graphdoc.toml --from upstream",
        ),
        run_step(&steps, "graphdoc -- generate"),
        run_step(&steps, "bash .ci/run"),
        run_step(&steps, "graphdoc -- diff --old"),
    ];
    assert!(
        order.windows(2).all(|w| w[0] <= w[1]),
        "the steps run in order: {order:?}"
    );
    let diff = steps[order[6]].1["run"].as_str().unwrap();
    assert!(diff.contains("--format markdown"), "{diff}");
    assert!(
        diff.contains("report.json"),
        "the body has the diagnostics summary"
    );
    let pr = steps
        .iter()
        .position(|(_, step)| {
            step["uses"]
                .as_str()
                .is_some_and(|uses| uses.starts_with("peter-evans/create-pull-request@"))
        })
        .expect("a step opens the pull request");
    assert!(pr > order[6]);
    assert!(steps[pr].1["with"]["body-path"].as_str().is_some());
    // The job that opens the pull request may push and open it.
    let job = &regenerate["jobs"][steps[pr].0.as_str()];
    assert_eq!(job["permissions"]["contents"].as_str(), Some("write"));
    assert_eq!(job["permissions"]["pull-requests"].as_str(), Some("write"));
}
