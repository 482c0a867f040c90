//! The Rust-level model of a generated crate: every item, field and variant with its
//! final name, every file and module, every feature and dependency. Lowering decides all
//! of it; the printers in `emit/` only turn it into text.

use crate::model::{Primitive, QualifiedName};

/// A whole generated crate (or a build script's single file), decided.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct CrateModel {
    /// The module path the generated items live under: `crate`, or the module a build
    /// script's file is `include!`d at.
    pub root: RootPath,
    /// Every item, in a fixed order (schema items by docs name, then support modules).
    pub items: Vec<Item>,
    /// The namespace modules, parents before children.
    pub modules: Vec<NamespaceModule>,
    /// The cargo features; empty for a build script's single file, which has none.
    pub features: Vec<Feature>,
    /// What the manifest's `default` feature enables: `["full"]` for a crate small enough
    /// to compile whole ([`super::features::DEFAULT_FULL_LIMIT`]), else nothing.
    pub default_features: Vec<String>,
    /// The crates the code needs beyond serde and serde_json.
    pub dependencies: Dependencies,
    /// The support code the items call.
    pub support: SupportNeeds,
    /// How many types and enums the docs define, for the crate's own docs.
    pub type_count: usize,
    pub enum_count: usize,
}

impl CrateModel {
    /// The docs namespace a module path stands for: `microsoft.graph` for the root.
    pub fn namespace_of(&self, module: &[String]) -> &str {
        self.modules
            .iter()
            .find(|m| m.path == module)
            .map_or(crate::model::GRAPH_NAMESPACE, |m| m.namespace.as_str())
    }

    /// The item that a docs struct or enum became.
    pub fn item_of(&self, kind: ItemKind, name: &QualifiedName) -> Option<&Item> {
        self.items.iter().find(|item| match &item.body {
            ItemBody::Struct(s) => kind == ItemKind::Struct && &s.docs_name == name,
            ItemBody::Enum(e) => kind == ItemKind::Enum && &e.docs_name == name,
            ItemBody::Dispatch(d) => kind == ItemKind::Dispatch && &d.base == name,
            ItemBody::Relationships(r) => kind == ItemKind::Relationships && &r.owner == name,
            ItemBody::Support(_) => false,
        })
    }
}

/// Which kind of docs item a Rust item comes from; items are keyed by kind and name, so an
/// enum and a type of one docs name are two items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ItemKind {
    Struct,
    Enum,
    /// The `Any<Type>` enum of a type with derived types.
    Dispatch,
    /// The `<Type>Relationships` struct of a type with navigation properties.
    Relationships,
}

/// The module path of the generated root, such as `crate` or `crate::graph`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct RootPath {
    pub leading_colon: bool,
    pub segments: Vec<String>,
}

impl RootPath {
    /// Reads a module path; only plain segments are allowed.
    pub fn parse(text: &str) -> Result<RootPath, String> {
        let path = syn::parse_str::<syn::Path>(text).map_err(|e| e.to_string())?;
        let mut segments = Vec::new();
        for segment in &path.segments {
            if !segment.arguments.is_none() {
                return Err("a module path has no generic arguments".to_string());
            }
            segments.push(segment.ident.to_string());
        }
        Ok(RootPath {
            leading_colon: path.leading_colon.is_some(),
            segments,
        })
    }
}

impl std::fmt::Display for RootPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.leading_colon {
            f.write_str("::")?;
        }
        f.write_str(&self.segments.join("::"))
    }
}

/// Where an item is and what it is called.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ItemPath {
    /// Module path below the root (snake-case segments; empty for `microsoft.graph`).
    pub module: Vec<String>,
    /// The item's identifier.
    pub ident: String,
}

impl ItemPath {
    /// `a::b::Ident`, relative to the root.
    pub fn relative(&self) -> String {
        self.module
            .iter()
            .chain(std::iter::once(&self.ident))
            .cloned()
            .collect::<Vec<_>>()
            .join("::")
    }
}

/// One file of the crate (one inline module of a single file) holding one item.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct Item {
    pub path: ItemPath,
    /// The file name without `.rs`, which is also its private module's name.
    pub file_stem: String,
    /// Whether its namespace module re-exports it.
    pub export: bool,
    /// The cargo features it compiles under (any of them); empty when it always compiles.
    pub features: Vec<String>,
    /// Pages that define it, for the file header; empty for built-in and support items.
    pub pages: Vec<String>,
    /// What the header says when there are no pages.
    pub provenance: String,
    pub body: ItemBody,
}

impl Item {
    /// `src/a/b/stem.rs`.
    pub fn file_path(&self) -> String {
        let mut path = String::from("src/");
        for segment in &self.path.module {
            path.push_str(segment);
            path.push('/');
        }
        format!("{path}{}.rs", self.file_stem)
    }
}

#[derive(Debug, Clone, PartialEq, Hash)]
pub enum ItemBody {
    Struct(StructItem),
    Enum(EnumItem),
    Dispatch(DispatchItem),
    Relationships(RelationshipsItem),
    Support(SupportModule),
}

