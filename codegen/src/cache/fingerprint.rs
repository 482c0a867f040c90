//! Fingerprints of what each item's file is printed from.
//!
//! An item's printer reads the item, the emit options and, of the rest of the crate model,
//! only its shape: the root, modules, features, dependencies, support needs, and every
//! other item without its doc text (paths, idents, fields, variants, features). An item's
//! fingerprint hashes all of that with the generator's identity, so a changed name,
//! type, feature or setting anywhere reprints every item, while an edited description
//! reprints only the items it documents. The test below checks that printers indeed read
//! no other item's docs.

use std::hash::Hash;
use std::sync::OnceLock;

use rayon::prelude::*;
use xxhash_rust::xxh3::Xxh3;

use crate::emit::EmitOptions;
use crate::lower::{
    Accessor, CrateModel, DispatchItem, EnumItem, Field, Item, ItemBody, RelationshipsItem,
    StructItem, Variant,
};

/// A 128-bit hash.
pub type Fingerprint = u128;

/// The fingerprints of a crate model's files.
#[derive(Debug, Clone, PartialEq)]
pub struct Fingerprints {
    /// Each item's, in item order.
    pub items: Vec<Fingerprint>,
    /// That of `lib.rs` and the namespaces' `mod.rs` files, which read the crate model's
    /// shape and the page count.
    pub modules: Fingerprint,
}

/// The fingerprints of the files of `model`, printed from `page_count` pages.
pub fn crate_files(model: &CrateModel, options: &EmitOptions, page_count: usize) -> Fingerprints {
    let (context, items) = context_and_items(model, options);
    Fingerprints {
        items,
        modules: hash(&(context, page_count, "modules")),
    }
}

/// The fingerprint of each item of `model`, in item order.
pub fn items(model: &CrateModel, options: &EmitOptions) -> Vec<Fingerprint> {
    context_and_items(model, options).1
}

fn context_and_items(model: &CrateModel, options: &EmitOptions) -> (Fingerprint, Vec<Fingerprint>) {
    let shapes: Vec<Fingerprint> = model
        .items
        .par_iter()
        .map(|item| {
            let mut hasher = Xxh3::new();
            hash_shape(item, &mut hasher);
            hasher.digest128()
        })
        .collect();
    let mut context = Xxh3::new();
    generator().hash(&mut context);
    format!("{options:?}").hash(&mut context);
    model.root.hash(&mut context);
    model.modules.hash(&mut context);
    model.features.hash(&mut context);
    model.default_features.hash(&mut context);
    model.dependencies.hash(&mut context);
    model.support.hash(&mut context);
    (model.type_count, model.enum_count).hash(&mut context);
    shapes.hash(&mut context);
    let context = context.digest128();
    let items = model
        .items
        .par_iter()
        .map(|item| hash(&(context, item)))
        .collect();
    (context, items)
}

/// The hash of anything hashable.
pub fn hash(value: &impl Hash) -> Fingerprint {
    let mut hasher = Xxh3::new();
    value.hash(&mut hasher);
    hasher.digest128()
}

/// The hash of a file's bytes.
pub fn bytes(data: &[u8]) -> Fingerprint {
    xxhash_rust::xxh3::xxh3_128(data)
}

/// What identifies this build of graphdoc: its version and its executable's size and
/// modification time, so that a rebuilt generator (or build script) reprints everything.
pub fn generator() -> &'static str {
    static GENERATOR: OnceLock<String> = OnceLock::new();
    GENERATOR.get_or_init(|| {
        let exe = std::env::current_exe()
            .and_then(std::fs::metadata)
            .map(|m| {
                let modified = m
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos());
                format!("{} {modified}", m.len())
            })
            // Without an identity, nothing can be reused safely: a unique one each run.
            .unwrap_or_else(|_| format!("unknown {:?}", std::time::SystemTime::now()));
        format!("graphdoc {} {exe}", env!("CARGO_PKG_VERSION"))
    })
}

