"""The public pages cost the same few queries whatever the number of rows (no N+1, no OFFSET, no
COUNT of a table), are cached for anonymous visitors, and speak English on ``?lang=en``."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarking.models import ActivityKind
from tests import factories
from tests import public_scene as scene
from tests.helpers import forget_public_pages
from thirdparty.models import CertificateKind, ServiceKind
from verdict import Relation

pytestmark = pytest.mark.django_db


def _standards(world, n, prefix):
    start = 30000 + 1000 * len(prefix) + factories.StandardFactory._meta.model.objects.count()
    return [scene.standard(f"GB/T {start + i}-2020", title=f"{prefix}标准{i}", tags=[world["respirator"]])
            for i in range(n)]


def grow_results(world, n, city="nanshan"):
    enterprise = world["enterprise_a"] if city == "nanshan" else world["enterprise_c"]
    for i in range(n):
        scene.result(world["mask_plan"], enterprise, name=f"批量口罩 {world['results_made'] + i}")
    world["results_made"] += n


def grow_plans(world, n):
    for i in range(n):
        scene.plan_version(title=f"批量方案 {i}", category=world["mask"])


def grow_standards(world, n):
    _standards(world, n, "批量")


def grow_translations(world, n):
    for standard in _standards(world, n, "外文"):
        scene.translation(standard, language="en", batch="2023年批次", country="DE")


def grow_comparisons(world, n):
    for standard in _standards(world, n, "比对"):
        scene.comparison(standard, world["gb2626"], title=f"{standard.code} 比对", recognitions=[("某局", "FR")],
                         items=[("过滤效率", Relation.STRICTER, "")])


def grow_institutions(world, n):
    for i in range(n):
        scene.institution(
            f"批量检测机构 {world['institutions_made'] + i}", region=world["nanshan"],
            services=[(world["mask"], ServiceKind.PRODUCT_TESTING), (world["toilet"], ServiceKind.COMPARISON_TESTING)],
            certificates=[(CertificateKind.CNAS, f"L{20000 + world['institutions_made'] + i}", "",
                           dt.date(2030, 1, 1))],
        )
    world["institutions_made"] += n


def grow_activities(world, n):
    for i in range(n):
        scene.activity(f"批量活动 {i}", kind=ActivityKind.TRAINING, region=world["nanshan"],
                       held_on=dt.date(2022, 1, 1) + dt.timedelta(days=i % 3), attendances=10)


def grow_cities(world, n):
    guangxi = factories.region("450000", "广西壮族自治区", "province", taking_part_since="2021-03-01")
    made = world.setdefault("cities_made", 0)
    for i in range(made, made + n):
        factories.region(f"45{i + 1:02d}00", f"城市{i}", "prefecture", guangxi, taking_part_since="2021-03-01",
                         pilot_since="2021-06-01" if i % 2 else None)
    world["cities_made"] = made + n


def grow_city(world, n):
    grow_results(world, n)
    grow_institutions(world, n)
    grow_activities(world, n)


def grow_standard_detail(world, n):
    for standard in _standards(world, n, "详情"):
        scene.comparison(world["gb2626"], standard, title=f"对 {standard.code}", recognitions=[("局", "FR")])
        scene.translation(world["gb2626"], language=f"x{world.setdefault('languages', 0)}", batch="批")
        world["languages"] += 1
        scene.requirement(world["gb2626"], factories.IndicatorFactory(), minimum=1, unit="%")


def grow_comparison_detail(world, n):
    from standards.models import ComparisonItem, Recognition

    for i in range(n):
        ComparisonItem.objects.create(comparison=world["comparison"], label_zh=f"项{i}", relation=Relation.LOOSER,
                                      indicator=world["filtration"], position=10 + i)
        Recognition.objects.create(comparison=world["comparison"], authority=f"机构{i}", country="DE")


def grow_institution_detail(world, n):
    from thirdparty.models import Certificate, InstitutionService

    for _ in range(n):
        made = world["service_categories"] = world.get("service_categories", 0) + 1
        category = scene.category(f"服务类别 {made}")
        InstitutionService.objects.create(institution=world["lab"], category=category,
                                          service=ServiceKind.PRODUCT_TESTING)
        Certificate.objects.create(institution=world["lab"], kind=CertificateKind.CMA, number=f"{210000000000 + made}",
                                   valid_until=dt.date(2030, 1, 1))


LISTS = {
    "results": ("/results/", "result", grow_results),
    "plans": ("/technical-plans/", "plan", grow_plans),
    "standards": ("/standards/", "standard", grow_standards),
    "translations": ("/standards/translations/", "translation", grow_translations),
    "comparisons": ("/comparisons/", "comparison", grow_comparisons),
    "institutions": ("/institutions/", "institution", grow_institutions),
    "activities": ("/activities/", "activity", grow_activities),
    "regions": ("/regions/", "province", grow_cities),
}

DETAILS = {
    "city": (lambda w: "/regions/440300/", grow_city),
    "plan": (lambda w: f"/technical-plans/{w['mask_plan'].plan_id}/", grow_results),
    "standard": (lambda w: f"/standards/{w['gb2626'].pk}/", grow_standard_detail),
    "comparison": (lambda w: f"/comparisons/{w['comparison'].pk}/", grow_comparison_detail),
    "institution": (lambda w: f"/institutions/{w['lab'].pk}/", grow_institution_detail),
}


def measure(client, url):
    forget_public_pages()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    sql = [q["sql"].upper() for q in queries.captured_queries]
    assert not any(" OFFSET " in s or "COUNT(" in s for s in sql), sql
    return len(sql), response.content.decode()


@pytest.fixture
def growing_world(world):
    world["results_made"] = world["institutions_made"] = 0
    return world


@pytest.mark.parametrize("name", LISTS)
def test_a_list_page_costs_the_same_for_3_rows_and_25(client, growing_world, name):
    url, kind, grow = LISTS[name]
    if name == "regions":
        grow(growing_world, 3)
        few, page = measure(client, url)
        shown_few = page.count('data-city="45')
        grow(growing_world, 22)
        many, page = measure(client, url)
        assert (shown_few, page.count('data-city="45')) == (3, 25)
    else:
        grow(growing_world, 3)
        few, page = measure(client, url)
        shown_few = len(re.findall(rf'<tr data-{kind}="', page))
        grow(growing_world, 25)
        many, page = measure(client, url)
        assert shown_few < 10 and len(re.findall(rf'<tr data-{kind}="', page)) == 25
        assert 'rel="next"' in page
    assert few == many


@pytest.mark.parametrize("name", DETAILS)
def test_a_detail_page_costs_the_same_whatever_it_lists(client, growing_world, name):
    url, grow = DETAILS[name]
    grow(growing_world, 1)
    few, _page = measure(client, url(growing_world))
    grow(growing_world, 12)
    many, _page = measure(client, url(growing_world))
    assert few == many


def test_keyset_pages_follow_each_other_without_gaps_or_repeats(client, growing_world):
    grow_results(growing_world, 60)  # 63 published results: three pages
    seen, url, pages = [], "/results/?sort=oldest", 0
    while url:
        page = client.get(url if url.startswith("/") else "/results/" + url).content.decode()
        seen += re.findall(r'<tr data-result="(\d+)"', page)
        match = re.search(r'href="([^"]+)" rel="next"', page)
        url = match.group(1).replace("&amp;", "&") if match else None
        pages += 1
    assert pages == 3 and len(seen) == len(set(seen)) == 63
    # … and back: the previous page of the last page is the second one.
    last = client.get("/results/" + re.search(r'href="([^"]+)" rel="prev"', page).group(1).replace("&amp;", "&"))
    assert re.findall(r'<tr data-result="(\d+)"', last.content.decode()) == seen[25:50]


PAGES = [
    ("/results/", "Product benchmarking results"),
    ("/results/{result}/", "Product benchmarking result"),
    ("/technical-plans/", "Technical plans"),
    ("/technical-plans/{plan}/", "Drafting body"),
    ("/standards/", "Standards library"),
    ("/standards/{standard}/", "Issuing body"),
    ("/standards/translations/", "Requesting country"),
    ("/comparisons/", "Standard A"),
    ("/comparisons/{comparison}/", "Conclusion"),
    ("/institutions/", "Institution name"),
    ("/institutions/{institution}/", "Certificate number"),
    ("/regions/", "Cities taking part"),
    ("/regions/440300/", "Administrative division code"),
    ("/activities/", "Attendances"),
]


def _url(template, world):
    return template.format(result=world["results"]["mask_leading"].pk, plan=world["mask_plan"].plan_id,
                           standard=world["gb2626"].pk, comparison=world["comparison"].pk, institution=world["lab"].pk)


@pytest.mark.parametrize(("template", "english"), PAGES)
def test_every_page_speaks_english_on_request(client, world, template, english):
    url = _url(template, world)
    chinese = client.get(url).content.decode()
    assert '<html lang="zh-CN">' in chinese and english not in chinese
    page = client.get(url, {"lang": "en"}).content.decode()
    assert '<html lang="en">' in page and english in page


def test_english_pages_show_english_names_where_there_are_some(client, world):
    page = client.get("/standards/", {"lang": "en"}).content.decode()
    assert "Particulate respirators" in page and "non-powered air-purifying particle respirator" in page.lower()
    page = client.get("/results/", {"lang": "en"}).content.decode()
    assert "Daily protective masks" in page


@pytest.mark.parametrize(("template", "_english"), [*PAGES, ("/regions/cities/?province=440000", "")])
def test_every_page_is_cached_for_anonymous_visitors(client, world, template, _english):
    url = _url(template, world)
    first = client.get(url)
    second = client.get(url)
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert first.content == second.content
