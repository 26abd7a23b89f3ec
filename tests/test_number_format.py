"""Figures carry thousands separators in Chinese as in English (32,094), the home page's KPI
cards included."""

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import translation

from results.models import StatCount
from results.services.statistics import SUMMARY


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_large_numbers_are_grouped_by_three_with_commas(language):
    with translation.override(language):
        assert intcomma(3209400) == "3,209,400"
        assert intcomma(32094) == "32,094"


@pytest.mark.django_db
def test_the_home_page_shows_grouped_figures_in_chinese(client):
    StatCount.objects.create(dimension=SUMMARY, key="enterprises", count=16092)
    page = client.get("/").content.decode()
    assert 'data-figure="enterprises">16,092<' in page
