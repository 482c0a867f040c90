//! The resolved schema: what the docs say the types are, independent of Rust.

use std::fmt;

use crate::source::Loc;

/// The namespace of most Graph types.
pub const GRAPH_NAMESPACE: &str = "microsoft.graph";

/// A namespace-qualified type name as the docs spell it (`microsoft.graph.cloudPcDeviceImage`).
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct QualifiedName {
    pub namespace: String,
    pub name: String,
}

impl QualifiedName {
    pub fn new(namespace: impl Into<String>, name: impl Into<String>) -> Self {
        QualifiedName {
            namespace: namespace.into(),
            name: name.into(),
        }
    }

    /// Splits `a.b.c.name` at its last dot; a bare name lands in `default_namespace`.
    pub fn parse(text: &str, default_namespace: &str) -> Self {
        let text = text.trim().trim_start_matches('#');
        match text.rsplit_once('.') {
            Some((namespace, name)) => QualifiedName::new(namespace, name),
            None => QualifiedName::new(default_namespace, text),
        }
    }
}

impl fmt::Display for QualifiedName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.namespace, self.name)
    }
}

/// The primitive types of the docs (the OData `Edm` types plus untyped JSON).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Primitive {
    String,
    Boolean,
    Byte,
    SByte,
    Int16,
    Int32,
    Int64,
    Single,
    Double,
    Decimal,
    DateTimeOffset,
    Date,
    TimeOfDay,
    Duration,
    Guid,
    Binary,
    Stream,
    /// Any JSON value: the docs' `Json` type, and the fallback for unresolvable references.
    Json,
}

impl Primitive {
    /// Every primitive, in declaration order.
    pub const ALL: [Primitive; 18] = [
        Primitive::String,
        Primitive::Boolean,
        Primitive::Byte,
        Primitive::SByte,
        Primitive::Int16,
        Primitive::Int32,
        Primitive::Int64,
        Primitive::Single,
        Primitive::Double,
        Primitive::Decimal,
        Primitive::DateTimeOffset,
        Primitive::Date,
        Primitive::TimeOfDay,
        Primitive::Duration,
        Primitive::Guid,
        Primitive::Binary,
        Primitive::Stream,
        Primitive::Json,
    ];

    /// The canonical docs spelling, as in `Edm.<name>`.
    pub fn edm_name(self) -> &'static str {
        match self {
            Primitive::String => "String",
            Primitive::Boolean => "Boolean",
            Primitive::Byte => "Byte",
            Primitive::SByte => "SByte",
            Primitive::Int16 => "Int16",
            Primitive::Int32 => "Int32",
            Primitive::Int64 => "Int64",
            Primitive::Single => "Single",
            Primitive::Double => "Double",
            Primitive::Decimal => "Decimal",
            Primitive::DateTimeOffset => "DateTimeOffset",
            Primitive::Date => "Date",
            Primitive::TimeOfDay => "TimeOfDay",
            Primitive::Duration => "Duration",
            Primitive::Guid => "Guid",
            Primitive::Binary => "Binary",
            Primitive::Stream => "Stream",
            Primitive::Json => "Json",
        }
    }

    /// Whether JSON carries the value as a string that the native mapping parses
    /// (dates, times, durations, GUIDs, base64 bytes).
    pub fn is_string_encoded(self) -> bool {
        matches!(
            self,
            Primitive::DateTimeOffset
                | Primitive::Date
                | Primitive::TimeOfDay
                | Primitive::Duration
                | Primitive::Guid
                | Primitive::Binary
        )
    }

    pub fn is_integer(self) -> bool {
        matches!(
            self,
            Primitive::Byte
                | Primitive::SByte
                | Primitive::Int16
                | Primitive::Int32
                | Primitive::Int64
        )
    }

    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            Primitive::Byte
                | Primitive::SByte
                | Primitive::Int16
                | Primitive::Int32
                | Primitive::Int64
                | Primitive::Single
                | Primitive::Double
                | Primitive::Decimal
        )
    }
}

/// What a property's values are, once resolved.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeRef {
    Primitive(Primitive),
    /// A structured type (entity or complex) defined by some page.
    Struct(QualifiedName),
    Enum(QualifiedName),
}

