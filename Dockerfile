# Ibasho server image. Build: docker build -t ibasho .
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    IBASHO_DATA_DIR=/data HOST=0.0.0.0 PORT=8080

RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home /app --uid 10001 ibasho

WORKDIR /app
COPY pyproject.toml README.md ./
COPY server ./server
COPY rooms ./rooms
COPY avatars ./avatars
COPY moderation ./moderation
COPY bench ./bench
COPY web_client ./web_client
RUN pip install --no-cache-dir . \
 && cd web_client && npm ci --omit=dev --no-audit --no-fund \
 && mkdir -p /data && chown ibasho /data

USER ibasho
VOLUME ["/data"]
EXPOSE 8080
# Migrations run before the server starts; the server refuses an un-migrated database.
CMD ["sh", "-c", "python -m server.cli migrate && exec python -m server"]
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request,os;urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\",\"8080\")}/readyz')"
