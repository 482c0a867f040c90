//! The promise, as a property: whatever the schema, emission writes a crate (a collision
//! is never a reason to refuse), and the crate compiles with `-D warnings`.
//!
//! Random [`Schema`] values are built to collide: names that differ only in case, digits,
//! underscores or a `2` suffix; Rust keywords and `Self`, `self_`, `_`; names of the
//! prelude, std and the generated support items; an enum and a struct with one docs name;
//! a namespace whose module is a type's file stem; names that are not identifiers at all;
//! properties named like `odata_type` and `additional_data`; members named like the
//! `Undocumented` catch-all; base and derived types (so `Any<Type>` enums appear), across
//! namespaces, a derived type repeating a base property under the other table (a property
//! as a relationship, a relationship as a property); self-referencing and mutually
//! recursive fields; odd product areas, each of which becomes a cargo feature.
//!
//! - `emission_never_refuses_and_files_are_consistent`: many schemas (500 by default,
//!   `GRAPHDOC_PROMISE_SCHEMAS`), no compiler: emission succeeds without panicking, every
//!   `.rs` file parses, module declarations, files and re-exports agree and are unique,
//!   and every feature the code names is a valid feature of the manifest.
//! - `emitted_crates_compile_without_warnings`: schemas until 60 crates are emitted
//!   (`GRAPHDOC_PROMISE_CRATES`; at most three times as many schemas), as members of one
//!   throwaway workspace (`target/promise-check/`), checked at once with `cargo check
//!   --workspace --all-features` and `RUSTFLAGS=-D warnings`; then 3 of them with no
//!   features and with each feature alone, and 5 under `cargo clippy -- -D warnings`.
//!
//! The seed is fixed, so CI sees the same schemas every run; each failure prints the
//! schema's index and a description that rebuilds it.
//!
//! `cargo test -p graphdoc-tests --test promise -- --nocapture` prints the counts and timings.

#[path = "batch_check.rs"]
mod batch_check;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use graphdoc::config_file::TypeMapping;
use graphdoc::diagnostics::{Diagnostics, SeverityPolicy};
use graphdoc::emit::{EmitOptions, GeneratedCrate};
use graphdoc::model::{
    Deprecation, EnumMember, EnumType, Origin, Primitive, Property, QualifiedName, Schema,
    StructType, TypeKind, TypeRef,
};
use graphdoc::source::{FileId, Loc, SourceFile, SourceMap};

use batch_check::{Batch, area_features, head};

const SEED: u64 = 0x7072_6f6d_6973_6521;
const SCHEMAS: usize = 500;
/// Crates compiled at once: schemas are emitted until this many crates are written.
const CRATES: usize = 60;
const FEATURE_SAMPLE: usize = 3;
const CLIPPY_SAMPLE: usize = 5;

