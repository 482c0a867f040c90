//! graphdoc: typed Rust models from the Microsoft Graph API reference docs.
//!
//! The pipeline, one module per step:
//! [`inputs::load`] finds and reads the input pages ([`read`]), [`resolve`] builds the
//! schema ([`model`]), [`lower`] decides the Rust crate ([`lower::CrateModel`]), [`emit`]
//! prints it as Rust source, and [`output`] writes the crate
//! atomically; [`pipeline`] runs the steps. [`diagnostics`] carries every finding with its
//! place in the docs.
//!
//! A run takes the inputs, the [`Settings`] (what to generate: selection, renames, type
//! mapping, diagnostics policy) and a target (where to write: a [`CrateDir`], or an
//! [`OutDirFile`] for a build script). [`ConfigFile::read`] gives all three from a
//! `graphdoc.toml`.
//!
//! ```no_run
//! use graphdoc::{CrateDir, Settings};
//!
//! let settings = Settings::new()
//!     .with_selected_area("cloud-pc")
//!     .with_rename("cloudPcDeviceImage", "DeviceImage");
//! let run = graphdoc::generate(&["docs-input"], &settings, &CrateDir::new("cloud-pc-models"));
//! for line in run.rendered_diagnostics() {
//!     eprint!("{line}");
//! }
//! assert!(!run.has_errors());
//! ```

pub mod api_diff;
pub mod build_script;
pub mod cache;
pub mod check;
pub mod config_file;
pub mod consumer_manifest;
pub mod diagnostics;
pub mod emit;
pub mod examples;
pub mod inputs;
pub mod lower;
pub mod model;
pub mod names;
pub mod output;
pub mod pipeline;
pub mod read;
pub mod report;
pub mod resolve;
pub mod select;
pub mod settings;
pub mod source;
pub mod sync;
pub mod target;
#[cfg(test)]
mod test_schema;

pub use build_script::{BuildError, OutDirOutput, generate_from_config, generate_to_out_dir};
pub use config_file::{ConfigError, ConfigFile};
pub use pipeline::{Run, generate, generate_in_memory, schema_only};
pub use settings::Settings;
pub use target::{CargoWarnings, CrateDir, OutDirFile};
