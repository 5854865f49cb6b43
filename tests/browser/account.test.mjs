// The pages of a logged-in account and of the vendor's staff beyond the desk, on the
// sample server `cargo xtask test` starts (COVERED_SERVER_URL; see server.test.mjs):
// - a library sets where its notices go and which it gets, and makes, replaces and ends
//   a private calendar address that a calendar app reads without a login;
// - a library attaches files while filing a request and with a comment; a file of a
//   kind the server doesn't keep is named, and the request is filed all the same;
// - vendor staff read the audit trail, narrow it to one account by typing, export it as
//   CSV, and reach one request's entries from its page;
// - a critical fault, once restored, asks vendor staff for its incident report, prefilled
//   from the request's events; the library reads it once it is saved; it prints on A4.
// All as `saesol` (새솔대학교 도서관), whom the other server tests leave alone, and
// `vendor`; typed key by key, at 1280×900 and 390×844.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { axeCheck } from "./axe.mjs";
import { chooseRequestType, launchChromium } from "./chromium.mjs";

const serverUrl = process.env.COVERED_SERVER_URL;
const screenshots = process.env.COVERED_SCREENSHOTS ?? join("target", "screenshots");
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

let browser;
let files;

before(async () => {
  if (!serverUrl && process.env.CI) {
    assert.fail("set COVERED_SERVER_URL to a running `covered serve` (cargo xtask test does this)");
  }
  mkdirSync(screenshots, { recursive: true });
  browser = await launchChromium();
  files = mkdtempSync(join(tmpdir(), "covered-files-"));
  // A 1×1 PNG, a text log, and a program (which the server does not keep).
  writeFileSync(join(files, "화면.png"), Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64"));
  writeFileSync(join(files, "error.log"), "2026-11-23 10:01:02 ERROR loan service stopped\n");
  writeFileSync(join(files, "tool.exe"), Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x01]));
});

after(async () => {
  await browser?.close();
});

/** A fresh browser on `path`, logged in as `login` by typing key by key. */
async function visit(path, login, viewport = DESKTOP) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  if (process.env.COVERED_CONSOLE) page.on("console", (m) => console.log(`console ${m.type()}: ${m.text()}`));
  await page.goto(new URL(path, serverUrl).href);
  await page.locator('[data-testid="app-ready"]').waitFor({ timeout: 15_000 });
  if (login) {
    await page.getByTestId("login-name").pressSequentially(login);
    await page.getByTestId("login-password").pressSequentially(`demo-${login}`);
    await page.getByTestId("login-password").press("Enter");
    await page.getByTestId("account").waitFor();
  }
  return { page, errors, close: () => context.close() };
}

/** The page is no wider than the window (nothing to scroll sideways but its tables). */
async function noSidewaysScroll(page, what) {
  const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  assert.ok(scroll <= inner + 1, `${what}: the page is ${scroll} px wide in a ${inner} px window`);
}

/** Files a request through the wizard as `saesol`; `impact` picks the fault's impact; `attach` files to choose in step 4. Returns its SR number. */
async function fileFault(page, title, impact, attach = []) {
  await page.getByTestId("next").click();
  await page.getByTestId("f-product").selectOption("DLi|25");
  await page.getByTestId("next").click();
  await chooseRequestType(page, "fault");
  await page.getByTestId("next").click();
  await page.getByTestId("f-title").pressSequentially(title);
  const select = page.getByTestId("q-impact");
  await select.focus();
  for (let i = 0; i < 20 && (await select.inputValue()) !== impact; i++) await page.keyboard.press("ArrowDown");
  assert.equal(await select.inputValue(), impact);
  if (attach.length) {
    await page.getByTestId("f-files").setInputFiles(attach.map((f) => join(files, f)));
    const chosen = await page.getByTestId("f-files-chosen").innerText();
    for (const f of attach) assert.match(chosen, new RegExp(f.replace(".", "\\.")), `${f} is listed before filing`);
  }
  await page.getByTestId("next").click();
  await page.getByTestId("verdict-status").waitFor();
  await page.getByTestId("submit").click();
  return page.getByTestId("sr-number").innerText();
}

