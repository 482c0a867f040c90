//! What a value in a JSON representation block says about a property's type.
//! The blocks use placeholders (`"String"`, `"String (timestamp)"`, `"Int32"`,
//! `{"@odata.type": "microsoft.graph.x"}`) and sometimes sample values.

use serde_json::Value;

use crate::model::{Primitive, TypeRef};
use crate::read::type_cell;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonType {
    /// A placeholder naming a primitive, such as `"Int32"` or `"String (timestamp)"`.
    Primitive(Primitive),
    /// The bare `"String"` placeholder: says only that the value is a string.
    StringPlaceholder,
    /// A qualified type name, as a string placeholder or an object's `@odata.type`.
    Named(String),
    /// A sample string value rather than a placeholder.
    StringSample,
    /// A sample number.
    Number {
        integer: bool,
    },
    Boolean,
    /// An object that names no type.
    Object,
    /// `null`, an empty array or anything else that says nothing.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonShape {
    pub ty: JsonType,
    pub collection: bool,
}

impl JsonShape {
    /// The value as it reads in the block, for messages.
    pub fn describe(value: &Value) -> String {
        let text = value.to_string();
        if text.chars().count() > 60 {
            format!("{}…", text.chars().take(60).collect::<String>())
        } else {
            text
        }
    }
}

pub fn interpret(value: &Value) -> JsonShape {
    match value {
        Value::Array(items) => JsonShape {
            ty: items
                .first()
                .map_or(JsonType::Unknown, |first| interpret(first).ty),
            collection: true,
        },
        single => JsonShape {
            ty: interpret_single(single),
            collection: false,
        },
    }
}

fn interpret_single(value: &Value) -> JsonType {
    match value {
        Value::String(text) => interpret_string(text),
        Value::Bool(_) => JsonType::Boolean,
        Value::Number(n) => JsonType::Number {
            integer: n.is_i64() || n.is_u64(),
        },
        Value::Object(fields) => match fields.get("@odata.type").and_then(Value::as_str) {
            Some(name) => JsonType::Named(name.trim_start_matches('#').to_string()),
            None => JsonType::Object,
        },
        Value::Null | Value::Array(_) => JsonType::Unknown,
    }
}

fn interpret_string(text: &str) -> JsonType {
    let text = text.trim();
    let (head, hint) = match text.split_once('(') {
        Some((head, rest)) => (head.trim(), Some(rest.trim_end_matches(')').trim())),
        None => (text, None),
    };
    if let Some(hint) = hint {
        let hinted = type_cell::hint(hint);
        if let Some(p) = hinted {
            return JsonType::Primitive(p);
        }
        // Other hints (`identifier`, `url`, ...) describe a plain string.
        if type_cell::primitive(head) == Some(Primitive::String) {
            return JsonType::StringPlaceholder;
        }
    }
    match type_cell::primitive(head) {
        Some(Primitive::String) => JsonType::StringPlaceholder,
        Some(p) => JsonType::Primitive(p),
        None if head.contains('.') && type_cell::is_type_name(head.trim_start_matches('#')) => {
            JsonType::Named(head.trim_start_matches('#').to_string())
        }
        None => JsonType::StringSample,
    }
}

/// How a JSON block's value relates to the table's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agreement {
    Agrees,
    /// The block says only "String" where the table is more specific.
    StringPlaceholder,
    Disagrees,
}

