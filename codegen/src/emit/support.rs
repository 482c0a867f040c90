//! The generated code's support modules: `serde_support` (what every struct's, enum's and
//! dispatch enum's serde impls call), `iso_duration` (`IsoDuration`, the `Edm.Duration`
//! reader), `undocumented_value` (`UndocumentedValue`, the open enums' catch-all),
//! `collection` (`Collection<T>`, a page of a collection response), `removed`
//! (`Removed`, the `@removed` annotation of delta items) and `changes` (`Changes`, the body
//! of a `PATCH` holding only what changed).
//!
//! Their code is not written here: it is ordinary Rust in the `graphdoc-support` crate
//! (`codegen/support/`), where it is compiled, linted and unit-tested, laid out as at the
//! root of a generated crate. This module includes those files as text and picks the ones
//! (and the pieces of `serde_support`) that a generated crate needs, so that the crate
//! depends on no crate it does not otherwise use. A crate writes each module's text as it
//! is; a build script's single file parses it into an inline `mod`.

use proc_macro2::TokenStream;
use quote::ToTokens;

use super::InternalError;
use crate::diagnostics::Code;

/// The modules' names at the generated root, as lowering reserves them.
pub use crate::lower::modules::{
    CHANGES_MODULE as CHANGES, COLLECTION_MODULE as COLLECTION,
    ISO_DURATION_MODULE as ISO_DURATION, NULL_PROPERTIES_MODULE as NULL_PROPERTIES,
    REMOVED_MODULE as REMOVED, SERDE_SUPPORT_MODULE as SERDE_SUPPORT,
    UNDOCUMENTED_MODULE as UNDOCUMENTED_VALUE,
};

pub use crate::lower::SupportNeeds;

/// One support module of the generated code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupportFile {
    /// The file stem and module name, at the generated root.
    pub stem: &'static str,
    /// The type the root re-exports, if any.
    pub reexport: Option<&'static str>,
    /// What the file header says the module is for, where an item's header names pages.
    pub purpose: &'static str,
    /// The module's Rust source, exactly as the support crate's files give it.
    pub source: String,
}

impl SupportFile {
    /// The module's inner attributes and items, for the body of an inline `mod`: inner
    /// attributes (`//!` docs, `#![allow]`) may start a `mod { }` block, though not an
    /// `include!`d file. Plain comments are lost.
    pub fn tokens(&self) -> Result<TokenStream, InternalError> {
        syn::parse_file(&self.source)
            .map(|file| file.into_token_stream())
            .map_err(|e| InternalError {
                code: Code::Internal,
                message: format!("the support module `{}` does not parse: {e}", self.stem),
            })
    }
}

const ISO_DURATION_SOURCE: &str = include_str!("../../support/src/iso_duration.rs");
const UNDOCUMENTED_VALUE_SOURCE: &str = include_str!("../../support/src/undocumented_value.rs");
const NULL_PROPERTIES_SOURCE: &str = include_str!("../../support/src/null_properties.rs");
const CHANGES_SOURCE: &str = include_str!("../../support/src/changes.rs");
const COLLECTION_SOURCE: &str = include_str!("../../support/src/collection.rs");
const REMOVED_SOURCE: &str = include_str!("../../support/src/removed.rs");
/// Its lines before the first `include!` are the head of `serde_support`; the
/// `include!` lines list the pieces in the order of [`PIECES`].
const SERDE_SUPPORT_MOD: &str = include_str!("../../support/src/serde_support/mod.rs");

/// A piece of `serde_support`: one file of items.
struct Piece {
    /// Its name in `serde_support/`, as `mod.rs` includes it (which a test checks).
    #[cfg_attr(not(test), expect(dead_code))]
    file: &'static str,
    source: &'static str,
    /// Whether a generated crate with these needs uses it. Each piece is included
    /// whenever a piece that uses its items is.
    needed: fn(&SupportNeeds) -> bool,
}

