//! The API change between two versions of the pages: what the docs changed (types, enums,
//! properties, members, property types, base types, deprecations) and what only the
//! lowered crate shows (a Rust name that moved, a field boxed or unboxed or that became
//! an `Any<…>` enum, an item that moved to another cargo feature).
//!
//! [`diff`] is a pure function of both schemas and both crate models; [`render_json`] and
//! [`render_markdown`] print its result. A change is breaking when code written against
//! the old crate under the README's conventions (structs built with
//! `..Default::default()`, enums matched with a wildcard arm) may no longer compile or may
//! read a payload differently: removals, renames, type changes (boxing and `Any<…>`
//! included) and feature moves. Additions and deprecations are not.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::lower::{CrateModel, Field, Item, ItemBody, ItemKind, ItemPath, ValueType};
use crate::model::{EnumType, Property, QualifiedName, Schema, StructType};

/// What kind of change a [`Change`] is; serialized in kebab-case (`property-removed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    TypeAdded,
    TypeRemoved,
    EnumAdded,
    EnumRemoved,
    PropertyAdded,
    PropertyRemoved,
    /// The property's type or its collection-ness changed (`old`/`new`: the schema types).
    PropertyTypeChanged,
    BaseTypeChanged,
    MemberAdded,
    MemberRemoved,
    PropertyDeprecated,
    MemberDeprecated,
    /// A struct, enum or `Any<…>` enum has another Rust path (`old`/`new`: relative paths).
    RustNameChanged,
    /// A field has another identifier (`member`: the wire name).
    FieldRenamed,
    /// An enum variant has another identifier (`member`: the wire value).
    VariantRenamed,
    /// A field's value became a `Box<…>`.
    FieldBoxed,
    FieldUnboxed,
    /// A field's Rust type changed while its docs type did not: it became an `Any<…>`
    /// enum, or stopped being one.
    FieldRustTypeChanged,
    /// A struct or enum is no longer compiled by a feature that compiled it (or by every
    /// feature set, when it always compiled); compiling under more features is not a change.
    FeatureChanged,
    FeatureAdded,
    FeatureRemoved,
}

impl ChangeKind {
    /// The kebab-case name, as in the JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::TypeAdded => "type-added",
            ChangeKind::TypeRemoved => "type-removed",
            ChangeKind::EnumAdded => "enum-added",
            ChangeKind::EnumRemoved => "enum-removed",
            ChangeKind::PropertyAdded => "property-added",
            ChangeKind::PropertyRemoved => "property-removed",
            ChangeKind::PropertyTypeChanged => "property-type-changed",
            ChangeKind::BaseTypeChanged => "base-type-changed",
            ChangeKind::MemberAdded => "member-added",
            ChangeKind::MemberRemoved => "member-removed",
            ChangeKind::PropertyDeprecated => "property-deprecated",
            ChangeKind::MemberDeprecated => "member-deprecated",
            ChangeKind::RustNameChanged => "rust-name-changed",
            ChangeKind::FieldRenamed => "field-renamed",
            ChangeKind::VariantRenamed => "variant-renamed",
            ChangeKind::FieldBoxed => "field-boxed",
            ChangeKind::FieldUnboxed => "field-unboxed",
            ChangeKind::FieldRustTypeChanged => "field-rust-type-changed",
            ChangeKind::FeatureChanged => "feature-changed",
            ChangeKind::FeatureAdded => "feature-added",
            ChangeKind::FeatureRemoved => "feature-removed",
        }
    }

    /// Whether a change of this kind may break code written against the old crate.
    pub fn breaking(self) -> bool {
        !matches!(
            self,
            ChangeKind::TypeAdded
                | ChangeKind::EnumAdded
                | ChangeKind::PropertyAdded
                | ChangeKind::MemberAdded
                | ChangeKind::PropertyDeprecated
                | ChangeKind::MemberDeprecated
                | ChangeKind::FeatureAdded
        )
    }
}

/// One change between the old and the new pages.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    pub kind: ChangeKind,
    /// The qualified docs name of the type or enum (the feature's name for feature kinds).
    pub item: String,
    /// The property, member, field or variant (its docs or wire name), when one is meant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    pub breaking: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
}

