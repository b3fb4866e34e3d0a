# Ibasho: `make run` serves the space on http://127.0.0.1:8080 (SQLite, no other service);
# `make test` does the same set-up and runs every test. Both work on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
DEPS_STAMP := $(VENV)/.deps-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
NPM_STAMP  := web_client/node_modules/.stamp-$(shell cat web_client/package-lock.json | cksum | cut -d' ' -f1)

.PHONY: run test setup setup-test migrate seed serve unit integration e2e webrtc clean

run: setup migrate seed serve

setup: $(DEPS_STAMP) $(NPM_STAMP)

$(DEPS_STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.deps-* && touch $@

$(NPM_STAMP): web_client/package.json web_client/package-lock.json
	cd web_client && npm ci --no-audit --no-fund --loglevel=error
	touch $@

migrate: setup
	$(PY) -m server.cli migrate

seed: migrate
	$(PY) -m server.cli seed-demo

serve:
	$(PY) -m server

# Test set-up: the same as run's, plus the system parts the suite drives (Chromium for
# Playwright, docker-compose for the compose-file check) and the services it talks to.
setup-test: setup
	bash .ci/system-deps.sh
	bash .ci/services.sh

# Most tests run in parallel workers (they wait on I/O far more than they compute).
# WebRTC tests run in a network namespace that has only loopback, so no media packet can
# leave 127.0.0.1 (PostgreSQL is not reachable there: those tests use SQLite).
PYTEST := $(PY) -m pytest -q -p no:cacheprovider
# The realtime files again with the fast path off (server/realtime/engine_overrides.py), on
# SQLite only: the fast path is the Socket.IO layer, which does not change with the database
# (the first run covers both databases), and this halves the second run (170 of 314 tests).
REALTIME := $(addprefix tests/integration/test_,space_realtime.py desk_realtime.py consult_realtime.py \
	lean_websocket.py malformed_frames.py live_access.py fuzz_sockets.py)
# The WebRTC files whose offers travel over Socket.IO (/consult), run again with the fast path
# off (test_voice_relay.py drives aiortc directly, without sockets). Measured on a loaded 2-core
# machine: the whole -m webrtc run 159 s, this second run 90 s (4 tests).
WEBRTC_SIGNALLED := tests/integration/test_consult_voice.py tests/e2e/test_consult_voice.py
test: setup-test
	$(PYTEST) tests -m "not webrtc" -n 3 --dist loadfile
	$(PYTEST) $(REALTIME) --fast-path=off -m "not webrtc" -k "not postgresql" -n 3 --dist loadfile
	unshare -n sh -c 'ip link set lo up && exec $(PYTEST) tests -m webrtc'
	unshare -n sh -c 'ip link set lo up && exec $(PYTEST) $(WEBRTC_SIGNALLED) -m webrtc --fast-path=off'
	cd web_client && node --test ../tests/web_client/

unit: setup
	$(PY) -m pytest tests/unit -q

clean:
	rm -rf $(VENV) web_client/node_modules data
