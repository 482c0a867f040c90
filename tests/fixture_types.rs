//! The good fixture pages' generated crate at work: every primitive mapping, durations
//! over .NET's whole range, base64 bytes, keyword fields, `@odata.type` dispatch in a
//! field, boxed relationships, inherited rows a derived page moved to the other table,
//! enums listed in several places, pages of a collection response read as
//! `Collection<T>`, and the changes-only body of an update (`Changes`); and a selection's
//! crate, whose relationships to what it does not generate are read and written as
//! undocumented properties.

use graphdoc_fixtures::contoso_records::{Record, RecordState};
use graphdoc_fixtures::{
    AnyEntity, AnyWidget, Changes, Collection, Gizmo, IsoDuration, PartKind, Removed,
    SpecialWidget, Sprocket, SprocketKit, SprocketSize, SprocketState, Widget, WidgetColor,
};
use serde_json::json;

#[test]
fn every_primitive_round_trips() {
    let input = json!({
        "id": "w1",
        "isEnabled": true,
        "level": 255,
        "offset": -3,
        "count": 2147483647,
        "total": 9007199254740993i64,
        "ratio": 0.5,
        "weight": 2.25,
        "createdDateTime": "9999-12-31T23:59:59.999Z",
        "shipDate": "2024-02-29",
        "openingTime": "08:30:00",
        "warmUp": "P10675199DT2H48M5.4775807S",
        "windows": ["PT1H30M", "P1D", "-PT15M", "PT0S"],
        "serial": "0f8fad5b-d9cb-469f-a165-70867728950e",
        "thumbnail": "aGVsbG8=",
        "relatedIds": ["7c9e6679-7425-40de-944b-e07fc1f90ae7"],
        "type": "gear",
        "self": "https://example.com/widgets/w1",
        "color": "blue",
        "settings": {"any": ["json", 1, null]}
    });
    let widget: Widget = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(widget.type_.as_deref(), Some("gear"));
    assert_eq!(
        widget.self_.as_deref(),
        Some("https://example.com/widgets/w1")
    );
    assert_eq!(widget.thumbnail.as_deref(), Some(&b"hello"[..]));
    assert_eq!(widget.color, Some(WidgetColor::Blue));
    assert_eq!(WidgetColor::Blue.value(), Some(2));
    let warm_up: chrono::TimeDelta = widget.warm_up.unwrap();
    assert_eq!(
        warm_up.num_seconds(),
        10_675_199 * 86_400 + 2 * 3600 + 48 * 60 + 5
    );
    assert_eq!(warm_up.subsec_nanos(), 477_580_700);
    assert_eq!(
        widget.ship_date,
        chrono::NaiveDate::from_ymd_opt(2024, 2, 29)
    );
    assert_eq!(
        widget.opening_time,
        chrono::NaiveTime::from_hms_opt(8, 30, 0)
    );
    assert!(
        widget.additional_data.is_empty(),
        "{:?}",
        widget.additional_data
    );
    assert_eq!(serde_json::to_value(&widget).unwrap(), input);
}

#[test]
fn inherited_rows_a_derived_page_moved_stay_where_the_base_has_them() {
    // `gizmo.md` lists entity's `id` under Relationships and widget's `parent` under
    // Properties: `id` is a property of `Gizmo` as of every entity, `parent` a
    // relationship as of every widget, and `AnyEntity::id()` reads it from a gizmo.
    let input = json!({
        "@odata.type": "#microsoft.graph.gizmo",
        "id": "g1",
        "charge": 80,
        "parent": {"id": "w1", "name": "Hub"},
        "spares": [{"id": "w2"}]
    });
    let gizmo: Gizmo = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(gizmo.id.as_deref(), Some("g1"));
    let relationships = gizmo.relationships.as_deref().unwrap();
    assert_eq!(relationships.parent.as_ref().unwrap().id(), Some("w1"));
    assert_eq!(relationships.spares.as_ref().unwrap().len(), 1);
    assert_eq!(serde_json::to_value(&gizmo).unwrap(), input);
    let any: AnyEntity = serde_json::from_value(input).unwrap();
    assert!(matches!(any, AnyEntity::Gizmo(_)));
    assert_eq!(any.id(), Some("g1"));
}

