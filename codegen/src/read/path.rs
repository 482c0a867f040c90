//! Reads the target of a request line (`/users/{id | userPrincipalName}/messages/{id}/send`)
//! into path segments: literals, `{placeholders}` with their alternatives, function calls
//! and keys in parentheses, `$value`/`$ref`/`$count`, and drive item paths between colons
//! (`root:/{item-path}:/content`).

use crate::model::{Argument, ArgumentValue, ItemPathPiece, PathParameter, Segment};

/// A target read into segments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub segments: Vec<Segment>,
    /// After `?`, without it; empty without a query.
    pub query: String,
    /// The target lacked its leading `/`.
    pub relative: bool,
    /// How many bytes of the written target precede the path (a `https://host/v1.0` prefix).
    pub path_start: usize,
}

/// Why a target cannot be read: a message and the byte offset in the target it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    pub message: String,
    pub offset: usize,
}

fn error<T>(offset: usize, message: impl Into<String>) -> Result<T, PathError> {
    Err(PathError {
        message: message.into(),
        offset,
    })
}

/// Reads a request line's target. An absolute URL (`https://graph.microsoft.com/v1.0/me`)
/// is read from its path, without the version.
pub fn parse(target: &str) -> Result<Target, PathError> {
    let mut path_start = 0;
    let lower = target.to_ascii_lowercase();
    if let Some(rest) = ["https://", "http://"]
        .iter()
        .find_map(|scheme| lower.strip_prefix(scheme))
    {
        path_start = target.len() - rest.len() + rest.find('/').unwrap_or(rest.len());
        for version in ["/v1.0", "/beta"] {
            let after = &lower[path_start..];
            if after.starts_with(version)
                && matches!(after.as_bytes().get(version.len()), None | Some(b'/'))
            {
                path_start += version.len();
            }
        }
    }
    let path = &target[path_start..];
    let (path, query) = split_query(path);
    if let Some(space) = outside_brackets(path).find(|&(_, c)| c.is_whitespace()) {
        return error(
            path_start + space.0,
            "a space outside braces: the target must be one path",
        );
    }
    let relative = !path.starts_with('/');
    let mut reader = Reader {
        segments: Vec::new(),
        parameters: 0,
        after: None,
    };
    let pieces = split_top_level(path, '/');
    let mut item_path: Option<Vec<ItemPathPiece>> = None;
    for (at, raw) in pieces {
        let at = path_start + at;
        if raw.is_empty() {
            continue;
        }
        if let Some(pieces) = item_path.as_mut() {
            let (piece, closes) = match raw.strip_suffix(':') {
                Some(piece) => (piece, true),
                None => (raw, false),
            };
            if !piece.is_empty() {
                pieces.push(reader.item_piece(piece, at)?);
            }
            if closes {
                let pieces = item_path.take().unwrap_or_default();
                reader.segments.push(Segment::ItemPath(pieces));
            }
            continue;
        }
        // `root:` or `{parent-id}:` opens a drive item path; `root:{path}:` may hold it whole.
        if let Some((head, rest)) = split_colon(raw) {
            if !head.is_empty() {
                reader.segment(head, at)?;
            }
            let mut pieces = Vec::new();
            match rest.strip_suffix(':') {
                Some(inner) => {
                    if !inner.is_empty() {
                        pieces.push(reader.item_piece(inner, at + head.len() + 1)?);
                    }
                    reader.segments.push(Segment::ItemPath(pieces));
                }
                None => {
                    if !rest.is_empty() {
                        pieces.push(reader.item_piece(rest, at + head.len() + 1)?);
                    }
                    item_path = Some(pieces);
                }
            }
            continue;
        }
        reader.segment(raw, at)?;
    }
    // A drive item path that runs to the end (`/root:/{item-path}`) needs no closing colon.
    if let Some(pieces) = item_path {
        reader.segments.push(Segment::ItemPath(pieces));
    }
    if reader.segments.is_empty() {
        return error(path_start, "no path");
    }
    Ok(Target {
        segments: reader.segments,
        query: query.to_string(),
        relative,
        path_start,
    })
}

struct Reader {
    segments: Vec<Segment>,
    parameters: usize,
    after: Option<String>,
}

