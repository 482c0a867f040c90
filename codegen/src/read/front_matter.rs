//! The YAML front matter of a page. Only flat `key: value` lines are used, so they are read
//! directly: a page with sloppy YAML elsewhere in its header still yields its title.

use std::collections::BTreeMap;

/// The front matter fields graphdoc uses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    pub ms_prod: Option<String>,
    pub doc_type: Option<String>,
}

pub fn parse(text: &str) -> FrontMatter {
    let mut fields = BTreeMap::new();
    for line in text.lines() {
        if line.starts_with([' ', '\t', '-', '#']) {
            continue;
        }
        if let Some((key, value)) = line.split_once(':') {
            let value = super::markdown::visible(value.trim());
            fields.insert(key.trim().to_string(), unquote(&value));
        }
    }
    let mut take = |key: &str| fields.remove(key).filter(|v| !v.is_empty());
    FrontMatter {
        title: take("title"),
        description: take("description"),
        ms_prod: take("ms.prod"),
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
    }
}