describe("an account's pages and the vendor's pages on covered serve", { skip: !serverUrl && !process.env.CI && "COVERED_SERVER_URL is not set" }, () => {
  for (const viewport of [DESKTOP, PHONE]) {
    test(`a library sets its notices and a private calendar address (${viewport.width}×${viewport.height})`, async () => {
      const { page, errors, close } = await visit("/coverage", "saesol", viewport);
      await page.getByTestId("settings-nav").click();
      await page.getByTestId("settings-form").waitFor();
      assert.match(await page.title(), /^알림·캘린더 설정 — Covered/);
      const email = page.getByTestId("s-email");
      await email.fill("");
      await email.pressSequentially(`saesol.${viewport.width}@example.ac.kr`);
      // To the notices' choice by Tab (onto the one chosen), then an arrow key picks the
      // other: "only the resolution" on the first run, "all" again on the next.
      await page.keyboard.press("Tab");
      await page.keyboard.press("Tab");
      const was = await page.evaluate(() => document.activeElement?.dataset?.testid);
      assert.ok(["s-notify-all", "s-notify-resolution"].includes(was), `the focus is on the choice (${was})`);
      assert.equal(await page.getByTestId(was).isChecked(), true, "Tab lands on the chosen one");
      await page.keyboard.press(was === "s-notify-all" ? "ArrowDown" : "ArrowUp");
      const chosen = was === "s-notify-all" ? "s-notify-resolution" : "s-notify-all";
      assert.equal(await page.getByTestId(chosen).isChecked(), true);
      await page.keyboard.press("Tab");
      await page.keyboard.press("Enter");
      await page.getByTestId("s-saved").filter({ hasText: "저장했습니다" }).waitFor();
      // What was saved is what the page shows after a reload.
      await page.reload();
      await page.getByTestId("settings-form").waitFor();
      await page.waitForFunction(() => document.querySelector('[data-testid="s-email"]')?.value?.includes("@"));
      assert.equal(await email.inputValue(), `saesol.${viewport.width}@example.ac.kr`);
      assert.equal(await page.getByTestId(chosen).isChecked(), true);

      // A calendar address: made, read without a login, replaced, ended.
      await page.getByTestId("feed-make").click();
      const first = await page.getByTestId("feed-url").inputValue();
      assert.match(first, /^http:\/\/127\.0\.0\.1:\d+\/api\/calendar\/[A-Za-z0-9_-]{20,}\.ics$/);
      const feed = await fetch(first);
      assert.equal(feed.status, 200);
      assert.match(feed.headers.get("content-type"), /^text\/calendar/);
      // (Lines longer than 75 octets are folded: unfolded first.)
      const ics = (await feed.text()).replace(/\r\n[ \t]/g, "");
      assert.match(ics, /^BEGIN:VCALENDAR/);
      assert.match(ics, /새솔대학교 도서관/, "the contract's renewal, in the account's language");
      await page.getByTestId("feed-state").filter({ hasText: "캘린더 주소가 있습니다" }).waitFor();
      await page.screenshot({ path: join(screenshots, `settings-${viewport.width}.png`), fullPage: true });
      await axeCheck(page, `/settings ${viewport.width}`);
      await noSidewaysScroll(page, "/settings");
      await page.getByTestId("feed-make").click();
      await page.waitForFunction((old) => {
        const v = document.querySelector('[data-testid="feed-url"]')?.value;
        return v && v !== old;
      }, first);
      const second = await page.getByTestId("feed-url").inputValue();
      assert.equal((await fetch(first)).status, 404, "the replaced address no longer answers");
      assert.equal((await fetch(second)).status, 200);
      await page.getByTestId("feed-end").click();
      await page.getByTestId("feed-state").filter({ hasText: "아직 캘린더 주소가 없습니다" }).waitFor();
      assert.equal((await fetch(second)).status, 404, "an ended address no longer answers");
      assert.deepEqual(errors, []);
      await close();
    });
  }

  test("a library attaches files when filing and with a comment; a program is refused by name (1280×900, then 390×844)", async () => {
    const { page, errors, close } = await visit("/request", "saesol", DESKTOP);
    const sr = await fileFault(page, "검색 화면 오류 메시지", "minor", ["화면.png", "tool.exe", "error.log"]);
    // The first file goes, the program is refused by name, and the request is filed.
    await page.getByTestId("files-problem").waitFor();
    assert.match(await page.getByTestId("files-problem").innerText(), /tool\.exe/);
    assert.match(await page.getByTestId("files-sent").innerText(), /1개/);
    assert.match(sr, /^SR-2026-\d{4}$/);
    assert.deepEqual(errors, []);
    await close();

    const phone = await visit(`/sr/saesol-univ/${sr}`, "saesol", PHONE);
    const p = phone.page;
    await p.getByTestId("attachment").filter({ hasText: "화면.png" }).waitFor();
    await p.getByTestId("comment").pressSequentially("오류 로그를 붙입니다.");
    await p.getByTestId("comment-files").setInputFiles(join(files, "error.log"));
    assert.match(await p.getByTestId("comment-files-chosen").innerText(), /error\.log/);
    await p.getByTestId("comment-send").click();
    await p.getByTestId("attachment").filter({ hasText: "error.log" }).waitFor();
    await p.locator('[data-testid="events"] li').filter({ hasText: "오류 로그를 붙입니다." }).waitFor();
    assert.equal(await p.getByTestId("comment").inputValue(), "", "the comment box is empty again");
    // The file downloads as it was sent.
    const href = await p.getByTestId("attachment").filter({ hasText: "error.log" }).getAttribute("href");
    const got = await p.request.get(new URL(href, serverUrl).href);
    assert.equal(got.status(), 200);
    assert.match(got.headers()["content-disposition"], /^attachment/);
    assert.match(await got.text(), /loan service stopped/);
    await noSidewaysScroll(p, "SR page");
    assert.deepEqual(phone.errors, []);
    await phone.close();
  });

  for (const viewport of [DESKTOP, PHONE]) {
    test(`vendor staff read the audit trail, narrow it to an account, export it (${viewport.width}×${viewport.height})`, async () => {
      // Something of saesol's to find: a login.
      const lib = await visit("/coverage", "saesol", viewport);
      await lib.close();
      const { page, errors, close } = await visit("/coverage", "vendor", viewport);
      await page.getByTestId("audit-nav").click();
      await page.getByTestId("audit-list").waitFor();
      assert.match(await page.title(), /^감사 기록 — Covered/);
      const account = page.getByTestId("a-account");
      await account.pressSequentially("saesol");
      await page.keyboard.press("Tab");
      await page.waitForFunction(() => {
        const rows = [...document.querySelectorAll('[data-testid="audit-row"]')];
        return rows.length > 0 && rows.every((r) => r.querySelector('[data-testid="audit-who"]')?.textContent === "saesol");
      });
      const kinds = await page.getByTestId("audit-row").evaluateAll((rs) => rs.map((r) => r.dataset.kind));
      assert.ok(kinds.includes("login"), `a login among ${kinds}`);
      assert.match(await page.getByTestId("audit-count").innerText(), /건 중 1–/);
      const csv = await page.getByTestId("audit-csv").getAttribute("href");
      assert.equal(csv, "/api/audit.csv?account=saesol");
      const got = await page.request.get(new URL(csv, serverUrl).href);
      assert.equal(got.status(), 200);
      const lines = (await got.text()).trim().split("\n");
      assert.ok(lines.length >= 2, "a header and rows");
      assert.ok(lines.slice(1).every((l) => l.includes("saesol")), "only saesol's rows");
      await page.screenshot({ path: join(screenshots, `audit-${viewport.width}.png`), fullPage: true });
      await axeCheck(page, `/audit ${viewport.width}`);
      await noSidewaysScroll(page, "/audit");
      // Paging works: the next page's button is a button, named.
      assert.equal(await page.getByTestId("audit-next").innerText(), "다음 페이지");
      assert.deepEqual(errors, []);
      await close();
    });
  }

  test("a restored critical fault asks for its incident report; the library reads it; it prints on one A4 page", async () => {
    const library = await visit("/request", "saesol", DESKTOP);
    const sr = await fileFault(library.page, "전체 대출 중단", "whole_system");
    await library.close();

    const vendor = await visit(`/sr/saesol-univ/${sr}`, "vendor", DESKTOP);
    const { page } = vendor;
    await page.getByTestId("to-resolved").waitFor();
    await page.getByTestId("move-note").pressSequentially("DB 연결 풀을 재시작해 복구했습니다.");
    await page.getByTestId("to-resolved").click();
    await page.getByTestId("incident-link").filter({ hasText: "작성 필요" }).waitFor();
    // The audit of this request, from its page.
    await page.getByTestId("request-audit").click();
    await page.getByTestId("audit-one-request").waitFor();
    await page.waitForFunction((sr) => {
      const rows = [...document.querySelectorAll('[data-testid="audit-row"]')];
      return rows.length >= 2 && rows.every((r) => r.textContent.includes(sr));
    }, sr);
    await page.goBack();
    await page.getByTestId("incident-link").locator("a").click();
    await page.getByTestId("incident-form").waitFor();
    assert.match(await page.getByTestId("incident-state").innerText(), /작성 기한: .*까지 작성/);
    // Prefilled from the request: its events as the timeline, the restore time.
    const lines = page.getByTestId("i-line");
    assert.ok((await lines.count()) >= 2, "received and resolved at least");
    assert.match(await page.getByTestId("i-restored").inputValue(), /^2026-11-23T\d\d:\d\d$/);
    // The summary written anew (select all, type); the impact added to the draft's.
    await page.getByTestId("i-summary").press("Control+A");
    await page.getByTestId("i-summary").pressSequentially("대출·반납 전체 중단");
    await page.getByTestId("i-impact").press("End");
    await page.getByTestId("i-impact").press("Enter");
    await page.getByTestId("i-impact").pressSequentially("중앙도서관·의학도서관 전 데스크");
    await page.getByTestId("i-cause").pressSequentially("DB 연결 풀 고갈");
    await page.getByTestId("i-add").click();
    // The new line's time has the focus (once the page has drawn the line: a frame or two
    // on a busy machine).
    await page.waitForFunction(() => document.activeElement?.dataset?.testid === "i-at", null, { timeout: 3000 });
    assert.equal(await page.evaluate(() => document.activeElement?.dataset?.testid), "i-at");
    await page.getByTestId("i-at").last().fill("2026-11-23T10:20");
    await page.getByTestId("i-text").last().pressSequentially("연결 풀 설정 상향");
    await page.getByTestId("i-follow-up").pressSequentially("연결 풀 감시 경보 추가");
    await page.getByTestId("i-save").click();
    await page.getByTestId("i-saved").filter({ hasText: "저장했습니다" }).waitFor();
    await page.getByTestId("incident-state").filter({ hasText: "작성" }).waitFor();
    await page.screenshot({ path: join(screenshots, "incident-vendor.png"), fullPage: true });
    await axeCheck(page, "incident report, vendor");
    assert.deepEqual(vendor.errors, []);
    await vendor.close();

    const again = await visit(`/sr/saesol-univ/${sr}`, "saesol", PHONE);
    await again.page.getByTestId("incident-link").filter({ hasText: "작성됨" }).locator("a").click();
    const report = again.page.getByTestId("incident-report");
    await report.waitFor();
    const text = await report.innerText();
    for (const part of ["대출·반납 전체 중단", "DB 연결 풀 고갈", "연결 풀 설정 상향", "연결 풀 감시 경보 추가"]) {
      assert.ok(text.includes(part), `the library reads "${part}"`);
    }
    assert.equal(await again.page.getByTestId("i-summary").count(), 0, "nothing to edit for the library");
    await noSidewaysScroll(again.page, "incident report, phone");
    await axeCheck(again.page, "incident report, library");
    // Printed: one A4 page, without the portal's header or buttons.
    await again.page.emulateMedia({ media: "print" });
    assert.equal(await again.page.locator(".site-header").isVisible(), false);
    assert.equal(await again.page.getByTestId("i-print").isVisible(), false);
    const pdf = await again.page.pdf({ format: "A4" });
    const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    assert.equal(pages, 1, "one A4 page");
    assert.deepEqual(again.errors, []);
    await again.close();
  });
});
