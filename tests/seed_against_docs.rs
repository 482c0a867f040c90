//! The seed page against its generated code. The page is read here with plain line
//! splitting, independently of graphdoc's reader, so a reader bug cannot hide itself:
//! every property row must be a field of the mapped type, every enum row a variant with the
//! exact wire string, and the JSON representation (placeholders replaced by sample values)
//! must deserialize into the generated type and serialize back to the same JSON.

#![allow(deprecated)] // `statusDetails` is deprecated by the docs; the tests still read it.

use std::collections::BTreeMap;

use chrono::Datelike;
use generated::{
    AnyEntity, CloudPcDeviceImage, CloudPcDeviceImageErrorCode, CloudPcDeviceImageOsStatus,
    CloudPcDeviceImageStatus,
};
use graphdoc_tests::repo_path;
use quote::ToTokens;
use serde_json::{Value, json};

const SEED: &str = "docs-input/cloudpcdeviceimage.md";
const STRUCT_FILE: &str = "generated/src/cloud_pc_device_image.rs";

fn seed_text() -> String {
    std::fs::read_to_string(repo_path(SEED)).expect("the seed page is in docs-input")
}

/// Cells of the table rows under the heading that starts with `heading`.
fn table_rows(text: &str, heading: &str) -> Vec<Vec<String>> {
    let mut lines = text.lines().skip_while(|l| !l.starts_with(heading)).skip(1);
    let rows: Vec<Vec<String>> = lines
        .by_ref()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            l.trim()
                .trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect();
    // Drop the header row and the delimiter row.
    rows.into_iter().skip(2).collect()
}

/// The enum tables: enum name → member wire values.
fn enum_tables(text: &str) -> BTreeMap<String, Vec<String>> {
    text.lines()
        .filter_map(|l| l.strip_prefix("### "))
        .filter_map(|h| h.strip_suffix(" values"))
        .map(|name| {
            let members = table_rows(text, &format!("### {name} values"))
                .into_iter()
                .map(|row| row[0].clone())
                .collect();
            (name.to_string(), members)
        })
        .collect()
}

/// `[name](link)` or `name` → `name`.
fn type_name(cell: &str) -> String {
    match cell.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or_default().to_string(),
        None => cell.to_string(),
    }
}

fn pascal(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// The Rust type this test expects for a docs type (the README's mapping table).
fn expected_rust_type(docs_type: &str, enums: &BTreeMap<String, Vec<String>>) -> String {
    let inner = match docs_type {
        "String" => "String".to_string(),
        "Date" => "chrono::NaiveDate".to_string(),
        "DateTimeOffset" => "chrono::DateTime<chrono::FixedOffset>".to_string(),
        name if enums.contains_key(name) => format!("crate::{}", pascal(name)),
        other => panic!("the seed uses `{other}`, which this test has no mapping for"),
    };
    format!("Option<{inner}>")
}

/// Fields of the generated struct: wire name → Rust type (tokens without spaces). The
/// wire names come from the struct's `read_field`, which matches each one to its field.
fn generated_fields() -> BTreeMap<String, String> {
    let source = std::fs::read_to_string(repo_path(STRUCT_FILE)).expect("generated struct file");
    let file = syn::parse_file(&source).expect("generated code parses");
    let item = file
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Struct(s) if s.ident == "CloudPcDeviceImage" => Some(s),
            _ => None,
        })
        .expect("the struct CloudPcDeviceImage is generated");
    let types: BTreeMap<String, String> = item
        .fields
        .iter()
        .map(|field| {
            let ty = field.ty.to_token_stream().to_string().replace(' ', "");
            (field.ident.as_ref().unwrap().to_string(), ty)
        })
        .collect();
    let read_fields = file
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Impl(i)
                if i.trait_.as_ref().is_some_and(|(path, _)| {
                    path.segments
                        .last()
                        .is_some_and(|s| s.ident == "ReadFields")
                }) =>
            {
                Some(i)
            }
            _ => None,
        })
        .expect("CloudPcDeviceImage implements ReadFields");
    // Arms of `read_field` read `"wire" => crate::serde_support::read(map, &mut self.field)`.
    struct Arms(Vec<(String, String)>);
    impl<'ast> syn::visit::Visit<'ast> for Arms {
        fn visit_arm(&mut self, arm: &'ast syn::Arm) {
            if let syn::Pat::Lit(syn::PatLit {
                lit: syn::Lit::Str(wire),
                ..
            }) = &arm.pat
            {
                let body = arm.body.to_token_stream().to_string();
                let field = body
                    .split("self .")
                    .nth(1)
                    .and_then(|rest| rest.split(')').next())
                    .expect("an arm reads into a field of self")
                    .trim()
                    .to_string();
                self.0.push((wire.value(), field));
            }
        }
    }
    let mut arms = Arms(Vec::new());
    syn::visit::Visit::visit_item_impl(&mut arms, read_fields);
    let mut fields = BTreeMap::new();
    for (wire, field) in arms.0 {
        fields.insert(wire, types[&field].clone());
    }
    for kept in ["additional_data", "null_properties"] {
        fields.insert(kept.to_string(), types[kept].clone());
    }
    assert_eq!(fields.len(), types.len(), "every field has a wire name");
    fields
}

