"""Every save of the standards admin goes through a service: new rows and edits, with their inline
rows, each leave an audit row, and what is public shows the edit at once. New comparisons and
translations start in their initial state with their first event, whatever the form posts."""

import pytest
from django.test import Client
from django.utils import timezone

from core.models import AuditAction, AuditEvent
from standards import services
from standards.models import (
    Comparison,
    ComparisonItem,
    ComparisonStatus,
    Recognition,
    Requirement,
    Standard,
    Translation,
    TranslationStatus,
)
from tests import factories
from verdict import Relation

from .admin_helpers import add_inline_row, admin_url, change_form_data, inline_prefix, messages_of

pytestmark = pytest.mark.django_db


def audited(model: str, obj) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(target_type=f"standards.{model}", target_id=str(obj.pk)).order_by("id"))


def test_a_comparison_added_in_the_admin_is_a_draft_with_its_rows_audited_and_its_first_event(
    office, office_client, library
):
    page = office_client.get(admin_url("comparison", "add"))
    assert "status" not in page.context["adminform"].form.fields
    data = change_form_data(page)
    data.update({
        "standard_a": library["gb"].pk, "standard_b": library["en"].pk, "kind": "comparison",
        "title_zh": "KN95 与 FFP2 比对", "conclusion_zh": "总体相当。",
        # Not fields of the form: posting them publishes nothing.
        "status": "published", "published_on": "2020-01-01", "_save": "保存",
    })
    add_inline_row(data, inline_prefix(page, ComparisonItem), {
        "label_zh": "过滤效率", "relation": Relation.STRICTER, "position": "0", "indicator": library["filtration"].pk,
    })
    add_inline_row(data, inline_prefix(page, Recognition), {"authority": "法国经济和财政部", "country": "FR"})

    response = office_client.post(admin_url("comparison", "add"), data)

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    comparison = Comparison.objects.get(title_zh="KN95 与 FFP2 比对")
    assert comparison.status == ComparisonStatus.DRAFT and comparison.published_on is None
    event = comparison.events.get()
    assert (event.from_status, event.to_status, event.actor) == ("", ComparisonStatus.DRAFT, office)
    assert [a.action for a in audited("comparison", comparison)] == [AuditAction.CREATED]
    assert audited("comparisonitem", comparison.items.get())[0].actor == office
    assert audited("recognition", comparison.recognitions.get())[0].actor == office
    change = office_client.get(admin_url("comparison", "change", comparison.pk))
    assert [d.name for d in change.context["review_decisions"]] == ["publish", "withdraw"]


def test_editing_a_published_comparison_and_its_items_shows_at_once(
    office, office_client, library, django_capture_on_commit_callbacks
):
    comparison = factories.ComparisonFactory(standard_a=library["gb"], standard_b=library["en"])
    services.comparison_publish(actor=office, comparison=comparison)
    anonymous = Client()
    anonymous.get(f"/comparisons/{comparison.pk}/")
    assert anonymous.get(f"/comparisons/{comparison.pk}/")["X-Cache"] == "hit"
    page = office_client.get(admin_url("comparison", "change", comparison.pk))
    data = change_form_data(page)
    data.update({"conclusion_zh": "KN95 的过滤效率要求严于 FFP2。", "_save": "保存"})
    add_inline_row(data, inline_prefix(page, ComparisonItem), {
        "label_zh": "总泄漏率", "relation": Relation.EQUAL, "position": "1",
    })

    with django_capture_on_commit_callbacks(execute=True):
        response = office_client.post(admin_url("comparison", "change", comparison.pk), data)

    assert response.status_code == 302
    comparison.refresh_from_db()
    assert comparison.status == ComparisonStatus.PUBLISHED
    (edit,) = [a for a in audited("comparison", comparison) if a.action == AuditAction.CHANGED]
    assert edit.changes == {"conclusion_zh": ["总体相当。", "KN95 的过滤效率要求严于 FFP2。"]}
    assert audited("comparisonitem", comparison.items.get(label_zh="总泄漏率"))
    body = anonymous.get(f"/comparisons/{comparison.pk}/").content.decode()
    assert "KN95 的过滤效率要求严于 FFP2。" in body and "总泄漏率" in body


def test_a_translation_added_in_the_admin_is_planned_with_its_first_event(office, office_client, library):
    page = office_client.get(admin_url("translation", "add"))
    data = change_form_data(page)
    data.update({"standard": library["gb"].pk, "language": "en", "batch": "2024年第一批",
                 "status": "published", "published_on": "2020-01-01", "_save": "保存"})
    response = office_client.post(admin_url("translation", "add"), data)
    assert response.status_code == 302
    translation = Translation.objects.get(batch="2024年第一批")
    assert translation.status == TranslationStatus.PLANNED and translation.published_on is None
    assert [(e.to_status, e.actor) for e in translation.events.all()] == [(TranslationStatus.PLANNED, office)]
    assert [a.action for a in audited("translation", translation)] == [AuditAction.CREATED]


def test_status_and_publication_date_cannot_be_posted_on_a_change(office_client, library):
    comparison = factories.ComparisonFactory(standard_a=library["gb"], standard_b=library["en"])
    data = change_form_data(office_client.get(admin_url("comparison", "change", comparison.pk)))
    data.update({"status": "published", "published_on": "2020-01-01", "_save": "保存"})
    office_client.post(admin_url("comparison", "change", comparison.pk), data)
    comparison.refresh_from_db()
    assert comparison.status == ComparisonStatus.DRAFT and comparison.published_on is None
    assert comparison.events.count() == 1


