//! The contract data model: a vendor's catalog (products, services, the coverage
//! matrix, request categories, rules, severities, tiers and their targets, calendars)
//! and its customers' contracts and request histories.
//!
//! Values of these types come only from [`load`], which validates everything and
//! reports every problem at once.

pub(crate) mod load;

pub use load::catalog_zone;
pub use load::{
    check_files, load, load_catalog_json, load_contract_json, load_for_checks, load_for_requests,
    load_history_json, load_outages_json, manifest_files,
};

use crate::calendar::Calendar;
use crate::civil::{Date, DateTime};
use crate::i18n::{Lang, Text};
use crate::map::Map;
use rust_decimal::Decimal;

pub mod lifecycle;
pub mod notify;
mod vendor;
pub use vendor::{Clauses, Settings, Terms};

/// The current data format version.
pub const SCHEMA_VERSION: u32 = 1;

/// An identifier from the data (`"DLi"`, `"stats_report"`, `"gold"`).
pub type Id = String;

/// Everything in one data directory: the catalog, its contracts, their request
/// histories and the example cases.
#[derive(Debug, Clone)]
pub struct DataSet {
    /// The vendor catalog.
    pub catalog: Catalog,
    /// Customer contracts, in manifest order.
    pub contracts: Vec<Contract>,
    /// Past requests per contract id. Natively, [`load`] also indexes each for the
    /// quotas ([`DataSet::quota_index`]); a history changed afterwards is no longer
    /// indexed unless [`DataSet::index_quotas`] is called again.
    pub histories: Map<Id, Vec<PastRequest>>,
    /// Example cases with expected answers.
    pub cases: Vec<Case>,
    /// Outage records per contract id (from the manifest's optional `outages`).
    pub outages: Map<Id, Vec<Outage>>,
    /// The notification policy (the manifest's optional `notifications`), which only
    /// [`load`] reads; `None` when there is none or it was not read.
    pub notifications: Option<notify::Notifications>,
    /// The quota index of each history, built by [`load`] (natively only).
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) quota_indexes: Map<Id, crate::quota::QuotaIndex>,
}

impl DataSet {
    /// The contract with `id`.
    pub fn contract(&self, id: &str) -> Option<&Contract> {
        self.contracts.iter().find(|c| c.id == id)
    }

    /// The request history of contract `id` (empty when it has none).
    pub fn history(&self, id: &str) -> &[PastRequest] {
        self.histories.get(id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The quota index of contract `id`'s history, when it is the history
    /// [`DataSet::history`] gives (of the same length) — natively only.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn quota_index(&self, id: &str) -> Option<&crate::quota::QuotaIndex> {
        let index = self.quota_indexes.get(id)?;
        (index.len() == self.history(id).len()).then_some(index)
    }

    /// Indexes every history for the quotas again (after [`DataSet::histories`]
    /// changed); [`load`] does it once.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn index_quotas(&mut self) {
        self.quota_indexes = self
            .histories
            .iter()
            .map(|(id, h)| (id.clone(), crate::quota::QuotaIndex::new(&self.catalog, h)))
            .collect();
    }

