//! The contract data model: a vendor's catalog (products, services, the coverage
//! matrix, request categories, rules, severities, tiers and their targets, calendars)
//! and its customers' contracts and request histories.
//!
//! Values of these types come only from [`load`], which validates everything and
//! reports every problem at once.

pub(crate) mod load;

pub use load::{load, load_catalog_json, load_contract_json, load_history_json};
pub(crate) use load::catalog_zone;

use crate::calendar::Calendar;
use crate::i18n::{Lang, Text};
use jiff::civil::{Date, DateTime};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

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
    /// Past requests per contract id.
    pub histories: BTreeMap<Id, Vec<PastRequest>>,
    /// Example cases with expected answers.
    pub cases: Vec<Case>,
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
}

/// A vendor's catalog of products, services and rules.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// Vendor id.
    pub vendor_id: Id,
    /// Vendor display name.
    pub vendor_name: Text,
    /// Catalog version label, stored with verdicts so they can be traced to the data.
    pub version: String,
    /// Named calendars.
    pub calendars: BTreeMap<Id, CalendarDef>,
    /// Products with their versions.
    pub products: Vec<Product>,
    /// Service types (rows of the coverage matrix).
    pub services: Vec<Service>,
    /// The coverage matrix.
    pub coverage: BTreeMap<(Id, Id, Id), Mark>,
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
        self.coverage
            .get(&(service.to_owned(), product.to_owned(), version.to_owned()))
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
}

/// How a category's requests are handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
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
        match (self, lang) {
            (Span::Minutes(m), Lang::Ko) => format!("{m}분"),
            (Span::Minutes(m), Lang::En) => format!("{m} min"),
            (Span::Hours(h), Lang::Ko) => format!("{h}시간"),
            (Span::Hours(h), Lang::En) => format!("{h} h"),
            (Span::BusinessDays(d), Lang::Ko) => format!("{d}영업일"),
            (Span::BusinessDays(1), Lang::En) => "1 business day".to_owned(),
            (Span::BusinessDays(d), Lang::En) => format!("{d} business days"),
        }
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
    pub yearly_counts: BTreeMap<Id, u32>,
    /// Limit overrides per category.
    pub limits: BTreeMap<Id, u32>,
    /// How the contract year runs.
    pub contract_year: ContractYear,
    /// Fee and licence.
    pub fee: Fee,
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
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// A paid maintenance contract.
    Maintenance,
    /// The free warranty after a new build.
    Warranty,
}

/// How the contract year runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ContractYear {
    /// From the anniversary of this date (by default the contract start).
    Anniversary(Date),
    /// From 1 January.
    Calendar,
}

/// How the fee is billed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
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
}

/// The status of a past request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
