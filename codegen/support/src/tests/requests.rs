//! Building requests: the base URL, path encoding, OData literals, the query string,
//! headers, bodies, and hand-written operations shaped like the generated ones.

use serde_json::json;

use crate::{
    BaseUrl, BuildError, GraphError, Operation, QueryOptions, RedactedRequest, RequestBuilder,
    encode_path_segment, encode_query_component, odata_string_literal, parse_empty, parse_json,
    set_bearer_token,
};

use super::structs::Widget;

/// `GET /users/{id}/messages/{message-id}`, as a generated operation would be written.
struct GetMessage {
    user_id: String,
    message_id: String,
    query: QueryOptions,
}

impl Operation for GetMessage {
    const ID: &'static str = "message-get";
    const METHOD: http::Method = http::Method::GET;
    type Response = Widget;
    fn to_request(&self, base: &BaseUrl) -> Result<http::Request<Vec<u8>>, BuildError> {
        RequestBuilder::new(Self::METHOD, base)
            .path("/users/")
            .param(&self.user_id)
            .path("/messages/")
            .param(&self.message_id)
            .query_options(&self.query)
            .build()
    }
    fn parse_response<B: AsRef<[u8]>>(response: http::Response<B>) -> Result<Widget, GraphError> {
        parse_json(response)
    }
}

/// `POST /applications(appId='{appId}')/addPassword`, with a JSON body.
struct AddPassword {
    app_id: String,
    body: Widget,
}

impl Operation for AddPassword {
    const ID: &'static str = "application-addpassword";
    const METHOD: http::Method = http::Method::POST;
    type Response = ();
    fn to_request(&self, base: &BaseUrl) -> Result<http::Request<Vec<u8>>, BuildError> {
        RequestBuilder::new(Self::METHOD, base)
            .path("/applications(appId=")
            .string_param(&self.app_id)
            .path(")/addPassword")
            .json(&self.body)
            .build()
    }
    fn parse_response<B: AsRef<[u8]>>(response: http::Response<B>) -> Result<(), GraphError> {
        parse_empty(response)
    }
}

fn uri(request: &http::Request<Vec<u8>>) -> String {
    request.uri().to_string()
}

#[test]
fn base_urls_are_checked_and_lose_their_trailing_slash() {
    assert_eq!(BaseUrl::v1_0().as_str(), "https://graph.microsoft.com/v1.0");
    assert_eq!(BaseUrl::beta().as_str(), "https://graph.microsoft.com/beta");
    let base = BaseUrl::new("https://graph.microsoft.com/v1.0//").unwrap();
    assert_eq!(base, BaseUrl::v1_0());
    assert_eq!(
        "http://localhost:8080"
            .parse::<BaseUrl>()
            .unwrap()
            .to_string(),
        "http://localhost:8080"
    );
    for bad in [
        "graph.microsoft.com/v1.0",
        "ftp://graph.microsoft.com",
        "https://graph.microsoft.com/v1.0?x=1",
        "https://graph.microsoft.com/v1.0#top",
        "https://user:secret@graph.microsoft.com/v1.0",
        "https://graph microsoft.com",
        "",
    ] {
        let error = BaseUrl::new(bad).unwrap_err();
        assert!(
            matches!(error, BuildError::BaseUrl { .. }),
            "{bad}: {error}"
        );
    }
}

#[test]
fn a_parameter_stays_one_segment_whatever_it_holds() {
    for (value, encoded) in [
        ("a/b", "a%2Fb"),
        ("a?b", "a%3Fb"),
        ("a#b", "a%23b"),
        ("100%", "100%25"),
        ("O'Neil", "O%27Neil"),
        ("a b", "a%20b"),
        ("café", "caf%C3%A9"),
        ("日本", "%E6%97%A5%E6%9C%AC"),
        // An id that is already encoded is a different id: its `%` is encoded.
        ("a%2Fb", "a%252Fb"),
        ("alice@contoso.com", "alice%40contoso.com"),
        ("$value", "%24value"),
        ("a:b", "a%3Ab"),
        ("AZaz09-._~", "AZaz09-._~"),
    ] {
        assert_eq!(encode_path_segment(value), encoded, "{value}");
        let request = GetMessage {
            user_id: value.to_string(),
            message_id: "m1".to_string(),
            query: QueryOptions::new(),
        }
        .to_request(&BaseUrl::v1_0())
        .unwrap();
        assert_eq!(
            uri(&request),
            format!("https://graph.microsoft.com/v1.0/users/{encoded}/messages/m1")
        );
        assert_eq!(request.uri().path().split('/').count(), 6, "{value}");
        let decoded =
            percent_encoding::percent_decode_str(request.uri().path().split('/').nth(3).unwrap())
                .decode_utf8()
                .unwrap();
        assert_eq!(decoded, value);
    }
}

