//! The YAML front matter of a page. Only flat `key: value` lines are used, so they are read
//! directly: a page with sloppy YAML elsewhere in its header still yields its title.

use std::collections::BTreeMap;

/// The front matter fields graphdoc uses.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    /// The product area as older pages name it.
    pub ms_prod: Option<String>,
    /// The product area as current pages name it.
    pub ms_subservice: Option<String>,
    pub doc_type: Option<String>,
}

impl FrontMatter {
    /// The page's product area: `ms.subservice`, the field current pages use, or else the
    /// older `ms.prod`. An empty value counts as absent.
    pub fn area(&self) -> Option<&str> {
        self.ms_subservice.as_deref().or(self.ms_prod.as_deref())
    }

    /// Whether the front matter says the page documents an enum (`doc_type: enumPageType`).
    pub fn is_enum_page(&self) -> bool {
        self.doc_type
            .as_deref()
            .is_some_and(|t| t.eq_ignore_ascii_case("enumPageType"))
    }
}

pub fn parse(text: &str) -> FrontMatter {
    let mut fields = BTreeMap::new();
    for line in text.lines() {
        if line.starts_with([' ', '\t', '-', '#']) {
            continue;
        }
        if let Some((key, value)) = line.split_once(':') {
            let value = super::markdown::visible(value.trim());
            fields.insert(key.trim().to_string(), unquote(&value).trim().to_string());
        }
    }
    let mut take = |key: &str| fields.remove(key).filter(|v| !v.is_empty());
    FrontMatter {
        title: take("title"),
        description: take("description"),
        ms_prod: take("ms.prod"),
        ms_subservice: take("ms.subservice"),
        doc_type: take("doc_type"),
    }
}

fn unquote(value: &str) -> String {
    for quote in ['"', '\''] {
        if value.len() >= 2 && value.starts_with(quote) && value.ends_with(quote) {
            return value[1..value.len() - 1].to_string();
        }
    }
    value.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quoted_and_bare_values() {
        let fm = parse(
            "title: \"x resource type\"\nms.prod: 'cloud-pc'\ndoc_type: resourcePageType\nauthor: a\n",
        );
        assert_eq!(fm.title.as_deref(), Some("x resource type"));
        assert_eq!(fm.ms_prod.as_deref(), Some("cloud-pc"));
        assert_eq!(fm.doc_type.as_deref(), Some("resourcePageType"));
        assert_eq!(fm.description, None);
        assert_eq!(fm.area(), Some("cloud-pc"));
        assert!(!fm.is_enum_page());
    }

    #[test]
    fn subservice_wins_over_prod() {
        let fm = parse("ms.prod: \"microsoft-intune\"\nms.subservice: \"cloud-pc\"\n");
        assert_eq!(fm.ms_prod.as_deref(), Some("microsoft-intune"));
        assert_eq!(fm.area(), Some("cloud-pc"));
        let current = parse("ms.subservice: cloud-pc\ndoc_type: \"enumPageType\"\n");
        assert_eq!(current.area(), Some("cloud-pc"));
        assert!(current.is_enum_page());
    }

    #[test]
    fn empty_values_are_absent() {
        let fm = parse("ms.prod: \"\"\nms.subservice: ' '\ntitle:\n");
        assert_eq!(fm.ms_prod, None);
        assert_eq!(fm.ms_subservice, None);
        assert_eq!(fm.title, None);
        assert_eq!(fm.area(), None);
        let fallback = parse("ms.subservice: \"\"\nms.prod: intune\n");
        assert_eq!(fallback.area(), Some("intune"));
    }
}
