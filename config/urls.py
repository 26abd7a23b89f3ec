"""The composition root: every app's pages, the admin and the API hang from here."""

from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from benchmarking import public_urls
from core import downloads, export_views
from plans import public_views as plan_public_views
from standards import public_urls as standard_public_urls

from . import pages, views
from .throttling import DocumentationThrottle

# The schema and its page answer under their own allowance ("docs"), not the data endpoints'.
DOCS_THROTTLES = {"throttle_classes": [DocumentationThrottle]}

admin.site.site_header = _("对标达标工作平台")
admin.site.site_title = _("对标达标工作平台")
admin.site.index_title = _("管理后台")

handler400 = "config.views.bad_request"
handler404 = "config.views.page_not_found"

urlpatterns = [
    path("", pages.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("accounts/", include("accounts.urls")),
    path("results/", include("results.public_urls")),
    path("technical-plans/", include(([
        path("", plan_public_views.plan_list, name="list"),
        path("<int:pk>/", pages.plan_detail, name="detail"),
    ], "public_plans"))),
    path("standards/", include((standard_public_urls.standard_patterns, "public_standards"))),
    path("comparisons/", include((standard_public_urls.comparison_patterns, "public_comparisons"))),
    path("institutions/", include("thirdparty.public_urls")),
    path("regions/", include(([
        *public_urls.region_patterns,
        re_path(r"^(?P<code>\d{6})/$", pages.city_detail, name="city"),
    ], "public_regions"))),
    path("activities/", include((public_urls.activity_patterns, "public_activities"))),
    path("enterprise/", include("companies.urls")),
    path("enterprise/results/", include("results.urls")),
    path("plans/", include("plans.urls")),
    path("institution/", include("thirdparty.urls")),
    path("i18n/switch/", views.switch_language, name="switch_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("files/<str:model>/<int:pk>/<slug:field>/", downloads.download, name="download"),
    path("exports/<str:token>/", export_views.export_job, name="export_job"),
    path("exports/<str:token>/file/", export_views.export_job_file, name="export_job_file"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(("config.api_urls", "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(**DOCS_THROTTLES), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema", **DOCS_THROTTLES), name="api-docs"),
]
# No route serves MEDIA_ROOT, in any mode: every stored file leaves through the download view,
# which asks the file's rule who may read it (core.downloads).
