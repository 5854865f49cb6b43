//! Who is calling: accounts seeded from a JSON file, argon2 password hashes, session
//! cookies (`HttpOnly`, `SameSite=Strict`, `Secure` behind TLS) whose tokens are stored
//! only as hashes, and a CSRF token per session that every state-changing call must
//! echo in the `X-CSRF-Token` header.

use super::error::ApiError;
use super::store::{Account, BackOff, Bucket, Role};
use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::http::{HeaderMap, HeaderValue, header};
use blake2::{Blake2s256, Digest};
use covered_core::contract::DataSet;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The session cookie's name.
pub const COOKIE: &str = "covered_session";
/// The header that carries the CSRF token.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// How long a session lasts (12 hours).
pub const SESSION_MS: i64 = 12 * 60 * 60 * 1000;

/// `bytes` random bytes (from the operating system) as lowercase hex.
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    OsRng.fill_bytes(&mut buf);
    hex(&buf)
}

/// A random id for a stored row (128 bits, hex).
pub fn random_id() -> String {
    random_hex(16)
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// A hash of `text` (BLAKE2s-256, hex): how session tokens are stored, and how a
/// retried submission is compared with the original.
pub fn digest(text: &str) -> String {
    hex(&Blake2s256::digest(text.as_bytes()))
}

/// An argon2id hash of `password` (PHC string).
///
/// # Errors
///
/// When hashing fails (it does not with the default parameters).
pub fn hash_password(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Whether `password` matches the PHC hash `hash`.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A hash that matches no password, verified when the login is unknown so that a wrong
/// login takes as long as a wrong password.
pub fn dummy_hash() -> String {
    hash_password(&random_hex(16)).unwrap_or_default()
}

/// The session token in the request's cookies.
pub fn session_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.to_owned())
        .filter(|v| !v.is_empty() && v.len() <= 128)
}

/// Whether the request came over TLS (directly, or through a proxy that says so).
pub fn over_tls(headers: &HeaderMap, tls: bool) -> bool {
    tls || headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

/// The `Set-Cookie` value for a session token (empty token and zero age: remove it).
pub fn set_cookie(token: &str, max_age_s: i64, secure: bool) -> Option<HeaderValue> {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_s}{secure}"
    ))
    .ok()
}

/// A logged-in caller.
#[derive(Debug, Clone)]
pub struct Principal {
    /// The account.
    pub account: Account,
    /// The contracts it may see (every contract for vendor staff).
    pub contracts: Vec<String>,
    /// The session's CSRF token.
    pub csrf: String,
    /// The hash of the session token.
    pub token_hash: String,
}

impl Principal {
    /// Vendor staff.
    pub fn is_vendor(&self) -> bool {
        self.account.role == Role::Vendor
    }

    /// Whether the caller may see contract `id`.
    pub fn sees_contract(&self, id: &str) -> bool {
        self.contracts.iter().any(|c| c == id)
    }

    /// Whether the caller may see a request of `contract` at `branch`: its contract, and
    /// its branch for a branch account.
    pub fn sees_request(&self, contract: &str, branch: Option<&str>) -> bool {
        self.sees_contract(contract)
            && match &self.account.branch {
                None => true,
                Some(mine) => branch == Some(mine.as_str()),
            }
    }

