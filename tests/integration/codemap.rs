//! ARCHITECTURE.md's codemap names every module of covered-core: a module added
//! without a line there fails here.

use std::path::Path;

#[test]
fn the_codemap_lists_every_core_module() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let lib = std::fs::read_to_string(root.join("core/src/lib.rs")).unwrap_or_default();
    let map = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap_or_default();
    let section = map
        .split("### `core/`")
        .nth(1)
        .and_then(|rest| rest.split("\n### ").next())
        .unwrap_or_default();
    let modules: Vec<&str> = lib
        .lines()
        .filter_map(|line| {
            let line = line.trim();
            line.strip_prefix("pub mod ")
                .or_else(|| line.strip_prefix("mod "))
                .and_then(|rest| rest.strip_suffix(';'))
        })
        .collect();
    assert!(modules.len() > 20, "core/src/lib.rs declares {modules:?}");
    let missing: Vec<&&str> = modules
        .iter()
        .filter(|m| !section.contains(&format!("`{m}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md's codemap of core/ lacks {missing:?}: add a row for each"
    );
}
