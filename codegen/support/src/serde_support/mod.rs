//! Reading and writing the generated types: each key of an object is read once,
//! into its field or into `additional_data`, and written back in the same way.
// Which helpers are used depends on the cargo features enabled.
#![allow(dead_code)]

include!("structs.rs");
include!("members.rs");
include!("format.rs");
include!("format_single.rs");
include!("format_list.rs");
include!("base64.rs");
include!("dispatch.rs");
