// The page's script, as a consumer of @covered/calculator writes it: the package's ES
// module, bundled by Vite, which also emits the wasm it loads; the data directory is
// served beside the page (public/data/library/, copied in by `cargo xtask test`).

import init, { Covered, manifestFiles } from "@covered/calculator";

const show = (id, text) => {
  document.getElementById(id).textContent = text;
};

async function main() {
  await init();
  const base = new URL("data/library/", document.baseURI);
  const index = await (await fetch(new URL("index.json", base))).text();
  const files = { "index.json": index };
  for (const file of manifestFiles(index)) {
    files[file] = await (await fetch(new URL(file, base))).text();
  }
  const covered = new Covered(files);
  const verdict = covered.check("bada-county", {
    branch: "main", product: "DLi", version: "7", category: "fault",
    answers: { impact: "whole_system", cause: "process_stopped" },
  }, "2026-11-20T22:30:00+09:00");
  show("status", verdict.coverage.status);
  show("severity", verdict.severity.id);
  show("due", verdict.deadlines[0].due_at);
  show("explain", verdict.deadlines[0].explain.en);
  document.body.dataset.ready = "true";
}

main().catch((error) => {
  const p = document.getElementById("error");
  p.hidden = false;
  p.textContent = String(error?.message ?? error);
  document.body.dataset.ready = "error";
});
