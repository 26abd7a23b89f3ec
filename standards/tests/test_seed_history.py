"""The demo seed (``seed_demo``) writes comparisons and translations in their states with their
first event, so no history panel is empty; loading it again keeps what the office decided since.

One small seed is written for the module inside a transaction rolled back at the end."""

import pytest
from django.core.management import call_command
from django.db.models import Count

from accounts.models import User
from standards import seed_data, services
from standards.models import Comparison, ComparisonStatus, Translation, TranslationStatus
from tests.helpers import demo_seeded

SCALE, SEED = 0.003, 11


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with demo_seeded(django_db_blocker, scale=SCALE, seed=SEED):
        yield


pytestmark = pytest.mark.django_db


def first_events_match(queryset) -> None:
    for obj in queryset.annotate(n=Count("events")).prefetch_related("events"):
        events = list(obj.events.all())
        assert obj.n == 1, obj
        assert (events[0].from_status, events[0].to_status) == ("", obj.status), obj
        assert events[0].actor_name and events[0].created_at is not None, obj


def test_every_seeded_comparison_is_published_with_a_date_and_its_first_event(seeded):
    comparisons = Comparison.objects.all()
    assert comparisons.count() == len(seed_data.ALL_COMPARISONS)
    assert not comparisons.exclude(status=ComparisonStatus.PUBLISHED).exists()
    assert not comparisons.filter(published_on=None).exists()
    first_events_match(comparisons)


def test_every_seeded_translation_has_its_first_event_dated_from_the_seed(seeded):
    translations = Translation.objects.all()
    assert translations.filter(status=TranslationStatus.PUBLISHED).exists()
    assert not translations.filter(status=TranslationStatus.PUBLISHED, published_on=None).exists()
    first_events_match(translations)
    for translation in translations.filter(status=TranslationStatus.PUBLISHED).prefetch_related("events")[:20]:
        assert translation.events.all()[0].created_at.year == translation.published_on.year


def test_seeding_again_keeps_a_withdrawn_comparison_withdrawn(seeded):
    office = User.objects.get(username="office")
    comparison = Comparison.objects.order_by("pk").first()
    services.comparison_withdraw(actor=office, comparison=comparison, reason="依据的标准已修订")
    call_command("seed_demo", scale=SCALE, seed=SEED, password="demo-test-password-1", flush=True, verbosity=0)
    comparison.refresh_from_db()
    assert comparison.status == ComparisonStatus.WITHDRAWN
    assert [e.to_status for e in comparison.events.all()] == [ComparisonStatus.PUBLISHED, ComparisonStatus.WITHDRAWN]
    first_events_match(Translation.objects.all())  # the flushed ones went with their events
