//! Coverage verdicts: is a request covered by its contract, which clauses decide it,
//! and what would cover it otherwise.

use crate::civil::Date;
use crate::contract::{
    AlternativeKind, Catalog, Category, Condition, Contract, Effect, Id, Mark, PeriodKind,
    RequestKind, Rule, Test,
};
use crate::i18n::Text;
use crate::quota::QuotaLine;
use crate::request::Request;
use crate::words::{self, MAINTENANCE_PERIOD, Param, Params, WARRANTY_PERIOD};
use rust_decimal::Decimal;
use serde::Serialize;
use serde::ser::SerializeMap;

/// The overall answer, from best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Covered by the contract.
    Covered,
    /// Covered only after the vendor's case-by-case review (△).
    Selective,
    /// Not covered (excluded, over a limit, not supported).
    NotCovered,
    /// Outside the contract (period, branch, product).
    OutsideContract,
}

impl Status {
    /// Whether the contract's fee covers the work (covered, or selective after the
    /// vendor's review); anything else can only be filed as paid work.
    ///
    /// ```
    /// use covered_core::coverage::Status;
    ///
    /// assert!(Status::Selective.is_covered());
    /// assert!(!Status::NotCovered.is_covered());
    /// assert!(!Status::OutsideContract.is_covered());
    /// ```
    pub fn is_covered(self) -> bool {
        matches!(self, Status::Covered | Status::Selective)
    }

    /// Display name.
    pub fn text(self) -> Text {
        match self {
            Status::Covered => Text::new("지원 대상", "Covered"),
            Status::Selective => Text::new("선별 지원 (검토 필요)", "Selective (vendor review)"),
            Status::NotCovered => Text::new("지원 대상 아님", "Not covered"),
            Status::OutsideContract => Text::new("계약 범위 밖", "Outside the contract"),
        }
    }
}

/// What a reason does to the verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Effect2 {
    /// Supports coverage.
    Supports,
    /// Makes it selective.
    Selective,
    /// Excludes it.
    Excludes,
    /// Puts it outside the contract.
    Outside,
    /// An exclusion that was waived.
    Waived,
}

/// One reason behind a verdict.
///
/// Serialised with its `code` and parameters beside the rule, clause, effect and
/// text: `{"rule": "limit", "clause": "제6조 ②", "effect": "excludes", "code":
/// "over_limit", "category": "stats_report", "limit": 3, "used": 3, …, "text": {…}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    /// The rule that applied: `period`, `branch`, `product`, `matrix`, `limit`,
    /// `paid_category`, or `rule:<id>`.
    pub rule: String,
    /// The clause it cites.
    pub clause: Option<String>,
    /// What it does.
    pub effect: Effect2,
    /// What it says, as a code with parameters.
    pub code: ReasonCode,
    /// What it says, in words (rendered from `code`).
    pub text: Text,
}

#[cfg(feature = "ts")]
ts_as!(
    Reason,
    "Reason",
    "{ rule: string, clause: string | null, effect: Effect2, code: string, text: Text, [param: string]: unknown }",
    [Effect2, Text]
);

impl Serialize for Reason {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("rule", &self.rule)?;
        m.serialize_entry("clause", &self.clause)?;
        m.serialize_entry("effect", &self.effect)?;
        m.serialize_entry("code", self.code.code())?;
        for (k, v) in self.code.params() {
            m.serialize_entry(k, &v)?;
        }
        m.serialize_entry("text", &self.text)?;
        m.end()
    }
}