/// Hashes the item without its doc text: what other items' printers may read of it.
/// Every struct is destructured whole, so a field added to the crate model is either
/// hashed or knowingly left out.
fn hash_shape(item: &Item, h: &mut Xxh3) {
    let Item {
        path,
        file_stem,
        export,
        features,
        pages,
        provenance,
        body,
    } = item;
    (path, file_stem, export, features, pages, provenance).hash(h);
    match body {
        ItemBody::Struct(StructItem {
            docs_name,
            doc: _,
            open,
            fields,
            relationships,
            dispatch_hook,
            odata_type,
        }) => {
            (
                0u8,
                docs_name,
                open,
                relationships,
                dispatch_hook,
                odata_type,
            )
                .hash(h);
            fields.len().hash(h);
            for field in fields {
                hash_field_shape(field, h);
            }
        }
        ItemBody::Enum(EnumItem {
            docs_name,
            doc: _,
            variants,
            has_values,
            variants_repeat_name,
        }) => {
            (1u8, docs_name, has_values, variants_repeat_name).hash(h);
            variants.len().hash(h);
            for Variant {
                ident,
                wire,
                value,
                doc: _,
                deprecated,
            } in variants
            {
                (ident, wire, value, deprecated).hash(h);
            }
        }
        ItemBody::Dispatch(DispatchItem {
            base,
            doc: _,
            variants,
            accessors,
        }) => {
            (2u8, base, variants).hash(h);
            accessors.len().hash(h);
            for Accessor {
                field,
                reads_deprecated,
            } in accessors
            {
                hash_field_shape(field, h);
                reads_deprecated.hash(h);
            }
        }
        ItemBody::Relationships(RelationshipsItem {
            owner,
            owner_ident,
            fields,
        }) => {
            (4u8, owner, owner_ident).hash(h);
            fields.len().hash(h);
            for field in fields {
                hash_field_shape(field, h);
            }
        }
        ItemBody::Support(module) => (3u8, module).hash(h),
    }
}

fn hash_field_shape(field: &Field, h: &mut Xxh3) {
    let Field {
        ident,
        wire,
        value,
        collection,
        codec,
        doc: _,
        deprecated,
        relationship,
    } = field;
    (
        ident,
        wire,
        value,
        collection,
        codec,
        deprecated,
        relationship,
    )
        .hash(h);
}

