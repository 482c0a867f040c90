//! Reading responses: every response kind, Graph's error bodies, `Retry-After`, and the
//! redaction of credentials in an error's `Debug`.

use std::time::{Duration, UNIX_EPOCH};

use serde_json::json;

use crate::{
    Collection, GraphError, GraphErrorKind, ODataError, RetryAfter, parse_bytes, parse_collection,
    parse_empty, parse_json, parse_primitive,
};

use super::structs::Widget;

/// A response with this status, headers and body.
fn response(status: u16, headers: &[(&str, &str)], body: &str) -> http::Response<Vec<u8>> {
    let mut builder = http::Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(body.as_bytes().to_vec()).unwrap()
}

/// The error of a response that must fail.
fn error(result: Result<impl std::fmt::Debug, GraphError>) -> GraphError {
    result.expect_err("the response must be an error")
}

/// Graph's answer to `GET /users/{id}` for an unknown id.
const NOT_FOUND: &str = r#"{
  "error": {
    "code": "Request_ResourceNotFound",
    "message": "Resource 'nobody' does not exist or one of its queried reference-property objects are not present.",
    "innerError": {
      "date": "2021-05-20T12:34:56",
      "request-id": "7c1e5a3b-0000-4f00-9000-000000000001",
      "client-request-id": "7c1e5a3b-0000-4f00-9000-000000000002"
    }
  }
}"#;

