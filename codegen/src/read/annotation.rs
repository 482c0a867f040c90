//! The annotations of the docs: an HTML comment holding a JSON object, such as
//! `<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.x" } -->` above a
//! resource's JSON representation, or `<!-- { "blockType": "response", "truncated": true }
//! -->` above an example. One reader for both kinds: the comment is found, read leniently
//! (comments, trailing commas, HTML entities, unquoted keys, booleans written as strings)
//! and returned typed, with the page span of each field and each repair.

use std::ops::Range;

use serde_json::{Map, Value};

use super::lenient_json::{self, JsonError, LenientJson, Repair};

/// What an annotation says its block is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockType {
    /// A resource's JSON representation.
    Resource,
    Request,
    Response,
    /// A bare JSON body, such as a request body shown on its own.
    Example,
    Ignored,
    /// Any other block type (`samples`, `enum`, …), lower-cased.
    Other(String),
}

impl BlockType {
    pub fn parse(text: &str) -> BlockType {
        match text.trim().to_ascii_lowercase().as_str() {
            "resource" => BlockType::Resource,
            "request" => BlockType::Request,
            "response" => BlockType::Response,
            "example" => BlockType::Example,
            "ignored" => BlockType::Ignored,
            other => BlockType::Other(other.to_string()),
        }
    }
}

/// A string field of an annotation and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// The value, trimmed.
    pub value: String,
    /// The key as written (`@odata.type` or `@type`, in its own case).
    pub key: String,
    /// Page span of the key, quotes included.
    pub key_span: Range<usize>,
    /// Page span of the value's text without its quotes (the trimmed text when the value
    /// is written without escapes).
    pub value_span: Range<usize>,
}

/// A boolean written as a string (`"openType": "true"`): read, and worth a warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringBoolean {
    /// The key as written.
    pub key: String,
    /// The string as written.
    pub written: String,
    pub key_span: Range<usize>,
}

/// A parsed annotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    /// The whole comment's span in the page.
    pub span: Range<usize>,
    pub block_type: BlockType,
    /// `@odata.type`, or `@type` when that is all it gives (the first that is not empty).
    pub odata_type: Option<Text>,
    pub key_property: Option<Text>,
    pub base_type: Option<Text>,
    pub name: Option<Text>,
    pub open_type: bool,
    pub is_abstract: bool,
    pub is_collection: bool,
    pub truncated: bool,
    pub is_empty: bool,
    pub expect_error: bool,
    pub optional_properties: Vec<String>,
    /// The booleans written as strings, in page order.
    pub string_booleans: Vec<StringBoolean>,
    /// Departures from strict JSON that were repaired, at page offsets.
    pub repairs: Vec<Repair>,
}

/// A comment that looks like an annotation but is not JSON even leniently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    /// The error, its offset a page offset.
    pub error: JsonError,
    /// Whether the text mentions `blockType`: it was meant as an annotation.
    pub mentions_block_type: bool,
    /// Whether the text mentions `"resource"`: it was meant as a resource annotation.
    pub mentions_resource: bool,
}

/// Reads the HTML comment at `span` of `page` as an annotation. `None` when it is another
/// kind of comment: no `{` after `<!--`, not an object, or no string `blockType`.
pub fn read(page: &str, span: Range<usize>) -> Option<Result<Annotation, Unreadable>> {
    let html = page.get(span.clone())?;
    let open = html.find("<!--")? + 4;
    let close = html[open..].find("-->").map_or(html.len(), |i| open + i);
    let inner = &html[open..close];
    if !inner.trim_start().starts_with('{') {
        return None;
    }
    let base = span.start + open;
    let parsed = match lenient_json::parse_annotation(inner) {
        Ok(parsed) => parsed,
        Err(error) => {
            let lower = decoded_lowercase(inner);
            return Some(Err(Unreadable {
                error: JsonError::new(base + error.offset, error.message),
                mentions_block_type: lower.contains("blocktype"),
                mentions_resource: lower.contains("\"resource\""),
            }));
        }
    };
    let Value::Object(fields) = &parsed.value else {
        return None;
    };
    let reader = Fields {
        fields,
        parsed: &parsed,
        page,
        base,
    };
    let block_type = BlockType::parse(reader.get("blockType")?.1.as_str()?);
    let mut string_booleans = Vec::new();
    let mut flag = |key: &str| reader.flag(key, &mut string_booleans);
    let open_type = flag("openType");
    let is_abstract = flag("abstract");
    let is_collection = flag("isCollection");
    let truncated = flag("truncated");
    let is_empty = flag("isEmpty");
    let expect_error = flag("expectError");
    string_booleans.sort_by_key(|b| b.key_span.start);
    let optional_properties = reader
        .get("optionalProperties")
        .and_then(|(_, v)| v.as_array())
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    Some(Ok(Annotation {
        span,
        block_type,
        odata_type: reader.text("@odata.type").or_else(|| reader.text("@type")),
        key_property: reader.text("keyProperty"),
        base_type: reader.text("baseType"),
        name: reader.text("name"),
        open_type,
        is_abstract,
        is_collection,
        truncated,
        is_empty,
        expect_error,
        optional_properties,
        string_booleans,
        repairs: parsed.repairs.iter().map(|r| r.shifted(base)).collect(),
    }))
}

