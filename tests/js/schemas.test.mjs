// The data files' JSON Schemas (public/schemas/, what `covered schema <kind>` prints)
// checked by an independent validator, ajv (draft 2020-12, with ajv-formats): every
// file of both sample data directories passes its schema and names it in `"$schema"`;
// each broken file of tests/fixtures/broken/broken.json is refused — by the schema
// here, and by `covered validate` / `covered check` in cli/tests/schema.rs; and the
// schemas and `covered validate` refuse an unknown key in the same objects of every
// sample file, expecting the same keys, a value outside an enum in the same places,
// listing the same values, and a file without each of its members alike.
//
// Run through `cargo xtask test` (its JS step); by hand: `node --test tests/js/`
// (ajv comes from tests/browser/node_modules, which `cargo xtask test` installs; the
// `covered` binary is COVERED_BIN or target/debug/covered).

import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const require = createRequire(join(root, "tests", "browser", "package.json"));
const Ajv2020 = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats").default;

const schemaDir = join(root, "public", "schemas");
const KINDS = ["index", "catalog", "contract", "history", "outages", "cases", "request", "notifications", "mail"];

const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));
const schemaFile = (kind) => join(schemaDir, `${kind}.schema.json`);

// Strict: a keyword ajv does not know, or a misplaced one, is an error in the schema.
// (strictRequired is off: `required` in `if`/`then` and `anyOf` names properties
// declared beside them, as draft 2020-12 allows.)
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
addFormats(ajv);
const validators = Object.fromEntries(KINDS.map((k) => [k, ajv.compile(readJson(schemaFile(k)))]));

/** `errors` as lines `pointer: message`, for a failure's message. */
const show = (errors) => (errors ?? []).map((e) => `${e.instancePath || "/"}: ${e.message}`).join("\n");

/** Every file of the data directory `name` with its kind, as its manifest lists it. */
function dataFiles(name) {
  const dir = join(root, "public", "data", name);
  const index = readJson(join(dir, "index.json"));
  const files = [["index.json", "index"], [index.catalog, "catalog"]];
  for (const [list, kind] of [["contracts", "contract"], ["histories", "history"], ["outages", "outages"], ["cases", "cases"]]) {
    for (const f of index[list] ?? []) files.push([f, kind]);
  }
  for (const kind of ["notifications", "mail"]) if (index[kind]) files.push([index[kind], kind]);
  return { dir, files };
}

/** Every `.json` file under `dir`, relative to it. */
function jsonUnder(dir, base = dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsonUnder(path, base);
    return name.endsWith(".json") ? [relative(base, path).split("\\").join("/")] : [];
  });
}

describe("the schemas", () => {
  test("each is draft 2020-12 with an $id of its file's name, a title and a description", () => {
    assert.deepEqual(readdirSync(schemaDir).sort(), KINDS.map((k) => `${k}.schema.json`).sort());
    for (const kind of KINDS) {
      const s = readJson(schemaFile(kind));
      assert.equal(s.$schema, "https://json-schema.org/draft/2020-12/schema", kind);
      assert.equal(s.$id, `${kind}.schema.json`, kind);
      assert.ok(s.title && s.description, `${kind}: title and description`);
      // Unknown keys are refused, as the engine's reader refuses them.
      assert.equal(s.additionalProperties, false, `${kind}: additionalProperties`);
    }
  });

  test("a case's request is the request schema's object (kept the same by hand)", () => {
    const request = readJson(schemaFile("request"));
    const inCase = readJson(schemaFile("cases")).$defs;
    const caseRequest = readJson(schemaFile("cases")).properties.cases.items.properties.request;
    const { $schema: _, ...props } = request.properties;
    assert.deepEqual(caseRequest.properties, props);
    assert.deepEqual(caseRequest.required, request.required);
    for (const def of ["datetime", "date", "pause", "id", "string"]) {
      assert.deepEqual(inCase[def], request.$defs[def], `$defs.${def}`);
    }
  });

  test("the definitions every schema shares are the same in each", () => {
    const catalog = readJson(schemaFile("catalog")).$defs;
    for (const kind of KINDS) {
      const defs = readJson(schemaFile(kind)).$defs ?? {};
      for (const [name, def] of Object.entries(defs)) {
        if (name in catalog) assert.deepEqual(def, catalog[name], `${kind}: $defs.${name}`);
      }
    }
  });
});

