//! `graphdoc sync` against a local git repository standing in for the docs repository:
//! pages copied, `graphdoc.lock` written, `check` catching pages edited after a sync, the
//! next upstream commit followed, and every refusal coded.
//!
//! Each test builds its own upstream repository and project under the system temp dir,
//! removed afterwards. git is run with a fixed identity and default branch.

use std::fs;
use std::path::Path;
use std::process::Command;

mod common;
use common::{TempDir, graphdoc};

const PAGE: &str = "api-reference/beta/resources/cloudpcdeviceimage.md";

/// Runs git in `dir` with a fixed identity; panics when it fails.
fn git(dir: &Path, args: &[&str]) -> String {
    let output = git_command(dir, args).output().expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 git output")
}

fn git_command(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new("git");
    command
        .arg("-c")
        .arg("init.defaultBranch=main")
        .arg("-c")
        .arg("core.autocrlf=false")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "graphdoc tests")
        .env("GIT_AUTHOR_EMAIL", "tests@graphdoc.invalid")
        .env("GIT_COMMITTER_NAME", "graphdoc tests")
        .env("GIT_COMMITTER_EMAIL", "tests@graphdoc.invalid")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE");
    command
}

fn seed_page() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs-input/cloudpcdeviceimage.md");
    fs::read_to_string(path).expect("the seed page is there")
}

/// The seed page with `imageLabel` added and `osBuildNumber` removed, table and JSON alike.
fn next_page(seed: &str) -> String {
    let edited: Vec<String> = seed
        .lines()
        .filter(|line| {
            !line.starts_with("|osBuildNumber|")
                && !line.trim_start().starts_with("\"osBuildNumber\"")
        })
        .flat_map(|line| {
            let mut lines = vec![line.to_string()];
            if line.starts_with("|displayName|") {
                lines.push("|imageLabel|String|A label for the image. Read-Only.|".to_string());
            }
            if line.trim_start().starts_with("\"displayName\"") {
                lines.push("  \"imageLabel\": \"String\",".to_string());
            }
            lines
        })
        .collect();
    assert_ne!(
        edited.join("\n"),
        seed.trim_end(),
        "the seed page has the rows edited"
    );
    edited.join("\n") + "\n"
}

/// Writes `files` into `repo` and commits them; returns the commit.
fn commit(repo: &Path, files: &[(&str, Option<&str>)], message: &str) -> String {
    for (path, content) in files {
        let full = repo.join(path);
        match content {
            Some(content) => {
                fs::create_dir_all(full.parent().unwrap()).unwrap();
                fs::write(&full, content).unwrap();
            }
            None => fs::remove_file(&full).unwrap(),
        }
    }
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", message]);
    git(repo, &["rev-parse", "HEAD"]).trim().to_string()
}

fn init_upstream(dir: &Path) {
    fs::create_dir_all(dir).unwrap();
    git(dir, &["init", "-q"]);
}

/// A project whose graphdoc.toml syncs `patterns` into `pages/` and generates `models/`.
fn project(dir: &Path, patterns: &[&str]) {
    fs::create_dir_all(dir).unwrap();
    let pages: Vec<String> = patterns.iter().map(|p| format!("\"{p}\"")).collect();
    fs::write(
        dir.join("graphdoc.toml"),
        format!(
            "inputs = [\"pages\"]\nout = \"models\"\n\n[upstream]\nrepository = \"https://example.invalid/docs\"\npages = [{}]\n",
            pages.join(", ")
        ),
    )
    .unwrap();
}

fn lock(project: &Path) -> String {
    fs::read_to_string(project.join("graphdoc.lock")).expect("the lock is written")
}

