//! `traction serve` as a real process on loopback, hit with real HTTP requests
//! and a real Server-Sent Events stream.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use common::*;

struct Served {
    child: Child,
    port: u16,
    lines: Receiver<String>,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(root: &Path) -> Served {
    let mut child = Command::new(env!("CARGO_BIN_EXE_traction"))
        .args(["serve", "--port", "0", "--debounce", "20"])
        .current_dir(root)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, lines) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let tx2 = tx.clone();
    std::thread::spawn(move || {
        BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .for_each(|l| drop(tx.send(l)))
    });
    std::thread::spawn(move || {
        BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
            .for_each(|l| drop(tx2.send(l)))
    });
    let first = lines
        .recv_timeout(Duration::from_secs(30))
        .expect("serve prints a first line");
    let url = first
        .strip_prefix("Serving ")
        .unwrap_or_else(|| panic!("first line is `{first}`"));
    let port = url
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let served = Served { child, port, lines };
    wait_for_line(&served, "Rebuilt site");
    // The first build's own `reload *` goes out right after that line; let it pass
    // before a test subscribes, so a test's first event is the one it caused.
    std::thread::sleep(Duration::from_millis(300));
    served
}

fn wait_for_line(s: &Served, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Ok(line) = s.lines.recv_timeout(Duration::from_millis(100))
            && line.contains(needle)
        {
            return line;
        }
    }
    panic!("no line containing `{needle}`");
}

/// Sends a raw request; returns (status, body).
fn request(port: u16, raw_path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET {raw_path} HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response
        .split_whitespace()
        .nth(1)
        .unwrap_or("0")
        .parse()
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Opens the event stream; events arrive as (name, data).
fn events(port: u16) -> Receiver<(String, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET /__traction/events HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n"
    )
    .unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut name = String::new();
        let mut data = Vec::new();
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if let Some(n) = line.strip_prefix("event: ") {
                name = n.to_string();
            } else if let Some(d) = line.strip_prefix("data:") {
                data.push(d.trim_start().to_string());
            } else if line.is_empty() && !name.is_empty() {
                if tx
                    .send((std::mem::take(&mut name), data.join("\n")))
                    .is_err()
                {
                    return;
                }
                data.clear();
            }
        }
    });
    std::thread::sleep(Duration::from_millis(200));
    rx
}

fn next_event(s: &Served, rx: &Receiver<(String, String)>) -> (String, String) {
    match rx.recv_timeout(Duration::from_secs(20)) {
        Ok(e) => e,
        Err(_) => panic!(
            "no event within 20 s; the server printed:
{}",
            printed(s)
        ),
    }
}

/// Everything the server printed so far (for failure messages).
fn printed(s: &Served) -> String {
    s.lines.try_iter().collect::<Vec<_>>().join("\n")
}

/// The next event named `name`, skipping others (a save can arrive as two batches).
fn wait_event(s: &Served, rx: &Receiver<(String, String)>, name: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        let (n, data) = next_event(s, rx);
        if n == name {
            return data;
        }
    }
    panic!("no `{name}` event");
}