for (const name of ["library", "cloud"]) {
  describe(`the ${name} sample data`, () => {
    const { dir, files } = dataFiles(name);

    test("every .json file in it is one the manifest lists", () => {
      assert.deepEqual(jsonUnder(dir).sort(), files.map(([f]) => f).sort());
    });

    for (const [file, kind] of files) {
      test(`${file} passes the ${kind} schema, which its "$schema" names`, () => {
        const value = readJson(join(dir, file));
        assert.equal(resolve(dirname(join(dir, file)), value.$schema), schemaFile(kind), "$schema");
        const ok = validators[kind](value);
        assert.ok(ok, `${name}/${file}:\n${show(validators[kind].errors)}`);
      });
    }
  });
}

describe("the sample requests", () => {
  const dir = join(root, "tests", "fixtures", "requests");
  for (const file of readdirSync(dir)) {
    test(`${file} passes the request schema, which its "$schema" names`, () => {
      const value = readJson(join(dir, file));
      assert.equal(resolve(dir, value.$schema), schemaFile("request"));
      assert.ok(validators.request(value), show(validators.request.errors));
    });
  }
  test("every example case's request passes the request schema", () => {
    for (const name of ["library", "cloud"]) {
      for (const [i, c] of readJson(join(root, "public", "data", name, "cases.json")).cases.entries()) {
        assert.ok(validators.request(c.request), `${name} cases[${i}]:\n${show(validators.request.errors)}`);
      }
    }
  });
});

/** `doc` with the JSON Patch (RFC 6902) operations `ops` applied: add, replace, remove. */
function patched(doc, ops) {
  const out = structuredClone(doc);
  for (const { op, path, value } of ops) {
    const keys = path.split("/").slice(1).map((k) => k.replaceAll("~1", "/").replaceAll("~0", "~"));
    const last = keys.pop();
    const parent = keys.reduce((at, k) => {
      assert.ok(at !== null && typeof at === "object" && k in at, `${path}: no ${k}`);
      return at[k];
    }, out);
    const index = Array.isArray(parent) ? (last === "-" ? parent.length : Number(last)) : last;
    if (op === "remove" || op === "replace") assert.ok(index in parent, `${op} ${path}: nothing there`);
    if (op === "remove") Array.isArray(parent) ? parent.splice(index, 1) : delete parent[index];
    else if (op === "replace" || !Array.isArray(parent)) parent[index] = value;
    else if (op === "add") parent.splice(index, 0, value);
    else assert.fail(`unknown patch op ${op}`);
  }
  return out;
}

describe("broken files are refused by their schema", () => {
  const { broken } = readJson(join(root, "tests", "fixtures", "broken", "broken.json"));
  const kindOf = (b) => {
    if (b.request) return "request";
    const { files } = dataFiles(b.data);
    return files.find(([f]) => f === b.file)[1];
  };
  test("several of each kind", () => {
    const kinds = new Set(broken.map(kindOf));
    assert.deepEqual([...kinds].sort(), [...KINDS].sort());
  });
  for (const b of broken) {
    test(b.what, () => {
      const path = b.request ? join(root, b.request) : join(root, "public", "data", b.data, b.file);
      const kind = kindOf(b);
      const original = readJson(path);
      assert.ok(validators[kind](original), `the file before the patch passes: ${show(validators[kind].errors)}`);
      const value = patched(original, b.patch);
      assert.equal(validators[kind](value), false, `${b.what}: the ${kind} schema accepted it`);
      const errors = validators[kind].errors;
      const at = errors.filter((e) => e.instancePath === b.schema_at || e.instancePath.startsWith(`${b.schema_at}/`));
      assert.ok(at.length > 0, `no error at ${b.schema_at || "/"}, only:\n${show(errors)}`);
    });
  }
});