impl TypeRef {
    /// The name used in the `schema` JSON: `Edm.X` for primitives, the qualified name otherwise.
    pub fn schema_name(&self) -> String {
        match self {
            TypeRef::Primitive(Primitive::Json) => "Json".to_string(),
            TypeRef::Primitive(p) => format!("Edm.{}", p.edm_name()),
            TypeRef::Struct(name) | TypeRef::Enum(name) => name.to_string(),
        }
    }
}

/// Whether a structured type has a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeKind {
    Entity,
    Complex,
}

impl TypeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TypeKind::Entity => "entity",
            TypeKind::Complex => "complex",
        }
    }
}

/// A deprecation notice found in a description or a `name (deprecated)` cell.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Deprecation {
    /// The sentence that says so.
    pub note: String,
    /// The property or member to use instead, when the docs name one.
    pub replacement: Option<String>,
}

/// Where the docs state a property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A row of a property or relationship table.
    Table,
    /// Only the JSON representation block lists it.
    JsonBlock,
    /// graphdoc's built-in definition of `microsoft.graph.entity`.
    BuiltIn,
}

/// A property of a structured type.
#[derive(Debug, Clone, PartialEq)]
pub struct Property {
    /// The wire name.
    pub name: String,
    pub ty: TypeRef,
    pub collection: bool,
    /// The type exactly as the docs wrote it.
    pub docs_type: String,
    pub description: String,
    pub read_only: bool,
    pub required: bool,
    pub deprecated: Option<Deprecation>,
    /// A relationship (navigation property) rather than a structural one.
    pub navigation: bool,
    pub origin: Origin,
    /// Where the docs declare it; `None` for built-in types.
    pub loc: Option<Loc>,
}

/// An entity or complex type.
#[derive(Debug, Clone, PartialEq)]
pub struct StructType {
    pub name: QualifiedName,
    pub kind: TypeKind,
    pub base: Option<QualifiedName>,
    pub key: Option<String>,
    pub open: bool,
    pub is_abstract: bool,
    pub description: String,
    /// Properties declared by this type itself, in page order.
    pub properties: Vec<Property>,
    /// The operations its pages document (their Methods tables), the type's own page's
    /// first, without repeats.
    pub methods: Vec<TypeMethod>,
    /// Pages that define this type, as display paths; empty for built-in types.
    pub pages: Vec<String>,
    /// The product areas of those pages (their `ms.subservice`, else `ms.prod`), such as
    /// `cloud-pc`.
    pub areas: Vec<String>,
    pub loc: Option<Loc>,
}

/// One operation a page documents for a type: a row of its Methods table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeMethod {
    /// The name as the table gives it, plain text (`Get user`, `delta function`).
    pub name: String,
    /// What it returns: `None` when it returns nothing (`None`, `No Content`) and when the
    /// return cell names no type (prose, a request line).
    pub returns: Option<OperationReturn>,
}

/// The type an operation returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationReturn {
    /// The type, when the schema has it (a primitive, or a type an input page defines).
    pub ty: Option<TypeRef>,
    /// The type name as the docs write it (`user`, `microsoft.graph.termStore.set`).
    pub written: String,
    pub collection: bool,
}

/// An operation a method page documents (`user-get.md`): one HTTP method, the request
/// lines that reach it (aliases such as `/me` and `/users/{id}`), and what goes in and
/// comes back.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The page's file stem (`user-get`), also its learn.microsoft.com slug.
    pub id: String,
    /// The page's H1 (`Get user`).
    pub title: String,
    /// The first paragraph under the title, rustdoc-safe, then its notes.
    pub description: String,
    /// The page's product area (`ms.subservice`, else `ms.prod`).
    pub area: Option<String>,
    pub method: HttpMethod,
    /// One per readable request line with the page's method, in page order.
    pub paths: Vec<PathTemplate>,
    /// The Request headers table.
    pub headers: Vec<RequestHeader>,
    pub body: RequestBody,
    pub response: Response,
    /// The Function parameters table.
    pub function_parameters: Vec<Parameter>,
    pub permissions: Permissions,
    /// The OData options the Optional query parameters prose names (`$select`,
    /// `$filter`), in page order, each once.
    pub query_options: Vec<String>,
    /// The page, as a display path.
    pub page: String,
    /// The page's title (or its start, without one).
    pub loc: Loc,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
    Options,
}

