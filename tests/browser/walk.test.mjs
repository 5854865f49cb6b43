// A request's whole life, with real email: `covered serve` (COVERED_BIN, on the built
// portal COVERED_SITE) on a fresh SQLite database sends its notices through a real SMTP
// server on loopback (aiosmtpd, serve.mjs). A library files a critical fault late on a
// Friday night through the request wizard, typing; the desk and the requester are told.
// Vendor staff find it at the top of the desk, take it and answer it. The server is then
// started again on the same database at later times by its clock (`--now`), as if the
// night had passed: just before each timed event the server's own timeline announces
// (the first escalation step, the restore clock's 50 % and 75 % warnings) no message has
// come; just after it, the message has, to those the data says it tells. Vendor staff
// resolve it; the requester gets the resolution notice with its satisfaction link,
// follows it, rates the handling 2 of 5, and the contract's status page counts one
// request fewer as satisfied (CSI) than before.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { request } from "playwright-core";
import { axeCheck } from "./axe.mjs";
import { launchChromium } from "./chromium.mjs";
import { arrowTo, coveredBin, freePort, site, startServer, startSmtpSink, tempDir, visitAt } from "./serve.mjs";

const screenshots = process.env.COVERED_SCREENSHOTS ?? join("target", "screenshots");
const here = dirname(fileURLToPath(import.meta.url));
const library = join(here, "..", "..", "public", "data", "library");
const readJson = (file) => JSON.parse(readFileSync(join(library, file), "utf8"));

const DESK = "desk@libsoft.example";
/** The demo accounts' addresses (cli/demo/library-accounts.json). */
const HANBIT = "hanbit@hanbit.library.example";
/** Friday 27 November 2026, half past ten at night, in Seoul. */
const FILED = "2026-11-27T22:30:00";

let browser;

