//! Incident reports (`migrations/0009_incident_reports.sql`): one row per request, saved
//! with its event and audit entry under the request's contract lock, as every change of
//! a request is made; and the late reports' outbox rows, written once by key and never
//! for a request whose report is filed.

use super::{
    Event, OutboxRow, REQUEST_COLUMNS, RequestRow, Store, db_err, insert_event, insert_outbox,
    marks, request_of,
};
use crate::serve::audit::{self, Entry};
use crate::serve::error::ApiError;
use sqlx::Row;
use sqlx::any::AnyRow;

/// A filed incident report as stored.
#[derive(Debug, Clone)]
pub struct ReportRow {
    pub request: String,
    pub summary: String,
    pub impact: String,
    pub cause: String,
    /// JSON text: `[{"at", "text"}, …]`.
    pub timeline: String,
    /// Local time to the minute.
    pub restored_at: Option<String>,
    pub follow_up: String,
    /// The vendor staff login who saved it last.
    pub author: String,
    pub created_ms: i64,
    pub updated_ms: i64,
}

const COLUMNS: &str = "request, summary, impact, cause, timeline, restored_at, follow_up, author, \
     created_ms, updated_ms";

fn report_of(r: &AnyRow) -> Result<ReportRow, sqlx::Error> {
    Ok(ReportRow {
        request: r.try_get("request")?,
        summary: r.try_get("summary")?,
        impact: r.try_get("impact")?,
        cause: r.try_get("cause")?,
        timeline: r.try_get("timeline")?,
        restored_at: r.try_get("restored_at")?,
        follow_up: r.try_get("follow_up")?,
        author: r.try_get("author")?,
        created_ms: r.try_get("created_ms")?,
        updated_ms: r.try_get("updated_ms")?,
    })
}

/// Locks the contract row of request `id` (as a submission or a status change does), so
/// that no change of the request commits in between; `false` when there is no request.
async fn lock_request(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: &str,
) -> Result<bool, sqlx::Error> {
    let contract: Option<String> = sqlx::query("SELECT contract FROM requests WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .map(|r| r.try_get("contract"))
        .transpose()?;
    let Some(contract) = contract else {
        return Ok(false);
    };
    sqlx::query("UPDATE contract_state SET last_sr = last_sr WHERE contract = $1")
        .bind(&contract)
        .execute(&mut **tx)
        .await?;
    Ok(true)
}

async fn filed(tx: &mut sqlx::Transaction<'_, sqlx::Any>, id: &str) -> Result<bool, sqlx::Error> {
    Ok(
        sqlx::query("SELECT request FROM incident_reports WHERE request = $1")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?
            .is_some(),
    )
}

impl Store {
    /// The incident report of request `id`, once filed.
    ///
    /// # Errors
    ///
    /// A database error.
    pub async fn incident_report(&self, id: &str) -> Result<Option<ReportRow>, sqlx::Error> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM incident_reports WHERE request = $1"
        ))
        .bind(id)
        .fetch_optional(&self.read)
        .await?
        .map(|r| report_of(&r))
        .transpose()
    }

    /// Saves `report` (a new one, or over the one filed: `created_ms` kept) with `event`
    /// on its request and `audit` last, in one transaction under the request's contract
    /// lock. Returns whether it was the first filing.
    ///
    /// # Errors
    ///
    /// 404 when there is no such request, or a database error.
    pub async fn save_incident_report(
        &self,
        report: &ReportRow,
        event: &Event,
        audit: Entry,
    ) -> Result<bool, ApiError> {
        let e = db_err("incident report");
        let mut tx = self.begin().await.map_err(&e)?;
        if !lock_request(&mut tx, &report.request).await.map_err(&e)? {
            return Err(ApiError::not_found("request"));
        }
        let first = !filed(&mut tx, &report.request).await.map_err(&e)?;
        if first {
            sqlx::query(&format!(
                "INSERT INTO incident_reports ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, \
                 $8, $9, $10)"
            ))
            .bind(&report.request)
            .bind(&report.summary)
            .bind(&report.impact)
            .bind(&report.cause)
            .bind(&report.timeline)
            .bind(report.restored_at.clone())
            .bind(&report.follow_up)
            .bind(&report.author)
            .bind(report.created_ms)
            .bind(report.updated_ms)
            .execute(&mut *tx)
            .await
            .map_err(&e)?;
        } else {
            sqlx::query(
                "UPDATE incident_reports SET summary = $1, impact = $2, cause = $3, \
                 timeline = $4, restored_at = $5, follow_up = $6, author = $7, updated_ms = $8 \
                 WHERE request = $9",
            )
            .bind(&report.summary)
            .bind(&report.impact)
            .bind(&report.cause)
            .bind(&report.timeline)
            .bind(report.restored_at.clone())
            .bind(&report.follow_up)
            .bind(&report.author)
            .bind(report.updated_ms)
            .bind(&report.request)
            .execute(&mut *tx)
            .await
            .map_err(&e)?;
        }
        insert_event(&mut tx, event).await.map_err(&e)?;
        let audit = audit.detail(serde_json::json!({"event": event.id, "first": first}));
        audit::record(&mut tx, audit).await.map_err(&e)?;
        tx.commit().await.map_err(&e)?;
        Ok(first)
    }

    /// The restored requests of `severities` whose report is neither filed nor already
    /// late in the outbox (`{id}/report`), without their verdicts: the ones whose late
    /// report may still fall due, whatever their status now.
    ///
    /// # Errors
    ///
    /// A database error.
    pub async fn awaiting_report(
        &self,
        severities: &[String],
    ) -> Result<Vec<RequestRow>, sqlx::Error> {
        if severities.is_empty() {
            return Ok(Vec::new());
        }
        let columns = REQUEST_COLUMNS.replace(" verdict,", " '' AS verdict,");
        let sql = format!(
            "SELECT {columns} FROM requests WHERE resolved IS NOT NULL AND severity IN ({}) \
             AND NOT EXISTS (SELECT 1 FROM incident_reports r WHERE r.request = requests.id) \
             AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.event_key = requests.id || '/report') \
             ORDER BY submitted_ms, id",
            marks(1, severities.len())
        );
        let mut q = sqlx::query(&sql);
        for s in severities {
            q = q.bind(s);
        }
        q.fetch_all(&self.read)
            .await?
            .iter()
            .map(request_of)
            .collect()
    }

    /// Writes request `id`'s late-report event, if `due` says it is due on the row as it
    /// stands under the contract lock and no report is filed: 1 when added, 0 when not
    /// (not due, filed, or written already).
    ///
    /// # Errors
    ///
    /// `due`'s error, or a database error.
    pub async fn write_report_due<F>(&self, id: &str, due: F) -> Result<u64, ApiError>
    where
        F: FnOnce(&RequestRow) -> Result<Option<OutboxRow>, ApiError>,
    {
        let e = db_err("outbox");
        let mut tx = self.begin().await.map_err(&e)?;
        if !lock_request(&mut tx, id).await.map_err(&e)? || filed(&mut tx, id).await.map_err(&e)? {
            return Ok(0);
        }
        let row = sqlx::query(&format!(
            "SELECT {REQUEST_COLUMNS} FROM requests WHERE id = $1"
        ))
        .bind(id)
        .fetch_one(&mut *tx)
        .await
        .map_err(&e)?;
        let row = request_of(&row).map_err(&e)?;
        let Some(o) = due(&row)? else {
            return Ok(0);
        };
        let added = insert_outbox(&mut tx, &o).await.map_err(&e)?;
        tx.commit().await.map_err(&e)?;
        Ok(added)
    }
}
