"""The admin site of the campaign: Django's, with each office's dashboard on its index page.

``config.apps.CampaignAdminConfig`` installs it in place of ``django.contrib.admin``, so
``admin.site`` and every ``@admin.register`` use this site.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import path

from accounts.rules import is_campaign_office, is_city_office
from results.stats_report import report_filename, report_xlsx

from .dashboards import dashboard_for


class CampaignAdminSite(admin.AdminSite):
    index_template = "admin/index.html"  # templates/admin/index.html: the stock index + dashboard

    def index(self, request, extra_context=None):
        return super().index(request, {**(extra_context or {}), "dashboard": dashboard_for(request.user)})

    def get_urls(self):
        return [
            path("stats-report.xlsx", self.admin_view(self.stats_report), name="stats_report"),
            *super().get_urls(),
        ]

    def stats_report(self, request):
        """The campaign office's report covers everything; a city office's only its city."""
        user = request.user
        if is_campaign_office(user):
            city = None
        elif is_city_office(user):
            city = user.region
        else:
            raise PermissionDenied
        response = HttpResponse(
            report_xlsx(city=city), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="{report_filename(city=city)}"'
        return response