/// What a reason says, as a stable code with its parameters. Names come from the data
/// in both languages; the sentences are [`crate::words`]'.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReasonCode {
    /// The period has not started.
    PeriodNotStarted {
        /// Maintenance or free warranty.
        period: PeriodKind,
        /// Its first day.
        start: Date,
    },
    /// The period is over.
    PeriodEnded {
        /// Maintenance or free warranty.
        period: PeriodKind,
        /// Its last day.
        end: Date,
    },
    /// Within the period.
    WithinPeriod {
        /// Maintenance or free warranty.
        period: PeriodKind,
        /// Its first day.
        start: Date,
        /// Its last day.
        end: Date,
    },
    /// The customer terminated the contract.
    Terminated {
        /// The day it ended.
        on: Date,
    },
    /// The request's branch is not under the contract.
    BranchNotCovered {
        /// The branch id given.
        branch: Id,
    },
    /// A branch added after the build, without an addendum in force.
    BranchNeedsAddendum {
        /// Branch id.
        branch: Id,
        /// Branch name.
        branch_name: Text,
        /// When the system was built.
        built_on: Option<Date>,
    },
    /// A branch added after the build, covered by its addendum.
    BranchByAddendum {
        /// Branch id.
        branch: Id,
        /// Branch name.
        branch_name: Text,
    },
    /// The product and version are not installed under the contract.
    VersionNotCovered {
        /// Product id.
        product: Id,
        /// Version.
        version: Id,
    },
    /// The coverage matrix marks the service for the product and version.
    Matrix {
        /// The mark.
        mark: Mark,
        /// Service id.
        service: Id,
        /// Service name.
        service_name: Text,
        /// Product id.
        product: Id,
        /// Version.
        version: Id,
    },
    /// A change-request category: paid by nature.
    PaidCategory {
        /// Category id.
        category: Id,
        /// Category name.
        category_name: Text,
    },
    /// A rule excludes it (or makes it selective); its own text says why.
    ByRule {
        /// Excludes or selective.
        selective: bool,
        /// The rule's text.
        because: Text,
    },
    /// A waivable exclusion the customer waived.
    Waived {
        /// The rule's text.
        because: Text,
        /// The yes/no question that waived it.
        question: Id,
    },
    /// A rule needs an add-on the contract lacks.
    NeedsAddon {
        /// The rule's text.
        because: Text,
        /// Add-on id.
        addon: Id,
        /// Add-on name.
        addon_name: Text,
    },
    /// A rule needs a feature the contract's tier lacks.
    NeedsFeature {
        /// The rule's text.
        because: Text,
        /// Feature id.
        feature: Id,
        /// Feature name.
        feature_name: Text,
        /// The contract's tier.
        tier: Id,
        /// Tier name.
        tier_name: Text,
    },
    /// The category's annual limit is used up.
    OverLimit {
        /// Category id.
        category: Id,
        /// Category name.
        category_name: Text,
        /// Allowed per contract year.
        limit: u32,
        /// Counted this contract year (completed + pending).
        used: u32,
        /// Of those, completed.
        completed: u32,
        /// Of those, pending.
        pending: u32,
        /// When the count starts again.
        resets_on: Date,
    },
    /// Within the category's annual limit.
    WithinLimit {
        /// Category id.
        category: Id,
        /// Category name.
        category_name: Text,
        /// Allowed per contract year.
        limit: u32,
        /// Left before this request.
        remaining: u32,
        /// Whether this request would use one (it is covered, so filed free): only
        /// then is what it leaves said.
        counts: bool,
    },
}

fn period_word(kind: PeriodKind) -> Param<'static> {
    Param::Word(match kind {
        PeriodKind::Maintenance => &MAINTENANCE_PERIOD,
        PeriodKind::Warranty => &WARRANTY_PERIOD,
    })
}

