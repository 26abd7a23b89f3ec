"""A standard's issuing body in English: the English pages of the library name it in English where
the library knows its English name and in Chinese where it does not, the filter of bodies still
filters by the stored name, the API gives both names, and none of it costs a query."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from standards.services import standard_update
from tests import public_scene as scene
from tests.helpers import forget_public_pages

pytestmark = pytest.mark.django_db

SAMR_SAC = "国家市场监督管理总局、国家标准化管理委员会"
SAMR_SAC_EN = "State Administration for Market Regulation; Standardization Administration of China"
GUXIANG = "潮州市潮安区古巷陶瓷协会"  # no official English name: shown in Chinese on English pages too


@pytest.fixture
def library(db):
    return {
        "gb": scene.standard("GB 2626-2019", title="呼吸防护 自吸过滤式防颗粒物呼吸器", kind="gb_mandatory",
                             body=SAMR_SAC, issuing_body_en=SAMR_SAC_EN),
        "group": scene.standard("T/CZGX 001-2019", title="智能坐便器", kind="group", body=GUXIANG),
        "astm": scene.standard("ASTM F2100-19", title="医用口罩材料性能要求", kind="foreign_national", country="US",
                               body="ASTM International"),
    }


def page(client, url: str, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, (url, params)
    return html.unescape(response.content.decode())


def bodies_shown(text: str) -> dict[str, str]:
    """Standard id → the issuing body its row of the list shows."""
    found = {}
    for row in re.findall(r'<tr data-standard="(\d+)">(.*?)</tr>', text, flags=re.S):
        body = re.search(r"<div[^>]*data-issuing-body>([^<]*)</div>", row[1])
        found[row[0]] = body.group(1) if body else ""
    return found


def body_options(text: str) -> dict[str, str]:
    """Value → label of the issuing-body filter's options."""
    select = re.search(r'<select[^>]*id="filter-body".*?</select>', text, flags=re.S).group(0)
    return dict(re.findall(r'<option value="([^"]+)"[^>]*>([^<]*)</option>', select))


def test_the_english_library_names_the_issuing_body_in_english_and_in_chinese_where_it_has_no_english(
    client, library
):
    english = bodies_shown(page(client, "/standards/", lang="en"))
    assert english == {str(library["gb"].pk): SAMR_SAC_EN, str(library["group"].pk): GUXIANG,
                       str(library["astm"].pk): "ASTM International"}
    chinese = bodies_shown(page(client, "/standards/"))
    assert chinese[str(library["gb"].pk)] == SAMR_SAC and SAMR_SAC_EN not in page(client, "/standards/")


def test_the_standard_page_names_the_issuing_body_in_the_visitors_language(client, library):
    def body_on(pk, **params):
        text = page(client, f"/standards/{pk}/", **params)
        return re.search(r'<dd[^>]*id="standard-issuing-body">([^<]*)</dd>', text).group(1)

    assert body_on(library["gb"].pk, lang="en") == SAMR_SAC_EN
    assert body_on(library["gb"].pk) == SAMR_SAC
    assert body_on(library["group"].pk, lang="en") == GUXIANG


def test_the_filter_of_bodies_keeps_the_stored_name_as_its_value_and_labels_it_in_english(client, library):
    options = body_options(page(client, "/standards/", lang="en"))
    assert options == {SAMR_SAC: SAMR_SAC_EN, GUXIANG: GUXIANG, "ASTM International": "ASTM International"}
    assert body_options(page(client, "/standards/"))[SAMR_SAC] == SAMR_SAC
    chosen = page(client, "/standards/", lang="en", body=SAMR_SAC)
    assert list(bodies_shown(chosen)) == [str(library["gb"].pk)]
    assert re.search(rf'<option value="{re.escape(SAMR_SAC)}" selected>{re.escape(SAMR_SAC_EN)}</option>', chosen)


def test_a_body_named_in_english_on_one_of_its_standards_is_labelled_in_english(client, library):
    scene.standard("GB/T 32610-2016", title="日常防护型口罩技术规范", body=SAMR_SAC)  # without the English name
    assert body_options(page(client, "/standards/", lang="en"))[SAMR_SAC] == SAMR_SAC_EN


def test_the_api_gives_the_issuing_body_in_both_languages(client, library):
    rows = {row["code"]: row for row in client.get("/api/v1/standards/", {"format": "json"}).json()["results"]}
    assert (rows["GB 2626-2019"]["issuing_body"], rows["GB 2626-2019"]["issuing_body_en"]) == (SAMR_SAC, SAMR_SAC_EN)
    assert (rows["T/CZGX 001-2019"]["issuing_body"], rows["T/CZGX 001-2019"]["issuing_body_en"]) == (GUXIANG, "")
    detail = client.get(f"/api/v1/standards/{library['gb'].pk}/", {"format": "json"}).json()
    assert detail["issuing_body_en"] == SAMR_SAC_EN


def queries_of(client, **params) -> int:
    forget_public_pages()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/standards/", params).status_code == 200
    return len(queries)


def test_english_names_of_bodies_cost_no_query(client, library):
    for i in range(5):
        scene.standard(f"GB/T {40000 + i}-2020", title=f"标准{i}", body=f"机构{i}", issuing_body_en=f"Body {i}")
    # The rows, their tags, the bodies and countries, the tags of the filter, the count of matches:
    # as many as before the library knew English names of bodies.
    assert queries_of(client) == queries_of(client, lang="en") == 5


def test_the_filters_read_the_library_once_until_it_changes(client, library, django_capture_on_commit_callbacks):
    page(client, "/standards/")
    with CaptureQueriesContext(connection) as another_page:
        page(client, "/standards/", country="US")  # not a cached page, the same filter options
    assert not any("DISTINCT" in q["sql"] for q in another_page.captured_queries)
    with django_capture_on_commit_callbacks(execute=True):  # the library's area changes on commit
        standard_update(actor=None, instance=library["group"], data={"issuing_body": "潮州市陶瓷行业协会"})
    renamed = page(client, "/standards/", country="CN")
    assert "潮州市陶瓷行业协会" in renamed and GUXIANG not in renamed
