//! Reads a list of users page by page, following `@odata.nextLink` as a program following
//! Graph's paging would (here the links name local files), and prints each page as it
//! would be written back.
//!
//! `cargo run -p graphdoc-guide --example read_users`

use graphdoc_guide::data_dir;
use graphdoc_guide::graph::{Collection, User};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut next = Some("users-page-1.json".to_string());
    let mut pages = 0;
    while let Some(link) = next {
        let text = std::fs::read_to_string(data_dir().join(&link))?;
        let page: Collection<User> = serde_json::from_str(&text)?;
        pages += 1;
        for user in &page {
            let name = user.display_name.as_deref().unwrap_or("(no name)");
            // `None` for both absent and null; `null_properties` tells them apart.
            let title = match &user.job_title {
                Some(title) => title.as_str(),
                None if user.null_properties.contains("jobTitle") => "(cleared)",
                None => "(not sent)",
            };
            let since = user.created_date_time.map(|t| t.date_naive().to_string());
            println!("{name}: {title}, since {}", since.as_deref().unwrap_or("?"));
        }
        println!(
            "page {pages} as written back: {}",
            serde_json::to_string(&page)?
        );
        next = page.next_link;
    }
    println!("{pages} pages read");
    Ok(())
}
