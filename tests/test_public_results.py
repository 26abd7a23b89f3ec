"""Public result pages: only published results, filters, keyset pages, detail with the verdict."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from results import services
from tests.helpers import forget_public_pages, make_results

pytestmark = pytest.mark.django_db


def test_list_shows_only_published_and_filters(client, plan, enterprise_user_a, enterprise_user_b, office):
    published = make_results(enterprise_user_a, plan, 2, publish=True, office=office)
    draft = make_results(enterprise_user_b, plan, 1, publish=False, office=office)[0]
    page = client.get("/results/").content.decode()
    for result in published:
        assert f'data-result="{result.pk}"' in page
    assert f'data-result="{draft.pk}"' not in page
    assert client.get(f"/results/{draft.pk}/").status_code == 404
    services.result_withdraw(actor=enterprise_user_a, result=published[0], reason="停产")
    page = client.get("/results/", {"province": "440000"}).content.decode()
    assert f'data-result="{published[0].pk}"' not in page and f'data-result="{published[1].pk}"' in page
    assert client.get("/results/", {"level": "no-such-level"}).status_code == 404
    assert enterprise_user_a.enterprise.contact_email not in page


def test_list_costs_the_same_whatever_the_number_of_rows(
    client, plan, enterprise_user_a, enterprise_user_b, office
):
    counts = []
    for user, added in ((enterprise_user_a, 1), (enterprise_user_b, 5)):
        make_results(user, plan, added, publish=True, office=office)
        forget_public_pages()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/results/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert not any("OFFSET" in q["sql"].upper() for q in queries.captured_queries)


def test_detail_shows_every_indicator_against_every_standard(client, plan, enterprise_user_a, office):
    result = make_results(enterprise_user_a, plan, 1, publish=True, office=office)[0]
    page = client.get(f"/results/{result.pk}/").content.decode()
    assert "GB 2626-2019" in page and "过滤效率" in page and "≥ 95" in page
    assert 'data-level="leading"' in page or 'data-level="attained"' in page
    english = client.get(f"/results/{result.pk}/", {"lang": "en"}).content.decode()
    assert "Product benchmarking result" in english


def test_detail_names_the_category_and_the_plan_in_english(client, plan, enterprise_user_a, office):
    result = make_results(enterprise_user_a, plan, 1, publish=True, office=office)[0]
    category, technical_plan = result.category, result.plan_version.plan
    category.name_en, technical_plan.title_en = "Particulate respirators", "Benchmarking plan for respirators"
    category.save(update_fields=["name_en"])
    technical_plan.save(update_fields=["title_en"])
    english = client.get(f"/results/{result.pk}/", {"lang": "en"}).content.decode()
    assert "Particulate respirators" in english and "Benchmarking plan for respirators" in english
    chinese = client.get(f"/results/{result.pk}/").content.decode()
    assert category.name_zh in chinese and technical_plan.title_zh in chinese