    /// The outage records of contract `id` (empty when it has none).
    pub fn outages(&self, id: &str) -> &[Outage] {
        self.outages.get(id).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// A vendor's catalog of products, services and rules.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// Vendor id.
    pub vendor_id: Id,
    /// Vendor display name.
    pub vendor_name: Text,
    /// What this vendor's customers and their sites are called on screen.
    pub terms: Terms,
    /// The clauses the checks before the rules cite.
    pub clauses: Clauses,
    /// The status page's thresholds.
    pub settings: Settings,
    /// What happens to a request after it is filed (`$.lifecycle`); without one,
    /// requests can be judged but not filed.
    pub lifecycle: Option<crate::lifecycle::Lifecycle>,
    /// Catalog version label, stored with verdicts so they can be traced to the data.
    pub version: String,
    /// Named calendars.
    pub calendars: Map<Id, CalendarDef>,
    /// Products with their versions.
    pub products: Vec<Product>,
    /// Service types (rows of the coverage matrix).
    pub services: Vec<Service>,
    /// The coverage matrix.
    pub coverage: Map<(Id, Id, Id), Mark>,
    /// Questions that categories ask.
    pub questions: Vec<Question>,
    /// Request categories.
    pub categories: Vec<Category>,
    /// Exclusions and conditions, in order.
    pub rules: Vec<Rule>,
    /// Severities, most severe first.
    pub severities: Vec<SeverityDef>,
    /// Severity classification rules, first match wins.
    pub severity_rules: Vec<SeverityRule>,
    /// Clocks (response, restore, …).
    pub clocks: Vec<ClockDef>,
    /// Tier features (TAM, periodic inspection, …).
    pub features: Vec<Feature>,
    /// Contract add-ons (hardware, DBMS maintenance).
    pub addons: Vec<Addon>,
    /// Tiers, lowest first.
    pub tiers: Vec<Tier>,
    /// Severity × tier × clock targets.
    pub targets: Vec<TargetDef>,
    /// Escalation steps.
    pub escalations: Vec<Escalation>,
    /// Prices used for quotes.
    pub pricing: Pricing,
    /// Service-credit schedules contracts may reference (empty when none).
    pub credit_schedules: Vec<CreditSchedule>,
}

impl Catalog {
    /// The product with `id`.
    pub fn product(&self, id: &str) -> Option<&Product> {
        self.products.iter().find(|p| p.id == id)
    }
    /// The service with `id`.
    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.id == id)
    }
    /// The category with `id`.
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }
    /// The question with `id`.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }
    /// The tier with `id`.
    pub fn tier(&self, id: &str) -> Option<&Tier> {
        self.tiers.iter().find(|t| t.id == id)
    }
    /// The severity with `id`.
    pub fn severity(&self, id: &str) -> Option<&SeverityDef> {
        self.severities.iter().find(|s| s.id == id)
    }
    /// The clock with `id`.
    pub fn clock(&self, id: &str) -> Option<&ClockDef> {
        self.clocks.iter().find(|c| c.id == id)
    }
    /// The feature with `id`.
    pub fn feature(&self, id: &str) -> Option<&Feature> {
        self.features.iter().find(|c| c.id == id)
    }
    /// The add-on with `id`.
    pub fn addon(&self, id: &str) -> Option<&Addon> {
        self.addons.iter().find(|c| c.id == id)
    }
    /// The coverage mark of `service` for `product` `version`.
    pub fn mark(&self, service: &str, product: &str, version: &str) -> Mark {
        let sought = (service, product, version);
        self.coverage
            .get_by(|(s, p, v)| (s.as_str(), p.as_str(), v.as_str()).cmp(&sought))
            .copied()
            .unwrap_or(Mark::NotApplicable)
    }
    /// The target for a severity, tier and clock.
    pub fn target(&self, severity: &str, tier: &str, clock: &str) -> Option<&TargetDef> {
        self.targets
            .iter()
            .find(|t| t.severity == severity && t.tier == tier && t.clock == clock)
    }
    /// The position of a tier, 0 = lowest.
    pub fn tier_rank(&self, id: &str) -> Option<usize> {
        self.tiers.iter().position(|t| t.id == id)
    }
    /// The service-credit schedule with `id`.
    pub fn credit_schedule(&self, id: &str) -> Option<&CreditSchedule> {
        self.credit_schedules.iter().find(|s| s.id == id)
    }
}

/// A named calendar.
#[derive(Debug, Clone)]
pub struct CalendarDef {
    /// Calendar id.
    pub id: Id,
    /// Display name (`"평일 08:00–18:00 (10×5)"`).
    pub name: Text,
    /// The calendar itself.
    pub calendar: Calendar,
}

/// A product and its versions.
#[derive(Debug, Clone)]
pub struct Product {
    /// Product id, as written in the coverage matrix.
    pub id: Id,
    /// Display name.
    pub name: Text,
    /// Known versions, in catalog order.
    pub versions: Vec<Id>,
}

/// A service type (a row of the coverage matrix).
#[derive(Debug, Clone)]
pub struct Service {
    /// Service id.
    pub id: Id,
    /// Display name.
    pub name: Text,
    /// The clause that defines it.
    pub clause: Option<String>,
}

/// A cell of the coverage matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    /// ○ supported.
    Supported,
    /// △ selective: case-by-case review by the vendor.
    Selective,
    /// X not supported.
    NotSupported,
    /// – not applicable.
    NotApplicable,
}