impl ReasonCode {
    /// The stable code: `within_period`, `over_limit`, `not_supported`, ….
    pub fn code(&self) -> &'static str {
        match self {
            ReasonCode::PeriodNotStarted { .. } => "period_not_started",
            ReasonCode::PeriodEnded { .. } => "period_ended",
            ReasonCode::WithinPeriod { .. } => "within_period",
            ReasonCode::Terminated { .. } => "terminated",
            ReasonCode::BranchNotCovered { .. } => "branch_not_covered",
            ReasonCode::BranchNeedsAddendum { .. } => "branch_needs_addendum",
            ReasonCode::BranchByAddendum { .. } => "branch_by_addendum",
            ReasonCode::VersionNotCovered { .. } => "version_not_covered",
            ReasonCode::Matrix { mark, .. } => match mark {
                Mark::Supported => "supported",
                Mark::Selective => "selective",
                Mark::NotSupported => "not_supported",
                Mark::NotApplicable => "not_applicable",
            },
            ReasonCode::PaidCategory { .. } => "paid_category",
            ReasonCode::ByRule {
                selective: false, ..
            } => "excluded",
            ReasonCode::ByRule {
                selective: true, ..
            } => "selective_by_rule",
            ReasonCode::Waived { .. } => "waived",
            ReasonCode::NeedsAddon { .. } => "needs_addon",
            ReasonCode::NeedsFeature { .. } => "needs_feature",
            ReasonCode::OverLimit { .. } => "over_limit",
            ReasonCode::WithinLimit { counts: true, .. } => "within_limit",
            ReasonCode::WithinLimit { counts: false, .. } => "within_limit_unused",
        }
    }

    /// The parameters, by name.
    pub fn params(&self) -> Params<'_> {
        use Param::{Count, Date as D, Name, Str};
        match self {
            ReasonCode::PeriodNotStarted { period, start } => {
                vec![("period", period_word(*period)), ("start", D(*start))]
            }
            ReasonCode::PeriodEnded { period, end } => {
                vec![("period", period_word(*period)), ("end", D(*end))]
            }
            ReasonCode::WithinPeriod { period, start, end } => vec![
                ("period", period_word(*period)),
                ("start", D(*start)),
                ("end", D(*end)),
            ],
            ReasonCode::Terminated { on } => vec![("on", D(*on))],
            ReasonCode::BranchNotCovered { branch } => vec![("branch", Str(branch))],
            ReasonCode::BranchNeedsAddendum {
                branch,
                branch_name,
                built_on,
            } => vec![
                ("branch", Str(branch)),
                ("branch_name", Name(branch_name)),
                ("built_on", Param::MaybeDate(*built_on)),
            ],
            ReasonCode::BranchByAddendum {
                branch,
                branch_name,
            } => vec![("branch", Str(branch)), ("branch_name", Name(branch_name))],
            ReasonCode::VersionNotCovered { product, version } => {
                vec![("product", Str(product)), ("version", Str(version))]
            }
            ReasonCode::Matrix {
                service,
                service_name,
                product,
                version,
                ..
            } => vec![
                ("service", Str(service)),
                ("service_name", Name(service_name)),
                ("product", Str(product)),
                ("version", Str(version)),
            ],
            ReasonCode::PaidCategory {
                category,
                category_name,
            } => vec![
                ("category", Str(category)),
                ("category_name", Name(category_name)),
            ],
            ReasonCode::ByRule { because, .. } => vec![("because", Name(because))],
            ReasonCode::Waived { because, question } => {
                vec![("because", Name(because)), ("question", Str(question))]
            }
            ReasonCode::NeedsAddon {
                because,
                addon,
                addon_name,
            } => vec![
                ("because", Name(because)),
                ("addon", Str(addon)),
                ("addon_name", Name(addon_name)),
            ],
            ReasonCode::NeedsFeature {
                because,
                feature,
                feature_name,
                tier,
                tier_name,
            } => vec![
                ("because", Name(because)),
                ("feature", Str(feature)),
                ("feature_name", Name(feature_name)),
                ("tier", Str(tier)),
                ("tier_name", Name(tier_name)),
            ],
            ReasonCode::OverLimit {
                category,
                category_name,
                limit,
                used,
                completed,
                pending,
                resets_on,
            } => vec![
                ("category", Str(category)),
                ("category_name", Name(category_name)),
                ("limit", Count(*limit)),
                ("used", Count(*used)),
                ("completed", Count(*completed)),
                ("pending", Count(*pending)),
                ("resets_on", D(*resets_on)),
            ],
            ReasonCode::WithinLimit {
                category,
                category_name,
                limit,
                remaining,
                counts,
            } => {
                let mut p = Vec::with_capacity(5);
                p.extend([
                    ("category", Str(category)),
                    ("category_name", Name(category_name)),
                    ("limit", Count(*limit)),
                    ("remaining", Count(*remaining)),
                ]);
                if *counts {
                    p.push(("after", Count(remaining.saturating_sub(1))));
                }
                p
            }
        }
    }

    /// The reason in both languages.
    pub fn text(&self) -> Text {
        words::text(self.code(), &self.params())
    }
}

/// Something that would cover the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Alternative {
    /// A paid change request (CR/ADC), quoted in person-days × day rate.
    ChangeRequest {
        /// Development person-days, when estimated.
        #[cfg_attr(feature = "ts", ts(type = "string | null"))]
        person_days: Option<Decimal>,
        /// Test person-days (development × the catalog's test ratio).
        #[cfg_attr(feature = "ts", ts(type = "string | null"))]
        test_person_days: Option<Decimal>,
        /// Day rate of development.
        #[cfg_attr(feature = "ts", ts(type = "string"))]
        day_rate: Decimal,
        /// Day rate of testing.
        #[cfg_attr(feature = "ts", ts(type = "string"))]
        test_day_rate: Decimal,
        /// Estimate before VAT, when person-days are known.
        #[cfg_attr(feature = "ts", ts(type = "string | null"))]
        estimate: Option<Decimal>,
        /// Why.
        text: Text,
    },
    /// The lowest tier that covers it.
    HigherTier {
        /// Tier id.
        tier: Id,
        /// Tier name.
        name: Text,
        /// Why.
        text: Text,
    },
    /// Waiving a waivable exclusion (the customer accepts responsibility).
    Waiver {
        /// Rule id.
        rule: Id,
        /// Clause.
        clause: String,
        /// The yes/no question that waives it.
        question: Id,
        /// Why.
        text: Text,
    },
    /// Adding a contract add-on.
    Addon {
        /// Add-on id.
        addon: Id,
        /// Add-on name.
        name: Text,
        /// Why.
        text: Text,
    },
    /// A contract addendum for a branch added after the build.
    Addendum {
        /// Branch id.
        branch: Id,
        /// Why.
        text: Text,
    },
    /// Renewing (or taking out) a maintenance contract.
    Renewal {
        /// Why.
        text: Text,
    },
    /// The temporary 24-hour upgrade for an urgent incident outside the window.
    TemporaryUpgrade {
        /// Calendar during the upgrade.
        calendar: Id,
        /// Price per hour.
        #[cfg_attr(feature = "ts", ts(type = "string"))]
        hourly: Decimal,
        /// Why.
        text: Text,
    },
}

