//! `Operation`: the sans-IO runtime of the generated operations. An operation builds an
//! `http::Request` and reads an `http::Response`; sending it is the caller's business.
//!
//! A generated operation is a struct holding the parameters of one docs page, implementing
//! [`Operation`] in a few lines that call the non-generic helpers here: [`RequestBuilder`]
//! (path segments, OData literals, the query string, headers, a JSON body),
//! [`QueryOptions`] (the OData system query options every operation shares), and the
//! `parse_*` functions (status dispatch, the body into the response type, [`GraphError`]).
//!
//! ```text
//! /// `GET /users/{id}/messages/{message-id}` (message-get.md).
//! pub struct GetMessage { pub user_id: String, pub message_id: String, pub query: QueryOptions }
//!
//! impl Operation for GetMessage {
//!     const ID: &'static str = "message-get";
//!     const METHOD: http::Method = http::Method::GET;
//!     type Response = Message;
//!     fn to_request(&self, base: &BaseUrl) -> Result<http::Request<Vec<u8>>, BuildError> {
//!         RequestBuilder::new(Self::METHOD, base)
//!             .path("/users/")
//!             .param(&self.user_id)
//!             .path("/messages/")
//!             .param(&self.message_id)
//!             .query_options(&self.query)
//!             .build()
//!     }
//!     fn parse_response<B: AsRef<[u8]>>(response: http::Response<B>) -> Result<Message, GraphError> {
//!         parse_json(response)
//!     }
//! }
//!
//! let request = GetMessage { .. }.to_request(&BaseUrl::v1_0())?;
//! // … add the caller's `Authorization`, send with any HTTP client, collect the body …
//! let message = GetMessage::parse_response(response)?;
//! ```

/// One documented Graph operation (one docs page): a struct holding the page's parameters,
/// which builds the request and reads the response without doing any I/O.
///
/// `parse_response` is an associated function, not a method: reading a response needs only
/// the operation's type, so a caller may keep the request and drop the operation. It is
/// generic over the body (`Vec<u8>`, `bytes::Bytes`, `&[u8]`, `String`…), so any HTTP
/// client's collected body will do; the work is done by non-generic helpers, so each
/// operation adds little code.
pub trait Operation {
    /// The operation's id: the stem of its docs page (`user-get`), which is also its page's
    /// slug on learn.microsoft.com (`/graph/api/user-get`).
    const ID: &'static str;
    /// The HTTP method of the request.
    const METHOD: http::Method;
    /// What a successful response reads into: `()`, a model, a `Collection<T>`, a
    /// primitive, or the body's bytes.
    type Response;

    /// The request, against `base` (`https://graph.microsoft.com/v1.0`). The caller adds
    /// authentication (see [`set_bearer_token`]); the operation never does.
    fn to_request(&self, base: &BaseUrl) -> Result<http::Request<Vec<u8>>, BuildError>;

    /// Reads a response: any 2xx status is a success, read into `Self::Response`; any
    /// other status (a 3xx too: follow redirects before calling this) is a [`GraphError`].
    fn parse_response<B: AsRef<[u8]>>(
        response: http::Response<B>,
    ) -> Result<Self::Response, GraphError>;
}

// ---------------------------------------------------------------------------------------
// Base URL
// ---------------------------------------------------------------------------------------

/// The root every request path is appended to, such as
/// `https://graph.microsoft.com/v1.0`: an `http` or `https` URL with a host, and no
/// query, fragment, credentials or trailing slash.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BaseUrl(String);

impl BaseUrl {
    /// The global service's v1.0 endpoint.
    pub const V1_0: &'static str = "https://graph.microsoft.com/v1.0";
    /// The global service's beta endpoint.
    pub const BETA: &'static str = "https://graph.microsoft.com/beta";

    /// Checks a base URL (for a national cloud, a proxy or a test server). Trailing
    /// slashes are dropped, so `https://graph.microsoft.com/v1.0/` is the same base.
    pub fn new(url: &str) -> Result<Self, BuildError> {
        let fail = |reason| BuildError::BaseUrl {
            url: url.to_string(),
            reason,
        };
        let trimmed = url.trim_end_matches('/');
        if trimmed.contains(['?', '#']) {
            return Err(fail("it has a query or a fragment"));
        }
        let uri: http::Uri = trimmed.parse().map_err(|_| fail("it is not a valid URL"))?;
        match uri.scheme_str() {
            Some("http" | "https") => {}
            _ => return Err(fail("its scheme is not http or https")),
        }
        match uri.authority() {
            None => return Err(fail("it has no host")),
            Some(authority) if authority.as_str().contains('@') => {
                return Err(fail("it holds credentials"));
            }
            Some(_) => {}
        }
        Ok(Self(trimmed.to_string()))
    }

    /// `https://graph.microsoft.com/v1.0`.
    pub fn v1_0() -> Self {
        Self(Self::V1_0.to_string())
    }

    /// `https://graph.microsoft.com/beta`.
    pub fn beta() -> Self {
        Self(Self::BETA.to_string())
    }

