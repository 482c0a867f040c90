//! Builds the body of `PATCH /users/{id}` two ways, and prints them:
//!
//! - from a user read from Graph and the user wanted: `Changes::changes_from` keeps only
//!   what differs (a new job title, a cleared mail address), not `id`,
//!   `createdDateTime` or the properties left alone;
//! - from nothing, in one expression: the fields set, and `null_properties` for the
//!   properties to clear.
//!
//! `cargo run -p graphdoc-guide --example patch_user`

use graphdoc_guide::data_dir;
use graphdoc_guide::graph::{Changes, Collection, User};
use serde_json::json;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // A user as `GET /users/{id}` returns it (here the first of a listing).
    let page: Collection<User> = serde_json::from_str(&std::fs::read_to_string(
        data_dir().join("users-page-1.json"),
    )?)?;
    let read = page
        .value
        .into_iter()
        .next()
        .ok_or("the listing is empty")?;
    assert!(read.id.is_some() && read.created_date_time.is_some());

    // The user wanted: a new title, the mail address cleared, the rest as read.
    let mut wanted = read.clone();
    wanted.job_title = Some("Senior cartographer".to_string());
    wanted.mail = None;
    let body = wanted.changes_from(&read);
    // {"jobTitle":"Senior cartographer","mail":null}
    println!("{}", serde_json::to_string(&body)?);
    assert_eq!(
        serde_json::Value::Object(body),
        json!({"jobTitle": "Senior cartographer", "mail": null}),
        "only what changed: no id, createdDateTime, displayName…"
    );
    // Nothing changed, nothing to send.
    assert!(read.changes_from(&read).is_empty());

    // Without a value read: the fields to set, and the properties to clear.
    let patch = User {
        job_title: Some("Senior cartographer".to_string()),
        null_properties: ["officeLocation"].into(),
        ..Default::default()
    };
    // {"jobTitle":"Senior cartographer","officeLocation":null}
    println!("{}", serde_json::to_string(&patch)?);
    assert_eq!(
        serde_json::to_value(&patch)?,
        json!({"jobTitle": "Senior cartographer", "officeLocation": null})
    );
    Ok(())
}
