//! Reads the Type cell of a property table.

use crate::model::Primitive;

use super::markdown::Cell;

/// What a type cell names, before resolution.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CellType {
    Primitive(Primitive),
    /// A type name as written, possibly namespace-qualified.
    Named {
        name: String,
        /// False when the name came from a link target (file names are lower case),
        /// so resolution may ignore case without a warning.
        exact_case: bool,
    },
    /// Text that names no type.
    Unreadable(String),
    Empty,
}

/// A type cell's meaning.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TypeCell {
    pub ty: CellType,
    pub collection: bool,
}

/// The primitive a remark such as `timestamp` in `String (timestamp)` names.
pub fn hint(remark: &str) -> Option<Primitive> {
    Some(match remark.trim().to_ascii_lowercase().as_str() {
        "timestamp" | "datetime" | "datetimeoffset" => Primitive::DateTimeOffset,
        "date" => Primitive::Date,
        "time" | "timeofday" => Primitive::TimeOfDay,
        "duration" => Primitive::Duration,
        "guid" | "uuid" => Primitive::Guid,
        "binary" | "base64" => Primitive::Binary,
        _ => return None,
    })
}

/// The primitive named by a docs spelling, in any case and with or without `Edm.`.
pub fn primitive(text: &str) -> Option<Primitive> {
    let lower = text.trim().to_ascii_lowercase();
    let lower = lower.strip_prefix("edm.").unwrap_or(&lower);
    Some(match lower {
        "string" => Primitive::String,
        "boolean" | "bool" => Primitive::Boolean,
        "byte" => Primitive::Byte,
        "sbyte" => Primitive::SByte,
        "int16" => Primitive::Int16,
        "int32" | "int" | "integer" => Primitive::Int32,
        "int64" | "long" => Primitive::Int64,
        "single" | "float" => Primitive::Single,
        "double" => Primitive::Double,
        "decimal" => Primitive::Decimal,
        "datetimeoffset" | "datetime" | "timestamp" => Primitive::DateTimeOffset,
        "date" => Primitive::Date,
        "timeofday" => Primitive::TimeOfDay,
        "duration" => Primitive::Duration,
        "guid" => Primitive::Guid,
        "binary" => Primitive::Binary,
        "stream" => Primitive::Stream,
        "json" | "json object" | "untyped json object" => Primitive::Json,
        _ => return None,
    })
}

