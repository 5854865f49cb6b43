//! SIGTERM stops the real `covered serve` gracefully: a request whose body is still being
//! sent when the signal comes is answered, then the process exits 0.

use crate::support;
use std::io::{Read, Write};
use std::time::Duration;

#[test]
fn sigterm_answers_the_request_in_flight_then_exits_0() {
    let dir = support::temp_dir("shutdown");
    let db = format!("sqlite://{}", dir.join("covered.db").display());
    let (mut child, addr) = support::spawn_server(&db, &dir, "2026-11-23T10:00:00", &[]);
    let body = r#"{"login":"nobody-here","password":"wrong"}"#;
    let mut tcp = std::net::TcpStream::connect(addr).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let head = format!(
        "POST /api/login HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/json\r\n\
         content-length: {}\r\n\r\n",
        body.len()
    );
    let (first, rest) = body.split_at(10);
    tcp.write_all(head.as_bytes()).unwrap();
    tcp.write_all(first.as_bytes()).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    std::thread::sleep(Duration::from_millis(500));
    // The server is still there for this request: the rest of the body, and its answer.
    tcp.write_all(rest.as_bytes()).unwrap();
    let mut answer = String::new();
    let _ = tcp.read_to_string(&mut answer);
    assert!(
        answer.starts_with("HTTP/1.1 401"),
        "the login in flight was answered: {answer:?}"
    );
    assert!(answer.contains("bad_credentials"), "{answer}");
    // And then it exits, with 0.
    let mut status = None;
    for _ in 0..200 {
        if let Some(s) = child.try_wait().unwrap() {
            status = Some(s);
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let Some(status) = status else {
        let _ = child.kill();
        panic!("the server did not exit within 10 s of SIGTERM");
    };
    assert_eq!(status.code(), Some(0), "{status:?}");
    // No new connection is accepted after it.
    assert!(std::net::TcpStream::connect(addr).is_err());
}