#[test]
fn odata_string_literals_double_their_quotes() {
    assert_eq!(odata_string_literal("D7"), "'D7'");
    assert_eq!(odata_string_literal("O'Neil"), "'O''Neil'");
    assert_eq!(odata_string_literal("''"), "''''''");
    assert_eq!(odata_string_literal(""), "''");

    let request = AddPassword {
        app_id: "O'Neil/app 1".to_string(),
        body: Widget::default(),
    }
    .to_request(&BaseUrl::v1_0())
    .unwrap();
    assert_eq!(
        uri(&request),
        "https://graph.microsoft.com/v1.0/applications(appId='O''Neil%2Fapp%201')/addPassword"
    );
}

#[test]
fn function_parameters_and_literal_paths() {
    let request = RequestBuilder::new(http::Method::GET, &BaseUrl::beta())
        .path("/reports/getOffice365ActiveUserCounts(period=")
        .string_param("D7")
        .path(")")
        .build()
        .unwrap();
    assert_eq!(
        uri(&request),
        "https://graph.microsoft.com/beta/reports/getOffice365ActiveUserCounts(period='D7')"
    );
    let request = RequestBuilder::new(http::Method::DELETE, &BaseUrl::v1_0())
        .path("/groups/")
        .param("g1")
        .path("/members/")
        .param("u1")
        .path("/$ref")
        .build()
        .unwrap();
    assert_eq!(
        uri(&request),
        "https://graph.microsoft.com/v1.0/groups/g1/members/u1/$ref"
    );
    assert_eq!(request.method(), http::Method::DELETE);
}

#[test]
fn a_drive_item_path_keeps_its_slashes_and_encodes_its_names() {
    let request = RequestBuilder::new(http::Method::GET, &BaseUrl::v1_0())
        .path("/me/drive/root:/")
        .path_param("Q1 reports/a:b?#%.docx")
        .path(":/content")
        .build()
        .unwrap();
    assert_eq!(
        uri(&request),
        "https://graph.microsoft.com/v1.0/me/drive/root:/Q1%20reports/a%3Ab%3F%23%25.docx:/content"
    );
}