fn env_count(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

// ---------------------------------------------------------------------------------------
// A small seeded generator
// ---------------------------------------------------------------------------------------

/// SplitMix64.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, index: usize) -> Rng {
        Rng(seed ^ (index as u64).wrapping_mul(0xA24B_AED4_963E_E407))
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// True with the given chance in percent.
    fn percent(&mut self, chance: usize) -> bool {
        self.below(100) < chance
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------------------
// Names built to collide
// ---------------------------------------------------------------------------------------

/// Type and enum names.
const TYPE_NAMES: &[&str] = &[
    // Differ only in case, digits, underscores, a `2` suffix.
    "fooBar",
    "FooBar",
    "foo_bar",
    "FOO_BAR",
    "foo__bar",
    "fooBar2",
    "FooBar2",
    "foo_bar_2",
    "foo2",
    "foo",
    "Foo",
    // Keywords.
    "type",
    "match",
    "fn",
    "async",
    "Self",
    "self",
    "self_",
    "Self_",
    "super",
    "crate",
    "_",
    "mod",
    // The prelude, std and the support items.
    "Option",
    "String",
    "Box",
    "Vec",
    "Result",
    "Some",
    "None",
    "From",
    "Into",
    "Default",
    "Iterator",
    "Sized",
    "Copy",
    "Serialize",
    "Deserialize",
    "Collection",
    "collection",
    "Removed",
    "removed",
    "UndocumentedValue",
    "undocumentedValue",
    "IsoDuration",
    "isoDuration",
    "serde_support",
    "serdeSupport",
    "iso_duration",
    "undocumented_value",
    "std",
    "core",
    "serde",
    "serde_json",
    "lib",
    "anyFooBar",
    "AnyFooBar",
    "entity",
    // Not identifiers.
    "a-b",
    "@odata.x",
    "JIS B4",
    "3d",
    "",
    "é",
    "日本",
    "fooé",
];

/// Namespaces: modules that collide with file stems, keywords, support modules, nothing.
const NAMESPACES: &[&str] = &[
    "microsoft.graph",
    "microsoft.graph",
    "microsoft.graph",
    "microsoft.graph",
    "microsoft.graph.fooBar",
    "microsoft.graph.foo_bar",
    "microsoft.graph.FooBar",
    "microsoft.graph.callRecords",
    "microsoft.graph.self",
    "microsoft.graph.type",
    "microsoft.graph.serde_support",
    "microsoft.graph.collection",
    "microsoft.graph.lib",
    "microsoft.graph.mod",
    "microsoft.graph.a-b",
    "microsoft.graph.3d",
    "microsoft.graph.é",
    "microsoft.graph.fooBar.inner",
    "other",
];

const PROPERTY_NAMES: &[&str] = &[
    "id",
    "displayName",
    "DisplayName",
    "display_name",
    "displayName2",
    "display_name_2",
    "@odata.type",
    "@odata.type2",
    "odata_type",
    "odataType",
    "@odata.context",
    "additional_data",
    "additionalData",
    "self",
    "Self",
    "self_",
    "super",
    "crate",
    "_",
    "type",
    "match",
    "fn",
    "",
    "a-b",
    "@odata.x",
    "JIS B4",
    "3d",
    "é",
    "value",
    "map",
    "key",
    "serializer",
    "deserializer",
    "Option",
    "String",
    "fooBar",
    "foo_bar",
];

const MEMBER_NAMES: &[&str] = &[
    "Undocumented",
    "undocumented",
    "UNDOCUMENTED",
    "undocumented2",
    "Undocumented2",
    "unknown",
    "unknownFutureValue",
    "Self",
    "self",
    "self_",
    "super",
    "crate",
    "_",
    "type",
    "fn",
    "",
    "a-b",
    "JIS B4",
    "jisB4",
    "3d",
    "é",
    "value",
    "value2",
    "value_2",
    "Value2",
    "None",
    "Some",
    "Default",
    "Other",
];

/// Product areas; each becomes a cargo feature.
const AREAS: &[&str] = &[
    "",
    "full",
    "default",
    "365",
    "a b",
    "cloud-pc",
    "Cloud PC",
    "cloud_pc",
    "é",
    "-",
    "x.y",
    "full-area",
];

const DESCRIPTIONS: &[&str] = &[
    "",
    "A thing.",
    "Read-only. Use `x` instead.",
    "- one\ncontinued lazily",
    "1. first\n2. second",
    "a <br> b [link](x.md) *c*",
    "> quoted\nlazy",
];

const PRIMITIVES: &[Primitive] = &Primitive::ALL;

fn loc() -> Loc {
    Loc::new(FileId(0), 0..0)
}

fn areas(rng: &mut Rng) -> Vec<String> {
    let n = rng.below(3);
    let mut areas: Vec<String> = (0..n).map(|_| rng.pick(AREAS).to_string()).collect();
    areas.dedup();
    areas
}

fn qualified(rng: &mut Rng) -> QualifiedName {
    QualifiedName::new(*rng.pick(NAMESPACES), *rng.pick(TYPE_NAMES))
}

/// A schema built to collide.
fn schema(rng: &mut Rng) -> Schema {
    let struct_count = 1 + rng.below(7);
    let enum_count = rng.below(5);
    let mut struct_names: Vec<QualifiedName> = Vec::new();
    if rng.percent(30) {
        struct_names.push(QualifiedName::new("microsoft.graph", "entity"));
    }
    while struct_names.len() < struct_count {
        let name = qualified(rng);
        if !struct_names.contains(&name) {
            struct_names.push(name);
        }
    }
    let mut enum_names: Vec<QualifiedName> = Vec::new();
    while enum_names.len() < enum_count {
        // Often an enum and a struct share a docs name.
        let name = if rng.percent(30) {
            rng.pick(&struct_names).clone()
        } else {
            qualified(rng)
        };
        if !enum_names.contains(&name) {
            enum_names.push(name);
        }
    }

    let mut structs = Vec::new();
    for (i, name) in struct_names.iter().enumerate() {
        // Bases come from earlier types only, so there is no inheritance cycle.
        let base = (i > 0 && rng.percent(50)).then(|| struct_names[rng.below(i)].clone());
        let mut properties: Vec<Property> = Vec::new();
        if name.name == "entity" {
            properties.push(property("id", TypeRef::Primitive(Primitive::String), false));
        }
        for _ in 0..rng.below(6) {
            let wire = *rng.pick(PROPERTY_NAMES);
            if properties.iter().any(|p| p.name == wire) {
                continue;
            }
            let ty = match rng.below(10) {
                0..=3 => TypeRef::Primitive(*rng.pick(PRIMITIVES)),
                // Any struct, itself included: self-reference and mutual recursion.
                4..=7 => TypeRef::Struct(rng.pick(&struct_names).clone()),
                _ if !enum_names.is_empty() => TypeRef::Enum(rng.pick(&enum_names).clone()),
                _ => TypeRef::Primitive(Primitive::Json),
            };
            let mut p = property(wire, ty, rng.percent(30));
            p.navigation = matches!(p.ty, TypeRef::Struct(_)) && rng.percent(30);
            p.description = rng.pick(DESCRIPTIONS).to_string();
            p.read_only = rng.percent(30);
            if rng.percent(10) {
                p.deprecated = Some(Deprecation {
                    note: "This property is deprecated.".to_string(),
                    replacement: rng
                        .percent(50)
                        .then(|| rng.pick(PROPERTY_NAMES).to_string()),
                });
            }
            properties.push(p);
        }
        // A derived page that repeats one of its base's properties under the other table
        // (Properties or Relationships), as damaged upstream pages do.
        if let Some(base) = &base
            && rng.percent(40)
        {
            let declared: &StructType = &structs[struct_names
                .iter()
                .position(|n| n == base)
                .expect("an earlier type")];
            if !declared.properties.is_empty() {
                let mut moved = rng.pick(&declared.properties).clone();
                moved.navigation = !moved.navigation;
                properties.retain(|p| p.name != moved.name);
                properties.push(moved);
            }
        }
        let key = (properties.iter().any(|p| p.name == "id") || rng.percent(20))
            .then(|| "id".to_string());
        structs.push(StructType {
            name: name.clone(),
            kind: if key.is_some() {
                TypeKind::Entity
            } else {
                TypeKind::Complex
            },
            base,
            key,
            open: rng.percent(20),
            is_abstract: rng.percent(20),
            description: rng.pick(DESCRIPTIONS).to_string(),
            properties,
            methods: Vec::new(),
            pages: vec!["promise.md".to_string()],
            areas: areas(rng),
            loc: Some(loc()),
        });
    }

    let mut enums = Vec::new();
    for name in &enum_names {
        let mut members: Vec<EnumMember> = Vec::new();
        for _ in 0..rng.below(6) {
            let wire = *rng.pick(MEMBER_NAMES);
            if members.iter().any(|m| m.name == wire) {
                continue;
            }
            members.push(EnumMember {
                name: wire.to_string(),
                value: rng.percent(40).then(|| rng.below(1000) as i64 - 10),
                description: rng.pick(DESCRIPTIONS).to_string(),
                deprecated: rng.percent(15).then(|| Deprecation {
                    note: "Deprecated in the docs.".to_string(),
                    replacement: None,
                }),
                loc: loc(),
            });
        }
        enums.push(EnumType {
            name: name.clone(),
            description: rng.pick(DESCRIPTIONS).to_string(),
            members,
            pages: vec!["promise.md".to_string()],
            areas: areas(rng),
            loc: loc(),
        });
    }
    structs.sort_by(|a, b| a.name.cmp(&b.name));
    enums.sort_by(|a, b| a.name.cmp(&b.name));
    Schema {
        structs,
        enums,
        operations: Vec::new(),
    }
}

fn property(name: &str, ty: TypeRef, collection: bool) -> Property {
    Property {
        name: name.to_string(),
        docs_type: ty.schema_name(),
        ty,
        collection,
        description: String::new(),
        read_only: false,
        required: false,
        deprecated: None,
        navigation: false,
        origin: Origin::Table,
        loc: Some(loc()),
    }
}

/// The schema in a few lines: enough to rebuild it by hand.
fn describe(schema: &Schema) -> String {
    let mut text = String::new();
    for ty in &schema.structs {
        let _ = write!(text, "  struct `{}`", ty.name);
        if let Some(base) = &ty.base {
            let _ = write!(text, " : `{base}`");
        }
        let _ = write!(text, " areas {:?} {{", ty.areas);
        for p in &ty.properties {
            let _ = write!(
                text,
                " `{}`: {}{}{},",
                p.name,
                p.ty.schema_name(),
                if p.collection { " collection" } else { "" },
                if p.navigation { " nav" } else { "" }
            );
        }
        text.push_str(" }\n");
    }
    for e in &schema.enums {
        let members: Vec<&str> = e.members.iter().map(|m| m.name.as_str()).collect();
        let _ = writeln!(
            text,
            "  enum `{}` areas {:?} members {members:?}",
            e.name, e.areas
        );
    }
    text
}

// ---------------------------------------------------------------------------------------
// Emission
// ---------------------------------------------------------------------------------------

fn sources() -> SourceMap {
    let mut sources = SourceMap::default();
    sources.add(SourceFile::new(
        PathBuf::from("promise.md"),
        "promise.md".to_string(),
        "# a page that is not read\n".to_string(),
    ));
    sources
}

/// Emits a crate, or says why not (an error, an error diagnostic or a panic).
fn emit(schema: &Schema, crate_name: &str, mapping: TypeMapping) -> Result<GeneratedCrate, String> {
    let sources = sources();
    let options = EmitOptions {
        crate_name: crate_name.to_string(),
        regenerate_command: "cargo test -p graphdoc-tests --test promise".to_string(),
        root: "crate".to_string(),
        renames: BTreeMap::new(),
        mapping,
        default_features: Default::default(),
    };
    quiet_panics();
    let outcome = std::panic::catch_unwind(|| {
        let mut diagnostics = Diagnostics::default();
        let emitted = graphdoc::emit::emit(schema, &sources, &options, &mut diagnostics);
        diagnostics.finish(&SeverityPolicy::default());
        (emitted, diagnostics)
    });
    match outcome {
        Err(panic) => {
            let location = PANIC_LOCATION.lock().map(|l| l.clone()).unwrap_or_default();
            Err(format!(
                "emission panicked: {} (at {location})",
                panic_message(&panic)
            ))
        }
        Ok((Err(error), _)) => Err(format!(
            "emission refused: error[{}]: {}",
            error.code, error.message
        )),
        Ok((Ok(_), diagnostics)) if diagnostics.has_errors() => Err(format!(
            "emission reported errors: {}",
            diagnostics
                .iter()
                .map(|d| graphdoc::diagnostics::render(d, &sources))
                .collect::<Vec<_>>()
                .join("")
        )),
        Ok((Ok((files, _)), _)) => Ok(files),
    }
}

/// Where the last panic of a worker thread happened (the test threads' panics print).
static PANIC_LOCATION: std::sync::Mutex<String> = std::sync::Mutex::new(String::new());

/// Panics of emission are caught and reported with the schema; the default hook's
/// message is kept for the test threads (named after their test) only, so that the
/// report is not buried under the messages of the emitter's worker threads.
fn quiet_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name().is_some() {
                default(info);
            } else {
                *PANIC_LOCATION.lock().unwrap_or_else(|e| e.into_inner()) = emitter_frame();
            }
        }));
    });
}

