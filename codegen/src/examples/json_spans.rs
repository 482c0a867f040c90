//! A strict JSON parser that keeps the byte span of every value and key, so a finding
//! about a value can point at it. It accepts exactly what `serde_json` accepts (the later
//! deserialization of passed examples uses serde_json), with the same nesting limit. Its
//! errors are the reader's [`JsonError`], as for annotations and JSON representations.

use std::ops::Range;

use crate::read::lenient_json::JsonError;

/// A JSON value and where it is in the parsed text.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub span: Range<usize>,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    /// The number as written, so integer checks see `1.0` and `1e3` for what they are.
    Number(String),
    String(String),
    Array(Vec<Node>),
    Object(Vec<Member>),
}

/// One `"key": value` of an object, in text order (duplicates kept).
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub key: String,
    pub key_span: Range<usize>,
    pub value: Node,
}

impl Node {
    /// The JSON kind in words, for messages.
    pub fn describe(&self) -> &'static str {
        match &self.kind {
            Kind::Null => "null",
            Kind::Bool(_) => "a boolean",
            Kind::Number(_) => "a number",
            Kind::String(_) => "a string",
            Kind::Array(_) => "an array",
            Kind::Object(_) => "an object",
        }
    }

    /// The member `key` of an object (the first one, if given twice).
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            Kind::Object(members) => members.iter().find(|m| m.key == key).map(|m| &m.value),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }
}

/// serde_json's default recursion limit.
const MAX_DEPTH: usize = 128;

/// Parses a whole text as one JSON value (white space around it allowed).
pub fn parse(text: &str) -> Result<Node, JsonError> {
    let mut parser = Parser {
        bytes: text.as_bytes(),
        text,
        pos: 0,
        depth: 0,
    };
    parser.skip_ws();
    let node = parser.value()?;
    parser.skip_ws();
    if parser.pos < parser.bytes.len() {
        return Err(parser.error("trailing characters after the JSON value"));
    }
    Ok(node)
}

struct Parser<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
    depth: usize,
}

