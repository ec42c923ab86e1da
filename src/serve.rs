//! The development server: serves one profile's built output over HTTP on
//! loopback, injects a live-reload script into HTML responses (never into
//! `build` output), and pushes `reload` and `error` events over Server-Sent
//! Events at `/__traction/events`.
//!
//! A small std-only HTTP/1.1 server: GET and HEAD, one request per connection,
//! bounded header size, read timeouts for slow clients, a cap on concurrent
//! connections, and paths resolved strictly inside the output folder (no `..`,
//! no encoded separators or backslashes, no symlinks that lead out).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::time::Duration;

use crate::diagnostics::Diagnostic;

/// URL path of the event stream.
pub(crate) const EVENTS_PATH: &str = "/__traction/events";
const MAX_HEAD: usize = 16 * 1024;
/// Longest request line served (RFC 9112 §3 recommends at least 8,000 octets).
const MAX_REQUEST_LINE: usize = 8 * 1024;
const MAX_CONNECTIONS: usize = 1024;

/// The script injected before `</body>` of every served HTML page.
pub(crate) const RELOAD_SCRIPT: &str = r#"<script data-traction-live-reload>(()=>{let box=null;const es=new EventSource("/__traction/events");
const show=t=>{if(!box){box=document.createElement("pre");box.id="traction-error";box.setAttribute("role","alert");box.style.cssText="position:fixed;left:1rem;right:1rem;bottom:1rem;max-height:60vh;overflow:auto;z-index:2147483647;margin:0;background:#1b1b1f;color:#ffd7d2;padding:1rem 1.25rem;border-radius:8px;border-left:4px solid #ef4444;font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace;white-space:pre-wrap;box-shadow:0 8px 30px rgba(0,0,0,.35)";document.body.appendChild(box);}box.textContent=t;};
const hide=()=>{if(box){box.remove();box=null;}};
es.addEventListener("error",e=>{if(typeof e.data==="string")show(e.data);});
es.addEventListener("reload",e=>{hide();const urls=(e.data||"*").trim().split(/\s+/);
if(urls.length&&urls.every(u=>u.endsWith(".css"))){document.querySelectorAll('link[rel="stylesheet"]').forEach(l=>{const u=new URL(l.href);u.searchParams.set("v",Date.now());l.href=u.href;});return;}
if(urls.includes("*")||urls.includes(location.pathname.replace(/index\.html$/,"")))location.reload();});})();</script>"#;

/// Connected event-stream clients and the current error, if the last rebuild failed.
#[derive(Default)]
pub(crate) struct Reloader {
    clients: Mutex<Vec<Sender<String>>>,
    error: Mutex<Option<String>>,
}

impl Reloader {
    /// Tells every browser to reload `urls` (`*` for all).
    pub(crate) fn reload(&self, urls: &str) {
        *self
            .error
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = None;
        self.send(&event("reload", urls));
    }

    /// Shows `text` as an error overlay in every browser (and in new ones) until the next reload.
    pub(crate) fn error(&self, text: &str) {
        *self
            .error
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(text.to_string());
        self.send(&event("error", text));
    }

    fn send(&self, message: &str) {
        let mut clients = self
            .clients
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        clients.retain(|c| c.send(message.to_string()).is_ok());
    }

    fn subscribe(&self) -> (Receiver<String>, Option<String>) {
        let (tx, rx) = mpsc::channel();
        self.clients
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(tx);
        let error = self
            .error
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        (rx, error.map(|e| event("error", &e)))
    }
}

/// An SSE message: every line of `data` gets its own `data:` field.
pub(crate) fn event(name: &str, data: &str) -> String {
    let mut out = format!("event: {name}\n");
    for line in data.lines() {
        out.push_str("data: ");
        out.push_str(line);
        out.push('\n');
    }
    if data.is_empty() {
        out.push_str("data:\n");
    }
    out.push('\n');
    out
}

/// The server's shared state.
pub(crate) struct Server {
    /// Output folder served.
    pub root: RwLock<PathBuf>,
    /// Live-reload channel.
    pub reloader: Reloader,
    connections: AtomicUsize,
    /// The address listened on, for the `Host` check (set by `start`).
    bound: OnceLock<SocketAddr>,
}

