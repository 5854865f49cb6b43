// The portal's pages, each through its main flow, with the clock pinned by `?now=`:
// the coverage self-check (not covered with its clause and alternative, a Critical
// incident on a Friday night with its due times, keystroke recompute time), the request
// wizard (the 3rd of 3 statistics reports allowed and the 4th refused, the draft
// surviving a reload, the printable SR form), the status and packages pages, an axe-core
// accessibility check on each page, and the budgets (first-load size, time to
// interactive, recompute time), printed as `budget:` lines.
//
// Run through `cargo xtask test`; by hand:
// `COVERED_URL=http://127.0.0.1:8080/ node --test tests/browser/` next to `cargo xtask serve`.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import os from "node:os";
import { axeCheck } from "./axe.mjs";
import { chooseRequestType, launchChromium } from "./chromium.mjs";
import { describePhases, entryLoad, keystrokeSamples, keystrokeSummary, portalFirstLoad } from "./measure.mjs";

const baseUrl = process.env.COVERED_URL;
const screenshots = process.env.COVERED_SCREENSHOTS ?? join("target", "screenshots");

let browser;
let firstLoadKb = Infinity;

before(async () => {
  assert.ok(baseUrl, "set COVERED_URL to a served portal (cargo xtask test does this)");
  mkdirSync(screenshots, { recursive: true });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

/** A new page in a fresh context that records console errors; waits for the data. */
async function openPage(path, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(new URL(path, baseUrl).href);
  await page.locator('[data-testid="app-ready"]').waitFor({ timeout: 15_000 });
  return { page, context, errors, close: () => context.close() };
}

const NOW = "now=2026-11-23T10:00:00";
const STATS = `/coverage?${NOW}&contract=hanbit-city&branch=main&product=DLi&version=8&category=stats_report`;

describe("coverage self-check", () => {
  test("a checked request goes on to the request form with its answers, keeping what was typed there", async () => {
    const { page, errors, close } = await openPage(`/request?${NOW}`);
    // Something typed in the request form earlier, in this browser.
    await page.getByTestId("f-requester").fill("이사서");
    await page.goto(new URL(STATS, baseUrl).href);
    await page.getByTestId("q-person_days").fill("1");
    await page.getByTestId("q-security_risk").selectOption("no");
    await page.getByTestId("verdict-status").waitFor();
    await page.getByTestId("continue-to-request").click();
    await page.getByTestId("wizard").waitFor();
    assert.equal(new URL(page.url()).pathname, "/request");
    assert.equal(new URL(page.url()).searchParams.get("from_check"), null, "the address forgets the hand-over");
    // The requester is known, so the form opens at the questions, answered as on the self-check.
    assert.equal(await page.getByTestId("wizard").getAttribute("data-step"), "3");
    assert.equal(await page.getByTestId("q-person_days").inputValue(), "1");
    await page.getByTestId("f-title").fill("자가 점검에서 이어서");
    await page.getByTestId("next").click();
    await page.getByTestId("verdict-status").waitFor();
    assert.equal(await page.getByTestId("verdict-status").getAttribute("data-status"), "Covered");
    // A reload keeps the form as it is now.
    await page.reload();
    await page.getByTestId("wizard").waitFor();
    assert.equal(await page.getByTestId("wizard").getAttribute("data-step"), "4");
    // An expired contract has nothing to ask for: no way on to the request form.
    await page.goto(new URL(`/coverage?${NOW}&contract=yetgil-city&category=usage_question`, baseUrl).href);
    await page.getByTestId("verdict-status").waitFor();
    assert.equal(await page.getByTestId("continue-to-request").count(), 0);
    assert.deepEqual(errors, [], "console errors");
    await close();
  });

  test("on a phone the verdict's line stays in sight while the questions are answered, and opens to the reasons", async () => {
    const { page, errors, close } = await openPage(STATS, { width: 390, height: 844 });
    const bar = page.getByTestId("verdict-bar");
    const inSight = async () => {
      const box = await bar.boundingBox();
      return box !== null && box.y >= 0 && box.y + box.height <= 844 + 0.5;
    };
    await page.getByTestId("bar-status").filter({ hasText: "필수 질문에 답하면" }).waitFor();
    const days = page.getByTestId("q-person_days");
    await days.scrollIntoViewIfNeeded();
    await days.pressSequentially("2.5", { delay: 20 });
    assert.ok(await inSight(), "the line is on screen beside the question being answered");
    const [dayBox, barBox] = [await days.boundingBox(), await bar.boundingBox()];
    assert.ok(dayBox.y + dayBox.height <= barBox.y, "the field typed into is not under the line");
    await page.keyboard.press("Tab");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    assert.equal(await page.getByTestId("q-security_risk").inputValue(), "no");
    await page.getByTestId("bar-status").filter({ hasText: "지원 대상" }).waitFor();
    assert.doesNotMatch(await page.getByTestId("bar-status").innerText(), /아님/);
    assert.match(await page.getByTestId("bar-left").innerText(), /남은 횟수 \d/);
    // More days than a statistics report may take: the line says so as it is typed.
    await days.focus();
    await page.keyboard.press("End");
    await page.keyboard.press("Backspace");
    await page.keyboard.press("Backspace");
    await days.pressSequentially("5", { delay: 20 });
    assert.equal(await days.inputValue(), "25");
    await page.getByTestId("bar-status").filter({ hasText: "지원 대상 아님" }).waitFor();
    assert.ok(await inSight());
    // It opens to the reasons, and leads to the whole verdict.
    const details = page.getByTestId("bar-details");
    assert.equal(await details.evaluate((d) => d.open), false);
    await page.getByTestId("bar-toggle").focus();
    await page.keyboard.press("Enter");
    assert.equal(await details.evaluate((d) => d.open), true);
    assert.ok((await page.getByTestId("bar-more").locator("li").count()) > 0, "the reasons");
    // Open it stays while the answers change.
    await days.focus();
    await page.keyboard.press("End");
    await page.keyboard.press("Backspace");
    await page.getByTestId("bar-status").filter({ hasText: /^[^아]*지원 대상$/ }).waitFor();
    assert.equal(await page.getByTestId("bar-details").evaluate((d) => d.open), true);
    await page.screenshot({ path: join(screenshots, "coverage-phone-verdict-line.png") });
    await page.getByTestId("bar-jump").click();
    await page.waitForFunction(() => location.hash === "#verdict-h");
    const heading = await page.locator("#verdict-h").boundingBox();
    assert.ok(heading.y > -1 && heading.y < 844, "the whole verdict is brought into view");
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "no sideways scrolling");
    // On a desktop the verdict is beside the form: no line.
    await page.setViewportSize({ width: 1280, height: 900 });
    assert.equal(await bar.isVisible(), false);
    assert.deepEqual(errors, [], "console errors");
    await close();
  });

  test("an answer out of range is said beside its question, and no question disappears", async () => {
    const { page, errors, close } = await openPage(STATS);
    const days = page.getByTestId("q-person_days");
    await days.fill("-3");
    assert.equal(await page.getByTestId("q-person_days-error").innerText(), "-3은 최솟값 0보다 작습니다");
    assert.equal(await days.getAttribute("aria-invalid"), "true");
    assert.equal(await days.inputValue(), "-3", "what was typed stays");
    assert.equal(await page.getByTestId("q-security_risk").count(), 1, "the other questions stay");
    assert.equal(await page.getByTestId("fix-answers").innerText(), "표시된 답을 고치면 판정이 나옵니다.");
    assert.doesNotMatch(await page.getByTestId("result").innerText(), /\$\.answers|below the minimum/);
    await days.fill("2");
    await page.getByTestId("verdict-status").waitFor();
    assert.equal(await page.getByTestId("q-person_days-error").count(), 0);
    assert.deepEqual(errors, [], "console errors");
    await close();
  });

  for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
    test(`a field's problem is said from its code in Korean, then in English (${viewport.width}×${viewport.height})`, async () => {
      const { page, errors, close } = await openPage(STATS, viewport);
      const days = page.getByTestId("q-person_days");
      const problem = page.getByTestId("q-person_days-error");
      await days.pressSequentially("400");
      await problem.filter({ hasText: "400은 최댓값 365보다 큽니다" }).waitFor();
      assert.equal(await problem.getAttribute("data-code"), "above_maximum");
      assert.equal(await days.getAttribute("aria-invalid"), "true");
      // The same problem of the same field, in the language switched to.
      await page.getByTestId("lang-en").click();
      await problem.filter({ hasText: "400 is above the maximum 365" }).waitFor();
      assert.equal(await problem.getAttribute("data-code"), "above_maximum");
      assert.doesNotMatch(await page.getByTestId("result").innerText(), /[\uAC00-\uD7A3]/, "no Korean beside the English problem");
      // Corrected, the verdict's reasons explain it in English, each with its code; only
      // the vendor's clause chips keep the contract's own (Korean) words.
      await days.focus();
      await page.keyboard.press("End");
      await page.keyboard.press("Backspace");
      await page.keyboard.press("Backspace");
      await page.getByTestId("q-security_risk").selectOption("no");
      await page.getByTestId("verdict-status").filter({ hasText: "Not covered" }).waitFor();
      assert.equal(await problem.count(), 0);
      const reasons = await page.getByTestId("reasons").locator("li").evaluateAll((items) => items.map((li) => {
        const copy = li.cloneNode(true);
        copy.querySelectorAll('[data-testid="clause"]').forEach((c) => c.remove());
        return [li.dataset.code, copy.textContent.trim()];
      }));
      assert.ok(reasons.some(([code]) => code === "within_period"), JSON.stringify(reasons));
      assert.ok(reasons.some(([code]) => code === "excluded"), JSON.stringify(reasons));
      for (const [code, text] of reasons) {
        assert.ok(code, `a reason without a code: ${text}`);
        assert.doesNotMatch(text, /[\uAC00-\uD7A3]/, `Korean words in the English reason ${code}: ${text}`);
      }
      assert.deepEqual(errors, [], "console errors");
      await close();
    });
  }

  test("the address follows the answers once the verdict is on screen, and a page left right after a key keeps its own address", async () => {
    const { page, errors, close } = await openPage(STATS);
    await page.getByTestId("verdict-status").waitFor();
    await typeInto(page, "q-person_days", "2");
    await page.waitForFunction(() => decodeURIComponent(location.search).includes('"person_days":2'));
    // A key, then a link followed before the next frame: the address written after that
    // frame would be the check's, over the new page's.
    await page.evaluate(() => {
      const input = document.querySelector('[data-testid="q-person_days"]');
      input.value = "4";
      input.dispatchEvent(new Event("input", { bubbles: true }));
      [...document.querySelectorAll("nav a")].find((a) => a.textContent.includes("계약 현황")).click();
    });
    await page.waitForFunction(() => location.pathname === "/status");
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 100))));
    assert.equal(await page.evaluate(() => location.pathname), "/status", "the check's address does not come back");
    assert.deepEqual(errors, [], "console errors");
    await close();
  });

  test("a not-covered verdict names its clause and offers a change request in won", async () => {
    const { page, errors, close } = await openPage(STATS);
    // The contract's own products come first, the catalog's others apart.
    const groups = await page.getByTestId("f-product").locator("optgroup").evaluateAll((gs) =>
      gs.map((g) => [g.label, [...g.querySelectorAll("option")].map((o) => o.value)]));
    assert.deepEqual(groups[0], ["이 계약의 제품", ["DLi|8", "DLI WEB|all", "Mobile|2"]]);
    assert.equal(groups[1][0], "그 밖의 제품 (계약 외)");
    assert.ok(groups[1][1].includes("DLi|7") && !groups[1][1].includes("DLi|8"));
    await page.getByTestId("q-person_days").fill("5");
    await page.getByTestId("q-security_risk").selectOption("no");
    const status = page.getByTestId("verdict-status");
    await assert.doesNotReject(status.filter({ hasText: "지원 대상 아님" }).waitFor());
    assert.equal(await status.getAttribute("data-status"), "NotCovered");
    const reasons = await page.getByTestId("reasons").innerText();
    assert.match(reasons, /제6조 ⑤ 나/);
    assert.match(reasons, /1인 3일 이상/);
    const alternatives = await page.getByTestId("alternatives").innerText();
    assert.match(alternatives, /₩2,775,000/);
    assert.match(page.url(), /answers=/, "the check is in the address");
    await page.screenshot({ path: join(screenshots, "coverage-not-covered.png"), fullPage: true });

    // The address reproduces the check.
    const shared = page.url();
    const again = await openPage(new URL(shared).pathname + new URL(shared).search);
    await again.page.getByTestId("verdict-status").filter({ hasText: "지원 대상 아님" }).waitFor();
    await again.close();
    assert.deepEqual(errors, [], "console errors");
    await close();
  });

  test("a fault the day before 추석 explains its clock with the holidays' names in the page's language", async () => {
    const { page, errors, close } = await openPage(
      "/coverage?now=2026-09-23T17:40:00&contract=pureun-district&product=DLi&version=8&category=fault");
    await page.getByTestId("q-impact").selectOption("some_functions");
    const due = page.getByTestId("deadlines");
    await due.filter({ hasText: "추석" }).waitFor();
    await page.getByTestId("lang-en").click();
    await due.filter({ hasText: "Chuseok" }).waitFor();
    const english = await due.innerText();
    assert.doesNotMatch(english, /[\uAC00-\uD7A3]/, `Korean words in the English explanation: ${english}`);
    assert.deepEqual(errors, [], "console errors");
    await close();
  });

  test("a Critical incident on a Friday night gets its due times and the upgrade's", async () => {
    const { page, errors, close } = await openPage(
      "/coverage?now=2026-11-20T22:30:00&contract=pureun-district&product=DLi&version=8&category=fault");
    // Chosen from the keyboard.
    const impact = page.getByTestId("q-impact");
    await impact.focus();
    for (let i = 0; i < 6 && (await impact.inputValue()) !== "whole_system"; i++) await page.keyboard.press("ArrowDown");
    assert.equal(await impact.inputValue(), "whole_system");
    await page.getByTestId("severity").filter({ hasText: "긴급" }).waitFor();
    assert.equal(await page.getByTestId("verdict-status").getAttribute("data-status"), "Covered");
    const due = page.getByTestId("deadlines");
    assert.equal(await due.getByTestId("due-response").innerText(), "2026년 11월 23일 (월) 12:00");
    assert.equal(await due.getByTestId("due-restore").innerText(), "2026년 11월 24일 (화) 22:30");
    const up = page.getByTestId("upgraded-deadlines");
    assert.equal(await up.getByTestId("due-response").innerText(), "2026년 11월 21일 (토) 02:30");
    // The temporary upgrade's hourly price, said once.
    const upgrade = await page.getByTestId("alternatives").locator('li[data-kind="temporary_upgrade"]').innerText();
    assert.equal((upgrade.match(/200,000/g) ?? []).length, 1, `the price said once: ${upgrade}`);
    assert.match(upgrade, /시간당 200,000원/);
    await page.screenshot({ path: join(screenshots, "coverage-critical-friday.png"), fullPage: true });

    await page.getByTestId("lang-en").click();
    assert.equal(await due.getByTestId("due-response").innerText(), "Mon 23 Nov 2026 12:00");
    const upgradeEn = await page.getByTestId("alternatives").locator('li[data-kind="temporary_upgrade"]').innerText();
    assert.equal((upgradeEn.match(/200,000/g) ?? []).length, 1, `the price said once: ${upgradeEn}`);
    await page.screenshot({ path: join(screenshots, "coverage-critical-friday-en.png"), fullPage: true });
    await axeCheck(page, "/coverage");
    assert.deepEqual(errors, [], "console errors");
    await close();
  });

  test("is usable from the keyboard with a visible focus", async () => {
    const { page, errors, close } = await openPage(STATS);
    await page.getByTestId("verdict-status").waitFor();
    const reached = [];
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press("Tab");
      const el = await page.evaluate(() => {
        const a = document.activeElement;
        const style = getComputedStyle(a);
        return { id: a.id, outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
      });
      if (el.id) {
        reached.push(el.id);
        assert.ok(el.outline !== "none" && el.width >= 2, `focus on #${el.id} is visible`);
      }
    }
    for (const id of ["f-contract", "f-branch", "f-product", "f-category-find", "cat-stats_report", "q-person_days", "q-security_risk"]) {
      assert.ok(reached.includes(id), `Tab reaches #${id} (reached: ${reached.join(", ")})`);
    }
    // Typing an answer from the keyboard updates the verdict, once every required
    // question is answered.
    await page.locator("#q-person_days").focus();
    await page.keyboard.type("5");
    await page.getByTestId("verdict-status").filter({ hasText: "필수 질문에 답하면 판정이 나옵니다" }).waitFor();
    await page.keyboard.press("Tab");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await page.getByTestId("verdict-status").filter({ hasText: "지원 대상 아님" }).waitFor();
    assert.deepEqual(errors, [], "console errors");
    await close();
  });

  test("fits a 360 px screen", async () => {
    const { page, errors, close } = await openPage(STATS, { width: 360, height: 740 });
    await page.getByTestId("verdict-status").waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, "no horizontal scrolling");
    await page.screenshot({ path: join(screenshots, "coverage-360.png"), fullPage: true });
    assert.deepEqual(errors, [], "console errors");
    await close();
  });
});

