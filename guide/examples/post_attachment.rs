//! Builds the body of `POST /me/messages/{id}/attachments` for a file: a value of the
//! derived type `fileAttachment`, which the service tells from other attachments by its
//! `@odata.type`, written without setting it by hand. Reads it back through the base
//! type's `Any` enum and takes the file back out.
//!
//! `cargo run -p graphdoc-guide --example post_attachment`

use graphdoc_guide::graph::{AnyAttachment, FileAttachment};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let file = FileAttachment {
        name: Some("route.txt".to_string()),
        content_type: Some("text/plain".to_string()),
        content_bytes: Some(b"North along the river, then east.".to_vec()),
        ..Default::default()
    };
    let body: AnyAttachment = file.into();
    let text = serde_json::to_string(&body)?;
    // {"@odata.type":"#microsoft.graph.fileAttachment","name":"route.txt",…}
    println!("{text}");

    let read: AnyAttachment = serde_json::from_str(&text)?;
    // The base type's properties, whatever the attachment's type.
    println!("read back: {:?} ({:?})", read.name(), read.odata_type());
    let file = FileAttachment::try_from(read).map_err(|other| format!("not a file: {other:?}"))?;
    println!(
        "{} bytes of content",
        file.content_bytes.map_or(0, |bytes| bytes.len())
    );
    Ok(())
}
