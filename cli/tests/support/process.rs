//! The real `covered` binary: a `covered serve` started as its own process on a test's
//! database (to be killed, or run beside another), and the command run to its end.

#![allow(dead_code)]

use super::http::{self, Conn, Session};
use std::net::SocketAddr;
use std::process::{Child, Command, Output};

/// A `covered serve` process and the address it listens on.
#[derive(Debug)]
pub struct Served {
    pub child: Child,
    pub addr: SocketAddr,
}

impl Served {
    /// Starts the binary on `db` with the sample data and demo accounts, its clock at
    /// 2026-11-23 10:00 (Seoul), without the per-account rates (these tests file hundreds
    /// of requests from a few accounts; the rates have their own test); waits until it
    /// listens.
    pub fn start(db: &str, cwd: &std::path::Path) -> Served {
        let (child, addr) = super::spawn_server(
            db,
            cwd,
            "2026-11-23T10:00:00",
            &[
                "--submissions-per-minute",
                "0",
                "--comments-per-minute",
                "0",
            ],
        );
        Served { child, addr }
    }

    /// Logs `login` in with its demo password over a new connection.
    pub async fn login(&self, login: &str) -> (Conn, Session) {
        let mut c = Conn::open(self.addr).await.unwrap();
        let s = http::login(&mut c, login, &super::password(login))
            .await
            .unwrap();
        (c, s)
    }

    /// SIGKILL, and waits for it to be gone.
    pub fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// SIGTERM; panics unless it stops cleanly.
    pub fn stop(mut self) {
        let term = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(term.success());
        let status = self.child.wait().unwrap();
        assert!(status.success(), "after SIGTERM: {status}");
    }
}

impl Drop for Served {
    /// Kills a server a failed test left running (after `kill` or `stop`, nothing).
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Runs `covered <args>` to its end.
pub fn covered(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_covered"))
        .args(args)
        .env_remove("DATABASE_URL")
        .output()
        .unwrap()
}

/// Every request `s` may see, through the list's pages: `id` → the request's JSON.
pub async fn all_requests(
    c: &mut Conn,
    s: &Session,
) -> std::collections::BTreeMap<String, serde_json::Value> {
    let mut out = std::collections::BTreeMap::new();
    let mut offset = 0;
    loop {
        let r = c
            .send(
                "GET",
                &format!("/api/requests?limit=500&offset={offset}"),
                &[("cookie", &s.cookie)],
                None,
            )
            .await
            .unwrap();
        assert_eq!(r.status, 200, "{}", r.body);
        let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        let page = v["requests"].as_array().unwrap();
        for item in page {
            out.insert(item["id"].as_str().unwrap().to_owned(), item.clone());
        }
        offset += 500;
        if page.len() < 500 {
            break;
        }
    }
    out
}

/// What of a request stays the same whenever it is read: what was filed and how it was
/// judged (not its clocks, which the time of reading moves).
pub fn filed(v: &serde_json::Value) -> serde_json::Value {
    let keys = [
        "id",
        "contract",
        "sr",
        "submitted_by",
        "branch",
        "product",
        "version",
        "category",
        "requester",
        "title",
        "details",
        "answers",
        "wanted_by",
        "paid",
        "coverage",
        "severity",
        "status",
        "submitted",
    ];
    serde_json::Value::Object(
        keys.iter()
            .map(|k| ((*k).to_owned(), v[*k].clone()))
            .collect(),
    )
}

/// How many migrations the server has (`cli/src/serve/migrations/*.sql`).
pub fn migrations() -> i64 {
    std::fs::read_dir(super::repo().join("cli/src/serve/migrations"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".sql")
        })
        .count() as i64
}