impl Server {
    /// A server for the output folder `root`.
    pub(crate) fn new(root: PathBuf) -> Arc<Server> {
        Arc::new(Server {
            root: RwLock::new(root),
            reloader: Reloader::default(),
            connections: AtomicUsize::new(0),
            bound: OnceLock::new(),
        })
    }

    /// Binds `addr` and serves forever on background threads; returns the bound address.
    pub(crate) fn start(self: &Arc<Server>, addr: SocketAddr) -> Result<SocketAddr, Diagnostic> {
        let listener = TcpListener::bind(addr).map_err(|e| {
            Diagnostic::error("", format!("could not listen on {addr}: {e}"))
                .hint("choose another port with --port")
        })?;
        let bound = listener
            .local_addr()
            .map_err(|e| Diagnostic::error("", format!("{e}")))?;
        if self.bound.set(bound).is_err() {
            return Err(Diagnostic::error(
                "",
                "this server is already listening".to_string(),
            ));
        }
        let server = self.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let server = server.clone();
                if server.connections.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
                    server.connections.fetch_sub(1, Ordering::SeqCst);
                    let mut s = stream;
                    let _ = s.write_all(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                    continue;
                }
                let spawned = std::thread::Builder::new()
                    .stack_size(256 * 1024)
                    .spawn(move || {
                        server.handle(stream);
                        server.connections.fetch_sub(1, Ordering::SeqCst);
                    });
                if spawned.is_err() {
                    // Out of threads: the connection is dropped; the server goes on.
                    continue;
                }
            }
        });
        Ok(bound)
    }

    fn handle(&self, stream: TcpStream) {
        let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
        let _ = stream.set_write_timeout(Some(Duration::from_secs(10)));
        let Ok(read_half) = stream.try_clone() else {
            return;
        };
        let mut reader = BufReader::new(read_half);
        let request = match read_request(&mut reader) {
            Ok(Some(r)) => r,
            Ok(None) => return,
            Err(status) => return refuse(stream, reader, status),
        };
        let bound = self.bound.get().copied();
        if !bound.is_some_and(|b| host_allowed(request.host.as_deref(), b)) {
            return refuse(stream, reader, 421);
        }
        let head_only = request.method == "HEAD";
        if request.method != "GET" && !head_only {
            return respond(stream, 405, "text/plain", b"method not allowed", true);
        }
        let path = request
            .target
            .split(['?', '#'])
            .next()
            .unwrap_or("/")
            .to_string();
        if path == EVENTS_PATH {
            return self.events(stream);
        }
        let root = self
            .root
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        match resolve(&root, &path) {
            Resolved::File(file) => match std::fs::read(&file) {
                Ok(bytes) => {
                    let kind = content_type(&file);
                    let body = if kind.starts_with("text/html") {
                        inject(&bytes)
                    } else {
                        bytes
                    };
                    respond_body(stream, 200, kind, &body, head_only)
                }
                Err(_) => self.not_found(stream, &root, head_only),
            },
            Resolved::Redirect(to) => {
                let head = format!(
                    "HTTP/1.1 301 Moved Permanently\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
                let mut s = stream;
                let _ = s.write_all(head.as_bytes());
            }
            Resolved::NotFound => self.not_found(stream, &root, head_only),
            Resolved::Forbidden => respond(stream, 403, "text/plain", b"forbidden", head_only),
        }
    }

    fn not_found(&self, stream: TcpStream, root: &Path, head_only: bool) {
        let body = std::fs::read(root.join("404.html"))
            .map(|b| inject(&b))
            .unwrap_or_else(|_| b"not found".to_vec());
        respond_body(stream, 404, "text/html; charset=utf-8", &body, head_only);
    }

    fn events(&self, mut stream: TcpStream) {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
        if stream.write_all(head.as_bytes()).is_err() {
            return;
        }
        let (rx, pending_error) = self.reloader.subscribe();
        let _ = stream.write_all(b"retry: 500\n\n");
        if let Some(e) = pending_error
            && stream.write_all(e.as_bytes()).is_err()
        {
            return;
        }
        let _ = stream.flush();
        loop {
            let message = match rx.recv_timeout(Duration::from_secs(15)) {
                Ok(m) => m,
                Err(mpsc::RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
            };
            if stream
                .write_all(message.as_bytes())
                .and_then(|()| stream.flush())
                .is_err()
            {
                return;
            }
        }
    }
}

/// Inserts the reload script before the last `</body>` (or at the end).
pub(crate) fn inject(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{RELOAD_SCRIPT}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{RELOAD_SCRIPT}").into_bytes(),
    }
}

