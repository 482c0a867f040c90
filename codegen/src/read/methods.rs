//! Reads the rows of a `## Methods` table (Method | Return type | Description) into
//! operations: a plain-text name and what the return cell names.
//!
//! The tables are written by hand and vary: links in the name and return cells (their text
//! is the name, their target is dropped), reference links with no definition (`[Get
//! analytics][]`, left literal by the markdown reader), `collection` after a link, before a
//! type (`Collection of site`) or inside a broken link's target
//! (`[timeZoneInformation](timezoneinformation.md collection)`), rows with fewer cells than
//! the header, the description written in the return column, request lines instead of
//! return types, and rows that are section titles (`**Policy Set**`), not methods.

use super::markdown::Cell;
use super::type_cell::{self, CellType};
use super::{Method, MethodReturn};

/// The operation one row describes, or `None` for a row that is no method: an empty name,
/// or a section title (a name without a link and nothing in the other cells).
pub fn method_row(row: &[Cell], returns: Option<usize>) -> Option<Method> {
    let first = row.first()?;
    let name = unlink(&first.plain).text;
    // A link the markdown reader half read leaves its target: `x action](../api/x.md)`.
    let name = name.split("](").next().unwrap_or_default();
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return None;
    }
    let rest_empty = row[1..].iter().all(|c| c.plain.trim().is_empty());
    if first.links.is_empty() && rest_empty {
        return None;
    }
    let returns = returns
        .and_then(|i| row.get(i))
        .map_or(MethodReturn::Nothing, method_return);
    Some(Method { name, returns })
}

/// What a Return type cell names: nothing (`None`, `No Content`, an empty cell), a type as
/// a property type cell would name it, or other text (see [`MethodReturn::Other`]).
pub fn method_return(cell: &Cell) -> MethodReturn {
    let unlinked = unlink(&cell.plain);
    let mut text = unlinked
        .text
        .trim()
        .trim_end_matches('.')
        .trim()
        .to_string();
    let lower = text.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "" | "none" | "no content" | "204 no content" | "nocontent" | "n/a"
    ) {
        return MethodReturn::Nothing;
    }
    let mut collection = unlinked.collection_in_target;
    // `publishedResource objects collection`, `site object`.
    for suffix in [" objects", " object"] {
        if let Some(head) = strip_word_suffix(&text, suffix) {
            text = head;
        }
    }
    if let Some(head) = strip_word_suffix(&text, " objects collection") {
        text = head;
        collection = true;
    }
    // `collection microsoft.graph.termStore.set`: `collection` before the type, without `of`.
    const COLLECTION: &str = "collection ";
    if text
        .get(..COLLECTION.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(COLLECTION))
        && !text[COLLECTION.len()..]
            .trim_start()
            .to_ascii_lowercase()
            .starts_with("of ")
    {
        text = text[COLLECTION.len()..].trim().to_string();
        collection = true;
    }
    // `emailaddress.md`, `educationAssignmentcollection`: a file name, a fused suffix.
    if text.contains(".md") {
        text = text.replace(".md", "");
    }
    if !text.contains(' ')
        && let Some(head) = strip_word_suffix(&text, "collection").filter(|h| !h.is_empty())
    {
        text = head;
        collection = true;
    }
    let read = type_cell::parse(&Cell {
        plain: text.clone(),
        ..Cell::default()
    });
    match read.ty {
        CellType::Primitive(_) | CellType::Named { .. } => {
            MethodReturn::Type(type_cell::TypeCell {
                ty: read.ty,
                collection: read.collection || collection,
            })
        }
        CellType::Empty => MethodReturn::Nothing,
        CellType::Unreadable(_) => MethodReturn::Other(unlinked.text.trim().to_string()),
    }
}

fn strip_word_suffix(text: &str, suffix: &str) -> Option<String> {
    let cut = text.len().checked_sub(suffix.len())?;
    (text.is_char_boundary(cut) && text[cut..].eq_ignore_ascii_case(suffix))
        .then(|| text[..cut].trim().to_string())
}

/// Plain text with the link syntax the markdown reader left literal replaced by the link
/// text: `[x](target)` whose target has a space (no link for markdown), `[x][]` and
/// `[x][ref]` without a definition, `[x](target` unclosed.
pub struct Unlinked {
    pub text: String,
    /// A literal link's target said `collection`: `[x](x.md collection)`.
    pub collection_in_target: bool,
}