impl Parser<'_> {
    fn error(&self, message: impl Into<String>) -> JsonError {
        JsonError::new(self.pos.min(self.bytes.len()), message)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn value(&mut self) -> Result<Node, JsonError> {
        let start = self.pos;
        let kind = match self.peek() {
            None => return Err(self.error("the JSON text ends where a value was expected")),
            Some(b'{') => self.nested(Self::object)?,
            Some(b'[') => self.nested(Self::array)?,
            Some(b'"') => Kind::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => Kind::Number(self.number()?),
            Some(b't') => self.literal("true", Kind::Bool(true))?,
            Some(b'f') => self.literal("false", Kind::Bool(false))?,
            Some(b'n') => self.literal("null", Kind::Null)?,
            Some(_) => return Err(self.error("expected a JSON value")),
        };
        Ok(Node {
            span: start..self.pos,
            kind,
        })
    }

    /// Runs an object or array reader one level deeper, refusing absurd nesting.
    fn nested(
        &mut self,
        read: fn(&mut Self) -> Result<Kind, JsonError>,
    ) -> Result<Kind, JsonError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        let kind = read(self);
        self.depth -= 1;
        kind
    }

    fn literal(&mut self, word: &str, kind: Kind) -> Result<Kind, JsonError> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(kind)
        } else {
            Err(self.error("expected a JSON value"))
        }
    }

    fn object(&mut self) -> Result<Kind, JsonError> {
        self.pos += 1;
        let mut members = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Kind::Object(members));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a property name in double quotes"));
            }
            let key_start = self.pos;
            let key = self.string()?;
            let key_span = key_start..self.pos;
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(self.error("expected `:` after the property name"));
            }
            self.pos += 1;
            self.skip_ws();
            let value = self.value()?;
            members.push(Member {
                key,
                key_span,
                value,
            });
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Kind::Object(members));
                }
                _ => return Err(self.error("expected `,` or `}` after an object member")),
            }
        }
    }

    fn array(&mut self) -> Result<Kind, JsonError> {
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Kind::Array(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value()?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Kind::Array(items));
                }
                _ => return Err(self.error("expected `,` or `]` after an array item")),
            }
        }
    }

    fn number(&mut self) -> Result<String, JsonError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error("expected a digit")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            self.required_digits()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            self.required_digits()?;
        }
        Ok(self.text[start..self.pos].to_string())
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
    }

    fn required_digits(&mut self) -> Result<(), JsonError> {
        if !matches!(self.peek(), Some(b'0'..=b'9')) {
            return Err(self.error("expected a digit"));
        }
        self.digits();
        Ok(())
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let run_start = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            // Only ASCII bytes stop the run, so it ends on a character boundary.
            out.push_str(&self.text[run_start..self.pos]);
            match self.peek() {
                None => return Err(self.error("the string is not closed")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => out.push(self.escape()?),
                Some(_) => return Err(self.error("control character inside a string")),
            }
        }
    }

    fn escape(&mut self) -> Result<char, JsonError> {
        self.pos += 1;
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                return self.unicode_escape();
            }
            _ => return Err(self.error("invalid escape in a string")),
        };
        self.pos += 1;
        Ok(c)
    }

    /// `\uXXXX`, joining a surrogate pair; lone surrogates are errors, as in serde_json.
    fn unicode_escape(&mut self) -> Result<char, JsonError> {
        let first = self.hex4()?;
        if (0xDC00..0xE000).contains(&first) {
            return Err(self.error("lone trailing surrogate in a \\u escape"));
        }
        if !(0xD800..0xDC00).contains(&first) {
            return char::from_u32(first).ok_or_else(|| self.error("invalid \\u escape"));
        }
        if !self.bytes[self.pos..].starts_with(b"\\u") {
            return Err(self.error("lone leading surrogate in a \\u escape"));
        }
        self.pos += 2;
        let second = self.hex4()?;
        if !(0xDC00..0xE000).contains(&second) {
            return Err(self.error("lone leading surrogate in a \\u escape"));
        }
        let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
        char::from_u32(code).ok_or_else(|| self.error("invalid \\u escape"))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self
            .bytes
            .get(self.pos..self.pos + 4)
            .filter(|d| d.iter().all(u8::is_ascii_hexdigit))
            .ok_or_else(|| self.error("expected four hex digits after \\u"))?;
        let value = digits.iter().fold(0, |acc, d| {
            acc * 16 + (*d as char).to_digit(16).unwrap_or(0)
        });
        self.pos += 4;
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spanned<'a>(text: &'a str, node: &Node) -> &'a str {
        &text[node.span.clone()]
    }

    #[test]
    fn values_keep_their_spans() {
        let text = r#" {"a": [1, -2.5e3, true], "b": {"c": null}, "d": "x"} "#;
        let root = parse(text).unwrap();
        assert_eq!(spanned(text, &root), &text[1..text.len() - 1]);
        let a = root.get("a").unwrap();
        assert_eq!(spanned(text, a), "[1, -2.5e3, true]");
        let Kind::Array(items) = &a.kind else {
            panic!()
        };
        assert_eq!(items[1].kind, Kind::Number("-2.5e3".into()));
        assert_eq!(spanned(text, &items[2]), "true");
        assert_eq!(
            spanned(text, root.get("b").unwrap().get("c").unwrap()),
            "null"
        );
        let Kind::Object(members) = &root.kind else {
            panic!()
        };
        assert_eq!(&text[members[2].key_span.clone()], "\"d\"");
    }

    #[test]
    fn strings_decode_escapes() {
        let text = r#""a\"b\\c\/\n\u00e9\ud83d\ude00’""#;
        let node = parse(text).unwrap();
        assert_eq!(node.as_str(), Some("a\"b\\c/\né😀’"));
        assert_eq!(node.span, 0..text.len());
    }

    #[test]
    fn errors_carry_offsets() {
        let cases = [
            ("{\"a\": 1,}", 8),
            ("{\"a\" 1}", 5),
            ("[1 2]", 3),
            ("{'a': 1}", 1),
            ("\"x\\q\"", 3),
            ("\"\\ud800\"", 7),
            ("01", 1),
            ("1.", 2),
            ("{\"a\": 1} x", 9),
            ("// c\n{}", 0),
            ("", 0),
            ("\"abc", 4),
            ("tru", 0),
        ];
        for (text, offset) in cases {
            let error = parse(text).unwrap_err();
            assert_eq!(error.offset, offset, "{text:?}: {}", error.message);
        }
    }

    #[test]
    fn duplicate_keys_are_kept_in_order() {
        let root = parse(r#"{"a": 1, "a": 2}"#).unwrap();
        let Kind::Object(members) = &root.kind else {
            panic!()
        };
        assert_eq!(members.len(), 2);
        assert_eq!(root.get("a").unwrap().kind, Kind::Number("1".into()));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(10_000);
        assert!(parse(&text).unwrap_err().message.contains("deeply"));
    }

    #[test]
    fn agrees_with_serde_json() {
        for text in [
            "{}",
            "[]",
            "-0",
            "1E+2",
            "\"\\u0000\"",
            "{\"a\":[{},[]]}",
            "[1,]",
            "{\"a\":1,,}",
            "\"\t\"",
            "nul",
            "[-]",
            "\"\\uDD00\"",
        ] {
            let ours = parse(text).is_ok();
            let theirs = serde_json::from_str::<serde_json::Value>(text).is_ok();
            assert_eq!(ours, theirs, "{text:?}");
        }
    }
}
