//! What to generate: the selection, the renames, the type mapping and which diagnostics
//! fail the run, whether they come from a `graphdoc.toml` ([`crate::ConfigFile`]) or from
//! Rust code. Where the output goes is the target ([`crate::CrateDir`] or
//! [`crate::OutDirFile`]); which pages are read is the list of inputs given beside them.
//!
//! ```
//! use graphdoc::Settings;
//! use graphdoc::config_file::TypeMapping;
//!
//! let settings = Settings::new()
//!     .with_selected_type("cloudPcDeviceImage")
//!     .with_rename("microsoft.graph.cloudPcDeviceImage", "DeviceImage")
//!     .with_type_mapping(TypeMapping::Strings)
//!     .with_allow("GD0304") // as in a config file's [diagnostics]; or a Code or Selector
//!     .with_deny("GD0301");
//! assert_eq!(settings.selected_types().collect::<Vec<_>>(), ["cloudPcDeviceImage"]);
//! ```
//!
//! A name that no page defines is an error (GD0006) wherever it was set. Names from a
//! config file point into the file; names set by methods point into a source named
//! `<settings>` made for the run, which shows the method calls that set them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::config_file::{
    self, ConfigSource, DefaultFeatures, Located, Relationships, Selection, TypeMapping,
};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, IntoSelector, SeverityPolicy};
use crate::model::{QualifiedName, Schema};
use crate::select;
use crate::source::{FileId, Loc, SourceFile, SourceMap};

/// The name of the source that locates names set by methods in diagnostics.
pub const SETTINGS_SOURCE: &str = "<settings>";

/// What to generate. Built by methods (`Settings::new().with_…`) or read from a
/// `graphdoc.toml` with [`crate::ConfigFile::read`]; methods called on settings read from
/// a file add to what the file says (the policy and type mapping they replace).
#[derive(Debug, Clone, Default)]
pub struct Settings {
    policy: SeverityPolicy,
    mapping: TypeMapping,
    default_features: DefaultFeatures,
    /// Which relationships a selection keeps, when set by a method (it wins over the
    /// config file's).
    relationships: Option<Relationships>,
    /// The selection and renames of a config file, located in it.
    file: Option<FileNames>,
    /// Selection and renames set by methods, in the order they were set.
    calls: Vec<Call>,
}

#[derive(Debug, Clone)]
struct FileNames {
    source: ConfigSource,
    selection: Selection,
    renames: Vec<(Located, Located)>,
}

/// A method call that named a docs name.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Call {
    Type(String),
    Namespace(String),
    Area(String),
    Rename(String, String),
    /// `with_allow` or `with_deny` (the method's name) given text that names no code.
    BadSelector(&'static str, String),
}

impl Call {
    fn type_name(&self) -> Option<&String> {
        match self {
            Call::Type(name) => Some(name),
            _ => None,
        }
    }

    fn namespace(&self) -> Option<&String> {
        match self {
            Call::Namespace(name) => Some(name),
            _ => None,
        }
    }

    fn area(&self) -> Option<&String> {
        match self {
            Call::Area(name) => Some(name),
            _ => None,
        }
    }
}

/// The selection and renames of one origin (the config file, or the methods), located in
/// a source of the run.
#[derive(Debug)]
pub(crate) struct LocatedNames {
    pub file: FileId,
    pub selection: Selection,
    pub renames: Vec<(Located, Located)>,
}

impl Settings {
    /// Everything, under PascalCase names, with native types and the default policy.
    pub fn new() -> Self {
        Settings::default()
    }

    /// The settings of a config file: its selection and renames keep their places in it.
    pub(crate) fn from_config_file(
        source: ConfigSource,
        selection: Selection,
        renames: Vec<(Located, Located)>,
        mapping: TypeMapping,
        default_features: DefaultFeatures,
        policy: SeverityPolicy,
    ) -> Self {
        Settings {
            policy,
            mapping,
            default_features,
            relationships: None,
            file: Some(FileNames {
                source,
                selection,
                renames,
            }),
            calls: Vec::new(),
        }
    }