impl Alternative {
    /// The kind as a string (`change_request`, `higher_tier`, …).
    pub fn kind(&self) -> &'static str {
        match self {
            Alternative::ChangeRequest { .. } => "change_request",
            Alternative::HigherTier { .. } => "higher_tier",
            Alternative::Waiver { .. } => "waiver",
            Alternative::Addon { .. } => "addon",
            Alternative::Addendum { .. } => "addendum",
            Alternative::Renewal { .. } => "renewal",
            Alternative::TemporaryUpgrade { .. } => "temporary_upgrade",
        }
    }

    /// What it is, in words.
    pub fn text(&self) -> &Text {
        match self {
            Alternative::ChangeRequest { text, .. }
            | Alternative::HigherTier { text, .. }
            | Alternative::Waiver { text, .. }
            | Alternative::Addon { text, .. }
            | Alternative::Addendum { text, .. }
            | Alternative::Renewal { text, .. }
            | Alternative::TemporaryUpgrade { text, .. } => text,
        }
    }
}

/// A coverage verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Coverage {
    /// The overall answer.
    pub status: Status,
    /// The answer in words.
    pub status_text: Text,
    /// Every reason that applies.
    pub reasons: Vec<Reason>,
    /// What would cover it.
    pub alternatives: Vec<Alternative>,
}

struct Builder<'a> {
    catalog: &'a Catalog,
    contract: &'a Contract,
    request: &'a Request,
    today: Date,
    status: Status,
    reasons: Vec<Reason>,
    alternatives: Vec<Alternative>,
}

