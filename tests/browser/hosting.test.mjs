// The built portal on a plain static server that does what GitHub Pages does — the file
// when there is one, else `404.html` with status 404 — so reloading or following a link
// to a page other than the home page works on any web server (docs/hosting.md); and
// every page's own title, in both languages.
//
// Serves COVERED_SITE (`target/site`, as `cargo xtask site` builds it) itself.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import { launchChromium } from "./chromium.mjs";

const site = process.env.COVERED_SITE ?? join("target", "site");
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

let server;
let baseUrl;
let browser;

before(async () => {
  assert.ok(existsSync(join(site, "404.html")), `${site}/404.html: the site build writes it`);
  server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    let file = join(site, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (existsSync(file) && statSync(file).isFile()) {
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      res.end(readFileSync(file));
    } else {
      res.writeHead(404, { "content-type": TYPES[".html"] });
      res.end(readFileSync(join(site, "404.html")));
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${server.address().port}/`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

async function open(path) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  // The 404 status of a deep link is the host's; the page itself must not fail.
  page.on("pageerror", (e) => errors.push(String(e)));
  const response = await page.goto(new URL(path, baseUrl).href);
  await page.locator('[data-testid="app-ready"]').waitFor({ timeout: 15_000 });
  return { page, response, errors, close: () => context.close() };
}

describe("a plain static server", () => {
  test("a deep link to the package page, and its reload, open the package page", async () => {
    const { page, response, errors, close } = await open("/packages?now=2026-11-23T10:00:00&contract=hanbit-city");
    assert.equal(response.status(), 404, "the server has no /packages file: it sent 404.html");
    await page.getByTestId("compare").waitFor();
    await page.getByTestId("replay").locator(".tier-card").first().waitFor();
    assert.equal(await page.getByRole("heading", { level: 1 }).innerText(), "패키지 비교");
    await page.reload();
    await page.getByTestId("replay").locator(".tier-card").first().waitFor();
    assert.equal(new URL(page.url()).pathname, "/packages");
    assert.deepEqual(errors, []);
    await close();
  });

  test("an SR page opens on its own address, and the portal's links go on from there", async () => {
    const { page, errors, close } = await open("/sr/hanbit-city/SR-2026-0199?now=2026-11-23T10:00:00");
    // Nothing was filed in this browser: the SR page itself says so.
    await page.getByTestId("sr-missing").waitFor();
    await page.getByRole("navigation").getByRole("link", { name: "계약 현황" }).click();
    await page.getByTestId("s-contract").waitFor();
    await page.reload();
    await page.getByTestId("s-contract").waitFor();
    assert.deepEqual(errors, []);
    await close();
  });
});

describe("page titles", () => {
  const PAGES = [
    ["/", "Covered — 유지보수 계약 범위·SLA 계산기", "Covered — maintenance scope & SLA calculator"],
    ["/coverage", "지원 범위 자가 점검 — Covered", "Coverage self-check — Covered"],
    ["/request", "요청 접수 — Covered", "Submit a request — Covered"],
    ["/status", "계약 현황 — Covered", "Contract status — Covered"],
    ["/packages", "패키지 비교 — Covered", "Package comparison — Covered"],
    ["/sr/hanbit-city/SR-2026-0199", "SR-2026-0199 · 서비스 요청서 (SR) — Covered", "SR-2026-0199 · Service request (SR) form — Covered"],
    ["/no-such-page", "페이지를 찾을 수 없습니다 — Covered", "Page not found — Covered"],
  ];

  test("every page has its own title, in the page's language, also after in-page navigation and a language switch", async () => {
    const { page, errors, close } = await open("/?now=2026-11-23T10:00:00");
    for (const [path, ko, en] of PAGES) {
      await page.goto(new URL(`${path}?now=2026-11-23T10:00:00`, baseUrl).href);
      await page.waitForFunction((t) => document.title === t, ko, { timeout: 10_000 }).catch(() => {});
      assert.equal(await page.title(), ko, path);
      await page.goto(new URL(`${path}?now=2026-11-23T10:00:00&lang=en`, baseUrl).href);
      await page.waitForFunction((t) => document.title === t, en, { timeout: 10_000 }).catch(() => {});
      assert.equal(await page.title(), en, path);
    }
    // Followed inside the portal (no page load), and back.
    await page.goto(new URL("/?now=2026-11-23T10:00:00", baseUrl).href);
    await page.locator('[data-testid="app-ready"]').waitFor();
    await page.getByRole("navigation").getByRole("link", { name: "패키지 비교" }).click();
    await page.waitForFunction(() => document.title === "패키지 비교 — Covered");
    await page.getByRole("navigation").getByRole("link", { name: "계약 현황" }).click();
    await page.waitForFunction(() => document.title === "계약 현황 — Covered");
    await page.goBack();
    await page.waitForFunction(() => document.title === "패키지 비교 — Covered");
    assert.deepEqual(errors, []);
    await close();
  });
});