impl Mark {
    /// The symbol used in the source documents.
    pub fn symbol(self) -> &'static str {
        match self {
            Mark::Supported => "○",
            Mark::Selective => "△",
            Mark::NotSupported => "X",
            Mark::NotApplicable => "–",
        }
    }
}

/// The kind of answer a question takes.
#[derive(Debug, Clone, PartialEq)]
pub enum QuestionKind {
    /// Yes or no.
    YesNo,
    /// A number, with optional bounds and a unit.
    Number {
        /// Smallest allowed value.
        min: Option<Decimal>,
        /// Largest allowed value.
        max: Option<Decimal>,
        /// Unit label.
        unit: Option<Text>,
    },
    /// One of the options.
    Choice(Vec<Choice>),
    /// Any of the options.
    Multi(Vec<Choice>),
    /// Free text.
    Text,
}

/// An option of a choice question.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// Option id.
    pub id: Id,
    /// Display label.
    pub label: Text,
}

/// A question a request category asks.
#[derive(Debug, Clone)]
pub struct Question {
    /// Question id (the key in a request's `answers`).
    pub id: Id,
    /// The question as shown.
    pub text: Text,
    /// Help shown under it.
    pub help: Option<Text>,
    /// What kind of answer it takes.
    pub kind: QuestionKind,
    /// Whether a request must answer it.
    pub required: bool,
    /// Only asked when this holds.
    pub shown_when: Option<Condition>,
    /// Asked of the vendor's staff only (`"asked_of": "vendor"`): a customer is not
    /// shown it, and a request is filed without its answer.
    pub vendor_only: bool,
}

impl Question {
    /// Whether `who` is asked it: everyone, but a question for the vendor's staff only
    /// them.
    pub fn asked_of(&self, who: lifecycle::Actor) -> bool {
        !self.vendor_only || who == lifecycle::Actor::Vendor
    }
}

/// How a category's requests are handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    /// A service request (SR).
    ServiceRequest,
    /// An incident / fault.
    Incident,
    /// A change request (CR/ADC), always paid.
    ChangeRequest,
}

/// How a category's severity is decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeverityMode {
    /// Classified from the answers by the severity rules.
    Ask,
    /// Always this severity.
    Fixed(Id),
}

/// When a limited request counts against its annual limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CountsAt {
    /// In the contract year it was submitted.
    Submission,
    /// In the contract year it was completed.
    Completion,
}

/// Where a limit's number comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LimitSource {
    /// A fixed number per contract year (a contract may override it).
    Fixed(u32),
    /// A yearly count stated in each contract (`yearly_counts.visits`).
    FromContract(Id),
}

/// An annual limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limit {
    /// The number per contract year.
    pub per_year: LimitSource,
    /// When a request counts.
    pub counts_at: CountsAt,
}

/// A request category.
#[derive(Debug, Clone)]
pub struct Category {
    /// Category id.
    pub id: Id,
    /// Display name.
    pub name: Text,
    /// Longer description.
    pub description: Option<Text>,
    /// The service (matrix row) it belongs to.
    pub service: Id,
    /// The clause that defines it.
    pub clause: Option<String>,
    /// SR, incident or CR.
    pub kind: RequestKind,
    /// Questions asked, in order.
    pub questions: Vec<Id>,
    /// How severity is decided.
    pub severity: SeverityMode,
    /// The annual limit, if any.
    pub limit: Option<Limit>,
}

impl Category {
    /// Whether someone looking for `query` (part of its name or description, in either
    /// language; ASCII letters in any case) finds it. Every category matches an empty
    /// query.
    pub fn matches(&self, query: &str) -> bool {
        let q = query.trim().to_ascii_lowercase();
        let found = |t: &Text| {
            t.ko.to_ascii_lowercase().contains(&q) || t.en.to_ascii_lowercase().contains(&q)
        };
        q.is_empty() || found(&self.name) || self.description.as_ref().is_some_and(found)
    }
}

