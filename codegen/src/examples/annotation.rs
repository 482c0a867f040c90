//! The examples of a method page: each HTML-comment annotation (`<!-- { "blockType":
//! "response", … } -->`) paired with the code block after it. The annotations are read by
//! [`crate::read::annotation`], the reader of resource annotations too.

use std::ops::Range;

use crate::read::annotation;
pub use crate::read::annotation::{Annotation, BlockType};
pub use crate::read::code_block::CodeBlock;
use crate::read::lenient_json::JsonError;
use crate::read::markdown::{self, Block};

/// One annotation of a page and the block it describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Example {
        annotation: Box<Annotation>,
        /// The code block that follows; `None` when another annotation or a heading comes
        /// first.
        block: Option<CodeBlock>,
    },
    /// A comment that claims to be an annotation (it mentions `blockType`) but is not
    /// JSON even leniently; the error's offset is a page offset.
    Unreadable(JsonError),
}

/// Reads the annotations of a page and pairs each with the code block after it.
pub fn read(page: &str) -> Vec<Item> {
    let mut items = Vec::new();
    let mut pending: Option<Box<Annotation>> = None;
    for block in markdown::blocks(page) {
        match block {
            Block::Html { span, .. } => match annotation(page, span) {
                Some(Ok(next)) => {
                    flush(&mut pending, &mut items);
                    pending = Some(Box::new(next));
                }
                Some(Err(unreadable)) => {
                    flush(&mut pending, &mut items);
                    items.push(unreadable);
                }
                None => {}
            },
            Block::Heading { .. } => flush(&mut pending, &mut items),
            Block::Code {
                info,
                text,
                content_start,
                ..
            } => {
                if let Some(annotation) = pending.take() {
                    let block = CodeBlock::new(page, info, text, content_start);
                    items.push(Item::Example {
                        annotation,
                        block: Some(block),
                    });
                }
            }
            _ => {}
        }
    }
    flush(&mut pending, &mut items);
    items
}

/// An annotation that found no block.
fn flush(pending: &mut Option<Box<Annotation>>, items: &mut Vec<Item>) {
    if let Some(annotation) = pending.take() {
        items.push(Item::Example {
            annotation,
            block: None,
        });
    }
}

/// Reads an HTML comment as an annotation: `None` for other comments.
fn annotation(page: &str, span: Range<usize>) -> Option<Result<Annotation, Item>> {
    match annotation::read(page, span)? {
        Ok(annotation) => Some(Ok(annotation)),
        Err(unreadable) if unreadable.mentions_block_type => {
            Some(Err(Item::Unreadable(unreadable.error)))
        }
        Err(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"# Get widget

<!-- { "blockType": "ignored" } -->
```http
GET /widgets/{id}
```

### Request
<!-- {
  "blockType": "request",
  "name": "get_widget"
} -->
```msgraph-interactive
GET https://graph.microsoft.com/v1.0/widgets/1
```

### Response
<!-- {
  "blockType": "Response",
  "truncated": "true",
  "isCollection": true,
  "@odata.type": "microsoft.graph.widget",
} -->
```http
HTTP/1.1 200 OK

{"value": []}
```
"#;

    fn examples(page: &str) -> Vec<(Annotation, Option<CodeBlock>)> {
        read(page)
            .into_iter()
            .filter_map(|item| match item {
                Item::Example { annotation, block } => Some((*annotation, block)),
                Item::Unreadable(_) => None,
            })
            .collect()
    }

    #[test]
    fn annotations_pair_with_the_next_code_block() {
        let found = examples(PAGE);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].0.block_type, BlockType::Ignored);
        assert_eq!(found[1].0.block_type, BlockType::Request);
        assert_eq!(found[1].0.name.as_ref().unwrap().value, "get_widget");
        assert!(
            found[1]
                .1
                .as_ref()
                .unwrap()
                .text
                .starts_with("GET https://")
        );
        let (response, block) = &found[2];
        assert_eq!(response.block_type, BlockType::Response);
        assert!(response.truncated && response.is_collection && !response.is_empty);
        assert_eq!(response.target(), Some(("microsoft.graph.widget", true)));
        let span = response.type_span();
        assert_eq!(&PAGE[span], "microsoft.graph.widget");
        let block = block.as_ref().unwrap();
        assert_eq!(block.info, "http");
        let at = block.text.find("{\"value\"").unwrap();
        assert_eq!(&PAGE[block.page_offset(at)..][..8], "{\"value\"");
    }

    #[test]
    fn an_annotation_without_a_block_before_the_next_one_gets_none() {
        let page = "<!-- {\"blockType\": \"response\"} -->\n\n<!-- {\"blockType\": \"request\"} -->\n```\nGET /x\n```\n";
        let found = examples(page);
        assert_eq!(found.len(), 2);
        assert!(found[0].1.is_none());
        assert!(found[1].1.is_some());
    }

    #[test]
    fn a_heading_ends_the_search_for_a_block() {
        let page = "<!-- {\"blockType\": \"response\"} -->\n## Next\n```\n{}\n```\n";
        let found = examples(page);
        assert_eq!(found.len(), 1);
        assert!(found[0].1.is_none());
    }

    #[test]
    fn other_comments_are_not_annotations_and_broken_ones_are_reported() {
        let page = "<!-- markdownlint-disable -->\n\n<!-- { \"blockType\": \"response\" \"x\": 1 } -->\n```\n{}\n```\n";
        let items = read(page);
        assert_eq!(items.len(), 1);
        let Item::Unreadable(error) = &items[0] else {
            panic!("{items:?}")
        };
        assert_eq!(&page[error.offset..][..3], "\"x\"");
    }

    #[test]
    fn collection_of_names_a_collection() {
        let page = "<!-- {\"blockType\": \"response\", \"@odata.type\": \"Collection(microsoft.graph.widget)\"} -->\n```\n[]\n```\n";
        let found = examples(page);
        assert_eq!(found[0].0.target(), Some(("microsoft.graph.widget", true)));
    }

    #[test]
    fn indented_blocks_map_back_to_the_page() {
        let page = "1. Step\n\n   <!-- {\"blockType\": \"response\"} -->\n   ```http\n   HTTP/1.1 200 OK\n\n   {\"a\": 1}\n   ```\n";
        let found = examples(page);
        let block = found[0].1.as_ref().unwrap();
        let at = block.text.find("{\"a\"").unwrap();
        assert_eq!(&page[block.page_offset(at)..][..4], "{\"a\"");
    }
}
