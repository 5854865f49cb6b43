//! The login throttle's buckets (`migrations/0010_login_attempts.sql`): an attempt is
//! counted in the bucket of its login from its address and in its address's own, before
//! its password is checked; each failure makes the bucket's next attempt wait longer.

use super::Store;
use sqlx::Row;

/// How a bucket backs off: `free` attempts without waiting, then a wait of `base_ms`,
/// doubled with each further one, at most `max_ms`.
#[derive(Debug, Clone, Copy)]
pub struct BackOff {
    pub free: i64,
    pub base_ms: i64,
    pub max_ms: i64,
}

impl BackOff {
    /// The wait after the `failures`-th counted attempt.
    pub fn wait_ms(self, failures: i64) -> i64 {
        if failures < self.free {
            return 0;
        }
        let doublings = u32::try_from(failures - self.free)
            .unwrap_or(u32::MAX)
            .min(40);
        self.base_ms
            .saturating_mul(1_i64 << doublings)
            .min(self.max_ms)
    }
}

/// A bucket left alone this long starts again from nothing (one hour).
pub const FORGET_MS: i64 = 60 * 60 * 1000;

/// One bucket of an attempt.
#[derive(Debug, Clone)]
pub struct Bucket<'a> {
    /// The login tried, or `None` for the address's own bucket.
    pub login: Option<&'a str>,
    /// The address (`-` when unknown).
    pub ip: &'a str,
    pub back_off: BackOff,
}

impl Bucket<'_> {
    fn key(&self) -> String {
        match self.login {
            Some(l) => format!("pair {} {l}", self.ip),
            None => format!("addr {}", self.ip),
        }
    }
}

impl Store {
    /// Counts an attempt in `bucket` at `now_ms`, atomically (a compare-and-set, tried
    /// again when another attempt counted first); `Some(when)` when the bucket refuses
    /// it until `when` (it is then not counted).
    ///
    /// # Errors
    ///
    /// A database error.
    pub async fn count_attempt(
        &self,
        bucket: &Bucket<'_>,
        now_ms: i64,
    ) -> Result<Option<i64>, sqlx::Error> {
        let key = bucket.key();
        // Each try loses only to an attempt that was counted meanwhile (or to a right
        // password that emptied the bucket); after a few the bucket is busy enough to
        // refuse this one for a moment.
        for _ in 0..8 {
            // A new bucket is as of now, so that the clean-up of old ones leaves it.
            sqlx::query(
                "INSERT INTO login_attempts (bucket, login, ip, failures, last_ms, next_ms) \
                 VALUES ($1, $2, $3, 0, $4, 0) ON CONFLICT (bucket) DO NOTHING",
            )
            .bind(&key)
            .bind(bucket.login)
            .bind(bucket.ip)
            .bind(now_ms)
            .execute(&self.write)
            .await?;
            let Some(row) = sqlx::query(
                "SELECT failures, last_ms, next_ms FROM login_attempts WHERE bucket = $1",
            )
            .bind(&key)
            .fetch_optional(&self.write)
            .await?
            else {
                continue;
            };
            let (failures, last, next): (i64, i64, i64) =
                (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
            // (A wait longer than the longest is from a clock since set back: `--now`.)
            if now_ms < next && next.saturating_sub(now_ms) <= bucket.back_off.max_ms {
                return Ok(Some(next));
            }
            let counted = if now_ms.saturating_sub(last) > FORGET_MS {
                1
            } else {
                failures.saturating_add(1)
            };
            // No wait: nothing to refuse, whatever the clock says next.
            let until = match bucket.back_off.wait_ms(counted) {
                0 => 0,
                wait => now_ms.saturating_add(wait),
            };
            let done = sqlx::query(
                "UPDATE login_attempts SET failures = $1, last_ms = $2, next_ms = $3 \
                 WHERE bucket = $4 AND failures = $5 AND last_ms = $6 AND next_ms = $7",
            )
            .bind(counted)
            .bind(now_ms)
            .bind(until)
            .bind(&key)
            .bind(failures)
            .bind(last)
            .bind(next)
            .execute(&self.write)
            .await?;
            if done.rows_affected() == 1 {
                return Ok(None);
            }
        }
        Ok(Some(now_ms.saturating_add(1000)))
    }

    /// A right password: the login's bucket from this address is emptied, and the
    /// address's own counts one attempt fewer; buckets left alone for [`FORGET_MS`] and
    /// no longer waiting are removed.
    ///
    /// # Errors
    ///
    /// A database error.
    pub async fn attempt_succeeded(
        &self,
        pair: &Bucket<'_>,
        addr: &Bucket<'_>,
        now_ms: i64,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM login_attempts WHERE bucket = $1")
            .bind(pair.key())
            .execute(&self.write)
            .await?;
        sqlx::query(
            "UPDATE login_attempts SET failures = failures - 1 \
             WHERE bucket = $1 AND failures > 0",
        )
        .bind(addr.key())
        .execute(&self.write)
        .await?;
        sqlx::query("DELETE FROM login_attempts WHERE last_ms < $1 AND next_ms < $2")
            .bind(now_ms.saturating_sub(FORGET_MS))
            .bind(now_ms)
            .execute(&self.write)
            .await?;
        Ok(())
    }
}