/// Whether text is a (possibly dotted) identifier that can name a type.
pub fn is_type_name(text: &str) -> bool {
    !text.is_empty()
        && text.split('.').all(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

pub fn parse(cell: &Cell) -> TypeCell {
    let mut text = cell.plain.trim();
    let mut collection = false;
    // `[x][]`: a reference link without a definition stays literal text.
    // `[x](x.md` with its parenthesis unclosed is no link either.
    if let Some((name, rest)) = text.strip_prefix('[').and_then(|t| t.split_once(']'))
        && (rest.is_empty() || rest == "[]" || rest.starts_with('('))
    {
        text = name.trim();
    }
    if let Some(inner) = strip_prefix_ignore_case(text, "collection of ") {
        text = inner.trim();
        collection = true;
    }
    if let Some(inner) =
        strip_prefix_ignore_case(text, "collection(").and_then(|t| t.strip_suffix(')'))
    {
        text = inner.trim();
        collection = true;
    }
    // Some cells say it twice (`routingPolicy collection collection`).
    while let Some(inner) = [" collection", " collections"]
        .iter()
        .find_map(|suffix| strip_suffix_ignore_case(text, suffix))
    {
        text = inner.trim();
        collection = true;
    }
    // `fileHashType enum`: the name followed by what kind of type it is.
    if let Some(inner) = strip_suffix_ignore_case(text, " enum") {
        text = inner.trim();
    }
    // `string (url)`, `String (timestamp)`: a type followed by a remark.
    let mut hinted = None;
    if let Some((head, remark)) = text.split_once(" (")
        && let Some(remark) = remark.strip_suffix(')')
        && (primitive(head).is_some() || is_type_name(head.trim()))
    {
        hinted = hint(remark);
        text = head.trim();
    }
    if let (Some(p), Some(Primitive::String)) = (hinted, primitive(text)) {
        return TypeCell {
            ty: CellType::Primitive(p),
            collection,
        };
    }
    let ty = if text.is_empty() {
        CellType::Empty
    } else if let Some(p) = primitive(text) {
        CellType::Primitive(p)
    } else if is_type_name(text) {
        CellType::Named {
            name: text.to_string(),
            exact_case: true,
        }
    } else if let Some(stem) = cell.links.iter().find_map(|l| link_stem(l)) {
        CellType::Named {
            name: stem,
            exact_case: false,
        }
    } else {
        CellType::Unreadable(text.to_string())
    };
    TypeCell { ty, collection }
}

/// The file stem of a link to a resource page, such as `x` for `../resources/x.md#y`.
fn link_stem(link: &str) -> Option<String> {
    let path = link.split('#').next()?;
    let file = path.rsplit('/').next()?;
    let stem = file.strip_suffix(".md")?;
    is_type_name(stem).then(|| stem.to_string())
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

fn strip_suffix_ignore_case<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    let start = text.len().checked_sub(suffix.len())?;
    let tail = text.get(start..)?;
    tail.eq_ignore_ascii_case(suffix).then(|| &text[..start])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(plain: &str, links: &[&str]) -> Cell {
        Cell {
            plain: plain.into(),
            links: links.iter().map(|l| l.to_string()).collect(),
            ..Cell::default()
        }
    }

    #[test]
    fn primitives_in_any_spelling() {
        for (text, p) in [
            ("String", Primitive::String),
            ("Edm.Int64", Primitive::Int64),
            ("edm.dateTimeOffset", Primitive::DateTimeOffset),
            ("BOOLEAN", Primitive::Boolean),
            ("TimeOfDay", Primitive::TimeOfDay),
        ] {
            assert_eq!(parse(&cell(text, &[])).ty, CellType::Primitive(p), "{text}");
        }
    }

    #[test]
    fn collections_both_ways() {
        let a = parse(&cell("Collection(Edm.String)", &[]));
        let b = parse(&cell("cloudPcDeviceImage collection", &["x.md"]));
        assert!(a.collection && b.collection);
        assert_eq!(a.ty, CellType::Primitive(Primitive::String));
        assert_eq!(
            b.ty,
            CellType::Named {
                name: "cloudPcDeviceImage".into(),
                exact_case: true
            }
        );
    }

    #[test]
    fn link_target_names_the_type_when_the_text_cannot() {
        let t = parse(&cell(
            "Device image",
            &["../resources/cloudpcdeviceimage.md"],
        ));
        assert_eq!(
            t.ty,
            CellType::Named {
                name: "cloudpcdeviceimage".into(),
                exact_case: false
            }
        );
    }

    #[test]
    fn remarks_reference_links_and_doubled_collections() {
        assert_eq!(
            parse(&cell("string (url)", &[])).ty,
            CellType::Primitive(Primitive::String)
        );
        assert_eq!(
            parse(&cell("String (timestamp)", &[])).ty,
            CellType::Primitive(Primitive::DateTimeOffset)
        );
        let doubled = parse(&cell("routingPolicy collection collection", &[]));
        assert!(doubled.collection);
        assert_eq!(
            doubled.ty,
            CellType::Named {
                name: "routingPolicy".into(),
                exact_case: true
            }
        );
        assert_eq!(
            parse(&cell("[identitySet][]", &[])).ty,
            CellType::Named {
                name: "identitySet".into(),
                exact_case: true
            }
        );
        assert_eq!(
            parse(&cell("A or B", &[])).ty,
            CellType::Unreadable("A or B".into())
        );
    }

    #[test]
    fn free_text_is_unreadable_and_empty_is_empty() {
        assert_eq!(
            parse(&cell("see below", &[])).ty,
            CellType::Unreadable("see below".into())
        );
        assert_eq!(parse(&cell("  ", &[])).ty, CellType::Empty);
    }
}
