//! JSON as the docs write it: strict JSON plus `//` and `/* */` comments and trailing
//! commas, each repair reported so the page can be fixed. Annotations (HTML comments) are
//! read more forgivingly still: HTML entities (`&quot;`) and unquoted keys (`truncated:
//! true`) are repaired too, as a person reading the page would. Every offset, of a repair,
//! a key, a value or an error, is one in the text as written.

use std::collections::BTreeMap;
use std::ops::Range;

use serde_json::Value;

use crate::source::{FileId, Loc};

/// A departure from strict JSON that was repaired.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Repair {
    /// Byte offset in the parsed text.
    pub offset: usize,
    /// What was repaired, in words: "a trailing comma".
    pub what: String,
    /// How to write it as strict JSON.
    pub help: String,
}

impl Repair {
    fn new(offset: usize, what: impl Into<String>, help: impl Into<String>) -> Repair {
        Repair {
            offset,
            what: what.into(),
            help: help.into(),
        }
    }

    /// The same repair, its offset moved by `base` (from a block's text to its page).
    pub fn shifted(&self, base: usize) -> Repair {
        Repair {
            offset: base + self.offset,
            ..self.clone()
        }
    }
}

const REMOVE: &str = "remove it so that strict JSON readers accept the block";

/// Why a text is not JSON (even leniently), and where: the one JSON error of graphdoc,
/// used for annotations, JSON representations and example bodies alike.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// Byte offset in the parsed text.
    pub offset: usize,
    pub message: String,
}

impl JsonError {
    pub fn new(offset: usize, message: impl Into<String>) -> JsonError {
        JsonError {
            offset,
            message: message.into(),
        }
    }

    /// Where the error is in a page whose parsed text starts at `base`.
    pub fn loc(&self, file: FileId, base: usize) -> Loc {
        let at = base + self.offset;
        Loc::new(file, at..at + 1)
    }
}

/// Where one member of the top-level object is written.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MemberSpan {
    /// The key, quotes included (or the bare key, when it was unquoted).
    pub key: Range<usize>,
    /// The value as written, quotes included for a string.
    pub value: Range<usize>,
}

/// A parsed JSON text and where its top-level object's members are.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LenientJson {
    #[serde(with = "value_as_text")]
    pub value: Value,
    pub repairs: Vec<Repair>,
    /// Each key of the top-level object (the first, if given twice) and where it is.
    pub members: BTreeMap<String, MemberSpan>,
}

/// A JSON value stored as its text in the page cache, whose binary format cannot hold a
/// self-describing value.
mod value_as_text {
    use serde::{Deserialize, Deserializer, Serializer};
    use serde_json::Value;

    pub fn serialize<S: Serializer>(value: &Value, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&value.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
        let text = String::deserialize(deserializer)?;
        serde_json::from_str(&text).map_err(serde::de::Error::custom)
    }
}

impl LenientJson {
    /// The span of a top-level key, quotes included.
    pub fn key_span(&self, key: &str) -> Option<Range<usize>> {
        self.members.get(key).map(|m| m.key.clone())
    }
}

/// How forgiving a parse is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Leniency {
    /// Decode HTML entities (`&quot;`, `&#34;`, `&amp;`, …): pages copied through an HTML
    /// escaper have them in their comments.
    pub html_entities: bool,
    /// Quote keys written bare (`truncated: true`).
    pub unquoted_keys: bool,
}

impl Leniency {
    /// For the annotations in HTML comments.
    pub const ANNOTATION: Leniency = Leniency {
        html_entities: true,
        unquoted_keys: true,
    };
}

/// Parses `text` as JSON, repairing comments and trailing commas.
pub fn parse(text: &str) -> Result<LenientJson, JsonError> {
    parse_with(text, Leniency::default())
}

/// Parses an annotation's text: as [`parse`], and HTML entities and unquoted keys too.
pub fn parse_annotation(text: &str) -> Result<LenientJson, JsonError> {
    parse_with(text, Leniency::ANNOTATION)
}

