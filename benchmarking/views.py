import logging

from django.db import connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import selectors
from .celery import app as celery_app

logger = logging.getLogger(__name__)


@require_GET
def home(request):
    return render(request, "home.html", {"figures": selectors.participation_figures()})


def favicon(request):
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_broker() -> str:
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


@never_cache
@require_GET
def healthz(request):
    """Liveness and readiness in one: the database answers and the broker accepts connections."""
    checks = {}
    healthy = True
    for name, check in (("database", _check_database), ("broker", _check_broker)):
        try:
            checks[name] = check()
        except Exception as error:  # any failure of a dependency is "unhealthy", never a 500
            logger.warning("health check %s failed: %s", name, error)
            checks[name] = f"error: {error.__class__.__name__}"
            healthy = False
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)
