from django.urls import path

from . import import_views, notice_views, views

app_name = "results"

urlpatterns = [
    path("", views.my_results, name="my_results"),
    path("new/", views.result_create, name="result_create"),
    path("new/plans/", views.plan_choices_view, name="plan_choices"),
    path("institutions/", views.institution_options, name="institution_options"),
    path("<int:pk>/", views.result_detail, name="result_detail"),
    path("<int:pk>/edit/", views.result_edit, name="result_edit"),
    path("<int:pk>/values/", views.result_save, name="result_save"),
    path("<int:pk>/verdict/", views.verdict_preview, name="verdict_preview"),
    path("<int:pk>/reports/", views.result_add_report, name="result_add_report"),
    path("<int:pk>/reports/<int:report_pk>/remove/", views.result_remove_report, name="result_remove_report"),
    path("<int:pk>/submit/", views.result_submit, name="result_submit"),
    path("<int:pk>/withdraw/", views.result_withdraw, name="result_withdraw"),
    path("<int:pk>/improvement/", views.result_improvement, name="result_improvement"),
    path("<int:pk>/rebenchmark/", notice_views.result_rebenchmark, name="result_rebenchmark"),
    # 标准变更通知: for enterprises and institutions alike.
    path("standard-notices/", notice_views.standard_notices, name="standard_notices"),
    path("standard-notices/<int:pk>/", notice_views.standard_notice, name="standard_notice"),
    # 批量导入: the plan's Excel template, the upload, the job with its live progress.
    path("imports/", import_views.result_imports, name="result_imports"),
    path("imports/template/", import_views.result_import_template, name="result_import_template"),
    path("imports/<int:pk>/", import_views.result_import, name="result_import"),
    path("imports/<int:pk>/progress/", import_views.result_import_progress, name="result_import_progress"),
]
