// The calculator's JS API (target/js-pkg/, the Node build) against the sample data:
// each function with a real value from docs/data-format.md and docs/domain.md, and
// its errors — always a JS `Error` naming the file and JSON path, never a trap.
//
// Run through `cargo xtask test` (which builds the package first); by hand:
// `cargo xtask jspkg && node --test tests/js/`.

import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const pkg = resolve(process.env.COVERED_JS_PKG ?? join(root, "target", "js-pkg"));
const require = createRequire(import.meta.url);
const api = require(join(pkg, "node", "covered.js"));
const { Covered, CoveredCalendar, manifestFiles, holidays, deadline } = api;

/** Reads a data directory from disk into `{path: JSON text}`, as the manifest lists it. */
function readData(name) {
  const dir = join(root, "public", "data", name);
  const index = readFileSync(join(dir, "index.json"), "utf8");
  const files = { "index.json": index };
  for (const file of manifestFiles(index)) files[file] = readFileSync(join(dir, file), "utf8");
  return files;
}

const libraryFiles = readData("library");
const library = new Covered(libraryFiles);

/** Mon–Fri 09:00–18:00 with the Korean public holidays. */
const weekdays = {
  timezone: "Asia/Seoul",
  weekly: Object.fromEntries(
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d, i) => [d, i < 5 ? [["09:00", "18:00"]] : []]),
  ),
  holidays: { builtin: "KR" },
};

/** Runs `f`, which must throw a JS Error (not a wasm RuntimeError) whose message matches. */
function assertError(f, pattern) {
  let thrown;
  try {
    f();
  } catch (error) {
    thrown = error;
  }
  assert.ok(thrown, "expected an Error, nothing was thrown");
  assert.ok(!(thrown instanceof WebAssembly.RuntimeError), `a wasm trap: ${thrown}`);
  assert.ok(thrown instanceof Error, `not an Error: ${thrown}`);
  assert.match(thrown.message, pattern);
  return thrown;
}

const fridayNight = {
  branch: "main", product: "DLi", version: "7", category: "fault",
  answers: { impact: "whole_system", cause: "process_stopped" },
};

describe("loading", () => {
  test("manifestFiles lists the catalog first, then contracts, histories, outages, not the example cases", () => {
    const files = manifestFiles(libraryFiles["index.json"]);
    assert.equal(files[0], "catalog.json");
    assert.ok(files.includes("contracts/hanbit-city.json"));
    assert.ok(files.includes("outages/hanbit-city.json"));
    assert.ok(!files.includes("cases.json"), "the cases are for covered validate");
    assert.deepEqual(manifestFiles(JSON.parse(libraryFiles["index.json"])), files, "an object works too");
  });

  test("new Covered takes JSON text or parsed objects; summary() lists what a form offers", () => {
    const parsed = Object.fromEntries(Object.entries(libraryFiles).map(([k, v]) => [k, JSON.parse(v)]));
    const fromObjects = new Covered(parsed);
    const summary = fromObjects.summary();
    assert.equal(summary.vendor, "libsoft");
    assert.deepEqual(summary.contracts.map((c) => c.id).slice(0, 2), ["hanbit-city", "bada-county"]);
    const hanbit = summary.contracts[0];
    assert.deepEqual(hanbit.products.map((p) => `${p.product} ${p.version}`), ["DLi 8", "DLI WEB all", "Mobile 2"]);
    const fault = summary.categories.find((c) => c.id === "fault");
    assert.equal(fault.kind, "incident");
    assert.deepEqual(fault.questions.map((q) => q.id), ["impact", "workaround", "cause", "fault_of"]);
    assert.equal(summary.tiers.length, 4);
  });

  test("the cloud data directory loads too (nothing is hard-wired)", () => {
    const cloud = new Covered(readData("cloud"));
    assert.ok(cloud.summary().contracts.length > 0);
    // What the screens call the customers' sites is the vendor's word, not the library's.
    assert.deepEqual(cloud.summary().terms.branch, { ko: "사업장", en: "Site" });
    assert.equal(new Covered(libraryFiles).summary().terms.staff.ko, "도서관 담당자");
  });

  test("a broken contract is an Error naming the file and the JSON path", () => {
    const contract = JSON.parse(libraryFiles["contracts/hanbit-city.json"]);
    contract.products[0].version = "9";
    contract.colour = "blue";
    const error = assertError(
      () => new Covered({ ...libraryFiles, "contracts/hanbit-city.json": contract }),
      /contracts\/hanbit-city\.json: \$\.products\[0\]\.version: "9" is not a version of DLi/,
    );
    assert.match(error.message, /contracts\/hanbit-city\.json: \$\.colour: unknown field/, "every problem at once");
  });

  test("malformed JSON, a missing catalog and a non-object are Errors", () => {
    assertError(() => new Covered({ ...libraryFiles, "catalog.json": "{" }), /catalog\.json: \$: not valid JSON/);
    const { "catalog.json": _, ...noCatalog } = libraryFiles;
    assertError(() => new Covered(noCatalog), /catalog\.json/);
    for (const bad of [null, undefined, 42, "text", []]) {
      assertError(() => new Covered(bad), /input: \$\.files: expected an object/);
    }
  });
});