impl HttpMethod {
    pub fn parse(text: &str) -> Option<HttpMethod> {
        Some(match text.to_ascii_uppercase().as_str() {
            "GET" => HttpMethod::Get,
            "POST" => HttpMethod::Post,
            "PUT" => HttpMethod::Put,
            "PATCH" => HttpMethod::Patch,
            "DELETE" => HttpMethod::Delete,
            "HEAD" => HttpMethod::Head,
            "OPTIONS" => HttpMethod::Options,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Head => "HEAD",
            HttpMethod::Options => "OPTIONS",
        }
    }
}

/// One request line's target, read into segments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    /// The target as written (`/users/{id | userPrincipalName}/messages`).
    pub text: String,
    pub segments: Vec<Segment>,
    /// The query string as written after `?`, without the `?`; empty without one.
    pub query: String,
    /// The line lacked its leading `/` (`GET users/{id}`).
    pub relative: bool,
    /// The target in the page.
    pub loc: Loc,
}

impl PathTemplate {
    /// Every parameter of the template, in order: those of segments, of call arguments
    /// and of drive item paths.
    pub fn parameters(&self) -> Vec<&PathParameter> {
        let mut found = Vec::new();
        for segment in &self.segments {
            match segment {
                Segment::Parameter(p) => found.push(p),
                Segment::Call { arguments, .. } => {
                    found.extend(arguments.iter().filter_map(|a| match &a.value {
                        ArgumentValue::Parameter(p) => Some(p),
                        ArgumentValue::Literal(_) => None,
                    }))
                }
                Segment::ItemPath(pieces) => found.extend(pieces.iter().filter_map(|p| match p {
                    ItemPathPiece::Parameter(p) => Some(p),
                    ItemPathPiece::Literal(_) => None,
                })),
                _ => {}
            }
        }
        found
    }
}

/// One `/`-separated part of a path template.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Segment {
    /// `users`, `microsoft.graph.user` (a cast), `root`.
    Literal(String),
    /// `{id}`, `{id | userPrincipalName}`.
    Parameter(PathParameter),
    /// A function call or a key in parentheses: `delta()`,
    /// `getEmailActivityUserDetail(period='{period_value}')`, `servicePrincipals(appId='{appId}')`.
    Call {
        name: String,
        arguments: Vec<Argument>,
    },
    /// `$value`: the raw content of a media entity or a property.
    Value,
    /// `$ref`: the reference to an entity rather than the entity.
    Ref,
    /// `$count`.
    Count,
    /// A drive item path between colons: `root:/{item-path}:` gives the pieces of
    /// `{item-path}` (the `root` before it is a literal of its own).
    ItemPath(Vec<ItemPathPiece>),
}

/// A placeholder of a path template.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PathParameter {
    /// The names between the braces, the alternatives of `{id | userPrincipalName}` in order.
    pub names: Vec<String>,
    /// Its position among the template's parameters, from 0: `/users/{id}/messages/{id}`
    /// has parameters 0 and 1, both named `id`.
    pub position: usize,
    /// The literal segment before it (`messages` for the second `{id}` above), to name it
    /// by.
    pub after: Option<String>,
}

/// An argument of a [`Segment::Call`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Argument {
    /// `period` of `period='{period_value}'`; `None` for a bare key (`users('{id}')`).
    pub name: Option<String>,
    pub value: ArgumentValue,
    /// Written in single quotes: an OData string literal.
    pub quoted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ArgumentValue {
    Parameter(PathParameter),
    /// A value written out (`'D7'`, `true`), without its quotes.
    Literal(String),
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ItemPathPiece {
    Literal(String),
    Parameter(PathParameter),
}

/// A row of the Request headers table.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RequestHeader {
    pub name: String,
    /// The value or description column, rustdoc-safe (`Bearer {token}. Required.`).
    pub description: String,
    /// The description says `Required`.
    pub required: bool,
}