/// The item with its doc text removed.
#[cfg(test)]
fn without_docs(item: &Item) -> Item {
    let mut item = item.clone();
    match &mut item.body {
        ItemBody::Struct(s) => {
            s.doc.clear();
            for field in &mut s.fields {
                field.doc.clear();
            }
        }
        ItemBody::Enum(e) => {
            e.doc.clear();
            for variant in &mut e.variants {
                variant.doc.clear();
            }
        }
        ItemBody::Dispatch(d) => {
            d.doc.clear();
            for accessor in &mut d.accessors {
                accessor.field.doc.clear();
            }
        }
        ItemBody::Relationships(r) => {
            for field in &mut r.fields {
                field.doc.clear();
            }
        }
        ItemBody::Support(_) => {}
    }
    item
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;
    use crate::emit::print_item;
    use crate::lower;
    use crate::model::{Primitive, TypeRef};
    use crate::test_schema::{enumeration, name, property, schema, structure};

    fn model() -> (CrateModel, EmitOptions) {
        let mut base = structure(
            "animal",
            None,
            vec![
                property("legs", TypeRef::Primitive(Primitive::Int32)),
                property("colour", TypeRef::Enum(name("colour"))),
            ],
        );
        base.description = "An animal.".to_string();
        // A relationship: the cat's item is followed by `CatRelationships`.
        let mut owner = property("owner", TypeRef::Struct(name("person")));
        owner.navigation = true;
        let cat = structure("cat", Some("animal"), vec![owner]);
        let person = structure(
            "person",
            None,
            vec![property("pet", TypeRef::Struct(name("animal")))],
        );
        let colour = enumeration("colour", &["red", "blue"]);
        let schema = schema(vec![base, cat, person], vec![colour]);
        let options = EmitOptions {
            crate_name: "zoo".to_string(),
            regenerate_command: "regenerate".to_string(),
            root: "crate".to_string(),
            renames: Default::default(),
            mapping: Default::default(),
            default_features: Default::default(),
        };
        let model = lower::lower(
            &schema,
            &options.lower_options(true),
            &mut Diagnostics::default(),
        )
        .expect("the test schema lowers");
        (model, options)
    }

    fn set_docs(item: &mut Item, text: &str) {
        let blank = without_docs(item);
        // Every doc field `without_docs` clears gets `text` instead.
        let docs = |doc: &mut String| *doc = text.to_string();
        match &mut item.body {
            ItemBody::Struct(s) => {
                docs(&mut s.doc);
                s.fields.iter_mut().for_each(|f| docs(&mut f.doc));
            }
            ItemBody::Enum(e) => {
                docs(&mut e.doc);
                e.variants.iter_mut().for_each(|v| docs(&mut v.doc));
            }
            ItemBody::Dispatch(d) => {
                docs(&mut d.doc);
                d.accessors.iter_mut().for_each(|a| docs(&mut a.field.doc));
            }
            ItemBody::Relationships(r) => r.fields.iter_mut().for_each(|f| docs(&mut f.doc)),
            ItemBody::Support(_) => {}
        }
        assert_eq!(without_docs(item), blank, "only docs changed");
    }

    #[test]
    fn printers_read_no_other_items_docs() {
        let (model, _) = model();
        assert!(model.items.len() >= 5, "{} items", model.items.len());
        assert!(
            model
                .items
                .iter()
                .any(|item| matches!(item.body, ItemBody::Relationships(_))),
            "the model has a relationships item"
        );
        for (i, item) in model.items.iter().enumerate() {
            let before = print_item(&model, item).unwrap().to_string();
            let mut changed = model.clone();
            for (j, other) in changed.items.iter_mut().enumerate() {
                if j != i {
                    set_docs(other, "Changed docs.");
                }
            }
            let after = print_item(&changed, &changed.items[i]).unwrap().to_string();
            assert_eq!(
                before, after,
                "{} reads another item's docs",
                item.file_stem
            );
        }
    }

    fn shape(item: &Item) -> Fingerprint {
        let mut hasher = Xxh3::new();
        hash_shape(item, &mut hasher);
        hasher.digest128()
    }

    #[test]
    fn the_shape_is_the_item_without_its_docs() {
        let (model, _) = model();
        for item in &model.items {
            let mut edited = item.clone();
            set_docs(&mut edited, "Other docs.");
            assert_eq!(shape(item), shape(&edited), "{}", item.file_stem);
            assert_eq!(shape(item), shape(&without_docs(item)));
            let mut moved = item.clone();
            moved.path.ident.push('X');
            assert_ne!(shape(item), shape(&moved));
        }
        let mut items = model.items.iter().filter_map(|i| match &i.body {
            ItemBody::Struct(s) if !s.fields.is_empty() => Some(i.clone()),
            _ => None,
        });
        let item = items.next().expect("a struct with fields");
        let mut retyped = item.clone();
        if let ItemBody::Struct(s) = &mut retyped.body {
            s.fields[0].collection = !s.fields[0].collection;
        }
        assert_ne!(shape(&item), shape(&retyped));
    }

    #[test]
    fn a_doc_edit_changes_only_its_items_fingerprint() {
        let (model, options) = model();
        let before = items(&model, &options);
        let mut edited = model.clone();
        set_docs(&mut edited.items[0], "Edited.");
        let after = items(&edited, &options);
        assert_ne!(before[0], after[0]);
        assert_eq!(before[1..], after[1..]);
    }

    #[test]
    fn a_renamed_type_or_a_setting_changes_every_fingerprint() {
        let (model, options) = model();
        let before = items(&model, &options);
        let person = model
            .items
            .iter()
            .position(|i| i.path.ident == "Person")
            .expect("a Person item");
        let mut renamed = model.clone();
        renamed.items[person].path.ident = "Human".to_string();
        let after = items(&renamed, &options);
        assert!(before.iter().zip(&after).all(|(a, b)| a != b));

        let mut other = options.clone();
        other.regenerate_command = "another command".to_string();
        let after = items(&model, &other);
        assert!(before.iter().zip(&after).all(|(a, b)| a != b));
    }
}
