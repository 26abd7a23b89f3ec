# One image for web, worker and beat (docker-compose.yml picks the command).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VAR_DIR=/var/lib/campaign MEDIA_ROOT=/var/lib/campaign/media

RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /app campaign \
    && mkdir -p /var/lib/campaign/media && chown -R campaign /var/lib/campaign

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# Collected with the production storage (hashed, compressed names); the values are build-time only.
RUN DJANGO_ENV=production SECRET_KEY=build-only ALLOWED_HOSTS=build REDIS_URL=redis://build \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 python manage.py collectstatic --noinput \
    && chown -R campaign /var/lib/campaign

USER campaign
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
