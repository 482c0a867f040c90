//! Builds the body of `PATCH /users/{id}` that sets one property and clears another, in one
//! expression, and prints it.
//!
//! `cargo run -p graphdoc-guide --example patch_user`

use graphdoc_guide::graph::User;

fn main() -> Result<(), serde_json::Error> {
    let patch = User {
        job_title: Some("Senior cartographer".to_string()),
        null_properties: ["officeLocation"].into(),
        ..Default::default()
    };
    // {"jobTitle":"Senior cartographer","officeLocation":null}
    println!("{}", serde_json::to_string(&patch)?);
    Ok(())
}