/// Parses `text` as JSON with the repairs `leniency` allows.
pub fn parse_with(text: &str, leniency: Leniency) -> Result<LenientJson, JsonError> {
    let cleaned = Cleaner::run(text, leniency);
    match serde_json::from_str::<Value>(&cleaned.text) {
        Ok(value) => Ok(LenientJson {
            value,
            members: top_level_members(&cleaned.text)
                .into_iter()
                .map(|(key, span)| {
                    let span = MemberSpan {
                        key: cleaned.original_range(span.key),
                        value: cleaned.original_range(span.value),
                    };
                    (key, span)
                })
                .fold(BTreeMap::new(), |mut members, (key, span)| {
                    members.entry(key).or_insert(span);
                    members
                }),
            repairs: cleaned.repairs,
        }),
        Err(error) => Err(JsonError::new(
            cleaned.original(offset_of(&cleaned.text, error.line(), error.column())),
            strip_position(&error.to_string()),
        )),
    }
}

/// The repaired text, and the way back from its offsets to those of the original.
struct Cleaned {
    text: String,
    /// `(offset in text, offset in the original)` wherever the two start to differ.
    map: Vec<(usize, usize)>,
    repairs: Vec<Repair>,
}

impl Cleaned {
    fn original(&self, offset: usize) -> usize {
        let i = self.map.partition_point(|(cleaned, _)| *cleaned <= offset);
        let (cleaned, original) = self.map[i.saturating_sub(1)];
        original + offset.saturating_sub(cleaned)
    }

    fn original_range(&self, range: Range<usize>) -> Range<usize> {
        let start = self.original(range.start);
        let end = self.original(range.end);
        start..end.max(start)
    }
}

/// Builds the repaired text one piece at a time.
struct Cleaner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    leniency: Leniency,
    out: Vec<u8>,
    map: Vec<(usize, usize)>,
    repairs: Vec<Repair>,
    /// The HTML entities decoded, in order of first appearance, and where the first was.
    entities: Vec<&'a str>,
    first_entity: Option<usize>,
    /// The last byte written outside strings that is not white space.
    last_significant: Option<u8>,
}

impl<'a> Cleaner<'a> {
    fn run(text: &'a str, leniency: Leniency) -> Cleaned {
        let mut cleaner = Cleaner {
            text,
            bytes: text.as_bytes(),
            leniency,
            out: Vec::with_capacity(text.len()),
            map: vec![(0, 0)],
            repairs: Vec::new(),
            entities: Vec::new(),
            first_entity: None,
            last_significant: None,
        };
        cleaner.clean();
        if let Some(offset) = cleaner.first_entity {
            let list = cleaner
                .entities
                .iter()
                .map(|e| format!("`{e}`"))
                .collect::<Vec<_>>()
                .join(", ");
            cleaner.repairs.push(Repair::new(
                offset,
                format!("HTML-escaped characters ({list})"),
                "write the characters themselves (`\"` for `&quot;`): the page was HTML-escaped",
            ));
            cleaner.repairs.sort_by_key(|r| r.offset);
        }
        // Only ASCII bytes were replaced or inserted, and whole entities decoded to whole
        // characters, so the text is still UTF-8.
        let text = String::from_utf8(cleaner.out).unwrap_or_else(|_| text.to_string());
        Cleaned {
            text,
            map: cleaner.map,
            repairs: cleaner.repairs,
        }
    }

    /// Notes that the byte written next comes from `original`.
    fn resync(&mut self, original: usize) {
        let cleaned = self.out.len();
        match self.map.last_mut() {
            Some(last) if last.0 == cleaned => last.1 = original,
            _ => self.map.push((cleaned, original)),
        }
    }

