//! Module names for namespaces: `microsoft.graph` is the root, `microsoft.graph.callRecords`
//! the module `call_records`. Two namespaces that would share a module name, or a module
//! that would take a name its parent reserves, get a numeric suffix.

use std::collections::{BTreeMap, BTreeSet};

use super::naming;
use crate::model::{GRAPH_NAMESPACE, Schema};

/// Support modules at the root of the generated code.
pub const SERDE_SUPPORT_MODULE: &str = "serde_support";
pub const ISO_DURATION_MODULE: &str = "iso_duration";
pub const UNDOCUMENTED_MODULE: &str = "undocumented_value";
pub const NULL_PROPERTIES_MODULE: &str = "null_properties";
pub const CHANGES_MODULE: &str = "changes";
pub const COLLECTION_MODULE: &str = "collection";
pub const REMOVED_MODULE: &str = "removed";

/// Names no file or module may take anywhere: `mod` and `lib` are the module files
/// themselves, the rest are device names Windows reserves for files of any extension.
pub const RESERVED_STEMS: &[&str] = &[
    "mod", "lib", "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6",
    "com7", "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Names no module at the root may take: the support modules, and the crates the
/// generated code names in paths.
pub const RESERVED_ROOT_MODULES: &[&str] = &[
    SERDE_SUPPORT_MODULE,
    ISO_DURATION_MODULE,
    UNDOCUMENTED_MODULE,
    NULL_PROPERTIES_MODULE,
    CHANGES_MODULE,
    COLLECTION_MODULE,
    REMOVED_MODULE,
    "std",
    "core",
    "alloc",
    "serde",
    "serde_json",
    "serde_with",
    "chrono",
    "uuid",
];

#[derive(Debug, Default)]
pub struct ModulePlan {
    /// The module path of each namespace.
    of: BTreeMap<String, Vec<String>>,
    /// Every module below the root, with the namespace it stands for.
    pub modules: BTreeMap<Vec<String>, String>,
}

impl ModulePlan {
    pub fn new(schema: &Schema) -> Self {
        let namespaces: BTreeSet<&str> = schema
            .structs
            .iter()
            .map(|t| t.name.namespace.as_str())
            .chain(schema.enums.iter().map(|e| e.name.namespace.as_str()))
            .collect();
        let mut plan = ModulePlan::default();
        // The names taken in each module, and what each namespace segment became there.
        let mut taken: BTreeMap<Vec<String>, BTreeSet<String>> = BTreeMap::new();
        let mut assigned: BTreeMap<(Vec<String>, String), String> = BTreeMap::new();
        for namespace in namespaces {
            let rest = if namespace == GRAPH_NAMESPACE {
                ""
            } else {
                namespace
                    .strip_prefix("microsoft.graph.")
                    .unwrap_or(namespace)
            };
            let mut path: Vec<String> = Vec::new();
            let mut docs_prefix = if rest.len() < namespace.len() {
                GRAPH_NAMESPACE.to_string()
            } else {
                String::new()
            };
            for segment in rest.split('.') {
                if !docs_prefix.is_empty() {
                    docs_prefix.push('.');
                }
                docs_prefix.push_str(segment);
                let snake = naming::snake_case(segment);
                if snake.is_empty() {
                    continue;
                }
                let key = (path.clone(), segment.to_string());
                let name = match assigned.get(&key) {
                    Some(name) => name.clone(),
                    None => {
                        let names = taken
                            .entry(path.clone())
                            .or_insert_with(|| reserved_modules(&path));
                        let (wanted, _) = naming::escape_keyword(snake);
                        let name = naming::unique_snake(&wanted, names);
                        assigned.insert(key, name.clone());
                        name
                    }
                };
                path.push(name);
                plan.modules
                    .entry(path.clone())
                    .or_insert_with(|| docs_prefix.clone());
            }
            plan.of.insert(namespace.to_string(), path);
        }
        plan
    }

    /// The module path of a namespace.
    pub fn of(&self, namespace: &str) -> Vec<String> {
        self.of.get(namespace).cloned().unwrap_or_default()
    }

    /// The file stems an item in `module` may not take: reserved names, the module's own
    /// child modules, and its own name (a module holding a module of its own name is
    /// what clippy's `module_inception` warns of).
    pub fn taken_stems(&self, module: &[String]) -> BTreeSet<String> {
        let mut taken = reserved_modules(module);
        for path in self.modules.keys() {
            if path.len() == module.len() + 1 && path.starts_with(module) {
                taken.insert(path[module.len()].clone());
            }
        }
        taken
    }
}

/// The names a module's children may not take.
fn reserved_modules(module: &[String]) -> BTreeSet<String> {
    let mut taken: BTreeSet<String> = RESERVED_STEMS.iter().map(|s| s.to_string()).collect();
    if module.is_empty() {
        taken.extend(RESERVED_ROOT_MODULES.iter().map(|s| s.to_string()));
    }
    if let Some(own) = module.last() {
        taken.insert(own.clone());
    }
    taken
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EnumType, QualifiedName};
    use crate::source::{FileId, Loc};

    fn schema(namespaces: &[&str]) -> Schema {
        Schema {
            operations: Vec::new(),
            structs: Vec::new(),
            enums: namespaces
                .iter()
                .map(|ns| EnumType {
                    name: QualifiedName::new(*ns, "e"),
                    description: String::new(),
                    members: Vec::new(),
                    pages: Vec::new(),
                    areas: Vec::new(),
                    loc: Loc::new(FileId(0), 0..0),
                })
                .collect(),
        }
    }

    #[test]
    fn namespaces_that_would_share_a_module_are_told_apart() {
        let plan = ModulePlan::new(&schema(&[
            "microsoft.graph",
            "microsoft.graph.fooBar",
            "microsoft.graph.foo_bar",
            "microsoft.graph.serdeSupport",
            "microsoft.graph.type",
            "microsoft.graph.callRecords.callRecords",
        ]));
        assert_eq!(plan.of("microsoft.graph"), Vec::<String>::new());
        assert_eq!(plan.of("microsoft.graph.fooBar"), ["foo_bar"]);
        assert_eq!(plan.of("microsoft.graph.foo_bar"), ["foo_bar_2"]);
        assert_eq!(plan.of("microsoft.graph.serdeSupport"), ["serde_support_2"]);
        assert_eq!(plan.of("microsoft.graph.type"), ["type_"]);
        assert_eq!(
            plan.of("microsoft.graph.callRecords.callRecords"),
            ["call_records", "call_records_2"]
        );
        assert_eq!(
            plan.modules[&vec!["call_records".to_string()]],
            "microsoft.graph.callRecords"
        );
    }
}
