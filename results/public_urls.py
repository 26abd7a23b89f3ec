from django.urls import path

from . import public_views

app_name = "public_results"

urlpatterns = [
    path("", public_views.result_list, name="list"),
    path("<int:pk>/", public_views.result_detail, name="detail"),
]