    fn clean(&mut self) {
        let bytes = self.bytes;
        let mut i = 0;
        let mut in_string = false;
        while i < bytes.len() {
            let b = bytes[i];
            if b == b'&'
                && self.leniency.html_entities
                && let Some((len, decoded)) = entity(&self.text[i..])
            {
                let text = self.text;
                self.entities_seen(i, &text[i..i + len]);
                let mut buf = [0; 4];
                let decoded = decoded.encode_utf8(&mut buf);
                if decoded == "\"" {
                    // A quote opens or closes a string, as the escaped text meant.
                    self.out.push(b'"');
                    self.resync(i + len);
                    in_string = !in_string;
                    self.last_significant = Some(b'"');
                } else {
                    self.out.extend_from_slice(decoded.as_bytes());
                    self.resync(i + len);
                    if !in_string && !decoded.trim().is_empty() {
                        self.last_significant = Some(decoded.as_bytes()[0]);
                    }
                }
                i += len;
                continue;
            }
            if in_string {
                match b {
                    b'\\' => {
                        let end = (i + 2).min(bytes.len());
                        self.out.extend_from_slice(&bytes[i..end]);
                        i = end;
                        continue;
                    }
                    b'"' => in_string = false,
                    _ => {}
                }
                self.out.push(b);
                i += 1;
                continue;
            }
            if self.leniency.unquoted_keys
                && matches!(self.last_significant, Some(b'{') | Some(b','))
                && let Some(len) = bare_key(&self.text[i..])
            {
                let key = &self.text[i..i + len];
                self.repairs.push(Repair::new(
                    i,
                    format!("the unquoted key `{key}`"),
                    format!("put the key in double quotes: `\"{key}\"`"),
                ));
                self.out.push(b'"');
                self.resync(i);
                self.out.extend_from_slice(key.as_bytes());
                self.out.push(b'"');
                self.resync(i + len);
                self.last_significant = Some(b'"');
                i += len;
                continue;
            }
            match b {
                b'"' => in_string = true,
                b'/' if bytes.get(i + 1) == Some(&b'/') => {
                    let end = self.text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                    self.blank(i..end);
                    self.repairs.push(Repair::new(i, "a `//` comment", REMOVE));
                    i = end;
                    continue;
                }
                b'/' if bytes.get(i + 1) == Some(&b'*') => {
                    let end = self.text[i + 2..]
                        .find("*/")
                        .map_or(bytes.len(), |n| i + 2 + n + 2);
                    self.blank(i..end);
                    self.repairs
                        .push(Repair::new(i, "a `/* */` comment", REMOVE));
                    i = end;
                    continue;
                }
                b',' => {
                    let next = next_significant(bytes, i + 1);
                    if matches!(next.map(|n| bytes[n]), Some(b'}') | Some(b']')) {
                        self.out.push(b' ');
                        self.repairs
                            .push(Repair::new(i, "a trailing comma", REMOVE));
                        i += 1;
                        continue;
                    }
                }
                _ => {}
            }
            if !b.is_ascii_whitespace() {
                self.last_significant = Some(b);
            }
            self.out.push(b);
            i += 1;
        }
    }

    fn entities_seen(&mut self, offset: usize, entity: &'a str) {
        self.first_entity.get_or_insert(offset);
        if !self.entities.contains(&entity) {
            self.entities.push(entity);
        }
    }

    /// Writes spaces for a comment, keeping line breaks so line numbers stay right, and
    /// one space per byte so offsets do too.
    fn blank(&mut self, range: Range<usize>) {
        for &byte in &self.bytes[range] {
            self.out.push(if byte == b'\n' { b'\n' } else { b' ' });
        }
    }
}

/// The HTML entity at the start of `text` and the character it stands for, with the
/// entity's length.
fn entity(text: &str) -> Option<(usize, char)> {
    let end = text.bytes().take(12).position(|b| b == b';')?;
    let body = text.get(1..end)?;
    if !body.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'#') {
        return None;
    }
    let decoded = match body {
        "quot" => '"',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "apos" => '\'',
        _ => {
            let number = body.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code).filter(|c| !c.is_control())?
        }
    };
    Some((end + 1, decoded))
}