impl Change {
    fn new(kind: ChangeKind, item: impl ToString, member: Option<&str>) -> Change {
        Change {
            kind,
            item: item.to_string(),
            member: member.map(str::to_string),
            breaking: kind.breaking(),
            old: None,
            new: None,
        }
    }

    fn values(mut self, old: impl Into<String>, new: impl Into<String>) -> Change {
        self.old = Some(old.into());
        self.new = Some(new.into());
        self
    }
}

/// The changes from `old` to `new`, breaking ones first, then by item, member and kind.
pub fn diff(
    old: &Schema,
    old_model: &CrateModel,
    new: &Schema,
    new_model: &CrateModel,
) -> Vec<Change> {
    let mut changes = Vec::new();
    diff_structs(old, new, &mut changes);
    diff_enums(old, new, &mut changes);
    diff_models(old_model, new_model, &mut changes);
    changes.sort_by(|a, b| {
        (!a.breaking, &a.item, &a.member, a.kind, &a.old, &a.new).cmp(&(
            !b.breaking,
            &b.item,
            &b.member,
            b.kind,
            &b.old,
            &b.new,
        ))
    });
    changes.dedup();
    changes
}

fn type_text(p: &Property) -> String {
    if p.collection {
        format!("Collection({})", p.ty.schema_name())
    } else {
        p.ty.schema_name()
    }
}

fn diff_structs(old: &Schema, new: &Schema, changes: &mut Vec<Change>) {
    let old_types: BTreeMap<&QualifiedName, &StructType> =
        old.structs.iter().map(|t| (&t.name, t)).collect();
    let new_types: BTreeMap<&QualifiedName, &StructType> =
        new.structs.iter().map(|t| (&t.name, t)).collect();
    for name in old_types.keys().filter(|n| !new_types.contains_key(*n)) {
        changes.push(Change::new(ChangeKind::TypeRemoved, name, None));
    }
    for (name, new_type) in &new_types {
        let Some(old_type) = old_types.get(name) else {
            changes.push(Change::new(ChangeKind::TypeAdded, name, None));
            continue;
        };
        if old_type.base != new_type.base {
            let shown = |b: &Option<QualifiedName>| {
                b.as_ref()
                    .map_or_else(|| "(none)".to_string(), ToString::to_string)
            };
            changes.push(
                Change::new(ChangeKind::BaseTypeChanged, name, None)
                    .values(shown(&old_type.base), shown(&new_type.base)),
            );
        }
        // A property that moved between a type and its base is still a field of the
        // struct: it is neither removed nor added there.
        let old_all: BTreeMap<&str, &Property> = old
            .all_properties(old_type)
            .into_iter()
            .map(|p| (p.name.as_str(), p))
            .collect();
        let new_all: BTreeMap<&str, &Property> = new
            .all_properties(new_type)
            .into_iter()
            .map(|p| (p.name.as_str(), p))
            .collect();
        for p in &old_type.properties {
            if !new_all.contains_key(p.name.as_str()) {
                changes.push(Change::new(
                    ChangeKind::PropertyRemoved,
                    name,
                    Some(&p.name),
                ));
            }
        }
        for p in &new_type.properties {
            let Some(before) = old_all.get(p.name.as_str()) else {
                changes.push(Change::new(ChangeKind::PropertyAdded, name, Some(&p.name)));
                continue;
            };
            let (was, is) = (type_text(before), type_text(p));
            if was != is {
                changes.push(
                    Change::new(ChangeKind::PropertyTypeChanged, name, Some(&p.name))
                        .values(was, is),
                );
            }
            if before.deprecated.is_none() && p.deprecated.is_some() {
                changes.push(Change::new(
                    ChangeKind::PropertyDeprecated,
                    name,
                    Some(&p.name),
                ));
            }
        }
    }
}

