"""The words of the verdict, defined once: the models store these values, the admin, the pages,
the API and the error reports show these labels.

They are Django ``TextChoices`` (a ``str`` enum carrying a translatable label) so that a model
field takes ``choices=Level.choices`` directly; nothing here touches a model or the database, and
the labels are lazy, so the engine runs without Django's settings.
"""

from __future__ import annotations

from django.db.models.enums import TextChoices
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def label_of(choices: type[TextChoices], value: str | None) -> str:
    """The label of a stored value, or '' for a value the vocabulary does not know (an old row)."""
    return str(choices(value).label) if value in choices.values else ""


class Direction(TextChoices):
    """Which values of an indicator are better."""

    HIGHER_BETTER = "higher_better", _("越高越好")
    LOWER_BETTER = "lower_better", _("越低越好")
    RANGE = "range", _("区间")
    PASS_FAIL = "pass_fail", _("合格/不合格")

    @property
    def is_one_sided(self) -> bool:
        return self in (Direction.HIGHER_BETTER, Direction.LOWER_BETTER)


class Level(TextChoices):
    """The overall verdict of a result, in the campaign's words."""

    LEADING = "leading", _("领先")
    ATTAINED = "attained", _("达标")
    NOT_ATTAINED = "not_attained", _("未达标")
    # A benchmark or mandatory requirement has no comparable value (missing, or measured at
    # another test condition): nothing may be said yet, and such a result cannot be submitted.
    INCOMPLETE = "incomplete", _("未完成比对")

    @property
    def rank(self) -> int:
        """Higher is better: leading 2 > attained 1 > not attained 0 > incomplete -1."""
        return {"leading": 2, "attained": 1, "not_attained": 0, "incomplete": -1}[self.value]

    @classmethod
    def stated(cls) -> tuple[Level, ...]:
        """The levels a submitted or published result can carry."""
        return (cls.LEADING, cls.ATTAINED, cls.NOT_ATTAINED)


class Outcome(TextChoices):
    """One value against one requirement."""

    MEETS = "meets", _("满足")
    FAILS = "fails", _("不满足")
    INCOMPARABLE = "incomparable", _("未比对")  # test conditions differ, the unit does not convert, …
    MISSING = "missing", _("未填写")  # no value given


class Relation(TextChoices):
    """How strict one side is relative to the other: an enterprise value relative to a
    requirement's limit (a verdict cell), or standard A relative to standard B (a comparison item,
    where one side may have no counterpart at all)."""

    STRICTER = "stricter", pgettext_lazy("relation", "严于")
    EQUAL = "equal", pgettext_lazy("relation", "相当")
    LOOSER = "looser", pgettext_lazy("relation", "宽于")
    NO_COUNTERPART = "no_counterpart", pgettext_lazy("relation", "无对应")


class GapKind(TextChoices):
    """Why a cell does not meet its requirement (``verdict.text.describe`` says it in words)."""

    BELOW_MINIMUM = "below_minimum", _("低于下限")
    ABOVE_MAXIMUM = "above_maximum", _("高于上限")
    FAILED_TEST = "failed_test", _("检验不合格")  # a pass/fail indicator that did not pass
    MISSING_VALUE = "missing_value", _("未填写数值")
    CONDITION_MISMATCH = "condition_mismatch", _("测试条件不一致")
    AMBIGUOUS_MEASUREMENTS = "ambiguous_measurements", _("数值不唯一")  # several values, none clearly the one
    UNKNOWN_UNIT = "unknown_unit", _("单位无法识别")
    INCOMPATIBLE_UNITS = "incompatible_units", _("单位无法换算")
    INVALID_VALUE = "invalid_value", _("数值无效")  # NaN, ∞, a number for pass/fail, or True for a number
