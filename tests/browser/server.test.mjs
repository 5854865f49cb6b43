// The portal served by `covered serve` (COVERED_SERVER_URL: the sample data, a fresh
// SQLite database, the demo accounts, the clock started at 2026-11-23 10:00 with
// `--now`, which the portal follows whatever the browser's clock says): a login
// first; each customer sees only its own contract; a request filed by one staff member
// is numbered by the server and counted against the limit for the next one; another
// institution never sees it; vendor staff move it on and comment, and the library sees
// that; logging out shows the login again.
//
// `cargo xtask test` starts the server and sets COVERED_SERVER_URL; by hand:
// `cargo run -p covered-cli -- serve --site target/site --db /tmp/t.db --now 2026-11-23T10:00:00`
// and `COVERED_SERVER_URL=http://127.0.0.1:8080/ node --test tests/browser/server.test.mjs`.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { axeCheck } from "./axe.mjs";
import { chooseRequestType, launchChromium } from "./chromium.mjs";
import { arrowTo, coveredBin, site, startServer, tempDir, visitAt as visitAtWith } from "./serve.mjs";

const serverUrl = process.env.COVERED_SERVER_URL;
const screenshots = process.env.COVERED_SCREENSHOTS ?? join("target", "screenshots");
const NOW = "now=2026-11-23T10:00:00";

let browser;