#[test]
fn empty_responses_accept_any_2xx() {
    parse_empty(response(204, &[], "")).unwrap();
    parse_empty(response(200, &[], "")).unwrap();
    parse_empty(response(202, &[("location", "https://x")], "")).unwrap();
    // A body the operation does not read is ignored.
    parse_empty(response(200, &[], r#"{"ignored": true}"#)).unwrap();
    assert_eq!(
        error(parse_empty(response(404, &[], NOT_FOUND))).status(),
        http::StatusCode::NOT_FOUND
    );
    // A redirect is not a success: the caller's client follows redirects.
    assert_eq!(
        error(parse_empty(response(302, &[], ""))).to_string(),
        "302 Found"
    );
}

#[test]
fn json_responses_read_the_type() {
    let widget: Widget = parse_json(response(200, &[], r#"{"displayName": "Gear"}"#)).unwrap();
    assert_eq!(widget.display_name.as_deref(), Some("Gear"));
    let created: Widget = parse_json(response(201, &[], r#"{"displayName": "Cog"}"#)).unwrap();
    assert_eq!(created.display_name.as_deref(), Some("Cog"));
    // The body's type is any `Deserialize`, `&[u8]` or `String` bodies too.
    let value: serde_json::Value =
        parse_json(http::Response::new(String::from(r#"{"a":1}"#))).unwrap();
    assert_eq!(value, json!({"a": 1}));
    let value: serde_json::Value = parse_json(http::Response::new(&b"[1]"[..])).unwrap();
    assert_eq!(value, json!([1]));
}

#[test]
fn a_body_that_is_not_the_type_is_a_distinct_error_keeping_the_body() {
    let body = r#"{"displayName": 42}"#;
    let error = error(parse_json::<Widget, _>(response(
        200,
        &[("request-id", "r1")],
        body,
    )));
    assert!(error.is_unexpected_body());
    assert!(matches!(
        error.kind(),
        GraphErrorKind::UnexpectedBody { expected, .. } if expected.ends_with("Widget")
    ));
    assert_eq!(error.status(), http::StatusCode::OK);
    assert_eq!(error.body(), body.as_bytes());
    assert_eq!(error.request_id(), Some("r1"));
    assert_eq!(error.code(), None);
    let shown = error.to_string();
    assert!(
        shown.starts_with("the 200 OK response's body is not a `") && shown.contains("Widget"),
        "{shown}"
    );
    assert!(std::error::Error::source(&error).is_some());
    // An empty body where JSON was expected is one too.
    assert!(error_of_empty().is_unexpected_body());
}

fn error_of_empty() -> GraphError {
    error(parse_json::<Widget, _>(response(200, &[], "")))
}

#[test]
fn collection_responses_read_a_page() {
    let page: Collection<Widget> = parse_collection(response(
        200,
        &[],
        r#"{
          "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#widgets",
          "@odata.nextLink": "https://graph.microsoft.com/v1.0/widgets?$skiptoken=X",
          "value": [{"displayName": "Gear"}, {"displayName": "Cog"}]
        }"#,
    ))
    .unwrap();
    assert_eq!(page.len(), 2);
    assert_eq!(
        page.next_link(),
        Some("https://graph.microsoft.com/v1.0/widgets?$skiptoken=X")
    );
    let missing = error(parse_collection::<Widget, _>(response(200, &[], "{}")));
    assert!(missing.is_unexpected_body());
}

#[test]
fn primitive_responses_in_each_shape() {
    // A function's result.
    let count: i64 = parse_primitive(response(
        200,
        &[],
        r#"{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#Edm.Int64", "value": 5}"#,
    ))
    .unwrap();
    assert_eq!(count, 5);
    let flag: bool = parse_primitive(response(200, &[], r#"{"value": true}"#)).unwrap();
    assert!(flag);
    // `/$count`, as `text/plain`.
    let count: u64 =
        parse_primitive(response(200, &[("content-type", "text/plain")], "42")).unwrap();
    assert_eq!(count, 42);
    // Plain text read as a string, even when it looks like JSON.
    let text: String = parse_primitive(response(200, &[], "hello world")).unwrap();
    assert_eq!(text, "hello world");
    let text: String = parse_primitive(response(200, &[], "42")).unwrap();
    assert_eq!(text, "42");
    let text: String = parse_primitive(response(200, &[], r#""quoted""#)).unwrap();
    assert_eq!(text, "quoted");
    // Not the type.
    let wrong = error(parse_primitive::<i64, _>(response(200, &[], "many")));
    assert!(wrong.is_unexpected_body());
    assert_eq!(wrong.body(), b"many");
}

#[test]
fn byte_responses_are_the_body_as_received() {
    let content = vec![0xFF, 0x00, 0xD8, 0x7B];
    let bytes = parse_bytes(http::Response::new(content.clone())).unwrap();
    assert_eq!(bytes, content);
    let failed = error(parse_bytes(response(403, &[], "")));
    assert_eq!(failed.status(), http::StatusCode::FORBIDDEN);
}

#[test]
fn graph_error_bodies_keep_code_message_and_inner_error() {
    let error = error(parse_json::<Widget, _>(response(
        404,
        &[
            ("content-type", "application/json"),
            ("request-id", "7c1e5a3b-0000-4f00-9000-00000000000a"),
            ("client-request-id", "7c1e5a3b-0000-4f00-9000-00000000000b"),
        ],
        NOT_FOUND,
    )));
    assert_eq!(error.status(), http::StatusCode::NOT_FOUND);
    assert!(!error.is_unexpected_body());
    assert_eq!(error.code(), Some("Request_ResourceNotFound"));
    assert!(
        error
            .message()
            .unwrap()
            .starts_with("Resource 'nobody' does not exist")
    );
    assert_eq!(
        error.to_string(),
        "Request_ResourceNotFound: Resource 'nobody' does not exist or one of its queried \
         reference-property objects are not present."
    );
    let inner = error.inner_error().unwrap();
    assert_eq!(inner.date.as_deref(), Some("2021-05-20T12:34:56"));
    assert_eq!(
        inner.request_id.as_deref(),
        Some("7c1e5a3b-0000-4f00-9000-000000000001")
    );
    assert_eq!(
        inner.client_request_id.as_deref(),
        Some("7c1e5a3b-0000-4f00-9000-000000000002")
    );
    // The headers win over the inner error.
    assert_eq!(
        error.request_id(),
        Some("7c1e5a3b-0000-4f00-9000-00000000000a")
    );
    assert_eq!(
        error.client_request_id(),
        Some("7c1e5a3b-0000-4f00-9000-00000000000b")
    );
    assert_eq!(error.body(), NOT_FOUND.as_bytes());
    assert_eq!(error.retry_after(), None);
    assert!(std::error::Error::source(&error).is_none());

    // Without the headers, the inner error's ids are used.
    let error = error_of(400, &[], NOT_FOUND);
    assert_eq!(
        error.request_id(),
        Some("7c1e5a3b-0000-4f00-9000-000000000001")
    );
    assert_eq!(
        error.client_request_id(),
        Some("7c1e5a3b-0000-4f00-9000-000000000002")
    );
}

fn error_of(status: u16, headers: &[(&str, &str)], body: &str) -> GraphError {
    error(parse_empty(response(status, headers, body)))
}

#[test]
fn other_error_shapes() {
    // Outlook's: no inner ids, a lowercase `innererror`, details and a target.
    let body = json!({"error": {
        "code": "ErrorInvalidProperty",
        "message": "The property is invalid.",
        "target": "subject",
        "details": [{"code": "TooLong", "message": "Too long.", "target": "subject"}],
        "innererror": {"code": "innerCode", "request-id": "r9", "innerError": {"x": 1}}
    }})
    .to_string();
    let error = error_of(400, &[], &body);
    let odata = error.odata_error().unwrap();
    assert_eq!(odata.target.as_deref(), Some("subject"));
    assert_eq!(odata.details[0].code.as_deref(), Some("TooLong"));
    let inner = odata.inner_error.as_ref().unwrap();
    assert_eq!(inner.code.as_deref(), Some("innerCode"));
    assert_eq!(inner.request_id.as_deref(), Some("r9"));
    assert_eq!(inner.additional_data["innerError"], json!({"x": 1}));

    // An OData v3 message object.
    let v3 = r#"{"error": {"code": "-1", "message": {"lang": "en-US", "value": "Nope."}}}"#;
    assert_eq!(error_of(500, &[], v3).to_string(), "-1: Nope.");
    assert_eq!(
        ODataError::from_body(v3.as_bytes()).unwrap().message,
        "Nope."
    );

    // No body, a body that is not JSON, JSON that is not Graph's error.
    assert_eq!(error_of(401, &[], "").to_string(), "401 Unauthorized");
    assert_eq!(
        error_of(502, &[], "<html>Bad gateway</html>").to_string(),
        "502 Bad Gateway: <html>Bad gateway</html>"
    );
    assert_eq!(
        error_of(400, &[], r#"{"message": "x"}"#).to_string(),
        r#"400 Bad Request: {"message": "x"}"#
    );
    assert_eq!(
        error_of(400, &[], r#"{"error": "invalid_grant"}"#).code(),
        None
    );
    let long = "x".repeat(500);
    let shown = error_of(500, &[], &long).to_string();
    assert!(shown.ends_with('…') && shown.len() < 250, "{shown}");
}

#[test]
fn retry_after_in_seconds_and_as_a_date() {
    let throttled = error_of(
        429,
        &[("retry-after", "120")],
        r#"{"error": {"code": "TooManyRequests", "message": "Please retry again later."}}"#,
    );
    assert_eq!(
        throttled.retry_after(),
        Some(&RetryAfter::Delay(Duration::from_secs(120)))
    );
    assert_eq!(
        throttled.to_string(),
        "TooManyRequests: Please retry again later."
    );

    // RFC 9110's example date, 784111777 seconds after the epoch.
    let unavailable = error_of(503, &[("retry-after", "Sun, 06 Nov 1994 08:49:37 GMT")], "");
    let at = UNIX_EPOCH + Duration::from_secs(784_111_777);
    assert_eq!(unavailable.retry_after(), Some(&RetryAfter::At(at)));
    assert_eq!(
        unavailable
            .retry_after()
            .unwrap()
            .delay_from(at - Duration::from_secs(30)),
        Some(Duration::from_secs(30))
    );
    assert_eq!(
        unavailable
            .retry_after()
            .unwrap()
            .delay_from(at + Duration::from_secs(5)),
        Some(Duration::ZERO)
    );

    assert_eq!(
        RetryAfter::parse("Wed, 29 Feb 2012 23:59:60 GMT"),
        RetryAfter::At(UNIX_EPOCH + Duration::from_secs(1_330_560_000))
    );
    assert_eq!(
        RetryAfter::parse("Thu, 01 Jan 1970 00:00:00 GMT"),
        RetryAfter::At(UNIX_EPOCH)
    );
    for raw in [
        "soon",
        "+5",
        "-1",
        "1.5",
        "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994",
        "Tue, 30 Feb 2021 00:00:00 GMT",
        "Sun, 06 Nov 1994 08:49:37 UTC",
    ] {
        let parsed = RetryAfter::parse(raw);
        assert_eq!(parsed, RetryAfter::Raw(raw.to_string()), "{raw}");
        assert_eq!(parsed.delay_from(UNIX_EPOCH), None);
    }
    assert_eq!(
        RetryAfter::parse(" 7 "),
        RetryAfter::Delay(Duration::from_secs(7))
    );
}

#[test]
fn an_error_from_a_streamed_response() {
    let mut headers = http::HeaderMap::new();
    headers.insert("request-id", http::HeaderValue::from_static("r2"));
    let error = GraphError::from_response(
        http::StatusCode::SERVICE_UNAVAILABLE,
        headers,
        NOT_FOUND.as_bytes().to_vec(),
    );
    assert_eq!(error.code(), Some("Request_ResourceNotFound"));
    assert_eq!(error.request_id(), Some("r2"));
    assert_eq!(error.headers()["request-id"], "r2");
    assert!(matches!(error.kind(), GraphErrorKind::Status(Some(_))));
}

#[test]
fn an_error_debug_never_shows_an_authorization_value() {
    let error = error_of(
        401,
        &[
            ("authorization", "Bearer secret-token-4"),
            ("set-cookie", "session=secret-cookie"),
            ("www-authenticate", "Bearer realm=\"\""),
        ],
        NOT_FOUND,
    );
    let shown = format!("{error:?}");
    assert!(!shown.contains("secret-token-4"), "{shown}");
    assert!(!shown.contains("secret-cookie"), "{shown}");
    assert!(shown.contains("www-authenticate"), "{shown}");
    assert!(shown.contains("Request_ResourceNotFound"), "{shown}");
}
