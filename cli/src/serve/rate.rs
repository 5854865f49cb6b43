//! Per-account rate limits on what grows the store: new requests, and comments, notes
//! and files on a request (`--submissions-per-minute`, `--comments-per-minute`). A
//! token bucket per account (governor's GCRA): the whole minute's allowance may be
//! spent at once, then one comes back each 60/N seconds; beyond it the call is answered
//! `429` `rate_limited` with `Retry-After`, and nothing is stored. The buckets are the
//! process's own: each server on a shared database keeps its own count.

use super::error::ApiError;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::num::NonZeroU32;

/// What a limit counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    /// A new request (`POST /api/requests`).
    Submission,
    /// A comment, an internal note or a file on a request.
    Comment,
}

/// The server's limits, one bucket per account and kind.
pub struct Rates {
    submissions: Option<DefaultKeyedRateLimiter<String>>,
    comments: Option<DefaultKeyedRateLimiter<String>>,
    clock: DefaultClock,
}

impl std::fmt::Debug for Rates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rates")
            .field("submissions", &self.submissions.is_some())
            .field("comments", &self.comments.is_some())
            .finish()
    }
}

fn per_minute(n: u32) -> Option<DefaultKeyedRateLimiter<String>> {
    NonZeroU32::new(n).map(|n| RateLimiter::keyed(Quota::per_minute(n)))
}

impl Rates {
    /// `submissions` and `comments` a minute per account (0: no limit).
    #[must_use]
    pub fn new(submissions: u32, comments: u32) -> Rates {
        Rates {
            submissions: per_minute(submissions),
            comments: per_minute(comments),
            clock: DefaultClock::default(),
        }
    }

    /// `None` when `login` may go on with one more `what`; else the `429` to answer.
    #[must_use]
    pub fn refuse(&self, what: Counted, login: &str) -> Option<Response> {
        let (limiter, option, noun) = match what {
            Counted::Submission => (&self.submissions, "--submissions-per-minute", "requests"),
            Counted::Comment => (
                &self.comments,
                "--comments-per-minute",
                "comments, notes and files",
            ),
        };
        let limiter = limiter.as_ref()?;
        let wait = limiter
            .check_key(&login.to_owned())
            .err()?
            .wait_time_from(self.clock.now());
        let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        let mut res = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            format!(
                "this account has sent more {noun} than this server takes a minute ({option}); \
                 try again in {} s",
                seconds.max(1)
            ),
        )
        .into_response();
        if let Ok(v) = HeaderValue::from_str(&seconds.max(1).to_string()) {
            res.headers_mut().insert(header::RETRY_AFTER, v);
        }
        Some(res)
    }
}
