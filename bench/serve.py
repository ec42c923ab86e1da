#!/usr/bin/env python3
"""Benchmark: edit-to-reload latency of `traction serve` on the 10,000-page site,
and the same body edit under `hugo server` as the peer.

Measures, for traction (release build): a one-page body edit to the SSE `reload`
event; a `data/` edit to the `reload` event; a no-op save to the `Unchanged`
line (and that no output file was rewritten). For Hugo: the same body edit to
its "Total in" rebuild log line. Usage: [TRACTION=binary] bench/serve.py [repeats]
"""
import os
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 10
work = tempfile.mkdtemp(prefix="traction-serve-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
subprocess.run([sys.executable, os.path.join(REPO, "bench/gen_site.py"), work], check=True, stdout=subprocess.DEVNULL)
# TRACTION=path measures a binary built already (e.g. another checkout's).
binary = os.environ.get("TRACTION")
if not binary:
    subprocess.run(["cargo", "build", "--release", "-q"], cwd=REPO, check=True)
    binary = os.path.join(REPO, "target/release/traction")
site = os.path.join(work, "traction")
os.makedirs(os.path.join(site, "data"), exist_ok=True)
economics = os.path.join(site, "data/economics.yaml")
with open(economics, "w") as f:
    f.write("cac: 5000\ngross_margin: 0.8\nexpected_lifetime_months: 54\npipeline: 600000\n")


def reader(stream, q):
    for line in iter(stream.readline, ""):
        q.put((time.perf_counter(), line.rstrip("\n")))


def wait_line(q, pattern, timeout=60):
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            t, line = q.get(timeout=0.1)
        except queue.Empty:
            continue
        if re.search(pattern, line):
            return t, line
    raise SystemExit(f"timed out waiting for {pattern!r}")


def sse(port, q):
    s = socket.create_connection(("127.0.0.1", port))
    # The server refuses other hosts (DNS rebinding): name it with its port.
    s.sendall(f"GET /__traction/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    buf = b""
    while True:
        data = s.recv(65536)
        if not data:
            return
        buf += data
        while b"\n\n" in buf:
            block, buf = buf.split(b"\n\n", 1)
            for line in block.decode().splitlines():
                if line.startswith("event: "):
                    q.put((time.perf_counter(), line[7:]))


def mtimes(root):
    out = {}
    for d, _, files in os.walk(root):
        for f in files:
            p = os.path.join(d, f)
            out[p] = os.stat(p).st_mtime_ns
    return out


page = os.path.join(site, "content/section-3/item-500.md")
proc = subprocess.Popen([binary, "serve", "--port", "0", "-v"], cwd=site, stdout=subprocess.PIPE,
                        stderr=subprocess.STDOUT, text=True)
lines = queue.Queue()
threading.Thread(target=reader, args=(proc.stdout, lines), daemon=True).start()
_, first = wait_line(lines, r"^Serving ")
port = int(first.rstrip("/").rsplit(":", 1)[1])
t_ready, _ = wait_line(lines, r"^Rebuilt site")
events = queue.Queue()
threading.Thread(target=sse, args=(port, events), daemon=True).start()
time.sleep(0.5)


def timed(action, wait):
    for q in (events, lines):
        while not q.empty():
            q.get()
    t0 = time.perf_counter()
    action()
    t, _ = wait()
    return (t - t0) * 1000


body = []
for i in range(repeats):
    body.append(timed(lambda: open(page, "a").write(f"\nEdit {i}.\n"),
                      lambda: wait_line(events, r"^reload$")))
    time.sleep(0.2)
data = []
for i in range(max(3, repeats // 3)):
    data.append(timed(lambda: open(economics, "a").write(f"# edit {i}\n"),
                      lambda: wait_line(events, r"^reload$")))
    time.sleep(0.3)
noop = []
out_dir = os.path.join(site, "output")
before = mtimes(out_dir)
for i in range(repeats):
    text = open(page).read()
    noop.append(timed(lambda: open(page, "w").write(text), lambda: wait_line(lines, r"^Unchanged")))
    time.sleep(0.2)
rewritten = sum(1 for p, m in mtimes(out_dir).items() if before.get(p) != m)
proc.kill()

print(f"traction serve, 10,000 pages ({repeats} repeats, medians; the debounce included):")
print(f"  body edit -> reload event: {statistics.median(body):6.1f} ms (min {min(body):.1f}, max {max(body):.1f})")
print(f"  data edit -> reload event: {statistics.median(data):6.1f} ms (min {min(data):.1f}, max {max(data):.1f})")
print(f"  no-op save -> done:        {statistics.median(noop):6.1f} ms, output files rewritten: {rewritten}")

if shutil.which("hugo"):
    hsite = os.path.join(work, "hugo")
    hpage = os.path.join(hsite, "content/section-3/item-500.md")
    h = subprocess.Popen(["hugo", "server", "-s", hsite, "--port", "0", "--bind", "127.0.0.1"],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    hl = queue.Queue()
    threading.Thread(target=reader, args=(h.stdout, hl), daemon=True).start()
    wait_line(hl, r"Web Server is available|Press Ctrl\+C", timeout=180)
    time.sleep(1)
    peer = []
    for i in range(repeats):
        while not hl.empty():
            hl.get()
        t0 = time.perf_counter()
        open(hpage, "a").write(f"\nEdit {i}.\n")
        t, _ = wait_line(hl, r"Total in")
        peer.append((t - t0) * 1000)
        time.sleep(0.5)
    h.kill()
    print(f"hugo server (fast render), same site: body edit -> rebuilt: {statistics.median(peer):6.1f} ms "
          f"(min {min(peer):.1f}, max {max(peer):.1f})")
else:
    print("hugo not installed: peer skipped")
shutil.rmtree(work, ignore_errors=True)