    /// Generates this type or enum and what it uses, instead of everything. A simple name
    /// (`user`) matches in any namespace, a qualified one (`microsoft.graph.user`) exactly;
    /// case is ignored. Repeatable: each selected name adds to the selection.
    pub fn with_selected_type(mut self, name: impl Into<String>) -> Self {
        self.calls.push(Call::Type(name.into()));
        self
    }

    /// Generates the types and enums of this namespace (`microsoft.graph.callRecords`)
    /// and what they use.
    pub fn with_selected_namespace(mut self, namespace: impl Into<String>) -> Self {
        self.calls.push(Call::Namespace(namespace.into()));
        self
    }

    /// Generates the types and enums of this product area (a page's `ms.prod`, such as
    /// `cloud-pc`) and what they use.
    pub fn with_selected_area(mut self, area: impl Into<String>) -> Self {
        self.calls.push(Call::Area(area.into()));
        self
    }

    /// Which relationships (navigation properties) of the selected types a selection
    /// keeps: by default ([`Relationships::Selection`]) only those to types it generates
    /// anyway, the others' JSON landing in `additional_data`; with
    /// [`Relationships::Follow`] all of them, and the types they lead to are generated
    /// too, transitively. Wins over the config file's `[select] relationships`; no effect
    /// without a selection.
    pub fn with_relationships(mut self, relationships: Relationships) -> Self {
        self.relationships = Some(relationships);
        self
    }

    /// Which relationships a selection keeps: the one set by a method, else the config
    /// file's, else [`Relationships::Selection`].
    pub fn relationships(&self) -> Relationships {
        self.relationships
            .or_else(|| self.file.as_ref().map(|f| f.selection.relationships))
            .unwrap_or_default()
    }

    /// Names the type or enum `docs_name` (simple or qualified) `rust_name` in the
    /// generated code. A rename set here wins over one of the config file for the same type.
    pub fn with_rename(
        mut self,
        docs_name: impl Into<String>,
        rust_name: impl Into<String>,
    ) -> Self {
        self.calls
            .push(Call::Rename(docs_name.into(), rust_name.into()));
        self
    }

    /// How primitive types are mapped (native types by default).
    pub fn with_type_mapping(mut self, mapping: TypeMapping) -> Self {
        self.mapping = mapping;
        self
    }

    /// What a generated crate's `default` feature enables: by default `full` for a crate
    /// of at most 200 types and nothing for a larger one; `Full` or `None` whatever its
    /// size. A build script's file has no features, so it ignores this.
    pub fn with_default_features(mut self, default: DefaultFeatures) -> Self {
        self.default_features = default;
        self
    }

