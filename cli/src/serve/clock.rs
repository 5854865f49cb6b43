//! The server's clock: the system clock, the system clock shifted to start at a given
//! instant (`covered serve --now`, for demos on the sample data), or a clock the tests
//! set by hand. The core reads no clock; this is the one place the server does.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// Where "now" comes from.
#[derive(Debug, Clone)]
pub struct Clock(Kind);

#[derive(Debug, Clone)]
enum Kind {
    System,
    /// The system clock plus this many milliseconds.
    Shifted(i64),
    /// Milliseconds since the epoch, moved only by [`Clock::set`] and [`Clock::advance`].
    Manual(Arc<AtomicI64>),
}

/// Milliseconds since the Unix epoch by the system clock.
pub fn system_ms() -> i64 {
    match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
        Err(before) => i64::try_from(before.duration().as_millis()).map_or(i64::MIN, |ms| -ms),
    }
}

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock(Kind::System)
    }

    /// A clock that reads `start` now and runs on in real time from there.
    pub fn starting_at(start: covered_core::civil::Timestamp) -> Clock {
        Clock(Kind::Shifted(
            start.as_millisecond().saturating_sub(system_ms()),
        ))
    }

    /// A clock that stands still at `at` until it is moved (for tests).
    pub fn manual(at: covered_core::civil::Timestamp) -> Clock {
        Clock(Kind::Manual(Arc::new(AtomicI64::new(at.as_millisecond()))))
    }

    /// Milliseconds since the Unix epoch.
    pub fn now_ms(&self) -> i64 {
        match &self.0 {
            Kind::System => system_ms(),
            Kind::Shifted(d) => system_ms().saturating_add(*d),
            Kind::Manual(ms) => ms.load(Ordering::SeqCst),
        }
    }

    /// Moves a manual clock to `at`; other clocks ignore it.
    pub fn set(&self, at: covered_core::civil::Timestamp) {
        if let Kind::Manual(ms) = &self.0 {
            ms.store(at.as_millisecond(), Ordering::SeqCst);
        }
    }

    /// Moves a manual clock on by `minutes`; other clocks ignore it.
    pub fn advance_minutes(&self, minutes: i64) {
        if let Kind::Manual(ms) = &self.0 {
            ms.fetch_add(minutes.saturating_mul(60_000), Ordering::SeqCst);
        }
    }

    /// Moves a manual clock on by `seconds`; other clocks ignore it.
    pub fn advance_seconds(&self, seconds: i64) {
        if let Kind::Manual(ms) = &self.0 {
            ms.fetch_add(seconds.saturating_mul(1000), Ordering::SeqCst);
        }
    }
}