def test_editing_a_standard_title_is_audited_and_the_public_page_shows_it_at_once(
    office, office_client, library, django_capture_on_commit_callbacks
):
    standard = library["gb"]
    anonymous = Client()
    anonymous.get(f"/standards/{standard.pk}/")
    cached = anonymous.get(f"/standards/{standard.pk}/")
    assert cached["X-Cache"] == "hit" and "自吸过滤式防颗粒物呼吸器" in cached.content.decode()
    data = change_form_data(office_client.get(admin_url("standard", "change", standard.pk)))
    data.update({"title_zh": "呼吸防护 自吸过滤式防颗粒物呼吸器", "_save": "保存"})
    before = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        response = office_client.post(admin_url("standard", "change", standard.pk), data)

    assert response.status_code == 302
    (edit,) = audited("standard", standard)
    assert (edit.action, edit.actor, edit.actor_name) == (AuditAction.CHANGED, office, office.username)
    assert edit.changes == {"title_zh": ["自吸过滤式防颗粒物呼吸器", "呼吸防护 自吸过滤式防颗粒物呼吸器"]}
    assert edit.created_at >= before
    fresh = anonymous.get(f"/standards/{standard.pk}/")
    assert fresh["X-Cache"] == "miss" and "呼吸防护 自吸过滤式防颗粒物呼吸器" in fresh.content.decode()


def test_a_standard_is_added_and_given_requirements_in_the_admin(office, office_client, library):
    page = office_client.get(admin_url("standard", "add"))
    data = change_form_data(page)
    data.update({"code": "gb/t32610-2016", "kind": "gb_recommended", "title_zh": "日常防护型口罩技术规范",
                 "status": "in_force", "_save": "保存"})
    add_inline_row(data, inline_prefix(page, Requirement), {
        "indicator": library["filtration"].pk, "grade": "Ⅰ级", "minimum": "99", "unit": "%",
    })
    response = office_client.post(admin_url("standard", "add"), data)
    assert response.status_code == 302
    standard = Standard.objects.get(code="GB/T 32610-2016")
    assert (standard.prefix, standard.number, standard.year) == ("GB/T", "32610", 2016)
    assert [a.action for a in audited("standard", standard)] == [AuditAction.CREATED]
    requirement = standard.requirements.get()
    assert requirement.minimum == 99 and audited("requirement", requirement)[0].actor == office

    # Another spelling of the same code is no change; a new code brings its parsed parts along.
    change = admin_url("standard", "change", standard.pk)
    data = change_form_data(office_client.get(change))
    office_client.post(change, {**data, "code": "GB/T32610-2016", "_save": "保存"})
    assert len(audited("standard", standard)) == 1
    response = office_client.post(change, {**data, "code": "GB/T 32610-2021", "_save": "保存"})
    assert response.status_code == 302
    standard.refresh_from_db()
    assert (standard.code, standard.year) == ("GB/T 32610-2021", 2021)
    assert audited("standard", standard)[-1].changes == {"code": ["GB/T 32610-2016", "GB/T 32610-2021"]}


def test_a_standard_code_that_is_no_code_or_taken_is_a_form_error(office_client, library):
    page = office_client.get(admin_url("standard", "add"))
    data = {**change_form_data(page), "kind": "gb_recommended", "title_zh": "重复", "status": "in_force",
            "_save": "保存"}
    for code in ("GB2626-2019", "!!!"):
        response = office_client.post(admin_url("standard", "add"), {**data, "code": code})
        assert response.status_code == 200 and "code" in response.context["adminform"].form.errors, code
    assert Standard.objects.count() == 2


def test_a_city_office_reads_the_library_and_changes_nothing(city_a_client, library):
    client = city_a_client
    comparison = factories.ComparisonFactory(standard_a=library["gb"], standard_b=library["en"])
    assert client.get(admin_url("comparison", "change", comparison.pk)).status_code == 200
    assert client.get(admin_url("comparison", "add")).status_code == 403
    data = change_form_data(client.get(admin_url("standard", "change", library["gb"].pk)))
    response = client.post(admin_url("standard", "change", library["gb"].pk), {**data, "title_zh": "篡改"})
    assert response.status_code == 403
    library["gb"].refresh_from_db()
    assert library["gb"].title_zh == "自吸过滤式防颗粒物呼吸器" and not messages_of(response)


def test_the_other_library_rows_are_added_through_the_audited_path(office, office_client, library):
    tag = {"slug": "respirator", "group": "epidemic", "name_zh": "呼吸防护用品"}
    rows = [
        ("standardtag", tag),
        ("indicator", {"key": "exhalation", "name_zh": "呼气阻力", "unit": "Pa", "direction": "lower_better"}),
        ("requirement", {"standard": library["en"].pk, "indicator": library["filtration"].pk, "grade": "FFP2",
                         "minimum": "94", "unit": "%"}),
        ("internationalproposal", {"title_zh": "医用防护口罩 性能要求", "body": "ISO", "status": "submitted",
                                   "submitted_on": "2023-03-01"}),
    ]
    for model, values in rows:
        page = office_client.get(admin_url(model, "add"))
        response = office_client.post(admin_url(model, "add"), {**change_form_data(page), **values, "_save": "保存"})
        assert response.status_code == 302, model
        (created,) = AuditEvent.objects.filter(target_type=f"standards.{model}")
        assert (created.action, created.actor) == (AuditAction.CREATED, office), model