/// Compares a table type with a JSON shape. `named_matches` says whether a JSON type name
/// denotes the table's named type.
pub fn agreement(
    table: &TypeRef,
    table_collection: bool,
    json: &JsonShape,
    named_matches: impl Fn(&str) -> bool,
) -> Agreement {
    if json.ty == JsonType::Unknown && json.collection == table_collection {
        return Agreement::Agrees;
    }
    if json.collection != table_collection {
        return Agreement::Disagrees;
    }
    // Every primitive JSON writes as a string.
    let string_typed =
        |p: Primitive| matches!(p, Primitive::String | Primitive::Stream) || p.is_string_encoded();
    let agrees = match (table, &json.ty) {
        (TypeRef::Primitive(Primitive::Json), _) => true,
        (_, JsonType::Unknown) => true,
        (TypeRef::Primitive(Primitive::String), JsonType::StringPlaceholder) => true,
        (TypeRef::Primitive(p), JsonType::StringPlaceholder) if string_typed(*p) => {
            return Agreement::StringPlaceholder;
        }
        (TypeRef::Enum(_), JsonType::StringPlaceholder) => return Agreement::StringPlaceholder,
        (TypeRef::Primitive(p), JsonType::StringSample) => string_typed(*p),
        (TypeRef::Enum(_), JsonType::StringSample) => true,
        (TypeRef::Primitive(p), JsonType::Primitive(q)) => p == q,
        (TypeRef::Primitive(p), JsonType::Number { integer }) => {
            // Any number fits a floating-point type; only whole numbers fit an integer type.
            p.is_numeric() && (*integer || !p.is_integer())
        }
        (TypeRef::Primitive(Primitive::Boolean), JsonType::Boolean) => true,
        (TypeRef::Struct(_), JsonType::Object) => true,
        (TypeRef::Struct(_) | TypeRef::Enum(_), JsonType::Named(name)) => named_matches(name),
        _ => false,
    };
    if agrees {
        Agreement::Agrees
    } else {
        Agreement::Disagrees
    }
}

/// The type a JSON-only property gets from its block value, when it names one directly.
pub fn primitive_type(shape: &JsonShape) -> Option<Primitive> {
    Some(match &shape.ty {
        JsonType::Primitive(p) => *p,
        JsonType::StringPlaceholder | JsonType::StringSample => Primitive::String,
        JsonType::Number { integer: true } => Primitive::Int64,
        JsonType::Number { integer: false } => Primitive::Double,
        JsonType::Boolean => Primitive::Boolean,
        JsonType::Object | JsonType::Unknown => Primitive::Json,
        JsonType::Named(_) => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn shape(value: Value) -> JsonShape {
        interpret(&value)
    }

    #[test]
    fn placeholders() {
        assert_eq!(shape(json!("String")).ty, JsonType::StringPlaceholder);
        assert_eq!(
            shape(json!("String (identifier)")).ty,
            JsonType::StringPlaceholder
        );
        assert_eq!(
            shape(json!("String (timestamp)")).ty,
            JsonType::Primitive(Primitive::DateTimeOffset)
        );
        assert_eq!(
            shape(json!("Edm.Int32")).ty,
            JsonType::Primitive(Primitive::Int32)
        );
        assert_eq!(
            shape(json!({"@odata.type": "microsoft.graph.x"})).ty,
            JsonType::Named("microsoft.graph.x".into())
        );
        assert_eq!(shape(json!("Windows 10")).ty, JsonType::StringSample);
        let list = shape(json!(["String"]));
        assert!(list.collection);
    }

    #[test]
    fn agreement_rules() {
        let never = |_: &str| false;
        let date = TypeRef::Primitive(Primitive::Date);
        let stamp = shape(json!("String (timestamp)"));
        assert_eq!(agreement(&date, false, &stamp, never), Agreement::Disagrees);
        let dto = TypeRef::Primitive(Primitive::DateTimeOffset);
        assert_eq!(agreement(&dto, false, &stamp, never), Agreement::Agrees);
        let e = TypeRef::Enum(crate::model::QualifiedName::new("microsoft.graph", "x"));
        assert_eq!(
            agreement(&e, false, &shape(json!("String")), never),
            Agreement::StringPlaceholder
        );
        let int = TypeRef::Primitive(Primitive::Int32);
        assert_eq!(
            agreement(&int, false, &shape(json!(3)), never),
            Agreement::Agrees
        );
        assert_eq!(
            agreement(&int, false, &shape(json!(3.5)), never),
            Agreement::Disagrees
        );
        assert_eq!(
            agreement(&int, true, &shape(json!(3)), never),
            Agreement::Disagrees
        );
    }
}
