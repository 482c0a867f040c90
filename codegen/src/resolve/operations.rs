//! Method pages into operations: the raw facts of [`crate::read::method_page`] with their
//! types looked up in the schema's names, one operation per page, sorted by id.

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{
    Operation, OperationReturn, Parameter, PathTemplate, RequestBody, Response, ResponseBody,
};
use crate::names::TypeIndex;
use crate::read::method_page::{BodySection, NamedType, ParameterRow, ResponseContent};
use crate::read::type_cell::TypeCell;
use crate::read::{MethodReturn, Page};
use crate::source::{Loc, SourceMap};

use super::{operation_return, page_description, page_namespace};

/// The operations of the method pages. A page without a readable request line makes none
/// (it has its diagnostic already); a second page with the same stem is reported and left out.
pub fn operations(
    pages: &[Page],
    sources: &SourceMap,
    names: &TypeIndex,
    diagnostics: &mut Diagnostics,
) -> Vec<Operation> {
    let mut operations: Vec<Operation> = Vec::new();
    for page in pages {
        let Some(method_page) = &page.method_page else {
            continue;
        };
        let Some(method) = method_page.method else {
            continue;
        };
        let file = sources.get(page.file);
        let id = std::path::Path::new(&file.display)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let namespace = page_namespace(page);
        let resolve = |cell: &TypeCell| -> Option<OperationReturn> {
            operation_return(&MethodReturn::Type(cell.clone()), namespace, names)
        };
        let named = |named: &NamedType| resolve(&named.cell());
        let parameter = |row: &ParameterRow| Parameter {
            name: row.name.clone(),
            ty: resolve(&row.ty),
            docs_type: row.type_text.clone(),
            description: row.description.clone(),
            required: row.required,
            loc: Loc::new(page.file, row.span.clone()),
        };
        let (title, title_span) = page
            .title
            .clone()
            .unwrap_or_else(|| (page.front_matter.title.clone().unwrap_or_default(), 0..0));
        let body = match &method_page.body {
            BodySection::Unstated => RequestBody::Unstated,
            BodySection::None => RequestBody::None,
            BodySection::Type(t) => {
                named(t).map_or_else(|| RequestBody::Other(t.name.clone()), RequestBody::Type)
            }
            BodySection::Parameters(rows) => {
                RequestBody::Parameters(rows.iter().map(parameter).collect())
            }
            BodySection::Other(text) => RequestBody::Other(text.clone()),
        };
        let response_body = match &method_page.response.body {
            ResponseContent::Nothing => ResponseBody::Nothing,
            ResponseContent::Stream => ResponseBody::Stream,
            ResponseContent::Type(t) => named(t).map_or_else(
                || ResponseBody::Unstated(t.name.clone()),
                ResponseBody::Type,
            ),
            ResponseContent::Unstated(text) => ResponseBody::Unstated(text.clone()),
        };
        let operation = Operation {
            id,
            title,
            description: page_description(page),
            area: page.front_matter.area().map(str::to_string),
            method,
            paths: method_page
                .requests
                .iter()
                .map(|line| PathTemplate {
                    text: line.target.clone(),
                    segments: line.segments.clone(),
                    query: line.query.clone(),
                    relative: line.relative,
                    loc: Loc::new(page.file, line.span.clone()),
                })
                .collect(),
            headers: method_page.headers.clone(),
            body,
            response: Response {
                status: method_page.response.status,
                body: response_body,
            },
            function_parameters: method_page
                .function_parameters
                .iter()
                .map(parameter)
                .collect(),
            permissions: method_page.permissions.clone(),
            query_options: method_page.query_options.clone(),
            page: file.display.clone(),
            loc: Loc::new(page.file, title_span),
        };
        operations.push(operation);
    }
    operations.sort_by(|a, b| a.id.cmp(&b.id).then(a.loc.cmp(&b.loc)));
    let mut kept: Vec<Operation> = Vec::with_capacity(operations.len());
    for operation in operations {
        match kept.last() {
            Some(first) if first.id == operation.id => diagnostics.push(Diagnostic::new(
                Code::DuplicateOperation,
                operation.loc.clone(),
                format!(
                    "operation `{}` is also documented by {}; that page is used",
                    operation.id, first.page
                ),
            )),
            _ => kept.push(operation),
        }
    }
    kept
}
