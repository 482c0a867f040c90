use serde_json::{Value, json};

use super::dispatch::AnyEntity;
use super::structs::{Color, Widget};
use crate::{Collection, Removed};

/// Reads a page from text and from a `Value`, and checks it writes back as it was.
fn round_trip<T>(json: Value) -> Collection<T>
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let text = json.to_string();
    let page: Collection<T> = serde_json::from_str(&text).unwrap();
    assert_eq!(serde_json::to_value(&page).unwrap(), json, "from text");
    let from_value: Collection<T> = serde_json::from_value(json).unwrap();
    assert_eq!(from_value, page, "from a serde_json::Value");
    page
}

#[test]
fn reads_the_paging_annotations_and_keeps_the_rest() {
    let page: Collection<Widget> = round_trip(json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#widgets",
        "@odata.count": 3,
        "@odata.nextLink": "https://graph.microsoft.com/v1.0/widgets?$skiptoken=X",
        "@microsoft.graph.tips": "Use $select to choose the properties",
        "value": [
            {"displayName": "Gear", "color": "red"},
            {"displayName": "Cog", "color": "teal", "@odata.etag": "W/\"1\""}
        ]
    }));
    assert_eq!(
        page.context.as_deref(),
        Some("https://graph.microsoft.com/v1.0/$metadata#widgets")
    );
    assert_eq!(page.count, Some(3));
    assert_eq!(
        page.next_link(),
        Some("https://graph.microsoft.com/v1.0/widgets?$skiptoken=X")
    );
    assert!(!page.is_last_page());
    assert_eq!(page.delta_link(), None);
    assert_eq!(
        page.additional_data.keys().collect::<Vec<_>>(),
        ["@microsoft.graph.tips"]
    );
    assert_eq!(page.len(), 2);
    let names: Vec<&str> = page
        .iter()
        .filter_map(|w| w.display_name.as_deref())
        .collect();
    assert_eq!(names, ["Gear", "Cog"]);
}

#[test]
fn the_last_page_of_a_delta_has_a_delta_link_and_removed_items() {
    let page: Collection<Widget> = round_trip(json!({
        "value": [
            {"displayName": "Gear"},
            {"displayName": "Cog", "@removed": {"reason": "deleted"}},
            {"displayName": "Bolt", "@removed": {"reason": "changed"}},
            {"displayName": "Nut", "@removed": {}}
        ],
        "@odata.deltaLink": "https://graph.microsoft.com/v1.0/widgets/delta?$deltatoken=Y"
    }));
    assert!(page.is_last_page());
    assert_eq!(
        page.delta_link(),
        Some("https://graph.microsoft.com/v1.0/widgets/delta?$deltatoken=Y")
    );
    let removed: Vec<Option<Removed>> = page
        .iter()
        .map(|w| Removed::from_additional_data(&w.additional_data))
        .collect();
    assert_eq!(removed[0], None);
    let deleted = removed[1].as_ref().unwrap();
    assert!(deleted.is_deleted() && !deleted.is_changed());
    assert_eq!(deleted.reason.as_deref(), Some("deleted"));
    let changed = removed[2].as_ref().unwrap();
    assert!(changed.is_changed() && !changed.is_deleted());
    assert_eq!(removed[3], Some(Removed { reason: None }));
}

#[test]
fn removed_reads_items_kept_as_json() {
    let page: Collection<Value> = round_trip(json!({
        "value": [{"id": "1"}, {"id": "2", "@removed": {"reason": "deleted"}}, "text"]
    }));
    let removed: Vec<Option<Removed>> = page.iter().map(Removed::from_json).collect();
    assert_eq!(
        removed,
        [
            None,
            Some(Removed {
                reason: Some("deleted".to_string())
            }),
            None
        ]
    );
    assert_eq!(Removed::KEY, "@removed");
}

#[test]
fn items_may_be_dispatch_enums_enums_and_primitives() {
    let page: Collection<AnyEntity> = round_trip(json!({
        "value": [
            {"@odata.type": "#microsoft.graph.user", "id": "1", "displayName": "Ann",
             "@removed": {"reason": "changed"}},
            {"id": "2"},
            {"@odata.type": "#microsoft.graph.device", "id": "3"}
        ]
    }));
    match &page.value[0] {
        AnyEntity::User(user) => {
            assert_eq!(user.display_name.as_deref(), Some("Ann"));
            let removed = Removed::from_additional_data(&user.additional_data).unwrap();
            assert!(removed.is_changed());
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(&page.value[1], AnyEntity::Entity(e) if e.id.as_deref() == Some("2")));
    match &page.value[2] {
        AnyEntity::Other(base) => {
            assert_eq!(Removed::from_additional_data(&base.additional_data), None)
        }
        other => panic!("{other:?}"),
    }

    let colors: Collection<Color> = round_trip(json!({"value": ["red", "teal"]}));
    assert_eq!(colors.value[0], Color::Red);
    let strings: Collection<String> = round_trip(json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#Collection(Edm.String)",
        "value": ["a", "b"]
    }));
    assert_eq!(strings.into_iter().collect::<Vec<_>>(), ["a", "b"]);
    let numbers: Collection<i64> = round_trip(json!({"value": []}));
    assert!(numbers.is_empty());
}

#[test]
fn keys_come_in_any_order_and_null_annotations_are_absent() {
    let page: Collection<String> = serde_json::from_value(json!({
        "value": ["a"],
        "@odata.nextLink": null,
        "@odata.count": null,
        "@odata.context": "c",
        "@odata.context\u{0}": 1
    }))
    .unwrap();
    assert_eq!(page.next_link, None);
    assert_eq!(page.count, None);
    assert_eq!(page.context.as_deref(), Some("c"));
    assert_eq!(page.additional_data["@odata.context\u{0}"], json!(1));
    // Escaped keys are matched once unescaped.
    let page: Collection<String> =
        serde_json::from_str(r#"{"\u0076alue": ["a"], "@odata.next\u004cink": "n"}"#).unwrap();
    assert_eq!(page.value, ["a"]);
    assert_eq!(page.next_link(), Some("n"));
    // Writing puts the annotations first, `@odata.deltaLink` last.
    let page = Collection {
        delta_link: Some("d".to_string()),
        count: Some(1),
        ..Collection::from(vec!["x".to_string()])
    };
    assert_eq!(
        serde_json::to_string(&page).unwrap(),
        r#"{"@odata.count":1,"value":["x"],"@odata.deltaLink":"d"}"#
    );
}

#[test]
fn a_page_needs_its_value() {
    let missing = serde_json::from_value::<Collection<String>>(json!({"@odata.count": 0}));
    assert!(
        missing
            .unwrap_err()
            .to_string()
            .contains("missing field `value`")
    );
    let array = serde_json::from_value::<Collection<String>>(json!(["a"]));
    assert!(
        array
            .unwrap_err()
            .to_string()
            .contains("an object with a `value` array")
    );
    let wrong = serde_json::from_value::<Collection<i64>>(json!({"value": ["a"]}));
    assert!(wrong.is_err());
}

#[test]
fn conveniences() {
    let mut page: Collection<i32> = (1..=3).collect();
    assert_eq!(page, Collection::new(vec![1, 2, 3]));
    for n in &mut page {
        *n *= 2;
    }
    assert_eq!((&page).into_iter().sum::<i32>(), 12);
    assert_eq!(Collection::<i32>::default(), Collection::new(Vec::new()));
    assert!(Collection::<i32>::default().is_last_page());
    let cloned = page.clone();
    assert_eq!(cloned, page);
    assert!(format!("{page:?}").starts_with("Collection { value: [2, 4, 6]"));
}