/// A struct for an entity or complex type.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct StructItem {
    pub docs_name: QualifiedName,
    pub doc: String,
    /// Open types expect properties the docs do not list.
    pub open: bool,
    /// The properties, inherited ones first; `@odata.type` and `additional_data` are not
    /// among them (every struct has both). Relationships are among them, marked, and
    /// held by the struct's [`RelationshipsItem`].
    pub fields: Vec<Field>,
    /// The item holding the struct's relationships, when it has any.
    pub relationships: Option<ItemPath>,
    /// Whether the struct has the `set_odata_type` hook dispatch enums call.
    pub dispatch_hook: bool,
    /// The `@odata.type` written when the struct's own is unset (`#microsoft.graph.x`):
    /// set for a derived type whose base is not `entity`, so that the service reads a
    /// value built in code as the type it is.
    pub odata_type: Option<String>,
}

/// The field that holds `@odata.type` in every struct.
pub const ODATA_TYPE_FIELD: &str = "odata_type";
/// The field that holds properties the docs do not list, in every struct.
pub const ADDITIONAL_DATA_FIELD: &str = "additional_data";
/// The field that says which properties are explicitly `null`, in every struct.
pub const NULL_PROPERTIES_FIELD: &str = "null_properties";
/// The field that holds the relationships of a struct that has any.
pub const RELATIONSHIPS_FIELD: &str = "relationships";
/// The fields a struct may have besides its properties' fields.
pub const FIXED_FIELDS: [&str; 4] = [
    ODATA_TYPE_FIELD,
    ADDITIONAL_DATA_FIELD,
    NULL_PROPERTIES_FIELD,
    RELATIONSHIPS_FIELD,
];

#[derive(Debug, Clone, PartialEq, Hash)]
pub struct Field {
    pub ident: String,
    /// The property's name on the wire.
    pub wire: String,
    pub value: ValueType,
    pub collection: bool,
    pub codec: Codec,
    pub doc: String,
    /// The deprecation note, when the docs deprecate the property.
    pub deprecated: Option<String>,
    /// Whether it is a relationship (a navigation property), held apart from the
    /// struct's properties: absent unless a request expands it.
    pub relationship: bool,
}

/// The Rust type of one value of a field, without `Option` or `Vec`.
#[derive(Debug, Clone, PartialEq, Hash)]
pub enum ValueType {
    /// A primitive, as its Rust type.
    Primitive(RustPrimitive),
    /// A generated item (struct, enum or dispatch enum).
    Item(ItemPath),
    /// A generated struct behind a `Box`: every single value of a struct type.
    Boxed(ItemPath),
}

/// The Rust types primitives map to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RustPrimitive {
    String,
    Bool,
    U8,
    I8,
    I16,
    I32,
    I64,
    F32,
    F64,
    DateTime,
    Date,
    Time,
    Duration,
    Uuid,
    Bytes,
    Json,
}

impl RustPrimitive {
    /// The Rust type as source text.
    pub fn source(self) -> &'static str {
        match self {
            RustPrimitive::String => "String",
            RustPrimitive::Bool => "bool",
            RustPrimitive::U8 => "u8",
            RustPrimitive::I8 => "i8",
            RustPrimitive::I16 => "i16",
            RustPrimitive::I32 => "i32",
            RustPrimitive::I64 => "i64",
            RustPrimitive::F32 => "f32",
            RustPrimitive::F64 => "f64",
            RustPrimitive::DateTime => "chrono::DateTime<chrono::FixedOffset>",
            RustPrimitive::Date => "chrono::NaiveDate",
            RustPrimitive::Time => "chrono::NaiveTime",
            RustPrimitive::Duration => "chrono::TimeDelta",
            RustPrimitive::Uuid => "uuid::Uuid",
            RustPrimitive::Bytes => "Vec<u8>",
            RustPrimitive::Json => "serde_json::Value",
        }
    }

    /// The docs primitive's Rust type under the native mapping (the `strings` mapping
    /// keeps string-encoded primitives as `String` instead).
    pub fn of(p: Primitive) -> RustPrimitive {
        match p {
            Primitive::String | Primitive::Stream => RustPrimitive::String,
            Primitive::Boolean => RustPrimitive::Bool,
            Primitive::Byte => RustPrimitive::U8,
            Primitive::SByte => RustPrimitive::I8,
            Primitive::Int16 => RustPrimitive::I16,
            Primitive::Int32 => RustPrimitive::I32,
            Primitive::Int64 => RustPrimitive::I64,
            Primitive::Single => RustPrimitive::F32,
            Primitive::Double | Primitive::Decimal => RustPrimitive::F64,
            // One date-time family, chrono: its timestamps reach .NET's
            // DateTimeOffset.MaxValue (9999-12-31T23:59:59.9999999Z), which Graph sends.
            Primitive::DateTimeOffset => RustPrimitive::DateTime,
            Primitive::Date => RustPrimitive::Date,
            Primitive::TimeOfDay => RustPrimitive::Time,
            Primitive::Duration => RustPrimitive::Duration,
            Primitive::Guid => RustPrimitive::Uuid,
            Primitive::Binary => RustPrimitive::Bytes,
            Primitive::Json => RustPrimitive::Json,
        }
    }
}

