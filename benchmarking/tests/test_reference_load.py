from io import StringIO

import pytest
from django.core.management import call_command

from benchmarking.models import Industry, Region, RegionLevel, Sector
from benchmarking.selectors import cities


@pytest.mark.django_db
def test_load_reference_loads_every_region_and_industry_and_is_idempotent(django_assert_max_num_queries):
    output = StringIO()
    call_command("load_reference", stdout=output)
    # It says which year's division codes it loaded.
    assert "截至 2025 年的民政部县级以上行政区划代码" in output.getvalue()
    assert "python-stdnum 2.2" in output.getvalue()
    assert Region.objects.filter(level=RegionLevel.PROVINCE).count() == 34
    assert Region.objects.filter(level=RegionLevel.PREFECTURE).count() == 333
    assert Region.objects.filter(level=RegionLevel.COUNTY).count() == 2849
    # 333 prefecture-level units, the 4 municipalities and the 32 county-level units their
    # province administers directly are the campaign's cities.
    assert cities().count() == 369
    assert set(cities().filter(level=RegionLevel.COUNTY).values_list("name", flat=True)) >= {
        "仙桃市", "潜江市", "天门市", "神农架林区", "济源市", "石河子市", "五家渠市", "五指山市", "琼海市",
        "琼中黎族苗族自治县"}
    assert Industry.objects.filter(level="section").count() == 20
    assert Industry.objects.filter(level="division").count() == 97

    chaoyang = Region.objects.get(code="110105")
    assert (chaoyang.parent_id, chaoyang.city_id, chaoyang.province_id) == ("110000", "110000", "110000")
    nanshan = Region.objects.get(code="440305")
    assert (nanshan.city_id, nanshan.province_id) == ("440300", "440000")
    assert Region.objects.get(code="440300").city_id == "440300"
    xiantao = Region.objects.get(code="429004")  # county-level city directly under 湖北省
    assert (xiantao.parent_id, xiantao.city_id, xiantao.province_id) == ("420000", "429004", "420000")
    assert Region.objects.get(code="441900").city_id == "441900"  # 东莞: no districts below
    assert Industry.objects.get(code="43").sector == Sector.TERTIARY
    assert Industry.objects.get(code="13").sector == Sector.SECONDARY

    Region.objects.filter(code="440300").update(taking_part_since="2021-03-01", pilot_since="2021-06-01")
    # A second load reads the tables once and writes nothing; campaign dates survive it.
    with django_assert_max_num_queries(12):
        call_command("load_reference", verbosity=0)
    assert Region.objects.get(code="440300").pilot_since.isoformat() == "2021-06-01"