#[test]
fn sync_follows_the_upstream_repository() {
    let temp = TempDir::new("follow");
    let upstream = temp.join("upstream");
    let project_dir = temp.join("project");
    init_upstream(&upstream);
    let seed = seed_page();
    let first = commit(&upstream, &[(PAGE, Some(&seed))], "first");
    project(&project_dir, &["api-reference/beta/resources/cloudpc*.md"]);
    let from = upstream.to_str().unwrap();

    // The first sync copies the page and locks commit 1.
    let ran = graphdoc(
        &project_dir,
        &["sync", "--config", "graphdoc.toml", "--from", from],
    );
    ran.expect_code(0);
    assert!(
        ran.stdout
            .contains(&format!("added: {PAGE} -> pages/cloudpcdeviceimage.md")),
        "{}",
        ran.stdout
    );
    assert!(ran.stderr.contains("1 added, 0 changed"), "{}", ran.stderr);
    assert_eq!(
        fs::read_to_string(project_dir.join("pages/cloudpcdeviceimage.md")).unwrap(),
        seed
    );
    let locked = lock(&project_dir);
    assert!(
        locked.contains(&format!("upstream_commit = \"{first}\"")),
        "{locked}"
    );
    assert!(locked.contains(&format!(
        "generator_version = \"{}\"",
        env!("CARGO_PKG_VERSION")
    )));
    assert!(locked.contains("repository = \"https://example.invalid/docs\""));
    assert!(locked.contains(&format!(
        "path = \"{PAGE}\"\nfile = \"cloudpcdeviceimage.md\"\nsha256 = \""
    )));

    // Generate, then check: clean. `check` with no arguments reads ./graphdoc.toml.
    graphdoc(
        &project_dir,
        &["generate", "--config", "graphdoc.toml", "-q"],
    )
    .expect_code(0);
    graphdoc(&project_dir, &["check", "--config", "graphdoc.toml", "-q"]).expect_code(0);
    graphdoc(&project_dir, &["check", "-q"]).expect_code(0);
    let model =
        fs::read_to_string(project_dir.join("models/src/cloud_pc_device_image.rs")).unwrap();
    assert!(model.contains("pub os_build_number"));
    assert!(!model.contains("pub image_label"));
    assert!(
        model.starts_with("// @generated by graphdoc from pages/cloudpcdeviceimage.md. Do not edit: regenerate with `graphdoc generate`."),
        "{}",
        model.lines().next().unwrap()
    );

    // A page edited by hand fails check, named, with its code.
    let synced = project_dir.join("pages/cloudpcdeviceimage.md");
    fs::write(&synced, seed.replace("gallery image", "galery image")).unwrap();
    let ran = graphdoc(&project_dir, &["check", "--config", "graphdoc.toml", "-q"]);
    ran.expect_code(1);
    assert!(
        ran.stderr
            .contains("pages/cloudpcdeviceimage.md: error[GD0007]: the page differs from"),
        "{}",
        ran.stderr
    );
    // Syncing the same commit puts it back.
    let ran = graphdoc(&project_dir, &["sync", "--from", from]);
    ran.expect_code(0);
    assert!(ran.stdout.contains("restored"), "{}", ran.stdout);
    assert_eq!(fs::read_to_string(&synced).unwrap(), seed);

    // The pages as they are now, kept aside to tell what the next sync changes.
    let kept = temp.join("kept");
    fs::create_dir_all(&kept).unwrap();
    fs::copy(&synced, kept.join("cloudpcdeviceimage.md")).unwrap();

    // Commit 2 adds a property and removes another; the sync follows it.
    let second = commit(&upstream, &[(PAGE, Some(&next_page(&seed)))], "second");
    let ran = graphdoc(
        &project_dir,
        &["sync", "--config", "graphdoc.toml", "--from", from],
    );
    ran.expect_code(0);
    assert!(
        ran.stdout
            .contains(&format!("changed: {PAGE} -> pages/cloudpcdeviceimage.md")),
        "{}",
        ran.stdout
    );
    assert!(ran.stderr.contains(&second), "{}", ran.stderr);
    let locked = lock(&project_dir);
    assert!(
        locked.contains(&format!("upstream_commit = \"{second}\"")),
        "{locked}"
    );
    assert!(!locked.contains(&first));
    // `diff` says what changed in the API: the addition, and the removal as breaking.
    let ran = graphdoc(
        &project_dir,
        &["diff", "--old", kept.to_str().unwrap(), "--new", "pages"],
    );
    ran.expect_code(0);
    let report: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
    let changes = report["changes"].as_array().unwrap();
    let change = |kind: &str, member: &str| {
        changes
            .iter()
            .find(|c| c["kind"] == kind && c["member"] == member)
            .unwrap_or_else(|| panic!("no {kind} of {member} in {changes:?}"))
            .clone()
    };
    let added = change("property-added", "imageLabel");
    assert_eq!(added["breaking"], false);
    assert_eq!(added["item"], "microsoft.graph.cloudPcDeviceImage");
    let removed = change("property-removed", "osBuildNumber");
    assert_eq!(removed["breaking"], true);
    // The crate is stale until generated again; then it has the new field.
    graphdoc(&project_dir, &["check", "-q"]).expect_code(1);
    graphdoc(
        &project_dir,
        &["generate", "--config", "graphdoc.toml", "-q"],
    )
    .expect_code(0);
    let model =
        fs::read_to_string(project_dir.join("models/src/cloud_pc_device_image.rs")).unwrap();
    assert!(model.contains("pub image_label: Option<String>"), "{model}");
    assert!(!model.contains("pub os_build_number"));
    graphdoc(&project_dir, &["check", "-q"]).expect_code(0);
}

