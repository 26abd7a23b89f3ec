"""Public pages of the standards library, mounted by the root URLconf."""

from django.urls import path

from . import public_views

standard_patterns = [
    path("", public_views.standard_list, name="list"),
    path("<int:pk>/", public_views.standard_detail, name="detail"),
    path("translations/", public_views.translation_list, name="translations"),
]

comparison_patterns = [
    path("", public_views.comparison_list, name="list"),
    path("<int:pk>/", public_views.comparison_detail, name="detail"),
]