/// A condition over a request.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// Always holds.
    Always,
    /// A test on an answer.
    Answer(Id, Test),
    /// The request's category is one of these.
    Category(Vec<Id>),
    /// The request's service is one of these.
    Service(Vec<Id>),
    /// The request's product is one of these.
    Product(Vec<Id>),
    /// All hold.
    All(Vec<Condition>),
    /// Any holds.
    Any(Vec<Condition>),
    /// Does not hold.
    Not(Box<Condition>),
}

/// A test on one answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    /// Equals this yes/no.
    IsBool(bool),
    /// Equals this choice id.
    IsChoice(Id),
    /// One of these choice ids.
    In(Vec<Id>),
    /// A number ≥ this.
    AtLeast(Decimal),
    /// A number < this.
    Below(Decimal),
    /// A multi-choice answer contains this.
    Contains(Id),
    /// Whether it was answered at all.
    Answered(bool),
}

/// What a rule does when its condition holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Not covered.
    Exclude,
    /// Vendor review.
    Selective,
    /// Covered only with this add-on.
    RequiresAddon(Id),
    /// Covered only on a tier with this feature.
    RequiresFeature(Id),
}

/// What a rule suggests instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum AlternativeKind {
    /// A paid change request.
    ChangeRequest,
    /// Nothing the vendor can offer.
    None,
}

/// An exclusion or condition of the contract (제6조 ⑤ 가–카, 제7조 ②, …).
#[derive(Debug, Clone)]
pub struct Rule {
    /// Rule id.
    pub id: Id,
    /// The clause it cites (`제6조 ⑤ 나`).
    pub clause: String,
    /// What it says.
    pub text: Text,
    /// When it applies.
    pub when: Condition,
    /// What it does.
    pub effect: Effect,
    /// A yes/no question whose "yes" waives the rule (the customer accepts
    /// responsibility in writing).
    pub waived_by: Option<Id>,
    /// What would cover it instead.
    pub alternative: AlternativeKind,
}

/// A severity level.
#[derive(Debug, Clone)]
pub struct SeverityDef {
    /// Severity id.
    pub id: Id,
    /// Display name (`"Critical (P1)"`).
    pub name: Text,
    /// What it means.
    pub meaning: Text,
    /// Whether it is urgent enough for a temporary 24-hour upgrade.
    pub urgent: bool,
}

/// A severity classification rule.
#[derive(Debug, Clone)]
pub struct SeverityRule {
    /// The severity it gives.
    pub severity: Id,
    /// When.
    pub when: Condition,
    /// Why, in words.
    pub because: Text,
}

/// A clock (response, restore, …).
#[derive(Debug, Clone)]
pub struct ClockDef {
    /// Clock id.
    pub id: Id,
    /// Display name.
    pub name: Text,
    /// What stops it.
    pub stops: ClockStop,
}

/// What stops an SLA clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ClockStop {
    /// The vendor's first reply (a response clock).
    FirstReply,
    /// Service restored, else the request's resolution.
    #[default]
    Resolution,
}

/// A tier feature.
#[derive(Debug, Clone)]
pub struct Feature {
    /// Feature id.
    pub id: Id,
    /// Display name.
    pub name: Text,
}

/// A contract add-on.
#[derive(Debug, Clone)]
pub struct Addon {
    /// Add-on id.
    pub id: Id,
    /// Display name.
    pub name: Text,
}

/// A support tier (package).
#[derive(Debug, Clone)]
pub struct Tier {
    /// Tier id.
    pub id: Id,
    /// Display name.
    pub name: Text,
    /// The support window calendar.
    pub calendar: Id,
    /// Short label of the window (`10×5`).
    pub window_label: String,
    /// The annual fee rate range (of the licence amount).
    pub fee_rate: Option<(Decimal, Decimal)>,
    /// Features included.
    pub features: Vec<Id>,
    /// On-site visits, in words.
    pub onsite_visits: Option<Text>,
    /// The temporary 24-hour upgrade, when offered.
    pub temporary_upgrade: Option<TemporaryUpgrade>,
}

/// A temporary upgrade to around-the-clock support, charged by the hour.
#[derive(Debug, Clone)]
pub struct TemporaryUpgrade {
    /// The calendar during the upgrade.
    pub calendar: Id,
    /// Price per hour.
    pub hourly: Decimal,
}

