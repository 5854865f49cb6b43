//! The API's description: one table of operations ([`OPERATIONS`]) from which the
//! OpenAPI 3.1 document at `GET /api/openapi.json` is built, and which the tests walk
//! to try every endpoint (across tenants, without a session, without a CSRF token).

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

/// One operation: method, path (under `/api`), summary, access, and its request body's
/// fields (`None`: no body).
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
    pub query: &'static [&'static str],
    /// Body fields.
    pub body: Option<&'static [&'static str]>,
}

/// The fields of a submission (`POST /api/requests`).
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

/// Every operation of the API.
pub const OPERATIONS: &[Operation] = &[
    Operation {
        method: "GET",
        path: "/api/session",
        summary: "who is logged in, the contracts they may see and the CSRF token (401 when nobody)",
        access: Access::Session,
        query: &[],
        body: None,
    },
    Operation {
        method: "POST",
        path: "/api/login",
        summary: "log in with login and password; sets the HttpOnly session cookie (429 with Retry-After: too_many_attempts when this address's wrong passwords make it wait, after 3 for the login or 20 in all, 1 s, 2 s, 4 s … up to 15 min; busy when --max-hashes passwords are being checked)",
        access: Access::Public,
        query: &[],
        body: Some(&["login", "password"]),
    },
    Operation {
        method: "GET",
        path: "/api/dataset",
        summary: "the data set files the caller may see (catalog, the caller's contracts and their history and outage files, an index.json naming just those): {\"files\": {name: JSON text}}",
        access: Access::Session,
        query: &[],
        body: None,
    },
    Operation {
        method: "POST",
        path: "/api/logout",
        summary: "end the session",
        access: Access::SessionCsrf,
        query: &[],
        body: None,
    },
    Operation {
        method: "GET",
        path: "/api/contracts",
        summary: "the catalog summary with the caller's contracts only",
        access: Access::Session,
        query: &[],
        body: None,
    },
    Operation {
        method: "GET",
        path: "/api/contracts/{id}",
        summary: "one of the caller's contracts",
        access: Access::Session,
        query: &[],
        body: None,
    },
    Operation {
        method: "GET",
        path: "/api/contracts/{id}/quota",
        summary: "every limited category's quota today, counting the stored requests",
        access: Access::Session,
        query: &[],
        body: None,
    },
    Operation {
        method: "GET",
        path: "/api/contracts/{id}/credits",
        summary: "the month's availability and service credits (month=YYYY-MM, default this month)",
        access: Access::Session,
        query: &["month"],
        body: None,
    },
    Operation {
        method: "GET",
        path: "/api/contracts/{id}/kpi",
        summary: "KPIs over from=YYYY-MM-DD to=YYYY-MM-DD, counting the stored requests; the period lies within the contract's and is at most 1827 days (else 422 naming from or to)",
        access: Access::Session,
        query: &["from", "to"],
        body: None,
    },
    Operation {
        method: "POST",
        path: "/api/contracts/{id}/check",
        summary: "the verdict a submission would get now (nothing is stored)",
        access: Access::SessionCsrf,
        query: &[],
        body: Some(&[
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
        ]),
    },
    Operation {
        method: "GET",
        path: "/api/requests",
        summary: "the caller's requests, newest first (contract, status, limit ≤ 500, offset)",
        access: Access::Session,
        query: &["contract", "status", "limit", "offset"],
        body: None,
    },
    Operation {
        method: "POST",
        path: "/api/requests",
        summary: "submit a request: judged again by the server, 201 once stored; \
                  Idempotency-Key header makes a retry return the original",
        access: Access::SessionCsrf,
        query: &[],
        body: Some(SUBMISSION),
    },
    Operation {
        method: "GET",
        path: "/api/requests/{id}",
        summary: "one request with its verdict, deadlines and events",
        access: Access::Session,
        query: &[],
        body: None,
    },
    Operation {
        method: "POST",
        path: "/api/requests/{id}/comments",
        summary: "add a comment",
        access: Access::SessionCsrf,
        query: &[],
        body: Some(&["body"]),
    },
    Operation {
        method: "POST",
        path: "/api/requests/{id}/status",
        summary: "move the request on, as the catalog's lifecycle lets the caller (customer \
                  or vendor staff); the request's `moves` list them, with the ones that need \
                  a note; the answer's `effects` say what the move caused",
        access: Access::SessionCsrf,
        query: &[],
        body: Some(&["status", "note"]),
    },
    Operation {
        method: "POST",
        path: "/api/requests/{id}/rating",
        summary: "the customer rates a resolved request (1 to the lifecycle's scale), with an \
                  optional comment; a rating at or below the data's threshold is a complaint",
        access: Access::SessionCsrf,
        query: &[],
        body: Some(&["rating", "comment"]),
    },
    Operation {
        method: "POST",
        path: "/api/requests/{id}/complaint",
        summary: "the customer complains about a resolved request (counts against CSI)",
        access: Access::SessionCsrf,
        query: &[],
        body: Some(&["comment"]),
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
    },
    Operation {
        method: "GET",
        path: "/api/outbox",
        summary: "vendor staff only: the outbox — every clock warning, breach and escalation \
                  step written when it fell due, exactly once, by time, with its delivery \
                  state (contract, request, delivery = pending|sent|failed, limit ≤ 500, \
                  offset)",
        access: Access::VendorSession,
        query: &["contract", "request", "delivery", "limit", "offset"],
        body: None,
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
        query: &[
            "request", "account", "kind", "contract", "from", "to", "limit", "offset",
        ],
        body: None,
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
        query: &["contract", "request", "delivery", "limit", "offset"],
        body: None,
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
            "contract", "customer", "tier", "severity", "status", "assignee", "at_risk", "limit",
            "cursor",
        ],
        body: None,
    },
    Operation {
        method: "GET",
        path: "/api/audit.csv",
        summary: "vendor staff only: the audit trail as CSV (text/csv; every match of the same \
                  filters, no paging; every cell quoted, a cell starting with = + - @, a tab or \
                  a carriage return prefixed with ')",
        access: Access::VendorSession,
        query: &["request", "account", "kind", "contract", "from", "to"],
        body: None,
    },
    Operation {
        method: "GET",
        path: "/api/requests/{id}/audit",
        summary: "vendor staff only: one request's audit entries, by sequence number",
        access: Access::VendorSession,
        query: &[],
        body: None,
    },
    Operation {
        method: "GET",
        path: "/api/requests/{id}/attachments",
        summary: "the files attached to a request and its comments (name, type, size, who, \
                  when, `href` to download), without their bytes",
        access: Access::Session,
        query: &[],
        body: None,
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
        query: &["name", "comment"],
        body: None,
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
    },
    Operation {
        method: "POST",
        path: "/api/requests/{id}/assign",
        summary: "vendor staff only: who handles the request (`assignee`: a vendor staff \
                  login, or null for nobody); the request shows the name to its customer too",
        access: Access::SessionCsrf,
        query: &[],
        body: Some(&["assignee"]),
    },
    Operation {
        method: "POST",
        path: "/api/requests/{id}/notes",
        summary: "vendor staff only: an internal note on the request (`body`), among its \
                  events and timeline for the vendor's staff only — no answer to a customer \
                  carries it",
        access: Access::SessionCsrf,
        query: &[],
        body: Some(&["body"]),
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
        query: &["lang"],
        body: None,
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
        body: Some(&[
            "summary",
            "impact",
            "cause",
            "timeline",
            "restored_at",
            "follow_up",
        ]),
    },
    Operation {
        method: "PUT",
        path: "/api/settings",
        summary: "changes any of the caller's email, language (ko|en) and notify \
                  (all|resolution); answers with the settings as they now stand",
        access: Access::SessionCsrf,
        query: &[],
        body: Some(&["email", "language", "notify"]),
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
    },
    Operation {
        method: "DELETE",
        path: "/api/settings/calendar",
        summary: "revokes the caller's calendar feed: 204",
        access: Access::SessionCsrf,
        query: &[],
        body: None,
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
    },
    Operation {
        method: "GET",
        path: "/api/openapi.json",
        summary: "this document",
        access: Access::Public,
        query: &[],
        body: None,
    },
];