/** Walks the wizard from step 1 to the review of a statistics report. */
async function fillStatsReport(page, title) {
  await page.getByTestId("f-contract").selectOption("hanbit-city");
  await page.getByTestId("f-requester").fill("김사서");
  await page.getByTestId("next").click();
  await page.getByTestId("f-product").selectOption("DLi|8");
  await page.getByTestId("next").click();
  await chooseRequestType(page, "stats_report");
  await page.getByTestId("next").click();
  await page.getByTestId("f-title").fill(title);
  await page.getByTestId("q-person_days").fill("1");
  await page.getByTestId("q-security_risk").selectOption("no");
  await page.getByTestId("next").click();
  await page.getByTestId("verdict-status").waitFor();
}


const VIEWPORTS = [{ width: 1280, height: 900 }, { width: 390, height: 844 }];

/** The focused element's test id (or id). */
const focused = (page) => page.evaluate(() => document.activeElement?.dataset?.testid || document.activeElement?.id || document.activeElement?.tagName);

/**
 * Checks that the focus is on `testid`, giving the page the frame or two it takes to
 * move it there after a redraw (a busy machine may take longer than one frame).
 */
async function focusIs(page, testid, message) {
  await page
    .waitForFunction((id) => (document.activeElement?.dataset?.testid || document.activeElement?.id) === id, testid, { timeout: 3000 })
    .catch(() => {});
  assert.equal(await focused(page), testid, message);
}