/// A duration target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Span {
    /// Minutes of business time.
    Minutes(u32),
    /// Hours of business time.
    Hours(u32),
    /// Business days.
    BusinessDays(u32),
}

impl Span {
    /// A short label (`4h`, `15 min`, `2 business days`).
    pub fn label(self, lang: Lang) -> String {
        let (n, unit) = match (self, lang) {
            (Span::Minutes(m), Lang::Ko) => (m, "분"),
            (Span::Minutes(m), Lang::En) => (m, " min"),
            (Span::Hours(h), Lang::Ko) => (h, "시간"),
            (Span::Hours(h), Lang::En) => (h, " h"),
            (Span::BusinessDays(d), Lang::Ko) => (d, "영업일"),
            (Span::BusinessDays(1), Lang::En) => (1, " business day"),
            (Span::BusinessDays(d), Lang::En) => (d, " business days"),
        };
        // One string of its final size: the number, then the unit.
        let mut label = String::with_capacity(10 + unit.len());
        let _ = std::fmt::Write::write_fmt(&mut label, format_args!("{n}"));
        label.push_str(unit);
        label
    }
}

/// Which calendar a target runs on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClockOn {
    /// The contract tier's support window.
    Tier,
    /// A named calendar.
    Calendar(Id),
}

/// One cell of the severity × tier matrix for one clock.
#[derive(Debug, Clone)]
pub struct TargetDef {
    /// Severity id.
    pub severity: Id,
    /// Tier id.
    pub tier: Id,
    /// Clock id.
    pub clock: Id,
    /// The target.
    pub within: Span,
    /// The calendar it runs on.
    pub on: ClockOn,
    /// Why the target is what it is.
    pub why: Option<Text>,
}

/// An escalation step.
#[derive(Debug, Clone)]
pub struct Escalation {
    /// Severity it applies to.
    pub severity: Id,
    /// Time after receipt.
    pub after: Span,
    /// Calendar it runs on.
    pub on: ClockOn,
    /// What happens.
    pub action: Text,
}

/// Prices used in quotes.
#[derive(Debug, Clone)]
pub struct Pricing {
    /// Currency code.
    pub currency: String,
    /// Day rate of a change request's development person-days.
    pub change_request_day_rate: Decimal,
    /// Day rate of test person-days.
    pub test_day_rate: Decimal,
    /// Test person-days as a share of development person-days.
    pub test_ratio: Decimal,
    /// VAT rate.
    pub vat_rate: Decimal,
    /// The public-sector guideline rate `score × per_point + base`, when the vendor
    /// uses it.
    pub difficulty_rate: Option<DifficultyRate>,
}

/// The guideline fee rate from a maintenance difficulty score:
/// `score × per_point + base` (001 §3: `score × 5 % + 10 %`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DifficultyRate {
    /// Rate per difficulty point (`0.05`).
    pub per_point: Decimal,
    /// Base rate (`0.10`).
    pub base: Decimal,
}

/// A customer contract.
#[derive(Debug, Clone)]
pub struct Contract {
    /// Contract id.
    pub id: Id,
    /// Contract version label, stored with verdicts.
    pub version: String,
    /// The institution.
    pub institution: Text,
    /// When the system was built; only branches that existed then are covered.
    pub built_on: Option<Date>,
    /// Branches.
    pub branches: Vec<Branch>,
    /// Installed products.
    pub products: Vec<Installed>,
    /// Tier id.
    pub tier: Id,
    /// Maintenance contract or free warranty.
    pub period_kind: PeriodKind,
    /// First day covered.
    pub start: Date,
    /// Last day covered.
    pub end: Date,
    /// When the customer terminated it, if they did.
    pub terminated_on: Option<Date>,
    /// Add-on ids.
    pub addons: Vec<Id>,
    /// Yearly counts (visits, remote inspections, …).
    pub yearly_counts: Map<Id, u32>,
    /// Limit overrides per category.
    pub limits: Map<Id, u32>,
    /// How the contract year runs.
    pub contract_year: ContractYear,
    /// Fee and licence.
    pub fee: Fee,
    /// The id of the catalog's service-credit schedule this contract uses, if any.
    pub credit_schedule: Option<Id>,
}

impl Contract {
    /// The branch with `id`.
    pub fn branch(&self, id: &str) -> Option<&Branch> {
        self.branches.iter().find(|b| b.id == id)
    }
}

