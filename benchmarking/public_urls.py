"""Public pages of the campaign core, mounted by the root URLconf under their own prefixes."""

from django.urls import path, re_path

from . import public_views

plan_patterns = [
    path("", public_views.plan_list, name="list"),
    path("<int:pk>/", public_views.plan_detail, name="detail"),
]

region_patterns = [
    path("", public_views.region_list, name="list"),
    path("cities/", public_views.city_options, name="city_options"),
    re_path(r"^(?P<code>\d{6})/$", public_views.city_detail, name="city"),
]

activity_patterns = [
    path("", public_views.activity_list, name="list"),
]
