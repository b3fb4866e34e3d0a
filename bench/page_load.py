"""The first visit on a slow phone (issue 15 item 12), measured in Chromium.

    python -m bench.page_load --json [--runs 3] [--no-throttle] [--nice -10]

Two live servers on loopback, each like `make run` (migrated SQLite, demo content,
``python -m server``): this branch as it is, and the baseline with ``IBASHO_STATIC_CACHE=off``
(static files plain, no compression, no Cache-Control: how /static was served before).
Debian's Chromium (Playwright) is throttled through the DevTools protocol like a slow phone:
150 ms latency, 1.6 Mbit/s down, 750 kbit/s up, CPU 4x slower. For each server and run:

- cold: a fresh browser profile opens /, clicks 「見てまわる」 as soon as it works;
- return: the same profile opens / again (the stored session brings it straight back in).

Figures (medians over the runs), per server:
  landing_usable_ms       navigation start -> 「見てまわる」 enabled
  space_ready_cold_ms     click -> the map has focus (the space is ready to walk)
  space_ready_return_ms   navigation start -> the map has focus, on the return visit
  space_live_cold_ms      click -> the socket is connected and the person's place known (their
                          avatar is in the next frame): walking works
  space_live_return_ms    the same from navigation start, on the return visit
  cold_bytes              bytes on the wire (encoded) for the cold visit through the space
  landing_bytes           of which before the landing worked
  layout_shift            cumulative layout shift of the cold visit (PerformanceObserver)
  modules_before_landing  JavaScript files fetched before the landing worked
  return_requests         requests that reached the server on the return visit (Chromium
                          reports a revalidated 304 as its cached 200, so they are not split)
  return_bytes            bytes on the wire for the return visit
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
SLOW_PHONE = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8,
              "uploadThroughput": 750_000 / 8}
CPU_SLOWDOWN = 4
TARGETS = {"landing_usable_ms": 1500, "space_ready_cold_ms": 2500, "space_ready_return_ms": 1200,
           "cold_bytes": 200_000, "layout_shift": 0.1}

# Runs in the page before any of its scripts: marks when the landing works and when the map
# has focus, counts the scripts fetched by then, and adds up layout shifts.
PROBE = """
(() => {
  const marks = window.__marks = { cls: 0 };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) marks.cls += e.value;
  }).observe({ type: "layout-shift", buffered: true });
  const scripts = () => performance.getEntriesByType("resource").filter((e) => /\\.m?js(\\?|$)/.test(e.name)).length;
  const check = () => {
    const enter = document.getElementById("enter-guest");
    if (marks.landing === undefined && enter && !enter.disabled && !enter.closest("[hidden]")) {
      marks.landing = performance.now();
      marks.landingScripts = scripts();
    }
    if (marks.ready === undefined && document.activeElement && document.activeElement.id === "map") {
      marks.ready = performance.now();
    }
    const map = document.getElementById("map");
    if (marks.live === undefined && map && map.dataset.connected === "true" && map.dataset.x !== undefined) {
      marks.live = performance.now();
    }
    if (marks.ready === undefined || marks.live === undefined) requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
  // The landing's buttons are enabled and shown in the same task that then starts fetching the
  // space ahead of the click: a mutation callback runs before any of those fetches completes,
  // so the scripts counted are the landing's own (a frame later some of the space's may be in).
  new MutationObserver(() => {
    const enter = document.getElementById("enter-guest");
    if (marks.landing === undefined && enter && !enter.disabled && !enter.closest("[hidden]")) {
      marks.landing = performance.now();
      marks.landingScripts = scripts();
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["hidden", "disabled"] });
})();
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``python -m server`` on a loopback port with its own migrated, seeded SQLite."""

    def __init__(self, data_dir: Path, **env: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "IBASHO_DATA_DIR": str(data_dir), "HOST": "127.0.0.1", "PORT": str(self.port),
                    "IBASHO_PUBLIC_URL": self.url, "IBASHO_ICE_HOST_ADDRESSES": "127.0.0.1", **env}
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        for step in ("migrate", "seed-demo"):
            subprocess.run([sys.executable, "-m", "server.cli", step], cwd=ROOT, env=self.env, check=True,
                           capture_output=True, timeout=180)
        self.proc = subprocess.Popen([sys.executable, "-m", "server"], cwd=ROOT, env=self.env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/readyz", timeout=1):
                    return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("the server did not become ready")

    def __exit__(self, *_exc) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


class Wire:
    """What travelled for one page, from the DevTools protocol's network events."""

    def __init__(self, page, throttle: bool):
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        if throttle:
            self.cdp.send("Network.emulateNetworkConditions", SLOW_PHONE)
            self.cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        self.bytes = 0
        self.requests = 0
        self.cdp.on("Network.loadingFinished", self._finished)
        self.cdp.on("Network.responseReceived", self._response)

    def _finished(self, event: dict) -> None:
        self.bytes += int(event.get("encodedDataLength", 0))

    def _response(self, event: dict) -> None:
        response = event["response"]
        if response.get("fromDiskCache") or response.get("fromServiceWorker") or response.get("fromPrefetchCache"):
            return
        if response["url"].startswith(("http://", "https://")):
            self.requests += 1


