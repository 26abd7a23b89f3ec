from django.urls import path

from . import public_views

app_name = "public_institutions"

urlpatterns = [
    path("", public_views.institution_list, name="list"),
    path("<int:pk>/", public_views.institution_detail, name="detail"),
]
