//! The history replay as a sales page reads it: what the customer would have got under
//! each tier for the requests it actually made — a higher tier never worse on the same
//! requests — and the year's total of fee and out-of-scope cost.

use covered_core::api;
use covered_core::contract::DataSet;
use covered_core::i18n::Lang;
use covered_core::replay::{self, Replay, Versus};
use rust_decimal::Decimal;
use std::str::FromStr;

use crate::common::sample_files;

fn library() -> DataSet {
    covered_core::contract::load(&sample_files("library")).unwrap()
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn hanbit() -> Replay {
    api::replay(&library(), "hanbit-city").unwrap()
}

/// For every pair of neighbouring tiers (lowest first): the higher covers at least what
/// the lower covers, costs no more outside the fee, and promises every clock of every
/// request no later.
fn assert_never_worse_going_up(r: &Replay) {
    for pair in r.tiers.windows(2) {
        let (lo, hi) = (&pair[0], &pair[1]);
        assert!(
            hi.covered >= lo.covered,
            "{} covers less than {}",
            hi.tier,
            lo.tier
        );
        assert!(
            hi.out_of_scope.total.amount <= lo.out_of_scope.total.amount,
            "{} costs more outside the fee than {}",
            hi.tier,
            lo.tier
        );
        for (a, b) in lo.requests.iter().zip(&hi.requests) {
            assert_eq!(a.request, b.request);
            for due in &a.dues {
                if let Some(other) = b.dues.iter().find(|x| x.clock == due.clock) {
                    assert!(
                        other.due <= due.due,
                        "{} {}: {} due {} after {}'s {}",
                        a.request,
                        due.clock,
                        hi.tier,
                        other.due,
                        lo.tier,
                        due.due
                    );
                }
            }
        }
    }
}

#[test]
fn a_higher_tier_is_never_worse_on_the_same_requests() {
    let data = library();
    for contract in data.histories.keys() {
        assert_never_worse_going_up(&api::replay(&data, contract).unwrap());
    }
}

#[test]
fn each_tier_says_how_much_sooner_than_the_contracts_own() {
    let r = hanbit();
    let promise = |tier: usize, clock: &str| {
        r.tiers[tier]
            .promises
            .iter()
            .find(|p| p.clock == clock)
            .unwrap()
            .clone()
    };
    // Gold is the contract's tier: the baseline.
    assert_eq!(promise(2, "restore").text.get(Lang::En), "all 14 the same");
    // Platinum: the two critical faults' restores 4 h sooner, the rest the same.
    let p = promise(3, "restore");
    assert_eq!((p.compared, p.sooner, p.same, p.later), (14, 2, 12, 0));
    assert_eq!(p.mean_sooner_minutes, Some(240));
    assert_eq!(
        p.text.get(Lang::Ko),
        "2건 평균 4시간 빨리 (나머지 12건 같음)"
    );
    assert_eq!(
        promise(3, "response").text.get(Lang::En),
        "30 min sooner on average for 2 (the other 12 the same)"
    );
    // Bronze: later, never sooner.
    let b = promise(0, "restore");
    assert_eq!(b.sooner, 0);
    assert!(b.later > 0);
    assert!(b.text.get(Lang::En).contains("later"), "{}", b.text.en);
}

#[test]
fn what_a_tier_would_have_covered_instead_of_billed() {
    let r = hanbit();
    // Platinum includes tuning: SR-2026-0194, refused under Gold (2.5 person-days
    // → ₩1,387,500), would have been covered.
    let platinum = &r.tiers[3];
    assert_eq!(platinum.covered_instead, ["SR-2026-0194"]);
    assert_eq!(platinum.saved.amount, d("1387500"));
    assert_eq!(platinum.saved_text.get(Lang::Ko), "₩1,387,500 절감");
    let line = platinum
        .requests
        .iter()
        .find(|l| l.request == "SR-2026-0194")
        .unwrap();
    assert_eq!(line.versus, Versus::CoveredInstead);
    assert_eq!(line.saved.amount, d("1387500"));
    // Bronze lacks periodic inspection, and pays the temporary upgrade at night.
    let bronze = &r.tiers[0];
    assert_eq!(bronze.not_covered_instead, ["SR-2026-0170"]);
    assert_eq!(bronze.saved.amount, d("-2800000"));
    assert_eq!(bronze.saved_text.get(Lang::En), "₩2,800,000 more");
}

#[test]
fn the_years_total_is_the_fee_plus_the_out_of_scope_cost() {
    let r = hanbit();
    let totals: Vec<(String, Option<Decimal>, Decimal, Option<Decimal>)> = r
        .tiers
        .iter()
        .map(|t| {
            (
                t.tier.clone(),
                t.year.fee.as_ref().map(|a| a.amount),
                t.year.out_of_scope.amount,
                t.year.total.as_ref().map(|a| a.amount),
            )
        })
        .collect();
    assert_eq!(
        totals,
        [
            // 150,000,000 × 12.5 % (the middle of 10–15 %) + ₩10,847,500.
            (
                "bronze".into(),
                Some(d("18750000")),
                d("10847500"),
                Some(d("29597500"))
            ),
            (
                "silver".into(),
                Some(d("24750000")),
                d("10447500"),
                Some(d("35197500"))
            ),
            // The contract's own fee, ₩28,500,000.
            (
                "gold".into(),
                Some(d("28500000")),
                d("8047500"),
                Some(d("36547500"))
            ),
            (
                "platinum".into(),
                Some(d("33750000")),
                d("6660000"),
                Some(d("40410000"))
            ),
        ]
    );
    let platinum = &r.tiers[3].year;
    assert_eq!(platinum.low.as_ref().unwrap().amount, d("36660000"));
    assert_eq!(platinum.high.as_ref().unwrap().amount, d("44160000"));
    assert_eq!(
        platinum.versus_text.as_ref().unwrap().get(Lang::Ko),
        "계약 등급보다 ₩3,862,500 많음"
    );
    assert_eq!(
        platinum.fee_basis.get(Lang::En),
        "the middle (22.5%) of its 20–25% rate"
    );
}

#[test]
fn the_comparison_as_csv() {
    let r = hanbit();
    let csv = replay::to_csv(&r, Lang::En);
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert!(lines[0].starts_with("tier,current,covered,not covered,paid,"));
    assert!(
        lines[4].starts_with("Platinum (premium),,15,0,1,SR-2026-0194,33750000,"),
        "{}",
        lines[4]
    );
    assert_eq!(lines[5], "");
    assert!(lines[6].starts_with("request,title,severity,received,clock,Bronze (basic) due,"));
    let restore = lines
        .iter()
        .find(|l| l.starts_with("SR-2026-0180,") && l.contains(",Restore,"))
        .unwrap();
    assert!(
        restore.ends_with(",2026-10-08T02:05,4 h sooner"),
        "{restore}"
    );
    // Korean headings for a Korean page.
    assert!(replay::to_csv(&r, Lang::Ko).starts_with("등급,현재 등급,지원,"));
}