    /// Replaces which codes are errors and which are silenced.
    pub fn with_policy(mut self, policy: SeverityPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// Makes a code, or every warning, an error: `with_deny("GD0301")`,
    /// `with_deny("warnings")`, or a [`Code`] or [`crate::diagnostics::Selector`]. Text
    /// that names no code is an error (GD0005) of the run, pointing at this call.
    pub fn with_deny(mut self, selector: impl IntoSelector) -> Self {
        match selector.into_selector() {
            Ok(selector) => self.policy.deny.push(selector),
            Err(text) => self.calls.push(Call::BadSelector("with_deny", text)),
        }
        self
    }

    /// Silences a warning code, or every warning: `with_allow("GD0304")`,
    /// `with_allow("warnings")`, or a [`Code`] or [`crate::diagnostics::Selector`]. Text
    /// that names no code is an error (GD0005) of the run, pointing at this call.
    pub fn with_allow(mut self, selector: impl IntoSelector) -> Self {
        match selector.into_selector() {
            Ok(selector) => self.policy.allow.push(selector),
            Err(text) => self.calls.push(Call::BadSelector("with_allow", text)),
        }
        self
    }

    pub fn policy(&self) -> &SeverityPolicy {
        &self.policy
    }

    pub fn type_mapping(&self) -> TypeMapping {
        self.mapping
    }

    pub fn default_features(&self) -> DefaultFeatures {
        self.default_features
    }

    /// The config file these settings were read from, if any.
    pub fn config_file(&self) -> Option<&Path> {
        self.file.as_ref().map(|f| f.source.path.as_path())
    }

    /// Whether nothing is selected, so that everything is generated.
    pub fn selects_everything(&self) -> bool {
        self.file
            .as_ref()
            .is_none_or(|f| f.selection.is_everything())
            && !self
                .calls
                .iter()
                .any(|c| matches!(c, Call::Type(_) | Call::Namespace(_) | Call::Area(_)))
    }

    /// The selected type and enum names: the config file's, then those set by methods.
    pub fn selected_types(&self) -> impl Iterator<Item = &str> {
        self.selected(|s| &s.types, Call::type_name)
    }

    /// The selected namespaces: the config file's, then those set by methods.
    pub fn selected_namespaces(&self) -> impl Iterator<Item = &str> {
        self.selected(|s| &s.namespaces, Call::namespace)
    }

    /// The selected areas: the config file's, then those set by methods.
    pub fn selected_areas(&self) -> impl Iterator<Item = &str> {
        self.selected(|s| &s.areas, Call::area)
    }

    /// The selection set by methods (not by a config file), as the command line's
    /// `--select-type`, `--select-namespace`, `--select-area` and
    /// `--select-relationships` would set it.
    pub fn selections_set_in_code(&self) -> [(&'static str, Vec<&str>); 4] {
        let of = |pick: fn(&Call) -> Option<&String>| -> Vec<&str> {
            self.calls
                .iter()
                .filter_map(pick)
                .map(String::as_str)
                .collect()
        };
        [
            ("select-type", of(Call::type_name)),
            ("select-namespace", of(Call::namespace)),
            ("select-area", of(Call::area)),
            (
                "select-relationships",
                self.relationships.iter().map(|r| r.as_str()).collect(),
            ),
        ]
    }

    /// Docs names and their Rust names: the config file's, then those set by methods.
    pub fn renames(&self) -> impl Iterator<Item = (&str, &str)> {
        let file = self.file.iter().flat_map(|f| {
            f.renames
                .iter()
                .map(|(from, to)| (from.value.as_str(), to.value.as_str()))
        });
        let code = self.calls.iter().filter_map(|c| match c {
            Call::Rename(from, to) => Some((from.as_str(), to.as_str())),
            _ => None,
        });
        file.chain(code)
    }

    fn selected<'a>(
        &'a self,
        list: impl Fn(&'a Selection) -> &'a Vec<Located>,
        call: impl Fn(&'a Call) -> Option<&'a String>,
    ) -> impl Iterator<Item = &'a str> {
        let file = self
            .file
            .iter()
            .flat_map(move |f| list(&f.selection).iter().map(|l| l.value.as_str()));
        file.chain(self.calls.iter().filter_map(call).map(String::as_str))
    }

    /// The config file this came from, for the command that regenerates the output.
    pub(crate) fn config_source(&self) -> Option<&ConfigSource> {
        self.file.as_ref().map(|f| &f.source)
    }

    /// Adds the sources that names are located in to `sources`: the config file, and a
    /// `<settings>` source showing the method calls when there were any. Returns each
    /// origin's names, located. A rename set by a method to something that is not a Rust
    /// type name is an error (GD0005) and is left out.
    pub(crate) fn locate(
        &self,
        sources: &mut SourceMap,
        diagnostics: &mut Diagnostics,
    ) -> Vec<LocatedNames> {
        let mut origins = Vec::new();
        if let Some(file) = &self.file {
            let id = sources.add(SourceFile::not_a_page(
                file.source.path.clone(),
                file.source.display.clone(),
                file.source.text.clone(),
            ));
            origins.push(LocatedNames {
                file: id,
                selection: file.selection.clone(),
                renames: file.renames.clone(),
            });
        }
        if self.calls.is_empty() {
            return origins;
        }
        let mut text = match &self.file {
            Some(file) => format!("ConfigFile::read({:?})?.settings\n", file.source.display),
            None => "Settings::new()\n".to_string(),
        };
        let mut selection = Selection::default();
        let mut renames = Vec::new();
        let mut bad_targets = Vec::new();
        let mut bad_selectors = Vec::new();
        for call in &self.calls {
            let (method, first, second) = match call {
                Call::Type(name) => ("with_selected_type", name, None),
                Call::Namespace(name) => ("with_selected_namespace", name, None),
                Call::Area(name) => ("with_selected_area", name, None),
                Call::Rename(from, to) => ("with_rename", from, Some(to)),
                Call::BadSelector(method, text) => (*method, text, None),
            };
            text.push_str("    .");
            text.push_str(method);
            text.push('(');
            let first = literal(&mut text, first);
            let second = second.map(|to| {
                text.push_str(", ");
                literal(&mut text, to)
            });
            text.push_str(")\n");
            match (call, second) {
                (Call::Type(_), _) => selection.types.push(first),
                (Call::Namespace(_), _) => selection.namespaces.push(first),
                (Call::Area(_), _) => selection.areas.push(first),
                (Call::Rename(..), Some(to)) => {
                    if config_file::is_rust_type_name(&to.value) {
                        renames.push((first, to));
                    } else {
                        bad_targets.push(to);
                    }
                }
                (Call::Rename(..), None) => unreachable!("a rename has a Rust name"),
                (Call::BadSelector(..), _) => bad_selectors.push(first),
            }
        }
        let id = sources.add(SourceFile::not_a_page(
            SETTINGS_SOURCE.into(),
            SETTINGS_SOURCE.to_string(),
            text,
        ));
        for to in bad_targets {
            diagnostics.push(
                Diagnostic::new(
                    Code::ConfigInvalid,
                    Loc::new(id, to.span),
                    format!("`{}` is not a Rust type name", to.value),
                )
                .with_help(
                    "a Rust type name starts with an upper-case letter and holds only \
                     letters, digits and `_`",
                ),
            );
        }
        for text in bad_selectors {
            diagnostics.push(
                Diagnostic::new(
                    Code::ConfigInvalid,
                    Loc::new(id, text.span),
                    format!("unknown diagnostic code `{}`", text.value),
                )
                .with_help("name a code such as \"GD0303\", or \"warnings\" for every warning"),
            );
        }
        origins.push(LocatedNames {
            file: id,
            selection,
            renames,
        });
        origins
    }
}

/// Narrows the schema to what the selections of the config file and of the methods select
/// together, keeping the relationships `relationships` says, and resolves the renames of
/// both, each name reported against the source it was set in. Returns the Rust names of
/// docs names.
pub(crate) fn apply(
    schema: &mut Schema,
    origins: &[LocatedNames],
    relationships: Relationships,
    diagnostics: &mut Diagnostics,
) -> BTreeMap<QualifiedName, String> {
    let selecting: Vec<&LocatedNames> = origins
        .iter()
        .filter(|o| !o.selection.is_everything())
        .collect();
    if !selecting.is_empty() {
        // What both select, with what it uses, is what the union of their roots uses.
        let mut roots: BTreeSet<QualifiedName> = BTreeSet::new();
        for origin in selecting {
            roots.extend(select::roots(
                schema,
                &origin.selection,
                origin.file,
                diagnostics,
            ));
        }
        select::narrow(schema, roots, relationships);
    }
    let mut renames = BTreeMap::new();
    // The config file's renames first, so that one set by a method wins.
    for origin in origins {
        renames.extend(select::renames(
            schema,
            &origin.renames,
            origin.file,
            diagnostics,
        ));
    }
    renames
}

/// Appends `value` as a Rust string literal and returns it located at that literal.
fn literal(text: &mut String, value: &str) -> Located {
    let start = text.len();
    text.push_str(&format!("{value:?}"));
    Located {
        value: value.to_string(),
        span: start..text.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_set_by_methods_are_located_in_a_settings_source() {
        let settings = Settings::new()
            .with_selected_type("widget")
            .with_rename("gadget", "Gizmo")
            .with_rename("sprocket", "not a name");
        let mut sources = SourceMap::default();
        let mut diagnostics = Diagnostics::default();
        let origins = settings.locate(&mut sources, &mut diagnostics);
        assert_eq!(origins.len(), 1);
        let file = sources.get(origins[0].file);
        assert_eq!(file.display, "<settings>");
        assert!(!file.is_page);
        assert_eq!(
            file.text,
            "Settings::new()\n    .with_selected_type(\"widget\")\n    \
             .with_rename(\"gadget\", \"Gizmo\")\n    .with_rename(\"sprocket\", \"not a name\")\n"
        );
        let widget = &origins[0].selection.types[0];
        assert_eq!(&file.text[widget.span.clone()], "\"widget\"");
        assert_eq!(origins[0].renames.len(), 1, "the bad rename is left out");
        let (from, to) = &origins[0].renames[0];
        assert_eq!(&file.text[from.span.clone()], "\"gadget\"");
        assert_eq!(to.value, "Gizmo");
        let bad: Vec<_> = diagnostics.iter().collect();
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].code, Code::ConfigInvalid);
        assert_eq!(
            file.line_col(bad[0].loc.as_ref().unwrap().span.start),
            (4, 30)
        );
    }

    #[test]
    fn diagnostics_are_selected_by_their_printed_code() {
        use crate::diagnostics::Selector;
        let settings = Settings::new()
            .with_allow("GD0301")
            .with_allow(String::from("gd0304"))
            .with_allow(Code::TypeMismatch)
            .with_deny("warnings")
            .with_deny(Selector::Code(Code::MissingFromJson));
        assert_eq!(
            settings.policy().allow,
            [
                Selector::Code(Code::UnknownType),
                Selector::Code(Code::StringPlaceholder),
                Selector::Code(Code::TypeMismatch)
            ]
        );
        assert_eq!(
            settings.policy().deny,
            [Selector::Warnings, Selector::Code(Code::MissingFromJson)]
        );
        let mut sources = SourceMap::default();
        assert!(
            settings
                .locate(&mut sources, &mut Diagnostics::default())
                .is_empty(),
            "valid codes need no <settings> source"
        );
        assert!(settings.selects_everything());
    }

    #[test]
    fn an_unknown_code_set_in_code_is_an_error_at_the_call() {
        let settings = Settings::new()
            .with_allow("GD0301")
            .with_deny("GD9999")
            .with_allow("warning");
        assert!(settings.selects_everything());
        let mut sources = SourceMap::default();
        let mut diagnostics = Diagnostics::default();
        let origins = settings.locate(&mut sources, &mut diagnostics);
        let file = sources.get(origins[0].file);
        assert_eq!(
            file.text,
            "Settings::new()\n    .with_deny(\"GD9999\")\n    .with_allow(\"warning\")\n"
        );
        let found: Vec<_> = diagnostics.iter().collect();
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|d| d.code == Code::ConfigInvalid));
        let span = found[0].loc.as_ref().unwrap().span.clone();
        assert_eq!(&file.text[span], "\"GD9999\"");
        let rendered = crate::diagnostics::render(found[1], &sources);
        assert!(
            rendered
                .starts_with("<settings>:3:17: error[GD0005]: unknown diagnostic code `warning`"),
            "{rendered}"
        );
    }

    #[test]
    fn settings_without_names_add_no_source() {
        let settings = Settings::new().with_type_mapping(TypeMapping::Strings);
        let mut sources = SourceMap::default();
        let origins = settings.locate(&mut sources, &mut Diagnostics::default());
        assert!(origins.is_empty());
        assert!(sources.is_empty());
        assert!(settings.selects_everything());
        assert!(
            !Settings::new()
                .with_selected_area("cloud-pc")
                .selects_everything()
        );
        assert!(Settings::new().with_rename("a", "B").selects_everything());
    }
}
