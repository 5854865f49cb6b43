//! `cargo xtask serve` (the portal under `covered serve`), and a small static file server
//! for the built portal on the loopback interface (`--static`, and the browser tests).
//!
//! Paths without a file extension that match no file get `index.html`, so the portal's
//! routes (`/coverage`, …) load the app, which then shows the page or its "not found".
//! A browser that accepts gzip gets the file's precompressed copy (`style.css.gz`, made
//! by the build: `compress.rs`) when there is one, as a production server would send it.

use std::fs;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};

use crate::project::Project;
use crate::site;

/// `cargo xtask serve`: installs what is missing, builds the portal, and runs
/// `covered serve` on 127.0.0.1:`port` with the sample data (it prints the demo logins)
/// until interrupted; with `static_files`, serves the built portal as plain files instead
/// (requests then stay in the browser).
pub fn serve(project: &Project, port: u16, static_files: bool) -> Result<()> {
    // Claim the port first, so a busy one is reported before a long build.
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).with_context(|| {
        format!("cannot listen on 127.0.0.1:{port}; if it is in use, pass --port N")
    })?;
    site::install_and_build(project)?;
    if static_files {
        let address = listener.local_addr()?;
        println!(
            "\nCovered is being served at http://{address}/ as static files (press Ctrl-C to stop)"
        );
        accept(&listener, &project.site());
        return Ok(());
    }
    let port = listener.local_addr()?.port();
    drop(listener);
    println!("\nstarting `covered serve` with the sample data (press Ctrl-C to stop)");
    let site = project.site();
    crate::shell::run(crate::shell::cargo().current_dir(project.root()).args([
        "run",
        "--quiet",
        "--package",
        "covered-cli",
        "--bin",
        "covered",
        "--",
        "serve",
        "--site",
        &site.to_string_lossy(),
        "--port",
        &port.to_string(),
    ]))
}

/// Serves `site` on a free loopback port from a background thread, for as long as the
/// process runs; returns the address.
pub fn spawn(site: PathBuf) -> Result<SocketAddr> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .context("cannot listen on a free port of 127.0.0.1")?;
    let address = listener.local_addr()?;
    std::thread::spawn(move || accept(&listener, &site));
    Ok(address)
}

/// Answers each connection on its own thread.
fn accept(listener: &TcpListener, site: &Path) {
    for stream in listener.incoming() {
        match stream {
            Ok(stream) => {
                let site = site.to_path_buf();
                std::thread::spawn(move || {
                    // A client that hangs up early is no concern of the server's.
                    let _ = answer(&stream, &site);
                });
            }
            Err(error) => eprintln!("serve: cannot accept a connection: {error}"),
        }
    }
}

/// Reads one request from `stream` and answers it; the connection then closes.
fn answer(stream: &TcpStream, site: &Path) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    // The request line and headers, at most 16 KiB; of the headers only
    // `Accept-Encoding` matters.
    let mut head = BufReader::new(stream.take(16 * 1024));
    let mut request_line = String::new();
    head.read_line(&mut request_line)?;
    let mut header = String::new();
    let mut gzip = false;
    while head.read_line(&mut header)? > 0 && !header.trim().is_empty() {
        gzip |= accepts_gzip(&header);
        header.clear();
    }
    let mut words = request_line.split_whitespace();
    let (method, target) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    let send_body = method == "GET";
    let text = "text/plain; charset=utf-8";
    if !send_body && method != "HEAD" {
        return respond(
            stream,
            "405 Method Not Allowed",
            text,
            b"GET or HEAD only\n",
            true,
        );
    }
    let Some(path) = find_file(site, target) else {
        eprintln!("serve: 404 {target}");
        return respond(stream, "404 Not Found", text, b"not found\n", send_body);
    };
    let mut compressed = path.clone().into_os_string();
    compressed.push(".gz");
    let (body, encoding) = match gzip.then(|| fs::read(&compressed).ok()).flatten() {
        Some(body) => (body, "Content-Encoding: gzip\r\n"),
        None => match fs::read(&path) {
            Ok(body) => (body, ""),
            Err(_) => return respond(stream, "404 Not Found", text, b"not found\n", send_body),
        },
    };
    let extra = format!("{encoding}Vary: Accept-Encoding\r\n");
    write_response(
        stream,
        "200 OK",
        content_type(&path),
        &extra,
        &body,
        send_body,
    )
}

/// Whether a request header line is `Accept-Encoding` and lists gzip (without `q=0`).
fn accepts_gzip(line: &str) -> bool {
    let Some((name, value)) = line.split_once(':') else {
        return false;
    };
    name.trim().eq_ignore_ascii_case("accept-encoding")
        && value.split(',').any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            parts.next().is_some_and(|c| c.eq_ignore_ascii_case("gzip"))
                && parts.all(|p| p.replace(' ', "") != "q=0")
        })
}

