// axe-core (from npm) run on a page: WCAG 2.0/2.1 A and AA rules; the test fails on any
// serious or critical violation and prints the count of all.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const axeSource = readFileSync(join(here, "node_modules", "axe-core", "axe.min.js"), "utf8");

/** Runs axe on `page`; `name` labels the printed count and the failure. */
export async function axeCheck(page, name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    await axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }));
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const summary = bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  console.log(`axe ${name}: ${result.violations.length} violations, ${bad.length} serious or critical`);
  assert.deepEqual(summary, [], `axe on ${name}`);
}