/// The parts of a request the server uses.
#[derive(Debug, PartialEq, Eq)]
struct Request {
    method: String,
    target: String,
    /// The `Host` header, if sent.
    host: Option<String>,
}

/// Reads a request head: `Ok(None)` when the client sent nothing, `Err(status)`
/// for a request to refuse (400 not UTF-8 or malformed, 414 request line too
/// long, 431 head too large).
fn read_request(reader: &mut impl BufRead) -> Result<Option<Request>, u16> {
    let mut line = Vec::new();
    match reader
        .by_ref()
        .take(MAX_REQUEST_LINE as u64 + 1)
        .read_until(b'\n', &mut line)
    {
        Ok(0) => return Ok(None),
        Ok(_) => {}
        Err(_) => return Ok(None),
    }
    if !line.ends_with(b"\n") {
        return Err(if line.len() > MAX_REQUEST_LINE {
            414
        } else {
            400
        });
    }
    let request_line = std::str::from_utf8(&line).map_err(|_| 400_u16)?;
    let mut parts = request_line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Err(400);
    };
    let mut request = Request {
        method: method.to_string(),
        target: target.to_string(),
        host: None,
    };
    let mut total = line.len();
    loop {
        let mut header = Vec::new();
        let left = MAX_HEAD.saturating_sub(total) as u64;
        match reader
            .by_ref()
            .take(left + 1)
            .read_until(b'\n', &mut header)
        {
            Ok(0) if total >= MAX_HEAD => return Err(431),
            Ok(0) | Err(_) => return Ok(None),
            Ok(n) => total += n,
        }
        if total > MAX_HEAD {
            return Err(431);
        }
        if header == b"\r\n" || header == b"\n" {
            break;
        }
        let header = std::str::from_utf8(&header).map_err(|_| 400_u16)?;
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("host")
        {
            if request.host.is_some() {
                return Err(400);
            }
            request.host = Some(value.trim().to_string());
        }
    }
    Ok(Some(request))
}

/// Whether a request's `Host` names this server, which defeats DNS rebinding:
/// a page the user visits at `evil.example` may resolve it to 127.0.0.1, but
/// its requests still say `Host: evil.example:1111`. Loopback names and the
/// bound address are accepted, with the port; on an unspecified address
/// (`--bind 0.0.0.0`) any IP literal with the port (a phone on the LAN), never a name.
fn host_allowed(host: Option<&str>, bound: SocketAddr) -> bool {
    let Some(host) = host else { return false };
    let Some((name, port)) = host.rsplit_once(':') else {
        return false;
    };
    if port.parse::<u16>().ok() != Some(bound.port()) {
        return false;
    }
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let ip = match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        Some(v6) => v6.parse::<std::net::Ipv6Addr>().map(IpAddr::V6),
        None => name.parse::<std::net::Ipv4Addr>().map(IpAddr::V4),
    };
    let Ok(ip) = ip else { return false };
    bound.ip().is_unspecified()
        || ip == bound.ip()
        || ip == IpAddr::V4(std::net::Ipv4Addr::LOCALHOST)
        || ip == IpAddr::V6(std::net::Ipv6Addr::LOCALHOST)
}

/// Answers a request that cannot be served, then reads what the client still
/// sends (bounded) before closing: closing with unread input makes the
/// system send a reset, which can destroy the answer before the client reads it.
fn refuse(stream: TcpStream, mut reader: impl Read, status: u16) {
    let body: &[u8] = match status {
        414 => b"request line too long",
        421 => b"this server answers only to localhost and its own address",
        431 => b"request header too large",
        _ => b"bad request",
    };
    let Ok(shut) = stream.try_clone() else {
        return respond(stream, status, "text/plain", body, false);
    };
    respond(stream, status, "text/plain", body, false);
    let _ = shut.shutdown(std::net::Shutdown::Write);
    let _ = shut.set_read_timeout(Some(Duration::from_millis(500)));
    let _ = std::io::copy(&mut reader.by_ref().take(1 << 20), &mut std::io::sink());
}