/// The length of a bare key at the start of `text` (`truncated` in `truncated: true`):
/// a name followed by a colon.
fn bare_key(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let first = *bytes.first()?;
    if !(first.is_ascii_alphabetic() || matches!(first, b'_' | b'@' | b'$')) {
        return None;
    }
    let len = bytes
        .iter()
        .position(|&b| {
            !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'@' | b'$' | b'.' | b'-'))
        })
        .unwrap_or(bytes.len());
    let after = bytes[len..].iter().find(|b| !b.is_ascii_whitespace());
    (after == Some(&b':')).then_some(len)
}

/// The next non-space byte, skipping `//` and `/* */` comments.
fn next_significant(bytes: &[u8], mut i: usize) -> Option<usize> {
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                    i += 1;
                }
                i += 2;
            }
            _ => return Some(i),
        }
    }
    None
}

/// The members of the top-level object of a (repaired, valid) JSON text, in text order.
fn top_level_members(text: &str) -> Vec<(String, MemberSpan)> {
    let bytes = text.as_bytes();
    let skip_ws = |mut i: usize| {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        i
    };
    let mut members = Vec::new();
    let mut i = skip_ws(0);
    if bytes.get(i) != Some(&b'{') {
        return members;
    }
    i += 1;
    loop {
        i = skip_ws(i);
        if bytes.get(i) != Some(&b'"') {
            return members;
        }
        let key_start = i;
        i = string_end(bytes, i);
        let key_span = key_start..i;
        let key = serde_json::from_str::<String>(&text[key_span.clone()]).unwrap_or_default();
        i = skip_ws(i);
        if bytes.get(i) != Some(&b':') {
            return members;
        }
        let value_start = skip_ws(i + 1);
        i = value_end(bytes, value_start);
        members.push((
            key,
            MemberSpan {
                key: key_span,
                value: value_start..i,
            },
        ));
        i = skip_ws(i);
        if bytes.get(i) != Some(&b',') {
            return members;
        }
        i += 1;
    }
}

/// The offset just past the string that opens at `start`.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() && bytes[i] != b'"' {
        i += if bytes[i] == b'\\' { 2 } else { 1 };
    }
    (i + 1).min(bytes.len())
}

/// The offset just past the value that starts at `start`.
fn value_end(bytes: &[u8], start: usize) -> usize {
    let mut depth = 0usize;
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i = string_end(bytes, i);
                if depth == 0 {
                    return i;
                }
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            b',' | b'}' | b']' if depth == 0 => return i,
            b if b.is_ascii_whitespace() && depth == 0 => return i,
            _ => {}
        }
        i += 1;
    }
    i
}

/// Converts serde_json's one-based line and column into a byte offset.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let offset = (line_start + column.saturating_sub(1)).min(text.len());
    (0..=offset)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

