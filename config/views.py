import logging

from django.conf import settings
from django.db import connection
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.api_errors import api_not_found
from core.upload_limits import UploadTooLarge

from .celery import app as celery_app

logger = logging.getLogger(__name__)


@require_safe
def switch_language(request):
    """The language switch as a plain link: public pages carry no CSRF token, so they can be cached
    and shared by every anonymous visitor. Choosing a language only sets a preference cookie."""
    language = request.GET.get("language", "")
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    if language in {code for code, _name in settings.LANGUAGES}:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE, secure=settings.LANGUAGE_COOKIE_SECURE,
        )
    return response


def bad_request(request, exception):
    """The 400 page; an upload refused for its size is a 413 that says which limit it passed."""
    if isinstance(exception, UploadTooLarge):
        return render(request, "413.html", {"reason": exception.message}, status=413)
    return defaults.bad_request(request, exception)


def page_not_found(request, exception):
    """The 404 page; under /api/ the API's JSON error instead of a page."""
    if request.path.startswith("/api/"):
        return api_not_found(request)
    return defaults.page_not_found(request, exception)


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
@require_safe
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