/// The text lower-cased with its quote entities decoded, to judge what a broken comment
/// was meant to be.
fn decoded_lowercase(text: &str) -> String {
    text.to_ascii_lowercase()
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#x22;", "\"")
}

/// Looks fields up by name, the exact spelling first and then in any case.
struct Fields<'a> {
    fields: &'a Map<String, Value>,
    parsed: &'a LenientJson,
    page: &'a str,
    /// Page offset of the parsed text.
    base: usize,
}

impl<'a> Fields<'a> {
    fn get(&self, key: &str) -> Option<(&'a str, &'a Value)> {
        self.fields
            .get_key_value(key)
            .or_else(|| {
                self.fields
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(key))
            })
            .map(|(k, v)| (k.as_str(), v))
    }

    fn shift(&self, range: Range<usize>) -> Range<usize> {
        self.base + range.start..self.base + range.end
    }

    fn key_span(&self, key: &str) -> Range<usize> {
        match self.parsed.key_span(key) {
            Some(span) => self.shift(span),
            None => self.base..self.base + key.len() + 2,
        }
    }

    /// A string field that is not empty once trimmed.
    fn text(&self, key: &str) -> Option<Text> {
        let (key, value) = self.get(key)?;
        let value = value.as_str()?.trim();
        if value.is_empty() {
            return None;
        }
        let key_span = self.key_span(key);
        let written = self
            .parsed
            .members
            .get(key)
            .map(|m| self.shift(m.value.clone()))
            .unwrap_or(key_span.clone());
        // Inside the quotes, and at the trimmed text when it is written as it reads.
        let value_span = match self.page.get(written.clone()) {
            Some(raw) => match raw.find(value) {
                Some(i) => written.start + i..written.start + i + value.len(),
                None if raw.len() >= 2 => written.start + 1..written.end - 1,
                None => written,
            },
            None => written,
        };
        Some(Text {
            value: value.to_string(),
            key: key.to_string(),
            key_span,
            value_span,
        })
    }

    /// A boolean field: `true`, or a string that reads `true` (noted in `strings`).
    fn flag(&self, key: &str, strings: &mut Vec<StringBoolean>) -> bool {
        match self.get(key) {
            Some((_, Value::Bool(b))) => *b,
            Some((key, Value::String(s)))
                if s.trim().eq_ignore_ascii_case("true")
                    || s.trim().eq_ignore_ascii_case("false") =>
            {
                strings.push(StringBoolean {
                    key: key.to_string(),
                    written: s.clone(),
                    key_span: self.key_span(key),
                });
                s.trim().eq_ignore_ascii_case("true")
            }
            _ => false,
        }
    }
}

impl Annotation {
    /// Where the annotation names its type, or the whole comment when it names none.
    pub fn type_span(&self) -> Range<usize> {
        self.odata_type
            .as_ref()
            .map_or(self.span.clone(), |t| t.value_span.clone())
    }

