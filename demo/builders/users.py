"""The demo logins and the staff groups that give the offices their model permissions."""

from __future__ import annotations

import datetime as dt
import functools

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission

from accounts.models import Role, User

from .context import SHANGHAI
from .writer import OUR_APPS

OFFICE_GROUP = "百千万行动办公室"
CITY_GROUP = "试点城市办公室"
DEMO_USERNAMES = ("admin", "office", "city", "enterprise", "institution")
# What a city office reviews (view + change) and what it only reads (view).
CITY_REVIEWS = ("technicalplan", "planversion", "benchmarkresult", "enterprise")
CITY_READS = ("planstandard", "planindicator", "planrequirement", "planevent", "testreport",
              "resultevent", "region", "industry", "productcategory", "standard", "indicator", "requirement")
JOINED = dt.datetime(2021, 3, 1, 9, 0, tzinfo=SHANGHAI)


def ensure_groups() -> tuple[Group, Group]:
    office, _ = Group.objects.get_or_create(name=OFFICE_GROUP)
    office.permissions.set(Permission.objects.filter(content_type__app_label__in=OUR_APPS))
    city, _ = Group.objects.get_or_create(name=CITY_GROUP)
    codenames = [f"{action}_{model}" for model in CITY_REVIEWS for action in ("view", "change")]
    codenames += [f"view_{model}" for model in CITY_READS]
    city.permissions.set(Permission.objects.filter(content_type__app_label__in=OUR_APPS, codename__in=codenames))
    return office, city


@functools.lru_cache(maxsize=8)
def _hashed(password: str) -> str:
    # One PBKDF2 run (~0.3 s) for all five logins: they share a documented demo password anyway.
    return make_password(password)


def ensure_user(username: str, password: str, *, groups=(), **fields) -> User:
    """Create or update a demo login; its password is (re)set every time."""
    defaults = {
        "role": "", "region": None, "enterprise": None, "institution": None, "is_staff": False,
        "is_superuser": False, "is_active": True, "email": f"{username}@demo.example.cn", "date_joined": JOINED,
        **fields,
    }
    user, _created = User.objects.update_or_create(username=username, defaults={**defaults,
                                                                               "password": _hashed(password)})
    user.groups.set(groups)
    return user


def ensure_staff(password: str) -> tuple[User | None, User]:
    """The campaign office's login, and a superuser ``admin`` outside production: a demo seeded
    into a production database gets no account above the campaign's roles."""
    office_group, _city_group = ensure_groups()
    admin = None
    if not settings.PRODUCTION:
        admin = ensure_user("admin", password, is_staff=True, is_superuser=True, first_name="系统管理员")
    office = ensure_user("office", password, groups=[office_group], role=Role.OFFICE, is_staff=True,
                         first_name="百千万行动办公室")
    return admin, office


def ensure_city(password: str, city_code: str, city_name: str) -> User:
    _office_group, city_group = ensure_groups()
    return ensure_user("city", password, groups=[city_group], role=Role.CITY, region_id=city_code, is_staff=True,
                       first_name=f"{city_name}试点城市办公室")


def ensure_parties(password: str, enterprise_id: int, enterprise_name: str, institution_id: int,
                   institution_name: str) -> tuple[User, User]:
    enterprise = ensure_user("enterprise", password, role=Role.ENTERPRISE, enterprise_id=enterprise_id,
                             first_name=enterprise_name[:150])
    institution = ensure_user("institution", password, role=Role.INSTITUTION, institution_id=institution_id,
                              first_name=institution_name[:150])
    return enterprise, institution
