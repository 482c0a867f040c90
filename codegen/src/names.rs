//! One index of type and enum names, and one set of rules for looking a written name up,
//! used by resolution (type cells, JSON blocks, base types), by the config file's
//! selections and renames, and by the examples validator.
//!
//! The rules of [`TypeIndex::lookup`]:
//! - `#` and surrounding space are ignored.
//! - A qualified name (`microsoft.graph.user`) is looked up as written; a simple name
//!   (`user`) in the default namespace (the page's), then in `microsoft.graph`, then in the
//!   one other namespace that defines it exactly.
//! - Failing that, case is ignored ([`Lookup::CaseInsensitive`], which resolution reports
//!   as GD0307): the match in the default namespace wins, then the one in
//!   `microsoft.graph`, then a single match anywhere.
//! - Several matches and none preferred are [`Lookup::Ambiguous`].
//!
//! [`TypeIndex::matching`] is the config file's rule: every name the entry could mean.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{GRAPH_NAMESPACE, QualifiedName, Schema, TypeRef};

/// The outcome of looking a written name up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// The name as written (qualified, or simple in a namespace the rules try).
    Exact(TypeRef),
    /// Found only when case is ignored.
    CaseInsensitive(TypeRef),
    /// Several types match when case is ignored, and none is preferred; sorted.
    Ambiguous(Vec<QualifiedName>),
    Missing,
}

impl Lookup {
    /// The type found, exactly or ignoring case.
    pub fn found(self) -> Option<TypeRef> {
        match self {
            Lookup::Exact(ty) | Lookup::CaseInsensitive(ty) => Some(ty),
            Lookup::Ambiguous(_) | Lookup::Missing => None,
        }
    }
}

/// Every type and enum name a reference can resolve to.
#[derive(Debug, Clone, Default)]
pub struct TypeIndex {
    structs: BTreeSet<QualifiedName>,
    enums: BTreeSet<QualifiedName>,
    /// Lower-cased simple name to every qualified name with that simple name.
    by_simple_name: BTreeMap<String, Vec<QualifiedName>>,
}

impl TypeIndex {
    /// The names of a resolved schema.
    pub fn from_schema(schema: &Schema) -> TypeIndex {
        let mut index = TypeIndex::default();
        for ty in &schema.structs {
            index.add_struct(&ty.name);
        }
        for e in &schema.enums {
            index.add_enum(&e.name);
        }
        index
    }

    pub fn add_struct(&mut self, name: &QualifiedName) {
        if self.structs.insert(name.clone()) {
            self.add_simple(name);
        }
    }

    pub fn add_enum(&mut self, name: &QualifiedName) {
        if self.enums.insert(name.clone()) {
            self.add_simple(name);
        }
    }

    fn add_simple(&mut self, name: &QualifiedName) {
        let list = self
            .by_simple_name
            .entry(name.name.to_ascii_lowercase())
            .or_default();
        if let Err(at) = list.binary_search(name) {
            list.insert(at, name.clone());
        }
    }

    /// What an exact qualified name is, if the index has it (a struct before an enum).
    pub fn type_ref(&self, name: &QualifiedName) -> Option<TypeRef> {
        if self.structs.contains(name) {
            Some(TypeRef::Struct(name.clone()))
        } else if self.enums.contains(name) {
            Some(TypeRef::Enum(name.clone()))
        } else {
            None
        }
    }

    /// Resolves a written type name as seen from `default_namespace` (the page's).
    pub fn lookup(&self, written: &str, default_namespace: &str) -> Lookup {
        let written = written.trim().trim_start_matches('#');
        let qualified = written.contains('.');
        let candidates: Vec<QualifiedName> = if qualified {
            vec![QualifiedName::parse(written, default_namespace)]
        } else {
            vec![
                QualifiedName::new(default_namespace, written),
                QualifiedName::new(GRAPH_NAMESPACE, written),
            ]
        };
        for candidate in &candidates {
            if let Some(found) = self.type_ref(candidate) {
                return Lookup::Exact(found);
            }
        }
        let simple = QualifiedName::parse(written, default_namespace);
        let same_name = self
            .by_simple_name
            .get(&simple.name.to_ascii_lowercase())
            .map(Vec::as_slice)
            .unwrap_or_default();
        // An unqualified name defined in exactly one other namespace is unambiguous.
        if !qualified {
            let exact: Vec<_> = same_name.iter().filter(|q| q.name == simple.name).collect();
            if let [only] = exact.as_slice()
                && let Some(found) = self.type_ref(only)
            {
                return Lookup::Exact(found);
            }
        }
        let folded: Vec<&QualifiedName> = same_name
            .iter()
            .filter(|q| !qualified || q.namespace.eq_ignore_ascii_case(&simple.namespace))
            .collect();
        let preferred = folded
            .iter()
            .find(|q| q.namespace == default_namespace)
            .or_else(|| folded.iter().find(|q| q.namespace == GRAPH_NAMESPACE))
            .or(if folded.len() == 1 {
                folded.first()
            } else {
                None
            });
        match preferred.and_then(|q| self.type_ref(q)) {
            Some(found) => Lookup::CaseInsensitive(found),
            None if folded.len() > 1 => Lookup::Ambiguous(folded.into_iter().cloned().collect()),
            None => Lookup::Missing,
        }
    }

