//! Building the portal into `target/site/`: the app compiled to wasm32 with the
//! `wasm-release` profile, its JavaScript glue made by wasm-bindgen (the library, at the
//! version pinned in the root `Cargo.toml`), the wasm shrunk by wasm-opt, then
//! `app/index.html` (also as `404.html`, for static hosts) and everything in `public/`
//! beside it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};

use crate::fresh::{self, Inputs, Memo};
use crate::install::{self, WASM_TARGET};
use crate::project::Project;
use crate::shell;

/// The app's package and the name of its wasm module.
const APP_PACKAGE: &str = "covered-app";
const APP_MODULE: &str = "covered_app";
const PROFILE: &str = "wasm-release";

/// The WebAssembly features rustc 1.95 emits for wasm32 by default. binaryen 132 (npm)
/// allows them already (the output is the same with or without these flags); they are
/// spelled out so that a binaryen with narrower defaults does not reject the module.
const WASM_FEATURES: [&str; 6] = [
    "--enable-bulk-memory",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// Installs what the build needs when missing (the wasm32 target, wasm-opt), then builds.
pub fn install_and_build(project: &Project) -> Result<()> {
    install::rust_tools()?;
    install::node_packages(project)?;
    build(project)
}

/// Builds the portal into [`Project::site`], replacing what was there — unless it was
/// built from the very same inputs (the compiled app and calculator, `public/`,
/// `app/index.html`, xtask itself), when nothing after cargo's own builds is redone.
pub fn build(project: &Project) -> Result<()> {
    shell::run(shell::cargo().current_dir(project.root()).args([
        "build",
        "--package",
        APP_PACKAGE,
        "--target",
        WASM_TARGET,
        "--profile",
        PROFILE,
    ]))?;
    let calculator = crate::jspkg::compile(project)?;
    let work = project.target().join("site-build");
    let compiled = project
        .target()
        .join(WASM_TARGET)
        .join(PROFILE)
        .join(format!("{APP_MODULE}.wasm"));
    let key = Inputs::new()
        .file(&compiled)?
        .file(&calculator)?
        .file(&project.root().join("app").join("index.html"))?
        .file(&project.root().join("core").join("js").join("README.md"))?
        .dir(&project.root().join("public"))?
        // The published checkers written under api/widget/ (`publish_widgets`).
        .dir(&project.root().join("cli").join("demo"))?
        .key();
    let stamp = work.join("site.stamp");
    let site = project.site();
    if site.join("index.html").is_file() && fresh::is_fresh(&stamp, &key) {
        println!(
            "site: {} is up to date (built from these very inputs)",
            site.display()
        );
        return Ok(());
    }
    let _ = std::fs::remove_file(&stamp);
    let mut memo = Memo::new(work.join("memo"));
    let split = crate::split::split(&compiled, &work.join("split"), APP_MODULE)?;
    let bindgen_dir = work.join("bindgen");
    bindgen(&split.main, &bindgen_dir)?;
    let wasm_name = format!("{APP_MODULE}_bg.wasm");
    let optimized = optimize(
        project,
        &bindgen_dir.join(&wasm_name),
        &work.join("optimized"),
        &MAIN_WASM_OPT_EXTRA,
    )?;

    if site.exists() {
        fs::remove_dir_all(&site).with_context(|| format!("cannot remove {}", site.display()))?;
    }
    copy_dir(&project.root().join("public"), &site)?;
    // The stylesheet and the page's scripts are sent minified (esbuild), their comments
    // staying in the sources: about 1.4 KB less gzipped on the first load.
    // `pages.css`: the styles only the pages of vendor staff and logged-in accounts use,
    // linked by those pages, not by the first load.
    for sheet in ["style.css", "pages.css"] {
        minify_js(
            project,
            &project.root().join("public").join(sheet),
            &site.join(sheet),
            &mut memo,
        )?;
    }
    let page = minify_html(
        project,
        &project.root().join("app").join("index.html"),
        &mut memo,
    )?;
    fs::write(site.join("index.html"), &page).context("cannot write index.html")?;
    // The same page as `404.html`: a plain static host (GitHub Pages, or nginx and
    // Apache set up as docs/hosting.md says) sends it for a path that names no file,
    // such as `/packages` or `/sr/…` reloaded or linked to, and the portal, which reads
    // its route from the address, boots on that page. Every path in it is absolute.
    fs::write(site.join("404.html"), &page).context("cannot write 404.html")?;
    let pkg = site.join("pkg");
    copy(&optimized, &pkg.join(&wasm_name))?;
    let glue = format!("{APP_MODULE}.js");
    let glue_path = bindgen_dir.join(&glue);
    let text = fs::read_to_string(&glue_path)
        .with_context(|| format!("cannot read {}", glue_path.display()))?;
    fs::write(&glue_path, one_import_per_module(&text))
        .with_context(|| format!("cannot write {}", glue_path.display()))?;
    minify_js(project, &glue_path, &pkg.join(&glue), &mut memo)?;
    minify_js(
        project,
        &split.link_module,
        &pkg.join(crate::split::LINK_MODULE),
        &mut memo,
    )?;
    let mut chunk_sizes = Vec::new();
    for chunk in &split.chunks {
        let name = chunk
            .file_name()
            .with_context(|| format!("{} has no file name", chunk.display()))?;
        let stem = Path::new(name).with_extension("");
        let optimized = optimize(
            project,
            chunk,
            &work.join("optimized").join(stem),
            &WASM_OPT_EXTRA,
        )?;
        copy(&optimized, &pkg.join(name))?;
        let size = fs::metadata(&optimized).map(|meta| meta.len()).unwrap_or(0);
        chunk_sizes.push(format!("{}: {} KiB", name.to_string_lossy(), size / 1024));
    }
    resolve_calendars(&site.join("data"))?;
    bundle_data(&site.join("data"))?;
    publish_widgets(
        &site.join("data"),
        &project.root().join("cli").join("demo"),
        &site,
    )?;
    // The embeddable widget's calculator (public/widget/ loads it from widget/pkg/).
    crate::jspkg::place_in_site(project, &site)?;
    let compressed = crate::compress::precompress(&site, &mut memo)?;
    memo.prune();
    println!("site: {compressed} files precompressed (.gz, zopfli)");
    let size = fs::metadata(&optimized).map(|meta| meta.len()).unwrap_or(0);
    println!(
        "site: built {} (pkg/{wasm_name}: {} KiB; lazily loaded: {})",
        site.display(),
        size / 1024,
        chunk_sizes.join(", ")
    );
    fresh::record(&stamp, &key)
}

/// Rewrites the catalog of each data set under `data` (a folder with an `index.json`)
/// that names iCalendar files for closed days (`"closures": "closures.ics"`, …) with the
/// days they list in their place, as `covered` reads it (covered-ics): the portal, the
/// widget and `bundle.json` only ever see the catalog's own lists of days, and the
/// portal's wasm needs no iCalendar reader. The `.ics` files stay beside it.
fn resolve_calendars(data: &Path) -> Result<()> {
    let Ok(entries) = fs::read_dir(data) else {
        return Ok(());
    };
    for entry in entries {
        let dir = entry?.path();
        if !dir.join("index.json").is_file() {
            continue;
        }
        if covered_ics::resolve_in_place(&dir).map_err(anyhow::Error::msg)? {
            println!(
                "site: {}: the days of the iCalendar files its catalog names written into it",
                dir.display()
            );
        }
    }
    Ok(())
}

/// Writes `bundle.json` into each data set under `data` (a folder with an
/// `index.json`): `{"texts": {relative path: the file's text}}` of every `.json` file in
/// it but the example cases, the outage records, the notification policy and the email
/// templates, so that `index.html` fetches a data
/// set in one request while the wasm loads and hands each text on (no parsing in
/// JavaScript; the engine reads and checks it; the texts without their spacing). The files stay as they are beside
/// it (the widget and `?data=` read them); the app takes what its manifest names.
fn bundle_data(data: &Path) -> Result<()> {
    let Ok(entries) = fs::read_dir(data) else {
        return Ok(());
    };
    for entry in entries {
        let dir = entry?.path();
        if !dir.join("index.json").is_file() {
            continue;
        }
        let mut texts = serde_json::Map::new();
        collect_json(&dir, &dir, &mut texts)?;
        texts.remove("bundle.json");
        // The example cases are for `covered validate`; the portal answers requests
        // without them (covered-core's `load_for_requests`).
        let index: serde_json::Value = texts
            .get("index.json")
            .and_then(|t| t.as_str())
            .and_then(|t| serde_json::from_str(t).ok())
            .unwrap_or_default();
        // Nor the outage records: only the status page reads them (covered-core's
        // `load_for_checks` for the others), and fetches them as it opens.
        for list in ["cases", "outages"] {
            let names = index.get(list).and_then(serde_json::Value::as_array);
            for name in names
                .into_iter()
                .flatten()
                .filter_map(serde_json::Value::as_str)
            {
                texts.remove(name);
            }
        }
        // Nor the notification policy and the email templates: only `covered serve`
        // (and `covered validate`) reads them.
        for key in ["notifications", "mail"] {
            if let Some(name) = index.get(key).and_then(serde_json::Value::as_str) {
                texts.remove(name);
            }
        }
        let text = serde_json::json!({ "texts": texts }).to_string();
        let out = dir.join("bundle.json");
        fs::write(&out, text).with_context(|| format!("cannot write {}", out.display()))?;
    }
    Ok(())
}

/// The public checkers as plain files, for `covered serve --static` and any static
/// host: for each data set `<name>` under `data` with a widgets file
/// `<demo>/<name>-widgets.json` (what `covered serve --widgets` reads; the sample's
/// publishes hanbit-city), `api/widget/<token>/` in `site` for each contract it names,
/// with the layout `covered serve` answers there (cli/src/serve/widget.rs) —
/// `index.json` naming `catalog.json`, `contract.json` and `history.json` — so that one
/// `<covered-check data-src="/api/widget/<token>/">` works on both. Here the history is
/// the contract's own file (a static site publishes every file anyway; the server gives
/// counts only), or none.
fn publish_widgets(data: &Path, demo: &Path, site: &Path) -> Result<()> {
    let Ok(entries) = fs::read_dir(data) else {
        return Ok(());
    };
    let read = |path: &Path| -> Result<(String, serde_json::Value)> {
        let text =
            fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        let value =
            serde_json::from_str(&text).with_context(|| format!("{}: not JSON", path.display()))?;
        Ok((text, value))
    };
    let names = |index: &serde_json::Value, list: &str| -> Vec<String> {
        index
            .get(list)
            .and_then(serde_json::Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect()
    };
    for entry in entries {
        let dir = entry?.path();
        let Some(name) = dir.file_name().map(|n| n.to_string_lossy().into_owned()) else {
            continue;
        };
        let widgets_file = demo.join(format!("{name}-widgets.json"));
        if !dir.join("index.json").is_file() || !widgets_file.is_file() {
            continue;
        }
        let (_, index) = read(&dir.join("index.json"))?;
        let Some(catalog) = index.get("catalog").and_then(serde_json::Value::as_str) else {
            continue;
        };
        let (_, widgets) = read(&widgets_file)?;
        let published = widgets
            .get("widgets")
            .and_then(serde_json::Value::as_array)
            .cloned()
            .unwrap_or_default();
        for w in published {
            let (Some(id), Some(token)) = (
                w.get("contract").and_then(serde_json::Value::as_str),
                w.get("share_token").and_then(serde_json::Value::as_str),
            ) else {
                continue;
            };
            // The server refuses such a token as it starts; here it would also be a path.
            anyhow::ensure!(
                !token.is_empty()
                    && token
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
                "{}: share_token of {id}: only A-Z, a-z, 0-9, - and _ (docs/cli.md)",
                widgets_file.display()
            );
            let mut contract_text = None;
            for c in names(&index, "contracts") {
                let (text, value) = read(&dir.join(&c))?;
                if value.get("id").and_then(serde_json::Value::as_str) == Some(id) {
                    contract_text = Some(text);
                }
            }
            let contract_text = contract_text.with_context(|| {
                format!(
                    "{}: {id} is not a contract of {}",
                    widgets_file.display(),
                    dir.display()
                )
            })?;
            let id = Some(id);
            let mut history = None;
            for h in names(&index, "histories") {
                let (text, value) = read(&dir.join(&h))?;
                if value.get("contract").and_then(serde_json::Value::as_str) == id {
                    history = Some(text);
                }
            }
            let out = site.join("api").join("widget").join(token);
            fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
            let manifest = serde_json::json!({
                "schema_version": index.get("schema_version").cloned().unwrap_or(1.into()),
                "catalog": "catalog.json",
                "contracts": ["contract.json"],
                "histories": if history.is_some() { vec!["history.json"] } else { vec![] },
            });
            let (catalog_text, _) = read(&dir.join(catalog))?;
            let mut files = vec![
                ("index.json", manifest.to_string()),
                ("catalog.json", without_spacing(catalog_text)),
                ("contract.json", without_spacing(contract_text)),
            ];
            if let Some(h) = history {
                files.push(("history.json", without_spacing(h)));
            }
            for (file, text) in files {
                let path = out.join(file);
                fs::write(&path, text)
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
        }
    }
    Ok(())
}

/// Adds the text of every `.json` file under `dir` to `texts`, by its path relative to
/// `root` (`/` between folders).
fn collect_json(
    root: &Path,
    dir: &Path,
    texts: &mut serde_json::Map<String, serde_json::Value>,
) -> Result<()> {
    for entry in fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            collect_json(root, &path, texts)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            let name = path
                .strip_prefix(root)
                .with_context(|| format!("{} is outside {}", path.display(), root.display()))?
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let text = fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let text = without_schema(without_spacing(text));
            texts.insert(name, serde_json::Value::String(text));
        }
    }
    Ok(())
}

/// `text` (without its spacing) less its leading `"$schema"` member, the path of its
/// JSON Schema: an editor reads it, the engine ignores it, and the portal's first load
/// need not carry it (about 60 bytes gzipped for the sample data set).
fn without_schema(text: String) -> String {
    let Some(rest) = text.strip_prefix("{\"$schema\":\"") else {
        return text;
    };
    // A path has no quote or backslash in it; one with them stays.
    let after = rest
        .find(['"', '\\'])
        .filter(|&end| rest.get(end..end + 1) == Some("\""))
        .and_then(|end| rest.get(end + 1..));
    match after.and_then(|a| a.strip_prefix(',')) {
        Some(more) => format!("{{{more}"),
        None => text,
    }
}

/// `text` without the spacing between JSON tokens (indentation, line breaks), every
/// token as written: the same values for the engine in fewer bytes (about 0.8 KB less
/// gzipped for the sample data set). A text that isn't JSON stays as it is, so that the
/// engine's problem names its line and column in the file.
fn without_spacing(text: String) -> String {
    if serde_json::from_str::<serde_json::Value>(&text).is_err() {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !matches!(c, ' ' | '\t' | '\n' | '\r') {
            out.push(c);
        }
    }
    out
}

/// Writes the module's JavaScript glue and its processed wasm into `out`.
fn bindgen(input: &Path, out: &Path) -> Result<()> {
    println!(
        "$ wasm-bindgen --target web --no-typescript --out-dir {} {}",
        out.display(),
        input.display()
    );
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(input)
        .web(true)?
        .typescript(false)
        // The split's chunks import the linker's exports (memory, table, stack pointer,
        // functions) by their names.
        .keep_lld_exports(true)
        .demangle(false)
        // As the wasm-bindgen command does: `init()` then finds the wasm beside the glue.
        .omit_default_module_path(false)
        .generate(out)
        .with_context(|| format!("wasm-bindgen failed on {}", input.display()))
}

/// wasm-bindgen's glue with one `import * as importN from "module"` per module. For a
/// split app it writes one for each import the main module takes from the split's
/// loader, and lists each under the same key of the wasm's imports object
/// (`"./__wasm_split.js": import1, "./__wasm_split.js": import2, …`): the same namespace
/// object every time, so which key wins does not matter, but a duplicate key is a
/// mistake esbuild rightly warns of. The first import of each module and its key stay.
fn one_import_per_module(glue: &str) -> String {
    let mut first_alias: std::collections::BTreeMap<&str, &str> = Default::default();
    let mut dropped = std::collections::BTreeSet::new();
    let mut out = String::with_capacity(glue.len());
    for line in glue.split_inclusive('\n') {
        let namespace_import = line
            .trim_end()
            .trim_end_matches(';')
            .strip_prefix("import * as ")
            .and_then(|rest| rest.split_once(" from "))
            .filter(|(alias, _)| !alias.contains(' '));
        if let Some((alias, module)) = namespace_import {
            if first_alias.contains_key(module) {
                dropped.insert(alias);
                continue;
            }
            first_alias.insert(module, alias);
        } else if let Some((_, alias)) = line.trim().trim_end_matches(',').split_once(": ")
            && dropped.contains(alias)
        {
            continue;
        }
        out.push_str(line);
    }
    out
}

/// wasm-opt options beyond `-Oz` that hold for how the portal and the calculator
/// package are built and used. rustc's wasm32 layout puts the 1 MiB stack first, growing
/// down towards 0 from the data at 1 MiB, so the lowest 1 KiB is only ever reached by a
/// stack on the point of overflowing: binaryen may fold constant offsets into loads and
/// stores (`--low-memory-unused`; the portal's chunks share the main module's memory
/// and its layout). (A module that defines its own memory is known to start
/// zero-filled; `--zero-filled-memory` is for an imported one and changes nothing
/// here.) The `producers` and `target_features` custom sections are metadata for tools,
/// read by no engine, and wasm-bindgen is done with the module; `--converge` repeats
/// `-Oz` while it still shrinks.
pub(crate) const WASM_OPT_EXTRA: [&str; 4] = [
    "--low-memory-unused",
    "--strip-producers",
    "--strip-target-features",
    "--converge",
];

/// For the portal's main module, the whole first load, and the calculator package: the
/// same, then flattened and re-relooped and shrunk twice more (binaryen's own pipeline
/// for code it can restructure: about 1.5 KB less gzipped than `-Oz` to convergence on
/// the portal, 1.1 KB on the calculator, in the same time).
pub(crate) const MAIN_WASM_OPT_EXTRA: [&str; 8] = [
    "--low-memory-unused",
    "--strip-producers",
    "--strip-target-features",
    "--flatten",
    "--rereloop",
    "-Oz",
    "-Oz",
    "--converge",
];

/// Runs `wasm-opt -Oz` (and the `extra` options) on `input`, unless `work` holds its
/// result for the same input and options (wasm-opt takes a while). Returns the optimized
/// file.
pub(crate) fn optimize(
    project: &Project,
    input: &Path,
    work: &Path,
    extra: &[&str],
) -> Result<PathBuf> {
    fs::create_dir_all(work).with_context(|| format!("cannot create {}", work.display()))?;
    let output = work.join("optimized.wasm");
    // The options, then the input, that `output` was made from.
    let made_from = work.join("optimized-from");
    let options: Vec<&str> = std::iter::once("-Oz")
        .chain(extra.iter().copied())
        .chain(WASM_FEATURES)
        .collect();
    let mut key = format!("{}\n", options.join(" ")).into_bytes();
    key.extend(fs::read(input).with_context(|| format!("cannot read {}", input.display()))?);
    if output.exists() && fs::read(&made_from).ok().as_ref() == Some(&key) {
        println!("wasm-opt: skipped, the module has not changed since the last run");
        return Ok(output);
    }
    let wasm_opt = project
        .node_package()
        .join("node_modules")
        .join(".bin")
        .join("wasm-opt");
    shell::run(
        Command::new(&wasm_opt)
            .args(&options)
            .arg(input)
            .arg("-o")
            .arg(&output),
    )?;
    fs::write(&made_from, &key).with_context(|| format!("cannot write {}", made_from.display()))?;
    Ok(output)
}

fn esbuild(project: &Project) -> PathBuf {
    project
        .node_package()
        .join("node_modules")
        .join(".bin")
        .join("esbuild")
}

/// The page `from` as it is sent: each inline `<script>` minified by esbuild and the
/// HTML comments left out (a page minified by an earlier build is taken from `memo`).
fn minify_html(project: &Project, from: &Path, memo: &mut Memo) -> Result<Vec<u8>> {
    let source =
        fs::read_to_string(from).with_context(|| format!("cannot read {}", from.display()))?;
    let mut out = String::new();
    let mut rest = source.as_str();
    while let Some(open) = rest.find("<script") {
        let (before, tag_on) = rest.split_at(open);
        out.push_str(&without_comments(before));
        let tag_end = tag_on.find('>').map_or(tag_on.len(), |i| i + 1);
        let (tag, body_on) = tag_on.split_at(tag_end);
        let close = body_on.find("</script>").unwrap_or(body_on.len());
        let (body, after) = body_on.split_at(close);
        out.push_str(tag);
        let minified = memo.get("esbuild --minify --loader=js", body.as_bytes(), || {
            let mut child = Command::new(esbuild(project))
                .args(["--minify", "--loader=js", "--log-level=warning"])
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .spawn()
                .context("cannot run esbuild")?;
            if let Some(mut stdin) = child.stdin.take() {
                std::io::Write::write_all(&mut stdin, body.as_bytes())
                    .context("cannot write to esbuild")?;
            }
            let done = child.wait_with_output().context("esbuild did not finish")?;
            anyhow::ensure!(
                done.status.success(),
                "esbuild failed on {}",
                from.display()
            );
            Ok(done.stdout)
        })?;
        out.push_str(String::from_utf8_lossy(&minified).trim_end());
        rest = after;
    }
    out.push_str(&without_comments(rest));
    Ok(out.into_bytes())
}

/// `html` without its `<!-- … -->` comments (and the line each stood on).
fn without_comments(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        let (before, comment) = rest.split_at(start);
        out.push_str(before.trim_end_matches([' ']));
        rest = comment
            .find("-->")
            .map_or("", |end| comment.get(end + 3..).unwrap_or(""))
            .trim_start_matches(['\n']);
    }
    out.push_str(rest);
    out
}

