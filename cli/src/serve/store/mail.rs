//! The mail table (`migrations/0005_mail.sql`): messages written with the changes that
//! cause them, the outbox's timed events turned into messages, and the sender's
//! bookkeeping (claim, sent, retry, give up); accounts' addresses and notice settings.
//!
//! What a message says is not decided here: a [`Compose`] (the server's `mail` module,
//! which asks covered-core) turns a change into rows; this module only stores them.

use super::{Event, OutboxRow, RequestRow, Store, db_err, marks};
use crate::serve::error::ApiError;
use covered_core::lifecycle::Record;
use sqlx::Row;
use sqlx::any::AnyRow;
use std::sync::{Arc, OnceLock};

/// One message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailRow {
    /// `<source>/<requester|desk>`: unique, so a message is written once.
    pub id: String,
    /// The outbox's event key, the event's id, or `<request>/submitted`.
    pub source: String,
    pub request: String,
    pub contract: String,
    pub sr: String,
    /// covered-core's `notify::Kind` as text.
    pub kind: String,
    pub recipient: String,
    /// `ko` or `en`.
    pub language: String,
    pub subject: String,
    pub body: String,
    pub written_ms: i64,
    /// `pending`, `sent` or `failed`.
    pub delivery: String,
    pub attempts: i64,
    pub next_attempt_ms: i64,
    pub delivered_ms: Option<i64>,
    pub last_error: Option<String>,
}

/// What causes messages.
#[derive(Debug, Clone, Copy)]
pub enum Change<'a> {
    /// A request was filed.
    Submitted(&'a RequestRow),
    /// An event was recorded on a request (`before`: its record before the change).
    Event {
        before: &'a Record,
        row: &'a RequestRow,
        event: &'a Event,
    },
    /// A timed event of the outbox.
    Timed {
        row: &'a RequestRow,
        outbox: &'a OutboxRow,
    },
}

/// An account's address and notice settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub email: Option<String>,
    /// `ko` or `en`.
    pub language: String,
    /// Every notice (`true`) or only the resolution's.
    pub all: bool,
}

/// Turns a change into messages: the requester's contact, whether the vendor's staff
/// made it (`None`: nobody, a timed event), the time written.
pub trait Compose: Send + Sync + std::fmt::Debug {
    /// The messages `change` calls for.
    fn compose(
        &self,
        change: &Change<'_>,
        requester: &Contact,
        by_vendor: Option<bool>,
        now_ms: i64,
    ) -> Vec<MailRow>;
}

/// The composer a store writes messages with, once the server has set it.
#[derive(Debug, Clone, Default)]
pub struct Composer(Arc<OnceLock<Arc<dyn Compose>>>);

const MAIL_COLUMNS: &str = "id, source, request, contract, sr, kind, recipient, language, subject, \
     body, written_ms, delivery, attempts, next_attempt_ms, delivered_ms, last_error";

fn mail_of(r: &AnyRow) -> Result<MailRow, sqlx::Error> {
    Ok(MailRow {
        id: r.try_get("id")?,
        source: r.try_get("source")?,
        request: r.try_get("request")?,
        contract: r.try_get("contract")?,
        sr: r.try_get("sr")?,
        kind: r.try_get("kind")?,
        recipient: r.try_get("recipient")?,
        language: r.try_get("language")?,
        subject: r.try_get("subject")?,
        body: r.try_get("body")?,
        written_ms: r.try_get("written_ms")?,
        delivery: r.try_get("delivery")?,
        attempts: r.try_get("attempts")?,
        next_attempt_ms: r.try_get("next_attempt_ms")?,
        delivered_ms: r.try_get("delivered_ms")?,
        last_error: r.try_get("last_error")?,
    })
}

async fn insert_mail(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    m: &MailRow,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(&format!(
        "INSERT INTO mail ({MAIL_COLUMNS}) VALUES ({}) ON CONFLICT (id) DO NOTHING",
        marks(1, 16)
    ))
    .bind(&m.id)
    .bind(&m.source)
    .bind(&m.request)
    .bind(&m.contract)
    .bind(&m.sr)
    .bind(&m.kind)
    .bind(&m.recipient)
    .bind(&m.language)
    .bind(&m.subject)
    .bind(&m.body)
    .bind(m.written_ms)
    .bind(&m.delivery)
    .bind(m.attempts)
    .bind(m.next_attempt_ms)
    .bind(m.delivered_ms)
    .bind(m.last_error.clone())
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected())
}

