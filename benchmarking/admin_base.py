"""Admin building blocks shared by every app's admin."""

from django.contrib import admin
from django.core.paginator import Paginator
from django.db import connection
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .models import Region, RegionLevel


class EstimatedCountPaginator(Paginator):
    """Pages the big tables without counting them.

    Django's changelist counts the whole filtered queryset on every page. On an unfiltered
    PostgreSQL table the planner's row estimate (pg_class.reltuples, kept current by autovacuum)
    is good enough for a page count and costs nothing; filtered lists are small and counted.
    """

    @cached_property
    def count(self) -> int:
        query = self.object_list.query
        if connection.vendor == "postgresql" and not query.where and not query.distinct:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                    [self.object_list.model._meta.db_table],
                )
                row = cursor.fetchone()
            if row and row[0] > 10_000:
                return int(row[0])
        return super().count


class BigTableAdmin(admin.ModelAdmin):
    """For tables that grow with the campaign: no full counts, no N+1."""

    paginator = EstimatedCountPaginator
    show_full_result_count = False
    list_per_page = 50


class ProvinceListFilter(admin.SimpleListFilter):
    """Filter by the denormalised ``province`` field; choices are the 34 provincial units."""

    title = _("省份")
    parameter_name = "province"
    field = "province"

    def lookups(self, request, model_admin):
        return [
            (region.code, region.name)
            for region in Region.objects.filter(level=RegionLevel.PROVINCE).only("code", "name")
        ]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{f"{self.field}_id": self.value()})
        return queryset


class EventInline(admin.TabularInline):
    """Transition events: shown on the object, never added, edited or deleted by anyone."""

    extra = 0
    can_delete = False
    fields = ("created_at", "actor_name", "from_status", "to_status", "reason")
    readonly_fields = fields
    ordering = ("created_at", "id")
    verbose_name_plural = _("流转记录")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