/// serde_json appends " at line L column C"; the diagnostic carries the position itself.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_json_needs_no_repair() {
        let parsed = parse(r#"{"a": 1, "b": [1, 2]}"#).unwrap();
        assert!(parsed.repairs.is_empty());
        assert_eq!(parsed.key_span("b"), Some(9..12));
        assert_eq!(parsed.members["b"].value, 14..20);
    }

    #[test]
    fn comments_and_trailing_commas_are_repaired_and_reported() {
        let text = "{\n  \"a\": \"x // not a comment\", // note\n  \"b\": [1, 2,],\n}";
        let parsed = parse(text).unwrap();
        let whats: Vec<_> = parsed.repairs.iter().map(|r| r.what.as_str()).collect();
        assert_eq!(
            whats,
            ["a `//` comment", "a trailing comma", "a trailing comma"]
        );
        assert_eq!(parsed.value["a"], "x // not a comment");
        assert_eq!(&text[parsed.repairs[0].offset..][..2], "//");
    }

    #[test]
    fn nested_keys_are_not_top_level() {
        let parsed = parse(r#"{"a": {"inner": 1}, "b": 2}"#).unwrap();
        assert_eq!(parsed.members.keys().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(parsed.members["a"].value, 6..18);
    }

    #[test]
    fn errors_point_into_the_text() {
        let text = "{\n  \"a\": 1\n  \"b\": 2\n}";
        let error = parse(text).unwrap_err();
        assert_eq!(&text[error.offset..][..3], "\"b\"");
        assert!(!error.message.contains("at line"));
    }

    #[test]
    fn unterminated_input_does_not_panic() {
        for text in [
            "{\"a",
            "/*",
            "{\"a\": \"\\",
            "{,",
            "\u{2019}//\u{2019}",
            "&quot;",
            "{&#x;",
            "{&#99999999999;: 1}",
            "{a",
            "{a:",
            "&",
            "{\"x\": &amp",
        ] {
            let _ = parse(text);
            let _ = parse_annotation(text);
        }
    }

    #[test]
    fn html_entities_in_annotations_are_decoded_with_spans_in_the_original() {
        let text = r#"{ "blockType": "resource", "@type&quot;: &quot;microsoft.graph.x&quot;, "a": "b &amp; c" }"#;
        assert!(parse(text).is_err(), "JSON blocks keep entities as text");
        let parsed = parse_annotation(text).unwrap();
        assert_eq!(parsed.value["@type"], "microsoft.graph.x");
        assert_eq!(parsed.value["a"], "b & c");
        let member = &parsed.members["@type"];
        assert_eq!(&text[member.key.clone()], "\"@type&quot;");
        assert_eq!(&text[member.value.clone()], "&quot;microsoft.graph.x&quot;");
        assert_eq!(parsed.repairs.len(), 1);
        assert_eq!(
            parsed.repairs[0].what,
            "HTML-escaped characters (`&quot;`, `&amp;`)"
        );
        assert_eq!(&text[parsed.repairs[0].offset..][..6], "&quot;");
    }

    #[test]
    fn numeric_entities_and_fully_escaped_annotations() {
        let text = "{&#34;blockType&#34;: &#x22;response&#x22;, &quot;truncated&quot;: true}";
        let parsed = parse_annotation(text).unwrap();
        assert_eq!(parsed.value["blockType"], "response");
        assert_eq!(parsed.value["truncated"], true);
        assert_eq!(
            &text[parsed.members["blockType"].key.clone()],
            "&#34;blockType&#34;"
        );
    }

    #[test]
    fn unquoted_keys_in_annotations_are_quoted_and_reported() {
        let text = "{ blockType: \"response\",\n  truncated : true, \"name\": \"a: b\", @odata.type: \"x\" }";
        assert!(parse(text).is_err());
        let parsed = parse_annotation(text).unwrap();
        assert_eq!(parsed.value["blockType"], "response");
        assert_eq!(parsed.value["truncated"], true);
        assert_eq!(parsed.value["name"], "a: b");
        assert_eq!(parsed.value["@odata.type"], "x");
        let whats: Vec<_> = parsed.repairs.iter().map(|r| r.what.as_str()).collect();
        assert_eq!(
            whats,
            [
                "the unquoted key `blockType`",
                "the unquoted key `truncated`",
                "the unquoted key `@odata.type`"
            ]
        );
        let key = parsed.members["truncated"].key.clone();
        assert!(text[key].starts_with("truncated"));
        let value = parsed.members["blockType"].value.clone();
        assert_eq!(&text[value], "\"response\"");
        assert_eq!(&text[parsed.repairs[1].offset..][..9], "truncated");
    }

    #[test]
    fn errors_after_repairs_point_into_the_original() {
        let text = "{&quot;a&quot;: 1 &quot;b&quot;: 2}";
        let error = parse_annotation(text).unwrap_err();
        assert_eq!(&text[error.offset..][..6], "&quot;");
        assert_eq!(error.offset, 18);
    }
}
