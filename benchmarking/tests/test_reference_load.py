import pytest
from django.core.management import call_command

from benchmarking.models import Industry, Region, RegionLevel, Sector
from benchmarking.selectors import cities


@pytest.mark.django_db
def test_load_reference_loads_every_region_and_industry_and_is_idempotent(django_assert_max_num_queries):
    call_command("load_reference", verbosity=0)
    assert Region.objects.filter(level=RegionLevel.PROVINCE).count() == 34
    assert Region.objects.filter(level=RegionLevel.PREFECTURE).count() == 333
    assert Region.objects.filter(level=RegionLevel.COUNTY).count() == 2849
    # 333 prefecture-level units and the 4 municipalities are the campaign's cities.
    assert cities().count() == 337
    assert Industry.objects.filter(level="section").count() == 20
    assert Industry.objects.filter(level="division").count() == 97

    chaoyang = Region.objects.get(code="110105")
    assert (chaoyang.parent_id, chaoyang.city_id, chaoyang.province_id) == ("110000", "110000", "110000")
    nanshan = Region.objects.get(code="440305")
    assert (nanshan.city_id, nanshan.province_id) == ("440300", "440000")
    assert Region.objects.get(code="440300").city_id == "440300"
    xiantao = Region.objects.get(code="429004")  # county-level city directly under 湖北省
    assert (xiantao.parent_id, xiantao.city_id) == ("420000", None)
    assert Industry.objects.get(code="43").sector == Sector.TERTIARY
    assert Industry.objects.get(code="13").sector == Sector.SECONDARY

    Region.objects.filter(code="440300").update(taking_part_since="2021-03-01", pilot_since="2021-06-01")
    # A second load reads the tables once and writes nothing; campaign dates survive it.
    with django_assert_max_num_queries(12):
        call_command("load_reference", verbosity=0)
    assert Region.objects.get(code="440300").pilot_since.isoformat() == "2021-06-01"
