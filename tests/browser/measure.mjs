// The measurements behind the budgets, shared by the browser tests (pages.test.mjs,
// widget.test.mjs) and `cargo xtask bench` (bench.mjs): a page's first load (the bytes
// of every response body as sent: the build's precompressed gzip where the server sent
// it, else the body gzipped at level 9, as a server compressing on the fly would) and time to interactive, the
// portal's keystroke recompute, the widget's first answer, and the calculator package's
// size. Each takes a launched browser (chromium.mjs) and the served site's URL.

import { gzipSync } from "node:zlib";

/** The coverage self-check with a limited category: the portal page the budgets measure. */
export const PORTAL_BUDGET_PATH =
  "/coverage?now=2026-11-23T10:00:00&contract=hanbit-city&branch=main&product=DLi&version=8&category=stats_report";

/**
 * Records every response of `page` as it arrives: `[{url, body, sent}]` — the body as
 * the page got it, and when the server sent it gzipped, the bytes it sent (Chromium's
 * encoded body size).
 */
export function recordResponses(page) {
  const bodies = [];
  page.on("response", async (r) => {
    try {
      const body = await r.body();
      const gzipped = (await r.allHeaders())["content-encoding"] === "gzip";
      const sent = gzipped ? (await r.request().sizes()).responseBodySize : null;
      bodies.push({ url: r.url(), body, sent });
    } catch { /* redirects */ }
  });
  return bodies;
}

/**
 * Raw and gzipped bytes of recorded responses: what the server sent gzipped counts as
 * sent, anything else as gzipped at level 9. `precompressed` is how many came gzipped.
 */
export function transferred(bodies) {
  return {
    responses: bodies.length,
    precompressed: bodies.filter((b) => b.sent !== null).length,
    rawBytes: bodies.reduce((n, b) => n + b.body.length, 0),
    gzBytes: bodies.reduce((n, b) => n + (b.sent ?? gzipSync(b.body, { level: 9 }).length), 0),
    // For comparison with figures from before the build precompressed: every body at
    // gzip level 9.
    gz9Bytes: bodies.reduce((n, b) => n + gzipSync(b.body, { level: 9 }).length, 0),
  };
}

/**
 * The bytes of a first load of `path` in a fresh context, until the network is idle
 * and `testId` is in the page: `transferred()` and the wasm files it fetched.
 */
export async function entryLoad(browser, baseUrl, path, testId) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const bodies = recordResponses(page);
    await page.goto(new URL(path, baseUrl).href);
    await page.getByTestId(testId).first().waitFor();
    await page.waitForLoadState("networkidle");
    const wasm = bodies.filter((b) => b.url.endsWith(".wasm")).map((b) => b.url.split("/").pop());
    return { ...transferred(bodies), wasm };
  } finally {
    await context.close();
  }
}

/**
 * Loads the portal at `path` in a fresh context: time to interactive is when the first
 * question of the form is in the page (ms since navigation started); the size is every
 * response until the network is idle. The page stays open for more measurements.
 * `phases` says where the time went (ms since navigation started): the page's first
 * byte, the wasm instantiated, the app's first render.
 */

/** `first byte 41 · wasm ready 120 · first render 160 · … · interactive 290 ms`. */
export function describePhases({ phases, interactiveMs }) {
  const ms = (v) => (v === undefined ? "?" : v.toFixed(0));
  return `first byte ${ms(phases.firstByte)} · wasm ready ${ms(phases.wasmReady)} · first render ${ms(phases.firstRender)}` +
    ` · data in ${ms(phases["data-fetched"])} · loaded ${ms(phases["data-loaded"])} · page ${ms(phases.page)} · interactive ${ms(interactiveMs)} ms`;
}
export async function portalFirstLoad(browser, baseUrl, path = PORTAL_BUDGET_PATH) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const bodies = recordResponses(page);
  // Noted by the page itself the moment the question is added (its handlers are attached
  // when Leptos creates it), not when Playwright's polling notices it.
  // Where the time goes, for the budget line: when the wasm module is instantiated
  // (wasm-bindgen calls one of the two), and when the app first adds to the page.
  await page.addInitScript(() => {
    const phases = (window.coveredPhases = {});
    for (const name of ["instantiateStreaming", "instantiate"]) {
      const original = WebAssembly[name];
      WebAssembly[name] = async (...args) => {
        const instance = await original.apply(WebAssembly, args);
        phases.wasmReady ??= performance.now();
        return instance;
      };
    }
    new MutationObserver((_, observer) => {
      if (phases.wasmReady !== undefined && phases.firstRender === undefined && document.body?.querySelector("[class]")) {
        phases.firstRender = performance.now();
      }
      if (document.querySelector('[data-testid="q-person_days"]')) {
        window.coveredInteractiveMs = performance.now();
        observer.disconnect();
      }
    }).observe(document, { subtree: true, childList: true });
  });
  await page.goto(new URL(path, baseUrl).href);
  await page.getByTestId("q-person_days").waitFor();
  const { interactiveMs, phases } = await page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0];
    // The app's own marks (state.rs, pages/coverage.rs): the data set in hand, loaded
    // and checked, and the page's first build.
    const marks = Object.fromEntries(performance.getEntriesByType("mark").map((m) => [m.name.replace("covered:", ""), m.startTime]));
    return {
      interactiveMs: window.coveredInteractiveMs,
      phases: { firstByte: nav?.responseStart, ...window.coveredPhases, ...marks },
    };
  });
  await page.waitForLoadState("networkidle");
  return { page, context, interactiveMs, phases, ...transferred(bodies), close: () => context.close() };
}