impl Reader {
    fn parameter(&mut self, names: Vec<String>) -> PathParameter {
        let parameter = PathParameter {
            names,
            position: self.parameters,
            after: self.after.clone(),
        };
        self.parameters += 1;
        parameter
    }

    fn segment(&mut self, raw: &str, at: usize) -> Result<(), PathError> {
        let segment = match raw.to_ascii_lowercase().as_str() {
            "$value" => Segment::Value,
            "$ref" => Segment::Ref,
            "$count" => Segment::Count,
            _ if raw.starts_with('{') => Segment::Parameter(self.placeholder(raw, at)?),
            _ if raw.contains('(') => self.call(raw, at)?,
            _ => {
                literal(raw, at)?;
                self.after = Some(raw.to_string());
                Segment::Literal(raw.to_string())
            }
        };
        self.segments.push(segment);
        Ok(())
    }

    fn item_piece(&mut self, raw: &str, at: usize) -> Result<ItemPathPiece, PathError> {
        if raw.starts_with('{') {
            return Ok(ItemPathPiece::Parameter(self.placeholder(raw, at)?));
        }
        // A path written out (`/Documents/report.docx`) may hold any file name character.
        if let Some(i) = raw.find(['{', '}']) {
            return error(at + i, "a brace inside a drive item path's name");
        }
        Ok(ItemPathPiece::Literal(raw.to_string()))
    }

    /// `{id}`, `{id | userPrincipalName}`.
    fn placeholder(&mut self, raw: &str, at: usize) -> Result<PathParameter, PathError> {
        let Some(inner) = raw.strip_prefix('{').and_then(|r| r.strip_suffix('}')) else {
            return error(at, format!("`{raw}` is not one placeholder in braces"));
        };
        if inner.contains(['{', '}']) {
            return error(at, format!("`{raw}` is not one placeholder in braces"));
        }
        let names: Vec<String> = inner.split('|').map(|n| n.trim().to_string()).collect();
        if names
            .iter()
            .any(|n| n.is_empty() || n.contains(char::is_whitespace))
        {
            return error(
                at,
                format!("`{raw}` has an empty or spaced placeholder name"),
            );
        }
        Ok(self.parameter(names))
    }

    /// `name(args)`: a function call or a key in parentheses.
    fn call(&mut self, raw: &str, at: usize) -> Result<Segment, PathError> {
        let open = raw.find('(').unwrap_or(0);
        let name = &raw[..open];
        if !name.is_empty() {
            literal(name, at)?;
        }
        let Some(inner) = raw[open + 1..].strip_suffix(')') else {
            return error(
                at + open,
                "an opening parenthesis without its closing one at the segment's end",
            );
        };
        if name.is_empty() {
            return error(at, "parentheses without a name before them");
        }
        let mut arguments = Vec::new();
        for (offset, written) in split_top_level(inner, ',') {
            let written_at = at + open + 1 + offset;
            let written = written.trim();
            if written.is_empty() {
                if inner.trim().is_empty() {
                    break;
                }
                return error(written_at, "an empty argument");
            }
            let (arg_name, value) = match written.split_once('=') {
                Some((n, v)) if !n.contains(['\'', '{']) => (Some(n.trim().to_string()), v.trim()),
                _ => (None, written),
            };
            if arg_name
                .as_deref()
                .is_some_and(|n| literal(n, written_at).is_err() || n.is_empty())
            {
                return error(
                    written_at,
                    format!("`{written}` has no argument name before `=`"),
                );
            }
            let (value, quoted) = match value.strip_prefix('\'').and_then(|v| v.strip_suffix('\''))
            {
                Some(inner) => (inner, true),
                None => (value, false),
            };
            let value = if value.starts_with('{') {
                ArgumentValue::Parameter(self.placeholder(value, written_at)?)
            } else if value.is_empty() && !quoted {
                return error(written_at, format!("`{written}` has no value"));
            } else if value.contains(['{', '}', '(', ')']) {
                return error(
                    written_at,
                    format!("`{written}` is not a value or a placeholder"),
                );
            } else {
                ArgumentValue::Literal(value.to_string())
            };
            arguments.push(Argument {
                name: arg_name,
                value,
                quoted,
            });
        }
        self.after = Some(name.to_string());
        Ok(Segment::Call {
            name: name.to_string(),
            arguments,
        })
    }
}