describe("check", () => {
  test("Friday-night critical fault on Bronze: response due Monday 12:00, temporary upgrade offered", () => {
    const v = library.check("bada-county", fridayNight, "2026-11-20T22:30:00+09:00");
    assert.equal(v.coverage.status, "covered");
    assert.equal(v.severity.id, "critical");
    assert.equal(v.now_at, "2026-11-20T22:30:00+09:00");
    assert.equal(v.received, "2026-11-20T22:30:00");
    assert.equal(v.received_at, "2026-11-20T22:30:00+09:00");
    const response = v.deadlines.find((d) => d.clock === "response");
    assert.equal(response.due_at, "2026-11-23T12:00:00+09:00");
    assert.equal(response.due, "2026-11-23T12:00:00");
    assert.equal(response.explain.en, "received Fri 22:30 · closed Sat–Sun · opens Mon 08:00 · due Mon 12:00");
    assert.deepEqual(response.trace.map((s) => s.step), ["start", "closed", "opens", "due"]);
    assert.equal(v.deadlines.find((d) => d.clock === "restore").due_at, "2026-11-24T22:30:00+09:00");
    assert.ok(v.coverage.alternatives.some((a) => a.kind === "temporary_upgrade"));
    assert.ok(v.upgraded_deadlines.length > 0);
  });

  test("work of 3 person-days or more is excluded by 제6조 ⑤ 나, with a change request offered", () => {
    const v = library.check(
      "hanbit-city",
      JSON.stringify({
        branch: "main", product: "DLi", version: "8", category: "stats_query",
        answers: { person_days: 4, security_risk: false },
      }),
      "2026-11-23T10:00:00",
    );
    assert.equal(v.coverage.status, "not_covered");
    const excluding = v.coverage.reasons.filter((r) => r.effect === "excludes");
    assert.deepEqual(excluding.map((r) => r.clause), ["제6조 ⑤ 나"]);
    assert.deepEqual(v.coverage.alternatives.map((a) => a.kind), ["change_request"]);
    assert.equal(v.severity.id, "low");
    assert.equal(v.deadlines.find((d) => d.clock === "response").due_at, "2026-11-24T10:00:00+09:00");
  });

  test("admit: free when covered, a change request only when asked for and offered, never outside the contract", () => {
    const now = "2026-11-23T10:00:00";
    const heavy = { branch: "main", product: "DLi", version: "8", category: "stats_query", answers: { person_days: 4, security_risk: false } };
    assert.deepEqual(library.admit("bada-county", fridayNight, "2026-11-20T22:30:00"), { decision: "free" });
    const refused = library.admit("hanbit-city", heavy, now, false);
    assert.equal(refused.decision, "refused");
    assert.equal(refused.code, "not_covered");
    assert.equal(refused.change_request_offered, true);
    assert.deepEqual(refused.reasons.map((r) => r.clause), ["제6조 ⑤ 나"]);
    assert.deepEqual(library.admit("hanbit-city", heavy, now, true), { decision: "paid" });
    assert.deepEqual(library.admit("hanbit-city", heavy, now), { decision: "paid" }, "without `paid`: the best it can be filed as");
    const elsewhere = library.admit("hanbit-city", { ...heavy, product: "PYXIS", version: "2" }, now, true);
    assert.deepEqual([elsewhere.decision, elsewhere.code, elsewhere.change_request_offered], ["refused", "outside_contract", false]);
    const unanswered = library.admit("bada-county", { product: "DLi", version: "7", category: "fault" }, now);
    assert.deepEqual([unanswered.code, unanswered.question], ["missing_answer", "impact"]);
  });

  test("lifecycle: the catalog's statuses and moves, applied as the server applies them", () => {
    const lc = library.lifecycle();
    assert.deepEqual(lc.statuses.map((s) => s.id), ["received", "in_progress", "waiting_on_customer", "resolved", "closed", "cancelled"]);
    let record = library.startRecord("2026-11-23T10:00:00");
    assert.equal(record.status, "received");
    const refused = library.apply(record, { action: "move", to: "in_progress" }, "customer", "2026-11-23T10:05:00");
    assert.equal(refused.ok, false);
    assert.equal(refused.refusal.code, "not_allowed");
    assert.deepEqual(refused.refusal.allowed, ["cancelled"]);
    assert.match(refused.text.ko, /'접수' 상태에서 '처리 중'/);
    const noted = library.apply(record, { action: "move", to: "waiting_on_customer" }, "vendor", "2026-11-23T10:05:00");
    assert.equal(noted.refusal.code, "note_required");
    const waiting = library.apply(record, { action: "move", to: "waiting_on_customer", note: "로그를 보내 주세요" }, "vendor", "2026-11-23T10:05:00");
    assert.equal(waiting.ok, true);
    assert.deepEqual(waiting.events.map((e) => e.code), ["responded", "moved", "paused"]);
    record = waiting.record;
    const back = library.apply(record, { action: "move", to: "in_progress" }, "customer", "2026-11-23T12:05:00");
    assert.deepEqual(back.events.at(-1), { code: "resumed", minutes: 120 });
    assert.deepEqual(back.record.pauses, [{ from: "2026-11-23T10:05:00", to: "2026-11-23T12:05:00" }]);
    assert.equal(new Covered(readData("cloud")).lifecycle().initial, "new", "another vendor, its own statuses");
    assertError(() => library.apply(record, { action: "fly" }, "vendor", "2026-11-23T12:05:00"), /action: \$\.action: "fly" is not one of: move, reply, rate, complain/);
    assertError(() => library.apply(record, { action: "reply" }, "robot", "2026-11-23T12:05:00"), /input: \$\.by: robot is not one of: customer, vendor/);
  });

  test("unanswered required questions are listed, not rejected", () => {
    const v = library.check("bada-county", { product: "DLi", version: "7", category: "fault" }, "2026-11-20T22:30:00");
    assert.ok(v.missing_answers.includes("impact"));
    assert.ok(v.visible_questions.includes("impact"));
  });

  test("errors: unknown contract, garbage request, bad now, wrong types — all Errors with a JSON path", () => {
    assertError(() => library.check("nobody", fridayNight, "2026-11-20T22:30:00"), /"nobody" is not a contract \(known: hanbit-city/);
    assertError(() => library.check("bada-county", {}, "2026-11-20T22:30:00"), /request: \$: missing field `product`/);
    assertError(() => library.check("bada-county", "{", "2026-11-20T22:30:00"), /request: \$: not valid JSON/);
    assertError(() => library.check("bada-county", "[1, 2]", "2026-11-20T22:30:00"), /request: \$/);
    assertError(
      () => library.check("bada-county", { ...fridayNight, answers: { impact: "everything" } }, "2026-11-20T22:30:00"),
      /request: \$\.answers\.impact/,
    );
    assertError(() => library.check("bada-county", { ...fridayNight, colour: 1 }, "2026-11-20T22:30:00"), /request: \$\.colour/);
    assertError(() => library.check("bada-county", fridayNight, "next Friday"), /input: \$\.now: invalid date-time/);
    assertError(() => library.check(42, fridayNight, "2026-11-20T22:30:00"), /input: \$\.contract: expected a string, found number/);
    assertError(() => library.check("bada-county", undefined, "2026-11-20T22:30:00"), /input: \$\.request: missing/);
    assertError(() => library.check("bada-county", fridayNight), /input: \$\.now: expected a string, found undefined/);
    const cyclic = { ...fridayNight };
    cyclic.self = cyclic;
    assertError(() => library.check("bada-county", cyclic, "2026-11-20T22:30:00"), /input: \$\.request: expected JSON text/);
    let deep = {};
    for (let i = 0; i < 500; i++) deep = { a: deep };
    assertError(() => library.check("bada-county", deep, "2026-11-20T22:30:00"), /request: \$: not valid JSON: recursion limit/);
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    assertError(() => library.check("bada-county", deep, "2026-11-20T22:30:00"), /input: \$\.request|request: \$/);
  });
});

describe("quota, severity, deadline, holidays", () => {
  test("quota: hanbit-city has 1 statistics report left on 2026-11-23", () => {
    const lines = library.quota("hanbit-city", "2026-11-23T10:00:00+09:00");
    const stats = lines.find((q) => q.category === "stats_report");
    assert.equal(stats.limit, 3);
    assert.equal(stats.remaining, 1);
    assert.equal(stats.clause, "제6조 ②");
    assert.equal(stats.resets_on, "2027-03-01");
    assertError(() => library.quota("nobody", "2026-11-23T10:00"), /input: \$\.contract: "nobody" is not a contract/);
    assertError(() => library.quota("hanbit-city", "2026-11-32T10:00"), /input: \$\.now/);
  });

  test("severity: whole system down is critical, with the rule that fired", () => {
    const s = library.severity("bada-county", fridayNight, "2026-11-20T22:30:00");
    assert.equal(s.id, "critical");
    assert.equal(s.urgent, true);
    assert.equal(s.because.en, "the whole system is down or unreachable");
    const low = library.severity("bada-county", { ...fridayNight, answers: { impact: "minor" } }, "2026-11-20T22:30:00");
    assert.notEqual(low.id, "critical");
    assertError(() => library.severity("bada-county", { ...fridayNight, category: "nope" }, "2026-11-20T22:30:00"), /request: \$\.category/);
  });

  test("deadline: 17:40 + 60 min on a Mon–Fri 09–18 KR calendar crosses 추석 2025 to Oct 10 09:40", () => {
    const d = deadline({ calendar: weekdays, start: "2025-10-02T17:40:00", minutes: 60 });
    assert.equal(d.due, "2025-10-10T09:40:00+09:00");
    assert.deepEqual(d.trace.map((s) => s.step), ["start", "window_closes", "counted", "closed", "opens", "due"]);
    assert.match(d.text.ko, /추석/);
    // Each language names the closed days in its own words: no Hangul in English.
    assert.match(d.text.en, /Chuseok/);
    assert.doesNotMatch(d.text.en, /[\uAC00-\uD7A3]/);
    const closed = d.trace.find((s) => s.step === "closed");
    assert.ok(closed.reasons.some((r) => r.ko === "추석" && r.en === "Chuseok"), JSON.stringify(closed.reasons));
    const elapsed = deadline(JSON.stringify({ calendar: weekdays, start: "2025-10-02T17:40:00", end: "2025-10-10T09:40:00" }));
    assert.equal(elapsed.minutes, 60);
    // With the data: a calendar named by id.
    const office = library.deadline({ calendar: "office-10x5", start: "2026-11-20T22:30:00", minutes: 240 });
    assert.equal(office.due, "2026-11-23T12:00:00+09:00");
    assertError(() => deadline({ calendar: weekdays, start: "2025-10-02T17:40:00" }), /input: \$: expected exactly one of: minutes, business_days, end/);
    assertError(() => deadline({ calendar: "office-10x5", start: "2025-10-02T17:40:00", minutes: 1 }), /input: \$\.calendar: .*no data directory/);
    assertError(() => library.deadline({ calendar: "nope", start: "2025-10-02T17:40", minutes: 1 }), /input: \$\.calendar: "nope" is not a calendar/);
    assertError(() => deadline({ calendar: { weekly: "24x7" }, start: "2025-10-02T17:40", minutes: -5 }), /input: \$\.minutes/);
    assertError(() => deadline(null), /input: \$\.clock: missing/);
  });

  test("CoveredCalendar: read once, many clocks — each due what deadline() answers", () => {
    const calendar = new CoveredCalendar(weekdays);
    assert.equal(calendar.due("2025-10-02T17:40:00", 60), "2025-10-10T09:40:00+09:00");
    for (const [start, minutes] of [
      ["2026-03-04T08:00:00", 540], // a whole day from before opening: due at 18:00, not the next morning
      ["2026-03-02T10:00:00", 30], // 2026-03-02 is 삼일절's substitute holiday
      ["2026-03-06T18:00:00", 1], // from exactly closing time: the next opening counts
      ["2026-09-23T17:40:00", 240], // across 추석 2026
      ["2026-11-20T22:30:00+09:00", 30], // with an offset
    ]) {
      assert.equal(calendar.due(start, minutes), deadline({ calendar: weekdays, start, minutes }).due, `${start} + ${minutes}`);
    }
    assert.equal(calendar.due("2026-03-04T08:00:00", 540), "2026-03-04T18:00:00+09:00");
    assert.equal(calendar.due("2026-03-02T10:00:00", 30), "2026-03-03T09:30:00+09:00");
    // The spec may be JSON text, and a plain list of dates for holidays.
    const own = new CoveredCalendar(JSON.stringify({ ...weekdays, holidays: ["2026-03-03"] }));
    assert.equal(own.due("2026-03-02T17:00:00", 120), "2026-03-04T10:00:00+09:00");
    assert.equal(own.due("2026-03-02T17:00:00", "120"), "2026-03-04T10:00:00+09:00", "minutes as a string of digits");
  });

  test("CoveredCalendar: errors name the JSON path or the argument", () => {
    assertError(() => new CoveredCalendar(), /input: \$\.calendar: missing/);
    assertError(() => new CoveredCalendar({ weekly: { ...weekdays.weekly, mon: [["18:00", "09:00"]] } }), /input: \$\.calendar\.weekly\.mon\[0\]:/);
    assertError(() => new CoveredCalendar({ weekly: "24x7", timezone: "Mars/Olympus" }), /input: \$\.calendar\.timezone:/);
    assertError(() => new CoveredCalendar({ weekly: "24x7", holidays: ["2026-02-30"] }), /input: \$\.calendar\.holidays\[0\]:/);
    assertError(() => new CoveredCalendar({ weekly: "24x7", colour: "red" }), /input: \$\.calendar\.colour: unknown field/);
    assertError(() => new CoveredCalendar("{"), /input: \$: not valid JSON/);
    const calendar = new CoveredCalendar(weekdays);
    assertError(() => calendar.due("next Tuesday", 60), /input: \$\.start:/);
    assertError(() => calendar.due(20260302, 60), /input: \$\.start: expected a string, found number/);
    assertError(() => calendar.due("2026-03-02T09:00:00"), /input: \$\.minutes: expected a whole number ≥ 0, found undefined/);
    assertError(() => calendar.due("2026-03-02T09:00:00", 1.5), /input: \$\.minutes: expected a whole number/);
    assertError(() => calendar.due("2026-03-02T09:00:00", -5), /input: \$\.minutes:/);
    assertError(() => calendar.due("2050-12-31T17:00:00", 2_000_000_000), /input: \$\.start:/);
  });

  test("holidays(2026) has 추석 on 2026-09-25; years outside 2000–2050 are Errors", () => {
    const list = holidays(2026);
    const chuseok = list.find((h) => h.date === "2026-09-25");
    assert.deepEqual([chuseok.name_ko, chuseok.name_en, chuseok.weekday], ["추석", "Chuseok", "Fri"]);
    assert.ok(list.some((h) => h.date === "2026-01-01"));
    assertError(() => holidays(1999), /input: \$\.year: expected a number between 2000 and 2050, found 1999/);
    assertError(() => holidays("soon"), /input: \$\.year: expected a whole number/);
    assertError(() => holidays(2026.5), /input: \$\.year: expected a whole number/);
  });
});

describe("money", () => {
  test("credits: hanbit-city, October 2026 (98.4543 % available) and the contract year", () => {
    const month = library.credits("hanbit-city", "2026-10");
    assert.equal(month.month, "2026-10");
    assert.equal(month.availability.percent, "98.4543");
    assert.equal(month.availability.outage_minutes, "690");
    const year = library.creditsYear("hanbit-city", 2026);
    assert.equal(year.year_start, "2026-03-01");
    assert.equal(year.annual_fee.amount, "28500000");
    assertError(() => library.credits("hanbit-city", "2026-13"), /input: \$\.month: expected a month YYYY-MM/);
    assertError(() => library.credits("nobody", "2026-10"), /input: \$\.contract/);
    assertError(() => library.creditsYear("hanbit-city", "later"), /input: \$\.year/);
  });

  test("quote: a 4 person-day change request costs ₩2,220,000 + VAT", () => {
    const q = library.quote({ kind: "change_request", person_days: "4" });
    assert.equal(q.kind, "change_request");
    assert.equal(q.test_person_days, "1.2");
    assert.equal(q.price.net.amount, "2220000");
    assert.equal(q.price.total.amount, "2442000");
    assert.match(q.explain.en, /development 4 person-days/);
    const fee = library.quote({ kind: "fee", licence: "150000000", tier: "gold" });
    assert.equal(fee.kind, "fee");
    assert.ok(fee.options.length >= 1);
    assertError(() => library.quote({ kind: "x" }), /input: \$\.kind: "x" is not one of/);
    assertError(() => library.quote({ kind: "change_request", person_days: "-1" }), /input: \$\.person_days: -1 is below the minimum 0/);
    assertError(() => library.quote({ kind: "fee", licence: "1" }), /input: \$: expected at least one of/);
  });

  test("compare: the four tiers side by side for a critical incident on Friday night", () => {
    const c = library.compare({ severity: "critical", at: "2026-11-20T22:30:00", contract: "hanbit-city" });
    assert.deepEqual(c.tiers.map((t) => t.tier), ["bronze", "silver", "gold", "platinum"]);
    assert.equal(c.licence.amount, "150000000");
    assert.equal(c.tiers.find((t) => t.tier === "gold").current, true);
    const byNumber = library.compare({ severity: "critical", at: "2026-11-20T22:30:00", licence: 100000000 });
    assert.equal(byNumber.licence.amount, "100000000");
    assertError(() => library.compare({ severity: "awful", at: "2026-11-20T22:30:00", licence: "1" }), /input: \$\.severity/);
    assertError(() => library.compare({ severity: "critical", at: "2026-11-20T22:30:00" }), /input: \$: missing field `licence`/);
    assertError(() => library.compare({ at: "2026-11-20T22:30:00" }), /input: \$\.severity: missing/);
    assertError(() => library.compare(), /input: \$\.options/);
  });
});

describe("package", () => {
  test("package.json exports point at files that exist; both builds are present with types", () => {
    const manifest = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8"));
    assert.equal(manifest.name, "@covered/calculator");
    const dot = manifest.exports["."];
    for (const file of [dot.node.default, dot.node.types, dot.import.default, dot.import.types, manifest.main]) {
      assert.ok(statSync(join(pkg, file)).size > 0, file);
    }
    assert.match(readFileSync(join(pkg, "web", "covered.d.ts"), "utf8"), /export class Covered/);
    assert.match(readFileSync(join(pkg, "web", "covered.d.ts"), "utf8"), /check\(contract: string, request: CoveredRequest \| string, now: string\): CoveredVerdict/);
    assert.match(readFileSync(join(pkg, "node", "covered.d.ts"), "utf8"), /due\(start: string, minutes: number\): string/);
    assert.match(readFileSync(join(pkg, "node", "covered.d.ts"), "utf8"), /constructor\(spec: CoveredCalendarSpec \| string\)/);
    assert.ok(statSync(join(pkg, "README.md")).size > 1000, "the README is there");
  });

  // A size, the same on every machine: asserted. What each part costs:
  // core/js/README.md, "Size".
  test("budget: the calculator package (web wasm + JS glue) gzipped", () => {
    const gz = (file) => gzipSync(readFileSync(join(pkg, "web", file)), { level: 9 }).length;
    const raw = (file) => statSync(join(pkg, "web", file)).size;
    const total = gz("covered_bg.wasm") + gz("covered.js");
    const kb = total / 1024;
    const ok = kb <= 200;
    console.log(
      `budget: calculator package ${kb.toFixed(1)} KB gzipped (≤ 200) ${ok ? "pass" : "FAIL"}` +
        ` — covered_bg.wasm ${raw("covered_bg.wasm")} B raw / ${gz("covered_bg.wasm")} B gz,` +
        ` covered.js ${raw("covered.js")} B raw / ${gz("covered.js")} B gz`,
    );
    assert.ok(ok, `the package is ${kb.toFixed(1)} KB gzipped, over the 200 KB budget`);
  });
});