#[test]
fn every_property_row_is_a_field_of_the_mapped_type() {
    let text = seed_text();
    let enums = enum_tables(&text);
    let rows = table_rows(&text, "## Properties");
    assert_eq!(rows.len(), 12, "the seed documents 12 properties");
    let fields = generated_fields();
    for row in &rows {
        let (name, docs_type) = (&row[0], type_name(&row[1]));
        let rust = fields
            .get(name)
            .unwrap_or_else(|| panic!("property `{name}` has no field"));
        assert_eq!(
            rust,
            &expected_rust_type(&docs_type, &enums),
            "property `{name}` ({docs_type})"
        );
    }
    // Nothing but the documented properties, `@odata.type`, the unknown-property map and
    // the record of null properties.
    let documented: Vec<&String> = rows.iter().map(|r| &r[0]).collect();
    for wire in fields.keys() {
        assert!(
            documented.contains(&wire)
                || ["@odata.type", "additional_data", "null_properties"].contains(&wire.as_str()),
            "field `{wire}` is not a documented property"
        );
    }
}

#[test]
fn the_four_enums_have_every_member_with_its_exact_wire_string() {
    let text = seed_text();
    let enums = enum_tables(&text);
    let names: Vec<&str> = enums.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "cloudPcDeviceImageErrorCode",
            "cloudPcDeviceImageOsStatus",
            "cloudPcDeviceImageStatus",
            "cloudPcDeviceImageStatusDetails"
        ]
    );
    // Which property holds which enum, from the property table.
    let rows = table_rows(&text, "## Properties");
    let mut checked = 0;
    for (enum_name, members) in &enums {
        let property = rows
            .iter()
            .find(|r| type_name(&r[1]) == *enum_name)
            .map(|r| r[0].clone())
            .unwrap_or_else(|| panic!("no property uses `{enum_name}`"));
        for member in members {
            let input = json!({ property.clone(): member });
            let image: CloudPcDeviceImage = serde_json::from_value(input.clone()).unwrap();
            let debug = format!("{image:?}");
            assert!(
                !debug.contains("Undocumented"),
                "`{member}` of `{enum_name}` is not a documented variant: {debug}"
            );
            assert!(image.additional_data.is_empty());
            assert_eq!(serde_json::to_value(&image).unwrap(), input);
            checked += 1;
        }
    }
    assert_eq!(checked, 4 + 10 + 10 + 4, "members checked");
}

/// A valid sample value for a docs type.
fn sample(docs_type: &str, enums: &BTreeMap<String, Vec<String>>) -> Value {
    match docs_type {
        "String" => json!("Windows 11 Enterprise sample"),
        "Date" => json!("2024-01-31"),
        "DateTimeOffset" => json!("2014-01-01T00:00:00Z"),
        name => json!(
            enums
                .get(name)
                .and_then(|m| m.first())
                .unwrap_or_else(|| panic!("no sample for `{name}`"))
        ),
    }
}

/// The seed's JSON representation with each placeholder replaced by a sample of the
/// table's type.
fn sampled_json_block() -> Value {
    let text = seed_text();
    let enums = enum_tables(&text);
    let types: BTreeMap<String, String> = table_rows(&text, "## Properties")
        .into_iter()
        .map(|r| (r[0].clone(), type_name(&r[1])))
        .collect();
    let block: String = text
        .split("``` json")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the seed has a JSON block")
        .to_string();
    let Value::Object(mut object) = serde_json::from_str::<Value>(&block).unwrap() else {
        panic!("the JSON block is an object");
    };
    for (key, value) in object.iter_mut() {
        if key == "@odata.type" {
            continue;
        }
        let docs_type = types
            .get(key)
            .unwrap_or_else(|| panic!("`{key}` of the JSON block is not in the table"));
        *value = sample(docs_type, &enums);
    }
    Value::Object(object)
}