fn diff_enums(old: &Schema, new: &Schema, changes: &mut Vec<Change>) {
    let old_enums: BTreeMap<&QualifiedName, &EnumType> =
        old.enums.iter().map(|e| (&e.name, e)).collect();
    let new_enums: BTreeMap<&QualifiedName, &EnumType> =
        new.enums.iter().map(|e| (&e.name, e)).collect();
    for name in old_enums.keys().filter(|n| !new_enums.contains_key(*n)) {
        changes.push(Change::new(ChangeKind::EnumRemoved, name, None));
    }
    for (name, new_enum) in &new_enums {
        let Some(old_enum) = old_enums.get(name) else {
            changes.push(Change::new(ChangeKind::EnumAdded, name, None));
            continue;
        };
        let before: BTreeMap<&str, _> = old_enum
            .members
            .iter()
            .map(|m| (m.name.as_str(), m))
            .collect();
        let after: BTreeSet<&str> = new_enum.members.iter().map(|m| m.name.as_str()).collect();
        for m in &old_enum.members {
            if !after.contains(m.name.as_str()) {
                changes.push(Change::new(ChangeKind::MemberRemoved, name, Some(&m.name)));
            }
        }
        for m in &new_enum.members {
            match before.get(m.name.as_str()) {
                None => changes.push(Change::new(ChangeKind::MemberAdded, name, Some(&m.name))),
                Some(was) if was.deprecated.is_none() && m.deprecated.is_some() => changes.push(
                    Change::new(ChangeKind::MemberDeprecated, name, Some(&m.name)),
                ),
                Some(_) => {}
            }
        }
    }
}

/// What a field's value is, independent of where its item lives: the docs item it names
/// (and which kind of item), or the primitive's Rust type.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    Primitive(&'static str),
    Item(ItemKind, QualifiedName),
    /// A path no item of the model has (not expected).
    Unknown(String),
}

