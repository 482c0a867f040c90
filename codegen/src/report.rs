//! Machine-readable outputs: the `--report` JSON and the `schema` JSON.

use serde::Serialize;

use crate::diagnostics::{Diagnostics, LeftOut, position};
use crate::model::{
    ArgumentValue, ItemPathPiece, Operation, OperationReturn, Parameter, PathParameter,
    Permissions, RequestBody, ResponseBody, Schema, Segment, TypeRef,
};
use crate::pipeline::Run;
use crate::source::SourceMap;

#[derive(Serialize)]
pub struct Report {
    pub pages: usize,
    pub types: usize,
    pub enums: usize,
    pub diagnostics: Vec<DiagnosticRecord>,
    /// The warnings a selection does not show (on pages it generates nothing from), and
    /// the pages they are on; zero without a selection.
    pub left_out: LeftOut,
    pub timings_ms: Timings,
}

#[derive(Serialize)]
pub struct DiagnosticRecord {
    pub severity: &'static str,
    pub code: &'static str,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

#[derive(Serialize)]
pub struct Timings {
    pub read: u128,
    pub resolve: u128,
    pub emit: u128,
    pub write: u128,
    pub total: u128,
}

pub fn diagnostic_records(diagnostics: &Diagnostics, sources: &SourceMap) -> Vec<DiagnosticRecord> {
    diagnostics
        .iter()
        .map(|d| {
            let pos = position(d, sources);
            DiagnosticRecord {
                severity: d.severity.as_str(),
                code: d.code.as_str(),
                file: pos.file,
                line: pos.line,
                column: pos.column,
                message: d.message.clone(),
            }
        })
        .collect()
}

pub fn report(run: &Run) -> Report {
    Report {
        pages: run.sources.page_count(),
        types: run.schema.structs.len(),
        enums: run.schema.enums.len(),
        diagnostics: diagnostic_records(&run.diagnostics, &run.sources),
        left_out: run.diagnostics.left_out(),
        timings_ms: Timings {
            read: run.timings.read.as_millis(),
            resolve: run.timings.resolve.as_millis(),
            emit: run.timings.emit.as_millis(),
            write: run.timings.write.as_millis(),
            total: run.timings.total.as_millis(),
        },
    }
}

#[derive(Serialize)]
pub struct SchemaJson {
    pub types: Vec<TypeJson>,
    pub enums: Vec<EnumJson>,
    pub operations: Vec<OperationJson>,
}

/// An operation of a method page.
#[derive(Serialize)]
pub struct OperationJson {
    pub id: String,
    pub title: String,
    pub area: Option<String>,
    pub method: &'static str,
    pub page: String,
    pub paths: Vec<PathJson>,
    pub headers: Vec<HeaderJson>,
    pub body: BodyJson,
    pub response: ResponseJson,
    #[serde(rename = "functionParameters")]
    pub function_parameters: Vec<ParameterJson>,
    /// `table`, `include` or `missing`.
    pub permissions: &'static str,
    #[serde(rename = "queryOptions")]
    pub query_options: Vec<String>,
}

#[derive(Serialize)]
pub struct PathJson {
    pub text: String,
    pub segments: Vec<SegmentJson>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub query: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub relative: bool,
}

/// One segment: `{"kind": "literal", "text": "users"}`, `{"kind": "parameter", "names":
/// ["id"], "position": 0}`, `{"kind": "call", "name": "delta", "arguments": [...]}`,
/// `{"kind": "value"}`, `{"kind": "ref"}`, `{"kind": "count"}`, `{"kind": "itemPath",
/// "pieces": [...]}`.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum SegmentJson {
    Literal {
        text: String,
    },
    Parameter {
        names: Vec<String>,
        position: usize,
    },
    Call {
        name: String,
        arguments: Vec<ArgumentJson>,
    },
    Value,
    Ref,
    Count,
    ItemPath {
        pieces: Vec<SegmentJson>,
    },
}

#[derive(Serialize)]
pub struct ArgumentJson {
    pub name: Option<String>,
    pub value: SegmentJson,
    pub quoted: bool,
}

#[derive(Serialize)]
pub struct HeaderJson {
    pub name: String,
    pub required: bool,
}

/// `{"kind": "unstated" | "none" | "other"}`, `{"kind": "type", "type": ..., "collection":
/// ...}` or `{"kind": "parameters", "parameters": [...]}`.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum BodyJson {
    Unstated,
    None,
    Type {
        #[serde(rename = "type")]
        ty: String,
        collection: bool,
    },
    Parameters {
        parameters: Vec<ParameterJson>,
    },
    Other,
}

#[derive(Serialize)]
pub struct ParameterJson {
    pub name: String,
    /// The resolved type's schema name, else the type as written.
    #[serde(rename = "type")]
    pub ty: String,
    pub collection: bool,
    pub required: bool,
}

