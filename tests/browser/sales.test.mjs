// The package page as a sales person uses it in a meeting: what the customer would have
// got under each tier for the requests it actually made (a higher tier never shown as
// worse on the same requests), the year's total per tier with its chart, the CSV, one
// A4 page on paper, and a phone. Screenshots: packages-1280.png, packages-390.png,
// packages-print.png (and packages-print.pdf).
//
// Run through `cargo xtask test`; by hand:
// `COVERED_URL=http://127.0.0.1:8080/ node --test tests/browser/sales.test.mjs`.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { launchChromium } from "./chromium.mjs";

const baseUrl = process.env.COVERED_URL;
const screenshots = process.env.COVERED_SCREENSHOTS ?? join("target", "screenshots");
const PACKAGES = "/packages?now=2026-11-23T10:00:00&severity=critical&licence=150000000&at=2026-11-20T22:30&contract=hanbit-city";
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
// A4's printable area at CSS pixels (96 per inch): 210 × 297 mm less the page's 10 mm
// margins (style.css, `@page packages`).
const A4 = { width: 718, height: 1047 };

let browser;

before(async () => {
  assert.ok(baseUrl, "set COVERED_URL to a served portal (cargo xtask test does this)");
  mkdirSync(screenshots, { recursive: true });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

async function openPackages(viewport, path = PACKAGES) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(new URL(path, baseUrl).href);
  await page.getByTestId("replay").locator(".tier-card").first().waitFor({ timeout: 15_000 });
  return { page, errors, close: () => context.close() };
}

/** Each tier card's numbers, lowest tier first. */
async function cards(page) {
  return page.getByTestId("replay").locator(".tier-card").evaluateAll((els) => els.map((e) => ({
    tier: e.dataset.tier,
    covered: Number(e.dataset.covered),
    outOfScope: Number(e.dataset.outOfScope),
    total: Number(e.dataset.total),
    text: e.innerText,
  })));
}

/** Whether any word of a tier name is broken over two lines. */
async function brokenTierNames(page) {
  return page.locator(".tier-name").evaluateAll((els) => {
    const broken = [];
    for (const el of els) {
      if (el.offsetParent === null) continue;
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const re = /\S+/g;
        for (let m = re.exec(node.data); m; m = re.exec(node.data)) {
          const range = document.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          if (lines.size > 1) broken.push(m[0]);
        }
      }
    }
    return broken;
  });
}

async function sideways(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

for (const [size, viewport] of [["1280", DESKTOP], ["390", PHONE]]) {
  describe(`the package page at ${viewport.width}×${viewport.height}`, () => {
    test("the replay never shows a higher tier as worse on the same requests, and totals each tier's year", async () => {
      const { page, errors, close } = await openPackages(viewport);
      const c = await cards(page);
      assert.deepEqual(c.map((x) => x.tier), ["bronze", "silver", "gold", "platinum"]);
      for (let i = 1; i < c.length; i++) {
        assert.ok(c[i].covered >= c[i - 1].covered, `${c[i].tier} covers less than ${c[i - 1].tier}`);
        assert.ok(c[i].outOfScope <= c[i - 1].outOfScope, `${c[i].tier} costs more outside the fee than ${c[i - 1].tier}`);
      }
      // Nothing says "breached": the page says how much sooner each tier promises.
      const replayText = await page.getByTestId("replay").innerText();
      assert.doesNotMatch(replayText, /위반|breach/i);
      assert.match(c[3].text, /복구: 2건 평균 4시간 빨리/);
      assert.match(c[3].text, /유상·반려 대신 지원: SR-2026-0194/);
      assert.match(c[0].text, /늦게/);
      // The year's total (fee + out-of-scope cost) per tier.
      assert.deepEqual(c.map((x) => x.total), [29597500, 35197500, 36547500, 40410000]);
      assert.match(c[2].text, /₩36,547,500/);
      assert.match(c[3].text, /계약 등급보다 ₩3,862,500 많음/);
      // Each request's dues, tier by tier: never later going up.
      const detail = page.getByTestId("replay-detail");
      const rows = await detail.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => {
        const byClock = {};
        for (const td of tr.querySelectorAll("td")) {
          for (const li of td.querySelectorAll("li[data-clock]")) {
            (byClock[li.dataset.clock] ??= []).push([td.dataset.tier, li.querySelector("time").getAttribute("datetime")]);
          }
        }
        return { request: tr.dataset.request, byClock };
      }));
      assert.equal(rows.length, 16);
      for (const { request, byClock } of rows) {
        for (const [clock, dues] of Object.entries(byClock)) {
          for (let i = 1; i < dues.length; i++) {
            assert.ok(dues[i][1] <= dues[i - 1][1], `${request} ${clock}: ${dues[i][0]} due after ${dues[i - 1][0]}`);
          }
        }
      }
      // The chart: a bar per tier, its value beside it.
      const chart = page.getByTestId("replay-chart");
      assert.equal(await chart.locator(".bars__row").count(), 4);
      assert.match(await chart.locator('.bars__row[data-tier="platinum"]').innerText(), /₩40,410,000/);
      const widths = await chart.locator(".bars__fee").evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
      assert.ok(widths.every((w) => w > 10), `every fee bar drawn: ${widths}`);
      // Nothing scrolls sideways; no tier name breaks mid-word.
      assert.equal(await sideways(page), 0, "the page scrolls sideways");
      assert.deepEqual(await brokenTierNames(page), []);
      await page.getByTestId("replay-detail").evaluate((t) => t.closest("details").open = true);
      assert.equal(await sideways(page), 0, "the request table scrolls sideways");
      assert.deepEqual(await brokenTierNames(page), []);
      await page.screenshot({ path: join(screenshots, `packages-${size}.png`), fullPage: true });
      assert.deepEqual(errors, [], "console errors");
      await close();
    });
  });
}