/// The two innermost frames of the emitter in the current backtrace, as
/// `graphdoc::emit::enums::emit_enum (codegen/src/emit/enums.rs:48)`; symbolising costs,
/// so only the first few panics get one.
fn emitter_frame() -> String {
    static CAPTURED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    if CAPTURED.fetch_add(1, std::sync::atomic::Ordering::Relaxed) >= 40 {
        return "a place not looked up".to_string();
    }
    let trace = std::backtrace::Backtrace::force_capture().to_string();
    let lines: Vec<&str> = trace.lines().map(str::trim).collect();
    let frames: Vec<String> = lines
        .iter()
        .enumerate()
        .filter(|(_, line)| line.contains("graphdoc::emit::"))
        .take(2)
        .map(|(i, line)| {
            let function = line.split_once(": ").map_or(*line, |(_, f)| f);
            let place = lines
                .get(i + 1)
                .and_then(|l| l.strip_prefix("at "))
                .and_then(|l| l.find("codegen/src").map(|at| &l[at..]))
                .unwrap_or("?");
            format!("{function} ({place})")
        })
        .collect();
    if !frames.is_empty() {
        return frames.join(", called by ");
    }
    "a place outside the emitter".to_string()
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

fn mapping(rng: &mut Rng) -> TypeMapping {
    if rng.percent(20) {
        TypeMapping::Strings
    } else {
        TypeMapping::Native
    }
}

// ---------------------------------------------------------------------------------------
// Cheap checks of an emitted crate
// ---------------------------------------------------------------------------------------

/// Whether cargo accepts a feature name: a letter, digit or `_` first, then letters,
/// digits, `_`, `-`, `+` or `.`.
fn valid_feature(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '+' | '.'))
}