/** The words inside `selector`'s visible elements that are broken over two lines. */
async function brokenWords(page, selector) {
  return page.locator(selector).evaluateAll((els) => {
    const broken = [];
    for (const el of els) {
      if (el.offsetParent === null) continue;
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const re = /[^\s-]+/g;
        for (let m = re.exec(node.data); m; m = re.exec(node.data)) {
          const range = document.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          if (new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1) broken.push(m[0]);
        }
      }
    }
    return broken;
  });
}

/**
 * Types `text` into the field key by key, as a person does (what was there first is
 * selected and deleted), then checks that the field kept the focus and every character
 * once the page has redrawn.
 */
async function typeInto(page, testid, text) {
  const field = page.getByTestId(testid);
  await field.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await field.pressSequentially(text, { delay: 30 });
  await page.waitForTimeout(150);
  assert.equal(await focused(page), testid, `${testid} keeps the focus while "${text}" is typed`);
  assert.equal(await field.inputValue(), text, `${testid} keeps what was typed`);
}

describe("typed key by key", () => {
  for (const viewport of VIEWPORTS) {
    const size = `${viewport.width}×${viewport.height}`;

    test(`request types are grouped by service, described, and found and chosen from the keyboard (${size})`, async () => {
      const { page, errors, close } = await openPage(`/request?${NOW}`, viewport);
      await page.getByTestId("f-contract").selectOption("hanbit-city");
      await typeInto(page, "f-requester", "김사서");
      await page.getByTestId("next").click();
      await page.getByTestId("next").click();
      const types = page.getByRole("group", { name: "요청 유형" });
      // Grouped under the services, each with its line from the catalog.
      const ops = types.getByRole("group", { name: "운영지원" });
      await ops.getByRole("radio", { name: "배너 이미지 추가" }).waitFor();
      assert.equal(await ops.getByRole("radio").count(), 15);
      assert.equal(
        await page.getByTestId("cat-banner").evaluate((r) => document.getElementById(r.getAttribute("aria-describedby")).textContent),
        "홈페이지에 배너 이미지를 새로 올립니다",
      );
      assert.equal(await types.getByRole("radio").count(), 27);
      await page.screenshot({ path: join(screenshots, `request-types-${viewport.width}.png`), fullPage: true });

      // A word of a description, key by key: only that type is left, and Enter takes it.
      const find = page.getByRole("searchbox", { name: /요청 유형 찾기/ });
      await typeInto(page, "f-category-find", "방화벽");
      assert.equal(await page.getByTestId("f-category-found").innerText(), "맞는 요청 유형 1개");
      assert.deepEqual(await types.getByRole("radio").evaluateAll((rs) => rs.filter((r) => r.checkVisibility()).map((r) => r.value)), ["security_block"]);
      await page.keyboard.press("Enter");
      await focusIs(page, "cat-security_block");
      assert.ok(await page.getByTestId("cat-security_block").isChecked());
      await page.screenshot({ path: join(screenshots, `request-types-found-${viewport.width}.png`), fullPage: true });

      // English words find Korean names too; nothing found is said.
      await typeInto(page, "f-category-find", "zzz");
      assert.equal(await page.getByTestId("f-category-found").innerText(), "찾는 말에 맞는 요청 유형이 없습니다.");
      await typeInto(page, "f-category-find", "Remote");
      const shown = () => types.getByRole("radio").evaluateAll((rs) => rs.filter((r) => r.checkVisibility()).map((r) => r.value));
      assert.deepEqual(await shown(), ["remote_support", "inspection_remote"]);
      // ↓ goes to the list, the arrows choose among the types found, Space keeps one.
      await find.press("ArrowDown");
      await focusIs(page, "cat-remote_support");
      await page.keyboard.press("ArrowDown");
      await focusIs(page, "cat-inspection_remote");
      await page.keyboard.press("Space");
      assert.ok(await page.getByTestId("cat-inspection_remote").isChecked());
      await page.keyboard.press("Tab");
      await focusIs(page, "next");
      await page.keyboard.press("Enter");
      await page.getByRole("group", { name: /점검받을 항목/ }).waitFor();
      await axeCheck(page, `/request types ${size}`);
      assert.deepEqual(errors, [], "console errors");
      await close();
    });

    test(`the self-check finds a request type as it is typed, and shows a library no vendor-only question (${size})`, async () => {
      const { page, errors, close } = await openPage(STATS, viewport);
      await page.getByTestId("q-person_days").waitFor();
      assert.equal(await page.getByTestId("q-unreasonable").isVisible(), false, "the vendor's own question is not shown");
      await typeInto(page, "f-category-find", "배너");
      await page.keyboard.press("Enter");
      assert.ok(await page.getByTestId("cat-banner").isChecked());
      await page.waitForURL(/category=banner/);
      await page.getByTestId("q-security_risk").waitFor();
      assert.equal(await page.getByTestId("q-unreasonable").isVisible(), false);
      await page.screenshot({ path: join(screenshots, `coverage-types-${viewport.width}.png`), fullPage: true });
      assert.deepEqual(errors, [], "console errors");
      await close();
    });

    test(`the self-check keeps what is typed and gives no verdict before the answers (${size})`, async () => {
      const { page, errors, close } = await openPage(STATS, viewport);
      const status = page.getByTestId("verdict-status");
      await status.waitFor();
      assert.equal(await status.getAttribute("data-status"), "Unanswered");
      assert.equal(await status.innerText(), "필수 질문에 답하면 판정이 나옵니다");
      assert.equal(await page.getByTestId("reasons").locator("li").count(), 0, "no reasons for a verdict not given");
      assert.equal(await page.getByTestId("deadlines").count(), 0, "nor deadlines");
      // Nothing is marked before the person has been to a field and left it.
      const days = page.getByTestId("q-person_days");
      const daysError = page.getByTestId("q-person_days-error");
      assert.equal(await days.getAttribute("aria-invalid"), "false");
      await days.focus();
      assert.equal(await daysError.count(), 0, "no error while in the field");
      await page.keyboard.press("Tab");
      await daysError.filter({ hasText: "이 질문에 답하세요." }).waitFor();
      assert.equal(await days.getAttribute("aria-invalid"), "true");
      assert.equal(await page.getByTestId("q-security_risk").getAttribute("aria-invalid"), "false", "the next question is not marked yet");
      // Answered from the keyboard, the question it reveals is the next on Tab.
      await focusIs(page, "q-security_risk");
      await page.keyboard.press("ArrowDown");
      await page.getByTestId("q-accepts_responsibility").waitFor();
      await page.keyboard.press("Tab");
      await focusIs(page, "q-accepts_responsibility");
      await page.getByTestId("q-security_risk").selectOption("no");
      await page.getByTestId("q-accepts_responsibility").waitFor({ state: "hidden" });

      // Decimals, a leading zero and a minus sign stay as typed, and are judged.
      await typeInto(page, "q-person_days", "2.5");
      await status.filter({ hasText: "지원 대상" }).waitFor();
      assert.equal(await status.getAttribute("data-status"), "Covered", "2.5 person-days, under the 3-day rule");
      await page.waitForFunction(() => decodeURIComponent(location.search).includes('"person_days":2.5'));
      await typeInto(page, "q-person_days", "0.5");
      await page.waitForFunction(() => decodeURIComponent(location.search).includes('"person_days":0.5'));
      assert.equal(await status.getAttribute("data-status"), "Covered");
      await typeInto(page, "q-person_days", "-3");
      await daysError.filter({ hasText: "-3은 최솟값 0보다 작습니다" }).waitFor();
      await typeInto(page, "q-person_days", "12");
      await status.filter({ hasText: "지원 대상 아님" }).waitFor();
      assert.equal(await daysError.count(), 0);
      await page.screenshot({ path: join(screenshots, `coverage-typed-${viewport.width}.png`), fullPage: true });
      // English: the same states in the other language.
      await typeInto(page, "q-person_days", "");
      await page.getByTestId("lang-en").click();
      await status.filter({ hasText: "Answer the required questions to see the verdict" }).waitFor();
      await daysError.filter({ hasText: "Answer this question." }).waitFor();
      assert.deepEqual(errors, [], "console errors");
      await close();
    });

    test(`the request wizard keeps what is typed, moves the focus with the steps and asks before filing paid work (${size})`, async () => {
      const { page, errors, close } = await openPage(`/request?${NOW}`, viewport);
      const wizard = page.getByTestId("wizard");
      await page.getByTestId("f-contract").selectOption("hanbit-city");
      const requester = page.getByTestId("f-requester");
      assert.equal(await requester.getAttribute("aria-invalid"), "false", "not marked before it is visited");
      await requester.focus();
      await page.keyboard.press("Tab");
      await page.getByRole("alert").filter({ hasText: "이 항목을 입력하세요" }).waitFor();
      assert.equal(await requester.getAttribute("aria-invalid"), "true");
      await typeInto(page, "f-requester", "김사서");
      assert.equal(await requester.getAttribute("aria-invalid"), "false");
      await page.getByTestId("next").click();
      // The focus goes to the new step's heading.
      assert.equal(await wizard.getAttribute("data-step"), "1");
      await focusIs(page, "step-heading");
      assert.match(await page.getByTestId("step-heading").innerText(), /단계 2 \/ 5/);
      await page.getByTestId("f-product").selectOption("DLi|8");
      await page.getByTestId("next").click();
      await chooseRequestType(page, "stats_report");
      await page.getByTestId("next").click();
      await focusIs(page, "step-heading");

      // Step 4: every text and number field, key by key.
      await typeInto(page, "f-title", "연간 이용자 통계");
      await typeInto(page, "f-details", "분관별, 월별로 나눠 주세요.");
      await typeInto(page, "q-person_days", "12");
      // From the keyboard: Tab goes on from field to field, and after the last to 다음.
      await page.keyboard.press("Tab");
      await focusIs(page, "q-security_risk");
      await page.keyboard.press("ArrowDown");
      await page.getByTestId("q-accepts_responsibility").waitFor();
      await page.keyboard.press("Tab");
      await focusIs(page, "q-accepts_responsibility");
      await page.keyboard.press("Shift+Tab");
      await page.keyboard.press("ArrowDown");
      await page.getByTestId("q-accepts_responsibility").waitFor({ state: "hidden" });
      // The vendor's own question is not shown to a library: Tab goes on to 다음.
      assert.equal(await page.getByTestId("q-unreasonable").isVisible(), false);
      await page.keyboard.press("Tab");
      await focusIs(page, "next", "not 이전");
      await page.keyboard.press("Enter");
      assert.equal(await wizard.getAttribute("data-step"), "4");
      await focusIs(page, "step-heading");

      // Not covered (12 person-days): the button is a choice, with the quote.
      await page.getByTestId("verdict-status").filter({ hasText: "지원 대상 아님" }).waitFor();
      assert.equal(await page.getByTestId("submit").count(), 0, "no plain 접수하기");
      const paid = page.getByTestId("submit-paid");
      assert.match(await paid.innerText(), /^유상 변경요청으로 접수 — 견적 ₩[\d,]+ \(부가세 별도\)$/);
      assert.match(await page.getByTestId("alternatives").innerText(), new RegExp((await paid.innerText()).match(/₩[\d,]+/)[0]));
      await page.getByTestId("paid-choice").scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(screenshots, `request-paid-choice-${viewport.width}.png`), fullPage: true });
      await page.getByTestId("lang-en").click();
      await paid.filter({ hasText: /^File as a paid change request — quote ₩[\d,]+ \(before VAT\)$/ }).waitFor();
      await page.getByTestId("lang-ko").click();
      // Going back files nothing; under the rule it is covered and filed as it is.
      await page.getByTestId("back-not-filed").click();
      assert.equal(await wizard.getAttribute("data-step"), "3");
      await focusIs(page, "step-heading");
      assert.equal(await page.getByTestId("q-person_days").inputValue(), "12", "what was typed is still there");
      await typeInto(page, "q-person_days", "2.5");
      await page.getByTestId("next").click();
      await page.getByTestId("verdict-status").filter({ hasText: "지원 대상" }).waitFor();
      assert.equal(await page.getByTestId("verdict-status").getAttribute("data-status"), "Covered");
      assert.equal(await page.getByTestId("paid-choice").count(), 0);
      await page.getByTestId("submit").waitFor();
      // Back to 12, and filed as the paid change request.
      await page.getByTestId("back").click();
      await typeInto(page, "q-person_days", "12");
      await page.getByTestId("next").click();
      await paid.click();
      const sr = await page.getByTestId("sr-number").innerText();
      assert.equal(sr, "SR-2026-0199");
      await focusIs(page, "sr-submitted", "the focus goes to the result");
      const kept = await page.evaluate(() => JSON.parse(localStorage.getItem("covered.store")).requests);
      assert.equal(kept.length, 1);
      assert.equal(kept[0].paid, true, "filed as paid work");
      assert.equal(kept[0].answers.person_days, 12);
      // The list of requests keeps its words whole ("상태", not 상/태), also on a phone,
      // and the page does not scroll sideways for it.
      assert.deepEqual(await brokenWords(page, '[data-testid="history-list"] :is(th, td)'), [], "no word broken over two lines");
      assert.ok(await page.evaluate(() => document.scrollingElement.scrollWidth <= window.innerWidth), "no sideways scrolling");
      // Its SR page says how it is handled and that the contract's deadlines don't apply,
      // on paper too.
      await page.getByTestId("history-list").getByRole("link", { name: sr }).click();
      assert.match(await page.getByTestId("sr-handling").innerText(), /^유상 변경요청/);
      const noClocks = page.getByTestId("sr-no-clocks");
      assert.equal(await noClocks.innerText(), "유상 변경요청에는 계약의 처리 기한(SLA)이 적용되지 않습니다. 일정과 금액은 견적으로 정합니다.");
      assert.equal(await page.getByTestId("sr-clocks").count(), 0, "no contract clock runs for paid work");
      await page.emulateMedia({ media: "print" });
      assert.ok(await noClocks.isVisible(), "printed with the form");
      await page.emulateMedia({ media: "screen" });
      await page.screenshot({ path: join(screenshots, `sr-paid-${viewport.width}.png`), fullPage: true });
      await axeCheck(page, `/sr paid ${size}`);
      assert.deepEqual(errors, [], "console errors");
      await close();
    });
  }
});