/// A literal segment: no braces, parentheses, quotes or colons.
fn literal(raw: &str, at: usize) -> Result<(), PathError> {
    match raw.find(['{', '}', '(', ')', '\'', ':', '"', '<', '>', '[', ']']) {
        Some(i) => error(
            at + i,
            format!("`{raw}` is neither a name, a placeholder nor a call"),
        ),
        None => Ok(()),
    }
}

/// The path and the query after the first `?` outside braces.
fn split_query(path: &str) -> (&str, &str) {
    match outside_brackets(path).find(|&(_, c)| c == '?') {
        Some((i, _)) => (&path[..i], &path[i + 1..]),
        None => (path, ""),
    }
}

/// `head:rest` at the first colon outside braces, parentheses and quotes.
fn split_colon(raw: &str) -> Option<(&str, &str)> {
    let (i, _) = outside_brackets(raw).find(|&(_, c)| c == ':')?;
    Some((&raw[..i], &raw[i + 1..]))
}

/// The characters of `text` outside braces, parentheses and single quotes, with offsets.
fn outside_brackets(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut depth = 0i32;
    let mut quoted = false;
    text.char_indices().filter(move |&(_, c)| {
        let outside = depth == 0 && !quoted;
        match c {
            '{' | '(' if !quoted => depth += 1,
            '}' | ')' if !quoted => depth -= 1,
            '\'' if depth <= 1 => quoted = !quoted,
            _ => {}
        }
        outside && !matches!(c, '{' | '(' | '\'')
    })
}

