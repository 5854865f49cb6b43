// The calculator's wasm engine in Node (target/js-pkg/node, `CoveredCalendar.due`)
// against moment-business-time (`addWorkingTime(n, "minutes")`), the JavaScript
// business-hours library a web developer would otherwise use, on the same 100,000
// deadlines over a Korean 10×5 calendar:
//
// - the calendar: Mon–Fri 09:00–18:00 in Asia/Seoul, closed on the Korean public
//   holidays of 2026–2028 as the engine's built-in table lists them (`holidays(year)`
//   of the same package); the same list of dates is both libraries' holidays;
// - the starts: whole minutes over 2026–2027 from a fixed seed — a quarter inside
//   business hours, a quarter on a holiday, a quarter exactly on an opening or a
//   closing time, a quarter anywhere (nights, weekends);
// - the durations: 30 business minutes to 3 business days (1,620 minutes), one in
//   eight a whole number of business days, so that many deadlines end exactly on a
//   closing time.
//
// Each library turns the same ISO-8601 start into an ISO-8601 due with offset; both
// are timed over all 100,000 (after an untimed warm-up over the first 2,000; one timed
// pass each, or the best of COVERED_BENCH_RUNS), and their answers are compared one by
// one. COVERED_BENCH_COUNT=n runs a smaller workload (same seed, its first n).
//
// Run by `cargo xtask bench` (which builds the package, runs `npm ci` here and sets
// TZ=Asia/Seoul, the zone moment's local time must be in). By hand:
// `cd tests/bench && npm ci && TZ=Asia/Seoul COVERED_JS_PKG=../../target/js-pkg node deadlines.mjs`.
// With COVERED_BENCH_OUT=file, the figures are also written there as JSON.

import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";

const here = dirname(fileURLToPath(import.meta.url));
const pkg = resolve(process.env.COVERED_JS_PKG ?? join(here, "..", "..", "target", "js-pkg"));
const require = createRequire(import.meta.url);
const { CoveredCalendar, holidays } = require(join(pkg, "node", "covered.js"));
const moment = require("moment-business-time");

const COUNT = Number(process.env.COVERED_BENCH_COUNT ?? 100_000);
const RUNS = Number(process.env.COVERED_BENCH_RUNS ?? 1);
const WARMUP = 2_000;
const OPEN = 9 * 60;
const CLOSE = 18 * 60;
const DAY = CLOSE - OPEN;

if (new Date(2026, 0, 1).getTimezoneOffset() !== -540) {
  console.error("deadlines.mjs: run with TZ=Asia/Seoul (moment-business-time works in local time)");
  process.exit(2);
}

// ---------------------------------------------------------------- the calendar

const holidayDates = [2026, 2027, 2028].flatMap((year) => holidays(year).map((h) => h.date));
const closed = new Set(holidayDates);
const week = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const engine = new CoveredCalendar({
  timezone: "Asia/Seoul",
  weekly: Object.fromEntries(week.map((d, i) => [d, i < 5 ? [["09:00", "18:00"]] : []])),
  holidays: holidayDates,
});
moment.updateLocale(moment.locale(), {
  workinghours: { 0: null, 1: ["09:00:00", "18:00:00"], 2: ["09:00:00", "18:00:00"], 3: ["09:00:00", "18:00:00"],
    4: ["09:00:00", "18:00:00"], 5: ["09:00:00", "18:00:00"], 6: null },
  holidays: holidayDates,
});

// ---------------------------------------------------------------- the workload

/** mulberry32: a small deterministic generator, so every run has the same inputs. */
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = generator(20260101);
const pick = (n) => Math.floor(random() * n);