/// Problems a compiler would find that can be seen without one: files that do not parse,
/// modules declared twice or without a file, files no module declares, a name re-exported
/// twice from one module, features the manifest lacks or cargo would refuse.
fn cheap_problems(files: &GeneratedCrate) -> Vec<String> {
    let mut problems = Vec::new();
    let manifest = files.files.get("Cargo.toml").cloned().unwrap_or_default();
    // `None` when the manifest cannot be read, and the features cannot be compared.
    let features: Option<BTreeSet<String>> = match manifest.parse::<toml::Table>() {
        Ok(table) => Some(
            table
                .get("features")
                .and_then(|f| f.as_table())
                .map(|f| f.keys().cloned().collect())
                .unwrap_or_default(),
        ),
        Err(error) => {
            let error = error.to_string().replace('\n', " ");
            problems.push(format!("Cargo.toml is not TOML: {error}"));
            None
        }
    };
    for feature in features.iter().flatten() {
        if !valid_feature(feature) {
            problems.push(format!(
                "Cargo.toml: `{feature}` is not a valid feature name"
            ));
        }
    }
    let rust_files: BTreeSet<&str> = files
        .files
        .keys()
        .map(String::as_str)
        .filter(|p| p.ends_with(".rs"))
        .collect();
    let mut declared: BTreeSet<String> = BTreeSet::new();
    declared.insert("src/lib.rs".to_string());
    for (path, text) in &files.files {
        if !path.ends_with(".rs") {
            continue;
        }
        let file = match syn::parse_file(text) {
            Ok(file) => file,
            Err(error) => {
                problems.push(format!("{path} does not parse: {error}"));
                continue;
            }
        };
        // The directory of the modules this file declares.
        let dir = if path == "src/lib.rs" || path.ends_with("/mod.rs") {
            path.rsplit_once('/').unwrap().0.to_string()
        } else {
            path.trim_end_matches(".rs").to_string()
        };
        let mut modules: BTreeSet<String> = BTreeSet::new();
        let mut exported: BTreeSet<String> = BTreeSet::new();
        for item in &file.items {
            match item {
                syn::Item::Mod(m) if m.content.is_none() => {
                    let name = m.ident.unraw().to_string();
                    if !modules.insert(name.clone()) {
                        problems.push(format!("{path}: module `{name}` is declared twice"));
                    }
                    let flat = format!("{dir}/{name}.rs");
                    let nested = format!("{dir}/{name}/mod.rs");
                    match (rust_files.contains(&*flat), rust_files.contains(&*nested)) {
                        (true, true) => problems.push(format!(
                            "{path}: module `{name}` has both {flat} and {nested}"
                        )),
                        (false, false) => {
                            problems.push(format!("{path}: module `{name}` has no file"))
                        }
                        (true, false) => {
                            declared.insert(flat);
                        }
                        (false, true) => {
                            declared.insert(nested);
                        }
                    }
                }
                syn::Item::Use(u) if matches!(u.vis, syn::Visibility::Public(_)) => {
                    for name in use_names(&u.tree) {
                        if !exported.insert(name.clone()) {
                            problems.push(format!("{path}: `{name}` is re-exported twice"));
                        }
                    }
                }
                _ => {}
            }
        }
        for feature in cfg_features(text) {
            if features.as_ref().is_some_and(|f| !f.contains(&feature)) {
                problems.push(format!(
                    "{path}: `feature = \"{feature}\"` is not a feature of the manifest"
                ));
            }
        }
    }
    for path in rust_files {
        if !declared.contains(path) {
            problems.push(format!("{path} is a file no module declares"));
        }
    }
    problems
}