/// `status` is `null` when the prose names none; `body` is `{"kind": "nothing" | "stream"
/// | "unstated"}` or `{"kind": "type", "type": ..., "collection": ...}`.
#[derive(Serialize)]
pub struct ResponseJson {
    pub status: Option<u16>,
    pub body: ResponseBodyJson,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ResponseBodyJson {
    Nothing,
    Type {
        #[serde(rename = "type")]
        ty: String,
        collection: bool,
    },
    Stream,
    Unstated,
}

fn type_name(ty: &OperationReturn) -> String {
    ty.ty
        .as_ref()
        .map_or_else(|| ty.written.clone(), TypeRef::schema_name)
}

fn parameter_json(p: &Parameter) -> ParameterJson {
    ParameterJson {
        name: p.name.clone(),
        ty: p.ty.as_ref().map_or_else(|| p.docs_type.clone(), type_name),
        collection: p.ty.as_ref().is_some_and(|t| t.collection),
        required: p.required,
    }
}

fn parameter_segment(p: &PathParameter) -> SegmentJson {
    SegmentJson::Parameter {
        names: p.names.clone(),
        position: p.position,
    }
}

fn segment_json(segment: &Segment) -> SegmentJson {
    match segment {
        Segment::Literal(text) => SegmentJson::Literal { text: text.clone() },
        Segment::Parameter(p) => parameter_segment(p),
        Segment::Call { name, arguments } => SegmentJson::Call {
            name: name.clone(),
            arguments: arguments
                .iter()
                .map(|a| ArgumentJson {
                    name: a.name.clone(),
                    value: match &a.value {
                        ArgumentValue::Parameter(p) => parameter_segment(p),
                        ArgumentValue::Literal(text) => SegmentJson::Literal { text: text.clone() },
                    },
                    quoted: a.quoted,
                })
                .collect(),
        },
        Segment::Value => SegmentJson::Value,
        Segment::Ref => SegmentJson::Ref,
        Segment::Count => SegmentJson::Count,
        Segment::ItemPath(pieces) => SegmentJson::ItemPath {
            pieces: pieces
                .iter()
                .map(|p| match p {
                    ItemPathPiece::Literal(text) => SegmentJson::Literal { text: text.clone() },
                    ItemPathPiece::Parameter(p) => parameter_segment(p),
                })
                .collect(),
        },
    }
}

pub fn operation_json(op: &Operation) -> OperationJson {
    OperationJson {
        id: op.id.clone(),
        title: op.title.clone(),
        area: op.area.clone(),
        method: op.method.as_str(),
        page: op.page.clone(),
        paths: op
            .paths
            .iter()
            .map(|p| PathJson {
                text: p.text.clone(),
                segments: p.segments.iter().map(segment_json).collect(),
                query: p.query.clone(),
                relative: p.relative,
            })
            .collect(),
        headers: op
            .headers
            .iter()
            .map(|h| HeaderJson {
                name: h.name.clone(),
                required: h.required,
            })
            .collect(),
        body: match &op.body {
            RequestBody::Unstated => BodyJson::Unstated,
            RequestBody::None => BodyJson::None,
            RequestBody::Type(t) => BodyJson::Type {
                ty: type_name(t),
                collection: t.collection,
            },
            RequestBody::Parameters(rows) => BodyJson::Parameters {
                parameters: rows.iter().map(parameter_json).collect(),
            },
            RequestBody::Other(_) => BodyJson::Other,
        },
        response: ResponseJson {
            status: op.response.status,
            body: match &op.response.body {
                ResponseBody::Nothing => ResponseBodyJson::Nothing,
                ResponseBody::Type(t) => ResponseBodyJson::Type {
                    ty: type_name(t),
                    collection: t.collection,
                },
                ResponseBody::Stream => ResponseBodyJson::Stream,
                ResponseBody::Unstated(_) => ResponseBodyJson::Unstated,
            },
        },
        function_parameters: op.function_parameters.iter().map(parameter_json).collect(),
        permissions: match op.permissions {
            Permissions::Table(_) => "table",
            Permissions::Include(_) => "include",
            Permissions::Missing => "missing",
        },
        query_options: op.query_options.clone(),
    }
}

#[derive(Serialize)]
pub struct TypeJson {
    pub name: String,
    pub namespace: String,
    pub kind: &'static str,
    pub base: Option<String>,
    pub key: Option<String>,
    #[serde(rename = "openType")]
    pub open_type: bool,
    #[serde(rename = "abstract")]
    pub is_abstract: bool,
    pub properties: Vec<PropertyJson>,
}

#[derive(Serialize)]
pub struct PropertyJson {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    pub collection: bool,
    pub navigation: bool,
    #[serde(rename = "readOnly")]
    pub read_only: bool,
    pub deprecated: bool,
}

#[derive(Serialize)]
pub struct EnumJson {
    pub name: String,
    pub namespace: String,
    pub members: Vec<MemberJson>,
}

#[derive(Serialize)]
pub struct MemberJson {
    pub name: String,
    pub value: Option<i64>,
    pub deprecated: bool,
}

pub fn schema_json(schema: &Schema) -> SchemaJson {
    SchemaJson {
        types: schema
            .structs
            .iter()
            .map(|t| TypeJson {
                name: t.name.name.clone(),
                namespace: t.name.namespace.clone(),
                kind: t.kind.as_str(),
                base: t.base.as_ref().map(ToString::to_string),
                key: t.key.clone(),
                open_type: t.open,
                is_abstract: t.is_abstract,
                properties: t
                    .properties
                    .iter()
                    .map(|p| PropertyJson {
                        name: p.name.clone(),
                        ty: p.ty.schema_name(),
                        collection: p.collection,
                        navigation: p.navigation,
                        read_only: p.read_only,
                        deprecated: p.deprecated.is_some(),
                    })
                    .collect(),
            })
            .collect(),
        enums: schema
            .enums
            .iter()
            .map(|e| EnumJson {
                name: e.name.name.clone(),
                namespace: e.name.namespace.clone(),
                members: e
                    .members
                    .iter()
                    .map(|m| MemberJson {
                        name: m.name.clone(),
                        value: m.value,
                        deprecated: m.deprecated.is_some(),
                    })
                    .collect(),
            })
            .collect(),
        operations: schema.operations.iter().map(operation_json).collect(),
    }
}