/// A branch of the institution.
#[derive(Debug, Clone)]
pub struct Branch {
    /// Branch id.
    pub id: Id,
    /// Display name.
    pub name: Text,
    /// When it opened.
    pub opened: Option<Date>,
    /// The addendum that added it to the contract.
    pub addendum: Option<Date>,
}

/// An installed product.
#[derive(Debug, Clone)]
pub struct Installed {
    /// Product id.
    pub product: Id,
    /// Version.
    pub version: Id,
}

/// What kind of period a contract runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// A paid maintenance contract.
    Maintenance,
    /// The free warranty after a new build.
    Warranty,
}

/// How the contract year runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ContractYear {
    /// From the anniversary of this date (by default the contract start).
    Anniversary(Date),
    /// From 1 January.
    Calendar,
}

/// How the fee is billed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Billing {
    /// Yearly in advance.
    Annual,
    /// Quarterly.
    Quarterly,
}

/// Contract money.
#[derive(Debug, Clone)]
pub struct Fee {
    /// Licence amount.
    pub licence: Option<Decimal>,
    /// Annual maintenance fee.
    pub annual: Decimal,
    /// Billing.
    pub billing: Billing,
    /// Actual monthly charges where they differ from `annual / 12` (usage-based
    /// billing); read by the three-month-average credit basis.
    pub monthly: Map<YearMonth, Decimal>,
}

impl Fee {
    /// The fee of `month`: its entry in `monthly`, else `annual / 12` (exact, not
    /// rounded).
    pub fn of_month(&self, month: YearMonth) -> Decimal {
        match self.monthly.get(&month) {
            Some(m) => *m,
            None => self
                .annual
                .checked_div(Decimal::from(12))
                .unwrap_or(Decimal::ZERO),
        }
    }
}

/// The status of a past request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    /// Received, not yet done.
    Open,
    /// Done.
    Completed,
    /// Withdrawn by the customer.
    Cancelled,
    /// Refused by the vendor.
    Refused,
}

/// A request already filed under a contract.
#[derive(Debug, Clone)]
pub struct PastRequest {
    /// SR number.
    pub id: Id,
    /// Category id.
    pub category: Id,
    /// Title.
    pub title: Option<String>,
    /// When it was submitted (local time).
    pub submitted: DateTime,
    /// When it was completed.
    pub completed: Option<DateTime>,
    /// Status.
    pub status: RequestStatus,
    /// Filed as a paid change request (does not count against limits).
    pub paid: bool,
    /// Severity id.
    pub severity: Option<Id>,
    /// First response.
    pub responded: Option<DateTime>,
    /// Wanted completion date.
    pub wanted_by: Option<Date>,
    /// A rework was requested.
    pub rework: bool,
    /// The customer complained.
    pub complaint: bool,
    /// When service was restored (incidents); the restore clock stops here, or at
    /// `completed` when this is absent.
    pub restored: Option<DateTime>,
    /// The effort it took, in person-days (prices it as a change request in replays).
    pub person_days: Option<Decimal>,
    /// When its clocks stood still (waiting on the customer); dues recomputed for it
    /// (compliance, KPIs, credits) are pushed back by them.
    pub pauses: Vec<crate::calendar::Pause>,
}

/// An example case a catalog carries, with its expected answer.
#[derive(Debug, Clone)]
pub struct Case {
    /// Name.
    pub name: String,
    /// Where it came from (file and index), for reports.
    pub origin: String,
    /// Contract id.
    pub contract: Id,
    /// `now`.
    pub now: DateTime,
    /// The request, as JSON (checked when the case runs).
    pub request: serde_json::Value,
    /// Expected answers.
    pub expect: serde_json::Value,
}

/// A calendar month, written `2026-10`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct YearMonth {
    year: i16,
    month: i8,
}

impl YearMonth {
    /// The month `month` (1–12) of `year`, when it is a valid civil month.
    pub fn new(year: i16, month: i8) -> Option<YearMonth> {
        Date::new(year, month, 1)
            .ok()
            .map(|_| YearMonth { year, month })
    }