/// What the Request body section says to send.
#[derive(Debug, Clone, PartialEq)]
pub enum RequestBody {
    /// The page has no Request body section.
    Unstated,
    /// "Don't supply a request body for this method."
    None,
    /// "supply a JSON representation of the [x](../resources/x.md) object".
    Type(OperationReturn),
    /// A table of parameters (an action's) or of the properties to update (a PATCH).
    Parameters(Vec<Parameter>),
    /// Prose that says neither, kept as docs text.
    Other(String),
}

/// A row of a parameter table (request body, function parameters).
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    pub name: String,
    /// The type, when the cell names one; the schema may lack it (`ty` is then `None`).
    pub ty: Option<OperationReturn>,
    /// The type cell as written.
    pub docs_type: String,
    pub description: String,
    /// The description says `Required`.
    pub required: bool,
    pub loc: Loc,
}

/// What the Response section says comes back.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The status the prose names (`200 OK`), when it can be read.
    pub status: Option<u16>,
    pub body: ResponseBody,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ResponseBody {
    /// Nothing: a `204 No Content`, or prose that says nothing is returned.
    Nothing,
    /// A value or "a collection of" values of a type (`collection` says which).
    Type(OperationReturn),
    /// Bytes: the prose speaks of a stream or binary content, or a redirect to it.
    Stream,
    /// The prose names no type; kept as docs text.
    Unstated(String),
}

/// The permissions the page gives.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Permissions {
    /// Rows of the permissions table: the kind of account and its permissions, least
    /// privileged first.
    Table(Vec<(String, Vec<String>)>),
    /// An `[!INCLUDE]` of a permissions file, which is not a page: its path as written.
    Include(String),
    Missing,
}

/// One member of an enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumMember {
    /// The wire value.
    pub name: String,
    pub value: Option<i64>,
    pub description: String,
    /// Set when the member's cell says `name (deprecated)` or its description says so.
    pub deprecated: Option<Deprecation>,
    pub loc: Loc,
}

/// An enumeration type.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumType {
    pub name: QualifiedName,
    /// The enum page's description; empty when only `### x values` tables define the enum.
    pub description: String,
    /// The union of every table that lists the enum: the enum page's members in its order,
    /// then members only other tables list, in the order first seen.
    pub members: Vec<EnumMember>,
    pub pages: Vec<String>,
    /// The product areas of its pages (their `ms.subservice`, else `ms.prod`).
    pub areas: Vec<String>,
    pub loc: Loc,
}

/// Everything the pages define, resolved and sorted by qualified name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Schema {
    pub structs: Vec<StructType>,
    pub enums: Vec<EnumType>,
    /// The operations of the method pages, sorted by id then page.
    pub operations: Vec<Operation>,
}

impl Schema {
    pub fn find_struct(&self, name: &QualifiedName) -> Option<&StructType> {
        self.structs
            .binary_search_by(|t| t.name.cmp(name))
            .ok()
            .map(|i| &self.structs[i])
    }

    pub fn find_enum(&self, name: &QualifiedName) -> Option<&EnumType> {
        self.enums
            .binary_search_by(|t| t.name.cmp(name))
            .ok()
            .map(|i| &self.enums[i])
    }

    /// The type followed by its base types, nearest first, stopping before a repeat so a
    /// cycle (already reported by resolution) cannot loop.
    pub fn lineage<'a>(&'a self, ty: &'a StructType) -> Vec<&'a StructType> {
        let mut chain = vec![ty];
        let mut current = ty;
        while let Some(base) = current.base.as_ref().and_then(|b| self.find_struct(b)) {
            if chain.iter().any(|t| t.name == base.name) {
                break;
            }
            chain.push(base);
            current = base;
        }
        chain
    }

    /// For each type with derived types, all of them at any depth, sorted by name.
    pub fn derived_types(&self) -> std::collections::BTreeMap<QualifiedName, Vec<QualifiedName>> {
        let mut derived: std::collections::BTreeMap<QualifiedName, Vec<QualifiedName>> =
            std::collections::BTreeMap::new();
        for ty in &self.structs {
            for base in self.lineage(ty).into_iter().skip(1) {
                derived
                    .entry(base.name.clone())
                    .or_default()
                    .push(ty.name.clone());
            }
        }
        for list in derived.values_mut() {
            list.sort();
        }
        derived
    }