describe("the requests filed in this browser", () => {
  test("count in the replay as the customer's history", async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    const filed = {
      sr: "SR-2026-0999", contract: "hanbit-city", requester: "이사서", branch: "main",
      product: "DLi", version: "8", category: "stats_report", title: "분관별 대출 통계",
      details: "", answers: { person_days: 1, security_risk: false },
      submitted: "2026-11-20T10:00:00", wanted_by: null, severity: "low", paid: false, status: "open",
    };
    await context.addInitScript((store) => {
      if (!localStorage.getItem("covered.store")) localStorage.setItem("covered.store", store);
    }, JSON.stringify({ schema_version: 1, requests: [filed], drafts: {} }));
    const page = await context.newPage();
    await page.goto(new URL(PACKAGES, baseUrl).href);
    await page.getByTestId("replay").locator(".tier-card").first().waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('tr[data-request="SR-2026-0999"]').count(), 1, "the filed request is replayed");
    await context.close();
  });
});

describe("the package comparison leaves the page", () => {
  test("as a CSV download of the comparison, in the page's language", async () => {
    const { page, errors, close } = await openPackages(DESKTOP);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("replay-csv").click()]);
    assert.equal(download.suggestedFilename(), "covered-replay-hanbit-city.csv");
    const text = readFileSync(await download.path(), "utf8").replace(/^\uFEFF/, "");
    const lines = text.split("\r\n");
    assert.match(lines[0], /^등급,현재 등급,지원,미지원,유상,/);
    assert.equal(lines.filter((l) => /^(Bronze|Silver|Gold|Platinum)/.test(l)).length, 4);
    assert.match(text, /Platinum \(프리미엄형\),,15,0,1,SR-2026-0194,33750000,/);
    assert.match(text, /SR-2026-0180,.*,복구,.*,2026-10-08T02:05,4시간 빨리/);
    await page.goto(new URL(`${PACKAGES}&lang=en`, baseUrl).href);
    await page.getByTestId("replay").locator(".tier-card").first().waitFor();
    const [en] = await Promise.all([page.waitForEvent("download"), page.getByTestId("replay-csv").click()]);
    assert.match(readFileSync(await en.path(), "utf8"), /^\uFEFF?tier,current,covered,/);
    assert.deepEqual(errors, [], "console errors");
    await close();
  });

  test("on paper: one A4 page with all four tiers and the chart, no input boxes", async () => {
    const { page, errors, close } = await openPackages(A4);
    await page.emulateMedia({ media: "print" });
    // No input boxes or buttons on paper.
    const shown = await page.locator("input, select, button, .replay__actions a").evaluateAll((els) => els.filter((e) => e.offsetParent !== null).map((e) => e.outerHTML.slice(0, 80)));
    assert.deepEqual(shown, []);
    // All four tiers within the page's width: the Platinum column is not cut.
    const right = await page.evaluate(() => {
      const cols = [...document.querySelectorAll('[data-testid="compare"] thead th')];
      return Math.max(...cols.map((c) => c.getBoundingClientRect().right));
    });
    assert.ok(right <= A4.width, `the comparison ends at ${right} px, past A4's ${A4.width}`);
    assert.equal(await sideways(page), 0);
    assert.match(await page.getByTestId("compare").locator("thead").innerText(), /Platinum/);
    assert.equal(await page.getByTestId("replay").locator(".tier-card").count(), 4);
    assert.equal(await page.getByTestId("replay-chart").isVisible(), true);
    assert.equal(await page.getByTestId("replay-detail").isVisible(), false);
    await page.screenshot({ path: join(screenshots, "packages-print.png"), fullPage: true });
    // Printed by Chromium itself: one A4 page.
    const pdf = await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
    writeFileSync(join(screenshots, "packages-print.pdf"), pdf);
    const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    assert.equal(pages, 1, `the comparison prints on ${pages} pages`);
    assert.deepEqual(errors, [], "console errors");
    await close();
  });
});
