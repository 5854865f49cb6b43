//! Precompressed copies of the built site's text and wasm files (`style.css.gz` beside
//! `style.css`), made once at build time with zopfli: gzip that any browser reads, about
//! 4% smaller than `gzip -9`, too slow to make per request but free to serve.
//! `covered serve` (and `covered serve --static`) sends them to browsers that accept
//! gzip.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};

use crate::fresh::Memo;

/// The files worth compressing, by extension.
const COMPRESSIBLE: [&str; 7] = ["html", "css", "js", "mjs", "json", "svg", "wasm"];

/// Writes `{file}.gz` beside every compressible file under `dir` that compresses to
/// less than itself; returns how many were written. A file compressed by an earlier
/// build is taken from `memo` (zopfli takes seconds on the wasm).
pub fn precompress(dir: &Path, memo: &mut Memo) -> Result<usize> {
    let mut written = 0;
    for entry in fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            written += precompress(&path, memo)?;
            continue;
        }
        let compressible = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| COMPRESSIBLE.contains(&e));
        if !compressible {
            continue;
        }
        let body = fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let gz = memo.get("zopfli", &body, || gzip(&body))?;
        if gz.len() < body.len() {
            let mut name = path.clone().into_os_string();
            name.push(".gz");
            fs::write(&name, gz).with_context(|| format!("cannot write {}.gz", path.display()))?;
            written += 1;
        }
    }
    Ok(written)
}

/// `body` gzipped by zopfli with its default effort.
pub fn gzip(body: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    zopfli::compress(
        zopfli::Options::default(),
        zopfli::Format::Gzip,
        body,
        &mut out,
    )
    .context("zopfli failed")?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    #[test]
    fn the_output_is_gzip_any_reader_inflates_to_the_input() -> anyhow::Result<()> {
        let text = "유지보수 계약 범위 · coverage ".repeat(200);
        let gz = super::gzip(text.as_bytes())?;
        assert!(gz.len() < text.len() / 10, "{} bytes", gz.len());
        let mut back = String::new();
        flate2::read::GzDecoder::new(gz.as_slice()).read_to_string(&mut back)?;
        assert_eq!(back, text);
        Ok(())
    }
}
