//! graphdoc: typed Rust models from the Microsoft Graph API reference docs.
//!
//! The pipeline, one module per step:
//! [`pipeline::load`] reads the input pages ([`read`]), [`resolve`] builds the schema
//! ([`model`]), [`emit`] turns it into Rust source, and [`output`] writes the crate
//! atomically. [`diagnostics`] carries every finding with its place in the docs.
//!
//! ```no_run
//! let config = codegen::Config::new().input("docs-input").out("generated");
//! let run = codegen::generate(&config);
//! for line in run.rendered_diagnostics() {
//!     eprint!("{line}");
//! }
//! assert!(!run.has_errors());
//! ```

pub mod build_script;
pub mod check;
pub mod config_file;
pub mod diagnostics;
pub mod emit;
pub mod examples;
pub mod model;
pub mod names;
pub mod output;
pub mod pipeline;
pub mod read;
pub mod report;
pub mod resolve;
pub mod select;
pub mod source;

pub use pipeline::{Config, Run, generate, generate_in_memory, schema_only};
