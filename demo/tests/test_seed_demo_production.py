"""seed_demo in production: refused unless forced; a forced run wants a strong password of its own
(never the published demo password) and creates no superuser."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import User
from companies.models import Enterprise
from demo.builders.users import ensure_staff

pytestmark = pytest.mark.django_db

STRONG = "Qv7-seed-demo-Passw0rd"


@pytest.fixture
def production(settings):
    settings.PRODUCTION = True
    settings.DEMO_PASSWORD = ""  # production has no default
    return settings


def seed(**options):
    call_command("load_reference", verbosity=0)
    call_command("seed_demo", scale=0.003, seed=7, verbosity=0, **options)


def test_production_refuses_to_seed_without_force(production):
    with pytest.raises(CommandError, match="--force"):
        seed(password=STRONG)
    assert not Enterprise.objects.exists()


def test_production_never_flushes_even_when_forced(production):
    office = User.objects.create_user(username="office", password=STRONG)  # a real account there
    with pytest.raises(CommandError, match="--flush"):
        seed(force=True, password=STRONG, flush=True)
    assert User.objects.filter(pk=office.pk).exists()


def test_a_forced_run_in_production_needs_a_password_of_its_own(production):
    with pytest.raises(CommandError, match="DEMO_PASSWORD"):
        seed(force=True)
    with pytest.raises(CommandError, match="公开的演示密码"):
        seed(force=True, password="demo-2026")
    with pytest.raises(CommandError, match="不符合要求"):
        seed(force=True, password="12345678")
    production.DEMO_PASSWORD = "demo-2026"
    with pytest.raises(CommandError, match="公开的演示密码"):
        seed(force=True)
    assert not Enterprise.objects.exists()


def test_a_forced_run_in_production_creates_no_superuser_and_uses_the_given_password(production):
    seed(force=True, password=STRONG)
    assert Enterprise.objects.exists()
    assert not User.objects.filter(is_superuser=True).exists()
    assert not User.objects.filter(username="admin").exists()
    office = User.objects.get(username="office")
    assert office.check_password(STRONG) and not office.check_password("demo-2026")


def test_the_demo_password_comes_from_the_environment_when_not_given(production):
    production.DEMO_PASSWORD = STRONG
    seed(force=True)
    assert User.objects.get(username="enterprise").check_password(STRONG)


def test_outside_production_the_demo_keeps_its_superuser(settings):
    settings.PRODUCTION = False
    admin, office = ensure_staff("demo-2026")
    assert admin.is_superuser and admin.username == "admin" and not office.is_superuser