const PIECES: &[Piece] = &[
    Piece {
        file: "structs.rs",
        source: include_str!("../../support/src/serde_support/structs.rs"),
        // `format_single`, `format_list` and `dispatch` use its items.
        needed: |n| n.structs || n.format_single || n.format_list || n.dispatch,
    },
    Piece {
        file: "members.rs",
        source: include_str!("../../support/src/serde_support/members.rs"),
        needed: |n| n.enums,
    },
    Piece {
        file: "format.rs",
        source: include_str!("../../support/src/serde_support/format.rs"),
        // `IsoDuration` implements its `Format`.
        needed: |n| n.format_single || n.format_list || n.base64 || n.iso_duration,
    },
    Piece {
        file: "format_single.rs",
        source: include_str!("../../support/src/serde_support/format_single.rs"),
        needed: |n| n.format_single,
    },
    Piece {
        file: "format_list.rs",
        source: include_str!("../../support/src/serde_support/format_list.rs"),
        needed: |n| n.format_list,
    },
    Piece {
        file: "base64.rs",
        source: include_str!("../../support/src/serde_support/base64.rs"),
        needed: |n| n.base64,
    },
    Piece {
        file: "dispatch.rs",
        source: include_str!("../../support/src/serde_support/dispatch.rs"),
        needed: |n| n.dispatch,
    },
];

/// The head of `serde_support`: its docs and lint attributes.
fn serde_support_head() -> &'static str {
    let end = SERDE_SUPPORT_MOD
        .find("\ninclude!(")
        .map_or(SERDE_SUPPORT_MOD.len(), |at| at + 1);
    SERDE_SUPPORT_MOD[..end].trim_end()
}

/// The head of `serde_support` and the pieces these needs use, a blank line apart.
fn serde_support_source(needs: &SupportNeeds) -> String {
    let mut text = format!("{}\n", serde_support_head());
    for piece in PIECES.iter().filter(|piece| (piece.needed)(needs)) {
        text.push('\n');
        text.push_str(piece.source);
    }
    lf(text)
}

/// The text with `\n` line ends, as every generated file has, even from a checkout that
/// turned them into `\r\n`.
fn lf(text: impl Into<String>) -> String {
    let text = text.into();
    if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text
    }
}

/// The support modules these needs use, in the order of their stems.
pub fn modules(needs: &SupportNeeds) -> Vec<SupportFile> {
    let mut modules = Vec::new();
    if needs.structs {
        modules.push(SupportFile {
            stem: CHANGES,
            reexport: Some("Changes"),
            purpose: "no page: it builds the body of an update from the value read and the value wanted",
            source: lf(CHANGES_SOURCE),
        });
        modules.push(SupportFile {
            stem: COLLECTION,
            reexport: Some("Collection"),
            purpose: "no page: it reads and writes every collection response",
            source: lf(COLLECTION_SOURCE),
        });
    }
    if needs.iso_duration {
        modules.push(SupportFile {
            stem: ISO_DURATION,
            reexport: Some("IsoDuration"),
            purpose: "no page: it reads and writes every Edm.Duration",
            source: lf(ISO_DURATION_SOURCE),
        });
    }
    if needs.structs {
        modules.push(SupportFile {
            stem: NULL_PROPERTIES,
            reexport: Some("NullProperties"),
            purpose: "no page: it records the explicitly null properties of every generated struct",
            source: lf(NULL_PROPERTIES_SOURCE),
        });
        modules.push(SupportFile {
            stem: REMOVED,
            reexport: Some("Removed"),
            purpose: "no page: it reads the `@removed` items of delta responses",
            source: lf(REMOVED_SOURCE),
        });
    }
    if PIECES.iter().any(|piece| (piece.needed)(needs)) {
        modules.push(SupportFile {
            stem: SERDE_SUPPORT,
            reexport: None,
            purpose: "no page: it reads and writes every generated type",
            source: serde_support_source(needs),
        });
    }
    if needs.enums {
        modules.push(SupportFile {
            stem: UNDOCUMENTED_VALUE,
            reexport: Some("UndocumentedValue"),
            purpose: "no page: it supports every generated enum",
            source: lf(UNDOCUMENTED_VALUE_SOURCE),
        });
    }
    modules
}