    /// Checks the CSRF header of a state-changing call.
    ///
    /// # Errors
    ///
    /// 403 when the header is missing or differs from the session's token.
    pub fn check_csrf(&self, headers: &HeaderMap) -> Result<(), ApiError> {
        let sent = headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
        match sent {
            Some(s) if constant_time_eq(s.as_bytes(), self.csrf.as_bytes()) => Ok(()),
            _ => Err(ApiError::forbidden(
                "missing or wrong X-CSRF-Token header (take it from GET /api/session)",
            )
            .with_code("csrf")
            .with_field("X-CSRF-Token")),
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A cross-site form post or fetch: the `Origin` header, when sent, must be this
/// server's own origin — scheme, host and port — as the browser reached it (`https`
/// over TLS or behind a proxy that says `X-Forwarded-Proto: https`, else `http`, and the
/// `Host` header), or the origin of `--portal-url`. `http://` for an `https` server, or
/// another port, is another origin.
///
/// # Errors
///
/// 403 naming the `Origin` header.
pub fn check_origin(headers: &HeaderMap, tls: bool, portal: &str) -> Result<(), ApiError> {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return Ok(());
    };
    let origin_of = |s: &str| {
        url::Url::parse(s)
            .ok()
            .map(|u| u.origin())
            .filter(url::Origin::is_tuple)
    };
    let sent = origin_of(origin);
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let scheme = if over_tls(headers, tls) {
        "https"
    } else {
        "http"
    };
    let ours = host.and_then(|h| origin_of(&format!("{scheme}://{h}")));
    let portal = (!portal.is_empty()).then(|| origin_of(portal)).flatten();
    match sent {
        Some(o) if Some(&o) == ours.as_ref() || Some(&o) == portal.as_ref() => Ok(()),
        _ => Err(
            ApiError::forbidden(format!("cross-origin request from {origin} refused"))
                .with_code("csrf")
                .with_field("Origin"),
        ),
    }
}

/// The accounts file (`--accounts`): institutions with the contracts their staff may
/// see, and accounts. Demo accounts give a plain `password` (hashed when the account is
/// first added, and printed at start); real ones give an argon2 `password_hash`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountsFile {
    /// Always 1.
    pub schema_version: u32,
    /// Customer institutions.
    #[serde(default)]
    pub institutions: Vec<SeedInstitution>,
    /// Accounts.
    pub accounts: Vec<SeedAccount>,
}

/// An institution in the accounts file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedInstitution {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Contract ids.
    pub contracts: Vec<String>,
}

/// An account in the accounts file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedAccount {
    /// Login name.
    pub login: String,
    /// Display name.
    pub name: String,
    /// `customer` or `vendor`.
    pub role: String,
    /// Institution id (customers).
    #[serde(default)]
    pub institution: Option<String>,
    /// Branch id, to limit the account to one branch.
    #[serde(default)]
    pub branch: Option<String>,
    /// A demo password, hashed when the account is added.
    #[serde(default)]
    pub password: Option<String>,
    /// An argon2 PHC hash.
    #[serde(default)]
    pub password_hash: Option<String>,
    /// The address its notices go to (given to the account when it has none).
    #[serde(default)]
    pub email: Option<String>,
}

/// Reads and checks an accounts file against the data: every contract exists, every
/// customer has an institution, every branch is a branch of one of its contracts.
///
/// # Errors
///
/// Every problem, one per line, naming the JSON path.
pub fn read_accounts(text: &str, data: &DataSet) -> Result<(AccountsFile, Vec<Account>), String> {
    let file: AccountsFile = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let mut problems = Vec::new();
    if file.schema_version != 1 {
        problems.push("$.schema_version: expected 1".to_owned());
    }
    let mut contracts_of: BTreeMap<&str, &[String]> = BTreeMap::new();
    for (i, inst) in file.institutions.iter().enumerate() {
        for (j, c) in inst.contracts.iter().enumerate() {
            if data.contract(c).is_none() {
                problems.push(format!(
                    "$.institutions[{i}].contracts[{j}]: {c:?} is not a contract of the data"
                ));
            }
        }
        if let Some(f) = covered_core::text::fault(&inst.name, covered_core::text::Lines::One) {
            problems.push(format!("$.institutions[{i}].name: {f}"));
        }
        contracts_of.insert(inst.id.as_str(), &inst.contracts);
    }
    let mut accounts = Vec::new();
    for (i, a) in file.accounts.iter().enumerate() {
        let at = format!("$.accounts[{i}]");
        let role = match a.role.as_str() {
            "customer" => Role::Customer,
            "vendor" => Role::Vendor,
            other => {
                problems.push(format!("{at}.role: {other:?} is not customer or vendor"));
                continue;
            }
        };
        if a.login.is_empty() || a.login.len() > 64 {
            problems.push(format!("{at}.login: 1 to 64 characters"));
        }
        for (field, value) in [("login", &a.login), ("name", &a.name)] {
            if let Some(f) = covered_core::text::fault(value, covered_core::text::Lines::One) {
                problems.push(format!("{at}.{field}: {f}"));
            }
        }
        if a.login == super::autoclose::SYSTEM {
            problems.push(format!(
                "{at}.login: {:?} is the server's own (its automatic changes)",
                a.login
            ));
        }
        if a.password.is_none() == a.password_hash.is_none() {
            problems.push(format!(
                "{at}: give exactly one of password or password_hash"
            ));
        }
        if role == Role::Customer {
            match a
                .institution
                .as_deref()
                .map(|id| (id, contracts_of.get(id)))
            {
                None => problems.push(format!("{at}.institution: a customer needs one")),
                Some((id, None)) => {
                    problems.push(format!("{at}.institution: {id:?} is not in $.institutions"))
                }
                Some((_, Some(cs))) => {
                    if let Some(b) = &a.branch
                        && !cs
                            .iter()
                            .filter_map(|c| data.contract(c))
                            .any(|c| c.branch(b).is_some())
                    {
                        problems.push(format!(
                            "{at}.branch: {b:?} is not a branch of the institution's contracts"
                        ));
                    }
                }
            }
        }
        accounts.push(Account {
            login: a.login.clone(),
            name: a.name.clone(),
            role,
            institution: a.institution.clone(),
            branch: a.branch.clone(),
        });
    }
    if problems.is_empty() {
        Ok((file, accounts))
    } else {
        Err(problems.join("\n"))
    }
}