    /// The URL, without a trailing slash.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for BaseUrl {
    type Err = BuildError;
    fn from_str(url: &str) -> Result<Self, BuildError> {
        Self::new(url)
    }
}

// ---------------------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------------------

/// What a parameter's value keeps literal in a path segment: RFC 3986's unreserved
/// characters only, so that `/`, `?`, `#`, `%`, `'`, `:`, `$`, `@`, spaces and non-ASCII
/// are all encoded and the value stays one segment that Graph reads back exactly.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A segment value inside an OData string literal: as [`SEGMENT`], but the literal's
/// quotes (already doubled inside) stay readable.
const STRING_LITERAL: &percent_encoding::AsciiSet = &SEGMENT.remove(b'\'');

/// A query parameter's name or value: everything but the characters OData expressions use
/// and a query component may hold literally (`$`, `'`, `(`, `)`, `,`, `/`, `:`, `@`, `*`,
/// `!`); `&`, `=`, `+`, `#`, `%`, `;`, `"`, spaces and non-ASCII are encoded.
const QUERY: &percent_encoding::AsciiSet = &SEGMENT
    .remove(b'$')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b',')
    .remove(b'/')
    .remove(b':')
    .remove(b'@')
    .remove(b'*')
    .remove(b'!');

/// The generator's literal path text (`/users/`, `/microsoft.graph.delta()`, `/$ref`):
/// kept as written, except for what a URI path cannot hold.
const PATH_LITERAL: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Appends `value` to `out`, percent-encoding the bytes of `set`.
fn encode_into(out: &mut String, value: &str, set: &'static percent_encoding::AsciiSet) {
    for chunk in percent_encoding::utf8_percent_encode(value, set) {
        out.push_str(chunk);
    }
}

/// A value as one path segment: every character but `A-Z a-z 0-9 - . _ ~`
/// percent-encoded (UTF-8), so that `a/b` is `a%2Fb` and an already encoded `%2F` is
/// `%252F`.
pub fn encode_path_segment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    encode_into(&mut out, value, SEGMENT);
    out
}

/// A value as a query parameter's name or value: OData's punctuation (`$ ' ( ) , / : @`)
/// kept, and `&`, `=`, `+`, `#`, `%`, spaces (`%20`) and non-ASCII encoded.
pub fn encode_query_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    encode_into(&mut out, value, QUERY);
    out
}

/// A string as an OData literal, before any URL encoding: in single quotes, with each
/// quote inside doubled (`O'Neil` is `'O''Neil'`). For key segments
/// (`applications(appId='…')`), function parameters (`(period='D7')`) and `$filter`
/// expressions.
pub fn odata_string_literal(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        if c == '\'' {
            out.push('\'');
        }
        out.push(c);
    }
    out.push('\'');
    out
}

// ---------------------------------------------------------------------------------------
// Request builder
// ---------------------------------------------------------------------------------------

/// Builds one request, part by part, in the order of the URL template: what the generated
/// `to_request` calls. It never fails half-way; the first problem (a bad header, a body
/// that does not serialize) is returned by [`RequestBuilder::build`].
///
/// ```text
/// // POST /applications(appId='{appId}')/addPassword
/// RequestBuilder::new(http::Method::POST, base)
///     .path("/applications(appId=")
///     .string_param(&self.app_id)
///     .path(")/addPassword")
///     .json(&self.body)
///     .build()
/// ```
pub struct RequestBuilder {
    method: http::Method,
    /// The base URL, then the path so far.
    url: String,
    /// The encoded query pairs, joined by `&`.
    query: String,
    headers: http::HeaderMap,
    body: Vec<u8>,
    error: Option<BuildError>,
}

impl RequestBuilder {
    /// A request for `method` at `base`, with an empty path.
    pub fn new(method: http::Method, base: &BaseUrl) -> Self {
        Self {
            method,
            url: base.as_str().to_string(),
            query: String::new(),
            headers: http::HeaderMap::new(),
            body: Vec::new(),
            error: None,
        }
    }

    /// Appends literal path text from the URL template, such as `/users/`, `/$ref` or
    /// `/reports/getEmailActivityCounts(period=`, as written. It is `'static` because it
    /// is the generator's text, never a caller's value: values go through
    /// [`param`](Self::param) and its siblings.
    pub fn path(mut self, literal: &'static str) -> Self {
        encode_into(&mut self.url, literal, PATH_LITERAL);
        self
    }

    /// Appends a parameter's value as (part of) one path segment, percent-encoded so that
    /// any character it holds (`/`, `?`, `#`, `%`, `'`, a space, non-ASCII) stays inside
    /// the segment. For a number or an enum, pass its text.
    pub fn param(mut self, value: &str) -> Self {
        encode_into(&mut self.url, value, SEGMENT);
        self
    }

    /// Appends a parameter's value as an OData string literal inside parentheses: quoted,
    /// each `'` doubled, then percent-encoded as a segment (the quotes kept). `O'Neil` is
    /// `'O''Neil'`, `a/b` is `'a%2Fb'`.
    pub fn string_param(mut self, value: &str) -> Self {
        encode_into(&mut self.url, &odata_string_literal(value), STRING_LITERAL);
        self
    }