    /// The type's own properties preceded by those it inherits, base-most first.
    /// A property redeclared by a derived type keeps its inherited position but takes
    /// the derived declaration.
    /// The first declaration of a property that `ty` inherits: the base-most type of its
    /// lineage, `ty` excluded, that declares a property named `name`.
    pub fn inherited_declaration<'a>(
        &'a self,
        ty: &'a StructType,
        name: &str,
    ) -> Option<(&'a StructType, &'a Property)> {
        self.lineage(ty)
            .into_iter()
            .skip(1)
            .rev()
            .find_map(|t| t.properties.iter().find(|p| p.name == name).map(|p| (t, p)))
    }

    /// Whether a property of `ty` (its own or inherited) is a relationship: an inherited
    /// property stays where its first declaration in the lineage puts it, whichever table
    /// of a derived page repeats it.
    pub fn is_relationship(&self, ty: &StructType, property: &Property) -> bool {
        self.inherited_declaration(ty, &property.name)
            .map_or(property.navigation, |(_, declared)| declared.navigation)
    }

    pub fn all_properties<'a>(&'a self, ty: &'a StructType) -> Vec<&'a Property> {
        let chain = self.lineage(ty);
        let mut properties: Vec<&Property> = Vec::new();
        for t in chain.iter().rev() {
            for p in &t.properties {
                match properties.iter_mut().find(|q| q.name == p.name) {
                    Some(slot) => *slot = p,
                    None => properties.push(p),
                }
            }
        }
        properties
    }
}

/// Walks of the type graph: selection, naming, boxing, features and the examples
/// validator share them.
impl Schema {
    /// The types and enums the given ones refer to through their properties (inherited
    /// ones included), at any depth, the given ones included; not their base types, whose
    /// properties a generated struct holds itself: what a cargo feature must compile.
    pub fn referenced_closure(
        &self,
        roots: impl IntoIterator<Item = QualifiedName>,
    ) -> std::collections::BTreeSet<QualifiedName> {
        self.walk(roots, false, true)
    }

    /// The one walk behind [`Schema::closure`], [`Schema::structural_closure`] and
    /// [`Schema::referenced_closure`]: the roots and the types of every property they have
    /// (inherited ones included; relationships only when `relationships`), at any depth,
    /// and their base types too when `bases`.
    fn walk(
        &self,
        roots: impl IntoIterator<Item = QualifiedName>,
        bases: bool,
        relationships: bool,
    ) -> std::collections::BTreeSet<QualifiedName> {
        let mut reached = std::collections::BTreeSet::new();
        let mut stack: Vec<QualifiedName> = roots.into_iter().collect();
        while let Some(name) = stack.pop() {
            if !reached.insert(name.clone()) {
                continue;
            }
            if let Some(ty) = self.find_struct(&name) {
                if bases {
                    stack.extend(ty.base.iter().cloned());
                }
                for property in self.all_properties(ty) {
                    if !relationships && self.is_relationship(ty, property) {
                        continue;
                    }
                    if let TypeRef::Struct(target) | TypeRef::Enum(target) = &property.ty {
                        stack.push(target.clone());
                    }
                }
            }
        }
        reached
    }

    /// Whether a value of `from` holds a `to` inline: through single structural
    /// properties only, not through collections, relationships or types that
    /// `indirect` says are held behind a pointer. A struct that holds itself this way
    /// has infinite size unless the property is boxed.
    pub fn embeds(
        &self,
        from: &QualifiedName,
        to: &QualifiedName,
        indirect: impl Fn(&QualifiedName) -> bool,
    ) -> bool {
        if indirect(from) {
            return false;
        }
        let mut stack = vec![from.clone()];
        let mut seen = std::collections::BTreeSet::new();
        while let Some(current) = stack.pop() {
            if &current == to {
                return true;
            }
            if !seen.insert(current.clone()) {
                continue;
            }
            if let Some(ty) = self.find_struct(&current) {
                for p in self.all_properties(ty) {
                    if let (TypeRef::Struct(next), false, false) =
                        (&p.ty, p.collection, p.navigation)
                        && !indirect(next)
                    {
                        stack.push(next.clone());
                    }
                }
            }
        }
        false
    }
    /// The named types and enums, their base types and the types of their properties,
    /// transitively: what a selection must keep. Names the schema lacks are kept as given.
    pub fn closure(
        &self,
        roots: impl IntoIterator<Item = QualifiedName>,
    ) -> std::collections::BTreeSet<QualifiedName> {
        self.walk(roots, true, true)
    }