pub fn unlink(plain: &str) -> Unlinked {
    let mut text = String::with_capacity(plain.len());
    let mut collection_in_target = false;
    let mut rest = plain;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open + 1..].find(']').map(|i| open + 1 + i) else {
            break;
        };
        text.push_str(&rest[..open]);
        text.push_str(&rest[open + 1..close]);
        let after = &rest[close + 1..];
        rest = if let Some(target) = after.strip_prefix('(') {
            let end = target.find(')').unwrap_or(target.len());
            if target[..end]
                .split_whitespace()
                .skip(1)
                .any(|w| w.eq_ignore_ascii_case("collection"))
            {
                collection_in_target = true;
            }
            &target[(end + 1).min(target.len())..]
        } else if let Some(reference) = after.strip_prefix('[') {
            let end = reference.find(']').map_or(reference.len(), |i| i + 1);
            &reference[end..]
        } else {
            after
        };
    }
    text.push_str(rest);
    Unlinked {
        text,
        collection_in_target,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Primitive;

    fn cell(plain: &str) -> Cell {
        Cell {
            plain: plain.to_string(),
            ..Cell::default()
        }
    }

    fn linked(plain: &str) -> Cell {
        Cell {
            links: vec!["../api/x.md".to_string()],
            ..cell(plain)
        }
    }

    fn named(name: &str, collection: bool) -> MethodReturn {
        MethodReturn::Type(type_cell::TypeCell {
            ty: CellType::Named {
                name: name.to_string(),
                exact_case: true,
            },
            collection,
        })
    }

    #[test]
    fn return_cells() {
        assert_eq!(method_return(&cell("user")), named("user", false));
        assert_eq!(method_return(&cell("user collection")), named("user", true));
        assert_eq!(
            method_return(&cell("Collection of site")),
            named("site", true)
        );
        assert_eq!(
            method_return(&cell(
                "[timeZoneInformation](timezoneinformation.md collection)"
            )),
            named("timeZoneInformation", true)
        );
        assert_eq!(
            method_return(&cell("collection of [permission][]")),
            named("permission", true)
        );
        assert_eq!(
            method_return(&cell("collection microsoft.graph.termStore.set")),
            named("microsoft.graph.termStore.set", true)
        );
        assert_eq!(
            method_return(&cell("accessReviewInstance collection.")),
            named("accessReviewInstance", true)
        );
        assert_eq!(
            method_return(&cell("educationAssignmentcollection")),
            named("educationAssignment", true)
        );
        assert_eq!(
            method_return(&cell("emailaddress.md collection")),
            named("emailaddress", true)
        );
        assert_eq!(
            method_return(&cell("publishedResource objects collection")),
            named("publishedResource", true)
        );
        assert_eq!(
            method_return(&cell("String")),
            MethodReturn::Type(type_cell::TypeCell {
                ty: CellType::Primitive(Primitive::String),
                collection: false
            })
        );
        for nothing in ["None", "No Content", "204 No Content", ""] {
            assert_eq!(
                method_return(&cell(nothing)),
                MethodReturn::Nothing,
                "{nothing}"
            );
        }
        for other in [
            "Create a Focused Inbox override for a sender identified by an SMTP address.",
            "POST /sites/{site-id}/permissions",
            "The requested, derived type of place",
            "Not yet documented",
        ] {
            assert!(
                matches!(method_return(&cell(other)), MethodReturn::Other(_)),
                "{other}"
            );
        }
    }

    #[test]
    fn rows() {
        let row = |cells: &[Cell]| method_row(cells, Some(1));
        let get = row(&[linked("Get user"), cell("user"), cell("Read a user.")]).unwrap();
        assert_eq!(get.name, "Get user");
        assert_eq!(get.returns, named("user", false));
        // A reference link without a definition stays literal in the plain text.
        let analytics = row(&[cell("[Get analytics][]"), cell("itemAnalytics")]).unwrap();
        assert_eq!(analytics.name, "Get analytics");
        // Fewer cells than the header: no return.
        let short = row(&[linked("Delete user")]).unwrap();
        assert_eq!(short.returns, MethodReturn::Nothing);
        // A section title is no method.
        assert_eq!(row(&[cell("Policy Set")]), None);
        assert_eq!(row(&[cell("Custodians"), cell(""), cell("")]), None);
        assert_eq!(row(&[cell(""), cell("user")]), None);
    }
}
