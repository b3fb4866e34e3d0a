"""docker-compose.yml is validated statically (no Docker engine on these machines)."""
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
ENV = {"POSTGRES_PASSWORD": "p", "IBASHO_SECRET": "s" * 48, "TURN_SECRET": "t" * 48, "PATH": "/usr/bin:/bin"}


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
    # TURN credentials are minted per seat: the public list holds STUN only, coturn and the
    # server share a secret, and no static TURN user exists anywhere.
    assert "stun:" in env["IBASHO_ICE_SERVERS"] and "credential" not in env["IBASHO_ICE_SERVERS"]
    assert env["IBASHO_TURN_URLS"].startswith("turn:") and env["IBASHO_TURN_SECRET"].startswith("${TURN_SECRET:?")
    coturn = services["coturn"]["command"]
    assert "--use-auth-secret" in coturn and any(a.startswith("--static-auth-secret=${TURN_SECRET:?") for a in coturn)
    assert not any(a.startswith(("--user", "--lt-cred-mech")) for a in coturn)
    assert services["ibasho"]["build"] == "." and (ROOT / "Dockerfile").exists()
    assert services["ibasho"]["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_dockerfile_migrates_before_serving():
    text = (ROOT / "Dockerfile").read_text()
    assert "python -m server.cli migrate && exec python -m server" in text
    for package in ("server", "rooms", "avatars", "moderation", "web_client"):
        assert f"COPY {package} ./{package}" in text


def test_the_servers_environment_starts_with_expiring_turn_credentials(tmp_path):
    # The file as docker-compose renders it, read by the real settings: the static coturn user
    # that once reached anyone through GET /api/voice/config cannot come back.
    from server.settings import Settings
    from server.voice.turn import TurnConfig

    result = subprocess.run([shutil.which("docker-compose"), "-f", str(COMPOSE), "config"],
                            capture_output=True, text=True, env=ENV, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    env = yaml.safe_load(result.stdout)["services"]["ibasho"]["environment"]
    settings = Settings.from_env({**env, "IBASHO_DATA_DIR": str(tmp_path)})
    assert settings.ice_servers == [{"urls": "stun:turn.example.jp:3478"}]
    assert TurnConfig.from_settings(settings) == TurnConfig(
        urls=("turn:turn.example.jp:3478?transport=udp", "turn:turn.example.jp:3478?transport=tcp"),
        secret="t" * 48, ttl_seconds=7200)
