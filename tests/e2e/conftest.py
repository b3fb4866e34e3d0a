"""Browser tests: the real server in a subprocess (migrated SQLite + demo content) and
Debian's Chromium driven by Playwright's sync API."""
from __future__ import annotations

import atexit
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.conftest import fast_path
from tests.waiting import within_sync

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"

# CI runs three test workers, each with a server and Chromium, on two cores: a step the page
# shows in well under a second on a quiet machine has taken longer than expect's default 5 s.
# A passing expect returns as soon as its condition holds, so only a failure waits this long.
expect.set_options(timeout=15_000)


# A migrated data dir with the demo content, made once per test process: each server's data dir
# starts as a copy (migrating and seeding cost a few seconds of CPU per server, ~40 servers a run).
SEEDED: list[Path] = []


def seeded_template(env: dict) -> Path:
    if not SEEDED:
        template = Path(tempfile.mkdtemp(prefix="ibasho-seeded-"))
        atexit.register(shutil.rmtree, template, True)
        for command in ("migrate", "seed-demo"):
            done = subprocess.run([sys.executable, "-m", "server.cli", command], cwd=ROOT, capture_output=True,
                                  text=True, timeout=120, env={**env, "IBASHO_DATA_DIR": str(template)})
            assert done.returncode == 0, done.stderr
        SEEDED.append(template)
    return SEEDED[0]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    def __init__(self, data_dir: Path, **env):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "IBASHO_DATA_DIR": str(data_dir), "HOST": "127.0.0.1", "PORT": str(self.port),
                    "IBASHO_PUBLIC_URL": self.url, "IBASHO_ICE_HOST_ADDRESSES": "127.0.0.1",
                    # fresh guests chat at once in these tests; the real 10 minutes: test_sanctions_appeals
                    "IBASHO_NEW_ACCOUNT_WARMUP_SECONDS": "0",
                    # --fast-path=off reaches the server processes too, not only the in-process apps
                    "IBASHO_FAST_PATH": "on" if fast_path() else "off", **env}
        self.proc: subprocess.Popen | None = None

    def cli(self, *args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "server.cli", *args], cwd=ROOT, env=self.env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def start(self) -> "LiveServer":
        data_dir = Path(self.env["IBASHO_DATA_DIR"])
        if (data_dir / "ibasho.db").exists() or "DATABASE_URL" in self.env:  # a database of the test's own
            self.cli("migrate")
            self.cli("seed-demo")
        else:  # a fresh one: a copy of the seeded template (its own secret.key is made at start)
            template = seeded_template(self.env)
            data_dir.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(template / "ibasho.db", data_dir / "ibasho.db")
            shutil.copytree(template / "board_images", data_dir / "board_images", dirs_exist_ok=True)
        for _ in range(3):
            if self._serve():
                return self
            # Another test's server took the port between free_port() and our bind: move on.
            self.proc = None
            self.log.close()
            self.port = free_port()
            self.url = f"http://127.0.0.1:{self.port}"
            self.env.update(PORT=str(self.port), IBASHO_PUBLIC_URL=self.url)
        raise RuntimeError("no free port for the server after three tries")

    def _serve(self) -> bool:
        """Start the process and wait until it serves: False if its port was taken."""
        log_path = Path(self.env["IBASHO_DATA_DIR"]) / "server.log"
        self.log = open(log_path, "w")
        self.proc = subprocess.Popen([sys.executable, "-m", "server"], cwd=ROOT, env=self.env,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        serving = f"serving on {self.url}"
        exited = []

        def ready() -> bool:
            # Ours, not another test's server on a port free_port() saw free: our process must
            # be alive and must have said it serves on this port.
            if self.proc.poll() is not None:
                exited.append(log_path.read_text(errors="replace"))
                return True
            if serving not in log_path.read_text(errors="replace"):
                return False
            try:
                with urllib.request.urlopen(self.url + "/readyz", timeout=1) as resp:
                    return resp.status == 200
            except OSError:
                return False

        # a loaded 2-core machine starts slowly; a healthy one in ~3 s
        if not within_sync(ready, 60, step=0.2):
            raise RuntimeError("server did not become ready: " + log_path.read_text(errors="replace"))
        if exited:
            if "address already in use" in exited[0].lower():
                return False
            raise RuntimeError("server exited: " + exited[0])
        return True

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("live")).start()
    yield server
    server.stop()


# Module scope: the sync Playwright API keeps an event loop running in this thread while it
# is open, so it must be closed before the async tests of the next module run.
@pytest.fixture(scope="module")
def playwright_instance():
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM,
        args=["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
              "--allow-loopback-in-peer-connection"],
    )
    yield browser
    browser.close()


@pytest.fixture
def new_context(browser):
    contexts = []

    def make(**kwargs):
        kwargs.setdefault("viewport", {"width": 1280, "height": 800})
        kwargs.setdefault("locale", "ja-JP")
        ctx = browser.new_context(**kwargs)
        contexts.append(ctx)
        return ctx

    yield make
    for ctx in contexts:
        ctx.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
