from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.my_plans, name="my_plans"),
    path("new/", views.plan_create, name="plan_create"),
    path("new/categories/", views.category_options_view, name="category_options"),
    path("adopt/", views.plan_adopt, name="plan_adopt"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/new-version/", views.plan_new_version, name="plan_new_version"),
    path("versions/<int:pk>/", views.version_detail, name="version_detail"),
    path("versions/<int:pk>/edit/", views.version_edit, name="version_edit"),
    path("versions/<int:pk>/edit/standards/", views.version_standard_search, name="standard_search"),
    path("versions/<int:pk>/edit/indicators/", views.version_indicator_search, name="indicator_search"),
    path("versions/<int:pk>/submit/", views.plan_submit, name="plan_submit"),
]
