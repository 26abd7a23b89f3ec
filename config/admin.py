"""The platform's own models in the admin, with the campaign's rules: import jobs (the campaign
office sees every job, a city office its own city's and uploads for it) and worker heartbeats.
Registered when the admin app is ready (``admin_site.CampaignAdminConfig``)."""

from django.contrib import admin

from accounts.admin_base import OfficeAdminMixin
from accounts.rules import is_campaign_office, is_city_office
from core.imports.admin import ImportJobAdmin
from core.models import Heartbeat, ImportJob


class CampaignImportJobAdmin(ImportJobAdmin):
    view_rule = is_campaign_office | is_city_office
    add_rule = is_campaign_office | is_city_office
    sees_every_job_rule = is_campaign_office


class HeartbeatAdmin(OfficeAdminMixin, admin.ModelAdmin):
    list_display = ("source", "token", "created_at")
    readonly_fields = ("source", "token", "created_at")
    add_rule = None
    change_rule = None


def register(site: admin.AdminSite) -> None:
    site.register(ImportJob, CampaignImportJobAdmin)
    site.register(Heartbeat, HeartbeatAdmin)
