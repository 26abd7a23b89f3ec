"""The portal's values table as a test types into it, and the drafts those tests start from
(fixtures, in ``conftest``)."""

import pytest
from django.urls import reverse

from results import services
from tests.helpers import attach_report


@pytest.fixture
def draft_a(enterprise_user_a, respirator_plan_with_flame):
    return services.result_create(
        actor=enterprise_user_a, enterprise=enterprise_user_a.enterprise, plan_version=respirator_plan_with_flame,
        product_name="KN95 口罩", brand="甲牌", model="A-1",
    )


@pytest.fixture
def draft_a_with_report(enterprise_user_a, draft_a):
    attach_report(enterprise_user_a, draft_a)
    return draft_a


def rows_by_key(response):
    """{(indicator key, condition): row prefix} from the rendered values form."""
    return {
        (item["row"].plan_indicator.indicator.key, item["row"].condition): item["row"].prefix()
        for item in response.context["values_form"].table()
    }


def typed(prefixes, filtration=96.0, resistance_85=200.0, resistance_95_mbar=2.0, passed="true", **extra):
    data = {
        f"{prefixes['filtration', '85 L/min']}_tested": str(filtration),
        f"{prefixes['filtration', '95 L/min']}_tested": str(filtration),
        f"{prefixes['inhalation', '85 L/min']}_tested": str(resistance_85),
        f"{prefixes['inhalation', '95 L/min']}_tested": str(resistance_95_mbar),
        f"{prefixes['flame', '']}_passed": passed,
    }
    for (key, condition), prefix in prefixes.items():
        data.setdefault(f"{prefix}_condition", condition)
        data.setdefault(f"{prefix}_unit", {"filtration": "%", "flame": ""}.get(key, "Pa"))
    data[f"{prefixes['inhalation', '95 L/min']}_unit"] = "mbar"
    data.update(extra)
    return data


@pytest.fixture
def prefixes(client_for, enterprise_user_a, draft_a):
    return rows_by_key(client_for(enterprise_user_a).get(reverse("results:result_detail", args=[draft_a.pk])))