async fn contact_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    login: &str,
) -> Result<(Contact, bool), sqlx::Error> {
    let row =
        sqlx::query("SELECT email, language, notify_all, role FROM accounts WHERE login = $1")
            .bind(login)
            .fetch_optional(&mut **tx)
            .await?;
    Ok(match row {
        Some(r) => (
            Contact {
                email: r.try_get("email")?,
                language: r.try_get("language")?,
                all: r.try_get::<i64, _>("notify_all")? != 0,
            },
            r.try_get::<String, _>("role")? == "vendor",
        ),
        None => (
            Contact {
                email: None,
                language: "ko".to_owned(),
                all: true,
            },
            false,
        ),
    })
}

/// Which messages [`Store::mail`] lists.
#[derive(Debug)]
pub struct MailFilter<'a> {
    pub contracts: &'a [String],
    pub request: Option<&'a str>,
    pub delivery: Option<&'a str>,
    pub limit: u32,
    pub offset: u32,
}

impl Store {
    /// Sets the composer that [`Store::submit`] and [`Store::update`] write messages
    /// with (once; later calls are ignored). Until then they write none.
    pub fn set_composer(&self, c: Arc<dyn Compose>) {
        let _ = self.composer.0.set(c);
    }

    /// Writes the messages `change` calls for, in the change's own transaction.
    pub(super) async fn queue_mail(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        change: Change<'_>,
        now_ms: i64,
    ) -> Result<(), sqlx::Error> {
        let Some(c) = self.composer.0.get() else {
            return Ok(());
        };
        let (row, by) = match change {
            Change::Submitted(row) => (row, Some(row.account.as_str())),
            // The server's own change (an automatic close) is told to both sides.
            Change::Event { row, event, .. } => (
                row,
                (event.account != crate::serve::autoclose::SYSTEM)
                    .then_some(event.account.as_str()),
            ),
            Change::Timed { row, .. } => (row, None),
        };
        let (requester, _) = contact_in(tx, &row.account).await?;
        let by_vendor = match by {
            Some(login) => Some(contact_in(tx, login).await?.1),
            None => None,
        };
        for m in c.compose(&change, &requester, by_vendor, now_ms) {
            insert_mail(tx, &m).await?;
        }
        Ok(())
    }

    /// Turns up to `limit` outbox events not yet mailed into messages, one transaction;
    /// returns how many events it took.
    ///
    /// # Errors
    ///
    /// A database error.
    pub async fn mail_outbox(&self, now_ms: i64, limit: u32) -> Result<usize, ApiError> {
        let e = db_err("mail");
        let mut tx = self.begin().await.map_err(&e)?;
        let rows = sqlx::query(&format!(
            "SELECT {} FROM outbox WHERE mailed_ms IS NULL ORDER BY at_ms, event_key LIMIT {limit}",
            super::OUTBOX_COLUMNS
        ))
        .fetch_all(&mut *tx)
        .await
        .map_err(&e)?;
        let outbox: Vec<OutboxRow> = rows
            .iter()
            .map(super::outbox_of)
            .collect::<Result<_, _>>()
            .map_err(&e)?;
        for o in &outbox {
            let request = sqlx::query(&format!(
                "SELECT {} FROM requests WHERE id = $1",
                super::REQUEST_COLUMNS
            ))
            .bind(&o.request)
            .fetch_one(&mut *tx)
            .await
            .and_then(|r| super::request_of(&r))
            .map_err(&e)?;
            self.queue_mail(
                &mut tx,
                Change::Timed {
                    row: &request,
                    outbox: o,
                },
                now_ms,
            )
            .await
            .map_err(&e)?;
            sqlx::query("UPDATE outbox SET mailed_ms = $1 WHERE event_key = $2")
                .bind(now_ms)
                .bind(&o.key)
                .execute(&mut *tx)
                .await
                .map_err(&e)?;
        }
        tx.commit().await.map_err(&e)?;
        Ok(outbox.len())
    }

    /// Pending messages whose next attempt has come, oldest first.
    ///
    /// # Errors
    ///
    /// A database error.
    pub async fn due_mail(&self, now_ms: i64, limit: u32) -> Result<Vec<MailRow>, sqlx::Error> {
        sqlx::query(&format!(
            "SELECT {MAIL_COLUMNS} FROM mail WHERE delivery = 'pending' AND next_attempt_ms <= $1 \
             ORDER BY next_attempt_ms, written_ms, id LIMIT {limit}"
        ))
        .bind(now_ms)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(mail_of)
        .collect()
    }

