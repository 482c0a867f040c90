//! JSON as the docs write it: strict JSON plus `//` and `/* */` comments and trailing
//! commas, each repair reported so the page can be fixed.

use std::collections::BTreeMap;

use serde_json::Value;

/// A departure from strict JSON that was repaired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    /// Byte offset in the parsed text.
    pub offset: usize,
    pub what: &'static str,
}

/// Why a text is not JSON even leniently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    pub offset: usize,
    pub message: String,
}

/// A parsed JSON text and where its top-level object keys are.
#[derive(Debug, Clone, PartialEq)]
pub struct LenientJson {
    pub value: Value,
    pub repairs: Vec<Repair>,
    /// Byte offset of each key of the top-level object (its opening quote).
    pub key_offsets: BTreeMap<String, usize>,
}

/// Parses `text` as JSON, repairing comments and trailing commas.
pub fn parse(text: &str) -> Result<LenientJson, JsonError> {
    let (cleaned, repairs) = repair(text);
    match serde_json::from_str::<Value>(&cleaned) {
        Ok(value) => Ok(LenientJson {
            value,
            repairs,
            key_offsets: top_level_keys(&cleaned),
        }),
        Err(error) => Err(JsonError {
            offset: offset_of(&cleaned, error.line(), error.column()),
            message: strip_position(&error.to_string()),
        }),
    }
}

/// Blanks out comments and trailing commas with spaces, so offsets stay those of `text`.
fn repair(text: &str) -> (String, Vec<Repair>) {
    let bytes = text.as_bytes();
    let mut out = bytes.to_vec();
    let mut repairs = Vec::new();
    let mut i = 0;
    let mut in_string = false;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let end = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                blank(&mut out, i..end);
                repairs.push(Repair {
                    offset: i,
                    what: "a `//` comment",
                });
                i = end;
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let end = text[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |n| i + 2 + n + 2);
                blank(&mut out, i..end);
                repairs.push(Repair {
                    offset: i,
                    what: "a `/* */` comment",
                });
                i = end;
                continue;
            }
            b',' => {
                let next = next_significant(&out, i + 1);
                if matches!(next.map(|n| out[n]), Some(b'}') | Some(b']')) {
                    out[i] = b' ';
                    repairs.push(Repair {
                        offset: i,
                        what: "a trailing comma",
                    });
                }
            }
            _ => {}
        }
        i += 1;
    }
    // Only ASCII bytes were replaced by ASCII spaces, so the text is still UTF-8.
    let cleaned = String::from_utf8(out).unwrap_or_else(|_| text.to_string());
    (cleaned, repairs)
}

fn blank(out: &mut [u8], range: std::ops::Range<usize>) {
    for byte in &mut out[range] {
        // Keep line breaks so line numbers stay right; keep UTF-8 continuation intact by
        // blanking every byte of multi-byte characters.
        if *byte != b'\n' {
            *byte = b' ';
        }
    }
}

/// The next non-space byte, skipping `//` and `/* */` comments not yet blanked.
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

/// Byte offsets of the top-level object's keys in a (repaired) JSON text.
fn top_level_keys(text: &str) -> BTreeMap<String, usize> {
    let bytes = text.as_bytes();
    let mut keys = BTreeMap::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                let end = i.min(bytes.len());
                let is_key = next_significant(bytes, end + 1).map(|n| bytes[n]) == Some(b':');
                if depth == 1 && is_key {
                    keys.entry(text[start + 1..end].to_string())
                        .or_insert(start);
                }
            }
            _ => {}
        }
        i += 1;
    }
    keys
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
        assert_eq!(parsed.key_offsets["b"], 9);
    }

    #[test]
    fn comments_and_trailing_commas_are_repaired_and_reported() {
        let text = "{\n  \"a\": \"x // not a comment\", // note\n  \"b\": [1, 2,],\n}";
        let parsed = parse(text).unwrap();
        let whats: Vec<_> = parsed.repairs.iter().map(|r| r.what).collect();
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
        assert_eq!(parsed.key_offsets.keys().collect::<Vec<_>>(), ["a", "b"]);
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
        for text in ["{\"a", "/*", "{\"a\": \"\\", "{,", "\u{2019}//\u{2019}"] {
            let _ = parse(text);
        }
    }
}
