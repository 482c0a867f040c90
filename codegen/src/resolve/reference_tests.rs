//! Resolution of type references across pages, through the shared name index.

use crate::diagnostics::{Code, Diagnostics};
use crate::model::{QualifiedName, TypeRef};
use crate::source::{SourceFile, SourceMap};

fn resource(namespace: &str, name: &str, rows: &str) -> String {
    format!(
        "# {name} resource type\n\nNamespace: {namespace}\n\n## Properties\n\n| Property | Type | Description |\n|:---|:---|:---|\n| id | String | Id. |\n{rows}\n\n## JSON representation\n\n<!-- {{ \"blockType\": \"resource\", \"@odata.type\": \"{namespace}.{name}\" }} -->\n\n```json\n{{ \"id\": \"String\" }}\n```\n"
    )
}

fn resolve(pages: &[String]) -> (crate::model::Schema, Diagnostics) {
    let mut sources = SourceMap::default();
    let mut diagnostics = Diagnostics::default();
    let read: Vec<_> = pages
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let path = format!("p{i}.md");
            let file = sources.add(SourceFile::new(path.clone().into(), path, text.clone()));
            crate::read::read_page(file, text, &mut diagnostics)
        })
        .collect();
    let schema = crate::resolve::resolve(&read, &sources, &mut diagnostics);
    (schema, diagnostics)
}

#[test]
fn references_resolve_across_namespaces_and_ambiguity_is_reported() {
    let (schema, diagnostics) = resolve(&[
        resource("microsoft.graph.a", "thing", ""),
        resource("microsoft.graph.b", "thing", ""),
        resource("microsoft.graph.callRecords", "session", ""),
        resource(
            "microsoft.graph",
            "holder",
            "| one | Session | Case differs. |\n| two | session | Another namespace. |\n| three | THING | Two namespaces. |",
        ),
    ]);
    let holder = schema
        .find_struct(&QualifiedName::new("microsoft.graph", "holder"))
        .expect("holder resolved");
    let ty = |name: &str| {
        holder
            .properties
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.ty.clone())
    };
    let session = TypeRef::Struct(QualifiedName::new("microsoft.graph.callRecords", "session"));
    assert_eq!(ty("one"), Some(session.clone()));
    assert_eq!(ty("two"), Some(session));
    assert_eq!(ty("three").unwrap().schema_name(), "Json");
    let found: Vec<_> = diagnostics
        .iter()
        .filter(|d| matches!(d.code, Code::CaseMismatch | Code::UnknownType))
        .map(|d| (d.code, d.message.clone()))
        .collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].0, Code::CaseMismatch);
    assert_eq!(
        found[1],
        (
            Code::UnknownType,
            "type `THING` of `three` is ambiguous: ignoring case, it matches `microsoft.graph.a.thing`, `microsoft.graph.b.thing`".to_string()
        )
    );
}
