//! Coverage verdicts: is a request covered by its contract, which clauses decide it,
//! and what would cover it otherwise.

use crate::civil::Date;
use crate::contract::{
    AlternativeKind, Catalog, Category, Contract, Effect, Id, Mark, PeriodKind, RequestKind,
};
use crate::i18n::{Particle, Text, particle};
use crate::quota::QuotaLine;
use crate::request::Request;
use rust_decimal::Decimal;
use serde::Serialize;

/// The overall answer, from best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// The rule that applied: `period`, `branch`, `product`, `matrix`, `limit`,
    /// `paid_category`, or `rule:<id>`.
    pub rule: String,
    /// The clause it cites.
    pub clause: Option<String>,
    /// What it does.
    pub effect: Effect2,
    /// What it says, in words.
    pub text: Text,
}

/// Something that would cover the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Alternative {
    /// A paid change request (CR/ADC), quoted in person-days × day rate.
    ChangeRequest {
        /// Development person-days, when estimated.
        person_days: Option<Decimal>,
        /// Test person-days (development × the catalog's test ratio).
        test_person_days: Option<Decimal>,
        /// Day rate of development.
        day_rate: Decimal,
        /// Day rate of testing.
        test_day_rate: Decimal,
        /// Estimate before VAT, when person-days are known.
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
    request: &'a Request,
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
        text: Text,
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
            text,
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

    fn change_request(&mut self, text: Text) {
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
            text,
        });
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
        request,
        status: Status::Covered,
        reasons: Vec::new(),
        alternatives: Vec::new(),
    };

    // The contract period (or free warranty), and termination.
    let clauses = &catalog.clauses;
    let period_name = match contract.period_kind {
        PeriodKind::Maintenance => Text::new("유지보수 계약 기간", "maintenance contract period"),
        PeriodKind::Warranty => Text::new("무상 하자보수 기간", "free warranty period"),
    };
    if today < contract.start {
        b.reason(
            "period",
            clauses.period.as_deref(),
            Effect2::Outside,
            Text::new(
                format!(
                    "{}이 아직 시작되지 않았습니다 ({} 시작)",
                    period_name.ko, contract.start
                ),
                format!(
                    "the {} has not started yet (starts {})",
                    period_name.en, contract.start
                ),
            ),
        );
    } else if today > contract.end {
        b.reason(
            "period",
            clauses.period.as_deref(),
            Effect2::Outside,
            Text::new(
                format!("{}이 {}에 끝났습니다", period_name.ko, contract.end),
                format!("the {} ended on {}", period_name.en, contract.end),
            ),
        );
        b.alternative(Alternative::Renewal {
            text: match contract.period_kind {
                PeriodKind::Warranty => Text::new(
                    "무상 하자보수 기간 이후에는 유지보수 계약을 체결하면 지원됩니다",
                    "after the free warranty, a maintenance contract covers it",
                ),
                PeriodKind::Maintenance => Text::new(
                    "유지보수 계약을 갱신하면 지원됩니다",
                    "renewing the maintenance contract covers it",
                ),
            },
        });
    } else {
        b.reason(
            "period",
            clauses.period.as_deref(),
            Effect2::Supports,
            Text::new(
                format!(
                    "{} 중입니다 ({} – {})",
                    period_name.ko, contract.start, contract.end
                ),
                format!(
                    "within the {} ({} – {})",
                    period_name.en, contract.start, contract.end
                ),
            ),
        );
    }
    if let Some(t) = contract.terminated_on
        && today >= t
    {
        b.reason(
            "terminated",
            clauses.termination.as_deref(),
            Effect2::Outside,
            Text::new(
                format!("고객이 {t}에 계약을 중단하여 기술지원과 패치가 중단되었습니다"),
                format!("the customer terminated the contract on {t}; support and patches stopped"),
            ),
        );
        b.alternative(Alternative::Renewal {
            text: Text::new(
                "유지보수 계약을 다시 체결하면 지원됩니다",
                "a new maintenance contract covers it",
            ),
        });
    }

    // Only branches that existed when the system was built, or added by an addendum.
    let branch = match &request.branch {
        Some(id) => contract.branch(id),
        None => contract.branches.first(),
    };
    match branch {
        None => b.reason(
            "branch",
            clauses.branch.as_deref(),
            Effect2::Outside,
            Text::new(
                {
                    let name = request.branch.as_deref().unwrap_or("");
                    format!(
                        "'{name}'{} 이 계약의 분관이 아닙니다",
                        particle(name, Particle::Topic)
                    )
                },
                format!(
                    "{:?} is not a branch under this contract",
                    request.branch.as_deref().unwrap_or("")
                ),
            ),
        ),
        Some(br) => {
            let after_build = match (br.opened, contract.built_on) {
                (Some(o), Some(built)) => o > built,
                _ => false,
            };
            if after_build && br.addendum.is_none_or(|a| a > today) {
                b.reason(
                    "branch",
                    clauses.addendum.as_deref(),
                    Effect2::Outside,
                    Text::new(
                        format!(
                            "{}{} 구축({}) 이후에 추가된 분관이라 별도 계약이 필요합니다",
                            br.name.ko,
                            particle(&br.name.ko, Particle::Topic),
                            contract.built_on.map(|d| d.to_string()).unwrap_or_default()
                        ),
                        format!(
                            "{} was added after the build ({}), so it needs its own addendum",
                            br.name.en,
                            contract.built_on.map(|d| d.to_string()).unwrap_or_default()
                        ),
                    ),
                );
                b.alternative(Alternative::Addendum {
                    branch: br.id.clone(),
                    text: Text::new(
                        format!(
                            "{}{} 유지보수 계약에 추가하는 부속 계약",
                            br.name.ko,
                            particle(&br.name.ko, Particle::Object)
                        ),
                        format!(
                            "a contract addendum adding {} to the maintenance contract",
                            br.name.en
                        ),
                    ),
                });
            } else if after_build {
                b.reason(
                    "branch",
                    clauses.addendum.as_deref(),
                    Effect2::Supports,
                    Text::new(
                        format!(
                            "{}{} 부속 계약으로 포함되었습니다",
                            br.name.ko,
                            particle(&br.name.ko, Particle::Topic)
                        ),
                        format!("{} is covered by an addendum", br.name.en),
                    ),
                );
            }
        }
    }

    // The product and version must be installed under this contract.
    let installed = contract
        .products
        .iter()
        .any(|p| p.product == request.product && p.version == request.version);
    if !installed {
        b.reason(
            "product",
            clauses.product.as_deref(),
            Effect2::Outside,
            Text::new(
                format!(
                    "{} {}{} 이 계약의 유지보수 대상 제품이 아닙니다",
                    request.product,
                    request.version,
                    particle(&request.version, Particle::Topic)
                ),
                format!(
                    "{} {} is not a product maintained under this contract",
                    request.product, request.version
                ),
            ),
        );
    }

    // The coverage matrix: the catalog's clause for it, else the service's own.
    let mark = catalog.mark(&category.service, &request.product, &request.version);
    let service = catalog.service(&category.service);
    let sname = service.map(|s| s.name.clone()).unwrap_or_default();
    let mclause = clauses
        .matrix
        .as_deref()
        .or_else(|| service.and_then(|s| s.clause.as_deref()));
    match mark {
        Mark::Supported => b.reason(
            "matrix",
            mclause,
            Effect2::Supports,
            Text::new(
                format!(
                    "{} {}의 '{}'{} 지원(○) 대상입니다",
                    request.product,
                    request.version,
                    sname.ko,
                    particle(&sname.ko, Particle::Topic)
                ),
                format!(
                    "'{}' is supported (○) for {} {}",
                    sname.en, request.product, request.version
                ),
            ),
        ),
        Mark::Selective => b.reason(
            "matrix",
            mclause,
            Effect2::Selective,
            Text::new(
                format!(
                    "{} {}의 '{}'{} 선별 지원(△): 업체 검토 후 결정합니다",
                    request.product,
                    request.version,
                    sname.ko,
                    particle(&sname.ko, Particle::Topic)
                ),
                format!(
                    "'{}' is selective (△) for {} {}: the vendor decides case by case",
                    sname.en, request.product, request.version
                ),
            ),
        ),
        Mark::NotSupported => {
            b.reason(
                "matrix",
                mclause,
                Effect2::Excludes,
                Text::new(
                    format!(
                        "{} {}의 '{}'{} 지원하지 않습니다(X)",
                        request.product,
                        request.version,
                        sname.ko,
                        particle(&sname.ko, Particle::Topic)
                    ),
                    format!(
                        "'{}' is not supported (X) for {} {}",
                        sname.en, request.product, request.version
                    ),
                ),
            );
            b.change_request(Text::new(
                "유상 변경요청(CR)으로 진행할 수 있습니다",
                "it can be done as a paid change request (CR)",
            ));
        }
        Mark::NotApplicable => b.reason(
            "matrix",
            mclause,
            Effect2::Excludes,
            Text::new(
                format!(
                    "'{}'{} {}에 해당하지 않습니다(–)",
                    sname.ko,
                    particle(&sname.ko, Particle::Topic),
                    request.product
                ),
                format!("'{}' does not apply to {} (–)", sname.en, request.product),
            ),
        ),
    }

    // Change requests are paid by nature.
    if category.kind == RequestKind::ChangeRequest {
        b.reason(
            "paid_category",
            category.clause.as_deref(),
            Effect2::Excludes,
            Text::new(
                format!(
                    "'{}'{} 유상 변경요청(CR/ADC)입니다",
                    category.name.ko,
                    particle(&category.name.ko, Particle::Topic)
                ),
                format!("'{}' is a paid change request (CR/ADC)", category.name.en),
            ),
        );
        b.change_request(Text::new(
            "공수 × 단가로 견적 후 계약 변경으로 진행합니다",
            "quoted as person-days × day rate, then done under a contract amendment",
        ));
    }

    // Exclusions and conditions.
    for rule in &catalog.rules {
        if !request.holds(&rule.when, catalog) {
            continue;
        }
        let rid = format!("rule:{}", rule.id);
        match &rule.effect {
            Effect::Exclude | Effect::Selective => {
                let waived = rule.waived_by.as_ref().is_some_and(|q| {
                    request.holds(
                        &crate::contract::Condition::Answer(
                            q.clone(),
                            crate::contract::Test::IsBool(true),
                        ),
                        catalog,
                    )
                });
                if waived {
                    b.reason(
                        rid,
                        Some(&rule.clause),
                        Effect2::Waived,
                        Text::new(
                            format!(
                                "{} — 고객이 책임을 감수하여 예외로 처리합니다",
                                rule.text.ko
                            ),
                            format!(
                                "{} — waived: the customer accepts responsibility",
                                rule.text.en
                            ),
                        ),
                    );
                    continue;
                }
                let effect = if rule.effect == Effect::Exclude {
                    Effect2::Excludes
                } else {
                    Effect2::Selective
                };
                b.reason(rid, Some(&rule.clause), effect, rule.text.clone());
                if let Some(q) = &rule.waived_by {
                    let qtext = catalog
                        .question(q)
                        .map(|q| q.text.clone())
                        .unwrap_or_default();
                    b.alternative(Alternative::Waiver {
                        rule: rule.id.clone(),
                        clause: rule.clause.clone(),
                        question: q.clone(),
                        text: Text::new(
                            format!(
                                "고객이 서면으로 책임을 감수하면 예외로 지원됩니다 ({})",
                                qtext.ko
                            ),
                            format!(
                                "covered if the customer accepts responsibility in writing ({})",
                                qtext.en
                            ),
                        ),
                    });
                } else if rule.alternative == AlternativeKind::ChangeRequest
                    && effect == Effect2::Excludes
                {
                    b.change_request(Text::new(
                        format!(
                            "{} 사유로 제외되지만 유상 변경요청(CR)으로 진행할 수 있습니다",
                            rule.clause
                        ),
                        format!(
                            "excluded by {}, but it can be done as a paid change request (CR)",
                            rule.clause
                        ),
                    ));
                }
            }
            Effect::RequiresAddon(addon) => {
                if contract.addons.contains(addon) {
                    continue;
                }
                let name = catalog
                    .addon(addon)
                    .map(|a| a.name.clone())
                    .unwrap_or_default();
                b.reason(
                    rid,
                    Some(&rule.clause),
                    Effect2::Excludes,
                    Text::new(
                        format!("{} — {} 계약이 없습니다", rule.text.ko, name.ko),
                        format!("{} — the contract has no {}", rule.text.en, name.en),
                    ),
                );
                b.alternative(Alternative::Addon {
                    addon: addon.clone(),
                    text: Text::new(
                        format!("{} 계약을 추가하면 지원됩니다", name.ko),
                        format!("adding {} to the contract covers it", name.en),
                    ),
                    name,
                });
            }
            Effect::RequiresFeature(feature) => {
                let has = catalog
                    .tier(&contract.tier)
                    .is_some_and(|t| t.features.contains(feature));
                if has {
                    continue;
                }
                let fname = catalog
                    .feature(feature)
                    .map(|f| f.name.clone())
                    .unwrap_or_default();
                let tname = catalog
                    .tier(&contract.tier)
                    .map(|t| t.name.clone())
                    .unwrap_or_default();
                b.reason(
                    rid,
                    Some(&rule.clause),
                    Effect2::Excludes,
                    Text::new(
                        format!(
                            "{} — {} 등급에는 '{}'{} 포함되지 않습니다",
                            rule.text.ko,
                            tname.ko,
                            fname.ko,
                            particle(&fname.ko, Particle::Subject)
                        ),
                        format!(
                            "{} — the {} tier does not include {}",
                            rule.text.en, tname.en, fname.en
                        ),
                    ),
                );
                let current = catalog.tier_rank(&contract.tier).unwrap_or(0);
                if let Some(t) = catalog
                    .tiers
                    .iter()
                    .enumerate()
                    .find(|(i, t)| *i > current && t.features.contains(feature))
                    .map(|(_, t)| t)
                {
                    b.alternative(Alternative::HigherTier {
                        tier: t.id.clone(),
                        name: t.name.clone(),
                        text: Text::new(
                            format!(
                                "{} 이상 등급에 '{}'{} 포함됩니다",
                                t.name.ko,
                                fname.ko,
                                particle(&fname.ko, Particle::Subject)
                            ),
                            format!("{} and above include {}", t.name.en, fname.en),
                        ),
                    });
                }
            }
        }
    }

    // Annual limits: a request over its limit is not covered but can be quoted.
    if let Some(q) = quota
        && !request.paid
    {
        if q.remaining == 0 {
            b.reason(
                "limit",
                q.clause.as_deref(),
                Effect2::Excludes,
                Text::new(
                    format!(
                        "'{}'{} 연 {}회로 제한되며 이번 계약연도에 이미 {}회(완료 {} · 진행 {}) 사용했습니다; {}에 초기화됩니다",
                        q.name.ko, particle(&q.name.ko, Particle::Topic), q.limit, q.used + q.pending, q.used, q.pending, q.resets_on
                    ),
                    format!(
                        "'{}' is limited to {} a year and {} are already used this contract year ({} done, {} pending); the count resets on {}",
                        q.name.en, q.limit, q.used + q.pending, q.used, q.pending, q.resets_on
                    ),
                ),
            );
            b.change_request(Text::new(
                "연간 한도를 넘는 요청은 유상 변경요청(CR)으로 견적할 수 있습니다",
                "a request over the annual limit can be quoted as a paid change request (CR)",
            ));
        } else {
            b.reason(
                "limit",
                q.clause.as_deref(),
                Effect2::Supports,
                Text::new(
                    format!(
                        "'{}' 연 {}회 중 {}회 남았습니다 (이 요청 후 {}회)",
                        q.name.ko,
                        q.limit,
                        q.remaining,
                        q.remaining - 1
                    ),
                    format!(
                        "'{}': {} of {} left this contract year ({} after this request)",
                        q.name.en,
                        q.remaining,
                        q.limit,
                        q.remaining - 1
                    ),
                ),
            );
        }
    }

    Coverage {
        status: b.status,
        status_text: b.status.text(),
        reasons: b.reasons,
        alternatives: b.alternatives,
    }
}