    /// Appends a drive item path (the `{item-path}` of `/drive/root:/{item-path}:`): each
    /// of its `/`-separated names is encoded as a segment, and the `/` between them kept.
    pub fn path_param(mut self, value: &str) -> Self {
        for (i, name) in value.split('/').enumerate() {
            if i > 0 {
                self.url.push('/');
            }
            encode_into(&mut self.url, name, SEGMENT);
        }
        self
    }

    /// Appends a query pair, the name and the value each encoded with
    /// [`encode_query_component`] (a `$` in the name stays literal).
    pub fn query(mut self, name: &str, value: &str) -> Self {
        push_query_pair(&mut self.query, name, value);
        self
    }

    /// Appends the OData system query options that are set, in a fixed order (see
    /// [`QueryOptions::pairs`]).
    pub fn query_options(mut self, options: &QueryOptions) -> Self {
        options.append_to(&mut self.query);
        self
    }

    /// Adds a header (a repeated name adds another value). `Authorization`,
    /// `Proxy-Authorization` and `Cookie` values are marked sensitive, so that no `Debug`
    /// shows them. An invalid name or value is a [`BuildError`] at `build`.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if self.error.is_some() {
            return self;
        }
        match header_pair(name, value) {
            Ok((name, value)) => {
                self.headers.append(name, value);
            }
            Err(error) => self.error = Some(error),
        }
        self
    }

    /// Sets the body to `value` as JSON, with `Content-Type: application/json`.
    pub fn json<T: serde::Serialize + ?Sized>(self, value: &T) -> Self {
        match serde_json::to_vec(value) {
            Ok(bytes) => self.body(bytes, "application/json"),
            Err(error) => self.fail(BuildError::Body(error)),
        }
    }

    /// Sets the body to `bytes`, with this `Content-Type` (for uploads such as a photo's
    /// `$value` or a drive item's content).
    pub fn body(mut self, bytes: Vec<u8>, content_type: &str) -> Self {
        self.body = bytes;
        match http::HeaderValue::from_str(content_type) {
            Ok(value) => {
                self.headers.insert(http::header::CONTENT_TYPE, value);
                self
            }
            Err(_) => self.fail(BuildError::HeaderValue {
                name: http::header::CONTENT_TYPE.to_string(),
            }),
        }
    }

    /// Keeps the first problem, for `build`.
    fn fail(mut self, error: BuildError) -> Self {
        self.error.get_or_insert(error);
        self
    }

    /// The request, or the first problem met while building it.
    pub fn build(self) -> Result<http::Request<Vec<u8>>, BuildError> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let mut url = self.url;
        if !self.query.is_empty() {
            url.push('?');
            url.push_str(&self.query);
        }
        let mut request = http::Request::builder()
            .method(self.method)
            .uri(url)
            .body(self.body)
            .map_err(BuildError::Request)?;
        *request.headers_mut() = self.headers;
        Ok(request)
    }
}

impl std::fmt::Debug for RequestBuilder {
    /// Shows the request so far; secret header values are redacted.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequestBuilder")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("query", &self.query)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body", &format_args!("{} bytes", self.body.len()))
            .field("error", &self.error)
            .finish()
    }
}

/// Appends `name=value` to a query string, after a `&` if it is not empty.
fn push_query_pair(query: &mut String, name: &str, value: &str) {
    if !query.is_empty() {
        query.push('&');
    }
    encode_into(query, name, QUERY);
    query.push('=');
    encode_into(query, value, QUERY);
}

/// A checked header, its value marked sensitive when the name says it is a secret.
fn header_pair(
    name: &str,
    value: &str,
) -> Result<(http::HeaderName, http::HeaderValue), BuildError> {
    let name =
        http::HeaderName::from_bytes(name.as_bytes()).map_err(|_| BuildError::HeaderName {
            name: name.to_string(),
        })?;
    let mut value = http::HeaderValue::from_str(value).map_err(|_| BuildError::HeaderValue {
        name: name.to_string(),
    })?;
    if is_secret_header(&name) {
        value.set_sensitive(true);
    }
    Ok((name, value))
}

/// Sets `Authorization: Bearer <token>` on a request's headers, the value marked
/// sensitive so that `http::Request`'s own `Debug` prints `Sensitive` in its place.
pub fn set_bearer_token(headers: &mut http::HeaderMap, token: &str) -> Result<(), BuildError> {
    let (name, value) = header_pair("authorization", &format!("Bearer {token}"))?;
    headers.insert(name, value);
    Ok(())
}

/// Whether a header's value is a credential, redacted in every `Debug` here.
fn is_secret_header(name: &http::HeaderName) -> bool {
    name == http::header::AUTHORIZATION
        || name == http::header::PROXY_AUTHORIZATION
        || name == http::header::COOKIE
        || name == http::header::SET_COOKIE
}

