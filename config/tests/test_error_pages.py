"""Every error a visitor can meet is the platform's Chinese page, with no debug data."""

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client
from django.urls import path

from config.urls import urlpatterns as site_patterns


def bad_request(request):
    raise SuspiciousOperation("a forged request")


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("secret internals")


urlpatterns = [
    path("test-errors/400/", bad_request),
    path("test-errors/403/", forbidden),
    path("test-errors/500/", broken),
    *site_patterns,
]


@pytest.mark.parametrize(("path", "status", "title"), [
    ("/test-errors/400/", 400, "请求无效"),
    ("/test-errors/403/", 403, "无权访问"),
    ("/no-such-page/", 404, "页面不存在"),
    ("/test-errors/500/", 500, "服务器错误"),
])
def test_errors_are_chinese_pages_without_debug_data(settings, db, path, status, title):
    settings.ROOT_URLCONF = __name__
    assert settings.DEBUG is False
    client = Client(raise_request_exception=False)
    response = client.get(path)
    body = response.content.decode()
    assert response.status_code == status
    assert '<html lang="zh-CN">' in body and f"{status} · {title}" in body
    assert "Traceback" not in body and "secret internals" not in body and "a forged request" not in body
    assert "bootstrap.min.css" in body  # in the site's look
