//! A request's timeline (`GET /api/requests/{id}/timeline`): its events and the timed
//! events the outbox holds, in time order, then what the core says is still to come;
//! customers see only what tells them, and no address of the vendor's.

use super::AppState;
use super::engine;
use super::error::ApiError;
use super::routes::{caller, events_of, json_response, names_of, to_value, visible_request};
use super::store::{OutboxFilter, OutboxRow, RequestRow};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use covered_core::civil::DateTime;
use serde_json::{Value, json};
use std::sync::Arc;

type St = State<Arc<AppState>>;
type ApiResult = Result<Response, ApiError>;

/// Every warning, breach, escalation step and other timed event the outbox holds for
/// `row`, by time.
pub(super) async fn request_outbox(
    st: &AppState,
    row: &RequestRow,
) -> Result<Vec<OutboxRow>, ApiError> {
    st.store
        .outbox(&OutboxFilter {
            contracts: std::slice::from_ref(&row.filing.contract),
            request: Some(&row.id),
            delivery: None,
            limit: 10_000,
            offset: 0,
        })
        .await
        .map_err(|e| ApiError::internal("outbox", e))
}

/// Whether an event (as the core serialises it) is for customers' eyes: everything but
/// an escalation step or a late incident report that does not tell the customer.
fn customer_sees(event: &Value) -> bool {
    !matches!(
        event.get("kind").and_then(Value::as_str),
        Some("escalation" | "report")
    ) || event
        .get("notify")
        .and_then(Value::as_array)
        .is_some_and(|n| n.iter().any(|a| a == "customer"))
}

/// An event as a customer sees it: who else an escalation step tells is named only as
/// the customer or the vendor, never by an address of the vendor's.
fn without_addresses(event: &mut Value) {
    if let Some(Value::Array(n)) = event.get_mut("notify") {
        n.retain(|a| a == "customer" || a == "vendor");
    }
}

/// An outbox row as the API shows it: its columns, and the core's event under `event`.
pub(super) fn outbox_json(o: &OutboxRow) -> Value {
    json!({
        "key": o.key, "request": o.request, "contract": o.contract, "sr": o.sr,
        "kind": o.kind, "clock": o.clock, "percent": o.percent, "step": o.step,
        "at": o.at, "at_ms": o.at_ms, "written_ms": o.written_ms,
        "delivery": o.delivery, "attempts": o.attempts, "delivered_ms": o.delivered_ms,
        "last_error": o.last_error,
        "event": serde_json::from_str::<Value>(&o.body).unwrap_or(Value::Null),
    })
}

/// A request's life in time order: received, the first reply, status changes and
/// comments, pauses, the resolution, and each warning, breach and escalation step the
/// outbox holds (with its delivery state); then the events still to come, as the core
/// computes them now (`upcoming`, `next`). Customers don't see escalation steps that
/// don't tell them.
pub(super) async fn request_timeline(
    State(st): St,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult {
    let p = caller(&st, &headers).await?;
    let row = visible_request(&st, &p, &id).await?;
    let now = engine::local(&st.data, st.clock.now_ms())?;
    let lc = engine::lifecycle(&st.data)?;
    let mut stored = st
        .store
        .events(&row.id)
        .await
        .map_err(|e| ApiError::internal("events", e))?;
    if p.is_vendor() {
        stored.extend(super::desk::notes(&st.store, &row.id).await?);
    }
    // Names of everyone in it, the submitter too.
    let names = names_of(&st, &events_of(&st, &row, &p).await?).await;
    let outbox = request_outbox(&st, &row).await?;
    let rec = &row.record;
    // (when, order among equal times, entry)
    let mut items: Vec<(DateTime, u8, Value)> = vec![(
        row.submitted,
        0,
        json!({"at": row.submitted, "kind": "received", "by": row.account,
               "by_name": names.get(&row.account), "status": lc.initial, "status_name": lc.status(&lc.initial).map(|s| &s.name)}),
    )];
    if let Some(at) = rec.responded {
        items.push((at, 1, json!({"at": at, "kind": "answered"})));
    }
    for e in &stored {
        let Ok(at) = e.at.parse::<DateTime>() else {
            continue;
        };
        let status_name = e
            .status
            .as_deref()
            .and_then(|s| lc.status(s))
            .map(|s| &s.name);
        items.push((
            at,
            2,
            json!({"id": e.id, "at": at, "kind": e.kind, "by": e.account, "by_name": names.get(&e.account),
                   "status": e.status, "status_name": status_name, "body": e.body}),
        ));
    }
    for pause in &rec.pauses {
        items.push((
            pause.from(),
            3,
            json!({"at": pause.from(), "kind": "paused", "until": pause.to()}),
        ));
    }
    if let Some(since) = rec.paused_since {
        items.push((
            since,
            3,
            json!({"at": since, "kind": "paused", "until": null}),
        ));
    }
    if let Some(at) = rec.resolved {
        items.push((at, 4, json!({"at": at, "kind": "resolved"})));
    }
    let vendor = p.is_vendor();
    for o in &outbox {
        let mut v = outbox_json(o);
        if !vendor && !v.get("event").is_some_and(customer_sees) {
            continue;
        }
        if !vendor && let Some(e) = v.get_mut("event") {
            without_addresses(e);
        }
        let Ok(at) = o.at.parse::<DateTime>() else {
            continue;
        };
        if let Value::Object(m) = &mut v {
            m.insert("at".to_owned(), json!(at));
        }
        items.push((at, 5, v));
    }
    items.sort_by_key(|a| (a.0, a.1));
    let events = engine::timed_events(&st.data, &row, now)?
        .with(super::incident::upcoming(&st, &row, now).await?);
    let upcoming: Vec<Value> = events
        .events
        .iter()
        .filter(|e| !e.due)
        .map(to_value)
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .filter(|v| vendor || customer_sees(v))
        .map(|mut v| {
            if !vendor {
                without_addresses(&mut v);
            }
            v
        })
        .collect();
    let next = upcoming.first().cloned();
    Ok(json_response(
        StatusCode::OK,
        &json!({
            "request": row.id, "sr": row.sr, "now": now, "paused": events.paused,
            "timeline": items.into_iter().map(|(_, _, v)| v).collect::<Vec<_>>(),
            "upcoming": upcoming, "next": next,
        }),
    ))
}