describe("request wizard", () => {
  test("a request outside the contract is not filed: the portal refuses it as the server would", async () => {
    const { page, errors, close } = await openPage(`/request?${NOW}`);
    await page.getByTestId("f-contract").selectOption("hanbit-city");
    await page.getByTestId("f-requester").pressSequentially("김사서");
    await page.getByTestId("next").click();
    // PYXIS is in the catalog but not maintained under this contract.
    await page.getByTestId("f-product").selectOption("PYXIS|1");
    await page.getByTestId("next").click();
    await chooseRequestType(page, "usage_question");
    await page.getByTestId("next").click();
    await page.getByTestId("f-title").pressSequentially("계약 밖 제품 문의");
    await page.getByTestId("next").click();
    await page.getByTestId("verdict-status").filter({ hasText: "계약 범위 밖" }).waitFor();
    // Said at once, with no button that would file it.
    await page.getByTestId("submit-refused").filter({ hasText: "계약 범위 밖의 요청이라 접수할 수 없습니다" }).waitFor();
    assert.equal(await page.getByTestId("submit").count(), 0, "no 접수하기");
    assert.equal(await page.getByTestId("submit-paid").count(), 0, "no change request either");
    assert.equal(await page.getByTestId("sr-number").count(), 0, "no SR number: nothing was filed");
    const kept = await page.evaluate(() => JSON.parse(localStorage.getItem("covered.store") ?? "{}").requests ?? []);
    assert.deepEqual(kept, [], "nothing kept in the browser");
    await page.getByTestId("lang-en").click();
    await page.getByTestId("submit-refused").filter({ hasText: "outside the contract" }).waitFor();
    assert.deepEqual(errors, [], "console errors");
    await close();
  });

  test("validates, submits the 3rd of 3 statistics reports, refuses the 4th, prints the SR form", async () => {
    const { page, errors, close } = await openPage(`/request?${NOW}`);
    // Required field: the requester.
    await page.getByTestId("next").click();
    await page.getByRole("alert").filter({ hasText: "이 항목을 입력하세요" }).waitFor();
    assert.equal(await page.getByTestId("wizard").getAttribute("data-step"), "0");

    await fillStatsReport(page, "월별 대출 통계");
    assert.equal(await page.getByTestId("verdict-status").getAttribute("data-status"), "Covered");
    assert.match(await page.getByTestId("quota").innerText(), /남음 1/);
    await page.screenshot({ path: join(screenshots, "request-review.png"), fullPage: true });
    await page.getByTestId("submit").click();
    // Numbered after the contract's last SR of the year in its history (SR-2026-0198).
    const sr = await page.getByTestId("sr-number").innerText();
    assert.equal(sr, "SR-2026-0199");
    await page.screenshot({ path: join(screenshots, "request-submitted.png"), fullPage: true });

    await page.emulateMedia({ media: "print" });
    assert.equal(await page.getByTestId("wizard").isVisible(), false, "the wizard is not printed");
    assert.equal(await page.getByTestId("history").isVisible(), false, "nor the history");
    assert.equal(await page.getByRole("navigation").isVisible(), false, "nor the navigation");
    assert.equal(await page.getByRole("heading", { level: 1 }).isVisible(), false, "nor the page's title: the form has its own");
    const form = await page.getByTestId("sr-form").innerText();
    for (const field of [sr, "김사서", "월별 대출 통계", "2026년 11월 23일 (월) 10:00", "낮음", "DLi", "접수"]) {
      assert.ok(form.includes(field), `the SR form shows ${field}`);
    }
    await page.screenshot({ path: join(screenshots, "request-print.png"), fullPage: true });
    await page.pdf({ path: join(screenshots, "request-print.pdf"), format: "A4" });
    await page.emulateMedia({ media: "screen" });

    // The 4th statistics report of the year is refused, here and on the self-check.
    await fillStatsReport(page, "연간 이용자 통계");
    assert.equal(await page.getByTestId("verdict-status").getAttribute("data-status"), "NotCovered");
    assert.match(await page.getByTestId("reasons").innerText(), /제6조 ②/);
    await page.goto(new URL(`${STATS}&answers=${encodeURIComponent('{"person_days":1,"security_risk":false}')}`, baseUrl).href);
    await page.getByTestId("verdict-status").waitFor();
    assert.equal(await page.getByTestId("verdict-status").getAttribute("data-status"), "NotCovered");
    assert.match(await page.getByTestId("quota").innerText(), /대기 1/);

    // Export as JSON and CSV, and import into a fresh browser.
    await page.goto(new URL(`/request?${NOW}`, baseUrl).href);
    assert.equal(await page.getByTestId("history-count").innerText(), "1건");
    const csvHref = await page.getByTestId("export-csv").getAttribute("href");
    const csv = decodeURIComponent(csvHref.slice(csvHref.indexOf(",") + 1));
    assert.match(csv, /^\uFEFFsr,contract,requester/);
    assert.match(csv, /SR-2026-0199,hanbit-city,김사서,main,DLi,8,stats_report,월별 대출 통계/);
    const jsonHref = await page.getByTestId("export-json").getAttribute("href");
    const exported = decodeURIComponent(jsonHref.slice(jsonHref.indexOf(",") + 1));
    assert.equal(JSON.parse(exported).schema_version, 1);
    const fresh = await openPage(`/request?${NOW}`);
    await fresh.page.getByTestId("import-json").setInputFiles({ name: "r.json", mimeType: "application/json", buffer: Buffer.from(exported) });
    await fresh.page.getByTestId("import-message").filter({ hasText: "1건을 가져왔습니다" }).waitFor();
    assert.equal(await fresh.page.getByTestId("history-count").innerText(), "1건");
    await fresh.close();
    // The CSV export reads back too (a spreadsheet's round trip), answers included;
    // a broken cell is reported by row and column and nothing is imported.
    const viaCsv = await openPage(`/request?${NOW}`);
    const broken = csv.replace("2026-11-23T10:00:00", "2026-11-31T10:00:00");
    await viaCsv.page.getByTestId("import-json").setInputFiles({ name: "edited.csv", mimeType: "text/csv", buffer: Buffer.from(broken) });
    await viaCsv.page.getByTestId("import-message").filter({ hasText: "edited.csv: $[0].submitted" }).waitFor();
    assert.equal(await viaCsv.page.getByTestId("history-count").innerText(), "0건");
    await viaCsv.page.getByTestId("import-json").setInputFiles({ name: "r.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await viaCsv.page.getByTestId("import-message").filter({ hasText: "1건을 가져왔습니다" }).waitFor();
    assert.equal(await viaCsv.page.getByTestId("history-count").innerText(), "1건");
    const stored = await viaCsv.page.evaluate(() => JSON.parse(localStorage.getItem("covered.store")));
    assert.deepEqual(stored.requests[0].answers, JSON.parse(exported).requests[0].answers, "answers survive the CSV");
    await viaCsv.close();
    assert.deepEqual(errors, [], "console errors");
    await close();
  });

  test("the draft survives a reload", async () => {
    const { page, errors, close } = await openPage(`/request?${NOW}`);
    await page.getByTestId("f-contract").selectOption("hanbit-city");
    await page.getByTestId("f-requester").fill("이담당");
    await page.getByTestId("next").click();
    await page.getByTestId("next").click();
    await chooseRequestType(page, "fault");
    await page.getByTestId("next").click();
    await page.getByTestId("f-title").fill("대출 화면 오류");
    await page.reload();
    await page.getByTestId("f-title").waitFor();
    assert.equal(await page.getByTestId("f-title").inputValue(), "대출 화면 오류");
    assert.equal(await page.getByTestId("wizard").getAttribute("data-step"), "3");
    await page.getByTestId("back").click();
    assert.ok(await page.getByTestId("cat-fault").isChecked(), "the type chosen is still chosen");
    await axeCheck(page, "/request");
    assert.deepEqual(errors, [], "console errors");
    await close();
  });

  test("a corrupted store is reported and set aside, not wiped", async () => {
    // The store is put in place before any of the app's scripts run, so that nothing
    // the app saves while it starts can overwrite it.
    const seeded = async (value) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addInitScript((v) => {
        if (!sessionStorage.getItem("seeded")) {
          localStorage.setItem("covered.store", v);
          sessionStorage.setItem("seeded", "1");
        }
      }, value);
      const page = await context.newPage();
      const errors = [];
      page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(new URL(`/request?${NOW}`, baseUrl).href);
      await page.locator('[data-testid="app-ready"]').waitFor({ timeout: 15_000 });
      return { page, errors, close: () => context.close() };
    };
    const broken = await seeded("{not json");
    await broken.page.getByTestId("store-problem").waitFor();
    assert.equal(await broken.page.evaluate(() => localStorage.getItem("covered.store.corrupt")), "{not json");
    assert.deepEqual(broken.errors, [], "console errors");
    await broken.close();
    // a version-0 store (a bare array) is migrated, and is no problem
    const old = await seeded("[]");
    await old.page.getByTestId("f-contract").waitFor();
    assert.equal(await old.page.getByTestId("store-problem").count(), 0);
    assert.deepEqual(old.errors, [], "console errors");
    await old.close();
  });
});

describe("contract status", () => {
  test("shows the period, limits, open requests with their SLA state, availability and KPIs", async () => {
    const { page, errors, close } = await openPage(`/status?${NOW}&contract=hanbit-city`);
    await page.getByTestId("days-left").waitFor();
    assert.equal(await page.getByTestId("days-left").innerText(), "만료까지 97일");
    assert.equal(await page.getByTestId("renewal-warning").count(), 0, "no warning 97 days out");
    assert.match(await page.getByTestId("quotas").innerText(), /통계 레포트 추가[\s\S]*남음 1/);
    const open = page.getByTestId("open-requests");
    assert.equal(await open.locator('tr[data-sr="SR-2026-0198"] [data-state="Breached"]').count(), 2);
    assert.match(await open.locator('tr[data-sr="SR-2026-0198"]').first().innerText(), /기한 초과\s+2일 19시간 지남/, "days from a day on");
    assert.match(await open.innerText(), /30일 21시간 지남/, "not 741시간 0분");
    for (const row of await open.locator("tr[data-sr]").allInnerTexts()) {
      assert.ok((row.match(/초과/g) ?? []).length <= 1, `"초과" once: ${row}`);
    }
    // Indicators in people's units: durations in days and hours, "—" and why without data.
    const kpis = page.getByTestId("kpis");
    assert.doesNotMatch(await kpis.innerText(), /\d\s*min\b|\d+분 ÷|undefined|정의되지 않음|NaN/);
    assert.match(await kpis.locator('tr[data-kpi="mtbf"] [data-testid="kpi-value"]').innerText(), /^(\d+일 \d+시간|— \(.+\))$/);
    for (const v of await kpis.locator('[data-testid="kpi-value"]').allInnerTexts()) {
      assert.match(v, /^(\d+(\.\d+)? %|\d+(\.\d+)?|\d+일 \d+시간|\d+시간 \d+분|— \(.+\))$/, `a value a person reads: ${v}`);
    }
    assert.match(await page.getByTestId("availability").innerText(), /%/);
    await page.getByTestId("sla-chart").waitFor();
    assert.ok((await page.getByTestId("kpis").locator("tr").count()) >= 5);
    await page.screenshot({ path: join(screenshots, "status.png"), fullPage: true });
    await axeCheck(page, "/status");

    // 60 days before the end: the renewal warning.
    await page.goto(new URL("/status?now=2026-12-30T10:00:00&contract=hanbit-city", baseUrl).href);
    await page.getByTestId("renewal-warning").waitFor();
    assert.match(await page.getByTestId("renewal-warning").innerText(), /60일/);
    assert.deepEqual(errors, [], "console errors");
    await close();
  });

  test("an ended contract is shown as of its last day, one not yet started as of its first", async () => {
    const { page, errors, close } = await openPage(`/status?${NOW}&contract=yetgil-city`);
    await page.getByTestId("days-left").waitFor();
    assert.equal(await page.getByTestId("days-left").innerText(), "692일 전 종료", "not a negative count");
    assert.equal(await page.getByTestId("renewal-warning").innerText(), "계약이 종료되었습니다.");
    assert.match(await page.getByTestId("quota-basis").innerText(), /2024년 12월 31일/);
    const quotas = await page.getByTestId("quotas").innerText();
    assert.match(quotas, /남음 3 · 2024년 12월 31일 \(화\) 계약 종료/, "the last contract year's use, and no reset to come");
    assert.doesNotMatch(quotas, /초기화|2027년/);
    assert.match(await page.locator("#st-kpi").innerText(), /마지막 계약 연도/);
    assert.match(await page.getByTestId("sla-chart").getAttribute("aria-label"), /^2024-01: /);

    await page.goto(new URL("/status?now=2026-03-15T10:00:00&contract=pureun-district", baseUrl).href);
    await page.getByTestId("quota-basis").waitFor();
    assert.equal(await page.getByTestId("days-left").innerText(), "시작까지 17일");
    assert.equal(await page.getByTestId("renewal-warning").innerText(), "계약이 아직 시작되지 않았습니다.");
    assert.match(await page.getByTestId("quota-basis").innerText(), /2026년 4월 1일/);
    assert.equal(await page.getByTestId("sla-chart").count(), 0, "no indicators before the start");
    assert.deepEqual(errors, [], "console errors");
    await close();
  });
});

describe("package comparison", () => {
  test("a licence amount it can't use is explained beside the field, in the reader's language", async () => {
    const { page, errors, close } = await openPage("/packages?now=2026-11-20T22:30:00&severity=critical");
    const field = page.getByTestId("p-licence");
    await page.getByTestId("compare").waitFor();
    for (const [typed, ko] of [["-5", "0원 이상이어야 합니다."], ["abc", "숫자로 입력하세요 (예: 150,000,000)."], ["", "라이선스 금액을 입력하세요."]]) {
      await field.fill(typed);
      assert.equal(await page.getByTestId("p-licence-error").innerText(), ko, typed);
      assert.equal(await field.getAttribute("aria-invalid"), "true");
      assert.equal(await page.getByTestId("compare").count(), 0);
      assert.equal(await page.locator(".alert").count(), 0, "no engine message in English on the Korean page");
    }
    assert.equal(await field.inputValue(), "", "what was typed stays");
    await page.getByRole("button", { name: "English" }).click();
    await field.fill("-1");
    assert.equal(await page.getByTestId("p-licence-error").innerText(), "It must be 0 or more.");
    await field.fill("200,000,000");
    await page.getByTestId("compare").waitFor();
    assert.equal(await page.getByTestId("p-licence-error").count(), 0);
    assert.equal(await field.getAttribute("aria-invalid"), "false");
    assert.deepEqual(errors, [], "console errors");
    await close();
  });

  test("every tier's due times for a Friday-night Critical incident, fees, and the replay", async () => {
    const { page, errors, close } = await openPage("/packages?now=2026-11-20T22:30:00&severity=critical&licence=150000000&at=2026-11-20T22:30&contract=hanbit-city");
    const table = page.getByTestId("compare");
    await table.waitFor();
    const text = await table.innerText();
    for (const tier of ["Bronze", "Silver", "Gold", "Platinum"]) assert.ok(text.includes(tier), tier);
    assert.ok(text.includes("2026년 11월 23일 (월) 12:00"), "Bronze answers on Monday");
    assert.ok(text.includes("2026년 11월 20일 (금) 23:00"), "Platinum answers within 30 min");
    assert.match(text, /₩15,000,000/);
    const replay = page.getByTestId("replay");
    assert.equal(await replay.locator(".tier-card").count(), 4);
    assert.match(await replay.locator('[data-tier="gold"]').innerText(), /현재 등급/);
    // On paper (a sheet for a customer meeting): titled, without the site's navigation.
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.getByRole("heading", { level: 1, name: "패키지 비교" }).isVisible(), true);
    assert.equal(await page.getByRole("navigation").isVisible(), false);
    await page.emulateMedia({ media: "screen" });
    await page.screenshot({ path: join(screenshots, "packages.png"), fullPage: true });
    await axeCheck(page, "/packages");
    const { page: small, close: closeSmall } = await openPage("/packages?now=2026-11-20T22:30:00", { width: 360, height: 740 });
    await small.getByTestId("compare").waitFor();
    const overflow = await small.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, "the table scrolls inside its box at 360 px");
    await closeSmall();
    assert.deepEqual(errors, [], "console errors");
    await close();
  });
});

