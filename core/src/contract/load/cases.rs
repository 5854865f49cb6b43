//! Example-case files: each case's contract, `now`, request and expected answers.

use super::histories::datetime;
use super::*;
use crate::calendar::Zone;

pub(super) fn read_cases(
    cx: &mut Ctx,
    v: &Value,
    contracts: &[Contract],
    broken: &Set<String>,
    zone: &Zone,
    out: &mut Vec<Case>,
) {
    let Some(m) = cx.object(v, "$", &["schema_version", "cases"]) else {
        return;
    };
    schema_version(cx, m);
    let items = cx.req_array(m, "$", "cases").unwrap_or(&[]);
    for (i, item) in items.iter().enumerate() {
        let p = idx("$.cases", i);
        let Some(cm) = cx.object(item, &p, &["name", "contract", "now", "request", "expect"])
        else {
            continue;
        };
        let name = cx.req_str(cm, &p, "name");
        let contract = cx.req_str(cm, &p, "contract").and_then(|c| {
            if contracts.iter().any(|k| k.id == c) {
                Some(c)
            } else if broken.contains(&c) {
                // Its contract failed to load and says why; the case can't run.
                None
            } else {
                cx.err(&key(&p, "contract"), format!("{c:?} is not a contract"));
                None
            }
        });
        let now = cx
            .req(cm, &p, "now")
            .and_then(|n| datetime(cx, n, &key(&p, "now"), zone));
        let request = cx.req(cm, &p, "request").cloned();
        let expect = cx.req(cm, &p, "expect").cloned();
        if let (Some(name), Some(contract), Some(now), Some(request), Some(expect)) =
            (name, contract, now, request, expect)
        {
            out.push(Case {
                name,
                origin: format!("{}: {p}", cx.file()),
                contract,
                now,
                request,
                expect,
            });
        }
    }
}