/// `Debug` for headers, showing `<redacted>` for credentials (`Authorization`,
/// `Proxy-Authorization`, `Cookie`, `Set-Cookie`) and any value marked sensitive.
pub struct RedactedHeaders<'a>(pub &'a http::HeaderMap);

impl std::fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in self.0 {
            if is_secret_header(name) || value.is_sensitive() {
                map.entry(name, &format_args!("<redacted>"));
            } else {
                map.entry(name, value);
            }
        }
        map.finish()
    }
}

/// `Debug` for a request whatever set its headers: like `http::Request`'s, but credentials
/// redacted even when their values are not marked sensitive (`Authorization` inserted by
/// hand), and the body shown by its length.
pub struct RedactedRequest<'a, B>(pub &'a http::Request<B>);

impl<B: AsRef<[u8]>> std::fmt::Debug for RedactedRequest<'_, B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Request")
            .field("method", self.0.method())
            .field("uri", self.0.uri())
            .field("version", &self.0.version())
            .field("headers", &RedactedHeaders(self.0.headers()))
            .field(
                "body",
                &format_args!("{} bytes", self.0.body().as_ref().len()),
            )
            .finish()
    }
}

/// A request that cannot be built.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// The base URL is not an `http(s)` URL with a host and nothing after its path.
    BaseUrl {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A header name is not a valid HTTP header name.
    HeaderName {
        /// The name as given.
        name: String,
    },
    /// A header value is not a valid HTTP header value (it holds a newline, say). The value
    /// is not kept: it may be a credential.
    HeaderValue {
        /// The header's name.
        name: String,
    },
    /// The body did not serialize to JSON.
    Body(serde_json::Error),
    /// `http` refused the request (a URL longer than it allows, say).
    Request(http::Error),
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::BaseUrl { url, reason } => {
                write!(f, "invalid base URL `{url}`: {reason}")
            }
            BuildError::HeaderName { name } => write!(f, "invalid header name `{name}`"),
            BuildError::HeaderValue { name } => write!(f, "invalid value for header `{name}`"),
            BuildError::Body(error) => write!(f, "the request body does not serialize: {error}"),
            BuildError::Request(error) => write!(f, "invalid request: {error}"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Body(error) => Some(error),
            BuildError::Request(error) => Some(error),
            _ => None,
        }
    }
}

// ---------------------------------------------------------------------------------------
// Query options
// ---------------------------------------------------------------------------------------

/// The OData system query options every operation takes (which ones a given endpoint
/// supports is on its docs page), plus any other pairs.
///
/// ```text
/// let query = QueryOptions::new()
///     .select(["id", "displayName"])
///     .filter(format!("startswith(displayName,{})", odata_string_literal("A")))
///     .top(10)
///     .count(true);
/// // $select=id,displayName&$filter=startswith(displayName,'A')&$top=10&$count=true
/// ```
///
/// `$count` and `$search` on directory objects (users, groups…) also need the
/// `ConsistencyLevel: eventual` header, which the operation's caller or its generated
/// header parameter adds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryOptions {
    /// `$select`: the properties to return, joined with commas.
    pub select: Vec<String>,
    /// `$expand`: the relationships to expand (each may carry nested options, as in
    /// `members($select=id)`), joined with commas.
    pub expand: Vec<String>,
    /// `$filter`: an OData expression, as written (quote strings in it with
    /// [`odata_string_literal`]).
    pub filter: Option<String>,
    /// `$orderby`: the sort keys (`displayName desc`), joined with commas.
    pub orderby: Vec<String>,
    /// `$search`: the search expression as sent, quotes included (see
    /// [`QueryOptions::search`]).
    pub search: Option<String>,
    /// `$top`: the page size.
    pub top: Option<u64>,
    /// `$skip`: how many items to skip.
    pub skip: Option<u64>,
    /// `$count`: whether to return `@odata.count`.
    pub count: Option<bool>,
    /// `$skiptoken`: a paging token (sent lowercase, as Graph writes it in its
    /// `@odata.nextLink`s).
    pub skip_token: Option<String>,
    /// `$format`: the response format (`json`, or a conversion such as `pdf` for a drive
    /// item's content).
    pub format: Option<String>,
    /// Any other pairs (`$deltatoken`, an endpoint's own parameters), sent last, in order.
    pub extra: Vec<(String, String)>,
}

impl QueryOptions {
    /// No options.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds properties to `$select`.
    pub fn select<I: IntoIterator<Item = S>, S: Into<String>>(mut self, properties: I) -> Self {
        self.select.extend(properties.into_iter().map(Into::into));
        self
    }

    /// Adds relationships to `$expand`.
    pub fn expand<I: IntoIterator<Item = S>, S: Into<String>>(mut self, relations: I) -> Self {
        self.expand.extend(relations.into_iter().map(Into::into));
        self
    }

    /// Sets `$filter`.
    pub fn filter(mut self, expression: impl Into<String>) -> Self {
        self.filter = Some(expression.into());
        self
    }

