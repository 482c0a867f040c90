//! Checks a parsed JSON body against the schema: JSON kinds, primitive formats, enum
//! members, `@odata.type` dispatch to derived types, unknown and missing properties, and
//! the collection shape. Findings carry spans into the checked text; the caller maps them
//! to the page.

use std::collections::HashSet;
use std::ops::Range;

use super::formats;
use super::json_spans::{Kind, Member, Node};
use crate::diagnostics::Code;
use crate::model::{GRAPH_NAMESPACE, Primitive, QualifiedName, Schema, StructType, TypeRef};
use crate::names::TypeIndex;
use crate::read::type_cell;

/// One problem with a value; the span is a byte range of the checked text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub code: Code,
    pub span: Range<usize>,
    pub message: String,
    pub help: Option<String>,
}

/// What an annotation (or an `@odata.type`) says a value is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Struct(QualifiedName),
    Enum(QualifiedName),
    Primitive(Primitive),
}

/// The schema with the name index validation needs, built once per run.
pub struct SchemaIndex<'a> {
    pub schema: &'a Schema,
    names: TypeIndex,
}

impl<'a> SchemaIndex<'a> {
    pub fn new(schema: &'a Schema) -> Self {
        SchemaIndex {
            schema,
            names: TypeIndex::from_schema(schema),
        }
    }

    /// The type a name such as `microsoft.graph.user`, `#microsoft.graph.user`, `user`
    /// or `Edm.String` stands for, by the rules of [`TypeIndex::lookup`] seen from
    /// `microsoft.graph` (case ignored when nothing matches exactly); `None` when no page
    /// defines it, or when several types match only when case is ignored.
    pub fn resolve(&self, text: &str) -> Option<Target> {
        let text = text.trim().trim_start_matches('#');
        let edm = text
            .get(..4)
            .is_some_and(|p| p.eq_ignore_ascii_case("edm."));
        if (edm || !text.contains('.'))
            && let Some(p) = type_cell::primitive(text)
        {
            return Some(Target::Primitive(p));
        }
        match self.names.lookup(text, GRAPH_NAMESPACE).found()? {
            TypeRef::Struct(name) => Some(Target::Struct(name)),
            TypeRef::Enum(name) => Some(Target::Enum(name)),
            TypeRef::Primitive(p) => Some(Target::Primitive(p)),
        }
    }
}

/// How an object with an `@odata.type` is checked.
enum Dispatch {
    /// As this type: the expected one or one derived from it.
    As(QualifiedName),
    /// As the expected type, open: the named type is unknown (reported).
    Unknown,
    /// Not at all: the named type's page declares no base, so it may or may not derive
    /// from the expected one (reported as a warning).
    Undeclared,
    /// Not at all: the named type is unrelated (reported).
    Unrelated,
}

/// Collects findings while walking values.
pub struct Checker<'i, 'a> {
    index: &'i SchemaIndex<'a>,
    pub findings: Vec<Finding>,
}

impl<'i, 'a> Checker<'i, 'a> {
    pub fn new(index: &'i SchemaIndex<'a>) -> Self {
        Checker {
            index,
            findings: Vec::new(),
        }
    }

    fn push(&mut self, code: Code, span: Range<usize>, message: String, help: Option<String>) {
        self.findings.push(Finding {
            code,
            span,
            message,
            help,
        });
    }

