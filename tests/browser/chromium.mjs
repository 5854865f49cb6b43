// Debian's Chromium, launched the one way every browser test here uses: headless, no
// sandbox (root), and none of the background connections this closed network refuses.
// Playwright gives it a fresh temporary profile of its own. Nothing is downloaded.

import { chromium } from "playwright-core";

/** Launches `/usr/bin/chromium` for a test file. */
export function launchChromium() {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Chooses the request type `id` in the request form's list of types (one radio each). */
export async function chooseRequestType(page, id) {
  await page.getByTestId(`cat-${id}`).check();
}
