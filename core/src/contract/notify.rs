//! What the server tells, and whom, as a filed request's clocks run: the vendor's
//! notification policy (`notifications.json`, named by the manifest). Warning
//! thresholds per clock, and who each escalation step notifies. Only `covered serve`
//! and `covered validate` read it ([`crate::contract::load`]); judging a request never
//! does, so the browser's engine carries none of it.

use crate::contract::Id;
use crate::map::Map;
use serde::{Serialize, Serializer};

/// The thresholds used when the data sets none: half, three quarters, and the breach.
pub const DEFAULT_WARN_AT: [u8; 3] = [50, 75, 100];

/// Who is told of an escalation step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recipient {
    /// The customer who filed the request.
    Customer,
    /// The vendor's desk.
    Vendor,
    /// An address of its own (`cto@vendor.example`).
    Address(String),
}

impl Serialize for Recipient {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(match self {
            Recipient::Customer => "customer",
            Recipient::Vendor => "vendor",
            Recipient::Address(a) => a,
        })
    }
}

/// Who an escalation step tells when the policy names no one: the vendor's desk.
const VENDOR_ONLY: &[Recipient] = &[Recipient::Vendor];

/// Who one escalation step of a severity notifies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepNotify {
    /// The severity.
    pub severity: Id,
    /// The step's number among the severity's escalation steps, from 1.
    pub step: u32,
    /// Who is told.
    pub notify: Vec<Recipient>,
}

/// The notification policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notifications {
    /// When a running clock warns, in percent of its time elapsed: rising, 1 to 100,
    /// 100 being the breach.
    pub warn_at: Vec<u8>,
    /// A clock's own thresholds, by clock id.
    pub clocks: Map<Id, Vec<u8>>,
    /// Who the escalation steps named here tell (the others: the vendor's desk).
    pub escalations: Vec<StepNotify>,
    /// Which requests need an incident report after their restore, by when, and who is
    /// warned when it is late; `None`: no reports required.
    pub incident_report: Option<IncidentReportPolicy>,
    /// A request left without the customer's answer closes by itself (none: never).
    pub close_unanswered: Option<CloseUnanswered>,
}

/// The incident report (장애 보고서) the vendor writes after a fault of one of
/// `severities` is restored: due `within_hours` wall-clock hours after the resolution;
/// `notify` is warned when it is late.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentReportPolicy {
    /// The severities whose requests need one.
    pub severities: Vec<Id>,
    /// How many hours after the restore (the resolution) it is due.
    pub within_hours: u32,
    /// Who is told when it is late.
    pub notify: Vec<Recipient>,
}

impl IncidentReportPolicy {
    /// Whether a request of `severity` needs a report.
    pub fn applies_to(&self, severity: Option<&str>) -> bool {
        severity.is_some_and(|s| self.severities.iter().any(|x| x == s))
    }
}

/// A request in one status that the customer leaves unanswered for a number of calendar
/// days is moved on by itself (`{"from": "resolved", "to": "closed", "after_days": 7}`:
/// a resolution neither confirmed nor reopened within a week closes). The move is one
/// the lifecycle allows; the loader checks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloseUnanswered {
    /// The status the request waits in (`resolved`).
    pub from: Id,
    /// Where it goes by itself (`closed`).
    pub to: Id,
    /// After how many calendar days in `from` (in the catalog's zone), at least 1.
    pub after_days: u32,
}

impl Default for Notifications {
    fn default() -> Self {
        Notifications {
            warn_at: DEFAULT_WARN_AT.to_vec(),
            clocks: Map::new(),
            escalations: Vec::new(),
            incident_report: None,
            close_unanswered: None,
        }
    }
}

impl Notifications {
    /// The thresholds of `clock`: its own, else the policy's.
    pub fn warn_at(&self, clock: &str) -> &[u8] {
        self.clocks.get(clock).unwrap_or(&self.warn_at)
    }

    /// Who step `step` (from 1) of `severity` tells.
    pub fn notify(&self, severity: &str, step: u32) -> &[Recipient] {
        self.escalations
            .iter()
            .find(|e| e.severity == severity && e.step == step)
            .map_or(VENDOR_ONLY, |e| e.notify.as_slice())
    }
}