describe("budgets", () => {
  test("first load, time to interactive and keystroke recompute", async () => {
    const load = await portalFirstLoad(browser, baseUrl, STATS);
    const { page, context, responses, precompressed, rawBytes: raw, gzBytes: gz, gz9Bytes: gz9 } = load;
    const kb = gz / 1024;
    firstLoadKb = kb;
    // Time to interactive is the median of five first loads, each in a fresh context:
    // one load on this 2-core machine varies by ±80 ms with what else is running.
    const loads = [load];
    for (let i = 1; i < 5; i++) loads.push(await portalFirstLoad(browser, baseUrl, STATS));
    for (const other of loads.slice(1)) await other.close();
    const byTime = [...loads].sort((a, b) => a.interactiveMs - b.interactiveMs);
    const middle = byTime[2];
    const tti = middle.interactiveMs;

    // Keystroke: time from the input event until the verdict is re-rendered.
    const samples = await keystrokeSamples(page);
    console.log(`keystroke samples (ms): ${samples.map((s) => `${s.total.toFixed(2)}/${s.engine.toFixed(2)}`).join(", ")}`);
    const { median, worst, engine } = keystrokeSummary(samples);
    console.log(`budget: first load ${kb.toFixed(1)} KB gzipped as sent (${responses} responses, ${precompressed} of them precompressed by the build; ${(raw / 1024).toFixed(0)} KB raw, ${(gz9 / 1024).toFixed(1)} KB at gzip -9) (≤ 300) ${kb <= 300 ? "pass" : "FAIL"}`);
    // The budget holds on an idle machine: the load average is printed beside the figure.
    const load1 = os.loadavg()[0];
    console.log(`budget: interactive in ${tti.toFixed(0)} ms at load average ${load1.toFixed(2)}, median of five loads (samples ${loads.map((l) => l.interactiveMs.toFixed(0)).join(", ")}) (≤ 250 on an idle machine) ${tti <= 250 ? "pass" : "FAIL"} — the median: ${describePhases(middle)}`);
    console.log(`budget: recomputing the verdict on a keystroke ≤ ${engine.toFixed(2)} ms (worst of ${samples.length}) (≤ 16) ${engine <= 16 ? "pass" : "FAIL"}`);
    console.log(`budget: keystroke to re-rendered verdict median ${median.toFixed(2)} ms, worst ${worst.toFixed(2)} ms at load average ${load1.toFixed(2)} (≤ 16 median, ≤ 33 worst) ${median <= 16 && worst <= 33 ? "pass" : "FAIL"}`);
    // Timings are reported above, never judged: this machine is shared, and a busy
    // neighbour doubles them. What is asserted is a bound no machine that works reaches:
    // a recompute that takes a second is a hang, not a slow machine.
    assert.ok(engine < 1000, `recomputing the verdict took ${engine.toFixed(2)} ms: the engine hangs`);
    assert.ok(tti < 30_000, `the portal was not interactive within 30 s (${tti.toFixed(0)} ms)`);
    await context.close();
  });

  // The self-check, arriving with a shared address: the main wasm (the engine's loader
  // and verdict, Leptos, the self-check's views) and the data set. The other pages'
  // views are chunks fetched when first opened (app/src/pages/mod.rs).
  test("first load ≤ 300 KB gzipped", () => {
    assert.ok(firstLoadKb <= 300, `first load ${firstLoadKb.toFixed(1)} KB gzipped`);
  });

  test("the other pages load their own chunk, not each other's", async () => {
    const entries = [
      ["/", "sections", ["home_page"]],
      ["/coverage?" + NOW, "f-contract", []],
      ["/status?" + NOW + "&contract=hanbit-city", "kpis", ["status_page"]],
      ["/packages?" + NOW, "compare", ["packages_page"]],
      ["/request?" + NOW, "wizard", ["request_page"]],
    ];
    // The chunks of the pages' own code (xtask/src/split.rs names them `split_{page}.wasm`).
    const views = ["home_page", "status_page", "packages_page", "request_page", "sr_page"];
    for (const [path, testId, expected] of entries) {
      const load = await entryLoad(browser, baseUrl, path, testId);
      const loaded = views.filter((v) => load.wasm.includes(`split_${v}.wasm`));
      console.log(`first load arriving at ${path.split("?")[0]}: ${(load.gzBytes / 1024).toFixed(1)} KB gzipped as sent (${load.wasm.length} wasm files: ${loaded.join(", ") || "no page chunk"})`);
      assert.deepEqual(loaded, expected, `${path}: page chunks fetched`);
    }
  });
});

