// <covered-check>: the embeddable coverage and deadline checker.
//
//   <script type="module" src="/widget/covered-check.js"></script>
//   <covered-check data-src="/api/widget/<share token>/" contract="hanbit-city"></covered-check>
//
// Attributes: `data-src` (the data directory's URL, with its index.json: under
// `covered serve`, a published contract's `/api/widget/<share token>/`, which the site
// build also writes as files; on a static site, `/data/library/` too), `contract`
// (a contract id in it), `lang` (`ko`, the default, or `en`), `now` (ISO-8601; default:
// the current time), `category` (the request category shown first).
//
// All answers come from the calculator (covered-core compiled to WebAssembly, loaded
// from ./pkg/ beside this file); this element only fetches the data and renders.
//
// Events (bubbling, composed): `covered-ready` after the first answer is on screen
// (detail: {timings}), `covered-verdict` after each answer (detail: {verdict}),
// `covered-error` when the data cannot be loaded or judged (detail: {message}).
//
// Timings (also as performance marks `covered-check:engine-ready`,
// `covered-check:data-ready`, `covered-check:first-answer`, and the measure
// `covered-check:first-answer`): `firstAnswerMs` is from the moment both the wasm
// module is instantiated and the data files have arrived, to the first verdict
// rendered — it covers validating the data, building the form and the first check.

const PKG = new URL("./pkg/covered.js", import.meta.url);

/** The calculator module, loaded and instantiated once per page. */
let engine;
function loadEngine() {
  engine ??= import(PKG.href).then(async (module) => {
    await module.default();
    performance.mark("covered-check:engine-ready");
    return module;
  });
  return engine;
}

/** Every UI string, Korean first. Business texts come from the data, in both languages. */
const UI = {
  ko: {
    title: "유지보수 지원 확인",
    product: "제품",
    category: "요청 유형",
    questions: "질문",
    yes: "예",
    no: "아니요",
    unanswered: "— 선택 —",
    verdict: "판정",
    reasons: "근거",
    alternatives: "대안",
    remaining: (q) => `올해 남은 횟수: ${q.remaining} / ${q.limit} (사용 ${q.used}, 진행 중 ${q.pending}) · ${q.resets_on} 초기화`,
    severity: "심각도",
    deadlines: "처리 기한",
    upgraded: "임시 업그레이드 시",
    missing: "답변이 필요한 질문",
    loading: "불러오는 중…",
    failed: "불러오지 못했습니다",
    switchTo: "언어",
    at: (d) => `${d.slice(0, 10)} ${d.slice(11, 16)}`,
    range: (min, max) =>
      min != null && max != null ? `${min} 이상 ${max} 이하의 수를 입력하세요.`
        : min != null ? `${min} 이상의 수를 입력하세요.`
        : max != null ? `${max} 이하의 수를 입력하세요.`
        : "수를 입력하세요.",
    within: "목표",
    clause: "조항",
  },
  en: {
    title: "Maintenance coverage check",
    product: "Product",
    category: "Request type",
    questions: "Questions",
    yes: "Yes",
    no: "No",
    unanswered: "— choose —",
    verdict: "Verdict",
    reasons: "Why",
    alternatives: "Alternatives",
    remaining: (q) => `Left this contract year: ${q.remaining} of ${q.limit} (used ${q.used}, pending ${q.pending}) · resets on ${q.resets_on}`,
    severity: "Severity",
    deadlines: "Deadlines",
    upgraded: "With the temporary upgrade",
    missing: "Still to answer",
    loading: "Loading…",
    failed: "Could not load",
    switchTo: "Language",
    at: (d) => `${d.slice(0, 10)} ${d.slice(11, 16)}`,
    range: (min, max) =>
      min != null && max != null ? `Enter a number from ${min} to ${max}.`
        : min != null ? `Enter a number of ${min} or more.`
        : max != null ? `Enter a number of ${max} or less.`
        : "Enter a number.",
    within: "target",
    clause: "clause",
  },
};