struct Index<'a> {
    items: BTreeMap<(ItemKind, &'a QualifiedName), &'a Item>,
    by_path: BTreeMap<String, (ItemKind, &'a QualifiedName)>,
}

impl<'a> Index<'a> {
    fn new(model: &'a CrateModel) -> Index<'a> {
        let mut items = BTreeMap::new();
        let mut by_path = BTreeMap::new();
        for item in &model.items {
            let key = match &item.body {
                ItemBody::Struct(s) => (ItemKind::Struct, &s.docs_name),
                ItemBody::Enum(e) => (ItemKind::Enum, &e.docs_name),
                ItemBody::Dispatch(d) => (ItemKind::Dispatch, &d.base),
                // Compared as fields of their owner.
                ItemBody::Relationships(_) | ItemBody::Support(_) => continue,
            };
            items.insert(key, item);
            by_path.insert(item.path.relative(), key);
        }
        Index { items, by_path }
    }

    fn target(&self, value: &ValueType) -> (Target, bool) {
        let of_path = |path: &ItemPath| match self.by_path.get(&path.relative()) {
            Some((kind, name)) => Target::Item(*kind, (*name).clone()),
            None => Target::Unknown(path.relative()),
        };
        match value {
            ValueType::Primitive(p) => (Target::Primitive(p.source()), false),
            ValueType::Item(path) => (of_path(path), false),
            ValueType::Boxed(path) => (of_path(path), true),
        }
    }
}

fn rust_type(field: &Field) -> String {
    let inner = match &field.value {
        ValueType::Primitive(p) => p.source().to_string(),
        ValueType::Item(path) => path.relative(),
        ValueType::Boxed(path) => format!("Box<{}>", path.relative()),
    };
    if field.collection {
        format!("Vec<{inner}>")
    } else {
        inner
    }
}

fn diff_models(old: &CrateModel, new: &CrateModel, changes: &mut Vec<Change>) {
    let old_index = Index::new(old);
    let new_index = Index::new(new);
    // Properties whose docs type changed are reported as such, not again as Rust types.
    let retyped: BTreeSet<(String, String)> = changes
        .iter()
        .filter(|c| c.kind == ChangeKind::PropertyTypeChanged)
        .filter_map(|c| Some((c.item.clone(), c.member.clone()?)))
        .collect();
    for ((kind, name), new_item) in &new_index.items {
        let Some(old_item) = old_index.items.get(&(*kind, *name)) else {
            continue;
        };
        if old_item.path != new_item.path {
            changes.push(
                Change::new(ChangeKind::RustNameChanged, name, None)
                    .values(old_item.path.relative(), new_item.path.relative()),
            );
        }
        if *kind != ItemKind::Dispatch && loses_features(&old_item.features, &new_item.features) {
            changes.push(Change::new(ChangeKind::FeatureChanged, name, None).values(
                features_text(&old_item.features),
                features_text(&new_item.features),
            ));
        }
        match (&old_item.body, &new_item.body) {
            (ItemBody::Struct(before), ItemBody::Struct(after)) => {
                let old_fields: BTreeMap<&str, &Field> =
                    before.fields.iter().map(|f| (f.wire.as_str(), f)).collect();
                for field in &after.fields {
                    let Some(was) = old_fields.get(field.wire.as_str()) else {
                        continue;
                    };
                    let member = Some(field.wire.as_str());
                    if was.ident != field.ident {
                        changes.push(
                            Change::new(ChangeKind::FieldRenamed, name, member)
                                .values(&was.ident, &field.ident),
                        );
                    }
                    let (was_target, was_boxed) = old_index.target(&was.value);
                    let (target, boxed) = new_index.target(&field.value);
                    if was_target == target && was.collection == field.collection {
                        if was_boxed != boxed {
                            let kind = if boxed {
                                ChangeKind::FieldBoxed
                            } else {
                                ChangeKind::FieldUnboxed
                            };
                            changes.push(
                                Change::new(kind, name, member)
                                    .values(rust_type(was), rust_type(field)),
                            );
                        }
                    } else if !retyped.contains(&(name.to_string(), field.wire.clone())) {
                        changes.push(
                            Change::new(ChangeKind::FieldRustTypeChanged, name, member)
                                .values(rust_type(was), rust_type(field)),
                        );
                    }
                }
            }
            (ItemBody::Enum(before), ItemBody::Enum(after)) => {
                let old_variants: BTreeMap<&str, &str> = before
                    .variants
                    .iter()
                    .map(|v| (v.wire.as_str(), v.ident.as_str()))
                    .collect();
                for variant in &after.variants {
                    if let Some(was) = old_variants.get(variant.wire.as_str())
                        && *was != variant.ident
                    {
                        changes.push(
                            Change::new(ChangeKind::VariantRenamed, name, Some(&variant.wire))
                                .values(*was, &variant.ident),
                        );
                    }
                }
            }
            _ => {}
        }
    }
    let old_features: BTreeSet<&str> = old.features.iter().map(|f| f.name.as_str()).collect();
    let new_features: BTreeSet<&str> = new.features.iter().map(|f| f.name.as_str()).collect();
    for gone in old_features.difference(&new_features) {
        changes.push(Change::new(ChangeKind::FeatureRemoved, gone, None));
    }
    for added in new_features.difference(&old_features) {
        changes.push(Change::new(ChangeKind::FeatureAdded, added, None));
    }
}

/// Whether an item compiled under `old` (any of them; none means always) is left out by
/// some feature set that compiled it before. Compiling under more features is additive.
fn loses_features(old: &[String], new: &[String]) -> bool {
    if new.is_empty() {
        return false;
    }
    old.is_empty() || old.iter().any(|f| !new.contains(f))
}

/// `old` of a `feature-changed` change for an item that compiled under every feature set.
const ALWAYS_COMPILED: &str = "(always compiled)";

fn features_text(features: &[String]) -> String {
    if features.is_empty() {
        ALWAYS_COMPILED.to_string()
    } else {
        features.join(", ")
    }
}

/// `{"changes": [...]}`, pretty-printed.
pub fn render_json(changes: &[Change]) -> String {
    serde_json::to_string_pretty(&serde_json::json!({ "changes": changes }))
        .expect("changes serialize")
}

/// GitHub's limit on a pull request body, in characters.
pub const GITHUB_BODY_LIMIT: usize = 65_536;

/// What `graphdoc diff --format markdown` allows itself of [`GITHUB_BODY_LIMIT`], leaving
/// room for what a workflow appends (the diagnostics summary).
pub const MARKDOWN_LIMIT: usize = 60_000;

/// One line of the markdown list.
fn markdown_line(change: &Change) -> String {
    let mut line = format!("- `{}` `{}`", change.kind.as_str(), change.item);
    if let Some(member) = &change.member {
        line.push_str(&format!(" `{member}`"));
    }
    match (&change.old, &change.new) {
        // Feature lists are long; what matters is which features no longer compile it.
        (Some(old), Some(new))
            if change.kind == ChangeKind::FeatureChanged && old == ALWAYS_COMPILED =>
        {
            line.push_str(&format!(": no longer always compiled; now under `{new}`"));
        }
        (Some(old), Some(new)) if change.kind == ChangeKind::FeatureChanged => {
            let now: BTreeSet<&str> = new.split(", ").collect();
            let lost: Vec<&str> = old.split(", ").filter(|f| !now.contains(f)).collect();
            line.push_str(&format!(": no longer under `{}`", lost.join("`, `")));
        }
        (Some(old), Some(new)) => line.push_str(&format!(": `{old}` → `{new}`")),
        _ => {}
    }
    line.push('\n');
    line
}

/// A pull request body: the counts by kind, the version bump the changes call for, then
/// the changes, breaking ones first, cut to at most `limit` characters with a line saying
/// how many were left out.
pub fn render_markdown(changes: &[Change], limit: usize) -> String {
    let mut out = String::from("## API changes\n\n");
    if changes.is_empty() {
        out.push_str("No API changes between the two versions of the pages.\n");
        return out;
    }
    let breaking = changes.iter().filter(|c| c.breaking).count();
    out.push_str(&format!(
        "{} change{}, {breaking} breaking. ",
        changes.len(),
        if changes.len() == 1 { "" } else { "s" }
    ));
    out.push_str(if breaking > 0 {
        "Version bump for the generated crate: **major** (minor while 0.x).\n\n"
    } else {
        "Version bump for the generated crate: **minor** (patch while 0.x).\n\n"
    });
    let mut counts: BTreeMap<(bool, ChangeKind), usize> = BTreeMap::new();
    for change in changes {
        *counts.entry((!change.breaking, change.kind)).or_default() += 1;
    }
    out.push_str("| Kind | Breaking | Count |\n|---|---|---|\n");
    for ((not_breaking, kind), count) in &counts {
        out.push_str(&format!(
            "| {} | {} | {count} |\n",
            kind.as_str(),
            if *not_breaking { "no" } else { "yes" }
        ));
    }
    let mut sections: Vec<(&str, Vec<&Change>)> = Vec::new();
    let (hard, soft): (Vec<&Change>, Vec<&Change>) = changes.iter().partition(|c| c.breaking);
    if !hard.is_empty() {
        sections.push(("\n### Breaking\n\n", hard));
    }
    if !soft.is_empty() {
        sections.push(("\n### Not breaking\n\n", soft));
    }
    // Room for the closing line: "…and N more changes (…)".
    let reserve = 120;
    let mut shown = 0;
    'sections: for (heading, list) in sections {
        if out.chars().count() + heading.len() + reserve > limit {
            break;
        }
        out.push_str(heading);
        for change in list {
            let line = markdown_line(change);
            if out.chars().count() + line.chars().count() + reserve > limit {
                break 'sections;
            }
            out.push_str(&line);
            shown += 1;
        }
    }
    if shown < changes.len() {
        let more = changes.len() - shown;
        out.push_str(&format!(
            "\n…and {more} more change{} (`graphdoc diff --format json` lists them all).\n",
            if more == 1 { "" } else { "s" }
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config_file::DefaultFeatures;
    use crate::diagnostics::Diagnostics;
    use crate::lower::{LowerOptions, lower};
    use crate::model::{Deprecation, Primitive, TypeRef};
    use crate::test_schema::{name, property as prop};

    fn deprecation() -> Deprecation {
        Deprecation {
            note: "Deprecated.".to_string(),
            replacement: None,
        }
    }

    fn string() -> TypeRef {
        TypeRef::Primitive(Primitive::String)
    }

    /// A type of one area.
    fn structure(n: &str, area: &str, base: Option<&str>, properties: Vec<Property>) -> StructType {
        StructType {
            areas: vec![area.to_string()],
            ..crate::test_schema::structure(n, base, properties)
        }
    }

    /// An enum of the area `area`.
    fn enumeration(n: &str, members: &[&str]) -> EnumType {
        EnumType {
            areas: vec!["area".to_string()],
            ..crate::test_schema::enumeration(n, members)
        }
    }

    fn changes(mut old: Schema, mut new: Schema) -> Vec<Change> {
        let lowered = |schema: &mut Schema| {
            schema.structs.sort_by(|a, b| a.name.cmp(&b.name));
            schema.enums.sort_by(|a, b| a.name.cmp(&b.name));
            let options = LowerOptions {
                root: "crate".to_string(),
                features: true,
                default_features: DefaultFeatures::Auto,
                ..LowerOptions::default()
            };
            lower(schema, &options, &mut Diagnostics::default()).expect("lowers")
        };
        let (old_model, new_model) = (lowered(&mut old), lowered(&mut new));
        diff(&old, &old_model, &new, &new_model)
    }

    fn kinds(changes: &[Change]) -> Vec<(&'static str, &str, Option<&str>, bool)> {
        changes
            .iter()
            .map(|c| {
                (
                    c.kind.as_str(),
                    c.item.as_str(),
                    c.member.as_deref(),
                    c.breaking,
                )
            })
            .collect()
    }

    #[test]
    fn identical_schemas_have_no_changes() {
        let schema = || Schema {
            operations: Vec::new(),
            structs: vec![structure("a", "area", None, vec![prop("x", string())])],
            enums: vec![enumeration("e", &["one"])],
        };
        assert!(changes(schema(), schema()).is_empty());
    }

    #[test]
    fn properties_added_removed_and_retyped() {
        let old = Schema {
            operations: Vec::new(),
            structs: vec![structure(
                "a",
                "area",
                None,
                vec![prop("gone", string()), prop("kept", string())],
            )],
            enums: Vec::new(),
        };
        let mut kept = prop("kept", TypeRef::Primitive(Primitive::Int32));
        kept.collection = true;
        let new = Schema {
            operations: Vec::new(),
            structs: vec![structure(
                "a",
                "area",
                None,
                vec![kept, prop("fresh", string())],
            )],
            enums: Vec::new(),
        };
        let found = changes(old, new);
        assert_eq!(
            kinds(&found),
            [
                ("property-removed", "microsoft.graph.a", Some("gone"), true),
                (
                    "property-type-changed",
                    "microsoft.graph.a",
                    Some("kept"),
                    true
                ),
                ("property-added", "microsoft.graph.a", Some("fresh"), false),
            ]
        );
        assert_eq!(found[1].old.as_deref(), Some("Edm.String"));
        assert_eq!(found[1].new.as_deref(), Some("Collection(Edm.Int32)"));
    }

    #[test]
    fn types_enums_members_and_deprecations() {
        let old = Schema {
            operations: Vec::new(),
            structs: vec![structure("a", "area", None, vec![prop("x", string())])],
            enums: vec![
                enumeration("e", &["one", "two"]),
                enumeration("old", &["z"]),
            ],
        };
        let mut x = prop("x", string());
        x.deprecated = Some(deprecation());
        let mut e = enumeration("e", &["one", "three"]);
        e.members[0].deprecated = Some(deprecation());
        let new = Schema {
            operations: Vec::new(),
            structs: vec![
                structure("a", "area", None, vec![x]),
                structure("b", "area", None, Vec::new()),
            ],
            enums: vec![e],
        };
        let found = changes(old, new);
        assert_eq!(
            kinds(&found),
            [
                ("member-removed", "microsoft.graph.e", Some("two"), true),
                ("enum-removed", "microsoft.graph.old", None, true),
                ("property-deprecated", "microsoft.graph.a", Some("x"), false),
                ("type-added", "microsoft.graph.b", None, false),
                ("member-deprecated", "microsoft.graph.e", Some("one"), false),
                ("member-added", "microsoft.graph.e", Some("three"), false),
            ]
        );
    }

    #[test]
    fn a_property_moved_to_the_base_is_no_removal_but_the_base_changed() {
        let old = Schema {
            operations: Vec::new(),
            structs: vec![
                structure("a", "area", None, vec![prop("x", string())]),
                structure("base", "area", None, Vec::new()),
            ],
            enums: Vec::new(),
        };
        let new = Schema {
            operations: Vec::new(),
            structs: vec![
                structure("a", "area", Some("base"), Vec::new()),
                structure("base", "area", None, vec![prop("x", string())]),
            ],
            enums: Vec::new(),
        };
        let found = changes(old, new);
        let listed = kinds(&found);
        assert!(listed.contains(&("base-type-changed", "microsoft.graph.a", None, true)));
        assert!(listed.contains(&("property-added", "microsoft.graph.base", Some("x"), false)));
        assert!(
            !listed.iter().any(|c| c.0 == "property-removed"),
            "{listed:?}"
        );
        // `base` now has a derived type, so it gets `AnyBase`: no field names it yet.
        let base = found
            .iter()
            .find(|c| c.kind == ChangeKind::BaseTypeChanged)
            .unwrap();
        assert_eq!(base.old.as_deref(), Some("(none)"));
        assert_eq!(base.new.as_deref(), Some("microsoft.graph.base"));
    }

    #[test]
    fn rust_only_changes_boxing_any_renames_and_features() {
        // v1: `holder.item` is a plain `Item`; v2: `item` gains a derived type, so the
        // field becomes `AnyItem`; `holder.me` makes `holder` recursive: boxed.
        let item = |n: &str| TypeRef::Struct(name(n));
        let old = Schema {
            operations: Vec::new(),
            structs: vec![
                structure("holder", "one", None, vec![prop("item", item("item"))]),
                structure("item", "one", None, Vec::new()),
                structure("other", "two", None, vec![prop("me", item("item"))]),
            ],
            enums: vec![enumeration("e", &["a-b"])],
        };
        let new = Schema {
            operations: Vec::new(),
            structs: vec![
                structure("holder", "one", None, vec![prop("item", item("item"))]),
                structure("item", "one", None, Vec::new()),
                structure("special", "one", Some("item"), Vec::new()),
                structure("other", "three", None, vec![prop("me", item("item"))]),
            ],
            enums: vec![enumeration("e", &["a-b"])],
        };
        let found = changes(old, new);
        let listed = kinds(&found);
        let field = found
            .iter()
            .find(|c| c.kind == ChangeKind::FieldRustTypeChanged && c.item.ends_with("holder"))
            .unwrap_or_else(|| panic!("{listed:?}"));
        assert_eq!(field.old.as_deref(), Some("Box<Item>"));
        assert_eq!(field.new.as_deref(), Some("AnyItem"));
        assert!(field.breaking);
        let moved = found
            .iter()
            .find(|c| c.kind == ChangeKind::FeatureChanged && c.item.ends_with("other"))
            .unwrap_or_else(|| panic!("{listed:?}"));
        assert_eq!(moved.old.as_deref(), Some("two"));
        assert_eq!(moved.new.as_deref(), Some("three"));
        assert_eq!(
            markdown_line(moved),
            "- `feature-changed` `microsoft.graph.other`: no longer under `two`\n"
        );
        assert!(listed.contains(&("feature-removed", "two", None, true)));
        assert!(listed.contains(&("feature-added", "three", None, false)));
        assert!(listed.contains(&("type-added", "microsoft.graph.special", None, false)));
        // Breaking ones come first.
        let first_soft = found.iter().position(|c| !c.breaking).unwrap();
        assert!(found[first_soft..].iter().all(|c| !c.breaking));
    }

    #[test]
    fn boxing_and_renames_from_the_models_alone() {
        let mut old = Schema {
            operations: Vec::new(),
            structs: vec![structure("a", "area", None, vec![prop("x", string())])],
            enums: Vec::new(),
        };
        let model = |schema: &mut Schema, renames: BTreeMap<QualifiedName, String>| {
            let options = LowerOptions {
                root: "crate".to_string(),
                features: true,
                renames,
                ..LowerOptions::default()
            };
            schema.structs.sort_by(|a, b| a.name.cmp(&b.name));
            lower(schema, &options, &mut Diagnostics::default()).unwrap()
        };
        let old_model = model(&mut old, BTreeMap::new());
        let mut new = old.clone();
        let new_model = model(
            &mut new,
            [(name("a"), "Renamed".to_string())].into_iter().collect(),
        );
        let mut boxed_model = new_model.clone();
        let found = diff(&old, &old_model, &new, &new_model);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].kind, ChangeKind::RustNameChanged);
        assert_eq!(found[0].old.as_deref(), Some("A"));
        assert_eq!(found[0].new.as_deref(), Some("Renamed"));
        // A field that became boxed (by hand here: the value is a struct path).
        let ItemBody::Struct(s) = &mut boxed_model.items[0].body else {
            panic!("the first item is the struct")
        };
        s.fields[0].value = ValueType::Boxed(ItemPath {
            module: Vec::new(),
            ident: "Renamed".to_string(),
        });
        let mut plain = boxed_model.clone();
        let ItemBody::Struct(p) = &mut plain.items[0].body else {
            unreachable!()
        };
        p.fields[0].value = ValueType::Item(ItemPath {
            module: Vec::new(),
            ident: "Renamed".to_string(),
        });
        let found = diff(&new, &plain, &new, &boxed_model);
        assert_eq!(
            kinds(&found),
            [("field-boxed", "microsoft.graph.a", Some("x"), true)]
        );
        assert_eq!(found[0].new.as_deref(), Some("Box<Renamed>"));
    }

    #[test]
    fn compiling_under_more_features_is_no_change_losing_one_is() {
        let s = |v: &[&str]| v.iter().map(|f| f.to_string()).collect::<Vec<_>>();
        assert!(!loses_features(&s(&["a"]), &s(&["a", "b"])));
        assert!(!loses_features(&s(&["a"]), &s(&[])), "now always compiled");
        assert!(loses_features(&s(&["a", "b"]), &s(&["a"])));
        assert!(
            loses_features(&s(&[]), &s(&["a"])),
            "no longer always compiled"
        );
        assert!(!loses_features(&s(&[]), &s(&[])));
    }

    #[test]
    fn markdown_counts_breaking_first_and_fits_the_limit() {
        let many: Vec<Change> = (0..5000)
            .map(|i| {
                Change::new(
                    if i % 2 == 0 {
                        ChangeKind::PropertyRemoved
                    } else {
                        ChangeKind::PropertyAdded
                    },
                    format!("microsoft.graph.someRatherLongTypeName{i}"),
                    Some("someProperty"),
                )
            })
            .collect();
        let mut sorted = many.clone();
        sorted.sort_by_key(|c| !c.breaking);
        let text = render_markdown(&sorted, MARKDOWN_LIMIT);
        assert!(text.chars().count() <= MARKDOWN_LIMIT);
        assert!(text.contains("| property-removed | yes | 2500 |"), "{text}");
        assert!(text.contains("| property-added | no | 2500 |"));
        assert!(text.contains("**major**"));
        assert!(text.contains("more changes (`graphdoc diff --format json`"));
        assert!(
            text.find("### Breaking").unwrap() < text.find("someRatherLongTypeName0`").unwrap()
        );
        assert_eq!(
            render_markdown(&[], MARKDOWN_LIMIT),
            "## API changes\n\nNo API changes between the two versions of the pages.\n"
        );
    }

    #[test]
    fn json_has_kind_item_member_breaking_and_values() {
        let change = Change::new(
            ChangeKind::PropertyTypeChanged,
            "microsoft.graph.a",
            Some("x"),
        )
        .values("Edm.String", "Edm.Int32");
        let json: serde_json::Value = serde_json::from_str(&render_json(&[change])).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"changes": [{
                "kind": "property-type-changed", "item": "microsoft.graph.a", "member": "x",
                "breaking": true, "old": "Edm.String", "new": "Edm.Int32"
            }]})
        );
    }
}