    /// The values the annotated type describes: the body, the items of a collection
    /// (`value` array or bare array), or the `value` of a primitive or enum response;
    /// and whether the body is a collection. The body's shape decides: an annotation
    /// that disagrees is reported, and the values are still checked.
    pub fn instances<'n>(
        &mut self,
        root: &'n Node,
        target: &Target,
        collection: bool,
    ) -> (Vec<&'n Node>, bool) {
        let shaped = self.looks_like_collection(root, target);
        if shaped != collection {
            self.shape_mismatch(root, collection);
        }
        let nodes = match (&root.kind, root.get("value")) {
            (Kind::Array(items), _) if shaped => items.iter().collect(),
            (Kind::Object(members), Some(value))
                if shaped || !matches!(target, Target::Struct(_)) =>
            {
                self.wrapper_members(members);
                match &value.kind {
                    Kind::Array(items) if shaped => items.iter().collect(),
                    _ => vec![value],
                }
            }
            _ => vec![root],
        };
        (nodes, shaped)
    }

    fn shape_mismatch(&mut self, root: &Node, annotated_collection: bool) {
        let (message, help) = if annotated_collection {
            (
                format!(
                    "the annotation says the body is a collection, but it is {} without a `value` array; it was checked as one value",
                    root.describe()
                ),
                "remove `isCollection` from the annotation, or show the response as {\"value\": [...]}",
            )
        } else {
            (
                "the body is a collection (a `value` array), but the annotation does not say so; it was checked as a collection".to_string(),
                "add \"isCollection\": true to the annotation",
            )
        };
        let at = root.get("value").unwrap_or(root).span.start;
        self.push(Code::ExampleShape, at..at + 1, message, Some(help.into()));
    }

    /// Whether a body is a collection by its shape: an array, or an object with a `value`
    /// array, unless the type has a `value` property of its own.
    pub fn looks_like_collection(&self, root: &Node, target: &Target) -> bool {
        let members = match &root.kind {
            Kind::Array(_) => return true,
            Kind::Object(members) => members,
            _ => return false,
        };
        let value_array = members
            .iter()
            .any(|m| m.key == "value" && matches!(m.value.kind, Kind::Array(_)));
        let own_value = match target {
            Target::Struct(name) => self.index.schema.find_struct(name).is_some_and(|ty| {
                self.index
                    .schema
                    .all_properties(ty)
                    .iter()
                    .any(|p| p.name == "value")
            }),
            _ => false,
        };
        value_array && !own_value
    }

    /// A collection response holds `value` and annotations (`@odata.nextLink`, …) only.
    fn wrapper_members(&mut self, members: &[Member]) {
        for m in members {
            if m.key != "value" && !m.key.contains('@') {
                self.push(Code::ExampleUnknownProperty, m.key_span.clone(),
                    format!("`{}` is not part of a collection response, which holds `value` and `@odata.*` annotations", m.key),
                    None);
            }
        }
    }

    /// Checks one instance against the target; for a struct, returns the type it was
    /// checked as (the annotated type or the derived type its `@odata.type` names).
    pub fn check(&mut self, node: &Node, target: &Target) -> Option<QualifiedName> {
        match target {
            Target::Struct(name) => self.check_struct(node, name, "the body"),
            Target::Enum(name) => {
                self.check_enum(node, name, "the body");
                None
            }
            Target::Primitive(p) => {
                self.check_primitive(node, *p, "the body");
                None
            }
        }
    }

    fn check_value(&mut self, node: &Node, ty: &TypeRef, collection: bool, what: &str) {
        let untyped = *ty == TypeRef::Primitive(Primitive::Json);
        match (&node.kind, collection) {
            (_, _) if untyped => {}
            (Kind::Null, _) => {}
            (Kind::Array(items), true) => {
                for item in items {
                    if matches!(item.kind, Kind::Null) {
                        self.push(
                            Code::ExampleWrongKind,
                            item.span.clone(),
                            format!(
                                "{what} is a collection of {}, but holds a null item",
                                ty.schema_name()
                            ),
                            None,
                        );
                    } else {
                        self.check_single(item, ty, what);
                    }
                }
            }
            (_, true) => self.push(
                Code::ExampleWrongKind,
                node.span.clone(),
                format!(
                    "{what} is a collection of {}, but the example gives {}",
                    ty.schema_name(),
                    node.describe()
                ),
                Some("write the value as a JSON array".into()),
            ),
            (Kind::Array(_), false) => self.push(
                Code::ExampleWrongKind,
                node.span.clone(),
                format!(
                    "{what} is a single {}, but the example gives an array",
                    ty.schema_name()
                ),
                Some("give one value, or make the docs say the property is a collection".into()),
            ),
            (_, false) => self.check_single(node, ty, what),
        }
    }

    fn check_single(&mut self, node: &Node, ty: &TypeRef, what: &str) {
        match ty {
            TypeRef::Primitive(p) => self.check_primitive(node, *p, what),
            TypeRef::Enum(name) => self.check_enum(node, name, what),
            TypeRef::Struct(name) => {
                self.check_struct(node, name, what);
            }
        }
    }

    fn check_primitive(&mut self, node: &Node, p: Primitive, what: &str) {
        let float = matches!(
            p,
            Primitive::Single | Primitive::Double | Primitive::Decimal
        );
        let bad_value = match (&node.kind, p) {
            (Kind::Null, _) | (_, Primitive::Json) => return,
            (Kind::String(_), Primitive::String | Primitive::Stream) => return,
            (Kind::Bool(_), Primitive::Boolean) => return,
            (Kind::Number(_), _) if float => return,
            (Kind::Number(n), _) if p.is_integer() => formats::integer_problem(p, n),
            (Kind::String(s), _) if p.is_string_encoded() => formats::string_problem(p, s),
            _ => {
                self.push(
                    Code::ExampleWrongKind,
                    node.span.clone(),
                    format!(
                        "{what} is Edm.{}, which JSON writes as {}; the example gives {}",
                        p.edm_name(),
                        json_kind(p),
                        node.describe()
                    ),
                    None,
                );
                return;
            }
        };
        if let Some(expected) = bad_value {
            self.push(
                Code::ExampleBadValue,
                node.span.clone(),
                format!(
                    "{what} is Edm.{}: expected {expected}, found {}",
                    p.edm_name(),
                    shown(node)
                ),
                None,
            );
        }
    }

    fn check_enum(&mut self, node: &Node, name: &QualifiedName, what: &str) {
        let Some(enum_type) = self.index.schema.find_enum(name) else {
            return;
        };
        let text = match &node.kind {
            Kind::Null => return,
            Kind::String(text) => text,
            _ => {
                self.push(Code::ExampleWrongKind, node.span.clone(),
                    format!("{what} is the enum `{name}`, which JSON writes as a string; the example gives {}", node.describe()),
                    None);
                return;
            }
        };
        // Flag enums combine members with commas: `a,b`.
        let is_member = |part: &str| enum_type.members.iter().any(|m| m.name == part);
        let Some(bad) = text.split(',').map(str::trim).find(|part| !is_member(part)) else {
            return;
        };
        let near = enum_type
            .members
            .iter()
            .find(|m| m.name.eq_ignore_ascii_case(bad));
        let help = match near {
            Some(m) => format!("the enum table spells it `{}`", m.name),
            None => format!(
                "members: {}",
                list(enum_type.members.iter().map(|m| m.name.as_str()))
            ),
        };
        self.push(
            Code::ExampleNotMember,
            node.span.clone(),
            format!("{what}: `{bad}` is not a member of `{name}`"),
            Some(help),
        );
    }

    fn check_struct(
        &mut self,
        node: &Node,
        expected: &QualifiedName,
        what: &str,
    ) -> Option<QualifiedName> {
        let members = match &node.kind {
            Kind::Null => return None,
            Kind::Object(members) => members,
            _ => {
                self.push(
                    Code::ExampleWrongKind,
                    node.span.clone(),
                    format!(
                        "{what} is `{expected}`, an object; the example gives {}",
                        node.describe()
                    ),
                    None,
                );
                return None;
            }
        };
        let schema = self.index.schema;
        schema.find_struct(expected)?;
        let (name, fallback, open) = match self.dispatch(node, expected) {
            Dispatch::As(name) => (name, None, false),
            Dispatch::Unknown => (expected.clone(), None, true),
            // Like an unrelated type, a type not known to derive from the expected one is
            // kept as raw JSON by the generated `Any<Type>` enums, so its members are not
            // checked: the warning says why.
            Dispatch::Undeclared | Dispatch::Unrelated => return None,
        };
        let ty = schema.find_struct(&name)?;
        let open = open || schema.is_open(ty);
        self.check_members(members, ty, fallback, open);
        Some(name)
    }

    /// The type an object is checked as: the expected one, or the derived type its
    /// `@odata.type` names.
    fn dispatch(&mut self, node: &Node, expected: &QualifiedName) -> Dispatch {
        let Some(type_node) = node.get("@odata.type") else {
            return Dispatch::As(expected.clone());
        };
        let Some(text) = type_node.as_str() else {
            self.push(
                Code::ExampleWrongKind,
                type_node.span.clone(),
                format!(
                    "`@odata.type` is a type name, a string; the example gives {}",
                    type_node.describe()
                ),
                None,
            );
            return Dispatch::As(expected.clone());
        };
        let shown = text.trim_start_matches('#');
        let span = type_node.span.clone();
        let named = match self.index.resolve(text) {
            Some(Target::Struct(name)) => name,
            Some(_) => {
                self.push(
                    Code::ExampleUnrelatedType,
                    span,
                    format!("`@odata.type` is `{shown}`, which is not an entity or complex type"),
                    None,
                );
                return Dispatch::Unrelated;
            }
            None => {
                self.push(
                    Code::ExampleUnknownType,
                    span,
                    format!("`@odata.type` names `{shown}`, which no resource page defines"),
                    Some("add the type's resource page, or correct the name".into()),
                );
                return Dispatch::Unknown;
            }
        };
        if named == *expected || self.index.schema.derives_from(&named, expected) {
            return Dispatch::As(named);
        }
        // A type whose page names no base may well derive from the expected one: the
        // docs do not say, so the example cannot be faulted for it. (The expected type's
        // own base is known not to derive from it.)
        let baseless = self
            .index
            .schema
            .find_struct(&named)
            .is_some_and(|t| t.base.is_none());
        if baseless && !self.index.schema.derives_from(expected, &named) {
            self.push(Code::ExampleUndeclaredBase, span,
                format!("`@odata.type` is `{shown}`, whose page declares no base type, so it cannot be checked as `{expected}` or a type derived from it"),
                Some(format!("if `{}` derives from `{}`, say so with \"baseType\" in its resource annotation", named.name, expected.name)));
            return Dispatch::Undeclared;
        }
        self.push(Code::ExampleUnrelatedType, span,
            format!("`@odata.type` is `{shown}`, which is neither `{expected}` nor a type derived from it"),
            Some("correct the annotation's type or the body's `@odata.type`".into()));
        Dispatch::Unrelated
    }

    /// Checks an object's members against its type's properties, then the fallback's.
    fn check_members(
        &mut self,
        members: &[Member],
        ty: &StructType,
        fallback: Option<&StructType>,
        open: bool,
    ) {
        let schema = self.index.schema;
        let mut properties = schema.all_properties(ty);
        if let Some(fallback) = fallback {
            properties.extend(schema.all_properties(fallback));
        }
        let mut seen = HashSet::new();
        for m in members {
            if !seen.insert(m.key.as_str()) {
                self.push(
                    Code::ExampleDuplicateKey,
                    m.key_span.clone(),
                    format!("`{}` is given twice in one object", m.key),
                    Some("serde rejects duplicate fields; keep one".into()),
                );
            }
            // Instance and property annotations: `@odata.etag`, `members@odata.bind`.
            if m.key.contains('@') {
                continue;
            }
            let what = format!("`{}.{}`", ty.name.name, m.key);
            if let Some(p) = properties.iter().find(|p| p.name == m.key) {
                self.check_value(&m.value, &p.ty, p.collection, &what);
                continue;
            }
            if open {
                continue;
            }
            let near = properties
                .iter()
                .find(|p| p.name.eq_ignore_ascii_case(&m.key));
            let help = match near {
                Some(p) => format!("the docs spell it `{}`", p.name),
                None => format!(
                    "add `{}` to the properties table of `{}`, or remove it from the example",
                    m.key, ty.name.name
                ),
            };
            self.push(
                Code::ExampleUnknownProperty,
                m.key_span.clone(),
                format!("`{}` is not a property of `{}`", m.key, ty.name),
                Some(help),
            );
        }
    }

    /// The structural (non-navigation) properties of `name` that an object lacks.
    pub fn missing_properties(&self, node: &Node, name: &QualifiedName) -> Vec<String> {
        let (Kind::Object(members), Some(ty)) = (&node.kind, self.index.schema.find_struct(name))
        else {
            return Vec::new();
        };
        self.index
            .schema
            .all_properties(ty)
            .into_iter()
            .filter(|p| {
                !p.navigation && !members.iter().any(|m| m.key.eq_ignore_ascii_case(&p.name))
            })
            .map(|p| p.name.clone())
            .collect()
    }
}

