// A CommonJS program using the installed @covered/calculator (`require`, no bundler):
// loads the sample data from disk and checks answers docs/domain.md and the package's
// README state. `cargo xtask test` copies this folder to target/package-test/cjs/, installs
// the packed .tgz into it and runs `node check.js` with COVERED_DATA set to
// public/data/library/.

"use strict";
const assert = require("node:assert/strict");
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const { Covered, CoveredCalendar, manifestFiles, holidays } = require("@covered/calculator");

// Resolved from this project's node_modules, not the repository's build.
const entry = require.resolve("@covered/calculator");
assert.ok(entry.includes(join("node_modules", "@covered", "calculator", "node")), entry);

const dir = process.env.COVERED_DATA;
assert.ok(dir, "set COVERED_DATA to a data directory (public/data/library/)");
const index = readFileSync(join(dir, "index.json"), "utf8");
const files = { "index.json": index };
for (const file of manifestFiles(index)) files[file] = readFileSync(join(dir, file), "utf8");
const covered = new Covered(files);

// Friday 22:30 on Bronze (10×5): the whole system is down, answered Monday 12:00.
const verdict = covered.check("bada-county", {
  branch: "main", product: "DLi", version: "7", category: "fault",
  answers: { impact: "whole_system", cause: "process_stopped" },
}, "2026-11-20T22:30:00+09:00");
assert.equal(verdict.coverage.status, "covered");
assert.equal(verdict.severity.id, "critical");
assert.equal(verdict.deadlines[0].due_at, "2026-11-23T12:00:00+09:00");

// One stats report of three is left this contract year.
const reports = covered.quota("hanbit-city", "2026-11-23T10:00:00").find((q) => q.category === "stats_report");
assert.equal(reports.remaining, 1);

// 20 minutes on Thursday, then 개천절, 추석 and 한글날.
const weekday = [["09:00", "18:00"]];
const office = new CoveredCalendar({
  weekly: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: [], sun: [] },
  holidays: { builtin: "KR" },
});
assert.equal(office.due("2025-10-02T17:40:00", 60), "2025-10-10T09:40:00+09:00");
assert.equal(holidays(2026).find((h) => h.date === "2026-09-25").name_ko, "추석");

// A failure is a JS Error naming the JSON path.
assert.throws(() => holidays(1999), (e) => e instanceof Error && /input: \$\.year/.test(e.message));

console.log(`cjs: require("@covered/calculator") from ${entry}: ${verdict.coverage.status}, due ${verdict.deadlines[0].due_at}`);