fn error_response(description: &str) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
}

/// The OpenAPI 3.1 document.
pub fn document() -> Value {
    let mut paths = Map::new();
    for op in OPERATIONS {
        let mut o = Map::new();
        o.insert("summary".into(), json!(op.summary));
        let mut params: Vec<Value> = Vec::new();
        if op.path.contains("{id}") {
            params.push(
                json!({"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}),
            );
        }
        if op.path.contains("{token}") {
            params.push(
                json!({"name": "token", "in": "path", "required": true, "schema": {"type": "string"}}),
            );
        }
        for q in op.query {
            params.push(
                json!({"name": q, "in": "query", "required": false, "schema": {"type": "string"}}),
            );
        }
        if op.access == Access::SessionCsrf {
            params.push(json!({"name": "X-CSRF-Token", "in": "header", "required": true, "schema": {"type": "string"}}));
        }
        if op.path == "/api/requests" && op.method == "POST" {
            params.push(json!({"name": "Idempotency-Key", "in": "header", "required": false, "schema": {"type": "string", "maxLength": 200}}));
        }
        o.insert("parameters".into(), Value::Array(params));
        if let Some(fields) = op.body {
            let props: Map<String, Value> = fields
                .iter()
                .map(|f| {
                    let t = match *f {
                        "answers" => json!({"type": "object"}),
                        "paid" => json!({"type": "boolean"}),
                        "timeline" => json!({"type": "array", "items": {"type": "object",
                            "required": ["at", "text"], "additionalProperties": false,
                            "properties": {"at": {"type": "string"}, "text": {"type": "string"}}}}),
                        _ => json!({"type": "string"}),
                    };
                    ((*f).to_owned(), t)
                })
                .collect();
            o.insert(
                "requestBody".into(),
                json!({"required": true, "content": {"application/json": {"schema": {
                    "type": "object", "additionalProperties": false, "properties": props}}}}),
            );
        }
        if op.access != Access::Public {
            o.insert("security".into(), json!([{"session": []}]));
        }
        let ok = if op.method == "POST"
            && matches!(
                op.path,
                "/api/requests"
                    | "/api/requests/{id}/comments"
                    | "/api/requests/{id}/notes"
                    | "/api/settings/calendar"
            ) {
            "201"
        } else if op.method == "DELETE" {
            "204"
        } else {
            "200"
        };
        let success = if op.path.ends_with(".csv") {
            json!({"text/csv": {"schema": {"type": "string"}}})
        } else if op.path.ends_with(".ics") {
            json!({"text/calendar": {"schema": {"type": "string"}}})
        } else {
            json!({"application/json": {"schema": {"type": "object"}}})
        };
        let mut responses = json!({
                ok: {"description": "success", "content": success},
                "400": error_response("malformed JSON"),
                "401": error_response("no session"),
                "403": error_response("CSRF token or origin refused, or not allowed"),
                "404": error_response("not found, or not the caller's"),
                "409": error_response("a status change the request's status does not allow"),
                "413": error_response("body over 64 KiB"),
                "415": error_response("body not sent as application/json"),
                "422": error_response("a field is invalid; `field` names it"),
                "408": error_response("the body did not arrive within --body-timeout (`body_timeout`)"),
                "503": error_response("not answered within --request-timeout (`timeout`), or --max-requests are being handled (`overloaded`, with Retry-After)"),
        });
        if op.path == "/api/login"
            && let Some(r) = responses.as_object_mut()
        {
            r.insert(
                "429".into(),
                error_response("too many wrong passwords from this address lately (`too_many_attempts`), or --max-hashes passwords being checked (`busy`); Retry-After says when to try again"),
            );
        }
        o.insert("responses".into(), responses);
        let entry = paths
            .entry(op.path.strip_prefix("/api").unwrap_or(op.path).to_owned())
            .or_insert_with(|| json!({}));
        if let Some(m) = entry.as_object_mut() {
            m.insert(op.method.to_ascii_lowercase(), Value::Object(o));
        }
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Covered",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Maintenance requests judged by covered-core on the server: the caller's \
                contracts only; every submission is re-evaluated and stored with its verdict, \
                deadlines and the catalog and contract versions they were computed under."
        },
        "servers": [{"url": "/api"}],
        "paths": paths,
        "components": {
            "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": super::auth::COOKIE}},
            "schemas": {"Error": {"type": "object", "properties": {"error": {"type": "object",
                "required": ["status", "code", "message", "field"],
                "properties": {
                    "status": {"type": "integer"},
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                    "field": {"type": ["string", "null"], "description": "the input at fault: a body field (answers.x), a query parameter, a header, or body"},
                    "detail": {"type": "object"}
                }}}}}
        }
    })
}