#[test]
fn pages_removed_upstream_are_removed_and_remembered() {
    let temp = TempDir::new("removed");
    let upstream = temp.join("upstream");
    let project_dir = temp.join("project");
    init_upstream(&upstream);
    let seed = seed_page();
    let other = "api-reference/beta/resources/other.md";
    let gone = "api-reference/beta/resources/gone.md";
    commit(
        &upstream,
        &[
            (PAGE, Some(&seed)),
            (other, Some("# other\n")),
            (gone, Some("# gone\n")),
        ],
        "first",
    );
    project(
        &project_dir,
        &[PAGE, "api-reference/beta/resources/go*.md", other],
    );
    let from = upstream.to_str().unwrap();
    graphdoc(&project_dir, &["sync", "--from", from]).expect_code(0);
    // A page the project wrote itself stays.
    fs::write(project_dir.join("pages/mine.md"), "# mine\n").unwrap();
    assert!(project_dir.join("pages/gone.md").exists());

    commit(&upstream, &[(gone, None)], "remove a page");
    let ran = graphdoc(&project_dir, &["sync", "--from", from]);
    ran.expect_code(0);
    assert!(
        ran.stdout.contains(&format!(
            "removed: {gone} (upstream no longer has it; pages/gone.md deleted)"
        )),
        "{}",
        ran.stdout
    );
    assert!(!project_dir.join("pages/gone.md").exists());
    assert!(project_dir.join("pages/mine.md").exists());
    assert!(project_dir.join("pages/other.md").exists());
    let locked = lock(&project_dir);
    assert!(
        locked.contains(&format!("removed = [\n    \"{gone}\",\n]")),
        "{locked}"
    );
    // The pattern now matches nothing, but the lock says why: not an error.
    graphdoc(&project_dir, &["sync", "--from", from]).expect_code(0);
    graphdoc(&project_dir, &["generate", "-q"]).expect_code(0);
    graphdoc(&project_dir, &["check", "-q"]).expect_code(0);
}

#[test]
fn a_pattern_that_matches_nothing_is_refused() {
    let temp = TempDir::new("nothing");
    let upstream = temp.join("upstream");
    let project_dir = temp.join("project");
    init_upstream(&upstream);
    commit(&upstream, &[(PAGE, Some(&seed_page()))], "first");
    project(
        &project_dir,
        &[PAGE, "api-reference/beta/resources/cloudpcx*.md"],
    );
    let ran = graphdoc(
        &project_dir,
        &["sync", "--from", upstream.to_str().unwrap()],
    );
    ran.expect_code(1);
    assert!(
        ran.stderr.contains(
            "graphdoc.toml:6:64: error[GD0009]: `api-reference/beta/resources/cloudpcx*.md` matches no page"
        ),
        "{}",
        ran.stderr
    );
    assert!(ran.stderr.contains("nothing was written"), "{}", ran.stderr);
    assert!(!project_dir.join("graphdoc.lock").exists());
    assert!(!project_dir.join("pages").exists());
}