/// The support file a lowered support module is printed from.
pub fn file(module: crate::lower::SupportModule, needs: &SupportNeeds) -> Option<SupportFile> {
    let stem = match module {
        crate::lower::SupportModule::SerdeSupport => SERDE_SUPPORT,
        crate::lower::SupportModule::IsoDuration => ISO_DURATION,
        crate::lower::SupportModule::UndocumentedValue => UNDOCUMENTED_VALUE,
        crate::lower::SupportModule::NullProperties => NULL_PROPERTIES,
        crate::lower::SupportModule::Changes => CHANGES,
        crate::lower::SupportModule::Collection => COLLECTION,
        crate::lower::SupportModule::Removed => REMOVED,
    };
    modules(needs).into_iter().find(|m| m.stem == stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every combination of needs.
    fn all_needs() -> impl Iterator<Item = SupportNeeds> {
        (0..1u32 << 7).map(|bits| {
            let bit = |i: u32| bits & (1 << i) != 0;
            SupportNeeds {
                structs: bit(0),
                enums: bit(1),
                dispatch: bit(2),
                format_single: bit(3),
                format_list: bit(4),
                base64: bit(5),
                iso_duration: bit(6),
            }
        })
    }

    #[test]
    fn lowering_plans_exactly_the_modules_that_have_text() {
        for needs in all_needs() {
            let stems: Vec<&str> = modules(&needs).iter().map(|m| m.stem).collect();
            let mut planned = Vec::new();
            if needs.structs {
                planned.push(CHANGES);
                planned.push(COLLECTION);
            }
            if needs.iso_duration {
                planned.push(ISO_DURATION);
            }
            if needs.structs {
                planned.push(NULL_PROPERTIES);
                planned.push(REMOVED);
            }
            if needs.serde_support() {
                planned.push(SERDE_SUPPORT);
            }
            if needs.enums {
                planned.push(UNDOCUMENTED_VALUE);
            }
            assert_eq!(stems, planned, "{needs:?}");
        }
    }

    #[test]
    fn the_pieces_are_those_mod_rs_includes_in_its_order() {
        let included: Vec<&str> = SERDE_SUPPORT_MOD
            .lines()
            .filter_map(|line| line.strip_prefix("include!(\"")?.strip_suffix("\");"))
            .collect();
        let pieces: Vec<&str> = PIECES.iter().map(|piece| piece.file).collect();
        assert_eq!(included, pieces);
        // Nothing but the head comes before them, and nothing after.
        let head = serde_support_head();
        assert!(head.ends_with("#![allow(dead_code)]"), "{head}");
        let rest = SERDE_SUPPORT_MOD[head.len()..].trim();
        assert_eq!(rest.lines().count(), PIECES.len(), "{rest}");
    }

    #[test]
    fn pieces_hold_only_items() {
        for piece in PIECES {
            let file = syn::parse_file(piece.source).unwrap();
            assert!(file.attrs.is_empty(), "{} has inner attributes", piece.file);
            assert!(
                !file
                    .items
                    .iter()
                    .any(|item| matches!(item, syn::Item::Use(_))),
                "{} imports",
                piece.file
            );
        }
        for source in [
            ISO_DURATION_SOURCE,
            UNDOCUMENTED_VALUE_SOURCE,
            CHANGES_SOURCE,
            COLLECTION_SOURCE,
            REMOVED_SOURCE,
        ] {
            assert!(!source.contains("crate::"), "{source}");
        }
    }

    #[test]
    fn every_combination_parses_as_a_file_and_as_an_inline_module() {
        for needs in all_needs() {
            for module in modules(&needs) {
                let tokens = module
                    .tokens()
                    .unwrap_or_else(|e| panic!("{needs:?}: {}", e.message));
                let stem = syn::Ident::new(module.stem, proc_macro2::Span::call_site());
                syn::parse2::<syn::File>(quote::quote!(mod #stem { #tokens }))
                    .unwrap_or_else(|e| panic!("{needs:?}: {e}"));
            }
        }
    }

    #[test]
    fn a_crate_gets_only_what_it_uses() {
        let stems = |needs: SupportNeeds| -> Vec<&str> {
            modules(&needs).iter().map(|module| module.stem).collect()
        };
        assert!(modules(&SupportNeeds::default()).is_empty());
        let enums = SupportNeeds {
            enums: true,
            ..SupportNeeds::default()
        };
        assert_eq!(stems(enums), [SERDE_SUPPORT, UNDOCUMENTED_VALUE]);
        let serde_support = &modules(&enums)[0].source;
        assert!(serde_support.contains("fn read_member"));
        assert!(!serde_support.contains("trait ReadFields"));
        assert!(!serde_support.contains("serde_with"));

        let structs = SupportNeeds {
            structs: true,
            ..SupportNeeds::default()
        };
        assert_eq!(
            stems(structs),
            [CHANGES, COLLECTION, NULL_PROPERTIES, REMOVED, SERDE_SUPPORT]
        );
        let serde_support = &modules(&structs)[4].source;
        assert!(serde_support.contains("trait ReadFields"));
        assert!(!serde_support.contains("trait Format"));
        assert!(!serde_support.contains("trait Dispatch"));

        let durations = SupportNeeds {
            structs: true,
            format_single: true,
            iso_duration: true,
            ..SupportNeeds::default()
        };
        assert_eq!(
            stems(durations),
            [
                CHANGES,
                COLLECTION,
                ISO_DURATION,
                NULL_PROPERTIES,
                REMOVED,
                SERDE_SUPPORT
            ]
        );
        let serde_support = &modules(&durations)[5].source;
        assert!(serde_support.contains("trait Format"));
        assert!(serde_support.contains("fn read_with"));
        assert!(!serde_support.contains("fn read_list_with"));
        assert!(!serde_support.contains("serde_with"));
        assert!(!serde_support.contains("chrono"));
    }

    #[test]
    fn the_files_are_written_as_they_are() {
        let needs = SupportNeeds {
            structs: true,
            enums: true,
            iso_duration: true,
            format_single: true,
            ..SupportNeeds::default()
        };
        let modules = modules(&needs);
        assert_eq!(modules[0].source, CHANGES_SOURCE);
        assert_eq!(modules[1].source, COLLECTION_SOURCE);
        assert_eq!(modules[2].source, ISO_DURATION_SOURCE);
        assert_eq!(modules[3].source, NULL_PROPERTIES_SOURCE);
        assert_eq!(modules[4].source, REMOVED_SOURCE);
        assert_eq!(modules[6].source, UNDOCUMENTED_VALUE_SOURCE);
        let serde_support = &modules[5].source;
        assert!(serde_support.starts_with("//! Reading and writing the generated types"));
        assert!(serde_support.contains("#![allow(dead_code)]\n\n// Structs:"));
        // Plain comments survive.
        assert!(serde_support.contains("\n// Which helpers are used depends on"));
        assert!(serde_support.ends_with("}\n"));
        let reexports: Vec<Option<&str>> = modules.iter().map(|m| m.reexport).collect();
        assert_eq!(
            reexports,
            [
                Some("Changes"),
                Some("Collection"),
                Some("IsoDuration"),
                Some("NullProperties"),
                Some("Removed"),
                None,
                Some("UndocumentedValue")
            ]
        );
    }
}