describe("pages loaded when first opened", () => {
  test("a page says it is loading, says so when its code cannot be fetched, and loads on the next visit", async () => {
    const { page, errors, close } = await openPage(`/coverage?${NOW}`);
    const nav = page.getByRole("navigation");
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    let refuse = true;
    await page.route(/status_page.*\.wasm$/, async (route) => {
      await held;
      if (refuse) await route.abort("internetdisconnected");
      else await route.continue();
    });
    await nav.getByRole("link", { name: "계약 현황" }).click();
    assert.equal(new URL(page.url()).pathname, "/status");
    const main = page.locator("main");
    assert.equal(await main.evaluate((m) => getComputedStyle(m, "::before").content), '"페이지를 불러오는 중입니다…"');
    release();
    await page.getByTestId("chunk-missing").waitFor();
    assert.match(await page.getByTestId("chunk-missing").innerText(), /불러오지 못했습니다/);
    // The app is still there: the other pages work, and the page loads on the next visit.
    await nav.getByRole("link", { name: "지원 범위 자가 점검" }).click();
    await page.getByTestId("f-contract").waitFor();
    refuse = false;
    await nav.getByRole("link", { name: "계약 현황" }).click();
    await page.getByTestId("s-contract").waitFor();
    assert.equal(await page.getByTestId("chunk-missing").count(), 0);
    // The refused fetch is the only console error.
    assert.ok(errors.every((e) => /ERR_INTERNET_DISCONNECTED|Failed to fetch|status_page/.test(e)), JSON.stringify(errors));
    await close();
  });

  test("pointing at a section's link fetches its page's code before the click", async () => {
    const { page, errors, close } = await openPage(`/coverage?${NOW}`);
    const fetched = page.waitForResponse((r) => r.url().endsWith("/split_packages_page.wasm"));
    await page.getByRole("navigation").getByRole("link", { name: "패키지 비교" }).hover();
    await fetched;
    assert.equal(new URL(page.url()).pathname, "/coverage", "still on the self-check");
    await page.getByRole("navigation").getByRole("link", { name: "패키지 비교" }).click();
    await page.getByTestId("compare").waitFor();
    assert.deepEqual(errors, [], "console errors");
    await close();
  });
});