/// Writes a whole response; `send_body` is false for `HEAD`.
fn respond(
    stream: &TcpStream,
    status: &str,
    content_type: &str,
    body: &[u8],
    send_body: bool,
) -> io::Result<()> {
    write_response(stream, status, content_type, "", body, send_body)
}

/// Writes a whole response with `extra` header lines (each ending in CRLF).
fn write_response(
    mut stream: &TcpStream,
    status: &str,
    content_type: &str,
    extra: &str,
    body: &[u8],
    send_body: bool,
) -> io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n{extra}\
         Cache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    // One write, with Nagle's algorithm off: written as head then body, the body's last
    // segment waited for the browser's delayed ACK of the head (40 ms on loopback) — a
    // stall no real server has, and time to interactive counted it.
    stream.set_nodelay(true)?;
    let mut response = head.into_bytes();
    if send_body {
        response.extend_from_slice(body);
    }
    stream.write_all(&response)?;
    stream.flush()
}

/// The file that answers the request target `target` (`/path?query`), if any.
fn find_file(site: &Path, target: &str) -> Option<PathBuf> {
    let relative = relative_path(target)?;
    let path = site.join(&relative);
    if path.is_file() {
        return Some(path);
    }
    let index = path.join("index.html");
    if index.is_file() {
        return Some(index);
    }
    // A route of the app, not a missing asset.
    (relative.extension().is_none()).then(|| site.join("index.html"))
}

/// The request target's path as a path inside the site, or `None` when it is malformed or
/// tries to leave the site.
fn relative_path(target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next()?.strip_prefix('/')?;
    let decoded = percent_decode(path)?;
    let mut relative = PathBuf::new();
    for segment in decoded.split('/').filter(|segment| !segment.is_empty()) {
        if segment == "." || segment == ".." || segment.contains(['\\', '\0']) {
            return None;
        }
        relative.push(segment);
    }
    Some(relative)
}

/// `%XX`-decodes `text`; `None` when an escape is malformed or the result isn't UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.bytes();
    while let Some(byte) = rest.next() {
        if byte == b'%' {
            let high = char::from(rest.next()?).to_digit(16)?;
            let low = char::from(rest.next()?).to_digit(16)?;
            bytes.push(u8::try_from(high * 16 + low).ok()?);
        } else {
            bytes.push(byte);
        }
    }
    String::from_utf8(bytes).ok()
}

/// The `Content-Type` for a file, by its extension.
fn content_type(path: &Path) -> &'static str {
    let extension = path.extension().and_then(|ext| ext.to_str()).unwrap_or("");
    match extension.to_ascii_lowercase().as_str() {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::{accepts_gzip, content_type, relative_path};

    #[test]
    fn gzip_is_sent_to_those_that_accept_it() {
        assert!(accepts_gzip("Accept-Encoding: gzip, deflate, br, zstd\r\n"));
        assert!(accepts_gzip("accept-encoding:br;q=1.0, GZIP;q=0.5"));
        assert!(!accepts_gzip("Accept-Encoding: br, zstd"));
        assert!(!accepts_gzip("Accept-Encoding: gzip;q=0"));
        assert!(!accepts_gzip("X-Gzip: gzip"));
        assert!(!accepts_gzip("User-Agent: gzip"));
    }

    #[track_caller]
    fn check(target: &str, expected: Option<&str>) {
        assert_eq!(
            relative_path(target),
            expected.map(PathBuf::from),
            "{target}"
        );
    }

    #[test]
    fn request_targets_map_inside_the_site() {
        check("/", Some(""));
        check("/index.html", Some("index.html"));
        check("/pkg/covered_app.js?v=1", Some("pkg/covered_app.js"));
        check("/data//contract.json#top", Some("data/contract.json"));
        check("/%EA%B3%84%EC%95%BD.json", Some("계약.json"));
        check("/coverage", Some("coverage"));
    }

    #[test]
    fn request_targets_that_leave_the_site_or_are_malformed_are_refused() {
        check("/../secret", None);
        check("/pkg/%2e%2e/%2e%2e/secret", None);
        check("/a\\b", None);
        check("/bad%zzescape", None);
        check("/truncated%4", None);
        check("http://example.com/", None);
        check("", None);
    }

    #[test]
    fn content_types() {
        for (file, expected) in [
            ("pkg/covered_app_bg.wasm", "application/wasm"),
            ("pkg/covered_app.js", "text/javascript; charset=utf-8"),
            ("index.html", "text/html; charset=utf-8"),
            ("style.css", "text/css; charset=utf-8"),
            ("favicon.svg", "image/svg+xml"),
            ("data/sample.json", "application/json"),
            ("LICENSE", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(file)), expected, "{file}");
        }
    }
}
