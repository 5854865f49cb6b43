//! The portal's wasm keeps its relocations (`--emit-relocs`): `cargo xtask site` splits
//! the lazily loaded pages out of it (`xtask/src/split.rs`), which needs them.

fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg=--emit-relocs");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
