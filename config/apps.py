"""The admin app of the platform: Django's, with the campaign's admin site and the platform's own
models registered with the campaign's rules. (The admin site's module reads models, so it is
named here as a string and imported once the app registry is ready.)"""

from django.contrib.admin.apps import AdminConfig


class CampaignAdminConfig(AdminConfig):
    default_site = "config.admin_site.CampaignAdminSite"

    def ready(self) -> None:
        super().ready()  # autodiscovers every app's admin.py
        from django.contrib import admin

        from . import admin as platform_admin  # reads models: import once the registry is ready
        from . import downloads as platform_downloads

        platform_admin.register(admin.site)
        platform_downloads.register()
