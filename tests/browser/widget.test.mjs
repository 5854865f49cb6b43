// The embeddable <covered-check> widget on public/embed.html (a plain page that adds it
// with one <script type="module"> tag), as built by `cargo xtask test` into the site
// and served at COVERED_URL: it answers from the calculator's wasm in Korean, switches to
// English, logs no console error — and reports its budgets:
//
// - the calculator package (web wasm + JS glue, gzipped) is at most 200 KB: a size, the
//   same on every machine, so it is asserted;
// - the first answer is on screen within 50 ms of the module loading: from the moment
//   both the wasm is instantiated and the data files have arrived, to the first verdict
//   rendered (the widget's `timings.firstAnswerMs`; see public/widget/covered-check.js).
//   A time, which a busy machine stretches: printed as a `budget:` line, not judged.
//
// By hand: `COVERED_URL=http://127.0.0.1:8080/ node --test tests/browser/` next to
// `cargo xtask serve`.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { launchChromium } from "./chromium.mjs";
import { openEmbed as openEmbedIn, packageSize } from "./measure.mjs";

const baseUrl = process.env.COVERED_URL;
const screenshots = process.env.COVERED_SCREENSHOTS ?? join("target", "screenshots");
const NOW = "2026-11-23T10:00:00+09:00";
const FIRST_ANSWER_BUDGET_MS = 50;
const PACKAGE_BUDGET_KB = 200;

let browser;

