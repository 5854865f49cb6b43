//! What keeps one client from holding `covered serve`: a connection that never finishes
//! its request's head is closed, a body that never arrives is answered 408, while other
//! clients are answered meanwhile; requests over `--max-requests` are answered 503 at
//! once — on the real HTTP stack over loopback, on SQLite and PostgreSQL.

use crate::support::http::Conn;
use crate::support::on_both_with;
use covered_cli::serve::Limits;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Short timeouts, so that the test sees them fire.
fn short() -> Limits {
    Limits {
        header_timeout: Duration::from_millis(800),
        body_timeout: Duration::from_millis(800),
        ..Limits::default()
    }
}

/// Reads `stream` until the server closes it (or `bound` passes); how long it took and
/// what was sent.
async fn until_closed(
    stream: &mut tokio::net::TcpStream,
    bound: Duration,
) -> (Duration, bool, String) {
    let started = Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    let closed = loop {
        match tokio::time::timeout(
            bound.saturating_sub(started.elapsed()),
            stream.read(&mut buf),
        )
        .await
        {
            Err(_) => break false,
            Ok(Ok(0) | Err(_)) => break true,
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
        }
    };
    (
        started.elapsed(),
        closed,
        String::from_utf8_lossy(&got).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_that_never_finishes_its_head_is_closed_while_another_client_is_answered() {
    on_both_with(short(), |server, kind| async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let serving = {
            let server = server.clone();
            tokio::spawn(async move {
                server
                    .serve(listener, async {
                        let _ = stopped.await;
                    })
                    .await
            })
        };
        // Half a head, and then nothing.
        let mut slow = tokio::net::TcpStream::connect(addr).await.unwrap();
        slow.write_all(b"GET /api/openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: ")
            .await
            .unwrap();
        // Meanwhile another client is answered.
        let mut other = Conn::open(addr).await.unwrap();
        let started = Instant::now();
        let r = other.send("GET", "/api/openapi.json", &[], None).await.unwrap();
        assert_eq!(r.status, 200, "{}", r.body);
        println!(
            "budget: {kind:?} another client answered in {} ms while one connection stalls: pass",
            started.elapsed().as_millis()
        );
        let (took, closed, sent) = until_closed(&mut slow, Duration::from_secs(10)).await;
        assert!(closed, "the half-sent head's connection is still open after 10 s");
        assert!(!sent.contains("openapi"), "it was not answered: {sent}");
        println!(
            "budget: {kind:?} the stalled connection was closed after {} ms (header timeout 800 ms, ≤ 3000): {}",
            took.as_millis(),
            if took <= Duration::from_secs(3) { "pass" } else { "FAIL" }
        );

        // A body that never arrives: the head says 100 bytes, 10 come.
        let mut body = tokio::net::TcpStream::connect(addr).await.unwrap();
        body.write_all(
            b"POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"login\":",
        )
        .await
        .unwrap();
        let (took, _, sent) = until_closed(&mut body, Duration::from_secs(10)).await;
        assert!(sent.starts_with("HTTP/1.1 408"), "{sent}");
        assert!(sent.contains("\"code\":\"body_timeout\""), "a JSON error: {sent}");
        println!(
            "budget: {kind:?} the unfinished body was answered 408 after {} ms (body timeout 800 ms, ≤ 3000): {}",
            took.as_millis(),
            if took <= Duration::from_secs(3) { "pass" } else { "FAIL" }
        );
        // The server still answers (on a new connection: an idle one is closed after the
        // header timeout too).
        let mut other = Conn::open(addr).await.unwrap();
        let r = other.send("GET", "/api/openapi.json", &[], None).await.unwrap();
        assert_eq!(r.status, 200);
        stop.send(()).unwrap();
        drop(other);
        tokio::time::timeout(Duration::from_secs(30), serving)
            .await
            .expect("the server stops")
            .unwrap()
            .unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_over_the_cap_are_answered_503_at_once_and_the_next_after_them_is_served() {
    let limits = Limits {
        max_requests: 1,
        body_timeout: Duration::from_secs(2),
        ..Limits::default()
    };
    on_both_with(limits, |server, kind| async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let serving = {
            let server = server.clone();
            tokio::spawn(async move {
                server
                    .serve(listener, async {
                        let _ = stopped.await;
                    })
                    .await
            })
        };
        // One request in flight, waiting for the rest of its body.
        let mut holding = tokio::net::TcpStream::connect(addr).await.unwrap();
        holding
            .write_all(
                b"POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{",
            )
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(200)).await;
        let mut other = Conn::open(addr).await.unwrap();
        let started = Instant::now();
        let r = other.send("GET", "/api/openapi.json", &[], None).await.unwrap();
        let ms = started.elapsed().as_millis();
        assert_eq!(r.status, 503, "{}", r.body);
        assert!(r.body.contains("\"code\":\"overloaded\""), "a JSON error: {}", r.body);
        println!(
            "budget: {kind:?} over the cap, answered 503 in {ms} ms (≤ 500): {}",
            if ms <= 500 { "pass" } else { "FAIL" }
        );
        // Once the held request is over (408), the next is answered.
        let (_, _, sent) = until_closed(&mut holding, Duration::from_secs(10)).await;
        assert!(sent.starts_with("HTTP/1.1 408"), "{sent}");
        let mut again = Conn::open(addr).await.unwrap();
        let r = again.send("GET", "/api/openapi.json", &[], None).await.unwrap();
        assert_eq!(r.status, 200);
        stop.send(()).unwrap();
        drop((other, again));
        tokio::time::timeout(Duration::from_secs(30), serving)
            .await
            .expect("the server stops")
            .unwrap()
            .unwrap();
    })
    .await;
}

#[test]
fn the_limits_are_options_listed_in_help_and_checked() {
    let covered = env!("CARGO_BIN_EXE_covered");
    let help = std::process::Command::new(covered)
        .args(["serve", "--help"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&help.stdout);
    for option in [
        "--header-timeout",
        "--body-timeout",
        "--request-timeout",
        "--max-connections",
        "--max-requests",
        "--max-connections-per-address",
        "--max-hashes",
        "--engine-jobs",
        "--submissions-per-minute",
        "--comments-per-minute",
    ] {
        assert!(text.contains(option), "{option} not in:\n{text}");
    }
    for (option, value, says) in [
        ("--max-hashes", "0", "expected a whole number from 1"),
        ("--header-timeout", "soon", "expected seconds"),
        ("--body-timeout", "-1", "expected seconds"),
        (
            "--comments-per-minute",
            "many",
            "expected a whole number from 0",
        ),
    ] {
        let out = std::process::Command::new(covered)
            .args(["serve", option, value])
            .env_remove("DATABASE_URL")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{option} {value}: {stderr}");
        assert!(
            stderr.contains(&format!("{option} {value}: {says}")),
            "{stderr}"
        );
    }
}