    /// Adds sort keys to `$orderby`.
    pub fn orderby<I: IntoIterator<Item = S>, S: Into<String>>(mut self, keys: I) -> Self {
        self.orderby.extend(keys.into_iter().map(Into::into));
        self
    }

    /// Sets `$search` to one term or phrase, in double quotes as Graph wants
    /// (`"displayName:room"`), with `\` and `"` inside escaped by a backslash.
    pub fn search(mut self, term: &str) -> Self {
        let mut quoted = String::with_capacity(term.len() + 2);
        quoted.push('"');
        for c in term.chars() {
            if matches!(c, '"' | '\\') {
                quoted.push('\\');
            }
            quoted.push(c);
        }
        quoted.push('"');
        self.search = Some(quoted);
        self
    }

    /// Sets `$search` to an expression as written, for several clauses
    /// (`"displayName:a" OR "mail:b"`).
    pub fn search_expression(mut self, expression: impl Into<String>) -> Self {
        self.search = Some(expression.into());
        self
    }

    /// Sets `$top`.
    pub fn top(mut self, top: u64) -> Self {
        self.top = Some(top);
        self
    }

    /// Sets `$skip`.
    pub fn skip(mut self, skip: u64) -> Self {
        self.skip = Some(skip);
        self
    }

    /// Sets `$count`.
    pub fn count(mut self, count: bool) -> Self {
        self.count = Some(count);
        self
    }

    /// Sets `$skiptoken`.
    pub fn skip_token(mut self, token: impl Into<String>) -> Self {
        self.skip_token = Some(token.into());
        self
    }

    /// Sets `$format`.
    pub fn format(mut self, format: impl Into<String>) -> Self {
        self.format = Some(format.into());
        self
    }

    /// Adds another query pair.
    pub fn extra(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.extra.push((name.into(), value.into()));
        self
    }

    /// Whether no option is set.
    pub fn is_empty(&self) -> bool {
        self.pairs().is_empty()
    }

    /// The pairs that are set, not encoded, in the order they are sent: `$select`,
    /// `$expand`, `$filter`, `$orderby`, `$search`, `$top`, `$skip`, `$count`,
    /// `$skiptoken`, `$format`, then the extra pairs.
    pub fn pairs(&self) -> Vec<(String, String)> {
        let mut pairs = Vec::new();
        let mut list = |name: &str, items: &[String]| {
            if !items.is_empty() {
                pairs.push((name.to_string(), items.join(",")));
            }
        };
        list("$select", &self.select);
        list("$expand", &self.expand);
        let mut one = |name: &str, value: Option<String>| {
            if let Some(value) = value {
                pairs.push((name.to_string(), value));
            }
        };
        one("$filter", self.filter.clone());
        one(
            "$orderby",
            (!self.orderby.is_empty()).then(|| self.orderby.join(",")),
        );
        one("$search", self.search.clone());
        one("$top", self.top.map(|n| n.to_string()));
        one("$skip", self.skip.map(|n| n.to_string()));
        one("$count", self.count.map(|b| b.to_string()));
        one("$skiptoken", self.skip_token.clone());
        one("$format", self.format.clone());
        pairs.extend(self.extra.iter().cloned());
        pairs
    }

    /// The encoded query string (without `?`); empty when no option is set.
    pub fn to_query_string(&self) -> String {
        let mut query = String::new();
        self.append_to(&mut query);
        query
    }

