"""Public result pages: only published results, filters, keyset pages, detail with the verdict."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarking.models import Industry
from core.public_cache import Area, renew_now
from results import services
from tests import factories
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


def test_the_industry_filter_lists_each_section_then_its_divisions_and_marks_the_chosen_one(client):
    textiles = factories.manufacturing_division()  # C 制造业, then 17 纺织业
    Industry.objects.filter(pk=textiles.pk).update(name_en="Textiles <woven>")
    page = client.get("/results/", {"industry": "17"}).content.decode()
    assert '<option value="C">C 制造业</option>\n<option value="17" selected>&emsp;17 纺织业</option>' in page
    forget_public_pages()
    page = client.get("/results/", {"industry": "C"}).content.decode()
    assert '<option value="C" selected>C 制造业</option>' in page and '<option value="17">' in page
    english = client.get("/results/", {"industry": "17", "lang": "en"}).content.decode()
    assert '<option value="17" selected>&emsp;17 Textiles &lt;woven&gt;</option>' in english
    # Renamed by a reference load, the menu says so at once (it was a fragment cached for an hour).
    Industry.objects.filter(pk=textiles.pk).update(name_zh="纺织服装业")
    renew_now(Area.PLACES)
    page = client.get("/results/", {"industry": "17"}).content.decode()
    assert '<option value="17" selected>&emsp;17 纺织服装业</option>' in page


def test_a_level_badge_is_in_the_language_of_the_page_it_is_on():
    from django.template import engines
    from django.utils import translation

    badge = engines["django"].from_string('{% load portal_tags %}{% level_badge level %}')
    shown = []
    for language in ("zh-hans", "en", "zh-hans"):
        with translation.override(language):
            shown.append(badge.render({"level": "attained"}))
    assert shown == ['<span class="badge level-badge level-attained" data-level="attained">达标</span>',
                     '<span class="badge level-badge level-attained" data-level="attained">Attained</span>',
                     '<span class="badge level-badge level-attained" data-level="attained">达标</span>']
    with translation.override("en"):
        assert badge.render({"level": ""}) == '<span class="text-secondary">—</span>'
        assert 'data-level="&lt;b&gt;"' in badge.render({"level": "<b>"})  # unknown: escaped, as is


def test_a_list_row_names_the_result_in_the_visitors_language_escaped_with_its_local_day(
        client, respirator_plan, enterprise_a):
    import datetime as dt
    import re

    from tests import public_scene as scene

    # 17:30 UTC on New Year's Eve is 01:30 on 1 January in China: the row gives China's day.
    at = dt.datetime(2023, 12, 31, 17, 30, tzinfo=dt.UTC)
    result = scene.results(respirator_plan, [enterprise_a], 1, name=lambda n: "<b>口罩</b>", brand="A&B",
                           published_at=at, level="leading")[0]
    category = respirator_plan.plan.category
    for region, english in ((enterprise_a.province, "Guangdong"), (enterprise_a.city, "Shenzhen")):
        region.name_en = english
        region.save(update_fields=["name_en"])
    renew_now()

    def row(page: str) -> list[str]:
        found = re.search(rf'<tr data-result="{result.pk}">(.*?)</tr>', page, re.S)
        return [re.sub(r"\s+", " ", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", found.group(1), re.S)]

    chinese = row(client.get("/results/").content.decode())
    assert chinese == [
        f'<a href="/results/{result.pk}/">&lt;b&gt;口罩&lt;/b&gt; A&amp;B</a>', enterprise_a.name, category.name_zh,
        "广东省 · 深圳市", '<span class="badge level-badge level-leading" data-level="leading">领先</span>',
        respirator_plan.plan.code, "2024-01-01",
    ]
    english = row(client.get("/results/", {"lang": "en"}).content.decode())
    assert english[2:5] == [category.name_en, "Guangdong · Shenzhen",
                            '<span class="badge level-badge level-leading" data-level="leading">Leading</span>']
    assert client.get("/results/", {"province": "110000"}).content.decode().count("没有符合条件的已发布结果。") == 1
