//! Facts stated in a property's description: read-only, required, deprecated,
//! and the list of possible values.

use crate::model::Deprecation;

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Facts {
    pub read_only: bool,
    pub required: bool,
    pub deprecated: Option<Deprecation>,
    /// Values listed after "Possible values are:" or "Possible values include:".
    pub possible_values: Vec<String>,
}

pub fn read(description: &str) -> Facts {
    let lower = description.to_ascii_lowercase();
    let sentences: Vec<&str> = split_sentences(description);
    Facts {
        read_only: lower.contains("read-only") || lower.contains("read only"),
        required: sentences.iter().any(|s| states_required(s)),
        deprecated: deprecation(&sentences),
        possible_values: possible_values(description),
    }
}

/// Splits at sentence ends (". ") and at the parentheses that often wrap notices.
fn split_sentences(text: &str) -> Vec<&str> {
    text.split(['(', ')'])
        .flat_map(|part| part.split(". "))
        .map(|s| s.trim().trim_end_matches('.').trim())
        .filter(|s| !s.is_empty())
        .collect()
}

/// "Required.", "Required on create", "This property is required" — not "Required format: …".
fn states_required(sentence: &str) -> bool {
    let lower = sentence.to_ascii_lowercase();
    (lower == "required" || lower.starts_with("required ") && !lower.contains(':'))
        && !lower.starts_with("required format")
        || lower.contains(" is required")
}

fn deprecation(sentences: &[&str]) -> Option<Deprecation> {
    let position = sentences.iter().position(|s| {
        let lower = s.to_ascii_lowercase();
        lower.contains("deprecated") || lower.contains("will no longer be supported")
    })?;
    let replacement = sentences[position..].iter().find_map(|s| replacement(s));
    let note = sentences[position..]
        .iter()
        .take_while(|s| !s.is_empty())
        .take(2)
        .map(|s| format!("{s}."))
        .collect::<Vec<_>>()
        .join(" ");
    Some(Deprecation { note, replacement })
}

/// The name in "Please use X instead" or "Use X instead".
fn replacement(sentence: &str) -> Option<String> {
    let lower = sentence.to_ascii_lowercase();
    let start = lower.find("use ")? + 4;
    let end = lower[start..].find(" instead")? + start;
    let name = sentence[start..end]
        .trim()
        .trim_matches(['`', '*', '\'', '"']);
    crate::read::type_cell::is_type_name(name).then(|| name.to_string())
}

fn possible_values(description: &str) -> Vec<String> {
    let lower = description.to_ascii_lowercase();
    let Some(start) = [
        "possible values are",
        "possible values include",
        "possible values:",
    ]
    .iter()
    .filter_map(|marker| lower.find(marker).map(|i| i + marker.len()))
    .min() else {
        return Vec::new();
    };
    let rest = &description[start..];
    // The list ends at the first sentence end outside a code span.
    let mut values = Vec::new();
    let mut in_code = false;
    let mut current = String::new();
    for (i, c) in rest.char_indices() {
        match c {
            '`' if in_code => {
                values.push(std::mem::take(&mut current));
                in_code = false;
            }
            '`' => in_code = true,
            _ if in_code => current.push(c),
            '.' if rest[i + 1..].starts_with(' ') || i + 1 == rest.len() => break,
            _ => {}
        }
    }
    values.retain(|v| !v.trim().is_empty());
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_only_and_required() {
        let f = read("The name. Read-only. Required.");
        assert!(f.read_only && f.required);
        let g = read("Required format: \"/subscriptions/{id}\". Read-Only.");
        assert!(g.read_only && !g.required);
    }

    #[test]
    fn deprecation_with_replacement() {
        let f = read(
            "The details. Read-Only. (Starting from January 31, 2024, this property will no longer be supported and will be marked as deprecated. Please use errorCode instead.)",
        );
        let d = f.deprecated.unwrap();
        assert_eq!(d.replacement.as_deref(), Some("errorCode"));
        assert!(d.note.contains("no longer be supported"));
    }

    #[test]
    fn possible_values_stop_at_the_sentence_end() {
        let f =
            read("The status. Possible values are: `pending`, `ready`,`failed`. Default is `x`.");
        assert_eq!(f.possible_values, ["pending", "ready", "failed"]);
    }

    #[test]
    fn no_facts() {
        assert_eq!(read("Just a name."), Facts::default());
    }
}