/// Writes the JavaScript module `from` minified to `to` with esbuild (from npm, beside
/// wasm-opt): wasm-bindgen's glue is about 25% smaller gzipped once minified. A module
/// minified by an earlier build is taken from `memo`.
pub(crate) fn minify_js(project: &Project, from: &Path, to: &Path, memo: &mut Memo) -> Result<()> {
    let source = fs::read(from).with_context(|| format!("cannot read {}", from.display()))?;
    let extension = from.extension().and_then(|e| e.to_str()).unwrap_or("js");
    let minified = memo.get(&format!("esbuild --minify .{extension}"), &source, || {
        let esbuild = esbuild(project);
        let out = to.with_extension(format!("min-tmp.{extension}"));
        shell::run(
            Command::new(&esbuild)
                .arg(from)
                .args(["--minify", "--log-level=warning"])
                .arg(format!("--outfile={}", out.display())),
        )?;
        let minified = fs::read(&out).with_context(|| format!("cannot read {}", out.display()))?;
        fs::remove_file(&out).with_context(|| format!("cannot remove {}", out.display()))?;
        Ok(minified)
    })?;
    if let Some(parent) = to.parent() {
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    fs::write(to, minified).with_context(|| format!("cannot write {}", to.display()))
}

/// Copies `from` to `to`, making `to`'s folder first.
pub(crate) fn copy(from: &Path, to: &Path) -> Result<()> {
    if let Some(parent) = to.parent() {
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    fs::copy(from, to)
        .with_context(|| format!("cannot copy {} to {}", from.display(), to.display()))?;
    Ok(())
}

/// Copies the folder `from` into `to`, with everything under it.
pub(crate) fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to).with_context(|| format!("cannot create {}", to.display()))?;
    let entries = fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot read {}", from.display()))?;
        let path = entry.path();
        let dest = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&path, &dest)?;
        } else {
            copy(&path, &dest)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_catalog_naming_an_ics_file_reaches_the_site_with_its_days() -> anyhow::Result<()> {
        let data = std::env::temp_dir().join(format!("covered-xtask-ics-{}", std::process::id()));
        let set = data.join("vendor");
        std::fs::create_dir_all(&set)?;
        let write = |name: &str, text: &str| std::fs::write(set.join(name), text);
        write(
            "index.json",
            r#"{"schema_version": 1, "catalog": "catalog.json"}"#,
        )?;
        write(
            "catalog.json",
            r#"{"closures": "closures.ics", "calendars": []}"#,
        )?;
        write(
            "closures.ics",
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261231\r\n\
             SUMMARY:종무식\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        )?;
        super::resolve_calendars(&data)?;
        super::bundle_data(&data)?;
        let bundle: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(set.join("bundle.json"))?)?;
        let text = bundle
            .pointer("/texts/catalog.json")
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default();
        let catalog: serde_json::Value = serde_json::from_str(text)?;
        assert_eq!(
            catalog.get("closures"),
            Some(&serde_json::json!([{"date": "2026-12-31", "name": "종무식"}]))
        );
        // A broken file stops the build, naming the file and the line.
        write(
            "closures.ics",
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        )?;
        write(
            "catalog.json",
            r#"{"closures": "closures.ics", "calendars": []}"#,
        )?;
        let err =
            super::resolve_calendars(&data).map_or_else(|e| e.to_string(), |()| String::new());
        assert!(
            err.contains("closures.ics: line 2: an event without DTSTART"),
            "{err}"
        );
        std::fs::remove_dir_all(&data)?;
        Ok(())
    }

    #[test]
    fn spacing_between_tokens_goes_and_strings_keep_theirs() {
        let text = "{\n  \"a b\": [1, 2.50],\n  \"q\": \"say \\\"x, y\\\" \\\\\"\n}\n";
        assert_eq!(
            super::without_spacing(text.to_owned()),
            "{\"a b\":[1,2.50],\"q\":\"say \\\"x, y\\\" \\\\\"}"
        );
        let broken = "{\n  \"a\": [1,\n}".to_owned();
        assert_eq!(super::without_spacing(broken.clone()), broken);
    }

    #[test]
    fn a_leading_schema_member_goes_and_nothing_else() {
        let text = "{\"$schema\":\"../../schemas/catalog.schema.json\",\"schema_version\":1}";
        assert_eq!(
            super::without_schema(text.to_owned()),
            "{\"schema_version\":1}"
        );
        for kept in [
            "{\"schema_version\":1,\"$schema\":\"a.json\"}",
            "{\"$schema\":\"a\\\"b.json\",\"schema_version\":1}",
            "{\"$schema\":\"a.json\"}",
            "{\"$schema\":\"a.json",
        ] {
            assert_eq!(super::without_schema(kept.to_owned()), kept);
        }
    }

    /// The sample data as the build copies it: hanbit-city's checker (the one contract
    /// the sample widgets file publishes) as files under `api/widget/<token>/`, naming
    /// only its own.
    #[test]
    fn a_published_contract_gets_its_checker_as_files_and_no_other_does() -> anyhow::Result<()> {
        let root = std::env::temp_dir().join(format!("xtask-widgets-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let data = root.join("data");
        let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        copy(&repo.join("public/data/library"), &data.join("library"))?;
        super::publish_widgets(&data, &repo.join("cli/demo"), &root)?;
        let widgets = root.join("api/widget");
        let mut tokens = Vec::new();
        for entry in std::fs::read_dir(&widgets)? {
            tokens.push(entry?.file_name().to_string_lossy().into_owned());
        }
        assert_eq!(tokens, ["hanbit-sample-Qm4x9Lr2Vt8Kp3Zw"]);
        let dir = widgets.join("hanbit-sample-Qm4x9Lr2Vt8Kp3Zw");
        let json = |name: &str| -> anyhow::Result<serde_json::Value> {
            Ok(serde_json::from_str(&std::fs::read_to_string(
                dir.join(name),
            )?)?)
        };
        assert_eq!(
            json("index.json")?,
            serde_json::json!({"schema_version": 1, "catalog": "catalog.json",
                "contracts": ["contract.json"], "histories": ["history.json"]})
        );
        let member = |name: &str, key: &str| -> anyhow::Result<serde_json::Value> {
            Ok(json(name)?.get(key).cloned().unwrap_or_default())
        };
        assert_eq!(member("contract.json", "id")?, "hanbit-city");
        assert_eq!(member("history.json", "contract")?, "hanbit-city");
        assert!(member("catalog.json", "categories")?.is_array());
        let _ = std::fs::remove_dir_all(&root);
        Ok(())
    }

    fn copy(from: &std::path::Path, to: &std::path::Path) -> anyhow::Result<()> {
        std::fs::create_dir_all(to)?;
        for entry in std::fs::read_dir(from)? {
            let entry = entry?;
            if entry.file_type()?.is_dir() {
                copy(&entry.path(), &to.join(entry.file_name()))?;
            } else {
                std::fs::copy(entry.path(), to.join(entry.file_name()))?;
            }
        }
        Ok(())
    }

    use super::{one_import_per_module, without_comments};

    #[test]
    fn comments_leave_the_page_with_their_lines() {
        let page = "<head>\n    <!-- why -->\n    <link rel=\"x\">\n</head>";
        assert_eq!(
            without_comments(page),
            "<head>\n    <link rel=\"x\">\n</head>"
        );
        assert_eq!(without_comments("a <!-- never closed"), "a");
    }

    #[test]
    fn each_module_is_imported_once_and_keyed_once() {
        let glue = "import * as import1 from \"./__wasm_split.js\"\n\
                    import * as import2 from \"./__wasm_split.js\"\n\
                    import * as other from \"./snippets/x.js\";\n\
                    function imports() {\n    return {\n\
                    \x20       \"./covered_app_bg.js\": import0,\n\
                    \x20       \"./__wasm_split.js\": import1,\n\
                    \x20       \"./__wasm_split.js\": import2,\n\
                    \x20       \"./snippets/x.js\": other,\n    };\n}\n";
        let expected = "import * as import1 from \"./__wasm_split.js\"\n\
                    import * as other from \"./snippets/x.js\";\n\
                    function imports() {\n    return {\n\
                    \x20       \"./covered_app_bg.js\": import0,\n\
                    \x20       \"./__wasm_split.js\": import1,\n\
                    \x20       \"./snippets/x.js\": other,\n    };\n}\n";
        assert_eq!(one_import_per_module(glue), expected);
        assert_eq!(
            one_import_per_module(expected),
            expected,
            "nothing else changes"
        );
    }
}