before(async () => {
  assert.ok(baseUrl, "set COVERED_URL to a served site (cargo xtask test does this)");
  mkdirSync(screenshots, { recursive: true });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

/** Opens embed.html in a fresh context, recording console errors; waits for the first answer. */
const openEmbed = () => openEmbedIn(browser, baseUrl);

describe("widget", () => {
  test("embed.html: Korean by default, answers a category's questions, switches to English", async () => {
    const { page, widget, errors, timings, close } = await openEmbed();
    try {
      // A fixed clock, so that the answer is the sample's (docs/data-format.md "Example cases").
      await widget.evaluate((el, now) => el.setAttribute("now", now), NOW);

      // Korean first: the widget's labels (Playwright's locators pierce the shadow DOM).
      assert.equal(await widget.locator("h2").innerText(), "유지보수 지원 확인");
      // The branch field wears the vendor's word for it (the catalog's `vendor.terms`).
      assert.equal(await widget.getByLabel("도서관 (분관)").count(), 1);
      await widget.getByLabel("요청 유형").selectOption("stats_query");
      await widget.getByLabel(/예상 작업 공수/).fill("4");
      await widget.getByLabel(/보안/).first().selectOption("false");

      const verdict = widget.locator(".verdict");
      await assert.doesNotReject(verdict.locator(".status.not_covered").waitFor({ timeout: 5_000 }));
      const text = await verdict.innerText();
      assert.match(text, /제6조 ⑤ 나/, "the deciding clause");
      assert.match(text, /2026-11-24 10:00/, "the response due time");
      assert.match(text, /응답/);
      const response = verdict.locator('li[data-clock="response"]');
      assert.equal(await response.getAttribute("data-due-at"), "2026-11-24T10:00:00+09:00");

      // A limited category shows what is left of the year: hanbit-city has 1 of 3 reports.
      await widget.getByLabel("요청 유형").selectOption("stats_report");
      await widget.getByLabel(/예상 작업 공수/).fill("1");
      await verdict.locator(".quota").waitFor();
      assert.match(await verdict.locator(".quota").innerText(), /올해 남은 횟수: 1 \/ 3/);

      // The keyboard reaches the language switch; English keeps the answers.
      await widget.getByRole("button", { name: "English" }).focus();
      await page.keyboard.press("Enter");
      await widget.locator('section[lang="en"]').waitFor();
      assert.equal(await widget.locator("h2").innerText(), "Maintenance coverage check");
      assert.equal(await widget.getByRole("button", { name: "English" }).getAttribute("aria-pressed"), "true");
      assert.equal(await widget.getByLabel("Request type").inputValue(), "stats_report");
      assert.match(await verdict.locator(".quota").innerText(), /Left this contract year: 1 of 3/);
      assert.match(await verdict.innerText(), /Deadlines/);

      await page.screenshot({ path: join(screenshots, "widget.png"), fullPage: true });
      assert.deepEqual(errors, [], "no console errors");

      console.log(`timings: ${JSON.stringify(timings)}`);
    } finally {
      await close();
    }
  });

  test("a number out of range is said beside its question, is no answer, and survives a redraw", async () => {
    const { page, widget, errors, close } = await openEmbed();
    try {
      await widget.evaluate((el, now) => el.setAttribute("now", now), NOW);
      await widget.getByLabel("요청 유형").selectOption("stats_report");
      const days = widget.getByLabel(/예상 작업 공수/);
      const verdict = widget.locator(".verdict");
      await days.fill("1");
      await verdict.locator(".quota").waitFor();
      assert.doesNotMatch(await verdict.locator(".missing").innerText(), /예상 작업 공수/);

      // -3 is not a usable answer: the field says so and the verdict no longer counts 1.
      await days.fill("-3");
      assert.equal(await widget.locator("#q-person_days-error").innerText(), "0 이상 365 이하의 수를 입력하세요.");
      assert.equal(await days.getAttribute("aria-invalid"), "true");
      assert.match(await verdict.locator(".missing").innerText(), /예상 작업 공수/);

      // Switching the language redraws the questions: what was typed stays, in English.
      await widget.getByRole("button", { name: "English" }).click();
      await widget.locator('section[lang="en"]').waitFor();
      const daysEn = widget.getByLabel(/How much work/);
      assert.equal(await daysEn.inputValue(), "-3");
      assert.equal(await widget.locator("#q-person_days-error").innerText(), "Enter a number from 0 to 365.");

      // Half a person-day is an answer.
      await daysEn.fill("0.5");
      assert.equal(await widget.locator("#q-person_days-error").isVisible(), false);
      assert.equal(await daysEn.getAttribute("aria-invalid"), "false");
      assert.doesNotMatch(await verdict.innerText(), /Still to answer:[^\n]*How much work/);
      assert.deepEqual(errors, [], "no console errors");
    } finally {
      await close();
    }
  });

  test("another vendor's data: its words, and no branch field for a one-site contract", async () => {
    const { widget, errors, close } = await openEmbed();
    try {
      await widget.evaluate((el) => {
        el.setAttribute("contract", "acme-shop");
        el.setAttribute("data-src", "/data/cloud/");
      });
      await widget.locator(".sub").filter({ hasText: "에이크미 쇼핑" }).waitFor();
      await widget.locator(".verdict .status").waitFor();
      assert.equal(await widget.locator("#branch-field").isVisible(), false, "one site: nothing to choose");
      assert.equal(await widget.locator("#branch-label").textContent(), "사업장", "the vendor's word, were it shown");
      assert.deepEqual(errors, [], "no console errors");
    } finally {
      await close();
    }
  });

  // One page load is one sample: the budget line gives the best of five fresh page loads
  // (what the widget achieves when the machine is not busy elsewhere) and every sample.
  test("budget: the widget's first answer, best of five page loads", async () => {
    const samples = [];
    for (let i = 0; i < 5; i++) {
      const { errors, timings, close } = await openEmbed();
      try {
        assert.deepEqual(errors, [], "no console errors");
        samples.push(timings.firstAnswerMs);
      } finally {
        await close();
      }
    }
    const ms = Math.min(...samples);
    const ok = ms <= FIRST_ANSWER_BUDGET_MS;
    console.log(
      `budget: widget first answer ${ms.toFixed(1)} ms best of five (samples ${samples.map((x) => x.toFixed(1)).join(", ")}) (≤ ${FIRST_ANSWER_BUDGET_MS}) ${ok ? "pass" : "FAIL"}`,
    );
    // Reported, not judged (a shared machine's timings are not the widget's); a first
    // answer that takes half a minute is a hang, on any machine.
    assert.ok(ms < 30_000, `the first answer took ${ms.toFixed(1)} ms at best: the widget hangs`);
  });

  test("Friday night on Bronze: the critical fault's deadlines and the temporary upgrade", async () => {
    const { widget, errors, close } = await openEmbed();
    try {
      await widget.evaluate((el) => {
        el.setAttribute("now", "2026-11-20T22:30:00+09:00");
        el.setAttribute("contract", "bada-county");
      });
      await widget.getByLabel("요청 유형").selectOption("fault");
      await widget.getByLabel(/영향/).selectOption("whole_system");
      const verdict = widget.locator(".verdict");
      await verdict.locator('li[data-clock="response"]').first().waitFor();
      assert.equal(
        await verdict.locator('li[data-clock="response"]').first().getAttribute("data-due-at"),
        "2026-11-23T12:00:00+09:00",
      );
      assert.match(await verdict.innerText(), /임시/, "the temporary upgrade is offered");
      assert.match(await verdict.innerText(), /긴급/);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  // A size, the same on every machine: asserted. What each part costs:
  // core/js/README.md, "Size".
  test("budget: the calculator package (wasm + JS glue) gzipped", async () => {
    const size = await packageSize(baseUrl);
    const total = size.gzBytes;
    const parts = size.parts.map((p) => `${p.file} ${p.rawBytes} B raw / ${p.gzBytes} B gz`);
    const kb = total / 1024;
    const ok = kb <= PACKAGE_BUDGET_KB;
    console.log(`budget: calculator package ${kb.toFixed(1)} KB gzipped (≤ ${PACKAGE_BUDGET_KB}) ${ok ? "pass" : "FAIL"} — ${parts.join(", ")}`);
    assert.ok(ok, `the package is ${kb.toFixed(1)} KB gzipped, over the ${PACKAGE_BUDGET_KB} KB budget`);
  });
});
