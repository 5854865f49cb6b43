// What the tests that start servers of their own share: `covered serve` (COVERED_BIN, on
// the built portal COVERED_SITE) on a database of the test's, with its clock started at a
// given time (`--now`) and started again later on the same database "as if the time had
// passed"; a real SMTP server on loopback (Debian's python3-aiosmtpd, the script the
// server's own mail test runs) whose messages the test reads; and logging in as a person
// does, key by key.

import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve as absolute } from "node:path";
import { fileURLToPath } from "node:url";

export const coveredBin = process.env.COVERED_BIN;
export const site = process.env.COVERED_SITE;

const here = dirname(fileURLToPath(import.meta.url));
/** The repository: where `covered serve` finds its default data and demo accounts. */
const root = join(here, "..", "..");
const sinkScript = join(root, "cli", "tests", "support", "smtp_sink.py");

/** A fresh temporary directory named after `what`. */
export function tempDir(what) {
  return mkdtempSync(join(tmpdir(), `covered-${what}-`));
}

/** A port nobody listens on now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** `covered serve` on `db` with its clock started at `now` (local time, e.g.
 * `2026-11-23T10:00:00`), on `port` (0: any free one) and with `args` added; resolves
 * to its URL and a stop. */
export async function startServer(db, now, { port = 0, args = [] } = {}) {
  const child = spawn(absolute(coveredBin), ["serve", "--site", absolute(site), "--db", absolute(db), "--now", now, "--port", String(port), ...args], {
    cwd: root,
    // No request log unless RUST_LOG asks for one.
    env: { RUST_LOG: "warn", ...process.env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) resolve(m[1]);
    });
    child.on("exit", (code) => reject(new Error(`covered serve exited (${code}): ${out}`)));
  });
  const stop = () => new Promise((resolve) => {
    child.removeAllListeners("exit");
    if (child.exitCode !== null) return resolve();
    child.on("exit", resolve);
    child.kill("SIGTERM");
  });
  return { url, stop };
}

/** A Python that has aiosmtpd: Debian's, else the `python3` on PATH; fails saying how
 * to install it when none has. */
function python() {
  for (const p of ["/usr/bin/python3", "python3"]) {
    if (spawnSync(p, ["-c", "import aiosmtpd"], { stdio: "ignore" }).status === 0) return p;
  }
  assert.fail("aiosmtpd is not installed and the walk needs a real SMTP server: `cargo xtask test` installs Debian's python3-aiosmtpd (or `apt-get install python3-aiosmtpd`)");
}

/** A real SMTP server on 127.0.0.1 that writes each message it receives (envelope `to`,
 * `from`, decoded `subject` and `body`) as one JSON file in a directory of its own. */
export async function startSmtpSink() {
  const dir = tempDir("smtp");
  const port = await freePort();
  const child = spawn(python(), [sinkScript, dir, String(port)], { stdio: ["pipe", "pipe", "inherit"] });
  await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      if (/^ready$/m.test(out)) resolve();
    });
    child.on("exit", (code) => reject(new Error(`the SMTP server exited (${code}): ${out}`)));
  });
  /** Every message received so far, in the order received. */
  const messages = () =>
    readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .sort()
      .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")));
  /** Waits (up to `timeout` ms) for messages matching `pred`, until there are `count`;
   * fails listing what did arrive. */
  const waitFor = async (what, pred, { count = 1, timeout = 20_000 } = {}) => {
    const until = Date.now() + timeout;
    for (;;) {
      const found = messages().filter(pred);
      if (found.length >= count) return found;
      if (Date.now() > until) {
        const got = messages().map((m) => `${m.to.join(",")}: ${m.subject}`).join("\n  ");
        assert.fail(`no ${what} (${found.length} of ${count}); received:\n  ${got}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const stop = () => new Promise((resolve) => {
    child.removeAllListeners("exit");
    if (child.exitCode !== null) return resolve();
    child.on("exit", resolve);
    child.stdin.end();
    child.kill("SIGTERM");
  });
  return { url: `smtp://127.0.0.1:${port}`, dir, messages, waitFor, stop };
}

/** A fresh context of `browser` on `base` + `path`, logged in as `login` by typing key
 * by key (its demo password, `demo-<login>`); page errors are collected. */
export async function visitAt(browser, base, path, login, viewport) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(new URL(path, base).href);
  await page.locator('[data-testid="app-ready"]').waitFor({ timeout: 15_000 });
  if (login) {
    await page.getByTestId("login-name").pressSequentially(login);
    await page.getByTestId("login-password").pressSequentially(`demo-${login}`);
    await page.getByTestId("login-password").press("Enter");
    await page.getByTestId("account").waitFor();
  }
  return { page, errors, context, close: () => context.close() };
}

/** Presses ↓ on the `select` `testid` until it says `value`. */
export async function arrowTo(page, testid, value) {
  const select = page.getByTestId(testid);
  await select.focus();
  for (let i = 0; i < 20 && (await select.inputValue()) !== value; i++) await page.keyboard.press("ArrowDown");
  assert.equal(await select.inputValue(), value, `${testid} reached by the keyboard`);
}