    /// [`Schema::closure`] without following relationships: the named types and enums,
    /// their base types and the types of their structural properties, transitively.
    pub fn structural_closure(
        &self,
        roots: impl IntoIterator<Item = QualifiedName>,
    ) -> std::collections::BTreeSet<QualifiedName> {
        self.walk(roots, true, false)
    }

    /// Whether a type is open (accepts any property): openness is inherited.
    pub fn is_open(&self, ty: &StructType) -> bool {
        self.lineage(ty).iter().any(|t| t.open)
    }

    /// Whether `ty` derives from `base`, at any depth; a type does not derive from itself.
    pub fn derives_from(&self, ty: &QualifiedName, base: &QualifiedName) -> bool {
        self.find_struct(ty)
            .is_some_and(|t| self.lineage(t).iter().skip(1).any(|b| b.name == *base))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_schema::{name as q, property, schema as sorted, structure};

    #[test]
    fn qualified_names_split_at_the_last_dot() {
        let q = QualifiedName::parse("#microsoft.graph.callRecords.session", GRAPH_NAMESPACE);
        assert_eq!(
            q,
            QualifiedName::new("microsoft.graph.callRecords", "session")
        );
        let bare = QualifiedName::parse("entity", GRAPH_NAMESPACE);
        assert_eq!(bare, QualifiedName::new("microsoft.graph", "entity"));
    }

    fn schema() -> Schema {
        let mut polygon = structure("polygon", Some("shape"), Vec::new());
        polygon.open = true;
        let structs = vec![
            structure("shape", None, Vec::new()),
            polygon,
            structure("square", Some("polygon"), Vec::new()),
            structure(
                "canvas",
                None,
                vec![
                    property("shapes", TypeRef::Struct(q("shape"))),
                    property("tint", TypeRef::Enum(q("color"))),
                    property("name", TypeRef::Primitive(Primitive::String)),
                ],
            ),
            structure("ping", Some("pong"), Vec::new()),
            structure("pong", Some("ping"), Vec::new()),
        ];
        sorted(structs, Vec::new())
    }

    #[test]
    fn closure_takes_bases_and_property_types_transitively() {
        let schema = schema();
        let names = |roots: &[&str]| -> Vec<String> {
            schema
                .closure(roots.iter().map(|r| q(r)))
                .iter()
                .map(|n| n.name.clone())
                .collect()
        };
        assert_eq!(names(&["square"]), ["polygon", "shape", "square"]);
        assert_eq!(names(&["canvas"]), ["canvas", "color", "shape"]);
        assert_eq!(names(&["ping"]), ["ping", "pong"]);
        assert!(names(&[]).is_empty());
    }

    #[test]
    fn openness_is_inherited_and_derivation_is_transitive() {
        let schema = schema();
        let find = |name: &str| schema.find_struct(&q(name)).unwrap();
        assert!(schema.is_open(find("square")) && schema.is_open(find("polygon")));
        assert!(!schema.is_open(find("shape")) && !schema.is_open(find("ping")));
        assert!(schema.derives_from(&q("square"), &q("shape")));
        assert!(schema.derives_from(&q("square"), &q("polygon")));
        assert!(!schema.derives_from(&q("shape"), &q("square")));
        assert!(!schema.derives_from(&q("shape"), &q("shape")));
        assert!(!schema.derives_from(&q("nothing"), &q("shape")));
        // A cycle ends the walk.
        assert!(schema.derives_from(&q("ping"), &q("pong")));
        assert!(!schema.derives_from(&q("ping"), &q("ping")));
    }
}
