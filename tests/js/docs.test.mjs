// Every JavaScript example of docs/js-api.md, core/js/README.md and README.md (each ```js block),
// run against the built package (COVERED_JS_PKG, target/js-pkg/ by default) — and every
// result the examples show in a comment asserted:
//
//   verdict.coverage.status;        // "covered"
//   covered.quota(…).find(…);
//   // {limit: 3, used: 2, …}
//
// A comment after a statement (on its line, or alone on the next), optionally opened by
// `→`, whose text starts with a value — a string, number, array, object, true, false or
// null — is the statement's expected result; what follows the value is prose. In those
// values `…` stands for anything: inside a string any text, in an array any elements, in
// an object value any value; objects are matched on the keys shown (`{ko, en}`: those
// keys are there, whatever their values).
//
// Each block is written to a module of its own under target/docs-test/, beside a
// node_modules/ where `@covered/calculator` is the built package, and imported (a block
// with `import` or top-level `await`) or required (else). What the blocks don't define
// is there as in the docs' prose: the package's exports, `covered` (the sample data
// `public/data/library/` loaded), `files` (its files), `indexText` (its index.json) and
// `base` ("/data/library/"). Browser examples
// (those calling `init()` or `fetch`) get the web build (`@covered/calculator/web`, as a
// bundler would) and a `fetch` that reads `file:` URLs (the wasm beside the glue) and
// `/data/…` (public/data/) from disk.
//
// By hand: `cargo xtask jspkg && node --test tests/js/`.

import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const pkg = resolve(process.env.COVERED_JS_PKG ?? join(root, "target", "js-pkg"));
const DOCS = ["docs/js-api.md", "core/js/README.md", "README.md"];

// The folder the blocks run in, with the package installed as a link.
const work = join(dirname(pkg), "docs-test");
rmSync(work, { recursive: true, force: true });
mkdirSync(join(work, "node_modules", "@covered"), { recursive: true });
symlinkSync(pkg, join(work, "node_modules", "@covered", "calculator"), "dir");
writeFileSync(join(work, "package.json"), '{ "private": true }\n');

// ---------------------------------------------------------------------------------------
// The blocks' surroundings.

const require = createRequire(join(work, "setup.cjs"));
const calculator = require("@covered/calculator");
const { Covered, manifestFiles } = calculator;
const libraryDir = join(root, "public", "data", "library");
const indexText = readFileSync(join(libraryDir, "index.json"), "utf8");
const libraryFiles = { "index.json": indexText };
for (const file of manifestFiles(indexText)) libraryFiles[file] = readFileSync(join(libraryDir, file), "utf8");

const TYPES = { wasm: "application/wasm", json: "application/json" };

/** `fetch` as a page of the portal's site has it, from disk: `file:` URLs and `/data/…`. */
async function diskFetch(input) {
  const url = String(input instanceof Request ? input.url : input);
  let file;
  if (url.startsWith("file:")) file = fileURLToPath(url);
  else if (url.startsWith("/data/")) file = join(root, "public", url);
  else throw new Error(`the docs' examples fetch only the package's wasm and /data/: ${url}`);
  const type = TYPES[file.split(".").pop()] ?? "application/octet-stream";
  return new Response(readFileSync(file), { headers: { "content-type": type } });
}

Object.assign(globalThis, {
  ...calculator,
  files: libraryFiles,
  covered: new Covered(libraryFiles),
  indexText,
  base: "/data/library/",
  fetch: diskFetch,
});

// ---------------------------------------------------------------------------------------
// Reading the blocks.

/** The ```js blocks of a markdown file: `{line, code}` (line: the block's first). */
function jsBlocks(file) {
  const lines = readFileSync(join(root, file), "utf8").split("\n");
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== "```js") continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end].trim() !== "```") end++;
    blocks.push({ line: start + 1, code: lines.slice(start, end) });
    i = end;
  }
  return blocks;
}

/** Splits a line into its code and its `//` comment (outside strings), both trimmed of the split. */
function splitComment(line) {
  let quote = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'" || c === "`") {
      quote = c;
    } else if (c === "/" && line[i + 1] === "/") {
      return { code: line.slice(0, i).trimEnd(), comment: line.slice(i + 2).trim() };
    }
  }
  return { code: line.trimEnd(), comment: null };
}

/** The bracket depths of code: [lowest prefix depth, final depth]. */
function depths(code) {
  let depth = 0;
  let lowest = 0;
  let quote = null;
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'" || c === "`") quote = c;
    else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) lowest = Math.min(lowest, --depth);
  }
  return [lowest, depth];
}