    /// The annotated type without `Collection(…)`, and whether the body is a collection
    /// (by `isCollection` or by `Collection(x)`).
    pub fn target(&self) -> Option<(&str, bool)> {
        let text = self.odata_type.as_ref()?.value.as_str();
        let inner = text
            .get(..11)
            .filter(|p| p.eq_ignore_ascii_case("collection("))
            .and_then(|_| text[11..].strip_suffix(')'));
        Some(match inner {
            Some(inner) => (inner.trim(), true),
            None => (text, self.is_collection),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(page: &str) -> Option<Result<Annotation, Unreadable>> {
        read(page, 0..page.len())
    }

    fn annotation(page: &str) -> Annotation {
        whole(page).expect("an annotation").expect("readable")
    }

    #[test]
    fn a_resource_annotation_is_typed_with_spans() {
        let page = r#"<!-- { "blockType": "resource", "keyProperty": "id", "optionalProperties": ["a"],
  "@odata.type": "microsoft.graph.kettle", "baseType": "microsoft.graph.entity", "openType": "true" } -->"#;
        let a = annotation(page);
        assert_eq!(a.block_type, BlockType::Resource);
        let ty = a.odata_type.as_ref().unwrap();
        assert_eq!(ty.value, "microsoft.graph.kettle");
        assert_eq!(&page[ty.key_span.clone()], "\"@odata.type\"");
        assert_eq!(&page[ty.value_span.clone()], "microsoft.graph.kettle");
        assert_eq!(a.key_property.as_ref().unwrap().value, "id");
        assert_eq!(
            a.base_type.as_ref().unwrap().value,
            "microsoft.graph.entity"
        );
        assert_eq!(a.optional_properties, ["a"]);
        assert!(a.open_type && !a.is_abstract);
        assert_eq!(a.string_booleans.len(), 1);
        assert_eq!(&page[a.string_booleans[0].key_span.clone()], "\"openType\"");
        assert!(a.repairs.is_empty());
        assert_eq!(a.span, 0..page.len());
    }

    #[test]
    fn an_example_annotation_reads_its_flags_in_any_case() {
        let page = r#"<!-- { "BlockType": "Response", "truncated": "true", "isCollection": true,
  "@odata.type": "Collection(microsoft.graph.widget)", "name": "get_widget", } -->"#;
        let a = annotation(page);
        assert_eq!(a.block_type, BlockType::Response);
        assert!(a.truncated && a.is_collection && !a.is_empty && !a.expect_error);
        assert_eq!(a.target(), Some(("microsoft.graph.widget", true)));
        assert_eq!(a.name.as_ref().unwrap().value, "get_widget");
        assert_eq!(a.repairs.len(), 1);
        assert_eq!(&page[a.repairs[0].offset..][..1], ",");
    }

    #[test]
    fn html_escaped_quotes_are_repaired_and_spans_stay_in_the_page() {
        let page = "intro\n<!-- { &quot;blockType&quot;: &quot;resource&quot;, \"@type&quot;: &quot;microsoft.graph.x&quot; } -->";
        let start = page.find("<!--").unwrap();
        let a = read(page, start..page.len()).unwrap().unwrap();
        assert_eq!(a.block_type, BlockType::Resource);
        let ty = a.odata_type.unwrap();
        assert_eq!(ty.key, "@type");
        assert_eq!(ty.value, "microsoft.graph.x");
        assert_eq!(&page[ty.value_span.clone()], "microsoft.graph.x");
        assert_eq!(&page[ty.key_span.clone()], "\"@type&quot;");
        assert_eq!(a.repairs.len(), 1);
        assert_eq!(&page[a.repairs[0].offset..][..6], "&quot;");
        assert!(a.repairs[0].what.contains("`&quot;`"));
    }

    #[test]
    fn unquoted_keys_are_repaired() {
        let page = "<!-- {\n  blockType: \"response\",\n  truncated: true,\n  \"@odata.type\": \"microsoft.graph.user\"\n} -->";
        let a = annotation(page);
        assert_eq!(a.block_type, BlockType::Response);
        assert!(a.truncated);
        let whats: Vec<_> = a.repairs.iter().map(|r| r.what.as_str()).collect();
        assert_eq!(
            whats,
            [
                "the unquoted key `blockType`",
                "the unquoted key `truncated`"
            ]
        );
        assert_eq!(&page[a.repairs[1].offset..][..9], "truncated");
    }

    #[test]
    fn other_comments_are_not_annotations() {
        for page in [
            "<!-- markdownlint-disable -->",
            "<!-- [1, 2] -->",
            "<!-- { \"type\": \"x\" } -->",
            "<!-- { \"blockType\": 3 } -->",
            "<p>no comment</p>",
        ] {
            assert!(whole(page).is_none(), "{page}");
        }
    }

    #[test]
    fn broken_annotations_say_what_they_meant() {
        let page = "<!-- { \"blockType\": \"resource\" \"x\": 1 } -->";
        let broken = whole(page).unwrap().unwrap_err();
        assert!(broken.mentions_block_type && broken.mentions_resource);
        assert_eq!(&page[broken.error.offset..][..3], "\"x\"");
        let escaped = "<!-- { &quot;blockType&quot;: &quot;resource&quot; &quot;x&quot;: 1 } -->";
        let broken = whole(escaped).unwrap().unwrap_err();
        assert!(broken.mentions_resource);
        assert_eq!(&escaped[broken.error.offset..][..6], "&quot;");
    }

    #[test]
    fn empty_types_fall_back_to_at_type_and_hostile_text_does_not_panic() {
        let a = annotation(
            "<!-- { \"blockType\": \"resource\", \"@odata.type\": \" \", \"@type\": \"x.y\" } -->",
        );
        assert_eq!(a.odata_type.unwrap().key, "@type");
        for page in [
            "<!-- {",
            "<!-- { &quot;",
            "<!-- {\"blockType\": \"resource\", \"@odata.type\": \"a\\u0062\"} -->",
            "<!-- {blockType:",
            "<!-- {\u{2019}: 1} -->",
        ] {
            let _ = whole(page);
        }
        let escaped =
            annotation("<!-- {\"blockType\": \"response\", \"@odata.type\": \"a\\u0062\"} -->");
        assert_eq!(escaped.odata_type.unwrap().value, "ab");
    }
}