// The schemas and the engine's reader agree on the keys of every object: each object of
// each sample file gets one key neither knows, and `covered validate` (which names, for
// an unknown field, the keys it expected) and the schema (whose `additionalProperties:
// false` sits beside the keys it declares) must refuse it in the same places, expecting
// the same keys. Where the keys are ids of entries elsewhere (the coverage matrix's
// services, products and versions; the targets' severities, tiers and clocks; a
// contract's yearly counts and limits; the notification policy's clocks; a request's
// answers), the schema takes any key — it sees one file — and only the engine refuses.
const covered = resolve(process.env.COVERED_BIN ?? join(root, "target", "debug", "covered"));
const KEY = "zz_not_a_key";
const ID_KEYED = [
  /^\/coverage(\/[^/]+){0,2}$/,
  /^\/targets(\/[^/]+){0,2}$/,
  /^\/yearly_counts$/,
  /^\/limits$/,
  /^\/clocks$/, // notifications.json
  /(^|\/request)\/answers$/,
];
const esc = (k) => k.replaceAll("~", "~0").replaceAll("/", "~1");

/** The engine's JSON path (`$.a[0]["b c"]`) as a JSON Pointer (`/a/0/b c`). */
function pointer(path) {
  const step = /^(?:\.([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\])/;
  let out = "";
  for (let rest = path.slice(1); rest; ) {
    const m = step.exec(rest);
    assert.ok(m, `not a JSON path: ${path}`);
    out += `/${esc(m[1] ?? m[2] ?? JSON.parse(m[3]))}`;
    rest = rest.slice(m[0].length);
  }
  return out;
}

/** `KEY` added to every object of `value` under `at` that `inScope` takes; their pointers. */
function withUnknownKeys(value, inScope, at = "", marked = []) {
  if (Array.isArray(value)) value.forEach((v, i) => withUnknownKeys(v, inScope, `${at}/${i}`, marked));
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) withUnknownKeys(v, inScope, `${at}/${esc(k)}`, marked);
    if (inScope(at)) {
      value[KEY] = 1;
      marked.push(at);
    }
  }
  return marked;
}

/** Where the engine refuses `KEY` in `stderr` (for `file`), with the keys it expected. */
function engineRefusals(stderr, file) {
  const refused = new Map();
  let caseAt = null;
  for (const line of stderr.split("\n")) {
    const started = /^case failed: .* \(cases\.json: (\$\S*)\)$/.exec(line);
    if (started) caseAt = pointer(started[1]);
    let m = /^(.*?): (\$\S*): unknown field \(expected one of: (.*)\)$/.exec(line.trim());
    if (m && m[1] === file) refused.set(pointer(m[2]), m[3].split(", "));
    if (m && m[1] === "request" && caseAt) refused.set(`${caseAt}/request${pointer(m[2])}`, m[3].split(", "));
    m = /^(.*?): (\$\S*): expected a month YYYY-MM, found/.exec(line.trim());
    if (m && m[1] === file) refused.set(pointer(m[2]), []);
    m = new RegExp(`^unknown expectation \`${KEY}\` \\(expected (.*)\\)$`).exec(line.trim());
    if (m && caseAt) refused.set(`${caseAt}/expect/${KEY}`, m[1].split(", "));
  }
  const out = new Map();
  for (const [p, keys] of refused) {
    if (p.endsWith(`/${KEY}`)) out.set(p.slice(0, -KEY.length - 1), keys.sort());
  }
  return out;
}

