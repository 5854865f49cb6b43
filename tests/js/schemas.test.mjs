// The data files' JSON Schemas (public/schemas/, what `covered schema <kind>` prints)
// checked by an independent validator, ajv (draft 2020-12, with ajv-formats): every
// file of both sample data directories passes its schema and names it in `"$schema"`,
// and each broken file of tests/fixtures/broken/broken.json is refused — by the schema
// here, and by `covered validate` / `covered check` in cli/tests/schema.rs.
//
// Run through `cargo xtask test` (its JS step); by hand: `node --test tests/js/`
// (ajv comes from tests/browser/node_modules, which `cargo xtask test` installs).

import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync, readdirSync, statSync } from "node:fs";
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
