"""Public pages of the campaign domain, mounted by the root URLconf under their own prefixes (the
city page, which reads other domains too, is ``config.pages.city_detail``)."""

from django.urls import path

from . import public_views

region_patterns = [
    path("", public_views.region_list, name="list"),
    path("cities/", public_views.city_options, name="city_options"),
]

activity_patterns = [
    path("", public_views.activity_list, name="list"),
]