before(async () => {
  if (!serverUrl && process.env.CI) {
    assert.fail("set COVERED_SERVER_URL to a running `covered serve` (cargo xtask test does this)");
  }
  mkdirSync(screenshots, { recursive: true });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

/** A fresh browser (its own cookies) on `path`, logged in as `login` when given; its
 * clock fixed at `clock` (a Date) when given, as a browser whose clock is off would be. */
async function visit(path, login, viewport = { width: 1280, height: 900 }, clock) {
  const context = await browser.newContext({ viewport });
  if (clock) await context.clock.setFixedTime(clock);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(new URL(path, serverUrl).href);
  await page.locator('[data-testid="app-ready"]').waitFor({ timeout: 15_000 });
  if (login) {
    await page.getByTestId("login-name").fill(login);
    await page.getByTestId("login-password").fill(login === "hanbit-riverside" ? "demo-riverside" : `demo-${login}`);
    await page.getByTestId("login-submit").click();
    await page.getByTestId("account").waitFor();
  }
  return { page, errors, close: () => context.close() };
}

/** The contract choices the form offers. */
async function contractChoices(page) {
  const select = page.getByTestId("f-contract");
  await select.waitFor();
  return select.locator("option").evaluateAll((os) => os.map((o) => o.value));
}

describe("the portal on covered serve", { skip: !serverUrl && !process.env.CI && "COVERED_SERVER_URL is not set" }, () => {
  test("asks for a login, and says so when the password is wrong", async () => {
    const { page, errors, close } = await visit(`/coverage?${NOW}`);
    await page.getByTestId("login").waitFor();
    await page.getByTestId("login-name").fill("hanbit");
    await page.getByTestId("login-password").fill("not-the-password");
    await page.getByTestId("login-submit").click();
    await page.getByTestId("login-problem").waitFor();
    // In the page's language, not the API's.
    assert.equal(await page.getByTestId("login-problem").innerText(), "아이디나 비밀번호가 맞지 않습니다.");
    await page.getByTestId("lang-en").click();
    assert.equal(await page.getByTestId("login-problem").innerText(), "The login or the password is wrong.");
    await page.getByTestId("lang-ko").click();
    await page.screenshot({ path: join(screenshots, "server-login.png"), fullPage: true });
    await axeCheck(page, "login");
    assert.deepEqual(errors, []);
    await close();
  });

  for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
    test(`a question for the vendor's staff is shown to them, not to a library (${viewport.width}×${viewport.height})`, async () => {
      const check = `/coverage?${NOW}&contract=hanbit-city&branch=main&product=DLi&version=8&category=stats_report`;
      const library = await visit(check, "hanbit", viewport);
      await library.page.getByTestId("q-person_days").waitFor();
      assert.equal(await library.page.getByTestId("q-unreasonable").isVisible(), false);
      assert.deepEqual(library.errors, []);
      await library.close();
      const vendor = await visit(check, "vendor", viewport);
      await vendor.page.getByTestId("q-unreasonable").waitFor();
      assert.match(await vendor.page.locator('label[for="q-unreasonable"]').innerText(), /^업체 판단: 불합리하거나/);
      await vendor.page.screenshot({ path: join(screenshots, `server-vendor-question-${viewport.width}.png`), fullPage: true });
      // The wizard too, with the account's name as the requester.
      await vendor.page.goto(new URL(`/request?${NOW}`, serverUrl).href);
      // Filled in once the session has answered (a moment later on a busy machine).
      await vendor.page.waitForFunction(() => document.querySelector('[data-testid="f-requester"]')?.value !== undefined
        && document.querySelector('[data-testid="f-requester"]').value !== "");
      assert.equal(await vendor.page.getByTestId("f-requester").inputValue(), "리브소프트 지원팀");
      assert.deepEqual(vendor.errors, []);
      await vendor.close();
    });
  }

  test("a request filed by one staff member counts for the next, and another library never sees it", async () => {
    // The first librarian files the 3rd statistics report of the year.
    const first = await visit(`/request?${NOW}`, "hanbit");
    assert.deepEqual(await contractChoices(first.page), ["hanbit-city"], "one's own contract only");
    // The requester is the account's name, typed over here.
    assert.equal(await first.page.getByTestId("f-requester").inputValue(), "김한빛 사서");
    await first.page.getByTestId("f-requester").fill("김사서");
    await first.page.getByTestId("next").click();
    await first.page.getByTestId("f-product").selectOption("DLi|8");
    await first.page.getByTestId("next").click();
    await chooseRequestType(first.page, "stats_report");
    await first.page.getByTestId("next").click();
    await first.page.getByTestId("f-title").fill("서버로 접수한 통계");
    await first.page.getByTestId("q-person_days").fill("1");
    await first.page.getByTestId("q-security_risk").selectOption("no");
    await first.page.getByTestId("next").click();
    await first.page.getByTestId("verdict-status").waitFor();
    assert.equal(await first.page.getByTestId("verdict-status").getAttribute("data-status"), "Covered");
    await first.page.getByTestId("submit").click();
    const sr = await first.page.getByTestId("sr-number").innerText();
    assert.equal(sr, "SR-2026-0199", "numbered by the server after the contract's history");
    await first.page.getByTestId("history-list").getByRole("link", { name: sr }).waitFor();
    await first.page.screenshot({ path: join(screenshots, "server-submitted.png"), fullPage: true });
    assert.deepEqual(first.errors, []);
    await first.close();

    // A colleague in another browser sees it, and the limit as used up.
    const colleague = await visit(
      `/coverage?${NOW}&contract=hanbit-city&branch=main&product=DLi&version=8&category=stats_report`,
      "hanbit",
    );
    await colleague.page.getByTestId("quota").waitFor();
    assert.match(await colleague.page.getByTestId("quota").innerText(), /남음 0/);
    await colleague.page.goto(new URL(`/request?${NOW}`, serverUrl).href);
    await colleague.page.getByTestId("history-list").getByRole("link", { name: sr }).waitFor();
    await colleague.close();

    // An account limited to one branch checks and asks for that branch only, even from
    // an address that names another.
    const branchOnly = await visit(
      `/coverage?${NOW}&contract=hanbit-city&branch=main&product=DLi&version=8&category=stats_report`,
      "hanbit-riverside",
    );
    const branches = branchOnly.page.getByTestId("f-branch");
    await branches.locator('option[value="riverside"]').waitFor({ state: "attached" });
    assert.deepEqual(await branches.locator("option").evaluateAll((os) => os.map((o) => o.value)), ["riverside"]);
    assert.equal(await branches.inputValue(), "riverside");
    assert.deepEqual(branchOnly.errors, []);
    await branchOnly.close();

    // Another institution's customer: its own contract, none of Hanbit's requests.
    const other = await visit(`/request?${NOW}`, "bada");
    assert.deepEqual(await contractChoices(other.page), ["bada-county"]);
    assert.equal(await other.page.getByTestId("history-count").innerText(), "0건");
    assert.equal(await other.page.getByText("서버로 접수한 통계").count(), 0);
    // Logging out shows the login again.
    await other.page.getByTestId("logout").click();
    await other.page.getByTestId("login").waitFor();
    assert.deepEqual(other.errors, []);
    await other.close();

    // Vendor staff take it up and ask a question; the library sees both on the SR page.
    const staff = await visit(`/sr/hanbit-city/${sr}?${NOW}`, "vendor");
    const record = staff.page.getByTestId("server-record");
    await record.getByTestId("server-status").filter({ hasText: "접수" }).waitFor();
    const response = staff.page.getByTestId("sr-clocks").locator('li[data-clock="response"] [data-state]');
    assert.equal(await response.getAttribute("data-state"), "OnTrack");
    // What is to come, from the server's timeline: the response clock's warnings at
    // 50 % and 75 % of its time, then its breach.
    const upcoming = record.getByTestId("upcoming");
    await upcoming.locator("summary").click();
    const toCome = await upcoming.locator("li").allInnerTexts();
    assert.ok(toCome.some((t) => /응답 시간 50% 경과/.test(t)), toCome.join("\n"));
    assert.ok(toCome.some((t) => /응답 시간 75% 경과/.test(t)), toCome.join("\n"));
    assert.ok(toCome.some((t) => /응답 기한 초과/.test(t)), toCome.join("\n"));
    await record.getByTestId("to-in_progress").click();
    await record.getByTestId("server-status").filter({ hasText: "처리 중" }).waitFor();
    // The first reply stopped the response clock: none of its warnings is to come.
    await record.getByTestId("events").locator("li").last().waitFor();
    await staff.page.waitForFunction(
      () => !/응답 시간/.test(document.querySelector('[data-testid="upcoming"]')?.innerText ?? ""),
      null,
      { timeout: 5000 },
    ).catch(() => {});
    assert.doesNotMatch(await record.innerText(), /응답 시간 50% 경과/, "the response clock warns no more");
    // Taking it up is the first reply: the response clock has stopped, in time.
    await staff.page.getByTestId("sr-clocks").locator('li[data-clock="response"] [data-state="Met"]').waitFor();
    await record.getByTestId("comment").fill("보고서 양식을 보내 주세요.");
    await record.getByTestId("comment-send").click();
    await record.getByTestId("events").getByText("보고서 양식을 보내 주세요.").waitFor();
    const events = await record.getByTestId("events").innerText();
    assert.match(events, /김한빛 사서 · 접수/, "who filed it, by name");
    assert.match(events, /리브소프트 지원팀 · 보고서 양식을 보내 주세요\./, "who wrote, by name");
    await staff.page.screenshot({ path: join(screenshots, "server-sr-vendor.png"), fullPage: true });
    assert.deepEqual(staff.errors, []);
    await staff.close();

    const again = await visit(`/sr/hanbit-city/${sr}?${NOW}`, "hanbit");
    const seen = again.page.getByTestId("server-record");
    await seen.getByTestId("server-status").filter({ hasText: "처리 중" }).waitFor();
    await seen.getByTestId("events").getByText("보고서 양식을 보내 주세요.").waitFor();
    assert.equal(await seen.getByTestId("to-resolved").count(), 0, "customers don't resolve");
    assert.equal(await seen.getByTestId("to-cancelled").count(), 1, "but may cancel");
    assert.match(await again.page.getByTestId("sr-form").innerText(), /상태\s+처리 중/, "the printable form shows it too");
    // The library attaches what was asked for, from the file chooser: a text log is
    // kept; a program named like a log is refused, saying why.
    await seen.getByTestId("attach").setInputFiles([
      { name: "통계-요청.txt", mimeType: "text/plain", buffer: Buffer.from("지점별 대출 통계 양식\n1월,2월,3월\n") },
    ]);
    const file = seen.getByTestId("attachment").filter({ hasText: "통계-요청.txt" });
    await file.waitFor();
    const download = await again.page.request.get(new URL(await file.getAttribute("href"), serverUrl).href);
    assert.equal(download.status(), 200);
    assert.match(download.headers()["content-disposition"], /^attachment;/);
    assert.equal(download.headers()["x-content-type-options"], "nosniff");
    assert.equal(await download.text(), "지점별 대출 통계 양식\n1월,2월,3월\n");
    await seen.getByTestId("attach").setInputFiles([
      { name: "setup.log", mimeType: "text/plain", buffer: Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0]) },
    ]);
    await seen.getByTestId("record-problem").filter({ hasText: "setup.log" }).waitFor();
    assert.equal(await seen.getByTestId("attachment").count(), 1, "the refused file is not listed");
    await axeCheck(again.page, "/sr on covered serve");
    // The list of the institution's requests says so too.
    await again.page.getByRole("link", { name: "요청 접수로 돌아가기" }).click();
    await again.page.getByTestId("history-list").waitFor();
    assert.equal(await again.page.getByTestId("history-status").first().innerText(), "처리 중");
    await again.close();

    // Vendor staff wait on the library, saying why (typed key by key); the clocks stop.
    const staff2 = await visit(`/sr/hanbit-city/${sr}?${NOW}`, "vendor");
    const rec2 = staff2.page.getByTestId("server-record");
    await rec2.getByTestId("to-waiting_on_customer").waitFor();
    await rec2.getByTestId("to-waiting_on_customer").click();
    await rec2.getByTestId("record-problem").filter({ hasText: "사유를 적어 주세요" }).waitFor();
    await rec2.getByTestId("move-note").pressSequentially("기관 로고 파일이 필요합니다");
    await rec2.getByTestId("to-waiting_on_customer").click();
    await rec2.getByTestId("clocks-paused").waitFor();
    await rec2.getByTestId("events").getByText("고객 확인 대기 — 기관 로고 파일이 필요합니다").waitFor();
    // The reply stopped the response clock in time; the restore clock stands still, and
    // says since when.
    const clocks2 = staff2.page.getByTestId("sr-clocks");
    const restore = clocks2.locator('li[data-clock="restore"]');
    await restore.locator('[data-state="Paused"]').waitFor();
    assert.match(await restore.innerText(), /일시 정지 2026년 11월 23일 \(월\) \d\d:\d\d부터 멈춤/);
    assert.equal(await clocks2.locator('li[data-clock="response"] [data-state]').getAttribute("data-state"), "Met");
    // The status page says the same: paused, not counting down.
    await staff2.page.goto(new URL("/status?contract=hanbit-city", serverUrl).href);
    const openRow = staff2.page.getByTestId("open-requests").locator(`tr[data-sr="${sr}"]`);
    await openRow.locator('[data-state="Paused"]').waitFor();
    assert.doesNotMatch(await openRow.filter({ has: staff2.page.locator('[data-state="Paused"]') }).innerText(), /남음/);
    await staff2.page.goto(new URL(`/sr/hanbit-city/${sr}`, serverUrl).href);
    await rec2.getByTestId("to-resolved").click();
    await rec2.getByTestId("server-status").filter({ hasText: "해결" }).waitFor();
    // Resolved: every clock stopped, none "on track … left".
    await clocks2.locator('li[data-clock="restore"] [data-state="Met"]').waitFor();
    assert.doesNotMatch(await clocks2.innerText(), /정상 진행|남음/);
    assert.match(await restore.innerText(), /기한 내 완료 .*완료/);
    await staff2.page.screenshot({ path: join(screenshots, "server-sr-resolved.png"), fullPage: true });
    assert.deepEqual(staff2.errors, []);
    await staff2.close();

    // On a phone, the library rates the resolution with the keyboard: a 2 of 5 with a
    // comment, shown in the record.
    const phone = await visit(`/sr/hanbit-city/${sr}?${NOW}`, "hanbit", { width: 390, height: 844 });
    const mine = phone.page.getByTestId("server-record");
    await mine.getByTestId("rate").waitFor();
    assert.equal(await mine.getByTestId("to-closed").innerText(), "→ 해결 확인", "the move's own name from the data");
    await mine.getByTestId("rating-1").focus();
    await phone.page.keyboard.press("ArrowRight");
    assert.equal(await mine.getByTestId("rating-2").isChecked(), true, "arrow keys choose the rating");
    await phone.page.keyboard.press("Tab");
    await phone.page.keyboard.type("답변이 늦었습니다");
    await mine.getByTestId("rate-send").click();
    await mine.getByTestId("events").getByText("평점 2/5 — 답변이 늦었습니다").waitFor();
    assert.equal(await mine.getByTestId("rate").count(), 0, "rated once");
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling on a phone (${overflow}px)`);
    await phone.page.screenshot({ path: join(screenshots, "server-sr-rated-phone.png"), fullPage: true });
    await axeCheck(phone.page, "/sr rated, phone");
    assert.deepEqual(phone.errors, []);
    await phone.close();
  });
  test("over the limit, the request is filed only as the paid change request chosen, as the server admits it (390×844)", async () => {
    // Hanbit's 3 statistics reports of the year are used (the first test filed the 3rd).
    const phone = await visit(`/request?${NOW}`, "hanbit", { width: 390, height: 844 });
    const { page } = phone;
    // The account's name is there already; another name is typed over it.
    assert.equal(await page.getByTestId("f-requester").inputValue(), "김한빛 사서");
    await page.getByTestId("f-requester").fill("");
    await page.getByTestId("f-requester").pressSequentially("박사서", { delay: 20 });
    await page.getByTestId("next").click();
    await page.getByTestId("f-product").selectOption("DLi|8");
    await page.getByTestId("next").click();
    await chooseRequestType(page, "stats_report");
    await page.getByTestId("next").click();
    await page.getByTestId("f-title").pressSequentially("네 번째 통계", { delay: 20 });
    await page.getByTestId("q-person_days").pressSequentially("1.5", { delay: 20 });
    assert.equal(await page.getByTestId("q-person_days").inputValue(), "1.5");
    await page.keyboard.press("Tab");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.getByTestId("verdict-status").filter({ hasText: "지원 대상 아님" }).waitFor();
    assert.equal(await page.getByTestId("submit").count(), 0, "no plain 접수하기 for a request over the limit");
    const paid = page.getByTestId("submit-paid");
    assert.match(await paid.innerText(), /유상 변경요청으로 접수 — 견적 ₩[\d,]+/);
    const posted = page.waitForRequest((r) => r.method() === "POST" && r.url().endsWith("/api/requests"));
    const answered = page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith("/api/requests"));
    await paid.click();
    assert.equal((await posted).postDataJSON().paid, true, "sent as paid work, as chosen");
    assert.ok((await answered).ok(), "the server admits it as the portal said it would");
    await page.getByTestId("sr-number").waitFor();
    await page.screenshot({ path: join(screenshots, "server-paid-change-request-phone.png"), fullPage: true });
    assert.deepEqual(phone.errors, []);
    await phone.close();
  });

  test("one clock for the whole page: the server's, whatever the browser's clock says", async () => {
    // This browser's clock is eight days ahead of the server's (started at 2026-11-23
    // 10:00 and running on). A request filed now is judged and counted down at the
    // server's time: just filed, it is on track, never days "overdue".
    const ahead = new Date("2026-12-01T18:00:00+09:00");
    const { page, errors, close } = await visit("/request", "hanbit", { width: 390, height: 844 }, ahead);
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
    await page.getByTestId("history-list").getByRole("link", { name: sr }).click();
    const clocks = page.getByTestId("sr-clocks");
    await clocks.waitFor();
    const text = await clocks.innerText();
    assert.match(text, /2026년 11월 2\d일/, "due by the server's date");
    assert.doesNotMatch(text, /초과|지남/, "not overdue by the browser's clock");
    for (const state of await clocks.locator("[data-state]").evaluateAll((es) => es.map((e) => e.dataset.state))) {
      assert.ok(["OnTrack", "AtRisk"].includes(state), `just filed: ${state}`);
    }
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "no sideways scrolling on the SR page");
    await page.screenshot({ path: join(screenshots, "server-sr-phone.png"), fullPage: true });
    // The status page counts down at the server's time too, its open requests as cards;
    // "초과" is said once.
    await page.getByRole("navigation").getByRole("link", { name: "계약 현황" }).click();
    const open = page.getByTestId("open-requests");
    await open.locator(`tr[data-sr="${sr}"]`).first().waitFor();
    assert.match(await open.locator(`tr[data-sr="${sr}"]`).first().innerText(), /정상 진행|기한 임박/);
    for (const row of await open.locator("tr[data-sr]").allInnerTexts()) {
      assert.ok((row.match(/초과/g) ?? []).length <= 1, `"초과" once: ${row}`);
    }
    assert.equal(await open.locator("tr[data-sr]").first().evaluate((tr) => getComputedStyle(tr).display), "block", "rows are cards");
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "no sideways scrolling on the status page");
    await page.screenshot({ path: join(screenshots, "server-status-phone.png"), fullPage: true });
    await axeCheck(page, "/status on covered serve, phone");
    assert.deepEqual(errors, []);
    await close();
  });
  test("a request the server refuses as it is filed (the last training of the year taken meanwhile) is offered as the paid change request the server would keep", async () => {
    // Two librarians of the same library fill in a request for the year's one training.
    const fillTraining = async (page, title) => {
      await page.getByTestId("next").click();
      await page.getByTestId("f-product").selectOption("DLi|8");
      await page.getByTestId("next").click();
      await page.getByTestId("f-category-find").pressSequentially("교육", { delay: 20 });
      await page.getByTestId("f-category-find").press("Enter");
      assert.equal(await page.getByTestId("cat-training").isChecked(), true, "Enter takes the first match");
      await page.getByTestId("next").click();
      await page.getByTestId("f-title").pressSequentially(title, { delay: 10 });
      // A new member of staff, trained at the vendor: ↓ once for 예, twice for 아니요.
      for (const [q, presses, value] of [["q-staff_changed", 1, "yes"], ["q-on_site", 2, "no"]]) {
        await page.getByTestId(q).focus();
        for (let i = 0; i < presses; i++) await page.keyboard.press("ArrowDown");
        assert.equal(await page.getByTestId(q).inputValue(), value);
      }
      await page.getByTestId("next").click();
      await page.getByTestId("verdict-status").waitFor();
    };
    const slow = await visit(`/request?${NOW}`, "hanbit");
    await fillTraining(slow.page, "신규 담당자 교육");
    assert.equal(await slow.page.getByTestId("verdict-status").getAttribute("data-status"), "Covered", "1 of 1 left as this page counts");
    const quick = await visit(`/request?${NOW}`, "hanbit", { width: 390, height: 844 });
    await fillTraining(quick.page, "교육 요청");
    await quick.page.getByTestId("submit").click();
    await quick.page.getByTestId("sr-number").waitFor();
    await quick.close();

    // The first page still counts one left and files it; the server, counting the
    // colleague's, refuses it and offers the paid change request it would keep instead.
    const { page, errors, close } = slow;
    const refused = page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith("/api/requests"));
    await page.getByTestId("submit").click();
    assert.equal((await refused).status(), 422);
    const alert = page.getByTestId("server-refused");
    await alert.waitFor();
    assert.match(await alert.innerText(), /서버가 다시 판정/);
    // The page re-reads the requests, then takes the focus to what the server said.
    await page.getByTestId("quota").filter({ hasText: "남음 0" }).waitFor();
    await page
      .waitForFunction(() => document.activeElement?.dataset.testid === "server-refused", null, { timeout: 5000 })
      .catch(() => {});
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "server-refused", "the focus is on what the server said");
    assert.equal(await page.getByTestId("submit").count(), 0, "no plain 접수하기 any more");
    const paid = page.getByTestId("submit-paid");
    const posted = page.waitForRequest((r) => r.method() === "POST" && r.url().endsWith("/api/requests"));
    await paid.click();
    assert.equal((await posted).postDataJSON().paid, true, "sent again as the paid work the server offered");
    await page.getByTestId("sr-number").waitFor();
    assert.equal(await page.getByTestId("server-refused").count(), 0, "the refusal is gone once it is filed");
    assert.match(await page.getByTestId("sr-handling").innerText(), /유상 변경요청/, "the SR form says it is paid work");
    await page.screenshot({ path: join(screenshots, "server-refused-then-paid.png"), fullPage: true });
    assert.deepEqual(errors, []);
    await close();
  });
});

/** A fresh browser on `base` + `path`, logged in as `login` key by key (serve.mjs). */
const visitAt = (base, path, login, viewport) => visitAtWith(browser, base, path, login, viewport);

// The vendor's desk, on a server of its own (COVERED_BIN, the `covered` binary `cargo
// xtask test` runs, on the built portal COVERED_SITE): a library files a critical fault
// at 10:00; the server is started again on the same database two hours later by its
// clock (`--now`), as if the time had passed; vendor staff find the request at the top of
// the desk, keep to the requests at risk, open it and assign it; the library then sees
// who handles it, and never the vendor's internal note.
describe("the vendor's desk", { skip: !(coveredBin && site) && !process.env.CI && "COVERED_BIN and COVERED_SITE are not set" }, () => {
  for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
    test(`vendor staff find a just-filed critical request at the top, at risk, and assign it; the library sees who handles it (${viewport.width}×${viewport.height})`, async () => {
      const db = join(tempDir("desk"), "desk.db");
      let server = await startServer(db, "2026-11-23T10:00:00");
      // The library files a critical fault, typing as a person does.
      const library = await visitAt(server.url, "/request", "hanbit", viewport);
      const { page: lib } = library;
      await lib.getByTestId("f-requester").fill("");
      await lib.getByTestId("f-requester").pressSequentially("김사서");
      await lib.getByTestId("next").click();
      await lib.getByTestId("f-product").selectOption("DLi|8");
      await lib.getByTestId("next").click();
      await chooseRequestType(lib, "fault");
      await lib.getByTestId("next").click();
      await lib.getByTestId("f-title").pressSequentially("대출 반납 전체 중단");
      await arrowTo(lib, "q-impact", "whole_system");
      await lib.getByTestId("next").click();
      await lib.getByTestId("verdict-status").waitFor();
      await lib.getByTestId("submit").click();
      const sr = await lib.getByTestId("sr-number").innerText();
      assert.deepEqual(library.errors, []);
      await library.close();
      await server.stop();

      // Two hours later by the server's clock.
      server = await startServer(db, "2026-11-23T12:00:00");
      try {
        const vendor = await visitAt(server.url, "/desk", "vendor", viewport);
        const { page } = vendor;
        const list = page.getByTestId("desk-list");
        const top = list.getByTestId("desk-row").first();
        await top.waitFor();
        assert.equal(await top.getAttribute("data-sr"), sr, "the critical request is due first");
        assert.equal(await top.getAttribute("data-contract"), "hanbit-city");
        assert.match(await top.innerText(), new RegExp(`한빛시립도서관 · ${sr}`), "customer and SR number together");
        assert.match(await top.innerText(), /긴급/, "its severity, named by the data");
        assert.ok(Number(await page.getByTestId("count-open").innerText()) >= 1);
        // Only those at risk or breached: Space on the box, from the keyboard.
        await page.getByTestId("desk-at-risk").focus();
        const filtered = page.waitForResponse((r) => r.url().includes("/api/desk") && r.url().includes("at_risk=true"));
        await page.keyboard.press("Space");
        await filtered;
        await page
          .waitForFunction(() => [...document.querySelectorAll('[data-testid="desk-row"]')].every((r) => ["AtRisk", "Breached"].includes(r.dataset.state)), null, { timeout: 5000 })
          .catch(() => {});
        for (const state of await list.getByTestId("desk-row").evaluateAll((rs) => rs.map((r) => r.dataset.state))) {
          assert.ok(["AtRisk", "Breached"].includes(state), `at risk only: ${state}`);
        }
        assert.equal(await list.getByTestId("desk-row").first().getAttribute("data-sr"), sr);
        assert.match(await page.getByTestId("count-breached").innerText(), /^\d+$/);
        // The severity filter, by the keyboard too.
        const critical = page.waitForResponse((r) => r.url().includes("severity=critical"));
        await arrowTo(page, "desk-severity", "critical");
        await critical;
        await page.waitForFunction(() => document.querySelector('[data-testid="desk-row"]')?.dataset.sr, null);
        assert.equal(await list.getByTestId("desk-row").first().getAttribute("data-sr"), sr);
        // A row of the list on a desktop, a card on a phone.
        const display = await list.getByTestId("desk-row").first().evaluate((r) => getComputedStyle(r).display);
        assert.equal(display, viewport.width < 600 ? "block" : "grid", "rows on a desktop, cards on a phone");
        assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "no sideways scrolling on the desk");
        await page.screenshot({ path: join(screenshots, `server-desk-${viewport.width}.png`), fullPage: true });
        await axeCheck(page, `/desk ${viewport.width}`);

        // Open it and assign it, with an internal note.
        await list.getByTestId("desk-link").first().click();
        await page.getByTestId("server-record").waitFor();
        await page.getByTestId("assign-to").waitFor();
        await arrowTo(page, "assign-to", "vendor");
        await page.getByTestId("assign-send").click();
        await page.getByTestId("sr-assignee").filter({ hasText: "리브소프트 지원팀" }).waitFor();
        await page.getByTestId("internal-note").pressSequentially("현장 점검 필요, 고객에게 비공개");
        await page.getByTestId("internal-note-send").click();
        await page.locator('[data-testid="events"] li[data-kind="note"]').waitFor();
        await page.getByTestId("move-note").pressSequentially("원인 분석 중입니다");
        await page.getByTestId("to-in_progress").click();
        await page.locator('[data-testid="events"] li[data-kind="status"]').filter({ hasText: "원인 분석 중입니다" }).waitFor();
        assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "no sideways scrolling on the SR page");
        await page.screenshot({ path: join(screenshots, `server-desk-assigned-${viewport.width}.png`), fullPage: true });
        await axeCheck(page, `SR page, vendor, ${viewport.width}`);
        assert.deepEqual(vendor.errors, []);
        await vendor.close();

        // The library sees who handles it and why it moved, never the internal note.
        const again = await visitAt(server.url, `/sr/hanbit-city/${sr}`, "hanbit", viewport);
        await again.page.getByTestId("sr-assignee").filter({ hasText: "리브소프트 지원팀" }).waitFor();
        await again.page.locator('[data-testid="events"] li').filter({ hasText: "원인 분석 중입니다" }).waitFor();
        const seen = await again.page.getByTestId("server-record").innerText();
        assert.doesNotMatch(seen, /고객에게 비공개|내부 메모/, "no internal note for the library");
        assert.equal(await again.page.getByTestId("internal-note").count(), 0, "no note box for the library");
        assert.equal(await again.page.getByTestId("assign-to").count(), 0, "no assigning for the library");
        // And no desk: the page says so and offers a vendor login.
        await again.page.goto(new URL("/desk", server.url).href);
        await again.page.getByTestId("desk-refused").waitFor();
        assert.match(await again.page.getByTestId("desk-refused").innerText(), /업체 직원/);
        await axeCheck(again.page, `/desk refused ${viewport.width}`);
        await again.page.getByTestId("desk-login").click();
        await again.page.getByTestId("login").waitFor();
        assert.deepEqual(again.errors, []);
        await again.close();
      } finally {
        await server.stop();
      }
    });
  }
});