    /// Claims message `m` for one attempt, until `lease_ms` (so that a second sender on
    /// the database leaves it be): false when another claimed or settled it first.
    ///
    /// # Errors
    ///
    /// A database error.
    pub async fn claim_mail(&self, m: &MailRow, lease_ms: i64) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(
            "UPDATE mail SET next_attempt_ms = $1 WHERE id = $2 AND delivery = 'pending' \
             AND next_attempt_ms = $3",
        )
        .bind(lease_ms)
        .bind(&m.id)
        .bind(m.next_attempt_ms)
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Records an attempt at `m`: sent (`error` none), to be tried again at `retry_ms`,
    /// or given up (`retry_ms` none). The outbox event it came from follows: `sent` once
    /// all its messages are, `failed` when one is given up.
    ///
    /// # Errors
    ///
    /// A database error.
    pub async fn settle_mail(
        &self,
        m: &MailRow,
        now_ms: i64,
        error: Option<&str>,
        retry_ms: Option<i64>,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.begin().await?;
        let delivery = match (error, retry_ms) {
            (None, _) => "sent",
            (Some(_), Some(_)) => "pending",
            (Some(_), None) => "failed",
        };
        sqlx::query(
            "UPDATE mail SET delivery = $1, attempts = attempts + 1, next_attempt_ms = $2, \
             delivered_ms = $3, last_error = $4 WHERE id = $5",
        )
        .bind(delivery)
        .bind(retry_ms.unwrap_or(m.next_attempt_ms))
        .bind((delivery == "sent").then_some(now_ms))
        .bind(error.map(str::to_owned))
        .bind(&m.id)
        .execute(&mut *tx)
        .await?;
        let q = match delivery {
            "sent" => sqlx::query(
                "UPDATE outbox SET attempts = attempts + 1, delivered_ms = $1, delivery = \
                 CASE WHEN EXISTS (SELECT 1 FROM mail WHERE source = $2 AND delivery <> 'sent') \
                 THEN delivery ELSE 'sent' END WHERE event_key = $2",
            )
            .bind(now_ms)
            .bind(&m.source),
            "failed" => sqlx::query(
                "UPDATE outbox SET attempts = attempts + 1, delivered_ms = $1, \
                 delivery = 'failed', last_error = $2 WHERE event_key = $3",
            )
            .bind(now_ms)
            .bind(error.map(str::to_owned))
            .bind(&m.source),
            _ => sqlx::query(
                "UPDATE outbox SET attempts = attempts + 1, last_error = $1 WHERE event_key = $2",
            )
            .bind(error.map(str::to_owned))
            .bind(&m.source),
        };
        q.execute(&mut *tx).await?;
        tx.commit().await
    }

    /// Messages, newest first: of `contracts`, of one request or in one delivery state.
    ///
    /// # Errors
    ///
    /// A database error.
    pub async fn mail(&self, f: &MailFilter<'_>) -> Result<Vec<MailRow>, sqlx::Error> {
        if f.contracts.is_empty() {
            return Ok(Vec::new());
        }
        let mut binds: Vec<&str> = f.contracts.iter().map(String::as_str).collect();
        let mut sql = format!(
            "SELECT {MAIL_COLUMNS} FROM mail WHERE contract IN ({})",
            marks(1, binds.len())
        );
        if let Some(r) = f.request {
            binds.push(r);
            sql.push_str(&format!(" AND request = ${}", binds.len()));
        }
        if let Some(d) = f.delivery {
            binds.push(d);
            sql.push_str(&format!(" AND delivery = ${}", binds.len()));
        }
        sql.push_str(&format!(
            " ORDER BY written_ms, id LIMIT {} OFFSET {}",
            f.limit, f.offset
        ));
        let mut q = sqlx::query(&sql);
        for b in binds {
            q = q.bind(b);
        }
        q.fetch_all(&self.read).await?.iter().map(mail_of).collect()
    }

    /// An account's address and notice settings.
    ///
    /// # Errors
    ///
    /// A database error.
    pub async fn contact(&self, login: &str) -> Result<Contact, sqlx::Error> {
        let mut tx = self.begin().await?;
        let (c, _) = contact_in(&mut tx, login).await?;
        tx.commit().await?;
        Ok(c)
    }

    /// Changes an account's address and notice settings.
    ///
    /// # Errors
    ///
    /// A database error.
    pub async fn set_contact(&self, login: &str, c: &Contact) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE accounts SET email = $1, language = $2, notify_all = $3 WHERE login = $4",
        )
        .bind(c.email.clone())
        .bind(&c.language)
        .bind(i64::from(c.all))
        .bind(login)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Gives an account the accounts file's address when it has none.
    ///
    /// # Errors
    ///
    /// A database error.
    pub async fn seed_email(&self, login: &str, email: &str) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE accounts SET email = $1 WHERE login = $2 AND email IS NULL")
            .bind(email)
            .bind(login)
            .execute(&self.write)
            .await?;
        Ok(())
    }
}