before(async () => {
  mkdirSync(screenshots, { recursive: true });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

/** `2026-11-27T23:00:00` moved by `minutes`, as local time again. */
function shifted(local, minutes) {
  const t = new Date(`${local}Z`).getTime() + minutes * 60_000;
  return new Date(t).toISOString().slice(0, 19);
}

/** How a time is written in the mail (`2026-11-28 06:30`). */
const mailTime = (local) => local.slice(0, 16).replace("T", " ");

/** The API as `login`, logged in by its demo password: `get` answers with JSON. */
async function apiAs(base, login) {
  const api = await request.newContext({ baseURL: base });
  const r = await api.post("/api/login", { data: { login, password: `demo-${login}` } });
  assert.equal(r.status(), 200, await r.text());
  return {
    get: async (path) => {
      const a = await api.get(path);
      assert.equal(a.status(), 200, `${path}: ${await a.text()}`);
      return a.json();
    },
    close: () => api.dispose(),
  };
}

/** The CSI row of the status page: its numerator and denominator (`3 ÷ 4 = 75%`). */
async function csiOf(page) {
  const row = page.getByTestId("kpis").locator('tr[data-kpi="csi"]');
  await row.waitFor();
  const text = await row.innerText();
  const m = text.match(/(\d+) ÷ (\d+)/);
  assert.ok(m, `CSI with its numbers: ${text}`);
  return { satisfied: Number(m[1]), received: Number(m[2]), text };
}

const noSideways = (page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe("a request's whole life, with real email", { skip: !(coveredBin && site) && !process.env.CI && "COVERED_BIN and COVERED_SITE are not set" }, () => {
  for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
    const size = `${viewport.width}×${viewport.height}`;
    test(`a critical fault filed on a Friday night: warned, escalated, resolved and rated, each notice by SMTP when its time comes (${size})`, async () => {
      const started = Date.now();
      const sink = await startSmtpSink();
      const db = join(tempDir("walk"), "walk.db");
      // One address for every start, so that the links in the mail lead back to it.
      const port = await freePort();
      const portal = `http://127.0.0.1:${port}/`;
      const mailArgs = ["--smtp", sink.url, "--mail-from", "covered@libsoft.example", "--desk-email", DESK, "--portal-url", portal];
      const serveAt = (now) => startServer(db, now, { port, args: mailArgs });
      let server;
      const pagesWithErrors = [];
      const closing = [];
      const watch = (visit) => {
        pagesWithErrors.push(visit.errors);
        closing.push(visit.close);
        return visit;
      };
      try {
        server = await serveAt(FILED);
        // ── The library files a critical fault, typing as a person does. ──
        const lib = watch(await visitAt(browser, server.url, "/request", "hanbit", viewport)).page;
        await lib.getByTestId("f-requester").fill("");
        await lib.getByTestId("f-requester").pressSequentially("김야간 사서");
        await lib.getByTestId("next").click();
        await arrowTo(lib, "f-product", "DLi|8");
        await lib.getByTestId("next").click();
        await lib.getByTestId("f-category-find").pressSequentially("장애");
        await lib.getByTestId("f-category-find").press("Enter");
        assert.equal(await lib.getByTestId("cat-fault").isChecked(), true, "Enter takes the first match: 장애");
        await lib.getByTestId("next").click();
        await lib.getByTestId("f-title").pressSequentially("야간 대출반납 시스템 전체 중단");
        await lib.getByTestId("f-details").pressSequentially("무인 반납기와 대출 화면이 모두 멈췄습니다");
        await arrowTo(lib, "q-impact", "whole_system");
        await arrowTo(lib, "q-cause", "process_stopped");
        await lib.getByTestId("next").click();
        await lib.getByTestId("verdict-status").waitFor();
        assert.match(await lib.getByTestId("severity").innerText(), /긴급/, "critical, as the data names it");
        await lib.getByTestId("submit").click();
        const sr = await lib.getByTestId("sr-number").innerText();
        assert.match(sr, /^SR-2026-\d{4}$/);
        await axeCheck(lib, `/request filed, ${size}`);
        const srLink = `${portal}sr/hanbit-city/${sr}`;

        // The submission notice, to the desk and to the requester, with the SR number, the
        // verdict's words and the link to the request.
        const ofSr = (m) => m.subject.startsWith(`[${sr}]`);
        const submitted = (m) => ofSr(m) && /요청이 접수되었습니다/.test(m.subject);
        for (const to of [DESK, HANBIT]) {
          const [m] = await sink.waitFor(`submission notice to ${to}`, (m) => submitted(m) && m.to.includes(to));
          assert.deepEqual(m.to, [to], "one message per recipient");
          assert.equal(m.from, "covered@libsoft.example");
          assert.match(m.subject, /야간 대출반납 시스템 전체 중단/);
          assert.match(m.body, /김야간 사서 님, 요청이 접수되었습니다/);
          assert.match(m.body, /판정: 계약 범위 내/);
          assert.ok(m.body.includes(srLink), `the link to the request: ${m.body}`);
        }

        // ── Vendor staff: at the top of the desk; they take it and answer it. ──
        const vendor = watch(await visitAt(browser, server.url, "/desk", "vendor", viewport));
        const desk = vendor.page;
        const top = desk.getByTestId("desk-list").getByTestId("desk-row").first();
        await top.waitFor();
        assert.equal(await top.getAttribute("data-sr"), sr, "due first on the desk");
        assert.match(await top.innerText(), /긴급/);
        assert.ok(await noSideways(desk), "no sideways scrolling on the desk");
        await axeCheck(desk, `/desk, ${size}`);
        await desk.getByTestId("desk-list").getByTestId("desk-link").first().click();
        const record = desk.getByTestId("server-record");
        await record.waitFor();
        await arrowTo(desk, "assign-to", "vendor");
        await desk.getByTestId("assign-send").click();
        await desk.getByTestId("sr-assignee").filter({ hasText: "리브소프트 지원팀" }).waitFor();
        const answer = "원격으로 접속해 원인을 확인하고 있습니다";
        await record.getByTestId("comment").pressSequentially(answer);
        await record.getByTestId("comment-send").click();
        await record.getByTestId("events").getByText(answer).waitFor();
        // The comment is the first reply: the response clock has stopped, in time.
        await desk.getByTestId("sr-clocks").locator('li[data-clock="response"] [data-state="Met"]').waitFor();
        await axeCheck(desk, `SR page, vendor, ${size}`);
        // The requester is told of the answer, in its words.
        const [comment] = await sink.waitFor("the answer's notice to the requester", (m) => ofSr(m) && /새 댓글/.test(m.subject) && m.to.includes(HANBIT));
        assert.ok(comment.body.includes(answer), comment.body);

        // What is to come, as the server computes it: the first escalation steps and the
        // restore clock's warnings, none of the stopped response clock's.
        let api = await apiAs(server.url, "vendor");
        const { requests } = await api.get("/api/requests");
        const id = requests.find((r) => r.sr === sr)?.id;
        assert.ok(id, `${sr} among the vendor's requests`);
        const { upcoming } = await api.get(`/api/requests/${id}/timeline`);
        await api.close();
        const find = (what, pred) => {
          const e = upcoming.find(pred);
          assert.ok(e, `${what} is to come: ${JSON.stringify(upcoming.map((u) => u.key))}`);
          return e;
        };
        assert.ok(!upcoming.some((e) => e.clock === "response"), "the answered response clock warns no more");
        const step1 = find("escalation step 1", (e) => e.kind === "escalation" && e.step === 1);
        const step2 = find("escalation step 2", (e) => e.kind === "escalation" && e.step === 2);
        const warn50 = find("the restore clock's 50 % warning", (e) => e.kind === "warning" && e.clock === "restore" && e.percent === 50);
        const warn75 = find("the restore clock's 75 % warning", (e) => e.kind === "warning" && e.clock === "restore" && e.percent === 75);
        // They are where the data puts them: the catalog's steps for a critical request,
        // after their time on their calendar (24×7) from the filing; the policy's warn_at;
        // the policy's recipients of each step (the desk alone where it names no one).
        const steps = readJson("catalog.json").escalations.filter((e) => e.severity === "critical");
        const minutes = (after) => (after.minutes ?? 0) + (after.hours ?? 0) * 60;
        assert.deepEqual(steps[0].on, "always-24x7");
        assert.equal(step1.at, shifted(FILED, minutes(steps[0].after)), "step 1 after its time from the filing");
        assert.equal(step2.at, shifted(FILED, minutes(steps[1].after)), "step 2 after its time from the filing");
        assert.equal(step1.action.ko, steps[0].action.ko);
        const policy = readJson("notifications.json");
        const told = (step) => policy.escalations.find((e) => e.severity === "critical" && e.step === step)?.notify ?? ["vendor"];
        assert.deepEqual(step1.notify, told(1));
        assert.deepEqual(step2.notify, told(2));
        assert.ok(policy.warn_at.includes(50) && policy.warn_at.includes(75));
        assert.ok(warn50.at < warn75.at && warn75.at < warn50.due, "50 % before 75 % before the due");
        // The restore deadline the warnings count to is the one the submission notice gave.
        const [notice] = await sink.waitFor("the requester's submission notice", (m) => submitted(m) && m.to.includes(HANBIT));
        assert.ok(notice.body.includes(`복구: ${mailTime(warn50.due)}`), `${warn50.due} in ${notice.body}`);
        const addressOf = (who) => ({ vendor: DESK, customer: HANBIT })[who];

        await desk.screenshot({ path: join(screenshots, `walk-answered-${viewport.width}.png`), fullPage: true });
        for (const close of closing.splice(0)) await close();
        await server.stop();

        // ── The night passes. Each timed event: nothing just before its time; its
        // message just after, to whom the data says. ──
        const step1Mail = (m) => ofSr(m) && m.subject.includes(`1단계 에스컬레이션: ${step1.action.ko}`);
        const step2Mail = (m) => ofSr(m) && m.subject.includes(`2단계 에스컬레이션: ${step2.action.ko}`);
        const warnMail = (p) => (m) => ofSr(m) && m.subject.includes(`복구 시간 ${p}% 경과`);
        const checkpoints = [
          { event: step1, mail: step1Mail, to: step1.notify.map(addressOf), words: step1.action.ko },
          { event: warn50, mail: warnMail(50), to: [DESK], words: `복구 기한(${mailTime(warn50.due)})까지 주어진 시간의 50%가 지났습니다` },
          { event: warn75, mail: warnMail(75), to: [DESK], words: `복구 기한(${mailTime(warn75.due)})까지 주어진 시간의 75%가 지났습니다` },
        ];
        for (const { event, mail, to, words } of checkpoints) {
          // Two minutes before: the server still has it to come, and has sent nothing.
          server = await serveAt(shifted(event.at, -2));
          api = await apiAs(server.url, "vendor");
          const early = await api.get(`/api/requests/${id}/timeline`);
          assert.ok(early.now < event.at, `the server's clock (${early.now}) short of ${event.at}`);
          assert.ok(early.upcoming.some((e) => e.key === event.key), `${event.key} still to come at ${early.now}`);
          const outbox = await api.get(`/api/mail?request=${id}&limit=500`);
          assert.deepEqual(outbox.mail.filter(mail).map((m) => m.subject), [], `nothing in the outbox for ${event.key} before its time`);
          await api.close();
          await server.stop();
          assert.deepEqual(sink.messages().filter(mail).map((m) => m.to), [], `no message for ${event.key} before ${event.at}`);
          // A minute after: the message, to each it tells.
          server = await serveAt(shifted(event.at, 1));
          const got = await sink.waitFor(`the message for ${event.key}`, mail, { count: to.length });
          assert.deepEqual(got.map((m) => m.to[0]).sort(), [...to].sort(), `${event.key} addressed to ${to}`);
          for (const m of got) {
            assert.ok(m.body.includes(words), `${event.key}: ${m.body}`);
            assert.ok(m.body.includes(srLink), m.body);
            assert.match(m.body, /야간 대출반납 시스템 전체 중단/);
          }
          if (event !== warn75) await server.stop();
        }
        // The second step, due in between, told the library too, as the policy says;
        // the warnings and the first step told the desk alone.
        const second = await sink.waitFor("escalation step 2", step2Mail, { count: 2 });
        assert.deepEqual(second.map((m) => m.to[0]).sort(), step2.notify.map(addressOf).sort());
        for (const pred of [step1Mail, warnMail(50), warnMail(75)]) {
          assert.deepEqual(sink.messages().filter(pred).map((m) => m.to[0]), [DESK], "the desk alone");
        }

        // ── Vendor staff resolve it, saying how (before the restore deadline). ──
        const staff = watch(await visitAt(browser, server.url, `/sr/hanbit-city/${sr}`, "vendor", viewport));
        const rec = staff.page.getByTestId("server-record");
        await rec.getByTestId("to-resolved").waitFor();
        const fix = "멈춘 대출 프로세스를 재시작해 복구했습니다";
        await rec.getByTestId("move-note").pressSequentially(fix);
        await rec.getByTestId("to-resolved").click();
        await rec.getByTestId("server-status").filter({ hasText: "해결" }).waitFor();
        await staff.page.getByTestId("sr-clocks").locator('li[data-clock="restore"] [data-state="Met"]').waitFor();
        await staff.close();

        // The requester's resolution notice, with the satisfaction link.
        const [resolved] = await sink.waitFor("the resolution notice", (m) => ofSr(m) && /요청이 해결되었습니다/.test(m.subject) && m.to.includes(HANBIT));
        assert.match(resolved.body, new RegExp(`메모: ${fix}`));
        const link = resolved.body.match(/처리에 만족하셨는지 알려 주세요: (\S+)/)?.[1];
        assert.equal(link, srLink, "the satisfaction link is the request's page");

        // ── The library: the status page's CSI, then the link, a 2 of 5, and the CSI
        // again. ──
        const customer = watch(await visitAt(browser, server.url, "/status?contract=hanbit-city", "hanbit", viewport));
        const { page } = customer;
        // The page counts as the server does (its KPI answer over the contract year so
        // far): the request filed tonight, resolved in time, is among the satisfied.
        const serverCsi = async () => {
          const library = await apiAs(server.url, "hanbit");
          const { now } = await library.get(`/api/requests/${id}/timeline`);
          const { start } = readJson("contracts/hanbit-city.json").period;
          const report = await library.get(`/api/contracts/hanbit-city/kpi?from=${start}&to=${now.slice(0, 10)}`);
          await library.close();
          return report.kpis.find((k) => k.id === "csi");
        };
        const before = await csiOf(page);
        const csiBefore = await serverCsi();
        assert.ok(csiBefore.denominator_ids.includes(sr) && csiBefore.numerator_ids.includes(sr), `${sr} received and satisfied: ${JSON.stringify(csiBefore)}`);
        assert.deepEqual([before.satisfied, before.received], [csiBefore.numerator_ids.length, csiBefore.denominator_ids.length], "the page counts as the server does");
        await page.goto(link);
        const mine = page.getByTestId("server-record");
        await mine.getByTestId("rate").waitFor();
        await mine.getByTestId("rating-1").focus();
        await page.keyboard.press("ArrowRight");
        assert.equal(await mine.getByTestId("rating-2").isChecked(), true, "arrow keys choose the rating");
        await page.keyboard.press("Tab");
        const complaint = "밤새 복구되지 않아 오전 업무에 지장이 있었습니다";
        await page.keyboard.type(complaint);
        await mine.getByTestId("rate-send").click();
        await mine.getByTestId("events").getByText(`평점 2/5 — ${complaint}`).waitFor();
        assert.equal(await mine.getByTestId("rate").count(), 0, "rated once");
        assert.ok(await noSideways(page), "no sideways scrolling on the SR page");
        await page.screenshot({ path: join(screenshots, `walk-rated-${viewport.width}.png`), fullPage: true });
        await axeCheck(page, `SR page rated, ${size}`);
        await page.getByRole("navigation").getByRole("link", { name: "계약 현황" }).click();
        await page.getByTestId("kpis").waitFor();
        // The page reads the requests again; the rating counts as a complaint.
        await page
          .waitForFunction((n) => {
            const t = document.querySelector('[data-testid="kpis"] tr[data-kpi="csi"]')?.innerText ?? "";
            return t.includes(`${n} ÷`);
          }, before.satisfied - 1, { timeout: 5000 })
          .catch(() => {});
        const afterRating = await csiOf(page);
        assert.equal(afterRating.received, before.received, "the same requests received");
        assert.equal(afterRating.satisfied, before.satisfied - 1, `a 2 of 5 is a complaint: ${before.text} → ${afterRating.text}`);
        const csiAfter = await serverCsi();
        assert.ok(csiAfter.denominator_ids.includes(sr) && !csiAfter.numerator_ids.includes(sr), `${sr} received, not satisfied: ${JSON.stringify(csiAfter)}`);
        assert.deepEqual([afterRating.satisfied, afterRating.received], [csiAfter.numerator_ids.length, csiAfter.denominator_ids.length], "the page counts as the server does");
        await axeCheck(page, `/status, ${size}`);
        await page.screenshot({ path: join(screenshots, `walk-status-${viewport.width}.png`), fullPage: true });

        for (const errors of pagesWithErrors) assert.deepEqual(errors, []);
        const seconds = (Date.now() - started) / 1000;
        console.log(`budget: the walk at ${size} took ${seconds.toFixed(1)} s (≤ 60 s) ${seconds <= 60 ? "pass" : "FAIL"}`);
      } finally {
        for (const close of closing) await close().catch(() => {});
        await server?.stop();
        await sink.stop();
      }
    });
  }
});
