#!/usr/bin/env python3
"""Starts a Tauri app once under tauri-driver (WebDriver, as the end-to-end tests do) and
reports how long it took from the app's process start to its first screen, and the memory
of the app's whole process tree.

Contract:
  app-probe.py APP [--ready-css CSS] [--screenshot FILE] [--settle S]
  - needs DISPLAY (Xvfb) and tauri-driver on PATH or in $TAURI_DRIVER, which it starts on
    two free ports of 127.0.0.1 (so it never meets a test run's 4444/4445); the app gets
    $SYMPTOM_DIARY_DB and XDG dirs from the environment as given;
  - "first screen" is the first moment an element matching CSS exists in the page (with
    no --ready-css: document.readyState is "complete"), polled every 10 ms; the start is
    the app process's own start time (/proc/PID/stat), so WebDriver's own set-up is not
    counted;
  - memory is the PSS (proportional set size, /proc/PID/smaps_rollup) summed over the app
    and every process below it (WebKit's web and network processes), taken --settle
    seconds (default 2) after the first screen;
  - with --screenshot, writes the WebDriver screenshot of the first screen (PNG) and
    counts its distinct colours; with --min-colors N it takes screenshots until one has at
    least N (WebKit may paint a moment after the element exists), and a window still
    blank after 20 s is a failure;
  - prints one JSON line: {"start_ms": ..., "pss_kb": ..., "processes": N, "colors": N};
    exit status 0 on success, 1 when the app did not show its first screen within 60 s
    or its screenshot has too few colours.
"""
import argparse, base64, json, os, signal, socket, subprocess, sys, time, urllib.request



def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


DRIVER, NATIVE = free_port(), free_port()
TICKS = os.sysconf("SC_CLK_TCK")


def port_open(port):
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) == 0


def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{DRIVER}{path}", data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.load(r)["value"]


def uptime():
    with open("/proc/uptime") as f:
        return float(f.read().split()[0])


def stat(pid):
    with open(f"/proc/{pid}/stat") as f:
        text = f.read()
    fields = text[text.rindex(")") + 2:].split()
    return int(fields[1]), int(fields[19])  # ppid, starttime (ticks since boot)


def children():
    tree = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                tree.setdefault(stat(int(d))[0], []).append(int(d))
            except OSError:
                pass
    return tree


def find_app(app, root):
    """The process running `app` below `root` (tauri-driver, then WebKitWebDriver)."""
    target, tree, todo = os.path.realpath(app), children(), [root]
    while todo:
        pid = todo.pop()
        try:
            if os.readlink(f"/proc/{pid}/exe") == target:
                return pid
        except OSError:
            pass
        todo.extend(tree.get(pid, []))
    return None


def pss_kb(pid):
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            if line.startswith("Pss:"):
                return int(line.split()[1])
    return 0


def png_colors(data):
    """The number of distinct pixel values of an 8-bit, non-interlaced RGB(A) PNG."""
    import struct, zlib
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
            if depth != 8 or ctype not in (2, 6) or interlace:
                raise ValueError("unexpected PNG format")
            bpp = 4 if ctype == 6 else 3
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw, stride, prev, seen = zlib.decompress(idat), width * bpp, None, set()
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        up = prev or bytearray(stride)
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            ul = up[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + left) & 255
            elif f == 2:
                line[i] = (line[i] + up[i]) & 255
            elif f == 3:
                line[i] = (line[i] + ((left + up[i]) >> 1)) & 255
            elif f == 4:
                pa, pb, pc = abs(up[i] - ul), abs(left - ul), abs(left + up[i] - 2 * ul)
                pred = left if pa <= pb and pa <= pc else (up[i] if pb <= pc else ul)
                line[i] = (line[i] + pred) & 255
        prev = line
        seen.update(bytes(line[i:i + bpp]) for i in range(0, stride, bpp))
    return len(seen)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("app")
    ap.add_argument("--ready-css")
    ap.add_argument("--screenshot")
    ap.add_argument("--settle", type=float, default=2.0)
    ap.add_argument("--min-colors", type=int, default=0)
    a = ap.parse_args()
    driver = os.environ.get("TAURI_DRIVER", "tauri-driver")
    proc = subprocess.Popen([driver, "--port", str(DRIVER), "--native-port", str(NATIVE)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        deadline = time.time() + 30
        while not (port_open(DRIVER) and port_open(NATIVE)):
            if time.time() > deadline:
                sys.exit("app-probe: tauri-driver did not start")
            time.sleep(0.05)
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "wry", "tauri:options": {"application": a.app}}}}
        session = call("POST", "/session", caps)["sessionId"]
        if a.ready_css:
            script = "return !!document.querySelector(arguments[0]);"
            args = [a.ready_css]
        else:
            script = "return document.readyState === 'complete';"
            args = []
        deadline = time.time() + 60
        while True:
            try:
                ok = call("POST", f"/session/{session}/execute/sync",
                          {"script": script, "args": args}) is True
            except Exception:
                ok = False
            if ok:
                ready = uptime()
                break
            if time.time() > deadline:
                print("app-probe: no first screen within 60 s", file=sys.stderr)
                sys.exit(1)
            time.sleep(0.01)
        pid = find_app(a.app, proc.pid)
        if pid is None:
            sys.exit("app-probe: the app's process was not found")
        start_ms = (ready - stat(pid)[1] / TICKS) * 1000
        if a.screenshot:
            # The element can exist a moment before WebKit paints it: take screenshots
            # until one has the colours of a drawn screen (or 20 s have passed).
            deadline = time.time() + 20
            while True:
                png = base64.b64decode(call("GET", f"/session/{session}/screenshot"))
                colors = png_colors(png)
                if colors >= a.min_colors or time.time() > deadline:
                    break
                time.sleep(0.25)
            with open(a.screenshot, "wb") as f:
                f.write(png)
            if colors < a.min_colors:
                print(f"app-probe: the first screen has {colors} colours after 20 s (a blank window?)",
                      file=sys.stderr)
                sys.exit(1)
        else:
            colors = None
        time.sleep(a.settle)
        tree, todo, total, count = children(), [pid], 0, 0
        while todo:
            p = todo.pop()
            try:
                total += pss_kb(p)
                count += 1
            except OSError:
                pass
            todo.extend(tree.get(p, []))
        print(json.dumps({"start_ms": round(start_ms, 1), "pss_kb": total, "processes": count,
                          "colors": colors}))
        try:
            call("DELETE", f"/session/{session}")
        except Exception:
            pass
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        deadline = time.time() + 10
        while (port_open(DRIVER) or port_open(NATIVE)) and time.time() < deadline:
            time.sleep(0.1)


if __name__ == "__main__":
    main()