#[test]
fn durations_are_exact_and_written_with_days() {
    assert_eq!(IsoDuration::parse("PT90M").unwrap().num_seconds(), 5400);
    assert_eq!(
        IsoDuration::format(IsoDuration::parse("PT90M").unwrap()),
        "PT1H30M"
    );
    assert_eq!(
        IsoDuration::format(IsoDuration::parse("P2DT3H").unwrap()),
        "P2DT3H"
    );
    for bad in ["", "P", "PT", "1H", "P1Y", "PT1X", "P1DT"] {
        assert!(IsoDuration::parse(bad).is_err(), "{bad}");
    }
    let negative: Widget = serde_json::from_value(json!({"warmUp": "-P1DT0.5S"})).unwrap();
    assert_eq!(
        negative.warm_up,
        Some(-chrono::TimeDelta::days(1) - chrono::TimeDelta::milliseconds(500))
    );
    let error = serde_json::from_value::<Widget>(json!({"warmUp": "soon"})).unwrap_err();
    assert!(error.to_string().contains("not an ISO 8601"), "{error}");
}

#[test]
fn a_field_of_a_type_with_derived_types_dispatches() {
    let input = json!({
        "id": "w1",
        "parent": {"@odata.type": "#microsoft.graph.specialWidget", "id": "w0", "badge": "gold"},
        "children": [
            {"id": "w2"},
            {"@odata.type": "#microsoft.graph.futureWidget", "id": "w3"},
            {"id": "w4", "color": "blue", "@odata.type": "#microsoft.graph.specialWidget", "badge": "silver"}
        ],
        "mainPart": {"label": "axle", "kind": "JIS B4", "subPart": {"kind": "unknown"}}
    });
    let widget: Widget = serde_json::from_value(input.clone()).unwrap();
    let relationships = widget.relationships.as_deref().unwrap();
    let Some(AnyWidget::SpecialWidget(parent)) = &relationships.parent else {
        panic!("the parent is a specialWidget: {:?}", relationships.parent);
    };
    assert_eq!(parent.badge.as_deref(), Some("gold"));
    let children = relationships.children.as_ref().unwrap();
    assert!(matches!(children[0], AnyWidget::Widget(_)));
    assert!(matches!(children[1], AnyWidget::Other(_)));
    // `@odata.type` after other keys: what was read as the base type is read again as
    // the type named.
    let AnyWidget::SpecialWidget(late) = &children[2] else {
        panic!("`@odata.type` after `id` still chooses: {:?}", children[2]);
    };
    assert_eq!(late.badge.as_deref(), Some("silver"));
    assert_eq!(late.color, Some(WidgetColor::Blue));
    let untyped: AnyWidget =
        serde_json::from_value(json!({"id": "w5", "@odata.type": null})).unwrap();
    assert!(matches!(&untyped, AnyWidget::Widget(w) if w.odata_type.is_none()));
    let part = widget.main_part.as_ref().unwrap();
    assert_eq!(part.kind, Some(PartKind::JisB4));
    assert_eq!(
        part.sub_part.as_ref().unwrap().kind,
        Some(PartKind::Unknown)
    );
    assert_eq!(serde_json::to_value(&widget).unwrap(), input);
}

#[test]
fn relationships_are_held_apart_and_boxed() {
    // Without relationships, none is allocated.
    let plain: Widget = serde_json::from_value(json!({"id": "w0", "name": "cog"})).unwrap();
    assert!(plain.relationships.is_none());
    let input = json!({"id": "w1", "latestRecord": {"id": "r1", "state": "closed"}});
    let widget: Widget = serde_json::from_value(input.clone()).unwrap();
    let record: &Option<Box<Record>> = &widget.relationships.as_ref().unwrap().latest_record;
    assert_eq!(record.as_ref().unwrap().state, Some(RecordState::Closed));
    assert_eq!(serde_json::to_value(&widget).unwrap(), input);
    // A relationship set in code is written among the properties; a null one stays null.
    let mut built = Widget {
        id: Some("w2".to_string()),
        ..Widget::default()
    };
    built.relationships.get_or_insert_default().children = Some(Vec::new());
    built.null_properties.insert("parent");
    assert_eq!(
        serde_json::to_value(&built).unwrap(),
        json!({"id": "w2", "children": [], "parent": null})
    );
    let null_parent: Widget = serde_json::from_value(json!({"parent": null})).unwrap();
    assert_eq!(
        serde_json::to_value(&null_parent).unwrap(),
        json!({"parent": null})
    );
}

