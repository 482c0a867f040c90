//! The crates the generated code names, as dependency entries: what a generated
//! `Cargo.toml` declares, and what a build script's including package must declare
//! (`crate::build_script` checks its manifest against [`CrateDependency::needs`]).

use super::Dependencies;

/// One crate the generated code uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateDependency {
    /// The crate's name on crates.io, which is also the path the code names
    /// (`chrono::DateTime`): the dependency's key must be exactly this.
    pub name: &'static str,
    /// The version requirement a generated manifest writes.
    pub version: &'static str,
    /// Whether a generated manifest keeps the crate's default features.
    pub default_features: bool,
    /// The features a generated manifest enables.
    pub features: &'static [&'static str],
    /// What the code needs of the crate: for each group, one of its features must be on
    /// (listed, or among the crate's defaults when they are kept). Less than `features`:
    /// the generated code checks with chrono, uuid and serde_with without `std`.
    pub needs: &'static [&'static [&'static str]],
    /// The crate's own default features that can satisfy a group of `needs`.
    pub defaults: &'static [&'static str],
}

impl CrateDependency {
    /// The `[dependencies]` line a generated manifest writes.
    pub fn manifest_line(&self) -> String {
        if self.default_features && self.features.is_empty() {
            return format!("{} = \"{}\"", self.name, self.version);
        }
        let mut fields = vec![format!("version = \"{}\"", self.version)];
        if !self.default_features {
            fields.push("default-features = false".to_string());
        }
        if !self.features.is_empty() {
            let features: Vec<String> = self.features.iter().map(|f| format!("\"{f}\"")).collect();
            fields.push(format!("features = [{}]", features.join(", ")));
        }
        format!("{} = {{ {} }}", self.name, fields.join(", "))
    }
}

const SERDE: CrateDependency = CrateDependency {
    name: "serde",
    version: "1",
    default_features: true,
    features: &[],
    needs: &[&["std", "alloc"]],
    defaults: &["std"],
};

const SERDE_JSON: CrateDependency = CrateDependency {
    name: "serde_json",
    version: "1",
    default_features: true,
    features: &[],
    needs: &[&["std", "alloc"]],
    defaults: &["std"],
};

const CHRONO: CrateDependency = CrateDependency {
    name: "chrono",
    version: "0.4",
    default_features: false,
    features: &["std", "serde"],
    needs: &[&["serde"]],
    defaults: &["clock", "std", "oldtime", "wasmbind"],
};

const SERDE_WITH: CrateDependency = CrateDependency {
    name: "serde_with",
    version: "3",
    default_features: false,
    features: &["std", "base64"],
    needs: &[&["base64"]],
    defaults: &["std", "macros"],
};

const UUID: CrateDependency = CrateDependency {
    name: "uuid",
    version: "1",
    default_features: true,
    features: &["serde"],
    needs: &[&["serde"]],
    defaults: &["std"],
};

impl Dependencies {
    /// Every crate the code names, serde and serde_json included, by name.
    pub fn crates(&self) -> Vec<CrateDependency> {
        let mut crates = Vec::new();
        if self.chrono {
            crates.push(CHRONO);
        }
        crates.push(SERDE);
        crates.push(SERDE_JSON);
        if self.serde_with {
            crates.push(SERDE_WITH);
        }
        if self.uuid {
            crates.push(UUID);
        }
        crates
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_lines_are_cargo_dependency_lines() {
        let all = Dependencies {
            chrono: true,
            uuid: true,
            serde_with: true,
        };
        let lines: Vec<String> = all.crates().iter().map(|c| c.manifest_line()).collect();
        assert_eq!(
            lines,
            [
                r#"chrono = { version = "0.4", default-features = false, features = ["std", "serde"] }"#,
                r#"serde = "1""#,
                r#"serde_json = "1""#,
                r#"serde_with = { version = "3", default-features = false, features = ["std", "base64"] }"#,
                r#"uuid = { version = "1", features = ["serde"] }"#,
            ]
        );
        let names: Vec<&str> = Dependencies::default()
            .crates()
            .iter()
            .map(|c| c.name)
            .collect();
        assert_eq!(names, ["serde", "serde_json"]);
        for dependency in all.crates() {
            let table: toml::Table = dependency.manifest_line().parse().unwrap();
            assert!(table.contains_key(dependency.name));
        }
    }
}
