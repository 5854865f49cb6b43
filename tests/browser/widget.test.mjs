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
// embed.html loads hanbit-city's published checker, `/api/widget/<share token>/`: the
// build writes it as plain files for the static site, and `covered serve` answers it
// (the catalog, that contract and its limits' counts from the server's store). The
// last tests start a `covered serve` of their own (COVERED_BIN on COVERED_SITE): the
// same page answers there, at 390×844 too, counting a request filed on the server, and
// a homepage on another origin embeds the widget from it.
//
// By hand: `COVERED_URL=http://127.0.0.1:8080/ node --test tests/browser/` next to
// `cargo xtask serve --static`.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { launchChromium } from "./chromium.mjs";
import { openEmbed as openEmbedIn, packageSize } from "./measure.mjs";
import { coveredBin, site, startServer, tempDir } from "./serve.mjs";

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
        // embed.html loads hanbit-city's published checker; the static site has them all.
        el.setAttribute("data-src", "/data/library/");
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

/** hanbit-city's sample share token (cli/demo/library-widgets.json). */
const TOKEN = "hanbit-sample-Qm4x9Lr2Vt8Kp3Zw";

/** Files one statistics report for hanbit-city on the server at `base`, as its staff. */
async function fileStatsReport(base) {
  const login = await fetch(new URL("api/login", base), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ login: "hanbit", password: "demo-hanbit" }),
  });
  assert.equal(login.status, 200, await login.clone().text());
  const { csrf_token } = await login.json();
  const cookie = login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const filed = await fetch(new URL("api/requests", base), {
    method: "POST",
    headers: { "content-type": "application/json", cookie, "x-csrf-token": csrf_token },
    body: JSON.stringify({
      contract: "hanbit-city", branch: "main", product: "DLi", version: "8",
      category: "stats_report", answers: { person_days: 1, security_risk: false },
      requester: "김사서", title: "위젯 시험 통계",
    }),
  });
  assert.equal(filed.status, 201, await filed.text());
}

/** Opens `url` in a fresh context of `viewport`, recording console errors and every
 * URL the page asked for; waits for the widget's first answer. */
async function openWidget(url, viewport) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = [];
  const asked = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", (r) => asked.push(r.url()));
  await page.addInitScript(() => {
    window.__coveredReady = new Promise((resolve) =>
      document.addEventListener("covered-ready", () => resolve(true), { once: true }));
  });
  await page.goto(url);
  await page.waitForFunction(() => window.__coveredReady, null, { timeout: 15_000 });
  await page.evaluate(() => window.__coveredReady);
  return { page, widget: page.locator("covered-check"), errors, asked, close: () => context.close() };
}

/** Chooses the statistics report and types one person-day key by key: the verdict,
 * counted against what the server holds. */
async function askForReport(widget, page) {
  await widget.evaluate((el, now) => el.setAttribute("now", now), NOW);
  const type = widget.getByLabel("요청 유형");
  await type.focus();
  await type.selectOption("stats_report");
  const days = widget.getByLabel(/예상 작업 공수/);
  await days.click();
  await days.pressSequentially("1");
  await widget.getByLabel(/보안/).first().selectOption("false");
  const verdict = widget.locator(".verdict");
  await verdict.locator(".quota").waitFor();
  await page.waitForFunction(
    () => document.querySelector("covered-check")?.verdict?.missing_answers?.length === 0,
  );
  return verdict;
}

describe("widget under covered serve", () => {
  let server;

  before(async () => {
    assert.ok(coveredBin && site, "set COVERED_BIN and COVERED_SITE (cargo xtask test does this)");
    server = await startServer(join(tempDir("widget"), "covered.db"), "2026-11-23T10:00:00");
    // One more report on the server: the sample's history holds two of the year's three.
    await fileStatsReport(server.url);
  });

  after(async () => {
    await server?.stop();
  });

  test("the server answers embed.html's published checker: catalog, one contract, counts", async () => {
    const base = new URL(`api/widget/${TOKEN}/`, server.url);
    const index = await fetch(new URL("index.json", base), { headers: { origin: "https://library.example" } });
    assert.equal(index.status, 200);
    assert.equal(index.headers.get("access-control-allow-origin"), "*");
    assert.deepEqual(await index.json(), {
      schema_version: 1, catalog: "catalog.json", contracts: ["contract.json"], histories: ["history.json"],
    });
    const history = await (await fetch(new URL("history.json", base))).text();
    assert.doesNotMatch(history, /SR-|위젯 시험 통계|월별 대출/, "counts, not requests");
    const wrong = await fetch(new URL(`api/widget/${TOKEN.slice(0, -1)}x/index.json`, server.url));
    assert.equal(wrong.status, 404);
    assert.equal((await wrong.json()).error.code, "not_found");
  });

  for (const viewport of [{ width: 1100, height: 1000 }, { width: 390, height: 844 }]) {
    test(`embed.html at ${viewport.width}×${viewport.height}: the year's last report is used, so the next is not covered`, async () => {
      const { page, widget, errors, asked, close } = await openWidget(new URL("embed.html", server.url).href, viewport);
      try {
        const verdict = await askForReport(widget, page);
        // Two in the history file and the one filed on the server: none left.
        assert.match(await verdict.locator(".quota").innerText(), /올해 남은 횟수: 0 \/ 3 \(사용 2, 진행 중 1\)/);
        await verdict.locator(".status.not_covered").waitFor();
        assert.match(await verdict.innerText(), /2026-11-24 10:00/, "the response due time");
        assert.ok(asked.some((u) => u.includes(`/api/widget/${TOKEN}/history.json`)), asked.join("\n"));
        assert.ok(!asked.some((u) => u.includes("/data/")), `no data directory file: ${asked.join("\n")}`);
        // Fits the phone's width: nothing to scroll sideways.
        const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
        assert.ok(scroll <= width, `the page is ${scroll} px wide in a ${width} px window`);
        await page.screenshot({ path: join(screenshots, `widget-serve-${viewport.width}.png`), fullPage: true });
        assert.deepEqual(errors, [], "no console errors");
      } finally {
        await close();
      }
    });
  }

  test("a library homepage on another origin embeds it from the server", async () => {
    const api = new URL(server.url);
    const homepage = `<!doctype html><html lang="ko"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>도서관</title></head>
      <body><h1>도서관 홈페이지</h1>
      <covered-check data-src="${new URL(`api/widget/${TOKEN}/`, api).href}" contract="hanbit-city"></covered-check>
      <script type="module" src="${new URL("widget/covered-check.js", api).href}"></script></body></html>`;
    const other = createServer((req, res) => {
      res.writeHead(req.url === "/" ? 200 : 404, { "content-type": "text/html; charset=utf-8" });
      res.end(req.url === "/" ? homepage : "");
    });
    await new Promise((resolve) => other.listen(0, "127.0.0.1", resolve));
    // `localhost` and another port: not the server's origin.
    const url = `http://localhost:${other.address().port}/`;
    assert.notEqual(new URL(url).origin, api.origin);
    try {
      const { page, widget, errors, close } = await openWidget(url, { width: 1100, height: 1000 });
      try {
        const verdict = await askForReport(widget, page);
        assert.match(await verdict.locator(".quota").innerText(), /올해 남은 횟수: 0 \/ 3/);
        assert.deepEqual(errors, [], "no console errors");
      } finally {
        await close();
      }
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });
});
