"""The admin site of the campaign: Django's, with each office's dashboard on its index page.

Installed in place of ``django.contrib.admin`` (settings.INSTALLED_APPS names
``CampaignAdminConfig``), so ``admin.site`` and every ``@admin.register`` use this site.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class CampaignAdminSite(admin.AdminSite):
    index_template = "admin/index.html"  # templates/admin/index.html: the stock index + dashboard

    def index(self, request, extra_context=None):
        from .dashboards import dashboard_for  # reads models: import once the registry is ready

        return super().index(request, {**(extra_context or {}), "dashboard": dashboard_for(request.user)})


class CampaignAdminConfig(AdminConfig):
    default_site = "benchmarking.admin_site.CampaignAdminSite"
