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
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use crate::diagnostics::Diagnostic;

/// URL path of the event stream.
pub const EVENTS_PATH: &str = "/__traction/events";
const MAX_HEAD: usize = 16 * 1024;
const MAX_CONNECTIONS: usize = 1024;

/// The script injected before `</body>` of every served HTML page.
pub const RELOAD_SCRIPT: &str = r#"<script data-traction-live-reload>(()=>{let box=null;const es=new EventSource("/__traction/events");
const show=t=>{if(!box){box=document.createElement("pre");box.id="traction-error";box.setAttribute("role","alert");box.style.cssText="position:fixed;left:1rem;right:1rem;bottom:1rem;max-height:60vh;overflow:auto;z-index:2147483647;margin:0;background:#1b1b1f;color:#ffd7d2;padding:1rem 1.25rem;border-radius:8px;border-left:4px solid #ef4444;font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace;white-space:pre-wrap;box-shadow:0 8px 30px rgba(0,0,0,.35)";document.body.appendChild(box);}box.textContent=t;};
const hide=()=>{if(box){box.remove();box=null;}};
es.addEventListener("error",e=>{if(typeof e.data==="string")show(e.data);});
es.addEventListener("reload",e=>{hide();const urls=(e.data||"*").trim().split(/\s+/);
if(urls.length&&urls.every(u=>u.endsWith(".css"))){document.querySelectorAll('link[rel="stylesheet"]').forEach(l=>{const u=new URL(l.href);u.searchParams.set("v",Date.now());l.href=u.href;});return;}
if(urls.includes("*")||urls.includes(location.pathname))location.reload();});})();</script>"#;

/// Connected event-stream clients and the current error, if the last rebuild failed.
#[derive(Default)]
pub struct Reloader {
    clients: Mutex<Vec<Sender<String>>>,
    error: Mutex<Option<String>>,
}

impl Reloader {
    /// Tells every browser to reload `urls` (`*` for all).
    pub fn reload(&self, urls: &str) {
        *self
            .error
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = None;
        self.send(&event("reload", urls));
    }

    /// Shows `text` as an error overlay in every browser (and in new ones) until the next reload.
    pub fn error(&self, text: &str) {
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
pub fn event(name: &str, data: &str) -> String {
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
pub struct Server {
    /// Output folder served.
    pub root: RwLock<PathBuf>,
    /// Live-reload channel.
    pub reloader: Reloader,
    connections: AtomicUsize,
}

impl Server {
    /// A server for the output folder `root`.
    pub fn new(root: PathBuf) -> Arc<Server> {
        Arc::new(Server {
            root: RwLock::new(root),
            reloader: Reloader::default(),
            connections: AtomicUsize::new(0),
        })
    }

    /// Binds `addr` and serves forever on background threads; returns the bound address.
    pub fn start(self: &Arc<Server>, addr: SocketAddr) -> Result<SocketAddr, Diagnostic> {
        let listener = TcpListener::bind(addr).map_err(|e| {
            Diagnostic::error("", format!("could not listen on {addr}: {e}"))
                .hint("choose another port with --port")
        })?;
        let bound = listener
            .local_addr()
            .map_err(|e| Diagnostic::error("", format!("{e}")))?;
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
        let mut reader = BufReader::new(read_half.take(MAX_HEAD as u64));
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).is_err() {
            return;
        }
        // Read (and bound) the header lines; we need none of them.
        let mut total = request_line.len();
        loop {
            let mut line = String::new();
            match reader.read_line(&mut line) {
                Ok(0) => {
                    if total >= MAX_HEAD {
                        return respond(
                            stream,
                            431,
                            "text/plain",
                            b"request header too large",
                            true,
                        );
                    }
                    return;
                }
                Ok(n) => {
                    total += n;
                    if line == "\r\n" || line == "\n" {
                        break;
                    }
                }
                Err(_) => return,
            }
        }
        let mut parts = request_line.split_whitespace();
        let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
            return respond(stream, 400, "text/plain", b"bad request", true);
        };
        let head_only = method == "HEAD";
        if method != "GET" && !head_only {
            return respond(stream, 405, "text/plain", b"method not allowed", true);
        }
        let path = target.split(['?', '#']).next().unwrap_or("/");
        if path == EVENTS_PATH {
            return self.events(stream);
        }
        let root = self
            .root
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        match resolve(&root, path) {
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
pub fn inject(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{RELOAD_SCRIPT}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{RELOAD_SCRIPT}").into_bytes(),
    }
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
            return Resolved::Redirect(format!("{decoded}/"));
        }
        path.push("index.html");
    }
    match path.canonicalize() {
        Ok(real) if real.starts_with(&canonical_root) && real.is_file() => Resolved::File(real),
        Ok(_) => Resolved::Forbidden,
        Err(_) => Resolved::NotFound,
    }
}

/// `%2e` -> `.`; `None` for malformed escapes or non-UTF-8 results.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
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