def wait_for_mark(page, name: str, timeout_s: float = 60.0) -> float:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = page.evaluate(f"window.__marks && window.__marks.{name}")
        if value is not None:
            return float(value)
        page.wait_for_timeout(25)
    raise TimeoutError(f"no {name} mark within {timeout_s} s")


def one_visit(browser, url: str, throttle: bool) -> dict:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ja-JP")
    context.add_init_script(PROBE)
    try:
        page = context.new_page()
        wire = Wire(page, throttle)
        page.goto(url, wait_until="commit")
        landing = wait_for_mark(page, "landing")
        landing_bytes = wire.bytes
        scripts = page.evaluate("window.__marks.landingScripts")
        clicked = page.evaluate("performance.now()")
        page.click("#enter-guest")
        ready = wait_for_mark(page, "ready")
        live = wait_for_mark(page, "live")
        page.wait_for_timeout(300)  # what arrives right after (the map's own images, late shifts)
        cold = {"landing_usable_ms": landing, "space_ready_cold_ms": ready - clicked, "space_live_cold_ms": live - clicked,
                "cold_bytes": wire.bytes, "landing_bytes": landing_bytes,
                "layout_shift": page.evaluate("window.__marks.cls"), "modules_before_landing": scripts}
        page.close()

        again = context.new_page()
        wire = Wire(again, throttle)
        again.goto(url, wait_until="commit")
        cold |= {"space_ready_return_ms": wait_for_mark(again, "ready"), "space_live_return_ms": wait_for_mark(again, "live"),
                 "return_requests": wire.requests, "return_bytes": wire.bytes}
        return cold
    finally:
        context.close()


def median_of(visits: list[dict]) -> dict:
    return {key: round(statistics.median(v[key] for v in visits), 3 if key == "layout_shift" else 0)
            for key in visits[0]}


def measure(runs: int, throttle: bool) -> dict:
    from playwright.sync_api import sync_playwright

    report: dict = {"runs": runs, "throttled": throttle, "niceness": os.nice(0),
                    "load_average_1m_at_start": os.getloadavg()[0],
                    "conditions": {**SLOW_PHONE, "cpu_slowdown": CPU_SLOWDOWN} if throttle else None}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM)
        try:
            for name, env in (("ibasho", {"IBASHO_STATIC_CACHE": "on"}), ("baseline", {"IBASHO_STATIC_CACHE": "off"})):
                with Server(Path(tmp) / name, **env) as server:
                    one_visit(browser, server.url, throttle=False)  # warm the server, not the browser
                    report[name] = median_of([one_visit(browser, server.url, throttle) for _ in range(runs)])
        finally:
            browser.close()
    report["meets_targets"] = {key: report["ibasho"][key] < limit for key, limit in TARGETS.items()}
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object (the default, kept for scripts)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-throttle", action="store_true", help="full speed (the smoke test)")
    parser.add_argument("--nice", type=int, default=0,
                        help="change this process's niceness first (inherited by the servers and Chromium; "
                             "negative needs root): for a machine shared with other work")
    args = parser.parse_args()
    if args.nice:
        os.nice(args.nice)
    print(json.dumps(measure(max(1, args.runs), throttle=not args.no_throttle)))


if __name__ == "__main__":
    main()
