from django.urls import path

from . import views

app_name = "companies"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("register/done/", views.register_done, name="register_done"),
    path("confirm/<str:uidb64>/<str:token>/", views.confirm, name="confirm"),
    path("confirm/resend/", views.resend_confirmation, name="resend_confirmation"),
    path("regions/options/", views.region_options, name="region_options"),
    path("register/uscc-check/", views.uscc_check, name="uscc_check"),
    path("profile/", views.profile, name="profile"),
]
