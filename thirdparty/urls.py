from django.urls import path

from . import views

app_name = "thirdparty"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("register/done/", views.register_done, name="register_done"),
    path("", views.my_institution, name="my_institution"),
    path("contacts/", views.edit_contacts, name="edit_contacts"),
    path("certificates/", views.edit_certificates, name="edit_certificates"),
    path("services/", views.edit_services, name="edit_services"),
    path("reapply/", views.reapply, name="reapply"),
    path("regions/children/", views.region_children_options, name="region_children"),
    path("categories/options/", views.category_options, name="category_options"),
    path("options/", views.institution_options, name="institution_options"),
]