    /// Every name a config entry denotes, sorted: a qualified name matches itself, a
    /// simple name its type in any namespace; case is ignored.
    pub fn matching(&self, written: &str) -> Vec<QualifiedName> {
        let written = written.trim().trim_start_matches('#');
        let simple = written.rsplit('.').next().unwrap_or(written);
        let same_name = self
            .by_simple_name
            .get(&simple.to_ascii_lowercase())
            .map(Vec::as_slice)
            .unwrap_or_default();
        match written.rsplit_once('.') {
            Some((namespace, _)) => same_name
                .iter()
                .filter(|q| q.namespace.eq_ignore_ascii_case(namespace))
                .cloned()
                .collect(),
            None => same_name.to_vec(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> QualifiedName {
        QualifiedName::parse(text, GRAPH_NAMESPACE)
    }

    fn index() -> TypeIndex {
        let mut index = TypeIndex::default();
        for name in [
            "microsoft.graph.user",
            "microsoft.graph.callRecords.session",
            "microsoft.graph.callRecords.segment",
            "microsoft.graph.security.alert",
            "microsoft.graph.alert",
            "microsoft.graph.a.thing",
            "microsoft.graph.b.thing",
        ] {
            index.add_struct(&q(name));
        }
        index.add_enum(&q("microsoft.graph.callRecords.modality"));
        index
    }

    #[test]
    fn exact_names_and_namespace_defaulting() {
        let index = index();
        let user = TypeRef::Struct(q("microsoft.graph.user"));
        assert_eq!(
            index.lookup("microsoft.graph.user", GRAPH_NAMESPACE),
            Lookup::Exact(user.clone())
        );
        assert_eq!(
            index.lookup("#microsoft.graph.user", GRAPH_NAMESPACE),
            Lookup::Exact(user.clone())
        );
        // A simple name: the page's namespace, then microsoft.graph.
        assert_eq!(
            index.lookup("user", "microsoft.graph.callRecords"),
            Lookup::Exact(user)
        );
        assert_eq!(
            index.lookup("alert", "microsoft.graph.security"),
            Lookup::Exact(TypeRef::Struct(q("microsoft.graph.security.alert")))
        );
        assert_eq!(
            index.lookup("alert", GRAPH_NAMESPACE),
            Lookup::Exact(TypeRef::Struct(q("microsoft.graph.alert")))
        );
        // Defined in one other namespace only.
        assert_eq!(
            index.lookup("session", GRAPH_NAMESPACE),
            Lookup::Exact(TypeRef::Struct(q("microsoft.graph.callRecords.session")))
        );
        assert_eq!(
            index.lookup("modality", "microsoft.graph.callRecords"),
            Lookup::Exact(TypeRef::Enum(q("microsoft.graph.callRecords.modality")))
        );
    }

    #[test]
    fn case_is_ignored_as_a_last_resort() {
        let index = index();
        assert_eq!(
            index.lookup("Microsoft.Graph.User", GRAPH_NAMESPACE),
            Lookup::CaseInsensitive(TypeRef::Struct(q("microsoft.graph.user")))
        );
        assert_eq!(
            index.lookup("User", GRAPH_NAMESPACE),
            Lookup::CaseInsensitive(TypeRef::Struct(q("microsoft.graph.user")))
        );
        assert_eq!(
            index.lookup("Session", GRAPH_NAMESPACE),
            Lookup::CaseInsensitive(TypeRef::Struct(q("microsoft.graph.callRecords.session")))
        );
    }

    #[test]
    fn ambiguous_and_missing_names() {
        let index = index();
        assert_eq!(
            index.lookup("thing", GRAPH_NAMESPACE),
            Lookup::Ambiguous(vec![
                q("microsoft.graph.a.thing"),
                q("microsoft.graph.b.thing")
            ])
        );
        assert_eq!(
            index.lookup("microsoft.graph.nothing", GRAPH_NAMESPACE),
            Lookup::Missing
        );
        assert_eq!(index.lookup("", GRAPH_NAMESPACE), Lookup::Missing);
        assert_eq!(index.lookup("thing", GRAPH_NAMESPACE).found(), None);
    }

    #[test]
    fn config_names_match_in_any_namespace_and_case() {
        let index = index();
        assert_eq!(index.matching("USER"), [q("microsoft.graph.user")]);
        assert_eq!(
            index.matching("alert"),
            [
                q("microsoft.graph.alert"),
                q("microsoft.graph.security.alert")
            ]
        );
        assert_eq!(
            index.matching("Microsoft.Graph.Security.Alert"),
            [q("microsoft.graph.security.alert")]
        );
        assert!(index.matching("microsoft.graph.nothing").is_empty());
    }

    #[test]
    fn an_index_of_a_schema_has_its_structs_and_enums() {
        let schema = Schema::default();
        let index = TypeIndex::from_schema(&schema);
        assert_eq!(index.lookup("user", GRAPH_NAMESPACE), Lookup::Missing);
    }
}