#[test]
fn a_directory_that_is_not_a_checkout_is_refused() {
    let temp = TempDir::new("not-checkout");
    let plain = temp.join("plain");
    fs::create_dir_all(plain.join("api-reference/beta/resources")).unwrap();
    fs::write(plain.join(PAGE), seed_page()).unwrap();
    let project_dir = temp.join("project");
    project(&project_dir, &[PAGE]);
    let ran = graphdoc(&project_dir, &["sync", "--from", plain.to_str().unwrap()]);
    ran.expect_code(1);
    assert!(
        ran.stderr.contains("error[GD0009]: not a git checkout"),
        "{}",
        ran.stderr
    );
    let ran = graphdoc(
        &project_dir,
        &["sync", "--from", temp.join("absent").to_str().unwrap()],
    );
    ran.expect_code(1);
    assert!(
        ran.stderr.contains("error[GD0009]: not a directory"),
        "{}",
        ran.stderr
    );
    // A directory inside a checkout is not its root.
    let upstream = temp.join("upstream");
    init_upstream(&upstream);
    commit(&upstream, &[(PAGE, Some(&seed_page()))], "first");
    let inner = upstream.join("api-reference");
    let ran = graphdoc(&project_dir, &["sync", "--from", inner.to_str().unwrap()]);
    ran.expect_code(1);
    assert!(
        ran.stderr.contains("not the root of a git checkout"),
        "{}",
        ran.stderr
    );
    assert!(!project_dir.join("graphdoc.lock").exists());
}

#[test]
fn a_dirty_checkout_is_refused() {
    let temp = TempDir::new("dirty");
    let upstream = temp.join("upstream");
    let project_dir = temp.join("project");
    init_upstream(&upstream);
    let seed = seed_page();
    commit(&upstream, &[(PAGE, Some(&seed))], "first");
    project(&project_dir, &[PAGE]);
    let from = upstream.to_str().unwrap();

    fs::write(upstream.join(PAGE), seed.replace("gallery", "local")).unwrap();
    let ran = graphdoc(&project_dir, &["sync", "--from", from]);
    ran.expect_code(1);
    assert!(
        ran.stderr
            .contains("error[GD0009]: the checkout has uncommitted changes"),
        "{}",
        ran.stderr
    );
    assert!(ran.stderr.contains(PAGE), "{}", ran.stderr);
    git(&upstream, &["checkout", "--", PAGE]);
    // An untracked file counts too: it would not be in the commit the lock names.
    fs::write(
        upstream.join("api-reference/beta/resources/new.md"),
        "# new\n",
    )
    .unwrap();
    graphdoc(&project_dir, &["sync", "--from", from]).expect_code(1);
    fs::remove_file(upstream.join("api-reference/beta/resources/new.md")).unwrap();
    graphdoc(&project_dir, &["sync", "--from", from]).expect_code(0);
}