/// Sessions seen lately, so that most calls need no database read to find their caller.
/// An entry lives [`SessionCache::TTL_MS`] at most: a logout on this server forgets it at
/// once; on another server sharing the database it takes effect within that time.
#[derive(Debug, Default)]
pub struct SessionCache {
    entries: std::sync::Mutex<std::collections::HashMap<String, Cached>>,
}

#[derive(Debug, Clone)]
struct Cached {
    account: Account,
    csrf: String,
    until_ms: i64,
}

impl SessionCache {
    /// How long an entry is trusted (10 s).
    pub const TTL_MS: i64 = 10_000;
    const MAX: usize = 10_000;

    /// The cached account and CSRF token of a session, when fresh.
    pub fn get(&self, token_hash: &str, now_ms: i64) -> Option<(Account, String)> {
        let entries = self.entries.lock().ok()?;
        entries
            .get(token_hash)
            .filter(|c| c.until_ms > now_ms)
            .map(|c| (c.account.clone(), c.csrf.clone()))
    }

    /// Remembers a session found in the database (until it expires, at most TTL).
    pub fn put(
        &self,
        token_hash: &str,
        account: &Account,
        csrf: &str,
        expires_ms: i64,
        now_ms: i64,
    ) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= Self::MAX {
                entries.retain(|_, c| c.until_ms > now_ms);
                if entries.len() >= Self::MAX {
                    entries.clear();
                }
            }
            entries.insert(
                token_hash.to_owned(),
                Cached {
                    account: account.clone(),
                    csrf: csrf.to_owned(),
                    until_ms: expires_ms.min(now_ms.saturating_add(Self::TTL_MS)),
                },
            );
        }
    }

    /// Forgets a session (logout).
    pub fn forget(&self, token_hash: &str) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.remove(token_hash);
        }
    }
}

/// How the login throttle backs off a login tried from one address: three attempts
/// without waiting, then 1 s, 2 s, 4 s … before the next, at most 15 minutes. A right
/// password empties it.
pub const PAIR_BACK_OFF: BackOff = BackOff {
    free: 3,
    base_ms: 1000,
    max_ms: 15 * 60 * 1000,
};

/// How it backs off an address, whatever logins it tries: twenty attempts without
/// waiting (a right password gives one back), then 1 s, 2 s, 4 s …, at most 15 minutes.
pub const ADDR_BACK_OFF: BackOff = BackOff {
    free: 20,
    base_ms: 1000,
    max_ms: 15 * 60 * 1000,
};

/// The throttle's two buckets of an attempt at `login` from `ip`: the login from that
/// address, and the address.
pub fn buckets<'a>(login: &'a str, ip: &'a str) -> (Bucket<'a>, Bucket<'a>) {
    (
        Bucket {
            login: Some(login),
            ip,
            back_off: PAIR_BACK_OFF,
        },
        Bucket {
            login: None,
            ip,
            back_off: ADDR_BACK_OFF,
        },
    )
}