const STYLE = `
:host { display: block; font: 15px/1.5 system-ui, "Noto Sans KR", "Nanum Gothic", sans-serif;
  color: var(--covered-fg, #1b1f24); max-width: 42rem; }
.box { border: 1px solid var(--covered-border, #c9ced6); border-radius: 10px; padding: 1rem;
  background: var(--covered-bg, #fff); }
header { display: flex; justify-content: space-between; align-items: baseline; gap: .5rem; flex-wrap: wrap; }
h2 { font-size: 1.1rem; margin: 0; }
.sub { color: #57606a; font-size: .85rem; margin: .1rem 0 .6rem; }
.langs { display: flex; gap: .25rem; }
.langs button { font: inherit; font-size: .8rem; padding: .15rem .5rem; border: 1px solid #8c959f;
  border-radius: 5px; background: #fff; cursor: pointer; }
.langs button[aria-pressed="true"] { background: var(--covered-accent, #0b5cad); color: #fff; border-color: transparent; }
form { display: grid; gap: .5rem; }
label, legend { font-weight: 600; font-size: .9rem; }
.field { display: grid; gap: .15rem; }
select, input[type=number], input[type=text] { font: inherit; padding: .3rem .4rem; border: 1px solid #8c959f;
  border-radius: 5px; max-width: 100%; }
fieldset { border: 1px solid #d0d7de; border-radius: 6px; margin: 0; padding: .3rem .6rem .5rem; }
fieldset label { font-weight: 400; margin-right: .8rem; }
:focus-visible { outline: 3px solid var(--covered-accent, #0b5cad); outline-offset: 1px; }
.verdict { margin-top: .9rem; border-top: 1px solid #d0d7de; padding-top: .7rem; }
.status { display: inline-block; font-weight: 700; padding: .1rem .6rem; border-radius: 999px; }
.status.covered { background: #dafbe1; color: #0f5323; }
.status.selective { background: #fff1c2; color: #6d4c00; }
.status.not_covered { background: #ffe1e1; color: #8a1116; }
.status.outside_contract { background: #eaeef2; color: #32383f; }
h3 { font-size: .9rem; margin: .7rem 0 .2rem; }
ul { margin: 0; padding-left: 1.2rem; }
li { margin: .1rem 0; }
.clause { color: #57606a; font-size: .85rem; white-space: nowrap; }
.due { font-weight: 700; }
.explain { color: #57606a; font-size: .85rem; }
.missing { color: #6d4c00; }
[role=alert], .field-error { color: #8a1116; }
.field-error { margin: 0; font-size: .85rem; font-weight: 600; }
[hidden] { display: none !important; }
[aria-invalid=true] { border-color: #8a1116; border-width: 2px; }
`;

class CoveredCheck extends HTMLElement {
  static observedAttributes = ["lang", "now", "contract", "data-src", "category"];

  #root = this.attachShadow({ mode: "open" });
  #covered = null; // the loaded data set (a `Covered`)
  #summary = null;
  #loadedFrom = null;
  // `typed`: what is in each number or text field as typed, kept even when it is not a
  // usable answer, so that re-drawing the questions never loses it.
  #state = { product: 0, branch: null, category: null, answers: {}, typed: {} };
  #visible = null; // the questions shown, as a key
  #first = true;
  #timings = {};

  connectedCallback() {
    this.#load();
  }

  attributeChangedCallback(name, old, value) {
    if (old === value || !this.isConnected) return;
    if (name === "data-src") this.#load();
    else if (this.#covered) {
      if (name === "contract" || name === "category") this.#state = { product: 0, branch: null, category: null, answers: {}, typed: {} };
      this.#render();
    }
  }