/// `sprocketState` has an enum page and a `### sprocketState values` table that adds a
/// member and spells another in another case; `sprocketSize` is listed by two pages'
/// tables only. Each is one enum with every member, and the enum page's annotation makes
/// no struct of its own (`Sprocket::state` is the enum).
#[test]
// `slipping` is a `(deprecated)` row: still a variant, marked `#[deprecated]`.
#[allow(deprecated)]
fn an_enum_listed_in_several_places_has_every_member() {
    let members: Vec<&str> = [
        SprocketState::Resting,
        SprocketState::SpinningUp,
        SprocketState::Turning,
        SprocketState::Slipping,
        SprocketState::WornOut,
        SprocketState::UnknownFutureValue,
        SprocketState::Jammed,
    ]
    .iter()
    .map(|m| m.as_str())
    .collect();
    assert_eq!(
        members,
        [
            "resting",
            "spinningUp",
            "turning",
            "slipping",
            "wornOut",
            "unknownFutureValue",
            "jammed"
        ]
    );
    // The enum page's values; the member only the other table lists has none.
    assert_eq!(SprocketState::Slipping.value(), Some(3));
    assert_eq!(SprocketState::Jammed.value(), None);
    let sizes: Vec<&str> = [
        SprocketSize::Small,
        SprocketSize::Medium,
        SprocketSize::Large,
        SprocketSize::ExtraLarge,
    ]
    .iter()
    .map(|m| m.as_str())
    .collect();
    assert_eq!(sizes, ["small", "medium", "large", "extraLarge"]);

    let input = json!({
        "@odata.type": "#microsoft.graph.sprocket",
        "id": "s1",
        "state": "jammed",
        "size": "extraLarge"
    });
    let sprocket: Sprocket = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(sprocket.state, Some(SprocketState::Jammed));
    assert_eq!(sprocket.size, Some(SprocketSize::ExtraLarge));
    assert_eq!(serde_json::to_value(&sprocket).unwrap(), input);
    let kit: SprocketKit = serde_json::from_value(json!({
        "sizes": ["small", "extraLarge"],
        "sprockets": [input]
    }))
    .unwrap();
    assert_eq!(
        kit.sizes,
        Some(vec![SprocketSize::Small, SprocketSize::ExtraLarge])
    );
}

/// The keys of a written value and what each holds, in order.
fn written(text: String) -> Vec<(String, serde_json::Value)> {
    let object: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&text).unwrap();
    object.into_iter().collect()
}

