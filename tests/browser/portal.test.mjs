// The portal, as built by `cargo xtask test` and served at COVERED_URL, renders from its
// wasm in Debian's Chromium: Korean by default, English at the switch, every route; and
// a screenshot of each page at 1280×900 and 390×844 (`<page>-<w>x<h>.png`).
//
// Run through `cargo xtask test`, which builds the site and serves it; by hand:
// `COVERED_URL=http://127.0.0.1:8080/ node --test tests/browser/` next to `cargo xtask serve`.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chooseRequestType, launchChromium } from "./chromium.mjs";

const baseUrl = process.env.COVERED_URL;
const screenshots = process.env.COVERED_SCREENSHOTS ?? join("target", "screenshots");

const KO = {
  title: "Covered — 유지보수 계약 범위·SLA 계산기",
  heading: "유지보수 계약 범위·SLA 계산기",
};
const EN = {
  title: "Covered — maintenance scope & SLA calculator",
  heading: "Maintenance scope & SLA calculator",
};

let browser;

before(async () => {
  assert.ok(baseUrl, "set COVERED_URL to a served portal (cargo xtask test does this)");
  mkdirSync(screenshots, { recursive: true });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

/** A new page in a fresh context (empty storage) that records console errors. */
async function openPage(path = "/", viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.goto(new URL(path, baseUrl).href);
  await appReady(page, errors);
  return { page, errors, close: () => context.close() };
}

/** Waits for the element only the wasm app renders (index.html's <body> is empty). */
async function appReady(page, errors) {
  try {
    await page.locator('[data-testid="app-ready"]').waitFor({ timeout: 15_000 });
  } catch (error) {
    throw new Error(`the app did not render; page errors: ${JSON.stringify(errors)}`, { cause: error });
  }
}

const heading = (page) => page.locator("h1").innerText();
const htmlLang = (page) => page.evaluate(() => document.documentElement.lang);

describe("portal", () => {
  test("renders in Korean, switches to English and remembers it", async () => {
    const { page, errors, close } = await openPage();

    assert.equal(await heading(page), KO.heading);
    assert.equal(await page.title(), KO.title);
    assert.equal(await htmlLang(page), "ko");
    assert.equal(await page.getByTestId("lang-ko").getAttribute("aria-pressed"), "true");
    await page.screenshot({ path: join(screenshots, "home.png"), fullPage: true });

    await page.getByTestId("lang-en").click();
    assert.equal(await heading(page), EN.heading);
    assert.equal(await page.title(), EN.title);
    assert.equal(await htmlLang(page), "en");
    assert.equal(await page.getByTestId("lang-en").getAttribute("aria-pressed"), "true");
    await page.getByRole("link", { name: "Coverage self-check" }).first().waitFor();
    await page.screenshot({ path: join(screenshots, "home-en.png"), fullPage: true });

    await page.reload();
    await appReady(page, errors);
    assert.equal(await heading(page), EN.heading, "the English choice survives a reload");
    assert.equal(await htmlLang(page), "en");

    assert.deepEqual(errors, [], "console errors");
    await close();
  });

  test("every section has its own page, also when opened by its address", async () => {
    const { page, errors, close } = await openPage();
    const nav = page.getByRole("navigation");
    await nav.getByRole("link", { name: "지원 범위 자가 점검" }).click();
    await page.waitForURL("**/coverage");
    assert.equal(await heading(page), "지원 범위 자가 점검");
    assert.equal(await nav.getByRole("link", { name: "지원 범위 자가 점검" }).getAttribute("aria-current"), "page");
    assert.equal(await page.locator('[aria-current="page"]').count(), 1, "one link marks the current page");

    for (const [path, title] of [
      ["/request", "요청 접수"],
      ["/status", "계약 현황"],
      ["/packages", "패키지 비교"],
      ["/no-such-page", "페이지를 찾을 수 없습니다"],
    ]) {
      await page.goto(new URL(path, baseUrl).href);
      await appReady(page, errors);
      assert.equal(await heading(page), title, path);
    }
    assert.deepEqual(errors, [], "console errors");
    await close();
  });

  test("each page at a desktop's and a phone's size, none scrolling sideways on a phone where it lists requests", async () => {
    const NOW = "now=2026-11-23T10:00:00";
    for (const [width, height] of [[1280, 900], [390, 844]]) {
      const size = `${width}x${height}`;
      const { page, errors, close } = await openPage(`/request?${NOW}`, { width, height });
      // A request filed in this browser, for its SR page: a usage question, nothing to answer.
      await page.getByTestId("f-contract").selectOption("hanbit-city");
      await page.getByTestId("f-requester").pressSequentially("김사서");
      await page.getByTestId("next").click();
      await page.getByTestId("f-product").selectOption("DLi|8");
      await page.getByTestId("next").click();
      await chooseRequestType(page, "usage_question");
      await page.getByTestId("next").click();
      await page.getByTestId("f-title").pressSequentially("검색 화면 사용법");
      await page.getByTestId("next").click();
      await page.getByTestId("verdict-status").waitFor();
      await page.getByTestId("submit").click();
      const sr = await page.getByTestId("sr-number").innerText();
      for (const [name, path, ready] of [
        ["home", "/?", "app-ready"],
        ["coverage", "/coverage?contract=hanbit-city&branch=main&product=DLi&version=8&category=stats_report&", "q-person_days"],
        ["request", "/request?", "f-requester"],
        ["status", "/status?contract=hanbit-city&", "open-requests"],
        ["sr", `/sr/hanbit-city/${sr}?`, "sr-clocks"],
        ["packages", "/packages?", "app-ready"],
      ]) {
        await page.goto(new URL(`${path}${NOW}`, baseUrl).href);
        await appReady(page, errors);
        await page.getByTestId(ready).first().waitFor();
        await page.screenshot({ path: join(screenshots, `${name}-${size}.png`), fullPage: true });
        if (width < 600 && (name === "status" || name === "sr")) {
          const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert.ok(over <= 0, `${name} at ${size}: no sideways scrolling (${over}px)`);
        }
        if (name === "status") {
          const display = await page.getByTestId("open-requests").locator("tr[data-sr]").first().evaluate((tr) => getComputedStyle(tr).display);
          assert.equal(display === "block", width < 600, `${name} at ${size}: its rows are ${display === "block" ? "cards" : "table rows"}`);
        }
      }
      assert.deepEqual(errors, [], "console errors");
      await close();
    }
  });

  test("fits a 360 px wide screen", async () => {
    const { page, errors, close } = await openPage("/", { width: 360, height: 740 });
    assert.equal(await heading(page), KO.heading);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    assert.equal(overflow, 0, "no horizontal scrolling");
    await page.screenshot({ path: join(screenshots, "home-360.png"), fullPage: true });
    assert.deepEqual(errors, [], "console errors");
    await close();
  });
});