/// The parts of `text` between `separator`s outside brackets and quotes, with offsets.
fn split_top_level(text: &str, separator: char) -> Vec<(usize, &str)> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut depth = 0i32;
    let mut quoted = false;
    for (i, c) in text.char_indices() {
        match c {
            '{' | '(' if !quoted => depth += 1,
            '}' | ')' if !quoted => depth -= 1,
            '\'' => quoted = !quoted,
            c if c == separator && depth == 0 && !quoted => {
                parts.push((start, &text[start..i]));
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push((start, &text[start..]));
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn param(names: &[&str], position: usize, after: Option<&str>) -> PathParameter {
        PathParameter {
            names: names.iter().map(|n| n.to_string()).collect(),
            position,
            after: after.map(str::to_string),
        }
    }

    fn lit(text: &str) -> Segment {
        Segment::Literal(text.to_string())
    }

    #[test]
    fn literals_and_placeholders_with_alternatives() {
        let t = parse("/users/{id | userPrincipalName}/messages").unwrap();
        assert_eq!(
            t.segments,
            [
                lit("users"),
                Segment::Parameter(param(&["id", "userPrincipalName"], 0, Some("users"))),
                lit("messages"),
            ]
        );
        assert!(!t.relative);
        assert_eq!(t.query, "");
    }

    #[test]
    fn repeated_names_are_kept_apart_by_position() {
        let t = parse("/users/{id}/messages/{id}/send").unwrap();
        let params = t.segments.iter().filter_map(|s| match s {
            Segment::Parameter(p) => Some(p.clone()),
            _ => None,
        });
        assert_eq!(
            params.collect::<Vec<_>>(),
            [
                param(&["id"], 0, Some("users")),
                param(&["id"], 1, Some("messages"))
            ]
        );
        assert_eq!(t.segments.last(), Some(&lit("send")));
    }

    #[test]
    fn calls_with_named_quoted_arguments_keys_and_empty_calls() {
        let t = parse("/reports/getEmailActivityUserDetail(period='{period_value}')").unwrap();
        assert_eq!(
            t.segments[1],
            Segment::Call {
                name: "getEmailActivityUserDetail".into(),
                arguments: vec![Argument {
                    name: Some("period".into()),
                    value: ArgumentValue::Parameter(param(&["period_value"], 0, Some("reports"))),
                    quoted: true,
                }],
            }
        );
        let t = parse("/servicePrincipals(appId='{appId}')").unwrap();
        assert!(matches!(&t.segments[0], Segment::Call { name, arguments }
            if name == "servicePrincipals" && arguments[0].name.as_deref() == Some("appId")));
        let t = parse("/users/delta()").unwrap();
        assert_eq!(
            t.segments[1],
            Segment::Call {
                name: "delta".into(),
                arguments: Vec::new()
            }
        );
        let t = parse("/reports/getTeamsUserActivityUserDetail(date={date_value})").unwrap();
        assert!(matches!(&t.segments[1], Segment::Call { arguments, .. } if !arguments[0].quoted));
        let t = parse("/reports/getM365AppUserDetail(period='D7',top=5)").unwrap();
        let Segment::Call { arguments, .. } = &t.segments[1] else {
            panic!("{t:?}")
        };
        assert_eq!(arguments[0].value, ArgumentValue::Literal("D7".into()));
        assert_eq!(arguments[1].value, ArgumentValue::Literal("5".into()));
        // A key in parentheses without a name: `users('{id}')`.
        let t = parse("/users('{id}')").unwrap();
        assert!(
            matches!(&t.segments[0], Segment::Call { arguments, .. } if arguments[0].name.is_none())
        );
    }

    #[test]
    fn dollar_segments() {
        let t = parse("/me/photo/$value").unwrap();
        assert_eq!(t.segments[2], Segment::Value);
        let t = parse("/groups/{id}/members/$ref").unwrap();
        assert_eq!(t.segments[3], Segment::Ref);
        let t = parse("/users/$count").unwrap();
        assert_eq!(t.segments[1], Segment::Count);
    }

    #[test]
    fn drive_item_paths_between_colons() {
        let t = parse("/me/drive/root:/{item-path}:/content").unwrap();
        assert_eq!(
            t.segments,
            [
                lit("me"),
                lit("drive"),
                lit("root"),
                Segment::ItemPath(vec![ItemPathPiece::Parameter(param(
                    &["item-path"],
                    0,
                    Some("root")
                ))]),
                lit("content"),
            ]
        );
        let t = parse("/drives/{drive-id}/items/{parent-id}:/{filename}:/content").unwrap();
        assert!(matches!(&t.segments[3], Segment::Parameter(p) if p.names == ["parent-id"]));
        assert!(matches!(&t.segments[4], Segment::ItemPath(pieces) if pieces.len() == 1));
        // Running to the end, without a closing colon; a path written out.
        let t = parse("/drives/{drive-id}/root:/{item-path}").unwrap();
        assert!(matches!(t.segments.last(), Some(Segment::ItemPath(p)) if p.len() == 1));
        let t = parse("/me/drive/root:/Documents/report.docx:").unwrap();
        assert_eq!(
            t.segments[3],
            Segment::ItemPath(vec![
                ItemPathPiece::Literal("Documents".into()),
                ItemPathPiece::Literal("report.docx".into())
            ])
        );
    }

    #[test]
    fn relative_lines_queries_and_absolute_urls() {
        let t = parse("users/{id}/calendar").unwrap();
        assert!(t.relative);
        assert_eq!(t.segments[0], lit("users"));
        let t = parse("/me/calendarView?startDateTime={start}&endDateTime={end}").unwrap();
        assert_eq!(t.query, "startDateTime={start}&endDateTime={end}");
        assert_eq!(t.segments, [lit("me"), lit("calendarView")]);
        let t = parse("https://graph.microsoft.com/beta/me/events").unwrap();
        assert_eq!(t.segments, [lit("me"), lit("events")]);
        assert_eq!(t.path_start, "https://graph.microsoft.com/beta".len());
        // A cast segment is a literal.
        let t = parse("/users/{id}/microsoft.graph.delta()").unwrap();
        assert!(
            matches!(&t.segments[2], Segment::Call { name, .. } if name == "microsoft.graph.delta")
        );
    }

    #[test]
    fn unreadable_targets_say_where() {
        for (target, at) in [
            ("/users/{id/messages", 7),
            ("/users/{}", 7),
            ("/reports/get(period='x'", 12),
            ("/me/events and more", 10),
            ("/users/x{id}", 8),
            ("", 0),
            ("/", 0),
        ] {
            let found = parse(target).unwrap_err();
            assert_eq!(found.offset, at, "{target}: {found:?}");
        }
    }
}