describe("records and links", () => {
  test("the home page and the forms use the loaded vendor's words, not the library sample's", async () => {
    const { page, errors, close } = await openPage(`/?${NOW}`);
    await page.getByTestId("data-from").filter({ hasText: "샘플 도서관솔루션(주)" }).waitFor();
    assert.equal(await page.getByTestId("audience-staff").innerText(), "도서관 담당자");
    await page.goto(new URL(`/?data=cloud&${NOW}`, baseUrl).href);
    await page.getByTestId("data-from").filter({ hasText: "샘플 클라우드 관리서비스" }).waitFor();
    assert.equal(await page.getByTestId("audience-staff").innerText(), "고객사 담당자");
    assert.doesNotMatch(await page.locator("main").innerText(), /도서관|Bronze/, "nothing of the library sample");
    await page.goto(new URL(`/coverage?data=cloud&${NOW}`, baseUrl).href);
    await page.getByLabel("사업장").waitFor();
    // No customer of this vendor has a history: the replay says so instead of failing.
    await page.goto(new URL(`/packages?data=cloud&${NOW}`, baseUrl).href);
    await page.getByTestId("compare").waitFor();
    assert.equal(await page.getByTestId("replay-none").innerText(), "이 자료에는 재평가할 요청 이력이 있는 고객이 없습니다.");
    assert.equal(await page.locator(".alert").count(), 0);
    assert.equal(await page.getByTestId("p-contract").isVisible(), false);
    assert.deepEqual(errors, [], "console errors");
    await close();
  });

  test("a question with several answers is a group of checkboxes, kept in the address", async () => {
    const { page, errors, close } = await openPage(`/coverage?${NOW}&contract=hanbit-city&branch=main&product=DLi&version=8&category=inspection_visit`);
    const group = page.getByRole("group", { name: /점검받을 항목/ });
    await group.waitFor();
    assert.equal(await group.getByRole("checkbox").count(), 3);
    await group.getByRole("checkbox", { name: /어플리케이션/ }).check();
    await page.waitForFunction(() => decodeURIComponent(location.search).includes('"inspection_items":["application"]'));
    const applicationOnly = await page.getByTestId("verdict-status").getAttribute("data-status");
    // Ticking the DBMS too brings in the DBMS rule: this contract has no DBMS add-on.
    await group.getByRole("checkbox", { name: /DBMS/ }).check();
    await page.waitForFunction(() => decodeURIComponent(location.search).includes('"inspection_items":["application","dbms"]'));
    assert.match(await page.getByTestId("reasons").innerText(), /제9조 ③/);
    assert.notEqual(await page.getByTestId("verdict-status").getAttribute("data-status"), applicationOnly);
    await page.screenshot({ path: join(screenshots, "coverage-multi-choice.png"), fullPage: true });
    // The shared address brings the same ticks back.
    await page.reload();
    await group.waitFor();
    assert.equal(await group.getByRole("checkbox", { name: /어플리케이션/ }).isChecked(), true);
    assert.equal(await group.getByRole("checkbox", { name: /DBMS/ }).isChecked(), true);
    assert.equal(await group.getByRole("checkbox", { name: /하드웨어/ }).isChecked(), false);
    await group.getByRole("checkbox", { name: /DBMS/ }).uncheck();
    await page.waitForFunction(() => decodeURIComponent(location.search).includes('"inspection_items":["application"]'));
    assert.equal(await page.getByTestId("verdict-status").getAttribute("data-status"), applicationOnly);
    await axeCheck(page, "/coverage (checkboxes)");
    assert.deepEqual(errors, [], "console errors");
    await close();
  });

  test("links inside the portal keep the data set and the pinned clock", async () => {
    const { page, errors, close } = await openPage(`/?data=cloud&${NOW}`);
    await page.getByRole("navigation").getByRole("link", { name: "계약 현황" }).click();
    await page.waitForURL(/\/status\?/);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get("data"), "cloud");
    assert.equal(url.searchParams.get("now"), "2026-11-23T10:00:00");
    assert.equal(await page.getByRole("navigation").getByRole("link", { name: "계약 현황" }).getAttribute("aria-current"), "page");
    // `?lang=en` in a shared address shows the portal in English.
    await page.goto(new URL(`/packages?lang=en&${NOW}`, baseUrl).href);
    await page.getByRole("heading", { level: 1, name: /package/i }).waitFor();
    assert.equal(await page.locator("html").getAttribute("lang"), "en");
    assert.deepEqual(errors, [], "console errors");
    await close();
  });

  test("a submitted request has its own printable SR page", async () => {
    const { page, errors, close } = await openPage(`/request?${NOW}`);
    await fillStatsReport(page, "SR 페이지 확인");
    await page.getByTestId("submit").click();
    const sr = await page.getByTestId("sr-number").innerText();
    const list = page.getByTestId("history-list");
    await list.getByRole("link", { name: sr }).click();
    await page.waitForURL(new RegExp(`/sr/hanbit-city/${sr}\\?now=`));
    const form = page.getByTestId("sr-form");
    await form.waitFor();
    for (const field of [sr, "김사서", "SR 페이지 확인", "접수"]) {
      assert.ok((await form.innerText()).includes(field), `the SR page shows ${field}`);
    }
    // Its deadlines and where each stands: submitted Mon 10:00, answered within a business day.
    const response = page.getByTestId("sr-clocks").locator('li[data-clock="response"]');
    assert.match(await response.innerText(), /2026년 11월 24일 \(화\) 10:00 정상 진행 1일 0시간 남음/);
    assert.equal(await response.locator("[data-state]").getAttribute("data-state"), "OnTrack");
    assert.equal(await page.getByTestId("sr-clocks").locator("li").count(), 2, "response and restore");
    // Reloading the address shows it again (it lives in this browser's store).
    await page.reload();
    await page.getByTestId("sr-form").waitFor();
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.getByRole("navigation").isVisible(), false, "the navigation is not printed");
    // The printed form says what was asked for, how it is handled, and by when.
    assert.ok((await form.innerText()).includes("통계 레포트 추가"), "the request type is printed");
    assert.equal(await page.getByTestId("sr-handling").innerText(), "유지보수 계약으로 처리");
    assert.equal(await page.getByTestId("sr-clocks").isVisible(), true, "the deadlines are printed");
    await page.screenshot({ path: join(screenshots, "sr-page-print.png"), fullPage: true });
    await page.emulateMedia({ media: "screen" });
    await axeCheck(page, "/sr");
    // The library cancels it from the keyboard: covered-core's lifecycle gives the customer
    // that move on a request just filed; its clocks stop and the list says so.
    const cancel = page.getByTestId("local-to-cancelled");
    assert.equal(await cancel.innerText(), "→ 취소");
    // Kept in this browser, a request can't carry files, and the page says why.
    assert.equal(await page.getByTestId("attach").count(), 0);
    assert.match(await page.getByTestId("attach-static").innerText(), /공급사 서버로 접수한 요청에만/);
    assert.equal(await page.getByTestId("local-to-in_progress").count(), 0, "only the vendor works it");
    await cancel.focus();
    await page.keyboard.press("Enter");
    await page.getByTestId("local-status").filter({ hasText: "취소" }).waitFor();
    assert.match(await form.innerText(), /상태\s+취소/);
    assert.equal(await page.getByTestId("sr-clocks").count(), 0, "a cancelled request's clocks are gone");
    assert.equal(await page.getByTestId("local-to-cancelled").count(), 0, "no move out of cancelled");
    await page.reload();
    await page.getByTestId("local-status").filter({ hasText: "취소" }).waitFor();
    await page.getByRole("link", { name: "요청 접수로 돌아가기" }).click();
    const row = page.getByTestId("history-list").getByRole("row").filter({ hasText: sr });
    assert.equal(await row.getByTestId("history-status").innerText(), "취소");
    // An unknown number says so instead of showing an empty form.
    await page.goto(new URL(`/sr/hanbit-city/SR-2026-9999?${NOW}`, baseUrl).href);
    await page.getByTestId("sr-missing").waitFor();
    assert.deepEqual(errors, [], "console errors");
    await close();
  });
});
