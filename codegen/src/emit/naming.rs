//! Rust names for docs names: case conversion, keyword escapes and collision suffixes.

/// Splits a docs name into words: at non-alphanumeric characters, before an upper-case
/// letter that follows a lower-case letter or digit, and at the end of an acronym
/// (`HTMLContent` is `HTML`, `Content`).
pub fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        if c.is_ascii_uppercase() && !current.is_empty() {
            let previous = chars[i - 1];
            let next_is_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if previous.is_ascii_lowercase()
                || previous.is_ascii_digit()
                || (previous.is_ascii_uppercase() && next_is_lower)
            {
                words.push(std::mem::take(&mut current));
            }
        }
        current.push(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// `displayName` → `display_name`, `@odata.type` → `odata_type`.
pub fn snake_case(name: &str) -> String {
    let snake = words(name)
        .iter()
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("_");
    if snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("n{snake}")
    } else {
        snake
    }
}

/// `cloudPcDeviceImage` → `CloudPcDeviceImage`; all-capital words are capitalised
/// (`JIS B4` → `JisB4`) so no name trips clippy's acronym lint.
pub fn pascal_case(name: &str) -> String {
    let pascal: String = words(name)
        .iter()
        .map(|w| {
            let rest = if w.chars().all(|c| !c.is_ascii_lowercase()) {
                w[1..].to_ascii_lowercase()
            } else {
                w[1..].to_string()
            };
            format!("{}{rest}", w[..1].to_ascii_uppercase())
        })
        .collect();
    if pascal.starts_with(|c: char| c.is_ascii_digit()) {
        format!("Value{pascal}")
    } else {
        pascal
    }
}

/// Keywords usable as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// How an identifier must be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Escaped {
    /// Usable as it is.
    Plain(String),
    /// A keyword written as a raw identifier (`r#type`); the string has no `r#`.
    Raw(String),
    /// A keyword that cannot be raw, renamed with a trailing underscore.
    Renamed { from: String, to: String },
}

impl Escaped {
    /// The identifier as Rust source spells it.
    pub fn source(&self) -> String {
        match self {
            Escaped::Plain(name) | Escaped::Renamed { to: name, .. } => name.clone(),
            Escaped::Raw(name) => format!("r#{name}"),
        }
    }

    /// The identifier without any `r#`, for collision checks.
    pub fn bare(&self) -> &str {
        match self {
            Escaped::Plain(name) | Escaped::Raw(name) | Escaped::Renamed { to: name, .. } => name,
        }
    }
}

/// An identifier token for a name that is already valid Rust (after [`escape`]): keywords
/// that can be raw become raw identifiers.
pub fn ident(name: &str) -> proc_macro2::Ident {
    if RAW_KEYWORDS.contains(&name) {
        proc_macro2::Ident::new_raw(name, proc_macro2::Span::call_site())
    } else {
        proc_macro2::Ident::new(name, proc_macro2::Span::call_site())
    }
}

pub fn escape(name: String) -> Escaped {
    if NON_RAW_KEYWORDS.contains(&name.as_str()) {
        let to = format!("{name}_");
        Escaped::Renamed { from: name, to }
    } else if RAW_KEYWORDS.contains(&name.as_str()) {
        Escaped::Raw(name)
    } else {
        Escaped::Plain(name)
    }
}

/// Gives `name` a numeric suffix until it is not in `taken`; returns it and adds it.
pub fn unique(name: &str, taken: &mut std::collections::BTreeSet<String>) -> String {
    if taken.insert(name.to_string()) {
        return name.to_string();
    }
    let separator = if name.ends_with(|c: char| c.is_ascii_digit())
        || name.contains('_')
        || name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
    {
        "_"
    } else {
        ""
    };
    (2..)
        .map(|n| format!("{name}{separator}{n}"))
        .find(|candidate| taken.insert(candidate.clone()))
        .expect("some suffix is free")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_examples() {
        for (from, to) in [
            ("displayName", "display_name"),
            ("osBuildNumber", "os_build_number"),
            ("@odata.type", "odata_type"),
            (
                "@microsoft.graph.conflictBehavior",
                "microsoft_graph_conflict_behavior",
            ),
            ("HTMLContent", "html_content"),
            ("isAADJoined", "is_aad_joined"),
            ("int32Value", "int32_value"),
            ("id", "id"),
            ("3dModel", "n3d_model"),
        ] {
            assert_eq!(snake_case(from), to, "{from}");
        }
    }

    #[test]
    fn pascal_case_examples() {
        for (from, to) in [
            ("cloudPcDeviceImage", "CloudPcDeviceImage"),
            ("unknownFutureValue", "UnknownFutureValue"),
            ("JIS B4", "JisB4"),
            ("AADGroup", "AadGroup"),
            ("cloudPC", "CloudPc"),
            ("4K", "Value4K"),
        ] {
            assert_eq!(pascal_case(from), to, "{from}");
        }
    }

    #[test]
    fn keywords() {
        assert_eq!(escape("type".into()).source(), "r#type");
        assert_eq!(escape("self".into()).source(), "self_");
        assert_eq!(escape("Self".into()).source(), "Self_");
        assert_eq!(escape("name".into()).source(), "name");
    }

    #[test]
    fn unique_suffixes() {
        let mut taken = std::collections::BTreeSet::new();
        assert_eq!(unique("display_name", &mut taken), "display_name");
        assert_eq!(unique("display_name", &mut taken), "display_name_2");
        assert_eq!(unique("Status", &mut taken), "Status");
        assert_eq!(unique("Status", &mut taken), "Status2");
    }
}
