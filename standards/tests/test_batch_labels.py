"""Batches of foreign-language versions are named by the office in Chinese ("2021年第一批"): the
English pages read "2021 batch 1", the Chinese pages the name as stored, a name of another form is
shown as it is, and the batch filter keeps the stored name as its value."""

import html
import re

import pytest
from django.utils import translation

from standards.templatetags.standards_tags import batch_label
from tests import public_scene as scene


@pytest.mark.parametrize(("batch", "english"), [
    ("2021年第一批", "2021 batch 1"),
    ("2020年第二批", "2020 batch 2"),
    ("2023年第十批", "2023 batch 10"),
    ("2023年第十二批", "2023 batch 12"),
    ("2024年第二十一批", "2024 batch 21"),
    ("2022年第3批", "2022 batch 3"),
    ("2022 年第 12 批", "2022 batch 12"),
    ("２０２２年第１批", "2022 batch 1"),
])
def test_the_usual_form_reads_in_english_on_english_pages_and_as_stored_on_chinese_ones(batch, english):
    with translation.override("en"):
        assert batch_label(batch) == english
    with translation.override("zh-hans"):
        assert batch_label(batch) == batch


@pytest.mark.parametrize("batch", [
    "2023年批次", "第一批", "2021年第一批（补充）", "2021年第零批", "2021年第一二批", "2021年第十十批", "批", "",
    "Batch A",
])
def test_any_other_name_is_shown_as_it_is(batch):
    with translation.override("en"):
        assert batch_label(batch) == batch


@pytest.fixture
def translations(db):
    gb = scene.standard("GB 2626-2019", title="呼吸防护 自吸过滤式防颗粒物呼吸器", kind="gb_mandatory")
    old = scene.standard("GB 19083-2010", title="医用防护口罩技术要求", kind="gb_mandatory")
    return {"first": scene.translation(gb, language="en", batch="2021年第一批"),
            "odd": scene.translation(old, language="fr", batch="2023年批次")}


def page(client, url: str, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, (url, params)
    return html.unescape(response.content.decode())


def batch_options(text: str) -> dict[str, str]:
    select = re.search(r'<select[^>]*id="filter-batch".*?</select>', text, flags=re.S).group(0)
    return dict(re.findall(r'<option value="([^"]+)"[^>]*>([^<]*)</option>', select))


def batch_cells(text: str) -> dict[str, str]:
    """Translation id → what its row shows in the batch column (the fourth)."""
    return {pk: re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)[3]
            for pk, row in re.findall(r'<tr data-translation="(\d+)">(.*?)</tr>', text, flags=re.S)}


def test_the_list_of_foreign_language_versions_names_batches_in_the_visitors_language(client, translations):
    first, odd = str(translations["first"].pk), str(translations["odd"].pk)
    english = page(client, "/standards/translations/", lang="en")
    assert batch_cells(english) == {first: "2021 batch 1", odd: "2023年批次"}
    assert batch_options(english) == {"2021年第一批": "2021 batch 1", "2023年批次": "2023年批次"}
    chinese = page(client, "/standards/translations/")
    assert batch_cells(chinese) == {first: "2021年第一批", odd: "2023年批次"}
    assert batch_options(chinese) == {"2021年第一批": "2021年第一批", "2023年批次": "2023年批次"}
    assert "2021 batch 1" not in chinese


def test_the_batch_filter_filters_by_the_stored_name_on_english_pages(client, translations):
    chosen = page(client, "/standards/translations/", lang="en", batch="2021年第一批")
    assert list(batch_cells(chosen)) == [str(translations["first"].pk)]
    assert '<option value="2021年第一批" selected>2021 batch 1</option>' in chosen


def test_the_standard_page_names_its_versions_batches_in_the_visitors_language(client, translations):
    pk = translations["first"].standard_id
    assert "2021 batch 1" in page(client, f"/standards/{pk}/", lang="en")
    chinese = page(client, f"/standards/{pk}/")
    assert "2021年第一批" in chinese and "2021 batch 1" not in chinese