/// How a field is read and written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Codec {
    /// By the serde impls of its type.
    Serde,
    /// By the `IsoDuration` format (OData durations; `chrono::TimeDelta` has no serde impls).
    Duration,
    /// By the base64 format.
    Base64,
}

/// An open enum for a docs enum.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct EnumItem {
    pub docs_name: QualifiedName,
    pub doc: String,
    pub variants: Vec<Variant>,
    /// Whether any member has a numeric value (the enum then has `value()`).
    pub has_values: bool,
    /// Whether a variant repeats the enum's own name, which clippy's
    /// `enum_variant_names` flags; the names are the docs', so the lint is allowed.
    pub variants_repeat_name: bool,
}

/// The catch-all variant of every open enum. Not `Unknown`: many Graph enums have a
/// documented `unknown` member.
pub const CATCH_ALL_VARIANT: &str = "Undocumented";

#[derive(Debug, Clone, PartialEq, Hash)]
pub struct Variant {
    pub ident: String,
    /// The member's exact wire text.
    pub wire: String,
    pub value: Option<i64>,
    pub doc: String,
    pub deprecated: Option<String>,
}

/// The `Any<Type>` enum of a type with derived types.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct DispatchItem {
    pub base: QualifiedName,
    pub doc: String,
    /// The base type first, then its derived types at any depth, by docs name.
    pub variants: Vec<DispatchVariant>,
    /// The base type's fields, which every variant has: one accessor each.
    pub accessors: Vec<Accessor>,
}

/// The relationships (navigation properties) of a struct, in a struct of their own that
/// the owner holds boxed: Graph returns them only when a request expands them, so most
/// values never allocate it.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct RelationshipsItem {
    /// The docs name of the owner.
    pub owner: QualifiedName,
    /// The owner's Rust name, for the docs.
    pub owner_ident: String,
    /// The relationship fields, in the owner's order.
    pub fields: Vec<Field>,
}

/// A method of a dispatch enum that reads one of the base type's fields from any variant.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct Accessor {
    /// The base type's field.
    pub field: Field,
    /// Whether some variant's type deprecates the field (the base may not), so that
    /// reading it needs `allow(deprecated)`.
    pub reads_deprecated: bool,
}

/// The fallback variant of every dispatch enum: a derived type the docs do not describe,
/// read as the base type.
pub const OTHER_VARIANT: &str = "Other";

#[derive(Debug, Clone, PartialEq, Hash)]
pub struct DispatchVariant {
    pub ident: String,
    /// The qualified docs name `@odata.type` gives (without `#`).
    pub wire: String,
    pub target: ItemPath,
    /// The features the variant's type compiles under; empty when it always compiles.
    /// The base's variant has none: it exists whenever the enum does.
    pub features: Vec<String>,
}

/// A support module of the generated code (private or re-exporting one type).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SupportModule {
    SerdeSupport,
    IsoDuration,
    NullProperties,
    UndocumentedValue,
    /// `Changes`, the body of a `PATCH` holding only what changed; with any struct.
    Changes,
    /// `Collection<T>`, a page of a collection response; with any struct.
    Collection,
    /// `Removed`, the `@removed` annotation of delta items; with `Collection`.
    Removed,
}

/// A namespace's module.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NamespaceModule {
    /// Its path below the root; the root module itself has an empty path.
    pub path: Vec<String>,
    /// The docs namespace it holds, such as `microsoft.graph.callRecords`.
    pub namespace: String,
}

/// A cargo feature.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Feature {
    pub name: String,
    /// How many structs and enums it compiles.
    pub items: usize,
}

/// Crates the emitted code needs beyond serde and serde_json.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Dependencies {
    pub chrono: bool,
    pub uuid: bool,
    pub serde_with: bool,
}

/// What the generated items use of the support code; the support modules and the
/// pieces of `serde_support` follow from it.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SupportNeeds {
    /// There are structs (their serde impls and `ReadFields`).
    pub structs: bool,
    /// There are enums (their `Deserialize` impl, and `UndocumentedValue`).
    pub enums: bool,
    /// There are `Any<Type>` dispatch enums.
    pub dispatch: bool,
    /// Single-value fields are read and written with a `Format`.
    pub format_single: bool,
    /// Collection fields are read and written with a `Format` for each value.
    pub format_list: bool,
    /// `Edm.Binary` fields: the `Base64` format, which needs serde_with.
    pub base64: bool,
    /// `Edm.Duration` fields: `IsoDuration`, which needs chrono.
    pub iso_duration: bool,
}

impl SupportNeeds {
    /// Whether the crate has a `serde_support` module: whether anything uses a piece of it.
    pub fn serde_support(&self) -> bool {
        self.structs
            || self.enums
            || self.dispatch
            || self.format_single
            || self.format_list
            || self.base64
            || self.iso_duration
    }
}