/** Where `validate` (compiled with `verbose`) refuses `KEY` in `value`, with the keys it declares there. */
function schemaRefusals(validate, value) {
  validate(value);
  const out = new Map();
  for (const e of validate.errors ?? []) {
    let keys = null;
    if (e.keyword === "additionalProperties" && e.params.additionalProperty === KEY) {
      keys = Object.keys(e.parentSchema.properties ?? {}).filter((k) => !(e.instancePath === "" && k === "$schema"));
    } else if (e.keyword === "propertyNames" && e.params.propertyName === KEY) keys = [];
    if (keys) out.set(e.instancePath, [...new Set([...(out.get(e.instancePath) ?? []), ...keys])].sort());
  }
  return out;
}

// With `verbose`, an error carries the schema object it is of (its declared keys).
const verboseAjv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true, verbose: true });
addFormats(verboseAjv);
const verboseValidators = Object.fromEntries(KINDS.map((k) => [k, verboseAjv.compile(readJson(schemaFile(k)))]));

describe("the schemas and the engine refuse an unknown key in the same objects, expecting the same keys", () => {
  const verbose = verboseValidators;
  const inCase = (p) => /^\/cases\/\d+\/(request|expect)(\/|$)/.test(p);
  for (const name of ["library", "cloud"]) {
    const { dir, files } = dataFiles(name);
    for (const [file, kind] of files) {
      // A case's request and expectations are read when it runs, which it does only when
      // the file and the rest of the case read: each is tried on its own.
      const scopes =
        kind === "cases"
          ? [(p) => !inCase(p), (p) => /^\/cases\/\d+\/request(\/|$)/.test(p), (p) => /^\/cases\/\d+\/expect$/.test(p)]
          : [() => true];
      test(`${name}/${file}`, () => {
        assert.ok(statSync(covered, { throwIfNoEntry: false })?.isFile(), `${covered} is missing: build it (cargo build -p covered-cli) or set COVERED_BIN`);
        const wrong = [];
        let objects = 0;
        for (const inScope of scopes) {
          const work = mkdtempSync(join(tmpdir(), "covered-schema-"));
          try {
            cpSync(dir, work, { recursive: true });
            const value = readJson(join(dir, file));
            const marked = withUnknownKeys(value, inScope);
            objects += marked.length;
            writeFileSync(join(work, file), JSON.stringify(value, null, 1));
            const run = spawnSync(covered, ["validate", work], { encoding: "utf8" });
            assert.equal(run.status, 1, `covered validate passed with ${KEY} everywhere:\n${run.stdout}`);
            const engine = engineRefusals(run.stderr, file);
            const schema = schemaRefusals(verbose[kind], value);
            for (const at of marked) {
              const [e, s] = [engine.get(at), schema.get(at)];
              if (e && s && e.join() !== s.join()) wrong.push(`${at || "/"}: the engine expects ${e.join(", ")}; the schema declares ${s.join(", ")}`);
              else if (e && !s && !ID_KEYED.some((re) => re.test(at))) wrong.push(`${at || "/"}: only the engine refuses ${KEY} (it expects ${e.join(", ")})`);
              else if (s && !e) wrong.push(`${at || "/"}: only the schema refuses ${KEY} (it declares ${s.join(", ")})`);
            }
          } finally {
            rmSync(work, { recursive: true, force: true });
          }
        }
        assert.ok(objects > 0, "no object tried");
        assert.deepEqual(wrong, []);
      });
    }
  }
});

// And on the values of every enum: each string of each sample file that the schema
// restricts to an enum is set to a value neither knows; `covered validate` must refuse
// it there, listing the same values. The engine's list also names the object forms of a
// rule's effect ({"requires_addon": …}) and an address for a notification
// (name@example.com), which the schema has beside its enum; the schema's enum of marks
// and of "24x7" also has the spellings the engine reads alike (below); and a case's
// expectations are compared with the verdict, not read as values, so there the case
// fails naming the value.
const BOGUS = "zz_not_a_value";
const ALIASES = { "○": ["O", "o", "supported"], "△": ["selective"], X: ["x", "×", "not_supported"], "–": ["-", "not_applicable"], "24x7": ["24×7"] };
// A contract's `contract_year` is a word or an object: the engine refuses another word
// as not an object, without listing the words.
const UNLISTED = [/^\/contract_year$/];
const ELSEWHERE = ["{\"requires_addon\": …}", "{\"requires_feature\": …}", "name@example.com"];