const ELLIPSIS = Symbol("…");

/**
 * Parses the value a comment starts with (after an optional `→`): `{value, rest}`, or
 * null when the comment is prose.
 */
function parseExpected(comment) {
  const text = comment.replace(/^→\s*/, "");
  if (!/^(["[{\d-]|true\b|false\b|null\b)/.test(text)) return null;
  let at = 0;
  const fail = (what) => {
    throw new Error(`cannot read the expected value in \`// ${comment}\`: ${what} at ${JSON.stringify(text.slice(at, at + 20))}`);
  };
  const space = () => {
    while (/\s/.test(text[at] ?? "")) at++;
  };
  const string = () => {
    const match = /^"(?:[^"\\]|\\.)*"/.exec(text.slice(at));
    if (!match) fail("an unterminated string");
    at += match[0].length;
    return { kind: "string", text: JSON.parse(match[0]) };
  };
  const value = () => {
    space();
    const c = text[at];
    if (c === "…") {
      at++;
      return ELLIPSIS;
    }
    if (c === '"') return string();
    if (c === "[") {
      at++;
      const items = [];
      for (;;) {
        space();
        if (text[at] === "]") break;
        items.push(value());
        space();
        if (text[at] === ",") at++;
        else if (text[at] !== "]") fail("`,` or `]` expected");
      }
      at++;
      return { kind: "array", items };
    }
    if (c === "{") {
      at++;
      const entries = [];
      for (;;) {
        space();
        if (text[at] === "}") break;
        if (text[at] === "…") {
          at++;
        } else {
          let key;
          if (text[at] === '"') {
            key = string().text;
          } else {
            key = /^[A-Za-z_$][\w$]*/.exec(text.slice(at))?.[0];
            if (key === undefined) fail("a key expected");
            at += key.length;
          }
          space();
          if (text[at] === ":") {
            at++;
            entries.push([key, value()]);
          } else {
            entries.push([key, ELLIPSIS]); // `{ko, en}`: the key is there
          }
        }
        space();
        if (text[at] === ",") at++;
        else if (text[at] !== "}") fail("`,` or `}` expected");
      }
      at++;
      return { kind: "object", entries };
    }
    const literal = /^(-?\d+(?:\.\d+)?|true|false|null)/.exec(text.slice(at));
    if (!literal) fail("a value expected");
    at += literal[0].length;
    return { kind: "literal", value: JSON.parse(literal[0]) };
  };
  const expected = value();
  return { value: expected, rest: text.slice(at).trim() };
}

/** Whether `actual` matches the expected value; else the reason, with its path. */
function mismatch(expected, actual, path = "result") {
  if (expected === ELLIPSIS) return null;
  const shown = () => `${path} is ${JSON.stringify(actual)}`;
  switch (expected.kind) {
    case "literal":
      return Object.is(actual, expected.value) ? null : `${shown()}, the docs say ${JSON.stringify(expected.value)}`;
    case "string": {
      const pattern = expected.text.split("…").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("[\\s\\S]*");
      return typeof actual === "string" && new RegExp(`^${pattern}$`).test(actual)
        ? null
        : `${shown()}, the docs say ${JSON.stringify(expected.text)}`;
    }
    case "array": {
      if (!Array.isArray(actual)) return `${shown()}, the docs show an array`;
      // Elements in order; `…` matches any run of them.
      const fits = (e, a) => {
        if (e === expected.items.length) return a === actual.length;
        if (expected.items[e] === ELLIPSIS) {
          for (let skip = a; skip <= actual.length; skip++) if (fits(e + 1, skip)) return true;
          return false;
        }
        return a < actual.length && mismatch(expected.items[e], actual[a]) === null && fits(e + 1, a + 1);
      };
      if (fits(0, 0)) return null;
      // Say which element differs, when the lengths allow.
      for (let i = 0; i < expected.items.length && expected.items[i] !== ELLIPSIS; i++) {
        const why = mismatch(expected.items[i], actual[i], `${path}[${i}]`);
        if (why) return why;
      }
      return `${shown()}, which the docs' array does not match`;
    }
    case "object": {
      if (actual === null || typeof actual !== "object") return `${shown()}, the docs show an object`;
      for (const [key, value] of expected.entries) {
        if (!(key in actual)) return `${path} has no \`${key}\` (it has ${Object.keys(actual).join(", ")})`;
        const why = mismatch(value, actual[key], `${path}.${key}`);
        if (why) return why;
      }
      return null;
    }
  }
  throw new Error(`unknown expected value ${String(expected.kind)}`);
}

/** Whether a line can start a statement: not a continuation (`.find(…)`, `})`). */
const startsStatement = (code) => code.trim() !== "" && !/^\s*([.)\]}?:+\-*/&|,]|=>)/.test(code);

