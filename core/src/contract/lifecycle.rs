//! The request lifecycle a catalog defines (`$.lifecycle`): statuses, what the SLA
//! clocks do in each, the moves between them and who may make each, and how ratings
//! count. What a move does to a request is [`crate::lifecycle`]'s.

use crate::contract::{Id, RequestStatus};
use crate::i18n::Text;
use serde::{Deserialize, Serialize};

/// Who makes a move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    /// The customer (library staff of the contract).
    Customer,
    /// The vendor's support staff.
    Vendor,
}

impl Actor {
    /// As data names it (`customer`, `vendor`).
    pub fn code(self) -> &'static str {
        match self {
            Actor::Customer => "customer",
            Actor::Vendor => "vendor",
        }
    }
}

/// What the SLA clocks do while a request is in a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Clocks {
    /// They run.
    Run,
    /// They stand still (waiting on the customer); the time is added to the request's
    /// pauses when it leaves the status.
    Pause,
    /// They have stopped: the request is resolved (or closed, or cancelled).
    Stop,
}

/// One status a request can be in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StatusDef {
    /// Status id (`received`, `waiting_on_customer`, …).
    pub id: Id,
    /// Display name.
    pub name: Text,
    /// What the clocks do in it.
    pub clocks: Clocks,
    /// How the rest of the engine counts a request in it (limits, KPIs): open,
    /// completed, cancelled or refused.
    pub kind: RequestStatus,
}

/// A move the lifecycle allows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Move {
    /// From this status.
    pub from: Id,
    /// To this status.
    pub to: Id,
    /// Who may make it.
    pub by: Vec<Actor>,
    /// A label for the move (`재요청`, `Reopen`), when it needs one beyond the target
    /// status's name.
    pub name: Option<Text>,
    /// Reopening a resolved request: rework when made within the lifecycle's
    /// `rework_within_days` of the resolution, refused after.
    pub reopen: bool,
    /// The mover must say why (a note).
    pub note_required: bool,
}

/// How ratings count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SatisfactionRule {
    /// The best rating (ratings run from 1 to this).
    pub scale: u8,
    /// A rating at or below this counts as a complaint (CSI).
    pub complaint_at_or_below: u8,
}

/// The catalog's request lifecycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Lifecycle {
    /// Every status, in the order the data lists them.
    pub statuses: Vec<StatusDef>,
    /// The status a filed request starts in.
    pub initial: Id,
    /// The allowed moves.
    pub moves: Vec<Move>,
    /// How many calendar days after its resolution a request may be reopened (as
    /// rework); `None` for no limit.
    pub rework_within_days: Option<u32>,
    /// How ratings count.
    pub satisfaction: SatisfactionRule,
}

impl Lifecycle {
    /// The status `id`.
    pub fn status(&self, id: &str) -> Option<&StatusDef> {
        self.statuses.iter().find(|s| s.id == id)
    }

    /// The moves out of `from` that `by` may make.
    pub fn moves_from<'a>(
        &'a self,
        from: &'a str,
        by: Actor,
    ) -> impl Iterator<Item = &'a Move> + 'a {
        self.moves
            .iter()
            .filter(move |m| m.from == from && m.by.contains(&by))
    }

    /// How a request in status `id` counts (open when the status is unknown).
    pub fn kind(&self, id: &str) -> RequestStatus {
        self.status(id).map_or(RequestStatus::Open, |s| s.kind)
    }
}