/// The names a `use` tree brings into scope.
fn use_names(tree: &syn::UseTree) -> Vec<String> {
    match tree {
        syn::UseTree::Path(p) => use_names(&p.tree),
        syn::UseTree::Name(n) => vec![n.ident.unraw().to_string()],
        syn::UseTree::Rename(r) => vec![r.rename.unraw().to_string()],
        syn::UseTree::Glob(_) => Vec::new(),
        syn::UseTree::Group(g) => g.items.iter().flat_map(use_names).collect(),
    }
}

/// The features `#[cfg(feature = "…")]` attributes name, read from the source text.
fn cfg_features(text: &str) -> Vec<String> {
    text.match_indices("feature = \"")
        .filter_map(|(at, marker)| {
            let rest = &text[at + marker.len()..];
            rest.split_once('"').map(|(name, _)| name.to_string())
        })
        .collect()
}

use syn::ext::IdentExt as _;

// ---------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------

#[test]
fn emission_never_refuses_and_files_are_consistent() {
    let start = Instant::now();
    let count = env_count("GRAPHDOC_PROMISE_SCHEMAS", SCHEMAS);
    let mut failures: Vec<String> = Vec::new();
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    // The same, with the names kept: which names the emitter trips on.
    let mut named: BTreeMap<String, usize> = BTreeMap::new();
    let mut files = 0;
    for index in 0..count {
        // Seeds of their own, apart from the compiled crates'.
        let mut rng = Rng::new(SEED ^ 0xFA57, index);
        let schema = schema(&mut rng);
        let mapping = mapping(&mut rng);
        let problems = match emit(&schema, "promise_fast", mapping) {
            Ok(crate_files) => {
                files += crate_files.files.len();
                cheap_problems(&crate_files)
            }
            Err(refused) => vec![refused],
        };
        if !problems.is_empty() {
            for problem in &problems {
                *kinds.entry(kind_of(problem)).or_default() += 1;
                *named.entry(named_kind(problem)).or_default() += 1;
            }
            failures.push(format!(
                "schema #{index} ({mapping:?}):\n{}  problems:\n{}",
                describe(&schema),
                problems
                    .iter()
                    .map(|p| format!("    {}\n", first_lines(p, 6)))
                    .collect::<String>()
            ));
        }
    }
    println!(
        "promise: {count} schemas emitted ({files} files) and checked without a compiler in {:.1} s; {} failed",
        start.elapsed().as_secs_f64(),
        failures.len()
    );
    for (kind, n) in &kinds {
        println!("promise:   {n} x {kind}");
    }
    let mut named: Vec<(usize, String)> = named.into_iter().map(|(k, n)| (n, k)).collect();
    named.sort_by(|a, b| b.cmp(a));
    for (n, kind) in named.iter().take(25) {
        println!("promise:     {n} x {kind}");
    }
    assert!(
        failures.is_empty(),
        "{} of {count} schemas break the promise before compiling; problems by kind:\n{}\nthe first ones:\n{}",
        failures.len(),
        kinds
            .iter()
            .map(|(k, n)| format!("  {n} x {k}\n"))
            .collect::<String>(),
        failures
            .iter()
            .take(12)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// A problem with its names and paths blanked out, to count problems by kind.
fn kind_of(problem: &str) -> String {
    let mut kind = String::new();
    let mut quoted = false;
    for c in first_line(problem).chars() {
        if c == '`' {
            quoted = !quoted;
            if quoted {
                kind.push_str("`…`");
            }
        } else if !quoted && c.is_ascii_digit() {
            if !kind.ends_with('N') {
                kind.push('N');
            }
        } else if !quoted {
            kind.push(c);
        }
    }
    kind.split_whitespace()
        .map(|w| if w.contains("src/") { "src/…" } else { w })
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(140)
        .collect()
}

/// A problem's first line without the place of a panic (only the first panics have one).
fn first_line(problem: &str) -> &str {
    let line = problem.lines().next().unwrap_or_default();
    line.split(" (at ").next().unwrap_or(line)
}

/// A problem's first line with its paths blanked but its names kept.
fn named_kind(problem: &str) -> String {
    first_line(problem)
        .split_whitespace()
        .map(|w| if w.contains("src/") { "src/…" } else { w })
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(140)
        .collect()
}

fn first_lines(text: &str, n: usize) -> String {
    text.lines().take(n).collect::<Vec<_>>().join("\n      ")
}

#[test]
fn emitted_crates_compile_without_warnings() {
    let start = Instant::now();
    let wanted = env_count("GRAPHDOC_PROMISE_CRATES", CRATES);
    let mut failures: Vec<String> = Vec::new();
    let mut batch = Batch::new("promise-check");
    let mut emitted: Vec<(usize, GeneratedCrate)> = Vec::new();
    // Schemas in seed order until `wanted` crates are emitted with a manifest cargo can
    // read, so that a broken emitter still has that many crates compiled.
    let mut count = 0;
    while batch
        .members
        .iter()
        .filter(|m| m.manifest_problem.is_none())
        .count()
        < wanted
        && count < wanted * 3
    {
        let index = count;
        count += 1;
        let mut rng = Rng::new(SEED, index);
        let schema = schema(&mut rng);
        let mapping = mapping(&mut rng);
        let label = format!("schema #{index} ({mapping:?}):\n{}", describe(&schema));
        match emit(&schema, &format!("promise_c{index:03}"), mapping) {
            Ok(files) => {
                let member = batch.add(label, &files);
                emitted.push((member, files));
            }
            Err(refused) => failures.push(format!("{label}  {}", first_lines(&refused, 6))),
        }
    }
    batch.finish();
    let emit_time = start.elapsed();
    for member in &batch.members {
        if let Some(problem) = &member.manifest_problem {
            failures.push(format!(
                "{}  cargo refuses its manifest:\n{}",
                member.label,
                head(problem, 8)
            ));
        }
    }

    let checked = batch.cargo(&["check", "--workspace", "--all-features"]);
    let checkable = batch.checkable().count();
    println!(
        "promise: {count} schemas, {} crates emitted, {checkable} compiled by one `cargo check --workspace --all-features` in {:.1} s (emission {:.1} s)",
        emitted.len(),
        checked.time.as_secs_f64(),
        emit_time.as_secs_f64()
    );
    record(
        &batch,
        &checked,
        "cargo check --all-features",
        &mut failures,
    );
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for lines in checked.failed.values() {
        let mut seen = BTreeSet::new();
        for line in lines {
            // `c007/src/lib.rs:3:1: error[E0428]: …`: the message, names blanked.
            let message = line.splitn(4, ':').nth(3).unwrap_or(line);
            seen.insert(kind_of(message));
        }
        for kind in seen {
            *kinds.entry(kind).or_default() += 1;
        }
    }
    for (kind, n) in &kinds {
        println!("promise:   {n} crates: {kind}");
    }

    // A few crates with no features and with each feature alone, and a few under clippy:
    // crates the check passed first (their problems are not the ones already reported),
    // then the others, in a fixed order.
    let (passed, failed): (Vec<usize>, Vec<usize>) = batch
        .checkable()
        .map(|(i, _)| i)
        .partition(|i| !checked.failed.contains_key(i));
    let sample: Vec<usize> = passed.iter().chain(&failed).copied().collect();
    let feature_start = Instant::now();
    let mut feature_checks = 0;
    for &i in sample.iter().take(FEATURE_SAMPLE) {
        let package = batch.members[i].package.clone();
        let files = &emitted.iter().find(|(m, _)| *m == i).unwrap().1;
        let mut sets = vec![None];
        sets.extend(area_features(files).into_iter().map(Some));
        for feature in sets {
            let mut args = vec!["check", "-p", &package, "--no-default-features"];
            if let Some(feature) = &feature {
                args.extend(["--features", feature.as_str()]);
            }
            let checked = batch.cargo(&args);
            feature_checks += 1;
            let what = match &feature {
                Some(f) => format!("cargo check --features {f} alone"),
                None => "cargo check --no-default-features".to_string(),
            };
            record(&batch, &checked, &what, &mut failures);
        }
    }
    println!(
        "promise: {feature_checks} checks of {} crates with no feature and each feature alone in {:.1} s",
        sample.len().min(FEATURE_SAMPLE),
        feature_start.elapsed().as_secs_f64()
    );

    let clippy_sample: Vec<&str> = sample
        .iter()
        .take(CLIPPY_SAMPLE)
        .map(|&i| batch.members[i].package.as_str())
        .collect();
    let mut args = vec!["clippy", "--all-features"];
    for package in &clippy_sample {
        args.extend(["-p", package]);
    }
    args.extend(["--", "-D", "warnings"]);
    let clippy = batch.cargo(&args);
    println!(
        "promise: cargo clippy -- -D warnings of {} crates in {:.1} s",
        clippy_sample.len(),
        clippy.time.as_secs_f64()
    );
    record(
        &batch,
        &clippy,
        "cargo clippy -- -D warnings",
        &mut failures,
    );

    println!(
        "promise: {} crates compiled; {} failures; {:.1} s in all",
        checkable,
        failures.len(),
        start.elapsed().as_secs_f64()
    );
    assert!(
        failures.is_empty(),
        "{} failures of the promise (a crate that is not written, or does not compile \
         without warnings):\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Adds a failure for each member a cargo command failed on, or one for the whole command
/// when no member is to blame.
fn record(batch: &Batch, checked: &batch_check::Checked, what: &str, failures: &mut Vec<String>) {
    for (&i, lines) in &checked.failed {
        let member = &batch.members[i];
        failures.push(format!(
            "{}  {what} fails for {} ({}):\n{}",
            member.label,
            member.dir,
            member.package,
            if lines.is_empty() {
                "    (cargo named no file; its output is printed below)\n".to_string()
            } else {
                head(&lines.join("\n"), 12)
            }
        ));
    }
    if checked.failed.values().any(Vec::is_empty) {
        failures.push(format!(
            "{what}: cargo's output:\n{}",
            head(&checked.output, 40)
        ));
    }
    if !checked.succeeded && checked.failed.is_empty() {
        failures.push(format!(
            "{what} fails, no crate named:\n{}",
            head(&checked.output, 40)
        ));
    }
}