impl Builder<'_> {
    fn reason(
        &mut self,
        rule: impl Into<String>,
        clause: Option<&str>,
        effect: Effect2,
        code: ReasonCode,
    ) {
        let worsen = match effect {
            Effect2::Outside => Status::OutsideContract,
            Effect2::Excludes => Status::NotCovered,
            Effect2::Selective => Status::Selective,
            Effect2::Supports | Effect2::Waived => Status::Covered,
        };
        self.status = self.status.max(worsen);
        self.reasons.push(Reason {
            rule: rule.into(),
            clause: clause.map(str::to_owned),
            effect,
            text: code.text(),
            code,
        });
    }

    fn alternative(&mut self, a: Alternative) {
        if !self
            .alternatives
            .iter()
            .any(|o| o.kind() == a.kind() && *o == a)
        {
            self.alternatives.push(a);
        }
    }

    /// A paid change request, `why` naming the template of its text.
    fn change_request(&mut self, why: &str, params: &[(&str, Param<'_>)]) {
        if self
            .alternatives
            .iter()
            .any(|a| a.kind() == "change_request")
        {
            return;
        }
        let p = &self.catalog.pricing;
        let person_days = self.request.number("person_days");
        let test_person_days = person_days.map(|d| (d * p.test_ratio).round_dp(1));
        let estimate = match (person_days, test_person_days) {
            // `normalize` drops trailing zeros: 2220000, not 2220000.0.
            (Some(d), Some(t)) => d.checked_mul(p.change_request_day_rate).and_then(|dev| {
                t.checked_mul(p.test_day_rate)
                    .and_then(|x| dev.checked_add(x))
            }),
            _ => None,
        }
        .map(|e| e.normalize());
        self.alternatives.push(Alternative::ChangeRequest {
            person_days,
            test_person_days,
            day_rate: p.change_request_day_rate,
            test_day_rate: p.test_day_rate,
            estimate,
            text: words::text(why, params),
        });
    }

    /// The contract period (or free warranty), and termination.
    fn period(&mut self) {
        let (contract, today) = (self.contract, self.today);
        let clause = self.catalog.clauses.period.as_deref();
        let period = contract.period_kind;
        if today < contract.start {
            let code = ReasonCode::PeriodNotStarted {
                period,
                start: contract.start,
            };
            self.reason("period", clause, Effect2::Outside, code);
        } else if today > contract.end {
            let code = ReasonCode::PeriodEnded {
                period,
                end: contract.end,
            };
            self.reason("period", clause, Effect2::Outside, code);
            let why = match period {
                PeriodKind::Warranty => "renew_after_warranty",
                PeriodKind::Maintenance => "renew",
            };
            self.alternative(Alternative::Renewal {
                text: words::text(why, &[]),
            });
        } else {
            let code = ReasonCode::WithinPeriod {
                period,
                start: contract.start,
                end: contract.end,
            };
            self.reason("period", clause, Effect2::Supports, code);
        }
        if let Some(on) = contract.terminated_on
            && today >= on
        {
            let clause = self.catalog.clauses.termination.as_deref();
            self.reason(
                "terminated",
                clause,
                Effect2::Outside,
                ReasonCode::Terminated { on },
            );
            self.alternative(Alternative::Renewal {
                text: words::text("renew_after_termination", &[]),
            });
        }
    }

    /// Only branches that existed when the system was built, or added by an addendum.
    fn branch(&mut self) {
        let (contract, request) = (self.contract, self.request);
        let clauses = &self.catalog.clauses;
        let branch = match &request.branch {
            Some(id) => contract.branch(id),
            None => contract.branches.first(),
        };
        let Some(br) = branch else {
            let code = ReasonCode::BranchNotCovered {
                branch: request.branch.clone().unwrap_or_default(),
            };
            self.reason("branch", clauses.branch.as_deref(), Effect2::Outside, code);
            return;
        };
        let after_build = match (br.opened, contract.built_on) {
            (Some(o), Some(built)) => o > built,
            _ => false,
        };
        if !after_build {
            return;
        }
        let clause = clauses.addendum.as_deref();
        if br.addendum.is_none_or(|a| a > self.today) {
            let code = ReasonCode::BranchNeedsAddendum {
                branch: br.id.clone(),
                branch_name: br.name.clone(),
                built_on: contract.built_on,
            };
            self.reason("branch", clause, Effect2::Outside, code);
            let text = words::text("addendum", &[("branch_name", Param::Name(&br.name))]);
            self.alternative(Alternative::Addendum {
                branch: br.id.clone(),
                text,
            });
        } else {
            let code = ReasonCode::BranchByAddendum {
                branch: br.id.clone(),
                branch_name: br.name.clone(),
            };
            self.reason("branch", clause, Effect2::Supports, code);
        }
    }

    /// The product and version must be installed under this contract.
    fn product(&mut self) {
        let request = self.request;
        let installed = self
            .contract
            .products
            .iter()
            .any(|p| p.product == request.product && p.version == request.version);
        if !installed {
            let code = ReasonCode::VersionNotCovered {
                product: request.product.clone(),
                version: request.version.clone(),
            };
            let clause = self.catalog.clauses.product.as_deref();
            self.reason("product", clause, Effect2::Outside, code);
        }
    }

    /// The coverage matrix: the catalog's clause for it, else the service's own.
    fn matrix(&mut self, category: &Category) {
        let (catalog, request) = (self.catalog, self.request);
        let mark = catalog.mark(&category.service, &request.product, &request.version);
        let service = catalog.service(&category.service);
        let clause = catalog
            .clauses
            .matrix
            .as_deref()
            .or_else(|| service.and_then(|s| s.clause.as_deref()));
        let effect = match mark {
            Mark::Supported => Effect2::Supports,
            Mark::Selective => Effect2::Selective,
            Mark::NotSupported | Mark::NotApplicable => Effect2::Excludes,
        };
        let code = ReasonCode::Matrix {
            mark,
            service: category.service.clone(),
            service_name: service.map(|s| s.name.clone()).unwrap_or_default(),
            product: request.product.clone(),
            version: request.version.clone(),
        };
        self.reason("matrix", clause, effect, code);
        if mark == Mark::NotSupported {
            self.change_request("change_request_not_supported", &[]);
        }
    }

    /// Change requests are paid by nature.
    fn paid_category(&mut self, category: &Category) {
        if category.kind != RequestKind::ChangeRequest {
            return;
        }
        let code = ReasonCode::PaidCategory {
            category: category.id.clone(),
            category_name: category.name.clone(),
        };
        self.reason(
            "paid_category",
            category.clause.as_deref(),
            Effect2::Excludes,
            code,
        );
        self.change_request("change_request_paid_category", &[]);
    }

    /// Exclusions and conditions.
    fn rules(&mut self) {
        for rule in &self.catalog.rules {
            if !self.request.holds(&rule.when, self.catalog) {
                continue;
            }
            match &rule.effect {
                Effect::Exclude | Effect::Selective => self.exclusion(rule),
                Effect::RequiresAddon(addon) => self.requires_addon(rule, addon),
                Effect::RequiresFeature(feature) => self.requires_feature(rule, feature),
            }
        }
    }

    /// A rule that excludes a request or makes it selective, unless waived.
    fn exclusion(&mut self, rule: &Rule) {
        let (catalog, request) = (self.catalog, self.request);
        let rid = format!("rule:{}", rule.id);
        let waived_by = rule.waived_by.as_ref().filter(|q| {
            request.holds(
                &Condition::Answer((*q).clone(), Test::IsBool(true)),
                catalog,
            )
        });
        if let Some(q) = waived_by {
            let code = ReasonCode::Waived {
                because: rule.text.clone(),
                question: q.clone(),
            };
            self.reason(rid, Some(&rule.clause), Effect2::Waived, code);
            return;
        }
        let selective = rule.effect == Effect::Selective;
        let effect = if selective {
            Effect2::Selective
        } else {
            Effect2::Excludes
        };
        let code = ReasonCode::ByRule {
            selective,
            because: rule.text.clone(),
        };
        self.reason(rid, Some(&rule.clause), effect, code);
        if let Some(q) = &rule.waived_by {
            let qtext = catalog
                .question(q)
                .map(|q| q.text.clone())
                .unwrap_or_default();
            self.alternative(Alternative::Waiver {
                rule: rule.id.clone(),
                clause: rule.clause.clone(),
                question: q.clone(),
                text: words::text("waiver", &[("question_text", Param::Name(&qtext))]),
            });
        } else if rule.alternative == AlternativeKind::ChangeRequest && !selective {
            self.change_request(
                "change_request_excluded",
                &[("clause", Param::Str(&rule.clause))],
            );
        }
    }

    /// A rule that needs an add-on the contract may lack.
    fn requires_addon(&mut self, rule: &Rule, addon: &Id) {
        if self.contract.addons.contains(addon) {
            return;
        }
        let name = self
            .catalog
            .addon(addon)
            .map(|a| a.name.clone())
            .unwrap_or_default();
        let text = words::text("addon", &[("addon_name", Param::Name(&name))]);
        let code = ReasonCode::NeedsAddon {
            because: rule.text.clone(),
            addon: addon.clone(),
            addon_name: name.clone(),
        };
        self.reason(
            format!("rule:{}", rule.id),
            Some(&rule.clause),
            Effect2::Excludes,
            code,
        );
        self.alternative(Alternative::Addon {
            addon: addon.clone(),
            text,
            name,
        });
    }

    /// A rule that needs a feature the contract's tier may lack; the lowest tier above
    /// it with the feature is the alternative.
    fn requires_feature(&mut self, rule: &Rule, feature: &Id) {
        let (catalog, contract) = (self.catalog, self.contract);
        let tier = catalog.tier(&contract.tier);
        if tier.is_some_and(|t| t.features.contains(feature)) {
            return;
        }
        let feature_name = catalog
            .feature(feature)
            .map(|f| f.name.clone())
            .unwrap_or_default();
        let code = ReasonCode::NeedsFeature {
            because: rule.text.clone(),
            feature: feature.clone(),
            feature_name: feature_name.clone(),
            tier: contract.tier.clone(),
            tier_name: tier.map(|t| t.name.clone()).unwrap_or_default(),
        };
        self.reason(
            format!("rule:{}", rule.id),
            Some(&rule.clause),
            Effect2::Excludes,
            code,
        );
        let current = catalog.tier_rank(&contract.tier).unwrap_or(0);
        if let Some(t) = catalog
            .tiers
            .iter()
            .enumerate()
            .find(|(i, t)| *i > current && t.features.contains(feature))
            .map(|(_, t)| t)
        {
            let text = words::text(
                "higher_tier",
                &[
                    ("tier_name", Param::Name(&t.name)),
                    ("feature_name", Param::Name(&feature_name)),
                ],
            );
            self.alternative(Alternative::HigherTier {
                tier: t.id.clone(),
                name: t.name.clone(),
                text,
            });
        }
    }

    /// Annual limits: a request over its limit is not covered but can be quoted.
    fn limit(&mut self, quota: Option<&QuotaLine>) {
        let Some(q) = quota.filter(|_| !self.request.paid) else {
            return;
        };
        let clause = q.clause.as_deref();
        if q.remaining == 0 {
            let code = ReasonCode::OverLimit {
                category: q.category.clone(),
                category_name: q.name.clone(),
                limit: q.limit,
                used: q.used + q.pending,
                completed: q.used,
                pending: q.pending,
                resets_on: q.resets_on,
            };
            self.reason("limit", clause, Effect2::Excludes, code);
            self.change_request("change_request_over_limit", &[]);
        } else {
            // Every other reason is in: a request that is not covered is not filed free,
            // so it would not use one.
            let code = ReasonCode::WithinLimit {
                category: q.category.clone(),
                category_name: q.name.clone(),
                limit: q.limit,
                remaining: q.remaining,
                counts: self.status.is_covered(),
            };
            self.reason("limit", clause, Effect2::Supports, code);
        }
    }
}

/// Judges coverage of `request` under `contract` on `today`. `quota` is the request
/// category's quota line, if it is limited.
pub fn judge(
    catalog: &Catalog,
    contract: &Contract,
    category: &Category,
    request: &Request,
    today: Date,
    quota: Option<&QuotaLine>,
) -> Coverage {
    let mut b = Builder {
        catalog,
        contract,
        request,
        today,
        status: Status::Covered,
        // Most verdicts give three reasons (period, matrix, limit): room for them in
        // one small allocation.
        reasons: Vec::with_capacity(3),
        alternatives: Vec::new(),
    };
    b.period();
    b.branch();
    b.product();
    b.matrix(category);
    b.paid_category(category);
    b.rules();
    b.limit(quota);
    Coverage {
        status: b.status,
        status_text: b.status.text(),
        reasons: b.reasons,
        alternatives: b.alternatives,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::civil::date;
    use crate::i18n::Lang;
    use crate::problem::{Code, Expected, Problem};

    fn field(v: &serde_json::Value, pointer: &str) -> serde_json::Value {
        v.pointer(pointer).cloned().unwrap_or_default()
    }

    fn hangul(s: &str) -> bool {
        s.chars().any(|c| ('가'..='힣').contains(&c))
    }

    fn every_reason() -> Vec<ReasonCode> {
        let name = |ko: &str, en: &str| Text::new(ko, en);
        let day = date(2026, 11, 23);
        let mut all = Vec::new();
        for period in [PeriodKind::Maintenance, PeriodKind::Warranty] {
            all.push(ReasonCode::PeriodNotStarted { period, start: day });
            all.push(ReasonCode::PeriodEnded { period, end: day });
            all.push(ReasonCode::WithinPeriod {
                period,
                start: day,
                end: day,
            });
        }
        for mark in [
            Mark::Supported,
            Mark::Selective,
            Mark::NotSupported,
            Mark::NotApplicable,
        ] {
            all.push(ReasonCode::Matrix {
                mark,
                service: "tuning".into(),
                service_name: name("성능 튜닝", "Performance tuning"),
                product: "DLi".into(),
                version: "8".into(),
            });
        }
        all.extend([
            ReasonCode::Terminated { on: day },
            ReasonCode::BranchNotCovered {
                branch: "moon".into(),
            },
            ReasonCode::BranchNeedsAddendum {
                branch: "river".into(),
                branch_name: name("강변분관", "Riverside branch"),
                built_on: Some(day),
            },
            ReasonCode::BranchByAddendum {
                branch: "river".into(),
                branch_name: name("강변분관", "Riverside branch"),
            },
            ReasonCode::VersionNotCovered {
                product: "DLi".into(),
                version: "7".into(),
            },
            ReasonCode::PaidCategory {
                category: "new_feature".into(),
                category_name: name("기능 추가", "New feature"),
            },
            ReasonCode::ByRule {
                selective: false,
                because: name("1인 3일 이상", "3 person-days or more"),
            },
            ReasonCode::ByRule {
                selective: true,
                because: name("보안 위험", "a security risk"),
            },
            ReasonCode::Waived {
                because: name("보안 위험", "a security risk"),
                question: "accepts_responsibility".into(),
            },
            ReasonCode::NeedsAddon {
                because: name("하드웨어", "hardware"),
                addon: "hardware".into(),
                addon_name: name("하드웨어 유지보수", "hardware maintenance"),
            },
            ReasonCode::NeedsFeature {
                because: name("튜닝", "tuning"),
                feature: "tuning".into(),
                feature_name: name("성능 튜닝", "performance tuning"),
                tier: "bronze".into(),
                tier_name: name("브론즈", "Bronze"),
            },
            ReasonCode::OverLimit {
                category: "stats_report".into(),
                category_name: name("통계 레포트 추가", "New statistics report"),
                limit: 3,
                used: 3,
                completed: 2,
                pending: 1,
                resets_on: day,
            },
            ReasonCode::WithinLimit {
                category: "stats_report".into(),
                category_name: name("통계 레포트 추가", "New statistics report"),
                limit: 3,
                remaining: 2,
                counts: true,
            },
            ReasonCode::WithinLimit {
                category: "stats_report".into(),
                category_name: name("통계 레포트 추가", "New statistics report"),
                limit: 3,
                remaining: 2,
                counts: false,
            },
        ]);
        all
    }

    #[test]
    fn every_reason_code_renders_in_both_languages() {
        let all = every_reason();
        let mut codes: Vec<&str> = all.iter().map(ReasonCode::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 21, "every code once: {codes:?}");
        for r in &all {
            let t = r.text();
            for (lang, s) in [(Lang::Ko, &t.ko), (Lang::En, &t.en)] {
                assert!(words::template(r.code(), lang).is_some(), "{}", r.code());
                assert!(!s.contains('{') && !s.is_empty(), "{}: {s}", r.code());
            }
            assert!(hangul(&t.ko), "{}: {}", r.code(), t.ko);
            assert!(!hangul(&t.en), "{}: Korean in English: {}", r.code(), t.en);
        }
    }

    #[test]
    fn a_reason_serialises_its_code_and_parameters() {
        let code = ReasonCode::OverLimit {
            category: "stats_report".into(),
            category_name: Text::new("통계 레포트 추가", "New statistics report"),
            limit: 3,
            used: 3,
            completed: 2,
            pending: 1,
            resets_on: date(2027, 3, 1),
        };
        let reason = Reason {
            rule: "limit".into(),
            clause: Some("제6조 ②".into()),
            effect: Effect2::Excludes,
            text: code.text(),
            code,
        };
        let v = serde_json::to_value(&reason).unwrap_or_default();
        assert_eq!(field(&v, "/code"), "over_limit");
        assert_eq!(field(&v, "/limit"), 3);
        assert_eq!(field(&v, "/used"), 3);
        assert_eq!(field(&v, "/pending"), 1);
        assert_eq!(field(&v, "/resets_on"), "2027-03-01");
        assert_eq!(field(&v, "/category_name/en"), "New statistics report");
        assert_eq!(field(&v, "/rule"), "limit");
        assert_eq!(
            field(&v, "/text/en"),
            "'New statistics report' is limited to 3 a year and 3 are already used this \
             contract year (2 done, 1 pending); the count resets on 2027-03-01"
        );
        assert_eq!(
            field(&v, "/text/ko"),
            "'통계 레포트 추가'는 연 3회로 제한되며 이번 계약연도에 이미 3회(완료 2 · 진행 1) \
             사용했습니다; 2027-03-01에 초기화됩니다"
        );
    }

    #[test]
    fn every_problem_code_renders_in_both_languages_and_serialises_its_parameters() {
        let ids = |xs: &[&str]| xs.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        let mut all = vec![
            Code::NotJson {
                error: "expected value".into(),
                line: 2,
                column: 9,
            },
            Code::UnknownField {
                expected: ids(&["id", "name"]),
            },
            Code::MissingField { field: "id".into() },
            Code::NotOneOf {
                value: "\"maybe\"".into(),
                options: ids(&["yes", "no"]),
            },
            Code::BelowMinimum {
                value: Decimal::from(-3),
                min: Decimal::ZERO,
            },
            Code::AboveMaximum {
                value: Decimal::from(400),
                max: Decimal::from(365),
            },
            Code::UnknownProduct {
                product: "Moon".into(),
                known: ids(&["DLi"]),
            },
            Code::UnknownVersion {
                product: "DLi".into(),
                version: "9".into(),
                known: ids(&["7", "8"]),
            },
            Code::UnknownCategory {
                category: "moon_landing".into(),
                known: ids(&["fault"]),
            },
            Code::UnknownTier {
                tier: "iron".into(),
            },
            Code::UnknownContract {
                contract: "nowhere".into(),
                known: ids(&["hanbit-city"]),
            },
            Code::NotDateTime {
                value: "2026-13-01".into(),
                reason: "no such month".into(),
            },
            Code::PauseNotAfter {
                from: "2026-11-23T10:00:00".into(),
                to: "2026-11-23T09:00:00".into(),
            },
        ];
        for what in [
            Expected::Object,
            Expected::String,
            Expected::NonEmptyString,
            Expected::Bool,
            Expected::Count,
            Expected::Decimal,
            Expected::Date,
            Expected::Array,
            Expected::Options,
            Expected::Text,
            Expected::Pair,
        ] {
            all.push(Code::Expected {
                what,
                found: "7".into(),
            });
        }
        for code in all {
            let name = code.code();
            let p = Problem::new("request", "$.answers.person_days", code);
            let (ko, en) = (p.text(Lang::Ko), p.text(Lang::En));
            assert!(words::template(name, Lang::Ko).is_some(), "{name}");
            assert!(hangul(&ko), "{name}: {ko}");
            assert!(!hangul(&en) && en == p.message, "{name}: {en}");
            assert!(!ko.contains('{') && !en.contains('{'), "{name}");
            let v = serde_json::to_value(&p).unwrap_or_default();
            assert_eq!(field(&v, "/code"), name);
            assert_eq!(field(&v, "/message"), en.as_str());
        }
        let p = Problem::new(
            "request",
            "$.answers.person_days",
            Code::AboveMaximum {
                value: Decimal::from(400),
                max: Decimal::from(365),
            },
        );
        let v = serde_json::to_value(&p).unwrap_or_default();
        assert_eq!(field(&v, "/max"), "365");
        assert_eq!(field(&v, "/value"), "400");
        assert_eq!(p.text(Lang::Ko), "400은 최댓값 365보다 큽니다");
    }
}