/// Explicit nulls survive a read and a write at every depth, in a collection of complex
/// values too; absent keys stay absent; a PATCH sets one property and clears another.
#[test]
fn absent_null_and_values_round_trip_in_collections_of_complex_values() {
    let input = r#"{"id":"w1","name":null,"parts":[{"label":"cog","kind":null},{"label":null}],"mainPart":null}"#;
    let widget: Widget = serde_json::from_str(input).unwrap();
    assert_eq!(widget.name, None);
    assert_eq!(
        widget.null_properties.iter().collect::<Vec<_>>(),
        ["mainPart", "name"]
    );
    let parts = widget.parts.as_ref().unwrap();
    assert_eq!(
        parts[0].null_properties.iter().collect::<Vec<_>>(),
        ["kind"]
    );
    assert_eq!(
        parts[1].null_properties.iter().collect::<Vec<_>>(),
        ["label"]
    );
    let json = |text: &str| serde_json::from_str::<serde_json::Value>(text).unwrap();
    assert_eq!(
        written(serde_json::to_string(&widget).unwrap()),
        [
            ("id".to_string(), json!("w1")),
            ("name".to_string(), serde_json::Value::Null),
            (
                "parts".to_string(),
                json(r#"[{"label":"cog","kind":null},{"label":null}]"#)
            ),
            ("mainPart".to_string(), serde_json::Value::Null),
        ]
    );

    let patch = Widget {
        color: Some(WidgetColor::Red),
        null_properties: ["name", "parts"].into(),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_string(&patch).unwrap(),
        r#"{"name":null,"color":"red","parts":null}"#
    );
}

/// A derived value built in code names its type when written, on its own or through its
/// `Any<Base>` enum, and reads back as the same variant; `TryFrom` takes it back out.
#[test]
fn a_derived_value_built_in_code_names_its_type() {
    let special = SpecialWidget {
        badge: Some("gold".to_string()),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&special).unwrap(),
        json!({"@odata.type": "#microsoft.graph.specialWidget", "badge": "gold"})
    );
    let any: AnyWidget = special.clone().into();
    let written = serde_json::to_value(&any).unwrap();
    assert_eq!(
        written["@odata.type"],
        json!("#microsoft.graph.specialWidget")
    );
    let back: AnyWidget = serde_json::from_value(written).unwrap();
    assert!(matches!(back, AnyWidget::SpecialWidget(_)), "{back:?}");
    let mut expected = special.clone();
    expected.odata_type = Some("#microsoft.graph.specialWidget".to_string());
    assert_eq!(SpecialWidget::try_from(back).unwrap(), expected);
    // The base type writes no `@odata.type` of its own (its base is `entity`).
    assert_eq!(serde_json::to_value(Widget::default()).unwrap(), json!({}));
    let plain: AnyWidget = Widget::default().into();
    let Err(plain) = SpecialWidget::try_from(plain) else {
        panic!("a widget is not a special widget");
    };
    assert!(Widget::try_from(plain).is_ok());
}

/// A derived type the docs do not describe keeps a typed base, losslessly.
#[test]
fn an_unknown_derived_type_keeps_a_typed_base() {
    let input = json!({
        "@odata.type": "#microsoft.graph.futureWidget",
        "id": "w9",
        "name": "Next",
        "gizmos": [1, 2]
    });
    let any: AnyWidget = serde_json::from_value(input.clone()).unwrap();
    let AnyWidget::Other(base) = &any else {
        panic!("{any:?}");
    };
    assert_eq!(base.name.as_deref(), Some("Next"));
    assert_eq!(any.id(), Some("w9"));
    assert_eq!(any.name(), Some("Next"));
    assert_eq!(any.odata_type(), Some("#microsoft.graph.futureWidget"));
    assert_eq!(any.additional_data()["gizmos"], json!([1, 2]));
    assert_eq!(serde_json::to_value(&any).unwrap(), input);
    let widget = Widget::try_from(any).unwrap();
    assert_eq!(widget.id.as_deref(), Some("w9"));
}

#[test]
fn times_of_day_keep_their_value_with_seven_fraction_digits() {
    // Graph writes times of day with .NET's seven fraction digits; chrono reads them and
    // writes the same time in the fewest groups of three.
    let widget: Widget = serde_json::from_value(json!({
        "openingTime": "08:30:00.0000000",
        "createdDateTime": "9999-12-31T23:59:59.9999999Z",
        "windows": ["PT0.0000001S"]
    }))
    .unwrap();
    assert_eq!(
        widget.opening_time,
        chrono::NaiveTime::from_hms_opt(8, 30, 0)
    );
    let written = serde_json::to_value(&widget).unwrap();
    assert_eq!(written["openingTime"], "08:30:00");
    assert_eq!(written["createdDateTime"], "9999-12-31T23:59:59.999999900Z");
    assert_eq!(written["windows"], json!(["PT0.0000001S"]));
    let later: Widget = serde_json::from_value(json!({"openingTime": "17:05:09.1234567"})).unwrap();
    let written = serde_json::to_value(&later).unwrap();
    assert_eq!(written["openingTime"], "17:05:09.123456700");
}