    /// Parses `YYYY-MM`.
    pub fn parse(s: &str) -> Option<YearMonth> {
        let b = s.as_bytes();
        if b.len() != 7 || b.get(4) != Some(&b'-') {
            return None;
        }
        let year: i16 = s.get(0..4)?.parse().ok()?;
        let month: i8 = s.get(5..7)?.parse().ok()?;
        YearMonth::new(year, month)
    }

    /// The month that contains `date`.
    pub fn of(date: Date) -> YearMonth {
        YearMonth {
            year: date.year(),
            month: date.month(),
        }
    }

    /// The year.
    pub fn year(self) -> i16 {
        self.year
    }

    /// The month, 1–12.
    pub fn month(self) -> i8 {
        self.month
    }

    /// Its first day.
    pub fn first_day(self) -> Date {
        Date::new(self.year, self.month, 1).unwrap_or(Date::MIN)
    }

    /// Its number of days.
    pub fn days(self) -> i8 {
        self.first_day().days_in_month()
    }

    /// The month after, if representable.
    pub fn next(self) -> Option<YearMonth> {
        if self.month >= 12 {
            YearMonth::new(self.year.checked_add(1)?, 1)
        } else {
            YearMonth::new(self.year, self.month.checked_add(1)?)
        }
    }

    /// The month before, if representable.
    pub fn prev(self) -> Option<YearMonth> {
        if self.month <= 1 {
            YearMonth::new(self.year.checked_sub(1)?, 12)
        } else {
            YearMonth::new(self.year, self.month.checked_sub(1)?)
        }
    }
}

impl std::fmt::Display for YearMonth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl serde::Serialize for YearMonth {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// One recorded outage of a contract's service (`outages/<contract>.json`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outage {
    /// Its id, when the record gives one.
    pub id: Option<Id>,
    /// When service stopped (local time).
    pub start: DateTime,
    /// When service was back (local time), after `start`.
    pub end: DateTime,
    /// Announced planned maintenance (excluded from availability).
    pub planned_announced: bool,
    /// Force majeure (excluded).
    pub force_majeure: bool,
    /// The customer's fault (excluded).
    pub customer_fault: bool,
    /// A third party's outage — carrier, cloud provider (excluded).
    pub third_party: bool,
    /// A note.
    pub note: Option<Text>,
    /// The history request it was reported under, if any.
    pub request: Option<Id>,
}

/// What a service-credit band or trigger is a percentage of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CreditBasis {
    /// That month's fee.
    MonthlyFee,
    /// The average fee of that month and the two before it.
    ThreeMonthAverageFee,
}

/// An availability band: applies when `at_least ≤ availability < below` (a missing
/// side is open), both in percent.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CreditBand {
    /// Lower edge, inclusive.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub at_least: Option<Decimal>,
    /// Upper edge, exclusive.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub below: Option<Decimal>,
    /// Credit, in percent of the basis.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub percent: Decimal,
}

/// How often a trigger pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum TriggerPer {
    /// Once for every request that overran.
    Occurrence,
    /// Once a month however many overran.
    Month,
}

/// A special credit: a completed request of one of `severities` whose `clock`
/// stopped after its due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditTrigger {
    /// Trigger id.
    pub id: Id,
    /// Display name.
    pub name: Text,
    /// Severities it watches.
    pub severities: Vec<Id>,
    /// The clock whose overrun triggers it.
    pub clock: Id,
    /// Credit, in percent of the basis.
    pub percent: Decimal,
    /// Per overrun or per month.
    pub per: TriggerPer,
}

/// Limits on credits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CreditCaps {
    /// At most this percent of that month's fee in one month.
    pub per_month: Option<Decimal>,
    /// At most this percent of the annual contract value in one contract year.
    pub per_contract_year: Option<Decimal>,
}

/// A service-credit schedule (docs/domain.md §7): availability bands, special triggers and
/// caps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditSchedule {
    /// Schedule id.
    pub id: Id,
    /// Display name.
    pub name: Text,
    /// Where the schedule comes from.
    pub source: Option<String>,
    /// What percentages are of.
    pub basis: CreditBasis,
    /// Availability bands, non-overlapping.
    pub bands: Vec<CreditBand>,
    /// Special triggers.
    pub triggers: Vec<CreditTrigger>,
    /// Caps.
    pub caps: CreditCaps,
}