/** Whether a line ends a statement, so that the next starts one. */
const endsStatement = (code) => code.trim() === "" || /[;{}]\s*$/.test(code);

/**
 * The block as a module: each statement with an expected result becomes a check of it
 * (`__doc.check(where, n, () => statement)`, n numbering the expected value). Returns the module's text and how
 * many results it checks.
 */
function instrument(file, block) {
  const parsed = block.code.map(splitComment);
  const out = block.code.slice();
  let checks = 0;
  for (let i = 0; i < parsed.length; i++) {
    const { code, comment } = parsed[i];
    if (!/;\s*$/.test(code)) continue;
    let expected = comment === null ? null : parseExpected(comment);
    let expectedLine = i;
    if (!expected && comment === null && i + 1 < parsed.length && parsed[i + 1].code.trim() === "" && parsed[i + 1].comment !== null) {
      expected = parseExpected(parsed[i + 1].comment);
      expectedLine = i + 1;
    }
    if (!expected) continue;
    // The statement: the fewest lines up to this one that are balanced and start one.
    let start = -1;
    for (let s = i; s >= 0; s--) {
      const text = parsed.slice(s, i + 1).map((p) => p.code).join("\n");
      const [lowest, depth] = depths(text);
      if (lowest === 0 && depth === 0 && startsStatement(parsed[s].code) && (s === 0 || endsStatement(parsed[s - 1].code))) {
        start = s;
        break;
      }
    }
    const where = `${file}:${block.line + expectedLine}`;
    if (start < 0) throw new Error(`${where}: cannot find the statement whose result the comment shows`);
    let statement = parsed.slice(start, i + 1).map((p) => p.code).join("\n").replace(/;\s*$/, "");
    const indent = /^\s*/.exec(statement)[0];
    statement = statement.trim();
    const declared = /^(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=/.exec(statement);
    expectations.push(expected.value);
    const args = `${JSON.stringify(where)}, ${expectations.length - 1}`;
    const replacement = declared
      ? `${indent}${statement}; __doc.check(${args}, () => ${declared[1]});`
      : `${indent}__doc.check(${args}, () => (${statement}));`;
    for (let s = start; s <= i; s++) out[s] = "";
    out[start] = replacement;
    checks++;
  }
  return { text: out.join("\n"), checks };
}

/** The expected values of every instrumented block, by the number its checks name. */
const expectations = [];

let checked = 0;
globalThis.__doc = {
  check(where, number, evaluate) {
    const expected = expectations[number];
    let actual;
    try {
      actual = evaluate();
    } catch (error) {
      assert.fail(`${where}: the example throws: ${error.message}`);
    }
    const why = mismatch(expected, actual);
    assert.equal(why, null, `${where}: ${why}`);
    checked++;
  },
};

// ---------------------------------------------------------------------------------------
// Running them.

for (const file of DOCS) {
  const blocks = jsBlocks(file);
  test(`${file} has JavaScript examples`, () => {
    assert.ok(blocks.length > 0, `no \`\`\`js block in ${file}`);
  });
  for (const block of blocks) {
    test(`${file}:${block.line}`, async () => {
      const { text, checks } = instrument(file, block);
      const browser = /\binit\(|\bfetch\(/.test(text);
      const code = browser ? text.replaceAll('from "@covered/calculator"', 'from "@covered/calculator/web"') : text;
      const esm = /^\s*import\s/m.test(code) || /^\s*(?:const .*= )?await\s/m.test(code) || /\bawait\s/.test(code);
      const name = `${file.replaceAll("/", "_")}-${block.line}.${esm ? "mjs" : "cjs"}`;
      const path = join(work, name);
      writeFileSync(path, code + "\n");
      const before = checked;
      if (esm) await import(pathToFileURL(path).href);
      else require(path);
      assert.equal(checked - before, checks, `${file}:${block.line}: ${checks} results to check, ${checked - before} checked`);
      if (checks > 0) console.log(`${file}:${block.line}: ${checks} results as the docs show them`);
    });
  }
}

test("the examples show results, and they are checked", () => {
  assert.ok(checked >= 30, `only ${checked} results of the docs' examples were checked`);
});