/// Where a request path leads.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// A file inside the root.
    File(PathBuf),
    /// A folder without its trailing slash: redirect so relative links work.
    Redirect(String),
    /// Nothing there.
    NotFound,
    /// A path that tries to leave the root.
    Forbidden,
}

/// Resolves a URL path strictly inside `root`.
pub fn resolve(root: &Path, url_path: &str) -> Resolved {
    let Some(decoded) = percent_decode(url_path) else {
        return Resolved::Forbidden;
    };
    if !decoded.starts_with('/')
        || decoded.contains('\\')
        || decoded.contains('\0')
        || decoded.contains(':')
    {
        return Resolved::Forbidden;
    }
    let segments: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
    if segments
        .iter()
        .any(|s| *s == ".." || *s == "." || s.starts_with('.'))
    {
        return Resolved::Forbidden;
    }
    let mut path = root.to_path_buf();
    for s in &segments {
        path.push(s);
    }
    let Ok(canonical_root) = root.canonicalize() else {
        return Resolved::NotFound;
    };
    if path.is_dir() {
        if !decoded.ends_with('/') {
            // Built from the segments, encoded again: never `//host/` (a browser
            // reads another host) and never raw bytes in a header.
            let mut to = String::new();
            for s in &segments {
                to.push('/');
                to.extend(percent_encoding::utf8_percent_encode(s, SEGMENT));
            }
            to.push('/');
            return Resolved::Redirect(to);
        }
        path.push("index.html");
    }
    match path.canonicalize() {
        Ok(real) if real.starts_with(&canonical_root) && real.is_file() => Resolved::File(real),
        Ok(_) => Resolved::Forbidden,
        Err(_) => Resolved::NotFound,
    }
}

/// What a path segment of a `Location` keeps encoded: controls, space, and
/// whatever would end or restructure the path (RFC 3986 `pchar` aside).
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// `%2e` -> `.`; `None` for malformed escapes or non-UTF-8 results.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let well_formed = bytes.iter().enumerate().all(|(i, &b)| {
        b != b'%'
            || bytes
                .get(i + 1..i + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if !well_formed {
        return None;
    }
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .ok()
        .map(std::borrow::Cow::into_owned)
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "ics" => "text/calendar; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "avif" => "image/avif",
        "webm" => "video/webm",
        "mp4" => "video/mp4",
        "vtt" => "text/vtt; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn respond(stream: TcpStream, status: u16, kind: &str, body: &[u8], head_only: bool) {
    respond_body(stream, status, kind, body, head_only);
}