#[test]
fn check_reports_a_wrong_hash_a_missing_page_and_a_bad_lock() {
    let temp = TempDir::new("check");
    let project_dir = temp.join("project");
    project(&project_dir, &[PAGE]);
    fs::create_dir_all(project_dir.join("pages")).unwrap();
    fs::write(project_dir.join("pages/cloudpcdeviceimage.md"), seed_page()).unwrap();
    graphdoc(&project_dir, &["generate", "-q"]).expect_code(0);
    let lock_with = |file: &str, sha256: &str| {
        format!(
            "upstream_commit = \"0000000000000000000000000000000000000000\"\ngenerator_version = \"0.1.0\"\n\n[[page]]\npath = \"{PAGE}\"\nfile = \"{file}\"\nsha256 = \"{sha256}\"\n"
        )
    };
    let wrong = "0".repeat(64);
    fs::write(
        project_dir.join("graphdoc.lock"),
        lock_with("cloudpcdeviceimage.md", &wrong),
    )
    .unwrap();
    let ran = graphdoc(&project_dir, &["check", "-q"]);
    ran.expect_code(1);
    assert!(
        ran.stderr.contains(&format!(
            "pages/cloudpcdeviceimage.md: error[GD0007]: the page differs from `{PAGE}` as graphdoc.lock records it (sha256 {wrong}, now "
        )),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr
            .contains("1 input page differs from graphdoc.lock"),
        "{}",
        ran.stderr
    );

    fs::write(
        project_dir.join("graphdoc.lock"),
        lock_with("absent.md", &wrong),
    )
    .unwrap();
    let ran = graphdoc(&project_dir, &["check", "-q"]);
    ran.expect_code(1);
    assert!(
        ran.stderr.contains("pages/absent.md: error[GD0008]"),
        "{}",
        ran.stderr
    );

    fs::write(
        project_dir.join("graphdoc.lock"),
        lock_with("cloudpcdeviceimage.md", "abc"),
    )
    .unwrap();
    let ran = graphdoc(&project_dir, &["check", "-q"]);
    ran.expect_code(1);
    assert!(
        ran.stderr
            .contains("graphdoc.lock:7:10: error[GD0010]: `abc` is not a lower-case hex SHA-256"),
        "{}",
        ran.stderr
    );
    // The same lock makes sync refuse before it writes anything.
    let upstream = temp.join("upstream");
    init_upstream(&upstream);
    commit(&upstream, &[(PAGE, Some(&seed_page()))], "first");
    let ran = graphdoc(
        &project_dir,
        &["sync", "--from", upstream.to_str().unwrap()],
    );
    ran.expect_code(1);
    assert!(ran.stderr.contains("error[GD0010]"), "{}", ran.stderr);
}

#[test]
fn two_pages_with_one_file_name_are_refused() {
    let temp = TempDir::new("same-name");
    let upstream = temp.join("upstream");
    let project_dir = temp.join("project");
    init_upstream(&upstream);
    let seed = seed_page();
    commit(
        &upstream,
        &[
            (PAGE, Some(&seed)),
            (
                "api-reference/v1.0/resources/cloudpcdeviceimage.md",
                Some(&seed),
            ),
        ],
        "first",
    );
    project(&project_dir, &["api-reference/**/cloudpcdeviceimage.md"]);
    let ran = graphdoc(
        &project_dir,
        &["sync", "--from", upstream.to_str().unwrap()],
    );
    ran.expect_code(1);
    assert!(
        ran.stderr
            .contains("would both be copied to `cloudpcdeviceimage.md`"),
        "{}",
        ran.stderr
    );
    assert!(!project_dir.join("pages").exists());
}

#[test]
fn a_sparse_clone_made_from_the_printed_patterns_syncs() {
    let temp = TempDir::new("sparse");
    let upstream = temp.join("upstream");
    let project_dir = temp.join("project");
    init_upstream(&upstream);
    let seed = seed_page();
    let head = commit(
        &upstream,
        &[
            (PAGE, Some(&seed)),
            (
                "api-reference/beta/api/cloudpcdeviceimage-get.md",
                Some("# get\n"),
            ),
            ("README.md", Some("# docs\n")),
        ],
        "first",
    );
    project(&project_dir, &["api-reference/beta/resources/cloudpc*.md"]);
    let ran = graphdoc(&project_dir, &["sync", "--print-sparse-patterns"]);
    ran.expect_code(0);
    assert_eq!(ran.stdout, "api-reference/beta/resources/cloudpc*.md\n");

    // The README's steps, with a local clone standing in for the network one.
    let clone = temp.join("clone");
    let url = format!("file://{}", upstream.display());
    git(
        &temp.0,
        &[
            "clone",
            "-q",
            "--no-checkout",
            &url,
            clone.to_str().unwrap(),
        ],
    );
    let mut set = git_command(&clone, &["sparse-checkout", "set", "--no-cone", "--stdin"])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .expect("git runs");
    {
        use std::io::Write as _;
        set.stdin
            .take()
            .unwrap()
            .write_all(ran.stdout.as_bytes())
            .unwrap();
    }
    assert!(set.wait().unwrap().success());
    git(&clone, &["checkout"]);
    assert!(clone.join(PAGE).exists());
    assert!(!clone.join("README.md").exists(), "the clone is sparse");

    let ran = graphdoc(&project_dir, &["sync", "--from", clone.to_str().unwrap()]);
    ran.expect_code(0);
    assert!(lock(&project_dir).contains(&head));
}