    /// Appends the encoded pairs to a query string.
    fn append_to(&self, query: &mut String) {
        for (name, value) in self.pairs() {
            push_query_pair(query, &name, &value);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------

/// Splits a response into its head and body, or the error a status outside 2xx is.
fn success<B: AsRef<[u8]>>(
    response: http::Response<B>,
) -> Result<(http::response::Parts, B), GraphError> {
    let (parts, body) = response.into_parts();
    if parts.status.is_success() {
        Ok((parts, body))
    } else {
        Err(GraphError::from_response(
            parts.status,
            parts.headers,
            body.as_ref().to_vec(),
        ))
    }
}

/// Reads a response that carries nothing: any 2xx (most often `204 No Content`) is a
/// success, whatever its body.
pub fn parse_empty<B: AsRef<[u8]>>(response: http::Response<B>) -> Result<(), GraphError> {
    success(response).map(drop)
}

/// Reads a 2xx response's JSON body into `T` (a model, or anything serde reads); a body
/// that is not a `T` is an [`GraphErrorKind::UnexpectedBody`] error that keeps it.
pub fn parse_json<T: serde::de::DeserializeOwned, B: AsRef<[u8]>>(
    response: http::Response<B>,
) -> Result<T, GraphError> {
    let (parts, body) = success(response)?;
    serde_json::from_slice(body.as_ref())
        .map_err(|error| GraphError::unexpected_body::<T>(parts, body.as_ref(), error))
}

/// Reads a 2xx response's body as one page of a collection (`{"value": [...], ...}`).
pub fn parse_collection<T: serde::de::DeserializeOwned, B: AsRef<[u8]>>(
    response: http::Response<B>,
) -> Result<super::collection::Collection<T>, GraphError> {
    parse_json(response)
}

/// Reads a 2xx response holding one primitive value, in any of the shapes Graph uses: an
/// object `{"@odata.context": "…#Edm.Int64", "value": 5}` (a function's result), bare
/// JSON (`true`), or plain text (the `text/plain` of `/$count`, a string's `$value`).
pub fn parse_primitive<T: serde::de::DeserializeOwned, B: AsRef<[u8]>>(
    response: http::Response<B>,
) -> Result<T, GraphError> {
    let (parts, body) = success(response)?;
    let body = body.as_ref();
    let (json, text) = primitive_candidates(body);
    let error = match json.and_then(serde_json::from_value::<T>) {
        Ok(value) => return Ok(value),
        Err(error) => error,
    };
    // Text that happens to be JSON (`42` as `text/plain`) may still be a string.
    match text.map(serde_json::from_value::<T>) {
        Some(Ok(value)) => Ok(value),
        _ => Err(GraphError::unexpected_body::<T>(parts, body, error)),
    }
}

/// The primitive a body holds, as JSON (the `value` of an object that has one), and the
/// body as a JSON string when it is UTF-8.
fn primitive_candidates(
    body: &[u8],
) -> (
    Result<serde_json::Value, serde_json::Error>,
    Option<serde_json::Value>,
) {
    let json = serde_json::from_slice(body).map(|json| match json {
        serde_json::Value::Object(mut object) if object.contains_key("value") => {
            object.remove("value").unwrap_or_default()
        }
        other => other,
    });
    let text = std::str::from_utf8(body)
        .ok()
        .map(|text| serde_json::Value::String(text.to_string()));
    (json, text)
}

/// Reads a 2xx response's body as bytes (a file's content, a photo): the whole body, as
/// received.
pub fn parse_bytes<B: AsRef<[u8]>>(response: http::Response<B>) -> Result<Vec<u8>, GraphError> {
    success(response).map(|(_, body)| body.as_ref().to_vec())
}

// ---------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------

/// A response that is not what the operation expects: a status outside 2xx (with Graph's
/// error body when it sent one), or a 2xx whose body is not the response type.
///
/// It keeps the status, the headers, the raw body, and what Graph says about the failure:
/// the error's `code` and `message`, its `innerError` (`request-id`, `date`,
/// `client-request-id`), the `request-id`/`client-request-id` headers to quote to support,
/// and `Retry-After` on throttling (429) and unavailability (503).
///
/// `Display` shows `code: message`, or the status (and the start of the body) when the
/// body is not Graph's JSON error. `Debug` never shows credentials in the headers.
pub struct GraphError(Box<ErrorParts>);

/// The fields of a `GraphError`, boxed so that a `Result` stays small.
struct ErrorParts {
    status: http::StatusCode,
    headers: http::HeaderMap,
    body: Vec<u8>,
    kind: GraphErrorKind,
    retry_after: Option<RetryAfter>,
}

/// What kind of failure a [`GraphError`] is.
#[derive(Debug)]
#[non_exhaustive]
pub enum GraphErrorKind {
    /// The status is not 2xx. Graph's error body, when the body is one.
    Status(Option<ODataError>),
    /// The status is 2xx, but the body is not the response type.
    UnexpectedBody {
        /// The type the body was read into.
        expected: &'static str,
        /// Why it is not one.
        error: serde_json::Error,
    },
}

impl GraphError {
    /// The error for a response with a status outside 2xx: reads Graph's error body and
    /// `Retry-After`. Public for adapters that stream a successful body and collect only
    /// a failed one.
    pub fn from_response(
        status: http::StatusCode,
        headers: http::HeaderMap,
        body: Vec<u8>,
    ) -> Self {
        let error = ODataError::from_body(&body);
        Self::new(status, headers, body, GraphErrorKind::Status(error))
    }

    /// The error for a 2xx body that is not a `T`.
    fn unexpected_body<T>(
        parts: http::response::Parts,
        body: &[u8],
        error: serde_json::Error,
    ) -> Self {
        let kind = GraphErrorKind::UnexpectedBody {
            expected: std::any::type_name::<T>(),
            error,
        };
        Self::new(parts.status, parts.headers, body.to_vec(), kind)
    }

    fn new(
        status: http::StatusCode,
        headers: http::HeaderMap,
        body: Vec<u8>,
        kind: GraphErrorKind,
    ) -> Self {
        let retry_after = headers
            .get(http::header::RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .map(RetryAfter::parse);
        Self(Box::new(ErrorParts {
            status,
            headers,
            body,
            kind,
            retry_after,
        }))
    }

    /// The response's status.
    pub fn status(&self) -> http::StatusCode {
        self.0.status
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> &GraphErrorKind {
        &self.0.kind
    }

    /// Whether the status was 2xx but the body is not the response type.
    pub fn is_unexpected_body(&self) -> bool {
        matches!(self.0.kind, GraphErrorKind::UnexpectedBody { .. })
    }

    /// Graph's error body (`{"error": {...}}`), when the response has one.
    pub fn odata_error(&self) -> Option<&ODataError> {
        match &self.0.kind {
            GraphErrorKind::Status(error) => error.as_ref(),
            GraphErrorKind::UnexpectedBody { .. } => None,
        }
    }

    /// The error's `code` (`Request_ResourceNotFound`, `ErrorItemNotFound`…).
    pub fn code(&self) -> Option<&str> {
        self.odata_error().map(|error| error.code.as_str())
    }

    /// The error's `message`.
    pub fn message(&self) -> Option<&str> {
        self.odata_error().map(|error| error.message.as_str())
    }

    /// The error's `innerError`.
    pub fn inner_error(&self) -> Option<&InnerError> {
        self.odata_error()
            .and_then(|error| error.inner_error.as_ref())
    }

    /// The request's id, to quote to support: the `request-id` header, else the
    /// `innerError`'s.
    pub fn request_id(&self) -> Option<&str> {
        self.header_str("request-id")
            .or_else(|| self.inner_error()?.request_id.as_deref())
    }

    /// The caller's own id for the request, as echoed: the `client-request-id` header,
    /// else the `innerError`'s.
    pub fn client_request_id(&self) -> Option<&str> {
        self.header_str("client-request-id")
            .or_else(|| self.inner_error()?.client_request_id.as_deref())
    }

    /// The `Retry-After` header, when the response has one.
    pub fn retry_after(&self) -> Option<&RetryAfter> {
        self.0.retry_after.as_ref()
    }

    /// The response's headers.
    pub fn headers(&self) -> &http::HeaderMap {
        &self.0.headers
    }

    /// The response's body, as received.
    pub fn body(&self) -> &[u8] {
        &self.0.body
    }

    /// The response's body as text (invalid UTF-8 replaced).
    pub fn body_text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.0.body)
    }

    /// A header's value, when it is text.
    fn header_str(&self, name: &str) -> Option<&str> {
        self.0.headers.get(name)?.to_str().ok()
    }
}

impl std::fmt::Display for GraphError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        /// How much of a body that is not Graph's error `Display` shows.
        const SHOWN: usize = 200;
        match &self.0.kind {
            GraphErrorKind::Status(Some(error)) => write!(f, "{}: {}", error.code, error.message),
            GraphErrorKind::Status(None) => {
                write!(f, "{}", self.0.status)?;
                let text = self.body_text();
                let text = text.trim();
                if !text.is_empty() {
                    match text.char_indices().nth(SHOWN) {
                        Some((end, _)) => write!(f, ": {}…", &text[..end])?,
                        None => write!(f, ": {text}")?,
                    }
                }
                Ok(())
            }
            GraphErrorKind::UnexpectedBody { expected, error } => write!(
                f,
                "the {} response's body is not a `{expected}`: {error}",
                self.0.status
            ),
        }
    }
}

impl std::fmt::Debug for GraphError {
    /// The status, kind, `Retry-After`, headers (credentials redacted) and body as text.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GraphError")
            .field("status", &self.0.status)
            .field("kind", &self.0.kind)
            .field("retry_after", &self.0.retry_after)
            .field("headers", &RedactedHeaders(&self.0.headers))
            .field("body", &self.body_text())
            .finish()
    }
}

