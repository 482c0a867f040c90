//! The build-time models read a listing as the service returns it.

use build_consumer::graph::CloudPcDeviceImageStatus;
use build_consumer::newest_ready_image;

const LISTING: &str = r#"{
  "@odata.context": "https://graph.microsoft.com/beta/$metadata#deviceManagement/virtualEndpoint/deviceImages",
  "value": [
    {"id": "a", "displayName": "old", "status": "ready", "lastModifiedDateTime": "2023-01-01T00:00:00Z"},
    {"id": "b", "displayName": "new", "status": "ready", "lastModifiedDateTime": "2024-05-01T10:00:00Z"},
    {"id": "c", "displayName": "newest but failed", "status": "failed", "lastModifiedDateTime": "2024-06-01T00:00:00Z"},
    {"id": "d", "displayName": "from the future", "status": "archived", "lastModifiedDateTime": "2025-01-01T00:00:00Z"}
  ]
}"#;

#[test]
fn picks_the_newest_ready_image() {
    let image = newest_ready_image(LISTING).unwrap().unwrap();
    assert_eq!(image.id.as_deref(), Some("b"));
}

#[test]
fn an_undocumented_status_is_kept() {
    let listing: serde_json::Value = serde_json::from_str(LISTING).unwrap();
    let last = &listing["value"][3];
    let image: build_consumer::graph::CloudPcDeviceImage =
        serde_json::from_value(last.clone()).unwrap();
    let status = image.status.clone().unwrap();
    assert!(matches!(status, CloudPcDeviceImageStatus::Undocumented(_)));
    assert_eq!(status.as_str(), "archived");
    assert_eq!(serde_json::to_value(&image).unwrap(), *last);
}

#[test]
fn the_listing_reads_as_a_collection_and_writes_back() {
    let page: build_consumer::graph::Collection<build_consumer::graph::CloudPcDeviceImage> =
        serde_json::from_str(LISTING).unwrap();
    assert_eq!(page.len(), 4);
    assert!(page.is_last_page());
    assert!(page.context.as_deref().unwrap().ends_with("/deviceImages"));
    let listing: serde_json::Value = serde_json::from_str(LISTING).unwrap();
    assert_eq!(serde_json::to_value(&page).unwrap(), listing);
}
