//! The support modules of a generated crate, as ordinary files.
//!
//! The emitter (`codegen/src/emit/support.rs`) copies these files into every generated
//! crate with `include_str!`: `src/serde_support.rs`, `src/changes.rs`, `src/iso_duration.rs`,
//! `src/null_properties.rs`, `src/undocumented_value.rs`, `src/collection.rs`,
//! `src/removed.rs` at the crate root, or inline `mod` blocks under the including module
//! in a build script's single file. This crate lays them out the same
//! way, so that they are compiled, linted and tested here as they are used there.
//!
//! `operation` (the sans-IO runtime of operations: `Operation`, `RequestBuilder`,
//! `QueryOptions`, the response readers and `GraphError`) is not copied yet: it will be,
//! into the crates that generate operations. It alone uses `http` and `percent-encoding`.
//!
//! Rules for the files, because of where they end up:
//! - they name each other with `super::` (they are all children of the generated root),
//!   never `crate::`;
//! - `serde_support` is assembled from pieces: the head of `serde_support/mod.rs` (its
//!   lines before the first `include!`), then the pieces the generated crate needs, in the
//!   order `mod.rs` includes them. Pieces hold only items (no inner attributes), name the
//!   crates they use by full path (no `use`, which could go unused), and may use what the
//!   pieces they depend on define (see `emit/support.rs`);
//! - tests live in `tests/`, not in the files, so that nothing test-only is copied.
//!
//! `cargo fmt` does not reach the `include!`d pieces of `serde_support`; format them with
//! `rustfmt --edition 2024 codegen/support/src/serde_support/*.rs` (`.ci/run` checks them).

mod changes;
mod collection;
mod iso_duration;
mod null_properties;
mod operation;
mod removed;
mod serde_support;
// Generated enums call `UndocumentedValue::new`; here only the tests do.
#[allow(dead_code)]
mod undocumented_value;

pub use self::changes::Changes;
pub use self::collection::Collection;
pub use self::iso_duration::IsoDuration;
pub use self::null_properties::NullProperties;
pub use self::operation::{
    BaseUrl, BuildError, ErrorDetail, GraphError, GraphErrorKind, InnerError, ODataError,
    Operation, QueryOptions, RedactedHeaders, RedactedRequest, RequestBuilder, RetryAfter,
    encode_path_segment, encode_query_component, odata_string_literal, parse_bytes,
    parse_collection, parse_empty, parse_json, parse_primitive, set_bearer_token,
};
pub use self::removed::Removed;
pub use self::undocumented_value::UndocumentedValue;

#[cfg(test)]
mod tests;
