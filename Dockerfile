# syntax=docker/dockerfile:1
#
# Production image. The same image runs the web process (gunicorn, the default command) and,
# with another command, the Celery worker and beat; docker-compose.yml wires them together.
#
#   docker build -t wijkteam .
#
# Settings come from environment variables at run time (see .env.example). Nothing secret is
# baked into the image.

ARG PYTHON_IMAGE=python:3.11-slim

# --- Build: dependencies into a virtualenv, translations compiled, static files collected ---
FROM ${PYTHON_IMAGE} AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH

# gettext provides msgfmt for compilemessages; it is not needed at run time.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

RUN python -m venv /opt/venv

WORKDIR /app

# The project is not an installable package (pyproject.toml has `packages = []`), so
# `pip install .` installs exactly its dependencies. Only pyproject.toml is copied for this
# step, so the layer stays cached until the dependencies change.
COPY pyproject.toml ./
RUN pip install . \
    && rm -rf build *.egg-info

COPY . .

# Local state that may sit in a working copy (.env with secrets, the virtualenv, the demo
# database) must never reach the image. This build stage is not part of the image, and the
# runtime stage copies /app from here only after this cleanup.
RUN rm -rf .env .env.* .venv .git .ci db.sqlite3 media staticfiles build *.egg-info \
        .pytest_cache .ruff_cache test-artifacts \
    && find . -name __pycache__ -type d -prune -exec rm -rf {} +

# The production settings refuse to load without SECRET_KEY and ACCESS_LOG_HMAC_KEY; these
# build steps need neither, so they get throwaway values that exist only for each command.
RUN if find . -path '*/locale/*' -name '*.po' -print -quit | grep -q .; then \
        DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=build-only-not-secret \
        ACCESS_LOG_HMAC_KEY=build-only-not-secret \
        python manage.py compilemessages; \
    fi
RUN DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=build-only-not-secret \
        ACCESS_LOG_HMAC_KEY=build-only-not-secret \
    python manage.py collectstatic --noinput \
    && python -m compileall -q /app

# --- Runtime --------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

# WeasyPrint renders PDFs with Pango and HarfBuzz (it loads them at run time); the fonts are
# what reports are set in when a stylesheet names no font that is installed.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
        fonts-liberation \
    && rm -rf /var/lib/apt/lists/*

# A fixed, unprivileged user. The code belongs to root and is read-only for it; the only
# place it writes is the media folder (a volume in docker-compose.yml).
RUN groupadd --system --gid 10001 wijkteam \
    && useradd --system --uid 10001 --gid wijkteam --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin wijkteam

COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
RUN mkdir -p /app/media && chown wijkteam:wijkteam /app/media

ENV VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    MEDIA_ROOT=/app/media \
    WEB_CONCURRENCY=3 \
    GUNICORN_CMD_ARGS="--bind=0.0.0.0:8000 --worker-tmp-dir=/dev/shm --access-logfile=-"

WORKDIR /app
USER wijkteam
EXPOSE 8000

# GET /healthz answers 200 when the database (and the broker, when configured) answer. Django
# checks the Host header against ALLOWED_HOSTS, so the probe sends the first allowed host
# name. /healthz is exempt from the HTTPS redirect (config/settings/production.py).
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as r; h = os.environ.get('ALLOWED_HOSTS', '').split(',')[0].strip().lstrip('.'); h = h if h and h != '*' else 'localhost'; r.urlopen(r.Request('http://127.0.0.1:8000/healthz', headers={'Host': h}), timeout=8)"]

# gunicorn reads its options from GUNICORN_CMD_ARGS and the number of worker processes from
# WEB_CONCURRENCY; override either in the environment.
CMD ["gunicorn", "config.wsgi:application"]
