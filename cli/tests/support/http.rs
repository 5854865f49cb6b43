//! A minimal HTTP/1.1 client over one keep-alive connection (hyper's), for tests and the
//! load bench that talk to a real `covered serve` over loopback.

#![allow(dead_code)]

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use std::net::SocketAddr;

/// One connection.
#[derive(Debug)]
pub struct Conn {
    sender: SendRequest<Full<Bytes>>,
    addr: SocketAddr,
}

/// A response: status, `Set-Cookie` (if any), a header of interest and the body.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub set_cookie: Option<String>,
    pub location: Option<String>,
    /// `X-Request-Id`: the id the request log gave it.
    pub request_id: Option<String>,
    pub body: String,
}

impl Conn {
    /// Connects to `addr`.
    pub async fn open(addr: SocketAddr) -> Result<Conn, String> {
        let stream = tokio::net::TcpStream::connect(addr)
            .await
            .map_err(|e| e.to_string())?;
        Conn::over(stream, addr).await
    }

    /// Connects to `addr` from the loopback address `from` (127.0.0.2, …), so that the
    /// server sees another client address.
    pub async fn open_from(addr: SocketAddr, from: &str) -> Result<Conn, String> {
        let stream = connect_from(addr, from).await?;
        Conn::over(stream, addr).await
    }

    async fn over(stream: tokio::net::TcpStream, addr: SocketAddr) -> Result<Conn, String> {
        let _ = stream.set_nodelay(true);
        let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| e.to_string())?;
        tokio::spawn(async move {
            let _ = conn.await;
        });
        Ok(Conn { sender, addr })
    }

    /// Sends one request and reads the whole answer.
    pub async fn send(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Result<Reply, String> {
        self.sender.ready().await.map_err(|e| e.to_string())?;
        let mut b = hyper::Request::builder()
            .method(method)
            .uri(path)
            .header("host", self.addr.to_string());
        if body.is_some() {
            b = b.header("content-type", "application/json");
        }
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        let req = b
            .body(Full::new(Bytes::from(body.unwrap_or("").to_owned())))
            .map_err(|e| e.to_string())?;
        let res = self
            .sender
            .send_request(req)
            .await
            .map_err(|e| e.to_string())?;
        let status = res.status().as_u16();
        let set_cookie = res
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let location = res
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let request_id = res
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let bytes = res
            .into_body()
            .collect()
            .await
            .map_err(|e| e.to_string())?
            .to_bytes();
        Ok(Reply {
            status,
            set_cookie,
            location,
            request_id,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        })
    }
}

/// A TCP connection to `addr` from the loopback address `from`.
pub async fn connect_from(addr: SocketAddr, from: &str) -> Result<tokio::net::TcpStream, String> {
    let ip: std::net::IpAddr = from.parse().map_err(|e| format!("{from}: {e}"))?;
    let socket = tokio::net::TcpSocket::new_v4().map_err(|e| e.to_string())?;
    socket
        .bind(SocketAddr::new(ip, 0))
        .map_err(|e| e.to_string())?;
    socket.connect(addr).await.map_err(|e| e.to_string())
}

/// A logged-in session: the cookie header and CSRF token.
#[derive(Debug, Clone)]
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

/// Logs in over `conn`.
pub async fn login(conn: &mut Conn, login: &str, password: &str) -> Result<Session, String> {
    let body = format!(r#"{{"login":"{login}","password":"{password}"}}"#);
    let r = conn.send("POST", "/api/login", &[], Some(&body)).await?;
    if r.status != 200 {
        return Err(format!("login {login}: {} {}", r.status, r.body));
    }
    let cookie = r
        .set_cookie
        .and_then(|c| c.split(';').next().map(str::to_owned))
        .ok_or("no cookie")?;
    let v: serde_json::Value = serde_json::from_str(&r.body).map_err(|e| e.to_string())?;
    let csrf = v["csrf_token"].as_str().ok_or("no csrf token")?.to_owned();
    Ok(Session { cookie, csrf })
}
