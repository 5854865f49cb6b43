// The Vite-built app of tests/package/vite/ (built by `cargo xtask test` into
// COVERED_VITE_DIST with the packed @covered/calculator installed): served on 127.0.0.1
// by a small static server and loaded in Chromium, the page must show the verdict the
// calculator computes — the wasm having reached the browser through the bundler — with
// no console error.
//
// By hand, after `cargo xtask test` has built it once:
// `COVERED_VITE_DIST=target/package-test/vite/dist node --test tests/package/browser.test.mjs`.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { launchChromium } from "../browser/chromium.mjs";

const dist = process.env.COVERED_VITE_DIST;

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".css": "text/css",
};

/** Serves the files of `root` on 127.0.0.1 at a free port; resolves to the server. */
function serve(root) {
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://x").pathname);
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      response.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      const body = await readFile(file);
      response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      response.end(body);
    } catch {
      response.writeHead(404).end("not found");
    }
  });
  return new Promise((done) => server.listen(0, "127.0.0.1", () => done(server)));
}

let server;
let browser;

before(async () => {
  assert.ok(dist, "set COVERED_VITE_DIST to the Vite app's dist/ (cargo xtask test does this)");
  server = await serve(resolve(dist));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.close();
});

test("the Vite-bundled app loads the wasm and shows the calculator's verdict", async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  const wasm = [];
  page.on("response", (r) => {
    const line = `${r.status()} ${new URL(r.url()).pathname}`;
    if (r.url().endsWith(".wasm")) wasm.push(line);
    if (r.status() >= 400) errors.push(line);
  });
  const url = `http://127.0.0.1:${server.address().port}/`;
  await page.goto(url);
  await page.waitForSelector("body[data-ready]");
  assert.equal(await page.textContent("#error"), "", `the page failed: ${await page.textContent("#error")}`);
  assert.equal(await page.textContent("#status"), "covered");
  assert.equal(await page.textContent("#severity"), "critical");
  assert.equal(await page.textContent("#due"), "2026-11-23T12:00:00+09:00");
  assert.equal(await page.textContent("#explain"), "received Fri 22:30 · closed Sat–Sun · opens Mon 08:00 · due Mon 12:00");
  // The wasm came as a file of the build, named by Vite with its hash.
  assert.equal(wasm.length, 1, `wasm responses: ${wasm.join(", ")}`);
  assert.match(wasm[0], /^200 \/assets\/covered_bg-[\w-]+\.wasm$/);
  assert.deepEqual(errors, []);
  console.log(`vite: ${url} showed "covered", due 2026-11-23T12:00:00+09:00 (wasm: ${wasm[0]})`);
});