/** Every string of `value` but a top-level "$schema", by its pointer. */
function stringsOf(value, at = "", out = []) {
  if (typeof value === "string") out.push(at);
  else if (Array.isArray(value)) value.forEach((v, i) => stringsOf(v, `${at}/${i}`, out));
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) if (at !== "" || k !== "$schema") stringsOf(v, `${at}/${esc(k)}`, out);
  }
  return out;
}

/** `value` with `to` at the pointer `at` (a copy). */
function setAt(value, at, to) {
  const out = structuredClone(value);
  const keys = at.split("/").slice(1).map((k) => k.replaceAll("~1", "/").replaceAll("~0", "~"));
  const last = keys.pop();
  keys.reduce((v, k) => v[k], out)[last] = to;
  return out;
}

/** `covered validate` on a copy of the data directory `dir` with `file` holding `value`. */
function validateWith(dir, file, value) {
  const work = mkdtempSync(join(tmpdir(), "covered-schema-"));
  try {
    cpSync(dir, work, { recursive: true });
    writeFileSync(join(work, file), JSON.stringify(value, null, 1));
    return spawnSync(covered, ["validate", work], { encoding: "utf8" });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

describe("the schemas and the engine refuse a value outside an enum in the same places, listing the same values", () => {
  for (const name of ["library", "cloud"]) {
    const { dir, files } = dataFiles(name);
    // The enums of a kind's schema tried in the directory's files so far.
    const tried = Object.fromEntries(KINDS.map((k) => [k, new Set()]));
    for (const [file, kind] of files) {
      test(`${name}/${file}`, () => {
        assert.ok(statSync(covered, { throwIfNoEntry: false })?.isFile(), `${covered} is missing: build it (cargo build -p covered-cli) or set COVERED_BIN`);
        const original = readJson(join(dir, file));
        // One place for each enum of the schema that the file uses (and an earlier file
        // of the kind did not).
        const places = new Map();
        for (const at of stringsOf(original)) {
          validators[kind](setAt(original, at, BOGUS));
          const enums = (validators[kind].errors ?? []).filter((e) => e.keyword === "enum" && e.instancePath === at);
          const where = enums.map((e) => e.schemaPath).sort().join(" ");
          if (enums.length && !tried[kind].has(where)) {
            tried[kind].add(where);
            places.set(where, { at, values: [...new Set(enums.flatMap((e) => e.params.allowedValues))] });
          }
        }
        const wrong = [];
        for (const { at, values } of places.values()) {
          const run = validateWith(dir, file, setAt(original, at, BOGUS));
          const lines = run.stderr.split("\n").map((l) => l.trim());
          if (/^\/cases\/\d+\/expect\//.test(at)) {
            if (!lines.some((l) => l.includes(`expected ${JSON.stringify(BOGUS)}`) || l.includes(`expected [${JSON.stringify(BOGUS)}]`))) {
              wrong.push(`${at}: the case did not fail on ${BOGUS}:\n${run.stderr}`);
            }
            continue;
          }
          const path = (l) => l.split(": ")[1] ?? "";
          const line = lines.find((l) => l.startsWith(`${file}: `) && pointer(path(l)) === at && l.includes(" is not one of: "));
          const refusedThere = lines.some((l) => l.startsWith(`${file}: `) && pointer(path(l)) === at);
          if (!line && refusedThere && UNLISTED.some((re) => re.test(at))) continue;
          if (!line) {
            wrong.push(`${at}: the engine did not refuse ${BOGUS} as not one of its values:\n${run.stderr}`);
            continue;
          }
          const engine = line.split(" is not one of: ")[1].split(", ").filter((v) => !ELSEWHERE.includes(v)).sort();
          const aliases = engine.flatMap((v) => ALIASES[v] ?? []);
          const schema = values.filter((v) => !aliases.includes(v)).sort();
          if (engine.join() !== schema.join()) wrong.push(`${at}: the engine lists ${engine.join(", ")}; the schema ${values.join(", ")}`);
        }
        assert.deepEqual(wrong, []);
      });
    }
  }

  test("the spellings the schema allows beside a mark or \"24x7\" are read alike by the engine", () => {
    const { dir } = dataFiles("library");
    const catalog = readJson(join(dir, "catalog.json"));
    // Each cell's mark (a product's, or a version's) in another spelling, in turn: the
    // example cases still pass.
    const used = new Set();
    const respell = (cells) => {
      for (const [key, cell] of Object.entries(cells)) {
        if (typeof cell === "object") respell(cell);
        else if (cell in ALIASES) {
          const spellings = ALIASES[cell];
          cells[key] = spellings[[...used].filter((u) => spellings.includes(u)).length % spellings.length];
          used.add(cells[key]);
        }
      }
    };
    Object.values(catalog.coverage).forEach(respell);
    catalog.calendars.find((c) => c.weekly === "24x7").weekly = "24×7";
    used.add("24×7");
    assert.deepEqual([...used].sort(), Object.values(ALIASES).flat().sort(), "every spelling tried");
    assert.ok(validators.catalog(catalog), show(validators.catalog.errors));
    const run = validateWith(dir, "catalog.json", catalog);
    assert.equal(run.status, 0, run.stderr);
  });
});

// And on what is required, and where null stands for nothing: each member of each
// sample object is left out in turn, and set to null in turn (one
// place of the schema for each key; one run of `covered validate` leaves out members of
// one part of the file only, and no two of the same entry, which the engine would not
// read past its first problem);
// the schema must refuse the file there exactly when the engine does. Only the engine
// knows what other entries or files require: every service's row of the coverage matrix
// and every product's mark, every severity's, tier's and clock's target, a catch-all
// severity rule when a category asks for the severity, and a contract's yearly counts
// that a category takes its limit from.
// A case's expectations are compared with the verdict, not read: a null there fails the
// case (or, for a list, checks nothing), which the schema refuses.
const EXPECTATIONS = /^\/cases\/\d+\/expect(\/|$)/;
const REQUIRED_ELSEWHERE = [
  /^\/coverage(\/[^/]+){1,3}$/,
  /^\/targets(\/[^/]+){1,3}$/,
  /^\/severity_rules$/,
  /^\/yearly_counts(\/[^/]+)?$/,
];

/** Every object (not array) of `value`, by its pointer. */
function objectsOf(value, at = "", out = []) {
  if (Array.isArray(value)) value.forEach((v, i) => objectsOf(v, `${at}/${i}`, out));
  else if (value !== null && typeof value === "object") {
    out.push(at);
    for (const [k, v] of Object.entries(value)) objectsOf(v, `${at}/${esc(k)}`, out);
  }
  return out;
}

/** The value at the pointer `at` of `value`. */
const valueAt = (value, at) =>
  at.split("/").slice(1).map((k) => k.replaceAll("~1", "/").replaceAll("~0", "~")).reduce((v, k) => v[k], value);

/** Where `stderr` names a problem of `file`, as pointers (a case's request's, under it). */
function problemsAt(stderr, file) {
  const at = new Set();
  let caseAt = null;
  for (const line of stderr.split("\n")) {
    const started = /^case failed: .* \(cases\.json: (\$\S*)\)$/.exec(line);
    if (started) caseAt = pointer(started[1]);
    const m = /^(.*?): (\$(?:[^:\s"]|"(?:[^"\\]|\\.)*")*): /.exec(line.trim());
    if (m && m[1] === file) at.add(pointer(m[2]));
    if (m && m[1] === "request" && caseAt) at.add(`${caseAt}/request${pointer(m[2])}`);
  }
  return at;
}

for (const [change, apply] of [
  ["leave out", (object, key) => delete object[key]],
  ["set to null", (object, key) => (object[key] = null)],
]) describe(`the schemas and the engine refuse the same members when they ${change} each`, () => {
  // An entry that does not read is not blamed again where other entries name it, so a
  // run leaves members out of one part of the file (its first key) only.
  // A case runs (and its request and expectations are read) only when the file reads:
  // those are a part of their own.
  const sectionOf = (at) => (/^\/cases\/\d+\/(request|expect)(\/|$)/.test(at) ? "a case's run" : at.split("/").slice(0, 2).join("/"));
  const entryOf = (at) => at.split("/").slice(0, 3).join("/");
  const overlap = (a, b) => {
    const [x, y] = [entryOf(a), entryOf(b)];
    return x === y || y.startsWith(`${x}/`) || x.startsWith(`${y}/`);
  };
  for (const name of ["library", "cloud"]) {
    const { dir, files } = dataFiles(name);
    // The places of a kind's schema tried in the directory's files so far.
    const tried = Object.fromEntries(KINDS.map((k) => [k, new Set()]));
    for (const [file, kind] of files) {
      test(`${name}/${file}`, () => {
        assert.ok(statSync(covered, { throwIfNoEntry: false })?.isFile(), `${covered} is missing: build it (cargo build -p covered-cli) or set COVERED_BIN`);
        const original = readJson(join(dir, file));
        const validate = verboseValidators[kind];
        // One object for each place of the schema (not tried in an earlier file of the
        // kind), and each of its members.
        const omissions = [];
        const places = tried[kind];
        for (const at of objectsOf(original)) {
          if (Array.isArray(valueAt(original, at))) continue;
          const probe = structuredClone(original);
          valueAt(probe, at)[KEY] = 1;
          validate(probe);
          const place = (validate.errors ?? []).filter((e) => e.instancePath === at && e.keyword === "additionalProperties").map((e) => e.schemaPath).sort().join(" ");
          for (const key of Object.keys(valueAt(original, at))) {
            if (at === "" && key === "$schema") continue;
            const where = `${place || at.replace(/\/\d+/g, "/#")} ${key}`;
            if (places.has(where)) continue;
            places.add(where);
            const without = structuredClone(original);
            apply(valueAt(without, at), key);
            const member = `${at}/${esc(key)}`;
            const schema = !validate(without) && validate.errors.some((e) => e.instancePath === at || e.instancePath === member);
            omissions.push({ at, key, member, schema });
          }
        }
        const wrong = [];
        for (let todo = omissions; todo.length; ) {
          const run = [];
          const later = [];
          for (const o of todo) (run.some((r) => overlap(r.at, o.at)) || sectionOf(o.at) !== sectionOf(todo[0].at) ? later : run).push(o);
          const value = structuredClone(original);
          for (const { at, key } of run) apply(valueAt(value, at), key);
          const problems = problemsAt(validateWith(dir, file, value).stderr, file);
          for (const { at, key, member, schema } of run) {
            const engine = problems.has(at) || problems.has(member);
            if (engine === schema || (engine && REQUIRED_ELSEWHERE.some((re) => re.test(member)))) continue;
            if (EXPECTATIONS.test(member)) continue;
            wrong.push(`${at || "/"}, ${key} (${change}): the engine ${engine ? "refuses" : "takes"} it, the schema ${schema ? "refuses" : "takes"} it`);
          }
          todo = later;
        }
        assert.deepEqual(wrong, []);
      });
    }
    test(`${name}: the members of each kind of file were tried`, () => {
      for (const [, kind] of files) assert.ok(tried[kind].size > 0, kind);
    });
  }
});
