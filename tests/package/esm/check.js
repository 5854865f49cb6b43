// An ES-module program using the installed @covered/calculator (`import`, Node without a
// bundler): loads the sample data from disk and checks answers docs/domain.md and
// docs/js-api.md state. `cargo xtask test` copies this folder to target/package-test/esm/,
// installs the packed .tgz into it and runs `node check.js` with COVERED_DATA set to
// public/data/library/.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Covered, deadline, manifestFiles } from "@covered/calculator";

// Resolved from this project's node_modules, not the repository's build.
const entry = fileURLToPath(import.meta.resolve("@covered/calculator"));
assert.ok(entry.includes(join("node_modules", "@covered", "calculator")), entry);

const dir = process.env.COVERED_DATA;
assert.ok(dir, "set COVERED_DATA to a data directory (public/data/library/)");
const index = readFileSync(join(dir, "index.json"), "utf8");
const files = { "index.json": index };
for (const file of manifestFiles(index)) files[file] = readFileSync(join(dir, file), "utf8");
const covered = new Covered(files);

// A statistics query of 4 person-days is excluded by the contract's clause.
const verdict = covered.check("hanbit-city", {
  product: "DLi", version: "8", category: "stats_query",
  answers: { person_days: 4, security_risk: false },
}, "2026-11-23T10:00:00");
assert.equal(verdict.coverage.status, "not_covered");
assert.equal(verdict.coverage.reasons.filter((r) => r.effect === "excludes")[0].clause, "제6조 ⑤ 나");

// A change request of 4 person-days: 4 × ₩450,000 + 1.2 × ₩350,000, VAT included.
assert.equal(covered.quote({ kind: "change_request", person_days: "4" }).price.total.amount, "2442000");

// 240 business minutes on the data's office calendar from Friday night.
assert.equal(covered.deadline({ calendar: "office-10x5", start: "2026-11-20T22:30:00", minutes: 240 }).due,
  "2026-11-23T12:00:00+09:00");

// The same function on an inline calendar: 20 minutes on Thursday, then 개천절, 추석 and 한글날.
const weekday = [["09:00", "18:00"]];
const due = deadline({
  calendar: { weekly: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: [], sun: [] },
              holidays: { builtin: "KR" } },
  start: "2025-10-02T17:40:00", minutes: 60,
}).due;
assert.equal(due, "2025-10-10T09:40:00+09:00");

console.log(`esm: import from ${entry}: ${verdict.coverage.status} (${verdict.coverage.reasons.find((r) => r.effect === "excludes").clause}), due ${due}`);
