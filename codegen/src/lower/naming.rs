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

/// Every Rust keyword, strict, reserved and weak-in-position (`union` is not one: it is
/// usable as a name). None becomes an identifier: each gets a trailing underscore.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Whether a name is a Rust keyword.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Whether a keyword could be written as a raw identifier (`r#type`); `self`, `Self`,
/// `super` and `crate` cannot.
pub fn is_raw_keyword(name: &str) -> bool {
    is_keyword(name) && !matches!(name, "self" | "Self" | "super" | "crate")
}

/// A name that is a keyword gets a trailing underscore (`type_`, `self_`, `Self_`): one
/// convention for fields, variants and modules, since `self`, `Self`, `super` and
/// `crate` cannot be raw identifiers. Returns the name and whether it was renamed.
pub fn escape_keyword(name: String) -> (String, bool) {
    if is_keyword(&name) {
        (format!("{name}_"), true)
    } else {
        (name, false)
    }
}

/// An identifier token for a name lowering has made valid.
pub fn ident(name: &str) -> proc_macro2::Ident {
    proc_macro2::Ident::new(name, proc_macro2::Span::call_site())
}

/// Adds `name` to `taken`, or the first free `name_2`, `name_3`… (snake case: the
/// suffix follows one underscore, never two).
pub fn unique_snake(name: &str, taken: &mut std::collections::BTreeSet<String>) -> String {
    if taken.insert(name.to_string()) {
        return name.to_string();
    }
    let base = name.trim_end_matches('_');
    (2..)
        .map(|n| format!("{base}_{n}"))
        .find(|candidate| taken.insert(candidate.clone()))
        .expect("some suffix is free")
}

/// Adds `name` to `taken`, or the first free `Name2`, `Name3`… (upper camel case: an
/// underscore only between two digits, `Name2_2`, which rustc's case lint accepts).
pub fn unique_camel(name: &str, taken: &mut std::collections::BTreeSet<String>) -> String {
    if taken.insert(name.to_string()) {
        return name.to_string();
    }
    let base = name.trim_end_matches('_');
    let separator = if base.ends_with(|c: char| c.is_ascii_digit()) {
        "_"
    } else {
        ""
    };
    (2..)
        .map(|n| format!("{base}{separator}{n}"))
        .find(|candidate| taken.insert(candidate.clone()))
        .expect("some suffix is free")
}

/// rustc's `non_snake_case` rule: no upper-case letter, no doubled underscore inside.
pub fn is_snake_case(name: &str) -> bool {
    let inner = name.trim_matches('_');
    !inner.contains("__") && !inner.chars().any(char::is_uppercase)
}

/// rustc's `non_camel_case_types` rule: no lower-case start, no doubled underscore, and
/// no underscore next to a letter (once leading and trailing underscores are set aside).
pub fn is_upper_camel_case(name: &str) -> bool {
    let inner = name.trim_matches('_');
    let chars: Vec<char> = inner.chars().collect();
    let has_case = |c: char| c.is_uppercase() || c.is_lowercase();
    !chars.first().is_some_and(|c| c.is_lowercase())
        && !inner.contains("__")
        && !chars
            .windows(2)
            .any(|w| (has_case(w[0]) && w[1] == '_') || (w[0] == '_' && has_case(w[1])))
}

/// Whether a name is a plain (not raw) identifier: ASCII letters, digits and
/// underscores, not starting with a digit, not `_` alone, not a keyword.
pub fn is_identifier(name: &str) -> bool {
    !name.is_empty()
        && name != "_"
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !is_keyword(name)
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
    fn keywords_get_a_trailing_underscore() {
        assert_eq!(escape_keyword("type".into()), ("type_".to_string(), true));
        assert_eq!(escape_keyword("self".into()), ("self_".to_string(), true));
        assert_eq!(escape_keyword("Self".into()), ("Self_".to_string(), true));
        assert_eq!(escape_keyword("name".into()), ("name".to_string(), false));
    }

    #[test]
    fn unique_suffixes_keep_case_lints_quiet() {
        let mut taken = std::collections::BTreeSet::new();
        assert_eq!(unique_snake("display_name", &mut taken), "display_name");
        assert_eq!(unique_snake("display_name", &mut taken), "display_name_2");
        assert_eq!(unique_snake("self_", &mut taken), "self_");
        assert_eq!(unique_snake("self_", &mut taken), "self_2");
        assert_eq!(unique_camel("Status", &mut taken), "Status");
        assert_eq!(unique_camel("Status", &mut taken), "Status2");
        assert_eq!(unique_camel("Self_", &mut taken), "Self_");
        assert_eq!(unique_camel("Self_", &mut taken), "Self2");
        assert_eq!(unique_camel("Status2", &mut taken), "Status2_2");
        for name in ["self_2", "display_name_2"] {
            assert!(is_snake_case(name), "{name}");
        }
        for name in ["Self2", "Status2_2", "Self_", "Value4K"] {
            assert!(is_upper_camel_case(name), "{name}");
        }
        assert!(!is_snake_case("self__2"));
        assert!(!is_upper_camel_case("Self__2"));
        assert!(!is_upper_camel_case("Self_2"));
        assert!(!is_upper_camel_case("status"));
    }
}