#[test]
fn query_options_are_encoded_in_a_fixed_order() {
    let options = QueryOptions::new()
        .select(["id", "displayName"])
        .expand(["members($select=id,displayName)"])
        .filter(format!(
            "startswith(displayName,{}) and mail eq {}",
            odata_string_literal("O'Neil & co"),
            odata_string_literal("a+b@contoso.com")
        ))
        .orderby(["displayName desc", "id"])
        .search("displayName:room \"42\"")
        .top(10)
        .skip(20)
        .count(true)
        .skip_token("X%2FY")
        .format("json")
        .extra("$deltatoken", "abc=");
    assert_eq!(
        options.to_query_string(),
        "$select=id,displayName\
         &$expand=members($select%3Did,displayName)\
         &$filter=startswith(displayName,'O''Neil%20%26%20co')%20and%20mail%20eq%20'a%2Bb@contoso.com'\
         &$orderby=displayName%20desc,id\
         &$search=%22displayName:room%20%5C%2242%5C%22%22\
         &$top=10&$skip=20&$count=true&$skiptoken=X%252FY&$format=json&$deltatoken=abc%3D"
    );
    assert_eq!(
        options.pairs()[4],
        (
            "$search".to_string(),
            r#""displayName:room \"42\"""#.to_string()
        )
    );
    assert!(QueryOptions::new().is_empty());
    assert_eq!(QueryOptions::new().to_query_string(), "");
    assert_eq!(
        QueryOptions::new()
            .search_expression(r#""displayName:a" OR "mail:b""#)
            .to_query_string(),
        "$search=%22displayName:a%22%20OR%20%22mail:b%22"
    );
    assert_eq!(
        encode_query_component("a b+c&d=e#f%g"),
        "a%20b%2Bc%26d%3De%23f%25g"
    );
}

#[test]
fn query_pairs_follow_the_path_and_each_other() {
    let request = GetMessage {
        user_id: "u1".to_string(),
        message_id: "m1".to_string(),
        query: QueryOptions::new().select(["subject"]).top(1),
    }
    .to_request(&BaseUrl::v1_0())
    .unwrap();
    assert_eq!(request.uri().query(), Some("$select=subject&$top=1"));
    let request = RequestBuilder::new(http::Method::GET, &BaseUrl::v1_0())
        .path("/me/calendarView")
        .query("startDateTime", "2021-01-01T00:00:00+01:00")
        .query_options(&QueryOptions::new().top(5))
        .build()
        .unwrap();
    assert_eq!(
        request.uri().query(),
        Some("startDateTime=2021-01-01T00:00:00%2B01:00&$top=5")
    );
}

#[test]
fn json_bodies_and_headers() {
    let request = AddPassword {
        app_id: "a".to_string(),
        body: serde_json::from_value(json!({"displayName": "Gear"})).unwrap(),
    }
    .to_request(&BaseUrl::v1_0())
    .unwrap();
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(request.headers()["content-type"], "application/json");
    let body: serde_json::Value = serde_json::from_slice(request.body()).unwrap();
    assert_eq!(body, json!({"displayName": "Gear"}));
    assert_eq!(AddPassword::ID, "application-addpassword");

    let request = RequestBuilder::new(http::Method::PUT, &BaseUrl::v1_0())
        .path("/me/photo/$value")
        .header("ConsistencyLevel", "eventual")
        .header("Prefer", "a")
        .header("Prefer", "b")
        .body(vec![1, 2, 3], "image/jpeg")
        .build()
        .unwrap();
    assert_eq!(request.headers()["consistencylevel"], "eventual");
    assert_eq!(request.headers().get_all("prefer").iter().count(), 2);
    assert_eq!(request.headers()["content-type"], "image/jpeg");
    assert_eq!(request.body(), &[1, 2, 3]);
}

#[test]
fn a_request_that_cannot_be_built_is_a_build_error() {
    let bad_name = RequestBuilder::new(http::Method::GET, &BaseUrl::v1_0())
        .header("bad name", "x")
        .build()
        .unwrap_err();
    assert!(matches!(bad_name, BuildError::HeaderName { .. }));
    let bad_value = RequestBuilder::new(http::Method::GET, &BaseUrl::v1_0())
        .header("Authorization", "Bearer secret\nX-Evil: 1")
        .header("bad name", "x")
        .build()
        .unwrap_err();
    // The first problem is kept, and the value (a credential, maybe) is not shown.
    assert_eq!(
        bad_value.to_string(),
        "invalid value for header `authorization`"
    );
    assert!(!format!("{bad_value:?}").contains("secret"));

    // A map with non-string keys does not serialize to JSON.
    let body: std::collections::BTreeMap<(u8, u8), u8> = [((1, 2), 3)].into();
    let error = RequestBuilder::new(http::Method::POST, &BaseUrl::v1_0())
        .json(&body)
        .build()
        .unwrap_err();
    assert!(matches!(error, BuildError::Body(_)));
    assert!(std::error::Error::source(&error).is_some());
}

#[test]
fn debug_never_shows_an_authorization_value() {
    // Set through the builder: marked sensitive, so even `http::Request`'s Debug hides it.
    let builder = RequestBuilder::new(http::Method::GET, &BaseUrl::v1_0())
        .path("/me")
        .header("Authorization", "Bearer secret-token-1");
    assert!(!format!("{builder:?}").contains("secret-token-1"));
    let request = builder.build().unwrap();
    let shown = format!("{request:?}");
    assert!(!shown.contains("secret-token-1"), "{shown}");
    assert!(!format!("{:?}", RedactedRequest(&request)).contains("secret-token-1"));

    // Set with the helper.
    let mut request = GetMessage {
        user_id: "u".to_string(),
        message_id: "m".to_string(),
        query: QueryOptions::new(),
    }
    .to_request(&BaseUrl::v1_0())
    .unwrap();
    set_bearer_token(request.headers_mut(), "secret-token-2").unwrap();
    assert_eq!(request.headers()["authorization"], "Bearer secret-token-2");
    assert!(!format!("{request:?}").contains("secret-token-2"));

    // Inserted by hand, not marked: `RedactedRequest` still hides it.
    let mut request = RequestBuilder::new(http::Method::GET, &BaseUrl::v1_0())
        .build()
        .unwrap();
    request.headers_mut().insert(
        http::header::AUTHORIZATION,
        http::HeaderValue::from_static("Bearer secret-token-3"),
    );
    request
        .headers_mut()
        .insert("x-other", http::HeaderValue::from_static("shown"));
    let shown = format!("{:?}", RedactedRequest(&request));
    assert!(!shown.contains("secret-token-3"), "{shown}");
    assert!(
        shown.contains("<redacted>") && shown.contains("shown"),
        "{shown}"
    );
}