#[test]
fn usage_errors_exit_2() {
    let temp = TempDir::new("usage");
    project(&temp.0, &[PAGE]);
    graphdoc(&temp.0, &["sync"]).expect_code(2);
    graphdoc(&temp.0, &["sync", "--from", "x", "--print-sparse-patterns"]).expect_code(2);
    // A config without [upstream] has nothing to sync.
    fs::write(temp.join("bare.toml"), "inputs = [\"pages\"]\n").unwrap();
    let ran = graphdoc(&temp.0, &["sync", "--config", "bare.toml", "--from", "."]);
    ran.expect_code(1);
    assert!(ran.stderr.contains("error[GD0009]"), "{}", ran.stderr);
    // Unknown keys in [upstream] point into the file.
    fs::write(temp.join("typo.toml"), "[upstream]\npage = [\"a.md\"]\n").unwrap();
    let ran = graphdoc(
        &temp.0,
        &["sync", "--config", "typo.toml", "--print-sparse-patterns"],
    );
    ran.expect_code(1);
    assert!(
        ran.stderr.contains("typo.toml:2:1: error[GD0005]"),
        "{}",
        ran.stderr
    );
}

#[test]
fn the_default_config_and_its_overrides_name_themselves_in_headers() {
    let temp = TempDir::new("headers");
    project(&temp.0, &[PAGE]);
    fs::create_dir_all(temp.join("pages")).unwrap();
    fs::write(temp.join("pages/cloudpcdeviceimage.md"), seed_page()).unwrap();
    let header = |dir: &str| {
        let text = fs::read_to_string(temp.join(dir).join("src/entity.rs")).unwrap();
        text.lines().next().unwrap().to_string()
    };
    // No arguments: ./graphdoc.toml, which `graphdoc generate` reads.
    graphdoc(&temp.0, &[]).expect_code(0);
    assert!(
        header("models").ends_with("regenerate with `graphdoc generate`."),
        "{}",
        header("models")
    );
    graphdoc(&temp.0, &["generate", "--out", "elsewhere", "-q"]).expect_code(0);
    assert!(
        header("elsewhere").ends_with("regenerate with `graphdoc generate --out elsewhere`."),
        "{}",
        header("elsewhere")
    );
    graphdoc(&temp.0, &["check", "--out", "elsewhere", "-q"]).expect_code(0);
}

#[test]
fn the_repositorys_lock_matches_the_seed_page() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let config =
        graphdoc::ConfigFile::read(root.join("graphdoc.toml")).expect("the root config reads");
    let upstream = config
        .upstream
        .as_ref()
        .expect("it names the upstream page");
    assert_eq!(upstream.pages[0].value, PAGE);
    assert_eq!(
        graphdoc::sync::verify(&config),
        Vec::<String>::new(),
        "graphdoc.lock and docs-input/ disagree"
    );
    let lock = graphdoc::sync::Lock::read(&config.lock_path())
        .expect("the lock reads")
        .expect("there is a lock");
    assert_eq!(lock.pages.len(), 1);
    assert_eq!(lock.pages[0].file, "cloudpcdeviceimage.md");
}