/// The served profile's output equals a clean build of the same sources, byte for byte.
fn assert_live_equals_clean_build(root: &Path) {
    let clean = tempfile::tempdir().unwrap();
    let out = traction(
        root,
        &[
            "build",
            "--profile",
            "internal",
            "--out",
            clean.path().to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let live = snapshot(&root.join("output/internal"));
    let fresh = snapshot(&clean.path().join("internal"));
    let differing: Vec<&String> = fresh
        .keys()
        .filter(|k| live.get(*k) != fresh.get(*k))
        .collect();
    assert!(
        differing.is_empty() && live.len() == fresh.len(),
        "live output differs from a clean build: {differing:?}"
    );
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn serves_with_reload_hook_and_refuses_every_traversal() {
    let site = example_site();
    std::fs::write(site.path().join("secret.txt"), "top secret").unwrap();
    let s = serve(site.path());
    let (status, body) = request(s.port, "/plans/week-10/");
    assert_eq!(status, 200);
    assert!(
        body.contains("data-traction-live-reload"),
        "served HTML has the reload hook"
    );
    let built =
        std::fs::read_to_string(site.path().join("output/internal/plans/week-10/index.html"))
            .unwrap();
    assert!(
        !built.contains("data-traction-live-reload"),
        "built output has no reload hook"
    );
    for bad in [
        "/../secret.txt",
        "/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/..%2f..%2fsecret.txt",
        "/plans/..%5c..%5c..%5csecret.txt",
        "/..\\..\\secret.txt",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/C:/Windows/win.ini",
        "/plans/%00",
    ] {
        let (status, body) = request(s.port, bad);
        assert!(
            status == 403 || status == 404 || status == 400,
            "{bad}: {status}"
        );
        assert!(
            !body.contains("top secret") && !body.contains("root:"),
            "{bad} leaked"
        );
    }
    let (status, body) = request(s.port, "/no/such/page/");
    assert_eq!(status, 404);
    assert!(
        body.contains("data-traction-live-reload"),
        "the 404 page is served and reloads too"
    );
}

#[test]
fn edits_reload_the_browser_and_broken_front_matter_shows_an_error_until_fixed() {
    let site = example_site();
    let s = serve(site.path());
    let rx = events(s.port);
    let page = site.path().join("content/plans/week-11.md");
    std::fs::write(
        &page,
        std::fs::read_to_string(&page).unwrap() + "\nA brand new closing line.\n",
    )
    .unwrap();
    let (name, data) = next_event(&s, &rx);
    assert_eq!(name, "reload");
    assert!(data.contains("/plans/week-11/"), "{data}");
    assert!(
        request(s.port, "/plans/week-11/")
            .1
            .contains("A brand new closing line.")
    );

    edit(&page, "week: 11", "week: eleven");
    let (name, data) = next_event(&s, &rx);
    assert_eq!(name, "error");
    assert!(data.contains("content/plans/week-11.md:"), "{data}");
    assert!(
        request(s.port, "/plans/week-11/")
            .1
            .contains("A brand new closing line."),
        "last good page still served"
    );
    // A browser that connects now still sees the error.
    let late = events(s.port);
    assert_eq!(next_event(&s, &late).0, "error");

    edit(&page, "week: eleven", "week: 11");
    let data = wait_event(&s, &rx, "reload");
    assert_eq!(data.trim(), "*", "fixing the error reloads everything");
}

#[test]
fn deleting_a_page_removes_it_from_the_listing_and_renaming_data_updates_pages() {
    let site = example_site();
    let extra = site.path().join("content/playbooks/win-loss.md");
    std::fs::write(&extra, "---\ntitle: Win/loss review\n---\nBody.\n").unwrap();
    let s = serve(site.path());
    let rx = events(s.port);
    assert!(
        request(s.port, "/playbooks/")
            .1
            .contains("href=\"win-loss/index.html\"")
    );
    std::fs::remove_file(&extra).unwrap();
    let data = wait_event(&s, &rx, "reload");
    let listing = request(s.port, "/playbooks/").1;
    assert!(
        !listing.contains("win-loss"),
        "reload `{data}` but the listing still has the page; server:\n{}",
        printed(&s)
    );
    assert_eq!(request(s.port, "/playbooks/win-loss/").0, 404);

    // The stand-up page reads data.standup: renaming the file empties it, renaming back restores it.
    assert!(request(s.port, "/standup/").1.contains("CTO"));
    std::fs::rename(
        site.path().join("data/standup.csv"),
        site.path().join("data/standup-old.csv"),
    )
    .unwrap();
    let _ = next_event(&s, &rx);
    let body = request(s.port, "/standup/").1;
    assert!(
        !body.contains("Week 10 ·") || !body.contains("today-"),
        "stand-up rows gone after rename"
    );
    std::fs::rename(
        site.path().join("data/standup-old.csv"),
        site.path().join("data/standup.csv"),
    )
    .unwrap();
    assert_eq!(next_event(&s, &rx).0, "reload");
    assert!(request(s.port, "/standup/").1.contains("CTO"));
}

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

#[test]
fn five_hundred_edits_leave_the_server_alive_lean_and_equal_to_a_clean_build() {
    if !Path::new("/proc/self/status").exists() {
        eprintln!("skipping: no /proc to read memory from");
        return;
    }
    let site = example_site();
    let s = serve(site.path());
    let rx = events(s.port);
    let week = site.path().join("content/plans/week-12.md");
    let original = std::fs::read_to_string(&week).unwrap();
    let extra = site.path().join("content/playbooks/scratch.md");
    let mut baseline = 0;
    for n in 0..500 {
        // Mostly body edits (the common case), with broken and fixed front
        // matter, added and deleted pages along the way.
        match n % 10 {
            3 => {
                std::fs::write(&week, original.replace("week: 12", "week: twelve")).unwrap();
                wait_event(&s, &rx, "error");
                std::fs::write(&week, original.clone() + &format!("\nEdit {n}.\n")).unwrap();
                wait_event(&s, &rx, "reload");
            }
            6 => {
                std::fs::write(&extra, format!("---\ntitle: Scratch {n}\n---\nNotes.\n")).unwrap();
                wait_event(&s, &rx, "reload");
            }
            8 if extra.exists() => {
                std::fs::remove_file(&extra).unwrap();
                wait_event(&s, &rx, "reload");
            }
            _ => {
                std::fs::write(&week, original.clone() + &format!("\nEdit {n}.\n")).unwrap();
                wait_event(&s, &rx, "reload");
            }
        }
        if n == 49 {
            baseline = rss_kib(s.child.id());
        }
    }
    let (status, body) = request(s.port, "/plans/week-12/");
    assert_eq!(status, 200);
    assert!(body.contains("Edit 499."), "the last edit is served");
    let after = rss_kib(s.child.id());
    assert!(
        after <= baseline + baseline / 10,
        "memory grew from {baseline} KiB to {after} KiB"
    );

    // The live output equals a clean build of the same sources.
    assert_live_equals_clean_build(site.path());
}

#[test]
fn a_stylesheet_edit_swaps_the_stylesheet_without_a_page_reload() {
    let site = example_site();
    let s = serve(site.path());
    let rx = events(s.port);
    let css = site.path().join("themes/default/static/css/site.css");
    std::fs::write(
        &css,
        std::fs::read_to_string(&css).unwrap() + "\n.traction-test { color: red; }\n",
    )
    .unwrap();
    let data = wait_event(&s, &rx, "reload");
    assert_eq!(
        data.trim(),
        "/css/site.css",
        "only the stylesheet is named, so browsers swap it in place"
    );
    assert!(
        request(s.port, "/css/site.css")
            .1
            .contains(".traction-test")
    );
}

#[test]
fn huge_headers_slow_clients_floods_and_malformed_requests_leave_it_serving() {
    let site = example_site();
    let s = serve(site.path());
    // A header far over the 16 KiB limit is refused, not buffered.
    let mut big = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    let _ = write!(
        big,
        "GET / HTTP/1.1\r\nX-Big: {}\r\n\r\n",
        "a".repeat(1 << 20)
    );
    let mut reply = String::new();
    let _ = big.read_to_string(&mut reply);
    assert!(
        reply.is_empty() || reply.starts_with("HTTP/1.1 431") || reply.starts_with("HTTP/1.1 400"),
        "{}",
        &reply[..reply.len().min(80)]
    );
    // Slow clients that never finish their request hold a thread, not the server.
    let slow: Vec<TcpStream> = (0..50)
        .map(|_| {
            let mut c = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
            c.write_all(b"GET / HT").unwrap();
            c
        })
        .collect();
    // Malformed request lines and targets.
    for raw in [
        "\r\n\r\n",
        "GARBAGE\r\n\r\n",
        "GET\r\n\r\n",
        "POST / HTTP/1.1\r\n\r\n",
        "GET %%%% HTTP/1.1\r\n\r\n",
        "GET /\u{0}\u{1} HTTP/1.1\r\n\r\n",
    ] {
        let mut c = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
        c.write_all(raw.as_bytes()).unwrap();
        let mut out = String::new();
        let _ = c.read_to_string(&mut out);
        assert!(!out.starts_with("HTTP/1.1 200"), "{raw:?} -> {out}");
    }
    // Hundreds of connections at once.
    let flood: Vec<std::thread::JoinHandle<u16>> = (0..300)
        .map(|_| {
            let port = s.port;
            std::thread::spawn(move || request(port, "/plans/week-10/").0)
        })
        .collect();
    let ok = flood
        .into_iter()
        .filter_map(|h| h.join().ok())
        .filter(|&st| st == 200 || st == 503)
        .count();
    assert_eq!(ok, 300);
    drop(slow);
    assert_eq!(request(s.port, "/").0, 200, "still serving");
}

#[test]
fn a_data_edit_rerenders_the_pages_that_show_kpis_and_matches_a_clean_build() {
    let site = example_site();
    let s = serve(site.path());
    let rx = events(s.port);
    assert!(request(s.port, "/").1.contains("$125,000"));
    let customers = site.path().join("data/customers.yaml");
    edit(&customers, "acv: 50000", "acv: 60000");
    let data = wait_event(&s, &rx, "reload");
    assert!(
        data.split_whitespace().any(|u| u == "/"),
        "the home page shows ARR: {data}"
    );
    assert!(data.contains("/kpis.json"), "{data}");
    assert!(
        !data.contains("/playbooks/reference-call-script/"),
        "pages without data are left alone: {data}"
    );
    assert!(request(s.port, "/").1.contains("$135,000"));
    assert_live_equals_clean_build(site.path());
}

#[test]
fn a_runaway_template_edit_is_stopped_and_a_later_edit_is_applied() {
    let site = example_site();
    let s = serve(site.path());
    let rx = events(s.port);
    let page = site.path().join("content/plans/week-11.md");
    let original = std::fs::read_to_string(&page).unwrap();
    let bombs = [
        "{% set_global s = \"abcd\" %}{% for i in range(end=40) %}{% set_global s = s ~ s %}{% endfor %}{{ s | length }}",
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}",
    ];
    for (n, bomb) in bombs.iter().enumerate() {
        std::fs::write(&page, format!("{original}\n{bomb}\n")).unwrap();
        let data = wait_event(&s, &rx, "error");
        assert!(
            data.contains("content/plans/week-11.md") && data.contains("it was stopped"),
            "{data}"
        );
        let fixed = format!("Fixed after bomb {n}.");
        std::fs::write(&page, format!("{original}\n{fixed}\n")).unwrap();
        wait_event(&s, &rx, "reload");
        let (status, body) = request(s.port, "/plans/week-11/");
        assert_eq!(status, 200);
        assert!(body.contains(&fixed), "the later edit is served");
    }
}
/// Sends raw bytes as a request; returns the whole response (lossy text) or
/// the error that ended the read (a reset).
fn raw_exchange(port: u16, raw: &[u8]) -> Result<String, std::io::Error> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    // The server may answer before reading everything: a failed write is fine.
    let _ = stream.write_all(raw);
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;
    Ok(String::from_utf8_lossy(&response).into_owned())
}

#[test]
fn hosts_other_than_this_server_are_refused_against_dns_rebinding() {
    let site = example_site();
    let s = serve(site.path());
    let port = s.port;
    for host in [
        "rebind.evil.example".to_string(),
        format!("rebind.evil.example:{port}"),
        "localhost".to_string(),
        format!("localhost:{}", port.wrapping_add(1)),
        format!("192.168.1.20:{port}"),
    ] {
        let reply = raw_exchange(
            port,
            format!("GET /investors/series-a/ HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes(),
        )
        .unwrap();
        assert!(reply.starts_with("HTTP/1.1 421"), "{host}: {reply}");
        assert!(
            !reply.contains("Series A"),
            "{host}: internal edition leaked"
        );
    }
    let reply = raw_exchange(port, b"GET / HTTP/1.1\r\n\r\n").unwrap();
    assert!(reply.starts_with("HTTP/1.1 421"), "no Host: {reply}");
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("LOCALHOST:{port}"),
    ] {
        let reply = raw_exchange(
            port,
            format!("GET / HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes(),
        )
        .unwrap();
        assert!(reply.starts_with("HTTP/1.1 200"), "{host}: {reply}");
    }
}

#[test]
fn folder_redirects_never_name_another_host() {
    let site = example_site();
    let s = serve(site.path());
    for (path, to) in [
        ("//case-studies", "/case-studies/"),
        ("///case-studies", "/case-studies/"),
        ("/case-studies", "/case-studies/"),
    ] {
        let reply = raw_exchange(
            s.port,
            format!("GET {path} HTTP/1.1\r\nHost: localhost:{}\r\n\r\n", s.port).as_bytes(),
        )
        .unwrap();
        assert!(reply.starts_with("HTTP/1.1 301"), "{path}: {reply}");
        assert!(
            reply.contains(&format!("\r\nLocation: {to}\r\n")),
            "{path}: {reply}"
        );
    }
}

#[test]
fn broken_and_overlong_request_lines_get_400_and_414_not_silence_or_a_reset() {
    let site = example_site();
    let s = serve(site.path());
    let reply = raw_exchange(s.port, b"GET /\xff\xfe HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    assert!(reply.starts_with("HTTP/1.1 400"), "{reply:?}");
    let long = format!(
        "GET /{} HTTP/1.1\r\nHost: localhost:{}\r\n\r\n",
        "a".repeat(20_000),
        s.port
    );
    let reply = raw_exchange(s.port, long.as_bytes()).expect("an answer, not a reset");
    assert!(reply.starts_with("HTTP/1.1 414"), "{reply:?}");
    assert_eq!(request(s.port, "/").0, 200, "still serving");
}