impl std::error::Error for GraphError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.0.kind {
            GraphErrorKind::UnexpectedBody { error, .. } => Some(error),
            GraphErrorKind::Status(_) => None,
        }
    }
}

/// Graph's error body: the `error` object of `{"error": {"code": …, "message": …}}`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ODataError {
    /// The error's code (`Request_ResourceNotFound`).
    pub code: String,
    /// The error's message, for people.
    pub message: String,
    /// What the error is about (a property, a parameter), when given.
    pub target: Option<String>,
    /// More errors (`details`), such as one per invalid property.
    pub details: Vec<ErrorDetail>,
    /// The `innerError` (also read from `innererror`).
    pub inner_error: Option<InnerError>,
}

impl ODataError {
    /// Reads Graph's error from a body: `None` unless it is a JSON object whose `error`
    /// is an object with a `code` or a `message`.
    pub fn from_body(body: &[u8]) -> Option<Self> {
        let json: serde_json::Value = serde_json::from_slice(body).ok()?;
        let error = json.get("error")?.as_object()?;
        let code = text(error.get("code"));
        let message = error.get("message").and_then(|message| {
            // OData v3 services write `{"lang": "en-US", "value": "…"}`.
            message
                .as_str()
                .or_else(|| message.get("value")?.as_str())
                .map(str::to_string)
        });
        if code.is_none() && message.is_none() {
            return None;
        }
        let details = error
            .get("details")
            .and_then(serde_json::Value::as_array)
            .map(|details| details.iter().map(ErrorDetail::from_json).collect())
            .unwrap_or_default();
        let inner_error = error
            .get("innerError")
            .or_else(|| error.get("innererror"))
            .and_then(serde_json::Value::as_object)
            .map(InnerError::from_json);
        Some(Self {
            code: code.unwrap_or_default(),
            message: message.unwrap_or_default(),
            target: text(error.get("target")),
            details,
            inner_error,
        })
    }
}

