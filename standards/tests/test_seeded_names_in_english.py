"""What the demo seed (``seed_demo``) puts in the library reads in English on English pages: every
issuing body named in Chinese has its English name (the cited standards' official ones, the
synthetic standards' from ``demo.builders.codes``), and every batch of foreign-language versions
reads as "YYYY batch N".

One small seed is written for the module inside a transaction rolled back at the end."""

import re

import pytest
from django.utils import translation

from standards.models import Standard, Translation
from standards.templatetags.standards_tags import batch_label
from tests.helpers import demo_seeded

SCALE, SEED = 0.003, 5
CHINESE = re.compile(r"[\u4e00-\u9fff]")
# A cited group standard's association, whose official English name no source gives.
WITHOUT_ENGLISH = {"潮州市潮安区古巷陶瓷协会"}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with demo_seeded(django_db_blocker, scale=SCALE, seed=SEED):
        yield


pytestmark = pytest.mark.django_db


def test_every_issuing_body_named_in_chinese_has_its_english_name(seeded):
    rows = Standard.objects.values_list("is_example", "issuing_body", "issuing_body_en").distinct()
    chinese = [(example, body, english) for example, body, english in rows if CHINESE.search(body)]
    assert {example for example, _body, _english in chinese} == {True, False}  # synthetic and cited ones
    assert {body for _example, body, english in chinese if not english} <= WITHOUT_ENGLISH
    assert not [english for _example, _body, english in chinese if CHINESE.search(english)]
    assert Standard.objects.get(code="GB 2626-2019").issuing_body_en == (
        "State Administration for Market Regulation; Standardization Administration of China")


def test_every_batch_reads_in_english(seeded):
    batches = set(Translation.objects.values_list("batch", flat=True))
    assert batches
    with translation.override("en"):
        labels = {batch_label(batch) for batch in batches}
    assert all(re.fullmatch(r"20\d\d batch \d+", label) for label in labels), labels
