"""Country codes are shown as names in the visitor's language: BR is 巴西 on Chinese pages and
Brazil on English ones, EU the European Union; the code stays the filter's value."""

import pytest
from django.urls import reverse

from standards.models import StandardKind
from tests import public_scene as scene

pytestmark = pytest.mark.django_db


@pytest.fixture
def brazilian():
    standard = scene.standard("ABNT NBR 13698:2011", title="呼吸防护装置 防颗粒物半面罩",
                              kind=StandardKind.FOREIGN_NATIONAL, country="BR")
    scene.standard("EN 14683:2019", title="医用口罩", kind=StandardKind.REGIONAL, country="EU")
    return standard


def test_the_library_names_countries_in_the_visitors_language(client, brazilian):
    chinese = client.get(reverse("public_standards:list")).content.decode()
    assert ">巴西</td>" in chinese and ">欧盟</td>" in chinese and '<option value="BR"' in chinese
    assert "<td>BR</td>" not in chinese
    detail = client.get(reverse("public_standards:detail", args=[brazilian.pk])).content.decode()
    assert "巴西" in detail
    client.cookies["django_language"] = "en"
    english = client.get(reverse("public_standards:list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">Brazil</td>" in english and ">European Union</td>" in english


def test_a_standard_the_demo_made_up_is_marked_as_an_example_on_the_pages_and_in_the_api(client):
    made_up = scene.standard("GB/T 99001-2022", title="示例产品技术要求")
    made_up.is_example = True
    made_up.save(update_fields=["is_example"])
    real = scene.standard("GB 2626-2019", title="呼吸防护 自吸过滤式防颗粒物呼吸器", kind=StandardKind.GB_MANDATORY)
    listing = client.get(reverse("public_standards:list")).content.decode()
    row = listing[listing.index("GB/T 99001-2022"):][:400]
    assert "data-example" in row and "示例" in row
    assert "data-example" not in listing[listing.index("GB 2626-2019"):][:200]
    assert 'id="example-note"' in client.get(reverse("public_standards:detail", args=[made_up.pk])).content.decode()
    api = {s["code"]: s["is_example"] for s in client.get("/api/v1/standards/").json()["results"]}
    assert api == {made_up.code: True, real.code: False}
