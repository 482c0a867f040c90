//! Machine-readable outputs: the `--report` JSON and the `schema` JSON.

use serde::Serialize;

use crate::diagnostics::{Diagnostics, LeftOut, position};
use crate::model::Schema;
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
    }
}
