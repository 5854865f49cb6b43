//! The API's description: one table of operations ([`OPERATIONS`]) from which the
//! OpenAPI 3.1 document at `GET /api/openapi.json` is built, and which the tests walk
//! to try every endpoint (across tenants, without a session, without a CSRF token).
//!
//! Each operation carries what a client needs: its query parameters and request body
//! with their types ([`Ty`]: required fields, lengths, enums where the server fixes the
//! values; where the data defines them, such as a request's statuses, a string), its
//! success status and body, and every error status it answers. The request bodies are
//! read field by field (`input.rs`, so that an error names the field) and the answers are
//! built as JSON in the handlers, so there are no Rust types to derive the schemas from:
//! the table is the one description, and `schemathesis` (`cargo xtask schemathesis`)
//! checks the server against it.

use serde_json::{Map, Value, json};

/// Who may call an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone.
    Public,
    /// A session.
    Session,
    /// A session and the `X-CSRF-Token` header (state-changing).
    SessionCsrf,
    /// A session of the vendor's staff (403 for customers).
    VendorSession,
}

/// A JSON value's schema, as the table writes it.
#[derive(Debug, Clone, Copy)]
pub enum Ty {
    /// Any string.
    Str,
    /// A string of `min` to `max` characters.
    Text(u32, u32),
    /// A date `YYYY-MM-DD`.
    Date,
    /// A month `YYYY-MM`.
    Month,
    /// `true` or `false`.
    Bool,
    /// A whole number from `min` to `max`.
    Int(i64, i64),
    /// Any whole number.
    Integer,
    /// One of these strings.
    Enum(&'static [&'static str]),
    /// Any JSON object.
    Object,
    /// Any JSON value.
    Any,
    /// An array of these.
    Array(&'static Ty),
    /// An array of `min` to `max` of these.
    List(&'static Ty, u32, u32),
    /// This, or `null`.
    Nullable(&'static Ty),
    /// An object with these fields (others may follow in answers; bodies allow no others).
    Fields(&'static [Field]),
    /// Every one of these (`allOf`).
    All(&'static [Ty]),
    /// A schema of `components.schemas`.
    Ref(&'static str),
}

/// One field of an object (or one query parameter).
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// Its name.
    pub name: &'static str,
    /// Its schema.
    pub ty: Ty,
    /// Whether it must be there.
    pub required: bool,
}

/// A field that must be there.
pub const fn req(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        required: true,
    }
}

/// A field that may be left out.
pub const fn opt(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        required: false,
    }
}

/// What a success answers.
#[derive(Debug, Clone, Copy)]
pub enum Answer {
    /// JSON of this schema.
    Json(Ty),
    /// `text/csv`.
    Csv,
    /// `text/calendar`.
    Calendar,
    /// The file's bytes, of the type it was stored with.
    File,
    /// No body (204).
    Empty,
}

/// One operation: method, path (under `/api`), summary, access, its query parameters,
/// its JSON request body's fields (`None`: no JSON body), its success (status and body)
/// and the error statuses it answers besides the ones every request may get
/// ([`EVERY_ERROR`]).
#[derive(Debug, Clone, Copy)]
pub struct Operation {
    /// `GET`, `POST`, `PUT` or `DELETE`.
    pub method: &'static str,
    /// Path with `{id}` parameters, under `/api`.
    pub path: &'static str,
    /// What it does.
    pub summary: &'static str,
    /// Who may call it.
    pub access: Access,
    /// Query parameters.
    pub query: &'static [Field],
    /// Body fields.
    pub body: Option<&'static [Field]>,
    /// The success status.
    pub ok: u16,
    /// The success body.
    pub answer: Answer,
    /// The error statuses it answers (the JSON error), besides [`EVERY_ERROR`].
    pub errors: &'static [u16],
}

/// The types an attached file is stored and sent as (`attachments.rs` reads them from
/// the content).
pub const FILE_TYPES: &[&str] = &[
    "image/png",
    "image/jpeg",
    "application/pdf",
    "application/zip",
    "text/plain",
];

/// What any request may be answered, whatever the operation: 408 when its body did
/// not arrive within `--body-timeout`, 503 when it was not answered within
/// `--request-timeout` or `--max-requests` were being handled.
pub const EVERY_ERROR: &[u16] = &[408, 503];

/// What each error status means, for the document.
const ERROR_STATUSES: &[(u16, &str)] = &[
    (
        400,
        "the path does not decode (`bad_request`: not UTF-8 after percent-decoding), or the \
         body is not JSON or not a JSON object (`malformed_json`)",
    ),
    (
        401,
        "no valid session (`unauthenticated`), or a wrong login or password (`bad_credentials`)",
    ),
    (
        403,
        "the CSRF token or the Origin refused (`csrf`), or not allowed to the caller \
         (`forbidden`)",
    ),
    (
        404,
        "not found, or not the caller's (the two are not told apart)",
    ),
    (
        409,
        "the request's state does not allow it now (a move its status does not allow, a report \
         its severity needs none of, a sixth file)",
    ),
    (
        413,
        "the body is larger than the operation reads (64 KiB of JSON; 10 MB of a file)",
    ),
    (
        415,
        "the body is not sent as `Content-Type: application/json` (a file: of a type not \
         accepted)",
    ),
    (
        422,
        "a field or parameter is invalid (`invalid_field`; `invalid_text` for a control or \
         bidirectional character, or a line break in a one-line text); `field` names it, \
         `detail` may say more",
    ),
    (
        429,
        "too many wrong passwords from this address lately (`too_many_attempts`), or \
         --max-hashes passwords being checked (`busy`) — on login; more new requests, or \
         comments, notes and files, than the account may send a minute \
         (`rate_limited`: --submissions-per-minute, --comments-per-minute); Retry-After says \
         when to try again",
    ),
    (
        408,
        "the body did not arrive within --body-timeout (`body_timeout`)",
    ),
    (
        503,
        "not answered within --request-timeout (`timeout`), or --max-requests are being \
         handled (`overloaded`, with Retry-After)",
    ),
];

/// `{ko, en}` words.
const WORDS: Ty = Ty::Ref("Words");
const WORDS_OR_NULL: Ty = Ty::Nullable(&WORDS);
const STR_OR_NULL: Ty = Ty::Nullable(&Ty::Str);
const DATE_OR_NULL: Ty = Ty::Nullable(&Ty::Date);
const STRS: Ty = Ty::Array(&Ty::Str);
const OBJECTS: Ty = Ty::Array(&Ty::Object);
/// A page's `limit` (at most 500) and `offset`.
const LIMIT: Field = opt("limit", Ty::Int(0, 500));
const OFFSET: Field = opt("offset", Ty::Int(0, u32::MAX as i64));
/// An outbox's or mail's delivery state.
const DELIVERY: Ty = Ty::Enum(&["pending", "sent", "failed"]);
/// An account's language.
const LANGUAGE: Ty = Ty::Enum(&["ko", "en"]);
/// A vendor staff member.
const STAFF: Ty = Ty::Fields(&[req("login", Ty::Str), req("name", Ty::Str)]);

/// The fields of a submission (`POST /api/requests`), as the handler reads them.
pub const SUBMISSION: &[&str] = &[
    "contract",
    "branch",
    "product",
    "version",
    "category",
    "answers",
    "requester",
    "title",
    "details",
    "wanted_by",
    "paid",
];

/// A submission's body: [`SUBMISSION`] with their types.
const SUBMISSION_BODY: &[Field] = &[
    req("contract", Ty::Text(1, 64)),
    opt("branch", Ty::Nullable(&Ty::Text(0, 64))),
    req("product", Ty::Text(1, 64)),
    req("version", Ty::Text(1, 64)),
    req("category", Ty::Text(1, 64)),
    opt("answers", Ty::Nullable(&Ty::Object)),
    req("requester", Ty::Text(1, 100)),
    req("title", Ty::Text(1, 200)),
    opt("details", Ty::Nullable(&Ty::Text(0, 10_000))),
    opt("wanted_by", Ty::Nullable(&Ty::Date)),
    opt("paid", Ty::Nullable(&Ty::Bool)),
];

/// The verdict a submission would get (`POST /api/contracts/{id}/check`) without
/// `contract` (the path names it) and with the SR form's words optional.
const CHECK_BODY: &[Field] = &[
    opt("branch", Ty::Nullable(&Ty::Text(0, 64))),
    req("product", Ty::Text(1, 64)),
    req("version", Ty::Text(1, 64)),
    req("category", Ty::Text(1, 64)),
    opt("answers", Ty::Nullable(&Ty::Object)),
    opt("requester", Ty::Nullable(&Ty::Text(0, 100))),
    opt("title", Ty::Nullable(&Ty::Text(0, 200))),
    opt("details", Ty::Nullable(&Ty::Text(0, 10_000))),
    opt("wanted_by", Ty::Nullable(&Ty::Date)),
    opt("paid", Ty::Nullable(&Ty::Bool)),
];

/// An incident report as filed (`PUT /api/requests/{id}/incident`).
const INCIDENT_BODY: &[Field] = &[
    req("summary", Ty::Text(1, 10_000)),
    req("impact", Ty::Text(1, 10_000)),
    req("cause", Ty::Text(1, 10_000)),
    req(
        "timeline",
        Ty::List(
            &Ty::Fields(&[req("at", Ty::Str), req("text", Ty::Text(1, 1_000))]),
            1,
            200,
        ),
    ),
    opt("restored_at", STR_OR_NULL),
    req("follow_up", Ty::Text(1, 10_000)),
];

/// The schemas answers share (`components.schemas`), besides `Error`.
const COMPONENTS: &[(&str, Ty)] = &[
    (
        "Words",
        Ty::Fields(&[req("ko", Ty::Str), req("en", Ty::Str)]),
    ),
    (
        "Principal",
        Ty::Fields(&[
            req("login", Ty::Str),
            req("name", Ty::Str),
            req("role", Ty::Enum(&["vendor", "customer"])),
            req("institution", STR_OR_NULL),
            req("branch", STR_OR_NULL),
            req("contracts", STRS),
            req("csrf_token", Ty::Str),
        ]),
    ),
    (
        "Request",
        Ty::Fields(&[
            req("id", Ty::Str),
            req("contract", Ty::Str),
            req("sr", Ty::Str),
            req("submitted_by", Ty::Str),
            req("branch", STR_OR_NULL),
            req("product", Ty::Str),
            req("version", Ty::Str),
            req("category", Ty::Str),
            req("requester", Ty::Str),
            req("title", Ty::Str),
            req("details", Ty::Str),
            req("answers", Ty::Object),
            req("wanted_by", DATE_OR_NULL),
            req("paid", Ty::Bool),
            req("coverage", Ty::Str),
            req("severity", STR_OR_NULL),
            req("status", Ty::Str),
            req("status_name", WORDS_OR_NULL),
            req("status_kind", Ty::Str),
            req("status_since", Ty::Str),
            req("next_statuses", STRS),
            req(
                "moves",
                Ty::Array(&Ty::Fields(&[
                    req("to", Ty::Str),
                    req("name", WORDS_OR_NULL),
                    req("note_required", Ty::Bool),
                    req("reopen", Ty::Bool),
                ])),
            ),
            req("rework", Ty::Bool),
            req("submitted", Ty::Str),
            req("responded", STR_OR_NULL),
            req("resolved", STR_OR_NULL),
            req("closed", STR_OR_NULL),
            req("waiting_since", STR_OR_NULL),
            req("clocks_paused", Ty::Bool),
            req("pauses", OBJECTS),
            req("deadlines", Ty::Nullable(&OBJECTS)),
            req("clocks", OBJECTS),
            req("satisfaction", Ty::Any),
            req("record", Ty::Object),
            req("complaint", Ty::Bool),
            req("catalog_version", Ty::Str),
            req("contract_version", Ty::Str),
        ]),
    ),
    (
        "RequestFull",
        Ty::All(&[
            Ty::Ref("Request"),
            Ty::Fields(&[
                // Who handles it: its login for the vendor's staff only.
                opt(
                    "assignee",
                    Ty::Nullable(&Ty::Fields(&[opt("login", Ty::Str), req("name", Ty::Str)])),
                ),
                req("verdict", Ty::Ref("Verdict")),
                req(
                    "events",
                    Ty::Array(&Ty::Fields(&[
                        req("at", Ty::Str),
                        req("kind", Ty::Str),
                        req("by", Ty::Str),
                    ])),
                ),
                opt("effects", OBJECTS),
                opt("staff", Ty::Array(&STAFF)),
            ]),
        ]),
    ),
    (
        "Settings",
        Ty::Fields(&[
            req("email", STR_OR_NULL),
            req("language", LANGUAGE),
            req("notify", Ty::Enum(&["all", "resolution"])),
            req("calendar", Ty::Bool),
        ]),
    ),
    (
        "AuditEntry",
        Ty::Fields(&[
            req("seq", Ty::Integer),
            req("at", Ty::Str),
            req("at_ms", Ty::Integer),
            req("who", Ty::Str),
            req("kind", Ty::Str),
            req("request", STR_OR_NULL),
            req("contract", STR_OR_NULL),
            req("sr", STR_OR_NULL),
            req("detail", Ty::Any),
            req("ip", STR_OR_NULL),
            req("prev_hash", Ty::Str),
            req("hash", Ty::Str),
        ]),
    ),
    (
        "Attachment",
        Ty::Fields(&[
            req("id", Ty::Str),
            req("request", Ty::Str),
            req("comment", STR_OR_NULL),
            req("by", Ty::Str),
            req("name", Ty::Str),
            req("mime", Ty::Str),
            req("size", Ty::Integer),
            req("at", Ty::Str),
            req("href", Ty::Str),
        ]),
    ),
    (
        "Quotas",
        Ty::Fields(&[
            req("contract", Ty::Str),
            req("today", Ty::Date),
            req("quotas", OBJECTS),
        ]),
    ),
    (
        "Incident",
        Ty::Fields(&[
            req("request", Ty::Str),
            req("sr", Ty::Str),
            req("required", Ty::Bool),
            req("within_hours", Ty::Nullable(&Ty::Integer)),
            req("due_at", STR_OR_NULL),
            req("due_at_iso", STR_OR_NULL),
            req("due_text", WORDS),
            req("overdue", Ty::Bool),
            req("report", Ty::Nullable(&Ty::Object)),
            req("draft", Ty::Nullable(&Ty::Object)),
        ]),
    ),
    (
        "Verdict",
        Ty::Fields(&[
            req("contract", Ty::Str),
            req("catalog_version", Ty::Str),
            req("contract_version", Ty::Str),
            req("coverage", Ty::Object),
            req("severity", Ty::Nullable(&Ty::Object)),
            req("deadlines", OBJECTS),
            req("escalations", OBJECTS),
            req("quota", Ty::Nullable(&Ty::Object)),
            req("quotas", OBJECTS),
            req("missing_answers", Ty::Array(&Ty::Any)),
            req("visible_questions", STRS),
            req("received", Ty::Str),
            req("now", Ty::Str),
        ]),
    ),
];

/// One contract as a caller sees it.
const CONTRACT: Ty = Ty::Fields(&[
    req("id", Ty::Str),
    req("institution", WORDS),
    req("tier", Ty::Str),
    req("tier_name", WORDS),
    req("start", Ty::Date),
    req("end", Ty::Date),
    req("period_kind", Ty::Str),
    req("products", OBJECTS),
    req("branches", OBJECTS),
]);

/// The audit trail's filters.
const AUDIT_QUERY: &[Field] = &[
    opt("request", Ty::Str),
    opt("account", Ty::Str),
    opt("kind", Ty::Str),
    opt("contract", Ty::Str),
    opt("from", Ty::Str),
    opt("to", Ty::Str),
];

/// [`AUDIT_QUERY`] and a page.
const AUDIT_QUERY_PAGED: &[Field] = &[
    opt("request", Ty::Str),
    opt("account", Ty::Str),
    opt("kind", Ty::Str),
    opt("contract", Ty::Str),
    opt("from", Ty::Str),
    opt("to", Ty::Str),
    LIMIT,
    OFFSET,
];

/// `ty` as JSON Schema (2020-12, OpenAPI 3.1's); `closed`: an object allows no other
/// fields (a request body: the server refuses unknown fields).
pub fn schema(ty: &Ty, closed: bool) -> Value {
    match ty {
        Ty::Str => json!({"type": "string"}),
        Ty::Text(min, max) => json!({"type": "string", "minLength": min, "maxLength": max}),
        Ty::Date => {
            json!({"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"})
        }
        Ty::Month => json!({"type": "string", "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$"}),
        Ty::Bool => json!({"type": "boolean"}),
        Ty::Int(min, max) => json!({"type": "integer", "minimum": min, "maximum": max}),
        Ty::Integer => json!({"type": "integer"}),
        Ty::Enum(values) => json!({"type": "string", "enum": values}),
        Ty::Object => json!({"type": "object"}),
        Ty::Any => json!({}),
        Ty::Array(item) => json!({"type": "array", "items": schema(item, closed)}),
        Ty::List(item, min, max) => json!({"type": "array", "items": schema(item, closed),
            "minItems": min, "maxItems": max}),
        Ty::Nullable(inner) => {
            let mut s = schema(inner, closed);
            // A plain type takes `null` beside it; an enum or a reference is one of two.
            match (s.as_object_mut(), inner) {
                (Some(m), _) if !matches!(inner, Ty::Enum(_)) && m.contains_key("type") => {
                    if let Some(Value::String(t)) = m.get("type").cloned() {
                        m.insert("type".into(), json!([t, "null"]));
                    }
                    s
                }
                _ => json!({"anyOf": [s, {"type": "null"}]}),
            }
        }
        Ty::Fields(fields) => {
            let properties: Map<String, Value> = fields
                .iter()
                .map(|f| (f.name.to_owned(), schema(&f.ty, closed)))
                .collect();
            let required: Vec<&str> = fields
                .iter()
                .filter(|f| f.required)
                .map(|f| f.name)
                .collect();
            let mut s = Map::new();
            s.insert("type".into(), json!("object"));
            s.insert("properties".into(), Value::Object(properties));
            s.insert("required".into(), json!(required));
            if closed {
                s.insert("additionalProperties".into(), json!(false));
            }
            Value::Object(s)
        }
        Ty::All(parts) => {
            json!({"allOf": parts.iter().map(|p| schema(p, closed)).collect::<Vec<_>>()})
        }
        Ty::Ref(name) => json!({"$ref": format!("#/components/schemas/{name}")}),
    }
}

/// A query parameter as a string's schema: what the type says, written as the query
/// carries it (a number's digits, `true` or `false`).
fn query_schema(ty: &Ty) -> Value {
    schema(ty, false)
}

/// The document's words for an error status.
fn error_description(status: u16) -> &'static str {
    ERROR_STATUSES
        .iter()
        .find(|(s, _)| *s == status)
        .map_or("an error", |(_, d)| d)
}

/// The OpenAPI 3.1 document.
pub fn document() -> Value {
    let mut paths = Map::new();
    for op in OPERATIONS {
        let mut o = Map::new();
        o.insert("summary".into(), json!(op.summary));
        o.insert(
            "operationId".into(),
            json!(format!(
                "{} {}",
                op.method,
                op.path.strip_prefix("/api").unwrap_or(op.path)
            )),
        );
        let mut params: Vec<Value> = Vec::new();
        for name in ["id", "token", "file"] {
            if op.path.contains(&format!("{{{name}}}")) {
                // A published checker's files are these few names.
                let schema = if name == "file" {
                    json!({"type": "string", "enum": super::widget::FILES})
                } else {
                    json!({"type": "string", "minLength": 1})
                };
                params.push(json!({"name": name, "in": "path", "required": true,
                    "schema": schema}));
            }
        }
        for q in op.query {
            params.push(
                json!({"name": q.name, "in": "query", "required": q.required,
                "schema": query_schema(&q.ty)}),
            );
        }
        if op.access == Access::SessionCsrf {
            params.push(
                json!({"name": "X-CSRF-Token", "in": "header", "required": true,
                "schema": {"type": "string"}}),
            );
        }
        if op.path == "/api/requests" && op.method == "POST" {
            params.push(
                json!({"name": "Idempotency-Key", "in": "header", "required": false,
                "schema": {"type": "string", "minLength": 1, "maxLength": 200}}),
            );
        }
        o.insert("parameters".into(), Value::Array(params));
        if let Some(fields) = op.body {
            o.insert(
                "requestBody".into(),
                json!({"required": true, "content": {"application/json": {
                    "schema": schema(&Ty::Fields(fields), true)}}}),
            );
        } else if op.method == "POST" && op.path.ends_with("/attachments") {
            o.insert(
                "requestBody".into(),
                json!({"required": true, "content": {"application/octet-stream": {
                    "schema": {"type": "string", "format": "binary"}}}}),
            );
        }
        if op.access != Access::Public {
            o.insert("security".into(), json!([{"session": []}]));
        }
        let success = match &op.answer {
            Answer::Json(ty) => {
                json!({"description": "success", "content": {"application/json": {"schema": schema(ty, false)}}})
            }
            Answer::Csv => {
                json!({"description": "success", "content": {"text/csv": {"schema": {"type": "string"}}}})
            }
            Answer::Calendar => {
                json!({"description": "success", "content": {"text/calendar": {"schema": {"type": "string"}}}})
            }
            Answer::File => {
                let content: Map<String, Value> = FILE_TYPES
                    .iter()
                    .map(|t| {
                        (
                            (*t).to_owned(),
                            json!({"schema": {"type": "string", "format": "binary"}}),
                        )
                    })
                    .collect();
                json!({"description": "the file, as a download, of the type read from its content", "content": content})
            }
            Answer::Empty => json!({"description": "done; no body"}),
        };
        let mut responses = Map::new();
        responses.insert(op.ok.to_string(), success);
        for status in op.errors.iter().chain(EVERY_ERROR) {
            responses.insert(
                status.to_string(),
                json!({"$ref": format!("#/components/responses/{status}")}),
            );
        }
        o.insert("responses".into(), Value::Object(responses));
        let entry = paths
            .entry(op.path.strip_prefix("/api").unwrap_or(op.path).to_owned())
            .or_insert_with(|| json!({}));
        if let Some(m) = entry.as_object_mut() {
            m.insert(op.method.to_ascii_lowercase(), Value::Object(o));
        }
    }
    let mut schemas = Map::new();
    schemas.insert(
        "Error".into(),
        json!({"type": "object", "required": ["error"], "properties": {"error": {"type": "object",
            "required": ["status", "code", "message", "field"],
            "properties": {
                "status": {"type": "integer"},
                "code": {"type": "string"},
                "message": {"type": "string"},
                "field": {"type": ["string", "null"], "description": "the input at fault: a body field (answers.x), a query parameter, a header, or body"},
                "detail": {"type": "object"}
            }}}}),
    );
    for (name, ty) in COMPONENTS {
        schemas.insert((*name).to_owned(), schema(ty, false));
    }
    let responses: Map<String, Value> = ERROR_STATUSES
        .iter()
        .map(|(status, _)| {
            (
                status.to_string(),
                json!({"description": error_description(*status), "content": {"application/json":
                    {"schema": {"$ref": "#/components/schemas/Error"}}}}),
            )
        })
        .collect();
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Covered",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Maintenance requests judged by covered-core on the server: the caller's \
                contracts only; every submission is re-evaluated and stored with its verdict, \
                deadlines and the catalog and contract versions they were computed under. Every \
                answer that is not a success is the JSON error (`#/components/schemas/Error`)."
        },
        "servers": [{"url": "/api"}],
        "paths": paths,
        "components": {
            "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": super::auth::COOKIE}},
            "schemas": schemas,
            "responses": responses,
        }
    })
}
/// Every operation of the API.
pub const OPERATIONS: &[Operation] = &[
    Operation {
        method: "GET",
        path: "/api/session",
        summary: "who is logged in, the contracts they may see and the CSRF token (401 when nobody)",
        access: Access::Session,
        query: &[],
        body: None,
        ok: 200,
        answer: Answer::Json(Ty::Ref("Principal")),
        errors: &[401],
    },
    Operation {
        method: "POST",
        path: "/api/login",
        summary: "log in with login and password; sets the HttpOnly session cookie (429 with Retry-After: too_many_attempts when this address's wrong passwords make it wait, after 3 for the login or 20 in all, 1 s, 2 s, 4 s … up to 15 min; busy when --max-hashes passwords are being checked)",
        access: Access::Public,
        query: &[],
        body: Some(&[req("login", Ty::Text(1, 64)), req("password", Ty::Str)]),
        ok: 200,
        answer: Answer::Json(Ty::Ref("Principal")),
        errors: &[400, 401, 403, 413, 415, 422, 429],
    },
    Operation {
        method: "GET",
        path: "/api/dataset",
        summary: "the data set files the caller may see (catalog, the caller's contracts and their history and outage files, an index.json naming just those): {\"files\": {name: JSON text}}",
        access: Access::Session,
        query: &[],
        body: None,
        ok: 200,
        answer: Answer::Json(Ty::Fields(&[req("files", Ty::Object)])),
        errors: &[401],
    },
    Operation {
        method: "POST",
        path: "/api/logout",
        summary: "end the session",
        access: Access::SessionCsrf,
        query: &[],
        body: None,
        ok: 200,
        answer: Answer::Json(Ty::Fields(&[req("logged_out", Ty::Bool)])),
        errors: &[401, 403],
    },
    Operation {
        method: "GET",
        path: "/api/contracts",
        summary: "the catalog summary with the caller's contracts only",
        access: Access::Session,
        query: &[],
        body: None,
        ok: 200,
        answer: Answer::Json(Ty::Fields(&[
            req("vendor", Ty::Str),
            req("vendor_name", WORDS),
            req("catalog_version", Ty::Str),
            req("categories", OBJECTS),
            req("severities", OBJECTS),
            req("tiers", OBJECTS),
            req("terms", Ty::Object),
            req("contracts", Ty::Array(&CONTRACT)),
        ])),
        errors: &[401],
    },
    Operation {
        method: "GET",
        path: "/api/contracts/{id}",
        summary: "one of the caller's contracts",
        access: Access::Session,
        query: &[],
        body: None,
        ok: 200,
        answer: Answer::Json(CONTRACT),
        errors: &[400, 401, 404],
    },
    Operation {
        method: "GET",
        path: "/api/contracts/{id}/quota",
        summary: "every limited category's quota today, counting the stored requests",
        access: Access::Session,
        query: &[],
        body: None,
        ok: 200,
        answer: Answer::Json(Ty::Ref("Quotas")),
        errors: &[400, 401, 404],
    },
    Operation {
        method: "GET",
        path: "/api/contracts/{id}/credits",
        summary: "the month's availability and service credits (month=YYYY-MM, default this month)",
        access: Access::Session,
        query: &[opt("month", Ty::Month)],
        body: None,
        ok: 200,
        answer: Answer::Json(Ty::Fields(&[
            req("contract", Ty::Str),
            req("month", Ty::Str),
            req("schedule", Ty::Str),
            req("availability", Ty::Object),
            req("band", Ty::Any),
            req("credit", Ty::Object),
            req("lines", OBJECTS),
        ])),
        errors: &[400, 401, 404, 422],
    },
    Operation {
        method: "GET",
        path: "/api/contracts/{id}/kpi",
        summary: "KPIs over from=YYYY-MM-DD to=YYYY-MM-DD, counting the stored requests; the period lies within the contract's and is at most 1827 days (else 422 naming from or to)",
        access: Access::Session,
        query: &[req("from", Ty::Date), req("to", Ty::Date)],
        body: None,
        ok: 200,
        answer: Answer::Json(Ty::Object),
        errors: &[400, 401, 404, 422],
    },
    Operation {
        method: "POST",
        path: "/api/contracts/{id}/check",
        summary: "the verdict a submission would get now (nothing is stored)",
        access: Access::SessionCsrf,
        query: &[],
        body: Some(CHECK_BODY),
        ok: 200,
        answer: Answer::Json(Ty::Ref("Verdict")),
        errors: &[400, 401, 403, 404, 413, 415, 422],
    },
    Operation {
        method: "GET",
        path: "/api/requests",
        summary: "the caller's requests, newest first (contract, status, limit ≤ 500, offset)",
        access: Access::Session,
        query: &[
            opt("contract", Ty::Str),
            opt("status", Ty::Str),
            LIMIT,
            OFFSET,
        ],
        body: None,
        ok: 200,
        answer: Answer::Json(Ty::Fields(&[req(
            "requests",
            Ty::Array(&Ty::Ref("Request")),
        )])),
        errors: &[401, 404, 422],
    },
    Operation {
        method: "POST",
        path: "/api/requests",
        summary: "submit a request: judged again by the server, 201 once stored; \
                  Idempotency-Key header makes a retry return the original",
        access: Access::SessionCsrf,
        query: &[],
        body: Some(SUBMISSION_BODY),
        ok: 201,
        answer: Answer::Json(Ty::Ref("RequestFull")),
        errors: &[400, 401, 403, 413, 415, 422, 429],
    },
    Operation {
        method: "GET",
        path: "/api/requests/{id}",
        summary: "one request with its verdict, deadlines and events",
        access: Access::Session,
        query: &[],
        body: None,
        ok: 200,
        answer: Answer::Json(Ty::Ref("RequestFull")),
        errors: &[400, 401, 404],
    },
    Operation {
        method: "POST",
        path: "/api/requests/{id}/comments",
        summary: "add a comment",
        access: Access::SessionCsrf,
        query: &[],
        body: Some(&[req("body", Ty::Text(1, 5_000))]),
        ok: 201,
        answer: Answer::Json(Ty::Ref("RequestFull")),
        errors: &[400, 401, 403, 404, 409, 413, 415, 422, 429],
    },
    Operation {
        method: "POST",
        path: "/api/requests/{id}/status",
        summary: "move the request on, as the catalog's lifecycle lets the caller (customer \
                  or vendor staff); the request's `moves` list them, with the ones that need \
                  a note; the answer's `effects` say what the move caused",
        access: Access::SessionCsrf,
        query: &[],
        body: Some(&[
            req("status", Ty::Text(1, 64)),
            opt("note", Ty::Nullable(&Ty::Text(0, 5_000))),
        ]),
        ok: 200,
        answer: Answer::Json(Ty::Ref("RequestFull")),
        errors: &[400, 401, 403, 404, 409, 413, 415, 422],
    },
    Operation {
        method: "POST",
        path: "/api/requests/{id}/rating",
        summary: "the customer rates a resolved request (1 to the lifecycle's scale), with an \
                  optional comment; a rating at or below the data's threshold is a complaint",
        access: Access::SessionCsrf,
        query: &[],
        body: Some(&[
            req("rating", Ty::Int(1, 100)),
            opt("comment", Ty::Nullable(&Ty::Text(0, 5_000))),
        ]),
        ok: 200,
        answer: Answer::Json(Ty::Ref("RequestFull")),
        errors: &[400, 401, 403, 404, 409, 413, 415, 422],
    },
    Operation {
        method: "POST",
        path: "/api/requests/{id}/complaint",
        summary: "the customer complains about a resolved request (counts against CSI)",
        access: Access::SessionCsrf,
        query: &[],
        body: Some(&[req("comment", Ty::Text(1, 5_000))]),
        ok: 200,
        answer: Answer::Json(Ty::Ref("RequestFull")),
        errors: &[400, 401, 403, 404, 409, 413, 415, 422],
    },
    Operation {
        method: "GET",
        path: "/api/requests/{id}/timeline",
        summary: "the request's life in time order (received, answered, status changes and \
                  comments, pauses, resolved, and each warning, breach and escalation step \
                  written to the outbox, with its delivery state), then the events to come \
                  (`upcoming`, `next`); customers don't see escalation steps that don't \
                  tell them",
        access: Access::Session,
        query: &[],
        body: None,
        ok: 200,
        answer: Answer::Json(Ty::Fields(&[
            req("request", Ty::Str),
            req("sr", Ty::Str),
            req("now", Ty::Str),
            req("paused", Ty::Bool),
            req("timeline", OBJECTS),
            req("upcoming", OBJECTS),
            req("next", Ty::Nullable(&Ty::Object)),
        ])),
        errors: &[400, 401, 404],
    },
    Operation {
        method: "GET",
        path: "/api/outbox",
        summary: "vendor staff only: the outbox — every clock warning, breach and escalation \
                  step written when it fell due, exactly once, by time, with its delivery \
                  state (contract, request, delivery = pending|sent|failed, limit ≤ 500, \
                  offset)",
        access: Access::VendorSession,
        query: &[
            opt("contract", Ty::Str),
            opt("request", Ty::Str),
            opt("delivery", DELIVERY),
            LIMIT,
            OFFSET,
        ],
        body: None,
        ok: 200,
        answer: Answer::Json(Ty::Fields(&[req("outbox", OBJECTS)])),
        errors: &[401, 403, 404, 422],
    },
    Operation {
        method: "GET",
        path: "/api/audit",
        summary: "vendor staff only: the audit trail — every login (and failed login), logout, \
                  submission, status change, comment, rating, complaint and account change, by \
                  sequence number, each with who, when (`at` local ISO, `at_ms`), what (`kind`, \
                  request, contract, SR, `detail`), from where (`ip`) and its hash chain \
                  (`prev_hash`, `hash`); filters: request, account, kind, contract, from, to \
                  (YYYY-MM-DD or a local date-time; `to` a date includes that day), limit ≤ \
                  500, offset; `total` counts every match",
        access: Access::VendorSession,
        query: AUDIT_QUERY_PAGED,
        body: None,
        ok: 200,
        answer: Answer::Json(Ty::Fields(&[
            req("audit", Ty::Array(&Ty::Ref("AuditEntry"))),
            req("total", Ty::Integer),
            req("limit", Ty::Integer),
            req("offset", Ty::Integer),
        ])),
        errors: &[401, 403, 422],
    },
    Operation {
        method: "GET",
        path: "/api/mail",
        summary: "vendor staff only: the email notices written — one row per message \
                  (recipient, language, subject, body, kind, its source event), with its \
                  delivery state, attempts, next attempt and last error; `sending` says \
                  whether SMTP is configured (contract, request, delivery = \
                  pending|sent|failed, limit ≤ 500, offset)",
        access: Access::VendorSession,
        query: &[
            opt("contract", Ty::Str),
            opt("request", Ty::Str),
            opt("delivery", DELIVERY),
            LIMIT,
            OFFSET,
        ],
        body: None,
        ok: 200,
        answer: Answer::Json(Ty::Fields(&[
            req("mail", OBJECTS),
            req("sending", Ty::Bool),
        ])),
        errors: &[401, 403, 422],
    },
    Operation {
        method: "GET",
        path: "/api/desk",
        summary: "vendor staff only: the desk — every open request (the statuses the \
                  catalog's lifecycle marks open) across all customers, the one whose clock \
                  falls due next first; each with its contract and customer, SR number, \
                  title, category, severity, status, assignee and its next clock (id, name, \
                  due, state on_track|at_risk|breached|paused, minutes left) as covered-core \
                  has it now; `counts` (open, at_risk, breached, unassigned) of the filtered \
                  set; filters contract, customer (institution id), tier, severity, status, \
                  assignee (a login, or none), at_risk=true (at risk or breached); pages of \
                  `limit` ≤ 500 (default 50), the next from `cursor` = the answer's \
                  `next_cursor`; `staff` lists who may be assigned",
        access: Access::VendorSession,
        query: &[
            opt("contract", Ty::Str),
            opt("customer", Ty::Str),
            opt("tier", Ty::Str),
            opt("severity", Ty::Str),
            opt("status", Ty::Str),
            opt("assignee", Ty::Str),
            opt("at_risk", Ty::Bool),
            LIMIT,
            opt("cursor", Ty::Str),
        ],
        body: None,
        ok: 200,
        answer: Answer::Json(Ty::Fields(&[
            req("now", Ty::Str),
            req(
                "counts",
                Ty::Fields(&[
                    req("open", Ty::Integer),
                    req("at_risk", Ty::Integer),
                    req("breached", Ty::Integer),
                    req("unassigned", Ty::Integer),
                ]),
            ),
            req("requests", OBJECTS),
            req("next_cursor", STR_OR_NULL),
            req("staff", Ty::Array(&STAFF)),
        ])),
        errors: &[401, 403, 422],
    },
    Operation {
        method: "GET",
        path: "/api/audit.csv",
        summary: "vendor staff only: the audit trail as CSV (text/csv; every match of the same \
                  filters, no paging; every cell quoted, a cell starting with = + - @, a tab or \
                  a carriage return prefixed with ')",
        access: Access::VendorSession,
        query: AUDIT_QUERY,
        body: None,
        ok: 200,
        answer: Answer::Csv,
        errors: &[401, 403, 422],
    },
    Operation {
        method: "GET",
        path: "/api/requests/{id}/audit",
        summary: "vendor staff only: one request's audit entries, by sequence number",
        access: Access::VendorSession,
        query: &[],
        body: None,
        ok: 200,
        answer: Answer::Json(Ty::Fields(&[
            req("request", Ty::Str),
            req("audit", Ty::Array(&Ty::Ref("AuditEntry"))),
        ])),
        errors: &[400, 401, 403, 404],
    },
    Operation {
        method: "GET",
        path: "/api/requests/{id}/attachments",
        summary: "the files attached to a request and its comments (name, type, size, who, \
                  when, `href` to download), without their bytes",
        access: Access::Session,
        query: &[],
        body: None,
        ok: 200,
        answer: Answer::Json(Ty::Fields(&[
            req("request", Ty::Str),
            req("attachments", Ty::Array(&Ty::Ref("Attachment"))),
        ])),
        errors: &[400, 401, 404],
    },
    Operation {
        method: "GET",
        path: "/api/settings",
        summary: "the caller's notice settings: email, language (ko|en) and notify \
                  (all, or resolution: only the resolution notice); calendar: whether the \
                  caller has a calendar feed",
        access: Access::Session,
        query: &[],
        body: None,
        ok: 200,
        answer: Answer::Json(Ty::Ref("Settings")),
        errors: &[401],
    },
    Operation {
        method: "POST",
        path: "/api/requests/{id}/attachments",
        summary: "attaches a file: its bytes as the body (any Content-Type; the type is read \
                  from the content: PNG, JPEG, PDF, ZIP or UTF-8 text, else 415), `name` its \
                  file name, `comment` the id of a comment of the request it goes with; at most \
                  10 MB (413) and 5 files to the request or to one comment (409); 201 with the \
                  attachment",
        access: Access::SessionCsrf,
        query: &[opt("name", Ty::Text(1, 200)), opt("comment", Ty::Str)],
        body: None,
        ok: 201,
        answer: Answer::Json(Ty::Ref("Attachment")),
        errors: &[400, 401, 403, 404, 409, 413, 415, 422, 429],
    },
    Operation {
        method: "GET",
        path: "/api/attachments/{id}",
        summary: "an attached file, to those who may see its request (404 otherwise), always \
                  as a download: Content-Disposition: attachment, X-Content-Type-Options: \
                  nosniff, Content-Security-Policy: sandbox",
        access: Access::Session,
        query: &[],
        body: None,
        ok: 200,
        answer: Answer::File,
        errors: &[400, 401, 404],
    },
    Operation {
        method: "POST",
        path: "/api/requests/{id}/assign",
        summary: "vendor staff only: who handles the request (`assignee`: a vendor staff \
                  login, or null for nobody); the request shows the name to its customer too",
        access: Access::SessionCsrf,
        query: &[],
        body: Some(&[req("assignee", Ty::Nullable(&Ty::Text(0, 64)))]),
        ok: 200,
        answer: Answer::Json(Ty::Fields(&[
            req("request", Ty::Str),
            req("assignee", Ty::Nullable(&STAFF)),
        ])),
        errors: &[400, 401, 403, 404, 413, 415, 422],
    },
    Operation {
        method: "POST",
        path: "/api/requests/{id}/notes",
        summary: "vendor staff only: an internal note on the request (`body`), among its \
                  events and timeline for the vendor's staff only — no answer to a customer \
                  carries it",
        access: Access::SessionCsrf,
        query: &[],
        body: Some(&[req("body", Ty::Text(1, 5_000))]),
        ok: 201,
        answer: Answer::Json(Ty::Fields(&[
            req("request", Ty::Str),
            req("notes", OBJECTS),
        ])),
        errors: &[400, 401, 403, 404, 413, 415, 422, 429],
    },
    Operation {
        method: "GET",
        path: "/api/requests/{id}/incident",
        summary: "the request's incident report: `required` (the notification policy asks one \
                  of its severity), `within_hours`, `due_at` / `due_at_iso` (the restore plus \
                  within_hours; null before the restore or when not required), `due_text` \
                  ({ko, en}), `overdue`, `report` (null until filed: summary, impact, cause, \
                  timeline [{at: YYYY-MM-DDTHH:MM, text}], restored_at, follow_up, author, \
                  author_name, updated_at_iso) and, for vendor staff only, `draft` (the same \
                  fields prefilled from the request's life; lang=ko|en, default ko)",
        access: Access::Session,
        query: &[opt("lang", LANGUAGE)],
        body: None,
        ok: 200,
        answer: Answer::Json(Ty::Ref("Incident")),
        errors: &[400, 401, 404, 422],
    },
    Operation {
        method: "PUT",
        path: "/api/requests/{id}/incident",
        summary: "vendor staff only: files the incident report, or updates the one filed \
                  (summary, impact, cause, follow_up: required text; timeline: 1–200 lines \
                  {at: local YYYY-MM-DDTHH:MM, text}, errors naming `timeline[i].at`; \
                  restored_at: absent or null for the resolution); 409 when its severity \
                  needs none or before the restore; answers as GET does",
        access: Access::SessionCsrf,
        query: &[],
        body: Some(INCIDENT_BODY),
        ok: 200,
        answer: Answer::Json(Ty::Ref("Incident")),
        errors: &[400, 401, 403, 404, 409, 413, 415, 422],
    },
    Operation {
        method: "PUT",
        path: "/api/settings",
        summary: "changes any of the caller's email, language (ko|en) and notify \
                  (all|resolution); answers with the settings as they now stand",
        access: Access::SessionCsrf,
        query: &[],
        body: Some(&[
            opt("email", Ty::Nullable(&Ty::Text(0, 254))),
            opt("language", Ty::Nullable(&LANGUAGE)),
            opt("notify", Ty::Nullable(&Ty::Enum(&["all", "resolution"]))),
        ]),
        ok: 200,
        answer: Answer::Json(Ty::Ref("Settings")),
        errors: &[400, 401, 403, 413, 415, 422],
    },
    Operation {
        method: "POST",
        path: "/api/settings/calendar",
        summary: "makes the caller's calendar feed, replacing any other (its old URL answers \
                  404 from then on): 201 {\"calendar_url\"}, /api/calendar/<token>.ics, absolute \
                  with --portal-url; shown once (only the token's SHA-256 is kept)",
        access: Access::SessionCsrf,
        query: &[],
        body: None,
        ok: 201,
        answer: Answer::Json(Ty::Fields(&[req("calendar_url", Ty::Str)])),
        errors: &[401, 403],
    },
    Operation {
        method: "DELETE",
        path: "/api/settings/calendar",
        summary: "revokes the caller's calendar feed: 204",
        access: Access::SessionCsrf,
        query: &[],
        body: None,
        ok: 204,
        answer: Answer::Empty,
        errors: &[401, 403],
    },
    Operation {
        method: "GET",
        path: "/api/calendar/{token}.ics",
        summary: "no session, the token is the key: the feed's account's due times as \
                  iCalendar (text/calendar) — one event per SLA clock still running of the open \
                  requests it follows (a customer's: of its contracts; vendor staff's: assigned \
                  to them), at its due, UID {request}/{clock}@covered, and each of its \
                  contracts' last day (UID {contract}/end@covered), in the account's language; \
                  404 for an unknown or revoked token",
        access: Access::Public,
        query: &[],
        body: None,
        ok: 200,
        answer: Answer::Calendar,
        errors: &[400, 404],
    },
    Operation {
        method: "GET",
        path: "/api/widget/{token}/{file}",
        summary: "no session, the token is the key (a share token of the widgets file, --widgets): \
                  one file of the public checker of that contract, for <covered-check \
                  data-src=\"/api/widget/<token>/\">, any origin (CORS) — index.json (naming \
                  the others), catalog.json, contract.json (that contract's file only) and \
                  history.json (the year's counts of its limited categories as stand-in \
                  requests, no request of its own); ETag and Cache-Control: public, \
                  max-age=60; 404 for an unknown token, an unpublished contract or another file",
        access: Access::Public,
        query: &[],
        body: None,
        ok: 200,
        answer: Answer::Json(Ty::Object),
        errors: &[400, 404],
    },
    Operation {
        method: "GET",
        path: "/api/openapi.json",
        summary: "this document",
        access: Access::Public,
        query: &[],
        body: None,
        ok: 200,
        answer: Answer::Json(Ty::Object),
        errors: &[],
    },
];
