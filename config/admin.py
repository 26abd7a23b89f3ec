"""The platform's own models in the admin, with the campaign's rules: import jobs (the campaign
office sees every job, a city office its own city's and uploads for it), the audit trail of edits
and worker heartbeats.
Registered when the admin app is ready (``admin_site.CampaignAdminConfig``)."""

from django.contrib import admin

from accounts.admin_base import OfficeAdminMixin
from accounts.rules import is_campaign_office, is_city_office
from core.admin_base import BigTableAdmin
from core.imports.admin import ImportJobAdmin
from core.models import AuditEvent, Heartbeat, ImportJob


class CampaignImportJobAdmin(ImportJobAdmin):
    view_rule = is_campaign_office | is_city_office
    add_rule = is_campaign_office | is_city_office
    sees_every_job_rule = is_campaign_office


class AuditEventAdmin(OfficeAdminMixin, BigTableAdmin):
    """The audit trail of edits, for the campaign office to read; nobody changes it."""

    list_display = ("created_at", "actor_name", "action", "target_type", "target_id", "target_repr")
    list_filter = ("action", "target_type")
    search_fields = ("=target_id", "target_repr", "actor_name")
    readonly_fields = ("created_at", "actor", "actor_name", "action", "target_type", "target_id", "target_repr",
                       "changes")
    date_hierarchy = "created_at"
    add_rule = None
    change_rule = None
    delete_rule = None


class HeartbeatAdmin(OfficeAdminMixin, admin.ModelAdmin):
    list_display = ("source", "token", "created_at")
    readonly_fields = ("source", "token", "created_at")
    add_rule = None
    change_rule = None


def register(site: admin.AdminSite) -> None:
    site.register(ImportJob, CampaignImportJobAdmin)
    site.register(Heartbeat, HeartbeatAdmin)
    site.register(AuditEvent, AuditEventAdmin)