/**
 * Types `values` into the person-days question of a loaded portal page, one input event
 * each: `{total, engine}` per keystroke — from the input event until the verdict is
 * re-rendered, and the verdict recompute alone (the app's `data-recompute-ms`). The
 * first `warmUp` keystrokes are not returned.
 */
export async function keystrokeSamples(
  page,
  values = ["1", "2", "5", "1", "2", "4", "3", "1", "2", "5", "1", "3", "2", "4", "1"],
  warmUp = 3,
) {
  const samples = [];
  for (const [i, value] of values.entries()) {
    const sample = await page.evaluate(async (v) => {
      const input = document.querySelector('[data-testid="q-person_days"]');
      const result = document.querySelector('[data-testid="result"]');
      const t0 = performance.now();
      input.value = v;
      input.dispatchEvent(new Event("input", { bubbles: true }));
      // Leptos runs its effects in microtasks: a fresh task starts after the DOM is updated.
      await new Promise((resolve) => { const c = new MessageChannel(); c.port1.onmessage = () => resolve(); c.port2.postMessage(0); });
      return { total: performance.now() - t0, engine: Number(result.dataset.recomputeMs) };
    }, value);
    if (i >= warmUp) samples.push(sample);
  }
  return samples;
}

/** Median and worst keystroke-to-render time, and the worst verdict recompute. */
export function keystrokeSummary(samples) {
  const totals = samples.map((s) => s.total).sort((a, b) => a - b);
  return {
    median: totals[Math.floor(totals.length / 2)],
    worst: totals[totals.length - 1],
    engine: Math.max(...samples.map((s) => s.engine)),
  };
}

/**
 * Opens embed.html in a fresh context, recording console errors (and, with `record`,
 * every response), and waits for the widget's first answer: its `timings`
 * (public/widget/covered-check.js) — `firstAnswerMs` from module and data ready to the
 * first verdict rendered, `firstAnswerAt` since navigation started.
 */
export async function openEmbed(browser, baseUrl, { record = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 1000 } });
  const page = await context.newPage();
  const errors = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(String(error)));
  const bodies = record ? recordResponses(page) : [];
  // Record the first answer's timings as soon as the widget reports them.
  await page.addInitScript(() => {
    window.__coveredReady = new Promise((resolve) =>
      document.addEventListener("covered-ready", (e) => resolve(e.detail.timings), { once: true }));
  });
  await page.goto(new URL("embed.html", baseUrl).href);
  let timings;
  try {
    timings = await Promise.race([
      page.evaluate(() => window.__coveredReady),
      new Promise((_, reject) => setTimeout(() => reject(new Error("no covered-ready within 15 s")), 15_000)),
    ]);
  } catch (error) {
    await context.close();
    throw new Error(`the widget did not answer; page errors: ${JSON.stringify(errors)}`, { cause: error });
  }
  const widget = page.locator("covered-check");
  return { page, widget, errors, timings, bodies, close: () => context.close() };
}

/** The calculator package as the widget loads it (web wasm + JS glue): raw and gzipped bytes. */
export async function packageSize(baseUrl) {
  let gzBytes = 0;
  let rawBytes = 0;
  const parts = [];
  for (const file of ["widget/pkg/covered_bg.wasm", "widget/pkg/covered.js"]) {
    const response = await fetch(new URL(file, baseUrl));
    if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
    const bytes = Buffer.from(await response.arrayBuffer());
    const gz = gzipSync(bytes, { level: 9 }).length;
    rawBytes += bytes.length;
    gzBytes += gz;
    parts.push({ file: file.split("/").pop(), rawBytes: bytes.length, gzBytes: gz });
  }
  return { rawBytes, gzBytes, parts };
}