  /** `ko` unless the `lang` attribute says `en`. */
  get #lang() {
    return this.getAttribute("lang") === "en" ? "en" : "ko";
  }

  get #t() {
    return UI[this.#lang];
  }

  /** The verdict last shown. */
  verdict = null;

  /** How long the first answer took; see the file's header. */
  get timings() {
    return { ...this.#timings };
  }

  async #load() {
    const src = this.dataset.src;
    if (!src || src === this.#loadedFrom) return;
    this.#loadedFrom = src;
    // Another data directory: the choices made in the last one mean nothing here.
    this.#state = { product: 0, branch: null, category: null, answers: {}, typed: {} };
    this.#visible = null;
    this.#root.innerHTML = `<style>${STYLE}</style><div class="box" aria-busy="true">${this.#t.loading}</div>`;
    try {
      const base = new URL(src, document.baseURI);
      const text = async (file) => {
        const response = await fetch(new URL(file, base));
        if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
        return response.text();
      };
      const [module, index] = await Promise.all([loadEngine(), text("index.json")]);
      const files = { "index.json": index };
      const names = module.manifestFiles(index);
      const texts = await Promise.all(names.map(text));
      names.forEach((name, i) => (files[name] = texts[i]));
      const start = performance.now();
      performance.mark("covered-check:data-ready");
      this.#covered = new module.Covered(files);
      const loaded = performance.now();
      this.#summary = this.#covered.summary();
      this.#timings.start = start;
      this.#timings.loadDataMs = loaded - start;
      this.#timings.summaryMs = performance.now() - loaded;
      this.#render();
    } catch (error) {
      this.#fail(error);
    }
  }

  #fail(error) {
    const message = error instanceof Error ? error.message : String(error);
    this.#root.innerHTML = `<style>${STYLE}</style><div class="box"><p role="alert"><strong>${this.#t.failed}</strong></p><pre></pre></div>`;
    this.#root.querySelector("pre").textContent = message;
    this.dispatchEvent(new CustomEvent("covered-error", { bubbles: true, composed: true, detail: { message } }));
  }

  #contract() {
    const id = this.getAttribute("contract");
    return this.#summary.contracts.find((c) => c.id === id) ?? null;
  }

  /** Builds the whole form (on load, and when the language or the shown questions change). */
  #render() {
    const t = this.#t;
    const lang = this.#lang;
    const contract = this.#contract();
    if (!contract) {
      this.#fail(new Error(`"${this.getAttribute("contract")}" is not a contract of ${this.dataset.src}`));
      return;
    }
    const s = this.#state;
    s.category ??= this.getAttribute("category") ?? this.#summary.categories[0]?.id;
    s.branch ??= contract.branches[0]?.id ?? null;
    const category = this.#summary.categories.find((c) => c.id === s.category) ?? this.#summary.categories[0];
    const root = this.#root;
    root.innerHTML = `<style>${STYLE}</style>
      <section class="box" lang="${lang}" aria-labelledby="title">
        <header><h2 id="title"></h2>
          <div class="langs" role="group" aria-label="${t.switchTo}">
            <button type="button" data-lang="ko" lang="ko" aria-pressed="${lang === "ko"}">한국어</button>
            <button type="button" data-lang="en" lang="en" aria-pressed="${lang === "en"}">English</button>
          </div></header>
        <p class="sub" id="sub"></p>
        <form autocomplete="off">
          <div class="field"><label for="product">${t.product}</label><select id="product" name="product"></select></div>
          <div class="field" id="branch-field" hidden><label for="branch" id="branch-label"></label><select id="branch" name="branch"></select></div>
          <div class="field"><label for="category">${t.category}</label><select id="category" name="category"></select></div>
          <div id="questions"></div>
        </form>
        <div class="verdict" aria-live="polite"></div>
      </section>`;
    root.getElementById("title").textContent = t.title;
    // What the vendor calls its customers' sites ("도서관 (분관)" for the library sample).
    root.getElementById("branch-label").textContent = this.#summary.terms.branch[lang];
    root.getElementById("sub").textContent =
      `${contract.institution[lang]} · ${contract.tier_name[lang]} (${contract.window_label}) · ${contract.start} – ${contract.end}`;
    const option = (select, value, label, selected) => {
      const o = document.createElement("option");
      o.value = value;
      o.textContent = label;
      o.selected = selected;
      select.append(o);
    };
    const product = root.getElementById("product");
    contract.products.forEach((p, i) =>
      option(product, String(i), `${p.name[lang]} ${p.version === "all" ? "" : p.version}`.trim(), i === s.product));
    if (contract.branches.length > 1) {
      const branch = root.getElementById("branch");
      root.getElementById("branch-field").hidden = false;
      for (const b of contract.branches) option(branch, b.id, b.name[lang], b.id === s.branch);
    }
    const select = root.getElementById("category");
    for (const c of this.#summary.categories) option(select, c.id, c.name[lang], c.id === category.id);

    root.querySelectorAll(".langs button").forEach((button) =>
      button.addEventListener("click", () => {
        this.setAttribute("lang", button.dataset.lang);
        this.#root.querySelector(`.langs button[data-lang="${button.dataset.lang}"]`)?.focus();
      }));
    product.addEventListener("change", () => {
      s.product = Number(product.value);
      this.#answer();
    });
    root.getElementById("branch").addEventListener("change", (e) => {
      s.branch = e.target.value;
      this.#answer();
    });
    select.addEventListener("change", () => {
      s.category = select.value;
      s.answers = {};
      s.typed = {};
      this.#visible = null;
      this.#answer();
    });
    this.#visible = null;
    this.#answer();
  }

  /** Asks the calculator and shows its verdict; rebuilds the questions when the shown set changes. */
  #answer() {
    const s = this.#state;
    const contract = this.#contract();
    const installed = contract.products[s.product] ?? contract.products[0];
    const request = {
      product: installed.product, version: installed.version, category: s.category, answers: s.answers,
      ...(s.branch ? { branch: s.branch } : {}),
    };
    const now = this.getAttribute("now") ?? new Date().toISOString().slice(0, 19) + "Z";
    let verdict;
    const asked = performance.now();
    try {
      verdict = this.#covered.check(contract.id, request, now);
      if (this.#first) this.#timings.checkMs = performance.now() - asked;
    } catch (error) {
      this.#fail(error);
      return;
    }
    const key = verdict.visible_questions.join(",");
    if (key !== this.#visible) {
      this.#visible = key;
      this.#questions(verdict.visible_questions);
    }
    this.#show(verdict);
    this.verdict = verdict;
    this.dispatchEvent(new CustomEvent("covered-verdict", { bubbles: true, composed: true, detail: { verdict } }));
    if (this.#first) {
      this.#first = false;
      performance.mark("covered-check:first-answer");
      const end = performance.now();
      this.#timings.firstAnswerMs = end - this.#timings.start;
      const engineReady = performance.getEntriesByName("covered-check:engine-ready")[0]?.startTime ?? 0;
      this.#timings.engineReadyAt = engineReady;
      this.#timings.firstAnswerAt = end;
      try {
        performance.measure("covered-check:first-answer", { start: this.#timings.start, end });
      } catch {
        // Older browsers without measure options: the timings property still has it.
      }
      this.dispatchEvent(new CustomEvent("covered-ready", { bubbles: true, composed: true, detail: { timings: this.timings } }));
    }
  }

  /** The category's questions shown now, each a labelled control. */
  #questions(ids) {
    const t = this.#t;
    const lang = this.#lang;
    const s = this.#state;
    const category = this.#summary.categories.find((c) => c.id === s.category);
    const box = this.#root.getElementById("questions");
    const focused = this.#root.activeElement?.id;
    box.replaceChildren();
    for (const q of category.questions.filter((q) => ids.includes(q.id))) {
      const id = `q-${q.id}`;
      const field = document.createElement("div");
      field.className = "field";
      const labelText = `${q.text[lang]}${q.unit ? ` (${q.unit[lang]})` : ""}`;
      const set = (value) => {
        if (value === undefined) delete s.answers[q.id];
        else s.answers[q.id] = value;
        this.#answer();
      };
      if (q.type === "multi") {
        const fs = document.createElement("fieldset");
        const legend = document.createElement("legend");
        legend.textContent = labelText;
        fs.append(legend);
        for (const o of q.options) {
          const label = document.createElement("label");
          const box = document.createElement("input");
          box.type = "checkbox";
          box.id = `${id}-${o.id}`;
          box.value = o.id;
          box.checked = (s.answers[q.id] ?? []).includes(o.id);
          box.addEventListener("change", () => {
            const chosen = [...fs.querySelectorAll("input:checked")].map((i) => i.value);
            set(chosen);
          });
          label.append(box, ` ${o.name[lang]}`);
          fs.append(label);
        }
        field.append(fs);
      } else {
        const label = document.createElement("label");
        label.htmlFor = id;
        label.textContent = labelText;
        let control;
        let error = null;
        if (q.type === "number" || q.type === "text") {
          control = document.createElement("input");
          control.type = q.type;
          if (q.type === "number") control.step = "any"; // 0.5 person-days is an answer
          if (q.min != null) control.min = q.min;
          if (q.max != null) control.max = q.max;
          control.value = s.typed[q.id] ?? s.answers[q.id] ?? "";
          // A number out of range (or not a number) is no answer, and is said beside it.
          error = document.createElement("p");
          error.className = "field-error";
          error.id = `${id}-error`;
          control.setAttribute("aria-describedby", error.id);
          const judge = () => {
            const bad = q.type === "number" && !control.validity.valid;
            control.setAttribute("aria-invalid", String(bad));
            error.hidden = !bad;
            error.textContent = bad ? t.range(q.min, q.max) : "";
            return bad;
          };
          control.addEventListener("input", () => {
            s.typed[q.id] = control.value;
            const v = control.value.trim();
            if (judge() || v === "") set(undefined);
            else set(q.type === "text" ? v : Number(v));
          });
          queueMicrotask(judge);
        } else {
          control = document.createElement("select");
          const choices = q.type === "yes_no"
            ? [["true", t.yes], ["false", t.no]]
            : q.options.map((o) => [o.id, o.name[lang]]);
          const current = s.answers[q.id];
          for (const [value, text] of [["", t.unanswered], ...choices]) {
            const o = document.createElement("option");
            o.value = value;
            o.textContent = text;
            o.selected = current !== undefined && String(current) === value;
            control.append(o);
          }
          control.addEventListener("change", () => {
            const v = control.value;
            set(v === "" ? undefined : q.type === "yes_no" ? v === "true" : v);
          });
        }
        control.id = id;
        control.name = q.id;
        if (q.required) control.required = true;
        if (q.help) control.title = q.help[lang];
        field.append(label, control);
        if (error) field.append(error);
      }
      box.append(field);
    }
    if (focused) this.#root.getElementById(focused)?.focus();
  }

  /** Renders a verdict: status, reasons with clauses, alternatives, limit, severity, deadlines. */
  #show(v) {
    const t = this.#t;
    const lang = this.#lang;
    const out = this.#root.querySelector(".verdict");
    const el = (tag, { dataset, ...attrs } = {}, ...children) => {
      const e = document.createElement(tag);
      Object.assign(e, attrs);
      Object.assign(e.dataset, dataset ?? {});
      e.append(...children.filter((c) => c != null));
      return e;
    };
    const parts = [];
    parts.push(el("h3", { textContent: t.verdict }),
      el("p", {}, el("span", { className: `status ${v.coverage.status}`, textContent: v.coverage.status_text[lang] })));
    if (v.missing_answers.length) {
      const category = this.#summary.categories.find((c) => c.id === this.#state.category);
      const names = v.missing_answers.map((id) => category?.questions.find((q) => q.id === id)?.text[lang] ?? id);
      parts.push(el("p", { className: "missing", textContent: `${t.missing}: ${names.join(" · ")}` }));
    }
    // The deciding reasons first (what excludes or limits), then what supports.
    const order = (r) => (r.effect === "supports" ? 1 : 0);
    const reasons = [...v.coverage.reasons].sort((a, b) => order(a) - order(b));
    parts.push(el("h3", { textContent: t.reasons }),
      el("ul", { className: "reasons" }, ...reasons.map((r) =>
        el("li", { dataset: { effect: r.effect } }, r.text[lang], r.clause ? " " : null,
          r.clause ? el("span", { className: "clause", textContent: `[${r.clause}]` }) : null))));
    if (v.coverage.alternatives.length) {
      parts.push(el("h3", { textContent: t.alternatives }),
        el("ul", {}, ...v.coverage.alternatives.map((a) => el("li", { textContent: a.text[lang] }))));
    }
    if (v.quota) parts.push(el("p", { className: "quota", textContent: t.remaining(v.quota) }));
    if (v.severity) {
      parts.push(el("h3", { textContent: t.severity }),
        el("p", { className: "severity" }, el("strong", { textContent: v.severity.name[lang] }),
          v.severity.because ? ` — ${v.severity.because[lang]}` : null));
    }
    const dues = (list) => el("ul", { className: "deadlines" }, ...list.map((d) =>
      el("li", { dataset: { clock: d.clock, dueAt: d.due_at } },
        `${d.name[lang]} (${t.within} ${d.within_text[lang]}): `,
        el("time", { className: "due", dateTime: d.due_at, textContent: t.at(d.due) }),
        el("br"), el("span", { className: "explain", textContent: d.explain[lang] }))));
    if (v.deadlines.length) parts.push(el("h3", { textContent: t.deadlines }), dues(v.deadlines));
    if (v.upgraded_deadlines.length) parts.push(el("h3", { textContent: t.upgraded }), dues(v.upgraded_deadlines));
    out.replaceChildren(...parts);
  }
}

if (!customElements.get("covered-check")) customElements.define("covered-check", CoveredCheck);
export { CoveredCheck };
