# reportbot — Telegram bot image.
#   docker build -t reportbot .
#   docker run -d --name reportbot --restart unless-stopped \
#       --env-file .env -v reportbot-data:/data reportbot
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    REPORTBOT_HOME=/app \
    REPORTBOT_STATE_DB=/data/state.db \
    TZ=Asia/Seoul

WORKDIR /app

# Only what the package needs: never .env, .git, build/ or data/ from the checkout.
COPY pyproject.toml README.md* intents.yaml charts.yaml covid.yaml ./
COPY bot ./bot
COPY knowledge ./knowledge

# Install the package, then compile the knowledge database into /app/build at image build time
# (the running container only reads it).
RUN pip install . \
 && python -m bot build \
 && useradd --system --uid 10001 --user-group --home-dir /data --shell /usr/sbin/nologin reportbot \
 && mkdir -p /data \
 && chown reportbot:reportbot /data

# Question log (SQLite) lives in the volume; everything else in the image is read-only to the bot.
VOLUME ["/data"]
WORKDIR /data
USER reportbot

# Only used in webhook mode (python -m bot telegram --webhook URL --port 8443).
EXPOSE 8443
STOPSIGNAL SIGTERM

CMD ["python", "-m", "bot", "telegram"]