const pad = (n) => String(n).padStart(2, "0");
/** Day `n` after 2026-01-01 (UTC arithmetic, so no zone is involved): "YYYY-MM-DD" and the weekday (0 = Sunday). */
function day(n) {
  const d = new Date(Date.UTC(2026, 0, 1 + n));
  return { date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`, weekday: d.getUTCDay() };
}
const DAYS = 730; // 2026-01-01 … 2027-12-31
const allDays = Array.from({ length: DAYS }, (_, n) => day(n));
const businessDays = allDays.filter((d) => d.weekday >= 1 && d.weekday <= 5 && !closed.has(d.date));
const closedDays = allDays.filter((d) => closed.has(d.date));
const at = (d, minute) => `${d.date}T${pad(Math.floor(minute / 60))}:${pad(minute % 60)}:00`;

const inputs = [];
const kinds = { inside: 0, holiday: 0, edge: 0, anywhere: 0 };
for (let i = 0; i < COUNT; i++) {
  let start;
  switch (i % 4) {
    case 0:
      start = at(businessDays[pick(businessDays.length)], OPEN + pick(DAY));
      kinds.inside++;
      break;
    case 1:
      start = at(closedDays[pick(closedDays.length)], pick(24 * 60));
      kinds.holiday++;
      break;
    case 2:
      start = at(allDays[pick(DAYS)], random() < 0.5 ? OPEN : CLOSE);
      kinds.edge++;
      break;
    default:
      start = at(allDays[pick(DAYS)], pick(24 * 60));
      kinds.anywhere++;
  }
  const minutes = random() < 1 / 8 ? DAY * (1 + pick(3)) : 30 + pick(3 * DAY - 30 + 1);
  inputs.push([start, minutes]);
}

// ---------------------------------------------------------------- the two libraries

const viaEngine = ([start, minutes]) => engine.due(start, minutes);
const viaMoment = ([start, minutes]) => moment(start).addWorkingTime(minutes, "minutes").format();

/** All answers of `f`, and the best of `RUNS` timed passes over all inputs, after an
 * untimed warm-up over the first `WARMUP` (moment-business-time takes over a minute a
 * pass, so one timed pass each is the default). */
function measure(f) {
  inputs.slice(0, WARMUP).forEach(f);
  let answers;
  const runs = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    answers = inputs.map(f);
    runs.push(performance.now() - t0);
  }
  return { answers, ms: Math.min(...runs), runs };
}

const wasm = measure(viaEngine);
const mbt = measure(viaMoment);

// ---------------------------------------------------------------- the answers

let agree = 0;
let onClosing = 0;
const differ = [];
for (let i = 0; i < COUNT; i++) {
  const a = wasm.answers[i];
  const b = mbt.answers[i];
  if (a.slice(11, 16) === "18:00") onClosing++;
  if (a === b) agree++;
  else differ.push({ start: inputs[i][0], minutes: inputs[i][1], covered: a, moment: b });
}

const result = {
  count: COUNT,
  runs: RUNS,
  holidays: holidayDates.length,
  starts: kinds,
  due_on_closing_time: onClosing,
  wasm_ms: wasm.ms,
  wasm_runs_ms: wasm.runs,
  moment_ms: mbt.ms,
  moment_runs_ms: mbt.runs,
  ratio: mbt.ms / wasm.ms,
  agree,
  differ: differ.length,
  examples: differ.slice(0, 5),
  versions: {
    node: process.version,
    moment: require("moment/package.json").version,
    "moment-business-time": require("moment-business-time/package.json").version,
  },
};

const us = (ms) => ((ms * 1000) / COUNT).toFixed(2);
console.log(`deadlines: ${COUNT} starts (${kinds.inside} inside hours, ${kinds.holiday} on holidays, ${kinds.edge} on 09:00/18:00, ${kinds.anywhere} anywhere), 30–${3 * DAY} business minutes, ${holidayDates.length} holidays 2026–2028`);
console.log(`deadlines: covered (wasm) ${wasm.ms.toFixed(0)} ms (${us(wasm.ms)} µs each; runs ${wasm.runs.map((x) => x.toFixed(0)).join(", ")} ms)`);
console.log(`deadlines: moment-business-time ${mbt.ms.toFixed(0)} ms (${us(mbt.ms)} µs each; runs ${mbt.runs.map((x) => x.toFixed(0)).join(", ")} ms)`);
console.log(`deadlines: wasm ${result.ratio.toFixed(1)}× faster; answers agree on ${agree} of ${COUNT} (${onClosing} due exactly at 18:00), differ on ${differ.length}`);
for (const d of differ.slice(0, 5)) console.log(`deadlines: differ: ${JSON.stringify(d)}`);
if (process.env.COVERED_BENCH_OUT) writeFileSync(process.env.COVERED_BENCH_OUT, JSON.stringify(result, null, 2) + "\n");
