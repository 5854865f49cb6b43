// An example consumer of @covered/calculator, type-checked by `cargo xtask test`
// (`tsc -p tsconfig.json`, a bundler's resolution) in a fresh project the packed .tgz is
// installed into (target/package-test/ts/): the declarations the package ships —
// wasm-bindgen's for the functions, covered-core's generated types for the answers —
// must let a program use every answer without a cast, and must refuse what the engine
// would refuse (each `@ts-expect-error` fails the check when the error is gone).

import init, {
  Covered,
  holidays,
  type CoveredAdmission,
  type CoveredApplied,
  type CoveredFiles,
  type CoveredLifecycle,
  type CoveredRecord,
  type CoveredVerdict,
} from "@covered/calculator";

export async function example(files: CoveredFiles): Promise<string[]> {
  await init();
  const covered = new Covered(files);
  const out: string[] = [];

  const verdict: CoveredVerdict = covered.check(
    "hanbit-city",
    { branch: "main", product: "DLi", version: "8", category: "fault", answers: { impact: "whole_system" } },
    "2026-11-23T10:00:00",
  );
  out.push(verdict.coverage.status, ...verdict.coverage.reasons.map((r) => `${r.rule}: ${r.text.en}`));
  for (const d of verdict.deadlines) out.push(`${d.clock} due ${d.due_at}: ${d.explain.en}`);
  for (const q of verdict.quotas) out.push(`${q.category}: ${q.remaining} of ${q.limit} left`);
  if (verdict.severity !== null) out.push(verdict.severity.name.ko);
  // A reason's code and parameters, for a program that words them itself.
  const overLimit = verdict.coverage.reasons.find((r) => r.code === "over_limit");
  if (overLimit !== undefined) out.push(`limit ${String(overLimit["limit"])}`);

  const admission: CoveredAdmission = covered.admit("hanbit-city", { product: "DLi", version: "8", category: "fault" }, "2026-11-23T10:00:00");
  if (admission.decision === "refused") {
    out.push(admission.code, ...admission.reasons.map((r) => r.clause ?? "-"));
  }

  const month = covered.credits("hanbit-city", "2026-10");
  out.push(`${month.contract} ${month.month}`);

  const lifecycle: CoveredLifecycle | null = covered.lifecycle();
  if (lifecycle === null) return out;
  const names = lifecycle.statuses.map((s) => `${s.id} (${s.clocks}, ${s.kind}): ${s.name.ko} / ${s.name.en}`);
  out.push(...names, `rating 1–${lifecycle.satisfaction.scale}`);

  let record: CoveredRecord = covered.startRecord("2026-11-23T10:00:00");
  const applied: CoveredApplied = covered.apply(
    record,
    { action: "move", to: "waiting_on_customer", note: "로그를 보내 주세요" },
    "vendor",
    "2026-11-23T10:05:00",
  );
  if (applied.ok) {
    record = applied.record;
    for (const e of applied.events) {
      if (e.code === "resumed") out.push(`resumed after ${e.minutes} min`);
      else out.push(e.code);
    }
    out.push(`paused since ${record.paused_since ?? "-"}`);
  } else {
    // A refusal's parameters are typed by its code.
    if (applied.refusal.code === "not_allowed") out.push(applied.refusal.allowed.join(", "));
    out.push(applied.text.ko);
  }
  const rated = covered.apply(record, { action: "rate", rating: 4, comment: null }, "customer", "2026-11-24T09:00:00");
  out.push(rated.ok ? "rated" : rated.refusal.code);

  // @ts-expect-error: no such action
  covered.apply(record, { action: "fly" }, "vendor", "2026-11-24T09:00:00");
  // @ts-expect-error: a move names its target status
  covered.apply(record, { action: "move" }, "vendor", "2026-11-24T09:00:00");
  // @ts-expect-error: only a customer or the vendor acts
  covered.apply(record, { action: "reply" }, "robot", "2026-11-24T09:00:00");
  // @ts-expect-error: a verdict's coverage has no such status
  if (verdict.coverage.status === "maybe") out.push("?");
  // @ts-expect-error: a record's status is a string
  const broken: CoveredRecord = { status: 3, since: "2026-11-23T10:00:00" };
  void broken;

  out.push(...holidays(2026).map((h) => `${h.date} ${h.name_en}`));
  return out;
}