#[test]
fn the_json_block_round_trips() {
    let block = sampled_json_block();
    assert_eq!(block.as_object().unwrap().len(), 13);
    let image: CloudPcDeviceImage = serde_json::from_value(block.clone()).unwrap();
    assert!(
        image.additional_data.is_empty(),
        "every JSON block property has a field: {:?}",
        image.additional_data
    );
    assert_eq!(
        image.odata_type.as_deref(),
        Some("#microsoft.graph.cloudPcDeviceImage")
    );
    assert_eq!(serde_json::to_value(&image).unwrap(), block);
}

/// A GET response as the service sends one (written for this test).
const GET_RESPONSE: &str = r##"{
  "@odata.context": "https://graph.microsoft.com/beta/$metadata#deviceManagement/virtualEndpoint/deviceImages/$entity",
  "@odata.type": "#microsoft.graph.cloudPcDeviceImage",
  "id": "eda7ed64-7705-4079-9d08-c2bd883f4a9a",
  "displayName": "Contoso Windows 11 Enterprise (engineering)",
  "expirationDate": "2025-06-30",
  "lastModifiedDateTime": "2024-03-12T08:30:15.2871234Z",
  "operatingSystem": "Windows 11 Enterprise",
  "osBuildNumber": "22H2",
  "osStatus": "supportedWithWarning",
  "sourceImageResourceId": "/subscriptions/4f4d5b2a-0c1e-4f0e-9a52-55a3b0c4d7e1/resourceGroups/imaging/providers/Microsoft.Compute/images/engineering-w11",
  "status": "failed",
  "statusDetails": "sourceImageNotGeneralized",
  "errorCode": "sourceImageNotGeneralized",
  "version": "1.5.13"
}"##;

#[test]
fn a_realistic_get_response_round_trips_into_typed_values() {
    let input: Value = serde_json::from_str(GET_RESPONSE).unwrap();
    let image: CloudPcDeviceImage = serde_json::from_str(GET_RESPONSE).unwrap();
    assert_eq!(image.status, Some(CloudPcDeviceImageStatus::Failed));
    assert_eq!(
        image.os_status,
        Some(CloudPcDeviceImageOsStatus::SupportedWithWarning)
    );
    let expiration = image.expiration_date.unwrap();
    assert_eq!(
        (expiration.year(), expiration.month(), expiration.day()),
        (2025, 6, 30)
    );
    let modified = image.last_modified_date_time.unwrap();
    assert_eq!(modified.timestamp_subsec_nanos(), 287_123_400);
    // chrono writes fractions in groups of three digits: same instant, other digits.
    assert_eq!(
        serde_json::to_value(modified).unwrap(),
        json!("2024-03-12T08:30:15.287123400Z")
    );
    // The context annotation is not a property: it is kept, not dropped.
    assert!(image.additional_data.contains_key("@odata.context"));
    let mut expected = input.clone();
    expected["lastModifiedDateTime"] = json!("2024-03-12T08:30:15.287123400Z");
    assert_eq!(serde_json::to_value(&image).unwrap(), expected);
}

#[test]
fn unknown_properties_and_enum_values_survive_a_round_trip() {
    let input = json!({
        "id": "x",
        "status": "quarantined",
        "osStatus": "unknown",
        "newProperty": {"nested": [1, 2.5, "three", null]},
        "@odata.etag": "W/\"3\""
    });
    let image: CloudPcDeviceImage = serde_json::from_value(input.clone()).unwrap();
    let status = image.status.clone().unwrap();
    assert!(matches!(status, CloudPcDeviceImageStatus::Undocumented(_)));
    assert_eq!(status.as_str(), "quarantined");
    assert_eq!(status.to_string(), "quarantined");
    // The docs' own `unknown` member is a variant, not the catch-all.
    assert_eq!(image.os_status, Some(CloudPcDeviceImageOsStatus::Unknown));
    assert_eq!(image.additional_data.len(), 2);
    assert_eq!(serde_json::to_value(&image).unwrap(), input);
}

#[test]
fn parsing_a_known_value_never_yields_the_catch_all() {
    // An undocumented value can only come from parsing, and parsing a documented value
    // always gives its variant, so the catch-all cannot alias a member.
    for wire in ["pending", "ready", "failed", "unknownFutureValue"] {
        let parsed: CloudPcDeviceImageStatus = wire.parse().unwrap();
        assert!(!matches!(parsed, CloudPcDeviceImageStatus::Undocumented(_)));
        assert_eq!(parsed.as_str(), wire);
    }
    let other: CloudPcDeviceImageStatus = "Pending".parse().unwrap();
    assert!(
        matches!(other, CloudPcDeviceImageStatus::Undocumented(_)),
        "wire values are case-sensitive"
    );
}

