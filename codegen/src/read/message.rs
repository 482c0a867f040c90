//! An HTTP message as the docs write one in a code block: a status line (`HTTP/1.1 200 OK`,
//! `200 OK`) or a request line (`POST https://…`), headers, a blank line, then the body.
//! Each part is optional because the docs leave each one out somewhere.

use std::ops::Range;

/// The first line of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartLine {
    /// A response's status line, with its code.
    Status(u16),
    /// A request line: a method and a URL.
    Request,
    /// Neither: the block starts with headers or the body.
    Missing,
}

/// A message split into its parts; spans are byte ranges of the block text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message<'a> {
    pub start: StartLine,
    /// The start line, or an empty span where it should be.
    pub start_span: Range<usize>,
    pub headers: Vec<(&'a str, &'a str)>,
    /// The body without surrounding white space; empty when there is none.
    pub body: Range<usize>,
}

impl Message<'_> {
    /// The `Content-Type` header's value, if any.
    pub fn content_type(&self) -> Option<&str> {
        self.headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))
            .map(|(_, value)| *value)
    }

    /// Whether a header says the body is something other than JSON (text, bytes, an
    /// image): such bodies are not expected to parse.
    pub fn declares_non_json(&self) -> bool {
        self.content_type()
            .is_some_and(|ct| !ct.to_ascii_lowercase().contains("json"))
    }
}

/// Splits a code block's text into start line, headers and body.
pub fn split(text: &str) -> Message<'_> {
    let mut lines = lines_with_offsets(text).peekable();
    while lines.next_if(|(_, line)| line.trim().is_empty()).is_some() {}
    let mut start = StartLine::Missing;
    let mut start_span = lines.peek().map_or(text.len(), |(at, _)| *at)..0;
    start_span.end = start_span.start;
    if let Some(&(at, line)) = lines.peek() {
        let found = status_code(line)
            .map(StartLine::Status)
            .or_else(|| is_request_line(line).then_some(StartLine::Request));
        if let Some(found) = found {
            start = found;
            start_span = at..at + line.trim_end().len();
            lines.next();
        }
    }
    let mut headers = Vec::new();
    while let Some((name, value)) = lines.peek().and_then(|(_, line)| header(line)) {
        headers.push((name, value));
        lines.next();
    }
    while lines.next_if(|(_, line)| line.trim().is_empty()).is_some() {}
    let body_start = lines.peek().map_or(text.len(), |(at, _)| *at);
    let body_end = body_start + text[body_start..].trim_end().len();
    Message {
        start,
        start_span,
        headers,
        body: body_start..body_end,
    }
}

/// Each line (without its line break) and its offset.
fn lines_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive('\n').scan(0, |at, line| {
        let start = *at;
        *at += line.len();
        Some((start, line.trim_end_matches(['\n', '\r'])))
    })
}

/// The code of `HTTP/1.1 200 OK`, `HTTP 201 Created`, `200 OK` or `HTTP/1.1 204`.
pub fn status_code(line: &str) -> Option<u16> {
    let line = line.trim();
    let rest = match line.get(..4) {
        Some(prefix) if prefix.eq_ignore_ascii_case("http") => {
            let after = &line[4..];
            let after = after
                .strip_prefix('/')
                .map(|v| v.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.'))
                .unwrap_or(after);
            after.trim_start()
        }
        _ => line,
    };
    let code = rest.get(..3)?;
    let tail = &rest[3..];
    let code_ok = code.bytes().all(|b| b.is_ascii_digit())
        && code.starts_with(|c: char| ('1'..='5').contains(&c));
    if !code_ok || !(tail.is_empty() || tail.starts_with(' ')) {
        return None;
    }
    code.parse().ok()
}

/// The HTTP methods a request line can start with.
pub const METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// `POST https://…`, `GET /me`: a method, a space, a target.
pub fn is_request_line(line: &str) -> bool {
    request_line(line).is_some()
}

/// A request line's method (as [`METHODS`] spells it) and the rest of the line, trimmed:
/// the target, which may itself hold spaces where the docs wrote them by mistake. Read by
/// the examples validator (example requests) and the method page reader (the `HTTP
/// request` block's lines).
pub fn request_line(line: &str) -> Option<(&'static str, &str)> {
    let line = line.trim();
    let end = line.find(char::is_whitespace)?;
    let method = METHODS
        .iter()
        .find(|m| m.eq_ignore_ascii_case(&line[..end]))?;
    let target = line[end..].trim();
    (!target.is_empty()).then_some((method, target))
}

/// `Name: value`, where the name is a header token (so a JSON line never is one).
fn header(line: &str) -> Option<(&str, &str)> {
    let (name, value) = line.split_once(':')?;
    let name = name.trim();
    let is_token = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    is_token.then(|| (name, value.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body<'a>(text: &'a str, message: &Message) -> &'a str {
        &text[message.body.clone()]
    }

    #[test]
    fn a_full_response_splits_into_its_parts() {
        let text =
            "HTTP/1.1 200 OK\nContent-type: application/json\nContent-length: 12\n\n{\"a\": 1}\n";
        let message = split(text);
        assert_eq!(message.start, StartLine::Status(200));
        assert_eq!(&text[message.start_span.clone()], "HTTP/1.1 200 OK");
        assert_eq!(message.content_type(), Some("application/json"));
        assert_eq!(message.headers.len(), 2);
        assert_eq!(body(text, &message), "{\"a\": 1}");
        assert!(!message.declares_non_json());
    }

    #[test]
    fn status_lines_in_their_variants() {
        assert_eq!(status_code("HTTP/1.1 204 No Content"), Some(204));
        assert_eq!(status_code("HTTP 201 Created"), Some(201));
        assert_eq!(status_code("200 OK"), Some(200));
        assert_eq!(status_code("HTTP/1.1 202"), Some(202));
        assert_eq!(status_code("  http/2 404 Not Found "), Some(404));
        assert_eq!(status_code("2000 OK"), None);
        assert_eq!(status_code("{"), None);
        assert_eq!(status_code("POST https://x"), None);
    }

    #[test]
    fn a_request_with_crlf_and_no_blank_line() {
        let text = "POST https://graph.microsoft.com/v1.0/me/events\r\nContent-type: application/json\r\n{\r\n  \"a\": 1\r\n}\r\n";
        let message = split(text);
        assert_eq!(message.start, StartLine::Request);
        assert_eq!(body(text, &message), "{\r\n  \"a\": 1\r\n}");
    }

    #[test]
    fn a_bare_body_has_no_start_line() {
        let text = "\n{\n  \"id\": \"x\"\n}\n";
        let message = split(text);
        assert_eq!(message.start, StartLine::Missing);
        assert_eq!(message.start_span, 1..1);
        assert_eq!(body(text, &message), "{\n  \"id\": \"x\"\n}");
    }

    #[test]
    fn no_body_is_an_empty_span() {
        let message = split("HTTP/1.1 204 No Content\n");
        assert_eq!(message.start, StartLine::Status(204));
        assert!(message.body.is_empty());
        let message = split("");
        assert!(message.body.is_empty());
    }

    #[test]
    fn non_json_content_types_are_recognised() {
        let message = split("HTTP/1.1 200 OK\nContent-Type: text/plain\n\nhello");
        assert!(message.declares_non_json());
        let message =
            split("HTTP/1.1 200 OK\nContent-Type: application/json;odata.metadata=minimal\n\n{}");
        assert!(!message.declares_non_json());
    }
}