fn json_kind(p: Primitive) -> &'static str {
    match p {
        Primitive::Boolean => "a boolean",
        p if p.is_numeric() => "a number",
        _ => "a string",
    }
}

/// A value as written, cut short for messages.
fn shown(node: &Node) -> String {
    let text = match &node.kind {
        Kind::String(s) => format!("\"{s}\""),
        Kind::Number(n) => n.clone(),
        _ => node.describe().to_string(),
    };
    if text.chars().count() > 60 {
        format!("{}…", text.chars().take(60).collect::<String>())
    } else {
        text
    }
}

/// The first few names of a list, for help text.
pub fn list<'s>(names: impl Iterator<Item = &'s str>) -> String {
    const MAX: usize = 12;
    let names: Vec<&str> = names.collect();
    let shown: Vec<String> = names.iter().take(MAX).map(|n| format!("`{n}`")).collect();
    match names.len().saturating_sub(MAX) {
        0 => shown.join(", "),
        more => format!("{}, and {more} more", shown.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples::json_spans;
    use crate::model::Property;
    use crate::test_schema::{enumeration, name, structure};

    fn prop(n: &str, ty: TypeRef, collection: bool) -> Property {
        Property {
            collection,
            ..crate::test_schema::property(n, ty)
        }
    }

    /// widget (with every kind of property), gadget derived from it, part, an open bag,
    /// an unrelated thing and an orphan whose page names no base.
    fn schema() -> Schema {
        use Primitive as P;
        let p = |n: &str, p: Primitive| prop(n, TypeRef::Primitive(p), false);
        let mut owner = prop("owner", TypeRef::Struct(name("widget")), false);
        owner.navigation = true;
        let widget = vec![
            p("id", P::String),
            p("ok", P::Boolean),
            p("small", P::Byte),
            p("count", P::Int32),
            p("size", P::Int64),
            p("ratio", P::Double),
            p("created", P::DateTimeOffset),
            p("day", P::Date),
            p("at", P::TimeOfDay),
            p("span", P::Duration),
            p("uid", P::Guid),
            p("data", P::Binary),
            p("extra", P::Json),
            prop("tags", TypeRef::Primitive(P::String), true),
            prop("color", TypeRef::Enum(name("color")), false),
            prop("flags", TypeRef::Enum(name("flag")), false),
            prop("part", TypeRef::Struct(name("part")), false),
            prop("parts", TypeRef::Struct(name("part")), true),
            owner,
        ];
        let mut bag = structure("bag", None, Vec::new());
        bag.open = true;
        let mut structs = vec![
            structure("widget", None, widget),
            structure("gadget", Some("widget"), vec![p("gear", P::String)]),
            structure("part", None, vec![p("label", P::String)]),
            bag,
            structure("thing", Some("part"), vec![p("id", P::String)]),
            structure("orphan", None, vec![p("limb", P::String)]),
            structure("box", None, vec![p("value", P::String)]),
        ];
        structs.sort_by(|a, b| a.name.cmp(&b.name));
        let mut enums = vec![
            enumeration("color", &["red", "green"]),
            enumeration("flag", &["a", "b", "c"]),
        ];
        enums.sort_by(|a, b| a.name.cmp(&b.name));
        Schema {
            structs,
            enums,
            operations: Vec::new(),
        }
    }

    /// The findings for a body checked as the target: code and the text they point at.
    fn findings(json: &str, target: &str, collection: bool) -> Vec<(Code, String)> {
        let schema = schema();
        let index = SchemaIndex::new(&schema);
        let target = index.resolve(target).expect("a known target");
        let root = json_spans::parse(json).expect("test JSON parses");
        let mut checker = Checker::new(&index);
        let (nodes, _) = checker.instances(&root, &target, collection);
        for node in nodes {
            checker.check(node, &target);
        }
        checker
            .findings
            .into_iter()
            .map(|f| (f.code, json[f.span].to_string()))
            .collect()
    }

    fn codes(json: &str) -> Vec<Code> {
        findings(json, "microsoft.graph.widget", false)
            .into_iter()
            .map(|(c, _)| c)
            .collect()
    }

    #[test]
    fn valid_values_of_every_primitive_pass() {
        let json = r#"{
            "id": "String", "ok": true, "small": 255, "count": -3, "size": 9007199254740993,
            "ratio": 1.5e3, "created": "2021-06-01T08:30:00.1234567Z", "day": "2021-06-01",
            "at": "08:30:00", "span": "PT1H30M", "uid": "87d349ed-44d7-43e1-9a83-5f2406dee5bd",
            "data": "aGVsbG8=", "extra": {"any": [1, "x"]}, "tags": ["a", "b"],
            "color": "red", "flags": "a,c", "part": {"label": "x"}, "parts": [{"label": "y"}],
            "owner": {"id": "w"}
        }"#;
        assert_eq!(findings(json, "microsoft.graph.widget", false), []);
    }

    #[test]
    fn null_is_accepted_for_any_property() {
        let json = r#"{"ok": null, "size": null, "created": null, "color": null, "part": null, "tags": null}"#;
        assert_eq!(codes(json), []);
    }

    #[test]
    fn wrong_json_kinds_are_errors_at_the_value() {
        let found = findings(
            r#"{"id": 5, "ok": "true", "count": "5", "ratio": "x", "created": 5, "color": 1}"#,
            "microsoft.graph.widget",
            false,
        );
        let expected: Vec<(Code, String)> = ["5", "\"true\"", "\"5\"", "\"x\"", "5", "1"]
            .iter()
            .map(|t| (Code::ExampleWrongKind, t.to_string()))
            .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn arrays_and_scalars_must_match_the_property() {
        let found = findings(
            r#"{"id": ["a"], "tags": "a", "parts": {"label": "x"}, "extra": [1]}"#,
            "microsoft.graph.widget",
            false,
        );
        assert_eq!(
            found,
            [
                (Code::ExampleWrongKind, "[\"a\"]".to_string()),
                (Code::ExampleWrongKind, "\"a\"".to_string()),
                (Code::ExampleWrongKind, "{\"label\": \"x\"}".to_string()),
            ]
        );
        assert_eq!(codes(r#"{"tags": ["a", null]}"#), [Code::ExampleWrongKind]);
    }

    #[test]
    fn formats_of_string_primitives_are_checked() {
        for (property, bad) in [
            ("created", "\"2021-06-01T08:30:00\""),
            ("created", "\"String (timestamp)\""),
            ("day", "\"2021-06-01T00:00:00Z\""),
            ("at", "\"8:30\""),
            ("span", "\"01:30:00\""),
            ("uid", "\"id-value\""),
            ("data", "\"not base64!\""),
            ("small", "256"),
            ("count", "1.0"),
            ("size", "1e3"),
        ] {
            let json = format!("{{\"{property}\": {bad}}}");
            assert_eq!(
                findings(&json, "microsoft.graph.widget", false),
                [(Code::ExampleBadValue, bad.to_string())],
                "{property}"
            );
        }
        assert_eq!(codes(r#"{"ratio": 2, "size": 12}"#), []);
        // serde reads floats from numbers only.
        assert_eq!(codes(r#"{"ratio": "NaN"}"#), [Code::ExampleWrongKind]);
    }

    #[test]
    fn enum_values_must_be_members_and_flags_may_combine() {
        assert_eq!(codes(r#"{"flags": "a,b", "color": "green"}"#), []);
        assert_eq!(codes(r#"{"flags": "a, b"}"#), []);
        assert_eq!(codes(r#"{"flags": "a,z"}"#), [Code::ExampleNotMember]);
        let schema = schema();
        let index = SchemaIndex::new(&schema);
        let root = json_spans::parse(r#"{"color": "Red"}"#).unwrap();
        let mut checker = Checker::new(&index);
        checker.check(&root, &Target::Struct(name("widget")));
        assert_eq!(checker.findings[0].code, Code::ExampleNotMember);
        assert!(checker.findings[0].help.as_ref().unwrap().contains("`red`"));
    }

    #[test]
    fn odata_type_dispatches_to_derived_types_at_any_depth() {
        let with_gear = r##"{"@odata.type": "#microsoft.graph.gadget", "gear": "g", "id": "1"}"##;
        assert_eq!(codes(with_gear), []);
        let nested = r#"{"owner": {"@odata.type": "microsoft.graph.gadget", "gear": "g"}}"#;
        assert_eq!(codes(nested), []);
        let nested_bad =
            r##"{"owner": {"owner": {"@odata.type": "#microsoft.graph.gadget", "gear": 1}}}"##;
        assert_eq!(codes(nested_bad), [Code::ExampleWrongKind]);
        // Without dispatch, `gear` is not a widget property.
        assert_eq!(codes(r#"{"gear": "g"}"#), [Code::ExampleUnknownProperty]);
    }

    #[test]
    fn odata_type_naming_other_types_is_reported() {
        let unrelated = findings(
            r##"{"@odata.type": "#microsoft.graph.thing"}"##,
            "microsoft.graph.widget",
            false,
        );
        assert_eq!(
            unrelated,
            [(
                Code::ExampleUnrelatedType,
                "\"#microsoft.graph.thing\"".into()
            )]
        );
        let unknown = codes(r##"{"@odata.type": "#microsoft.graph.nothing", "whatever": 1}"##);
        assert_eq!(unknown, [Code::ExampleUnknownType]);
        // A type whose page names no base: a warning, checked as that type or the expected.
        let orphan =
            codes(r##"{"@odata.type": "#microsoft.graph.orphan", "limb": "l", "id": "1"}"##);
        assert_eq!(orphan, [Code::ExampleUndeclaredBase]);
        // The base type named where a derived type is expected is unrelated.
        let base = findings(
            r##"{"@odata.type": "#microsoft.graph.widget"}"##,
            "microsoft.graph.gadget",
            false,
        );
        assert_eq!(base[0].0, Code::ExampleUnrelatedType);
    }

    #[test]
    fn annotations_and_open_types_accept_unlisted_properties() {
        let json = r#"{"@odata.etag": "W/1", "owner@odata.bind": "x", "part@odata.navigationLink": "y", "@microsoft.graph.downloadUrl": "z"}"#;
        assert_eq!(codes(json), []);
        assert_eq!(
            findings(r#"{"anything": [1]}"#, "microsoft.graph.bag", false),
            []
        );
        let unknown = findings(r#"{"Id": "1", "nope": 1}"#, "microsoft.graph.widget", false);
        assert_eq!(
            unknown,
            [
                (Code::ExampleUnknownProperty, "\"Id\"".into()),
                (Code::ExampleUnknownProperty, "\"nope\"".into()),
            ]
        );
    }

    #[test]
    fn duplicate_keys_are_errors() {
        assert_eq!(
            findings(r#"{"id": "a", "id": "b"}"#, "microsoft.graph.widget", false),
            [(Code::ExampleDuplicateKey, "\"id\"".into())]
        );
    }

    #[test]
    fn collections_are_value_arrays_or_bare_arrays() {
        let wrapped = r#"{"@odata.context": "c", "@odata.count": 2, "@odata.nextLink": "n", "value": [{"id": "1"}, {"id": 2}]}"#;
        assert_eq!(
            findings(wrapped, "microsoft.graph.widget", true),
            [(Code::ExampleWrongKind, "2".into())]
        );
        assert_eq!(
            findings(r#"[{"id": "1"}]"#, "microsoft.graph.widget", true),
            []
        );
        let extra = findings(
            r#"{"value": [], "other": 1}"#,
            "microsoft.graph.widget",
            true,
        );
        assert_eq!(extra, [(Code::ExampleUnknownProperty, "\"other\"".into())]);
    }

    #[test]
    fn a_shape_that_disagrees_with_the_annotation_is_a_warning_and_checked_by_shape() {
        let schema = schema();
        let index = SchemaIndex::new(&schema);
        let target = Target::Struct(name("widget"));
        let root = json_spans::parse(r#"{"value": [{"id": 1}]}"#).unwrap();
        let mut checker = Checker::new(&index);
        let (nodes, collection) = checker.instances(&root, &target, false);
        assert!(collection);
        assert_eq!(nodes.len(), 1);
        assert_eq!(checker.findings[0].code, Code::ExampleShape);
        assert_eq!(
            Code::ExampleShape.default_severity(),
            crate::diagnostics::Severity::Warning
        );
        // A type with its own `value` property is a single value.
        let boxed = json_spans::parse(r#"{"value": "v"}"#).unwrap();
        let mut checker = Checker::new(&index);
        let (_, collection) = checker.instances(&boxed, &Target::Struct(name("box")), false);
        assert!(!collection && checker.findings.is_empty());
        // A single object where a collection is annotated.
        let mut checker = Checker::new(&index);
        let single = json_spans::parse(r#"{"id": "1"}"#).unwrap();
        let (nodes, collection) = checker.instances(&single, &target, true);
        assert!(!collection && nodes.len() == 1);
        assert_eq!(checker.findings[0].code, Code::ExampleShape);
    }

    #[test]
    fn primitive_and_enum_responses_use_the_value_member() {
        assert_eq!(
            findings(r#"{"value": "red"}"#, "microsoft.graph.color", false),
            []
        );
        assert_eq!(
            findings(
                r#"{"value": ["red", "blue"]}"#,
                "microsoft.graph.color",
                true
            ),
            [(Code::ExampleNotMember, "\"blue\"".into())]
        );
        assert_eq!(
            findings(
                r#"{"@odata.context": "c", "value": true}"#,
                "Edm.String",
                false
            ),
            [(Code::ExampleWrongKind, "true".into())]
        );
    }

    #[test]
    fn missing_properties_skip_navigation_properties() {
        let schema = schema();
        let index = SchemaIndex::new(&schema);
        let checker = Checker::new(&index);
        let root = json_spans::parse(r#"{"ID": "1"}"#).unwrap();
        let missing = checker.missing_properties(&root, &name("widget"));
        assert!(!missing.contains(&"id".to_string()));
        assert!(missing.contains(&"tags".to_string()));
        assert!(!missing.contains(&"owner".to_string()));
    }

    #[test]
    fn names_resolve_in_any_spelling() {
        let schema = schema();
        let index = SchemaIndex::new(&schema);
        assert_eq!(
            index.resolve("#microsoft.graph.widget"),
            Some(Target::Struct(name("widget")))
        );
        assert_eq!(
            index.resolve("widget"),
            Some(Target::Struct(name("widget")))
        );
        assert_eq!(
            index.resolve("Microsoft.Graph.Widget"),
            Some(Target::Struct(name("widget")))
        );
        assert_eq!(
            index.resolve("Edm.Int64"),
            Some(Target::Primitive(Primitive::Int64))
        );
        assert_eq!(
            index.resolve("string"),
            Some(Target::Primitive(Primitive::String))
        );
        assert_eq!(index.resolve("microsoft.graph.nothing"), None);
    }
}
