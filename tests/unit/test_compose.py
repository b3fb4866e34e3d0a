"""docker-compose.yml is validated statically (no Docker engine on these machines)."""
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
ENV = {"POSTGRES_PASSWORD": "p", "IBASHO_SECRET": "s" * 48, "TURN_PASSWORD": "t", "PATH": "/usr/bin:/bin"}


def test_compose_file_matches_the_compose_spec():
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.compose-spec", str(COMPOSE)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_docker_compose_accepts_the_file():
    # Installed by .ci/system-deps.sh; catches bad types the JSON schema lets through.
    exe = shutil.which("docker-compose")
    assert exe, "docker-compose is missing: run `bash .ci/system-deps.sh`"
    result = subprocess.run([exe, "-f", str(COMPOSE), "config", "-q"], capture_output=True, text=True, env=ENV, cwd=ROOT)
    assert result.returncode == 0, result.stderr


def test_docker_compose_refuses_missing_secrets():
    result = subprocess.run([shutil.which("docker-compose"), "-f", str(COMPOSE), "config", "-q"],
                            capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"}, cwd=ROOT)
    assert result.returncode != 0 and "POSTGRES_PASSWORD" in result.stderr + result.stdout


def test_services_are_wired_together():
    spec = yaml.safe_load(COMPOSE.read_text())
    services = spec["services"]
    assert set(services) == {"ibasho", "postgres", "redis", "coturn"}
    env = services["ibasho"]["environment"]
    assert env["DATABASE_URL"].startswith("postgresql+asyncpg://") and "@postgres:5432/" in env["DATABASE_URL"]
    assert env["REDIS_URL"] == "redis://redis:6379/0"
    assert "turn:" in env["IBASHO_ICE_SERVERS"]
    assert services["ibasho"]["build"] == "." and (ROOT / "Dockerfile").exists()
    assert services["ibasho"]["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_dockerfile_migrates_before_serving():
    text = (ROOT / "Dockerfile").read_text()
    assert "python -m server.cli migrate && exec python -m server" in text
    for package in ("server", "rooms", "avatars", "moderation", "web_client"):
        assert f"COPY {package} ./{package}" in text
