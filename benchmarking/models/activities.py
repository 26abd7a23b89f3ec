from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .geo import Region


class ActivityKind(models.TextChoices):
    MEETING = "meeting", _("动员会议")
    TRAINING = "training", _("线上培训")
    ARTICLE = "article", _("宣传文章")
    LECTURE = "lecture", _("专题讲座")


class Activity(models.Model):
    kind = models.CharField(_("类型"), max_length=10, choices=ActivityKind.choices, db_index=True)
    title_zh = models.CharField(_("标题"), max_length=200)
    title_en = models.CharField(_("英文标题"), max_length=200, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("地区"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="activities",
    )
    held_on = models.DateField(_("日期"), db_index=True)
    attendances = models.PositiveIntegerField(_("参加人次"), default=0)
    summary = models.TextField(_("摘要"), blank=True)
    url = models.URLField(_("链接"), blank=True)

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = pgettext_lazy("plural", "活动")
        ordering = ["-held_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="article") | Q(attendances=0), name="activity_article_no_attendance"
            ),
        ]

    def __str__(self) -> str:
        return self.title_zh
