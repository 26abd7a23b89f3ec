"""The public caches key every answer by all it depends on: a client is never served an answer
rendered for another format, language or host, nor a page carrying another visitor's CSRF token."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.middleware.csrf import get_token

from core.public_cache import cached_public_page

pytestmark = pytest.mark.django_db

def test_a_browsable_api_request_does_not_poison_the_json_answer(client, regions):
    html = client.get("/api/v1/regions/", HTTP_ACCEPT="text/html")
    assert html["Content-Type"].startswith("text/html")
    json_answer = client.get("/api/v1/regions/", HTTP_ACCEPT="application/json")
    assert json_answer["Content-Type"].startswith("application/json")
    assert {row["code"] for row in json_answer.json()["results"]} >= {"440300", "440100"}
    hit = client.get("/api/v1/regions/", HTTP_ACCEPT="application/json")
    assert hit["X-Cache"] == "hit" and hit["Content-Type"].startswith("application/json")
    assert "Accept" in hit["Vary"]  # and a shared cache in front is told so


def test_the_format_parameter_does_not_poison_the_cache_either(client, regions):
    assert client.get("/api/v1/regions/", {"format": "api"})["Content-Type"].startswith("text/html")
    assert client.get("/api/v1/regions/")["Content-Type"].startswith("application/json")
    assert client.get("/api/v1/regions/", {"format": "json"})["Content-Type"].startswith("application/json")
    again = client.get("/api/v1/regions/", {"format": "api"})
    assert again["Content-Type"].startswith("text/html") and "X-Cache" not in again


def test_an_answer_cached_in_one_language_is_not_served_in_another(client, regions):
    english = client.get("/api/v1/regions/", HTTP_COOKIE="django_language=en")
    assert english["X-Cache"] == "miss" and english["Content-Language"] == "en"
    client.cookies.clear()
    chinese = client.get("/api/v1/regions/")
    assert chinese["X-Cache"] == "miss" and chinese["Content-Language"] == "zh-hans"


def test_links_cached_for_one_host_are_not_served_to_another(client, regions, settings):
    settings.ALLOWED_HOSTS = ["one.example", "two.example"]
    first = client.get("/api/v1/regions/", {"page_size": 1}, HTTP_HOST="one.example").json()
    assert first["next"].startswith("http://one.example/")
    second = client.get("/api/v1/regions/", {"page_size": 1}, HTTP_HOST="two.example").json()
    assert second["next"].startswith("http://two.example/")


def test_a_page_that_rendered_a_csrf_token_is_not_cached_for_the_next_visitor(rf):
    @cached_public_page
    def page_with_a_form(request):
        return HttpResponse(f"<input name=csrfmiddlewaretoken value={get_token(request)}>")

    def visit(secret):
        request = rf.get("/a-page-with-a-form/", HTTP_COOKIE=f"csrftoken={secret}")
        request.user = AnonymousUser()
        request.COOKIES["csrftoken"] = secret
        request.META["CSRF_COOKIE"] = secret  # as CsrfViewMiddleware leaves it
        return page_with_a_form(request)

    first, second = visit("a" * 32), visit("b" * 32)
    assert "X-Cache" not in first and "X-Cache" not in second
    assert first.content != second.content


def test_pages_without_a_form_are_still_cached(client, regions):
    assert client.get("/regions/")["X-Cache"] == "miss"
    assert client.get("/regions/")["X-Cache"] == "hit"


def test_a_page_cached_in_one_language_is_not_served_in_another(client, regions):
    english = client.get("/regions/", HTTP_COOKIE="django_language=en")
    assert english["X-Cache"] == "miss" and english["Content-Language"] == "en"
    client.cookies.clear()
    chinese = client.get("/regions/")
    assert chinese["X-Cache"] == "miss" and "广东省" in chinese.content.decode()
    shared_link = client.get("/regions/", {"lang": "en"})
    assert shared_link["X-Cache"] == "miss" and shared_link["Content-Language"] == "en"