fn respond_body(mut stream: TcpStream, status: u16, kind: &str, body: &[u8], head_only: bool) {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        414 => "URI Too Long",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        _ => "Error",
    };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    if !head_only {
        let _ = stream.write_all(body);
    }
    let _ = stream.flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_forms_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("a/index.html"), "hi").unwrap();
        std::fs::write(tmp.path().join("secret.txt"), "no").unwrap();
        for bad in [
            "/../secret.txt",
            "/a/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E%2Fsecret.txt",
            "/..%2fsecret.txt",
            "/a\\..\\..\\secret.txt",
            "/%5c..%5csecret.txt",
            "/C:/secret.txt",
            "/a/%00",
            "/%zz",
        ] {
            assert_eq!(resolve(&root, bad), Resolved::Forbidden, "{bad}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(tmp.path().join("secret.txt"), root.join("link.txt"))
                .unwrap();
            assert_eq!(resolve(&root, "/link.txt"), Resolved::Forbidden);
        }
        assert!(matches!(resolve(&root, "/a/"), Resolved::File(_)));
        assert_eq!(resolve(&root, "/a"), Resolved::Redirect("/a/".into()));
        assert_eq!(resolve(&root, "/nope/"), Resolved::NotFound);
    }

    #[test]
    fn only_loopback_names_and_the_bound_address_with_the_port_are_served() {
        let local: SocketAddr = "127.0.0.1:1111".parse().unwrap();
        for ok in [
            "localhost:1111",
            "LocalHost:1111",
            "127.0.0.1:1111",
            "[::1]:1111",
        ] {
            assert!(host_allowed(Some(ok), local), "{ok}");
        }
        for bad in [
            "evil.example:1111",
            "localhost",
            "localhost:80",
            "127.0.0.1",
            "192.168.1.20:1111",
            "localhost.evil.example:1111",
            "[::1]",
            "",
        ] {
            assert!(!host_allowed(Some(bad), local), "{bad}");
        }
        assert!(!host_allowed(None, local));
        let lan: SocketAddr = "192.168.1.20:8080".parse().unwrap();
        assert!(host_allowed(Some("192.168.1.20:8080"), lan));
        assert!(!host_allowed(Some("10.0.0.1:8080"), lan));
        let any: SocketAddr = "0.0.0.0:8080".parse().unwrap();
        for ok in [
            "192.168.1.20:8080",
            "10.0.0.1:8080",
            "[fe80::1]:8080",
            "localhost:8080",
        ] {
            assert!(host_allowed(Some(ok), any), "{ok}");
        }
        for bad in [
            "rebind.evil.example:8080",
            "192.168.1.20:8081",
            "myhost:8080",
        ] {
            assert!(!host_allowed(Some(bad), any), "{bad}");
        }
    }

    #[test]
    fn request_heads_that_cannot_be_served_get_their_status() {
        let read = |raw: &[u8]| read_request(&mut std::io::Cursor::new(raw.to_vec()));
        assert_eq!(
            read(b"GET /\xff HTTP/1.1\r\nHost: localhost:1\r\n\r\n"),
            Err(400)
        );
        assert_eq!(read(b"GET / HTTP/1.1\r\nX: \xff\r\n\r\n"), Err(400));
        let long = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(20_000));
        assert_eq!(read(long.as_bytes()), Err(414));
        let big = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(20_000));
        assert_eq!(read(big.as_bytes()), Err(431));
        assert_eq!(
            read(b"GET / HTTP/1.1\r\nHost: a:1\r\nhost: b:1\r\n\r\n"),
            Err(400)
        );
        assert_eq!(read(b""), Ok(None));
        assert_eq!(
            read(b"GET /a?b HTTP/1.1\r\nhOST:  localhost:1111 \r\n\r\n"),
            Ok(Some(Request {
                method: "GET".into(),
                target: "/a?b".into(),
                host: Some("localhost:1111".into()),
            }))
        );
    }

    #[test]
    fn folder_redirects_stay_on_this_host_and_are_encoded() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("case-studies")).unwrap();
        std::fs::create_dir_all(root.join("caf\u{e9} x")).unwrap();
        assert_eq!(
            resolve(root, "//case-studies"),
            Resolved::Redirect("/case-studies/".into())
        );
        assert_eq!(
            resolve(root, "///case-studies"),
            Resolved::Redirect("/case-studies/".into())
        );
        assert_eq!(
            resolve(root, "/caf%C3%A9%20x"),
            Resolved::Redirect("/caf%C3%A9%20x/".into())
        );
    }

    #[test]
    fn modern_web_files_get_their_types() {
        for (file, kind) in [
            ("a.mjs", "text/javascript; charset=utf-8"),
            ("a.woff", "font/woff"),
            ("a.wasm", "application/wasm"),
            ("a.avif", "image/avif"),
            ("a.webm", "video/webm"),
            ("a.mp4", "video/mp4"),
        ] {
            assert_eq!(content_type(Path::new(file)), kind);
        }
    }

    #[test]
    fn the_script_goes_before_the_closing_body() {
        let out = String::from_utf8(inject(b"<html><body><p>x</p></body></html>")).unwrap();
        assert!(out.contains("<p>x</p><script data-traction-live-reload>"));
        assert!(out.ends_with("</body></html>"));
    }

    #[test]
    fn events_carry_every_line() {
        assert_eq!(event("error", "a\nb"), "event: error\ndata: a\ndata: b\n\n");
    }
}
