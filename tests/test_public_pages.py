"""The public disclosure pages: every filter filters, details show the right things, bad input is a
404 (never a 500), and nothing unpublished or personal shows. Costs and languages are in
test_public_pages_cost.py; the exhaustive "never public" sweep in test_unpublished_never_public.py."""

import base64
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.models import ReviewStatus
from standards.models import ComparisonStatus, TranslationStatus
from tests import public_scene as scene
from thirdparty.models import AccreditationStatus

pytestmark = pytest.mark.django_db


def rows(page: str, kind: str) -> set[str]:
    """The ids of the rows of a list page (``data-<kind>="…"`` on each <tr>)."""
    return set(re.findall(rf'<tr data-{kind}="([^"]+)"', page))


def get(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, (url, params, response.status_code)
    return response.content.decode()


def ids(*objects) -> set[str]:
    return {str(o.pk) for o in objects}


# --- Results --------------------------------------------------------------------------------------

def test_result_filters(client, world):
    r = world["results"]
    every = ids(*r.values())
    assert rows(get(client, "/results/"), "result") == every
    assert rows(get(client, "/results/", category_name="口罩"), "result") == ids(r["mask_leading"], r["mask_attained"])
    assert rows(get(client, "/results/", category_name="Smart"), "result") == ids(r["toilet"])
    assert rows(get(client, "/results/", q="口罩"), "result") == ids(r["mask_leading"], r["mask_attained"])
    assert rows(get(client, "/results/", q="甲牌"), "result") == ids(r["mask_leading"])
    assert rows(get(client, "/results/", province="110000"), "result") == ids(r["toilet"])
    assert rows(get(client, "/results/", province="440000", city="440300"), "result") == ids(r["mask_leading"])
    assert rows(get(client, "/results/", industry="38"), "result") == ids(r["toilet"])
    assert rows(get(client, "/results/", industry="C"), "result") == every  # a section: all its divisions
    assert rows(get(client, "/results/", level="leading"), "result") == ids(r["mask_leading"])
    assert rows(get(client, "/results/", plan=world["toilet_plan"].plan.code), "result") == ids(r["toilet"])
    assert rows(get(client, "/results/", category="PC-17-001"), "result") == ids(r["mask_leading"], r["mask_attained"])
    enterprise = world["enterprise_c"]
    for value in ("北京丙", enterprise.uscc):
        assert rows(get(client, "/results/", enterprise=value), "result") == ids(r["toilet"]), value
    # Digits are an id or a code's first digits: the enterprise's id finds its results (and those of
    # any enterprise whose code starts with the same digits).
    assert ids(r["toilet"]) <= rows(get(client, "/results/", enterprise=str(enterprise.pk)), "result")


def test_result_sorting_and_the_city_list_of_the_chosen_province(client, world):
    r = world["results"]
    newest = get(client, "/results/")
    oldest = get(client, "/results/", sort="oldest")
    order = [str(r[k].pk) for k in ("toilet", "mask_attained", "mask_leading")]
    assert re.findall(r'<tr data-result="(\d+)"', newest) == order
    assert re.findall(r'<tr data-result="(\d+)"', oldest) == order[::-1]
    page = get(client, "/results/", province="440000")
    city_select = page.split('id="filter-city"')[1].split("</select>")[0]
    assert "深圳市" in city_select and "广州市" in city_select and "北京市" not in city_select
    options = get(client, "/regions/cities/", province="440000")
    assert "深圳市" in options and "广州市" in options and "北京市" not in options
    for cities in (city_select, options):  # the page's list, and the one htmx fetches for a new province
        assert re.search(r'<option value="440300"[^>]*>深圳市 · 试点</option>', cities)  # a pilot city is marked
    assert '<option value="440000" selected>广东省</option>' in page
    assert "<option" in get(client, "/regions/cities/", province="bogus")  # just the "all" option


@pytest.mark.parametrize("query", [
    {"level": "no-such-level"}, {"province": "4400000000"}, {"sort": "random"}, {"cursor": "junk"},
    {"cursor": "eyJrIjpbIm5vdC1hLWRhdGUiLDFdLCJyIjowfQ"},  # {"k":["not-a-date",1],"r":0}
    {"cursor": "eyJrIjpbMSwyLDNdLCJyIjowfQ"}, {"q": "口\x00罩"}, {"industry": "ABC"},
    {"sort": "product", "cursor": base64.urlsafe_b64encode(b'{"k":["\\ud800",1],"r":0}').decode()},
    {"sort": "product", "cursor": base64.urlsafe_b64encode(b'{"k":["a\\u0000",1],"r":0}').decode()},
    {"cursor": base64.urlsafe_b64encode(b'{"k":["2024-01-01T00:00:00+00:00",Infinity],"r":0}').decode()},
    {"cursor": base64.urlsafe_b64encode(b'{"k":["2024-01-01",1],"r":0}').decode()},
    {"cursor": base64.urlsafe_b64encode(b'{"k":["2024-01-01T00:00:00",1],"r":1}').decode()},
])
def test_forged_result_queries_are_404_never_500(client, world, query):
    assert client.get("/results/", query).status_code == 404


def test_a_well_formed_cursor_far_out_is_a_page_and_one_out_of_time_a_404(client, world):
    def cursor(payload: bytes) -> str:
        return base64.urlsafe_b64encode(payload).decode()

    far = cursor(b'{"k":["9999-12-31T00:00:00+00:00",1],"r":0}')
    assert rows(get(client, "/results/", cursor=far), "result") == ids(*world["results"].values())
    for beyond in (b'{"k":["9999-12-31T23:59:59-12:00",1],"r":0}', b'{"k":["0001-01-01T00:00:00+14:00",1],"r":1}'):
        assert client.get("/results/", {"cursor": cursor(beyond)}).status_code == 404


def test_unknown_values_give_an_empty_list(client, world):
    page = get(client, "/results/", province="999999", enterprise="9" * 30, plan="NO-SUCH-PLAN")
    assert rows(page, "result") == set() and "没有符合条件的已发布结果" in page


def test_result_list_and_detail_carry_no_contact_data(client, world):
    enterprise = world["enterprise_a"]
    pages = get(client, "/results/") + get(client, f"/results/{world['results']['mask_leading'].pk}/")
    for personal in (enterprise.contact_name, enterprise.contact_phone, enterprise.contact_email):
        assert personal not in pages


def test_unpublished_results_are_not_listed(client, world):
    hidden = [scene.result(world["mask_plan"], world["enterprise_a"], name=f"口罩 {status}", status=status)
              for status in (ReviewStatus.DRAFT, ReviewStatus.SUBMITTED, ReviewStatus.RETURNED, ReviewStatus.WITHDRAWN)]
    assert not rows(get(client, "/results/"), "result") & ids(*hidden)
    for result in hidden:
        assert client.get(f"/results/{result.pk}/").status_code == 404


# --- Technical plans ------------------------------------------------------------------------------

def test_plan_list_shows_published_versions_only_and_filters(client, world):
    mask, toilet = world["mask_plan"].plan_id, world["toilet_plan"].plan_id
    revised = scene.plan_version(title="口罩方案（修订）", category=world["mask"], status=ReviewStatus.SUPERSEDED)
    scene.plan_version(title="ignored", category=world["mask"], plan=revised.plan, number=2, published_days_ago=1)
    draft = scene.plan_version(title="口罩方案草稿", category=world["mask"], status=ReviewStatus.DRAFT)
    page = get(client, "/technical-plans/")
    assert rows(page, "plan") == {str(mask), str(toilet), str(revised.plan_id)}
    assert page.count(f'data-plan="{revised.plan_id}"') == 1  # one row per plan: its published version
    assert "v2" in page and "口罩方案草稿" not in page
    assert rows(get(client, "/technical-plans/", q="坐便器"), "plan") == {str(toilet)}
    assert rows(get(client, "/technical-plans/", q=world["toilet_plan"].plan.code), "plan") == {str(toilet)}
    assert rows(get(client, "/technical-plans/", industry="38"), "plan") == {str(toilet)}
    assert rows(get(client, "/technical-plans/", author_kind="enterprise"), "plan") == {str(toilet)}
    assert rows(get(client, "/technical-plans/", category="PC-17-001"), "plan") == {str(mask), str(revised.plan_id)}
    codes = re.findall(r'<tr data-plan="(\d+)"', get(client, "/technical-plans/", sort="code"))
    assert codes == [str(p) for p in sorted([mask, toilet, revised.plan_id])]
    assert client.get("/technical-plans/", {"author_kind": "nobody"}).status_code == 404
    assert client.get(f"/technical-plans/{draft.plan_id}/").status_code == 404


def test_plan_detail_shows_standards_requirements_and_results(client, world):
    plan = world["mask_plan"].plan
    page = get(client, f"/technical-plans/{plan.pk}/")
    assert 'data-standard="EN 149:2001+A1:2009" data-benchmark="1"' in page
    assert 'data-standard="GB 2626-2019">' in page  # compared, not a benchmark
    matrix = page.split('id="plan-matrix"')[1].split("</table>")[0]
    for text in ("过滤效率", "≥ 95 %", "≥ 94 %", "≤ 350 Pa", "≤ 2.4 mbar", "85 L/min", "95 L/min"):
        assert text in matrix, text
    assert "提高熔喷布克重" in page
    results = page.split('id="plan-results"')[1]
    assert f'data-result="{world["results"]["mask_leading"].pk}"' in results
    assert f'data-result="{world["results"]["toilet"].pk}"' not in results
    assert f"/results/?plan={plan.code}" in page


def test_plan_detail_is_its_current_published_version(client, world):
    old = scene.plan_version(title="口罩方案", category=world["mask"], status=ReviewStatus.SUPERSEDED,
                             measures="旧版本的提升措施")
    scene.plan_version(title="", category=world["mask"], plan=old.plan, number=2, measures="新版本的提升措施")
    page = get(client, f"/technical-plans/{old.plan_id}/")
    assert "新版本的提升措施" in page and "旧版本的提升措施" not in page
    withdrawn = scene.plan_version(title="已撤回方案", category=world["mask"], status=ReviewStatus.WITHDRAWN)
    assert client.get(f"/technical-plans/{withdrawn.plan_id}/").status_code == 404


# --- Standards, translations, comparisons --------------------------------------------------------

def test_standard_filters_and_sorting(client, world):
    w = world
    assert rows(get(client, "/standards/", q="2626"), "standard") == ids(w["gb2626"], w["old"])
    assert rows(get(client, "/standards/", q="半面罩"), "standard") == ids(w["en149"])
    assert rows(get(client, "/standards/", q="particle respirator"), "standard") == ids(w["gb2626"])
    assert rows(get(client, "/standards/", kind="regional"), "standard") == ids(w["en149"])
    assert rows(get(client, "/standards/", tag="respirator"), "standard") == ids(w["gb2626"], w["en149"])
    assert rows(get(client, "/standards/", status="replaced"), "standard") == ids(w["old"])
    assert rows(get(client, "/standards/", country="US"), "standard") == ids(w["astm"])
    assert rows(get(client, "/standards/", country="intl"), "standard") == ids(w["iso"])
    assert rows(get(client, "/standards/", body="ASTM International"), "standard") == ids(w["astm"])
    newest = re.findall(r'<tr data-standard="(\d+)"', get(client, "/standards/", sort="newest"))
    assert newest[:2] == [str(w["astm"].pk), str(w["gb2626"].pk)] and newest[-1] == str(w["iso"].pk)  # undated last
    assert client.get("/standards/", {"kind": "made-up"}).status_code == 404


def test_standard_detail(client, world):
    page = get(client, f"/standards/{world['gb2626'].pk}/")
    requirements = page.split('id="standard-requirements"')[1].split("</table>")[0]
    for text in ("过滤效率", "KN95", "≥ 95 %", "≤ 350 Pa", "85 L/min"):
        assert text in requirements, text
    comparisons = page.split('id="standard-comparisons"')[1].split("</ul>")[0]
    assert f'data-comparison="{world["comparison"].pk}"' in comparisons
    assert f'data-comparison="{world["equivalence"].pk}"' in comparisons
    translations = page.split('id="standard-translations"')[1].split("</ul>")[0]
    assert "2020年第一批" in translations and "埃塞俄比亚" in translations  # ET, by its name
    old = get(client, f"/standards/{world['old'].pk}/")
    assert f'href="/standards/{world["gb2626"].pk}/"' in old  # replaced by
    assert client.get("/standards/999999/").status_code == 404


def test_translations_list_published_only_and_filters(client, world):
    planned = scene.translation(world["gb2626"], language="ru", batch="2022年第三批", status=TranslationStatus.PLANNED)
    t = world["translations"]
    page = get(client, "/standards/translations/")
    assert rows(page, "translation") == ids(t["en"], t["fr"]) and "2022年第三批" not in page
    assert rows(get(client, "/standards/translations/", batch="2021年第二批"), "translation") == ids(t["fr"])
    assert rows(get(client, "/standards/translations/", language="en"), "translation") == ids(t["en"])
    assert rows(get(client, "/standards/translations/", country="FR"), "translation") == ids(t["fr"])
    assert rows(get(client, "/standards/translations/", q="2626"), "translation") == ids(t["en"])
    assert rows(get(client, "/standards/translations/", language="ru"), "translation") == set()
    assert str(planned.pk) not in rows(get(client, "/standards/translations/", sort="code"), "translation")
    assert "/standards/translations/" in get(client, "/standards/")  # reached from the standards


def test_comparison_list_and_detail(client, world):
    hidden = scene.comparison(world["en149"], world["astm"], title="未公开的比对", status=ComparisonStatus.DRAFT)
    withdrawn = scene.comparison(world["astm"], world["en149"], title="已撤回的比对", status=ComparisonStatus.WITHDRAWN)
    c, e = world["comparison"], world["equivalence"]
    assert rows(get(client, "/comparisons/"), "comparison") == ids(c, e)
    assert rows(get(client, "/comparisons/", kind="equivalence"), "comparison") == ids(e)
    assert rows(get(client, "/comparisons/", recognized="true"), "comparison") == ids(c)
    assert rows(get(client, "/comparisons/", recognized="false"), "comparison") == ids(e)
    assert rows(get(client, "/comparisons/", q="ASTM"), "comparison") == ids(e)
    assert rows(get(client, "/comparisons/", standard="EN 149:2001+A1:2009"), "comparison") == ids(c)
    page = get(client, f"/comparisons/{c.pk}/")
    for relation in ("stricter", "equal", "looser"):
        assert f'data-relation="{relation}"' in page.split('id="comparison-items"')[1]
    assert "两者总体相当" in page and "法国经济和财政部" in page and "法国" in page  # FR, by its name
    for unpublished in (hidden, withdrawn):
        assert client.get(f"/comparisons/{unpublished.pk}/").status_code == 404


# --- Institutions ---------------------------------------------------------------------------------

def test_institution_directory_filters(client, world, regions):
    applied = scene.institution("申请中的机构", region=regions["nanshan"], status=AccreditationStatus.APPLIED)
    lab, association = world["lab"], world["association"]
    assert rows(get(client, "/institutions/"), "institution") == ids(lab, association)
    assert rows(get(client, "/institutions/", province="440000", city="440300"), "institution") == ids(lab)
    assert rows(get(client, "/institutions/", city="440100"), "institution") == ids(association)
    assert rows(get(client, "/institutions/", kind="association"), "institution") == ids(association)
    assert rows(get(client, "/institutions/", service="product_testing"), "institution") == ids(lab)
    assert rows(get(client, "/institutions/", category_name="口罩"), "institution") == ids(lab)
    assert rows(get(client, "/institutions/", category="PC-38-001"), "institution") == ids(association)
    assert rows(get(client, "/institutions/", q="协会"), "institution") == ids(association)
    assert client.get(f"/institutions/{applied.pk}/").status_code == 404
    assert client.get("/institutions/", {"service": "free-lunch"}).status_code == 404


def test_institution_detail_without_personal_contact_data(client, world):
    lab = world["lab"]
    lab.contact_name, lab.contact_phone, lab.contact_email = "李四", "13800138000", "lisi@lab.example.cn"
    lab.save()
    page = get(client, f"/institutions/{lab.pk}/")
    certificates = page.split('id="institution-certificates"')[1].split("</table>")[0]
    assert "L12345" in certificates and "口罩过滤效率检测" in certificates and "2030-12-31" in certificates
    assert "日常防护型口罩" in page.split('id="institution-services"')[1] and "产品检测" in page
    for personal in ("李四", "13800138000", "lisi@lab.example.cn"):
        assert personal not in page and personal not in get(client, "/institutions/")


# --- Regions and activities -----------------------------------------------------------------------

def test_region_list(client, world):
    page = get(client, "/regions/")
    assert {"440000", "110000"} <= set(re.findall(r'<tr data-province="(\d+)"', page))
    guangdong = page.split('data-province="440000"')[1].split("</tr>")[0]
    assert 'data-city="440300"' in guangdong and 'data-city="440100"' in guangdong and "试点" in guangdong


def test_city_page(client, world, regions):
    from results.services.statistics import stats_rebuild

    stats_rebuild()
    page = get(client, "/regions/440300/")
    assert "深圳市" in page and 'id="pilot-badge"' in page and "2021-06-01" in page
    assert 'id="region-numbers"' in page
    assert f'data-institution="{world["lab"].pk}"' in page.split('id="city-institutions"')[1]
    assert f'data-institution="{world["association"].pk}"' not in page
    assert f'data-result="{world["results"]["mask_leading"].pk}"' in page.split('id="city-results"')[1]
    assert f'data-result="{world["results"]["mask_attained"].pk}"' not in page  # 广州's
    assert f'data-activity="{world["activities"]["meeting"].pk}"' in page.split('id="city-activities"')[1]
    assert "/results/?province=440000&amp;city=440300" in page
    assert 'data-figure="results">1<' in page
    guangzhou = get(client, "/regions/440100/")
    assert f'data-activity="{world["activities"]["article"].pk}"' in guangzhou  # held in 天河区
    assert client.get("/regions/440305/").status_code == 404  # a county is not a city page
    assert client.get("/regions/999999/").status_code == 404


def test_activity_filters_and_sorting(client, world):
    a = world["activities"]
    assert rows(get(client, "/activities/"), "activity") == ids(*a.values())
    assert rows(get(client, "/activities/", kind="training"), "activity") == ids(a["training"])
    assert rows(get(client, "/activities/", province="440000"), "activity") == ids(a["meeting"], a["article"])
    assert rows(get(client, "/activities/", city="440100"), "activity") == ids(a["article"])
    assert rows(get(client, "/activities/", year="2022"), "activity") == ids(a["training"])
    assert rows(get(client, "/activities/", q="培训"), "activity") == ids(a["training"])
    oldest = re.findall(r'<tr data-activity="(\d+)"', get(client, "/activities/", sort="oldest"))
    assert oldest == [str(a[k].pk) for k in ("meeting", "training", "article")]
    for bad in ({"year": "abc"}, {"year": "2021.5"}, {"year": "99999"}, {"kind": "party"}):
        assert client.get("/activities/", bad).status_code == 404


# --- Forged cursors -------------------------------------------------------------------------------

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(["k", "r", "x"]), children),
    max_leaves=8,
)
_scalar = (st.integers() | st.floats() | st.text(max_size=30) | st.dates().map(str) | st.datetimes().map(str)
           | st.sampled_from(["2024-05-01T10:00:00+00:00", "GB 2626-2019", "9" * 30, "-1"]))
_shaped = st.fixed_dictionaries({"k": st.lists(_scalar, min_size=2, max_size=2), "r": st.sampled_from([0, 1])})
_cursor_payloads = _shaped | st.fixed_dictionaries({"k": st.lists(_json, max_size=4), "r": _json}) | _json


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=_cursor_payloads, sort=st.sampled_from(["", "oldest", "code", "product", "name", "newest"]),
       url=st.sampled_from(["/results/", "/technical-plans/", "/standards/", "/standards/translations/",
                            "/comparisons/", "/institutions/", "/activities/"]))
def test_any_forged_cursor_is_a_page_or_a_404(client, world, payload, sort, url):
    cursor = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")
    response = client.get(url, {"cursor": cursor, "sort": sort} if sort else {"cursor": cursor})
    assert response.status_code in (200, 404)