/// The keys of a written image and what each holds, in order.
fn written(image: &CloudPcDeviceImage) -> Vec<(String, Value)> {
    let text = serde_json::to_string(image).unwrap();
    let object: serde_json::Map<String, Value> = serde_json::from_str(&text).unwrap();
    object.into_iter().collect()
}

#[test]
fn absent_null_and_a_value_are_three_things() {
    // Graph sends `null` for properties without a value; a read model keeps which ones
    // were null, and writes them back so. Absent stays absent.
    let image: CloudPcDeviceImage = serde_json::from_value(
        json!({"id": "x", "errorCode": null, "displayName": "Image", "osBuildNumber": null}),
    )
    .unwrap();
    assert_eq!(image.error_code, None);
    assert_eq!(image.version, None);
    assert_eq!(
        image.null_properties.iter().collect::<Vec<_>>(),
        ["errorCode", "osBuildNumber"]
    );
    assert_eq!(
        written(&image),
        [
            ("id".to_string(), json!("x")),
            ("displayName".to_string(), json!("Image")),
            ("osBuildNumber".to_string(), Value::Null),
            ("errorCode".to_string(), Value::Null),
        ]
    );

    // A PATCH body that sets one property and clears another, in one expression.
    let patch = CloudPcDeviceImage {
        display_name: Some("Renamed".to_string()),
        null_properties: ["version"].into(),
        ..Default::default()
    };
    assert_eq!(
        written(&patch),
        [
            ("displayName".to_string(), json!("Renamed")),
            ("version".to_string(), Value::Null),
        ]
    );
    // A value set later wins over the null mark.
    let mut image = image;
    image.error_code = Some(CloudPcDeviceImageErrorCode::InternalServerError);
    assert!(written(&image).contains(&("errorCode".to_string(), json!("internalServerError"))));
}

#[test]
fn the_seed_reports_its_two_named_disagreements() {
    let run = graphdoc_tests::generate(&[SEED], "generated");
    let found: Vec<(String, usize)> = run
        .diagnostics
        .iter()
        .map(|d| {
            let pos = graphdoc::diagnostics::position(d, &run.sources);
            (d.code.as_str().to_string(), pos.line)
        })
        .collect();
    let text = seed_text();
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    assert!(found.contains(&(
        "GD0303".into(),
        line_of("\"expirationDate\": \"String (timestamp)\"")
    )));
    assert!(found.contains(&("GD0304".into(), line_of("\"statusDetails\": \"String\""))));
    assert!(
        run.diagnostics
            .iter()
            .all(|d| d.severity == graphdoc::diagnostics::Severity::Warning)
    );
}

#[test]
fn any_entity_dispatches_on_odata_type() {
    let image: AnyEntity = serde_json::from_str(GET_RESPONSE).unwrap();
    let AnyEntity::CloudPcDeviceImage(typed) = &image else {
        panic!("`#microsoft.graph.cloudPcDeviceImage` dispatches to its struct: {image:?}");
    };
    assert_eq!(typed.status, Some(CloudPcDeviceImageStatus::Failed));
    let mut input: Value = serde_json::from_str(GET_RESPONSE).unwrap();
    input["lastModifiedDateTime"] = json!("2024-03-12T08:30:15.287123400Z");
    assert_eq!(serde_json::to_value(&image).unwrap(), input);

    let plain: AnyEntity = serde_json::from_value(json!({"id": "1"})).unwrap();
    assert!(
        matches!(plain, AnyEntity::Entity(_)),
        "no @odata.type reads as the base"
    );

    let foreign = json!({"@odata.type": "#microsoft.graph.somethingNew", "id": "2", "x": [1]});
    let other: AnyEntity = serde_json::from_value(foreign.clone()).unwrap();
    let AnyEntity::Other(base) = &other else {
        panic!("an undescribed type reads as the base type: {other:?}");
    };
    assert_eq!(
        base.id.as_deref(),
        Some("2"),
        "its base properties are typed"
    );
    assert_eq!(other.id(), Some("2"));
    assert_eq!(other.odata_type(), Some("#microsoft.graph.somethingNew"));
    assert_eq!(other.additional_data()["x"], json!([1]));
    assert_eq!(serde_json::to_value(&other).unwrap(), foreign);
}
