"""Comparisons and translations are published and withdrawn only by the campaign office's
decisions in the admin (COMPARISON_WORKFLOW, TRANSLATION_WORKFLOW): each decision leaves an event
row with its actor and time, and the public pages and the API, cached until something is
published, show the change at once."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from standards import services
from standards.models import (
    Comparison,
    ComparisonEvent,
    ComparisonStatus,
    Translation,
    TranslationEvent,
    TranslationStatus,
)
from tests import factories

from .admin_helpers import admin_url, messages_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def comparison(regions):
    """A draft comparison of GB 2626-2019 with EN 149, made as the admin makes one."""
    return factories.ComparisonFactory(standard_a=factories.gb2626(), standard_b=factories.en149(),
                                       title_zh="KN95 与 FFP2 比对")


@pytest.fixture
def translation(regions):
    gb = factories.StandardFactory(code="GB 19083-2010", kind="gb_mandatory", title_zh="医用防护口罩技术要求")
    return factories.TranslationFactory(standard=gb, language="fr", batch="2024年第一批")


def warm(client, address: str) -> str:
    """Fetch a public page twice as the public does; the second answer comes from the cache."""
    client.get(address)
    response = client.get(address)
    assert response.status_code == 200 and response["X-Cache"] == "hit", address
    return response.content.decode()


def api_ids(client, address: str) -> set[int]:
    return {row["id"] for row in client.get(address, {"format": "json"}).json()["results"]}


def decide(client, model: str, obj, decision: str, reason: str = ""):
    return client.post(admin_url(model, "review", obj.pk), {"decision": decision, "reason": reason})


# --- comparisons -----------------------------------------------------------------------------------

def test_a_new_comparison_is_a_draft_with_its_first_event_and_not_public(comparison, anonymous_client):
    assert comparison.status == ComparisonStatus.DRAFT and comparison.published_on is None
    assert [(e.from_status, e.to_status) for e in comparison.events.all()] == [("", ComparisonStatus.DRAFT)]
    assert anonymous_client.get(f"/comparisons/{comparison.pk}/").status_code == 404
    assert comparison.pk not in api_ids(anonymous_client, "/api/v1/comparisons/")


def test_the_office_publishes_a_comparison_and_the_cached_public_pages_show_it_at_once(
    comparison, office, office_client, anonymous_client, django_capture_on_commit_callbacks
):
    listing = warm(anonymous_client, "/comparisons/")
    assert comparison.title_zh not in listing
    page = office_client.get(admin_url("comparison", "change", comparison.pk))
    assert [d.name for d in page.context["review_decisions"]] == ["publish", "withdraw"]
    before = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        response = decide(office_client, "comparison", comparison, "publish")

    assert response.status_code == 302
    comparison.refresh_from_db()
    assert comparison.status == ComparisonStatus.PUBLISHED and comparison.published_on == timezone.localdate()
    event = comparison.events.order_by("-id").first()
    assert (event.from_status, event.to_status, event.actor, event.actor_name) == (
        ComparisonStatus.DRAFT, ComparisonStatus.PUBLISHED, office, office.username)
    assert before <= event.created_at <= timezone.now()
    fresh = anonymous_client.get("/comparisons/")
    assert fresh["X-Cache"] == "miss" and f'data-comparison="{comparison.pk}"' in fresh.content.decode()
    detail = anonymous_client.get(f"/comparisons/{comparison.pk}/")
    assert detail.status_code == 200 and "KN95 与 FFP2 比对" in detail.content.decode()
    assert comparison.pk in api_ids(anonymous_client, "/api/v1/comparisons/")
    standard_page = anonymous_client.get(f"/standards/{comparison.standard_a_id}/").content.decode()
    assert f'data-comparison="{comparison.pk}"' in standard_page


def test_comparisons_are_published_in_bulk_from_the_list(office, office_client, comparison):
    other = factories.ComparisonFactory(standard_a=comparison.standard_b, standard_b=comparison.standard_a)
    response = office_client.post(admin_url("comparison", "changelist"), {
        "action": "publish_selected", "_selected_action": [comparison.pk, other.pk], "index": 0,
    })
    assert response.status_code == 302
    assert set(Comparison.objects.values_list("status", flat=True)) == {ComparisonStatus.PUBLISHED}
    assert ComparisonEvent.objects.filter(to_status=ComparisonStatus.PUBLISHED, actor=office).count() == 2


def test_a_city_office_cannot_publish_or_withdraw(comparison, city_a_client, city_office_a, office):
    page = city_a_client.get(admin_url("comparison", "change", comparison.pk))
    assert page.status_code == 200 and page.context["review_decisions"] == []
    assert decide(city_a_client, "comparison", comparison, "publish").status_code == 403
    city_a_client.post(admin_url("comparison", "changelist"), {
        "action": "publish_selected", "_selected_action": [comparison.pk], "index": 0,
    })
    comparison.refresh_from_db()
    assert comparison.status == ComparisonStatus.DRAFT
    services.comparison_publish(actor=office, comparison=comparison)
    assert decide(city_a_client, "comparison", comparison, "withdraw", "越权").status_code == 403
    with pytest.raises(services.TransitionRefused):
        services.comparison_withdraw(actor=city_office_a, comparison=comparison, reason="越权")
    comparison.refresh_from_db()
    assert comparison.status == ComparisonStatus.PUBLISHED
    assert not comparison.events.filter(actor=city_office_a).exists()


def test_withdrawing_needs_a_reason_and_takes_the_comparison_off_the_public_pages_and_the_api(
    comparison, office, office_client, anonymous_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.comparison_publish(actor=office, comparison=comparison)
    detail = f"/comparisons/{comparison.pk}/"
    warm(anonymous_client, detail)
    assert f'data-comparison="{comparison.pk}"' in warm(anonymous_client, "/comparisons/")
    assert comparison.pk in api_ids(anonymous_client, "/api/v1/comparisons/")

    response = decide(office_client, "comparison", comparison, "withdraw", "   ")
    assert response.status_code == 302 and any("理由" in m for m in messages_of(response))
    comparison.refresh_from_db()
    assert comparison.status == ComparisonStatus.PUBLISHED
    assert not comparison.events.filter(to_status=ComparisonStatus.WITHDRAWN).exists()

    with django_capture_on_commit_callbacks(execute=True):
        decide(office_client, "comparison", comparison, "withdraw", "比对所依据的标准已修订")

    comparison.refresh_from_db()
    assert comparison.status == ComparisonStatus.WITHDRAWN
    event = comparison.events.order_by("-id").first()
    assert (event.to_status, event.reason, event.actor) == (
        ComparisonStatus.WITHDRAWN, "比对所依据的标准已修订", office)
    assert anonymous_client.get(detail).status_code == 404
    assert f'data-comparison="{comparison.pk}"' not in anonymous_client.get("/comparisons/").content.decode()
    assert comparison.pk not in api_ids(anonymous_client, "/api/v1/comparisons/")
    assert anonymous_client.get(f"/api/v1/comparisons/{comparison.pk}/").status_code == 404


def test_published_again_a_comparison_keeps_the_date_it_was_first_made_public(comparison, office):
    first_day = dt.date(2021, 3, 1)
    services.comparison_publish(actor=office, comparison=comparison)
    Comparison.objects.filter(pk=comparison.pk).update(published_on=first_day)
    services.comparison_withdraw(actor=office, comparison=comparison, reason="待更正")
    services.comparison_publish(actor=office, comparison=comparison)
    comparison.refresh_from_db()
    assert comparison.status == ComparisonStatus.PUBLISHED and comparison.published_on == first_day
    assert [e.to_status for e in comparison.events.all()] == ["draft", "published", "withdrawn", "published"]
    with pytest.raises(services.TransitionRefused):
        services.comparison_publish(actor=office, comparison=comparison)


def test_a_comparison_is_never_created_published(comparison, office):
    made = Comparison(standard_a=comparison.standard_b, standard_b=comparison.standard_a, kind="equivalence",
                      title_zh="越过审核", conclusion_zh="相当", status=ComparisonStatus.PUBLISHED,
                      published_on=dt.date(2024, 1, 1))
    with pytest.raises(ValidationError):
        services.comparison_create(actor=office, instance=made)
    assert not Comparison.objects.filter(title_zh="越过审核").exists()


# --- translations ----------------------------------------------------------------------------------

def test_the_office_starts_and_publishes_a_translation_and_the_cached_list_shows_it_at_once(
    translation, office, office_client, anonymous_client, django_capture_on_commit_callbacks
):
    assert [(e.from_status, e.to_status) for e in translation.events.all()] == [("", TranslationStatus.PLANNED)]
    listing = warm(anonymous_client, "/standards/translations/")
    assert f'data-translation="{translation.pk}"' not in listing
    page = office_client.get(admin_url("translation", "change", translation.pk))
    assert [d.name for d in page.context["review_decisions"]] == ["start", "publish", "cancel"]

    with django_capture_on_commit_callbacks(execute=True):
        decide(office_client, "translation", translation, "start")
    translation.refresh_from_db()
    assert translation.status == TranslationStatus.IN_PROGRESS
    listing = anonymous_client.get("/standards/translations/").content.decode()
    assert f'data-translation="{translation.pk}"' not in listing

    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        decide(office_client, "translation", translation, "publish")

    translation.refresh_from_db()
    assert translation.status == TranslationStatus.PUBLISHED and translation.published_on == timezone.localdate()
    event = translation.events.order_by("-id").first()
    assert (event.from_status, event.to_status, event.actor, event.actor_name) == (
        TranslationStatus.IN_PROGRESS, TranslationStatus.PUBLISHED, office, office.username)
    assert before <= event.created_at <= timezone.now()
    fresh = anonymous_client.get("/standards/translations/")
    assert fresh["X-Cache"] == "miss"
    assert f'data-translation="{translation.pk}"' in fresh.content.decode() and "2024年第一批" in fresh.content.decode()
    assert translation.pk in api_ids(anonymous_client, "/api/v1/translations/")


def test_a_planned_translation_is_published_at_once_and_bulk(office, office_client, translation):
    other = factories.TranslationFactory(standard=translation.standard, language="ru")
    office_client.post(admin_url("translation", "changelist"), {
        "action": "publish_selected", "_selected_action": [translation.pk, other.pk], "index": 0,
    })
    assert set(Translation.objects.values_list("status", flat=True)) == {TranslationStatus.PUBLISHED}
    assert set(TranslationEvent.objects.filter(actor=office).values_list("from_status", "to_status")) == {
        (TranslationStatus.PLANNED, TranslationStatus.PUBLISHED)}


def test_a_city_office_cannot_publish_a_translation(translation, city_a_client, city_office_a):
    page = city_a_client.get(admin_url("translation", "change", translation.pk))
    assert page.status_code == 200 and page.context["review_decisions"] == []
    assert decide(city_a_client, "translation", translation, "publish").status_code == 403
    with pytest.raises(services.TransitionRefused):
        services.translation_publish(actor=city_office_a, translation=translation)
    translation.refresh_from_db()
    assert translation.status == TranslationStatus.PLANNED and translation.published_on is None
    assert translation.events.count() == 1


# --- nothing with a history is deleted -----------------------------------------------------------------

def test_a_draft_comparison_not_wanted_is_withdrawn_with_a_reason_not_deleted(comparison, office, office_client):
    assert office_client.get(admin_url("comparison", "delete", comparison.pk)).status_code == 403
    actions = office_client.get(admin_url("comparison", "changelist")).context["action_form"].fields["action"]
    assert "delete_selected" not in {choice for choice, _label in actions.choices}

    refused = decide(office_client, "comparison", comparison, "withdraw", "")
    assert "必须填写理由" in " ".join(messages_of(refused))
    comparison.refresh_from_db()
    assert comparison.status == ComparisonStatus.DRAFT
    assert decide(office_client, "comparison", comparison, "withdraw", "录入有误").status_code == 302

    comparison.refresh_from_db()
    assert comparison.status == ComparisonStatus.WITHDRAWN and comparison.published_on is None
    assert [(e.from_status, e.to_status, e.reason) for e in comparison.events.order_by("id")] == [
        ("", ComparisonStatus.DRAFT, ""), (ComparisonStatus.DRAFT, ComparisonStatus.WITHDRAWN, "录入有误")]


def test_a_translation_plan_dropped_is_cancelled_with_a_reason_and_stays_off_the_public_pages(
    translation, office, office_client, anonymous_client
):
    assert office_client.get(admin_url("translation", "delete", translation.pk)).status_code == 403
    services.translation_start(actor=office, translation=translation)

    assert decide(office_client, "translation", translation, "cancel", "委托方撤回申请").status_code == 302

    translation.refresh_from_db()
    assert translation.status == TranslationStatus.CANCELLED and translation.published_on is None
    event = translation.events.order_by("-id").first()
    assert (event.from_status, event.to_status, event.reason, event.actor) == (
        TranslationStatus.IN_PROGRESS, TranslationStatus.CANCELLED, "委托方撤回申请", office)
    assert translation.pk not in api_ids(anonymous_client, "/api/v1/translations/")
    with pytest.raises(services.TransitionRefused):
        services.translation_publish(actor=office, translation=translation)