/// A page of a delta response, as Graph sends one: paging annotations, an annotation no
/// field names, and items of which one is `@removed`. Every key is read into its place
/// and written back as it was.
#[test]
fn a_page_of_widgets_reads_and_writes_back_key_by_key() {
    let input = json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#widgets",
        "@odata.count": 3,
        "@odata.nextLink": "https://graph.microsoft.com/v1.0/widgets/delta?$skiptoken=abc",
        "@contoso.pageNote": {"cached": true},
        "value": [
            {"id": "w1", "color": "blue", "@odata.etag": "W/\"1\""},
            {"@odata.type": "#microsoft.graph.specialWidget", "id": "w2", "badge": "gold"},
            {"id": "w3", "@removed": {"reason": "deleted"}}
        ]
    });
    let page: Collection<AnyWidget> = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(
        page.context.as_deref(),
        Some("https://graph.microsoft.com/v1.0/$metadata#widgets")
    );
    assert_eq!(page.count, Some(3));
    assert_eq!(
        page.next_link(),
        Some("https://graph.microsoft.com/v1.0/widgets/delta?$skiptoken=abc")
    );
    assert!(!page.is_last_page());
    assert_eq!(page.delta_link, None);
    assert_eq!(
        page.additional_data.keys().collect::<Vec<_>>(),
        ["@contoso.pageNote"]
    );
    assert_eq!(page.len(), 3);
    let AnyWidget::Widget(first) = &page.value[0] else {
        panic!("{:?}", page.value[0]);
    };
    assert_eq!(first.color, Some(WidgetColor::Blue));
    assert_eq!(Removed::from_additional_data(&first.additional_data), None);
    assert!(
        matches!(&page.value[1], AnyWidget::SpecialWidget(s) if s.badge.as_deref() == Some("gold"))
    );
    let AnyWidget::Widget(gone) = &page.value[2] else {
        panic!("{:?}", page.value[2]);
    };
    let removed = Removed::from_additional_data(&gone.additional_data).unwrap();
    assert!(removed.is_deleted());
    assert_eq!(removed.reason.as_deref(), Some("deleted"));

    let written = serde_json::to_value(&page).unwrap();
    let (written, input) = (written.as_object().unwrap(), input.as_object().unwrap());
    for (key, value) in input {
        assert_eq!(written.get(key), Some(value), "{key}");
    }
    assert_eq!(written.len(), input.len(), "{written:?}");
    // Text in, text out: the same page, keys in Graph's order.
    let text = serde_json::to_string(&page).unwrap();
    assert!(text.starts_with(r#"{"@odata.context":"#), "{text}");
    let again: Collection<AnyWidget> = serde_json::from_str(&text).unwrap();
    assert_eq!(again, page);

    // The last page of the round: a delta link, items as plain structs.
    let last: Collection<Widget> = serde_json::from_value(json!({
        "value": [{"id": "w4", "@removed": {"reason": "changed"}}],
        "@odata.deltaLink": "https://graph.microsoft.com/v1.0/widgets/delta?$deltatoken=xyz"
    }))
    .unwrap();
    assert!(last.is_last_page());
    assert!(last.delta_link().unwrap().ends_with("$deltatoken=xyz"));
    let changed: Vec<Removed> = last
        .iter()
        .filter_map(|w| Removed::from_additional_data(&w.additional_data))
        .collect();
    assert!(changed[0].is_changed());
    // Pages of enums and of primitives.
    let colors: Collection<WidgetColor> =
        serde_json::from_value(json!({"value": ["blue", "ultraviolet"]})).unwrap();
    assert_eq!(colors.value[0], WidgetColor::Blue);
    assert_eq!(colors.value[1].as_str(), "ultraviolet");
    let ids: Collection<String> = serde_json::from_value(json!({"value": ["w1"]})).unwrap();
    assert_eq!(ids.into_iter().collect::<Vec<_>>(), ["w1"]);
}

#[test]
fn a_relationship_outside_the_selection_lands_in_additional_data() {
    // The config fixture selects `widget` (and `widgetPart`), not the record its
    // `latestRecord` relationship leads to.
    let input = json!({
        "id": "w1",
        "color": "red",
        "parent": {"id": "w0"},
        "children": [{"id": "w2"}],
        "latestRecord": {"id": "r1", "state": "open"}
    });
    let widget: graphdoc_config_fixture::Widget = serde_json::from_value(input.clone()).unwrap();
    let relationships = widget.relationships.as_deref().unwrap();
    assert_eq!(
        relationships.parent.as_ref().unwrap().id.as_deref(),
        Some("w0")
    );
    assert_eq!(relationships.children.as_ref().unwrap().len(), 1);
    assert_eq!(
        widget.additional_data.keys().collect::<Vec<_>>(),
        ["latestRecord"]
    );
    assert_eq!(serde_json::to_value(&widget).unwrap(), input);
}

/// `changes` applied to `read` as a JSON merge patch (RFC 7386, one level: Graph replaces
/// complex values whole), without the `null`s Graph reads as absent.
fn merged(
    read: &serde_json::Value,
    changes: &serde_json::Map<String, serde_json::Value>,
) -> serde_json::Value {
    let mut merged = read.as_object().cloned().unwrap();
    for (key, value) in changes {
        merged.insert(key.clone(), value.clone());
    }
    without_nulls(serde_json::Value::Object(merged))
}

/// An object's properties that are not `null`: Graph reads a cleared property as absent.
fn without_nulls(value: serde_json::Value) -> serde_json::Value {
    let serde_json::Value::Object(map) = value else {
        return value;
    };
    serde_json::Value::Object(map.into_iter().filter(|(_, v)| !v.is_null()).collect())
}

#[test]
fn the_changes_of_a_value_read_and_modified_merge_back_into_the_wanted_value() {
    let read = json!({
        "@odata.etag": "W/\"3\"",
        "id": "w1",
        "name": "Sprocket",
        "createdDateTime": "2024-01-01T00:00:00Z",
        "level": 3,
        "color": "blue",
        "tags": ["a", "b"],
        "windows": ["PT1H30M"],
        "thumbnail": "aGVsbG8=",
        "mainPart": {"label": "gear", "kind": "spring", "blobs": ["aGVsbG8="]},
        "settings": {"x": 1},
        "oldName": null,
        "nickname": "sp"
    });
    let before: Widget = serde_json::from_value(read.clone()).unwrap();
    assert!(before.clone().changes_from(&before).is_empty());

    let mut after = before.clone();
    after.name = Some("Gear".to_string());
    after.level = None; // cleared
    after.null_properties.insert("ratio"); // cleared, though not read
    after.tags.as_mut().unwrap().push("c".to_string());
    after.main_part.as_mut().unwrap().label = Some("cog".to_string());
    after.additional_data.remove("nickname");
    after
        .additional_data
        .insert("motto".to_string(), json!("turn"));
    let changes = after.changes_from(&before);
    assert_eq!(
        serde_json::Value::Object(changes.clone()),
        json!({
            "name": "Gear",
            "level": null,
            "ratio": null,
            "tags": ["a", "b", "c"],
            // A complex value that differs is sent whole.
            "mainPart": {"label": "cog", "kind": "spring", "blobs": ["aGVsbG8="]},
            "nickname": null,
            "motto": "turn"
        })
    );
    let wanted = serde_json::to_value(&after).unwrap();
    assert_eq!(merged(&read, &changes), without_nulls(wanted.clone()));

    // Read again from the JSON the update leaves: the wanted value, to the last field.
    let updated: Widget = serde_json::from_value(merged(&read, &changes)).unwrap();
    let mut expected = after.clone();
    expected.null_properties = Default::default();
    let mut updated_cleaned = updated;
    updated_cleaned.null_properties = Default::default();
    assert_eq!(
        serde_json::to_value(&updated_cleaned).unwrap(),
        without_nulls(serde_json::to_value(&expected).unwrap())
    );
}