/// A string value of an error object.
fn text(value: Option<&serde_json::Value>) -> Option<String> {
    value?.as_str().map(str::to_string)
}

/// One of the `details` of Graph's error.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ErrorDetail {
    /// Its code.
    pub code: Option<String>,
    /// Its message.
    pub message: Option<String>,
    /// What it is about.
    pub target: Option<String>,
}

impl ErrorDetail {
    fn from_json(detail: &serde_json::Value) -> Self {
        Self {
            code: text(detail.get("code")),
            message: text(detail.get("message")),
            target: text(detail.get("target")),
        }
    }
}

/// The `innerError` of Graph's error: when and for which request it happened.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InnerError {
    /// When the error happened, as Graph writes it (`2021-05-20T12:00:00`).
    pub date: Option<String>,
    /// The request's id (`request-id`).
    pub request_id: Option<String>,
    /// The caller's id for the request, echoed (`client-request-id`).
    pub client_request_id: Option<String>,
    /// A more specific code, when given.
    pub code: Option<String>,
    /// Every other key, as received (a nested `innerError`, a `message`…).
    pub additional_data: std::collections::BTreeMap<String, serde_json::Value>,
}

impl InnerError {
    fn from_json(inner: &serde_json::Map<String, serde_json::Value>) -> Self {
        let mut error = Self::default();
        for (key, value) in inner {
            let slot = match key.as_str() {
                "date" => &mut error.date,
                "request-id" => &mut error.request_id,
                "client-request-id" => &mut error.client_request_id,
                "code" => &mut error.code,
                _ => {
                    error.additional_data.insert(key.clone(), value.clone());
                    continue;
                }
            };
            match value.as_str() {
                Some(text) => *slot = Some(text.to_string()),
                None => {
                    error.additional_data.insert(key.clone(), value.clone());
                }
            }
        }
        error
    }
}

/// A `Retry-After` header: how long to wait before trying again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RetryAfter {
    /// A number of seconds (`Retry-After: 120`).
    Delay(std::time::Duration),
    /// An HTTP date (`Retry-After: Wed, 21 Oct 2015 07:28:00 GMT`).
    At(std::time::SystemTime),
    /// A value that is neither, as received.
    Raw(String),
}

impl RetryAfter {
    /// Reads a header value: whole seconds, or an IMF-fixdate (the HTTP date format
    /// servers send); anything else is kept raw.
    pub fn parse(value: &str) -> Self {
        let value = value.trim();
        // `u64::from_str` also takes a leading `+`, which the header's grammar does not.
        match value.parse::<u64>() {
            Ok(seconds) if value.bytes().all(|b| b.is_ascii_digit()) => {
                return RetryAfter::Delay(std::time::Duration::from_secs(seconds));
            }
            _ => {}
        }
        match parse_http_date(value) {
            Some(at) => RetryAfter::At(at),
            None => RetryAfter::Raw(value.to_string()),
        }
    }

    /// How long to wait from `now`: the delay, or the time until the date (zero once it
    /// has passed); `None` for a raw value. `now` is a parameter so that this does no I/O.
    pub fn delay_from(&self, now: std::time::SystemTime) -> Option<std::time::Duration> {
        match self {
            RetryAfter::Delay(delay) => Some(*delay),
            RetryAfter::At(at) => Some(at.duration_since(now).unwrap_or_default()),
            RetryAfter::Raw(_) => None,
        }
    }
}

/// Reads an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`, RFC 9110), the form HTTP dates
/// are sent in; `None` for anything else, the obsolete forms included.
fn parse_http_date(value: &str) -> Option<std::time::SystemTime> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (weekday, rest) = value.split_once(", ")?;
    if weekday.len() != 3 {
        return None;
    }
    let mut fields = rest.split(' ');
    let day = fields
        .next()
        .filter(|d| d.len() == 2)?
        .parse::<u32>()
        .ok()?;
    let month = fields.next()?;
    let month = MONTHS.iter().position(|m| *m == month)? as u32 + 1;
    let year = fields
        .next()
        .filter(|y| y.len() == 4)?
        .parse::<i64>()
        .ok()?;
    let time = fields.next().filter(|t| t.len() == 8)?;
    if fields.next() != Some("GMT") || fields.next().is_some() {
        return None;
    }
    let mut hms = time.split(':').map(|n| n.parse::<u64>().ok());
    let (hour, minute, second) = (hms.next()??, hms.next()??, hms.next()??);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in_month = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day == 0 || day > days_in_month || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let days = u64::try_from(days_from_civil(year, month, day)).ok()?;
    let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second;
    Some(std::time::UNIX_EPOCH + std::time::Duration::from_secs(seconds))
}

/// The number of days from 1970-01-01 to a date of the proleptic Gregorian calendar.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = i64::from((month + 9) % 12);
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}
